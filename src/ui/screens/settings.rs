//! 设置 Settings: language, default inspector, rating bands, the checklists in use, the
//! rectification rule (整改规则), the money rule (绩效金额, in [`money`]), folders, version,
//! and the automatic backups (a restore asks on the Data screen).

mod money;

use egui::{RichText, Ui};

pub use money::MoneyState;

use crate::domain::{
    BandsError, DEADLINE_DAYS_MAX, Points, Rating, RatingBands, RectificationRule,
    RectificationScope,
};
use crate::store::chain::Verification;
use crate::store::{Settings, SyncSettings};
use crate::ui::Command;
use crate::ui::i18n::Lang;
use crate::ui::palette;
use crate::ui::widgets::{Shared, backups_ui, labelled_text};

/// Where the tamper check stands.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum VerifyStatus {
    /// Not run since the program started.
    #[default]
    Idle,
    /// Running in the background.
    Running,
    /// Done: what it found.
    Done(Verification),
    /// It could not run.
    Failed(String),
}

/// The fields as typed.
#[derive(Debug, Clone, Default)]
pub struct SettingsState {
    /// Default inspector.
    pub inspector: String,
    /// 优秀 lower bound.
    pub excellent: String,
    /// 良好 lower bound.
    pub good: String,
    /// 合格 lower bound.
    pub pass: String,
    /// Last validation problem.
    pub problem: Option<String>,
    /// The 绩效金额 section.
    pub money: MoneyState,
    /// The tamper check.
    pub verify: VerifyStatus,
    /// The rectification rule as typed.
    pub rule: RuleFields,
    /// The district server as typed.
    pub server: ServerFields,
}

/// The district server's fields as typed.
#[derive(Debug, Clone, Default)]
pub struct ServerFields {
    /// postgres://user@host:5432/database.
    pub url: String,
    /// A new password (never shown again once saved).
    pub password: String,
    /// Follow every hall (a district PC).
    pub all_halls: bool,
    /// Just saved.
    pub saved: bool,
}

impl ServerFields {
    /// Fills the fields from saved settings; a password typed is cleared.
    pub fn load(&mut self, settings: &SyncSettings) {
        self.url.clone_from(&settings.url);
        self.all_halls = settings.all_halls;
        self.password.clear();
        self.saved = false;
    }
}

/// The rectification rule's fields as typed.
#[derive(Debug, Clone, Default)]
pub struct RuleFields {
    /// Only veto items and deductions of at least `least` points open one.
    pub limited: bool,
    /// The threshold in points.
    pub least: String,
    /// Days to fix an ordinary item.
    pub days: String,
    /// Days to fix a veto item.
    pub veto_days: String,
    /// What does not make a rule.
    pub problem: bool,
}

impl RuleFields {
    /// Fills the fields from a saved rule.
    pub fn load(&mut self, rule: &RectificationRule) {
        let (limited, least) = match rule.scope {
            RectificationScope::EveryFail => (false, Points::from_whole(2)),
            RectificationScope::VetoOrAtLeast(least) => (true, least),
        };
        self.limited = limited;
        self.least = least.to_string();
        self.days = rule.deadline_days.to_string();
        self.veto_days = rule.veto_deadline_days.to_string();
        self.problem = false;
    }

    /// The rule typed, if the fields make one.
    pub fn rule(&self) -> Option<RectificationRule> {
        let days = |t: &str| {
            t.trim()
                .parse::<u32>()
                .ok()
                .filter(|d| *d <= DEADLINE_DAYS_MAX)
        };
        let scope = if self.limited {
            let least = Points::parse(self.least.trim()).ok()?;
            RectificationScope::VetoOrAtLeast(least)
        } else {
            RectificationScope::EveryFail
        };
        let rule = RectificationRule {
            scope,
            deadline_days: days(&self.days)?,
            veto_deadline_days: days(&self.veto_days)?,
        };
        rule.validate().ok()?;
        Some(rule)
    }
}

impl SettingsState {
    /// Fills the fields from saved settings.
    pub fn load(&mut self, settings: &Settings) {
        self.inspector = settings.default_inspector.clone();
        self.excellent = settings.bands.excellent.to_string();
        self.good = settings.bands.good.to_string();
        self.pass = settings.bands.pass.to_string();
        self.problem = None;
        self.rule.load(&settings.rectification);
    }
}

/// Draws the Settings screen.
pub fn ui(ui: &mut Ui, shared: &Shared, state: &mut SettingsState) -> Option<Command> {
    ui.heading(shared.tr.nav_settings);
    ui.add_space(6.0);
    egui::ScrollArea::vertical()
        .id_salt("settings")
        .auto_shrink([false, false])
        .show(ui, |ui| body(ui, shared, state))
        .inner
}

fn body(ui: &mut Ui, shared: &Shared, state: &mut SettingsState) -> Option<Command> {
    let tr = shared.tr;
    let mut cmd = None;
    ui.horizontal(|ui| {
        ui.label(tr.language);
        for lang in Lang::ALL {
            if ui
                .selectable_label(shared.lang == lang, lang.own_name())
                .clicked()
                && shared.lang != lang
            {
                let mut settings = shared.settings.clone();
                settings.english = lang.is_english();
                cmd = Some(Command::SaveSettings(settings));
            }
        }
    });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        labelled_text(ui, tr.default_inspector, &mut state.inspector, 200.0);
    });
    ui.label(tr.rating_bands);
    ui.horizontal(|ui| {
        labelled_text(
            ui,
            shared.rating_name(crate::domain::Rating::Excellent),
            &mut state.excellent,
            60.0,
        );
        labelled_text(
            ui,
            shared.rating_name(crate::domain::Rating::Good),
            &mut state.good,
            60.0,
        );
        labelled_text(
            ui,
            shared.rating_name(crate::domain::Rating::Pass),
            &mut state.pass,
            60.0,
        );
    });
    if ui.button(tr.save).clicked() {
        let parsed = (|| -> Result<RatingBands, &'static str> {
            let parse = |t: &str| Points::parse(t.trim()).map_err(|_| tr.band_not_points);
            let bands = RatingBands {
                excellent: parse(&state.excellent)?,
                good: parse(&state.good)?,
                pass: parse(&state.pass)?,
            };
            bands.validate().map_err(|e| match e {
                BandsError::OutOfRange => tr.bands_out_of_range,
                BandsError::NotDescending => tr.bands_not_descending,
            })?;
            Ok(bands)
        })();
        match parsed {
            Ok(bands) => {
                let mut settings = shared.settings.clone();
                settings.bands = bands;
                settings.default_inspector = state.inspector.trim().to_owned();
                state.problem = None;
                cmd = Some(Command::SaveSettings(settings));
            }
            Err(e) => state.problem = Some(e.to_owned()),
        }
    }
    if let Some(problem) = &state.problem {
        ui.label(RichText::new(problem).color(ui.visuals().error_fg_color));
    }
    ui.separator();
    ui.label(tr.checklists_in_use);
    ui.horizontal_wrapped(|ui| {
        for loaded in &shared.catalog.templates {
            let t = &loaded.template;
            let mut on = shared.settings.uses(t);
            let name = t.name_in(shared.lang.is_english());
            let label = if t.optional {
                shared.lang.bracketed(name, tr.optional_checklist)
            } else {
                name.to_owned()
            };
            if ui.checkbox(&mut on, label).changed() {
                let mut settings = shared.settings.clone();
                settings.set_used(t, on);
                cmd = Some(Command::SaveSettings(settings));
            }
        }
    });
    ui.separator();
    if let Some(c) = rule_ui(ui, shared, &mut state.rule) {
        cmd = Some(c);
    }
    ui.separator();
    if let Some(c) = money::money_ui(ui, shared, &mut state.money) {
        cmd = Some(c);
    }
    ui.separator();
    ui.label(format!(
        "{} {:.0}% · {}",
        tr.zoom,
        shared.settings.zoom * 100.0,
        tr.zoom_hint
    ));
    ui.separator();
    egui::Grid::new("settings_paths")
        .num_columns(3)
        .spacing([10.0, 8.0])
        .show(ui, |ui| {
            ui.label(tr.database_file);
            ui.label(RichText::new(shared.db_path.display().to_string()).monospace());
            if ui.button(tr.open_folder).clicked()
                && let Some(parent) = shared.db_path.parent()
            {
                cmd = Some(Command::OpenFolder(parent.to_path_buf()));
            }
            ui.end_row();
            ui.label(tr.template_folder);
            ui.label(RichText::new(shared.template_dir.display().to_string()).monospace());
            if ui.button(tr.open_folder).clicked() {
                cmd = Some(Command::OpenFolder(shared.template_dir.to_path_buf()));
            }
            ui.end_row();
            ui.label(tr.app_version);
            ui.label(env!("CARGO_PKG_VERSION"));
            ui.end_row();
        });
    ui.separator();
    if let Some(c) = server_ui(ui, shared, &mut state.server) {
        cmd = Some(c);
    }
    ui.separator();
    if let Some(c) = verify_ui(ui, shared, &state.verify) {
        cmd = Some(c);
    }
    ui.separator();
    ui.label(RichText::new(tr.data.backups_heading).size(18.0).strong());
    if let Some(c) = backups_ui(ui, shared, shared.backups, true) {
        cmd = Some(c);
    }
    cmd
}

/// The district server: its address, a password for the credential store, and whether this
/// PC follows every hall. Saved with its own button.
fn server_ui(ui: &mut Ui, shared: &Shared, fields: &mut ServerFields) -> Option<Command> {
    let tr = shared.tr;
    let mut cmd = None;
    ui.label(RichText::new(tr.server_heading).size(18.0).strong());
    ui.add(egui::Label::new(RichText::new(tr.server_hint).small().weak()).wrap());
    egui::Grid::new("settings_server")
        .num_columns(2)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            let label = ui.label(tr.server_url);
            let edit = ui.add(
                egui::TextEdit::singleline(&mut fields.url)
                    .hint_text("postgres://hall_01@192.168.1.10:5432/hallcheck")
                    .desired_width(620.0),
            );
            if edit.labelled_by(label.id).changed() {
                fields.saved = false;
            }
            ui.end_row();
            let label = ui.label(tr.server_password);
            let edit = ui.add(
                egui::TextEdit::singleline(&mut fields.password)
                    .password(true)
                    .hint_text(tr.server_password_kept)
                    .desired_width(240.0),
            );
            if edit.labelled_by(label.id).changed() {
                fields.saved = false;
            }
            ui.end_row();
        });
    if ui.checkbox(&mut fields.all_halls, tr.server_all).changed() {
        fields.saved = false;
    }
    ui.horizontal(|ui| {
        if ui.button(tr.server_save).clicked() {
            cmd = Some(Command::SaveServer {
                url: fields.url.clone(),
                password: std::mem::take(&mut fields.password),
                all_halls: fields.all_halls,
            });
        }
        if fields.saved {
            ui.label(
                RichText::new(format!("✓ {}", tr.server_saved))
                    .color(palette::rating(Rating::Excellent)),
            );
        }
    });
    cmd
}

/// The tamper check: what it does, its button, and what it found.
fn verify_ui(ui: &mut Ui, shared: &Shared, status: &VerifyStatus) -> Option<Command> {
    let tr = shared.tr;
    let mut cmd = None;
    ui.label(RichText::new(tr.verify_heading).size(18.0).strong());
    ui.label(RichText::new(tr.verify_hint).small().weak());
    ui.horizontal_wrapped(|ui| {
        let running = *status == VerifyStatus::Running;
        if ui
            .add_enabled(!running, egui::Button::new(tr.verify_button))
            .clicked()
        {
            cmd = Some(Command::Verify);
        }
        match status {
            VerifyStatus::Idle => {}
            VerifyStatus::Running => {
                ui.spinner();
                ui.label(tr.verify_running);
            }
            VerifyStatus::Failed(e) => {
                ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
            }
            VerifyStatus::Done(found) if found.findings.is_empty() => {
                ui.label(
                    RichText::new(format!(
                        "✓ {}（{} / {}）",
                        tr.verify_clean, found.inspections, found.amendments
                    ))
                    .color(palette::rating(Rating::Excellent)),
                );
            }
            VerifyStatus::Done(found) => {
                ui.label(
                    RichText::new(format!("⚠ {}：{}", tr.verify_found, found.findings.len()))
                        .color(palette::rating(Rating::Fail))
                        .strong(),
                );
            }
        }
    });
    if let VerifyStatus::Done(found) = status {
        for finding in &found.findings {
            ui.label(RichText::new(shared.lang.finding(finding)).small());
        }
    }
    cmd
}

/// The rectification rule (整改规则): every failed item opens one, or only veto items and
/// deductions of at least so many points; the deadlines in days. Saved with its own button.
fn rule_ui(ui: &mut Ui, shared: &Shared, fields: &mut RuleFields) -> Option<Command> {
    let tr = shared.tr;
    let rt = tr.rect;
    let mut cmd = None;
    ui.label(RichText::new(rt.rule_heading).size(18.0).strong());
    ui.label(RichText::new(rt.rule_hint).small().weak());
    ui.radio_value(&mut fields.limited, false, rt.scope_every);
    ui.horizontal(|ui| {
        ui.radio_value(&mut fields.limited, true, rt.scope_least);
        let field = ui.add_enabled(
            fields.limited,
            egui::TextEdit::singleline(&mut fields.least).desired_width(50.0),
        );
        let label = ui.label(rt.points);
        field.labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        labelled_text(ui, rt.deadline_days, &mut fields.days, 50.0);
        ui.add_space(12.0);
        labelled_text(ui, rt.veto_deadline_days, &mut fields.veto_days, 50.0);
    });
    if ui.button(rt.rule_save).clicked() {
        match fields.rule() {
            Some(rule) => {
                fields.problem = false;
                let mut settings = shared.settings.clone();
                settings.rectification = rule;
                cmd = Some(Command::SaveSettings(settings));
            }
            None => fields.problem = true,
        }
    }
    if fields.problem {
        ui.label(RichText::new(rt.rule_invalid).color(ui.visuals().error_fg_color));
    }
    cmd
}
