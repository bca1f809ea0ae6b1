//! Figures for charts, the CLI and exports: trends, rankings, Pareto and the monthly sheet.
//!
//! Every report is plain data read with a few SQL statements; the Trends and Ranking screens,
//! `hallcheck report …` and the exports all draw from these same structs, so they show the
//! same numbers by construction. Only submitted inspections count: drafts never do.
//!
//! Queries about one hall write `+i.status`: without statistics SQLite would otherwise pick
//! the (status, day) index and read every hall's rows; the unary `+` leaves it the
//! (hall, day, …) covering index of schema version 3.
//!
//! Days are the local calendar days stored in `inspections.inspected_on`; points are exact
//! [`Points`](crate::domain::Points) (hundredths) until a chart asks for floats.

pub mod bench;
pub mod cli;
pub mod monthly;
pub mod pareto;
pub mod ranking;
pub mod trend;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::domain::{Area, Points, RatingBands, Template};
use crate::store::{Hall, Store, StoreError};

pub use monthly::{MonthlyRow, MonthlyRowKind, MonthlySheet, StaffDeduction, monthly_sheet};
pub use pareto::{ParetoData, ParetoItem, item_inspections, pareto};
pub use ranking::{HallRanking, RankingData, ranking};
pub use trend::{TrendData, TrendPoint, moving_average, trend};

/// Errors of the report queries.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A query failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A request that makes no sense, such as a period that ends before it starts.
    #[error("{0}")]
    Invalid(String),
}

impl From<rusqlite::types::FromSqlError> for ReportError {
    fn from(e: rusqlite::types::FromSqlError) -> ReportError {
        ReportError::Sqlite(rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            Box::new(e),
        ))
    }
}

/// Result of report calls.
pub type Result<T, E = ReportError> = std::result::Result<T, E>;

/// A span of local calendar days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
}

impl Period {
    /// The days `from ..= to`; refused when `to` is before `from`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period> {
        if to < from {
            return Err(ReportError::Invalid(format!(
                "the period ends ({to}) before it starts ({from})"
            )));
        }
        Ok(Period { from, to })
    }

    /// One calendar month.
    pub fn month(year: i32, month: u32) -> Result<Period> {
        let from = NaiveDate::from_ymd_opt(year, month, 1)
            .ok_or_else(|| ReportError::Invalid(format!("{year}-{month:02} is not a month")))?;
        let to = from
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .ok_or_else(|| ReportError::Invalid(format!("{year}-{month:02} is out of range")))?;
        Ok(Period { from, to })
    }

    /// Parses `YYYY-MM` as a month, or `YYYY-MM-DD..YYYY-MM-DD` as a custom span.
    pub fn parse(text: &str) -> Result<Period> {
        let text = text.trim();
        if let Some((a, b)) = text.split_once("..") {
            let day = |t: &str| {
                NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
                    .map_err(|_| ReportError::Invalid(format!("`{t}` is not a day (YYYY-MM-DD)")))
            };
            return Period::new(day(a)?, day(b)?);
        }
        let bad = || ReportError::Invalid(format!("`{text}` is not a month (YYYY-MM)"));
        let (y, m) = text.split_once('-').ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        Period::month(year, month)
    }

    /// Number of days, ends included.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// True when the period is exactly one calendar month.
    pub fn is_calendar_month(&self) -> bool {
        self.from.day() == 1
            && Period::month(self.from.year(), self.from.month()).is_ok_and(|m| m == *self)
    }

    /// The period to compare with: the previous calendar month for a calendar month (环比),
    /// else the span of equal length that ends the day before `from`.
    pub fn previous(&self) -> Period {
        if self.is_calendar_month()
            && let Some(start) = self.from.checked_sub_months(Months::new(1))
            && let Ok(p) = Period::month(start.year(), start.month())
        {
            return p;
        }
        let len = self.days() as u64;
        let to = self.from.pred_opt().unwrap_or(self.from);
        let from = to.checked_sub_days(Days::new(len - 1)).unwrap_or(to);
        Period { from, to }
    }

    /// Whether a day lies within.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// The first day as stored (`YYYY-MM-DD`).
    pub fn from_text(&self) -> String {
        day_text(self.from)
    }

    /// The last day as stored (`YYYY-MM-DD`).
    pub fn to_text(&self) -> String {
        day_text(self.to)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_calendar_month() {
            write!(f, "{}", self.from.format("%Y-%m"))
        } else {
            write!(f, "{}..{}", self.from, self.to)
        }
    }
}

/// A day as stored in `inspections.inspected_on`.
pub(crate) fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// Parses a stored `YYYY-MM-DD` without chrono's general format machinery (trend reads
/// thousands of them per call).
pub(crate) fn parse_day(text: &[u8]) -> Option<NaiveDate> {
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

/// The area of a stored code, matched on the bytes (reports read one per area row).
pub(crate) fn area_of(code: &[u8]) -> Option<Area> {
    Some(match code {
        b"pre_shift" => Area::PreShift,
        b"post_shift" => Area::PostShift,
        b"supervision" => Area::Supervision,
        b"patrol" => Area::Patrol,
        b"handover" => Area::Handover,
        b"appearance" => Area::Appearance,
        b"hygiene" => Area::Hygiene,
        b"discipline" => Area::Discipline,
        _ => return None,
    })
}

/// Reads a stored day from a column, as a conversion error when malformed.
pub(crate) fn day_column(row: &rusqlite::Row, index: usize) -> rusqlite::Result<NaiveDate> {
    let bytes = row.get_ref(index)?.as_bytes()?;
    parse_day(bytes).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            format!("`{}` is not a day", String::from_utf8_lossy(bytes)).into(),
        )
    })
}

/// Parsed template snapshots by content hash, shared by all reports of the process: a
/// snapshot row never changes, and parsing the JSON costs more than a small report's SQL.
fn parsed_snapshots() -> &'static Mutex<HashMap<String, Arc<Template>>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Template>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Template snapshots by row, each looked up once per report.
#[derive(Default)]
pub(crate) struct Snapshots {
    rows: HashMap<i64, Arc<Template>>,
    hashes: HashMap<i64, String>,
}

impl Snapshots {
    /// The snapshot of a template row.
    pub(crate) fn get(&mut self, store: &Store, row: i64) -> Result<&Template> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.rows.entry(row) {
            // The templates table is small: read every row's hash once per report.
            if self.hashes.is_empty() {
                let mut stmt = store
                    .conn()
                    .prepare_cached("SELECT id, hash FROM templates")?;
                let mut rows = stmt.query([])?;
                while let Some(r) = rows.next()? {
                    self.hashes.insert(r.get(0)?, r.get(1)?);
                }
            }
            let hash = self
                .hashes
                .get(&row)
                .cloned()
                .ok_or_else(|| StoreError::NotFound(format!("no template snapshot {row}")))?;
            let cached = parsed_snapshots()
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .get(&hash)
                .cloned();
            let template = match cached {
                Some(t) => t,
                None => {
                    let t = Arc::new(store.template_snapshot(row)?);
                    parsed_snapshots()
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .insert(hash, Arc::clone(&t));
                    t
                }
            };
            slot.insert(template);
        }
        self.rows
            .get(&row)
            .map(|t| t.as_ref())
            .ok_or_else(|| ReportError::Invalid(format!("no template snapshot {row}")))
    }
}

/// A hall by row id, through a cached statement (reports run often; `Store::hall` prepares
/// afresh each time).
pub(crate) fn hall(store: &Store, id: i64) -> Result<Hall> {
    let mut stmt = store
        .conn()
        .prepare_cached("SELECT id, uuid, code, name, archived FROM halls WHERE id = ?1")?;
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        Some(r) => Ok(Hall {
            id: r.get(0)?,
            uuid: r.get(1)?,
            code: r.get(2)?,
            name: r.get(3)?,
            archived: r.get(4)?,
        }),
        None => Err(StoreError::NotFound(format!("no hall with id {id}")).into()),
    }
}

/// The rating bands as [`Store::settings`] reads them (missing or unreadable values fall back
/// to the defaults), through one cached statement.
pub(crate) fn bands(store: &Store) -> Result<RatingBands> {
    let mut bands = RatingBands::default();
    let mut stmt = store.conn().prepare_cached(
        "SELECT key, value FROM settings WHERE key IN ('band_excellent', 'band_good', 'band_pass')",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let key: String = r.get(0)?;
        let Ok(value) = Points::parse(&r.get::<_, String>(1)?) else {
            continue;
        };
        match key.as_str() {
            "band_excellent" => bands.excellent = value,
            "band_good" => bands.good = value,
            "band_pass" => bands.pass = value,
            _ => {}
        }
    }
    Ok(bands)
}

/// Gives the connection a page cache and memory map sized for reports over years of data
/// (64 MB cache, 256 MB map): a hall's five-year trend touches thousands of pages, which the
/// default 2 MB cache re-reads from the file on every call. Call once after opening.
pub fn tune_connection(store: &Store) -> Result<()> {
    store.conn().pragma_update(None, "cache_size", -65_536)?;
    store.conn().pragma_update(None, "mmap_size", 268_435_456)?;
    Ok(())
}

/// A share as a percentage with one decimal, for tables (`87.5%`).
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn months_and_previous_periods() {
        let oct = Period::parse("2026-10").unwrap_or(Period {
            from: d(1, 1, 1),
            to: d(1, 1, 1),
        });
        assert_eq!((oct.from, oct.to), (d(2026, 10, 1), d(2026, 10, 31)));
        assert!(oct.is_calendar_month());
        assert_eq!(
            oct.previous(),
            Period {
                from: d(2026, 9, 1),
                to: d(2026, 9, 30)
            }
        );
        let mar = Period {
            from: d(2024, 3, 1),
            to: d(2024, 3, 31),
        };
        assert_eq!(
            mar.previous(),
            Period {
                from: d(2024, 2, 1),
                to: d(2024, 2, 29)
            }
        );
        let custom = Period {
            from: d(2026, 10, 5),
            to: d(2026, 10, 11),
        };
        assert_eq!(
            custom.previous(),
            Period {
                from: d(2026, 9, 28),
                to: d(2026, 10, 4)
            }
        );
        assert_eq!(custom.days(), 7);
        assert!(Period::parse("2026-13").is_err());
        assert!(Period::parse("2026-10-05..2026-10-01").is_err());
        assert_eq!(Period::parse("2026-10-05..2026-10-11").ok(), Some(custom));
    }

    #[test]
    fn area_codes_match_the_domain() {
        for area in Area::ALL {
            assert_eq!(area_of(area.code().as_bytes()), Some(area));
        }
        assert_eq!(area_of(b"lobby"), None);
    }

    #[test]
    fn parses_stored_days() {
        assert_eq!(parse_day(b"2026-10-05"), Some(d(2026, 10, 5)));
        assert_eq!(parse_day(b"2026-02-30"), None);
        assert_eq!(parse_day(b"2026-1-05"), None);
        assert_eq!(parse_day(b"20x6-10-05"), None);
    }
}
