//! The UI language and the texts built from numbers and names, Chinese and English side by
//! side.

use crate::domain::{
    Area, InspectionKind, MoneyRule, Outcome, Rating, RectificationStatus, Shift, Status,
    Timeliness, Unit,
};
use crate::report::{MonthRectification, MonthRectifications, percent};
use crate::store::{MergeCounts, SubmitRefusal};

use super::Tr;

/// The language of the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// 中文 (the default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Both languages, in the order the Settings screen offers them.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The language a saved `english` flag stands for.
    pub fn from_english(english: bool) -> Lang {
        if english { Lang::En } else { Lang::Zh }
    }

    /// English UI.
    pub fn is_english(self) -> bool {
        self == Lang::En
    }

    /// The language's own name, as the Settings screen offers it.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
        }
    }

    /// The string table.
    pub fn tr(self) -> &'static Tr {
        match self {
            Lang::Zh => &super::zh::ZH,
            Lang::En => &super::en::EN,
        }
    }

    /// A rating's name.
    pub fn rating(self, rating: Rating) -> &'static str {
        match self {
            Lang::Zh => rating.name_zh(),
            Lang::En => rating.name_en(),
        }
    }

    /// An answer's name.
    pub fn outcome(self, outcome: Outcome) -> &'static str {
        match self {
            Lang::Zh => outcome.name_zh(),
            Lang::En => outcome.name_en(),
        }
    }

    /// A shift's name.
    pub fn shift(self, shift: Shift) -> &'static str {
        match self {
            Lang::Zh => shift.name_zh(),
            Lang::En => shift.name_en(),
        }
    }

    /// An inspection kind's name: 自查, 督导检查, 暗访, 第三方.
    pub fn kind(self, kind: InspectionKind) -> &'static str {
        match self {
            Lang::Zh => kind.name_zh(),
            Lang::En => kind.name_en(),
        }
    }

    /// An inspection kind's name where there is room to say what it is: 暗访（神秘顾客）.
    pub fn kind_long(self, kind: InspectionKind) -> &'static str {
        match (self, kind) {
            (Lang::Zh, InspectionKind::Unannounced) => "暗访（神秘顾客）",
            (Lang::En, InspectionKind::Unannounced) => "Unannounced (mystery shopper)",
            _ => self.kind(kind),
        }
    }

    /// An inspection status's name.
    pub fn status(self, status: Status) -> &'static str {
        match self {
            Lang::Zh => status.name_zh(),
            Lang::En => status.name_en(),
        }
    }

    /// An area's name.
    pub fn area(self, area: Area) -> &'static str {
        match self {
            Lang::Zh => area.name_zh(),
            Lang::En => area.name_en(),
        }
    }

    /// What an item's deduction counts: 处, 人次 or their English words.
    pub fn counter(self, unit: Unit) -> &'static str {
        match self {
            Lang::Zh => unit.counter_zh(),
            Lang::En => unit.counter_en(),
        }
    }

    /// "已答 12 / 55".
    pub fn progress(self, answered: usize, total: usize) -> String {
        match self {
            Lang::Zh => format!("已答 {answered} / {total}"),
            Lang::En => format!("{answered} / {total} answered"),
        }
    }

    /// The refusal heading with counts.
    pub fn refusal_summary(self, refusal: &SubmitRefusal) -> String {
        let (unanswered, photos, reasons) = (
            refusal.unanswered.len(),
            refusal.missing_photos.len(),
            refusal.missing_reasons.len(),
        );
        match self {
            Lang::Zh => format!(
                "{unanswered} 项未作答，{photos} 项不符合缺少照片，{reasons} 项不符合缺少扣分原因"
            ),
            Lang::En => format!(
                "{unanswered} item(s) unanswered, {photos} failed item(s) without a photo, \
                 {reasons} without a reason"
            ),
        }
    }

    /// The notes that could not be saved to a damaged database went to `file`.
    pub fn notes_kept_aside(self, file: &str) -> String {
        match self {
            Lang::Zh => format!("数据库已损坏，未能保存的备注已另存到：{file}"),
            Lang::En => format!("The database is damaged; the notes not saved went to {file}"),
        }
    }

    /// A submitted inspection's result line.
    pub fn submitted_line(self, score: &str, rating: &str) -> String {
        match self {
            Lang::Zh => format!("已提交：{score} 分，{rating}"),
            Lang::En => format!("Submitted: {score} points, {rating}"),
        }
    }

    /// What the tamper check found about one record.
    pub fn finding(self, finding: &crate::store::chain::Finding) -> String {
        use crate::store::chain::{Finding, Sealed};
        let kind = |k: &Sealed| match (self, k) {
            (Lang::Zh, Sealed::Inspection | Sealed::SignOff) => "检查记录",
            (Lang::Zh, Sealed::Amendment) => "修改记录",
            (Lang::Zh, Sealed::RectificationMove | Sealed::Withdrawal) => "整改记录",
            (Lang::En, Sealed::Inspection | Sealed::SignOff) => "inspection",
            (Lang::En, Sealed::Amendment) => "amendment",
            (Lang::En, Sealed::RectificationMove | Sealed::Withdrawal) => "rectification",
        };
        match (self, finding) {
            (Lang::Zh, Finding::Changed { kind: k, uuid }) => {
                format!("{} {uuid}：在本程序之外被改动", kind(k))
            }
            (Lang::Zh, Finding::Unsealed { kind: k, uuid }) => {
                format!("{} {uuid}：在本程序之外被添加（不在哈希链中）", kind(k))
            }
            (Lang::Zh, Finding::Missing { kind: k, uuid }) => {
                format!("{} {uuid}：在本程序之外被删除", kind(k))
            }
            (Lang::Zh, Finding::Broken { seq, uuid }) => {
                format!("哈希链第 {seq} 条（{uuid}）：哈希链在此处被改动")
            }
            (Lang::En, f) => f.to_string(),
        }
    }

    /// One amendment of an inspection: "第1次 · 2026-10-06 10:30 · 王主任：原因".
    pub fn amendment_line(self, seq: u32, at: &str, by: &str, reason: &str) -> String {
        match self {
            Lang::Zh => format!("第{seq}次 · {at} · {by}：{reason}"),
            Lang::En => format!("No. {seq} · {at} · {by}: {reason}"),
        }
    }

    /// "已导出 12 条检查记录".
    pub fn exported_count(self, inspections: u64) -> String {
        match self {
            Lang::Zh => format!("已导出 {inspections} 条检查记录"),
            Lang::En => format!("{inspections} inspection(s) exported"),
        }
    }

    /// What a sync did: records sent, taken, refused.
    pub fn sync_summary(self, pushed: u64, pulled: u64, refused: u64) -> String {
        match (self, refused) {
            (Lang::Zh, 0) => format!("上传 {pushed} 条，下载 {pulled} 条"),
            (Lang::Zh, r) => format!("上传 {pushed} 条，下载 {pulled} 条，{r} 条未同步"),
            (Lang::En, 0) => format!("{pushed} record(s) sent, {pulled} taken"),
            (Lang::En, r) => format!("{pushed} record(s) sent, {pulled} taken, {r} not synced"),
        }
    }

    /// What stopped a sync, by `SyncError::code`, and what to do.
    pub fn sync_problem(self, code: &str) -> &'static str {
        match (self, code) {
            (Lang::Zh, "bad_url") => "服务器地址的写法不对，请在“设置 → 区县服务器”中改正",
            (Lang::Zh, "unreachable") => "连不上服务器。记录仍在本机，下次同步时补上",
            (Lang::Zh, "login") => "服务器拒绝登录：用户名或密码不对",
            (Lang::Zh, "tls") => "服务器要求加密连接：在地址后加上 ?sslmode=require",
            (Lang::Zh, "no_schema") => {
                "服务器上还没有巡查数据：请管理员先运行 hallcheck server init"
            }
            (Lang::Zh, "newer") => "服务器的数据版本比本程序新：请先升级 HallCheck",
            (Lang::Zh, "forbidden") => "服务器不允许本机的账号做这项操作",
            (Lang::Zh, _) => "同步没有完成，本机记录未受影响",
            (Lang::En, "bad_url") => {
                "The server address is not written right: correct it in Settings → District server"
            }
            (Lang::En, "unreachable") => {
                "Cannot reach the server. The records stay on this PC; the next sync catches up"
            }
            (Lang::En, "login") => "The server refused the login: wrong user name or password",
            (Lang::En, "tls") => {
                "The server wants an encrypted connection: add ?sslmode=require to the address"
            }
            (Lang::En, "no_schema") => {
                "The server has no HallCheck data yet: ask its administrator to run hallcheck server init"
            }
            (Lang::En, "newer") => {
                "The server's data is newer than this program: update HallCheck first"
            }
            (Lang::En, "forbidden") => "The server does not allow this PC's account to do this",
            (Lang::En, _) => "The sync did not finish; nothing on this PC was changed",
        }
    }

    /// What an import counted, e.g. "检查 3 · 照片 2 · 营业厅 1".
    pub fn merge_counts(self, c: &MergeCounts) -> String {
        let parts: [(&str, &str, u64); 8] = [
            ("检查", "inspections", c.inspections),
            ("照片", "photos", c.photos),
            ("整改", "rectifications", c.rectifications),
            ("营业厅", "halls", c.halls),
            ("人员", "staff", c.staff),
            ("检查人", "inspectors", c.inspectors),
            ("模板", "templates", c.templates),
            ("日志", "audit entries", c.audit),
        ];
        parts
            .iter()
            .map(|(zh, en, n)| match self {
                Lang::Zh => format!("{zh} {n}"),
                Lang::En => format!("{n} {en}"),
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// A calendar month's title: "2026年10月" / "October 2026".
    pub fn month_title(self, month: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        match self {
            Lang::Zh => format!("{}年{}月", month.year(), month.month()),
            Lang::En => month.format("%B %Y").to_string(),
        }
    }

    /// A checklist with its points: "班前会 10分" / "Pre-shift meeting (10 pts)".
    pub fn checklist_points(self, name: &str, points: &str) -> String {
        match self {
            Lang::Zh => format!("{name} {points}分"),
            Lang::En => format!("{name} ({points} pts)"),
        }
    }

    /// An open draft matches the inspection about to start.
    pub fn draft_exists(self, answered: u32) -> String {
        match self {
            Lang::Zh => {
                format!(
                    "已有同一营业厅、同一天、同班次、同类型、同样检查表的草稿（已答 {answered} 项）"
                )
            }
            Lang::En => format!(
                "A draft of this hall, day, shift, kind and checklists is open ({answered} answered)"
            ),
        }
    }

    /// What one occurrence of an item is, for the unit chooser: "每处" / "per place".
    pub fn per_unit(self, unit: Unit) -> &'static str {
        match (self, unit) {
            (Lang::Zh, Unit::PerOccurrence) => "每次",
            (Lang::Zh, Unit::PerPlace) => "每处",
            (Lang::Zh, Unit::PerPersonTime) => "每人次",
            (Lang::En, Unit::PerOccurrence) => "per occurrence",
            (Lang::En, Unit::PerPlace) => "per place",
            (Lang::En, Unit::PerPersonTime) => "per person-time",
        }
    }

    /// The money rule under the monthly sheet: in Chinese the printed footnote's words.
    pub fn money_rule(self, rule: &MoneyRule) -> String {
        if self == Lang::Zh {
            return crate::report::money::rule_zh(rule);
        }
        let mut text = match rule.per_point {
            Some(rate) => format!("Amounts (yuan): {} per point deducted", rate.short_text()),
            None => "Amounts (yuan): points cost nothing".to_owned(),
        };
        if rule.fixed.is_empty() {
            text.push_str("; an area's amount = its deducted points × the rate");
        } else {
            text.push_str(
                "; items marked 定额 in the reasons cost their fixed amount per occurrence \
                 (person-time) instead. An area's amount = its fixed-amount items + deducted × \
                 (points its other items deducted ÷ points all its items deducted) × the rate",
            );
        }
        text.push_str(
            "; the total is the areas' amounts summed; a person's amount = the points booked \
             to them × the rate",
        );
        if !rule.fixed.is_empty() {
            text.push_str(" (fixed-amount items: person-times × the amount)");
        }
        text.push('.');
        text
    }

    /// An item by its number in the checklist: "第 3 项" / "Item 3".
    pub fn item_number(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("第 {n} 项"),
            Lang::En => format!("Item {n}"),
        }
    }

    /// Where and as what an edited checklist will be saved.
    pub fn saves_as(self, version: u32, folder: &std::path::Path) -> String {
        match self {
            Lang::Zh => format!("保存为第 {version} 版，存入 {}", folder.display()),
            Lang::En => format!("Saved as version {version} in {}", folder.display()),
        }
    }

    /// The question before an item is removed from a draft.
    pub fn remove_item_question(self, n: usize, text: &str) -> String {
        match self {
            Lang::Zh => {
                format!("删除第 {n} 项“{text}”？保存后新的检查不再有此项，已有检查记录不变。")
            }
            Lang::En => format!(
                "Remove item {n} “{text}”? Once saved, new inspections no longer have it; past ones stay as they are."
            ),
        }
    }

    /// An edited checklist was saved.
    pub fn checklist_saved(self, path: &std::path::Path, version: u32) -> String {
        match self {
            Lang::Zh => format!(
                "已保存到 {}（第 {version} 版），新的检查从现在起使用这一版。",
                path.display()
            ),
            Lang::En => format!(
                "Saved to {} (version {version}); new inspections use it from now on.",
                path.display()
            ),
        }
    }

    /// An edited checklist was saved but another file of its id is in use.
    pub fn checklist_not_in_use(self, path: &std::path::Path) -> String {
        match self {
            Lang::Zh => format!(
                "已保存到 {}，但未生效：请看“模板”页列出的问题。",
                path.display()
            ),
            Lang::En => format!(
                "Saved to {}, but it is not in use: see the problems on the Checklists screen.",
                path.display()
            ),
        }
    }

    /// A remark in brackets after a name: "城东营业厅（已归档）" / "East hall (archived)".
    pub fn bracketed(self, name: &str, remark: &str) -> String {
        match self {
            Lang::Zh => format!("{name}（{remark}）"),
            Lang::En => format!("{name} ({remark})"),
        }
    }

    /// The question before a hall or staff member is archived.
    pub fn archive_question(self, name: &str) -> String {
        match self {
            Lang::Zh => {
                format!("归档“{name}”？归档后不再出现在新的检查中，已有记录保留，可随时恢复。")
            }
            Lang::En => format!(
                "Archive “{name}”? It no longer appears in new inspections; its records stay, and it can be restored at any time."
            ),
        }
    }

    /// A label and its value: "数据库：D:\\hallcheck.db" / "Database: D:\\hallcheck.db".
    pub fn labelled(self, label: &str, value: impl std::fmt::Display) -> String {
        match self {
            Lang::Zh => format!("{label}：{value}"),
            Lang::En => format!("{label}: {value}"),
        }
    }

    /// The question before a draft is deleted.
    pub fn discard_question(self, hall: &str, when: &str, answered: u32) -> String {
        match self {
            Lang::Zh => format!(
                "删除“{hall}”{when}的草稿？已答的 {answered} 项和照片将一并删除，无法恢复。"
            ),
            Lang::En => format!(
                "Delete the draft of “{hall}” on {when}? Its {answered} answers and photos are deleted for good."
            ),
        }
    }

    /// A rectification's state in a month's list: the sheet's words in Chinese
    /// ([`MonthRectification::state_zh`]), their like in English.
    pub fn month_rectification_state(self, line: &MonthRectification) -> String {
        if self == Lang::Zh {
            return line.state_zh.clone();
        }
        let row = &line.row;
        if row.fixed_on_spot {
            return "fixed on the spot".to_owned();
        }
        let state = match row.status {
            RectificationStatus::Open => "open",
            RectificationStatus::Done => "fixed",
            RectificationStatus::Accepted => "accepted",
        };
        if line.overdue_days > 0 {
            format!("{state} ({} days overdue)", line.overdue_days)
        } else if !row.status.is_open() && line.timeliness == Timeliness::Late {
            format!("{state} (late)")
        } else {
            state.to_owned()
        }
    }

    /// The summary line of a month's rectifications: the sheet's in Chinese
    /// ([`MonthRectifications::summary_zh`]), its like in English.
    pub fn month_rectification_summary(self, month: &MonthRectifications) -> String {
        if self == Lang::Zh {
            return month.summary_zh();
        }
        if month.lines.is_empty() {
            return "No rectifications this month".to_owned();
        }
        let mut text = format!("{}, {} accepted", month.total(), month.accepted);
        if month.fixed_on_spot > 0 {
            text.push_str(&format!(" ({} on the spot)", month.fixed_on_spot));
        }
        text.push_str(&format!(
            ", {} fixed awaiting acceptance, {} open",
            month.awaiting_acceptance, month.open
        ));
        if month.overdue > 0 {
            text.push_str(&format!(" ({} overdue)", month.overdue));
        }
        let rate = month
            .rate()
            .map_or_else(|| "— (none due yet)".to_owned(), percent);
        text.push_str(&format!(", on time {rate}"));
        text
    }
}
