//! What each field of an import record must be: a canonical UUID, a day or a UTC instant in
//! range, a text of bounded length, a photo that is the image its hash, MIME type and size say.
//! Each check names the field it refuses.

use std::collections::HashSet;
use std::ops::RangeInclusive;

use chrono::{DateTime, Datelike, NaiveDate};
use sha2::{Digest, Sha256};

use crate::domain::{
    NOTE_MAX_CHARS, RectificationAction, RectificationStatus, SignerRole, Strokes, signer_name,
};
use crate::store::{AttachmentRecord, RectificationRecord, SignOffRecord};

/// Names a field of the record being checked: `at("count")` → `results[2].count`.
pub(super) type At<'a> = &'a dyn Fn(&str) -> String;

/// Why a record is refused: the field (a path inside the record, empty for the whole record)
/// and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refusal {
    pub(super) field: String,
    pub(super) detail: String,
}

pub(super) fn refuse(field: impl Into<String>, detail: impl Into<String>) -> Refusal {
    Refusal {
        field: field.into(),
        detail: detail.into(),
    }
}

/// The longest name, code, file name or other short text a record may carry.
const TEXT_MAX_CHARS: usize = NOTE_MAX_CHARS;
/// Offsets from UTC that exist, in minutes.
pub(super) const OFFSETS_MIN: RangeInclusive<i32> = -720..=840;
/// The years a day or instant may fall in.
const YEARS: RangeInclusive<i32> = 1970..=9999;

pub(super) fn uuid(field: &str, value: &str) -> Result<(), Refusal> {
    match uuid::Uuid::parse_str(value) {
        Ok(parsed) if parsed.hyphenated().to_string() == value => Ok(()),
        Ok(_) => Err(refuse(
            field,
            format!(
                "`{value}` is not written as HallCheck writes a UUID (lowercase, with hyphens)"
            ),
        )),
        Err(e) => Err(refuse(field, format!("`{value}` is not a UUID ({e})"))),
    }
}

pub(super) fn instant(field: &str, value: &str) -> Result<(), Refusal> {
    let parsed = DateTime::parse_from_rfc3339(value).map_err(|e| {
        refuse(
            field,
            format!("`{value}` is not an instant such as 2026-11-05T00:40:00.000Z ({e})"),
        )
    })?;
    if parsed.offset().local_minus_utc() != 0 {
        return Err(refuse(
            field,
            format!(
                "`{value}` is not in UTC (instants are kept in UTC, the local offset in utc_offset_min)"
            ),
        ));
    }
    if !YEARS.contains(&parsed.year()) {
        return Err(refuse(
            field,
            format!("`{value}` is not between 1970 and 9999"),
        ));
    }
    Ok(())
}

pub(super) fn day(field: &str, value: NaiveDate) -> Result<(), Refusal> {
    if YEARS.contains(&value.year()) {
        Ok(())
    } else {
        Err(refuse(
            field,
            format!("{value} is not between 1970 and 9999"),
        ))
    }
}

pub(super) fn day_text(field: &str, value: &str) -> Result<(), Refusal> {
    match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(d) if d.format("%Y-%m-%d").to_string() == value => day(field, d),
        _ => Err(refuse(
            field,
            format!("`{value}` is not a day such as 2026-11-05"),
        )),
    }
}

/// A text of at most `max` characters; a `required` one must not be blank.
pub(super) fn text_within(
    field: &str,
    value: &str,
    required: bool,
    max: usize,
) -> Result<(), Refusal> {
    if required && value.trim().is_empty() {
        return Err(refuse(field, "must not be empty"));
    }
    let chars = value.chars().count();
    if chars > max {
        return Err(refuse(
            field,
            format!("{chars} characters; at most {max} are kept"),
        ));
    }
    Ok(())
}

pub(super) fn text(field: &str, value: &str, required: bool) -> Result<(), Refusal> {
    text_within(field, value, required, TEXT_MAX_CHARS)
}

pub(super) fn note(field: &str, value: &str) -> Result<(), Refusal> {
    text_within(field, value, false, NOTE_MAX_CHARS)
}

/// SHA-256 of bytes, as lowercase hex.
pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The MIME type and pixel size of a stored photo, read from its header.
pub(super) fn image_facts(bytes: &[u8]) -> Result<(&'static str, u32, u32), String> {
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mime = match reader.format() {
        Some(image::ImageFormat::Jpeg) => "image/jpeg",
        Some(image::ImageFormat::Png) => "image/png",
        _ => return Err("the photo is not a JPEG or PNG image".into()),
    };
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| format!("the photo cannot be read: {e}"))?;
    Ok((mime, width, height))
}

pub(super) fn photo_fields(photo: &AttachmentRecord, at: At<'_>) -> Result<(), Refusal> {
    uuid(&at("uuid"), &photo.uuid)?;
    text(&at("file_name"), &photo.file_name, true)?;
    let actual = sha256_hex(&photo.data);
    if actual != photo.sha256.to_ascii_lowercase() {
        return Err(refuse(
            at("data"),
            format!(
                "the photo's SHA-256 is {actual}, not {} as recorded (the photo is damaged)",
                photo.sha256
            ),
        ));
    }
    let (mime, width, height) = image_facts(&photo.data).map_err(|e| refuse(at("data"), e))?;
    if photo.mime != mime {
        return Err(refuse(
            at("mime"),
            format!("the photo is {mime}, not {}", photo.mime),
        ));
    }
    if (photo.width, photo.height) != (width, height) {
        return Err(refuse(
            at("width"),
            format!(
                "the photo is {width}×{height} pixels, not {}×{}",
                photo.width, photo.height
            ),
        ));
    }
    instant(&at("created_at"), &photo.created_at)
}

/// A rectification: its fields, and a history (when it has one) that the state machine
/// allows, ends in its status, names each move once and carries photos only on a close,
/// each about the rectification's item. A file of export version 2 or before has no
/// history; its status is then `open` or `done`.
pub(super) fn rectification_fields(fix: &RectificationRecord, at: At<'_>) -> Result<(), Refusal> {
    uuid(&at("uuid"), &fix.uuid)?;
    text(&at("owner"), &fix.owner, false)?;
    if let Some(due) = &fix.due_on {
        day_text(&at("due_on"), due)?;
    }
    let status = RectificationStatus::from_code(&fix.status).ok_or_else(|| {
        refuse(
            at("status"),
            format!(
                "unknown status `{}` (the states are open, done and accepted)",
                fix.status
            ),
        )
    })?;
    for (field, value) in [
        ("closed_at", &fix.closed_at),
        ("created_at", &fix.created_at),
        ("accepted_at", &fix.accepted_at),
    ] {
        if let Some(value) = value {
            instant(&at(field), value)?;
        }
    }
    if let Some(closed) = &fix.closed_on {
        day_text(&at("closed_on"), closed)?;
    }
    if let Some(earlier) = &fix.repeat_of {
        uuid(&at("repeat_of"), earlier)?;
    }
    note(&at("note"), &fix.note)?;
    if fix.events.is_empty() {
        if status == RectificationStatus::Accepted {
            return Err(refuse(
                at("events"),
                "an accepted rectification carries its history",
            ));
        }
        return Ok(());
    }
    let mut state = None;
    let mut uuids = HashSet::new();
    for (k, event) in fix.events.iter().enumerate() {
        let at_event = |field: &str| at(&format!("events[{k}].{field}"));
        uuid(&at_event("uuid"), &event.uuid)?;
        if !uuids.insert(event.uuid.as_str()) {
            return Err(refuse(
                at_event("uuid"),
                format!("move `{}` appears twice", event.uuid),
            ));
        }
        let action = RectificationAction::from_code(&event.action).ok_or_else(|| {
            refuse(
                at_event("action"),
                format!("unknown move `{}`", event.action),
            )
        })?;
        let from = match &event.from {
            None => None,
            Some(code) => Some(
                RectificationStatus::from_code(code)
                    .ok_or_else(|| refuse(at_event("from"), format!("unknown status `{code}`")))?,
            ),
        };
        let to = RectificationStatus::from_code(&event.to)
            .ok_or_else(|| refuse(at_event("to"), format!("unknown status `{}`", event.to)))?;
        if from != state {
            return Err(refuse(
                at_event("from"),
                format!(
                    "the move starts from {} but the rectification was {} before it",
                    from.map_or("nothing", RectificationStatus::code),
                    state.map_or("not yet opened", RectificationStatus::code)
                ),
            ));
        }
        let next = action
            .apply(from, &event.note)
            .map_err(|e| refuse(at_event("action"), e.to_string()))?;
        if next != to {
            return Err(refuse(
                at_event("to"),
                format!(
                    "a `{}` move leads to {}, not {}",
                    event.action,
                    next.code(),
                    event.to
                ),
            ));
        }
        text(&at_event("by"), &event.by, false)?;
        instant(&at_event("at"), &event.at)?;
        if !OFFSETS_MIN.contains(&event.utc_offset_min) {
            return Err(refuse(
                at_event("utc_offset_min"),
                format!(
                    "{} minutes is not an offset from UTC (−720 to +840)",
                    event.utc_offset_min
                ),
            ));
        }
        note(&at_event("note"), &event.note)?;
        if !event.photos.is_empty()
            && !matches!(
                action,
                RectificationAction::Close | RectificationAction::FixOnSpot
            )
        {
            return Err(refuse(
                at_event("photos"),
                "only a close or a fix on the spot carries photos",
            ));
        }
        for (n, photo) in event.photos.iter().enumerate() {
            let at_photo = |field: &str| at_event(&format!("photos[{n}].{field}"));
            photo_fields(photo, &at_photo)?;
            if photo.template_hash != fix.template_hash || photo.item_id != fix.item_id {
                return Err(refuse(
                    at_photo("item_id"),
                    "an after-photo is about the rectification's own item",
                ));
            }
        }
        state = Some(to);
    }
    if state != Some(status) {
        return Err(refuse(
            at("status"),
            format!(
                "the status is {} but the history ends in {}",
                fix.status,
                state.map_or("nothing", RectificationStatus::code)
            ),
        ));
    }
    Ok(())
}

/// A sign-off: a known role, a name as the store keeps it (trimmed, on one line, not too
/// long), strokes that read as a signature within the pad's bounds, and a UTC instant with an
/// offset that exists.
pub(super) fn sign_off_fields(s: &SignOffRecord) -> Result<(), Refusal> {
    if SignerRole::from_code(&s.role).is_none() {
        let codes: Vec<&str> = SignerRole::ALL.iter().map(|r| r.code()).collect();
        return Err(refuse(
            "sign_off.role",
            format!(
                "unknown role `{}` (the roles are {})",
                s.role,
                codes.join(", ")
            ),
        ));
    }
    match signer_name(&s.name) {
        Ok(name) if name == s.name => {}
        Ok(_) => {
            return Err(refuse(
                "sign_off.name",
                "the name has spaces at its start or end",
            ));
        }
        Err(e) => return Err(refuse("sign_off.name", e.to_string())),
    }
    match Strokes::parse(&s.strokes) {
        Ok(strokes) if strokes.to_string() == s.strokes => {}
        Ok(_) => {
            return Err(refuse(
                "sign_off.strokes",
                "the strokes are not written as HallCheck writes them (`x,y x,y;x,y`)",
            ));
        }
        Err(e) => {
            return Err(refuse("sign_off.strokes", format!("not a signature: {e}")));
        }
    }
    instant("sign_off.signed_at", &s.signed_at)?;
    if !OFFSETS_MIN.contains(&s.utc_offset_min) {
        return Err(refuse(
            "sign_off.utc_offset_min",
            format!(
                "{} minutes is not an offset from UTC (−720 to +840)",
                s.utc_offset_min
            ),
        ));
    }
    Ok(())
}
