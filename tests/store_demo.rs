//! Demo data: deterministic, realistic, in one transaction (or in batches beside an open
//! window), with the notes and indexes answering would give.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::NaiveDate;
use hallcheck::checklist;
use hallcheck::domain::{Points, Template};
use hallcheck::store::{DemoOptions, InspectionFilter, SortKey, Store};
use support::store::demo_store;

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
    // An empty template folder of its own: the user's checklists never count here.
    let templates = dir.path().join("templates");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_hallcheck"))
            .arg("--db")
            .arg(&db)
            .arg("--templates")
            .arg(&templates)
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
        .walked()
        .map(|t| t.items.len())
        .sum();
    assert_eq!(doc["items"].as_array().unwrap().len(), items);
    let score = reader.headers().unwrap().iter().position(|h| h == "score");
    assert_eq!(doc["score"].as_str().unwrap(), &rows[0][score.unwrap()]);
    let out = run(&["check"]);
    assert!(out.status.success());
    // Errors are one line on stderr and a failing exit code.
    let out = run(&["inspections", "show", "no-such-uuid"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no inspection with UUID"), "{err}");
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

#[test]
fn demo_inspections_carry_the_audit_entries_the_app_writes_and_are_found_by_index() {
    let (_dir, store) = demo_store(2, 5, 1, 5);
    let inspections = store
        .list_inspections(&InspectionFilter::default(), SortKey::Date, false, 0, 100)
        .unwrap();
    assert_eq!(inspections.len(), 10);
    for row in &inspections {
        let entries = store.audit_entries(&row.uuid).unwrap();
        let actions: Vec<&str> = entries.iter().map(|(_, a, _)| a.as_str()).collect();
        assert_eq!(actions, ["create", "submit"], "{}", row.uuid);
        assert!(entries[0].0 <= entries[1].0, "{entries:?}");
        assert!(entries[1].2.starts_with("score "), "{entries:?}");
    }
    // One record's entries, as its history, an export and a sync read them, are looked up in
    // an index rather than by reading the whole log once a record.
    let raw = support::raw(&store);
    for sql in [
        "SELECT at, action, detail FROM audit_log WHERE entity_uuid = ?1 ORDER BY id",
        "SELECT max(a.at) FROM audit_log a WHERE a.entity = 'hall' AND a.action = 'rename'
         AND a.entity_uuid = ?1",
    ] {
        let plan: String = raw
            .query_row(&format!("EXPLAIN QUERY PLAN {sql}"), ["x"], |r| r.get(3))
            .unwrap();
        assert!(
            plan.contains("USING") && plan.contains("INDEX"),
            "{sql}: {plan}"
        );
    }
}
