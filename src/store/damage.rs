//! Damage known to this program: once any check or read finds a database file damaged
//! (SQLite's `SQLITE_CORRUPT`, a failed `quick_check`), nothing more is written to that file by
//! any connection of this process until a backup is restored over it.
//!
//! The record is per process and per file, so the app's connections (the main one, the
//! reader's, the data worker's, the background check's) all learn it at once. Every
//! connection a [`crate::store::Store`] opens has a commit hook that turns a commit into a
//! rollback while its file is recorded as damaged; the store reports that as
//! [`StoreError::WritesStopped`](crate::store::StoreError::WritesStopped), naming the newest
//! backup. SQLite's online backup writes pages without a commit through the hook, so a restore
//! still works, and clears the record when it is done.
//!
//! Databases up to [`crate::store::QUICK_CHECK_MAX_PAGES`] pages are checked when they are
//! opened; larger ones are checked with [`quick_check_file`] on a connection of its own: the
//! app in the background after opening, the command line before a command that writes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

use rusqlite::{Connection, OpenFlags};

use crate::store::{Result, classify, integrity};

/// SQLite's extended result code of a commit the commit hook turned into a rollback
/// (`SQLITE_CONSTRAINT_COMMITHOOK`).
pub(crate) const REFUSED_BY_HOOK: i32 = rusqlite::ffi::SQLITE_CONSTRAINT | (2 << 8);

/// Whether any file is recorded as damaged: the commit hook's fast path.
static ANY: AtomicBool = AtomicBool::new(false);

/// The damaged files (by [`file_key`]) and what found them damaged.
fn registry() -> MutexGuard<'static, HashMap<PathBuf, String>> {
    static DAMAGED: OnceLock<Mutex<HashMap<PathBuf, String>>> = OnceLock::new();
    DAMAGED
        .get_or_init(Mutex::default)
        .lock()
        // A panic while the map was held cannot leave it half-changed (single inserts and
        // removes): the map is still right.
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The name a file is recorded under: its canonical path where it exists, else absolute.
pub(crate) fn file_key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Records `path` as damaged (`detail`: what found it so); the first record is kept. The
/// checks call it; it is public so that what follows damage can be tried without damaging a
/// file.
pub fn record(path: &Path, detail: &str) {
    if path.as_os_str().is_empty() || path.as_os_str() == ":memory:" {
        return;
    }
    registry()
        .entry(file_key(path))
        .or_insert_with(|| detail.to_owned());
    ANY.store(true, Ordering::Release);
}

/// Forgets the damage of `path` (its content was replaced by a checked backup).
pub(crate) fn clear(path: &Path) {
    let mut map = registry();
    map.remove(&file_key(path));
    ANY.store(!map.is_empty(), Ordering::Release);
}

/// What found the database file `path` damaged, if this program knows it to be.
pub fn known_damage(path: &Path) -> Option<String> {
    if !ANY.load(Ordering::Acquire) {
        return None;
    }
    registry().get(&file_key(path)).cloned()
}

/// Whether the file recorded under `key` is damaged (the commit hook's question).
fn is_damaged(key: &Path) -> bool {
    ANY.load(Ordering::Acquire) && registry().contains_key(key)
}

/// Makes `conn`, a connection to `path`, refuse every commit while the file is recorded as
/// damaged.
pub(crate) fn guard(conn: &mut Connection, path: &Path) -> Result<()> {
    if path.as_os_str() == ":memory:" {
        return Ok(());
    }
    let key = file_key(path);
    conn.commit_hook(Some(move || is_damaged(&key)))
        .map_err(|e| classify(path, e))
}

/// Runs SQLite's `quick_check` over the whole database file `path` on a read-only connection
/// of its own (it may run beside the app's). Damage found is recorded (see the module doc) and
/// returned as [`StoreError::Corrupt`]. About 2.5 s for 876 MB on the development machine (release build, file cached).
pub fn quick_check_file(path: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(path, e))?;
    integrity(&conn, path, "quick_check").map_err(|e| e.in_file(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damage_is_recorded_per_file_and_cleared() {
        let dir = std::env::temp_dir().join(format!("hallcheck-damage-{}", std::process::id()));
        let a = dir.join("a.db");
        let b = dir.join("b.db");
        record(&a, "page 7");
        assert_eq!(known_damage(&a).as_deref(), Some("page 7"));
        assert_eq!(known_damage(&b), None);
        record(&a, "later");
        assert_eq!(
            known_damage(&a).as_deref(),
            Some("page 7"),
            "the first is kept"
        );
        clear(&a);
        assert_eq!(known_damage(&a), None);
    }

    #[test]
    fn refused_commits_have_their_own_code() {
        assert_eq!(REFUSED_BY_HOOK, 531);
    }
}
