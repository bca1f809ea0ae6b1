//! File dialogs behind a trait, so tests and headless runs never open one.

use std::path::PathBuf;

/// Native dialogs the app uses. Called on the main thread only.
pub trait FileDialogs {
    /// Asks for an image file; `None` when cancelled or when no dialog can open.
    fn pick_image(&mut self) -> Option<PathBuf>;
}

/// The system's dialog through rfd (xdg portal, falling back to zenity).
#[derive(Debug, Default)]
pub struct RfdDialogs;

impl FileDialogs for RfdDialogs {
    fn pick_image(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("JPEG / PNG", &["jpg", "jpeg", "png", "JPG", "JPEG", "PNG"])
            .pick_file()
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
