//! Shared helpers of the export tests: a demo database with one hand-made inspection, and a
//! fingerprint of every table to prove a database unchanged.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use chrono::{FixedOffset, NaiveDate, TimeZone, Utc};
use hallcheck::checklist;
use hallcheck::domain::{InspectionKind, Outcome, Shift, Template};
use hallcheck::store::{AnswerInput, DemoOptions, NewInspection, Store};

/// The note that must stay text in spreadsheets.
pub const FORMULA_NOTE: &str = "=SUM(A1)";
/// The hall of the hand-made inspection.
pub const HALL_NAME: &str = "测试供电营业厅";

pub fn templates() -> Vec<Template> {
    checklist::load_catalog(None).into_templates()
}

/// A small PNG photo (64×48).
pub fn tiny_png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 5) as u8, 128])
    });
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png
}

/// Demo history (2 halls × 20 days ending 2026-11-10, seed 7) plus one submitted 督导检查 of
/// [`HALL_NAME`] on 2026-11-05 with a failed item noted `=SUM(A1)` and a photo.
pub fn demo_store(path: &Path) -> Store {
    let mut store = Store::open(path).unwrap();
    let templates = templates();
    let options = DemoOptions {
        halls: 2,
        days: 20,
        seed: 7,
        today: NaiveDate::from_ymd_opt(2026, 11, 10).unwrap(),
        batch: 500,
    };
    hallcheck::store::generate_demo_data(&mut store, &templates, &options, |_| {}).unwrap();
    let hall = store.add_hall(HALL_NAME, Some("T01")).unwrap();
    let staff = store.add_staff(hall.id, "王芳", None).unwrap();
    let offset = FixedOffset::east_opt(8 * 3600).unwrap();
    let id = store
        .create_inspection(&NewInspection {
            hall_id: hall.id,
            inspector: "测试督导",
            date: NaiveDate::from_ymd_opt(2026, 11, 5).unwrap(),
            shift: Shift::Morning,
            kind: InspectionKind::Supervision,
            templates: &templates,
            started_at: offset.with_ymd_and_hms(2026, 11, 5, 8, 40, 0).unwrap(),
        })
        .unwrap();
    let detail = store.inspection(id).unwrap();
    for (row, template) in &detail.templates {
        for (n, item) in template.items.iter().enumerate() {
            let fail = template.id == "pre_shift" && n == 2;
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
                            FORMULA_NOTE.into()
                        } else {
                            String::new()
                        },
                        staff_ids: if fail { vec![staff.id] } else { Vec::new() },
                    },
                )
                .unwrap();
            if fail {
                let photo =
                    hallcheck::export::photo::prepare_photo_bytes("p.png", "现场.png", &tiny_png())
                        .unwrap();
                store.add_attachment(id, *row, &item.id, &photo).unwrap();
            }
        }
    }
    let bands = store.settings().unwrap().bands;
    store
        .submit_inspection(
            id,
            &bands,
            Utc.with_ymd_and_hms(2026, 11, 5, 1, 20, 0).unwrap(),
        )
        .unwrap();
    store
}

/// Exports every inspection of `store` to `target` (no progress, never cancelled).
pub fn export_all(
    store: &Store,
    format: hallcheck::export::ExportFormat,
    target: &Path,
) -> Result<hallcheck::export::ExportSummary, hallcheck::export::ExportError> {
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let filter = hallcheck::store::InspectionFilter::default();
    hallcheck::export::export(store, format, &filter, target, &mut |_| {}, &cancel)
}

/// Row counts per table and a SHA-256 over every row of every table (sorted), to prove a
/// database unchanged.
pub fn fingerprint(store: &Store) -> (Vec<(String, i64)>, String) {
    fingerprint_of(store, false)
}

/// [`fingerprint`] leaving out what a sync notes of itself (its cursors, outcome and this
/// database's UUID).
pub fn fingerprint_without_sync(store: &Store) -> (Vec<(String, i64)>, String) {
    fingerprint_of(store, true)
}

fn fingerprint_of(store: &Store, without_sync: bool) -> (Vec<(String, i64)>, String) {
    use sha2::{Digest, Sha256};
    let conn = super::raw(store);
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables.sort();
    let mut counts = Vec::new();
    let mut hasher = Sha256::new();
    for table in tables {
        let sql = if without_sync && table == "settings" {
            "SELECT * FROM settings WHERE key NOT LIKE 'sync_%' AND key <> 'database_uuid'"
                .to_owned()
        } else {
            format!("SELECT * FROM {table}")
        };
        let mut stmt = conn.prepare(&sql).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let mut line = String::new();
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    line.push_str(&format!("{v:?}|"));
                }
                Ok(line)
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        counts.push((table.clone(), rows.len() as i64));
        hasher.update(table.as_bytes());
        for row in rows {
            hasher.update(row.as_bytes());
        }
    }
    let hash = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    (counts, hash)
}
