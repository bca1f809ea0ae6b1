//! kittest: the 绩效金额 section of the Settings screen sets the hall's money rule (每分金额, a
//! fixed amount chosen from the checklists, removed again), refuses a bad amount in words, and
//! the Monthly screen shows the 金额（元） column only while a rule is set.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use hallcheck::domain::{FixedAmount, Money, MoneyRule};
use hallcheck::store::Store;
use hallcheck::ui::{App, Screen};
use support::ui::{Env, TODAY, add_hall, assert_no_error, harness, nav, submitted_hygiene};

/// The app on `env` in a window tall enough for the whole Settings screen.
fn tall(env: &Env) -> Harness<'static, App> {
    harness(env.options(), egui::vec2(1280.0, 1400.0))
}

/// Replaces what the field `label` holds with `text`.
fn retype(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

fn click(h: &mut Harness<'_, App>, button: &str) {
    h.get_by_role_and_label(Role::Button, button).click();
    h.run();
}

/// Picks `option` in the combo box `combo`: the option in its list, not a same-named
/// checkbox elsewhere on the screen. The option is clicked through AccessKit: a pointer
/// click at its place did not select it in the harness.
fn choose(h: &mut Harness<'_, App>, combo: &str, option: &str) {
    h.get_by_role_and_label(Role::ComboBox, combo).click();
    h.run();
    h.get_all_by_label(option)
        .find(|n| n.accesskit_node().role() != Role::CheckBox)
        .unwrap()
        .click_accesskit();
    h.run();
}

fn saved(h: &Harness<'_, App>) -> Option<MoneyRule> {
    h.state().store().unwrap().money_rule().unwrap()
}

#[test]
fn settings_set_the_rate_and_a_fixed_amount_and_refuse_a_bad_one() {
    let env = Env::new();
    let mut h = tall(&env);
    add_hall(&mut h, "城北供电营业厅");
    {
        let store = h.state().store().unwrap();
        let hall = store.halls(false).unwrap()[0].id;
        submitted_hygiene(store, hall, TODAY, &[5]);
    }
    // No rule: the Monthly screen has no amount column.
    nav(&mut h, "月度考核");
    assert_eq!(h.state().screen(), Screen::Monthly);
    h.get_by_label("扣分原因");
    assert!(h.query_by_label("金额（元）").is_none());

    nav(&mut h, "设置");
    h.get_by_label("绩效金额");
    // A bad amount is explained, and nothing is saved.
    retype(&mut h, "每分金额（元）", "-5");
    click(&mut h, "保存每分金额");
    h.get_by_label("金额须为 0 至 1000000 元的数，最多两位小数，如 10 或 0.5");
    assert_eq!(saved(&h), None);
    retype(&mut h, "每分金额（元）", "10.555");
    click(&mut h, "保存每分金额");
    h.get_by_label("金额须为 0 至 1000000 元的数，最多两位小数，如 10 或 0.5");
    assert_eq!(saved(&h), None);

    // 10 元 a point.
    retype(&mut h, "每分金额（元）", "10");
    click(&mut h, "保存每分金额");
    assert_no_error(&h);
    assert!(h.query_by_label_contains("金额须为").is_none());
    let rate = MoneyRule {
        per_point: Some(Money::from_yuan(10)),
        fixed: Vec::new(),
    };
    assert_eq!(saved(&h), Some(rate.clone()));

    // 迟到 at 100 元 a person-time, chosen from the checklists.
    click(&mut h, "添加定额");
    h.get_by_label("请先选择检查表和检查项");
    choose(&mut h, "检查表", "劳动纪律");
    assert_eq!(
        h.get_by_role_and_label(Role::ComboBox, "检查表")
            .value()
            .as_deref(),
        Some("劳动纪律")
    );
    choose(&mut h, "检查项", "不迟到、不早退");
    retype(&mut h, "定额（元）", "一百");
    click(&mut h, "添加定额");
    h.get_by_label("金额须为 0 至 1000000 元的数，最多两位小数，如 10 或 0.5");
    assert_eq!(saved(&h), Some(rate.clone()));
    retype(&mut h, "定额（元）", "100");
    click(&mut h, "添加定额");
    assert_no_error(&h);
    let with_late = MoneyRule {
        fixed: vec![FixedAmount {
            template_id: "discipline".into(),
            item_id: "on_time".into(),
            amount: Money::from_yuan(100),
        }],
        ..rate.clone()
    };
    assert_eq!(saved(&h), Some(with_late.clone()));
    h.get_by_label("100 每人次");
    // The rule is in the file, not only in the window.
    assert_eq!(
        Store::open(&env.db).unwrap().money_rule().unwrap(),
        Some(with_late)
    );

    // The Monthly screen shows the amounts now: 环境卫生 lost 1 point, 10 元.
    nav(&mut h, "月度考核");
    h.get_by_label("金额（元）");
    assert!(h.query_all_by_label("10.00").count() >= 2, "area and total");

    // Removed again: back to the rate alone.
    nav(&mut h, "设置");
    click(&mut h, "删除");
    assert_eq!(saved(&h), Some(rate));
    h.get_by_label("暂无定额项");
}
