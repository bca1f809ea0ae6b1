//! The eframe app, split by concern: this file holds the [`App`] and its set-up; `state.rs`
//! the screens' state and loaded data; `panels.rs` the frame (navigation, status bar, the
//! screen); `commands.rs` the one place commands are applied, with the walk's in `walk.rs`
//! and the 数据 screen's in `data.rs`; `loading.rs` the reads sent to the reader and the
//! replies taken in.

mod commands;
mod data;
mod loading;
mod panels;
mod rect;
mod state;
mod walk;

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, Local, NaiveDate};

use crate::checklist::{Catalog, load_catalog};
use crate::domain::MoneyRule;
use crate::store::{Settings, Store};
use crate::ui::dialogs::{FileDialogs, NoDialogs, RfdDialogs};
use crate::ui::error::UiError;
use crate::ui::i18n::Lang;
use crate::ui::i18n::errors::{store_error_zh, ui_error_text};
use crate::ui::screens::monthly::MonthlyView;
use crate::ui::screens::ranking::{RankingState, RankingView};
use crate::ui::screens::trends::{TrendsState, TrendsView};
use crate::ui::{Screen, fonts};

use state::{Jobs, ScreenStates, Views};

/// How the app is set up: where its files are, and what it may do outside the frame.
pub struct AppOptions {
    /// The database file.
    pub db_path: PathBuf,
    /// The user template folder.
    pub template_dir: PathBuf,
    /// File dialogs.
    pub dialogs: Box<dyn FileDialogs>,
    /// Run background work on the calling thread (tests: deterministic, no waiting).
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
    /// Why the database could not be opened (the whole window says so).
    open_error: Option<String>,
    catalog: Catalog,
    settings: Settings,
    /// Why the saved settings could not be read: while set, nothing is saved over them.
    settings_unread: Option<String>,
    /// The saved money rule (绩效金额): the default (none) when there is none or it does not
    /// read.
    money: MoneyRule,
    /// Why the saved money rule could not be read (the Settings screen says so, and saving a
    /// new rule there replaces it).
    money_unread: Option<String>,
    screen: Screen,
    states: ScreenStates,
    views: Views,
    jobs: Jobs,
    /// When the last write was saved (status bar).
    saved_at: Option<String>,
    /// The error shown in the status bar.
    error: Option<String>,
    /// The file the last export wrote (status bar, with a button to open it).
    exported: Option<PathBuf>,
}

impl App {
    /// Creates the app: installs the fonts, opens the store and asks for the first data.
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> App {
        fonts::install(&cc.egui_ctx);
        let catalog = load_catalog(Some(&options.template_dir));
        // A damaged file is opened all the same, writes refused, so that a backup can be
        // restored over it from the Data screen (the banner says so). The language is not
        // known before the settings are read: an error is told in Chinese, then in English.
        let opened = match Store::open(&options.db_path) {
            Err(e) if e.is_damage() => Store::open_damaged(&options.db_path).map_err(|_| e),
            opened => opened,
        };
        let (store, open_error) = match opened {
            Ok(store) => (Some(store), None),
            Err(e) => (None, Some(format!("{}\n{e}", store_error_zh(&e)))),
        };
        let mut app = App {
            ctx: cc.egui_ctx.clone(),
            options,
            store,
            open_error,
            catalog,
            settings: Settings::default(),
            settings_unread: None,
            money: MoneyRule::default(),
            money_unread: None,
            screen: Screen::Today,
            states: ScreenStates::default(),
            views: Views::default(),
            jobs: Jobs::default(),
            saved_at: None,
            error: None,
            exported: None,
        };
        app.views.data.export_dir = app.options.export_dir.clone();
        if app.store.is_some() {
            app.read_settings();
            app.load_sync();
            app.start_reader();
            app.start_safety();
        }
        app.ctx.set_zoom_factor(app.settings.zoom);
        app.states.settings.load(&app.settings);
        app.states.settings.money.load(&app.money);
        app.states.history.applied = app.states.history.query();
        app.states.inspect.form.inspector = app.settings.default_inspector.clone();
        app.states.rect.by = app.settings.default_inspector.clone();
        app.refresh_overview();
        app.poll_jobs();
        app
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

    /// The settings in use.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// What the Trends screen chose.
    pub fn trends_state(&self) -> &TrendsState {
        &self.states.trends
    }

    /// What the Trends screen draws.
    pub fn trends_view(&self) -> &TrendsView {
        &self.views.trends
    }

    /// What the Ranking screen draws.
    pub fn ranking_view(&self) -> &RankingView {
        &self.views.ranking
    }

    /// What the Ranking screen chose.
    pub fn ranking_state(&self) -> &RankingState {
        &self.states.ranking
    }

    /// What the Monthly screen draws.
    pub fn monthly_view(&self) -> &MonthlyView {
        &self.views.monthly
    }

    /// The read-only inspection open on the History screen.
    pub fn open_inspection_id(&self) -> Option<i64> {
        self.views
            .history
            .detail
            .as_ref()
            .map(|d| d.detail.header.id)
    }

    /// The row id of the inspection being walked.
    pub fn walk_inspection_id(&self) -> Option<i64> {
        self.views.inspect.walk.as_ref().map(|w| w.detail.header.id)
    }

    /// The UI language.
    fn lang(&self) -> Lang {
        Lang::from_english(self.settings.english)
    }

    fn now(&self) -> DateTime<FixedOffset> {
        self.options
            .fixed_now
            .unwrap_or_else(|| Local::now().fixed_offset())
    }

    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// Shows an error in the status bar, in the UI's language.
    fn show_error(&mut self, error: impl Into<UiError>) {
        self.error = Some(ui_error_text(&error.into(), self.lang()));
    }

    fn mark_saved(&mut self) {
        self.saved_at = Some(self.now().format("%H:%M:%S").to_string());
    }

    /// The open store, or why there is none.
    fn store_or_err(&self) -> Result<&Store, UiError> {
        self.store
            .as_ref()
            .ok_or_else(|| UiError::Failed(self.open_error.clone().unwrap_or_default()))
    }

    /// Reads the saved settings. When they cannot be read the error is shown and the
    /// defaults are used for display only: nothing is saved over the user's settings.
    fn read_settings(&mut self) {
        let Some(store) = &self.store else { return };
        match store.settings() {
            Ok(settings) => {
                self.settings = settings;
                self.settings_unread = None;
            }
            Err(e) => {
                self.settings_unread = Some(e.to_string());
                self.show_error(UiError::SettingsUnread(e.to_string()));
            }
        }
        let Some(store) = &self.store else { return };
        match store.money_rule() {
            Ok(rule) => {
                self.money = rule.unwrap_or_default();
                self.money_unread = None;
            }
            Err(e) => {
                self.money = MoneyRule::default();
                self.money_unread = Some(e.to_string());
                self.show_error(UiError::Store(e));
            }
        }
    }

    /// Saves the money rule and uses it; the Settings form shows the saved 每分金额 when it
    /// changed (a rate typed and not saved stays as typed otherwise).
    fn save_money(&mut self, rule: MoneyRule) -> Result<(), UiError> {
        self.store_or_err()?.save_money_rule(&rule)?;
        let form = &mut self.states.settings.money;
        if rule.per_point != self.money.per_point {
            form.load(&rule);
        } else {
            form.amount.clear();
            form.problem = None;
        }
        self.money = rule;
        self.money_unread = None;
        self.mark_saved();
        Ok(())
    }

    /// Saves `settings` and uses them, unless the saved ones could not be read. The Settings
    /// form shows what was saved when `from_form`; otherwise (zoom, the last inspector) only
    /// what changed is put into it, so fields typed and not yet saved stay as typed.
    fn save_settings(&mut self, settings: Settings, from_form: bool) -> Result<(), UiError> {
        if let Some(reason) = &self.settings_unread {
            return Err(UiError::SettingsUnread(reason.clone()));
        }
        self.store_or_err()?.save_settings(&settings)?;
        let inspector_changed = settings.default_inspector != self.settings.default_inspector;
        self.settings = settings;
        if from_form {
            self.states.settings.load(&self.settings);
        } else if inspector_changed {
            self.states.settings.inspector = self.settings.default_inspector.clone();
        }
        if let Some(walk) = &mut self.views.inspect.walk {
            walk.rescore(&self.settings.bands);
        }
        self.mark_saved();
        Ok(())
    }

    /// Keeps the zoom setting in step with Ctrl +/−. A zoom that cannot be saved is used all
    /// the same (and said once), not tried again every frame.
    fn track_zoom(&mut self, ctx: &egui::Context) {
        let zoom = ctx.zoom_factor();
        if (zoom - self.settings.zoom).abs() <= 0.001 {
            return;
        }
        let mut settings = self.settings.clone();
        settings.zoom = zoom;
        if self.settings_unread.is_some() {
            // Shown at this size, never saved over settings that could not be read.
            self.settings = settings;
        } else if let Err(e) = self.save_settings(settings, false) {
            self.settings.zoom = zoom;
            self.show_error(e);
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.poll_jobs();
        if let Some(cmd) = self.draw(ui) {
            self.run_cmd(cmd);
            // Inline work (tests) has answered already; threads wake the UI themselves.
            self.poll_jobs();
            ui.ctx().request_repaint();
        }
        // History asks for rows whenever its applied filter or sort differs from the one its
        // rows belong to, whatever else the frame asked for.
        if self.screen == Screen::History
            && self.states.history.applied != self.views.history.queried
            && let Err(e) = self.requery_history()
        {
            self.show_error(e);
        }
        let closing = ui.input(|i| i.viewport().close_requested());
        self.save_notes(closing);
        self.track_zoom(ui.ctx());
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_notes(true);
    }
}
