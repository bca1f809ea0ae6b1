//! The SQLite store: opening, migrations, refusals, answer-by-answer persistence, snapshots,
//! the reasons a submit needs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use hallcheck::domain::{Outcome, Points, RatingBands, Status};
use hallcheck::store::{AnswerInput, Store, StoreError, schema};
use support::store::{answer, answer_with_note, builtin, start, submitted_at};

#[test]
fn a_new_file_gets_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/new.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::CURRENT_VERSION);
    let mode: String = support::raw(&store)
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    store.check_integrity().unwrap();
}

#[test]
fn an_empty_file_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::CURRENT_VERSION);
}

#[test]
fn an_older_database_is_backed_up_then_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // A version-1 database with a hall in it.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO halls (uuid, code, name, created_at) VALUES ('u1', 'A1', '城东营业厅', 'now')",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::CURRENT_VERSION);
    assert_eq!(store.halls(false).unwrap()[0].name, "城东营业厅");
    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("old.db.v1-") && n.ends_with(".bak"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(
        !backups[0].contains(':'),
        "file names must be valid on Windows"
    );
    let copy = Store::open(&dir.path().join(&backups[0]));
    // Opening the copy migrates it too, but the copy holds the old hall.
    assert_eq!(copy.unwrap().halls(false).unwrap().len(), 1);
}

#[test]
fn a_newer_database_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x)").unwrap();
        conn.pragma_update(None, "user_version", schema::CURRENT_VERSION + 1)
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Newer { .. }), "{err}");
    let text = err.to_string();
    assert!(text.contains("newer HallCheck"), "{text}");
    assert!(text.contains("newer.db"), "{text}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(&path, "巡查记录，不是数据库".repeat(100)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
    assert!(err.to_string().contains("notes.db"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_corrupt_database_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corrupt.db");
    {
        let store = Store::open(&path).unwrap();
        for n in 0..200 {
            store
                .add_hall(&format!("营业厅{n}"), Some(&format!("H{n}")))
                .unwrap();
        }
        // Closing the last connection checkpoints the log into the file.
    }
    // Overwrite the middle of the file (past the header) with garbage.
    let mut bytes = std::fs::read(&path).unwrap();
    let len = bytes.len();
    for b in &mut bytes[4096..len.min(4096 * 6)] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Corrupt { .. } | StoreError::NotADatabase { .. }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("corrupt.db"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn answers_are_saved_one_by_one_and_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("walk.db");
    let pre = builtin("pre_shift");
    let id = {
        let store = Store::open(&path).unwrap();
        let hall = store.add_hall("城东营业厅", Some("A1")).unwrap();
        let id = start(&store, hall.id, std::slice::from_ref(&pre), 5);
        answer(&store, id, &pre.items[0].id, Outcome::Pass, 1);
        answer(&store, id, &pre.items[1].id, Outcome::Fail, 2);
        answer(&store, id, &pre.items[2].id, Outcome::NotApplicable, 1);
        // Dropped without submit, as if the window were killed.
        id
    };
    let store = Store::open(&path).unwrap();
    let drafts = store.drafts().unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].answered, 3);
    let detail = store.inspection(id).unwrap();
    assert_eq!(detail.header.status, Status::Draft);
    let r = detail
        .result(detail.templates[0].0, &pre.items[1].id)
        .unwrap();
    assert_eq!(r.outcome, Outcome::Fail);
    assert_eq!(r.count, 2);
    assert_eq!(r.deduction, pre.items[1].deduction.times(2));
    assert_eq!(r.note, format!("{} note", pre.items[1].id));
    // Changing an answer replaces it.
    answer(&store, id, &pre.items[1].id, Outcome::Pass, 1);
    let detail = store.inspection(id).unwrap();
    assert_eq!(detail.results.len(), 3);
    assert_eq!(
        detail
            .result(detail.templates[0].0, &pre.items[1].id)
            .unwrap()
            .deduction,
        Points::ZERO
    );
}

#[test]
fn submit_is_refused_with_unanswered_items_or_missing_photos() {
    let store = Store::open_in_memory().unwrap();
    let hall = store.add_hall("城西营业厅", None).unwrap();
    let hygiene = builtin("hygiene");
    let id = start(&store, hall.id, std::slice::from_ref(&hygiene), 6);
    answer(&store, id, &hygiene.items[0].id, Outcome::Pass, 1);
    let err = store
        .submit_inspection(id, &RatingBands::default(), submitted_at())
        .unwrap_err();
    let StoreError::Refused(refusal) = err else {
        panic!("expected a refusal, got {err}");
    };
    assert_eq!(refusal.unanswered.len(), hygiene.items.len() - 1);
    // Answer everything; fail a photo-required item without a photo.
    let photo_item = hygiene.items.iter().find(|i| i.photo_required).unwrap();
    for item in &hygiene.items {
        let outcome = if item.id == photo_item.id {
            Outcome::Fail
        } else {
            Outcome::Pass
        };
        answer(&store, id, &item.id, outcome, 1);
    }
    let err = store
        .submit_inspection(id, &RatingBands::default(), submitted_at())
        .unwrap_err();
    let StoreError::Refused(refusal) = err else {
        panic!("expected a refusal, got {err}");
    };
    assert!(refusal.unanswered.is_empty());
    assert_eq!(
        refusal.missing_photos,
        vec![("hygiene".into(), photo_item.id.clone())]
    );
    // With a photo it goes through.
    let row = store.inspection(id).unwrap().templates[0].0;
    let photo = hallcheck::domain::Attachment {
        file_name: "floor.jpg".into(),
        mime: "image/jpeg".into(),
        width: 1,
        height: 1,
        bytes: vec![0xFF, 0xD8, 0xFF],
    };
    store
        .add_attachment(id, row, &photo_item.id, &photo)
        .unwrap();
    let score = store
        .submit_inspection(id, &RatingBands::default(), submitted_at())
        .unwrap();
    // One failed place out of a 15-point cap.
    let expected = Points::from_whole(100).scaled(
        (Points::from_whole(15) - photo_item.deduction).hundredths(),
        1500,
    );
    assert_eq!(score.score, expected);
    let header = store.inspection_header(id).unwrap();
    assert_eq!(header.status, Status::Submitted);
    assert_eq!(header.score, Some(expected));
    // A submitted inspection no longer changes.
    let err = store.save_answer(
        id,
        &AnswerInput {
            template_row: row,
            item_id: hygiene.items[0].id.clone(),
            outcome: Outcome::Fail,
            count: 1,
            rate: None,
            note: String::new(),
            staff_ids: Vec::new(),
        },
    );
    // Read-only once submitted.
    assert!(matches!(err, Err(StoreError::Submitted { .. })));
}

#[test]
fn submit_needs_a_reason_for_each_fail_unless_the_checklist_opts_out() {
    let store = Store::open_in_memory().unwrap();
    let hall = store.add_hall("城西营业厅", None).unwrap();
    let mut discipline = builtin("discipline");
    let fails: Vec<String> = discipline
        .items
        .iter()
        .filter(|i| !i.photo_required)
        .take(2)
        .map(|i| i.id.clone())
        .collect();
    let id = start(&store, hall.id, std::slice::from_ref(&discipline), 6);
    for item in &discipline.items {
        let failed = fails.contains(&item.id);
        let outcome = if failed { Outcome::Fail } else { Outcome::Pass };
        // The first fail has a reason; the second only blanks.
        let note = if item.id == fails[0] {
            "迟到10分钟"
        } else if failed {
            "  \n "
        } else {
            ""
        };
        answer_with_note(&store, id, &item.id, outcome, 1, note);
    }
    let err = store
        .submit_inspection(id, &RatingBands::default(), submitted_at())
        .unwrap_err();
    let StoreError::Refused(refusal) = err else {
        panic!("expected a refusal, got {err}");
    };
    assert!(refusal.unanswered.is_empty() && refusal.missing_photos.is_empty());
    assert_eq!(
        refusal.missing_reasons,
        vec![("discipline".to_string(), fails[1].clone())]
    );
    assert!(refusal.to_string().contains("need a reason"), "{refusal}");
    assert_eq!(store.inspection_header(id).unwrap().status, Status::Draft);
    answer_with_note(
        &store,
        id,
        &fails[1],
        Outcome::Fail,
        1,
        "离岗未摆放暂停服务牌",
    );
    store
        .submit_inspection(id, &RatingBands::default(), submitted_at())
        .unwrap();

    // A checklist that opts an item out takes its fail without a reason.
    discipline.version += 1;
    for item in &mut discipline.items {
        item.reason_required = item.id != fails[1];
    }
    let id = start(&store, hall.id, std::slice::from_ref(&discipline), 7);
    for item in &discipline.items {
        let outcome = if item.id == fails[1] {
            Outcome::Fail
        } else {
            Outcome::Pass
        };
        answer_with_note(&store, id, &item.id, outcome, 1, "");
    }
    store
        .submit_inspection(id, &RatingBands::default(), submitted_at())
        .unwrap();
}

#[test]
fn recent_notes_are_the_halls_newest_distinct_reasons_per_item() {
    let store = Store::open_in_memory().unwrap();
    let hall = store.add_hall("城西营业厅", None).unwrap();
    let other = store.add_hall("城东营业厅", None).unwrap();
    let hygiene = builtin("hygiene");
    let item = hygiene
        .items
        .iter()
        .find(|i| !i.photo_required)
        .unwrap()
        .id
        .clone();
    let submit = |hall_id: i64, day: u32, note: &str| {
        let id = start(&store, hall_id, std::slice::from_ref(&hygiene), day);
        for it in &hygiene.items {
            let outcome = if it.id == item {
                Outcome::Fail
            } else {
                Outcome::Pass
            };
            answer_with_note(
                &store,
                id,
                &it.id,
                outcome,
                1,
                if it.id == item { note } else { "" },
            );
        }
        store
            .submit_inspection(id, &RatingBands::default(), submitted_at())
            .unwrap();
    };
    submit(hall.id, 1, "最早的原因");
    submit(hall.id, 2, "地面有水渍");
    submit(hall.id, 3, "桌面有灰尘");
    submit(hall.id, 4, " 地面有水渍 ");
    submit(hall.id, 5, "有异味");
    submit(other.id, 6, "别的营业厅的原因");
    // A draft's notes are not offered.
    let draft = start(&store, hall.id, std::slice::from_ref(&hygiene), 7);
    answer_with_note(&store, draft, &item, Outcome::Fail, 1, "草稿里的原因");

    let notes = store.recent_notes(hall.id, Some(draft)).unwrap();
    assert_eq!(
        notes.get(&("hygiene".to_string(), item.clone())).unwrap(),
        &vec![
            "有异味".to_string(),
            "地面有水渍".into(),
            "桌面有灰尘".into()
        ]
    );
    assert_eq!(notes.len(), 1, "only failed items with a note: {notes:?}");
}

#[test]
fn editing_a_template_later_changes_no_past_score() {
    let store = Store::open_in_memory().unwrap();
    let hall = store.add_hall("滨江营业厅", Some("B1")).unwrap();
    let original = builtin("appearance");
    let id = start(&store, hall.id, std::slice::from_ref(&original), 7);
    for (n, item) in original.items.iter().enumerate() {
        let outcome = if n == 0 { Outcome::Fail } else { Outcome::Pass };
        answer(&store, id, &item.id, outcome, 3);
    }
    let before = store
        .submit_inspection(id, &RatingBands::default(), submitted_at())
        .unwrap();

    // The template file is edited: a bigger deduction, a new version.
    let mut edited = original.clone();
    edited.version += 1;
    edited.items[0].deduction = Points::from_whole(5);
    let id2 = start(&store, hall.id, std::slice::from_ref(&edited), 8);
    assert_ne!(
        store.inspection(id2).unwrap().templates[0].0,
        store.inspection(id).unwrap().templates[0].0
    );

    let detail = store.inspection(id).unwrap();
    assert_eq!(detail.templates[0].1, original);
    assert_eq!(detail.score(&RatingBands::default()).score, before.score);
    assert_eq!(
        store.inspection_header(id).unwrap().score,
        Some(before.score)
    );
}
