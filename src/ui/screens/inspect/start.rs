//! The start form of the Inspect screen: hall, inspector, day, shift, kind and checklists; the
//! open drafts are offered above it.

use egui::{RichText, Ui};

use crate::domain::{InspectionKind, Shift};
use crate::ui::Command;
use crate::ui::palette;
use crate::ui::widgets::{Shared, confirm_modal, date_input, draft_line, parse_date};

use super::InspectState;

/// Draws the open drafts and the start form.
pub(super) fn ui(ui: &mut Ui, shared: &Shared, state: &mut InspectState) -> Option<Command> {
    let drafts = shared.drafts;
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
        ui.label(RichText::new(line).strong().color(palette::DONE));
        ui.separator();
    }
    egui::ScrollArea::vertical()
        .id_salt("inspect_start")
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
                            state.confirm_discard = Some(draft.clone());
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

                    // 自查 unless another is chosen; each a button (Tab, then Space or Enter).
                    ui.label(tr.kind);
                    ui.horizontal_wrapped(|ui| {
                        for kind in InspectionKind::ALL {
                            if ui
                                .selectable_label(form.kind == kind, shared.lang.kind_long(kind))
                                .clicked()
                            {
                                form.kind = kind;
                            }
                        }
                    });
                    ui.end_row();

                    ui.label(tr.checklists);
                    ui.vertical(|ui| {
                        ui.checkbox(&mut form.all, tr.all_checklists);
                        if !form.all {
                            ui.horizontal_wrapped(|ui| {
                                for template in shared.in_use() {
                                    let id = &template.id;
                                    let mut on = form.chosen.contains(id);
                                    if ui
                                        .checkbox(
                                            &mut on,
                                            template.name_in(shared.lang.is_english()),
                                        )
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
                .in_use()
                .map(|t| t.id.clone())
                .filter(|id| form.all || form.chosen.contains(id))
                .collect();
            let ready = form.hall_id.is_some()
                && !form.inspector.trim().is_empty()
                && date.is_some()
                && !template_ids.is_empty();
            let shift = form.shift.unwrap_or(Shift::FullDay);
            let kind = form.kind;
            let start_command = |hall_id, date| Command::StartInspection {
                hall_id,
                inspector: form.inspector.trim().to_owned(),
                date,
                shift,
                kind,
                template_ids: template_ids.clone(),
            };
            // A draft of the same hall, day, shift, kind and checklists is offered first.
            let open_draft = drafts.iter().find(|d| {
                Some(d.hall_id) == form.hall_id
                    && Some(d.date) == date
                    && d.shift == shift
                    && d.kind == kind
                    && same_checklists(&d.template_ids, &template_ids)
            });
            let big = |text: &str| {
                egui::Button::new(RichText::new(text).size(18.0)).min_size(egui::vec2(160.0, 36.0))
            };
            match open_draft {
                Some(draft) => {
                    ui.label(
                        RichText::new(shared.lang.draft_exists(draft.answered))
                            .color(palette::PENDING),
                    );
                    ui.horizontal(|ui| {
                        if ui.add(big(tr.resume_this_draft)).clicked() {
                            cmd = Some(Command::ResumeDraft(draft.id));
                        }
                        if ui
                            .add_enabled(ready, egui::Button::new(tr.start_another))
                            .clicked()
                            && let (Some(hall_id), Some(date)) = (form.hall_id, date)
                        {
                            cmd = Some(start_command(hall_id, date));
                        }
                    });
                }
                None => {
                    if ui.add_enabled(ready, big(tr.start)).clicked()
                        && let (Some(hall_id), Some(date)) = (form.hall_id, date)
                    {
                        cmd = Some(start_command(hall_id, date));
                    }
                }
            }
        });
    if let Some(c) = confirm_discard(ui, shared, state) {
        cmd = Some(c);
    }
    cmd
}

/// Asks before a draft, its answers and photos are deleted for good.
fn confirm_discard(ui: &mut Ui, shared: &Shared, state: &mut InspectState) -> Option<Command> {
    let draft = state.confirm_discard.clone()?;
    let tr = shared.tr;
    let answer = confirm_modal(ui, "confirm_discard", tr.discard, tr.cancel, |ui| {
        ui.label(shared.lang.discard_question(
            &draft.hall_name,
            &format!(
                "{} {} {}",
                draft.date,
                shared.shift_name(draft.shift),
                shared.kind_name(draft.kind)
            ),
            draft.answered,
        ));
    })?;
    state.confirm_discard = None;
    answer.then_some(Command::DiscardDraft(draft.id))
}

/// Whether a draft's checklists (space-separated ids) are the ones chosen, in any order.
fn same_checklists(draft: &str, chosen: &[String]) -> bool {
    let mut a: Vec<&str> = draft.split_whitespace().collect();
    let mut b: Vec<&str> = chosen.iter().map(String::as_str).collect();
    a.sort_unstable();
    b.sort_unstable();
    a == b
}
