//! Which file the database path names: noted when the store opens it and compared again
//! around an import's commit, so a database file swapped, renamed or deleted under an open
//! store (`mv other.db hallcheck.db` during an import) is reported instead of a success.
//!
//! Only `std::fs::metadata` is used — a stat, never an open: closing any descriptor of the
//! database file would drop the locks SQLite holds on it. On Unix the identity is the device
//! and inode. Windows does not let an open database file be renamed over or deleted, so there
//! existence and the creation time are what is left to compare.
//!
//! Once the path names another file, SQLite's log (`NAME-wal`) still sits under the old name
//! and would be replayed into whatever file is at the path when it is next opened. So after a
//! refusal the log is checkpointed into the file that was opened and emptied
//! ([`empty_log`]).

use std::path::Path;

use rusqlite::Connection;

use crate::store::StoreError;

/// What identifies the file a path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileIdentity {
    #[cfg(unix)]
    device: u64,
    #[cfg(unix)]
    inode: u64,
    #[cfg(not(unix))]
    created: Option<std::time::SystemTime>,
}

impl FileIdentity {
    /// The identity of the file `path` names now, if it names one.
    pub(crate) fn of(path: &Path) -> Option<FileIdentity> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(FileIdentity {
                device: meta.dev(),
                inode: meta.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            Some(FileIdentity {
                created: meta.created().ok(),
            })
        }
    }
}

/// Checks that `path` still names the file noted as `opened` (nothing to check for an
/// in-memory database); `outcome` tells, in the error, what became of the change under way.
pub(crate) fn check(
    path: &Path,
    opened: Option<&FileIdentity>,
    outcome: &'static str,
) -> Result<(), StoreError> {
    let Some(opened) = opened else {
        return Ok(());
    };
    if FileIdentity::of(path).as_ref() == Some(opened) {
        return Ok(());
    }
    Err(StoreError::Moved {
        path: path.to_path_buf(),
        outcome,
    })
}

/// Best effort after the path was found to name another file: copies SQLite's log into the
/// file that was opened and empties it, so the log left under the old name cannot be replayed
/// into the file now at the path. A failure leaves things as they were; the error already
/// given says what happened.
pub(crate) fn empty_log(conn: &Connection) {
    let _ignored = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
}
