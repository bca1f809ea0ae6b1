//! Pulling: the followed halls' records written on the server since the last pull, read in
//! one snapshot of the server, written as a JSON export to a temporary file and imported —
//! every check an import makes (references, template snapshots, scores recomputed from the
//! answers, each inspection against its seal) and one SQLite transaction, committed whole or
//! not at all. A record the import refuses is named, left out with what depends on it, and
//! the rest imported again.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use postgres::{Client, IsolationLevel};

use crate::export::json::{SCHEMA, VERSION};
use crate::export::{ImportError, import_file_with_progress};
use crate::store::backups::BackupReason;
use crate::store::chain::inspection_hash;
use crate::store::{
    AuditRecord, HallRecord, InspectionRecord, InspectorRecord, MergeReport, RectificationRecord,
    StaffRecord, Store, SyncCursors, TemplateRecord,
};
use crate::sync::{Refused, ServerUrl, SyncError, SyncProgress, fault};

/// The newest revision of every table the role can read.
pub(crate) const HEAD_SQL: &str = "SELECT greatest(
    (SELECT coalesce(max(rev), 0) FROM hallcheck.halls),
    (SELECT coalesce(max(rev), 0) FROM hallcheck.staff),
    (SELECT coalesce(max(rev), 0) FROM hallcheck.inspectors),
    (SELECT coalesce(max(rev), 0) FROM hallcheck.templates),
    (SELECT coalesce(max(rev), 0) FROM hallcheck.inspections),
    (SELECT coalesce(max(rev), 0) FROM hallcheck.rectifications),
    (SELECT coalesce(max(rev), 0) FROM hallcheck.audit))";

/// Pulls what the server has past `cursors.pulled_rev` for the followed halls (this
/// database's, or all with `all_halls`) and imports it, after a copy of the database into its
/// backups folder when `backup_at` names the time. `None` when there was nothing new;
/// else the import's report, the records refused before it (an inspection that does not
/// match its seal: changed on the server behind HallCheck's back) and the revision now
/// pulled up to.
pub fn pull(
    store: &mut Store,
    client: &mut Client,
    url: &ServerUrl,
    cursors: &SyncCursors,
    (all_halls, backup_at): (bool, Option<chrono::NaiveDateTime>),
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<Option<(MergeReport, Vec<Refused>, i64)>, SyncError> {
    let err = |e: postgres::Error| url.error(e);
    let bad = |what: &str, e: serde_json::Error| SyncError::BadRecord {
        target: url.target().to_owned(),
        detail: format!("{what}: {e}"),
    };
    let followed: Vec<String> = store
        .sync_context()?
        .halls
        .into_iter()
        .map(|h| h.uuid)
        .collect();
    let mut tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(err)?;
    let head: i64 = tx.query_one(HEAD_SQL, &[]).map_err(err)?.get(0);
    if head <= cursors.pulled_rev {
        return Ok(None);
    }
    let since = cursors.pulled_rev;
    let halls_filter = "($1 OR hall_uuid = ANY($2))";

    let halls: Vec<HallRecord> = tx
        .query(
            "SELECT uuid, code, name, archived, created_at, renamed_at, archived_at FROM hallcheck.halls
             WHERE $1 OR uuid = ANY($2) ORDER BY uuid",
            &[&all_halls, &followed],
        )
        .map_err(err)?
        .iter()
        .map(|r| HallRecord {
            uuid: r.get(0),
            code: r.get(1),
            name: r.get(2),
            archived: r.get(3),
            created_at: r.get(4),
            renamed_at: r.get(5),
            archived_at: r.get(6),
        })
        .collect();
    let mut staff = Vec::new();
    for row in tx
        .query(
            &format!("SELECT record::text FROM hallcheck.staff WHERE {halls_filter} ORDER BY uuid"),
            &[&all_halls, &followed],
        )
        .map_err(err)?
    {
        let text: String = row.get(0);
        staff.push(serde_json::from_str::<StaffRecord>(&text).map_err(|e| bad("staff", e))?);
    }
    let inspectors: Vec<InspectorRecord> = tx
        .query(
            "SELECT uuid, name FROM hallcheck.inspectors ORDER BY uuid",
            &[],
        )
        .map_err(err)?
        .iter()
        .map(|r| InspectorRecord {
            uuid: r.get(0),
            name: r.get(1),
        })
        .collect();
    // Only the checklists the pulled inspections were taken with.
    let templates: Vec<TemplateRecord> = tx
        .query(
            &format!(
                "SELECT hash, template_id, version, area, snapshot FROM hallcheck.templates
                 WHERE hash IN (SELECT jsonb_array_elements_text(record->'templates')
                                FROM hallcheck.inspections WHERE rev > $3 AND {halls_filter})
                    OR hash IN (SELECT jsonb_array_elements_text(i.record->'templates')
                                FROM hallcheck.inspections i JOIN hallcheck.rectifications r
                                  ON r.inspection_uuid = i.uuid
                                WHERE r.rev > $3 AND ($1 OR r.hall_uuid = ANY($2)))
                 ORDER BY hash"
            ),
            &[&all_halls, &followed, &since],
        )
        .map_err(err)?
        .iter()
        .map(|r| TemplateRecord {
            hash: r.get(0),
            template_id: r.get(1),
            version: u32::try_from(r.get::<_, i32>(2)).unwrap_or_default(),
            area: r.get(3),
            snapshot: r.get(4),
        })
        .collect();
    let uuids: Vec<String> = tx
        .query(
            &format!(
                "SELECT uuid FROM hallcheck.inspections WHERE rev > $3 AND {halls_filter}
                 UNION
                 SELECT inspection_uuid FROM hallcheck.rectifications WHERE rev > $3 AND {halls_filter}"
            ),
            &[&all_halls, &followed, &since],
        )
        .map_err(err)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let audit: Vec<AuditRecord> = tx
        .query(
            &format!(
                "SELECT at, action, entity, entity_uuid, detail FROM hallcheck.audit
                 WHERE rev > $3 AND {halls_filter} ORDER BY id"
            ),
            &[&all_halls, &followed, &since],
        )
        .map_err(err)?
        .iter()
        .map(|r| AuditRecord {
            at: r.get(0),
            action: r.get(1),
            entity: r.get(2),
            entity_uuid: r.get(3),
            detail: r.get(4),
        })
        .collect();

    let mut header = PullHeader {
        schema: SCHEMA,
        version: VERSION,
        generator: format!(
            "HallCheck {} (sync from {})",
            env!("CARGO_PKG_VERSION"),
            url.target()
        ),
        points_unit: "hundredths",
        halls,
        staff,
        inspectors,
        templates,
        audit,
    };
    let mut file = PullFile::create(&header)?;

    let rows = tx
        .query_raw(
            "SELECT i.uuid, i.record::text,
                    (SELECT json_agg(json_build_array(p.uuid,
                         translate(encode(p.bytes, 'base64'), E'\\n', '')))::text
                     FROM hallcheck.photos p
                     WHERE p.inspection_uuid = i.uuid AND p.hall_uuid = i.hall_uuid),
                    (SELECT json_agg(r.record ORDER BY r.uuid)::text
                     FROM hallcheck.rectifications r
                     WHERE r.inspection_uuid = i.uuid AND r.hall_uuid = i.hall_uuid),
                    i.hall_uuid
             FROM hallcheck.inspections i WHERE i.uuid = ANY($1)
             ORDER BY i.inspected_on, i.uuid",
            [&uuids as &(dyn postgres::types::ToSql + Sync)],
        )
        .map_err(err)?;
    // Each inspection written, in order, with the snapshots it was taken with.
    let mut written: Vec<(String, Vec<String>)> = Vec::new();
    let mut refused = Vec::new();
    let mut rows = rows;
    while let Some(row) =
        postgres::fallible_iterator::FallibleIterator::next(&mut rows).map_err(err)?
    {
        let uuid: String = row.get(0);
        let record = match server_inspection(&row) {
            Ok(record) => record,
            Err(reason) => {
                refused.push(Refused {
                    entity: "inspection".into(),
                    uuid,
                    reason: format!("{reason}; not taken"),
                });
                continue;
            }
        };
        file.inspection(&serde_json::to_string(&record).map_err(|e| bad("inspection", e))?)?;
        written.push((record.uuid, record.templates));
        if written.len().is_multiple_of(200) {
            progress(SyncProgress::Pulling(written.len() as u64));
        }
    }
    file.finish()?;
    drop(rows);
    tx.commit().map_err(err)?;
    progress(SyncProgress::Pulling(written.len() as u64));

    if let Some(now) = backup_at {
        store.backup_into_folder(now, BackupReason::BeforeImport)?;
    }
    // A record the import refuses (its answers do not give its score, a checklist snapshot
    // that does not read, …) is left out, with what uses it, and the rest imported again:
    // one bad record on the server does not keep every hall's records from this PC.
    let mut left_out: HashSet<String> = HashSet::new();
    let mut current: Option<PullFile> = None;
    let mut attempts = 0;
    loop {
        let path = &current.as_ref().unwrap_or(&file).path;
        let imported = import_file_with_progress(store, path, &mut |p| {
            if p.inspections > 0 {
                fault("pull-merging");
            }
            progress(SyncProgress::Merging(p.inspections));
        });
        let (record, detail) = match imported {
            Ok(outcome) => return Ok(Some((outcome.report, refused, head))),
            Err(ImportError::Invalid {
                record: Some(record),
                detail,
                ..
            }) if attempts < MAX_REFUSED
                && matches!(record.kind, "inspection" | "checklist snapshot") =>
            {
                (record, detail)
            }
            Err(e) => return Err(e.into()),
        };
        let at = if record.field.is_empty() {
            String::new()
        } else {
            format!(" (at {})", record.field)
        };
        refused.push(Refused {
            entity: record.kind.to_owned(),
            uuid: record.key.clone(),
            reason: format!("{detail}{at}; not taken"),
        });
        if record.kind == "inspection" {
            left_out.insert(record.key);
        } else {
            header.templates.retain(|t| t.hash != record.key);
            for (uuid, templates) in &written {
                if templates.contains(&record.key) && left_out.insert(uuid.clone()) {
                    refused.push(Refused {
                        entity: "inspection".into(),
                        uuid: uuid.clone(),
                        reason: format!(
                            "taken with the checklist snapshot {}, which was refused; not taken",
                            record.key
                        ),
                    });
                }
            }
        }
        attempts += 1;
        let mut again = PullFile::create(&header)?;
        file.copy_into(&mut again, |n| !left_out.contains(&written[n].0))?;
        again.finish()?;
        current = Some(again);
    }
}

/// An inspection as the server has it, with its rectifications and photos, or why it cannot
/// be taken.
fn server_inspection(row: &postgres::Row) -> Result<InspectionRecord, String> {
    let uuid: String = row.get(0);
    let text: String = row.get(1);
    let photos: Option<String> = row.get(2);
    let fixes: Option<String> = row.get(3);
    let row_hall: String = row.get(4);
    let unreadable = |what: &str, e: &dyn std::fmt::Display| {
        format!("on the server its {what} do not read ({e})")
    };
    let mut record: InspectionRecord =
        serde_json::from_str(&text).map_err(|e| unreadable("record's fields", &e))?;
    // Checked before its photos' bytes and rectifications join it: the seal covers neither.
    if record.uuid != uuid {
        return Err(format!(
            "on the server its record carries another UUID, {}",
            record.uuid
        ));
    }
    if record.hall_uuid != row_hall {
        return Err(format!(
            "on the server its record names hall {} but its row hall {row_hall}",
            record.hall_uuid
        ));
    }
    if record.seal.as_deref() != Some(inspection_hash(&record).as_str()) {
        return Err(
            "on the server it does not match its seal: changed there outside HallCheck".into(),
        );
    }
    let photos: Vec<(String, String)> = match photos {
        Some(p) => serde_json::from_str(&p).map_err(|e| unreadable("photos", &e))?,
        None => Vec::new(),
    };
    let mut bytes: HashMap<String, Vec<u8>> = HashMap::new();
    for (photo, data) in photos {
        let data = STANDARD
            .decode(data.as_bytes())
            .map_err(|e| unreadable("photos", &e))?;
        bytes.insert(photo, data);
    }
    record.rectifications = match fixes {
        Some(f) => serde_json::from_str::<Vec<RectificationRecord>>(&f)
            .map_err(|e| unreadable("rectifications", &e))?,
        None => Vec::new(),
    };
    for photo in record.attachments.iter_mut().chain(
        record
            .rectifications
            .iter_mut()
            .flat_map(|r| r.events.iter_mut())
            .flat_map(|e| e.photos.iter_mut()),
    ) {
        if let Some(data) = bytes.remove(&photo.uuid) {
            photo.data = data;
        }
    }
    Ok(record)
}

/// At most this many records refused by one pull's import before the pull gives up (each
/// one costs an import of the rest).
const MAX_REFUSED: usize = 20;

/// The first line of a [`PullFile`]: what an export has before its inspections, in the
/// order an export writes it (the version first, each list before those that refer to it), so
/// the import takes the file in one reading.
#[derive(Debug, serde::Serialize)]
struct PullHeader {
    schema: &'static str,
    version: u32,
    generator: String,
    points_unit: &'static str,
    halls: Vec<HallRecord>,
    staff: Vec<StaffRecord>,
    inspectors: Vec<InspectorRecord>,
    templates: Vec<TemplateRecord>,
    audit: Vec<AuditRecord>,
}

/// A pull's records as a JSON export in a temporary file, removed when dropped: the header
/// on the first line, then one inspection per line.
struct PullFile {
    path: PathBuf,
    out: Option<BufWriter<std::fs::File>>,
    inspections: usize,
}

impl PullFile {
    fn create(header: &PullHeader) -> Result<PullFile, SyncError> {
        let path = std::env::temp_dir().join(format!(
            "hallcheck-pull-{}.json",
            uuid::Uuid::new_v4().simple()
        ));
        let out = std::fs::File::create(&path).map_err(|e| io_error(&path, e))?;
        let mut file = PullFile {
            path,
            out: Some(BufWriter::new(out)),
            inspections: 0,
        };
        let mut text = serde_json::to_string(header)
            .map_err(|e| io_error(&file.path, std::io::Error::other(e)))?;
        // The header's last `}` makes room for the inspections.
        text.pop();
        text.push_str(",\"inspections\":[\n");
        file.write(text.as_bytes())?;
        Ok(file)
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), SyncError> {
        match self.out.as_mut() {
            Some(out) => out.write_all(bytes).map_err(|e| io_error(&self.path, e)),
            None => Err(io_error(&self.path, std::io::ErrorKind::BrokenPipe.into())),
        }
    }

    /// One inspection, serialised on one line.
    fn inspection(&mut self, json: &str) -> Result<(), SyncError> {
        if self.inspections > 0 {
            self.write(b",\n")?;
        }
        self.write(json.as_bytes())?;
        self.inspections += 1;
        Ok(())
    }

    fn finish(&mut self) -> Result<(), SyncError> {
        self.write(b"\n]}\n")?;
        if let Some(mut out) = self.out.take() {
            out.flush().map_err(|e| io_error(&self.path, e))?;
        }
        Ok(())
    }

    /// This (finished) file's inspections for which `keep(n)` holds, into `to`.
    fn copy_into(&self, to: &mut PullFile, keep: impl Fn(usize) -> bool) -> Result<(), SyncError> {
        let read = std::fs::File::open(&self.path).map_err(|e| io_error(&self.path, e))?;
        let lines = BufReader::new(read).lines().skip(1).take(self.inspections);
        for (n, line) in lines.enumerate() {
            let line = line.map_err(|e| io_error(&self.path, e))?;
            if keep(n) {
                to.inspection(line.strip_suffix(',').unwrap_or(&line))?;
            }
        }
        Ok(())
    }
}

impl Drop for PullFile {
    fn drop(&mut self) {
        drop(self.out.take());
        // Best effort: the file is in the temporary folder.
        let _ = std::fs::remove_file(&self.path);
    }
}

fn io_error(path: &std::path::Path, e: std::io::Error) -> SyncError {
    SyncError::Io(format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    /// The import takes a list once what it refers to is taken and the header's version is
    /// known: in any other order it reads the whole file again (every inspection skipped
    /// the first time), which doubled the reading of a district PC's first pull.
    #[test]
    fn a_pull_file_lists_its_parts_in_the_order_the_import_takes_them_in_one_reading() {
        let header = PullHeader {
            schema: SCHEMA,
            version: VERSION,
            generator: "test".into(),
            points_unit: "hundredths",
            halls: Vec::new(),
            staff: Vec::new(),
            inspectors: Vec::new(),
            templates: Vec::new(),
            audit: Vec::new(),
        };
        let mut file = PullFile::create(&header).unwrap();
        file.finish().unwrap();
        let text = std::fs::read_to_string(&file.path).unwrap();
        let at = |key: &str| {
            text.find(&format!("\"{key}\":"))
                .unwrap_or_else(|| panic!("{key} missing from {text}"))
        };
        let order = [
            "schema",
            "version",
            "halls",
            "staff",
            "inspectors",
            "templates",
            "audit",
            "inspections",
        ];
        for pair in order.windows(2) {
            assert!(at(pair[0]) < at(pair[1]), "{pair:?} in {text}");
        }
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["inspections"], serde_json::json!([]));
    }
}
