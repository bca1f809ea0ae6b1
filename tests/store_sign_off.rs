//! The sign-off of a submitted inspection (签字确认) in the store: given once, after the submit
//! or with it, never on a draft; its strokes checked on every read; and a submitted inspection
//! read-only — every change to its answers, notes, people and photos refused with one typed
//! error, the inspection left as it was.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::{DateTime, FixedOffset, TimeZone};
use hallcheck::domain::{Attachment, Outcome, PadPoint, RatingBands, SignerRole, Status, Strokes};
use hallcheck::store::{
    AnswerInput, NewSignOff, SignOffProblem, Store, StoreError, StoreErrorKind, schema,
};
use support::ui::{TODAY, draft_hygiene, submitted_hygiene};

fn signed_at() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 10, 31, 16, 30, 0)
        .unwrap()
}

/// A signature of two strokes: a line and a dot.
fn drawn() -> Strokes {
    let mut strokes = Strokes::new();
    strokes
        .push_stroke(vec![
            PadPoint { x: 100, y: 600 },
            PadPoint { x: 300, y: 300 },
            PadPoint { x: 500, y: 700 },
        ])
        .unwrap();
    strokes
        .push_stroke(vec![PadPoint { x: 800, y: 500 }])
        .unwrap();
    strokes
}

fn manager<'a>(name: &'a str, strokes: &'a Strokes) -> NewSignOff<'a> {
    NewSignOff {
        role: SignerRole::HallManager,
        name,
        strokes,
        signed_at: signed_at(),
    }
}

fn store_with_hall(dir: &tempfile::TempDir) -> (Store, i64) {
    let store = Store::open(&dir.path().join("s.db")).unwrap();
    let hall = store.add_hall("城东营业厅", Some("E01")).unwrap();
    (store, hall.id)
}

#[test]
fn a_submitted_inspection_is_signed_once() {
    let dir = tempfile::tempdir().unwrap();
    let (store, hall) = store_with_hall(&dir);
    let id = submitted_hygiene(&store, hall, TODAY, &[5]);
    assert_eq!(store.inspection(id).unwrap().sign_off, None);

    let strokes = drawn();
    let stored = store.sign_off(id, &manager("  王丽 ", &strokes)).unwrap();
    assert_eq!(stored.name, "王丽");
    assert_eq!(stored.signed_at, "2026-10-31T08:30:00.000Z");
    assert_eq!(stored.utc_offset_min, 480);
    assert_eq!(stored.strokes, strokes);
    assert_eq!(store.inspection(id).unwrap().sign_off, Some(stored.clone()));
    assert_eq!(
        store.sign_off_of(id, SignerRole::HallManager).unwrap(),
        Some(stored)
    );
    let audit: String = support::raw(&store)
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'sign_off'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audit, "hall_manager 王丽 (drawn)");

    // A second sign-off is refused, naming who signed; the first stays.
    let none = Strokes::new();
    let err = store.sign_off(id, &manager("李强", &none)).unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::AlreadySigned, "{err}");
    assert!(
        matches!(&err, StoreError::SignOff { problem: SignOffProblem::AlreadySigned { name }, .. } if name == "王丽"),
        "{err}"
    );
    assert!(err.to_string().contains("already signed by 王丽"), "{err}");
    assert_eq!(store.inspection(id).unwrap().sign_off.unwrap().name, "王丽");
}

#[test]
fn a_typed_name_alone_is_a_sign_off_and_an_empty_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (store, hall) = store_with_hall(&dir);
    let id = submitted_hygiene(&store, hall, TODAY, &[]);
    let none = Strokes::new();
    let err = store.sign_off(id, &manager("   ", &none)).unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::Invalid, "{err}");
    assert_eq!(store.inspection(id).unwrap().sign_off, None);
    let stored = store.sign_off(id, &manager("王丽", &none)).unwrap();
    assert!(stored.strokes.is_empty());
    assert_eq!(
        store.inspection(id).unwrap().sign_off.unwrap().strokes,
        Strokes::new()
    );
}

#[test]
fn a_draft_is_not_signed() {
    let dir = tempfile::tempdir().unwrap();
    let (store, hall) = store_with_hall(&dir);
    let id = draft_hygiene(&store, hall, TODAY, &[]);
    let strokes = drawn();
    let err = store.sign_off(id, &manager("王丽", &strokes)).unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::NotSubmitted, "{err}");
    assert!(err.to_string().contains("it is a draft"), "{err}");
    assert_eq!(store.inspection(id).unwrap().sign_off, None);
    let rows: i64 = support::raw(&store)
        .query_row("SELECT count(*) FROM sign_offs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0);
}

#[test]
fn submit_signed_submits_and_signs_in_one_or_leaves_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let (store, hall) = store_with_hall(&dir);
    let bands = RatingBands::default();
    let strokes = drawn();

    // A bad name refuses before anything is written: still a draft.
    let id = draft_hygiene(&store, hall, TODAY, &[]);
    let err = store
        .submit_signed(id, &bands, signed_at().to_utc(), &manager("", &strokes))
        .unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::Invalid, "{err}");
    assert_eq!(store.inspection_header(id).unwrap().status, Status::Draft);

    // An unanswered item refuses the submit, and the sign-off with it.
    let detail = store.inspection(id).unwrap();
    let (row, template) = &detail.templates[0];
    store.clear_answer(id, *row, &template.items[0].id).unwrap();
    let err = store
        .submit_signed(id, &bands, signed_at().to_utc(), &manager("王丽", &strokes))
        .unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)), "{err}");
    let detail = store.inspection(id).unwrap();
    assert_eq!(detail.header.status, Status::Draft);
    assert_eq!(detail.sign_off, None);

    // Answered: submitted and signed together.
    let item = template.items[0].id.clone();
    store
        .save_answer(
            id,
            &AnswerInput {
                template_row: *row,
                item_id: item,
                outcome: Outcome::Pass,
                count: 1,
                rate: None,
                note: String::new(),
                staff_ids: Vec::new(),
            },
        )
        .unwrap();
    store
        .submit_signed(id, &bands, signed_at().to_utc(), &manager("王丽", &strokes))
        .unwrap();
    let detail = store.inspection(id).unwrap();
    assert_eq!(detail.header.status, Status::Submitted);
    assert_eq!(detail.sign_off.unwrap().strokes, strokes);
    // Submitted again, signed or not: refused as read-only.
    let err = store
        .submit_signed(id, &bands, signed_at().to_utc(), &manager("李强", &strokes))
        .unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::Submitted, "{err}");
}

#[test]
fn a_submitted_inspection_is_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let (store, hall) = store_with_hall(&dir);
    let staff = store.add_staff(hall, "张敏", None).unwrap();
    let id = draft_hygiene(&store, hall, TODAY, &[5]);
    let before_submit = store.inspection(id).unwrap();
    let (row, template) = before_submit.templates[0].clone();
    // A photo while a draft, to try removing it later.
    let photo = Attachment {
        file_name: "a.png".into(),
        mime: "image/png".into(),
        width: 1,
        height: 1,
        bytes: vec![1, 2, 3],
    };
    let kept = store
        .add_attachment(id, row, &template.items[5].id, &photo)
        .unwrap();
    store
        .submit_inspection(id, &RatingBands::default(), signed_at().to_utc())
        .unwrap();
    let before = store.inspection(id).unwrap();
    let uuid = before.header.uuid.clone();
    let failed = before.result(row, &template.items[5].id).unwrap().clone();
    let again = |outcome, note: &str, staff_ids: Vec<i64>| AnswerInput {
        template_row: row,
        item_id: failed.item_id.clone(),
        outcome,
        count: failed.count,
        rate: None,
        note: note.into(),
        staff_ids,
    };

    let attempts: Vec<(&str, StoreError)> = vec![
        (
            "answer",
            store
                .save_answer(id, &again(Outcome::Pass, &failed.note, Vec::new()))
                .unwrap_err(),
        ),
        (
            "note",
            store
                .save_answer(id, &again(Outcome::Fail, "另一个原因", Vec::new()))
                .unwrap_err(),
        ),
        (
            "staff",
            store
                .save_answer(id, &again(Outcome::Fail, &failed.note, vec![staff.id]))
                .unwrap_err(),
        ),
        (
            "clear",
            store.clear_answer(id, row, &failed.item_id).unwrap_err(),
        ),
        (
            "add photo",
            store
                .add_attachment(id, row, &failed.item_id, &photo)
                .unwrap_err(),
        ),
        (
            "remove photo",
            store.remove_attachment(id, kept.id).unwrap_err(),
        ),
        ("discard", store.discard_draft(id).unwrap_err()),
    ];
    for (what, err) in attempts {
        assert_eq!(err.kind(), StoreErrorKind::Submitted, "{what}: {err}");
        assert!(
            matches!(&err, StoreError::Submitted { uuid: u } if *u == uuid),
            "{what}: {err}"
        );
        assert_eq!(
            err.to_string(),
            format!("inspection {uuid} is submitted and read-only; nothing was changed"),
            "{what}"
        );
    }
    assert_eq!(store.inspection(id).unwrap(), before);
}

#[test]
fn damaged_stored_strokes_are_refused_on_read_naming_the_inspection() {
    let dir = tempfile::tempdir().unwrap();
    let (store, hall) = store_with_hall(&dir);
    let id = submitted_hygiene(&store, hall, TODAY, &[]);
    let strokes = drawn();
    store.sign_off(id, &manager("王丽", &strokes)).unwrap();
    let uuid = store.inspection_header(id).unwrap().uuid;
    {
        let conn = rusqlite::Connection::open(store.path()).unwrap();
        conn.execute("UPDATE sign_offs SET strokes = '1,2 3,4000'", [])
            .unwrap();
    }
    let err = store.inspection(id).unwrap_err();
    let text = err.to_string();
    assert!(text.contains(&uuid), "{text}");
    assert!(text.contains("lies off the pad"), "{text}");
    let err = store.exchange_inspection(id).unwrap_err();
    assert!(err.to_string().contains(&uuid), "{err}");
}

#[test]
fn an_older_database_gains_the_sign_off_table_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v9.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for migration in &schema::MIGRATIONS[..9] {
            conn.execute_batch(migration).unwrap();
        }
        conn.pragma_update(None, "user_version", 9).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::CURRENT_VERSION);
    let rows: i64 = support::raw(&store)
        .query_row("SELECT count(*) FROM sign_offs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0);
}
