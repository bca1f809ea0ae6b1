//! `hallcheck bench --server URL`: the district server's figures, on a PostgreSQL database
//! with no HallCheck schema yet (the bench writes demo records there): a year of 100 halls
//! pushed by one PC, a district PC's first pull of it, a sync with nothing new, and one day of
//! 100 halls pushed.

use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;

use crate::checklist;
use crate::cli::bench::{Measurement, peak_rss_mb};
use crate::store::{DemoOptions, Store};
use crate::sync::{ServerUrl, connect, server, sync};

/// Demo data of `halls` × `days` ending `today` in a new database at `path`.
fn demo(path: &Path, halls: u32, days: u32, seed: u64, today: NaiveDate) -> anyhow::Result<Store> {
    let mut store = Store::open(path)?;
    let templates = checklist::load_catalog(None).into_templates();
    crate::store::generate_demo_data(
        &mut store,
        &templates,
        &DemoOptions {
            halls,
            days,
            seed,
            today,
            batch: 2000,
        },
        |_| {},
    )?;
    Ok(store)
}

fn line(operation: String, ms: f64, rows: u64, target: &'static str, limit_ms: f64) -> Measurement {
    Measurement {
        operation,
        rows,
        median_ms: ms,
        p95_ms: ms,
        bare_median_ms: None,
        peak_rss_mb: peak_rss_mb(),
        target,
        met: ms < limit_ms,
    }
}

/// Times one sync of `store`; returns the time and the records that moved.
fn timed(store: &mut Store, url: &ServerUrl, all: bool) -> anyhow::Result<(f64, u64, u64)> {
    let start = Instant::now();
    let report = sync(store, url, all, &mut |_| {})?;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let (pushed, pulled, refused) = report.counts();
    anyhow::ensure!(
        refused == 0,
        "the bench's sync refused records: {:?}",
        report.refusals()
    );
    Ok((ms, pushed, pulled))
}

/// The measurements, with the work files in `dir`.
pub(crate) fn measurements(
    url: &str,
    dir: &Path,
    today: NaiveDate,
) -> anyhow::Result<Vec<Measurement>> {
    let url = crate::sync::password::resolve(url)?;
    let mut client = connect(&url)?;
    let exists: bool = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'hallcheck')",
            &[],
        )?
        .get(0);
    anyhow::ensure!(
        !exists,
        "{}: the bench needs a database without HallCheck's schema (it writes demo records there)",
        url.target()
    );
    server::init(&mut client, &url)?;
    drop(client);
    let mut out = Vec::new();

    let mut year = demo(&dir.join("year.db"), 100, 365, 3, today)?;
    let (ms, pushed, _) = timed(&mut year, &url, false)?;
    out.push(line(
        format!("sync: first push of 100 halls × 365 days ({pushed} records)"),
        ms,
        pushed,
        "(none)",
        f64::INFINITY,
    ));
    let (ms, _, _) = timed(&mut year, &url, false)?;
    out.push(line(
        "sync with nothing new (hall PC, 36,500 inspections here)".into(),
        ms,
        0,
        "<1 s",
        1000.0,
    ));
    drop(year);

    let mut district = Store::open(&dir.join("district.db"))?;
    let (ms, _, pulled) = timed(&mut district, &url, true)?;
    out.push(line(
        format!("sync: a district PC's first pull, 100 halls × 365 days ({pulled} records)"),
        ms,
        pulled,
        "<60 s",
        60_000.0,
    ));
    let (ms, _, _) = timed(&mut district, &url, true)?;
    out.push(line(
        "sync with nothing new (district PC, every hall)".into(),
        ms,
        0,
        "<1 s",
        1000.0,
    ));

    let mut day = demo(&dir.join("day.db"), 100, 1, 4, today)?;
    let (ms, pushed, _) = timed(&mut day, &url, false)?;
    out.push(line(
        format!("sync: push one day of 100 halls ({pushed} records)"),
        ms,
        pushed,
        "<10 s",
        10_000.0,
    ));
    drop(day);
    let (ms, _, pulled) = timed(&mut district, &url, true)?;
    out.push(line(
        format!("sync: the district PC takes that day ({pulled} records)"),
        ms,
        pulled,
        "<10 s",
        10_000.0,
    ));
    Ok(out)
}
