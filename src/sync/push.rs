//! Pushing: this PC's halls, staff, inspectors and template snapshots, then every submitted
//! inspection sealed, amended, signed or with a rectification moved since the last push, the
//! new chain entries and audit entries — all in one server transaction, which commits whole or
//! not at all.
//!
//! An inspection is checked against its seal first: one changed here behind HallCheck's back
//! is not sent, and is named. On the server, a copy of the same UUID is merged as an import
//! merges one: the same seal changes nothing; more amendments (or a sign-off added) win; a
//! copy that went further on the server stays for the pull to bring; copies that went apart
//! are refused. Rectifications go by their history of moves alike. A record of a hall this
//! PC's role may not write is left out and named.

use std::collections::{HashMap, HashSet};

use postgres::{Client, Transaction};
use serde::Serialize;

use crate::store::chain::inspection_hash;
use crate::store::{
    AuditRecord, ChainEntry, InspectionRecord, RectificationRecord, Store, SyncCursors,
};
use crate::sync::{Refused, ServerUrl, SyncError, SyncProgress, fault};

/// The advisory lock every push holds for its transaction: revisions commit in order.
pub(crate) const PUSH_LOCK: i64 = 7_159_001;

/// How many chain entries are read and sent at a time.
const CHAIN_BATCH: u32 = 2_000;

/// What a push sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Pushed {
    /// Halls new to the server or renamed there.
    pub halls: u64,
    /// Inspections new to the server.
    pub inspections: u64,
    /// Inspections whose newer amendments (or sign-off) replaced the server's copy.
    pub amended: u64,
    /// Inspections the server already had as they are here.
    pub unchanged: u64,
    /// Rectifications new to the server or moved on there.
    pub rectifications: u64,
    /// Photos sent.
    pub photos: u64,
    /// Chain entries sent.
    pub chain: u64,
    /// Audit entries sent.
    pub audit: u64,
}

/// Pushes what changed since `cursors`, and moves them on once the server committed.
pub fn push(
    store: &Store,
    client: &mut Client,
    url: &ServerUrl,
    cursors: &mut SyncCursors,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<(Pushed, Vec<Refused>), SyncError> {
    let head = store.chain_head()?;
    let mut ids = store.inspections_changed_since(cursors.records_seq)?;
    for uuid in &cursors.retry {
        if let Ok(id) = store.inspection_id_by_uuid(uuid) {
            ids.push(id);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    let ctx = store.sync_context()?;
    let origin = store.database_uuid()?;
    let (audit, audit_last) = store.audit_since(cursors.audit_id)?;
    let err = |e: postgres::Error| url.error(e);
    let mut tx = client.transaction().map_err(err)?;
    // Another PC's push holds the lock while it runs: wait for it a while, not for ever.
    tx.batch_execute("SET LOCAL lock_timeout = '60s'")
        .map_err(err)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&PUSH_LOCK])
        .map_err(err)?;
    let mut pushed = Pushed::default();
    let mut refused = Vec::new();
    // The server's newest revision before this push: when this PC had pulled everything up to
    // it, what the push adds need not come back down.
    let head_before: i64 = tx
        .query_one(super::pull::HEAD_SQL, &[])
        .map_err(err)?
        .get(0);

    // The halls this PC's role may write.
    let mut allowed = HashSet::new();
    for hall in &ctx.halls {
        let may: bool = tx
            .query_one("SELECT hallcheck.may($1)", &[&hall.uuid])
            .map_err(err)?
            .get(0);
        if may {
            allowed.insert(hall.uuid.clone());
        }
    }
    // Each kind's keys the server has, in one query each: only what it lacks is sent.
    let known = |tx: &mut Transaction<'_>, sql: &str| -> Result<HashSet<String>, SyncError> {
        Ok(tx
            .query(sql, &[])
            .map_err(err)?
            .iter()
            .map(|r| r.get::<_, String>(0))
            .collect())
    };
    // A hall goes up when the server lacks it or its name or archiving is older there; of
    // two PCs, the later change wins, on the server as in an import.
    let halls_there: HashSet<String> = tx
        .query(
            "SELECT uuid || '|' || name || '|' || coalesce(renamed_at, created_at)
                    || '|' || archived || '|' || coalesce(archived_at, '')
             FROM hallcheck.halls",
            &[],
        )
        .map_err(err)?
        .iter()
        .map(|r| r.get::<_, String>(0))
        .collect();
    for hall in ctx.halls.iter().filter(|h| allowed.contains(&h.uuid)) {
        let key = format!(
            "{}|{}|{}|{}|{}",
            hall.uuid,
            hall.name,
            hall.renamed_at.as_deref().unwrap_or(&hall.created_at),
            hall.archived,
            hall.archived_at.as_deref().unwrap_or_default()
        );
        if halls_there.contains(&key) {
            continue;
        }
        let written = tx
            .execute(
                "INSERT INTO hallcheck.halls AS h
                     (uuid, code, name, archived, created_at, renamed_at, archived_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (uuid) DO UPDATE
                 SET name = CASE WHEN excluded.name <> h.name
                                  AND coalesce(excluded.renamed_at, excluded.created_at)
                                      > coalesce(h.renamed_at, h.created_at)
                             THEN excluded.name ELSE h.name END,
                     renamed_at = CASE WHEN excluded.name <> h.name
                                  AND coalesce(excluded.renamed_at, excluded.created_at)
                                      > coalesce(h.renamed_at, h.created_at)
                             THEN excluded.renamed_at ELSE h.renamed_at END,
                     archived = CASE WHEN coalesce(excluded.archived_at, '')
                                          > coalesce(h.archived_at, '')
                             THEN excluded.archived ELSE h.archived END,
                     archived_at = greatest(excluded.archived_at, h.archived_at)
                 WHERE (excluded.name <> h.name
                        AND coalesce(excluded.renamed_at, excluded.created_at)
                            > coalesce(h.renamed_at, h.created_at))
                    OR coalesce(excluded.archived_at, '') > coalesce(h.archived_at, '')",
                &[
                    &hall.uuid,
                    &hall.code,
                    &hall.name,
                    &hall.archived,
                    &hall.created_at,
                    &hall.renamed_at,
                    &hall.archived_at,
                ],
            )
            .map_err(err)?;
        pushed.halls += written;
    }
    // A staff member likewise: sent when the server lacks them or took them off the roster
    // (or back) earlier than here.
    let staff_there: HashMap<String, String> = tx
        .query(
            "SELECT uuid, coalesce(record->>'archived_at', '') FROM hallcheck.staff",
            &[],
        )
        .map_err(err)?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    for person in ctx.staff.iter().filter(|s| {
        allowed.contains(&s.hall_uuid)
            && staff_there
                .get(&s.uuid)
                .is_none_or(|there| s.archived_at.as_deref().unwrap_or_default() > there.as_str())
    }) {
        tx.execute(
            "INSERT INTO hallcheck.staff AS s (uuid, hall_uuid, record) VALUES ($1, $2, $3::text::jsonb)
             ON CONFLICT (uuid) DO UPDATE SET record = excluded.record
             WHERE coalesce(excluded.record->>'archived_at', '')
                   > coalesce(s.record->>'archived_at', '')",
            &[&person.uuid, &person.hall_uuid, &json(person)?],
        )
        .map_err(err)?;
    }
    let inspectors_there = known(&mut tx, "SELECT uuid FROM hallcheck.inspectors")?;
    for inspector in ctx
        .inspectors
        .iter()
        .filter(|i| !inspectors_there.contains(&i.uuid))
    {
        tx.execute(
            "INSERT INTO hallcheck.inspectors (uuid, name) VALUES ($1, $2) ON CONFLICT (uuid) DO NOTHING",
            &[&inspector.uuid, &inspector.name],
        )
        .map_err(err)?;
    }
    let templates_there = known(&mut tx, "SELECT hash FROM hallcheck.templates")?;
    for t in ctx
        .templates
        .iter()
        .filter(|t| !templates_there.contains(&t.hash))
    {
        tx.execute(
            "INSERT INTO hallcheck.templates (hash, template_id, version, area, snapshot)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (hash) DO NOTHING",
            &[
                &t.hash,
                &t.template_id,
                &i32::try_from(t.version).unwrap_or(i32::MAX),
                &t.area,
                &t.snapshot,
            ],
        )
        .map_err(err)?;
    }

    let total = ids.len() as u64;
    for (n, &id) in ids.iter().enumerate() {
        progress(SyncProgress::Pushing(n as u64, total));
        let record = store.exchange_inspection(id)?;
        if !allowed.contains(&record.hall_uuid) {
            refused.push(refusal(
                "inspection",
                &record.uuid,
                format!(
                    "the server role `{}` may not write hall {}",
                    url.user(),
                    record.hall_uuid
                ),
            ));
            continue;
        }
        if record.seal.as_deref() != Some(inspection_hash(&record).as_str()) {
            refused.push(refusal(
                "inspection",
                &record.uuid,
                "it was changed on this PC outside HallCheck since it was sealed (see `hallcheck verify`); not sent".into(),
            ));
            continue;
        }
        push_inspection(&mut tx, url, &record, &mut pushed, &mut refused)?;
    }
    progress(SyncProgress::Pushing(total, total));

    let mut chain_seq = cursors.chain_seq;
    loop {
        let entries = store.chain_since(chain_seq, CHAIN_BATCH)?;
        let Some(last) = entries.last() else { break };
        chain_seq = last.seq;
        let column = |f: fn(&ChainEntry) -> &str| -> Vec<&str> { entries.iter().map(f).collect() };
        let seqs: Vec<i64> = entries.iter().map(|e| e.seq).collect();
        let halls: Vec<Option<&str>> = entries.iter().map(|e| e.hall_uuid.as_deref()).collect();
        pushed.chain += tx
            .execute(
                "INSERT INTO hallcheck.chain (origin, seq, entity, uuid, subject, content_hash,
                     state_hash, prev_hash, hash, hall_uuid)
                 SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[],
                     $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
                 ON CONFLICT DO NOTHING",
                &[
                    &origin,
                    &seqs,
                    &column(|e| &e.entity),
                    &column(|e| &e.uuid),
                    &column(|e| &e.subject),
                    &column(|e| &e.content_hash),
                    &column(|e| &e.state_hash),
                    &column(|e| &e.prev_hash),
                    &column(|e| &e.hash),
                    &halls,
                ],
            )
            .map_err(err)?;
    }
    let audit: Vec<&(String, AuditRecord)> =
        audit.iter().filter(|(h, _)| allowed.contains(h)).collect();
    for batch in audit.chunks(CHAIN_BATCH as usize) {
        let column = |f: fn(&AuditRecord) -> &str| -> Vec<&str> {
            batch.iter().map(|(_, a)| f(a)).collect()
        };
        let halls: Vec<&str> = batch.iter().map(|(h, _)| h.as_str()).collect();
        pushed.audit += tx
            .execute(
                "INSERT INTO hallcheck.audit (hall_uuid, at, action, entity, entity_uuid, detail)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[],
                     $5::text[], $6::text[])
                 ON CONFLICT DO NOTHING",
                &[
                    &halls,
                    &column(|a| &a.at),
                    &column(|a| &a.action),
                    &column(|a| &a.entity),
                    &column(|a| &a.entity_uuid),
                    &column(|a| &a.detail),
                ],
            )
            .map_err(err)?;
    }
    let head_after: i64 = tx
        .query_one(super::pull::HEAD_SQL, &[])
        .map_err(err)?
        .get(0);
    fault("push-before-commit");
    tx.commit().map_err(err)?;
    fault("push-after-commit");
    cursors.records_seq = head;
    cursors.chain_seq = chain_seq;
    cursors.audit_id = audit_last;
    cursors.retry = refused
        .iter()
        .filter(|r| r.entity == "inspection")
        .map(|r| r.uuid.clone())
        .collect();
    if cursors.pulled_rev >= head_before {
        cursors.pulled_rev = head_after;
    }
    Ok((pushed, refused))
}

fn refusal(entity: &str, uuid: &str, reason: String) -> Refused {
    Refused {
        entity: entity.to_owned(),
        uuid: uuid.to_owned(),
        reason,
    }
}

fn json<T: Serialize>(value: &T) -> Result<String, SyncError> {
    serde_json::to_string(value).map_err(|e| SyncError::Io(e.to_string()))
}

/// An inspection's record as the server keeps it: without its rectifications (rows of
/// their own) and photos' bytes (in `photos`).
fn stored_form(record: &InspectionRecord) -> InspectionRecord {
    let mut stored = record.clone();
    stored.rectifications.clear();
    for photo in &mut stored.attachments {
        photo.data.clear();
    }
    stored
}

/// A rectification's record as the server keeps it: its after-photos' bytes apart.
fn stored_rectification(fix: &RectificationRecord) -> RectificationRecord {
    let mut stored = fix.clone();
    for event in &mut stored.events {
        for photo in &mut event.photos {
            photo.data.clear();
        }
    }
    stored
}

/// How the server's copy of an inspection stands to this PC's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Standing {
    /// The same.
    Same,
    /// This PC's goes further (more amendments, or a sign-off the server's lacks).
    Ours,
    /// The server's goes further.
    Theirs,
    /// They went apart.
    Apart,
}

/// Compares two copies of one inspection by seal, amendments and sign-off.
pub(crate) fn standing(server: &InspectionRecord, ours: &InspectionRecord) -> Standing {
    if server.seal == ours.seal {
        return Standing::Same;
    }
    let (theirs_a, ours_a) = (&server.amendments, &ours.amendments);
    if ours_a.len() > theirs_a.len() && ours_a.starts_with(theirs_a) {
        return Standing::Ours;
    }
    if theirs_a.len() > ours_a.len() && theirs_a.starts_with(ours_a) {
        return Standing::Theirs;
    }
    if theirs_a == ours_a {
        let mut a = server.clone();
        let mut b = ours.clone();
        for r in [&mut a, &mut b] {
            r.sign_off = None;
            r.seal = None;
            r.inspector_uuid.clear();
        }
        if a.amendments == b.amendments && inspection_hash(&a) == inspection_hash(&b) {
            return match (&server.sign_off, &ours.sign_off) {
                (None, Some(_)) => Standing::Ours,
                (Some(_), None) => Standing::Theirs,
                _ => Standing::Apart,
            };
        }
    }
    Standing::Apart
}

fn push_inspection(
    tx: &mut Transaction<'_>,
    url: &ServerUrl,
    record: &InspectionRecord,
    pushed: &mut Pushed,
    refused: &mut Vec<Refused>,
) -> Result<(), SyncError> {
    let err = |e: postgres::Error| url.error(e);
    let stored = stored_form(record);
    let body = json(&stored)?;
    let seal = record.seal.clone().unwrap_or_default();
    let server: Option<String> = tx
        .query_opt(
            "SELECT record::text FROM hallcheck.inspections WHERE uuid = $1 FOR UPDATE",
            &[&record.uuid],
        )
        .map_err(err)?
        .map(|r| r.get(0));
    let amendments = i32::try_from(record.amendments.len()).unwrap_or(i32::MAX);
    let signed = record.sign_off.is_some();
    match server {
        None => {
            tx.execute(
                "INSERT INTO hallcheck.inspections (uuid, hall_uuid, inspected_on, kind, score,
                     rating, veto, amendments, signed, seal, record)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb)",
                &[
                    &record.uuid,
                    &record.hall_uuid,
                    &record.inspected_on,
                    &record.kind,
                    &record.score,
                    &record.rating,
                    &record.veto,
                    &amendments,
                    &signed,
                    &seal,
                    &body,
                ],
            )
            .map_err(err)?;
            pushed.inspections += 1;
        }
        Some(text) => {
            let theirs: InspectionRecord =
                serde_json::from_str(&text).map_err(|e| SyncError::BadRecord {
                    target: url.target().to_owned(),
                    detail: format!("inspection {}: {e}", record.uuid),
                })?;
            match standing(&theirs, &stored) {
                Standing::Same => pushed.unchanged += 1,
                Standing::Theirs => pushed.unchanged += 1,
                Standing::Apart => {
                    refused.push(refusal(
                        "inspection",
                        &record.uuid,
                        "it was changed here and on the server since they parted (amendments that differ); the server's copy was kept".into(),
                    ));
                    return Ok(());
                }
                Standing::Ours => {
                    tx.execute(
                        "UPDATE hallcheck.inspections SET score = $2, rating = $3, veto = $4,
                             amendments = $5, signed = $6, seal = $7, record = $8::text::jsonb
                         WHERE uuid = $1",
                        &[
                            &record.uuid,
                            &record.score,
                            &record.rating,
                            &record.veto,
                            &amendments,
                            &signed,
                            &seal,
                            &body,
                        ],
                    )
                    .map_err(err)?;
                    // Rectifications the amendments withdrew (their answer no longer fails).
                    let kept: Vec<String> = record
                        .rectifications
                        .iter()
                        .map(|r| r.uuid.clone())
                        .collect();
                    tx.execute(
                        "DELETE FROM hallcheck.rectifications
                         WHERE inspection_uuid = $1 AND NOT (uuid = ANY($2))",
                        &[&record.uuid, &kept],
                    )
                    .map_err(err)?;
                    pushed.amended += 1;
                }
            }
        }
    }
    for photo in &record.attachments {
        pushed.photos += push_photo(tx, url, record, photo)?;
    }
    for fix in &record.rectifications {
        push_rectification(tx, url, record, fix, pushed, refused)?;
    }
    Ok(())
}

fn push_photo(
    tx: &mut Transaction<'_>,
    url: &ServerUrl,
    record: &InspectionRecord,
    photo: &crate::store::AttachmentRecord,
) -> Result<u64, SyncError> {
    tx.execute(
        "INSERT INTO hallcheck.photos (uuid, hall_uuid, inspection_uuid, sha256, bytes)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (uuid) DO NOTHING",
        &[
            &photo.uuid,
            &record.hall_uuid,
            &record.uuid,
            &photo.sha256,
            &photo.data,
        ],
    )
    .map_err(|e| url.error(e))
}

fn push_rectification(
    tx: &mut Transaction<'_>,
    url: &ServerUrl,
    record: &InspectionRecord,
    fix: &RectificationRecord,
    pushed: &mut Pushed,
    refused: &mut Vec<Refused>,
) -> Result<(), SyncError> {
    let err = |e: postgres::Error| url.error(e);
    let body = json(&stored_rectification(fix))?;
    let moves = i32::try_from(fix.events.len()).unwrap_or(i32::MAX);
    let server: Option<String> = tx
        .query_opt(
            "SELECT record::text FROM hallcheck.rectifications WHERE uuid = $1 FOR UPDATE",
            &[&fix.uuid],
        )
        .map_err(err)?
        .map(|r| r.get(0));
    let write = match server {
        None => {
            tx.execute(
                "INSERT INTO hallcheck.rectifications (uuid, hall_uuid, inspection_uuid, status,
                     due_on, moves, record)
                 VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb)",
                &[
                    &fix.uuid,
                    &record.hall_uuid,
                    &record.uuid,
                    &fix.status,
                    &fix.due_on,
                    &moves,
                    &body,
                ],
            )
            .map_err(err)?;
            true
        }
        Some(text) => {
            let theirs: RectificationRecord =
                serde_json::from_str(&text).map_err(|e| SyncError::BadRecord {
                    target: url.target().to_owned(),
                    detail: format!("rectification {}: {e}", fix.uuid),
                })?;
            let theirs_moves: Vec<&str> = theirs.events.iter().map(|e| e.uuid.as_str()).collect();
            let ours_moves: Vec<&str> = fix.events.iter().map(|e| e.uuid.as_str()).collect();
            if ours_moves.len() > theirs_moves.len() && ours_moves.starts_with(&theirs_moves) {
                tx.execute(
                    "UPDATE hallcheck.rectifications SET status = $2, due_on = $3, moves = $4,
                         record = $5::text::jsonb
                     WHERE uuid = $1",
                    &[&fix.uuid, &fix.status, &fix.due_on, &moves, &body],
                )
                .map_err(err)?;
                true
            } else if theirs_moves.starts_with(&ours_moves) {
                false
            } else {
                refused.push(refusal(
                    "rectification",
                    &fix.uuid,
                    "it was moved here and on the server since they parted; the server's history was kept".into(),
                ));
                false
            }
        }
    };
    if write {
        pushed.rectifications += 1;
        for event in &fix.events {
            for photo in &event.photos {
                pushed.photos += push_photo(tx, url, record, photo)?;
            }
        }
    }
    Ok(())
}
