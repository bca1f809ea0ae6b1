//! Reads go to the reader; its replies, prepared photos and finished data tasks are taken
//! in at the start of each frame and put where the screens draw from.

use crate::store::{backups, damage};
use crate::ui::error::UiError;
use crate::ui::jobs::reader::{self, Loaded, Overview, Payload, Read};
use crate::ui::jobs::safety::{self, SafetyJob, SafetyReply};
use crate::ui::jobs::{self, Worker};
use crate::ui::screens::history::DetailView;
use crate::ui::screens::inspect::Walk;
use crate::ui::screens::settings::VerifyStatus;
use crate::ui::screens::today::TodayView;
use crate::ui::widgets::{Thumb, Thumbs};

use super::App;
use super::state::DamageView;

impl App {
    /// Something that wakes the UI from another thread.
    pub(super) fn wake(&self) -> impl Fn() + Send + 'static {
        let ctx = self.ctx.clone();
        move || ctx.request_repaint()
    }

    /// Starts the reader on the database.
    pub(super) fn start_reader(&mut self) {
        let wake = self.wake();
        match reader::start(self.options.db_path.clone(), self.options.inline_jobs, wake) {
            Ok(worker) => self.jobs.reader = Some(worker),
            Err(e) => self.show_error(e),
        }
    }

    /// Asks the reader for `read`.
    pub(super) fn read(&mut self, read: Read) -> Result<(), UiError> {
        match &mut self.jobs.reader {
            Some(reader) => Ok(reader.send(read)?),
            None => Err(UiError::Failed(self.open_error.clone().unwrap_or_default())),
        }
    }

    /// Asks for halls, drafts and the week's overview again (after anything that changes
    /// them, and when Today, Inspect or Halls is shown).
    pub(super) fn refresh_overview(&mut self) {
        if self.jobs.reader.is_none() {
            return;
        }
        let today = self.today();
        if let Err(e) = self.read(Read::Overview { today }) {
            self.show_error(e);
        }
    }

    /// Takes in whatever the workers finished since the last frame.
    pub(super) fn poll_jobs(&mut self) {
        for loaded in jobs::replies(&mut self.jobs.reader) {
            if let Err(e) = self.loaded(loaded) {
                self.show_error(e);
            }
        }
        for prepared in jobs::replies(&mut self.jobs.photos) {
            if let Err(e) = self.photo_prepared(prepared) {
                self.show_error(e);
            }
        }
        self.poll_data();
        self.poll_safety();
        self.track_damage();
    }

    /// Starts the safety work after opening: a file too large to be checked on opening is
    /// checked in the background, then the day's first backup is made (never of a file known
    /// to be damaged).
    pub(super) fn start_safety(&mut self) {
        let Some(store) = &self.store else { return };
        if damage::known_damage(store.path()).is_some() {
            return;
        }
        let job = SafetyJob {
            check: !store.checked_on_open(),
            now: self.now().naive_local(),
        };
        let db = self.options.db_path.clone();
        let handler = move || move |job: &SafetyJob| safety::run_safety(&db, job);
        let started = Worker::start("safety", self.options.inline_jobs, self.wake(), handler)
            .and_then(|mut worker| {
                worker.send(job)?;
                Ok(worker)
            });
        match started {
            Ok(worker) => self.jobs.safety = Some(worker),
            Err(e) => self.show_error(e),
        }
    }

    /// Takes the safety work's reply: a backup made shows in the lists, one that failed is
    /// said (damage found shows as the banner, see [`App::track_damage`]).
    fn poll_safety(&mut self) {
        for reply in jobs::replies(&mut self.jobs.safety) {
            match reply {
                SafetyReply::Done { .. } | SafetyReply::Damaged(_) => self.load_backups(),
                SafetyReply::BackupFailed(message) => {
                    let failed = self.lang().tr().data.daily_failed;
                    self.show_error(self.lang().labelled(failed, message));
                }
            }
        }
    }

    /// Shows the damage banner while this program knows the database to be damaged (found by
    /// any connection: the check, a read, a write), and takes it away after a restore.
    fn track_damage(&mut self) {
        let known = damage::known_damage(&self.options.db_path).is_some();
        if known && self.views.damage.is_none() {
            self.views.damage = Some(DamageView {
                newest_backup: backups::newest_backup(&self.options.db_path),
            });
            self.load_backups();
        } else if !known && self.views.damage.is_some() {
            // Restored: the errors of refused writes are told no more.
            self.views.damage = None;
            self.error = None;
        }
    }

    /// Puts one reply of the reader where its screen draws from, unless the screen has
    /// since asked for something else.
    fn loaded(&mut self, loaded: Loaded) -> Result<(), UiError> {
        let Loaded { read, result } = loaded;
        match read {
            Read::Overview { .. } => {
                if let Payload::Overview(overview) = result? {
                    self.overview_loaded(overview);
                }
            }
            Read::Staff { hall_id } => {
                if self.states.halls.selected == Some(hall_id)
                    && let Payload::Staff(staff) = result?
                {
                    self.views.halls_view.staff = staff;
                }
            }
            Read::Walk { id } => {
                if self.views.inspect.loading != Some(id) {
                    return Ok(());
                }
                self.views.inspect.loading = None;
                if let Payload::Walk(data) = result? {
                    let mut walk = Walk::new(data, &self.settings.bands);
                    let ids = loading_thumbs(&walk.detail.attachments, &mut walk.thumbs);
                    let state = &mut self.states.inspect.walk;
                    state.cursor = walk.first_unanswered();
                    state.scroll_to_cursor = true;
                    self.views.inspect.walk = Some(walk);
                    self.read_thumbs(ids)?;
                }
            }
            Read::Verify => {
                self.states.settings.verify = match result {
                    Ok(Payload::Verify(found)) => VerifyStatus::Done(found),
                    Ok(_) => VerifyStatus::Idle,
                    Err(e) => VerifyStatus::Failed(e.to_string()),
                };
            }
            Read::Detail { id } => {
                let view = &mut self.views.history;
                if view.detail_loading != Some(id) {
                    return Ok(());
                }
                view.detail_loading = None;
                if let Payload::Detail(detail, amendments) = result? {
                    let mut thumbs = Thumbs::new();
                    let ids = loading_thumbs(&detail.attachments, &mut thumbs);
                    let score = detail.score(&self.settings.bands);
                    view.detail = Some(DetailView {
                        detail,
                        amendments,
                        thumbs,
                        score,
                    });
                    self.read_thumbs(ids)?;
                }
            }
            Read::HistoryCount { generation, .. } | Read::HistoryPage { generation, .. } => {
                let view = &mut self.views.history;
                if generation != view.generation {
                    return Ok(());
                }
                // History shows its own errors, beside the list.
                match (read, result) {
                    (_, Err(e)) => view.error = Some(e.to_string()),
                    (_, Ok(Payload::HistoryCount(total))) => view.total = Some(total),
                    (Read::HistoryPage { page, .. }, Ok(Payload::HistoryPage(rows))) => {
                        view.pages.insert(page, rows);
                    }
                    _ => {}
                }
            }
            Read::Trend {
                hall_id,
                period,
                kind,
            } => {
                let view = &mut self.views.trends;
                if view.loading != Some((hall_id, period, kind)) {
                    return Ok(());
                }
                view.loading = None;
                if let Payload::Trend(trend, pareto) = result? {
                    view.trend = Some(trend);
                    view.pareto = Some(pareto);
                }
            }
            Read::ItemList {
                template_id,
                item_id,
                ..
            } => {
                if let Some(list) = &mut self.views.trends.item_list
                    && list.template_id == template_id
                    && list.item_id == item_id
                    && let Payload::ItemList(occurrences) = result?
                {
                    list.occurrences = occurrences;
                }
            }
            Read::Ranking { query, .. } => {
                if self.views.ranking.loading != Some(query) {
                    return Ok(());
                }
                self.views.ranking.loading = None;
                if let Payload::Ranking(data, comparison) = result? {
                    self.views.ranking.data = Some(data);
                    self.views.ranking.comparison = Some(comparison);
                }
            }
            Read::Monthly { hall_id, month, .. } => {
                if self.views.monthly.loading != Some((hall_id, month)) {
                    return Ok(());
                }
                self.views.monthly.loading = None;
                if let Payload::Monthly(sheet) = result? {
                    self.views.monthly.sheet = Some(sheet);
                }
            }
            Read::Rectifications { filter, .. } => {
                let view = &mut self.views.rect;
                if view.loading.as_ref() != Some(&filter) {
                    return Ok(());
                }
                view.loading = None;
                if let Payload::Rectifications(mut rows, owners) = result? {
                    crate::ui::screens::rectifications::working_order(&mut rows);
                    view.rows = rows;
                    view.owners = owners;
                    view.queried = Some(filter);
                }
            }
            Read::Rectification { id, .. } => {
                let view = &mut self.views.rect;
                if view.detail_loading != Some(id) {
                    return Ok(());
                }
                view.detail_loading = None;
                if let Payload::Rectification(detail) = result? {
                    // The history's photos hold the after panel's (and a returned close's).
                    let photos: Vec<_> = detail
                        .before
                        .iter()
                        .chain(detail.history.iter().flat_map(|e| &e.photos))
                        .cloned()
                        .collect();
                    let ids = loading_thumbs(&photos, &mut view.thumbs);
                    view.detail = Some(*detail);
                    self.read_thumbs(ids)?;
                }
            }
            Read::Photo(id) => {
                let unreadable = self.lang().tr().photo_unreadable;
                let image = match result {
                    Ok(Payload::Photo(image)) => Ok(self.ctx.load_texture(
                        format!("photo-large-{id}"),
                        image,
                        egui::TextureOptions::LINEAR,
                    )),
                    Ok(_) => Err(unreadable.to_owned()),
                    Err(e) => Err(e.to_string()),
                };
                if let Some(view) = &mut self.views.photo
                    && view.current() == Some(id)
                {
                    view.image = Some(image);
                }
            }
            Read::Thumbs(ids) => match result {
                Ok(Payload::Thumbs(images)) => self.thumbs_loaded(images),
                // None of them will come: show their names instead of spinners.
                Ok(_) | Err(_) => self.thumbs_loaded(
                    ids.into_iter()
                        .map(|id| (id, Err(UiError::Failed(String::new()))))
                        .collect(),
                ),
            },
        }
        Ok(())
    }

    fn overview_loaded(&mut self, overview: Overview) {
        self.views.today = TodayView::build(overview.entries, overview.today);
        self.views.today.rectifications = overview.rectifications;
        self.views.halls = overview.halls;
        self.views.drafts = overview.drafts;
        let halls = &self.views.halls;
        let state = &mut self.states.halls;
        if state
            .selected
            .is_some_and(|id| !halls.iter().any(|h| h.id == id))
        {
            state.selected = None;
            self.views.halls_view.staff.clear();
        }
    }

    /// Asks for the thumbnails of `ids`, if any.
    pub(super) fn read_thumbs(&mut self, ids: Vec<i64>) -> Result<(), UiError> {
        if ids.is_empty() {
            return Ok(());
        }
        self.read(Read::Thumbs(ids))
    }

    /// Turns decoded thumbnails into textures where the walk, the opened inspection or the
    /// rectification shown waits for them (they may show the same photo).
    fn thumbs_loaded(&mut self, images: Vec<(i64, Result<egui::ColorImage, UiError>)>) {
        for (attachment_id, image) in images {
            let thumb = match image {
                Ok(image) => Thumb::Ready(self.ctx.load_texture(
                    format!("photo-{attachment_id}"),
                    image,
                    egui::TextureOptions::LINEAR,
                )),
                Err(_) => Thumb::Failed,
            };
            let walk = self.views.inspect.walk.as_mut().map(|w| &mut w.thumbs);
            let detail = self.views.history.detail.as_mut().map(|d| &mut d.thumbs);
            let rect = Some(&mut self.views.rect.thumbs);
            for thumbs in [walk, detail, rect].into_iter().flatten() {
                if matches!(thumbs.get(&attachment_id), Some(Thumb::Loading)) {
                    thumbs.insert(attachment_id, thumb.clone());
                }
            }
        }
    }
}

/// Marks the photos not yet in `thumbs` as loading and returns their ids, to be read and
/// decoded by the reader.
fn loading_thumbs(attachments: &[crate::store::AttachmentMeta], thumbs: &mut Thumbs) -> Vec<i64> {
    let mut ids = Vec::new();
    for meta in attachments {
        if let std::collections::hash_map::Entry::Vacant(slot) = thumbs.entry(meta.id) {
            slot.insert(Thumb::Loading);
            ids.push(meta.id);
        }
    }
    ids
}
