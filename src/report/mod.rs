//! Figures for charts, the CLI and exports: trends, rankings (and two kinds of inspection
//! compared), Pareto and the monthly sheet (with its money, where a hall converts points to
//! money). Trends, rankings and Pareto count the inspections of one kind or of every kind; the
//! monthly sheet counts every kind. The 整改 follow-up per hall (on-time rate, open count) is
//! part of the ranking, and the month's rectifications part of the monthly sheet.
//!
//! Every report is plain data computed from the rows of a few store queries (the report
//! methods of [`Store`]); the Trends and Ranking screens, `hallcheck report …` and the
//! exports all draw from these same structs, so they show the same numbers by construction.
//! Only submitted inspections count: drafts never do.
//!
//! Days are local calendar days; points are exact [`Points`](crate::domain::Points)
//! (hundredths) until a chart asks for floats.

pub mod kinds;
pub mod money;
pub mod monthly;
pub mod pareto;
pub mod ranking;
pub mod rectifications;
pub mod trend;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::domain::Template;
use crate::store::{Store, StoreError};

pub use kinds::{DEFAULT_COMPARED, HallGap, KindComparison, KindFigures, compare_kinds};
pub use monthly::{
    AreaMonth, MonthlyRow, MonthlyRowKind, MonthlySheet, StaffDeduction, monthly_sheet,
};
pub use pareto::{ParetoData, ParetoItem, item_inspections, pareto};
pub use ranking::{HallRanking, RankingData, ranking};
pub use rectifications::{
    HallRectificationRate, MonthRectification, MonthRectifications, RATE_RULE_ZH,
    month_rectifications, rectification_rates, state_zh as rectification_state_zh,
};
pub use trend::{TrendData, TrendPoint, moving_average, trend};

/// Errors of the report queries.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A request that makes no sense, such as a period that ends before it starts.
    #[error("{0}")]
    Invalid(String),
}

/// Result of report calls.
pub type Result<T, E = ReportError> = std::result::Result<T, E>;

/// A span of local calendar days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
}

impl Period {
    /// The days `from ..= to`; refused when `to` is before `from`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period> {
        if to < from {
            return Err(ReportError::Invalid(format!(
                "the period ends ({to}) before it starts ({from})"
            )));
        }
        Ok(Period { from, to })
    }

    /// One calendar month.
    pub fn month(year: i32, month: u32) -> Result<Period> {
        let from = NaiveDate::from_ymd_opt(year, month, 1)
            .ok_or_else(|| ReportError::Invalid(format!("{year}-{month:02} is not a month")))?;
        let to = from
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .ok_or_else(|| ReportError::Invalid(format!("{year}-{month:02} is out of range")))?;
        Ok(Period { from, to })
    }

    /// Parses `YYYY-MM` as a month, or `YYYY-MM-DD..YYYY-MM-DD` as a custom span.
    pub fn parse(text: &str) -> Result<Period> {
        let text = text.trim();
        if let Some((a, b)) = text.split_once("..") {
            let day = |t: &str| {
                NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
                    .map_err(|_| ReportError::Invalid(format!("`{t}` is not a day (YYYY-MM-DD)")))
            };
            return Period::new(day(a)?, day(b)?);
        }
        let bad = || ReportError::Invalid(format!("`{text}` is not a month (YYYY-MM)"));
        let (y, m) = text.split_once('-').ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        Period::month(year, month)
    }

    /// Number of days, ends included.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// True when the period is exactly one calendar month.
    pub fn is_calendar_month(&self) -> bool {
        self.from.day() == 1
            && Period::month(self.from.year(), self.from.month()).is_ok_and(|m| m == *self)
    }

    /// The period to compare with: the previous calendar month for a calendar month (环比),
    /// else the span of equal length that ends the day before `from`.
    pub fn previous(&self) -> Period {
        if self.is_calendar_month()
            && let Some(start) = self.from.checked_sub_months(Months::new(1))
            && let Ok(p) = Period::month(start.year(), start.month())
        {
            return p;
        }
        let len = self.days() as u64;
        let to = self.from.pred_opt().unwrap_or(self.from);
        let from = to.checked_sub_days(Days::new(len - 1)).unwrap_or(to);
        Period { from, to }
    }

    /// Whether a day lies within.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// The first day as `YYYY-MM-DD`.
    pub fn from_text(&self) -> String {
        self.from.to_string()
    }

    /// The last day as `YYYY-MM-DD`.
    pub fn to_text(&self) -> String {
        self.to.to_string()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_calendar_month() {
            write!(f, "{}", self.from.format("%Y-%m"))
        } else {
            write!(f, "{}..{}", self.from, self.to)
        }
    }
}

/// Template snapshots by row, each asked of the store once per report (the store parses
/// each snapshot once per connection).
#[derive(Default)]
pub(crate) struct Snapshots(HashMap<i64, Arc<Template>>);

impl Snapshots {
    /// The snapshot of a template row.
    pub(crate) fn get(&mut self, store: &Store, row: i64) -> Result<Arc<Template>> {
        if let Some(template) = self.0.get(&row) {
            return Ok(Arc::clone(template));
        }
        let template = store.template_snapshot(row)?;
        self.0.insert(row, Arc::clone(&template));
        Ok(template)
    }
}

/// Gives the store's connection a page cache and memory map sized for reports over years of
/// data ([`Store::tune_for_reports`]). Call once after opening.
pub fn tune_connection(store: &Store) -> Result<()> {
    Ok(store.tune_for_reports()?)
}

/// Median and 95th percentile of samples (timings, in any unit); sorts them.
pub fn median_p95(samples: &mut [f64]) -> (f64, f64) {
    if samples.is_empty() {
        return (0.0, 0.0);
    }
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let i = ((samples.len() - 1) as f64 * q).round() as usize;
        samples[i.min(samples.len() - 1)]
    };
    (at(0.5), at(0.95))
}

/// A share as a percentage with one decimal, for tables (`87.5%`).
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn months_and_previous_periods() {
        let span = |from: NaiveDate, to: NaiveDate| Period { from, to };
        let oct = Period::parse("2026-10").unwrap_or(span(d(1, 1, 1), d(1, 1, 1)));
        assert_eq!((oct.from, oct.to), (d(2026, 10, 1), d(2026, 10, 31)));
        assert!(oct.is_calendar_month());
        let custom = span(d(2026, 10, 5), d(2026, 10, 11));
        // A month's previous period is the month before; any other span's, as many days before.
        for (period, previous) in [
            (oct, span(d(2026, 9, 1), d(2026, 9, 30))),
            (
                span(d(2024, 3, 1), d(2024, 3, 31)),
                span(d(2024, 2, 1), d(2024, 2, 29)),
            ),
            (custom, span(d(2026, 9, 28), d(2026, 10, 4))),
        ] {
            assert_eq!(period.previous(), previous, "{period:?}");
        }
        assert_eq!(custom.days(), 7);
        assert!(Period::parse("2026-13").is_err());
        assert_eq!(Period::parse("2026-10-05..2026-10-11").ok(), Some(custom));
        assert!(Period::parse("2026-10-05..2026-10-01").is_err());
    }

    #[test]
    fn median_and_p95_of_samples() {
        let mut samples: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        assert_eq!(median_p95(&mut samples), (51.0, 95.0));
        assert_eq!(median_p95(&mut []), (0.0, 0.0));
    }
}
