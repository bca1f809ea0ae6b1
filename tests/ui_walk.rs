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
use support::ui::{Env, add_hall, assert_no_error, nav, type_into};

/// A new database with the one hall `hall`, where `inspector` has started an inspection.
fn walking(hall: &str, inspector: &str) -> (Env, Harness<'static, App>) {
    let env = Env::new();
    let mut h = env.harness();
    add_hall(&mut h, hall);
    start_inspection(&mut h, inspector);
    (env, h)
}

fn start_inspection(h: &mut Harness<'_, App>, inspector: &str) {
    nav(h, "首页");
    // The Today row of the (only) hall starts an inspection there.
    h.get_by_role_and_label(Role::Button, "开始巡查").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Inspect);
    type_into(h, "检查人", inspector);
    h.get_by_role_and_label(Role::Button, "开始巡查").click();
    h.run();
    assert!(
        h.state().walk_inspection_id().is_some(),
        "{:?}",
        h.state().error()
    );
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
                // A fail stays on the item (for count and note); move on.
                h.key_press(Key::ArrowDown);
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
    let (_env, mut h) = walking("城东营业厅", "张三");

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
    assert_eq!(rows[0].status, Status::Submitted);
    assert_eq!(rows[0].score, Some(expected.score));
    assert_eq!(rows[0].rating, Some(expected.rating));
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
    h.get_by_label(&format!("未作答的检查项 ({})", total - 3));
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

    // A text file is refused with a message, never a panic.
    let text = env.file("notes.txt");
    std::fs::write(&text, "not a photo").unwrap();
    type_into(&mut h, "照片路径", &text.display().to_string());
    h.get_by_role_and_label(Role::Button, "添加").click();
    h.run();
    let error = h.state().error().unwrap_or_default().to_owned();
    assert!(error.contains("notes.txt"), "{error}");
}
