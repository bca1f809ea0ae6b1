//! 整改 (rectification): the follow-up of a problem found on a walk. Its states and the moves
//! between them, which failed answers open one and by when it is due, and the rules for
//! overdue and repeat problems (重复问题). Every rule takes the day it is judged on; nothing
//! here reads a clock.
//!
//! ```text
//!                 close (note, after-photos)          accept
//!   (none) ─open─▶ 待整改 Open ──────────────────────▶ 已整改 Done ───────▶ 已验收 Accepted
//!                    │  ▲                                   │
//!                    │  └──────── return (reason) ──────────┘
//!                    └──────────── fix_on_spot ────────────────────────────▶ 已验收 Accepted
//! ```
//!
//! 当场整改 (fixed on the spot during the walk) goes straight to 已验收: the inspector who
//! found the problem saw it put right, so there is nothing left to verify. It is recorded as
//! its own move (`fix_on_spot`), so it stays told apart from a later acceptance. The deadline
//! and the owner can change while a rectification is not yet accepted (`reschedule`,
//! `reassign`); each change is a move of its own, from a state to the same state.

use chrono::NaiveDate;

use crate::domain::{Item, Points};

/// Where a rectification stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RectificationStatus {
    /// 待整改: to be fixed (also after a return).
    Open,
    /// 已整改: the owner says it is fixed; waiting for acceptance.
    Done,
    /// 已验收: accepted (or fixed on the spot). Final.
    Accepted,
}

impl RectificationStatus {
    /// All states, in order.
    pub const ALL: [RectificationStatus; 3] = [
        RectificationStatus::Open,
        RectificationStatus::Done,
        RectificationStatus::Accepted,
    ];

    /// Database code.
    pub fn code(self) -> &'static str {
        match self {
            RectificationStatus::Open => "open",
            RectificationStatus::Done => "done",
            RectificationStatus::Accepted => "accepted",
        }
    }

    /// Parses a database code.
    pub fn from_code(code: &str) -> Option<RectificationStatus> {
        RectificationStatus::ALL
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// Chinese label.
    pub fn name_zh(self) -> &'static str {
        match self {
            RectificationStatus::Open => "待整改",
            RectificationStatus::Done => "已整改",
            RectificationStatus::Accepted => "已验收",
        }
    }

    /// English label.
    pub fn name_en(self) -> &'static str {
        match self {
            RectificationStatus::Open => "open",
            RectificationStatus::Done => "fixed",
            RectificationStatus::Accepted => "accepted",
        }
    }

    /// Whether the problem is still there as far as anyone has said (待整改).
    pub fn is_open(self) -> bool {
        self == RectificationStatus::Open
    }
}

/// A move of a rectification, as its history records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RectificationAction {
    /// 下发整改: opened when the inspection was submitted.
    Open,
    /// 当场整改: fixed during the walk; straight to 已验收.
    FixOnSpot,
    /// 提交整改: the owner says it is fixed (a note, optionally after-photos).
    Close,
    /// 验收通过: the fix is accepted.
    Accept,
    /// 退回: the fix is not accepted; back to 待整改 with a reason.
    Return,
    /// 调整期限: the deadline changed.
    Reschedule,
    /// 更换责任人: the owner changed.
    Reassign,
}

impl RectificationAction {
    /// All moves.
    pub const ALL: [RectificationAction; 7] = [
        RectificationAction::Open,
        RectificationAction::FixOnSpot,
        RectificationAction::Close,
        RectificationAction::Accept,
        RectificationAction::Return,
        RectificationAction::Reschedule,
        RectificationAction::Reassign,
    ];

    /// Database code.
    pub fn code(self) -> &'static str {
        match self {
            RectificationAction::Open => "open",
            RectificationAction::FixOnSpot => "fix_on_spot",
            RectificationAction::Close => "close",
            RectificationAction::Accept => "accept",
            RectificationAction::Return => "return",
            RectificationAction::Reschedule => "reschedule",
            RectificationAction::Reassign => "reassign",
        }
    }

    /// Parses a database code.
    pub fn from_code(code: &str) -> Option<RectificationAction> {
        RectificationAction::ALL
            .into_iter()
            .find(|a| a.code() == code)
    }

    /// Chinese label.
    pub fn name_zh(self) -> &'static str {
        match self {
            RectificationAction::Open => "下发整改",
            RectificationAction::FixOnSpot => "当场整改",
            RectificationAction::Close => "提交整改",
            RectificationAction::Accept => "验收通过",
            RectificationAction::Return => "退回",
            RectificationAction::Reschedule => "调整期限",
            RectificationAction::Reassign => "更换责任人",
        }
    }

    /// English verb, as an error message uses it ("cannot be …").
    fn verb_en(self) -> &'static str {
        match self {
            RectificationAction::Open => "opened",
            RectificationAction::FixOnSpot => "fixed on the spot",
            RectificationAction::Close => "closed as fixed",
            RectificationAction::Accept => "accepted",
            RectificationAction::Return => "returned",
            RectificationAction::Reschedule => "given a new deadline",
            RectificationAction::Reassign => "given a new owner",
        }
    }

    /// The state this move leads to from `from` (`None`: not yet opened), or why it cannot
    /// be made. `text` is the move's note: a close needs one (what was done), a return needs
    /// one (the reason).
    pub fn apply(
        self,
        from: Option<RectificationStatus>,
        text: &str,
    ) -> Result<RectificationStatus, RectificationError> {
        use RectificationAction as A;
        use RectificationStatus as S;
        let to = match (self, from) {
            (A::Open, None) => S::Open,
            (A::FixOnSpot, Some(S::Open)) => S::Accepted,
            (A::Close, Some(S::Open)) => S::Done,
            (A::Accept, Some(S::Done)) => S::Accepted,
            (A::Return, Some(S::Done)) => S::Open,
            (A::Reschedule | A::Reassign, Some(s @ (S::Open | S::Done))) => s,
            _ => {
                return Err(RectificationError::NotAllowed { from, action: self });
            }
        };
        if text.trim().is_empty() {
            match self {
                A::Close => return Err(RectificationError::NoteRequired),
                A::Return => return Err(RectificationError::ReasonRequired),
                _ => {}
            }
        }
        Ok(to)
    }
}

/// Why a move of a rectification was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RectificationError {
    /// The move does not exist from this state (accepting an open one, closing an accepted
    /// one, …).
    #[error("{}", not_allowed(*from, *action))]
    NotAllowed {
        /// The state it was in (`None`: not yet opened).
        from: Option<RectificationStatus>,
        /// The move asked for.
        action: RectificationAction,
    },
    /// A close says what was done.
    #[error("closing a rectification needs a note saying what was done")]
    NoteRequired,
    /// A return says why.
    #[error("returning a rectification needs a reason")]
    ReasonRequired,
    /// A deadline cannot come before the day the problem was found.
    #[error("the deadline {due_on} is before the inspection day {inspected_on}")]
    DeadlineBeforeInspection {
        /// The deadline asked for.
        due_on: NaiveDate,
        /// The inspection's day.
        inspected_on: NaiveDate,
    },
}

fn not_allowed(from: Option<RectificationStatus>, action: RectificationAction) -> String {
    match from {
        None => format!(
            "a rectification not yet opened cannot be {}",
            action.verb_en()
        ),
        Some(from) => format!(
            "a rectification that is {}（{}） cannot be {}",
            from.name_en(),
            from.name_zh(),
            action.verb_en()
        ),
    }
}

/// Which failed answers open a rectification when an inspection is submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RectificationScope {
    /// Every failed item (the default).
    #[default]
    EveryFail,
    /// Veto items, and fails whose deduction (before the area cap) is at least this many
    /// points.
    VetoOrAtLeast(Points),
}

/// The rule that opens rectifications on submit and sets their deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RectificationRule {
    /// Which fails open one.
    pub scope: RectificationScope,
    /// Days to fix an ordinary item, counted from the inspection's day.
    pub deadline_days: u32,
    /// Days to fix a veto item, counted from the inspection's day.
    pub veto_deadline_days: u32,
}

impl Default for RectificationRule {
    fn default() -> Self {
        RectificationRule {
            scope: RectificationScope::EveryFail,
            deadline_days: 3,
            veto_deadline_days: 1,
        }
    }
}

/// The longest deadline a rule may give, in days.
pub const DEADLINE_DAYS_MAX: u32 = 365;

impl RectificationRule {
    /// Whether a failed answer to `item` that deducted `deduction` opens a rectification.
    pub fn opens(&self, item: &Item, deduction: Points) -> bool {
        match self.scope {
            RectificationScope::EveryFail => true,
            RectificationScope::VetoOrAtLeast(least) => item.veto || deduction >= least,
        }
    }

    /// The deadline of a rectification of `item` found on `inspected_on`.
    pub fn due_on(&self, item: &Item, inspected_on: NaiveDate) -> NaiveDate {
        let days = if item.veto {
            self.veto_deadline_days
        } else {
            self.deadline_days
        };
        inspected_on + chrono::Days::new(u64::from(days.min(DEADLINE_DAYS_MAX)))
    }

    /// Checks the rule: deadlines of at most [`DEADLINE_DAYS_MAX`] days and a threshold
    /// that is not negative.
    pub fn validate(&self) -> Result<(), String> {
        for (days, what) in [
            (self.deadline_days, "deadline"),
            (self.veto_deadline_days, "veto item deadline"),
        ] {
            if days > DEADLINE_DAYS_MAX {
                return Err(format!(
                    "the {what} of {days} days is longer than {DEADLINE_DAYS_MAX} days"
                ));
            }
        }
        if let RectificationScope::VetoOrAtLeast(least) = self.scope
            && least < Points::ZERO
        {
            return Err(format!("the deduction threshold {least} is negative"));
        }
        Ok(())
    }
}

/// Whether a rectification in `status`, due on `due_on`, is overdue on `today`: still 待整改
/// after its deadline day.
pub fn is_overdue(status: RectificationStatus, due_on: NaiveDate, today: NaiveDate) -> bool {
    status.is_open() && today > due_on
}

/// Whether a rectification in `status` is due on `today` (still 待整改 on its deadline day).
pub fn is_due_today(status: RectificationStatus, due_on: NaiveDate, today: NaiveDate) -> bool {
    status.is_open() && today == due_on
}

/// Whether a fix closed on `closed_on` (the day it was reported fixed) kept the deadline.
pub fn closed_on_time(closed_on: NaiveDate, due_on: NaiveDate) -> bool {
    closed_on <= due_on
}

/// How a rectification stands against its deadline on the day it is judged: the basis of the
/// on-time rate (整改按时率).
///
/// The rate is defined once, here: of the rectifications a report covers, those
/// [`Timeliness::OnTime`] divided by those on time or [`Timeliness::Late`]; the
/// [`Timeliness::Pending`] ones (still 待整改 and not yet due) are left out until their
/// deadline passes or they are fixed. A fix counts on the day it was reported (已整改, or
/// 当场整改), whether or not it has been accepted yet; a return puts it back to 待整改.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timeliness {
    /// Reported fixed (or fixed on the spot) on or before its deadline.
    OnTime,
    /// Reported fixed after its deadline, or still 待整改 past it.
    Late,
    /// Still 待整改 and not yet past its deadline: not judged yet.
    Pending,
}

impl Timeliness {
    /// How a rectification in `status`, due on `due_on` and reported fixed on `closed_on`
    /// (while it is), stands on `today`. One closed with no day known (an old import) counts
    /// by whether its deadline has passed.
    pub fn of(
        status: RectificationStatus,
        due_on: NaiveDate,
        closed_on: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Timeliness {
        match (status, closed_on) {
            (RectificationStatus::Open, _) if is_overdue(status, due_on, today) => Timeliness::Late,
            (RectificationStatus::Open, _) => Timeliness::Pending,
            (_, Some(closed)) if closed_on_time(closed, due_on) => Timeliness::OnTime,
            (_, Some(_)) => Timeliness::Late,
            (_, None) if today > due_on => Timeliness::Late,
            (_, None) => Timeliness::OnTime,
        }
    }
}

/// The on-time rate (0–1) of `on_time` out of `on_time + late` (see [`Timeliness`]); none
/// while nothing is judged.
pub fn on_time_rate(on_time: u32, late: u32) -> Option<f64> {
    let judged = on_time + late;
    (judged > 0).then(|| f64::from(on_time) / f64::from(judged))
}

/// How long after an earlier rectification was closed the same item failing again at the
/// same hall is still a repeat problem (重复问题), in days.
pub const REPEAT_WINDOW_DAYS: i64 = 30;

/// Whether an item failing on `day` repeats an earlier rectification of the same item at the
/// same hall that is in `status` and was closed (reported fixed, or fixed on the spot) on
/// `closed_on`: the earlier one is still 待整改, or it was closed within
/// [`REPEAT_WINDOW_DAYS`] days before `day`.
pub fn is_repeat(
    status: RectificationStatus,
    closed_on: Option<NaiveDate>,
    day: NaiveDate,
) -> bool {
    if status.is_open() {
        return true;
    }
    // A close after `day` (an inspection entered late) was still open on it.
    closed_on.is_some_and(|closed| (day - closed).num_days() <= REPEAT_WINDOW_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use RectificationAction as A;
    use RectificationStatus as S;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 10, d).unwrap()
    }

    #[test]
    fn the_allowed_moves_lead_where_the_diagram_says() {
        assert_eq!(A::Open.apply(None, ""), Ok(S::Open));
        assert_eq!(A::FixOnSpot.apply(Some(S::Open), ""), Ok(S::Accepted));
        assert_eq!(A::Close.apply(Some(S::Open), "已清理"), Ok(S::Done));
        assert_eq!(A::Accept.apply(Some(S::Done), ""), Ok(S::Accepted));
        assert_eq!(A::Return.apply(Some(S::Done), "仍有纸屑"), Ok(S::Open));
        for s in [S::Open, S::Done] {
            assert_eq!(A::Reschedule.apply(Some(s), ""), Ok(s));
            assert_eq!(A::Reassign.apply(Some(s), ""), Ok(s));
        }
    }

    #[test]
    fn every_other_move_is_refused_with_the_state_and_the_move() {
        let allowed = [
            (A::Open, None),
            (A::FixOnSpot, Some(S::Open)),
            (A::Close, Some(S::Open)),
            (A::Accept, Some(S::Done)),
            (A::Return, Some(S::Done)),
            (A::Reschedule, Some(S::Open)),
            (A::Reschedule, Some(S::Done)),
            (A::Reassign, Some(S::Open)),
            (A::Reassign, Some(S::Done)),
        ];
        let froms = [None, Some(S::Open), Some(S::Done), Some(S::Accepted)];
        for action in A::ALL {
            for from in froms {
                let result = action.apply(from, "text");
                if allowed.contains(&(action, from)) {
                    assert!(result.is_ok(), "{action:?} from {from:?}");
                } else {
                    assert_eq!(
                        result,
                        Err(RectificationError::NotAllowed { from, action }),
                        "{action:?} from {from:?}"
                    );
                }
            }
        }
        let err = A::Close.apply(Some(S::Accepted), "x").unwrap_err();
        assert_eq!(
            err.to_string(),
            "a rectification that is accepted（已验收） cannot be closed as fixed"
        );
    }

    #[test]
    fn a_close_needs_a_note_and_a_return_a_reason() {
        assert_eq!(
            A::Close.apply(Some(S::Open), "  "),
            Err(RectificationError::NoteRequired)
        );
        assert_eq!(
            A::Return.apply(Some(S::Done), ""),
            Err(RectificationError::ReasonRequired)
        );
        // A refused move is told as such, whatever its text.
        assert!(matches!(
            A::Return.apply(Some(S::Open), ""),
            Err(RectificationError::NotAllowed { .. })
        ));
    }

    #[test]
    fn codes_read_back() {
        for s in S::ALL {
            assert_eq!(S::from_code(s.code()), Some(s));
        }
        for a in A::ALL {
            assert_eq!(A::from_code(a.code()), Some(a));
        }
        assert_eq!(S::from_code("returned"), None);
    }

    fn item(veto: bool) -> Item {
        Item {
            id: "floor".into(),
            text: "地面".into(),
            text_en: None,
            deduction: Points::from_whole(1),
            deduction_max: None,
            value: None,
            bonus: false,
            unit: crate::domain::Unit::PerPlace,
            veto,
            photo_required: false,
            guidance: String::new(),
            guidance_en: None,
            reasons: Vec::new(),
            violation: None,
            reason_required: true,
        }
    }

    #[test]
    fn the_default_rule_opens_every_fail_with_three_days_and_one_for_veto() {
        let rule = RectificationRule::default();
        assert!(rule.opens(&item(false), Points::from_hundredths(50)));
        assert_eq!(rule.due_on(&item(false), day(5)), day(8));
        assert_eq!(rule.due_on(&item(true), day(5)), day(6));
    }

    #[test]
    fn a_limited_rule_opens_veto_items_and_deductions_from_its_threshold() {
        let rule = RectificationRule {
            scope: RectificationScope::VetoOrAtLeast(Points::from_hundredths(200)),
            ..RectificationRule::default()
        };
        assert!(!rule.opens(&item(false), Points::from_hundredths(100)));
        assert!(rule.opens(&item(false), Points::from_hundredths(200)));
        assert!(rule.opens(&item(true), Points::ZERO));
        assert!(rule.validate().is_ok());
        let long = RectificationRule {
            deadline_days: 400,
            ..RectificationRule::default()
        };
        assert!(long.validate().is_err());
    }

    #[test]
    fn overdue_and_due_today_are_judged_on_the_day_given() {
        assert!(!is_overdue(S::Open, day(8), day(8)));
        assert!(is_due_today(S::Open, day(8), day(8)));
        assert!(is_overdue(S::Open, day(8), day(9)));
        assert!(!is_overdue(S::Done, day(8), day(9)));
        assert!(!is_overdue(S::Accepted, day(8), day(20)));
        assert!(!is_due_today(S::Done, day(8), day(8)));
        assert!(closed_on_time(day(8), day(8)));
        assert!(!closed_on_time(day(9), day(8)));
    }

    #[test]
    fn timeliness_follows_the_fix_day_against_the_deadline() {
        use Timeliness as T;
        assert_eq!(T::of(S::Open, day(8), None, day(8)), T::Pending);
        assert_eq!(T::of(S::Open, day(8), None, day(9)), T::Late);
        assert_eq!(T::of(S::Done, day(8), Some(day(8)), day(20)), T::OnTime);
        assert_eq!(T::of(S::Accepted, day(8), Some(day(9)), day(9)), T::Late);
        // Fixed early is on time even before the deadline comes.
        assert_eq!(T::of(S::Done, day(8), Some(day(5)), day(5)), T::OnTime);
        assert_eq!(T::of(S::Accepted, day(8), None, day(8)), T::OnTime);
        assert_eq!(T::of(S::Accepted, day(8), None, day(9)), T::Late);
        assert_eq!(on_time_rate(1, 3), Some(0.25));
        assert_eq!(on_time_rate(0, 0), None);
    }

    #[test]
    fn a_repeat_is_an_open_one_or_one_closed_within_thirty_days() {
        assert!(is_repeat(S::Open, None, day(30)));
        assert!(is_repeat(S::Done, Some(day(1)), day(31)));
        assert!(is_repeat(
            S::Accepted,
            Some(day(1)),
            day(1) + chrono::Days::new(30)
        ));
        assert!(!is_repeat(
            S::Accepted,
            Some(day(1)),
            day(1) + chrono::Days::new(31)
        ));
        assert!(!is_repeat(S::Accepted, None, day(2)));
    }
}
