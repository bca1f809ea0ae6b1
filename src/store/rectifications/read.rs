//! Reading rectifications: the filtered list, one whole, the earlier one a new fail repeats,
//! Today's counts per hall and the rows an on-time rate is worked out from. Overdue and due
//! today are judged on the day the caller passes.

use chrono::NaiveDate;
use rusqlite::{Connection, ToSql};

use crate::domain::{
    InspectionKind, Points, RectificationAction, is_due_today, is_overdue, is_repeat,
};
use crate::store::inspections::{kind_of, parse_date};
use crate::store::{AttachmentMeta, Result, Store, StoreError, optional};

use super::{
    HallRectificationCounts, PriorRectification, RectificationDetail, RectificationEvent,
    RectificationFilter, RectificationOutcome, RectificationRow, action_of, optional_date,
    status_of,
};

/// The latest earlier rectification of `template_id`/`item_id` at `hall_id` that a fail on
/// `day` repeats: found on `day` or before, and still 待整改 or closed within the repeat
/// window.
pub(crate) fn prior_in(
    conn: &Connection,
    hall_id: i64,
    template_id: &str,
    item_id: &str,
    day: NaiveDate,
) -> rusqlite::Result<Option<PriorRectification>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{PRIOR_SQL} AND t.template_id = ?3 AND x.item_id = ?4
         ORDER BY i.inspected_on DESC, x.id DESC"
    ))?;
    let rows = stmt.query_map((hall_id, day.to_string(), template_id, item_id), prior_from)?;
    for prior in rows {
        let prior = prior?;
        if is_repeat(prior.status, prior.closed_on, day) {
            return Ok(Some(prior));
        }
    }
    Ok(None)
}

/// The rectifications of a hall (`?1`) found on a day (`?2`) or before, as [`prior_from`]
/// reads them.
const PRIOR_SQL: &str = "SELECT x.id, x.uuid, t.template_id, x.item_id, i.inspected_on,
        x.status, x.due_on, x.closed_on
     FROM rectifications x
     JOIN inspections i ON i.id = x.inspection_id
     JOIN templates t ON t.id = x.template_row
     WHERE i.hall_id = ?1 AND i.inspected_on <= ?2";

fn prior_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<PriorRectification> {
    Ok(PriorRectification {
        id: r.get(0)?,
        uuid: r.get(1)?,
        template_id: r.get(2)?,
        item_id: r.get(3)?,
        inspected_on: parse_date(&r.get::<_, String>(4)?)?,
        status: status_of(&r.get::<_, String>(5)?)?,
        due_on: parse_date(&r.get::<_, String>(6)?)?,
        closed_on: optional_date(r.get(7)?)?,
    })
}

/// The columns of a list row, in the order [`row_from`] reads them.
const ROW_SQL: &str = "SELECT x.id, x.uuid, x.inspection_id, i.uuid, i.inspected_on, p.name,
        i.hall_id, h.name, coalesce(h.code, CAST(h.id AS TEXT)), x.template_row, t.template_id,
        x.item_id, coalesce(r.deduction, 0), coalesce(r.note, ''), x.owner, x.due_on, x.status,
        x.created_at, x.closed_on, x.accepted_at, x.note, x.repeat_of,
        (SELECT count(*) FROM attachments a
         WHERE a.inspection_id = x.inspection_id AND a.template_row = x.template_row
           AND a.item_id = x.item_id AND a.rectification_event_id IS NULL),
        (SELECT count(*) FROM attachments a JOIN rectification_events e
           ON e.id = a.rectification_event_id
         WHERE e.rectification_id = x.id),
        i.kind, coalesce(ae.by_name, ''), ae.at, ae.utc_offset_min,
        EXISTS (SELECT 1 FROM rectification_events e
                WHERE e.rectification_id = x.id AND e.action = 'fix_on_spot')
     FROM rectifications x
     JOIN inspections i ON i.id = x.inspection_id
     JOIN halls h ON h.id = i.hall_id
     JOIN inspectors p ON p.id = i.inspector_id
     JOIN templates t ON t.id = x.template_row
     LEFT JOIN results r ON r.inspection_id = x.inspection_id
          AND r.template_row = x.template_row AND r.item_id = x.item_id
     LEFT JOIN rectification_events ae ON x.status = 'accepted' AND ae.id =
          (SELECT max(e.id) FROM rectification_events e
           WHERE e.rectification_id = x.id AND e.action IN ('accept', 'fix_on_spot'))";

/// A list row as read, before the item's text and the day's judgement are filled in.
fn row_from(r: &rusqlite::Row<'_>, today: NaiveDate) -> rusqlite::Result<RectificationRow> {
    let status = status_of(&r.get::<_, String>(16)?)?;
    let due_on = parse_date(&r.get::<_, String>(15)?)?;
    Ok(RectificationRow {
        id: r.get(0)?,
        uuid: r.get(1)?,
        inspection_id: r.get(2)?,
        inspection_uuid: r.get(3)?,
        inspected_on: parse_date(&r.get::<_, String>(4)?)?,
        inspector: r.get(5)?,
        kind: kind_of(&r.get::<_, String>(24)?)?,
        hall_id: r.get(6)?,
        hall_name: r.get(7)?,
        hall_key: r.get(8)?,
        template_row: r.get(9)?,
        template_id: r.get(10)?,
        item_id: r.get(11)?,
        item_text: String::new(),
        area: crate::domain::Area::HYGIENE,
        veto: false,
        deduction: Points::from_hundredths(r.get(12)?),
        reason: r.get(13)?,
        owner: r.get(14)?,
        due_on,
        status,
        created_at: r.get(17)?,
        closed_on: optional_date(r.get(18)?)?,
        accepted_at: r.get(19)?,
        accepted_by: r.get(25)?,
        accepted_on: local_day(r.get(26)?, r.get(27)?),
        fixed_on_spot: r.get(28)?,
        note: r.get(20)?,
        repeat_of: r.get(21)?,
        overdue: is_overdue(status, due_on, today),
        due_today: is_due_today(status, due_on, today),
        photos_before: r.get(22)?,
        photos_after: r.get(23)?,
    })
}

/// The local day of a stored instant (UTC, RFC 3339) at the offset it was taken with.
fn local_day(at: Option<String>, utc_offset_min: Option<i32>) -> Option<NaiveDate> {
    let instant = chrono::DateTime::parse_from_rfc3339(&at?).ok()?;
    let offset = chrono::FixedOffset::east_opt(utc_offset_min?.checked_mul(60)?)?;
    Some(instant.with_timezone(&offset).date_naive())
}

/// The photos of an item of an inspection: the answer's own (`event` none) or those of one
/// close.
fn photos(
    conn: &Connection,
    sql_filter: &str,
    params: &[&dyn ToSql],
) -> rusqlite::Result<Vec<AttachmentMeta>> {
    conn.prepare_cached(&format!(
        "SELECT id, uuid, template_row, item_id, file_name, mime, sha256, width, height,
                after_fix
         FROM attachments WHERE {sql_filter} ORDER BY id"
    ))?
    .query_map(params, |r| {
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
    .collect()
}

impl Store {
    /// The rectifications `filter` picks, judged (overdue, due today) on `today`: the
    /// earliest deadline first, then by the day found.
    pub fn rectifications(
        &self,
        filter: &RectificationFilter,
        today: NaiveDate,
    ) -> Result<Vec<RectificationRow>> {
        self.named(|| {
            let mut conditions: Vec<&str> = Vec::new();
            let mut params: Vec<Box<dyn ToSql>> = Vec::new();
            let mut add = |condition: &'static str, value: Box<dyn ToSql>| {
                conditions.push(condition);
                params.push(value);
            };
            if let Some(hall) = filter.hall_id {
                add("i.hall_id = ?", Box::new(hall));
            }
            if let Some(owner) = &filter.owner {
                add("x.owner = ?", Box::new(owner.trim().to_owned()));
            }
            if let Some(status) = filter.status {
                add("x.status = ?", Box::new(status.code()));
            }
            if filter.overdue {
                add(
                    "x.status = 'open' AND x.due_on < ?",
                    Box::new(today.to_string()),
                );
            }
            if filter.due_today {
                add(
                    "x.status = 'open' AND x.due_on = ?",
                    Box::new(today.to_string()),
                );
            }
            if let Some(inspection) = filter.inspection_id {
                add("x.inspection_id = ?", Box::new(inspection));
            }
            if let Some(from) = filter.from {
                add("i.inspected_on >= ?", Box::new(from.to_string()));
            }
            if let Some(to) = filter.to {
                add("i.inspected_on <= ?", Box::new(to.to_string()));
            }
            if filter.repeat {
                conditions.push("x.repeat_of IS NOT NULL");
            }
            let mut sql = String::from(ROW_SQL);
            if !conditions.is_empty() {
                sql.push_str(" WHERE ");
                sql.push_str(&conditions.join(" AND "));
            }
            sql.push_str(" ORDER BY x.due_on, i.inspected_on, x.id");
            let mut stmt = self.conn.prepare(&sql)?;
            let values: Vec<&dyn ToSql> = params.iter().map(|p| p.as_ref()).collect();
            let rows = stmt
                .query_map(values.as_slice(), |r| row_from(r, today))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.into_iter().map(|row| self.with_item(row)).collect()
        })
    }

    /// The rectifications of the inspections `inspection_ids`, judged on `today`: by hall
    /// name, then the day found, the inspection and the order they were opened in (the
    /// checklist's). What an export's 整改台账 lists.
    pub fn rectifications_of_inspections(
        &self,
        inspection_ids: &[i64],
        today: NaiveDate,
    ) -> Result<Vec<RectificationRow>> {
        self.named(|| {
            if inspection_ids.is_empty() {
                return Ok(Vec::new());
            }
            let ids = serde_json::to_string(inspection_ids)
                .map_err(|e| StoreError::Invalid(format!("inspection ids: {e}")))?;
            let rows = self
                .conn
                .prepare_cached(&format!(
                    "{ROW_SQL} WHERE x.inspection_id IN (SELECT value FROM json_each(?1))
                     ORDER BY h.name, h.id, i.inspected_on, i.id, x.id"
                ))?
                .query_map([ids], |r| row_from(r, today))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.into_iter().map(|row| self.with_item(row)).collect()
        })
    }

    /// Fills in the item's text, area and veto from the inspection's snapshot.
    fn with_item(&self, mut row: RectificationRow) -> Result<RectificationRow> {
        let template = self.template_snapshot(row.template_row)?;
        row.area = template.area;
        if let Some(item) = template.item(&row.item_id) {
            row.item_text.clone_from(&item.text);
            row.veto = item.veto;
        }
        Ok(row)
    }

    /// The row id of the rectification with this UUID (or a unique prefix of 8+
    /// characters).
    pub fn rectification_id_by_uuid(&self, uuid: &str) -> Result<i64> {
        self.named(|| {
            let uuid = uuid.trim().to_ascii_lowercase();
            if let Some(id) = optional(self.conn.query_row(
                "SELECT id FROM rectifications WHERE uuid = ?1",
                [&uuid],
                |r| r.get(0),
            ))? {
                return Ok(id);
            }
            if uuid.len() >= 8 && uuid.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
                let mut stmt = self
                    .conn
                    .prepare("SELECT id FROM rectifications WHERE uuid LIKE ?1 LIMIT 2")?;
                let ids = stmt
                    .query_map([format!("{uuid}%")], |r| r.get::<_, i64>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                if let [id] = ids.as_slice() {
                    return Ok(*id);
                }
            }
            Err(StoreError::NotFound(format!(
                "no rectification with UUID `{uuid}` (see `hallcheck rectifications list`)"
            )))
        })
    }

    /// One rectification whole, judged on `today`: its line, its history oldest first, the
    /// answer's photos (before) and those of its latest close or fix on the spot (after).
    pub fn rectification(&self, id: i64, today: NaiveDate) -> Result<RectificationDetail> {
        self.named(|| {
            let row = optional(
                self.conn
                    .prepare_cached(&format!("{ROW_SQL} WHERE x.id = ?1"))?
                    .query_row([id], |r| row_from(r, today)),
            )?
            .ok_or_else(|| StoreError::NotFound(format!("no rectification with id {id}")))?;
            let row = self.with_item(row)?;
            let mut history = self
                .conn
                .prepare_cached(
                    "SELECT id, uuid, action, from_status, to_status, by_name, at,
                            utc_offset_min, note
                     FROM rectification_events WHERE rectification_id = ?1 ORDER BY id",
                )?
                .query_map([id], |r| {
                    Ok(RectificationEvent {
                        id: r.get(0)?,
                        uuid: r.get(1)?,
                        action: action_of(&r.get::<_, String>(2)?)?,
                        from: r
                            .get::<_, Option<String>>(3)?
                            .as_deref()
                            .map(status_of)
                            .transpose()?,
                        to: status_of(&r.get::<_, String>(4)?)?,
                        by: r.get(5)?,
                        at: r.get(6)?,
                        utc_offset_min: r.get(7)?,
                        note: r.get(8)?,
                        photos: Vec::new(),
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for event in &mut history {
                event.photos = photos(
                    &self.conn,
                    "rectification_event_id = ?1",
                    &[&event.id as &dyn ToSql],
                )?;
            }
            let before = photos(
                &self.conn,
                "inspection_id = ?1 AND template_row = ?2 AND item_id = ?3
                 AND rectification_event_id IS NULL",
                &[&row.inspection_id, &row.template_row, &row.item_id],
            )?;
            // The latest close (or fix on the spot), unless a return came after it.
            let after = history
                .iter()
                .rev()
                .take_while(|e| e.action != RectificationAction::Return)
                .find(|e| {
                    matches!(
                        e.action,
                        RectificationAction::Close | RectificationAction::FixOnSpot
                    )
                })
                .map(|e| e.photos.clone())
                .unwrap_or_default();
            Ok(RectificationDetail {
                row,
                history,
                before,
                after,
            })
        })
    }

    /// The earlier rectification of this item (template id and item id, whatever the
    /// template's version) at this hall that a fail on `day` would repeat (重复问题): one
    /// found on `day` or before that is still 待整改, or was closed at most
    /// [`crate::domain::REPEAT_WINDOW_DAYS`] days before `day`. The latest such, if any.
    pub fn prior_rectification(
        &self,
        hall_id: i64,
        template_id: &str,
        item_id: &str,
        day: NaiveDate,
    ) -> Result<Option<PriorRectification>> {
        self.named(|| Ok(prior_in(&self.conn, hall_id, template_id, item_id, day)?))
    }

    /// For a whole walk at once: per item (template id, item id) of the hall, the earlier
    /// rectification a fail on `day` would repeat, as [`Store::prior_rectification`] finds
    /// it; sorted by template id and item id. A walk loads it once when it starts.
    pub fn prior_rectifications(
        &self,
        hall_id: i64,
        day: NaiveDate,
    ) -> Result<Vec<PriorRectification>> {
        self.named(|| {
            let mut stmt = self.conn.prepare_cached(&format!(
                "{PRIOR_SQL} ORDER BY t.template_id, x.item_id, i.inspected_on DESC, x.id DESC"
            ))?;
            let rows = stmt.query_map((hall_id, day.to_string()), prior_from)?;
            let mut found: Vec<PriorRectification> = Vec::new();
            for prior in rows {
                let prior = prior?;
                let seen = found.last().is_some_and(|f| {
                    f.template_id == prior.template_id && f.item_id == prior.item_id
                });
                if !seen && is_repeat(prior.status, prior.closed_on, day) {
                    found.push(prior);
                }
            }
            Ok(found)
        })
    }

    /// What is still to fix per hall, judged on `today`: every hall with a rectification
    /// 待整改 or 已整改 (waiting for acceptance), by hall name.
    pub fn rectification_counts(&self, today: NaiveDate) -> Result<Vec<HallRectificationCounts>> {
        self.named(|| {
            let rows = self
                .conn
                .prepare_cached(
                    "SELECT h.id, h.name,
                            sum(x.status = 'open'),
                            sum(x.status = 'open' AND x.due_on = ?1),
                            sum(x.status = 'open' AND x.due_on < ?1),
                            sum(x.status = 'done')
                     FROM rectifications x
                     JOIN inspections i ON i.id = x.inspection_id
                     JOIN halls h ON h.id = i.hall_id
                     WHERE x.status IN ('open', 'done')
                     GROUP BY h.id ORDER BY h.name, h.id",
                )?
                .query_map([today.to_string()], |r| {
                    Ok(HallRectificationCounts {
                        hall_id: r.get(0)?,
                        hall_name: r.get(1)?,
                        open: r.get(2)?,
                        due_today: r.get(3)?,
                        overdue: r.get(4)?,
                        awaiting_acceptance: r.get(5)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// The deadline and standing of every rectification found from `from` to `to`
    /// (inclusive, the inspections' days) by inspections of `kind` (`None`: every kind), by
    /// hall name then day: what an on-time rate is worked out from (see
    /// `report::rectification_rates`).
    pub fn rectification_outcomes(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        kind: Option<InspectionKind>,
    ) -> Result<Vec<RectificationOutcome>> {
        self.named(|| {
            let rows = self
                .conn
                .prepare_cached(
                    "SELECT h.id, h.name, i.inspected_on, x.due_on, x.status, x.closed_on
                     FROM rectifications x
                     JOIN inspections i ON i.id = x.inspection_id
                     JOIN halls h ON h.id = i.hall_id
                     WHERE i.inspected_on BETWEEN ?1 AND ?2 AND (?3 IS NULL OR i.kind = ?3)
                     ORDER BY h.name, h.id, i.inspected_on, x.id",
                )?
                .query_map(
                    (
                        from.to_string(),
                        to.to_string(),
                        kind.map(InspectionKind::code),
                    ),
                    |r| {
                        Ok(RectificationOutcome {
                            hall_id: r.get(0)?,
                            hall_name: r.get(1)?,
                            inspected_on: parse_date(&r.get::<_, String>(2)?)?,
                            due_on: parse_date(&r.get::<_, String>(3)?)?,
                            status: status_of(&r.get::<_, String>(4)?)?,
                            closed_on: optional_date(r.get(5)?)?,
                        })
                    },
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// The owners named on rectifications (empty, the hall manager, left out), sorted: what
    /// an owner filter offers.
    pub fn rectification_owners(&self, hall_id: Option<i64>) -> Result<Vec<String>> {
        self.named(|| {
            let rows = self
                .conn
                .prepare_cached(
                    "SELECT DISTINCT x.owner FROM rectifications x
                     JOIN inspections i ON i.id = x.inspection_id
                     WHERE x.owner <> '' AND (?1 IS NULL OR i.hall_id = ?1)
                     ORDER BY x.owner",
                )?
                .query_map([hall_id], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            Ok(rows)
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::RectificationStatus;

    #[test]
    fn the_status_codes_in_the_sql_are_the_domain_s() {
        assert_eq!(RectificationStatus::Open.code(), "open");
        assert_eq!(RectificationStatus::Done.code(), "done");
    }
}
