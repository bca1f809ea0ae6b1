//! Small shared pieces: the read-only context every screen gets, labelled inputs and filters,
//! answer marks and table cells; days and months in [`dates`], photos in [`photos`], the
//! signature pad in [`signature`].

mod backups;
mod dates;
mod photos;
mod signature;

pub use backups::{BackupsView, backups_ui, size_text};
pub use dates::{date_field, date_input, date_range, month_field, parse_date, shift_month};
pub use photos::{PhotoView, Thumb, Thumbs, photo_viewer, show_photo, thumb_ui};
pub use signature::{SignaturePad, pad_size, sign_off_form, signature_pad, signature_view};

use std::path::Path;

use chrono::NaiveDate;
use egui::{RichText, Ui};

use crate::checklist::Catalog;
use crate::domain::{InspectionKind, MoneyRule, Outcome, Rating, Shift, Status};
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
    /// The saved money rule (绩效金额); the default (none) when it could not be read.
    pub money: &'a MoneyRule,
    /// Why the saved money rule could not be read.
    pub money_unread: Option<&'a str>,
    /// Today's local date.
    pub today: NaiveDate,
    /// The database file.
    pub db_path: &'a Path,
    /// The user template folder.
    pub template_dir: &'a Path,
    /// The automatic backups (the Data and Settings screens list them).
    pub backups: &'a BackupsView,
}

/// What [`Shared`] borrows, owned: for a screen drawn outside the app (the bench, tests).
pub struct SharedData {
    /// All halls, archived included.
    pub halls: Vec<Hall>,
    /// The built-in checklists.
    pub catalog: Catalog,
    /// The saved settings.
    pub settings: Settings,
    /// The saved money rule (none when there is none or it does not read).
    pub money: MoneyRule,
    /// Why the saved money rule could not be read.
    pub money_unread: Option<String>,
    /// Today's local date.
    pub today: NaiveDate,
    /// No backups listed.
    pub backups: BackupsView,
}

impl SharedData {
    /// Reads halls, settings and the money rule from `store`, with the built-in checklists.
    pub fn load(store: &crate::store::Store, today: NaiveDate) -> crate::store::Result<SharedData> {
        let (money, money_unread) = match store.money_rule() {
            Ok(rule) => (rule.unwrap_or_default(), None),
            Err(e) => (MoneyRule::default(), Some(e.to_string())),
        };
        Ok(SharedData {
            halls: store.halls(true)?,
            catalog: crate::checklist::load_catalog(None),
            settings: store.settings()?,
            money,
            money_unread,
            today,
            backups: BackupsView::default(),
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
            money: &self.money,
            money_unread: self.money_unread.as_deref(),
            today: self.today,
            db_path: Path::new(""),
            template_dir: Path::new(""),
            backups: &self.backups,
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
    /// A staff member as lists show them: the name, and the 工号 in brackets when given.
    pub fn staff_label(&self, person: &crate::store::Staff) -> String {
        match &person.code {
            Some(code) => self.lang.bracketed(&person.name, code),
            None => person.name.clone(),
        }
    }

    /// An item's points as the walk and the checklist view show them: `扣分 2 / 人次`,
    /// `酌情扣分 3–5 / 次` or `加分 +1 / 次`, then `· 分值 6` when it has a value.
    pub fn item_points(&self, item: &crate::domain::Item) -> String {
        let tr = self.tr;
        let unit = self.lang.counter(item.unit);
        let (what, points) = match item.rate_range() {
            Some((min, max)) if item.bonus => (tr.bonus, format!("+{min}–{max}")),
            Some((min, max)) => (tr.rate_range, format!("{min}–{max}")),
            None if item.bonus => (tr.bonus, format!("+{}", item.deduction)),
            None => (tr.deduction, item.deduction.to_string()),
        };
        let mut line = format!("{what} {points} / {unit}");
        if let Some(value) = item.value {
            line.push_str(&format!(" · {} {value}", tr.item_value));
        }
        line
    }

    /// The checklists this hall walks (not switched off in Settings), in walking order.
    pub fn in_use(&self) -> impl Iterator<Item = &crate::domain::Template> {
        self.catalog
            .templates
            .iter()
            .map(|l| &l.template)
            .filter(|t| self.settings.uses(t))
    }

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

    /// An answer's label for `item` (加分 / 不加分 for a bonus item).
    pub fn item_outcome_name(&self, item: &crate::domain::Item, outcome: Outcome) -> &'static str {
        if self.lang.is_english() {
            item.outcome_en(outcome)
        } else {
            item.outcome_zh(outcome)
        }
    }

    /// A shift's name in the UI language.
    pub fn shift_name(&self, shift: Shift) -> &'static str {
        self.lang.shift(shift)
    }

    /// A kind's name in the UI language.
    pub fn kind_name(&self, kind: InspectionKind) -> &'static str {
        self.lang.kind(kind)
    }

    /// A status's name in the UI language.
    pub fn status_name(&self, status: Status) -> &'static str {
        self.lang.status(status)
    }

    /// An inspection's day, shift, kind and inspector: "2026-10-31 全天 · 自查 · 检查人 张三".
    pub fn day_shift_inspector(&self, header: &crate::store::InspectionHeader) -> String {
        format!(
            "{} {} · {} · {} {}",
            header.date,
            self.shift_name(header.shift),
            self.kind_name(header.kind),
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

/// Enter pressed in `field`, which it has just left.
pub fn entered(ui: &Ui, field: &egui::Response) -> bool {
    field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
}

/// One open draft: a button that resumes it (true when clicked), then its day, shift, kind,
/// inspector and how many items are answered.
pub fn draft_line(ui: &mut Ui, shared: &Shared, draft: &DraftSummary) -> bool {
    let tr = shared.tr;
    let resume = ui
        .button(format!("{} · {}", tr.resume, draft.hall_name))
        .clicked();
    ui.label(format!(
        "{} {} · {} · {} · {} {}",
        draft.date,
        shared.shift_name(draft.shift),
        shared.kind_name(draft.kind),
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

/// A kind chooser with its label, for filters: every kind (`None`, shown as `any`) or one;
/// true when the user picked another.
pub fn kind_filter(
    ui: &mut Ui,
    shared: &Shared,
    (label, any): (&str, &str),
    id_salt: &str,
    kind: &mut Option<InspectionKind>,
) -> bool {
    let label = ui.label(label);
    let before = *kind;
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(kind.map(|k| shared.kind_name(k)).unwrap_or(any))
        .show_ui(ui, |ui| {
            ui.selectable_value(kind, None, any);
            for choice in InspectionKind::ALL {
                ui.selectable_value(kind, Some(choice), shared.lang.kind_long(choice));
            }
        })
        .response
        .labelled_by(label.id);
    *kind != before
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

/// The mark of an answer to a bonus item: `+` for 加分 and `+0` for 不加分 — not the N/A
/// mark, as nothing was inapplicable: the bonus was not earned.
pub fn bonus_mark(outcome: Option<Outcome>) -> RichText {
    match outcome {
        Some(Outcome::Pass) => RichText::new("+")
            .strong()
            .color(palette::rating(Rating::Excellent)),
        Some(Outcome::NotApplicable) => RichText::new("+0").color(palette::MUTED),
        other => outcome_mark(other),
    }
}

/// The mark of an answer to `item` in a cell of one width, as [`outcome_cell`] draws it; a
/// bonus item's answers have marks of their own ([`bonus_mark`]).
pub fn item_outcome_cell(
    ui: &mut Ui,
    item: &crate::domain::Item,
    outcome: Option<Outcome>,
) -> egui::Response {
    if item.bonus && outcome != Some(Outcome::Fail) {
        ui.add_sized([18.0, 18.0], egui::Label::new(bonus_mark(outcome)))
    } else {
        outcome_cell(ui, outcome)
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

/// A question over the screen with a confirm and a cancel button: `Some(true)` when confirmed
/// (the button or Enter), `Some(false)` when cancelled (the button, Esc or a click outside),
/// `None` while it waits. `body` draws what is asked about.
pub fn confirm_modal(
    ui: &mut Ui,
    id_salt: &str,
    confirm: &str,
    cancel: &str,
    body: impl FnOnce(&mut Ui),
) -> Option<bool> {
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique(id_salt)).show(ui.ctx(), |ui| {
        ui.set_max_width(560.0);
        body(ui);
        ui.separator();
        let enter = ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
        ui.horizontal(|ui| {
            if ui.button(RichText::new(confirm).strong()).clicked() || enter {
                answer = Some(true);
            }
            if ui.button(cancel).clicked() {
                answer = Some(false);
            }
        });
    });
    answer.or_else(|| modal.should_close().then_some(false))
}

/// A short word on a filled tag (重复问题, 已逾期): the word says it, the colour only marks it.
pub fn badge(ui: &mut Ui, text: &str, fill: egui::Color32) -> egui::Response {
    egui::Frame::new()
        .fill(fill)
        .corner_radius(3.0)
        .inner_margin(egui::Margin::symmetric(5, 1))
        .show(ui, |ui| {
            ui.label(
                RichText::new(text)
                    .color(palette::ON_ALERT)
                    .strong()
                    .size(13.0),
            )
        })
        .inner
}
