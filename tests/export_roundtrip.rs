//! Demo data → JSON export → import into an empty database → the same inspections and scores;
//! a second import changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::atomic::AtomicBool;

use hallcheck::export::{ExportFormat, export, import_file};
use hallcheck::store::{InspectionFilter, SortKey, Store};
use support::exports;

#[test]
fn json_round_trip_is_identical_and_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let source = exports::demo_store(&dir.path().join("source.db"));
    let file = dir.path().join("all.json");
    let mut seen = Vec::new();
    let summary = export(
        &source,
        ExportFormat::Json,
        &InspectionFilter::default(),
        &file,
        &mut |p| seen.push(p.done),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(summary.inspections, 41);
    assert_eq!(seen.len(), 41);
    assert_eq!(summary.files, vec![file.clone()]);

    let mut target = Store::open(&dir.path().join("target.db")).unwrap();
    // The same inspector, created independently on this PC (another UUID).
    target.ensure_inspector("赵督导").unwrap();
    let first = import_file(&mut target, &file).unwrap().report;
    assert_eq!(first.added.inspections, 41);
    assert_eq!(first.added.halls, 3);
    // The hand-made inspection's photo, and the demo's after-photos of fixes on the spot.
    let photos: i64 = support::raw(&source)
        .query_row("SELECT count(*) FROM attachments", [], |r| r.get(0))
        .unwrap();
    assert!(photos > 1, "the demo has after-photos");
    assert_eq!(first.added.photos, photos as u64);
    assert!(first.rejected.is_empty());

    let all = |s: &Store| {
        s.list_inspections(
            &InspectionFilter::default(),
            SortKey::Date,
            false,
            0,
            i64::MAX,
        )
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                r.uuid,
                r.hall_name,
                r.date,
                r.inspector,
                r.score,
                r.rating,
                r.veto,
                r.status,
            )
        })
        .collect::<Vec<_>>()
    };
    let mut a = all(&source);
    let mut b = all(&target);
    a.sort_by(|x, y| x.0.cmp(&y.0));
    b.sort_by(|x, y| x.0.cmp(&y.0));
    assert_eq!(a, b);
    for (uuid, ..) in &a {
        let sid = source.inspection_id_by_uuid(uuid).unwrap();
        let tid = target.inspection_id_by_uuid(uuid).unwrap();
        // Inspectors are matched by name, so one may carry this PC's UUID (names compared above).
        let mut a = source.exchange_inspection(sid).unwrap();
        let mut b = target.exchange_inspection(tid).unwrap();
        a.inspector_uuid.clear();
        b.inspector_uuid.clear();
        assert_eq!(a, b, "inspection {uuid}");
        let bands = source.settings().unwrap().bands;
        assert_eq!(
            source.inspection(sid).unwrap().score(&bands),
            target.inspection(tid).unwrap().score(&bands)
        );
    }

    let before = exports::fingerprint(&target);
    let second = import_file(&mut target, &file).unwrap().report;
    assert_eq!(second.added.inspections, 0);
    assert_eq!(second.added.audit, 0);
    assert_eq!(second.present.inspections, 41);
    assert!(second.rejected.is_empty());
    assert_eq!(exports::fingerprint(&target), before);
}

#[test]
fn importing_into_the_source_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut source = exports::demo_store(&dir.path().join("source.db"));
    let file = dir.path().join("all.json");
    export(
        &source,
        ExportFormat::Json,
        &InspectionFilter::default(),
        &file,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let before = exports::fingerprint(&source);
    let report = import_file(&mut source, &file).unwrap().report;
    assert_eq!(
        report.added.inspections + report.added.halls + report.added.audit,
        0
    );
    assert_eq!(exports::fingerprint(&source), before);
}

#[test]
fn cancelled_export_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let source = exports::demo_store(&dir.path().join("source.db"));
    for format in [
        ExportFormat::Json,
        ExportFormat::Csv,
        ExportFormat::Xlsx,
        ExportFormat::Pdf,
    ] {
        let file = dir.path().join(format!("out.{}", format.extension()));
        let cancel = AtomicBool::new(false);
        let err = export(
            &source,
            format,
            &InspectionFilter::default(),
            &file,
            &mut |p| {
                if p.done == 3 {
                    cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            },
            &cancel,
        )
        .unwrap_err();
        assert!(err.to_string().contains("cancelled"), "{err}");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with("source.db"))
            .collect();
        assert!(left.is_empty(), "{format:?} left {left:?}");
    }
}
