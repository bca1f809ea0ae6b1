//! Amending a submitted inspection (更正) from its detail view, and its amendment history:
//! who changed it, when, why, and each answer as it was and as it became.

use std::collections::BTreeMap;

use egui::{RichText, Ui};

use crate::domain::{Amendment, AnswerState, Item, Outcome};
use crate::store::{AnswerInput, InspectionDetail};
use crate::ui::Command;
use crate::ui::palette;
use crate::ui::widgets::Shared;

/// One answer as edited: outcome, count, note.
pub type EditedAnswer = (Outcome, u32, String);

/// An amendment being written.
#[derive(Debug, Clone, PartialEq)]
pub struct AmendDraft {
    /// The inspection amended.
    pub inspection_id: i64,
    /// Every answer, as edited so far, by (template row, item id).
    pub answers: BTreeMap<(i64, String), EditedAnswer>,
    /// Who makes it.
    pub by: String,
    /// Why.
    pub reason: String,
}

impl AmendDraft {
    /// A draft holding the inspection's answers as they are.
    pub fn of(detail: &InspectionDetail, by: &str) -> AmendDraft {
        AmendDraft {
            inspection_id: detail.header.id,
            answers: detail
                .results
                .iter()
                .map(|r| {
                    (
                        (r.template_row, r.item_id.clone()),
                        (r.outcome, r.count, r.note.clone()),
                    )
                })
                .collect(),
            by: by.to_owned(),
            reason: String::new(),
        }
    }

    /// The answers that differ from the stored ones, as the store takes them (people and
    /// picked rates kept as they are).
    pub fn changed(&self, detail: &InspectionDetail) -> Vec<AnswerInput> {
        detail
            .results
            .iter()
            .filter_map(|r| {
                let (outcome, count, note) =
                    self.answers.get(&(r.template_row, r.item_id.clone()))?;
                let same = *outcome == r.outcome && *count == r.count && note.trim() == r.note;
                (!same).then(|| AnswerInput {
                    template_row: r.template_row,
                    item_id: r.item_id.clone(),
                    outcome: *outcome,
                    count: *count,
                    rate: r.rate,
                    note: note.clone(),
                    staff_ids: r.staff.iter().map(|s| s.id).collect(),
                })
            })
            .collect()
    }
}

/// The outcome cell of one item in an amendment: its answer and count, editable.
pub fn outcome_cell(
    ui: &mut Ui,
    shared: &Shared,
    draft: &mut AmendDraft,
    (row, item): (i64, &Item),
    width: f32,
) {
    let Some((outcome, count, _)) = draft.answers.get_mut(&(row, item.id.clone())) else {
        ui.label("");
        return;
    };
    ui.horizontal(|ui| {
        ui.set_min_width(width);
        let offered: &[Outcome] = if item.bonus {
            &[Outcome::Pass, Outcome::NotApplicable]
        } else {
            &[Outcome::Pass, Outcome::Fail, Outcome::NotApplicable]
        };
        for &o in offered {
            ui.selectable_value(outcome, o, shared.item_outcome_name(item, o));
        }
        if *outcome == item.scored_outcome() {
            ui.add(
                egui::DragValue::new(count)
                    .range(1..=crate::domain::COUNT_MAX)
                    .prefix("×"),
            );
        }
    });
}

/// The note cell of one item in an amendment, editable.
pub fn note_cell(
    ui: &mut Ui,
    shared: &Shared,
    draft: &mut AmendDraft,
    (row, item): (i64, &Item),
    width: f32,
) {
    let Some((_, _, note)) = draft.answers.get_mut(&(row, item.id.clone())) else {
        ui.label("");
        return;
    };
    let name = format!(
        "{} {}",
        item.text_in(shared.lang.is_english()),
        shared.tr.note
    );
    ui.add(
        egui::TextEdit::singleline(note)
            .desired_width(width)
            .char_limit(crate::domain::NOTE_MAX_CHARS),
    )
    .widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, &name));
}

/// The amendment's fields and buttons: who, why, save and cancel.
pub fn panel(
    ui: &mut Ui,
    shared: &Shared,
    draft: &mut AmendDraft,
    detail: &InspectionDetail,
    cmd: &mut Option<Command>,
) -> bool {
    let tr = shared.tr;
    let mut keep = true;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(RichText::new(tr.amend_hint).small());
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(tr.amend_by);
            ui.add(egui::TextEdit::singleline(&mut draft.by).desired_width(120.0))
                .labelled_by(label.id);
            let label = ui.label(tr.amend_reason);
            ui.add(egui::TextEdit::singleline(&mut draft.reason).desired_width(360.0))
                .labelled_by(label.id);
        });
        let changed = draft.changed(detail);
        ui.horizontal(|ui| {
            let ready = !changed.is_empty()
                && !draft.by.trim().is_empty()
                && !draft.reason.trim().is_empty();
            if ui
                .add_enabled(ready, egui::Button::new(tr.save_amendment))
                .clicked()
            {
                *cmd = Some(Command::Amend {
                    id: detail.header.id,
                    by: draft.by.clone(),
                    reason: draft.reason.clone(),
                    answers: changed.clone(),
                });
            }
            if ui.button(tr.cancel).clicked() {
                keep = false;
            }
            if changed.is_empty() {
                ui.label(RichText::new(tr.amend_nothing).small().weak());
            }
        });
    });
    keep
}

/// "不符合 ×2 −2（地面有纸屑）": an answer as an amendment recorded it.
fn state_text(shared: &Shared, item: Option<&Item>, state: &AnswerState) -> String {
    let name = match item {
        Some(item) => shared.item_outcome_name(item, state.outcome),
        None => shared.lang.outcome(state.outcome),
    };
    let mut text = name.to_owned();
    if item.is_some_and(|i| state.outcome == i.scored_outcome()) {
        text.push_str(&format!(" ×{}", state.count));
    }
    if !state.staff.is_empty() {
        text.push(' ');
        text.push_str(&state.staff.join("、"));
    }
    if !state.note.is_empty() {
        text = shared.lang.bracketed(&text, &state.note);
    }
    text
}

/// The amendment history: each amendment and the answers it changed.
pub fn history(ui: &mut Ui, shared: &Shared, detail: &InspectionDetail, amendments: &[Amendment]) {
    let tr = shared.tr;
    let english = shared.lang.is_english();
    egui::CollapsingHeader::new(
        RichText::new(
            shared
                .lang
                .bracketed(tr.amendments_title, &amendments.len().to_string()),
        )
        .color(palette::rating(crate::domain::Rating::Pass)),
    )
    .id_salt(("amendments", detail.header.id))
    .default_open(true)
    .show(ui, |ui| {
        for a in amendments {
            let at = crate::export::local_time_text(&a.at, a.utc_offset_min);
            ui.label(
                RichText::new(shared.lang.amendment_line(a.seq, &at, &a.by, &a.reason)).strong(),
            );
            ui.label(shared.lang.bracketed(
                &format!("{} {} → {}", tr.amendment_score, a.score.0, a.score.1),
                &format!(
                    "{} → {}",
                    shared.lang.rating(a.rating.0),
                    shared.lang.rating(a.rating.1)
                ),
            ));
            for change in &a.changes {
                let template = detail
                    .templates
                    .iter()
                    .map(|(_, t)| t)
                    .find(|t| t.id == change.template_id);
                let item = template.and_then(|t| t.item(&change.item_id));
                let name = match (template, item) {
                    (Some(t), Some(i)) => {
                        format!("{} · {}", t.name_in(english), i.text_in(english))
                    }
                    _ => format!("{} · {}", change.template_id, change.item_id),
                };
                ui.label(shared.lang.labelled(
                    &format!("  {name}"),
                    format!(
                        "{} → {}",
                        state_text(shared, item, &change.before),
                        state_text(shared, item, &change.after)
                    ),
                ));
            }
            ui.add_space(4.0);
        }
    });
}
