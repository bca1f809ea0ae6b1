//! Every string the UI shows, in Chinese (the default) and English: the string tables are
//! structs with one field per string ([`Tr`], [`DataTr`], [`ReportTr`], [`EditorTr`]), filled in `zh.rs` and
//! `en.rs`, so a missing translation is a compile error; texts built from numbers are methods
//! of [`Lang`], both languages side by side.

mod en;
pub mod errors;
mod lang;
mod rect;
mod zh;

pub use lang::Lang;
pub use rect::RectTr;

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
    /// The checklist editor on the 模板 screen.
    pub editor: &'static EditorTr,
    /// Rectifications (整改): their screen, Today's reminders, the walk's marks, the rule.
    pub rect: &'static RectTr,
    /// Walk: the note field before the item is answered.
    pub note_after_answer: &'static str,
    /// Walk: the mark of a veto item in the list.
    pub veto_short: &'static str,
    /// Walk: the running score before the first answer.
    pub no_score_yet: &'static str,
    /// Inspect: continue the open draft of the same hall, day, shift, kind and checklists.
    pub resume_this_draft: &'static str,
    /// Inspect: start a second inspection although a draft is open.
    pub start_another: &'static str,
    /// History detail: the item column.
    pub item: &'static str,
    /// History detail: the result column.
    pub result: &'static str,
    /// Halls: the confirmation's button.
    pub confirm_archive: &'static str,
    /// Settings: a band bound that is not a number of points.
    pub band_not_points: &'static str,
    /// Settings: a band bound outside 0–100.
    pub bands_out_of_range: &'static str,
    /// Settings: bands in the wrong order.
    pub bands_not_descending: &'static str,
    /// Status bar: where the last export went.
    pub exported_to: &'static str,
    /// Status bar: open the exported file.
    pub open_file: &'static str,
    /// History and walk: export the inspection as PDF.
    pub export_pdf: &'static str,
    /// History and walk: print the inspection (open its PDF).
    pub print: &'static str,
    /// History: continue walking a draft.
    pub continue_draft: &'static str,
    /// Monthly: export the sheet as Excel.
    pub export_excel: &'static str,
    /// A thumbnail's tooltip: a click shows it large.
    pub photo_enlarge: &'static str,
    /// Photo viewer: the previous photo.
    pub photo_previous: &'static str,
    /// Photo viewer: the next photo.
    pub photo_next: &'static str,
    /// A photo prepared for an inspection that no longer exists.
    pub photo_orphaned: &'static str,
    /// Photo viewer: the photo could not be read.
    pub photo_unreadable: &'static str,
    /// The reasons offered for a fail.
    pub reasons: &'static str,
    /// Heading: failed items without a reason.
    pub missing_reasons: &'static str,
    /// A failed item still needs its reason.
    pub reason_needed: &'static str,
    /// Damage banner: what happened.
    pub damage_heading: &'static str,
    /// Damage banner: the damaged file.
    pub damage_file: &'static str,
    /// Damage banner: the newest backup.
    pub damage_newest: &'static str,
    /// Damage banner: no backup to name.
    pub damage_no_backup: &'static str,
    /// Damage banner: the button to the Data screen's restore.
    pub damage_restore: &'static str,
    /// Checklists: print every checklist blank.
    pub print_blank: &'static str,
    /// Checklists: print the shown checklist blank.
    pub print_blank_one: &'static str,
    /// Checklists: an item's common reasons.
    pub item_reasons: &'static str,
    /// Settings: the checklists this hall walks.
    pub checklists_in_use: &'static str,
    /// Checklists: a checklist switched off in Settings.
    pub switched_off: &'static str,
    /// Halls: a staff member's employee number.
    pub staff_code: &'static str,
    /// Settings: the money section heading.
    pub money_heading: &'static str,
    /// Settings: what the money rule does.
    pub money_hint: &'static str,
    /// Settings: the rate per point field.
    pub money_per_point: &'static str,
    /// Settings: what an empty rate means.
    pub money_per_point_none: &'static str,
    /// Settings: save the rate per point.
    pub money_save: &'static str,
    /// Settings: the fixed amounts heading.
    pub money_fixed: &'static str,
    /// Settings: no fixed amounts.
    pub money_no_fixed: &'static str,
    /// Settings: the checklist of a new fixed amount.
    pub money_checklist: &'static str,
    /// Settings: the item of a new fixed amount.
    pub money_item: &'static str,
    /// Settings: nothing chosen yet.
    pub money_choose: &'static str,
    /// Settings: the amount of a new fixed amount.
    pub money_amount: &'static str,
    /// Settings: add a fixed amount.
    pub money_add: &'static str,
    /// Settings: remove a fixed amount.
    pub money_remove: &'static str,
    /// Settings: an amount that is not one.
    pub money_bad_amount: &'static str,
    /// Settings: a fixed amount without its item.
    pub money_choose_item: &'static str,
    /// Settings: the saved money rule does not read.
    pub money_unread: &'static str,
    /// Settings: a fixed amount whose item is not in the loaded checklists.
    pub money_item_gone: &'static str,
    /// An inspection's kind (自查, 督导检查, 暗访, 第三方): a label and a filter.
    pub kind: &'static str,
    /// History: the kind column.
    pub kind_column: &'static str,
    /// The walk key and button of a bonus item earned (加分)
    pub key_bonus: &'static str,
    /// The walk key and button of a bonus item not earned (stored as N/A)
    pub key_no_bonus: &'static str,
    /// Points added by a bonus item (加分)
    pub bonus: &'static str,
    /// An item's own value (分值): its deductions stop at it
    pub item_value: &'static str,
    /// The points per occurrence picked for a ranged deduction
    pub rate_picked: &'static str,
    /// Before a ranged deduction: the range the inspector picks from
    pub rate_range: &'static str,
    /// The points per occurrence picked for a ranged bonus item
    pub rate_picked_bonus: &'static str,
    /// Marks an optional checklist (off until switched on) in Settings.
    pub optional_checklist: &'static str,
    /// Button that opens the amendment of a submitted inspection.
    pub amend: &'static str,
    /// Marks an inspection changed by amendment.
    pub amended: &'static str,
    /// Heading of the list of amendments.
    pub amendments_title: &'static str,
    /// Label of who makes an amendment.
    pub amend_by: &'static str,
    /// Label of why an amendment is made.
    pub amend_reason: &'static str,
    /// Button that saves an amendment.
    pub save_amendment: &'static str,
    /// What an amendment is, above its fields.
    pub amend_hint: &'static str,
    /// Shown while an amendment changes no answer.
    pub amend_nothing: &'static str,
    /// Score before and after an amendment.
    pub amendment_score: &'static str,
    /// Heading of the tamper check in Settings.
    pub verify_heading: &'static str,
    /// What the tamper check does.
    pub verify_hint: &'static str,
    /// Button that starts the tamper check.
    pub verify_button: &'static str,
    /// Shown while the tamper check runs.
    pub verify_running: &'static str,
    /// The tamper check found nothing.
    pub verify_clean: &'static str,
    /// The tamper check found records changed outside the program.
    pub verify_found: &'static str,
    /// Submit confirmation: the sign-off heading.
    pub sign_heading: &'static str,
    /// The name field of the signer (the hall manager).
    pub signer_name: &'static str,
    /// The signature pad (its accessible name).
    pub signature_pad: &'static str,
    /// Under the signature pad: how to sign, and that drawing is optional.
    pub sign_hint: &'static str,
    /// Clears the signature pad.
    pub clear_signature: &'static str,
    /// The confirmation needs the signer name.
    pub signer_required: &'static str,
    /// Inspection view: heading of the sign-off.
    pub signed_off: &'static str,
    /// When the sign-off was given.
    pub signed_at: &'static str,
    /// A submitted inspection without a sign-off.
    pub not_signed: &'static str,
    /// Button opening the sign-off of a submitted inspection.
    pub sign_off_open: &'static str,
    /// The drawn signature (its accessible name).
    pub signature: &'static str,
    /// A sign-off without a drawing.
    pub name_only: &'static str,
    /// Confirms the sign-off of a submitted inspection.
    pub sign_confirm: &'static str,
    /// Settings section: the district server.
    pub server_heading: &'static str,
    /// What the server settings are.
    pub server_hint: &'static str,
    /// Label: server address.
    pub server_url: &'static str,
    /// Label: password.
    pub server_password: &'static str,
    /// Hint: a password is saved; leave blank to keep it.
    pub server_password_kept: &'static str,
    /// Checkbox: follow every hall (district PC).
    pub server_all: &'static str,
    /// Button: save the server settings.
    pub server_save: &'static str,
    /// The server settings were saved.
    pub server_saved: &'static str,
}

/// The strings of the checklist editor (模板 screen).
#[derive(Debug)]
pub struct EditorTr {
    /// Checklists: copy a built-in checklist to the user folder and edit it.
    pub copy_edit: &'static str,
    /// Checklists: what copying does.
    pub copy_hint: &'static str,
    /// Checklists: edit a user checklist.
    pub edit: &'static str,
    /// Checklists: what editing does.
    pub edit_hint: &'static str,
    /// Checklists: another checklist is being edited.
    pub busy: &'static str,
    /// Editor: heading, before the checklist's name.
    pub heading: &'static str,
    /// Editor: the mark of changes not saved.
    pub unsaved: &'static str,
    /// Checklists: the mark of a checklist open in the editor, unchanged.
    pub editing: &'static str,
    /// Checklists: show the editor again.
    pub back_to_editor: &'static str,
    /// Editor: discard the changes (confirms).
    pub discard: &'static str,
    /// Editor: the question before changes are discarded.
    pub discard_question: &'static str,
    /// Editor: keep the changes (cancels the question).
    pub keep_editing: &'static str,
    /// Editor: the checklist's name.
    pub name: &'static str,
    /// Editor: the English name.
    pub name_en: &'static str,
    /// Editor: an item's text.
    pub text: &'static str,
    /// Editor: an item's English text.
    pub text_en: &'static str,
    /// Editor: what one occurrence is.
    pub unit: &'static str,
    /// Editor: a fail needs a reason.
    pub reason_required: &'static str,
    /// Editor: the English rule.
    pub guidance_en: &'static str,
    /// Editor: common reasons.
    pub reasons: &'static str,
    /// Editor: how common reasons are typed.
    pub reasons_hint: &'static str,
    /// Editor: how to type reasons and why ids stay.
    pub hint: &'static str,
    /// Editor: add an item.
    pub add_item: &'static str,
    /// Editor: move an item up.
    pub move_up: &'static str,
    /// Editor: move an item down.
    pub move_down: &'static str,
    /// Editor: remove an item (asks first).
    pub remove: &'static str,
    /// Editor: the confirmation's button.
    pub remove_confirm: &'static str,
    /// Editor: the draft has no problems.
    pub ok: &'static str,
    /// Editor: the draft's problems.
    pub problems: &'static str,
    /// Editor: a problem of the checklist's own fields.
    pub whole: &'static str,
    /// Editor: the mark of an item with a problem.
    pub item_has_problem: &'static str,
    /// Editor: the finding a fail describes.
    pub violation: &'static str,
    /// Editor: what the finding field is for.
    pub violation_hint: &'static str,
    /// The template's maximum with bonus items (max_points)
    pub max_points: &'static str,
    /// The top of a ranged deduction (deduction_max); empty for a fixed deduction
    pub deduction_max: &'static str,
    /// An item that adds points (bonus = true)
    pub bonus_item: &'static str,
    /// An item's own value (分值), its deductions stop at it; empty for none
    pub item_value: &'static str,
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
    /// Data: another task is still running.
    pub busy: &'static str,
    /// Data: the automatic backups heading.
    pub backups_heading: &'static str,
    /// Data and Settings: when automatic backups are made and which are kept.
    pub backups_hint: &'static str,
    /// Data and Settings: no automatic backup yet.
    pub backups_none: &'static str,
    /// Backups list: the time column.
    pub backup_taken: &'static str,
    /// Backups list: the size column.
    pub backup_size: &'static str,
    /// Backups list: why the copy was made.
    pub backup_reason: &'static str,
    /// Backups list: the day's first start.
    pub reason_daily: &'static str,
    /// Backups list: made before an import.
    pub reason_before_import: &'static str,
    /// Backups list: made before a restore.
    pub reason_before_restore: &'static str,
    /// Backups list: restore this copy (asks first).
    pub restore_this: &'static str,
    /// Backups list: open the backups folder.
    pub open_backups: &'static str,
    /// Backups list: the folder could not be read.
    pub backups_unread: &'static str,
    /// Status: the day's automatic backup failed.
    pub daily_failed: &'static str,
    /// Section: the district server.
    pub sync: &'static str,
    /// What syncing does.
    pub sync_hint: &'static str,
    /// The sync button.
    pub sync_button: &'static str,
    /// Label: the server.
    pub sync_server: &'static str,
    /// No server set.
    pub sync_no_server: &'static str,
    /// Label: the last sync.
    pub sync_last: &'static str,
    /// Never synced.
    pub sync_never: &'static str,
    /// A sync that succeeded.
    pub sync_ok: &'static str,
    /// A sync that failed.
    pub sync_failed: &'static str,
    /// Outcome heading: synced.
    pub synced: &'static str,
    /// Heading: records refused by a sync.
    pub sync_refused: &'static str,
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
    /// The monthly sheet's score (月度得分).
    pub month_score: &'static str,
    /// The rule of the month's score, under the sheet (in Chinese the screen shows the printed
    /// footnote, `MonthlySheet::footnote_zh`, which is this rule and the conversion).
    pub month_rule: &'static str,
    /// Before the conversion of a total whose 分值 do not add up to 100 (English screen).
    pub month_converted: &'static str,
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
    /// Trends: what the Pareto's points are.
    pub pareto_before_cap: &'static str,
    /// Trends: the chart of each area's share of its points.
    pub area_shares: &'static str,
    /// Monthly: the amount column (金额).
    pub col_amount: &'static str,
    /// Monthly: the total amount, in the line above the sheet.
    pub total_amount: &'static str,
    /// Trends and Ranking: the kind filter.
    pub kind: &'static str,
    /// Ranking: the ranking of all halls (the first view).
    pub ranking_table: &'static str,
    /// Ranking: two kinds compared hall by hall (the second view).
    pub compare_kinds: &'static str,
    /// Ranking: between the two kinds compared.
    pub versus: &'static str,
    /// Ranking: the gap between the two kinds' means.
    pub gap: &'static str,
    /// Ranking: what the gap is and how the table is sorted.
    pub gap_hint: &'static str,
    /// 加分 column of the monthly sheet (a month with a bonus)
    pub col_bonus: &'static str,
    /// Ranking column: the 整改 on-time rate.
    pub rectify_rate: &'static str,
    /// Ranking column: rectifications still open.
    pub rectify_open: &'static str,
    /// Hover text of the on-time rate column: how it is worked out.
    pub rectify_rate_hint: &'static str,
    /// Hover text of the open count column.
    pub rectify_open_hint: &'static str,
    /// Monthly sheet: heading of the month rectification list.
    pub month_rectify_heading: &'static str,
    /// Monthly sheet: the month opened no rectification.
    pub no_month_rectify: &'static str,
    /// Monthly rectification list column: the day found.
    pub col_found_on: &'static str,
    /// Monthly rectification list column: the owner.
    pub col_owner: &'static str,
    /// Monthly rectification list column: the deadline.
    pub col_due_on: &'static str,
    /// Monthly rectification list column: the state.
    pub col_state: &'static str,
    /// Monthly rectification list column: the checklist item.
    pub col_check_item: &'static str,
}
