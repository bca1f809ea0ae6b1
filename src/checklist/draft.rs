//! A checklist being edited: every field as typed, numbers as text and the common reasons one
//! per line. A draft is checked by writing it as a template file and reading that back with
//! [`parse_template`], so it meets exactly the rules (and gets exactly the messages) of
//! `hallcheck templates check`.

use crate::checklist::write::{FileForm, ItemForm, Number};
use crate::checklist::{Problem, parse_template};
use crate::domain::{Area, NaRule, Template, Unit};

/// A template being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateDraft {
    /// The template id (kept: an edit replaces the template of this id).
    pub id: String,
    /// The version it will be saved as.
    pub version: u32,
    /// Name (Chinese).
    pub name: String,
    /// English name; empty for none.
    pub name_en: String,
    /// The area (kept).
    pub area: Area,
    /// The area's cap, as typed.
    pub points: String,
    /// The most the area scores with bonus items, as typed; empty for none.
    pub max_points: String,
    /// What N/A does (kept).
    pub na_rule: NaRule,
    /// Walked only once a hall switches it on (kept).
    pub optional: bool,
    /// The items, in walking order.
    pub items: Vec<ItemDraft>,
}

/// An item being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDraft {
    /// The item id: kept when the item is reworded, new for a new item.
    pub id: String,
    /// The check (Chinese).
    pub text: String,
    /// English text; empty for none.
    pub text_en: String,
    /// The finding a fail describes (迟到、早退); empty: the item's text.
    pub violation: String,
    /// Points per occurrence (the least of a range), as typed.
    pub deduction: String,
    /// The most points per occurrence of a range, as typed; empty for a fixed deduction.
    pub deduction_max: String,
    /// The item's own value (分值), as typed; empty for none.
    pub value: String,
    /// A bonus item (加分项).
    pub bonus: bool,
    /// What one occurrence is.
    pub unit: Unit,
    /// 一票否决.
    pub veto: bool,
    /// A fail needs a photo.
    pub photo_required: bool,
    /// A fail needs a reason.
    pub reason_required: bool,
    /// The rule (Chinese).
    pub guidance: String,
    /// English rule; empty for none.
    pub guidance_en: String,
    /// Common reasons, one per line (blank lines are ignored).
    pub reasons: String,
}

/// A problem of a draft, with the item it is in (`None`: the template's own fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftProblem {
    /// Index of the item, when the problem is in one.
    pub item: Option<usize>,
    /// The problem, as `hallcheck templates check` reports it.
    pub problem: Problem,
}

/// Empty (or blank) text as `None`.
fn optional(text: &str) -> Option<&str> {
    (!text.trim().is_empty()).then_some(text)
}

/// A typed number as the file will spell it: a literal when it is one, else text (so the
/// parser names the field), or left out when nothing is typed.
fn number(text: &str) -> Number<'_> {
    let t = text.trim();
    if t.is_empty() {
        return Number::Missing;
    }
    // Only number characters go into the file as a literal: nothing typed can add a key.
    let number_chars = t
        .chars()
        .all(|c| c.is_ascii_digit() || "+-._eEinfa".contains(c));
    let is_number = number_chars
        && matches!(
            t.parse::<toml::Value>(),
            Ok(toml::Value::Integer(_) | toml::Value::Float(_))
        );
    if is_number {
        Number::Literal(t)
    } else {
        Number::Text(t)
    }
}

impl ItemDraft {
    /// An item of a template, to edit.
    pub fn from_item(item: &crate::domain::Item) -> ItemDraft {
        ItemDraft {
            id: item.id.clone(),
            text: item.text.clone(),
            text_en: item.text_en.clone().unwrap_or_default(),
            violation: item.violation.clone().unwrap_or_default(),
            deduction: item.deduction.to_string(),
            deduction_max: item
                .deduction_max
                .map(|p| p.to_string())
                .unwrap_or_default(),
            value: item.value.map(|p| p.to_string()).unwrap_or_default(),
            bonus: item.bonus,
            unit: item.unit,
            veto: item.veto,
            photo_required: item.photo_required,
            reason_required: item.reason_required,
            guidance: item.guidance.clone(),
            guidance_en: item.guidance_en.clone().unwrap_or_default(),
            reasons: item.reasons.join("\n"),
        }
    }

    fn form(&self) -> ItemForm<'_> {
        ItemForm {
            id: &self.id,
            text: &self.text,
            text_en: optional(&self.text_en),
            violation: optional(&self.violation),
            deduction: number(&self.deduction),
            deduction_max: number(&self.deduction_max),
            value: number(&self.value),
            bonus: self.bonus,
            unit: self.unit,
            veto: self.veto,
            photo_required: self.photo_required,
            guidance: &self.guidance,
            guidance_en: optional(&self.guidance_en),
            reasons: self
                .reasons
                .lines()
                .filter(|l| !l.trim().is_empty())
                .collect(),
            reason_required: self.reason_required,
        }
    }
}

impl TemplateDraft {
    /// A template to edit, to be saved as `version`.
    pub fn from_template(template: &Template, version: u32) -> TemplateDraft {
        TemplateDraft {
            id: template.id.clone(),
            version,
            name: template.name.clone(),
            name_en: template.name_en.clone().unwrap_or_default(),
            area: template.area,
            points: template.points.to_string(),
            max_points: template
                .max_points
                .map(|p| p.to_string())
                .unwrap_or_default(),
            na_rule: template.na_rule,
            optional: template.optional,
            items: template.items.iter().map(ItemDraft::from_item).collect(),
        }
    }

    /// The file name problems are reported in.
    pub fn file_name(&self) -> String {
        format!("{}.toml", self.id)
    }

    fn form(&self) -> FileForm<'_> {
        FileForm {
            id: &self.id,
            version: self.version,
            name: &self.name,
            name_en: optional(&self.name_en),
            area: self.area,
            points: number(&self.points),
            max_points: number(&self.max_points),
            na_rule: self.na_rule,
            optional: self.optional,
            items: self.items.iter().map(ItemDraft::form).collect(),
        }
    }

    /// The draft as a template file.
    pub fn to_toml(&self) -> String {
        self.form().write().text
    }

    /// Writes the draft as a template file and reads it back: the template it makes, or
    /// every problem, each with the item it is in.
    pub fn check(&self) -> Result<Template, Vec<DraftProblem>> {
        let written = self.form().write();
        parse_template(&self.file_name(), written.text.as_bytes()).map_err(|problems| {
            problems
                .into_iter()
                .map(|problem| DraftProblem {
                    item: written
                        .item_lines
                        .iter()
                        .rposition(|start| *start <= problem.line),
                    problem,
                })
                .collect()
        })
    }

    /// A new item id: `item_` and eight hex digits, used by no item of the draft (nor, but
    /// by the rarest chance, of any version before it).
    pub fn fresh_item_id(&self) -> String {
        loop {
            let simple = uuid::Uuid::new_v4().simple().to_string();
            let id = format!("item_{}", &simple[..8]);
            if !self.items.iter().any(|i| i.id == id) {
                return id;
            }
        }
    }

    /// Appends an empty item with a fresh id (per occurrence, reason required) and returns
    /// its index. Its text and rule are empty until typed, so the draft has problems until
    /// then.
    pub fn add_item(&mut self) -> usize {
        let id = self.fresh_item_id();
        self.items.push(ItemDraft {
            id,
            text: String::new(),
            text_en: String::new(),
            violation: String::new(),
            deduction: "1".into(),
            deduction_max: String::new(),
            value: String::new(),
            bonus: false,
            unit: Unit::PerOccurrence,
            veto: false,
            photo_required: false,
            reason_required: true,
            guidance: String::new(),
            guidance_en: String::new(),
            reasons: String::new(),
        });
        self.items.len() - 1
    }

    /// Moves item `index` one place up (`up`) or down; at either end nothing moves.
    pub fn move_item(&mut self, index: usize, up: bool) {
        let other = if up {
            index.checked_sub(1)
        } else {
            Some(index + 1)
        };
        if let Some(other) = other.filter(|o| *o < self.items.len())
            && index < self.items.len()
        {
            self.items.swap(index, other);
        }
    }

    /// Removes item `index` (when there is one).
    pub fn remove_item(&mut self, index: usize) {
        if index < self.items.len() {
            self.items.remove(index);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Points;

    fn hygiene() -> Template {
        crate::checklist::load_catalog(None)
            .template("hygiene")
            .cloned()
            .unwrap_or_else(|| panic!("hygiene is built in"))
    }

    #[test]
    fn an_unchanged_draft_is_its_template_at_the_new_version() {
        let t = hygiene();
        let draft = TemplateDraft::from_template(&t, t.version + 1);
        let mut expected = t.clone();
        expected.version += 1;
        assert_eq!(draft.check(), Ok(expected));
    }

    #[test]
    fn problems_name_their_item_with_the_messages_of_templates_check() {
        let t = hygiene();
        let mut draft = TemplateDraft::from_template(&t, t.version + 1);
        draft.items[2].text = "  ".into();
        draft.items[4].deduction = "abc".into();
        draft.items[5].deduction = "0.125".into();
        draft.points = String::new();
        let problems = draft.check().unwrap_err();
        let found: Vec<(Option<usize>, &str)> = problems
            .iter()
            .map(|p| (p.item, p.problem.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (None, "missing field `points` in the template"),
                (Some(2), "field `text` is empty"),
                (
                    Some(4),
                    "field `deduction` must be a number such as 2 or 0.5, not string"
                ),
                (
                    Some(5),
                    "field `deduction`: `0.125` has more than two decimals"
                ),
            ]
        );
        assert!(problems.iter().all(|p| p.problem.file == "hygiene.toml"));
    }

    #[test]
    fn typed_text_cannot_add_keys() {
        let t = hygiene();
        let mut draft = TemplateDraft::from_template(&t, t.version + 1);
        draft.items[0].deduction = "1\nveto = true".into();
        draft.items[1].text = "a\"\nveto = true\n#".into();
        draft.items[1].reasons = "一\n\n  \n二".into();
        let problems = draft.check().unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].item, Some(0));
        draft.items[0].deduction = " 2.5 ".into();
        let checked = draft.check().unwrap();
        assert_eq!(checked.items[0].deduction, Points::from_hundredths(250));
        assert_eq!(checked.items[1].text, "a\"\nveto = true\n#");
        assert!(!checked.items[1].veto);
        assert_eq!(checked.items[1].reasons, ["一", "二"]);
    }

    #[test]
    fn items_are_added_with_fresh_ids_moved_and_removed() {
        let t = hygiene();
        let mut draft = TemplateDraft::from_template(&t, t.version + 1);
        let n = draft.add_item();
        let id = draft.items[n].id.clone();
        assert!(id.starts_with("item_") && !t.items.iter().any(|i| i.id == id));
        let problems = draft.check().unwrap_err();
        assert!(problems.iter().all(|p| p.item == Some(n)), "{problems:?}");
        draft.items[n].text = "新的检查项".into();
        draft.items[n].guidance = "新的标准".into();
        draft.move_item(n, true);
        draft.move_item(0, true);
        let checked = draft.check().unwrap();
        assert_eq!(checked.items[n - 1].id, id);
        assert_eq!(checked.items[n].id, t.items[n - 1].id);
        draft.remove_item(n - 1);
        assert_eq!(draft.check().unwrap().items.len(), t.items.len());
    }
}
