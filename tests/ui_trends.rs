//! kittest: the real App on demo data; Trends, Ranking and the Monthly sheet are opened from the
//! left navigation, the period and hall are changed through the widgets, and the plotted series
//! (not pixels) are compared with the report module's figures read on a second connection.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::NaiveDate;
use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hallcheck::report::{self, Period};
use hallcheck::store::{Hall, Store};
use hallcheck::ui::screens::ranking::{RankingState, ranking_bars};
use hallcheck::ui::screens::trends::{TrendSpan, day_x, trend_series};
use hallcheck::ui::{App, Screen};
use support::ui::{Env, TODAY, assert_no_error, harness, nav, seed_demo};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Three halls, 120 days of demo inspections ending on 2026-10-31, the app's today.
struct Seeded {
    /// Holds the database folder: bind it for as long as the app runs.
    env: Env,
    /// The report figures are read on this connection of the test's own.
    store: Store,
    halls: Vec<Hall>,
}

/// The app on a seeded database, opened from the left navigation on `label`.
fn opened(label: &str, screen: Screen) -> (Seeded, Harness<'static, App>) {
    // The periods the tests expect are written out for this day.
    assert_eq!(TODAY, d(2026, 10, 31));
    let env = Env::new();
    let store = seed_demo(&env.db, 3, 120, 11);
    let halls = store.halls(false).unwrap();
    assert_eq!(halls.len(), 3);
    let mut h = harness(env.options(), egui::vec2(1280.0, 900.0));
    h.run();
    nav(&mut h, label);
    assert_eq!(h.state().screen(), screen);
    assert_no_error(&h);
    let seeded = Seeded { env, store, halls };
    (seeded, h)
}

/// Picks `hall` in the screen's hall combo box.
fn choose_hall(h: &mut Harness<'_, App>, hall: &str) {
    h.get_by_role_and_label(Role::ComboBox, "营业厅").click();
    h.run();
    h.get_by_label(hall).click();
    h.run();
}

fn scores(data: &report::TrendData) -> Vec<[f64; 2]> {
    data.points
        .iter()
        .map(|p| [day_x(p.date), p.score.as_f64()])
        .collect()
}

#[test]
fn trends_from_the_nav_follow_period_and_hall() {
    let (seeded, mut h) = opened("趋势", Screen::Trends);
    let Seeded { store, halls, .. } = &seeded;

    // Opened on the first hall and the default quarter (90 days to today).
    let quarter = Period::new(d(2026, 8, 3), d(2026, 10, 31)).unwrap();
    let first = &halls[0];
    {
        let app = h.state();
        let data = app.trends_view().trend.as_ref().unwrap();
        assert_eq!((data.hall.id, data.period), (first.id, quarter));
        let expected = report::trend(store, first.id, quarter, None).unwrap();
        let series = trend_series(data, app.trends_state());
        assert!(!series.score.is_empty());
        assert_eq!(series.score, scores(&expected));
        let ma7: Vec<[f64; 2]> = expected
            .points
            .iter()
            .map(|p| [day_x(p.date), p.ma7])
            .collect();
        assert_eq!(series.ma7, ma7);
        assert_eq!(series.bands.len(), 3);
    }

    // The year span: all 120 demo days fall inside.
    h.get_by_label("年").click();
    h.run();
    let year = Period::new(d(2025, 11, 1), d(2026, 10, 31)).unwrap();
    {
        let app = h.state();
        assert_eq!(app.trends_state().span, TrendSpan::Year);
        let data = app.trends_view().trend.as_ref().unwrap();
        assert_eq!(data.period, year);
        let expected = report::trend(store, first.id, year, None).unwrap();
        assert_eq!(
            trend_series(data, app.trends_state()).score,
            scores(&expected)
        );
        assert!(expected.points.len() > 90);
    }

    // Another hall, same span.
    let second = &halls[1];
    choose_hall(&mut h, &second.name);
    let pareto = {
        let app = h.state();
        let data = app.trends_view().trend.as_ref().unwrap();
        assert_eq!((data.hall.id, data.period), (second.id, year));
        let expected = report::trend(store, second.id, year, None).unwrap();
        assert_eq!(
            trend_series(data, app.trends_state()).score,
            scores(&expected)
        );
        let pareto = app.trends_view().pareto.clone().unwrap();
        assert_eq!(
            pareto,
            report::pareto(store, second.id, year, None).unwrap()
        );
        pareto
    };

    // The most deducted item lists its inspections; a date there opens that inspection.
    let top = &pareto.items[0];
    h.get_by_role_and_label(Role::Link, top.finding_in(false))
        .click();
    h.run();
    let listed = report::item_inspections(
        store,
        second.id,
        (year, None),
        &top.template_id,
        &top.item_id,
    )
    .unwrap();
    {
        let list = h.state().trends_view().item_list.as_ref().unwrap();
        assert_eq!(list.occurrences, listed);
        assert_eq!(list.item_id, top.item_id);
    }
    let first_fail = &listed[0];
    let date = first_fail.date.to_string();
    h.get_by_role_and_label(Role::Link, &date).scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::Link, &date).click();
    h.run();
    assert_eq!(h.state().screen(), Screen::History);
    assert_eq!(
        h.state().open_inspection_id(),
        Some(first_fail.inspection_id)
    );
    assert_no_error(&h);
}

#[test]
fn ranking_from_the_nav_changes_period_and_opens_a_hall() {
    let (seeded, mut h) = opened("排名", Screen::Ranking);
    let Seeded { store, halls, .. } = &seeded;
    let october = Period::month(2026, 10).unwrap();
    {
        let app = h.state();
        let data = app.ranking_view().data.as_ref().unwrap();
        let expected = report::ranking(store, october, TODAY, None).unwrap();
        assert_eq!(data, &expected);
        let bars = ranking_bars(data, app.ranking_state());
        assert_eq!(bars.len(), 3);
        assert_eq!(bars, ranking_bars(&expected, &RankingState::default()));
    }

    // Type another month and query.
    h.get_by_label("时段").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("时段").type_text("2026-09");
    h.run();
    assert_eq!(h.state().ranking_state().period_text, "2026-09");
    h.get_by_role_and_label(Role::Button, "查询").click();
    h.run();
    let september = Period::month(2026, 9).unwrap();
    {
        let app = h.state();
        let data = app.ranking_view().data.as_ref().unwrap();
        assert_eq!(data.period, september);
        let expected = report::ranking(store, september, TODAY, None).unwrap();
        assert_eq!(
            ranking_bars(data, app.ranking_state()),
            ranking_bars(&expected, &RankingState::default())
        );
    }

    // A hall's name opens its trend over the ranked month.
    let hall = &halls[2];
    h.get_by_role_and_label(Role::Link, &hall.name).click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Trends);
    let data = h.state().trends_view().trend.clone().unwrap();
    assert_eq!((data.hall.id, data.period), (hall.id, september));
    assert_eq!(
        data,
        report::trend(store, hall.id, september, None).unwrap()
    );
}

/// The Monthly screen's total is the report's, and the screen shows it.
#[test]
fn monthly_sheet_total_matches_the_report() {
    let (Seeded { env, store, halls }, mut h) = opened("月度考核", Screen::Monthly);
    let check = |h: &Harness<'_, App>, hall: &Hall, month: u32| {
        let sheet = h.state().monthly_view().sheet.clone().unwrap();
        let expected = report::monthly_sheet(&store, hall.id, 2026, month, TODAY).unwrap();
        assert_eq!(sheet, expected);
        assert!(expected.inspections > 0);
        assert_eq!(sheet.total_points().to_string(), "100");
        let total = expected.total_score().unwrap().to_string();
        assert!(
            h.query_all_by_label(&total).next().is_some(),
            "total {total} not shown"
        );
        assert!(h.query_by_label("合计").is_some());
        // The header's score is the total (out of 100), with its rating.
        assert_eq!(expected.score, expected.total_score());
        let score = format!("月度得分 {total}（{}）", expected.rating.unwrap().name_zh());
        assert!(
            h.query_all_by_label_contains(&score).next().is_some(),
            "{score} not shown"
        );
        // After the staff: the month's rectifications, their summary and each one's state.
        assert!(h.query_by_label("本月整改情况").is_some());
        let month = &expected.rectifications;
        assert!(
            h.query_by_label(&month.summary_zh()).is_some(),
            "{} not shown",
            month.summary_zh()
        );
        for line in &month.lines {
            assert!(
                h.query_all_by_label(&line.state_zh).next().is_some(),
                "{} not shown",
                line.state_zh
            );
        }
    };
    check(&h, &halls[0], 10);

    h.get_by_role_and_label(Role::Button, "◀ 上月").click();
    h.run();
    check(&h, &halls[0], 9);

    choose_hall(&mut h, &halls[1].name);
    check(&h, &halls[1], 9);

    // The sheet shown exports as it is: that hall's September, in Excel.
    h.get_by_role_and_label(Role::Button, "导出Excel…").click();
    h.run();
    assert!(h.state().error().is_none(), "{:?}", h.state().error());
    let xlsx = std::fs::read_dir(env.file("exports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .expect("an Excel file in the export folder");
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 0);
}
