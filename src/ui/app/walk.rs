//! The walk's commands: start or resume an inspection, save each answer (one write, the walk
//! updated in place from what the store returns), photos, submit (signed off), leave; and the
//! sign-off of a submitted inspection that has none.

use crate::domain::{SignerRole, Template};
use crate::store::{AnswerInput, NewInspection, NewSignOff, StoreError};
use crate::ui::error::UiError;
use crate::ui::jobs::photos::{self, ItemPhoto, PhotoJob, PhotoTarget, PreparedPhoto};
use crate::ui::jobs::reader::Read;
use crate::ui::screens::inspect::{NOTE_SAVE_DELAY_SECS, WalkState};
use crate::ui::widgets::Thumb;
use crate::ui::{Command, Screen, SignOffInput};

use super::App;

impl App {
    /// Applies a command of the Inspect screen.
    pub(super) fn apply_walk(&mut self, cmd: Command) -> Result<(), UiError> {
        match cmd {
            Command::InspectHall(hall_id) => {
                self.states.inspect.form.hall_id = Some(hall_id);
                self.navigate(Screen::Inspect)
            }
            Command::StartInspection {
                hall_id,
                inspector,
                date,
                shift,
                kind,
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
                    kind,
                    templates: &templates,
                    started_at: self.now(),
                };
                let id = self.store_or_err()?.create_inspection(&new)?;
                self.views.history.total = None;
                self.open_walk(id)?;
                // The next walk starts with this inspector's name.
                if self.settings.default_inspector != inspector && self.settings_unread.is_none() {
                    let mut settings = self.settings.clone();
                    settings.default_inspector = inspector;
                    self.save_settings(settings, false)?;
                }
                Ok(())
            }
            Command::ResumeDraft(id) => self.open_walk(id),
            Command::DiscardDraft(id) => {
                self.store_or_err()?.discard_draft(id)?;
                self.views.history.total = None;
                if self.walk_inspection_id() == Some(id) {
                    self.views.inspect.walk = None;
                }
                self.refresh_overview();
                Ok(())
            }
            Command::SaveAnswer(answer) => self.save_answer(&answer),
            Command::SaveAnswers(answers) => answers.iter().try_for_each(|a| self.save_answer(a)),
            Command::PickPhoto {
                template_row,
                item_id,
                after_fix,
            } => match self.options.dialogs.pick_image() {
                Some(path) => self.apply_walk(Command::AttachPhoto {
                    template_row,
                    item_id,
                    after_fix,
                    path,
                }),
                None => {
                    let state = &mut self.states.inspect.walk;
                    state.show_path_input = true;
                    state.path_after_fix = after_fix;
                    Ok(())
                }
            },
            Command::AttachPhoto {
                template_row,
                item_id,
                after_fix,
                path,
            } => {
                let Some(walk) = &self.views.inspect.walk else {
                    return Ok(());
                };
                let inspection_id = walk.detail.header.id;
                let inspection_uuid = walk.detail.header.uuid.clone();
                self.prepare_photo(PhotoJob {
                    target: PhotoTarget::Item(ItemPhoto {
                        inspection_id,
                        inspection_uuid,
                        template_row,
                        item_id,
                        after_fix,
                    }),
                    path,
                })
            }
            Command::RemovePhoto(attachment_id) => {
                let Some(id) = self.walk_inspection_id() else {
                    return Ok(());
                };
                self.store_or_err()?.remove_attachment(id, attachment_id)?;
                if let Some(walk) = &mut self.views.inspect.walk {
                    walk.detail.attachments.retain(|a| a.id != attachment_id);
                    walk.thumbs.remove(&attachment_id);
                }
                self.mark_saved();
                Ok(())
            }
            Command::SetFixedOnSpot {
                template_row,
                item_id,
                fixed,
            } => {
                let Some(id) = self.walk_inspection_id() else {
                    return Ok(());
                };
                self.store_or_err()?
                    .set_fixed_on_spot(id, template_row, &item_id, fixed)?;
                if let Some(walk) = &mut self.views.inspect.walk {
                    if !fixed {
                        // Its after-photos stay, as photos of the answer (the store's rule).
                        for photo in &mut walk.detail.attachments {
                            if photo.template_row == template_row && photo.item_id == item_id {
                                photo.after_fix = false;
                            }
                        }
                    }
                    let key = (template_row, item_id);
                    if fixed {
                        walk.fixed_on_spot.insert(key);
                    } else {
                        walk.fixed_on_spot.remove(&key);
                    }
                }
                self.mark_saved();
                Ok(())
            }
            Command::Submit(input) => self.submit(&input),
            Command::CloseWalk => {
                self.views.inspect.walk = None;
                self.views.inspect.loading = None;
                self.states.inspect.walk = WalkState::default();
                self.refresh_overview();
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Saves one answer of the open walk (one transaction) and updates the walk from what the
    /// store returns.
    fn save_answer(&mut self, answer: &AnswerInput) -> Result<(), UiError> {
        let Some(id) = self.walk_inspection_id() else {
            return Ok(());
        };
        let saved = self.store_or_err()?.save_answer(id, answer)?;
        if let Some(walk) = &mut self.views.inspect.walk {
            walk.answered(saved, &self.settings.bands);
        }
        self.states.inspect.walk.saved(answer);
        self.mark_saved();
        Ok(())
    }

    /// Saves the notes typed in the walk that are due (see `WalkState::notes_to_save`); with
    /// `force`, every note typed, however recent: a command, the window or the app follows.
    /// A note that cannot be saved is kept and tried again; returns whether every note typed
    /// is saved.
    pub(super) fn save_notes(&mut self, force: bool) -> bool {
        let Some(walk) = &self.views.inspect.walk else {
            return true;
        };
        let now = self.ctx.input(|i| i.time);
        for answer in self.states.inspect.walk.notes_to_save(walk, now, force) {
            if let Err(e) = self.save_answer(&answer) {
                self.show_error(e);
                self.states.inspect.walk.save_failed(answer, now);
            }
        }
        if force
            && self.states.inspect.walk.has_unsaved_notes()
            && crate::store::damage::known_damage(&self.options.db_path).is_some()
        {
            // Nothing will be saved to this file until a backup is restored, which closes the
            // walk: the notes go to a text file instead, and the walk may be left.
            self.keep_notes_aside();
        }
        let state = &self.states.inspect.walk;
        if let Some(edited) = state.note_edited_at {
            // Come back when the note is due, even if nothing else asks for a frame.
            let due = (edited + NOTE_SAVE_DELAY_SECS - now).max(0.0);
            self.ctx
                .request_repaint_after(std::time::Duration::from_secs_f64(due + 0.01));
        }
        !state.has_unsaved_notes()
    }

    /// Adds the notes that could not be saved to a text file of the inspection in the export
    /// folder (UTF-8 with BOM, CRLF, one line per item) and says where; they are then no
    /// longer pending.
    fn keep_notes_aside(&mut self) {
        let Some(walk) = &self.views.inspect.walk else {
            return;
        };
        let state = &mut self.states.inspect.walk;
        let mut notes = std::mem::take(&mut state.unsaved);
        if state.note_edited_at.take().is_some() {
            notes.extend(state.note_answer(walk));
        }
        let header = &walk.detail.header;
        let short: String = header.uuid.chars().take(8).collect();
        let folder = self.options.export_dir.clone();
        let file = folder.join(format!("未保存的备注-{short}.txt"));
        let mut text = String::new();
        if !file.exists() {
            text.push_str(&format!(
                "\u{feff}HallCheck：数据库已损坏，以下备注未能保存\r\n{} {} {}\r\n\r\n",
                header.hall_name, header.date, header.inspector
            ));
        }
        for note in &notes {
            text.push_str(&format!(
                "{} {}：{}\r\n",
                self.now().format("%H:%M:%S"),
                walk.item_text_at(note.template_row, &note.item_id),
                note.note
            ));
        }
        let written = std::fs::create_dir_all(&folder).and_then(|()| {
            use std::io::Write;
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&file)?
                .write_all(text.as_bytes())
        });
        let lang = self.lang();
        match written {
            Ok(()) => {
                self.error = Some(lang.notes_kept_aside(&file.display().to_string()));
                self.exported = Some(file);
            }
            Err(e) => {
                // Not written either: the notes stay pending, and the walk with them.
                self.states.inspect.walk.unsaved = notes;
                self.show_error(UiError::Failed(format!("{}: {e}", file.display())));
            }
        }
    }

    /// Loads inspection `id` to walk it (the reader answers; the screen waits meanwhile).
    fn open_walk(&mut self, id: i64) -> Result<(), UiError> {
        self.views.inspect.walk = None;
        self.views.inspect.loading = Some(id);
        self.states.inspect.walk = WalkState::default();
        self.screen = Screen::Inspect;
        self.read(Read::Walk { id }).inspect_err(|_| {
            self.views.inspect.loading = None;
        })
    }

    /// Submits the open walk and its sign-off in one (both or neither).
    fn submit(&mut self, input: &SignOffInput) -> Result<(), UiError> {
        let Some(id) = self.walk_inspection_id() else {
            return Ok(());
        };
        let now = self.now();
        let sign_off = NewSignOff {
            role: SignerRole::HallManager,
            name: &input.name,
            strokes: &input.strokes,
            signed_at: now,
        };
        let result =
            self.store_or_err()?
                .submit_signed(id, &self.settings.bands, now.to_utc(), &sign_off);
        match result {
            Ok(score) => {
                self.mark_saved();
                let lang = self.lang();
                self.states.inspect.last_submitted =
                    Some(lang.submitted_line(&score.score.to_string(), lang.rating(score.rating)));
                self.views.inspect.walk = None;
                self.states.inspect.walk = WalkState::default();
                self.views.history.total = None;
                self.refresh_overview();
                // The inspection's report, ready to export or print.
                self.apply(Command::OpenInspection(id))
            }
            Err(StoreError::Refused(refusal)) => {
                self.states.inspect.walk.refusal = Some(refusal);
                Ok(())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Signs off a submitted inspection (opened in History) and shows it again, signed.
    pub(super) fn sign_off(&mut self, id: i64, input: &SignOffInput) -> Result<(), UiError> {
        let sign_off = NewSignOff {
            role: SignerRole::HallManager,
            name: &input.name,
            strokes: &input.strokes,
            signed_at: self.now(),
        };
        self.store_or_err()?.sign_off(id, &sign_off)?;
        self.mark_saved();
        self.states.history.signing = None;
        self.apply(Command::OpenInspection(id))
    }

    /// Sends a photo to be prepared off the frame thread (the worker starts when first
    /// needed).
    pub(super) fn prepare_photo(&mut self, job: PhotoJob) -> Result<(), UiError> {
        if self.jobs.photos.is_none() {
            let wake = self.wake();
            self.jobs.photos = Some(photos::start(self.options.inline_jobs, wake)?);
        }
        match &mut self.jobs.photos {
            Some(worker) => worker.send(job).map_err(UiError::from),
            None => Ok(()),
        }
    }

    /// Stores a prepared photo and shows it in the walk, or holds an after-photo for the
    /// rectification's close.
    pub(super) fn photo_prepared(&mut self, prepared: PreparedPhoto) -> Result<(), UiError> {
        let PreparedPhoto { job, result, thumb } = prepared;
        let photo = result?;
        let PhotoJob { target, path } = job;
        let job = match target {
            PhotoTarget::Item(item) => item,
            PhotoTarget::AfterPhoto { rectification_id } => {
                self.after_photo_prepared(rectification_id, photo, thumb);
                return Ok(());
            }
        };
        let store = self.store_or_err()?;
        if store.inspection_header(job.inspection_id)?.uuid != job.inspection_uuid {
            return Err(UiError::Failed(format!(
                "{}: {}",
                path.display(),
                self.lang().tr().photo_orphaned
            )));
        }
        let meta = if job.after_fix {
            store.add_after_fix_photo(job.inspection_id, job.template_row, &job.item_id, &photo)?
        } else {
            store.add_attachment(job.inspection_id, job.template_row, &job.item_id, &photo)?
        };
        self.mark_saved();
        if let Some(walk) = &mut self.views.inspect.walk
            && walk.detail.header.id == job.inspection_id
        {
            walk.thumbs.insert(meta.id, Thumb::Loading);
            let ids = vec![meta.id];
            walk.detail.attachments.push(meta);
            self.read_thumbs(ids)?;
        }
        Ok(())
    }
}
