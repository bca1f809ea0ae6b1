//! Reading whole records for an export: the inspections a filter selects, the halls, staff,
//! inspectors, snapshots and audit entries they refer to, and each inspection in full.

use std::collections::{BTreeSet, HashMap};

use rusqlite::{OptionalExtension, params_from_iter};

use crate::domain::SignerRole;
use crate::store::inspections::{filter_sql, parse_date, people_named, read_sign_off};
use crate::store::{InspectionFilter, Result, Store, StoreError};

use super::{
    AreaRecord, AttachmentRecord, AuditRecord, ExchangeContext, HallRecord, InspectionRecord,
    InspectorRecord, RectificationEventRecord, RectificationRecord, ResultRecord, SignOffRecord,
    StaffRecord, TemplateRecord,
};

/// The columns [`hall_record`] reads, of `halls h`.
pub(crate) const HALL_RECORD: &str = "h.uuid, h.code, h.name, h.archived, h.created_at,
    (SELECT max(a.at) FROM audit_log a WHERE a.entity = 'hall' AND a.action = 'rename'
     AND a.entity_uuid = h.uuid),
    (SELECT max(a.at) FROM audit_log a WHERE a.entity = 'hall'
     AND a.action IN ('archive', 'restore') AND a.entity_uuid = h.uuid)";
/// The columns [`staff_record`] reads, of `staff s JOIN halls h`.
pub(crate) const STAFF_RECORD: &str = "s.uuid, h.uuid, s.name, s.archived, s.code,
    (SELECT max(a.at) FROM audit_log a WHERE a.entity = 'staff'
     AND a.action IN ('archive', 'restore') AND a.entity_uuid = s.uuid)";
/// The columns [`template_record`] reads.
pub(crate) const TEMPLATE_RECORD: &str = "hash, template_id, version, area, snapshot";

/// A hall as exchanged, from [`HALL_RECORD`].
pub(crate) fn hall_record(r: &rusqlite::Row<'_>) -> rusqlite::Result<HallRecord> {
    Ok(HallRecord {
        uuid: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        archived: r.get(3)?,
        created_at: r.get(4)?,
        renamed_at: r.get(5)?,
        archived_at: r.get(6)?,
    })
}

/// A staff member as exchanged, from [`STAFF_RECORD`].
pub(crate) fn staff_record(r: &rusqlite::Row<'_>) -> rusqlite::Result<StaffRecord> {
    Ok(StaffRecord {
        uuid: r.get(0)?,
        hall_uuid: r.get(1)?,
        name: r.get(2)?,
        archived: r.get(3)?,
        code: r.get(4)?,
        archived_at: r.get(5)?,
    })
}

/// An inspector as exchanged, from `uuid, name`.
pub(crate) fn inspector_record(r: &rusqlite::Row<'_>) -> rusqlite::Result<InspectorRecord> {
    Ok(InspectorRecord {
        uuid: r.get(0)?,
        name: r.get(1)?,
    })
}

/// A template snapshot as exchanged, from [`TEMPLATE_RECORD`].
pub(crate) fn template_record(r: &rusqlite::Row<'_>) -> rusqlite::Result<TemplateRecord> {
    Ok(TemplateRecord {
        hash: r.get(0)?,
        template_id: r.get(1)?,
        version: r.get(2)?,
        area: r.get(3)?,
        snapshot: r.get(4)?,
    })
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
            let mut stmt = self
                .conn
                .prepare_cached(&format!("SELECT {HALL_RECORD} FROM halls h WHERE id = ?1"))?;
            let mut staff = self.conn.prepare_cached(&format!(
                "SELECT {STAFF_RECORD} FROM staff s JOIN halls h ON h.id = s.hall_id
                 WHERE s.hall_id = ?1"
            ))?;
            for id in &hall_ids {
                let hall = stmt.query_row([id], hall_record)?;
                hall_uuids.push(hall.uuid.clone());
                ctx.halls.push(hall);
                for s in staff.query_map([id], staff_record)? {
                    ctx.staff.push(s?);
                }
            }
        }
        {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT uuid, name FROM inspectors WHERE id = ?1")?;
            for id in &inspector_ids {
                ctx.inspectors.push(stmt.query_row([id], inspector_record)?);
            }
        }
        {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {TEMPLATE_RECORD} FROM templates WHERE id = ?1"
            ))?;
            for row in &template_rows {
                ctx.templates.push(stmt.query_row([row], template_record)?);
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
        let mut record = read_inspection(&self.conn, id)?;
        record.seal = crate::store::chain::sealed_state(&self.conn, &record.uuid)?;
        Ok(record)
    }
}

/// One inspection as a whole record, in exchange terms (UUIDs and snapshot hashes).
pub(crate) fn read_inspection(conn: &rusqlite::Connection, id: i64) -> Result<InspectionRecord> {
    read_record(conn, id, true)
}

/// [`read_inspection`] without the photos' bytes (each `data` empty; its SHA-256 kept), as the
/// chain of content hashes reads it: sealing and verifying never load an image.
pub(crate) fn read_inspection_unloaded(
    conn: &rusqlite::Connection,
    id: i64,
) -> Result<InspectionRecord> {
    read_record(conn, id, false)
}

fn read_record(
    conn: &rusqlite::Connection,
    id: i64,
    photo_bytes: bool,
) -> Result<InspectionRecord> {
    let mut record = conn
        .query_row(
            "SELECT i.uuid, h.uuid, p.uuid, i.inspected_on, i.shift, i.started_at, i.utc_offset_min,
                    i.submitted_at, i.status, i.score, i.earned, i.possible, i.rating, i.veto,
                    i.template_ids, i.note, i.kind
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
                    kind: r.get(16)?,
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
                    sign_off: None,
                    amendments: Vec::new(),
                    seal: None,
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
    // After-photos by the row of the close they came with.
    let mut after_photos: HashMap<i64, Vec<AttachmentRecord>> = HashMap::new();
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
            "SELECT r.template_row, r.item_id, r.outcome, r.count, r.deduction, r.note, r.answered_at,
                    r.rate, r.fixed_on_spot
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
                        rate: r.get(7)?,
                        note: r.get(5)?,
                        staff_uuid: None,
                        staff_uuids: Vec::new(),
                        answered_at: r.get(6)?,
                        fixed_on_spot: r.get(8)?,
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
            "SELECT uuid, template_row, item_id, file_name, mime, sha256, width, height, created_at,
                    CASE WHEN ?2 THEN bytes ELSE x'' END, rectification_event_id, after_fix
             FROM attachments WHERE inspection_id = ?1",
        )?;
        let mut photos = stmt
            .query_map((id, photo_bytes), |r| {
                Ok((
                    r.get::<_, Option<i64>>(10)?,
                    AttachmentRecord {
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
                        after_fix: r.get(11)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        photos.sort_by(|a, b| (&a.1.created_at, &a.1.uuid).cmp(&(&b.1.created_at, &b.1.uuid)));
        // An after-photo goes with the close it came with.
        for (event, photo) in photos {
            match event {
                None => record.attachments.push(photo),
                Some(event) => after_photos.entry(event).or_default().push(photo),
            }
        }
    }
    {
        let mut stmt = conn.prepare_cached(
            "SELECT id, uuid, template_row, item_id, owner, due_on, status, closed_at, note,
                    created_at, closed_on, accepted_at, repeat_of
             FROM rectifications WHERE inspection_id = ?1",
        )?;
        let mut fixes = stmt
            .query_map([id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    RectificationRecord {
                        uuid: r.get(1)?,
                        template_hash: hash_of(r.get(2)?)?.1,
                        item_id: r.get(3)?,
                        owner: r.get(4)?,
                        due_on: r.get(5)?,
                        status: r.get(6)?,
                        closed_at: r.get(7)?,
                        note: r.get(8)?,
                        created_at: r.get(9)?,
                        closed_on: r.get(10)?,
                        accepted_at: r.get(11)?,
                        repeat_of: r.get(12)?,
                        events: Vec::new(),
                    },
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut events = conn.prepare_cached(
            "SELECT id, uuid, action, from_status, to_status, by_name, at, utc_offset_min, note
             FROM rectification_events WHERE rectification_id = ?1 ORDER BY id",
        )?;
        for (row, fix) in &mut fixes {
            fix.events = events
                .query_map([*row], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        RectificationEventRecord {
                            uuid: r.get(1)?,
                            action: r.get(2)?,
                            from: r.get(3)?,
                            to: r.get(4)?,
                            by: r.get(5)?,
                            at: r.get(6)?,
                            utc_offset_min: r.get(7)?,
                            note: r.get(8)?,
                            photos: Vec::new(),
                        },
                    ))
                })?
                .map(|event| {
                    event.map(|(event_row, mut event)| {
                        event.photos = after_photos.remove(&event_row).unwrap_or_default();
                        event
                    })
                })
                .collect::<rusqlite::Result<Vec<_>>>()?;
        }
        fixes.sort_by(|a, b| a.1.uuid.cmp(&b.1.uuid));
        record.rectifications = fixes.into_iter().map(|(_, fix)| fix).collect();
    }
    record.amendments = crate::store::inspections::read_amendments(conn, id)?
        .iter()
        .map(super::AmendmentRecord::of)
        .collect();
    record.sign_off = read_sign_off(conn, id, SignerRole::HallManager)?.map(|s| SignOffRecord {
        role: s.role.code().to_owned(),
        name: s.name,
        strokes: s.strokes.to_string(),
        signed_at: s.signed_at,
        utc_offset_min: s.utc_offset_min,
    });
    Ok(record)
}
