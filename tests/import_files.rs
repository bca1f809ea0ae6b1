//! Import files kept in `tests/data`: an export written by HallCheck before this branch still
//! imports; hand-written bad import files (`tests/data/import/bad`) and bad templates
//! (`tests/data/templates/bad`) are each refused with a message naming the file and the place
//! (record by UUID and field, or line and column), and a refused import leaves the database
//! unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};

use hallcheck::checklist::parse_template;
use hallcheck::export::import_file;
use hallcheck::store::{InspectionFilter, SortKey, Store};
use support::exports;

/// The inspection of every hand-written import file.
const INSPECTION: &str = "44444444-4444-4444-8444-444444444444";
const HALL: &str = "11111111-1111-4111-8111-111111111111";
const INSPECTOR: &str = "33333333-3333-4333-8333-333333333333";

/// Each bad import file and what its refusal must say besides the file's name.
const BAD_IMPORTS: &[(&str, &[&str])] = &[
    (
        "area-contradicts-results",
        &["at inspections[0].areas[0].earned", INSPECTION, "6"],
    ),
    ("audit-at", &["at audit[0].at", "not an instant"]),
    (
        "bad-answered-at",
        &["at inspections[0].results[1].answered_at", INSPECTION],
    ),
    ("bad-day", &["at inspections[0].inspected_on", INSPECTION]),
    (
        "bad-offset",
        &["at inspections[0].utc_offset_min", INSPECTION, "100000"],
    ),
    (
        "bad-started-at",
        &[
            "at inspections[0].started_at",
            INSPECTION,
            "2026-11-05 08:40",
        ],
    ),
    (
        "bad-submitted-at",
        &["at inspections[0].submitted_at", INSPECTION],
    ),
    ("bad-uuid", &["at inspections[0].uuid", "4444-not-a-uuid"]),
    (
        "deduction-contradicts-item",
        &["at inspections[0].results[2].deduction", INSPECTION, "4"],
    ),
    (
        "draft-with-score",
        &["at inspections[0].score", INSPECTION, "draft"],
    ),
    (
        "empty-inspector-name",
        &["at inspectors[0].name", INSPECTOR],
    ),
    ("far-day", &["at inspections[0].inspected_on", INSPECTION]),
    (
        "hall-created-at",
        &["at halls[0].created_at", HALL, "01/11/2026"],
    ),
    (
        "huge-count",
        &[
            "at inspections[0].results[2].count",
            INSPECTION,
            "4000000000",
        ],
    ),
    ("huge-score", &["at inspections[0].score", INSPECTION]),
    (
        "long-inspection-note",
        &["at inspections[0].note", INSPECTION, "2000"],
    ),
    (
        "long-note",
        &["at inspections[0].results[2].note", INSPECTION, "2000"],
    ),
    (
        "negative-deduction",
        &["at inspections[0].results[2].deduction", INSPECTION],
    ),
    ("negative-score", &["at inspections[0].score", INSPECTION]),
    ("points-unit", &["points_unit", "hundredths"]),
    (
        "rating-ignores-veto",
        &["at inspections[0].rating", INSPECTION],
    ),
    (
        "score-contradicts-results",
        &["at inspections[0].score", INSPECTION, "60"],
    ),
    (
        "snapshot-bad-id",
        &["at templates[0].snapshot", "`Mini Check` is not a valid id"],
    ),
    (
        "snapshot-duplicate-item",
        &["at templates[0].snapshot", "duplicate item id `uniform`"],
    ),
    (
        "snapshot-huge-points",
        &["at templates[0].snapshot", "points", "too large"],
    ),
    (
        "snapshot-negative-deduction",
        &["at templates[0].snapshot", "items[1].deduction", "negative"],
    ),
    (
        "snapshot-unknown-field",
        &["at templates[0].snapshot", "unknown field `colour`"],
    ),
    (
        "snapshot-zero-points",
        &["at templates[0].snapshot", "points", "positive"],
    ),
    (
        "staff-of-another-hall",
        &[
            "at inspections[0].results[2].staff_uuid",
            INSPECTION,
            "hall",
        ],
    ),
    (
        "started-at-not-utc",
        &["at inspections[0].started_at", INSPECTION, "UTC"],
    ),
    (
        "template-ids-differ",
        &["at inspections[0].template_ids", INSPECTION, "mini"],
    ),
    (
        "unanswered-item",
        &["at inspections[0].results", INSPECTION, "floor"],
    ),
    (
        "unknown-rating",
        &["at inspections[0].rating", INSPECTION, "superb"],
    ),
    ("uppercase-uuid", &["at inspections[0].uuid", "lowercase"]),
    (
        "veto-contradicts-results",
        &["at inspections[0].veto", INSPECTION],
    ),
    (
        "zero-count",
        &["at inspections[0].results[2].count", INSPECTION],
    ),
];

/// Each bad template and what its problems must say: the line, and words of the message.
const BAD_TEMPLATES: &[(&str, usize, &str)] = &[
    ("bad-id", 1, "`Lobby Check` is not a valid id"),
    ("deep-nesting", 3, "TOML syntax"),
    ("duplicate-item", 15, "duplicate item id `floor`"),
    ("huge-points", 5, "too large"),
    ("huge-version", 2, "`version` must be a whole number"),
    ("negative-deduction", 11, "must not be negative"),
    ("no-items", 6, "no items"),
    ("not-utf8", 2, "not UTF-8"),
    ("syntax", 3, "TOML syntax"),
    ("too-precise", 10, "more than two decimals"),
    ("unknown-area", 4, "unknown area `lobby`"),
    ("unknown-key", 10, "unknown field `deductoin`"),
    ("version-zero", 2, "`version` must be a whole number ≥ 1"),
    ("zero-points", 5, "must be positive"),
];

fn data(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(dir)
}

/// The file stems of a folder, sorted.
fn stems(dir: &Path, extension: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
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
    let folder = data("import/bad");
    let table: Vec<String> = BAD_IMPORTS.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(
        stems(&folder, "json"),
        table,
        "the table and the folder differ"
    );
    let mut wrong = Vec::new();
    for (name, expected) in BAD_IMPORTS {
        let file = folder.join(format!("{name}.json"));
        let before = exports::fingerprint(&store);
        let message = match import_file(&mut store, &file) {
            Ok(outcome) => {
                wrong.push(format!("{name}: imported: {:?}", outcome.report.added));
                continue;
            }
            Err(err) => err.to_string(),
        };
        assert_eq!(
            exports::fingerprint(&store),
            before,
            "{name}: database changed"
        );
        let shown = file.display().to_string();
        let absent: Vec<&str> = std::iter::once(shown.as_str())
            .chain(expected.iter().copied())
            .chain(["nothing was imported"])
            .filter(|needle| !message.contains(needle))
            .collect();
        if !absent.is_empty() {
            wrong.push(format!("{name}: missing {absent:?} in: {message}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_bad_template_is_refused_with_file_line_and_message() {
    let folder = data("templates/bad");
    let table: Vec<String> = BAD_TEMPLATES.iter().map(|(n, ..)| n.to_string()).collect();
    assert_eq!(
        stems(&folder, "toml"),
        table,
        "the table and the folder differ"
    );
    let mut wrong = Vec::new();
    for (name, line, words) in BAD_TEMPLATES {
        let file = folder.join(format!("{name}.toml"));
        let shown = file.display().to_string();
        let problems = match parse_template(&shown, &std::fs::read(&file).unwrap()) {
            Ok(t) => {
                wrong.push(format!("{name}: accepted as {}", t.id));
                continue;
            }
            Err(problems) => problems,
        };
        let prefix = format!("{shown}:{line}:");
        if !problems
            .iter()
            .any(|p| p.to_string().starts_with(&prefix) && p.message.contains(words))
        {
            wrong.push(format!("{name}: no `{prefix}… {words}` in {problems:?}"));
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
