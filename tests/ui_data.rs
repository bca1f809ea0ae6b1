//! The 数据 screen driven through the real app on temp databases with egui_kittest: export,
//! import (good and bad files), backup and restore.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hallcheck::store::{InspectionFilter, Store};
use hallcheck::ui::dialogs::{FileDialogs, Picked};
use hallcheck::ui::{App, Screen};
use support::ui::{Env, WINDOW, assert_no_error, harness, nav, seed_demo, type_into};

/// Dialogs that answer with fixed paths, like a user who always picks the same file.
struct FixedDialogs {
    save: PathBuf,
    open: PathBuf,
}

impl FileDialogs for FixedDialogs {
    fn pick_image(&mut self) -> Option<PathBuf> {
        None
    }

    fn save_file(&mut self, _folder: &Path, _default_name: &str) -> Picked<PathBuf> {
        Picked::Chosen(self.save.clone())
    }

    fn pick_json_files(&mut self) -> Picked<Vec<PathBuf>> {
        Picked::Chosen(vec![self.open.clone()])
    }

    fn pick_backup(&mut self) -> Picked<PathBuf> {
        Picked::Chosen(self.open.clone())
    }
}

/// A database with two halls and four days of demo inspections, and how many there are.
fn seeded() -> (Env, i64) {
    let env = Env::new();
    let inspections = count(&seed_demo(&env.db, 2, 4, 11));
    (env, inspections)
}

fn count(store: &Store) -> i64 {
    store
        .count_inspections(&InspectionFilter::default())
        .unwrap()
}

fn open_data(h: &mut Harness<'_, App>) {
    nav(h, "数据");
    assert_eq!(h.state().screen(), Screen::Data);
}

fn import_typed(h: &mut Harness<'_, App>, file: &Path) {
    type_into(h, "JSON 文件路径", &file.display().to_string());
    h.get_by_role_and_label(Role::Button, "导入").click();
    h.run();
}

/// Restores from the backup the dialog picks, confirming the replacement.
fn restore_from_backup(h: &mut Harness<'_, App>) {
    h.get_by_role_and_label(Role::Button, "从备份恢复…").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "替换并恢复").click();
    h.run();
}

#[test]
fn json_exported_without_a_dialog_imports_into_another_database() {
    let (source, exported) = seeded();
    assert!(exported > 0);

    // No dialog can open: the file goes to the default folder and the app says where.
    let mut h = source.harness();
    open_data(&mut h);
    h.get_by_label("JSON").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "导出…").click();
    h.run();
    h.get_by_label_contains(&format!("已导出 {exported} 条检查记录"));
    h.get_by_label_contains("文件已保存到默认导出文件夹");
    let export_dir = source.file("exports");
    let files: Vec<PathBuf> = std::fs::read_dir(&export_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let file = &files[0];
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("hallcheck-") && name.ends_with(".json"),
        "{name}"
    );
    assert!(!name.contains(':'), "{name}");
    h.get_by_label(&file.display().to_string());
    h.get_by_role_and_label(Role::Button, "打开所在文件夹");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    assert_eq!(
        json["inspections"].as_array().map(Vec::len),
        Some(exported as usize)
    );

    // A second PC imports it by typed path.
    let target = Env::new();
    let mut h2 = target.harness();
    open_data(&mut h2);
    import_typed(&mut h2, file);
    h2.get_by_label("导入结果");
    h2.get_by_label_contains(&format!("新增：检查 {exported}"));
    assert_eq!(count(h2.state().store().unwrap()), exported);
    assert_no_error(&h2);
    // The loaded data is reloaded: the halls came along and Today shows them.
    nav(&mut h2, "首页");
    let halls = h2.state().store().unwrap().halls(false).unwrap();
    assert_eq!(halls.len(), 2);
    assert!(h2.query_all_by_label(&halls[0].name).next().is_some());

    // Importing the same file again changes nothing.
    open_data(&mut h2);
    h2.get_by_role_and_label(Role::Button, "导入").click();
    h2.run();
    h2.get_by_label_contains("新增：检查 0");
    h2.get_by_label_contains(&format!("已存在：检查 {exported}"));
    assert_eq!(count(h2.state().store().unwrap()), exported);
}

#[test]
fn a_file_that_is_not_json_is_refused_with_its_name_and_nothing_changes() {
    let (env, before) = seeded();
    let bad = env.file("notes.txt");
    std::fs::write(&bad, "这不是 JSON, just notes\n").unwrap();

    let mut h = env.harness();
    open_data(&mut h);
    import_typed(&mut h, &bad);
    h.get_by_label_contains("未导入（数据库未改变）");
    h.get_by_label_contains("notes.txt:1:1");
    assert_eq!(count(h.state().store().unwrap()), before);
}

#[test]
fn backup_then_restore_into_another_database_after_confirmation() {
    let (source, inspections) = seeded();
    let backup = source.file("backup.db");

    // The save dialog chooses the backup file.
    let mut options = source.options();
    options.dialogs = Box::new(FixedDialogs {
        save: backup.clone(),
        open: backup.clone(),
    });
    let mut h = harness(options, WINDOW);
    open_data(&mut h);
    h.get_by_role_and_label(Role::Button, "备份数据库…").click();
    h.run();
    h.get_by_label("数据库已备份到");
    h.get_by_label(&backup.display().to_string());
    assert_eq!(count(&Store::open(&backup).unwrap()), inspections);

    // An empty database restores from it after saying what will happen.
    let target = Env::new();
    let mut options = target.options();
    options.dialogs = Box::new(FixedDialogs {
        save: target.file("unused.db"),
        open: backup.clone(),
    });
    let mut h2 = harness(options, WINDOW);
    open_data(&mut h2);
    h2.get_by_role_and_label(Role::Button, "从备份恢复…")
        .click();
    h2.run();
    h2.get_by_label_contains("将被这个备份替换");
    // Cancel first: nothing happens.
    h2.get_by_role_and_label(Role::Button, "取消").click();
    h2.run();
    assert_eq!(count(h2.state().store().unwrap()), 0);

    restore_from_backup(&mut h2);
    h2.get_by_label_contains("已从备份恢复");
    assert_eq!(count(h2.state().store().unwrap()), inspections);
    let kept: Vec<_> = std::fs::read_dir(target.file("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("before-restore"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    h2.get_by_label_contains(&kept[0]);

    // A restore from a file that is not a backup is refused and says so.
    std::fs::write(&backup, "not a database").unwrap();
    restore_from_backup(&mut h2);
    h2.get_by_label_contains("失败");
    assert_eq!(count(h2.state().store().unwrap()), inspections);
}
