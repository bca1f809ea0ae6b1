//! 首页 Today: at the top the rectifications waiting per hall (overdue, due today, to accept:
//! a click lists them on the 整改 screen), then per hall today's checks done / in draft /
//! missing, drafts to resume, the last 7 days' scores (exact, each inspection its own: a click
//! opens it, or the day's list when there were several).

use std::collections::HashMap;

use chrono::NaiveDate;
use egui::{RichText, Ui};

use crate::domain::{Points, Rating, Status};
use crate::store::{DayEntry, HallRectificationCounts, RectificationFilter};
use crate::ui::palette;
use crate::ui::widgets::{Shared, badge, draft_line};
use crate::ui::{Command, RectCommand};

/// Where one checklist of one hall stands today: submitted, in a draft, both, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CheckState {
    /// A submitted inspection covers it.
    pub done: bool,
    /// An open draft covers it.
    pub draft: bool,
}

/// One submitted inspection's score on a day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayScore {
    /// Inspection row id.
    pub inspection_id: i64,
    /// Its score.
    pub score: Points,
    /// Its rating (不合格 after a veto whatever the points).
    pub rating: Rating,
}

/// The loaded overview.
#[derive(Debug, Clone, Default)]
pub struct TodayView {
    /// The day shown.
    pub today: Option<NaiveDate>,
    /// Inspections of the last 7 days.
    pub entries: Vec<DayEntry>,
    /// (hall, day) → that day's submitted inspections, in order.
    pub day_scores: HashMap<(i64, NaiveDate), Vec<DayScore>>,
    /// What is still to fix per hall (every hall with a rectification open or to accept).
    pub rectifications: Vec<HallRectificationCounts>,
}

impl TodayView {
    /// Builds the overview from the last 7 days' inspections.
    pub fn build(entries: Vec<DayEntry>, today: NaiveDate) -> TodayView {
        let mut day_scores: HashMap<(i64, NaiveDate), Vec<DayScore>> = HashMap::new();
        for entry in &entries {
            if let (Status::Submitted, Some(score), Some(rating)) =
                (entry.status, entry.score, entry.rating)
            {
                day_scores
                    .entry((entry.hall_id, entry.date))
                    .or_default()
                    .push(DayScore {
                        inspection_id: entry.inspection_id,
                        score,
                        rating,
                    });
            }
        }
        TodayView {
            today: Some(today),
            entries,
            day_scores,
            rectifications: Vec::new(),
        }
    }

    /// Today's state of one checklist in one hall.
    pub fn check_state(&self, hall_id: i64, template_id: &str) -> CheckState {
        let mut state = CheckState::default();
        for entry in &self.entries {
            if Some(entry.date) != self.today
                || entry.hall_id != hall_id
                || !entry.template_ids.iter().any(|t| t == template_id)
            {
                continue;
            }
            match entry.status {
                Status::Submitted => state.done = true,
                Status::Draft => state.draft = true,
            }
        }
        state
    }
}

/// Draws the Today screen.
pub fn ui(ui: &mut Ui, shared: &Shared, view: &TodayView) -> Option<Command> {
    let tr = shared.tr;
    let drafts = shared.drafts;
    let mut cmd = None;
    ui.horizontal(|ui| {
        ui.heading(tr.today_heading);
        ui.label(shared.today.format("%Y-%m-%d").to_string());
    });
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("✓ {}", tr.today_done)).color(palette::DONE));
        ui.label(RichText::new(format!("△ {}", tr.today_draft)).color(palette::PENDING));
        ui.label(RichText::new(format!("○ {}", tr.today_missing)).color(palette::MUTED));
    });
    ui.separator();
    if shared.active_halls().next().is_none() {
        ui.label(tr.no_halls);
        if ui.button(tr.add_hall).clicked() {
            cmd = Some(Command::Navigate(crate::ui::Screen::Halls));
        }
        return cmd;
    }
    if let Some(c) = reminders(ui, shared, &view.rectifications) {
        cmd = Some(c);
    }
    if !drafts.is_empty() {
        ui.label(RichText::new(tr.today_drafts).strong());
        for draft in drafts.iter().take(6) {
            ui.horizontal(|ui| {
                if draft_line(ui, shared, draft) {
                    cmd = Some(Command::ResumeDraft(draft.id));
                }
            });
        }
        ui.separator();
    }
    let days: Vec<NaiveDate> = (0..7)
        .rev()
        .map(|back| shared.today - chrono::Days::new(back))
        .collect();
    bands_legend(ui, shared);
    // The columns share the window: after the hall's button and name, a day's cell holds a
    // score to two decimals (and how many there were), a checklist's column its name, wrapped;
    // a window too small for the least of them scrolls.
    let checks = shared.in_use().count().max(1) as f32;
    let rest = (ui.available_width() - HALL_COLUMNS).max(0.0);
    let day_cell = (rest * 0.45 / 7.0).clamp(44.0, 68.0);
    let min_check = if shared.lang.is_english() { 64.0 } else { 34.0 };
    let layout = Layout {
        day_cell,
        check_width: ((rest - 7.0 * (day_cell + DAY_GAP)) / checks - 4.0).clamp(min_check, 110.0),
    };
    egui::ScrollArea::both()
        .id_salt("today")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            egui::Grid::new("today_grid")
                .striped(true)
                .spacing([4.0, 6.0])
                .show(ui, |ui| {
                    header_row(ui, shared, &days, layout);
                    for hall in shared.active_halls() {
                        if ui.small_button(tr.inspect_this_hall).clicked() {
                            cmd = Some(Command::InspectHall(hall.id));
                        }
                        ui.label(&hall.name);
                        if let Some(c) = week_scores(ui, shared, view, hall.id, &days, layout) {
                            cmd = Some(c);
                        }
                        for template in shared.in_use() {
                            check_mark(ui, shared, view, hall.id, template, layout);
                        }
                        ui.end_row();
                    }
                });
            // Room under the last row for the horizontal scroll bar, which takes the pointer
            // where it would appear.
            ui.add_space(14.0);
        });
    cmd
}

/// Widths of the table's cells, from the window's.
#[derive(Debug, Clone, Copy)]
struct Layout {
    day_cell: f32,
    check_width: f32,
}

/// The gap between days.
const DAY_GAP: f32 = 2.0;

/// The width of the "start" button and the hall's name columns, with their gaps.
const HALL_COLUMNS: f32 = 250.0;

fn header_row(ui: &mut Ui, shared: &Shared, days: &[NaiveDate], layout: Layout) {
    let tr = shared.tr;
    ui.label("");
    ui.label(RichText::new(tr.hall).strong());
    ui.vertical(|ui| {
        ui.label(RichText::new(tr.today_week).strong());
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = DAY_GAP;
            for day in days {
                let text = if *day == shared.today {
                    tr.today_button.to_owned()
                } else {
                    day.format("%d").to_string()
                };
                ui.add_sized(
                    [layout.day_cell, 16.0],
                    egui::Label::new(RichText::new(text).size(12.0).weak()),
                )
                .on_hover_text(day.to_string());
            }
        });
    });
    for template in shared.in_use() {
        ui.vertical(|ui| {
            ui.set_width(layout.check_width);
            ui.add(
                egui::Label::new(
                    RichText::new(template.name_in(shared.lang.is_english()))
                        .strong()
                        .size(12.5),
                )
                .wrap(),
            );
        });
    }
    ui.end_row();
}

/// One checklist's state today: ✓ submitted, △ in a draft (both when both), ○ neither.
fn check_mark(
    ui: &mut Ui,
    shared: &Shared,
    view: &TodayView,
    hall_id: i64,
    template: &crate::domain::Template,
    layout: Layout,
) {
    let tr = shared.tr;
    let state = view.check_state(hall_id, &template.id);
    let (mark, color) = match (state.done, state.draft) {
        (true, true) => ("✓△", palette::PENDING),
        (true, false) => ("✓", palette::DONE),
        (false, true) => ("△", palette::PENDING),
        (false, false) => ("○", palette::MUTED),
    };
    let mut meaning = Vec::new();
    if state.done {
        meaning.push(tr.today_done);
    }
    if state.draft {
        meaning.push(tr.today_draft);
    }
    if meaning.is_empty() {
        meaning.push(tr.today_missing);
    }
    ui.add_sized(
        [layout.check_width, 18.0],
        egui::Label::new(RichText::new(mark).color(color)),
    )
    .on_hover_text(shared.lang.labelled(
        template.name_in(shared.lang.is_english()),
        meaning.join(" · "),
    ));
}

/// The rating bands in their colours, so a coloured score can be read without the colour.
fn bands_legend(ui: &mut Ui, shared: &Shared) {
    let bands = &shared.settings.bands;
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 12.0;
        for (rating, text) in [
            (Rating::Excellent, format!("≥{}", bands.excellent)),
            (Rating::Good, format!("≥{}", bands.good)),
            (Rating::Pass, format!("≥{}", bands.pass)),
            (Rating::Fail, format!("<{}", bands.pass)),
        ] {
            ui.label(
                RichText::new(format!("{} {text}", shared.rating_name(rating)))
                    .color(palette::rating(rating))
                    .size(14.0),
            );
        }
    });
}

/// One hall's scores of the last 7 days, oldest first, to two decimals. A day with one
/// inspection opens it on a click; a day with several shows the lowest with their number
/// (each listed on hover) and opens the day's list; a day without shows a dot.
fn week_scores(
    ui: &mut Ui,
    shared: &Shared,
    view: &TodayView,
    hall_id: i64,
    days: &[NaiveDate],
    layout: Layout,
) -> Option<Command> {
    let mut cmd = None;
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = DAY_GAP;
        for day in days {
            let scores = view
                .day_scores
                .get(&(hall_id, *day))
                .map(Vec::as_slice)
                .unwrap_or_default();
            let Some(lowest) = scores
                .iter()
                .min_by_key(|s| (s.rating != Rating::Fail, s.score))
            else {
                ui.add_sized(
                    [layout.day_cell, 18.0],
                    egui::Label::new(
                        RichText::new("·")
                            .monospace()
                            .size(14.0)
                            .color(palette::MUTED),
                    ),
                )
                .on_hover_text(day.to_string());
                continue;
            };
            let mut text = format!("{:.2}", lowest.score.as_f64());
            if scores.len() > 1 {
                text.push_str(&format!("×{}", scores.len()));
            }
            let mut rich = RichText::new(text)
                .color(palette::rating(lowest.rating))
                .monospace()
                .size(12.0);
            if lowest.rating == Rating::Fail {
                rich = rich.strong().underline();
            }
            let hover = scores
                .iter()
                .map(|s| format!("{} {}", s.score, shared.rating_name(s.rating)))
                .collect::<Vec<_>>()
                .join("\n");
            let response = ui
                .push_id((hall_id, day), |ui| {
                    ui.add_sized(
                        [layout.day_cell, 18.0],
                        egui::Button::new(rich).frame(false),
                    )
                })
                .inner
                .on_hover_text(format!("{day}\n{hover}"));
            if response.clicked() {
                cmd = Some(match scores {
                    [one] => Command::OpenInspection(one.inspection_id),
                    _ => Command::ShowHallDay {
                        hall_id,
                        date: *day,
                    },
                });
            }
        }
    });
    cmd
}

/// The rectifications waiting, per hall with any open or to accept: overdue (on a red tag,
/// in words), due today, open, to accept. The halls are set in side-by-side tables as the
/// width allows, so eight halls take three or four lines. The hall's name opens its list on
/// the 整改 screen, each figure the list of what it counts.
fn reminders(ui: &mut Ui, shared: &Shared, counts: &[HallRectificationCounts]) -> Option<Command> {
    let rt = shared.tr.rect;
    let waiting: Vec<&HallRectificationCounts> = counts
        .iter()
        .filter(|c| c.open + c.awaiting_acceptance > 0)
        .collect();
    if waiting.is_empty() {
        return None;
    }
    let mut cmd = None;
    ui.label(RichText::new(rt.today_heading).strong());
    let tables = ((ui.available_width() / REMINDER_WIDTH).floor() as usize).clamp(1, 4);
    let per_table = waiting.len().div_ceil(tables);
    ui.horizontal_top(|ui| {
        for (n, halls) in waiting.chunks(per_table.max(1)).enumerate() {
            if n > 0 {
                // A gap, not a separator: a vertical one would take the screen's height.
                ui.add_space(28.0);
            }
            egui::Grid::new(("today_reminders", n))
                .spacing([10.0, 4.0])
                .show(ui, |ui| {
                    for hall in halls {
                        if let Some(c) = reminder_row(ui, shared, hall) {
                            cmd = Some(c);
                        }
                        ui.end_row();
                    }
                });
        }
    });
    ui.separator();
    cmd
}

/// The width of one table of reminders, with its gap: a hall's name, the overdue tag and
/// three figures (measured at 1024×640: two tables of 470 do not fit beside each other).
const REMINDER_WIDTH: f32 = 490.0;

/// One hall's reminder: its name, then each figure that is not zero, in its own column.
fn reminder_row(ui: &mut Ui, shared: &Shared, hall: &HallRectificationCounts) -> Option<Command> {
    use crate::domain::RectificationStatus;
    let rt = shared.tr.rect;
    let lang = shared.lang;
    let mut cmd = None;
    let filter = RectificationFilter {
        hall_id: Some(hall.hall_id),
        ..RectificationFilter::default()
    };
    let show = |filter: RectificationFilter| Some(Command::Rect(RectCommand::Show(filter)));
    if ui
        .link(RichText::new(&hall.hall_name).strong())
        .on_hover_text(rt.today_open_hint)
        .clicked()
    {
        cmd = show(filter.clone());
    }
    ui.horizontal(|ui| {
        if hall.overdue > 0
            && badge(
                ui,
                &lang.rect_figure(rt.overdue, hall.overdue),
                palette::ALERT,
            )
            .interact(egui::Sense::click())
            .on_hover_text(rt.today_open_hint)
            .clicked()
        {
            cmd = show(RectificationFilter {
                overdue: true,
                ..filter.clone()
            });
        }
    });
    // A cell for each figure, empty for a zero, so the columns stay aligned.
    let figure = |ui: &mut Ui, n: u32, text: RichText| {
        if n == 0 {
            ui.label("");
            return false;
        }
        ui.link(text).clicked()
    };
    let due = lang.rect_figure(rt.due_today, hall.due_today);
    if figure(
        ui,
        hall.due_today,
        RichText::new(due).color(palette::PENDING),
    ) {
        cmd = show(RectificationFilter {
            due_today: true,
            ..filter.clone()
        });
    }
    let open = RectificationStatus::Open;
    let text = lang.rect_figure(lang.rect_status(open), hall.open);
    if figure(ui, hall.open, RichText::new(text)) {
        cmd = show(RectificationFilter {
            status: Some(open),
            ..filter.clone()
        });
    }
    let text = lang.rect_figure(rt.awaiting, hall.awaiting_acceptance);
    if figure(ui, hall.awaiting_acceptance, RichText::new(text)) {
        cmd = show(RectificationFilter {
            status: Some(RectificationStatus::Done),
            ..filter
        });
    }
    cmd
}
