//! The store's errors: each names the file it is about and says in plain words what happened
//! and what to do, and has a stable [`StoreErrorKind`] the app translates.
//!
//! SQLite's own codes are turned into these by [`classify`]: a read-only file, folder or drive,
//! a full disk and a lock held by another program each get their own variant instead of
//! SQLite's text ("attempt to write a readonly database"). An error raised where the store did
//! not know the file yet (a `?` on a rusqlite call) is named by [`StoreError::in_file`] when it
//! leaves the [`crate::store::Store`].

use std::io;
use std::path::{Path, PathBuf};

use crate::domain::RectificationError;
use crate::store::{SubmitRefusal, backups, damage};

/// Errors of the store. Each about a file names it; the English text is the Display, the kind
/// ([`StoreError::kind`]) is what an app translates.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but is not an SQLite database.
    #[error(
        "{}: not a HallCheck database (the file is not SQLite); it was left untouched — choose the right file",
        shown(path)
    )]
    NotADatabase {
        /// The file.
        path: PathBuf,
    },
    /// SQLite reports damage. From then on this program writes nothing more to the file
    /// (see [`StoreError::WritesStopped`]).
    #[error(
        "{}: the database is damaged ({detail}); nothing more is written to it — {}",
        shown(path),
        restore_words(newest_backup.as_deref())
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What the check said.
        detail: String,
        /// The newest copy in the backups folder beside the file, if any.
        newest_backup: Option<PathBuf>,
    },
    /// A write refused because the database was found damaged earlier (by a check or any
    /// read): nothing more is written to a damaged file until it is restored.
    #[error(
        "{}: the database was found damaged, so HallCheck writes nothing more to it; this change was not saved (what was saved before is as it was) — {}",
        shown(path),
        restore_words(newest_backup.as_deref())
    )]
    WritesStopped {
        /// The file.
        path: PathBuf,
        /// The newest copy in the backups folder beside the file, if any.
        newest_backup: Option<PathBuf>,
    },
    /// Written by a newer HallCheck.
    #[error(
        "{}: the database is from a newer HallCheck (schema version {found}, this program knows up to {supported}); update HallCheck to open it",
        shown(path)
    )]
    Newer {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest this program knows.
        supported: i64,
    },
    /// Another program held the lock longer than the store waits.
    #[error(
        "{}: the database is in use by another HallCheck window or program and was not released in time; nothing was changed — close the other program or let it finish, then try again",
        shown(path)
    )]
    Locked {
        /// The file.
        path: PathBuf,
    },
    /// The database path no longer names the file that was opened: it was replaced, renamed
    /// or deleted while open.
    #[error(
        "{}: this path no longer names the database file HallCheck opened (it was replaced, renamed or deleted while open); {outcome}",
        shown(path)
    )]
    Moved {
        /// The database path.
        path: PathBuf,
        /// What became of the change under way.
        outcome: &'static str,
    },
    /// The file, its folder or its drive cannot be written.
    #[error("{}: {}", shown(path), place.words())]
    ReadOnly {
        /// The file.
        path: PathBuf,
        /// What is read-only.
        place: ReadOnlyPlace,
    },
    /// The disk (or the space allowed) is full.
    #[error(
        "{}: the disk is full; the last change was not saved (everything saved before is intact) — free space on the drive and try again",
        shown(path)
    )]
    DiskFull {
        /// The file.
        path: PathBuf,
    },
    /// SQLite could not open the file.
    #[error("{}: the database cannot be opened ({}); nothing was changed — {}", shown(path), problem.words().0, problem.words().1)]
    CannotOpen {
        /// The file.
        path: PathBuf,
        /// Why, as far as the file system tells.
        problem: OpenProblem,
    },
    /// A file could not be read, written or copied.
    #[error("{}: {} — {}", shown(path), io_words(error).0, io_words(error).1)]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause (told in the text, not chained again).
        error: io::Error,
    },
    /// Something asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// A request the data does not allow.
    #[error("{0}")]
    Invalid(String),
    /// Submit refused: what is missing.
    #[error("{0}")]
    Refused(SubmitRefusal),
    /// A move of a rectification (整改) refused: the state does not allow it, or what it
    /// needs is missing.
    #[error("{0}")]
    Rectification(RectificationError),
    /// A change to an inspection that is submitted, and so read-only (its answers, notes,
    /// people named, photos).
    #[error("inspection {uuid} is submitted and read-only; nothing was changed")]
    Submitted {
        /// The inspection.
        uuid: String,
    },
    /// A sign-off the inspection does not take.
    #[error("inspection {uuid}: {problem}; nothing was changed")]
    SignOff {
        /// The inspection.
        uuid: String,
        /// Why not.
        problem: SignOffProblem,
    },
    /// Any other SQLite error.
    #[error(
        "{}: database error: {error}; nothing was changed — if it repeats, run `hallcheck check`",
        shown(path)
    )]
    Sqlite {
        /// The file.
        path: PathBuf,
        /// What SQLite said (told in the text, not chained again).
        error: rusqlite::Error,
    },
}

/// Runs `$some` with `$path` bound to the file of an error about one, else `$none`: the one
/// list of the variants that carry a file.
macro_rules! with_path {
    ($error:expr, $path:ident => $some:expr, $none:expr) => {
        match $error {
            StoreError::NotADatabase { path: $path }
            | StoreError::Corrupt { path: $path, .. }
            | StoreError::WritesStopped { path: $path, .. }
            | StoreError::Newer { path: $path, .. }
            | StoreError::Locked { path: $path }
            | StoreError::Moved { path: $path, .. }
            | StoreError::ReadOnly { path: $path, .. }
            | StoreError::DiskFull { path: $path }
            | StoreError::CannotOpen { path: $path, .. }
            | StoreError::Io { path: $path, .. }
            | StoreError::Sqlite { path: $path, .. } => $some,
            StoreError::NotFound(_)
            | StoreError::Invalid(_)
            | StoreError::Refused(_)
            | StoreError::Rectification(_)
            | StoreError::Submitted { .. }
            | StoreError::SignOff { .. } => $none,
        }
    };
}

/// The stable kind of a [`StoreError`], for an app to choose its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StoreErrorKind {
    /// Not an SQLite file.
    NotADatabase,
    /// Damaged.
    Corrupt,
    /// A write refused because the file was found damaged.
    WritesStopped,
    /// From a newer HallCheck.
    Newer,
    /// Held by another program past the wait.
    Locked,
    /// The path no longer names the file opened.
    Moved,
    /// The file is read-only.
    ReadOnlyFile,
    /// The folder is read-only.
    ReadOnlyFolder,
    /// The drive is read-only.
    ReadOnlyDrive,
    /// The disk is full.
    DiskFull,
    /// The path is a folder, not a file.
    IsAFolder,
    /// The file or its folder does not exist.
    FileNotFound,
    /// The system refused access.
    AccessDenied,
    /// Another read or write failure.
    Io,
    /// A record asked for does not exist.
    NotFound,
    /// A request the data does not allow.
    Invalid,
    /// Submit refused.
    Refused,
    /// A move of a rectification refused.
    Rectification,
    /// A change to a submitted (read-only) inspection.
    Submitted,
    /// A sign-off of a draft (an inspection is signed once submitted).
    NotSubmitted,
    /// A second sign-off (an inspection is signed once).
    AlreadySigned,
    /// Another SQLite error.
    Database,
}

/// Why an inspection does not take a sign-off.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignOffProblem {
    /// It is a draft: an inspection is signed once it is submitted.
    #[error("it is a draft; an inspection is signed once it is submitted")]
    Draft,
    /// It is signed already: a sign-off is given once.
    #[error("it is already signed by {name}; a sign-off is given once")]
    AlreadySigned {
        /// Who signed it.
        name: String,
    },
}

/// What is read-only when the database cannot be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReadOnlyPlace {
    /// The database file itself.
    File,
    /// The folder it is in (SQLite makes its log files there).
    Folder,
    /// The whole drive or file system.
    Drive,
}

impl ReadOnlyPlace {
    fn words(self) -> &'static str {
        match self {
            ReadOnlyPlace::File => {
                "the database file is read-only, so nothing can be saved; nothing was changed — clear the file's read-only setting (or give your account write access), or copy it to a folder you can write to"
            }
            ReadOnlyPlace::Folder => {
                "the folder holding the database is read-only (SQLite keeps its log files beside the database); nothing was changed — allow writing to the folder, or move the database to a folder you can write to"
            }
            ReadOnlyPlace::Drive => {
                "the drive holding the database is read-only; nothing was changed — copy the database to a writable drive and open it there"
            }
        }
    }
}

/// Why a database file could not be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpenProblem {
    /// The path is a folder.
    IsAFolder,
    /// The folder does not exist.
    NoFolder,
    /// Access was refused.
    AccessDenied,
    /// Nothing more is known.
    Unknown,
}

impl OpenProblem {
    fn words(self) -> (&'static str, &'static str) {
        match self {
            OpenProblem::IsAFolder => ("it is a folder", "give the path of a database file"),
            OpenProblem::NoFolder => (
                "its folder does not exist",
                "check the path or create the folder",
            ),
            OpenProblem::AccessDenied => (
                "access was refused",
                "check the permissions of the file and its folder",
            ),
            OpenProblem::Unknown => (
                "the system refused it",
                "check the path, the permissions and the drive",
            ),
        }
    }
}

impl StoreError {
    /// The stable kind of this error.
    pub fn kind(&self) -> StoreErrorKind {
        match self {
            StoreError::NotADatabase { .. } => StoreErrorKind::NotADatabase,
            StoreError::Corrupt { .. } => StoreErrorKind::Corrupt,
            StoreError::WritesStopped { .. } => StoreErrorKind::WritesStopped,
            StoreError::Newer { .. } => StoreErrorKind::Newer,
            StoreError::Locked { .. } => StoreErrorKind::Locked,
            StoreError::Moved { .. } => StoreErrorKind::Moved,
            StoreError::ReadOnly { place, .. } => match place {
                ReadOnlyPlace::File => StoreErrorKind::ReadOnlyFile,
                ReadOnlyPlace::Folder => StoreErrorKind::ReadOnlyFolder,
                ReadOnlyPlace::Drive => StoreErrorKind::ReadOnlyDrive,
            },
            StoreError::DiskFull { .. } => StoreErrorKind::DiskFull,
            StoreError::CannotOpen { problem, .. } => match problem {
                OpenProblem::IsAFolder => StoreErrorKind::IsAFolder,
                OpenProblem::NoFolder => StoreErrorKind::FileNotFound,
                OpenProblem::AccessDenied => StoreErrorKind::AccessDenied,
                OpenProblem::Unknown => StoreErrorKind::Io,
            },
            StoreError::Io { error, .. } => io_kind(error),
            StoreError::NotFound(_) => StoreErrorKind::NotFound,
            StoreError::Invalid(_) => StoreErrorKind::Invalid,
            StoreError::Refused(_) => StoreErrorKind::Refused,
            StoreError::Rectification(_) => StoreErrorKind::Rectification,
            StoreError::Submitted { .. } => StoreErrorKind::Submitted,
            StoreError::SignOff { problem, .. } => match problem {
                SignOffProblem::Draft => StoreErrorKind::NotSubmitted,
                SignOffProblem::AlreadySigned { .. } => StoreErrorKind::AlreadySigned,
            },
            StoreError::Sqlite { .. } => StoreErrorKind::Database,
        }
    }

    /// The file the error is about, when it is about one.
    pub fn path(&self) -> Option<&Path> {
        with_path!(self, path => Some(path.as_path()), None)
    }

    /// Names `path` in an error raised before the file was known (and, for a read-only
    /// database, finds out whether the file, its folder or the drive is read-only).
    pub fn in_file(mut self, file: &Path) -> StoreError {
        if let StoreError::ReadOnly { path, place } = &mut self
            && path.as_os_str().is_empty()
            && *place == ReadOnlyPlace::File
        {
            *place = read_only_place(file);
        }
        with_path!(&mut self, path => {
            if path.as_os_str().is_empty() {
                *path = file.to_path_buf();
            }
        }, ());
        self.note_damage()
    }

    /// The newest backup of the damaged file, for an error about damage.
    pub fn newest_backup(&self) -> Option<&Path> {
        match self {
            StoreError::Corrupt { newest_backup, .. }
            | StoreError::WritesStopped { newest_backup, .. } => newest_backup.as_deref(),
            _ => None,
        }
    }

    /// Whether this error says the database is damaged (found now or before).
    pub fn is_damage(&self) -> bool {
        matches!(
            self.kind(),
            StoreErrorKind::Corrupt | StoreErrorKind::WritesStopped
        )
    }

    /// For an error about damage to a named file: records the damage (so nothing more is
    /// written to the file by this program) and names the newest backup.
    pub(crate) fn note_damage(mut self) -> StoreError {
        match &mut self {
            StoreError::Corrupt {
                path,
                detail,
                newest_backup,
            } if !path.as_os_str().is_empty() => {
                damage::record(path, detail);
                if newest_backup.is_none() {
                    *newest_backup = backups::newest_backup(path);
                }
            }
            StoreError::WritesStopped {
                path,
                newest_backup,
            } if !path.as_os_str().is_empty() && newest_backup.is_none() => {
                *newest_backup = backups::newest_backup(path);
            }
            _ => {}
        }
        self
    }

    /// An I/O error on `path`.
    pub fn io(path: &Path, error: io::Error) -> StoreError {
        StoreError::Io {
            path: path.to_path_buf(),
            error,
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    /// A rusqlite error whose file is named later ([`StoreError::in_file`]).
    fn from(error: rusqlite::Error) -> StoreError {
        classify(Path::new(""), error)
    }
}

/// What SQLite's "disk I/O error" is told as (see [`io_words`]).
const SQLITE_IO_FAILURE: &str = "disk I/O error";

/// What to do about a damaged database: restore the newest backup, named.
fn restore_words(newest_backup: Option<&Path>) -> String {
    match newest_backup {
        Some(file) => format!(
            "restore the newest backup, {} (on the Data screen, or `hallcheck restore` with that file)",
            file.display()
        ),
        None => "restore a backup (the backups folder beside it holds none)".to_owned(),
    }
}

/// The path as shown, or "the database" while it is not known yet.
fn shown(path: &Path) -> String {
    if path.as_os_str().is_empty() {
        "the database".to_owned()
    } else {
        path.display().to_string()
    }
}

/// Turns SQLite's file-level errors about `path` into the store's named ones.
pub(crate) fn classify(path: &Path, err: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode;
    let path_buf = path.to_path_buf();
    let extended = match &err {
        rusqlite::Error::SqliteFailure(e, _) => e.extended_code,
        _ => 0,
    };
    match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase { path: path_buf },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path: path_buf,
            detail: err.to_string(),
            newest_backup: None,
        }
        .note_damage(),
        // The commit hook refused a write to a file found damaged (see `damage`).
        Some(ErrorCode::ConstraintViolation) if extended == damage::REFUSED_BY_HOOK => {
            StoreError::WritesStopped {
                path: path_buf,
                newest_backup: None,
            }
            .note_damage()
        }
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            StoreError::Locked { path: path_buf }
        }
        Some(ErrorCode::ReadOnly) => {
            // SQLITE_READONLY_DIRECTORY: the folder does not let SQLite make its files.
            const READONLY_DIRECTORY: i32 = 8 | (6 << 8);
            let place = if extended == READONLY_DIRECTORY {
                ReadOnlyPlace::Folder
            } else if path.as_os_str().is_empty() {
                ReadOnlyPlace::File
            } else {
                read_only_place(path)
            };
            StoreError::ReadOnly {
                path: path_buf,
                place,
            }
        }
        Some(ErrorCode::DiskFull) => StoreError::DiskFull { path: path_buf },
        // SQLite does not say which system error it was; a write past a size limit or on a
        // failing drive shows here.
        Some(ErrorCode::SystemIoFailure) => StoreError::Io {
            path: path_buf,
            error: io::Error::other(SQLITE_IO_FAILURE),
        },
        Some(ErrorCode::CannotOpen) | Some(ErrorCode::PermissionDenied) => StoreError::CannotOpen {
            problem: open_problem(path),
            path: path_buf,
        },
        _ => StoreError::Sqlite {
            path: path_buf,
            error: err,
        },
    }
}

/// What the file system says about a database file that cannot be written: the drive, the
/// folder or the file. Probes the folder with a file of its own (never the database file:
/// closing a descriptor of it would drop this process's SQLite locks).
pub(crate) fn read_only_place(path: &Path) -> ReadOnlyPlace {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let probe = folder.join(format!(".hallcheck-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(file) => {
            drop(file);
            // The probe is ours; failing to remove it leaves an empty file, nothing more.
            let _ignored = std::fs::remove_file(&probe);
            ReadOnlyPlace::File
        }
        Err(e) if e.kind() == io::ErrorKind::ReadOnlyFilesystem => ReadOnlyPlace::Drive,
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => ReadOnlyPlace::Folder,
        Err(_) => ReadOnlyPlace::File,
    }
}

fn open_problem(path: &Path) -> OpenProblem {
    if path.is_dir() {
        return OpenProblem::IsAFolder;
    }
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(folder) if !folder.is_dir() => OpenProblem::NoFolder,
        Some(folder) => match std::fs::metadata(folder) {
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => OpenProblem::AccessDenied,
            _ => OpenProblem::Unknown,
        },
        None => OpenProblem::Unknown,
    }
}

/// The kind of an I/O error.
pub fn io_kind(error: &io::Error) -> StoreErrorKind {
    match error.kind() {
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory => StoreErrorKind::FileNotFound,
        io::ErrorKind::PermissionDenied => StoreErrorKind::AccessDenied,
        io::ErrorKind::IsADirectory => StoreErrorKind::IsAFolder,
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => StoreErrorKind::DiskFull,
        io::ErrorKind::ReadOnlyFilesystem => StoreErrorKind::ReadOnlyDrive,
        _ => StoreErrorKind::Io,
    }
}

/// What an I/O error means and what to do, in plain words. Other errors keep the system's
/// text once.
pub fn io_words(error: &io::Error) -> (String, &'static str) {
    use io::ErrorKind as K;
    let kind = error.kind();
    let told_by_system = (
        format!("the file could not be read or written ({error})"),
        "try again; if it repeats, check the drive",
    );
    if kind == K::Other && error.to_string() != SQLITE_IO_FAILURE {
        return told_by_system;
    }
    let what = match kind {
        K::NotFound => "the file or its folder does not exist",
        K::NotADirectory => "a part of the path is a file, not a folder",
        K::PermissionDenied => "access was refused",
        K::IsADirectory => "this is a folder, not a file",
        K::StorageFull | K::QuotaExceeded => "the disk is full",
        K::ReadOnlyFilesystem => "the drive is read-only",
        K::FileTooLarge => "the file grew larger than the system allows",
        K::AlreadyExists => "it already exists",
        K::Other => {
            "the drive could not read or write the file (disk I/O error); nothing was saved"
        }
        _ => {
            return (
                format!("the file could not be read or written ({error})"),
                "try again; if it repeats, check the drive",
            );
        }
    };
    let todo = match kind {
        K::NotFound => "check the name and the folder",
        K::NotADirectory => "check the path",
        K::PermissionDenied => {
            "check the permissions of the file and its folder, or choose another place"
        }
        K::IsADirectory => "give a file name inside the folder",
        K::ReadOnlyFilesystem => "choose a folder on a writable drive",
        K::FileTooLarge => "choose another drive, or export a smaller selection",
        K::AlreadyExists => "choose another name",
        K::Other => "check that the drive has free space and is still connected, then try again",
        _ => "free space on the drive (or choose another drive) and try again",
    };
    (what.to_owned(), todo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_error_is_told_once_with_what_to_do() {
        let err = StoreError::io(
            Path::new("/tmp/backup"),
            io::Error::from(io::ErrorKind::IsADirectory),
        );
        let text = format!("{:#}", anyhow::Error::from(err));
        assert_eq!(
            text,
            "/tmp/backup: this is a folder, not a file — give a file name inside the folder"
        );
    }

    #[test]
    fn an_error_from_a_rusqlite_call_is_named_when_it_leaves_the_store() {
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        );
        let err = StoreError::from(busy);
        assert_eq!(err.kind(), StoreErrorKind::Locked);
        assert!(err.to_string().starts_with("the database: "));
        let err = err.in_file(Path::new("/data/hallcheck.db"));
        assert_eq!(err.path(), Some(Path::new("/data/hallcheck.db")));
        assert!(
            err.to_string()
                .starts_with("/data/hallcheck.db: the database is in use")
        );
    }
}
