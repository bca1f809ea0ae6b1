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
}

/// Chinese strings (the default).
pub const ZH: Tr = Tr {
    app_title: "HallCheck 营业窗口巡查",
    nav_today: "首页",
    nav_inspect: "巡查",
    nav_history: "记录",
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
};

/// English strings.
pub const EN: Tr = Tr {
    app_title: "HallCheck service-window inspection",
    nav_today: "Today",
    nav_inspect: "Inspect",
    nav_history: "History",
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
