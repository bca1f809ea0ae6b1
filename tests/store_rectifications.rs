//! Rectifications (整改): opened on submit (the default rule and a limited one), fixed on the
//! spot, every move and every refused one with its history, overdue and due today judged on
//! a day passed in, repeat problems, the Today counts and the migration of an older file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use hallcheck::domain::{
    InspectionKind, Outcome, Points, RectificationAction, RectificationError, RectificationScope,
    RectificationStatus, Shift, Template,
};
use hallcheck::store::{
    AnswerInput, NewInspection, RectificationFilter, Store, StoreError, StoreErrorKind, schema,
};
use support::store::builtin;

fn day(month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, d).unwrap()
}

/// An instant of local time (UTC+8) on a day.
fn at(month: u32, d: u32, hour: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, month, d, hour, 0, 0)
        .unwrap()
}

struct Hall {
    store: Store,
    hall: i64,
    staff: i64,
    templates: Vec<Template>,
}

fn hall() -> Hall {
    let store = Store::open_in_memory().unwrap();
    let hall = store.add_hall("城东供电营业厅", Some("T1")).unwrap();
    let staff = store.add_staff(hall.id, "王芳", None).unwrap();
    Hall {
        store,
        hall: hall.id,
        staff: staff.id,
        templates: vec![builtin("discipline")],
    }
}

impl Hall {
    /// Starts an inspection on `date` and answers every item: the `fails` failed (once, with
    /// a note, naming 王芳 when `named`), the rest passed. Returns the draft's id.
    fn walk(&self, date: NaiveDate, fails: &[&str], named: bool) -> i64 {
        let id = self
            .store
            .create_inspection(&NewInspection {
                hall_id: self.hall,
                inspector: "赵督导",
                date,
                shift: Shift::Morning,
                kind: InspectionKind::SelfCheck,
                templates: &self.templates,
                started_at: FixedOffset::east_opt(8 * 3600)
                    .unwrap()
                    .from_local_datetime(&date.and_hms_opt(9, 0, 0).unwrap())
                    .unwrap(),
            })
            .unwrap();
        let detail = self.store.inspection(id).unwrap();
        for (row, template) in &detail.templates {
            for item in &template.items {
                let fail = fails.contains(&item.id.as_str());
                self.store
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
                            staff_ids: if fail && named {
                                vec![self.staff]
                            } else {
                                Vec::new()
                            },
                        },
                    )
                    .unwrap();
            }
        }
        id
    }

    fn submit(&self, id: i64, date: NaiveDate) {
        let bands = self.store.settings().unwrap().bands;
        let submitted: DateTime<Utc> = Utc.from_utc_datetime(&date.and_hms_opt(2, 0, 0).unwrap());
        self.store.submit_inspection(id, &bands, submitted).unwrap();
    }

    /// Walks and submits; returns the inspection's id.
    fn inspect(&self, date: NaiveDate, fails: &[&str]) -> i64 {
        let id = self.walk(date, fails, false);
        self.submit(id, date);
        id
    }

    fn of(&self, inspection: i64, today: NaiveDate) -> Vec<hallcheck::store::RectificationRow> {
        self.store
            .rectifications(
                &RectificationFilter {
                    inspection_id: Some(inspection),
                    ..RectificationFilter::default()
                },
                today,
            )
            .unwrap()
    }

    fn one(&self, inspection: i64, item: &str) -> i64 {
        self.of(inspection, day(10, 1))
            .into_iter()
            .find(|r| r.item_id == item)
            .unwrap_or_else(|| panic!("no rectification of {item}"))
            .id
    }
}

fn refused(err: StoreError) -> RectificationError {
    assert_eq!(err.kind(), StoreErrorKind::Rectification, "{err}");
    match err {
        StoreError::Rectification(e) => e,
        other => panic!("not a refused move: {other}"),
    }
}

#[test]
fn submit_opens_one_per_failed_item_with_owner_deadline_and_reason() {
    let h = hall();
    let id = h.walk(day(10, 5), &["on_time", "no_quarrel_with_customer"], true);
    assert!(h.of(id, day(10, 5)).is_empty(), "a draft opens none");
    h.submit(id, day(10, 5));
    let rows = h.of(id, day(10, 5));
    assert_eq!(rows.len(), 2);
    let on_time = rows.iter().find(|r| r.item_id == "on_time").unwrap();
    assert_eq!(on_time.owner, "王芳");
    assert_eq!(
        on_time.due_on,
        day(10, 8),
        "3 days from the inspection's day"
    );
    assert_eq!(on_time.reason, "on_time 原因");
    assert_eq!(on_time.status, RectificationStatus::Open);
    assert_eq!(on_time.template_id, "discipline");
    assert_eq!(on_time.item_text, "不迟到、不早退");
    assert_eq!(on_time.deduction, Points::from_whole(2));
    assert!(!on_time.veto && !on_time.overdue && !on_time.is_repeat());
    let veto = rows
        .iter()
        .find(|r| r.item_id == "no_quarrel_with_customer")
        .unwrap();
    assert!(veto.veto);
    assert_eq!(veto.due_on, day(10, 6), "1 day for a veto item");

    let detail = h.store.rectification(on_time.id, day(10, 5)).unwrap();
    assert_eq!(detail.history.len(), 1);
    let opened = &detail.history[0];
    assert_eq!(opened.action, RectificationAction::Open);
    assert_eq!((opened.from, opened.to), (None, RectificationStatus::Open));
    assert_eq!(opened.by, "赵督导");
    assert_eq!(opened.at, "2026-10-05T02:00:00.000Z");
    assert_eq!(opened.utc_offset_min, 480);

    // Nobody named: the hall manager owns it.
    let other = h.inspect(day(10, 6), &["no_leaving_post"]);
    let row = &h.of(other, day(10, 6))[0];
    assert_eq!(row.owner, "");
    assert_eq!(row.owner_shown(), hallcheck::store::OWNER_HALL_MANAGER);
}

#[test]
fn a_limited_rule_opens_veto_items_and_deductions_from_its_threshold() {
    let h = hall();
    let mut settings = h.store.settings().unwrap();
    settings.rectification.scope = RectificationScope::VetoOrAtLeast(Points::from_whole(3));
    settings.rectification.deadline_days = 5;
    h.store.save_settings(&settings).unwrap();
    assert_eq!(
        h.store.settings().unwrap().rectification,
        settings.rectification
    );
    let id = h.inspect(
        day(10, 5),
        &["on_time", "no_leaving_post", "no_quarrel_with_customer"],
    );
    let mut items: Vec<(String, NaiveDate)> = h
        .of(id, day(10, 5))
        .into_iter()
        .map(|r| (r.item_id, r.due_on))
        .collect();
    items.sort();
    assert_eq!(
        items,
        [
            ("no_leaving_post".to_owned(), day(10, 10)),
            ("no_quarrel_with_customer".to_owned(), day(10, 6)),
        ]
    );
}

#[test]
fn every_move_is_recorded_with_who_and_when() {
    let h = hall();
    let id = h.inspect(day(10, 5), &["on_time"]);
    let fix = h.one(id, "on_time");
    let s = &h.store;
    let photo = hallcheck::export::photo::prepare_photo_bytes(
        "after.png",
        "整改后.png",
        &support::exports::tiny_png(),
    )
    .unwrap();
    assert_eq!(
        s.close_rectification(
            fix,
            "已提醒",
            std::slice::from_ref(&photo),
            "王芳",
            at(10, 6, 17)
        )
        .unwrap(),
        RectificationStatus::Done
    );
    let row = s.rectification(fix, day(10, 6)).unwrap();
    assert_eq!(row.row.closed_on, Some(day(10, 6)));
    assert_eq!(row.row.note, "已提醒");
    assert_eq!(row.after.len(), 1);
    assert_eq!(row.after[0].file_name, "整改后.png");
    // An after-photo is not one of the answer's photos.
    assert!(s.attachments(id).unwrap().is_empty());
    assert!(row.before.is_empty());

    assert_eq!(
        s.return_rectification(fix, "照片不清晰", "赵督导", at(10, 7, 9))
            .unwrap(),
        RectificationStatus::Open
    );
    let returned = s.rectification(fix, day(10, 7)).unwrap();
    assert_eq!(returned.row.closed_on, None);
    assert!(returned.after.is_empty(), "a return sets the fix aside");
    s.reschedule_rectification(fix, day(10, 9), "赵督导", at(10, 7, 9))
        .unwrap();
    s.reassign_rectification(fix, "李娜", "赵督导", at(10, 7, 10))
        .unwrap();
    s.close_rectification(fix, "已重新整改", &[photo], "李娜", at(10, 8, 16))
        .unwrap();
    assert_eq!(
        s.accept_rectification(fix, "赵督导", at(10, 9, 9)).unwrap(),
        RectificationStatus::Accepted
    );
    let done = s.rectification(fix, day(10, 20)).unwrap();
    assert_eq!(done.row.status, RectificationStatus::Accepted);
    assert_eq!(done.row.owner, "李娜");
    assert_eq!(done.row.due_on, day(10, 9));
    assert_eq!(done.row.photos_after, 2);
    assert_eq!(done.after.len(), 1, "the latest close's photo");
    assert!(done.row.accepted_at.is_some());
    use RectificationAction as A;
    use RectificationStatus as S;
    let history: Vec<_> = done
        .history
        .iter()
        .map(|e| (e.action, e.from, e.to, e.by.as_str(), e.note.as_str()))
        .collect();
    assert_eq!(
        history,
        [
            (A::Open, None, S::Open, "赵督导", ""),
            (A::Close, Some(S::Open), S::Done, "王芳", "已提醒"),
            (A::Return, Some(S::Done), S::Open, "赵督导", "照片不清晰"),
            (
                A::Reschedule,
                Some(S::Open),
                S::Open,
                "赵督导",
                "2026-10-08 → 2026-10-09"
            ),
            (
                A::Reassign,
                Some(S::Open),
                S::Open,
                "赵督导",
                "营业厅负责人 → 李娜"
            ),
            (A::Close, Some(S::Open), S::Done, "李娜", "已重新整改"),
            (A::Accept, Some(S::Done), S::Accepted, "赵督导", ""),
        ]
    );
    assert_eq!(done.history[1].at, "2026-10-06T09:00:00.000Z");
    assert_eq!(done.history[1].photos.len(), 1);
}

#[test]
fn impossible_moves_are_refused_and_change_nothing() {
    let h = hall();
    let id = h.inspect(day(10, 5), &["on_time", "no_leaving_post"]);
    let fix = h.one(id, "on_time");
    let s = &h.store;
    let when = at(10, 6, 9);
    use RectificationAction as A;
    use RectificationStatus as S;
    // From 待整改: no accept, no return; a close needs a note.
    assert_eq!(
        refused(s.accept_rectification(fix, "", when).unwrap_err()),
        RectificationError::NotAllowed {
            from: Some(S::Open),
            action: A::Accept
        }
    );
    assert_eq!(
        refused(s.return_rectification(fix, "不行", "", when).unwrap_err()),
        RectificationError::NotAllowed {
            from: Some(S::Open),
            action: A::Return
        }
    );
    assert_eq!(
        refused(s.close_rectification(fix, "  ", &[], "", when).unwrap_err()),
        RectificationError::NoteRequired
    );
    assert_eq!(
        refused(
            s.reschedule_rectification(fix, day(10, 4), "", when)
                .unwrap_err()
        ),
        RectificationError::DeadlineBeforeInspection {
            due_on: day(10, 4),
            inspected_on: day(10, 5)
        }
    );
    // From 已整改: no second close; a return needs a reason.
    s.close_rectification(fix, "已整改", &[], "", when).unwrap();
    assert_eq!(
        refused(
            s.close_rectification(fix, "再次", &[], "", when)
                .unwrap_err()
        ),
        RectificationError::NotAllowed {
            from: Some(S::Done),
            action: A::Close
        }
    );
    assert_eq!(
        refused(s.return_rectification(fix, "", "", when).unwrap_err()),
        RectificationError::ReasonRequired
    );
    // From 已验收: nothing more.
    s.accept_rectification(fix, "", when).unwrap();
    for err in [
        s.close_rectification(fix, "x", &[], "", when).unwrap_err(),
        s.accept_rectification(fix, "", when).unwrap_err(),
        s.return_rectification(fix, "x", "", when).unwrap_err(),
        s.reschedule_rectification(fix, day(10, 20), "", when)
            .unwrap_err(),
        s.reassign_rectification(fix, "李娜", "", when).unwrap_err(),
    ] {
        let err = refused(err);
        assert!(
            matches!(
                err,
                RectificationError::NotAllowed {
                    from: Some(S::Accepted),
                    ..
                }
            ),
            "{err}"
        );
    }
    let detail = s.rectification(fix, day(10, 6)).unwrap();
    assert_eq!(
        detail.history.len(),
        3,
        "open, close, accept and nothing else"
    );
    assert_eq!(detail.row.status, S::Accepted);
    let err = s
        .close_rectification(fix, "已重新整改", &[], "", when)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "a rectification that is accepted（已验收） cannot be closed as fixed"
    );
    // The other one is untouched; an unknown one is not found.
    let other = h.one(id, "no_leaving_post");
    assert_eq!(
        s.rectification(other, day(10, 6)).unwrap().row.status,
        S::Open
    );
    assert_eq!(
        s.accept_rectification(9999, "", when).unwrap_err().kind(),
        StoreErrorKind::NotFound
    );
}

#[test]
fn overdue_and_due_today_are_judged_on_the_day_passed_in() {
    let h = hall();
    let id = h.inspect(day(10, 5), &["on_time", "no_quarrel_with_customer"]);
    let s = &h.store;
    let overdue = |today| {
        s.rectifications(
            &RectificationFilter {
                overdue: true,
                ..RectificationFilter::default()
            },
            today,
        )
        .unwrap()
        .into_iter()
        .map(|r| r.item_id)
        .collect::<Vec<_>>()
    };
    assert!(
        overdue(day(10, 6)).is_empty(),
        "the veto item is due on the 6th"
    );
    assert_eq!(overdue(day(10, 7)), ["no_quarrel_with_customer"]);
    assert_eq!(overdue(day(10, 9)), ["no_quarrel_with_customer", "on_time"]);
    let counts = s.rectification_counts(day(10, 8)).unwrap();
    assert_eq!(counts.len(), 1);
    assert_eq!(
        (counts[0].open, counts[0].due_today, counts[0].overdue),
        (2, 1, 1)
    );
    // Reported fixed, it is no longer overdue; it waits for acceptance.
    let fix = h.one(id, "no_quarrel_with_customer");
    s.close_rectification(fix, "已致歉并教育", &[], "", at(10, 9, 9))
        .unwrap();
    assert_eq!(overdue(day(10, 9)), ["on_time"]);
    let counts = s.rectification_counts(day(10, 9)).unwrap();
    assert_eq!(
        (
            counts[0].open,
            counts[0].overdue,
            counts[0].awaiting_acceptance
        ),
        (1, 1, 1)
    );
    let row = &h.of(id, day(10, 9));
    assert!(row.iter().any(|r| r.item_id == "on_time" && r.overdue));
    // On-time rate for the Ranking: the veto item was closed late, the other is late too.
    let period = hallcheck::report::Period::new(day(10, 1), day(10, 31)).unwrap();
    let rates = hallcheck::report::rectification_rates(s, period, day(10, 9), None).unwrap();
    assert_eq!((rates[0].total, rates[0].on_time, rates[0].late), (2, 0, 2));
    assert_eq!(rates[0].rate(), Some(0.0));
}

#[test]
fn the_same_item_failing_again_is_a_repeat_while_open_or_within_thirty_days() {
    let h = hall();
    let s = &h.store;
    let first = h.inspect(day(10, 1), &["on_time"]);
    let a = h.one(first, "on_time");
    // The walk asks before the fail is given.
    let prior = s
        .prior_rectification(h.hall, "discipline", "on_time", day(10, 5))
        .unwrap()
        .unwrap();
    assert_eq!(prior.id, a);
    assert_eq!(prior.status, RectificationStatus::Open);
    assert!(
        s.prior_rectification(h.hall, "discipline", "no_leaving_post", day(10, 5))
            .unwrap()
            .is_none()
    );
    let walk = s.prior_rectifications(h.hall, day(10, 5)).unwrap();
    assert_eq!(walk.len(), 1);
    assert_eq!(
        (
            walk[0].template_id.as_str(),
            walk[0].item_id.as_str(),
            walk[0].id
        ),
        ("discipline", "on_time", a)
    );
    let second = h.inspect(day(10, 5), &["on_time"]);
    let b = &h.of(second, day(10, 5))[0];
    let a_uuid = s.rectification(a, day(10, 5)).unwrap().row.uuid;
    assert_eq!(b.repeat_of.as_deref(), Some(a_uuid.as_str()));
    // Both closed on 10-06; 30 days later still a repeat, 31 days later not.
    for id in [a, b.id] {
        s.close_rectification(id, "已整改", &[], "", at(10, 6, 17))
            .unwrap();
        s.accept_rectification(id, "", at(10, 7, 9)).unwrap();
    }
    assert!(
        s.prior_rectification(h.hall, "discipline", "on_time", day(11, 5))
            .unwrap()
            .is_some()
    );
    assert!(
        s.prior_rectification(h.hall, "discipline", "on_time", day(11, 6))
            .unwrap()
            .is_none()
    );
    assert!(
        s.prior_rectifications(h.hall, day(11, 6))
            .unwrap()
            .is_empty()
    );
    let later = h.inspect(day(11, 6), &["on_time"]);
    assert!(!h.of(later, day(11, 6))[0].is_repeat());
    let repeats = s
        .rectifications(
            &RectificationFilter {
                repeat: true,
                ..RectificationFilter::default()
            },
            day(11, 6),
        )
        .unwrap();
    assert_eq!(repeats.len(), 1);
    assert_eq!(repeats[0].id, b.id);
    // Another hall's fail of the same item is no repeat.
    let elsewhere = s.add_hall("城西供电营业厅", Some("T2")).unwrap();
    assert!(
        s.prior_rectification(elsewhere.id, "discipline", "on_time", day(10, 5))
            .unwrap()
            .is_none()
    );
}

#[test]
fn a_fail_fixed_on_the_spot_is_accepted_at_once() {
    let h = hall();
    let s = &h.store;
    let id = h.walk(day(10, 5), &["on_time", "no_leaving_post"], false);
    let row = s.inspection(id).unwrap().templates[0].0;
    s.set_fixed_on_spot(id, row, "on_time", true).unwrap();
    s.set_fixed_on_spot(id, row, "no_leaving_post", true)
        .unwrap();
    s.set_fixed_on_spot(id, row, "no_leaving_post", false)
        .unwrap();
    assert_eq!(s.fixed_on_spot(id).unwrap(), [(row, "on_time".to_owned())]);
    h.submit(id, day(10, 5));
    let fixed = s.rectification(h.one(id, "on_time"), day(10, 9)).unwrap();
    assert_eq!(fixed.row.status, RectificationStatus::Accepted);
    assert_eq!(fixed.row.closed_on, Some(day(10, 5)));
    assert!(!fixed.row.overdue);
    let actions: Vec<_> = fixed.history.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [RectificationAction::Open, RectificationAction::FixOnSpot]
    );
    let open = s
        .rectification(h.one(id, "no_leaving_post"), day(10, 9))
        .unwrap();
    assert_eq!(open.row.status, RectificationStatus::Open);
    // Only a draft takes the mark.
    assert_eq!(
        s.set_fixed_on_spot(id, row, "on_time", false)
            .unwrap_err()
            .kind(),
        StoreErrorKind::Submitted
    );
    let draft = h.walk(day(10, 6), &[], false);
    assert_eq!(
        s.set_fixed_on_spot(draft, 9999, "on_time", true)
            .unwrap_err()
            .kind(),
        StoreErrorKind::NotFound
    );
}

#[test]
fn lists_filter_by_hall_owner_and_status_and_find_by_uuid_prefix() {
    let h = hall();
    let s = &h.store;
    let first = h.walk(day(10, 5), &["on_time", "no_leaving_post"], true);
    h.submit(first, day(10, 5));
    let other = s.add_hall("城西供电营业厅", Some("T2")).unwrap();
    let all = s
        .rectifications(&RectificationFilter::default(), day(10, 5))
        .unwrap();
    assert_eq!(all.len(), 2);
    let by_owner = s
        .rectifications(
            &RectificationFilter {
                owner: Some("王芳".into()),
                ..RectificationFilter::default()
            },
            day(10, 5),
        )
        .unwrap();
    assert_eq!(by_owner.len(), 2);
    assert_eq!(s.rectification_owners(None).unwrap(), ["王芳"]);
    let fix = all[0].id;
    s.close_rectification(fix, "已整改", &[], "", at(10, 6, 9))
        .unwrap();
    let done = s
        .rectifications(
            &RectificationFilter {
                status: Some(RectificationStatus::Done),
                hall_id: Some(h.hall),
                ..RectificationFilter::default()
            },
            day(10, 6),
        )
        .unwrap();
    assert_eq!(done.len(), 1);
    assert!(
        s.rectifications(
            &RectificationFilter {
                hall_id: Some(other.id),
                ..RectificationFilter::default()
            },
            day(10, 6)
        )
        .unwrap()
        .is_empty()
    );
    let uuid = &all[0].uuid;
    assert_eq!(s.rectification_id_by_uuid(uuid).unwrap(), fix);
    assert_eq!(s.rectification_id_by_uuid(&uuid[..8]).unwrap(), fix);
    assert_eq!(
        s.rectification_id_by_uuid("nope").unwrap_err().kind(),
        StoreErrorKind::NotFound
    );
}

#[test]
fn a_version_9_database_migrates_its_rectifications() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v9.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for migration in &schema::MIGRATIONS[..9] {
            conn.execute_batch(migration).unwrap();
        }
        conn.pragma_update(None, "user_version", 9).unwrap();
        conn.execute_batch(
            "INSERT INTO halls (id, uuid, name, created_at) VALUES (1, 'h', '港区营业厅', 'now');
             INSERT INTO inspectors (id, uuid, name) VALUES (1, 'p', '赵督导');
             INSERT INTO templates (id, template_id, version, area, hash, snapshot)
                 VALUES (1, 'discipline', 1, 'discipline', 'x', '{}');
             INSERT INTO inspections (id, uuid, hall_id, inspector_id, inspected_on, shift,
                 started_at, utc_offset_min, submitted_at, status, score, rating, template_ids)
                 VALUES (1, 'i1', 1, 1, '2026-10-01', 'morning', '2026-10-01T01:00:00.000Z',
                         480, '2026-10-01T02:00:00.000Z', 'submitted', 9000, 'excellent',
                         'discipline');
             INSERT INTO rectifications (id, uuid, inspection_id, template_row, item_id, owner,
                 due_on, status, closed_at, note)
                 VALUES (1, 'r1', 1, 1, 'on_time', '王芳', NULL, 'open', NULL, ''),
                        (2, 'r2', 1, 1, 'no_leaving_post', '', '2026-10-02', 'done',
                         '2026-10-02T17:00:00.000Z', '已整改');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::CURRENT_VERSION);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let rows: Vec<(String, String, String, String, Option<String>)> = conn
        .prepare(
            "SELECT uuid, due_on, status, created_at, closed_on FROM rectifications ORDER BY id",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        [
            (
                "r1".to_owned(),
                "2026-10-04".to_owned(),
                "open".to_owned(),
                "2026-10-01T02:00:00.000Z".to_owned(),
                None
            ),
            (
                "r2".to_owned(),
                "2026-10-02".to_owned(),
                "done".to_owned(),
                "2026-10-01T02:00:00.000Z".to_owned(),
                // 17:00 UTC is 01:00 the next day at UTC+8.
                Some("2026-10-03".to_owned())
            ),
        ]
    );
    let events: Vec<(i64, String)> = conn
        .prepare("SELECT rectification_id, action FROM rectification_events ORDER BY rectification_id, id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        events,
        [
            (1, "open".to_owned()),
            (2, "open".to_owned()),
            (2, "close".to_owned())
        ]
    );
    let uuid: String = conn
        .query_row("SELECT uuid FROM rectification_events LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(uuid::Uuid::parse_str(&uuid).is_ok(), "{uuid}");
}

#[test]
fn demo_data_has_rectifications_in_every_state_the_same_for_the_same_seed() {
    let today = day(11, 27);
    let read = |store: &Store| {
        store
            .rectifications(&RectificationFilter::default(), today)
            .unwrap()
    };
    let (_a, first) = support::store::demo_store(3, 60, 1, 500);
    let (_b, second) = support::store::demo_store(3, 60, 1, 500);
    let rows = read(&first);
    let key = |rows: &[hallcheck::store::RectificationRow]| {
        rows.iter()
            .map(|r| {
                (
                    r.uuid.clone(),
                    r.status,
                    r.due_on,
                    r.closed_on,
                    r.repeat_of.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        key(&rows),
        key(&read(&second)),
        "deterministic from the seed"
    );
    assert!(rows.len() > 20, "{}", rows.len());
    for status in RectificationStatus::ALL {
        assert!(rows.iter().any(|r| r.status == status), "{status:?}");
    }
    assert!(rows.iter().any(|r| r.overdue));
    assert!(rows.iter().any(|r| r.is_repeat()));
    assert!(
        rows.iter().all(|r| r.inspected_on >= day(10, 14)),
        "the last 45 days"
    );
    let mut actions = std::collections::BTreeSet::new();
    for row in &rows {
        let detail = first.rectification(row.id, today).unwrap();
        let mut state = None;
        for event in &detail.history {
            assert_eq!(event.from, state);
            state = Some(event.action.apply(event.from, &event.note).unwrap());
            assert_eq!(state, Some(event.to));
            actions.insert(event.action);
        }
        assert_eq!(state, Some(row.status), "{}", row.uuid);
    }
    assert!(actions.contains(&RectificationAction::FixOnSpot));
    assert!(actions.contains(&RectificationAction::Return));
    let counts = first.rectification_counts(today).unwrap();
    assert_eq!(counts.len(), 3);
}
