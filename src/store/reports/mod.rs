//! The report queries: plain rows for the report layer, which computes the figures from them.
//!
//! Only submitted inspections are read: drafts never count. Queries about one hall write
//! `+i.status`: without statistics SQLite would otherwise pick the (status, day) index and
//! read every hall's rows; the unary `+` leaves it the (hall, day, …) covering index of
//! schema version 3. Days are the local calendar days stored in `inspections.inspected_on`.
//!
//! Each statement is a [`ReportQuery`], so `hallcheck bench` can time the very statement a
//! report runs, bare, as the report's floor.

mod queries;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, Rows, Statement, ToSql};

use crate::domain::{Area, Points, Rating};
use crate::store::halls::hall_from_row;
use crate::store::{Hall, Result, StaffName, Store};

use queries::ITEM_SQL;
pub use queries::ReportQuery;

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
    /// Points earned.
    pub earned: Points,
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

/// Points lost after the cap in one area of one inspection of a hall.
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
    /// Σ points earned.
    pub earned: Points,
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
fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// Parses a stored `YYYY-MM-DD` without chrono's general format machinery (a trend reads
/// thousands of them per call).
fn parse_day(text: &[u8]) -> Option<NaiveDate> {
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
fn area_of(code: &[u8]) -> Option<Area> {
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
fn day_column(row: &Row, index: usize) -> rusqlite::Result<NaiveDate> {
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
fn area_column(row: &Row, index: usize) -> rusqlite::Result<Option<Area>> {
    Ok(row.get_ref(index)?.as_bytes().ok().and_then(area_of))
}

/// The people of a `people_json!` column (see `queries`).
fn people_column(row: &Row, index: usize) -> rusqlite::Result<Vec<StaffName>> {
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

fn points_column(row: &Row, index: usize) -> rusqlite::Result<Points> {
    Ok(Points::from_hundredths(
        row.get::<_, Option<i64>>(index)?.unwrap_or(0),
    ))
}

/// Binds (hall, first day, last day), or the days alone when no hall is given.
fn bind<'s>(
    stmt: &'s mut Statement,
    hall_id: Option<i64>,
    (from, to): (NaiveDate, NaiveDate),
) -> rusqlite::Result<Rows<'s>> {
    let (from, to) = (day_text(from), day_text(to));
    match hall_id {
        Some(hall) => stmt.query((hall, from, to)),
        None => stmt.query((from, to)),
    }
}

impl Store {
    /// Runs a report statement and maps each row; rows mapped to `None` are skipped. The
    /// hall is bound only when given (the per-hall statements).
    fn report_rows<T>(
        &self,
        query: ReportQuery,
        hall_id: Option<i64>,
        days: (NaiveDate, NaiveDate),
        mut map: impl FnMut(&Row) -> rusqlite::Result<Option<T>>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(query.sql())?;
        let mut rows = bind(&mut stmt, hall_id, days)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            if let Some(value) = map(r)? {
                out.push(value);
            }
        }
        Ok(out)
    }

    /// A hall's submitted inspections on the days `from ..= to`, oldest first.
    pub fn trend_rows(
        &self,
        hall_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<TrendRow>> {
        self.named(|| {
            self.report_rows(ReportQuery::Trend, Some(hall_id), (from, to), |r| {
                Ok(Some(TrendRow {
                    inspection_id: r.get(0)?,
                    uuid: r.get(1)?,
                    date: day_column(r, 2)?,
                    score: points_column(r, 3)?,
                    rating: r.get_ref(4)?.as_str_or_null()?.and_then(Rating::from_code),
                    veto: r.get(5)?,
                    inspector: r.get(6)?,
                }))
            })
        })
    }

    /// The area results of those inspections, in no particular order.
    pub fn trend_area_rows(
        &self,
        hall_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<AreaResultRow>> {
        self.named(|| {
            self.report_rows(ReportQuery::TrendAreas, Some(hall_id), (from, to), |r| {
                let Some(area) = area_column(r, 1)? else {
                    return Ok(None);
                };
                Ok(Some(AreaResultRow {
                    inspection_id: r.get(0)?,
                    area,
                    effective_cap: points_column(r, 2)?,
                    earned: points_column(r, 3)?,
                }))
            })
        })
    }

    /// Every hall's submitted inspections on the days `from ..= to`, summed; halls without
    /// any have no row.
    pub fn hall_totals(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<HallTotals>> {
        self.named(|| {
            self.report_rows(ReportQuery::Ranking, None, (from, to), |r| {
                Ok(Some(HallTotals {
                    hall_id: r.get(0)?,
                    done: r.get(1)?,
                    score_sum: points_column(r, 2)?,
                    passed: r.get::<_, Option<i64>>(3)?.unwrap_or(0),
                    vetoes: r.get::<_, Option<i64>>(4)?.unwrap_or(0),
                }))
            })
        })
    }

    /// Points lost per area of every submitted inspection on the days `from ..= to`.
    pub fn hall_area_losses(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<HallAreaLoss>> {
        self.named(|| {
            self.report_rows(ReportQuery::RankingAreas, None, (from, to), |r| {
                let Some(area) = area_column(r, 1)? else {
                    return Ok(None);
                };
                Ok(Some(HallAreaLoss {
                    hall_id: r.get(0)?,
                    area,
                    lost: points_column(r, 2)?,
                }))
            })
        })
    }

    /// How many submitted inspections a hall has on the days `from ..= to`.
    pub fn submitted_count(&self, hall_id: i64, from: NaiveDate, to: NaiveDate) -> Result<i64> {
        self.named(|| {
            let counts =
                self.report_rows(ReportQuery::ParetoCount, Some(hall_id), (from, to), |r| {
                    Ok(Some(r.get::<_, i64>(0)?))
                })?;
            Ok(counts.into_iter().sum())
        })
    }

    /// A hall's failed answers on the days `from ..= to`, summed per template row and item.
    pub fn item_failures(
        &self,
        hall_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ItemFailures>> {
        self.named(|| {
            self.report_rows(ReportQuery::Pareto, Some(hall_id), (from, to), |r| {
                Ok(Some(ItemFailures {
                    template_row: r.get(0)?,
                    item_id: r.get(1)?,
                    lost: points_column(r, 2)?,
                    occurrences: r.get(3)?,
                    failed: r.get(4)?,
                }))
            })
        })
    }

    /// The submitted inspections of a hall on the days `from ..= to` where an item of a
    /// template (any version) failed, oldest first.
    pub fn item_occurrences(
        &self,
        hall_id: i64,
        from: NaiveDate,
        to: NaiveDate,
        template_id: &str,
        item_id: &str,
    ) -> Result<Vec<ItemOccurrence>> {
        self.named(|| {
            let mut stmt = self.conn.prepare_cached(ITEM_SQL)?;
            let params: [&dyn ToSql; 5] = [
                &hall_id,
                &day_text(from),
                &day_text(to),
                &template_id,
                &item_id,
            ];
            let rows = stmt
                .query_map(params.as_slice(), |r| {
                    Ok(ItemOccurrence {
                        inspection_id: r.get(0)?,
                        uuid: r.get(1)?,
                        date: day_column(r, 2)?,
                        count: r.get(3)?,
                        deduction: points_column(r, 4)?,
                        note: r.get(5)?,
                        staff: people_column(r, 6)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// A hall with its submitted inspections on the days `from ..= to`, summed (`None` when
    /// there is no such hall).
    pub fn hall_with_totals(
        &self,
        hall_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Option<(Hall, HallTotals)>> {
        self.named(|| {
            let mut stmt = self.conn.prepare_cached(ReportQuery::MonthlyHeader.sql())?;
            Ok(stmt
                .query_row((hall_id, day_text(from), day_text(to)), |r| {
                    Ok((
                        hall_from_row(r)?,
                        HallTotals {
                            hall_id,
                            done: r.get(5)?,
                            score_sum: points_column(r, 6)?,
                            passed: r.get::<_, Option<i64>>(7)?.unwrap_or(0),
                            vetoes: r.get::<_, Option<i64>>(8)?.unwrap_or(0),
                        },
                    ))
                })
                .optional()?)
        })
    }

    /// A hall's submitted inspections on the days `from ..= to`, summed per area.
    pub fn area_totals(
        &self,
        hall_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<AreaTotals>> {
        self.named(|| {
            self.report_rows(ReportQuery::MonthlyAreas, Some(hall_id), (from, to), |r| {
                let Some(area) = area_column(r, 0)? else {
                    return Ok(None);
                };
                Ok(Some(AreaTotals {
                    area,
                    inspections: r.get(1)?,
                    cap: points_column(r, 2)?,
                    effective_cap: points_column(r, 3)?,
                    earned: points_column(r, 4)?,
                    vetoes: r.get::<_, Option<i64>>(5)?.unwrap_or(0),
                }))
            })
        })
    }

    /// Every failed answer of a hall's submitted inspections on the days `from ..= to`,
    /// oldest first.
    pub fn failed_answers(
        &self,
        hall_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<FailedAnswer>> {
        self.named(|| {
            self.report_rows(ReportQuery::MonthlyFails, Some(hall_id), (from, to), |r| {
                Ok(Some(FailedAnswer {
                    date: day_column(r, 0)?,
                    template_row: r.get(1)?,
                    item_id: r.get(2)?,
                    count: r.get(3)?,
                    deduction: points_column(r, 4)?,
                    note: r.get_ref(5)?.as_str()?.trim().to_owned(),
                    staff: people_column(r, 6)?,
                }))
            })
        })
    }

    /// The first and last local day with any inspection, if there is one.
    pub fn inspection_days(&self) -> Result<Option<(NaiveDate, NaiveDate)>> {
        self.named(|| {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT min(inspected_on), max(inspected_on) FROM inspections")?;
            let days = stmt.query_row([], |r| {
                Ok(match r.get_ref(0)?.as_bytes_or_null()? {
                    Some(_) => Some((day_column(r, 0)?, day_column(r, 1)?)),
                    None => None,
                })
            })?;
            Ok(days)
        })
    }

    /// Runs a report statement bare, as the floor its report is measured against: the same
    /// statement through the same path, each row stepped and every column touched, nothing
    /// kept. `hall_id` is for the per-hall statements. Returns the rows read.
    pub fn run_bare(
        &self,
        query: ReportQuery,
        hall_id: Option<i64>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<u64> {
        self.named(|| {
            let mut total = 0u64;
            self.report_rows(query, hall_id, (from, to), |r| {
                for c in 0..r.as_ref().column_count() {
                    std::hint::black_box(r.get_ref(c)?);
                }
                total += 1;
                Ok(None::<()>)
            })?;
            Ok(total)
        })
    }

    /// SQLite's plan of a report statement, its steps joined by ` | `.
    pub fn query_plan(
        &self,
        query: ReportQuery,
        hall_id: Option<i64>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<String> {
        self.named(|| {
            let mut stmt = self
                .conn
                .prepare(&format!("EXPLAIN QUERY PLAN {}", query.sql()))?;
            let mut rows = bind(&mut stmt, hall_id, (from, to))?;
            let mut steps = Vec::new();
            while let Some(r) = rows.next()? {
                steps.push(r.get::<_, String>(3)?);
            }
            Ok(steps.join(" | "))
        })
    }

    /// Gives the connection a page cache and memory map sized for reports over years of data
    /// (64 MB cache, 256 MB map): a hall's five-year trend touches thousands of pages, which
    /// the default 2 MB cache re-reads from the file on every call. Call once after opening.
    pub fn tune_for_reports(&self) -> Result<()> {
        self.named(|| {
            self.conn.pragma_update(None, "cache_size", -65_536)?;
            self.conn.pragma_update(None, "mmap_size", 268_435_456)?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_codes_match_the_domain() {
        for area in Area::ALL {
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
