//! A checklist template: its area, points cap and items with their deductions, units and
//! veto, photo and N/A rules.

use serde::{Deserialize, Serialize};

use crate::domain::{Area, Outcome, Points};

/// How an item's deduction is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Per occurrence (每次).
    PerOccurrence,
    /// Per place found (每处).
    PerPlace,
    /// Per person-time (每人次), usually with the staff member named.
    PerPersonTime,
}

impl Unit {
    /// The code used in template files.
    pub fn code(self) -> &'static str {
        match self {
            Unit::PerOccurrence => "per_occurrence",
            Unit::PerPlace => "per_place",
            Unit::PerPersonTime => "per_person_time",
        }
    }

    /// Parses a template file code.
    pub fn from_code(code: &str) -> Option<Unit> {
        [Unit::PerOccurrence, Unit::PerPlace, Unit::PerPersonTime]
            .into_iter()
            .find(|u| u.code() == code)
    }

    /// Chinese label of one counted thing: 次, 处, 人次.
    pub fn counter_zh(self) -> &'static str {
        match self {
            Unit::PerOccurrence => "次",
            Unit::PerPlace => "处",
            Unit::PerPersonTime => "人次",
        }
    }

    /// English label of one counted thing.
    pub fn counter_en(self) -> &'static str {
        match self {
            Unit::PerOccurrence => "time(s)",
            Unit::PerPlace => "place(s)",
            Unit::PerPersonTime => "person-time(s)",
        }
    }
}

/// What N/A (不适用) answers do to an area's cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NaRule {
    /// N/A items leave the score: the cap is scaled by the applicable share of the items' weight.
    #[default]
    Scale,
    /// N/A counts as met: the cap stays whole.
    CountAsMet,
}

impl NaRule {
    /// The code used in template files.
    pub fn code(self) -> &'static str {
        match self {
            NaRule::Scale => "scale",
            NaRule::CountAsMet => "count_as_met",
        }
    }
}

/// One check of a checklist.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Item {
    /// Unique within its template.
    pub id: String,
    /// The check as shown to the inspector (Chinese).
    pub text: String,
    /// Optional English text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_en: Option<String>,
    /// Points deducted per occurrence; for a bonus item, points added per occurrence; for a
    /// ranged item, the least the inspector may pick.
    pub deduction: Points,
    /// The most points per occurrence the inspector may pick (酌情扣分): with it the item's
    /// rate is a range from `deduction` to this, picked per answer. Snapshots written before
    /// the field read as `None` (a fixed rate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deduction_max: Option<Points>,
    /// The item's own value (分值): its points in one inspection stop at it (扣完为止), and
    /// N/A scaling weighs the item by it. `None`: no stop but the area's cap, and the item
    /// weighs its deduction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Points>,
    /// A bonus item (加分项): answered 加分 (stored as pass, with a count) it adds points above
    /// the area's base, up to the template's `max_points`; answered 不加分 (stored as N/A) it
    /// adds none. It never fails and never deducts.
    #[serde(default, skip_serializing_if = "is_false")]
    pub bonus: bool,
    /// What one occurrence is.
    pub unit: Unit,
    /// A fail makes the inspection 不合格 whatever the points (一票否决).
    pub veto: bool,
    /// A fail needs photo evidence before submit.
    pub photo_required: bool,
    /// The rule being checked.
    pub guidance: String,
    /// Optional English guidance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance_en: Option<String>,
    /// Common reasons (扣分原因) offered when the item fails, in the words of a finding.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    /// The finding when the item fails, in a few words (迟到、早退 for 不迟到、不早退): what a
    /// deduction is described by. Snapshots written before the field read as `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub violation: Option<String>,
    /// A fail needs a reason before submit (the default; a template may opt out per item).
    #[serde(default = "reason_required_default")]
    pub reason_required: bool,
}

fn reason_required_default() -> bool {
    true
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Item {
    /// The text in the chosen language, falling back to Chinese.
    pub fn text_in(&self, english: bool) -> &str {
        match (&self.text_en, english) {
            (Some(en), true) => en,
            _ => &self.text,
        }
    }

    /// The finding a fail describes (Chinese): the `violation` text, else the item's text.
    pub fn violation_text(&self) -> &str {
        self.violation.as_deref().unwrap_or(&self.text)
    }

    /// The outcome that scores this item: 不符合 (a deduction), or 加分 (pass) for a bonus item.
    pub fn scored_outcome(&self) -> Outcome {
        if self.bonus {
            Outcome::Pass
        } else {
            Outcome::Fail
        }
    }

    /// The range of points per occurrence the inspector picks from, when the item has one.
    pub fn rate_range(&self) -> Option<(Points, Points)> {
        self.deduction_max.map(|max| (self.deduction, max))
    }

    /// The points per occurrence an answer scores with: the picked `rate` for a ranged item
    /// (held within its range; none picked is the least), else the item's deduction.
    pub fn rate(&self, picked: Option<Points>) -> Points {
        match self.rate_range() {
            Some((min, max)) => picked.unwrap_or(min).max(min).min(max),
            None => self.deduction,
        }
    }

    /// The points an answer scores on this item before the area's cap — deducted, or added
    /// for a bonus item: the rate × count (count at least 1) for the scored outcome, stopped
    /// at the item's `value`; zero for any other outcome.
    pub fn points_for(&self, outcome: Outcome, count: u32, picked: Option<Points>) -> Points {
        if outcome != self.scored_outcome() {
            return Points::ZERO;
        }
        let points = self.rate(picked).times(count.max(1));
        match self.value {
            Some(value) => points.min(value),
            None => points,
        }
    }

    /// The points an answer deducts (zero for a bonus item).
    pub fn deduction_for(&self, outcome: Outcome, count: u32, picked: Option<Points>) -> Points {
        if self.bonus {
            Points::ZERO
        } else {
            self.points_for(outcome, count, picked)
        }
    }

    /// The points an answer adds (zero but for a bonus item answered 加分).
    pub fn bonus_for(&self, outcome: Outcome, count: u32, picked: Option<Points>) -> Points {
        if self.bonus {
            self.points_for(outcome, count, picked)
        } else {
            Points::ZERO
        }
    }

    /// An answer's name on a sheet (Chinese): 符合 / 不符合 / 不适用, or for a bonus item
    /// 加分 / 不加分.
    pub fn outcome_zh(&self, outcome: Outcome) -> &'static str {
        match (self.bonus, outcome) {
            (true, Outcome::Pass) => "加分",
            (true, _) => "不加分",
            (false, outcome) => outcome.name_zh(),
        }
    }

    /// An answer's name in English: Pass / Fail / N/A, or for a bonus item Bonus / No bonus.
    pub fn outcome_en(&self, outcome: Outcome) -> &'static str {
        match (self.bonus, outcome) {
            (true, Outcome::Pass) => "Bonus",
            (true, _) => "No bonus",
            (false, outcome) => outcome.name_en(),
        }
    }

    /// An answer's points as a sheet shows them: `−3` deducted, `+2` added for a bonus item,
    /// empty when the answer scores nothing.
    pub fn signed_points(&self, outcome: Outcome, count: u32, picked: Option<Points>) -> String {
        let points = self.points_for(outcome, count, picked);
        if outcome != self.scored_outcome() {
            String::new()
        } else if self.bonus {
            format!("+{points}")
        } else {
            format!("−{points}")
        }
    }

    /// What one occurrence of a ranged item's answer was taken at, e.g. `每次4.5分`; empty
    /// for an item without a range.
    pub fn picked_zh(&self, picked: Option<Points>) -> String {
        match self.rate_range() {
            Some(_) => format!("每{}{}分", self.unit.counter_zh(), self.rate(picked)),
            None => String::new(),
        }
    }

    /// What the item weighs when N/A scales the area's cap: its value when it has one, else its
    /// deduction; a bonus item weighs nothing (it is not part of the base).
    pub fn weight(&self) -> Points {
        if self.bonus {
            Points::ZERO
        } else {
            self.value.unwrap_or(self.deduction)
        }
    }

    /// The guidance in the chosen language, falling back to Chinese.
    pub fn guidance_in(&self, english: bool) -> &str {
        match (&self.guidance_en, english) {
            (Some(en), true) => en,
            _ => &self.guidance,
        }
    }
}

/// A validated checklist for one area; several may score the same area.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Template {
    /// Unique template id.
    pub id: String,
    /// Higher versions replace lower ones with the same id.
    pub version: u32,
    /// Name shown to users (Chinese).
    pub name: String,
    /// Optional English name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// The area it scores.
    pub area: Area,
    /// The area's cap (分值): its base score.
    pub points: Points,
    /// The most the area can score with bonus items (e.g. 110 over a base of 100). Snapshots
    /// written before the field read as `None`: no more than `points`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_points: Option<Points>,
    /// What N/A does to the cap.
    pub na_rule: NaRule,
    /// Not walked until a hall switches it on in Settings (an optional checklist outside the
    /// 100-point scheme, such as 服务行为). Snapshots of other templates do not carry it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    /// The checks, in order.
    pub items: Vec<Item>,
}

impl Template {
    /// The name in the chosen language, falling back to Chinese.
    pub fn name_in(&self, english: bool) -> &str {
        match (&self.name_en, english) {
            (Some(en), true) => en,
            _ => &self.name,
        }
    }

    /// How many points bonus items can add above the base: `max_points − points`, or zero.
    pub fn bonus_room(&self) -> Points {
        match self.max_points {
            Some(max) if max > self.points => max - self.points,
            _ => Points::ZERO,
        }
    }

    /// Looks an item up by id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The canonical JSON snapshot stored with inspections.
    pub fn snapshot_json(&self) -> String {
        // Serialising plain structs of strings, numbers and enums cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A stable hash of the snapshot (SHA-256, hex), naming this exact content.
    pub fn content_hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(self.snapshot_json().as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}
