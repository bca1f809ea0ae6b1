//! The eframe app: owns the store and the loaded data, draws the frame, runs commands.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Local, NaiveDate};
use egui::RichText;

use crate::checklist::{Catalog, load_catalog};
use crate::domain::Template;
use crate::store::{
    AttachmentMeta, DraftSummary, Hall, NewInspection, Settings, Store, StoreError,
};
use crate::ui::dialogs::{FileDialogs, NoDialogs, RfdDialogs};
use crate::ui::i18n::{self, tr};
use crate::ui::jobs::{
    HistoryCache, HistoryReader, HistoryReply, HistoryRequest, PhotoBatch, PhotoJobs, ThumbJobs,
    run_history_request,
};
use crate::ui::reports::Reports;
use crate::ui::screens::{self, checklists, halls, history, inspect, settings, today};
use crate::ui::widgets::{Shared, Thumb, Thumbs};
use crate::ui::{Command, Screen, fonts};

mod data;

/// How the app is set up: where its files are, and what it may do outside the frame.
pub struct AppOptions {
    /// The database file.
    pub db_path: PathBuf,
    /// The user template folder.
    pub template_dir: PathBuf,
    /// File dialogs.
    pub dialogs: Box<dyn FileDialogs>,
    /// Run background work on the calling thread (tests: deterministic, no sleeping).
    pub inline_jobs: bool,
    /// A fixed "now" instead of the system clock (tests).
    pub fixed_now: Option<DateTime<FixedOffset>>,
    /// Where exports and backups go when no file dialog can open.
    pub export_dir: PathBuf,
}

impl AppOptions {
    /// The desktop setup: native dialogs, background threads, the system clock.
    pub fn desktop(db_path: PathBuf, template_dir: PathBuf) -> AppOptions {
        AppOptions {
            db_path,
            template_dir,
            dialogs: Box::new(RfdDialogs),
            inline_jobs: false,
            fixed_now: None,
            export_dir: crate::paths::export_dir(),
        }
    }

    /// The test setup: no dialogs, work done inline.
    pub fn test(db_path: PathBuf, template_dir: PathBuf) -> AppOptions {
        let export_dir = db_path.with_file_name("exports");
        AppOptions {
            export_dir,
            db_path,
            template_dir,
            dialogs: Box::new(NoDialogs),
            inline_jobs: true,
            fixed_now: None,
        }
    }
}

/// The HallCheck window.
pub struct App {
    ctx: egui::Context,
    options: AppOptions,
    store: Option<Store>,
    open_error: Option<String>,
    catalog: Catalog,
    settings: Settings,
    screen: Screen,
    // Loaded data.
    halls: Vec<Hall>,
    drafts: Vec<DraftSummary>,
    today_view: today::TodayView,
    walk: Option<inspect::Walk>,
    history_view: history::HistoryView,
    halls_view: halls::HallsView,
    // Screen state (what the user is typing or has selected).
    inspect_state: inspect::InspectState,
    history_state: history::HistoryState,
    halls_state: halls::HallsState,
    settings_state: settings::SettingsState,
    checklists_state: checklists::ChecklistsState,
    // Status.
    saved_at: Option<String>,
    error: Option<String>,
    // Background work.
    photo_jobs: PhotoJobs,
    thumb_jobs: ThumbJobs,
    history_reader: Option<HistoryReader>,
    /// The text-search id list when history requests run here (tests).
    history_cache: HistoryCache,
    // The 数据 screen: form, shown results, the running task.
    data_state: screens::data::DataState,
    data_view: screens::data::DataView,
    data_job: Option<crate::ui::data_jobs::DataJob>,
    // Trends, Ranking and Monthly: state and loaded data.
    reports: Reports,
}

impl App {
    /// Creates the app: installs the fonts, opens the store and loads the first data.
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> App {
        fonts::install(&cc.egui_ctx);
        let catalog = load_catalog(Some(&options.template_dir));
        let (store, open_error) = match Store::open(&options.db_path) {
            Ok(store) => (Some(store), None),
            Err(e) => (None, Some(e.to_string())),
        };
        let settings = store
            .as_ref()
            .and_then(|s| s.settings().ok())
            .unwrap_or_default();
        cc.egui_ctx.set_zoom_factor(settings.zoom);
        let mut app = App {
            ctx: cc.egui_ctx.clone(),
            options,
            store,
            open_error,
            catalog,
            settings,
            screen: Screen::Today,
            halls: Vec::new(),
            drafts: Vec::new(),
            today_view: today::TodayView::default(),
            walk: None,
            history_view: history::HistoryView::default(),
            halls_view: halls::HallsView::default(),
            inspect_state: inspect::InspectState::default(),
            history_state: history::HistoryState::default(),
            halls_state: halls::HallsState::default(),
            settings_state: settings::SettingsState::default(),
            checklists_state: checklists::ChecklistsState::default(),
            saved_at: None,
            error: None,
            photo_jobs: PhotoJobs::default(),
            thumb_jobs: ThumbJobs::default(),
            history_reader: None,
            history_cache: HistoryCache::default(),
            data_state: screens::data::DataState::default(),
            data_view: screens::data::DataView::default(),
            data_job: None,
            reports: Reports::default(),
        };
        app.data_view.export_dir = app.options.export_dir.clone();
        // Five-year trends read thousands of pages: keep them in memory.
        if let Some(store) = &app.store
            && let Err(e) = crate::report::tune_connection(store)
        {
            app.show_error(e.to_string());
        }
        app.settings_state.load(&app.settings);
        app.history_state.applied = app.history_state.query();
        app.inspect_state.form.inspector = app.settings.default_inspector.clone();
        app.reload_common();
        app
    }

    /// An app on `db_path` for tests: no dialogs, background work done inline.
    pub fn new_for_test(
        cc: &eframe::CreationContext<'_>,
        db_path: &Path,
        template_dir: &Path,
    ) -> App {
        App::new(
            cc,
            AppOptions::test(db_path.to_path_buf(), template_dir.to_path_buf()),
        )
    }

    /// Like [`App::new_for_test`] with a fixed clock.
    pub fn new_for_test_at(
        cc: &eframe::CreationContext<'_>,
        db_path: &Path,
        template_dir: &Path,
        now: DateTime<FixedOffset>,
    ) -> App {
        let mut options = AppOptions::test(db_path.to_path_buf(), template_dir.to_path_buf());
        options.fixed_now = Some(now);
        App::new(cc, options)
    }

    /// The screen shown.
    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// The error shown to the user, if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref().or(self.open_error.as_deref())
    }

    /// The store, when it opened.
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    /// The report screens' state and loaded data (what Trends, Ranking and Monthly draw).
    pub fn reports(&self) -> &Reports {
        &self.reports
    }

    /// The read-only inspection open on the History screen.
    pub fn open_inspection_id(&self) -> Option<i64> {
        self.history_view
            .detail
            .as_ref()
            .map(|d| d.detail.header.id)
    }

    /// The row id of the inspection being walked.
    pub fn walk_inspection_id(&self) -> Option<i64> {
        self.walk.as_ref().map(|w| w.detail.header.id)
    }

    fn now(&self) -> DateTime<FixedOffset> {
        self.options
            .fixed_now
            .unwrap_or_else(|| Local::now().fixed_offset())
    }

    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    fn show_error(&mut self, message: impl Into<String>) {
        self.error = Some(message.into());
    }

    fn mark_saved(&mut self) {
        self.saved_at = Some(Local::now().format("%H:%M:%S").to_string());
    }

    /// Reloads halls, drafts and the Today overview.
    fn reload_common(&mut self) {
        let today = self.today();
        let Some(store) = &self.store else { return };
        let from = today - chrono::Days::new(6);
        let loaded = (|| -> Result<_, StoreError> {
            Ok((
                store.halls(true)?,
                store.drafts()?,
                store.day_entries(from, today)?,
            ))
        })();
        match loaded {
            Ok((halls, drafts, entries)) => {
                self.halls = halls;
                self.drafts = drafts;
                self.today_view = today::TodayView::build(entries, today);
            }
            Err(e) => self.show_error(e.to_string()),
        }
    }

    fn reload_staff(&mut self) {
        let Some(store) = &self.store else { return };
        match self.halls_state.selected {
            Some(hall_id) => match store.staff(hall_id, true) {
                Ok(staff) => self.halls_view.staff = staff,
                Err(e) => self.show_error(e.to_string()),
            },
            None => self.halls_view.staff.clear(),
        }
    }

    /// Loads (or reloads) the walk of inspection `id`.
    fn load_walk(&mut self, id: i64) {
        let Some(store) = &self.store else { return };
        let keep = self
            .walk
            .take()
            .filter(|w| w.detail.header.id == id)
            .map(|w| (w.last, w.staff, w.thumbs));
        let result = (|| -> Result<(PhotoBatch, inspect::Walk), StoreError> {
            let detail = store.inspection(id)?;
            let (last, staff, mut thumbs) = match keep {
                Some(kept) => kept,
                None => {
                    let ids: Vec<&str> = detail
                        .templates
                        .iter()
                        .map(|(_, t)| t.id.as_str())
                        .collect();
                    (
                        store.last_results(detail.header.hall_id, &ids, Some(id))?,
                        store.staff(detail.header.hall_id, false)?,
                        Thumbs::new(),
                    )
                }
            };
            thumbs.retain(|aid, _| detail.attachments.iter().any(|a| a.id == *aid));
            let batch = thumb_batch(store, &detail.attachments, &mut thumbs);
            Ok((
                batch,
                inspect::Walk::new(detail, &self.settings.bands, last, staff, thumbs),
            ))
        })();
        match result {
            Ok((batch, walk)) => {
                self.walk = Some(walk);
                self.decode_thumbs(batch);
            }
            Err(e) => self.show_error(e.to_string()),
        }
    }

    fn wake(&self) -> impl Fn() + Send + 'static {
        let ctx = self.ctx.clone();
        move || ctx.request_repaint()
    }

    /// Sends a history request to the reader thread (or runs it here in tests).
    fn history_request(&mut self, request: HistoryRequest) {
        if self.options.inline_jobs {
            if let Some(store) = &self.store {
                let reply = run_history_request(store, &mut self.history_cache, request);
                self.history_reply(reply);
            }
            return;
        }
        if self.history_reader.is_none() {
            match HistoryReader::start(&self.options.db_path, self.wake()) {
                Ok(reader) => self.history_reader = Some(reader),
                Err(e) => {
                    self.show_error(e.to_string());
                    return;
                }
            }
        }
        let sent = self
            .history_reader
            .as_ref()
            .is_some_and(|reader| reader.send(request));
        if !sent {
            self.history_reader = None;
            self.show_error("history reader stopped; reopen the History screen");
        }
    }

    fn history_reply(&mut self, reply: HistoryReply) {
        let view = &mut self.history_view;
        match reply {
            HistoryReply::Count { generation, result } if generation == view.generation => {
                match result {
                    Ok(total) => view.total = Some(total.max(0) as usize),
                    Err(e) => view.error = Some(e),
                }
            }
            HistoryReply::Page {
                generation,
                page,
                result,
            } if generation == view.generation => match result {
                Ok(rows) => {
                    view.pages.insert(page, rows);
                }
                Err(e) => view.error = Some(e),
            },
            // A reply to a query that has since changed.
            _ => {}
        }
    }

    /// Decodes photo thumbnails on a background thread (inline in tests).
    fn decode_thumbs(&mut self, batch: PhotoBatch) {
        if batch.is_empty() {
            return;
        }
        if self.options.inline_jobs {
            self.thumb_jobs.run_inline(batch);
            self.poll_thumbs();
        } else if let Err(e) = self.thumb_jobs.start(batch, self.wake()) {
            self.show_error(e.to_string());
        }
    }

    /// Turns decoded thumbnails into textures of the views that wait for them.
    fn poll_thumbs(&mut self) {
        for done in self.thumb_jobs.poll() {
            let thumb = match done.result {
                Ok(image) => Thumb::Ready(self.ctx.load_texture(
                    format!("photo-{}", done.attachment_id),
                    image,
                    egui::TextureOptions::LINEAR,
                )),
                Err(_) => Thumb::Failed,
            };
            // Both views may show the same photo; they share the texture.
            let walk = self.walk.as_mut().map(|w| &mut w.thumbs);
            let detail = self.history_view.detail.as_mut().map(|d| &mut d.thumbs);
            for thumbs in [walk, detail].into_iter().flatten() {
                if matches!(thumbs.get(&done.attachment_id), Some(Thumb::Loading)) {
                    thumbs.insert(done.attachment_id, thumb.clone());
                }
            }
        }
    }

    fn poll_jobs(&mut self) {
        self.poll_data_job();
        self.poll_thumbs();
        let replies = self
            .history_reader
            .as_ref()
            .map(|r| r.poll())
            .unwrap_or_default();
        for reply in replies {
            self.history_reply(reply);
        }
        for done in self.photo_jobs.poll() {
            match done.result {
                Ok(photo) => {
                    let Some(store) = &self.store else { continue };
                    match store.add_attachment(
                        done.inspection_id,
                        done.template_row,
                        &done.item_id,
                        &photo,
                    ) {
                        Ok(_) => {
                            self.mark_saved();
                            if self.walk_inspection_id() == Some(done.inspection_id) {
                                self.load_walk(done.inspection_id);
                            }
                        }
                        Err(e) => self.show_error(e.to_string()),
                    }
                }
                Err(e) => self.show_error(e),
            }
        }
    }

    /// Keeps the zoom setting in step with Ctrl +/−.
    fn track_zoom(&mut self, ctx: &egui::Context) {
        let zoom = ctx.zoom_factor();
        if (zoom - self.settings.zoom).abs() > 0.001 {
            self.settings.zoom = zoom;
            let settings = self.settings.clone();
            if let Some(store) = &self.store
                && let Err(e) = store.save_settings(&settings)
            {
                self.show_error(e.to_string());
            }
        }
    }

    /// Applies one command; all SQL of the app runs here, never while drawing.
    fn run_cmd(&mut self, cmd: Command) {
        let Some(store) = &self.store else { return };
        let result: Result<(), StoreError> = match cmd {
            Command::Navigate(screen) => {
                self.screen = screen;
                match screen {
                    Screen::Today | Screen::Inspect => self.reload_common(),
                    Screen::History => {
                        if self.history_view.total.is_none() {
                            self.requery_history();
                        }
                    }
                    Screen::Halls => self.reload_staff(),
                    Screen::Checklists | Screen::Settings | Screen::Data => {}
                    Screen::Trends | Screen::Ranking | Screen::Monthly => {
                        let today = self.today();
                        if let Err(e) = self.reports.show(store, screen, &self.halls, today) {
                            self.show_error(e.to_string());
                        }
                    }
                }
                Ok(())
            }
            Command::AddHall { name, code } => {
                let code = code.trim().to_owned();
                store
                    .add_hall(&name, (!code.is_empty()).then_some(code.as_str()))
                    .map(|hall| {
                        self.halls_state.selected = Some(hall.id);
                        self.halls_state.new_name.clear();
                        self.halls_state.new_code.clear();
                    })
            }
            Command::RenameHall { hall_id, name } => store.rename_hall(hall_id, &name),
            Command::SetHallArchived { hall_id, archived } => {
                store.set_hall_archived(hall_id, archived)
            }
            Command::SelectHall(id) => {
                self.halls_state.selected = Some(id);
                self.halls_state.rename = self
                    .halls
                    .iter()
                    .find(|h| h.id == id)
                    .map(|h| h.name.clone())
                    .unwrap_or_default();
                Ok(())
            }
            Command::AddStaff { hall_id, name } => store.add_staff(hall_id, &name).map(|_| {
                self.halls_state.new_staff.clear();
            }),
            Command::SetStaffArchived { staff_id, archived } => {
                store.set_staff_archived(staff_id, archived)
            }
            Command::InspectHall(hall_id) => {
                self.inspect_state.form.hall_id = Some(hall_id);
                self.screen = Screen::Inspect;
                Ok(())
            }
            Command::StartInspection {
                hall_id,
                inspector,
                date,
                shift,
                template_ids,
            } => {
                let templates: Vec<Template> = template_ids
                    .iter()
                    .filter_map(|id| self.catalog.template(id).cloned())
                    .collect();
                let new = NewInspection {
                    hall_id,
                    inspector: &inspector,
                    date,
                    shift,
                    templates: &templates,
                    started_at: self.now(),
                };
                match store.create_inspection(&new) {
                    Ok(id) => {
                        self.history_view.total = None;
                        self.inspect_state.walk = inspect::WalkState::default();
                        self.load_walk(id);
                        self.screen = Screen::Inspect;
                        Ok(())
                    }
                    Err(e) => Err(e),
                }
            }
            Command::ResumeDraft(id) => {
                self.inspect_state.walk = inspect::WalkState::default();
                self.load_walk(id);
                if let Some(walk) = &self.walk {
                    self.inspect_state.walk.cursor = walk.first_unanswered();
                }
                self.screen = Screen::Inspect;
                Ok(())
            }
            Command::DiscardDraft(id) => store.discard_draft(id).map(|()| {
                self.history_view.total = None;
                self.reload_common();
                if self.walk_inspection_id() == Some(id) {
                    self.walk = None;
                }
            }),
            Command::SaveAnswer(answer) => match self.walk_inspection_id() {
                Some(id) => match store.save_answer(id, &answer) {
                    Ok(_) => {
                        self.mark_saved();
                        self.load_walk(id);
                        Ok(())
                    }
                    Err(e) => Err(e),
                },
                None => Ok(()),
            },
            Command::PickPhoto {
                template_row,
                item_id,
            } => {
                match self.options.dialogs.pick_image() {
                    Some(path) => self.run_cmd(Command::AttachPhoto {
                        template_row,
                        item_id,
                        path,
                    }),
                    None => self.inspect_state.walk.show_path_input = true,
                }
                Ok(())
            }
            Command::AttachPhoto {
                template_row,
                item_id,
                path,
            } => {
                if let Some(id) = self.walk_inspection_id() {
                    if self.options.inline_jobs {
                        self.photo_jobs.run_inline(id, template_row, item_id, &path);
                        self.poll_jobs();
                    } else if let Err(e) =
                        self.photo_jobs
                            .start(id, template_row, item_id, path, self.wake())
                    {
                        self.show_error(e.to_string());
                    }
                }
                Ok(())
            }
            Command::RemovePhoto(attachment_id) => match self.walk_inspection_id() {
                Some(id) => store.remove_attachment(id, attachment_id).map(|()| {
                    self.mark_saved();
                    self.load_walk(id);
                }),
                None => Ok(()),
            },
            Command::Submit => match self.walk_inspection_id() {
                Some(id) => {
                    let submitted_at = self.now().to_utc();
                    match store.submit_inspection(id, &self.settings.bands, submitted_at) {
                        Ok(score) => {
                            self.mark_saved();
                            let english = self.settings.english;
                            let rating = if english {
                                score.rating.name_en()
                            } else {
                                score.rating.name_zh()
                            };
                            self.inspect_state.last_submitted = Some(i18n::submitted_line(
                                english,
                                &score.score.to_string(),
                                rating,
                            ));
                            self.walk = None;
                            self.inspect_state.walk = inspect::WalkState::default();
                            self.history_view.total = None;
                            self.reload_common();
                            Ok(())
                        }
                        Err(StoreError::Refused(refusal)) => {
                            self.inspect_state.walk.refusal = Some(refusal);
                            Ok(())
                        }
                        Err(e) => Err(e),
                    }
                }
                None => Ok(()),
            },
            Command::CloseWalk => {
                self.walk = None;
                self.inspect_state.walk = inspect::WalkState::default();
                self.reload_common();
                Ok(())
            }
            Command::HistoryRequery => {
                self.requery_history();
                Ok(())
            }
            Command::HistoryPage(page) => {
                if self.history_view.requested.insert(page) {
                    let request = HistoryRequest::Page {
                        generation: self.history_view.generation,
                        query: self.history_state.applied.clone(),
                        page,
                    };
                    self.history_request(request);
                }
                Ok(())
            }
            Command::OpenInspection(id) => match store.inspection(id) {
                Ok(detail) => {
                    let mut thumbs = Thumbs::new();
                    let batch = thumb_batch(store, &detail.attachments, &mut thumbs);
                    self.history_view.detail = Some(history::DetailView { detail, thumbs });
                    self.decode_thumbs(batch);
                    Ok(())
                }
                Err(e) => Err(e),
            },
            Command::CloseInspection => {
                self.history_view.detail = None;
                Ok(())
            }
            Command::Reports(cmd) => {
                let today = self.today();
                match self.reports.run(store, cmd, today) {
                    Ok(then) => then.into_iter().for_each(|cmd| self.run_cmd(cmd)),
                    Err(e) => self.show_error(e.to_string()),
                }
                Ok(())
            }
            Command::SaveSettings(settings) => match store.save_settings(&settings) {
                Ok(()) => {
                    self.settings = settings;
                    self.settings_state.load(&self.settings);
                    self.mark_saved();
                    Ok(())
                }
                Err(e) => Err(e),
            },
            Command::OpenFolder(path) => {
                if let Err(e) = std::fs::create_dir_all(&path) {
                    self.show_error(format!("{}: {e}", path.display()));
                } else {
                    self.ctx
                        .open_url(egui::OpenUrl::new_tab(crate::paths::file_url(&path)));
                }
                Ok(())
            }
            Command::ReloadTemplates => {
                self.catalog = load_catalog(Some(&self.options.template_dir));
                Ok(())
            }
            Command::DismissError => {
                self.error = None;
                Ok(())
            }
            Command::Data(data_cmd) => {
                self.run_data_cmd(data_cmd);
                Ok(())
            }
        };
        match result {
            Ok(()) => {}
            Err(e) => self.show_error(e.to_string()),
        }
        // Writes change what the overview and halls show.
        if matches!(self.screen, Screen::Halls) {
            self.reload_common();
            self.reload_staff();
        }
    }

    fn requery_history(&mut self) {
        let view = &mut self.history_view;
        view.generation += 1;
        view.total = None;
        view.pages.clear();
        view.requested.clear();
        view.error = None;
        let request = HistoryRequest::Count {
            generation: view.generation,
            query: self.history_state.applied.clone(),
        };
        self.history_request(request);
        self.run_cmd(Command::HistoryPage(0));
    }

    fn busy(&self) -> bool {
        self.photo_jobs.pending > 0 || self.data_job.is_some()
    }

    /// Draws everything and returns what the user asked for.
    fn draw(&mut self, ui: &mut egui::Ui) -> Option<Command> {
        let english = self.settings.english;
        let tr = tr(english);
        if let Some(message) = &self.open_error {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.add_space(40.0);
                ui.vertical_centered(|ui| {
                    ui.heading(RichText::new(tr.open_failed).size(26.0));
                    ui.add_space(16.0);
                    ui.label(RichText::new(message).color(ui.visuals().error_fg_color));
                    ui.add_space(8.0);
                    ui.label(format!(
                        "{}: {}",
                        tr.status_db,
                        self.options.db_path.display()
                    ));
                    ui.add_space(8.0);
                    ui.label(tr.open_failed_hint);
                });
            });
            return None;
        }
        let mut cmd = None;
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(format!(
                    "{}: {}",
                    tr.status_db,
                    self.options.db_path.display()
                ));
                ui.separator();
                match (&self.error, &self.saved_at) {
                    (Some(e), _) => {
                        ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
                        if ui.small_button(tr.dismiss).clicked() {
                            cmd = Some(Command::DismissError);
                        }
                    }
                    (None, Some(at)) => {
                        ui.label(format!("{} {at}", tr.status_saved));
                    }
                    (None, None) => {
                        ui.label(tr.status_ready);
                    }
                }
                if self.busy() {
                    ui.spinner();
                }
            });
        });
        egui::Panel::left("nav")
            .resizable(false)
            .exact_size(112.0)
            .show(ui, |ui| {
                ui.add_space(8.0);
                ui.label(RichText::new("HallCheck").strong());
                if !self.settings.english {
                    ui.label(RichText::new("营业窗口巡查").small().weak());
                }
                ui.add_space(6.0);
                for screen in Screen::ALL {
                    let button = egui::Button::selectable(
                        self.screen == screen,
                        RichText::new(screen.label(tr)).size(18.0),
                    )
                    .min_size(egui::vec2(96.0, 34.0));
                    if ui.add(button).clicked() {
                        cmd = Some(Command::Navigate(screen));
                    }
                }
            });
        let today = self.today();
        let shared = Shared {
            tr,
            english,
            halls: &self.halls,
            catalog: &self.catalog,
            settings: &self.settings,
            today,
            db_path: &self.options.db_path,
            template_dir: &self.options.template_dir,
        };
        let busy = self.photo_jobs.pending > 0;
        egui::CentralPanel::default().show(ui, |ui| {
            let screen_cmd = match self.screen {
                Screen::Today => today::ui(ui, &shared, &self.today_view, &self.drafts),
                Screen::Inspect => inspect::ui(
                    ui,
                    &shared,
                    &mut self.inspect_state,
                    self.walk.as_ref(),
                    &self.drafts,
                    busy,
                ),
                Screen::History => {
                    history::ui(ui, &shared, &mut self.history_state, &self.history_view)
                }
                Screen::Halls => halls::ui(ui, &shared, &mut self.halls_state, &self.halls_view),
                Screen::Checklists => checklists::ui(ui, &shared, &mut self.checklists_state),
                Screen::Settings => settings::ui(ui, &shared, &mut self.settings_state),
                Screen::Data => {
                    screens::data::ui(ui, &shared, &mut self.data_state, &self.data_view)
                }
                Screen::Trends => self.reports.trends_screen(ui, english),
                Screen::Ranking => self
                    .reports
                    .ranking_screen(ui, &self.settings.bands, english),
                Screen::Monthly => self.reports.monthly_screen(ui, english),
            };
            if screen_cmd.is_some() {
                cmd = screen_cmd;
            }
        });
        cmd
    }
}

/// Marks the photos not yet in `thumbs` as loading and returns their stored bytes, to be
/// decoded off the frame path; a photo whose bytes cannot be read is marked failed.
fn thumb_batch(store: &Store, attachments: &[AttachmentMeta], thumbs: &mut Thumbs) -> PhotoBatch {
    let mut batch = Vec::new();
    for meta in attachments {
        if thumbs.contains_key(&meta.id) {
            continue;
        }
        match store.attachment_bytes(meta.id) {
            Ok(bytes) => {
                thumbs.insert(meta.id, Thumb::Loading);
                batch.push((meta.id, bytes));
            }
            Err(_) => {
                thumbs.insert(meta.id, Thumb::Failed);
            }
        }
    }
    batch
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.poll_jobs();
        if let Some(cmd) = self.draw(ui) {
            self.run_cmd(cmd);
            ui.ctx().request_repaint();
        }
        self.track_zoom(ui.ctx());
    }
}
