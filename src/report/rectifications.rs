//! 整改 follow-up in the reports: per hall over a period for the Ranking (how many
//! rectifications the period's inspections opened, how many were fixed by their deadline,
//! how many late, how many are still open, and the on-time rate), and the list of one hall's
//! month for the monthly sheet (本月整改情况). Judged on the day the caller passes as today.
//!
//! The on-time rate (整改按时率) is defined once, by [`Timeliness`]: over the rectifications
//! found in the period (opened by its inspections), those reported fixed — 已整改, or 当场整改 —
//! on or before their deadline, divided by those fixed on time or late (fixed after the
//! deadline, or still 待整改 past it). One still 待整改 and not yet due is pending and left out
//! until it is fixed or its deadline passes. The period is that of the inspections, so the
//! Ranking of a month and that month's sheet count the same rectifications; the deadline in
//! force is the one counted (a new deadline replaces the old). 未整改 is the number of them
//! still 待整改 on the day judged (today): 已整改 awaiting acceptance is not open.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::domain::{InspectionKind, RectificationStatus, Timeliness, is_overdue, on_time_rate};
use crate::report::{Period, Result, percent};
use crate::store::{RectificationFilter, RectificationOutcome, RectificationRow, Store};

/// How the on-time rate is worked out, as a printed sheet's footnote gives it.
pub const RATE_RULE_ZH: &str = "按时率 = 期限内完成的整改项（已整改或当场整改，以提交整改之日计）÷ \
（期限内完成 ＋ 逾期完成 ＋ 逾期未整改）的整改项；未到期的待整改项不计。";

/// The follow-up of one hall's rectifications over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallRectificationRate {
    /// Hall row id.
    pub hall_id: i64,
    /// Hall name.
    pub hall_name: String,
    /// Rectifications opened by the period's inspections.
    pub total: u32,
    /// Reported fixed by the deadline.
    pub on_time: u32,
    /// Reported fixed after the deadline, or still open past it.
    pub late: u32,
    /// Still 待整改 and not yet due.
    pub pending: u32,
    /// Still 待整改 (late or pending): 未整改.
    pub open: u32,
}

impl HallRectificationRate {
    /// The on-time rate (0–1): on time out of those judged (on time or late); none while
    /// none is.
    pub fn rate(&self) -> Option<f64> {
        on_time_rate(self.on_time, self.late)
    }
}

/// The follow-up per hall of the rectifications opened by inspections of `kind` (`None`:
/// every kind) in `period`, judged on `today`, by hall name (halls without any are left
/// out).
pub fn rectification_rates(
    store: &Store,
    period: Period,
    today: NaiveDate,
    kind: Option<InspectionKind>,
) -> Result<Vec<HallRectificationRate>> {
    let outcomes = store.rectification_outcomes(period.from, period.to, kind)?;
    Ok(rates(&outcomes, today))
}

/// [`rectification_rates`] from the rows, which come by hall.
pub fn rates(outcomes: &[RectificationOutcome], today: NaiveDate) -> Vec<HallRectificationRate> {
    let mut halls: Vec<HallRectificationRate> = Vec::new();
    for o in outcomes {
        if halls.last().is_none_or(|h| h.hall_id != o.hall_id) {
            halls.push(HallRectificationRate {
                hall_id: o.hall_id,
                hall_name: o.hall_name.clone(),
                total: 0,
                on_time: 0,
                late: 0,
                pending: 0,
                open: 0,
            });
        }
        let Some(hall) = halls.last_mut() else {
            continue;
        };
        hall.total += 1;
        if o.status.is_open() {
            hall.open += 1;
        }
        match Timeliness::of(o.status, o.due_on, o.closed_on, today) {
            Timeliness::OnTime => hall.on_time += 1,
            Timeliness::Late => hall.late += 1,
            Timeliness::Pending => hall.pending += 1,
        }
    }
    halls
}

/// One line of a month's rectification list (本月整改情况).
#[derive(Debug, Clone, PartialEq)]
pub struct MonthRectification {
    /// 序号, from 1.
    pub no: usize,
    /// The rectification as listed.
    pub row: RectificationRow,
    /// How it stands against its deadline on the day judged.
    pub timeliness: Timeliness,
    /// Days past the deadline while still 待整改 (0 when not overdue).
    pub overdue_days: i64,
    /// 状态 as [`state_zh`] words it.
    pub state_zh: String,
}

impl MonthRectification {
    /// 检查项: the item's text, marked when it is a veto item or a repeat problem.
    pub fn item_zh(&self) -> String {
        let mut text = self.row.item_text.clone();
        if self.row.veto {
            text.push_str("【否决项】");
        }
        if self.row.is_repeat() {
            text.push_str("（重复问题）");
        }
        text
    }
}

/// Days past its deadline on `today` while a rectification is still 待整改 (0 when it is not
/// overdue).
pub fn overdue_days(row: &RectificationRow, today: NaiveDate) -> i64 {
    if is_overdue(row.status, row.due_on, today) {
        (today - row.due_on).num_days()
    } else {
        0
    }
}

/// Whether a rectification counts against the on-time rate on `today`: fixed after its
/// deadline, or still 待整改 past it ([`Timeliness::Late`]).
pub fn is_late(row: &RectificationRow, today: NaiveDate) -> bool {
    Timeliness::of(row.status, row.due_on, row.closed_on, today) == Timeliness::Late
}

/// 状态 as every report prints it, judged on `today`: 待整改 (with the days overdue, 待整改（逾期3天）),
/// 已整改, 已验收, or 当场整改; a fix reported after the deadline says so (已验收（逾期完成）).
pub fn state_zh(row: &RectificationRow, today: NaiveDate) -> String {
    if row.fixed_on_spot {
        return "当场整改".to_owned();
    }
    let mut text = row.status.name_zh().to_owned();
    let overdue = overdue_days(row, today);
    if overdue > 0 {
        let _ = write!(text, "（逾期{overdue}天）");
    } else if !row.status.is_open() && is_late(row, today) {
        text.push_str("（逾期完成）");
    }
    text
}

/// One hall's rectifications found in a month, as the monthly sheet lists them, with the
/// counts of its summary line.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthRectifications {
    /// The day they were judged on (overdue, on time).
    pub as_of: NaiveDate,
    /// The list: by the day found, then the inspection, then the checklist's order.
    pub lines: Vec<MonthRectification>,
    /// 已验收 (fixed on the spot included).
    pub accepted: u32,
    /// Of them, 当场整改.
    pub fixed_on_spot: u32,
    /// 已整改, awaiting acceptance.
    pub awaiting_acceptance: u32,
    /// 待整改.
    pub open: u32,
    /// Of them, past the deadline.
    pub overdue: u32,
    /// Fixed by the deadline.
    pub on_time: u32,
    /// Fixed after the deadline, or still open past it.
    pub late: u32,
}

impl MonthRectifications {
    /// The rectifications listed.
    pub fn total(&self) -> usize {
        self.lines.len()
    }

    /// The on-time rate (0–1), as the Ranking counts it; none while nothing is judged.
    pub fn rate(&self) -> Option<f64> {
        on_time_rate(self.on_time, self.late)
    }

    /// The summary line: `5项，已验收2项（当场整改1项），已整改待验收1项，待整改2项（逾期1项），
    /// 按时率66.7%`; `本月无整改项` when there is none.
    pub fn summary_zh(&self) -> String {
        if self.lines.is_empty() {
            return "本月无整改项".to_owned();
        }
        let mut text = format!("{}项，已验收{}项", self.total(), self.accepted);
        if self.fixed_on_spot > 0 {
            let _ = write!(text, "（当场整改{}项）", self.fixed_on_spot);
        }
        let _ = write!(
            text,
            "，已整改待验收{}项，待整改{}项",
            self.awaiting_acceptance, self.open
        );
        if self.overdue > 0 {
            let _ = write!(text, "（逾期{}项）", self.overdue);
        }
        let rate = self
            .rate()
            .map_or_else(|| "—（尚无到期项）".to_owned(), percent);
        let _ = write!(text, "，按时率{rate}");
        text
    }
}

/// The rectifications of `hall_id` found in `period` (its inspections' days), judged on
/// `today`.
pub fn month_rectifications(
    store: &Store,
    hall_id: i64,
    period: Period,
    today: NaiveDate,
) -> Result<MonthRectifications> {
    let filter = RectificationFilter {
        hall_id: Some(hall_id),
        from: Some(period.from),
        to: Some(period.to),
        ..RectificationFilter::default()
    };
    let mut rows = store.rectifications(&filter, today)?;
    rows.sort_by_key(|r| (r.inspected_on, r.inspection_id, r.id));
    Ok(month_of(rows, today))
}

/// [`month_rectifications`] from the rows, in list order.
pub fn month_of(rows: Vec<RectificationRow>, today: NaiveDate) -> MonthRectifications {
    let mut month = MonthRectifications {
        as_of: today,
        lines: Vec::with_capacity(rows.len()),
        accepted: 0,
        fixed_on_spot: 0,
        awaiting_acceptance: 0,
        open: 0,
        overdue: 0,
        on_time: 0,
        late: 0,
    };
    for (n, row) in rows.into_iter().enumerate() {
        let timeliness = Timeliness::of(row.status, row.due_on, row.closed_on, today);
        match timeliness {
            Timeliness::OnTime => month.on_time += 1,
            Timeliness::Late => month.late += 1,
            Timeliness::Pending => {}
        }
        match row.status {
            RectificationStatus::Accepted => {
                month.accepted += 1;
                if row.fixed_on_spot {
                    month.fixed_on_spot += 1;
                }
            }
            RectificationStatus::Done => month.awaiting_acceptance += 1,
            RectificationStatus::Open => {
                month.open += 1;
                if row.overdue {
                    month.overdue += 1;
                }
            }
        }
        let overdue_days = overdue_days(&row, today);
        month.lines.push(MonthRectification {
            no: n + 1,
            state_zh: state_zh(&row, today),
            row,
            timeliness,
            overdue_days,
        });
    }
    month
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 10, d).unwrap()
    }

    fn outcome(
        hall: i64,
        status: RectificationStatus,
        closed: Option<u32>,
    ) -> RectificationOutcome {
        RectificationOutcome {
            hall_id: hall,
            hall_name: format!("厅{hall}"),
            inspected_on: day(1),
            due_on: day(4),
            status,
            closed_on: closed.map(day),
        }
    }

    #[test]
    fn on_time_late_and_pending_are_told_apart() {
        use RectificationStatus as S;
        let rows = [
            outcome(1, S::Accepted, Some(4)),
            outcome(1, S::Done, Some(5)),
            outcome(1, S::Open, None),
            outcome(2, S::Open, None),
        ];
        let on_due_day = rates(&rows, day(4));
        assert_eq!(on_due_day.len(), 2);
        let first = &on_due_day[0];
        assert_eq!(
            (
                first.total,
                first.on_time,
                first.late,
                first.pending,
                first.open
            ),
            (3, 1, 1, 1, 1)
        );
        assert_eq!(first.rate(), Some(0.5));
        assert_eq!(on_due_day[1].rate(), None);
        let later = rates(&rows, day(5));
        assert_eq!((later[0].late, later[0].pending), (2, 0));
        assert_eq!(later[1].rate(), Some(0.0));
    }
}
