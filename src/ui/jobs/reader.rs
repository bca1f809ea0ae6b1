//! The reader: one thread with its own connection that does every read the screens need —
//! the overview, a walk or an inspection to show, History pages, the report figures and the
//! photo thumbnails — so no query runs inside a frame. A request superseded by a newer one of
//! the same kind while it waited is dropped unanswered.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::domain::{Amendment, InspectionKind};
use crate::report::pareto::ItemOccurrence;
use crate::report::{
    self, KindComparison, MonthlySheet, ParetoData, Period, RankingData, TrendData,
};
use crate::store::chain::Verification;
use crate::store::{
    DayEntry, DraftSummary, Hall, HallRectificationCounts, InspectionDetail, InspectionFilter,
    InspectionRow, LastResult, PriorRectification, RectificationDetail, RectificationFilter,
    RectificationRow, SortKey, Staff, Store,
};
use crate::ui::error::UiError;
use crate::ui::jobs::{Job, Worker};

/// Rows per History page.
pub const PAGE_ROWS: usize = 200;

/// What a History list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryQuery {
    /// Filter.
    pub filter: InspectionFilter,
    /// Sort column.
    pub sort: SortKey,
    /// Descending.
    pub descending: bool,
}

/// What the Ranking screen shows: the ranking of a period (of one kind or all), and two kinds
/// compared over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RankingQuery {
    /// The days.
    pub period: Period,
    /// The one kind ranked (`None`: every kind).
    pub kind: Option<InspectionKind>,
    /// The two kinds compared (the gap is the first's mean less the second's).
    pub compared: [InspectionKind; 2],
}

impl RankingQuery {
    /// Every kind ranked over `period`, 自查 compared with 暗访.
    pub fn of(period: Period) -> RankingQuery {
        RankingQuery {
            period,
            kind: None,
            compared: report::DEFAULT_COMPARED,
        }
    }
}

/// A read the app asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Read {
    /// Halls, open drafts and the last 7 days up to `today` (Today, Inspect, Halls).
    Overview {
        /// The user's local today.
        today: NaiveDate,
    },
    /// One hall's staff, archived included (Halls).
    Staff {
        /// Hall row id.
        hall_id: i64,
    },
    /// An inspection to walk, with the hall's last results and staff.
    Walk {
        /// Inspection row id.
        id: i64,
    },
    /// The tamper check of the whole database (Settings).
    Verify,
    /// An inspection to show read-only.
    Detail {
        /// Inspection row id.
        id: i64,
    },
    /// Count History's matching inspections.
    HistoryCount {
        /// Which query generation asked.
        generation: u64,
        /// The query.
        query: HistoryQuery,
    },
    /// One History page.
    HistoryPage {
        /// Which query generation asked.
        generation: u64,
        /// The query.
        query: HistoryQuery,
        /// Page number.
        page: usize,
    },
    /// One hall's trend and Pareto.
    Trend {
        /// Hall row id.
        hall_id: i64,
        /// The days.
        period: Period,
        /// The one kind of inspection (`None`: every kind).
        kind: Option<InspectionKind>,
    },
    /// The failed answers of one item (the Pareto list's drill-down).
    ItemList {
        /// Hall row id.
        hall_id: i64,
        /// The days.
        period: Period,
        /// The one kind of inspection (`None`: every kind).
        kind: Option<InspectionKind>,
        /// Template id.
        template_id: String,
        /// Item id.
        item_id: String,
    },
    /// All halls ranked over a period, and two kinds compared.
    Ranking {
        /// What is ranked and compared.
        query: RankingQuery,
        /// The user's local today (what is expected so far).
        today: NaiveDate,
    },
    /// One hall's monthly sheet.
    Monthly {
        /// Hall row id.
        hall_id: i64,
        /// The calendar month.
        month: Period,
        /// The user's local today (its rectifications judged on it).
        today: NaiveDate,
    },
    /// The rectifications a filter picks, judged on `today`, and the owners to filter by.
    Rectifications {
        /// Which.
        filter: RectificationFilter,
        /// The user's local today (overdue, due today).
        today: NaiveDate,
    },
    /// One rectification whole: its history and photos.
    Rectification {
        /// Row id.
        id: i64,
        /// The user's local today.
        today: NaiveDate,
    },
    /// Photo thumbnails: stored bytes read and decoded.
    Thumbs(Vec<i64>),
    /// One photo at its stored size, for the viewer.
    Photo(i64),
}

/// The overview of halls and drafts.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// All halls, archived included.
    pub halls: Vec<Hall>,
    /// Open drafts.
    pub drafts: Vec<DraftSummary>,
    /// The inspections of the last 7 days.
    pub entries: Vec<DayEntry>,
    /// The today they end on.
    pub today: NaiveDate,
    /// What is still to fix per hall, judged on `today`.
    pub rectifications: Vec<HallRectificationCounts>,
}

/// An inspection to walk.
#[derive(Debug, Clone, PartialEq)]
pub struct WalkData {
    /// Header, snapshots, answers, photos.
    pub detail: InspectionDetail,
    /// The hall's last results, by (template id, item id).
    pub last: HashMap<(String, String), LastResult>,
    /// The hall's staff.
    pub staff: Vec<Staff>,
    /// The hall's recent reasons for failing each item, by (template id, item id).
    pub recent_notes: HashMap<(String, String), Vec<String>>,
    /// The earlier rectifications a fail on the inspection's day would repeat (重复问题).
    pub prior: Vec<PriorRectification>,
    /// The answers marked fixed on the spot (当场整改), as (template row, item id).
    pub fixed_on_spot: Vec<(i64, String)>,
}

/// What the reader answers: the request itself (so the app can tell whether it is still
/// wanted) and its result.
#[derive(Debug)]
pub struct Loaded {
    /// The request answered.
    pub read: Read,
    /// What it read, or why it could not.
    pub result: Result<Payload, UiError>,
}

/// What a read returns, one variant per kind of [`Read`].
#[derive(Debug)]
pub enum Payload {
    /// See [`Read::Overview`].
    Overview(Overview),
    /// See [`Read::Staff`].
    Staff(Vec<Staff>),
    /// See [`Read::Walk`].
    Walk(WalkData),
    /// See [`Read::Detail`].
    Detail(InspectionDetail, Vec<Amendment>),
    /// See [`Read::Verify`].
    Verify(Verification),
    /// See [`Read::HistoryCount`]: matching rows.
    HistoryCount(usize),
    /// See [`Read::HistoryPage`].
    HistoryPage(Vec<InspectionRow>),
    /// See [`Read::Trend`].
    Trend(TrendData, ParetoData),
    /// See [`Read::ItemList`]: the failed answers, oldest first.
    ItemList(Vec<ItemOccurrence>),
    /// See [`Read::Ranking`]: the ranking, and the comparison of the two kinds.
    Ranking(RankingData, KindComparison),
    /// See [`Read::Monthly`].
    Monthly(MonthlySheet),
    /// See [`Read::Rectifications`]: the rows, and every owner named at the hall filtered
    /// by (or at all halls).
    Rectifications(Vec<RectificationRow>, Vec<String>),
    /// See [`Read::Rectification`].
    Rectification(Box<RectificationDetail>),
    /// See [`Read::Thumbs`]: each photo's thumbnail, or why it cannot be shown.
    Thumbs(Vec<(i64, Result<egui::ColorImage, UiError>)>),
    /// See [`Read::Photo`].
    Photo(egui::ColorImage),
}

impl Read {
    fn history_generation(&self) -> Option<u64> {
        match self {
            Read::HistoryCount { generation, .. } | Read::HistoryPage { generation, .. } => {
                Some(*generation)
            }
            _ => None,
        }
    }
}

impl Job for Read {
    type Reply = Loaded;

    fn superseded_by(&self, newer: &Read) -> bool {
        match (self.history_generation(), newer.history_generation()) {
            // Pages of one query all stay wanted; a new query replaces them all.
            (Some(mine), Some(theirs)) => theirs > mine,
            // A newer read of the same kind replaces this one; thumbnails are all wanted.
            _ => {
                !matches!(self, Read::Thumbs(_))
                    && std::mem::discriminant(self) == std::mem::discriminant(newer)
            }
        }
    }

    fn priority(&self) -> u8 {
        // Thumbnails decorate; everything else is waited for.
        u8::from(matches!(self, Read::Thumbs(_)))
    }

    fn panic_reply(&self, message: &str) -> Loaded {
        Loaded {
            read: self.clone(),
            result: Err(UiError::Failed(message.to_owned())),
        }
    }
}

/// The matching ids of the last text-filtered query: a search of the notes reads them all
/// once, then its count and every page, at any depth, come from the list.
#[derive(Debug, Default)]
struct HistoryCache {
    key: Option<(u64, HistoryQuery)>,
    ids: Vec<i64>,
}

impl HistoryCache {
    fn ids(
        &mut self,
        store: &Store,
        generation: u64,
        query: &HistoryQuery,
    ) -> crate::store::Result<&[i64]> {
        let key = (generation, query.clone());
        if self.key.as_ref() != Some(&key) {
            self.key = None;
            self.ids = store.inspection_ids(&query.filter, query.sort, query.descending)?;
            self.key = Some(key);
        }
        Ok(&self.ids)
    }
}

fn searches_text(query: &HistoryQuery) -> bool {
    query
        .filter
        .text
        .as_deref()
        .is_some_and(|t| !t.trim().is_empty())
}

/// The reader's side: its connection (or why it could not open) and the search cache.
pub struct ReaderState {
    store: Result<Store, String>,
    cache: HistoryCache,
}

impl ReaderState {
    /// Opens the reader's own connection to the database at `db_path`.
    pub fn open(db_path: &std::path::Path) -> ReaderState {
        // A damaged file is still read where it can be (the app says it is damaged).
        let store = match Store::open(db_path) {
            Err(e) if e.is_damage() => Store::open_damaged(db_path),
            opened => opened,
        };
        let store = store.map_err(|e| e.to_string()).and_then(|store| {
            // Five-year trends read thousands of pages: keep them in memory.
            report::tune_connection(&store).map_err(|e| e.to_string())?;
            Ok(store)
        });
        ReaderState {
            store,
            cache: HistoryCache::default(),
        }
    }

    /// Answers one read.
    pub fn run(&mut self, read: &Read) -> Loaded {
        let result = match &self.store {
            Ok(store) => answer(store, &mut self.cache, read),
            Err(message) => Err(UiError::Failed(message.clone())),
        };
        Loaded {
            read: read.clone(),
            result,
        }
    }
}

/// Starts the reader on the database at `db_path`: a thread, or inline (tests).
pub fn start(
    db_path: PathBuf,
    inline: bool,
    wake: impl Fn() + Send + 'static,
) -> Result<Worker<Read>, UiError> {
    Worker::start("reader", inline, wake, move || {
        let mut state = ReaderState::open(&db_path);
        move |read: &Read| state.run(read)
    })
}

fn answer(store: &Store, cache: &mut HistoryCache, read: &Read) -> Result<Payload, UiError> {
    Ok(match read {
        Read::Overview { today } => Payload::Overview(overview(store, *today)?),
        Read::Staff { hall_id } => Payload::Staff(store.staff(*hall_id, true)?),
        Read::Walk { id } => Payload::Walk(walk_data(store, *id)?),
        Read::Detail { id } => Payload::Detail(store.inspection(*id)?, store.amendments(*id)?),
        Read::Verify => Payload::Verify(store.verify(&mut |_, _| {})?),
        Read::HistoryCount { generation, query } => {
            Payload::HistoryCount(history_count(store, cache, *generation, query)?)
        }
        Read::HistoryPage {
            generation,
            query,
            page,
        } => Payload::HistoryPage(history_page(store, cache, *generation, query, *page)?),
        Read::Trend {
            hall_id,
            period,
            kind,
        } => Payload::Trend(
            report::trend(store, *hall_id, *period, *kind)?,
            report::pareto(store, *hall_id, *period, *kind)?,
        ),
        Read::ItemList {
            hall_id,
            period,
            kind,
            template_id,
            item_id,
        } => Payload::ItemList(report::item_inspections(
            store,
            *hall_id,
            (*period, *kind),
            template_id,
            item_id,
        )?),
        Read::Ranking { query, today } => Payload::Ranking(
            report::ranking(store, query.period, *today, query.kind)?,
            report::compare_kinds(store, query.period, query.compared)?,
        ),
        Read::Monthly {
            hall_id,
            month,
            today,
        } => Payload::Monthly(report::monthly::sheet_for(store, *hall_id, *month, *today)?),
        Read::Rectifications { filter, today } => Payload::Rectifications(
            store.rectifications(filter, *today)?,
            store.rectification_owners(filter.hall_id)?,
        ),
        Read::Rectification { id, today } => {
            Payload::Rectification(Box::new(store.rectification(*id, *today)?))
        }
        Read::Photo(id) => Payload::Photo(decode(&store.attachment_bytes(*id)?, PHOTO_PX)?),
        Read::Thumbs(ids) => Payload::Thumbs(
            ids.iter()
                .map(|id| {
                    let image = store
                        .attachment_bytes(*id)
                        .map_err(UiError::from)
                        .and_then(|bytes| decode(&bytes, THUMB_PX));
                    (*id, image)
                })
                .collect(),
        ),
    })
}

fn overview(store: &Store, today: NaiveDate) -> Result<Overview, UiError> {
    let from = today - chrono::Days::new(6);
    Ok(Overview {
        halls: store.halls(true)?,
        drafts: store.drafts()?,
        entries: store.day_entries(from, today)?,
        today,
        rectifications: store.rectification_counts(today)?,
    })
}

fn walk_data(store: &Store, id: i64) -> Result<WalkData, UiError> {
    let detail = store.inspection(id)?;
    let ids: Vec<&str> = detail
        .templates
        .iter()
        .map(|(_, t)| t.id.as_str())
        .collect();
    let last = store.last_results(detail.header.hall_id, &ids, Some(id))?;
    let staff = store.staff(detail.header.hall_id, false)?;
    let recent_notes = store.recent_notes(detail.header.hall_id, Some(id))?;
    let prior = store.prior_rectifications(detail.header.hall_id, detail.header.date)?;
    let fixed_on_spot = store.fixed_on_spot(id)?;
    Ok(WalkData {
        detail,
        last,
        staff,
        recent_notes,
        prior,
        fixed_on_spot,
    })
}

fn history_count(
    store: &Store,
    cache: &mut HistoryCache,
    generation: u64,
    query: &HistoryQuery,
) -> Result<usize, UiError> {
    if searches_text(query) {
        return Ok(cache.ids(store, generation, query)?.len());
    }
    let count = store.count_inspections(&query.filter)?;
    Ok(usize::try_from(count).unwrap_or(0))
}

fn history_page(
    store: &Store,
    cache: &mut HistoryCache,
    generation: u64,
    query: &HistoryQuery,
    page: usize,
) -> Result<Vec<InspectionRow>, UiError> {
    if searches_text(query) {
        let ids = cache.ids(store, generation, query)?;
        let start = (page * PAGE_ROWS).min(ids.len());
        let end = (start + PAGE_ROWS).min(ids.len());
        return Ok(store.inspection_rows(&ids[start..end])?);
    }
    let offset = i64::try_from(page * PAGE_ROWS).unwrap_or(i64::MAX);
    Ok(store.list_inspections(
        &query.filter,
        query.sort,
        query.descending,
        offset,
        PAGE_ROWS as i64,
    )?)
}

/// The longer side of a thumbnail, in pixels.
const THUMB_PX: u32 = 240;

/// The longer side of a photo in the viewer (photos are stored at most this large).
const PHOTO_PX: u32 = 1600;

/// Decodes a stored photo into an image at most `max_px` on its longer side.
pub fn decode(bytes: &[u8], max_px: u32) -> Result<egui::ColorImage, UiError> {
    let image = image::load_from_memory(bytes).map_err(|e| UiError::Failed(e.to_string()))?;
    let small = image.thumbnail(max_px, max_px).to_rgba8();
    let size = [small.width() as usize, small.height() as usize];
    Ok(egui::ColorImage::from_rgba_unmultiplied(
        size,
        small.as_raw(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(generation: u64, page: usize) -> Read {
        Read::HistoryPage {
            generation,
            query: HistoryQuery::default(),
            page,
        }
    }

    #[test]
    fn a_new_query_replaces_the_old_ones_pages_but_not_its_own() {
        assert!(page(1, 0).superseded_by(&page(2, 0)));
        assert!(!page(2, 0).superseded_by(&page(2, 1)));
        let count = Read::HistoryCount {
            generation: 1,
            query: HistoryQuery::default(),
        };
        assert!(count.superseded_by(&page(2, 3)));
    }

    #[test]
    fn a_newer_report_request_replaces_an_older_one_of_its_kind_only() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 10, d).unwrap_or_default();
        let period = Period {
            from: day(1),
            to: day(31),
        };
        let trend = |hall_id| Read::Trend {
            hall_id,
            period,
            kind: None,
        };
        assert!(trend(1).superseded_by(&trend(2)));
        assert!(!trend(1).superseded_by(&Read::Monthly {
            hall_id: 1,
            month: period,
            today: period.to,
        }));
        assert!(!Read::Thumbs(vec![1]).superseded_by(&Read::Thumbs(vec![2])));
        assert!(Read::Thumbs(vec![1]).priority() > trend(1).priority());
    }
}
