//! The app side of the 数据 screen: dialogs on the main thread, then the task on a named
//! thread with its own connection; when it ends, everything it may have changed is reloaded.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::export::default_file_name;
use crate::ui::DataCommand;
use crate::ui::data_jobs::{DataJob, DataOutcome, DataProgress, DataTask, run_data_task};
use crate::ui::dialogs::Picked;
use crate::ui::i18n::tr;
use crate::ui::screens::{data::Running, inspect};

use super::App;

impl App {
    /// Runs one request of the 数据 screen. Dialogs open here, on the main thread.
    pub(super) fn run_data_cmd(&mut self, cmd: DataCommand) {
        let d = tr(self.settings.english).data;
        self.data_view.notice = None;
        let now = self.now().naive_local();
        match cmd {
            DataCommand::Export { format, filter } => {
                let name = free_name(&self.options.export_dir, &default_file_name(format, now));
                let folder = self.options.export_dir.clone();
                let (target, fallback) = match self.options.dialogs.save_file(&folder, &name) {
                    Picked::Chosen(mut target) => {
                        if target.extension().is_none() {
                            target.set_extension(format.extension());
                        }
                        (target, false)
                    }
                    Picked::Cancelled => return,
                    Picked::Unavailable => (folder.join(&name), true),
                };
                self.start_data_task(DataTask::Export {
                    format,
                    filter,
                    target,
                    fallback,
                });
            }
            DataCommand::PickImport => match self.options.dialogs.pick_json_files() {
                Picked::Chosen(files) => {
                    self.data_state.import_paths = files
                        .iter()
                        .map(|f| f.display().to_string())
                        .collect::<Vec<_>>()
                        .join("; ");
                    self.start_data_task(DataTask::Import(files));
                }
                Picked::Cancelled => {}
                Picked::Unavailable => self.data_view.notice = Some(d.no_dialog.to_owned()),
            },
            DataCommand::Import(files) => {
                if files.is_empty() {
                    self.data_view.notice = Some(d.no_path.to_owned());
                } else {
                    self.start_data_task(DataTask::Import(files));
                }
            }
            DataCommand::Backup => {
                let stamp = now.format("%Y%m%d-%H%M");
                let name = free_name(
                    &self.options.export_dir,
                    &format!("hallcheck-backup-{stamp}.db"),
                );
                let folder = self.options.export_dir.clone();
                let (target, fallback) = match self.options.dialogs.save_file(&folder, &name) {
                    Picked::Chosen(target) => (target, false),
                    Picked::Cancelled => return,
                    Picked::Unavailable => (folder.join(&name), true),
                };
                self.start_data_task(DataTask::Backup { target, fallback });
            }
            DataCommand::PickRestore => match self.options.dialogs.pick_backup() {
                Picked::Chosen(file) => self.data_state.confirm_restore = Some(file),
                Picked::Cancelled => {}
                Picked::Unavailable => {
                    self.data_state.show_restore_path = true;
                    self.data_view.notice = Some(d.no_dialog.to_owned());
                }
            },
            DataCommand::Restore(file) => self.start_data_task(DataTask::Restore(file)),
            DataCommand::Cancel => {
                if let Some(job) = &self.data_job {
                    job.progress.cancel.store(true, Ordering::Relaxed);
                }
            }
        }
    }

    /// Starts a task on its own thread (or runs it here with inline jobs). One at a time.
    fn start_data_task(&mut self, task: DataTask) {
        if self.data_job.is_some() {
            return;
        }
        self.data_view.outcome = None;
        if self.options.inline_jobs {
            let outcome = run_data_task(&self.options.db_path, task, &DataProgress::default());
            self.data_finished(outcome);
            return;
        }
        match DataJob::start(&self.options.db_path, task, self.wake()) {
            Ok(job) => {
                self.data_view.running = Some(Running {
                    done: 0,
                    total: 0,
                    cancellable: job.cancellable,
                });
                self.data_job = Some(job);
            }
            Err(e) => self.data_view.outcome = Some(DataOutcome::Failed(e.to_string())),
        }
    }

    /// Collects the running task's progress or outcome; called every frame.
    pub(super) fn poll_data_job(&mut self) {
        let Some(job) = &self.data_job else { return };
        match job.poll() {
            Some(outcome) => {
                self.data_job = None;
                self.data_view.running = None;
                self.data_finished(outcome);
            }
            None => {
                let (done, total) = job.counts();
                self.data_view.running = Some(Running {
                    done,
                    total,
                    cancellable: job.cancellable,
                });
                self.ctx.request_repaint_after(Duration::from_millis(100));
            }
        }
    }

    fn data_finished(&mut self, outcome: DataOutcome) {
        if outcome.changed_data() {
            let restored = matches!(outcome, DataOutcome::Restored { .. });
            self.reload_after_data_change(restored);
        }
        self.data_view.outcome = Some(outcome);
    }

    /// Reloads everything an import or a restore may have changed.
    fn reload_after_data_change(&mut self, restored: bool) {
        if restored {
            // The open walk and the opened inspection may not exist any more.
            self.walk = None;
            self.inspect_state.walk = inspect::WalkState::default();
            self.history_view.detail = None;
            if let Some(store) = &self.store {
                match store.settings() {
                    Ok(settings) => {
                        self.settings = settings;
                        self.settings_state.load(&self.settings);
                        self.ctx.set_zoom_factor(self.settings.zoom);
                    }
                    Err(e) => self.show_error(e.to_string()),
                }
            }
        }
        self.reload_common();
        if let Some(id) = self.halls_state.selected
            && !self.halls.iter().any(|h| h.id == id)
        {
            self.halls_state.selected = None;
        }
        self.reload_staff();
        // History counts again from the first page the next time it is shown.
        self.history_view.total = None;
        self.history_view.pages.clear();
        self.history_view.requested.clear();
    }
}

/// `name` in `folder`, or `stem-2.ext`, `stem-3.ext`… when taken.
fn free_name(folder: &Path, name: &str) -> String {
    if !folder.join(name).exists() {
        return name.to_owned();
    }
    let path = PathBuf::from(name);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (2..)
        .map(|n| format!("{stem}-{n}{ext}"))
        .find(|candidate| !folder.join(candidate).exists())
        .unwrap_or_else(|| name.to_owned())
}
