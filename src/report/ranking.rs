//! All halls compared over a period: mean score, inspections done against expected, pass
//! rate, vetoes, points lost per area, the change against the previous period, and the 整改
//! follow-up of the period's findings (on-time rate and open count, see
//! [`super::rectifications`]).

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::domain::{Area, InspectionKind, Points};
use crate::report::rectifications::{HallRectificationRate, rectification_rates};
use crate::report::{Period, Result};
use crate::store::{Hall, HallTotals, Store};

/// One hall's line of the ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct HallRanking {
    /// Place by mean score (1 = best; equal means share a place); `None` without inspections.
    pub rank: Option<usize>,
    /// The hall.
    pub hall: Hall,
    /// Submitted inspections in the period.
    pub done: i64,
    /// Inspections expected: one per day of the period up to the as-of day, when every kind
    /// or 自查 is ranked (the daily inspection is the hall's own); 0 for the other kinds,
    /// which come when they come.
    pub expected: i64,
    /// Mean score out of 100, rounded to a hundredth.
    pub mean_score: Option<Points>,
    /// Inspections rated 合格 or better (a veto is 不合格).
    pub passed: i64,
    /// Inspections with a failed veto item.
    pub veto_count: i64,
    /// Points deducted after the area caps, summed over the period, per area inspected in it;
    /// a bonus is no negative loss and makes up for no deduction.
    pub lost_by_area: BTreeMap<Area, Points>,
    /// Mean score in the previous period.
    pub previous_mean: Option<Points>,
    /// The 整改 follow-up of the rectifications the period's inspections (of the kind ranked)
    /// opened, judged on the as-of day; none when they opened none.
    pub rectify: Option<HallRectificationRate>,
}

impl HallRanking {
    /// Share of inspections rated 合格 or better.
    pub fn pass_rate(&self) -> Option<f64> {
        (self.done > 0).then(|| self.passed as f64 / self.done as f64)
    }

    /// Done as a share of expected.
    pub fn completion(&self) -> Option<f64> {
        (self.expected > 0).then(|| self.done as f64 / self.expected as f64)
    }

    /// Mean score now less mean score in the previous period.
    pub fn change(&self) -> Option<Points> {
        Some(self.mean_score? - self.previous_mean?)
    }

    /// Points lost in all areas.
    pub fn lost_total(&self) -> Points {
        self.lost_by_area.values().copied().sum()
    }

    /// 整改按时率 (0–1): none while none of the period's rectifications is judged.
    pub fn rectify_rate(&self) -> Option<f64> {
        self.rectify.as_ref()?.rate()
    }

    /// 未整改: the period's rectifications still 待整改 on the as-of day.
    pub fn rectify_open(&self) -> u32 {
        self.rectify.as_ref().map_or(0, |r| r.open)
    }
}

/// The ranking of all halls over a period.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingData {
    /// The period ranked.
    pub period: Period,
    /// The period compared with.
    pub previous: Period,
    /// Days after this one are not yet expected to be inspected.
    pub as_of: NaiveDate,
    /// The one kind of inspection ranked (`None`: every kind).
    pub kind: Option<InspectionKind>,
    /// One line per hall, best first; halls without inspections last.
    pub halls: Vec<HallRanking>,
}

/// What a ranking table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RankingSort {
    /// Place (mean score).
    #[default]
    Rank,
    /// Hall code or name.
    Hall,
    /// Inspections done.
    Done,
    /// Done as a share of expected.
    Completion,
    /// Pass rate.
    PassRate,
    /// Vetoes.
    Vetoes,
    /// Points lost in all areas.
    Lost,
    /// Change against the previous period.
    Change,
    /// 整改按时率.
    RectifyRate,
    /// 未整改.
    RectifyOpen,
}

/// Sorts ranking lines; lines without a value for the key go last either way.
pub fn sort_halls(halls: &mut [HallRanking], key: RankingSort, descending: bool) {
    fn opt<T: PartialOrd>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
        match (a, b) {
            (Some(a), Some(b)) => {
                let o = a.partial_cmp(&b).unwrap_or(Ordering::Equal);
                if descending { o.reverse() } else { o }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    halls.sort_by(|a, b| {
        let primary = match key {
            // Rank 1 first when "descending" (best first) is asked.
            RankingSort::Rank => opt(a.rank, b.rank, !descending),
            RankingSort::Hall => {
                let o = a.hall.key().cmp(&b.hall.key());
                if descending { o.reverse() } else { o }
            }
            RankingSort::Done => opt(Some(a.done), Some(b.done), descending),
            RankingSort::Completion => opt(a.completion(), b.completion(), descending),
            RankingSort::PassRate => opt(a.pass_rate(), b.pass_rate(), descending),
            RankingSort::Vetoes => opt(Some(a.veto_count), Some(b.veto_count), descending),
            RankingSort::Lost => opt(
                (a.done > 0).then(|| a.lost_total()),
                (b.done > 0).then(|| b.lost_total()),
                descending,
            ),
            RankingSort::Change => opt(a.change(), b.change(), descending),
            RankingSort::RectifyRate => opt(a.rectify_rate(), b.rectify_rate(), descending),
            RankingSort::RectifyOpen => {
                opt(Some(a.rectify_open()), Some(b.rectify_open()), descending)
            }
        };
        primary.then_with(|| a.hall.key().cmp(&b.hall.key()))
    });
}

/// Each hall's totals over `period` (of one kind or all), by hall id.
pub(crate) fn totals(
    store: &Store,
    period: Period,
    kind: Option<InspectionKind>,
) -> Result<HashMap<i64, HallTotals>> {
    Ok(store
        .hall_totals(period.from, period.to, kind)?
        .into_iter()
        .map(|t| (t.hall_id, t))
        .collect())
}

/// The mean score of the totals, rounded to a hundredth; `None` without inspections.
pub(crate) fn mean(t: &HallTotals) -> Option<Points> {
    (t.done > 0).then(|| t.score_sum.scaled(1, t.done))
}

/// Ranks all halls over `period` by their inspections of `kind` (or of every kind), compared
/// with the previous period's of the same kind; days after `as_of` (the caller's today) are
/// not expected, and the period's rectifications are judged on `as_of`. Archived halls appear
/// only when they have inspections in the period.
pub fn ranking(
    store: &Store,
    period: Period,
    as_of: NaiveDate,
    kind: Option<InspectionKind>,
) -> Result<RankingData> {
    let previous = period.previous();
    let now = totals(store, period, kind)?;
    let before = totals(store, previous, kind)?;
    let mut lost: HashMap<i64, BTreeMap<Area, Points>> = HashMap::new();
    for r in store.hall_area_losses(period.from, period.to, kind)? {
        *lost
            .entry(r.hall_id)
            .or_default()
            .entry(r.area)
            .or_default() += r.lost;
    }
    let mut rectify: HashMap<i64, HallRectificationRate> =
        rectification_rates(store, period, as_of, kind)?
            .into_iter()
            .map(|r| (r.hall_id, r))
            .collect();
    let daily = matches!(kind, None | Some(InspectionKind::SelfCheck));
    let expected = if as_of < period.from || !daily {
        0
    } else {
        Period {
            from: period.from,
            to: period.to.min(as_of),
        }
        .days()
    };
    let mut halls: Vec<HallRanking> = store
        .halls(true)?
        .into_iter()
        .filter_map(|hall| {
            let t = now.get(&hall.id);
            if hall.archived && t.is_none() {
                return None;
            }
            Some(HallRanking {
                rank: None,
                done: t.map_or(0, |t| t.done),
                expected,
                mean_score: t.and_then(mean),
                passed: t.map_or(0, |t| t.passed),
                veto_count: t.map_or(0, |t| t.vetoes),
                lost_by_area: lost.remove(&hall.id).unwrap_or_default(),
                previous_mean: before.get(&hall.id).and_then(mean),
                rectify: rectify.remove(&hall.id),
                hall,
            })
        })
        .collect();
    // Best mean first; ties broken by pass rate, then more inspections, then hall key.
    halls.sort_by(|a, b| {
        b.mean_score
            .cmp(&a.mean_score)
            .then_with(|| {
                b.pass_rate()
                    .partial_cmp(&a.pass_rate())
                    .unwrap_or(Ordering::Equal)
            })
            .then_with(|| b.done.cmp(&a.done))
            .then_with(|| a.hall.key().cmp(&b.hall.key()))
    });
    // Competition ranking: equal means share a place ("1, 2, 2, 4").
    let mut last: Option<(Points, usize)> = None;
    for (n, h) in halls.iter_mut().enumerate() {
        if let Some(score) = h.mean_score {
            let rank = match last {
                Some((s, r)) if s == score => r,
                _ => n + 1,
            };
            h.rank = Some(rank);
            last = Some((score, rank));
        }
    }
    Ok(RankingData {
        period,
        previous,
        as_of,
        kind,
        halls,
    })
}
