//! kittest: the real App on demo data; Trends, Ranking and the Monthly sheet are opened from the
//! left navigation, the period and hall are changed through the widgets, and the plotted series
//! (not pixels) are compared with the report module's figures read on a second connection.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use chrono::{FixedOffset, NaiveDate, TimeZone};
use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hallcheck::checklist;
use hallcheck::report::{self, Period};
use hallcheck::store::{DemoOptions, Hall, Store};
use hallcheck::ui::screens::ranking::{RankingState, ranking_bars};
use hallcheck::ui::screens::trends::{TrendSpan, day_x, trend_series};
use hallcheck::ui::{App, Screen};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 10, 31);

struct Env {
    _dir: tempfile::TempDir,
    db: PathBuf,
    templates: PathBuf,
    halls: Vec<Hall>,
}

/// Three halls, 120 days of demo inspections ending on 2026-10-31.
fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hallcheck.db");
    let templates = dir.path().join("checklists");
    let mut store = Store::open(&db).unwrap();
    let builtin: Vec<_> = checklist::builtin()
        .0
        .into_iter()
        .map(|l| l.template)
        .collect();
    let options = DemoOptions {
        halls: 3,
        days: 120,
        seed: 11,
        today: d(TODAY.0, TODAY.1, TODAY.2),
        batch: 50,
    };
    hallcheck::store::generate_demo_data(&mut store, &builtin, &options, |_| {}).unwrap();
    let halls = store.halls(false).unwrap();
    assert_eq!(halls.len(), 3);
    Env {
        _dir: dir,
        db,
        templates,
        halls,
    }
}

fn harness(env: &Env) -> Harness<'static, App> {
    let db = env.db.clone();
    let templates = env.templates.clone();
    let now = FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .with_ymd_and_hms(TODAY.0, TODAY.1, TODAY.2, 15, 0, 0)
        .unwrap();
    Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .with_max_steps(40)
        .build_eframe(move |cc| App::new_for_test_at(cc, &db, &templates, now))
}

fn nav(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_role_and_label(Role::Button, label).click();
    h.run();
}

/// The report figures, read on a connection of the test's own.
fn store(env: &Env) -> Store {
    Store::open(&env.db).unwrap()
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
    let env = env();
    let store = store(&env);
    let mut h = harness(&env);
    h.run();
    nav(&mut h, "趋势");
    assert_eq!(h.state().screen(), Screen::Trends);
    assert!(h.state().error().is_none(), "{:?}", h.state().error());

    // Opened on the first hall and the default quarter (90 days to today).
    let quarter = Period::new(d(2026, 8, 3), d(2026, 10, 31)).unwrap();
    let first = &env.halls[0];
    {
        let app = h.state();
        let data = app.trends_view().trend.as_ref().unwrap();
        assert_eq!((data.hall.id, data.period), (first.id, quarter));
        let expected = report::trend(&store, first.id, quarter).unwrap();
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
        let expected = report::trend(&store, first.id, year).unwrap();
        assert_eq!(
            trend_series(data, app.trends_state()).score,
            scores(&expected)
        );
        assert!(expected.points.len() > 90);
    }

    // Another hall, same span.
    let second = &env.halls[1];
    choose_hall(&mut h, &second.name);
    let pareto = {
        let app = h.state();
        let data = app.trends_view().trend.as_ref().unwrap();
        assert_eq!((data.hall.id, data.period), (second.id, year));
        let expected = report::trend(&store, second.id, year).unwrap();
        assert_eq!(
            trend_series(data, app.trends_state()).score,
            scores(&expected)
        );
        let pareto = app.trends_view().pareto.clone().unwrap();
        assert_eq!(pareto, report::pareto(&store, second.id, year).unwrap());
        pareto
    };

    // The most deducted item lists its inspections; a date there opens that inspection.
    let top = &pareto.items[0];
    h.get_by_role_and_label(Role::Link, &top.text).click();
    h.run();
    let listed =
        report::item_inspections(&store, second.id, year, &top.template_id, &top.item_id).unwrap();
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
    assert!(h.state().error().is_none(), "{:?}", h.state().error());
}

#[test]
fn ranking_from_the_nav_changes_period_and_opens_a_hall() {
    let env = env();
    let store = store(&env);
    let today = d(TODAY.0, TODAY.1, TODAY.2);
    let mut h = harness(&env);
    h.run();
    nav(&mut h, "排名");
    assert_eq!(h.state().screen(), Screen::Ranking);
    let october = Period::month(2026, 10).unwrap();
    {
        let app = h.state();
        let data = app.ranking_view().data.as_ref().unwrap();
        let expected = report::ranking(&store, october, today).unwrap();
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
        let expected = report::ranking(&store, september, today).unwrap();
        assert_eq!(
            ranking_bars(data, app.ranking_state()),
            ranking_bars(&expected, &RankingState::default())
        );
    }

    // A hall's name opens its trend over the ranked month.
    let hall = &env.halls[2];
    h.get_by_role_and_label(Role::Link, &hall.name).click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Trends);
    let data = h.state().trends_view().trend.clone().unwrap();
    assert_eq!((data.hall.id, data.period), (hall.id, september));
    assert_eq!(data, report::trend(&store, hall.id, september).unwrap());
}

/// The Monthly screen's total is the report's, and the screen shows it.
#[test]
fn monthly_sheet_total_matches_the_report() {
    let env = env();
    let store = store(&env);
    let mut h = harness(&env);
    h.run();
    nav(&mut h, "月度考核");
    assert_eq!(h.state().screen(), Screen::Monthly);
    let check = |h: &Harness<'_, App>, hall: &Hall, month: u32| {
        let sheet = h.state().monthly_view().sheet.clone().unwrap();
        let expected = report::monthly_sheet(&store, hall.id, 2026, month).unwrap();
        assert_eq!(sheet, expected);
        assert!(expected.inspections > 0);
        assert_eq!(sheet.total_points().to_string(), "100");
        let total = expected.total_score().to_string();
        assert!(
            h.query_all_by_label(&total).next().is_some(),
            "total {total} not shown"
        );
        assert!(h.query_by_label("合计").is_some());
    };
    check(&h, &env.halls[0], 10);

    h.get_by_role_and_label(Role::Button, "◀ 上月").click();
    h.run();
    check(&h, &env.halls[0], 9);

    choose_hall(&mut h, &env.halls[1].name);
    check(&h, &env.halls[1], 9);
}
