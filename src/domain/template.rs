//! A checklist template: its area, points cap and items with their deductions, units and
//! veto, photo and N/A rules.

use serde::{Deserialize, Serialize};

use crate::domain::{Area, Points};

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
    /// Points deducted per occurrence.
    pub deduction: Points,
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

    /// The guidance in the chosen language, falling back to Chinese.
    pub fn guidance_in(&self, english: bool) -> &str {
        match (&self.guidance_en, english) {
            (Some(en), true) => en,
            _ => &self.guidance,
        }
    }
}

/// A validated checklist for one area.
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
    /// The area's cap (分值).
    pub points: Points,
    /// What N/A does to the cap.
    pub na_rule: NaRule,
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
