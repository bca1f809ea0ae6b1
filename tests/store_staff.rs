//! Several people per answer: the people named in an answer are saved in order, read back,
//! replaced and cleared with it; the count follows the names; a person named twice or from
//! another hall is refused; a version-5 database keeps each answer's one name.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use hallcheck::domain::{Outcome, Template};
use hallcheck::store::{AnswerInput, Store, StoreError, joined_names, schema};
use support::store::{builtin, start};

fn discipline() -> Template {
    builtin("discipline")
}

/// A draft of the discipline checklist at `hall`; returns (inspection, its template row).
fn draft(store: &Store, hall: i64) -> (i64, i64) {
    let id = start(store, hall, &[discipline()], 5);
    (id, store.inspection(id).unwrap().templates[0].0)
}

/// A fail of `on_time` (迟到、早退, −2 per person-time) counted `count`, naming `staff`.
fn late(row: i64, count: u32, staff: &[i64]) -> AnswerInput {
    AnswerInput {
        template_row: row,
        item_id: "on_time".into(),
        outcome: Outcome::Fail,
        count,
        rate: None,
        note: "迟到".into(),
        staff_ids: staff.to_vec(),
    }
}

fn names_stored(store: &Store) -> i64 {
    support::raw(store)
        .query_row("SELECT count(*) FROM result_staff", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn people_are_saved_in_order_read_back_replaced_and_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("staff.db")).unwrap();
    let hall = store.add_hall("城东营业厅", None).unwrap().id;
    let [zhang, li, wang] =
        ["张三", "李四", "王五"].map(|n| store.add_staff(hall, n, None).unwrap().id);
    let (id, row) = draft(&store, hall);
    let per_person = discipline().item("on_time").unwrap().deduction;

    // Two people named on a count of 1: the count follows the names, and the deduction.
    let saved = store.save_answer(id, &late(row, 1, &[li, zhang])).unwrap();
    assert_eq!(saved.count, 2);
    assert_eq!(saved.deduction, per_person.times(2));
    assert_eq!(joined_names(&saved.staff), "李四、张三");
    let read = store.inspection(id).unwrap();
    assert_eq!(read.result(row, "on_time").unwrap(), &saved);
    assert_eq!(
        read.score(&Default::default()).areas[0].deducted,
        per_person.times(2)
    );

    // Replaced: one person on a count of 3 (two people not named); the count stays.
    let saved = store.save_answer(id, &late(row, 3, &[wang])).unwrap();
    assert_eq!((saved.count, saved.deduction), (3, per_person.times(3)));
    let read = store.inspection(id).unwrap();
    let result = read.result(row, "on_time").unwrap();
    assert_eq!(joined_names(&result.staff), "王五");
    assert_eq!(result.staff[0].id, wang);

    // Cleared: nobody named, the count as given.
    let saved = store.save_answer(id, &late(row, 2, &[])).unwrap();
    assert!(saved.staff.is_empty());
    assert!(store.inspection(id).unwrap().results[0].staff.is_empty());
    assert_eq!(names_stored(&store), 0);

    // The names go with a cleared answer and with a discarded draft.
    store.save_answer(id, &late(row, 1, &[zhang, li])).unwrap();
    assert_eq!(names_stored(&store), 2);
    store.clear_answer(id, row, "on_time").unwrap();
    assert_eq!(names_stored(&store), 0);
    store.save_answer(id, &late(row, 1, &[zhang])).unwrap();
    store.discard_draft(id).unwrap();
    assert_eq!(names_stored(&store), 0);
}

#[test]
fn a_person_named_twice_or_of_another_hall_is_refused_and_nothing_changes() {
    let store = Store::open_in_memory().unwrap();
    let hall = store.add_hall("城东营业厅", None).unwrap().id;
    let other = store.add_hall("城西营业厅", None).unwrap().id;
    let zhang = store.add_staff(hall, "张三", None).unwrap().id;
    let zhao = store.add_staff(other, "赵六", None).unwrap().id;
    let (id, row) = draft(&store, hall);
    let kept = store.save_answer(id, &late(row, 1, &[zhang])).unwrap();

    let err = store
        .save_answer(id, &late(row, 2, &[zhang, zhang]))
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert!(
        err.to_string().contains("张三") && err.to_string().contains("twice"),
        "{err}"
    );

    let err = store
        .save_answer(id, &late(row, 2, &[zhang, zhao]))
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert!(
        err.to_string().contains("赵六") && err.to_string().contains("城西营业厅"),
        "{err}"
    );

    let err = store
        .save_answer(id, &late(row, 1, &[zhang, 9999]))
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");

    // The answer is as it was before each refusal.
    let read = store.inspection(id).unwrap();
    assert_eq!(read.result(row, "on_time").unwrap(), &kept);
}

#[test]
fn a_version_5_database_keeps_each_answers_one_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for migration in &schema::MIGRATIONS[..5] {
            conn.execute_batch(migration).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
        let template = discipline();
        conn.execute(
            "INSERT INTO templates (id, template_id, version, area, hash, snapshot)
             VALUES (1, 'discipline', ?1, 'discipline', ?2, ?3)",
            (
                template.version,
                template.content_hash(),
                template.snapshot_json(),
            ),
        )
        .unwrap();
        conn.execute_batch(
            "INSERT INTO halls (id, uuid, name, created_at) VALUES (1, 'h', '港区营业厅', 'now');
             INSERT INTO staff (id, uuid, hall_id, name) VALUES (1, 's1', 1, '张三'), (2, 's2', 1, '李四');
             INSERT INTO inspectors (id, uuid, name) VALUES (1, 'p', '赵督导');
             INSERT INTO inspections (id, uuid, hall_id, inspector_id, inspected_on, shift,
                 started_at, status, template_ids)
                 VALUES (1, 'i1', 1, 1, '2026-10-01', 'morning', 'now', 'draft', 'discipline');
             INSERT INTO inspection_templates (inspection_id, position, template_row)
                 VALUES (1, 0, 1);
             INSERT INTO results (inspection_id, template_row, item_id, outcome, count,
                 deduction, staff_id, answered_at)
                 VALUES (1, 1, 'on_time', 'fail', 2, 400, 1, 'now'),
                        (1, 1, 'no_leaving_post', 'fail', 1, 300, 2, 'now'),
                        (1, 1, 'no_distractions', 'fail', 1, 200, NULL, 'now'),
                        (1, 1, 'pause_sign_proper', 'pass', 1, 0, NULL, 'now');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::CURRENT_VERSION);
    let detail = store.inspection(1).unwrap();
    let names: Vec<(&str, u32, String)> = detail
        .results
        .iter()
        .map(|r| {
            (
                r.item_id.as_str(),
                r.count,
                joined_names(&r.staff).into_owned(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("no_distractions", 1, String::new()),
            ("no_leaving_post", 1, "李四".to_owned()),
            ("on_time", 2, "张三".to_owned()),
            ("pause_sign_proper", 1, String::new()),
        ]
    );
    assert_eq!(names_stored(&store), 2);
    store.check_integrity().unwrap();
}

#[test]
fn a_staff_members_code_is_kept_and_unique_within_the_hall() {
    let store = Store::open_in_memory().unwrap();
    let hall = store.add_hall("城东营业厅", None).unwrap().id;
    let other = store.add_hall("城西营业厅", None).unwrap().id;
    let zhang = store.add_staff(hall, "张三", Some(" A023 ")).unwrap();
    assert_eq!(zhang.code.as_deref(), Some("A023"));
    let blank = store.add_staff(hall, "李四", Some("  ")).unwrap();
    assert_eq!(blank.code, None);
    // The same 工号 twice in one hall is refused, naming who has it; another hall may use it.
    let err = store.add_staff(hall, "王五", Some("A023")).unwrap_err();
    assert!(err.to_string().contains("张三"), "{err}");
    store.add_staff(other, "赵六", Some("A023")).unwrap();
    let listed: Vec<(String, Option<String>)> = store
        .staff(hall, true)
        .unwrap()
        .into_iter()
        .map(|s| (s.name, s.code))
        .collect();
    assert_eq!(
        listed,
        [("张三".into(), Some("A023".into())), ("李四".into(), None)]
    );
}
