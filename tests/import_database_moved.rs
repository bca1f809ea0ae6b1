//! The database file swapped, deleted or renamed away while an import runs: the import says so,
//! naming the database file, instead of reporting success; the file now at the path is left as
//! it was, and the file the store had opened keeps its content without the import.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};

use hallcheck::export::{ExportFormat, ImportError, import_file_with_progress};
use hallcheck::store::{InspectionFilter, Store};
use support::exports;

/// A folder holding a JSON export of the demo data (41 inspections), the export, and the path
/// of the database to import it into.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let source = exports::demo_store(&dir.path().join("source.db"));
    let file = dir.path().join("all.json");
    exports::export_all(&source, ExportFormat::Json, &file).unwrap();
    let db = dir.path().join("db.db");
    (dir, file, db)
}

/// A database of its own at `path` with one hall, closed again; its fingerprint.
fn database_with_hall(path: &Path, name: &str) -> (Vec<(String, i64)>, String) {
    let store = Store::open(path).unwrap();
    store.add_hall(name, None).unwrap();
    exports::fingerprint(&store)
}

/// Imports `file` into the database at `db`, running `during` once ten inspections are in.
fn import_while(db: &Path, file: &Path, during: impl FnOnce()) -> ImportError {
    let mut store = Store::open(db).unwrap();
    store.add_hall("本地营业厅", Some("L01")).unwrap();
    let mut during = Some(during);
    let result = import_file_with_progress(&mut store, file, &mut |p| {
        if p.inspections == 10
            && let Some(f) = during.take()
        {
            f();
        }
    });
    assert!(during.is_none(), "the import never reached ten inspections");
    match result {
        Ok(outcome) => panic!("the import reported success: {:?}", outcome.report.added),
        Err(err) => err,
    }
}

fn assert_names_the_database(err: &ImportError, db: &Path) {
    let message = err.to_string();
    assert!(matches!(err, ImportError::Moved { .. }), "{message}");
    assert!(
        message.contains(&db.display().to_string()) && message.contains("no longer names"),
        "{message}"
    );
}

#[test]
fn a_database_swapped_during_an_import_is_reported_and_the_new_file_kept_intact() {
    let (dir, file, db) = setup();
    let other = dir.path().join("other.db");
    let other_before = database_with_hall(&other, "另一个数据库");
    let err = import_while(&db, &file, || std::fs::rename(&other, &db).unwrap());
    assert_names_the_database(&err, &db);
    // The store is closed: the file now at the path is the other database, as it was.
    let now = Store::open(&db).unwrap();
    now.check_integrity().unwrap();
    assert_eq!(exports::fingerprint(&now), other_before);
}

#[test]
fn a_database_renamed_away_during_an_import_keeps_its_content_without_the_import() {
    let (dir, file, db) = setup();
    let moved = dir.path().join("moved.db");
    let err = import_while(&db, &file, || std::fs::rename(&db, &moved).unwrap());
    assert_names_the_database(&err, &db);
    let kept = Store::open(&moved).unwrap();
    kept.check_integrity().unwrap();
    assert_eq!(kept.halls(true).unwrap().len(), 1);
    assert_eq!(
        kept.count_inspections(&InspectionFilter::default())
            .unwrap(),
        0
    );
}

#[test]
fn a_database_deleted_during_an_import_is_reported() {
    let (_dir, file, db) = setup();
    let err = import_while(&db, &file, || std::fs::remove_file(&db).unwrap());
    assert_names_the_database(&err, &db);
}
