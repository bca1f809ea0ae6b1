//! The 整改 screen's commands: list and select rectifications, hold the after-photos chosen
//! (prepared off the frame thread) until the close they go with, and make each move in the
//! store; after a move the list, the one shown and Today's reminders are read again.

use crate::domain::Attachment;
use crate::ui::error::UiError;
use crate::ui::jobs::photos::{PhotoJob, PhotoTarget};
use crate::ui::jobs::reader::Read;
use crate::ui::screens::rectifications::PendingPhoto;
use crate::ui::{RectCommand, Screen};

use super::App;

impl App {
    /// Applies a command of the 整改 screen.
    pub(super) fn apply_rect(&mut self, cmd: RectCommand) -> Result<(), UiError> {
        match cmd {
            RectCommand::Show(filter) => {
                // A new list: nothing selected in it yet.
                self.states.rect.filter = filter;
                self.states.rect.select(None);
                self.views.rect.detail = None;
                self.views.rect.pending.clear();
                self.navigate(Screen::Rectifications)
            }
            RectCommand::Filter(filter) => {
                self.states.rect.filter = filter;
                self.load_rectifications()
            }
            RectCommand::Select(id) => self.select_rectification(id),
            RectCommand::PickAfterPhoto => match self.options.dialogs.pick_image() {
                Some(path) => self.apply_rect(RectCommand::AttachAfterPhoto(path)),
                None => {
                    self.states.rect.show_path_input = true;
                    Ok(())
                }
            },
            RectCommand::AttachAfterPhoto(path) => {
                let Some(rectification_id) = self.states.rect.selected else {
                    return Ok(());
                };
                self.prepare_photo(PhotoJob {
                    target: PhotoTarget::AfterPhoto { rectification_id },
                    path,
                })
            }
            RectCommand::RemoveAfterPhoto(index) => {
                let pending = &mut self.views.rect.pending;
                if index < pending.len() {
                    pending.remove(index);
                }
                Ok(())
            }
            RectCommand::Close { id, note, by } => {
                let photos: Vec<Attachment> = self
                    .views
                    .rect
                    .pending
                    .iter()
                    .map(|p| p.photo.clone())
                    .collect();
                let now = self.now();
                self.store_or_err()?
                    .close_rectification(id, &note, &photos, &by, now)?;
                self.views.rect.pending.clear();
                self.moved(id)
            }
            RectCommand::Accept { id, by } => {
                let now = self.now();
                self.store_or_err()?.accept_rectification(id, &by, now)?;
                self.moved(id)
            }
            RectCommand::Return { id, reason, by } => {
                let now = self.now();
                self.store_or_err()?
                    .return_rectification(id, &reason, &by, now)?;
                self.moved(id)
            }
            RectCommand::Reschedule { id, due_on, by } => {
                let now = self.now();
                self.store_or_err()?
                    .reschedule_rectification(id, due_on, &by, now)?;
                self.moved(id)
            }
            RectCommand::Reassign { id, owner, by } => {
                let now = self.now();
                self.store_or_err()?
                    .reassign_rectification(id, &owner, &by, now)?;
                self.moved(id)
            }
        }
    }

    /// Lists what the screen's filter picks.
    pub(super) fn load_rectifications(&mut self) -> Result<(), UiError> {
        let filter = self.states.rect.filter.clone();
        self.views.rect.loading = Some(filter.clone());
        let today = self.today();
        self.read(Read::Rectifications { filter, today })
            .inspect_err(|_| self.views.rect.loading = None)
    }

    /// The 整改 screen is shown: its list, and the one selected, as they stand now.
    pub(super) fn show_rectifications(&mut self) -> Result<(), UiError> {
        self.load_rectifications()?;
        match self.states.rect.selected {
            Some(id) => self.read_rectification(id),
            None => Ok(()),
        }
    }

    /// Shows rectification `id` whole (the after-photos chosen for another one go).
    fn select_rectification(&mut self, id: i64) -> Result<(), UiError> {
        let view = &mut self.views.rect;
        if view.detail.as_ref().map(|d| d.row.id) != Some(id) {
            view.pending.clear();
            view.detail = None;
        }
        if self.states.rect.selected != Some(id) {
            let row = view.rows.iter().find(|r| r.id == id);
            self.states.rect.select(row);
        }
        self.states.rect.selected = Some(id);
        self.read_rectification(id)
    }

    fn read_rectification(&mut self, id: i64) -> Result<(), UiError> {
        self.views.rect.detail_loading = Some(id);
        let today = self.today();
        self.read(Read::Rectification { id, today })
            .inspect_err(|_| self.views.rect.detail_loading = None)
    }

    /// After a move of rectification `id`: the fields typed for it go, and the list, the
    /// rectification and Today's reminders are read again.
    fn moved(&mut self, id: i64) -> Result<(), UiError> {
        self.mark_saved();
        let state = &mut self.states.rect;
        state.note.clear();
        state.reason.clear();
        state.problem = None;
        state.show_path_input = false;
        self.refresh_overview();
        self.load_rectifications()?;
        self.read_rectification(id)
    }

    /// Holds an after-photo prepared for rectification `id` until its close, while that one
    /// is still the one shown.
    pub(super) fn after_photo_prepared(
        &mut self,
        id: i64,
        photo: Attachment,
        thumb: Option<egui::ColorImage>,
    ) {
        if self.states.rect.selected != Some(id) {
            return;
        }
        let view = &mut self.views.rect;
        let thumb = thumb.map(|image| {
            self.ctx.load_texture(
                format!("after-photo-{id}-{}", view.pending.len()),
                image,
                egui::TextureOptions::LINEAR,
            )
        });
        view.pending.push(PendingPhoto { photo, thumb });
    }
}
