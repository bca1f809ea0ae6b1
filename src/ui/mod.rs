//! The egui desktop app.

pub mod ranking;
pub mod trends;

use std::path::PathBuf;

/// Opens the main window on the database at `db_path`, with user templates from `template_dir`.
pub fn run(db_path: PathBuf, template_dir: PathBuf) -> anyhow::Result<()> {
    let _ = (db_path, template_dir);
    anyhow::bail!("the window is not built yet")
}
