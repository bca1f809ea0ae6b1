//! Rectifications (整改): opened for the failed answers when an inspection is submitted
//! ([`write::open_on_submit`], inside the submit's transaction), moved through their states
//! with a history row per move ([`write`]), and read for the screens: a filtered list, one
//! with its history and photos, Today's counts per hall, and the rows the on-time rate is
//! worked out from ([`read`]). Every rule about "today" takes the day from the caller.

mod read;
mod write;

use chrono::NaiveDate;

use crate::domain::{Area, InspectionKind, Points, RectificationAction, RectificationStatus};
use crate::store::AttachmentMeta;

pub(crate) use read::prior_in;
pub(crate) use write::{follow_amendment, open_on_submit, unmark_after_photos};

/// What the owner field shows when it is empty: the hall manager is responsible.
pub const OWNER_HALL_MANAGER: &str = "营业厅负责人";

/// Which rectifications a list shows. Every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RectificationFilter {
    /// One hall.
    pub hall_id: Option<i64>,
    /// One owner, as stored (empty: the hall manager's).
    pub owner: Option<String>,
    /// One state.
    pub status: Option<RectificationStatus>,
    /// Only those overdue on the day the list is read for.
    pub overdue: bool,
    /// Only those due on that day (and still 待整改).
    pub due_today: bool,
    /// Only repeat problems (重复问题).
    pub repeat: bool,
    /// Only those of one inspection.
    pub inspection_id: Option<i64>,
    /// Found on this day or later (the inspection's day).
    pub from: Option<NaiveDate>,
    /// Found on this day or earlier.
    pub to: Option<NaiveDate>,
}

/// One line of a rectification list: the problem, who fixes it by when, and where it stands
/// on the day the list was read for.
#[derive(Debug, Clone, PartialEq)]
pub struct RectificationRow {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uuid: String,
    /// The inspection that found the problem.
    pub inspection_id: i64,
    /// Its UUID.
    pub inspection_uuid: String,
    /// Its day.
    pub inspected_on: NaiveDate,
    /// Its inspector.
    pub inspector: String,
    /// Its kind (检查类型).
    pub kind: InspectionKind,
    /// The hall.
    pub hall_id: i64,
    /// Hall name.
    pub hall_name: String,
    /// Hall code, or its id when it has none.
    pub hall_key: String,
    /// The template snapshot row of the item.
    pub template_row: i64,
    /// The template id (stable across versions).
    pub template_id: String,
    /// The item id.
    pub item_id: String,
    /// The item's text as the inspection had it.
    pub item_text: String,
    /// The item's area.
    pub area: Area,
    /// A veto item (一票否决).
    pub veto: bool,
    /// Points the answer deducted (before the area cap).
    pub deduction: Points,
    /// The answer's note: the reason (扣分原因).
    pub reason: String,
    /// The owner (责任人); empty means the hall manager ([`RectificationRow::owner_shown`]).
    pub owner: String,
    /// The deadline day.
    pub due_on: NaiveDate,
    /// Where it stands.
    pub status: RectificationStatus,
    /// When it was opened (UTC, RFC 3339).
    pub created_at: String,
    /// The local day it was last reported fixed (or fixed on the spot), while it is.
    pub closed_on: Option<NaiveDate>,
    /// When it was accepted (UTC), once it is.
    pub accepted_at: Option<String>,
    /// Who accepted it (验收人; the inspector, when fixed on the spot), once it is; empty
    /// when nobody was named.
    pub accepted_by: String,
    /// The local day it was accepted, once it is.
    pub accepted_on: Option<NaiveDate>,
    /// Fixed on the spot during the walk (当场整改).
    pub fixed_on_spot: bool,
    /// What was done, as the last close said.
    pub note: String,
    /// The earlier rectification this one repeats (重复问题), by UUID.
    pub repeat_of: Option<String>,
    /// Still 待整改 after its deadline, on the day read for.
    pub overdue: bool,
    /// Still 待整改 on its deadline day, the day read for.
    pub due_today: bool,
    /// The answer's photos (before).
    pub photos_before: u32,
    /// Photos added with closes (after), over its whole history.
    pub photos_after: u32,
}

impl RectificationRow {
    /// The owner as shown: the stored name, or [`OWNER_HALL_MANAGER`] when none is.
    pub fn owner_shown(&self) -> &str {
        if self.owner.trim().is_empty() {
            OWNER_HALL_MANAGER
        } else {
            &self.owner
        }
    }

    /// A repeat problem (重复问题).
    pub fn is_repeat(&self) -> bool {
        self.repeat_of.is_some()
    }
}

/// One move in a rectification's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RectificationEvent {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uuid: String,
    /// The move.
    pub action: RectificationAction,
    /// The state before (`None` for the opening).
    pub from: Option<RectificationStatus>,
    /// The state after.
    pub to: RectificationStatus,
    /// Who made it (empty when nobody was named).
    pub by: String,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// The local offset then, minutes east of UTC.
    pub utc_offset_min: i32,
    /// Its note: what was done (close), the reason (return), the change (reschedule,
    /// reassign).
    pub note: String,
    /// Photos that came with it (after-photos of a close).
    pub photos: Vec<AttachmentMeta>,
}

/// One rectification whole: its line, its history oldest first, and its photos.
#[derive(Debug, Clone, PartialEq)]
pub struct RectificationDetail {
    /// The line as a list shows it.
    pub row: RectificationRow,
    /// Every move, oldest first.
    pub history: Vec<RectificationEvent>,
    /// The answer's photos: the problem as found.
    pub before: Vec<AttachmentMeta>,
    /// The photos of the latest close, or of the fix on the spot: the problem as fixed (empty
    /// while none was added or after a return).
    pub after: Vec<AttachmentMeta>,
}

/// An earlier rectification of the same item at the same hall that makes a new fail a
/// repeat problem (what a walk shows beside the item).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorRectification {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uuid: String,
    /// The template id of its item.
    pub template_id: String,
    /// Its item.
    pub item_id: String,
    /// The day of its inspection.
    pub inspected_on: NaiveDate,
    /// Where it stands.
    pub status: RectificationStatus,
    /// Its deadline.
    pub due_on: NaiveDate,
    /// The day it was reported fixed, if it was.
    pub closed_on: Option<NaiveDate>,
}

/// Today's figures of one hall: what is still to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallRectificationCounts {
    /// Hall row id.
    pub hall_id: i64,
    /// Hall name.
    pub hall_name: String,
    /// 待整改.
    pub open: u32,
    /// 待整改 and due today.
    pub due_today: u32,
    /// 待整改 past the deadline.
    pub overdue: u32,
    /// 已整改, waiting for acceptance.
    pub awaiting_acceptance: u32,
}

/// What the on-time rate of a hall is worked out from: one rectification's deadline and
/// where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RectificationOutcome {
    /// Hall row id.
    pub hall_id: i64,
    /// Hall name.
    pub hall_name: String,
    /// The day of its inspection.
    pub inspected_on: NaiveDate,
    /// Its deadline.
    pub due_on: NaiveDate,
    /// Where it stands.
    pub status: RectificationStatus,
    /// The day it was reported fixed, while it is.
    pub closed_on: Option<NaiveDate>,
}

fn bad_code(what: &str, code: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unknown {what} `{code}`").into(),
    )
}

fn status_of(code: &str) -> rusqlite::Result<RectificationStatus> {
    RectificationStatus::from_code(code).ok_or_else(|| bad_code("rectification status", code))
}

fn action_of(code: &str) -> rusqlite::Result<RectificationAction> {
    RectificationAction::from_code(code).ok_or_else(|| bad_code("rectification move", code))
}

fn optional_date(text: Option<String>) -> rusqlite::Result<Option<NaiveDate>> {
    text.as_deref()
        .map(crate::store::inspections::parse_date)
        .transpose()
}
