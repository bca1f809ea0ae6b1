//! Scoring rules of DOMAIN.md as pure functions.
//!
//! - A failed item deducts its rate × count (count is places or person-times, at least 1); the
//!   rate is its deduction, or for a ranged item the points the inspector picked within the
//!   range. An item with a value (分值) deducts at most that value (扣完为止 per item).
//! - An area's deductions stop at its cap.
//! - Under [`NaRule::Scale`] the cap is scaled by the applicable share of the items' weight
//!   (an item weighs its value, else its deduction; a bonus item weighs nothing; when every
//!   item weighs 0, each item that is no bonus weighs 1).
//! - A bonus item answered 加分 adds its rate × count (stopped at its value); an area's bonus
//!   stops at the template's room above its base (`max_points − points`), so an area earns
//!   at most its effective cap plus that room. Bonus is never scaled by N/A.
//! - The inspection score is the points earned (bonus included) over the sum of the
//!   (effective) caps, scaled to 100, so an inspection of a few checklists is still out of 100
//!   and bonus can lift it above 100 (to 110 for one checklist of base 100, max 110).
//! - Any failed veto item makes the inspection 不合格 at any score.

use std::borrow::Borrow;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::domain::{Area, NaRule, Points, Rating, RatingBands, Template};

/// The answer to one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 合格.
    Pass,
    /// 不合格.
    Fail,
    /// 不适用.
    NotApplicable,
}

impl Outcome {
    /// Database code.
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::NotApplicable => "na",
        }
    }

    /// Parses a database code.
    pub fn from_code(code: &str) -> Option<Outcome> {
        match code {
            "pass" => Some(Outcome::Pass),
            "fail" => Some(Outcome::Fail),
            "na" => Some(Outcome::NotApplicable),
            _ => None,
        }
    }

    /// Chinese label.
    pub fn name_zh(self) -> &'static str {
        match self {
            Outcome::Pass => "符合",
            Outcome::Fail => "不符合",
            Outcome::NotApplicable => "不适用",
        }
    }

    /// English label.
    pub fn name_en(self) -> &'static str {
        match self {
            Outcome::Pass => "Pass",
            Outcome::Fail => "Fail",
            Outcome::NotApplicable => "N/A",
        }
    }
}

/// An answer as scoring sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The template the item belongs to.
    pub template_id: String,
    /// The item.
    pub item_id: String,
    /// What was found.
    pub outcome: Outcome,
    /// Occurrences (places, person-times) for a fail or a bonus; treated as at least 1.
    pub count: u32,
    /// The points per occurrence picked for a ranged item (held within its range; `None` is
    /// the least); ignored for an item without a range.
    pub rate: Option<Points>,
}

/// The score of one template (one area) within an inspection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaScore {
    /// The template scored.
    pub template_id: String,
    /// Its area.
    pub area: Area,
    /// The cap as written in the template.
    pub cap: Points,
    /// The cap after N/A scaling.
    pub effective_cap: Points,
    /// Sum of deductions before the cap.
    pub deducted: Points,
    /// Points earned: effective cap less capped deductions (never below 0), plus the bonus.
    pub earned: Points,
    /// Bonus points added (加分), after the template's room above its base; zero in a template
    /// without bonus items.
    pub bonus: Points,
    /// A veto item failed here.
    pub veto: bool,
    /// Items answered so far.
    pub answered: usize,
    /// Items in the template.
    pub items: usize,
}

impl AreaScore {
    /// Points lost after the cap.
    pub fn lost(&self) -> Points {
        self.effective_cap - self.base()
    }

    /// Points earned before any bonus: effective cap less capped deductions.
    pub fn base(&self) -> Points {
        self.earned - self.bonus
    }
}

/// The whole inspection's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectionScore {
    /// One entry per template, in the order given.
    pub areas: Vec<AreaScore>,
    /// Sum of earned points, bonus included.
    pub earned: Points,
    /// Sum of the areas' bonus points (加分), part of `earned`.
    pub bonus: Points,
    /// Sum of effective caps.
    pub possible: Points,
    /// Score out of 100.
    pub score: Points,
    /// Any veto item failed.
    pub veto: bool,
    /// The rating under the bands used.
    pub rating: Rating,
    /// Items without an answer, as (template id, item id).
    pub unanswered: Vec<(String, String)>,
}

/// Points deducted for one answer at a fixed rate, before any cap (the rule of an item
/// without a value, range or bonus; see [`crate::domain::Item::points_for`]).
pub fn deduction_for(deduction: Points, outcome: Outcome, count: u32) -> Points {
    match outcome {
        Outcome::Fail => deduction.times(count.max(1)),
        Outcome::Pass | Outcome::NotApplicable => Points::ZERO,
    }
}

/// Scores answers against the templates they were given for.
///
/// Unanswered items deduct nothing (the running score of a draft) and are listed in
/// `unanswered`; answers to items a template lacks are ignored.
pub fn score_inspection<T: Borrow<Template>>(
    templates: &[T],
    answers: &[Answer],
    bands: &RatingBands,
) -> InspectionScore {
    let by_item: HashMap<(&str, &str), &Answer> = answers
        .iter()
        .map(|a| ((a.template_id.as_str(), a.item_id.as_str()), a))
        .collect();
    let mut areas = Vec::with_capacity(templates.len());
    let mut unanswered = Vec::new();
    for template in templates {
        let template = template.borrow();
        let all_bonus = !template.items.is_empty() && template.items.iter().all(|i| i.bonus);
        let uniform = template.items.iter().all(|i| i.weight() == Points::ZERO);
        let weight_of = |item: &crate::domain::Item| {
            if item.bonus {
                0
            } else if uniform {
                1
            } else {
                item.weight().hundredths()
            }
        };
        let mut total_weight = 0i64;
        let mut applicable_weight = 0i64;
        let mut deducted = Points::ZERO;
        let mut bonus_found = Points::ZERO;
        let mut veto = false;
        let mut answered = 0;
        for item in &template.items {
            let weight = weight_of(item);
            total_weight += weight;
            match by_item.get(&(template.id.as_str(), item.id.as_str())) {
                Some(answer) => {
                    answered += 1;
                    if answer.outcome != Outcome::NotApplicable {
                        applicable_weight += weight;
                    }
                    deducted += item.deduction_for(answer.outcome, answer.count, answer.rate);
                    bonus_found += item.bonus_for(answer.outcome, answer.count, answer.rate);
                    veto |= item.veto && answer.outcome == Outcome::Fail;
                }
                None => {
                    applicable_weight += weight;
                    unanswered.push((template.id.clone(), item.id.clone()));
                }
            }
        }
        let effective_cap = match template.na_rule {
            NaRule::CountAsMet => template.points,
            // A template whose items are all bonus has no weight to scale by: its base stays.
            NaRule::Scale if all_bonus => template.points,
            NaRule::Scale => template.points.scaled(applicable_weight, total_weight),
        };
        // The room above the base shrinks with the base: an area whose regular items are all
        // N/A has no base, and its bonus cannot lift the inspection's other areas.
        let room = template
            .bonus_room()
            .scaled(effective_cap.hundredths(), template.points.hundredths());
        let bonus = bonus_found.min(room);
        let earned = effective_cap - deducted.min(effective_cap) + bonus;
        areas.push(AreaScore {
            template_id: template.id.clone(),
            area: template.area,
            cap: template.points,
            effective_cap,
            deducted,
            earned,
            bonus,
            veto,
            answered,
            items: template.items.len(),
        });
    }
    let earned: Points = areas.iter().map(|a| a.earned).sum();
    let bonus: Points = areas.iter().map(|a| a.bonus).sum();
    let possible: Points = areas.iter().map(|a| a.effective_cap).sum();
    let score = if possible == Points::ZERO {
        // Everything was N/A: nothing found wrong.
        Points::from_whole(100)
    } else {
        Points::from_whole(100).scaled(earned.hundredths(), possible.hundredths())
    };
    let veto = areas.iter().any(|a| a.veto);
    InspectionScore {
        rating: bands.rate(score, veto),
        areas,
        earned,
        bonus,
        possible,
        score,
        veto,
        unanswered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Item, Unit};

    fn item(id: &str, deduction: i64, unit: Unit, veto: bool) -> Item {
        Item {
            id: id.into(),
            text: id.into(),
            text_en: None,
            deduction: Points::from_hundredths(deduction),
            deduction_max: None,
            value: None,
            bonus: false,
            unit,
            veto,
            photo_required: false,
            guidance: "g".into(),
            guidance_en: None,
            reasons: Vec::new(),
            violation: None,
            reason_required: true,
        }
    }

    fn template(id: &str, area: Area, cap: i64, items: Vec<Item>) -> Template {
        Template {
            id: id.into(),
            version: 1,
            name: id.into(),
            name_en: None,
            area,
            points: Points::from_whole(cap),
            max_points: None,
            na_rule: NaRule::Scale,
            optional: false,
            items,
        }
    }

    fn answer(t: &str, i: &str, outcome: Outcome, count: u32) -> Answer {
        Answer {
            template_id: t.into(),
            item_id: i.into(),
            outcome,
            count,
            rate: None,
        }
    }

    /// 仪容仪表, cap 15: uniform −1, nails −0.5 (per person-time).
    fn appearance() -> Template {
        template(
            "appearance",
            Area::APPEARANCE,
            15,
            vec![
                item("uniform", 100, Unit::PerPersonTime, false),
                item("nails", 50, Unit::PerPersonTime, false),
            ],
        )
    }

    #[test]
    fn per_person_time_multiplies_and_totals_scale_to_100() {
        // Uniform failed by 3 people (−3), nails by 1 (−0.5): 15 − 3.5 = 11.5 of 15.
        // Score = 11.5 / 15 × 100 = 76.666… → 76.67, 合格.
        let answers = [
            answer("appearance", "uniform", Outcome::Fail, 3),
            answer("appearance", "nails", Outcome::Fail, 1),
        ];
        let s = score_inspection(&[appearance()], &answers, &RatingBands::default());
        assert_eq!(s.areas[0].deducted, Points::from_hundredths(350));
        assert_eq!(s.earned, Points::from_hundredths(1150));
        assert_eq!(s.possible, Points::from_whole(15));
        assert_eq!(s.score, Points::from_hundredths(7667));
        assert_eq!(s.rating, Rating::Pass);
        assert!(s.unanswered.is_empty());
    }

    #[test]
    fn deductions_stop_at_the_area_cap() {
        // 20 person-times of −1 against a cap of 15: the area earns 0, not −5.
        let pre = template(
            "pre_shift",
            Area::PRE_SHIFT,
            10,
            vec![item("held", 1000, Unit::PerOccurrence, false)],
        );
        let answers = [
            answer("appearance", "uniform", Outcome::Fail, 20),
            answer("appearance", "nails", Outcome::Pass, 1),
            answer("pre_shift", "held", Outcome::Pass, 1),
        ];
        let s = score_inspection(&[appearance(), pre], &answers, &RatingBands::default());
        assert_eq!(s.areas[0].earned, Points::ZERO);
        assert_eq!(s.areas[0].lost(), Points::from_whole(15));
        // 10 earned of 25 possible = 40.
        assert_eq!(s.score, Points::from_whole(40));
        assert_eq!(s.rating, Rating::Fail);
    }

    #[test]
    fn not_applicable_scales_the_cap_by_weight() {
        // Weights 1 and 0.5 (total 1.5); nails N/A leaves 1 of 1.5: cap 15 → 10.
        // Uniform failed once: 10 − 1 = 9 of 10 = 90, 优秀.
        let answers = [
            answer("appearance", "uniform", Outcome::Fail, 1),
            answer("appearance", "nails", Outcome::NotApplicable, 1),
        ];
        let s = score_inspection(&[appearance()], &answers, &RatingBands::default());
        assert_eq!(s.areas[0].effective_cap, Points::from_whole(10));
        assert_eq!(s.score, Points::from_whole(90));
        assert_eq!(s.rating, Rating::Excellent);
    }

    #[test]
    fn count_as_met_keeps_the_full_cap() {
        let mut t = appearance();
        t.na_rule = NaRule::CountAsMet;
        let answers = [
            answer("appearance", "uniform", Outcome::Fail, 1),
            answer("appearance", "nails", Outcome::NotApplicable, 1),
        ];
        let s = score_inspection(&[t], &answers, &RatingBands::default());
        assert_eq!(s.areas[0].effective_cap, Points::from_whole(15));
        // 14 / 15 = 93.33.
        assert_eq!(s.score, Points::from_hundredths(9333));
    }

    #[test]
    fn all_not_applicable_scores_full_marks() {
        let answers = [
            answer("appearance", "uniform", Outcome::NotApplicable, 1),
            answer("appearance", "nails", Outcome::NotApplicable, 1),
        ];
        let s = score_inspection(&[appearance()], &answers, &RatingBands::default());
        assert_eq!(s.possible, Points::ZERO);
        assert_eq!(s.score, Points::from_whole(100));
    }

    #[test]
    fn veto_fails_the_inspection_at_any_score() {
        let disc = template(
            "discipline",
            Area::DISCIPLINE,
            15,
            vec![
                item("late", 200, Unit::PerPersonTime, false),
                item("empty_counter", 0, Unit::PerOccurrence, true),
            ],
        );
        let answers = [
            answer("discipline", "late", Outcome::Pass, 1),
            answer("discipline", "empty_counter", Outcome::Fail, 1),
        ];
        let s = score_inspection(&[disc], &answers, &RatingBands::default());
        assert_eq!(s.score, Points::from_whole(100));
        assert!(s.veto);
        assert_eq!(s.rating, Rating::Fail);
    }

    #[test]
    fn unanswered_items_deduct_nothing_and_are_listed() {
        let answers = [answer("appearance", "uniform", Outcome::Fail, 2)];
        let s = score_inspection(&[appearance()], &answers, &RatingBands::default());
        assert_eq!(
            s.unanswered,
            vec![("appearance".to_string(), "nails".to_string())]
        );
        assert_eq!(s.areas[0].answered, 1);
        // 13 / 15 = 86.67.
        assert_eq!(s.score, Points::from_hundredths(8667));
        assert_eq!(s.rating, Rating::Good);
    }

    #[test]
    fn fail_with_zero_count_counts_once() {
        assert_eq!(
            deduction_for(Points::from_whole(2), Outcome::Fail, 0),
            Points::from_whole(2)
        );
        assert_eq!(
            deduction_for(Points::from_whole(2), Outcome::Pass, 5),
            Points::ZERO
        );
    }
}
