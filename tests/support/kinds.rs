//! A template with every kind of item real assessment tables need: an item's own value, a
//! ranged deduction, and bonus items over a base with a maximum.

use hallcheck::checklist::parse_template;
use hallcheck::domain::Template;

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
