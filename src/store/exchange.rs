//! Whole records for moving data between PCs: read in the form a JSON export carries, and
//! merged back by UUID in one transaction, record by record ([`Merge`]).
//!
//! Every reference is by UUID (halls, staff, inspectors) or by content hash (template
//! snapshots), never by row id, so a record reads the same from any database. Points are
//! integers in hundredths, as stored.

mod merge;

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params_from_iter};
use serde::{Deserialize, Serialize};

use crate::store::inspections::{filter_sql, parse_date, people_named};
use crate::store::{InspectionFilter, Result, Store, StoreError};

pub use merge::{Merge, Merged};

/// A hall as exchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallRecord {
    /// Stable id.
    pub uuid: String,
    /// Short code, if any.
    pub code: Option<String>,
    /// Name.
    pub name: String,
    /// Archived.
    pub archived: bool,
    /// When created (UTC, RFC 3339).
    pub created_at: String,
}

/// A staff member as exchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRecord {
    /// Stable id.
    pub uuid: String,
    /// Their hall.
    pub hall_uuid: String,
    /// Name.
    pub name: String,
    /// 工号, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// No longer on the roster.
    pub archived: bool,
}

/// An inspector as exchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectorRecord {
    /// Stable id.
    pub uuid: String,
    /// Name (unique per database: an import reuses a local inspector of the same name).
    pub name: String,
}

/// A template snapshot as exchanged: the exact stored JSON and its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRecord {
    /// SHA-256 (hex) of `snapshot`.
    pub hash: String,
    /// Template id.
    pub template_id: String,
    /// Template version.
    pub version: u32,
    /// Area code.
    pub area: String,
    /// The snapshot JSON exactly as stored.
    pub snapshot: String,
}

/// One area's stored score within an inspection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaRecord {
    /// Template snapshot hash.
    pub template_hash: String,
    /// Area code.
    pub area: String,
    /// Cap (hundredths).
    pub cap: i64,
    /// Cap after N/A scaling (hundredths).
    pub effective_cap: i64,
    /// Deductions before the cap (hundredths).
    pub deducted: i64,
    /// Points earned (hundredths).
    pub earned: i64,
    /// A veto item failed.
    pub veto: bool,
}

/// One answer as exchanged.
///
/// The people named are `staff_uuids`, in order; `staff_uuid` repeats the first of them for
/// readers of files written before an answer could name several (`staff_uuids` is left out
/// when nobody is named). Read from a file, either alone gives both: an older file's
/// `staff_uuid` is its one person, and a file with `staff_uuids` only gets its first as
/// `staff_uuid`. A file with both keeps them as written, and an import refuses it unless
/// `staff_uuid` is the first of `staff_uuids`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "ResultWire")]
pub struct ResultRecord {
    /// Template snapshot hash.
    pub template_hash: String,
    /// Item id.
    pub item_id: String,
    /// `pass`, `fail` or `na`.
    pub outcome: String,
    /// Places or person-times.
    pub count: u32,
    /// Deduction (hundredths).
    pub deduction: i64,
    /// Reason or remark.
    pub note: String,
    /// The first staff member named.
    pub staff_uuid: Option<String>,
    /// Every staff member named, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub staff_uuids: Vec<String>,
    /// When answered (UTC).
    pub answered_at: String,
}

impl ResultRecord {
    /// The people named, in order: `staff_uuids`, or `staff_uuid` alone when that is all
    /// the record has.
    pub fn people(&self) -> &[String] {
        if self.staff_uuids.is_empty() {
            self.staff_uuid.as_slice()
        } else {
            &self.staff_uuids
        }
    }
}

/// A [`ResultRecord`] as a file has it, before `staff_uuid` and `staff_uuids` fill each other.
#[derive(Deserialize)]
struct ResultWire {
    template_hash: String,
    item_id: String,
    outcome: String,
    count: u32,
    deduction: i64,
    note: String,
    staff_uuid: Option<String>,
    #[serde(default)]
    staff_uuids: Vec<String>,
    answered_at: String,
}

impl From<ResultWire> for ResultRecord {
    fn from(w: ResultWire) -> ResultRecord {
        let (staff_uuid, staff_uuids) = match (w.staff_uuid, w.staff_uuids) {
            (Some(one), none) if none.is_empty() => (Some(one.clone()), vec![one]),
            (None, all) => (all.first().cloned(), all),
            both => both,
        };
        ResultRecord {
            template_hash: w.template_hash,
            item_id: w.item_id,
            outcome: w.outcome,
            count: w.count,
            deduction: w.deduction,
            note: w.note,
            staff_uuid,
            staff_uuids,
            answered_at: w.answered_at,
        }
    }
}

/// A photo as exchanged, bytes included (base64 in JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentRecord {
    /// Stable id.
    pub uuid: String,
    /// Template snapshot hash.
    pub template_hash: String,
    /// Item id.
    pub item_id: String,
    /// Original file name.
    pub file_name: String,
    /// MIME type.
    pub mime: String,
    /// SHA-256 (hex) of the bytes.
    pub sha256: String,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// When added (UTC).
    pub created_at: String,
    /// The image bytes.
    #[serde(with = "base64_bytes")]
    pub data: Vec<u8>,
}

/// A rectification (整改) as exchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RectificationRecord {
    /// Stable id.
    pub uuid: String,
    /// Template snapshot hash.
    pub template_hash: String,
    /// Item id.
    pub item_id: String,
    /// Who fixes it.
    pub owner: String,
    /// Due day.
    pub due_on: Option<String>,
    /// `open` or `done`.
    pub status: String,
    /// When closed.
    pub closed_at: Option<String>,
    /// Remark.
    pub note: String,
}

/// A whole inspection as exchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectionRecord {
    /// Stable id.
    pub uuid: String,
    /// Hall.
    pub hall_uuid: String,
    /// Inspector.
    pub inspector_uuid: String,
    /// Local calendar day.
    pub inspected_on: NaiveDate,
    /// Shift code.
    pub shift: String,
    /// Start (UTC, RFC 3339).
    pub started_at: String,
    /// Local offset at the start, minutes east of UTC.
    pub utc_offset_min: i32,
    /// Submit instant (UTC), once submitted.
    pub submitted_at: Option<String>,
    /// `draft` or `submitted`.
    pub status: String,
    /// Score out of 100 (hundredths).
    pub score: Option<i64>,
    /// Points earned (hundredths).
    pub earned: Option<i64>,
    /// Points possible (hundredths).
    pub possible: Option<i64>,
    /// Rating code.
    pub rating: Option<String>,
    /// A veto item failed.
    pub veto: bool,
    /// Template ids, space-separated.
    pub template_ids: String,
    /// The inspection's note.
    pub note: String,
    /// Template snapshot hashes in walking order.
    pub templates: Vec<String>,
    /// Stored area scores (submitted inspections).
    pub areas: Vec<AreaRecord>,
    /// Answers, in template order then item id.
    pub results: Vec<ResultRecord>,
    /// Photos.
    pub attachments: Vec<AttachmentRecord>,
    /// Rectifications.
    pub rectifications: Vec<RectificationRecord>,
}

/// An audit log entry as exchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// When (UTC).
    pub at: String,
    /// What was done.
    pub action: String,
    /// To what kind of record.
    pub entity: String,
    /// Which record.
    pub entity_uuid: String,
    /// Detail.
    pub detail: String,
}

/// Everything an export carries besides the inspections themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExchangeContext {
    /// Halls of the inspections.
    pub halls: Vec<HallRecord>,
    /// Their staff.
    pub staff: Vec<StaffRecord>,
    /// The inspectors.
    pub inspectors: Vec<InspectorRecord>,
    /// The template snapshots used.
    pub templates: Vec<TemplateRecord>,
    /// Audit entries about the halls and inspections.
    pub audit: Vec<AuditRecord>,
}

/// How many records of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MergeCounts {
    /// Halls.
    pub halls: u64,
    /// Staff.
    pub staff: u64,
    /// Inspectors.
    pub inspectors: u64,
    /// Template snapshots.
    pub templates: u64,
    /// Inspections.
    pub inspections: u64,
    /// Photos (inside added inspections).
    pub photos: u64,
    /// Audit entries.
    pub audit: u64,
}

/// A record an import did not take, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// Kind of record.
    pub entity: String,
    /// Its UUID.
    pub uuid: String,
    /// Why.
    pub reason: String,
}

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MergeReport {
    /// New records written.
    pub added: MergeCounts,
    /// Records that were already here, identical.
    pub present: MergeCounts,
    /// Records not taken (the local copy was kept).
    pub rejected: Vec<Rejected>,
    /// Notes such as a hall code that had to change.
    pub notes: Vec<String>,
}

/// Serde helper: bytes as standard base64 text.
pub mod base64_bytes {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes bytes as base64.
    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    /// Reads base64 into bytes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD
            .decode(text.as_bytes())
            .map_err(|e| serde::de::Error::custom(format!("not valid base64: {e}")))
    }
}

impl Store {
    /// Row ids of the inspections a filter selects, by day, hall name and id.
    pub fn exchange_inspection_ids(&self, filter: &InspectionFilter) -> Result<Vec<i64>> {
        let (clause, params) = filter_sql(filter);
        let sql = format!(
            "SELECT i.id FROM inspections i JOIN halls h ON h.id = i.hall_id{clause}
             ORDER BY i.inspected_on, h.name, i.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let ids = stmt
            .query_map(params_from_iter(params.iter()), |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok(ids)
    }

    /// The inspection's own note (not part of [`crate::store::InspectionHeader`]).
    pub fn inspection_note(&self, id: i64) -> Result<String> {
        self.conn
            .query_row("SELECT note FROM inspections WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("no inspection with id {id}")))
    }

    /// The halls, staff, inspectors, template snapshots and audit entries the given
    /// inspections refer to, each sorted by UUID (hash for templates).
    pub fn exchange_context(&self, inspection_ids: &[i64]) -> Result<ExchangeContext> {
        let mut hall_ids = BTreeSet::new();
        let mut inspector_ids = BTreeSet::new();
        let mut template_rows = BTreeSet::new();
        let mut inspection_uuids = Vec::new();
        {
            let mut one = self.conn.prepare_cached(
                "SELECT hall_id, inspector_id, uuid FROM inspections WHERE id = ?1",
            )?;
            let mut rows = self.conn.prepare_cached(
                "SELECT template_row FROM inspection_templates WHERE inspection_id = ?1",
            )?;
            for id in inspection_ids {
                let (hall, inspector, uuid): (i64, i64, String) =
                    one.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                hall_ids.insert(hall);
                inspector_ids.insert(inspector);
                inspection_uuids.push(uuid);
                for row in rows.query_map([id], |r| r.get::<_, i64>(0))? {
                    template_rows.insert(row?);
                }
            }
        }
        let mut ctx = ExchangeContext::default();
        let mut hall_uuids = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT uuid, code, name, archived, created_at FROM halls WHERE id = ?1",
            )?;
            let mut staff = self.conn.prepare_cached(
                "SELECT s.uuid, h.uuid, s.name, s.archived, s.code FROM staff s JOIN halls h ON h.id = s.hall_id
                 WHERE s.hall_id = ?1",
            )?;
            for id in &hall_ids {
                let hall = stmt.query_row([id], |r| {
                    Ok(HallRecord {
                        uuid: r.get(0)?,
                        code: r.get(1)?,
                        name: r.get(2)?,
                        archived: r.get(3)?,
                        created_at: r.get(4)?,
                    })
                })?;
                hall_uuids.push(hall.uuid.clone());
                ctx.halls.push(hall);
                for s in staff.query_map([id], |r| {
                    Ok(StaffRecord {
                        uuid: r.get(0)?,
                        hall_uuid: r.get(1)?,
                        name: r.get(2)?,
                        code: r.get(4)?,
                        archived: r.get(3)?,
                    })
                })? {
                    ctx.staff.push(s?);
                }
            }
        }
        {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT uuid, name FROM inspectors WHERE id = ?1")?;
            for id in &inspector_ids {
                ctx.inspectors.push(stmt.query_row([id], |r| {
                    Ok(InspectorRecord {
                        uuid: r.get(0)?,
                        name: r.get(1)?,
                    })
                })?);
            }
        }
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT hash, template_id, version, area, snapshot FROM templates WHERE id = ?1",
            )?;
            for row in &template_rows {
                ctx.templates.push(stmt.query_row([row], |r| {
                    Ok(TemplateRecord {
                        hash: r.get(0)?,
                        template_id: r.get(1)?,
                        version: r.get(2)?,
                        area: r.get(3)?,
                        snapshot: r.get(4)?,
                    })
                })?);
            }
        }
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT at, action, entity, entity_uuid, detail FROM audit_log WHERE entity_uuid = ?1 ORDER BY id",
            )?;
            for uuid in hall_uuids.iter().chain(&inspection_uuids) {
                for entry in stmt.query_map([uuid], |r| {
                    Ok(AuditRecord {
                        at: r.get(0)?,
                        action: r.get(1)?,
                        entity: r.get(2)?,
                        entity_uuid: r.get(3)?,
                        detail: r.get(4)?,
                    })
                })? {
                    ctx.audit.push(entry?);
                }
            }
        }
        ctx.halls.sort_by(|a, b| a.uuid.cmp(&b.uuid));
        ctx.staff.sort_by(|a, b| a.uuid.cmp(&b.uuid));
        ctx.inspectors.sort_by(|a, b| a.uuid.cmp(&b.uuid));
        ctx.templates.sort_by(|a, b| a.hash.cmp(&b.hash));
        Ok(ctx)
    }

    /// One inspection in exchange form, photos included.
    pub fn exchange_inspection(&self, id: i64) -> Result<InspectionRecord> {
        read_inspection(&self.conn, id)
    }
}

/// One inspection as a whole record, in exchange terms (UUIDs and snapshot hashes).
fn read_inspection(conn: &rusqlite::Connection, id: i64) -> Result<InspectionRecord> {
    let mut record = conn
        .query_row(
            "SELECT i.uuid, h.uuid, p.uuid, i.inspected_on, i.shift, i.started_at, i.utc_offset_min,
                    i.submitted_at, i.status, i.score, i.earned, i.possible, i.rating, i.veto,
                    i.template_ids, i.note
             FROM inspections i JOIN halls h ON h.id = i.hall_id JOIN inspectors p ON p.id = i.inspector_id
             WHERE i.id = ?1",
            [id],
            |r| {
                let inspected_on = parse_date(&r.get::<_, String>(3)?)?;
                Ok(InspectionRecord {
                    uuid: r.get(0)?,
                    hall_uuid: r.get(1)?,
                    inspector_uuid: r.get(2)?,
                    inspected_on,
                    shift: r.get(4)?,
                    started_at: r.get(5)?,
                    utc_offset_min: r.get(6)?,
                    submitted_at: r.get(7)?,
                    status: r.get(8)?,
                    score: r.get(9)?,
                    earned: r.get(10)?,
                    possible: r.get(11)?,
                    rating: r.get(12)?,
                    veto: r.get(13)?,
                    template_ids: r.get(14)?,
                    note: r.get(15)?,
                    templates: Vec::new(),
                    areas: Vec::new(),
                    results: Vec::new(),
                    attachments: Vec::new(),
                    rectifications: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("no inspection with id {id}")))?;
    let mut hashes: HashMap<i64, (usize, String)> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT it.template_row, t.hash FROM inspection_templates it JOIN templates t ON t.id = it.template_row
             WHERE it.inspection_id = ?1 ORDER BY it.position",
        )?;
        let rows = stmt
            .query_map([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (position, (row, hash)) in rows.into_iter().enumerate() {
            record.templates.push(hash.clone());
            hashes.insert(row, (position, hash));
        }
    }
    let hash_of = |row: i64| -> rusqlite::Result<(usize, String)> {
        hashes.get(&row).cloned().ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Integer,
                format!("template row {row} is not part of inspection {id}").into(),
            )
        })
    };
    {
        let mut stmt = conn.prepare_cached(
            "SELECT template_row, area, cap, effective_cap, deducted, earned, veto
             FROM inspection_areas WHERE inspection_id = ?1",
        )?;
        let mut areas = stmt
            .query_map([id], |r| {
                let (position, template_hash) = hash_of(r.get(0)?)?;
                Ok((
                    position,
                    AreaRecord {
                        template_hash,
                        area: r.get(1)?,
                        cap: r.get(2)?,
                        effective_cap: r.get(3)?,
                        deducted: r.get(4)?,
                        earned: r.get(5)?,
                        veto: r.get(6)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        areas.sort_by_key(|a| a.0);
        record.areas = areas.into_iter().map(|(_, a)| a).collect();
    }
    {
        let mut stmt = conn.prepare_cached(
            "SELECT r.template_row, r.item_id, r.outcome, r.count, r.deduction, r.note, r.answered_at
             FROM results r WHERE r.inspection_id = ?1 ORDER BY r.template_row, r.item_id",
        )?;
        let mut results = stmt
            .query_map([id], |r| {
                let row: i64 = r.get(0)?;
                let (position, template_hash) = hash_of(row)?;
                Ok((
                    (position, row),
                    ResultRecord {
                        template_hash,
                        item_id: r.get(1)?,
                        outcome: r.get(2)?,
                        count: r.get(3)?,
                        deduction: r.get(4)?,
                        note: r.get(5)?,
                        staff_uuid: None,
                        staff_uuids: Vec::new(),
                        answered_at: r.get(6)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // The people named, each to their answer (found by a binary search: both in key order).
        for named in people_named(conn, id)? {
            let key = (named.template_row, named.item_id.as_str());
            if let Ok(n) =
                results.binary_search_by(|((_, row), r)| (*row, r.item_id.as_str()).cmp(&key))
            {
                let result = &mut results[n].1;
                result.staff_uuid.get_or_insert_with(|| named.uuid.clone());
                result.staff_uuids.push(named.uuid);
            }
        }
        results.sort_by(|a, b| (a.0.0, &a.1.item_id).cmp(&(b.0.0, &b.1.item_id)));
        record.results = results.into_iter().map(|(_, r)| r).collect();
    }
    {
        let mut stmt = conn.prepare_cached(
            "SELECT uuid, template_row, item_id, file_name, mime, sha256, width, height, created_at, bytes
             FROM attachments WHERE inspection_id = ?1",
        )?;
        let mut photos = stmt
            .query_map([id], |r| {
                Ok(AttachmentRecord {
                    uuid: r.get(0)?,
                    template_hash: hash_of(r.get(1)?)?.1,
                    item_id: r.get(2)?,
                    file_name: r.get(3)?,
                    mime: r.get(4)?,
                    sha256: r.get(5)?,
                    width: r.get(6)?,
                    height: r.get(7)?,
                    created_at: r.get(8)?,
                    data: r.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        photos.sort_by(|a, b| (&a.created_at, &a.uuid).cmp(&(&b.created_at, &b.uuid)));
        record.attachments = photos;
    }
    {
        let mut stmt = conn.prepare_cached(
            "SELECT uuid, template_row, item_id, owner, due_on, status, closed_at, note
             FROM rectifications WHERE inspection_id = ?1",
        )?;
        let mut fixes = stmt
            .query_map([id], |r| {
                Ok(RectificationRecord {
                    uuid: r.get(0)?,
                    template_hash: hash_of(r.get(1)?)?.1,
                    item_id: r.get(2)?,
                    owner: r.get(3)?,
                    due_on: r.get(4)?,
                    status: r.get(5)?,
                    closed_at: r.get(6)?,
                    note: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        fixes.sort_by(|a, b| a.uuid.cmp(&b.uuid));
        record.rectifications = fixes;
    }
    Ok(record)
}
