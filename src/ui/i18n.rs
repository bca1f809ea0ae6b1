//! Every string the UI shows, in Chinese (the default) and English.
//!
//! One struct with one field per string: a missing translation is a compile error.

/// The UI strings of one language.
#[derive(Debug)]
pub struct Tr {
    /// Window title.
    pub app_title: &'static str,
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
}

/// Chinese strings (the default).
pub const ZH: Tr = Tr {
    app_title: "HallCheck 营业窗口巡查",
    nav_today: "首页",
    nav_inspect: "巡查",
    nav_history: "记录",
    nav_trends: "趋势",
    nav_ranking: "排名",
    nav_monthly: "月度考核",
    nav_halls: "营业厅",
    nav_checklists: "模板",
    nav_settings: "设置",
    status_db: "数据库",
    status_saved: "已保存",
    status_ready: "就绪",
    dismiss: "知道了",
    open_failed: "无法打开数据库",
    open_failed_hint: "请关闭其他正在使用该文件的 HallCheck 窗口,或用 --db 指定另一个文件后重新启动。",
    hall: "营业厅",
    inspector: "检查人",
    date: "日期",
    shift: "班次",
    score: "得分",
    rating: "评级",
    status: "状态",
    checklists: "检查表",
    note: "扣分原因/备注",
    any: "全部",
    today_heading: "今日巡查",
    today_done: "已完成",
    today_draft: "进行中",
    today_missing: "未检查",
    today_week: "近7天得分",
    today_drafts: "未完成的草稿",
    resume: "继续",
    inspect_this_hall: "开始巡查",
    no_halls: "还没有营业厅,请先在「营业厅」页面添加。",
    inspect_new: "新建巡查",
    all_checklists: "全部两会三制",
    start: "开始巡查",
    open_drafts: "未完成的巡查",
    discard: "删除草稿",
    choose_hall: "请选择营业厅",
    answered: "已答",
    key_pass: "1 合格",
    key_fail: "2 不合格",
    key_na: "3 不适用",
    count: "数量",
    staff_member: "责任人",
    nobody: "(未指定)",
    add_photo: "添加照片…",
    photo_path: "照片路径",
    add_path: "添加",
    photo_working: "正在处理照片…",
    photo_required: "不合格须附照片",
    remove: "移除",
    guidance: "检查标准",
    last_result: "上次结果",
    no_last_result: "无上次记录",
    running_score: "当前得分",
    veto: "一票否决",
    veto_triggered: "已触发一票否决:评级为不合格",
    keys_hint: "按键:1 合格 · 2 不合格 · 3 不适用 · ↑↓ 切换检查项",
    submit: "提交…",
    confirm_submit: "确认提交本次巡查?",
    unanswered: "未作答的检查项",
    missing_photos: "缺少照片的不合格项",
    submit_refused: "无法提交",
    confirm: "确认提交",
    cancel: "取消",
    close: "关闭",
    submitted: "已提交",
    veto_item: "否决项",
    from: "起始日期",
    to: "截止日期",
    search_notes: "备注包含",
    search_hint: "输入后回车",
    results: "条记录",
    loading: "加载中…",
    open: "查看",
    clear_filters: "清除筛选",
    detail: "巡查详情",
    back: "返回",
    bad_date: "日期格式应为 YYYY-MM-DD",
    pick_date: "选择日期",
    weekdays: ["一", "二", "三", "四", "五", "六", "日"],
    today_button: "今天",
    clear: "清空",
    previous_month: "上个月",
    next_month: "下个月",
    photos: "照片",
    add_hall: "添加营业厅",
    hall_name: "营业厅名称",
    hall_code: "编号(可选)",
    rename: "改名",
    archive: "归档",
    restore: "恢复",
    archived: "已归档",
    show_archived: "显示已归档",
    halls_pick: "在左侧选择一个营业厅,可改名、归档并管理员工",
    open_hint: "点击一行查看详情",
    photo_loading: "照片加载中",
    staff: "员工名单",
    add_staff: "添加员工",
    staff_name: "员工姓名",
    new_name: "新名称",
    reload: "从磁盘重新加载",
    problems: "模板问题",
    no_problems: "所有模板均已通过校验",
    source: "来源",
    builtin: "内置",
    template_id: "编号",
    deduction: "扣分",
    cap: "分值",
    version: "版本",
    language: "界面语言",
    default_inspector: "默认检查人",
    rating_bands: "评级分段(优秀 / 良好 / 合格 下限)",
    database_file: "数据库文件",
    template_folder: "自定义模板文件夹",
    open_folder: "打开文件夹",
    app_version: "软件版本",
    save: "保存",
    zoom: "缩放",
    zoom_hint: "Ctrl + / Ctrl − 调整缩放,自动记住",
    data: &DATA_ZH,
};

/// English strings.
pub const EN: Tr = Tr {
    app_title: "HallCheck service-window inspection",
    nav_today: "Today",
    nav_inspect: "Inspect",
    nav_history: "History",
    nav_trends: "Trends",
    nav_ranking: "Ranking",
    nav_monthly: "Monthly",
    nav_halls: "Halls",
    nav_checklists: "Checklists",
    nav_settings: "Settings",
    status_db: "Database",
    status_saved: "Saved",
    status_ready: "Ready",
    dismiss: "Dismiss",
    open_failed: "Cannot open the database",
    open_failed_hint: "Close any other HallCheck window using this file, or restart with --db pointing to another file.",
    hall: "Hall",
    inspector: "Inspector",
    date: "Date",
    shift: "Shift",
    score: "Score",
    rating: "Rating",
    status: "Status",
    checklists: "Checklists",
    note: "Reason / note",
    any: "Any",
    today_heading: "Today's inspections",
    today_done: "Done",
    today_draft: "In progress",
    today_missing: "Missing",
    today_week: "Last 7 days",
    today_drafts: "Open drafts",
    resume: "Resume",
    inspect_this_hall: "Inspect",
    no_halls: "No halls yet: add one on the Halls page first.",
    inspect_new: "New inspection",
    all_checklists: "All (two meetings, three systems)",
    start: "Start inspection",
    open_drafts: "Unfinished inspections",
    discard: "Discard draft",
    choose_hall: "Choose a hall",
    answered: "Answered",
    key_pass: "1 Pass",
    key_fail: "2 Fail",
    key_na: "3 N/A",
    count: "Count",
    staff_member: "Staff member",
    nobody: "(nobody)",
    add_photo: "Add photo…",
    photo_path: "Photo path",
    add_path: "Add",
    photo_working: "Preparing photo…",
    photo_required: "A fail needs a photo",
    remove: "Remove",
    guidance: "Standard",
    last_result: "Last result",
    no_last_result: "No earlier result",
    running_score: "Running score",
    veto: "Veto",
    veto_triggered: "Veto item failed: rated Fail",
    keys_hint: "Keys: 1 pass · 2 fail · 3 N/A · ↑↓ move between items",
    submit: "Submit…",
    confirm_submit: "Submit this inspection?",
    unanswered: "Unanswered items",
    missing_photos: "Failed items without a photo",
    submit_refused: "Cannot submit",
    confirm: "Submit",
    cancel: "Cancel",
    close: "Close",
    submitted: "Submitted",
    veto_item: "Veto",
    from: "From",
    to: "To",
    search_notes: "Notes contain",
    search_hint: "type, then Enter",
    results: "inspections",
    loading: "Loading…",
    open: "Open",
    clear_filters: "Clear filters",
    detail: "Inspection",
    back: "Back",
    bad_date: "Dates look like YYYY-MM-DD",
    pick_date: "Pick a date",
    weekdays: ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"],
    today_button: "Today",
    clear: "Clear",
    previous_month: "Previous month",
    next_month: "Next month",
    photos: "Photos",
    add_hall: "Add hall",
    hall_name: "Hall name",
    hall_code: "Code (optional)",
    rename: "Rename",
    archive: "Archive",
    restore: "Restore",
    archived: "Archived",
    show_archived: "Show archived",
    halls_pick: "Choose a hall on the left to rename or archive it and manage its staff",
    open_hint: "Click a row to open it",
    photo_loading: "Loading photo",
    staff: "Staff",
    add_staff: "Add staff member",
    staff_name: "Staff name",
    new_name: "New name",
    reload: "Reload from disk",
    problems: "Template problems",
    no_problems: "All templates passed validation",
    source: "Source",
    builtin: "built-in",
    template_id: "id",
    deduction: "Deduction",
    cap: "Points",
    version: "Version",
    language: "Language",
    default_inspector: "Default inspector",
    rating_bands: "Rating bands (lower bounds of Excellent / Good / Pass)",
    database_file: "Database file",
    template_folder: "Custom template folder",
    open_folder: "Open folder",
    app_version: "Version",
    save: "Save",
    zoom: "Zoom",
    zoom_hint: "Ctrl + / Ctrl − to zoom; remembered",
    data: &DATA_EN,
};

/// The strings of the chosen language.
pub fn tr(english: bool) -> &'static Tr {
    if english { &EN } else { &ZH }
}

/// "12 / 55 answered" style progress.
pub fn progress(english: bool, answered: usize, total: usize) -> String {
    if english {
        format!("{answered} / {total} answered")
    } else {
        format!("已答 {answered} / {total}")
    }
}

/// The refusal heading with counts.
pub fn refusal_summary(english: bool, unanswered: usize, missing_photos: usize) -> String {
    if english {
        format!("{unanswered} item(s) unanswered, {missing_photos} failed item(s) without a photo")
    } else {
        format!("{unanswered} 项未作答,{missing_photos} 项不合格缺少照片")
    }
}

/// A submitted inspection's result line.
pub fn submitted_line(english: bool, score: &str, rating: &str) -> String {
    if english {
        format!("Submitted: {score} points, {rating}")
    } else {
        format!("已提交:{score} 分,{rating}")
    }
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

/// Chinese strings of the 数据 screen.
pub const DATA_ZH: DataTr = DataTr {
    nav: "数据",
    export: "导出",
    format: "格式",
    export_button: "导出…",
    export_hint: "点“导出…”选择保存位置;无法打开文件对话框时,保存到默认导出文件夹",
    export_folder: "默认导出文件夹",
    import: "导入",
    import_hint: "合并其他电脑导出的 JSON 文件;同一文件重复导入不会改变数据",
    pick_files: "选择文件…",
    import_paths: "JSON 文件路径",
    import_paths_hint: "多个文件用 ; 分隔",
    import_button: "导入",
    backup: "备份与恢复",
    backup_hint: "备份整个数据库文件;恢复会替换当前全部数据,并先保留一份副本",
    backup_button: "备份数据库…",
    restore_button: "从备份恢复…",
    restore_path: "备份文件路径",
    restore_typed: "恢复…",
    restore_heading: "从备份恢复?",
    restore_warning: "当前数据库中的全部数据将被这个备份替换。替换前,当前数据会复制一份保存在数据库文件旁。",
    restore_confirm: "替换并恢复",
    no_dialog: "无法打开文件对话框,请在下方输入路径",
    no_path: "请先输入文件路径",
    working: "正在处理…",
    exported: "导出完成",
    fallback: "无法打开文件对话框,文件已保存到默认导出文件夹",
    backed_up: "数据库已备份到",
    restored: "已从备份恢复",
    kept: "原数据副本",
    cancelled: "已取消导出,没有写入任何文件",
    failed: "失败",
    report: "导入结果",
    added: "新增",
    present: "已存在",
    rejected: "拒收",
    not_imported: "未导入(数据库未改变)",
    note: "说明",
    open_containing: "打开所在文件夹",
    result: "结果",
};

/// English strings of the 数据 screen.
pub const DATA_EN: DataTr = DataTr {
    nav: "Data",
    export: "Export",
    format: "Format",
    export_button: "Export…",
    export_hint: "Export… asks where to save; when no file dialog can open, the file goes to the default export folder",
    export_folder: "Default export folder",
    import: "Import",
    import_hint: "Merge JSON exports from other PCs; importing the same file twice changes nothing",
    pick_files: "Choose files…",
    import_paths: "JSON file paths",
    import_paths_hint: "separate several files with ;",
    import_button: "Import",
    backup: "Backup and restore",
    backup_hint: "Back up the whole database file; a restore replaces all current data and keeps a copy first",
    backup_button: "Back up database…",
    restore_button: "Restore from backup…",
    restore_path: "Backup file path",
    restore_typed: "Restore…",
    restore_heading: "Restore from backup?",
    restore_warning: "All data in the current database will be replaced by this backup. Before that, a copy of the current data is kept beside the database file.",
    restore_confirm: "Replace and restore",
    no_dialog: "No file dialog can open here; type the path below",
    no_path: "Type a file path first",
    working: "Working…",
    exported: "Export finished",
    fallback: "No file dialog could open, so the file was saved to the default export folder",
    backed_up: "Database backed up to",
    restored: "Restored from",
    kept: "Copy of the previous data",
    cancelled: "Export cancelled; no file was written",
    failed: "Failed",
    report: "Import report",
    added: "Added",
    present: "Already present",
    rejected: "Rejected",
    not_imported: "Not imported (database unchanged)",
    note: "Note",
    open_containing: "Open containing folder",
    result: "Result",
};

/// "Exported 12 inspection(s)".
pub fn exported_count(english: bool, inspections: u64) -> String {
    if english {
        format!("{inspections} inspection(s) exported")
    } else {
        format!("已导出 {inspections} 条巡查记录")
    }
}

/// What an import counted, e.g. "巡查 3 · 照片 2 · 营业厅 1".
pub fn merge_counts(english: bool, c: &crate::store::MergeCounts) -> String {
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
        .map(|(zh, en, n)| {
            if english {
                format!("{n} {en}")
            } else {
                format!("{zh} {n}")
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
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
}

/// Chinese report strings.
pub const REPORT_ZH: ReportTr = ReportTr {
    hall: "营业厅",
    choose_hall: "选择营业厅",
    month: "月份",
    prev_month: "◀ 上月",
    next_month: "下月 ▶",
    show: "查询",
    bad_month: "月份格式为 YYYY-MM",
    monthly_heading: "月度考核表",
    inspections: "检查次数",
    mean: "平均分",
    vetoes: "一票否决",
    col_no: "序号",
    col_content: "考核内容",
    col_points: "分值",
    col_score: "得分",
    col_deducted: "累计扣分",
    col_reasons: "扣分原因",
    total: "合计",
    staff_heading: "人员扣分(人次)",
    staff_name: "姓名",
    person_times: "人次",
    staff_items: "扣分项目",
    no_staff: "本月无人员扣分",
    no_inspections: "本月没有已提交的检查",
    item_list: "扣分记录",
    date: "日期",
    count: "次数",
    note: "备注",
    staff: "人员",
    close: "关闭",
    no_ranking: "暂无排名数据",
};

/// English report strings.
pub const REPORT_EN: ReportTr = ReportTr {
    hall: "Hall",
    choose_hall: "Choose a hall",
    month: "Month",
    prev_month: "◀ Previous",
    next_month: "Next ▶",
    show: "Show",
    bad_month: "A month is YYYY-MM",
    monthly_heading: "Monthly score sheet",
    inspections: "Inspections",
    mean: "Mean",
    vetoes: "Vetoes",
    col_no: "No.",
    col_content: "Item",
    col_points: "Points",
    col_score: "Score",
    col_deducted: "Lost (sum)",
    col_reasons: "Reasons",
    total: "Total",
    staff_heading: "Staff deductions (person-times)",
    staff_name: "Name",
    person_times: "Person-times",
    staff_items: "Items",
    no_staff: "No staff deductions this month",
    no_inspections: "No submitted inspections this month",
    item_list: "Deductions",
    date: "Date",
    count: "Count",
    note: "Note",
    staff: "Staff",
    close: "Close",
    no_ranking: "No ranking loaded",
};

/// The report strings of the chosen language.
pub fn report_tr(english: bool) -> &'static ReportTr {
    if english { &REPORT_EN } else { &REPORT_ZH }
}
