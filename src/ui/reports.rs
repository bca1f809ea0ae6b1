//! The app side of the report screens (趋势, 排名, 月度考核): their state and loaded data, the
//! queries a filter change runs (after the frame, through [`crate::report`]) and the commands
//! that lead elsewhere (open an inspection, a hall's trend).

use chrono::NaiveDate;
use egui::RichText;

use crate::domain::RatingBands;
use crate::report::pareto::ItemOccurrence;
use crate::report::{self, Period, RankingData, ReportError};
use crate::store::{Hall, Store};
use crate::ui::i18n::report_tr;
use crate::ui::monthly::{MonthlyCommand, MonthlyState, MonthlyView, month_of, monthly_ui};
use crate::ui::ranking::{RankingCommand, RankingState, ranking_ui};
use crate::ui::trends::{TrendSpan, TrendsCommand, TrendsState, TrendsView, trends_ui};
use crate::ui::{Command, Screen};

/// A request of one of the report screens.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub enum ReportsCommand {
    /// From the Trends screen.
    Trends(TrendsCommand),
    /// From the Ranking screen.
    Ranking(RankingCommand),
    /// From the Monthly screen.
    Monthly(MonthlyCommand),
    /// Close the list of an item's deductions.
    CloseItemList,
}

/// The deductions of one Pareto item, listed under the Trends charts.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemList {
    /// The item's text.
    pub text: String,
    /// Its failed answers, oldest first.
    pub occurrences: Vec<ItemOccurrence>,
}

/// State and loaded data of the three report screens.
#[derive(Debug, Default)]
pub struct Reports {
    /// Trends: what the user chose.
    pub trends_state: TrendsState,
    /// Trends: the loaded trend and Pareto.
    pub trends_view: TrendsView,
    /// Trends: the Pareto item whose inspections are listed.
    pub item_list: Option<ItemList>,
    /// Ranking: what the user chose.
    pub ranking_state: RankingState,
    /// Ranking: the loaded ranking.
    pub ranking: Option<RankingData>,
    /// Monthly: what the user chose.
    pub monthly_state: MonthlyState,
    /// Monthly: the loaded sheet.
    pub monthly_view: MonthlyView,
}

impl Reports {
    /// Loads what `screen` shows with its current filter (choosing a hall and period the first
    /// time). Runs when the screen is opened, so it shows inspections submitted since.
    pub fn show(
        &mut self,
        store: &Store,
        screen: Screen,
        halls: &[Hall],
        today: NaiveDate,
    ) -> Result<(), ReportError> {
        let first_hall = halls.iter().find(|h| !h.archived).map(|h| h.id);
        match screen {
            Screen::Trends => {
                self.trends_view.halls = halls.to_vec();
                self.trends_view.today = today;
                let state = &mut self.trends_state;
                state.hall_id = state.hall_id.or(first_hall);
                let period = state
                    .span
                    .period(today, &state.custom_from, &state.custom_to);
                if let (Some(hall_id), Some(period)) = (state.hall_id, period) {
                    self.load_trend(store, hall_id, period)?;
                }
            }
            Screen::Ranking => {
                let period = match &self.ranking {
                    Some(data) => Some(data.period),
                    None => month_of(today),
                };
                if let Some(period) = period {
                    self.ranking = Some(report::ranking(store, period, today)?);
                }
            }
            Screen::Monthly => {
                self.monthly_view.halls = halls.to_vec();
                let state = &mut self.monthly_state;
                state.hall_id = state.hall_id.or(first_hall);
                let month = match &self.monthly_view.sheet {
                    Some(sheet) => Some(sheet.period),
                    None => month_of(today),
                };
                if let Some(month) = month {
                    if state.month_text.is_empty() {
                        state.month_text = month.from.format("%Y-%m").to_string();
                    }
                    if let Some(hall_id) = state.hall_id {
                        self.load_monthly(store, hall_id, month)?;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn load_trend(
        &mut self,
        store: &Store,
        hall_id: i64,
        period: Period,
    ) -> Result<(), ReportError> {
        self.item_list = None;
        self.trends_view.trend = Some(report::trend(store, hall_id, period)?);
        self.trends_view.pareto = Some(report::pareto(store, hall_id, period)?);
        Ok(())
    }

    fn load_monthly(
        &mut self,
        store: &Store,
        hall_id: i64,
        month: Period,
    ) -> Result<(), ReportError> {
        self.monthly_view.sheet = Some(report::monthly::sheet_for(store, hall_id, month)?);
        Ok(())
    }

    /// Runs a report command; returns the app commands that follow from it (another screen,
    /// an inspection to open).
    pub fn run(
        &mut self,
        store: &Store,
        cmd: ReportsCommand,
        today: NaiveDate,
    ) -> Result<Vec<Command>, ReportError> {
        match cmd {
            ReportsCommand::Trends(TrendsCommand::Load { hall_id, period }) => {
                self.load_trend(store, hall_id, period)?;
            }
            ReportsCommand::Trends(TrendsCommand::OpenInspection(id)) => {
                return Ok(vec![
                    Command::Navigate(Screen::History),
                    Command::OpenInspection(id),
                ]);
            }
            ReportsCommand::Trends(TrendsCommand::ListItem {
                template_id,
                item_id,
            }) => {
                let Some(pareto) = &self.trends_view.pareto else {
                    return Ok(Vec::new());
                };
                let text = pareto
                    .items
                    .iter()
                    .find(|i| i.template_id == template_id && i.item_id == item_id)
                    .map(|i| i.text.clone())
                    .unwrap_or_else(|| item_id.clone());
                let occurrences = report::item_inspections(
                    store,
                    pareto.hall.id,
                    pareto.period,
                    &template_id,
                    &item_id,
                )?;
                self.item_list = Some(ItemList { text, occurrences });
            }
            ReportsCommand::CloseItemList => self.item_list = None,
            ReportsCommand::Ranking(RankingCommand::Load(period)) => {
                self.ranking = Some(report::ranking(store, period, today)?);
                self.ranking_state.period_text = period.to_string();
            }
            ReportsCommand::Ranking(RankingCommand::OpenHall { hall_id, period }) => {
                let state = &mut self.trends_state;
                state.hall_id = Some(hall_id);
                state.span = TrendSpan::Custom;
                state.custom_from = period.from_text();
                state.custom_to = period.to_text();
                return Ok(vec![Command::Navigate(Screen::Trends)]);
            }
            ReportsCommand::Monthly(MonthlyCommand::Load { hall_id, month }) => {
                self.load_monthly(store, hall_id, month)?;
            }
        }
        Ok(Vec::new())
    }

    /// Draws the Trends screen and the listed item's deductions.
    pub fn trends_screen(&mut self, ui: &mut egui::Ui, english: bool) -> Option<Command> {
        let t = report_tr(english);
        let mut cmd = None;
        egui::ScrollArea::vertical().show(ui, |ui| {
            cmd = trends_ui(ui, &mut self.trends_state, &self.trends_view, english)
                .map(ReportsCommand::Trends);
            let Some(list) = &self.item_list else { return };
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                ui.label(RichText::new(format!("{}: {}", t.item_list, list.text)).strong());
                if ui.button(t.close).clicked() {
                    cmd = Some(ReportsCommand::CloseItemList);
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
                            cmd = Some(ReportsCommand::Trends(TrendsCommand::OpenInspection(
                                o.inspection_id,
                            )));
                        }
                        ui.label(o.count.to_string());
                        ui.label(o.deduction.to_string());
                        ui.label(o.staff.as_deref().unwrap_or(""));
                        ui.label(&o.note);
                        ui.end_row();
                    }
                });
        });
        cmd.map(Command::Reports)
    }

    /// Draws the Ranking screen.
    pub fn ranking_screen(
        &mut self,
        ui: &mut egui::Ui,
        bands: &RatingBands,
        english: bool,
    ) -> Option<Command> {
        let Some(data) = &self.ranking else {
            ui.label(report_tr(english).no_ranking);
            return None;
        };
        ranking_ui(ui, &mut self.ranking_state, data, bands, english)
            .map(|c| Command::Reports(ReportsCommand::Ranking(c)))
    }

    /// Draws the Monthly screen.
    pub fn monthly_screen(&mut self, ui: &mut egui::Ui, english: bool) -> Option<Command> {
        monthly_ui(ui, &mut self.monthly_state, &self.monthly_view, english)
            .map(|c| Command::Reports(ReportsCommand::Monthly(c)))
    }
}
