//! The 整改台账 (rectification ledger) of an export: every rectification of the exported
//! inspections, one row each, the same columns in the Excel sheet and the CSV file. Its state
//! and 逾期 are judged on the export's day, as the reports judge them
//! ([`crate::report::rectifications`]).

use chrono::NaiveDate;

use crate::export::{ExportError, Job, neutralise};
use crate::report::rectifications::{is_late, state_zh};
use crate::store::RectificationRow;

/// Name of the ledger's Excel sheet.
pub(crate) const LEDGER_SHEET: &str = "整改台账";

/// The ledger's columns. 状态 is the state as the reports word it (待整改（逾期3天）, 当场整改,
/// 已验收（逾期完成）…); 逾期 is 是 for one fixed after its deadline or still 待整改 past it.
pub(crate) const LEDGER_COLUMNS: [&str; 15] = [
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

/// The columns that hold a day (`YYYY-MM-DD`, an Excel date).
pub(crate) const LEDGER_DATE_COLUMNS: [usize; 4] = [1, 7, 10, 12];

/// The column that holds a number (扣分).
pub(crate) const LEDGER_NUMBER_COLUMN: usize = 5;

fn yes_no(flag: bool) -> &'static str {
    if flag { "是" } else { "否" }
}

/// The rectifications of the export's inspections, by hall, day found and checklist order.
pub(crate) fn ledger(job: &Job) -> Result<Vec<RectificationRow>, ExportError> {
    job.check_cancel()?;
    Ok(job
        .store
        .rectifications_of_inspections(job.ids, job.today)?)
}

/// One rectification as a ledger row ([`LEDGER_COLUMNS`]), judged on `today`; user text
/// neutralised.
pub(crate) fn ledger_row(row: &RectificationRow, today: NaiveDate) -> [String; 15] {
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let item = if row.veto {
        format!("{}【否决项】", row.item_text)
    } else {
        row.item_text.clone()
    };
    [
        neutralise(&row.hall_name).into_owned(),
        row.inspected_on.to_string(),
        row.kind.name_zh().to_owned(),
        neutralise(&item).into_owned(),
        neutralise(&row.reason).into_owned(),
        row.deduction.to_string(),
        neutralise(row.owner_shown()).into_owned(),
        row.due_on.to_string(),
        state_zh(row, today),
        neutralise(&row.note).into_owned(),
        day(row.closed_on),
        neutralise(&row.accepted_by).into_owned(),
        day(row.accepted_on),
        yes_no(row.is_repeat()).to_owned(),
        yes_no(is_late(row, today)).to_owned(),
    ]
}
