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

/// Names with hanzi outside GB2312 — 喆 堃 玥 (CJK Unified), 䶮 (Extension A), 𠮷 (Extension
/// B) — print, and come back out of the PDF as the same characters.
#[test]
fn rare_hanzi_in_names_print_in_the_pdf() {
    use hallcheck::domain::{Outcome, RatingBands, Shift};
    use hallcheck::store::{AnswerInput, NewInspection, Store};

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("rare.db")).unwrap();
    let hall = store.add_hall("喆堃玥䶮营业厅", None).unwrap();
    let staff = store.add_staff(hall.id, "吉𠮷").unwrap();
    let discipline = hallcheck::checklist::load_catalog(None)
        .template("discipline")
        .unwrap()
        .clone();
    let id = store
        .create_inspection(&NewInspection {
            hall_id: hall.id,
            inspector: "王玥",
            date: chrono::NaiveDate::from_ymd_opt(2026, 10, 30).unwrap(),
            shift: Shift::Morning,
            templates: std::slice::from_ref(&discipline),
            started_at: support::ui::now(),
        })
        .unwrap();
    let row = store.inspection(id).unwrap().templates[0].0;
    let failed = discipline
        .items
        .iter()
        .find(|i| !i.photo_required && !i.veto)
        .unwrap();
    for item in &discipline.items {
        let fail = item.id == failed.id;
        store
            .save_answer(
                id,
                &AnswerInput {
                    template_row: row,
                    item_id: item.id.clone(),
                    outcome: if fail { Outcome::Fail } else { Outcome::Pass },
                    count: 1,
                    note: if fail {
                        "堃：迟到".into()
                    } else {
                        String::new()
                    },
                    staff_ids: fail.then_some(staff.id).into_iter().collect(),
                },
            )
            .unwrap();
    }
    store
        .submit_inspection(id, &RatingBands::default(), support::ui::now().to_utc())
        .unwrap();
    let file = dir.path().join("rare.pdf");
    export(
        &store,
        ExportFormat::Pdf,
        &InspectionFilter::default(),
        &file,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    for needle in ["喆堃玥䶮营业厅", "王玥", "吉𠮷", "堃：迟到"] {
        assert!(
            text.contains(needle),
            "`{needle}` missing from the PDF text:\n{text}"
        );
    }
}
