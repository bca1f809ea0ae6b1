//! 排名 / Ranking screen: all halls over a period (their inspections of one kind, or of every
//! kind), sortable, with a bar chart of mean scores and, per hall, the 整改 on-time rate and
//! open count of the period's findings; or two kinds compared hall by hall (类型
//! 对比: 自查 against 暗访 unless others are chosen), the largest gap first.
//!
//! Draws only from the loaded [`RankingView`]; a new period or kind comes back as
//! [`Command::LoadRanking`] and the reader loads the ranking and the comparison.

use egui::RichText;
use egui_plot::{Bar, BarChart, HLine, Plot, PlotPoint, Text};

use crate::domain::{InspectionKind, Points, Rating, RatingBands};
use crate::report::ranking::{HallRanking, RankingData, RankingSort, sort_halls};
use crate::report::{DEFAULT_COMPARED, KindComparison, KindFigures, Period, percent};
use crate::ui::Command;
use crate::ui::jobs::reader::RankingQuery;
use crate::ui::palette;
use crate::ui::widgets::{Shared, entered, kind_filter, month_field};

/// What the screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RankingMode {
    /// Every hall ranked: the chart and the table.
    #[default]
    Table,
    /// Two kinds compared hall by hall.
    Compare,
}

/// What the screen remembers between frames.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingState {
    /// The period as typed: `2026-10` or `2026-10-01..2026-10-15`.
    pub period_text: String,
    /// Sort column.
    pub sort: RankingSort,
    /// Largest first.
    pub descending: bool,
    /// The typed period is not one.
    pub bad_period: bool,
    /// The table or the comparison.
    pub mode: RankingMode,
    /// The one kind ranked (`None`: every kind).
    pub kind: Option<InspectionKind>,
    /// The two kinds compared.
    pub compared: [InspectionKind; 2],
}

impl Default for RankingState {
    fn default() -> Self {
        RankingState {
            period_text: String::new(),
            sort: RankingSort::Rank,
            descending: true,
            bad_period: false,
            mode: RankingMode::Table,
            kind: None,
            compared: DEFAULT_COMPARED,
        }
    }
}

/// The data the screen draws from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RankingView {
    /// The ranking loaded last.
    pub data: Option<RankingData>,
    /// The comparison of two kinds loaded with it.
    pub comparison: Option<KindComparison>,
    /// What is being read, while a read is on its way.
    pub loading: Option<RankingQuery>,
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
    let pass_color = palette::rating(Rating::Pass);
    if state.period_text.is_empty() {
        state.period_text = data.period.to_string();
    }
    let mut command = filter_bar(ui, shared, state, view, data);
    if state.mode == RankingMode::Compare {
        if let Some(comparison) = &view.comparison
            && let Some(c) = comparison_table(ui, shared, comparison)
        {
            command = Some(c);
        }
        return command;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(shared.lang.bracketed(
            &format!("{} {}", t.compared_with, data.previous),
            &format!("{} {}", t.as_of, data.as_of),
        ));
        ui.separator();
        // The line's meaning next to the chart: a label inside would sit behind the bars.
        ui.colored_label(pass_color, format!("— — {} {}", t.pass_line, bands.pass));
    });

    // The bars, in table order, stand on 0 so their heights compare honestly; each is named
    // by its hall under it, its mean on top.
    let halls = sorted_halls(data, state);
    let ranked: Vec<&HallRanking> = halls.iter().filter(|h| h.mean_score.is_some()).collect();
    let names = without_common_suffix(ranked.iter().map(|h| h.hall.name.as_str()));
    let (bars, labels): (Vec<Bar>, Vec<Text>) = ranked
        .iter()
        .enumerate()
        .filter_map(|(n, h)| {
            let mean = h.mean_score?;
            let bar = Bar::new(n as f64, mean.as_f64())
                .name(format!("{} {mean}", h.hall.name))
                .fill(palette::rating(rating_of(mean, bands)));
            let label = Text::new(
                "",
                PlotPoint::new(n as f64, mean.as_f64()),
                RichText::new(mean.to_string()).size(12.0),
            )
            .anchor(egui::Align2::CENTER_BOTTOM);
            Some((bar, label))
        })
        .unzip();
    Plot::new("ranking_bars")
        .height(200.0)
        .include_y(0.0)
        .include_y(108.0)
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
            for label in labels {
                plot_ui.add(label);
            }
        });

    let columns: [(RankingSort, &str, Option<&str>); 10] = [
        (RankingSort::Rank, t.rank, None),
        (RankingSort::Hall, t.hall, None),
        (RankingSort::Done, t.done_expected, None),
        (RankingSort::Completion, t.completion, None),
        (RankingSort::PassRate, t.pass_rate, None),
        (RankingSort::Vetoes, t.vetoes_short, None),
        (RankingSort::Lost, t.points_lost, None),
        (RankingSort::Change, t.change, None),
        (
            RankingSort::RectifyRate,
            t.rectify_rate,
            Some(t.rectify_rate_hint),
        ),
        (
            RankingSort::RectifyOpen,
            t.rectify_open,
            Some(t.rectify_open_hint),
        ),
    ];
    // Wider than a small window with every column: the table scrolls sideways too.
    egui::ScrollArea::both().id_salt("ranking").show(ui, |ui| {
        egui::Grid::new("ranking_table")
            .striped(true)
            .show(ui, |ui| {
                for (key, label, hint) in columns {
                    let arrow = match (state.sort == key, state.descending) {
                        (true, true) => " ▼",
                        (true, false) => " ▲",
                        _ => "",
                    };
                    let button = ui.button(format!("{label}{arrow}"));
                    let button = match hint {
                        Some(hint) => button.on_hover_text(hint),
                        None => button,
                    };
                    if button.clicked() {
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
                            kind: data.kind,
                        });
                    }
                    // A kind that comes when it comes is expected no number of times.
                    ui.label(if h.expected > 0 {
                        format!("{}/{}", h.done, h.expected)
                    } else {
                        h.done.to_string()
                    });
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
                    ui.label(h.rectify_rate().map(percent).unwrap_or_else(|| "—".into()));
                    ui.label(match &h.rectify {
                        Some(r) => r.open.to_string(),
                        None => "—".into(),
                    });
                    ui.end_row();
                }
            });
    });
    command
}

/// The view, the period and the kinds: a change asks for the figures it needs.
fn filter_bar(
    ui: &mut egui::Ui,
    shared: &Shared,
    state: &mut RankingState,
    view: &RankingView,
    data: &RankingData,
) -> Option<Command> {
    let t = shared.tr.report;
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        for (mode, label) in [
            (RankingMode::Table, t.ranking_table),
            (RankingMode::Compare, t.compare_kinds),
        ] {
            if ui.selectable_label(state.mode == mode, label).clicked() {
                state.mode = mode;
            }
        }
        ui.separator();
        let (moved, edit) = month_field(ui, shared, t.period, &mut state.period_text, 200.0);
        let enter = entered(ui, &edit);
        if moved || ui.button(t.show).clicked() || enter {
            changed = true;
        }
        if state.bad_period {
            ui.colored_label(ui.visuals().error_fg_color, t.bad_period);
        }
        ui.separator();
        match state.mode {
            RankingMode::Table => {
                changed |= kind_filter(
                    ui,
                    shared,
                    (t.kind, shared.tr.any),
                    "ranking_kind",
                    &mut state.kind,
                );
            }
            RankingMode::Compare => {
                changed |= kind_choice(ui, shared, t.kind, "compare_first", &mut state.compared[0]);
                changed |= kind_choice(
                    ui,
                    shared,
                    t.versus,
                    "compare_second",
                    &mut state.compared[1],
                );
            }
        }
        if view.loading.is_some() {
            ui.spinner();
        }
    });
    if !changed {
        return None;
    }
    let period = match Period::parse(&state.period_text) {
        Ok(period) => {
            state.bad_period = false;
            period
        }
        Err(_) => {
            state.bad_period = true;
            return None;
        }
    };
    let query = RankingQuery {
        period,
        kind: state.kind,
        compared: state.compared,
    };
    let shown = RankingQuery {
        period: data.period,
        kind: data.kind,
        compared: view.comparison.as_ref().map_or(state.compared, |c| c.kinds),
    };
    (query != shown).then_some(Command::LoadRanking(query))
}

/// One of the two kinds compared, with its label; true when the user picked another.
fn kind_choice(
    ui: &mut egui::Ui,
    shared: &Shared,
    label: &str,
    id_salt: &str,
    kind: &mut InspectionKind,
) -> bool {
    let label = ui.label(label);
    let before = *kind;
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(shared.kind_name(*kind))
        .show_ui(ui, |ui| {
            for choice in InspectionKind::ALL {
                ui.selectable_value(kind, choice, shared.lang.kind_long(choice));
            }
        })
        .response
        .labelled_by(label.id);
    *kind != before
}

/// A kind's mean and count as cells: "—" where it has none.
fn figure_cells(ui: &mut egui::Ui, figures: &KindFigures) {
    ui.label(
        figures
            .mean_score
            .map_or_else(|| "—".into(), |m| m.to_string()),
    );
    ui.label(figures.done.to_string());
}

/// The two kinds hall by hall: each one's mean and count, and the gap, largest first.
fn comparison_table(
    ui: &mut egui::Ui,
    shared: &Shared,
    comparison: &KindComparison,
) -> Option<Command> {
    let t = shared.tr.report;
    let [first, second] = comparison.kinds.map(|k| shared.kind_name(k));
    let mut command = None;
    ui.label(RichText::new(t.gap_hint).color(palette::MUTED));
    egui::ScrollArea::vertical()
        .id_salt("kind_gaps")
        .show(ui, |ui| {
            egui::Grid::new("kind_gap_table")
                .striped(true)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    let gap = shared.lang.bracketed(t.gap, &format!("{first} − {second}"));
                    for heading in [
                        t.hall.to_owned(),
                        format!("{first} {}", t.mean),
                        format!("{first} {}", t.count),
                        format!("{second} {}", t.mean),
                        format!("{second} {}", t.count),
                        gap,
                    ] {
                        ui.label(RichText::new(heading).strong());
                    }
                    ui.end_row();
                    for line in &comparison.halls {
                        if ui.link(&line.hall.name).clicked() {
                            command = Some(Command::OpenHallTrend {
                                hall_id: line.hall.id,
                                period: comparison.period,
                                kind: None,
                            });
                        }
                        for figures in &line.figures {
                            figure_cells(ui, figures);
                        }
                        ui.label(match line.gap() {
                            Some(g) if g > Points::ZERO => format!("+{g}"),
                            Some(g) => g.to_string(),
                            None => "—".into(),
                        });
                        ui.end_row();
                    }
                });
        });
    command
}

/// The names without the ending they all share ("城北供电营业厅", "新城供电营业厅" → "城北", "新城"),
/// so that names under narrow bars still fit; unchanged when fewer than two, or when a name would
/// be left empty.
fn without_common_suffix<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let names: Vec<&str> = names.collect();
    let [first, rest @ ..] = names.as_slice() else {
        return Vec::new();
    };
    let shared = rest.iter().fold(first.chars().count(), |shared, name| {
        first
            .chars()
            .rev()
            .zip(name.chars().rev())
            .take(shared)
            .take_while(|(a, b)| a == b)
            .count()
    });
    let cut = |name: &str| name.chars().count() - shared;
    if rest.is_empty() || names.iter().any(|name| cut(name) == 0) {
        return names.iter().map(|name| (*name).to_owned()).collect();
    }
    names
        .iter()
        .map(|name| name.chars().take(cut(name)).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::without_common_suffix;

    #[test]
    fn names_lose_the_ending_all_share_but_never_become_empty() {
        let cut = |names: &[&str]| without_common_suffix(names.iter().copied());
        assert_eq!(
            cut(&["城北供电营业厅", "高新区供电营业厅", "新城供电营业厅"]),
            ["城北", "高新区", "新城"]
        );
        assert_eq!(cut(&["营业厅", "东营业厅"]), ["营业厅", "东营业厅"]);
        assert_eq!(cut(&["城北供电营业厅"]), ["城北供电营业厅"]);
        assert_eq!(cut(&["东厅", "西所"]), ["东厅", "西所"]);
        assert!(cut(&[]).is_empty());
    }
}
