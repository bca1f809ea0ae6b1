//! Inspection kinds in the store: each inspection keeps the kind it was started with, lists
//! filter by it, an open draft is told apart by it, a database of the previous version
//! migrates with every inspection a 自查, and demo data holds each kind.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use hallcheck::domain::{InspectionKind, Outcome, RatingBands, Status};
use hallcheck::store::{InspectionFilter, SortKey, Store, schema};
use support::store::{answer, builtin, demo_store, start_kind, submitted_at};

use InspectionKind::{SelfCheck, Supervision, ThirdParty, Unannounced};

fn of_kind(kind: InspectionKind) -> InspectionFilter {
    InspectionFilter {
        kind: Some(kind),
        ..InspectionFilter::default()
    }
}

#[test]
fn each_inspection_keeps_its_kind_and_lists_filter_by_it() {
    let store = Store::open_in_memory().unwrap();
    let a = store.add_hall("城东营业厅", Some("A1")).unwrap().id;
    let b = store.add_hall("城西营业厅", Some("B1")).unwrap().id;
    let pre = builtin("pre_shift");
    let pre = std::slice::from_ref(&pre);
    let mut ids = Vec::new();
    for (hall, day, kind) in [
        (a, 1, SelfCheck),
        (a, 2, Unannounced),
        (b, 2, Unannounced),
        (b, 3, Supervision),
    ] {
        let id = start_kind(&store, hall, pre, day, kind);
        for item in &pre[0].items {
            answer(&store, id, &item.id, Outcome::Pass, 1);
        }
        store
            .submit_inspection(id, &RatingBands::default(), submitted_at())
            .unwrap();
        ids.push(id);
    }
    let draft = start_kind(&store, a, pre, 4, ThirdParty);

    assert_eq!(store.inspection_header(ids[1]).unwrap().kind, Unannounced);
    assert_eq!(store.inspection(draft).unwrap().header.kind, ThirdParty);
    let counts = InspectionKind::ALL.map(|k| store.count_inspections(&of_kind(k)).unwrap());
    assert_eq!(counts, [1, 1, 2, 1]);
    // With the other filters: hall A's 暗访, and the submitted 第三方 (none: it is a draft).
    let a_unannounced = InspectionFilter {
        hall_id: Some(a),
        ..of_kind(Unannounced)
    };
    let rows = store
        .list_inspections(&a_unannounced, SortKey::Date, false, 0, 10)
        .unwrap();
    let listed: Vec<(i64, InspectionKind)> = rows.iter().map(|r| (r.id, r.kind)).collect();
    assert_eq!(listed, [(ids[1], Unannounced)]);
    let submitted_third = InspectionFilter {
        status: Some(Status::Submitted),
        ..of_kind(ThirdParty)
    };
    assert_eq!(store.count_inspections(&submitted_third).unwrap(), 0);
    assert_eq!(
        store
            .inspection_ids(&of_kind(Unannounced), SortKey::Date, true)
            .unwrap(),
        [ids[2], ids[1]]
    );
    // Every row of an unfiltered list says its kind.
    let all = store
        .list_inspections(&InspectionFilter::default(), SortKey::Date, false, 0, 10)
        .unwrap();
    let kinds: Vec<InspectionKind> = all.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [SelfCheck, Unannounced, Unannounced, Supervision, ThirdParty]
    );
    // The open draft says its kind: the start form offers it again for this kind only.
    let drafts = store.drafts().unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!((drafts[0].id, drafts[0].kind), (draft, ThirdParty));
}

#[test]
fn a_version_7_database_migrates_with_every_inspection_a_self_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v7.db");
    // Version 7: the schema just before kinds.
    let previous: i64 = 7;
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for migration in &schema::MIGRATIONS[..7] {
            conn.execute_batch(migration).unwrap();
        }
        conn.pragma_update(None, "user_version", previous).unwrap();
        conn.execute_batch(
            "INSERT INTO halls (id, uuid, name, created_at) VALUES (1, 'h', '港区营业厅', 'now');
             INSERT INTO inspectors (id, uuid, name) VALUES (1, 'p', '赵督导');
             INSERT INTO inspections (id, uuid, hall_id, inspector_id, inspected_on, shift,
                 started_at, status, score, rating, template_ids)
                 VALUES (1, 'i1', 1, 1, '2026-10-01', 'morning', 'now', 'submitted', 9000,
                         'excellent', 'pre_shift'),
                        (2, 'i2', 1, 1, '2026-10-02', 'full_day', 'now', 'draft', NULL, NULL,
                         'pre_shift');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::CURRENT_VERSION);
    for id in [1, 2] {
        assert_eq!(store.inspection_header(id).unwrap().kind, SelfCheck);
    }
    assert_eq!(store.count_inspections(&of_kind(SelfCheck)).unwrap(), 2);
    assert_eq!(store.count_inspections(&of_kind(Unannounced)).unwrap(), 0);
    assert_eq!(store.drafts().unwrap()[0].kind, SelfCheck);
    // A submitted old inspection counts in a ranking of 自查.
    let october = hallcheck::report::Period::month(2026, 10).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
    let ranked = hallcheck::report::ranking(&store, october, today, Some(SelfCheck)).unwrap();
    assert_eq!(ranked.halls[0].done, 1);
    store.check_integrity().unwrap();

    let raw = support::raw(&store);
    // The trend index ends with the kind, so a trend of one kind reads the index alone.
    let last: String = raw
        .query_row(
            "SELECT name FROM pragma_index_info('inspections_hall_trend') ORDER BY seqno DESC",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(last, "kind");
    drop(raw);
    // A kind this program does not know is refused by the database itself.
    let writer = rusqlite::Connection::open(&path).unwrap();
    let err = writer
        .execute(
            "UPDATE inspections SET kind = 'mystery_shopper' WHERE id = 1",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("CHECK"), "{err}");
}

#[test]
fn demo_data_holds_each_kind_mostly_self_checks() {
    // 3 halls × 40 days: in every 20 days of a hall 14 自查, 3 督导检查, 2 暗访, 1 第三方.
    let (_dir, store) = demo_store(3, 40, 5, 100);
    let counts = InspectionKind::ALL.map(|k| store.count_inspections(&of_kind(k)).unwrap());
    assert_eq!(counts, [84, 18, 12, 6]);
    // Each hall has each kind.
    for hall in store.halls(false).unwrap() {
        for kind in InspectionKind::ALL {
            let filter = InspectionFilter {
                hall_id: Some(hall.id),
                ..of_kind(kind)
            };
            assert!(store.count_inspections(&filter).unwrap() > 0, "{kind:?}");
        }
    }
}
