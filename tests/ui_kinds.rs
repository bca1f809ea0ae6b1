//! Inspection kinds in the app under egui_kittest: chosen on the start form (by keyboard as
//! well), shown on the walk and in an inspection opened from History, and History filtered by
//! kind.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use egui::{Key, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use hallcheck::domain::InspectionKind;
use hallcheck::store::{InspectionFilter, Store};
use hallcheck::ui::{App, Screen};
use support::ui::{Env, add_hall, assert_no_error, harness, nav, seed_demo, type_into};

fn press(h: &mut Harness<'_, App>, key: Key) {
    h.key_press(key);
    h.run();
}

/// Whether the choice labelled `label` is the one selected (shown pressed).
fn selected(h: &Harness<'_, App>, label: &str) -> bool {
    h.get_by_label(label).accesskit_node().toggled() == Some(egui::accesskit::Toggled::True)
}

/// Picks `choice` in the kind filter of the screen shown.
fn filter_kind(h: &mut Harness<'_, App>, choice: &str) {
    h.get_by_role_and_label(Role::ComboBox, "检查类型").click();
    h.run();
    h.get_by_label(choice).click();
    h.run();
}

#[test]
fn history_is_filtered_by_kind() {
    let env = Env::new();
    // 3 halls × 40 days: 84 自查, 18 督导检查, 12 暗访, 6 第三方.
    let store = seed_demo(&env.db, 3, 40, 2);
    let unannounced = store
        .count_inspections(&InspectionFilter {
            kind: Some(InspectionKind::Unannounced),
            ..InspectionFilter::default()
        })
        .unwrap();
    assert_eq!(unannounced, 12);
    let mut h = harness(env.options(), egui::vec2(1024.0, 640.0));
    nav(&mut h, "记录");
    h.get_by_label("120 条记录");
    // The kind column shows each row's kind.
    assert!(h.query_all_by_label("自查").count() > 0);

    filter_kind(&mut h, "暗访（神秘顾客）");
    h.get_by_label("12 条记录");
    assert_no_error(&h);
    // Every row left is a 暗访: no other kind is shown.
    assert!(h.query_all_by_label("暗访").count() >= 12);
    for other in ["自查", "督导检查", "第三方"] {
        assert!(h.query_by_label(other).is_none(), "{other} still listed");
    }
    // With the other filters: one hall's 暗访.
    h.get_by_role_and_label(Role::ComboBox, "营业厅").click();
    h.run();
    let hall = store.halls(false).unwrap()[0].name.clone();
    // The hall's name in the list of the drop-down (the rows come after it).
    h.get_all_by_label(&hall).next().unwrap().click();
    h.run();
    h.get_by_label("4 条记录");

    // An inspection opened from the list says its kind.
    h.get_all_by_label(&hall).last().unwrap().click();
    h.run();
    h.get_by_label_contains("· 暗访 · 检查人");
    h.get_by_role_and_label(Role::Button, "← 返回").click();
    h.run();

    // Cleared, every kind is back.
    h.get_by_role_and_label(Role::Button, "清除筛选").click();
    h.run();
    h.get_by_label("120 条记录");
}

#[test]
fn the_start_form_takes_a_kind_by_keyboard_and_the_walk_shows_it() {
    let env = Env::new();
    let mut h = env.harness();
    add_hall(&mut h, "城东营业厅");
    nav(&mut h, "首页");
    h.get_by_role_and_label(Role::Button, "开始检查").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Inspect);
    type_into(&mut h, "检查人", "王督导");
    // 自查 unless another is chosen.
    assert!(selected(&h, "自查"));
    assert!(!selected(&h, "暗访（神秘顾客）"));

    // From the shift, Tab walks the kinds and Space takes one.
    h.get_by_label("全天").focus();
    h.run();
    for _ in 0..3 {
        press(&mut h, Key::Tab);
    }
    press(&mut h, Key::Space);
    assert!(selected(&h, "暗访（神秘顾客）"));
    assert!(!selected(&h, "自查"));

    h.get_by_role_and_label(Role::Button, "开始检查").click();
    h.run();
    assert_no_error(&h);
    let id = h.state().walk_inspection_id().unwrap();
    let store = Store::open(&env.db).unwrap();
    assert_eq!(
        store.inspection_header(id).unwrap().kind,
        InspectionKind::Unannounced
    );
    // The walk's header says the kind.
    h.get_by_label_contains("· 暗访 · 检查人 王督导");

    // Back on the form: the open 暗访 draft is offered for a 暗访, not for a 自查.
    h.get_by_role_and_label(Role::Button, "关闭").click();
    h.run();
    nav(&mut h, "检查");
    assert!(selected(&h, "暗访（神秘顾客）"));
    h.get_by_role_and_label(Role::Button, "继续该草稿");
    h.get_by_label("自查").click();
    h.run();
    assert!(
        h.query_by_role_and_label(Role::Button, "继续该草稿")
            .is_none()
    );
    h.get_by_role_and_label(Role::Button, "开始检查").click();
    h.run();
    let second = h.state().walk_inspection_id().unwrap();
    assert_ne!(second, id);
    assert_eq!(
        store.inspection_header(second).unwrap().kind,
        InspectionKind::SelfCheck
    );
}
