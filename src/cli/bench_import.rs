//! The import line of `hallcheck bench`: a JSON export of one month of the data set imported
//! into an empty database, as another PC would take it — one run, its time and the peak
//! resident set during it.

use std::sync::atomic::AtomicBool;
use std::time::Instant;

use crate::cli::bench::{Measurement, peak_rss_mb};
use crate::export::{ExportFormat, export, import_file};
use crate::report::Period;
use crate::store::{InspectionFilter, Store};

/// The most the import may hold resident, in MB.
const PEAK_LIMIT_MB: f64 = 300.0;

/// Forgets the peak resident set so far (Linux: `/proc/self/clear_refs`), so the next
/// [`peak_rss_mb`] is the peak from now on.
fn reset_peak_rss() {
    #[cfg(target_os = "linux")]
    {
        // Best effort: without it the peak shown is the whole run's, which is only higher.
        let _ignored = std::fs::write("/proc/self/clear_refs", "5");
    }
}

/// Exports `month` of `store` (every hall) to a temporary file and times its import into an
/// empty database.
pub(crate) fn measurement(store: &Store, month: Period) -> anyhow::Result<Measurement> {
    let dir = std::env::temp_dir().join(format!("hallcheck-bench-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let measured = (|| -> anyhow::Result<Measurement> {
        let file = dir.join("month.json");
        let filter = InspectionFilter {
            from: Some(month.from),
            to: Some(month.to),
            ..InspectionFilter::default()
        };
        let never = AtomicBool::new(false);
        export(
            store,
            ExportFormat::Json,
            &filter,
            &file,
            &mut |_| {},
            &never,
        )?;
        let size_mb = std::fs::metadata(&file)?.len() as f64 / (1024.0 * 1024.0);
        let mut target = Store::open(&dir.join("target.db"))?;
        reset_peak_rss();
        let start = Instant::now();
        let outcome = import_file(&mut target, &file)?;
        let elapsed_ms = start.elapsed().as_secs_f64() * 1000.0;
        let peak = peak_rss_mb();
        let inspections = outcome.report.added.inspections;
        Ok(Measurement {
            operation: format!(
                "import a JSON export of {month} ({inspections} inspections, {size_mb:.0} MB)"
            ),
            rows: inspections,
            median_ms: elapsed_ms,
            p95_ms: elapsed_ms,
            bare_median_ms: None,
            peak_rss_mb: peak,
            target: "peak <300 MB",
            met: peak.is_none_or(|mb| mb < PEAK_LIMIT_MB),
        })
    })();
    // A leftover temporary folder is harmless; the measurement's own error is the one told.
    let _ignored = std::fs::remove_dir_all(&dir);
    measured
}
