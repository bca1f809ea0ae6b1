//! The plain rows the report statements return, and how their columns are read: stored days
//! and area codes parsed on the bytes, points from hundredths, the people of an answer from
//! JSON.

use chrono::NaiveDate;
use rusqlite::Row;

use crate::domain::{Area, Points, Rating};
use crate::store::StaffName;

/// One submitted inspection of a hall, for the trend.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendRow {
    /// Inspection row id.
    pub inspection_id: i64,
    /// Stable id.
    pub uuid: String,
    /// Local day.
    pub date: NaiveDate,
    /// Score out of 100.
    pub score: Points,
    /// Rating (`None` only in a damaged row).
    pub rating: Option<Rating>,
    /// A veto item failed.
    pub veto: bool,
    /// Who inspected.
    pub inspector: String,
}

/// One area's result in one inspection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AreaResultRow {
    /// Inspection row id.
    pub inspection_id: i64,
    /// The area.
    pub area: Area,
    /// The area's cap after N/A scaling.
    pub effective_cap: Points,
    /// Points earned, bonus included.
    pub earned: Points,
    /// The part of `earned` that is bonus (加分).
    pub bonus: Points,
}

impl AreaResultRow {
    /// Points earned before any bonus: the effective cap less the capped deductions.
    pub fn base(&self) -> Points {
        self.earned - self.bonus
    }
}

/// One hall's submitted inspections over a span, summed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HallTotals {
    /// The hall's row id.
    pub hall_id: i64,
    /// Submitted inspections.
    pub done: i64,
    /// Their scores, summed.
    pub score_sum: Points,
    /// Those rated 合格 or better.
    pub passed: i64,
    /// Those with a failed veto item.
    pub vetoes: i64,
}

/// Points deducted after the cap in one area of one inspection of a hall (never less than 0:
/// a bonus makes up for none of them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HallAreaLoss {
    /// The hall's row id.
    pub hall_id: i64,
    /// The area.
    pub area: Area,
    /// Points lost.
    pub lost: Points,
}

/// The failed answers to one item of one template snapshot, summed over a span.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemFailures {
    /// Template snapshot row.
    pub template_row: i64,
    /// Item id.
    pub item_id: String,
    /// Points deducted, summed before the area caps.
    pub lost: Points,
    /// Occurrences (places, person-times), summed.
    pub occurrences: i64,
    /// Answers (inspections) in which it failed.
    pub failed: i64,
}

/// One failed answer to an item, for "list the inspections".
#[derive(Debug, Clone, PartialEq)]
pub struct ItemOccurrence {
    /// Inspection row id.
    pub inspection_id: i64,
    /// Stable id.
    pub uuid: String,
    /// Local day.
    pub date: NaiveDate,
    /// Places or person-times.
    pub count: i64,
    /// Points deducted.
    pub deduction: Points,
    /// The reason written.
    pub note: String,
    /// The staff members concerned, in the order named.
    pub staff: Vec<StaffName>,
}

/// One area of a hall over a span, summed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AreaTotals {
    /// The area.
    pub area: Area,
    /// Inspections that covered it.
    pub inspections: i64,
    /// Its cap: the largest one inspection gave it (the caps of its checklists, summed).
    pub cap: Points,
    /// Σ cap after N/A scaling.
    pub effective_cap: Points,
    /// Σ points earned, bonus included.
    pub earned: Points,
    /// Σ bonus (加分), part of `earned`.
    pub bonus: Points,
    /// Inspections in which one of its veto items failed.
    pub vetoes: i64,
}

/// One failed answer, for the monthly sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct FailedAnswer {
    /// Local day of the inspection.
    pub date: NaiveDate,
    /// Template snapshot row.
    pub template_row: i64,
    /// Item id.
    pub item_id: String,
    /// Places or person-times.
    pub count: i64,
    /// Points deducted.
    pub deduction: Points,
    /// The reason written, trimmed.
    pub note: String,
    /// The staff members concerned, in the order named.
    pub staff: Vec<StaffName>,
}

/// A day as stored in `inspections.inspected_on`.
pub(super) fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// Parses a stored `YYYY-MM-DD` without chrono's general format machinery (a trend reads
/// thousands of them per call).
pub(super) fn parse_day(text: &[u8]) -> Option<NaiveDate> {
    if text.len() != 10 || text[4] != b'-' || text[7] != b'-' {
        return None;
    }
    let num = |s: &[u8]| -> Option<u32> {
        s.iter().try_fold(0u32, |acc, b| {
            b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
        })
    };
    let year = i32::try_from(num(&text[0..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, num(&text[5..7])?, num(&text[8..10])?)
}

/// The area of a stored code, the built-in ones matched on the bytes (reports read one per
/// area row); `None` for a code no template read by this program declares.
pub(super) fn area_of(code: &[u8]) -> Option<Area> {
    Some(match code {
        b"pre_shift" => Area::PRE_SHIFT,
        b"post_shift" => Area::POST_SHIFT,
        b"supervision" => Area::SUPERVISION,
        b"patrol" => Area::PATROL,
        b"handover" => Area::HANDOVER,
        b"appearance" => Area::APPEARANCE,
        b"hygiene" => Area::HYGIENE,
        b"discipline" => Area::DISCIPLINE,
        _ => return std::str::from_utf8(code).ok().and_then(Area::from_code),
    })
}

/// Reads a stored day from a column, as a conversion error when malformed.
pub(super) fn day_column(row: &Row, index: usize) -> rusqlite::Result<NaiveDate> {
    let bytes = row.get_ref(index)?.as_bytes()?;
    parse_day(bytes).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            format!("`{}` is not a day", String::from_utf8_lossy(bytes)).into(),
        )
    })
}

/// The area of a column; `None` for a code this program does not know (skipped).
pub(super) fn area_column(row: &Row, index: usize) -> rusqlite::Result<Option<Area>> {
    Ok(row.get_ref(index)?.as_bytes().ok().and_then(area_of))
}

/// The people of a `people_json!` column (see `queries`).
pub(super) fn people_column(row: &Row, index: usize) -> rusqlite::Result<Vec<StaffName>> {
    let text = row.get_ref(index)?.as_str()?;
    if text == "[]" {
        return Ok(Vec::new());
    }
    let people: Vec<(i64, String)> = serde_json::from_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(people
        .into_iter()
        .map(|(id, name)| StaffName { id, name })
        .collect())
}

pub(super) fn points_column(row: &Row, index: usize) -> rusqlite::Result<Points> {
    Ok(Points::from_hundredths(
        row.get::<_, Option<i64>>(index)?.unwrap_or(0),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_codes_match_the_domain() {
        for area in Area::BUILTIN {
            assert_eq!(area_of(area.code().as_bytes()), Some(area));
        }
        assert_eq!(area_of(b"lobby"), None);
    }

    #[test]
    fn parses_stored_days() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(parse_day(b"2026-10-05"), d(2026, 10, 5));
        assert_eq!(parse_day(b"2026-02-30"), None);
        assert_eq!(parse_day(b"2026-1-05"), None);
        assert_eq!(parse_day(b"20x6-10-05"), None);
    }
}
