//! The one place commands are applied, after the frame: writes go to the store here, reads
//! to the reader; the walk's commands are in `walk.rs`, the 数据 screen's in `data.rs`.
//! Every command either succeeds or returns its error, which [`App::run_cmd`] shows once.

use crate::checklist::{TemplateDraft, load_catalog, next_version, save_user_template};
use crate::domain::{InspectionKind, Template};
use crate::report::Period;
use crate::store::AmendmentInput;
use crate::ui::error::UiError;
use crate::ui::jobs::reader::{RankingQuery, Read};
use crate::ui::screens::checklists::{Editor, SavedNote};
use crate::ui::screens::history::HistoryState;
use crate::ui::screens::monthly::month_of;
use crate::ui::screens::settings::VerifyStatus;
use crate::ui::screens::trends::{ItemList, TrendSpan};
use crate::ui::widgets::PhotoView;
use crate::ui::{Command, Screen};

use super::App;

impl App {
    /// Applies one command; the error, if any, is shown in the status bar.
    pub(super) fn run_cmd(&mut self, cmd: Command) {
        if self.store.is_none() {
            return;
        }
        // Whatever follows, the notes typed so far are saved first; while one cannot be, the
        // walk is not left (its error is shown).
        if !self.save_notes(true) && cmd.leaves_walk() {
            return;
        }
        if let Err(e) = self.apply(cmd) {
            self.show_error(e);
        }
    }

    pub(super) fn apply(&mut self, cmd: Command) -> Result<(), UiError> {
        match cmd {
            Command::Navigate(screen) => self.navigate(screen),
            Command::DismissError => {
                self.error = None;
                Ok(())
            }
            Command::SaveSettings(settings) => self.save_settings(settings, true),
            Command::SaveMoney(rule) => self.save_money(rule),
            Command::OpenFolder(path) => {
                std::fs::create_dir_all(&path).map_err(|source| UiError::Io {
                    path: path.clone(),
                    source,
                })?;
                self.open_file(&path);
                Ok(())
            }
            Command::OpenFile(path) => {
                self.open_file(&path);
                Ok(())
            }
            Command::ReloadTemplates => {
                self.catalog = load_catalog(Some(&self.options.template_dir));
                Ok(())
            }
            Command::EditChecklist(id) => self.edit_checklist(&id),
            Command::SaveChecklist(template) => self.save_checklist(*template),

            Command::AddHall { name, code } => {
                let code = code.trim().to_owned();
                let hall = self
                    .store_or_err()?
                    .add_hall(&name, (!code.is_empty()).then_some(code.as_str()))?;
                let state = &mut self.states.halls;
                state.new_name.clear();
                state.new_code.clear();
                self.halls_changed();
                self.select_hall(hall.id, &hall.name)
            }
            Command::RenameHall { hall_id, name } => {
                self.store_or_err()?.rename_hall(hall_id, &name)?;
                self.halls_changed();
                Ok(())
            }
            Command::SetHallArchived { hall_id, archived } => {
                self.store_or_err()?.set_hall_archived(hall_id, archived)?;
                self.halls_changed();
                Ok(())
            }
            Command::SelectHall(hall_id) => {
                let name = self
                    .views
                    .halls
                    .iter()
                    .find(|h| h.id == hall_id)
                    .map(|h| h.name.clone())
                    .unwrap_or_default();
                self.select_hall(hall_id, &name)
            }
            Command::AddStaff {
                hall_id,
                name,
                code,
            } => {
                self.store_or_err()?
                    .add_staff(hall_id, &name, Some(&code))?;
                self.states.halls.new_staff.clear();
                self.states.halls.new_staff_code.clear();
                self.mark_saved();
                self.read(Read::Staff { hall_id })
            }
            Command::SetStaffArchived { staff_id, archived } => {
                self.store_or_err()?
                    .set_staff_archived(staff_id, archived)?;
                self.mark_saved();
                match self.states.halls.selected {
                    Some(hall_id) => self.read(Read::Staff { hall_id }),
                    None => Ok(()),
                }
            }

            Command::InspectHall(_)
            | Command::StartInspection { .. }
            | Command::ResumeDraft(_)
            | Command::DiscardDraft(_)
            | Command::SaveAnswer(_)
            | Command::SaveAnswers(_)
            | Command::PickPhoto { .. }
            | Command::AttachPhoto { .. }
            | Command::RemovePhoto(_)
            | Command::SetFixedOnSpot { .. }
            | Command::Submit(_)
            | Command::CloseWalk => self.apply_walk(cmd),

            Command::ShowPhoto { photos, index } => self.show_photo(PhotoView {
                photos,
                index,
                image: None,
            }),
            Command::PhotoStep(step) => match self.views.photo.take() {
                Some(view) => {
                    let last = view.photos.len().saturating_sub(1) as i64;
                    let index = (view.index as i64 + i64::from(step)).clamp(0, last) as usize;
                    self.show_photo(PhotoView {
                        index,
                        image: None,
                        ..view
                    })
                }
                None => Ok(()),
            },
            Command::ClosePhoto => {
                self.views.photo = None;
                Ok(())
            }
            Command::HistoryPage(page) => {
                let view = &self.views.history;
                if view.requested.contains(&page) {
                    return Ok(());
                }
                let read = Read::HistoryPage {
                    generation: view.generation,
                    query: view.queried.clone(),
                    page,
                };
                self.read(read)?;
                self.views.history.requested.insert(page);
                Ok(())
            }
            Command::ShowHallDay { hall_id, date } => {
                let day = date.format("%Y-%m-%d").to_string();
                let state = &mut self.states.history;
                *state = HistoryState {
                    hall_id: Some(hall_id),
                    from: day.clone(),
                    to: day,
                    ..HistoryState::default()
                };
                state.applied = state.query();
                self.views.history.detail = None;
                self.screen = Screen::History;
                self.requery_history()
            }
            Command::OpenInspection(id) => {
                self.navigate(Screen::History)?;
                self.views.history.detail = None;
                self.views.history.detail_loading = Some(id);
                self.read(Read::Detail { id }).inspect_err(|_| {
                    self.views.history.detail_loading = None;
                })
            }
            Command::CloseInspection => {
                // An amendment being written stays with its inspection (it names it), so going
                // back and opening it again finds what was typed.
                self.views.history.detail = None;
                Ok(())
            }
            Command::Verify => {
                self.states.settings.verify = VerifyStatus::Running;
                self.read(Read::Verify).inspect_err(|_| {
                    self.states.settings.verify = VerifyStatus::Idle;
                })
            }
            Command::Amend {
                id,
                by,
                reason,
                answers,
            } => {
                let input = AmendmentInput {
                    by,
                    reason,
                    answers,
                    at: self.now(),
                };
                self.store_or_err()?
                    .amend_inspection(id, &input, &self.settings.bands)?;
                self.mark_saved();
                self.states.history.amend = None;
                self.views.history.total = None;
                self.refresh_overview();
                self.apply(Command::OpenInspection(id))
            }
            Command::SignOff {
                inspection_id,
                input,
            } => self.sign_off(inspection_id, &input),

            Command::Rect(cmd) => self.apply_rect(cmd),

            Command::LoadTrend {
                hall_id,
                period,
                kind,
            } => self.load_trend(hall_id, period, kind),
            Command::ListItem {
                template_id,
                item_id,
            } => {
                let Some(pareto) = &self.views.trends.pareto else {
                    return Ok(());
                };
                let read = Read::ItemList {
                    hall_id: pareto.hall.id,
                    period: pareto.period,
                    kind: pareto.kind,
                    template_id: template_id.clone(),
                    item_id: item_id.clone(),
                };
                self.views.trends.item_list = Some(ItemList {
                    template_id,
                    item_id,
                    occurrences: Vec::new(),
                });
                self.read(read)
            }
            Command::CloseItemList => {
                self.views.trends.item_list = None;
                Ok(())
            }
            Command::LoadRanking(query) => {
                self.states.ranking.period_text = query.period.to_string();
                self.load_ranking(query)
            }
            Command::OpenHallTrend {
                hall_id,
                period,
                kind,
            } => {
                let state = &mut self.states.trends;
                state.hall_id = Some(hall_id);
                state.span = TrendSpan::Custom;
                state.custom_from = period.from_text();
                state.custom_to = period.to_text();
                state.kind = kind;
                self.navigate(Screen::Trends)
            }
            Command::LoadMonthly { hall_id, month } => self.load_monthly(hall_id, month),

            Command::Export { .. }
            | Command::Print(_)
            | Command::PrintBlank(_)
            | Command::PickImport
            | Command::Import(_)
            | Command::Backup
            | Command::PickRestore
            | Command::AskRestore(_)
            | Command::Restore(_)
            | Command::CancelData
            | Command::Sync => self.apply_data(cmd),
            Command::SaveServer {
                url,
                password,
                all_halls,
            } => self.save_server(&url, &password, all_halls),
        }
    }

    /// Opens a checklist in the editor, to be saved as the version above every one known of
    /// its id (one checklist at a time: the screen offers no second).
    fn edit_checklist(&mut self, id: &str) -> Result<(), UiError> {
        if self.states.checklists.editor.is_some() {
            return Ok(());
        }
        let template = self
            .catalog
            .template(id)
            .ok_or_else(|| UiError::Failed(format!("no checklist `{id}`")))?;
        let version = next_version(Some(&self.options.template_dir), id);
        let state = &mut self.states.checklists;
        state.editor = Some(Editor::new(TemplateDraft::from_template(template, version)));
        state.selected = Some(id.to_owned());
        state.saved = None;
        Ok(())
    }

    /// Saves an edited checklist to the user folder and loads the checklists again, so the
    /// next inspection started uses it; past inspections keep their snapshots. When the save
    /// fails the editor stays open with everything typed.
    fn save_checklist(&mut self, template: Template) -> Result<(), UiError> {
        let saved = save_user_template(&self.options.template_dir, &template)?;
        self.catalog = load_catalog(Some(&self.options.template_dir));
        self.mark_saved();
        let in_use = self
            .catalog
            .template(&template.id)
            .is_some_and(|t| t.version == saved.version);
        let state = &mut self.states.checklists;
        state.editor = None;
        state.selected = Some(template.id.clone());
        state.saved = Some(SavedNote {
            template_id: template.id,
            path: saved.path.clone(),
            version: saved.version,
        });
        if in_use {
            Ok(())
        } else {
            Err(UiError::Failed(
                self.lang().checklist_not_in_use(&saved.path),
            ))
        }
    }

    /// Opens a file or folder with what the system gives it (a PDF in its viewer, a folder in
    /// the file manager).
    pub(super) fn open_file(&self, path: &std::path::Path) {
        self.ctx
            .open_url(egui::OpenUrl::new_tab(crate::paths::file_url(path)));
    }

    /// Shows `screen` and asks for what it draws, so it shows what was saved since.
    pub(super) fn navigate(&mut self, screen: Screen) -> Result<(), UiError> {
        self.screen = screen;
        let today = self.today();
        let first_hall = self.views.halls.iter().find(|h| !h.archived).map(|h| h.id);
        match screen {
            Screen::Today | Screen::Inspect => self.refresh_overview(),
            Screen::Halls => {
                self.refresh_overview();
                match self.states.halls.selected {
                    Some(hall_id) => self.read(Read::Staff { hall_id })?,
                    None => self.views.halls_view.staff.clear(),
                }
            }
            Screen::History => {
                if self.views.history.total.is_none() {
                    self.requery_history()?;
                }
            }
            Screen::Trends => {
                let state = &mut self.states.trends;
                state.hall_id = state.hall_id.or(first_hall);
                if let (Some(hall_id), Some(period)) = (state.hall_id, state.period(today)) {
                    let kind = state.kind;
                    self.load_trend(hall_id, period, kind)?;
                }
            }
            Screen::Ranking => {
                let state = &self.states.ranking;
                let period = match &self.views.ranking.data {
                    Some(data) => Some(data.period),
                    None => month_of(today),
                };
                if let Some(period) = period {
                    let query = RankingQuery {
                        period,
                        kind: state.kind,
                        compared: state.compared,
                    };
                    self.load_ranking(query)?;
                }
            }
            Screen::Monthly => {
                let state = &mut self.states.monthly;
                state.hall_id = state.hall_id.or(first_hall);
                let month = match &self.views.monthly.sheet {
                    Some(sheet) => Some(sheet.period),
                    None => month_of(today),
                };
                if let Some(month) = month {
                    if state.month_text.is_empty() {
                        state.month_text = month.from.format("%Y-%m").to_string();
                    }
                    if let Some(hall_id) = state.hall_id {
                        self.load_monthly(hall_id, month)?;
                    }
                }
            }
            Screen::Rectifications => self.show_rectifications()?,
            Screen::Settings | Screen::Data => self.load_backups(),
            Screen::Checklists => {}
        }
        Ok(())
    }

    fn load_trend(
        &mut self,
        hall_id: i64,
        period: Period,
        kind: Option<InspectionKind>,
    ) -> Result<(), UiError> {
        self.views.trends.loading = Some((hall_id, period, kind));
        self.views.trends.item_list = None;
        self.read(Read::Trend {
            hall_id,
            period,
            kind,
        })
    }

    fn load_ranking(&mut self, query: RankingQuery) -> Result<(), UiError> {
        self.views.ranking.loading = Some(query);
        let today = self.today();
        self.read(Read::Ranking { query, today })
    }

    fn load_monthly(&mut self, hall_id: i64, month: Period) -> Result<(), UiError> {
        self.views.monthly.loading = Some((hall_id, month));
        let today = self.today();
        self.read(Read::Monthly {
            hall_id,
            month,
            today,
        })
    }

    /// Opens the photo viewer on `view` and asks for its photo.
    fn show_photo(&mut self, view: PhotoView) -> Result<(), UiError> {
        let id = view.current();
        self.views.photo = Some(view);
        match id {
            Some(id) => self.read(Read::Photo(id)),
            None => Ok(()),
        }
    }

    /// Shows a hall's staff on the Halls screen (another hall's list goes at once).
    fn select_hall(&mut self, hall_id: i64, name: &str) -> Result<(), UiError> {
        if self.states.halls.selected != Some(hall_id) {
            self.views.halls_view.staff.clear();
        }
        let state = &mut self.states.halls;
        state.selected = Some(hall_id);
        state.rename = name.to_owned();
        self.read(Read::Staff { hall_id })
    }

    /// After a hall was added, renamed or archived: everything that lists halls reloads.
    fn halls_changed(&mut self) {
        self.mark_saved();
        self.refresh_overview();
    }

    /// The History filter or sort changed: count again and load from the first page.
    pub(super) fn requery_history(&mut self) -> Result<(), UiError> {
        let view = &mut self.views.history;
        view.queried = self.states.history.applied.clone();
        view.generation += 1;
        view.total = None;
        view.pages.clear();
        view.requested.clear();
        view.error = None;
        let read = Read::HistoryCount {
            generation: view.generation,
            query: self.states.history.applied.clone(),
        };
        self.read(read)?;
        self.apply(Command::HistoryPage(0))
    }
}
