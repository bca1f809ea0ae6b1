//! The SQLite store: opening, migrations, refusals, answer-by-answer persistence, snapshots.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone, Utc};
use hallcheck::checklist;
use hallcheck::domain::{Outcome, Points, Rating, RatingBands, Shift, Status, Template};
use hallcheck::store::{
    AnswerInput, DemoOptions, InspectionFilter, NewInspection, SortKey, Store, StoreError, schema,
};

fn builtin(id: &str) -> Template {
    checklist::load_catalog(None)
        .template(id)
        .cloned()
        .unwrap_or_else(|| panic!("no built-in template {id}"))
}

fn start(store: &Store, hall: i64, templates: &[Template], day: u32) -> i64 {
    store
        .create_inspection(&NewInspection {
            hall_id: hall,
            inspector: "赵督导",
            date: NaiveDate::from_ymd_opt(2026, 10, day).unwrap(),
            shift: Shift::Morning,
            templates,
            started_at: FixedOffset::east_opt(8 * 3600)
                .unwrap()
                .with_ymd_and_hms(2026, 10, day, 9, 0, 0)
                .unwrap(),
        })
        .unwrap()
}

/// When the tests submit: a fixed instant after every inspection they start.
fn submitted_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 31, 9, 0, 0).unwrap()
}

fn answer(store: &Store, inspection: i64, item: &str, outcome: Outcome, count: u32) {
    answer_with_note(
        store,
        inspection,
        item,
        outcome,
        count,
        &format!("{item} note"),
    );
}

fn answer_with_note(
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
                note: note.into(),
                staff_ids: Vec::new(),
            },
        )
        .unwrap();
}

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
            note: String::new(),
            staff_ids: Vec::new(),
        },
    );
    assert!(matches!(err, Err(StoreError::Invalid(_))));
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

#[test]
fn demo_data_is_deterministic_and_realistic() {
    let templates: Vec<Template> = checklist::load_catalog(None).into_templates();
    let options = DemoOptions {
        halls: 3,
        days: 40,
        seed: 7,
        today: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        batch: 50,
    };
    let scores = |store: &mut Store| {
        let mut progress = Vec::new();
        let summary = hallcheck::store::generate_demo_data(store, &templates, &options, |p| {
            progress.push(p.done)
        })
        .unwrap();
        assert_eq!(summary.inspections, 120);
        assert_eq!(progress.last(), Some(&120));
        assert_eq!(progress.len(), 3);
        store
            .list_inspections(&InspectionFilter::default(), SortKey::Date, false, 0, 1000)
            .unwrap()
    };
    let first = scores(&mut Store::open_in_memory().unwrap());
    let second = scores(&mut Store::open_in_memory().unwrap());
    assert_eq!(first, second);
    assert_eq!(
        first[0].date,
        NaiveDate::from_ymd_opt(2026, 10, 19).unwrap()
    );
    assert_eq!(first.last().unwrap().date, options.today);
    let passing = first
        .iter()
        .filter(|r| r.score.unwrap() >= Points::from_whole(60))
        .count();
    assert!(passing > 100, "most inspections pass: {passing}");
    let perfect = first
        .iter()
        .filter(|r| r.score == Some(Points::from_whole(100)))
        .count();
    assert!(perfect < 60, "not everything is perfect: {perfect}");
}

#[test]
fn cli_demo_data_then_list_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_hallcheck"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["demo-data", "--halls", "3", "--days", "30", "--seed", "1"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["inspections", "list", "--format", "csv"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .expect("CSV starts with a BOM for Excel");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(&reader.headers().unwrap()[0], "uuid");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 90);
    // The first column is what `inspections show` takes.
    let out = run(&["inspections", "show", &rows[0][0], "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items: usize = checklist::load_catalog(None)
        .templates
        .iter()
        .map(|l| l.template.items.len())
        .sum();
    assert_eq!(doc["items"].as_array().unwrap().len(), items);
    assert_eq!(doc["score"].as_str().unwrap(), &rows[0][7]);
    let out = run(&["check"]);
    assert!(out.status.success());
    // Errors are one line on stderr and a failing exit code.
    let out = run(&["inspections", "show", "no-such-uuid"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no inspection with UUID"), "{err}");
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
fn demo_data_writes_the_same_note_text_as_answering_would() {
    let (_dir, store) = demo_store(2, 30, 3, 7);
    let raw = support::raw(&store);
    let read = |sql: &str| -> Vec<(i64, String)> {
        let mut stmt = raw.prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let written = read("SELECT inspection_id, text FROM inspection_notes ORDER BY 1");
    let recomputed = read(
        "SELECT id, text FROM (
             SELECT i.id AS id,
                    trim(i.note || char(10) || coalesce(
                        (SELECT group_concat(r.note, char(10)) FROM results r
                         WHERE r.inspection_id = i.id AND r.note <> ''), ''), char(10)) AS text
             FROM inspections i)
         WHERE text <> '' ORDER BY 1",
    );
    assert!(written.len() > 20, "demo inspections carry notes");
    assert_eq!(written, recomputed);
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

/// An in-memory store with demo data ending 2026-11-27.
/// Demo data in a file of a temporary folder (kept as long as the folder).
fn demo_store(halls: u32, days: u32, seed: u64, batch: u32) -> (tempfile::TempDir, Store) {
    let templates: Vec<Template> = checklist::load_catalog(None).into_templates();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
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
    (dir, store)
}

#[test]
fn demo_data_beside_an_open_window_commits_in_batches_and_completes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    // An open window holds its own connection, so the file stays in WAL.
    let window = Store::open(&path).unwrap();
    let mut cli = Store::open(&path).unwrap();
    let templates: Vec<Template> = checklist::load_catalog(None).into_templates();
    let mut seen_by_window = Vec::new();
    hallcheck::store::generate_demo_data(
        &mut cli,
        &templates,
        &DemoOptions {
            halls: 2,
            days: 15,
            seed: 4,
            today: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            batch: 10,
        },
        |_| {
            // What the window can read while the generation runs: committed batches only.
            seen_by_window.push(
                window
                    .count_inspections(&InspectionFilter::default())
                    .unwrap(),
            );
        },
    )
    .unwrap();
    assert_eq!(seen_by_window, vec![10, 20, 30]);
    assert_eq!(
        window
            .count_inspections(&InspectionFilter::default())
            .unwrap(),
        30
    );
    let journal: String = support::raw(&window)
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal.to_lowercase(), "wal");
}

#[test]
fn demo_data_into_an_empty_database_keeps_every_index() {
    let indexes = |store: &Store| -> Vec<(String, String)> {
        let raw = support::raw(store);
        let mut stmt = raw
            .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let dir = tempfile::tempdir().unwrap();
    let empty = Store::open(&dir.path().join("empty.db")).unwrap();
    let before = indexes(&empty);
    assert!(before.iter().any(|(n, _)| n == "inspections_hall_trend"));
    let (_demo_dir, store) = demo_store(2, 10, 1, 5);
    assert_eq!(indexes(&store), before);
    store.check_integrity().unwrap();
    // The rebuilt indexes serve queries: one hall's inspections by day.
    let plan: String = support::raw(&store)
        .query_row(
            "EXPLAIN QUERY PLAN SELECT id FROM inspections WHERE hall_id = 1 ORDER BY inspected_on",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("USING"), "{plan}");
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
