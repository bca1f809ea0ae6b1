//! The sign-off travels with its inspection in a JSON export (format version 3): read back the
//! same by an import, checked there (bad strokes, names and a signed draft refused, naming the
//! inspection), added to a copy of the inspection imported before it was signed; a version 2
//! file, which has no sign-offs, still reads.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::{FixedOffset, TimeZone};
use hallcheck::domain::{PadPoint, SignerRole, Strokes};
use hallcheck::export::{ExportFormat, import_file};
use hallcheck::store::{NewSignOff, Store};
use serde_json::Value;
use support::exports::export_all;
use support::ui::{TODAY, draft_hygiene, submitted_hygiene};

fn drawn() -> Strokes {
    let mut strokes = Strokes::new();
    strokes
        .push_stroke(vec![
            PadPoint { x: 100, y: 700 },
            PadPoint { x: 250, y: 300 },
            PadPoint { x: 400, y: 650 },
        ])
        .unwrap();
    strokes
        .push_stroke(vec![PadPoint { x: 900, y: 500 }])
        .unwrap();
    strokes
}

fn sign(store: &Store, id: i64, name: &str, strokes: &Strokes) {
    store
        .sign_off(
            id,
            &NewSignOff {
                role: SignerRole::HallManager,
                name,
                strokes,
                signed_at: FixedOffset::east_opt(8 * 3600)
                    .unwrap()
                    .with_ymd_and_hms(2026, 10, 31, 16, 30, 0)
                    .unwrap(),
            },
        )
        .unwrap();
}

/// A source database: a signed inspection, an unsigned one and a draft; returns the store and
/// the signed inspection's row id.
fn source(dir: &std::path::Path) -> (Store, i64, i64) {
    let store = Store::open(&dir.join("source.db")).unwrap();
    let hall = store.add_hall("城东营业厅", Some("E01")).unwrap();
    let signed = submitted_hygiene(&store, hall.id, TODAY, &[5]);
    let unsigned = submitted_hygiene(&store, hall.id, TODAY.pred_opt().unwrap(), &[]);
    draft_hygiene(&store, hall.id, TODAY, &[]);
    sign(&store, signed, "李主任", &drawn());
    (store, signed, unsigned)
}

fn exported(store: &Store, file: &std::path::Path) -> Value {
    export_all(store, ExportFormat::Json, file).unwrap();
    serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap()
}

fn write(dir: &std::path::Path, name: &str, doc: &Value) -> std::path::PathBuf {
    let file = dir.join(name);
    std::fs::write(&file, serde_json::to_vec(doc).unwrap()).unwrap();
    file
}

/// The inspection of `doc` with this UUID.
fn inspection<'a>(doc: &'a mut Value, uuid: &str) -> &'a mut Value {
    doc["inspections"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|i| i["uuid"] == uuid)
        .unwrap()
}

#[test]
fn the_sign_off_travels_with_its_inspection() {
    let dir = tempfile::tempdir().unwrap();
    let (store, signed, unsigned) = source(dir.path());
    let uuid = store.inspection_header(signed).unwrap().uuid;
    let doc = exported(&store, &dir.path().join("all.json"));
    assert_eq!(doc["version"], 3);
    let mut copy = doc.clone();
    let record = inspection(&mut copy, &uuid);
    assert_eq!(
        record["sign_off"],
        serde_json::json!({
            "role": "hall_manager",
            "name": "李主任",
            "strokes": "100,700 250,300 400,650;900,500",
            "signed_at": "2026-10-31T08:30:00.000Z",
            "utc_offset_min": 480,
        })
    );
    // An inspection without a sign-off carries none.
    let other = store.inspection_header(unsigned).unwrap().uuid;
    assert!(inspection(&mut copy, &other).get("sign_off").is_none());

    let mut target = Store::open(&dir.path().join("target.db")).unwrap();
    let first = import_file(&mut target, &dir.path().join("all.json"))
        .unwrap()
        .report;
    assert_eq!(first.added.inspections, 3);
    let id = target.inspection_id_by_uuid(&uuid).unwrap();
    assert_eq!(
        target.inspection(id).unwrap().sign_off,
        store.inspection(signed).unwrap().sign_off
    );
    let other_id = target.inspection_id_by_uuid(&other).unwrap();
    assert_eq!(target.inspection(other_id).unwrap().sign_off, None);
    // Again: all present, nothing added.
    let before = support::exports::fingerprint(&target);
    let second = import_file(&mut target, &dir.path().join("all.json"))
        .unwrap()
        .report;
    assert_eq!(second.added.inspections, 0);
    assert_eq!(second.present.inspections, 3);
    assert!(second.rejected.is_empty());
    assert_eq!(support::exports::fingerprint(&target).1, before.1);
}

#[test]
fn a_bad_sign_off_is_refused_naming_the_inspection() {
    let dir = tempfile::tempdir().unwrap();
    let (store, signed, _) = source(dir.path());
    let uuid = store.inspection_header(signed).unwrap().uuid;
    let doc = exported(&store, &dir.path().join("all.json"));
    let cases: [(&str, &str, Value, &str); 6] = [
        (
            "strokes",
            "strokes",
            "100,700 250".into(),
            "not a signature",
        ),
        ("off_pad", "strokes", "100,1700".into(), "lies off the pad"),
        (
            "spaced",
            "strokes",
            "100,700  250,300".into(),
            "not written as HallCheck",
        ),
        ("name", "name", "  ".into(), "the signer's name is empty"),
        ("role", "role", "inspector".into(), "unknown role"),
        (
            "at",
            "signed_at",
            "2026-10-31 16:30".into(),
            "not an instant",
        ),
    ];
    for (case, field, value, says) in cases {
        let mut bad = doc.clone();
        inspection(&mut bad, &uuid)["sign_off"][field] = value;
        let file = write(dir.path(), &format!("{case}.json"), &bad);
        let mut target = Store::open(&dir.path().join(format!("{case}.db"))).unwrap();
        let err = import_file(&mut target, &file).unwrap_err().to_string();
        assert!(err.contains(&uuid), "{case}: {err}");
        assert!(err.contains(&format!("sign_off.{field}")), "{case}: {err}");
        assert!(err.contains(says), "{case}: {err}");
        assert!(err.contains("nothing was imported"), "{case}: {err}");
        assert!(target.inspection_id_by_uuid(&uuid).is_err(), "{case}");
    }
    // A draft carries no sign-off.
    let mut bad = doc.clone();
    let draft = bad["inspections"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|i| i["status"] == "draft")
        .unwrap();
    let draft_uuid = draft["uuid"].as_str().unwrap().to_owned();
    draft["sign_off"] = inspection(&mut doc.clone(), &uuid)["sign_off"].clone();
    let file = write(dir.path(), "draft.json", &bad);
    let mut target = Store::open(&dir.path().join("draft.db")).unwrap();
    let err = import_file(&mut target, &file).unwrap_err().to_string();
    assert!(err.contains(&draft_uuid), "{err}");
    assert!(err.contains("a draft carries no sign-off"), "{err}");
}

#[test]
fn a_version_2_file_still_reads() {
    let dir = tempfile::tempdir().unwrap();
    let (store, signed, _) = source(dir.path());
    let uuid = store.inspection_header(signed).unwrap().uuid;
    let mut doc = exported(&store, &dir.path().join("all.json"));
    // Version 2 had no sign-offs, nor seals.
    doc["version"] = 2.into();
    for one in doc["inspections"].as_array_mut().unwrap() {
        one.as_object_mut().unwrap().remove("seal");
    }
    inspection(&mut doc, &uuid)
        .as_object_mut()
        .unwrap()
        .remove("sign_off");
    let file = write(dir.path(), "v2.json", &doc);
    let mut target = Store::open(&dir.path().join("target.db")).unwrap();
    let report = import_file(&mut target, &file).unwrap().report;
    assert_eq!(report.added.inspections, 3);
    let id = target.inspection_id_by_uuid(&uuid).unwrap();
    assert_eq!(target.inspection(id).unwrap().sign_off, None);
}

#[test]
fn a_sign_off_given_after_an_earlier_import_is_added_to_the_copy() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, unsigned) = source(dir.path());
    let uuid = store.inspection_header(unsigned).unwrap().uuid;
    export_all(&store, ExportFormat::Json, &dir.path().join("before.json")).unwrap();
    let mut target = Store::open(&dir.path().join("target.db")).unwrap();
    import_file(&mut target, &dir.path().join("before.json")).unwrap();

    // Signed at the source afterwards, and sent again: the copy gains the sign-off.
    sign(&store, unsigned, "王丽", &Strokes::new());
    export_all(&store, ExportFormat::Json, &dir.path().join("after.json")).unwrap();
    let report = import_file(&mut target, &dir.path().join("after.json"))
        .unwrap()
        .report;
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    assert_eq!(report.present.inspections, 3);
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains(&uuid) && n.contains("王丽")),
        "{:?}",
        report.notes
    );
    let id = target.inspection_id_by_uuid(&uuid).unwrap();
    assert_eq!(
        target.inspection(id).unwrap().sign_off,
        store.inspection(unsigned).unwrap().sign_off
    );

    // The older file again: the copy keeps its sign-off, nothing rejected.
    let report = import_file(&mut target, &dir.path().join("before.json"))
        .unwrap()
        .report;
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    assert_eq!(
        target.inspection(id).unwrap().sign_off.unwrap().name,
        "王丽"
    );

    // A different sign-off of the same inspection is a different record: rejected, the
    // local one kept.
    let mut doc: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("after.json")).unwrap()).unwrap();
    inspection(&mut doc, &uuid)["sign_off"]["name"] = "李强".into();
    // With the seal it came with, the change is refused outright.
    let file = write(dir.path(), "other.json", &doc);
    let err = import_file(&mut target, &file).unwrap_err().to_string();
    assert!(err.contains(&uuid) && err.contains("seal"), "{err}");
    // Without one (as from a PC before seals), the local copy is kept and the file's rejected.
    inspection(&mut doc, &uuid)
        .as_object_mut()
        .unwrap()
        .remove("seal");
    let file = write(dir.path(), "unsealed.json", &doc);
    let report = import_file(&mut target, &file).unwrap().report;
    assert_eq!(report.rejected.len(), 1, "{:?}", report.rejected);
    assert_eq!(report.rejected[0].uuid, uuid);
    assert_eq!(
        target.inspection(id).unwrap().sign_off.unwrap().name,
        "王丽"
    );
}
