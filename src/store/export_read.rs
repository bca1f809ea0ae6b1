//! Reading many inspections for an export: one read transaction (a consistent state while the
//! app or another program writes), each checklist snapshot and hall read once per export, and
//! the floor an export's speed is measured against — the same rows joined and written bare.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use crate::domain::Template;
use crate::store::{InspectionDetail, Result, Store, StoreError, classify};

/// What an export reads once and shares between its inspections: snapshots and hall keys.
#[derive(Debug, Default)]
pub struct ExportCache {
    templates: HashMap<i64, Arc<Template>>,
    halls: HashMap<i64, String>,
}

/// One inspection as an export reads it.
#[derive(Debug, Clone)]
pub struct ExportedInspection {
    /// Header, shared snapshots, answers and photos.
    pub detail: InspectionDetail<Arc<Template>>,
    /// The inspection's own note.
    pub note: String,
    /// The hall's code, or its row id when it has none.
    pub hall_key: String,
}

impl Store {
    /// Runs `read` in one read transaction, so all it reads is one state of the database even
    /// while another connection writes (which it does not block). Inside a transaction
    /// already, `read` just runs.
    pub fn read_consistently<T, E: From<StoreError>>(
        &self,
        read: impl FnOnce() -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        if !self.conn.is_autocommit() {
            return read();
        }
        self.conn
            .execute_batch("BEGIN DEFERRED")
            .map_err(|e| classify(&self.path, e))?;
        let result = read();
        // A read transaction has nothing to keep: ending it cannot lose anything, and the
        // result (or the error) of the read is what matters.
        let _ended = self.conn.execute_batch("COMMIT");
        result
    }

    /// An inspection for an export: like [`Store::inspection`], with snapshots and hall keys
    /// read once into `cache`.
    pub fn exported_inspection(
        &self,
        id: i64,
        cache: &mut ExportCache,
    ) -> Result<ExportedInspection> {
        self.named(|| {
            let templates = &mut cache.templates;
            let detail = self.inspection_with(id, |row| {
                if let Some(template) = templates.get(&row) {
                    return Ok(Arc::clone(template));
                }
                let template = self.template_snapshot(row)?;
                templates.insert(row, Arc::clone(&template));
                Ok(template)
            })?;
            let note: String = self
                .conn
                .prepare_cached("SELECT note FROM inspections WHERE id = ?1")?
                .query_row([id], |r| r.get(0))?;
            let hall_id = detail.header.hall_id;
            let hall_key = match cache.halls.get(&hall_id) {
                Some(key) => key.clone(),
                None => {
                    let key = self.hall(hall_id)?.key();
                    cache.halls.insert(hall_id, key.clone());
                    key
                }
            };
            Ok(ExportedInspection {
                detail,
                note,
                hall_key,
            })
        })
    }

    /// The floor of the CSV export: every item row of every inspection — the inspection's,
    /// hall's, inspector's, checklist's and answer's columns, the item's text from its snapshot
    /// and its photo count — joined in SQL in the export's order and written to `out` as bare
    /// CSV (no BOM, no neutralising, raw codes). Returns the rows written.
    pub fn run_bare_csv_export(&self, out: &mut dyn Write) -> Result<u64> {
        self.named(|| {
            let mut stmt = self.conn.prepare(BARE_EXPORT_SQL)?;
            let columns = stmt.column_count();
            let mut rows = stmt.query([])?;
            let mut written = 0u64;
            let io = |e: std::io::Error| StoreError::io(&self.path, e);
            while let Some(row) = rows.next()? {
                for col in 0..columns {
                    if col > 0 {
                        out.write_all(b",").map_err(io)?;
                    }
                    bare_field(out, row.get_ref(col)?).map_err(io)?;
                }
                out.write_all(b"\r\n").map_err(io)?;
                written += 1;
            }
            Ok(written)
        })
    }
}

/// One value as a CSV field: numbers as they are, text quoted when it must be.
fn bare_field(out: &mut dyn Write, value: rusqlite::types::ValueRef<'_>) -> std::io::Result<()> {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Null => Ok(()),
        ValueRef::Integer(n) => write!(out, "{n}"),
        ValueRef::Real(x) => write!(out, "{x}"),
        ValueRef::Text(text) | ValueRef::Blob(text) => {
            if text
                .iter()
                .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
            {
                out.write_all(b"\"")?;
                for part in text.split_inclusive(|b| *b == b'"') {
                    out.write_all(part)?;
                    if part.ends_with(b"\"") {
                        out.write_all(b"\"")?;
                    }
                }
                out.write_all(b"\"")
            } else {
                out.write_all(text)
            }
        }
    }
}

/// The export's rows in one statement (see [`Store::run_bare_csv_export`]); the same join
/// can be run by `sqlite3 -csv` for comparison.
pub const BARE_EXPORT_SQL: &str = "WITH items AS MATERIALIZED (
    SELECT t.id AS template_row, j.key + 1 AS seq, j.value ->> 'id' AS item_id,
           j.value ->> 'text' AS text, j.value ->> 'veto' AS veto
    FROM templates t, json_each(t.snapshot, '$.items') j)
SELECT i.uuid, h.code, h.name, i.inspected_on, i.shift, i.kind, p.name, i.status, i.score,
       i.rating, i.veto, t.area, t.template_id, t.version, it.item_id, it.seq, it.text,
       r.outcome, r.count, r.deduction,
       (SELECT group_concat(s.name, '、' ORDER BY rs.position)
        FROM result_staff rs JOIN staff s ON s.id = rs.staff_id
        WHERE rs.inspection_id = i.id AND rs.template_row = r.template_row
          AND rs.item_id = r.item_id),
       r.note,
       (SELECT count(*) FROM attachments a WHERE a.inspection_id = i.id
           AND a.template_row = r.template_row AND a.item_id = r.item_id
           AND a.rectification_event_id IS NULL),
       it.veto
FROM inspections i JOIN halls h ON h.id = i.hall_id JOIN inspectors p ON p.id = i.inspector_id
JOIN inspection_templates x ON x.inspection_id = i.id
JOIN templates t ON t.id = x.template_row
JOIN items it ON it.template_row = t.id
LEFT JOIN results r ON r.inspection_id = i.id AND r.template_row = t.id AND r.item_id = it.item_id
ORDER BY i.inspected_on, h.name, i.id, x.position, it.seq";
