//! Damage found early and writing stopped: a database too large to be checked on opening is
//! checked before the command line writes to it; once any connection finds damage (a check or
//! a read), every connection of the program refuses to write, naming the file and the newest
//! backup, until a backup is restored over it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;
use std::process::Command;

use hallcheck::store::backups::{list_backups, newest_backup};
use hallcheck::store::damage::known_damage;
use hallcheck::store::{Settings, Store, StoreErrorKind};

use support::damage::{
    add_filler, damage_filler, large_database, one_hall_backed_up, overwrite_page, root_page,
};
use support::{local, names_in};

fn hallcheck(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hallcheck"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

fn hall_count(db: &Path) -> i64 {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    conn.query_row("SELECT count(*) FROM halls", [], |r| r.get(0))
        .unwrap()
}

/// The backups folder lists `good` and nothing else.
fn assert_only_backup(db: &Path, good: &Path) {
    let listed: Vec<_> = list_backups(db)
        .unwrap()
        .into_iter()
        .map(|b| b.path)
        .collect();
    assert_eq!(listed, [good]);
}

#[test]
fn the_command_line_writes_nothing_into_a_large_damaged_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hallcheck.db");
    large_database(&db);
    let store = Store::open(&db).unwrap();
    assert!(
        !store.checked_on_open(),
        "too large to be checked on opening"
    );
    let good = store.backup_daily(local(2026, 10, 30, 8)).unwrap().unwrap();
    drop(store);
    damage_filler(&db);
    let json = dir.path().join("e.json");
    std::fs::write(&json, "{}").unwrap();

    for args in [
        &["halls", "add", "新厅"][..],
        &["demo-data", "--halls", "1", "--days", "2"],
        &["import", json.to_str().unwrap()],
    ] {
        let output = hallcheck(&db, args);
        let text = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {text}");
        assert!(text.contains(&db.display().to_string()), "{text}");
        assert!(text.contains("damaged"), "{text}");
        assert!(text.contains(&good.display().to_string()), "{text}");
        assert_eq!(hall_count(&db), 1, "{args:?} wrote into the damaged file");
    }
    // No copy of the damaged file pushed the good one out.
    assert_only_backup(&db, &good);

    // Restoring is what it needs; then it takes writes again.
    let output = hallcheck(&db, &["restore", good.to_str().unwrap()]);
    assert!(output.status.success(), "{output:?}");
    // The damaged content is kept beside the file, not listed among the backups.
    assert_only_backup(&db, &good);
    assert!(
        names_in(dir.path())
            .iter()
            .any(|n| n.starts_with("hallcheck.db.damaged-")),
        "{:?}",
        names_in(dir.path())
    );
    let output = hallcheck(&db, &["halls", "add", "新厅"]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(hall_count(&db), 2);
}

#[test]
fn damage_found_by_the_check_stops_every_connection_writing_until_a_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hallcheck.db");
    large_database(&db);
    let good = Store::open(&db)
        .unwrap()
        .backup_daily(local(2026, 10, 30, 8))
        .unwrap()
        .unwrap();
    damage_filler(&db);
    let mut store = Store::open(&db).unwrap();
    let other = Store::open(&db).unwrap();
    store.add_hall("检查前营业厅", None).unwrap();

    let err = store.check_unless_checked().unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::Corrupt, "{err}");
    assert_eq!(err.newest_backup(), Some(good.as_path()));
    assert!(known_damage(&db).is_some());
    for store in [&store, &other] {
        let err = store.add_hall("损坏后营业厅", None).unwrap_err();
        assert_eq!(err.kind(), StoreErrorKind::WritesStopped, "{err}");
        let text = err.to_string();
        assert!(text.starts_with(&db.display().to_string()), "{text}");
        assert!(text.contains("was not saved"), "{text}");
        assert!(text.contains(&good.display().to_string()), "{text}");
        // Reading goes on where the damage is not.
        assert_eq!(store.halls(true).unwrap().len(), 2);
    }
    // Neither a day's copy nor any other goes into the backups folder from a damaged file.
    let err = store.backup_daily(local(2026, 10, 31, 8)).unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::Corrupt, "{err}");

    let kept = store
        .restore_keeping_copy(&good, local(2026, 10, 31, 9))
        .unwrap();
    assert!(
        kept.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("hallcheck.db.damaged-"),
        "{kept:?}"
    );
    assert_eq!(
        kept.parent(),
        db.parent(),
        "beside it, not in the backups list"
    );
    assert_eq!(known_damage(&db), None);
    assert_eq!(newest_backup(&db), Some(good));
    store.add_hall("恢复后营业厅", None).unwrap();
    other.add_hall("另一连接营业厅", None).unwrap();
    store.check_integrity().unwrap();
}

#[test]
fn a_read_that_meets_damage_stops_writing_elsewhere_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hallcheck.db");
    large_database(&db);
    let halls = root_page(&db, "halls");
    overwrite_page(&db, halls);
    let store = Store::open(&db).unwrap();
    let err = store.halls(true).unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::Corrupt, "{err}");
    assert!(err.to_string().contains("restore a backup"), "{err}");
    // The settings live on other pages: they could be written, but are not.
    let err = store.save_settings(&Settings::default()).unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::WritesStopped, "{err}");
    // Nothing was added beside the database but SQLite's own files.
    assert_eq!(
        names_in(dir.path()),
        ["hallcheck.db", "hallcheck.db-shm", "hallcheck.db-wal"]
    );
}

#[test]
fn a_small_damaged_database_is_refused_on_opening_and_opens_for_a_restore() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store, good) = one_hall_backed_up(dir.path(), local(2026, 10, 30, 8));
    drop(store);
    overwrite_page(&db, root_page(&db, "halls"));

    let err = Store::open(&db).unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::Corrupt, "{err}");
    assert_eq!(err.newest_backup(), Some(good.as_path()));
    let mut store = Store::open_damaged(&db).unwrap();
    let err = store.save_settings(&Settings::default()).unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::WritesStopped, "{err}");
    store
        .restore_keeping_copy(&good, local(2026, 10, 31, 9))
        .unwrap();
    store.add_hall("新厅", None).unwrap();
    assert_eq!(store.halls(true).unwrap().len(), 2);
    store.check_integrity().unwrap();
}

#[test]
fn an_export_that_meets_damage_names_the_file_and_the_backup_and_writing_stops() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hallcheck.db");
    let store = support::exports::demo_store(&db);
    let good = store.backup_daily(local(2026, 10, 30, 8)).unwrap().unwrap();
    drop(store);
    add_filler(&db);
    overwrite_page(&db, root_page(&db, "results"));
    let store = Store::open(&db).unwrap();
    assert!(!store.checked_on_open());
    let target = dir.path().join("out.csv");
    let err = support::exports::export_all(&store, hallcheck::export::ExportFormat::Csv, &target)
        .unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with(&db.display().to_string()), "{text}");
    assert!(text.contains("damaged"), "{text}");
    assert!(text.contains(&good.display().to_string()), "{text}");
    assert!(!target.exists());
    let err = store.add_hall("新厅", None).unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::WritesStopped, "{err}");
}
