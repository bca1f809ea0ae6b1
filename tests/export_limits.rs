//! Exports never fail on Excel's limits: a note longer than a cell holds (as an import or an
//! older HallCheck may have stored) is cut with a visible mark in Excel, kept whole in CSV,
//! and the PDF prints.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use calamine::Reader;
use hallcheck::export::ExportFormat;

use support::exports::{FORMULA_NOTE, demo_store, export_all};

#[test]
fn a_note_longer_than_a_cell_is_cut_in_excel_and_whole_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hallcheck.db");
    let store = demo_store(&db);
    let long = format!("门口地面有纸屑{}", "。".repeat(40_000));
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE results SET note = ?1 WHERE note = ?2",
        [&long, FORMULA_NOTE],
    )
    .unwrap();
    conn.execute("UPDATE inspections SET note = ?1 WHERE id = 1", [&long])
        .unwrap();
    drop(conn);
    for format in [ExportFormat::Xlsx, ExportFormat::Csv, ExportFormat::Pdf] {
        let target = dir.path().join(format!("x.{}", format.extension()));
        export_all(&store, format, &target).unwrap_or_else(|e| panic!("{format:?}: {e}"));
    }
    let mut book = calamine::open_workbook_auto(dir.path().join("x.xlsx")).unwrap();
    for sheet in ["明细", "汇总"] {
        let range = book.worksheet_range(sheet).unwrap();
        let cut: Vec<String> = range
            .rows()
            .flat_map(|r| r.iter().map(|c| c.to_string()))
            .filter(|c| c.starts_with("门口地面有纸屑"))
            .collect();
        assert_eq!(cut.len(), 1, "{sheet}");
        assert!(cut[0].ends_with("…（已截断）"), "{sheet}");
        assert_eq!(cut[0].encode_utf16().count(), 32_767, "{sheet}");
    }
    let csv = std::fs::read_to_string(dir.path().join("x.csv")).unwrap();
    assert!(csv.contains(&long));
}
