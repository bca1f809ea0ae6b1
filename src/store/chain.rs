//! Tamper evidence: every submitted inspection and every amendment gets a content hash, chained
//! to the record before it in this database (`chain`, in the order they were sealed).
//! [`Store::verify`] recomputes the chain and each record's hash and names, by UUID, every
//! record changed, added or removed behind the program's back — a score edited with sqlite3,
//! an answer rewritten, an amendment deleted.
//!
//! What a hash covers: an inspection's whole record as a JSON export carries it (its hall,
//! inspector, day, answers, people named, notes, photos' SHA-256, area scores and totals, by
//! UUID and snapshot hash, so it reads the same in any database), without the photos' bytes
//! and the rectifications, which change on their own; an amendment's who, when, why, its
//! changes and scores. An entry of an amendment also holds its inspection's hash after it,
//! so the inspection's current content is checked against its latest entry.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::domain::Amendment;
use crate::store::exchange::InspectionRecord;
use crate::store::inspections::read_amendments;
use crate::store::{Result, Store, StoreError};

/// The kind of a sealed record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sealed {
    /// A submitted inspection.
    Inspection,
    /// An amendment.
    Amendment,
    /// A sign-off given after submit (its entry names the inspection).
    SignOff,
}

impl Sealed {
    fn code(self) -> &'static str {
        match self {
            Sealed::Inspection => "inspection",
            Sealed::Amendment => "amendment",
            Sealed::SignOff => "sign_off",
        }
    }

    fn from_code(code: &str) -> Option<Sealed> {
        match code {
            "inspection" => Some(Sealed::Inspection),
            "amendment" => Some(Sealed::Amendment),
            "sign_off" => Some(Sealed::SignOff),
            _ => None,
        }
    }
}

/// What [`Store::verify`] found wrong with one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// Its content no longer matches its hash.
    Changed {
        /// Which kind of record.
        kind: Sealed,
        /// Its UUID.
        uuid: String,
    },
    /// A submitted record with no entry in the chain: added behind the program's back.
    Unsealed {
        /// Which kind of record.
        kind: Sealed,
        /// Its UUID.
        uuid: String,
    },
    /// An entry of the chain whose record is gone.
    Missing {
        /// Which kind of record.
        kind: Sealed,
        /// Its UUID.
        uuid: String,
    },
    /// The chain itself was altered at this entry (edited, removed or reordered).
    Broken {
        /// The entry's place in the chain.
        seq: i64,
        /// The UUID the entry names.
        uuid: String,
    },
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Finding::Changed { kind, uuid } => {
                write!(f, "{} {uuid}: changed outside HallCheck", kind.code())
            }
            Finding::Unsealed { kind, uuid } => {
                write!(
                    f,
                    "{} {uuid}: added outside HallCheck (not in the chain)",
                    kind.code()
                )
            }
            Finding::Missing { kind, uuid } => {
                write!(f, "{} {uuid}: removed outside HallCheck", kind.code())
            }
            Finding::Broken { seq, uuid } => {
                write!(f, "chain entry {seq} ({uuid}): the chain was altered here")
            }
        }
    }
}

/// What [`Store::verify`] checked and found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verification {
    /// Entries of the chain checked.
    pub entries: u64,
    /// Submitted inspections checked.
    pub inspections: u64,
    /// Amendments checked.
    pub amendments: u64,
    /// Every record found changed, added or removed, in chain order, then the rest.
    pub findings: Vec<Finding>,
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The hash of an inspection's record (see the module notes).
pub fn inspection_hash(record: &InspectionRecord) -> String {
    let mut record = record.clone();
    record.seal = None;
    record.rectifications.clear();
    for photo in &mut record.attachments {
        photo.data.clear();
    }
    // Serialising plain strings and numbers cannot fail.
    sha256_hex(&serde_json::to_vec(&record).unwrap_or_default())
}

/// The hash of an amendment of the inspection `inspection_uuid`.
pub fn amendment_hash(inspection_uuid: &str, a: &Amendment) -> String {
    let form = serde_json::json!({
        "inspection": inspection_uuid,
        "uuid": a.uuid,
        "seq": a.seq,
        "at": a.at,
        "utc_offset_min": a.utc_offset_min,
        "by": a.by,
        "reason": a.reason,
        "changes": a.changes,
        "score": [a.score.0, a.score.1],
        "rating": [a.rating.0.code(), a.rating.1.code()],
    });
    sha256_hex(form.to_string().as_bytes())
}

/// The content hash an inspection was last sealed with (by its submit, a sign-off or an
/// amendment), if it was.
pub(crate) fn sealed_state(conn: &Connection, id: i64, uuid: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT state_hash FROM chain
             WHERE uuid = ?1 OR uuid IN (SELECT uuid FROM amendments WHERE inspection_id = ?2)
             ORDER BY seq DESC LIMIT 1",
        )?
        .query_row((uuid, id), |r| r.get(0))
        .optional()?)
}

/// The link of an entry: its fields chained to the entry before.
fn link_hash(prev: &str, kind: Sealed, uuid: &str, content: &str, state: &str) -> String {
    sha256_hex(format!("{prev}\n{}\n{uuid}\n{content}\n{state}", kind.code()).as_bytes())
}

/// Appends an entry to the chain: `content` is the record's hash, `state` its inspection's
/// hash after it (for an amendment; an inspection's state is its content).
pub(crate) fn append(
    conn: &Connection,
    kind: Sealed,
    uuid: &str,
    content: &str,
    state: &str,
) -> rusqlite::Result<()> {
    let prev: String = conn
        .prepare_cached("SELECT hash FROM chain ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or_default();
    let hash = link_hash(&prev, kind, uuid, content, state);
    conn.prepare_cached(
        "INSERT INTO chain (entity, uuid, content_hash, state_hash, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute((kind.code(), uuid, content, state, &prev, &hash))?;
    Ok(())
}

/// Seals a submitted inspection as it now stands in `conn`.
pub(crate) fn seal_inspection(conn: &Connection, id: i64) -> Result<()> {
    let record = super::exchange::read_inspection(conn, id)?;
    let hash = inspection_hash(&record);
    append(conn, Sealed::Inspection, &record.uuid, &hash, &hash)?;
    Ok(())
}

/// Seals a sign-off given to an inspection already sealed: the inspection as it stands after.
pub(crate) fn seal_sign_off(conn: &Connection, id: i64) -> Result<()> {
    let record = super::exchange::read_inspection(conn, id)?;
    let hash = inspection_hash(&record);
    append(conn, Sealed::SignOff, &record.uuid, &hash, &hash)?;
    Ok(())
}

/// Seals an amendment, with its inspection as it stands after it.
pub(crate) fn seal_amendment(conn: &Connection, id: i64, amendment: &Amendment) -> Result<()> {
    let record = super::exchange::read_inspection(conn, id)?;
    let content = amendment_hash(&record.uuid, amendment);
    append(
        conn,
        Sealed::Amendment,
        &amendment.uuid,
        &content,
        &inspection_hash(&record),
    )?;
    Ok(())
}

/// Seals every submitted inspection and amendment that has no entry in the chain yet, in the
/// order they were made: the records a database held before it had a chain, and those demo
/// data or an import adds in bulk. Returns how many it sealed.
pub(crate) fn seal_unsealed(conn: &Connection) -> Result<u64> {
    let inspections: Vec<i64> = conn
        .prepare(
            "SELECT id FROM inspections WHERE status = 'submitted'
               AND uuid NOT IN (SELECT uuid FROM chain WHERE entity = 'inspection')
             ORDER BY submitted_at, id",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut sealed = 0;
    for id in inspections {
        // An inspection amended before the chain existed is sealed as it now stands; its
        // amendments follow, each with that same state. One whose record does not read
        // whole (its rows already inconsistent) is left out, and `verify` names it.
        match seal_inspection(conn, id) {
            Ok(()) => sealed += 1,
            Err(StoreError::Sqlite {
                error: rusqlite::Error::FromSqlConversionFailure(..),
                ..
            }) => {}
            Err(e) => return Err(e),
        }
    }
    let amendments: Vec<(i64, String)> = conn
        .prepare(
            "SELECT inspection_id, uuid FROM amendments
             WHERE uuid NOT IN (SELECT uuid FROM chain WHERE entity = 'amendment')
             ORDER BY amended_at, id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (inspection, uuid) in amendments {
        if let Some(a) = read_amendments(conn, inspection)?
            .into_iter()
            .find(|a| a.uuid == uuid)
        {
            seal_amendment(conn, inspection, &a)?;
            sealed += 1;
        }
    }
    Ok(sealed)
}

impl Store {
    /// [`seal_unsealed`] in a transaction of its own. Returns how many it sealed.
    pub(crate) fn seal_unsealed(&self) -> Result<u64> {
        let tx = self.conn.unchecked_transaction()?;
        let sealed = seal_unsealed(&tx)?;
        tx.commit()?;
        Ok(sealed)
    }

    /// Recomputes the chain and every sealed record's hash; `progress` is told how many of
    /// the submitted inspections are checked so far, and of how many.
    pub fn verify(&self, progress: &mut dyn FnMut(u64, u64)) -> Result<Verification> {
        self.named(|| {
            let mut found = Verification::default();
            // The chain: each link from the one before.
            let mut expected_state: HashMap<String, String> = HashMap::new();
            let mut contents: HashMap<(Sealed, String), String> = HashMap::new();
            {
                let mut stmt = self.conn.prepare(
                    "SELECT seq, entity, uuid, content_hash, state_hash, prev_hash, hash
                     FROM chain ORDER BY seq",
                )?;
                let mut rows = stmt.query([])?;
                let mut prev = String::new();
                let mut amendment_of: HashMap<String, String> = HashMap::new();
                for (inspection, uuid) in self
                    .conn
                    .prepare("SELECT i.uuid, a.uuid FROM amendments a JOIN inspections i ON i.id = a.inspection_id")?
                    .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()?
                {
                    amendment_of.insert(uuid, inspection);
                }
                while let Some(r) = rows.next()? {
                    found.entries += 1;
                    let seq: i64 = r.get(0)?;
                    let entity: String = r.get(1)?;
                    let uuid: String = r.get(2)?;
                    let content: String = r.get(3)?;
                    let state: String = r.get(4)?;
                    let stored_prev: String = r.get(5)?;
                    let hash: String = r.get(6)?;
                    let Some(kind) = Sealed::from_code(&entity) else {
                        found.findings.push(Finding::Broken { seq, uuid });
                        continue;
                    };
                    if stored_prev != prev || link_hash(&prev, kind, &uuid, &content, &state) != hash
                    {
                        found.findings.push(Finding::Broken {
                            seq,
                            uuid: uuid.clone(),
                        });
                    }
                    prev = hash;
                    let subject = match kind {
                        Sealed::Inspection | Sealed::SignOff => Some(uuid.clone()),
                        Sealed::Amendment => amendment_of.get(&uuid).cloned(),
                    };
                    if let Some(subject) = subject {
                        expected_state.insert(subject, state);
                    }
                    contents.insert((kind, uuid), content);
                }
            }

            // Each submitted inspection against its latest entry.
            let ids: Vec<(i64, String)> = self
                .conn
                .prepare("SELECT id, uuid FROM inspections WHERE status = 'submitted' ORDER BY id")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let total = ids.len() as u64;
            for (n, (id, uuid)) in ids.iter().enumerate() {
                found.inspections += 1;
                if n % 500 == 0 {
                    progress(n as u64, total);
                }
                contents.remove(&(Sealed::Inspection, uuid.clone()));
                contents.remove(&(Sealed::SignOff, uuid.clone()));
                let Some(expected) = expected_state.get(uuid) else {
                    found.findings.push(Finding::Unsealed {
                        kind: Sealed::Inspection,
                        uuid: uuid.clone(),
                    });
                    continue;
                };
                let record = super::exchange::read_inspection(&self.conn, *id)?;
                if &inspection_hash(&record) != expected {
                    found.findings.push(Finding::Changed {
                        kind: Sealed::Inspection,
                        uuid: uuid.clone(),
                    });
                }
            }
            progress(total, total);

            // Each amendment against its entry.
            let amended: Vec<(i64, String)> = self
                .conn
                .prepare(
                    "SELECT DISTINCT a.inspection_id, i.uuid FROM amendments a
                     JOIN inspections i ON i.id = a.inspection_id",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (id, inspection_uuid) in amended {
                for a in read_amendments(&self.conn, id)? {
                    found.amendments += 1;
                    match contents.remove(&(Sealed::Amendment, a.uuid.clone())) {
                        None => found.findings.push(Finding::Unsealed {
                            kind: Sealed::Amendment,
                            uuid: a.uuid,
                        }),
                        Some(content) if content != amendment_hash(&inspection_uuid, &a) => {
                            found.findings.push(Finding::Changed {
                                kind: Sealed::Amendment,
                                uuid: a.uuid,
                            })
                        }
                        Some(_) => {}
                    }
                }
            }

            // Entries whose records are gone.
            let mut gone: Vec<(Sealed, String)> = contents.into_keys().collect();
            gone.sort_by(|a, b| a.1.cmp(&b.1));
            for (kind, uuid) in gone {
                found.findings.push(Finding::Missing { kind, uuid });
            }
            Ok(found)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_covers_every_field_and_the_one_before() {
        let base = link_hash("p", Sealed::Inspection, "u", "c", "s");
        assert_eq!(base.len(), 64);
        for other in [
            link_hash("q", Sealed::Inspection, "u", "c", "s"),
            link_hash("p", Sealed::Amendment, "u", "c", "s"),
            link_hash("p", Sealed::Inspection, "v", "c", "s"),
            link_hash("p", Sealed::Inspection, "u", "d", "s"),
            link_hash("p", Sealed::Inspection, "u", "c", "t"),
        ] {
            assert_ne!(base, other);
        }
    }
}
