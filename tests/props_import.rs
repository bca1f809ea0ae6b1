//! Property tests of the JSON importer: any file — arbitrary bytes, a valid export with bytes or
//! values changed, cut short, nested deep, with huge numbers — is imported or refused, never a
//! panic, within a bounded time. A refused file names itself and leaves the database unchanged;
//! an imported one leaves every submitted inspection with the score its answers give.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use hallcheck::export::import_file;
use hallcheck::store::{InspectionFilter, SortKey, Store};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde_json::Value;
use support::{exports, mutate};

/// The longest one import of a small file may take (debug build, loaded machine).
const LIMIT: Duration = Duration::from_secs(5);

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// A database holding the export made before this branch, and where cases are written.
struct Target {
    _dir: tempfile::TempDir,
    case: PathBuf,
    store: Store,
}

fn target() -> RefCell<Target> {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("target.db")).unwrap();
    import_file(&mut store, &data("exports/v1-cd93eeb.json")).unwrap();
    RefCell::new(Target {
        case: dir.path().join("case.json"),
        _dir: dir,
        store,
    })
}

/// Imports `bytes` and checks what became of them.
fn imported(target: &RefCell<Target>, bytes: &[u8]) -> Result<(), TestCaseError> {
    let mut t = target.borrow_mut();
    std::fs::write(&t.case, bytes).unwrap();
    let before = exports::fingerprint(&t.store);
    let case = t.case.clone();
    let start = Instant::now();
    let result = import_file(&mut t.store, &case);
    prop_assert!(start.elapsed() < LIMIT, "took {:?}", start.elapsed());
    match result {
        Err(err) => {
            let message = err.to_string();
            prop_assert!(message.contains(&case.display().to_string()), "{message}");
            prop_assert!(
                exports::fingerprint(&t.store) == before,
                "changed by: {message}"
            );
        }
        Ok(_) => {
            let bands = t.store.settings().unwrap().bands;
            let rows = t
                .store
                .list_inspections(&InspectionFilter::default(), SortKey::Date, false, 0, 1000)
                .unwrap();
            for row in rows.iter().filter(|r| r.score.is_some()) {
                let detail = t.store.inspection(row.id).unwrap();
                prop_assert_eq!(Some(detail.score(&bands).score), row.score, "{}", row.uuid);
            }
        }
    }
    Ok(())
}

fn file(name: &str) -> Vec<u8> {
    std::fs::read(data(name)).unwrap()
}

#[test]
fn any_bytes_are_refused() {
    let target = target();
    TestRunner::new(mutate::config(256))
        .run(&prop::collection::vec(any::<u8>(), 0..2048), |bytes| {
            imported(&target, &bytes)
        })
        .unwrap();
}

/// Imports variants of the small hand-written export (`small` cases) and of the export made
/// before this branch (`large` cases): each `change` applied to the file's bytes.
fn changed_files<S: Strategy>(
    (small, large): (u32, u32),
    changes: S,
    change: impl Fn(&[u8], S::Value) -> Vec<u8>,
) {
    let target = target();
    for (name, cases) in [
        ("import/good/minimal.json", small),
        ("exports/v1-cd93eeb.json", large),
    ] {
        let text = file(name);
        TestRunner::new(mutate::config(cases))
            .run(&changes, |value| imported(&target, &change(&text, value)))
            .unwrap();
    }
}

#[test]
fn exports_with_bytes_changed_or_cut_are_imported_or_refused() {
    let edits = prop::collection::vec(mutate::byte_edit(), 1..6);
    changed_files((384, 48), edits, |text, edits| {
        mutate::apply_bytes(text, &edits)
    });
}

#[test]
fn exports_with_values_changed_are_imported_or_refused() {
    let edits = prop::collection::vec(mutate::value_edit(), 1..4);
    changed_files((512, 48), edits, |text, edits| {
        let mut doc: Value = serde_json::from_slice(text).unwrap();
        for edit in &edits {
            mutate::apply_value(&mut doc, edit);
        }
        doc.to_string().into_bytes()
    });
}

#[test]
fn deep_nesting_anywhere_is_refused_in_bounded_time() {
    let target = target();
    let minimal = String::from_utf8(file("import/good/minimal.json")).unwrap();
    let places = vec![
        "\"points_unit\":",
        "\"halls\":[\n",
        "\"inspections\":[\n",
        "\"note\":",
        "\"results\":[",
        "\"generator\":",
    ];
    TestRunner::new(mutate::config(32))
        .run(
            &(prop::sample::select(places), 1usize..200_000, any::<bool>()),
            |(place, depth, objects)| {
                let nested = mutate::nested(depth, objects);
                let glue = if place.ends_with('[') || place.ends_with("[\n") {
                    ","
                } else {
                    ""
                };
                let text = minimal.replacen(place, &format!("{place}{nested}{glue}"), 1);
                imported(&target, text.as_bytes())
            },
        )
        .unwrap();
}

#[test]
fn huge_numbers_anywhere_are_imported_or_refused() {
    let target = target();
    let minimal = String::from_utf8(file("import/good/minimal.json")).unwrap();
    // Every number of the file, by its byte range.
    let numbers: Vec<(usize, usize)> = {
        let bytes = minimal.as_bytes();
        let mut found = Vec::new();
        let mut n = 0;
        while n < bytes.len() {
            if bytes[n] == b':'
                && bytes
                    .get(n + 1)
                    .is_some_and(|b| b.is_ascii_digit() || *b == b'-')
            {
                let end = (n + 1..bytes.len())
                    .find(|&k| !(bytes[k].is_ascii_digit() || bytes[k] == b'-'))
                    .unwrap_or(bytes.len());
                found.push((n + 1, end));
                n = end;
            } else {
                n += 1;
            }
        }
        found
    };
    assert!(numbers.len() > 15, "{numbers:?}");
    let huge = prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("JSON has finite numbers only", |f| f.is_finite())
            .prop_map(|f| format!("{f:e}")),
        prop::sample::select(vec![
            "99999999999999999999999999",
            "-99999999999999999999999999",
            "1e400",
            "-1e400",
            "1e-400",
            "9223372036854775808",
            "-9223372036854775809",
            "18446744073709551616",
            "4294967296",
            "2147483648",
            "-0",
            "0.5",
        ])
        .prop_map(str::to_owned),
    ];
    TestRunner::new(mutate::config(256))
        .run(&(any::<usize>(), huge), |(k, number)| {
            let (from, to) = numbers[k % numbers.len()];
            let text = format!("{}{number}{}", &minimal[..from], &minimal[to..]);
            imported(&target, text.as_bytes())
        })
        .unwrap();
}

#[test]
fn a_record_larger_than_the_limit_is_refused_without_reading_it_whole() {
    // 36 MB of note in one inspection.
    let big = "长".repeat(12 * 1024 * 1024);
    let target = target();
    let minimal = String::from_utf8(file("import/good/minimal.json")).unwrap();
    let text = minimal.replacen("\"note\":\"\"", &format!("\"note\":\"{big}\""), 1);
    let mut t = target.borrow_mut();
    std::fs::write(&t.case, text).unwrap();
    let case = t.case.clone();
    let before = exports::fingerprint(&t.store);
    let message = import_file(&mut t.store, &case).unwrap_err().to_string();
    assert!(
        message.contains("at inspections[0]") && message.contains("larger than 32 MB"),
        "{message}"
    );
    assert_eq!(exports::fingerprint(&t.store), before);
    drop(t);
    // A header value is read only up to 64 KB.
    let text = minimal.replacen(
        "\"hand-written\"",
        &format!("\"{}\"", "x".repeat(1 << 20)),
        1,
    );
    let text = text.replacen("\"hundredths\"", &format!("\"{}\"", "y".repeat(1 << 20)), 1);
    let err = {
        let mut t = target.borrow_mut();
        std::fs::write(&t.case, text).unwrap();
        let case = t.case.clone();
        import_file(&mut t.store, &case).unwrap_err().to_string()
    };
    assert!(
        err.contains("at points_unit") && err.contains("larger than 64 KB"),
        "{err}"
    );
    // Keep the strategy helpers honest: a value tree can be built from the value strategy.
    let mut runner = TestRunner::new(mutate::config(1));
    assert!(mutate::value().new_tree(&mut runner).is_ok());
}

/// A small image, encoded as `format`.
fn image_bytes(format: image::ImageFormat) -> Vec<u8> {
    let img = image::RgbImage::from_fn(24, 16, |x, y| {
        image::Rgb([(x * 9) as u8, (y * 13) as u8, 77])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), format)
        .unwrap();
    out
}

#[test]
fn photos_of_any_bytes_with_their_own_hash_are_imported_or_refused() {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let target = target();
    let doc: Value = serde_json::from_slice(&file("import/good/minimal.json")).unwrap();
    let photos = prop_oneof![
        prop::collection::vec(mutate::byte_edit(), 0..4)
            .prop_map(|edits| mutate::apply_bytes(&image_bytes(image::ImageFormat::Jpeg), &edits)),
        prop::collection::vec(mutate::byte_edit(), 0..4)
            .prop_map(|edits| mutate::apply_bytes(&image_bytes(image::ImageFormat::Png), &edits)),
        prop::collection::vec(any::<u8>(), 0..256),
    ];
    TestRunner::new(mutate::config(128))
        .run(&(photos, prop_oneof![Just((24u32, 16u32)), (0u32..40, 0u32..40)]), |(data, (width, height))| {
            let mut doc = doc.clone();
            let hash = doc["templates"][0]["hash"].clone();
            doc["inspections"][0]["attachments"] = serde_json::json!([{
                "uuid": "66666666-6666-4666-8666-666666666666",
                "template_hash": hash,
                "item_id": "uniform",
                "file_name": "现场.jpg",
                "mime": if data.starts_with(b"\x89PNG") { "image/png" } else { "image/jpeg" },
                "sha256": Sha256::digest(&data).iter().map(|b| format!("{b:02x}")).collect::<String>(),
                "width": width,
                "height": height,
                "created_at": "2026-11-05T00:45:30.000Z",
                "data": base64::engine::general_purpose::STANDARD.encode(&data),
            }]);
            imported(&target, doc.to_string().as_bytes())
        })
        .unwrap();
}
