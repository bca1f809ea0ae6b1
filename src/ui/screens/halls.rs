//! 营业厅 Halls: add, rename and archive halls; their staff lists.

use egui::{RichText, Ui};

use crate::store::Staff;
use crate::ui::Command;
use crate::ui::palette;
use crate::ui::widgets::{Shared, confirm_modal, entered, labelled_text};

/// What the user is typing or has selected.
#[derive(Debug, Clone, Default)]
pub struct HallsState {
    /// New hall name.
    pub new_name: String,
    /// New hall code.
    pub new_code: String,
    /// The hall whose staff is shown.
    pub selected: Option<i64>,
    /// New name of the selected hall.
    pub rename: String,
    /// New staff member's name.
    pub new_staff: String,
    /// New staff member's 工号.
    pub new_staff_code: String,
    /// List archived halls too.
    pub show_archived: bool,
    /// What waits for the user's confirmation before it is archived.
    pub confirm_archive: Option<Archive>,
}

/// A hall or a staff member to archive, with its name for the question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Archive {
    /// A hall.
    Hall(i64, String),
    /// A staff member.
    Staff(i64, String),
}

impl Archive {
    fn command(&self, archived: bool) -> Command {
        match self {
            Archive::Hall(hall_id, _) => Command::SetHallArchived {
                hall_id: *hall_id,
                archived,
            },
            Archive::Staff(staff_id, _) => Command::SetStaffArchived {
                staff_id: *staff_id,
                archived,
            },
        }
    }

    /// The 归档 / 恢复 button of a hall or staff member that is `archived` or not: archiving
    /// asks first (through `confirm`), restoring is done at once.
    fn button(
        self,
        ui: &mut Ui,
        shared: &Shared,
        archived: bool,
        confirm: &mut Option<Archive>,
    ) -> Option<Command> {
        let label = if archived {
            shared.tr.restore
        } else {
            shared.tr.archive
        };
        if !ui.small_button(label).clicked() {
            return None;
        }
        if archived {
            Some(self.command(false))
        } else {
            *confirm = Some(self);
            None
        }
    }

    fn name(&self) -> &str {
        match self {
            Archive::Hall(_, name) | Archive::Staff(_, name) => name,
        }
    }
}

/// Loaded data of the screen.
#[derive(Debug, Clone, Default)]
pub struct HallsView {
    /// Staff of the selected hall, former staff included.
    pub staff: Vec<Staff>,
}

/// Draws the Halls screen.
pub fn ui(
    ui: &mut Ui,
    shared: &Shared,
    state: &mut HallsState,
    view: &HallsView,
) -> Option<Command> {
    let tr = shared.tr;
    let mut cmd = None;
    ui.heading(tr.nav_halls);
    ui.horizontal_wrapped(|ui| {
        let name = labelled_text(ui, tr.hall_name, &mut state.new_name, 200.0);
        let code = labelled_text(ui, tr.hall_code, &mut state.new_code, 90.0);
        let ready = !state.new_name.trim().is_empty();
        let add = ui.add_enabled(ready, egui::Button::new(tr.add_hall));
        if add.clicked() || (ready && (entered(ui, &name) || entered(ui, &code))) {
            cmd = Some(Command::AddHall {
                name: state.new_name.trim().to_owned(),
                code: state.new_code.trim().to_owned(),
            });
        }
    });
    ui.checkbox(&mut state.show_archived, tr.show_archived);
    ui.separator();
    egui::Panel::left("hall_list")
        .resizable(true)
        .default_size(300.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("hall_list")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    for hall in shared
                        .halls
                        .iter()
                        .filter(|h| state.show_archived || !h.archived)
                    {
                        let mut text = match &hall.code {
                            Some(code) => format!("{code} {}", hall.name),
                            None => hall.name.clone(),
                        };
                        if hall.archived {
                            text = shared.lang.bracketed(&text, tr.archived);
                        }
                        if ui
                            .add(egui::Button::selectable(
                                state.selected == Some(hall.id),
                                text,
                            ))
                            .clicked()
                        {
                            cmd = Some(Command::SelectHall(hall.id));
                        }
                    }
                });
        });
    egui::CentralPanel::default().show(ui, |ui| {
        let Some(hall) = state
            .selected
            .and_then(|id| shared.halls.iter().find(|h| h.id == id))
        else {
            ui.add_space(12.0);
            ui.label(RichText::new(tr.halls_pick).color(palette::MUTED));
            return;
        };
        ui.heading(&hall.name);
        ui.horizontal(|ui| {
            labelled_text(ui, tr.new_name, &mut state.rename, 200.0);
            if ui.button(tr.rename).clicked() && !state.rename.trim().is_empty() {
                cmd = Some(Command::RenameHall {
                    hall_id: hall.id,
                    name: state.rename.trim().to_owned(),
                });
            }
            if let Some(c) = Archive::Hall(hall.id, hall.name.clone()).button(
                ui,
                shared,
                hall.archived,
                &mut state.confirm_archive,
            ) {
                cmd = Some(c);
            }
        });
        ui.separator();
        ui.label(RichText::new(tr.staff).strong());
        ui.horizontal(|ui| {
            let name = labelled_text(ui, tr.staff_name, &mut state.new_staff, 160.0);
            let code = labelled_text(ui, tr.staff_code, &mut state.new_staff_code, 90.0);
            let ready = !state.new_staff.trim().is_empty();
            let add = ui.add_enabled(ready, egui::Button::new(tr.add_staff));
            if add.clicked() || (ready && (entered(ui, &name) || entered(ui, &code))) {
                cmd = Some(Command::AddStaff {
                    hall_id: hall.id,
                    name: state.new_staff.trim().to_owned(),
                    code: state.new_staff_code.trim().to_owned(),
                });
            }
        });
        egui::Grid::new("staff_grid").striped(true).show(ui, |ui| {
            for person in &view.staff {
                ui.label(person.code.as_deref().unwrap_or(""));
                if person.archived {
                    ui.label(
                        RichText::new(shared.lang.bracketed(&person.name, tr.archived)).weak(),
                    );
                } else {
                    ui.label(&person.name);
                }
                if let Some(c) = Archive::Staff(person.id, person.name.clone()).button(
                    ui,
                    shared,
                    person.archived,
                    &mut state.confirm_archive,
                ) {
                    cmd = Some(c);
                }
                ui.end_row();
            }
        });
    });
    if let Some(c) = confirm_archive(ui, shared, state) {
        cmd = Some(c);
    }
    cmd
}

/// Asks before archiving: Confirm (Enter) archives, Cancel (Esc) does nothing.
fn confirm_archive(ui: &mut Ui, shared: &Shared, state: &mut HallsState) -> Option<Command> {
    let target = state.confirm_archive.clone()?;
    let tr = shared.tr;
    let answer = confirm_modal(ui, "confirm_archive", tr.confirm_archive, tr.cancel, |ui| {
        ui.label(shared.lang.archive_question(target.name()));
    })?;
    state.confirm_archive = None;
    answer.then(|| target.command(true))
}
