//! Ranged deductions and bonus items through the store and the exchange file: the points
//! picked are stored with the answer, read back, carried by an export and scored again by an
//! import, which refuses a pick outside the range.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::atomic::AtomicBool;

use hallcheck::domain::{Outcome, Points, RatingBands};
use hallcheck::export::{ExportFormat, export, import_file};
use hallcheck::store::{AnswerInput, InspectionFilter, Store, schema};
use serde_json::Value;
use support::kinds::window;
use support::store::{start, submitted_at};

fn input(row: i64, item: &str, outcome: Outcome, count: u32, rate: Option<i64>) -> AnswerInput {
    AnswerInput {
        template_row: row,
        item_id: item.into(),
        outcome,
        count,
        rate: rate.map(Points::from_hundredths),
        note: format!("{item} note"),
        staff_ids: Vec::new(),
    }
}

/// A store holding one submitted inspection of the window table: attitude failed by 5
/// person-times (−10 stopped at the item's value 6), the queue twice at a picked 4.5 (−9),
/// two praises (+2), the rest met (bonus items 不加分).
fn submitted(path: &std::path::Path) -> (Store, i64, i64) {
    let store = Store::open(path).unwrap();
    let hall = store.add_hall("城关供电服务中心", Some("C01")).unwrap();
    let id = start(&store, hall.id, &[window()], 5);
    let row = store.inspection(id).unwrap().templates[0].0;
    let answers = [
        input(row, "attitude", Outcome::Fail, 5, None),
        input(row, "queue", Outcome::Fail, 2, Some(450)),
        input(row, "records", Outcome::Pass, 1, None),
        input(row, "signage", Outcome::Pass, 1, None),
        input(row, "praise", Outcome::Pass, 2, None),
        input(row, "award", Outcome::NotApplicable, 1, None),
    ];
    for answer in &answers {
        store.save_answer(id, answer).unwrap();
    }
    (store, id, row)
}

#[test]
fn a_ranged_pick_is_stored_and_scores_the_inspection() {
    let dir = tempfile::tempdir().unwrap();
    let (store, id, row) = submitted(&dir.path().join("a.db"));
    let detail = store.inspection(id).unwrap();
    let queue = detail.result(row, "queue").unwrap();
    assert_eq!(queue.rate, Some(Points::from_hundredths(450)));
    assert_eq!(queue.deduction, Points::from_whole(9));
    // The value stops the stored deduction too; a bonus deducts nothing.
    assert_eq!(
        detail.result(row, "attitude").unwrap().deduction,
        Points::from_whole(6)
    );
    let praise = detail.result(row, "praise").unwrap();
    assert_eq!((praise.deduction, praise.rate), (Points::ZERO, None));
    // 20 − 6 − 9 = 5, + 2 bonus = 7 of 20 = 35.
    let score = store
        .submit_inspection(id, &RatingBands::default(), submitted_at())
        .unwrap();
    assert_eq!(score.areas[0].deducted, Points::from_whole(15));
    assert_eq!(score.bonus, Points::from_whole(2));
    assert_eq!(score.earned, Points::from_whole(7));
    assert_eq!(score.score, Points::from_whole(35));
    let header = store.inspection(id).unwrap().header;
    assert_eq!(header.score, Some(Points::from_whole(35)));
    // The rate is in its own column, in hundredths.
    let rate: Option<i64> = support::raw(&store)
        .query_row(
            "SELECT rate FROM results WHERE item_id = 'queue'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rate, Some(450));
}

#[test]
fn the_store_refuses_a_pick_outside_the_range_and_a_failed_bonus() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("b.db")).unwrap();
    let hall = store.add_hall("城关供电服务中心", Some("C01")).unwrap();
    let id = start(&store, hall.id, &[window()], 5);
    let row = store.inspection(id).unwrap().templates[0].0;
    let refused = |answer: AnswerInput| store.save_answer(id, &answer).unwrap_err().to_string();
    let err = refused(input(row, "queue", Outcome::Fail, 1, Some(550)));
    assert!(err.contains("3 to 5 per occurrence, not 5.5"), "{err}");
    let err = refused(input(row, "queue", Outcome::Fail, 1, Some(250)));
    assert!(err.contains("not 2.5"), "{err}");
    let err = refused(input(row, "signage", Outcome::Fail, 1, Some(100)));
    assert!(err.contains("fixed 1 per occurrence"), "{err}");
    let err = refused(input(row, "award", Outcome::Fail, 1, None));
    assert!(err.contains("bonus item"), "{err}");
    assert!(store.inspection(id).unwrap().results.is_empty());
    // No pick is the least of the range; a pass keeps no rate.
    let saved = store
        .save_answer(id, &input(row, "queue", Outcome::Fail, 1, None))
        .unwrap();
    assert_eq!(saved.rate, Some(Points::from_whole(3)));
    let saved = store
        .save_answer(id, &input(row, "queue", Outcome::Pass, 1, Some(400)))
        .unwrap();
    assert_eq!((saved.rate, saved.deduction), (None, Points::ZERO));
}

/// The export of `store` as JSON.
fn exported(store: &Store, dir: &std::path::Path) -> Value {
    let file = dir.join("export.json");
    export(
        store,
        ExportFormat::Json,
        &InspectionFilter::default(),
        &file,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap()
}

/// The exported result of `item` in the first inspection.
fn result_of<'v>(export: &'v mut Value, item: &str) -> &'v mut Value {
    export["inspections"][0]["results"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["item_id"] == item)
        .unwrap()
}

fn import(dir: &std::path::Path, name: &str, export: &Value) -> Result<Store, String> {
    let file = dir.join(format!("{name}.json"));
    std::fs::write(&file, serde_json::to_vec(export).unwrap()).unwrap();
    let mut target = Store::open(&dir.join(format!("{name}.db"))).unwrap();
    import_file(&mut target, &file)
        .map(|_| target)
        .map_err(|e| e.to_string())
}

#[test]
fn an_import_scores_the_ranged_pick_again_and_refuses_one_outside_the_range() {
    let dir = tempfile::tempdir().unwrap();
    let (store, id, _) = submitted(&dir.path().join("source.db"));
    store
        .submit_inspection(id, &RatingBands::default(), submitted_at())
        .unwrap();
    let good = exported(&store, dir.path());
    assert_eq!(result_of(&mut good.clone(), "queue")["rate"], 450);
    // No rate is written for an answer without one.
    assert!(
        result_of(&mut good.clone(), "signage")
            .get("rate")
            .is_none()
    );

    let target = import(dir.path(), "good", &good).unwrap();
    let read = target.inspection(1).unwrap();
    assert_eq!(read.header.score, Some(Points::from_whole(35)));
    let queue = read.results.iter().find(|r| r.item_id == "queue").unwrap();
    assert_eq!(queue.rate, Some(Points::from_hundredths(450)));

    // Outside the range.
    let mut bad = good.clone();
    result_of(&mut bad, "queue")["rate"] = 600.into();
    let err = import(dir.path(), "outside", &bad).unwrap_err();
    assert!(err.contains(".rate") && err.contains("3 to 5"), "{err}");
    // A ranged fail that does not say what was picked.
    let mut bad = good.clone();
    result_of(&mut bad, "queue")
        .as_object_mut()
        .unwrap()
        .remove("rate");
    let err = import(dir.path(), "unpicked", &bad).unwrap_err();
    assert!(err.contains("records the points picked"), "{err}");
    // Another pick within the range, the stored deduction left at 9: scored again, refused.
    let mut bad = good.clone();
    result_of(&mut bad, "queue")["rate"] = 400.into();
    let err = import(dir.path(), "rescored", &bad).unwrap_err();
    assert!(err.contains("deducts 8 for this answer, not 9"), "{err}");
    // A pick on an item without a range.
    let mut bad = good.clone();
    result_of(&mut bad, "signage")["rate"] = 100.into();
    let err = import(dir.path(), "fixed", &bad).unwrap_err();
    assert!(err.contains("records no picked rate"), "{err}");
    // A bonus item that failed.
    let mut bad = good.clone();
    result_of(&mut bad, "award")["outcome"] = "fail".into();
    let err = import(dir.path(), "bonus_fail", &bad).unwrap_err();
    assert!(err.contains("bonus item"), "{err}");
    // A bonus above what the answers give: the stored score is scored again.
    let mut bad = good;
    result_of(&mut bad, "praise")["count"] = 1.into();
    let err = import(dir.path(), "bonus_score", &bad).unwrap_err();
    assert!(err.contains("the answers give"), "{err}");
}

#[test]
fn a_version_7_database_gains_the_rate_column_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v7.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for migration in &schema::MIGRATIONS[..7] {
            conn.execute_batch(migration).unwrap();
        }
        conn.pragma_update(None, "user_version", 7).unwrap();
        let template = support::store::builtin("hygiene");
        conn.execute(
            "INSERT INTO templates (id, template_id, version, area, hash, snapshot)
             VALUES (1, 'hygiene', ?1, 'hygiene', ?2, ?3)",
            (
                template.version,
                template.content_hash(),
                template.snapshot_json(),
            ),
        )
        .unwrap();
        let item = &template.items[0].id;
        conn.execute_batch(&format!(
            "INSERT INTO halls (id, uuid, name, created_at) VALUES (1, 'h', '港区营业厅', 'now');
             INSERT INTO inspectors (id, uuid, name) VALUES (1, 'p', '赵督导');
             INSERT INTO inspections (id, uuid, hall_id, inspector_id, inspected_on, shift,
                 started_at, status, template_ids)
                 VALUES (1, 'i1', 1, 1, '2026-10-01', 'morning', 'now', 'draft', 'hygiene');
             INSERT INTO inspection_templates (inspection_id, position, template_row)
                 VALUES (1, 0, 1);
             INSERT INTO results (inspection_id, template_row, item_id, outcome, count,
                 deduction, answered_at)
                 VALUES (1, 1, '{item}', 'fail', 2, 200, 'now');"
        ))
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::CURRENT_VERSION);
    let detail = store.inspection(1).unwrap();
    assert_eq!(detail.results[0].rate, None);
    assert_eq!(detail.results[0].deduction, Points::from_whole(2));
}

#[test]
fn a_score_lifted_above_100_by_bonus_is_stored_exported_and_imported() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("c.db")).unwrap();
    let hall = store.add_hall("城关供电服务中心", Some("C01")).unwrap();
    let id = start(&store, hall.id, &[window()], 6);
    let row = store.inspection(id).unwrap().templates[0].0;
    for (item, outcome, count) in [
        ("attitude", Outcome::Pass, 1),
        ("queue", Outcome::Pass, 1),
        ("records", Outcome::Pass, 1),
        ("signage", Outcome::Pass, 1),
        ("praise", Outcome::Pass, 2),
        ("award", Outcome::Pass, 1),
    ] {
        store
            .save_answer(id, &input(row, item, outcome, count, None))
            .unwrap();
    }
    // 20 + 2 + 2 = 24 of 20: 120.
    let score = store
        .submit_inspection(id, &RatingBands::default(), submitted_at())
        .unwrap();
    assert_eq!(score.score, Points::from_whole(120));
    // The CSV names a bonus earned 加分 and counts it, as it counts a fail.
    let csv_file = dir.path().join("out.csv");
    export(
        &store,
        ExportFormat::Csv,
        &InspectionFilter::default(),
        &csv_file,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let bytes = std::fs::read(&csv_file).unwrap();
    let rows: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap())
        .collect();
    let praise = rows
        .iter()
        .find(|r| r.iter().any(|f| f == "praise"))
        .unwrap();
    let fields: Vec<&str> = praise.iter().collect();
    assert!(fields.windows(2).any(|w| w == ["加分", "2"]), "{fields:?}");
    let good = exported(&store, dir.path());
    let target = import(dir.path(), "above", &good).unwrap();
    assert_eq!(
        target.inspection(1).unwrap().header.score,
        Some(Points::from_whole(120))
    );
}
