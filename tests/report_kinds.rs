//! Kinds in the reports, on the small data set of `support::reports` with inspections of other
//! kinds added (`kinds_fixture`): trend, Pareto and ranking count one kind or every kind, and
//! 自查 is compared with 暗访 hall by hall — each figure worked out by hand in the fixture's
//! table.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use hallcheck::domain::{InspectionKind, Points};
use hallcheck::report::{
    DEFAULT_COMPARED, KindFigures, Period, compare_kinds, item_inspections, pareto, ranking, trend,
};
use support::reports::{d, kinds_fixture};

fn october() -> Period {
    Period::month(2026, 10).unwrap()
}

fn points(text: &str) -> Points {
    Points::parse(text).unwrap()
}

fn figures(done: i64, mean: &str) -> KindFigures {
    KindFigures {
        done,
        mean_score: Some(points(mean)),
    }
}

#[test]
fn self_check_is_compared_with_unannounced_visits_largest_gap_first() {
    let f = kinds_fixture();
    let c = compare_kinds(&f.store, october(), DEFAULT_COMPARED).unwrap();
    assert_eq!(
        c.kinds,
        [InspectionKind::SelfCheck, InspectionKind::Unannounced]
    );
    let keys: Vec<String> = c.halls.iter().map(|h| h.hall.key()).collect();
    assert_eq!(keys, ["T1", "T2", "T3"]);
    // T1: 自查 100, 70, 87.5, 100 (the veto counts its points, as in the ranking) → 89.38;
    // 暗访 80 and 75 → 77.50; the gap +11.88.
    assert_eq!(
        c.halls[0].figures,
        [figures(4, "89.38"), figures(2, "77.5")]
    );
    assert_eq!(c.halls[0].gap(), Some(points("11.88")));
    // T2: 自查 85 against 暗访 100 (its 暗访 draft does not count).
    assert_eq!(c.halls[1].figures, [figures(1, "85"), figures(1, "100")]);
    assert_eq!(c.halls[1].gap(), Some(points("-15")));
    // T3 has no 自查: no gap, listed last.
    assert_eq!(
        c.halls[2].figures,
        [KindFigures::default(), figures(1, "90")]
    );
    assert_eq!(c.halls[2].gap(), None);

    // 自查 against 督导检查: only T2 has both (85 − 90); T1 and T3 follow by hall key.
    let c = compare_kinds(
        &f.store,
        october(),
        [InspectionKind::SelfCheck, InspectionKind::Supervision],
    )
    .unwrap();
    let lines: Vec<(String, Option<Points>)> =
        c.halls.iter().map(|h| (h.hall.key(), h.gap())).collect();
    assert_eq!(
        lines,
        [
            ("T2".to_string(), Some(points("-5"))),
            ("T1".to_string(), None),
            ("T3".to_string(), None),
        ]
    );
}

#[test]
fn the_ranking_counts_one_kind_or_every_kind() {
    let f = kinds_fixture();
    let today = d(2026, 10, 31);
    let line = |data: &hallcheck::report::RankingData, key: &str| {
        let h = data.halls.iter().find(|h| h.hall.key() == key).unwrap();
        (h.rank, h.done, h.expected, h.mean_score)
    };
    // 暗访 alone: T2 100, T3 90, T1 77.50; a kind that comes when it comes is expected no
    // number of times.
    let r = ranking(
        &f.store,
        october(),
        today,
        Some(InspectionKind::Unannounced),
    )
    .unwrap();
    assert_eq!(r.kind, Some(InspectionKind::Unannounced));
    assert_eq!(line(&r, "T2"), (Some(1), 1, 0, Some(points("100"))));
    assert_eq!(line(&r, "T3"), (Some(2), 1, 0, Some(points("90"))));
    assert_eq!(line(&r, "T1"), (Some(3), 2, 0, Some(points("77.5"))));
    // 自查 alone is the fixture's ranking before the other kinds: one expected a day.
    let r = ranking(&f.store, october(), today, Some(InspectionKind::SelfCheck)).unwrap();
    assert_eq!(line(&r, "T1"), (Some(1), 4, 31, Some(points("89.38"))));
    assert_eq!(line(&r, "T2"), (Some(2), 1, 31, Some(points("85"))));
    assert_eq!(line(&r, "T3"), (None, 0, 31, None));
    // Every kind: T1 (100 + 70 + 87.5 + 100 + 80 + 75) / 6 = 85.42, T2 (85 + 100 + 90) / 3
    // = 91.67, T3 90.
    let r = ranking(&f.store, october(), today, None).unwrap();
    assert_eq!(line(&r, "T2"), (Some(1), 3, 31, Some(points("91.67"))));
    assert_eq!(line(&r, "T3"), (Some(2), 1, 31, Some(points("90"))));
    assert_eq!(line(&r, "T1"), (Some(3), 6, 31, Some(points("85.42"))));
}

#[test]
fn trend_and_pareto_of_one_kind() {
    let f = kinds_fixture();
    let unannounced = Some(InspectionKind::Unannounced);
    let t = trend(&f.store, f.t1, october(), unannounced).unwrap();
    assert_eq!(t.kind, unannounced);
    let scores: Vec<(chrono::NaiveDate, Points)> =
        t.points.iter().map(|p| (p.date, p.score)).collect();
    assert_eq!(
        scores,
        [
            (d(2026, 10, 12), points("80")),
            (d(2026, 10, 20), points("75")),
        ]
    );
    // The moving averages see this kind's inspections only.
    assert_eq!(t.points[1].ma30, 77.5);
    assert_eq!(
        trend(&f.store, f.t1, october(), None).unwrap().points.len(),
        6
    );

    let p = pareto(&f.store, f.t1, october(), unannounced).unwrap();
    assert_eq!(p.inspections, 2);
    assert_eq!(p.total_lost, points("9"));
    let items: Vec<(&str, Points, i64)> = p
        .items
        .iter()
        .map(|i| (i.item_id.as_str(), i.points_lost, i.occurrences))
        .collect();
    assert_eq!(items[0], ("phone", points("3"), 3));
    assert_eq!(items.len(), 4);
    // held failed in a 暗访 on 10-12 and in a 自查 on 10-02: the list of its failures
    // follows the kind.
    let held = |kind| {
        item_inspections(&f.store, f.t1, (october(), kind), "pre", "held")
            .unwrap()
            .into_iter()
            .map(|o| o.date)
            .collect::<Vec<_>>()
    };
    assert_eq!(held(unannounced), [d(2026, 10, 12)]);
    assert_eq!(held(None), [d(2026, 10, 2), d(2026, 10, 12)]);
}
