#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Times the History screen's queries on a big database, the way the History reader runs them
//! (count, then 200-row pages). Needs a database made with
//! `hallcheck --db /tmp/big.db demo-data --halls 100 --days 1825`; run with
//! `HALLCHECK_BIG_DB=/tmp/big.db cargo test --release --test ui_history_scale -- --ignored --nocapture`.

use std::time::Instant;

use hallcheck::store::{InspectionFilter, SortKey, Store};

const PAGE_ROWS: i64 = 200;

fn time_ms<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed().as_secs_f64() * 1000.0)
}

#[test]
#[ignore = "needs a big demo database; see the file header"]
fn history_pages_on_a_big_database() {
    let Ok(path) = std::env::var("HALLCHECK_BIG_DB") else {
        eprintln!("HALLCHECK_BIG_DB not set; nothing to time");
        return;
    };
    let store = Store::open(std::path::Path::new(&path)).unwrap();
    let hall_id = store.halls(false).unwrap()[0].id;
    let filters = [
        ("all", InspectionFilter::default()),
        (
            "one hall",
            InspectionFilter {
                hall_id: Some(hall_id),
                ..InspectionFilter::default()
            },
        ),
        (
            "note text 3人次",
            InspectionFilter {
                text: Some("3人次".into()),
                ..InspectionFilter::default()
            },
        ),
        (
            "note text (no match)",
            InspectionFilter {
                text: Some("没有这样的备注".into()),
                ..InspectionFilter::default()
            },
        ),
    ];
    for (name, filter) in &filters {
        let (total, count_ms) = time_ms(|| store.count_inspections(filter).unwrap());
        println!("{name}: count {total} in {count_ms:.1} ms");
        for sort in [SortKey::Date, SortKey::Score, SortKey::Hall] {
            for descending in [true, false] {
                let last = (total - PAGE_ROWS).max(0);
                for offset in [0, total / 2, last] {
                    let (rows, ms) = time_ms(|| {
                        store
                            .list_inspections(filter, sort, descending, offset, PAGE_ROWS)
                            .unwrap()
                    });
                    println!(
                        "  {sort:?} {} offset {offset:>6}: {:>3} rows in {ms:7.1} ms",
                        if descending { "desc" } else { "asc " },
                        rows.len()
                    );
                }
            }
        }
    }
}
