//! The sign-off of a submitted inspection (签字确认): given once per role, after the submit or
//! with it ([`Store::submit_signed`]); read back with its strokes checked.

use chrono::Utc;

use crate::domain::{SignerRole, Status, Strokes, signer_name};
use crate::store::{Result, SignOffProblem, Store, StoreError, optional};

use super::{NewSignOff, SignOff};

/// The sign-off of an inspection by `role`, if given. Its strokes are read through
/// [`Strokes::parse`]: a stored text that is not a signature is an error, not a blank.
pub(crate) fn read_sign_off(
    conn: &rusqlite::Connection,
    inspection_id: i64,
    role: SignerRole,
) -> Result<Option<SignOff>> {
    let row: Option<(String, String, String, i32)> = optional(
        conn.prepare_cached(
            "SELECT name, strokes, signed_at, utc_offset_min FROM sign_offs
             WHERE inspection_id = ?1 AND role = ?2",
        )?
        .query_row((inspection_id, role.code()), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        }),
    )?;
    let Some((name, strokes, signed_at, utc_offset_min)) = row else {
        return Ok(None);
    };
    let strokes = Strokes::parse(&strokes).map_err(|e| {
        StoreError::Invalid(format!(
            "the stored signature of inspection {} is damaged: {e}",
            inspection_uuid(conn, inspection_id).unwrap_or_else(|_| inspection_id.to_string())
        ))
    })?;
    Ok(Some(SignOff {
        role,
        name,
        strokes,
        signed_at,
        utc_offset_min,
    }))
}

fn inspection_uuid(conn: &rusqlite::Connection, id: i64) -> rusqlite::Result<String> {
    conn.query_row("SELECT uuid FROM inspections WHERE id = ?1", [id], |r| {
        r.get(0)
    })
}

/// Writes a checked sign-off row.
fn insert_sign_off(
    conn: &rusqlite::Connection,
    inspection_id: i64,
    sign_off: &SignOff,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO sign_offs (inspection_id, role, name, strokes, signed_at, utc_offset_min)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute((
        inspection_id,
        sign_off.role.code(),
        &sign_off.name,
        sign_off.strokes.to_string(),
        &sign_off.signed_at,
        sign_off.utc_offset_min,
    ))?;
    Ok(())
}

impl Store {
    /// Signs a submitted inspection off: the signer's name (required, trimmed) and what they
    /// drew. Refused for a draft ([`SignOffProblem::Draft`]) and for a second sign-off by the
    /// same role ([`SignOffProblem::AlreadySigned`]); the check and the write are one
    /// transaction.
    pub fn sign_off(&self, inspection_id: i64, sign_off: &NewSignOff<'_>) -> Result<SignOff> {
        self.named(|| {
            let tx = self.write_transaction()?;
            let header = self.inspection_header(inspection_id)?;
            if header.status == Status::Draft {
                return Err(StoreError::SignOff {
                    uuid: header.uuid,
                    problem: SignOffProblem::Draft,
                });
            }
            let stored = self.sign_in(inspection_id, &header.uuid, sign_off)?;
            crate::store::chain::seal_sign_off(&tx, inspection_id)?;
            tx.commit()?;
            Ok(stored)
        })
    }

    /// The sign-off of an inspection by `role`, if given.
    pub fn sign_off_of(&self, inspection_id: i64, role: SignerRole) -> Result<Option<SignOff>> {
        self.named(|| {
            self.inspection_header(inspection_id)?;
            read_sign_off(&self.conn, inspection_id, role)
        })
    }

    /// The write of a sign-off, inside the caller's write transaction, of an inspection known
    /// to be submitted (or being submitted in the same transaction).
    pub(super) fn sign_in(
        &self,
        inspection_id: i64,
        uuid: &str,
        sign_off: &NewSignOff<'_>,
    ) -> Result<SignOff> {
        let name = signer_name(sign_off.name).map_err(|e| StoreError::Invalid(e.to_string()))?;
        if let Some(earlier) = read_sign_off(&self.conn, inspection_id, sign_off.role)? {
            return Err(StoreError::SignOff {
                uuid: uuid.to_owned(),
                problem: SignOffProblem::AlreadySigned { name: earlier.name },
            });
        }
        let stored = SignOff {
            role: sign_off.role,
            name: name.to_owned(),
            strokes: sign_off.strokes.clone(),
            signed_at: sign_off
                .signed_at
                .with_timezone(&Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            utc_offset_min: sign_off.signed_at.offset().local_minus_utc() / 60,
        };
        insert_sign_off(&self.conn, inspection_id, &stored)?;
        self.conn.execute(
            "INSERT INTO audit_log (at, action, entity, entity_uuid, detail) VALUES (?1, 'sign_off', 'inspection', ?2, ?3)",
            (
                crate::store::now_utc(),
                uuid,
                format!(
                    "{} {}{}",
                    stored.role.code(),
                    stored.name,
                    if stored.strokes.is_empty() {
                        ""
                    } else {
                        " (drawn)"
                    }
                ),
            ),
        )?;
        Ok(stored)
    }
}
