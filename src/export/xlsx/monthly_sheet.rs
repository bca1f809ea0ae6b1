//! The monthly 考核 sheet of the workbook, laid out to be printed and signed: A4 portrait at
//! 100 %, every text wrapped in its cell and every row as high as its text, the column header
//! repeated on each page, the sheet's title and page number in the footer. In a month with a
//! bonus a 加分 column stands after 扣分, and where the hall has a money rule a 金额（元） column
//! before 扣分原因, each in the same page width. After the staff, the month's rectifications
//! (本月整改情况): the summary line, naming the sheet after it that lists them (序号, 检查项,
//! 发现日期, 责任人, 整改时限, 状态) — a sheet of their own, so that each printed page of the
//! list is headed by its own columns, not by the 考核 table's.

use std::collections::HashSet;

use chrono::Datelike;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use super::{fit_cell, header_format};
use crate::domain::{Money, Points};
use crate::export::{monthly, neutralise};
use crate::report::{MonthlyRowKind, MonthlySheet, RATE_RULE_ZH};

/// Widths of the sheet's columns in Excel's unit (the width of a `0`): they fill an A4 page in
/// portrait at 100 % between half-inch margins.
const WIDTHS: [f64; 6] = [5.0, 26.0, 6.0, 6.0, 6.0, 46.0];

/// The same with 金额（元） before 扣分原因, in the same page width.
const WIDTHS_MONEY: [f64; 7] = [5.0, 24.0, 6.0, 6.0, 6.0, 12.0, 36.0];

/// The column of 扣分; a month with a bonus has its 加分 right after it.
const DEDUCTED_COL: u16 = 3;

/// The widths of a sheet's columns: 加分, in a month with a bonus, is a figure column after
/// 扣分 whose width 扣分原因 gives up.
fn column_widths(sheet: &MonthlySheet) -> Vec<f64> {
    let mut widths = if sheet.money.is_some() {
        WIDTHS_MONEY.to_vec()
    } else {
        WIDTHS.to_vec()
    };
    if sheet.has_bonus() {
        let figure = widths[usize::from(DEDUCTED_COL)];
        if let Some(reasons) = widths.last_mut() {
            *reasons -= figure;
        }
        widths.insert(usize::from(DEDUCTED_COL) + 1, figure);
    }
    widths
}

/// Height of one line of 11-point text in a row, in points, with room for the taller CJK
/// fonts Excel and LibreOffice fall back to.
const LINE_POINTS: f64 = 16.0;

/// The most characters of the title the page footer takes (a footer holds 255 in all).
const FOOTER_TITLE_CHARS: usize = 60;

/// The cell formats of the sheet.
pub(super) struct SheetFormats {
    header: Format,
    title: Format,
    info: Format,
    cell_center: Format,
    cell_wrap: Format,
    area_wrap: Format,
    area_left: Format,
    total: Format,
    total_left: Format,
    amount: Format,
    amount_total: Format,
    note: Format,
    sign: Format,
    day: Format,
}

impl SheetFormats {
    pub(super) fn new() -> SheetFormats {
        let border = Format::new().set_border(FormatBorder::Thin);
        SheetFormats {
            header: header_format(),
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            info: Format::new()
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            cell_center: border
                .clone()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            cell_wrap: border
                .clone()
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            area_wrap: border
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            area_left: border
                .clone()
                .set_bold()
                .set_background_color("#D9E1F2")
                .set_align(FormatAlign::VerticalCenter),
            total: border
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            amount: border
                .clone()
                .set_num_format("0.00")
                .set_align(FormatAlign::Right)
                .set_indent(1)
                .set_align(FormatAlign::VerticalCenter),
            amount_total: border
                .clone()
                .set_bold()
                .set_num_format("0.00")
                .set_align(FormatAlign::Right)
                .set_indent(1)
                .set_align(FormatAlign::VerticalCenter),
            total_left: border
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            note: Format::new()
                .set_font_size(9)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            sign: Format::new().set_align(FormatAlign::Left),
            day: Format::new()
                .set_border(FormatBorder::Thin)
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
        }
    }
}

/// `考核-YT001-202611`, cleaned of characters Excel refuses, at most 31 characters, unique.
pub(super) fn unique_name(sheet: &MonthlySheet, taken: &mut HashSet<String>) -> String {
    unique(&format!("考核-{}", sheet_key(sheet)), taken)
}

/// `YT001-202611`: the hall's code (cleaned of characters Excel refuses, at most 16) and the
/// month.
fn sheet_key(sheet: &MonthlySheet) -> String {
    let code: String = monthly::hall_code(sheet)
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\' | '\''))
        .take(16)
        .collect();
    format!(
        "{code}-{}{:02}",
        sheet.period.from.year(),
        sheet.period.from.month()
    )
}

/// `base`, or `base-2`, `base-3`, … when taken (case aside); marked taken.
fn unique(base: &str, taken: &mut HashSet<String>) -> String {
    let mut name = base.to_owned();
    let mut n = 2;
    while !taken.insert(name.to_lowercase()) {
        name = format!("{base}-{n}");
        n += 1;
    }
    name
}

/// Lines a wrapped text of `size` points takes in a cell `width` units wide. An 11-point CJK
/// character is 2.1 units in Excel (LibreOffice's columns come out a little wider), others
/// about one; a character never splits, and every line break starts a line. Counting short
/// only ever leaves a line blank, never cuts one off.
fn wrapped_lines(text: &str, width: f64, size: f64) -> u32 {
    let room = (width - 1.0).max(2.0) * 11.0 / size;
    let mut lines = 0;
    for paragraph in text.split('\n') {
        let (mut n, mut used) = (1, 0.0);
        for c in paragraph.chars() {
            let w = if is_wide(c) { 2.1 } else { 1.05 };
            if used + w > room {
                n += 1;
                used = 0.0;
            }
            used += w;
        }
        lines += n;
    }
    lines
}

/// A character printed about twice as wide as a digit: CJK ideographs, kana, hangul, full-width
/// forms and CJK punctuation.
fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{115f}'
        | '\u{2e80}'..='\u{a4cf}'
        | '\u{ac00}'..='\u{d7a3}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ff60}'
        | '\u{ffe0}'..='\u{ffe6}'
        | '\u{20000}'..='\u{3fffd}')
}

/// The height in points of a row whose wrapped cells of `size`-point text are given as
/// (text, column width).
pub(super) fn row_height(cells: &[(&str, f64)], size: f64) -> f64 {
    let lines = cells
        .iter()
        .map(|(text, width)| wrapped_lines(text, *width, size))
        .max()
        .unwrap_or(1);
    f64::from(lines) * LINE_POINTS * size / 11.0 + 4.0
}

/// Sets a row's height to fit its wrapped cells of 11-point text.
fn fit_row(ws: &mut Worksheet, row: u32, cells: &[(&str, f64)]) -> Result<(), XlsxError> {
    ws.set_row_height(row, row_height(cells, 11.0))?;
    Ok(())
}

/// A figure, or a blank cell for none.
fn write_figure(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<Points>,
    format: &Format,
) -> Result<(), XlsxError> {
    match value {
        Some(v) => ws.write_number_with_format(row, col, v.as_f64(), format)?,
        None => ws.write_blank(row, col, format)?,
    };
    Ok(())
}

/// An amount (two decimals) in the column before the last, or a blank cell for none.
fn write_amount(
    ws: &mut Worksheet,
    (row, last): (u32, u16),
    value: Option<Money>,
    format: &Format,
) -> Result<(), XlsxError> {
    let col = last - 1;
    match value {
        Some(v) => ws.write_number_with_format(row, col, v.as_f64(), format)?,
        None => ws.write_blank(row, col, format)?,
    };
    Ok(())
}

/// The figures from 分值 on (分值, 扣分, 加分 in a month with a bonus, 得分) from column 2.
fn write_figures(
    ws: &mut Worksheet,
    row: u32,
    figures: &[Option<Points>],
    format: &Format,
) -> Result<(), XlsxError> {
    for (col, value) in (2u16..).zip(figures) {
        write_figure(ws, row, col, *value, format)?;
    }
    Ok(())
}

/// The page footer: the sheet's title on the left, the page number on the right (counted from
/// 1 on every sheet, so a sheet printed on its own is numbered as one).
fn footer(sheet: &MonthlySheet) -> String {
    let title: String = neutralise(&monthly::title(sheet))
        .chars()
        .take(FOOTER_TITLE_CHARS)
        .collect();
    // `&` starts a code in a footer: a literal one is doubled.
    format!("&L{}&R第 &P 页", title.replace('&', "&&"))
}

/// One monthly 考核 sheet: title, hall and month, the table, totals, the rule of the month's
/// score, the staff, and signature lines; every row as high as its wrapped text.
pub(super) fn write(
    ws: &mut Worksheet,
    (name, list): (&str, Option<&str>),
    sheet: &MonthlySheet,
    f: &SheetFormats,
) -> Result<(), XlsxError> {
    let money = sheet.money.is_some();
    let widths = column_widths(sheet);
    let widths = widths.as_slice();
    let last = (widths.len() - 1) as u16;
    let (w_no, w_content) = (widths[0], widths[1]);
    let w_reasons = widths[usize::from(last)];
    let w_all: f64 = widths.iter().sum();
    ws.set_name(name)?;
    for (col, width) in widths.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
    }
    ws.set_row_height(0, 30)?;
    let title = fit_cell(&neutralise(&monthly::title(sheet))).into_owned();
    ws.merge_range(0, 0, 0, last, &title, &f.title)?;
    let info = fit_cell(&neutralise(&monthly::info_lines(sheet).join("\n"))).into_owned();
    ws.merge_range(1, 0, 1, last, &info, &f.info)?;
    fit_row(ws, 1, &[(&info, w_all)])?;
    let columns = monthly::columns(sheet);
    for (col, title) in columns.iter().enumerate() {
        ws.write_string_with_format(2, col as u16, *title, &f.header)?;
    }
    if money {
        // 金额（元） may wrap in its narrow column.
        let header: Vec<(&str, f64)> = columns
            .iter()
            .copied()
            .zip(widths.iter().copied())
            .collect();
        fit_row(ws, 2, &header)?;
    }
    let mut row = 3u32;
    for line in &sheet.rows {
        let area = matches!(line.kind, MonthlyRowKind::Area(_));
        let (text, center) = if area {
            (&f.area_wrap, &f.total)
        } else {
            (&f.cell_wrap, &f.cell_center)
        };
        let content = fit_cell(&neutralise(&line.content)).into_owned();
        let reasons = fit_cell(&neutralise(&line.reasons)).into_owned();
        ws.write_string_with_format(row, 0, &line.no, center)?;
        ws.write_string_with_format(row, 1, &content, text)?;
        let figures = monthly::figures(sheet, line.points, line.deducted, line.bonus, line.score);
        write_figures(ws, row, &figures, center)?;
        if money {
            let format = if area { &f.amount_total } else { &f.amount };
            write_amount(ws, (row, last), line.amount, format)?;
        }
        ws.write_string_with_format(row, last, &reasons, &f.cell_wrap)?;
        let cells = [
            (line.no.as_str(), w_no),
            (content.as_str(), w_content),
            (reasons.as_str(), w_reasons),
        ];
        fit_row(ws, row, &cells)?;
        row += 1;
    }
    ws.merge_range(row, 0, row, 1, "合计", &f.total)?;
    let figures = monthly::figures(
        sheet,
        Some(sheet.total_points()),
        sheet.total_deducted(),
        sheet.total_bonus(),
        sheet.total_score(),
    );
    write_figures(ws, row, &figures, &f.total)?;
    if money {
        write_amount(ws, (row, last), sheet.total_amount(), &f.amount_total)?;
    }
    let score = format!("月度得分：{}", monthly::score_text(sheet));
    ws.write_string_with_format(row, last, &score, &f.total_left)?;
    fit_row(ws, row, &[(&score, w_reasons)])?;
    row += 1;
    let footnote = sheet.footnote_zh();
    ws.merge_range(row, 0, row, last, &footnote, &f.note)?;
    ws.set_row_height(row, row_height(&[(&footnote, w_all)], 9.0))?;
    row = write_staff(ws, row, sheet, f, widths)?;
    row = write_rectifications(ws, row, sheet, f, (widths, list))?;
    row += 2;
    ws.merge_range(row, 0, row, 1, "检查人签字：", &f.sign)?;
    ws.merge_range(row, last - 1, row, last, "营业厅负责人签字：", &f.sign)?;
    row += 2;
    ws.merge_range(row, 0, row, 1, "日期：", &f.sign)?;
    ws.merge_range(row, last - 1, row, last, "日期：", &f.sign)?;
    ws.set_paper_size(9);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_repeat_rows(2, 2)?;
    ws.set_footer(footer(sheet));
    ws.set_print_first_page_number(1);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    Ok(())
}

/// The staff with person-time deductions below row `row`, under the sheet's own columns
/// (whose header a printed page repeats): 序号, name, 扣分 (the other figure columns blank),
/// their 金额 where there is one, and the person-times with what for as the reason. Returns
/// the last row written.
fn write_staff(
    ws: &mut Worksheet,
    mut row: u32,
    sheet: &MonthlySheet,
    f: &SheetFormats,
    widths: &[f64],
) -> Result<u32, XlsxError> {
    if sheet.staff.is_empty() {
        return Ok(row);
    }
    let last = (widths.len() - 1) as u16;
    let (w_content, w_reasons) = (widths[1], widths[usize::from(last)]);
    row += 1;
    ws.merge_range(row, 0, row, last, "人员扣分（人次）", &f.area_left)?;
    for (n, person) in sheet.staff.iter().enumerate() {
        row += 1;
        let name = fit_cell(&neutralise(&person.name)).into_owned();
        let items = format!("{}人次：{}", person.person_times, person.items);
        let items = fit_cell(&neutralise(&items)).into_owned();
        ws.write_string_with_format(row, 0, (n + 1).to_string(), &f.cell_center)?;
        ws.write_string_with_format(row, 1, &name, &f.cell_wrap)?;
        let figures = monthly::figures(sheet, None, Some(person.points), None, None);
        write_figures(ws, row, &figures, &f.cell_center)?;
        if sheet.money.is_some() {
            write_amount(ws, (row, last), person.amount, &f.amount)?;
        }
        ws.write_string_with_format(row, last, &items, &f.cell_wrap)?;
        fit_row(ws, row, &[(&name, w_content), (&items, w_reasons)])?;
    }
    Ok(row)
}

/// The month's rectifications below row `row` on the 考核 sheet: a heading and the summary
/// line, which names the sheet that lists them (`list`, when there is any). Returns the last
/// row written.
fn write_rectifications(
    ws: &mut Worksheet,
    mut row: u32,
    sheet: &MonthlySheet,
    f: &SheetFormats,
    (widths, list): (&[f64], Option<&str>),
) -> Result<u32, XlsxError> {
    let last = (widths.len() - 1) as u16;
    let w_all: f64 = widths.iter().sum();
    row += 2;
    ws.merge_range(row, 0, row, last, "本月整改情况", &f.area_left)?;
    row += 1;
    let mut summary = sheet.rectifications.summary_zh();
    if let Some(list) = list {
        summary.push_str(&format!("（明细见工作表“{list}”）"));
    }
    let summary = fit_cell(&neutralise(&summary)).into_owned();
    ws.merge_range(row, 0, row, last, &summary, &f.info)?;
    fit_row(ws, row, &[(&summary, w_all)])?;
    Ok(row)
}

/// The name of the sheet listing a month's rectifications, `整改-YT001-202611`, unique among
/// `taken`.
pub(super) fn list_name(sheet: &MonthlySheet, taken: &mut HashSet<String>) -> String {
    unique(&format!("整改-{}", sheet_key(sheet)), taken)
}

/// Widths of the list's columns 序号 / 检查项 / 发现日期 / 责任人 / 整改时限 / 状态: the 考核
/// sheet's page width.
const LIST_WIDTHS: [f64; 6] = [5.0, 36.0, 10.5, 13.0, 10.5, 20.0];

/// The sheet listing a month's rectifications (本月整改情况), laid out like the 考核 sheet to
/// be printed: its title, the hall and month, the summary line, 序号 / 检查项 / 发现日期 / 责任人
/// / 整改时限 / 状态 with the header on every page (the days as dates), and how the on-time rate
/// is counted.
pub(super) fn write_list(
    ws: &mut Worksheet,
    name: &str,
    sheet: &MonthlySheet,
    f: &SheetFormats,
) -> Result<(), XlsxError> {
    let month = &sheet.rectifications;
    let last = (LIST_WIDTHS.len() - 1) as u16;
    let w_all: f64 = LIST_WIDTHS.iter().sum();
    ws.set_name(name)?;
    for (col, width) in LIST_WIDTHS.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
    }
    let title = format!(
        "{} {}年{}月 整改情况表",
        sheet.hall.name,
        sheet.period.from.year(),
        sheet.period.from.month()
    );
    let title = fit_cell(&neutralise(&title)).into_owned();
    ws.set_row_height(0, 30)?;
    ws.merge_range(0, 0, 0, last, &title, &f.title)?;
    let [hall, _] = monthly::info_lines(sheet);
    let info = fit_cell(&neutralise(&format!("{hall}\n{}", month.summary_zh()))).into_owned();
    ws.merge_range(1, 0, 1, last, &info, &f.info)?;
    fit_row(ws, 1, &[(&info, w_all)])?;
    let heads = ["序号", "检查项", "发现日期", "责任人", "整改时限", "状态"];
    for (col, head) in heads.iter().enumerate() {
        ws.write_string_with_format(2, col as u16, *head, &f.header)?;
    }
    let mut row = 2u32;
    for line in &month.lines {
        row += 1;
        let item = fit_cell(&neutralise(&line.item_zh())).into_owned();
        let owner = fit_cell(&neutralise(line.row.owner_shown())).into_owned();
        ws.write_string_with_format(row, 0, line.no.to_string(), &f.cell_center)?;
        ws.write_string_with_format(row, 1, &item, &f.cell_wrap)?;
        ws.write_datetime_with_format(row, 2, line.row.inspected_on, &f.day)?;
        ws.write_string_with_format(row, 3, &owner, &f.cell_wrap)?;
        ws.write_datetime_with_format(row, 4, line.row.due_on, &f.day)?;
        ws.write_string_with_format(row, 5, &line.state_zh, &f.cell_wrap)?;
        fit_row(
            ws,
            row,
            &[
                (&item, LIST_WIDTHS[1]),
                (&owner, LIST_WIDTHS[3]),
                (&line.state_zh, LIST_WIDTHS[5]),
            ],
        )?;
    }
    row += 1;
    ws.merge_range(row, 0, row, last, RATE_RULE_ZH, &f.note)?;
    ws.set_row_height(row, row_height(&[(RATE_RULE_ZH, w_all)], 9.0))?;
    ws.set_paper_size(9);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_repeat_rows(2, 2)?;
    let footer: String = title.chars().take(FOOTER_TITLE_CHARS).collect();
    ws.set_footer(format!("&L{}&R第 &P 页", footer.replace('&', "&&")));
    ws.set_print_first_page_number(1);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_takes_the_lines_it_wraps_to() {
        // 45 units of room: 21 hanzi fit a line (44.1), the 22nd starts the next.
        assert_eq!(wrapped_lines(&"窗".repeat(21), 46.0, 11.0), 1);
        assert_eq!(wrapped_lines(&"窗".repeat(22), 46.0, 11.0), 2);
        assert_eq!(wrapped_lines(&"窗".repeat(64), 46.0, 11.0), 4);
        // Digits and Latin letters are half as wide.
        assert_eq!(wrapped_lines(&"1".repeat(42), 46.0, 11.0), 1);
        // Every line break starts a line, an empty text still takes one.
        assert_eq!(wrapped_lines("甲\n乙\n", 46.0, 11.0), 3);
        assert_eq!(wrapped_lines("", 5.0, 11.0), 1);
        // Smaller text fits more on a line.
        assert_eq!(wrapped_lines(&"窗".repeat(22), 46.0, 9.0), 1);
    }

    #[test]
    fn a_row_is_as_high_as_its_longest_cell() {
        let one = row_height(&[("短", 26.0)], 11.0);
        assert_eq!(one, LINE_POINTS + 4.0);
        let reasons = "迟到、早退 3人次，扣6分：".repeat(6);
        let three = row_height(&[("不迟到、不早退", 26.0), (&reasons, 46.0)], 11.0);
        assert_eq!(three, 4.0 * LINE_POINTS + 4.0);
    }
}
