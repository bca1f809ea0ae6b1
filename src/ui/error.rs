//! The errors of the app: what a command or a background job can fail with. Each is shown to
//! the user once, where it happened (the status bar, or the screen whose data it concerns).

use std::path::PathBuf;

use crate::report::ReportError;
use crate::store::StoreError;
use crate::ui::jobs::WorkerStopped;

impl From<String> for UiError {
    fn from(message: String) -> UiError {
        UiError::Failed(message)
    }
}

impl From<&String> for UiError {
    fn from(message: &String) -> UiError {
        UiError::Failed(message.clone())
    }
}

/// Why something the user asked for did not happen.
#[derive(Debug, thiserror::Error)]
pub enum UiError {
    /// The database refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An edited checklist could not be saved.
    #[error(transparent)]
    Checklist(#[from] crate::checklist::SaveError),
    /// A report could not be computed.
    #[error(transparent)]
    Report(#[from] ReportError),
    /// A background worker has stopped.
    #[error(transparent)]
    Worker(#[from] WorkerStopped),
    /// A file or folder could not be used.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The saved settings could not be read, so they are not saved over.
    #[error(
        "the saved settings could not be read ({0}); defaults are shown and nothing is saved over the settings until they can be read"
    )]
    SettingsUnread(String),
    /// A job failed (a photo that cannot be read, a background task that stopped).
    #[error("{0}")]
    Failed(String),
}
