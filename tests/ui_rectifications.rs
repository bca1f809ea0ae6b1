//! 整改闭环 through the real app: a fail submitted opens a rectification that Today and the 整改
//! screen show (overdue on the injected clock), closed with an after-photo and accepted; a
//! return needs a reason; 当场整改 in the walk gives one accepted on submit, with the
//! after-photo taken in the walk shown after and in its history (or, unticked, kept as the
//! item's photo); a repeat problem
//! is flagged in the walk and on the list; the rule is saved from Settings; demo data reads.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::PathBuf;

use chrono::NaiveDate;
use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hallcheck::checklist::load_catalog;
use hallcheck::domain::{
    Points, RectificationAction, RectificationRule, RectificationScope, RectificationStatus,
};
use hallcheck::store::{RectificationFilter, Store};
use hallcheck::ui::dialogs::FileDialogs;
use hallcheck::ui::{App, Screen};
use support::ui::{
    Env, TODAY, WINDOW, assert_no_error, draft_hygiene, harness, nav, seed_demo, submitted_hygiene,
    type_into,
};

const HALL: &str = "城东营业厅";

/// A file dialog that always picks the same image.
struct PickImage(PathBuf);

impl FileDialogs for PickImage {
    fn pick_image(&mut self) -> Option<PathBuf> {
        Some(self.0.clone())
    }
}

fn days_before(days: u64) -> NaiveDate {
    TODAY - chrono::Days::new(days)
}

/// The hygiene item the tests fail (the first that needs no photo).
const FAILED: usize = 5;

fn failed_item() -> String {
    load_catalog(None).template("hygiene").unwrap().items[FAILED]
        .text
        .clone()
}

/// Moves the walk (opened on its first item) to the failed one.
fn to_failed_item(h: &mut Harness<'_, App>) {
    for _ in 0..FAILED {
        h.key_press(egui::Key::ArrowDown);
    }
    h.run();
}

/// The one hall, added; its row id.
fn hall(env: &Env) -> i64 {
    Store::open(&env.db)
        .unwrap()
        .add_hall(HALL, None)
        .unwrap()
        .id
}

/// Resumes the (only) draft from Today and submits it, signed by the hall manager.
fn resume_and_submit(h: &mut Harness<'_, App>) {
    nav(h, "首页");
    h.get_by_role_and_label(Role::Button, &format!("继续 · {HALL}"))
        .click();
    h.run();
    assert!(h.state().walk_inspection_id().is_some());
    submit(h);
}

fn submit(h: &mut Harness<'_, App>) {
    h.get_by_role_and_label(Role::Button, "提交…").click();
    h.run();
    type_into(h, "营业厅负责人", "李主任");
    h.get_by_role_and_label(Role::Button, "确认提交").click();
    h.run();
    assert_no_error(h);
    assert!(h.state().walk_inspection_id().is_none(), "submitted");
}

fn rows(h: &Harness<'_, App>) -> Vec<hallcheck::store::RectificationRow> {
    h.state()
        .store()
        .unwrap()
        .rectifications(&RectificationFilter::default(), TODAY)
        .unwrap()
}

#[test]
fn a_fail_is_followed_from_today_to_an_accepted_fix_with_an_after_photo() {
    let env = Env::new();
    let hall_id = hall(&env);
    // Found four days ago: due a day ago (3 days), so overdue today.
    draft_hygiene(
        &Store::open(&env.db).unwrap(),
        hall_id,
        days_before(4),
        &[FAILED],
    );
    let photo = env.file("整改后.png");
    std::fs::write(&photo, support::exports::tiny_png()).unwrap();
    let mut options = env.options();
    options.dialogs = Box::new(PickImage(photo));
    let mut h = harness(options, WINDOW);
    resume_and_submit(&mut h);

    let opened = rows(&h);
    assert_eq!(opened.len(), 1);
    assert_eq!(opened[0].status, RectificationStatus::Open);
    assert!(opened[0].overdue);

    // Today: the hall's reminder; its overdue figure lists it on the 整改 screen.
    nav(&mut h, "首页");
    h.get_by_label("待整改 1");
    h.get_by_label("已逾期 1").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Rectifications);
    h.get_by_label("共 1 条");
    // Overdue in words, not colour alone.
    h.get_by_label("已逾期");
    h.get_by_role_and_label(Role::Button, &failed_item())
        .click();
    h.run();
    h.get_by_label("整改前");
    h.get_by_label("整改后");
    h.get_by_label("下发整改");

    // 已整改 needs a note: without one, it says so and nothing moves.
    h.get_by_role_and_label(Role::Button, "已整改（Ctrl+Enter）")
        .click();
    h.run();
    h.get_by_label("请先填写整改情况");
    assert_eq!(rows(&h)[0].status, RectificationStatus::Open);

    type_into(&mut h, "整改情况", "地面已清扫干净");
    h.get_by_role_and_label(Role::Button, "添加整改后照片…")
        .click();
    h.run();
    assert_no_error(&h);
    h.get_by_label("随整改提交的照片");
    h.get_by_role_and_label(Role::Button, "已整改（Ctrl+Enter）")
        .click();
    h.run();
    assert_no_error(&h);
    let closed = rows(&h);
    assert_eq!(closed[0].status, RectificationStatus::Done);
    assert_eq!(closed[0].photos_after, 1);
    assert_eq!(closed[0].note, "地面已清扫干净");
    // The photo shows after, and as a thumbnail of its close in the history.
    assert_eq!(
        h.query_all_by_role_and_label(Role::Image, "整改后.png")
            .count(),
        2
    );
    // No longer overdue: the overdue list is empty; the one shown stays, waiting acceptance.
    h.get_by_label("没有符合条件的整改单");
    h.get_by_label("提交整改");

    // A return needs a reason.
    h.get_by_role_and_label(Role::Button, "退回").click();
    h.run();
    h.get_by_label("退回须填写原因");
    assert_eq!(rows(&h)[0].status, RectificationStatus::Done);

    // Ctrl+Enter accepts, by the default inspector's name (the one who started walks here).
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    h.run();
    assert_no_error(&h);
    let id = closed[0].id;
    let detail = h.state().store().unwrap().rectification(id, TODAY).unwrap();
    assert_eq!(detail.row.status, RectificationStatus::Accepted);
    assert_eq!(detail.after.len(), 1);
    let moves: Vec<_> = detail.history.iter().map(|e| e.action).collect();
    assert_eq!(
        moves,
        [
            RectificationAction::Open,
            RectificationAction::Close,
            RectificationAction::Accept
        ]
    );
    h.get_by_label("✓ 已验收，整改闭环");
    // Today has nothing left for the hall.
    nav(&mut h, "首页");
    assert!(h.query_by_label("已逾期 1").is_none());
}

#[test]
fn a_return_with_its_reason_reopens_and_the_deadline_and_owner_change() {
    let env = Env::new();
    let hall_id = hall(&env);
    let store = Store::open(&env.db).unwrap();
    submitted_hygiene(&store, hall_id, days_before(1), &[FAILED]);
    let id = store
        .rectifications(&RectificationFilter::default(), TODAY)
        .unwrap()[0]
        .id;
    store
        .close_rectification(id, "已整改", &[], "王班长", support::ui::now())
        .unwrap();
    // Tall enough for every move without scrolling.
    let mut h = harness(env.options(), egui::vec2(1280.0, 1100.0));
    nav(&mut h, "整改");
    h.get_by_label("共 1 条");
    // ↓ selects the first.
    h.key_press(egui::Key::ArrowDown);
    h.run();
    h.get_by_label("提交整改");
    type_into(&mut h, "退回原因", "地面仍有污渍");
    h.get_by_role_and_label(Role::Button, "退回").click();
    h.run();
    assert_no_error(&h);
    assert_eq!(rows(&h)[0].status, RectificationStatus::Open);
    // The reason reads on one line in the history, not squeezed into a narrow column.
    let note = h.get_by_label("地面仍有污渍").rect();
    assert!(note.height() < 24.0 && note.width() > 60.0, "{note:?}");

    // A new deadline and a new owner, each a move of its own.
    h.get_by_label("新的整改时限").click();
    h.run();
    h.key_press(egui::Key::End);
    for _ in 0.."2026-10-31".len() {
        h.key_press(egui::Key::Backspace);
    }
    h.run();
    h.get_by_label("新的整改时限").type_text("2026-11-05");
    h.run();
    h.get_by_role_and_label(Role::Button, "改期").click();
    h.run();
    type_into(&mut h, "新的责任人", "赵六");
    h.get_by_role_and_label(Role::Button, "改责任人").click();
    h.run();
    assert_no_error(&h);
    let row = &rows(&h)[0];
    assert_eq!(row.due_on, NaiveDate::from_ymd_opt(2026, 11, 5).unwrap());
    assert_eq!(row.owner, "赵六");
    // The owner filter offers the new owner.
    h.get_by_label("赵六");
}

#[test]
fn fixed_on_spot_in_the_walk_gives_an_accepted_rectification() {
    let env = Env::new();
    let hall_id = hall(&env);
    draft_hygiene(&Store::open(&env.db).unwrap(), hall_id, TODAY, &[FAILED]);
    let mut h = env.harness();
    nav(&mut h, "首页");
    h.get_by_role_and_label(Role::Button, &format!("继续 · {HALL}"))
        .click();
    h.run();
    // The walk opens on the first item (every one is answered).
    assert!(h.query_by_label("当场整改").is_none());
    to_failed_item(&mut h);
    h.get_by_label("当场整改").click();
    h.run();
    assert_no_error(&h);
    let id = h.state().walk_inspection_id().unwrap();
    assert_eq!(
        h.state().store().unwrap().fixed_on_spot(id).unwrap().len(),
        1
    );
    submit(&mut h);
    let opened = rows(&h);
    assert_eq!(opened.len(), 1);
    assert_eq!(opened[0].status, RectificationStatus::Accepted);
}

/// Resumes the (only) draft from Today, on its failed item, with the file dialog picking
/// `photo`; 当场整改 is ticked.
fn spot_fixed_walk(env: &Env, photo: &str) -> Harness<'static, App> {
    let hall_id = hall(env);
    draft_hygiene(&Store::open(&env.db).unwrap(), hall_id, TODAY, &[FAILED]);
    let photo = env.file(photo);
    std::fs::write(&photo, support::exports::tiny_png()).unwrap();
    let mut options = env.options();
    options.dialogs = Box::new(PickImage(photo));
    let mut h = harness(options, WINDOW);
    nav(&mut h, "首页");
    h.get_by_role_and_label(Role::Button, &format!("继续 · {HALL}"))
        .click();
    h.run();
    to_failed_item(&mut h);
    // Only a fail fixed on the spot takes an after-photo.
    assert!(h.query_by_label("添加整改后照片…").is_none());
    h.get_by_label("当场整改").click();
    h.run();
    assert_no_error(&h);
    h
}

#[test]
fn an_after_photo_of_a_fix_on_the_spot_shows_after_and_in_the_history() {
    let env = Env::new();
    let mut h = spot_fixed_walk(&env, "已清扫.png");
    h.get_by_label("提交时存入整改单");
    h.get_by_role_and_label(Role::Button, "添加整改后照片…")
        .click();
    h.run();
    assert_no_error(&h);
    let id = h.state().walk_inspection_id().unwrap();
    let photos = h.state().store().unwrap().attachments(id).unwrap();
    assert_eq!(photos.len(), 1);
    assert!(photos[0].after_fix, "kept as the after-photo");
    h.get_by_role_and_label(Role::Image, "已清扫.png");
    submit(&mut h);

    let fixed = rows(&h);
    assert_eq!(fixed.len(), 1);
    assert_eq!(fixed[0].status, RectificationStatus::Accepted);
    assert_eq!((fixed[0].photos_before, fixed[0].photos_after), (0, 1));
    nav(&mut h, "整改");
    h.get_by_role_and_label(Role::Button, &failed_item())
        .click();
    h.run();
    assert_no_error(&h);
    // Nothing before; the photo after, and as a thumbnail of its move in the history (no
    // count in words).
    h.get_by_label("无照片");
    assert_eq!(
        h.query_all_by_role_and_label(Role::Image, "已清扫.png")
            .count(),
        2
    );
    assert!(h.query_by_label_contains("照片 1").is_none());
    // A click on the history's thumbnail shows it large.
    h.query_all_by_role_and_label(Role::Image, "已清扫.png")
        .last()
        .unwrap()
        .click();
    h.run();
    h.get_by_label("1 / 1 · 已清扫.png");
}

#[test]
fn taking_fixed_on_the_spot_back_keeps_the_after_photo_as_the_items_photo() {
    let env = Env::new();
    let mut h = spot_fixed_walk(&env, "已清扫.png");
    h.get_by_role_and_label(Role::Button, "添加整改后照片…")
        .click();
    h.run();
    assert_no_error(&h);
    h.get_by_label("整改后照片");
    // Unticked: the photo stays, no longer apart as an after-photo.
    h.get_by_label("当场整改").click();
    h.run();
    assert_no_error(&h);
    assert!(h.query_by_label("整改后照片").is_none());
    h.get_by_role_and_label(Role::Image, "已清扫.png");
    let id = h.state().walk_inspection_id().unwrap();
    let photos = h.state().store().unwrap().attachments(id).unwrap();
    assert_eq!(photos.len(), 1);
    assert!(!photos[0].after_fix);
    submit(&mut h);
    let opened = rows(&h);
    assert_eq!(opened[0].status, RectificationStatus::Open);
    assert_eq!((opened[0].photos_before, opened[0].photos_after), (1, 0));
}

#[test]
fn a_repeat_problem_is_flagged_in_the_walk_and_on_the_list() {
    let env = Env::new();
    let hall_id = hall(&env);
    let store = Store::open(&env.db).unwrap();
    submitted_hygiene(&store, hall_id, days_before(2), &[FAILED]);
    draft_hygiene(&store, hall_id, TODAY, &[FAILED]);
    let mut h = env.harness();
    nav(&mut h, "首页");
    h.get_by_role_and_label(Role::Button, &format!("继续 · {HALL}"))
        .click();
    h.run();
    to_failed_item(&mut h);
    // Beside the last result: the earlier one is still open.
    h.get_by_label("重复问题");
    h.get_by_label(&format!("重复问题：{} 的整改单待整改", days_before(2)));
    submit(&mut h);
    assert_eq!(rows(&h).iter().filter(|r| r.is_repeat()).count(), 1);
    nav(&mut h, "整改");
    h.get_by_label("共 2 条");
    // The column's header and the repeat's tag.
    assert_eq!(h.query_all_by_label("重复").count(), 2);
}

#[test]
fn the_rule_is_saved_from_settings() {
    let env = Env::new();
    let mut h = env.harness();
    nav(&mut h, "设置");
    h.get_by_label("只对否决项和扣分不少于").click();
    h.run();
    type_into(&mut h, "整改时限（天）", "5");
    h.get_by_role_and_label(Role::Button, "保存整改规则")
        .click();
    h.run();
    assert_no_error(&h);
    let rule = h.state().settings().rectification;
    assert_eq!(
        rule,
        RectificationRule {
            scope: RectificationScope::VetoOrAtLeast(Points::from_whole(2)),
            // "3" with "5" typed after it.
            deadline_days: 35,
            veto_deadline_days: 1,
        }
    );
    // Days beyond a year are refused in the form ("35" with "00" typed after it).
    type_into(&mut h, "整改时限（天）", "00");
    h.get_by_role_and_label(Role::Button, "保存整改规则")
        .click();
    h.run();
    h.get_by_label_contains("天数应为");
    assert_eq!(h.state().settings().rectification, rule);
}

#[test]
fn demo_data_shows_on_today_and_the_screen() {
    let env = Env::new();
    seed_demo(&env.db, 3, 40, 1);
    let mut h = env.harness();
    assert_no_error(&h);
    h.get_by_label("整改提醒");
    nav(&mut h, "整改");
    assert_no_error(&h);
    let all = rows(&h).len();
    assert!(all > 0);
    h.get_by_label(&format!("共 {all} 条"));
    for _ in 0..3 {
        h.key_press(egui::Key::ArrowDown);
        h.run();
    }
    assert_no_error(&h);
    h.get_by_label("处理记录");
}
