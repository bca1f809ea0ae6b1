//! The one home of helpers shared by the integration tests, a submodule per concern:
//! [`damage`] (large and damaged databases), [`exports`] (a demo database, a fingerprint of every
//! table), [`kinds`] (a template with item values, ranges and bonus items), [`mutate`] (bad inputs for the
//! property tests), [`pg`] (a PostgreSQL cluster of the test's own), [`rectify`] (rectifications in every state with known rates), [`reports`] (a small data set with known figures), [`store`] (inspections started and
//! answered, demo data) and [`ui`] (the app in a
//! kittest harness on a fixed clock). A test file says `mod support;` and uses what it needs.

// Every test file is a crate of its own that compiles all of this and uses only part of it.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod damage;
pub mod exports;
pub mod kinds;
pub mod mutate;
pub mod pg;
pub mod rectify;
pub mod reports;
pub mod store;
pub mod ui;

use hallcheck::store::Store;
use rusqlite::{Connection, OpenFlags};

/// The SHA-256 of a file's bytes, to prove it unchanged.
pub fn sha256(path: &std::path::Path) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(std::fs::read(path).unwrap()).to_vec()
}

/// The names in a folder, sorted.
pub fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A local time for the store calls that take one (no test reads the clock):
/// `local(2026, 10, 31, 9)` is 09:00 on that day.
pub fn local(year: i32, month: u32, day: u32, hour: u32) -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(year, month, day)
        .and_then(|d| d.and_hms_opt(hour, 0, 0))
        .unwrap()
}

/// A read-only connection of the test's own to a store's file, for looking at the database
/// directly: the store keeps its connection to itself.
pub fn raw(store: &Store) -> Connection {
    Connection::open_with_flags(store.path(), OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

/// The text of a PDF as `pdftotext` (poppler-utils, which .ci/run installs) reads it: `-layout`
/// keeps the page's columns, `-raw` the order the text was drawn in.
pub fn pdf_text(path: &std::path::Path, mode: &str) -> String {
    let output = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", mode])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: apt-get install poppler-utils");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}
