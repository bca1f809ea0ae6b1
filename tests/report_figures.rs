//! Report numbers against hand-computed expectations on the fixed data set of
//! `report_fixture` (see the table there): N/A, a veto and a draft that must not count.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use hallcheck::domain::{Area, Points, Rating};
use hallcheck::report::ranking::{RankingSort, sort_halls};
use hallcheck::report::{
    MonthlyRowKind, Period, item_inspections, monthly_sheet, pareto, ranking, trend,
};
use hallcheck::store::Store;
use hallcheck::store::joined_names;
use support::kinds::bonus_may;
use support::reports;
use support::reports::{d, fixture};

fn p(hundredths: i64) -> Points {
    Points::from_hundredths(hundredths)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn october() -> Period {
    Period::month(2026, 10).unwrap()
}

#[test]
fn trend_scores_moving_averages_and_area_shares() {
    let f = fixture();
    let t = trend(&f.store, f.t1, october(), None).unwrap();
    // The draft of 10-10 and the September inspection are not points; September feeds the MAs.
    let days: Vec<_> = t.points.iter().map(|x| x.date).collect();
    assert_eq!(
        days,
        [
            d(2026, 10, 1),
            d(2026, 10, 2),
            d(2026, 10, 5),
            d(2026, 10, 9)
        ]
    );
    let scores: Vec<_> = t.points.iter().map(|x| x.score).collect();
    assert_eq!(scores, [p(10000), p(7000), p(8750), p(10000)]);
    let ratings: Vec<_> = t.points.iter().map(|x| x.rating).collect();
    assert_eq!(
        ratings,
        [Rating::Excellent, Rating::Pass, Rating::Good, Rating::Fail]
    );
    let vetoes: Vec<_> = t.points.iter().map(|x| x.veto).collect();
    assert_eq!(vetoes, [false, false, false, true]);
    let inspectors: Vec<_> = t.points.iter().map(|x| x.inspector.as_str()).collect();
    assert_eq!(inspectors, ["甲", "乙", "甲", "乙"]);
    assert_eq!(t.points[0].inspection_id, f.inspections[0]);
    assert_eq!(t.veto_count(), 1);
    assert!(close(t.mean_score().unwrap(), 89.375));

    // 7-day windows: {100}, {100, 70}, {100, 70, 87.5}, {87.5, 100}.
    let ma7: Vec<_> = t.points.iter().map(|x| x.ma7).collect();
    for (got, want) in ma7.iter().zip([100.0, 85.0, 257.5 / 3.0, 93.75]) {
        assert!(close(*got, want), "ma7 {got} != {want}");
    }
    // 30-day windows reach back to 09-20 (90): {90,100}, {..,70}, {..,87.5}, {..,100}.
    let ma30: Vec<_> = t.points.iter().map(|x| x.ma30).collect();
    for (got, want) in ma30.iter().zip([95.0, 260.0 / 3.0, 86.875, 89.5]) {
        assert!(close(*got, want), "ma30 {got} != {want}");
    }

    // Shares of cap: pre 10/10, 8/10, 5/6 (drill N/A scales the cap to 6), 10/10.
    let pre: Vec<_> = t.points.iter().map(|x| x.share(Area::PRE_SHIFT)).collect();
    assert_eq!(pre[0], Some(1.0));
    assert_eq!(pre[1], Some(0.8));
    assert!(close(pre[2].unwrap(), 5.0 / 6.0));
    assert_eq!(pre[3], Some(1.0));
    let disc: Vec<_> = t.points.iter().map(|x| x.share(Area::DISCIPLINE)).collect();
    assert_eq!(disc, [Some(1.0), Some(0.6), Some(0.9), Some(1.0)]);
    assert_eq!(t.points[0].share(Area::HYGIENE), None);
    assert_eq!(t.areas_present(), [Area::PRE_SHIFT, Area::DISCIPLINE]);
}

#[test]
fn trend_of_an_empty_period_is_empty() {
    let f = fixture();
    let t = trend(&f.store, f.t3, october(), None).unwrap();
    assert!(t.points.is_empty());
    assert_eq!(t.mean_score(), None);
}

#[test]
fn ranking_of_october() {
    let f = fixture();
    let r = ranking(&f.store, october(), d(2026, 10, 15), None).unwrap();
    assert_eq!(r.previous, Period::month(2026, 9).unwrap());
    let keys: Vec<_> = r.halls.iter().map(|h| h.hall.key()).collect();
    assert_eq!(keys, ["T1", "T2", "T3"]);

    let t1 = &r.halls[0];
    assert_eq!(t1.rank, Some(1));
    assert_eq!(t1.done, 4);
    // One a day up to the as-of day (10-01..10-15).
    assert_eq!(t1.expected, 15);
    // (100 + 70 + 87.5 + 100) / 4 = 89.375 → 89.38.
    assert_eq!(t1.mean_score, Some(p(8938)));
    assert_eq!(t1.passed, 3);
    assert_eq!(t1.pass_rate(), Some(0.75));
    assert_eq!(t1.veto_count, 1);
    let lost = &t1.lost_by_area;
    assert_eq!(lost.get(&Area::PRE_SHIFT), Some(&p(300)));
    assert_eq!(lost.get(&Area::DISCIPLINE), Some(&p(500)));
    assert!(
        lost.iter()
            .all(|(a, l)| [Area::PRE_SHIFT, Area::DISCIPLINE].contains(a) || *l == Points::ZERO),
        "{lost:?}"
    );
    assert_eq!(t1.lost_total(), p(800));
    assert_eq!(t1.previous_mean, Some(p(9000)));
    assert_eq!(t1.change(), Some(p(-62)));

    let t2 = &r.halls[1];
    assert_eq!(t2.rank, Some(2));
    assert_eq!((t2.done, t2.passed, t2.veto_count), (1, 1, 0));
    assert_eq!(t2.mean_score, Some(p(8500)));
    assert_eq!(t2.lost_by_area[&Area::PRE_SHIFT], p(300));
    assert_eq!(t2.change(), Some(p(-1500)));

    let t3 = &r.halls[2];
    assert_eq!((t3.rank, t3.done, t3.expected), (None, 0, 15));
    assert_eq!(
        (t3.mean_score, t3.pass_rate(), t3.change()),
        (None, None, None)
    );

    // Sorting: fewest inspections first puts T3 first; by change, T1 (−0.62) beats T2 (−15).
    let mut halls = r.halls.clone();
    sort_halls(&mut halls, RankingSort::Done, false);
    assert_eq!(halls[0].hall.key(), "T3");
    sort_halls(&mut halls, RankingSort::Change, true);
    let keys: Vec<_> = halls.iter().map(|h| h.hall.key()).collect();
    assert_eq!(keys, ["T1", "T2", "T3"]);
}

#[test]
fn ranking_expects_nothing_before_the_period() {
    let f = fixture();
    let r = ranking(&f.store, october(), d(2026, 9, 30), None).unwrap();
    assert!(r.halls.iter().all(|h| h.expected == 0));
    let r = ranking(&f.store, october(), d(2027, 1, 1), None).unwrap();
    assert!(r.halls.iter().all(|h| h.expected == 31));
}

#[test]
fn pareto_of_t1_in_october() {
    let f = fixture();
    let data = pareto(&f.store, f.t1, october(), None).unwrap();
    assert_eq!(data.inspections, 4);
    assert_eq!(data.total_lost, p(800));
    let rows: Vec<_> = data
        .items
        .iter()
        .map(|i| {
            (
                i.item_id.as_str(),
                i.points_lost,
                i.occurrences,
                i.inspections,
            )
        })
        .collect();
    // The draft's held ×5 never counts; ties on points go by area (班前会 before 劳动纪律).
    assert_eq!(
        rows,
        [
            ("late", p(400), 2, 1),
            ("held", p(200), 1, 1),
            ("record", p(100), 1, 1),
            ("phone", p(100), 1, 1),
            ("empty_counter", p(0), 1, 1),
        ]
    );
    assert_eq!(data.items[0].text, "不迟到、不早退");
    // The list names the finding; an item without one goes by its text.
    assert_eq!(data.items[0].finding_in(false), "迟到、早退");
    assert_eq!(data.items[1].finding_in(false), "按时召开、全员签到");
    assert_eq!(data.items[0].area, Area::DISCIPLINE);
    assert!(data.items[4].veto);
    let cumulative: Vec<_> = data.items.iter().map(|i| i.cumulative_share).collect();
    assert_eq!(cumulative, [0.5, 0.75, 0.875, 1.0, 1.0]);
    assert_eq!(data.items[1].share, 0.25);

    let held = item_inspections(&f.store, f.t1, (october(), None), "pre", "held").unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].inspection_id, f.inspections[1]);
    assert_eq!(held[0].note, "未签到");
    let late = item_inspections(&f.store, f.t1, (october(), None), "disc", "late").unwrap();
    assert_eq!(joined_names(&late[0].staff), "张三");
    assert_eq!((late[0].count, late[0].deduction), (2, p(400)));
}

#[test]
fn monthly_sheet_of_t1_in_october() {
    let f = fixture();
    let sheet = monthly_sheet(&f.store, f.t1, 2026, 10, support::reports::d(2026, 12, 31)).unwrap();
    assert_eq!(sheet.inspections, 4);
    assert_eq!(sheet.veto_count, 1);
    let some = |h| Some(p(h));
    let rows: Vec<_> = sheet
        .rows
        .iter()
        .map(|r| {
            (
                r.no.as_str(),
                r.points,
                r.deducted,
                r.score,
                r.occurrences,
                r.lost,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            // 班前会: 10 × (10+8+5+10)/(10+10+6+10) = 10 × 33/36 = 9.17; lost 2 + 1.
            ("1", some(1000), some(83), some(917), 2, p(300)),
            ("1.1", None, None, None, 1, p(200)),
            ("1.2", None, None, None, 1, p(100)),
            // Areas these checklists lack: never inspected, their default caps in full.
            ("2", some(1000), some(0), some(1000), 0, p(0)),
            ("3", some(1000), some(0), some(1000), 0, p(0)),
            ("4", some(1500), some(0), some(1500), 0, p(0)),
            ("5", some(1000), some(0), some(1000), 0, p(0)),
            ("6", some(1500), some(0), some(1500), 0, p(0)),
            ("7", some(1500), some(0), some(1500), 0, p(0)),
            // 劳动纪律 (cap 10 here): (10+6+9+10)/40 earned, but the veto of 10-09 sets it to 0.
            ("8", some(1000), some(1000), some(0), 4, p(500)),
            ("8.1", None, None, None, 2, p(400)),
            ("8.2", None, None, None, 1, p(100)),
            ("8.3", None, None, None, 1, p(0)),
        ]
    );
    assert_eq!(sheet.rows[0].kind, MonthlyRowKind::Area(Area::PRE_SHIFT));
    assert_eq!(sheet.rows[0].content, "班前会");
    assert_eq!(sheet.rows[1].content, "按时召开、全员签到");
    let reasons: Vec<_> = sheet
        .rows
        .iter()
        .filter(|r| r.no.starts_with('1') || r.no.starts_with('8'))
        .map(|r| r.reasons.as_str())
        .collect();
    assert_eq!(
        reasons,
        [
            "检查4次，应得36分，实得33分",
            // No finding given: the item's text stands for it.
            "按时召开、全员签到 1次，扣2分：10月2日 未签到",
            "会议记录完整 1次，扣1分：10月5日 1次",
            "一票否决1次，本项得0分；检查4次，应得40分，实得35分",
            "迟到、早退 2人次，扣4分：10月2日 张三 迟到2人次",
            "不玩手机 1人次，扣1分：10月5日 李四 1人次",
            "营业时间空岗 1次，一票否决：10月9日 1次",
        ]
    );
    // These checklists give 95 points, not 100: the total is converted.
    assert_eq!(sheet.total_points(), p(9500));
    assert_eq!(sheet.total_score(), Some(p(8417)));
    assert_eq!(sheet.total_deducted(), Some(p(1083)));
    assert!(sheet.converted());
    // 84.17 ÷ 95 × 100 = 88.6, 不合格 for the veto.
    assert_eq!(sheet.score, Some(p(8860)));
    assert_eq!(sheet.rating, Some(Rating::Fail));
    assert!(
        sheet
            .footnote_zh()
            .ends_with("本表分值合计95分，月度得分按百分制折算：84.17 ÷ 95 × 100 = 88.6。"),
        "{}",
        sheet.footnote_zh()
    );

    let staff: Vec<_> = sheet
        .staff
        .iter()
        .map(|s| (s.name.as_str(), s.person_times, s.points, s.items.as_str()))
        .collect();
    // 张三 is the one person named of "late ×2": one person-time and its share, 2 points;
    // the other person-time names nobody and is booked to nobody.
    assert_eq!(
        staff,
        [
            ("张三", 1, p(200), "迟到、早退 1人次"),
            ("李四", 1, p(100), "不玩手机 1人次"),
        ]
    );
}

#[test]
fn monthly_staff_tallies_book_each_person_named_their_share() {
    let f = fixture();
    // One more October inspection of T1: three late (−6), two of them named.
    let fail = hallcheck::domain::Outcome::Fail;
    reports::inspect(
        &f.store,
        &reports::templates(),
        f.t1,
        d(2026, 10, 20),
        "丙",
        &[(1, "late", fail, 3, "三人迟到", &[f.li, f.zhang])],
        true,
    );
    let sheet = monthly_sheet(&f.store, f.t1, 2026, 10, support::reports::d(2026, 12, 31)).unwrap();
    let staff: Vec<_> = sheet
        .staff
        .iter()
        .map(|s| (s.name.as_str(), s.person_times, s.points, s.items.as_str()))
        .collect();
    assert_eq!(
        staff,
        [
            ("张三", 2, p(400), "迟到、早退 2人次"),
            ("李四", 2, p(300), "迟到、早退 1人次；不玩手机 1人次"),
        ]
    );
    // The item row counts every person-time, named or not.
    let late = sheet
        .rows
        .iter()
        .find(|r| matches!(&r.kind, MonthlyRowKind::Item { item_id, .. } if item_id == "late"))
        .unwrap();
    assert_eq!((late.occurrences, late.lost), (5, p(1000)));
    assert_eq!(
        late.reasons,
        "迟到、早退 5人次，扣10分：10月2日 张三 迟到2人次；10月20日 李四、张三 三人迟到"
    );
    let listed = item_inspections(&f.store, f.t1, (october(), None), "disc", "late").unwrap();
    let names: Vec<_> = listed.iter().map(|o| joined_names(&o.staff)).collect();
    assert_eq!(names, ["张三", "李四、张三"]);
}

#[test]
fn monthly_sheet_of_a_month_without_inspections_lists_the_areas() {
    let f = fixture();
    let sheet = monthly_sheet(&f.store, f.t3, 2026, 10, support::reports::d(2026, 12, 31)).unwrap();
    assert_eq!(sheet.inspections, 0);
    assert_eq!(sheet.area_rows().count(), sheet.rows.len());
    assert_eq!(sheet.rows.len(), 8);
    assert!(sheet.staff.is_empty());
    assert_eq!((sheet.score, sheet.rating), (None, None));
}

#[test]
fn monthly_sheet_keeps_one_row_per_item_across_checklist_versions() {
    let f = fixture();
    // T2 in November: the 班前会 checklist is edited mid-month (a new version, a reworded
    // item, a finding for "held"); "held" failed once before and once after, one row named
    // by the newer version.
    let first = reports::templates();
    let mut edited = reports::templates();
    edited[0].version = 2;
    edited[0].items[2].text = "礼仪演练(含普通话)".into();
    // The new version also names the finding of the item that failed.
    edited[0].items[0].violation = Some("未按时召开或未签到".into());
    let fail = hallcheck::domain::Outcome::Fail;
    reports::inspect(
        &f.store,
        &first,
        f.t2,
        d(2026, 11, 3),
        "甲",
        &[(0, "held", fail, 1, "未签到", &[])],
        true,
    );
    reports::inspect(
        &f.store,
        &edited,
        f.t2,
        d(2026, 11, 20),
        "甲",
        &[(0, "held", fail, 2, "迟到", &[])],
        true,
    );
    let sheet = monthly_sheet(&f.store, f.t2, 2026, 11, support::reports::d(2026, 12, 31)).unwrap();
    let held: Vec<_> = sheet
        .rows
        .iter()
        .filter(|r| matches!(&r.kind, MonthlyRowKind::Item { item_id, .. } if item_id == "held"))
        .collect();
    assert_eq!(held.len(), 1, "{:#?}", sheet.rows);
    assert_eq!(held[0].no, "1.1");
    assert_eq!(held[0].lost, p(600));
    assert_eq!(held[0].occurrences, 3);
    assert_eq!(
        held[0].reasons,
        "未按时召开或未签到 3次，扣6分：11月3日 未签到；11月20日 迟到"
    );
}

/// A bonus is no negative loss: in [`bonus_may`] 督导制 lost 1 point to a deduction in the
/// first inspection and none in the second, while both earned above the cap with bonus. The
/// ranking counts 1 point lost there (not −2), and the trend's share of the cap kept is 0.9 and
/// 1.0 (not 1.1 twice): the bonus lifts neither above the cap.
#[test]
fn a_bonus_is_neither_a_negative_loss_nor_a_share_above_the_cap() {
    let store = Store::open_in_memory().unwrap();
    let hall = store.add_hall("城北供电营业厅", Some("N1")).unwrap().id;
    bonus_may(&store, hall);
    let may = Period::month(2026, 5).unwrap();
    let r = ranking(&store, may, d(2026, 5, 31), None).unwrap();
    let lost = &r.halls[0].lost_by_area;
    assert_eq!(lost[&Area::SUPERVISION], p(100));
    assert!(lost.values().all(|l| !l.is_negative()), "{lost:?}");
    assert_eq!(r.halls[0].lost_total(), p(100));
    // The scores themselves keep the bonus: (101 + 110) ÷ 2.
    assert_eq!(r.halls[0].mean_score, Some(p(10550)));

    let t = trend(&store, hall, may, None).unwrap();
    let shares: Vec<Option<f64>> = t
        .points
        .iter()
        .map(|x| x.share(Area::SUPERVISION))
        .collect();
    assert_eq!(shares, [Some(0.9), Some(1.0)]);
    for point in &t.points {
        assert!(
            point
                .area_share
                .iter()
                .all(|(_, s)| (0.0..=1.0).contains(s))
        );
    }
}
