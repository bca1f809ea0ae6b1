//! CPU time of app screen frames for `hallcheck bench`: the screens and their shared context are
//! private to the ui module, so the bench reaches them through here.

use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;

use crate::checklist::load_catalog;
use crate::report::median_p95;
use crate::store::{Store, StoreError};
use crate::ui::jobs::PAGE_ROWS;
use crate::ui::screens::history;
use crate::ui::widgets::Shared;

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
    // What the history reader answers for the first page (see `jobs::run_history_request`).
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
    let halls = store.halls(true)?;
    let catalog = load_catalog(None);
    let settings = store.settings()?;
    let shared = Shared {
        tr: crate::ui::i18n::tr(false),
        english: false,
        halls: &halls,
        catalog: &catalog,
        settings: &settings,
        today,
        db_path: Path::new(""),
        template_dir: Path::new(""),
    };
    let timing = time_frames(|ui| {
        let _command = history::ui(ui, &shared, &mut state, &view);
    });
    Ok((timing, view.total.unwrap_or(0)))
}
