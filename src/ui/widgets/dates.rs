//! Days and months typed or picked: the date fields with their calendar, the "from – to"
//! range of a filter, and the month field with its ◀ / ▶ buttons.

use chrono::{Datelike, NaiveDate};
use egui::{RichText, Ui};

use super::{Dates, Shared};

/// "From" and "to" days of a filter, each typed or picked.
pub fn date_range(ui: &mut Ui, shared: &Shared, id_salt: &str, from: &mut String, to: &mut String) {
    let tr = shared.tr;
    let dates = shared.dates();
    date_field(ui, dates, tr.from, from, &format!("{id_salt}_from"), 112.0);
    date_field(ui, dates, tr.to, to, &format!("{id_salt}_to"), 112.0);
}

/// A day typed as YYYY-MM-DD with its label and a calendar button; see [`date_input`].
pub fn date_field(
    ui: &mut Ui,
    dates: Dates,
    label: &str,
    text: &mut String,
    id_salt: &str,
    width: f32,
) -> egui::Response {
    let label = ui.label(label);
    date_input(ui, dates, text, id_salt, "YYYY-MM-DD", width).labelled_by(label.id)
}

/// A day typed as YYYY-MM-DD, with a calendar button beside it that fills it in. The
/// response is the text field's, marked changed when a day is picked; text that is not a day
/// is left for the caller to flag.
pub fn date_input(
    ui: &mut Ui,
    dates: Dates,
    text: &mut String,
    id_salt: &str,
    hint: &str,
    width: f32,
) -> egui::Response {
    let tr = dates.lang.tr();
    let mut response = ui.add(
        egui::TextEdit::singleline(text)
            .hint_text(hint)
            .desired_width(width),
    );
    let button = ui.button("▼").on_hover_text(tr.pick_date);
    // The month on show, kept while the calendar is open.
    let month_id = ui.make_persistent_id((id_salt, "calendar_month"));
    if button.clicked() {
        let start = parse_date(text).unwrap_or(dates.today);
        ui.data_mut(|d| d.insert_temp(month_id, first_of_month(start)));
    }
    let picked = egui::Popup::from_toggle_button_response(&button)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .show(|ui| {
            let month = ui
                .data(|d| d.get_temp::<NaiveDate>(month_id))
                .unwrap_or_else(|| first_of_month(dates.today));
            let (shown, picked) = calendar(ui, dates, month, parse_date(text));
            ui.data_mut(|d| d.insert_temp(month_id, shown));
            picked
        })
        .and_then(|inner| inner.inner);
    if let Some(day) = picked {
        *text = day
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        response.mark_changed();
    }
    response
}

fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// One month's grid, Monday first. Returns the month to show next frame and, when the user
/// chose, the day (or `None` for "clear").
fn calendar(
    ui: &mut Ui,
    dates: Dates,
    month: NaiveDate,
    selected: Option<NaiveDate>,
) -> (NaiveDate, Option<Option<NaiveDate>>) {
    let tr = dates.lang.tr();
    let mut shown = month;
    let mut picked = None;
    ui.horizontal(|ui| {
        if ui.button("◀").on_hover_text(tr.previous_month).clicked() {
            shown = month
                .checked_sub_days(chrono::Days::new(1))
                .map_or(month, first_of_month);
        }
        let title = dates.lang.month_title(month);
        ui.add_sized(
            [110.0, 20.0],
            egui::Label::new(RichText::new(title).strong()),
        );
        if ui.button("▶").on_hover_text(tr.next_month).clicked() {
            shown = month
                .checked_add_days(chrono::Days::new(32))
                .map_or(month, first_of_month);
        }
    });
    egui::Grid::new(("calendar", month))
        .spacing([2.0, 2.0])
        .show(ui, |ui| {
            for name in tr.weekdays {
                ui.add_sized([30.0, 18.0], egui::Label::new(RichText::new(name).weak()));
            }
            ui.end_row();
            let lead = month.weekday().num_days_from_monday();
            for _ in 0..lead {
                ui.label("");
            }
            let mut day = month;
            let mut column = lead;
            while day.month() == month.month() {
                let mut text = RichText::new(day.day().to_string());
                if day == dates.today {
                    text = text.strong().underline();
                }
                let button = egui::Button::selectable(selected == Some(day), text)
                    .min_size(egui::vec2(30.0, 22.0));
                if ui.add(button).clicked() {
                    picked = Some(Some(day));
                }
                column += 1;
                if column == 7 {
                    column = 0;
                    ui.end_row();
                }
                match day.checked_add_days(chrono::Days::new(1)) {
                    Some(next) => day = next,
                    None => break,
                }
            }
        });
    ui.horizontal(|ui| {
        if ui.button(tr.today_button).clicked() {
            picked = Some(Some(dates.today));
        }
        if ui.button(tr.clear).clicked() {
            picked = Some(None);
        }
    });
    if picked.is_some() {
        ui.close();
    }
    (shown, picked)
}

/// Parses a typed local date.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// The calendar month `delta` months from the one `text` names (`2026-10`, -1 → `2026-09`);
/// `None` when `text` is not a month.
pub fn shift_month(text: &str, delta: i32) -> Option<String> {
    let month = crate::report::Period::parse(text)
        .ok()
        .filter(crate::report::Period::is_calendar_month)?;
    let months = chrono::Months::new(delta.unsigned_abs());
    let day = if delta >= 0 {
        month.from.checked_add_months(months)?
    } else {
        month.from.checked_sub_months(months)?
    };
    Some(day.format("%Y-%m").to_string())
}

/// A month typed as `YYYY-MM` between ◀ previous and next ▶ buttons; true when a button moved
/// it (a typed month counts when the caller's Show or Enter says so).
pub fn month_field(
    ui: &mut Ui,
    shared: &Shared,
    label: &str,
    text: &mut String,
    width: f32,
) -> (bool, egui::Response) {
    let t = shared.tr.report;
    let mut moved = false;
    if ui.button(t.prev_month).clicked()
        && let Some(previous) = shift_month(text, -1)
    {
        *text = previous;
        moved = true;
    }
    let label = ui.label(label);
    let edit = ui
        .add(
            egui::TextEdit::singleline(text)
                .hint_text("YYYY-MM")
                .desired_width(width),
        )
        .labelled_by(label.id);
    if ui.button(t.next_month).clicked()
        && let Some(next) = shift_month(text, 1)
    {
        *text = next;
        moved = true;
    }
    (moved, edit)
}
