//! Small shared pieces: the read-only context every screen gets, labelled inputs, rating colours.

use std::path::Path;

use chrono::NaiveDate;
use egui::{Color32, RichText, Ui};

use crate::checklist::Catalog;
use crate::domain::{Outcome, Rating};
use crate::store::{Hall, Settings};
use crate::ui::i18n::Tr;

/// What every screen may read.
pub struct Shared<'a> {
    /// UI strings.
    pub tr: &'static Tr,
    /// English UI.
    pub english: bool,
    /// All halls, archived included.
    pub halls: &'a [Hall],
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

impl Shared<'_> {
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
        if self.english {
            rating.name_en()
        } else {
            rating.name_zh()
        }
    }

    /// An outcome's label.
    pub fn outcome_name(&self, outcome: Outcome) -> &'static str {
        if self.english {
            outcome.name_en()
        } else {
            outcome.name_zh()
        }
    }

    /// A template's name by id, in the UI language.
    pub fn template_name<'b>(&'b self, id: &'b str) -> &'b str {
        self.catalog
            .template(id)
            .map(|t| t.name_in(self.english))
            .unwrap_or(id)
    }
}

/// A single-line text input with its label, linked for screen readers.
pub fn labelled_text(ui: &mut Ui, label: &str, text: &mut String, width: f32) -> egui::Response {
    ui.horizontal(|ui| {
        let label = ui.label(label);
        ui.add(egui::TextEdit::singleline(text).desired_width(width))
            .labelled_by(label.id)
    })
    .inner
}

/// The colour of a rating, used in tables and charts alike.
pub fn rating_color(rating: Rating) -> Color32 {
    match rating {
        Rating::Excellent => Color32::from_rgb(0x1b, 0x7f, 0x3b),
        Rating::Good => Color32::from_rgb(0x1f, 0x5f, 0xa8),
        Rating::Pass => Color32::from_rgb(0xa8, 0x6b, 0x00),
        Rating::Fail => Color32::from_rgb(0xc0, 0x26, 0x26),
    }
}

/// A rating as coloured text with its name, so colour is never the only signal.
pub fn rating_text(shared: &Shared, rating: Rating) -> RichText {
    RichText::new(shared.rating_name(rating))
        .color(rating_color(rating))
        .strong()
}

/// The mark of an answer in lists: a shape as well as a colour.
pub fn outcome_mark(outcome: Option<Outcome>) -> RichText {
    match outcome {
        Some(Outcome::Pass) => RichText::new("✓").color(rating_color(Rating::Excellent)),
        Some(Outcome::Fail) => RichText::new("×").color(rating_color(Rating::Fail)),
        Some(Outcome::NotApplicable) => RichText::new("—").color(Color32::GRAY),
        None => RichText::new("○").color(Color32::GRAY),
    }
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
            ui.label(RichText::new(file_name).color(Color32::GRAY));
        }
    }
}
