//! What a walk records beside the answers, driven through the real app with egui_kittest:
//! photos, notes typed (kept when another item is clicked, or the app dies), the reasons offered
//! for a fail, and the people named in one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use egui::{Key, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use hallcheck::checklist::load_catalog;
use hallcheck::domain::{Outcome, RatingBands, Status};
use hallcheck::ui::{App, Screen};
use support::ui::{
    Env, add_hall, assert_no_error, item_count, start_inspection, type_into, walking,
};

#[test]
fn a_photo_can_be_attached_by_typed_path_when_no_dialog_opens() {
    let (env, mut h) = walking("城北营业厅", "赵六");

    // Walk down to the first item that needs a photo when it fails, and fail it.
    let catalog = load_catalog(None);
    let position = catalog
        .walked()
        .flat_map(|t| t.items.iter())
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
    // The keyboard is in the hall manager's name: typed, then Enter.
    h.event(egui::Event::Text("李主任".into()));
    h.run();
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
        .walked()
        .flat_map(|t| t.items.clone())
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
    h.event(egui::Event::Text("李主任".into()));
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
