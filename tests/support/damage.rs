//! Damaged databases for the tests: a database larger than the store checks on opening, and
//! garbage written over one page of a file with `std::fs` while no connection is open.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

use hallcheck::store::{QUICK_CHECK_MAX_PAGES, Store};

/// A HallCheck database with one hall (`A1`) and a table of filler rows that takes it past
/// [`QUICK_CHECK_MAX_PAGES`], so opening it does not check it whole. Closed when it returns.
pub fn large_database(path: &Path) {
    let store = Store::open(path).unwrap();
    store.add_hall("城东供电营业厅", Some("A1")).unwrap();
    drop(store);
    add_filler(path);
}

/// Adds the filler table to the closed database `path` (see [`large_database`]).
pub fn add_filler(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let rows = QUICK_CHECK_MAX_PAGES + 600;
    conn.execute_batch(&format!(
        "CREATE TABLE filler (x BLOB);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
         INSERT INTO filler SELECT randomblob(3000) FROM n;"
    ))
    .unwrap();
    drop(conn);
}

/// The page size and page count of a closed database file, from its header.
pub fn pages(path: &Path) -> (u64, u64) {
    let bytes = std::fs::read(path).unwrap();
    let size = u64::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    let size = if size == 1 { 65_536 } else { size };
    (size, bytes.len() as u64 / size)
}

/// Writes garbage over page `page` (1-based) of the closed database file `path`.
pub fn overwrite_page(path: &Path, page: u64) {
    let (size, count) = pages(path);
    assert!(page >= 1 && page <= count, "page {page} of {count}");
    let mut file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.seek(SeekFrom::Start((page - 1) * size)).unwrap();
    let garbage: Vec<u8> = (0..size).map(|i| (i * 7 + 0xA5) as u8).collect();
    file.write_all(&garbage).unwrap();
    file.sync_all().unwrap();
}

/// Damages a page of the filler table near the end of a [`large_database`]: nothing a
/// HallCheck command reads or writes touches it, only a whole check finds it.
pub fn damage_filler(path: &Path) {
    let (_, count) = pages(path);
    overwrite_page(path, count - 20);
    overwrite_page(path, count - 300);
}

/// The root page of `table` in the closed database file `path`.
pub fn root_page(path: &Path, table: &str) -> u64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    let page: i64 = conn
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = ?1",
            [table],
            |r| r.get(0),
        )
        .unwrap();
    page as u64
}

/// A database `hallcheck.db` in `dir` with one hall (`A1`) and the day's backup taken `at`:
/// the database, its open store and the backup.
pub fn one_hall_backed_up(
    dir: &Path,
    at: chrono::NaiveDateTime,
) -> (std::path::PathBuf, Store, std::path::PathBuf) {
    let db = dir.join("hallcheck.db");
    let store = Store::open(&db).unwrap();
    store.add_hall("城东供电营业厅", Some("A1")).unwrap();
    let backup = store.backup_daily(at).unwrap().unwrap();
    (db, store, backup)
}
