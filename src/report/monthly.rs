//! The monthly score sheet (月度考核表) of one hall: 序号 / 考核内容 / 分值 / 扣分 / 得分 / 扣分原因
//! (and 加分 after 扣分 in a month with a bonus) over the month's submitted inspections, and the
//! person-time deductions per staff member.
//!
//! The month's score (月度得分) — the one rule every figure of the sheet follows:
//! - Every built-in area has a row, in the order of [`Area::BUILTIN`], and so has any other
//!   area a template declares (服务行为 …) once an inspection of the month covered it, after
//!   them. Its 分值 is its cap: the largest an inspection of the month gave it, or its default
//!   cap when none covered it.
//! - An inspected area: 得分 = 分值 × 实得 ÷ 应得 to a hundredth, where 应得 is the sum of its
//!   effective caps (N/A-scaled, as in each inspection) over the month's inspections that
//!   covered it and 实得 the sum of the points it earned there, bonus included.
//! - Its 扣分 comes from deductions only: 扣分 = 分值 − 分值 × (实得 − 所加) ÷ 应得 (the product
//!   to a hundredth), where 所加 is the bonus in 实得, so 扣分 is never below 0; its 加分 is the
//!   rest, 得分 − (分值 − 扣分) (分值 × 所加 ÷ 应得, up to the rounding), so 得分 = 分值 − 扣分 +
//!   加分. Without any bonus 加分 is 0 and 扣分 = 分值 − 得分.
//! - A veto item failed in an area: the area's 得分 is 0 for the month (扣分 = 分值, no 加分),
//!   and the month is rated 不合格.
//! - An area no inspection covered, or N/A in every one: nothing found, nothing deducted
//!   (得分 = 分值), and its 扣分原因 says so.
//! - 合计 is the rows summed (合计得分 = 合计分值 − 合计扣分 + 合计加分); the month's score is
//!   合计得分 when the 分值 add up to 100, else 合计得分 ÷ 合计分值 × 100. A month without a
//!   submitted inspection has no score.
//! - An item row (only items that failed in the month) has no figures: its occurrences and the
//!   points its inspections deducted (before the area cap) are in its 扣分原因, in the words of
//!   the finding (the item's `violation`).
//! - A staff member is booked one person-time, and the answer's deduction per person-time,
//!   for each failed answer that names them; person-times of an answer beyond the people it
//!   names are booked to nobody.
//!
//! After the staff, the month's rectifications (本月整改情况): those the month's inspections
//! opened at the hall, their state on the day the sheet is made, and a summary with the
//! on-time rate, as [`super::rectifications`] defines it.
//!
//! Money (绩效金额), only where the hall has set a [`MoneyRule`]: see [`super::money`]; it is
//! charged for 扣分, which holds no bonus, so a bonus never makes an amount negative.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use crate::domain::{Area, Money, MoneyRule, Points, Rating, Unit};
use crate::report::rectifications::{MonthRectifications, month_rectifications};
use crate::report::{Period, Result, Snapshots, money};
use crate::store::{AreaTotals, Hall, Store, StoreError, joined_names};

/// The rule of the month's score as the sheet's footnote prints it.
pub const RULE_ZH: &str = "说明：月度得分为各区域得分之和。区域得分 = 分值 × 实得 ÷ 应得，\
应得、实得为本月各次检查中该区域的满分（不适用项按模板规则缩减）与得分（含加分）之和；\
扣分只计扣分项：扣分 = 分值 － 分值 × （实得 － 所加）÷ 应得，所加为实得中的加分；\
加分 = 得分 － 分值 ＋ 扣分（约为分值 × 所加 ÷ 应得）；得分 = 分值 － 扣分 ＋ 加分。\
区域内有一票否决项不符合的，该区域当月得0分，月度评级为不合格。本月未检查或全部不适用的区域不扣分。\
服务行为等其他区域在本月有检查时列出。\
检查项的“扣X分”为各次检查所扣分数之和（区域封顶前）。";

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

/// One line of the sheet. The figures are an area row's; an item row has none.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlyRow {
    /// 序号: `3` for an area, `3.2` for its second item.
    pub no: String,
    /// Area or item.
    pub kind: MonthlyRowKind,
    /// 考核内容: the area's name or the item's text (Chinese).
    pub content: String,
    /// 分值: the area's cap.
    pub points: Option<Points>,
    /// 扣分: what the deductions took, never below 0 (see the module's rule).
    pub deducted: Option<Points>,
    /// 加分: the bonus, 得分 − (分值 − 扣分).
    pub bonus: Option<Points>,
    /// 得分: the area's score for the month (none in a month without inspections).
    pub score: Option<Points>,
    /// Occurrences (places, person-times) found, summed.
    pub occurrences: i64,
    /// Points the inspections deducted, summed over the month: an item's before the area
    /// cap, an area's after it (所扣: 应得 − 实得 + 所加, a bonus apart).
    pub lost: Points,
    /// 扣分原因.
    pub reasons: String,
    /// 金额（元）, where the hall has a money rule: an area's cost, and a fixed-amount item's
    /// (its amount × occurrences, part of its area's); none on other item rows.
    pub amount: Option<Money>,
}

/// One area over the month: what its row's figures are worked out from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AreaMonth {
    /// The area.
    pub area: Area,
    /// 分值: the largest cap an inspection of the month gave it, else its default cap.
    pub points: Points,
    /// Submitted inspections that covered it.
    pub inspections: i64,
    /// 应得: its effective (N/A-scaled) caps, summed.
    pub possible: Points,
    /// 实得: the points it earned, summed, bonus included.
    pub earned: Points,
    /// 所加: the bonus in 实得, summed.
    pub bonus_earned: Points,
    /// Inspections in which one of its veto items failed.
    pub vetoes: i64,
    /// 得分 (none in a month without inspections).
    pub score: Option<Points>,
    /// 扣分 (none in a month without inspections), see [`AreaMonth::deducted`].
    deducted: Option<Points>,
    /// 加分 (none in a month without inspections), see [`AreaMonth::bonus`].
    bonus: Option<Points>,
}

impl AreaMonth {
    /// The area's month under the rule above, from its totals (`None`: no inspection
    /// covered it); `any_inspection` tells whether the month has any.
    fn new(area: Area, totals: Option<&AreaTotals>, any_inspection: bool) -> AreaMonth {
        let Some(t) = totals else {
            return AreaMonth {
                area,
                points: area.default_cap(),
                inspections: 0,
                possible: Points::ZERO,
                earned: Points::ZERO,
                bonus_earned: Points::ZERO,
                vetoes: 0,
                score: any_inspection.then_some(area.default_cap()),
                deducted: any_inspection.then_some(Points::ZERO),
                bonus: any_inspection.then_some(Points::ZERO),
            };
        };
        // The score, and what it would be without the bonus: 扣分 is the cap less the latter.
        let (score, base) = if t.vetoes > 0 {
            (Points::ZERO, Points::ZERO)
        } else if t.effective_cap > Points::ZERO {
            let possible = t.effective_cap.hundredths();
            (
                t.cap.scaled(t.earned.hundredths(), possible),
                t.cap.scaled((t.earned - t.bonus).hundredths(), possible),
            )
        } else {
            (t.cap, t.cap)
        };
        AreaMonth {
            area,
            points: t.cap,
            inspections: t.inspections,
            possible: t.effective_cap,
            earned: t.earned,
            bonus_earned: t.bonus,
            vetoes: t.vetoes,
            score: Some(score),
            deducted: Some(t.cap - base),
            // The rest, so that 得分 = 分值 − 扣分 + 加分 to the hundredth.
            bonus: Some(score - base),
        }
    }

    /// 扣分: what the deductions took, never below 0 (a bonus apart).
    pub fn deducted(&self) -> Option<Points> {
        self.deducted
    }

    /// 加分: the bonus, 得分 − (分值 − 扣分).
    pub fn bonus(&self) -> Option<Points> {
        self.bonus
    }

    /// 所扣: what the month's deductions took from the area after each inspection's cap,
    /// summed (应得 − 实得 + 所加).
    pub fn lost(&self) -> Points {
        self.possible - (self.earned - self.bonus_earned)
    }

    /// The area row's 扣分原因: how its 得分 came about.
    fn basis(&self) -> String {
        let mut text = String::new();
        if self.vetoes > 0 {
            let _ = write!(text, "一票否决{}次，本项得0分；", self.vetoes);
        }
        if self.score.is_none() {
            text.push_str("本月未检查");
        } else if self.inspections == 0 {
            text.push_str("本月未检查，不扣分");
        } else if self.possible == Points::ZERO {
            let _ = write!(text, "检查{}次，均不适用，不扣分", self.inspections);
        } else {
            let _ = write!(
                text,
                "检查{}次，应得{}分，实得{}分",
                self.inspections, self.possible, self.earned
            );
            if self.bonus_earned > Points::ZERO {
                let _ = write!(text, "（含加分{}分）", self.bonus_earned);
            }
        }
        text
    }
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
    /// What for: the findings with counts.
    pub items: String,
    /// 金额（元）, where the hall has a money rule: the points booked to them × 每分金额, and
    /// their person-times of fixed-amount items × the fixed amount.
    pub amount: Option<Money>,
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
    /// The month's score (月度得分), see the module's rule; none without inspections.
    pub score: Option<Points>,
    /// Its rating under the bands in use; 不合格 after any veto.
    pub rating: Option<Rating>,
    /// Inspections with a failed veto item.
    pub veto_count: i64,
    /// Every area, in order: the basis of the area rows.
    pub areas: Vec<AreaMonth>,
    /// Area rows, each followed by its failed items.
    pub rows: Vec<MonthlyRow>,
    /// Staff with person-time deductions, most points first.
    pub staff: Vec<StaffDeduction>,
    /// The hall's money rule the amounts follow; none when it has none (no money shown).
    pub money: Option<MoneyRule>,
    /// The rectifications the month's inspections opened (本月整改情况), judged on the day
    /// the sheet was made.
    pub rectifications: MonthRectifications,
}

impl MonthlySheet {
    /// The area rows only.
    pub fn area_rows(&self) -> impl Iterator<Item = &MonthlyRow> {
        self.rows
            .iter()
            .filter(|r| matches!(r.kind, MonthlyRowKind::Area(_)))
    }

    /// 合计分值: Σ 分值 of the areas.
    pub fn total_points(&self) -> Points {
        self.areas.iter().map(|a| a.points).sum()
    }

    /// 合计得分: Σ 得分 of the areas (none without inspections).
    pub fn total_score(&self) -> Option<Points> {
        self.areas.iter().map(|a| a.score).sum()
    }

    /// 合计扣分: Σ 扣分 of the areas.
    pub fn total_deducted(&self) -> Option<Points> {
        self.areas.iter().map(AreaMonth::deducted).sum()
    }

    /// 合计加分: Σ 加分 of the areas; 合计得分 = 合计分值 − 合计扣分 + 合计加分.
    pub fn total_bonus(&self) -> Option<Points> {
        self.areas.iter().map(AreaMonth::bonus).sum()
    }

    /// Whether any area has a bonus this month: the sheet then shows a 加分 column.
    pub fn has_bonus(&self) -> bool {
        self.areas
            .iter()
            .any(|a| a.bonus.is_some_and(|b| b > Points::ZERO))
    }

    /// 合计金额: Σ 金额 of the area rows, where the hall has a money rule (none without
    /// inspections).
    pub fn total_amount(&self) -> Option<Money> {
        self.money.as_ref()?;
        self.area_rows().map(|r| r.amount).sum()
    }

    /// The 分值 add up to something other than 100 (a hall's own checklists), so the month's
    /// score is the total converted to 100.
    pub fn converted(&self) -> bool {
        self.total_points() != Points::from_whole(100)
    }

    /// The sheet's footnote: the rule, and the conversion when the 分值 do not add up to 100.
    pub fn footnote_zh(&self) -> String {
        let mut text = RULE_ZH.to_owned();
        if let (true, Some(total), Some(score)) = (self.converted(), self.total_score(), self.score)
        {
            let _ = write!(
                text,
                "本表分值合计{points}分，月度得分按百分制折算：{total} ÷ {points} × 100 = {score}。",
                points = self.total_points()
            );
        }
        if let Some(rule) = &self.money {
            text.push_str(&money::rule_zh(rule));
        }
        text
    }
}

/// One failed item's month, in sheet order by (area, template id, position, item id).
struct ItemAcc {
    area: Area,
    position: usize,
    template_id: String,
    item_id: String,
    text: String,
    violation: String,
    unit: Unit,
    veto: bool,
    deducted: Points,
    occurrences: i64,
    reasons: String,
}

struct StaffAcc {
    name: String,
    person_times: i64,
    points: Points,
    /// Points of items paid per point, and what fixed-amount items cost.
    rate_points: Points,
    fixed: Money,
    items: BTreeMap<(Area, String, usize), (String, i64)>,
}

/// The monthly sheet of a hall for the month `year`-`month`, its rectifications judged on
/// `today`.
pub fn monthly_sheet(
    store: &Store,
    hall_id: i64,
    year: i32,
    month: u32,
    today: NaiveDate,
) -> Result<MonthlySheet> {
    let period = Period::month(year, month)?;
    sheet_for(store, hall_id, period, today)
}

/// The same sheet over any span of days.
pub fn sheet_for(
    store: &Store,
    hall_id: i64,
    period: Period,
    today: NaiveDate,
) -> Result<MonthlySheet> {
    let Some((hall, totals)) = store.hall_with_totals(hall_id, period.from, period.to)? else {
        return Err(StoreError::NotFound(format!("no hall with id {hall_id}")).into());
    };
    let inspections = totals.done;
    let rule = store.money_rule()?;

    // Every built-in area, inspected or not, and any other area the month inspected.
    let area_totals = store.area_totals(hall_id, period.from, period.to)?;
    let mut shown = Area::BUILTIN.to_vec();
    shown.extend(area_totals.iter().map(|t| t.area));
    shown.sort();
    shown.dedup();
    let areas: Vec<AreaMonth> = shown
        .into_iter()
        .map(|area| {
            let found = area_totals.iter().find(|t| t.area == area);
            AreaMonth::new(area, found, inspections > 0)
        })
        .collect();

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
                        violation: item
                            .map_or_else(|| item_id.to_owned(), |i| i.violation_text().to_owned()),
                        unit: item.map_or(Unit::PerOccurrence, |i| i.unit),
                        veto: item.is_some_and(|i| i.veto),
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
            // Each failed answer: "10月2日 张三 迟到2人次" (its note, else its count), "；" between.
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
                    rate_points: Points::ZERO,
                    fixed: Money::ZERO,
                    items: BTreeMap::new(),
                });
                s.person_times += 1;
                s.points += share;
                match rule
                    .as_ref()
                    .and_then(|r| r.fixed_amount(&acc.template_id, &acc.item_id))
                {
                    Some(amount) => s.fixed += amount,
                    None => s.rate_points += share,
                }
                // Answers come oldest first: the newest version names the finding.
                let entry = s
                    .items
                    .entry((acc.area, acc.template_id.clone(), acc.position))
                    .or_insert_with(|| (String::new(), 0));
                entry.0.clone_from(&acc.violation);
                entry.1 += 1;
            }
        }
    }

    // Assemble: each area, then its failed items in template order. One item met under two
    // versions of its checklist (edited within the month) is one row, named as the version
    // met later names it.
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
                last.text = acc.text;
                last.violation = acc.violation;
                last.unit = acc.unit;
                last.veto = acc.veto;
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
    let mut rows = Vec::with_capacity(areas.len() + merged.len());
    let mut items = merged.into_iter().peekable();
    for (n, month) in areas.iter().enumerate() {
        let area_no = n + 1;
        let area_at = rows.len();
        rows.push(MonthlyRow {
            no: area_no.to_string(),
            kind: MonthlyRowKind::Area(month.area),
            content: month.area.name_zh().to_owned(),
            points: Some(month.points),
            deducted: month.deducted(),
            bonus: month.bonus(),
            score: month.score,
            occurrences: 0,
            lost: month.lost(),
            reasons: month.basis(),
            amount: None,
        });
        let mut occurrences = 0;
        let mut costs = money::AreaCosts::default();
        while let Some(acc) = items.next_if(|i| i.area == month.area) {
            occurrences += acc.occurrences;
            let fixed = rule
                .as_ref()
                .and_then(|r| r.fixed_amount(&acc.template_id, &acc.item_id));
            let amount = costs.add(acc.deducted, fixed, acc.occurrences);
            // "迟到、早退 3人次，扣6分：10月2日 张三 迟到2人次；…"
            let mut reasons = format!(
                "{} {}{}",
                acc.violation,
                acc.occurrences,
                acc.unit.counter_zh()
            );
            if acc.veto {
                reasons.push_str("，一票否决");
            }
            if acc.deducted > Points::ZERO || !acc.veto {
                let _ = write!(reasons, "，扣{}分", acc.deducted);
            }
            if let Some(fixed) = fixed {
                let _ = write!(
                    reasons,
                    "，定额{}元/{}",
                    fixed.short_text(),
                    acc.unit.counter_zh()
                );
            }
            if !acc.reasons.is_empty() {
                reasons.push('：');
                reasons.push_str(&acc.reasons);
            }
            rows.push(MonthlyRow {
                no: format!("{area_no}.{}", acc.position + 1),
                kind: MonthlyRowKind::Item {
                    template_id: acc.template_id,
                    item_id: acc.item_id,
                },
                content: acc.text,
                points: None,
                deducted: None,
                bonus: None,
                score: None,
                occurrences: acc.occurrences,
                lost: acc.deducted,
                reasons,
                amount,
            });
        }
        rows[area_at].occurrences = occurrences;
        rows[area_at].amount = rule
            .as_ref()
            .zip(month.deducted())
            .map(|(r, deducted)| costs.area(r, deducted));
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
            amount: rule
                .as_ref()
                .map(|r| r.points_cost(s.rate_points) + s.fixed),
        })
        .collect();
    staff.sort_by(|a, b| {
        b.points
            .cmp(&a.points)
            .then_with(|| b.person_times.cmp(&a.person_times))
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut sheet = MonthlySheet {
        hall,
        period,
        inspections,
        score: None,
        rating: None,
        veto_count: totals.vetoes,
        areas,
        rows,
        staff,
        money: rule,
        rectifications: month_rectifications(store, hall_id, period, today)?,
    };
    let hundred = Points::from_whole(100);
    sheet.score = sheet.total_score().map(|total| {
        let points = sheet.total_points();
        if sheet.converted() {
            hundred.scaled(total.hundredths(), points.hundredths())
        } else {
            total
        }
    });
    let bands = store.rating_bands()?;
    sheet.rating = sheet
        .score
        .map(|score| bands.rate(score, sheet.veto_count > 0));
    Ok(sheet)
}
