//! Inspections and their answers: the types here; starting, answering (one transaction per
//! answer), photos, submitting and discarding in [`write`]; the sign-off of a submitted
//! inspection in [`sign`]; reading one inspection, drafts, last results and the History lists
//! in [`read`].

mod amend;
mod read;
mod sign;
mod write;

pub use amend::AmendmentInput;
pub(crate) use amend::read_amendments;

use std::borrow::{Borrow, Cow};
use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::domain::{
    Answer, InspectionKind, InspectionScore, Item, Outcome, Points, Rating, RatingBands, Shift,
    SignerRole, Status, Strokes, Template, score_inspection,
};

pub(crate) use read::{filter_sql, people_named};
pub(crate) use sign::read_sign_off;
pub(crate) use write::{AreaValues, area_values, insert_staff, refresh_notes};

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
    /// Who inspects and how (自查, 督导检查, 暗访, 第三方).
    pub kind: InspectionKind,
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
    /// Places or person-times for a fail, or occurrences of a bonus (at least 1).
    pub count: u32,
    /// The points per occurrence picked for an item with a ranged deduction, within its range
    /// (`None`: the least); refused for any other item.
    pub rate: Option<Points>,
    /// The reason (扣分原因) or remark.
    pub note: String,
    /// The staff members concerned (当事人), for per-person items: each once, in the order
    /// named, all of the inspection's hall. The count is raised to their number when it is
    /// lower (the count follows the names); a higher count leaves people unnamed.
    pub staff_ids: Vec<i64>,
}

/// A staff member named in an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffName {
    /// Staff row id.
    pub id: i64,
    /// Their name.
    pub name: String,
}

/// The names of the people of an answer as one text, joined with "、" (borrowed for one).
pub fn joined_names(staff: &[StaffName]) -> Cow<'_, str> {
    match staff {
        [] => Cow::Borrowed(""),
        [one] => Cow::Borrowed(one.name.as_str()),
        many => Cow::Owned(
            many.iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(NAME_SEPARATOR),
        ),
    }
}

/// What separates the names of several people in one text.
pub const NAME_SEPARATOR: &str = "、";

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
    /// Kind.
    pub kind: InspectionKind,
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
    /// Amendments made since it was submitted (已修改 when any).
    pub amendments: u32,
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
    /// Points deducted before the area cap (zero for a bonus item).
    pub deduction: Points,
    /// The points per occurrence picked for a ranged item's fail (or bonus); `None` for
    /// every other answer.
    pub rate: Option<Points>,
    /// Reason or remark.
    pub note: String,
    /// The staff members concerned, in the order named.
    pub staff: Vec<StaffName>,
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
    /// A draft's after-photo of its fail fixed on the spot (当场整改后), not a photo of the
    /// problem; on submit it joins the rectification's `fix_on_spot` move. Never set once
    /// submitted.
    pub after_fix: bool,
}

/// A sign-off as it is given: who, their name, what they drew, when.
#[derive(Debug, Clone, Copy)]
pub struct NewSignOff<'a> {
    /// Who signs.
    pub role: SignerRole,
    /// Their name as typed (trimmed when stored; required).
    pub name: &'a str,
    /// What they drew (empty: the typed name alone).
    pub strokes: &'a Strokes,
    /// When, with the local offset.
    pub signed_at: DateTime<FixedOffset>,
}

/// A stored sign-off of a submitted inspection (签字确认).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOff {
    /// Who signed.
    pub role: SignerRole,
    /// Their name.
    pub name: String,
    /// The signature drawn (empty: a typed name alone).
    pub strokes: Strokes,
    /// When signed (UTC, RFC 3339).
    pub signed_at: String,
    /// The local offset when signed, in minutes east of UTC.
    pub utc_offset_min: i32,
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
    /// The hall manager's sign-off, once given.
    pub sign_off: Option<SignOff>,
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
                    rate: r.rate,
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
        self.failed_lacking(
            |item| item.photo_required,
            |row, result| {
                // An after-photo of a fix on the spot shows the problem gone, not found.
                self.attachments
                    .iter()
                    .any(|a| !a.after_fix && a.template_row == row && a.item_id == result.item_id)
            },
        )
    }

    /// Failed items that need a reason (the template's default) and have no note, as
    /// (template id, item id).
    pub fn missing_reasons(&self) -> Vec<(String, String)> {
        self.failed_lacking(
            |item| item.reason_required,
            |_, result| !result.note.trim().is_empty(),
        )
    }

    /// Failed items that `needs` something and do not `have` it, as (template id, item id).
    fn failed_lacking(
        &self,
        needs: impl Fn(&Item) -> bool,
        have: impl Fn(i64, &ResultRow) -> bool,
    ) -> Vec<(String, String)> {
        let mut missing = Vec::new();
        for (row, template) in &self.templates {
            let template = template.borrow();
            for item in template.items.iter().filter(|i| needs(i)) {
                if self
                    .result(*row, &item.id)
                    .is_some_and(|r| r.outcome == Outcome::Fail && !have(*row, r))
                {
                    missing.push((template.id.clone(), item.id.clone()));
                }
            }
        }
        missing
    }
}

/// How many of the hall's recent notes an item offers as reasons.
pub const RECENT_NOTES_PER_ITEM: usize = 3;

/// How many of the hall's latest inspections the recent notes come from.
pub const RECENT_NOTES_INSPECTIONS: i64 = 120;

/// Why a submit was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmitRefusal {
    /// Items without an answer, as (template id, item id).
    pub unanswered: Vec<(String, String)>,
    /// Failed items that need a photo and have none.
    pub missing_photos: Vec<(String, String)>,
    /// Failed items that need a reason and have none.
    pub missing_reasons: Vec<(String, String)>,
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
        for (items, what) in [
            (&self.unanswered, "item(s) unanswered"),
            (&self.missing_photos, "failed item(s) need a photo"),
            (&self.missing_reasons, "failed item(s) need a reason"),
        ] {
            if !items.is_empty() {
                write!(f, " {} {what} ({})", items.len(), list(items))?;
            }
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
    /// Kind.
    pub kind: InspectionKind,
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
    /// One kind (自查, 督导检查, …).
    pub kind: Option<InspectionKind>,
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
    /// Kind.
    pub kind: InspectionKind,
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
    /// Amendments made since it was submitted (已修改 when any).
    pub amendments: u32,
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

pub(crate) fn kind_of(code: &str) -> rusqlite::Result<InspectionKind> {
    InspectionKind::from_code(code).ok_or_else(|| bad_code("kind", code))
}

fn status_of(code: &str) -> rusqlite::Result<Status> {
    Status::from_code(code).ok_or_else(|| bad_code("status", code))
}

fn outcome_of(code: &str) -> rusqlite::Result<Outcome> {
    Outcome::from_code(code).ok_or_else(|| bad_code("outcome", code))
}
