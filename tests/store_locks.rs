//! A second `Store` on the same file must not drop the first one's locks: an outside program
//! that opens and closes the database would then take itself for the last user and delete
//! the write-ahead log under the app (SQLite "How To Corrupt", §2.2).

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

use std::path::Path;
use std::process::Command;

use hallcheck::store::Store;

fn sqlite3(db: &Path, sql: &str) -> String {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg(sql)
        .output()
        .expect("the sqlite3 CLI (apt-get install sqlite3)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
fn an_outside_reader_does_not_take_the_log_from_two_open_stores() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hallcheck.db");
    let wal = dir.path().join("hallcheck.db-wal");
    Store::open(&db).unwrap();
    let main = Store::open(&db).unwrap();
    // A second connection, as the History reader and the data jobs open one.
    let reader = Store::open(&db).unwrap();
    main.add_hall("城东营业厅", Some("A1")).unwrap();
    assert_eq!(reader.halls(false).unwrap().len(), 1);
    assert_eq!(sqlite3(&db, "SELECT count(*) FROM halls"), "1");
    assert!(
        wal.exists(),
        "the log was deleted while the stores are open"
    );
    main.add_hall("城西营业厅", Some("A2")).unwrap();
    assert_eq!(reader.halls(false).unwrap().len(), 2);
    // What another program sees while the app runs: every committed write.
    assert_eq!(sqlite3(&db, "SELECT count(*) FROM halls"), "2");
    assert!(wal.exists());
    drop(reader);
    drop(main);
    assert_eq!(Store::open(&db).unwrap().halls(false).unwrap().len(), 2);
    assert_eq!(sqlite3(&db, "SELECT count(*) FROM halls"), "2");
}
