//! The bench lines of what the app asks while it is used: the History screen (a frame, the
//! count and page a filter change asks at any depth, a text search) and one answer of a walk.

use chrono::NaiveDate;

use crate::domain::{Outcome, Points, Status};
use crate::report::Period;
use crate::store::{AnswerInput, Hall, InspectionFilter, SortKey, Store};
use crate::ui::jobs::reader::{HistoryQuery, Loaded, PAGE_ROWS, Payload, Read, ReaderState};

use crate::checklist;

use super::bench::{Measurement, measured, peak_rss_mb, time, time_pair};

/// The History screen on the whole data set: a frame, the count and page of a new filter
/// (first and last page, with and without filters and sorts), and a text search.
pub(super) fn history_measurements(
    store: &Store,
    hall: &Hall,
    last_day: NaiveDate,
    year: Period,
    runs: u32,
) -> anyhow::Result<Vec<Measurement>> {
    let mut out = Vec::new();
    // One frame of the History screen, unfiltered, first page loaded.
    let ((median, p95), listed) = crate::ui::bench_frames::history_frame_ms(store, last_day)?;
    out.push(measured(
        format!("History screen frame, {listed} inspections listed"),
        (median, p95, 100),
        "<4 ms",
        Some(4.0),
    ));

    // History pages: newest first, 100 rows, first and last page, with and without filters.
    let filtered = InspectionFilter {
        status: Some(Status::Submitted),
        from: Some(year.from),
        to: Some(year.to),
        ..InspectionFilter::default()
    };
    let by_hall = InspectionFilter {
        hall_id: Some(hall.id),
        ..InspectionFilter::default()
    };
    for (label, filter, sort) in [
        ("no filter", InspectionFilter::default(), SortKey::Date),
        ("submitted, last 365 days", filtered, SortKey::Date),
        ("one hall", by_hall, SortKey::Date),
        ("by score", InspectionFilter::default(), SortKey::Score),
        ("by hall", InspectionFilter::default(), SortKey::Hall),
        (
            "by inspector",
            InspectionFilter::default(),
            SortKey::Inspector,
        ),
    ] {
        let total = store.count_inspections(&filter)?;
        let last_page = ((total - 1).max(0) / 100) * 100;
        for (page, offset) in [("first", 0), ("last", last_page)] {
            // What the screen asks on a new filter: the count, then the page.
            let timing = time(runs, || {
                let count = store.count_inspections(&filter)?;
                let rows = store.list_inspections(&filter, sort, true, offset, 100)?;
                Ok(rows.len().min(count.max(0) as usize) as u64)
            })?;
            out.push(measured(
                format!("History count + page, {label}, {page} page (offset {offset} of {total})"),
                timing,
                "<10 ms",
                Some(10.0),
            ));
        }
    }
    // A text search as the History screen runs it: a new query reads the matching ids once
    // (its count), then each page, at any depth, is read by id.
    let query = HistoryQuery {
        filter: InspectionFilter {
            text: Some("窗口".into()),
            ..InspectionFilter::default()
        },
        sort: SortKey::Date,
        descending: true,
    };
    let mut reader = ReaderState::open(store.path());
    let mut generation = 0;
    let timing = time(runs, || {
        generation += 1;
        reply_rows(reader.run(&Read::HistoryCount {
            generation,
            query: query.clone(),
        }))
    })?;
    let matches = timing.2;
    out.push(measured(
        format!("History search \"窗口\": new query, count ({matches} match)"),
        (timing.0, timing.1, matches),
        "—",
        None,
    ));
    let last_page = (matches.max(1) as usize - 1) / PAGE_ROWS;
    for (label, page) in [("first", 0), ("last", last_page)] {
        let timing = time(runs, || {
            reply_rows(reader.run(&Read::HistoryPage {
                generation,
                query: query.clone(),
                page,
            }))
        })?;
        out.push(measured(
            format!("History search \"窗口\": {label} page ({page} of {last_page})"),
            timing,
            "<10 ms",
            Some(10.0),
        ));
    }
    Ok(out)
}

/// Answering one item of a 56-item walk as the app does it — one transaction that returns the
/// stored answer, then the walk updated in place and rescored — against the bare upsert and
/// commit of the same row. The draft it answers is discarded afterwards.
pub(super) fn answer_measurement(
    store: &Store,
    hall: &crate::store::Hall,
    today: NaiveDate,
    runs: u32,
) -> anyhow::Result<Measurement> {
    let templates = checklist::load_catalog(None).into_templates();
    let id = store.create_inspection(&crate::store::NewInspection {
        hall_id: hall.id,
        inspector: "bench",
        date: today,
        shift: crate::domain::Shift::FullDay,
        kind: crate::domain::InspectionKind::SelfCheck,
        templates: &templates,
        started_at: chrono::Local::now().fixed_offset(),
    })?;
    let measured = (|| -> anyhow::Result<Measurement> {
        let bands = store.rating_bands()?;
        let data = match ReaderState::open(store.path()).run(&Read::Walk { id }) {
            Loaded {
                result: Ok(Payload::Walk(data)),
                ..
            } => data,
            Loaded { result, .. } => anyhow::bail!("the walk did not load: {:?}", result.err()),
        };
        let mut walk = crate::ui::screens::inspect::Walk::new(data, &bands);
        let items = walk.items.len();
        // Each run answers the next item, failing every other one, as a walk does.
        let plan: Vec<(i64, String, Points)> = (0..items)
            .filter_map(|n| walk.at(n))
            .map(|(row, _, item)| (row, item.id.clone(), item.deduction))
            .collect();
        anyhow::ensure!(!plan.is_empty(), "the walk has no items");
        let answer = |n: usize| {
            let (row, item_id, deduction) = &plan[n % plan.len()];
            let fail = n.is_multiple_of(2);
            let input = AnswerInput {
                template_row: *row,
                item_id: item_id.clone(),
                outcome: if fail { Outcome::Fail } else { Outcome::Pass },
                count: 1,
                rate: None,
                note: String::new(),
                staff_ids: Vec::new(),
            };
            (input, if fail { *deduction } else { Points::ZERO })
        };
        let (mut saved, mut bare) = (0usize, 0usize);
        let ((median, p95, rows), bare_median) = time_pair(
            runs,
            || {
                let (input, _) = answer(saved);
                saved += 1;
                let stored = store.save_answer(id, &input)?;
                walk.answered(stored, &bands);
                Ok(walk.score.areas.len() as u64)
            },
            || {
                let (input, deduction) = answer(bare);
                bare += 1;
                store.run_bare_answer(id, &input, deduction)?;
                Ok(1)
            },
        )?;
        Ok(Measurement {
            operation: format!("answer one item of a {items}-item walk (save + walk update)"),
            rows,
            median_ms: median,
            p95_ms: p95,
            bare_median_ms: Some(bare_median),
            peak_rss_mb: peak_rss_mb(),
            target: "≤1.5x bare, <5 ms",
            met: median < 5.0 && (bare_median <= 0.0 || median / bare_median <= 1.5),
        })
    })();
    store.discard_draft(id)?;
    measured
}

/// Rows a History reply holds: the count, or the page's rows.
fn reply_rows(reply: Loaded) -> anyhow::Result<u64> {
    match reply {
        Loaded {
            result: Ok(Payload::HistoryCount(count)),
            ..
        } => Ok(count as u64),
        Loaded {
            result: Ok(Payload::HistoryPage(rows)),
            ..
        } => Ok(rows.len() as u64),
        Loaded { result, .. } => anyhow::bail!("History did not load: {:?}", result.err()),
    }
}
