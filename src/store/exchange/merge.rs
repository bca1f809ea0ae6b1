//! Merging an import into the database record by record, in one transaction that commits at
//! the end or not at all: the caller reads its file as a stream and hands each record over as
//! it comes, so no more than one inspection is in memory at a time.
//!
//! Records are matched by UUID (templates by content hash): a new one is added, one already
//! here and identical is counted as present, and an inspection already here with other content
//! is rejected, the local copy kept. What this import has already taken is kept in temporary
//! tables (SQLite's temporary store, on disk), so a repeat is noticed however large the file.
//! Just before the commit, and again after it, the database path must still name the file the
//! store opened (see [`crate::store::identity`]).

mod insert;
mod rectifications;

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use sha2::{Digest, Sha256};

use crate::store::chain::inspection_hash;
use crate::store::exchange::{
    AuditRecord, HallRecord, InspectionRecord, InspectorRecord, MergeReport, RectificationRecord,
    Rejected, StaffRecord, TemplateRecord, read_inspection, read_inspection_unloaded,
};
use crate::store::identity::{self, FileIdentity};
use crate::store::inspections::read_amendments;
use crate::store::{Result, Store, StoreError, classify, now_utc};

/// The temporary tables of one merge: the inspections taken so far (by UUID, with their place in
/// the file) and the audit entries to add.
const BEGIN_SQL: &str = "
CREATE TEMP TABLE IF NOT EXISTS import_inspections (
    uuid          TEXT PRIMARY KEY,
    position      INTEGER NOT NULL,
    rejected_hash TEXT
) WITHOUT ROWID;
DELETE FROM temp.import_inspections;
CREATE TEMP TABLE IF NOT EXISTS import_audit (
    at          TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_uuid TEXT NOT NULL,
    detail      TEXT NOT NULL,
    UNIQUE (entity_uuid, at, action, entity, detail)
);
DELETE FROM temp.import_audit;";

/// When the hall `h` last got its name: its last rename, else its creation.
pub(crate) const RENAMED_AT: &str = "coalesce((SELECT max(a.at) FROM audit_log a
     WHERE a.entity = 'hall' AND a.action = 'rename' AND a.entity_uuid = h.uuid), h.created_at)";

/// Whose archived state [`Merge::archive_if_later`] takes.
#[derive(Debug, Clone, Copy)]
enum Roster {
    Hall,
    Staff,
}

/// An inspection taken by this import, with its place in the file.
const REMEMBER_INSPECTION: &str =
    "INSERT INTO temp.import_inspections (uuid, position, rejected_hash) VALUES (?1, ?2, ?3)";
/// What a refused commit did, for [`StoreError::Moved`].
const ROLLED_BACK: &str =
    "the import was rolled back and nothing was written to the file now at this path";
/// What a commit did that found the path changed just after.
const WRITTEN_ELSEWHERE: &str =
    "the import went into the file HallCheck had opened, not into the file now at this path";

/// What became of one inspection of an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merged {
    /// Written.
    Added,
    /// Already here, identical.
    Present,
    /// Already here, identical but for the sign-off the file adds (given after this copy was
    /// taken): the sign-off was added.
    Signed,
    /// Already here with fewer amendments: the file's later ones were made here (the answers,
    /// scores and sign-off as the file has them, each amendment sealed).
    Amended,
    /// Already here with more amendments than the file's copy, which is an earlier state of
    /// it: the local copy goes further and was kept.
    Newer,
    /// Already here with other content; the local copy was kept.
    Rejected,
    /// Earlier in this import, identical: taken once.
    Repeated,
    /// Its UUID came earlier in this import (at `first`) with other content.
    RepeatedDiffers {
        /// The earlier record's place in its list.
        first: u64,
    },
    /// A photo or rectification of it has a UUID this database already holds elsewhere; nothing
    /// of the inspection was written.
    Taken {
        /// The field, such as `attachments[0].uuid`.
        field: String,
        /// Which record holds it.
        detail: String,
    },
}

/// An import being merged: one open transaction on the store's database. Dropping it without
/// [`Merge::commit`] rolls everything back.
pub struct Merge<'a> {
    conn: &'a Connection,
    tx: Transaction<'a>,
    path: &'a Path,
    identity: Option<&'a FileIdentity>,
    source: String,
    halls: HashMap<String, i64>,
    staff: HashMap<String, i64>,
    inspectors: HashMap<String, i64>,
    templates: HashMap<String, i64>,
    /// The seal of each inspection added, which the import checked against its record: its
    /// content hash as written (see [`crate::store::chain::seal_unsealed_known`]).
    sealed: HashMap<String, String>,
    report: MergeReport,
}

impl Store {
    /// Starts merging an import named `source` (its file, for the audit log): takes the write
    /// lock at once, so another writer is told now rather than after the whole file is read.
    pub fn begin_merge(&mut self, source: &str) -> Result<Merge<'_>> {
        let conn = &self.conn;
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)
            .map_err(|e| classify(&self.path, e))?;
        tx.execute_batch(BEGIN_SQL)?;
        let head = chain_head(conn)?;
        Ok(Merge {
            conn,
            tx,
            path: &self.path,
            identity: self.identity.as_ref(),
            source: source.to_owned(),
            halls: HashMap::new(),
            staff: HashMap::new(),
            inspectors: HashMap::new(),
            templates: HashMap::new(),
            sealed: HashMap::new(),
            report: MergeReport {
                chain_before: head,
                ..MergeReport::default()
            },
        })
    }
}

fn chain_head(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT coalesce(max(seq), 0) FROM chain", [], |r| r.get(0))?)
}

fn id_by_uuid(conn: &Connection, table: &str, uuid: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(&format!("SELECT id FROM {table} WHERE uuid = ?1"))?
        .query_row([uuid], |r| r.get(0))
        .optional()?)
}

pub(super) fn missing(what: &str, key: &str) -> StoreError {
    StoreError::Invalid(format!(
        "the import refers to {what} `{key}` that it has not carried before"
    ))
}

/// How a local inspection stands to the file's record of the same UUID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compared {
    /// The same (a sign-off only here counts as the same).
    Same,
    /// The same but for the sign-off the file adds.
    Signed,
    /// Different.
    Differs,
}

/// The kinds of record an import refers to by UUID (templates by hash).
#[derive(Debug, Clone, Copy)]
enum Kind {
    Hall,
    Staff,
    Inspector,
    Template,
}

/// SHA-256 of a record as JSON, to compare it with a repeat without keeping it.
fn content_hash(record: &InspectionRecord) -> Result<String> {
    let json = serde_json::to_vec(record).map_err(|e| StoreError::Invalid(e.to_string()))?;
    Ok(Sha256::digest(json)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

impl Merge<'_> {
    /// What the merge has done so far.
    pub fn report(&self) -> &MergeReport {
        &self.report
    }

    /// Notes the row of a record of `kind` under `key`: the local row when there is one
    /// (counted present), else the row `sql` inserts with `params` (counted added).
    fn take(
        &mut self,
        kind: Kind,
        key: &str,
        local: Option<i64>,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<()> {
        let counts = match local {
            Some(_) => &mut self.report.present,
            None => &mut self.report.added,
        };
        *match kind {
            Kind::Hall => &mut counts.halls,
            Kind::Staff => &mut counts.staff,
            Kind::Inspector => &mut counts.inspectors,
            Kind::Template => &mut counts.templates,
        } += 1;
        let id = match local {
            Some(id) => id,
            None => {
                self.conn.prepare_cached(sql)?.execute(params)?;
                self.conn.last_insert_rowid()
            }
        };
        let rows = match kind {
            Kind::Hall => &mut self.halls,
            Kind::Staff => &mut self.staff,
            Kind::Inspector => &mut self.inspectors,
            Kind::Template => &mut self.templates,
        };
        rows.insert(key.to_owned(), id);
        Ok(())
    }

    /// A hall: added unless its UUID is here. A code another hall uses here gets the first
    /// characters of the UUID appended, with a note.
    pub fn hall(&mut self, hall: &HallRecord) -> Result<()> {
        let local = id_by_uuid(self.conn, "halls", &hall.uuid)?;
        if let Some(id) = local {
            self.rename_if_later(id, hall)?;
            self.archive_if_later(Roster::Hall, &hall.uuid, hall.archived, &hall.archived_at)?;
        }
        let mut code = hall.code.clone();
        if let Some(c) = hall.code.as_ref().filter(|_| local.is_none()) {
            let taken: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM halls WHERE code = ?1)",
                [c],
                |r| r.get(0),
            )?;
            if taken {
                let short: String = hall.uuid.chars().take(4).collect();
                let renamed = format!("{c}-{short}");
                self.report.notes.push(format!(
                    "hall {} ({}): code `{c}` is used here by another hall; imported as `{renamed}`",
                    hall.name, hall.uuid
                ));
                code = Some(renamed);
            }
        }
        self.take(
            Kind::Hall,
            &hall.uuid,
            local,
            "INSERT INTO halls (uuid, code, name, archived, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            (&hall.uuid, &code, &hall.name, hall.archived, &hall.created_at),
        )
    }

    /// Gives the local hall `id` the file's name when the file's was given later than the
    /// local one (a rename, else the hall's creation), with an audit entry saying so.
    fn rename_if_later(&mut self, id: i64, hall: &HallRecord) -> Result<()> {
        let Some(theirs) = &hall.renamed_at else {
            return Ok(());
        };
        let (name, ours): (String, String) = self.conn.query_row(
            &format!("SELECT name, {RENAMED_AT} FROM halls h WHERE id = ?1"),
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if name == hall.name || theirs.as_str() <= ours.as_str() {
            return Ok(());
        }
        self.run("UPDATE halls SET name = ?2 WHERE id = ?1", (id, &hall.name))?;
        self.run(
            "INSERT INTO audit_log (at, action, entity, entity_uuid, detail) VALUES (?1, 'rename', 'hall', ?2, ?3)",
            (
                // The name's own time, not the merge's: of three PCs, the one that takes a
                // name must not make it look later than a third PC's rename.
                theirs,
                &hall.uuid,
                format!(
                    "{} (renamed from {name}: the later of two names, given {theirs}, from {})",
                    hall.name, self.source
                ),
            ),
        )?;
        self.report.renamed += 1;
        self.report.notes.push(format!(
            "hall {}: renamed from {name} to {}, the later name (given {theirs})",
            hall.uuid, hall.name
        ));
        Ok(())
    }

    /// A hall or staff member here takes the file's archived state when the file's was set
    /// later than the local one (or the local one never changed), with an audit entry at the
    /// file's time.
    fn archive_if_later(
        &mut self,
        roster: Roster,
        uuid: &str,
        archived: bool,
        theirs: &Option<String>,
    ) -> Result<()> {
        let Some(theirs) = theirs else {
            return Ok(());
        };
        let (table, entity) = match roster {
            Roster::Hall => ("halls", "hall"),
            Roster::Staff => ("staff", "staff"),
        };
        let (now, ours): (bool, Option<String>) = self.conn.query_row(
            &format!(
                "SELECT archived, (SELECT max(a.at) FROM audit_log a WHERE a.entity = ?2
                   AND a.action IN ('archive', 'restore') AND a.entity_uuid = ?1)
                 FROM {table} WHERE uuid = ?1"
            ),
            (uuid, entity),
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if now == archived || ours.is_some_and(|ours| theirs.as_str() <= ours.as_str()) {
            return Ok(());
        }
        self.run(
            &format!("UPDATE {table} SET archived = ?2 WHERE uuid = ?1"),
            (uuid, archived),
        )?;
        let (action, what) = if archived {
            ("archive", "archived")
        } else {
            ("restore", "restored")
        };
        self.run(
            "INSERT INTO audit_log (at, action, entity, entity_uuid, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
            (
                theirs,
                action,
                entity,
                uuid,
                format!("{what} on another PC at {theirs}, the later change (from {})", self.source),
            ),
        )?;
        self.report.notes.push(format!(
            "{entity} {uuid}: {what}, the later change (made {theirs})"
        ));
        Ok(())
    }

    /// A staff member of a hall merged before.
    pub fn staff(&mut self, person: &StaffRecord) -> Result<()> {
        let hall = *self
            .halls
            .get(&person.hall_uuid)
            .ok_or_else(|| missing("hall", &person.hall_uuid))?;
        let local = id_by_uuid(self.conn, "staff", &person.uuid)?;
        if local.is_some() {
            self.archive_if_later(
                Roster::Staff,
                &person.uuid,
                person.archived,
                &person.archived_at,
            )?;
        }
        self.take(
            Kind::Staff,
            &person.uuid,
            local,
            "INSERT INTO staff (uuid, hall_id, name, archived, code) VALUES (?1, ?2, ?3, ?4, ?5)",
            (
                &person.uuid,
                hall,
                &person.name,
                person.archived,
                &person.code,
            ),
        )
    }

    /// An inspector: the local one of the same UUID, else of the same name, else added.
    pub fn inspector(&mut self, inspector: &InspectorRecord) -> Result<()> {
        let local = match id_by_uuid(self.conn, "inspectors", &inspector.uuid)? {
            Some(id) => Some(id),
            None => self
                .conn
                .query_row(
                    "SELECT id FROM inspectors WHERE name = ?1",
                    [&inspector.name],
                    |r| r.get(0),
                )
                .optional()?,
        };
        self.take(
            Kind::Inspector,
            &inspector.uuid,
            local,
            "INSERT INTO inspectors (uuid, name) VALUES (?1, ?2)",
            (&inspector.uuid, &inspector.name),
        )
    }

    /// A template snapshot, by its content hash.
    pub fn template(&mut self, t: &TemplateRecord) -> Result<()> {
        let local = self
            .conn
            .query_row("SELECT id FROM templates WHERE hash = ?1", [&t.hash], |r| {
                r.get(0)
            })
            .optional()?;
        self.take(
            Kind::Template,
            &t.hash,
            local,
            "INSERT INTO templates (template_id, version, area, hash, snapshot) VALUES (?1, ?2, ?3, ?4, ?5)",
            (&t.template_id, t.version, &t.area, &t.hash, &t.snapshot),
        )
    }

    /// Runs one of the merge's statements (each prepared once per merge).
    fn run(&self, sql: &str, params: impl rusqlite::Params) -> Result<()> {
        self.conn.prepare_cached(sql)?.execute(params)?;
        Ok(())
    }

    fn template_row(&self, hash: &str) -> Result<i64> {
        self.templates
            .get(hash)
            .copied()
            .ok_or_else(|| missing("template snapshot", hash))
    }

    /// Whether the local inspection `id` is `record` (see [`Merge::compare_local`]).
    fn same_as_local(&self, id: i64, record: &InspectionRecord) -> Result<bool> {
        Ok(self.compare_local(id, record)?.0 == Compared::Same)
    }

    /// How the local inspection `id` stands to `record`, and its local rectifications (they
    /// change after submit and are merged one by one, so they are left out of the
    /// comparison). A sign-off is given once and never changes, so a copy without one is the
    /// same inspection before it was signed: a local sign-off the file lacks leaves them the
    /// same, one the file adds is [`Compared::Signed`]. An inspector matched by name keeps its
    /// local UUID, so the comparison is in the file's terms.
    fn compare_local(
        &self,
        id: i64,
        record: &InspectionRecord,
    ) -> Result<(Compared, Vec<RectificationRecord>)> {
        let mut local = read_inspection(self.conn, id)?;
        if let Some(&inspector) = self.inspectors.get(&record.inspector_uuid) {
            let local_uuid: String = self.conn.query_row(
                "SELECT uuid FROM inspectors WHERE id = ?1",
                [inspector],
                |r| r.get(0),
            )?;
            if local_uuid == local.inspector_uuid {
                local.inspector_uuid.clone_from(&record.inspector_uuid);
            }
        }
        let rectifications =
            std::mem::replace(&mut local.rectifications, record.rectifications.clone());
        // The seal is the exporting database's word on the content, checked on import.
        local.seal.clone_from(&record.seal);
        let signed_in_file = match (&local.sign_off, &record.sign_off) {
            (Some(_), None) => {
                local.sign_off = None;
                false
            }
            (None, Some(_)) => true,
            _ => false,
        };
        if signed_in_file {
            local.sign_off.clone_from(&record.sign_off);
        }
        let compared = match (&local == record, signed_in_file) {
            (false, _) => Compared::Differs,
            (true, false) => Compared::Same,
            (true, true) => Compared::Signed,
        };
        Ok((compared, rectifications))
    }

    /// An inspection at `position` of the file's list: added, present, rejected (the local
    /// copy kept), or a repeat of one earlier in the file. Its `seal`, where it has one, the
    /// caller has checked against it: an added inspection joins the chain with that hash.
    pub fn inspection(&mut self, position: u64, record: &InspectionRecord) -> Result<Merged> {
        let earlier: Option<(i64, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT position, rejected_hash FROM temp.import_inspections WHERE uuid = ?1",
            )?
            .query_row([&record.uuid], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((first, rejected_hash)) = earlier {
            let same = match rejected_hash {
                Some(hash) => hash == content_hash(record)?,
                None => match id_by_uuid(self.conn, "inspections", &record.uuid)? {
                    Some(id) => self.same_as_local(id, record)?,
                    None => false,
                },
            };
            return Ok(if same {
                Merged::Repeated
            } else {
                Merged::RepeatedDiffers {
                    first: u64::try_from(first).unwrap_or_default(),
                }
            });
        }
        let merged = match id_by_uuid(self.conn, "inspections", &record.uuid)? {
            Some(id) => match self.compare_local(id, record)? {
                (Compared::Same, local) => {
                    self.merge_rectifications(id, record, &local)?;
                    Merged::Present
                }
                (Compared::Signed, local) => {
                    self.merge_rectifications(id, record, &local)?;
                    match &record.sign_off {
                        Some(sign_off) => {
                            self.sign(id, sign_off)?;
                            crate::store::chain::seal_sign_off(self.conn, id)?;
                            self.report.notes.push(format!(
                                "inspection {}: the sign-off of {} was added",
                                record.uuid, sign_off.name
                            ));
                            Merged::Signed
                        }
                        None => Merged::Present,
                    }
                }
                (Compared::Differs, local) => self.follow_amendments(id, record, &local)?,
            },
            None => match self.taken(record)? {
                Some(taken) => return Ok(taken),
                None => {
                    self.insert(record)?;
                    if let Some(seal) = &record.seal {
                        self.sealed.insert(record.uuid.clone(), seal.clone());
                    }
                    Merged::Added
                }
            },
        };
        let rejected_hash = match merged {
            Merged::Rejected => Some(content_hash(record)?),
            _ => None,
        };
        self.run(
            REMEMBER_INSPECTION,
            (
                &record.uuid,
                i64::try_from(position).unwrap_or(i64::MAX),
                rejected_hash,
            ),
        )?;
        match merged {
            Merged::Added => self.report.added.inspections += 1,
            Merged::Present | Merged::Signed | Merged::Newer => {
                self.report.present.inspections += 1;
            }
            Merged::Amended => {
                self.report.present.inspections += 1;
                self.report.amended += 1;
            }
            _ => self.report.rejected.push(Rejected {
                entity: "inspection".into(),
                uuid: record.uuid.clone(),
                reason: "an inspection with this UUID is already here with different content; the local copy was kept".into(),
            }),
        }
        Ok(merged)
    }

    /// An inspection here whose copy in the file differs: when one's amendments go on from
    /// the other's, the later one wins. The file's further amendments are made here — its
    /// answers, area scores, totals and sign-off written, each new amendment recorded and
    /// sealed — and kept only when the inspection then hashes as the file's record does;
    /// a rectification here that the file's copy withdrew (its answer no longer fails) is
    /// withdrawn too. A file whose amendments stop short of the local ones is an earlier
    /// copy ([`Merged::Newer`]). Anything else is [`Merged::Rejected`].
    fn follow_amendments(
        &mut self,
        id: i64,
        record: &InspectionRecord,
        local_fixes: &[RectificationRecord],
    ) -> Result<Merged> {
        let local = read_inspection_unloaded(self.conn, id)?;
        let (ours, theirs) = (&local.amendments, &record.amendments);
        if theirs.len() < ours.len() && ours.starts_with(theirs) {
            self.merge_rectifications(id, record, local_fixes)?;
            return Ok(Merged::Newer);
        }
        if theirs.len() <= ours.len() || !theirs.starts_with(ours) || local.status != "submitted" {
            return Ok(Merged::Rejected);
        }
        self.conn.execute_batch("SAVEPOINT follow_amendments")?;
        match self.take_amendments(id, record, ours.len()) {
            Ok(true) => {}
            Ok(false) => {
                self.conn
                    .execute_batch("ROLLBACK TO follow_amendments; RELEASE follow_amendments")?;
                return Ok(Merged::Rejected);
            }
            Err(e) => {
                self.conn
                    .execute_batch("ROLLBACK TO follow_amendments; RELEASE follow_amendments")?;
                return Err(e);
            }
        }
        self.conn.execute_batch("RELEASE follow_amendments")?;
        let last = theirs.last().map(|a| a.uuid.clone()).unwrap_or_default();
        let mut kept = Vec::new();
        for fix in local_fixes {
            let still_fails = record.results.iter().any(|r| {
                r.template_hash == fix.template_hash
                    && r.item_id == fix.item_id
                    && r.outcome == "fail"
            });
            if still_fails || record.rectifications.iter().any(|r| r.uuid == fix.uuid) {
                kept.push(fix.clone());
            } else {
                self.run("DELETE FROM rectifications WHERE uuid = ?1", [&fix.uuid])?;
                self.run(
                    "INSERT INTO audit_log (at, action, entity, entity_uuid, detail) VALUES (?1, 'withdraw', 'rectification', ?2, ?3)",
                    (
                        now_utc(),
                        &fix.uuid,
                        format!(
                            "inspection {}: item `{}` no longer fails after amendment {last} ({})",
                            record.uuid, fix.item_id, self.source
                        ),
                    ),
                )?;
                crate::store::chain::seal_withdrawal(self.conn, &fix.uuid, &last)?;
            }
        }
        self.merge_rectifications(id, record, &kept)?;
        self.report.notes.push(format!(
            "inspection {}: {} amendment(s) made on another PC were taken",
            record.uuid,
            theirs.len() - ours.len()
        ));
        Ok(Merged::Amended)
    }

    /// Writes the file's answers, scores, sign-off and amendments after the first `known`
    /// to the local inspection `id`; `true` when it then hashes as `record`.
    fn take_amendments(
        &mut self,
        id: i64,
        record: &InspectionRecord,
        known: usize,
    ) -> Result<bool> {
        self.run(
            "UPDATE inspections SET score = ?2, earned = ?3, possible = ?4, rating = ?5,
                 veto = ?6, note = ?7, amendments = ?8 WHERE id = ?1",
            rusqlite::params![
                id,
                record.score,
                record.earned,
                record.possible,
                &record.rating,
                record.veto,
                &record.note,
                record.amendments.len() as i64,
            ],
        )?;
        self.run(
            "DELETE FROM inspection_areas WHERE inspection_id = ?1",
            [id],
        )?;
        self.run("DELETE FROM results WHERE inspection_id = ?1", [id])?;
        self.write_answers(id, record)?;
        let signed: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sign_offs WHERE inspection_id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        if let (false, Some(sign_off)) = (signed, &record.sign_off) {
            self.sign(id, sign_off)?;
        }
        for a in &record.amendments[known..] {
            self.write_amendment(id, a)?;
        }
        let now = read_inspection_unloaded(self.conn, id)?;
        if inspection_hash(&now) != inspection_hash(record) {
            return Ok(false);
        }
        let amendments = read_amendments(self.conn, id)?;
        for a in amendments.iter().skip(known) {
            crate::store::chain::seal_amendment(self.conn, id, a)?;
        }
        Ok(true)
    }

    /// An audit entry, added at the commit unless the log already has it (an identical entry
    /// repeated in the file is taken once).
    pub fn audit(&mut self, entry: &AuditRecord) -> Result<()> {
        self.run(
            "INSERT OR IGNORE INTO temp.import_audit (at, action, entity, entity_uuid, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            (
                &entry.at,
                &entry.action,
                &entry.entity,
                &entry.entity_uuid,
                &entry.detail,
            ),
        )?;
        Ok(())
    }

    /// Adds the audit entries the log lacks, one scan of the log.
    fn merge_audit(&mut self) -> Result<()> {
        let total: i64 =
            self.conn
                .query_row("SELECT count(*) FROM temp.import_audit", [], |r| r.get(0))?;
        if total == 0 {
            return Ok(());
        }
        let present = self.conn.execute(
            "DELETE FROM temp.import_audit WHERE (entity_uuid, at, action, entity, detail) IN
                 (SELECT entity_uuid, at, action, entity, detail FROM audit_log)",
            [],
        )? as u64;
        let added = self.conn.execute(
            "INSERT INTO audit_log (at, action, entity, entity_uuid, detail)
             SELECT at, action, entity, entity_uuid, detail FROM temp.import_audit ORDER BY rowid",
            [],
        )? as u64;
        self.report.present.audit = present;
        self.report.added.audit = added;
        Ok(())
    }

    /// Writes the audit entries and commits: all of the import, or — with an error — none of
    /// it. Refused when the database path no longer names the file the store opened.
    pub fn commit(mut self) -> Result<MergeReport> {
        self.merge_audit()?;
        // The added inspections join this database's chain of content hashes.
        crate::store::chain::seal_unsealed_known(self.conn, &self.sealed)?;
        self.report.chain_after = chain_head(self.conn)?;
        let added = &self.report.added;
        let changed =
            added.halls + added.staff + added.inspectors + added.templates + added.inspections;
        // A sign-off added to an inspection already here leaves a note.
        if changed > 0 || !self.report.notes.is_empty() {
            self.conn.execute(
                "INSERT INTO audit_log (at, action, entity, entity_uuid, detail) VALUES (?1, 'import', 'database', '', ?2)",
                (
                    now_utc(),
                    format!(
                        "{}: {} inspection(s) added, {} already present, {} rejected",
                        self.source,
                        self.report.added.inspections,
                        self.report.present.inspections,
                        self.report.rejected.len()
                    ),
                ),
            )?;
        }
        self.conn
            .execute_batch("DROP TABLE temp.import_inspections; DROP TABLE temp.import_audit;")?;
        if let Err(moved) = identity::check(self.path, self.identity, ROLLED_BACK) {
            self.tx.rollback()?;
            identity::empty_log(self.conn);
            return Err(moved);
        }
        self.tx.commit()?;
        if let Err(moved) = identity::check(self.path, self.identity, WRITTEN_ELSEWHERE) {
            identity::empty_log(self.conn);
            return Err(moved);
        }
        Ok(self.report)
    }
}
