//! CSV and Excel exports read back with the `csv` and `calamine` crates: values, types,
//! layout and formula neutralisation.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;
use std::sync::atomic::AtomicBool;

use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
use chrono::NaiveDate;
use hallcheck::export::{ExportFormat, export};
use hallcheck::store::{InspectionFilter, Store};

use support::exports;
use support::exports::{FORMULA_NOTE, HALL_NAME};

fn run(store: &Store, format: ExportFormat, file: &Path) -> Vec<std::path::PathBuf> {
    export(
        store,
        format,
        &InspectionFilter::default(),
        file,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
    .files
}

fn read_csv(path: &Path) -> Vec<csv::StringRecord> {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "{} has no BOM",
        path.display()
    );
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.contains("\r\n"), "CRLF line ends");
    assert!(!text.replace("\r\n", "").contains('\n') || text.contains('"'));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..]);
    reader.records().map(|r| r.unwrap()).collect()
}

#[test]
fn csv_has_bom_details_summary_and_neutralised_text() {
    let dir = tempfile::tempdir().unwrap();
    let store = exports::demo_store(&dir.path().join("db.sqlite"));
    let files = run(&store, ExportFormat::Csv, &dir.path().join("out.csv"));
    assert_eq!(
        files,
        vec![
            dir.path().join("out.csv"),
            dir.path().join("out-summary.csv"),
            dir.path().join("out-rectifications.csv")
        ]
    );
    let details = read_csv(&files[0]);
    let header = &details[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(&header[0], "检查编号");
    let items: usize = exports::templates().iter().map(|t| t.items.len()).sum();
    assert_eq!(details.len() - 1, 41 * items);
    let failed: Vec<_> = details
        .iter()
        .filter(|r| &r[col("营业厅")] == HALL_NAME && &r[col("结果")] == "不符合")
        .collect();
    assert_eq!(failed.len(), 1);
    let row = failed[0];
    assert_eq!(&row[col("扣分原因/备注")], format!("'{FORMULA_NOTE}"));
    assert_eq!(&row[col("区域")], "班前会");
    assert_eq!(&row[col("日期")], "2026-11-05");
    assert_eq!(&row[col("相关人员")], "王芳");
    assert_eq!(&row[col("照片数")], "1");
    let deduction: f64 = row[col("扣分")].parse().unwrap();
    assert!(deduction > 0.0);
    let score: f64 = row[col("总分")].parse().unwrap();
    assert!((0.0..=100.0).contains(&score));

    let summary = read_csv(&files[1]);
    assert_eq!(summary.len() - 1, 41);
    let sh = &summary[0];
    let scol = |name: &str| sh.iter().position(|h| h == name).unwrap();
    let mine = summary
        .iter()
        .find(|r| &r[scol("营业厅")] == HALL_NAME)
        .unwrap();
    assert_eq!(&mine[scol("营业厅编码")], "T01");
    assert_eq!(&mine[scol("检查人")], "测试督导");
    assert_eq!(&mine[scol("开始时间")], "2026-11-05 08:40");
    assert_eq!(&mine[scol("不合格项数")], "1");
    assert_eq!(mine[scol("总分")].parse::<f64>().unwrap(), score);
    assert!(sh.iter().any(|h| h == "班前会得分"));
}

#[test]
fn xlsx_has_typed_cells_monthly_sheets_and_no_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let store = exports::demo_store(&dir.path().join("db.sqlite"));
    let file = dir.path().join("out.xlsx");
    run(&store, ExportFormat::Xlsx, &file);
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    let names = book.sheet_names();
    assert_eq!(names[..3], ["汇总", "明细", "整改台账"]);
    // Demo: 2 halls over Oct 22 – Nov 10 → 2 months each; the test hall has November only.
    assert!(names.contains(&"考核-T01-202611".to_string()), "{names:?}");
    assert!(
        names.contains(&"考核-YT001-202610".to_string()),
        "{names:?}"
    );
    // Each 考核 sheet is followed by its month's 整改 list: demo rectifications cover the last
    // 45 days, every month here.
    assert_eq!(names.len(), 3 + 5 + 5);
    assert!(names.contains(&"整改-T01-202611".to_string()), "{names:?}");

    let details = book.worksheet_range("明细").unwrap();
    let header: Vec<String> = details
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = details
        .rows()
        .find(|r| {
            r[col("营业厅")] == Data::String(HALL_NAME.into())
                && r[col("结果")] == Data::String("不符合".into())
        })
        .unwrap();
    assert_eq!(
        row[col("扣分原因/备注")],
        Data::String(format!("'{FORMULA_NOTE}"))
    );
    assert!(
        matches!(row[col("总分")], Data::Float(_)),
        "{:?}",
        row[col("总分")]
    );
    assert!(matches!(row[col("扣分")], Data::Float(_)));
    assert!(row[col("日期")].is_datetime(), "{:?}", row[col("日期")]);
    assert_eq!(
        row[col("日期")].as_datetime().unwrap().date(),
        NaiveDate::from_ymd_opt(2026, 11, 5).unwrap()
    );
    let formulas = book.worksheet_formula("明细").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula cells"
    );

    let summary = book.worksheet_range("汇总").unwrap();
    assert_eq!(summary.height(), 42);
    let started = summary.rows().nth(1).unwrap()[8].clone();
    assert!(started.is_datetime(), "{started:?}");

    let sheet = book.worksheet_range("考核-T01-202611").unwrap();
    let cells: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    assert!(cells[0][0].to_string().contains(HALL_NAME));
    let head: Vec<String> = cells[2].iter().map(|c| c.to_string()).collect();
    assert_eq!(
        head,
        ["序号", "考核内容", "分值", "扣分", "得分", "扣分原因"]
    );
    // The sheet is the Monthly screen's sheet (one computation): the selection has no days,
    // so the whole of November.
    let hall = store
        .halls(true)
        .unwrap()
        .into_iter()
        .find(|h| h.name == HALL_NAME)
        .unwrap();
    let expected = hallcheck::report::monthly_sheet(
        &store,
        hall.id,
        2026,
        11,
        support::reports::d(2026, 12, 31),
    )
    .unwrap();
    assert!(cells[1][0].to_string().contains("考核月份：2026年11月"));
    assert_eq!(expected.inspections, 1);
    let figure = |value: Option<hallcheck::domain::Points>| match value {
        Some(v) => Data::Float(v.as_f64()),
        None => Data::Empty,
    };
    for (n, line) in expected.rows.iter().enumerate() {
        let row = &cells[3 + n];
        assert_eq!(row[0], Data::String(line.no.clone()));
        assert_eq!(row[1], Data::String(line.content.clone()));
        assert_eq!(row[2], figure(line.points));
        assert_eq!(row[3], figure(line.deducted));
        assert_eq!(row[4], figure(line.score));
        assert_eq!(row[5].to_string(), line.reasons);
    }
    assert_eq!(cells[3][1], Data::String("班前会".into()));
    assert!(matches!(cells[3][4], Data::Float(s) if s < 10.0));
    // Every area is a row, and the total adds them up to the header's score.
    assert_eq!(expected.area_rows().count(), 8);
    let total = cells
        .iter()
        .find(|r| r[0] == Data::String("合计".into()))
        .unwrap();
    assert_eq!(total[2], Data::Float(100.0));
    assert_eq!(total[3], figure(expected.total_deducted()));
    assert_eq!(total[4], figure(expected.total_score()));
    assert_eq!(expected.total_score(), expected.score);
    let score = expected.score.unwrap().to_string();
    assert!(
        cells[1][0]
            .to_string()
            .contains(&format!("月度得分：{score}")),
        "{:?}",
        cells[1][0]
    );
    assert_eq!(
        total[5].to_string(),
        format!(
            "月度得分：{score}（{}）",
            expected.rating.unwrap().name_zh()
        )
    );
    let text: String = cells.iter().flatten().map(|c| c.to_string()).collect();
    assert!(
        text.contains("检查人签字") && text.contains("营业厅负责人签字") && text.contains("日期")
    );
}

#[test]
fn an_export_of_some_days_prints_the_monthly_sheet_of_those_days() {
    let dir = tempfile::tempdir().unwrap();
    let store = exports::demo_store(&dir.path().join("db.sqlite"));
    let file = dir.path().join("days.xlsx");
    let (from, to) = (
        NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
        NaiveDate::from_ymd_opt(2026, 11, 8).unwrap(),
    );
    let filter = InspectionFilter {
        from: Some(from),
        to: Some(to),
        ..InspectionFilter::default()
    };
    export(
        &store,
        ExportFormat::Xlsx,
        &filter,
        &file,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    let sheet = book.worksheet_range("考核-YT001-202611").unwrap();
    let cells: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    assert!(
        cells[1][0]
            .to_string()
            .contains("考核期间：2026-11-03 至 2026-11-08"),
        "{:?}",
        cells[1][0]
    );
    let hall = store
        .halls(true)
        .unwrap()
        .into_iter()
        .find(|h| h.code.as_deref() == Some("YT001"))
        .unwrap();
    let expected = hallcheck::report::monthly::sheet_for(
        &store,
        hall.id,
        hallcheck::report::Period::new(from, to).unwrap(),
        support::reports::d(2026, 12, 31),
    )
    .unwrap();
    assert_eq!(expected.inspections, 6);
    let total = cells
        .iter()
        .find(|r| r[0] == Data::String("合计".into()))
        .unwrap();
    assert_eq!(
        total[4],
        Data::Float(expected.total_score().unwrap().as_f64())
    );
}

/// A ranged deduction (酌情扣分) keeps the points picked per occurrence: the CSV and the Excel
/// 明细 give them in 每次扣分, beside the count and the deduction, and leave it blank for an
/// item with a fixed deduction.
#[test]
fn csv_and_excel_details_give_the_points_picked_per_occurrence() {
    use hallcheck::domain::{Outcome, Points, RatingBands};
    use hallcheck::store::AnswerInput;

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db.sqlite")).unwrap();
    let hall = store.add_hall("城关供电服务中心", Some("C01")).unwrap();
    let window = support::kinds::window();
    let id = support::store::start(&store, hall.id, std::slice::from_ref(&window), 5);
    let row = store.inspection(id).unwrap().templates[0].0;
    for item in &window.items {
        let (outcome, count, rate) = match item.id.as_str() {
            "queue" => (Outcome::Fail, 2, Some(Points::from_hundredths(450))),
            "signage" => (Outcome::Fail, 3, None),
            "award" => (Outcome::NotApplicable, 1, None),
            _ => (Outcome::Pass, 1, None),
        };
        let answer = AnswerInput {
            template_row: row,
            item_id: item.id.clone(),
            outcome,
            count,
            rate,
            note: format!("{} note", item.id),
            staff_ids: Vec::new(),
        };
        store.save_answer(id, &answer).unwrap();
    }
    store
        .submit_inspection(id, &RatingBands::default(), support::store::submitted_at())
        .unwrap();

    // (次数, 每次扣分, 扣分) of an item's row.
    let csv_files = run(&store, ExportFormat::Csv, &dir.path().join("out.csv"));
    let details = read_csv(&csv_files[0]);
    let header: Vec<&str> = details[0].iter().collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    assert_eq!(col("每次扣分"), col("次数") + 1);
    assert_eq!(col("扣分"), col("每次扣分") + 1);
    let csv_of = |item: &str| {
        let r = details
            .iter()
            .find(|r| &r[col("项目编号")] == item)
            .unwrap();
        [
            r[col("次数")].to_string(),
            r[col("每次扣分")].to_string(),
            r[col("扣分")].to_string(),
        ]
    };
    assert_eq!(csv_of("queue"), ["2", "4.5", "9"]);
    assert_eq!(csv_of("signage"), ["3", "", "3"]);
    assert_eq!(csv_of("records"), ["", "", "0"]);

    let xlsx = dir.path().join("out.xlsx");
    run(&store, ExportFormat::Xlsx, &xlsx);
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let details = book.worksheet_range("明细").unwrap();
    let rows: Vec<&[Data]> = details.rows().collect();
    let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let queue = rows
        .iter()
        .find(|r| r[col("项目编号")] == Data::String("queue".into()))
        .unwrap();
    assert_eq!(queue[col("每次扣分")], Data::Float(4.5));
    assert_eq!(queue[col("扣分")], Data::Float(9.0));
    let signage = rows
        .iter()
        .find(|r| r[col("项目编号")] == Data::String("signage".into()))
        .unwrap();
    assert_eq!(signage[col("每次扣分")], Data::Empty);
}
