//! The walk: the item list, the current item with its answer, count, staff, note and photos,
//! the running score, and the submit confirmation. One key per answer.

use egui::{Key, Modifiers, RichText, Ui};

use crate::domain::{Outcome, Unit};
use crate::store::AnswerInput;
use crate::ui::Command;
use crate::ui::palette;
use crate::ui::widgets::{Shared, labelled_text, outcome_cell, rating_text, thumb_ui};

use super::{Walk, WalkState};

/// The answer for `index` with a new outcome, keeping what was already given.
fn answer_for(
    walk: &Walk,
    state: &WalkState,
    index: usize,
    outcome: Outcome,
) -> Option<AnswerInput> {
    let (row, _, item) = walk.at(index)?;
    let existing = walk.detail.result(row, &item.id);
    let note = if state.note_item.as_ref() == Some(&(row, item.id.clone())) {
        state.note.clone()
    } else {
        existing.map(|r| r.note.clone()).unwrap_or_default()
    };
    Some(AnswerInput {
        template_row: row,
        item_id: item.id.clone(),
        outcome,
        count: existing.map(|r| r.count).unwrap_or(1).max(1),
        note,
        staff_id: existing.and_then(|r| r.staff_id),
    })
}

/// Draws the walk.
pub(super) fn ui(
    ui: &mut Ui,
    shared: &Shared,
    state: &mut WalkState,
    walk: &Walk,
    photo_busy: bool,
) -> Option<Command> {
    let tr = shared.tr;
    let english = shared.lang.is_english();
    let mut cmd = None;
    let total = walk.items.len();
    state.cursor = state.cursor.min(total.saturating_sub(1));

    // Keys first, before any widget can take them; never while typing.
    if !ui.ctx().text_edit_focused() && !state.confirm {
        let (pass, fail, na, up, down) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::Num1),
                i.consume_key(Modifiers::NONE, Key::Num2),
                i.consume_key(Modifiers::NONE, Key::Num3),
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
            )
        });
        let outcome = if pass {
            Some(Outcome::Pass)
        } else if fail {
            Some(Outcome::Fail)
        } else if na {
            Some(Outcome::NotApplicable)
        } else {
            None
        };
        if let Some(outcome) = outcome {
            cmd = answer_for(walk, state, state.cursor, outcome).map(Command::SaveAnswer);
            if outcome != Outcome::Fail && state.cursor + 1 < total {
                state.cursor += 1;
                state.scroll_to_cursor = true;
            }
        } else if up && state.cursor > 0 {
            state.cursor -= 1;
            state.scroll_to_cursor = true;
        } else if down && state.cursor + 1 < total {
            state.cursor += 1;
            state.scroll_to_cursor = true;
        }
    }

    // Header and the always-visible score strip.
    let header = &walk.detail.header;
    ui.horizontal_wrapped(|ui| {
        ui.heading(&header.hall_name);
        ui.label(shared.day_shift_inspector(header));
        let answered = walk.score.areas.iter().map(|a| a.answered).sum::<usize>();
        ui.label(shared.lang.progress(answered, total));
    });
    score_strip(ui, shared, walk);
    ui.horizontal(|ui| {
        if ui.button(RichText::new(tr.submit).strong()).clicked() {
            state.confirm = true;
            state.refusal = None;
        }
        if ui.button(tr.close).clicked() {
            cmd = Some(Command::CloseWalk);
        }
        ui.label(RichText::new(tr.keys_hint).small().color(palette::MUTED));
    });
    ui.separator();

    // Item list on the left, the current item on the right.
    egui::Panel::left("walk_items")
        .resizable(true)
        .default_size(ui.available_width() * 0.42)
        .min_size(240.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let mut last_template = None;
                    for index in 0..total {
                        let Some((row, template, item)) = walk.at(index) else {
                            continue;
                        };
                        if last_template != Some(row) {
                            last_template = Some(row);
                            let area = walk
                                .score
                                .areas
                                .iter()
                                .find(|a| a.template_id == template.id);
                            let caption = match area {
                                Some(a) => format!(
                                    "{}  {}/{}",
                                    template.name_in(english),
                                    a.earned,
                                    a.effective_cap
                                ),
                                None => template.name_in(english).to_owned(),
                            };
                            ui.add_space(4.0);
                            ui.label(RichText::new(caption).strong());
                        }
                        let outcome = walk.detail.result(row, &item.id).map(|r| r.outcome);
                        let selected = index == state.cursor;
                        let response = ui
                            .horizontal(|ui| {
                                outcome_cell(ui, outcome);
                                let text = format!("{}. {}", index + 1, item.text_in(english));
                                ui.add(egui::Button::selectable(selected, text).truncate())
                            })
                            .inner;
                        if response.clicked() {
                            state.cursor = index;
                        }
                        if selected && state.scroll_to_cursor {
                            response.scroll_to_me(Some(egui::Align::Center));
                            state.scroll_to_cursor = false;
                        }
                    }
                });
        });

    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if let Some(c) = item_ui(ui, shared, state, walk, photo_busy) {
                    cmd = Some(c);
                }
            });
    });

    if state.confirm
        && let Some(c) = confirm_ui(ui, shared, state, walk)
    {
        cmd = Some(c);
    }
    cmd
}

fn score_strip(ui: &mut Ui, shared: &Shared, walk: &Walk) {
    let tr = shared.tr;
    let score = &walk.score;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            // An area's name and points stay on one line.
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
            ui.label(
                RichText::new(format!("{} {}", tr.running_score, score.score))
                    .size(22.0)
                    .strong(),
            )
            .on_hover_text(format!("{} / {}", score.earned, score.possible));
            ui.label(rating_text(shared, score.rating));
            if score.veto {
                ui.label(
                    RichText::new(format!("⚠ {}", tr.veto_triggered))
                        .color(palette::ALERT)
                        .strong(),
                );
            }
            ui.separator();
            for area in &score.areas {
                let name = shared.template_name(&area.template_id);
                let text = format!("{name} {}/{}", area.earned, area.effective_cap);
                let mut rich = RichText::new(text).small();
                if area.veto {
                    rich = rich.color(palette::ALERT).strong();
                } else if area.earned < area.effective_cap {
                    rich = rich.color(palette::PENDING);
                }
                ui.label(rich).on_hover_text(format!(
                    "{}: {} / {} · {} {}/{}",
                    tr.cap, area.earned, area.effective_cap, tr.answered, area.answered, area.items
                ));
            }
        });
    });
}

fn item_ui(
    ui: &mut Ui,
    shared: &Shared,
    state: &mut WalkState,
    walk: &Walk,
    photo_busy: bool,
) -> Option<Command> {
    let tr = shared.tr;
    let english = shared.lang.is_english();
    let index = state.cursor;
    let (row, template, item) = walk.at(index)?;
    let mut cmd = None;
    let result = walk.detail.result(row, &item.id);
    let key = (row, item.id.clone());
    if state.note_item.as_ref() != Some(&key) {
        state.note_item = Some(key);
        state.note = result.map(|r| r.note.clone()).unwrap_or_default();
        state.photo_path.clear();
    }

    ui.label(RichText::new(template.name_in(english)).color(palette::MUTED));
    ui.label(
        RichText::new(format!("{}. {}", index + 1, item.text_in(english)))
            .size(19.0)
            .strong(),
    );
    ui.horizontal_wrapped(|ui| {
        let unit = shared.lang.counter(item.unit);
        ui.label(format!("{} {} / {unit}", tr.deduction, item.deduction));
        if item.veto {
            ui.label(
                RichText::new(format!("⚠ {}", tr.veto_item))
                    .color(palette::ALERT)
                    .strong(),
            );
        }
        if item.photo_required {
            ui.label(RichText::new(tr.photo_required).color(palette::PENDING));
        }
    });
    ui.add_space(6.0);

    // The three answers: one click or key each.
    ui.horizontal(|ui| {
        for (outcome, label) in [
            (Outcome::Pass, tr.key_pass),
            (Outcome::Fail, tr.key_fail),
            (Outcome::NotApplicable, tr.key_na),
        ] {
            let chosen = result.map(|r| r.outcome) == Some(outcome);
            let button = egui::Button::selectable(chosen, RichText::new(label).size(18.0))
                .min_size(egui::vec2(110.0, 38.0));
            if ui.add(button).clicked() {
                cmd = answer_for(walk, state, index, outcome).map(Command::SaveAnswer);
                if outcome != Outcome::Fail && index + 1 < walk.items.len() {
                    state.cursor = index + 1;
                    state.scroll_to_cursor = true;
                }
            }
        }
    });
    ui.add_space(6.0);

    if let Some(current) = result.filter(|r| r.outcome == Outcome::Fail) {
        ui.horizontal(|ui| {
            let unit = shared.lang.counter(item.unit);
            let label = ui.label(format!("{} ({unit})", tr.count));
            let mut count = current.count.max(1);
            let response = ui
                .add(egui::DragValue::new(&mut count).range(1..=99))
                .labelled_by(label.id);
            if response.changed() && count != current.count {
                let mut answer = answer_for(walk, state, index, Outcome::Fail)?;
                answer.count = count;
                cmd = Some(Command::SaveAnswer(answer));
            }
            ui.label(format!("−{}", current.deduction));
            Some(())
        });
        if item.unit == Unit::PerPersonTime {
            ui.horizontal(|ui| {
                let combo_label = ui.label(tr.staff_member);
                let selected = current
                    .staff_name
                    .clone()
                    .unwrap_or_else(|| tr.nobody.to_owned());
                let mut staff_id = current.staff_id;
                egui::ComboBox::from_id_salt("walk_staff")
                    .selected_text(selected)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut staff_id, None, tr.nobody);
                        for person in &walk.staff {
                            ui.selectable_value(&mut staff_id, Some(person.id), &person.name);
                        }
                    })
                    .response
                    .labelled_by(combo_label.id);
                if staff_id != current.staff_id
                    && let Some(mut answer) = answer_for(walk, state, index, Outcome::Fail)
                {
                    answer.staff_id = staff_id;
                    cmd = Some(Command::SaveAnswer(answer));
                }
            });
        }
    }

    // The note: saved when the field is left.
    let label = ui.label(tr.note);
    let response = ui
        .add(
            egui::TextEdit::multiline(&mut state.note)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if response.lost_focus()
        && let Some(current) = result
        && current.note != state.note
        && let Some(answer) = answer_for(walk, state, index, current.outcome)
    {
        cmd = Some(Command::SaveAnswer(answer));
    }

    // Photos.
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(tr.photos).strong());
        if ui.button(tr.add_photo).clicked() {
            cmd = Some(Command::PickPhoto {
                template_row: row,
                item_id: item.id.clone(),
            });
        }
        if photo_busy {
            ui.spinner();
            ui.label(tr.photo_working);
        }
    });
    if state.show_path_input {
        ui.horizontal(|ui| {
            labelled_text(ui, tr.photo_path, &mut state.photo_path, 320.0);
            if ui.button(tr.add_path).clicked() && !state.photo_path.trim().is_empty() {
                cmd = Some(Command::AttachPhoto {
                    template_row: row,
                    item_id: item.id.clone(),
                    path: state.photo_path.trim().into(),
                });
                state.photo_path.clear();
            }
        });
    }
    ui.horizontal_wrapped(|ui| {
        for photo in walk
            .detail
            .attachments
            .iter()
            .filter(|a| a.template_row == row && a.item_id == item.id)
        {
            ui.vertical(|ui| {
                thumb_ui(
                    ui,
                    shared,
                    walk.thumbs.get(&photo.id),
                    &photo.file_name,
                    egui::vec2(160.0, 120.0),
                );
                if ui.small_button(tr.remove).clicked() {
                    cmd = Some(Command::RemovePhoto(photo.id));
                }
            });
        }
    });

    // Guidance and the hall's last result beside the item.
    ui.add_space(8.0);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(tr.guidance).strong());
        ui.label(item.guidance_in(english));
        ui.add_space(4.0);
        ui.label(RichText::new(tr.last_result).strong());
        match walk.last.get(&(template.id.clone(), item.id.clone())) {
            Some(last) => {
                let mut line = format!("{} · {}", last.date, shared.outcome_name(last.outcome));
                if last.outcome == Outcome::Fail {
                    line.push_str(&format!(" ×{}", last.count));
                }
                if !last.note.is_empty() {
                    line.push_str(&format!(" · {}", last.note));
                }
                ui.horizontal(|ui| {
                    outcome_cell(ui, Some(last.outcome));
                    ui.label(line);
                });
            }
            None => {
                ui.label(RichText::new(tr.no_last_result).color(palette::MUTED));
            }
        }
    });
    cmd
}

fn confirm_ui(ui: &mut Ui, shared: &Shared, state: &mut WalkState, walk: &Walk) -> Option<Command> {
    let tr = shared.tr;
    let english = shared.lang.is_english();
    let mut cmd = None;
    let unanswered = &walk.score.unanswered;
    let missing = walk.detail.missing_photos();
    let modal = egui::Modal::new(egui::Id::unique("confirm_submit")).show(ui.ctx(), |ui| {
        ui.set_max_width(620.0);
        ui.heading(tr.confirm_submit);
        ui.horizontal(|ui| {
            ui.label(format!("{} {}", tr.running_score, walk.score.score));
            ui.label(rating_text(shared, walk.score.rating));
        });
        if let Some(refusal) = &state.refusal {
            ui.label(
                RichText::new(format!(
                    "{}: {}",
                    tr.submit_refused,
                    shared
                        .lang
                        .refusal_summary(refusal.unanswered.len(), refusal.missing_photos.len())
                ))
                .color(ui.visuals().error_fg_color)
                .strong(),
            );
        }
        if !unanswered.is_empty() || !missing.is_empty() {
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    if !unanswered.is_empty() {
                        ui.label(
                            RichText::new(format!("{} ({})", tr.unanswered, unanswered.len()))
                                .strong(),
                        );
                        for (t, i) in unanswered {
                            ui.label(format!("○ {}", walk.item_text(t, i, english)));
                        }
                    }
                    if !missing.is_empty() {
                        ui.label(
                            RichText::new(format!("{} ({})", tr.missing_photos, missing.len()))
                                .strong(),
                        );
                        for (t, i) in &missing {
                            ui.label(format!("× {}", walk.item_text(t, i, english)));
                        }
                    }
                });
        }
        ui.separator();
        ui.horizontal(|ui| {
            if ui.button(RichText::new(tr.confirm).strong()).clicked() {
                cmd = Some(Command::Submit);
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
