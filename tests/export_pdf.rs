//! The PDF export holds the Chinese text (read back with `pdftotext` from poppler-utils,
//! which .ci/run installs).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::Command;
use std::sync::atomic::AtomicBool;

use hallcheck::export::{ExportFormat, export};
use hallcheck::store::InspectionFilter;
use support::exports;

#[test]
fn pdf_contains_chinese_report_and_monthly_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let store = exports::demo_store(&dir.path().join("db.sqlite"));
    let hall = store.hall_by_key("T01").unwrap().unwrap();
    let file = dir.path().join("report.pdf");
    export(
        &store,
        ExportFormat::Pdf,
        &InspectionFilter {
            hall_id: Some(hall.id),
            ..InspectionFilter::default()
        },
        &file,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    if let Some(keep) = std::env::var_os("HALLCHECK_KEEP_PDF") {
        // For looking at the pages: HALLCHECK_KEEP_PDF=/tmp/report.pdf cargo test --test export_pdf
        std::fs::copy(&file, keep).unwrap();
    }
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(
        bytes.len() < 2_000_000,
        "font subset and thumbnail keep it small: {}",
        bytes.len()
    );
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-layout"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: apt-get install poppler-utils");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    for needle in [
        exports::HALL_NAME,
        "营业窗口检查报告",
        "班前会",
        "劳动纪律",
        "测试督导",
        "逐人检查仪容仪表",
        "=SUM(A1)",
        "王芳",
        "检查人签字",
        "营业厅负责人签字",
        "营业窗口考核表",
        "扣分原因",
        "合计",
    ] {
        assert!(
            text.contains(needle),
            "`{needle}` missing from the PDF text:\n{text}"
        );
    }
    let pages = text.matches('\u{c}').count();
    assert!(pages >= 2, "{pages} pages");
}
