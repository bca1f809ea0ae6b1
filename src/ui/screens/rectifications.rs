//! 整改 Rectifications: every hall's rectifications filtered by hall, owner, state, overdue
//! and due today, what is still to do first (the earliest deadline first), then the accepted; the one selected below the list with its
//! problem, owner, deadline, the photos before and after side by side, its history (each
//! move's photos as thumbnails), and the
//! moves its state allows (已整改 with a note and after-photos, 验收通过, 退回 with a reason,
//! 改期, 改责任人), each made by the name in 处理人.
//!
//! Keys: `↑` / `↓` choose the previous or next rectification (outside a text field);
//! `Ctrl+Enter` reports the selected one fixed (待整改, its note typed) or accepts it (已整改).

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::domain::{Attachment, NOTE_MAX_CHARS, RectificationStatus};
use crate::store::{AttachmentMeta, RectificationDetail, RectificationFilter, RectificationRow};
use crate::ui::i18n::RectTr;
use crate::ui::palette;
use crate::ui::widgets::{
    Shared, Thumbs, badge, date_field, hall_filter, labelled_text, parse_date, show_photo, thumb_ui,
};
use crate::ui::{Command, RectCommand};

/// An after-photo prepared and held until the close it goes with.
pub struct PendingPhoto {
    /// The photo as it will be stored.
    pub photo: Attachment,
    /// Its thumbnail, when it could be decoded.
    pub thumb: Option<egui::TextureHandle>,
}

/// Puts the rows a list shows in working order: what is still to do (待整改, 已整改) first,
/// the earliest deadline first; then the accepted ones, the latest deadline first.
pub fn working_order(rows: &mut [RectificationRow]) {
    rows.sort_by_key(|r| {
        let done = r.status == RectificationStatus::Accepted;
        let day = r.due_on.num_days_from_ce();
        (done, if done { -day } else { day }, r.id)
    });
}

/// What the 整改 screen draws from.
#[derive(Default)]
pub struct RectView {
    /// The rows of `queried`.
    pub rows: Vec<RectificationRow>,
    /// The owners named (at the hall filtered by), to filter by.
    pub owners: Vec<String>,
    /// The filter `rows` belong to.
    pub queried: Option<RectificationFilter>,
    /// The filter being read.
    pub loading: Option<RectificationFilter>,
    /// The rectification shown whole.
    pub detail: Option<RectificationDetail>,
    /// The one being read.
    pub detail_loading: Option<i64>,
    /// Thumbnails of its photos, by attachment id.
    pub thumbs: Thumbs,
    /// After-photos chosen for the selected one, not yet sent.
    pub pending: Vec<PendingPhoto>,
    /// Photos are being prepared.
    pub photo_busy: bool,
}

/// What the user typed and chose on the 整改 screen.
#[derive(Debug, Clone, Default)]
pub struct RectState {
    /// The filter as chosen.
    pub filter: RectificationFilter,
    /// The rectification selected.
    pub selected: Option<i64>,
    /// Who makes the moves (处理人); the default inspector to begin with.
    pub by: String,
    /// What was done (a close's note).
    pub note: String,
    /// Why it is returned.
    pub reason: String,
    /// The new deadline, as typed.
    pub new_due: String,
    /// The new owner, as typed.
    pub new_owner: String,
    /// A typed photo path (no dialog could open).
    pub photo_path: String,
    /// Show the typed path input.
    pub show_path_input: bool,
    /// What is missing before a move can be asked for.
    pub problem: Option<&'static str>,
    /// Scroll the list to the selected row (it was chosen by key).
    pub scroll_to_selected: bool,
}

impl RectState {
    /// A new rectification is selected: the fields typed for the last one go, and the
    /// deadline and owner fields start from this one's.
    pub fn select(&mut self, row: Option<&RectificationRow>) {
        self.selected = row.map(|r| r.id);
        self.note.clear();
        self.reason.clear();
        self.photo_path.clear();
        self.show_path_input = false;
        self.problem = None;
        self.new_due = row.map(|r| r.due_on.to_string()).unwrap_or_default();
        self.new_owner = row.map(|r| r.owner.clone()).unwrap_or_default();
    }
}

/// Draws the 整改 screen.
pub fn ui(ui: &mut Ui, shared: &Shared, state: &mut RectState, view: &RectView) -> Option<Command> {
    let tr = shared.tr;
    let rt = tr.rect;
    let mut cmd = keys(ui, shared.tr.rect, state, view);
    ui.horizontal(|ui| {
        ui.heading(rt.heading);
        if view.queried.is_some() {
            ui.label(shared.lang.rect_count(view.rows.len()));
        }
        if view.loading.is_some() {
            ui.spinner();
        }
    });
    if let Some(c) = filters(ui, shared, state, view) {
        cmd = Some(c);
    }
    ui.label(RichText::new(rt.keys_hint).small().color(palette::MUTED));
    ui.separator();

    let list_height = (ui.available_height() * 0.38).max(120.0);
    egui::Panel::top("rect_list")
        .resizable(true)
        .default_size(list_height)
        .min_size(100.0)
        .show(ui, |ui| {
            if view.rows.is_empty() {
                if view.queried.is_some() {
                    ui.label(RichText::new(rt.none).color(palette::MUTED));
                }
                return;
            }
            if let Some(c) = table(ui, shared, state, view) {
                cmd = Some(c);
            }
        });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt(("rect_detail", state.selected))
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let detail = view
                    .detail
                    .as_ref()
                    .filter(|d| Some(d.row.id) == state.selected);
                match detail {
                    Some(detail) => {
                        if let Some(c) = detail_ui(ui, shared, state, view, detail) {
                            cmd = Some(c);
                        }
                    }
                    None if view.detail_loading.is_some() => {
                        ui.spinner();
                    }
                    None => {
                        ui.label(RichText::new(rt.choose).color(palette::MUTED));
                    }
                }
            });
    });
    cmd
}

/// The screen's keys: ↑ / ↓ move the selection, Ctrl+Enter makes the state's main move.
fn keys(ui: &mut Ui, rt: &RectTr, state: &mut RectState, view: &RectView) -> Option<Command> {
    let covered =
        ui.memory(|m| m.top_modal_layer()).is_some() || egui::Popup::is_any_open(ui.ctx());
    if covered {
        return None;
    }
    let main_move = ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter));
    if main_move {
        let detail = view
            .detail
            .as_ref()
            .filter(|d| Some(d.row.id) == state.selected)?;
        return main_action(rt, state, detail);
    }
    if ui.ctx().text_edit_focused() {
        return None;
    }
    let (up, down) = ui.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
        )
    });
    if !(up || down) || view.rows.is_empty() {
        return None;
    }
    let at = state
        .selected
        .and_then(|id| view.rows.iter().position(|r| r.id == id));
    let next = match (at, down) {
        (None, _) => 0,
        (Some(i), true) => (i + 1).min(view.rows.len() - 1),
        (Some(i), false) => i.saturating_sub(1),
    };
    let row = view.rows.get(next)?;
    if Some(row.id) == state.selected {
        return None;
    }
    state.select(Some(row));
    state.scroll_to_selected = true;
    Some(Command::Rect(RectCommand::Select(row.id)))
}

/// The move Ctrl+Enter makes: 已整改 for one still to fix (once its note is typed), 验收通过
/// for one fixed.
fn main_action(
    rt: &RectTr,
    state: &mut RectState,
    detail: &RectificationDetail,
) -> Option<Command> {
    let id = detail.row.id;
    match detail.row.status {
        RectificationStatus::Open => close_command(rt, state, id),
        RectificationStatus::Done => Some(Command::Rect(RectCommand::Accept {
            id,
            by: state.by.trim().to_owned(),
        })),
        RectificationStatus::Accepted => None,
    }
}

/// 已整改 with the note typed, or the hint that one is needed.
fn close_command(rt: &RectTr, state: &mut RectState, id: i64) -> Option<Command> {
    if state.note.trim().is_empty() {
        state.problem = Some(rt.close_needs_note);
        return None;
    }
    state.problem = None;
    Some(Command::Rect(RectCommand::Close {
        id,
        note: state.note.trim().to_owned(),
        by: state.by.trim().to_owned(),
    }))
}

/// Hall, owner, state, overdue and due today; a change lists again at once.
fn filters(
    ui: &mut Ui,
    shared: &Shared,
    state: &mut RectState,
    view: &RectView,
) -> Option<Command> {
    let tr = shared.tr;
    let rt = tr.rect;
    let before = state.filter.clone();
    ui.horizontal_wrapped(|ui| {
        hall_filter(ui, shared, "rect_hall", &mut state.filter.hall_id);
        ui.add_space(8.0);
        let label = ui.label(rt.owner);
        let owner = &mut state.filter.owner;
        egui::ComboBox::from_id_salt("rect_owner")
            .selected_text(match owner.as_deref() {
                None => tr.any,
                Some("") => rt.hall_manager,
                Some(name) => name,
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(owner, None, tr.any);
                ui.selectable_value(owner, Some(String::new()), rt.hall_manager);
                for name in &view.owners {
                    ui.selectable_value(owner, Some(name.clone()), name);
                }
            })
            .response
            .labelled_by(label.id);
        ui.add_space(8.0);
        let label = ui.label(tr.status);
        let status = &mut state.filter.status;
        egui::ComboBox::from_id_salt("rect_status")
            .selected_text(status.map_or(tr.any, |s| shared.lang.rect_status(s)))
            .show_ui(ui, |ui| {
                ui.selectable_value(status, None, tr.any);
                for choice in RectificationStatus::ALL {
                    ui.selectable_value(status, Some(choice), shared.lang.rect_status(choice));
                }
            })
            .response
            .labelled_by(label.id);
        ui.add_space(8.0);
        ui.checkbox(&mut state.filter.overdue, rt.overdue_only);
        ui.checkbox(&mut state.filter.due_today, rt.due_today);
    });
    (state.filter != before).then(|| Command::Rect(RectCommand::Filter(state.filter.clone())))
}

/// The list: 营业厅 / 发现日期 / 检查项 / 扣分原因 / 责任人 / 整改时限 / 状态 / 重复问题. A click
/// on a row (or its item) selects it.
fn table(ui: &mut Ui, shared: &Shared, state: &mut RectState, view: &RectView) -> Option<Command> {
    let tr = shared.tr;
    let rt = tr.rect;
    let mut cmd = None;
    let row_height = 26.0;
    // The fixed columns, then the rest of the width shared by hall, item and reason.
    let fixed = 88.0 + 104.0 + 88.0 + 130.0 + 48.0;
    let rest = (ui.available_width() - fixed - 8.0 * 8.0).max(280.0);
    let scroll_to = std::mem::take(&mut state.scroll_to_selected)
        .then(|| {
            state
                .selected
                .and_then(|id| view.rows.iter().position(|r| r.id == id))
        })
        .flatten();
    ui.scope(|ui| {
        ui.style_mut().interaction.selectable_labels = false;
        let mut builder = TableBuilder::new(ui);
        if let Some(index) = scroll_to {
            builder = builder.scroll_to_row(index, None);
        }
        builder
            .striped(true)
            .sense(egui::Sense::click())
            .auto_shrink([false, false])
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::exact(rest * 0.26).clip(true))
            .column(Column::exact(88.0))
            .column(Column::exact(rest * 0.42).clip(true))
            .column(Column::exact(rest * 0.32).clip(true))
            .column(Column::exact(104.0).clip(true))
            .column(Column::exact(88.0))
            .column(Column::exact(130.0).clip(true))
            .column(Column::remainder().at_least(48.0))
            .header(row_height, |mut header| {
                for label in [
                    tr.hall,
                    rt.found_on,
                    tr.item,
                    rt.reason,
                    rt.owner,
                    rt.due,
                    tr.status,
                    rt.repeat_short,
                ] {
                    header.col(|ui| {
                        ui.label(RichText::new(label).strong());
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, view.rows.len(), |mut row| {
                    let Some(item) = view.rows.get(row.index()) else {
                        return;
                    };
                    let selected = state.selected == Some(item.id);
                    row.set_selected(selected);
                    let mut clicked = false;
                    row.col(|ui| {
                        ui.label(&item.hall_name).on_hover_text(&item.hall_name);
                    });
                    row.col(|ui| {
                        ui.label(item.inspected_on.to_string());
                    });
                    row.col(|ui| {
                        let text = if item.veto {
                            format!("⚠ {}", item.item_text)
                        } else {
                            item.item_text.clone()
                        };
                        clicked |= ui
                            .add(egui::Button::selectable(selected, text).truncate())
                            .on_hover_text(&item.item_text)
                            .clicked();
                    });
                    row.col(|ui| {
                        ui.label(&item.reason).on_hover_text(&item.reason);
                    });
                    row.col(|ui| {
                        ui.label(shared.lang.rect_owner(&item.owner));
                    });
                    row.col(|ui| {
                        let due = RichText::new(item.due_on.to_string());
                        ui.label(if item.overdue && !selected {
                            due.color(palette::ALERT).strong()
                        } else {
                            due
                        });
                    });
                    row.col(|ui| status_cell(ui, shared, item, selected));
                    row.col(|ui| {
                        if item.is_repeat() {
                            badge(ui, rt.repeat_short, palette::PENDING).on_hover_text(rt.repeat);
                        }
                    });
                    if clicked || row.response().clicked() {
                        state.select(Some(item));
                        cmd = Some(Command::Rect(RectCommand::Select(item.id)));
                    }
                });
            });
    });
    cmd
}

/// A rectification's state, and when still to fix, 已逾期 or 今日到期 on a tag (in words):
/// the state in its colour, or on the selected row of the list in the selection's own text
/// colour (green or orange on the selection's blue does not read).
fn status_cell(ui: &mut Ui, shared: &Shared, row: &RectificationRow, selected: bool) {
    let rt = shared.tr.rect;
    let name = shared.lang.rect_status(row.status);
    let text = RichText::new(name);
    ui.label(match row.status {
        _ if selected => text.strong(),
        RectificationStatus::Open => text.color(palette::PENDING),
        RectificationStatus::Done => text.strong(),
        RectificationStatus::Accepted => text.color(palette::DONE),
    });
    if row.overdue {
        badge(ui, rt.overdue, palette::ALERT);
    } else if row.due_today {
        badge(ui, rt.due_today, palette::PENDING);
    }
}

/// One rectification whole, and the moves its state allows.
fn detail_ui(
    ui: &mut Ui,
    shared: &Shared,
    state: &mut RectState,
    view: &RectView,
    detail: &RectificationDetail,
) -> Option<Command> {
    let tr = shared.tr;
    let rt = tr.rect;
    let lang = shared.lang;
    let row = &detail.row;
    let mut cmd = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&row.item_text).size(18.0).strong());
        if row.veto {
            ui.label(
                RichText::new(format!("⚠ {}", tr.veto_item))
                    .color(palette::ALERT)
                    .strong(),
            );
        }
        if row.is_repeat() {
            badge(ui, rt.repeat, palette::PENDING);
        }
    });
    ui.label(format!(
        "{} · {} {} · {} {} · {} −{}",
        row.hall_name,
        rt.found_by,
        row.inspected_on,
        tr.inspector,
        row.inspector,
        tr.deduction,
        row.deduction
    ));
    ui.label(lang.labelled(rt.reason, &row.reason));
    ui.horizontal_wrapped(|ui| {
        ui.label(lang.labelled(rt.owner, lang.rect_owner(&row.owner)));
        ui.separator();
        let due = RichText::new(lang.labelled(rt.due, row.due_on));
        ui.label(if row.overdue {
            due.color(palette::ALERT).strong()
        } else {
            due
        });
        ui.separator();
        status_cell(ui, shared, row, false);
    });
    ui.add_space(6.0);

    // The moves on the left; on the right the photos as found and as fixed, side by side (a
    // click shows any of them large), and the history under them.
    ui.columns(2, |columns| {
        // Columns are justified: each draws in a plain vertical layout, so buttons keep
        // their own width.
        if let [left, right] = columns {
            left.vertical(|ui| {
                if let Some(c) = actions(ui, shared, state, view, row) {
                    cmd = Some(c);
                }
            });
            right.vertical(|ui| {
                if let Some(c) = photos(ui, shared, view, detail) {
                    cmd = Some(c);
                }
                ui.add_space(8.0);
                if let Some(c) = history(ui, shared, view, detail) {
                    cmd = Some(c);
                }
            });
        }
    });
    cmd
}

/// The photos before and after, side by side.
fn photos(
    ui: &mut Ui,
    shared: &Shared,
    view: &RectView,
    detail: &RectificationDetail,
) -> Option<Command> {
    let rt = shared.tr.rect;
    let mut cmd = None;
    let all = viewer_photos(detail);
    ui.columns(2, |columns| {
        for (ui, (title, photos)) in columns
            .iter_mut()
            .zip([(rt.before, &detail.before), (rt.after, &detail.after)])
        {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(title).strong());
                if photos.is_empty() {
                    ui.label(RichText::new(rt.no_photos).color(palette::MUTED));
                }
                let size = egui::vec2(ui.available_width().min(160.0), 120.0);
                ui.horizontal_wrapped(|ui| {
                    for photo in photos {
                        if thumb_ui(
                            ui,
                            shared,
                            view.thumbs.get(&photo.id),
                            &photo.file_name,
                            size,
                        ) {
                            cmd = Some(show_photo(&all, photo.id));
                        }
                    }
                });
            });
        }
    });
    cmd
}

/// The moves the state allows, with who makes them.
fn actions(
    ui: &mut Ui,
    shared: &Shared,
    state: &mut RectState,
    view: &RectView,
    row: &RectificationRow,
) -> Option<Command> {
    let tr = shared.tr;
    let rt = tr.rect;
    let mut cmd = None;
    let id = row.id;
    if row.status == RectificationStatus::Accepted {
        ui.label(
            RichText::new(format!("✓ {}", rt.closed_loop))
                .color(palette::DONE)
                .strong(),
        );
        return None;
    }
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            labelled_text(ui, rt.by, &mut state.by, 160.0);
        });
        ui.add_space(4.0);
        match row.status {
            RectificationStatus::Open => {
                let label = ui.label(rt.close_note);
                ui.add(
                    egui::TextEdit::multiline(&mut state.note)
                        .char_limit(NOTE_MAX_CHARS)
                        .desired_rows(2)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
                ui.horizontal_wrapped(|ui| {
                    let close = ui.add_enabled(
                        !view.photo_busy,
                        egui::Button::new(RichText::new(rt.close_button).strong()),
                    );
                    if close.clicked() {
                        cmd = close_command(rt, state, id);
                    }
                    if ui.button(rt.add_after_photo).clicked() {
                        cmd = Some(Command::Rect(RectCommand::PickAfterPhoto));
                    }
                    if view.photo_busy {
                        ui.spinner();
                        ui.label(tr.photo_working);
                    }
                });
                if let Some(c) = after_photos(ui, shared, state, view) {
                    cmd = Some(c);
                }
            }
            RectificationStatus::Done => {
                if ui
                    .button(RichText::new(rt.accept_button).strong())
                    .clicked()
                {
                    cmd = Some(Command::Rect(RectCommand::Accept {
                        id,
                        by: state.by.trim().to_owned(),
                    }));
                }
                ui.horizontal(|ui| {
                    let width = (ui.available_width() - 150.0).clamp(100.0, 320.0);
                    labelled_text(ui, rt.return_reason, &mut state.reason, width);
                    if ui.button(rt.return_button).clicked() {
                        if state.reason.trim().is_empty() {
                            state.problem = Some(rt.return_needs_reason);
                        } else {
                            state.problem = None;
                            cmd = Some(Command::Rect(RectCommand::Return {
                                id,
                                reason: state.reason.trim().to_owned(),
                                by: state.by.trim().to_owned(),
                            }));
                        }
                    }
                });
            }
            RectificationStatus::Accepted => {}
        }
        if let Some(problem) = state.problem {
            ui.label(RichText::new(problem).color(ui.visuals().error_fg_color));
        }
        ui.separator();
        ui.horizontal_wrapped(|ui| {
            let field = date_field(
                ui,
                shared.dates(),
                rt.new_due,
                &mut state.new_due,
                "rect_new_due",
                112.0,
            );
            let day: Option<NaiveDate> = parse_date(&state.new_due);
            if ui
                .add_enabled(day.is_some(), egui::Button::new(rt.reschedule_button))
                .clicked()
                && let Some(due_on) = day
            {
                cmd = Some(Command::Rect(RectCommand::Reschedule {
                    id,
                    due_on,
                    by: state.by.trim().to_owned(),
                }));
            }
            if day.is_none() && !field.has_focus() {
                ui.label(RichText::new(rt.bad_day).color(palette::PENDING));
            }
        });
        ui.horizontal_wrapped(|ui| {
            labelled_text(ui, rt.new_owner, &mut state.new_owner, 160.0);
            if ui.button(rt.reassign_button).clicked() {
                cmd = Some(Command::Rect(RectCommand::Reassign {
                    id,
                    owner: state.new_owner.trim().to_owned(),
                    by: state.by.trim().to_owned(),
                }));
            }
            ui.label(
                RichText::new(rt.new_owner_hint)
                    .small()
                    .color(palette::MUTED),
            );
        });
    });
    cmd
}

/// The after-photos chosen so far, each removable, and the typed path when no dialog opens.
fn after_photos(
    ui: &mut Ui,
    shared: &Shared,
    state: &mut RectState,
    view: &RectView,
) -> Option<Command> {
    let tr = shared.tr;
    let rt = tr.rect;
    let mut cmd = None;
    if state.show_path_input {
        ui.horizontal(|ui| {
            labelled_text(ui, tr.photo_path, &mut state.photo_path, 320.0);
            if ui.button(tr.add_path).clicked() && !state.photo_path.trim().is_empty() {
                cmd = Some(Command::Rect(RectCommand::AttachAfterPhoto(
                    state.photo_path.trim().into(),
                )));
                state.photo_path.clear();
            }
        });
    }
    if !view.pending.is_empty() {
        ui.label(RichText::new(rt.after_pending).color(palette::MUTED));
        ui.horizontal_wrapped(|ui| {
            for (index, pending) in view.pending.iter().enumerate() {
                ui.vertical(|ui| {
                    match &pending.thumb {
                        Some(texture) => {
                            ui.add(egui::Image::new(texture).max_size(egui::vec2(120.0, 90.0)))
                                .on_hover_text(&pending.photo.file_name);
                        }
                        None => {
                            ui.label(&pending.photo.file_name);
                        }
                    }
                    if ui.small_button(tr.remove).clicked() {
                        cmd = Some(Command::Rect(RectCommand::RemoveAfterPhoto(index)));
                    }
                });
            }
        });
    }
    cmd
}

/// Every photo of a rectification in the order the viewer steps through them: the answer's,
/// then each move's, oldest first (the after panel's are among these).
fn viewer_photos(detail: &RectificationDetail) -> Vec<AttachmentMeta> {
    detail
        .before
        .iter()
        .chain(detail.history.iter().flat_map(|e| &e.photos))
        .cloned()
        .collect()
}

/// The size a history step's photo thumbnails fit in.
const HISTORY_THUMB: egui::Vec2 = egui::vec2(72.0, 54.0);

/// Every move, oldest first: when (local time), who, what, its note and the thumbnails of
/// the photos that came with it (a click shows one large).
fn history(
    ui: &mut Ui,
    shared: &Shared,
    view: &RectView,
    detail: &RectificationDetail,
) -> Option<Command> {
    let rt = shared.tr.rect;
    let mut cmd = None;
    ui.label(RichText::new(rt.history).strong());
    // A line per move, its note and photos under it at the full width of the column (in a
    // grid the note's column would be squeezed to a few characters).
    for event in &detail.history {
        ui.horizontal(|ui| {
            ui.label(RichText::new(local_time(&event.at, event.utc_offset_min)).monospace());
            ui.label(if event.by.is_empty() {
                "—"
            } else {
                &event.by
            });
            ui.label(RichText::new(shared.lang.rect_action(event.action)).strong());
        });
        if event.note.is_empty() && event.photos.is_empty() {
            continue;
        }
        ui.indent(("rect_history_note", &event.at, event.action), |ui| {
            if !event.note.is_empty() {
                ui.add(egui::Label::new(&event.note).wrap());
            }
            if !event.photos.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    for photo in &event.photos {
                        if thumb_ui(
                            ui,
                            shared,
                            view.thumbs.get(&photo.id),
                            &photo.file_name,
                            HISTORY_THUMB,
                        ) {
                            cmd = Some(show_photo(&viewer_photos(detail), photo.id));
                        }
                    }
                });
            }
        });
        ui.add_space(2.0);
    }
    cmd
}

/// An instant stored in UTC, shown at the offset it was taken at: `2026-10-31 15:00`.
fn local_time(at: &str, utc_offset_min: i32) -> String {
    let offset = FixedOffset::east_opt(utc_offset_min * 60);
    match (DateTime::parse_from_rfc3339(at), offset) {
        (Ok(instant), Some(offset)) => instant
            .with_timezone(&offset)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        _ => at.to_owned(),
    }
}
