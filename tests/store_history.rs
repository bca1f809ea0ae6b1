//! The store's lists: filters, sorts, pages by id and by offset, note search and the notes
//! table that serves it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::{Datelike, NaiveDate};
use hallcheck::domain::{Outcome, Rating, RatingBands, Status};
use hallcheck::store::{InspectionFilter, SortKey, Store, schema};
use support::store::{answer, answer_with_note, builtin, demo_store, start, submitted_at};

#[test]
fn list_filters_and_last_results() {
    let store = Store::open_in_memory().unwrap();
    let a = store.add_hall("城东营业厅", Some("A1")).unwrap();
    let b = store.add_hall("城西营业厅", Some("B1")).unwrap();
    let pre = builtin("pre_shift");
    for (hall, day) in [(a.id, 1), (a.id, 2), (b.id, 2)] {
        let id = start(&store, hall, std::slice::from_ref(&pre), day);
        for item in &pre.items {
            answer(&store, id, &item.id, Outcome::Pass, 1);
        }
        if day == 2 && hall == a.id {
            answer(&store, id, &pre.items[0].id, Outcome::Fail, 1);
        }
        store
            .submit_inspection(id, &RatingBands::default(), submitted_at())
            .unwrap();
    }
    let draft = start(&store, a.id, std::slice::from_ref(&pre), 3);
    let all = InspectionFilter::default();
    assert_eq!(store.count_inspections(&all).unwrap(), 4);
    let only_a = InspectionFilter {
        hall_id: Some(a.id),
        ..all.clone()
    };
    assert_eq!(store.count_inspections(&only_a).unwrap(), 3);
    let submitted = InspectionFilter {
        status: Some(Status::Submitted),
        from: NaiveDate::from_ymd_opt(2026, 10, 2),
        ..all.clone()
    };
    let rows = store
        .list_inspections(&submitted, SortKey::Score, false, 0, 10)
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows[0].score < rows[1].score);
    assert_eq!(rows[0].hall_key, "A1");
    let text = InspectionFilter {
        text: Some("held_on_time note".into()),
        ..all.clone()
    };
    assert_eq!(store.count_inspections(&text).unwrap(), 3);
    let excellent = InspectionFilter {
        rating: Some(Rating::Excellent),
        ..all
    };
    assert_eq!(store.count_inspections(&excellent).unwrap(), 2);

    let last = store
        .last_results(a.id, &["pre_shift"], Some(draft))
        .unwrap();
    let held = &last[&("pre_shift".to_string(), pre.items[0].id.clone())];
    assert_eq!(held.outcome, Outcome::Fail);
    assert_eq!(held.date, NaiveDate::from_ymd_opt(2026, 10, 2).unwrap());
}

fn save_note(store: &Store, inspection: i64, item: &str, outcome: Outcome, note: &str) {
    answer_with_note(store, inspection, item, outcome, 1, note);
}

fn texts(store: &Store, text: &str) -> i64 {
    store
        .count_inspections(&InspectionFilter {
            text: Some(text.into()),
            ..InspectionFilter::default()
        })
        .unwrap()
}

#[test]
fn note_search_follows_every_change_of_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("notes.db")).unwrap();
    let hall = store.add_hall("城东营业厅", None).unwrap();
    let pre = builtin("pre_shift");
    let id = start(&store, hall.id, std::slice::from_ref(&pre), 5);
    let (first, second) = (&pre.items[0].id, &pre.items[1].id);
    save_note(&store, id, first, Outcome::Fail, "1号窗口无人值守");
    save_note(&store, id, second, Outcome::Fail, "台账未填写_50%");
    assert_eq!(texts(&store, "窗口"), 1);
    // LIKE's own characters are taken literally.
    assert_eq!(texts(&store, "_50%"), 1);
    assert_eq!(texts(&store, "x50%"), 0);
    // A note rewritten: the old words are gone, the new found.
    save_note(&store, id, first, Outcome::Fail, "等候区地面湿滑");
    assert_eq!(texts(&store, "窗口"), 0);
    assert_eq!(texts(&store, "地面"), 1);
    // An answer taken back takes its note along.
    let row = store.inspection(id).unwrap().templates[0].0;
    store.clear_answer(id, row, first).unwrap();
    assert_eq!(texts(&store, "地面"), 0);
    assert_eq!(texts(&store, "台账"), 1);
    // A discarded draft leaves nothing to find.
    store.discard_draft(id).unwrap();
    assert_eq!(texts(&store, "台账"), 0);
    let left: i64 = support::raw(&store)
        .query_row("SELECT count(*) FROM inspection_notes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
}

#[test]
fn history_filters_by_checklist_and_sorts_by_hall() {
    let store = Store::open_in_memory().unwrap();
    // Two halls of one name: the sort keeps each hall's inspections together.
    let a = store.add_hall("城南营业厅", Some("S1")).unwrap();
    let b = store.add_hall("城南营业厅", Some("S2")).unwrap();
    let c = store.add_hall("城北营业厅", Some("N1")).unwrap();
    let pre = builtin("pre_shift");
    let post = builtin("post_shift");
    for (hall, day, template) in [
        (a.id, 3, &pre),
        (b.id, 2, &post),
        (a.id, 1, &post),
        (c.id, 4, &pre),
        (b.id, 5, &pre),
    ] {
        start(&store, hall, std::slice::from_ref(template), day);
    }
    let only_pre = InspectionFilter {
        template_id: Some("pre_shift".into()),
        ..InspectionFilter::default()
    };
    assert_eq!(store.count_inspections(&only_pre).unwrap(), 3);
    let rows = store
        .list_inspections(&InspectionFilter::default(), SortKey::Hall, false, 0, 10)
        .unwrap();
    let order: Vec<(String, u32)> = rows
        .iter()
        .map(|r| (r.hall_key.clone(), r.date.day0() + 1))
        .collect();
    let expected: Vec<(String, u32)> = [("N1", 4), ("S1", 1), ("S1", 3), ("S2", 2), ("S2", 5)]
        .iter()
        .map(|(k, d)| (k.to_string(), *d))
        .collect();
    // 城北 sorts before 城南 by code point; within a name, hall by hall, then by date.
    assert_eq!(order, expected);
    // Pages at an offset continue the same order.
    let tail = store
        .list_inspections(&InspectionFilter::default(), SortKey::Hall, false, 3, 10)
        .unwrap();
    assert_eq!(tail.len(), 2);
    assert_eq!(tail[0].id, rows[3].id);
}

#[test]
fn upgrading_to_version_4_makes_old_notes_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for migration in &schema::MIGRATIONS[..3] {
            conn.execute_batch(migration).unwrap();
        }
        conn.pragma_update(None, "user_version", 3).unwrap();
        conn.execute_batch(
            "INSERT INTO halls (id, uuid, name, created_at) VALUES (1, 'h', '港区营业厅', 'now');
             INSERT INTO inspectors (id, uuid, name) VALUES (1, 'p', '赵督导');
             INSERT INTO templates (id, template_id, version, area, hash, snapshot)
                 VALUES (1, 'pre_shift', 1, 'pre_shift', 'x', '{}');
             INSERT INTO inspections (id, uuid, hall_id, inspector_id, inspected_on, shift,
                 started_at, status, template_ids, note)
                 VALUES (1, 'i1', 1, 1, '2026-10-01', 'morning', 'now', 'draft', 'pre_shift', '整体良好'),
                        (2, 'i2', 1, 1, '2026-10-02', 'morning', 'now', 'draft', 'pre_shift', ''),
                        (3, 'i3', 1, 1, '2026-10-03', 'morning', 'now', 'draft', 'pre_shift', '');
             INSERT INTO results (inspection_id, template_row, item_id, outcome, note, answered_at)
                 VALUES (1, 1, 'a', 'fail', '填单台缺笔', 'now'),
                        (2, 1, 'a', 'fail', '门口有杂物', 'now'),
                        (2, 1, 'b', 'fail', '填单台无纸', 'now'),
                        (3, 1, 'a', 'pass', '', 'now');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::CURRENT_VERSION);
    assert_eq!(texts(&store, "填单台"), 2);
    assert_eq!(texts(&store, "整体"), 1);
    assert_eq!(texts(&store, "杂物"), 1);
    let rows: i64 = support::raw(&store)
        .query_row("SELECT count(*) FROM inspection_notes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 2, "an inspection without notes gets no row");
}

#[test]
fn pages_read_by_id_match_pages_read_by_offset() {
    let (_dir, store) = demo_store(3, 20, 5, 100);
    let filter = InspectionFilter {
        text: Some("未".into()),
        ..InspectionFilter::default()
    };
    for sort in [
        SortKey::Date,
        SortKey::Hall,
        SortKey::Score,
        SortKey::Inspector,
    ] {
        let ids = store.inspection_ids(&filter, sort, true).unwrap();
        assert_eq!(ids.len() as i64, store.count_inspections(&filter).unwrap());
        assert!(ids.len() > 5, "demo notes say what was found");
        let by_offset = store.list_inspections(&filter, sort, true, 4, 5).unwrap();
        let by_id = store.inspection_rows(&ids[4..9]).unwrap();
        assert_eq!(by_offset, by_id, "{sort:?}");
    }
    assert!(store.inspection_rows(&[]).unwrap().is_empty());
    assert!(store.inspection_rows(&[999_999]).unwrap().is_empty());
}

/// A veto makes an inspection 不合格 whatever its points: sorted by score it ranks below every
/// other, and first the other way round.
#[test]
fn sorting_by_score_ranks_vetoed_inspections_last() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("veto.db")).unwrap();
    let hall = store.add_hall("城东营业厅", None).unwrap();
    let discipline = builtin("discipline");
    let veto_item = discipline.items.iter().find(|i| i.veto).unwrap();
    let other = discipline
        .items
        .iter()
        .find(|i| !i.veto && !i.photo_required)
        .unwrap();
    // (day, failed item): all passed, one deduction, one veto.
    let mut ids = Vec::new();
    for (day, failed) in [(1, None), (2, Some(other)), (3, Some(veto_item))] {
        let id = start(&store, hall.id, std::slice::from_ref(&discipline), day);
        for item in &discipline.items {
            let fail = failed.is_some_and(|f| f.id == item.id);
            let outcome = if fail { Outcome::Fail } else { Outcome::Pass };
            answer(&store, id, &item.id, outcome, 1);
            if fail && item.photo_required {
                let row = store.inspection(id).unwrap().templates[0].0;
                let photo = hallcheck::domain::Attachment {
                    file_name: "现场.jpg".into(),
                    mime: "image/jpeg".into(),
                    width: 1,
                    height: 1,
                    bytes: vec![0xff, 0xd8, 0xff, 0xd9],
                };
                store.add_attachment(id, row, &item.id, &photo).unwrap();
            }
        }
        store
            .submit_inspection(id, &RatingBands::default(), submitted_at())
            .unwrap();
        ids.push(id);
    }
    let vetoed = store.inspection_header(ids[2]).unwrap();
    assert!(vetoed.veto);
    let deducted = store.inspection_header(ids[1]).unwrap();
    assert!(
        vetoed.score > deducted.score,
        "the veto costs fewer points than the deduction, yet ranks lower"
    );
    let order = |descending| -> Vec<i64> {
        store
            .list_inspections(
                &InspectionFilter::default(),
                SortKey::Score,
                descending,
                0,
                10,
            )
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(order(true), vec![ids[0], ids[1], ids[2]]);
    assert_eq!(order(false), vec![ids[2], ids[1], ids[0]]);
}
