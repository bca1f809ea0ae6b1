//! Faults a user meets, each giving a clear error that names the file and losing nothing: a
//! read-only database file or folder, a full disk, a lock held by another program, an outside
//! reader while the app writes, what killed exports and backups leave behind, and the
//! automatic backups into a full disk or a read-only backups folder (told by name; the
//! command goes on, an import refuses, nothing half-written is left).
//!
//! What runs where: the read-only checks need an account that file modes apply to. As root
//! (CI runs as root) they run the `hallcheck` binary as `nobody` through `setpriv` (util-linux);
//! without `setpriv`, or when `nobody` cannot reach the binary, they are skipped with a printed
//! reason. A full disk is a file-size limit
//! (`RLIMIT_FSIZE`, set by `bash`'s `ulimit -f` with SIGXFSZ ignored) on a child `hallcheck`:
//! it needs no mount and works as root. A read-only drive cannot be made without mounting one
//! and is not exercised here.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

mod support;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use hallcheck::export::{ExportError, ExportFormat, summary_csv_path};
use hallcheck::store::{Store, StoreError, StoreErrorKind};

use support::exports::{demo_store, export_all, fingerprint};
use support::{names_in, sha256};

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn hallcheck() -> &'static str {
    env!("CARGO_BIN_EXE_hallcheck")
}

/// A command that runs `hallcheck` as an account file modes apply to, or why there is none.
fn unprivileged() -> Result<Command, &'static str> {
    // SAFETY: geteuid has no preconditions and touches no memory.
    if unsafe { libc::geteuid() } != 0 {
        return Ok(Command::new(hallcheck()));
    }
    let has_setpriv = Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_setpriv {
        return Err("running as root and `setpriv` is not installed: file modes cannot be tried");
    }
    let as_nobody = || {
        let mut command = Command::new("setpriv");
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(hallcheck());
        command
    };
    // The test binary's folder may be closed to other accounts (a clone under /root).
    let runs = as_nobody()
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !runs {
        return Err(
            "running as root and `nobody` cannot run the hallcheck binary where it is built",
        );
    }
    Ok(as_nobody())
}

/// `hallcheck` under a file-size limit of `kib` KiB: a write past it fails as on a full disk.
fn size_limited(kib: u32) -> Command {
    let mut command = Command::new("bash");
    command.args([
        "-c",
        &format!("trap '' XFSZ; ulimit -f {kib}; exec \"$0\" \"$@\""),
        hallcheck(),
    ]);
    command
}

fn run(mut command: Command, args: &[&str]) -> Output {
    command.args(args).output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A small database, closed again (so nothing but the file is left), in a fresh folder.
fn small_database() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hallcheck.db");
    let store = Store::open(&db).unwrap();
    store.add_hall("城东供电营业厅", Some("A1")).unwrap();
    drop(store);
    assert_eq!(names_in(dir.path()), ["hallcheck.db"]);
    (dir, db)
}

/// `hallcheck halls add` as an account file modes apply to, on a database whose folder and
/// file have the given modes: its error text, after checking it failed, named the file and
/// left the file's bytes as they were. `None` when no such account can be had.
fn add_hall_unprivileged(folder_mode: u32, file_mode: u32) -> Option<String> {
    let command = match unprivileged() {
        Ok(command) => command,
        Err(why) => {
            eprintln!("skipped: {why}");
            return None;
        }
    };
    let (dir, db) = small_database();
    chmod(dir.path(), folder_mode);
    chmod(&db, file_mode);
    let before = sha256(&db);
    let output = run(
        command,
        &["--db", db.to_str().unwrap(), "halls", "add", "新厅"],
    );
    let text = stderr(&output);
    assert!(!output.status.success());
    assert!(text.contains(&db.display().to_string()), "{text}");
    assert!(!text.contains("Error code"), "{text}");
    assert_eq!(sha256(&db), before);
    Some(text)
}

#[test]
fn a_read_only_database_file_is_refused_by_name_and_left_unchanged() {
    if let Some(text) = add_hall_unprivileged(0o777, 0o444) {
        assert!(text.contains("database file is read-only"), "{text}");
    }
}

#[test]
fn a_read_only_folder_is_told_as_such_and_the_database_left_unchanged() {
    if let Some(text) = add_hall_unprivileged(0o755, 0o666) {
        assert!(
            text.contains("folder holding the database is read-only"),
            "{text}"
        );
    }
}

#[test]
fn a_full_disk_during_demo_data_names_the_file_and_writes_nothing_of_it() {
    let (_dir, db) = small_database();
    let before = fingerprint(&Store::open(&db).unwrap());
    let args = ["--db", db.to_str().unwrap(), "demo-data", "--halls", "3"];
    let output = run(size_limited(300), &[&args[..], &["--days", "60"]].concat());
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains(&db.display().to_string()), "{text}");
    // A partial write is told as a full disk, a refused one as an I/O error: both say to
    // free space.
    assert!(text.contains("free space"), "{text}");
    assert!(!text.contains("Error code"), "{text}");
    let store = Store::open(&db).unwrap();
    store.check_integrity().unwrap();
    assert_eq!(fingerprint(&store), before);
}

#[test]
fn a_full_disk_during_an_export_is_an_error_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hallcheck.db");
    drop(demo_store(&db));
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    for (format, file) in [("xlsx", "x.xlsx"), ("csv", "x.csv"), ("pdf", "x.pdf")] {
        let target = out.join(file);
        let args = ["--db", db.to_str().unwrap(), "export", "--format", format];
        let output = run(
            size_limited(64),
            &[&args[..], &["--out", target.to_str().unwrap()]].concat(),
        );
        let text = stderr(&output);
        // Exit 1 with one line, not a panic (exit 101).
        assert_eq!(output.status.code(), Some(1), "{format}: {text}");
        assert!(!text.contains("panicked"), "{format}: {text}");
        assert!(text.contains(&target.display().to_string()), "{text}");
        assert!(text.contains("larger than the system allows"), "{text}");
        assert!(names_in(&out).is_empty(), "{format}: {:?}", names_in(&out));
    }
}

#[test]
fn the_csv_files_are_written_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir.path().join("hallcheck.db"));
    let target = dir.path().join("out.csv");
    let csv = |target: &Path| export_all(&store, ExportFormat::Csv, target);
    // The summary's name is taken by a folder: neither file may appear.
    std::fs::create_dir(summary_csv_path(&target)).unwrap();
    let err = csv(&target).unwrap_err();
    assert!(matches!(err, ExportError::Io { .. }), "{err}");
    assert!(err.to_string().contains("out-summary.csv"), "{err}");
    assert_eq!(
        names_in(dir.path()),
        [
            "hallcheck.db",
            "hallcheck.db-shm",
            "hallcheck.db-wal",
            "out-summary.csv"
        ]
    );
    // An earlier export under the name is kept as it was.
    std::fs::write(&target, "earlier").unwrap();
    csv(&target).unwrap_err();
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "earlier");
    std::fs::remove_dir(summary_csv_path(&target)).unwrap();
    csv(&target).unwrap();
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with('\u{feff}')
    );
}

/// Holds `BEGIN EXCLUSIVE` on `db` from another connection until told to let go.
fn hold_lock(db: &Path) -> (mpsc::Sender<()>, std::thread::JoinHandle<()>) {
    let (held_tx, held_rx) = mpsc::channel();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let db = db.to_path_buf();
    let holder = std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
        held_tx.send(()).unwrap();
        // Let go when told (or when the test is gone).
        let _ = release_rx.recv();
        conn.execute_batch("COMMIT").unwrap();
    });
    held_rx.recv().unwrap();
    (release_tx, holder)
}

#[test]
fn a_lock_held_by_another_program_is_told_by_name_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hallcheck.db");
    let mut store = demo_store(&db);
    store.backup_to(&dir.path().join("b.db")).unwrap();
    let json = dir.path().join("e.json");
    export_all(&store, ExportFormat::Json, &json).unwrap();
    let before = fingerprint(&store);
    store.set_lock_wait(Duration::from_millis(200)).unwrap();
    let (release, holder) = hold_lock(&db);

    let err = store.add_hall("城西供电营业厅", Some("A2")).unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::Locked, "{err}");
    assert!(
        err.to_string().starts_with(&format!("{}: ", db.display())),
        "{err}"
    );
    // Restore waits the same bounded time, pausing, then gives up; it keeps no copy.
    let err = store
        .restore_keeping_copy(&dir.path().join("b.db"), support::local(2026, 10, 31, 9))
        .unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::Locked, "{err}");
    assert_eq!(err.path(), Some(db.as_path()));
    assert!(
        !names_in(dir.path())
            .iter()
            .any(|n| n.contains("before-restore"))
    );
    // An import waits for the lock like every write instead of failing at once as "busy".
    let err = hallcheck::export::import_file(&mut store, &json).unwrap_err();
    assert!(err.to_string().contains("in use by another"), "{err}");
    // Reading and backing up go on under another program's write lock.
    store.halls(true).unwrap();
    store.backup_to(&dir.path().join("b2.db")).unwrap();

    release.send(()).unwrap();
    holder.join().unwrap();
    assert_eq!(fingerprint(&store), before);
    store.add_hall("城西供电营业厅", Some("A2")).unwrap();
}

#[test]
fn an_outside_reader_does_not_stop_the_app_writing_or_lose_a_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hallcheck.db");
    let store = demo_store(&db);
    let halls = store.halls(true).unwrap().len();
    // sqlite3 holds a read transaction open until told to end it (its output line-buffered,
    // so its first answer shows the transaction has begun).
    let mut reader = Command::new("stdbuf")
        .args(["-oL", "sqlite3"])
        .arg(&db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("stdbuf and the sqlite3 CLI (apt-get install sqlite3)");
    let mut input = reader.stdin.take().unwrap();
    let mut output = std::io::BufReader::new(reader.stdout.take().unwrap());
    writeln!(input, "BEGIN; SELECT count(*) FROM halls;").unwrap();
    input.flush().unwrap();
    let mut first = String::new();
    std::io::BufRead::read_line(&mut output, &mut first).unwrap();
    for n in 0..3 {
        store.add_hall(&format!("新营业厅{n}"), None).unwrap();
    }
    let target = dir.path().join("during.csv");
    export_all(&store, ExportFormat::Csv, &target).unwrap();
    writeln!(input, "COMMIT; SELECT count(*) FROM halls;").unwrap();
    drop(input);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut output, &mut rest).unwrap();
    reader.wait().unwrap();
    let counts: Vec<usize> = format!("{first}{rest}")
        .lines()
        .map(|l| l.trim().parse().unwrap())
        .collect();
    // The reader saw its own state, then every committed write.
    assert_eq!(counts, [halls, halls + 3]);
    assert_eq!(store.halls(true).unwrap().len(), halls + 3);
}

/// A process id that has ended (its child was waited for).
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn partial_files_of_killed_runs_are_removed_and_live_ones_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir.path().join("hallcheck.db"));
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let dead = dead_pid();
    // A running process: `cat` waits for its input, which this test holds.
    let mut live = Command::new("cat").stdin(Stdio::piped()).spawn().unwrap();
    let stale = [
        format!(".x.csv.{dead}.partial"),
        format!(".b.db.{dead}.partial"),
        format!(".b.db.{dead}.partial-journal"),
    ];
    let kept = format!(".y.csv.{}.partial", live.id());
    for name in stale.iter().chain([&kept]) {
        std::fs::write(out.join(name), "half").unwrap();
    }
    // Left by the old backup, which named its copy NAME.partial.
    std::fs::write(out.join("b.db.partial"), "half").unwrap();
    std::fs::write(out.join("b.db.partial-journal"), "half").unwrap();
    export_all(&store, ExportFormat::Csv, &out.join("x.csv")).unwrap();
    assert_eq!(
        names_in(&out),
        [
            kept.clone(),
            "b.db.partial".into(),
            "b.db.partial-journal".into(),
            "x-rectifications.csv".into(),
            "x-summary.csv".into(),
            "x.csv".into()
        ]
    );
    store.backup_to(&out.join("b.db")).unwrap();
    assert_eq!(
        names_in(&out),
        [
            kept,
            "b.db".into(),
            "x-rectifications.csv".into(),
            "x-summary.csv".into(),
            "x.csv".into()
        ]
    );
    drop(live.stdin.take());
    live.wait().unwrap();
}

#[test]
fn every_store_error_about_a_file_names_it_and_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    // A folder given as the database.
    let err = Store::open(dir.path()).unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::IsAFolder, "{err}");
    assert!(
        err.to_string()
            .starts_with(&dir.path().display().to_string()),
        "{err}"
    );
    // A folder given as the backup: told once, in plain words.
    let store = Store::open(&dir.path().join("hallcheck.db")).unwrap();
    let err = store.backup_to(dir.path()).unwrap_err();
    let text = format!("{:#}", anyhow::Error::from(err));
    assert_eq!(
        text,
        format!(
            "{}: this is a folder, not a file — give a file name inside the folder",
            dir.path().display()
        )
    );
    assert!(matches!(
        Store::check_backup(&dir.path().join("none.db")),
        Err(StoreError::Io { .. })
    ));
}

/// A demo database, closed again, in a fresh folder, and a file-size limit (KiB) that a copy
/// of it cannot be made under but a small write to it can.
fn database_larger_than_a_limit() -> (tempfile::TempDir, PathBuf, u32) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hallcheck.db");
    drop(demo_store(&db));
    let kib = std::fs::metadata(&db).unwrap().len() / 1024;
    (dir, db, u32::try_from(kib * 3 / 4).unwrap())
}

#[test]
fn a_full_disk_during_the_days_backup_leaves_no_partial_and_the_command_goes_on() {
    let (dir, db, limit) = database_larger_than_a_limit();
    let backups = dir.path().join("backups");
    let args = ["--db", db.to_str().unwrap(), "halls", "add", "新厅"];
    let output = run(size_limited(limit), &args);
    let text = stderr(&output);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("the day's backup was not made"), "{text}");
    assert!(text.contains(&backups.display().to_string()), "{text}");
    assert!(!text.contains("panicked"), "{text}");
    assert!(names_in(&backups).is_empty(), "{:?}", names_in(&backups));
    // The hall was saved all the same, and the next start with room makes the copy.
    let output = run(
        Command::new(hallcheck()),
        &["--db", db.to_str().unwrap(), "halls", "list"],
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("新厅"));
    let output = run(
        Command::new(hallcheck()),
        &["--db", db.to_str().unwrap(), "halls", "add", "又一厅"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(names_in(&backups).len(), 1, "{:?}", names_in(&backups));
}

#[test]
fn an_import_whose_copy_cannot_be_made_imports_nothing() {
    let (dir, db, limit) = database_larger_than_a_limit();
    let store = Store::open(&db).unwrap();
    let json = dir.path().join("e.json");
    export_all(&store, ExportFormat::Json, &json).unwrap();
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let target = other.join("hallcheck.db");
    drop(demo_store(&target));
    let before = fingerprint(&Store::open(&target).unwrap());
    let args = [
        "--db",
        target.to_str().unwrap(),
        "import",
        json.to_str().unwrap(),
    ];
    let output = run(size_limited(limit), &args);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("nothing was imported"), "{text}");
    assert!(
        text.contains(&other.join("backups").display().to_string()),
        "{text}"
    );
    assert_eq!(fingerprint(&Store::open(&target).unwrap()), before);
    assert!(names_in(&other.join("backups")).is_empty());
}

#[test]
fn a_read_only_backups_folder_is_told_by_name_and_nothing_is_lost() {
    let command = match unprivileged() {
        Ok(command) => command,
        Err(why) => {
            eprintln!("skipped: {why}");
            return;
        }
    };
    let (dir, db) = small_database();
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    chmod(dir.path(), 0o777);
    chmod(&db, 0o666);
    chmod(&backups, 0o555);
    let output = run(
        command,
        &["--db", db.to_str().unwrap(), "halls", "add", "新厅"],
    );
    let text = stderr(&output);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("the day's backup was not made"), "{text}");
    assert!(text.contains(&backups.display().to_string()), "{text}");
    assert!(text.contains("access was refused"), "{text}");
    assert!(names_in(&backups).is_empty());
    let store = Store::open(&db).unwrap();
    assert_eq!(store.halls(true).unwrap().len(), 2, "the hall was saved");
}
