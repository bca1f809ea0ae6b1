//! CPU time of app screen frames for `hallcheck bench`: the screens and their shared context are
//! private to the ui module, so the bench reaches them through here.

use std::time::Instant;

use chrono::NaiveDate;

use crate::report::{ParetoData, TrendData, median_p95};
use crate::store::{Store, StoreError};
use crate::ui::jobs::reader::PAGE_ROWS;
use crate::ui::screens::trends::{TrendSpan, TrendsState, TrendsView};
use crate::ui::screens::{history, trends};
use crate::ui::widgets::SharedData;

/// Median and p95 (ms) of 100 frames of `draw` in a 1280×900 central panel with the app's fonts,
/// tessellation included, after 5 warm-up frames.
pub(crate) fn time_frames(mut draw: impl FnMut(&mut egui::Ui)) -> (f64, f64) {
    let ctx = egui::Context::default();
    crate::ui::install_fonts(&ctx);
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 900.0),
        )),
        ..egui::RawInput::default()
    };
    let mut frame = || {
        let start = Instant::now();
        let mut output = ctx.run_ui(input(), |ui| {
            egui::CentralPanel::default().show(ui, |ui| draw(ui));
        });
        let shapes = std::mem::take(&mut output.shapes);
        std::hint::black_box(ctx.tessellate(shapes, output.pixels_per_point));
        output.drop_without_applying_deltas();
        start.elapsed().as_secs_f64() * 1000.0
    };
    for _ in 0..5 {
        frame();
    }
    let mut samples: Vec<f64> = (0..100).map(|_| frame()).collect();
    median_p95(&mut samples)
}

/// Frames of the History screen, unfiltered, newest first, with its first page loaded; also
/// returns the number of inspections in the list.
pub(crate) fn history_frame_ms(
    store: &Store,
    today: NaiveDate,
) -> Result<((f64, f64), usize), StoreError> {
    let mut state = history::HistoryState::default();
    state.applied = state.query();
    let mut view = history::HistoryView::default();
    // What the reader answers for the first page (see `jobs::reader`).
    let query = &state.applied;
    view.total = Some(store.count_inspections(&query.filter)?.max(0) as usize);
    let first = store.list_inspections(
        &query.filter,
        query.sort,
        query.descending,
        0,
        PAGE_ROWS as i64,
    )?;
    view.pages.insert(0, first);
    view.requested.insert(0);
    let context = SharedData::load(store, today)?;
    let shared = context.shared();
    let timing = time_frames(|ui| {
        let _command = history::ui(ui, &shared, &mut state, &view);
    });
    Ok((timing, view.total.unwrap_or(0)))
}

/// Frames of the Trends screen showing `trend` and `pareto` of a hall, every area line on.
pub(crate) fn trends_frame_ms(
    store: &Store,
    hall_id: i64,
    trend: TrendData,
    pareto: ParetoData,
    today: NaiveDate,
) -> Result<(f64, f64), StoreError> {
    let context = SharedData::load(store, today)?;
    let shared = context.shared();
    let view = TrendsView {
        trend: Some(trend),
        pareto: Some(pareto),
        ..TrendsView::default()
    };
    let mut state = TrendsState {
        hall_id: Some(hall_id),
        span: TrendSpan::Custom,
        areas_shown: crate::domain::Area::BUILTIN.into_iter().collect(),
        ..TrendsState::default()
    };
    Ok(time_frames(|ui| {
        let _command = trends::ui(ui, &shared, &mut state, &view);
    }))
}
