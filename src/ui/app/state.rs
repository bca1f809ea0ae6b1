//! What the app keeps between frames: each screen's own state (what the user typed or chose),
//! the data loaded for the screens, and the background workers.

use std::path::PathBuf;
use std::sync::Arc;

use crate::store::{DraftSummary, Hall};
use crate::ui::jobs::Worker;
use crate::ui::jobs::data::{DataJob, DataProgress};
use crate::ui::jobs::photos::PhotoJob;
use crate::ui::jobs::reader::Read;
use crate::ui::jobs::safety::SafetyJob;
use crate::ui::screens::checklists::ChecklistsState;
use crate::ui::screens::data::{DataState, DataView};
use crate::ui::screens::halls::{HallsState, HallsView};
use crate::ui::screens::history::{HistoryState, HistoryView};
use crate::ui::screens::inspect::{InspectState, InspectView};
use crate::ui::screens::monthly::{MonthlyState, MonthlyView};
use crate::ui::screens::ranking::{RankingState, RankingView};
use crate::ui::screens::rectifications::{RectState, RectView};
use crate::ui::screens::settings::SettingsState;
use crate::ui::screens::today::TodayView;
use crate::ui::screens::trends::{TrendsState, TrendsView};
use crate::ui::widgets::{BackupsView, PhotoView};

/// Each screen's state: what the user typed or chose.
#[derive(Default)]
pub(super) struct ScreenStates {
    pub inspect: InspectState,
    pub history: HistoryState,
    pub rect: RectState,
    pub trends: TrendsState,
    pub ranking: RankingState,
    pub monthly: MonthlyState,
    pub halls: HallsState,
    pub checklists: ChecklistsState,
    pub data: DataState,
    pub settings: SettingsState,
}

/// The data the screens draw from, as the reader and the commands loaded it.
#[derive(Default)]
pub(super) struct Views {
    /// All halls, archived included.
    pub halls: Vec<Hall>,
    /// Open drafts.
    pub drafts: Vec<DraftSummary>,
    pub today: TodayView,
    pub inspect: InspectView,
    pub history: HistoryView,
    pub rect: RectView,
    pub trends: TrendsView,
    pub ranking: RankingView,
    pub monthly: MonthlyView,
    pub halls_view: HallsView,
    pub data: DataView,
    /// The photo viewer, over any screen.
    pub photo: Option<PhotoView>,
    /// The automatic backups (Data and Settings list them).
    pub backups: BackupsView,
    /// The database is known to be damaged: the banner across the window.
    pub damage: Option<DamageView>,
}

/// What the damage banner shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DamageView {
    /// The newest copy in the backups folder, when the damage became known.
    pub newest_backup: Option<PathBuf>,
}

/// The background workers, each started when first needed.
#[derive(Default)]
pub(super) struct Jobs {
    /// Every read of the screens.
    pub reader: Option<Worker<Read>>,
    /// Photo preparation.
    pub photos: Option<Worker<PhotoJob>>,
    /// Export, import, backup and restore.
    pub data: Option<Worker<DataJob>>,
    /// The check of a large file and the day's backup, after opening.
    pub safety: Option<Worker<SafetyJob>>,
    /// The data task running: its progress and whether it can be cancelled.
    pub data_running: Option<(Arc<DataProgress>, bool)>,
    /// Open the file the running export writes when it is done (to print it).
    pub open_when_exported: bool,
}

impl Jobs {
    /// Work the user waits for (a spinner in the status bar).
    pub fn busy(&self) -> bool {
        self.photos.as_ref().is_some_and(Worker::busy)
            || self.safety.as_ref().is_some_and(Worker::busy)
            || self.reader.as_ref().is_some_and(Worker::busy)
            || self.data_running.is_some()
    }
}
