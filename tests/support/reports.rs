//! A small fixed data set for the report tests, built through the public Store API.
//!
//! Two checklists with caps of 10:
//! - `pre` (班前会): held −2, record −1, drill −2 (each per occurrence; weights 2, 1, 2)
//! - `disc` (劳动纪律): late −2, phone −1 (per person-time), empty_counter (veto, 0); `late` has
//!   the finding (`violation`) 迟到、早退, the others none (their text stands for it)
//!
//! Halls T1, T2, T3 (T3 never inspected). T1 has staff 张三 and 李四.
//!
//! | # | hall | day        | findings                                              | score | rating |
//! |---|------|------------|-------------------------------------------------------|-------|--------|
//! | 1 | T1   | 2026-10-01 | none                                                  | 100   | 优秀   |
//! | 2 | T1   | 2026-10-02 | held ×1 (−2) "未签到"; late ×2 张三 (−4) "迟到2人次"  | 70    | 合格   |
//! | 3 | T1   | 2026-10-05 | drill N/A (pre cap 10 → 6); record ×1 (−1); phone ×1 李四 (−1) | 87.5 | 良好 |
//! | 4 | T1   | 2026-10-09 | empty_counter (veto)                                  | 100   | 不合格 |
//! | 5 | T1   | 2026-10-10 | DRAFT: held ×5 — must never count                     |       |        |
//! | 6 | T1   | 2026-09-20 | held ×1 (−2)                                          | 90    | 优秀   |
//! | 7 | T2   | 2026-10-03 | record ×3 (−3)                                        | 85    | 良好   |
//! | 8 | T2   | 2026-09-15 | none                                                  | 100   | 优秀   |

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use chrono::{FixedOffset, NaiveDate, TimeZone};
use hallcheck::domain::{
    Area, InspectionKind, Item, NaRule, Outcome, Points, RatingBands, Shift, Template, Unit,
};
use hallcheck::store::{AnswerInput, NewInspection, Store};

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn item(id: &str, text: &str, deduction: i64, unit: Unit, veto: bool) -> Item {
    Item {
        id: id.into(),
        text: text.into(),
        text_en: None,
        deduction: Points::from_whole(deduction),
        deduction_max: None,
        value: None,
        bonus: false,
        unit,
        veto,
        photo_required: false,
        guidance: "规则".into(),
        guidance_en: None,
        reasons: Vec::new(),
        violation: None,
        // The figures' fails carry no notes: these checklists take a fail without a reason.
        reason_required: false,
    }
}

pub fn templates() -> Vec<Template> {
    vec![
        Template {
            id: "pre".into(),
            version: 1,
            name: "班前会".into(),
            name_en: None,
            area: Area::PRE_SHIFT,
            points: Points::from_whole(10),
            max_points: None,
            na_rule: NaRule::Scale,
            optional: false,
            items: vec![
                item("held", "按时召开、全员签到", 2, Unit::PerOccurrence, false),
                item("record", "会议记录完整", 1, Unit::PerOccurrence, false),
                item("drill", "礼仪演练", 2, Unit::PerOccurrence, false),
            ],
        },
        Template {
            id: "disc".into(),
            version: 1,
            name: "劳动纪律".into(),
            name_en: None,
            area: Area::DISCIPLINE,
            points: Points::from_whole(10),
            max_points: None,
            na_rule: NaRule::Scale,
            optional: false,
            items: vec![
                Item {
                    violation: Some("迟到、早退".into()),
                    ..item("late", "不迟到、不早退", 2, Unit::PerPersonTime, false)
                },
                item("phone", "不玩手机", 1, Unit::PerPersonTime, false),
                item(
                    "empty_counter",
                    "营业时间空岗",
                    0,
                    Unit::PerOccurrence,
                    true,
                ),
            ],
        },
    ]
}

/// A finding: (template index, item id, outcome, count, note, staff ids).
pub type Finding<'a> = (usize, &'a str, Outcome, u32, &'a str, &'a [i64]);

pub struct Fixture {
    pub store: Store,
    pub t1: i64,
    pub t2: i64,
    pub t3: i64,
    pub zhang: i64,
    pub li: i64,
    /// Row ids of inspections 1–8 in the table above.
    pub inspections: Vec<i64>,
}

pub fn inspect(
    store: &Store,
    templates: &[Template],
    hall: i64,
    day: NaiveDate,
    inspector: &str,
    findings: &[Finding],
    submit: bool,
) -> i64 {
    inspect_kind(
        store,
        templates,
        (hall, InspectionKind::SelfCheck),
        day,
        inspector,
        findings,
        submit,
    )
}

/// [`inspect`], of one kind: `(hall, kind)`.
pub fn inspect_kind(
    store: &Store,
    templates: &[Template],
    (hall, kind): (i64, InspectionKind),
    day: NaiveDate,
    inspector: &str,
    findings: &[Finding],
    submit: bool,
) -> i64 {
    let cst = FixedOffset::east_opt(8 * 3600).unwrap();
    let started = cst
        .from_local_datetime(&day.and_hms_opt(9, 0, 0).unwrap())
        .unwrap();
    let id = store
        .create_inspection(&NewInspection {
            hall_id: hall,
            inspector,
            date: day,
            shift: Shift::Morning,
            kind,
            templates,
            started_at: started,
        })
        .unwrap();
    for (n, template) in templates.iter().enumerate() {
        let row = store.ensure_template(template).unwrap();
        for it in &template.items {
            let found = findings
                .iter()
                .find(|f| f.0 == n && f.1 == it.id)
                .copied()
                .unwrap_or((n, "", Outcome::Pass, 1, "", &[]));
            store
                .save_answer(
                    id,
                    &AnswerInput {
                        template_row: row,
                        item_id: it.id.clone(),
                        outcome: found.2,
                        count: found.3,
                        rate: None,
                        note: found.4.into(),
                        staff_ids: found.5.to_vec(),
                    },
                )
                .unwrap();
        }
    }
    if submit {
        store
            .submit_inspection(
                id,
                &RatingBands::default(),
                started.to_utc() + chrono::Duration::minutes(30),
            )
            .unwrap();
    }
    id
}

pub fn fixture() -> Fixture {
    fixture_in(Store::open_in_memory().unwrap())
}

/// The data set written into `store`.
pub fn fixture_in(store: Store) -> Fixture {
    let templates = templates();
    let t1 = store.add_hall("城东供电营业厅", Some("T1")).unwrap().id;
    let t2 = store.add_hall("城西供电营业厅", Some("T2")).unwrap().id;
    let t3 = store.add_hall("城南供电营业厅", Some("T3")).unwrap().id;
    let zhang = store.add_staff(t1, "张三", None).unwrap().id;
    let li = store.add_staff(t1, "李四", None).unwrap().id;
    let fail = Outcome::Fail;
    let na = Outcome::NotApplicable;
    let i = |hall, day, who, findings: &[Finding], submit| {
        inspect(&store, &templates, hall, day, who, findings, submit)
    };
    let inspections = vec![
        i(t1, d(2026, 10, 1), "甲", &[], true),
        i(
            t1,
            d(2026, 10, 2),
            "乙",
            &[
                (0, "held", fail, 1, "未签到", &[]),
                (1, "late", fail, 2, "迟到2人次", &[zhang]),
            ],
            true,
        ),
        i(
            t1,
            d(2026, 10, 5),
            "甲",
            &[
                (0, "drill", na, 1, "", &[]),
                (0, "record", fail, 1, "", &[]),
                (1, "phone", fail, 1, "", &[li]),
            ],
            true,
        ),
        i(
            t1,
            d(2026, 10, 9),
            "乙",
            &[(1, "empty_counter", fail, 1, "", &[])],
            true,
        ),
        i(
            t1,
            d(2026, 10, 10),
            "甲",
            &[(0, "held", fail, 5, "草稿", &[])],
            false,
        ),
        i(
            t1,
            d(2026, 9, 20),
            "甲",
            &[(0, "held", fail, 1, "", &[])],
            true,
        ),
        i(
            t2,
            d(2026, 10, 3),
            "甲",
            &[(0, "record", fail, 3, "", &[])],
            true,
        ),
        i(t2, d(2026, 9, 15), "甲", &[], true),
    ];
    Fixture {
        store,
        t1,
        t2,
        t3,
        zhang,
        li,
        inspections,
    }
}

/// The data set above, plus inspections of other kinds in October 2026 (all of the 自查
/// above stay as they are):
///
/// | hall | day        | kind     | findings                       | score |
/// |------|------------|----------|--------------------------------|-------|
/// | T1   | 2026-10-12 | 暗访     | held ×1 (−2); late ×1 (−2)     | 80    |
/// | T1   | 2026-10-20 | 暗访     | record ×2 (−2); phone ×3 (−3)  | 75    |
/// | T2   | 2026-10-15 | 暗访     | none                           | 100   |
/// | T3   | 2026-10-16 | 暗访     | held ×1 (−2)                   | 90    |
/// | T2   | 2026-10-21 | 督导检查 | drill ×1 (−2)                  | 90    |
/// | T2   | 2026-10-25 | 暗访     | DRAFT: held ×5 — must never count |    |
///
/// 自查 against 暗访 in October: T1 89.38 (4) − 77.50 (2) = +11.88; T2 85 (1) − 100 (1) =
/// −15; T3 has no 自查 (— , listed last).
pub fn kinds_fixture_in(store: Store) -> Fixture {
    let f = fixture_in(store);
    let templates = templates();
    let fail = Outcome::Fail;
    let unannounced = InspectionKind::Unannounced;
    let i = |hall, kind, day, findings: &[Finding], submit| {
        inspect_kind(
            &f.store,
            &templates,
            (hall, kind),
            day,
            "暗访员",
            findings,
            submit,
        )
    };
    i(
        f.t1,
        unannounced,
        d(2026, 10, 12),
        &[(0, "held", fail, 1, "", &[]), (1, "late", fail, 1, "", &[])],
        true,
    );
    i(
        f.t1,
        unannounced,
        d(2026, 10, 20),
        &[
            (0, "record", fail, 2, "", &[]),
            (1, "phone", fail, 3, "", &[]),
        ],
        true,
    );
    i(f.t2, unannounced, d(2026, 10, 15), &[], true);
    i(
        f.t3,
        unannounced,
        d(2026, 10, 16),
        &[(0, "held", fail, 1, "", &[])],
        true,
    );
    i(
        f.t2,
        InspectionKind::Supervision,
        d(2026, 10, 21),
        &[(0, "drill", fail, 1, "", &[])],
        true,
    );
    i(
        f.t2,
        unannounced,
        d(2026, 10, 25),
        &[(0, "held", fail, 5, "", &[])],
        false,
    );
    f
}

/// [`kinds_fixture_in`] in memory.
pub fn kinds_fixture() -> Fixture {
    kinds_fixture_in(Store::open_in_memory().unwrap())
}
