//! Writing inspections: start a draft, save each answer in one transaction, photos, submit
//! (the score and its area rows stored with it) and discard.

use chrono::{DateTime, Utc};

use crate::domain::{
    Attachment, COUNT_MAX, InspectionScore, Item, Outcome, Points, RatingBands, Status,
};
use crate::store::{Result, Store, StoreError, new_uuid, optional};

use super::{
    AnswerInput, AttachmentMeta, NewInspection, NewSignOff, ResultRow, StaffName, SubmitRefusal,
};

/// Rewrites the searchable text of one inspection in `inspection_notes`: its own note and
/// every item note, one per line; no row when there is none.
pub(crate) fn refresh_notes(
    conn: &rusqlite::Connection,
    inspection_id: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM inspection_notes WHERE inspection_id = ?1")?
        .execute([inspection_id])?;
    conn.prepare_cached(
        "INSERT INTO inspection_notes (inspection_id, text)
         SELECT id, text FROM (
             SELECT i.id AS id,
                    trim(i.note || char(10) || coalesce(
                        (SELECT group_concat(r.note, char(10)) FROM results r
                         WHERE r.inspection_id = i.id AND r.note <> ''), ''), char(10)) AS text
             FROM inspections i WHERE i.id = ?1)
         WHERE text <> ''",
    )?
    .execute([inspection_id])?;
    Ok(())
}

/// Writes one answer: a new row, or the item's row updated in place (its people are written
/// by [`write_staff`]).
pub(super) const UPSERT_RESULT_SQL: &str = "INSERT INTO results (inspection_id, template_row, item_id, outcome, count, deduction, note, answered_at, rate)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
     ON CONFLICT (inspection_id, template_row, item_id) DO UPDATE SET
         outcome = excluded.outcome, count = excluded.count, deduction = excluded.deduction,
         note = excluded.note, answered_at = excluded.answered_at, rate = excluded.rate";

/// The points per occurrence an answer to `item` is stored with: for a ranged item's scored
/// outcome (不符合, or 加分 for a bonus item) the rate picked (the least when none is), which
/// must lie within the range; `None` for every other answer. A rate given to an item without
/// a range, and a fail of a bonus item, are refused.
pub(crate) fn rate_of(
    item: &Item,
    outcome: Outcome,
    picked: Option<Points>,
) -> Result<Option<Points>> {
    if item.bonus && outcome == Outcome::Fail {
        return Err(StoreError::Invalid(format!(
            "item `{}` is a bonus item: it is answered bonus or no bonus, never fail",
            item.id
        )));
    }
    let Some((min, max)) = item.rate_range() else {
        return match picked {
            Some(rate) => Err(StoreError::Invalid(format!(
                "item `{}` deducts a fixed {} per occurrence: no rate {rate} can be picked",
                item.id, item.deduction
            ))),
            None => Ok(None),
        };
    };
    if outcome != item.scored_outcome() {
        return Ok(None);
    }
    let rate = picked.unwrap_or(min);
    if rate < min || rate > max {
        return Err(StoreError::Invalid(format!(
            "item `{}` deducts {min} to {max} per occurrence, not {rate}",
            item.id
        )));
    }
    Ok(Some(rate))
}

/// The count an answer is stored with: at least 1, and at least one per person named.
pub(super) fn count_with_names(count: u32, names: usize) -> u32 {
    count.max(1).max(u32::try_from(names).unwrap_or(u32::MAX))
}

/// Replaces the people named in one answer by `staff_ids`, in that order.
pub(super) fn write_staff(
    conn: &rusqlite::Connection,
    (inspection_id, template_row, item_id): (i64, i64, &str),
    staff_ids: &[i64],
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "DELETE FROM result_staff WHERE inspection_id = ?1 AND template_row = ?2 AND item_id = ?3",
    )?
    .execute((inspection_id, template_row, item_id))?;
    insert_staff(conn, (inspection_id, template_row, item_id), staff_ids)
}

/// Names `staff_ids`, in that order, in an answer that names nobody yet.
pub(crate) fn insert_staff(
    conn: &rusqlite::Connection,
    (inspection_id, template_row, item_id): (i64, i64, &str),
    staff_ids: &[i64],
) -> rusqlite::Result<()> {
    if staff_ids.is_empty() {
        return Ok(());
    }
    let mut insert = conn.prepare_cached(
        "INSERT INTO result_staff (inspection_id, template_row, item_id, staff_id, position)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, staff_id) in staff_ids.iter().enumerate() {
        insert.execute((
            inspection_id,
            template_row,
            item_id,
            staff_id,
            position as i64,
        ))?;
    }
    Ok(())
}

/// The people an answer names, checked: each at most once, each on the staff of the
/// inspection's hall (`hall_id`), no more than a count can hold.
pub(super) fn staff_named(
    conn: &rusqlite::Connection,
    hall_id: i64,
    staff_ids: &[i64],
) -> Result<Vec<StaffName>> {
    if staff_ids.len() > COUNT_MAX as usize {
        return Err(StoreError::Invalid(format!(
            "an answer names at most {COUNT_MAX} people, not {}",
            staff_ids.len()
        )));
    }
    let mut find = conn.prepare_cached(
        "SELECT s.name, s.hall_id, h.name FROM staff s JOIN halls h ON h.id = s.hall_id
         WHERE s.id = ?1",
    )?;
    let mut named: Vec<StaffName> = Vec::with_capacity(staff_ids.len());
    for &id in staff_ids {
        let found: Option<(String, i64, String)> =
            optional(find.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))))?;
        let Some((name, hall, hall_name)) = found else {
            return Err(StoreError::NotFound(format!(
                "no staff member with id {id}"
            )));
        };
        if named.iter().any(|s| s.id == id) {
            return Err(StoreError::Invalid(format!(
                "staff member `{name}` is named twice in one answer"
            )));
        }
        if hall != hall_id {
            return Err(StoreError::Invalid(format!(
                "staff member `{name}` works at hall `{hall_name}`, not at the inspection's hall"
            )));
        }
        named.push(StaffName { id, name });
    }
    Ok(named)
}

/// An `inspection_areas` row after the inspection id: template row, area code, cap, effective
/// cap, deducted, earned (bonus included), bonus, veto.
pub(crate) type AreaValues = (i64, &'static str, i64, i64, i64, i64, i64, bool);

/// The stored values of one area's score.
pub(crate) fn area_values(template_row: i64, area: &crate::domain::AreaScore) -> AreaValues {
    (
        template_row,
        area.area.code(),
        area.cap.hundredths(),
        area.effective_cap.hundredths(),
        area.deducted.hundredths(),
        area.earned.hundredths(),
        area.bonus.hundredths(),
        area.veto,
    )
}

/// Stores an inspection's score: its totals on the inspection, and one `inspection_areas`
/// row per checklist (`template_rows`, in the score's order) in place of any before.
pub(super) fn write_score(
    conn: &rusqlite::Connection,
    id: i64,
    template_rows: &[i64],
    score: &InspectionScore,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE inspections SET score = ?2, earned = ?3, possible = ?4, rating = ?5, veto = ?6
         WHERE id = ?1",
        (
            id,
            score.score.hundredths(),
            score.earned.hundredths(),
            score.possible.hundredths(),
            score.rating.code(),
            score.veto,
        ),
    )?;
    conn.execute(
        "DELETE FROM inspection_areas WHERE inspection_id = ?1",
        [id],
    )?;
    for (row, area) in template_rows.iter().zip(&score.areas) {
        conn.execute(
            "INSERT INTO inspection_areas (inspection_id, template_row, area, cap, effective_cap, deducted, earned, bonus, veto)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            {
                let (row, code, cap, effective, deducted, earned, bonus, veto) =
                    area_values(*row, area);
                (id, row, code, cap, effective, deducted, earned, bonus, veto)
            },
        )?;
    }
    Ok(())
}

impl Store {
    /// Starts a draft inspection and returns its row id.
    pub fn create_inspection(&self, new: &NewInspection) -> Result<i64> {
        self.named(|| {
            if new.templates.is_empty() {
                return Err(StoreError::Invalid(
                    "choose at least one checklist to inspect".into(),
                ));
            }
            let hall = self.hall(new.hall_id)?;
            if hall.archived {
                return Err(StoreError::Invalid(format!(
                    "hall `{}` is archived; restore it before inspecting",
                    hall.name
                )));
            }
            let inspector = self.ensure_inspector(new.inspector)?;
            let tx = self.conn.unchecked_transaction()?;
            let mut rows = Vec::with_capacity(new.templates.len());
            for template in new.templates {
                rows.push(self.ensure_template(template)?);
            }
            let ids: Vec<&str> = new.templates.iter().map(|t| t.id.as_str()).collect();
            let uuid = new_uuid();
            let started_utc = new.started_at.with_timezone(&Utc);
            tx.execute(
                "INSERT INTO inspections (uuid, hall_id, inspector_id, inspected_on, shift, started_at,
                     utc_offset_min, status, template_ids, kind)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'draft', ?8, ?9)",
                (
                    &uuid,
                    new.hall_id,
                    inspector.id,
                    new.date.format("%Y-%m-%d").to_string(),
                    new.shift.code(),
                    started_utc.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                    new.started_at.offset().local_minus_utc() / 60,
                    ids.join(" "),
                    new.kind.code(),
                ),
            )?;
            let id = tx.last_insert_rowid();
            for (position, row) in rows.iter().enumerate() {
                tx.execute(
                    "INSERT INTO inspection_templates (inspection_id, position, template_row) VALUES (?1, ?2, ?3)",
                    (id, position as i64, row),
                )?;
            }
            tx.execute(
                "INSERT INTO audit_log (at, action, entity, entity_uuid, detail) VALUES (?1, 'create', 'inspection', ?2, ?3)",
                (crate::store::now_utc(), &uuid, format!("{} {}", hall.name, ids.join(" "))),
            )?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// Saves one answer at once, in one transaction (the checks that the inspection is a draft,
    /// holds the checklist and that the people named are its hall's, each once, run inside
    /// it), and returns the answer as stored — its count (raised to the number of people
    /// named), its deduction and the people's names — so a walk updates without reading the
    /// inspection again.
    pub fn save_answer(&self, inspection_id: i64, answer: &AnswerInput) -> Result<ResultRow> {
        self.named(|| {
            let template = self.template_snapshot(answer.template_row)?;
            let item = template.item(&answer.item_id).ok_or_else(|| {
                StoreError::Invalid(format!(
                    "checklist `{}` has no item `{}`",
                    template.id, answer.item_id
                ))
            })?;
            let note = answer.note.trim();
            let tx = rusqlite::Transaction::new_unchecked(
                &self.conn,
                rusqlite::TransactionBehavior::Immediate,
            )?;
            let found: Option<(String, String, i64, bool, Option<String>)> = optional(
                tx.prepare_cached(
                    "SELECT i.status, i.uuid, i.hall_id,
                        EXISTS (SELECT 1 FROM inspection_templates t
                                WHERE t.inspection_id = i.id AND t.template_row = ?2),
                        (SELECT r.note FROM results r WHERE r.inspection_id = i.id
                           AND r.template_row = ?2 AND r.item_id = ?3)
                 FROM inspections i WHERE i.id = ?1",
                )?
                .query_row((inspection_id, answer.template_row, &answer.item_id), |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                }),
            )?;
            let Some((status, uuid, hall_id, belongs, previous_note)) = found else {
                return Err(StoreError::NotFound(format!(
                    "no inspection with id {inspection_id}"
                )));
            };
            if status != Status::Draft.code() {
                return Err(StoreError::Submitted { uuid });
            }
            if !belongs {
                return Err(StoreError::Invalid(format!(
                    "checklist `{}` is not part of this inspection",
                    template.id
                )));
            }
            let staff = staff_named(&tx, hall_id, &answer.staff_ids)?;
            let count = count_with_names(answer.count, staff.len());
            let rate = rate_of(item, answer.outcome, answer.rate)?;
            let deduction = item.deduction_for(answer.outcome, count, rate);
            let answered_at = crate::store::now_utc();
            tx.prepare_cached(UPSERT_RESULT_SQL)?.execute((
                inspection_id,
                answer.template_row,
                &answer.item_id,
                answer.outcome.code(),
                count,
                deduction.hundredths(),
                note,
                &answered_at,
                rate.map(Points::hundredths),
            ))?;
            write_staff(
                &tx,
                (inspection_id, answer.template_row, &answer.item_id),
                &answer.staff_ids,
            )?;
            // The searchable note text changes with the note only.
            if previous_note.as_deref().unwrap_or("") != note {
                refresh_notes(&tx, inspection_id)?;
            }
            tx.commit()?;
            Ok(ResultRow {
                template_row: answer.template_row,
                item_id: answer.item_id.clone(),
                outcome: answer.outcome,
                count,
                deduction,
                rate,
                note: note.to_owned(),
                staff,
                answered_at,
            })
        })
    }

    /// The floor of [`Store::save_answer`] for `hallcheck bench`: the same row and people
    /// written and committed bare, without the checks, the note index or the answer read back.
    pub fn run_bare_answer(
        &self,
        inspection_id: i64,
        answer: &AnswerInput,
        deduction: Points,
    ) -> Result<()> {
        self.named(|| {
            let tx = rusqlite::Transaction::new_unchecked(
                &self.conn,
                rusqlite::TransactionBehavior::Immediate,
            )?;
            tx.prepare_cached(UPSERT_RESULT_SQL)?.execute((
                inspection_id,
                answer.template_row,
                &answer.item_id,
                answer.outcome.code(),
                count_with_names(answer.count, answer.staff_ids.len()),
                deduction.hundredths(),
                answer.note.trim(),
                crate::store::now_utc(),
                answer.rate.map(Points::hundredths),
            ))?;
            write_staff(
                &tx,
                (inspection_id, answer.template_row, &answer.item_id),
                &answer.staff_ids,
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Takes an answer back.
    pub fn clear_answer(&self, inspection_id: i64, template_row: i64, item_id: &str) -> Result<()> {
        self.named(|| {
            // The check and the change in one write transaction: a submit from elsewhere
            // cannot come between them.
            let tx = self.write_transaction()?;
            self.require_draft(inspection_id)?;
            // The people named go with the answer (ON DELETE CASCADE), and with its mark
            // of a fix on the spot, so its after-photos become ordinary photos of the item.
            tx.execute(
            "DELETE FROM results WHERE inspection_id = ?1 AND template_row = ?2 AND item_id = ?3",
            (inspection_id, template_row, item_id),
        )?;
            crate::store::rectifications::unmark_after_photos(
                &tx,
                inspection_id,
                Some((template_row, item_id)),
            )?;
            refresh_notes(&tx, inspection_id)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Stores a photo for an item of a draft.
    pub fn add_attachment(
        &self,
        inspection_id: i64,
        template_row: i64,
        item_id: &str,
        photo: &Attachment,
    ) -> Result<AttachmentMeta> {
        self.add_photo(inspection_id, (template_row, item_id), photo, false)
    }

    /// Stores a photo of an item of a draft as fixed on the spot (当场整改后), marked
    /// [`AttachmentMeta::after_fix`]: on submit it goes with the item's rectification,
    /// accepted on the spot, as its after-photo. The item must be a fail marked fixed on the
    /// spot; taking the mark back makes it an ordinary photo of the answer (see
    /// [`Store::set_fixed_on_spot`]), as does a submit that finds the item no longer a fail.
    pub fn add_after_fix_photo(
        &self,
        inspection_id: i64,
        template_row: i64,
        item_id: &str,
        photo: &Attachment,
    ) -> Result<AttachmentMeta> {
        self.add_photo(inspection_id, (template_row, item_id), photo, true)
    }

    fn add_photo(
        &self,
        inspection_id: i64,
        (template_row, item_id): (i64, &str),
        photo: &Attachment,
        after_fix: bool,
    ) -> Result<AttachmentMeta> {
        self.named(|| {
            use sha2::{Digest, Sha256};
            let sha256: String = Sha256::digest(&photo.bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let uuid = new_uuid();
            let tx = self.write_transaction()?;
            self.require_draft(inspection_id)?;
            if after_fix {
                let marked: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM results
                     WHERE inspection_id = ?1 AND template_row = ?2 AND item_id = ?3
                       AND outcome = 'fail' AND fixed_on_spot <> 0)",
                    (inspection_id, template_row, item_id),
                    |r| r.get(0),
                )?;
                if !marked {
                    return Err(StoreError::Invalid(format!(
                        "item `{item_id}` is not a fail marked fixed on the spot; an after-photo needs one"
                    )));
                }
            }
            tx.execute(
                "INSERT INTO attachments (uuid, inspection_id, template_row, item_id, file_name, mime, sha256, width, height, bytes, created_at, after_fix)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                (
                    &uuid,
                    inspection_id,
                    template_row,
                    item_id,
                    &photo.file_name,
                    &photo.mime,
                    &sha256,
                    photo.width,
                    photo.height,
                    &photo.bytes,
                    crate::store::now_utc(),
                    after_fix,
                ),
            )?;
            let id = tx.last_insert_rowid();
            tx.commit()?;
            Ok(AttachmentMeta {
                id,
                uuid,
                template_row,
                item_id: item_id.to_owned(),
                file_name: photo.file_name.clone(),
                mime: photo.mime.clone(),
                sha256,
                width: photo.width,
                height: photo.height,
                after_fix,
        })
        })
    }

    /// Removes a photo from a draft.
    pub fn remove_attachment(&self, inspection_id: i64, attachment_id: i64) -> Result<()> {
        self.named(|| {
            let tx = self.write_transaction()?;
            self.require_draft(inspection_id)?;
            tx.execute(
                "DELETE FROM attachments WHERE id = ?1 AND inspection_id = ?2",
                (attachment_id, inspection_id),
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Scores and closes a draft, and in the same transaction opens a rectification (整改)
    /// for each failed item the settings' rectification rule takes (see
    /// [`Store::rectifications`]). Refused while any item is unanswered, a failed
    /// photo-required item has no photo or a failed item that needs a reason has no note.
    pub fn submit_inspection(
        &self,
        id: i64,
        bands: &RatingBands,
        submitted_at: DateTime<Utc>,
    ) -> Result<InspectionScore> {
        self.named(|| {
            let tx = self.write_transaction()?;
            let (score, _) = self.submit_in(id, bands, submitted_at)?;
            crate::store::chain::seal_inspection(&tx, id)?;
            crate::store::chain::seal_moves(&tx)?;
            tx.commit()?;
            Ok(score)
        })
    }

    /// Submits a draft as [`Store::submit_inspection`] does and records its sign-off
    /// ([`Store::sign_off`]), both in one transaction: the inspection is submitted signed,
    /// or — refused — left a draft.
    pub fn submit_signed(
        &self,
        id: i64,
        bands: &RatingBands,
        submitted_at: DateTime<Utc>,
        sign_off: &NewSignOff<'_>,
    ) -> Result<InspectionScore> {
        self.named(|| {
            // The name first: a bad one refuses before anything is written.
            crate::domain::signer_name(sign_off.name)
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            let tx = self.write_transaction()?;
            let (score, uuid) = self.submit_in(id, bands, submitted_at)?;
            self.sign_in(id, &uuid, sign_off)?;
            crate::store::chain::seal_inspection(&tx, id)?;
            crate::store::chain::seal_moves(&tx)?;
            tx.commit()?;
            Ok(score)
        })
    }

    /// The work of a submit, inside the caller's write transaction: the checks, the score and
    /// its area rows, the audit entry. Returns the score and the inspection's UUID.
    fn submit_in(
        &self,
        id: i64,
        bands: &RatingBands,
        submitted_at: DateTime<Utc>,
    ) -> Result<(InspectionScore, String)> {
        let detail = self.inspection(id)?;
        if detail.header.status != Status::Draft {
            return Err(StoreError::Submitted {
                uuid: detail.header.uuid,
            });
        }
        let score = detail.score(bands);
        let missing_photos = detail.missing_photos();
        let missing_reasons = detail.missing_reasons();
        if !score.unanswered.is_empty() || !missing_photos.is_empty() || !missing_reasons.is_empty()
        {
            return Err(StoreError::Refused(SubmitRefusal {
                unanswered: score.unanswered.clone(),
                missing_photos,
                missing_reasons,
            }));
        }
        let rule = self.rectification_rule()?;
        self.conn.execute(
            "UPDATE inspections SET status = 'submitted', submitted_at = ?2 WHERE id = ?1",
            (
                id,
                submitted_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            ),
        )?;
        let rows: Vec<i64> = detail.templates.iter().map(|(row, _)| *row).collect();
        write_score(&self.conn, id, &rows, &score)?;
        self.conn.execute(
            "INSERT INTO audit_log (at, action, entity, entity_uuid, detail) VALUES (?1, 'submit', 'inspection', ?2, ?3)",
            (
                crate::store::now_utc(),
                &detail.header.uuid,
                format!("score {} {}", score.score, score.rating.code()),
            ),
        )?;
        crate::store::rectifications::open_on_submit(&self.conn, &detail, &rule, submitted_at)?;
        // The after-photos that went with no fix on the spot stay, as photos of their answers.
        crate::store::rectifications::unmark_after_photos(&self.conn, id, None)?;
        Ok((score, detail.header.uuid))
    }

    /// Deletes a draft and its answers and photos.
    pub fn discard_draft(&self, id: i64) -> Result<()> {
        self.named(|| {
            let tx = self.write_transaction()?;
            let header = self.require_draft(id)?;
            tx.execute("DELETE FROM inspections WHERE id = ?1", [id])?;
            tx.execute(
                "INSERT INTO audit_log (at, action, entity, entity_uuid, detail) VALUES (?1, 'discard', 'inspection', ?2, '')",
                (crate::store::now_utc(), &header.uuid),
            )?;
            tx.commit()?;
            Ok(())
        })
    }
}
