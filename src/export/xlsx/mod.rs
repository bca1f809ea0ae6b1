//! Excel export with rust_xlsxwriter: 汇总 (one row per inspection) and 明细 (one row per item)
//! stream in constant-memory mode; then 整改台账 (one row per rectification of the exported
//! inspections) and one 考核 sheet per hall and month in the familiar layout, each followed by
//! the sheet listing the month's rectifications (整改-…) when it has any. Dates are Excel
//! dates, scores are numbers, user text is neutralised; the list sheets keep their header
//! in view.
//!
//! Excel's limits never fail an export: a list that fills a sheet's 1,048,576 rows goes on in
//! `明细2`, `明细3`, …; a text longer than a cell's 32,767 characters is cut with a visible
//! "…（已截断）". The streaming writer panics when its temporary file cannot be written (a full
//! disk): that panic is caught here and told as the error it is, and nothing is left behind.

mod monthly_sheet;

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::export::csv::{DETAIL_COLUMNS, for_each_detail_row, summary_header, summary_row};
use crate::export::monthly::MonthlyBuilder;
use crate::export::rectifications::{
    LEDGER_COLUMNS, LEDGER_DATE_COLUMNS, LEDGER_NUMBER_COLUMN, LEDGER_SHEET, ledger, ledger_row,
};
use crate::export::{ExportError, Job, PendingFile};

/// Name of the summary sheet.
pub(crate) const SUMMARY_SHEET: &str = "汇总";
/// Name of the details sheet.
pub(crate) const DETAILS_SHEET: &str = "明细";

/// How a column's text is written as a cell.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    /// Text wrapped in its cell, the row as high as it needs.
    Wrapped,
    Number,
    Date,
    DateTime,
}

const DETAIL_WIDTHS: [f64; 25] = [
    37.0, 10.0, 18.0, 11.0, 7.0, 9.0, 9.0, 7.0, 7.0, 7.0, 8.0, 9.0, 12.0, 6.0, 18.0, 5.0, 40.0,
    7.0, 5.0, 6.0, 6.0, 9.0, 28.0, 6.0, 6.0,
];

fn detail_kind(col: usize) -> Kind {
    match col {
        3 => Kind::Date,
        8 | 13 | 15 | 18 | 19 | 20 | 23 => Kind::Number,
        _ => Kind::Text,
    }
}

fn summary_kind(col: usize) -> Kind {
    match col {
        3 => Kind::Date,
        8 | 9 => Kind::DateTime,
        10 | 13 | 14 => Kind::Number,
        c if c >= 16 => Kind::Number,
        _ => Kind::Text,
    }
}

fn ledger_kind(col: usize) -> Kind {
    if LEDGER_DATE_COLUMNS.contains(&col) {
        Kind::Date
    } else if col == LEDGER_NUMBER_COLUMN {
        Kind::Number
    } else {
        // Wrapped, so a printed ledger shows every text whole (检查项, 扣分原因, 责任人 with
        // names joined, 整改说明 run long).
        Kind::Wrapped
    }
}

/// Widths of the 整改台账's columns: the days as wide as a date, 责任人 as wide as
/// 营业厅负责人, the longer texts wrapped in theirs.
const LEDGER_WIDTHS: [f64; 15] = [
    16.0, 11.0, 10.0, 30.0, 22.0, 6.0, 14.0, 11.0, 21.0, 22.0, 12.0, 9.0, 11.0, 9.0, 6.0,
];

fn ledger_width(col: usize) -> f64 {
    LEDGER_WIDTHS.get(col).copied().unwrap_or(10.0)
}

fn summary_width(col: usize) -> f64 {
    match col {
        0 => 37.0,
        2 => 18.0,
        3 => 11.0,
        8 | 9 => 16.0,
        15 => 24.0,
        c if c >= 16 => 10.0,
        _ => 9.0,
    }
}

struct Formats {
    header: Format,
    date: Format,
    datetime: Format,
    number: Format,
    wrapped: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: header_format(),
            // At the top of their cells, like wrapped text beside them.
            date: Format::new()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Top),
            datetime: Format::new()
                .set_num_format("yyyy-mm-dd hh:mm")
                .set_align(FormatAlign::Top),
            number: Format::new().set_align(FormatAlign::Top),
            wrapped: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

/// A column header: bold on blue, bordered, centred and wrapped.
fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color("#D9E1F2")
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

/// Data rows a list sheet holds below its header (Excel's 1,048,576 rows in all).
const MAX_DATA_ROWS: u32 = 1_048_575;
/// The most UTF-16 units a cell holds.
const MAX_CELL_UNITS: usize = 32_767;
/// What ends a text cut to fit a cell.
const CUT_MARK: &str = "…（已截断）";

fn xlsx_err(path: &Path, e: XlsxError) -> ExportError {
    match e {
        XlsxError::IoError(error) => ExportError::io(path, error),
        e => ExportError::Xlsx {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
    }
}

/// `text`, cut with [`CUT_MARK`] when longer than a cell holds.
fn fit_cell(text: &str) -> Cow<'_, str> {
    // Each char is at most 2 UTF-16 units: short texts need no count.
    if text.len() <= MAX_CELL_UNITS || text.encode_utf16().count() <= MAX_CELL_UNITS {
        return Cow::Borrowed(text);
    }
    let room = MAX_CELL_UNITS - CUT_MARK.encode_utf16().count();
    let mut units = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > room
        })
        .map_or(text.len(), |(at, _)| at);
    Cow::Owned(format!("{}{CUT_MARK}", &text[..end]))
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
            Ok(n) => sheet
                .write_number_with_format(row, col, n, &formats.number)
                .map(|_| ()),
            Err(_) => sheet.write_string(row, col, fit_cell(text)).map(|_| ()),
        },
        Kind::Date => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(d) => sheet
                .write_datetime_with_format(row, col, d, &formats.date)
                .map(|_| ()),
            Err(_) => sheet.write_string(row, col, fit_cell(text)).map(|_| ()),
        },
        Kind::DateTime => match NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M") {
            Ok(t) => sheet
                .write_datetime_with_format(row, col, t, &formats.datetime)
                .map(|_| ()),
            Err(_) => sheet.write_string(row, col, fit_cell(text)).map(|_| ()),
        },
        // Text was neutralised when the row was built.
        Kind::Text => sheet.write_string(row, col, fit_cell(text)).map(|_| ()),
        Kind::Wrapped => sheet
            .write_string_with_format(row, col, fit_cell(text), &formats.wrapped)
            .map(|_| ()),
    }
}

fn setup_list_sheet(
    sheet: &mut Worksheet,
    name: &str,
    header: &[String],
    width: fn(usize) -> f64,
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
    write_sheets(job, target, MAX_DATA_ROWS)
}

/// A list sheet that goes on in a new sheet (`明细2`, …) when `max_rows` data rows are full.
struct ListSheet<'a> {
    name: &'static str,
    header: &'a [String],
    width: fn(usize) -> f64,
    kind: fn(usize) -> Kind,
    /// Index of the sheet being written.
    index: usize,
    /// Its next row.
    row: u32,
    /// Its number (1 for the first).
    part: u32,
}

impl ListSheet<'_> {
    fn add(&mut self, workbook: &mut Workbook, formats: &Formats) -> Result<(), XlsxError> {
        let name = if self.part == 1 {
            self.name.to_owned()
        } else {
            format!("{}{}", self.name, self.part)
        };
        self.index = workbook.worksheets_mut().len();
        setup_list_sheet(
            workbook.add_worksheet_with_constant_memory()?,
            &name,
            self.header,
            self.width,
            formats,
        )?;
        self.row = 1;
        Ok(())
    }

    fn write_row(
        &mut self,
        workbook: &mut Workbook,
        texts: &[impl AsRef<str>],
        formats: &Formats,
        max_rows: u32,
    ) -> Result<(), XlsxError> {
        if self.row > max_rows {
            self.part += 1;
            self.add(workbook, formats)?;
        }
        let sheet = workbook.worksheet_from_index(self.index)?;
        // A row with wrapped text is as high as its longest (a reader does not work it out).
        let wrapped: Vec<(&str, f64)> = texts
            .iter()
            .enumerate()
            .filter(|(col, _)| (self.kind)(*col) == Kind::Wrapped)
            .map(|(col, text)| (text.as_ref(), (self.width)(col)))
            .collect();
        if !wrapped.is_empty() {
            sheet.set_row_height(self.row, monthly_sheet::row_height(&wrapped, 11.0))?;
        }
        for (col, text) in texts.iter().enumerate() {
            let kind = (self.kind)(col);
            write_cell(sheet, self.row, col as u16, text.as_ref(), kind, formats)?;
        }
        self.row += 1;
        Ok(())
    }
}

fn detail_width(col: usize) -> f64 {
    DETAIL_WIDTHS.get(col).copied().unwrap_or(10.0)
}

/// Writes the workbook with at most `max_rows` data rows per list sheet. The streaming
/// writer's panic on a file it cannot write is caught and told as an error.
fn write_sheets(job: &mut Job, target: &Path, max_rows: u32) -> Result<Vec<PathBuf>, ExportError> {
    let pending = PendingFile::new(target);
    let written = quiet_panics(|| fill_and_save(job, target, pending.temp(), max_rows))
        .unwrap_or_else(|message| Err(panic_error(target, &message)));
    written?;
    Ok(vec![pending.commit()?])
}

fn fill_and_save(
    job: &mut Job,
    target: &Path,
    temp: &Path,
    max_rows: u32,
) -> Result<(), ExportError> {
    let err = |e: XlsxError| xlsx_err(target, e);
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    if let Some(dir) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        // Keep the streaming temp files beside the target (same disk, same permissions).
        workbook.set_tempdir(dir).map_err(err)?;
    }
    let areas = job.store.areas()?;
    let summary_header = summary_header(&areas);
    let detail_header: Vec<String> = DETAIL_COLUMNS.iter().map(|c| c.to_string()).collect();
    let mut summary = ListSheet {
        name: SUMMARY_SHEET,
        header: &summary_header,
        width: summary_width,
        kind: summary_kind,
        index: 0,
        row: 1,
        part: 1,
    };
    let mut details = ListSheet {
        name: DETAILS_SHEET,
        header: &detail_header,
        width: detail_width,
        kind: detail_kind,
        index: 0,
        row: 1,
        part: 1,
    };
    summary.add(&mut workbook, &formats).map_err(err)?;
    details.add(&mut workbook, &formats).map_err(err)?;
    let mut monthly = MonthlyBuilder::default();
    job.for_each_record(|record| {
        monthly.add(record);
        summary
            .write_row(
                &mut workbook,
                &summary_row(record, &areas),
                &formats,
                max_rows,
            )
            .map_err(err)?;
        for_each_detail_row(record, |row| {
            details
                .write_row(&mut workbook, row, &formats, max_rows)
                .map_err(err)
        })
    })?;
    let ledger_header: Vec<String> = LEDGER_COLUMNS.iter().map(|c| c.to_string()).collect();
    let mut rectifications = ListSheet {
        name: LEDGER_SHEET,
        header: &ledger_header,
        width: ledger_width,
        kind: ledger_kind,
        index: 0,
        row: 1,
        part: 1,
    };
    rectifications.add(&mut workbook, &formats).map_err(err)?;
    for row in ledger(job)? {
        rectifications
            .write_row(
                &mut workbook,
                &ledger_row(&row, job.today),
                &formats,
                max_rows,
            )
            .map_err(err)?;
    }
    let mut names = HashSet::new();
    let sheet_formats = monthly_sheet::SheetFormats::new();
    for sheet in monthly.finish(job.store, job.days, job.today)? {
        job.check_cancel()?;
        let name = monthly_sheet::unique_name(&sheet, &mut names);
        let list = (!sheet.rectifications.lines.is_empty())
            .then(|| monthly_sheet::list_name(&sheet, &mut names));
        let worksheet = workbook.add_worksheet();
        monthly_sheet::write(worksheet, (&name, list.as_deref()), &sheet, &sheet_formats)
            .map_err(err)?;
        if let Some(list) = &list {
            let worksheet = workbook.add_worksheet();
            monthly_sheet::write_list(worksheet, list, &sheet, &sheet_formats).map_err(err)?;
        }
    }
    job.check_cancel()?;
    workbook.save(temp).map_err(err)
}

/// What a caught panic of the spreadsheet writer means. Its message ends with the I/O error's
/// debug text (`Os { code: 28, kind: StorageFull, .. }`): the OS code gives the error back.
fn panic_error(target: &Path, message: &str) -> ExportError {
    let code = message
        .split("code: ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|digits| digits.parse::<i32>().ok());
    match code {
        Some(code) => ExportError::io(target, std::io::Error::from_raw_os_error(code)),
        None => ExportError::Xlsx {
            path: target.to_path_buf(),
            detail: format!("the spreadsheet writer stopped ({message})"),
        },
    }
}

thread_local! {
    /// Set while this thread runs a call whose panics are caught and told as errors.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic into `Err(its message)`; the panic hook stays silent for it (the
/// error is told once, by the caller), and speaks as before for every other panic.
fn quiet_panics<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    // The workbook and the job's state touched by `f` are dropped or abandoned after a panic.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "unknown failure".to_owned())
    })
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use calamine::Reader;

    use super::*;
    use crate::store::{DemoOptions, ExportCache, InspectionFilter, Store};

    #[test]
    fn a_full_list_sheet_goes_on_in_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("hallcheck.db")).unwrap();
        let (loaded, _) = crate::checklist::builtin();
        let templates: Vec<_> = loaded.into_iter().map(|l| l.template).collect();
        let today = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
        let options = DemoOptions {
            halls: 1,
            days: 3,
            seed: 5,
            today,
            batch: 10,
        };
        crate::store::generate_demo_data(&mut store, &templates, &options, |_| {}).unwrap();
        let ids = store
            .exchange_inspection_ids(&InspectionFilter::default())
            .unwrap();
        let cancel = AtomicBool::new(false);
        let mut job = Job {
            store: &store,
            ids: &ids,
            days: (None, None),
            today,
            progress: &mut |_| {},
            cancel: &cancel,
            done: 0,
            cache: ExportCache::default(),
        };
        let target = dir.path().join("x.xlsx");
        // 3 inspections of every item in sheets of 70 rows: 70, 70, then the rest.
        let items: usize = templates.iter().map(|t| t.items.len()).sum();
        assert!(3 * items > 140 && 3 * items <= 210, "{items} items");
        write_sheets(&mut job, &target, 70).unwrap();
        let mut book = calamine::open_workbook_auto(&target).unwrap();
        let names = book.sheet_names();
        assert_eq!(names[..4], ["汇总", "明细", "明细2", "明细3"]);
        let rows = |book: &mut calamine::Sheets<_>, name: &str| {
            book.worksheet_range(name).unwrap().rows().count() - 1
        };
        assert_eq!(rows(&mut book, "汇总"), 3);
        assert_eq!(
            ["明细", "明细2", "明细3"].map(|n| rows(&mut book, n)),
            [70, 70, 3 * items - 140]
        );
    }

    #[test]
    fn a_text_longer_than_a_cell_is_cut_with_a_mark() {
        let long = "窗".repeat(40_000);
        let cut = fit_cell(&long);
        assert!(cut.ends_with(CUT_MARK));
        assert_eq!(cut.encode_utf16().count(), MAX_CELL_UNITS);
        // A character outside the BMP counts twice and is never split.
        let wide = "😀".repeat(20_000);
        assert!(fit_cell(&wide).encode_utf16().count() <= MAX_CELL_UNITS);
        assert_eq!(fit_cell("短"), "短");
    }
}
