//! One hall's scores over time: every submitted inspection with its rating, veto and
//! inspector, 7- and 30-day moving averages by local day, and each area's share of its cap.

use chrono::{Days, NaiveDate};

use crate::domain::{Area, InspectionKind, Points, Rating, RatingBands};
use crate::report::{Period, ReportError, Result};
use crate::store::{Hall, Store};

/// Days in the short moving average.
pub const SHORT_WINDOW_DAYS: u32 = 7;
/// Days in the long moving average.
pub const LONG_WINDOW_DAYS: u32 = 30;

/// One submitted inspection on the trend.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    /// Inspection row id (what "open inspection" takes).
    pub inspection_id: i64,
    /// Stable id.
    pub uuid: String,
    /// Local day.
    pub date: NaiveDate,
    /// Score out of 100.
    pub score: Points,
    /// Rating.
    pub rating: Rating,
    /// A veto item failed.
    pub veto: bool,
    /// Who inspected.
    pub inspector: String,
    /// Mean score of the hall's submitted inspections on the 7 local days ending on `date`
    /// (days before the period count, so the line starts right).
    pub ma7: f64,
    /// The same over 30 days.
    pub ma30: f64,
    /// Per area inspected, in sheet order: points kept as a share of the area's cap after N/A
    /// scaling, 0–1 — the cap less its deductions, a bonus apart (it neither lifts the share
    /// above 1 nor makes up for a deduction). An area not inspected, or wholly N/A, is not
    /// there.
    pub area_share: Vec<(Area, f64)>,
}

impl TrendPoint {
    /// The share of an area's cap the inspection earned, if it covered the area.
    pub fn share(&self, area: Area) -> Option<f64> {
        self.area_share
            .iter()
            .find(|(a, _)| *a == area)
            .map(|(_, s)| *s)
    }
}

/// A hall's trend over a period.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendData {
    /// The hall.
    pub hall: Hall,
    /// The days shown.
    pub period: Period,
    /// The one kind of inspection shown (`None`: every kind).
    pub kind: Option<InspectionKind>,
    /// The rating bands, for the band lines.
    pub bands: RatingBands,
    /// Submitted inspections in the period, oldest first.
    pub points: Vec<TrendPoint>,
}

impl TrendData {
    /// The areas that appear in at least one inspection, in sheet order.
    pub fn areas_present(&self) -> Vec<Area> {
        let mut areas: Vec<Area> = self
            .points
            .iter()
            .flat_map(|p| p.area_share.iter().map(|(a, _)| *a))
            .collect();
        areas.sort();
        areas.dedup();
        areas
    }

    /// Mean score over the period, if any inspection.
    pub fn mean_score(&self) -> Option<f64> {
        if self.points.is_empty() {
            return None;
        }
        let total: i64 = self.points.iter().map(|p| p.score.hundredths()).sum();
        Some(total as f64 / 100.0 / self.points.len() as f64)
    }

    /// Inspections with a failed veto item.
    pub fn veto_count(&self) -> usize {
        self.points.iter().filter(|p| p.veto).count()
    }
}

/// For values sorted by day, the mean of all values whose day lies in the `window_days`
/// days ending on each value's day (all values of that day included).
pub fn moving_average(days: &[NaiveDate], values: &[f64], window_days: u32) -> Vec<f64> {
    let mut prefix = Vec::with_capacity(values.len() + 1);
    prefix.push(0.0);
    let mut sum = 0.0;
    for v in values {
        sum += v;
        prefix.push(sum);
    }
    let back = u64::from(window_days.max(1) - 1);
    days.iter()
        .map(|day| {
            let first = day.checked_sub_days(Days::new(back)).unwrap_or(*day);
            let start = days.partition_point(|d| *d < first);
            let end = days.partition_point(|d| d <= day);
            if end > start {
                (prefix[end] - prefix[start]) / (end - start) as f64
            } else {
                0.0
            }
        })
        .collect()
}

/// The trend of one hall over `period`: its inspections of `kind`, or of every kind.
pub fn trend(
    store: &Store,
    hall_id: i64,
    period: Period,
    kind: Option<InspectionKind>,
) -> Result<TrendData> {
    let hall = store.hall(hall_id)?;
    let bands = store.rating_bands()?;
    // Load the 29 days before the period too, so the moving averages start right.
    let lead_from = lead_from(period);
    let rows = store.trend_rows(hall_id, lead_from, period.to, kind)?;
    let days: Vec<NaiveDate> = rows.iter().map(|r| r.date).collect();
    let scores: Vec<f64> = rows.iter().map(|r| r.score.as_f64()).collect();
    let lead = rows.partition_point(|r| r.date < period.from);
    let ma7 = moving_average(&days, &scores, SHORT_WINDOW_DAYS);
    let ma30 = moving_average(&days, &scores, LONG_WINDOW_DAYS);
    let mut points = Vec::with_capacity(rows.len() - lead);
    for (n, r) in rows.into_iter().enumerate().skip(lead) {
        let rating = r
            .rating
            .ok_or_else(|| ReportError::Invalid("a submitted inspection has no rating".into()))?;
        points.push(TrendPoint {
            inspection_id: r.inspection_id,
            uuid: r.uuid,
            date: r.date,
            score: r.score,
            rating,
            veto: r.veto,
            inspector: r.inspector,
            ma7: ma7[n],
            ma30: ma30[n],
            area_share: Vec::new(),
        });
    }

    // Areas: points kept (earned less any bonus) and effective cap summed per area (one
    // template per area is usual). The rows come in the points' order (same index), so a
    // cursor finds each inspection.
    let mut sums: Vec<Vec<(Area, i64, i64)>> = vec![Vec::new(); points.len()];
    let mut cursor = 0usize;
    for r in store.trend_area_rows(hall_id, period.from, period.to, kind)? {
        let id = r.inspection_id;
        if points.get(cursor).is_none_or(|p| p.inspection_id != id) {
            // Usually the next point; search only when the rows come in another order.
            if points
                .get(cursor + 1)
                .is_some_and(|p| p.inspection_id == id)
            {
                cursor += 1;
            } else {
                match points.iter().position(|p| p.inspection_id == id) {
                    Some(n) => cursor = n,
                    None => continue,
                }
            }
        }
        let areas = &mut sums[cursor];
        match areas.iter_mut().find(|(a, _, _)| *a == r.area) {
            Some(slot) => {
                slot.1 += r.base().hundredths();
                slot.2 += r.effective_cap.hundredths();
            }
            None => areas.push((r.area, r.base().hundredths(), r.effective_cap.hundredths())),
        }
    }
    for (p, mut areas) in points.iter_mut().zip(sums) {
        areas.sort_by_key(|(a, _, _)| *a);
        p.area_share = areas
            .into_iter()
            .filter(|(_, _, cap)| *cap > 0)
            .map(|(a, earned, cap)| (a, earned as f64 / cap as f64))
            .collect();
    }
    Ok(TrendData {
        hall,
        period,
        kind,
        bands,
        points,
    })
}

/// The first day a trend over `period` reads: the moving averages need the 29 days before.
pub fn lead_from(period: Period) -> NaiveDate {
    period
        .from
        .checked_sub_days(Days::new(u64::from(LONG_WINDOW_DAYS - 1)))
        .unwrap_or(period.from)
}
