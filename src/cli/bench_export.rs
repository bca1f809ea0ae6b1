//! The CSV export line of `hallcheck bench`: every inspection exported to CSV (both files, as
//! `hallcheck export` writes them) against its floor, the same rows joined in SQL and written
//! bare in this process ([`Store::run_bare_csv_export`]), so it runs on Windows too.

use std::io::BufWriter;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use crate::cli::bench::{Measurement, peak_rss_mb};
use crate::export::{ExportFormat, export};
use crate::store::{InspectionFilter, Store};

/// The export may take this many times its floor.
const MAX_RATIO: f64 = 1.2;

/// Exports every inspection of `store` to CSV beside `db` (then removes the files), and writes
/// the same rows bare; each timed once, as the export is long. The bare run goes first, so the
/// export is not the one that warms the page cache.
pub fn csv_export_measurement(store: &Store, db: &Path) -> anyhow::Result<Measurement> {
    let folder = db.parent().unwrap_or(Path::new("."));
    let stem = format!("hallcheck-bench-export-{}", std::process::id());
    let bare_path = folder.join(format!("{stem}-bare.csv"));
    let target = folder.join(format!("{stem}.csv"));
    let summary = crate::export::summary_csv_path(&target);
    let result = (|| -> anyhow::Result<Measurement> {
        let start = Instant::now();
        let mut out = BufWriter::new(std::fs::File::create(&bare_path)?);
        let bare_rows = store.read_consistently(|| store.run_bare_csv_export(&mut out))?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        let bare_ms = start.elapsed().as_secs_f64() * 1000.0;
        std::fs::remove_file(&bare_path)?;

        let cancel = AtomicBool::new(false);
        let start = Instant::now();
        let written = export(
            store,
            ExportFormat::Csv,
            &InspectionFilter::default(),
            &target,
            &mut |_| {},
            &cancel,
        )?;
        let export_ms = start.elapsed().as_secs_f64() * 1000.0;
        Ok(Measurement {
            operation: format!(
                "export CSV, {} inspections ({bare_rows} item rows + summary)",
                written.inspections
            ),
            rows: bare_rows,
            median_ms: export_ms,
            p95_ms: export_ms,
            bare_median_ms: Some(bare_ms),
            peak_rss_mb: peak_rss_mb(),
            target: "≤1.2x bare",
            met: bare_ms <= 0.0 || export_ms / bare_ms <= MAX_RATIO,
        })
    })();
    for file in [&bare_path, &target, &summary] {
        // Leftovers of a failed run are the bench's own scratch files.
        let _ignored = std::fs::remove_file(file);
    }
    result
}
