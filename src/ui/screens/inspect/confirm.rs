//! The submit confirmation of the walk, with the hall manager's sign-off.

use egui::{RichText, Ui};

use crate::ui::widgets::{Shared, rating_text, sign_off_form};
use crate::ui::{Command, SignOffInput};

use super::{Walk, WalkState};

/// The submit confirmation: score, what is missing, the hall manager's name (required) and
/// signature (optional), Confirm (Enter, once the name is given) and Cancel (Esc).
pub(super) fn ui(
    ui: &mut Ui,
    shared: &Shared,
    state: &mut WalkState,
    walk: &Walk,
) -> Option<Command> {
    let tr = shared.tr;
    let english = shared.lang.is_english();
    let mut cmd = None;
    // The short lists first: a long list of unanswered items would hide them.
    let groups = [
        ("×", tr.missing_photos, walk.detail.missing_photos()),
        ("×", tr.missing_reasons, walk.detail.missing_reasons()),
        ("○", tr.unanswered, walk.score.unanswered.clone()),
    ];
    let modal = egui::Modal::new(egui::Id::unique("confirm_submit")).show(ui.ctx(), |ui| {
        ui.set_max_width(620.0);
        ui.heading(tr.confirm_submit);
        ui.horizontal(|ui| {
            ui.label(format!("{} {}", tr.running_score, walk.score.score));
            ui.label(rating_text(shared, walk.score.rating));
        });
        if let Some(refusal) = &state.refusal {
            ui.label(
                RichText::new(
                    shared
                        .lang
                        .labelled(tr.submit_refused, shared.lang.refusal_summary(refusal)),
                )
                .color(ui.visuals().error_fg_color)
                .strong(),
            );
        }
        if groups.iter().any(|(_, _, items)| !items.is_empty()) {
            egui::ScrollArea::vertical()
                .max_height(240.0)
                .show(ui, |ui| {
                    for (mark, heading, items) in groups.iter().filter(|g| !g.2.is_empty()) {
                        ui.label(
                            RichText::new(shared.lang.bracketed(heading, &items.len().to_string()))
                                .strong(),
                        );
                        for (t, i) in items {
                            ui.label(format!("{mark} {}", walk.item_text(t, i, english)));
                        }
                    }
                });
        }
        ui.separator();
        let name_field = sign_off_form(ui, shared, &mut state.signer, &mut state.pad);
        if std::mem::take(&mut state.focus_signer) {
            name_field.request_focus();
        }
        ui.separator();
        let named = !state.signer.trim().is_empty();
        let enter =
            named && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
        ui.horizontal(|ui| {
            let confirm =
                ui.add_enabled(named, egui::Button::new(RichText::new(tr.confirm).strong()));
            if confirm.clicked() || enter {
                cmd = Some(Command::Submit(SignOffInput {
                    name: state.signer.trim().to_owned(),
                    strokes: state.pad.strokes.clone(),
                }));
            }
            if ui.button(tr.cancel).clicked() {
                state.confirm = false;
                state.refusal = None;
            }
        });
    });
    if modal.should_close() && cmd.is_none() {
        state.confirm = false;
        state.refusal = None;
    }
    cmd
}
