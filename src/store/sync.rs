//! What a district server sync needs of this database: where the server is and which halls
//! this PC follows, how far the last sync came each way (cursors), what changed since, the
//! chain entries to keep on the server, and the outcome of the last sync. The server side is
//! `crate::sync`; this module is its SQL on the SQLite side.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::store::exchange::read::{
    HALL_RECORD, STAFF_RECORD, TEMPLATE_RECORD, hall_record, inspector_record, staff_record,
    template_record,
};
use crate::store::exchange::{HallRecord, InspectorRecord, StaffRecord, TemplateRecord};
use crate::store::{AuditRecord, Result, Store, new_uuid};

/// Where and what this PC syncs (设置 → 区县服务器).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncSettings {
    /// The server's URL without its password (`postgres://user@host:5432/db?sslmode=require`);
    /// empty: no server.
    pub url: String,
    /// Pull every hall's records (a district PC), not only this database's halls.
    pub all_halls: bool,
}

/// How the last sync ended, as shown beside the 同步 button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncOutcome {
    /// When it ended (UTC, RFC 3339).
    pub at: String,
    /// Whether it succeeded.
    pub ok: bool,
    /// What it did, or why it failed.
    pub summary: String,
    /// Records sent: inspections new or amended on the server, rectification moves.
    #[serde(default)]
    pub pushed: u64,
    /// Records taken: inspections new or amended here, rectification changes.
    #[serde(default)]
    pub pulled: u64,
    /// Records left out, either way.
    #[serde(default)]
    pub refused: u64,
    /// What kind of problem stopped it (see `SyncError::code`), when it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// How far syncing with one server has come: the server it was with (its UUID; another server
/// starts from nothing), this database's chain entries whose records were pushed and the
/// entries themselves, and the server revision pulled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncCursors {
    /// The server's UUID.
    pub server: String,
    /// The last chain entry whose record was pushed.
    pub records_seq: i64,
    /// The last chain entry pushed itself.
    pub chain_seq: i64,
    /// The server revision pulled up to.
    pub pulled_rev: i64,
    /// The last audit entry pushed (row id).
    pub audit_id: i64,
    /// What the pull follows (the role, all halls or this database's, which): another scope
    /// pulls from the start, so no hall's history older than the cursor is skipped.
    pub scope: String,
    /// Inspections a push left out (a hall the role could not write yet, a copy that went
    /// apart, one changed outside HallCheck): tried again by the next push.
    pub retry: Vec<String>,
}

/// One entry of this database's chain, as the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainEntry {
    /// Its place in the chain.
    pub seq: i64,
    /// Kind of record.
    pub entity: String,
    /// The record's UUID.
    pub uuid: String,
    /// The inspection or rectification it belongs to.
    pub subject: String,
    /// The record's hash.
    pub content_hash: String,
    /// Its subject's hash after it.
    pub state_hash: String,
    /// The link before.
    pub prev_hash: String,
    /// This link.
    pub hash: String,
    /// The hall of its subject, when the subject is still here.
    pub hall_uuid: Option<String>,
}

/// The records every synced inspection refers to: halls, their staff, inspectors, template
/// snapshots.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncContext {
    /// Halls.
    pub halls: Vec<HallRecord>,
    /// Their staff.
    pub staff: Vec<StaffRecord>,
    /// Inspectors.
    pub inspectors: Vec<InspectorRecord>,
    /// Template snapshots.
    pub templates: Vec<TemplateRecord>,
}

impl Store {
    /// The server settings.
    pub fn sync_settings(&self) -> Result<SyncSettings> {
        self.named(|| {
            Ok(SyncSettings {
                url: self.setting("sync_url")?.unwrap_or_default(),
                all_halls: self.setting("sync_all_halls")?.as_deref() == Some("1"),
            })
        })
    }

    /// Saves the server settings; a password in the URL is refused (it belongs in the
    /// system's credential store, not in this file).
    pub fn set_sync_settings(&self, settings: &SyncSettings) -> Result<()> {
        self.named(|| {
            self.set_setting("sync_url", settings.url.trim())?;
            self.set_setting("sync_all_halls", if settings.all_halls { "1" } else { "0" })
        })
    }

    /// The last sync's outcome, if any.
    pub fn sync_outcome(&self) -> Result<Option<SyncOutcome>> {
        self.named(|| {
            Ok(self
                .setting("sync_last")?
                .and_then(|text| serde_json::from_str(&text).ok()))
        })
    }

    /// Records a sync's outcome.
    pub fn set_sync_outcome(&self, outcome: &SyncOutcome) -> Result<()> {
        self.named(|| {
            let text = serde_json::to_string(outcome)
                .map_err(|e| crate::store::StoreError::Invalid(e.to_string()))?;
            self.set_setting("sync_last", &text)
        })
    }

    /// This database's own UUID, made the first time it is asked for: the server keeps each
    /// database's chain under it.
    pub fn database_uuid(&self) -> Result<String> {
        self.named(|| {
            if let Some(uuid) = self.setting("database_uuid")? {
                return Ok(uuid);
            }
            let uuid = new_uuid();
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES ('database_uuid', ?1)
                 ON CONFLICT(key) DO NOTHING",
                [&uuid],
            )?;
            Ok(self.setting("database_uuid")?.unwrap_or(uuid))
        })
    }

    /// How far syncing with `server` has come (all zero for a server not synced with before);
    /// the pull starts again from the beginning when it follows another `scope` than last time.
    pub fn sync_cursors(&self, server: &str, scope: &str) -> Result<SyncCursors> {
        self.named(|| {
            let mut cursors = SyncCursors {
                server: server.to_owned(),
                scope: scope.to_owned(),
                ..SyncCursors::default()
            };
            if self.setting("sync_server")?.as_deref() != Some(server) {
                return Ok(cursors);
            }
            let number = |key: &str| -> Result<i64> {
                Ok(self.setting(key)?.and_then(|v| v.parse().ok()).unwrap_or(0))
            };
            cursors.records_seq = number("sync_records_seq")?;
            cursors.chain_seq = number("sync_chain_seq")?;
            if self.setting("sync_scope")?.as_deref() == Some(scope) {
                cursors.pulled_rev = number("sync_pulled_rev")?;
            }
            cursors.audit_id = number("sync_audit_id")?;
            cursors.retry = self
                .setting("sync_retry")?
                .and_then(|text| serde_json::from_str(&text).ok())
                .unwrap_or_default();
            Ok(cursors)
        })
    }

    /// Saves how far syncing has come, in one transaction.
    pub fn set_sync_cursors(&self, cursors: &SyncCursors) -> Result<()> {
        self.named(|| {
            let tx = self.conn.unchecked_transaction()?;
            self.set_setting("sync_server", &cursors.server)?;
            self.set_setting("sync_records_seq", &cursors.records_seq.to_string())?;
            self.set_setting("sync_chain_seq", &cursors.chain_seq.to_string())?;
            self.set_setting("sync_pulled_rev", &cursors.pulled_rev.to_string())?;
            self.set_setting("sync_audit_id", &cursors.audit_id.to_string())?;
            self.set_setting("sync_scope", &cursors.scope)?;
            let retry = serde_json::to_string(&cursors.retry)
                .map_err(|e| crate::store::StoreError::Invalid(e.to_string()))?;
            self.set_setting("sync_retry", &retry)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// The last entry of the chain (0 when empty).
    pub fn chain_head(&self) -> Result<i64> {
        self.named(|| {
            Ok(self
                .conn
                .query_row("SELECT coalesce(max(seq), 0) FROM chain", [], |r| r.get(0))?)
        })
    }

    /// The submitted inspections sealed, amended, signed or with a rectification moved in
    /// chain entries after `seq`, by row id.
    pub fn inspections_changed_since(&self, seq: i64) -> Result<Vec<i64>> {
        self.named(|| {
            let mut stmt = self.conn.prepare(
                "SELECT i.id FROM chain c JOIN inspections i ON i.uuid = c.subject
                 WHERE c.seq > ?1 AND i.status = 'submitted'
                 UNION
                 SELECT x.inspection_id FROM chain c JOIN rectifications x ON x.uuid = c.subject
                 WHERE c.seq > ?1
                 ORDER BY 1",
            )?;
            let ids = stmt
                .query_map([seq], |r| r.get(0))?
                .collect::<rusqlite::Result<BTreeSet<i64>>>()?;
            Ok(ids.into_iter().collect())
        })
    }

    /// The chain entries after `seq`, at most `limit`, in order, each with its subject's hall.
    pub fn chain_since(&self, seq: i64, limit: u32) -> Result<Vec<ChainEntry>> {
        self.named(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT c.seq, c.entity, c.uuid, c.subject, c.content_hash, c.state_hash,
                        c.prev_hash, c.hash,
                        coalesce((SELECT h.uuid FROM inspections i JOIN halls h ON h.id = i.hall_id
                                  WHERE i.uuid = c.subject),
                                 (SELECT h.uuid FROM rectifications x
                                  JOIN inspections i ON i.id = x.inspection_id
                                  JOIN halls h ON h.id = i.hall_id WHERE x.uuid = c.subject))
                 FROM chain c WHERE c.seq > ?1 ORDER BY c.seq LIMIT ?2",
            )?;
            let rows = stmt
                .query_map((seq, limit), |r| {
                    Ok(ChainEntry {
                        seq: r.get(0)?,
                        entity: r.get(1)?,
                        uuid: r.get(2)?,
                        subject: r.get(3)?,
                        content_hash: r.get(4)?,
                        state_hash: r.get(5)?,
                        prev_hash: r.get(6)?,
                        hash: r.get(7)?,
                        hall_uuid: r.get(8)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// Every hall with its staff, every inspector and every template snapshot, as exchanged.
    pub fn sync_context(&self) -> Result<SyncContext> {
        self.named(|| {
            Ok(SyncContext {
                halls: self
                    .conn
                    .prepare(&format!(
                        "SELECT {HALL_RECORD} FROM halls h ORDER BY h.uuid"
                    ))?
                    .query_map([], hall_record)?
                    .collect::<rusqlite::Result<_>>()?,
                staff: self
                    .conn
                    .prepare(&format!(
                        "SELECT {STAFF_RECORD} FROM staff s JOIN halls h ON h.id = s.hall_id
                     ORDER BY s.uuid"
                    ))?
                    .query_map([], staff_record)?
                    .collect::<rusqlite::Result<_>>()?,
                inspectors: self
                    .conn
                    .prepare("SELECT uuid, name FROM inspectors ORDER BY uuid")?
                    .query_map([], inspector_record)?
                    .collect::<rusqlite::Result<_>>()?,
                templates: self
                    .conn
                    .prepare(&format!(
                        "SELECT {TEMPLATE_RECORD} FROM templates ORDER BY hash"
                    ))?
                    .query_map([], template_record)?
                    .collect::<rusqlite::Result<_>>()?,
            })
        })
    }

    /// The audit entries about halls and submitted inspections of this database with their
    /// hall, after audit row `after` (by row id), and the last row id.
    pub fn audit_since(&self, after: i64) -> Result<(Vec<(String, AuditRecord)>, i64)> {
        self.named(|| {
            let mut stmt = self.conn.prepare(
                "SELECT a.id, a.at, a.action, a.entity, a.entity_uuid, a.detail,
                        coalesce(h.uuid, hi.uuid, hs.uuid)
                 FROM audit_log a
                 LEFT JOIN halls h ON h.uuid = a.entity_uuid
                 LEFT JOIN staff s ON s.uuid = a.entity_uuid
                 LEFT JOIN halls hs ON hs.id = s.hall_id
                 LEFT JOIN inspections i ON i.uuid = a.entity_uuid AND i.status = 'submitted'
                 LEFT JOIN halls hi ON hi.id = i.hall_id
                 WHERE a.id > ?1 ORDER BY a.id",
            )?;
            let mut last = after;
            let mut out = Vec::new();
            let mut rows = stmt.query([after])?;
            while let Some(r) = rows.next()? {
                last = r.get(0)?;
                let hall: Option<String> = r.get(6)?;
                if let Some(hall) = hall {
                    out.push((
                        hall,
                        AuditRecord {
                            at: r.get(1)?,
                            action: r.get(2)?,
                            entity: r.get(3)?,
                            entity_uuid: r.get(4)?,
                            detail: r.get(5)?,
                        },
                    ));
                }
            }
            Ok((out, last))
        })
    }
}
