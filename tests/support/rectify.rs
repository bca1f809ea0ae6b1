//! A hand-built October 2026 of rectifications (整改) in every state, with figures worked out
//! by hand, judged on [`TODAY`] (2026-10-20). 劳动纪律 alone, whose items deduct 2 points (3 for
//! 脱岗 and the roster; the two veto items none, they veto):
//!
//! | hall | day   | kind | item                     | deadline | what happened                                   | on 10-20            |
//! |------|-------|------|--------------------------|----------|-------------------------------------------------|---------------------|
//! | T1   | 09-28 | 自查 | duty_roster_staffed      | 10-01    | nothing                                         | (September)         |
//! | T1   | 10-05 | 自查 | on_time (王芳)           | 10-08    | closed 10-07 by 王芳, accepted 10-08 by 李站长  | 已验收, on time     |
//! | T1   | 10-05 | 自查 | no_leaving_post          | 10-08    | closed 10-10                                    | 已整改, late        |
//! | T1   | 10-05 | 自查 | no_wandering             | 10-08    | fixed on the spot                               | 当场整改, on time   |
//! | T1   | 10-05 | 自查 | no_distractions          | 10-08    | nothing                                         | 待整改, 12 days late |
//! | T1   | 10-05 | 自查 | no_quarrel (veto)        | 10-06    | closed 10-06, returned 10-07, closed and accepted 10-09 | 已验收, late |
//! | T1   | 10-18 | 自查 | pause_sign_proper        | 10-21    | nothing                                         | 待整改, pending     |
//! | T2   | 10-10 | 暗访 | on_time                  | 10-13    | closed 10-11                                    | 已整改, on time     |
//!
//! October, T1: 6 found, on time 2, late 3, pending 1: 整改按时率 2 ÷ 5 = 40.0 %, 未整改 2.
//! T2: 1 found, on time: 100.0 %, 未整改 0. Of 暗访 alone, T1 found none.

use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use hallcheck::domain::{InspectionKind, Outcome, Shift, Template};
use hallcheck::store::{AnswerInput, NewInspection, RectificationFilter, Store};

use super::store::builtin;

/// The day the case is judged on.
pub const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 10, 20).expect("a calendar day");

pub fn day(month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, d).unwrap()
}

/// 17:00 local time (UTC+8) on a day.
fn at(month: u32, d: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, month, d, 17, 0, 0)
        .unwrap()
}

pub struct Case {
    pub store: Store,
    pub t1: i64,
    pub t2: i64,
    /// T1's inspection of 10-05.
    pub first: i64,
    /// T1's inspection of 10-18.
    pub second: i64,
}

/// Walks `fails` (once each, a note `ITEM 原因`, naming `staff` on `on_time`) and passes the
/// rest of 劳动纪律 on `date`, marks `on_spot` fixed on the spot, and submits.
fn inspect(
    store: &Store,
    (hall, kind): (i64, InspectionKind),
    date: NaiveDate,
    fails: &[&str],
    (staff, on_spot): (Option<i64>, &[&str]),
) -> i64 {
    let templates: Vec<Template> = vec![builtin("discipline")];
    let id = store
        .create_inspection(&NewInspection {
            hall_id: hall,
            inspector: "赵督导",
            date,
            shift: Shift::Morning,
            kind,
            templates: &templates,
            started_at: FixedOffset::east_opt(8 * 3600)
                .unwrap()
                .from_local_datetime(&date.and_hms_opt(9, 0, 0).unwrap())
                .unwrap(),
        })
        .unwrap();
    let detail = store.inspection(id).unwrap();
    let (row, template) = &detail.templates[0];
    for item in &template.items {
        let fail = fails.contains(&item.id.as_str());
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
                        format!("{} 原因", item.id)
                    } else {
                        String::new()
                    },
                    staff_ids: match staff {
                        Some(s) if fail && item.id == "on_time" => vec![s],
                        _ => Vec::new(),
                    },
                },
            )
            .unwrap();
    }
    for item in on_spot {
        store.set_fixed_on_spot(id, *row, item, true).unwrap();
    }
    let bands = store.settings().unwrap().bands;
    let submitted: DateTime<Utc> = Utc.from_utc_datetime(&date.and_hms_opt(2, 0, 0).unwrap());
    store.submit_inspection(id, &bands, submitted).unwrap();
    id
}

/// The rectification of `item` opened by `inspection`.
pub fn rectification(store: &Store, inspection: i64, item: &str) -> i64 {
    store
        .rectifications(
            &RectificationFilter {
                inspection_id: Some(inspection),
                ..RectificationFilter::default()
            },
            TODAY,
        )
        .unwrap()
        .into_iter()
        .find(|r| r.item_id == item)
        .unwrap()
        .id
}

/// The case, written into `store`.
pub fn october_in(store: Store) -> Case {
    let t1 = store.add_hall("城东供电营业厅", Some("T1")).unwrap().id;
    let t2 = store.add_hall("城西供电营业厅", Some("T2")).unwrap().id;
    let wang = store.add_staff(t1, "王芳", None).unwrap().id;
    let self_check = InspectionKind::SelfCheck;
    inspect(
        &store,
        (t1, self_check),
        day(9, 28),
        &["duty_roster_staffed"],
        (None, &[]),
    );
    let first = inspect(
        &store,
        (t1, self_check),
        day(10, 5),
        &[
            "on_time",
            "no_leaving_post",
            "no_wandering",
            "no_distractions",
            "no_quarrel_with_customer",
        ],
        (Some(wang), &["no_wandering"]),
    );
    let second = inspect(
        &store,
        (t1, self_check),
        day(10, 18),
        &["pause_sign_proper"],
        (None, &[]),
    );
    let other = inspect(
        &store,
        (t2, InspectionKind::Unannounced),
        day(10, 10),
        &["on_time"],
        (None, &[]),
    );
    let s = &store;
    let on_time = rectification(s, first, "on_time");
    s.close_rectification(on_time, "已提醒按时到岗", &[], "王芳", at(10, 7))
        .unwrap();
    s.accept_rectification(on_time, "李站长", at(10, 8))
        .unwrap();
    let leaving = rectification(s, first, "no_leaving_post");
    s.close_rectification(leaving, "已谈话", &[], "", at(10, 10))
        .unwrap();
    let quarrel = rectification(s, first, "no_quarrel_with_customer");
    s.close_rectification(quarrel, "已道歉", &[], "", at(10, 6))
        .unwrap();
    s.return_rectification(quarrel, "仍有投诉", "李站长", at(10, 7))
        .unwrap();
    s.close_rectification(quarrel, "已回访客户", &[], "", at(10, 9))
        .unwrap();
    s.accept_rectification(quarrel, "李站长", at(10, 9))
        .unwrap();
    let t2_fix = rectification(s, other, "on_time");
    s.close_rectification(t2_fix, "已提醒", &[], "", at(10, 11))
        .unwrap();
    Case {
        store,
        t1,
        t2,
        first,
        second,
    }
}

/// The case in memory.
pub fn october() -> Case {
    october_in(Store::open_in_memory().unwrap())
}

/// The case in a database file at `path`.
pub fn october_at(path: &Path) -> Case {
    october_in(Store::open(path).unwrap())
}
