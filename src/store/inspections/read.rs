//! Reading inspections: one whole (header, snapshots, answers, photos, sign-off), drafts, the hall's
//! last results, and the History lists (count, pages, ids) by filter and sort.

use std::collections::HashMap;

use rusqlite::{Row, ToSql, params_from_iter};

use crate::domain::{Points, Rating, SignerRole, Status, Template};
use crate::store::{Result, Store, StoreError, optional};

use super::{
    AttachmentMeta, DraftSummary, InspectionDetail, InspectionFilter, InspectionHeader,
    InspectionRow, LastResult, RECENT_NOTES_INSPECTIONS, RECENT_NOTES_PER_ITEM, ResultRow, SortKey,
    StaffName, kind_of, outcome_of, parse_date, read_sign_off, shift_of, status_of,
};

const HEADER_SELECT: &str =
    "SELECT i.id, i.uuid, i.hall_id, h.name, p.name, i.inspected_on, i.shift,
        i.status, i.started_at, i.utc_offset_min, i.submitted_at, i.score, i.rating, i.veto,
        i.template_ids, i.kind, i.amendments
    FROM inspections i JOIN halls h ON h.id = i.hall_id JOIN inspectors p ON p.id = i.inspector_id";

fn header_from_row(r: &Row) -> rusqlite::Result<InspectionHeader> {
    Ok(InspectionHeader {
        id: r.get(0)?,
        uuid: r.get(1)?,
        hall_id: r.get(2)?,
        hall_name: r.get(3)?,
        inspector: r.get(4)?,
        date: parse_date(&r.get::<_, String>(5)?)?,
        shift: shift_of(&r.get::<_, String>(6)?)?,
        kind: kind_of(&r.get::<_, String>(15)?)?,
        status: status_of(&r.get::<_, String>(7)?)?,
        started_at: r.get(8)?,
        utc_offset_min: r.get(9)?,
        submitted_at: r.get(10)?,
        score: r.get::<_, Option<i64>>(11)?.map(Points::from_hundredths),
        rating: r
            .get::<_, Option<String>>(12)?
            .and_then(|c| Rating::from_code(&c)),
        veto: r.get(13)?,
        template_ids: r.get(14)?,
        amendments: r.get(16)?,
    })
}

/// SQL `WHERE` text and parameters for a filter (on `inspections i`).
pub(crate) fn filter_sql(filter: &InspectionFilter) -> (String, Vec<Box<dyn ToSql>>) {
    let mut clauses: Vec<&str> = Vec::new();
    let mut params: Vec<Box<dyn ToSql>> = Vec::new();
    if let Some(id) = filter.inspection_id {
        clauses.push("i.id = ?");
        params.push(Box::new(id));
    }
    if let Some(hall) = filter.hall_id {
        clauses.push("i.hall_id = ?");
        params.push(Box::new(hall));
    }
    if let Some(from) = filter.from {
        clauses.push("i.inspected_on >= ?");
        params.push(Box::new(from.format("%Y-%m-%d").to_string()));
    }
    if let Some(to) = filter.to {
        clauses.push("i.inspected_on <= ?");
        params.push(Box::new(to.format("%Y-%m-%d").to_string()));
    }
    if let Some(status) = filter.status {
        clauses.push("i.status = ?");
        params.push(Box::new(status.code()));
    }
    if let Some(rating) = filter.rating {
        clauses.push("i.rating = ?");
        params.push(Box::new(rating.code()));
    }
    if let Some(kind) = filter.kind {
        clauses.push("i.kind = ?");
        params.push(Box::new(kind.code()));
    }
    if let Some(template) = filter.template_id.as_deref().filter(|t| !t.is_empty()) {
        clauses.push("(' ' || i.template_ids || ' ') LIKE ? ESCAPE '\\'");
        params.push(Box::new(format!("% {} %", escape_like(template))));
    }
    if let Some(text) = filter
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        clauses.push(
            "i.id IN (SELECT inspection_id FROM inspection_notes WHERE text LIKE ? ESCAPE '\\')",
        );
        params.push(Box::new(format!("%{}%", escape_like(text))));
    }
    if clauses.is_empty() {
        return (String::new(), params);
    }
    // Each clause takes one parameter: number them, so the clause can sit beside others.
    let sql = clauses
        .iter()
        .enumerate()
        .map(|(n, clause)| clause.replace('?', &format!("?{}", n + 1)))
        .collect::<Vec<_>>()
        .join(" AND ");
    (format!(" WHERE {sql}"), params)
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// A person named in one answer of an inspection.
pub(crate) struct Named {
    /// The answer's template row.
    pub template_row: i64,
    /// The answer's item.
    pub item_id: String,
    /// Who.
    pub staff: StaffName,
    /// Their stable id.
    pub uuid: String,
}

/// Everyone named in the answers of one inspection, by answer (template row, item id), each
/// answer's people in the order named: one query per inspection, whatever its answers.
pub(crate) fn people_named(
    conn: &rusqlite::Connection,
    inspection_id: i64,
) -> rusqlite::Result<Vec<Named>> {
    conn.prepare_cached(
        "SELECT rs.template_row, rs.item_id, rs.staff_id, s.name, s.uuid
         FROM result_staff rs JOIN staff s ON s.id = rs.staff_id
         WHERE rs.inspection_id = ?1
         ORDER BY rs.template_row, rs.item_id, rs.position",
    )?
    .query_map([inspection_id], |r| {
        Ok(Named {
            template_row: r.get(0)?,
            item_id: r.get(1)?,
            staff: StaffName {
                id: r.get(2)?,
                name: r.get(3)?,
            },
            uuid: r.get(4)?,
        })
    })?
    .collect()
}

impl Store {
    /// The header of an inspection.
    pub fn inspection_header(&self, id: i64) -> Result<InspectionHeader> {
        self.named(|| {
            optional(
                self.conn
                    .prepare_cached(&format!("{HEADER_SELECT} WHERE i.id = ?1"))?
                    .query_row([id], header_from_row),
            )?
            .ok_or_else(|| StoreError::NotFound(format!("no inspection with id {id}")))
        })
    }

    /// Finds an inspection by UUID (or a unique prefix of at least 8 characters).
    pub fn inspection_id_by_uuid(&self, uuid: &str) -> Result<i64> {
        self.named(|| {
            let uuid = uuid.trim().to_ascii_lowercase();
            if let Some(id) = optional(self.conn.query_row(
                "SELECT id FROM inspections WHERE uuid = ?1",
                [&uuid],
                |r| r.get(0),
            ))? {
                return Ok(id);
            }
            if uuid.len() >= 8 {
                let mut stmt = self
                    .conn
                    .prepare("SELECT id FROM inspections WHERE uuid LIKE ?1 LIMIT 2")?;
                let ids = stmt
                    .query_map([format!("{}%", escape_like(&uuid))], |r| r.get::<_, i64>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                if ids.len() == 1 {
                    return Ok(ids[0]);
                }
            }
            Err(StoreError::NotFound(format!(
                "no inspection with UUID `{uuid}` (see `hallcheck inspections list`)"
            )))
        })
    }

    /// The whole inspection.
    pub fn inspection(&self, id: i64) -> Result<InspectionDetail> {
        self.inspection_with(id, |row| {
            Ok(Template::clone(&*self.template_snapshot(row)?))
        })
    }

    /// The whole inspection, each snapshot taken from `template` (given its row).
    pub(crate) fn inspection_with<T>(
        &self,
        id: i64,
        mut template: impl FnMut(i64) -> Result<T>,
    ) -> Result<InspectionDetail<T>> {
        self.named(|| {
            let header = self.inspection_header(id)?;
            let mut stmt = self.conn.prepare_cached(
                "SELECT template_row FROM inspection_templates WHERE inspection_id = ?1 ORDER BY position",
            )?;
            let rows = stmt
                .query_map([id], |r| r.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut templates = Vec::with_capacity(rows.len());
            for row in rows {
                templates.push((row, template(row)?));
            }
            // In key order, so the people named below find their answer by a binary search.
            let mut stmt = self.conn.prepare_cached(
                "SELECT r.template_row, r.item_id, r.outcome, r.count, r.deduction, r.note,
                        r.answered_at, r.rate
                 FROM results r WHERE r.inspection_id = ?1 ORDER BY r.template_row, r.item_id",
            )?;
            let mut results = stmt
                .query_map([id], |r| {
                    Ok(ResultRow {
                        template_row: r.get(0)?,
                        item_id: r.get(1)?,
                        outcome: outcome_of(&r.get::<_, String>(2)?)?,
                        count: r.get(3)?,
                        deduction: Points::from_hundredths(r.get(4)?),
                        rate: r.get::<_, Option<i64>>(7)?.map(Points::from_hundredths),
                        note: r.get(5)?,
                        staff: Vec::new(),
                        answered_at: r.get(6)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for named in people_named(&self.conn, id)? {
                let key = (named.template_row, named.item_id.as_str());
                if let Ok(n) = results
                    .binary_search_by(|r| (r.template_row, r.item_id.as_str()).cmp(&key))
                {
                    results[n].staff.push(named.staff);
                }
            }
            let attachments = self.attachments(id)?;
            let sign_off = read_sign_off(&self.conn, id, SignerRole::HallManager)?;
            Ok(InspectionDetail {
                header,
                templates,
                results,
                attachments,
                sign_off,
        })
        })
    }

    pub(crate) fn require_draft(&self, id: i64) -> Result<InspectionHeader> {
        let header = self.inspection_header(id)?;
        if header.status != Status::Draft {
            return Err(StoreError::Submitted { uuid: header.uuid });
        }
        Ok(header)
    }

    /// The photos of an inspection's answers, without bytes (the after-photos of its
    /// rectifications are not among them: see [`Store::rectification`]; a draft's after-photos
    /// of fixes on the spot are, marked [`AttachmentMeta::after_fix`]).
    pub fn attachments(&self, inspection_id: i64) -> Result<Vec<AttachmentMeta>> {
        self.named(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, uuid, template_row, item_id, file_name, mime, sha256, width, height,
                        after_fix
             FROM attachments WHERE inspection_id = ?1 AND rectification_event_id IS NULL ORDER BY id",
            )?;
            let rows = stmt
                .query_map([inspection_id], |r| {
                    Ok(AttachmentMeta {
                        id: r.get(0)?,
                        uuid: r.get(1)?,
                        template_row: r.get(2)?,
                        item_id: r.get(3)?,
                        file_name: r.get(4)?,
                        mime: r.get(5)?,
                        sha256: r.get(6)?,
                        width: r.get(7)?,
                        height: r.get(8)?,
                        after_fix: r.get(9)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// The bytes of a photo.
    pub fn attachment_bytes(&self, attachment_id: i64) -> Result<Vec<u8>> {
        self.named(|| {
            optional(self.conn.query_row(
                "SELECT bytes FROM attachments WHERE id = ?1",
                [attachment_id],
                |r| r.get(0),
            ))?
            .ok_or_else(|| StoreError::NotFound(format!("no photo with id {attachment_id}")))
        })
    }

    /// Open drafts, newest first.
    pub fn drafts(&self) -> Result<Vec<DraftSummary>> {
        self.named(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT i.id, i.uuid, i.hall_id, h.name, p.name, i.inspected_on, i.shift, i.template_ids,
                        (SELECT count(*) FROM results r WHERE r.inspection_id = i.id), i.kind
                 FROM inspections i JOIN halls h ON h.id = i.hall_id JOIN inspectors p ON p.id = i.inspector_id
                 WHERE i.status = 'draft' ORDER BY i.inspected_on DESC, i.id DESC",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    Ok(DraftSummary {
                        id: r.get(0)?,
                        uuid: r.get(1)?,
                        hall_id: r.get(2)?,
                        hall_name: r.get(3)?,
                        inspector: r.get(4)?,
                        date: parse_date(&r.get::<_, String>(5)?)?,
                        shift: shift_of(&r.get::<_, String>(6)?)?,
                        kind: kind_of(&r.get::<_, String>(9)?)?,
                        template_ids: r.get(7)?,
                        answered: r.get(8)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// For each template id, the answers of the latest submitted inspection of the hall that used
    /// it (other than `exclude`), keyed by (template id, item id).
    pub fn last_results(
        &self,
        hall_id: i64,
        template_ids: &[&str],
        exclude: Option<i64>,
    ) -> Result<HashMap<(String, String), LastResult>> {
        self.named(|| {
            let mut out = HashMap::new();
            let mut find = self.conn.prepare_cached(
                "SELECT i.id, i.inspected_on, it.template_row FROM inspections i
                 JOIN inspection_templates it ON it.inspection_id = i.id
                 JOIN templates t ON t.id = it.template_row
                 WHERE i.hall_id = ?1 AND i.status = 'submitted' AND t.template_id = ?2 AND i.id != ?3
                 ORDER BY i.inspected_on DESC, i.id DESC LIMIT 1",
            )?;
            let mut answers = self.conn.prepare_cached(
                "SELECT item_id, outcome, count, note FROM results WHERE inspection_id = ?1 AND template_row = ?2",
            )?;
            for template_id in template_ids {
                let found = optional(find.query_row(
                    (hall_id, template_id, exclude.unwrap_or(-1)),
                    |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, i64>(2)?,
                        ))
                    },
                ))?;
                let Some((inspection, date, row)) = found else {
                    continue;
                };
                let date = parse_date(&date)?;
                let rows = answers
                    .query_map((inspection, row), |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            outcome_of(&r.get::<_, String>(1)?)?,
                            r.get::<_, u32>(2)?,
                            r.get::<_, String>(3)?,
                        ))
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                for (item, outcome, count, note) in rows {
                    out.insert(
                        (template_id.to_string(), item),
                        LastResult {
                            date,
                            outcome,
                            count,
                            note,
                        },
                    );
                }
            }
            Ok(out)
        })
    }

    /// The hall's recent reasons for failing each item: for each (template id, item id), up to
    /// [`RECENT_NOTES_PER_ITEM`] distinct notes, newest first, from its last
    /// [`RECENT_NOTES_INSPECTIONS`] submitted inspections (other than `exclude`).
    pub fn recent_notes(
        &self,
        hall_id: i64,
        exclude: Option<i64>,
    ) -> Result<HashMap<(String, String), Vec<String>>> {
        self.named(|| {
            let mut query = self.conn.prepare_cached(
                "WITH recent AS (
                     SELECT id, inspected_on FROM inspections
                     WHERE hall_id = ?1 AND status = 'submitted' AND id != ?2
                     ORDER BY inspected_on DESC, id DESC LIMIT ?3)
                 SELECT t.template_id, r.item_id, r.note FROM recent
                 JOIN results r ON r.inspection_id = recent.id
                 JOIN templates t ON t.id = r.template_row
                 WHERE r.outcome = 'fail' AND r.note != ''
                 ORDER BY recent.inspected_on DESC, recent.id DESC",
            )?;
            let rows = query.query_map(
                (hall_id, exclude.unwrap_or(-1), RECENT_NOTES_INSPECTIONS),
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                },
            )?;
            let mut out: HashMap<(String, String), Vec<String>> = HashMap::new();
            for row in rows {
                let (template_id, item_id, note) = row?;
                let note = note.trim();
                let notes = out.entry((template_id, item_id)).or_default();
                if notes.len() < RECENT_NOTES_PER_ITEM
                    && !note.is_empty()
                    && !notes.iter().any(|n| n == note)
                {
                    notes.push(note.to_owned());
                }
            }
            Ok(out)
        })
    }

    /// How many inspections match a filter.
    pub fn count_inspections(&self, filter: &InspectionFilter) -> Result<i64> {
        self.named(|| {
            let (clause, params) = filter_sql(filter);
            let sql = format!("SELECT count(*) FROM inspections i{clause}");
            let mut stmt = self.conn.prepare_cached(&sql)?;
            Ok(stmt.query_row(params_from_iter(params.iter()), |r| r.get(0))?)
        })
    }

    /// One page of inspections matching a filter, sorted.
    pub fn list_inspections(
        &self,
        filter: &InspectionFilter,
        sort: SortKey,
        descending: bool,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<InspectionRow>> {
        self.named(|| {
            let (clause, params) = filter_sql(filter);
            let (inner_from, order) = list_order(sort, descending);
            // The page is chosen on ids first, joining only what the order needs, so skipping to a
            // deep offset steps through an index instead of building every skipped row.
            let sql = format!(
                "{LIST_SELECT}
             FROM (SELECT i.id AS page_id FROM {inner_from}{clause} ORDER BY {order}
                   LIMIT {limit} OFFSET {offset}) page
             JOIN inspections i ON i.id = page.page_id
             JOIN halls h ON h.id = i.hall_id JOIN inspectors p ON p.id = i.inspector_id
             ORDER BY {order}",
                limit = limit.max(0),
                offset = offset.max(0)
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt
                .query_map(params_from_iter(params.iter()), list_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// The ids of every inspection matching a filter, in the order of the sort: a costly
    /// filter (text in notes) is worked out once, then pages are read by id.
    pub fn inspection_ids(
        &self,
        filter: &InspectionFilter,
        sort: SortKey,
        descending: bool,
    ) -> Result<Vec<i64>> {
        self.named(|| {
            let (clause, params) = filter_sql(filter);
            let (inner_from, order) = list_order(sort, descending);
            let sql = format!("SELECT i.id FROM {inner_from}{clause} ORDER BY {order}");
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let ids = stmt
                .query_map(params_from_iter(params.iter()), |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            Ok(ids)
        })
    }

    /// The list rows of the given inspections, in the order given; ids that no longer exist
    /// are left out.
    pub fn inspection_rows(&self, ids: &[i64]) -> Result<Vec<InspectionRow>> {
        self.named(|| {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            let sql = format!(
                "{LIST_SELECT}
             FROM inspections i
             JOIN halls h ON h.id = i.hall_id JOIN inspectors p ON p.id = i.inspector_id
             WHERE i.id IN ({list})"
            );
            let mut stmt = self.conn.prepare(&sql)?;
            let mut found: HashMap<i64, InspectionRow> = stmt
                .query_map([], list_row)?
                .map(|row| row.map(|row| (row.id, row)))
                .collect::<rusqlite::Result<_>>()?;
            Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
        })
    }
}

/// The columns of a list row; [`list_row`] reads them.
const LIST_SELECT: &str =
    "SELECT i.id, i.uuid, h.name, coalesce(h.code, CAST(h.id AS TEXT)), i.inspected_on, i.shift,
            p.name, i.template_ids, i.score, i.rating, i.veto, i.status, i.kind, i.amendments";

fn list_row(r: &Row) -> rusqlite::Result<InspectionRow> {
    Ok(InspectionRow {
        id: r.get(0)?,
        uuid: r.get(1)?,
        hall_name: r.get(2)?,
        hall_key: r.get(3)?,
        date: parse_date(&r.get::<_, String>(4)?)?,
        shift: shift_of(&r.get::<_, String>(5)?)?,
        kind: kind_of(&r.get::<_, String>(12)?)?,
        inspector: r.get(6)?,
        template_ids: r.get(7)?,
        score: r.get::<_, Option<i64>>(8)?.map(Points::from_hundredths),
        rating: r
            .get::<_, Option<String>>(9)?
            .and_then(|c| Rating::from_code(&c)),
        veto: r.get(10)?,
        status: status_of(&r.get::<_, String>(11)?)?,
        amendments: r.get(13)?,
    })
}

/// The tables a sort needs beside `inspections i`, and its `ORDER BY`. Ties fall to the hall
/// or inspector id, then the day and the inspection id, so the order is total and each sort
/// reads in index order (`halls_name`, `inspections_rank_day`, …) without sorting it all.
fn list_order(sort: SortKey, descending: bool) -> (&'static str, String) {
    let dir = if descending { "DESC" } else { "ASC" };
    match sort {
        SortKey::Date => ("inspections i", format!("i.inspected_on {dir}, i.id {dir}")),
        SortKey::Hall => (
            "inspections i JOIN halls h ON h.id = i.hall_id",
            format!("h.name {dir}, h.id {dir}, i.inspected_on {dir}, i.id {dir}"),
        ),
        // A veto makes an inspection 不合格 whatever its points: it ranks below all others.
        SortKey::Score => (
            "inspections i",
            format!("(i.score - i.veto * 1000000) {dir}, i.inspected_on {dir}, i.id {dir}"),
        ),
        SortKey::Inspector => (
            "inspections i JOIN inspectors p ON p.id = i.inspector_id",
            format!("p.name {dir}, p.id {dir}, i.inspected_on {dir}, i.id {dir}"),
        ),
    }
}
