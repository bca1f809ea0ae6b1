//! What a screen asks the app to do. Every screen draws from loaded data and returns at most
//! one [`Command`]; the app applies it after the frame (writes, dialogs, background reads and
//! tasks) in one place, `app/commands.rs`, and refreshes what it changed.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::domain::{InspectionKind, MoneyRule, Shift, Strokes, Template};
use crate::export::ExportFormat;
use crate::report::Period;
use crate::store::{AnswerInput, InspectionFilter, RectificationFilter, Settings};
use crate::ui::Screen;
use crate::ui::jobs::reader::RankingQuery;

/// A sign-off as a dialog took it: the hall manager's name as typed and what they drew.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignOffInput {
    /// The name as typed.
    pub name: String,
    /// The signature drawn (empty: the name alone).
    pub strokes: Strokes,
}

/// A request from a screen.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum Command {
    // Navigation and the app.
    /// Show another screen.
    Navigate(Screen),
    /// Dismiss the error in the status bar.
    DismissError,
    /// Save the settings.
    SaveSettings(Settings),
    /// Save the money rule (绩效金额): 每分金额 and the per-item fixed amounts.
    SaveMoney(MoneyRule),
    /// Open a folder in the system file manager.
    OpenFolder(PathBuf),
    /// Open a file with the program the system gives it (a PDF in its viewer, to print).
    OpenFile(PathBuf),
    /// Reload the checklist templates from disk.
    ReloadTemplates,
    /// Open a checklist in the editor (a built-in one as a copy for the user folder), to be
    /// saved as the version above every one known.
    EditChecklist(String),
    /// Save the edited checklist (validated) to the user folder and use it from now on.
    SaveChecklist(Box<Template>),

    // Halls and staff.
    /// Add a hall.
    AddHall {
        /// Name.
        name: String,
        /// Optional code.
        code: String,
    },
    /// Rename a hall.
    RenameHall {
        /// Hall row id.
        hall_id: i64,
        /// New name.
        name: String,
    },
    /// Archive or restore a hall.
    SetHallArchived {
        /// Hall row id.
        hall_id: i64,
        /// Archive (true) or restore.
        archived: bool,
    },
    /// Show a hall's staff on the Halls screen.
    SelectHall(i64),
    /// Add a staff member.
    AddStaff {
        /// Hall row id.
        hall_id: i64,
        /// Name.
        name: String,
        /// 工号; empty for none.
        code: String,
    },
    /// Archive or restore a staff member.
    SetStaffArchived {
        /// Staff row id.
        staff_id: i64,
        /// Archive (true) or restore.
        archived: bool,
    },

    // The walk.
    /// Go to the Inspect screen with this hall chosen.
    InspectHall(i64),
    /// Start a new inspection and walk it.
    StartInspection {
        /// Hall row id.
        hall_id: i64,
        /// Inspector name.
        inspector: String,
        /// Local day.
        date: NaiveDate,
        /// Shift.
        shift: Shift,
        /// Kind (自查, 督导检查, …).
        kind: InspectionKind,
        /// Template ids, in walking order.
        template_ids: Vec<String>,
    },
    /// Open a draft to continue walking it.
    ResumeDraft(i64),
    /// Delete a draft.
    DiscardDraft(i64),
    /// Save one answer of the open walk.
    SaveAnswer(AnswerInput),
    /// Save answers given by keys pressed within one frame, in order.
    SaveAnswers(Vec<AnswerInput>),
    /// Choose a photo for an item with the file dialog.
    PickPhoto {
        /// Template snapshot row.
        template_row: i64,
        /// Item id.
        item_id: String,
        /// An after-photo of the item fixed on the spot (整改后照片), not of the problem.
        after_fix: bool,
    },
    /// Attach the photo at a typed path.
    AttachPhoto {
        /// Template snapshot row.
        template_row: i64,
        /// Item id.
        item_id: String,
        /// An after-photo of the item fixed on the spot (整改后照片), not of the problem.
        after_fix: bool,
        /// The file.
        path: PathBuf,
    },
    /// Show one of an inspection's photos large: (attachment id, file name) of each, in order,
    /// and the one to show.
    ShowPhoto {
        /// Every photo of the inspection.
        photos: Vec<(i64, String)>,
        /// The one clicked.
        index: usize,
    },
    /// The previous (-1) or next (1) photo in the viewer.
    PhotoStep(i32),
    /// Close the photo viewer.
    ClosePhoto,
    /// Remove a photo from the open walk.
    RemovePhoto(i64),
    /// Mark a failed answer of the open walk fixed on the spot (当场整改), or take the mark
    /// back.
    SetFixedOnSpot {
        /// Template snapshot row.
        template_row: i64,
        /// Item id.
        item_id: String,
        /// Fixed on the spot.
        fixed: bool,
    },
    /// Try to submit the open walk, signed off by the hall manager.
    Submit(SignOffInput),
    /// Leave the walk (the draft stays saved).
    CloseWalk,

    // History.
    /// A History page scrolled into view.
    HistoryPage(usize),
    /// Show History filtered to one hall and day (the day's inspections).
    ShowHallDay {
        /// Hall row id.
        hall_id: i64,
        /// The day.
        date: NaiveDate,
    },
    /// Open one inspection read-only (on the History screen).
    OpenInspection(i64),
    /// Run the tamper check (the hash chain of every sealed record) in the background.
    Verify,
    /// Amend a submitted inspection (更正): these answers, by whom and why.
    Amend {
        /// The inspection.
        id: i64,
        /// Who amends it.
        by: String,
        /// Why.
        reason: String,
        /// The answers changed.
        answers: Vec<AnswerInput>,
    },
    /// Close the read-only inspection.
    CloseInspection,
    /// Sign off a submitted inspection that has no sign-off yet.
    SignOff {
        /// The inspection's row id.
        inspection_id: i64,
        /// The name and drawing.
        input: SignOffInput,
    },

    // Rectifications.
    /// A command of the 整改 screen (or one that opens it).
    Rect(RectCommand),

    // Trends, Ranking, Monthly.
    /// Load a hall's trend and Pareto.
    LoadTrend {
        /// Hall row id.
        hall_id: i64,
        /// The days.
        period: Period,
        /// The one kind of inspection (`None`: every kind).
        kind: Option<InspectionKind>,
    },
    /// List the failed answers of a Pareto item under the Trends charts.
    ListItem {
        /// Template id.
        template_id: String,
        /// Item id.
        item_id: String,
    },
    /// Close that list.
    CloseItemList,
    /// Load the ranking of a period and the comparison of two kinds.
    LoadRanking(RankingQuery),
    /// Show a hall's trend over a period (from the Ranking), of the kind ranked.
    OpenHallTrend {
        /// Hall row id.
        hall_id: i64,
        /// The days.
        period: Period,
        /// The one kind of inspection (`None`: every kind).
        kind: Option<InspectionKind>,
    },
    /// Load a hall's monthly sheet.
    LoadMonthly {
        /// Hall row id.
        hall_id: i64,
        /// The calendar month.
        month: Period,
    },

    // Data: export, import, backup, restore.
    /// Ask where to save (or use the default folder), then export.
    Export {
        /// File format.
        format: ExportFormat,
        /// Which inspections.
        filter: InspectionFilter,
    },
    /// Export a PDF of the selection to the export folder and open it to print.
    Print(InspectionFilter),
    /// Write the blank checklist of these checklists (ids; all when empty) to the export
    /// folder and open it to print.
    PrintBlank(Vec<String>),
    /// Choose JSON files with the dialog, then import them.
    PickImport,
    /// Import these files.
    Import(Vec<PathBuf>),
    /// Ask where to save (or use the default folder), then back up.
    Backup,
    /// Choose a backup with the dialog, then ask for confirmation.
    PickRestore,
    /// Ask for confirmation (on the Data screen), then restore this backup.
    AskRestore(PathBuf),
    /// Restore this backup (already confirmed).
    Restore(PathBuf),
    /// Cancel the running export.
    CancelData,
    /// Sync with the district server saved in Settings.
    Sync,
    /// Save the district server's address, which halls to follow, and (when typed) the
    /// password, which goes to the system's credential store.
    SaveServer {
        /// postgres://user@host:5432/database (a password in it is moved out).
        url: String,
        /// The password typed; empty keeps the saved one.
        password: String,
        /// Follow every hall (a district PC).
        all_halls: bool,
    },
}

/// What the 整改 screen asks for. Every move names who makes it (`by`).
#[derive(Debug, Clone, PartialEq)]
pub enum RectCommand {
    /// Show the 整改 screen listing what this filter picks (Today's reminders).
    Show(RectificationFilter),
    /// List what this filter picks.
    Filter(RectificationFilter),
    /// Show one rectification whole.
    Select(i64),
    /// Choose an after-photo with the file dialog (a typed path when none can open).
    PickAfterPhoto,
    /// Prepare the photo at a typed path as an after-photo.
    AttachAfterPhoto(PathBuf),
    /// Drop an after-photo not yet sent, by its place in the list.
    RemoveAfterPhoto(usize),
    /// 待整改 → 已整改 with what was done and the after-photos prepared.
    Close {
        /// Row id.
        id: i64,
        /// What was done.
        note: String,
        /// Who reports it.
        by: String,
    },
    /// 已整改 → 已验收.
    Accept {
        /// Row id.
        id: i64,
        /// Who accepts it.
        by: String,
    },
    /// 已整改 → 待整改 with the reason.
    Return {
        /// Row id.
        id: i64,
        /// Why.
        reason: String,
        /// Who returns it.
        by: String,
    },
    /// A new deadline.
    Reschedule {
        /// Row id.
        id: i64,
        /// The new deadline.
        due_on: NaiveDate,
        /// Who changes it.
        by: String,
    },
    /// A new owner (empty: the hall manager).
    Reassign {
        /// Row id.
        id: i64,
        /// The new owner.
        owner: String,
        /// Who changes it.
        by: String,
    },
}

impl Command {
    /// Whether the open walk is closed or replaced by this command (its unsaved notes would be
    /// lost with it).
    pub fn leaves_walk(&self) -> bool {
        matches!(
            self,
            Command::StartInspection { .. }
                | Command::ResumeDraft(_)
                | Command::DiscardDraft(_)
                | Command::Submit(_)
                | Command::CloseWalk
                | Command::Import(_)
                | Command::PickImport
                | Command::Restore(_)
        )
    }
}
