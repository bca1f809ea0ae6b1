//! Files being written beside their target, as `.NAME.PID.partial`, and renamed into place
//! only when complete (exports and backups): a failure or a kill never leaves a half-written
//! file under the target's name.
//!
//! A killed process cannot remove its partial file, so each export or backup into a folder
//! first removes the partial files there whose writer is gone ([`remove_stale_partials`]): on
//! Unix those of processes that no longer run, elsewhere those last written before this
//! program started. A live process's partial file is never touched, this process's own never.
//! SQLite's own files beside a partial backup (`-journal`, `-wal`, `-shm`) go with it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::SystemTime;

/// What may follow `.partial`: SQLite's files beside a database being written, and `-old`, a
/// target's previous content set aside while the new files are moved into place.
const SUFFIXES: [&str; 5] = ["", "-journal", "-wal", "-shm", "-old"];

/// `.NAME.PID.partial` beside `target`.
pub fn partial_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    target.with_file_name(format!(".{name}.{}.partial", std::process::id()))
}

/// The writer's process id of a partial file's name (`.NAME.PID.partial`, maybe followed by
/// one of SQLite's suffixes), or `None` for any other name.
fn writer_of(file_name: &str) -> Option<(u32, &str, &str)> {
    let rest = file_name.strip_prefix('.')?;
    let (stem, suffix) = rest.rsplit_once(".partial")?;
    if !SUFFIXES.contains(&suffix) {
        return None;
    }
    let (name, pid) = stem.rsplit_once('.')?;
    if name.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((pid.parse().ok()?, name, suffix))
}

/// Removes the stale partial files in `folder` (see the module doc) and the legacy
/// `NAME.partial` / `NAME.partial-journal` of `legacy_target`, if given. Returns what was
/// removed. A folder that cannot be listed, or a file that cannot be removed, is left as it
/// is: the export or backup that follows reports any real problem with the folder.
pub fn remove_stale_partials(folder: &Path, legacy_target: Option<&Path>) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    if let Ok(entries) = std::fs::read_dir(folder) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some((pid, target, suffix)) = name.to_str().and_then(writer_of) else {
                continue;
            };
            if pid == std::process::id() || !writer_gone(pid, &entry) {
                continue;
            }
            // A previous content set aside by a run killed before its new file was in place
            // goes back where it was.
            let target = folder.join(target);
            if suffix == "-old"
                && std::fs::symlink_metadata(&target).is_err()
                && std::fs::rename(entry.path(), &target).is_ok()
            {
                continue;
            }
            if std::fs::remove_file(entry.path()).is_ok() {
                removed.push(entry.path());
            }
        }
    }
    if let Some(target) = legacy_target {
        for suffix in [".partial", ".partial-journal"] {
            let mut name = target.as_os_str().to_os_string();
            name.push(suffix);
            let path = PathBuf::from(name);
            if std::fs::remove_file(&path).is_ok() {
                removed.push(path);
            }
        }
    }
    removed.sort();
    removed
}

/// When this program started, as near as the store knows (its first use).
pub(crate) fn started() -> SystemTime {
    static STARTED: OnceLock<SystemTime> = OnceLock::new();
    *STARTED.get_or_init(SystemTime::now)
}

#[cfg(unix)]
fn writer_gone(pid: u32, _entry: &std::fs::DirEntry) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // Signal 0 only asks whether the process exists; EPERM means it does (another user's).
    // SAFETY: kill with signal 0 sends nothing and touches no memory.
    let result = unsafe { libc::kill(pid, 0) };
    result != 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn writer_gone(_pid: u32, entry: &std::fs::DirEntry) -> bool {
    entry
        .metadata()
        .and_then(|m| m.modified())
        .is_ok_and(|modified| modified < started())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_names_carry_the_writer() {
        assert_eq!(
            writer_of(".out.csv.1234.partial"),
            Some((1234, "out.csv", ""))
        );
        assert_eq!(
            writer_of(".b.db.77.partial-journal"),
            Some((77, "b.db", "-journal"))
        );
        assert_eq!(
            writer_of(".b.db.77.partial-old"),
            Some((77, "b.db", "-old"))
        );
        assert_eq!(writer_of("out.csv"), None);
        assert_eq!(writer_of(".out.csv.partial"), None);
        assert_eq!(writer_of(".out.csv.12a.partial"), None);
        assert_eq!(writer_of(".out.csv.12.partial.txt"), None);
        let path = partial_path(Path::new("/tmp/x/out.csv"));
        assert_eq!(
            path,
            Path::new(&format!("/tmp/x/.out.csv.{}.partial", std::process::id()))
        );
    }
}
