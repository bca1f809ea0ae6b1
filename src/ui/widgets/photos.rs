//! Photos on screen: thumbnails decoded off the frame thread, and the viewer that shows one
//! large with its neighbours a key away.

use egui::{RichText, Ui};

use super::Shared;
use crate::ui::Command;
use crate::ui::palette;

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
) -> bool {
    match thumb {
        Some(Thumb::Ready(texture)) => ui
            .add(
                egui::Image::new(texture)
                    .max_size(max_size)
                    .alt_text(file_name)
                    .sense(egui::Sense::click()),
            )
            .on_hover_text(format!("{file_name} · {}", shared.tr.photo_enlarge))
            .on_hover_cursor(egui::CursorIcon::ZoomIn)
            .clicked(),
        Some(Thumb::Loading) => {
            let (rect, _) = ui.allocate_exact_size(max_size, egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 4.0, ui.visuals().faint_bg_color);
            ui.put(
                egui::Rect::from_center_size(rect.center(), egui::vec2(24.0, 24.0)),
                egui::Spinner::new(),
            )
            .on_hover_text(shared.tr.photo_loading);
            false
        }
        Some(Thumb::Failed) | None => {
            ui.label(RichText::new(file_name).color(palette::MUTED));
            false
        }
    }
}

/// The command that shows photo `id` large among all the inspection's `photos`.
pub fn show_photo(photos: &[crate::store::AttachmentMeta], id: i64) -> Command {
    Command::ShowPhoto {
        photos: photos.iter().map(|p| (p.id, p.file_name.clone())).collect(),
        index: photos.iter().position(|p| p.id == id).unwrap_or(0),
    }
}

/// The photos of an inspection, one shown large.
pub struct PhotoView {
    /// (attachment id, file name) of every photo, in order.
    pub photos: Vec<(i64, String)>,
    /// The one shown.
    pub index: usize,
    /// Its image, once read; `None` while it loads.
    pub image: Option<Result<egui::TextureHandle, String>>,
}

impl PhotoView {
    /// The attachment shown.
    pub fn current(&self) -> Option<i64> {
        self.photos.get(self.index).map(|(id, _)| *id)
    }
}

/// The viewer over the screen: the photo fitted to the window, its name and place in the
/// list; ◀ / ▶ (or the arrow keys) for the previous and next, Esc or Close to leave.
pub fn photo_viewer(ui: &mut Ui, shared: &Shared, view: &PhotoView) -> Option<Command> {
    let tr = shared.tr;
    let mut cmd = None;
    let (back, forward) = ui.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowLeft),
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowRight),
        )
    });
    let count = view.photos.len();
    let screen = ui.ctx().content_rect().size();
    let modal = egui::Modal::new(egui::Id::unique("photo_viewer")).show(ui.ctx(), |ui| {
        let name = view
            .photos
            .get(view.index)
            .map_or("", |(_, name)| name.as_str());
        ui.horizontal(|ui| {
            if ui
                .add_enabled(view.index > 0, egui::Button::new("◀"))
                .on_hover_text(tr.photo_previous)
                .clicked()
                || (back && view.index > 0)
            {
                cmd = Some(Command::PhotoStep(-1));
            }
            ui.label(format!("{} / {count} · {name}", view.index + 1));
            if ui
                .add_enabled(view.index + 1 < count, egui::Button::new("▶"))
                .on_hover_text(tr.photo_next)
                .clicked()
                || (forward && view.index + 1 < count)
            {
                cmd = Some(Command::PhotoStep(1));
            }
            if ui.button(tr.close).clicked() {
                cmd = Some(Command::ClosePhoto);
            }
        });
        let max = egui::vec2(screen.x * 0.85, screen.y * 0.75);
        match &view.image {
            Some(Ok(texture)) => {
                ui.add(egui::Image::new(texture).max_size(max));
            }
            Some(Err(e)) => {
                ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
            }
            None => {
                ui.add_sized(egui::vec2(max.x.min(480.0), 320.0), egui::Spinner::new());
            }
        }
    });
    if modal.should_close() && cmd.is_none() {
        cmd = Some(Command::ClosePhoto);
    }
    cmd
}
