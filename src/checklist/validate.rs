//! Raw TOML → [`Template`], collecting every problem of a file with its line and column.

use std::collections::BTreeSet;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::checklist::Problem;
use crate::checklist::rules::{self, AREA_KEYS, ITEM_KEYS, TEMPLATE_KEYS};
use crate::domain::{Area, Item, NaRule, Points, Template, Unit};

/// Collects problems of one file, turning byte offsets into line and column.
struct Report<'a> {
    file: &'a str,
    text: &'a str,
    problems: Vec<Problem>,
}

impl Report<'_> {
    fn at(&mut self, offset: usize, message: impl Into<String>) {
        let (line, col) = line_col(self.text, offset);
        self.problems.push(Problem {
            file: self.file.to_owned(),
            line,
            col,
            message: message.into(),
        });
    }
}

/// 1-based line and character column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// The 1-based line of the first top-level `key =` in a file, or 1.
pub(crate) fn line_of_key(bytes: &[u8], key: &str) -> usize {
    let text = String::from_utf8_lossy(bytes);
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

/// Typed access to one table's fields, reporting missing, empty and mistyped ones.
struct Fields<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Range<usize>,
    what: String,
}

impl<'t, 'i> Fields<'t, 'i> {
    fn value(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    fn missing(&self, report: &mut Report, key: &str) {
        report.at(
            self.span.start,
            format!("missing field `{key}` in {}", self.what),
        );
    }

    fn string(&self, report: &mut Report, key: &str, required: bool) -> Option<String> {
        let Some(v) = self.value(key) else {
            if required {
                self.missing(report, key);
            }
            return None;
        };
        match v.get_ref().as_str() {
            Some(s) => match rules::text(key, s) {
                Ok(()) => Some(s.trim().to_owned()),
                Err(message) => {
                    report.at(v.span().start, message);
                    None
                }
            },
            None => {
                report.at(
                    v.span().start,
                    format!(
                        "field `{key}` must be a string, not {}",
                        v.get_ref().type_str()
                    ),
                );
                None
            }
        }
    }

    fn id(&self, report: &mut Report, key: &str) -> Option<(String, usize)> {
        let offset = self.value(key).map_or(self.span.start, |v| v.span().start);
        let id = self.string(report, key, true)?;
        match rules::id(&id) {
            Ok(()) => Some((id, offset)),
            Err(message) => {
                report.at(offset, message);
                None
            }
        }
    }

    fn bool(&self, report: &mut Report, key: &str) -> Option<bool> {
        let v = self.value(key)?;
        match v.get_ref().as_bool() {
            Some(b) => Some(b),
            None => {
                report.at(
                    v.span().start,
                    format!(
                        "field `{key}` must be true or false, not {}",
                        v.get_ref().type_str()
                    ),
                );
                None
            }
        }
    }

    /// A list of texts, each checked as a reason.
    fn strings(&self, report: &mut Report, key: &str) -> Option<Vec<String>> {
        let v = self.value(key)?;
        let Some(array) = v.get_ref().as_array() else {
            report.at(
                v.span().start,
                format!(
                    "field `{key}` must be a list of strings, not {}",
                    v.get_ref().type_str()
                ),
            );
            return None;
        };
        let mut out = Vec::with_capacity(array.len());
        for entry in array {
            match entry.get_ref().as_str() {
                Some(s) => match rules::reason(s) {
                    Ok(()) => out.push(s.trim().to_owned()),
                    Err(message) => report.at(entry.span().start, message),
                },
                None => report.at(
                    entry.span().start,
                    format!("each of `{key}` must be a string"),
                ),
            }
        }
        (out.len() == array.len()).then_some(out)
    }

    /// An optional number of points: `None` when the key is absent or (reported) invalid.
    fn optional_points(&self, report: &mut Report, key: &str) -> Option<(Points, usize)> {
        self.value(key)?;
        self.points(report, key)
    }

    /// A number of points: an integer or a decimal with at most two decimals.
    fn points(&self, report: &mut Report, key: &str) -> Option<(Points, usize)> {
        let Some(v) = self.value(key) else {
            self.missing(report, key);
            return None;
        };
        let offset = v.span().start;
        let text = match v.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => i.as_str().to_owned(),
            DeValue::Float(f) => f.as_str().to_owned(),
            other => {
                report.at(
                    offset,
                    format!(
                        "field `{key}` must be a number such as 2 or 0.5, not {}",
                        other.type_str()
                    ),
                );
                return None;
            }
        };
        match Points::parse(&text) {
            Ok(p) => Some((p, offset)),
            Err(err) => {
                report.at(offset, format!("field `{key}`: {err}"));
                None
            }
        }
    }

    fn unknown_keys(&self, report: &mut Report, allowed: &[&str]) {
        for (key, _) in self.table.iter() {
            if !allowed.contains(&key.get_ref().as_ref()) {
                report.at(
                    key.span().start,
                    format!(
                        "unknown field `{}` in {} (allowed: {})",
                        key.get_ref(),
                        self.what,
                        allowed.join(", ")
                    ),
                );
            }
        }
    }
}

/// Parses and validates one template file. `file` names it in problems.
///
/// Every problem found is returned, not just the first.
pub fn parse_template(file: &str, bytes: &[u8]) -> Result<Template, Vec<Problem>> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = &bytes[..err.valid_up_to()];
            let valid_text = std::str::from_utf8(valid).unwrap_or_default();
            let (line, col) = line_col(valid_text, valid_text.len());
            return Err(vec![Problem {
                file: file.to_owned(),
                line,
                col,
                message: "the file is not UTF-8 text: save it as UTF-8".into(),
            }]);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut report = Report {
        file,
        text,
        problems: Vec::new(),
    };
    let (root, errors) = DeTable::parse_recoverable(text);
    for err in &errors {
        let offset = err.span().map_or(0, |s| s.start);
        report.at(offset, format!("TOML syntax: {}", err.message().trim()));
    }
    if !errors.is_empty() {
        return Err(report.problems);
    }
    let root_fields = Fields {
        table: root.get_ref(),
        span: 0..0,
        what: "the template".into(),
    };
    let allowed: Vec<&str> = TEMPLATE_KEYS.iter().chain(&AREA_KEYS).copied().collect();
    root_fields.unknown_keys(&mut report, &allowed);
    let id = root_fields.id(&mut report, "id");
    let version = match root_fields.value("version") {
        None => {
            root_fields.missing(&mut report, "version");
            None
        }
        Some(v) => match v
            .get_ref()
            .as_integer()
            .map(|i| i.as_str().replace('_', ""))
        {
            Some(s) => match s.parse::<u32>().map_err(|_| rules::VERSION_RULE.to_owned()) {
                Ok(n) => match rules::version(n) {
                    Ok(()) => Some(n),
                    Err(message) => {
                        report.at(v.span().start, message);
                        None
                    }
                },
                Err(message) => {
                    report.at(v.span().start, message);
                    None
                }
            },
            None => {
                report.at(v.span().start, rules::VERSION_RULE);
                None
            }
        },
    };
    let name = root_fields.string(&mut report, "name", true);
    let name_en = root_fields.string(&mut report, "name_en", false);
    let area_code = match root_fields.value("area") {
        None => {
            root_fields.missing(&mut report, "area");
            None
        }
        Some(v) => Some((
            v.get_ref().as_str().unwrap_or_default().to_owned(),
            v.span().start,
        )),
    };
    let area_name = root_fields.string(&mut report, "area_name", false);
    let area_name_en = root_fields.string(&mut report, "area_name_en", false);
    let optional = root_fields.bool(&mut report, "optional").unwrap_or(false);
    let points = root_fields
        .points(&mut report, "points")
        .and_then(|(p, at)| match rules::cap(p) {
            Ok(()) => Some(p),
            Err(message) => {
                report.at(at, message);
                None
            }
        });
    let max_points = root_fields
        .optional_points(&mut report, "max_points")
        .and_then(|(max, at)| {
            let base = points?;
            match rules::max_points(base, max) {
                Ok(()) => Some(max),
                Err(message) => {
                    report.at(at, message);
                    None
                }
            }
        });
    let na_rule = match root_fields.value("na_rule") {
        None => Some(NaRule::default()),
        Some(v) => match v.get_ref().as_str() {
            Some("scale") => Some(NaRule::Scale),
            Some("count_as_met") => Some(NaRule::CountAsMet),
            _ => {
                report.at(
                    v.span().start,
                    "field `na_rule` must be \"scale\" or \"count_as_met\"",
                );
                None
            }
        },
    };
    let items = parse_items(&mut report, &root_fields, points.map(|p| (p, max_points)));
    let area = area_code.and_then(|(code, at)| {
        match rules::area(&code, area_name.is_some(), area_name_en.is_some()) {
            Ok(()) => Some(code),
            Err(message) => {
                report.at(at, message);
                None
            }
        }
    });
    match (id, version, name, area, points, na_rule, items) {
        (
            Some((id, _)),
            Some(version),
            Some(name),
            Some(area),
            Some(points),
            Some(na_rule),
            Some(items),
        ) if report.problems.is_empty() => Ok(Template {
            id,
            version,
            name,
            name_en,
            area: Area::declare(
                &area,
                area_name.as_deref().unwrap_or_default(),
                area_name_en.as_deref().unwrap_or_default(),
                points,
            ),
            points,
            max_points,
            na_rule,
            optional,
            items,
        }),
        _ => Err(report.problems),
    }
}

/// The items; `base` is the template's points and max points when they are valid (a bonus
/// item needs room above the base).
fn parse_items(
    report: &mut Report,
    root: &Fields,
    base: Option<(Points, Option<Points>)>,
) -> Option<Vec<Item>> {
    let Some(value) = root.value("items") else {
        root.missing(report, "items");
        return None;
    };
    let Some(array) = value.get_ref().as_array() else {
        report.at(
            value.span().start,
            "field `items` must be a list of [[items]] tables",
        );
        return None;
    };
    if let Err(message) = rules::has_items(array.len()) {
        report.at(value.span().start, message);
        return None;
    }
    let mut items = Vec::with_capacity(array.len());
    let mut ids = BTreeSet::new();
    let mut all_ok = true;
    for (n, entry) in array.iter().enumerate() {
        let Some(table) = entry.get_ref().as_table() else {
            report.at(
                entry.span().start,
                format!("item {} must be a table", n + 1),
            );
            all_ok = false;
            continue;
        };
        let fields = Fields {
            table,
            span: entry.span(),
            what: format!("item {}", n + 1),
        };
        let before = report.problems.len();
        fields.unknown_keys(report, &ITEM_KEYS);
        let id = fields.id(report, "id");
        if let Some((id, at)) = &id
            && !ids.insert(id.clone())
        {
            report.at(*at, rules::duplicate_item(id));
        }
        let text = fields.string(report, "text", true);
        let text_en = fields.string(report, "text_en", false);
        let guidance = fields.string(report, "guidance", true);
        let guidance_en = fields.string(report, "guidance_en", false);
        let violation = fields.string(report, "violation", false);
        let deduction =
            fields
                .points(report, "deduction")
                .and_then(|(p, at)| match rules::deduction(p) {
                    Ok(()) => Some(p),
                    Err(message) => {
                        report.at(at, message);
                        None
                    }
                });
        let deduction_max =
            fields
                .optional_points(report, "deduction_max")
                .and_then(|(max, at)| {
                    let min = deduction?;
                    match rules::deduction_max(min, max) {
                        Ok(()) => Some(max),
                        Err(message) => {
                            report.at(at, message);
                            None
                        }
                    }
                });
        let value = fields
            .optional_points(report, "value")
            .and_then(|(value, at)| {
                let top = deduction_max.or(deduction)?;
                match rules::value(top, value) {
                    Ok(()) => Some(value),
                    Err(message) => {
                        report.at(at, message);
                        None
                    }
                }
            });
        let unit = match fields.value("unit") {
            None => {
                fields.missing(report, "unit");
                None
            }
            Some(v) => {
                let unit = v.get_ref().as_str().and_then(Unit::from_code);
                if unit.is_none() {
                    report.at(
                        v.span().start,
                        "field `unit` must be \"per_occurrence\", \"per_place\" or \"per_person_time\"",
                    );
                }
                unit
            }
        };
        let veto = fields.bool(report, "veto");
        let photo_required = fields.bool(report, "photo_required");
        let reason_required = fields.bool(report, "reason_required");
        let reasons = fields.strings(report, "reasons");
        let bonus = fields.bool(report, "bonus").unwrap_or(false);
        if bonus && let Some(at) = fields.value("bonus").map(|v| v.span().start) {
            if let Some(deduction) = deduction
                && let Err(message) = rules::bonus(deduction, veto.unwrap_or(false))
            {
                report.at(at, message);
            }
            if let Some((points, max)) = base
                && let Err(message) = rules::bonus_room(points, max)
            {
                report.at(at, message);
            }
        }
        if report.problems.len() != before {
            all_ok = false;
            continue;
        }
        if let (Some((id, _)), Some(text), Some(guidance), Some(deduction), Some(unit)) =
            (id, text, guidance, deduction, unit)
        {
            items.push(Item {
                id,
                text,
                text_en,
                deduction,
                deduction_max,
                value,
                bonus,
                unit,
                veto: veto.unwrap_or(false),
                photo_required: photo_required.unwrap_or(false),
                guidance,
                guidance_en,
                reasons: reasons.unwrap_or_default(),
                violation,
                reason_required: reason_required.unwrap_or(true),
            });
        }
    }
    all_ok.then_some(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "a = 1\n名称 = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        // "名称 " is 7 bytes; the `=` is the 4th character of line 2.
        assert_eq!(line_col(text, 6 + 7), (2, 4));
    }
}
