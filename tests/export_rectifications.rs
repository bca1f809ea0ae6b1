//! Rectifications travel in the JSON exchange with their history and after-photos: a round
//! trip gives the same records; a later export whose history goes on moves the copy on; two
//! copies changed apart keep the local one; a file of version 2 still imports; a history the
//! state machine does not allow is refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;

use chrono::{FixedOffset, NaiveDate, TimeZone, Utc};
use hallcheck::domain::{InspectionKind, Outcome, RectificationAction, RectificationStatus, Shift};
use hallcheck::export::{ExportFormat, import_file};
use hallcheck::store::{AnswerInput, NewInspection, RectificationFilter, Store};
use serde_json::Value;
use support::exports;
use support::store::builtin;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, d).unwrap()
}

fn at(d: u32, hour: u32) -> chrono::DateTime<FixedOffset> {
    FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 10, d, hour, 0, 0)
        .unwrap()
}

/// A database with one submitted inspection of 2026-10-05 and three rectifications: 不迟到
/// reported fixed with a photo, 不脱岗 fixed on the spot, the veto item open.
fn source(path: &Path) -> (Store, i64) {
    let store = Store::open(path).unwrap();
    let hall = store.add_hall("城东供电营业厅", Some("T1")).unwrap();
    let staff = store.add_staff(hall.id, "王芳", None).unwrap();
    let templates = [builtin("discipline")];
    let id = store
        .create_inspection(&NewInspection {
            hall_id: hall.id,
            inspector: "赵督导",
            date: day(5),
            shift: Shift::Morning,
            kind: InspectionKind::SelfCheck,
            templates: &templates,
            started_at: at(5, 9),
        })
        .unwrap();
    let fails = ["on_time", "no_leaving_post", "no_quarrel_with_customer"];
    let detail = store.inspection(id).unwrap();
    let (row, template) = &detail.templates[0];
    for item in &template.items {
        let fail = fails.contains(&item.id.as_str());
        store
            .save_answer(
                id,
                &AnswerInput {
                    template_row: *row,
                    item_id: item.id.clone(),
                    outcome: if fail { Outcome::Fail } else { Outcome::Pass },
                    count: 1,
                    rate: None,
                    note: if fail {
                        "现场发现".into()
                    } else {
                        String::new()
                    },
                    staff_ids: if item.id == "on_time" {
                        vec![staff.id]
                    } else {
                        Vec::new()
                    },
                },
            )
            .unwrap();
    }
    store
        .set_fixed_on_spot(id, *row, "no_leaving_post", true)
        .unwrap();
    let bands = store.settings().unwrap().bands;
    store
        .submit_inspection(
            id,
            &bands,
            Utc.with_ymd_and_hms(2026, 10, 5, 2, 0, 0).unwrap(),
        )
        .unwrap();
    let fix = rectification(&store, "on_time");
    let photo = hallcheck::export::photo::prepare_photo_bytes(
        "after.png",
        "整改后.png",
        &exports::tiny_png(),
    )
    .unwrap();
    store
        .close_rectification(fix, "已提醒", &[photo], "王芳", at(6, 17))
        .unwrap();
    (store, id)
}

/// The rectification of an item (there is one inspection).
fn rectification(store: &Store, item: &str) -> i64 {
    store
        .rectifications(&RectificationFilter::default(), day(10))
        .unwrap()
        .into_iter()
        .find(|r| r.item_id == item)
        .unwrap()
        .id
}

/// The inspection as exchanged, in the file's terms (inspector UUIDs may differ).
fn record(store: &Store, uuid: &str) -> hallcheck::store::InspectionRecord {
    let mut record = store
        .exchange_inspection(store.inspection_id_by_uuid(uuid).unwrap())
        .unwrap();
    record.inspector_uuid.clear();
    record
}

fn export_to(store: &Store, file: &Path) {
    exports::export_all(store, ExportFormat::Json, file).unwrap();
}

#[test]
fn a_round_trip_carries_every_rectification_with_its_history_and_photos() {
    let dir = tempfile::tempdir().unwrap();
    let (source, id) = source(&dir.path().join("source.db"));
    let uuid = source.inspection_header(id).unwrap().uuid;
    let file = dir.path().join("all.json");
    export_to(&source, &file);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\"version\":3"), "{}", &text[..200]);

    let mut target = Store::open(&dir.path().join("target.db")).unwrap();
    let report = import_file(&mut target, &file).unwrap().report;
    assert_eq!(report.added.rectifications, 3);
    assert_eq!(report.added.photos, 1, "the after-photo");
    let exchanged = record(&source, &uuid);
    assert_eq!(exchanged.rectifications.len(), 3);
    assert!(exchanged.attachments.is_empty(), "no photo of the answers");
    assert!(exchanged.results.iter().any(|r| r.fixed_on_spot));
    assert_eq!(record(&target, &uuid), exchanged);

    let fix = rectification(&target, "on_time");
    let detail = target.rectification(fix, day(6)).unwrap();
    assert_eq!(detail.row.status, RectificationStatus::Done);
    assert_eq!(detail.row.owner, "王芳");
    assert_eq!(detail.after.len(), 1);
    assert_eq!(detail.history[1].by, "王芳");
    assert!(
        target
            .attachments(detail.row.inspection_id)
            .unwrap()
            .is_empty()
    );
    let spot = target
        .rectification(rectification(&target, "no_leaving_post"), day(6))
        .unwrap();
    assert_eq!(spot.history[1].action, RectificationAction::FixOnSpot);

    // Again: nothing changes.
    let before = exports::fingerprint(&target);
    let again = import_file(&mut target, &file).unwrap().report;
    assert_eq!(again.present.inspections, 1);
    assert_eq!(again.present.rectifications, 3);
    assert_eq!(again.added.rectifications, 0);
    assert!(again.rejected.is_empty());
    assert_eq!(exports::fingerprint(&target), before);
}

#[test]
fn a_later_export_moves_the_copy_on_and_a_copy_changed_apart_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (source, id) = source(&dir.path().join("source.db"));
    let uuid = source.inspection_header(id).unwrap().uuid;
    let file = dir.path().join("first.json");
    export_to(&source, &file);
    let mut target = Store::open(&dir.path().join("target.db")).unwrap();
    import_file(&mut target, &file).unwrap();

    // The supervisor accepts the fix on the source PC; the hall imports it.
    source
        .accept_rectification(rectification(&source, "on_time"), "赵督导", at(7, 9))
        .unwrap();
    let later = dir.path().join("later.json");
    export_to(&source, &later);
    let report = import_file(&mut target, &later).unwrap().report;
    assert_eq!(report.present.inspections, 1);
    assert_eq!(report.added.rectifications, 1);
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    assert_eq!(record(&target, &uuid), record(&source, &uuid));
    let accepted = target
        .rectification(rectification(&target, "on_time"), day(7))
        .unwrap();
    assert_eq!(accepted.row.status, RectificationStatus::Accepted);
    assert_eq!(accepted.history.len(), 3);

    // The older file changes nothing now: the local history already goes further.
    let before = exports::fingerprint(&target);
    let older = import_file(&mut target, &file).unwrap().report;
    assert!(older.rejected.is_empty());
    assert_eq!(exports::fingerprint(&target), before);

    // Both close the veto item, each in their own words: the local close is kept.
    let veto = "no_quarrel_with_customer";
    source
        .close_rectification(rectification(&source, veto), "甲", &[], "", at(7, 10))
        .unwrap();
    target
        .close_rectification(rectification(&target, veto), "乙", &[], "", at(7, 11))
        .unwrap();
    let apart = dir.path().join("apart.json");
    export_to(&source, &apart);
    let report = import_file(&mut target, &apart).unwrap().report;
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].entity, "rectification");
    let kept = target
        .rectification(rectification(&target, veto), day(7))
        .unwrap();
    assert_eq!(kept.row.note, "乙");
}

/// The export as JSON, with `edit` applied to its first rectification.
fn edited(file: &Path, edit: impl FnOnce(&mut Value, &mut Value)) -> Vec<u8> {
    let mut doc: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    let mut header = doc.clone();
    let fix = &mut doc["inspections"][0]["rectifications"][0];
    edit(&mut header, fix);
    if let Some(version) = header.get("version") {
        doc["version"] = version.clone();
    }
    serde_json::to_vec(&doc).unwrap()
}

#[test]
fn a_version_2_file_imports_its_rectifications_with_a_history_made_up() {
    let dir = tempfile::tempdir().unwrap();
    let (source, _) = source(&dir.path().join("source.db"));
    let file = dir.path().join("all.json");
    export_to(&source, &file);
    let old = edited(&file, |header, fix| {
        header["version"] = 2.into();
        let uuid = fix["uuid"].clone();
        let template_hash = fix["template_hash"].clone();
        let item_id = fix["item_id"].clone();
        *fix = serde_json::json!({
            "uuid": uuid, "template_hash": template_hash, "item_id": item_id,
            "owner": "王芳", "due_on": null, "status": "done",
            "closed_at": "2026-10-06T09:00:00.000Z", "note": "已整改",
        });
    });
    let old_file = dir.path().join("v2.json");
    std::fs::write(&old_file, old).unwrap();
    let mut target = Store::open(&dir.path().join("target.db")).unwrap();
    import_file(&mut target, &old_file).unwrap();
    let rows = target
        .rectifications(&RectificationFilter::default(), day(6))
        .unwrap();
    assert_eq!(rows.len(), 3);
    let done = rows
        .iter()
        .find(|r| r.status == RectificationStatus::Done && r.note == "已整改")
        .unwrap();
    assert_eq!(done.due_on, day(8), "3 days after the inspection");
    assert_eq!(done.closed_on, Some(day(6)));
    let history = target.rectification(done.id, day(6)).unwrap().history;
    let actions: Vec<_> = history.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [RectificationAction::Open, RectificationAction::Close]
    );
}

/// A change to a rectification of a file.
type Edit = Box<dyn FnOnce(&mut Value)>;

#[test]
fn a_history_the_states_do_not_allow_is_refused_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let (source, _) = source(&dir.path().join("source.db"));
    let file = dir.path().join("all.json");
    export_to(&source, &file);
    let mut target = Store::open(&dir.path().join("target.db")).unwrap();
    let cases: [(&str, Edit); 3] = [
        (
            "events[0].action",
            Box::new(|fix: &mut Value| fix["events"][0]["action"] = "accept".into()),
        ),
        (
            "status",
            // A status the history does not end in.
            Box::new(|fix: &mut Value| {
                let other = if fix["status"] == "open" {
                    "done"
                } else {
                    "open"
                };
                fix["status"] = other.into();
            }),
        ),
        (
            "status",
            Box::new(|fix: &mut Value| fix["status"] = "returned".into()),
        ),
    ];
    for (n, (field, edit)) in cases.into_iter().enumerate() {
        let bad = edited(&file, |_, fix| edit(fix));
        let bad_file = dir.path().join(format!("bad{n}.json"));
        std::fs::write(&bad_file, bad).unwrap();
        let err = import_file(&mut target, &bad_file).unwrap_err().to_string();
        assert!(err.contains("rectifications[0]"), "{err}");
        assert!(err.contains(field), "{field}: {err}");
    }
    assert!(
        target
            .rectifications(&RectificationFilter::default(), day(6))
            .unwrap()
            .is_empty()
    );
}
