//! The 绩效金额 section of the Settings screen: 每分金额 and the per-item fixed amounts of the
//! hall's money rule. Each change is checked here and saved at once as
//! [`Command::SaveMoney`]; the saved rule comes back through [`Shared::money`].

use egui::{RichText, Ui};

use crate::domain::{FixedAmount, Money, MoneyRule};
use crate::ui::Command;
use crate::ui::widgets::{Shared, labelled_text};

/// The section's fields as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MoneyState {
    /// 每分金额 as typed (empty: none).
    pub per_point: String,
    /// The checklist of a new fixed amount.
    pub template_id: Option<String>,
    /// Its item.
    pub item_id: Option<String>,
    /// Its amount as typed.
    pub amount: String,
    /// The last refusal, in the UI's language.
    pub problem: Option<String>,
}

impl MoneyState {
    /// Fills the fields from the saved rule; a new fixed amount's choice stays.
    pub fn load(&mut self, rule: &MoneyRule) {
        self.per_point = rule.per_point.map(Money::short_text).unwrap_or_default();
        self.amount.clear();
        self.problem = None;
    }
}

/// Draws the section; returns the rule to save when the user changed it.
pub fn money_ui(ui: &mut Ui, shared: &Shared, state: &mut MoneyState) -> Option<Command> {
    let tr = shared.tr;
    let english = shared.lang.is_english();
    let mut cmd = None;
    ui.label(RichText::new(tr.money_heading).size(18.0).strong());
    ui.label(RichText::new(tr.money_hint).weak());
    if shared.money_unread.is_some() {
        ui.colored_label(ui.visuals().error_fg_color, tr.money_unread);
    }
    // What a change starts from: the saved rule (nothing, when it could not be read).
    let saved = shared.money;
    ui.horizontal(|ui| {
        labelled_text(ui, tr.money_per_point, &mut state.per_point, 90.0);
        ui.label(RichText::new(tr.money_per_point_none).weak());
        if ui.button(tr.money_save).clicked() {
            let text = state.per_point.trim();
            let per_point = if text.is_empty() {
                Ok(None)
            } else {
                Money::parse(text).map(Some)
            };
            match per_point {
                Ok(per_point) => {
                    state.problem = None;
                    cmd = Some(Command::SaveMoney(MoneyRule {
                        per_point,
                        ..saved.clone()
                    }));
                }
                Err(_) => state.problem = Some(tr.money_bad_amount.to_owned()),
            }
        }
    });

    ui.label(tr.money_fixed);
    if saved.fixed.is_empty() {
        ui.label(RichText::new(tr.money_no_fixed).weak());
    }
    egui::Grid::new("money_fixed")
        .num_columns(4)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for (n, fixed) in saved.fixed.iter().enumerate() {
                let item = shared
                    .catalog
                    .template(&fixed.template_id)
                    .and_then(|t| t.item(&fixed.item_id));
                ui.label(shared.template_name(&fixed.template_id));
                match item {
                    Some(item) => ui.label(item.text_in(english)),
                    None => ui.label(format!("{} {}", fixed.item_id, tr.money_item_gone)),
                };
                let per = item.map_or_else(
                    || shared.lang.per_unit(crate::domain::Unit::PerOccurrence),
                    |i| shared.lang.per_unit(i.unit),
                );
                ui.label(format!("{} {}", fixed.amount.short_text(), per));
                if ui
                    .add(egui::Button::new(tr.money_remove))
                    .on_hover_text(format!("{} {}", tr.money_remove, fixed.item_id))
                    .clicked()
                {
                    let mut rule = saved.clone();
                    rule.fixed.remove(n);
                    cmd = Some(Command::SaveMoney(rule));
                }
                ui.end_row();
            }
        });

    // A new fixed amount: checklist, item, amount.
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(tr.money_checklist);
        let chosen = state
            .template_id
            .as_deref()
            .and_then(|id| shared.catalog.template(id));
        egui::ComboBox::from_id_salt("money_template")
            .selected_text(chosen.map_or(tr.money_choose, |t| t.name_in(english)))
            .show_ui(ui, |ui| {
                for loaded in &shared.catalog.templates {
                    let t = &loaded.template;
                    let on = state.template_id.as_deref() == Some(t.id.as_str());
                    if ui.selectable_label(on, t.name_in(english)).clicked() && !on {
                        state.template_id = Some(t.id.clone());
                        state.item_id = None;
                    }
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label(tr.money_item);
        let item = chosen.and_then(|t| t.item(state.item_id.as_deref()?));
        egui::ComboBox::from_id_salt("money_item")
            .selected_text(item.map_or(tr.money_choose, |i| i.text_in(english)))
            .width(260.0)
            .show_ui(ui, |ui| {
                for i in chosen.map(|t| t.items.as_slice()).unwrap_or_default() {
                    ui.selectable_value(&mut state.item_id, Some(i.id.clone()), i.text_in(english));
                }
            })
            .response
            .labelled_by(label.id);
        labelled_text(ui, tr.money_amount, &mut state.amount, 70.0);
        if ui.button(tr.money_add).clicked() {
            match (chosen, item, Money::parse(&state.amount)) {
                (Some(t), Some(i), Ok(amount)) => {
                    let mut rule = saved.clone();
                    rule.fixed
                        .retain(|f| !(f.template_id == t.id && f.item_id == i.id));
                    rule.fixed.push(FixedAmount {
                        template_id: t.id.clone(),
                        item_id: i.id.clone(),
                        amount,
                    });
                    state.problem = None;
                    cmd = Some(Command::SaveMoney(rule));
                }
                (Some(_), Some(_), Err(_)) => {
                    state.problem = Some(tr.money_bad_amount.to_owned());
                }
                _ => state.problem = Some(tr.money_choose_item.to_owned()),
            }
        }
    });
    if let Some(problem) = &state.problem {
        ui.colored_label(ui.visuals().error_fg_color, problem);
    }
    cmd
}
