//! The crash suite: a `hallcheck` child answering, importing or exporting is killed with
//! SIGKILL at moments drawn from a seeded generator, and after every kill the database is
//! intact (`PRAGMA integrity_check`), every answer the child reported saved is there with the
//! outcome and count it reported, an import is all or nothing (the imported data is wholly
//! there or not at all), no export target holds a partial file, and every copy listed in the
//! backups folder is a whole database.
//!
//! The answering child (`hallcheck answer-loop`, hidden) prints a line after each answer is
//! saved; the kill comes after a drawn number of lines, so progress is read, not waited for.
//! Imports and exports are killed after a drawn delay within the time an uninterrupted run
//! takes. The CI runs 30 kills (10 of each kind); `HALLCHECK_CRASH_KILLS=N` runs N of each,
//! `HALLCHECK_CRASH_SEED` changes the moments. The figures are printed (`--nocapture`).

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hallcheck::export::ExportFormat;
use hallcheck::store::Store;
use hallcheck::store::backups::list_backups;
use proptest::prelude::Rng;
use proptest::test_runner::{RngAlgorithm, TestRng};

use support::exports::{demo_store, export_all};

/// The seeded generator of the kill moments: the same seed, the same moments.
struct Moments(TestRng);

impl Moments {
    fn seeded(seed: u64) -> Moments {
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        Moments(TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.0.next_u64() % (high - low + 1)
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn hallcheck(db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hallcheck"));
    command.arg("--db").arg(db);
    command
}

/// Starts `command` and kills it after a delay drawn within 110% of `span` (how long a whole
/// run takes).
fn kill_within(command: &mut Command, span: Duration, moments: &mut Moments) {
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let delay = moments.between(0, span.as_micros() as u64 * 11 / 10);
    std::thread::sleep(Duration::from_micros(delay));
    kill(child);
}

fn kill(mut child: Child) {
    // SIGKILL: no destructor, no flush, no SQLite clean-up runs in the child.
    child.kill().unwrap();
    child.wait().unwrap();
}

/// `PRAGMA integrity_check` on a connection of the test's own.
fn assert_intact(db: &Path) {
    // The first line is "ok" only when it is the only one.
    let conn = rusqlite::Connection::open(db).unwrap();
    let first: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(first, "ok", "{}", db.display());
}

/// Every copy listed in the backups folder is a whole, intact database.
fn assert_backups_whole(db: &Path) {
    for backup in list_backups(db).unwrap() {
        Store::check_backup(&backup.path)
            .unwrap_or_else(|e| panic!("{}: {e}", backup.path.display()));
    }
}

/// The answers the child reported, as `(uuid, template/item, outcome, count)`.
type Reported = (String, String, String, i64);

fn stored_answer(conn: &rusqlite::Connection, answer: &Reported) -> Option<(String, i64)> {
    let (uuid, key, _, _) = answer;
    let (template, item) = key.split_once('/').unwrap();
    conn.query_row(
        "SELECT r.outcome, r.count FROM results r
         JOIN inspections i ON i.id = r.inspection_id
         JOIN templates t ON t.id = r.template_row
         WHERE i.uuid = ?1 AND t.template_id = ?2 AND r.item_id = ?3",
        (uuid, template, item),
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .ok()
}

fn answering(db: &Path, kills: u64, moments: &mut Moments) -> u64 {
    let mut reported: Vec<Reported> = Vec::new();
    for _ in 0..kills {
        let lines = moments.between(1, 60);
        let mut child = hallcheck(db)
            .arg("answer-loop")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        for _ in 0..lines {
            let mut line = String::new();
            assert!(out.read_line(&mut line).unwrap() > 0, "the child stopped");
            let parts: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(parts[0], "saved", "{line}");
            reported.push((
                parts[1].to_owned(),
                parts[2].to_owned(),
                parts[3].to_owned(),
                parts[4].parse().unwrap(),
            ));
        }
        kill(child);
        assert_intact(db);
        assert_backups_whole(db);
        let conn = rusqlite::Connection::open(db).unwrap();
        for answer in &reported {
            let stored = stored_answer(&conn, answer);
            assert_eq!(
                stored,
                Some((answer.2.clone(), answer.3)),
                "reported saved: {answer:?}"
            );
        }
    }
    kills
}

/// What an import adds, to tell before from after: the inspections' UUIDs and the number of
/// answers and photos.
fn imported_part(db: &Path) -> (String, i64, i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT (SELECT group_concat(uuid) FROM (SELECT uuid FROM inspections ORDER BY uuid)),
                (SELECT count(*) FROM results), (SELECT count(*) FROM attachments)",
        [],
        |r| {
            Ok((
                r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                r.get(1)?,
                r.get(2)?,
            ))
        },
    )
    .unwrap()
}

/// A fresh copy of the closed database `pristine` in a folder of its own.
fn fresh_copy(pristine: &Path, root: &Path, n: u64) -> PathBuf {
    let folder = root.join(format!("run{n}"));
    std::fs::create_dir(&folder).unwrap();
    let db = folder.join("hallcheck.db");
    std::fs::copy(pristine, &db).unwrap();
    db
}

fn importing(root: &Path, kills: u64, moments: &mut Moments) -> (u64, u64) {
    // The file to import: another PC's demo history with a photo.
    let source = root.join("source.db");
    let json = root.join("other-pc.json");
    export_all(&demo_store(&source), ExportFormat::Json, &json).unwrap();
    let pristine = root.join("pristine.db");
    let store = Store::open(&pristine).unwrap();
    store.add_hall("本机营业厅", Some("LOCAL")).unwrap();
    drop(store);
    let before = imported_part(&pristine);
    // One whole run gives the state after, and how long an import takes.
    let whole = fresh_copy(&pristine, root, 0);
    let started = Instant::now();
    let status = hallcheck(&whole).arg("import").arg(&json).output().unwrap();
    let span = started.elapsed();
    assert!(status.status.success(), "{status:?}");
    let after = imported_part(&whole);
    assert_ne!(before, after);
    let mut landed_after = 0;
    for n in 1..=kills {
        let db = fresh_copy(&pristine, root, n);
        kill_within(hallcheck(&db).arg("import").arg(&json), span, moments);
        assert_intact(&db);
        assert_backups_whole(&db);
        let now = imported_part(&db);
        assert!(now == before || now == after, "a part of the import is in");
        landed_after += u64::from(now == after);
    }
    (kills, landed_after)
}

/// The export's target, if it exists, is whole: the same bytes as an uninterrupted export
/// (CSV), or a file its reader takes whole.
fn assert_whole_export(format: ExportFormat, target: &Path, reference: &Path) {
    if !target.exists() {
        return;
    }
    let bytes = std::fs::read(target).unwrap();
    match format {
        ExportFormat::Csv => {
            assert_eq!(
                bytes,
                std::fs::read(reference).unwrap(),
                "{}",
                target.display()
            );
            let summary = hallcheck::export::summary_csv_path(target);
            assert!(summary.exists(), "the CSV files are whole or absent");
            let ledger = hallcheck::export::rectifications_csv_path(target);
            assert!(ledger.exists(), "the CSV files are whole or absent");
        }
        ExportFormat::Json => {
            serde_json::from_slice::<serde_json::Value>(&bytes).unwrap();
        }
        ExportFormat::Xlsx => {
            let book: Result<calamine::Xlsx<_>, _> = calamine::open_workbook(target);
            assert!(book.is_ok(), "{}", target.display());
        }
        ExportFormat::Pdf => {
            let tail =
                String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(64)..]).into_owned();
            assert!(tail.contains("%%EOF"), "{}", target.display());
        }
    }
}

fn exporting(root: &Path, kills: u64, moments: &mut Moments) -> (u64, u64) {
    let db = root.join("export.db");
    drop(demo_store(&db));
    let formats = [
        (ExportFormat::Csv, "csv"),
        (ExportFormat::Xlsx, "xlsx"),
        (ExportFormat::Json, "json"),
        (ExportFormat::Pdf, "pdf"),
    ];
    let mut spans = Vec::new();
    for (format, ext) in formats {
        let reference = root.join(format!("reference.{ext}"));
        let started = Instant::now();
        let output = hallcheck(&db)
            .args(["export", "--out"])
            .arg(&reference)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        spans.push((format, ext, started.elapsed(), reference));
    }
    let mut whole = 0;
    for n in 0..kills {
        let (format, ext, span, reference) = &spans[(n % 4) as usize];
        let out = root.join(format!("out{n}"));
        std::fs::create_dir(&out).unwrap();
        let target = out.join(format!("export.{ext}"));
        kill_within(
            hallcheck(&db).args(["export", "--out"]).arg(&target),
            *span,
            moments,
        );
        assert_whole_export(*format, &target, reference);
        whole += u64::from(target.exists());
        // Only the target's pair and stale partial files (removed by the next export) remain.
        for name in support::names_in(&out) {
            assert!(
                name.starts_with("export") || name.ends_with(".partial"),
                "{name}"
            );
        }
    }
    assert_intact(&db);
    (kills, whole)
}

#[test]
fn killed_at_random_moments_nothing_reported_saved_is_lost_or_half_written() {
    let kills = env_number("HALLCHECK_CRASH_KILLS", 10);
    let mut moments = Moments::seeded(env_number("HALLCHECK_CRASH_SEED", 12));
    let root = tempfile::tempdir().unwrap();
    let started = Instant::now();

    let answers_db = root.path().join("answers").join("hallcheck.db");
    std::fs::create_dir(answers_db.parent().unwrap()).unwrap();
    let answered = answering(&answers_db, kills, &mut moments);
    let imports = root.path().join("imports");
    std::fs::create_dir(&imports).unwrap();
    let (imported, landed_after) = importing(&imports, kills, &mut moments);
    let exports = root.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    let (exported, whole) = exporting(&exports, kills, &mut moments);

    eprintln!(
        "crash suite: {} kills survived in {:.1} s — answering {answered}, importing {imported} \
         ({landed_after} after the commit, {} before), exporting {exported} ({whole} targets whole, \
         {} absent)",
        answered + imported + exported,
        started.elapsed().as_secs_f64(),
        imported - landed_after,
        exported - whole,
    );
}
