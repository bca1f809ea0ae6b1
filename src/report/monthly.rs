//! The monthly score sheet (月度考核表) of one hall: 序号 / 考核内容 / 分值 / 得分 / 扣分原因
//! over the month's submitted inspections, and the person-time deductions per staff member.
//!
//! Rules (the sheet must add up):
//! - An area row's 分值 is the area's cap; its 得分 is the month's mean, N/A-aware:
//!   cap × Σ earned ÷ Σ effective cap, to a hundredth; its 扣分 is the points lost after the
//!   area cap, summed over the month. The total 得分 is the sum of the area rows.
//! - An item row (only items that failed in the month) has the item's deduction per
//!   occurrence as 分值, no 得分, and its deductions before the area cap summed as 扣分.
//! - A staff member is booked one person-time, and the answer's deduction per person-time,
//!   for each failed answer that names them; person-times of an answer beyond the people it
//!   names are booked to nobody.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::Datelike;

use crate::domain::{Area, Points, Unit};
use crate::report::{Period, Result, Snapshots};
use crate::store::{Hall, Store, StoreError, joined_names};

/// What a sheet row is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MonthlyRowKind {
    /// An area subtotal.
    Area(Area),
    /// A checklist item.
    Item {
        /// Template id.
        template_id: String,
        /// Item id.
        item_id: String,
    },
}

/// One line of the sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlyRow {
    /// 序号: `3` for an area, `3.2` for its second item.
    pub no: String,
    /// Area or item.
    pub kind: MonthlyRowKind,
    /// 考核内容: the area's name or the item's text (Chinese).
    pub content: String,
    /// 分值: the area's cap, or the item's deduction per occurrence.
    pub points: Points,
    /// 得分: the area's mean over the month (areas only).
    pub score: Option<Points>,
    /// 扣分: points lost, summed over the month.
    pub deducted: Points,
    /// Occurrences (places, person-times) found, summed.
    pub occurrences: i64,
    /// 扣分原因.
    pub reasons: String,
}

/// Person-time deductions of one staff member.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffDeduction {
    /// Staff row id.
    pub staff_id: i64,
    /// Name.
    pub name: String,
    /// Person-times, summed.
    pub person_times: i64,
    /// Points deducted, summed.
    pub points: Points,
    /// What for: item texts with counts.
    pub items: String,
}

/// The monthly sheet of one hall.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlySheet {
    /// The hall.
    pub hall: Hall,
    /// The month.
    pub period: Period,
    /// Submitted inspections in the month.
    pub inspections: i64,
    /// Mean inspection score, to a hundredth.
    pub mean_score: Option<Points>,
    /// Inspections with a failed veto item.
    pub veto_count: i64,
    /// Area rows, each followed by its failed items.
    pub rows: Vec<MonthlyRow>,
    /// Staff with person-time deductions, most points first.
    pub staff: Vec<StaffDeduction>,
}

impl MonthlySheet {
    /// The area rows only.
    pub fn area_rows(&self) -> impl Iterator<Item = &MonthlyRow> {
        self.rows
            .iter()
            .filter(|r| matches!(r.kind, MonthlyRowKind::Area(_)))
    }

    /// Σ 分值 of the areas.
    pub fn total_points(&self) -> Points {
        self.area_rows().map(|r| r.points).sum()
    }

    /// Σ 得分 of the areas.
    pub fn total_score(&self) -> Points {
        self.area_rows().filter_map(|r| r.score).sum()
    }

    /// Σ 扣分 of the areas.
    pub fn total_deducted(&self) -> Points {
        self.area_rows().map(|r| r.deducted).sum()
    }
}

/// One failed item's month, in sheet order by (area, template id, position, item id).
struct ItemAcc {
    area: Area,
    position: usize,
    template_id: String,
    item_id: String,
    text: String,
    unit: Unit,
    per_occurrence: Points,
    deducted: Points,
    occurrences: i64,
    reasons: String,
}

struct StaffAcc {
    name: String,
    person_times: i64,
    points: Points,
    items: BTreeMap<(Area, String, usize), (String, i64)>,
}

/// The monthly sheet of a hall for the month `year`-`month`.
pub fn monthly_sheet(store: &Store, hall_id: i64, year: i32, month: u32) -> Result<MonthlySheet> {
    let period = Period::month(year, month)?;
    sheet_for(store, hall_id, period)
}

/// The same sheet over any span of days.
pub fn sheet_for(store: &Store, hall_id: i64, period: Period) -> Result<MonthlySheet> {
    let Some((hall, totals)) = store.hall_with_totals(hall_id, period.from, period.to)? else {
        return Err(StoreError::NotFound(format!("no hall with id {hall_id}")).into());
    };
    let inspections = totals.done;
    let mean_score = (inspections > 0).then(|| totals.score_sum.scaled(1, inspections));

    // Area subtotals.
    let mut areas: BTreeMap<Area, (Points, Option<Points>, Points)> = BTreeMap::new();
    for a in store.area_totals(hall_id, period.from, period.to)? {
        let (effective, earned) = (a.effective_cap.hundredths(), a.earned.hundredths());
        let score = (effective > 0).then(|| a.cap.scaled(earned, effective));
        // An area that was N/A all month scores full marks, as an inspection does.
        areas.insert(a.area, (a.cap, score.or(Some(a.cap)), a.lost));
    }

    // Failed answers: item rows and staff.
    let mut snapshots = Snapshots::default();
    let mut items: Vec<ItemAcc> = Vec::new();
    let mut staff: BTreeMap<i64, StaffAcc> = BTreeMap::new();
    // (template row, index in `items`) of each item met so far.
    let mut seen: Vec<(i64, usize)> = Vec::new();
    {
        for answer in store.failed_answers(hall_id, period.from, period.to)? {
            let (date, row, count, deduction) = (
                answer.date,
                answer.template_row,
                answer.count,
                answer.deduction,
            );
            let item_id = answer.item_id.as_str();
            let note = answer.note.as_str();
            // The item's place and texts are worked out once per (template row, item).
            let known = seen
                .iter()
                .find(|(known_row, n)| *known_row == row && items[*n].item_id == item_id)
                .map(|(_, n)| *n);
            let slot = match known {
                Some(n) => n,
                None => {
                    let template = snapshots.get(store, row)?;
                    let position = template
                        .items
                        .iter()
                        .position(|i| i.id == item_id)
                        .unwrap_or(template.items.len());
                    let item = template.item(item_id);
                    items.push(ItemAcc {
                        area: template.area,
                        position,
                        template_id: template.id.clone(),
                        item_id: item_id.to_owned(),
                        text: item.map_or_else(|| item_id.to_owned(), |i| i.text.clone()),
                        unit: item.map_or(Unit::PerOccurrence, |i| i.unit),
                        per_occurrence: item.map_or(Points::ZERO, |i| i.deduction),
                        deducted: Points::ZERO,
                        occurrences: 0,
                        reasons: String::new(),
                    });
                    seen.push((row, items.len() - 1));
                    items.len() - 1
                }
            };
            let acc = &mut items[slot];
            acc.deducted += deduction;
            acc.occurrences += count;
            // 扣分原因: "10月2日 张三 迟到2人次", one per failed answer, "；" between.
            let reasons = &mut acc.reasons;
            if !reasons.is_empty() {
                reasons.push('；');
            }
            let _ = write!(reasons, "{}月{}日 ", date.month(), date.day());
            if !answer.staff.is_empty() {
                reasons.push_str(&joined_names(&answer.staff));
                reasons.push(' ');
            }
            if note.is_empty() {
                let _ = write!(reasons, "{count}{}", acc.unit.counter_zh());
            } else {
                reasons.push_str(note);
            }
            // Each person named is booked one person-time and its share of the deduction;
            // person-times beyond the names are booked to nobody.
            let share = deduction.scaled(1, count.max(1));
            for person in &answer.staff {
                let s = staff.entry(person.id).or_insert_with(|| StaffAcc {
                    name: person.name.clone(),
                    person_times: 0,
                    points: Points::ZERO,
                    items: BTreeMap::new(),
                });
                s.person_times += 1;
                s.points += share;
                s.items
                    .entry((acc.area, acc.template_id.clone(), acc.position))
                    .or_insert_with(|| (acc.text.clone(), 0))
                    .1 += 1;
            }
        }
    }

    // Assemble: each area, then its failed items in template order. One item met under two
    // versions of its checklist (edited within the month) is one row.
    items.sort_by(|a, b| {
        (a.area, &a.template_id, a.position, &a.item_id).cmp(&(
            b.area,
            &b.template_id,
            b.position,
            &b.item_id,
        ))
    });
    let mut merged: Vec<ItemAcc> = Vec::with_capacity(items.len());
    for acc in items {
        match merged.last_mut() {
            Some(last)
                if (last.area, &last.template_id, last.position, &last.item_id)
                    == (acc.area, &acc.template_id, acc.position, &acc.item_id) =>
            {
                last.deducted += acc.deducted;
                last.occurrences += acc.occurrences;
                if !acc.reasons.is_empty() {
                    if !last.reasons.is_empty() {
                        last.reasons.push('；');
                    }
                    last.reasons.push_str(&acc.reasons);
                }
            }
            _ => merged.push(acc),
        }
    }
    let items = merged;
    let mut all_areas: Vec<Area> = areas
        .keys()
        .copied()
        .chain(items.iter().map(|i| i.area))
        .collect();
    all_areas.sort();
    all_areas.dedup();
    let mut rows = Vec::with_capacity(all_areas.len() + items.len());
    let mut items = items.into_iter().peekable();
    for (n, area) in all_areas.into_iter().enumerate() {
        let area_no = n + 1;
        let (cap, score, lost) =
            areas
                .get(&area)
                .copied()
                .unwrap_or((area.default_cap(), None, Points::ZERO));
        let area_at = rows.len();
        rows.push(MonthlyRow {
            no: area_no.to_string(),
            kind: MonthlyRowKind::Area(area),
            content: area.name_zh().to_owned(),
            points: cap,
            score,
            deducted: lost,
            occurrences: 0,
            reasons: String::new(),
        });
        let (mut reasons, mut occurrences) = (String::new(), 0);
        while let Some(acc) = items.next_if(|i| i.area == area) {
            occurrences += acc.occurrences;
            if !reasons.is_empty() {
                reasons.push('；');
            }
            let _ = write!(
                reasons,
                "{} {}{} 扣{}分",
                acc.text,
                acc.occurrences,
                acc.unit.counter_zh(),
                acc.deducted
            );
            rows.push(MonthlyRow {
                no: format!("{area_no}.{}", acc.position + 1),
                kind: MonthlyRowKind::Item {
                    template_id: acc.template_id,
                    item_id: acc.item_id,
                },
                content: acc.text,
                points: acc.per_occurrence,
                score: None,
                deducted: acc.deducted,
                occurrences: acc.occurrences,
                reasons: acc.reasons,
            });
        }
        rows[area_at].reasons = reasons;
        rows[area_at].occurrences = occurrences;
    }
    let mut staff: Vec<StaffDeduction> = staff
        .into_iter()
        .map(|(staff_id, s)| StaffDeduction {
            staff_id,
            name: s.name,
            person_times: s.person_times,
            points: s.points,
            items: s
                .items
                .into_values()
                .map(|(text, n)| format!("{text} {n}人次"))
                .collect::<Vec<_>>()
                .join("；"),
        })
        .collect();
    staff.sort_by(|a, b| {
        b.points
            .cmp(&a.points)
            .then_with(|| b.person_times.cmp(&a.person_times))
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(MonthlySheet {
        hall,
        period,
        inspections,
        mean_score,
        veto_count: totals.vetoes,
        rows,
        staff,
    })
}
