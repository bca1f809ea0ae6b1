//! Tamper evidence: every submitted inspection, amendment, later sign-off and rectification
//! move gets a content hash, chained
//! to the record before it in this database (`chain`, in the order they were sealed).
//! [`Store::verify`] recomputes the chain and each record's hash and names, by UUID, every
//! record changed, added or removed behind the program's back — a score edited with sqlite3,
//! an answer rewritten, an amendment deleted.
//!
//! What a hash covers: an inspection's whole record as a JSON export carries it (its hall,
//! inspector, day, answers, people named, notes, photos' SHA-256, area scores and totals, by
//! UUID and snapshot hash, so it reads the same in any database), without the photos' bytes
//! and the rectifications, which change on their own, and without the inspector's UUID (an
//! import matches inspectors by name and may give another); an amendment's who, when, why, its
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
    /// A move of a rectification (opened, closed, accepted, returned, rescheduled,
    /// reassigned); its entry's state is the rectification after it.
    RectificationMove,
    /// A rectification withdrawn because an amendment took back its failed answer.
    Withdrawal,
}

impl Sealed {
    fn code(self) -> &'static str {
        match self {
            Sealed::Inspection => "inspection",
            Sealed::Amendment => "amendment",
            Sealed::SignOff => "sign_off",
            Sealed::RectificationMove => "rectification_move",
            Sealed::Withdrawal => "withdrawal",
        }
    }

    fn from_code(code: &str) -> Option<Sealed> {
        match code {
            "inspection" => Some(Sealed::Inspection),
            "amendment" => Some(Sealed::Amendment),
            "sign_off" => Some(Sealed::SignOff),
            "rectification_move" => Some(Sealed::RectificationMove),
            "withdrawal" => Some(Sealed::Withdrawal),
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
    /// Rectifications checked.
    pub rectifications: u64,
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
    // An import takes the inspector by name and may give it the importing PC's UUID; the
    // hash leaves it out, so a record hashes alike in every database it travels to.
    record.inspector_uuid.clear();
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
pub(crate) fn sealed_state(conn: &Connection, uuid: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT state_hash FROM chain WHERE subject = ?1 ORDER BY seq DESC LIMIT 1",
        )?
        .query_row([uuid], |r| r.get(0))
        .optional()?)
}

/// The link of an entry: its fields chained to the entry before.
fn link_hash(
    prev: &str,
    kind: Sealed,
    uuid: &str,
    subject: &str,
    content: &str,
    state: &str,
) -> String {
    sha256_hex(
        format!(
            "{prev}\n{}\n{uuid}\n{subject}\n{content}\n{state}",
            kind.code()
        )
        .as_bytes(),
    )
}

/// One entry to append: the record (`uuid`), what it belongs to (`subject`: the inspection,
/// or the rectification of a move), its own hash and its subject's hash after it.
struct Entry<'a> {
    kind: Sealed,
    uuid: &'a str,
    subject: &'a str,
    content: &'a str,
    state: &'a str,
}

/// Appends an entry to the chain.
fn append(conn: &Connection, e: &Entry<'_>) -> rusqlite::Result<()> {
    let prev: String = conn
        .prepare_cached("SELECT hash FROM chain ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or_default();
    let hash = link_hash(&prev, e.kind, e.uuid, e.subject, e.content, e.state);
    conn.prepare_cached(
        "INSERT INTO chain (entity, uuid, subject, content_hash, state_hash, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute((
        e.kind.code(),
        e.uuid,
        e.subject,
        e.content,
        e.state,
        &prev,
        &hash,
    ))?;
    Ok(())
}

/// Seals a submitted inspection as it now stands in `conn`.
pub(crate) fn seal_inspection(conn: &Connection, id: i64) -> Result<()> {
    let record = super::exchange::read_inspection_unloaded(conn, id)?;
    seal_inspection_as(conn, &record.uuid, &inspection_hash(&record))
}

/// Seals the submitted inspection `uuid` with its content hash `hash`.
fn seal_inspection_as(conn: &Connection, uuid: &str, hash: &str) -> Result<()> {
    append(
        conn,
        &Entry {
            kind: Sealed::Inspection,
            uuid,
            subject: uuid,
            content: hash,
            state: hash,
        },
    )?;
    Ok(())
}

/// Seals a sign-off given to an inspection already sealed: the inspection as it stands after.
pub(crate) fn seal_sign_off(conn: &Connection, id: i64) -> Result<()> {
    let record = super::exchange::read_inspection_unloaded(conn, id)?;
    let hash = inspection_hash(&record);
    append(
        conn,
        &Entry {
            kind: Sealed::SignOff,
            uuid: &record.uuid,
            subject: &record.uuid,
            content: &hash,
            state: &hash,
        },
    )?;
    Ok(())
}

/// Seals an amendment, with its inspection as it stands after it.
pub(crate) fn seal_amendment(conn: &Connection, id: i64, amendment: &Amendment) -> Result<()> {
    let record = super::exchange::read_inspection_unloaded(conn, id)?;
    append(
        conn,
        &Entry {
            kind: Sealed::Amendment,
            uuid: &amendment.uuid,
            subject: &record.uuid,
            content: &amendment_hash(&record.uuid, amendment),
            state: &inspection_hash(&record),
        },
    )?;
    Ok(())
}

/// The hash of a rectification's row as it stands: what it is about, its owner, deadline,
/// state and their instants.
fn rectification_hash(conn: &Connection, id: i64) -> rusqlite::Result<String> {
    let form: serde_json::Value = conn
        .prepare_cached(
            "SELECT x.uuid, i.uuid, t.hash, x.item_id, x.owner, x.due_on, x.status, x.created_at,
                    x.closed_at, x.closed_on, x.accepted_at, x.note, x.repeat_of
             FROM rectifications x JOIN inspections i ON i.id = x.inspection_id
             JOIN templates t ON t.id = x.template_row WHERE x.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(serde_json::json!([
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, Option<String>>(9)?,
                r.get::<_, Option<String>>(10)?,
                r.get::<_, String>(11)?,
                r.get::<_, Option<String>>(12)?,
            ]))
        })?;
    Ok(sha256_hex(form.to_string().as_bytes()))
}

/// The hash of one move of a rectification, its after-photos (by SHA-256) included; with the
/// move's and its rectification's UUIDs and the rectification's row id.
fn event_hash(conn: &Connection, event_id: i64) -> rusqlite::Result<(String, String, i64, String)> {
    let (uuid, subject, rectification, mut form): (String, String, i64, serde_json::Value) = conn
        .prepare_cached(
            "SELECT e.uuid, x.uuid, x.id, e.action, e.from_status, e.to_status, e.by_name, e.at,
                    e.utc_offset_min, e.note
             FROM rectification_events e JOIN rectifications x ON x.id = e.rectification_id
             WHERE e.id = ?1",
        )?
        .query_row([event_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                serde_json::json!({
                    "uuid": r.get::<_, String>(0)?,
                    "rectification": r.get::<_, String>(1)?,
                    "action": r.get::<_, String>(3)?,
                    "from": r.get::<_, Option<String>>(4)?,
                    "to": r.get::<_, String>(5)?,
                    "by": r.get::<_, String>(6)?,
                    "at": r.get::<_, String>(7)?,
                    "utc_offset_min": r.get::<_, i64>(8)?,
                    "note": r.get::<_, String>(9)?,
                }),
            ))
        })?;
    let photos: Vec<String> = conn
        .prepare_cached(
            "SELECT sha256 FROM attachments WHERE rectification_event_id = ?1 ORDER BY sha256",
        )?
        .query_map([event_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    form["photos"] = serde_json::json!(photos);
    Ok((
        uuid,
        subject,
        rectification,
        sha256_hex(form.to_string().as_bytes()),
    ))
}

/// Seals every move of a rectification not sealed yet, in the order made, each with its
/// rectification as it stands now.
pub(crate) fn seal_moves(conn: &Connection) -> Result<u64> {
    let events: Vec<i64> = conn
        .prepare(
            "SELECT id FROM rectification_events
             WHERE uuid NOT IN (SELECT uuid FROM chain WHERE entity = 'rectification_move')
             ORDER BY id",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for &event in &events {
        let (uuid, subject, rectification, content) = event_hash(conn, event)?;
        let state = rectification_hash(conn, rectification)?;
        append(
            conn,
            &Entry {
                kind: Sealed::RectificationMove,
                uuid: &uuid,
                subject: &subject,
                content: &content,
                state: &state,
            },
        )?;
    }
    Ok(events.len() as u64)
}

/// Seals the withdrawal of a rectification (its answer no longer fails after an
/// amendment): its moves leave the database with it, and the chain says so.
pub(crate) fn seal_withdrawal(
    conn: &Connection,
    rectification_uuid: &str,
    amendment_uuid: &str,
) -> Result<()> {
    let content =
        sha256_hex(format!("withdrawn\n{rectification_uuid}\n{amendment_uuid}").as_bytes());
    append(
        conn,
        &Entry {
            kind: Sealed::Withdrawal,
            uuid: rectification_uuid,
            subject: rectification_uuid,
            content: &content,
            state: "",
        },
    )?;
    Ok(())
}

/// Seals every submitted inspection, amendment and rectification move that has no entry in
/// the chain yet, in the order they were made: the records a database held before it had a
/// chain, and those demo data or an import adds in bulk. Returns how many it sealed.
pub(crate) fn seal_unsealed(conn: &Connection) -> Result<u64> {
    seal_unsealed_known(conn, &HashMap::new())
}

/// [`seal_unsealed`], taking the content hash of the inspections in `known` (by UUID) as
/// given instead of reading each back: an import's, whose seals it checked against the
/// records it wrote.
pub(crate) fn seal_unsealed_known(
    conn: &Connection,
    known: &HashMap<String, String>,
) -> Result<u64> {
    let inspections: Vec<(i64, String)> = conn
        .prepare(
            "SELECT id, uuid FROM inspections WHERE status = 'submitted'
               AND uuid NOT IN (SELECT uuid FROM chain WHERE entity = 'inspection')
             ORDER BY submitted_at, id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut sealed = 0;
    for (id, uuid) in inspections {
        if let Some(hash) = known.get(&uuid) {
            seal_inspection_as(conn, &uuid, hash)?;
            sealed += 1;
            continue;
        }
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
    sealed += seal_moves(conn)?;
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
            // The chain: each link from the one before; each subject's last state; each
            // record's own hash.
            let mut expected_state: HashMap<String, String> = HashMap::new();
            let mut contents: HashMap<(Sealed, String), (String, String)> = HashMap::new();
            {
                let mut stmt = self.conn.prepare(
                    "SELECT seq, entity, uuid, subject, content_hash, state_hash, prev_hash, hash
                     FROM chain ORDER BY seq",
                )?;
                let mut rows = stmt.query([])?;
                let mut prev = String::new();
                while let Some(r) = rows.next()? {
                    found.entries += 1;
                    let seq: i64 = r.get(0)?;
                    let entity: String = r.get(1)?;
                    let uuid: String = r.get(2)?;
                    let subject: String = r.get(3)?;
                    let content: String = r.get(4)?;
                    let state: String = r.get(5)?;
                    let stored_prev: String = r.get(6)?;
                    let hash: String = r.get(7)?;
                    let Some(kind) = Sealed::from_code(&entity) else {
                        found.findings.push(Finding::Broken { seq, uuid });
                        prev = hash;
                        continue;
                    };
                    if stored_prev != prev
                        || link_hash(&prev, kind, &uuid, &subject, &content, &state) != hash
                    {
                        found.findings.push(Finding::Broken {
                            seq,
                            uuid: uuid.clone(),
                        });
                    }
                    prev = hash;
                    expected_state.insert(subject.clone(), state);
                    if kind != Sealed::Withdrawal {
                        contents.insert((kind, uuid), (content, subject));
                    }
                }
            }
            let withdrawn =
                |subject: &str| expected_state.get(subject).is_some_and(String::is_empty);

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
                let record = super::exchange::read_inspection_unloaded(&self.conn, *id)?;
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
                        Some((content, _)) if content != amendment_hash(&inspection_uuid, &a) => {
                            found.findings.push(Finding::Changed {
                                kind: Sealed::Amendment,
                                uuid: a.uuid,
                            })
                        }
                        Some(_) => {}
                    }
                }
            }

            // Each rectification against its last move, and each move against its entry.
            let rectifications: Vec<(i64, String)> = self
                .conn
                .prepare("SELECT id, uuid FROM rectifications ORDER BY id")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (id, uuid) in rectifications {
                found.rectifications += 1;
                match expected_state.get(&uuid) {
                    None => found.findings.push(Finding::Unsealed {
                        kind: Sealed::RectificationMove,
                        uuid,
                    }),
                    Some(state) if *state != rectification_hash(&self.conn, id)? => {
                        found.findings.push(Finding::Changed {
                            kind: Sealed::RectificationMove,
                            uuid,
                        })
                    }
                    Some(_) => {}
                }
            }
            let events: Vec<i64> = self
                .conn
                .prepare("SELECT id FROM rectification_events ORDER BY id")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for event in events {
                let (uuid, _, _, content) = event_hash(&self.conn, event)?;
                match contents.remove(&(Sealed::RectificationMove, uuid.clone())) {
                    None => found.findings.push(Finding::Unsealed {
                        kind: Sealed::RectificationMove,
                        uuid,
                    }),
                    Some((sealed, _)) if sealed != content => {
                        found.findings.push(Finding::Changed {
                            kind: Sealed::RectificationMove,
                            uuid,
                        })
                    }
                    Some(_) => {}
                }
            }

            // Entries whose records are gone (a withdrawn rectification's moves left with it).
            let mut gone: Vec<(Sealed, String)> = contents
                .into_iter()
                .filter(|(_, (_, subject))| !withdrawn(subject))
                .map(|(key, _)| key)
                .collect();
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
        let base = link_hash("p", Sealed::Inspection, "u", "i", "c", "s");
        assert_eq!(base.len(), 64);
        for other in [
            link_hash("q", Sealed::Inspection, "u", "i", "c", "s"),
            link_hash("p", Sealed::Amendment, "u", "i", "c", "s"),
            link_hash("p", Sealed::Inspection, "v", "i", "c", "s"),
            link_hash("p", Sealed::Inspection, "u", "j", "c", "s"),
            link_hash("p", Sealed::Inspection, "u", "i", "d", "s"),
            link_hash("p", Sealed::Inspection, "u", "i", "c", "t"),
        ] {
            assert_ne!(base, other);
        }
    }
}
