//! Read-only queries for the app's overview screens (Today).

use chrono::NaiveDate;

use crate::domain::{Points, Rating, Shift, Status};
use crate::store::{Result, Store};

/// One inspection as the Today screen sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct DayEntry {
    /// Inspection row id.
    pub inspection_id: i64,
    /// Hall row id.
    pub hall_id: i64,
    /// Local day.
    pub date: NaiveDate,
    /// Shift.
    pub shift: Shift,
    /// Draft or submitted.
    pub status: Status,
    /// Template ids it covers.
    pub template_ids: Vec<String>,
    /// Score out of 100 (submitted only).
    pub score: Option<Points>,
    /// Rating (submitted only).
    pub rating: Option<Rating>,
    /// A veto item failed.
    pub veto: bool,
}

impl Store {
    /// Every inspection from `from` to `to` (inclusive), by day then id.
    pub fn day_entries(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<DayEntry>> {
        self.named(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, hall_id, inspected_on, status, template_ids, score, rating, shift, veto
             FROM inspections WHERE inspected_on >= ?1 AND inspected_on <= ?2
             ORDER BY inspected_on, id",
            )?;
            let rows = stmt
                .query_map(
                    (
                        from.format("%Y-%m-%d").to_string(),
                        to.format("%Y-%m-%d").to_string(),
                    ),
                    |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, i64>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, String>(3)?,
                            r.get::<_, String>(4)?,
                            r.get::<_, Option<i64>>(5)?,
                            r.get::<_, Option<String>>(6)?,
                            r.get::<_, String>(7)?,
                            r.get::<_, bool>(8)?,
                        ))
                    },
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows
                .into_iter()
                .filter_map(
                    |(id, hall_id, day, status, ids, score, rating, shift, veto)| {
                        Some(DayEntry {
                            inspection_id: id,
                            hall_id,
                            date: NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok()?,
                            shift: Shift::from_code(&shift)?,
                            status: Status::from_code(&status)?,
                            template_ids: ids.split_whitespace().map(str::to_owned).collect(),
                            score: score.map(Points::from_hundredths),
                            rating: rating.as_deref().and_then(Rating::from_code),
                            veto,
                        })
                    },
                )
                .collect())
        })
    }
}
