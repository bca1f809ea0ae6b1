//! The app side of the 数据 screen: dialogs on the main thread, then the task on the data
//! worker with its own connection; when it ends, everything it may have changed is reloaded.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::export::{ExportFormat, default_file_name};
use crate::store::backups;
use crate::ui::Command;
use crate::ui::dialogs::Picked;
use crate::ui::error::UiError;
use crate::ui::jobs::data::{self, DataJob, DataOutcome, DataTask};
use crate::ui::screens::data::Running;
use crate::ui::screens::inspect::WalkState;

use super::App;

impl App {
    /// Applies a command of the 数据 screen. Dialogs open here, on the main thread.
    pub(super) fn apply_data(&mut self, cmd: Command) -> Result<(), UiError> {
        let d = self.lang().tr().data;
        self.views.data.notice = None;
        let now = self.now().naive_local();
        // One task at a time: said before any dialog asks for a file.
        let starts_task = !matches!(
            cmd,
            Command::PickRestore | Command::AskRestore(_) | Command::CancelData
        );
        if starts_task && self.jobs.data_running.is_some() {
            return Err(UiError::Failed(d.busy.to_owned()));
        }
        match cmd {
            Command::Export { format, filter } => {
                let name = free_name(&self.options.export_dir, &default_file_name(format, now));
                let folder = self.options.export_dir.clone();
                let (target, fallback) = match self.options.dialogs.save_file(&folder, &name) {
                    Picked::Chosen(mut target) => {
                        if target.extension().is_none() {
                            target.set_extension(format.extension());
                        }
                        (target, false)
                    }
                    Picked::Cancelled => return Ok(()),
                    Picked::Unavailable => (folder.join(&name), true),
                };
                self.start_data_task(DataTask::Export {
                    format,
                    filter,
                    target,
                    fallback,
                })
            }
            Command::Print(filter) => {
                let format = ExportFormat::Pdf;
                let folder = self.options.export_dir.clone();
                let name = free_name(&folder, &default_file_name(format, now));
                self.start_data_task(DataTask::Export {
                    format,
                    filter,
                    target: folder.join(name),
                    fallback: true,
                })?;
                self.jobs.open_when_exported = true;
                Ok(())
            }
            Command::PrintBlank(ids) => {
                // In walking order, so the sheet's numbers are the walk's; "all" is those in
                // use.
                let templates = self
                    .catalog
                    .templates
                    .iter()
                    .map(|l| &l.template)
                    .filter(|t| {
                        if ids.is_empty() {
                            self.settings.uses(t)
                        } else {
                            ids.contains(&t.id)
                        }
                    })
                    .cloned()
                    .collect();
                let folder = self.options.export_dir.clone();
                let name = free_name(&folder, &format!("空白检查表-{}.pdf", now.format("%Y%m%d")));
                self.start_data_task(DataTask::BlankSheet {
                    templates,
                    target: folder.join(name),
                    printed: now.date(),
                })?;
                self.jobs.open_when_exported = true;
                Ok(())
            }
            Command::PickImport => match self.options.dialogs.pick_json_files() {
                Picked::Chosen(files) => {
                    self.states.data.import_paths = files
                        .iter()
                        .map(|f| f.display().to_string())
                        .collect::<Vec<_>>()
                        .join("; ");
                    self.start_data_task(DataTask::Import(files))
                }
                Picked::Cancelled => Ok(()),
                Picked::Unavailable => {
                    self.views.data.notice = Some(d.no_dialog.to_owned());
                    Ok(())
                }
            },
            Command::Import(files) => {
                if files.is_empty() {
                    self.views.data.notice = Some(d.no_path.to_owned());
                    Ok(())
                } else {
                    self.start_data_task(DataTask::Import(files))
                }
            }
            Command::Backup => {
                let stamp = now.format("%Y%m%d-%H%M");
                let name = free_name(
                    &self.options.export_dir,
                    &format!("hallcheck-backup-{stamp}.db"),
                );
                let folder = self.options.export_dir.clone();
                let (target, fallback) = match self.options.dialogs.save_file(&folder, &name) {
                    Picked::Chosen(target) => (target, false),
                    Picked::Cancelled => return Ok(()),
                    Picked::Unavailable => (folder.join(&name), true),
                };
                self.start_data_task(DataTask::Backup { target, fallback })
            }
            Command::PickRestore => {
                match self.options.dialogs.pick_backup() {
                    Picked::Chosen(file) => self.states.data.confirm_restore = Some(file),
                    Picked::Cancelled => {}
                    Picked::Unavailable => {
                        self.states.data.show_restore_path = true;
                        self.views.data.notice = Some(d.no_dialog.to_owned());
                    }
                }
                Ok(())
            }
            Command::AskRestore(file) => {
                self.screen = crate::ui::Screen::Data;
                self.load_backups();
                self.states.data.confirm_restore = Some(file);
                Ok(())
            }
            Command::Restore(file) => self.start_data_task(DataTask::Restore(file)),
            Command::Sync => {
                let settings = self.store_or_err()?.sync_settings()?;
                if settings.url.is_empty() {
                    self.views.data.notice = Some(d.sync_no_server.to_owned());
                    return Ok(());
                }
                self.start_data_task(DataTask::Sync {
                    url: settings.url,
                    all_halls: settings.all_halls,
                })
            }
            Command::CancelData => {
                if let Some((progress, _)) = &self.jobs.data_running {
                    progress.cancel.store(true, Ordering::Relaxed);
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Starts a task on the data worker (which runs it at once with inline jobs). One at a
    /// time. An import or a restore may change what the open walk and the opened inspection
    /// hold: both are closed first (their notes were saved before this command ran).
    fn start_data_task(&mut self, task: DataTask) -> Result<(), UiError> {
        if self.jobs.data_running.is_some() {
            return Err(UiError::Failed(self.lang().tr().data.busy.to_owned()));
        }
        if matches!(task, DataTask::Import(_) | DataTask::Restore(_)) {
            self.views.inspect.walk = None;
            self.views.inspect.loading = None;
            self.states.inspect.walk = WalkState::default();
            self.views.history.detail = None;
        }
        self.views.data.outcome = None;
        if self.jobs.data.is_none() {
            let wake = self.wake();
            self.jobs.data = Some(data::start(
                self.options.db_path.clone(),
                self.options.inline_jobs,
                wake,
            )?);
        }
        let job = DataJob::new(task, self.now().naive_local());
        self.jobs.data_running = Some((Arc::clone(&job.progress), job.cancellable()));
        self.views.data.running = Some(Running {
            done: 0,
            total: 0,
            cancellable: job.cancellable(),
        });
        if let Some(worker) = &mut self.jobs.data
            && let Err(e) = worker.send(job)
        {
            self.jobs.data_running = None;
            self.views.data.running = None;
            return Err(e.into());
        }
        Ok(())
    }

    /// Collects the running task's progress or outcome; called every frame.
    pub(super) fn poll_data(&mut self) {
        for outcome in crate::ui::jobs::replies(&mut self.jobs.data) {
            self.jobs.data_running = None;
            self.views.data.running = None;
            self.data_finished(outcome);
        }
        if let Some((progress, cancellable)) = &self.jobs.data_running {
            let (done, total) = progress.counts();
            self.views.data.running = Some(Running {
                done,
                total,
                cancellable: *cancellable,
            });
            self.ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    fn data_finished(&mut self, outcome: DataOutcome) {
        let open = std::mem::take(&mut self.jobs.open_when_exported);
        if let DataOutcome::Exported { files, .. } = &outcome
            && let Some(main) = files.first()
        {
            self.exported = Some(main.clone());
            if open {
                self.open_file(main);
            }
        }
        // Shown on the 数据 screen; from anywhere else, in the status bar.
        if let DataOutcome::Failed(message) = &outcome
            && self.screen != crate::ui::Screen::Data
        {
            self.show_error(message);
        }
        if matches!(
            outcome,
            DataOutcome::Synced { .. } | DataOutcome::SyncFailed { .. } | DataOutcome::Failed(_)
        ) {
            self.load_sync();
        }
        if outcome.changed_data() {
            let restored = matches!(outcome, DataOutcome::Restored { .. });
            self.reload_after_data_change(restored);
        }
        self.views.data.outcome = Some(outcome);
        // A backup, an import or a restore may have added a copy to the backups folder.
        self.load_backups();
    }

    /// Saves the server settings: the URL without a password (one typed in it, or in the
    /// password field, goes to the system's credential store).
    pub(super) fn save_server(
        &mut self,
        url: &str,
        password: &str,
        all_halls: bool,
    ) -> Result<(), UiError> {
        let url = url.trim();
        let parsed = if url.is_empty() {
            None
        } else {
            Some(
                crate::sync::ServerUrl::parse(url, None)
                    .map_err(|e| UiError::Failed(e.to_string()))?,
            )
        };
        self.store_or_err()?
            .set_sync_settings(&crate::store::SyncSettings {
                url: parsed
                    .as_ref()
                    .map(crate::sync::ServerUrl::without_password)
                    .unwrap_or_default(),
                all_halls,
            })?;
        self.load_sync();
        // The password apart, in the system's credential store; the address is saved even
        // when the store cannot take it (a sync then asks the server without one).
        if let Some(parsed) = &parsed {
            let typed = if password.is_empty() {
                parsed.password().unwrap_or_default()
            } else {
                password.to_owned()
            };
            if !typed.is_empty() {
                crate::sync::password::save(parsed.target(), &typed)
                    .map_err(|e| UiError::Failed(e.to_string()))?;
            }
        }
        self.states.settings.server.saved = true;
        self.mark_saved();
        Ok(())
    }

    /// Reads the server settings and the last sync's outcome for the Data and Settings
    /// screens.
    pub(super) fn load_sync(&mut self) {
        let Some(store) = &self.store else { return };
        let read = store
            .sync_settings()
            .and_then(|settings| store.sync_outcome().map(|outcome| (settings, outcome)));
        match read {
            Ok((settings, outcome)) => {
                self.states.settings.server.load(&settings);
                self.views.data.server_url = settings.url;
                self.views.data.last_sync = outcome;
            }
            Err(e) => self.show_error(UiError::Store(e)),
        }
    }

    /// Reads the backups folder for the Data and Settings screens (a listing of one small
    /// folder, after a command, never inside a frame).
    pub(super) fn load_backups(&mut self) {
        let db = &self.options.db_path;
        let view = &mut self.views.backups;
        view.folder = backups::backup_folder(db);
        match backups::list_backups(db) {
            Ok(entries) => {
                view.entries = entries;
                view.error = None;
            }
            Err(e) => {
                view.entries.clear();
                view.error = Some(e.to_string());
            }
        }
    }

    /// Reloads everything an import or a restore may have changed.
    fn reload_after_data_change(&mut self, restored: bool) {
        if restored {
            // The open walk and the opened inspection may not exist any more.
            self.views.inspect.walk = None;
            self.views.inspect.loading = None;
            self.states.inspect.walk = WalkState::default();
            self.views.history.detail = None;
            self.read_settings();
            self.states.settings.load(&self.settings);
            self.states.settings.money.load(&self.money);
            self.ctx.set_zoom_factor(self.settings.zoom);
        }
        self.refresh_overview();
        if let Some(hall_id) = self.states.halls.selected
            && let Err(e) = self.read(crate::ui::jobs::reader::Read::Staff { hall_id })
        {
            self.show_error(e);
        }
        // History counts again from the first page the next time it is shown.
        let history = &mut self.views.history;
        history.total = None;
        history.pages.clear();
        history.requested.clear();
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
