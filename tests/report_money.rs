//! 绩效 money on the monthly sheet, on a month worked by hand, and its absence where the hall
//! has no money rule: the sheet, `report monthly`, the Excel 考核 sheet and the PDF.
//!
//! The hall's rule: 每分 10 元, and 迟到 (`discipline`/`on_time`, counted per person-time) at a
//! fixed 100 元 per person-time. July 2026, built-in checklists:
//!
//! | day   | checklists | findings                                                            |
//! |-------|------------|---------------------------------------------------------------------|
//! | 07-02 | all eight  | on_time ×2 张三、李四 (−4); no_distractions ×1 李四 (−2); 环境卫生 four_clean ×3 (−3) |
//! | 07-15 | 劳动纪律   | on_time ×1 张三 (−2)                                                |
//!
//! 劳动纪律 (cap 15): 应得 30, 实得 9 + 13 = 22, 得分 15 × 22 ÷ 30 = 11, 扣分 4. Its items
//! deducted 8 points, 6 of them by 迟到 (3 person-times): 金额 = 3 × 100 + 4 × (8 − 6) ÷ 8 × 10
//! = 300 + 10 = 310.00. 环境卫生 (cap 15): 得分 12, 扣分 3, no fixed item: 3 × 10 = 30.00.
//! The other areas lose nothing: 0.00. 合计 340.00; the month's score 100 − 7 = 93.
//! Staff: 张三 2 person-times of 迟到 (4 points) = 2 × 100 = 200.00; 李四 1 of 迟到 and 1 of
//! no_distractions (2 + 2 points) = 100 + 2 × 10 = 120.00.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::atomic::AtomicBool;

use calamine::{Reader, Xlsx, open_workbook};
use clap::Parser;
use hallcheck::cli::{Cli, run};
use hallcheck::domain::{Area, FixedAmount, Money, MoneyRule, Outcome, Points, Template};
use hallcheck::export::{ExportFormat, export};
use hallcheck::report::{MonthlyRowKind, MonthlySheet, monthly_sheet};
use hallcheck::store::{InspectionFilter, Store};
use support::kinds::bonus_may;
use support::reports::{d, inspect};

const FAIL: Outcome = Outcome::Fail;

fn yuan(fen: i64) -> Option<Money> {
    Some(Money::from_fen(fen))
}

/// The built-in checklists in area order, without photo requirements.
fn builtins() -> Vec<Template> {
    let (loaded, problems) = hallcheck::checklist::builtin();
    assert!(problems.is_empty(), "{problems:?}");
    // The 100-point scheme: the optional 服务行为 left out.
    let mut templates: Vec<Template> = loaded
        .into_iter()
        .map(|l| l.template)
        .filter(|t| !t.optional)
        .collect();
    templates.sort_by_key(|t| t.area);
    for item in templates.iter_mut().flat_map(|t| &mut t.items) {
        item.photo_required = false;
    }
    templates
}

/// The hall's rule: 10 元 a point, 迟到 100 元 a person-time.
fn rule() -> MoneyRule {
    MoneyRule {
        per_point: Some(Money::from_yuan(10)),
        fixed: vec![FixedAmount {
            template_id: "discipline".into(),
            item_id: "on_time".into(),
            amount: Money::from_yuan(100),
        }],
    }
}

/// The July of the module's table, in the file `db`; returns the store and the hall.
fn july(db: &std::path::Path) -> (Store, i64) {
    let store = Store::open(db).unwrap();
    let hall = store.add_hall("城北供电营业厅", Some("N1")).unwrap().id;
    let zhang = store.add_staff(hall, "张三", None).unwrap().id;
    let li = store.add_staff(hall, "李四", None).unwrap().id;
    let all = builtins();
    let at = |area: Area| all.iter().position(|t| t.area == area).unwrap();
    inspect(
        &store,
        &all,
        hall,
        d(2026, 7, 2),
        "甲",
        &[
            (
                at(Area::DISCIPLINE),
                "on_time",
                FAIL,
                2,
                "迟到",
                &[zhang, li],
            ),
            (
                at(Area::DISCIPLINE),
                "no_distractions",
                FAIL,
                1,
                "玩手机",
                &[li],
            ),
            (
                at(Area::HYGIENE),
                "four_clean_four_free",
                FAIL,
                3,
                "地面有纸屑",
                &[],
            ),
        ],
        true,
    );
    let discipline: Vec<Template> = all
        .iter()
        .filter(|t| t.area == Area::DISCIPLINE)
        .cloned()
        .collect();
    inspect(
        &store,
        &discipline,
        hall,
        d(2026, 7, 15),
        "乙",
        &[(0, "on_time", FAIL, 1, "迟到", &[zhang])],
        true,
    );
    (store, hall)
}

/// Each row as (序号, 扣分, 金额).
fn amounts(sheet: &MonthlySheet) -> Vec<(&str, Option<Points>, Option<Money>)> {
    sheet
        .rows
        .iter()
        .map(|r| (r.no.as_str(), r.deducted, r.amount))
        .collect()
}

#[test]
fn the_months_amounts_are_as_worked_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let (store, hall) = july(&dir.path().join("hc.db"));
    store.save_money_rule(&rule()).unwrap();
    let sheet = monthly_sheet(&store, hall, 2026, 7, support::reports::d(2026, 12, 31)).unwrap();
    assert_eq!(sheet.score, Some(Points::from_whole(93)));
    let zero = Some(Points::ZERO);
    assert_eq!(
        amounts(&sheet),
        [
            ("1", zero, yuan(0)),
            ("2", zero, yuan(0)),
            ("3", zero, yuan(0)),
            ("4", zero, yuan(0)),
            ("5", zero, yuan(0)),
            ("6", zero, yuan(0)),
            ("7", Some(Points::from_whole(3)), yuan(3000)),
            // A per-point item row has no amount of its own.
            ("7.1", None, None),
            ("8", Some(Points::from_whole(4)), yuan(31000)),
            // The fixed-amount item: 3 person-times × 100 元, part of its area's 310.
            ("8.1", None, yuan(30000)),
            ("8.4", None, None),
        ]
    );
    assert_eq!(sheet.total_amount(), yuan(34000));
    let late = &sheet.rows[9];
    assert_eq!(
        late.kind,
        MonthlyRowKind::Item {
            template_id: "discipline".into(),
            item_id: "on_time".into()
        }
    );
    assert_eq!(
        late.reasons,
        "迟到、早退 3人次，扣6分，定额100元/人次：7月2日 张三、李四 迟到；7月15日 张三 迟到"
    );
    let staff: Vec<_> = sheet
        .staff
        .iter()
        .map(|s| (s.name.as_str(), s.person_times, s.points, s.amount))
        .collect();
    assert_eq!(
        staff,
        [
            ("张三", 2, Points::from_whole(4), yuan(20000)),
            ("李四", 2, Points::from_whole(4), yuan(12000)),
        ]
    );
    let footnote = sheet.footnote_zh();
    assert!(footnote.contains("金额（元）：每扣1分计10元"), "{footnote}");
    assert!(footnote.contains("不再按分计"), "{footnote}");

    // Without the fixed amount, 迟到 is paid per point like the rest: 4 × 10 = 40 for 劳动纪律,
    // and each person's 4 points × 10.
    store
        .save_money_rule(&MoneyRule {
            per_point: Some(Money::from_yuan(10)),
            fixed: Vec::new(),
        })
        .unwrap();
    let sheet = monthly_sheet(&store, hall, 2026, 7, support::reports::d(2026, 12, 31)).unwrap();
    assert_eq!(sheet.rows[8].amount, yuan(4000));
    assert_eq!(sheet.rows[9].amount, None);
    assert!(!sheet.rows[9].reasons.contains("定额"));
    assert_eq!(sheet.total_amount(), yuan(7000));
    assert!(sheet.staff.iter().all(|s| s.amount == yuan(4000)));
}

/// The output of `hallcheck --db DB ARGS…`.
fn cli(db: &std::path::Path, args: &[&str]) -> String {
    let mut argv = vec!["hallcheck", "--db", db.to_str().unwrap()];
    argv.extend_from_slice(args);
    let mut out = Vec::new();
    run(Cli::try_parse_from(argv).unwrap(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Exports July to Excel and PDF in `dir`; returns the 考核 sheet's cells and the PDF's text
/// without white space.
fn exported(store: &Store, hall: i64, dir: &std::path::Path) -> (Vec<Vec<String>>, String) {
    let filter = InspectionFilter {
        hall_id: Some(hall),
        from: Some(d(2026, 7, 1)),
        to: Some(d(2026, 7, 31)),
        ..InspectionFilter::default()
    };
    for (format, name) in [(ExportFormat::Xlsx, "m.xlsx"), (ExportFormat::Pdf, "m.pdf")] {
        let cancel = AtomicBool::new(false);
        export(
            store,
            format,
            &filter,
            &dir.join(name),
            &mut |_| {},
            &cancel,
        )
        .unwrap();
    }
    let mut book: Xlsx<_> = open_workbook(dir.join("m.xlsx")).unwrap();
    let range = book.worksheet_range("考核-N1-202607").unwrap();
    let cells = range
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    let text = support::pdf_text(&dir.join("m.pdf"), "-raw")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    (cells, text)
}

#[test]
fn excel_pdf_and_the_cli_show_the_amounts_beside_the_points() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hc.db");
    let (store, hall) = july(&db);
    store.save_money_rule(&rule()).unwrap();
    let (cells, text) = exported(&store, hall, dir.path());

    assert_eq!(
        cells[2],
        [
            "序号",
            "考核内容",
            "分值",
            "扣分",
            "得分",
            "金额（元）",
            "扣分原因"
        ]
    );
    assert!(
        cells[1][0].contains("金额合计：340.00元"),
        "{}",
        cells[1][0]
    );
    // 序号, 扣分, 金额 of every row, then the total.
    let figures: Vec<[&str; 3]> = cells[3..15]
        .iter()
        .map(|r| [r[0].as_str(), r[3].as_str(), r[5].as_str()])
        .collect();
    assert_eq!(
        figures,
        [
            ["1", "0", "0"],
            ["2", "0", "0"],
            ["3", "0", "0"],
            ["4", "0", "0"],
            ["5", "0", "0"],
            ["6", "0", "0"],
            ["7", "3", "30"],
            ["7.1", "", ""],
            ["8", "4", "310"],
            ["8.1", "", "300"],
            ["8.4", "", ""],
            ["合计", "7", "340"],
        ]
    );
    assert!(cells[15][0].contains("金额（元）：每扣1分计10元"));
    // The staff: 序号, name, 扣分, 金额.
    let staff: Vec<[&str; 4]> = cells[17..19]
        .iter()
        .map(|r| [r[0].as_str(), r[1].as_str(), r[3].as_str(), r[5].as_str()])
        .collect();
    assert_eq!(
        staff,
        [["1", "张三", "4", "200"], ["2", "李四", "4", "120"]]
    );

    for needle in [
        "金额（元）",
        "金额合计：340.00元",
        // 合计: 分值 100, 扣分 7, 得分 93, 金额 340.00.
        "合计100793340.00月度得分：93",
        "迟到、早退3人次，扣6分，定额100元/人次",
        "金额（元）：每扣1分计10元",
        "张三24200.00",
        "李四24120.00",
    ] {
        assert!(text.contains(needle), "`{needle}` missing:\n{text}");
    }

    let table = cli(
        &db,
        &["report", "monthly", "--hall", "N1", "--month", "2026-07"],
    );
    assert!(table.contains("金额合计 340.00 元"), "{table}");
    assert!(table.contains("amount_yuan"), "{table}");
    let csv = cli(
        &db,
        &[
            "report", "monthly", "--hall", "N1", "--month", "2026-07", "--format", "csv",
        ],
    );
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "no,content,points,deducted,score,occurrences,lost_in_inspections,amount_yuan,reasons"
    );
    assert!(
        lines[9].starts_with("8,劳动纪律,15,4,11,4,8,310.00,"),
        "{}",
        lines[9]
    );
    let staff = cli(
        &db,
        &[
            "report", "monthly", "--hall", "N1", "--month", "2026-07", "--staff", "--format", "csv",
        ],
    );
    assert!(staff.contains("张三,2,4,200.00,"), "{staff}");
    assert!(staff.contains("李四,2,4,120.00,"), "{staff}");
}

#[test]
fn without_a_money_rule_no_amount_appears_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hc.db");
    let (store, hall) = july(&db);
    // A rule saved and cleared again is no rule.
    store.save_money_rule(&rule()).unwrap();
    store.save_money_rule(&MoneyRule::default()).unwrap();
    assert_eq!(store.money_rule().unwrap(), None);

    let sheet = monthly_sheet(&store, hall, 2026, 7, support::reports::d(2026, 12, 31)).unwrap();
    assert_eq!(sheet.money, None);
    assert_eq!(sheet.total_amount(), None);
    assert!(sheet.rows.iter().all(|r| r.amount.is_none()));
    assert!(sheet.staff.iter().all(|s| s.amount.is_none()));
    assert!(!sheet.footnote_zh().contains("金额"));
    assert!(sheet.rows.iter().all(|r| !r.reasons.contains("定额")));

    let (cells, text) = exported(&store, hall, dir.path());
    assert_eq!(
        cells[2],
        ["序号", "考核内容", "分值", "扣分", "得分", "扣分原因"]
    );
    assert!(cells.iter().flatten().all(|c| !c.contains("金额")));
    assert!(!text.contains("金额"), "{text}");
    for args in [
        &["report", "monthly", "--hall", "N1", "--month", "2026-07"][..],
        &[
            "report", "monthly", "--hall", "N1", "--month", "2026-07", "--format", "json",
        ],
        &[
            "report", "monthly", "--hall", "N1", "--month", "2026-07", "--format", "csv",
        ],
    ] {
        let out = cli(&db, args);
        assert!(!out.contains("金额") && !out.contains("amount"), "{out}");
    }
}

/// Money is charged for deductions only: in [`bonus_may`] 督导制 earned more than its cap over
/// the month, yet its 扣分 is the 0.5 its deductions took (5.00 元 at 10 元 a point), not a
/// negative figure that would pay the hall; the other areas cost nothing. `report monthly`
/// gives the 加分 its own column beside 扣分 and the amount.
#[test]
fn a_bonus_never_makes_an_amount_negative() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hc.db");
    let store = Store::open(&db).unwrap();
    let hall = store.add_hall("城北供电营业厅", Some("N1")).unwrap().id;
    bonus_may(&store, hall);
    store
        .save_money_rule(&MoneyRule {
            per_point: Some(Money::from_yuan(10)),
            fixed: Vec::new(),
        })
        .unwrap();
    let sheet = monthly_sheet(&store, hall, 2026, 5, support::reports::d(2026, 12, 31)).unwrap();
    let zero = Some(Points::ZERO);
    assert_eq!(
        amounts(&sheet),
        [
            ("1", zero, yuan(0)),
            ("2", zero, yuan(0)),
            ("3", Some(Points::from_hundredths(50)), yuan(500)),
            ("3.4", None, None),
            ("4", zero, yuan(0)),
            ("5", zero, yuan(0)),
            ("6", zero, yuan(0)),
            ("7", zero, yuan(0)),
            ("8", zero, yuan(0)),
        ]
    );
    assert_eq!(sheet.total_amount(), yuan(500));

    let csv = cli(
        &db,
        &[
            "report", "monthly", "--hall", "N1", "--month", "2026-05", "--format", "csv",
        ],
    );
    // The CSV starts with a byte-order mark, for Excel.
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "no,content,points,deducted,bonus,score,occurrences,lost_in_inspections,amount_yuan,reasons"
    );
    assert!(
        lines[3].starts_with("3,督导制,10,0.5,1.5,11,1,1,5.00,"),
        "{}",
        lines[3]
    );
    assert!(
        lines.last().unwrap().starts_with(",合计,100,0.5,1.5,101,"),
        "{csv}"
    );
}
