//! Screens other than the walk: open errors, language switch, history filters.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hallcheck::store::Store;
use hallcheck::ui::{App, Screen};

fn harness(db: std::path::PathBuf, templates: std::path::PathBuf) -> Harness<'static, App> {
    Harness::builder()
        .with_size(egui::vec2(1024.0, 640.0))
        .with_max_steps(40)
        .build_eframe(move |cc| App::new_for_test(cc, &db, &templates))
}

#[test]
fn a_file_that_is_not_a_database_shows_a_full_window_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.db");
    std::fs::write(&db, "这不是数据库 this is not SQLite").unwrap();
    let mut h = harness(db.clone(), dir.path().join("checklists"));
    h.run();
    h.get_by_label("无法打开数据库");
    h.get_by_label_contains("not a HallCheck database");
    h.get_by_label(&format!("数据库: {}", db.display()));
    // The file was left untouched.
    assert_eq!(
        std::fs::read_to_string(&db).unwrap(),
        "这不是数据库 this is not SQLite"
    );
}

#[test]
fn english_is_complete_and_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hallcheck.db");
    let templates = dir.path().join("checklists");
    {
        let mut h = harness(db.clone(), templates.clone());
        h.get_by_role_and_label(Role::Button, "设置").click();
        h.run();
        assert_eq!(h.state().screen(), Screen::Settings);
        h.get_by_label("English").click();
        h.run();
        h.get_by_role_and_label(Role::Button, "Today");
        h.get_by_label("Language");
    }
    assert!(Store::open(&db).unwrap().settings().unwrap().english);
    let mut h = harness(db, templates);
    for label in [
        "Today",
        "Inspect",
        "History",
        "Halls",
        "Checklists",
        "Settings",
    ] {
        h.get_by_role_and_label(Role::Button, label).click();
        h.run();
    }
}

#[test]
fn history_pages_and_filters_a_seeded_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hallcheck.db");
    seed_demo(&db, 3, 120, 7);
    let total = Store::open(&db)
        .unwrap()
        .count_inspections(&Default::default())
        .unwrap();
    assert!(total > 200, "more than one page: {total}");
    let mut h = harness(db, dir.path().join("checklists"));
    h.get_by_role_and_label(Role::Button, "记录").click();
    h.run();
    h.get_by_label(&format!("{total} 条记录"));
}

#[test]
fn history_days_picked_from_the_calendar_filter_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hallcheck.db");
    let today = chrono::Local::now().date_naive();
    seed_demo(&db, 3, 40, 2);
    let mut h = harness(db, dir.path().join("checklists"));
    h.get_by_role_and_label(Role::Button, "记录").click();
    h.run();
    h.get_by_label("120 条记录");
    // "From": open the calendar, take today: only today's three inspections are left.
    h.get_all_by_label("▼").next().unwrap().click();
    h.run();
    h.get_by_label(&format!(
        "{}年{}月",
        today.format("%Y"),
        today.format("%-m")
    ));
    h.get_by_label("一");
    h.get_by_label("今天").click();
    h.run();
    h.get_by_label("3 条记录");
    // The calendar empties the field again: the whole list is back.
    h.get_all_by_label("▼").next().unwrap().click();
    h.run();
    h.get_by_label("清空").click();
    h.run();
    h.get_by_label("120 条记录");
    // A click on a row away from its date opens the inspection.
    let hall = Store::open(dir.path().join("hallcheck.db").as_path())
        .unwrap()
        .halls(false)
        .unwrap()[0]
        .name
        .clone();
    h.get_all_by_label(&hall).next().unwrap().click();
    h.run();
    h.get_by_label_contains(&format!("巡查详情 · {hall}"));
}

/// Demo history ending today in the database at `db`.
fn seed_demo(db: &std::path::Path, halls: u32, days: u32, seed: u64) {
    let mut store = Store::open(db).unwrap();
    let templates: Vec<_> = hallcheck::checklist::load_catalog(None)
        .templates
        .into_iter()
        .map(|l| l.template)
        .collect();
    hallcheck::store::generate_demo_data(
        &mut store,
        &templates,
        &hallcheck::store::DemoOptions {
            halls,
            days,
            seed,
            today: chrono::Local::now().date_naive(),
            batch: 500,
        },
        |_| {},
    )
    .unwrap();
}

#[test]
fn a_new_database_leads_from_today_to_adding_a_hall() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(
        dir.path().join("hallcheck.db"),
        dir.path().join("checklists"),
    );
    h.run();
    assert_eq!(h.state().screen(), Screen::Today);
    h.get_by_label_contains("还没有营业厅");
    h.get_by_role_and_label(Role::Button, "添加营业厅").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Halls);
}
