//! `hallcheck report …` prints the same numbers as the report structs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use clap::Parser;
use hallcheck::cli::{Cli, run};
use hallcheck::store::Store;
use support::reports;

fn output(db: &std::path::Path, args: &[&str]) -> String {
    let mut argv = vec!["hallcheck", "--db", db.to_str().unwrap()];
    argv.extend_from_slice(args);
    let cli = Cli::try_parse_from(argv).unwrap();
    let mut out = Vec::new();
    run(cli, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn database() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hc.db");
    reports::fixture_in(Store::open(&path).unwrap());
    (dir, path)
}

#[test]
fn ranking_csv_and_json() {
    let (_dir, db) = database();
    let csv = output(
        &db,
        &[
            "report", "ranking", "--period", "2026-10", "--format", "csv",
        ],
    );
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert!(lines[0].starts_with("rank,hall,hall_name,done,expected,completion_pct,mean_score"));
    assert!(
        lines[1].starts_with("1,T1,城东供电营业厅,4,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].contains(",89.38,75.0,1,90,-0.62,8,3,0,0,0,0,0,0,5"),
        "{}",
        lines[1]
    );
    assert!(lines[3].starts_with(",T3,"));
    let json: serde_json::Value = serde_json::from_str(&output(
        &db,
        &[
            "report", "ranking", "--period", "2026-10", "--format", "json",
        ],
    ))
    .unwrap();
    assert_eq!(json[1]["hall"], "T2");
    assert_eq!(json[1]["mean_score"], "85");
}

/// A report of hall T1 in October 2026, as CSV.
fn october_csv(db: &std::path::Path, report: &str) -> String {
    output(
        db,
        &[
            "report",
            report,
            "--hall",
            "T1",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
            "--format",
            "csv",
        ],
    )
}

#[test]
fn trend_pareto_and_monthly() {
    let (_dir, db) = database();
    let trend = october_csv(&db, "trend");
    let lines: Vec<&str> = trend.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[3].starts_with("2026-10-05,"));
    assert!(
        lines[3].contains(",87.5,good,no,甲,85.83,86.88,83.3,"),
        "{}",
        lines[3]
    );

    let pareto = october_csv(&db, "pareto");
    let lines: Vec<&str> = pareto.lines().collect();
    assert_eq!(
        lines[1],
        "1,disc/late,劳动纪律,不迟到、不早退,4,2,1,50.0,50.0,,迟到、早退"
    );

    let sheet = output(
        &db,
        &["report", "monthly", "--hall", "T1", "--month", "2026-10"],
    );
    assert!(sheet.contains("月度考核表"));
    assert!(sheet.contains("合计"));
    assert!(sheet.contains("84.17"));
    assert!(sheet.contains("月度得分 88.6（不合格）"), "{sheet}");
    assert!(sheet.contains("张三"));
    let json: serde_json::Value = serde_json::from_str(&output(
        &db,
        &[
            "report", "monthly", "--hall", "T1", "--month", "2026-10", "--format", "json",
        ],
    ))
    .unwrap();
    assert_eq!(json["rows"][0]["score"], "9.17");
    assert_eq!(json["rows"][0]["deducted"], "0.83");
    assert_eq!(
        (json["score"].as_str(), json["rating"].as_str()),
        (Some("88.6"), Some("fail"))
    );
    assert_eq!(json["staff"][1]["staff"], "李四");
}

#[test]
fn inspections_list_has_a_kind_column_and_filters_by_kind() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hc.db");
    reports::kinds_fixture_in(Store::open(&db).unwrap());
    let list = |args: &[&str]| {
        let mut all = vec!["inspections", "list", "--format", "csv"];
        all.extend_from_slice(args);
        let text = output(&db, &all);
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let header = reader.headers().unwrap().clone();
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let (hall, date, kind, status) = (col("hall"), col("date"), col("kind"), col("status"));
        reader
            .records()
            .map(|r| {
                let r = r.unwrap();
                [&r[hall], &r[date], &r[kind], &r[status]].map(str::to_owned)
            })
            .collect::<Vec<_>>()
    };
    // Every row says its kind: the fixture's eight 自查, five 暗访 and one 督导检查.
    let all = list(&[]);
    assert_eq!(all.len(), 14);
    let count = |kind: &str| all.iter().filter(|r| r[2] == kind).count();
    assert_eq!(
        [
            count("self_check"),
            count("unannounced"),
            count("supervision")
        ],
        [8, 5, 1]
    );
    // `--kind` keeps one kind (the draft of 10-25 too: a list shows drafts).
    let rows = list(&["--kind", "unannounced"]);
    let line =
        |hall: &str, day: &str, status: &str| [hall, day, "unannounced", status].map(str::to_owned);
    assert_eq!(
        rows,
        [
            line("T1", "2026-10-12", "submitted"),
            line("T2", "2026-10-15", "submitted"),
            line("T3", "2026-10-16", "submitted"),
            line("T1", "2026-10-20", "submitted"),
            line("T2", "2026-10-25", "draft"),
        ]
    );
    assert_eq!(
        list(&["--kind", "supervision", "--hall", "T2"]),
        [["T2", "2026-10-21", "supervision", "submitted"].map(str::to_owned)]
    );
    // A code that is no kind is refused, naming the kinds there are.
    let err = Cli::try_parse_from(["hallcheck", "inspections", "list", "--kind", "mystery"])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unknown kind `mystery`")
            && err.contains("self_check, supervision, unannounced, third_party"),
        "{err}"
    );
    // The ranking of one kind: 暗访 alone ranks T2 (100) first.
    let csv = output(
        &db,
        &[
            "report",
            "ranking",
            "--period",
            "2026-10",
            "--kind",
            "unannounced",
            "--format",
            "csv",
        ],
    );
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert!(
        lines[1].starts_with("1,T2,城西供电营业厅,1,"),
        "{}",
        lines[1]
    );
}
