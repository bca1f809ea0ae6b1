//! Two kinds of inspection compared hall by hall over a period: each kind's mean score and
//! count, and the gap between the means. A hall that scores itself (自查) well above what an
//! unannounced visit (暗访) finds has a finding in the gap itself.

use std::cmp::Ordering;

use crate::domain::{InspectionKind, Points};
use crate::report::ranking::{mean, totals};
use crate::report::{Period, Result};
use crate::store::{Hall, Store};

/// The kinds compared unless the user chooses others: 自查 against 暗访.
pub const DEFAULT_COMPARED: [InspectionKind; 2] =
    [InspectionKind::SelfCheck, InspectionKind::Unannounced];

/// One kind's submitted inspections of a hall over the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KindFigures {
    /// How many.
    pub done: i64,
    /// Their mean score, rounded to a hundredth (as the ranking's); `None` without any.
    pub mean_score: Option<Points>,
}

/// One hall's line of the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct HallGap {
    /// The hall.
    pub hall: Hall,
    /// The figures of each kind compared, in the order of [`KindComparison::kinds`].
    pub figures: [KindFigures; 2],
}

impl HallGap {
    /// The first kind's mean less the second's (自查 − 暗访); `None` when either kind has no
    /// inspection.
    pub fn gap(&self) -> Option<Points> {
        Some(self.figures[0].mean_score? - self.figures[1].mean_score?)
    }
}

/// Two kinds compared over a period, hall by hall.
#[derive(Debug, Clone, PartialEq)]
pub struct KindComparison {
    /// The days.
    pub period: Period,
    /// The kinds compared: the gap is the first's mean less the second's.
    pub kinds: [InspectionKind; 2],
    /// One line per hall: the largest gap first; halls lacking either kind last, by hall key.
    pub halls: Vec<HallGap>,
}

/// Compares the submitted inspections of two kinds over `period`, hall by hall. Every active
/// hall has a line; an archived one only when it has inspections of either kind.
pub fn compare_kinds(
    store: &Store,
    period: Period,
    kinds: [InspectionKind; 2],
) -> Result<KindComparison> {
    let first = totals(store, period, Some(kinds[0]))?;
    let second = totals(store, period, Some(kinds[1]))?;
    let figures = |hall_id: i64| {
        [&first, &second].map(|totals| {
            totals
                .get(&hall_id)
                .map(|t| KindFigures {
                    done: t.done,
                    mean_score: mean(t),
                })
                .unwrap_or_default()
        })
    };
    let mut halls: Vec<HallGap> = store
        .halls(true)?
        .into_iter()
        .filter_map(|hall| {
            let figures = figures(hall.id);
            if hall.archived && figures.iter().all(|f| f.done == 0) {
                return None;
            }
            Some(HallGap { hall, figures })
        })
        .collect();
    halls.sort_by(|a, b| {
        match (a.gap(), b.gap()) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
        .then_with(|| a.hall.key().cmp(&b.hall.key()))
    });
    Ok(KindComparison {
        period,
        kinds,
        halls,
    })
}
