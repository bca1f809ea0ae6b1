//! Inspections and their answers: start, answer (one transaction per answer), photos,
//! submit, drafts, and the History list queries.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rusqlite::{Row, ToSql, params_from_iter};

use crate::domain::scoring::deduction_for;
use crate::domain::{
    Answer, Attachment, InspectionScore, Outcome, Points, Rating, RatingBands, Shift, Status,
    Template, score_inspection,
};
use crate::store::{Result, Store, StoreError, new_uuid, optional};

/// What starts an inspection.
#[derive(Debug, Clone)]
pub struct NewInspection<'a> {
    /// The hall inspected.
    pub hall_id: i64,
    /// Who inspects (created on first use).
    pub inspector: &'a str,
    /// The local calendar day.
    pub date: NaiveDate,
    /// The shift.
    pub shift: Shift,
    /// The checklists, in walking order.
    pub templates: &'a [Template],
    /// When it started, with the local offset.
    pub started_at: DateTime<FixedOffset>,
}

/// One answer as the inspector gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerInput {
    /// The template snapshot row the item belongs to.
    pub template_row: i64,
    /// The item.
    pub item_id: String,
    /// What was found.
    pub outcome: Outcome,
    /// Places or person-times for a fail (at least 1).
    pub count: u32,
    /// The reason (扣分原因) or remark.
    pub note: String,
    /// The staff member concerned, for per-person items.
    pub staff_id: Option<i64>,
}

/// The header of one inspection.
#[derive(Debug, Clone, PartialEq)]
pub struct InspectionHeader {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uuid: String,
    /// Hall row id.
    pub hall_id: i64,
    /// Hall name.
    pub hall_name: String,
    /// Inspector name.
    pub inspector: String,
    /// Local day.
    pub date: NaiveDate,
    /// Shift.
    pub shift: Shift,
    /// Draft or submitted.
    pub status: Status,
    /// Start instant (UTC, RFC 3339).
    pub started_at: String,
    /// Local offset at the start, in minutes east of UTC.
    pub utc_offset_min: i32,
    /// Submit instant (UTC, RFC 3339).
    pub submitted_at: Option<String>,
    /// Score out of 100, once submitted.
    pub score: Option<Points>,
    /// Rating, once submitted.
    pub rating: Option<Rating>,
    /// A veto item failed (stored at submit).
    pub veto: bool,
    /// The template ids, space-separated.
    pub template_ids: String,
}

/// One stored answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultRow {
    /// Template snapshot row.
    pub template_row: i64,
    /// Item id.
    pub item_id: String,
    /// What was found.
    pub outcome: Outcome,
    /// Places or person-times.
    pub count: u32,
    /// Points deducted before the area cap.
    pub deduction: Points,
    /// Reason or remark.
    pub note: String,
    /// Staff member concerned.
    pub staff_id: Option<i64>,
    /// Their name.
    pub staff_name: Option<String>,
    /// When answered (UTC).
    pub answered_at: String,
}

/// A photo's description, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentMeta {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uuid: String,
    /// Template snapshot row.
    pub template_row: i64,
    /// Item id.
    pub item_id: String,
    /// The original file name.
    pub file_name: String,
    /// MIME type of the stored bytes.
    pub mime: String,
    /// SHA-256 of the stored bytes (hex).
    pub sha256: String,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
}

/// A whole inspection: header, the snapshots it was taken with, answers and photos. `T` is
/// how a snapshot is held: owned, or shared (`Arc<Template>`) by a reader of many inspections.
#[derive(Debug, Clone, PartialEq)]
pub struct InspectionDetail<T = Template> {
    /// Header.
    pub header: InspectionHeader,
    /// (snapshot row, template), in walking order.
    pub templates: Vec<(i64, T)>,
    /// Answers given so far.
    pub results: Vec<ResultRow>,
    /// Photos.
    pub attachments: Vec<AttachmentMeta>,
}

impl<T: Borrow<Template>> InspectionDetail<T> {
    /// The answer to an item, if given.
    pub fn result(&self, template_row: i64, item_id: &str) -> Option<&ResultRow> {
        self.results
            .iter()
            .find(|r| r.template_row == template_row && r.item_id == item_id)
    }

    /// The answers in the form scoring takes.
    pub fn answers(&self) -> Vec<Answer> {
        let ids: HashMap<i64, &str> = self
            .templates
            .iter()
            .map(|(row, t)| (*row, t.borrow().id.as_str()))
            .collect();
        self.results
            .iter()
            .filter_map(|r| {
                Some(Answer {
                    template_id: ids.get(&r.template_row)?.to_string(),
                    item_id: r.item_id.clone(),
                    outcome: r.outcome,
                    count: r.count,
                })
            })
            .collect()
    }

    /// The running (or final) score under the given bands.
    pub fn score(&self, bands: &RatingBands) -> InspectionScore {
        let templates: Vec<&Template> = self.templates.iter().map(|(_, t)| t.borrow()).collect();
        score_inspection(&templates, &self.answers(), bands)
    }

    /// Failed photo-required items that have no photo, as (template id, item id).
    pub fn missing_photos(&self) -> Vec<(String, String)> {
        let mut missing = Vec::new();
        for (row, template) in &self.templates {
            let template = template.borrow();
            for item in template.items.iter().filter(|i| i.photo_required) {
                let failed = self
                    .result(*row, &item.id)
                    .is_some_and(|r| r.outcome == Outcome::Fail);
                let has_photo = self
                    .attachments
                    .iter()
                    .any(|a| a.template_row == *row && a.item_id == item.id);
                if failed && !has_photo {
                    missing.push((template.id.clone(), item.id.clone()));
                }
            }
        }
        missing
    }
}

/// Why a submit was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmitRefusal {
    /// Items without an answer, as (template id, item id).
    pub unanswered: Vec<(String, String)>,
    /// Failed items that need a photo and have none.
    pub missing_photos: Vec<(String, String)>,
}

impl fmt::Display for SubmitRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |items: &[(String, String)]| {
            items
                .iter()
                .map(|(t, i)| format!("{t}/{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        write!(f, "cannot submit:")?;
        if !self.unanswered.is_empty() {
            write!(
                f,
                " {} item(s) unanswered ({})",
                self.unanswered.len(),
                list(&self.unanswered)
            )?;
        }
        if !self.missing_photos.is_empty() {
            write!(
                f,
                " {} failed item(s) need a photo ({})",
                self.missing_photos.len(),
                list(&self.missing_photos)
            )?;
        }
        Ok(())
    }
}

/// An open draft, for "resume".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftSummary {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uuid: String,
    /// Hall row id.
    pub hall_id: i64,
    /// Hall name.
    pub hall_name: String,
    /// Inspector.
    pub inspector: String,
    /// Local day.
    pub date: NaiveDate,
    /// Shift.
    pub shift: Shift,
    /// Template ids, space-separated.
    pub template_ids: String,
    /// Answers given.
    pub answered: u32,
}

/// The latest answer to an item in an earlier inspection of the same hall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastResult {
    /// The day of that inspection.
    pub date: NaiveDate,
    /// What was found.
    pub outcome: Outcome,
    /// Places or person-times.
    pub count: u32,
    /// Its note.
    pub note: String,
}

/// Which inspections a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InspectionFilter {
    /// One hall.
    pub hall_id: Option<i64>,
    /// From this day (inclusive).
    pub from: Option<NaiveDate>,
    /// To this day (inclusive).
    pub to: Option<NaiveDate>,
    /// Draft or submitted.
    pub status: Option<Status>,
    /// One rating.
    pub rating: Option<Rating>,
    /// Inspections that used this template id.
    pub template_id: Option<String>,
    /// Text in the inspection's or any answer's note.
    pub text: Option<String>,
    /// This one inspection only.
    pub inspection_id: Option<i64>,
}

/// Sort order of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// By day, then start.
    #[default]
    Date,
    /// By hall name.
    Hall,
    /// By score.
    Score,
    /// By inspector.
    Inspector,
}

/// One line of an inspection list.
#[derive(Debug, Clone, PartialEq)]
pub struct InspectionRow {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uuid: String,
    /// Hall name.
    pub hall_name: String,
    /// Hall code or id.
    pub hall_key: String,
    /// Local day.
    pub date: NaiveDate,
    /// Shift.
    pub shift: Shift,
    /// Inspector.
    pub inspector: String,
    /// Template ids, space-separated.
    pub template_ids: String,
    /// Score out of 100 (submitted only).
    pub score: Option<Points>,
    /// Rating (submitted only).
    pub rating: Option<Rating>,
    /// Veto.
    pub veto: bool,
    /// Status.
    pub status: Status,
}

pub(crate) fn parse_date(text: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn bad_code(what: &str, code: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unknown {what} `{code}`").into(),
    )
}

fn shift_of(code: &str) -> rusqlite::Result<Shift> {
    Shift::from_code(code).ok_or_else(|| bad_code("shift", code))
}

fn status_of(code: &str) -> rusqlite::Result<Status> {
    Status::from_code(code).ok_or_else(|| bad_code("status", code))
}

fn outcome_of(code: &str) -> rusqlite::Result<Outcome> {
    Outcome::from_code(code).ok_or_else(|| bad_code("outcome", code))
}

const HEADER_SELECT: &str =
    "SELECT i.id, i.uuid, i.hall_id, h.name, p.name, i.inspected_on, i.shift,
        i.status, i.started_at, i.utc_offset_min, i.submitted_at, i.score, i.rating, i.veto,
        i.template_ids
    FROM inspections i JOIN halls h ON h.id = i.hall_id JOIN inspectors p ON p.id = i.inspector_id";

fn header_from_row(r: &Row) -> rusqlite::Result<InspectionHeader> {
    Ok(InspectionHeader {
        id: r.get(0)?,
        uuid: r.get(1)?,
        hall_id: r.get(2)?,
        hall_name: r.get(3)?,
        inspector: r.get(4)?,
        date: parse_date(&r.get::<_, String>(5)?)?,
        shift: shift_of(&r.get::<_, String>(6)?)?,
        status: status_of(&r.get::<_, String>(7)?)?,
        started_at: r.get(8)?,
        utc_offset_min: r.get(9)?,
        submitted_at: r.get(10)?,
        score: r.get::<_, Option<i64>>(11)?.map(Points::from_hundredths),
        rating: r
            .get::<_, Option<String>>(12)?
            .and_then(|c| Rating::from_code(&c)),
        veto: r.get(13)?,
        template_ids: r.get(14)?,
    })
}

/// SQL `WHERE` text and parameters for a filter (on `inspections i`).
pub(crate) fn filter_sql(filter: &InspectionFilter) -> (String, Vec<Box<dyn ToSql>>) {
    let mut clauses: Vec<&str> = Vec::new();
    let mut params: Vec<Box<dyn ToSql>> = Vec::new();
    if let Some(id) = filter.inspection_id {
        clauses.push("i.id = ?");
        params.push(Box::new(id));
    }
    if let Some(hall) = filter.hall_id {
        clauses.push("i.hall_id = ?");
        params.push(Box::new(hall));
    }
    if let Some(from) = filter.from {
        clauses.push("i.inspected_on >= ?");
        params.push(Box::new(from.format("%Y-%m-%d").to_string()));
    }
    if let Some(to) = filter.to {
        clauses.push("i.inspected_on <= ?");
        params.push(Box::new(to.format("%Y-%m-%d").to_string()));
    }
    if let Some(status) = filter.status {
        clauses.push("i.status = ?");
        params.push(Box::new(status.code()));
    }
    if let Some(rating) = filter.rating {
        clauses.push("i.rating = ?");
        params.push(Box::new(rating.code()));
    }
    if let Some(template) = filter.template_id.as_deref().filter(|t| !t.is_empty()) {
        clauses.push("(' ' || i.template_ids || ' ') LIKE ? ESCAPE '\\'");
        params.push(Box::new(format!("% {} %", escape_like(template))));
    }
    if let Some(text) = filter
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        clauses.push(
            "i.id IN (SELECT inspection_id FROM inspection_notes WHERE text LIKE ? ESCAPE '\\')",
        );
        params.push(Box::new(format!("%{}%", escape_like(text))));
    }
    if clauses.is_empty() {
        return (String::new(), params);
    }
    // Each clause takes one parameter: number them, so the clause can sit beside others.
    let sql = clauses
        .iter()
        .enumerate()
        .map(|(n, clause)| clause.replace('?', &format!("?{}", n + 1)))
        .collect::<Vec<_>>()
        .join(" AND ");
    (format!(" WHERE {sql}"), params)
}

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

/// Writes one answer: a new row, or the item's row updated in place.
const UPSERT_RESULT_SQL: &str = "INSERT INTO results (inspection_id, template_row, item_id, outcome, count, deduction, note, staff_id, answered_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
     ON CONFLICT (inspection_id, template_row, item_id) DO UPDATE SET
         outcome = excluded.outcome, count = excluded.count, deduction = excluded.deduction,
         note = excluded.note, staff_id = excluded.staff_id, answered_at = excluded.answered_at";

/// An `inspection_areas` row after the inspection id: template row, area code, cap, effective
/// cap, deducted, earned, veto.
pub(crate) type AreaValues = (i64, &'static str, i64, i64, i64, i64, bool);

/// The stored values of one area's score.
pub(crate) fn area_values(template_row: i64, area: &crate::domain::AreaScore) -> AreaValues {
    (
        template_row,
        area.area.code(),
        area.cap.hundredths(),
        area.effective_cap.hundredths(),
        area.deducted.hundredths(),
        area.earned.hundredths(),
        area.veto,
    )
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
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
                     utc_offset_min, status, template_ids)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'draft', ?8)",
                (
                    &uuid,
                    new.hall_id,
                    inspector.id,
                    new.date.format("%Y-%m-%d").to_string(),
                    new.shift.code(),
                    started_utc.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                    new.started_at.offset().local_minus_utc() / 60,
                    ids.join(" "),
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
                (super::now_utc(), &uuid, format!("{} {}", hall.name, ids.join(" "))),
            )?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// The header of an inspection.
    pub fn inspection_header(&self, id: i64) -> Result<InspectionHeader> {
        self.named(|| {
            optional(
                self.conn
                    .prepare_cached(&format!("{HEADER_SELECT} WHERE i.id = ?1"))?
                    .query_row([id], header_from_row),
            )?
            .ok_or_else(|| StoreError::NotFound(format!("no inspection with id {id}")))
        })
    }

    /// Finds an inspection by UUID (or a unique prefix of at least 8 characters).
    pub fn inspection_id_by_uuid(&self, uuid: &str) -> Result<i64> {
        self.named(|| {
            let uuid = uuid.trim().to_ascii_lowercase();
            if let Some(id) = optional(self.conn.query_row(
                "SELECT id FROM inspections WHERE uuid = ?1",
                [&uuid],
                |r| r.get(0),
            ))? {
                return Ok(id);
            }
            if uuid.len() >= 8 {
                let mut stmt = self
                    .conn
                    .prepare("SELECT id FROM inspections WHERE uuid LIKE ?1 LIMIT 2")?;
                let ids = stmt
                    .query_map([format!("{}%", escape_like(&uuid))], |r| r.get::<_, i64>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                if ids.len() == 1 {
                    return Ok(ids[0]);
                }
            }
            Err(StoreError::NotFound(format!(
                "no inspection with UUID `{uuid}` (see `hallcheck inspections list`)"
            )))
        })
    }

    /// The whole inspection.
    pub fn inspection(&self, id: i64) -> Result<InspectionDetail> {
        self.inspection_with(id, |row| {
            Ok(Template::clone(&*self.template_snapshot(row)?))
        })
    }

    /// The whole inspection, each snapshot taken from `template` (given its row).
    pub(crate) fn inspection_with<T>(
        &self,
        id: i64,
        mut template: impl FnMut(i64) -> Result<T>,
    ) -> Result<InspectionDetail<T>> {
        self.named(|| {
            let header = self.inspection_header(id)?;
            let mut stmt = self.conn.prepare_cached(
                "SELECT template_row FROM inspection_templates WHERE inspection_id = ?1 ORDER BY position",
            )?;
            let rows = stmt
                .query_map([id], |r| r.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut templates = Vec::with_capacity(rows.len());
            for row in rows {
                templates.push((row, template(row)?));
            }
            let mut stmt = self.conn.prepare_cached(
                "SELECT r.template_row, r.item_id, r.outcome, r.count, r.deduction, r.note, r.staff_id,
                        s.name, r.answered_at
                 FROM results r LEFT JOIN staff s ON s.id = r.staff_id
                 WHERE r.inspection_id = ?1",
            )?;
            let results = stmt
                .query_map([id], |r| {
                    Ok(ResultRow {
                        template_row: r.get(0)?,
                        item_id: r.get(1)?,
                        outcome: outcome_of(&r.get::<_, String>(2)?)?,
                        count: r.get(3)?,
                        deduction: Points::from_hundredths(r.get(4)?),
                        note: r.get(5)?,
                        staff_id: r.get(6)?,
                        staff_name: r.get(7)?,
                        answered_at: r.get(8)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let attachments = self.attachments(id)?;
            Ok(InspectionDetail {
                header,
                templates,
                results,
                attachments,
        })
        })
    }

    fn require_draft(&self, id: i64) -> Result<InspectionHeader> {
        let header = self.inspection_header(id)?;
        if header.status != Status::Draft {
            return Err(StoreError::Invalid(format!(
                "inspection {} is already submitted and can no longer change",
                header.uuid
            )));
        }
        Ok(header)
    }

    /// Saves one answer at once, in one transaction (the checks that the inspection is a draft
    /// and holds the checklist run inside it), and returns the answer as stored — its
    /// deduction and the staff member's name — so a walk updates without reading the
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
            let count = answer.count.max(1);
            let deduction = deduction_for(item.deduction, answer.outcome, count);
            let note = answer.note.trim();
            let tx = rusqlite::Transaction::new_unchecked(
                &self.conn,
                rusqlite::TransactionBehavior::Immediate,
            )?;
            let found: Option<(String, String, bool, Option<String>)> = super::optional(
                tx.prepare_cached(
                    "SELECT i.status, i.uuid,
                        EXISTS (SELECT 1 FROM inspection_templates t
                                WHERE t.inspection_id = i.id AND t.template_row = ?2),
                        (SELECT r.note FROM results r WHERE r.inspection_id = i.id
                           AND r.template_row = ?2 AND r.item_id = ?3)
                 FROM inspections i WHERE i.id = ?1",
                )?
                .query_row((inspection_id, answer.template_row, &answer.item_id), |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                }),
            )?;
            let Some((status, uuid, belongs, previous_note)) = found else {
                return Err(StoreError::NotFound(format!(
                    "no inspection with id {inspection_id}"
                )));
            };
            if status != Status::Draft.code() {
                return Err(StoreError::Invalid(format!(
                    "inspection {uuid} is already submitted and can no longer change"
                )));
            }
            if !belongs {
                return Err(StoreError::Invalid(format!(
                    "checklist `{}` is not part of this inspection",
                    template.id
                )));
            }
            let answered_at = super::now_utc();
            tx.prepare_cached(UPSERT_RESULT_SQL)?.execute((
                inspection_id,
                answer.template_row,
                &answer.item_id,
                answer.outcome.code(),
                count,
                deduction.hundredths(),
                note,
                answer.staff_id,
                &answered_at,
            ))?;
            let staff_name: Option<String> = match answer.staff_id {
                Some(staff_id) => super::optional(
                    tx.prepare_cached("SELECT name FROM staff WHERE id = ?1")?
                        .query_row([staff_id], |r| r.get(0)),
                )?,
                None => None,
            };
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
                note: note.to_owned(),
                staff_id: answer.staff_id,
                staff_name,
                answered_at,
            })
        })
    }

    /// The floor of [`Store::save_answer`] for `hallcheck bench`: the same row upserted and
    /// committed bare, without the checks, the note index or the answer read back.
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
                answer.count.max(1),
                deduction.hundredths(),
                answer.note.trim(),
                answer.staff_id,
                super::now_utc(),
            ))?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Takes an answer back.
    pub fn clear_answer(&self, inspection_id: i64, template_row: i64, item_id: &str) -> Result<()> {
        self.named(|| {
            self.require_draft(inspection_id)?;
            let tx = self.conn.unchecked_transaction()?;
            tx.execute(
            "DELETE FROM results WHERE inspection_id = ?1 AND template_row = ?2 AND item_id = ?3",
            (inspection_id, template_row, item_id),
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
        self.named(|| {
            self.require_draft(inspection_id)?;
            use sha2::{Digest, Sha256};
            let sha256: String = Sha256::digest(&photo.bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let uuid = new_uuid();
            self.conn.execute(
                "INSERT INTO attachments (uuid, inspection_id, template_row, item_id, file_name, mime, sha256, width, height, bytes, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
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
                    super::now_utc(),
                ),
            )?;
            Ok(AttachmentMeta {
                id: self.conn.last_insert_rowid(),
                uuid,
                template_row,
                item_id: item_id.to_owned(),
                file_name: photo.file_name.clone(),
                mime: photo.mime.clone(),
                sha256,
                width: photo.width,
                height: photo.height,
        })
        })
    }

    /// Removes a photo from a draft.
    pub fn remove_attachment(&self, inspection_id: i64, attachment_id: i64) -> Result<()> {
        self.named(|| {
            self.require_draft(inspection_id)?;
            self.conn.execute(
                "DELETE FROM attachments WHERE id = ?1 AND inspection_id = ?2",
                (attachment_id, inspection_id),
            )?;
            Ok(())
        })
    }

    /// The photos of an inspection, without bytes.
    pub fn attachments(&self, inspection_id: i64) -> Result<Vec<AttachmentMeta>> {
        self.named(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, uuid, template_row, item_id, file_name, mime, sha256, width, height
             FROM attachments WHERE inspection_id = ?1 ORDER BY id",
            )?;
            let rows = stmt
                .query_map([inspection_id], |r| {
                    Ok(AttachmentMeta {
                        id: r.get(0)?,
                        uuid: r.get(1)?,
                        template_row: r.get(2)?,
                        item_id: r.get(3)?,
                        file_name: r.get(4)?,
                        mime: r.get(5)?,
                        sha256: r.get(6)?,
                        width: r.get(7)?,
                        height: r.get(8)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// The bytes of a photo.
    pub fn attachment_bytes(&self, attachment_id: i64) -> Result<Vec<u8>> {
        self.named(|| {
            optional(self.conn.query_row(
                "SELECT bytes FROM attachments WHERE id = ?1",
                [attachment_id],
                |r| r.get(0),
            ))?
            .ok_or_else(|| StoreError::NotFound(format!("no photo with id {attachment_id}")))
        })
    }

    /// Scores and closes a draft. Refused while any item is unanswered or a failed
    /// photo-required item has no photo.
    pub fn submit_inspection(
        &self,
        id: i64,
        bands: &RatingBands,
        submitted_at: DateTime<Utc>,
    ) -> Result<InspectionScore> {
        self.named(|| {
            let detail = self.inspection(id)?;
            if detail.header.status != Status::Draft {
                return Err(StoreError::Invalid(format!(
                    "inspection {} is already submitted",
                    detail.header.uuid
                )));
            }
            let score = detail.score(bands);
            let missing_photos = detail.missing_photos();
            if !score.unanswered.is_empty() || !missing_photos.is_empty() {
                return Err(StoreError::Refused(SubmitRefusal {
                    unanswered: score.unanswered.clone(),
                    missing_photos,
                }));
            }
            let tx = self.conn.unchecked_transaction()?;
            tx.execute(
                "UPDATE inspections SET status = 'submitted', submitted_at = ?2, score = ?3, earned = ?4,
                     possible = ?5, rating = ?6, veto = ?7
                 WHERE id = ?1",
                (
                    id,
                    submitted_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                    score.score.hundredths(),
                    score.earned.hundredths(),
                    score.possible.hundredths(),
                    score.rating.code(),
                    score.veto,
                ),
            )?;
            for ((row, _), area) in detail.templates.iter().zip(&score.areas) {
                tx.execute(
                    "INSERT INTO inspection_areas (inspection_id, template_row, area, cap, effective_cap, deducted, earned, veto)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    {
                        let (row, code, cap, effective, deducted, earned, veto) =
                            area_values(*row, area);
                        (id, row, code, cap, effective, deducted, earned, veto)
                    },
                )?;
            }
            tx.execute(
                "INSERT INTO audit_log (at, action, entity, entity_uuid, detail) VALUES (?1, 'submit', 'inspection', ?2, ?3)",
                (
                    super::now_utc(),
                    &detail.header.uuid,
                    format!("score {} {}", score.score, score.rating.code()),
                ),
            )?;
            tx.commit()?;
            Ok(score)
        })
    }

    /// Deletes a draft and its answers and photos.
    pub fn discard_draft(&self, id: i64) -> Result<()> {
        self.named(|| {
            let header = self.require_draft(id)?;
            let tx = self.conn.unchecked_transaction()?;
            tx.execute("DELETE FROM inspections WHERE id = ?1", [id])?;
            tx.execute(
                "INSERT INTO audit_log (at, action, entity, entity_uuid, detail) VALUES (?1, 'discard', 'inspection', ?2, '')",
                (super::now_utc(), &header.uuid),
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Open drafts, newest first.
    pub fn drafts(&self) -> Result<Vec<DraftSummary>> {
        self.named(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT i.id, i.uuid, i.hall_id, h.name, p.name, i.inspected_on, i.shift, i.template_ids,
                        (SELECT count(*) FROM results r WHERE r.inspection_id = i.id)
                 FROM inspections i JOIN halls h ON h.id = i.hall_id JOIN inspectors p ON p.id = i.inspector_id
                 WHERE i.status = 'draft' ORDER BY i.inspected_on DESC, i.id DESC",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    Ok(DraftSummary {
                        id: r.get(0)?,
                        uuid: r.get(1)?,
                        hall_id: r.get(2)?,
                        hall_name: r.get(3)?,
                        inspector: r.get(4)?,
                        date: parse_date(&r.get::<_, String>(5)?)?,
                        shift: shift_of(&r.get::<_, String>(6)?)?,
                        template_ids: r.get(7)?,
                        answered: r.get(8)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// For each template id, the answers of the latest submitted inspection of the hall that used
    /// it (other than `exclude`), keyed by (template id, item id).
    pub fn last_results(
        &self,
        hall_id: i64,
        template_ids: &[&str],
        exclude: Option<i64>,
    ) -> Result<HashMap<(String, String), LastResult>> {
        self.named(|| {
            let mut out = HashMap::new();
            let mut find = self.conn.prepare_cached(
                "SELECT i.id, i.inspected_on, it.template_row FROM inspections i
                 JOIN inspection_templates it ON it.inspection_id = i.id
                 JOIN templates t ON t.id = it.template_row
                 WHERE i.hall_id = ?1 AND i.status = 'submitted' AND t.template_id = ?2 AND i.id != ?3
                 ORDER BY i.inspected_on DESC, i.id DESC LIMIT 1",
            )?;
            let mut answers = self.conn.prepare_cached(
                "SELECT item_id, outcome, count, note FROM results WHERE inspection_id = ?1 AND template_row = ?2",
            )?;
            for template_id in template_ids {
                let found = optional(find.query_row(
                    (hall_id, template_id, exclude.unwrap_or(-1)),
                    |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, i64>(2)?,
                        ))
                    },
                ))?;
                let Some((inspection, date, row)) = found else {
                    continue;
                };
                let date = parse_date(&date)?;
                let rows = answers
                    .query_map((inspection, row), |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            outcome_of(&r.get::<_, String>(1)?)?,
                            r.get::<_, u32>(2)?,
                            r.get::<_, String>(3)?,
                        ))
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                for (item, outcome, count, note) in rows {
                    out.insert(
                        (template_id.to_string(), item),
                        LastResult {
                            date,
                            outcome,
                            count,
                            note,
                        },
                    );
                }
            }
            Ok(out)
        })
    }

    /// How many inspections match a filter.
    pub fn count_inspections(&self, filter: &InspectionFilter) -> Result<i64> {
        self.named(|| {
            let (clause, params) = filter_sql(filter);
            let sql = format!("SELECT count(*) FROM inspections i{clause}");
            let mut stmt = self.conn.prepare_cached(&sql)?;
            Ok(stmt.query_row(params_from_iter(params.iter()), |r| r.get(0))?)
        })
    }

    /// One page of inspections matching a filter, sorted.
    pub fn list_inspections(
        &self,
        filter: &InspectionFilter,
        sort: SortKey,
        descending: bool,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<InspectionRow>> {
        self.named(|| {
            let (clause, params) = filter_sql(filter);
            let (inner_from, order) = list_order(sort, descending);
            // The page is chosen on ids first, joining only what the order needs, so skipping to a
            // deep offset steps through an index instead of building every skipped row.
            let sql = format!(
                "{LIST_SELECT}
             FROM (SELECT i.id AS page_id FROM {inner_from}{clause} ORDER BY {order}
                   LIMIT {limit} OFFSET {offset}) page
             JOIN inspections i ON i.id = page.page_id
             JOIN halls h ON h.id = i.hall_id JOIN inspectors p ON p.id = i.inspector_id
             ORDER BY {order}",
                limit = limit.max(0),
                offset = offset.max(0)
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt
                .query_map(params_from_iter(params.iter()), list_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// The ids of every inspection matching a filter, in the order of the sort: a costly
    /// filter (text in notes) is worked out once, then pages are read by id.
    pub fn inspection_ids(
        &self,
        filter: &InspectionFilter,
        sort: SortKey,
        descending: bool,
    ) -> Result<Vec<i64>> {
        self.named(|| {
            let (clause, params) = filter_sql(filter);
            let (inner_from, order) = list_order(sort, descending);
            let sql = format!("SELECT i.id FROM {inner_from}{clause} ORDER BY {order}");
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let ids = stmt
                .query_map(params_from_iter(params.iter()), |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            Ok(ids)
        })
    }

    /// The list rows of the given inspections, in the order given; ids that no longer exist
    /// are left out.
    pub fn inspection_rows(&self, ids: &[i64]) -> Result<Vec<InspectionRow>> {
        self.named(|| {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            let sql = format!(
                "{LIST_SELECT}
             FROM inspections i
             JOIN halls h ON h.id = i.hall_id JOIN inspectors p ON p.id = i.inspector_id
             WHERE i.id IN ({list})"
            );
            let mut stmt = self.conn.prepare(&sql)?;
            let mut found: HashMap<i64, InspectionRow> = stmt
                .query_map([], list_row)?
                .map(|row| row.map(|row| (row.id, row)))
                .collect::<rusqlite::Result<_>>()?;
            Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
        })
    }
}

/// The columns of a list row; [`list_row`] reads them.
const LIST_SELECT: &str =
    "SELECT i.id, i.uuid, h.name, coalesce(h.code, CAST(h.id AS TEXT)), i.inspected_on, i.shift,
            p.name, i.template_ids, i.score, i.rating, i.veto, i.status";

fn list_row(r: &Row) -> rusqlite::Result<InspectionRow> {
    Ok(InspectionRow {
        id: r.get(0)?,
        uuid: r.get(1)?,
        hall_name: r.get(2)?,
        hall_key: r.get(3)?,
        date: parse_date(&r.get::<_, String>(4)?)?,
        shift: shift_of(&r.get::<_, String>(5)?)?,
        inspector: r.get(6)?,
        template_ids: r.get(7)?,
        score: r.get::<_, Option<i64>>(8)?.map(Points::from_hundredths),
        rating: r
            .get::<_, Option<String>>(9)?
            .and_then(|c| Rating::from_code(&c)),
        veto: r.get(10)?,
        status: status_of(&r.get::<_, String>(11)?)?,
    })
}

/// The tables a sort needs beside `inspections i`, and its `ORDER BY`. Ties fall to the hall
/// or inspector id, then the day and the inspection id, so the order is total and each sort
/// reads in index order (`halls_name`, `inspections_rank_day`, …) without sorting it all.
fn list_order(sort: SortKey, descending: bool) -> (&'static str, String) {
    let dir = if descending { "DESC" } else { "ASC" };
    match sort {
        SortKey::Date => ("inspections i", format!("i.inspected_on {dir}, i.id {dir}")),
        SortKey::Hall => (
            "inspections i JOIN halls h ON h.id = i.hall_id",
            format!("h.name {dir}, h.id {dir}, i.inspected_on {dir}, i.id {dir}"),
        ),
        // A veto makes an inspection 不合格 whatever its points: it ranks below all others.
        SortKey::Score => (
            "inspections i",
            format!("(i.score - i.veto * 1000000) {dir}, i.inspected_on {dir}, i.id {dir}"),
        ),
        SortKey::Inspector => (
            "inspections i JOIN inspectors p ON p.id = i.inspector_id",
            format!("p.name {dir}, p.id {dir}, i.inspected_on {dir}, i.id {dir}"),
        ),
    }
}
