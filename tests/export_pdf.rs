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
    let text = support::pdf_text(&file, "-layout");
    for needle in [
        exports::HALL_NAME,
        "营业窗口检查报告",
        "班前会",
        "劳动纪律",
        "测试督导",
        // The kind of the inspection, in the report's head.
        "检查类型：督导检查",
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
    // Chinese brackets in the head and the area headings: "一、班前会", not "一、班前会(班前会)".
    assert!(text.contains("一、班前会"), "{text}");
    assert!(
        !text.contains("班前会(") && !text.contains("营业厅("),
        "{text}"
    );
    let pages = text.matches('\u{c}').count();
    assert!(pages >= 2, "{pages} pages");
}

/// Names with hanzi outside GB2312 — 喆 堃 玥 (CJK Unified), 䶮 (Extension A), 𠮷 (Extension
/// B) — print, and come back out of the PDF as the same characters.
#[test]
fn rare_hanzi_in_names_print_in_the_pdf() {
    use hallcheck::domain::{InspectionKind, Outcome, RatingBands, Shift};
    use hallcheck::store::{AnswerInput, NewInspection, Store};

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("rare.db")).unwrap();
    let hall = store.add_hall("喆堃玥䶮营业厅", None).unwrap();
    let staff = store.add_staff(hall.id, "吉𠮷", None).unwrap();
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
            kind: InspectionKind::SelfCheck,
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
                    rate: None,
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

/// `hallcheck blank` with the given arguments, on no user templates.
fn blank(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hallcheck"))
        .arg("--templates")
        .arg(dir.join("no-templates"))
        .arg("blank")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_blank_checklist_lists_every_item_in_walking_order() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("空白检查表.pdf");
    let out = blank(dir.path(), &["--out", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let templates = hallcheck::checklist::load_catalog(None).into_templates();
    let items: Vec<_> = templates.iter().flat_map(|t| &t.items).collect();
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("{} items", items.len())));
    // In drawing order, a wrapped cell's lines follow each other: without line breaks every
    // item's text stands whole, after its number and after the item before it.
    let text: String = support::pdf_text(&file, "-raw")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for needle in [
        "营业窗口现场检查表",
        "营业厅：",
        "检查人签字：",
        "营业厅负责人签字：",
        "扣分原因/当事人",
        // The paper sheet asks which kind of inspection it is.
        "检查类型：□自查□督导检查□暗访□第三方",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
    let mut from = 0;
    for (n, item) in items.iter().enumerate() {
        let expected = format!("{}{}", n + 1, item.text.replace(char::is_whitespace, ""));
        let at = text[from..]
            .find(&expected)
            .unwrap_or_else(|| panic!("item {} `{}` after byte {from}", n + 1, item.text));
        from += at + expected.len();
    }
    for t in &templates {
        assert!(text.contains(&format!("分值{}", t.points)), "{}", t.id);
    }

    // Some checklists, numbered from 1 in walking order whatever order they are asked in.
    let some = dir.path().join("two.pdf");
    let out = blank(
        dir.path(),
        &[
            "--out",
            some.to_str().unwrap(),
            "--template",
            "discipline",
            "hygiene",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text: String = support::pdf_text(&some, "-raw")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let of = |id: &str| templates.iter().find(|t| t.id == id).unwrap();
    let (hygiene, discipline) = (of("hygiene"), of("discipline"));
    // 环境卫生 comes before 劳动纪律 in a walk.
    let n = hygiene.items.len();
    assert!(text.contains(&format!("1{}", hygiene.items[0].text)));
    assert!(text.contains(&format!("{}{}", n + 1, discipline.items[0].text)));
    assert!(!text.contains(&of("pre_shift").items[0].text));

    // An unknown checklist is named, with the ones there are; nothing is written.
    let none = dir.path().join("none.pdf");
    let out = blank(
        dir.path(),
        &["--out", none.to_str().unwrap(), "--template", "lobby"],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no checklist `lobby`") && err.contains("hygiene"),
        "{err}"
    );
    assert!(!none.exists());
}

/// A signed-off inspection's report prints the inspector, the hall manager's name, their drawn
/// signature and the time signed; an unsigned one leaves the manager's line blank.
#[test]
fn the_report_prints_the_sign_off() {
    use chrono::{FixedOffset, TimeZone};
    use hallcheck::domain::{PadPoint, SignerRole, Strokes};
    use hallcheck::store::{NewSignOff, Store};
    use support::ui::{TODAY, submitted_hygiene};

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db.sqlite")).unwrap();
    let hall = store.add_hall("城东营业厅", Some("E01")).unwrap();
    let signed = submitted_hygiene(&store, hall.id, TODAY, &[5]);
    let unsigned = submitted_hygiene(&store, hall.id, TODAY.pred_opt().unwrap(), &[]);
    // A signature of three strokes: a loop, a line, a dot.
    let mut strokes = Strokes::new();
    let points = |list: &[(u16, u16)]| list.iter().map(|&(x, y)| PadPoint { x, y }).collect();
    strokes
        .push_stroke(points(&[
            (80, 700),
            (150, 250),
            (220, 700),
            (260, 450),
            (330, 700),
        ]))
        .unwrap();
    strokes
        .push_stroke(points(&[(380, 600), (520, 380), (640, 720), (760, 500)]))
        .unwrap();
    strokes.push_stroke(points(&[(820, 640)])).unwrap();
    store
        .sign_off(
            signed,
            &NewSignOff {
                role: SignerRole::HallManager,
                name: "李主任",
                strokes: &strokes,
                signed_at: FixedOffset::east_opt(8 * 3600)
                    .unwrap()
                    .with_ymd_and_hms(2026, 10, 31, 16, 30, 0)
                    .unwrap(),
            },
        )
        .unwrap();
    let pdf = |id: i64, name: &str| {
        let file = dir.path().join(name);
        export(
            &store,
            ExportFormat::Pdf,
            &InspectionFilter {
                inspection_id: Some(id),
                ..InspectionFilter::default()
            },
            &file,
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
        if let Some(keep) = std::env::var_os("HALLCHECK_KEEP_PDF") {
            std::fs::copy(&file, std::path::Path::new(&keep).with_file_name(name)).unwrap();
        }
        support::pdf_text(&file, "-layout")
    };
    let text = pdf(signed, "signed.pdf");
    for needle in [
        "检查人签字：",
        "周督导",
        "营业厅负责人签字：",
        "李主任",
        "日期：",
        "2026-10-31 16:30",
    ] {
        assert!(text.contains(needle), "`{needle}` missing:\n{text}");
    }
    let text = pdf(unsigned, "unsigned.pdf");
    assert!(text.contains("营业厅负责人签字："), "{text}");
    assert!(!text.contains("李主任"), "{text}");
}
