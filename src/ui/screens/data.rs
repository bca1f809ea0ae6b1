//! 数据 Data: export a selection (CSV / Excel / PDF / JSON), import JSON exports from other
//! PCs, back up and restore the whole database. The work itself runs in
//! [`crate::ui::jobs::data`]; this screen only draws and asks.

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use crate::domain::{Rating, Status};
use crate::export::ExportFormat;
use crate::store::{InspectionFilter, SyncOutcome};
use crate::ui::Command;
use crate::ui::i18n;
use crate::ui::jobs::data::{DataOutcome, FileImport};
use crate::ui::palette;
use crate::ui::widgets::{
    Shared, backups_ui, confirm_modal, date_range, hall_filter, parse_date, status_filter,
};

/// The fields as typed.
#[derive(Debug, Clone)]
pub struct DataState {
    /// Export format.
    pub format: ExportFormat,
    /// Hall filter.
    pub hall_id: Option<i64>,
    /// From date, typed.
    pub from: String,
    /// To date, typed.
    pub to: String,
    /// Status filter.
    pub status: Option<Status>,
    /// Import paths, typed, separated by `;`.
    pub import_paths: String,
    /// Backup path, typed (shown when no dialog can open).
    pub restore_path: String,
    /// Show the typed backup path (no dialog could open).
    pub show_restore_path: bool,
    /// A backup waiting for the user's confirmation.
    pub confirm_restore: Option<PathBuf>,
}

impl Default for DataState {
    fn default() -> Self {
        DataState {
            format: ExportFormat::Xlsx,
            hall_id: None,
            from: String::new(),
            to: String::new(),
            status: None,
            import_paths: String::new(),
            restore_path: String::new(),
            show_restore_path: false,
            confirm_restore: None,
        }
    }
}

impl DataState {
    /// The selection the typed filter stands for; `None` while a date is unreadable.
    pub fn filter(&self) -> Option<InspectionFilter> {
        let date = |text: &str| -> Option<Option<chrono::NaiveDate>> {
            if text.trim().is_empty() {
                Some(None)
            } else {
                parse_date(text).map(Some)
            }
        };
        Some(InspectionFilter {
            hall_id: self.hall_id,
            from: date(&self.from)?,
            to: date(&self.to)?,
            status: self.status,
            ..InspectionFilter::default()
        })
    }
}

/// A task in progress, as the screen shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Running {
    /// Steps done.
    pub done: u64,
    /// Steps in all; 0 while unknown.
    pub total: u64,
    /// Whether Cancel is offered.
    pub cancellable: bool,
}

/// What the screen shows besides the form.
#[derive(Debug, Clone, Default)]
pub struct DataView {
    /// The task in progress.
    pub running: Option<Running>,
    /// How the last task ended.
    pub outcome: Option<DataOutcome>,
    /// A short notice (no dialog, nothing typed).
    pub notice: Option<String>,
    /// Where exports go without a dialog.
    pub export_dir: PathBuf,
    /// The district server's URL (no password); empty: none set.
    pub server_url: String,
    /// How the last sync ended.
    pub last_sync: Option<SyncOutcome>,
}

const FORMATS: [(ExportFormat, &str); 4] = [
    (ExportFormat::Csv, "CSV"),
    (ExportFormat::Xlsx, "Excel"),
    (ExportFormat::Pdf, "PDF"),
    (ExportFormat::Json, "JSON"),
];

/// Splits typed paths at `;` (and new lines), dropping blanks.
pub fn split_paths(text: &str) -> Vec<PathBuf> {
    text.split([';', '\n'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(PathBuf::from)
        .collect()
}

/// Draws the Data screen.
pub fn ui(ui: &mut Ui, shared: &Shared, state: &mut DataState, view: &DataView) -> Option<Command> {
    let tr = shared.tr;
    let d = tr.data;
    let mut cmd = None;
    let idle = view.running.is_none();
    ui.heading(d.nav);
    egui::ScrollArea::vertical()
        .id_salt("data")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(4.0);
            section(ui, d.export, d.export_hint);
            if let Some(c) = export_ui(ui, shared, state, view, idle) {
                cmd = Some(c);
            }
            ui.add_space(10.0);
            section(ui, d.import, d.import_hint);
            if let Some(c) = import_ui(ui, shared, state, idle) {
                cmd = Some(c);
            }
            ui.add_space(10.0);
            section(ui, d.backup, d.backup_hint);
            if let Some(c) = backup_ui(ui, shared, state, idle) {
                cmd = Some(c);
            }
            ui.add_space(10.0);
            ui.separator();
            ui.label(RichText::new(d.backups_heading).size(20.0).strong());
            if let Some(c) = backups_ui(ui, shared, shared.backups, idle) {
                cmd = Some(c);
            }
            ui.add_space(10.0);
            section(ui, d.sync, d.sync_hint);
            if let Some(c) = sync_ui(ui, shared, view, idle) {
                cmd = Some(c);
            }
            ui.add_space(10.0);
            if let Some(c) = status_ui(ui, shared, view) {
                cmd = Some(c);
            }
        });
    if let Some(c) = confirm_restore_ui(ui, shared, state) {
        cmd = Some(c);
    }
    cmd
}

fn section(ui: &mut Ui, heading: &str, hint: &str) {
    ui.separator();
    ui.label(RichText::new(heading).size(20.0).strong());
    ui.label(RichText::new(hint).weak());
    ui.add_space(4.0);
}

fn export_ui(
    ui: &mut Ui,
    shared: &Shared,
    state: &mut DataState,
    view: &DataView,
    idle: bool,
) -> Option<Command> {
    let tr = shared.tr;
    let d = tr.data;
    let mut cmd = None;
    ui.horizontal(|ui| {
        ui.label(d.format);
        for (format, label) in FORMATS {
            ui.selectable_value(&mut state.format, format, label);
        }
    });
    ui.horizontal_wrapped(|ui| {
        hall_filter(ui, shared, "data_hall", &mut state.hall_id);
        date_range(ui, shared, "data", &mut state.from, &mut state.to);
        status_filter(ui, shared, "data_status", &mut state.status);
    });
    let filter = state.filter();
    if filter.is_none() {
        ui.label(RichText::new(tr.bad_date).color(ui.visuals().error_fg_color));
    }
    ui.horizontal(|ui| {
        let button = egui::Button::new(RichText::new(d.export_button).strong());
        if ui.add_enabled(idle && filter.is_some(), button).clicked()
            && let Some(filter) = filter
        {
            cmd = Some(Command::Export {
                format: state.format,
                filter,
            });
        }
        ui.label(
            RichText::new(
                shared
                    .lang
                    .labelled(d.export_folder, view.export_dir.display()),
            )
            .weak(),
        );
    });
    cmd
}

fn import_ui(ui: &mut Ui, shared: &Shared, state: &mut DataState, idle: bool) -> Option<Command> {
    let d = shared.tr.data;
    let mut cmd = None;
    ui.horizontal(|ui| {
        if ui
            .add_enabled(idle, egui::Button::new(d.pick_files))
            .clicked()
        {
            cmd = Some(Command::PickImport);
        }
        let label = ui.label(d.import_paths);
        ui.add(
            egui::TextEdit::singleline(&mut state.import_paths)
                .hint_text(d.import_paths_hint)
                .desired_width(420.0),
        )
        .labelled_by(label.id);
        if ui
            .add_enabled(idle, egui::Button::new(d.import_button))
            .clicked()
        {
            cmd = Some(Command::Import(split_paths(&state.import_paths)));
        }
    });
    cmd
}

fn backup_ui(ui: &mut Ui, shared: &Shared, state: &mut DataState, idle: bool) -> Option<Command> {
    let d = shared.tr.data;
    let mut cmd = None;
    ui.horizontal(|ui| {
        if ui
            .add_enabled(idle, egui::Button::new(d.backup_button))
            .clicked()
        {
            cmd = Some(Command::Backup);
        }
        if ui
            .add_enabled(idle, egui::Button::new(d.restore_button))
            .clicked()
        {
            cmd = Some(Command::PickRestore);
        }
    });
    if state.show_restore_path {
        ui.horizontal(|ui| {
            let label = ui.label(d.restore_path);
            ui.add(egui::TextEdit::singleline(&mut state.restore_path).desired_width(420.0))
                .labelled_by(label.id);
            let typed = state.restore_path.trim();
            if ui
                .add_enabled(
                    idle && !typed.is_empty(),
                    egui::Button::new(d.restore_typed),
                )
                .clicked()
            {
                state.confirm_restore = Some(PathBuf::from(typed));
            }
        });
    }
    cmd
}

/// The district server: where it is, how the last sync ended, and the 同步 button.
fn sync_ui(ui: &mut Ui, shared: &Shared, view: &DataView, idle: bool) -> Option<Command> {
    let d = shared.tr.data;
    let mut cmd = None;
    egui::Grid::new("data_sync")
        .num_columns(2)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            ui.label(d.sync_server);
            if view.server_url.is_empty() {
                ui.label(RichText::new(d.sync_no_server).weak());
            } else {
                ui.label(RichText::new(&view.server_url).monospace());
            }
            ui.end_row();
            ui.label(d.sync_last);
            match &view.last_sync {
                None => {
                    ui.label(RichText::new(d.sync_never).weak());
                }
                Some(last) => {
                    let when = chrono::DateTime::parse_from_rfc3339(&last.at)
                        .map(|t| {
                            t.with_timezone(&chrono::Local)
                                .format("%Y-%m-%d %H:%M")
                                .to_string()
                        })
                        .unwrap_or_else(|_| last.at.clone());
                    let (word, color) = if last.ok {
                        (d.sync_ok, palette::rating(Rating::Excellent))
                    } else {
                        (d.sync_failed, ui.visuals().error_fg_color)
                    };
                    ui.label(
                        RichText::new(format!("{when} · {word}"))
                            .color(color)
                            .strong(),
                    );
                }
            }
            ui.end_row();
        });
    if let Some(last) = &view.last_sync {
        if last.ok {
            let text = shared
                .lang
                .sync_summary(last.pushed, last.pulled, last.refused);
            ui.label(RichText::new(text).small());
        } else {
            let problem = last.problem.as_deref().unwrap_or("other");
            ui.add(egui::Label::new(shared.lang.sync_problem(problem)).wrap());
            ui.add(egui::Label::new(RichText::new(&last.summary).small().weak()).wrap());
        }
    }
    if ui
        .add_enabled(
            idle && !view.server_url.is_empty(),
            egui::Button::new(d.sync_button),
        )
        .clicked()
    {
        cmd = Some(Command::Sync);
    }
    cmd
}

fn status_ui(ui: &mut Ui, shared: &Shared, view: &DataView) -> Option<Command> {
    let tr = shared.tr;
    let d = tr.data;
    let mut cmd = None;
    if view.running.is_none() && view.outcome.is_none() && view.notice.is_none() {
        return None;
    }
    ui.separator();
    ui.label(RichText::new(d.result).size(20.0).strong());
    if let Some(notice) = &view.notice {
        ui.label(RichText::new(notice).strong());
    }
    if let Some(running) = view.running {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(d.working);
            if running.total > 0 {
                ui.add(
                    egui::ProgressBar::new(running.done as f32 / running.total as f32)
                        .desired_width(280.0)
                        .text(format!("{} / {}", running.done, running.total)),
                );
            }
            if running.cancellable && ui.button(tr.cancel).clicked() {
                cmd = Some(Command::CancelData);
            }
        });
        return cmd;
    }
    let error = ui.visuals().error_fg_color;
    match &view.outcome {
        None => {}
        Some(DataOutcome::Exported {
            files,
            inspections,
            fallback,
        }) => {
            ui.label(
                RichText::new(format!(
                    "{} · {}",
                    d.exported,
                    shared.lang.exported_count(*inspections)
                ))
                .strong(),
            );
            if *fallback {
                ui.label(d.fallback);
            }
            for file in files {
                if let Some(c) = path_row(ui, d, file) {
                    cmd = Some(c);
                }
            }
        }
        Some(DataOutcome::BackedUp { target, fallback }) => {
            ui.label(RichText::new(d.backed_up).strong());
            if *fallback {
                ui.label(d.fallback);
            }
            if let Some(c) = path_row(ui, d, target) {
                cmd = Some(c);
            }
        }
        Some(DataOutcome::Restored { file, kept }) => {
            ui.label(RichText::new(format!("{} {}", d.restored, file.display())).strong());
            ui.label(shared.lang.labelled(d.kept, kept.display()));
        }
        Some(DataOutcome::Synced {
            counts, refusals, ..
        }) => {
            ui.label(RichText::new(d.synced).strong());
            ui.label(shared.lang.sync_summary(counts.0, counts.1, counts.2));
            if !refusals.is_empty() {
                ui.label(RichText::new(d.sync_refused).color(error).strong());
                for line in refusals {
                    ui.add(egui::Label::new(RichText::new(line).small()).wrap());
                }
            }
        }
        Some(DataOutcome::SyncFailed { problem, detail }) => {
            ui.add(
                egui::Label::new(
                    RichText::new(shared.lang.sync_problem(problem))
                        .color(error)
                        .strong(),
                )
                .wrap(),
            );
            ui.add(egui::Label::new(RichText::new(detail).small().weak()).wrap());
        }
        Some(DataOutcome::Cancelled) => {
            ui.label(RichText::new(d.cancelled).strong());
        }
        Some(DataOutcome::Failed(message)) => {
            ui.label(
                RichText::new(shared.lang.labelled(d.failed, message))
                    .color(error)
                    .strong(),
            );
        }
        Some(DataOutcome::Imported(files)) => {
            ui.label(RichText::new(d.report).strong());
            for file in files {
                import_report_ui(ui, shared, file);
            }
        }
    }
    cmd
}

fn path_row(ui: &mut Ui, d: &i18n::DataTr, path: &Path) -> Option<Command> {
    ui.horizontal(|ui| {
        ui.label(RichText::new(path.display().to_string()).monospace());
        let folder = path.parent().map(Path::to_path_buf);
        if ui.button(d.open_containing).clicked() {
            folder
        } else {
            None
        }
    })
    .inner
    .map(Command::OpenFolder)
}

fn import_report_ui(ui: &mut Ui, shared: &Shared, file: &FileImport) {
    let d = shared.tr.data;
    ui.add_space(4.0);
    ui.label(RichText::new(file.file.display().to_string()).monospace());
    ui.indent(file.file.display().to_string(), |ui| match &file.result {
        Ok(report) => {
            ui.label(
                shared
                    .lang
                    .labelled(d.added, shared.lang.merge_counts(&report.added)),
            );
            ui.label(
                shared
                    .lang
                    .labelled(d.present, shared.lang.merge_counts(&report.present)),
            );
            ui.label(shared.lang.labelled(d.rejected, report.rejected.len()));
            for rejected in &report.rejected {
                ui.label(
                    RichText::new(format!(
                        "× {} {}: {}",
                        rejected.entity, rejected.uuid, rejected.reason
                    ))
                    .color(ui.visuals().warn_fg_color),
                );
            }
            for note in &report.notes {
                ui.label(shared.lang.labelled(d.note, note));
            }
        }
        Err(message) => {
            ui.label(
                RichText::new(shared.lang.labelled(d.not_imported, message))
                    .color(ui.visuals().error_fg_color)
                    .strong(),
            );
        }
    });
}

fn confirm_restore_ui(ui: &mut Ui, shared: &Shared, state: &mut DataState) -> Option<Command> {
    let d = shared.tr.data;
    let file = state.confirm_restore.clone()?;
    let answer = confirm_modal(
        ui,
        "confirm_restore",
        d.restore_confirm,
        shared.tr.cancel,
        |ui| {
            ui.heading(d.restore_heading);
            ui.label(RichText::new(file.display().to_string()).monospace());
            ui.add_space(6.0);
            ui.label(
                RichText::new(d.restore_warning)
                    .color(ui.visuals().warn_fg_color)
                    .strong(),
            );
        },
    )?;
    state.confirm_restore = None;
    answer.then_some(Command::Restore(file))
}
