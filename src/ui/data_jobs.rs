//! The 数据 screen's long work — export, import, backup, restore — on a named thread with its
//! own connection to the database, polled by the app each frame.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::export::{ExportFormat, ExportProgress, export, import_file};
use crate::store::{InspectionFilter, MergeReport, Store};

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

/// Runs `task` against the database at `db_path` with a connection of its own.
pub fn run_data_task(db_path: &Path, task: DataTask, progress: &DataProgress) -> DataOutcome {
    let mut store = match Store::open(db_path) {
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
            if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty())
                && let Err(e) = std::fs::create_dir_all(parent)
            {
                return DataOutcome::Failed(format!("{}: {e}", parent.display()));
            }
            let mut report = |p: ExportProgress| {
                progress.total.store(p.total, Ordering::Relaxed);
                progress.done.store(p.done, Ordering::Relaxed);
            };
            match export(
                &store,
                format,
                &filter,
                &target,
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
            if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty())
                && let Err(e) = std::fs::create_dir_all(parent)
            {
                return DataOutcome::Failed(format!("{}: {e}", parent.display()));
            }
            match store.backup_to(&target) {
                Ok(()) => DataOutcome::BackedUp { target, fallback },
                Err(e) => DataOutcome::Failed(e.to_string()),
            }
        }
        DataTask::Restore(file) => match store.restore_keeping_copy(&file) {
            Ok(kept) => DataOutcome::Restored { file, kept },
            Err(e) => DataOutcome::Failed(format!("{e:#}")),
        },
    }
}

/// A task running on its own thread.
pub struct DataJob {
    /// Progress and the cancel flag.
    pub progress: Arc<DataProgress>,
    /// Whether the task can be cancelled (exports).
    pub cancellable: bool,
    done: Receiver<DataOutcome>,
}

impl DataJob {
    /// Starts `task` on a thread named `data-<kind>`; `wake` is called when it ends.
    pub fn start(
        db_path: &Path,
        task: DataTask,
        wake: impl Fn() + Send + 'static,
    ) -> std::io::Result<DataJob> {
        let progress = Arc::new(DataProgress::default());
        let cancellable = matches!(task, DataTask::Export { .. });
        let name = match task {
            DataTask::Export { .. } => "data-export",
            DataTask::Import(_) => "data-import",
            DataTask::Backup { .. } => "data-backup",
            DataTask::Restore(_) => "data-restore",
        };
        let (tx, rx) = channel();
        let path = db_path.to_path_buf();
        let shared = Arc::clone(&progress);
        std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                let outcome = run_data_task(&path, task, &shared);
                // The app may be gone; nothing to do then.
                let _closed = tx.send(outcome);
                wake();
            })?;
        Ok(DataJob {
            progress,
            cancellable,
            done: rx,
        })
    }

    /// The outcome once the task has ended.
    pub fn poll(&self) -> Option<DataOutcome> {
        match self.done.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(DataOutcome::Failed(
                "the background task stopped unexpectedly".into(),
            )),
        }
    }

    /// (done, total) so far.
    pub fn counts(&self) -> (u64, u64) {
        (
            self.progress.done.load(Ordering::Relaxed),
            self.progress.total.load(Ordering::Relaxed),
        )
    }
}
