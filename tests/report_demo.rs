//! The faster demo generation still writes consistent data and restores the connection.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use hallcheck::checklist;
use hallcheck::store::{DemoOptions, InspectionFilter, SortKey, Store};

fn generate(store: &mut Store) {
    let templates: Vec<_> = checklist::load_catalog(None).into_templates();
    let options = DemoOptions {
        halls: 3,
        days: 20,
        seed: 7,
        today: chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
        batch: 7,
    };
    let summary =
        hallcheck::store::generate_demo_data(store, &templates, &options, |_| {}).unwrap();
    assert_eq!(summary.inspections, 60);
    let items: usize = templates.iter().map(|t| t.items.len()).sum();
    assert_eq!(summary.results, 60 * items as u64);
}

#[test]
fn stored_scores_match_rescoring_the_stored_answers() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    generate(&mut store);
    let bands = store.settings().unwrap().bands;
    let rows = store
        .list_inspections(&InspectionFilter::default(), SortKey::Date, false, 0, 1000)
        .unwrap();
    assert_eq!(rows.len(), 60);
    for row in rows.iter().step_by(7) {
        let detail = store.inspection(row.id).unwrap();
        let score = detail.score(&bands);
        assert!(score.unanswered.is_empty());
        assert_eq!(detail.header.score, Some(score.score), "{}", row.uuid);
        assert_eq!(detail.header.veto, score.veto);
    }
    // The store's own settings (foreign keys, synchronous) are checked by its unit tests.
    store.check_integrity().unwrap();
    let conn = support::raw(&store);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let violations: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(violations, 0);
}
