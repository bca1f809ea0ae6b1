//! Tamper evidence: submitted inspections and amendments are sealed in a chain of content
//! hashes; `verify` (the store's and `hallcheck verify`) names by UUID every record changed,
//! added or removed with plain SQL, and a database from before the chain is sealed on opening.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::{FixedOffset, TimeZone};
use hallcheck::domain::{Outcome, RatingBands, SignerRole, Strokes};
use hallcheck::store::chain::{Finding, Sealed};
use hallcheck::store::{AmendmentInput, AnswerInput, NewSignOff, Store, schema};
use support::store::submitted_hygiene_fail;

/// Three submitted inspections and an amendment of the second, in a file.
fn database() -> (tempfile::TempDir, std::path::PathBuf, Vec<String>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hc.db");
    let store = Store::open(&path).unwrap();
    let hall = store.add_hall("城北供电营业厅", Some("N1")).unwrap().id;
    let mut uuids = Vec::new();
    let mut ids = Vec::new();
    for day in [5, 6, 7] {
        let id = submitted_hygiene_fail(&store, hall, day, 1);
        uuids.push(store.inspection(id).unwrap().header.uuid);
        ids.push(id);
    }
    let row = store.inspection(ids[1]).unwrap().templates[0].0;
    let amendment = store
        .amend_inspection(
            ids[1],
            &AmendmentInput {
                by: "王主任".into(),
                reason: "复核".into(),
                answers: vec![AnswerInput {
                    template_row: row,
                    item_id: "four_clean_four_free".into(),
                    outcome: Outcome::Pass,
                    count: 1,
                    rate: None,
                    note: String::new(),
                    staff_ids: Vec::new(),
                }],
                at: FixedOffset::east_opt(8 * 3600)
                    .unwrap()
                    .with_ymd_and_hms(2026, 10, 8, 9, 0, 0)
                    .unwrap(),
            },
            &RatingBands::default(),
        )
        .unwrap();
    (dir, path, uuids, amendment.uuid)
}

fn verify(path: &std::path::Path) -> Vec<Finding> {
    let store = Store::open(path).unwrap();
    store.verify(&mut |_, _| {}).unwrap().findings
}

fn sql(path: &std::path::Path, statements: &str) {
    rusqlite::Connection::open(path)
        .unwrap()
        .execute_batch(statements)
        .unwrap();
}

#[test]
fn an_untouched_database_verifies() {
    let (_dir, path, _, _) = database();
    let store = Store::open(&path).unwrap();
    let found = store.verify(&mut |_, _| {}).unwrap();
    // 3 inspections, 3 rectifications opened, 1 amendment that withdrew the second's.
    assert_eq!(
        (
            found.entries,
            found.inspections,
            found.amendments,
            found.rectifications
        ),
        (8, 3, 1, 2)
    );
    assert!(found.findings.is_empty(), "{:?}", found.findings);
}

#[test]
fn a_score_edited_with_sql_is_named_and_the_cli_fails() {
    let (_dir, path, uuids, _) = database();
    sql(
        &path,
        &format!(
            "UPDATE inspections SET score = 10000 WHERE uuid = '{}'",
            uuids[0]
        ),
    );
    assert_eq!(
        verify(&path),
        [Finding::Changed {
            kind: Sealed::Inspection,
            uuid: uuids[0].clone()
        }]
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hallcheck"))
        .args(["--db", path.to_str().unwrap(), "verify"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!(
            "inspection {}: changed outside HallCheck",
            uuids[0]
        )),
        "{text}"
    );
    assert!(
        text.contains("1 record(s) changed outside HallCheck"),
        "{text}"
    );
}

#[test]
fn answers_notes_area_rows_and_amendments_edited_with_sql_are_named() {
    let (_dir, path, uuids, amendment) = database();
    sql(
        &path,
        &format!(
            "UPDATE results SET note = '已整改' WHERE inspection_id =
                 (SELECT id FROM inspections WHERE uuid = '{0}') AND outcome = 'fail';
             UPDATE inspection_areas SET earned = 1500 WHERE inspection_id =
                 (SELECT id FROM inspections WHERE uuid = '{1}');
             UPDATE amendments SET reason = '另一个原因' WHERE uuid = '{amendment}';",
            uuids[0], uuids[2]
        ),
    );
    let found = verify(&path);
    for expected in [
        Finding::Changed {
            kind: Sealed::Inspection,
            uuid: uuids[0].clone(),
        },
        Finding::Changed {
            kind: Sealed::Inspection,
            uuid: uuids[2].clone(),
        },
        Finding::Changed {
            kind: Sealed::Amendment,
            uuid: amendment.clone(),
        },
        // Its amendments are part of the inspection's record too.
        Finding::Changed {
            kind: Sealed::Inspection,
            uuid: uuids[1].clone(),
        },
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
    assert_eq!(found.len(), 4, "{found:?}");
}

#[test]
fn records_added_or_removed_and_a_chain_rewritten_are_named() {
    let (_dir, path, uuids, _) = database();
    // One inspection removed, one added by copying rows under a new UUID, and a chain entry
    // rewritten to hide a change.
    sql(
        &path,
        &format!(
            "DELETE FROM inspections WHERE uuid = '{0}';
             INSERT INTO inspections (uuid, hall_id, inspector_id, inspected_on, shift,
                 started_at, status, score, rating, veto, template_ids, submitted_at)
                 SELECT 'forged', hall_id, inspector_id, inspected_on, shift, started_at,
                        status, 10000, 'excellent', 0, template_ids, submitted_at
                 FROM inspections WHERE uuid = '{1}';
             UPDATE chain SET content_hash = 'x' WHERE uuid = '{1}';",
            uuids[0], uuids[1]
        ),
    );
    let found = verify(&path);
    assert!(found.contains(&Finding::Missing {
        kind: Sealed::Inspection,
        uuid: uuids[0].clone()
    }));
    assert!(found.contains(&Finding::Unsealed {
        kind: Sealed::Inspection,
        uuid: "forged".into()
    }));
    assert!(
        found
            .iter()
            .any(|f| matches!(f, Finding::Broken { uuid, .. } if *uuid == uuids[1])),
        "{found:?}"
    );
}

#[test]
fn a_database_from_before_the_chain_is_sealed_when_opened() {
    let (_dir, path, _, _) = database();
    // The file as version 13 had it: no chain, and none of what later versions add.
    sql(
        &path,
        "DROP TABLE chain; ALTER TABLE attachments DROP COLUMN after_fix;
         DROP INDEX audit_log_entity; PRAGMA user_version = 13;",
    );
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::CURRENT_VERSION);
    let found = store.verify(&mut |_, _| {}).unwrap();
    // Sealed as they stand: the inspections, the one amendment, and the moves of the two
    // rectifications left (the withdrawal went with the chain that was dropped).
    assert_eq!(
        (
            found.entries,
            found.inspections,
            found.amendments,
            found.rectifications
        ),
        (6, 3, 1, 2)
    );
    assert!(found.findings.is_empty(), "{:?}", found.findings);
}

#[test]
fn demo_data_is_sealed() {
    let (_dir, store) = support::store::demo_store(2, 5, 3, 4);
    let found = store.verify(&mut |_, _| {}).unwrap();
    assert_eq!(found.inspections, 10);
    assert!(found.entries >= 10 + found.rectifications, "{found:?}");
    assert!(found.findings.is_empty(), "{:?}", found.findings);
}

#[test]
fn an_export_carries_each_seal_and_an_import_refuses_a_record_changed_since() {
    let (dir, path, uuids, _) = database();
    let store = Store::open(&path).unwrap();
    let file = dir.path().join("all.json");
    support::exports::export_all(&store, hallcheck::export::ExportFormat::Json, &file).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.matches("\"seal\":").count(), 3, "{text}");

    // As exported: imported, and the new database's chain verifies.
    let mut clean = Store::open(&dir.path().join("clean.db")).unwrap();
    let report = hallcheck::export::import_file(&mut clean, &file)
        .unwrap()
        .report;
    assert_eq!(report.added.inspections, 3);
    assert!(clean.verify(&mut |_, _| {}).unwrap().findings.is_empty());
    // The amended inspection travels with its amendment, the original still readable.
    let amended = clean.inspection_id_by_uuid(&uuids[1]).unwrap();
    assert_eq!(clean.inspection(amended).unwrap().header.amendments, 1);
    let moved = clean.amendments(amended).unwrap();
    assert_eq!(
        moved,
        store
            .amendments(store.inspection_id_by_uuid(&uuids[1]).unwrap())
            .unwrap()
    );
    assert_eq!(moved[0].changes[0].before.outcome, Outcome::Fail);

    // A reason rewritten in the file: refused, naming the inspection.
    let edited = dir.path().join("edited.json");
    // The first inspection's failed answer (its rectification keeps the reason too, but a
    // rectification changes on its own and is not part of the seal).
    let answer = "\"item_id\":\"four_clean_four_free\",\"outcome\":\"fail\"";
    let at = text.find(answer).expect("a failed answer");
    let note = at + text[at..].find("地面有纸屑").unwrap();
    let changed = format!("{}无{}", &text[..note], &text[note + "地面有纸屑".len()..]);
    std::fs::write(&edited, changed).unwrap();
    let mut target = Store::open(&dir.path().join("t1.db")).unwrap();
    let err = hallcheck::export::import_file(&mut target, &edited)
        .unwrap_err()
        .to_string();
    assert!(err.contains(&uuids[0]) && err.contains("seal"), "{err}");
    assert_eq!(target.verify(&mut |_, _| {}).unwrap().inspections, 0);

    // A reason rewritten in the database before the export: its seal gives it away.
    sql(
        &path,
        &format!(
            "UPDATE results SET note = '已当场整改' WHERE outcome = 'fail' AND inspection_id =
                 (SELECT id FROM inspections WHERE uuid = '{}')",
            uuids[2]
        ),
    );
    let store = Store::open(&path).unwrap();
    let tampered = dir.path().join("tampered.json");
    support::exports::export_all(&store, hallcheck::export::ExportFormat::Json, &tampered).unwrap();
    let mut target = Store::open(&dir.path().join("t2.db")).unwrap();
    let err = hallcheck::export::import_file(&mut target, &tampered)
        .unwrap_err()
        .to_string();
    assert!(err.contains(&uuids[2]) && err.contains("seal"), "{err}");
}

#[test]
fn rectification_moves_are_sealed_and_their_rows_checked() {
    let (_dir, path, _, _) = database();
    let store = Store::open(&path).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 10, 9).unwrap();
    let rows = store.rectifications(&Default::default(), today).unwrap();
    assert_eq!(rows.len(), 2);
    let at = FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 10, 9, 9, 0, 0)
        .unwrap();
    store
        .close_rectification(rows[0].id, "已清扫", &[], "王芳", at)
        .unwrap();
    store
        .accept_rectification(rows[0].id, "赵督导", at)
        .unwrap();
    let found = store.verify(&mut |_, _| {}).unwrap();
    assert_eq!(found.entries, 10);
    assert!(found.findings.is_empty(), "{:?}", found.findings);
    drop(store);
    // A rectification marked accepted behind the program's back, and a move's name changed.
    sql(
        &path,
        &format!(
            "UPDATE rectifications SET status = 'accepted' WHERE uuid = '{0}';
             UPDATE rectification_events SET by_name = '李四' WHERE by_name = '王芳';",
            rows[1].uuid
        ),
    );
    let findings = verify(&path);
    assert!(
        findings.contains(&Finding::Changed {
            kind: Sealed::RectificationMove,
            uuid: rows[1].uuid.clone()
        }),
        "{findings:?}"
    );
    assert_eq!(findings.len(), 2, "{findings:?}");
}

/// An import seals each inspection it adds with the seal it checked the record against,
/// without reading the record back: what it wrote must hash alike, for every shape the demo
/// data has (photos, sign-offs, amendments, rectifications in every state).
#[test]
fn an_imported_database_verifies_whole_and_seals_what_it_wrote_as_the_source_did() {
    // An amended inspection (see `database`), one signed off, then demo data beside them.
    let (dir, path, uuids, _) = database();
    {
        let store = Store::open(&path).unwrap();
        let strokes = Strokes::new();
        let signed = NewSignOff {
            role: SignerRole::HallManager,
            name: "李主任",
            strokes: &strokes,
            signed_at: FixedOffset::east_opt(8 * 3600)
                .unwrap()
                .with_ymd_and_hms(2026, 10, 9, 17, 0, 0)
                .unwrap(),
        };
        let id = store.inspection_id_by_uuid(&uuids[2]).unwrap();
        store.sign_off(id, &signed).unwrap();
    }
    let source = support::store::demo_store_at(&path, 3, 40, 11);
    let file = dir.path().join("all.json");
    support::exports::export_all(&source, hallcheck::export::ExportFormat::Json, &file).unwrap();
    let mut target = Store::open(&dir.path().join("target.db")).unwrap();
    let report = hallcheck::export::import_file(&mut target, &file)
        .unwrap()
        .report;
    assert_eq!(report.added.inspections, 123);
    let checked = target.verify(&mut |_, _| {}).unwrap();
    assert!(checked.findings.is_empty(), "{:?}", checked.findings);
    assert_eq!(checked.inspections, 123);
    assert!(
        checked.amendments > 0 && checked.rectifications > 0,
        "{checked:?}"
    );
    // Each inspection sealed as it stands: the state its source database last sealed it in
    // (after its amendment or sign-off).
    let states = |store: &Store, sql: &str| -> Vec<(String, String)> {
        let raw = support::raw(store);
        let mut stmt = raw.prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let imported = states(
        &target,
        "SELECT uuid, content_hash FROM chain WHERE entity = 'inspection' ORDER BY uuid",
    );
    let last = states(
        &source,
        "SELECT subject, state_hash FROM chain c
         WHERE seq = (SELECT max(seq) FROM chain WHERE subject = c.subject)
           AND subject IN (SELECT uuid FROM inspections) ORDER BY subject",
    );
    assert_eq!(imported.len(), 123);
    assert_eq!(imported, last);
}
