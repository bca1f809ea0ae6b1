//! What a screen asks the app to do. Screens draw from loaded data and return a [`Command`];
//! the app runs it after the frame (SQL, dialogs, background jobs) and reloads what changed.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::domain::Shift;
use crate::store::{AnswerInput, Settings};
use crate::ui::Screen;

/// A request from a screen.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum Command {
    /// Show another screen.
    Navigate(Screen),
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
    },
    /// Archive or restore a staff member.
    SetStaffArchived {
        /// Staff row id.
        staff_id: i64,
        /// Archive (true) or restore.
        archived: bool,
    },
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
        /// Template ids, in walking order.
        template_ids: Vec<String>,
    },
    /// Go to the Inspect screen with this hall chosen.
    InspectHall(i64),
    /// Open a draft to continue walking it.
    ResumeDraft(i64),
    /// Delete a draft.
    DiscardDraft(i64),
    /// Save one answer of the open walk.
    SaveAnswer(AnswerInput),
    /// Choose a photo for an item with the file dialog.
    PickPhoto {
        /// Template snapshot row.
        template_row: i64,
        /// Item id.
        item_id: String,
    },
    /// Attach the photo at a typed path.
    AttachPhoto {
        /// Template snapshot row.
        template_row: i64,
        /// Item id.
        item_id: String,
        /// The file.
        path: PathBuf,
    },
    /// Remove a photo from the open walk.
    RemovePhoto(i64),
    /// Try to submit the open walk.
    Submit,
    /// Leave the walk (the draft stays saved).
    CloseWalk,
    /// The history filter or sort changed: count again and reload from the first page.
    HistoryRequery,
    /// A history page scrolled into view.
    HistoryPage(usize),
    /// Open one inspection read-only.
    OpenInspection(i64),
    /// Close the read-only inspection.
    CloseInspection,
    /// A request of the Trends, Ranking or Monthly screen.
    Reports(crate::ui::reports::ReportsCommand),
    /// Save the settings.
    SaveSettings(Settings),
    /// Open a folder in the system file manager.
    OpenFolder(PathBuf),
    /// Reload the checklist templates from disk.
    ReloadTemplates,
    /// Dismiss the error banner.
    DismissError,
    /// A request of the 数据 screen (export, import, backup, restore).
    Data(crate::ui::DataCommand),
}
