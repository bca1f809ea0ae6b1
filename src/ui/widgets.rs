//! Small shared pieces: the read-only context every screen gets, labelled inputs and filters,
//! the calendar, answer marks and photo thumbnails.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use egui::{RichText, Ui};

use crate::checklist::Catalog;
use crate::domain::{Outcome, Rating, Shift, Status};
use crate::store::{DraftSummary, Hall, Settings};
use crate::ui::i18n::{Lang, Tr};
use crate::ui::palette;

/// What every screen may read.
pub struct Shared<'a> {
    /// UI strings.
    pub tr: &'static Tr,
    /// The UI language.
    pub lang: Lang,
    /// All halls, archived included.
    pub halls: &'a [Hall],
    /// Open drafts.
    pub drafts: &'a [DraftSummary],
    /// The checklist templates.
    pub catalog: &'a Catalog,
    /// Saved settings.
    pub settings: &'a Settings,
    /// Today's local date.
    pub today: NaiveDate,
    /// The database file.
    pub db_path: &'a Path,
    /// The user template folder.
    pub template_dir: &'a Path,
}

/// What [`Shared`] borrows, owned: for a screen drawn outside the app (the bench, tests).
pub struct SharedData {
    /// All halls, archived included.
    pub halls: Vec<Hall>,
    /// The built-in checklists.
    pub catalog: Catalog,
    /// The saved settings.
    pub settings: Settings,
    /// Today's local date.
    pub today: NaiveDate,
}

impl SharedData {
    /// Reads halls and settings from `store`, with the built-in checklists.
    pub fn load(store: &crate::store::Store, today: NaiveDate) -> crate::store::Result<SharedData> {
        Ok(SharedData {
            halls: store.halls(true)?,
            catalog: crate::checklist::load_catalog(None),
            settings: store.settings()?,
            today,
        })
    }

    /// The context a screen draws with, in Chinese.
    pub fn shared(&self) -> Shared<'_> {
        Shared {
            tr: Lang::Zh.tr(),
            lang: Lang::Zh,
            halls: &self.halls,
            drafts: &[],
            catalog: &self.catalog,
            settings: &self.settings,
            today: self.today,
            db_path: Path::new(""),
            template_dir: Path::new(""),
        }
    }
}

/// What a date field needs: the language and today's date (the calendar opens on it).
#[derive(Debug, Clone, Copy)]
pub struct Dates {
    /// The UI language.
    pub lang: Lang,
    /// Today's local date.
    pub today: NaiveDate,
}

impl Shared<'_> {
    /// What a date field needs.
    pub fn dates(&self) -> Dates {
        Dates {
            lang: self.lang,
            today: self.today,
        }
    }

    /// Halls that take new inspections.
    pub fn active_halls(&self) -> impl Iterator<Item = &Hall> {
        self.halls.iter().filter(|h| !h.archived)
    }

    /// A hall's name by id.
    pub fn hall_name(&self, id: i64) -> &str {
        self.halls
            .iter()
            .find(|h| h.id == id)
            .map(|h| h.name.as_str())
            .unwrap_or("?")
    }

    /// A rating's label.
    pub fn rating_name(&self, rating: Rating) -> &'static str {
        self.lang.rating(rating)
    }

    /// An outcome's label.
    pub fn outcome_name(&self, outcome: Outcome) -> &'static str {
        self.lang.outcome(outcome)
    }

    /// A shift's name in the UI language.
    pub fn shift_name(&self, shift: Shift) -> &'static str {
        self.lang.shift(shift)
    }

    /// A status's name in the UI language.
    pub fn status_name(&self, status: Status) -> &'static str {
        self.lang.status(status)
    }

    /// An inspection's day, shift and inspector: "2026-10-31 全天 · 检查人 张三".
    pub fn day_shift_inspector(&self, header: &crate::store::InspectionHeader) -> String {
        format!(
            "{} {} · {} {}",
            header.date,
            self.shift_name(header.shift),
            self.tr.inspector,
            header.inspector
        )
    }

    /// A template's name by id, in the UI language.
    pub fn template_name<'b>(&'b self, id: &'b str) -> &'b str {
        self.catalog
            .template(id)
            .map(|t| t.name_in(self.lang.is_english()))
            .unwrap_or(id)
    }
}

/// A single-line text input with its label, linked for screen readers, added to the current
/// row (call it inside `ui.horizontal`: a row of its own inside a row would sit lower).
pub fn labelled_text(ui: &mut Ui, label: &str, text: &mut String, width: f32) -> egui::Response {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(text).desired_width(width))
        .labelled_by(label.id)
}

/// One open draft: a button that resumes it (true when clicked), then its day, shift, inspector
/// and how many items are answered.
pub fn draft_line(ui: &mut Ui, shared: &Shared, draft: &DraftSummary) -> bool {
    let tr = shared.tr;
    let resume = ui
        .button(format!("{} · {}", tr.resume, draft.hall_name))
        .clicked();
    ui.label(format!(
        "{} {} · {} · {} {}",
        draft.date,
        shared.shift_name(draft.shift),
        draft.inspector,
        tr.answered,
        draft.answered
    ));
    resume
}

/// A hall chooser with its label, for filters: any hall (`None`) or one hall.
pub fn hall_filter(ui: &mut Ui, shared: &Shared, id_salt: &str, hall_id: &mut Option<i64>) {
    let tr = shared.tr;
    let label = ui.label(tr.hall);
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(
            hall_id
                .map(|id| shared.hall_name(id).to_owned())
                .unwrap_or_else(|| tr.any.to_owned()),
        )
        .show_ui(ui, |ui| {
            ui.selectable_value(hall_id, None, tr.any);
            for hall in shared.halls {
                ui.selectable_value(hall_id, Some(hall.id), &hall.name);
            }
        })
        .response
        .labelled_by(label.id);
}

/// A status chooser with its label, for filters: any status (`None`), submitted or draft.
pub fn status_filter(ui: &mut Ui, shared: &Shared, id_salt: &str, status: &mut Option<Status>) {
    let tr = shared.tr;
    let name = |s: Status| shared.status_name(s);
    let label = ui.label(tr.status);
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(status.map(name).unwrap_or(tr.any))
        .show_ui(ui, |ui| {
            ui.selectable_value(status, None, tr.any);
            for choice in [Status::Submitted, Status::Draft] {
                ui.selectable_value(status, Some(choice), name(choice));
            }
        })
        .response
        .labelled_by(label.id);
}

/// A hall chooser with its label for a report of one hall; true when the user picked one.
pub fn hall_choice(
    ui: &mut Ui,
    label: &str,
    placeholder: &str,
    halls: &[Hall],
    id_salt: &str,
    hall_id: &mut Option<i64>,
) -> bool {
    let label = ui.label(label);
    let current = halls
        .iter()
        .find(|h| Some(h.id) == *hall_id)
        .map_or_else(|| placeholder.to_owned(), |h| h.name.clone());
    let mut picked = false;
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(current)
        .show_ui(ui, |ui| {
            for hall in halls {
                if ui
                    .selectable_label(*hall_id == Some(hall.id), &hall.name)
                    .clicked()
                {
                    *hall_id = Some(hall.id);
                    picked = true;
                }
            }
        })
        .response
        .labelled_by(label.id);
    picked
}

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

/// A rating as coloured text with its name, so colour is never the only signal.
pub fn rating_text(shared: &Shared, rating: Rating) -> RichText {
    RichText::new(shared.rating_name(rating))
        .color(palette::rating(rating))
        .strong()
}

/// The mark of an answer in lists: a shape as well as a colour.
pub fn outcome_mark(outcome: Option<Outcome>) -> RichText {
    match outcome {
        Some(Outcome::Pass) => RichText::new("✓").color(palette::rating(Rating::Excellent)),
        Some(Outcome::Fail) => RichText::new("×").color(palette::rating(Rating::Fail)),
        Some(Outcome::NotApplicable) => RichText::new("—").color(palette::MUTED),
        None => RichText::new("○").color(palette::MUTED),
    }
}

/// An answer's mark in a cell of one width, so the text after it starts at one place
/// whatever the mark.
pub fn outcome_cell(ui: &mut Ui, outcome: Option<Outcome>) -> egui::Response {
    if outcome != Some(Outcome::Fail) {
        return ui.add_sized([18.0, 18.0], egui::Label::new(outcome_mark(outcome)));
    }
    // A failure is drawn as a cross of the ✓'s size: the font's × is small and thin.
    let (rect, response) = ui.allocate_exact_size(egui::vec2(18.0, 18.0), egui::Sense::hover());
    let c = rect.center();
    let r = 5.0;
    let stroke = egui::Stroke::new(2.0, palette::rating(Rating::Fail));
    ui.painter()
        .line_segment([c + egui::vec2(-r, -r), c + egui::vec2(r, r)], stroke);
    ui.painter()
        .line_segment([c + egui::vec2(-r, r), c + egui::vec2(r, -r)], stroke);
    response
}

/// Parses a typed local date.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// A photo thumbnail: decoding on a background thread, shown, or not decodable.
#[derive(Clone)]
pub enum Thumb {
    /// Being decoded; a spinner shows meanwhile.
    Loading,
    /// Ready to draw.
    Ready(egui::TextureHandle),
    /// The stored bytes are not an image this build can read.
    Failed,
}

/// Photo thumbnails by attachment id.
pub type Thumbs = std::collections::HashMap<i64, Thumb>;

/// Draws one photo thumbnail within `max_size`: the image, a spinner while it decodes, or the
/// file name when it cannot be shown.
pub fn thumb_ui(
    ui: &mut Ui,
    shared: &Shared,
    thumb: Option<&Thumb>,
    file_name: &str,
    max_size: egui::Vec2,
) {
    match thumb {
        Some(Thumb::Ready(texture)) => {
            ui.add(egui::Image::new(texture).max_size(max_size))
                .on_hover_text(file_name);
        }
        Some(Thumb::Loading) => {
            let (rect, _) = ui.allocate_exact_size(max_size, egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 4.0, ui.visuals().faint_bg_color);
            ui.put(
                egui::Rect::from_center_size(rect.center(), egui::vec2(24.0, 24.0)),
                egui::Spinner::new(),
            )
            .on_hover_text(shared.tr.photo_loading);
        }
        Some(Thumb::Failed) | None => {
            ui.label(RichText::new(file_name).color(palette::MUTED));
        }
    }
}

/// A table cell exactly `width` wide (0: as wide as its text) whose text wraps.
pub fn fixed_cell(ui: &mut Ui, width: f32, text: impl Into<egui::WidgetText>) {
    ui.scope(|ui| {
        if width > 0.0 {
            ui.set_min_width(width);
            ui.set_max_width(width);
        }
        ui.add(egui::Label::new(text).wrap());
    });
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
