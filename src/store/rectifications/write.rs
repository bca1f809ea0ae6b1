//! Writing rectifications: opening them on submit, marking a failed answer fixed on the spot
//! during the walk, and every later move (close, accept, return, new deadline, new owner),
//! each in one transaction with its history row.

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, Utc};
use rusqlite::Connection;

use crate::domain::{
    Attachment, NOTE_MAX_CHARS, Outcome, RectificationAction, RectificationError,
    RectificationRule, RectificationStatus, Status,
};
use crate::store::inspections::{InspectionDetail, joined_names};
use crate::store::{Result, Store, StoreError, new_uuid, optional};

use super::read::prior_in;

/// An instant as stored: RFC 3339 in UTC.
fn utc_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// One history row.
pub(super) struct NewEvent<'a> {
    pub(super) rectification_id: i64,
    pub(super) action: RectificationAction,
    pub(super) from: Option<RectificationStatus>,
    pub(super) to: RectificationStatus,
    pub(super) by: &'a str,
    pub(super) at: &'a str,
    pub(super) utc_offset_min: i32,
    pub(super) note: &'a str,
}

/// Writes one history row and returns its row id.
pub(super) fn insert_event(conn: &Connection, event: &NewEvent<'_>) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO rectification_events (uuid, rectification_id, action, from_status, to_status,
             by_name, at, utc_offset_min, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute((
        new_uuid(),
        event.rectification_id,
        event.action.code(),
        event.from.map(RectificationStatus::code),
        event.to.code(),
        event.by.trim(),
        event.at,
        event.utc_offset_min,
        event.note,
    ))?;
    Ok(conn.last_insert_rowid())
}

/// Brings an amended inspection's rectifications in line with its answers, inside the
/// amendment's transaction: one whose answer no longer fails is withdrawn (removed, with an
/// audit entry naming it and a withdrawal in the chain; the amendment, `amendment`, records
/// why), and an answer that now fails opens one
/// as a submit would, at the amendment's time.
pub(crate) fn follow_amendment(
    conn: &Connection,
    detail: &InspectionDetail,
    rule: &RectificationRule,
    (at, amendment): (DateTime<Utc>, &str),
) -> Result<()> {
    let stale: Vec<(i64, String, i64, String)> = conn
        .prepare(
            "SELECT x.id, x.uuid, x.template_row, x.item_id FROM rectifications x
             WHERE x.inspection_id = ?1",
        )?
        .query_map([detail.header.id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<Vec<(i64, String, i64, String)>>>()?
        .into_iter()
        .filter(|(_, _, row, item)| {
            detail
                .result(*row, item)
                .is_none_or(|r| r.outcome != Outcome::Fail)
        })
        .collect();
    for (id, uuid, _, item) in stale {
        conn.execute("DELETE FROM rectifications WHERE id = ?1", [id])?;
        conn.execute(
            "INSERT INTO audit_log (at, action, entity, entity_uuid, detail) VALUES (?1, 'withdraw', 'rectification', ?2, ?3)",
            (
                utc_text(at),
                &uuid,
                format!(
                    "inspection {}: item `{item}` no longer fails after amendment {amendment}",
                    detail.header.uuid
                ),
            ),
        )?;
        crate::store::chain::seal_withdrawal(conn, &uuid, amendment)?;
    }
    open_on_submit(conn, detail, rule, at)?;
    Ok(())
}

/// Opens the rectifications of a draft being submitted, inside the submit's transaction
/// (`conn`): one per failed answer `rule` takes, owned by the people the answer names (else
/// the hall manager), due `rule`'s days after the inspection's day, opened by its inspector
/// at `submitted_at`, and marked a repeat of an earlier one of the same item at the same
/// hall that is still open or was closed within the repeat window. A fail marked fixed on
/// the spot is accepted at once, its after-photos ([`Store::add_after_fix_photo`]) going with
/// that move. Returns how many were opened.
pub(crate) fn open_on_submit(
    conn: &Connection,
    detail: &InspectionDetail,
    rule: &RectificationRule,
    submitted_at: DateTime<Utc>,
) -> Result<u32> {
    let header = &detail.header;
    let at = utc_text(submitted_at);
    let spot_fixed = spot_fixes_in(conn, header.id)?;
    let mut opened = 0;
    for (row, template) in &detail.templates {
        for item in &template.items {
            let Some(result) = detail.result(*row, &item.id) else {
                continue;
            };
            if result.outcome != Outcome::Fail || !rule.opens(item, result.deduction) {
                continue;
            }
            let held: bool = conn
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM rectifications
                     WHERE inspection_id = ?1 AND template_row = ?2 AND item_id = ?3)",
                )?
                .query_row((header.id, row, &item.id), |r| r.get(0))?;
            if held {
                continue;
            }
            let repeat_of = prior_in(conn, header.hall_id, &template.id, &item.id, header.date)?
                .map(|p| p.uuid);
            let on_spot = spot_fixed.iter().any(|(r, i)| r == row && i == &item.id);
            let status = if on_spot {
                RectificationStatus::Accepted
            } else {
                RectificationStatus::Open
            };
            conn.prepare_cached(
                "INSERT INTO rectifications (uuid, inspection_id, template_row, item_id, owner,
                     due_on, status, created_at, closed_at, closed_on, accepted_at, repeat_of)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9, ?11)",
            )?
            .execute((
                new_uuid(),
                header.id,
                row,
                &item.id,
                joined_names(&result.staff),
                rule.due_on(item, header.date).to_string(),
                status.code(),
                &at,
                on_spot.then_some(&at),
                on_spot.then(|| header.date.to_string()),
                &repeat_of,
            ))?;
            let id = conn.last_insert_rowid();
            let mut event = NewEvent {
                rectification_id: id,
                action: RectificationAction::Open,
                from: None,
                to: RectificationStatus::Open,
                by: &header.inspector,
                at: &at,
                utc_offset_min: header.utc_offset_min,
                note: "",
            };
            insert_event(conn, &event)?;
            if on_spot {
                event.action = RectificationAction::FixOnSpot;
                event.from = Some(RectificationStatus::Open);
                event.to = RectificationStatus::Accepted;
                let fix = insert_event(conn, &event)?;
                // The photos taken of it fixed go with the fix, as a close's do.
                conn.prepare_cached(
                    "UPDATE attachments SET rectification_event_id = ?4, after_fix = 0
                     WHERE inspection_id = ?1 AND template_row = ?2 AND item_id = ?3
                       AND after_fix <> 0 AND rectification_event_id IS NULL",
                )?
                .execute((header.id, row, &item.id, fix))?;
            }
            opened += 1;
        }
    }
    Ok(opened)
}

/// Makes the after-photos of fixes on the spot of a draft (those of one item, or all)
/// ordinary photos of their answers: the item is no longer marked fixed on the spot, or the
/// submit found no fix on the spot for them to go with. Nothing is lost.
pub(crate) fn unmark_after_photos(
    conn: &Connection,
    inspection_id: i64,
    item: Option<(i64, &str)>,
) -> rusqlite::Result<usize> {
    match item {
        Some((row, item_id)) => conn
            .prepare_cached(
                "UPDATE attachments SET after_fix = 0
                 WHERE inspection_id = ?1 AND template_row = ?2 AND item_id = ?3
                   AND after_fix <> 0",
            )?
            .execute((inspection_id, row, item_id)),
        None => conn
            .prepare_cached(
                "UPDATE attachments SET after_fix = 0 WHERE inspection_id = ?1 AND after_fix <> 0",
            )?
            .execute([inspection_id]),
    }
}

/// The answers of an inspection marked fixed on the spot, as (template row, item id).
fn spot_fixes_in(conn: &Connection, inspection_id: i64) -> rusqlite::Result<Vec<(i64, String)>> {
    conn.prepare_cached(
        "SELECT template_row, item_id FROM results
         WHERE inspection_id = ?1 AND fixed_on_spot <> 0 ORDER BY template_row, item_id",
    )?
    .query_map([inspection_id], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

/// A rectification as a move needs it.
struct Current {
    uuid: String,
    status: RectificationStatus,
    inspection_id: i64,
    template_row: i64,
    item_id: String,
    inspected_on: NaiveDate,
    due_on: String,
    owner: String,
}

fn current(conn: &Connection, id: i64) -> Result<Current> {
    optional(
        conn.prepare_cached(
            "SELECT x.uuid, x.status, x.inspection_id, x.template_row, x.item_id,
                    i.inspected_on, x.due_on, x.owner
             FROM rectifications x JOIN inspections i ON i.id = x.inspection_id
             WHERE x.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Current {
                uuid: r.get(0)?,
                status: super::status_of(&r.get::<_, String>(1)?)?,
                inspection_id: r.get(2)?,
                template_row: r.get(3)?,
                item_id: r.get(4)?,
                inspected_on: crate::store::inspections::parse_date(&r.get::<_, String>(5)?)?,
                due_on: r.get(6)?,
                owner: r.get(7)?,
            })
        }),
    )?
    .ok_or_else(|| StoreError::NotFound(format!("no rectification with id {id}")))
}

/// Refuses a note longer than an answer's may be.
fn check_length(text: &str, what: &str) -> Result<()> {
    let chars = text.chars().count();
    if chars > NOTE_MAX_CHARS {
        return Err(StoreError::Invalid(format!(
            "the {what} has {chars} characters; at most {NOTE_MAX_CHARS} are kept"
        )));
    }
    Ok(())
}

impl Store {
    /// Marks a failed answer of a draft fixed on the spot (当场整改), or takes the mark back:
    /// on submit its rectification opens already accepted. The answer must exist; the mark
    /// stays with it when it is answered again, and means nothing while it is not a fail.
    /// Taking the mark back makes the item's after-photos ordinary photos of the answer
    /// (they are kept); returns how many were.
    pub fn set_fixed_on_spot(
        &self,
        inspection_id: i64,
        template_row: i64,
        item_id: &str,
        fixed: bool,
    ) -> Result<usize> {
        self.named(|| {
            let tx = self.write_transaction()?;
            self.require_draft(inspection_id)?;
            let changed = tx.execute(
                "UPDATE results SET fixed_on_spot = ?4
                 WHERE inspection_id = ?1 AND template_row = ?2 AND item_id = ?3",
                (inspection_id, template_row, item_id, fixed),
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound(format!(
                    "item `{item_id}` has no answer yet; answer it before marking it fixed on the spot"
                )));
            }
            let unmarked = if fixed {
                0
            } else {
                unmark_after_photos(&tx, inspection_id, Some((template_row, item_id)))?
            };
            tx.commit()?;
            Ok(unmarked)
        })
    }

    /// The answers of an inspection marked fixed on the spot, as (template row, item id).
    pub fn fixed_on_spot(&self, inspection_id: i64) -> Result<Vec<(i64, String)>> {
        self.named(|| Ok(spot_fixes_in(&self.conn, inspection_id)?))
    }

    /// Reports a rectification fixed (待整改 → 已整改) with what was done and any
    /// after-photos, by `by` at `at`. Returns the new state.
    pub fn close_rectification(
        &self,
        id: i64,
        note: &str,
        photos: &[Attachment],
        by: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<RectificationStatus> {
        let note = note.trim();
        self.named(|| {
            check_length(note, "note")?;
            self.make_move(
                id,
                RectificationAction::Close,
                note,
                by,
                at,
                |tx, found, event| {
                    let at_text = utc_text(at.with_timezone(&Utc));
                    tx.execute(
                        "UPDATE rectifications SET closed_at = ?2, closed_on = ?3, note = ?4
                     WHERE id = ?1",
                        (id, &at_text, at.date_naive().to_string(), note),
                    )?;
                    for photo in photos {
                        insert_photo(tx, found, event, photo, &at_text)?;
                    }
                    Ok(())
                },
            )
        })
    }

    /// Accepts a fixed rectification (已整改 → 已验收), by `by` at `at`.
    pub fn accept_rectification(
        &self,
        id: i64,
        by: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<RectificationStatus> {
        self.named(|| {
            self.make_move(id, RectificationAction::Accept, "", by, at, |tx, _, _| {
                tx.execute(
                    "UPDATE rectifications SET accepted_at = ?2 WHERE id = ?1",
                    (id, utc_text(at.with_timezone(&Utc))),
                )?;
                Ok(())
            })
        })
    }

    /// Returns a fixed rectification (已整改 → 待整改) with the reason, by `by` at `at`. Its
    /// close (day and note) is cleared from the line; the history keeps it, photos included.
    pub fn return_rectification(
        &self,
        id: i64,
        reason: &str,
        by: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<RectificationStatus> {
        let reason = reason.trim();
        self.named(|| {
            check_length(reason, "reason")?;
            self.make_move(
                id,
                RectificationAction::Return,
                reason,
                by,
                at,
                |tx, _, _| {
                    tx.execute(
                        "UPDATE rectifications SET closed_at = NULL, closed_on = NULL, note = ''
                     WHERE id = ?1",
                        [id],
                    )?;
                    Ok(())
                },
            )
        })
    }

    /// Gives a rectification not yet accepted a new deadline (never before the inspection's
    /// day), by `by` at `at`; the history notes the old and the new day.
    pub fn reschedule_rectification(
        &self,
        id: i64,
        due_on: NaiveDate,
        by: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<RectificationStatus> {
        self.named(|| {
            let found = current(&self.conn, id)?;
            if due_on < found.inspected_on {
                return Err(StoreError::Rectification(
                    RectificationError::DeadlineBeforeInspection {
                        due_on,
                        inspected_on: found.inspected_on,
                    },
                ));
            }
            let note = format!("{} → {due_on}", found.due_on);
            self.make_move(
                id,
                RectificationAction::Reschedule,
                &note,
                by,
                at,
                |tx, _, _| {
                    tx.execute(
                        "UPDATE rectifications SET due_on = ?2 WHERE id = ?1",
                        (id, due_on.to_string()),
                    )?;
                    Ok(())
                },
            )
        })
    }

    /// Gives a rectification not yet accepted a new owner (empty: the hall manager), by `by`
    /// at `at`; the history notes the old and the new owner.
    pub fn reassign_rectification(
        &self,
        id: i64,
        owner: &str,
        by: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<RectificationStatus> {
        let owner = owner.trim();
        self.named(|| {
            check_length(owner, "owner")?;
            let found = current(&self.conn, id)?;
            let shown = |o: &str| {
                if o.is_empty() {
                    super::OWNER_HALL_MANAGER.to_owned()
                } else {
                    o.to_owned()
                }
            };
            let note = format!("{} → {}", shown(&found.owner), shown(owner));
            self.make_move(
                id,
                RectificationAction::Reassign,
                &note,
                by,
                at,
                |tx, _, _| {
                    tx.execute(
                        "UPDATE rectifications SET owner = ?2 WHERE id = ?1",
                        (id, owner),
                    )?;
                    Ok(())
                },
            )
        })
    }

    /// Makes one move in one transaction: checks it against the state machine, sets the new
    /// state, writes the history row, then `change` writes the rest (given the rectification
    /// and the new history row's id). A refused move changes nothing.
    fn make_move(
        &self,
        id: i64,
        action: RectificationAction,
        note: &str,
        by: &str,
        at: DateTime<FixedOffset>,
        change: impl FnOnce(&Connection, &Current, i64) -> rusqlite::Result<()>,
    ) -> Result<RectificationStatus> {
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        let found = current(&tx, id)?;
        let inspection_status: String = tx
            .prepare_cached("SELECT status FROM inspections WHERE id = ?1")?
            .query_row([found.inspection_id], |r| r.get(0))?;
        if inspection_status != Status::Submitted.code() {
            return Err(StoreError::Invalid(format!(
                "rectification {} belongs to an inspection that is not submitted",
                found.uuid
            )));
        }
        let to = action
            .apply(Some(found.status), note)
            .map_err(StoreError::Rectification)?;
        tx.execute(
            "UPDATE rectifications SET status = ?2 WHERE id = ?1",
            (id, to.code()),
        )?;
        let at_text = utc_text(at.with_timezone(&Utc));
        let event = insert_event(
            &tx,
            &NewEvent {
                rectification_id: id,
                action,
                from: Some(found.status),
                to,
                by,
                at: &at_text,
                utc_offset_min: at.offset().local_minus_utc() / 60,
                note,
            },
        )?;
        change(&tx, &found, event)?;
        crate::store::chain::seal_moves(&tx)?;
        tx.commit()?;
        Ok(to)
    }
}

/// Stores an after-photo of the rectification `of`, tied to the close `event`.
fn insert_photo(
    conn: &Connection,
    of: &Current,
    event: i64,
    photo: &Attachment,
    created_at: &str,
) -> rusqlite::Result<()> {
    use sha2::{Digest, Sha256};
    let sha256: String = Sha256::digest(&photo.bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    conn.prepare_cached(
        "INSERT INTO attachments (uuid, inspection_id, template_row, item_id, file_name, mime,
             sha256, width, height, bytes, created_at, rectification_event_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(rusqlite::params![
        new_uuid(),
        of.inspection_id,
        of.template_row,
        &of.item_id,
        &photo.file_name,
        &photo.mime,
        &sha256,
        photo.width,
        photo.height,
        &photo.bytes,
        created_at,
        event,
    ])?;
    Ok(())
}
