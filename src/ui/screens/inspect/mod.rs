//! 巡查 Inspect: start an inspection ([`start`]), then walk its items area by area, one key
//! per answer ([`walk`]). The loaded walk ([`Walk`]) updates itself in place from each saved
//! answer and rescores with the checklists it holds, without reading the inspection again.

mod confirm;
mod item;
mod start;
mod walk;

use std::collections::{HashMap, HashSet};

use egui::Ui;

use crate::domain::{
    InspectionKind, InspectionScore, Item, NOTE_MAX_CHARS, Outcome, RatingBands, Shift, Template,
    score_inspection,
};
use crate::store::{
    AnswerInput, DraftSummary, InspectionDetail, LastResult, PriorRectification, ResultRow, Staff,
    SubmitRefusal,
};
use crate::ui::Command;
use crate::ui::jobs::reader::WalkData;
use crate::ui::widgets::{Shared, SignaturePad, Thumbs};

/// A note with a reason added: the reason alone for an empty note, the note unchanged when it
/// already holds the reason or has no room for it, else the reason after a full-width
/// semicolon.
pub fn with_reason(note: &str, reason: &str) -> String {
    let note = note.trim_end();
    if note.is_empty() {
        return reason.to_owned();
    }
    let joined = format!("{note}；{reason}");
    if note.contains(reason) || joined.chars().count() > NOTE_MAX_CHARS {
        return note.to_owned();
    }
    joined
}

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
    /// Kind (自查 unless another is chosen).
    pub kind: InspectionKind,
    /// Chosen template ids; empty with `all` set means every checklist.
    pub chosen: Vec<String>,
    /// "全部检查表": every checklist.
    pub all: bool,
    /// Form initialised.
    pub ready: bool,
}

/// How many reasons an item offers at most: one per key Alt+1 … Alt+9.
pub const MAX_REASONS: usize = 9;

/// How long a typed note waits, after the last keystroke, before it is saved.
pub const NOTE_SAVE_DELAY_SECS: f64 = 0.4;

/// How long a note whose save failed waits before it is tried again.
const NOTE_RETRY_SECS: f64 = 3.0;

/// The walk's UI state.
#[derive(Debug, Clone, Default)]
pub struct WalkState {
    /// Index into [`Walk::items`].
    pub cursor: usize,
    /// The note being typed and the item it belongs to.
    pub note: String,
    /// (template row, item id) of `note`.
    pub note_item: Option<(i64, String)>,
    /// When `note` was last typed into and not yet saved (UI clock, seconds).
    pub note_edited_at: Option<f64>,
    /// Notes typed on items the walk has since left, or whose save failed, to be saved.
    pub unsaved: Vec<AnswerInput>,
    /// After a failed save, the notes wait until then (UI clock) before they are tried again.
    pub retry_at: Option<f64>,
    /// Put the keyboard in the count field when it appears (after a fail).
    pub focus_count: bool,
    /// The current item's input fields (count, staff, note): Enter and Esc act on them.
    pub fields: Vec<egui::Id>,
    /// The list of people to tick was open in the last frame.
    pub staff_open: bool,
    /// Typed photo path.
    pub photo_path: String,
    /// Show the typed path input (no dialog available).
    pub show_path_input: bool,
    /// The typed path is of an after-photo of a fix on the spot.
    pub path_after_fix: bool,
    /// The submit confirmation is open.
    pub confirm: bool,
    /// The last refusal of the store.
    pub refusal: Option<SubmitRefusal>,
    /// The hall manager's name, typed in the submit confirmation.
    pub signer: String,
    /// The hall manager's signature, drawn in the submit confirmation.
    pub pad: SignaturePad,
    /// Put the keyboard in the signer's name when the confirmation opens.
    pub focus_signer: bool,
    /// Scroll the item list to the cursor.
    pub scroll_to_cursor: bool,
}

impl WalkState {
    /// Moves the cursor `step` items (within the walk's `total`) and keeps it in sight.
    pub fn move_by(&mut self, step: isize, total: usize) {
        let target = self.cursor.saturating_add_signed(step);
        if target < total && target != self.cursor {
            self.cursor = target;
            self.scroll_to_cursor = true;
        }
    }

    /// The note as typed, as an answer to save: the item's stored answer with this note.
    pub fn note_answer(&self, walk: &Walk) -> Option<AnswerInput> {
        let (row, item_id) = self.note_item.as_ref()?;
        let stored = walk.detail.result(*row, item_id)?;
        Some(AnswerInput {
            template_row: *row,
            item_id: item_id.clone(),
            outcome: stored.outcome,
            count: stored.count,
            rate: stored.rate,
            note: self.note.clone(),
            staff_ids: stored.staff.iter().map(|s| s.id).collect(),
        })
    }

    /// Makes the note the current item's: the note typed on the item left is kept to be saved,
    /// and the current item's stored note is taken up. True when the item changed.
    pub fn follow_cursor(&mut self, walk: &Walk) -> bool {
        let Some((row, _, item)) = walk.at(self.cursor) else {
            return false;
        };
        let key = (row, item.id.clone());
        if self.note_item.as_ref() == Some(&key) {
            return false;
        }
        self.leave_item(walk);
        self.note = walk
            .detail
            .result(row, &item.id)
            .map(|r| r.note.clone())
            .unwrap_or_default();
        self.note_item = Some(key);
        true
    }

    /// The `index`-th reason offered for the current (failed) item goes into its note, which is
    /// saved at once. Nothing for an item not failed or a reason not offered.
    pub fn pick_reason(&mut self, walk: &Walk, index: usize) -> Option<AnswerInput> {
        self.follow_cursor(walk);
        let (_, template, item) = walk.at(self.cursor)?;
        if walk.result_at(self.cursor)?.outcome != Outcome::Fail {
            return None;
        }
        let reason = *walk.reasons(template, item).get(index)?;
        self.note = with_reason(&self.note, reason);
        self.note_edited_at = None;
        item::answer_for(walk, self, self.cursor, Outcome::Fail)
    }

    /// The note was typed into at `now`.
    pub fn note_typed(&mut self, now: f64) {
        self.note_edited_at = Some(now);
    }

    /// Moves the note of the item being left to the notes to save, if it was typed into.
    pub fn leave_item(&mut self, walk: &Walk) {
        if self.note_edited_at.take().is_some()
            && let Some(answer) = self.note_answer(walk)
        {
            self.unsaved.push(answer);
        }
    }

    /// The notes to save now: those of items left behind, and the current one once typing
    /// has paused for [`NOTE_SAVE_DELAY_SECS`] (or at once with `force`: the walk, the screen
    /// or the app is being left).
    pub fn notes_to_save(&mut self, walk: &Walk, now: f64, force: bool) -> Vec<AnswerInput> {
        if !force && self.retry_at.is_some_and(|at| now < at) {
            return Vec::new();
        }
        self.retry_at = None;
        let mut out = std::mem::take(&mut self.unsaved);
        if let Some(edited) = self.note_edited_at
            && (force || now - edited >= NOTE_SAVE_DELAY_SECS)
        {
            self.note_edited_at = None;
            out.extend(self.note_answer(walk));
        }
        out
    }

    /// A note could not be saved: it is kept, and tried again a little later.
    pub fn save_failed(&mut self, answer: AnswerInput, now: f64) {
        self.unsaved.push(answer);
        self.retry_at = Some(now + NOTE_RETRY_SECS);
    }

    /// Whether any note typed is not saved yet.
    pub fn has_unsaved_notes(&self) -> bool {
        !self.unsaved.is_empty() || self.note_edited_at.is_some()
    }

    /// The answer just saved carried the note as typed: nothing is left to save for it.
    pub fn saved(&mut self, answer: &AnswerInput) {
        let same_item = self
            .note_item
            .as_ref()
            .is_some_and(|(row, id)| *row == answer.template_row && *id == answer.item_id);
        if same_item && answer.note == self.note {
            self.note_edited_at = None;
        }
    }
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
    /// A draft waiting for the user's confirmation before it is deleted.
    pub confirm_discard: Option<DraftSummary>,
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
    /// The hall's recent reasons for failing each item, by (template id, item id).
    recent_notes: HashMap<(String, String), Vec<String>>,
    /// (template index, item index) in walking order.
    pub items: Vec<(usize, usize)>,
    /// Photo thumbnails by attachment id.
    pub thumbs: Thumbs,
    /// The earlier rectification a fail of each item would repeat (重复问题), by (template
    /// id, item id).
    pub prior: HashMap<(String, String), PriorRectification>,
    /// The answers marked fixed on the spot (当场整改), as (template row, item id).
    pub fixed_on_spot: HashSet<(i64, String)>,
}

impl Walk {
    /// Builds a walk from a loaded inspection.
    pub fn new(data: WalkData, bands: &RatingBands) -> Walk {
        let WalkData {
            detail,
            last,
            staff,
            recent_notes,
            prior,
            fixed_on_spot,
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
            recent_notes,
            items,
            thumbs: Thumbs::new(),
            prior: prior
                .into_iter()
                .map(|p| ((p.template_id.clone(), p.item_id.clone()), p))
                .collect(),
            fixed_on_spot: fixed_on_spot.into_iter().collect(),
        }
    }

    /// Whether the answer of `item_id` in template row `row` is marked fixed on the spot.
    pub fn is_fixed_on_spot(&self, row: i64, item_id: &str) -> bool {
        self.fixed_on_spot.contains(&(row, item_id.to_owned()))
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

    /// The reasons offered for failing an item: its checklist's common reasons, then the hall's
    /// recent notes for it, each once, at most [`MAX_REASONS`] (one per key Alt+1…Alt+9).
    pub fn reasons<'a>(&'a self, template: &Template, item: &'a Item) -> Vec<&'a str> {
        let recent = self
            .recent_notes
            .get(&(template.id.clone(), item.id.clone()))
            .into_iter()
            .flatten();
        let mut out: Vec<&str> = Vec::new();
        for reason in item.reasons.iter().chain(recent) {
            if out.len() == MAX_REASONS {
                break;
            }
            if !out.contains(&reason.as_str()) {
                out.push(reason);
            }
        }
        out
    }

    /// Item text by (template row, item id).
    pub fn item_text_at(&self, row: i64, item_id: &str) -> String {
        match self.detail.templates.iter().find(|(r, _)| *r == row) {
            Some((_, t)) => self.item_text(&t.id, item_id, false),
            None => item_id.to_owned(),
        }
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
