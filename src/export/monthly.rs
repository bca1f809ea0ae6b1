//! The monthly 考核 sheet per hall, as the Excel and PDF exports print it.
//!
//! Kept in this one module so it can later be swapped for `report::monthly`. The rule:
//! over the month's submitted inspections of a hall, one row per area (score-sheet order):
//! 分值 = the area's cap, 得分 = the average points earned in that area, 扣分原因 = the failed
//! items' texts with how often they were found.

use std::collections::BTreeMap;

use crate::domain::{Area, Outcome, Points};
use crate::export::Record;
use crate::store::Status;

/// One line of the sheet: 序号 / 考核内容 / 分值 / 得分 / 扣分原因.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlyRow {
    /// 序号, from 1.
    pub no: usize,
    /// The area.
    pub area: Area,
    /// 考核内容: the area's name.
    pub content: String,
    /// 分值: the area's cap.
    pub cap: Points,
    /// 得分: the average earned over the month's inspections.
    pub score: Points,
    /// 扣分原因: item texts with occurrence counts, most frequent first.
    pub reasons: String,
}

/// The sheet of one hall and month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlySheet {
    /// Hall name.
    pub hall_name: String,
    /// Hall code (or id).
    pub hall_code: String,
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Submitted inspections counted.
    pub inspections: u32,
    /// The rows.
    pub rows: Vec<MonthlyRow>,
    /// 合计 of 分值.
    pub total_cap: Points,
    /// 合计 of 得分.
    pub total_score: Points,
}

impl MonthlySheet {
    /// The title, e.g. `城东供电营业厅 2026年11月 营业窗口考核表`.
    pub fn title(&self) -> String {
        format!(
            "{} {}年{}月 营业窗口考核表",
            self.hall_name, self.year, self.month
        )
    }
}

#[derive(Default)]
struct AreaAcc {
    cap: Points,
    earned_sum: Points,
    seen: i64,
    reasons: BTreeMap<String, u64>,
}

#[derive(Default)]
struct MonthAcc {
    hall_name: String,
    hall_code: String,
    inspections: u32,
    areas: BTreeMap<Area, AreaAcc>,
}

/// Collects inspections one at a time (exports stream them) into monthly sheets.
#[derive(Default)]
pub(crate) struct MonthlyBuilder {
    months: BTreeMap<(String, i64, i32, u32), MonthAcc>,
}

impl MonthlyBuilder {
    /// Counts one inspection; drafts are left out.
    pub(crate) fn add(&mut self, record: &Record) {
        use chrono::Datelike;
        let header = &record.detail.header;
        if header.status != Status::Submitted {
            return;
        }
        let key = (
            header.hall_name.clone(),
            header.hall_id,
            header.date.year(),
            header.date.month(),
        );
        let month = self.months.entry(key).or_default();
        month.hall_name.clone_from(&header.hall_name);
        month.hall_code.clone_from(&record.hall_code);
        month.inspections += 1;
        for ((row, template), area) in record.detail.templates.iter().zip(&record.score.areas) {
            let acc = month.areas.entry(template.area).or_default();
            acc.cap = acc.cap.max(area.cap);
            acc.earned_sum += area.earned;
            acc.seen += 1;
            for item in &template.items {
                if let Some(result) = record
                    .detail
                    .result(*row, &item.id)
                    .filter(|r| r.outcome == Outcome::Fail)
                {
                    *acc.reasons.entry(item.text.clone()).or_default() +=
                        u64::from(result.count.max(1));
                }
            }
        }
    }

    /// The sheets, by hall name then month.
    pub(crate) fn finish(self) -> Vec<MonthlySheet> {
        self.months
            .into_iter()
            .map(|((_, _, year, month), acc)| {
                let rows: Vec<MonthlyRow> = acc
                    .areas
                    .into_iter()
                    .enumerate()
                    .map(|(n, (area, a))| {
                        let mut reasons: Vec<(String, u64)> = a.reasons.into_iter().collect();
                        reasons.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
                        MonthlyRow {
                            no: n + 1,
                            area,
                            content: area.name_zh().to_string(),
                            cap: a.cap,
                            score: a.earned_sum.scaled(1, a.seen.max(1)),
                            reasons: reasons
                                .iter()
                                .map(|(text, count)| format!("{text}({count}次)"))
                                .collect::<Vec<_>>()
                                .join(";"),
                        }
                    })
                    .collect();
                MonthlySheet {
                    hall_name: acc.hall_name,
                    hall_code: acc.hall_code,
                    year,
                    month,
                    inspections: acc.inspections,
                    total_cap: rows.iter().map(|r| r.cap).sum(),
                    total_score: rows.iter().map(|r| r.score).sum(),
                    rows,
                }
            })
            .collect()
    }
}

/// The monthly sheets of the inspections a filter selects.
pub fn monthly_sheets(
    store: &crate::store::Store,
    filter: &crate::store::InspectionFilter,
) -> Result<Vec<MonthlySheet>, crate::store::StoreError> {
    let bands = store.settings()?.bands;
    let mut builder = MonthlyBuilder::default();
    for id in store.exchange_inspection_ids(filter)? {
        builder.add(&Record::load(store, id, &bands)?);
    }
    Ok(builder.finish())
}
