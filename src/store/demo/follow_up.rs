//! The demo's rectifications (整改): for every failed answer of the last [`FOLLOWED_DAYS`]
//! days that the rectification rule takes, one rectification with a history, as a hall
//! would have followed it up — some fixed on the spot, most reported fixed around their
//! deadline and accepted, some returned once, some waiting for acceptance, and some still
//! open, overdue or not yet due; most fixes on the spot with a photo of the place put right.
//! Written after the inspections, in the same transaction,
//! from a random source of their own (seeded like the rest), so the inspections are the same
//! with or without them.

use chrono::{Days, NaiveDate};
use sha2::{Digest, Sha256};

use crate::domain::{RectificationAction, RectificationStatus};
use crate::store::rectifications::prior_in;
use crate::store::{Result, Store, StoreError};

use super::DemoOptions;
use super::plan::Rng;

/// How many days back from the last day get rectifications; older history has none.
pub(super) const FOLLOWED_DAYS: u64 = 45;

const CLOSE_NOTES: [&str; 6] = [
    "已当场清理干净",
    "已重新摆放整齐并拍照留存",
    "已对当事人进行提醒教育",
    "已报修，设备已恢复正常",
    "已补充齐全",
    "已在班前会上通报并整改",
];

const RETURN_REASONS: [&str; 3] = [
    "整改照片不清晰，请重新拍照",
    "现场复查仍未整改到位",
    "整改说明不完整",
];

/// The share of fixes on the spot that come with a photo of the place put right (整改后照片).
const SPOT_PHOTO_SHARE: f64 = 0.6;

/// The after-photos of the demo's fixes on the spot: a few small pictures, made once, each
/// stored as many times as it is drawn.
struct SpotPhotos {
    /// JPEG bytes and their SHA-256 (hex).
    images: Vec<(Vec<u8>, String)>,
    /// Which fixes get one, and which picture: a source of its own, so the rest of the demo
    /// is the same as without them.
    rng: Rng,
}

/// The side of a demo photo, in pixels.
const SPOT_PHOTO_PX: (u32, u32) = (320, 240);

impl SpotPhotos {
    fn new(seed: u64) -> Result<SpotPhotos> {
        // A counter top, a floor and a notice board: soft colours, a lighter band of light.
        let tints: [[f32; 3]; 3] = [
            [196.0, 206.0, 214.0],
            [214.0, 204.0, 186.0],
            [188.0, 210.0, 196.0],
        ];
        let mut images = Vec::new();
        for tint in tints {
            let (w, h) = SPOT_PHOTO_PX;
            let image = image::RgbImage::from_fn(w, h, |x, y| {
                let light = 1.0 - (x as f32 / w as f32 - 0.4).abs() * 0.35;
                let floor = if y > h * 2 / 3 { 0.82 } else { 1.0 };
                let edge = if y == h * 2 / 3 || x % 80 == 0 {
                    0.7
                } else {
                    1.0
                };
                image::Rgb(tint.map(|c| (c * light * floor * edge).clamp(0.0, 255.0) as u8))
            });
            let mut bytes = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 80)
                .encode_image(&image)
                .map_err(|e| StoreError::Invalid(format!("demo photo: {e}")))?;
            let sha256 = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            images.push((bytes, sha256));
        }
        Ok(SpotPhotos {
            images,
            rng: Rng(seed ^ 0x5350_4f54_5048_4f54),
        })
    }

    /// Gives the fix on the spot `event` (of `fail`, at `at`) a photo, or not.
    fn add(
        &mut self,
        conn: &rusqlite::Connection,
        fail: &Fail,
        event: i64,
        at: &str,
    ) -> Result<()> {
        if self.rng.unit() >= SPOT_PHOTO_SHARE {
            return Ok(());
        }
        let n = self.rng.below(self.images.len());
        let Some((bytes, sha256)) = self.images.get(n) else {
            return Ok(());
        };
        let (w, h) = SPOT_PHOTO_PX;
        conn.prepare_cached(
            "INSERT INTO attachments (uuid, inspection_id, template_row, item_id, file_name, mime,
                 sha256, width, height, bytes, created_at, rectification_event_id)
             VALUES (?1, ?2, ?3, ?4, ?5, 'image/jpeg', ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(rusqlite::params![
            self.rng.uuid(),
            fail.inspection_id,
            fail.template_row,
            &fail.item_id,
            format!("当场整改-{}.jpg", n + 1),
            sha256,
            w,
            h,
            bytes,
            at,
            event,
        ])?;
        Ok(())
    }
}

/// One failed answer to follow up.
struct Fail {
    inspection_id: i64,
    day: NaiveDate,
    submitted_at: String,
    inspector: String,
    template_row: i64,
    item_id: String,
    deduction: i64,
    owner: String,
}

/// The instant of a local (UTC+8, as the demo's inspections) time of `day`, as stored.
fn local_stamp(day: NaiveDate, hour: u32, minute: u32) -> String {
    let local = day.and_hms_opt(hour, minute, 0).unwrap_or_default();
    let utc = local - chrono::Duration::minutes(480);
    format!("{}", utc.format("%Y-%m-%dT%H:%M:%S%.3fZ"))
}

/// One history row as the demo writes it.
struct Move<'a> {
    action: RectificationAction,
    from: Option<RectificationStatus>,
    to: RectificationStatus,
    by: &'a str,
    at: String,
    note: &'a str,
}

/// Writes the rectifications of `halls` (row ids). Returns how many were written.
pub(super) fn write_follow_up(store: &Store, halls: &[i64], options: &DemoOptions) -> Result<u64> {
    let conn = &store.conn;
    let rule = store.rectification_rule()?;
    let mut rng =
        Rng(options.seed ^ 0x5245_4354_4946_5931 ^ halls.first().copied().unwrap_or(0) as u64);
    let today = options.today;
    let first = today
        .checked_sub_days(Days::new(FOLLOWED_DAYS - 1))
        .unwrap_or(today);
    // Seeded as `rng` is (the halls' ids in it), so a second set of the same seed has photos
    // of its own.
    let mut photos = SpotPhotos::new(options.seed ^ halls.first().copied().unwrap_or(0) as u64)?;
    let mut written = 0;
    for &hall in halls {
        let fails = conn
            .prepare_cached(
                "SELECT i.id, i.inspected_on, i.submitted_at, p.name, r.template_row, r.item_id,
                        r.deduction,
                        coalesce((SELECT group_concat(s.name, '、' ORDER BY rs.position)
                                  FROM result_staff rs JOIN staff s ON s.id = rs.staff_id
                                  WHERE rs.inspection_id = r.inspection_id
                                    AND rs.template_row = r.template_row
                                    AND rs.item_id = r.item_id), '')
                 FROM inspections i
                 JOIN inspectors p ON p.id = i.inspector_id
                 JOIN results r ON r.inspection_id = i.id
                 WHERE i.hall_id = ?1 AND i.inspected_on >= ?2 AND i.status = 'submitted'
                   AND r.outcome = 'fail'
                 ORDER BY i.inspected_on, i.id, r.template_row, r.item_id",
            )?
            .query_map((hall, first.to_string()), |r| {
                Ok(Fail {
                    inspection_id: r.get(0)?,
                    day: crate::store::inspections::parse_date(&r.get::<_, String>(1)?)?,
                    submitted_at: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    inspector: r.get(3)?,
                    template_row: r.get(4)?,
                    item_id: r.get(5)?,
                    deduction: r.get(6)?,
                    owner: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for fail in fails {
            let template = store.template_snapshot(fail.template_row)?;
            let Some(item) = template.item(&fail.item_id) else {
                continue;
            };
            if !rule.opens(item, crate::domain::Points::from_hundredths(fail.deduction)) {
                continue;
            }
            let due_on = rule.due_on(item, fail.day);
            let repeat_of = prior_in(conn, hall, &template.id, &item.id, fail.day)?.map(|p| p.uuid);
            let moves = plan_moves(&mut rng, &fail, due_on, today);
            write_one(
                conn,
                (&mut rng, &mut photos),
                &fail,
                due_on,
                repeat_of.as_deref(),
                &moves,
            )?;
            written += 1;
        }
    }
    Ok(written)
}

/// The history of one rectification, as of `today`.
fn plan_moves<'a>(
    rng: &mut Rng,
    fail: &'a Fail,
    due_on: NaiveDate,
    today: NaiveDate,
) -> Vec<Move<'a>> {
    use RectificationAction as A;
    use RectificationStatus as S;
    let owner: &'a str = if fail.owner.is_empty() {
        crate::store::OWNER_HALL_MANAGER
    } else {
        &fail.owner
    };
    let mut moves = vec![Move {
        action: A::Open,
        from: None,
        to: S::Open,
        by: &fail.inspector,
        at: fail.submitted_at.clone(),
        note: "",
    }];
    if rng.unit() < 0.12 {
        moves.push(Move {
            action: A::FixOnSpot,
            from: Some(S::Open),
            to: S::Accepted,
            by: &fail.inspector,
            at: fail.submitted_at.clone(),
            note: "",
        });
        return moves;
    }
    let days_given = (due_on - fail.day).num_days().max(0) as usize;
    // Most are reported fixed by the deadline, some a few days late, some not at all.
    let never = rng.unit() < 0.12;
    let mut close_day = fail.day + Days::new(rng.below(days_given + 4) as u64);
    if never || close_day > today {
        return moves;
    }
    let note = CLOSE_NOTES[rng.below(CLOSE_NOTES.len())];
    moves.push(Move {
        action: A::Close,
        from: Some(S::Open),
        to: S::Done,
        by: owner,
        at: local_stamp(close_day, 16, 30 + rng.below(29) as u32),
        note,
    });
    let check_day = close_day + Days::new(1 + rng.below(2) as u64);
    if check_day > today {
        return moves;
    }
    if rng.unit() < 0.12 {
        moves.push(Move {
            action: A::Return,
            from: Some(S::Done),
            to: S::Open,
            by: &fail.inspector,
            at: local_stamp(check_day, 9, 15),
            note: RETURN_REASONS[rng.below(RETURN_REASONS.len())],
        });
        close_day = check_day + Days::new(rng.below(3) as u64);
        if close_day > today || rng.unit() < 0.3 {
            return moves;
        }
        moves.push(Move {
            action: A::Close,
            from: Some(S::Open),
            to: S::Done,
            by: owner,
            at: local_stamp(close_day, 17, 10),
            note: CLOSE_NOTES[rng.below(CLOSE_NOTES.len())],
        });
        let recheck = close_day + Days::new(1);
        if recheck > today {
            return moves;
        }
        moves.push(Move {
            action: A::Accept,
            from: Some(S::Done),
            to: S::Accepted,
            by: &fail.inspector,
            at: local_stamp(recheck, 9, 40),
            note: "",
        });
        return moves;
    }
    if rng.unit() < 0.9 {
        moves.push(Move {
            action: A::Accept,
            from: Some(S::Done),
            to: S::Accepted,
            by: &fail.inspector,
            at: local_stamp(check_day, 9, 30),
            note: "",
        });
    }
    moves
}

/// Writes one rectification and its history (a fix on the spot perhaps with a photo).
fn write_one(
    conn: &rusqlite::Connection,
    (rng, photos): (&mut Rng, &mut SpotPhotos),
    fail: &Fail,
    due_on: NaiveDate,
    repeat_of: Option<&str>,
    moves: &[Move<'_>],
) -> Result<()> {
    let status = moves.last().map_or(RectificationStatus::Open, |m| m.to);
    // The latest close, unless a return came after it; the acceptance, if any.
    let closed = moves
        .iter()
        .rev()
        .take_while(|m| m.action != RectificationAction::Return)
        .find(|m| {
            matches!(
                m.action,
                RectificationAction::Close | RectificationAction::FixOnSpot
            )
        });
    let closed_on = closed.map(|m| {
        if m.action == RectificationAction::FixOnSpot {
            fail.day.to_string()
        } else {
            local_day(&m.at)
        }
    });
    let accepted_at = moves
        .iter()
        .rev()
        .find(|m| {
            matches!(
                m.action,
                RectificationAction::Accept | RectificationAction::FixOnSpot
            )
        })
        .map(|m| m.at.clone());
    conn.prepare_cached(
        "INSERT INTO rectifications (uuid, inspection_id, template_row, item_id, owner, due_on,
             status, created_at, closed_at, closed_on, accepted_at, note, repeat_of)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(rusqlite::params![
        rng.uuid(),
        fail.inspection_id,
        fail.template_row,
        &fail.item_id,
        &fail.owner,
        due_on.to_string(),
        status.code(),
        &fail.submitted_at,
        closed.map(|m| m.at.clone()),
        closed_on,
        accepted_at,
        closed.map_or("", |m| m.note),
        repeat_of,
    ])?;
    let id = conn.last_insert_rowid();
    let mut insert = conn.prepare_cached(
        "INSERT INTO rectification_events (uuid, rectification_id, action, from_status, to_status,
             by_name, at, utc_offset_min, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 480, ?8)",
    )?;
    for m in moves {
        insert.execute(rusqlite::params![
            rng.uuid(),
            id,
            m.action.code(),
            m.from.map(RectificationStatus::code),
            m.to.code(),
            m.by,
            &m.at,
            m.note,
        ])?;
        if m.action == RectificationAction::FixOnSpot {
            photos.add(conn, fail, conn.last_insert_rowid(), &m.at)?;
        }
    }
    Ok(())
}

/// The local (UTC+8) day of a stored instant.
fn local_day(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| {
            (t.naive_utc() + chrono::Duration::minutes(480))
                .date()
                .to_string()
        })
        .unwrap_or_default()
}
