//! The current item of the walk: the three answers (a bonus item's two: 加分, 不加分), then
//! for a fail (or a bonus earned) its count, the points picked for a ranged deduction, the
//! people concerned and the reason, 当场整改, its photos (with those of a fix on the spot
//! apart), the standard it checks and the hall's last result.

use egui::{RichText, Ui};

use crate::domain::{Item, NOTE_MAX_CHARS, Outcome, Points, Unit};
use crate::store::{AnswerInput, AttachmentMeta, joined_names};
use crate::ui::Command;
use crate::ui::palette;
use crate::ui::widgets::{Shared, badge, item_outcome_cell, labelled_text, show_photo, thumb_ui};

use super::walk::answer_and_move;
use super::{NOTE_SAVE_DELAY_SECS, Walk, WalkState};

/// The answer for `index` with a new outcome, keeping what was already given.
pub(super) fn answer_for(
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
        rate: existing.and_then(|r| r.rate),
        note,
        staff_ids: existing
            .map(|r| r.staff.iter().map(|s| s.id).collect())
            .unwrap_or_default(),
    })
}

/// The failed answer for `index` naming `staff_ids` instead. A count that followed the names
/// (one person-time per person named) follows them still, down as well as up; a count typed
/// above the names stays (people not named).
pub(super) fn answer_naming(
    walk: &Walk,
    state: &WalkState,
    index: usize,
    staff_ids: Vec<i64>,
) -> Option<AnswerInput> {
    let mut answer = answer_for(walk, state, index, Outcome::Fail)?;
    let stored = walk.result_at(index)?;
    if stored.count as usize <= stored.staff.len().max(1) {
        answer.count = u32::try_from(staff_ids.len()).unwrap_or(u32::MAX).max(1);
    }
    answer.staff_ids = staff_ids;
    Some(answer)
}

/// For a ranged item, the points per occurrence picked (the least until one is): a field the
/// keyboard reaches with Tab, arrows or typing within the range. `Some` a new pick.
fn rate_ui(
    ui: &mut Ui,
    shared: &Shared,
    state: &mut WalkState,
    item: &Item,
    stored: Option<Points>,
) -> Option<Points> {
    let (min, max) = item.rate_range()?;
    let label = ui.label(if item.bonus {
        shared.tr.rate_picked_bonus
    } else {
        shared.tr.rate_picked
    });
    let current = stored.unwrap_or(min);
    let mut rate = current.as_f64();
    let response = ui
        .add(
            egui::DragValue::new(&mut rate)
                .range(min.as_f64()..=max.as_f64())
                .speed(0.1)
                .max_decimals(2),
        )
        .labelled_by(label.id);
    state.fields.push(response.id);
    ui.label(RichText::new(format!("{min}–{max}")).color(palette::MUTED));
    let picked = Points::from_hundredths((rate * 100.0).round() as i64)
        .max(min)
        .min(max);
    (response.changed() && picked != current).then_some(picked)
}

/// The current item: its answer, count, staff, note, photos, guidance and last result.
pub(super) fn item_ui(
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
    // A note typed on the item left is saved, never dropped.
    if state.follow_cursor(walk) {
        state.photo_path.clear();
    }
    state.fields.clear();

    ui.label(RichText::new(template.name_in(english)).color(palette::MUTED));
    ui.label(
        RichText::new(format!("{}. {}", index + 1, item.text_in(english)))
            .size(19.0)
            .strong(),
    );
    ui.horizontal_wrapped(|ui| {
        ui.label(shared.item_points(item));
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

    // The three answers (a bonus item's two): one click or key each.
    let choices = if item.bonus {
        vec![
            (Outcome::Pass, tr.key_bonus),
            (Outcome::NotApplicable, tr.key_no_bonus),
        ]
    } else {
        vec![
            (Outcome::Pass, tr.key_pass),
            (Outcome::Fail, tr.key_fail),
            (Outcome::NotApplicable, tr.key_na),
        ]
    };
    ui.horizontal(|ui| {
        for (outcome, label) in choices {
            let chosen = result.map(|r| r.outcome) == Some(outcome);
            let button = egui::Button::selectable(chosen, RichText::new(label).size(18.0))
                .min_size(egui::vec2(110.0, 38.0));
            if ui.add(button).clicked() {
                cmd = answer_and_move(state, walk, outcome).map(Command::SaveAnswer);
            }
        }
    });
    ui.add_space(6.0);

    if let Some(current) = result.filter(|r| r.outcome == item.scored_outcome()) {
        ui.horizontal(|ui| {
            let unit = shared.lang.counter(item.unit);
            let label = ui.label(shared.lang.bracketed(tr.count, unit));
            let mut count = current.count.max(1);
            let response = ui
                .add(egui::DragValue::new(&mut count).range(1..=99))
                .labelled_by(label.id);
            state.fields.push(response.id);
            if std::mem::take(&mut state.focus_count) {
                response.request_focus();
            }
            if response.changed() && count != current.count {
                let mut answer = answer_for(walk, state, index, current.outcome)?;
                answer.count = count;
                cmd = Some(Command::SaveAnswer(answer));
            }
            if let Some(picked) = rate_ui(ui, shared, state, item, current.rate) {
                let mut answer = answer_for(walk, state, index, current.outcome)?;
                answer.rate = Some(picked);
                cmd = Some(Command::SaveAnswer(answer));
            }
            if item.bonus {
                let added = item.bonus_for(current.outcome, current.count, current.rate);
                ui.label(RichText::new(format!("+{added}")).color(palette::DONE));
            } else {
                ui.label(format!("−{}", current.deduction));
            }
            Some(())
        });
        if item.unit == Unit::PerPersonTime && !item.bonus {
            ui.horizontal(|ui| {
                // The people concerned: one drop-down (one Tab stop) with a tick per person;
                // each tick saves at once and the count follows.
                let combo_label = ui.label(tr.staff_member);
                let selected = if current.staff.is_empty() {
                    tr.nobody.to_owned()
                } else {
                    joined_names(&current.staff).into_owned()
                };
                let mut chosen: Vec<i64> = current.staff.iter().map(|s| s.id).collect();
                let mut changed = false;
                // The hall's staff, then anyone named who has left its list since.
                let people = walk
                    .staff
                    .iter()
                    .map(|p| (p.id, shared.staff_label(p)))
                    .chain(
                        current
                            .staff
                            .iter()
                            .filter(|s| walk.staff.iter().all(|p| p.id != s.id))
                            .map(|s| (s.id, s.name.clone())),
                    );
                let shown = egui::ComboBox::from_id_salt("walk_staff")
                    .selected_text(selected)
                    .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
                    .show_ui(ui, |ui| {
                        for (id, name) in people {
                            let mut ticked = chosen.contains(&id);
                            if ui.checkbox(&mut ticked, name).changed() {
                                chosen.retain(|c| *c != id);
                                if ticked {
                                    chosen.push(id);
                                }
                                changed = true;
                            }
                        }
                    });
                let combo = shown.response.labelled_by(combo_label.id);
                state.fields.push(combo.id);
                // Esc closes the list and gives the keyboard back to the drop-down, so
                // Enter moves on and Tab goes to the note.
                if state.staff_open && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    combo.request_focus();
                }
                state.staff_open = shown.inner.is_some();
                if changed && let Some(answer) = answer_naming(walk, state, index, chosen) {
                    cmd = Some(Command::SaveAnswer(answer));
                }
            });
        }
    }

    let failed = result.is_some_and(|r| r.outcome == Outcome::Fail);
    // The note: saved a moment after typing pauses, and whenever the item, the screen or the
    // app is left (see `WalkState::notes_to_save`). An item takes a note once it is answered.
    let label = ui.label(tr.note);
    let response = ui
        .add_enabled(
            result.is_some(),
            egui::TextEdit::multiline(&mut state.note)
                .hint_text(if result.is_some() {
                    ""
                } else {
                    tr.note_after_answer
                })
                .char_limit(NOTE_MAX_CHARS)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    state.fields.push(response.id);
    if failed && item.reason_required && state.note.trim().is_empty() {
        ui.label(RichText::new(tr.reason_needed).color(palette::PENDING));
    }
    if response.changed() {
        state.note_typed(ui.input(|i| i.time));
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64(NOTE_SAVE_DELAY_SECS));
    }

    // The reasons offered for a fail, each a click or Alt+number away (after the note, so that
    // Tab goes from the count to the note).
    let reasons = walk.reasons(template, item);
    if failed && !reasons.is_empty() {
        ui.label(RichText::new(tr.reasons).color(palette::MUTED));
        ui.horizontal_wrapped(|ui| {
            for (n, reason) in reasons.iter().enumerate() {
                let chosen = state.note.contains(reason);
                let chip = ui.add(egui::Button::selectable(
                    chosen,
                    format!("{} {reason}", n + 1),
                ));
                if chip.clicked() {
                    // The walk's keys stay with the walk, not with the chip.
                    chip.surrender_focus();
                    if let Some(answer) = state.pick_reason(walk, n) {
                        cmd = Some(Command::SaveAnswer(answer));
                    }
                }
            }
        });
    }

    // 当场整改: the problem was put right while the inspector watched; its rectification is
    // accepted on submit. A field of the item: Tab reaches it, Space ticks it.
    if failed {
        let mut fixed = walk.is_fixed_on_spot(row, &item.id);
        ui.horizontal(|ui| {
            let response = ui.checkbox(&mut fixed, tr.rect.fixed_on_spot);
            state.fields.push(response.id);
            ui.label(
                RichText::new(tr.rect.fixed_on_spot_hint)
                    .small()
                    .color(palette::MUTED),
            );
            if response.changed() {
                cmd = Some(Command::SetFixedOnSpot {
                    template_row: row,
                    item_id: item.id.clone(),
                    fixed,
                });
            }
        });
    }

    // Photos: of the problem; and for a fail fixed on the spot, of it fixed (整改后照片),
    // which go with its rectification on submit.
    let spot_fixed = failed && walk.is_fixed_on_spot(row, &item.id);
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr.photos).strong());
        if ui.button(tr.add_photo).clicked() {
            cmd = Some(Command::PickPhoto {
                template_row: row,
                item_id: item.id.clone(),
                after_fix: false,
            });
        }
        if spot_fixed && ui.button(tr.rect.add_after_photo).clicked() {
            cmd = Some(Command::PickPhoto {
                template_row: row,
                item_id: item.id.clone(),
                after_fix: true,
            });
        }
        if photo_busy {
            ui.spinner();
            ui.label(tr.photo_working);
        }
    });
    if state.show_path_input {
        let after_fix = state.path_after_fix && spot_fixed;
        ui.horizontal(|ui| {
            if after_fix {
                ui.label(RichText::new(tr.rect.spot_after_photos).strong());
            }
            labelled_text(ui, tr.photo_path, &mut state.photo_path, 320.0);
            if ui.button(tr.add_path).clicked() && !state.photo_path.trim().is_empty() {
                cmd = Some(Command::AttachPhoto {
                    template_row: row,
                    item_id: item.id.clone(),
                    after_fix,
                    path: state.photo_path.trim().into(),
                });
                state.photo_path.clear();
            }
        });
    }
    let (after, before): (Vec<&AttachmentMeta>, Vec<&AttachmentMeta>) = walk
        .detail
        .attachments
        .iter()
        .filter(|a| a.template_row == row && a.item_id == item.id)
        .partition(|a| a.after_fix);
    if spot_fixed || !after.is_empty() {
        // The problem and the fix side by side, as the 整改 screen shows them.
        ui.columns(2, |columns| {
            if let [left, right] = columns {
                if let Some(c) = photo_row(left, shared, walk, &before) {
                    cmd = Some(c);
                }
                right.label(RichText::new(tr.rect.spot_after_photos).strong());
                right.label(
                    RichText::new(if spot_fixed {
                        tr.rect.spot_after_hint
                    } else {
                        tr.rect.spot_after_kept
                    })
                    .small()
                    .color(palette::MUTED),
                );
                if let Some(c) = photo_row(right, shared, walk, &after) {
                    cmd = Some(c);
                }
            }
        });
    } else if let Some(c) = photo_row(ui, shared, walk, &before) {
        cmd = Some(c);
    }

    // Guidance and the hall's last result beside the item.
    ui.add_space(8.0);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(tr.guidance).strong());
        ui.label(item.guidance_in(english));
        ui.add_space(4.0);
        let prior = walk.prior.get(&(template.id.clone(), item.id.clone()));
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(tr.last_result).strong());
            if let Some(prior) = prior {
                badge(ui, tr.rect.repeat, palette::ALERT);
                ui.label(
                    RichText::new(shared.lang.repeat_of(prior.inspected_on, prior.status))
                        .color(palette::ALERT),
                );
            }
        });
        match walk.last.get(&(template.id.clone(), item.id.clone())) {
            Some(last) => {
                let mut line = format!(
                    "{} · {}",
                    last.date,
                    shared.item_outcome_name(item, last.outcome)
                );
                if last.outcome == item.scored_outcome() {
                    line.push_str(&format!(" ×{}", last.count));
                }
                if !last.note.is_empty() {
                    line.push_str(&format!(" · {}", last.note));
                }
                ui.horizontal(|ui| {
                    item_outcome_cell(ui, item, Some(last.outcome));
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

/// A row of an item's photos, each a thumbnail (a click shows it large among all the walk's
/// photos) with its Remove button.
fn photo_row(
    ui: &mut Ui,
    shared: &Shared,
    walk: &Walk,
    photos: &[&AttachmentMeta],
) -> Option<Command> {
    let mut cmd = None;
    ui.horizontal_wrapped(|ui| {
        for photo in photos {
            ui.vertical(|ui| {
                if thumb_ui(
                    ui,
                    shared,
                    walk.thumbs.get(&photo.id),
                    &photo.file_name,
                    egui::vec2(160.0, 120.0),
                ) {
                    cmd = Some(show_photo(&walk.detail.attachments, photo.id));
                }
                if ui.small_button(shared.tr.remove).clicked() {
                    cmd = Some(Command::RemovePhoto(photo.id));
                }
            });
        }
    });
    cmd
}
