//! The signature pad: a box with a baseline where a signature is drawn with the mouse or a
//! pen, stroke by stroke, kept as [`Strokes`] normalised to the pad; and the same strokes
//! drawn back read-only. The pad is optional everywhere it is used: the typed name beside
//! it is the keyboard's way to sign.

use egui::{Color32, Pos2, Rect, Response, Sense, Stroke, Ui, Vec2};

use crate::domain::{PAD_ASPECT, PadPoint, Strokes};
use crate::ui::palette;

/// The least distance between two points kept of a stroke, in pad units (of 1000): finer
/// movement adds nothing to a signature but its size.
const POINT_STEP: u32 = 6;

/// A signature being drawn: the strokes finished and the one under the pointer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignaturePad {
    /// The strokes finished.
    pub strokes: Strokes,
    /// The stroke being drawn.
    current: Vec<PadPoint>,
}

impl SignaturePad {
    /// Nothing drawn, nothing being drawn.
    pub fn is_empty(&self) -> bool {
        self.strokes.is_empty() && self.current.is_empty()
    }

    /// Clears the drawing.
    pub fn clear(&mut self) {
        *self = SignaturePad::default();
    }

    /// Adds a point to the stroke being drawn, unless it is too near the last one or the
    /// signature is full.
    fn add_point(&mut self, point: PadPoint) {
        if self.current.len() >= self.strokes.points_left() {
            return;
        }
        if let Some(last) = self.current.last() {
            let dx = u32::from(last.x.abs_diff(point.x));
            let dy = u32::from(last.y.abs_diff(point.y));
            if dx * dx + dy * dy < POINT_STEP * POINT_STEP {
                return;
            }
        }
        self.current.push(point);
    }

    /// Ends the stroke being drawn: kept when there is room (a stroke past the bounds is
    /// dropped whole, as the pad stops taking points).
    fn end_stroke(&mut self) {
        let stroke = std::mem::take(&mut self.current);
        // Refused only when the signature holds as many strokes as it keeps: the stroke is
        // not drawn on (nothing else to tell, the pad shows it gone).
        if !stroke.is_empty() && self.strokes.push_stroke(stroke).is_err() {
            self.current.clear();
        }
    }
}

/// The pad's size for a width: [`PAD_ASPECT`] times as wide as high.
pub fn pad_size(width: f32) -> Vec2 {
    egui::vec2(width, width / PAD_ASPECT)
}

/// Draws the pad `width` wide and takes drags on it as strokes. `label` names it for screen
/// readers (and tests). A tap leaves a dot.
pub fn signature_pad(ui: &mut Ui, pad: &mut SignaturePad, label: &str, width: f32) -> Response {
    let (rect, response) = ui.allocate_exact_size(pad_size(width), Sense::drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, label));
    if (response.drag_started() || response.dragged())
        && let Some(pos) = response.interact_pointer_pos()
    {
        let fx = (pos.x - rect.left()) / rect.width();
        let fy = (pos.y - rect.top()) / rect.height();
        pad.add_point(PadPoint::from_fraction(fx, fy));
    }
    if response.drag_stopped() {
        pad.end_stroke();
    }
    let active = response.hovered() || response.dragged();
    paint_box(ui, rect, active);
    paint_strokes(
        ui,
        rect,
        pad.strokes
            .strokes()
            .iter()
            .map(Vec::as_slice)
            .chain([pad.current.as_slice()]),
    );
    if active {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Crosshair);
    }
    response
}

/// The sign-off as a dialog asks for it: the signer's name (required; the keyboard's way to
/// sign) and the pad (optional) with its 清除 button. Returns the name field, to focus.
pub fn sign_off_form(
    ui: &mut Ui,
    shared: &super::Shared,
    name: &mut String,
    pad: &mut SignaturePad,
) -> Response {
    let tr = shared.tr;
    ui.label(egui::RichText::new(tr.sign_heading).strong());
    let field = ui
        .horizontal(|ui| super::labelled_text(ui, tr.signer_name, name, 200.0))
        .inner;
    if name.trim().is_empty() {
        // Enter in an empty name confirms nothing: the keyboard stays to type it.
        if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            field.request_focus();
        }
        ui.label(egui::RichText::new(tr.signer_required).color(palette::PENDING));
    }
    let width = ui.available_width().clamp(240.0, 480.0);
    signature_pad(ui, pad, tr.signature_pad, width);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(!pad.is_empty(), egui::Button::new(tr.clear_signature))
            .clicked()
        {
            pad.clear();
        }
        ui.label(
            egui::RichText::new(tr.sign_hint)
                .color(palette::MUTED)
                .size(13.0),
        );
    });
    field
}

/// Draws a stored signature read-only, `width` wide, in the pad's box.
pub fn signature_view(ui: &mut Ui, strokes: &Strokes, label: &str, width: f32) -> Response {
    let (rect, response) = ui.allocate_exact_size(pad_size(width), Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, label));
    paint_box(ui, rect, false);
    paint_strokes(ui, rect, strokes.strokes().iter().map(Vec::as_slice));
    response
}

/// The box: paper, a frame, and the baseline to sign on with its mark.
fn paint_box(ui: &Ui, rect: Rect, active: bool) {
    let painter = ui.painter_at(rect.expand(1.0));
    let frame = if active {
        palette::PAD_FRAME_ACTIVE
    } else {
        palette::PAD_FRAME
    };
    painter.rect(
        rect,
        4.0,
        palette::PAD_PAPER,
        Stroke::new(1.0, frame),
        egui::StrokeKind::Inside,
    );
    let base_y = rect.top() + rect.height() * 0.75;
    let left = rect.left() + rect.width() * 0.06;
    let right = rect.right() - rect.width() * 0.06;
    painter.line_segment(
        [Pos2::new(left, base_y), Pos2::new(right, base_y)],
        Stroke::new(1.0, palette::PAD_LINE),
    );
    painter.text(
        Pos2::new(left, base_y - 4.0),
        egui::Align2::LEFT_BOTTOM,
        "×",
        egui::FontId::proportional(16.0),
        palette::PAD_LINE,
    );
}

/// The strokes, each a polyline (a dot for a single point), scaled to `rect`.
fn paint_strokes<'a>(ui: &Ui, rect: Rect, strokes: impl Iterator<Item = &'a [PadPoint]>) {
    let painter = ui.painter_at(rect);
    let width = (rect.height() / 60.0).clamp(1.5, 3.0);
    let ink: Color32 = palette::INK;
    let at = |p: &PadPoint| {
        let (fx, fy) = p.fraction();
        Pos2::new(
            rect.left() + fx * rect.width(),
            rect.top() + fy * rect.height(),
        )
    };
    for stroke in strokes {
        match stroke {
            [] => {}
            [one] => {
                painter.circle_filled(at(one), width * 0.8, ink);
            }
            many => {
                painter.add(egui::Shape::line(
                    many.iter().map(at).collect(),
                    Stroke::new(width, ink),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_points_are_skipped_and_a_stroke_ends_once() {
        let mut pad = SignaturePad::default();
        pad.add_point(PadPoint { x: 100, y: 100 });
        pad.add_point(PadPoint { x: 102, y: 101 });
        pad.add_point(PadPoint { x: 120, y: 100 });
        pad.end_stroke();
        pad.end_stroke();
        assert_eq!(pad.strokes.to_string(), "100,100 120,100");
        assert!(!pad.is_empty());
        pad.clear();
        assert!(pad.is_empty());
    }
}
