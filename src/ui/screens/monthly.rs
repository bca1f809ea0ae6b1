//! 月度考核 / Monthly sheet screen: one hall's month as the familiar table 序号 / 考核内容 /
//! 分值 / 扣分 / 得分 / 扣分原因 with its total and the rule of the month's score, and the
//! person-time deductions per staff member; in a month with a bonus, a 加分 column after 扣分;
//! where the hall has a money rule, a 金额（元） column beside the points in both tables; then
//! the month's rectifications (本月整改情况) with their state and the on-time rate.
//!
//! Draws only from the loaded [`MonthlyView`]; a new hall or month comes back as
//! [`Command::LoadMonthly`] and the reader loads it.

use chrono::{Datelike, NaiveDate};
use egui::RichText;

use crate::domain::{Money, Points, Status};
use crate::export::ExportFormat;
use crate::report::{MonthlyRowKind, MonthlySheet, Period};
use crate::store::InspectionFilter;
use crate::ui::Command;
use crate::ui::widgets::{Shared, entered, fixed_cell, hall_choice, month_field};

/// What the screen remembers between frames.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MonthlyState {
    /// The hall shown.
    pub hall_id: Option<i64>,
    /// The month as typed (`YYYY-MM`).
    pub month_text: String,
    /// The typed month is not a month.
    pub bad_month: bool,
}

/// The data the screen draws from, loaded by the reader when the filter changes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MonthlyView {
    /// The sheet of the chosen hall and month.
    pub sheet: Option<MonthlySheet>,
    /// The hall and month being read, while a read is on its way.
    pub loading: Option<(i64, Period)>,
}

/// The calendar month containing `day`.
pub fn month_of(day: NaiveDate) -> Option<Period> {
    Period::month(day.year(), day.month()).ok()
}

/// Draws the screen; returns what the user asked for.
pub fn ui(
    ui: &mut egui::Ui,
    shared: &Shared,
    state: &mut MonthlyState,
    view: &MonthlyView,
) -> Option<Command> {
    let t = shared.tr.report;
    let mut command = None;
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        changed |= hall_choice(
            ui,
            t.hall,
            t.choose_hall,
            shared.halls,
            "monthly_hall",
            &mut state.hall_id,
        );
        ui.separator();
        let (moved, edit) = month_field(ui, shared, t.month, &mut state.month_text, 80.0);
        changed |= moved;
        let enter = entered(ui, &edit);
        changed |= ui.button(t.show).clicked() || enter;
        if state.bad_month {
            ui.colored_label(ui.visuals().error_fg_color, t.bad_month);
        }
        if view.loading.is_some() {
            ui.spinner();
        }
    });
    if changed {
        let month = Period::parse(&state.month_text)
            .ok()
            .filter(Period::is_calendar_month);
        state.bad_month = month.is_none();
        if let (Some(hall_id), Some(month)) = (state.hall_id, month) {
            command = Some(Command::LoadMonthly { hall_id, month });
        }
    }

    let Some(sheet) = &view.sheet else {
        if view.loading.is_none() {
            ui.label(t.choose_hall);
        }
        return command;
    };
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        ui.heading(format!(
            "{} {} {}",
            sheet.hall.name,
            sheet.period.from.format("%Y-%m"),
            t.monthly_heading
        ));
        // What the sheet shows: the hall's submitted inspections of the month.
        let shown = InspectionFilter {
            hall_id: Some(sheet.hall.id),
            from: Some(sheet.period.from),
            to: Some(sheet.period.to),
            status: Some(Status::Submitted),
            ..InspectionFilter::default()
        };
        for (format, label) in [
            (ExportFormat::Xlsx, shared.tr.export_excel),
            (ExportFormat::Pdf, shared.tr.export_pdf),
        ] {
            if ui.button(label).clicked() {
                command = Some(Command::Export {
                    format,
                    filter: shown.clone(),
                });
            }
        }
    });
    let score = match (sheet.score, sheet.rating) {
        (Some(score), Some(rating)) => shared
            .lang
            .bracketed(&score.to_string(), shared.lang.rating(rating)),
        (Some(score), None) => score.to_string(),
        _ => "—".into(),
    };
    let mut figures = format!(
        "{} {}  {} {}  {} {}",
        t.inspections, sheet.inspections, t.month_score, score, t.vetoes, sheet.veto_count
    );
    if let Some(total) = sheet.total_amount() {
        figures.push_str(&format!("  {} {total}", t.total_amount));
    }
    ui.label(figures);
    if sheet.inspections == 0 {
        ui.label(t.no_inspections);
    }
    ui.add_space(4.0);
    let money = sheet.money.is_some();
    let bonus = sheet.has_bonus();
    let reasons_width =
        (ui.available_width() - if money { 650.0 } else { 560.0 } - if bonus { 62.0 } else { 0.0 })
            .max(220.0);
    let figure = |value: Option<Points>| value.map(|v| v.to_string()).unwrap_or_default();
    let amount = |value: Option<Money>| value.map(|v| v.to_string()).unwrap_or_default();
    egui::ScrollArea::vertical()
        .id_salt("monthly")
        .show(ui, |ui| {
            egui::Grid::new("monthly_sheet")
                .striped(true)
                .num_columns(6 + usize::from(money) + usize::from(bonus))
                .spacing([14.0, 6.0])
                .show(ui, |ui| {
                    let mut heads = vec![
                        t.col_no,
                        t.col_content,
                        t.col_points,
                        t.col_deducted,
                        t.col_score,
                        t.col_reasons,
                    ];
                    if bonus {
                        heads.insert(4, t.col_bonus);
                    }
                    if money {
                        heads.insert(heads.len() - 1, t.col_amount);
                    }
                    for head in heads {
                        ui.label(RichText::new(head).strong());
                    }
                    ui.end_row();
                    for row in &sheet.rows {
                        let area = match &row.kind {
                            MonthlyRowKind::Area(area) => Some(*area),
                            MonthlyRowKind::Item { .. } => None,
                        };
                        let strong = |text: String| {
                            if area.is_some() {
                                RichText::new(text).strong()
                            } else {
                                RichText::new(text)
                            }
                        };
                        ui.label(strong(row.no.clone()));
                        let content = match area {
                            Some(a) if shared.lang.is_english() => a.name_en().to_owned(),
                            Some(_) => row.content.clone(),
                            None => format!("  {}", row.content),
                        };
                        fixed_cell(ui, 260.0, strong(content));
                        number(ui, strong(figure(row.points)));
                        number(ui, strong(figure(row.deducted)));
                        if bonus {
                            number(ui, strong(figure(row.bonus)));
                        }
                        number(ui, strong(figure(row.score)));
                        if money {
                            number(ui, strong(amount(row.amount)));
                        }
                        fixed_cell(ui, reasons_width, row.reasons.as_str());
                        ui.end_row();
                    }
                    ui.label("");
                    ui.label(RichText::new(t.total).strong());
                    number(ui, RichText::new(sheet.total_points().to_string()).strong());
                    number(ui, RichText::new(figure(sheet.total_deducted())).strong());
                    if bonus {
                        number(ui, RichText::new(figure(sheet.total_bonus())).strong());
                    }
                    number(ui, RichText::new(figure(sheet.total_score())).strong());
                    if money {
                        number(ui, RichText::new(amount(sheet.total_amount())).strong());
                    }
                    ui.label(RichText::new(format!("{} {score}", t.month_score)).strong());
                    ui.end_row();
                });
            ui.add_space(6.0);
            // The rule as the printed sheet's footnote gives it (in English, translated).
            let rule = if shared.lang.is_english() {
                let mut rule = t.month_rule.to_owned();
                if let (true, Some(total), Some(score)) =
                    (sheet.converted(), sheet.total_score(), sheet.score)
                {
                    let sum = format!("{total} ÷ {} × 100 = {score}", sheet.total_points());
                    rule.push('\n');
                    rule.push_str(&shared.lang.labelled(t.month_converted, sum));
                }
                if let Some(money) = &sheet.money {
                    rule.push('\n');
                    rule.push_str(&shared.lang.money_rule(money));
                }
                rule
            } else {
                sheet.footnote_zh()
            };
            fixed_cell(
                ui,
                reasons_width + 420.0,
                RichText::new(rule).small().weak(),
            );

            ui.add_space(12.0);
            ui.label(RichText::new(t.staff_heading).strong().size(17.0));
            if sheet.staff.is_empty() {
                ui.label(t.no_staff);
            } else {
                egui::Grid::new("monthly_staff")
                    .striped(true)
                    .num_columns(if money { 5 } else { 4 })
                    .spacing([14.0, 6.0])
                    .show(ui, |ui| {
                        let mut heads =
                            vec![t.staff_name, t.person_times, t.col_deducted, t.staff_items];
                        if money {
                            heads.insert(3, t.col_amount);
                        }
                        for head in heads {
                            ui.label(RichText::new(head).strong());
                        }
                        ui.end_row();
                        for s in &sheet.staff {
                            ui.label(&s.name);
                            number(ui, RichText::new(s.person_times.to_string()));
                            number(ui, RichText::new(s.points.to_string()));
                            if money {
                                number(ui, RichText::new(amount(s.amount)));
                            }
                            fixed_cell(ui, reasons_width + 260.0, s.items.as_str());
                            ui.end_row();
                        }
                    });
            }
            rectifications(ui, shared, sheet);
        });
    command
}

/// 本月整改情况: the month's rectifications with their state, and the summary line with the
/// on-time rate.
fn rectifications(ui: &mut egui::Ui, shared: &Shared, sheet: &MonthlySheet) {
    let t = shared.tr.report;
    let month = &sheet.rectifications;
    ui.add_space(12.0);
    ui.label(RichText::new(t.month_rectify_heading).strong().size(17.0));
    if month.lines.is_empty() {
        ui.label(t.no_month_rectify);
        return;
    }
    ui.label(shared.lang.month_rectification_summary(month))
        .on_hover_text(t.rectify_rate_hint);
    egui::Grid::new("monthly_rectifications")
        .striped(true)
        .num_columns(6)
        .spacing([14.0, 6.0])
        .show(ui, |ui| {
            for head in [
                t.col_no,
                t.col_check_item,
                t.col_found_on,
                t.col_owner,
                t.col_due_on,
                t.col_state,
            ] {
                ui.label(RichText::new(head).strong());
            }
            ui.end_row();
            for line in &month.lines {
                let row = &line.row;
                ui.label(line.no.to_string());
                fixed_cell(ui, 300.0, line.item_zh());
                ui.label(row.inspected_on.to_string());
                ui.label(row.owner_shown());
                ui.label(row.due_on.to_string());
                let state = shared.lang.month_rectification_state(line);
                // Overdue in the error colour; the text says so too.
                if line.overdue_days > 0 {
                    ui.colored_label(ui.visuals().error_fg_color, state);
                } else {
                    ui.label(state);
                }
                ui.end_row();
            }
        });
}

/// A number in a table cell, right-aligned so the decimals line up down the column.
fn number(ui: &mut egui::Ui, text: RichText) {
    let height = ui.spacing().interact_size.y;
    ui.allocate_ui_with_layout(
        egui::vec2(48.0, height),
        egui::Layout::right_to_left(egui::Align::Center),
        |ui| {
            ui.set_min_width(48.0);
            ui.label(text);
        },
    );
}
