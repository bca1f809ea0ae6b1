//! The strings of rectifications (整改): the 整改 screen, Today's reminders, the walk's
//! 当场整改 and 重复问题, and the rule in Settings. A table of its own ([`RectTr`], reached as
//! `tr.rect`), both languages side by side.

use chrono::NaiveDate;

use crate::domain::{RectificationAction, RectificationStatus};

use super::Lang;

/// The UI strings of rectifications in one language.
#[derive(Debug)]
pub struct RectTr {
    /// Navigation: the rectifications screen.
    pub nav: &'static str,
    /// The screen's heading.
    pub heading: &'static str,
    /// Column: the day the problem was found.
    pub found_on: &'static str,
    /// Column: the reason (扣分原因).
    pub reason: &'static str,
    /// Column and label: the owner (责任人).
    pub owner: &'static str,
    /// Column: the deadline (整改时限).
    pub due: &'static str,
    /// Column: repeat problem, short.
    pub repeat_short: &'static str,
    /// A repeat problem (重复问题).
    pub repeat: &'static str,
    /// Overdue, after a status.
    pub overdue: &'static str,
    /// Due today, after a status.
    pub due_today: &'static str,
    /// Fixed, waiting for acceptance.
    pub awaiting: &'static str,
    /// Filter: overdue only.
    pub overdue_only: &'static str,
    /// Nothing matches the filter.
    pub none: &'static str,
    /// Nothing selected yet.
    pub choose: &'static str,
    /// The history of moves.
    pub history: &'static str,
    /// The answer's photos.
    pub before: &'static str,
    /// The close's photos.
    pub after: &'static str,
    /// No photos.
    pub no_photos: &'static str,
    /// Label: who makes the move.
    pub by: &'static str,
    /// Label: what was done (a close's note).
    pub close_note: &'static str,
    /// Button: report fixed.
    pub close_button: &'static str,
    /// A close needs a note.
    pub close_needs_note: &'static str,
    /// Button: add an after-photo.
    pub add_after_photo: &'static str,
    /// After-photos chosen, sent with the close.
    pub after_pending: &'static str,
    /// Button: accept.
    pub accept_button: &'static str,
    /// Label: why it is returned.
    pub return_reason: &'static str,
    /// Button: return.
    pub return_button: &'static str,
    /// A return needs a reason.
    pub return_needs_reason: &'static str,
    /// Label: the new deadline.
    pub new_due: &'static str,
    /// Button: reschedule.
    pub reschedule_button: &'static str,
    /// The deadline typed is not a day.
    pub bad_day: &'static str,
    /// Label: the new owner (empty: the hall manager).
    pub new_owner: &'static str,
    /// Button: reassign.
    pub reassign_button: &'static str,
    /// Hint under the new owner: empty means the hall manager.
    pub new_owner_hint: &'static str,
    /// Accepted: nothing left to do.
    pub closed_loop: &'static str,
    /// The owner shown when none is named.
    pub hall_manager: &'static str,
    /// The keys of the screen.
    pub keys_hint: &'static str,
    /// The inspection that found it, and its inspector.
    pub found_by: &'static str,
    /// Today: the heading of the reminders.
    pub today_heading: &'static str,
    /// Today: a hall's button hint.
    pub today_open_hint: &'static str,
    /// Today: no rectification waits.
    pub today_none: &'static str,
    /// Walk: fixed on the spot.
    pub fixed_on_spot: &'static str,
    /// Walk: what fixed on the spot does.
    pub fixed_on_spot_hint: &'static str,
    /// Walk: the photos of an item fixed on the spot.
    pub spot_after_photos: &'static str,
    /// Walk: where those photos go.
    pub spot_after_hint: &'static str,
    /// Walk: after-photos of an item no longer a fail fixed on the spot.
    pub spot_after_kept: &'static str,
    /// Settings: the rule's heading.
    pub rule_heading: &'static str,
    /// Settings: every failed item opens one.
    pub scope_every: &'static str,
    /// Settings: veto items and deductions of at least N points.
    pub scope_least: &'static str,
    /// Settings: points, after the threshold.
    pub points: &'static str,
    /// Settings: the deadline in days.
    pub deadline_days: &'static str,
    /// Settings: a veto item's deadline in days.
    pub veto_deadline_days: &'static str,
    /// Settings: the numbers typed do not make a rule.
    pub rule_invalid: &'static str,
    /// Settings: what the rule does.
    pub rule_hint: &'static str,
    /// Settings: save the rule.
    pub rule_save: &'static str,
}

pub(super) const RECT_ZH: RectTr = RectTr {
    nav: "整改",
    heading: "整改跟踪",
    found_on: "发现日期",
    reason: "扣分原因",
    owner: "责任人",
    due: "整改时限",
    repeat_short: "重复",
    repeat: "重复问题",
    overdue: "已逾期",
    due_today: "今日到期",
    awaiting: "待验收",
    overdue_only: "只看逾期",
    none: "没有符合条件的整改单",
    choose: "在上方列表中选择一条整改单，查看详情并处理",
    history: "处理记录",
    before: "整改前",
    after: "整改后",
    no_photos: "无照片",
    by: "处理人",
    close_note: "整改情况",
    close_button: "已整改（Ctrl+Enter）",
    close_needs_note: "请先填写整改情况",
    add_after_photo: "添加整改后照片…",
    after_pending: "随整改提交的照片",
    accept_button: "验收通过（Ctrl+Enter）",
    return_reason: "退回原因",
    return_button: "退回",
    return_needs_reason: "退回须填写原因",
    new_due: "新的整改时限",
    reschedule_button: "改期",
    bad_day: "日期格式应为 YYYY-MM-DD",
    new_owner: "新的责任人",
    reassign_button: "改责任人",
    new_owner_hint: "留空表示由营业厅负责人整改",
    closed_loop: "已验收，整改闭环",
    hall_manager: "营业厅负责人",
    keys_hint: "↑ / ↓ 选择整改单 · Ctrl+Enter 已整改或验收通过",
    found_by: "发现于",
    today_heading: "整改提醒",
    today_open_hint: "查看该营业厅的整改单",
    today_none: "没有待整改或待验收的整改单",
    fixed_on_spot: "当场整改",
    fixed_on_spot_hint: "提交时整改单直接验收",
    spot_after_photos: "整改后照片",
    spot_after_hint: "提交时存入整改单",
    spot_after_kept: "未勾选当场整改：提交时作为本项的检查照片保存",
    rule_heading: "整改规则",
    scope_every: "每个不符合项都下发整改单",
    scope_least: "只对否决项和扣分不少于",
    points: "分的项下发",
    deadline_days: "整改时限（天）",
    veto_deadline_days: "否决项整改时限（天）",
    rule_invalid: "天数应为 0–365 的整数，分数应为不小于 0 的数",
    rule_hint: "规则只用于之后提交的检查，已下发的整改单不变",
    rule_save: "保存整改规则",
};

pub(super) const RECT_EN: RectTr = RectTr {
    nav: "Fixes",
    heading: "Rectifications",
    found_on: "Found",
    reason: "Reason",
    owner: "Owner",
    due: "Deadline",
    repeat_short: "Repeat",
    repeat: "Repeat problem",
    overdue: "overdue",
    due_today: "due today",
    awaiting: "to accept",
    overdue_only: "Overdue only",
    none: "No rectification matches",
    choose: "Choose a rectification in the list above to see and handle it",
    history: "History",
    before: "Before",
    after: "After",
    no_photos: "No photos",
    by: "By",
    close_note: "What was done",
    close_button: "Fixed (Ctrl+Enter)",
    close_needs_note: "Say what was done first",
    add_after_photo: "Add after-photo…",
    after_pending: "Photos sent with the fix",
    accept_button: "Accept (Ctrl+Enter)",
    return_reason: "Reason to return",
    return_button: "Return",
    return_needs_reason: "A return needs a reason",
    new_due: "New deadline",
    reschedule_button: "Reschedule",
    bad_day: "Type the day as YYYY-MM-DD",
    new_owner: "New owner",
    reassign_button: "Reassign",
    new_owner_hint: "Empty: the hall manager fixes it",
    closed_loop: "Accepted: the loop is closed",
    hall_manager: "hall manager",
    keys_hint: "↑ / ↓ choose · Ctrl+Enter fixed or accept",
    found_by: "Found by",
    today_heading: "Rectifications",
    today_open_hint: "Show this hall's rectifications",
    today_none: "No rectification is open or waiting for acceptance",
    fixed_on_spot: "Fixed on the spot",
    fixed_on_spot_hint: "its rectification is accepted on submit",
    spot_after_photos: "After-photos",
    spot_after_hint: "saved to the rectification on submit",
    spot_after_kept: "Not fixed on the spot: kept as this item's photos on submit",
    rule_heading: "Rectification rule",
    scope_every: "Every failed item opens one",
    scope_least: "Only veto items and deductions of at least",
    points: "points",
    deadline_days: "Deadline (days)",
    veto_deadline_days: "Veto item deadline (days)",
    rule_invalid: "Days are whole numbers 0–365; the points a number not below 0",
    rule_hint: "The rule applies to inspections submitted from now on; open rectifications keep theirs",
    rule_save: "Save the rule",
};

impl Lang {
    /// A rectification's state: 待整改 / 已整改 / 已验收.
    pub fn rect_status(self, status: RectificationStatus) -> &'static str {
        match self {
            Lang::Zh => status.name_zh(),
            Lang::En => status.name_en(),
        }
    }

    /// A move in a rectification's history.
    pub fn rect_action(self, action: RectificationAction) -> &'static str {
        if self == Lang::Zh {
            return action.name_zh();
        }
        match action {
            RectificationAction::Open => "opened",
            RectificationAction::FixOnSpot => "fixed on the spot",
            RectificationAction::Close => "reported fixed",
            RectificationAction::Accept => "accepted",
            RectificationAction::Return => "returned",
            RectificationAction::Reschedule => "new deadline",
            RectificationAction::Reassign => "new owner",
        }
    }

    /// How many rectifications a list holds.
    pub fn rect_count(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("共 {n} 条"),
            Lang::En => format!("{n} in all"),
        }
    }

    /// A figure of Today's reminders: "逾期 2" / "2 overdue".
    pub fn rect_figure(self, label: &str, n: u32) -> String {
        match self {
            Lang::Zh => format!("{label} {n}"),
            Lang::En => format!("{n} {label}"),
        }
    }

    /// The walk's 重复问题 badge: the earlier rectification it repeats.
    pub fn repeat_of(self, day: NaiveDate, status: RectificationStatus) -> String {
        let status = self.rect_status(status);
        match self {
            Lang::Zh => format!("重复问题：{day} 的整改单{status}"),
            Lang::En => format!("Repeat problem: the rectification of {day} is {status}"),
        }
    }

    /// The owner as shown: the name, or the hall manager when none is named.
    pub fn rect_owner(self, owner: &str) -> &str {
        if owner.trim().is_empty() {
            self.tr().rect.hall_manager
        } else {
            owner
        }
    }
}
