//! File dialogs behind a trait, so tests and headless runs never open one.

use std::path::{Path, PathBuf};

/// What a dialog gave back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked<T> {
    /// The user chose this.
    Chosen(T),
    /// The user closed the dialog without choosing.
    Cancelled,
    /// No dialog can open here (headless, no portal, tests).
    Unavailable,
}

/// Native dialogs the app uses. Called on the main thread only.
pub trait FileDialogs {
    /// Asks for an image file; `None` when cancelled or when no dialog can open.
    fn pick_image(&mut self) -> Option<PathBuf>;

    /// Asks where to save a file, suggesting `default_name` in `folder`.
    fn save_file(&mut self, _folder: &Path, _default_name: &str) -> Picked<PathBuf> {
        Picked::Unavailable
    }

    /// Asks for one or more HallCheck JSON exports.
    fn pick_json_files(&mut self) -> Picked<Vec<PathBuf>> {
        Picked::Unavailable
    }

    /// Asks for a database backup file.
    fn pick_backup(&mut self) -> Picked<PathBuf> {
        Picked::Unavailable
    }
}

/// The system's dialog through rfd (xdg portal, falling back to zenity).
#[derive(Debug, Default)]
pub struct RfdDialogs;

impl RfdDialogs {
    /// Whether a dialog can be shown at all. rfd answers `None` both for "cancelled" and for
    /// "no portal and no zenity"; on Linux, tell the two apart before asking.
    fn available() -> bool {
        if !cfg!(target_os = "linux") {
            return true;
        }
        let display =
            std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
        let portal = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some();
        let zenity = std::env::var_os("PATH").is_some_and(|paths| {
            std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file())
        });
        display && (portal || zenity)
    }

    fn ask<T>(f: impl FnOnce() -> Option<T>) -> Picked<T> {
        if !RfdDialogs::available() {
            return Picked::Unavailable;
        }
        match f() {
            Some(chosen) => Picked::Chosen(chosen),
            None => Picked::Cancelled,
        }
    }
}

impl FileDialogs for RfdDialogs {
    fn pick_image(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("JPEG / PNG", &["jpg", "jpeg", "png", "JPG", "JPEG", "PNG"])
            .pick_file()
    }

    fn save_file(&mut self, folder: &Path, default_name: &str) -> Picked<PathBuf> {
        // Best effort: the dialog opens elsewhere if the folder cannot be made.
        let _ignored = std::fs::create_dir_all(folder);
        RfdDialogs::ask(|| {
            rfd::FileDialog::new()
                .set_directory(folder)
                .set_file_name(default_name)
                .save_file()
        })
    }

    fn pick_json_files(&mut self) -> Picked<Vec<PathBuf>> {
        RfdDialogs::ask(|| {
            rfd::FileDialog::new()
                .add_filter("HallCheck JSON", &["json", "JSON"])
                .pick_files()
        })
    }

    fn pick_backup(&mut self) -> Picked<PathBuf> {
        RfdDialogs::ask(|| {
            rfd::FileDialog::new()
                .add_filter("HallCheck DB", &["db", "bak", "sqlite", "DB", "BAK"])
                .pick_file()
        })
    }
}

/// No dialogs at all: the user types a path instead. Used by tests.
#[derive(Debug, Default)]
pub struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn pick_image(&mut self) -> Option<PathBuf> {
        None
    }
}
