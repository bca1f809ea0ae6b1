//! Automatic backups in `backups/` beside the database: one on the first start of a day and
//! none on the next start that day, 7 days and 4 weeks kept, names that sort by date, the
//! command line's list, a copy before every import, and a restore from the list that keeps
//! the data it replaces as a copy of the day. Every time is passed in: no test reads the clock.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use hallcheck::store::Store;
use hallcheck::store::backups::{BackupReason, backup_folder, list_backups};

use support::damage::one_hall_backed_up;
use support::{local, names_in};

fn hall_names(store: &Store) -> Vec<String> {
    let mut names: Vec<String> = store
        .halls(true)
        .unwrap()
        .into_iter()
        .map(|h| h.name)
        .collect();
    names.sort();
    names
}

fn days_listed(db: &Path) -> Vec<String> {
    list_backups(db)
        .unwrap()
        .iter()
        .map(|b| b.taken.date().to_string())
        .collect()
}

#[test]
fn the_first_start_of_a_day_makes_one_copy_and_a_second_start_none() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store, made) = one_hall_backed_up(dir.path(), local(2026, 10, 31, 8));
    assert_eq!(
        made,
        backup_folder(&db).join("hallcheck-2026-10-31-080000-daily.db")
    );
    assert_eq!(store.backup_daily(local(2026, 10, 31, 17)).unwrap(), None);
    assert_eq!(
        names_in(&backup_folder(&db)),
        ["hallcheck-2026-10-31-080000-daily.db"]
    );
    // The copy is a whole database of its own.
    assert_eq!(hall_names(&Store::open(&made).unwrap()), ["城东供电营业厅"]);
    // The next day makes the next one.
    assert!(store.backup_daily(local(2026, 11, 1, 8)).unwrap().is_some());
    assert_eq!(days_listed(&db), ["2026-11-01", "2026-10-31"]);
}

#[test]
fn pruning_keeps_every_copy_of_7_days_and_the_newest_of_4_weeks_before() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hallcheck.db");
    let store = Store::open(&db).unwrap();
    // 60 days of starts, 2026-09-01 (a Tuesday) to 2026-10-30 (a Friday); on the last day
    // also an import and a restore later in the day.
    let first = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    for n in 0..60 {
        let day = first + chrono::Days::new(n);
        store
            .backup_daily(day.and_hms_opt(8, 0, 0).unwrap())
            .unwrap()
            .unwrap();
    }
    store
        .backup_into_folder(local(2026, 10, 30, 10), BackupReason::BeforeImport)
        .unwrap();
    store
        .backup_into_folder(local(2026, 10, 30, 11), BackupReason::BeforeRestore)
        .unwrap();
    // The next start prunes: the 7 days up to 10-31 keep all their copies, then the newest
    // of each week (Monday to Sunday) before them.
    store.backup_daily(local(2026, 10, 31, 8)).unwrap().unwrap();
    assert_eq!(
        days_listed(&db),
        [
            "2026-10-31",
            "2026-10-30",
            "2026-10-30",
            "2026-10-30",
            "2026-10-29",
            "2026-10-28",
            "2026-10-27",
            "2026-10-26",
            "2026-10-25",
            // Weeks: Mon 10-19 (its newest left, Saturday), 10-12, 10-05, 09-28 (Sundays).
            "2026-10-24",
            "2026-10-18",
            "2026-10-11",
            "2026-10-04",
        ]
    );
    // Names sort by date: the folder's listing is the list, oldest first.
    let mut listed: Vec<String> = list_backups(&db)
        .unwrap()
        .iter()
        .map(|b| b.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    listed.reverse();
    assert_eq!(names_in(&backup_folder(&db)), listed);
    // Applied again, the rule keeps what it kept.
    assert!(
        hallcheck::store::backups::prune_backups(&db)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn copies_of_other_databases_and_partial_files_are_not_listed_or_pruned() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hallcheck.db");
    let folder = backup_folder(&db);
    std::fs::create_dir_all(&folder).unwrap();
    let other = "demo-2026-01-01-080000-daily.db";
    let partial = ".hallcheck-2026-01-02-080000-daily.db.4000000.partial";
    std::fs::write(folder.join(other), "x").unwrap();
    std::fs::write(folder.join(partial), "x").unwrap();
    let store = Store::open(&db).unwrap();
    for day in 1..=20 {
        store.backup_daily(local(2026, 10, day, 8)).unwrap();
    }
    // 10-14 to 10-20 daily; the weeks of 10-12 (10-13), 10-05 (10-11) and 09-28 (10-04)
    // are all there are before them.
    assert_eq!(list_backups(&db).unwrap().len(), 7 + 3);
    let names = names_in(&folder);
    assert!(names.contains(&other.to_owned()), "{names:?}");
}

#[test]
fn a_restore_from_the_list_keeps_the_data_it_replaces_as_a_copy_of_the_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hallcheck.db");
    let mut store = Store::open(&db).unwrap();
    store.add_hall("周一营业厅", None).unwrap();
    store.backup_daily(local(2026, 10, 26, 8)).unwrap().unwrap();
    store.add_hall("周二营业厅", None).unwrap();
    store.backup_daily(local(2026, 10, 27, 8)).unwrap().unwrap();
    store.add_hall("今天营业厅", None).unwrap();

    let listed = list_backups(&db).unwrap();
    let monday = &listed[1];
    assert_eq!(monday.taken, local(2026, 10, 26, 8));
    assert!(monday.size_bytes > 0);
    let kept = store
        .restore_keeping_copy(&monday.path, local(2026, 10, 27, 15))
        .unwrap();
    assert_eq!(hall_names(&store), ["周一营业厅"]);
    let listed = list_backups(&db).unwrap();
    assert_eq!(listed[0].path, kept);
    assert_eq!(listed[0].reason, BackupReason::BeforeRestore);
    assert_eq!(listed[0].taken, local(2026, 10, 27, 15));
    assert_eq!(
        hall_names(&Store::open(&kept).unwrap()),
        ["今天营业厅", "周一营业厅", "周二营业厅"]
    );
    // And that copy restores the day's work again.
    store
        .restore_keeping_copy(&kept, local(2026, 10, 27, 16))
        .unwrap();
    assert_eq!(hall_names(&store).len(), 3);
}

fn hallcheck(db: &Path, args: &[&str]) -> std::process::Output {
    let output = Command::new(env!("CARGO_BIN_EXE_hallcheck"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{args:?}: {output:?}");
    output
}

#[test]
fn the_command_line_backs_up_before_writing_and_lists_the_copies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hallcheck.db");
    // Reading commands make no copy.
    hallcheck(&db, &["halls", "list"]);
    assert!(!backup_folder(&db).exists());
    // The first writing command of the day makes one (of the file as it was), the next none.
    hallcheck(&db, &["halls", "add", "城东供电营业厅"]);
    hallcheck(&db, &["halls", "add", "城西供电营业厅"]);
    let listed = list_backups(&db).unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].reason, BackupReason::Daily);
    // An import makes a copy first.
    hallcheck(&db, &["demo-data", "--halls", "1", "--days", "2"]);
    assert_eq!(list_backups(&db).unwrap().len(), 1);
    let json = dir.path().join("e.json");
    hallcheck(
        &db,
        &[
            "export",
            "--format",
            "json",
            "--out",
            json.to_str().unwrap(),
        ],
    );
    hallcheck(&db, &["import", json.to_str().unwrap()]);
    let listed = list_backups(&db).unwrap();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert_eq!(listed[0].reason, BackupReason::BeforeImport);
    assert_eq!(hall_names(&Store::open(&listed[0].path).unwrap()).len(), 3);

    let output = hallcheck(&db, &["backup", "--list", "--format", "csv"]);
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "taken,bytes,why,file");
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[1].contains("before-import"), "{text}");
    assert!(
        lines[1].ends_with(&listed[0].path.display().to_string()),
        "{text}"
    );
    // `backup FILE` still writes a copy where told.
    let own = dir.path().join("own.db");
    hallcheck(&db, &["backup", own.to_str().unwrap()]);
    assert_eq!(hall_names(&Store::open(&own).unwrap()).len(), 3);
}
