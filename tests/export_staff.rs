//! Several people per answer in the files: a JSON export carries them all (`staff_uuids`, the
//! first again as `staff_uuid` for older readers) and an import into a fresh database names the
//! same people; a file with only `staff_uuid` (written before) or only `staff_uuids` imports;
//! CSV and the command line's JSON show every name; leaving the roster travels, the later
//! change winning.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;

use chrono::{FixedOffset, NaiveDate, TimeZone, Utc};
use clap::Parser;
use hallcheck::checklist;
use hallcheck::cli::{Cli, run};
use hallcheck::domain::{InspectionKind, Outcome, Shift};
use hallcheck::export::{ExportFormat, import_file};
use hallcheck::store::{AnswerInput, NewInspection, Store, joined_names};
use support::exports;

/// A store with one submitted discipline inspection of 城东营业厅 whose `on_time` failed twice,
/// naming 李四 then 张三; returns it with the inspection's UUID and the people's UUIDs.
fn named_store(path: &Path) -> (Store, String, [String; 2]) {
    let store = Store::open(path).unwrap();
    let hall = store.add_hall("城东营业厅", Some("E01")).unwrap().id;
    let zhang = store.add_staff(hall, "张三", Some("E0107")).unwrap();
    let li = store.add_staff(hall, "李四", None).unwrap();
    let discipline = checklist::load_catalog(None)
        .template("discipline")
        .cloned()
        .unwrap();
    let id = store
        .create_inspection(&NewInspection {
            hall_id: hall,
            inspector: "赵督导",
            date: NaiveDate::from_ymd_opt(2026, 11, 5).unwrap(),
            shift: Shift::Morning,
            kind: InspectionKind::SelfCheck,
            templates: std::slice::from_ref(&discipline),
            started_at: FixedOffset::east_opt(8 * 3600)
                .unwrap()
                .with_ymd_and_hms(2026, 11, 5, 8, 40, 0)
                .unwrap(),
        })
        .unwrap();
    let row = store.inspection(id).unwrap().templates[0].0;
    for item in &discipline.items {
        let fail = item.id == "on_time";
        store
            .save_answer(
                id,
                &AnswerInput {
                    template_row: row,
                    item_id: item.id.clone(),
                    outcome: if fail { Outcome::Fail } else { Outcome::Pass },
                    count: 1,
                    rate: None,
                    note: if fail {
                        "两人迟到".into()
                    } else {
                        String::new()
                    },
                    staff_ids: if fail {
                        vec![li.id, zhang.id]
                    } else {
                        Vec::new()
                    },
                },
            )
            .unwrap();
    }
    let bands = store.settings().unwrap().bands;
    store
        .submit_inspection(
            id,
            &bands,
            Utc.with_ymd_and_hms(2026, 11, 5, 1, 20, 0).unwrap(),
        )
        .unwrap();
    let uuid = store.inspection_header(id).unwrap().uuid;
    (store, uuid, [li.uuid, zhang.uuid])
}

/// The answers of an inspection that name anyone: (item, count, names).
fn named(store: &Store, uuid: &str) -> Vec<(String, u32, String)> {
    let id = store.inspection_id_by_uuid(uuid).unwrap();
    store
        .inspection(id)
        .unwrap()
        .results
        .into_iter()
        .filter(|r| !r.staff.is_empty())
        .map(|r| (r.item_id, r.count, joined_names(&r.staff).into_owned()))
        .collect()
}

#[test]
fn every_person_named_goes_through_a_json_export_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let (source, uuid, [li, zhang]) = named_store(&dir.path().join("source.db"));
    let expected = vec![("on_time".to_owned(), 2, "李四、张三".to_owned())];
    assert_eq!(named(&source, &uuid), expected);
    let file = dir.path().join("all.json");
    exports::export_all(&source, ExportFormat::Json, &file).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains(&format!(
            r#""staff_uuid":"{li}","staff_uuids":["{li}","{zhang}"]"#
        )),
        "the first person as staff_uuid, everyone in staff_uuids"
    );
    assert!(
        !text.contains(r#""staff_uuids":[]"#),
        "no list where nobody is named"
    );

    let mut target = Store::open(&dir.path().join("target.db")).unwrap();
    let first = import_file(&mut target, &file).unwrap().report;
    assert_eq!(first.added.inspections, 1);
    assert_eq!(named(&target, &uuid), expected);
    // Each person comes with their 工号, where they have one.
    let hall = target.halls(false).unwrap()[0].id;
    let codes: Vec<(String, Option<String>)> = target
        .staff(hall, true)
        .unwrap()
        .into_iter()
        .map(|s| (s.name, s.code))
        .collect();
    assert_eq!(
        codes,
        [("张三".into(), Some("E0107".into())), ("李四".into(), None)]
    );
    let id = target.inspection_id_by_uuid(&uuid).unwrap();
    assert_eq!(
        target.exchange_inspection(id).unwrap(),
        source
            .exchange_inspection(source.inspection_id_by_uuid(&uuid).unwrap())
            .unwrap()
    );
    // The same file again, and back into its source: nothing new, nothing rejected.
    let before = exports::fingerprint(&target);
    let again = import_file(&mut target, &file).unwrap().report;
    assert_eq!((again.present.inspections, again.rejected.len()), (1, 0));
    assert_eq!(exports::fingerprint(&target), before);
    let mut source = source;
    let back = import_file(&mut source, &file).unwrap().report;
    assert_eq!((back.present.inspections, back.rejected.len()), (1, 0));
}

#[test]
fn a_file_with_only_staff_uuid_or_only_staff_uuids_imports_its_people() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import/good");
    let inspection = "44444444-4444-4444-8444-444444444444";
    for (file, names) in [("minimal.json", "王芳"), ("two-staff.json", "李强、王芳")] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("a.db")).unwrap();
        let path = data.join(file);
        let report = import_file(&mut store, &path)
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .report;
        assert_eq!(report.added.inspections, 1, "{file}");
        assert_eq!(
            named(&store, inspection),
            [("uniform".to_owned(), 2, names.to_owned())],
            "{file}"
        );
        // Read back as this HallCheck writes it, the record is the file's: present, not a
        // conflict, when imported again.
        let again = import_file(&mut store, &path).unwrap().report;
        assert_eq!(
            (again.present.inspections, again.rejected.len()),
            (1, 0),
            "{file}"
        );
    }
}

#[test]
fn csv_and_the_command_line_show_every_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    let (store, uuid, _) = named_store(&db);
    let csv = dir.path().join("all.csv");
    exports::export_all(&store, ExportFormat::Csv, &csv).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let line = text.lines().find(|l| l.contains("on_time")).unwrap();
    assert!(line.contains(",李四、张三,两人迟到,"), "{line}");
    drop(store);

    let cli = Cli::try_parse_from([
        "hallcheck",
        "--db",
        db.to_str().unwrap(),
        "inspections",
        "show",
        &uuid,
        "--format",
        "json",
    ])
    .unwrap();
    let mut out = Vec::new();
    run(cli, &mut out).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let item = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == "discipline/on_time")
        .unwrap();
    assert_eq!(item["staff"], "李四、张三");
    assert_eq!(item["staff_list"], serde_json::json!(["李四", "张三"]));
    let other = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["outcome"] == "pass")
        .unwrap();
    assert_eq!(other["staff_list"], serde_json::json!([]));
}

/// Whether the staff member `uuid` is off the roster in `store`.
fn off_roster(store: &Store, uuid: &str) -> bool {
    store
        .halls(true)
        .unwrap()
        .iter()
        .flat_map(|h| store.staff(h.id, true).unwrap())
        .find(|s| s.uuid == uuid)
        .unwrap()
        .archived
}

#[test]
fn leaving_the_roster_travels_by_file_and_the_later_change_wins() {
    let dir = tempfile::tempdir().unwrap();
    let (mut source, _, [li, _]) = named_store(&dir.path().join("source.db"));
    let export = |store: &Store, name: &str| {
        let file = dir.path().join(name);
        exports::export_all(store, ExportFormat::Json, &file).unwrap();
        file
    };
    let before = export(&source, "before.json");
    let mut target = Store::open(&dir.path().join("target.db")).unwrap();
    import_file(&mut target, &before).unwrap();
    assert!(!off_roster(&target, &li));

    // 李四 leaves on the source PC: a later file takes them off the roster on the target, with
    // an audit entry; the earlier file, imported again, does not put them back.
    let li_id = |store: &Store| {
        let hall = store.halls(true).unwrap()[0].id;
        store
            .staff(hall, true)
            .unwrap()
            .into_iter()
            .find(|s| s.uuid == li)
            .unwrap()
            .id
    };
    source.set_staff_archived(li_id(&source), true).unwrap();
    let left = export(&source, "left.json");
    assert!(
        std::fs::read_to_string(&left)
            .unwrap()
            .contains("archived_at")
    );
    let report = import_file(&mut target, &left).unwrap().report;
    assert!(off_roster(&target, &li), "{:?}", report.notes);
    assert!(
        target
            .audit_entries(&li)
            .unwrap()
            .iter()
            .any(|(_, action, _)| action == "archive")
    );
    import_file(&mut target, &before).unwrap();
    assert!(off_roster(&target, &li));

    // Back on the roster on the target, later: that wins on the source, and the source's
    // older file does not undo it.
    std::thread::sleep(std::time::Duration::from_millis(5));
    target.set_staff_archived(li_id(&target), false).unwrap();
    let back = export(&target, "back.json");
    import_file(&mut source, &back).unwrap();
    assert!(!off_roster(&source, &li));
    import_file(&mut source, &left).unwrap();
    assert!(!off_roster(&source, &li));
}
