//! The kinds of item real assessment tables need, scored by hand: an item's own value
//! (分值, its deductions stop at it), N/A scaling by that value, ranged deductions (酌情扣分)
//! and bonus items (加分) lifting an area above its base up to its maximum. Old templates,
//! without any of these, score exactly as before.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use hallcheck::checklist::{BUILTIN, Problem, check_snapshot, parse_template};
use hallcheck::domain::{Answer, Outcome, Points, Rating, RatingBands, Template, score_inspection};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use support::kinds::{WINDOW, window};

fn answer(item: &str, outcome: Outcome, count: u32, rate: Option<i64>) -> Answer {
    Answer {
        template_id: "window_service".into(),
        item_id: item.into(),
        outcome,
        count,
        rate: rate.map(Points::from_hundredths),
    }
}

/// Every item answered: the ones given, the rest 符合 (bonus items 不加分, stored as N/A).
fn answers(given: &[Answer]) -> Vec<Answer> {
    let t = window();
    t.items
        .iter()
        .map(|item| {
            given
                .iter()
                .find(|a| a.item_id == item.id)
                .cloned()
                .unwrap_or_else(|| {
                    let outcome = if item.bonus {
                        Outcome::NotApplicable
                    } else {
                        Outcome::Pass
                    };
                    answer(&item.id, outcome, 1, None)
                })
        })
        .collect()
}

fn score(given: &[Answer]) -> hallcheck::domain::InspectionScore {
    score_inspection(&[window()], &answers(given), &RatingBands::default())
}

#[test]
fn the_window_table_reads_with_every_new_field() {
    let t = window();
    assert_eq!(t.max_points, Some(Points::from_whole(24)));
    assert_eq!(t.bonus_room(), Points::from_whole(4));
    assert_eq!(t.items[0].value, Some(Points::from_whole(6)));
    assert_eq!(
        t.items[1].rate_range(),
        Some((Points::from_whole(3), Points::from_whole(5)))
    );
    assert!(t.items[4].bonus && t.items[5].bonus);
    // Nothing found: the base, no bonus.
    let s = score(&[]);
    assert_eq!(s.earned, Points::from_whole(20));
    assert_eq!(s.bonus, Points::ZERO);
    assert_eq!(s.score, Points::from_whole(100));
}

#[test]
fn an_item_value_stops_its_deductions() {
    // 5 person-times of −2 is 10, but the item is worth 6: it loses 6 (扣完为止).
    // 20 − 6 = 14 of 20 = 70.
    let s = score(&[answer("attitude", Outcome::Fail, 5, None)]);
    assert_eq!(s.areas[0].deducted, Points::from_whole(6));
    assert_eq!(s.earned, Points::from_whole(14));
    assert_eq!(s.score, Points::from_whole(70));
    assert_eq!(s.rating, Rating::Pass);
    // Two person-times (4) stay under the value.
    let s = score(&[answer("attitude", Outcome::Fail, 2, None)]);
    assert_eq!(s.areas[0].deducted, Points::from_whole(4));
    // 11 places of −0.2 is 2.2 against a value of 2.
    let s = score(&[answer("records", Outcome::Fail, 11, None)]);
    assert_eq!(s.areas[0].deducted, Points::from_whole(2));
}

#[test]
fn not_applicable_scales_by_value_where_items_have_one() {
    // Weights by value, else deduction: attitude 6, queue 3, records 2, signage 1 = 12 (the
    // bonus items weigh nothing). records N/A leaves 10 of 12: 20 × 10 / 12 = 16.67.
    let s = score(&[answer("records", Outcome::NotApplicable, 1, None)]);
    assert_eq!(s.areas[0].effective_cap, Points::from_hundredths(1667));
    assert_eq!(s.score, Points::from_whole(100));
    // The same table without values weighs by deduction: 2 + 3 + 0.2 + 1 = 6.2, and taking
    // the 0.2-point records out barely moves the cap: 20 × 6 / 6.2 = 19.35.
    let mut by_deduction = window();
    for item in &mut by_deduction.items {
        item.value = None;
    }
    let s = score_inspection(
        &[by_deduction],
        &answers(&[answer("records", Outcome::NotApplicable, 1, None)]),
        &RatingBands::default(),
    );
    assert_eq!(s.areas[0].effective_cap, Points::from_hundredths(1935));
}

#[test]
fn a_ranged_deduction_scores_the_points_picked() {
    // Picked 4.5 per occurrence, twice: −9. 11 of 20 = 55.
    let s = score(&[answer("queue", Outcome::Fail, 2, Some(450))]);
    assert_eq!(s.areas[0].deducted, Points::from_whole(9));
    assert_eq!(s.score, Points::from_whole(55));
    // Nothing picked: the least of the range, 3.
    let s = score(&[answer("queue", Outcome::Fail, 1, None)]);
    assert_eq!(s.areas[0].deducted, Points::from_whole(3));
    // Scoring holds a pick within the range (the store and the import refuse one outside).
    let s = score(&[answer("queue", Outcome::Fail, 1, Some(900))]);
    assert_eq!(s.areas[0].deducted, Points::from_whole(5));
    let t = window();
    assert_eq!(
        t.items[1].rate(Some(Points::from_whole(1))),
        Points::from_whole(3)
    );
    // A pick means nothing to an item without a range.
    assert_eq!(
        t.items[3].rate(Some(Points::from_whole(4))),
        Points::from_whole(1)
    );
}

#[test]
fn bonus_lifts_the_score_above_the_base_up_to_the_max() {
    // Two praises (+2) over a clean base: 22 of 20 = 110.
    let s = score(&[answer("praise", Outcome::Pass, 2, None)]);
    assert_eq!(s.areas[0].bonus, Points::from_whole(2));
    assert_eq!(s.areas[0].base(), Points::from_whole(20));
    assert_eq!(s.earned, Points::from_whole(22));
    assert_eq!(s.bonus, Points::from_whole(2));
    assert_eq!(s.score, Points::from_whole(110));
    assert_eq!(s.rating, Rating::Excellent);
    // Five praises stop at the item's value 3; with an award (+2) that is 5, but the room
    // above the base is 24 − 20 = 4: the area earns 24, the score 120.
    let s = score(&[
        answer("praise", Outcome::Pass, 5, None),
        answer("award", Outcome::Pass, 1, None),
    ]);
    assert_eq!(s.areas[0].bonus, Points::from_whole(4));
    assert_eq!(s.earned, Points::from_whole(24));
    assert_eq!(s.score, Points::from_whole(120));
    // Bonus is shown apart from deductions: −2 for attitude, +2 for an award.
    let s = score(&[
        answer("attitude", Outcome::Fail, 1, None),
        answer("award", Outcome::Pass, 1, None),
    ]);
    assert_eq!(s.areas[0].deducted, Points::from_whole(2));
    assert_eq!(s.areas[0].lost(), Points::from_whole(2));
    assert_eq!(s.areas[0].bonus, Points::from_whole(2));
    assert_eq!(s.earned, Points::from_whole(20));
    // Bonus is no N/A weight: with records N/A the cap is 16.67 and two praises add 2.
    let s = score(&[
        answer("records", Outcome::NotApplicable, 1, None),
        answer("praise", Outcome::Pass, 2, None),
    ]);
    assert_eq!(s.possible, Points::from_hundredths(1667));
    assert_eq!(s.earned, Points::from_hundredths(1867));
    // With every regular item N/A the area has no base, and no room for bonus either: the
    // praises add nothing (they would otherwise lift the other areas of the inspection).
    let t = window();
    let mut all_na: Vec<_> = t
        .items
        .iter()
        .filter(|i| !i.bonus)
        .map(|i| answer(&i.id, Outcome::NotApplicable, 1, None))
        .collect();
    all_na.push(answer("praise", Outcome::Pass, 2, None));
    let s = score(&all_na);
    assert_eq!(s.areas[0].bonus, Points::ZERO);
    assert_eq!((s.possible, s.earned), (Points::ZERO, Points::ZERO));
    // A bonus item never deducts, whatever is stored.
    let s = score(&[answer("award", Outcome::Fail, 3, None)]);
    assert_eq!(s.earned, Points::from_whole(20));
}

fn problems(text: &str) -> Vec<Problem> {
    parse_template("t.toml", text.as_bytes()).expect_err("the template should be refused")
}

/// The 1-based line of the first line of `text` that starts with `start`, after line `after`.
fn line_of(text: &str, start: &str, after: usize) -> usize {
    text.lines()
        .enumerate()
        .skip(after)
        .find(|(_, l)| l.starts_with(start))
        .map(|(n, _)| n + 1)
        .unwrap()
}

fn assert_one(problems: &[Problem], line: usize, needle: &str) {
    assert!(
        problems
            .iter()
            .any(|p| p.file == "t.toml" && p.line == line && p.message.contains(needle)),
        "no `{needle}` at line {line}: {problems:?}"
    );
}

#[test]
fn bad_new_fields_are_reported_at_their_line() {
    // max_points below points.
    let text = WINDOW.replace("max_points = 24", "max_points = 18");
    assert_one(
        &problems(&text),
        line_of(&text, "max_points", 0),
        "is below `points`",
    );
    // A range whose top is not above its bottom.
    let text = WINDOW.replace("deduction_max = 5", "deduction_max = 3");
    assert_one(
        &problems(&text),
        line_of(&text, "deduction_max", 0),
        "must be above `deduction`",
    );
    // A value below one occurrence's most points (the range's top).
    let text = WINDOW.replace("deduction_max = 5\n", "deduction_max = 5\nvalue = 4\n");
    assert_one(
        &problems(&text),
        line_of(&text, "value = 4", 0),
        "below one occurrence's points (5)",
    );
    let text = WINDOW.replace("value = 6", "value = 0");
    assert_one(
        &problems(&text),
        line_of(&text, "value = 0", 0),
        "must be positive",
    );
    // A bonus veto item, and a bonus worth nothing.
    let text = WINDOW.replace("bonus = true\nunit", "bonus = true\nveto = true\nunit");
    let bonus_line = line_of(&text, "bonus = true", 0);
    assert_one(&problems(&text), bonus_line, "cannot be a veto item");
    let at = line_of(WINDOW, "id = \"award\"", 0);
    let text = WINDOW.replace("deduction = 2\nbonus", "deduction = 0\nbonus");
    assert_one(
        &problems(&text),
        line_of(&text, "bonus = true", at),
        "must be above 0",
    );
    // Bonus items without room above the base: each is reported.
    let text = WINDOW.replace("max_points = 24\n", "");
    let found = problems(&text);
    assert_one(
        &found,
        line_of(&text, "bonus = true", 0),
        "needs the template's `max_points`",
    );
    assert_one(
        &found,
        line_of(&text, "bonus = true", at - 1),
        "needs the template's `max_points`",
    );
    // A misspelt new key is no silent default.
    let text = WINDOW.replace("deduction_max = 5", "deduction_maximum = 5");
    assert_one(
        &problems(&text),
        line_of(&text, "deduction_maximum", 0),
        "unknown field `deduction_maximum`",
    );
}

#[test]
fn a_snapshot_is_held_to_the_same_new_rules() {
    let mut t = window();
    t.items[1].deduction_max = Some(Points::from_whole(2));
    t.items[0].value = Some(Points::from_whole(1));
    t.items[5].veto = true;
    t.max_points = Some(Points::from_whole(10));
    let problems = check_snapshot(&t.snapshot_json()).unwrap_err();
    for field in [
        "max_points: ",
        "items[0].value: ",
        "items[1].deduction_max: ",
        "items[5].bonus: ",
    ] {
        assert!(
            problems.iter().any(|p| p.starts_with(field)),
            "{field}: {problems:?}"
        );
    }
    assert_eq!(check_snapshot(&window().snapshot_json()), Ok(window()));
}

#[test]
fn old_templates_keep_their_snapshot_and_hash() {
    // No new field is written for a template that has none, so a snapshot stored before them
    // is byte for byte the one the same template makes now.
    for (name, text) in BUILTIN {
        let t = parse_template(name, text.as_bytes()).unwrap();
        let json = t.snapshot_json();
        for key in ["max_points", "deduction_max", "\"value\"", "bonus"] {
            assert!(!json.contains(key), "{name}: {key}");
        }
    }
}

/// The scoring rule before values, ranges and bonus, written out again: an item weighs its
/// deduction (each 1 when all weigh 0), deducts deduction × count, an area stops at its cap.
fn old_rule(templates: &[Template], answers: &[Answer]) -> (Points, Points, Points) {
    let mut earned = Points::ZERO;
    let mut possible = Points::ZERO;
    for t in templates {
        let uniform = t.items.iter().all(|i| i.deduction == Points::ZERO);
        let weight = |d: Points| if uniform { 1 } else { d.hundredths() };
        let (mut total, mut applicable, mut deducted) = (0, 0, Points::ZERO);
        for item in &t.items {
            total += weight(item.deduction);
            let a = answers
                .iter()
                .find(|a| a.template_id == t.id && a.item_id == item.id)
                .unwrap();
            if a.outcome != Outcome::NotApplicable {
                applicable += weight(item.deduction);
            }
            if a.outcome == Outcome::Fail {
                deducted += item.deduction.times(a.count.max(1));
            }
        }
        let cap = match t.na_rule {
            hallcheck::domain::NaRule::Scale => t.points.scaled(applicable, total),
            hallcheck::domain::NaRule::CountAsMet => t.points,
        };
        earned += cap - deducted.min(cap);
        possible += cap;
    }
    let score = if possible == Points::ZERO {
        Points::from_whole(100)
    } else {
        Points::from_whole(100).scaled(earned.hundredths(), possible.hundredths())
    };
    (earned, possible, score)
}

#[test]
fn built_in_checklists_score_exactly_as_before() {
    let templates: Vec<Template> = BUILTIN
        .iter()
        .map(|(name, text)| parse_template(name, text.as_bytes()).unwrap())
        .collect();
    let items: usize = templates.iter().map(|t| t.items.len()).sum();
    let outcome = prop::sample::select(vec![Outcome::Pass, Outcome::Fail, Outcome::NotApplicable]);
    let mut runner = TestRunner::new(support::mutate::config(256));
    runner
        .run(
            &prop::collection::vec((outcome, 0u32..30), items),
            |picked| {
                let answers: Vec<Answer> = templates
                    .iter()
                    .flat_map(|t| t.items.iter().map(move |i| (t, i)))
                    .zip(&picked)
                    .map(|((t, i), (outcome, count))| Answer {
                        template_id: t.id.clone(),
                        item_id: i.id.clone(),
                        outcome: *outcome,
                        count: *count,
                        rate: None,
                    })
                    .collect();
                let s = score_inspection(&templates, &answers, &RatingBands::default());
                prop_assert_eq!(
                    (s.earned, s.possible, s.score),
                    old_rule(&templates, &answers)
                );
                prop_assert_eq!(s.bonus, Points::ZERO);
                Ok(())
            },
        )
        .unwrap();
}

#[test]
fn the_editor_keeps_and_checks_the_new_fields() {
    use hallcheck::checklist::TemplateDraft;
    let t = window();
    let mut draft = TemplateDraft::from_template(&t, 2);
    assert_eq!(draft.max_points, "24");
    assert_eq!(
        (
            draft.items[1].deduction_max.as_str(),
            draft.items[0].value.as_str()
        ),
        ("5", "6")
    );
    let mut expected = t.clone();
    expected.version = 2;
    assert_eq!(draft.check(), Ok(expected));
    draft.items[1].deduction_max = "2".into();
    draft.items[3].value = "0.5".into();
    draft.items[5].bonus = false;
    draft.items[3].bonus = true;
    draft.max_points = String::new();
    let problems = draft.check().unwrap_err();
    let found: Vec<(Option<usize>, bool)> = problems
        .iter()
        .map(|p| (p.item, p.problem.file == "window_service.toml"))
        .collect();
    assert_eq!(
        found,
        [
            (Some(1), true),
            (Some(3), true),
            (Some(3), true),
            (Some(4), true)
        ],
        "{problems:?}"
    );
}

/// The window table of checklists/README.md.
fn readme_example() -> String {
    let readme = include_str!("../checklists/README.md");
    let from = readme.find("### 真实考核表").unwrap();
    let start = from + readme[from..].find("```toml\n").unwrap() + "```toml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    readme[start..end].to_owned()
}

#[test]
fn the_readme_example_reads_scores_and_fails_as_documented() {
    let text = readme_example();
    let t = parse_template("window.toml", text.as_bytes()).unwrap();
    let given = [
        ("attitude", Outcome::Fail, 5, None),
        ("queue", Outcome::Fail, 2, Some(450)),
        ("records", Outcome::Pass, 1, None),
        ("praise", Outcome::Pass, 2, None),
    ];
    let answers: Vec<Answer> = given
        .iter()
        .map(|(item, outcome, count, rate)| Answer {
            template_id: t.id.clone(),
            item_id: (*item).into(),
            outcome: *outcome,
            count: *count,
            rate: rate.map(Points::from_hundredths),
        })
        .collect();
    let s = score_inspection(std::slice::from_ref(&t), &answers, &RatingBands::default());
    assert_eq!(
        (s.earned, s.score),
        (Points::from_whole(7), Points::from_whole(35))
    );
    let mut na = answers.clone();
    na[2].outcome = Outcome::NotApplicable;
    let s = score_inspection(&[t], &na, &RatingBands::default());
    assert_eq!(s.possible, Points::from_hundredths(1636));
    // The problems the README prints, at the places it prints them.
    let readme = include_str!("../checklists/README.md");
    for (from, to) in [
        ("max_points = 24", "max_points = 18"),
        ("deduction_max = 5", "deduction_max = 3"),
        ("bonus = true\n", "bonus = true\nveto = true\n"),
    ] {
        let broken = text.replace(from, to);
        let problems = parse_template("window.toml", broken.as_bytes()).unwrap_err();
        // (A max_points refused leaves the bonus item without room: reported after it.)
        let line = problems[0].to_string();
        assert!(readme.contains(&line), "{line}");
    }
}
