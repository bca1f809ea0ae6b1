//! Property tests of the template parser and the snapshot reader: any input — arbitrary bytes,
//! built-in templates with bytes changed or cut short, deep nesting, huge numbers — gives a
//! template or located problems, never a panic, within a bounded time; and whatever is accepted
//! meets the template rules. And the writer: any valid template, written as a file, reads back
//! as the same template.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::{Duration, Instant};

use hallcheck::checklist::{
    BUILTIN, check_snapshot, check_template, parse_template, write_template,
};
use hallcheck::domain::{Area, Item, NaRule, Points, Template, Unit};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use support::mutate::{self, ByteEdit, ValueEdit};

/// The longest a single parse may take (debug build, loaded machine).
const LIMIT: Duration = Duration::from_secs(2);

/// Parses `bytes` as a template file and checks the answer.
fn parsed(bytes: &[u8]) -> Result<(), TestCaseError> {
    let start = Instant::now();
    let result = parse_template("prop.toml", bytes);
    prop_assert!(start.elapsed() < LIMIT, "took {:?}", start.elapsed());
    match result {
        Ok(template) => {
            let broken = check_template(&template);
            prop_assert!(broken.is_empty(), "accepted against the rules: {broken:?}");
        }
        Err(problems) => {
            prop_assert!(!problems.is_empty());
            let lines = bytes.iter().filter(|b| **b == b'\n').count() + 1;
            for p in &problems {
                prop_assert!(p.file == "prop.toml" && p.line >= 1 && p.col >= 1, "{p:?}");
                prop_assert!(p.line <= lines, "line {} of {lines}: {p:?}", p.line);
            }
        }
    }
    Ok(())
}

fn builtin(n: usize) -> &'static [u8] {
    BUILTIN[n % BUILTIN.len()].1.as_bytes()
}

#[test]
fn any_bytes_give_a_template_or_problems() {
    let mut runner = TestRunner::new(mutate::config(256));
    runner
        .run(&prop::collection::vec(any::<u8>(), 0..2048), |bytes| {
            parsed(&bytes)
        })
        .unwrap();
}

#[test]
fn changed_and_truncated_templates_give_a_template_or_problems() {
    let mut runner = TestRunner::new(mutate::config(512));
    let edits = prop::collection::vec(mutate::byte_edit(), 1..8);
    runner
        .run(
            &(any::<usize>(), edits),
            |(n, edits): (usize, Vec<ByteEdit>)| parsed(&mutate::apply_bytes(builtin(n), &edits)),
        )
        .unwrap();
}

#[test]
fn deep_nesting_is_refused_in_bounded_time() {
    let mut runner = TestRunner::new(mutate::config(24));
    runner
        .run(
            &(any::<usize>(), 1usize..50_000, any::<bool>()),
            |(n, depth, objects)| {
                let inner = if objects {
                    format!("{}1{}", "{a=".repeat(depth), "}".repeat(depth))
                } else {
                    mutate::nested(depth, false)
                };
                let text = String::from_utf8_lossy(builtin(n)).replacen(
                    "points = ",
                    &format!("x = {inner}\npoints = "),
                    1,
                );
                parsed(text.as_bytes())
            },
        )
        .unwrap();
}

#[test]
fn huge_and_odd_numbers_give_a_template_or_problems() {
    let numbers = prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| format!("{f:?}")),
        prop::sample::select(vec![
            "99999999999999999999",
            "1e308",
            "-1e400",
            "0x7fffffff",
            "1_000_000",
            "10000000.01",
            "10000000.001",
            "-0",
            "+inf",
            "nan",
            "4294967296",
        ])
        .prop_map(str::to_owned),
    ];
    let mut runner = TestRunner::new(mutate::config(256));
    runner
        .run(
            &(
                any::<usize>(),
                prop::sample::select(vec!["points", "deduction", "version"]),
                numbers,
            ),
            |(n, key, number)| {
                let text = String::from_utf8_lossy(builtin(n)).replacen(
                    &format!("\n{key} = "),
                    &format!("\n{key} = {number}\n_was = "),
                    1,
                );
                parsed(text.as_bytes())
            },
        )
        .unwrap();
}

#[test]
fn any_snapshot_gives_a_template_that_meets_the_rules_or_problems() {
    let (loaded, _) = hallcheck::checklist::builtin();
    let snapshots: Vec<serde_json::Value> = loaded
        .iter()
        .map(|l| serde_json::from_str(&l.template.snapshot_json()).unwrap())
        .collect();
    let mut runner = TestRunner::new(mutate::config(512));
    let edits = prop::collection::vec(mutate::value_edit(), 1..4);
    runner
        .run(
            &(any::<usize>(), edits),
            |(n, edits): (usize, Vec<ValueEdit>)| {
                let mut doc = snapshots[n % snapshots.len()].clone();
                for edit in &edits {
                    mutate::apply_value(&mut doc, edit);
                }
                let start = Instant::now();
                let result = check_snapshot(&doc.to_string());
                prop_assert!(start.elapsed() < LIMIT);
                match result {
                    Ok(template) => prop_assert!(check_template(&template).is_empty()),
                    Err(problems) => prop_assert!(!problems.is_empty()),
                }
                Ok(())
            },
        )
        .unwrap();
    runner
        .run(&prop::collection::vec(any::<u8>(), 0..512), |bytes| {
            prop_assert!(check_snapshot(&String::from_utf8_lossy(&bytes)).is_err());
            Ok(())
        })
        .unwrap();
}

/// A text as the parser keeps it: trimmed and not empty (any characters, new lines, quotes
/// and backslashes included).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{1,40}",
        any::<String>(),
        prop::sample::select(vec![
            "\"'\\",
            "a\nb",
            "'''",
            "\"\"\"x",
            "# 注释",
            "a\u{7f}\u{0}b",
            "“四净四无”（地面、桌面）",
        ])
        .prop_map(str::to_owned),
    ]
    .prop_map(|s: String| s.trim().to_owned())
    .prop_filter("not empty", |s| !s.is_empty())
}

fn points(min: i64) -> impl Strategy<Value = Points> {
    prop_oneof![
        (min..=2_000).prop_map(Points::from_hundredths),
        (min..=Points::MAX.hundredths()).prop_map(Points::from_hundredths),
    ]
}

fn item() -> impl Strategy<Value = Item> {
    let unit = prop::sample::select(vec![
        Unit::PerOccurrence,
        Unit::PerPlace,
        Unit::PerPersonTime,
    ]);
    (
        (
            text(),
            prop::option::of(text()),
            prop::option::of(text()),
            points(0),
            unit,
        ),
        any::<(bool, bool, bool)>(),
        (
            text(),
            prop::option::of(text()),
            prop::collection::vec(text(), 0..4),
        ),
        (
            prop::option::of(1i64..=2_000),
            prop::option::of(0i64..=2_000),
            any::<bool>(),
        ),
    )
        .prop_map(|(head, flags, rule, scoring)| {
            let (text, text_en, violation, deduction, unit) = head;
            let (veto, photo_required, reason_required) = flags;
            let (guidance, guidance_en, reasons) = rule;
            let (range, value, bonus) = scoring;
            // A range above the deduction, a value at least one occurrence's most and
            // positive, a bonus neither veto nor worth 0: each only where it fits.
            let below_max = |p: Points| (p <= Points::MAX).then_some(p);
            let deduction_max =
                range.and_then(|e| below_max(deduction + Points::from_hundredths(e)));
            let top = deduction_max.unwrap_or(deduction);
            let value = value
                .and_then(|e| below_max(top + Points::from_hundredths(e)))
                .filter(|v| *v > Points::ZERO);
            let bonus = bonus && !veto && deduction > Points::ZERO;
            Item {
                id: String::new(),
                text,
                text_en,
                violation,
                deduction,
                deduction_max,
                value,
                bonus,
                unit,
                veto,
                photo_required,
                guidance,
                guidance_en,
                reasons,
                reason_required,
            }
        })
}

fn template() -> impl Strategy<Value = Template> {
    let na_rule = prop::sample::select(vec![NaRule::Scale, NaRule::CountAsMet]);
    (
        (
            "[a-z0-9_]{1,12}",
            1u32..=u32::MAX,
            text(),
            prop::option::of(text()),
        ),
        (
            prop::sample::select(Area::BUILTIN.to_vec()),
            points(1),
            na_rule,
            prop::option::of(0i64..=2_000),
        ),
        prop::collection::vec(("[a-z0-9_]{1,10}", item()), 1..6),
    )
        .prop_map(|(head, scoring, mut items)| {
            let (id, version, name, name_en) = head;
            let (area, points, na_rule, room) = scoring;
            // Bonus items need room above the base; without it they are plain items.
            let bonus = items.iter().any(|(_, i)| i.bonus);
            let room = if bonus { room.map(|r| r.max(1)) } else { room };
            let max_points = room
                .map(|r| points + Points::from_hundredths(r))
                .filter(|m| *m <= Points::MAX);
            if max_points.is_none_or(|m| m == points) {
                for (_, item) in &mut items {
                    item.bonus = false;
                }
            }
            Template {
                id,
                version,
                name,
                name_en,
                area,
                points,
                max_points,
                na_rule,
                optional: false,
                // Ids unique within the template: the position is part of each.
                items: items
                    .into_iter()
                    .enumerate()
                    .map(|(n, (id, item))| Item {
                        id: format!("{id}_{n}"),
                        ..item
                    })
                    .collect(),
            }
        })
}

#[test]
fn any_valid_template_reads_back_as_written() {
    let mut runner = TestRunner::new(mutate::config(256));
    runner
        .run(&template(), |t| {
            let broken = check_template(&t);
            prop_assert!(broken.is_empty(), "{broken:?}");
            let text = write_template(&t);
            let read = parse_template("written.toml", text.as_bytes());
            prop_assert_eq!(read, Ok(t), "{}", text);
            Ok(())
        })
        .unwrap();
}
