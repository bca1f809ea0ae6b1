//! 当场整改 with an after-photo: a photo taken in the walk of a fail fixed on the spot is kept
//! apart from the photos of the problem, goes with the rectification's `fix_on_spot` move on
//! submit (so the 整改 screen shows it after, the chain seals it with the move, an export
//! carries it), and is never lost: taking 当场整改 back, or an answer that no longer fails,
//! makes it an ordinary photo of the answer. A database of version 14 opens with its chain
//! still clean.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use hallcheck::domain::{Attachment, Outcome, RectificationAction, RectificationStatus, Template};
use hallcheck::export::photo::prepare_photo_bytes;
use hallcheck::export::{ExportFormat, import_file};
use hallcheck::store::{RectificationFilter, Store, StoreErrorKind, schema};
use support::store::{answer, builtin, start, submitted_at};

fn photo(name: &str) -> Attachment {
    prepare_photo_bytes(name, name, &support::exports::tiny_png()).unwrap()
}

/// A store with one hall and a draft of 劳动纪律 on October 5: every item met but `fails`.
/// Returns the store, the draft and its template row.
fn draft(fails: &[&str]) -> (Store, i64, i64) {
    let store = Store::open_in_memory().unwrap();
    draft_in(store, fails)
}

fn draft_in(store: Store, fails: &[&str]) -> (Store, i64, i64) {
    let hall = store.add_hall("城东供电营业厅", Some("T1")).unwrap().id;
    let templates: Vec<Template> = vec![builtin("discipline")];
    let id = start(&store, hall, &templates, 5);
    for item in &templates[0].items {
        let outcome = if fails.contains(&item.id.as_str()) {
            Outcome::Fail
        } else {
            Outcome::Pass
        };
        answer(&store, id, &item.id, outcome, 1);
    }
    let row = store.inspection(id).unwrap().templates[0].0;
    (store, id, row)
}

fn submit(store: &Store, id: i64) {
    let bands = store.settings().unwrap().bands;
    store.submit_inspection(id, &bands, submitted_at()).unwrap();
}

fn rectification_of(store: &Store, item: &str) -> hallcheck::store::RectificationDetail {
    let id = store
        .rectifications(&RectificationFilter::default(), day())
        .unwrap()
        .into_iter()
        .find(|r| r.item_id == item)
        .unwrap_or_else(|| panic!("no rectification of {item}"))
        .id;
    store.rectification(id, day()).unwrap()
}

fn day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
}

fn verify_clean(store: &Store) {
    let found = store.verify(&mut |_, _| {}).unwrap();
    assert!(found.findings.is_empty(), "{:?}", found.findings);
}

#[test]
fn an_after_photo_goes_with_the_fix_on_the_spot_not_among_the_photos_before() {
    let (store, id, row) = draft(&["on_time", "no_leaving_post"]);
    store
        .add_attachment(id, row, "on_time", &photo("迟到.png"))
        .unwrap();
    store.set_fixed_on_spot(id, row, "on_time", true).unwrap();
    let after = store
        .add_after_fix_photo(id, row, "on_time", &photo("已到岗.png"))
        .unwrap();
    assert!(after.after_fix);
    // In the draft: both photos of the item, the after-photo marked.
    let photos = store.attachments(id).unwrap();
    assert_eq!(photos.len(), 2);
    assert_eq!(
        photos
            .iter()
            .map(|p| (p.file_name.as_str(), p.after_fix))
            .collect::<Vec<_>>(),
        [("迟到.png", false), ("已到岗.png", true)]
    );

    submit(&store, id);
    let fixed = rectification_of(&store, "on_time");
    assert_eq!(fixed.row.status, RectificationStatus::Accepted);
    let names = |photos: &[hallcheck::store::AttachmentMeta]| -> Vec<String> {
        photos.iter().map(|p| p.file_name.clone()).collect()
    };
    assert_eq!(names(&fixed.before), ["迟到.png"]);
    assert_eq!(names(&fixed.after), ["已到岗.png"]);
    assert_eq!(fixed.row.photos_before, 1);
    assert_eq!(fixed.row.photos_after, 1);
    let moves: Vec<_> = fixed
        .history
        .iter()
        .map(|e| (e.action, names(&e.photos)))
        .collect();
    assert_eq!(
        moves,
        [
            (RectificationAction::Open, vec![]),
            (
                RectificationAction::FixOnSpot,
                vec!["已到岗.png".to_owned()]
            ),
        ]
    );
    // The inspection's own photos are the problem's; no mark is left once submitted.
    let answers = store.attachments(id).unwrap();
    assert_eq!(names(&answers), ["迟到.png"]);
    assert!(answers.iter().all(|p| !p.after_fix));
    assert_eq!(fixed.after[0].id, after.id);
    assert!(!fixed.after[0].after_fix);
    // The other fail, not fixed on the spot, has nothing after.
    let open = rectification_of(&store, "no_leaving_post");
    assert_eq!(open.row.status, RectificationStatus::Open);
    assert!(open.after.is_empty() && open.before.is_empty());
    verify_clean(&store);
}

#[test]
fn the_chain_seals_the_after_photo_with_its_move() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spot.db");
    let (store, id, row) = draft_in(Store::open(&path).unwrap(), &["on_time"]);
    store.set_fixed_on_spot(id, row, "on_time", true).unwrap();
    store
        .add_after_fix_photo(id, row, "on_time", &photo("已到岗.png"))
        .unwrap();
    submit(&store, id);
    verify_clean(&store);
    // A photo's hash changed with sqlite3: the fix on the spot is named, not the inspection.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("UPDATE attachments SET sha256 = 'forged'")
        .unwrap();
    let found = store.verify(&mut |_, _| {}).unwrap();
    assert_eq!(found.findings.len(), 1, "{:?}", found.findings);
    let move_uuid = rectification_of(&store, "on_time").history[1].uuid.clone();
    assert_eq!(
        found.findings[0],
        hallcheck::store::chain::Finding::Changed {
            kind: hallcheck::store::chain::Sealed::RectificationMove,
            uuid: move_uuid,
        }
    );
}

#[test]
fn taking_fixed_on_the_spot_back_keeps_the_after_photos_as_photos_of_the_answer() {
    let (store, id, row) = draft(&["on_time"]);
    store.set_fixed_on_spot(id, row, "on_time", true).unwrap();
    store
        .add_after_fix_photo(id, row, "on_time", &photo("已到岗.png"))
        .unwrap();
    assert_eq!(
        store.set_fixed_on_spot(id, row, "on_time", false).unwrap(),
        1,
        "one photo made ordinary"
    );
    let photos = store.attachments(id).unwrap();
    assert_eq!(photos.len(), 1);
    assert!(!photos[0].after_fix);
    // Ticking it again does not take the photo back: it is the problem's now.
    store.set_fixed_on_spot(id, row, "on_time", true).unwrap();
    assert!(!store.attachments(id).unwrap()[0].after_fix);
    submit(&store, id);
    let fixed = rectification_of(&store, "on_time");
    assert_eq!(fixed.row.status, RectificationStatus::Accepted);
    assert_eq!(fixed.before.len(), 1);
    assert!(fixed.after.is_empty());
    verify_clean(&store);
}

#[test]
fn an_answer_no_longer_failed_keeps_its_after_photos_as_its_own() {
    let (store, id, row) = draft(&["on_time"]);
    store.set_fixed_on_spot(id, row, "on_time", true).unwrap();
    store
        .add_after_fix_photo(id, row, "on_time", &photo("已到岗.png"))
        .unwrap();
    // Answered again as met: the mark of 当场整改 stays with the answer but means nothing.
    answer(&store, id, "on_time", Outcome::Pass, 1);
    submit(&store, id);
    assert!(
        store
            .rectifications(&RectificationFilter::default(), day())
            .unwrap()
            .is_empty()
    );
    let photos = store.attachments(id).unwrap();
    assert_eq!(photos.len(), 1);
    assert!(!photos[0].after_fix);
    verify_clean(&store);
}

#[test]
fn an_after_photo_needs_a_fail_marked_fixed_and_is_no_photo_of_the_problem() {
    let (store, id, row) = draft(&["no_empty_counter", "on_time"]);
    // Not marked fixed on the spot, or not a fail: refused.
    for item in ["on_time", "no_leaving_post"] {
        assert_eq!(
            store
                .add_after_fix_photo(id, row, item, &photo("x.png"))
                .unwrap_err()
                .kind(),
            StoreErrorKind::Invalid
        );
    }
    // 营业时间空岗 needs a photo when it fails: a photo of it fixed does not stand in for one
    // of the problem.
    store
        .set_fixed_on_spot(id, row, "no_empty_counter", true)
        .unwrap();
    store
        .add_after_fix_photo(id, row, "no_empty_counter", &photo("已到岗.png"))
        .unwrap();
    let detail = store.inspection(id).unwrap();
    assert_eq!(
        detail.missing_photos(),
        [("discipline".to_owned(), "no_empty_counter".to_owned())]
    );
    let bands = store.settings().unwrap().bands;
    assert_eq!(
        store
            .submit_inspection(id, &bands, submitted_at())
            .unwrap_err()
            .kind(),
        StoreErrorKind::Refused
    );
    store
        .add_attachment(id, row, "no_empty_counter", &photo("空岗.png"))
        .unwrap();
    assert!(store.inspection(id).unwrap().missing_photos().is_empty());
    submit(&store, id);
    let fixed = rectification_of(&store, "no_empty_counter");
    assert_eq!(fixed.before.len(), 1);
    assert_eq!(fixed.after.len(), 1);
    // Once submitted, no photo is added.
    assert_eq!(
        store
            .add_after_fix_photo(id, row, "no_empty_counter", &photo("y.png"))
            .unwrap_err()
            .kind(),
        StoreErrorKind::Submitted
    );
}

#[test]
fn an_export_carries_the_after_photo_with_the_fix_on_the_spot() {
    let dir = tempfile::tempdir().unwrap();
    let (store, id, row) = draft_in(
        Store::open(&dir.path().join("source.db")).unwrap(),
        &["on_time"],
    );
    store.set_fixed_on_spot(id, row, "on_time", true).unwrap();
    store
        .add_after_fix_photo(id, row, "on_time", &photo("已到岗.png"))
        .unwrap();
    // A second draft, still open, with its after-photo marked.
    let templates = vec![builtin("discipline")];
    let hall = store.halls(false).unwrap()[0].id;
    let draft_id = start(&store, hall, &templates, 6);
    for item in &templates[0].items {
        let outcome = if item.id == "no_wandering" {
            Outcome::Fail
        } else {
            Outcome::Pass
        };
        answer(&store, draft_id, &item.id, outcome, 1);
    }
    let draft_row = store.inspection(draft_id).unwrap().templates[0].0;
    store
        .set_fixed_on_spot(draft_id, draft_row, "no_wandering", true)
        .unwrap();
    store
        .add_after_fix_photo(draft_id, draft_row, "no_wandering", &photo("已回岗.png"))
        .unwrap();
    submit(&store, id);

    let file = dir.path().join("all.json");
    support::exports::export_all(&store, ExportFormat::Json, &file).unwrap();
    let mut target = Store::open(&dir.path().join("target.db")).unwrap();
    import_file(&mut target, &file).unwrap();
    let fixed = rectification_of(&target, "on_time");
    assert_eq!(fixed.history[1].action, RectificationAction::FixOnSpot);
    assert_eq!(fixed.history[1].photos.len(), 1);
    assert_eq!(fixed.after.len(), 1);
    assert_eq!(fixed.after[0].file_name, "已到岗.png");
    assert!(fixed.before.is_empty());
    verify_clean(&target);
    // The draft's after-photo arrives marked.
    let uuid = store.inspection_header(draft_id).unwrap().uuid;
    let imported = target.inspection_id_by_uuid(&uuid).unwrap();
    let photos = target.attachments(imported).unwrap();
    assert_eq!(photos.len(), 1);
    assert!(photos[0].after_fix);
}

#[test]
fn a_version_14_database_migrates_and_its_chain_stays_clean() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v14.db");
    {
        let (store, id, row) = draft_in(Store::open(&path).unwrap(), &["on_time"]);
        store.set_fixed_on_spot(id, row, "on_time", true).unwrap();
        store
            .add_attachment(id, row, "on_time", &photo("迟到.png"))
            .unwrap();
        submit(&store, id);
        verify_clean(&store);
    }
    // The file as version 14 had it: no mark on any photo, no index of the audit log.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "ALTER TABLE attachments DROP COLUMN after_fix; DROP INDEX audit_log_entity;
             PRAGMA user_version = 14;",
        )
        .unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::CURRENT_VERSION);
    assert_eq!(schema::CURRENT_VERSION, 16);
    verify_clean(&store);
    let fixed = rectification_of(&store, "on_time");
    assert_eq!(fixed.before.len(), 1);
    assert!(fixed.after.is_empty());
}
