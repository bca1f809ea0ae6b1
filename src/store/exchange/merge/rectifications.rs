//! Merging rectifications. Unlike an inspection, a rectification changes after its
//! inspection is submitted: the hall closes it on one PC, a supervisor accepts it on another.
//! So an inspection already here is compared without its rectifications, and each of them is
//! merged on its own by its history: new here → added; the same → present; the file's history
//! goes on from the local one (the local moves are the file's first ones) → the new moves are
//! added and the line takes the file's state; the local history goes on from the file's →
//! kept; the two went different ways → the local one is kept and the file's is reported
//! rejected.

use chrono::NaiveDate;
use rusqlite::OptionalExtension;

use crate::domain::{RectificationAction, RectificationStatus};
use crate::store::Result;
use crate::store::exchange::merge::Merge;
use crate::store::exchange::{
    AttachmentRecord, InspectionRecord, RectificationEventRecord, RectificationRecord, Rejected,
};

/// One rectification line.
const INSERT_RECTIFICATION: &str = "INSERT INTO rectifications (inspection_id, template_row,
         item_id, uuid, owner, status, due_on, closed_at, note, created_at, closed_on,
         accepted_at, repeat_of)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
/// A line taking the file's state.
const UPDATE_RECTIFICATION: &str = "UPDATE rectifications SET owner = ?2, status = ?3,
         due_on = ?4, closed_at = ?5, note = ?6, closed_on = ?7, accepted_at = ?8,
         repeat_of = ?9
     WHERE id = ?1";
/// One move.
const INSERT_EVENT: &str = "INSERT INTO rectification_events (uuid, rectification_id, action,
         from_status, to_status, by_name, at, utc_offset_min, note)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
/// One after-photo.
const INSERT_AFTER_PHOTO: &str = "INSERT INTO attachments (uuid, inspection_id, template_row,
         item_id, file_name, mime, sha256, width, height, bytes, created_at,
         rectification_event_id)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

/// The fields a file of export version 2 or before leaves out, filled in from the
/// inspection: opened when it was submitted, due 3 days after its day.
struct Filled {
    due_on: String,
    created_at: String,
    closed_on: Option<String>,
    /// The history, made up when the file carries none: its opening, and its close.
    events: Vec<RectificationEventRecord>,
}

fn filled(fix: &RectificationRecord, inspection: &InspectionRecord) -> Filled {
    let created_at = fix
        .created_at
        .clone()
        .or_else(|| inspection.submitted_at.clone())
        .unwrap_or_else(|| inspection.started_at.clone());
    let due_on = fix
        .due_on
        .clone()
        .unwrap_or_else(|| (inspection.inspected_on + chrono::Days::new(3)).to_string());
    let closed_on = fix.closed_on.clone().or_else(|| {
        let closed = fix.closed_at.as_deref()?;
        let at = chrono::DateTime::parse_from_rfc3339(closed).ok()?;
        let offset = chrono::FixedOffset::east_opt(inspection.utc_offset_min * 60)?;
        Some(at.with_timezone(&offset).date_naive().to_string())
    });
    let mut events = fix.events.clone();
    if events.is_empty() {
        let event = |action: RectificationAction,
                     from: Option<RectificationStatus>,
                     to: RectificationStatus,
                     at: &str,
                     note: &str| RectificationEventRecord {
            uuid: crate::store::new_uuid(),
            action: action.code().to_owned(),
            from: from.map(|s| s.code().to_owned()),
            to: to.code().to_owned(),
            by: String::new(),
            at: at.to_owned(),
            utc_offset_min: inspection.utc_offset_min,
            note: note.to_owned(),
            photos: Vec::new(),
        };
        use RectificationStatus as S;
        events.push(event(
            RectificationAction::Open,
            None,
            S::Open,
            &created_at,
            "",
        ));
        let status = RectificationStatus::from_code(&fix.status);
        if matches!(status, Some(S::Done | S::Accepted)) {
            let at = fix.closed_at.as_deref().unwrap_or(&created_at);
            events.push(event(
                RectificationAction::Close,
                Some(S::Open),
                S::Done,
                at,
                &fix.note,
            ));
        }
        if status == Some(S::Accepted) {
            let at = fix.accepted_at.as_deref().unwrap_or(&created_at);
            events.push(event(
                RectificationAction::Accept,
                Some(S::Done),
                S::Accepted,
                at,
                "",
            ));
        }
    }
    Filled {
        due_on,
        created_at,
        closed_on,
        events,
    }
}

/// The day part of a deadline as stored (`YYYY-MM-DD`), checked.
fn day_text(text: &str) -> String {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(|d| d.to_string())
        .unwrap_or_else(|_| text.to_owned())
}

impl Merge<'_> {
    /// Writes a rectification new here, with its history and after-photos, to the local
    /// inspection `inspection_id`.
    pub(super) fn insert_rectification(
        &mut self,
        inspection_id: i64,
        fix: &RectificationRecord,
        inspection: &InspectionRecord,
    ) -> Result<()> {
        let template_row = self.template_row(&fix.template_hash)?;
        let filled = filled(fix, inspection);
        self.run(
            INSERT_RECTIFICATION,
            rusqlite::params![
                inspection_id,
                template_row,
                &fix.item_id,
                &fix.uuid,
                &fix.owner,
                &fix.status,
                day_text(&filled.due_on),
                &fix.closed_at,
                &fix.note,
                &filled.created_at,
                &filled.closed_on,
                &fix.accepted_at,
                &fix.repeat_of,
            ],
        )?;
        let id = self.conn.last_insert_rowid();
        for event in &filled.events {
            self.insert_event(id, (inspection_id, template_row, &fix.item_id), event)?;
        }
        Ok(())
    }

    fn insert_event(
        &mut self,
        rectification_id: i64,
        (inspection_id, template_row, item_id): (i64, i64, &str),
        event: &RectificationEventRecord,
    ) -> Result<()> {
        self.run(
            INSERT_EVENT,
            rusqlite::params![
                &event.uuid,
                rectification_id,
                &event.action,
                &event.from,
                &event.to,
                &event.by,
                &event.at,
                event.utc_offset_min,
                &event.note,
            ],
        )?;
        let event_id = self.conn.last_insert_rowid();
        for photo in &event.photos {
            self.insert_after_photo((inspection_id, template_row, item_id), event_id, photo)?;
        }
        Ok(())
    }

    fn insert_after_photo(
        &mut self,
        (inspection_id, template_row, item_id): (i64, i64, &str),
        event_id: i64,
        photo: &AttachmentRecord,
    ) -> Result<()> {
        self.run(
            INSERT_AFTER_PHOTO,
            rusqlite::params![
                &photo.uuid,
                inspection_id,
                template_row,
                item_id,
                &photo.file_name,
                &photo.mime,
                &photo.sha256,
                photo.width,
                photo.height,
                &photo.data,
                &photo.created_at,
                event_id,
            ],
        )?;
        self.report.added.photos += 1;
        Ok(())
    }

    /// Merges the rectifications of `record` into the local inspection `inspection_id`,
    /// already here with the same content otherwise; `local` are its rectifications as read.
    pub(super) fn merge_rectifications(
        &mut self,
        inspection_id: i64,
        record: &InspectionRecord,
        local: &[RectificationRecord],
    ) -> Result<()> {
        for fix in &record.rectifications {
            let Some(here) = local.iter().find(|l| l.uuid == fix.uuid) else {
                match self.rectification_blocked(inspection_id, fix)? {
                    Some(reason) => self.reject(fix, reason),
                    None => {
                        self.insert_rectification(inspection_id, fix, record)?;
                        self.report.added.rectifications += 1;
                    }
                }
                continue;
            };
            if here == fix {
                self.report.present.rectifications += 1;
                continue;
            }
            let ours: Vec<&str> = here.events.iter().map(|e| e.uuid.as_str()).collect();
            let theirs: Vec<&str> = fix.events.iter().map(|e| e.uuid.as_str()).collect();
            if theirs.len() > ours.len() && theirs.starts_with(&ours) {
                let fresh = &fix.events[ours.len()..];
                if let Some(reason) = self.events_blocked(fresh)? {
                    self.reject(fix, reason);
                    continue;
                }
                self.move_on(inspection_id, fix, fresh)?;
                self.report.added.rectifications += 1;
            } else if ours.starts_with(&theirs) {
                // The local history already goes further.
                self.report.present.rectifications += 1;
            } else {
                self.reject(
                    fix,
                    "it was changed here and in the file since they parted; the local history was kept".into(),
                );
            }
        }
        Ok(())
    }

    /// Takes the file's state for a local rectification whose history `fresh` goes on.
    fn move_on(
        &mut self,
        inspection_id: i64,
        fix: &RectificationRecord,
        fresh: &[RectificationEventRecord],
    ) -> Result<()> {
        let (id, template_row): (i64, i64) = self.conn.query_row(
            "SELECT id, template_row FROM rectifications WHERE uuid = ?1",
            [&fix.uuid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        self.run(
            UPDATE_RECTIFICATION,
            rusqlite::params![
                id,
                &fix.owner,
                &fix.status,
                fix.due_on.as_deref().map(day_text),
                &fix.closed_at,
                &fix.note,
                &fix.closed_on,
                &fix.accepted_at,
                &fix.repeat_of,
            ],
        )?;
        for event in fresh {
            self.insert_event(id, (inspection_id, template_row, &fix.item_id), event)?;
        }
        Ok(())
    }

    fn reject(&mut self, fix: &RectificationRecord, reason: String) {
        self.report.rejected.push(Rejected {
            entity: "rectification".into(),
            uuid: fix.uuid.clone(),
            reason,
        });
    }

    /// Why a rectification new to this inspection cannot be added: another one of the same
    /// item is here, or a UUID of it (its own, a move's, a photo's) is held elsewhere.
    fn rectification_blocked(
        &self,
        inspection_id: i64,
        fix: &RectificationRecord,
    ) -> Result<Option<String>> {
        let template_row = self.template_row(&fix.template_hash)?;
        let other: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT uuid FROM rectifications
                 WHERE (inspection_id = ?1 AND template_row = ?2 AND item_id = ?3) OR uuid = ?4",
            )?
            .query_row(
                rusqlite::params![inspection_id, template_row, &fix.item_id, &fix.uuid],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other) = other {
            return Ok(Some(format!(
                "rectification `{other}` here is about the same item or has this UUID; the local one was kept"
            )));
        }
        self.events_blocked(&fix.events)
    }

    /// Why moves cannot be added: a UUID of one of them or of their photos is held here.
    fn events_blocked(&self, events: &[RectificationEventRecord]) -> Result<Option<String>> {
        for event in events {
            if let Some(holder) = self.event_holder(&event.uuid)? {
                return Ok(Some(format!(
                    "its move `{}` is already stored with rectification `{holder}`",
                    event.uuid
                )));
            }
            for photo in &event.photos {
                if let Some(holder) = self.photo_holder(&photo.uuid)? {
                    return Ok(Some(format!(
                        "its photo `{}` is already stored with inspection `{holder}`",
                        photo.uuid
                    )));
                }
            }
        }
        Ok(None)
    }

    /// The rectification holding a move of this UUID, if any.
    pub(super) fn event_holder(&self, uuid: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT x.uuid FROM rectification_events e
                 JOIN rectifications x ON x.id = e.rectification_id WHERE e.uuid = ?1",
            )?
            .query_row([uuid], |r| r.get(0))
            .optional()?)
    }

    /// The inspection holding a photo of this UUID, if any.
    pub(super) fn photo_holder(&self, uuid: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT i.uuid FROM attachments a JOIN inspections i ON i.id = a.inspection_id
                 WHERE a.uuid = ?1",
            )?
            .query_row([uuid], |r| r.get(0))
            .optional()?)
    }
}
