//! The egui desktop app.
//!
//! [`App`] owns the store, the checklist catalog and the loaded data. Each screen (in
//! [`screens`]) is a function that draws from its own state and loaded data and returns an
//! optional [`Command`]; the app applies the command after the frame. Every read runs on the
//! reader thread ([`jobs`]), so no query runs inside a frame.
//! To add a screen: one [`Screen`] variant, its label, a module in `screens/` and one match
//! arm in `app/panels.rs`.

mod app;
pub(crate) mod bench_frames;
mod command;
pub mod dialogs;
mod error;
mod fonts;
pub mod i18n;
pub mod jobs;
pub mod palette;
pub mod screens;
pub mod widgets;

use std::path::PathBuf;

pub use app::{App, AppOptions};
pub use command::{Command, RectCommand, SignOffInput};
pub use error::UiError;
pub use fonts::install as install_fonts;

/// The screens of the left navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    /// 首页: today's status per hall.
    Today,
    /// 巡查: walk an inspection.
    Inspect,
    /// 记录: all inspections.
    History,
    /// 整改: the rectifications of every hall, filtered, one handled at a time.
    Rectifications,
    /// 趋势: one hall's scores over time.
    Trends,
    /// 排名: all halls over a period.
    Ranking,
    /// 月度考核: one hall's monthly score sheet.
    Monthly,
    /// 营业厅: halls and staff.
    Halls,
    /// 模板: the loaded checklists.
    Checklists,
    /// 设置: settings.
    Settings,
    /// 数据: export, import, backup and restore.
    Data,
}

impl Screen {
    /// The screens in navigation order.
    pub const ALL: [Screen; 11] = [
        Screen::Today,
        Screen::Inspect,
        Screen::History,
        Screen::Rectifications,
        Screen::Trends,
        Screen::Ranking,
        Screen::Monthly,
        Screen::Halls,
        Screen::Checklists,
        Screen::Data,
        Screen::Settings,
    ];

    /// The navigation label.
    pub fn label(self, tr: &i18n::Tr) -> &'static str {
        match self {
            Screen::Today => tr.nav_today,
            Screen::Inspect => tr.nav_inspect,
            Screen::History => tr.nav_history,
            Screen::Rectifications => tr.rect.nav,
            Screen::Trends => tr.nav_trends,
            Screen::Ranking => tr.nav_ranking,
            Screen::Monthly => tr.nav_monthly,
            Screen::Halls => tr.nav_halls,
            Screen::Checklists => tr.nav_checklists,
            Screen::Settings => tr.nav_settings,
            Screen::Data => tr.data.nav,
        }
    }
}

/// Opens the main window on the database at `db_path`, with user templates from `template_dir`.
pub fn run(db_path: PathBuf, template_dir: PathBuf) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(i18n::Lang::Zh.tr().app_title)
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([960.0, 600.0]),
        ..Default::default()
    };
    eframe::run_native(
        "HallCheck",
        options,
        Box::new(move |cc| {
            Ok(Box::new(App::new(
                cc,
                AppOptions::desktop(db_path, template_dir),
            )))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
