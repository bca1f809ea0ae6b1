//! The 数据 screen's long work — export, import, backup, restore — as jobs of the data
//! worker, each with a connection of its own, progress the frame reads and a cancel flag.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::Template;
use crate::export::{ExportFormat, ExportProgress, export_on, import_file};
use crate::store::backups::BackupReason;
use crate::store::{InspectionFilter, MergeReport, Store};
use crate::sync::SyncProgress;
use crate::ui::error::UiError;
use crate::ui::jobs::{Job, Worker};

/// One piece of data work.
#[derive(Debug, Clone, PartialEq)]
pub enum DataTask {
    /// Export the selection to `target`.
    Export {
        /// File format.
        format: ExportFormat,
        /// Which inspections.
        filter: InspectionFilter,
        /// The main file to write.
        target: PathBuf,
        /// The target is the default folder because no dialog could open.
        fallback: bool,
    },
    /// Import JSON exports, each file on its own.
    Import(Vec<PathBuf>),
    /// Copy the whole database to `target`.
    Backup {
        /// The backup file.
        target: PathBuf,
        /// The target is the default folder because no dialog could open.
        fallback: bool,
    },
    /// Replace the database with a backup, keeping a copy of the current one.
    Restore(PathBuf),
    /// Sync with the district server at `url` (its password from the credential store).
    Sync {
        /// The server's URL, without its password.
        url: String,
        /// Follow every hall.
        all_halls: bool,
    },
    /// Write the blank checklist of `templates` (in walking order) to `target`.
    BlankSheet {
        /// The checklists.
        templates: Vec<Template>,
        /// The PDF to write (in the export folder).
        target: PathBuf,
        /// The day it is printed (in its footer).
        printed: NaiveDate,
    },
}

/// The result of importing one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileImport {
    /// The file.
    pub file: PathBuf,
    /// What was merged, or why nothing was (naming the file and the place).
    pub result: Result<MergeReport, String>,
}

/// How a task ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataOutcome {
    /// Exported.
    Exported {
        /// Files written, main file first.
        files: Vec<PathBuf>,
        /// Inspections in them.
        inspections: u64,
        /// Written to the default folder because no dialog could open.
        fallback: bool,
    },
    /// Imported (some files may have failed).
    Imported(Vec<FileImport>),
    /// Backed up.
    BackedUp {
        /// The backup file.
        target: PathBuf,
        /// Written to the default folder because no dialog could open.
        fallback: bool,
    },
    /// Restored.
    Restored {
        /// The backup restored.
        file: PathBuf,
        /// Where the previous content was kept.
        kept: PathBuf,
    },
    /// Synced with the district server.
    Synced {
        /// Records sent, taken and refused.
        counts: (u64, u64, u64),
        /// Records left out, either way, one per line.
        refusals: Vec<String>,
        /// Whether anything came down.
        pulled: bool,
    },
    /// A sync that could not be done; nothing was lost.
    SyncFailed {
        /// What kind of problem (`SyncError::code`).
        problem: String,
        /// The whole message.
        detail: String,
    },
    /// Cancelled by the user; nothing was written.
    Cancelled,
    /// Failed; nothing was changed.
    Failed(String),
}

impl DataOutcome {
    /// Whether the database content may have changed, so loaded data must be reloaded.
    pub fn changed_data(&self) -> bool {
        match self {
            DataOutcome::Imported(files) => files.iter().any(|f| f.result.is_ok()),
            DataOutcome::Restored { .. } => true,
            DataOutcome::Synced { pulled, .. } => *pulled,
            _ => false,
        }
    }
}

/// Progress shared between the worker and the frame.
#[derive(Debug, Default)]
pub struct DataProgress {
    /// Steps done (inspections or files).
    pub done: AtomicU64,
    /// Steps in all; 0 while unknown.
    pub total: AtomicU64,
    /// Raised by the Cancel button.
    pub cancel: AtomicBool,
}

/// Runs `task` against the database at `db_path` with a connection of its own; `now` (local
/// time) names the copy an import or a restore makes first in the backups folder, and its day
/// is the one an export judges rectifications on.
pub fn run_data_task(
    db_path: &Path,
    task: DataTask,
    progress: &DataProgress,
    now: NaiveDateTime,
) -> DataOutcome {
    let opened = match Store::open(db_path) {
        // A damaged database is what a restore is for: it is opened without the check.
        Err(e) if e.is_damage() && matches!(task, DataTask::Restore(_)) => {
            Store::open_damaged(db_path)
        }
        opened => opened,
    };
    let mut store = match opened {
        Ok(store) => store,
        Err(e) => return DataOutcome::Failed(e.to_string()),
    };
    match task {
        DataTask::Export {
            format,
            filter,
            target,
            fallback,
        } => {
            if let Err(e) = in_folder(&target) {
                return DataOutcome::Failed(e);
            }
            let mut report = |p: ExportProgress| {
                progress.total.store(p.total, Ordering::Relaxed);
                progress.done.store(p.done, Ordering::Relaxed);
            };
            match export_on(
                &store,
                format,
                &filter,
                &target,
                now.date(),
                &mut report,
                &progress.cancel,
            ) {
                Ok(summary) => DataOutcome::Exported {
                    files: summary.files,
                    inspections: summary.inspections,
                    fallback,
                },
                Err(crate::export::ExportError::Cancelled) => DataOutcome::Cancelled,
                Err(e) => DataOutcome::Failed(e.to_string()),
            }
        }
        DataTask::Import(files) => {
            if let Err(e) = store.backup_into_folder(now, BackupReason::BeforeImport) {
                return DataOutcome::Failed(format!(
                    "{e} (the copy made before an import; nothing was imported)"
                ));
            }
            progress.total.store(files.len() as u64, Ordering::Relaxed);
            let mut done = Vec::new();
            for file in files {
                let result = import_file(&mut store, &file)
                    .map(|outcome| outcome.report)
                    .map_err(|e| e.to_string());
                done.push(FileImport { file, result });
                progress.done.fetch_add(1, Ordering::Relaxed);
            }
            DataOutcome::Imported(done)
        }
        DataTask::Backup { target, fallback } => {
            if let Err(e) = in_folder(&target) {
                return DataOutcome::Failed(e);
            }
            match store.backup_to(&target) {
                Ok(()) => DataOutcome::BackedUp { target, fallback },
                Err(e) => DataOutcome::Failed(e.to_string()),
            }
        }
        DataTask::Restore(file) => match store.restore_keeping_copy(&file, now) {
            Ok(kept) => DataOutcome::Restored { file, kept },
            Err(e) => DataOutcome::Failed(format!("{e:#}")),
        },
        DataTask::Sync { url, all_halls } => {
            let mut report = |p: SyncProgress| match p {
                SyncProgress::Pushing(done, total) => {
                    progress.total.store(total, Ordering::Relaxed);
                    progress.done.store(done, Ordering::Relaxed);
                }
                SyncProgress::Pulling(done) | SyncProgress::Merging(done) => {
                    progress.total.store(0, Ordering::Relaxed);
                    progress.done.store(done, Ordering::Relaxed);
                }
            };
            let synced = crate::sync::password::resolve(&url).and_then(|url| {
                crate::sync::sync_keeping_copy(&mut store, &url, all_halls, now, &mut report)
            });
            match synced {
                Ok(report) => DataOutcome::Synced {
                    counts: report.counts(),
                    refusals: report.refusals(),
                    pulled: report.pulled.added.inspections
                        + report.pulled.added.rectifications
                        + report.pulled.amended
                        + report.pulled.renamed
                        > 0,
                },
                Err(e) => DataOutcome::SyncFailed {
                    problem: e.code().to_owned(),
                    detail: e.to_string(),
                },
            }
        }
        DataTask::BlankSheet {
            templates,
            target,
            printed,
        } => match in_folder(&target).and_then(|()| {
            crate::export::blank_sheet(&templates, &target, printed).map_err(|e| e.to_string())
        }) {
            Ok(file) => DataOutcome::Exported {
                files: vec![file],
                inspections: 0,
                fallback: true,
            },
            Err(e) => DataOutcome::Failed(e),
        },
    }
}

/// Makes the folder `target` goes in, or says why it cannot be made.
fn in_folder(target: &Path) -> Result<(), String> {
    match target.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))
        }
        None => Ok(()),
    }
}

/// A task and the progress it reports, as sent to the data worker.
#[derive(Debug)]
pub struct DataJob {
    /// What to do.
    pub task: DataTask,
    /// Progress and the cancel flag, shared with the frame.
    pub progress: Arc<DataProgress>,
    /// When it was asked for (local time): names the copies it makes in the backups folder.
    pub now: NaiveDateTime,
}

impl DataJob {
    /// A job for `task`, asked for `now`, with fresh progress.
    pub fn new(task: DataTask, now: NaiveDateTime) -> DataJob {
        DataJob {
            task,
            progress: Arc::new(DataProgress::default()),
            now,
        }
    }

    /// Whether the task can be cancelled (exports).
    pub fn cancellable(&self) -> bool {
        matches!(self.task, DataTask::Export { .. })
    }
}

impl Job for DataJob {
    type Reply = DataOutcome;

    fn panic_reply(&self, message: &str) -> DataOutcome {
        DataOutcome::Failed(message.to_owned())
    }
}

impl DataProgress {
    /// (done, total) so far.
    pub fn counts(&self) -> (u64, u64) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// Starts the data worker on the database at `db_path`: a thread, or inline (tests).
pub fn start(
    db_path: PathBuf,
    inline: bool,
    wake: impl Fn() + Send + 'static,
) -> Result<Worker<DataJob>, UiError> {
    Worker::start("data", inline, wake, move || {
        move |job: &DataJob| run_data_task(&db_path, job.task.clone(), &job.progress, job.now)
    })
}
