//! kittest: the Trends and Ranking screens on the fixed data set. The tests change the period
//! and the hall through the widgets and assert the plotted series' data, not pixels.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hallcheck::domain::{Points, Rating};
use hallcheck::report::{Period, pareto, ranking, trend};
use hallcheck::store::Store;
use hallcheck::ui::Command;
use hallcheck::ui::i18n::Lang;
use hallcheck::ui::screens::ranking::{RankingState, RankingView, ranking_bars};
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
        if let Command::LoadTrend { hall_id, period } = &command {
            app.view.trend = Some(trend(&app.store, *hall_id, *period).unwrap());
            app.view.pareto = Some(pareto(&app.store, *hall_id, *period).unwrap());
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
            period: quarter
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

#[test]
fn ranking_screen_sorts_and_changes_period() {
    let f = fixture();
    let data = ranking(&f.store, Period::month(2026, 10).unwrap(), d(2026, 10, 31)).unwrap();
    let app = RankingApp {
        context: SharedData::load(&f.store, d(2026, 10, 31)).unwrap(),
        store: f.store,
        state: RankingState::default(),
        view: RankingView {
            data: Some(data),
            loading: None,
        },
        commands: Vec::new(),
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .with_context_setup(hallcheck::ui::install_fonts)
        .build_ui_state(
            move |ui, app: &mut RankingApp| {
                let shared = app.context.shared();
                if let Some(command) = ranking_screen::ui(ui, &shared, &mut app.state, &app.view) {
                    if let Command::LoadRanking(period) = &command {
                        app.view.data =
                            Some(ranking(&app.store, *period, d(2026, 10, 31)).unwrap());
                    }
                    app.commands.push(command);
                }
            },
            app,
        );
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
        Some(&Command::LoadRanking(Period::month(2026, 9).unwrap()))
    );
    let data = app.view.data.as_ref().unwrap();
    assert_eq!(data.period, Period::month(2026, 9).unwrap());
    let t1 = data.halls.iter().find(|h| h.hall.key() == "T1").unwrap();
    assert_eq!(t1.mean_score, Some(Points::from_whole(90)));
    assert_eq!(t1.expected, 30);
}
