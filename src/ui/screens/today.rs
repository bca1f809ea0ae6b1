//! 首页 Today: per hall, today's checks done / in draft / missing, drafts to resume, the last
//! 7 days' scores.

use std::collections::HashMap;

use chrono::NaiveDate;
use egui::{RichText, Ui};

use crate::domain::{Points, Rating, Status};
use crate::store::DayEntry;
use crate::ui::Command;
use crate::ui::palette;
use crate::ui::widgets::{Shared, draft_line};

/// Where one checklist of one hall stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckState {
    /// Submitted.
    Done,
    /// In a draft.
    Draft,
    /// Not started.
    Missing,
}

/// The loaded overview.
#[derive(Debug, Clone, Default)]
pub struct TodayView {
    /// The day shown.
    pub today: Option<NaiveDate>,
    /// Inspections of the last 7 days.
    pub entries: Vec<DayEntry>,
    /// (hall, day) → mean submitted score.
    pub daily_score: HashMap<(i64, NaiveDate), Points>,
}

impl TodayView {
    /// Builds the overview from the last 7 days' inspections.
    pub fn build(entries: Vec<DayEntry>, today: NaiveDate) -> TodayView {
        let mut sums: HashMap<(i64, NaiveDate), (i64, i64)> = HashMap::new();
        for entry in &entries {
            if let (Status::Submitted, Some(score)) = (entry.status, entry.score) {
                let sum = sums.entry((entry.hall_id, entry.date)).or_default();
                sum.0 += score.hundredths();
                sum.1 += 1;
            }
        }
        let daily_score = sums
            .into_iter()
            .map(|(key, (total, n))| (key, Points::from_hundredths(total / n.max(1))))
            .collect();
        TodayView {
            today: Some(today),
            entries,
            daily_score,
        }
    }

    /// Today's state of one checklist in one hall.
    pub fn check_state(&self, hall_id: i64, template_id: &str) -> CheckState {
        let mut state = CheckState::Missing;
        for entry in &self.entries {
            if Some(entry.date) != self.today
                || entry.hall_id != hall_id
                || !entry.template_ids.iter().any(|t| t == template_id)
            {
                continue;
            }
            match entry.status {
                Status::Submitted => return CheckState::Done,
                Status::Draft => state = CheckState::Draft,
            }
        }
        state
    }
}

/// Draws the Today screen.
pub fn ui(ui: &mut Ui, shared: &Shared, view: &TodayView) -> Option<Command> {
    let drafts = shared.drafts;
    let tr = shared.tr;
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
    // Checklist headings sit in a fixed width, small enough that the whole table fits a
    // 1024-wide window in Chinese; the longer English names get a wider column and scroll if
    // they must.
    let check_width = if shared.lang.is_english() { 84.0 } else { 50.0 };
    egui::ScrollArea::both()
        .id_salt("today")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            egui::Grid::new("today_grid")
                .striped(true)
                .spacing([6.0, 6.0])
                .show(ui, |ui| {
                    ui.label("");
                    ui.label(RichText::new(tr.hall).strong());
                    ui.vertical(|ui| {
                        ui.label(RichText::new(tr.today_week).strong());
                        ui.horizontal(|ui| {
                            ui.spacing_mut().item_spacing.x = DAY_GAP;
                            for day in &days {
                                let text = if *day == shared.today {
                                    tr.today_button.to_owned()
                                } else {
                                    day.format("%d").to_string()
                                };
                                ui.add_sized(
                                    [DAY_CELL, 16.0],
                                    egui::Label::new(RichText::new(text).size(12.0).weak()),
                                )
                                .on_hover_text(day.to_string());
                            }
                        });
                    });
                    for loaded in &shared.catalog.templates {
                        ui.vertical(|ui| {
                            ui.set_width(check_width);
                            ui.add(
                                egui::Label::new(
                                    RichText::new(
                                        loaded.template.name_in(shared.lang.is_english()),
                                    )
                                    .strong()
                                    .size(12.5),
                                )
                                .wrap(),
                            );
                        });
                    }
                    ui.end_row();
                    for hall in shared.active_halls() {
                        if ui.small_button(tr.inspect_this_hall).clicked() {
                            cmd = Some(Command::InspectHall(hall.id));
                        }
                        ui.label(&hall.name);
                        week_scores(ui, shared, view, hall.id, &days);
                        for loaded in &shared.catalog.templates {
                            let (mark, color, text) =
                                match view.check_state(hall.id, &loaded.template.id) {
                                    CheckState::Done => ("✓", palette::DONE, tr.today_done),
                                    CheckState::Draft => ("△", palette::PENDING, tr.today_draft),
                                    CheckState::Missing => ("○", palette::MUTED, tr.today_missing),
                                };
                            ui.label(RichText::new(mark).color(color))
                                .on_hover_text(format!(
                                    "{}: {text}",
                                    loaded.template.name_in(shared.lang.is_english())
                                ));
                        }
                        ui.end_row();
                    }
                });
        });
    cmd
}

/// Width of one day's score, and the gap between days: three digits with air between them.
const DAY_CELL: f32 = 27.0;
const DAY_GAP: f32 = 2.0;

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

/// One hall's daily mean scores of the last 7 days, oldest first; a day without a submitted
/// inspection shows a dot.
fn week_scores(ui: &mut Ui, shared: &Shared, view: &TodayView, hall_id: i64, days: &[NaiveDate]) {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = DAY_GAP;
        for day in days {
            match view.daily_score.get(&(hall_id, *day)) {
                Some(score) => {
                    let rating = shared.settings.bands.rate(*score, false);
                    // Whole points rounded down, so 89.95 never reads as a 90 in 良好 colours.
                    let whole = score.hundredths().div_euclid(100);
                    let mut text = RichText::new(whole.to_string())
                        .color(palette::rating(rating))
                        .monospace()
                        .size(14.0);
                    if rating == Rating::Fail {
                        text = text.strong().underline();
                    }
                    ui.add_sized([DAY_CELL, 18.0], egui::Label::new(text))
                        .on_hover_text(format!("{day}: {score} {}", shared.rating_name(rating)));
                }
                None => {
                    ui.add_sized(
                        [DAY_CELL, 18.0],
                        egui::Label::new(
                            RichText::new("·")
                                .monospace()
                                .size(14.0)
                                .color(palette::MUTED),
                        ),
                    )
                    .on_hover_text(day.to_string());
                }
            }
        }
    });
}
