//! The month's score (月度得分) on hand-worked cases, with the built-in checklists (eight
//! areas, 100 points): a partial inspection, N/A items, an area N/A throughout, areas never
//! inspected, a veto, and a bonus. Every case checks that the sheet adds up: each area row's
//! 分值 − 扣分 + 加分 = 得分 with 扣分 and 加分 never below 0, the rows sum to the total, and the
//! total is the header's score.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::atomic::AtomicBool;

use calamine::{Reader, Xlsx, open_workbook};
use hallcheck::domain::{Area, Outcome, Points, Rating, Template};
use hallcheck::export::{ExportFormat, export};
use hallcheck::report::{MonthlyRowKind, MonthlySheet, monthly_sheet};
use hallcheck::store::{InspectionFilter, Store};
use support::kinds::bonus_may;
use support::reports::{d, inspect};

const FAIL: Outcome = Outcome::Fail;
const NA: Outcome = Outcome::NotApplicable;

fn p(hundredths: i64) -> Points {
    Points::from_hundredths(hundredths)
}

/// The built-in checklists in area order, without photo requirements (a photo changes no
/// figure, and these fails are keyed in without one).
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

/// The built-in checklists of these areas.
fn only(areas: &[Area]) -> Vec<Template> {
    builtins()
        .into_iter()
        .filter(|t| areas.contains(&t.area))
        .collect()
}

/// A hall with one staff member, in a store of its own.
fn hall() -> (Store, i64, i64) {
    let store = Store::open_in_memory().unwrap();
    let hall = store.add_hall("城北供电营业厅", Some("N1")).unwrap().id;
    let zhang = store.add_staff(hall, "张三", None).unwrap().id;
    (store, hall, zhang)
}

/// Each area row as (序号, 分值, 扣分, 得分).
fn areas(sheet: &MonthlySheet) -> Vec<(&str, Points, Points, Points)> {
    sheet
        .area_rows()
        .map(|r| {
            (
                r.no.as_str(),
                r.points.unwrap(),
                r.deducted.unwrap(),
                r.score.unwrap(),
            )
        })
        .collect()
}

/// The sheet adds up: 分值 − 扣分 + 加分 = 得分 on every area row (扣分 and 加分 never below 0),
/// the rows sum to the total, the total is the header's score, every area has its row, and
/// item rows carry no figures.
fn assert_adds_up(sheet: &MonthlySheet) {
    assert_eq!(sheet.area_rows().count(), 8);
    for row in sheet.area_rows() {
        let (deducted, bonus) = (row.deducted.unwrap(), row.bonus.unwrap());
        assert!(!deducted.is_negative() && !bonus.is_negative(), "{row:?}");
        assert_eq!(
            row.points.unwrap() - deducted + bonus,
            row.score.unwrap(),
            "{row:?}"
        );
    }
    let rows = areas(sheet);
    let sum = |f: fn(&(&str, Points, Points, Points)) -> Points| rows.iter().map(f).sum::<Points>();
    assert_eq!(sheet.total_points(), sum(|r| r.1));
    assert_eq!(sheet.total_deducted(), Some(sum(|r| r.2)));
    assert_eq!(sheet.total_score(), Some(sum(|r| r.3)));
    assert_eq!(
        sheet.total_bonus(),
        Some(sheet.area_rows().map(|r| r.bonus.unwrap()).sum())
    );
    assert_eq!(
        sheet.total_points() - sheet.total_deducted().unwrap() + sheet.total_bonus().unwrap(),
        sheet.total_score().unwrap()
    );
    assert_eq!(sheet.total_points(), p(10000));
    assert_eq!(sheet.score, sheet.total_score());
    let items = sheet
        .rows
        .iter()
        .filter(|r| matches!(r.kind, MonthlyRowKind::Item { .. }));
    for row in items {
        assert_eq!(
            (row.points, row.deducted, row.bonus, row.score),
            (None, None, None, None)
        );
    }
}

/// The case: one full inspection at 100 and one of 环境卫生 alone at 7.5 of 15.
/// The mean of the two inspections' scores would be (100 + 50) ÷ 2 = 75, as if the hygiene
/// check had found the whole hall at half marks; the month counts each area at its 分值:
/// 环境卫生 15 × (15 + 7.5) ÷ (15 + 15) = 11.25, the other areas in full, 96.25 in all.
#[test]
fn a_partial_inspection_counts_for_its_own_area() {
    let (store, hall, _) = hall();
    inspect(&store, &builtins(), hall, d(2026, 4, 1), "甲", &[], true);
    inspect(
        &store,
        &only(&[Area::HYGIENE]),
        hall,
        d(2026, 4, 15),
        "甲",
        &[
            (0, "four_clean_four_free", FAIL, 5, "地面有纸屑", &[]),
            (0, "fixed_placement", FAIL, 2, "物品未定置", &[]),
            (0, "plants_and_bins", FAIL, 1, "垃圾桶满", &[]),
        ],
        true,
    );
    let sheet = monthly_sheet(&store, hall, 2026, 4, support::reports::d(2026, 12, 31)).unwrap();
    assert_adds_up(&sheet);
    assert_eq!(sheet.inspections, 2);
    assert_eq!(sheet.score, Some(p(9625)));
    assert_eq!(sheet.rating, Some(Rating::Excellent));
    assert_eq!(
        areas(&sheet),
        [
            ("1", p(1000), p(0), p(1000)),
            ("2", p(1000), p(0), p(1000)),
            ("3", p(1000), p(0), p(1000)),
            ("4", p(1500), p(0), p(1500)),
            ("5", p(1000), p(0), p(1000)),
            ("6", p(1500), p(0), p(1500)),
            ("7", p(1500), p(375), p(1125)),
            ("8", p(1500), p(0), p(1500)),
        ]
    );
    let hygiene = sheet
        .rows
        .iter()
        .find(|r| r.kind == MonthlyRowKind::Area(Area::HYGIENE))
        .unwrap();
    assert_eq!(hygiene.reasons, "检查2次，应得30分，实得22.5分");
    assert_eq!(hygiene.lost, p(750));
    let pre = &sheet.rows[0];
    assert_eq!(pre.reasons, "检查1次，应得10分，实得10分");
}

/// N/A, a partial inspection and a veto in one month:
///
/// | day   | checklists             | findings                                                      |
/// |-------|------------------------|---------------------------------------------------------------|
/// | 03-02 | all eight              | 巡查制: wet_floor_sign N/A (cap 15 × 15/17 = 13.24), rounds ×1 (−3); 劳动纪律: on_time ×2 张三 (−4) |
/// | 03-10 | 环境卫生, 劳动纪律     | 环境卫生: four_clean ×2 (−2); 劳动纪律: no_empty_counter (veto) |
/// | 03-20 | 班前会                 | held_on_time ×1 (−10)                                         |
///
/// 班前会 10 × (10 + 0) ÷ (10 + 10) = 5; 巡查制 15 × 10.24 ÷ 13.24 = 11.60; 环境卫生
/// 15 × (15 + 13) ÷ (15 + 15) = 14; 劳动纪律 vetoed: 0 (its inspections gave 26 of 30); the
/// rest in full: 5 + 10 + 10 + 11.6 + 10 + 15 + 14 + 0 = 75.6, rated 不合格 for the veto.
fn veto_month() -> (Store, i64) {
    let (store, hall, zhang) = hall();
    let all = builtins();
    let at = |area: Area| all.iter().position(|t| t.area == area).unwrap();
    inspect(
        &store,
        &all,
        hall,
        d(2026, 3, 2),
        "甲",
        &[
            (at(Area::PATROL), "wet_floor_sign", NA, 1, "", &[]),
            (
                at(Area::PATROL),
                "rounds_completed",
                FAIL,
                1,
                "本班只巡查1次",
                &[],
            ),
            (at(Area::DISCIPLINE), "on_time", FAIL, 2, "迟到", &[zhang]),
        ],
        true,
    );
    inspect(
        &store,
        &only(&[Area::HYGIENE, Area::DISCIPLINE]),
        hall,
        d(2026, 3, 10),
        "乙",
        &[
            (0, "four_clean_four_free", FAIL, 2, "地面有纸屑", &[]),
            (1, "no_empty_counter", FAIL, 1, "上午窗口无人", &[]),
        ],
        true,
    );
    inspect(
        &store,
        &only(&[Area::PRE_SHIFT]),
        hall,
        d(2026, 3, 20),
        "甲",
        &[(0, "held_on_time", FAIL, 1, "未召开", &[])],
        true,
    );
    (store, hall)
}

/// The month of [`veto_month`], figure by figure.
#[test]
fn na_a_partial_inspection_and_a_veto() {
    let (store, hall) = veto_month();
    let sheet = monthly_sheet(&store, hall, 2026, 3, support::reports::d(2026, 12, 31)).unwrap();
    assert_adds_up(&sheet);
    assert_eq!((sheet.inspections, sheet.veto_count), (3, 1));
    assert_eq!(sheet.score, Some(p(7560)));
    assert_eq!(sheet.rating, Some(Rating::Fail));
    assert_eq!(
        areas(&sheet),
        [
            ("1", p(1000), p(500), p(500)),
            ("2", p(1000), p(0), p(1000)),
            ("3", p(1000), p(0), p(1000)),
            ("4", p(1500), p(340), p(1160)),
            ("5", p(1000), p(0), p(1000)),
            ("6", p(1500), p(0), p(1500)),
            ("7", p(1500), p(100), p(1400)),
            ("8", p(1500), p(1500), p(0)),
        ]
    );
    assert_eq!(sheet.total_deducted(), Some(p(2440)));

    // 扣分原因: each area's basis, each failed item in the words of its finding.
    let reasons: Vec<(&str, &str)> = sheet
        .rows
        .iter()
        .map(|r| (r.no.as_str(), r.reasons.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("1", "检查2次，应得20分，实得10分"),
            ("1.1", "未按时召开班前会 1次，扣10分：3月20日 未召开"),
            ("2", "检查1次，应得10分，实得10分"),
            ("3", "检查1次，应得10分，实得10分"),
            ("4", "检查1次，应得13.24分，实得10.24分"),
            ("4.1", "巡查少于2次 1次，扣3分：3月2日 本班只巡查1次"),
            ("5", "检查1次，应得10分，实得10分"),
            ("6", "检查1次，应得15分，实得15分"),
            ("7", "检查2次，应得30分，实得28分"),
            ("7.1", "未达“四净四无” 2处，扣2分：3月10日 地面有纸屑"),
            ("8", "一票否决1次，本项得0分；检查2次，应得30分，实得26分"),
            ("8.1", "迟到、早退 2人次，扣4分：3月2日 张三 迟到"),
            ("8.7", "营业时间空岗 1次，一票否决：3月10日 上午窗口无人"),
        ]
    );
    // 考核内容 stays the requirement.
    assert_eq!(sheet.rows[11].content, "不迟到、不早退");
    let staff: Vec<_> = sheet
        .staff
        .iter()
        .map(|s| (s.name.as_str(), s.person_times, s.points, s.items.as_str()))
        .collect();
    // 张三 is the one person named of the two late: one person-time, 2 points.
    assert_eq!(staff, [("张三", 1, p(200), "迟到、早退 1人次")]);
}

/// Areas never inspected and an area N/A throughout keep their rows and lose nothing:
/// 环境卫生 alone at 7.5 of 15, 巡查制 with every item N/A; 92.5 in all.
#[test]
fn areas_not_inspected_keep_their_rows_and_lose_nothing() {
    let (store, hall, _) = hall();
    inspect(
        &store,
        &only(&[Area::HYGIENE]),
        hall,
        d(2026, 5, 6),
        "甲",
        &[
            (0, "four_clean_four_free", FAIL, 5, "地面有纸屑", &[]),
            (0, "fixed_placement", FAIL, 2, "物品未定置", &[]),
            (0, "plants_and_bins", FAIL, 1, "垃圾桶满", &[]),
        ],
        true,
    );
    let patrol = only(&[Area::PATROL]);
    let every_na: Vec<_> = patrol[0]
        .items
        .iter()
        .map(|i| (0, i.id.as_str(), NA, 1, "", &[] as &[i64]))
        .collect();
    inspect(&store, &patrol, hall, d(2026, 5, 7), "甲", &every_na, true);
    let sheet = monthly_sheet(&store, hall, 2026, 5, support::reports::d(2026, 12, 31)).unwrap();
    assert_adds_up(&sheet);
    assert_eq!(sheet.score, Some(p(9250)));
    assert_eq!(sheet.rating, Some(Rating::Excellent));
    let hygiene = sheet.area_rows().nth(6).unwrap();
    assert_eq!(
        (hygiene.deducted, hygiene.score),
        (Some(p(750)), Some(p(750)))
    );
    let reasons: Vec<&str> = sheet.area_rows().map(|r| r.reasons.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "本月未检查，不扣分",
            "本月未检查，不扣分",
            "本月未检查，不扣分",
            "检查1次，均不适用，不扣分",
            "本月未检查，不扣分",
            "本月未检查，不扣分",
            "检查1次，应得15分，实得7.5分",
            "本月未检查，不扣分",
        ]
    );
    let never = sheet.areas.iter().filter(|a| a.inspections == 0).count();
    assert_eq!(never, 6);
}

/// A month without a submitted inspection lists every area with its 分值 and no score.
#[test]
fn a_month_without_inspections_has_no_score() {
    let (store, hall, _) = hall();
    inspect(
        &store,
        &only(&[Area::HYGIENE]),
        hall,
        d(2026, 6, 3),
        "甲",
        &[],
        false,
    );
    let sheet = monthly_sheet(&store, hall, 2026, 6, support::reports::d(2026, 12, 31)).unwrap();
    assert_eq!(sheet.inspections, 0);
    assert_eq!((sheet.score, sheet.rating), (None, None));
    assert_eq!(sheet.area_rows().count(), 8);
    assert_eq!(sheet.total_points(), p(10000));
    assert_eq!((sheet.total_deducted(), sheet.total_score()), (None, None));
    assert!(
        sheet
            .area_rows()
            .all(|r| r.score.is_none() && r.reasons == "本月未检查")
    );
}

/// The month of [`veto_month`] exported: the Excel 考核 sheet and the PDF print the sheet's
/// figures, the month's score in the header and the total, the findings in 扣分原因 and the rule.
#[test]
fn excel_and_pdf_print_the_months_figures_and_findings() {
    let (store, hall) = veto_month();
    let sheet = monthly_sheet(&store, hall, 2026, 3, support::reports::d(2026, 12, 31)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let filter = InspectionFilter {
        hall_id: Some(hall),
        from: Some(d(2026, 3, 1)),
        to: Some(d(2026, 3, 31)),
        ..InspectionFilter::default()
    };
    let file = |name: &str| dir.path().join(name);
    for (format, name) in [(ExportFormat::Xlsx, "m.xlsx"), (ExportFormat::Pdf, "m.pdf")] {
        let cancel = AtomicBool::new(false);
        export(&store, format, &filter, &file(name), &mut |_| {}, &cancel).unwrap();
    }

    let mut book: Xlsx<_> = open_workbook(file("m.xlsx")).unwrap();
    let range = book.worksheet_range("考核-N1-202603").unwrap();
    let cells: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    assert!(
        cells[1][0].contains("月度得分：75.6（不合格）    一票否决：1次"),
        "{:?}",
        cells[1][0]
    );
    // 序号, 分值, 扣分, 得分 of every row, then the total.
    let figures: Vec<[&str; 4]> = cells[3..17]
        .iter()
        .map(|r| [r[0].as_str(), r[2].as_str(), r[3].as_str(), r[4].as_str()])
        .collect();
    assert_eq!(
        figures,
        [
            ["1", "10", "5", "5"],
            ["1.1", "", "", ""],
            ["2", "10", "0", "10"],
            ["3", "10", "0", "10"],
            ["4", "15", "3.4", "11.6"],
            ["4.1", "", "", ""],
            ["5", "10", "0", "10"],
            ["6", "15", "0", "15"],
            ["7", "15", "1", "14"],
            ["7.1", "", "", ""],
            ["8", "15", "15", "0"],
            ["8.1", "", "", ""],
            ["8.7", "", "", ""],
            ["合计", "100", "24.4", "75.6"],
        ]
    );
    let reasons: Vec<&str> = cells[3..17].iter().map(|r| r[5].as_str()).collect();
    let expected: Vec<&str> = sheet.rows.iter().map(|r| r.reasons.as_str()).collect();
    assert_eq!(reasons[..13], expected[..]);
    assert_eq!(reasons[11], "迟到、早退 2人次，扣4分：3月2日 张三 迟到");
    assert_eq!(reasons[13], "月度得分：75.6（不合格）");
    assert_eq!(cells[17][0], sheet.footnote_zh());
    assert!(cells[17][0].starts_with("说明：月度得分为各区域得分之和。"));
    assert_eq!(cells[19][5], "1人次：迟到、早退 1人次");

    // The PDF: the same words; a table cell may wrap, so the text is read without breaks.
    let text: String = support::pdf_text(&file("m.pdf"), "-raw")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for needle in [
        "月度得分：75.6（不合格）一票否决：1次",
        "合计10024.475.6月度得分：75.6（不合格）",
        "说明：月度得分为各区域得分之和。",
        "迟到、早退2人次，扣4分",
        "营业时间空岗1次，一票否决",
        "一票否决1次，本项得0分",
    ] {
        assert!(text.contains(needle), "`{needle}` missing:\n{text}");
    }
    // 100 points in all: nothing to convert.
    assert!(!text.contains("折算"));
}

/// A bonus is shown apart from the deductions: 督导制 in [`bonus_may`] earned 22 of 20 over the
/// month, 3 of it bonus. Its 扣分 is what the deductions took (0.5, never below 0) and its 加分
/// the rest of its 得分 (1.5): 10 − 0.5 + 1.5 = 11, and the month adds up to 101. The area's
/// reason says how much of 实得 was bonus; the sheet has a 加分 column in every output.
#[test]
fn a_bonus_is_shown_apart_from_the_deductions() {
    let (store, hall, _) = hall();
    let (first, second) = bonus_may(&store, hall);
    // The inspections keep their scores: the bonus is part of their points.
    for (id, score) in [(first, p(10100)), (second, p(11000))] {
        assert_eq!(store.inspection(id).unwrap().header.score, Some(score));
    }
    let sheet = monthly_sheet(&store, hall, 2026, 5, support::reports::d(2026, 12, 31)).unwrap();
    assert_adds_up(&sheet);
    assert!(sheet.has_bonus());
    let supervision = sheet
        .rows
        .iter()
        .find(|r| r.kind == MonthlyRowKind::Area(Area::SUPERVISION))
        .unwrap();
    assert_eq!(
        (
            supervision.points,
            supervision.deducted,
            supervision.bonus,
            supervision.score
        ),
        (Some(p(1000)), Some(p(50)), Some(p(150)), Some(p(1100)))
    );
    // What the deductions took over the month, the bonus apart.
    assert_eq!(supervision.lost, p(100));
    assert_eq!(
        supervision.reasons,
        "检查2次，应得20分，实得22分（含加分3分）"
    );
    for row in sheet.area_rows().filter(|r| r.no != "3") {
        assert_eq!(
            (row.deducted, row.bonus),
            (Some(p(0)), Some(p(0))),
            "{row:?}"
        );
    }
    assert_eq!(sheet.total_deducted(), Some(p(50)));
    assert_eq!(sheet.total_bonus(), Some(p(150)));
    assert_eq!(sheet.score, Some(p(10100)));
    assert_eq!(sheet.rating, Some(Rating::Excellent));
    assert!(sheet.footnote_zh().contains("得分 = 分值 － 扣分 ＋ 加分"));

    // Excel: 加分 after 扣分, in the area rows and the total.
    let dir = tempfile::tempdir().unwrap();
    let filter = InspectionFilter {
        hall_id: Some(hall),
        ..InspectionFilter::default()
    };
    let file = |name: &str| dir.path().join(name);
    for (format, name) in [(ExportFormat::Xlsx, "b.xlsx"), (ExportFormat::Pdf, "b.pdf")] {
        let cancel = AtomicBool::new(false);
        export(&store, format, &filter, &file(name), &mut |_| {}, &cancel).unwrap();
    }
    let mut book: Xlsx<_> = open_workbook(file("b.xlsx")).unwrap();
    let range = book.worksheet_range("考核-N1-202605").unwrap();
    let cells: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    assert_eq!(
        cells[2],
        [
            "序号",
            "考核内容",
            "分值",
            "扣分",
            "加分",
            "得分",
            "扣分原因"
        ]
    );
    let line = |no: &str| {
        cells
            .iter()
            .find(|r| r[0] == no || r[1] == no)
            .map(|r| r[2..6].to_vec())
            .unwrap()
    };
    assert_eq!(line("3"), ["10", "0.5", "1.5", "11"]);
    assert_eq!(line("1"), ["10", "0", "0", "10"]);
    assert_eq!(line("合计"), ["100", "0.5", "1.5", "101"]);

    // The PDF: the same figures, read without breaks.
    let text: String = support::pdf_text(&file("b.pdf"), "-raw")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for needle in ["扣分加分得分", "合计1000.51.5101月度得分：101（优秀）"] {
        assert!(text.contains(needle), "`{needle}` missing:\n{text}");
    }
}

/// A month without a bonus keeps the familiar columns: no 加分 anywhere.
#[test]
fn a_month_without_a_bonus_has_no_bonus_column() {
    let (store, hall) = veto_month();
    let sheet = monthly_sheet(&store, hall, 2026, 3, support::reports::d(2026, 12, 31)).unwrap();
    assert!(!sheet.has_bonus());
    assert_eq!(sheet.total_bonus(), Some(p(0)));
}
