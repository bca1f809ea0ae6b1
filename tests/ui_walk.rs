//! The inspection walk driven through the real app on a temp database with egui_kittest.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use egui::{Key, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use hallcheck::checklist::load_catalog;
use hallcheck::domain::{Answer, Outcome, RatingBands, Status, score_inspection};
use hallcheck::store::{InspectionFilter, SortKey, Store};
use hallcheck::ui::{App, Screen};
use support::ui::{Env, add_hall, assert_no_error, nav, start_inspection, type_into};

/// A new database with the one hall `hall`, where `inspector` has started an inspection.
fn walking(hall: &str, inspector: &str) -> (Env, Harness<'static, App>) {
    let env = Env::new();
    let mut h = env.harness();
    add_hall(&mut h, hall);
    start_inspection(&mut h, inspector);
    (env, h)
}

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
    for loaded in &catalog.templates {
        for item in &loaded.template.items {
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
                template_id: loaded.template.id.clone(),
                item_id: item.id.clone(),
                outcome,
                count: 1,
            });
            n += 1;
        }
    }
    answers
}

fn item_count() -> usize {
    load_catalog(None)
        .templates
        .iter()
        .map(|l| l.template.items.len())
        .sum()
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

#[test]
fn a_photo_can_be_attached_by_typed_path_when_no_dialog_opens() {
    let (env, mut h) = walking("城北营业厅", "赵六");

    // Walk down to the first item that needs a photo when it fails, and fail it.
    let catalog = load_catalog(None);
    let position = catalog
        .templates
        .iter()
        .flat_map(|l| l.template.items.iter())
        .position(|i| i.photo_required)
        .expect("a built-in item needs a photo");
    for _ in 0..position {
        h.key_press(Key::ArrowDown);
        h.run();
    }
    h.key_press(Key::Num2);
    h.run();

    let photo = env.file("现场.png");
    image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]))
        .save(&photo)
        .unwrap();
    // No dialog in tests: the app falls back to a typed path.
    h.get_by_role_and_label(Role::Button, "添加照片…").click();
    h.run();
    type_into(&mut h, "照片路径", &photo.display().to_string());
    h.get_by_role_and_label(Role::Button, "添加").click();
    h.run();
    assert_no_error(&h);

    let id = h.state().walk_inspection_id().unwrap();
    let photos = h.state().store().unwrap().attachments(id).unwrap();
    assert_eq!(photos.len(), 1);
    assert_eq!(photos[0].file_name, "现场.png");
    assert_eq!(photos[0].mime, "image/jpeg");

    // A second photo; a click on the first thumbnail shows it large, → the next one, Esc
    // closes the viewer and the walk goes on.
    let second = env.file("近景.png");
    std::fs::copy(&photo, &second).unwrap();
    type_into(&mut h, "照片路径", &second.display().to_string());
    h.get_by_role_and_label(Role::Button, "添加").click();
    h.run();
    h.query_all_by_role(Role::Image).next().unwrap().click();
    h.run();
    h.get_by_label("1 / 2 · 现场.png");
    h.key_press(Key::ArrowRight);
    h.run();
    h.get_by_label("2 / 2 · 近景.png");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label_contains("2 / 2").is_none());

    // A text file is refused with a message, never a panic.
    let text = env.file("notes.txt");
    std::fs::write(&text, "not a photo").unwrap();
    type_into(&mut h, "照片路径", &text.display().to_string());
    h.get_by_role_and_label(Role::Button, "添加").click();
    h.run();
    let error = h.state().error().unwrap_or_default().to_owned();
    assert!(error.contains("notes.txt"), "{error}");
}

/// The note field of the current item, as shown.
fn note_shown(h: &Harness<'_, App>) -> String {
    h.get_by_label("扣分原因/备注").value().unwrap_or_default()
}

/// The stored note of the walk's first item.
fn first_note(h: &Harness<'_, App>) -> String {
    let id = h.state().walk_inspection_id().expect("walking");
    let detail = h.state().store().unwrap().inspection(id).unwrap();
    let (row, template) = &detail.templates[0];
    detail
        .result(*row, &template.items[0].id)
        .map(|r| r.note.clone())
        .unwrap_or_default()
}

#[test]
fn a_note_typed_is_kept_when_another_item_is_clicked() {
    let (_env, mut h) = walking("城东营业厅", "张三");
    h.key_press(Key::Num2);
    h.run();
    type_into(&mut h, "扣分原因/备注", "未按时召开");
    assert_eq!(
        first_note(&h),
        "",
        "typing has not paused long enough to save"
    );
    // Straight to another item, without leaving the field first.
    let catalog = load_catalog(None);
    let second = &catalog.templates[0].template.items[1];
    h.get_by_label(&format!("2. {}", second.text)).click();
    h.run();
    assert_eq!(note_shown(&h), "");
    assert_eq!(first_note(&h), "未按时召开");
    let first = &catalog.templates[0].template.items[0];
    h.get_by_label(&format!("1. {}", first.text)).click();
    h.run();
    assert_eq!(note_shown(&h), "未按时召开");
    assert_no_error(&h);
}

#[test]
fn a_note_being_typed_survives_the_app_dying() {
    let (env, mut h) = walking("城西营业厅", "李四");
    h.key_press(Key::Num2);
    h.run();
    type_into(&mut h, "扣分原因/备注", "主持人缺席");
    assert_eq!(
        first_note(&h),
        "",
        "typing has not paused long enough to save"
    );
    // The field is never left; half a second passes with the note on screen, then the app
    // dies.
    h.run_steps(30);
    drop(h);

    let mut h = env.harness();
    h.get_by_role_and_label(Role::Button, "继续 · 城西营业厅")
        .click();
    h.run();
    assert_eq!(first_note(&h), "主持人缺席");
    // The walk resumes at the next item; the first one shows its reason.
    h.key_press(Key::ArrowUp);
    h.run();
    assert_eq!(note_shown(&h), "主持人缺席");
}

/// A whole walk by keyboard with three failures, each with a reason: every key counted.
#[test]
fn a_walk_with_three_failures_is_done_by_keyboard_alone() {
    let (env, mut h) = walking("城南营业厅", "王五");
    let catalog = load_catalog(None);
    let items: Vec<_> = catalog
        .templates
        .iter()
        .flat_map(|l| l.template.items.iter().map(move |i| (&l.template, i)))
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
    press(&mut h, none, Key::Enter);
    assert_no_error(&h);
    assert!(h.state().walk_inspection_id().is_none(), "submitted");

    // A key per item, two more per failure (three past a staff member), two to submit.
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
        .templates
        .iter()
        .flat_map(|l| l.template.items.iter())
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
    h.get_by_label_contains("已有同一营业厅、同一天、同班次、同样检查表的草稿");
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

#[test]
fn reasons_are_offered_picked_by_key_or_click_and_required_to_submit() {
    let env = Env::new();
    let mut h = env.harness();
    add_hall(&mut h, "城东营业厅");
    let catalog = load_catalog(None);
    let first = &catalog.templates[0].template;
    assert!(!first.items[0].photo_required && !first.items[1].photo_required);
    let reasons = &first.items[0].reasons;
    assert!(reasons.len() >= 2, "the first built-in item offers reasons");
    // The hall failed the first item before, for a reason of its own.
    let hall = h.state().store().unwrap().halls(false).unwrap()[0].id;
    let before = support::ui::draft_of(
        h.state().store().unwrap(),
        hall,
        support::ui::TODAY.pred_opt().unwrap(),
        first,
        &[(0, "会议推迟到开门后才开")],
    );
    h.state()
        .store()
        .unwrap()
        .submit_inspection(before, &RatingBands::default(), support::ui::now().to_utc())
        .unwrap();
    start_inspection(&mut h, "王五");

    // A fail offers the checklist's reasons, then the hall's own.
    h.key_press(Key::Num2);
    h.run();
    for (n, reason) in reasons.iter().enumerate() {
        h.get_by_role_and_label(Role::Button, &format!("{} {reason}", n + 1));
    }
    let own = format!("{} 会议推迟到开门后才开", reasons.len() + 1);
    h.get_by_role_and_label(Role::Button, &own);
    h.get_by_label("提交前需填写扣分原因");

    // Alt+1 (and the digit the keyboard also types) gives the first reason, and only it.
    h.key_press_modifiers(egui::Modifiers::ALT, Key::Num1);
    h.event(egui::Event::Text("1".into()));
    h.run();
    let id = h.state().walk_inspection_id().unwrap();
    let note = |h: &Harness<'_, App>, item: usize| {
        let detail = h.state().store().unwrap().inspection(id).unwrap();
        detail
            .result(detail.templates[0].0, &first.items[item].id)
            .map(|r| r.note.clone())
    };
    assert_eq!(note(&h, 0).as_deref(), Some(reasons[0].as_str()));
    // A click adds the hall's own after a full-width semicolon; picking it again adds nothing.
    h.get_by_role_and_label(Role::Button, &own).click();
    h.run();
    h.get_by_role_and_label(Role::Button, &own).click();
    h.run();
    let both = format!("{}；会议推迟到开门后才开", reasons[0]);
    assert_eq!(note(&h, 0), Some(both));
    assert!(h.query_by_label("提交前需填写扣分原因").is_none());

    // The keys are the walk's again after the click: down to the next item, which fails
    // without a reason; the rest pass.
    h.key_press(Key::ArrowDown);
    h.run();
    h.key_press(Key::Num2);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    for _ in 2..item_count() {
        h.key_press(Key::Num1);
        h.run();
    }
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Enter);
    h.run();
    h.get_by_label("缺少扣分原因的不符合项（1）");
    h.get_by_label(&format!("× {} · {}", first.name, first.items[1].text));
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label_contains("1 项不符合缺少扣分原因");
    assert_eq!(
        h.state()
            .store()
            .unwrap()
            .inspection_header(id)
            .unwrap()
            .status,
        Status::Draft
    );
}

/// A per-person fail names two people from the drop-down, ticked one after the other: each
/// tick is saved at once, the count follows the names, and History shows them both.
#[test]
fn a_per_person_fail_names_two_people_and_history_shows_both() {
    let env = Env::new();
    let mut h = env.harness();
    add_hall(&mut h, "城东营业厅");
    {
        let store = h.state().store().unwrap();
        let hall = store.halls(false).unwrap()[0].id;
        for name in ["张三", "李四", "王五"] {
            store.add_staff(hall, name, None).unwrap();
        }
    }
    start_inspection(&mut h, "赵督导");
    let items: Vec<_> = load_catalog(None)
        .templates
        .iter()
        .flat_map(|l| l.template.items.clone())
        .collect();
    let per_person = items
        .iter()
        .position(|i| i.unit == hallcheck::domain::Unit::PerPersonTime && !i.photo_required)
        .unwrap();
    for _ in 0..per_person {
        h.key_press(Key::Num1);
        h.run();
    }
    h.key_press(Key::Num2);
    h.run();
    let count = |h: &Harness<'_, App>| {
        h.get_by_label("数量（人次）")
            .accesskit_node()
            .numeric_value()
    };
    assert_eq!(count(&h), Some(1.0));

    // By keyboard: Tab to the drop-down, Space opens it, Tab to a person, Space ticks.
    // 李四 first, then 张三: the order named is kept.
    let press = |h: &mut Harness<'_, App>, modifiers: egui::Modifiers, key: Key| {
        h.key_press_modifiers(modifiers, key);
        h.run();
    };
    let none = egui::Modifiers::NONE;
    press(&mut h, none, Key::Tab);
    press(&mut h, none, Key::Space);
    press(&mut h, none, Key::Tab);
    press(&mut h, none, Key::Tab);
    press(&mut h, none, Key::Space);
    assert_eq!(count(&h), Some(1.0));
    press(&mut h, egui::Modifiers::SHIFT, Key::Tab);
    press(&mut h, none, Key::Space);
    assert_no_error(&h);
    assert_eq!(count(&h), Some(2.0), "the count follows the names");
    // A tick by mouse takes one off again, and the count with it; a second puts it back.
    h.get_by_role_and_label(Role::CheckBox, "张三").click();
    h.run();
    assert_eq!(count(&h), Some(1.0));
    h.get_by_role_and_label(Role::CheckBox, "张三").click();
    h.run();
    assert_eq!(count(&h), Some(2.0));
    press(&mut h, none, Key::Escape);
    let combo = h.get_by_role_and_label(Role::ComboBox, "当事人");
    assert_eq!(combo.value().as_deref(), Some("李四、张三"));

    // Esc closed the list with the keyboard back on the drop-down: a reason, Enter moves on,
    // the rest pass and the walk is submitted.
    h.key_press_modifiers(egui::Modifiers::ALT, Key::Num1);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    for _ in per_person + 1..items.len() {
        h.key_press(Key::Num1);
        h.run();
    }
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Enter);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_no_error(&h);
    assert_eq!(h.state().screen(), Screen::History);
    let id = h.state().open_inspection_id().expect("the report is open");
    h.get_by_label("李四、张三");
    let detail = h.state().store().unwrap().inspection(id).unwrap();
    let failed: Vec<_> = detail
        .results
        .iter()
        .filter(|r| r.outcome == Outcome::Fail)
        .map(|r| {
            let names: Vec<&str> = r.staff.iter().map(|s| s.name.as_str()).collect();
            (r.item_id.as_str(), r.count, names)
        })
        .collect();
    assert_eq!(
        failed,
        [(items[per_person].id.as_str(), 2, vec!["李四", "张三"])]
    );
}
