//! Amendments (更正): a submitted inspection changes only through one; it records who, when,
//! why and each answer before and after; the score, the monthly sheet and the trend follow
//! the amended answers; the original stays readable.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::{FixedOffset, TimeZone};
use hallcheck::domain::{Outcome, Points, Rating, RatingBands, original_answer};
use hallcheck::report::{Period, monthly_sheet, trend};
use hallcheck::store::{AmendmentInput, AnswerInput, Store, StoreError};
use support::store::{hygiene_without_photos, start, submitted_hygiene_fail};

fn p(hundredths: i64) -> Points {
    Points::from_hundredths(hundredths)
}

/// A submitted 环境卫生 inspection: two places not clean (−2 of 15), everything else met.
fn submitted() -> (Store, i64, i64) {
    let store = Store::open_in_memory().unwrap();
    let hall = store.add_hall("城北供电营业厅", Some("N1")).unwrap().id;
    let id = submitted_hygiene_fail(&store, hall, 5, 2);
    (store, hall, id)
}

fn input(
    store: &Store,
    id: i64,
    item: &str,
    outcome: Outcome,
    count: u32,
    note: &str,
) -> AmendmentInput {
    let row = store.inspection(id).unwrap().templates[0].0;
    AmendmentInput {
        by: "王主任".into(),
        reason: "复核：第二处为客户刚丢弃，当场已清理".into(),
        answers: vec![AnswerInput {
            template_row: row,
            item_id: item.into(),
            outcome,
            count,
            rate: None,
            note: note.into(),
            staff_ids: Vec::new(),
        }],
        at: FixedOffset::east_opt(8 * 3600)
            .unwrap()
            .with_ymd_and_hms(2026, 10, 6, 10, 30, 0)
            .unwrap(),
    }
}

#[test]
fn an_amendment_rescores_and_keeps_the_original_readable() {
    let (store, hall, id) = submitted();
    let header = store.inspection(id).unwrap().header;
    // 13 of 15 → 86.67.
    assert_eq!(header.score, Some(p(8667)));
    assert_eq!(header.amendments, 0);

    let amendment = store
        .amend_inspection(
            id,
            &input(
                &store,
                id,
                "four_clean_four_free",
                Outcome::Fail,
                1,
                "地面有纸屑",
            ),
            &RatingBands::default(),
        )
        .unwrap();
    assert_eq!(amendment.seq, 1);
    assert_eq!(amendment.by, "王主任");
    assert_eq!(amendment.at, "2026-10-06T02:30:00.000Z");
    assert_eq!(amendment.utc_offset_min, 480);
    // 14 of 15 → 93.33, 良好 → 优秀.
    assert_eq!(amendment.score, (p(8667), p(9333)));
    assert_eq!(amendment.rating, (Rating::Good, Rating::Excellent));
    assert_eq!(amendment.changes.len(), 1);
    let change = &amendment.changes[0];
    assert_eq!((change.before.count, change.after.count), (2, 1));

    let detail = store.inspection(id).unwrap();
    assert_eq!(detail.header.score, Some(p(9333)));
    assert_eq!(detail.header.rating, Some(Rating::Excellent));
    assert_eq!(detail.header.amendments, 1);
    let result = detail
        .result(detail.templates[0].0, "four_clean_four_free")
        .unwrap();
    assert_eq!((result.count, result.deduction), (1, p(100)));

    // Reports read the amended answers.
    let sheet = monthly_sheet(&store, hall, 2026, 10, support::reports::d(2026, 12, 31)).unwrap();
    let hygiene = sheet.area_rows().find(|r| r.content == "环境卫生").unwrap();
    assert_eq!(hygiene.score, Some(p(1400)));
    let october = Period::month(2026, 10).unwrap();
    let t = trend(&store, hall, october, None).unwrap();
    assert_eq!(t.points[0].score, p(9333));

    // A second amendment; the original answer is the first one's `before`.
    store
        .amend_inspection(
            id,
            &input(&store, id, "four_clean_four_free", Outcome::Pass, 1, ""),
            &RatingBands::default(),
        )
        .unwrap();
    let list = store.amendments(id).unwrap();
    assert_eq!(list.iter().map(|a| a.seq).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(list[1].score, (p(9333), p(10000)));
    let original = original_answer(&list, "hygiene", "four_clean_four_free").unwrap();
    assert_eq!(
        (original.outcome, original.count, original.note.as_str()),
        (Outcome::Fail, 2, "地面有纸屑")
    );
    assert_eq!(store.inspection(id).unwrap().header.amendments, 2);
    // The answer no longer fails: its rectification is withdrawn; failing it again opens one.
    let of_it = hallcheck::store::RectificationFilter {
        inspection_id: Some(id),
        ..Default::default()
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 10, 9).unwrap();
    assert!(store.rectifications(&of_it, today).unwrap().is_empty());
    let rows = store
        .list_inspections(
            &Default::default(),
            hallcheck::store::SortKey::Date,
            true,
            0,
            10,
        )
        .unwrap();
    assert_eq!(rows[0].amendments, 2);

    store
        .amend_inspection(
            id,
            &input(
                &store,
                id,
                "no_smoking_sign",
                Outcome::Fail,
                1,
                "门口禁烟标志缺失",
            ),
            &RatingBands::default(),
        )
        .unwrap();
    let opened = store.rectifications(&of_it, today).unwrap();
    assert_eq!(opened.len(), 1);
    assert_eq!(opened[0].reason, "门口禁烟标志缺失");

    // The PDF report says so and lists the amendments.
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("report.pdf");
    support::exports::export_all(&store, hallcheck::export::ExportFormat::Pdf, &pdf).unwrap();
    let text: String = support::pdf_text(&pdf, "-raw")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for needle in [
        "状态：已提交（已修改3次）",
        "修改记录",
        "第1次",
        "王主任：复核：第二处为客户刚丢弃，当场已清理（得分86.67→93.33，良好→优秀）",
        "不符合2处（地面有纸屑）→不符合1处（地面有纸屑）",
        "第2次",
    ] {
        assert!(text.contains(needle), "`{needle}` missing:\n{text}");
    }
}

#[test]
fn a_submitted_inspection_changes_only_by_amendment() {
    let (store, _, id) = submitted();
    let row = store.inspection(id).unwrap().templates[0].0;
    let err = store
        .save_answer(
            id,
            &AnswerInput {
                template_row: row,
                item_id: "four_clean_four_free".into(),
                outcome: Outcome::Pass,
                count: 1,
                rate: None,
                note: String::new(),
                staff_ids: Vec::new(),
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("submitted and read-only"), "{err}");
    assert!(store.clear_answer(id, row, "four_clean_four_free").is_err());
    assert_eq!(store.inspection(id).unwrap().header.score, Some(p(8667)));
}

#[test]
fn amendments_that_cannot_be_made_are_refused_and_change_nothing() {
    let (store, hall, id) = submitted();
    let bands = RatingBands::default();
    let before = store.inspection(id).unwrap();
    let refused = |input: AmendmentInput| -> String {
        let err = store.amend_inspection(id, &input, &bands).unwrap_err();
        err.to_string()
    };
    let mut nobody = input(&store, id, "four_clean_four_free", Outcome::Pass, 1, "");
    nobody.by = " ".into();
    assert!(refused(nobody).contains("names who makes it"));
    let mut no_reason = input(&store, id, "four_clean_four_free", Outcome::Pass, 1, "");
    no_reason.reason = String::new();
    assert!(refused(no_reason).contains("gives its reason"));
    let same = input(
        &store,
        id,
        "four_clean_four_free",
        Outcome::Fail,
        2,
        "地面有纸屑",
    );
    assert!(refused(same).contains("changes no answer"));
    // A new fail of an item that needs a reason, without one.
    let err = store
        .amend_inspection(
            id,
            &input(&store, id, "no_private_items", Outcome::Fail, 1, ""),
            &bands,
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)), "{err}");
    let unknown = input(&store, id, "no_such_item", Outcome::Pass, 1, "");
    assert!(refused(unknown).contains("no item `no_such_item`"));

    // A draft is changed in the walk.
    let draft = start(&store, hall, &[hygiene_without_photos()], 6);
    let err = store
        .amend_inspection(
            draft,
            &input(&store, draft, "four_clean_four_free", Outcome::Pass, 1, ""),
            &bands,
        )
        .unwrap_err();
    assert!(err.to_string().contains("is a draft"), "{err}");

    let after = store.inspection(id).unwrap();
    assert_eq!(after.header, before.header);
    assert_eq!(after.results, before.results);
    assert!(store.amendments(id).unwrap().is_empty());
}
