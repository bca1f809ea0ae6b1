//! Amendments (更正): a submitted inspection changes only through one. The answers are
//! rewritten, the inspection re-scored, and the change recorded (who, when, why, each answer
//! as it was and as it became) in one transaction.

use chrono::{DateTime, FixedOffset, Utc};

use crate::domain::{
    Amendment, AnswerChange, AnswerState, Points, Rating, RatingBands, Status,
    check_author_and_reason,
};
use crate::store::{Result, Store, StoreError, new_uuid};

use super::write::{
    UPSERT_RESULT_SQL, count_with_names, rate_of, refresh_notes, staff_named, write_score,
    write_staff,
};
use super::{AnswerInput, ResultRow, SubmitRefusal};

/// An amendment as the user gives it.
#[derive(Debug, Clone)]
pub struct AmendmentInput {
    /// Who makes it.
    pub by: String,
    /// Why.
    pub reason: String,
    /// The answers as they should be; those equal to the stored ones change nothing.
    pub answers: Vec<AnswerInput>,
    /// When, with the local offset.
    pub at: DateTime<FixedOffset>,
}

fn state_of(row: &ResultRow) -> AnswerState {
    AnswerState {
        outcome: row.outcome,
        count: row.count,
        rate: row.rate,
        note: row.note.clone(),
        staff: row.staff.iter().map(|s| s.name.clone()).collect(),
    }
}

fn invalid(e: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(e.to_string())
}

impl Store {
    /// Amends a submitted inspection: writes the answers given, re-scores it with `bands`,
    /// and records the amendment. Refused for a draft, without a name or a reason, when no
    /// answer changes, and when a changed answer fails an item that needs a reason without
    /// one. Photos are not asked for: the amendment's reason stands for them.
    pub fn amend_inspection(
        &self,
        id: i64,
        input: &AmendmentInput,
        bands: &RatingBands,
    ) -> Result<Amendment> {
        self.named(|| {
            check_author_and_reason(&input.by, &input.reason).map_err(invalid)?;
            let tx = rusqlite::Transaction::new_unchecked(
                &self.conn,
                rusqlite::TransactionBehavior::Immediate,
            )?;
            let before = self.inspection(id)?;
            let header = &before.header;
            if header.status != Status::Submitted {
                return Err(StoreError::Invalid(format!(
                    "inspection {} is a draft: its answers change in the walk, not by amendment",
                    header.uuid
                )));
            }
            let (Some(score_before), Some(rating_before)) = (header.score, header.rating) else {
                return Err(StoreError::Invalid(format!(
                    "inspection {} has no stored score",
                    header.uuid
                )));
            };
            let mut changes = Vec::new();
            for answer in &input.answers {
                let Some((_, template)) = before
                    .templates
                    .iter()
                    .find(|(row, _)| *row == answer.template_row)
                else {
                    return Err(StoreError::Invalid(format!(
                        "checklist row {} is not part of inspection {}",
                        answer.template_row, header.uuid
                    )));
                };
                let item = template.item(&answer.item_id).ok_or_else(|| {
                    StoreError::Invalid(format!(
                        "checklist `{}` has no item `{}`",
                        template.id, answer.item_id
                    ))
                })?;
                let staff = staff_named(&tx, header.hall_id, &answer.staff_ids)?;
                let count = count_with_names(answer.count, staff.len());
                let rate = rate_of(item, answer.outcome, answer.rate)?;
                let note = answer.note.trim();
                let after = AnswerState {
                    outcome: answer.outcome,
                    count,
                    rate,
                    note: note.to_owned(),
                    staff: staff.iter().map(|s| s.name.clone()).collect(),
                };
                let was = before
                    .result(answer.template_row, &answer.item_id)
                    .map(state_of)
                    .ok_or_else(|| {
                        StoreError::Invalid(format!(
                            "item `{}` has no answer in inspection {}",
                            answer.item_id, header.uuid
                        ))
                    })?;
                if was == after {
                    continue;
                }
                tx.prepare_cached(UPSERT_RESULT_SQL)?.execute((
                    id,
                    answer.template_row,
                    &answer.item_id,
                    answer.outcome.code(),
                    count,
                    item.deduction_for(answer.outcome, count, rate).hundredths(),
                    note,
                    crate::store::now_utc(),
                    rate.map(Points::hundredths),
                ))?;
                write_staff(
                    &tx,
                    (id, answer.template_row, &answer.item_id),
                    &answer.staff_ids,
                )?;
                changes.push(AnswerChange {
                    template_id: template.id.clone(),
                    item_id: answer.item_id.clone(),
                    before: was,
                    after,
                });
            }
            if changes.is_empty() {
                return Err(invalid(crate::domain::AmendmentError::NothingChanged));
            }
            let after = self.inspection(id)?;
            let missing_reasons = after.missing_reasons();
            if !missing_reasons.is_empty() {
                return Err(StoreError::Refused(SubmitRefusal {
                    unanswered: Vec::new(),
                    missing_photos: Vec::new(),
                    missing_reasons,
                }));
            }
            let score = after.score(bands);
            let rows: Vec<i64> = after.templates.iter().map(|(row, _)| *row).collect();
            write_score(&tx, id, &rows, &score)?;
            refresh_notes(&tx, id)?;
            let seq = header.amendments + 1;
            let amendment = Amendment {
                uuid: new_uuid(),
                seq,
                at: input
                    .at
                    .with_timezone(&Utc)
                    .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                utc_offset_min: input.at.offset().local_minus_utc() / 60,
                by: input.by.trim().to_owned(),
                reason: input.reason.trim().to_owned(),
                changes,
                score: (score_before, score.score),
                rating: (rating_before, score.rating),
            };
            let changes_json = serde_json::to_string(&amendment.changes)
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            tx.execute(
                "INSERT INTO amendments (uuid, inspection_id, seq, amended_at, utc_offset_min,
                     amended_by, reason, changes, score_before, score_after, rating_before,
                     rating_after)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                rusqlite::params![
                    &amendment.uuid,
                    id,
                    seq,
                    &amendment.at,
                    amendment.utc_offset_min,
                    &amendment.by,
                    &amendment.reason,
                    changes_json,
                    score_before.hundredths(),
                    score.score.hundredths(),
                    rating_before.code(),
                    score.rating.code(),
                ],
            )?;
            tx.execute(
                "UPDATE inspections SET amendments = ?2 WHERE id = ?1",
                (id, seq),
            )?;
            crate::store::rectifications::follow_amendment(
                &tx,
                &after,
                &self.rectification_rule()?,
                (input.at.with_timezone(&Utc), &amendment.uuid),
            )?;
            crate::store::chain::seal_amendment(&tx, id, &amendment)?;
            crate::store::chain::seal_moves(&tx)?;
            tx.execute(
                "INSERT INTO audit_log (at, action, entity, entity_uuid, detail) VALUES (?1, 'amend', 'inspection', ?2, ?3)",
                (
                    crate::store::now_utc(),
                    &header.uuid,
                    format!(
                        "amendment {seq} by {}: score {score_before} → {}",
                        amendment.by, score.score
                    ),
                ),
            )?;
            tx.commit()?;
            Ok(amendment)
        })
    }

    /// An inspection's amendments, oldest first.
    pub fn amendments(&self, id: i64) -> Result<Vec<Amendment>> {
        self.named(|| read_amendments(&self.conn, id))
    }
}

/// An inspection's amendments, oldest first.
pub(crate) fn read_amendments(conn: &rusqlite::Connection, id: i64) -> Result<Vec<Amendment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT uuid, seq, amended_at, utc_offset_min, amended_by, reason, changes,
                        score_before, score_after, rating_before, rating_after
                 FROM amendments WHERE inspection_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([id], |r| {
        let changes: String = r.get(6)?;
        let rating = |n: usize| -> rusqlite::Result<Rating> {
            let code: String = r.get(n)?;
            Rating::from_code(&code).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    n,
                    rusqlite::types::Type::Text,
                    format!("unknown rating `{code}`").into(),
                )
            })
        };
        Ok(Amendment {
            uuid: r.get(0)?,
            seq: r.get(1)?,
            at: r.get(2)?,
            utc_offset_min: r.get(3)?,
            by: r.get(4)?,
            reason: r.get(5)?,
            changes: serde_json::from_str(&changes).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    6,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?,
            score: (
                Points::from_hundredths(r.get(7)?),
                Points::from_hundredths(r.get(8)?),
            ),
            rating: (rating(9)?, rating(10)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
