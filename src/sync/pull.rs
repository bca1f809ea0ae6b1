//! Pulling: the followed halls' records written on the server since the last pull, read in
//! one snapshot of the server, written as a JSON export to a temporary file and imported —
//! every check an import makes (references, template snapshots, scores recomputed from the
//! answers, each inspection against its seal) and one SQLite transaction, committed whole or
//! not at all.

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use postgres::{Client, IsolationLevel};

use crate::export::import_file_with_progress;
use crate::export::json::{SCHEMA, VERSION};
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

/// A temporary file removed when dropped.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        // Best effort: the file is in the temporary folder.
        let _ = std::fs::remove_file(&self.0);
    }
}

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
            "SELECT uuid, code, name, archived, created_at, renamed_at FROM hallcheck.halls
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

    let path = std::env::temp_dir().join(format!(
        "hallcheck-pull-{}.json",
        uuid::Uuid::new_v4().simple()
    ));
    let file = TempFile(path.clone());
    let io = |e: std::io::Error| SyncError::Io(format!("{}: {e}", path.display()));
    let mut out = BufWriter::new(std::fs::File::create(&path).map_err(io)?);
    let header = serde_json::json!({
        "schema": SCHEMA,
        "version": VERSION,
        "generator": format!("HallCheck {} (sync from {})", env!("CARGO_PKG_VERSION"), url.target()),
        "points_unit": "hundredths",
        "halls": halls,
        "staff": staff,
        "inspectors": inspectors,
        "templates": templates,
        "audit": audit,
    });
    let mut head_text = serde_json::to_string(&header).map_err(|e| bad("header", e))?;
    // The header's last `}` makes room for the inspections, streamed one per line.
    head_text.pop();
    out.write_all(head_text.as_bytes()).map_err(io)?;
    out.write_all(b",\"inspections\":[\n").map_err(io)?;

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
    let mut read = 0u64;
    let mut refused = Vec::new();
    let mut rows = rows;
    while let Some(row) =
        postgres::fallible_iterator::FallibleIterator::next(&mut rows).map_err(err)?
    {
        let uuid: String = row.get(0);
        let text: String = row.get(1);
        let photos: Option<String> = row.get(2);
        let fixes: Option<String> = row.get(3);
        let row_hall: String = row.get(4);
        let mut record: InspectionRecord =
            serde_json::from_str(&text).map_err(|e| bad(&format!("inspection {uuid}"), e))?;
        let photos: Vec<(String, String)> = match photos {
            Some(p) => {
                serde_json::from_str(&p).map_err(|e| bad(&format!("photos of {uuid}"), e))?
            }
            None => Vec::new(),
        };
        let mut bytes: HashMap<String, Vec<u8>> = HashMap::new();
        for (photo, data) in photos {
            let data = STANDARD
                .decode(data.as_bytes())
                .map_err(|e| SyncError::BadRecord {
                    target: url.target().to_owned(),
                    detail: format!("photo {photo}: {e}"),
                })?;
            bytes.insert(photo, data);
        }
        record.rectifications = match fixes {
            Some(f) => serde_json::from_str::<Vec<RectificationRecord>>(&f)
                .map_err(|e| bad(&format!("rectifications of {uuid}"), e))?,
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
        if record.uuid != uuid || record.hall_uuid != row_hall {
            refused.push(Refused {
                entity: "inspection".into(),
                uuid,
                reason: format!(
                    "on the server its record names hall {} but its row hall {row_hall}; not taken",
                    record.hall_uuid
                ),
            });
            continue;
        }
        if record.seal.as_deref() != Some(inspection_hash(&record).as_str()) {
            refused.push(Refused {
                entity: "inspection".into(),
                uuid,
                reason: "on the server it does not match its seal: changed there outside HallCheck; not taken".into(),
            });
            continue;
        }
        if read > 0 {
            out.write_all(b",\n").map_err(io)?;
        }
        serde_json::to_writer(&mut out, &record).map_err(|e| bad("inspection", e))?;
        read += 1;
        if read.is_multiple_of(200) {
            progress(SyncProgress::Pulling(read));
        }
    }
    out.write_all(b"\n]}\n").map_err(io)?;
    out.flush().map_err(io)?;
    drop(out);
    drop(rows);
    tx.commit().map_err(err)?;
    progress(SyncProgress::Pulling(read));

    if let Some(now) = backup_at {
        store.backup_into_folder(now, BackupReason::BeforeImport)?;
    }
    let outcome = import_file_with_progress(store, &file.0, &mut |p| {
        if p.inspections > 0 {
            fault("pull-merging");
        }
        progress(SyncProgress::Merging(p.inspections));
    })?;
    Ok(Some((outcome.report, refused, head)))
}
