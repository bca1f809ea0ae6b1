//! What each field of an import record must be: a canonical UUID, a day or a UTC instant in
//! range, a text of bounded length, a photo that is the image its hash, MIME type and size say.
//! Each check names the field it refuses.

use std::ops::RangeInclusive;

use chrono::{DateTime, Datelike, NaiveDate};
use sha2::{Digest, Sha256};

use crate::domain::{NOTE_MAX_CHARS, SignerRole, Strokes, signer_name};
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

pub(super) fn rectification_fields(fix: &RectificationRecord, at: At<'_>) -> Result<(), Refusal> {
    uuid(&at("uuid"), &fix.uuid)?;
    text(&at("owner"), &fix.owner, false)?;
    if let Some(due) = &fix.due_on {
        day_text(&at("due_on"), due)?;
    }
    if fix.status != "open" && fix.status != "done" {
        return Err(refuse(
            at("status"),
            format!("unknown status `{}`", fix.status),
        ));
    }
    if let Some(closed) = &fix.closed_at {
        instant(&at("closed_at"), closed)?;
    }
    note(&at("note"), &fix.note)
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
