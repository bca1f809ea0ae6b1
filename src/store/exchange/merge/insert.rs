//! Writing one new inspection of an import: its row, checklists, area scores, answers, note
//! index, photos, rectifications with their history and the sign-off — after checking that
//! none of its photo, rectification or rectification move UUIDs is already held elsewhere.

use rusqlite::OptionalExtension;

use crate::store::exchange::merge::{Merge, Merged, missing};
use crate::store::exchange::{AmendmentRecord, InspectionRecord, SignOffRecord};
use crate::store::inspections::insert_staff;
use crate::store::{Result, multi_row_sql, params};

/// One inspection.
const INSERT_INSPECTION: &str =
    "INSERT INTO inspections (uuid, hall_id, inspector_id, inspected_on, shift, started_at,
         utc_offset_min, submitted_at, status, score, earned, possible, rating, veto,
         template_ids, note, kind)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";
/// One of its checklists, in walking order.
const INSERT_CHECKLIST: &str =
    "INSERT INTO inspection_templates (inspection_id, position, template_row)
     VALUES (?1, ?2, ?3)";
/// One area score.
const INSERT_AREA: &str =
    "INSERT INTO inspection_areas (inspection_id, template_row, area, cap, effective_cap,
         deducted, earned, bonus, veto)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
/// Answers, one value tuple each (their people are written by `insert_staff`); a failure
/// fails the import, which then writes nothing, so no statement journal is kept.
const INSERT_RESULTS: &str =
    "INSERT OR FAIL INTO results (inspection_id, template_row, item_id, outcome, count,
         deduction, note, answered_at, rate, fixed_on_spot) VALUES ";
/// Answers a statement at most (9 parameters each, within SQLite's limit of variables).
const RESULTS_A_STATEMENT: usize = 500;
/// One photo.
const INSERT_PHOTO: &str =
    "INSERT INTO attachments (uuid, inspection_id, template_row, item_id, file_name, mime,
         sha256, width, height, bytes, created_at, after_fix)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
/// An amendment.
const INSERT_AMENDMENT: &str = "INSERT INTO amendments (uuid, inspection_id, seq, amended_at,
     utc_offset_min, amended_by, reason, changes, score_before, score_after, rating_before,
     rating_after)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
/// The sign-off.
const INSERT_SIGN_OFF: &str =
    "INSERT INTO sign_offs (inspection_id, role, name, strokes, signed_at, utc_offset_min)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
impl Merge<'_> {
    /// A photo or rectification UUID of `record` that this database already holds.
    pub(super) fn taken(&self, record: &InspectionRecord) -> Result<Option<Merged>> {
        let lists = [
            (
                "attachments",
                "photo",
                record
                    .attachments
                    .iter()
                    .map(|p| p.uuid.as_str())
                    .collect::<Vec<_>>(),
            ),
            (
                "rectifications",
                "rectification",
                record
                    .rectifications
                    .iter()
                    .map(|r| r.uuid.as_str())
                    .collect(),
            ),
        ];
        for (table, what, uuids) in lists {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT i.uuid FROM {table} x JOIN inspections i ON i.id = x.inspection_id WHERE x.uuid = ?1"
            ))?;
            for (k, uuid) in uuids.into_iter().enumerate() {
                if let Some(holder) = stmt
                    .query_row([uuid], |r| r.get::<_, String>(0))
                    .optional()?
                {
                    return Ok(Some(Merged::Taken {
                        field: format!("{table}[{k}].uuid"),
                        detail: format!(
                            "{what} `{uuid}` is already stored with inspection `{holder}`"
                        ),
                    }));
                }
            }
        }
        for (n, fix) in record.rectifications.iter().enumerate() {
            for (k, event) in fix.events.iter().enumerate() {
                if let Some(holder) = self.event_holder(&event.uuid)? {
                    return Ok(Some(Merged::Taken {
                        field: format!("rectifications[{n}].events[{k}].uuid"),
                        detail: format!(
                            "rectification move `{}` is already stored with rectification `{holder}`",
                            event.uuid
                        ),
                    }));
                }
                for photo in &event.photos {
                    if let Some(holder) = self.photo_holder(&photo.uuid)? {
                        return Ok(Some(Merged::Taken {
                            field: format!("rectifications[{n}].events[{k}].photos"),
                            detail: format!(
                                "photo `{}` is already stored with inspection `{holder}`",
                                photo.uuid
                            ),
                        }));
                    }
                }
            }
        }
        Ok(None)
    }

    pub(super) fn insert(&mut self, inspection: &InspectionRecord) -> Result<()> {
        let hall = *self
            .halls
            .get(&inspection.hall_uuid)
            .ok_or_else(|| missing("hall", &inspection.hall_uuid))?;
        let inspector = *self
            .inspectors
            .get(&inspection.inspector_uuid)
            .ok_or_else(|| missing("inspector", &inspection.inspector_uuid))?;
        self.run(
            INSERT_INSPECTION,
            rusqlite::params![
                &inspection.uuid,
                hall,
                inspector,
                inspection.inspected_on.format("%Y-%m-%d").to_string(),
                &inspection.shift,
                &inspection.started_at,
                inspection.utc_offset_min,
                &inspection.submitted_at,
                &inspection.status,
                inspection.score,
                inspection.earned,
                inspection.possible,
                &inspection.rating,
                inspection.veto,
                &inspection.template_ids,
                &inspection.note,
                &inspection.kind,
            ],
        )?;
        let id = self.conn.last_insert_rowid();
        for (position, hash) in inspection.templates.iter().enumerate() {
            self.run(
                INSERT_CHECKLIST,
                (id, position as i64, self.template_row(hash)?),
            )?;
        }
        self.write_answers(id, inspection)?;
        for photo in &inspection.attachments {
            self.run(
                INSERT_PHOTO,
                rusqlite::params![
                    &photo.uuid,
                    id,
                    self.template_row(&photo.template_hash)?,
                    &photo.item_id,
                    &photo.file_name,
                    &photo.mime,
                    &photo.sha256,
                    photo.width,
                    photo.height,
                    &photo.data,
                    &photo.created_at,
                    photo.after_fix,
                ],
            )?;
            self.report.added.photos += 1;
        }
        for fix in &inspection.rectifications {
            self.insert_rectification(id, fix, inspection)?;
            self.report.added.rectifications += 1;
        }
        if let Some(sign_off) = &inspection.sign_off {
            self.sign(id, sign_off)?;
        }
        for a in &inspection.amendments {
            self.write_amendment(id, a)?;
        }
        if !inspection.amendments.is_empty() {
            self.run(
                "UPDATE inspections SET amendments = ?2 WHERE id = ?1",
                (id, inspection.amendments.len() as i64),
            )?;
        }
        Ok(())
    }

    /// Writes the area scores and answers of `inspection` (with their people and the note
    /// index) to the local inspection `id`, which has none.
    pub(super) fn write_answers(&mut self, id: i64, inspection: &InspectionRecord) -> Result<()> {
        for area in &inspection.areas {
            self.run(
                INSERT_AREA,
                (
                    id,
                    self.template_row(&area.template_hash)?,
                    &area.area,
                    area.cap,
                    area.effective_cap,
                    area.deducted,
                    area.earned,
                    area.bonus(),
                    area.veto,
                ),
            )?;
        }
        // The answers in multi-row statements (a checklist's answers a statement): the
        // import's bulk of rows, written without a statement each.
        let mut rows = Vec::with_capacity(inspection.results.len());
        for result in &inspection.results {
            let staff_ids = result
                .people()
                .iter()
                .map(|uuid| {
                    self.staff
                        .get(uuid)
                        .copied()
                        .ok_or_else(|| missing("staff member", uuid))
                })
                .collect::<Result<Vec<i64>>>()?;
            rows.push((self.template_row(&result.template_hash)?, result, staff_ids));
        }
        for chunk in rows.chunks(RESULTS_A_STATEMENT) {
            let sql = multi_row_sql(INSERT_RESULTS, chunk.len(), 1, 9, |b| {
                format!("(?1, {})", params(b, 9))
            });
            let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(1 + 9 * chunk.len());
            values.push(&id);
            for (template_row, result, _) in chunk {
                values.extend([
                    template_row as &dyn rusqlite::ToSql,
                    &result.item_id,
                    &result.outcome,
                    &result.count,
                    &result.deduction,
                    &result.note,
                    &result.answered_at,
                    &result.rate,
                    &result.fixed_on_spot,
                ]);
            }
            self.conn.prepare_cached(&sql)?.execute(values.as_slice())?;
        }
        for (template_row, result, staff_ids) in &rows {
            insert_staff(self.conn, (id, *template_row, &result.item_id), staff_ids)?;
        }
        crate::store::inspections::refresh_notes(self.conn, id)?;
        Ok(())
    }

    /// Writes one amendment of the local inspection `id`.
    pub(super) fn write_amendment(&self, id: i64, a: &AmendmentRecord) -> Result<()> {
        let changes = serde_json::to_string(&a.changes)
            .map_err(|e| crate::store::StoreError::Invalid(e.to_string()))?;
        self.run(
            INSERT_AMENDMENT,
            rusqlite::params![
                &a.uuid,
                id,
                a.seq,
                &a.at,
                a.utc_offset_min,
                &a.by,
                &a.reason,
                changes,
                a.score.0,
                a.score.1,
                &a.rating.0,
                &a.rating.1,
            ],
        )
    }

    /// Writes the sign-off of inspection `id` (checked by the import).
    pub(super) fn sign(&self, id: i64, sign_off: &SignOffRecord) -> Result<()> {
        self.run(
            INSERT_SIGN_OFF,
            (
                id,
                &sign_off.role,
                &sign_off.name,
                &sign_off.strokes,
                &sign_off.signed_at,
                sign_off.utc_offset_min,
            ),
        )
    }
}
