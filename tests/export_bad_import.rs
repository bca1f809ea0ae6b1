//! Each kind of bad import file is refused with a clear error naming the file and the place,
//! and the database is unchanged (row counts and a checksum of every row).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use base64::Engine;
use hallcheck::export::{ExportFormat, export, import_file};
use hallcheck::store::{InspectionFilter, Store};
use serde_json::Value;
use support::exports;

struct Fixture {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    export: Value,
    target: Store,
}

/// A valid export of the demo data, and a target database that already holds some of it.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let source = exports::demo_store(&path.join("source.db"));
    let file = path.join("good.json");
    export(
        &source,
        ExportFormat::Json,
        &InspectionFilter::default(),
        &file,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let mut target = Store::open(&path.join("target.db")).unwrap();
    target.add_hall("本地营业厅", Some("L01")).unwrap();
    let hall = source.hall_by_key("T01").unwrap().unwrap();
    let part = path.join("part.json");
    export(
        &source,
        ExportFormat::Json,
        &InspectionFilter {
            hall_id: Some(hall.id),
            ..InspectionFilter::default()
        },
        &part,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    import_file(&mut target, &part).unwrap();
    let export = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    Fixture {
        _dir: dir,
        dir: path,
        export,
        target,
    }
}

/// Imports `bytes` as `name` and returns the error text, checking the database is unchanged.
fn refused(fx: &mut Fixture, name: &str, bytes: &[u8]) -> String {
    let file = fx.dir.join(name);
    std::fs::write(&file, bytes).unwrap();
    let before = exports::fingerprint(&fx.target);
    let err = import_file(&mut fx.target, &file).unwrap_err().to_string();
    assert_eq!(
        exports::fingerprint(&fx.target),
        before,
        "database changed by {name}"
    );
    assert!(
        err.contains(&file.display().to_string()),
        "error names the file: {err}"
    );
    assert!(
        err.contains("nothing was imported") || err.contains("rolled back"),
        "{err}"
    );
    err
}

fn edited(fx: &Fixture, edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut value = fx.export.clone();
    edit(&mut value);
    serde_json::to_vec(&value).unwrap()
}

fn good_bytes(fx: &Fixture) -> Vec<u8> {
    std::fs::read(fx.dir.join("good.json")).unwrap()
}

#[test]
fn truncated_file_is_refused_with_line_and_column() {
    let mut fx = fixture();
    let bytes = good_bytes(&fx);
    let cut = &bytes[..bytes.len() * 2 / 3];
    let err = refused(&mut fx, "cut.json", cut);
    assert!(
        err.contains("not valid JSON") && err.contains("truncated"),
        "{err}"
    );
    let place = err.split(": not valid JSON").next().unwrap();
    let mut parts = place.rsplit(':');
    let column: usize = parts.next().unwrap().parse().unwrap();
    let line: usize = parts.next().unwrap().parse().unwrap();
    assert!(line > 1 && column > 0, "{err}");
}

#[test]
fn not_json_is_refused() {
    let mut fx = fixture();
    let err = refused(&mut fx, "photo.json", b"\x89PNG\r\n\x1a\n not json at all");
    assert!(err.contains(":1:1: not valid JSON"), "{err}");
    let err = refused(&mut fx, "list.json", b"[1, 2, 3]");
    assert!(err.contains("not a HallCheck export"), "{err}");
}

#[test]
fn wrong_schema_is_refused() {
    let mut fx = fixture();
    let bytes = edited(&fx, |v| v["schema"] = "someone-else".into());
    let err = refused(&mut fx, "other.json", &bytes);
    assert!(
        err.contains("`schema` is `someone-else`, expected `hallcheck-export`"),
        "{err}"
    );
    let bytes = edited(&fx, |v| {
        v.as_object_mut().unwrap().remove("schema");
    });
    let err = refused(&mut fx, "noschema.json", &bytes);
    assert!(err.contains("no `schema` field"), "{err}");
}

#[test]
fn newer_version_is_refused() {
    let mut fx = fixture();
    let newer = hallcheck::export::json::VERSION + 1;
    let bytes = edited(&fx, |v| v["version"] = newer.into());
    let err = refused(&mut fx, "newer.json", &bytes);
    assert!(
        err.contains(&format!("export format version {newer} is not supported")),
        "{err}"
    );
    assert!(err.contains("newer HallCheck"), "{err}");
    let bytes = edited(&fx, |v| v["version"] = 0.into());
    let err = refused(&mut fx, "zero.json", &bytes);
    assert!(err.contains("version 0 is not supported"), "{err}");
}

#[test]
fn missing_field_is_refused_with_its_path() {
    let mut fx = fixture();
    let bytes = edited(&fx, |v| {
        v["inspections"][3]
            .as_object_mut()
            .unwrap()
            .remove("inspected_on");
    });
    let err = refused(&mut fx, "missing.json", &bytes);
    assert!(err.contains("at inspections[3]"), "{err}");
    assert!(err.contains("missing field `inspected_on`"), "{err}");
    // The record is named by its UUID (the position of a one-line file says little).
    let uuid = fx.export["inspections"][3]["uuid"].as_str().unwrap();
    assert!(err.contains(&format!("(inspection {uuid})")), "{err}");
    let bytes = edited(&fx, |v| {
        v["inspections"][5]["results"][2]["outcome"] = 7.into()
    });
    let err = refused(&mut fx, "type.json", &bytes);
    assert!(
        err.contains("at inspections[5].results[2].outcome"),
        "{err}"
    );
}

#[test]
fn duplicate_uuid_with_different_content_is_refused() {
    let mut fx = fixture();
    let bytes = edited(&fx, |v| {
        let list = v["inspections"].as_array_mut().unwrap();
        let mut twin = list[0].clone();
        twin["note"] = "另一台电脑上的修改".into();
        // Without its seal, which would give the change away first.
        twin.as_object_mut().unwrap().remove("seal");
        list.push(twin);
    });
    let err = refused(&mut fx, "dup.json", &bytes);
    assert!(err.contains("at inspections[41]"), "{err}");
    assert!(
        err.contains("duplicate UUID") && err.contains("first at inspections[0]"),
        "{err}"
    );
    let bytes = edited(&fx, |v| {
        let list = v["halls"].as_array_mut().unwrap();
        let mut twin = list[0].clone();
        twin["name"] = "改名营业厅".into();
        list.push(twin);
    });
    let err = refused(&mut fx, "duphall.json", &bytes);
    assert!(
        err.contains("at halls[3]") && err.contains("duplicate UUID"),
        "{err}"
    );
}

#[test]
fn identical_duplicate_is_accepted_once() {
    let mut fx = fixture();
    let bytes = edited(&fx, |v| {
        let list = v["inspections"].as_array_mut().unwrap();
        let twin = list[0].clone();
        list.push(twin);
    });
    let file = fx.dir.join("same.json");
    std::fs::write(&file, bytes).unwrap();
    let report = import_file(&mut fx.target, &file).unwrap().report;
    assert_eq!(report.added.inspections + report.present.inspections, 41);
}

#[test]
fn photo_with_wrong_hash_is_refused() {
    let mut fx = fixture();
    let (n, k) = find_photo(&fx.export);
    let bytes = edited(&fx, |v| {
        v["inspections"][n]["attachments"][k]["data"] = base64::engine::general_purpose::STANDARD
            .encode(b"not the photo")
            .into();
    });
    let err = refused(&mut fx, "photo-hash.json", &bytes);
    assert!(
        err.contains(&format!("at inspections[{n}].attachments[{k}].data")),
        "{err}"
    );
    assert!(err.contains("SHA-256") && err.contains("damaged"), "{err}");
    let bytes = edited(&fx, |v| {
        v["inspections"][n]["attachments"][k]["data"] = "%%%".into()
    });
    let err = refused(&mut fx, "photo-b64.json", &bytes);
    assert!(err.contains("not valid base64"), "{err}");
}

#[test]
fn changed_template_snapshot_is_refused() {
    let mut fx = fixture();
    let bytes = edited(&fx, |v| {
        let snapshot = v["templates"][0]["snapshot"]
            .as_str()
            .unwrap()
            .replace("\"points\":", "\"points\": ");
        v["templates"][0]["snapshot"] = snapshot.into();
    });
    let err = refused(&mut fx, "template.json", &bytes);
    assert!(
        err.contains("at templates[0].hash") && err.contains("SHA-256"),
        "{err}"
    );
}

#[test]
fn conflicting_local_copy_is_rejected_not_overwritten() {
    let mut fx = fixture();
    // The test hall's inspection is already here; the file says something else about it.
    let bytes = edited(&fx, |v| {
        for inspection in v["inspections"].as_array_mut().unwrap() {
            if inspection["inspected_on"] == "2026-11-05"
                && inspection["attachments"]
                    .as_array()
                    .is_some_and(|a| !a.is_empty())
            {
                inspection["note"] = "changed elsewhere".into();
                // Without its seal, which would give the change away first.
                inspection.as_object_mut().unwrap().remove("seal");
            }
        }
    });
    let file = fx.dir.join("conflict.json");
    std::fs::write(&file, bytes).unwrap();
    let report = import_file(&mut fx.target, &file).unwrap().report;
    assert_eq!(report.rejected.len(), 1, "{report:?}");
    assert_eq!(report.added.inspections, 40);
}

fn find_photo(export: &Value) -> (usize, usize) {
    for (n, inspection) in export["inspections"].as_array().unwrap().iter().enumerate() {
        if inspection["attachments"]
            .as_array()
            .is_some_and(|photos| !photos.is_empty())
        {
            return (n, 0);
        }
    }
    panic!("no photo in the export");
}
