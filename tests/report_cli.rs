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
