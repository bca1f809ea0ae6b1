//! The automatic backups as the 数据 Data and 设置 Settings screens list them: date, size and
//! why each was made, newest first, with a button that restores one (after the Data screen's
//! confirmation). The list is read by the app when a screen showing it opens and after any
//! backup, import or restore; this only draws it.

use std::path::PathBuf;

use egui::{RichText, Ui};

use crate::store::backups::{BackupEntry, BackupReason};
use crate::ui::Command;
use crate::ui::widgets::Shared;

/// The backups folder and what it holds, as last read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BackupsView {
    /// The folder.
    pub folder: PathBuf,
    /// Its copies of the database, newest first.
    pub entries: Vec<BackupEntry>,
    /// Why the folder could not be read, if it could not.
    pub error: Option<String>,
}

/// A size as people read it: `812 KB`, `876.0 MB`, `1.2 GB`.
pub fn size_text(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB * KB {
        format!("{:.0} KB", (b / KB).ceil())
    } else if b < KB * KB * KB {
        format!("{:.1} MB", b / (KB * KB))
    } else {
        format!("{:.1} GB", b / (KB * KB * KB))
    }
}

/// Draws the list; a click on a copy's restore button returns [`Command::AskRestore`]. The
/// buttons are off while `idle` is false (a data task runs).
pub fn backups_ui(ui: &mut Ui, shared: &Shared, view: &BackupsView, idle: bool) -> Option<Command> {
    let d = shared.tr.data;
    let mut cmd = None;
    ui.label(RichText::new(d.backups_hint).weak());
    ui.horizontal(|ui| {
        ui.label(RichText::new(view.folder.display().to_string()).monospace());
        if ui.button(d.open_backups).clicked() {
            cmd = Some(Command::OpenFolder(view.folder.clone()));
        }
    });
    if let Some(error) = &view.error {
        ui.label(
            RichText::new(shared.lang.labelled(d.backups_unread, error))
                .color(ui.visuals().error_fg_color),
        );
    }
    if view.entries.is_empty() {
        ui.label(RichText::new(d.backups_none).weak());
        return cmd;
    }
    egui::Grid::new("backups")
        .num_columns(4)
        .striped(true)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            ui.label(RichText::new(d.backup_taken).strong());
            ui.label(RichText::new(d.backup_size).strong());
            ui.label(RichText::new(d.backup_reason).strong());
            ui.label("");
            ui.end_row();
            for entry in &view.entries {
                ui.label(entry.taken.format("%Y-%m-%d %H:%M:%S").to_string())
                    .on_hover_text(entry.path.display().to_string());
                ui.label(size_text(entry.size_bytes));
                ui.label(match entry.reason {
                    BackupReason::Daily => d.reason_daily,
                    BackupReason::BeforeImport => d.reason_before_import,
                    BackupReason::BeforeRestore => d.reason_before_restore,
                });
                if ui
                    .add_enabled(idle, egui::Button::new(d.restore_this))
                    .on_hover_text(entry.path.display().to_string())
                    .clicked()
                {
                    cmd = Some(Command::AskRestore(entry.path.clone()));
                }
                ui.end_row();
            }
        });
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_text(0), "0 KB");
        assert_eq!(size_text(1), "1 KB");
        assert_eq!(size_text(812 * 1024), "812 KB");
        assert_eq!(size_text(875_909_120), "835.3 MB");
        assert_eq!(size_text(3 * 1024 * 1024 * 1024), "3.0 GB");
    }
}
