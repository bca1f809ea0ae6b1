//! CSV export: UTF-8 with BOM (so Excel on Chinese Windows reads it right), CRLF line ends.
//! The target holds one row per checklist item of each inspection with the inspection's columns
//! repeated; `NAME-summary.csv` beside it holds one row per inspection, and
//! `NAME-rectifications.csv` one row per rectification of those inspections (the 整改台账's
//! columns). The three files are put in place together or not at all.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::domain::{Area, Outcome};
use crate::export::rectifications::{LEDGER_COLUMNS, ledger, ledger_row};
use crate::export::{
    ExportError, Job, PendingFile, Record, commit_all, local_time_text, neutralise,
    rectifications_csv_path, summary_csv_path,
};
use crate::store::joined_names;

/// Columns of the details file. 每次扣分 is the points per occurrence picked for an item with a
/// ranged deduction (酌情扣分; for a ranged bonus item the points added per occurrence), blank
/// for every other answer.
pub(crate) const DETAIL_COLUMNS: [&str; 25] = [
    "检查编号",
    "营业厅编码",
    "营业厅",
    "日期",
    "班次",
    "检查类型",
    "检查人",
    "状态",
    "总分",
    "评级",
    "一票否决",
    "区域",
    "检查表",
    "检查表版本",
    "项目编号",
    "序号",
    "检查内容",
    "结果",
    "次数",
    "每次扣分",
    "扣分",
    "相关人员",
    "扣分原因/备注",
    "照片数",
    "否决项",
];

/// Columns of the summary file (then one column per area: its points earned).
pub(crate) const SUMMARY_COLUMNS: [&str; 16] = [
    "检查编号",
    "营业厅编码",
    "营业厅",
    "日期",
    "班次",
    "检查类型",
    "检查人",
    "状态",
    "开始时间",
    "提交时间",
    "总分",
    "评级",
    "一票否决",
    "不合格项数",
    "扣分合计",
    "备注",
];

type CsvWriter = csv::Writer<BufWriter<std::fs::File>>;

fn open(pending: &PendingFile, target: &Path) -> Result<CsvWriter, ExportError> {
    let mut file = BufWriter::new(pending.create()?);
    file.write_all(b"\xEF\xBB\xBF")
        .map_err(|e| ExportError::io(target, e))?;
    Ok(csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(file))
}

fn csv_err(target: &Path, e: csv::Error) -> ExportError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => ExportError::io(target, io),
        other => ExportError::io(target, std::io::Error::other(format!("{other:?}"))),
    }
}

fn yes_no(flag: bool) -> &'static str {
    if flag { "是" } else { "否" }
}

/// Calls `each` with the details row ([`DETAIL_COLUMNS`]) of every item of every checklist of
/// one inspection, in walking order. The row borrows from the record and from buffers reused
/// from row to row: nothing is allocated per row.
pub(crate) fn for_each_detail_row<E>(
    record: &Record,
    mut each: impl FnMut(&[&str; 25]) -> Result<(), E>,
) -> Result<(), E> {
    let h = &record.detail.header;
    let hall_code = neutralise(&record.hall_code);
    let hall_name = neutralise(&h.hall_name);
    let date = h.date.format("%Y-%m-%d").to_string();
    let inspector = neutralise(&h.inspector);
    let total = record.total().to_string();
    let veto = yes_no(record.score.veto);
    let [
        mut version,
        mut seq,
        mut count,
        mut rate,
        mut deduction,
        mut photos,
    ] = std::array::from_fn::<String, 6, _>(|_| String::new());
    for (row, template) in &record.detail.templates {
        let template_id = neutralise(&template.id);
        set_number(&mut version, template.version);
        for (n, item) in template.items.iter().enumerate() {
            let result = record.detail.result(*row, &item.id);
            set_number(&mut seq, n + 1);
            count.clear();
            rate.clear();
            deduction.clear();
            if let Some(r) = result {
                // The count of what scored: a fail's places or person-times, a bonus earned.
                if r.outcome == item.scored_outcome() {
                    set_number(&mut count, r.count);
                    // Stored for a ranged item's scored answer only.
                    if let Some(picked) = r.rate {
                        set_number(&mut rate, picked);
                    }
                }
                set_number(&mut deduction, r.deduction);
            }
            let photo_count = record
                .detail
                .attachments
                .iter()
                .filter(|a| a.template_row == *row && a.item_id == item.id)
                .count();
            set_number(&mut photos, photo_count);
            let staff = result.map(|r| joined_names(&r.staff)).unwrap_or_default();
            let fields = [
                h.uuid.as_str(),
                &hall_code,
                &hall_name,
                &date,
                h.shift.name_zh(),
                h.kind.name_zh(),
                &inspector,
                h.status.name_zh(),
                &total,
                record.rating_zh(),
                veto,
                template.area.name_zh(),
                &template_id,
                &version,
                &neutralise(&item.id),
                &seq,
                &neutralise(&item.text),
                result.map_or("未答", |r| item.outcome_zh(r.outcome)),
                &count,
                &rate,
                &deduction,
                &neutralise(&staff),
                &neutralise(result.map(|r| r.note.as_str()).unwrap_or_default()),
                &photos,
                yes_no(item.veto),
            ];
            each(&fields)?;
        }
    }
    Ok(())
}

/// `buffer` set to the text of `value`.
fn set_number(buffer: &mut String, value: impl std::fmt::Display) {
    use std::fmt::Write as _;
    buffer.clear();
    // Writing to a String cannot fail.
    let _infallible = write!(buffer, "{value}");
}

/// The summary row of one inspection (a column per area of `areas`, in their order).
pub(crate) fn summary_row(record: &Record, areas: &[Area]) -> Vec<String> {
    let h = &record.detail.header;
    let failed = record
        .detail
        .results
        .iter()
        .filter(|r| r.outcome == Outcome::Fail)
        .count();
    let lost: crate::domain::Points = record.score.areas.iter().map(|a| a.lost()).sum();
    let mut row = vec![
        h.uuid.clone(),
        neutralise(&record.hall_code).into_owned(),
        neutralise(&h.hall_name).into_owned(),
        h.date.format("%Y-%m-%d").to_string(),
        h.shift.name_zh().to_string(),
        h.kind.name_zh().to_string(),
        neutralise(&h.inspector).into_owned(),
        h.status.name_zh().to_string(),
        local_time_text(&h.started_at, h.utc_offset_min),
        h.submitted_at
            .as_deref()
            .map(|t| local_time_text(t, h.utc_offset_min))
            .unwrap_or_default(),
        record.total().to_string(),
        record.rating_zh().to_string(),
        yes_no(record.score.veto).to_string(),
        failed.to_string(),
        lost.to_string(),
        neutralise(&record.note).into_owned(),
    ];
    for &area in areas {
        row.push(
            record
                .score
                .areas
                .iter()
                .find(|a| a.area == area)
                .map(|a| a.earned.to_string())
                .unwrap_or_default(),
        );
    }
    row
}

/// The summary header: fixed columns, then one per area of `areas`.
pub(crate) fn summary_header(areas: &[Area]) -> Vec<String> {
    SUMMARY_COLUMNS
        .iter()
        .map(|c| c.to_string())
        .chain(areas.iter().map(|a| format!("{}得分", a.name_zh())))
        .collect()
}

pub(crate) fn write(job: &mut Job, target: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let summary_target = summary_csv_path(target);
    let ledger_target = rectifications_csv_path(target);
    let details_file = PendingFile::new(target);
    let summary_file = PendingFile::new(&summary_target);
    let ledger_file = PendingFile::new(&ledger_target);
    let mut details = open(&details_file, target)?;
    let mut summary = open(&summary_file, &summary_target)?;
    let mut rectifications = open(&ledger_file, &ledger_target)?;
    details
        .write_record(DETAIL_COLUMNS)
        .map_err(|e| csv_err(target, e))?;
    let areas = job.store.areas()?;
    summary
        .write_record(summary_header(&areas))
        .map_err(|e| csv_err(&summary_target, e))?;
    job.for_each_record(|record| {
        for_each_detail_row(record, |row| {
            details.write_record(row).map_err(|e| csv_err(target, e))
        })?;
        summary
            .write_record(summary_row(record, &areas))
            .map_err(|e| csv_err(&summary_target, e))
    })?;
    rectifications
        .write_record(LEDGER_COLUMNS)
        .map_err(|e| csv_err(&ledger_target, e))?;
    for row in ledger(job)? {
        rectifications
            .write_record(ledger_row(&row, job.today))
            .map_err(|e| csv_err(&ledger_target, e))?;
    }
    finish(details, target)?;
    finish(summary, &summary_target)?;
    finish(rectifications, &ledger_target)?;
    // The three files or none.
    commit_all(vec![details_file, summary_file, ledger_file])
}

fn finish(writer: CsvWriter, target: &Path) -> Result<(), ExportError> {
    let file = writer
        .into_inner()
        .map_err(|e| ExportError::io(target, std::io::Error::other(e.to_string())))?;
    let file = file
        .into_inner()
        .map_err(|e| ExportError::io(target, e.into_error()))?;
    file.sync_all().map_err(|e| ExportError::io(target, e))
}
