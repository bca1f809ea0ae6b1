//! kittest: the Trends and Ranking screens on the fixed data set. The tests change the period
//! and the hall through the widgets and assert the plotted series' data, not pixels.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hallcheck::domain::{InspectionKind, Points, Rating};
use hallcheck::report::ranking::RankingSort;
use hallcheck::report::{Period, compare_kinds, pareto, ranking, trend};
use hallcheck::store::Store;
use hallcheck::ui::Command;
use hallcheck::ui::i18n::Lang;
use hallcheck::ui::jobs::reader::RankingQuery;
use hallcheck::ui::screens::ranking::{RankingMode, RankingState, RankingView, ranking_bars};
use hallcheck::ui::screens::trends::{
    TrendSpan, TrendsState, TrendsView, day_x, pareto_bars, trend_series,
};
use hallcheck::ui::screens::{ranking as ranking_screen, trends as trends_screen};
use hallcheck::ui::widgets::SharedData;
use support::reports::{d, fixture};

/// The screen plus what the app does after a frame: run the command's queries.
struct TrendsApp {
    store: Store,
    context: SharedData,
    state: TrendsState,
    view: TrendsView,
    commands: Vec<Command>,
}

fn trends_frame(ui: &mut egui::Ui, app: &mut TrendsApp) {
    let shared = app.context.shared();
    if let Some(command) = trends_screen::ui(ui, &shared, &mut app.state, &app.view) {
        if let Command::LoadTrend {
            hall_id,
            period,
            kind,
        } = &command
        {
            app.view.trend = Some(trend(&app.store, *hall_id, *period, *kind).unwrap());
            app.view.pareto = Some(pareto(&app.store, *hall_id, *period, *kind).unwrap());
        }
        app.commands.push(command);
    }
}

fn trends_harness() -> Harness<'static, TrendsApp> {
    let f = fixture();
    let app = TrendsApp {
        context: SharedData::load(&f.store, d(2026, 10, 31)).unwrap(),
        store: f.store,
        state: TrendsState::default(),
        view: TrendsView::default(),
        commands: Vec::new(),
    };
    Harness::builder()
        .with_size(egui::vec2(1280.0, 1000.0))
        .with_context_setup(hallcheck::ui::install_fonts)
        .build_ui_state(trends_frame, app)
}

#[test]
fn trends_screen_follows_hall_and_period() {
    let mut harness = trends_harness();
    harness.run();
    assert!(harness.state().view.trend.is_none());

    // Choose hall T1 in the combo box: the quarter (the default span) loads.
    harness.get_by_label("营业厅").click();
    harness.run();
    harness.get_by_label("城东供电营业厅").click();
    harness.run();
    let quarter = Period::new(d(2026, 8, 3), d(2026, 10, 31)).unwrap();
    assert_eq!(
        harness.state().commands.last(),
        Some(&Command::LoadTrend {
            hall_id: 1,
            period: quarter,
            kind: None,
        })
    );
    {
        let app = harness.state();
        let series = trend_series(app.view.trend.as_ref().unwrap(), &app.state);
        // 09-20 (90) and the four October inspections; the draft of 10-10 is not plotted.
        let scores: Vec<[f64; 2]> = [
            (d(2026, 9, 20), 90.0),
            (d(2026, 10, 1), 100.0),
            (d(2026, 10, 2), 70.0),
            (d(2026, 10, 5), 87.5),
            (d(2026, 10, 9), 100.0),
        ]
        .iter()
        .map(|(day, y)| [day_x(*day), *y])
        .collect();
        assert_eq!(series.score, scores);
        assert_eq!(series.vetoes, vec![[day_x(d(2026, 10, 9)), 100.0]]);
        assert_eq!(series.ma7[2], [day_x(d(2026, 10, 2)), 85.0]);
        assert_eq!(
            series.bands,
            vec![
                (Rating::Excellent, 90.0),
                (Rating::Good, 80.0),
                (Rating::Pass, 60.0)
            ]
        );
        assert!(series.areas.is_empty());
        let bars = pareto_bars(app.view.pareto.as_ref().unwrap(), Lang::Zh, 10);
        // held: 09-20 and 10-02, 2 points each; it ties late (4 points, 2 person-times in
        // one inspection) and goes first for failing in more inspections. A bar is named by
        // the finding (late's `violation`), else by the item's text.
        assert_eq!(bars[0], ("按时召开、全员签到".to_string(), 4.0, 2));
        assert_eq!(bars[1], ("迟到、早退".to_string(), 4.0, 2));
    }

    // The month span (30 days to 10-31) drops September; switch an area on.
    harness.get_by_label("月").click();
    harness.run();
    harness.get_by_label("劳动纪律").click();
    harness.run();
    {
        let app = harness.state();
        assert_eq!(app.state.span, TrendSpan::Month);
        let data = app.view.trend.as_ref().unwrap();
        assert_eq!(
            data.period,
            Period::new(d(2026, 10, 2), d(2026, 10, 31)).unwrap()
        );
        let series = trend_series(data, &app.state);
        let ys: Vec<f64> = series.score.iter().map(|p| p[1]).collect();
        assert_eq!(ys, [70.0, 87.5, 100.0]);
        // The moving averages still reach back before the period.
        assert_eq!(series.ma30[0][1], 260.0 / 3.0);
        assert_eq!(series.areas.len(), 1);
        let shares: Vec<f64> = series.areas[0].1.iter().map(|p| p[1]).collect();
        assert_eq!(shares, [60.0, 90.0, 100.0]);
    }

    // Switch to hall T2.
    harness.get_by_label("营业厅").click();
    harness.run();
    harness.get_by_label("城西供电营业厅").click();
    harness.run();
    let app = harness.state();
    let series = trend_series(app.view.trend.as_ref().unwrap(), &app.state);
    assert_eq!(series.score, vec![[day_x(d(2026, 10, 3)), 85.0]]);
}

struct RankingApp {
    store: Store,
    context: SharedData,
    state: RankingState,
    view: RankingView,
    commands: Vec<Command>,
}

/// The Ranking screen on `store`, showing October 2026 as the app loads it, in a window of
/// `size`; every command it returns is kept, and a load is run at once.
fn ranking_harness(store: Store, size: egui::Vec2) -> Harness<'static, RankingApp> {
    let mut view = RankingView::default();
    load_ranking(
        &store,
        &mut view,
        RankingQuery::of(Period::month(2026, 10).unwrap()),
    );
    let app = RankingApp {
        context: SharedData::load(&store, d(2026, 10, 31)).unwrap(),
        store,
        state: RankingState::default(),
        view,
        commands: Vec::new(),
    };
    Harness::builder()
        .with_size(size)
        .with_context_setup(hallcheck::ui::install_fonts)
        .build_ui_state(
            move |ui, app: &mut RankingApp| {
                let shared = app.context.shared();
                if let Some(command) = ranking_screen::ui(ui, &shared, &mut app.state, &app.view) {
                    if let Command::LoadRanking(query) = &command {
                        load_ranking(&app.store, &mut app.view, *query);
                    }
                    app.commands.push(command);
                }
            },
            app,
        )
}

/// What the reader loads for the Ranking screen.
fn load_ranking(store: &Store, view: &mut RankingView, query: RankingQuery) {
    let today = d(2026, 10, 31);
    view.data = Some(ranking(store, query.period, today, query.kind).unwrap());
    view.comparison = Some(compare_kinds(store, query.period, query.compared).unwrap());
}

#[test]
fn ranking_screen_sorts_and_changes_period() {
    let f = fixture();
    let mut harness = ranking_harness(f.store, egui::vec2(1280.0, 900.0));
    harness.run();
    assert_eq!(
        ranking_bars(
            harness.state().view.data.as_ref().unwrap(),
            &harness.state().state
        ),
        vec![("T1".to_string(), 89.38), ("T2".to_string(), 85.0)]
    );

    // Sort by pass rate: T2 (100 %) before T1 (75 %).
    harness.get_by_label("合格率").click();
    harness.run();
    assert_eq!(
        ranking_bars(
            harness.state().view.data.as_ref().unwrap(),
            &harness.state().state
        ),
        vec![("T2".to_string(), 85.0), ("T1".to_string(), 89.38)]
    );

    // A period that is not one is said so, and the figures shown stay as they were.
    assert!(harness.query_by_label_contains("时段格式为").is_none());
    harness.state_mut().state.period_text = "2026/9".into();
    harness.get_by_label("查询").click();
    harness.run();
    harness.get_by_label_contains("时段格式为");
    assert_eq!(harness.state().commands.len(), 0);

    // The month before, by its button: T2 scored 100, T1 90.
    harness.state_mut().state.period_text = "2026-10".into();
    harness.get_by_label("◀ 上月").click();
    harness.run();
    assert!(harness.query_by_label_contains("时段格式为").is_none());
    assert_eq!(harness.state().state.period_text, "2026-09");
    let app = harness.state();
    assert_eq!(
        app.commands.last(),
        Some(&Command::LoadRanking(RankingQuery::of(
            Period::month(2026, 9).unwrap()
        )))
    );
    let data = app.view.data.as_ref().unwrap();
    assert_eq!(data.period, Period::month(2026, 9).unwrap());
    let t1 = data.halls.iter().find(|h| h.hall.key() == "T1").unwrap();
    assert_eq!(t1.mean_score, Some(Points::from_whole(90)));
    assert_eq!(t1.expected, 30);
}

/// The row of the label `text` on the screen: its vertical centre, to the pixel.
fn top(harness: &Harness<'_, RankingApp>, text: &str) -> f32 {
    harness.get_by_label(text).rect().center().y.round()
}

#[test]
fn ranking_screen_compares_self_checks_with_unannounced_visits() {
    let f = support::reports::kinds_fixture();
    // The small office window.
    let mut harness = ranking_harness(f.store, egui::vec2(1024.0, 640.0));
    harness.run();
    harness.get_by_label("类型对比").click();
    harness.run();
    assert_eq!(harness.state().state.mode, RankingMode::Compare);
    // Loaded with the ranking: 自查 against 暗访, no new read needed.
    assert!(harness.state().commands.is_empty());
    harness.get_by_label("差值（自查 − 暗访）");
    harness.get_by_label_contains("差值 = 前者平均分 − 后者平均分");
    // T1 89.38 (4) against 77.5 (2): +11.88; T2 85 (1) against 100 (1): -15; T3 has no 自查
    // (its mean and its gap "—"). Largest gap first; the hall lacking a kind last.
    let (t1, t2, t3) = (
        top(&harness, "城东供电营业厅"),
        top(&harness, "城西供电营业厅"),
        top(&harness, "城南供电营业厅"),
    );
    assert!(t1 < t2 && t2 < t3, "{t1} {t2} {t3}");
    for (text, row) in [
        ("89.38", t1),
        ("77.5", t1),
        ("+11.88", t1),
        ("85", t2),
        ("-15", t2),
        ("90", t3),
    ] {
        assert_eq!(top(&harness, text), row, "{text}");
    }
    let dashes: Vec<f32> = harness
        .query_all_by_label("—")
        .map(|n| n.rect().center().y.round())
        .collect();
    assert_eq!(dashes, [t3, t3]);

    // Against 督导检查 instead: only T2 has both (85 − 90).
    harness
        .get_by_role_and_label(egui::Role::ComboBox, "对")
        .click();
    harness.run();
    harness.get_by_label("督导检查").click();
    harness.run();
    let query = RankingQuery {
        compared: [InspectionKind::SelfCheck, InspectionKind::Supervision],
        ..RankingQuery::of(Period::month(2026, 10).unwrap())
    };
    assert_eq!(harness.state().commands, [Command::LoadRanking(query)]);
    harness.get_by_label("差值（自查 − 督导检查）");
    assert_eq!(
        top(&harness, "-5"),
        top(&harness, "城西供电营业厅"),
        "T2 first"
    );
    // T1 lacks a 督导检查 (its mean and gap), T3 both kinds (two means and the gap).
    assert_eq!(harness.query_all_by_label("—").count(), 5);

    // Back to the table, ranked by 暗访 alone: T2 (100) first.
    harness.get_by_label("排名表").click();
    harness.run();
    harness
        .get_by_role_and_label(egui::Role::ComboBox, "检查类型")
        .click();
    harness.run();
    harness.get_by_label("暗访（神秘顾客）").click();
    harness.run();
    let app = harness.state();
    let data = app.view.data.as_ref().unwrap();
    assert_eq!(data.kind, Some(InspectionKind::Unannounced));
    assert_eq!(
        ranking_bars(data, &app.state),
        vec![
            ("T2".to_string(), 100.0),
            ("T3".to_string(), 90.0),
            ("T1".to_string(), 77.5)
        ]
    );
}

/// Each hall's 整改按时率 and 未整改 stand in its row of the table, in the small office window
/// with the navigation beside it (1024 less its 112 points), and sort the table.
#[test]
fn ranking_screen_shows_each_halls_rectification_figures() {
    let c = support::rectify::october();
    let mut harness = ranking_harness(c.store, egui::vec2(1024.0 - 112.0, 640.0));
    harness.run();
    // Judged on 10-31: T1 on time 2 of 6 judged, 2 open; T2 its one on time.
    let (t1, t2) = (
        top(&harness, "城东供电营业厅"),
        top(&harness, "城西供电营业厅"),
    );
    for (text, row) in [("33.3%", t1), ("2", t1), ("100.0%", t2), ("0", t2)] {
        let at = harness
            .query_all_by_label(text)
            .map(|n| n.rect().center().y.round())
            .collect::<Vec<_>>();
        assert!(at.contains(&row), "{text}: {at:?}");
    }
    // Every column in view, the last one included.
    let open = harness.get_by_label("未整改").rect();
    assert!(open.right() <= 1024.0 - 112.0, "{open:?}");
    harness.get_by_label("整改按时率").click();
    harness.run();
    assert_eq!(harness.state().state.sort, RankingSort::RectifyRate);
    assert!(top(&harness, "城西供电营业厅") < top(&harness, "城东供电营业厅"));
}
