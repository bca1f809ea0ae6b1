//! Every string the UI shows, in Chinese (the default) and English: the string tables are
//! structs with one field per string ([`Tr`], [`DataTr`], [`ReportTr`]), filled in `zh.rs` and
//! `en.rs`, so a missing translation is a compile error; texts built from numbers are methods
//! of [`Lang`], both languages side by side.

mod en;
mod zh;

use crate::domain::{Area, Outcome, Rating, Unit};
use crate::store::{MergeCounts, Shift, Status};

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
            Lang::Zh => &zh::ZH,
            Lang::En => &en::EN,
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
    pub fn refusal_summary(self, unanswered: usize, missing_photos: usize) -> String {
        match self {
            Lang::Zh => format!("{unanswered} 项未作答，{missing_photos} 项不合格缺少照片"),
            Lang::En => format!(
                "{unanswered} item(s) unanswered, {missing_photos} failed item(s) without a photo"
            ),
        }
    }

    /// A submitted inspection's result line.
    pub fn submitted_line(self, score: &str, rating: &str) -> String {
        match self {
            Lang::Zh => format!("已提交：{score} 分，{rating}"),
            Lang::En => format!("Submitted: {score} points, {rating}"),
        }
    }

    /// "已导出 12 条巡查记录".
    pub fn exported_count(self, inspections: u64) -> String {
        match self {
            Lang::Zh => format!("已导出 {inspections} 条巡查记录"),
            Lang::En => format!("{inspections} inspection(s) exported"),
        }
    }

    /// What an import counted, e.g. "巡查 3 · 照片 2 · 营业厅 1".
    pub fn merge_counts(self, c: &MergeCounts) -> String {
        let parts: [(&str, &str, u64); 7] = [
            ("巡查", "inspections", c.inspections),
            ("照片", "photos", c.photos),
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
}

/// The UI strings of one language.
#[derive(Debug)]
pub struct Tr {
    /// Window title.
    pub app_title: &'static str,
    /// The program's name, above the navigation.
    pub app_name: &'static str,
    /// What the program does, under its name.
    pub app_subtitle: &'static str,
    /// Navigation: today.
    pub nav_today: &'static str,
    /// Navigation: inspect.
    pub nav_inspect: &'static str,
    /// Navigation: history.
    pub nav_history: &'static str,
    /// Navigation: trends.
    pub nav_trends: &'static str,
    /// Navigation: ranking.
    pub nav_ranking: &'static str,
    /// Navigation: monthly sheet.
    pub nav_monthly: &'static str,
    /// Navigation: halls.
    pub nav_halls: &'static str,
    /// Navigation: checklists.
    pub nav_checklists: &'static str,
    /// Navigation: settings.
    pub nav_settings: &'static str,
    /// Status bar: database.
    pub status_db: &'static str,
    /// Status bar: saved at.
    pub status_saved: &'static str,
    /// Status bar: nothing saved yet.
    pub status_ready: &'static str,
    /// Error banner dismiss.
    pub dismiss: &'static str,
    /// Full-window error heading.
    pub open_failed: &'static str,
    /// Full-window error hint.
    pub open_failed_hint: &'static str,
    /// A generic label: hall.
    pub hall: &'static str,
    /// Inspector.
    pub inspector: &'static str,
    /// Date.
    pub date: &'static str,
    /// Shift.
    pub shift: &'static str,
    /// Score.
    pub score: &'static str,
    /// Rating.
    pub rating: &'static str,
    /// Status.
    pub status: &'static str,
    /// Checklists.
    pub checklists: &'static str,
    /// Note.
    pub note: &'static str,
    /// Any (filter).
    pub any: &'static str,
    /// Today: heading.
    pub today_heading: &'static str,
    /// Today: done.
    pub today_done: &'static str,
    /// Today: draft.
    pub today_draft: &'static str,
    /// Today: missing.
    pub today_missing: &'static str,
    /// Today: last 7 days.
    pub today_week: &'static str,
    /// Today: open drafts.
    pub today_drafts: &'static str,
    /// Resume a draft.
    pub resume: &'static str,
    /// Start an inspection for this hall.
    pub inspect_this_hall: &'static str,
    /// No halls yet.
    pub no_halls: &'static str,
    /// Inspect: new inspection heading.
    pub inspect_new: &'static str,
    /// Inspect: all checklists.
    pub all_checklists: &'static str,
    /// Inspect: start button.
    pub start: &'static str,
    /// Inspect: open drafts offered.
    pub open_drafts: &'static str,
    /// Discard a draft.
    pub discard: &'static str,
    /// Inspect: choose hall.
    pub choose_hall: &'static str,
    /// Answered count.
    pub answered: &'static str,
    /// Outcome pass with key.
    pub key_pass: &'static str,
    /// Outcome fail with key.
    pub key_fail: &'static str,
    /// Outcome N/A with key.
    pub key_na: &'static str,
    /// Count of places / person-times.
    pub count: &'static str,
    /// Staff member.
    pub staff_member: &'static str,
    /// No staff member chosen.
    pub nobody: &'static str,
    /// Photo button.
    pub add_photo: &'static str,
    /// Typed photo path.
    pub photo_path: &'static str,
    /// Add the typed path.
    pub add_path: &'static str,
    /// Photo is being prepared.
    pub photo_working: &'static str,
    /// Photo required.
    pub photo_required: &'static str,
    /// Remove photo.
    pub remove: &'static str,
    /// Guidance heading.
    pub guidance: &'static str,
    /// Last result heading.
    pub last_result: &'static str,
    /// No earlier inspection.
    pub no_last_result: &'static str,
    /// Running score.
    pub running_score: &'static str,
    /// Veto.
    pub veto: &'static str,
    /// Veto triggered.
    pub veto_triggered: &'static str,
    /// Keys hint.
    pub keys_hint: &'static str,
    /// Submit button.
    pub submit: &'static str,
    /// Confirm submit heading.
    pub confirm_submit: &'static str,
    /// Unanswered heading.
    pub unanswered: &'static str,
    /// Missing photos heading.
    pub missing_photos: &'static str,
    /// Submit refused.
    pub submit_refused: &'static str,
    /// Confirm.
    pub confirm: &'static str,
    /// Cancel.
    pub cancel: &'static str,
    /// Close.
    pub close: &'static str,
    /// Submitted message.
    pub submitted: &'static str,
    /// Veto item marker.
    pub veto_item: &'static str,
    /// History: from.
    pub from: &'static str,
    /// History: to.
    pub to: &'static str,
    /// History: search notes.
    pub search_notes: &'static str,
    /// Hint in the notes search field.
    pub search_hint: &'static str,
    /// History: results count.
    pub results: &'static str,
    /// History: loading.
    pub loading: &'static str,
    /// History: open.
    pub open: &'static str,
    /// History: clear filters.
    pub clear_filters: &'static str,
    /// Read-only detail heading.
    pub detail: &'static str,
    /// Back.
    pub back: &'static str,
    /// Bad date text.
    pub bad_date: &'static str,
    /// Calendar button tooltip.
    pub pick_date: &'static str,
    /// Calendar: the days of the week, Monday first.
    pub weekdays: [&'static str; 7],
    /// Calendar: jump to today.
    pub today_button: &'static str,
    /// Calendar: empty the field.
    pub clear: &'static str,
    /// Calendar: previous / next month.
    pub previous_month: &'static str,
    /// Calendar: next month.
    pub next_month: &'static str,
    /// Photos heading.
    pub photos: &'static str,
    /// Halls: add hall.
    pub add_hall: &'static str,
    /// Hall name.
    pub hall_name: &'static str,
    /// Hall code.
    pub hall_code: &'static str,
    /// Rename.
    pub rename: &'static str,
    /// Archive.
    pub archive: &'static str,
    /// Restore.
    pub restore: &'static str,
    /// Archived marker.
    pub archived: &'static str,
    /// Show archived.
    pub show_archived: &'static str,
    /// Halls: nothing selected yet.
    pub halls_pick: &'static str,
    /// History: click a row to open it.
    pub open_hint: &'static str,
    /// History/walk: a photo is being decoded.
    pub photo_loading: &'static str,
    /// Staff heading.
    pub staff: &'static str,
    /// Add staff.
    pub add_staff: &'static str,
    /// Staff name.
    pub staff_name: &'static str,
    /// New name.
    pub new_name: &'static str,
    /// Checklists: reload.
    pub reload: &'static str,
    /// Checklists: problems.
    pub problems: &'static str,
    /// Checklists: no problems.
    pub no_problems: &'static str,
    /// Checklists: source.
    pub source: &'static str,
    /// A built-in template's source.
    pub builtin: &'static str,
    /// A template's id.
    pub template_id: &'static str,
    /// Item deduction.
    pub deduction: &'static str,
    /// Points cap.
    pub cap: &'static str,
    /// Version.
    pub version: &'static str,
    /// Settings: language.
    pub language: &'static str,
    /// Settings: default inspector.
    pub default_inspector: &'static str,
    /// Settings: rating bands.
    pub rating_bands: &'static str,
    /// Settings: database file.
    pub database_file: &'static str,
    /// Settings: template folder.
    pub template_folder: &'static str,
    /// Settings: open folder.
    pub open_folder: &'static str,
    /// Settings: app version.
    pub app_version: &'static str,
    /// Settings: save.
    pub save: &'static str,
    /// Settings: zoom.
    pub zoom: &'static str,
    /// Settings: zoom hint.
    pub zoom_hint: &'static str,
    /// The 数据 screen (export, import, backup).
    pub data: &'static DataTr,
    /// The report screens (趋势, 排名, 月度考核).
    pub report: &'static ReportTr,
}

/// The strings of the 数据 (Data) screen.
#[derive(Debug)]
pub struct DataTr {
    /// Navigation: data.
    pub nav: &'static str,
    /// Section: export.
    pub export: &'static str,
    /// Export format.
    pub format: &'static str,
    /// Export button (opens the save dialog).
    pub export_button: &'static str,
    /// How the target is chosen.
    pub export_hint: &'static str,
    /// Default export folder label.
    pub export_folder: &'static str,
    /// Section: import.
    pub import: &'static str,
    /// What import does.
    pub import_hint: &'static str,
    /// Choose import files.
    pub pick_files: &'static str,
    /// Typed import paths.
    pub import_paths: &'static str,
    /// Hint for several paths.
    pub import_paths_hint: &'static str,
    /// Import the typed paths.
    pub import_button: &'static str,
    /// Section: backup and restore.
    pub backup: &'static str,
    /// What backup and restore do.
    pub backup_hint: &'static str,
    /// Back up.
    pub backup_button: &'static str,
    /// Restore.
    pub restore_button: &'static str,
    /// Typed backup path.
    pub restore_path: &'static str,
    /// Restore the typed path.
    pub restore_typed: &'static str,
    /// Confirmation heading.
    pub restore_heading: &'static str,
    /// Confirmation text.
    pub restore_warning: &'static str,
    /// Confirm restore.
    pub restore_confirm: &'static str,
    /// No dialog could open.
    pub no_dialog: &'static str,
    /// Nothing typed.
    pub no_path: &'static str,
    /// A task is running.
    pub working: &'static str,
    /// Export done.
    pub exported: &'static str,
    /// Saved to the default folder.
    pub fallback: &'static str,
    /// Backup done.
    pub backed_up: &'static str,
    /// Restore done.
    pub restored: &'static str,
    /// Where the old data went.
    pub kept: &'static str,
    /// Export cancelled.
    pub cancelled: &'static str,
    /// Task failed.
    pub failed: &'static str,
    /// Import report heading.
    pub report: &'static str,
    /// Added records.
    pub added: &'static str,
    /// Already present.
    pub present: &'static str,
    /// Rejected records.
    pub rejected: &'static str,
    /// A file that failed.
    pub not_imported: &'static str,
    /// An import note.
    pub note: &'static str,
    /// Open the folder of a file.
    pub open_containing: &'static str,
    /// Result heading.
    pub result: &'static str,
}

/// The strings of the report screens (趋势, 排名, 月度考核) around the charts.
#[derive(Debug)]
pub struct ReportTr {
    /// Hall.
    pub hall: &'static str,
    /// Choose a hall.
    pub choose_hall: &'static str,
    /// Month field.
    pub month: &'static str,
    /// Previous month button.
    pub prev_month: &'static str,
    /// Next month button.
    pub next_month: &'static str,
    /// Run the query.
    pub show: &'static str,
    /// Not a month.
    pub bad_month: &'static str,
    /// Monthly sheet heading.
    pub monthly_heading: &'static str,
    /// Inspections in the month.
    pub inspections: &'static str,
    /// Mean score.
    pub mean: &'static str,
    /// Vetoes.
    pub vetoes: &'static str,
    /// 序号.
    pub col_no: &'static str,
    /// 考核内容.
    pub col_content: &'static str,
    /// 分值.
    pub col_points: &'static str,
    /// 得分.
    pub col_score: &'static str,
    /// 扣分.
    pub col_deducted: &'static str,
    /// 扣分原因.
    pub col_reasons: &'static str,
    /// 合计.
    pub total: &'static str,
    /// Staff deductions heading.
    pub staff_heading: &'static str,
    /// Staff name.
    pub staff_name: &'static str,
    /// Person-times.
    pub person_times: &'static str,
    /// Items deducted.
    pub staff_items: &'static str,
    /// No staff deductions.
    pub no_staff: &'static str,
    /// No inspections in the month.
    pub no_inspections: &'static str,
    /// Item list heading (the item's text follows).
    pub item_list: &'static str,
    /// Date.
    pub date: &'static str,
    /// Count.
    pub count: &'static str,
    /// Note.
    pub note: &'static str,
    /// Staff.
    pub staff: &'static str,
    /// Close.
    pub close: &'static str,
    /// No ranking loaded.
    pub no_ranking: &'static str,
    /// Trends: the 7 days ending today.
    pub span_week: &'static str,
    /// Trends: the 30 days ending today.
    pub span_month: &'static str,
    /// Trends: the 90 days ending today.
    pub span_quarter: &'static str,
    /// Trends: the 365 days ending today.
    pub span_year: &'static str,
    /// Trends: typed days.
    pub span_custom: &'static str,
    /// Trends: first day.
    pub from: &'static str,
    /// Trends: last day.
    pub to: &'static str,
    /// Trends: nothing chosen yet.
    pub choose_hall_period: &'static str,
    /// Trends: inspections in the period.
    pub trend_inspections: &'static str,
    /// Trends: 7-day moving average.
    pub ma7: &'static str,
    /// Trends: 30-day moving average.
    pub ma30: &'static str,
    /// Trends: the score line.
    pub score_line: &'static str,
    /// Trends: a veto, after the rating in a tooltip.
    pub veto_hover: &'static str,
    /// Trends: the veto markers.
    pub veto_legend: &'static str,
    /// Trends: inspector, in a tooltip.
    pub inspector: &'static str,
    /// Trends: the Pareto heading.
    pub pareto_heading: &'static str,
    /// Trends: points lost in all.
    pub total_lost: &'static str,
    /// Trends and Ranking: points lost.
    pub points_lost: &'static str,
    /// Trends: the item column.
    pub col_item: &'static str,
    /// Trends: points lost, short.
    pub lost: &'static str,
    /// Trends: occurrences.
    pub times: &'static str,
    /// Trends: cumulative share.
    pub cumulative: &'static str,
    /// Ranking: the pass line.
    pub pass_line: &'static str,
    /// Ranking: the period field.
    pub period: &'static str,
    /// Ranking: the period compared with.
    pub compared_with: &'static str,
    /// Ranking: the day the figures are as of.
    pub as_of: &'static str,
    /// Ranking: what the x axis shows.
    pub x_rank: &'static str,
    /// Ranking: the bars.
    pub mean_score: &'static str,
    /// Ranking: rank column.
    pub rank: &'static str,
    /// Ranking: done / expected column.
    pub done_expected: &'static str,
    /// Ranking: completion column.
    pub completion: &'static str,
    /// Ranking: pass-rate column.
    pub pass_rate: &'static str,
    /// Ranking: vetoes column.
    pub vetoes_short: &'static str,
    /// Ranking: change column.
    pub change: &'static str,
    /// Ranking: the typed period is not one.
    pub bad_period: &'static str,
}
