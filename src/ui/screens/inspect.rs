//! 巡查 Inspect: start an inspection, then walk its items area by area, one key per answer.

use std::collections::HashMap;

use egui::{Color32, Key, Modifiers, RichText, Ui};

use crate::domain::{InspectionScore, Item, Outcome, RatingBands, Shift, Template, Unit};
use crate::store::{
    AnswerInput, DraftSummary, InspectionDetail, LastResult, ResultRow, Staff, SubmitRefusal,
};
use crate::ui::Command;
use crate::ui::i18n;
use crate::ui::widgets::{
    Shared, Thumbs, date_input, draft_line, labelled_text, outcome_cell, parse_date, rating_color,
    rating_text, thumb_ui,
};

/// The start form.
#[derive(Debug, Clone, Default)]
pub struct StartForm {
    /// Chosen hall.
    pub hall_id: Option<i64>,
    /// Inspector name.
    pub inspector: String,
    /// Date as typed; empty means today.
    pub date_text: String,
    /// Shift.
    pub shift: Option<Shift>,
    /// Chosen template ids; empty with `all` set means every checklist.
    pub chosen: Vec<String>,
    /// "全部两会三制".
    pub all: bool,
    /// Form initialised.
    pub ready: bool,
}

/// The walk's UI state.
#[derive(Debug, Clone, Default)]
pub struct WalkState {
    /// Index into [`Walk::items`].
    pub cursor: usize,
    /// The note being typed and the item it belongs to.
    pub note: String,
    /// (template row, item id) of `note`.
    pub note_item: Option<(i64, String)>,
    /// Typed photo path.
    pub photo_path: String,
    /// Show the typed path input (no dialog available).
    pub show_path_input: bool,
    /// The submit confirmation is open.
    pub confirm: bool,
    /// The last refusal of the store.
    pub refusal: Option<SubmitRefusal>,
    /// Scroll the item list to the cursor.
    pub scroll_to_cursor: bool,
}

/// The Inspect screen's state.
#[derive(Debug, Clone, Default)]
pub struct InspectState {
    /// Start form.
    pub form: StartForm,
    /// Walk UI state.
    pub walk: WalkState,
    /// The result line of the last submit.
    pub last_submitted: Option<String>,
}

/// The loaded inspection being walked.
pub struct Walk {
    /// Header, snapshots, answers, photos.
    pub detail: InspectionDetail,
    /// Running score.
    pub score: InspectionScore,
    /// The hall's last results, by (template id, item id).
    pub last: HashMap<(String, String), LastResult>,
    /// The hall's staff.
    pub staff: Vec<Staff>,
    /// (template index, item index) in walking order.
    pub items: Vec<(usize, usize)>,
    /// Photo thumbnails by attachment id.
    pub thumbs: Thumbs,
}

impl Walk {
    /// Builds a walk from a loaded inspection.
    pub fn new(
        detail: InspectionDetail,
        bands: &RatingBands,
        last: HashMap<(String, String), LastResult>,
        staff: Vec<Staff>,
        thumbs: Thumbs,
    ) -> Walk {
        let score = detail.score(bands);
        let items = detail
            .templates
            .iter()
            .enumerate()
            .flat_map(|(t, (_, template))| (0..template.items.len()).map(move |i| (t, i)))
            .collect();
        Walk {
            detail,
            score,
            last,
            staff,
            items,
            thumbs,
        }
    }

    /// The template row, template and item at a walking position.
    pub fn at(&self, index: usize) -> Option<(i64, &Template, &Item)> {
        let (t, i) = *self.items.get(index)?;
        let (row, template) = self.detail.templates.get(t)?;
        Some((*row, template, template.items.get(i)?))
    }

    /// The answer at a walking position.
    pub fn result_at(&self, index: usize) -> Option<&ResultRow> {
        let (row, _, item) = self.at(index)?;
        self.detail.result(row, &item.id)
    }

    /// The first unanswered position (or 0).
    pub fn first_unanswered(&self) -> usize {
        (0..self.items.len())
            .find(|i| self.result_at(*i).is_none())
            .unwrap_or(0)
    }

    /// Item text by (template id, item id).
    fn item_text(&self, template_id: &str, item_id: &str, english: bool) -> String {
        self.detail
            .templates
            .iter()
            .find(|(_, t)| t.id == template_id)
            .and_then(|(_, t)| Some((t, t.item(item_id)?)))
            .map(|(t, i)| format!("{} · {}", t.name_in(english), i.text_in(english)))
            .unwrap_or_else(|| format!("{template_id}/{item_id}"))
    }
}

/// Draws the Inspect screen: the start form, or the walk.
pub fn ui(
    ui: &mut Ui,
    shared: &Shared,
    state: &mut InspectState,
    walk: Option<&Walk>,
    drafts: &[DraftSummary],
    photo_busy: bool,
) -> Option<Command> {
    match walk {
        Some(walk) => walk_ui(ui, shared, &mut state.walk, walk, photo_busy),
        None => start_ui(ui, shared, state, drafts),
    }
}

fn start_ui(
    ui: &mut Ui,
    shared: &Shared,
    state: &mut InspectState,
    drafts: &[DraftSummary],
) -> Option<Command> {
    let tr = shared.tr;
    let mut cmd = None;
    let form = &mut state.form;
    if !form.ready {
        form.ready = true;
        form.all = true;
        if form.inspector.is_empty() {
            form.inspector = shared.settings.default_inspector.clone();
        }
    }
    if let Some(line) = &state.last_submitted {
        ui.label(
            RichText::new(line)
                .strong()
                .color(rating_color(crate::domain::Rating::Excellent)),
        );
        ui.separator();
    }
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if !drafts.is_empty() {
                ui.heading(tr.open_drafts);
                for draft in drafts {
                    ui.horizontal(|ui| {
                        if draft_line(ui, shared, draft) {
                            cmd = Some(Command::ResumeDraft(draft.id));
                        }
                        if ui.small_button(tr.discard).clicked() {
                            cmd = Some(Command::DiscardDraft(draft.id));
                        }
                    });
                }
                ui.separator();
            }
            ui.heading(tr.inspect_new);
            ui.add_space(6.0);
            if shared.active_halls().next().is_none() {
                ui.label(tr.no_halls);
                return;
            }
            egui::Grid::new("start_form")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    let combo_label = ui.label(tr.hall);
                    let selected = form
                        .hall_id
                        .map(|id| shared.hall_name(id).to_owned())
                        .unwrap_or_else(|| tr.choose_hall.to_owned());
                    egui::ComboBox::from_id_salt("start_hall")
                        .selected_text(selected)
                        .width(260.0)
                        .show_ui(ui, |ui| {
                            for hall in shared.active_halls() {
                                ui.selectable_value(&mut form.hall_id, Some(hall.id), &hall.name);
                            }
                        })
                        .response
                        .labelled_by(combo_label.id);
                    ui.end_row();

                    let label = ui.label(tr.inspector);
                    ui.add(egui::TextEdit::singleline(&mut form.inspector).desired_width(260.0))
                        .labelled_by(label.id);
                    ui.end_row();

                    let label = ui.label(tr.date);
                    ui.horizontal(|ui| {
                        date_input(
                            ui,
                            shared.dates(),
                            &mut form.date_text,
                            "inspect_date",
                            &shared.today.format("%Y-%m-%d").to_string(),
                            120.0,
                        )
                        .labelled_by(label.id);
                        if !form.date_text.trim().is_empty()
                            && parse_date(&form.date_text).is_none()
                        {
                            ui.label(RichText::new(tr.bad_date).color(ui.visuals().error_fg_color));
                        }
                    });
                    ui.end_row();

                    ui.label(tr.shift);
                    ui.horizontal(|ui| {
                        let current = form.shift.unwrap_or(Shift::FullDay);
                        for shift in Shift::ALL {
                            if ui
                                .selectable_label(current == shift, shared.shift_name(shift))
                                .clicked()
                            {
                                form.shift = Some(shift);
                            }
                        }
                    });
                    ui.end_row();

                    ui.label(tr.checklists);
                    ui.vertical(|ui| {
                        ui.checkbox(&mut form.all, tr.all_checklists);
                        if !form.all {
                            ui.horizontal_wrapped(|ui| {
                                for loaded in &shared.catalog.templates {
                                    let id = &loaded.template.id;
                                    let mut on = form.chosen.contains(id);
                                    if ui
                                        .checkbox(&mut on, loaded.template.name_in(shared.english))
                                        .changed()
                                    {
                                        if on {
                                            form.chosen.push(id.clone());
                                        } else {
                                            form.chosen.retain(|c| c != id);
                                        }
                                    }
                                }
                            });
                        }
                    });
                    ui.end_row();
                });
            ui.add_space(10.0);
            let date = if form.date_text.trim().is_empty() {
                Some(shared.today)
            } else {
                parse_date(&form.date_text)
            };
            let template_ids: Vec<String> = shared
                .catalog
                .templates
                .iter()
                .map(|l| l.template.id.clone())
                .filter(|id| form.all || form.chosen.contains(id))
                .collect();
            let ready = form.hall_id.is_some()
                && !form.inspector.trim().is_empty()
                && date.is_some()
                && !template_ids.is_empty();
            let start = ui.add_enabled(
                ready,
                egui::Button::new(RichText::new(tr.start).size(18.0))
                    .min_size(egui::vec2(160.0, 36.0)),
            );
            if start.clicked()
                && let (Some(hall_id), Some(date)) = (form.hall_id, date)
            {
                cmd = Some(Command::StartInspection {
                    hall_id,
                    inspector: form.inspector.trim().to_owned(),
                    date,
                    shift: form.shift.unwrap_or(Shift::FullDay),
                    template_ids,
                });
            }
        });
    cmd
}

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

fn walk_ui(
    ui: &mut Ui,
    shared: &Shared,
    state: &mut WalkState,
    walk: &Walk,
    photo_busy: bool,
) -> Option<Command> {
    let tr = shared.tr;
    let english = shared.english;
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
        ui.label(format!(
            "{} {} · {} {}",
            header.date,
            shared.shift_name(header.shift),
            tr.inspector,
            header.inspector
        ));
        let answered = walk.score.areas.iter().map(|a| a.answered).sum::<usize>();
        ui.label(i18n::progress(english, answered, total));
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
        ui.label(RichText::new(tr.keys_hint).small().color(Color32::GRAY));
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
                        .color(rating_color(crate::domain::Rating::Fail))
                        .strong(),
                );
            }
            ui.separator();
            for area in &score.areas {
                let name = shared.template_name(&area.template_id);
                let text = format!("{name} {}/{}", area.earned, area.effective_cap);
                let mut rich = RichText::new(text).small();
                if area.veto {
                    rich = rich
                        .color(rating_color(crate::domain::Rating::Fail))
                        .strong();
                } else if area.earned < area.effective_cap {
                    rich = rich.color(rating_color(crate::domain::Rating::Pass));
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
    let english = shared.english;
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

    ui.label(RichText::new(template.name_in(english)).color(Color32::GRAY));
    ui.label(
        RichText::new(format!("{}. {}", index + 1, item.text_in(english)))
            .size(19.0)
            .strong(),
    );
    ui.horizontal_wrapped(|ui| {
        let unit = if english {
            item.unit.counter_en()
        } else {
            item.unit.counter_zh()
        };
        ui.label(format!("{} {} / {unit}", tr.deduction, item.deduction));
        if item.veto {
            ui.label(
                RichText::new(format!("⚠ {}", tr.veto_item))
                    .color(rating_color(crate::domain::Rating::Fail))
                    .strong(),
            );
        }
        if item.photo_required {
            ui.label(
                RichText::new(tr.photo_required).color(rating_color(crate::domain::Rating::Pass)),
            );
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
            let unit = if english {
                item.unit.counter_en()
            } else {
                item.unit.counter_zh()
            };
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
                ui.label(RichText::new(tr.no_last_result).color(Color32::GRAY));
            }
        }
    });
    cmd
}

fn confirm_ui(ui: &mut Ui, shared: &Shared, state: &mut WalkState, walk: &Walk) -> Option<Command> {
    let tr = shared.tr;
    let english = shared.english;
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
                    i18n::refusal_summary(
                        english,
                        refusal.unanswered.len(),
                        refusal.missing_photos.len()
                    )
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
