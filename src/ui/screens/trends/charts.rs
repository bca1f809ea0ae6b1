//! The Trends screen's charts: the score line with its averages and bands, each area's share
//! on a percent axis of its own, and the Pareto of the most deducted items.

use egui::RichText;
use egui_plot::{
    Bar, BarChart, Corner, HLine, HoverPosition, Legend, Line, MarkerShape, Plot, PlotPoint,
    PlotPoints, Points, Text,
};

use crate::domain::{Area, Rating};
use crate::report::{ParetoData, TrendData};
use crate::ui::Command;
use crate::ui::palette;
use crate::ui::widgets::Shared;

use super::{MARKER_LIMIT, TrendsState, day_x, pareto_bars, trend_series, x_day};

/// The score line with its averages, bands, vetoes and area shares; a click near a point
/// opens that inspection.
pub(super) fn score_chart(
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
            let mut shown = state.areas_shown.contains(&area);
            if ui.checkbox(&mut shown, lang.area(area)).changed() {
                if shown {
                    state.areas_shown.insert(area);
                } else {
                    state.areas_shown.remove(&area);
                }
            }
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
pub(super) fn pareto_chart(
    ui: &mut egui::Ui,
    shared: &Shared,
    pareto: &ParetoData,
) -> Option<Command> {
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
                if ui.link(item.finding_in(shared.lang.is_english())).clicked() {
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
