//! Import files kept in `tests/data`: an export written by HallCheck before this branch still
//! imports; hand-written bad import files (`tests/data/import/bad`) and bad templates
//! (`tests/data/templates/bad`) are each refused with a message naming the file and the place
//! (record by UUID and field, or line and column) — each folder's `expected.txt` says what — and
//! a refused import leaves the database unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};

use hallcheck::checklist::parse_template;
use hallcheck::export::import_file;
use hallcheck::store::{InspectionFilter, SortKey, Store};
use support::exports;

/// The inspection of the hand-written import files.
const INSPECTION: &str = "44444444-4444-4444-8444-444444444444";

fn data(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(dir)
}

/// The table of a folder of bad files (`expected.txt`): each file's name and the `|`-separated
/// fields after it. The folder must hold exactly the files the table names.
fn table(dir: &Path, extension: &str) -> Vec<(PathBuf, Vec<String>)> {
    let text = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    let rows: Vec<(PathBuf, Vec<String>)> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let mut fields = line.split(" | ").map(str::to_owned);
            let name = fields.next().unwrap();
            (dir.join(name), fields.collect())
        })
        .collect();
    let mut listed: Vec<&PathBuf> = rows.iter().map(|(file, _)| file).collect();
    listed.sort();
    let mut present: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    present.sort();
    assert_eq!(
        listed,
        present.iter().collect::<Vec<_>>(),
        "the table and the folder differ"
    );
    rows
}

/// A database that already holds the export made before this branch.
fn target(dir: &Path) -> Store {
    let mut store = Store::open(&dir.join("target.db")).unwrap();
    import_file(&mut store, &data("exports/v1-cd93eeb.json")).unwrap();
    store
}

#[test]
fn every_bad_import_file_is_refused_naming_file_record_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = target(dir.path());
    let mut wrong = Vec::new();
    for (file, expected) in table(&data("import/bad"), "json") {
        let before = exports::fingerprint(&store);
        let message = match import_file(&mut store, &file) {
            Ok(outcome) => {
                wrong.push(format!(
                    "{}: imported: {:?}",
                    file.display(),
                    outcome.report.added
                ));
                continue;
            }
            Err(err) => err.to_string(),
        };
        assert_eq!(
            exports::fingerprint(&store),
            before,
            "{}: database changed",
            file.display()
        );
        let shown = file.display().to_string();
        let absent: Vec<&str> = [shown.as_str(), "nothing was imported"]
            .into_iter()
            .chain(expected.iter().map(String::as_str))
            .filter(|needle| !message.contains(needle))
            .collect();
        if !absent.is_empty() {
            wrong.push(format!("missing {absent:?} in: {message}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_bad_template_is_refused_with_file_line_and_message() {
    let mut wrong = Vec::new();
    for (file, expected) in table(&data("templates/bad"), "toml") {
        let shown = file.display().to_string();
        let (line, words) = (&expected[0], &expected[1]);
        let problems = match parse_template(&shown, &std::fs::read(&file).unwrap()) {
            Ok(t) => {
                wrong.push(format!("{shown}: accepted as {}", t.id));
                continue;
            }
            Err(problems) => problems,
        };
        let prefix = format!("{shown}:{line}:");
        if !problems
            .iter()
            .any(|p| p.to_string().starts_with(&prefix) && p.message.contains(words.as_str()))
        {
            wrong.push(format!("no `{prefix}… {words}` in {problems:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn an_export_written_before_this_branch_still_imports() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("a.db")).unwrap();
    let file = data("exports/v1-cd93eeb.json");
    let first = import_file(&mut store, &file).unwrap().report;
    assert_eq!(first.added.inspections, 5, "{first:?}");
    assert_eq!(first.added.photos, 1);
    assert!(first.rejected.is_empty());
    let rows = store
        .list_inspections(&InspectionFilter::default(), SortKey::Date, false, 0, 100)
        .unwrap();
    assert_eq!(rows.len(), 5);
    // The file was written before inspections had kinds: each one is a 自查.
    assert!(
        rows.iter()
            .all(|r| r.kind == hallcheck::domain::InspectionKind::SelfCheck),
        "{rows:?}"
    );
    // The stored scores are the ones the results give.
    let bands = store.settings().unwrap().bands;
    for row in rows.iter().filter(|r| r.score.is_some()) {
        let detail = store.inspection(row.id).unwrap();
        assert_eq!(Some(detail.score(&bands).score), row.score, "{}", row.uuid);
    }
    let before = exports::fingerprint(&store);
    let second = import_file(&mut store, &file).unwrap().report;
    assert_eq!(second.present.inspections, 5);
    assert_eq!(exports::fingerprint(&store), before);
}

#[test]
fn good_hand_written_files_import_with_or_without_a_byte_order_mark() {
    for name in ["minimal", "bom"] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("a.db")).unwrap();
        let file = data("import/good").join(format!("{name}.json"));
        let report = import_file(&mut store, &file)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .report;
        assert_eq!(report.added.inspections, 1, "{name}");
        let id = store.inspection_id_by_uuid(INSPECTION).unwrap();
        let header = store.inspection_header(id).unwrap();
        assert_eq!(header.score.map(|s| s.hundredths()), Some(6000), "{name}");
    }
}

#[test]
fn a_file_whose_keys_a_json_tool_sorted_imports_the_same() {
    let file = data("exports/v1-cd93eeb.json");
    let dir = tempfile::tempdir().unwrap();
    // serde_json writes object keys sorted: `audit` and `inspections` come before `inspectors`,
    // `staff`, `templates`, and `schema` and `version` last.
    let sorted = dir.path().join("sorted.json");
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let at = |key: &str| text.find(&format!("\n  \"{key}\":")).unwrap();
    assert!(at("inspections") < at("inspectors") && at("staff") < at("version"));
    std::fs::write(&sorted, text).unwrap();
    let rows = |name: &str, file: &Path| {
        let mut store = Store::open(&dir.path().join(name)).unwrap();
        let report = import_file(&mut store, file).unwrap().report;
        let rows = store
            .list_inspections(&InspectionFilter::default(), SortKey::Date, false, 0, 100)
            .unwrap()
            .into_iter()
            .map(|r| (r.uuid, r.score, r.rating, r.status))
            .collect::<Vec<_>>();
        (report.added, rows)
    };
    assert_eq!(rows("a.db", &sorted), rows("b.db", &file));
}
