//! The reader on its own thread against a real database: it answers every kind of read the
//! screens send, in order, with the same figures the store gives; a request for a row that
//! does not exist comes back as that request's error, and the reader goes on.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use hallcheck::report::{self, Period};
use hallcheck::store::InspectionFilter;
use hallcheck::ui::jobs::reader::{self, HistoryQuery, Payload, Read};
use support::ui::{Env, TODAY, seed_demo};

const TIMEOUT: Duration = Duration::from_secs(60);

#[test]
fn the_reader_thread_answers_each_read_in_order() {
    let env = Env::new();
    let store = seed_demo(&env.db, 2, 30, 3);
    let halls = store.halls(false).unwrap();
    let month = Period::month(2026, 10).unwrap();
    let (wake_tx, wake_rx) = std::sync::mpsc::channel();
    let mut reader = reader::start(env.db.clone(), false, move || {
        let _sent = wake_tx.send(());
    })
    .unwrap();

    reader.send(Read::Overview { today: TODAY }).unwrap();
    reader
        .send(Read::HistoryCount {
            generation: 1,
            query: HistoryQuery::default(),
        })
        .unwrap();
    reader.send(Read::Detail { id: i64::MAX }).unwrap();
    reader
        .send(Read::Monthly {
            hall_id: halls[0].id,
            month,
            today: TODAY,
        })
        .unwrap();

    let mut next = || {
        let loaded = reader.wait(TIMEOUT).expect("a reply");
        (loaded.read, loaded.result)
    };
    match next() {
        (Read::Overview { .. }, Ok(Payload::Overview(overview))) => {
            assert_eq!(overview.halls, store.halls(true).unwrap());
            assert_eq!(overview.today, TODAY);
            assert_eq!(overview.entries.len(), 2 * 7);
        }
        other => panic!("expected the overview, got {other:?}"),
    }
    match next() {
        (Read::HistoryCount { generation, .. }, Ok(Payload::HistoryCount(count))) => {
            assert_eq!(generation, 1);
            let expected = store
                .count_inspections(&InspectionFilter::default())
                .unwrap();
            assert_eq!(count as i64, expected);
        }
        other => panic!("expected a count, got {other:?}"),
    }
    match next() {
        (Read::Detail { id }, result) => {
            assert_eq!(id, i64::MAX);
            assert!(result.is_err(), "no such inspection");
        }
        other => panic!("expected a detail, got {other:?}"),
    }
    match next() {
        (Read::Monthly { .. }, Ok(Payload::Monthly(sheet))) => {
            let expected = report::monthly::sheet_for(&store, halls[0].id, month, TODAY).unwrap();
            assert_eq!(sheet, expected);
        }
        other => panic!("expected a monthly sheet, got {other:?}"),
    }
    assert!(!reader.busy());
    // The UI was woken once per reply.
    for _ in 0..4 {
        wake_rx.recv_timeout(TIMEOUT).unwrap();
    }
}
