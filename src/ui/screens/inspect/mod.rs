//! 巡查 Inspect: start an inspection ([`start`]), then walk its items area by area, one key
//! per answer ([`walk`]). The loaded walk ([`Walk`]) updates itself in place from each saved
//! answer and rescores with the checklists it holds, without reading the inspection again.

mod start;
mod walk;

use std::collections::HashMap;

use egui::Ui;

use crate::domain::{InspectionScore, Item, RatingBands, Shift, Template, score_inspection};
use crate::store::{InspectionDetail, LastResult, ResultRow, Staff, SubmitRefusal};
use crate::ui::Command;
use crate::ui::jobs::reader::WalkData;
use crate::ui::widgets::{Shared, Thumbs};

/// The start form.
#[derive(Debug, Clone, Default)]
pub struct StartForm {
    /// Chosen hall.
    pub hall_id: Option<i64>,
    /// Inspector name.
    pub inspector: String,
    /// Date as typed; empty means today.
    pub date_text: String,
    /// Shift.
    pub shift: Option<Shift>,
    /// Chosen template ids; empty with `all` set means every checklist.
    pub chosen: Vec<String>,
    /// "全部两会三制".
    pub all: bool,
    /// Form initialised.
    pub ready: bool,
}

/// The walk's UI state.
#[derive(Debug, Clone, Default)]
pub struct WalkState {
    /// Index into [`Walk::items`].
    pub cursor: usize,
    /// The note being typed and the item it belongs to.
    pub note: String,
    /// (template row, item id) of `note`.
    pub note_item: Option<(i64, String)>,
    /// Typed photo path.
    pub photo_path: String,
    /// Show the typed path input (no dialog available).
    pub show_path_input: bool,
    /// The submit confirmation is open.
    pub confirm: bool,
    /// The last refusal of the store.
    pub refusal: Option<SubmitRefusal>,
    /// Scroll the item list to the cursor.
    pub scroll_to_cursor: bool,
}

/// The Inspect screen's state.
#[derive(Debug, Clone, Default)]
pub struct InspectState {
    /// Start form.
    pub form: StartForm,
    /// Walk UI state.
    pub walk: WalkState,
    /// The result line of the last submit.
    pub last_submitted: Option<String>,
}

/// The loaded inspection being walked.
pub struct Walk {
    /// Header, snapshots, answers, photos.
    pub detail: InspectionDetail,
    /// The checklists in walking order, as scoring takes them.
    templates: Vec<Template>,
    /// Running score.
    pub score: InspectionScore,
    /// The hall's last results, by (template id, item id).
    pub last: HashMap<(String, String), LastResult>,
    /// The hall's staff.
    pub staff: Vec<Staff>,
    /// (template index, item index) in walking order.
    pub items: Vec<(usize, usize)>,
    /// Photo thumbnails by attachment id.
    pub thumbs: Thumbs,
}

impl Walk {
    /// Builds a walk from a loaded inspection.
    pub fn new(data: WalkData, bands: &RatingBands) -> Walk {
        let WalkData {
            detail,
            last,
            staff,
        } = data;
        let templates: Vec<Template> = detail.templates.iter().map(|(_, t)| t.clone()).collect();
        let score = score_inspection(&templates, &detail.answers(), bands);
        let items = detail
            .templates
            .iter()
            .enumerate()
            .flat_map(|(t, (_, template))| (0..template.items.len()).map(move |i| (t, i)))
            .collect();
        Walk {
            detail,
            templates,
            score,
            last,
            staff,
            items,
            thumbs: Thumbs::new(),
        }
    }

    /// Takes in an answer just saved (as the store returned it) and rescores.
    pub fn answered(&mut self, saved: ResultRow, bands: &RatingBands) {
        let results = &mut self.detail.results;
        match results
            .iter_mut()
            .find(|r| r.template_row == saved.template_row && r.item_id == saved.item_id)
        {
            Some(stored) => *stored = saved,
            None => results.push(saved),
        }
        self.rescore(bands);
    }

    /// Recomputes the running score from the answers held (the bands may have changed).
    pub fn rescore(&mut self, bands: &RatingBands) {
        self.score = score_inspection(&self.templates, &self.detail.answers(), bands);
    }

    /// The template row, template and item at a walking position.
    pub fn at(&self, index: usize) -> Option<(i64, &Template, &Item)> {
        let (t, i) = *self.items.get(index)?;
        let (row, template) = self.detail.templates.get(t)?;
        Some((*row, template, template.items.get(i)?))
    }

    /// The answer at a walking position.
    pub fn result_at(&self, index: usize) -> Option<&ResultRow> {
        let (row, _, item) = self.at(index)?;
        self.detail.result(row, &item.id)
    }

    /// The first unanswered position (or 0).
    pub fn first_unanswered(&self) -> usize {
        (0..self.items.len())
            .find(|i| self.result_at(*i).is_none())
            .unwrap_or(0)
    }

    /// Item text by (template id, item id).
    pub(super) fn item_text(&self, template_id: &str, item_id: &str, english: bool) -> String {
        self.detail
            .templates
            .iter()
            .find(|(_, t)| t.id == template_id)
            .and_then(|(_, t)| Some((t, t.item(item_id)?)))
            .map(|(t, i)| format!("{} · {}", t.name_in(english), i.text_in(english)))
            .unwrap_or_else(|| format!("{template_id}/{item_id}"))
    }
}

/// What the Inspect screen draws from.
#[derive(Default)]
pub struct InspectView {
    /// The inspection being walked.
    pub walk: Option<Walk>,
    /// The inspection being loaded to walk.
    pub loading: Option<i64>,
    /// Photos are being prepared.
    pub photo_busy: bool,
}

/// Draws the Inspect screen: the start form, or the walk.
pub fn ui(
    ui: &mut Ui,
    shared: &Shared,
    state: &mut InspectState,
    view: &InspectView,
) -> Option<Command> {
    match &view.walk {
        Some(walk) => walk::ui(ui, shared, &mut state.walk, walk, view.photo_busy),
        None if view.loading.is_some() => {
            ui.spinner();
            None
        }
        None => start::ui(ui, shared, state),
    }
}
