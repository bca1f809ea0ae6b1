//! 模板 Checklists: the loaded templates and their items; problems with file:line; reload.

use egui::{RichText, Ui};

use crate::ui::Command;
use crate::ui::palette;
use crate::ui::widgets::Shared;

/// Which template is shown.
#[derive(Debug, Clone, Default)]
pub struct ChecklistsState {
    /// Template id.
    pub selected: Option<String>,
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
    egui::Panel::left("template_list")
        .resizable(true)
        .default_size(220.0)
        .show(ui, |ui| {
            // With nothing chosen the first template is shown, so it is the one marked.
            let shown = state.selected.clone().or_else(|| {
                shared
                    .catalog
                    .templates
                    .first()
                    .map(|l| l.template.id.clone())
            });
            for loaded in &shared.catalog.templates {
                let t = &loaded.template;
                let selected = shown.as_deref() == Some(t.id.as_str());
                let mut label = shared
                    .lang
                    .checklist_points(t.name_in(english), &t.points.to_string());
                if shared.settings.checklists_off.contains(&t.id) {
                    label = shared.lang.bracketed(&label, tr.switched_off);
                }
                if ui.add(egui::Button::selectable(selected, label)).clicked() {
                    state.selected = Some(t.id.clone());
                }
            }
        });
    egui::CentralPanel::default().show(ui, |ui| {
        let Some(loaded) = state
            .selected
            .as_deref()
            .and_then(|id| {
                shared
                    .catalog
                    .templates
                    .iter()
                    .find(|l| l.template.id == id)
            })
            .or_else(|| shared.catalog.templates.first())
        else {
            return;
        };
        let t = &loaded.template;
        ui.heading(t.name_in(english));
        let source = match &loaded.source {
            crate::checklist::Source::Builtin(name) => format!("{} {name}", tr.builtin),
            crate::checklist::Source::File(path) => path.display().to_string(),
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{} {} · {} {} · {} {} · {} {source}",
                tr.template_id, t.id, tr.version, t.version, tr.cap, t.points, tr.source
            ));
            if ui.button(tr.print_blank_one).clicked() {
                cmd = Some(Command::PrintBlank(vec![t.id.clone()]));
            }
        });
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
    });
    cmd
}
