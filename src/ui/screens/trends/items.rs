//! The failed answers of one Pareto item, in a window over the Trends charts.

use egui::RichText;

use crate::store::joined_names;
use crate::ui::Command;
use crate::ui::widgets::Shared;

use super::{ItemList, TrendsView};

/// The failed answers of the item clicked in the Pareto list, in a window over the charts
/// (where the eye is); a date opens its inspection, Esc or Close closes it.
pub(super) fn item_list(
    ui: &mut egui::Ui,
    shared: &Shared,
    view: &TrendsView,
    list: &ItemList,
) -> Option<Command> {
    let mut command = None;
    let modal = egui::Modal::new(egui::Id::unique("trends_item_list")).show(ui.ctx(), |ui| {
        ui.set_max_width(760.0);
        egui::ScrollArea::vertical()
            .max_height(480.0)
            .show(ui, |ui| command = item_table(ui, shared, view, list));
    });
    if modal.should_close() && command.is_none() {
        command = Some(Command::CloseItemList);
    }
    command
}

fn item_table(
    ui: &mut egui::Ui,
    shared: &Shared,
    view: &TrendsView,
    list: &ItemList,
) -> Option<Command> {
    let t = shared.tr.report;
    let mut command = None;
    let text = view
        .pareto
        .as_ref()
        .and_then(|p| {
            p.items
                .iter()
                .find(|i| i.template_id == list.template_id && i.item_id == list.item_id)
        })
        .map_or(list.item_id.as_str(), |i| {
            i.finding_in(shared.lang.is_english())
        });
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(shared.lang.labelled(t.item_list, text)).strong());
        if ui.button(t.close).clicked() {
            command = Some(Command::CloseItemList);
        }
    });
    egui::Grid::new("trends_item_list")
        .striped(true)
        .show(ui, |ui| {
            for head in [t.date, t.count, t.col_deducted, t.staff, t.note] {
                ui.label(RichText::new(head).strong());
            }
            ui.end_row();
            for o in &list.occurrences {
                if ui.link(o.date.to_string()).clicked() {
                    command = Some(Command::OpenInspection(o.inspection_id));
                }
                ui.label(o.count.to_string());
                ui.label(o.deduction.to_string());
                ui.label(joined_names(&o.staff).as_ref());
                ui.label(&o.note);
                ui.end_row();
            }
        });
    command
}
