//! The checklist editor on the 模板 screen: a built-in checklist copied, an item's deduction
//! changed and saved to the user folder as a higher version that `templates check` accepts and
//! the next walk uses, while a past inspection keeps its own; a draft with a problem says so
//! and cannot be saved, stays while the user is elsewhere, and is discarded only after asking;
//! items added, moved and removed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use hallcheck::checklist::{check_dir, load_catalog, parse_template};
use hallcheck::domain::{Points, Template};
use hallcheck::ui::App;
use support::ui::{
    Env, TODAY, add_hall, assert_no_error, harness, nav, start_inspection, submitted_hygiene,
};

fn built_in_hygiene() -> Template {
    load_catalog(None).template("hygiene").unwrap().clone()
}

/// Opens 环境卫生 on the 模板 screen and copies it into the editor.
fn copy_hygiene(h: &mut Harness<'_, App>) {
    nav(h, "模板");
    h.get_by_role_and_label(Role::Button, "环境卫生 15分")
        .click();
    h.run();
    h.get_by_role_and_label(Role::Button, "复制并编辑").click();
    h.run();
    assert_no_error(h);
    h.get_by_label("编辑检查表：环境卫生");
}

/// The `n`-th text field labelled `label` (0 = the first item's).
fn field<'h>(h: &'h Harness<'_, App>, label: &'h str, n: usize) -> egui_kittest::Node<'h> {
    h.get_all_by_label(label)
        .filter(|node| {
            matches!(
                node.accesskit_node().role(),
                Role::TextInput | Role::MultilineTextInput
            )
        })
        .nth(n)
        .unwrap_or_else(|| panic!("no field {label} #{n}"))
}

/// Replaces the text of the `n`-th field labelled `label` with `text`.
fn retype(h: &mut Harness<'_, App>, label: &str, n: usize, text: &str) {
    field(h, label, n).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    if text.is_empty() {
        h.key_press(egui::Key::Backspace);
    } else {
        field(h, label, n).type_text(text);
    }
    h.run();
}

/// The checklist saved in the user folder under `name`, checked as `templates check` checks it.
fn saved(env: &Env, name: &str) -> Template {
    let (loaded, problems) = check_dir(&env.templates);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(loaded.len(), 1);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hallcheck"))
        .args(["templates", "check"])
        .arg(&env.templates)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let path = env.templates.join(name);
    parse_template(name, &std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn a_copied_checklist_saved_with_a_new_deduction_is_used_by_the_next_walk_only() {
    let env = Env::new();
    let mut h = env.harness();
    add_hall(&mut h, "城东供电营业厅");
    let store = h.state().store().unwrap();
    let hall_id = store.halls(false).unwrap()[0].id;
    let yesterday = TODAY.pred_opt().unwrap();
    let built_in = built_in_hygiene();
    // An item a fail of which needs no photo, failed in an inspection taken before the edit.
    let n = built_in
        .items
        .iter()
        .position(|i| !i.photo_required)
        .unwrap();
    assert_eq!(built_in.items[n].deduction, Points::from_whole(1));
    let before = submitted_hygiene(store, hall_id, yesterday, &[n]);

    copy_hygiene(&mut h);
    assert!(h.query_by_label_contains("未保存").is_none());
    retype(&mut h, "扣分", n, "2.5");
    // Marked unsaved, in the editor and in the list.
    h.get_by_label("● 未保存");
    h.get_by_role_and_label(Role::Button, "环境卫生 15分（未保存）");
    h.get_by_label("✓ 没有问题，可以保存");
    h.get_by_role_and_label(Role::Button, "保存").click();
    h.run();
    assert_no_error(&h);

    // A file in the user folder that `templates check` accepts, a version above the built-in
    // with the new deduction and every other item as it was.
    let file = saved(&env, "hygiene.toml");
    assert_eq!(file.version, built_in.version + 1);
    assert_eq!(file.items[n].deduction, Points::from_hundredths(250));
    let mut expected = built_in.clone();
    expected.version = file.version;
    expected.items[n].deduction = Points::from_hundredths(250);
    assert_eq!(file, expected);
    h.get_by_label_contains("已保存到");
    h.get_by_label_contains(&format!("版本 {} ·", file.version));
    h.get_by_label_contains("扣分 2.5 / 处");

    // The walk started now takes the new version; the inspection taken before keeps its own.
    start_inspection(&mut h, "周督导");
    let store = h.state().store().unwrap();
    let walked = store
        .inspection(h.state().walk_inspection_id().unwrap())
        .unwrap();
    let (_, hygiene) = walked
        .templates
        .iter()
        .find(|(_, t)| t.id == "hygiene")
        .unwrap();
    assert_eq!(*hygiene, file);
    let past = store.inspection(before).unwrap();
    let (row, taken_with) = &past.templates[0];
    assert_eq!(*taken_with, built_in);
    let failed = past.result(*row, &built_in.items[n].id).unwrap();
    assert_eq!(failed.deduction, Points::from_whole(1));
}

#[test]
fn a_draft_with_a_problem_cannot_be_saved_stays_while_away_and_is_discarded_after_asking() {
    let env = Env::new();
    let mut h = harness(env.options(), egui::vec2(1024.0, 640.0));
    copy_hygiene(&mut h);
    retype(&mut h, "检查内容", 1, "");
    h.get_by_label("第 2 项：field `text` is empty");
    h.get_by_label("⚠ 本项有问题");
    let save = h.get_by_role_and_label(Role::Button, "保存");
    assert!(save.accesskit_node().is_disabled());
    save.click();
    h.run();
    assert!(!env.templates.exists());

    // Away and back: the draft is as it was, and marked.
    nav(&mut h, "首页");
    nav(&mut h, "模板");
    h.get_by_role_and_label(Role::Button, "环境卫生 15分（未保存）");
    h.get_by_label("第 2 项：field `text` is empty");
    // Another checklist shown: the edited one is named, with the way back, and no second
    // draft can start.
    h.get_by_role_and_label(Role::Button, "班前会 10分").click();
    h.run();
    h.get_by_label("环境卫生（未保存）");
    assert!(
        h.get_by_role_and_label(Role::Button, "复制并编辑")
            .accesskit_node()
            .is_disabled()
    );
    h.get_by_role_and_label(Role::Button, "继续编辑").click();
    h.run();
    h.get_by_label("编辑检查表：环境卫生");

    // Cancel asks first; keeping the edits keeps them, discarding ends the draft.
    h.get_by_role_and_label(Role::Button, "取消").click();
    h.run();
    h.get_by_label_contains("放弃对这张检查表的修改？");
    h.get_by_role_and_label(Role::Button, "继续编辑").click();
    h.run();
    h.get_by_label("第 2 项：field `text` is empty");
    h.get_by_role_and_label(Role::Button, "取消").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "放弃修改").click();
    h.run();
    assert!(h.query_by_label_contains("编辑检查表").is_none());
    h.get_by_role_and_label(Role::Button, "环境卫生 15分");
    h.get_by_role_and_label(Role::Button, "复制并编辑");
    assert!(!env.templates.exists());
    assert_no_error(&h);
}

#[test]
fn items_are_added_moved_and_removed_and_a_user_checklist_is_edited_again() {
    let env = Env::new();
    let mut h = env.harness();
    copy_hygiene(&mut h);
    let built_in = built_in_hygiene();
    let last = built_in.items.len();

    // A new item at the end, a problem until its text and rule are typed.
    h.get_by_role_and_label(Role::Button, "+ 添加检查项")
        .click_accesskit();
    h.run();
    h.get_by_label(&format!("第 {} 项：field `text` is empty", last + 1));
    retype(&mut h, "检查内容", last, "饮水机水桶及时更换");
    retype(
        &mut h,
        "检查标准",
        last,
        "饮水机有水，空桶及时更换；每处扣0.5分",
    );
    retype(&mut h, "扣分", last, "0.5");
    retype(&mut h, "常见原因", last, "饮水机无水\n空桶未更换");
    h.get_by_label("✓ 没有问题，可以保存");
    // Moved up one place; the first item removed after asking.
    h.get_all_by_role_and_label(Role::Button, "上移")
        .nth(last)
        .unwrap()
        .click_accesskit();
    h.run();
    h.get_all_by_role_and_label(Role::Button, "删除…")
        .next()
        .unwrap()
        .click();
    h.run();
    h.get_by_label_contains(&format!("删除第 1 项“{}”？", built_in.items[0].text));
    h.get_by_role_and_label(Role::Button, "删除").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "保存").click();
    h.run();
    assert_no_error(&h);

    let file = saved(&env, "hygiene.toml");
    let ids: Vec<&str> = file.items.iter().map(|i| i.id.as_str()).collect();
    let mut expected: Vec<&str> = built_in.items[1..].iter().map(|i| i.id.as_str()).collect();
    let new = file.items[last - 2].clone();
    expected.insert(last - 2, &new.id);
    assert_eq!(ids, expected);
    assert!(new.id.starts_with("item_") && built_in.item(&new.id).is_none());
    assert_eq!(new.text, "饮水机水桶及时更换");
    assert_eq!(new.deduction, Points::from_hundredths(50));
    assert_eq!(new.reasons, ["饮水机无水", "空桶未更换"]);

    // Now a user file: 编辑, saved over the same file one version up, ids kept.
    h.get_by_role_and_label(Role::Button, "编辑").click();
    h.run();
    retype(&mut h, "名称", 0, "环境卫生（本厅）");
    h.get_by_role_and_label(Role::Button, "保存").click();
    h.run();
    assert_no_error(&h);
    let again = saved(&env, "hygiene.toml");
    assert_eq!(again.version, file.version + 1);
    assert_eq!(again.name, "环境卫生（本厅）");
    assert_eq!(again.items, file.items);
}
