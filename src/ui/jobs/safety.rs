//! The app's start-of-day safety work, on a thread of its own so the window never waits for
//! it: a database too large to be checked when it was opened is checked whole
//! (`quick_check`, on a read-only connection of its own), then — unless damage was found —
//! the day's first backup is made into the backups folder.

use std::path::PathBuf;

use chrono::NaiveDateTime;

use crate::store::{Store, damage};
use crate::ui::jobs::Job;

/// What to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafetyJob {
    /// Check the whole file first (opening did not).
    pub check: bool,
    /// The local time: the day whose backup is made.
    pub now: NaiveDateTime,
}

/// What the safety work found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SafetyReply {
    /// The file is sound (or was not checked); the day's backup, if one was made.
    Done {
        /// The copy made, or `None` when the day had one.
        backup: Option<PathBuf>,
    },
    /// The check found damage (recorded: writes are refused from now on); no backup made.
    Damaged(String),
    /// The day's backup could not be made (the message names the file and what to do).
    BackupFailed(String),
}

impl Job for SafetyJob {
    type Reply = SafetyReply;

    fn panic_reply(&self, message: &str) -> SafetyReply {
        SafetyReply::BackupFailed(message.to_owned())
    }
}

/// Runs the safety work on the database at `db`.
pub fn run_safety(db: &std::path::Path, job: &SafetyJob) -> SafetyReply {
    if job.check
        && let Err(e) = damage::quick_check_file(db)
    {
        return if e.is_damage() {
            SafetyReply::Damaged(e.to_string())
        } else {
            SafetyReply::BackupFailed(e.to_string())
        };
    }
    match Store::open(db).and_then(|store| store.backup_daily(job.now)) {
        Ok(backup) => SafetyReply::Done { backup },
        Err(e) if e.is_damage() => SafetyReply::Damaged(e.to_string()),
        Err(e) => SafetyReply::BackupFailed(e.to_string()),
    }
}
