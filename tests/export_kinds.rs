//! The kind of each inspection in the exports: a 检查类型 column in CSV and Excel, `kind` in
//! the JSON exchange — carried through an import, a 自查 when a file names none, and refused,
//! naming the record and the field, when it is not a kind.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use calamine::{Data, Reader, Xlsx, open_workbook};
use hallcheck::domain::InspectionKind;
use hallcheck::export::{ExportFormat, export, import_file};
use hallcheck::store::{InspectionFilter, SortKey, Store};
use support::exports;

fn export_all(store: &Store, format: ExportFormat, file: &Path) {
    export(
        store,
        format,
        &InspectionFilter::default(),
        file,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
}

/// Each inspection's kind by UUID.
fn kinds(store: &Store) -> HashMap<String, InspectionKind> {
    store
        .list_inspections(
            &InspectionFilter::default(),
            SortKey::Date,
            false,
            0,
            i64::MAX,
        )
        .unwrap()
        .into_iter()
        .map(|r| (r.uuid, r.kind))
        .collect()
}

/// The rows of a CSV file (after its BOM), header first.
fn csv_rows(path: &Path) -> Vec<csv::StringRecord> {
    let bytes = std::fs::read(path).unwrap();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap())
        .collect()
}

/// The (UUID, kind) of each row of a table whose header is `header`.
fn uuid_and_kind<'a>(
    header: &[String],
    rows: impl Iterator<Item = Vec<String>> + 'a,
) -> Vec<(String, String)> {
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (uuid, kind) = (col("检查编号"), col("检查类型"));
    assert_eq!(kind, col("班次") + 1, "the kind follows the shift");
    rows.map(|r| (r[uuid].clone(), r[kind].clone())).collect()
}

#[test]
fn csv_and_excel_have_a_kind_column() {
    let dir = tempfile::tempdir().unwrap();
    let store = exports::demo_store(&dir.path().join("db.sqlite"));
    let expected: HashMap<String, String> = kinds(&store)
        .into_iter()
        .map(|(uuid, kind)| (uuid, kind.name_zh().to_owned()))
        .collect();
    // The demo has each kind; the hand-made inspection is a 督导检查.
    let mut names: Vec<&str> = expected.values().map(String::as_str).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names, ["暗访", "督导检查", "第三方", "自查"]);

    let csv_file = dir.path().join("out.csv");
    export_all(&store, ExportFormat::Csv, &csv_file);
    for file in [csv_file.clone(), dir.path().join("out-summary.csv")] {
        let rows = csv_rows(&file);
        let header: Vec<String> = rows[0].iter().map(str::to_owned).collect();
        let lines = uuid_and_kind(
            &header,
            rows[1..]
                .iter()
                .map(|r| r.iter().map(str::to_owned).collect()),
        );
        assert!(!lines.is_empty());
        for (uuid, kind) in lines {
            assert_eq!(kind, expected[&uuid], "{} {uuid}", file.display());
        }
    }

    let xlsx_file = dir.path().join("out.xlsx");
    export_all(&store, ExportFormat::Xlsx, &xlsx_file);
    let mut book: Xlsx<_> = open_workbook(&xlsx_file).unwrap();
    for sheet in ["汇总", "明细"] {
        let range = book.worksheet_range(sheet).unwrap();
        let mut rows = range
            .rows()
            .map(|r| r.iter().map(Data::to_string).collect::<Vec<String>>());
        let header = rows.next().unwrap();
        let lines = uuid_and_kind(&header, rows);
        assert!(!lines.is_empty());
        for (uuid, kind) in lines {
            assert_eq!(kind, expected[&uuid], "{sheet} {uuid}");
        }
    }
}

#[test]
fn json_carries_each_kind_through_an_import() {
    let dir = tempfile::tempdir().unwrap();
    let source = exports::demo_store(&dir.path().join("source.db"));
    let file = dir.path().join("all.json");
    export_all(&source, ExportFormat::Json, &file);
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let written: Vec<&str> = doc["inspections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    for kind in InspectionKind::ALL {
        assert!(written.contains(&kind.code()), "{kind:?} in {written:?}");
    }

    let mut target = Store::open(&dir.path().join("target.db")).unwrap();
    import_file(&mut target, &file).unwrap();
    assert_eq!(kinds(&target), kinds(&source));
    // Imported again: the same inspections, nothing added or refused.
    let again = import_file(&mut target, &file).unwrap().report;
    assert_eq!(again.present.inspections, 41);
    assert!(again.rejected.is_empty());
}

#[test]
fn a_file_without_kinds_imports_each_inspection_as_a_self_check() {
    let dir = tempfile::tempdir().unwrap();
    let source = exports::demo_store(&dir.path().join("source.db"));
    let file = dir.path().join("all.json");
    export_all(&source, ExportFormat::Json, &file);
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    for inspection in doc["inspections"].as_array_mut().unwrap() {
        inspection.as_object_mut().unwrap().remove("kind").unwrap();
        // Written before kinds, the file had no seals either.
        inspection.as_object_mut().unwrap().remove("seal");
    }
    let old = dir.path().join("old.json");
    std::fs::write(&old, serde_json::to_vec(&doc).unwrap()).unwrap();
    let mut target = Store::open(&dir.path().join("target.db")).unwrap();
    assert_eq!(
        import_file(&mut target, &old)
            .unwrap()
            .report
            .added
            .inspections,
        41
    );
    let imported = kinds(&target);
    assert_eq!(imported.len(), 41);
    assert!(imported.values().all(|k| *k == InspectionKind::SelfCheck));
}

#[test]
fn an_unknown_kind_is_refused_naming_the_inspection_and_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let source = exports::demo_store(&dir.path().join("source.db"));
    let file = dir.path().join("all.json");
    export_all(&source, ExportFormat::Json, &file);
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    doc["inspections"][3]["kind"] = "mystery_shopper".into();
    let uuid = doc["inspections"][3]["uuid"].as_str().unwrap().to_owned();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, serde_json::to_vec(&doc).unwrap()).unwrap();
    let mut target = Store::open(&dir.path().join("target.db")).unwrap();
    let before = exports::fingerprint(&target);
    let err = import_file(&mut target, &bad).unwrap_err().to_string();
    for needle in [
        "at inspections[3].kind",
        uuid.as_str(),
        "unknown kind `mystery_shopper`",
        "nothing was imported",
    ] {
        assert!(err.contains(needle), "`{needle}` missing in: {err}");
    }
    assert_eq!(exports::fingerprint(&target), before);
}
