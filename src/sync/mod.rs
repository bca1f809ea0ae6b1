//! The district server: every hall's PC keeps working on its own SQLite file and meets the
//! others in one PostgreSQL database.
//!
//! - [`server`]: the server's schema (`hallcheck server init`, versioned like the SQLite
//!   schema) and its roles — a hall PC's role writes only its halls' records (row-level
//!   security), a district role reads and writes every hall's.
//! - [`push`]: this PC's new and changed records up, in one server transaction.
//! - [`pull`]: the followed halls' records down, as one import (one SQLite transaction).
//!
//! Records are those of the JSON exchange, keyed by UUID: a submitted inspection changes only
//! through an amendment, so two copies merge by UUID and the amendment chain; a rectification
//! by its history of moves; a hall renamed on two PCs takes the later name. Each
//! inspection's seal (its content hash, see [`crate::store::chain`]) is checked before a push
//! and again after a pull: a record changed behind HallCheck's back is refused by UUID.
//! Syncing twice changes nothing.

mod connect;
pub mod password;
pub mod pull;
pub mod push;
pub mod server;

use std::time::Duration;

pub use connect::{ServerUrl, connect};

use crate::export::ImportError;
use crate::store::{MergeReport, Store, StoreError, SyncOutcome};

/// What can go wrong talking to the server, each with what to do.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The URL does not parse.
    #[error(
        "`{url}` is not a PostgreSQL URL ({detail}); write it as postgres://user@host:5432/database"
    )]
    BadUrl {
        /// The URL as given (password left out).
        url: String,
        /// What is wrong.
        detail: String,
    },
    /// No answer from the server.
    #[error(
        "cannot reach the server {target}: {detail}. Nothing was lost: the records stay on this PC and the next sync sends them"
    )]
    Unreachable {
        /// user@host:port/database.
        target: String,
        /// What the network said.
        detail: String,
    },
    /// The login was refused.
    #[error(
        "the server {target} refused the login of `{user}`: wrong user name or password ({detail})"
    )]
    Login {
        /// user@host:port/database.
        target: String,
        /// The role.
        user: String,
        /// The server's words.
        detail: String,
    },
    /// The server wants an encrypted connection, or TLS failed.
    #[error(
        "the server {target} needs an encrypted connection: add `sslmode=require` to the URL ({detail})"
    )]
    TlsRequired {
        /// user@host:port/database.
        target: String,
        /// The server's words.
        detail: String,
    },
    /// TLS could not be set up.
    #[error("the encrypted connection to {target} failed: {detail}")]
    Tls {
        /// user@host:port/database.
        target: String,
        /// What failed.
        detail: String,
    },
    /// The server database has no HallCheck schema.
    #[error(
        "the server {target} has no HallCheck schema: run `hallcheck server init --url …` there first"
    )]
    NoSchema {
        /// user@host:port/database.
        target: String,
    },
    /// Another PC's sync held the server for longer than a sync waits.
    #[error(
        "the server {target} is busy with another PC's sync: nothing was lost, try again in a minute"
    )]
    Busy {
        /// user@host:port/database.
        target: String,
    },
    /// The server's schema is newer than this program.
    #[error(
        "the server {target} has HallCheck schema version {found}, newer than this HallCheck knows ({supported}): update HallCheck on this PC"
    )]
    Newer {
        /// user@host:port/database.
        target: String,
        /// The server's version.
        found: i64,
        /// This program's.
        supported: i64,
    },
    /// The role may not do this.
    #[error("the server {target} does not allow `{user}` this: {detail}")]
    Forbidden {
        /// user@host:port/database.
        target: String,
        /// The role.
        user: String,
        /// The server's words.
        detail: String,
    },
    /// Any other server error.
    #[error("the server {target}: {detail}")]
    Server {
        /// user@host:port/database.
        target: String,
        /// The server's words.
        detail: String,
    },
    /// A record read from the server cannot be used.
    #[error("the server {target} holds a record HallCheck cannot read: {detail}")]
    BadRecord {
        /// user@host:port/database.
        target: String,
        /// Which record and why.
        detail: String,
    },
    /// The local database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Merging what was pulled.
    #[error("the records pulled from the server were not taken: {0}")]
    Import(#[from] ImportError),
    /// The temporary file of a pull.
    #[error("{0}")]
    Io(String),
    /// The system's credential store.
    #[error("the system's credential store: {0}")]
    Credential(String),
}

impl SyncError {
    /// What kind of problem, for the app to say in the user's language: `bad_url`,
    /// `unreachable`, `login`, `tls`, `no_schema`, `newer`, `forbidden`, or `other`.
    pub fn code(&self) -> &'static str {
        match self {
            SyncError::BadUrl { .. } => "bad_url",
            SyncError::Unreachable { .. } | SyncError::Busy { .. } => "unreachable",
            SyncError::Login { .. } => "login",
            SyncError::TlsRequired { .. } | SyncError::Tls { .. } => "tls",
            SyncError::NoSchema { .. } => "no_schema",
            SyncError::Newer { .. } => "newer",
            SyncError::Forbidden { .. } => "forbidden",
            _ => "other",
        }
    }
}

/// A record left out of a sync, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Refused {
    /// Kind of record.
    pub entity: String,
    /// Its UUID.
    pub uuid: String,
    /// Why.
    pub reason: String,
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SyncReport {
    /// What went up.
    pub pushed: push::Pushed,
    /// What came down (an import's report).
    pub pulled: MergeReport,
    /// Records left out, either way.
    pub refused: Vec<Refused>,
    /// How long it took.
    #[serde(skip)]
    pub took: Duration,
}

impl SyncReport {
    /// One line for the status beside the 同步 button and the command line.
    pub fn summary(&self) -> String {
        let p = &self.pushed;
        let a = &self.pulled.added;
        let mut text = format!(
            "pushed {} inspection(s) ({} new, {} amended) and {} rectification(s) new or moved on; pulled {} new inspection(s), {} amended, {} rectification change(s)",
            p.inspections + p.amended,
            p.inspections,
            p.amended,
            p.rectifications,
            a.inspections,
            self.pulled.amended,
            a.rectifications,
        );
        let refused = self.refused.len() + self.pulled.rejected.len();
        if refused > 0 {
            text.push_str(&format!("; {refused} record(s) refused"));
        }
        text
    }

    /// Records sent, taken and refused.
    pub fn counts(&self) -> (u64, u64, u64) {
        let p = &self.pushed;
        let a = &self.pulled.added;
        (
            p.inspections + p.amended + p.rectifications,
            a.inspections + self.pulled.amended + a.rectifications,
            (self.refused.len() + self.pulled.rejected.len()) as u64,
        )
    }

    /// Every record left out, either way, one per line.
    pub fn refusals(&self) -> Vec<String> {
        self.refused
            .iter()
            .map(|r| format!("{} {}: {}", r.entity, r.uuid, r.reason))
            .chain(
                self.pulled
                    .rejected
                    .iter()
                    .map(|r| format!("{} {}: {}", r.entity, r.uuid, r.reason)),
            )
            .collect()
    }
}

/// How far a sync has come, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncProgress {
    /// Pushing: records done of all.
    Pushing(u64, u64),
    /// Pulling: records read from the server so far.
    Pulling(u64),
    /// Merging what was pulled: inspections taken so far.
    Merging(u64),
}

/// What a pull follows, as one text: the role, and every hall or this database's halls.
fn scope_of(store: &Store, url: &ServerUrl, all_halls: bool) -> Result<String, SyncError> {
    use sha2::{Digest, Sha256};
    if all_halls {
        return Ok(format!("{}|all", url.user()));
    }
    let mut halls: Vec<String> = store
        .sync_context()?
        .halls
        .into_iter()
        .map(|h| h.uuid)
        .collect();
    halls.sort();
    let digest: String = Sha256::digest(halls.join("\n").as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(format!("{}|halls|{digest}", url.user()))
}

/// The crash drill (`tests/sync.rs`): with `HALLCHECK_SYNC_FAULT` naming this point, the
/// process stops dead here, as a power cut would stop it.
pub(crate) fn fault(point: &str) {
    if std::env::var("HALLCHECK_SYNC_FAULT").is_ok_and(|p| p == point) {
        std::process::abort();
    }
}

/// Pushes, then pulls, then records the outcome in the database; the outcome is recorded
/// whatever happens.
pub fn sync(
    store: &mut Store,
    url: &ServerUrl,
    all_halls: bool,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<SyncReport, SyncError> {
    sync_inner_timed(store, url, all_halls, None, progress)
}

/// [`sync`], first copying the database into its backups folder (named for `now`, local
/// time) when the pull has something to take — as an import does.
pub fn sync_keeping_copy(
    store: &mut Store,
    url: &ServerUrl,
    all_halls: bool,
    now: chrono::NaiveDateTime,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<SyncReport, SyncError> {
    sync_inner_timed(store, url, all_halls, Some(now), progress)
}

fn sync_inner_timed(
    store: &mut Store,
    url: &ServerUrl,
    all_halls: bool,
    backup_at: Option<chrono::NaiveDateTime>,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<SyncReport, SyncError> {
    let started = std::time::Instant::now();
    let result = sync_inner(store, url, all_halls, backup_at, progress);
    let counts = result.as_ref().map(SyncReport::counts).unwrap_or_default();
    let outcome = SyncOutcome {
        at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        ok: result.is_ok(),
        summary: match &result {
            Ok(report) => report.summary(),
            Err(e) => e.to_string(),
        },
        pushed: counts.0,
        pulled: counts.1,
        refused: counts.2,
        problem: result.as_ref().err().map(|e| e.code().to_owned()),
    };
    store.set_sync_outcome(&outcome)?;
    result.map(|mut report| {
        report.took = started.elapsed();
        report
    })
}

fn sync_inner(
    store: &mut Store,
    url: &ServerUrl,
    all_halls: bool,
    backup_at: Option<chrono::NaiveDateTime>,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<SyncReport, SyncError> {
    let mut client = connect(url)?;
    let server = server::check(&mut client, url)?;
    let mut cursors = store.sync_cursors(&server, &scope_of(store, url, all_halls)?)?;
    let mut report = SyncReport::default();
    let pushed = push::push(store, &mut client, url, &mut cursors, progress)?;
    report.pushed = pushed.0;
    report.refused = pushed.1;
    store.set_sync_cursors(&cursors)?;
    if let Some((merge, refused, rev)) = pull::pull(
        store,
        &mut client,
        url,
        &cursors,
        (all_halls, backup_at),
        progress,
    )? {
        fault("pull-after-commit");
        report.refused.extend(refused);
        // What the pull sealed here came from the server: it need not go back, as long as
        // nothing sealed here before the pull is still to be sent.
        if merge.chain_before == cursors.records_seq {
            cursors.records_seq = merge.chain_after;
        }
        report.pulled = merge;
        cursors.pulled_rev = rev;
        store.set_sync_cursors(&cursors)?;
        // The pull sealed what it took into this PC's chain, and took the server's audit
        // entries: the chain goes up now, so the next sync finds nothing to send.
        if cursors.chain_seq < store.chain_head()? {
            let (_, more_refused) = push::push(store, &mut client, url, &mut cursors, progress)?;
            report.refused.extend(more_refused);
            store.set_sync_cursors(&cursors)?;
        }
    }
    // A record refused by both pushes of one sync is told once.
    let mut seen = std::collections::HashSet::new();
    report
        .refused
        .retain(|r| seen.insert((r.entity.clone(), r.uuid.clone())));
    Ok(report)
}
