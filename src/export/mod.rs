//! Exports (CSV, Excel, PDF, JSON) of a selection of inspections, and JSON import/merge.
//!
//! [`export`] is the engine the CLI and the app call: it takes the selection, the target
//! path, a progress callback and a cancel flag, writes to a temporary file beside the target
//! and renames it into place only at the end, so a failed or cancelled export leaves nothing
//! half-written. It opens no dialog and may run on any thread that has its own [`Store`].
//!
//! File layout per format:
//! - `csv`: the target (one row per checklist item of each inspection, the inspection's columns
//!   repeated), `NAME-summary.csv` beside it (one row per inspection) and
//!   `NAME-rectifications.csv` (one row per rectification, the 整改台账's columns); UTF-8 with
//!   BOM, CRLF; the three files are put in place together or not at all.
//! - `xlsx`: sheets 汇总 (summary), 明细 (details), 整改台账 (the rectifications of the
//!   exported inspections) and one 考核 sheet per hall and month.
//! - `pdf`: one report per inspection (with its 整改情况), then the monthly 考核 sheets; A4.
//! - `json`: full fidelity ([`json::SCHEMA`], version [`json::VERSION`]), for [`import`].

mod csv;

/// The bundled CJK font: Noto Sans CJK SC with every hanzi it has (GB 18030 and more, so
/// names with rare characters print), OFL; see assets/fonts. The app draws with it and PDFs
/// embed the glyphs they use from it.
pub static CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Regular-subset.otf");

pub mod import;
pub mod json;
pub mod monthly;
mod pdf;
pub use pdf::blank_sheet;
pub mod photo;
mod rectifications;
mod xlsx;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::{InspectionScore, Points, RatingBands, Template};
use crate::store::partial::{partial_path, remove_stale_partials};
use crate::store::{ExportCache, InspectionDetail, InspectionFilter, Store, StoreError, io_words};

pub use import::{
    ImportError, ImportOutcome, ImportProgress, RefusedRecord, import_file,
    import_file_with_progress,
};

/// The file formats of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum ExportFormat {
    /// Two CSV files: details and summary.
    Csv,
    /// One Excel workbook.
    Xlsx,
    /// One PDF of reports and monthly sheets.
    Pdf,
    /// One JSON file, importable elsewhere.
    Json,
}

impl ExportFormat {
    /// The file extension, without dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Pdf => "pdf",
            ExportFormat::Json => "json",
        }
    }

    /// Guesses the format from a file name's extension.
    pub fn from_path(path: &Path) -> Option<ExportFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        [
            ExportFormat::Csv,
            ExportFormat::Xlsx,
            ExportFormat::Pdf,
            ExportFormat::Json,
        ]
        .into_iter()
        .find(|f| f.extension() == ext)
    }
}

/// Progress of an export: inspections written so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportProgress {
    /// Inspections done.
    pub done: u64,
    /// Inspections in all.
    pub total: u64,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    /// The files written, main file first.
    pub files: Vec<PathBuf>,
    /// Inspections exported.
    pub inspections: u64,
}

/// Why an export failed. Nothing is left at the target in any case.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The cancel flag was raised.
    #[error("export cancelled; no file was written")]
    Cancelled,
    /// The selection is empty.
    #[error("no inspections match the selection; nothing was exported")]
    Empty,
    /// A file could not be written.
    #[error("{}: {}; nothing was written — {}", path.display(), io_words(error).0, io_words(error).1)]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause (told in the text, not chained again).
        error: std::io::Error,
    },
    /// Reading the database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The spreadsheet writer failed.
    #[error("{path}: writing the workbook failed: {detail}")]
    Xlsx {
        /// The file.
        path: PathBuf,
        /// What the writer said.
        detail: String,
    },
    /// The PDF writer failed.
    #[error("{path}: writing the PDF failed: {detail}")]
    Pdf {
        /// The file.
        path: PathBuf,
        /// What the writer said.
        detail: String,
    },
}

impl ExportError {
    pub(crate) fn io(path: &Path, error: std::io::Error) -> ExportError {
        ExportError::Io {
            path: path.to_path_buf(),
            error,
        }
    }
}

/// A default file name for an export made at `now` (local time), valid on Windows:
/// `hallcheck-20261127-0930.xlsx`.
pub fn default_file_name(format: ExportFormat, now: NaiveDateTime) -> String {
    format!(
        "hallcheck-{}.{}",
        now.format("%Y%m%d-%H%M"),
        format.extension()
    )
}

/// The summary CSV written beside a details CSV: `out.csv` → `out-summary.csv`.
pub fn summary_csv_path(target: &Path) -> PathBuf {
    beside_csv(target, "summary")
}

/// The rectifications CSV (整改台账) written beside a details CSV: `out.csv` →
/// `out-rectifications.csv`.
pub fn rectifications_csv_path(target: &Path) -> PathBuf {
    beside_csv(target, "rectifications")
}

/// `out.csv` → `out-SUFFIX.csv`, in the same folder.
fn beside_csv(target: &Path, suffix: &str) -> PathBuf {
    let stem = target
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "hallcheck".into());
    target.with_file_name(format!("{stem}-{suffix}.csv"))
}

/// Neutralises text a spreadsheet could take for a formula: text starting with `=`, `+`, `-`,
/// `@`, tab or CR gets a leading `'`. Used for every user-typed cell in CSV and Excel.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// Writes the selected inspections to `target` in `format`, their rectifications judged
/// (overdue, on time) on the local calendar day today: [`export_on`] with the clock's day.
pub fn export(
    store: &Store,
    format: ExportFormat,
    filter: &InspectionFilter,
    target: &Path,
    progress: &mut dyn FnMut(ExportProgress),
    cancel: &AtomicBool,
) -> Result<ExportSummary, ExportError> {
    let today = chrono::Local::now().date_naive();
    export_on(store, format, filter, target, today, progress, cancel)
}

/// Writes the selected inspections to `target` in `format`, their rectifications judged on
/// `today` (the 整改台账, the 整改情况 of each report, the months' 本月整改情况).
///
/// `progress` is called after each inspection; raising `cancel` stops the export at the next
/// inspection with [`ExportError::Cancelled`]. The output goes to a temporary file beside the
/// target, renamed into place at the end; on any error it is removed.
pub fn export_on(
    store: &Store,
    format: ExportFormat,
    filter: &InspectionFilter,
    target: &Path,
    today: NaiveDate,
    progress: &mut dyn FnMut(ExportProgress),
    cancel: &AtomicBool,
) -> Result<ExportSummary, ExportError> {
    if let Some(folder) = target.parent() {
        remove_stale_partials(folder, None);
    }
    if target.is_dir() {
        return Err(ExportError::io(
            target,
            std::io::Error::from(std::io::ErrorKind::IsADirectory),
        ));
    }
    let ids = store
        .exchange_inspection_ids(filter)
        .map_err(|e| e.in_file(store.path()))?;
    if ids.is_empty() {
        return Err(ExportError::Empty);
    }
    let mut job = Job {
        store,
        ids: &ids,
        days: (filter.from, filter.to),
        today,
        progress,
        cancel,
        done: 0,
        cache: ExportCache::default(),
    };
    // One read transaction: the export shows one state of the database even while the app
    // or another program saves, and reads faster.
    let files = store.read_consistently(|| match format {
        ExportFormat::Csv => csv::write(&mut job, target),
        ExportFormat::Xlsx => xlsx::write(&mut job, target),
        ExportFormat::Pdf => pdf::write(&mut job, target),
        ExportFormat::Json => json::write(&mut job, target),
    })?;
    Ok(ExportSummary {
        files,
        inspections: ids.len() as u64,
    })
}

/// The state of one export run, shared by the writers.
pub(crate) struct Job<'a> {
    pub(crate) store: &'a Store,
    pub(crate) ids: &'a [i64],
    /// The selection's first and last day, when it has them (the monthly sheets keep to them).
    pub(crate) days: (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>),
    /// The day rectifications are judged on (overdue, on time).
    pub(crate) today: NaiveDate,
    progress: &'a mut dyn FnMut(ExportProgress),
    cancel: &'a AtomicBool,
    done: u64,
    /// Snapshots and hall keys read once for the whole export.
    cache: ExportCache,
}

impl Job<'_> {
    /// Fails with [`ExportError::Cancelled`] once the flag is up.
    pub(crate) fn check_cancel(&self) -> Result<(), ExportError> {
        if self.cancel.load(Ordering::Relaxed) {
            Err(ExportError::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Counts one inspection done and reports it.
    pub(crate) fn step(&mut self) {
        self.done += 1;
        (self.progress)(ExportProgress {
            done: self.done,
            total: self.ids.len() as u64,
        });
    }

    /// Loads every selected inspection in turn (checking the cancel flag before each), and
    /// counts progress after `each` has handled it.
    pub(crate) fn for_each_record(
        &mut self,
        mut each: impl FnMut(&Record) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        let bands = self.store.settings()?.bands;
        for &id in self.ids {
            self.check_cancel()?;
            let record = Record::load(self.store, id, &bands, &mut self.cache)?;
            each(&record)?;
            self.step();
        }
        Ok(())
    }
}

/// One inspection as the readable formats show it.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub(crate) detail: InspectionDetail<Arc<Template>>,
    pub(crate) score: InspectionScore,
    pub(crate) hall_code: String,
    pub(crate) note: String,
}

impl Record {
    pub(crate) fn load(
        store: &Store,
        id: i64,
        bands: &RatingBands,
        cache: &mut ExportCache,
    ) -> Result<Record, StoreError> {
        let read = store.exported_inspection(id, cache)?;
        let score = read.detail.score(bands);
        Ok(Record {
            detail: read.detail,
            score,
            hall_code: read.hall_key,
            note: read.note,
        })
    }

    /// The score to show: stored at submit, else the running one.
    pub(crate) fn total(&self) -> Points {
        self.detail.header.score.unwrap_or(self.score.score)
    }

    /// The rating to show (Chinese).
    pub(crate) fn rating_zh(&self) -> &'static str {
        self.detail
            .header
            .rating
            .unwrap_or(self.score.rating)
            .name_zh()
    }
}

/// A stored UTC instant (RFC 3339) as local wall time at the offset it was taken with.
pub(crate) fn local_time(utc: &str, offset_min: i32) -> Option<NaiveDateTime> {
    let instant = chrono::DateTime::parse_from_rfc3339(utc).ok()?;
    let offset = chrono::FixedOffset::east_opt(offset_min.checked_mul(60)?)?;
    Some(instant.with_timezone(&offset).naive_local())
}

/// Local wall time as `2026-11-27 08:45`, or the raw text when unreadable.
pub(crate) fn local_time_text(utc: &str, offset_min: i32) -> String {
    local_time(utc, offset_min)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| utc.to_owned())
}

/// A file being written: a temporary path beside the target (`.NAME.PID.partial`), renamed
/// into place by [`commit_all`] and removed if dropped before.
pub(crate) struct PendingFile {
    target: PathBuf,
    temp: PathBuf,
    committed: bool,
}

impl PendingFile {
    pub(crate) fn new(target: &Path) -> PendingFile {
        PendingFile {
            target: target.to_path_buf(),
            temp: partial_path(target),
            committed: false,
        }
    }

    /// Where to write.
    pub(crate) fn temp(&self) -> &Path {
        &self.temp
    }

    /// Creates the temporary file.
    pub(crate) fn create(&self) -> Result<std::fs::File, ExportError> {
        std::fs::File::create(&self.temp).map_err(|e| ExportError::io(&self.target, e))
    }

    /// Moves the finished file into place.
    pub(crate) fn commit(self) -> Result<PathBuf, ExportError> {
        commit_all(vec![self]).map(|mut files| files.remove(0))
    }
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        if !self.committed {
            // Best effort: the temporary file may not exist yet.
            let _ignored = std::fs::remove_file(&self.temp);
        }
    }
}

/// Moves finished files into place all together or not at all: a target that already exists
/// is first set aside, and if any file cannot be moved into place, those already moved are
/// removed and the set-aside ones put back, so the folder holds either every new file or
/// exactly what it held before.
pub(crate) fn commit_all(mut files: Vec<PendingFile>) -> Result<Vec<PathBuf>, ExportError> {
    // (target, where its previous content was set aside)
    let mut aside: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut placed: Vec<PathBuf> = Vec::new();
    let undo = |placed: &[PathBuf], aside: &[(PathBuf, PathBuf)]| {
        // Best effort on the way out of a failure whose error is the one told.
        for target in placed {
            let _ignored = std::fs::remove_file(target);
        }
        for (target, old) in aside {
            let _ignored = std::fs::rename(old, target);
        }
    };
    for file in &files {
        if file.target.is_dir() {
            undo(&placed, &aside);
            return Err(ExportError::io(
                &file.target,
                std::io::Error::from(std::io::ErrorKind::IsADirectory),
            ));
        }
        if std::fs::symlink_metadata(&file.target).is_ok() {
            let mut old = file.temp.clone().into_os_string();
            old.push("-old");
            let old = PathBuf::from(old);
            if let Err(e) = std::fs::rename(&file.target, &old) {
                undo(&placed, &aside);
                return Err(ExportError::io(&file.target, e));
            }
            aside.push((file.target.clone(), old));
        }
    }
    for file in &files {
        if let Err(e) = std::fs::rename(&file.temp, &file.target) {
            undo(&placed, &aside);
            return Err(ExportError::io(&file.target, e));
        }
        placed.push(file.target.clone());
    }
    for (_, old) in &aside {
        // The previous content was replaced on purpose; a copy left over is only clutter.
        let _ignored = std::fs::remove_file(old);
    }
    for file in &mut files {
        file.committed = true;
    }
    Ok(placed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised() {
        for text in ["=SUM(A1)", "+1", "-2", "@x", "\tx", "\rx"] {
            assert_eq!(neutralise(text), format!("'{text}"));
        }
        assert_eq!(neutralise("门口地面有纸屑"), "门口地面有纸屑");
        assert_eq!(neutralise(""), "");
    }

    #[test]
    fn default_name_has_no_colon() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 27)
            .and_then(|d| d.and_hms_opt(9, 30, 0))
            .unwrap_or_default();
        assert_eq!(
            default_file_name(ExportFormat::Xlsx, now),
            "hallcheck-20261127-0930.xlsx"
        );
        assert_eq!(
            summary_csv_path(Path::new("/tmp/out.csv")),
            Path::new("/tmp/out-summary.csv")
        );
        assert_eq!(
            rectifications_csv_path(Path::new("/tmp/out.csv")),
            Path::new("/tmp/out-rectifications.csv")
        );
    }
}
