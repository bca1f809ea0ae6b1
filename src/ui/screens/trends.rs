//! 趋势 / Trends screen: one hall's scores over a period, moving averages, rating band lines,
//! veto markers, per-area shares (toggleable), the Pareto of deducted items and the failed
//! answers of the item clicked.
//!
//! The screen draws only from data already loaded ([`TrendsView`]); when the hall or period
//! changes it returns [`Command::LoadTrend`] and the reader loads the view.

use chrono::{Datelike, Days, NaiveDate};
use egui::RichText;
use egui_plot::{
    Bar, BarChart, Corner, HLine, HoverPosition, Legend, Line, MarkerShape, Plot, PlotPoint,
    PlotPoints, Points, Text,
};

use crate::domain::{Area, Rating};
use crate::report::pareto::ItemOccurrence;
use crate::report::{ParetoData, Period, TrendData, TrendPoint};
use crate::ui::Command;
use crate::ui::i18n::{Lang, ReportTr};
use crate::ui::palette;
use crate::ui::widgets::{Shared, date_field, hall_choice};

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
            TrendSpan::Custom => {
                let day = |t: &str| NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok();
                Period::new(day(from)?, day(to)?).ok()
            }
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
    /// Show the 7-day moving average.
    pub show_ma7: bool,
    /// Show the 30-day moving average.
    pub show_ma30: bool,
    /// Per-area lines shown ([`Area::index`]).
    pub areas_shown: [bool; 8],
}

impl Default for TrendsState {
    fn default() -> Self {
        TrendsState {
            hall_id: None,
            span: TrendSpan::default(),
            custom_from: String::new(),
            custom_to: String::new(),
            show_ma7: true,
            show_ma30: true,
            areas_shown: [false; 8],
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
    /// The hall and days being read, while a read is on its way.
    pub loading: Option<(i64, Period)>,
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
    let areas = Area::ALL
        .into_iter()
        .filter(|a| state.areas_shown[a.index()])
        .map(|a| {
            let points = data
                .points
                .iter()
                .filter_map(|p| p.area_share[a.index()].map(|s| [day_x(p.date), s * 100.0]))
                .collect();
            (a, points)
        })
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
                i.text_in(lang.is_english()).to_owned(),
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

/// Hall, period and (for a custom period) its days; a change asks for the new figures.
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
        if view.loading.is_some() {
            ui.spinner();
        }
    });
    if filter_changed
        && let Some(hall_id) = state.hall_id
        && let Some(period) = state.period(shared.today)
    {
        return Some(Command::LoadTrend { hall_id, period });
    }
    None
}

/// The score line with its averages, bands, vetoes and area shares; a click near a point
/// opens that inspection.
fn score_chart(
    ui: &mut egui::Ui,
    shared: &Shared,
    state: &mut TrendsState,
    data: &TrendData,
) -> Option<Command> {
    let t = shared.tr.report;
    let lang = shared.lang;
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "{} {}  {} {}  {} {}",
            t.trend_inspections,
            data.points.len(),
            t.mean,
            data.mean_score()
                .map(|m| format!("{m:.2}"))
                .unwrap_or_else(|| "—".into()),
            t.vetoes,
            data.veto_count()
        ));
        ui.separator();
        ui.checkbox(&mut state.show_ma7, t.ma7);
        ui.checkbox(&mut state.show_ma30, t.ma30);
        ui.separator();
        for area in data.areas_present() {
            ui.checkbox(&mut state.areas_shown[area.index()], lang.area(area));
        }
    });

    let series = trend_series(data, state);
    let points = &data.points;
    let score_name = t.score_line;
    // The y axis runs from a little under the lowest score (or the pass line) to 100, so the
    // scores are not squeezed into the top of a 0–100 frame.
    let lowest = series
        .score
        .iter()
        .map(|p| p[1])
        .chain(series.bands.iter().map(|(_, y)| *y))
        .fold(100.0_f64, f64::min);
    let plot = Plot::new("trends_score")
        .height(280.0)
        .link_axis(egui::Id::unique("trends_days"), [true, false])
        .legend(Legend::default().position(Corner::RightBottom))
        .include_y((lowest / 10.0).floor() * 10.0 - 5.0)
        .include_y(101.0)
        .allow_scroll(false)
        .x_axis_formatter(|mark, range| {
            // A date whose label would stick out past either end is left out.
            let span = range.end() - range.start();
            if mark.value < range.start() + span * 0.04 || mark.value > range.end() - span * 0.04 {
                return String::new();
            }
            x_day(mark.value)
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        })
        .label_formatter(|hover: &HoverPosition<'_>| {
            // Hover: the exact day, score and inspector of the inspection under the pointer.
            if let HoverPosition::NearDataPoint {
                plot_name, index, ..
            } = hover
                && *plot_name == score_name
                && let Some(p) = points.get(*index)
            {
                let veto = if p.veto {
                    format!(" {}", t.veto_hover)
                } else {
                    String::new()
                };
                return Some(format!(
                    "{}\n{} {}{veto}\n{} {}",
                    p.date,
                    p.score,
                    lang.rating(p.rating),
                    t.inspector,
                    p.inspector
                ));
            }
            let position = match hover {
                HoverPosition::NearDataPoint { position, .. }
                | HoverPosition::Elsewhere { position } => position,
            };
            Some(format!(
                "{}\n{:.2}",
                x_day(position.x).map(|d| d.to_string()).unwrap_or_default(),
                position.y
            ))
        });
    let band_label_x = day_x(data.period.from);
    let response = plot.show(ui, |plot_ui| {
        for (rating, y) in &series.bands {
            // Unnamed: the line carries its own label, the legend keeps to the data.
            plot_ui.add(
                HLine::new("", *y)
                    .color(palette::rating(*rating))
                    .style(egui_plot::LineStyle::dashed_loose()),
            );
            // The band's name on its line, so colour is not the only signal.
            plot_ui.add(
                Text::new(
                    "",
                    PlotPoint::new(band_label_x, *y),
                    RichText::new(format!("{} ≥{y}", lang.rating(*rating))).size(13.0),
                )
                .color(palette::rating(*rating))
                .anchor(egui::Align2::LEFT_TOP),
            );
        }
        plot_ui.line(
            Line::new(score_name, PlotPoints::from(series.score.clone()))
                .color(palette::SCORE_LINE)
                .width(1.5),
        );
        // Markers only while they stay apart; a five-year line has more points than pixels.
        if series.score.len() <= MARKER_LIMIT {
            plot_ui.add(
                Points::new(score_name, PlotPoints::from(series.score.clone()))
                    .color(palette::SCORE_LINE)
                    .radius(2.5),
            );
        }
        if !series.ma7.is_empty() {
            plot_ui.line(
                Line::new(t.ma7, PlotPoints::from(series.ma7.clone())).color(palette::MA7_LINE),
            );
        }
        if !series.ma30.is_empty() {
            plot_ui.line(
                Line::new(t.ma30, PlotPoints::from(series.ma30.clone())).color(palette::MA30_LINE),
            );
        }
        if !series.vetoes.is_empty() {
            plot_ui.add(
                Points::new(t.veto_legend, PlotPoints::from(series.vetoes.clone()))
                    .shape(MarkerShape::Cross)
                    .radius(7.0)
                    .color(palette::rating(Rating::Fail)),
            );
        }
    });
    if !series.areas.is_empty() {
        area_chart(ui, shared, &series.areas);
    }
    // Clicking near a point opens that inspection.
    if response.response.clicked()
        && let Some(pos) = response.response.interact_pointer_pos()
    {
        let nearest = points
            .iter()
            .map(|p| {
                let at = response
                    .transform
                    .position_from_point(&PlotPoint::new(day_x(p.date), p.score.as_f64()));
                (at.distance(pos), p.inspection_id)
            })
            .min_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((distance, id)) = nearest
            && distance < 12.0
        {
            return Some(Command::OpenInspection(id));
        }
    }
    None
}

/// Each area's share of its points over time, on a percent axis of its own, under the score
/// chart and on the same days.
fn area_chart(ui: &mut egui::Ui, shared: &Shared, areas: &[(Area, Vec<[f64; 2]>)]) {
    ui.label(RichText::new(shared.tr.report.area_shares).small());
    Plot::new("trends_areas")
        .height(150.0)
        .legend(Legend::default().position(Corner::RightBottom))
        .include_y(0.0)
        .include_y(100.0)
        .allow_scroll(false)
        .link_axis(egui::Id::unique("trends_days"), [true, false])
        .y_axis_formatter(|mark, _| format!("{:.0}%", mark.value))
        .x_axis_formatter(|mark, _| {
            x_day(mark.value)
                .map(|d| d.format("%m-%d").to_string())
                .unwrap_or_default()
        })
        .show(ui, |plot_ui| {
            for (area, line) in areas {
                plot_ui.line(Line::new(
                    shared.lang.area(*area),
                    PlotPoints::from(line.clone()),
                ));
            }
        });
}

/// The ten most deducted items as bars and a list; a click on an item lists its failures.
fn pareto_chart(ui: &mut egui::Ui, shared: &Shared, pareto: &ParetoData) -> Option<Command> {
    let t = shared.tr.report;
    let mut command = None;
    ui.add_space(8.0);
    ui.label(shared.lang.bracketed(
        t.pareto_heading,
        &format!("{} {}", t.total_lost, pareto.total_lost),
    ));
    ui.label(RichText::new(t.pareto_before_cap).small().weak());
    let bars_data = pareto_bars(pareto, shared.lang, 10);
    let bars: Vec<Bar> = bars_data
        .iter()
        .enumerate()
        .map(|(n, (label, points, occurrences))| {
            Bar::new((n + 1) as f64, *points).name(format!("{label}\n{points} ({occurrences})"))
        })
        .collect();
    let bar_count = bars.len() as f64;
    let tallest = bars_data.iter().map(|b| b.1).fold(0.0_f64, f64::max);
    Plot::new("trends_pareto")
        .height(160.0)
        .allow_scroll(false)
        .include_y(0.0)
        .include_y(tallest * 1.12)
        // The bars are numbered as the list below.
        .x_axis_formatter(move |mark, _| {
            let n = mark.value;
            if n.fract() == 0.0 && (1.0..=bar_count).contains(&n) {
                format!("{n}")
            } else {
                String::new()
            }
        })
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(BarChart::new(t.points_lost, bars));
        });
    egui::Grid::new("trends_pareto_list")
        .striped(true)
        .show(ui, |ui| {
            for heading in [t.col_no, t.col_item, t.lost, t.times, t.cumulative] {
                ui.label(RichText::new(heading).strong());
            }
            ui.end_row();
            for (n, item) in pareto.items.iter().take(10).enumerate() {
                ui.label(format!("{}", n + 1));
                if ui.link(item.text_in(shared.lang.is_english())).clicked() {
                    command = Some(Command::ListItem {
                        template_id: item.template_id.clone(),
                        item_id: item.item_id.clone(),
                    });
                }
                ui.label(item.points_lost.to_string());
                ui.label(item.occurrences.to_string());
                ui.label(format!("{:.0}%", item.cumulative_share * 100.0));
                ui.end_row();
            }
        });
    command
}

/// The failed answers of the item clicked in the Pareto list, in a window over the charts
/// (where the eye is); a date opens its inspection, Esc or Close closes it.
fn item_list(
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
            i.text_in(shared.lang.is_english())
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
                ui.label(o.staff.as_deref().unwrap_or(""));
                ui.label(&o.note);
                ui.end_row();
            }
        });
    command
}
