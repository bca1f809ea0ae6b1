//! The app's safety work under egui_kittest (background work inline, the clock fixed): the
//! day's backup on the first start and none on the next, the list in Settings and Data with
//! a restore in one click after the confirmation, and the red banner while the database is
//! known to be damaged — found on opening or by the background check of a large file — with
//! writes refused until a backup is restored.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use hallcheck::store::Store;
use hallcheck::store::backups::list_backups;
use hallcheck::ui::Screen;

use support::damage::{damage_filler, large_database, overwrite_page, root_page};
use support::local;
use support::ui::{Env, add_hall, assert_no_error, nav, start_inspection};

const BANNER: &str = "数据库已损坏，已停止保存";

#[test]
fn the_first_start_of_the_day_backs_up_and_settings_and_data_list_it() {
    let env = Env::new();
    drop(Store::open(&env.db).unwrap());
    let mut h = env.harness();
    h.run();
    let listed = list_backups(&env.db).unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].taken, local(2026, 10, 31, 15));
    nav(&mut h, "设置");
    h.get_by_label("2026-10-31 15:00:00");
    h.get_by_label("每日");
    nav(&mut h, "数据");
    h.get_by_label("2026-10-31 15:00:00");
    assert_no_error(&h);
    drop(h);
    // The next start that day makes none.
    let mut h = env.harness();
    h.run();
    assert_eq!(list_backups(&env.db).unwrap().len(), 1);
}

#[test]
fn a_damaged_database_shows_the_banner_refuses_writes_and_restores_from_the_list() {
    let env = Env::new();
    let store = Store::open(&env.db).unwrap();
    store.add_hall("城东供电营业厅", Some("A1")).unwrap();
    let good = store.backup_daily(local(2026, 10, 30, 8)).unwrap().unwrap();
    store.add_hall("城西供电营业厅", Some("A2")).unwrap();
    drop(store);
    overwrite_page(&env.db, root_page(&env.db, "settings"));

    let mut h = env.harness();
    h.run();
    assert!(h.state().store().is_some(), "opened for a restore");
    h.get_by_label_contains(BANNER);
    h.get_by_label_contains(&good.display().to_string());
    // No copy of a damaged file was made.
    assert_eq!(list_backups(&env.db).unwrap().len(), 1);
    // A write is refused and says why.
    nav(&mut h, "营业厅");
    support::ui::type_into(&mut h, "营业厅名称", "新营业厅");
    h.get_by_role_and_label(Role::Button, "添加营业厅").click();
    h.run();
    let error = h.state().error().unwrap_or_default().to_owned();
    assert!(error.contains("这次更改没有保存"), "{error}");

    // The banner's button goes to the Data screen, whose list restores in one click.
    h.get_by_role_and_label(Role::Button, "到数据页恢复备份…")
        .click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Data);
    h.get_by_role_and_label(Role::Button, "恢复…").click();
    h.run();
    h.get_by_label_contains("将被这个备份替换");
    h.get_by_role_and_label(Role::Button, "替换并恢复").click();
    h.run();
    h.get_by_label_contains("已从备份恢复");
    assert!(
        h.query_by_label_contains(BANNER).is_none(),
        "the banner goes"
    );
    add_hall(&mut h, "恢复后营业厅");
    let names: Vec<String> = h
        .state()
        .store()
        .unwrap()
        .halls(true)
        .unwrap()
        .into_iter()
        .map(|h| h.name)
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn the_background_check_of_a_large_file_raises_the_banner() {
    let env = Env::new();
    large_database(&env.db);
    damage_filler(&env.db);
    let mut h = env.harness();
    h.run();
    h.get_by_label_contains(BANNER);
    assert!(
        list_backups(&env.db).unwrap().is_empty(),
        "a damaged file is not backed up"
    );
}

#[test]
fn notes_a_damaged_database_cannot_take_go_to_a_text_file_and_the_walk_may_be_left() {
    let env = Env::new();
    let mut h = env.harness();
    add_hall(&mut h, "城东供电营业厅");
    start_inspection(&mut h, "周督导");
    // A fail, and its reason typed (not yet saved) when the file is found damaged.
    h.key_press(egui::Key::Num2);
    h.run();
    h.key_press(egui::Key::Tab);
    h.run();
    h.event(egui::Event::Text("地面有水渍".into()));
    h.run();
    hallcheck::store::damage::record(&env.db, "found damaged by the test");
    // The banner comes up, and the screen moves down under it.
    h.run();
    h.get_by_label_contains(BANNER);
    nav(&mut h, "数据");
    assert_eq!(
        h.state().screen(),
        Screen::Data,
        "the walk is left for the restore"
    );
    h.get_by_label_contains("未能保存的备注已另存到");
    let notes: Vec<_> = std::fs::read_dir(env.file("exports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("未保存的备注"))
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    let text = std::fs::read_to_string(&notes[0]).unwrap();
    let first = hallcheck::checklist::load_catalog(None).into_templates()[0].items[0]
        .text
        .clone();
    assert!(text.starts_with('\u{feff}'), "{text}");
    assert!(text.contains(&format!("{first}：地面有水渍\r\n")), "{text}");
    assert!(text.contains("城东供电营业厅"), "{text}");
}
