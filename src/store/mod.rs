//! The SQLite store: one file holds halls, staff, inspectors, template snapshots, inspections,
//! answers, photos, rectifications (整改) with their history, and the audit log.
//!
//! Opening checks the file before writing to it: a file that is not a database, is corrupt or
//! comes from a newer HallCheck is refused with its path and never written to. The file is
//! only ever opened through SQLite. Migrations run on `PRAGMA user_version`, after a copy of
//! the file is put aside. Reports read plain rows through its report methods; the connection
//! itself stays inside this module.

mod backup;
pub mod backups;
pub mod chain;
pub mod damage;
mod demo;
mod error;
mod exchange;
mod export_read;
mod halls;
mod identity;
mod inspections;
mod overview;
pub mod partial;
mod rectifications;
mod reports;
pub mod schema;
mod settings;
mod sync;
mod templates;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::domain::Template;

pub use demo::{DemoOptions, DemoProgress, DemoSummary, generate_demo_data};
pub(crate) use error::classify;
pub use error::{
    OpenProblem, ReadOnlyPlace, SignOffProblem, StoreError, StoreErrorKind, io_kind, io_words,
};
pub use exchange::{
    AmendmentRecord, AreaRecord, AttachmentRecord, AuditRecord, ExchangeContext, HallRecord,
    InspectionRecord, InspectorRecord, Merge, MergeCounts, MergeReport, Merged,
    RectificationEventRecord, RectificationRecord, Rejected, ResultRecord, SignOffRecord,
    StaffRecord, TemplateRecord, base64_bytes,
};
pub use export_read::{BARE_EXPORT_SQL, ExportCache, ExportedInspection};
pub use halls::{Hall, Inspector, Staff};
pub use inspections::{
    AmendmentInput, AnswerInput, AttachmentMeta, DraftSummary, InspectionDetail, InspectionFilter,
    InspectionHeader, InspectionRow, LastResult, NAME_SEPARATOR, NewInspection, NewSignOff,
    RECENT_NOTES_PER_ITEM, ResultRow, SignOff, SortKey, StaffName, SubmitRefusal, joined_names,
};
pub use overview::DayEntry;
pub use rectifications::{
    HallRectificationCounts, OWNER_HALL_MANAGER, PriorRectification, RectificationDetail,
    RectificationEvent, RectificationFilter, RectificationOutcome, RectificationRow,
};
pub use reports::{
    AreaResultRow, AreaTotals, FailedAnswer, HallAreaLoss, HallTotals, ItemFailures,
    ItemOccurrence, ReportQuery, TrendRow,
};
pub use settings::Settings;
pub use sync::{ChainEntry, SyncContext, SyncCursors, SyncOutcome, SyncSettings};

/// Result of store calls.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Databases up to this many pages get a full `quick_check` on open; larger ones are checked
/// before any migration, and otherwise on a connection of their own
/// ([`damage::quick_check_file`]): by the app in the background after opening, by the
/// command line before a command that writes. So opening stays fast.
pub const QUICK_CHECK_MAX_PAGES: i64 = 16_384;

/// How long every write waits for a lock another connection or program holds before it gives
/// up with [`StoreError::Locked`]: the same for the app's writes, imports, demo data, backups
/// and restores.
pub const LOCK_WAIT: Duration = Duration::from_secs(5);

/// An open HallCheck database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The file `path` named when it was opened (none in memory).
    identity: Option<identity::FileIdentity>,
    /// How long a write waits for a lock (see [`LOCK_WAIT`]).
    lock_wait: Duration,
    /// Parsed template snapshots by content hash (see [`Store::template_snapshot`]).
    snapshots: RefCell<HashMap<String, Arc<Template>>>,
    /// Whether opening checked the whole file (`quick_check`); see [`Store::checked_on_open`].
    checked: bool,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// The current instant as stored: RFC 3339 in UTC.
pub(crate) fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// `head` followed by `rows` value tuples; tuple `n` is `tuple(b)` where `b` is the number of
/// its first own parameter, after `shared` parameters common to all tuples.
pub(crate) fn multi_row_sql(
    head: &str,
    rows: usize,
    shared: usize,
    per_row: usize,
    tuple: impl Fn(usize) -> String,
) -> String {
    let mut sql = String::from(head);
    for n in 0..rows {
        if n > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&tuple(shared + 1 + per_row * n));
    }
    sql
}

/// `?b, ?b+1, …` for `count` parameters.
pub(crate) fn params(b: usize, count: usize) -> String {
    (b..b + count)
        .map(|n| format!("?{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A new random UUID as text.
pub(crate) fn new_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The schema version that brought the chain of content hashes ([`chain`]).
const CHAIN_VERSION: i64 = 14;

impl Store {
    /// Opens (or creates) the database at `path`, checking and migrating it.
    pub fn open(path: &Path) -> Result<Store> {
        let path = path.to_path_buf();
        partial::started();
        // The file is never opened outside SQLite: closing any descriptor of it would drop
        // every lock this process holds on it (see `tests/store_locks.rs`). A file that is not
        // a database shows as SQLITE_NOTADB on the first read below, before anything is written.
        if !path.exists()
            && let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
        }
        let mut conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(&path, e))?;
        damage::guard(&mut conn, &path)?;
        let identity = identity::FileIdentity::of(&path);
        let named = path.clone();
        Store::setup(conn, path, identity).map_err(|e| e.in_file(&named))
    }

    /// Opens a database file already found damaged, to restore a backup over it: no check,
    /// no migration, and every write refused ([`StoreError::WritesStopped`]) until a restore
    /// succeeds. Reads may still fail where the damage is.
    pub fn open_damaged(path: &Path) -> Result<Store> {
        let path = path.to_path_buf();
        let mut conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(&path, e))?;
        damage::guard(&mut conn, &path)?;
        if damage::known_damage(&path).is_none() {
            damage::record(&path, "found damaged when opened");
        }
        conn.busy_timeout(LOCK_WAIT)
            .map_err(|e| classify(&path, e))?;
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| classify(&path, e))?;
        let identity = identity::FileIdentity::of(&path);
        Ok(Store {
            conn,
            path,
            identity,
            lock_wait: LOCK_WAIT,
            snapshots: RefCell::default(),
            checked: false,
        })
    }

    /// An in-memory database, for tests and benchmarks of pure logic.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        Store::setup(conn, PathBuf::from(":memory:"), None)
    }

    fn setup(
        mut conn: Connection,
        path: PathBuf,
        identity: Option<identity::FileIdentity>,
    ) -> Result<Store> {
        conn.busy_timeout(LOCK_WAIT)
            .map_err(|e| classify(&path, e))?;
        // A write transaction takes the write lock when it begins, waiting for it as long as
        // any write: a deferred one that read first could not wait (SQLite answers "busy" at
        // once to avoid a deadlock) and failed at once under another program's lock.
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        let version = version_of(&conn, &path)?;
        let page_count: i64 = conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .map_err(|e| classify(&path, e))?;
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| classify(&path, e))?;
        if version == 0 && tables > 0 {
            return Err(StoreError::Invalid(format!(
                "{}: this SQLite file belongs to another program (it has tables but no HallCheck schema); it was left untouched",
                path.display()
            )));
        }
        let needs_migration = version < schema::CURRENT_VERSION;
        let checked = (page_count > 0 && page_count <= QUICK_CHECK_MAX_PAGES)
            || (needs_migration && version > 0);
        if checked {
            integrity(&conn, &path, "quick_check")?;
        }
        if path.as_os_str() != ":memory:" {
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(|e| classify(&path, e))?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        let mut store = Store {
            conn,
            path,
            identity,
            lock_wait: LOCK_WAIT,
            snapshots: RefCell::default(),
            // An empty file has nothing to check.
            checked: checked || page_count == 0,
        };
        if needs_migration {
            if version > 0 {
                store.backup_before_migration(version)?;
            }
            store.migrate(version, schema::CURRENT_VERSION)?;
            // Records from before the chain are sealed as they stand.
            if version > 0 && version < CHAIN_VERSION {
                store.seal_unsealed()?;
            }
        }
        // Names the areas stored templates declare, for the reports.
        store.areas()?;
        Ok(store)
    }

    /// Applies migrations `from+1 ..= to`, each in its own transaction.
    pub(crate) fn migrate(&mut self, from: i64, to: i64) -> Result<()> {
        for version in (from + 1)..=to {
            let sql = schema::MIGRATIONS
                .get((version - 1) as usize)
                .ok_or_else(|| StoreError::Invalid(format!("no migration to version {version}")))?;
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", version)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Runs SQLite's full `integrity_check`.
    pub fn check_integrity(&self) -> Result<()> {
        self.named(|| integrity(&self.conn, &self.path, "integrity_check"))
    }

    /// Whether opening checked the whole file. A larger file (over
    /// [`QUICK_CHECK_MAX_PAGES`]) is not: check it with [`damage::quick_check_file`] before
    /// trusting it with writes (the command line) or in the background (the app).
    pub fn checked_on_open(&self) -> bool {
        self.checked
    }

    /// Checks the whole file now (`quick_check`, on a connection of its own) unless opening
    /// did; damage found stops all writes to it (see [`damage`]).
    pub fn check_unless_checked(&self) -> Result<()> {
        if self.checked || self.path.as_os_str() == ":memory:" {
            return Ok(());
        }
        damage::quick_check_file(&self.path)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Checks that the database path still names the file this store opened (see
    /// [`StoreError::Moved`]); a stat of the path, nothing more.
    pub fn check_same_file(&self) -> Result<()> {
        identity::check(
            &self.path,
            self.identity.as_ref(),
            "nothing was written to it",
        )
    }

    /// How long writes wait for a lock held elsewhere before giving up.
    pub fn lock_wait(&self) -> Duration {
        self.lock_wait
    }

    /// Sets how long writes (and a restore) wait for a lock held elsewhere; [`LOCK_WAIT`]
    /// unless changed.
    pub fn set_lock_wait(&mut self, wait: Duration) -> Result<()> {
        self.lock_wait = wait;
        self.conn
            .busy_timeout(wait)
            .map_err(|e| classify(&self.path, e))
    }

    /// A write transaction that takes the write lock at once (`BEGIN IMMEDIATE`), so what is
    /// checked inside it still holds when it commits.
    pub(crate) fn write_transaction(&self) -> rusqlite::Result<rusqlite::Transaction<'_>> {
        rusqlite::Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)
    }

    /// Runs `body` and names this database in any error it returns that names no file yet.
    pub(crate) fn named<T>(&self, body: impl FnOnce() -> Result<T>) -> Result<T> {
        body().map_err(|e| e.in_file(&self.path))
    }

    /// The schema version of the file.
    pub fn schema_version(&self) -> Result<i64> {
        self.named(|| {
            Ok(self
                .conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))?)
        })
    }

    /// Appends an entry to the audit log.
    pub fn audit(&self, action: &str, entity: &str, entity_uuid: &str, detail: &str) -> Result<()> {
        self.named(|| {
            self.conn.execute(
                "INSERT INTO audit_log (at, action, entity, entity_uuid, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
                (now_utc(), action, entity, entity_uuid, detail),
            )?;
            Ok(())
        })
    }

    /// The audit entries about one record, oldest first: (at, action, detail).
    pub fn audit_entries(&self, entity_uuid: &str) -> Result<Vec<(String, String, String)>> {
        self.named(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT at, action, detail FROM audit_log WHERE entity_uuid = ?1 ORDER BY id",
            )?;
            let rows = stmt
                .query_map([entity_uuid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }
}

/// The schema version of an open file, refused when a newer HallCheck wrote it. Reading it is
/// the first touch of the file: a foreign or damaged file shows here, before anything is
/// written.
fn version_of(conn: &Connection, path: &Path) -> Result<i64> {
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| classify(path, e))?;
    if version > schema::CURRENT_VERSION {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found: version,
            supported: schema::CURRENT_VERSION,
        });
    }
    Ok(version)
}

fn integrity(conn: &Connection, path: &Path, pragma: &str) -> Result<()> {
    let mut stmt = conn
        .prepare(&format!("PRAGMA {pragma}"))
        .map_err(|e| classify(path, e))?;
    let lines = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(|e| classify(path, e))?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(|e| classify(path, e))?;
    if lines.len() == 1 && lines[0] == "ok" {
        Ok(())
    } else {
        Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: lines.into_iter().take(3).collect::<Vec<_>>().join("; "),
            newest_backup: None,
        }
        .note_damage())
    }
}

/// Reads an optional single value.
pub(crate) fn optional<T>(r: rusqlite::Result<T>) -> Result<Option<T>> {
    Ok(r.optional()?)
}
