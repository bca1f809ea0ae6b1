//! 整改 follow-up per hall over a period, for the Ranking: how many rectifications the
//! period's inspections opened, how many were fixed by their deadline, how many late, how
//! many are still open — and the on-time rate (整改及时率). Judged on the day the caller
//! passes as today.
//!
//! A rectification counts as on time when it was reported fixed (or fixed on the spot) on
//! or before its deadline; late when it was reported fixed after it, or is still 待整改
//! past it. One still open and not yet due is neither: it is pending and left out of the
//! rate.

use chrono::NaiveDate;

use crate::domain::{RectificationStatus, closed_on_time, is_overdue};
use crate::report::{Period, Result};
use crate::store::{RectificationOutcome, Store};

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
    /// Still 待整改 (late or pending).
    pub open: u32,
}

impl HallRectificationRate {
    /// The on-time rate (0–1): on time out of those judged (on time or late); none while
    /// none is.
    pub fn rate(&self) -> Option<f64> {
        let judged = self.on_time + self.late;
        (judged > 0).then(|| f64::from(self.on_time) / f64::from(judged))
    }
}

/// The follow-up per hall of the rectifications opened by inspections in `period`, judged on
/// `today`, by hall name (halls without any are left out).
pub fn rectification_rates(
    store: &Store,
    period: Period,
    today: NaiveDate,
) -> Result<Vec<HallRectificationRate>> {
    let outcomes = store.rectification_outcomes(period.from, period.to)?;
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
        match (o.status, o.closed_on) {
            (RectificationStatus::Open, _) => {
                hall.open += 1;
                if is_overdue(o.status, o.due_on, today) {
                    hall.late += 1;
                } else {
                    hall.pending += 1;
                }
            }
            (_, Some(closed)) if closed_on_time(closed, o.due_on) => hall.on_time += 1,
            (_, Some(_)) => hall.late += 1,
            // Closed with no day known (an old import): counted by whether it is past due.
            (_, None) if today > o.due_on => hall.late += 1,
            (_, None) => hall.on_time += 1,
        }
    }
    halls
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
