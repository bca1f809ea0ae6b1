//! 绩效 money: exact amounts of yuan held in fen, and a hall's rule for what the points it
//! loses in a month cost in its 月度经济责任制考核 (per point, or a fixed amount per occurrence
//! of an item).
//!
//! The rule, for one deduction: an item with a fixed amount costs that amount for each
//! occurrence it was found (each person-time for an item counted per person); any other item
//! costs its points × 每分金额. Where an area's month is the unit (the monthly sheet's area
//! rows, whose 扣分 is capped and spread over the month's inspections), the fixed-amount items
//! keep their fixed amounts and the rest of the area's 扣分 is paid per point:
//! [`MoneyRule::area_cost`].

use std::fmt;
use std::ops::{Add, AddAssign};

use crate::domain::Points;

/// An exact amount of money in fen (分, a hundredth of a yuan): `137.50` 元 is `13750`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(i64);

/// Why a text is not an amount of money a rule may carry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyParseError {
    /// Empty, or not a decimal number.
    #[error("`{0}` is not an amount of yuan")]
    NotANumber(String),
    /// Below zero.
    #[error("`{0}` is negative: an amount is 0 or more")]
    Negative(String),
    /// More than two decimals (below one fen).
    #[error("`{0}` has more than two decimals (the smallest amount is 0.01 yuan)")]
    TooPrecise(String),
    /// Above [`Money::MAX`].
    #[error("`{0}` is more than 1,000,000 yuan")]
    TooLarge(String),
}

impl Money {
    /// Nothing.
    pub const ZERO: Money = Money(0);

    /// The largest amount a rule may set per point or per occurrence: one million yuan, far
    /// above any real one, and small enough that no month's sum of them overflows.
    pub const MAX: Money = Money(100_000_000);

    /// An amount of fen.
    pub const fn from_fen(fen: i64) -> Money {
        Money(fen)
    }

    /// Whole yuan.
    pub const fn from_yuan(yuan: i64) -> Money {
        Money(yuan * 100)
    }

    /// The amount in fen.
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// As a float of yuan, for a spreadsheet cell only; never sum these.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// The amount as prose gives it, without trailing zeros: `100`, `0.5`, `137.25`.
    pub fn short_text(self) -> String {
        let text = self.to_string();
        match text.strip_suffix(".00") {
            Some(whole) => whole.to_owned(),
            None => text.strip_suffix('0').unwrap_or(&text).to_owned(),
        }
    }

    /// Within what a rule may set: 0 to [`Money::MAX`].
    pub fn in_range(self) -> bool {
        (0..=Money::MAX.0).contains(&self.0)
    }

    /// The amount `count` times (a count below zero counts as none).
    pub fn times(self, count: i64) -> Money {
        Money(self.0.saturating_mul(count.max(0)))
    }

    /// Parses yuan with at most two decimals, such as `10`, `0.5` or `100.00` (a trailing `元`
    /// is allowed): 0 to [`Money::MAX`].
    pub fn parse(text: &str) -> Result<Money, MoneyParseError> {
        let t = text.trim();
        let t = t.strip_suffix('元').unwrap_or(t).trim();
        let bad = || MoneyParseError::NotANumber(text.to_owned());
        if let Some(rest) = t.strip_prefix('-') {
            if rest.chars().any(|c| c.is_ascii_digit() && c != '0') {
                return Err(MoneyParseError::Negative(text.to_owned()));
            }
            return Err(bad());
        }
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(frac) {
            return Err(bad());
        }
        let frac = frac.trim_end_matches('0');
        if frac.len() > 2 {
            return Err(MoneyParseError::TooPrecise(text.to_owned()));
        }
        let too_large = || MoneyParseError::TooLarge(text.to_owned());
        let whole = whole.trim_start_matches('0');
        if whole.len() > 12 {
            return Err(too_large());
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| too_large())?
        };
        let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
        let money = Money(whole * 100 + frac);
        if money > Money::MAX {
            return Err(too_large());
        }
        Ok(money)
    }
}

impl fmt::Display for Money {
    /// Yuan with two decimals: `137.50`, `100.00`, `0.05`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        f.pad(&format!("{sign}{}.{:02}", abs / 100, abs % 100))
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 = self.0.saturating_add(rhs.0);
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

/// `a × b ÷ c` rounded half away from zero; zero when `c` is zero.
fn muldiv(a: i128, b: i128, c: i128) -> i64 {
    if c == 0 {
        return 0;
    }
    let product = a * b;
    let half = c.abs() / 2;
    let rounded = if (product >= 0) == (c > 0) {
        (product.abs() + half) / c.abs()
    } else {
        -((product.abs() + half) / c.abs())
    };
    i64::try_from(rounded).unwrap_or(if rounded > 0 { i64::MAX } else { i64::MIN })
}

/// A fixed amount for each occurrence of one checklist item (each person-time of an item
/// counted per person), in place of its points × 每分金额.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedAmount {
    /// The checklist (template id).
    pub template_id: String,
    /// The item's id in it.
    pub item_id: String,
    /// Yuan per occurrence.
    pub amount: Money,
}

/// Why a money rule cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyRuleError {
    /// An amount below zero or above [`Money::MAX`].
    #[error("the amount {0} yuan is outside 0 to 1,000,000 yuan")]
    OutOfRange(Money),
    /// A fixed amount without its checklist or item.
    #[error("a fixed amount names no checklist or no item")]
    Unnamed,
    /// One item given two fixed amounts.
    #[error("the item {template_id}/{item_id} has two fixed amounts")]
    Twice {
        /// The checklist.
        template_id: String,
        /// The item.
        item_id: String,
    },
}

/// A hall's rule for converting the points it loses into money (绩效金额). The default (no
/// 每分金额, no fixed amounts) is no rule: no money is shown anywhere.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MoneyRule {
    /// 每分金额: yuan per point deducted; none when points cost nothing.
    pub per_point: Option<Money>,
    /// Items with a fixed amount per occurrence, in the order they were added.
    pub fixed: Vec<FixedAmount>,
}

impl MoneyRule {
    /// Whether the rule says anything: a 每分金额 or a fixed amount.
    pub fn is_set(&self) -> bool {
        self.per_point.is_some() || !self.fixed.is_empty()
    }

    /// Checks every amount is within 0 to [`Money::MAX`], and every fixed amount names its
    /// checklist and item, each item once.
    pub fn validate(&self) -> Result<(), MoneyRuleError> {
        if let Some(rate) = self.per_point
            && !rate.in_range()
        {
            return Err(MoneyRuleError::OutOfRange(rate));
        }
        for (n, f) in self.fixed.iter().enumerate() {
            if f.template_id.trim().is_empty() || f.item_id.trim().is_empty() {
                return Err(MoneyRuleError::Unnamed);
            }
            if !f.amount.in_range() {
                return Err(MoneyRuleError::OutOfRange(f.amount));
            }
            let twice = self.fixed[..n]
                .iter()
                .any(|g| g.template_id == f.template_id && g.item_id == f.item_id);
            if twice {
                return Err(MoneyRuleError::Twice {
                    template_id: f.template_id.clone(),
                    item_id: f.item_id.clone(),
                });
            }
        }
        Ok(())
    }

    /// The fixed amount per occurrence of an item, if it has one.
    pub fn fixed_amount(&self, template_id: &str, item_id: &str) -> Option<Money> {
        self.fixed
            .iter()
            .find(|f| f.template_id == template_id && f.item_id == item_id)
            .map(|f| f.amount)
    }

    /// What `points` cost at 每分金额, to the fen (half a fen up); nothing without a 每分金额.
    pub fn points_cost(&self, points: Points) -> Money {
        let rate = self.per_point.unwrap_or(Money::ZERO);
        Money(muldiv(
            i128::from(points.hundredths()),
            i128::from(rate.fen()),
            100,
        ))
    }

    /// What one deduction costs: `occurrences` × the item's fixed amount when it has one
    /// (occurrences of an item counted per person are person-times), else `points` ×
    /// 每分金额.
    pub fn item_cost(
        &self,
        template_id: &str,
        item_id: &str,
        points: Points,
        occurrences: i64,
    ) -> Money {
        match self.fixed_amount(template_id, item_id) {
            Some(amount) => amount.times(occurrences),
            None => self.points_cost(points),
        }
    }

    /// What an area's month costs. `deducted` is its 扣分 on the sheet; `lost` the points its
    /// failed items deducted in the month (before the cap), `lost_fixed` the part of them
    /// deducted by fixed-amount items, and `fixed` what those items cost (amount ×
    /// occurrences). The fixed-amount items are paid their fixed amounts, and the rest of the
    /// 扣分 per point: 扣分 × (lost − lost_fixed) ÷ lost × 每分金额, to the fen. When the items
    /// deducted no points (nothing failed, or only a veto item of 0 points), all of the 扣分
    /// is paid per point.
    pub fn area_cost(
        &self,
        deducted: Points,
        lost: Points,
        lost_fixed: Points,
        fixed: Money,
    ) -> Money {
        let rate = i128::from(self.per_point.unwrap_or(Money::ZERO).fen());
        let deducted = i128::from(deducted.hundredths());
        let per_point = if lost > Points::ZERO {
            let share = i128::from((lost - lost_fixed).hundredths().max(0));
            muldiv(deducted * rate, share, 100 * i128::from(lost.hundredths()))
        } else {
            muldiv(deducted, rate, 100)
        };
        Money(per_point) + fixed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> MoneyRule {
        MoneyRule {
            per_point: Some(Money::from_yuan(10)),
            fixed: vec![FixedAmount {
                template_id: "discipline".into(),
                item_id: "on_time".into(),
                amount: Money::from_yuan(100),
            }],
        }
    }

    #[test]
    fn parses_and_prints_yuan_exactly() {
        assert_eq!(Money::parse("10"), Ok(Money::from_fen(1000)));
        assert_eq!(Money::parse(" 0.5 "), Ok(Money::from_fen(50)));
        assert_eq!(Money::parse("100.00元"), Ok(Money::from_fen(10000)));
        assert_eq!(Money::parse("0.01"), Ok(Money::from_fen(1)));
        assert_eq!(Money::parse("1000000"), Ok(Money::MAX));
        assert!(matches!(
            Money::parse("1000000.01"),
            Err(MoneyParseError::TooLarge(_))
        ));
        assert!(matches!(
            Money::parse("99999999999999999999"),
            Err(MoneyParseError::TooLarge(_))
        ));
        assert!(matches!(
            Money::parse("-5"),
            Err(MoneyParseError::Negative(_))
        ));
        assert!(matches!(
            Money::parse("1.005"),
            Err(MoneyParseError::TooPrecise(_))
        ));
        for bad in ["", "元", "abc", "1e3", ".5", "1.2.3", "+1", "1,000"] {
            assert!(
                matches!(Money::parse(bad), Err(MoneyParseError::NotANumber(_))),
                "{bad}"
            );
        }
        assert_eq!(Money::from_fen(13750).to_string(), "137.50");
        assert_eq!(Money::from_fen(5).to_string(), "0.05");
        assert_eq!(Money::ZERO.to_string(), "0.00");
        assert_eq!(Money::from_fen(10000).short_text(), "100");
        assert_eq!(Money::from_fen(50).short_text(), "0.5");
        assert_eq!(Money::from_fen(13725).short_text(), "137.25");
    }

    #[test]
    fn an_item_costs_its_fixed_amount_or_its_points() {
        let rule = rule();
        // 迟到 2 person-times at 100 元 each, whatever its points.
        assert_eq!(
            rule.item_cost("discipline", "on_time", Points::from_whole(4), 2),
            Money::from_yuan(200)
        );
        // Any other item: 1.5 points × 10 元.
        assert_eq!(
            rule.item_cost(
                "hygiene",
                "fixed_placement",
                Points::from_hundredths(150),
                3
            ),
            Money::from_yuan(15)
        );
        // 0.333 of a fen rounds to nothing, 0.5 fen up.
        let cheap = MoneyRule {
            per_point: Some(Money::from_fen(1)),
            fixed: Vec::new(),
        };
        assert_eq!(cheap.points_cost(Points::from_hundredths(33)), Money::ZERO);
        assert_eq!(
            cheap.points_cost(Points::from_hundredths(50)),
            Money::from_fen(1)
        );
        // No 每分金额: points cost nothing, fixed amounts still count.
        let fixed_only = MoneyRule {
            per_point: None,
            ..rule.clone()
        };
        assert_eq!(fixed_only.points_cost(Points::from_whole(7)), Money::ZERO);
        assert!(fixed_only.is_set());
        assert!(!MoneyRule::default().is_set());
    }

    #[test]
    fn an_area_pays_its_fixed_items_and_the_rest_of_its_deduction_per_point() {
        let rule = rule();
        // 扣分 6 of which items deducted 8 (4 by the fixed item, 200 元): 6 × 4/8 × 10 + 200.
        assert_eq!(
            rule.area_cost(
                Points::from_whole(6),
                Points::from_whole(8),
                Points::from_whole(4),
                Money::from_yuan(200)
            ),
            Money::from_yuan(230)
        );
        // Only fixed items: nothing per point.
        assert_eq!(
            rule.area_cost(
                Points::from_whole(3),
                Points::from_whole(3),
                Points::from_whole(3),
                Money::from_yuan(100)
            ),
            Money::from_yuan(100)
        );
        // A veto of 0 points: the whole 扣分 per point.
        assert_eq!(
            rule.area_cost(
                Points::from_whole(15),
                Points::ZERO,
                Points::ZERO,
                Money::ZERO
            ),
            Money::from_yuan(150)
        );
        // 3.4 × 10 = 34; 11.25 × 2/3 × 10 = 75.
        assert_eq!(
            rule.area_cost(
                Points::from_hundredths(340),
                Points::from_whole(3),
                Points::ZERO,
                Money::ZERO
            ),
            Money::from_yuan(34)
        );
        assert_eq!(
            rule.area_cost(
                Points::from_hundredths(1125),
                Points::from_whole(3),
                Points::from_whole(1),
                Money::ZERO
            ),
            Money::from_yuan(75)
        );
    }

    #[test]
    fn a_rule_with_a_bad_amount_or_an_item_twice_is_refused() {
        let mut rule = rule();
        assert_eq!(rule.validate(), Ok(()));
        rule.fixed.push(rule.fixed[0].clone());
        assert!(matches!(rule.validate(), Err(MoneyRuleError::Twice { .. })));
        rule.fixed.pop();
        rule.per_point = Some(Money::from_fen(-1));
        assert!(matches!(
            rule.validate(),
            Err(MoneyRuleError::OutOfRange(_))
        ));
        rule.per_point = Some(Money::MAX);
        rule.fixed[0].item_id = " ".into();
        assert_eq!(rule.validate(), Err(MoneyRuleError::Unnamed));
    }
}
