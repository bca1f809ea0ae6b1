//! Money on the monthly sheet (绩效金额), where the hall has set a [`MoneyRule`]; without one
//! no amount and no word about money appears on the sheet, its exports or the screen.
//!
//! The rule of the amounts (the sheet's footnote gives it, [`rule_zh`]):
//! - A fixed-amount item costs its amount for each occurrence found in the month (each
//!   person-time, for an item counted per person); its row shows that amount.
//! - An area row's 金额 = what its fixed-amount items cost + the rest of its 扣分 per point:
//!   扣分 × (扣分 of its items − 扣分 of its fixed-amount items) ÷ 扣分 of its items × 每分金额,
//!   where an item's 扣分 is what its inspections deducted (the item row's 扣X分, before the
//!   area cap). With no item points to share (only a veto of 0 points), the whole 扣分 is paid
//!   per point. So a fixed-amount item is never paid twice, and an area of one inspection
//!   under its cap costs exactly the sum of its items' costs.
//! - 合计金额 is the area rows summed.
//! - A staff member's 金额 = the points booked to them for items paid per point × 每分金额 +
//!   their person-times of fixed-amount items × the fixed amount.
//! - Every amount is exact in fen; a per-point amount is rounded to the fen (half up) once,
//!   per area row and per person.

use std::fmt::Write as _;

use crate::domain::{Money, MoneyRule, Points};

/// The failed items of one area, added up for its amount.
#[derive(Debug, Default)]
pub(crate) struct AreaCosts {
    /// Points its items deducted.
    lost: Points,
    /// Points its fixed-amount items deducted.
    lost_fixed: Points,
    /// What its fixed-amount items cost.
    fixed: Money,
}

impl AreaCosts {
    /// Adds an item that deducted `deducted` over `occurrences`, with its fixed amount per
    /// occurrence if it has one; returns what it costs when it has one.
    pub(crate) fn add(
        &mut self,
        deducted: Points,
        fixed: Option<Money>,
        occurrences: i64,
    ) -> Option<Money> {
        self.lost += deducted;
        let amount = fixed?.times(occurrences);
        self.lost_fixed += deducted;
        self.fixed += amount;
        Some(amount)
    }

    /// The area row's amount for its 扣分 `deducted`.
    pub(crate) fn area(&self, rule: &MoneyRule, deducted: Points) -> Money {
        rule.area_cost(deducted, self.lost, self.lost_fixed, self.fixed)
    }
}

/// The money rule as the sheet's footnote prints it, after the rule of the month's score.
pub fn rule_zh(rule: &MoneyRule) -> String {
    let mut text = String::from("金额（元）：");
    match rule.per_point {
        Some(rate) => {
            let _ = write!(text, "每扣1分计{}元", rate.short_text());
        }
        None => text.push_str("扣分不计金额"),
    }
    if !rule.fixed.is_empty() {
        text.push_str(
            "；扣分原因注明“定额”的检查项按每次（人次）定额计，不再按分计。\
区域金额 = 定额项金额 + 扣分 × 其余检查项所扣分数 ÷ 各检查项所扣分数 × 每分金额",
        );
    } else {
        text.push_str("，区域金额 = 扣分 × 每分金额");
    }
    text.push_str("；合计为各区域金额之和；人员金额为其所记扣分 × 每分金额");
    if !rule.fixed.is_empty() {
        text.push_str("（定额项按人次 × 定额）");
    }
    text.push('。');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::FixedAmount;

    #[test]
    fn the_footnote_states_the_rate_and_the_fixed_amounts() {
        let mut rule = MoneyRule {
            per_point: Some(Money::from_yuan(10)),
            fixed: Vec::new(),
        };
        assert_eq!(
            rule_zh(&rule),
            "金额（元）：每扣1分计10元，区域金额 = 扣分 × 每分金额；合计为各区域金额之和；人员金额为其所记扣分 × 每分金额。"
        );
        rule.fixed.push(FixedAmount {
            template_id: "discipline".into(),
            item_id: "on_time".into(),
            amount: Money::from_yuan(100),
        });
        let text = rule_zh(&rule);
        assert!(text.contains("不再按分计"), "{text}");
        assert!(text.ends_with("（定额项按人次 × 定额）。"), "{text}");
    }

    #[test]
    fn an_area_adds_its_fixed_items_and_pays_the_rest_per_point() {
        let rule = MoneyRule {
            per_point: Some(Money::from_yuan(10)),
            fixed: Vec::new(),
        };
        let mut costs = AreaCosts::default();
        assert_eq!(costs.add(Points::from_whole(2), None, 1), None);
        assert_eq!(
            costs.add(Points::from_whole(4), Some(Money::from_yuan(100)), 2),
            Some(Money::from_yuan(200))
        );
        // 扣分 3 of 6 points, 2 of them per point: 3 × 2/6 × 10 + 200.
        assert_eq!(
            costs.area(&rule, Points::from_whole(3)),
            Money::from_yuan(210)
        );
    }
}
