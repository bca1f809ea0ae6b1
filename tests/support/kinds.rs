//! A template with every kind of item real assessment tables need: an item's own value, a
//! ranged deduction, and bonus items over a base with a maximum; and a month of the built-in
//! checklists with a bonus item in 督导制.

use hallcheck::checklist::parse_template;
use hallcheck::domain::{Area, Item, Outcome, Points, Template, Unit};
use hallcheck::store::Store;

use super::reports::{d, inspect};

/// A county service centre's window table, cut down: 20 points, up to 24 with bonus.
pub const WINDOW: &str = r#"id = "window_service"
version = 1
name = "窗口服务"
area = "supervision"
points = 20
max_points = 24

[[items]]
id = "attitude"
text = "服务态度热情、规范"
deduction = 2
value = 6
unit = "per_person_time"
guidance = "得6分，每人次扣2分，扣完为止"

[[items]]
id = "queue"
text = "排队超时及时分流"
deduction = 3
deduction_max = 5
unit = "per_occurrence"
guidance = "排队超过10分钟未分流，酌情扣3–5分"

[[items]]
id = "records"
text = "业务资料归档完整"
deduction = 0.2
value = 2
unit = "per_place"
guidance = "得2分，每处缺漏扣0.2分"

[[items]]
id = "signage"
text = "标识标牌完好"
deduction = 1
unit = "per_place"
guidance = "每处扣1分"

[[items]]
id = "praise"
text = "收到客户表扬"
deduction = 1
value = 3
bonus = true
unit = "per_occurrence"
guidance = "每件加1分，最多加3分"

[[items]]
id = "award"
text = "获得上级表彰"
deduction = 2
bonus = true
unit = "per_occurrence"
guidance = "获市级以上表彰加2分"
"#;

/// The window table, read.
pub fn window() -> Template {
    parse_template("window.toml", WINDOW.as_bytes()).unwrap()
}

/// The built-in checklists in area order, without photo requirements, with 督导制 (cap 10)
/// given a bonus item: up to 12 with 加分 for customer praise, +1 each
/// ([`supervision_with_bonus`]).
pub fn builtins_with_bonus() -> Vec<Template> {
    let (loaded, problems) = hallcheck::checklist::builtin();
    assert!(problems.is_empty(), "{problems:?}");
    let mut templates: Vec<Template> = loaded
        .into_iter()
        .map(|l| l.template)
        .filter(|t| !t.optional)
        .map(|t| {
            if t.area == Area::SUPERVISION {
                supervision_with_bonus()
            } else {
                t
            }
        })
        .collect();
    templates.sort_by_key(|t| t.area);
    for item in templates.iter_mut().flat_map(|t| &mut t.items) {
        item.photo_required = false;
    }
    templates
}

/// The built-in 督导制 (cap 10) with a bonus item `praise` (收到客户表扬, +1 each) and room for
/// 2 points of bonus (`max_points` 12).
pub fn supervision_with_bonus() -> Template {
    let mut template = super::store::builtin("supervision");
    template.max_points = Some(Points::from_whole(12));
    template.items.push(Item {
        id: "praise".into(),
        text: "收到客户表扬".into(),
        text_en: None,
        deduction: Points::from_whole(1),
        deduction_max: None,
        value: None,
        bonus: true,
        unit: Unit::PerOccurrence,
        veto: false,
        photo_required: false,
        guidance: "每件加1分，最多加2分".into(),
        guidance_en: None,
        reasons: Vec::new(),
        violation: None,
        reason_required: false,
    });
    template
}

/// May 2026 of `hall`, with bonus, in the checklists of [`builtins_with_bonus`]:
///
/// | day   | checklists | findings                                                        |
/// |-------|------------|-----------------------------------------------------------------|
/// | 05-06 | all eight  | 督导制: check_sheet_signed ×1 (−1), praise ×3 (+3, stopped at the room: +2) |
/// | 05-20 | 督导制     | praise ×1 (+1)                                                  |
///
/// The inspections score 101 (10 − 1 + 2 = 11 of 10 in 督导制, the rest in full) and 110
/// (11 of 10). 督导制 over the month: 应得 20, 实得 22, of which 3 bonus; 得分 10 × 22 ÷ 20 = 11,
/// 扣分 10 − 10 × 19 ÷ 20 = 0.5, 加分 11 − 9.5 = 1.5. The month's score 100 − 0.5 + 1.5 = 101.
/// Returns the two inspections' ids.
pub fn bonus_may(store: &Store, hall: i64) -> (i64, i64) {
    let all = builtins_with_bonus();
    let at = all
        .iter()
        .position(|t| t.area == Area::SUPERVISION)
        .unwrap();
    let first = inspect(
        store,
        &all,
        hall,
        d(2026, 5, 6),
        "甲",
        &[
            (at, "check_sheet_signed", Outcome::Fail, 1, "未签字", &[]),
            (at, "praise", Outcome::Pass, 3, "", &[]),
        ],
        true,
    );
    let second = inspect(
        store,
        &[supervision_with_bonus()],
        hall,
        d(2026, 5, 20),
        "甲",
        &[(0, "praise", Outcome::Pass, 1, "", &[])],
        true,
    );
    (first, second)
}
