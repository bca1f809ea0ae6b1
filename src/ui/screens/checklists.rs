//! 模板 Checklists: the loaded templates and their items; problems with file:line; reload;
//! and the editor: a built-in checklist copied, or a user one opened, edited item by item with
//! live validation, and saved to the user folder as a higher version.

use std::path::PathBuf;

use egui::{RichText, Ui};

use crate::checklist::{DraftProblem, ItemDraft, Source, TemplateDraft};
use crate::domain::{Template, Unit};
use crate::ui::Command;
use crate::ui::palette;
use crate::ui::widgets::{Shared, confirm_modal};

/// Which template is shown, and the one being edited.
#[derive(Debug, Clone, Default)]
pub struct ChecklistsState {
    /// Template id.
    pub selected: Option<String>,
    /// The checklist being edited: kept while the user is on other screens, until it is saved
    /// or discarded.
    pub editor: Option<Editor>,
    /// The last checklist saved, said above it.
    pub saved: Option<SavedNote>,
}

/// Where the last edited checklist was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedNote {
    /// Template id.
    pub template_id: String,
    /// The file written.
    pub path: PathBuf,
    /// Its version.
    pub version: u32,
}

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

    /// The template the draft makes, or its problems.
    pub fn checked(&self) -> Result<&Template, &[DraftProblem]> {
        self.checked.as_ref().map_err(Vec::as_slice)
    }
}

/// What the editor asks for.
enum Outcome {
    Save(Box<Template>),
    Close,
}

/// Draws the Checklists screen.
pub fn ui(ui: &mut Ui, shared: &Shared, state: &mut ChecklistsState) -> Option<Command> {
    let tr = shared.tr;
    let english = shared.lang.is_english();
    let mut cmd = None;
    ui.horizontal(|ui| {
        ui.heading(tr.nav_checklists);
        if ui.button(tr.reload).clicked() {
            cmd = Some(Command::ReloadTemplates);
        }
        if ui.button(tr.print_blank).clicked() {
            cmd = Some(Command::PrintBlank(Vec::new()));
        }
        ui.label(
            RichText::new(shared.template_dir.display().to_string())
                .small()
                .color(palette::MUTED),
        );
    });
    if shared.catalog.problems.is_empty() {
        ui.label(RichText::new(format!("✓ {}", tr.no_problems)).color(palette::DONE));
    } else {
        ui.label(
            RichText::new(
                shared
                    .lang
                    .bracketed(tr.problems, &shared.catalog.problems.len().to_string()),
            )
            .strong()
            .color(ui.visuals().error_fg_color),
        );
        egui::ScrollArea::vertical()
            .id_salt("problems")
            .max_height(120.0)
            .show(ui, |ui| {
                for problem in &shared.catalog.problems {
                    ui.label(RichText::new(problem.to_string()).monospace());
                }
            });
    }
    ui.separator();
    // With nothing chosen the first template is shown.
    let shown = state.selected.clone().or_else(|| {
        shared
            .catalog
            .templates
            .first()
            .map(|l| l.template.id.clone())
    });
    let editing = state
        .editor
        .as_ref()
        .map(|e| (e.draft.id.clone(), e.changed()));
    egui::Panel::left("template_list")
        .resizable(true)
        .default_size(220.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("template_list")
                .show(ui, |ui| {
                    for loaded in &shared.catalog.templates {
                        let t = &loaded.template;
                        let selected = shown.as_deref() == Some(t.id.as_str());
                        let mut label = shared
                            .lang
                            .checklist_points(t.name_in(english), &t.points.to_string());
                        if shared.settings.checklists_off.contains(&t.id) {
                            label = shared.lang.bracketed(&label, tr.switched_off);
                        }
                        let mut text = RichText::new(&label);
                        if let Some((id, changed)) = &editing
                            && *id == t.id
                        {
                            let mark = if *changed {
                                tr.editor.unsaved
                            } else {
                                tr.editor.editing
                            };
                            text = RichText::new(shared.lang.bracketed(&label, mark));
                            // Red on the selection's blue is hard to read: red only beside it.
                            if *changed && !selected {
                                text = text.color(palette::ALERT);
                            }
                        }
                        if ui.add(egui::Button::selectable(selected, text)).clicked() {
                            state.selected = Some(t.id.clone());
                        }
                    }
                });
        });
    egui::CentralPanel::default().show(ui, |ui| {
        if let Some(editor) = &mut state.editor
            && shown.as_deref() == Some(editor.draft.id.as_str())
        {
            match editor_ui(ui, shared, editor) {
                Some(Outcome::Save(template)) => cmd = Some(Command::SaveChecklist(template)),
                Some(Outcome::Close) => state.editor = None,
                None => {}
            }
            return;
        }
        if let Some(c) = template_view(ui, shared, state, shown.as_deref()) {
            cmd = Some(c);
        }
    });
    cmd
}

/// The checklist shown read-only: its items, rules and deductions, and the button that opens
/// it in the editor.
fn template_view(
    ui: &mut Ui,
    shared: &Shared,
    state: &mut ChecklistsState,
    shown: Option<&str>,
) -> Option<Command> {
    let tr = shared.tr;
    let english = shared.lang.is_english();
    let mut cmd = None;
    let loaded = shown
        .and_then(|id| {
            shared
                .catalog
                .templates
                .iter()
                .find(|l| l.template.id == id)
        })
        .or_else(|| shared.catalog.templates.first())?;
    let t = &loaded.template;
    // The checklist being edited while another is shown: said, with the way back.
    if let Some(editor) = &state.editor {
        ui.horizontal_wrapped(|ui| {
            let mark = if editor.changed() {
                tr.editor.unsaved
            } else {
                tr.editor.editing
            };
            ui.label(
                RichText::new(shared.lang.bracketed(&editor.original.name, mark))
                    .color(palette::ALERT),
            );
            if ui.button(tr.editor.back_to_editor).clicked() {
                state.selected = Some(editor.draft.id.clone());
            }
        });
    }
    ui.heading(t.name_in(english));
    let source = match &loaded.source {
        Source::Builtin(name) => format!("{} {name}", tr.builtin),
        Source::File(path) => path.display().to_string(),
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "{} {} · {} {} · {} {} · {} {source}",
            tr.template_id, t.id, tr.version, t.version, tr.cap, t.points, tr.source
        ));
        let (edit, hint) = match loaded.source {
            Source::Builtin(_) => (tr.editor.copy_edit, tr.editor.copy_hint),
            Source::File(_) => (tr.editor.edit, tr.editor.edit_hint),
        };
        let free = state.editor.is_none();
        let button = ui
            .add_enabled(free, egui::Button::new(edit))
            .on_hover_text(hint)
            .on_disabled_hover_text(tr.editor.busy);
        if button.clicked() {
            cmd = Some(Command::EditChecklist(t.id.clone()));
        }
        if ui.button(tr.print_blank_one).clicked() {
            cmd = Some(Command::PrintBlank(vec![t.id.clone()]));
        }
    });
    if let Some(saved) = &state.saved
        && saved.template_id == t.id
    {
        ui.add(
            egui::Label::new(
                RichText::new(shared.lang.checklist_saved(&saved.path, saved.version))
                    .color(palette::DONE),
            )
            .wrap(),
        );
    }
    ui.separator();
    // One block per item: text, then its rule, then the deduction; text wraps to the width.
    egui::ScrollArea::vertical()
        .id_salt(("checklist_items", &t.id))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (n, item) in t.items.iter().enumerate() {
                let mut text =
                    RichText::new(format!("{}. {}", n + 1, item.text_in(english))).strong();
                if item.veto {
                    text = text.color(palette::ALERT);
                }
                ui.add(egui::Label::new(text).wrap());
                ui.indent(("item", n), |ui| {
                    ui.add(
                        egui::Label::new(
                            RichText::new(item.guidance_in(english)).color(palette::MUTED),
                        )
                        .wrap(),
                    );
                    let unit = shared.lang.counter(item.unit);
                    let mut line = format!("{} {} / {unit}", tr.deduction, item.deduction);
                    if item.veto {
                        line.push_str(&format!(" · ⚠ {}", tr.veto));
                    }
                    if item.photo_required {
                        line.push_str(&format!(" · {}", tr.photo_required));
                    }
                    ui.label(RichText::new(line).size(14.0));
                    if !item.reasons.is_empty() {
                        ui.add(
                            egui::Label::new(
                                RichText::new(
                                    shared
                                        .lang
                                        .labelled(tr.item_reasons, item.reasons.join("、")),
                                )
                                .color(palette::MUTED),
                            )
                            .wrap(),
                        );
                    }
                });
                ui.add_space(8.0);
            }
        });
    cmd
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
fn editor_ui(ui: &mut Ui, shared: &Shared, editor: &mut Editor) -> Option<Outcome> {
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
        ui.horizontal_wrapped(|ui| {
            ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
            let label = ui.label(tr.deduction);
            ui.add(
                egui::TextEdit::singleline(&mut item.deduction)
                    .id_salt(("checklist_editor", key.as_str(), "deduction"))
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
