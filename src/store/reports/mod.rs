//! The report queries: plain rows for the report layer, which computes the figures from them.
//!
//! Only submitted inspections are read: drafts never count. The trend, ranking and Pareto
//! statements take a kind as their last parameter: NULL reads every kind. Queries about one
//! hall write `+i.status`: without statistics SQLite would otherwise pick the (status, day)
//! index and read every hall's rows; the unary `+` leaves it the (hall, day, …) covering index
//! of schema version 3 (with the kind since version 8). Days are the local calendar days
//! stored in `inspections.inspected_on`.
//!
//! Each statement is a [`ReportQuery`] (its SQL in [`queries`]), so `hallcheck bench` can
//! time the very statement a report runs, bare, as the report's floor. The rows and how their
//! columns are read are in [`rows`].

mod queries;
mod rows;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, Rows, Statement, ToSql};

use crate::domain::{InspectionKind, Rating};
use crate::store::halls::hall_from_row;
use crate::store::{Hall, Result, Store};

use queries::ITEM_SQL;
pub use queries::ReportQuery;
pub use rows::{
    AreaResultRow, AreaTotals, FailedAnswer, HallAreaLoss, HallTotals, ItemFailures,
    ItemOccurrence, TrendRow,
};
use rows::{area_column, day_column, day_text, people_column, points_column};

/// Binds (hall, first day, last day), or the days alone when no hall is given, then the kind
/// (NULL for all) when the statement takes one.
fn bind<'s>(
    stmt: &'s mut Statement,
    query: ReportQuery,
    hall_id: Option<i64>,
    (from, to): (NaiveDate, NaiveDate),
    kind: Option<InspectionKind>,
) -> rusqlite::Result<Rows<'s>> {
    let (from, to) = (day_text(from), day_text(to));
    let kind = kind.map(InspectionKind::code);
    match (hall_id, query.takes_kind()) {
        (Some(hall), true) => stmt.query((hall, from, to, kind)),
        (Some(hall), false) => stmt.query((hall, from, to)),
        (None, true) => stmt.query((from, to, kind)),
        (None, false) => stmt.query((from, to)),
    }
}

impl Store {
    /// Runs a report statement and maps each row; rows mapped to `None` are skipped. The
    /// hall is bound only when given (the per-hall statements), the kind only where the
    /// statement takes one.
    fn report_rows<T>(
        &self,
        query: ReportQuery,
        (hall_id, kind): (Option<i64>, Option<InspectionKind>),
        days: (NaiveDate, NaiveDate),
        mut map: impl FnMut(&Row) -> rusqlite::Result<Option<T>>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(query.sql())?;
        let mut rows = bind(&mut stmt, query, hall_id, days, kind)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            if let Some(value) = map(r)? {
                out.push(value);
            }
        }
        Ok(out)
    }

    /// A hall's submitted inspections on the days `from ..= to`, of one kind or all, oldest
    /// first.
    pub fn trend_rows(
        &self,
        hall_id: i64,
        from: NaiveDate,
        to: NaiveDate,
        kind: Option<InspectionKind>,
    ) -> Result<Vec<TrendRow>> {
        self.named(|| {
            self.report_rows(ReportQuery::Trend, (Some(hall_id), kind), (from, to), |r| {
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
        kind: Option<InspectionKind>,
    ) -> Result<Vec<AreaResultRow>> {
        self.named(|| {
            self.report_rows(
                ReportQuery::TrendAreas,
                (Some(hall_id), kind),
                (from, to),
                |r| {
                    let Some(area) = area_column(r, 1)? else {
                        return Ok(None);
                    };
                    Ok(Some(AreaResultRow {
                        inspection_id: r.get(0)?,
                        area,
                        effective_cap: points_column(r, 2)?,
                        earned: points_column(r, 3)?,
                        bonus: points_column(r, 4)?,
                    }))
                },
            )
        })
    }

    /// Every hall's submitted inspections on the days `from ..= to`, of one kind or all,
    /// summed; halls without any have no row.
    pub fn hall_totals(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        kind: Option<InspectionKind>,
    ) -> Result<Vec<HallTotals>> {
        self.named(|| {
            self.report_rows(ReportQuery::Ranking, (None, kind), (from, to), |r| {
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

    /// Points deducted per area (after its cap, a bonus apart) of every submitted inspection
    /// on the days `from ..= to`, of one kind or all.
    pub fn hall_area_losses(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        kind: Option<InspectionKind>,
    ) -> Result<Vec<HallAreaLoss>> {
        self.named(|| {
            self.report_rows(ReportQuery::RankingAreas, (None, kind), (from, to), |r| {
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

    /// How many submitted inspections, of one kind or all, a hall has on the days
    /// `from ..= to`.
    pub fn submitted_count(
        &self,
        hall_id: i64,
        from: NaiveDate,
        to: NaiveDate,
        kind: Option<InspectionKind>,
    ) -> Result<i64> {
        self.named(|| {
            let counts = self.report_rows(
                ReportQuery::ParetoCount,
                (Some(hall_id), kind),
                (from, to),
                |r| Ok(Some(r.get::<_, i64>(0)?)),
            )?;
            Ok(counts.into_iter().sum())
        })
    }

    /// A hall's failed answers on the days `from ..= to` (inspections of one kind or all),
    /// summed per template row and item.
    pub fn item_failures(
        &self,
        hall_id: i64,
        from: NaiveDate,
        to: NaiveDate,
        kind: Option<InspectionKind>,
    ) -> Result<Vec<ItemFailures>> {
        self.named(|| {
            self.report_rows(
                ReportQuery::Pareto,
                (Some(hall_id), kind),
                (from, to),
                |r| {
                    Ok(Some(ItemFailures {
                        template_row: r.get(0)?,
                        item_id: r.get(1)?,
                        lost: points_column(r, 2)?,
                        occurrences: r.get(3)?,
                        failed: r.get(4)?,
                    }))
                },
            )
        })
    }

    /// The submitted inspections (of one kind or all) of a hall on the days `from ..= to`
    /// where an item of a template (any version) failed, oldest first.
    pub fn item_occurrences(
        &self,
        hall_id: i64,
        (from, to): (NaiveDate, NaiveDate),
        kind: Option<InspectionKind>,
        template_id: &str,
        item_id: &str,
    ) -> Result<Vec<ItemOccurrence>> {
        self.named(|| {
            let mut stmt = self.conn.prepare_cached(ITEM_SQL)?;
            let params: [&dyn ToSql; 6] = [
                &hall_id,
                &day_text(from),
                &day_text(to),
                &template_id,
                &item_id,
                &kind.map(InspectionKind::code),
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
            self.report_rows(
                ReportQuery::MonthlyAreas,
                (Some(hall_id), None),
                (from, to),
                |r| {
                    let Some(area) = area_column(r, 0)? else {
                        return Ok(None);
                    };
                    Ok(Some(AreaTotals {
                        area,
                        inspections: r.get(1)?,
                        cap: points_column(r, 2)?,
                        effective_cap: points_column(r, 3)?,
                        earned: points_column(r, 4)?,
                        bonus: points_column(r, 6)?,
                        vetoes: r.get::<_, Option<i64>>(5)?.unwrap_or(0),
                    }))
                },
            )
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
            self.report_rows(
                ReportQuery::MonthlyFails,
                (Some(hall_id), None),
                (from, to),
                |r| {
                    Ok(Some(FailedAnswer {
                        date: day_column(r, 0)?,
                        template_row: r.get(1)?,
                        item_id: r.get(2)?,
                        count: r.get(3)?,
                        deduction: points_column(r, 4)?,
                        note: r.get_ref(5)?.as_str()?.trim().to_owned(),
                        staff: people_column(r, 6)?,
                    }))
                },
            )
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
    /// kept. `hall_id` is for the per-hall statements; every kind is read (the reports'
    /// usual path). Returns the rows read.
    pub fn run_bare(
        &self,
        query: ReportQuery,
        hall_id: Option<i64>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<u64> {
        self.named(|| {
            let mut total = 0u64;
            self.report_rows(query, (hall_id, None), (from, to), |r| {
                for c in 0..r.as_ref().column_count() {
                    std::hint::black_box(r.get_ref(c)?);
                }
                total += 1;
                Ok(None::<()>)
            })?;
            Ok(total)
        })
    }

    /// SQLite's plan of a report statement (over every kind), its steps joined by ` | `.
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
            let mut rows = bind(&mut stmt, query, hall_id, (from, to), None)?;
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
