//! The walk: the keys, the header with the running score, and the item list; the current item
//! is drawn by `item.rs` and the submit confirmation by `confirm.rs`.
//!
//! Keys: `1` / `2` / `3` answer and (except a fail) move on; `↑` / `↓` move. After `2` the
//! keyboard is in the count field; `Tab` goes on to the people concerned (a per-person item:
//! `Space` opens their list, `Tab` and `Space` tick each, `Esc` closes it) and the note;
//! `Enter` in any of them returns to the list and moves on, `Esc` just leaves the field;
//! `Alt+1` … `Alt+9` put one of the offered reasons into a failed item's note; `Ctrl+Enter`
//! submits.

use egui::{Key, RichText, Ui};

use crate::domain::Outcome;
use crate::store::AnswerInput;
use crate::ui::Command;
use crate::ui::palette;
use crate::ui::widgets::{Shared, item_outcome_cell, rating_text};

use super::item::{answer_for, item_ui};
use super::{Walk, WalkState, confirm};

/// Draws the walk.
pub(super) fn ui(
    ui: &mut Ui,
    shared: &Shared,
    state: &mut WalkState,
    walk: &Walk,
    photo_busy: bool,
) -> Option<Command> {
    let tr = shared.tr;
    let total = walk.items.len();
    state.cursor = state.cursor.min(total.saturating_sub(1));

    // Keys first, before any widget can take them.
    let mut cmd = keys(ui, state, walk, photo_busy);

    let header = &walk.detail.header;
    ui.horizontal_wrapped(|ui| {
        ui.heading(&header.hall_name);
        ui.label(shared.day_shift_inspector(header));
        ui.label(shared.lang.progress(answered(walk), total));
    });
    score_strip(ui, shared, walk);
    ui.horizontal(|ui| {
        // A photo still being prepared would be lost to a submit or a close.
        if ui
            .add_enabled(
                !photo_busy,
                egui::Button::new(RichText::new(tr.submit).strong()),
            )
            .clicked()
        {
            state.confirm = true;
            state.focus_signer = true;
            state.refusal = None;
        }
        if ui
            .add_enabled(!photo_busy, egui::Button::new(tr.close))
            .clicked()
        {
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
        .show(ui, |ui| item_list(ui, shared, state, walk));

    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            // Each item opens at its own top.
            .id_salt(("walk_item", walk.detail.header.id, state.cursor))
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if let Some(c) = item_ui(ui, shared, state, walk, photo_busy) {
                    cmd = Some(c);
                }
            });
    });

    if state.confirm
        && let Some(c) = confirm::ui(ui, shared, state, walk)
    {
        cmd = Some(c);
    }
    cmd
}

/// Items answered so far.
fn answered(walk: &Walk) -> usize {
    walk.score.areas.iter().map(|a| a.answered).sum()
}

/// The walk's keys, taken in the order they were pressed (a slow frame may bring several);
/// returns the answers they gave.
fn keys(ui: &mut Ui, state: &mut WalkState, walk: &Walk, photo_busy: bool) -> Option<Command> {
    // The confirmation, a window (the photo viewer) or a drop-down has the keys.
    let covered =
        ui.memory(|m| m.top_modal_layer()).is_some() || egui::Popup::is_any_open(ui.ctx());
    if state.confirm || covered {
        return None;
    }
    let focused = ui.memory(|m| m.focused());
    let mut field = focused.filter(|id| state.fields.contains(id));
    let typing = field.is_none() && ui.ctx().text_edit_focused();
    let mut answers = Vec::new();
    let mut surrender = Vec::new();
    let mut stop = false;
    // The text an Alt+number may also bring (the digit) is not typed into the note.
    let mut picked = false;
    ui.input_mut(|input| {
        input.events.retain(|event| {
            if std::mem::take(&mut picked) && matches!(event, egui::Event::Text(_)) {
                return false;
            }
            let egui::Event::Key {
                key,
                pressed: true,
                repeat,
                modifiers,
                ..
            } = event
            else {
                return true;
            };
            if stop {
                return true;
            }
            let plain = modifiers.is_none();
            if let Some(n) = reason_key(*key, *modifiers) {
                // Alt+number: a reason for the failed item, whatever has the keyboard.
                if !*repeat {
                    answers.extend(state.pick_reason(walk, n));
                }
                picked = true;
                return false;
            }
            if *key == Key::Enter && modifiers.command_only() {
                // Ctrl+Enter: submit, whatever has the keyboard (once photos are stored).
                if photo_busy {
                    return false;
                }
                state.confirm = true;
                state.focus_signer = true;
                state.refusal = None;
                stop = true;
                return false;
            }
            if let Some(id) = field {
                // In a field of the item: Enter returns to the list and moves on, Esc only
                // leaves; anything else is typing.
                if plain && matches!(key, Key::Enter | Key::Escape) {
                    surrender.push(id);
                    field = None;
                    if *key == Key::Enter {
                        state.move_by(1, walk.items.len());
                    }
                    return false;
                }
                return true;
            }
            if typing || !plain {
                return true;
            }
            // A bonus item has two answers: 1 加分, 2 (or 3) 不加分.
            let bonus = walk.at(state.cursor).is_some_and(|(_, _, item)| item.bonus);
            let outcome = match key {
                Key::Num1 => Outcome::Pass,
                Key::Num2 if !bonus => Outcome::Fail,
                Key::Num2 | Key::Num3 => Outcome::NotApplicable,
                Key::ArrowUp => {
                    state.move_by(-1, walk.items.len());
                    return false;
                }
                Key::ArrowDown => {
                    state.move_by(1, walk.items.len());
                    return false;
                }
                _ => return true,
            };
            if *repeat {
                // Holding a key down answers one item, not every item it repeats over.
                return false;
            }
            let scored = scored_here(state, walk, outcome);
            answers.extend(answer_and_move(state, walk, outcome));
            // After a fail (or a bonus earned) the keyboard belongs to the item's count.
            stop = scored;
            false
        });
    });
    for id in surrender {
        ui.memory_mut(|m| m.surrender_focus(id));
    }
    (!answers.is_empty()).then_some(Command::SaveAnswers(answers))
}

/// The reason Alt+1 … Alt+9 picks (0-based).
fn reason_key(key: Key, modifiers: egui::Modifiers) -> Option<usize> {
    if !modifiers.matches_exact(egui::Modifiers::ALT) {
        return None;
    }
    let keys = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ];
    keys.iter().position(|k| *k == key)
}

/// Whether `outcome` scores the current item: a fail, or 加分 for a bonus item.
fn scored_here(state: &WalkState, walk: &Walk, outcome: Outcome) -> bool {
    walk.at(state.cursor)
        .is_some_and(|(_, _, item)| item.scored_outcome() == outcome)
}

/// The current item answered (by key or button): a fail (or a bonus earned) stays on the item
/// with the keyboard in its count; anything else moves on.
pub(super) fn answer_and_move(
    state: &mut WalkState,
    walk: &Walk,
    outcome: Outcome,
) -> Option<AnswerInput> {
    let answer = answer_for(walk, state, state.cursor, outcome);
    if scored_here(state, walk, outcome) {
        state.focus_count = true;
    } else {
        state.move_by(1, walk.items.len());
    }
    answer
}

/// The running score (— before the first answer), its rating, a veto, each area against its
/// cap.
fn score_strip(ui: &mut Ui, shared: &Shared, walk: &Walk) {
    let tr = shared.tr;
    let score = &walk.score;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            // An area's name and points stay on one line.
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
            if answered(walk) == 0 {
                ui.label(
                    RichText::new(format!("{} {}", tr.running_score, tr.no_score_yet))
                        .size(22.0)
                        .strong(),
                );
            } else {
                ui.label(
                    RichText::new(format!("{} {}", tr.running_score, score.score))
                        .size(22.0)
                        .strong(),
                )
                .on_hover_text(format!("{} / {}", score.earned, score.possible));
                ui.label(rating_text(shared, score.rating));
                if score.bonus > crate::domain::Points::ZERO {
                    ui.label(
                        RichText::new(format!("{} +{}", tr.bonus, score.bonus))
                            .color(palette::DONE)
                            .strong(),
                    );
                }
            }
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
                let text = if area.bonus > crate::domain::Points::ZERO {
                    format!(
                        "{name} {}/{} (+{})",
                        area.earned, area.effective_cap, area.bonus
                    )
                } else {
                    format!("{name} {}/{}", area.earned, area.effective_cap)
                };
                let mut rich = RichText::new(text).small();
                if area.veto {
                    rich = rich.color(palette::ALERT).strong();
                } else if area.base() < area.effective_cap {
                    rich = rich.color(palette::PENDING);
                }
                ui.label(rich).on_hover_text(shared.lang.labelled(
                    tr.cap,
                    format!(
                        "{} / {} · {} {}/{}",
                        area.earned, area.effective_cap, tr.answered, area.answered, area.items
                    ),
                ));
            }
        });
    });
}

/// Every item, checklist by checklist with its points so far; a click chooses one.
fn item_list(ui: &mut Ui, shared: &Shared, state: &mut WalkState, walk: &Walk) {
    let english = shared.lang.is_english();
    egui::ScrollArea::vertical()
        .id_salt(("walk_list", walk.detail.header.id))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let mut last_template = None;
            for index in 0..walk.items.len() {
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
                        item_outcome_cell(ui, item, outcome);
                        // Veto items carry their mark in a cell of their own.
                        let mark = if item.veto { shared.tr.veto_short } else { "" };
                        ui.add_sized(
                            [30.0, 18.0],
                            egui::Label::new(
                                RichText::new(mark).small().strong().color(palette::ALERT),
                            ),
                        );
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
}
