//! 趋势 / Trends screen: one hall's scores over a period (its inspections of one kind, or of
//! every kind), moving averages, rating band lines, veto markers, per-area shares
//! (toggleable), the Pareto of deducted items and the failed answers of the item clicked.
//!
//! The screen draws only from data already loaded ([`TrendsView`]); when the hall, period or
//! kind changes it returns [`Command::LoadTrend`] and the reader loads the view.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate};

use crate::domain::{Area, InspectionKind, Rating};
use crate::report::pareto::ItemOccurrence;
use crate::report::{ParetoData, Period, TrendData, TrendPoint};
use crate::ui::Command;
use crate::ui::i18n::{Lang, ReportTr};
use crate::ui::widgets::{Shared, date_field, hall_choice, kind_filter, parse_date};

mod charts;
mod items;

use charts::{pareto_chart, score_chart};
use items::item_list;

/// Up to this many inspections the score line also gets a marker per inspection.
pub const MARKER_LIMIT: usize = 400;

/// The period choices of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TrendSpan {
    /// The 7 days ending today.
    Week,
    /// The 30 days ending today.
    Month,
    /// The 90 days ending today.
    #[default]
    Quarter,
    /// The 365 days ending today.
    Year,
    /// The days typed in.
    Custom,
}

impl TrendSpan {
    /// All choices, in menu order.
    pub const ALL: [TrendSpan; 5] = [
        TrendSpan::Week,
        TrendSpan::Month,
        TrendSpan::Quarter,
        TrendSpan::Year,
        TrendSpan::Custom,
    ];

    /// The choice's label.
    pub fn label(self, t: &ReportTr) -> &'static str {
        match self {
            TrendSpan::Week => t.span_week,
            TrendSpan::Month => t.span_month,
            TrendSpan::Quarter => t.span_quarter,
            TrendSpan::Year => t.span_year,
            TrendSpan::Custom => t.span_custom,
        }
    }

    /// The period ending on `today` (for Custom: the typed days, if valid).
    pub fn period(self, today: NaiveDate, from: &str, to: &str) -> Option<Period> {
        let back = |days: u64| {
            let from = today.checked_sub_days(Days::new(days - 1))?;
            Period::new(from, today).ok()
        };
        match self {
            TrendSpan::Week => back(7),
            TrendSpan::Month => back(30),
            TrendSpan::Quarter => back(90),
            TrendSpan::Year => back(365),
            TrendSpan::Custom => Period::new(parse_date(from)?, parse_date(to)?).ok(),
        }
    }
}

/// What the screen remembers between frames.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendsState {
    /// The hall shown.
    pub hall_id: Option<i64>,
    /// The period choice.
    pub span: TrendSpan,
    /// Custom first day, as typed.
    pub custom_from: String,
    /// Custom last day, as typed.
    pub custom_to: String,
    /// The one kind of inspection shown (`None`: every kind).
    pub kind: Option<InspectionKind>,
    /// Show the 7-day moving average.
    pub show_ma7: bool,
    /// Show the 30-day moving average.
    pub show_ma30: bool,
    /// The areas whose lines are shown.
    pub areas_shown: BTreeSet<Area>,
}

impl Default for TrendsState {
    fn default() -> Self {
        TrendsState {
            hall_id: None,
            span: TrendSpan::default(),
            custom_from: String::new(),
            custom_to: String::new(),
            kind: None,
            show_ma7: true,
            show_ma30: true,
            areas_shown: BTreeSet::new(),
        }
    }
}

/// The data the screen draws from, loaded by the reader when the filter changes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrendsView {
    /// The trend of the chosen hall and period.
    pub trend: Option<TrendData>,
    /// Its Pareto.
    pub pareto: Option<ParetoData>,
    /// The Pareto item whose failed answers are listed.
    pub item_list: Option<ItemList>,
    /// The hall, days and kind being read, while a read is on its way.
    pub loading: Option<(i64, Period, Option<InspectionKind>)>,
}

/// The failed answers of one Pareto item, listed under the charts.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemList {
    /// Template id.
    pub template_id: String,
    /// Item id.
    pub item_id: String,
    /// Its failed answers, oldest first (empty while loading).
    pub occurrences: Vec<ItemOccurrence>,
}

impl TrendsState {
    /// The period the choice stands for, ending on `today`.
    pub fn period(&self, today: NaiveDate) -> Option<Period> {
        self.span.period(today, &self.custom_from, &self.custom_to)
    }
}

/// The x coordinate of a day on the charts: days since 0001-01-01.
pub fn day_x(day: NaiveDate) -> f64 {
    f64::from(day.num_days_from_ce())
}

/// The day of an x coordinate.
pub fn x_day(x: f64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(x.round() as i32)
}

/// Everything the score chart plots, as plain points `[x = day_x, y]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrendSeries {
    /// Score per inspection.
    pub score: Vec<[f64; 2]>,
    /// 7-day moving average.
    pub ma7: Vec<[f64; 2]>,
    /// 30-day moving average.
    pub ma30: Vec<[f64; 2]>,
    /// Inspections with a veto, at their score.
    pub vetoes: Vec<[f64; 2]>,
    /// Band lines: (rating whose lower bound it is, y).
    pub bands: Vec<(Rating, f64)>,
    /// Per shown area: its share of cap in percent.
    pub areas: Vec<(Area, Vec<[f64; 2]>)>,
}

/// The series of the score chart for the data and the areas switched on.
pub fn trend_series(data: &TrendData, state: &TrendsState) -> TrendSeries {
    let xy = |f: &dyn Fn(&TrendPoint) -> f64| -> Vec<[f64; 2]> {
        data.points.iter().map(|p| [day_x(p.date), f(p)]).collect()
    };
    let areas = state
        .areas_shown
        .iter()
        .map(|&a| {
            let points = data
                .points
                .iter()
                .filter_map(|p| p.share(a).map(|s| [day_x(p.date), s * 100.0]))
                .collect();
            (a, points)
        })
        .filter(|(_, points): &(Area, Vec<[f64; 2]>)| !points.is_empty())
        .collect();
    TrendSeries {
        score: xy(&|p| p.score.as_f64()),
        ma7: if state.show_ma7 {
            xy(&|p| p.ma7)
        } else {
            Vec::new()
        },
        ma30: if state.show_ma30 {
            xy(&|p| p.ma30)
        } else {
            Vec::new()
        },
        vetoes: data
            .points
            .iter()
            .filter(|p| p.veto)
            .map(|p| [day_x(p.date), p.score.as_f64()])
            .collect(),
        bands: vec![
            (Rating::Excellent, data.bands.excellent.as_f64()),
            (Rating::Good, data.bands.good.as_f64()),
            (Rating::Pass, data.bands.pass.as_f64()),
        ],
        areas,
    }
}

/// The Pareto bars: (label, points lost, occurrences), most points first, at most `limit`.
pub fn pareto_bars(data: &ParetoData, lang: Lang, limit: usize) -> Vec<(String, f64, i64)> {
    data.items
        .iter()
        .take(limit)
        .map(|i| {
            (
                i.finding_in(lang.is_english()).to_owned(),
                i.points_lost.as_f64(),
                i.occurrences,
            )
        })
        .collect()
}

/// Draws the screen; returns what the user asked for.
pub fn ui(
    ui: &mut egui::Ui,
    shared: &Shared,
    state: &mut TrendsState,
    view: &TrendsView,
) -> Option<Command> {
    let mut command = None;
    egui::ScrollArea::vertical()
        .id_salt("trends")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            command = filter_bar(ui, shared, state, view);
            let Some(data) = &view.trend else {
                if view.loading.is_none() {
                    ui.label(shared.tr.report.choose_hall_period);
                }
                return;
            };
            if let Some(c) = score_chart(ui, shared, state, data) {
                command = Some(c);
            }
            if let Some(pareto) = &view.pareto
                && let Some(c) = pareto_chart(ui, shared, pareto)
            {
                command = Some(c);
            }
            if let Some(list) = &view.item_list
                && let Some(c) = item_list(ui, shared, view, list)
            {
                command = Some(c);
            }
        });
    command
}

/// Hall, period (for a custom period its days) and kind; a change asks for the new figures.
fn filter_bar(
    ui: &mut egui::Ui,
    shared: &Shared,
    state: &mut TrendsState,
    view: &TrendsView,
) -> Option<Command> {
    let t = shared.tr.report;
    let mut filter_changed = false;
    ui.horizontal_wrapped(|ui| {
        filter_changed |= hall_choice(
            ui,
            t.hall,
            t.choose_hall,
            shared.halls,
            "trends_hall",
            &mut state.hall_id,
        );
        ui.separator();
        for span in TrendSpan::ALL {
            if ui
                .selectable_label(state.span == span, span.label(t))
                .clicked()
                && state.span != span
            {
                state.span = span;
                filter_changed = true;
            }
        }
        if state.span == TrendSpan::Custom {
            let dates = shared.dates();
            let from = date_field(
                ui,
                dates,
                t.from,
                &mut state.custom_from,
                "trend_from",
                90.0,
            );
            let to = date_field(ui, dates, t.to, &mut state.custom_to, "trend_to", 90.0);
            // Typed days count when the field is left; a picked day at once.
            for field in [from, to] {
                filter_changed |= field.lost_focus() || (field.changed() && !field.has_focus());
            }
        }
        ui.separator();
        filter_changed |= kind_filter(
            ui,
            shared,
            (t.kind, shared.tr.any),
            "trends_kind",
            &mut state.kind,
        );
        if view.loading.is_some() {
            ui.spinner();
        }
    });
    if filter_changed
        && let Some(hall_id) = state.hall_id
        && let Some(period) = state.period(shared.today)
    {
        return Some(Command::LoadTrend {
            hall_id,
            period,
            kind: state.kind,
        });
    }
    None
}
