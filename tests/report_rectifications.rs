//! 整改 in the reports, on the hand-built October of [`support::rectify`] judged on 2026-10-20:
//! each hall's on-time rate (整改按时率) and open count (未整改) in the Ranking and its CLI
//! listing; the monthly sheet's 本月整改情况 (the list and its summary) on the screen's data, in
//! the Excel 考核 sheet and the PDF; the 整改台账 sheet of the workbook and the CSV file beside
//! the other two, written all or none; the PDF report's 整改情况.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
use chrono::NaiveDate;
use clap::Parser;
use hallcheck::domain::InspectionKind;
use hallcheck::export::{ExportError, ExportFormat, export_on, rectifications_csv_path};
use hallcheck::report::monthly::sheet_for;
use hallcheck::report::ranking::{RankingSort, sort_halls};
use hallcheck::report::{HallRectificationRate, Period, monthly_sheet, ranking};
use hallcheck::store::{InspectionFilter, Store};
use support::rectify::{Case, TODAY, day, october, october_at};

/// The ledger's columns, as the issue names them.
const LEDGER: [&str; 15] = [
    "营业厅",
    "检查日期",
    "检查类型",
    "检查项",
    "扣分原因",
    "扣分",
    "责任人",
    "整改时限",
    "状态",
    "整改说明",
    "整改完成日期",
    "验收人",
    "验收日期",
    "重复问题",
    "逾期",
];

fn october_period() -> Period {
    Period::month(2026, 10).unwrap()
}

/// Each hall's (code, 整改按时率, 未整改) in October, by code.
fn rate_of(
    c: &Case,
    today: NaiveDate,
    kind: Option<InspectionKind>,
) -> Vec<(String, Option<f64>, u32)> {
    let mut halls: Vec<_> = ranking(&c.store, october_period(), today, kind)
        .unwrap()
        .halls
        .iter()
        .map(|h| (h.hall.key(), h.rectify_rate(), h.rectify_open()))
        .collect();
    halls.sort_by(|a, b| a.0.cmp(&b.0));
    halls
}

#[test]
fn the_ranking_counts_each_halls_on_time_rate_and_open_ones() {
    let c = october();
    let data = ranking(&c.store, october_period(), TODAY, None).unwrap();
    let t1 = data.halls.iter().find(|h| h.hall.id == c.t1).unwrap();
    assert_eq!(
        t1.rectify,
        Some(HallRectificationRate {
            hall_id: c.t1,
            hall_name: "城东供电营业厅".into(),
            total: 6,
            on_time: 2,
            late: 3,
            pending: 1,
            open: 2,
        })
    );
    assert_eq!(
        rate_of(&c, TODAY, None),
        [("T1".into(), Some(0.4), 2), ("T2".into(), Some(1.0), 0)]
    );
    // Once the 10-18 finding's deadline (10-21) has passed unfixed, it counts late.
    assert_eq!(
        rate_of(&c, day(10, 22), None)[0],
        ("T1".into(), Some(2.0 / 6.0), 2)
    );
    // Of one kind: T1's were all found by 自查.
    assert_eq!(
        rate_of(&c, TODAY, Some(InspectionKind::Unannounced)),
        [("T1".into(), None, 0), ("T2".into(), Some(1.0), 0)]
    );
    let t1_unannounced = ranking(
        &c.store,
        october_period(),
        TODAY,
        Some(InspectionKind::Unannounced),
    )
    .unwrap()
    .halls
    .into_iter()
    .find(|h| h.hall.id == c.t1)
    .unwrap();
    assert_eq!(t1_unannounced.rectify, None);
    // September: T1's one finding, still open past its deadline.
    let september = ranking(&c.store, Period::month(2026, 9).unwrap(), TODAY, None).unwrap();
    let t1 = september.halls.iter().find(|h| h.hall.id == c.t1).unwrap();
    assert_eq!((t1.rectify_rate(), t1.rectify_open()), (Some(0.0), 1));

    // Sorted by either: the best rate, the most open first.
    let mut halls = data.halls.clone();
    sort_halls(&mut halls, RankingSort::RectifyRate, true);
    assert_eq!(halls[0].hall.key(), "T2");
    sort_halls(&mut halls, RankingSort::RectifyOpen, true);
    assert_eq!(halls[0].hall.key(), "T1");
}

#[test]
fn the_monthly_sheet_lists_the_months_rectifications_with_a_summary() {
    let c = october();
    let sheet = monthly_sheet(&c.store, c.t1, 2026, 10, TODAY).unwrap();
    let month = &sheet.rectifications;
    assert_eq!(month.as_of, TODAY);
    let lines: Vec<(usize, String, NaiveDate, &str, NaiveDate, &str)> = month
        .lines
        .iter()
        .map(|l| {
            (
                l.no,
                l.item_zh(),
                l.row.inspected_on,
                l.row.owner_shown(),
                l.row.due_on,
                l.state_zh.as_str(),
            )
        })
        .collect();
    let manager = "营业厅负责人";
    assert_eq!(
        lines,
        [
            (
                1,
                "不迟到、不早退".into(),
                day(10, 5),
                "王芳",
                day(10, 8),
                "已验收"
            ),
            (
                2,
                "不脱岗（未经批准离岗，或离岗超过15分钟）".into(),
                day(10, 5),
                manager,
                day(10, 8),
                "已整改（逾期完成）"
            ),
            (
                3,
                "不串岗".into(),
                day(10, 5),
                manager,
                day(10, 8),
                "当场整改"
            ),
            (
                4,
                "工作时间不玩手机、不吃东西、不闲聊、不看书报".into(),
                day(10, 5),
                manager,
                day(10, 8),
                "待整改（逾期12天）"
            ),
            (
                5,
                "不与客户争吵、不辱骂客户【否决项】".into(),
                day(10, 5),
                manager,
                day(10, 6),
                "已验收（逾期完成）"
            ),
            (
                6,
                "规范使用“暂停服务”牌".into(),
                day(10, 18),
                manager,
                day(10, 21),
                "待整改"
            ),
        ]
    );
    assert_eq!(
        month.summary_zh(),
        "6项，已验收3项（当场整改1项），已整改待验收1项，待整改2项（逾期1项），按时率40.0%"
    );
    // The same rate as the Ranking's.
    assert_eq!(month.rate(), rate_of(&c, TODAY, None)[0].1);

    let t2 = monthly_sheet(&c.store, c.t2, 2026, 10, TODAY).unwrap();
    assert_eq!(
        t2.rectifications.summary_zh(),
        "1项，已验收0项，已整改待验收1项，待整改0项，按时率100.0%"
    );
    // Days whose findings are none of them due yet have no rate.
    let days = Period::new(day(10, 18), day(10, 18)).unwrap();
    let early = sheet_for(&c.store, c.t1, days, TODAY).unwrap();
    assert_eq!(
        early.rectifications.summary_zh(),
        "1项，已验收0项，已整改待验收0项，待整改1项，按时率—（尚无到期项）"
    );
    let none = monthly_sheet(&c.store, c.t2, 2026, 9, TODAY).unwrap();
    assert!(none.rectifications.lines.is_empty());
    assert_eq!(none.rectifications.summary_zh(), "本月无整改项");
}

/// Every inspection of the case exported in `format` to `dir/name`, judged on [`TODAY`].
fn export(store: &Store, format: ExportFormat, file: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let cancel = AtomicBool::new(false);
    export_on(
        store,
        format,
        &InspectionFilter::default(),
        file,
        TODAY,
        &mut |_| {},
        &cancel,
    )
    .map(|summary| summary.files)
}

/// A cell as text: a date as `YYYY-MM-DD`, a number as written.
fn text(cell: &Data) -> String {
    match cell.as_date() {
        Some(date) if matches!(cell, Data::DateTime(_)) => date.to_string(),
        _ => cell.to_string(),
    }
}

/// The ledger's rows as the CSV and the workbook should both give them (T1 by day found, then
/// T2).
fn expected_ledger() -> Vec<[&'static str; 15]> {
    let m = "营业厅负责人";
    vec![
        [
            "城东供电营业厅",
            "2026-09-28",
            "自查",
            "中午、节假日值班不少于2人",
            "duty_roster_staffed 原因",
            "3",
            m,
            "2026-10-01",
            "待整改（逾期19天）",
            "",
            "",
            "",
            "",
            "否",
            "是",
        ],
        [
            "城东供电营业厅",
            "2026-10-05",
            "自查",
            "不迟到、不早退",
            "on_time 原因",
            "2",
            "王芳",
            "2026-10-08",
            "已验收",
            "已提醒按时到岗",
            "2026-10-07",
            "李站长",
            "2026-10-08",
            "否",
            "否",
        ],
        [
            "城东供电营业厅",
            "2026-10-05",
            "自查",
            "不脱岗（未经批准离岗，或离岗超过15分钟）",
            "no_leaving_post 原因",
            "3",
            m,
            "2026-10-08",
            "已整改（逾期完成）",
            "已谈话",
            "2026-10-10",
            "",
            "",
            "否",
            "是",
        ],
        [
            "城东供电营业厅",
            "2026-10-05",
            "自查",
            "不串岗",
            "no_wandering 原因",
            "2",
            m,
            "2026-10-08",
            "当场整改",
            "",
            "2026-10-05",
            "赵督导",
            "2026-10-05",
            "否",
            "否",
        ],
        [
            "城东供电营业厅",
            "2026-10-05",
            "自查",
            "工作时间不玩手机、不吃东西、不闲聊、不看书报",
            "no_distractions 原因",
            "2",
            m,
            "2026-10-08",
            "待整改（逾期12天）",
            "",
            "",
            "",
            "",
            "否",
            "是",
        ],
        [
            "城东供电营业厅",
            "2026-10-05",
            "自查",
            "不与客户争吵、不辱骂客户【否决项】",
            "no_quarrel_with_customer 原因",
            "0",
            m,
            "2026-10-06",
            "已验收（逾期完成）",
            "已回访客户",
            "2026-10-09",
            "李站长",
            "2026-10-09",
            "否",
            "是",
        ],
        [
            "城东供电营业厅",
            "2026-10-18",
            "自查",
            "规范使用“暂停服务”牌",
            "pause_sign_proper 原因",
            "2",
            m,
            "2026-10-21",
            "待整改",
            "",
            "",
            "",
            "",
            "否",
            "否",
        ],
        [
            "城西供电营业厅",
            "2026-10-10",
            "暗访",
            "不迟到、不早退",
            "on_time 原因",
            "2",
            m,
            "2026-10-13",
            "已整改",
            "已提醒",
            "2026-10-11",
            "",
            "",
            "否",
            "否",
        ],
    ]
}

#[test]
fn the_workbook_has_a_ledger_and_the_months_rectifications() {
    let dir = tempfile::tempdir().unwrap();
    let c = october_at(&dir.path().join("hc.db"));
    let file = dir.path().join("out.xlsx");
    export(&c.store, ExportFormat::Xlsx, &file).unwrap();
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    let names = book.sheet_names();
    assert_eq!(names[..3], ["汇总", "明细", "整改台账"]);

    let range = book.worksheet_range("整改台账").unwrap();
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
    assert_eq!(rows[0], LEDGER);
    let expected = expected_ledger();
    assert_eq!(rows.len(), 1 + expected.len());
    for (row, want) in rows[1..].iter().zip(&expected) {
        assert_eq!(row, want);
    }
    // Days are dates and the deduction a number.
    let first = range.rows().nth(1).unwrap();
    for col in [1, 7] {
        assert!(matches!(first[col], Data::DateTime(_)), "{:?}", first[col]);
    }
    assert_eq!(first[5], Data::Float(3.0));

    // The 考核 sheet of T1's October: after the staff, the summary, naming the sheet after it
    // that lists them.
    let summary =
        "6项，已验收3项（当场整改1项），已整改待验收1项，待整改2项（逾期1项），按时率40.0%";
    let at = names.iter().position(|n| n == "考核-T1-202610").unwrap();
    assert_eq!(names[at + 1], "整改-T1-202610");
    let range = book.worksheet_range("考核-T1-202610").unwrap();
    let cells: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
    let at = cells.iter().position(|r| r[0] == "本月整改情况").unwrap();
    assert!(
        cells
            .iter()
            .position(|r| r[0] == "人员扣分（人次）")
            .unwrap()
            < at,
        "after the staff"
    );
    assert_eq!(
        cells[at + 1][0],
        format!("{summary}（明细见工作表“整改-T1-202610”）")
    );
    // The list: 序号, 检查项, 发现日期, 责任人, 整改时限, 状态, the days as dates.
    let range = book.worksheet_range("整改-T1-202610").unwrap();
    let cells: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
    assert_eq!(cells[0][0], "城东供电营业厅 2026年10月 整改情况表");
    assert!(cells[1][0].ends_with(summary), "{}", cells[1][0]);
    assert_eq!(
        cells[2],
        ["序号", "检查项", "发现日期", "责任人", "整改时限", "状态"]
    );
    assert_eq!(
        cells[3],
        [
            "1",
            "不迟到、不早退",
            "2026-10-05",
            "王芳",
            "2026-10-08",
            "已验收"
        ]
    );
    assert_eq!(
        cells[6],
        [
            "4",
            "工作时间不玩手机、不吃东西、不闲聊、不看书报",
            "2026-10-05",
            "营业厅负责人",
            "2026-10-08",
            "待整改（逾期12天）"
        ]
    );
    assert_eq!(cells[8][5], "待整改");
    assert!(cells[9][0].starts_with("按时率 = 期限内完成的整改项"));
    assert!(matches!(range.get((3, 2)), Some(Data::DateTime(_))));
    // Each 考核 sheet followed by its list.
    assert_eq!(
        names,
        [
            "汇总",
            "明细",
            "整改台账",
            "考核-T1-202609",
            "整改-T1-202609",
            "考核-T1-202610",
            "整改-T1-202610",
            "考核-T2-202610",
            "整改-T2-202610",
        ]
    );
}

#[test]
fn the_pdf_report_and_monthly_sheet_show_the_rectifications() {
    let dir = tempfile::tempdir().unwrap();
    let c = october_at(&dir.path().join("hc.db"));
    let file = dir.path().join("out.pdf");
    // T1's inspection of 10-05 and its month's sheet (that day only).
    let cancel = AtomicBool::new(false);
    let filter = InspectionFilter {
        hall_id: Some(c.t1),
        from: Some(day(10, 5)),
        to: Some(day(10, 5)),
        ..InspectionFilter::default()
    };
    export_on(
        &c.store,
        ExportFormat::Pdf,
        &filter,
        &file,
        TODAY,
        &mut |_| {},
        &cancel,
    )
    .unwrap();
    let text: String = support::pdf_text(&file, "-raw")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let section = text.find("整改情况").unwrap();
    let signature = text.find("检查人签字").unwrap();
    assert!(section < signature, "before the signatures:\n{text}");
    for needle in [
        "序号检查项责任人整改时限状态整改经过",
        "1不迟到、不早退王芳2026-10-08已验收",
        "10-05下发整改赵督导；10-07提交整改王芳：已提醒按时到岗；10-08验收通过李站长",
        "当场整改",
        "待整改（逾期12天）",
        "10-06提交整改：已道歉；10-07退回李站长：仍有投诉；10-09提交整改：已回访客户；10-09验收通过李站长",
        // The monthly sheet of those days.
        "本月整改情况",
        "5项，已验收3项（当场整改1项），已整改待验收1项，待整改1项（逾期1项），按时率40.0%",
        "序号检查项发现日期责任人整改时限状态",
        "按时率=期限内完成的整改项",
    ] {
        assert!(text.contains(needle), "`{needle}` missing:\n{text}");
    }
    // The second inspection, its finding due 10-21, was not exported.
    assert!(!text.contains("2026-10-21"), "{text}");
}

/// A CSV file's rows, after checking its BOM and CRLF line ends.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{}", path.display());
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn the_csv_export_writes_the_ledger_beside_the_other_two() {
    let dir = tempfile::tempdir().unwrap();
    let c = october_at(&dir.path().join("hc.db"));
    let target = dir.path().join("out.csv");
    let files = export(&c.store, ExportFormat::Csv, &target).unwrap();
    assert_eq!(
        files,
        [
            target.clone(),
            dir.path().join("out-summary.csv"),
            dir.path().join("out-rectifications.csv"),
        ]
    );
    let rows = csv_rows(&files[2]);
    assert_eq!(rows[0], LEDGER);
    let expected = expected_ledger();
    assert_eq!(rows.len(), 1 + expected.len());
    for (row, want) in rows[1..].iter().zip(&expected) {
        assert_eq!(row, want);
    }
}

#[test]
fn the_three_csv_files_are_written_all_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let c = october_at(&dir.path().join("hc.db"));
    let target = dir.path().join("out.csv");
    // The ledger's name is taken by a folder: no file may appear.
    std::fs::create_dir(rectifications_csv_path(&target)).unwrap();
    let err = export(&c.store, ExportFormat::Csv, &target).unwrap_err();
    assert!(matches!(err, ExportError::Io { .. }), "{err}");
    assert!(err.to_string().contains("out-rectifications.csv"), "{err}");
    assert_eq!(
        support::names_in(dir.path()),
        ["hc.db", "hc.db-shm", "hc.db-wal", "out-rectifications.csv"]
    );
    // Earlier exports under the names are kept as they were.
    std::fs::write(&target, "earlier").unwrap();
    std::fs::write(dir.path().join("out-summary.csv"), "earlier summary").unwrap();
    export(&c.store, ExportFormat::Csv, &target).unwrap_err();
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "earlier");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out-summary.csv")).unwrap(),
        "earlier summary"
    );
    std::fs::remove_dir(rectifications_csv_path(&target)).unwrap();
    export(&c.store, ExportFormat::Csv, &target).unwrap();
    assert_eq!(csv_rows(&rectifications_csv_path(&target)).len(), 9);
    assert_ne!(std::fs::read_to_string(&target).unwrap(), "earlier");
}

fn cli(db: &Path, args: &[&str]) -> String {
    let mut argv = vec!["hallcheck", "--db", db.to_str().unwrap()];
    argv.extend_from_slice(args);
    let mut out = Vec::new();
    hallcheck::cli::run(hallcheck::cli::Cli::try_parse_from(argv).unwrap(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn the_cli_ranking_and_monthly_sheet_carry_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hc.db");
    drop(october_at(&db));
    let csv = cli(
        &db,
        &[
            "report",
            "ranking",
            "--period",
            "2026-10",
            "--today",
            "2026-10-20",
            "--format",
            "csv",
        ],
    );
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert!(
        lines[0].ends_with(",rectify_on_time_pct,rectify_open"),
        "{}",
        lines[0]
    );
    let t1 = lines.iter().find(|l| l.contains(",T1,")).unwrap();
    let t2 = lines.iter().find(|l| l.contains(",T2,")).unwrap();
    assert!(t1.ends_with(",40.0,2"), "{t1}");
    assert!(t2.ends_with(",100.0,0"), "{t2}");
    // A later day: the 10-21 deadline has passed.
    let json: serde_json::Value = serde_json::from_str(&cli(
        &db,
        &[
            "report",
            "ranking",
            "--period",
            "2026-10",
            "--today",
            "2026-10-22",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    let t1 = json
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["hall"] == "T1")
        .unwrap();
    assert_eq!(t1["rectify_on_time_pct"], "33.3");
    assert_eq!(t1["rectify_open"], "2");

    let sheet: serde_json::Value = serde_json::from_str(&cli(
        &db,
        &[
            "report",
            "monthly",
            "--hall",
            "T1",
            "--month",
            "2026-10",
            "--today",
            "2026-10-20",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    assert_eq!(
        sheet["rectifications_summary"],
        "6项，已验收3项（当场整改1项），已整改待验收1项，待整改2项（逾期1项），按时率40.0%"
    );
    assert_eq!(sheet["rectifications"][3]["state"], "待整改（逾期12天）");
    assert_eq!(sheet["rectifications"][3]["status"], "open");
    let table = cli(
        &db,
        &[
            "report",
            "monthly",
            "--hall",
            "T1",
            "--month",
            "2026-10",
            "--today",
            "2026-10-20",
        ],
    );
    assert!(table.contains("本月整改情况"), "{table}");
    assert!(table.contains("当场整改"), "{table}");
}
