//! Steps on a store the store tests share: the built-in checklists, an inspection started on a
//! day of October 2026, answers with or without a note, and a file of demo data.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use hallcheck::checklist;
use hallcheck::domain::{InspectionKind, Outcome, Shift, Template};
use hallcheck::store::{AnswerInput, DemoOptions, NewInspection, Store};

pub fn builtin(id: &str) -> Template {
    checklist::load_catalog(None)
        .template(id)
        .cloned()
        .unwrap_or_else(|| panic!("no built-in template {id}"))
}

pub fn start(store: &Store, hall: i64, templates: &[Template], day: u32) -> i64 {
    start_kind(store, hall, templates, day, InspectionKind::SelfCheck)
}

/// [`start`], of one kind.
pub fn start_kind(
    store: &Store,
    hall: i64,
    templates: &[Template],
    day: u32,
    kind: InspectionKind,
) -> i64 {
    store
        .create_inspection(&NewInspection {
            hall_id: hall,
            inspector: "赵督导",
            date: NaiveDate::from_ymd_opt(2026, 10, day).unwrap(),
            shift: Shift::Morning,
            kind,
            templates,
            started_at: FixedOffset::east_opt(8 * 3600)
                .unwrap()
                .with_ymd_and_hms(2026, 10, day, 9, 0, 0)
                .unwrap(),
        })
        .unwrap()
}

/// When the tests submit: a fixed instant after every inspection they start.
pub fn submitted_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 31, 9, 0, 0).unwrap()
}

pub fn answer(store: &Store, inspection: i64, item: &str, outcome: Outcome, count: u32) {
    answer_with_note(
        store,
        inspection,
        item,
        outcome,
        count,
        &format!("{item} note"),
    );
}

pub fn answer_with_note(
    store: &Store,
    inspection: i64,
    item: &str,
    outcome: Outcome,
    count: u32,
    note: &str,
) {
    let detail = store.inspection(inspection).unwrap();
    let (row, _) = detail
        .templates
        .iter()
        .find(|(_, t)| t.item(item).is_some())
        .unwrap();
    store
        .save_answer(
            inspection,
            &AnswerInput {
                template_row: *row,
                item_id: item.into(),
                outcome,
                count,
                rate: None,
                note: note.into(),
                staff_ids: Vec::new(),
            },
        )
        .unwrap();
}

/// Demo data in a file of a temporary folder (kept as long as the folder).
pub fn demo_store(halls: u32, days: u32, seed: u64, batch: u32) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store_in(&dir.path().join("demo.db"), halls, days, seed, batch);
    (dir, store)
}

/// Demo data of `halls` halls × `days` days (seed `seed`, ending 2026-11-27) in the file `path`.
pub fn demo_store_at(path: &std::path::Path, halls: u32, days: u32, seed: u64) -> Store {
    demo_store_in(path, halls, days, seed, 500)
}

fn demo_store_in(path: &std::path::Path, halls: u32, days: u32, seed: u64, batch: u32) -> Store {
    let templates: Vec<Template> = checklist::load_catalog(None).into_templates();
    let mut store = Store::open(path).unwrap();
    hallcheck::store::generate_demo_data(
        &mut store,
        &templates,
        &DemoOptions {
            halls,
            days,
            seed,
            today: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            batch,
        },
        |_| {},
    )
    .unwrap();
    store
}

/// The built-in 环境卫生 checklist without photo requirements, so a fail is keyed in
/// without one.
pub fn hygiene_without_photos() -> Template {
    let mut hygiene = builtin("hygiene");
    for item in &mut hygiene.items {
        item.photo_required = false;
    }
    hygiene
}

/// Submits a 环境卫生 inspection of `hall` on October `day`: every item met but 四净四无,
/// failed `count` times for 地面有纸屑. Returns its row id.
pub fn submitted_hygiene_fail(store: &Store, hall: i64, day: u32, count: u32) -> i64 {
    let hygiene = hygiene_without_photos();
    let id = start(store, hall, std::slice::from_ref(&hygiene), day);
    for item in &hygiene.items {
        answer(store, id, &item.id, Outcome::Pass, 1);
    }
    answer_with_note(
        store,
        id,
        "four_clean_four_free",
        Outcome::Fail,
        count,
        "地面有纸屑",
    );
    store
        .submit_inspection(
            id,
            &hallcheck::domain::RatingBands::default(),
            submitted_at(),
        )
        .unwrap();
    id
}
