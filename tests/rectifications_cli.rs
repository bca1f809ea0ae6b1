//! `hallcheck rectifications …`: list (filters and formats), show, and the moves, with a
//! refused move told as an error.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::{FixedOffset, NaiveDate, TimeZone, Utc};
use clap::Parser;
use hallcheck::cli::{Cli, run};
use hallcheck::domain::{InspectionKind, Outcome, Shift};
use hallcheck::store::{AnswerInput, NewInspection, Store};
use support::store::builtin;

fn output(db: &std::path::Path, args: &[&str]) -> anyhow::Result<String> {
    let mut argv = vec!["hallcheck", "--db", db.to_str().unwrap()];
    argv.extend_from_slice(args);
    let cli = Cli::try_parse_from(argv).unwrap();
    let mut out = Vec::new();
    run(cli, &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

/// A database with one inspection of 2026-10-05 at hall T1: 不迟到 (owner 王芳, due 10-08)
/// and the veto item 不与客户争吵 (due 10-06) failed.
fn database() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hc.db");
    let store = Store::open(&path).unwrap();
    let hall = store.add_hall("城东供电营业厅", Some("T1")).unwrap();
    store.add_hall("城西供电营业厅", Some("T2")).unwrap();
    let staff = store.add_staff(hall.id, "王芳", None).unwrap();
    let templates = [builtin("discipline")];
    let id = store
        .create_inspection(&NewInspection {
            hall_id: hall.id,
            inspector: "赵督导",
            date: NaiveDate::from_ymd_opt(2026, 10, 5).unwrap(),
            shift: Shift::Morning,
            kind: InspectionKind::SelfCheck,
            templates: &templates,
            started_at: FixedOffset::east_opt(8 * 3600)
                .unwrap()
                .with_ymd_and_hms(2026, 10, 5, 9, 0, 0)
                .unwrap(),
        })
        .unwrap();
    let detail = store.inspection(id).unwrap();
    let (row, template) = &detail.templates[0];
    for item in &template.items {
        let fail = ["on_time", "no_quarrel_with_customer"].contains(&item.id.as_str());
        store
            .save_answer(
                id,
                &AnswerInput {
                    template_row: *row,
                    item_id: item.id.clone(),
                    outcome: if fail { Outcome::Fail } else { Outcome::Pass },
                    count: 1,
                    rate: None,
                    note: if fail {
                        "柜台发现".into()
                    } else {
                        String::new()
                    },
                    staff_ids: if item.id == "on_time" {
                        vec![staff.id]
                    } else {
                        Vec::new()
                    },
                },
            )
            .unwrap();
    }
    let bands = store.settings().unwrap().bands;
    store
        .submit_inspection(
            id,
            &bands,
            Utc.with_ymd_and_hms(2026, 10, 5, 2, 0, 0).unwrap(),
        )
        .unwrap();
    (dir, path)
}

/// The UUID of the rectification of `item`, from the CSV list.
fn uuid_of(db: &std::path::Path, item: &str) -> String {
    let csv = output(db, &["rectifications", "list", "--format", "csv"]).unwrap();
    csv.lines()
        .find(|l| l.contains(&format!("discipline/{item}")))
        .and_then(|l| l.trim_start_matches('\u{feff}').split(',').next())
        .unwrap()
        .to_owned()
}

#[test]
fn list_filters_and_formats() {
    let (_dir, db) = database();
    let csv = output(
        &db,
        &[
            "rectifications",
            "list",
            "--format",
            "csv",
            "--today",
            "2026-10-07",
        ],
    )
    .unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "uuid,hall,hall_name,found,item,text,reason,owner,due,status,overdue,repeat"
    );
    assert_eq!(lines.len(), 3);
    // The earliest deadline first: the veto item, overdue on 10-07.
    assert!(
        lines[1].contains(",T1,城东供电营业厅,2026-10-05,discipline/no_quarrel_with_customer,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].ends_with(",柜台发现,营业厅负责人,2026-10-06,open,yes,no"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains(",王芳,2026-10-08,open,no,no"),
        "{}",
        lines[2]
    );

    let overdue = output(
        &db,
        &[
            "rectifications",
            "list",
            "--overdue",
            "--today",
            "2026-10-07",
            "--format",
            "json",
        ],
    )
    .unwrap();
    let rows: serde_json::Value = serde_json::from_str(&overdue).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["item"], "discipline/no_quarrel_with_customer");
    assert_eq!(rows[0]["overdue"], "yes");

    let other_hall = output(&db, &["rectifications", "list", "--hall", "T2"]).unwrap();
    assert_eq!(
        other_hall.lines().count(),
        1,
        "the heading only: {other_hall}"
    );
    let done = output(&db, &["rectifications", "list", "--status", "done"]).unwrap();
    assert_eq!(done.lines().count(), 1);
    let table = output(&db, &["rectifications", "list", "--hall", "T1"]).unwrap();
    assert_eq!(table.lines().count(), 3);
    assert!(table.contains("城东供电营业厅"));
    let bad = Cli::try_parse_from(["hallcheck", "rectifications", "list", "--status", "fixed"]);
    assert!(
        bad.unwrap_err()
            .to_string()
            .contains("open, done, accepted")
    );
}

#[test]
fn close_accept_return_and_show() {
    let (dir, db) = database();
    let uuid = uuid_of(&db, "on_time");
    let photo = dir.path().join("after.png");
    std::fs::write(&photo, support::exports::tiny_png()).unwrap();
    let closed = output(
        &db,
        &[
            "rectifications",
            "close",
            &uuid[..8],
            "--note",
            "已提醒",
            "--photo",
            photo.to_str().unwrap(),
            "--by",
            "王芳",
        ],
    )
    .unwrap();
    assert_eq!(
        closed.trim(),
        format!("rectification {uuid}: done（已整改）")
    );
    let returned = output(
        &db,
        &[
            "rectifications",
            "return",
            &uuid,
            "--reason",
            "照片不清晰",
            "--by",
            "赵督导",
        ],
    )
    .unwrap();
    assert!(returned.contains("open（待整改）"), "{returned}");
    output(
        &db,
        &["rectifications", "close", &uuid, "--note", "已重新整改"],
    )
    .unwrap();
    let accepted = output(&db, &["rectifications", "accept", &uuid, "--by", "赵督导"]).unwrap();
    assert!(accepted.contains("accepted（已验收）"), "{accepted}");

    // A move the state does not allow is an error that says why.
    let err = output(&db, &["rectifications", "accept", &uuid]).unwrap_err();
    assert!(
        err.to_string()
            .contains("accepted（已验收） cannot be accepted"),
        "{err}"
    );
    let err = output(&db, &["rectifications", "return", &uuid, "--reason", "x"]).unwrap_err();
    assert!(err.to_string().contains("cannot be returned"), "{err}");

    let json = output(&db, &["rectifications", "show", &uuid, "--format", "json"]).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["status"], "accepted");
    assert_eq!(doc["owner"], "王芳");
    assert_eq!(doc["reason"], "柜台发现");
    assert_eq!(doc["due"], "2026-10-08");
    let actions: Vec<&str> = doc["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["open", "close", "return", "close", "accept"]);
    assert_eq!(doc["history"][1]["by"], "王芳");
    assert_eq!(doc["history"][1]["photos"][0], "after.png");
    assert_eq!(doc["history"][2]["note"], "照片不清晰");
    assert_eq!(
        doc["after"].as_array().unwrap().len(),
        0,
        "the last close had none"
    );

    let table = output(&db, &["rectifications", "show", &uuid]).unwrap();
    assert!(table.contains("status: accepted（已验收）"), "{table}");
    assert!(table.contains("提交整改"), "{table}");

    let unknown = output(&db, &["rectifications", "show", "00000000"]).unwrap_err();
    assert!(
        unknown.to_string().contains("no rectification"),
        "{unknown}"
    );
}
