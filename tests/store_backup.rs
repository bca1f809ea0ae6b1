//! Checking and restoring a backup only reads it: its bytes stay the same, nothing appears
//! beside it, read-only media work, and a backup of an older schema is migrated once restored.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};

use hallcheck::store::{Store, StoreError, schema};
use support::{names_in, sha256};

fn hall_names(store: &Store) -> Vec<String> {
    store
        .halls(true)
        .unwrap()
        .into_iter()
        .map(|h| h.name)
        .collect()
}

/// A version-1 database (the first schema) with one hall, as an old HallCheck left it.
fn version_1_database(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    conn.execute(
        "INSERT INTO halls (uuid, code, name, created_at) VALUES ('u1', 'A1', '旧版营业厅', 'now')",
        [],
    )
    .unwrap();
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_read_only_backup_is_checked_and_restored_without_a_byte_changed() {
    let dir = tempfile::tempdir().unwrap();
    let media = dir.path().join("media");
    std::fs::create_dir(&media).unwrap();
    let backup = media.join("backup.db");
    let old = media.join("old.db");
    let mut live = Store::open(&dir.path().join("live.db")).unwrap();
    live.add_hall("城东营业厅", Some("E1")).unwrap();
    live.backup_to(&backup).unwrap();
    live.add_hall("后加营业厅", Some("NEW")).unwrap();
    version_1_database(&old);
    let before = [sha256(&backup), sha256(&old)];
    // Read-only media: the files and their folder (root ignores these bits; the bytes and
    // the folder's listing are checked below all the same).
    set_mode(&backup, 0o444);
    set_mode(&old, 0o444);
    set_mode(&media, 0o555);

    assert_eq!(
        Store::check_backup(&backup).unwrap(),
        schema::CURRENT_VERSION
    );
    assert_eq!(Store::check_backup(&old).unwrap(), 1);
    let kept = live
        .restore_keeping_copy(&backup, support::local(2026, 10, 31, 9))
        .unwrap();
    assert_eq!(hall_names(&live), ["城东营业厅"]);
    assert_eq!(
        hall_names(&Store::open(&kept).unwrap()),
        ["城东营业厅", "后加营业厅"],
        "the copy kept holds the content before the restore"
    );
    live.restore_keeping_copy(&old, support::local(2026, 10, 31, 9))
        .unwrap();
    assert_eq!(live.schema_version().unwrap(), schema::CURRENT_VERSION);
    assert_eq!(hall_names(&live), ["旧版营业厅"]);
    live.add_hall("恢复后营业厅", None).unwrap();
    live.check_integrity().unwrap();

    assert_eq!([sha256(&backup), sha256(&old)], before);
    assert_eq!(
        names_in(&media),
        ["backup.db", "old.db"],
        "no -wal, -shm or copy"
    );
    set_mode(&media, 0o755);
}

#[test]
fn refused_backups_name_the_file_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut live = Store::open(&dir.path().join("live.db")).unwrap();
    live.add_hall("城东营业厅", Some("E1")).unwrap();
    let path = |name: &str| dir.path().join(name);

    let newer = path("newer.db");
    {
        let conn = rusqlite::Connection::open(&newer).unwrap();
        conn.pragma_update(None, "user_version", schema::CURRENT_VERSION + 1)
            .unwrap();
    }
    let foreign = path("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE notes (text TEXT)")
        .unwrap();
    let junk = path("junk.db");
    std::fs::write(&junk, "this is not a database, only text of some length").unwrap();
    let corrupt = path("corrupt.db");
    {
        let big = Store::open(&path("big.db")).unwrap();
        for n in 0..200 {
            big.add_hall(&format!("营业厅{n}"), Some(&format!("H{n}")))
                .unwrap();
        }
        big.backup_to(&corrupt).unwrap();
    }
    let mut bytes = std::fs::read(&corrupt).unwrap();
    let len = bytes.len();
    for b in &mut bytes[4096..len.min(4096 * 6)] {
        *b = 0xA5;
    }
    std::fs::write(&corrupt, &bytes).unwrap();
    let missing = path("missing.db");

    type Expected = fn(&StoreError) -> bool;
    let cases: [(&PathBuf, Expected); 5] = [
        (&newer, |e| matches!(e, StoreError::Newer { .. })),
        (&foreign, |e| matches!(e, StoreError::Invalid(_))),
        (&junk, |e| matches!(e, StoreError::NotADatabase { .. })),
        (&corrupt, |e| matches!(e, StoreError::Corrupt { .. })),
        (&missing, |e| matches!(e, StoreError::Io { .. })),
    ];
    let live_path = live.path().to_path_buf();
    for (file, expected) in cases {
        let before = std::fs::read(file).ok();
        let err = live
            .restore_keeping_copy(file, support::local(2026, 10, 31, 9))
            .unwrap_err();
        assert!(expected(&err), "{}: {err:?}", file.display());
        let shown = file.file_name().unwrap().to_string_lossy().into_owned();
        assert!(err.to_string().contains(&shown), "{err}");
        assert_eq!(std::fs::read(file).ok(), before, "{err}");
        assert_eq!(hall_names(&live), ["城东营业厅"]);
    }
    let err = live
        .restore_keeping_copy(&live_path, support::local(2026, 10, 31, 9))
        .unwrap_err();
    assert!(err.to_string().contains("open database"), "{err}");
    let kept = names_in(dir.path())
        .into_iter()
        .filter(|n| n.contains("before-restore"))
        .count();
    assert_eq!(kept, 0, "a refused restore keeps no copy");
}
