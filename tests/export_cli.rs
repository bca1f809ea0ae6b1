//! The `export`, `import`, `backup` and `restore` subcommands end to end.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use hallcheck::cli::{Cli, run};
use hallcheck::store::Store;
use support::exports;

fn hallcheck(db: &Path, args: &[&str]) -> anyhow::Result<(ExitCode, String)> {
    let mut argv = vec!["hallcheck", "--db", db.to_str().unwrap()];
    argv.extend_from_slice(args);
    let cli = Cli::try_parse_from(argv)?;
    let mut out = Vec::new();
    let code = run(cli, &mut out)?;
    Ok((code, String::from_utf8(out).unwrap()))
}

#[test]
fn export_to_a_folder_uses_a_windows_safe_default_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    drop(exports::demo_store(&db));
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let (code, text) = hallcheck(
        &db,
        &[
            "export",
            "--format",
            "xlsx",
            "--out",
            out_dir.to_str().unwrap(),
            "--hall",
            "T01",
            "--status",
            "submitted",
        ],
    )
    .unwrap();
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(text.contains("1 inspection(s) exported"), "{text}");
    let names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    let name = &names[0];
    assert!(
        name.starts_with("hallcheck-") && name.ends_with(".xlsx") && !name.contains(':'),
        "{name}"
    );
    assert_eq!(name.len(), "hallcheck-20261127-0930.xlsx".len(), "{name}");

    let json = dir.path().join("t01.json");
    hallcheck(
        &db,
        &[
            "export",
            "--out",
            json.to_str().unwrap(),
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-05",
        ],
    )
    .unwrap();
    let other = dir.path().join("other.sqlite");
    let (code, text) = hallcheck(&other, &["import", json.to_str().unwrap()]).unwrap();
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(text.contains("added:           11 inspection(s)"), "{text}");
    let (_, text) = hallcheck(&other, &["import", json.to_str().unwrap()]).unwrap();
    assert!(text.contains("already present: 11 inspection(s)"), "{text}");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{").unwrap();
    let (code, _) = hallcheck(
        &other,
        &["import", bad.to_str().unwrap(), json.to_str().unwrap()],
    )
    .unwrap();
    assert_eq!(code, ExitCode::FAILURE);
}

#[test]
fn backup_and_restore_round_trip_and_bad_backup_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    let original = exports::fingerprint(&exports::demo_store(&db));
    let backup = dir.path().join("backup.sqlite");
    let (code, _) = hallcheck(&db, &["backup", backup.to_str().unwrap()]).unwrap();
    assert_eq!(code, ExitCode::SUCCESS);
    {
        let store = Store::open(&db).unwrap();
        store.add_hall("后加营业厅", Some("NEW")).unwrap();
    }
    for (name, content) in [
        ("junk.sqlite", &b"this is not a database"[..]),
        ("empty.sqlite", &b""[..]),
    ] {
        let bad = dir.path().join(name);
        std::fs::write(&bad, content).unwrap();
        let before = exports::fingerprint(&Store::open(&db).unwrap());
        let err = hallcheck(&db, &["restore", bad.to_str().unwrap()]).unwrap_err();
        assert!(format!("{err:#}").contains(name), "{err:#}");
        assert_eq!(exports::fingerprint(&Store::open(&db).unwrap()), before);
    }
    let missing = dir.path().join("missing.sqlite");
    assert!(hallcheck(&db, &["restore", missing.to_str().unwrap()]).is_err());
    assert!(!missing.exists(), "a missing backup is not created");

    let (code, text) = hallcheck(&db, &["restore", backup.to_str().unwrap()]).unwrap();
    assert_eq!(code, ExitCode::SUCCESS, "{text}");
    let restored = Store::open(&db).unwrap();
    assert!(restored.hall_by_key("NEW").unwrap().is_none());
    let (counts, _) = exports::fingerprint(&restored);
    let audit_free = |c: &Vec<(String, i64)>| {
        c.iter()
            .filter(|(t, _)| t != "audit_log")
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(audit_free(&counts), audit_free(&original.0));
}
