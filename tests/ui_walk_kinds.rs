//! The walk through a ranged and a bonus item by keyboard: a ranged fail shows its range and
//! stores the least of it until another is picked; a bonus item's keys are 1 加分 and
//! 2 不加分, 加分 keeps the item for its count, and 不加分 has a mark of its own in the list.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use egui::{Key, Role};
use egui_kittest::kittest::Queryable;
use hallcheck::checklist::load_catalog;
use hallcheck::domain::{Outcome, RatingBands};
use hallcheck::store::{AnswerInput, Store};
use support::store::{start, submitted_at};
use support::ui::{Env, assert_no_error, start_inspection};

/// (outcome, count, rate) stored for `item` in the newest inspection.
fn stored(env: &Env, item: &str) -> (String, u32, Option<i64>) {
    let conn =
        rusqlite::Connection::open_with_flags(&env.db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    conn.query_row(
        "SELECT outcome, count, rate FROM results WHERE item_id = ?1
         ORDER BY inspection_id DESC LIMIT 1",
        [item],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

#[test]
fn ranged_and_bonus_items_are_walked_by_keyboard() {
    let env = Env::new();
    std::fs::create_dir_all(&env.templates).unwrap();
    std::fs::write(
        env.templates.join("window.toml"),
        support::kinds::WINDOW.as_bytes(),
    )
    .unwrap();
    let catalog = load_catalog(Some(&env.templates));
    assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
    // The window table's items come after every item of the checklists before it.
    let first = catalog
        .templates
        .iter()
        .take_while(|l| l.template.id != "window_service")
        .map(|l| l.template.items.len())
        .sum::<usize>();
    // An earlier inspection of the window table, submitted: two praises, no award.
    {
        let store = Store::open(&env.db).unwrap();
        let hall = store.add_hall("城关供电服务中心", None).unwrap();
        let window = catalog
            .templates
            .iter()
            .find(|l| l.template.id == "window_service")
            .unwrap()
            .template
            .clone();
        let id = start(&store, hall.id, std::slice::from_ref(&window), 1);
        let row = store.inspection(id).unwrap().templates[0].0;
        for item in &window.items {
            let (outcome, count) = match item.id.as_str() {
                "praise" => (Outcome::Pass, 2),
                "award" => (Outcome::NotApplicable, 1),
                _ => (Outcome::Pass, 1),
            };
            let answer = AnswerInput {
                template_row: row,
                item_id: item.id.clone(),
                outcome,
                count,
                rate: None,
                note: String::new(),
                staff_ids: Vec::new(),
            };
            store.save_answer(id, &answer).unwrap();
        }
        store
            .submit_inspection(id, &RatingBands::default(), submitted_at())
            .unwrap();
    }
    let mut h = env.harness();
    start_inspection(&mut h, "赵督导");
    for _ in 0..first + 1 {
        h.key_press(Key::ArrowDown);
        h.run();
    }
    // The queue: 酌情扣分 3–5, failed by key 2, stays with its count and the points picked.
    h.get_by_label_contains("酌情扣分 3–5 / 次");
    h.key_press(Key::Num2);
    h.run();
    assert_no_error(&h);
    h.get_by_label("每次扣分");
    assert_eq!(stored(&env, "queue"), ("fail".into(), 1, Some(300)));
    h.key_press(Key::Enter);
    h.run();
    // records (分值 2) and signage pass.
    h.get_by_label_contains("分值 2");
    h.key_press(Key::Num1);
    h.run();
    h.key_press(Key::Num1);
    h.run();
    // praise: a bonus item with two answers; 1 is 加分 and keeps the item for its count.
    h.get_by_label_contains("加分 +1 / 次 · 分值 3");
    // Its last result is named as a bonus item's: 加分, with its count.
    h.get_by_label_contains("加分 ×2");
    h.get_by_role_and_label(Role::Button, "1 加分");
    h.get_by_role_and_label(Role::Button, "2 不加分");
    assert!(h.query_by_label("2 不符合").is_none());
    h.key_press(Key::Num1);
    h.run();
    assert_no_error(&h);
    assert_eq!(stored(&env, "praise"), ("pass".into(), 1, None));
    h.get_by_label("+1");
    h.key_press(Key::Enter);
    h.run();
    // award: its last result was 不加分, not 不适用.
    h.get_by_label_contains("· 不加分");
    // award: 2 is 不加分, stored as N/A, and moves on.
    let marks = |h: &egui_kittest::Harness<'_, hallcheck::ui::App>, mark: &str| {
        h.query_all_by_label(mark).count()
    };
    // Its last result already shows 不加分's mark (+0), never the N/A one (—).
    let (no_bonus, na) = (marks(&h, "+0"), marks(&h, "—"));
    assert!(no_bonus >= 1);
    h.key_press(Key::Num2);
    h.run();
    assert_no_error(&h);
    assert_eq!(stored(&env, "award"), ("na".into(), 1, None));
    // Back on the item, the list marks it answered 不加分 with that mark too.
    h.get_by_role_and_label(Role::Button, &format!("{}. 获得上级表彰", first + 6))
        .click();
    h.run();
    assert_eq!(marks(&h, "+0"), no_bonus + 1);
    assert_eq!(marks(&h, "—"), na);
}
