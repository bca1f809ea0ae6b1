//! The rules every template meets, whatever form it arrives in: a template file (TOML, problems
//! at line and column) or the snapshot an import carries (JSON, problems at a field path). Both
//! forms call these same checks, so a snapshot is held to exactly what a template file is.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::domain::{Area, Points, Template};

/// The fields of a template, in either form.
pub(crate) const TEMPLATE_KEYS: [&str; 10] = [
    "id",
    "version",
    "name",
    "name_en",
    "area",
    "points",
    "max_points",
    "na_rule",
    "optional",
    "items",
];
/// The fields a template file adds to declare a new area (a snapshot carries the area's
/// definition in `area` itself).
pub(crate) const AREA_KEYS: [&str; 2] = ["area_name", "area_name_en"];
/// The fields of an item, in either form.
pub(crate) const ITEM_KEYS: [&str; 15] = [
    "id",
    "text",
    "text_en",
    "deduction",
    "deduction_max",
    "value",
    "bonus",
    "unit",
    "veto",
    "photo_required",
    "guidance",
    "guidance_en",
    "reasons",
    "reason_required",
    "violation",
];

/// What `version` must be.
pub(crate) const VERSION_RULE: &str = "field `version` must be a whole number ≥ 1";

/// A template or item id: lowercase letters a–z, digits and `_`.
pub(crate) fn id(id: &str) -> Result<(), String> {
    let valid = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{id}` is not a valid id: use lowercase letters a–z, digits and `_`"
        ))
    }
}

/// A template version: at least 1.
pub(crate) fn version(version: u32) -> Result<(), String> {
    if version >= 1 {
        Ok(())
    } else {
        Err(VERSION_RULE.into())
    }
}

/// A text field: something besides white space.
/// The `area` of a template file: a built-in code as it is, or a new code with its names
/// (the file gives `area_name`, and `area_name_en` if it likes).
pub(crate) fn area(code: &str, name: bool, name_en: bool) -> Result<(), String> {
    let known = || {
        Area::BUILTIN
            .iter()
            .map(|a| a.code())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (Area::builtin(code), name) {
        (Some(_), false) if !name_en => Ok(()),
        (Some(_), _) => Err(format!(
            "area `{code}` is built in: `area_name` and `area_name_en` are only for a new area"
        )),
        (None, _) if !Area::valid_code(code) => Err(format!(
            "`{code}` cannot name an area: one of {}, or a new code of lowercase letters, \
             digits and _ (at most 32) with `area_name`",
            known()
        )),
        (None, false) => Err(format!(
            "unknown area `{code}` (one of: {}); a new area needs `area_name`, its Chinese name",
            known()
        )),
        (None, true) => Ok(()),
    }
}

pub(crate) fn text(key: &str, value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        Err(format!("field `{key}` is empty"))
    } else {
        Ok(())
    }
}

fn at_most_max(key: &str, points: Points) -> Result<(), String> {
    if points > Points::MAX {
        Err(format!(
            "field `{key}` is too large: {points} (at most {})",
            Points::MAX
        ))
    } else {
        Ok(())
    }
}

/// An area's cap: positive, at most [`Points::MAX`].
pub(crate) fn cap(points: Points) -> Result<(), String> {
    if points <= Points::ZERO {
        return Err(format!(
            "field `points` (the area's cap) must be positive, not {points}"
        ));
    }
    at_most_max("points", points)
}

/// An item's deduction: not negative, at most [`Points::MAX`].
pub(crate) fn deduction(points: Points) -> Result<(), String> {
    if points.is_negative() {
        return Err(format!(
            "field `deduction` must not be negative (write the points lost, e.g. 2), not {points}"
        ));
    }
    at_most_max("deduction", points)
}

/// The area's maximum with bonus (`max_points`): at least its base `points`, at most
/// [`Points::MAX`].
pub(crate) fn max_points(points: Points, max: Points) -> Result<(), String> {
    if max < points {
        return Err(format!(
            "field `max_points` ({max}) is below `points` ({points}): it is the most the area can score with bonus items"
        ));
    }
    at_most_max("max_points", max)
}

/// A ranged deduction's top (`deduction_max`): above `deduction`, the range's bottom.
pub(crate) fn deduction_max(deduction: Points, max: Points) -> Result<(), String> {
    if max <= deduction {
        return Err(format!(
            "field `deduction_max` ({max}) must be above `deduction` ({deduction}), the least of the range; for a fixed deduction leave it out"
        ));
    }
    at_most_max("deduction_max", max)
}

/// An item's own value (`value`): positive and at least one occurrence's most points.
pub(crate) fn value(rate_max: Points, value: Points) -> Result<(), String> {
    if value <= Points::ZERO {
        return Err(format!("field `value` must be positive, not {value}"));
    }
    if value < rate_max {
        return Err(format!(
            "field `value` ({value}) is below one occurrence's points ({rate_max}): the item's points stop at its value"
        ));
    }
    at_most_max("value", value)
}

/// A bonus item: it adds points, so it is no veto and adds more than 0.
pub(crate) fn bonus(deduction: Points, veto: bool) -> Result<(), String> {
    if veto {
        return Err("a bonus item (`bonus = true`) cannot be a veto item".into());
    }
    if deduction <= Points::ZERO {
        return Err("a bonus item adds its `deduction` per occurrence: it must be above 0".into());
    }
    Ok(())
}

/// Bonus items need room above the base: `max_points` above `points`.
pub(crate) fn bonus_room(points: Points, max: Option<Points>) -> Result<(), String> {
    match max {
        Some(max) if max > points => Ok(()),
        _ => Err(format!(
            "a bonus item needs the template's `max_points` above `points` ({points}), e.g. max_points = {}",
            points + Points::from_whole(10)
        )),
    }
}

/// The item list: not empty.
pub(crate) fn has_items(count: usize) -> Result<(), String> {
    if count == 0 {
        Err("the template has no items".into())
    } else {
        Ok(())
    }
}

/// A common reason offered for an item: a note, so not empty and within a note's length.
pub(crate) fn reason(value: &str) -> Result<(), String> {
    text("reasons", value)?;
    if value.chars().count() > crate::domain::NOTE_MAX_CHARS {
        return Err(format!(
            "a reason is at most {} characters",
            crate::domain::NOTE_MAX_CHARS
        ));
    }
    Ok(())
}

/// An item id seen a second time.
pub(crate) fn duplicate_item(id: &str) -> String {
    format!("duplicate item id `{id}`")
}

/// Every rule above over a whole template, each problem as `field: message`.
pub fn check_template(template: &Template) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |field: &str, result: Result<(), String>| {
        if let Err(message) = result {
            problems.push(format!("{field}: {message}"));
        }
    };
    check("id", id(&template.id));
    check("version", version(template.version));
    check("name", text("name", &template.name));
    if let Some(name_en) = &template.name_en {
        check("name_en", text("name_en", name_en));
    }
    check("points", cap(template.points));
    if let Some(max) = template.max_points {
        check("max_points", max_points(template.points, max));
    }
    check("items", has_items(template.items.len()));
    let mut ids = BTreeSet::new();
    for (n, item) in template.items.iter().enumerate() {
        let at = |field: &str| format!("items[{n}].{field}");
        check(&at("id"), self::id(&item.id));
        if !ids.insert(item.id.as_str()) {
            check(&at("id"), Err(duplicate_item(&item.id)));
        }
        check(&at("text"), text("text", &item.text));
        check(&at("guidance"), text("guidance", &item.guidance));
        for (key, value) in [
            ("text_en", &item.text_en),
            ("guidance_en", &item.guidance_en),
            ("violation", &item.violation),
        ] {
            if let Some(value) = value {
                check(&at(key), text(key, value));
            }
        }
        check(&at("deduction"), deduction(item.deduction));
        if let Some(max) = item.deduction_max {
            check(&at("deduction_max"), deduction_max(item.deduction, max));
        }
        if let Some(v) = item.value {
            check(
                &at("value"),
                self::value(item.deduction_max.unwrap_or(item.deduction), v),
            );
        }
        if item.bonus {
            check(&at("bonus"), bonus(item.deduction, item.veto));
            check(
                &at("bonus"),
                bonus_room(template.points, template.max_points),
            );
        }
        for (r, reason_text) in item.reasons.iter().enumerate() {
            check(&at(&format!("reasons[{r}]")), reason(reason_text));
        }
    }
    problems
}

/// Fields of `value` (an object) that a template or item does not have, as `field: message`.
fn unknown_keys(value: &Value, allowed: &[&str], what: &str, problems: &mut Vec<String>) {
    let Some(object) = value.as_object() else {
        return;
    };
    for key in object.keys().filter(|k| !allowed.contains(&k.as_str())) {
        problems.push(format!(
            "{what}: unknown field `{key}` (allowed: {})",
            allowed.join(", ")
        ));
    }
}

/// Reads a template snapshot (the JSON an inspection keeps) and holds it to the rules of a
/// template file: no unknown fields, every field of its type, then [`check_template`].
/// Returns every problem found, each as `field: message`.
pub fn check_snapshot(json: &str) -> Result<Template, Vec<String>> {
    let value: Value =
        serde_json::from_str(json).map_err(|e| vec![format!("not a checklist snapshot: {e}")])?;
    let mut problems = Vec::new();
    unknown_keys(&value, &TEMPLATE_KEYS, "the template", &mut problems);
    if let Some(items) = value.get("items").and_then(Value::as_array) {
        for (n, item) in items.iter().enumerate() {
            unknown_keys(item, &ITEM_KEYS, &format!("items[{n}]"), &mut problems);
        }
    }
    let template: Template = match serde_path_to_error::deserialize(&value) {
        Ok(t) => t,
        Err(e) => {
            problems.push(format!("{}: {}", e.path(), e.inner()));
            return Err(problems);
        }
    };
    problems.extend(check_template(&template));
    if problems.is_empty() {
        Ok(template)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_snapshots_meet_the_rules() {
        let (loaded, problems) = crate::checklist::builtin();
        assert!(problems.is_empty());
        for l in loaded {
            let snapshot = l.template.snapshot_json();
            assert_eq!(check_snapshot(&snapshot), Ok(l.template));
        }
    }

    #[test]
    fn a_snapshot_reports_every_problem() {
        let (loaded, _) = crate::checklist::builtin();
        let mut template = loaded[0].template.clone();
        template.points = Points::ZERO;
        template.items[1].deduction = Points::from_hundredths(-50);
        template.items[2].id = template.items[0].id.clone();
        let problems = check_snapshot(&template.snapshot_json()).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("points: "), "{problems:?}");
        assert!(
            problems[1].starts_with("items[1].deduction: "),
            "{problems:?}"
        );
        assert!(problems[2].contains("duplicate item id"), "{problems:?}");
    }
}
