//! 排名 / Ranking screen: all halls over a period, sortable, with a bar chart of mean scores.
//!
//! Draws only from the loaded [`RankingView`]; a new period comes back as
//! [`Command::LoadRanking`] and the reader loads it.

use egui_plot::{Bar, BarChart, HLine, Plot};

use crate::domain::{Points, Rating, RatingBands};
use crate::report::ranking::{HallRanking, RankingData, RankingSort, sort_halls};
use crate::report::{Period, percent};
use crate::ui::Command;
use crate::ui::palette;
use crate::ui::widgets::Shared;

/// What the screen remembers between frames.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingState {
    /// The period as typed: `2026-10` or `2026-10-01..2026-10-15`.
    pub period_text: String,
    /// Sort column.
    pub sort: RankingSort,
    /// Largest first.
    pub descending: bool,
}

impl Default for RankingState {
    fn default() -> Self {
        RankingState {
            period_text: String::new(),
            sort: RankingSort::Rank,
            descending: true,
        }
    }
}

/// The data the screen draws from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RankingView {
    /// The ranking loaded last.
    pub data: Option<RankingData>,
    /// The days being read, while a read is on its way.
    pub loading: Option<Period>,
}

/// The halls in table order for the state's sort.
pub fn sorted_halls(data: &RankingData, state: &RankingState) -> Vec<HallRanking> {
    let mut halls = data.halls.clone();
    sort_halls(&mut halls, state.sort, state.descending);
    halls
}

/// The bars of the chart, in table order: (hall key, mean score); halls without inspections
/// are left out.
pub fn ranking_bars(data: &RankingData, state: &RankingState) -> Vec<(String, f64)> {
    sorted_halls(data, state)
        .into_iter()
        .filter_map(|h| Some((h.hall.key(), h.mean_score?.as_f64())))
        .collect()
}

fn rating_of(mean: Points, bands: &RatingBands) -> Rating {
    bands.rate(mean, false)
}

/// Draws the screen; returns what the user asked for.
pub fn ui(
    ui: &mut egui::Ui,
    shared: &Shared,
    state: &mut RankingState,
    view: &RankingView,
) -> Option<Command> {
    let Some(data) = &view.data else {
        ui.horizontal(|ui| {
            if view.loading.is_some() {
                ui.spinner();
            } else {
                ui.label(shared.tr.report.no_ranking);
            }
        });
        return None;
    };
    let t = shared.tr.report;
    let bands = &shared.settings.bands;
    let mut command = None;
    let pass_color = palette::rating(Rating::Pass);
    if state.period_text.is_empty() {
        state.period_text = data.period.to_string();
    }
    ui.horizontal(|ui| {
        let label = ui.label(t.period);
        let edit = ui
            .add(egui::TextEdit::singleline(&mut state.period_text).desired_width(200.0))
            .labelled_by(label.id);
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui.button(t.show).clicked() || enter)
            && let Ok(period) = Period::parse(&state.period_text)
            && period != data.period
        {
            command = Some(Command::LoadRanking(period));
        }
        ui.label(format!(
            "{} {} ({} {})",
            t.compared_with, data.previous, t.as_of, data.as_of
        ));
        if view.loading.is_some() {
            ui.spinner();
        }
        ui.separator();
        // The line's meaning next to the chart: a label inside would sit behind the bars.
        ui.colored_label(pass_color, format!("— — {} {}", t.pass_line, bands.pass));
        ui.label(t.x_rank);
    });

    let halls = sorted_halls(data, state);
    // The x axis gives each bar its hall's 名次 (the bars are the halls with inspections, in
    // table order); hall names would not fit under a bar.
    let names: Vec<String> = halls
        .iter()
        .filter(|h| h.mean_score.is_some())
        .filter_map(|h| h.rank.map(|r| r.to_string()))
        .collect();
    // The bars stand on a floor a little under the lowest mean (or the pass line), not on 0,
    // so halls with close means stay apart.
    let means = ranking_bars(data, state);
    let floor = (means
        .iter()
        .map(|(_, mean)| *mean)
        .fold(bands.pass.as_f64(), f64::min)
        / 10.0)
        .floor()
        * 10.0
        - 5.0;
    let bars: Vec<Bar> = means
        .into_iter()
        .enumerate()
        .map(|(n, (key, mean))| {
            let rating = rating_of(
                Points::from_hundredths((mean * 100.0).round() as i64),
                bands,
            );
            Bar::new(n as f64, mean - floor)
                .base_offset(floor)
                .name(format!("{key} {mean:.2}"))
                .fill(palette::rating(rating))
        })
        .collect();
    Plot::new("ranking_bars")
        .height(180.0)
        .include_y(floor)
        .include_y(101.0)
        .allow_scroll(false)
        .x_axis_formatter(move |mark, _| {
            let n = mark.value;
            if n.fract() == 0.0 && n >= 0.0 {
                names.get(n as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot_ui| {
            plot_ui.hline(HLine::new(t.pass_line, bands.pass.as_f64()).color(pass_color));
            plot_ui.bar_chart(BarChart::new(t.mean_score, bars));
        });

    let columns: [(RankingSort, &str); 8] = [
        (RankingSort::Rank, t.rank),
        (RankingSort::Hall, t.hall),
        (RankingSort::Done, t.done_expected),
        (RankingSort::Completion, t.completion),
        (RankingSort::PassRate, t.pass_rate),
        (RankingSort::Vetoes, t.vetoes_short),
        (RankingSort::Lost, t.points_lost),
        (RankingSort::Change, t.change),
    ];
    egui::ScrollArea::vertical()
        .id_salt("ranking")
        .show(ui, |ui| {
            egui::Grid::new("ranking_table")
                .striped(true)
                .show(ui, |ui| {
                    for (key, label) in columns {
                        let arrow = match (state.sort == key, state.descending) {
                            (true, true) => " ▼",
                            (true, false) => " ▲",
                            _ => "",
                        };
                        if ui.button(format!("{label}{arrow}")).clicked() {
                            if state.sort == key {
                                state.descending = !state.descending;
                            } else {
                                state.sort = key;
                                state.descending = true;
                            }
                        }
                        if key == RankingSort::Rank {
                            ui.label(t.mean);
                        }
                    }
                    ui.end_row();
                    for h in &halls {
                        ui.label(h.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into()));
                        let mean = h.mean_score;
                        match mean {
                            Some(m) => {
                                let rating = rating_of(m, bands);
                                ui.colored_label(
                                    palette::rating(rating),
                                    format!("{m} {}", shared.lang.rating(rating)),
                                );
                            }
                            None => {
                                ui.label("—");
                            }
                        }
                        if ui.link(&h.hall.name).clicked() {
                            command = Some(Command::OpenHallTrend {
                                hall_id: h.hall.id,
                                period: data.period,
                            });
                        }
                        ui.label(format!("{}/{}", h.done, h.expected));
                        ui.label(h.completion().map(percent).unwrap_or_else(|| "—".into()));
                        ui.label(h.pass_rate().map(percent).unwrap_or_else(|| "—".into()));
                        ui.label(h.veto_count.to_string());
                        ui.label(if h.done > 0 {
                            h.lost_total().to_string()
                        } else {
                            "—".into()
                        });
                        ui.label(match h.change() {
                            Some(c) if c > Points::ZERO => format!("▲ +{c}"),
                            Some(c) if c < Points::ZERO => format!("▼ {c}"),
                            Some(_) => "= 0".into(),
                            None => "—".into(),
                        });
                        ui.end_row();
                    }
                });
        });
    command
}
