//! The frame: the navigation on the left, the status bar at the bottom, the screen in the
//! middle — or, when the database could not be opened, a whole-window explanation.

use egui::RichText;

use crate::ui::screens::{
    checklists, data, halls, history, inspect, monthly, ranking, rectifications, settings, today,
    trends,
};
use crate::ui::widgets::{Shared, photo_viewer};
use crate::ui::{Command, Screen, palette};

use super::App;

impl App {
    /// Draws everything and returns what the user asked for.
    pub(super) fn draw(&mut self, ui: &mut egui::Ui) -> Option<Command> {
        let lang = self.lang();
        let tr = lang.tr();
        if let Some(message) = &self.open_error {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.add_space(40.0);
                ui.vertical_centered(|ui| {
                    ui.heading(RichText::new(tr.open_failed).size(26.0));
                    ui.add_space(16.0);
                    ui.label(RichText::new(message).color(ui.visuals().error_fg_color));
                    ui.add_space(8.0);
                    ui.label(lang.labelled(tr.status_db, self.options.db_path.display()));
                    ui.add_space(8.0);
                    ui.label(tr.open_failed_hint);
                });
            });
            return None;
        }
        self.views.inspect.photo_busy = self
            .jobs
            .photos
            .as_ref()
            .is_some_and(crate::ui::jobs::Worker::busy);
        self.views.rect.photo_busy = self.views.inspect.photo_busy;
        let mut cmd = self.status_bar(ui);
        if let Some(c) = self.damage_banner(ui) {
            cmd = Some(c);
        }
        if let Some(c) = self.navigation(ui) {
            cmd = Some(c);
        }
        let shared = Shared {
            tr,
            lang,
            halls: &self.views.halls,
            drafts: &self.views.drafts,
            catalog: &self.catalog,
            settings: &self.settings,
            money: &self.money,
            money_unread: self.money_unread.as_deref(),
            today: self.today(),
            db_path: &self.options.db_path,
            template_dir: &self.options.template_dir,
            backups: &self.views.backups,
        };
        let states = &mut self.states;
        let views = &self.views;
        egui::CentralPanel::default().show(ui, |ui| {
            let screen_cmd = match self.screen {
                Screen::Today => today::ui(ui, &shared, &views.today),
                Screen::Inspect => inspect::ui(ui, &shared, &mut states.inspect, &views.inspect),
                Screen::History => history::ui(ui, &shared, &mut states.history, &views.history),
                Screen::Rectifications => {
                    rectifications::ui(ui, &shared, &mut states.rect, &views.rect)
                }
                Screen::Trends => trends::ui(ui, &shared, &mut states.trends, &views.trends),
                Screen::Ranking => ranking::ui(ui, &shared, &mut states.ranking, &views.ranking),
                Screen::Monthly => monthly::ui(ui, &shared, &mut states.monthly, &views.monthly),
                Screen::Halls => halls::ui(ui, &shared, &mut states.halls, &views.halls_view),
                Screen::Checklists => checklists::ui(ui, &shared, &mut states.checklists),
                Screen::Data => data::ui(ui, &shared, &mut states.data, &views.data),
                Screen::Settings => settings::ui(ui, &shared, &mut states.settings),
            };
            if screen_cmd.is_some() {
                cmd = screen_cmd;
            }
            if let Some(photo) = &views.photo
                && let Some(c) = photo_viewer(ui, &shared, photo)
            {
                cmd = Some(c);
            }
        });
        cmd
    }

    /// The red banner across the window while the database is known to be damaged: the file,
    /// the newest backup, and a button to the Data screen's restore.
    fn damage_banner(&self, ui: &mut egui::Ui) -> Option<Command> {
        let damage = self.views.damage.as_ref()?;
        let lang = self.lang();
        let tr = lang.tr();
        let mut cmd = None;
        let frame = egui::Frame::new()
            .fill(palette::ALERT)
            .inner_margin(egui::Margin::symmetric(12, 8));
        egui::Panel::top("damage").frame(frame).show(ui, |ui| {
            let text = |s: String| RichText::new(s).color(palette::ON_ALERT);
            ui.horizontal_wrapped(|ui| {
                ui.label(text(format!("⚠ {}", tr.damage_heading)).size(18.0).strong());
                let button = egui::Button::new(
                    RichText::new(tr.damage_restore)
                        .color(palette::ALERT)
                        .strong(),
                )
                .fill(palette::ON_ALERT);
                if ui.add(button).clicked() {
                    cmd = Some(Command::Navigate(Screen::Data));
                }
            });
            ui.label(text(
                lang.labelled(tr.damage_file, self.options.db_path.display()),
            ));
            ui.label(text(match &damage.newest_backup {
                Some(file) => lang.labelled(tr.damage_newest, file.display()),
                None => tr.damage_no_backup.to_owned(),
            }));
        });
        cmd
    }

    /// The database path, the last save or the error, and a spinner while work runs.
    fn status_bar(&self, ui: &mut egui::Ui) -> Option<Command> {
        let lang = self.lang();
        let tr = lang.tr();
        let mut cmd = None;
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(lang.labelled(tr.status_db, self.options.db_path.display()));
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
                if self.jobs.busy() {
                    ui.spinner();
                }
                if let Some(file) = &self.exported {
                    ui.separator();
                    ui.label(lang.labelled(tr.exported_to, file.display()));
                    if ui.small_button(tr.open_file).clicked() {
                        cmd = Some(Command::OpenFile(file.clone()));
                    }
                }
            });
        });
        cmd
    }

    /// The screens, one button each.
    fn navigation(&self, ui: &mut egui::Ui) -> Option<Command> {
        let lang = self.lang();
        let tr = lang.tr();
        let mut cmd = None;
        egui::Panel::left("nav")
            .resizable(false)
            .exact_size(112.0)
            .show(ui, |ui| {
                ui.add_space(8.0);
                ui.label(RichText::new(tr.app_name).strong());
                if !lang.is_english() {
                    ui.label(RichText::new(tr.app_subtitle).small().weak());
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
        cmd
    }
}
