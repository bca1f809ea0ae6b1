//! Automatic backups in the `backups` folder beside the database: one on the first start of
//! each day (the app's and every command that writes), and one before every import and
//! restore, each a consistent copy made with SQLite's online backup
//! ([`Store::backup_to`]: written as a partial file and renamed, so a failed or killed copy
//! leaves nothing under a backup's name).
//!
//! A copy is named `STEM-YYYY-MM-DD-HHMMSS-WHY.db` (`hallcheck-2026-10-31-081502-daily.db`),
//! so a listing sorted by name is sorted by date, and several databases may share the folder.
//! The daily copy prunes the folder: every copy of the 7 most recent days that have one is
//! kept, and of the weeks before them the newest copy of each of the 4 most recent weeks;
//! the rest go. Days count by the local calendar the caller passes in (no clock is read
//! here), so the rule can be tested at any date.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::store::{Result, Store, StoreError, damage};

/// The folder beside the database that holds its automatic backups.
pub const BACKUP_FOLDER: &str = "backups";
/// How many of the most recent days with copies keep all their copies.
pub const DAILY_KEPT: usize = 7;
/// How many weeks before those keep their newest copy.
pub const WEEKLY_KEPT: usize = 4;

/// Why a copy was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BackupReason {
    /// The first start of a day.
    Daily,
    /// Before an import.
    BeforeImport,
    /// Before a restore: the data that the restore replaced.
    BeforeRestore,
}

impl BackupReason {
    /// The word in the file name.
    pub fn code(self) -> &'static str {
        match self {
            BackupReason::Daily => "daily",
            BackupReason::BeforeImport => "before-import",
            BackupReason::BeforeRestore => "before-restore",
        }
    }

    fn from_code(code: &str) -> Option<BackupReason> {
        [
            BackupReason::Daily,
            BackupReason::BeforeImport,
            BackupReason::BeforeRestore,
        ]
        .into_iter()
        .find(|r| r.code() == code)
    }
}

/// One copy in the backups folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupEntry {
    /// The file.
    pub path: PathBuf,
    /// When it was taken (local time, from its name).
    pub taken: NaiveDateTime,
    /// Its size.
    pub size_bytes: u64,
    /// Why it was made.
    pub reason: BackupReason,
}

/// The backups folder of the database `db`.
pub fn backup_folder(db: &Path) -> PathBuf {
    match db.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.join(BACKUP_FOLDER),
        _ => PathBuf::from(BACKUP_FOLDER),
    }
}

/// The stem the copies of `db` start with: its file name without the extension.
fn stem(db: &Path) -> String {
    db.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "hallcheck".into())
}

/// `STEM-YYYY-MM-DD-HHMMSS-WHY.db`, or with `-N` before `.db` when `n > 1`.
fn backup_name(stem: &str, taken: NaiveDateTime, reason: BackupReason, n: u32) -> String {
    let stamp = taken.format("%Y-%m-%d-%H%M%S");
    let why = reason.code();
    if n > 1 {
        format!("{stem}-{stamp}-{why}-{n}.db")
    } else {
        format!("{stem}-{stamp}-{why}.db")
    }
}

/// When and why a copy of the database `stem` with this file name was made, if it is one.
fn parse_name(stem: &str, name: &str) -> Option<(NaiveDateTime, BackupReason)> {
    let rest = name
        .strip_prefix(stem)?
        .strip_prefix('-')?
        .strip_suffix(".db")?;
    let stamp = rest.get(..17)?;
    let taken = NaiveDateTime::parse_from_str(stamp, "%Y-%m-%d-%H%M%S").ok()?;
    let why = rest.get(17..)?.strip_prefix('-')?;
    let why = match why.rsplit_once('-') {
        Some((code, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => code,
        _ => why,
    };
    Some((taken, BackupReason::from_code(why)?))
}

/// The copies of the database `db` in its backups folder, newest first. A folder that does
/// not exist holds none.
pub fn list_backups(db: &Path) -> Result<Vec<BackupEntry>> {
    let folder = backup_folder(db);
    let entries = match std::fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::io(&folder, e)),
    };
    let stem = stem(db);
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| StoreError::io(&folder, e))?;
        let name = entry.file_name();
        let Some((taken, reason)) = name.to_str().and_then(|n| parse_name(&stem, n)) else {
            continue;
        };
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let written = meta.modified().ok();
        found.push((
            BackupEntry {
                path: entry.path(),
                taken,
                size_bytes: meta.len(),
                reason,
            },
            written,
        ));
    }
    // Copies taken within the same second: the one written last first.
    found.sort_by(|(a, a_written), (b, b_written)| {
        (b.taken, b_written, &b.path).cmp(&(a.taken, a_written, &a.path))
    });
    Ok(found.into_iter().map(|(entry, _)| entry).collect())
}

/// The newest copy of the database `db` in its backups folder, if any (none when the folder
/// cannot be read).
pub fn newest_backup(db: &Path) -> Option<PathBuf> {
    list_backups(db).ok()?.into_iter().next().map(|e| e.path)
}

/// The Monday of the week of `day` (weeks run Monday to Sunday).
fn week_of(day: NaiveDate) -> NaiveDate {
    day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// Which of `entries` (newest first, as [`list_backups`] gives them) the rule keeps: all
/// copies of the [`DAILY_KEPT`] most recent days that have one, then the newest copy of each
/// of the [`WEEKLY_KEPT`] most recent weeks before those days. Returns one flag per entry.
pub fn kept_by_rule(entries: &[BackupEntry]) -> Vec<bool> {
    let mut days = BTreeSet::new();
    for entry in entries {
        days.insert(entry.taken.date());
    }
    let daily: BTreeSet<NaiveDate> = days.iter().rev().take(DAILY_KEPT).copied().collect();
    let mut weeks = BTreeSet::new();
    entries
        .iter()
        .map(|entry| {
            let day = entry.taken.date();
            if daily.contains(&day) {
                return true;
            }
            // Newest first: the first copy seen of a week is its newest.
            let week = week_of(day);
            weeks.len() < WEEKLY_KEPT && weeks.insert(week)
        })
        .collect()
}

/// Removes the copies of `db` that the rule does not keep (see [`kept_by_rule`]); returns
/// what was removed.
pub fn prune_backups(db: &Path) -> Result<Vec<PathBuf>> {
    let entries = list_backups(db)?;
    let keep = kept_by_rule(&entries);
    let mut removed = Vec::new();
    for (entry, keep) in entries.into_iter().zip(keep) {
        if !keep {
            std::fs::remove_file(&entry.path).map_err(|e| StoreError::io(&entry.path, e))?;
            removed.push(entry.path);
        }
    }
    Ok(removed)
}

impl Store {
    /// Makes a copy of the database in its backups folder, taken `now` (local time) for
    /// `reason`, and returns it. Never copies a file known to be damaged: that copy would
    /// push good ones out.
    pub fn backup_into_folder(&self, now: NaiveDateTime, reason: BackupReason) -> Result<PathBuf> {
        if let Some(detail) = damage::known_damage(self.path()) {
            return Err(StoreError::Corrupt {
                path: self.path().to_path_buf(),
                detail,
                newest_backup: None,
            }
            .note_damage());
        }
        let folder = backup_folder(self.path());
        std::fs::create_dir_all(&folder).map_err(|e| StoreError::io(&folder, e))?;
        let stem = stem(self.path());
        let target = (1..)
            .map(|n| folder.join(backup_name(&stem, now, reason, n)))
            .find(|path| std::fs::symlink_metadata(path).is_err())
            .unwrap_or_else(|| folder.join(backup_name(&stem, now, reason, 1)));
        self.backup_to(&target)?;
        Ok(target)
    }

    /// The first start of a day: when the backups folder holds no copy of this database from
    /// the day of `now`, makes one and prunes the folder (see the module doc); returns the
    /// copy made, or `None` when the day had one.
    pub fn backup_daily(&self, now: NaiveDateTime) -> Result<Option<PathBuf>> {
        let today = now.date();
        if list_backups(self.path())?
            .iter()
            .any(|e| e.taken.date() == today)
        {
            return Ok(None);
        }
        let made = self.backup_into_folder(now, BackupReason::Daily)?;
        prune_backups(self.path())?;
        Ok(Some(made))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, hms: (u32, u32, u32)) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|day| day.and_hms_opt(hms.0, hms.1, hms.2))
            .unwrap_or_default()
    }

    #[test]
    fn names_sort_by_date_and_read_back() {
        let taken = at(2026, 10, 31, (8, 15, 2));
        let name = backup_name("hallcheck", taken, BackupReason::Daily, 1);
        assert_eq!(name, "hallcheck-2026-10-31-081502-daily.db");
        assert_eq!(
            parse_name("hallcheck", &name),
            Some((taken, BackupReason::Daily))
        );
        let second = backup_name("hallcheck", taken, BackupReason::BeforeImport, 2);
        assert_eq!(second, "hallcheck-2026-10-31-081502-before-import-2.db");
        assert_eq!(
            parse_name("hallcheck", &second),
            Some((taken, BackupReason::BeforeImport))
        );
        // Another database's copies, partial files and other names are not this one's.
        assert_eq!(parse_name("demo", &name), None);
        assert_eq!(
            parse_name("demo", "demo-2-2026-10-31-081502-daily.db"),
            None
        );
        assert_eq!(
            parse_name("hallcheck", &format!(".{name}.77.partial")),
            None
        );
        assert_eq!(
            parse_name("hallcheck", "hallcheck-2026-10-31-081502-weekly.db"),
            None
        );
    }

    #[test]
    fn weeks_start_on_monday() {
        let sunday = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
        let monday = NaiveDate::from_ymd_opt(2026, 10, 26).unwrap_or_default();
        assert_eq!(week_of(sunday), monday);
        assert_eq!(week_of(monday), monday);
    }
}
