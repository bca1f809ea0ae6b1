//! The sign-off in the app: the hall manager's name (required) and a signature drawn on the
//! pad by dragging, given in the submit confirmation; the inspection's view then shows both;
//! an older submitted inspection without one is signed off from History.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use egui::{Key, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use hallcheck::domain::{SignerRole, Status};
use hallcheck::store::Store;
use hallcheck::ui::{App, Screen};
use support::ui::{Env, TODAY, assert_no_error, item_count, submitted_hygiene, type_into, walking};

/// Drags the pointer across the pad labelled `label` through `points` (fractions of its width
/// and height), one frame per step, as a mouse or pen stroke.
fn draw_stroke(h: &mut Harness<'_, App>, label: &str, points: &[(f32, f32)]) {
    let rect = h.get_by_label(label).rect();
    let at = |(fx, fy): (f32, f32)| rect.min + egui::vec2(fx * rect.width(), fy * rect.height());
    h.hover_at(at(points[0]));
    h.step();
    h.drag_at(at(points[0]));
    h.step();
    for point in &points[1..] {
        h.hover_at(at(*point));
        h.step();
    }
    h.drop_at(at(points[points.len() - 1]));
    h.step();
    h.run();
}

fn confirm_enabled(h: &Harness<'_, App>, label: &str) -> bool {
    !h.get_by_role_and_label(Role::Button, label)
        .accesskit_node()
        .is_disabled()
}

#[test]
fn the_hall_manager_signs_by_drawing_and_the_inspection_shows_it() {
    let (env, mut h) = walking("城东营业厅", "张三");
    for _ in 0..item_count() {
        h.key_press(Key::Num1);
        h.run();
    }
    let id = h.state().walk_inspection_id().unwrap();
    h.get_by_role_and_label(Role::Button, "提交…").click();
    h.run();
    // No name, no submit: the pad alone does not sign.
    h.get_by_label("请填写营业厅负责人姓名");
    assert!(!confirm_enabled(&h, "确认提交"));
    h.get_by_label("签名板");

    // Two strokes and a stray one cleared, then drawn again.
    draw_stroke(
        &mut h,
        "签名板",
        &[(0.1, 0.7), (0.2, 0.3), (0.3, 0.6), (0.4, 0.4)],
    );
    h.get_by_role_and_label(Role::Button, "清除").click();
    h.run();
    draw_stroke(
        &mut h,
        "签名板",
        &[(0.1, 0.7), (0.2, 0.3), (0.3, 0.6), (0.4, 0.4)],
    );
    draw_stroke(&mut h, "签名板", &[(0.5, 0.5), (0.7, 0.5), (0.9, 0.6)]);
    type_into(&mut h, "营业厅负责人", "李主任");
    assert!(confirm_enabled(&h, "确认提交"));
    h.get_by_role_and_label(Role::Button, "确认提交").click();
    h.run();
    assert_no_error(&h);

    // Submitted and signed in one; the strokes are those dragged, on the pad's scale.
    assert!(h.state().walk_inspection_id().is_none());
    let store = Store::open(&env.db).unwrap();
    assert_eq!(
        store.inspection_header(id).unwrap().status,
        Status::Submitted
    );
    let sign_off = store
        .sign_off_of(id, SignerRole::HallManager)
        .unwrap()
        .expect("signed off");
    assert_eq!(sign_off.name, "李主任");
    let strokes = sign_off.strokes.strokes();
    assert_eq!(strokes.len(), 2, "{}", sign_off.strokes);
    let first = strokes[0].first().unwrap();
    assert!(
        first.x.abs_diff(100) <= 5 && first.y.abs_diff(700) <= 5,
        "{first:?}"
    );
    let last = strokes[1].last().unwrap();
    assert!(
        last.x.abs_diff(900) <= 5 && last.y.abs_diff(600) <= 5,
        "{last:?}"
    );
    assert!(strokes[0].len() >= 4, "{}", sign_off.strokes);

    // The inspection's view, open after the submit, shows who signed and the drawing.
    assert_eq!(h.state().screen(), Screen::History);
    assert_eq!(h.state().open_inspection_id(), Some(id));
    h.get_by_label("检查人：张三");
    h.get_by_label("营业厅负责人：李主任");
    h.get_by_label("手写签名");
    h.get_by_label("签字时间：2026-10-31 15:00");
    assert!(h.query_by_label("签字确认…").is_none());
}

#[test]
fn the_keyboard_signs_with_the_name_alone() {
    let (env, mut h) = walking("城东营业厅", "张三");
    for _ in 0..item_count() {
        h.key_press(Key::Num1);
        h.run();
    }
    let id = h.state().walk_inspection_id().unwrap();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Enter);
    h.run();
    // The keyboard is in the name: Enter does nothing before it is typed.
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().walk_inspection_id(), Some(id));
    h.event(egui::Event::Text("李主任".into()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_no_error(&h);
    assert!(h.state().walk_inspection_id().is_none());
    let sign_off = Store::open(&env.db)
        .unwrap()
        .sign_off_of(id, SignerRole::HallManager)
        .unwrap()
        .unwrap();
    assert_eq!(sign_off.name, "李主任");
    assert!(sign_off.strokes.is_empty());
    h.get_by_label("营业厅负责人：李主任");
    h.get_by_label("（仅填姓名，未手写）");
}

#[test]
fn an_unsigned_submitted_inspection_is_signed_off_from_history() {
    let env = Env::new();
    let store = Store::open(&env.db).unwrap();
    let hall = store.add_hall("城东营业厅", None).unwrap();
    let id = submitted_hygiene(&store, hall.id, TODAY, &[5]);
    let mut h = env.harness();
    h.run();
    h.get_by_label("93.33").click();
    h.run();
    assert_eq!(h.state().open_inspection_id(), Some(id));
    h.get_by_label("营业厅负责人未签字确认");
    h.get_by_role_and_label(Role::Button, "签字确认…").click();
    h.run();
    draw_stroke(&mut h, "签名板", &[(0.2, 0.5), (0.8, 0.5)]);
    type_into(&mut h, "营业厅负责人", "王丽");
    h.get_by_role_and_label(Role::Button, "确认签字").click();
    h.run();
    assert_no_error(&h);
    h.get_by_label("营业厅负责人：王丽");
    h.get_by_label("手写签名");
    assert!(h.query_by_label("签字确认…").is_none());
    let sign_off = store
        .sign_off_of(id, SignerRole::HallManager)
        .unwrap()
        .unwrap();
    assert_eq!(sign_off.strokes.strokes().len(), 1);
}
