//! Writing the planned inspections: multi-row inserts of each inspection's checklists, areas
//! and results, in the one transaction the generation runs in.

use crate::store::inspections::insert_staff;
use crate::store::{Result, Store, multi_row_sql, params};

use super::DemoProgress;
use super::plan::Planned;

/// Inspections handed from the planning thread to the writer at a time.
pub(super) const CHUNK: usize = 64;

/// Writes what the planner sends in one transaction (or one per `commit_every` inspections),
/// with one statement per table and inspection, reporting progress every `batch` inspections.
/// Returns (inspections, results) written.
pub(super) fn write_planned(
    store: &mut Store,
    template_rows: &[i64],
    template_ids: &str,
    receiver: std::sync::mpsc::Receiver<Vec<Planned>>,
    (total, batch, commit_every): (u64, u64, Option<u64>),
    progress: &mut impl FnMut(DemoProgress),
) -> Result<(u64, u64)> {
    let templates_sql = multi_row_sql(
        "INSERT OR FAIL INTO inspection_templates (inspection_id, position, template_row) VALUES ",
        template_rows.len(),
        1,
        2,
        |b| format!("(?1, {})", params(b, 2)),
    );
    let areas_sql = multi_row_sql(
        "INSERT OR FAIL INTO inspection_areas (inspection_id, template_row, area, cap, effective_cap, deducted, earned, bonus, veto) VALUES ",
        template_rows.len(),
        1,
        8,
        |b| format!("(?1, {})", params(b, 8)),
    );
    let mut results_sql = String::new();
    let mut results_len = usize::MAX;
    let (mut done, mut results_written) = (0u64, 0u64);
    // The caller holds the transaction: a failure or a crash writes none of this, and pages
    // are written once instead of journalled again at every commit.
    let conn = &store.conn;
    // Into an empty database in one transaction, the inspections' indexes are built once
    // at the end (sorted) rather than kept up row by row; dropping them is part of the
    // transaction, so a failure leaves them as they were.
    let empty: bool = conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM inspections)", [], |r| {
        r.get(0)
    })?;
    let deferred: Vec<(String, String)> = if empty && commit_every.is_none() {
        let mut stmt = conn.prepare(
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'index' AND tbl_name = 'inspections' AND sql IS NOT NULL",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?
    } else {
        Vec::new()
    };
    for (name, _) in &deferred {
        conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
    }
    {
        let mut insert_inspection = conn.prepare_cached(
            "INSERT INTO inspections (uuid, hall_id, inspector_id, inspected_on, shift, started_at,
                 utc_offset_min, submitted_at, status, score, earned, possible, rating, veto, template_ids,
                 kind)
             VALUES (?1, ?2, ?3, ?4, 'morning', ?5, 480, ?6, 'submitted', ?7, ?8, ?9, ?10, ?11, ?12,
                 ?13)",
        )?;
        let mut insert_templates = conn.prepare_cached(&templates_sql)?;
        let mut insert_areas = conn.prepare_cached(&areas_sql)?;
        let mut insert_notes = conn
            .prepare_cached("INSERT INTO inspection_notes (inspection_id, text) VALUES (?1, ?2)")?;
        // The two audit entries the app writes for each inspection (created, submitted), so a
        // generated database reads and syncs at the size a hall's own would.
        let mut insert_audit = conn.prepare_cached(
            "INSERT INTO audit_log (at, action, entity, entity_uuid, detail)
             VALUES (?1, 'create', 'inspection', ?3, ?4), (?2, 'submit', 'inspection', ?3, ?5)",
        )?;
        for planned in receiver.iter().flatten() {
            insert_inspection.execute((
                &planned.uuid,
                planned.hall_id,
                planned.inspector,
                &planned.day,
                &planned.started,
                &planned.submitted,
                planned.score,
                planned.earned,
                planned.possible,
                planned.rating,
                planned.veto,
                template_ids,
                planned.kind.code(),
            ))?;
            let inspection_id = conn.last_insert_rowid();
            let positions: Vec<i64> = (0..template_rows.len() as i64).collect();
            let mut values: Vec<&dyn rusqlite::ToSql> = vec![&inspection_id];
            for (position, row) in positions.iter().zip(template_rows) {
                values.extend([position as &dyn rusqlite::ToSql, row]);
            }
            insert_templates.execute(values.as_slice())?;
            let mut values: Vec<&dyn rusqlite::ToSql> = vec![&inspection_id];
            for (row, area, cap, effective, deducted, earned, bonus, veto) in &planned.areas {
                values.extend([
                    row as &dyn rusqlite::ToSql,
                    area,
                    cap,
                    effective,
                    deducted,
                    earned,
                    bonus,
                    veto,
                ]);
            }
            insert_areas.execute(values.as_slice())?;
            // All of an inspection's results in one statement: ?1 inspection, ?2
            // answered at, then 6 values per result.
            if planned.results.len() != results_len {
                results_len = planned.results.len();
                results_sql = multi_row_sql(
                    "INSERT OR FAIL INTO results (inspection_id, template_row, item_id, outcome, count, deduction, note, answered_at) VALUES ",
                    results_len,
                    2,
                    6,
                    |b| format!("(?1, {}, ?2)", params(b, 6)),
                );
            }
            let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(2 + 6 * results_len);
            values.push(&inspection_id);
            values.push(&planned.submitted);
            for (row, item, outcome, count, deduction, note, _) in &planned.results {
                values.extend([
                    row as &dyn rusqlite::ToSql,
                    item,
                    outcome,
                    count,
                    deduction,
                    note,
                ]);
            }
            conn.prepare_cached(&results_sql)?
                .execute(values.as_slice())?;
            // The people named: a few answers of an inspection at most.
            for (row, item, .., staff) in &planned.results {
                insert_staff(conn, (inspection_id, *row, item), staff)?;
            }
            results_written += results_len as u64;
            if !planned.notes.is_empty() {
                insert_notes.execute((inspection_id, &planned.notes))?;
            }
            insert_audit.execute((
                &planned.started,
                &planned.submitted,
                &planned.uuid,
                template_ids,
                format!(
                    "score {} {}",
                    crate::domain::Points::from_hundredths(planned.score),
                    planned.rating
                ),
            ))?;
            done += 1;
            // Committed first, so what is reported can be read by others.
            if commit_every.is_some_and(|n| done % n == 0) && done < total {
                conn.execute_batch("COMMIT; BEGIN IMMEDIATE")?;
            }
            if done % batch == 0 && done < total {
                progress(DemoProgress { done, total });
            }
        }
    }
    for (_, sql) in &deferred {
        conn.execute_batch(sql)?;
    }
    Ok((done, results_written))
}
