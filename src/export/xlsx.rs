//! Excel export with rust_xlsxwriter: 汇总 (one row per inspection) and 明细 (one row per item)
//! stream in constant-memory mode; then one 考核 sheet per hall and month in the familiar
//! layout. Dates are Excel dates, scores are numbers, user text is neutralised.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::export::csv::{DETAIL_COLUMNS, detail_rows, summary_header, summary_row};
use crate::export::monthly::{self, MonthlyBuilder};
use crate::export::{ExportError, Job, PendingFile, neutralise};
use crate::report::{MonthlyRowKind, MonthlySheet};

/// Name of the summary sheet.
pub(crate) const SUMMARY_SHEET: &str = "汇总";
/// Name of the details sheet.
pub(crate) const DETAILS_SHEET: &str = "明细";

/// How a column's text is written as a cell.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Number,
    Date,
    DateTime,
}

const DETAIL_WIDTHS: [f64; 23] = [
    37.0, 10.0, 18.0, 11.0, 7.0, 9.0, 7.0, 7.0, 7.0, 8.0, 9.0, 12.0, 6.0, 18.0, 5.0, 40.0, 7.0,
    5.0, 6.0, 9.0, 28.0, 6.0, 6.0,
];

fn detail_kind(col: usize) -> Kind {
    match col {
        3 => Kind::Date,
        7 | 12 | 14 | 17 | 18 | 21 => Kind::Number,
        _ => Kind::Text,
    }
}

fn summary_kind(col: usize) -> Kind {
    match col {
        3 => Kind::Date,
        7 | 8 => Kind::DateTime,
        9 | 12 | 13 => Kind::Number,
        c if c >= 15 => Kind::Number,
        _ => Kind::Text,
    }
}

fn summary_width(col: usize) -> f64 {
    match col {
        0 => 37.0,
        2 => 18.0,
        3 => 11.0,
        7 | 8 => 16.0,
        14 => 24.0,
        c if c >= 15 => 10.0,
        _ => 9.0,
    }
}

struct Formats {
    header: Format,
    date: Format,
    datetime: Format,
    title: Format,
    info: Format,
    cell: Format,
    cell_center: Format,
    cell_wrap: Format,
    total: Format,
    sign: Format,
}

impl Formats {
    fn new() -> Formats {
        let border = Format::new().set_border(FormatBorder::Thin);
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color("#D9E1F2")
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            info: Format::new().set_align(FormatAlign::Left),
            cell: border.clone().set_align(FormatAlign::VerticalCenter),
            cell_center: border
                .clone()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            cell_wrap: border
                .clone()
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            total: border
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            sign: Format::new().set_align(FormatAlign::Left),
        }
    }
}

fn xlsx_err(path: &Path, e: XlsxError) -> ExportError {
    ExportError::Xlsx {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    kind: Kind,
    formats: &Formats,
) -> Result<(), XlsxError> {
    if text.is_empty() {
        return Ok(());
    }
    match kind {
        Kind::Number => match text.parse::<f64>() {
            Ok(n) => sheet.write_number(row, col, n).map(|_| ()),
            Err(_) => sheet.write_string(row, col, text).map(|_| ()),
        },
        Kind::Date => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(d) => sheet
                .write_datetime_with_format(row, col, d, &formats.date)
                .map(|_| ()),
            Err(_) => sheet.write_string(row, col, text).map(|_| ()),
        },
        Kind::DateTime => match NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M") {
            Ok(t) => sheet
                .write_datetime_with_format(row, col, t, &formats.datetime)
                .map(|_| ()),
            Err(_) => sheet.write_string(row, col, text).map(|_| ()),
        },
        // Text was neutralised when the row was built.
        Kind::Text => sheet.write_string(row, col, text).map(|_| ()),
    }
}

fn setup_list_sheet(
    sheet: &mut Worksheet,
    name: &str,
    header: &[String],
    width: impl Fn(usize) -> f64,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    for (col, title) in header.iter().enumerate() {
        let col = col as u16;
        sheet.set_column_width(col, width(col as usize))?;
        sheet.write_string_with_format(0, col, title, &formats.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

pub(crate) fn write(job: &mut Job, target: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let pending = PendingFile::new(target);
    let err = |e: XlsxError| xlsx_err(target, e);
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    if let Some(dir) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        // Keep the streaming temp files beside the target (same disk, same permissions).
        workbook.set_tempdir(dir).map_err(err)?;
    }
    let summary_header = summary_header();
    setup_list_sheet(
        workbook.add_worksheet_with_constant_memory().map_err(err)?,
        SUMMARY_SHEET,
        &summary_header,
        summary_width,
        &formats,
    )
    .map_err(err)?;
    let detail_header: Vec<String> = DETAIL_COLUMNS.iter().map(|c| c.to_string()).collect();
    setup_list_sheet(
        workbook.add_worksheet_with_constant_memory().map_err(err)?,
        DETAILS_SHEET,
        &detail_header,
        |c| DETAIL_WIDTHS.get(c).copied().unwrap_or(10.0),
        &formats,
    )
    .map_err(err)?;
    let mut monthly = MonthlyBuilder::default();
    let mut summary_at = 1u32;
    let mut detail_at = 1u32;
    job.for_each_record(|record| {
        monthly.add(record);
        let sheet = workbook.worksheet_from_index(0).map_err(err)?;
        for (col, text) in summary_row(record).iter().enumerate() {
            write_cell(
                sheet,
                summary_at,
                col as u16,
                text,
                summary_kind(col),
                &formats,
            )
            .map_err(err)?;
        }
        summary_at += 1;
        let sheet = workbook.worksheet_from_index(1).map_err(err)?;
        for row in detail_rows(record) {
            for (col, text) in row.iter().enumerate() {
                write_cell(
                    sheet,
                    detail_at,
                    col as u16,
                    text,
                    detail_kind(col),
                    &formats,
                )
                .map_err(err)?;
            }
            detail_at += 1;
        }
        Ok(())
    })?;
    let mut names = HashSet::new();
    for sheet in monthly.finish(job.store, job.days)? {
        job.check_cancel()?;
        let name = unique_sheet_name(&sheet, &mut names);
        let worksheet = workbook.add_worksheet();
        write_monthly(worksheet, &name, &sheet, &formats).map_err(err)?;
    }
    job.check_cancel()?;
    workbook.save(pending.temp()).map_err(err)?;
    Ok(vec![pending.commit()?])
}

/// `考核-YT001-202611`, cleaned of characters Excel refuses, at most 31 characters, unique.
fn unique_sheet_name(sheet: &MonthlySheet, taken: &mut HashSet<String>) -> String {
    let code: String = monthly::hall_code(sheet)
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\' | '\''))
        .take(16)
        .collect();
    let base = format!(
        "考核-{code}-{}{:02}",
        sheet.period.from.year(),
        sheet.period.from.month()
    );
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.to_lowercase()) {
        name = format!("{base}-{n}");
        n += 1;
    }
    name
}

/// One monthly 考核 sheet: title, hall and month, the table, totals and signature lines.
fn write_monthly(
    ws: &mut Worksheet,
    name: &str,
    sheet: &MonthlySheet,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    for (col, width) in [7.0, 30.0, 8.0, 8.0, 8.0, 56.0].into_iter().enumerate() {
        ws.set_column_width(col as u16, width)?;
    }
    ws.set_row_height(0, 30)?;
    ws.merge_range(
        0,
        0,
        0,
        5,
        neutralise(&monthly::title(sheet)).as_ref(),
        &f.title,
    )?;
    ws.merge_range(
        1,
        0,
        1,
        5,
        neutralise(&monthly::info_line(sheet)).as_ref(),
        &f.info,
    )?;
    for (col, title) in ["序号", "考核内容", "分值", "得分", "累计扣分", "扣分原因"]
        .into_iter()
        .enumerate()
    {
        ws.write_string_with_format(2, col as u16, title, &f.header)?;
    }
    let mut row = 3u32;
    for line in &sheet.rows {
        let area = matches!(line.kind, MonthlyRowKind::Area(_));
        let (text, center) = if area {
            (&f.total, &f.total)
        } else {
            (&f.cell, &f.cell_center)
        };
        ws.write_string_with_format(row, 0, &line.no, center)?;
        ws.write_string_with_format(row, 1, neutralise(&line.content).as_ref(), text)?;
        ws.write_number_with_format(row, 2, line.points.as_f64(), center)?;
        match line.score {
            Some(score) => ws.write_number_with_format(row, 3, score.as_f64(), center)?,
            None => ws.write_blank(row, 3, center)?,
        };
        ws.write_number_with_format(row, 4, line.deducted.as_f64(), center)?;
        ws.write_string_with_format(row, 5, neutralise(&line.reasons).as_ref(), &f.cell_wrap)?;
        row += 1;
    }
    ws.merge_range(row, 0, row, 1, "合计", &f.total)?;
    ws.write_number_with_format(row, 2, sheet.total_points().as_f64(), &f.total)?;
    ws.write_number_with_format(row, 3, sheet.total_score().as_f64(), &f.total)?;
    ws.write_number_with_format(row, 4, sheet.total_deducted().as_f64(), &f.total)?;
    ws.write_blank(row, 5, &f.total)?;
    if !sheet.staff.is_empty() {
        row += 2;
        ws.merge_range(row, 0, row, 5, "人员扣分（人次）", &f.info)?;
        row += 1;
        for (col, title) in ["序号", "姓名", "人次", "扣分"].into_iter().enumerate() {
            ws.write_string_with_format(row, col as u16, title, &f.header)?;
        }
        ws.merge_range(row, 4, row, 5, "事项", &f.header)?;
        for (n, person) in sheet.staff.iter().enumerate() {
            row += 1;
            ws.write_number_with_format(row, 0, (n + 1) as f64, &f.cell_center)?;
            ws.write_string_with_format(row, 1, neutralise(&person.name).as_ref(), &f.cell)?;
            ws.write_number_with_format(row, 2, person.person_times as f64, &f.cell_center)?;
            ws.write_number_with_format(row, 3, person.points.as_f64(), &f.cell_center)?;
            ws.merge_range(
                row,
                4,
                row,
                5,
                neutralise(&person.items).as_ref(),
                &f.cell_wrap,
            )?;
        }
    }
    row += 2;
    ws.merge_range(row, 0, row, 1, "检查人签字：", &f.sign)?;
    ws.write_string_with_format(row, 2, "", &f.sign)?;
    ws.merge_range(row, 4, row, 5, "营业厅负责人签字：", &f.sign)?;
    row += 2;
    ws.merge_range(row, 0, row, 1, "日期：", &f.sign)?;
    ws.merge_range(row, 4, row, 5, "日期：", &f.sign)?;
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    Ok(())
}
