//! 趋势 / Trends screen: one hall's scores over a period, moving averages, rating band lines,
//! veto markers, per-area shares (toggleable) and the Pareto of deducted items.
//!
//! The screen draws only from data already loaded ([`TrendsView`]); when the hall or period
//! changes it returns [`TrendsCommand::Load`] and the app reloads the view after the frame.

use chrono::{Datelike, Days, NaiveDate};
use egui_plot::{
    Bar, BarChart, Corner, HLine, HoverPosition, Legend, Line, MarkerShape, Plot, PlotPoint,
    PlotPoints, Points, Text,
};

use crate::domain::{Area, Rating};
use crate::report::{ParetoData, Period, TrendData};
use crate::store::Hall;
use crate::ui::widgets::{Dates, date_field, hall_choice};

/// Line colours: the score stands out; the averages differ from each other and from the
/// rating band lines.
const SCORE_COLOR: egui::Color32 = egui::Color32::from_rgb(235, 120, 45);
const MA7_COLOR: egui::Color32 = egui::Color32::from_rgb(170, 120, 230);
const MA30_COLOR: egui::Color32 = egui::Color32::from_rgb(40, 180, 170);

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

    /// Label in the chosen language.
    pub fn label(self, english: bool) -> &'static str {
        match (self, english) {
            (TrendSpan::Week, false) => "周",
            (TrendSpan::Month, false) => "月",
            (TrendSpan::Quarter, false) => "季度",
            (TrendSpan::Year, false) => "年",
            (TrendSpan::Custom, false) => "自定义",
            (TrendSpan::Week, true) => "Week",
            (TrendSpan::Month, true) => "Month",
            (TrendSpan::Quarter, true) => "Quarter",
            (TrendSpan::Year, true) => "Year",
            (TrendSpan::Custom, true) => "Custom",
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

/// The data the screen draws from, loaded by the app when the filter changes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrendsView {
    /// Halls to choose from.
    pub halls: Vec<Hall>,
    /// The trend of the chosen hall and period.
    pub trend: Option<TrendData>,
    /// Its Pareto.
    pub pareto: Option<ParetoData>,
    /// The user's local today.
    pub today: NaiveDate,
}

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub enum TrendsCommand {
    /// Load trend and Pareto for this hall and period.
    Load {
        /// Hall row id.
        hall_id: i64,
        /// The days.
        period: Period,
    },
    /// Open an inspection.
    OpenInspection(i64),
    /// List the inspections where an item failed (template id, item id).
    ListItem {
        /// Template id.
        template_id: String,
        /// Item id.
        item_id: String,
    },
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
    let xy = |f: &dyn Fn(&crate::report::TrendPoint) -> f64| -> Vec<[f64; 2]> {
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
pub fn pareto_bars(data: &ParetoData, english: bool, limit: usize) -> Vec<(String, f64, i64)> {
    data.items
        .iter()
        .take(limit)
        .map(|i| {
            (
                i.text_in(english).to_owned(),
                i.points_lost.as_f64(),
                i.occurrences,
            )
        })
        .collect()
}

/// The colour of a rating, used the same way on every chart.
pub fn rating_color(rating: Rating) -> egui::Color32 {
    match rating {
        Rating::Excellent => egui::Color32::from_rgb(46, 139, 87),
        Rating::Good => egui::Color32::from_rgb(70, 130, 180),
        Rating::Pass => egui::Color32::from_rgb(218, 165, 32),
        Rating::Fail => egui::Color32::from_rgb(200, 50, 50),
    }
}

fn area_name(area: Area, english: bool) -> &'static str {
    if english {
        area.name_en()
    } else {
        area.name_zh()
    }
}

/// Draws the screen; returns what the user asked for.
pub fn trends_ui(
    ui: &mut egui::Ui,
    state: &mut TrendsState,
    view: &TrendsView,
    english: bool,
) -> Option<TrendsCommand> {
    let t = |zh: &'static str, en: &'static str| if english { en } else { zh };
    let mut command = None;
    let mut filter_changed = false;

    ui.horizontal_wrapped(|ui| {
        filter_changed |= hall_choice(
            ui,
            t("营业厅", "Hall"),
            t("选择营业厅", "Choose a hall"),
            &view.halls,
            "trends_hall",
            &mut state.hall_id,
        );
        ui.separator();
        for span in TrendSpan::ALL {
            if ui
                .selectable_label(state.span == span, span.label(english))
                .clicked()
                && state.span != span
            {
                state.span = span;
                filter_changed = true;
            }
        }
        if state.span == TrendSpan::Custom {
            let dates = Dates {
                english,
                today: view.today,
            };
            let from = date_field(
                ui,
                dates,
                t("从", "From"),
                &mut state.custom_from,
                "trend_from",
                90.0,
            );
            let to = date_field(
                ui,
                dates,
                t("到", "To"),
                &mut state.custom_to,
                "trend_to",
                90.0,
            );
            // Typed days count when the field is left; a picked day at once.
            for field in [from, to] {
                filter_changed |= field.lost_focus() || (field.changed() && !field.has_focus());
            }
        }
    });
    if filter_changed
        && let Some(hall_id) = state.hall_id
        && let Some(period) = state
            .span
            .period(view.today, &state.custom_from, &state.custom_to)
    {
        command = Some(TrendsCommand::Load { hall_id, period });
    }

    let Some(data) = &view.trend else {
        ui.label(t("选择营业厅和时段", "Choose a hall and a period"));
        return command;
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "{} {}  {} {}  {} {}",
            t("检查", "Inspections"),
            data.points.len(),
            t("平均分", "Mean"),
            data.mean_score()
                .map(|m| format!("{m:.2}"))
                .unwrap_or_else(|| "—".into()),
            t("一票否决", "Vetoes"),
            data.veto_count()
        ));
        ui.separator();
        ui.checkbox(&mut state.show_ma7, t("7日均线", "7-day average"));
        ui.checkbox(&mut state.show_ma30, t("30日均线", "30-day average"));
        ui.separator();
        for area in data.areas_present() {
            ui.checkbox(
                &mut state.areas_shown[area.index()],
                area_name(area, english),
            );
        }
    });

    let series = trend_series(data, state);
    let points = &data.points;
    let score_name = t("得分", "Score");
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
                return Some(format!(
                    "{}\n{} {}{}\n{}{}",
                    p.date,
                    p.score,
                    if english {
                        p.rating.name_en()
                    } else {
                        p.rating.name_zh()
                    },
                    if p.veto {
                        t(" 一票否决", " veto")
                    } else {
                        ""
                    },
                    t("检查人 ", "Inspector "),
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
            let name = if english {
                rating.name_en()
            } else {
                rating.name_zh()
            };
            // Unnamed: the line carries its own label, the legend keeps to the data.
            plot_ui.add(
                HLine::new("", *y)
                    .color(rating_color(*rating))
                    .style(egui_plot::LineStyle::dashed_loose()),
            );
            // The band's name on its line, so colour is not the only signal.
            plot_ui.add(
                Text::new(
                    "",
                    PlotPoint::new(band_label_x, *y),
                    egui::RichText::new(format!("{name} ≥{y}")).size(13.0),
                )
                .color(rating_color(*rating))
                .anchor(egui::Align2::LEFT_TOP),
            );
        }
        plot_ui.line(
            Line::new(score_name, PlotPoints::from(series.score.clone()))
                .color(SCORE_COLOR)
                .width(1.5),
        );
        // Markers only while they stay apart; a five-year line has more points than pixels.
        if series.score.len() <= MARKER_LIMIT {
            plot_ui.add(
                Points::new(score_name, PlotPoints::from(series.score.clone()))
                    .color(SCORE_COLOR)
                    .radius(2.5),
            );
        }
        if !series.ma7.is_empty() {
            plot_ui.line(
                Line::new(
                    t("7日均线", "7-day average"),
                    PlotPoints::from(series.ma7.clone()),
                )
                .color(MA7_COLOR),
            );
        }
        if !series.ma30.is_empty() {
            plot_ui.line(
                Line::new(
                    t("30日均线", "30-day average"),
                    PlotPoints::from(series.ma30.clone()),
                )
                .color(MA30_COLOR),
            );
        }
        if !series.vetoes.is_empty() {
            plot_ui.add(
                Points::new(
                    t("一票否决", "Veto"),
                    PlotPoints::from(series.vetoes.clone()),
                )
                .shape(MarkerShape::Cross)
                .radius(7.0)
                .color(rating_color(Rating::Fail)),
            );
        }
        for (area, line) in &series.areas {
            plot_ui.line(Line::new(
                format!("{} %", area_name(*area, english)),
                PlotPoints::from(line.clone()),
            ));
        }
    });
    // Clicking near a point opens that inspection.
    if response.response.clicked()
        && let Some(pos) = response.response.interact_pointer_pos()
    {
        let nearest = points
            .iter()
            .map(|p| {
                let at = response
                    .transform
                    .position_from_point(&egui_plot::PlotPoint::new(
                        day_x(p.date),
                        p.score.as_f64(),
                    ));
                (at.distance(pos), p.inspection_id)
            })
            .min_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((distance, id)) = nearest
            && distance < 12.0
        {
            command = Some(TrendsCommand::OpenInspection(id));
        }
    }

    if let Some(pareto) = &view.pareto {
        ui.add_space(8.0);
        ui.label(format!(
            "{} ({} {})",
            t("扣分项排行", "Most deducted items"),
            t("共扣", "total lost"),
            pareto.total_lost
        ));
        let bars_data = pareto_bars(pareto, english, 10);
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
                plot_ui.bar_chart(BarChart::new(t("扣分", "Points lost"), bars));
            });
        egui::Grid::new("trends_pareto_list")
            .striped(true)
            .show(ui, |ui| {
                for heading in [
                    t("序号", "No."),
                    t("扣分项", "Item"),
                    t("扣分", "Lost"),
                    t("次数", "Times"),
                    t("累计占比", "Cumulative"),
                ] {
                    ui.label(egui::RichText::new(heading).strong());
                }
                ui.end_row();
                for (n, item) in pareto.items.iter().take(10).enumerate() {
                    ui.label(format!("{}", n + 1));
                    if ui.link(item.text_in(english)).clicked() {
                        command = Some(TrendsCommand::ListItem {
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
    }
    command
}
