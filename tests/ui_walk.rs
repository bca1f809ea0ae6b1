//! The inspection walk driven through the real app on a temp database with egui_kittest.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use egui::{Key, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hallcheck::checklist::load_catalog;
use hallcheck::domain::{Answer, Outcome, RatingBands, Status, score_inspection};
use hallcheck::store::{InspectionFilter, SortKey, Store};
use hallcheck::ui::{App, Screen};
use support::ui::{assert_no_error, item_count, nav, type_into, walking};

/// The answer to give item `n` of the walk: mostly passes, some N/A, some fails where no photo
/// is required.
fn planned(n: usize, photo_required: bool) -> Outcome {
    if n % 7 == 3 && !photo_required {
        Outcome::Fail
    } else if n % 11 == 5 {
        Outcome::NotApplicable
    } else {
        Outcome::Pass
    }
}

/// Answers the first `limit` items by keyboard; returns the answers given.
fn answer_by_keyboard(h: &mut Harness<'_, App>, limit: usize) -> Vec<Answer> {
    let catalog = load_catalog(None);
    let mut answers = Vec::new();
    let mut n = 0;
    for template in catalog.walked() {
        for item in &template.items {
            if n == limit {
                return answers;
            }
            let outcome = planned(n, item.photo_required);
            match outcome {
                Outcome::Pass => h.key_press(Key::Num1),
                Outcome::Fail => h.key_press(Key::Num2),
                Outcome::NotApplicable => h.key_press(Key::Num3),
            }
            h.run();
            if outcome == Outcome::Fail {
                // A fail stays on the item with the keyboard in its count; Alt+1 gives the
                // first reason its checklist offers, Enter moves on.
                h.key_press_modifiers(egui::Modifiers::ALT, Key::Num1);
                h.run();
                h.key_press(Key::Enter);
                h.run();
            }
            answers.push(Answer {
                template_id: template.id.clone(),
                item_id: item.id.clone(),
                outcome,
                count: 1,
                rate: None,
            });
            n += 1;
        }
    }
    answers
}

#[test]
fn walk_by_keyboard_scores_like_the_domain_and_lands_in_history() {
    let (env, mut h) = walking("城东营业厅", "张三");

    let total = item_count();
    let answers = answer_by_keyboard(&mut h, total);
    assert_eq!(answers.len(), total);

    let templates: Vec<_> = load_catalog(None).into_templates();
    let expected = score_inspection(&templates, &answers, &RatingBands::default());
    assert!(expected.unanswered.is_empty());
    assert!(
        expected.score.hundredths() < 10_000,
        "some fails should cost points"
    );
    // The running score on screen is the domain's.
    h.get_by_label(&format!("当前得分 {}", expected.score));
    h.get_by_label(&format!("已答 {total} / {total}"));

    h.get_by_role_and_label(Role::Button, "提交…").click();
    h.run();
    type_into(&mut h, "营业厅负责人", "李主任");
    h.get_by_role_and_label(Role::Button, "确认提交").click();
    h.run();
    assert_no_error(&h);
    assert!(
        h.state().walk_inspection_id().is_none(),
        "submitted walk closes"
    );
    // Its report opens, to export or print.
    assert_eq!(h.state().screen(), Screen::History);
    let id = h.state().open_inspection_id().expect("the report is open");
    h.get_by_label(&format!("得分 {}", expected.score));
    h.get_by_role_and_label(Role::Button, "导出PDF…").click();
    h.run();
    assert_no_error(&h);
    let exported = std::fs::read_dir(env.file("exports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("a PDF in the export folder (no dialog in tests)");
    h.get_by_label_contains("已导出");
    let text = std::process::Command::new("pdftotext")
        .arg(&exported)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("城东营业厅"), "{text}");

    h.get_by_role_and_label(Role::Button, "← 返回").click();
    h.run();
    nav(&mut h, "记录");
    assert_eq!(h.state().screen(), Screen::History);
    h.get_by_label("1 条记录");
    h.get_by_label("城东营业厅");
    h.get_by_label(&expected.score.to_string());
    let rows = h
        .state()
        .store()
        .unwrap()
        .list_inspections(&InspectionFilter::default(), SortKey::Date, true, 0, 10)
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, id);
    assert_eq!(rows[0].status, Status::Submitted);
    assert_eq!(rows[0].score, Some(expected.score));
    assert_eq!(rows[0].rating, Some(expected.rating));
    // Each fail carries the reason Alt+1 picked: its checklist's first.
    let detail = h.state().store().unwrap().inspection(id).unwrap();
    let mut fails = 0;
    for result in detail.results.iter().filter(|r| r.outcome == Outcome::Fail) {
        let (_, template) = detail
            .templates
            .iter()
            .find(|(row, _)| *row == result.template_row)
            .unwrap();
        let item = template.item(&result.item_id).unwrap();
        assert_eq!(result.note, item.reasons[0], "{}", item.id);
        fails += 1;
    }
    assert!(fails > 0);
}

#[test]
fn a_dropped_app_leaves_a_draft_that_resumes_intact() {
    let (env, mut h) = walking("城西营业厅", "李四");
    let given = answer_by_keyboard(&mut h, 12);
    // The app goes away mid-walk without any goodbye.
    drop(h);

    let mut h = env.harness();
    // Today offers the draft; one click resumes it.
    h.get_by_role_and_label(Role::Button, "继续 · 城西营业厅")
        .click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Inspect);
    let id = h.state().walk_inspection_id().expect("draft resumed");
    h.get_by_label(&format!("已答 12 / {}", item_count()));

    let store = Store::open(&env.db).unwrap();
    let detail = store.inspection(id).unwrap();
    let mut stored = detail.answers();
    stored.sort_by(|a, b| (&a.template_id, &a.item_id).cmp(&(&b.template_id, &b.item_id)));
    let mut expected = given;
    expected.sort_by(|a, b| (&a.template_id, &a.item_id).cmp(&(&b.template_id, &b.item_id)));
    assert_eq!(stored, expected);

    // The walk continues where it stopped: the next key answers item 13.
    h.key_press(Key::Num1);
    h.run();
    h.get_by_label(&format!("已答 13 / {}", item_count()));
}

#[test]
fn submit_is_refused_while_items_are_unanswered() {
    let (_env, mut h) = walking("城南营业厅", "王五");
    answer_by_keyboard(&mut h, 3);

    h.get_by_role_and_label(Role::Button, "提交…").click();
    h.run();
    // The confirmation lists what is unanswered before anything is sent.
    let total = item_count();
    h.get_by_label(&format!("未作答的检查项（{}）", total - 3));
    type_into(&mut h, "营业厅负责人", "李主任");
    h.get_by_role_and_label(Role::Button, "确认提交").click();
    h.run();
    h.get_by_label_contains("无法提交");
    h.get_by_label_contains(&format!("{} 项未作答", total - 3));

    let catalog = load_catalog(None);
    let fourth = &catalog.templates[0].template.items[3];
    h.get_by_label(&format!(
        "○ {} · {}",
        catalog.templates[0].template.name, fourth.text
    ));

    let id = h.state().walk_inspection_id().expect("still walking");
    let header = h.state().store().unwrap().inspection_header(id).unwrap();
    assert_eq!(header.status, Status::Draft);
}

/// A whole walk by keyboard with three failures, each with a reason: every key counted.
#[test]
fn a_walk_with_three_failures_is_done_by_keyboard_alone() {
    let (env, mut h) = walking("城南营业厅", "王五");
    let catalog = load_catalog(None);
    let items: Vec<_> = catalog
        .walked()
        .flat_map(|t| t.items.iter().map(move |i| (t, i)))
        .collect();
    // Three failures without a photo: the first item, a per-person item and a later one.
    let per_person = items
        .iter()
        .position(|(_, i)| i.unit == hallcheck::domain::Unit::PerPersonTime && !i.photo_required)
        .unwrap();
    let later = items
        .iter()
        .rposition(|(_, i)| !i.photo_required && i.unit != hallcheck::domain::Unit::PerPersonTime)
        .unwrap();
    let fails = [0, per_person, later];
    let mut keys = 0;
    let mut press = |h: &mut Harness<'_, App>, modifiers: egui::Modifiers, key: Key| {
        h.key_press_modifiers(modifiers, key);
        h.run();
        keys += 1;
    };
    let none = egui::Modifiers::NONE;
    for (n, (_, item)) in items.iter().enumerate() {
        if !fails.contains(&n) {
            press(&mut h, none, Key::Num1);
            continue;
        }
        press(&mut h, none, Key::Num2);
        // The keyboard is in the count; Tab goes past the people concerned (per-person items)
        // to the reason.
        press(&mut h, none, Key::Tab);
        if item.unit == hallcheck::domain::Unit::PerPersonTime {
            press(&mut h, none, Key::Tab);
        }
        h.event(egui::Event::Text(format!("原因{n}")));
        h.run();
        press(&mut h, none, Key::Enter);
    }
    h.get_by_label(&format!("已答 {0} / {0}", items.len()));
    press(&mut h, egui::Modifiers::COMMAND, Key::Enter);
    h.get_by_role_and_label(Role::Button, "确认提交");
    // The keyboard is in the hall manager's name: typed, then Enter signs and submits.
    h.event(egui::Event::Text("李主任".into()));
    h.run();
    press(&mut h, none, Key::Enter);
    assert_no_error(&h);
    assert!(h.state().walk_inspection_id().is_none(), "submitted");

    // A key per item, two more per failure (three past a staff member), two to submit (and
    // the hall manager's name typed).
    eprintln!("keyboard walk with three failures: {keys} keys besides the reasons' text");
    let store = Store::open(&env.db).unwrap();
    let rows = store
        .list_inspections(&InspectionFilter::default(), SortKey::Date, true, 0, 10)
        .unwrap();
    assert_eq!(rows[0].status, Status::Submitted);
    let detail = store.inspection(rows[0].id).unwrap();
    let failed: Vec<(String, String)> = detail
        .results
        .iter()
        .filter(|r| r.outcome == Outcome::Fail)
        .map(|r| (r.item_id.clone(), r.note.clone()))
        .collect();
    let expected: Vec<(String, String)> = fails
        .iter()
        .map(|n| (items[*n].1.id.clone(), format!("原因{n}")))
        .collect();
    let mut failed_sorted = failed.clone();
    failed_sorted.sort();
    let mut expected_sorted = expected.clone();
    expected_sorted.sort();
    assert_eq!(failed_sorted, expected_sorted);
}

#[test]
fn the_running_score_waits_for_the_first_answer_and_veto_items_are_marked() {
    let (_env, mut h) = walking("城北营业厅", "赵六");
    h.get_by_label("当前得分 —");
    assert!(h.query_by_label_contains("优秀").is_none());
    let vetoes = load_catalog(None)
        .walked()
        .flat_map(|t| t.items.iter())
        .filter(|i| i.veto)
        .count();
    assert!(vetoes > 0);
    assert_eq!(h.query_all_by_label("否决").count(), vetoes);
    h.key_press(Key::Num1);
    h.run();
    h.get_by_label("当前得分 100");
}

#[test]
fn starting_again_offers_the_open_draft_and_remembers_the_inspector() {
    let (env, mut h) = walking("城东营业厅", "张三");
    h.key_press(Key::Num1);
    h.run();
    let first = h.state().walk_inspection_id().unwrap();
    h.get_by_role_and_label(Role::Button, "关闭").click();
    h.run();

    // Same hall, day, shift and checklists: the draft is offered, not a second one made.
    nav(&mut h, "首页");
    h.get_by_role_and_label(Role::Button, "开始检查").click();
    h.run();
    assert_eq!(
        h.get_by_label("检查人").value().as_deref(),
        Some("张三"),
        "the inspector of the last walk"
    );
    h.get_by_label_contains("已有同一营业厅、同一天、同班次、同类型、同样检查表的草稿");
    assert!(
        h.query_by_role_and_label(Role::Button, "开始检查")
            .is_none()
    );
    h.get_by_role_and_label(Role::Button, "继续该草稿").click();
    h.run();
    assert_eq!(h.state().walk_inspection_id(), Some(first));
    let store = Store::open(&env.db).unwrap();
    assert_eq!(store.drafts().unwrap().len(), 1);
    assert_eq!(store.settings().unwrap().default_inspector, "张三");

    // Another one only when asked for.
    h.get_by_role_and_label(Role::Button, "关闭").click();
    h.run();
    nav(&mut h, "检查");
    h.get_by_role_and_label(Role::Button, "仍新建一次检查")
        .click();
    h.run();
    assert_ne!(h.state().walk_inspection_id(), Some(first));
    assert_eq!(store.drafts().unwrap().len(), 2);
}

/// Keys pressed faster than the frames come each count, in order: two answers in one frame
/// answer two items, and a move before an answer is taken before it.
#[test]
fn keys_within_one_frame_each_count_in_order() {
    let (_env, mut h) = walking("城西营业厅", "李四");
    h.key_press(Key::Num1);
    h.key_press(Key::Num3);
    h.run();
    h.get_by_label(&format!("已答 2 / {}", item_count()));
    let id = h.state().walk_inspection_id().unwrap();
    let answers = |h: &Harness<'_, App>| {
        let detail = h.state().store().unwrap().inspection(id).unwrap();
        let (row, template) = &detail.templates[0];
        template
            .items
            .iter()
            .map(|i| detail.result(*row, &i.id).map(|r| r.outcome))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        answers(&h)[..3],
        [Some(Outcome::Pass), Some(Outcome::NotApplicable), None]
    );
    // ↓ then 1: the move is made first, so item 4 is answered, not item 3.
    h.key_press(Key::ArrowDown);
    h.key_press(Key::Num1);
    h.run();
    assert_eq!(
        answers(&h)[2..4],
        [None, Some(Outcome::Pass)],
        "the answer landed on the item the keys meant"
    );
}

#[test]
fn discarding_a_draft_asks_first() {
    let (env, mut h) = walking("城南营业厅", "王五");
    h.key_press(Key::Num1);
    h.run();
    h.get_by_role_and_label(Role::Button, "关闭").click();
    h.run();
    let store = Store::open(&env.db).unwrap();
    assert_eq!(store.drafts().unwrap().len(), 1);
    h.get_by_role_and_label(Role::Button, "删除草稿").click();
    h.run();
    h.get_by_label_contains("删除“城南营业厅”");
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(store.drafts().unwrap().len(), 1, "Esc keeps the draft");
    h.get_by_role_and_label(Role::Button, "删除草稿").click();
    h.run();
    h.query_all_by_role_and_label(Role::Button, "删除草稿")
        .last()
        .unwrap()
        .click();
    h.run();
    assert!(store.drafts().unwrap().is_empty());
}
