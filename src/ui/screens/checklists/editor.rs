//! The checklist editor: a built-in checklist copied, or a user one opened, edited item by item
//! with live validation; what it asks for is returned to the Checklists screen.

use egui::{RichText, Ui};

use crate::checklist::{DraftProblem, ItemDraft, TemplateDraft};
use crate::domain::{Template, Unit};
use crate::ui::palette;
use crate::ui::widgets::{Shared, confirm_modal};

/// What waits for the user's answer in the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Confirm {
    /// Remove the item at this index.
    Remove(usize),
    /// Discard every change.
    Discard,
}

/// A checklist being edited: the draft as typed, the draft it started as, and the result of
/// checking it (a template, or every problem with its item).
#[derive(Debug, Clone)]
pub struct Editor {
    /// The fields as typed.
    pub draft: TemplateDraft,
    original: TemplateDraft,
    checked: Result<Template, Vec<DraftProblem>>,
    confirm: Option<Confirm>,
}

impl Editor {
    /// Starts editing `draft`.
    pub fn new(draft: TemplateDraft) -> Editor {
        let checked = draft.check();
        Editor {
            original: draft.clone(),
            draft,
            checked,
            confirm: None,
        }
    }

    /// Something was typed, added, moved or removed since editing began.
    pub fn changed(&self) -> bool {
        self.draft != self.original
    }

    /// The checklist's name as it was when editing began.
    pub fn original_name(&self) -> &str {
        &self.original.name
    }

    /// The template the draft makes, or its problems.
    pub fn checked(&self) -> Result<&Template, &[DraftProblem]> {
        self.checked.as_ref().map_err(Vec::as_slice)
    }
}

/// What the editor asks for.
pub(super) enum Outcome {
    Save(Box<Template>),
    Close,
}

/// Width of the labels before the editor's fields.
const LABEL_WIDTH: f32 = 104.0;

/// A field with its label before it (wrapped to [`LABEL_WIDTH`]), linked for screen readers.
fn field(ui: &mut Ui, label: &str, add: impl FnOnce(&mut Ui) -> egui::Response) {
    ui.horizontal_top(|ui| {
        let label = ui
            .allocate_ui_with_layout(
                egui::vec2(LABEL_WIDTH, 0.0),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    ui.set_width(LABEL_WIDTH);
                    ui.add(egui::Label::new(label).wrap())
                },
            )
            .inner;
        add(ui).labelled_by(label.id);
    });
}

/// A one-line text field filling the row.
fn line_edit<'t>(
    text: &'t mut String,
    salt: (&str, &str),
) -> impl FnOnce(&mut Ui) -> egui::Response + 't {
    let id = ("checklist_editor", salt.0.to_owned(), salt.1.to_owned());
    move |ui: &mut Ui| {
        let width = ui.available_width();
        ui.add(
            egui::TextEdit::singleline(text)
                .id_salt(id)
                .desired_width(width),
        )
    }
}

/// A text field of `rows` lines filling the row.
fn text_edit<'t>(
    text: &'t mut String,
    salt: (&str, &str),
    rows: usize,
    hint: &'t str,
) -> impl FnOnce(&mut Ui) -> egui::Response + 't {
    let id = ("checklist_editor", salt.0.to_owned(), salt.1.to_owned());
    move |ui: &mut Ui| {
        let width = ui.available_width();
        ui.add(
            egui::TextEdit::multiline(text)
                .id_salt(id)
                .desired_rows(rows)
                .desired_width(width)
                .hint_text(hint),
        )
    }
}

/// The editor: save and cancel, the problems, the checklist's fields, then each item's.
pub(super) fn editor_ui(ui: &mut Ui, shared: &Shared, editor: &mut Editor) -> Option<Outcome> {
    let tr = shared.tr;
    let et = tr.editor;
    let lang = shared.lang;
    let before = editor.draft.clone();
    let mut outcome = None;
    ui.horizontal_wrapped(|ui| {
        ui.heading(lang.labelled(et.heading, &editor.original.name));
        if editor.changed() {
            ui.label(
                RichText::new(format!("● {}", et.unsaved))
                    .strong()
                    .color(palette::ALERT),
            );
        }
    });
    ui.horizontal_wrapped(|ui| {
        let save = ui.add_enabled(
            editor.checked.is_ok(),
            egui::Button::new(RichText::new(tr.save).strong()),
        );
        if save.clicked()
            && let Ok(template) = &editor.checked
        {
            outcome = Some(Outcome::Save(Box::new(template.clone())));
        }
        if ui.button(tr.cancel).clicked() {
            if editor.changed() {
                editor.confirm = Some(Confirm::Discard);
            } else {
                outcome = Some(Outcome::Close);
            }
        }
        ui.label(
            RichText::new(format!(
                "{} {} · {}",
                tr.template_id,
                editor.draft.id,
                lang.saves_as(editor.draft.version, shared.template_dir)
            ))
            .color(palette::MUTED),
        );
    });
    problems_ui(ui, shared, editor);
    ui.separator();
    let mut confirm = None;
    egui::ScrollArea::vertical()
        .id_salt(("checklist_editor", editor.draft.id.as_str()))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let draft = &mut editor.draft;
            let id = draft.id.clone();
            field(ui, et.name, line_edit(&mut draft.name, (&id, "name")));
            field(
                ui,
                et.name_en,
                line_edit(&mut draft.name_en, (&id, "name_en")),
            );
            field(ui, tr.cap, |ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut draft.points)
                        .id_salt(("checklist_editor", id.as_str(), "points"))
                        .desired_width(72.0),
                )
            });
            field(ui, et.max_points, |ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut draft.max_points)
                        .id_salt(("checklist_editor", id.as_str(), "max_points"))
                        .desired_width(72.0),
                )
            });
            ui.add(egui::Label::new(RichText::new(et.hint).color(palette::MUTED)).wrap());
            ui.add_space(6.0);
            let count = draft.items.len();
            let mut moved = None;
            for (n, item) in draft.items.iter_mut().enumerate() {
                let in_error = editor
                    .checked
                    .as_ref()
                    .err()
                    .is_some_and(|p| p.iter().any(|p| p.item == Some(n)));
                if let Some(action) = item_ui(ui, shared, item, n, count, in_error) {
                    match action {
                        ItemAction::Move(up) => moved = Some((n, up)),
                        ItemAction::Remove => confirm = Some(Confirm::Remove(n)),
                    }
                }
                ui.add_space(6.0);
            }
            if let Some((n, up)) = moved {
                draft.move_item(n, up);
            }
            if ui.button(format!("+ {}", et.add_item)).clicked() {
                draft.add_item();
            }
            ui.add_space(12.0);
        });
    if confirm.is_some() {
        editor.confirm = confirm;
    }
    match editor.confirm {
        Some(Confirm::Remove(n)) => {
            let text = editor
                .draft
                .items
                .get(n)
                .map(|i| i.text.clone())
                .unwrap_or_default();
            let answer = confirm_modal(ui, "remove_item", et.remove_confirm, tr.cancel, |ui| {
                ui.label(lang.remove_item_question(n + 1, &text));
            });
            if let Some(remove) = answer {
                editor.confirm = None;
                if remove {
                    editor.draft.remove_item(n);
                }
            }
        }
        Some(Confirm::Discard) => {
            let answer = confirm_modal(ui, "discard_edits", et.discard, et.keep_editing, |ui| {
                ui.label(et.discard_question);
            });
            if let Some(discard) = answer {
                editor.confirm = None;
                if discard {
                    outcome = Some(Outcome::Close);
                }
            }
        }
        None => {}
    }
    // Every change is checked at once: the draft is written as a file and read back.
    if editor.draft != before {
        editor.checked = editor.draft.check();
    }
    outcome
}

/// ✓ or the draft's problems, each with the item it is in, as `templates check` words them.
fn problems_ui(ui: &mut Ui, shared: &Shared, editor: &Editor) {
    let et = shared.tr.editor;
    let problems = match &editor.checked {
        Ok(_) => {
            ui.label(RichText::new(format!("✓ {}", et.ok)).color(palette::DONE));
            return;
        }
        Err(problems) => problems,
    };
    let error = ui.visuals().error_fg_color;
    ui.label(
        RichText::new(
            shared
                .lang
                .bracketed(et.problems, &problems.len().to_string()),
        )
        .strong()
        .color(error),
    );
    egui::ScrollArea::vertical()
        .id_salt("draft_problems")
        .max_height(96.0)
        .show(ui, |ui| {
            for p in problems {
                let place = match p.item {
                    Some(n) => shared.lang.item_number(n + 1),
                    None => et.whole.to_owned(),
                };
                ui.add(
                    egui::Label::new(
                        RichText::new(shared.lang.labelled(&place, &p.problem.message))
                            .color(error),
                    )
                    .wrap(),
                )
                .on_hover_text(p.problem.to_string());
            }
        });
}

/// What an item's buttons ask for.
enum ItemAction {
    /// Up (true) or down.
    Move(bool),
    /// Remove, after asking.
    Remove,
}

/// One item of the draft in a frame: its number and id with the move and remove buttons, then
/// its fields. An item with a problem has a red frame.
fn item_ui(
    ui: &mut Ui,
    shared: &Shared,
    item: &mut ItemDraft,
    n: usize,
    count: usize,
    in_error: bool,
) -> Option<ItemAction> {
    let tr = shared.tr;
    let et = tr.editor;
    let lang = shared.lang;
    let mut action = None;
    let mut frame = egui::Frame::group(ui.style());
    if in_error {
        frame = frame.stroke(egui::Stroke::new(1.5, ui.visuals().error_fg_color));
    }
    frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        let key = item.id.clone();
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(lang.item_number(n + 1)).strong());
            ui.label(RichText::new(&key).monospace().color(palette::MUTED));
            if in_error {
                ui.label(
                    RichText::new(format!("⚠ {}", et.item_has_problem))
                        .color(ui.visuals().error_fg_color),
                );
            }
            if ui
                .add_enabled(n > 0, egui::Button::new(et.move_up))
                .clicked()
            {
                action = Some(ItemAction::Move(true));
            }
            if ui
                .add_enabled(n + 1 < count, egui::Button::new(et.move_down))
                .clicked()
            {
                action = Some(ItemAction::Move(false));
            }
            if ui.button(et.remove).clicked() {
                action = Some(ItemAction::Remove);
            }
        });
        field(ui, et.text, line_edit(&mut item.text, (&key, "text")));
        field(
            ui,
            et.text_en,
            line_edit(&mut item.text_en, (&key, "text_en")),
        );
        field(
            ui,
            et.violation,
            text_edit(
                &mut item.violation,
                (&key, "violation"),
                1,
                et.violation_hint,
            ),
        );
        ui.horizontal_wrapped(|ui| {
            ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
            let label = ui.label(tr.deduction);
            ui.add(
                egui::TextEdit::singleline(&mut item.deduction)
                    .id_salt(("checklist_editor", key.as_str(), "deduction"))
                    .desired_width(64.0),
            )
            .labelled_by(label.id);
            let label = ui.label(et.deduction_max);
            ui.add(
                egui::TextEdit::singleline(&mut item.deduction_max)
                    .id_salt(("checklist_editor", key.as_str(), "deduction_max"))
                    .desired_width(64.0),
            )
            .labelled_by(label.id);
            let label = ui.label(et.item_value);
            ui.add(
                egui::TextEdit::singleline(&mut item.value)
                    .id_salt(("checklist_editor", key.as_str(), "value"))
                    .desired_width(64.0),
            )
            .labelled_by(label.id);
            let label = ui.label(et.unit);
            egui::ComboBox::from_id_salt(("checklist_editor", key.as_str(), "unit"))
                .selected_text(lang.per_unit(item.unit))
                .show_ui(ui, |ui| {
                    for unit in [Unit::PerOccurrence, Unit::PerPlace, Unit::PerPersonTime] {
                        ui.selectable_value(&mut item.unit, unit, lang.per_unit(unit));
                    }
                })
                .response
                .labelled_by(label.id);
            ui.checkbox(&mut item.bonus, et.bonus_item);
            ui.checkbox(&mut item.veto, tr.veto);
            ui.checkbox(&mut item.photo_required, tr.photo_required);
            ui.checkbox(&mut item.reason_required, et.reason_required);
        });
        field(
            ui,
            tr.guidance,
            text_edit(&mut item.guidance, (&key, "guidance"), 2, ""),
        );
        field(
            ui,
            et.guidance_en,
            text_edit(&mut item.guidance_en, (&key, "guidance_en"), 1, ""),
        );
        field(
            ui,
            et.reasons,
            text_edit(&mut item.reasons, (&key, "reasons"), 2, et.reasons_hint),
        );
    });
    action
}
