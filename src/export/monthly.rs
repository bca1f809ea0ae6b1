//! The monthly 考核 sheets an export prints. There is one sheet computation,
//! [`crate::report::monthly`], the one the Monthly screen and `report monthly` show: for each
//! hall and month among the exported submitted inspections, the sheet covers that hall's
//! submitted inspections in the month — within the selection's from and to days, when it has
//! them.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};

use crate::domain::{Money, Points, Status};
use crate::export::{ExportError, Record};
use crate::report::{MonthlySheet, Period, ReportError, monthly};
use crate::store::{Store, StoreError};

/// Collects, while an export streams its inspections, which monthly sheets it prints.
#[derive(Default)]
pub(crate) struct MonthlyBuilder {
    /// (hall name, hall id, year, month), in the order the sheets are printed.
    months: BTreeSet<(String, i64, i32, u32)>,
}

impl MonthlyBuilder {
    /// Notes one exported inspection; drafts are left out.
    pub(crate) fn add(&mut self, record: &Record) {
        let header = &record.detail.header;
        if header.status != Status::Submitted {
            return;
        }
        self.months.insert((
            header.hall_name.clone(),
            header.hall_id,
            header.date.year(),
            header.date.month(),
        ));
    }

    /// The sheets, by hall name then month; `days` are the selection's first and last day,
    /// and the rectifications are judged on `today`.
    pub(crate) fn finish(
        self,
        store: &Store,
        days: (Option<NaiveDate>, Option<NaiveDate>),
        today: NaiveDate,
    ) -> Result<Vec<MonthlySheet>, ExportError> {
        self.months
            .into_iter()
            .map(|(_, hall_id, year, month)| {
                let whole = Period::month(year, month).map_err(report_error)?;
                let from = days.0.map_or(whole.from, |d| d.max(whole.from));
                let to = days.1.map_or(whole.to, |d| d.min(whole.to));
                let period = Period::new(from, to).map_err(report_error)?;
                monthly::sheet_for(store, hall_id, period, today).map_err(report_error)
            })
            .collect()
    }
}

fn report_error(e: ReportError) -> ExportError {
    match e {
        ReportError::Store(e) => ExportError::Store(e),
        ReportError::Invalid(message) => ExportError::Store(StoreError::Invalid(message)),
    }
}

/// The sheet's title, e.g. `城东供电营业厅 2026年11月 营业窗口考核表`.
pub(crate) fn title(sheet: &MonthlySheet) -> String {
    format!(
        "{} {}年{}月 营业窗口考核表",
        sheet.hall.name,
        sheet.period.from.year(),
        sheet.period.from.month()
    )
}

/// The sheet's columns.
pub(crate) const COLUMNS: [&str; 6] = ["序号", "考核内容", "分值", "扣分", "得分", "扣分原因"];

/// The column of the amounts, after 得分, on the sheet of a hall with a money rule.
pub(crate) const AMOUNT_COLUMN: &str = "金额（元）";

/// The column of the bonus, after 扣分, on the sheet of a month with a bonus.
pub(crate) const BONUS_COLUMN: &str = "加分";

/// The sheet's columns: with 加分 after 扣分 in a month with a bonus, and 金额（元） before
/// 扣分原因 where the hall has a money rule.
pub(crate) fn columns(sheet: &MonthlySheet) -> Vec<&'static str> {
    let mut columns = COLUMNS.to_vec();
    if sheet.has_bonus() {
        columns.insert(4, BONUS_COLUMN);
    }
    if sheet.money.is_some() {
        columns.insert(columns.len() - 1, AMOUNT_COLUMN);
    }
    columns
}

/// The figures of a line in the sheet's column order from 分值 on: 分值, 扣分, 加分 (in a
/// month with a bonus), 得分.
pub(crate) fn figures(
    sheet: &MonthlySheet,
    points: Option<Points>,
    deducted: Option<Points>,
    bonus: Option<Points>,
    score: Option<Points>,
) -> Vec<Option<Points>> {
    if sheet.has_bonus() {
        vec![points, deducted, bonus, score]
    } else {
        vec![points, deducted, score]
    }
}

/// An amount as printed: blank when there is none.
pub(crate) fn amount(value: Option<Money>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The month's score with its rating, `85.5（良好）`, or `—` without inspections.
pub(crate) fn score_text(sheet: &MonthlySheet) -> String {
    match (sheet.score, sheet.rating) {
        (Some(score), Some(rating)) => format!("{score}（{}）", rating.name_zh()),
        (Some(score), None) => score.to_string(),
        _ => "—".to_string(),
    }
}

/// The two lines under the title: the hall and the month (or the days, when not the whole
/// month); the number of inspections, the month's score and the vetoes (and the total
/// amount, where the hall has a money rule).
pub(crate) fn info_lines(sheet: &MonthlySheet) -> [String; 2] {
    let days = if sheet.period.is_calendar_month() {
        format!(
            "考核月份：{}年{}月",
            sheet.period.from.year(),
            sheet.period.from.month()
        )
    } else {
        format!(
            "考核期间：{} 至 {}",
            sheet.period.from_text(),
            sheet.period.to_text()
        )
    };
    let mut figures = format!(
        "检查次数：{}    月度得分：{}    一票否决：{}次",
        sheet.inspections,
        score_text(sheet),
        sheet.veto_count
    );
    if let Some(total) = sheet.total_amount() {
        figures.push_str(&format!("    金额合计：{total}元"));
    }
    [
        format!(
            "营业厅：{}（{}）    {days}",
            sheet.hall.name,
            hall_code(sheet)
        ),
        figures,
    ]
}

/// A figure of the sheet as printed: blank when the row has none.
pub(crate) fn figure(value: Option<Points>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The hall's code, or its number when it has none.
pub(crate) fn hall_code(sheet: &MonthlySheet) -> String {
    sheet
        .hall
        .code
        .clone()
        .unwrap_or_else(|| sheet.hall.id.to_string())
}
