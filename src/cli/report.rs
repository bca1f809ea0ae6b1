//! `hallcheck report …`: the report figures as a table, CSV or JSON.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use chrono::{Datelike, Days, NaiveDate};
use clap::{Args, Subcommand};

use crate::cli::output::names;
use crate::cli::{Format, Listing, parse_kind};
use crate::domain::{Area, InspectionKind, Money, Points};
use crate::report::{Period, monthly, pareto, ranking, trend};
use crate::store::Store;

/// Days shown by `trend` and `pareto` when no `--from` is given.
const DEFAULT_SPAN_DAYS: u64 = 90;

/// One hall over a span of days: the arguments of `report trend` and `report pareto`.
#[derive(Debug, Args)]
pub struct HallDays {
    /// The hall (code, id or UUID).
    #[arg(long)]
    hall: String,
    /// From this day (YYYY-MM-DD; default 90 days before --to).
    #[arg(long)]
    from: Option<NaiveDate>,
    /// To this day (YYYY-MM-DD; default today).
    #[arg(long)]
    to: Option<NaiveDate>,
    /// Only inspections of this kind: self_check, supervision, unannounced or third_party
    /// (default: every kind).
    #[arg(long, value_name = "CODE", value_parser = parse_kind)]
    kind: Option<InspectionKind>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

impl HallDays {
    /// The hall's row id, the span of days, the kind and the output format.
    fn resolve(
        self,
        store: &Store,
    ) -> anyhow::Result<(i64, Period, Option<InspectionKind>, Format)> {
        let hall = store.require_hall(&self.hall)?;
        Ok((hall.id, span(self.from, self.to)?, self.kind, self.format))
    }
}

/// `report …`
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// One hall's scores over time with 7/30-day moving averages and per-area shares of cap.
    Trend(HallDays),
    /// All halls over a period: mean score, done vs expected, pass rate, vetoes, points lost,
    /// and the 整改 on-time rate and open count of the period's findings.
    Ranking {
        /// A month (2026-10) or a span (2026-10-01..2026-10-15); default this month.
        #[arg(long)]
        period: Option<String>,
        /// Only inspections of this kind: self_check, supervision, unannounced or
        /// third_party (default: every kind).
        #[arg(long, value_name = "CODE", value_parser = parse_kind)]
        kind: Option<InspectionKind>,
        /// Judge as of this day: inspections expected and rectifications on time or open
        /// (YYYY-MM-DD; default: today).
        #[arg(long)]
        today: Option<NaiveDate>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The most-deducted items of a hall: points lost and occurrences.
    Pareto(HallDays),
    /// The monthly score sheet (月度考核表) of a hall, its per-staff deductions and the month's
    /// rectifications (本月整改情况).
    Monthly {
        /// The hall (code, id or UUID).
        #[arg(long)]
        hall: String,
        /// The month (YYYY-MM; default this month).
        #[arg(long)]
        month: Option<String>,
        /// Print the per-staff person-time deductions instead of the sheet (CSV, table).
        #[arg(long)]
        staff: bool,
        /// Judge the month's rectifications as of this day (YYYY-MM-DD; default: today).
        #[arg(long)]
        today: Option<NaiveDate>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn span(from: Option<NaiveDate>, to: Option<NaiveDate>) -> anyhow::Result<Period> {
    let to = to.unwrap_or_else(today);
    let from = from.unwrap_or_else(|| {
        to.checked_sub_days(Days::new(DEFAULT_SPAN_DAYS - 1))
            .unwrap_or(to)
    });
    Ok(Period::new(from, to)?)
}

fn this_month() -> Period {
    let t = today();
    Period::month(t.year(), t.month()).unwrap_or(Period { from: t, to: t })
}

fn opt_points(p: Option<Points>) -> String {
    p.map(|p| p.to_string()).unwrap_or_default()
}

fn opt_pct(share: Option<f64>) -> String {
    share
        .map(|s| format!("{:.1}", s * 100.0))
        .unwrap_or_default()
}

/// Runs a `report` subcommand against the database `db` (or the default one).
pub fn run(db: Option<PathBuf>, command: ReportCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let store = super::open_store(db)?;
    match command {
        ReportCommand::Trend(args) => {
            let (hall_id, days, kind, format) = args.resolve(&store)?;
            let data = trend::trend(&store, hall_id, days, kind)?;
            trend_listing(&data).write(format, out)
        }
        ReportCommand::Ranking {
            period,
            kind,
            today: on,
            format,
        } => {
            let period = match period {
                Some(p) => Period::parse(&p)?,
                None => this_month(),
            };
            let data = ranking::ranking(&store, period, on.unwrap_or_else(today), kind)?;
            ranking_listing(&data).write(format, out)
        }
        ReportCommand::Pareto(args) => {
            let (hall_id, days, kind, format) = args.resolve(&store)?;
            let data = pareto::pareto(&store, hall_id, days, kind)?;
            pareto_listing(&data).write(format, out)
        }
        ReportCommand::Monthly {
            hall,
            month,
            staff,
            today: on,
            format,
        } => {
            let hall = store.require_hall(&hall)?;
            let period = match month {
                Some(m) => {
                    let p = Period::parse(&m)?;
                    anyhow::ensure!(
                        p.is_calendar_month(),
                        "--month takes a month such as 2026-10"
                    );
                    p
                }
                None => this_month(),
            };
            let sheet = monthly::sheet_for(&store, hall.id, period, on.unwrap_or_else(today))?;
            write_monthly(&sheet, staff, format, out)
        }
    }
}

/// The trend as a listing: one row per inspection.
pub fn trend_listing(data: &trend::TrendData) -> Listing {
    let mut columns = names(&[
        "date",
        "uuid",
        "score",
        "rating",
        "veto",
        "inspector",
        "ma7",
        "ma30",
    ]);
    // The built-in areas always, then any other area the hall's inspections covered.
    let mut areas = Area::BUILTIN.to_vec();
    areas.extend(data.areas_present());
    areas.sort();
    areas.dedup();
    columns.extend(areas.iter().map(|a| a.code().to_string()));
    let rows = data
        .points
        .iter()
        .map(|p| {
            let mut row = vec![
                p.date.to_string(),
                p.uuid.clone(),
                p.score.to_string(),
                p.rating.code().to_string(),
                if p.veto { "yes" } else { "no" }.to_string(),
                p.inspector.clone(),
                format!("{:.2}", p.ma7),
                format!("{:.2}", p.ma30),
            ];
            row.extend(areas.iter().map(|a| opt_pct(p.share(*a))));
            row
        })
        .collect();
    Listing { columns, rows }
}

/// The ranking as a listing: one row per hall, best first; after the points lost per area,
/// the 整改 follow-up of the period's findings: the on-time rate (`rectify_on_time_pct`,
/// blank while none is judged) and how many are still open (`rectify_open`), judged today.
pub fn ranking_listing(data: &ranking::RankingData) -> Listing {
    let mut columns = names(&[
        "rank",
        "hall",
        "hall_name",
        "done",
        "expected",
        "completion_pct",
        "mean_score",
        "pass_rate_pct",
        "vetoes",
        "previous_mean",
        "change",
        "lost_total",
    ]);
    // The built-in areas always, then any other area a hall lost points in.
    let mut areas = Area::BUILTIN.to_vec();
    areas.extend(
        data.halls
            .iter()
            .flat_map(|h| h.lost_by_area.keys().copied()),
    );
    areas.sort();
    areas.dedup();
    columns.extend(areas.iter().map(|a| format!("lost_{}", a.code())));
    columns.extend(names(&["rectify_on_time_pct", "rectify_open"]));
    let rows = data
        .halls
        .iter()
        .map(|h| {
            let mut row = vec![
                h.rank.map(|r| r.to_string()).unwrap_or_default(),
                h.hall.key(),
                h.hall.name.clone(),
                h.done.to_string(),
                h.expected.to_string(),
                opt_pct(h.completion()),
                opt_points(h.mean_score),
                opt_pct(h.pass_rate()),
                h.veto_count.to_string(),
                opt_points(h.previous_mean),
                opt_points(h.change()),
                if h.done > 0 {
                    h.lost_total().to_string()
                } else {
                    String::new()
                },
            ];
            row.extend(areas.iter().map(|a| {
                if h.done > 0 {
                    h.lost_by_area
                        .get(a)
                        .copied()
                        .unwrap_or_default()
                        .to_string()
                } else {
                    String::new()
                }
            }));
            row.push(opt_pct(h.rectify_rate()));
            row.push(h.rectify_open().to_string());
            row
        })
        .collect();
    Listing { columns, rows }
}

/// The Pareto as a listing: one row per failed item, most points lost first.
pub fn pareto_listing(data: &pareto::ParetoData) -> Listing {
    let rows = data
        .items
        .iter()
        .enumerate()
        .map(|(n, i)| {
            vec![
                (n + 1).to_string(),
                format!("{}/{}", i.template_id, i.item_id),
                i.area.name_zh().to_string(),
                i.text.clone(),
                i.points_lost.to_string(),
                i.occurrences.to_string(),
                i.inspections.to_string(),
                format!("{:.1}", i.share * 100.0),
                format!("{:.1}", i.cumulative_share * 100.0),
                if i.veto { "veto" } else { "" }.to_string(),
                i.violation.clone(),
            ]
        })
        .collect();
    Listing {
        columns: names(&[
            "no",
            "item",
            "area",
            "text",
            "points_lost",
            "occurrences",
            "inspections",
            "share_pct",
            "cumulative_pct",
            "veto",
            "violation",
        ]),
        rows,
    }
}

/// The sheet rows and a total line, as a listing (序号 / 考核内容 / 分值 / 扣分 / 得分 / 扣分原因,
/// with the occurrences and the points the inspections deducted, 加分 after 扣分 in a month with
/// a bonus, and the amount before the reasons where the hall has a money rule).
pub fn monthly_listing(sheet: &monthly::MonthlySheet) -> Listing {
    let money = sheet.money.is_some();
    let mut rows: Vec<Vec<String>> = sheet
        .rows
        .iter()
        .map(|r| {
            vec![
                r.no.clone(),
                r.content.clone(),
                opt_points(r.points),
                opt_points(r.deducted),
                opt_points(r.bonus),
                opt_points(r.score),
                r.occurrences.to_string(),
                r.lost.to_string(),
                opt_amount(r.amount),
                r.reasons.clone(),
            ]
        })
        .collect();
    rows.push(vec![
        String::new(),
        "合计".to_string(),
        sheet.total_points().to_string(),
        opt_points(sheet.total_deducted()),
        opt_points(sheet.total_bonus()),
        opt_points(sheet.total_score()),
        sheet
            .area_rows()
            .map(|r| r.occurrences)
            .sum::<i64>()
            .to_string(),
        sheet
            .area_rows()
            .map(|r| r.lost)
            .sum::<Points>()
            .to_string(),
        opt_amount(sheet.total_amount()),
        format!("月度得分：{}", opt_points(sheet.score)),
    ]);
    let mut columns = names(&[
        "no",
        "content",
        "points",
        "deducted",
        "bonus",
        "score",
        "occurrences",
        "lost_in_inspections",
        "amount_yuan",
        "reasons",
    ]);
    without_column(!money, &mut columns, &mut rows, 8);
    without_column(!sheet.has_bonus(), &mut columns, &mut rows, 4);
    Listing { columns, rows }
}

/// An amount of yuan, or nothing.
fn opt_amount(amount: Option<Money>) -> String {
    amount.map(|a| a.to_string()).unwrap_or_default()
}

/// Takes the column `at` out of a listing when `dropped` (the amount without a money rule,
/// the bonus in a month without one).
fn without_column(dropped: bool, columns: &mut Vec<String>, rows: &mut [Vec<String>], at: usize) {
    if dropped {
        columns.remove(at);
        for row in rows {
            row.remove(at);
        }
    }
}

/// The per-staff deductions as a listing.
pub fn staff_listing(sheet: &monthly::MonthlySheet) -> Listing {
    let mut columns = names(&["staff", "person_times", "points", "amount_yuan", "items"]);
    let mut rows: Vec<Vec<String>> = sheet
        .staff
        .iter()
        .map(|s| {
            vec![
                s.name.clone(),
                s.person_times.to_string(),
                s.points.to_string(),
                opt_amount(s.amount),
                s.items.clone(),
            ]
        })
        .collect();
    without_column(sheet.money.is_none(), &mut columns, &mut rows, 3);
    Listing { columns, rows }
}

/// The month's rectifications (本月整改情况) as a listing: 序号 / 检查项 / 发现日期 / 责任人 /
/// 整改时限 / 状态, with the state's code and the UUID to act on it.
pub fn month_rectifications_listing(sheet: &monthly::MonthlySheet) -> Listing {
    let rows = sheet
        .rectifications
        .lines
        .iter()
        .map(|line| {
            vec![
                line.no.to_string(),
                line.item_zh(),
                line.row.inspected_on.to_string(),
                line.row.owner_shown().to_owned(),
                line.row.due_on.to_string(),
                line.state_zh.clone(),
                line.row.status.code().to_owned(),
                line.row.uuid.clone(),
            ]
        })
        .collect();
    Listing {
        columns: names(&[
            "no", "item", "found_on", "owner", "due_on", "state", "status", "uuid",
        ]),
        rows,
    }
}

fn write_monthly(
    sheet: &monthly::MonthlySheet,
    staff_only: bool,
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match format {
        Format::Json => {
            let listing_json = |l: &Listing| -> Vec<serde_json::Value> {
                l.rows
                    .iter()
                    .map(|row| {
                        serde_json::Value::Object(
                            l.columns
                                .iter()
                                .zip(row)
                                .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone())))
                                .collect(),
                        )
                    })
                    .collect()
            };
            let mut doc = serde_json::json!({
                "hall": sheet.hall.key(),
                "hall_name": sheet.hall.name,
                "month": sheet.period.to_string(),
                "inspections": sheet.inspections,
                "score": opt_points(sheet.score),
                "rating": sheet.rating.map(|r| r.code()),
                "vetoes": sheet.veto_count,
                "rule": sheet.footnote_zh(),
                "rows": listing_json(&monthly_listing(sheet)),
                "staff": listing_json(&staff_listing(sheet)),
                "rectifications": listing_json(&month_rectifications_listing(sheet)),
                "rectifications_summary": sheet.rectifications.summary_zh(),
                "rectify_on_time_pct": opt_pct(sheet.rectifications.rate()),
            });
            if let (Some(total), Some(map)) = (sheet.total_amount(), doc.as_object_mut()) {
                map.insert("amount_yuan".into(), total.to_string().into());
            }
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)?;
            Ok(())
        }
        Format::Csv if staff_only => staff_listing(sheet).write(format, out),
        Format::Csv => monthly_listing(sheet).write(format, out),
        Format::Table => {
            let rating = sheet
                .rating
                .map(|r| format!("（{}）", r.name_zh()))
                .unwrap_or_default();
            let amount = sheet
                .total_amount()
                .map(|a| format!("  金额合计 {a} 元"))
                .unwrap_or_default();
            writeln!(
                out,
                "{} {} 月度考核表\n检查 {} 次  月度得分 {}{rating}  一票否决 {} 次{amount}\n",
                sheet.hall.name,
                sheet.period,
                sheet.inspections,
                sheet
                    .score
                    .map_or_else(|| "—".to_owned(), |s| s.to_string()),
                sheet.veto_count
            )
            .context("writing the sheet")?;
            if !staff_only {
                monthly_listing(sheet).write(format, out)?;
                writeln!(out, "\n{}", sheet.footnote_zh())?;
                writeln!(out, "\n人员扣分 (person-time deductions)")?;
            }
            staff_listing(sheet).write(format, out)?;
            if !staff_only {
                writeln!(
                    out,
                    "\n本月整改情况 (rectifications)：{}",
                    sheet.rectifications.summary_zh()
                )?;
                if !sheet.rectifications.lines.is_empty() {
                    month_rectifications_listing(sheet).write(format, out)?;
                }
            }
            Ok(())
        }
    }
}
