//! Screens other than the walk: open errors, language switch, history filters.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hallcheck::domain::Points;
use hallcheck::store::Store;
use hallcheck::ui::{App, Screen};
use support::ui::{
    Env, TODAY, assert_no_error, draft_hygiene, harness, nav, seed_demo, submitted_hygiene,
    type_into,
};

/// The app on `env` in a small office window.
fn small(env: &Env) -> Harness<'static, App> {
    harness(env.options(), egui::vec2(1024.0, 640.0))
}

#[test]
fn a_file_that_is_not_a_database_shows_a_full_window_error() {
    let env = Env::new();
    std::fs::write(&env.db, "这不是数据库 this is not SQLite").unwrap();
    let mut h = small(&env);
    h.run();
    h.get_by_label("无法打开数据库");
    h.get_by_label_contains("not a HallCheck database");
    h.get_by_label(&format!("数据库：{}", env.db.display()));
    // The file was left untouched.
    assert_eq!(
        std::fs::read_to_string(&env.db).unwrap(),
        "这不是数据库 this is not SQLite"
    );
}

#[test]
fn english_is_complete_and_remembered() {
    let env = Env::new();
    {
        let mut h = small(&env);
        nav(&mut h, "设置");
        assert_eq!(h.state().screen(), Screen::Settings);
        h.get_by_label("English").click();
        h.run();
        h.get_by_role_and_label(Role::Button, "Today");
        h.get_by_label("Language");
    }
    assert!(Store::open(&env.db).unwrap().settings().unwrap().english);
    let mut h = small(&env);
    for label in [
        "Today",
        "Inspect",
        "History",
        "Halls",
        "Checklists",
        "Settings",
    ] {
        nav(&mut h, label);
    }
}

#[test]
fn history_pages_and_filters_a_seeded_database() {
    let env = Env::new();
    let total = seed_demo(&env.db, 3, 120, 7)
        .count_inspections(&Default::default())
        .unwrap();
    assert!(total > 200, "more than one page: {total}");
    let mut h = small(&env);
    nav(&mut h, "记录");
    h.get_by_label(&format!("{total} 条记录"));
}

#[test]
fn history_days_picked_from_the_calendar_filter_the_list() {
    let env = Env::new();
    let hall = seed_demo(&env.db, 3, 40, 2).halls(false).unwrap()[0]
        .name
        .clone();
    let mut h = small(&env);
    nav(&mut h, "记录");
    h.get_by_label("120 条记录");
    // "From": open the calendar (on the app's month), take today: only today's three
    // inspections are left.
    h.get_all_by_label("▼").next().unwrap().click();
    h.run();
    h.get_by_label(&TODAY.format("%Y年%-m月").to_string());
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
    h.get_all_by_label(&hall).next().unwrap().click();
    h.run();
    h.get_by_label_contains(&format!("检查详情 · {hall}"));
}

#[test]
fn a_new_database_leads_from_today_to_adding_a_hall() {
    let env = Env::new();
    let mut h = small(&env);
    h.run();
    assert_eq!(h.state().screen(), Screen::Today);
    h.get_by_label_contains("还没有营业厅");
    h.get_by_role_and_label(Role::Button, "添加营业厅").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Halls);
}

/// Settings that cannot be read are reported, and nothing — not even a zoom change — is saved
/// over them with the defaults shown meanwhile.
#[test]
fn settings_that_cannot_be_read_are_shown_and_never_saved_over() {
    let env = Env::new();
    {
        let store = Store::open(&env.db).unwrap();
        let mut settings = store.settings().unwrap();
        settings.bands.excellent = Points::from_whole(95);
        settings.bands.good = Points::from_whole(85);
        settings.bands.pass = Points::from_whole(70);
        store.save_settings(&settings).unwrap();
    }
    // A value no version of the program wrote: the settings no longer read.
    let outside = rusqlite::Connection::open(&env.db).unwrap();
    outside
        .execute(
            "UPDATE settings SET value = x'ff00' WHERE key = 'language'",
            [],
        )
        .unwrap();
    let stored = |key: &str| -> String {
        outside
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .unwrap()
    };
    let mut h = small(&env);
    h.run();
    let error = h.state().error().unwrap_or_default().to_owned();
    assert!(error.contains("无法读取已保存的设置"), "{error}");
    // Ctrl + zooms the window: shown, not saved.
    nav(&mut h, "设置");
    h.ctx.set_zoom_factor(1.1);
    h.run();
    assert_eq!(stored("band_excellent"), "95");
    assert_eq!(stored("band_pass"), "70");
    assert_eq!(stored("zoom"), "1.00");
    // Saving from the Settings screen is refused too.
    h.get_by_role_and_label(Role::Button, "保存").click();
    h.run();
    assert_eq!(stored("band_excellent"), "95");
    assert!(h.state().error().is_some());
}

/// Today's week: exact scores, several inspections of a day shown as such and not averaged,
/// a click opens the inspection (or the day's list), and a draft beside a submitted check
/// still shows.
#[test]
fn today_shows_each_score_exactly_and_opens_it() {
    let env = Env::new();
    let store = Store::open(&env.db).unwrap();
    let hall = store.add_hall("城东营业厅", None).unwrap();
    let yesterday = TODAY.pred_opt().unwrap();
    let single = submitted_hygiene(&store, hall.id, yesterday, &[5]);
    submitted_hygiene(&store, hall.id, TODAY, &[]);
    submitted_hygiene(&store, hall.id, TODAY, &[5]);
    draft_hygiene(&store, hall.id, TODAY, &[]);
    let score = store.inspection_header(single).unwrap().score.unwrap();
    assert_eq!(score.to_string(), "93.33");

    let mut h = env.harness();
    h.run();
    // Two inspections today: the lower score and their number, not a silent mean; a click
    // lists the day's inspections.
    h.get_by_label("93.33×2").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::History);
    h.get_by_label("3 条记录");
    // Hygiene today: submitted and in a draft.
    nav(&mut h, "首页");
    h.get_by_label("✓△");
    // A day with one inspection opens it.
    h.get_by_label("93.33").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::History);
    assert_eq!(h.state().open_inspection_id(), Some(single));
}

/// Halls: Enter adds a hall and a staff member; archiving asks first.
#[test]
fn halls_add_by_enter_and_archive_after_asking() {
    let env = Env::new();
    let mut h = env.harness();
    nav(&mut h, "营业厅");
    type_into(&mut h, "营业厅名称", "城东营业厅");
    h.key_press(egui::Key::Enter);
    h.run();
    let store = Store::open(&env.db).unwrap();
    let halls = store.halls(true).unwrap();
    assert_eq!(halls.len(), 1, "Enter adds the hall");
    type_into(&mut h, "员工姓名", "王芳");
    type_into(&mut h, "工号", "A023");
    h.key_press(egui::Key::Enter);
    h.run();
    let staff = store.staff(halls[0].id, true).unwrap();
    assert_eq!(staff.len(), 1, "Enter adds the staff member");
    assert_eq!(staff[0].code.as_deref(), Some("A023"));
    h.get_by_label("A023");

    // Archiving the hall (its button comes before the staff member's) asks; Cancel keeps it.
    let archive_hall = |h: &mut Harness<'static, App>| {
        h.query_all_by_role_and_label(Role::Button, "归档")
            .next()
            .unwrap()
            .click();
        h.run();
    };
    archive_hall(&mut h);
    h.run();
    h.get_by_label_contains("归档“城东营业厅”？");
    h.get_by_role_and_label(Role::Button, "取消").click();
    h.run();
    assert!(!store.halls(true).unwrap()[0].archived);
    // Confirm archives it.
    archive_hall(&mut h);
    h.get_by_role_and_label(Role::Button, "确认归档").click();
    h.run();
    assert!(store.halls(true).unwrap()[0].archived);
}

/// A refused rating band is explained in the UI's language, and nothing is saved.
#[test]
fn settings_explain_refused_bands_in_chinese() {
    let env = Env::new();
    let mut h = env.harness();
    nav(&mut h, "设置");
    h.get_by_label("优秀").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("优秀").type_text("70");
    h.run();
    h.get_by_role_and_label(Role::Button, "保存").click();
    h.run();
    h.get_by_label("分段须满足：优秀 > 良好 > 合格");
    let store = Store::open(&env.db).unwrap();
    assert_eq!(
        store.settings().unwrap().bands.excellent,
        Points::from_whole(90)
    );
}

#[test]
fn checklists_print_blank_sheets_to_the_export_folder() {
    let env = Env::new();
    let mut h = env.harness();
    nav(&mut h, "模板");
    let templates = hallcheck::checklist::load_catalog(None).into_templates();
    // Each item shows the reasons it offers.
    let first = &templates[0].items[0];
    h.get_by_label(&format!("常见原因：{}", first.reasons.join("、")));

    h.get_by_role_and_label(Role::Button, "打印空白检查表")
        .click();
    h.run();
    h.get_by_label_contains("已导出");
    let sheets = support::names_in(&env.file("exports"));
    assert_eq!(sheets, ["空白检查表-20261031.pdf"]);
    let text = support::pdf_text(&env.file("exports").join(&sheets[0]), "-raw");
    let last = templates.last().unwrap().items.last().unwrap();
    assert!(
        text.contains(&first.text) && text.contains(&last.text),
        "{text}"
    );

    // The shown checklist alone, in a file of its own.
    h.get_by_role_and_label(Role::Button, "打印本表（空白）")
        .click();
    h.run();
    let sheets = support::names_in(&env.file("exports"));
    assert_eq!(
        sheets,
        ["空白检查表-20261031-2.pdf", "空白检查表-20261031.pdf"]
    );
    let one = &sheets[0];
    let text = support::pdf_text(&env.file("exports").join(one), "-raw");
    assert!(
        text.contains(&first.text) && !text.contains(&last.text),
        "{text}"
    );
    assert_no_error(&h);
}

#[test]
fn a_checklist_switched_off_is_not_walked_listed_today_or_printed() {
    let env = Env::new();
    let mut h = env.harness();
    support::ui::add_hall(&mut h, "城东供电营业厅");
    nav(&mut h, "设置");
    h.get_by_role_and_label(Role::CheckBox, "劳动纪律").click();
    h.run();
    assert_no_error(&h);
    let settings = h.state().store().unwrap().settings().unwrap();
    assert_eq!(settings.checklists_off, ["discipline"]);

    nav(&mut h, "首页");
    assert!(h.query_by_label("劳动纪律").is_none());
    h.get_by_label("环境卫生");
    nav(&mut h, "模板");
    h.get_by_label_contains("劳动纪律 15分（已停用）");
    h.get_by_role_and_label(Role::Button, "打印空白检查表")
        .click();
    h.run();
    let sheet = env.file("exports").join("空白检查表-20261031.pdf");
    let printed: String = support::pdf_text(&sheet, "-raw")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let catalog = hallcheck::checklist::load_catalog(None);
    let (hygiene, discipline) = (
        catalog.template("hygiene").unwrap(),
        catalog.template("discipline").unwrap(),
    );
    assert!(printed.contains(&hygiene.items[0].text));
    assert!(!printed.contains(&discipline.items[0].text));

    // "All checklists" walks the others.
    support::ui::start_inspection(&mut h, "周督导");
    let id = h.state().walk_inspection_id().unwrap();
    let detail = h.state().store().unwrap().inspection(id).unwrap();
    let walked: Vec<&str> = detail
        .templates
        .iter()
        .map(|(_, t)| t.id.as_str())
        .collect();
    assert_eq!(walked.len(), 7, "{walked:?}");
    assert!(!walked.contains(&"discipline"));
    let discipline = hallcheck::checklist::load_catalog(None)
        .template("discipline")
        .unwrap()
        .clone();
    assert!(
        h.query_by_label_contains(&discipline.items[0].text)
            .is_none()
    );

    // Switched on again, it is back.
    nav(&mut h, "设置");
    h.get_by_role_and_label(Role::CheckBox, "劳动纪律").click();
    h.run();
    assert!(
        h.state()
            .store()
            .unwrap()
            .settings()
            .unwrap()
            .checklists_off
            .is_empty()
    );
}

#[test]
fn service_conduct_is_walked_once_switched_on_in_settings() {
    let env = Env::new();
    let mut h = env.harness();
    support::ui::add_hall(&mut h, "城东供电营业厅");
    // Off by default: not on Today, not walked by "all checklists".
    nav(&mut h, "首页");
    assert!(h.query_by_label("服务行为").is_none());
    nav(&mut h, "设置");
    h.get_by_role_and_label(Role::CheckBox, "服务行为（选用）")
        .click();
    h.run();
    assert_no_error(&h);
    let settings = h.state().store().unwrap().settings().unwrap();
    assert_eq!(settings.checklists_on, ["service"]);
    nav(&mut h, "首页");
    h.get_by_label("服务行为");

    support::ui::start_inspection(&mut h, "周督导");
    let id = h.state().walk_inspection_id().unwrap();
    let detail = h.state().store().unwrap().inspection(id).unwrap();
    let walked: Vec<&str> = detail
        .templates
        .iter()
        .map(|(_, t)| t.id.as_str())
        .collect();
    assert_eq!(walked.len(), 9, "{walked:?}");
    assert_eq!(walked.last(), Some(&"service"));
    let service = &detail.templates[8].1;
    assert_eq!(service.area.name_zh(), "服务行为");
    assert!(h.query_by_label_contains(&service.items[0].text).is_some());
}
