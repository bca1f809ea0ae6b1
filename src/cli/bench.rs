//! `hallcheck bench`: builds a demo data set on a temporary database and times the report
//! paths against their floor: the same statements run bare by the store
//! ([`Store::run_bare`]).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Datelike, Days, NaiveDate};

use crate::checklist;
use crate::cli::output::names;
use crate::cli::{Format, Listing};
use crate::report::{Period, median_p95, monthly, pareto, ranking, trend};
use crate::store::{DemoOptions, InspectionFilter, ReportQuery, SortKey, Store};

/// Arguments of `bench`.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// Halls in the data set.
    #[arg(long, default_value_t = 100)]
    pub halls: u32,
    /// Days of history per hall.
    #[arg(long, default_value_t = 1825)]
    pub days: u32,
    /// Timed runs of each operation (after one warm-up).
    #[arg(long, default_value_t = 30)]
    pub runs: u32,
    /// Keep the database at this path instead of a temporary file; when the file already
    /// holds data, it is reused and not generated again.
    #[arg(long, value_name = "PATH")]
    pub keep: Option<PathBuf>,
    /// Also print SQLite's query plan of each report statement.
    #[arg(long)]
    pub plans: bool,
    /// Time the district server instead, on this PostgreSQL database (one without HallCheck's
    /// schema: the bench writes demo records there): a year of 100 halls pushed, a district
    /// PC's first pull of it, a sync with nothing new, a day of 100 halls pushed.
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// One measured operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// What was timed.
    pub operation: String,
    /// Rows it returned (or wrote).
    pub rows: u64,
    /// Median wall time.
    pub median_ms: f64,
    /// 95th percentile wall time.
    pub p95_ms: f64,
    /// Median of the same SQL run bare, for reports.
    pub bare_median_ms: Option<f64>,
    /// Peak resident set of the process so far, MB (Linux only).
    pub peak_rss_mb: Option<f64>,
    /// The target, as text.
    pub target: &'static str,
    /// Whether the target is met.
    pub met: bool,
}

/// Peak resident set size of this process in MB (`VmHWM`).
#[cfg(target_os = "linux")]
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Peak resident set size: not measured on this platform.
#[cfg(not(target_os = "linux"))]
pub fn peak_rss_mb() -> Option<f64> {
    None
}

pub(super) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Times `f` `runs` times after one warm-up; returns (median, p95, rows of the last run).
pub(super) fn time<F>(runs: u32, mut f: F) -> anyhow::Result<(f64, f64, u64)>
where
    F: FnMut() -> anyhow::Result<u64>,
{
    let mut rows = f()?;
    let mut samples = Vec::with_capacity(runs as usize);
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        rows = f()?;
        samples.push(ms(start.elapsed()));
    }
    let (median, p95) = median_p95(&mut samples);
    Ok((median, p95, rows))
}

/// Times a report and its bare SQL in alternation, so both see the same machine load.
/// Returns ((median, p95, rows) of the report, median of the bare SQL).
pub(super) fn time_pair<F, G>(
    runs: u32,
    mut report: F,
    mut floor: G,
) -> anyhow::Result<((f64, f64, u64), f64)>
where
    F: FnMut() -> anyhow::Result<u64>,
    G: FnMut() -> anyhow::Result<u64>,
{
    let mut rows = report()?;
    floor()?;
    let mut a = Vec::with_capacity(runs as usize);
    let mut b = Vec::with_capacity(runs as usize);
    for n in 0..runs.max(1) {
        // Alternate which goes first, so neither always follows the other's cache state.
        let order = [n % 2 == 0, n % 2 != 0];
        for report_turn in order {
            let start = Instant::now();
            if report_turn {
                rows = report()?;
                a.push(ms(start.elapsed()));
            } else {
                floor()?;
                b.push(ms(start.elapsed()));
            }
        }
    }
    let (median, p95) = median_p95(&mut a);
    let (bare_median, _) = median_p95(&mut b);
    Ok(((median, p95, rows), bare_median))
}

/// Runs report statements bare, each over (hall, first day, last day): the floor of a report.
fn bare(store: &Store, statements: &[(ReportQuery, Option<i64>, Period)]) -> anyhow::Result<u64> {
    let mut total = 0;
    for &(query, hall_id, days) in statements {
        total += store.run_bare(query, hall_id, days.from, days.to)?;
    }
    Ok(total)
}

/// Prints SQLite's plan of a report statement.
fn print_plan(
    store: &Store,
    label: &str,
    (query, hall_id, days): (ReportQuery, Option<i64>, Period),
) -> anyhow::Result<()> {
    eprintln!(
        "plan {label}: {}",
        store.query_plan(query, hall_id, days.from, days.to)?
    );
    Ok(())
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        // A leftover temp file is harmless; nothing to tell the user.
        let _ignored = std::fs::remove_file(PathBuf::from(name));
    }
}

/// Runs the benchmark and prints its table.
pub fn run(args: &BenchArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    if let Some(url) = &args.server {
        let dir = std::env::temp_dir().join(format!("hallcheck-bench-sync-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let today = chrono::Local::now().date_naive();
        let result = super::bench_sync::measurements(url, &dir, today);
        // A leftover temporary folder is harmless; the measurement's own error is the one told.
        let _ignored = std::fs::remove_dir_all(&dir);
        return write_table(&result?, args.format, out);
    }
    let (path, temporary) = match &args.keep {
        Some(p) => (p.clone(), false),
        None => {
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            (
                std::env::temp_dir()
                    .join(format!("hallcheck-bench-{}-{stamp}.db", std::process::id())),
                true,
            )
        }
    };
    let result = measure(args, &path);
    if temporary {
        remove_db(&path);
    }
    let measurements = result?;
    write_table(&measurements, args.format, out)
}

/// Median and p95 of 100 frames of the Trends screen drawing `period` of a hall.
fn trends_frame_ms(
    store: &Store,
    hall_id: i64,
    period: Period,
    pareto_period: Period,
    today: NaiveDate,
) -> anyhow::Result<(f64, f64)> {
    let trend = trend::trend(store, hall_id, period, None)?;
    let pareto = pareto::pareto(store, hall_id, pareto_period, None)?;
    Ok(crate::ui::bench_frames::trends_frame_ms(
        store, hall_id, trend, pareto, today,
    )?)
}

fn write_table(
    measurements: &[Measurement],
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let rows = measurements
        .iter()
        .map(|m| {
            vec![
                m.operation.clone(),
                m.rows.to_string(),
                format!("{:.2}", m.median_ms),
                format!("{:.2}", m.p95_ms),
                m.bare_median_ms
                    .map(|b| format!("{b:.2}"))
                    .unwrap_or_else(|| "—".into()),
                m.bare_median_ms
                    .filter(|b| *b > 0.0)
                    .map(|b| format!("{:.2}x", m.median_ms / b))
                    .unwrap_or_else(|| "—".into()),
                m.peak_rss_mb
                    .map(|r| format!("{r:.0}"))
                    .unwrap_or_else(|| "n/a".into()),
                m.target.to_string(),
                if m.met { "ok" } else { "MISSED" }.to_string(),
            ]
        })
        .collect();
    Listing {
        columns: names(&[
            "operation",
            "rows",
            "median_ms",
            "p95_ms",
            "bare_ms",
            "ratio",
            "peak_rss_mb",
            "target",
            "met",
        ]),
        rows,
    }
    .write(format, out)
}

/// A report measured against its bare SQL: ≤ 1.3× and under 20 ms.
fn report_measurement(
    operation: String,
    (median, p95, rows): (f64, f64, u64),
    bare_median: f64,
) -> Measurement {
    Measurement {
        operation,
        rows,
        median_ms: median,
        p95_ms: p95,
        bare_median_ms: Some(bare_median),
        peak_rss_mb: peak_rss_mb(),
        target: "≤1.3x bare, <20 ms",
        met: median < 20.0 && (bare_median <= 0.0 || median / bare_median <= 1.3),
    }
}

fn measure(args: &BenchArgs, path: &Path) -> anyhow::Result<Vec<Measurement>> {
    let mut out = Vec::new();
    let today = chrono::Local::now().date_naive();
    let runs = args.runs;

    // Generation.
    let existing = path.exists();
    {
        let mut store = Store::open(path)?;
        let has_data = store.inspection_days()?.is_some();
        if !(existing && has_data) {
            let (loaded, problems) = checklist::builtin();
            anyhow::ensure!(problems.is_empty(), "built-in checklists have problems");
            let templates: Vec<_> = loaded.into_iter().map(|l| l.template).collect();
            let options = DemoOptions {
                halls: args.halls,
                days: args.days,
                seed: 1,
                today,
                batch: 5000,
            };
            let start = Instant::now();
            let summary =
                crate::store::generate_demo_data(&mut store, &templates, &options, |p| {
                    eprint!("\rbench: generating {}/{} inspections", p.done, p.total);
                })?;
            let elapsed = ms(start.elapsed());
            eprintln!();
            out.push(measured(
                format!(
                    "generate {} halls × {} days ({} inspections)",
                    args.halls, args.days, summary.inspections
                ),
                (elapsed, elapsed, summary.results),
                "<20 s",
                Some(20_000.0),
            ));
        }
    }

    let store = Store::open(path)?;
    store.tune_for_reports()?;
    let (first_day, last_day) = store
        .inspection_days()?
        .ok_or_else(|| anyhow::anyhow!("the data set has no inspections"))?;
    let halls = store.halls(true)?;
    let hall = halls
        .get(halls.len() / 2)
        .ok_or_else(|| anyhow::anyhow!("the data set has no halls"))?
        .clone();

    // Open + Today.
    let today_filter = InspectionFilter {
        from: Some(last_day),
        to: Some(last_day),
        ..InspectionFilter::default()
    };
    let timing = time(runs, || {
        let s = Store::open(path)?;
        let today_rows = s.list_inspections(&today_filter, SortKey::Hall, false, 0, 10_000)?;
        let drafts = s.drafts()?;
        Ok((today_rows.len() + drafts.len()) as u64)
    })?;
    out.push(measured(
        "open database + Today data".to_string(),
        (timing.0, timing.1, timing.2),
        "—",
        None,
    ));

    // One hall's whole trend.
    let all = Period::new(first_day, last_day)?;
    let lead = Period::new(trend::lead_from(all), all.to)?;
    let h = Some(hall.id);
    let trend_sql = [
        (ReportQuery::Trend, h, lead),
        (ReportQuery::TrendAreas, h, all),
    ];
    let (timing, floor) = time_pair(
        runs,
        || Ok(trend::trend(&store, hall.id, all, None)?.points.len() as u64),
        || bare(&store, &trend_sql),
    )?;
    if args.plans {
        print_plan(&store, "trend", trend_sql[0])?;
        print_plan(&store, "trend areas", trend_sql[1])?;
    }
    out.push(report_measurement(
        format!("trend, 1 hall, {} days", all.days()),
        timing,
        floor,
    ));

    // Ranking of all halls for the last full month.
    let month_start = last_day
        .with_day(1)
        .and_then(|d| d.checked_sub_days(Days::new(1)))
        .unwrap_or(last_day);
    let month = Period::month(month_start.year(), month_start.month())?;
    let ranking_sql = [
        (ReportQuery::Ranking, None, month),
        (ReportQuery::Ranking, None, month.previous()),
        (ReportQuery::RankingAreas, None, month),
    ];
    let (timing, floor) = time_pair(
        runs,
        || Ok(ranking::ranking(&store, month, last_day, None)?.halls.len() as u64),
        || bare(&store, &ranking_sql),
    )?;
    if args.plans {
        print_plan(&store, "ranking", ranking_sql[0])?;
        print_plan(&store, "ranking areas", ranking_sql[2])?;
        print_plan(&store, "pareto", (ReportQuery::Pareto, h, month))?;
        print_plan(
            &store,
            "monthly fails",
            (ReportQuery::MonthlyFails, h, month),
        )?;
    }
    out.push(report_measurement(
        format!("ranking, {} halls, month {month}", halls.len()),
        timing,
        floor,
    ));

    // One hall-year Pareto.
    let year = Period::new(
        last_day
            .checked_sub_days(Days::new(364))
            .unwrap_or(first_day)
            .max(first_day),
        last_day,
    )?;
    let (timing, floor) = time_pair(
        runs,
        || Ok(pareto::pareto(&store, hall.id, year, None)?.items.len() as u64),
        || {
            bare(
                &store,
                &[
                    (ReportQuery::ParetoCount, h, year),
                    (ReportQuery::Pareto, h, year),
                ],
            )
        },
    )?;
    out.push(report_measurement(
        format!("pareto, 1 hall, {} days", year.days()),
        timing,
        floor,
    ));

    // One hall-month sheet.
    let (timing, floor) = time_pair(
        runs,
        || {
            Ok(monthly::sheet_for(&store, hall.id, month, today)?
                .rows
                .len() as u64)
        },
        || {
            bare(
                &store,
                &[
                    (ReportQuery::MonthlyHeader, h, month),
                    (ReportQuery::MonthlyAreas, h, month),
                    (ReportQuery::MonthlyFails, h, month),
                ],
            )
        },
    )?;
    out.push(report_measurement(
        format!("monthly sheet, 1 hall, {month}"),
        timing,
        floor,
    ));

    // One frame of the Trends screen on the whole trend, all lines on (CPU time of the pass and
    // its tessellation).
    let (median, p95) = trends_frame_ms(&store, hall.id, all, year, last_day)?;
    out.push(measured(
        format!("Trends screen frame, {} points, all lines", all.days()),
        (median, p95, 100),
        "<4 ms",
        Some(4.0),
    ));

    out.extend(super::bench_app::history_measurements(
        &store, &hall, last_day, year, runs,
    )?);
    out.push(crate::cli::bench_import::measurement(&store, month)?);
    out.push(super::bench_app::answer_measurement(
        &store, &hall, today, runs,
    )?);
    out.push(super::bench_export::csv_export_measurement(&store, path)?);
    Ok(out)
}

/// A timing (median, p95, rows) without a bare floor, against a limit in milliseconds.
pub(super) fn measured(
    operation: String,
    (median_ms, p95_ms, rows): (f64, f64, u64),
    target: &'static str,
    limit_ms: Option<f64>,
) -> Measurement {
    Measurement {
        operation,
        rows,
        median_ms,
        p95_ms,
        bare_median_ms: None,
        peak_rss_mb: peak_rss_mb(),
        target,
        met: limit_ms.is_none_or(|limit| median_ms < limit),
    }
}
