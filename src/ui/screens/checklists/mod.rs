//! 模板 Checklists: the loaded templates and their items; problems with file:line; reload;
//! and the editor: a built-in checklist copied, or a user one opened, edited item by item with
//! live validation, and saved to the user folder as a higher version.

use std::path::PathBuf;

use egui::{RichText, Ui};

use crate::checklist::Source;
use crate::ui::Command;
use crate::ui::palette;
use crate::ui::widgets::Shared;

mod editor;

pub use editor::Editor;
use editor::{Outcome, editor_ui};

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
        // Room for a name with its mark (（未保存）) on one line.
        .min_size(200.0)
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
                        if !shared.settings.uses(t) {
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
                RichText::new(shared.lang.bracketed(editor.original_name(), mark))
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
                    let mut line = shared.item_points(item);
                    if item.veto {
                        line.push_str(&format!(" · ⚠ {}", tr.veto));
                    }
                    if item.photo_required {
                        line.push_str(&format!(" · {}", tr.photo_required));
                    }
                    ui.label(RichText::new(line).size(14.0));
                    if let Some(violation) = item.violation.as_deref().filter(|_| !english) {
                        ui.label(
                            RichText::new(shared.lang.labelled(tr.editor.violation, violation))
                                .color(palette::MUTED),
                        );
                    }
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
