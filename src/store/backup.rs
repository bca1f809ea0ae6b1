//! Backups: a consistent copy of the open database, and checking and restoring a backup file.
//!
//! A backup is opened read-only and `immutable`: checking or restoring it never writes to it,
//! leaves no `-wal`/`-shm` beside it, and works on read-only media. A backup of an older
//! schema version is restored as it is, then the live database is migrated.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags};

use crate::store::backups::BackupReason;
use crate::store::{
    Result, Store, StoreError, classify, damage, integrity, partial, schema, version_of,
};

impl Store {
    /// Writes a consistent copy of the whole database to `target` with SQLite's online backup.
    /// The copy is made beside the target (`.NAME.PID.partial`) and renamed into place, so a
    /// failure leaves no half-written file; partial copies left there by killed runs are
    /// removed first.
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        if let Some(folder) = target.parent() {
            partial::remove_stale_partials(folder, Some(target));
        }
        if target.is_dir() {
            return Err(StoreError::io(
                target,
                std::io::Error::from(std::io::ErrorKind::IsADirectory),
            ));
        }
        let partial = partial::partial_path(target);
        let result = (|| -> Result<()> {
            // Made first by hand, so a folder that cannot take it is told with the system's
            // reason and the target's name; SQLite then fills the empty file.
            std::fs::File::create(&partial).map_err(|e| StoreError::io(target, e))?;
            let mut dest = Connection::open(&partial).map_err(|e| classify(&partial, e))?;
            dest.busy_timeout(self.lock_wait)
                .map_err(|e| classify(&partial, e))?;
            // In one step: the copy reads one snapshot of the file while writers go on (in
            // steps, every write by another connection would start it again).
            copy_database(&self.conn, &mut dest, self.lock_wait, ALL_PAGES)
                .map_err(|e| e.in_file(&partial))?;
            dest.pragma_update(None, "journal_mode", "DELETE")
                .map_err(|e| classify(&partial, e))?;
            dest.close().map_err(|(_, e)| classify(&partial, e))?;
            std::fs::rename(&partial, target).map_err(|e| StoreError::io(target, e))
        })();
        if result.is_err() {
            // Only the half-written copy of our own making is removed; its error is the one told.
            for suffix in ["", "-journal"] {
                let mut name = partial.as_os_str().to_os_string();
                name.push(suffix);
                let _ignored = std::fs::remove_file(PathBuf::from(name));
            }
        }
        result
    }

    /// Copies the file aside as `NAME.v{version}-{timestamp}.bak` before a migration.
    pub(super) fn backup_before_migration(&self, version: i64) -> Result<PathBuf> {
        let now = chrono::Local::now().naive_local();
        let target = self.aside_path(&format!("v{version}"), now);
        self.backup_to(&target)?;
        Ok(target)
    }

    /// Checks that `file` is a usable HallCheck backup without writing to it: an SQLite file,
    /// intact (`integrity_check`), with a HallCheck schema no newer than this program's.
    /// Returns its schema version.
    pub fn check_backup(file: &Path) -> Result<i64> {
        open_backup(file).map(|(_, version)| version)
    }

    /// Checks the backup `file`, keeps a copy of this database in the backups folder as one
    /// taken `now` (local time; see [`crate::store::backups`]), then replaces the content with
    /// the backup's and migrates it when the backup is of an older schema version. Returns
    /// where the copy was kept. The app's 从备份恢复 and `hallcheck restore` both run this.
    ///
    /// A database known to be damaged is restored all the same (that is what it needs): its
    /// copy is kept beside it as `NAME.damaged-{timestamp}.bak`, out of the backups list, and
    /// once the restore is done it is written to again.
    pub fn restore_keeping_copy(&mut self, file: &Path, now: NaiveDateTime) -> Result<PathBuf> {
        if is_same_file(file, &self.path) {
            return Err(StoreError::Invalid(format!(
                "{}: this is the open database itself, not a backup; nothing was changed",
                file.display()
            )));
        }
        let (backup, version) = open_backup(file)?;
        // A file too large to be checked on opening is checked now, so a damaged one is not
        // kept among the backups (where it would be the newest).
        let found = self.check_unless_checked().is_err_and(|e| e.is_damage());
        let damaged = found || damage::known_damage(&self.path).is_some();
        let kept = if damaged {
            let kept = self.aside_path("damaged", now);
            self.backup_to(&kept)?;
            kept
        } else {
            self.backup_into_folder(now, BackupReason::BeforeRestore)?
        };
        // The copy waits for a lock in its own loop (pausing, bounded by the lock wait), not
        // in SQLite's busy handler at every try.
        let wait = self.lock_wait;
        let copied = self
            .conn
            .busy_timeout(Duration::ZERO)
            .map_err(StoreError::from)
            .and_then(|()| copy_database(&backup, &mut self.conn, wait, PAGES_PER_STEP));
        let reset = self.conn.busy_timeout(wait);
        drop(backup);
        if let Err(e) = copied {
            // Nothing was restored: the copy kept aside is not needed (best effort; the
            // error told is the restore's).
            let _ignored = std::fs::remove_file(&kept);
            return Err(e.in_file(&self.path));
        }
        // The content is now the backup's, checked whole when it was opened.
        damage::clear(&self.path);
        self.checked = true;
        reset.map_err(|e| classify(&self.path, e))?;
        if version < schema::CURRENT_VERSION {
            self.migrate(version, schema::CURRENT_VERSION)
                .map_err(|e| e.in_file(&self.path))?;
        }
        self.audit("restore", "database", "", &file.display().to_string())?;
        Ok(kept)
    }

    /// `NAME.{tag}-{timestamp}.bak` beside the database file, taken `now`.
    fn aside_path(&self, tag: &str, now: NaiveDateTime) -> PathBuf {
        let stamp = now.format("%Y%m%d-%H%M%S");
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "hallcheck.db".into());
        self.path
            .with_file_name(format!("{name}.{tag}-{stamp}.bak"))
    }
}

/// Pages copied per step of a restore (which waits for locks between steps).
const PAGES_PER_STEP: std::ffi::c_int = 256;
/// A step that copies every page at once.
const ALL_PAGES: std::ffi::c_int = -1;
/// The pause before a step is tried again when the destination is locked.
const BUSY_PAUSE: Duration = Duration::from_millis(50);

/// Copies every page of `from` into `to` with SQLite's online backup. While another program
/// holds a lock the copy needs, it pauses between tries (it never spins), and gives up with
/// [`StoreError::Locked`] once it has waited `wait` in all; nothing of the destination has
/// changed then (the copy commits only at its end).
fn copy_database(
    from: &Connection,
    to: &mut Connection,
    wait: Duration,
    pages_per_step: std::ffi::c_int,
) -> Result<()> {
    use rusqlite::backup::StepResult;
    let backup = rusqlite::backup::Backup::new(from, to)?;
    let mut waited = Duration::ZERO;
    loop {
        match backup.step(pages_per_step)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            // Busy or Locked (or a result newer rusqlite versions may add): wait, bounded.
            _ => {
                if waited >= wait {
                    return Err(StoreError::Locked {
                        path: PathBuf::new(),
                    });
                }
                std::thread::sleep(BUSY_PAUSE);
                waited += BUSY_PAUSE;
            }
        }
    }
}

/// Opens a backup read-only and checks it (see [`Store::check_backup`]): the connection and
/// the backup's schema version.
fn open_backup(file: &Path) -> Result<(Connection, i64)> {
    let meta = std::fs::metadata(file).map_err(|e| StoreError::io(file, e))?;
    if !meta.is_file() || meta.len() == 0 {
        return Err(not_a_backup(file, "empty or not a file"));
    }
    // `immutable=1`: SQLite takes no locks and never looks for or makes a -wal or -shm.
    let conn = Connection::open_with_flags(
        file_uri(file, "immutable=1")?,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(file, e))?;
    let version = version_of(&conn, file)?;
    if version == 0 {
        return Err(not_a_backup(file, "it has no HallCheck schema"));
    }
    integrity(&conn, file, "integrity_check")?;
    Ok((conn, version))
}

fn not_a_backup(file: &Path, why: &str) -> StoreError {
    StoreError::Invalid(format!(
        "{}: not a HallCheck backup ({why}); nothing was changed",
        file.display()
    ))
}

/// A `file:` URI of `path` (made absolute, percent-encoded) with a query string.
fn file_uri(path: &Path, query: &str) -> Result<String> {
    let absolute = std::path::absolute(path).map_err(|e| StoreError::io(path, e))?;
    let mut uri = String::from("file:");
    let bytes = absolute.as_os_str().as_encoded_bytes();
    if !bytes.starts_with(b"/") {
        // A Windows drive path: file:/C:/…
        uri.push('/');
    }
    for &b in bytes {
        match b {
            b'\\' => uri.push('/'),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                uri.push(char::from(b));
            }
            _ => {
                let _infallible = write!(uri, "%{b:02X}");
            }
        }
    }
    uri.push('?');
    uri.push_str(query);
    Ok(uri)
}

/// Whether two paths name the same existing file.
fn is_same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn file_uris_are_absolute_and_percent_encoded() {
        assert_eq!(
            file_uri(Path::new("/tmp/a b/备份 ?.db"), "immutable=1").ok(),
            Some("file:/tmp/a%20b/%E5%A4%87%E4%BB%BD%20%3F.db?immutable=1".to_owned())
        );
    }
}
