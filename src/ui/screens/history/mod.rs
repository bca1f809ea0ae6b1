//! 记录 History: a virtualised table of every inspection (filtered by hall, days, checklist,
//! rating, status, kind and note text), loaded page by page off the frame path; one
//! inspection opens read-only.

mod amend;

use std::collections::{HashMap, HashSet};

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::domain::{Amendment, InspectionKind, InspectionScore, Rating, Status};
use crate::export::ExportFormat;
use crate::store::{InspectionDetail, InspectionFilter, InspectionRow, SortKey, joined_names};
use crate::ui::jobs::reader::{HistoryQuery, PAGE_ROWS};
use crate::ui::palette;
use crate::ui::widgets::{
    Shared, SignaturePad, Thumbs, date_range, fixed_cell, hall_filter, item_outcome_cell,
    kind_filter, parse_date, rating_text, show_photo, sign_off_form, signature_view, status_filter,
    thumb_ui,
};
use crate::ui::{Command, SignOffInput};
pub use amend::AmendDraft;

/// The filter as typed, and the query last applied.
#[derive(Debug, Clone, Default)]
pub struct HistoryState {
    /// Hall filter.
    pub hall_id: Option<i64>,
    /// From date, typed.
    pub from: String,
    /// To date, typed.
    pub to: String,
    /// Template filter.
    pub template_id: Option<String>,
    /// Rating filter.
    pub rating: Option<Rating>,
    /// Status filter.
    pub status: Option<Status>,
    /// Kind filter.
    pub kind: Option<InspectionKind>,
    /// Note text, typed.
    pub text: String,
    /// Note text applied (on Enter or leaving the field).
    pub text_applied: String,
    /// Sort column.
    pub sort: SortKey,
    /// Ascending instead of the default descending.
    pub ascending: bool,
    /// The query the loaded pages belong to.
    pub applied: HistoryQuery,
    /// The amendment being written in the open inspection, if any.
    pub amend: Option<AmendDraft>,
    /// The sign-off dialog of the open inspection, while open.
    pub signing: Option<Signing>,
}

/// The sign-off of a submitted inspection being given in History: the name typed and the
/// signature drawn.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signing {
    /// The inspection's row id.
    pub inspection_id: i64,
    /// The hall manager's name.
    pub name: String,
    /// The signature.
    pub pad: SignaturePad,
    /// Put the keyboard in the name when the dialog opens.
    pub focus: bool,
}

impl HistoryState {
    /// The query the typed filter stands for.
    pub fn query(&self) -> HistoryQuery {
        HistoryQuery {
            filter: InspectionFilter {
                hall_id: self.hall_id,
                from: parse_date(&self.from),
                to: parse_date(&self.to),
                status: self.status,
                rating: self.rating,
                kind: self.kind,
                template_id: self.template_id.clone(),
                text: Some(self.text_applied.trim().to_owned()).filter(|t| !t.is_empty()),
                inspection_id: None,
            },
            sort: self.sort,
            descending: !self.ascending,
        }
    }
}

/// One inspection opened read-only.
pub struct DetailView {
    /// The inspection.
    pub detail: InspectionDetail,
    /// Its amendments, oldest first.
    pub amendments: Vec<Amendment>,
    /// Photo thumbnails by attachment id.
    pub thumbs: Thumbs,
    /// Its score as the answers give it (worked out once, when it loads).
    pub score: InspectionScore,
}

/// The loaded pages.
#[derive(Default)]
pub struct HistoryView {
    /// Bumped whenever the query changes; replies of older generations are dropped.
    pub generation: u64,
    /// The query the loaded count and pages belong to.
    pub queried: HistoryQuery,
    /// Matching rows, once counted.
    pub total: Option<usize>,
    /// Loaded pages.
    pub pages: HashMap<usize, Vec<InspectionRow>>,
    /// Pages asked for.
    pub requested: HashSet<usize>,
    /// Loading error.
    pub error: Option<String>,
    /// The inspection open read-only.
    pub detail: Option<DetailView>,
    /// The inspection to open, while it is being read.
    pub detail_loading: Option<i64>,
}

/// Draws the History screen.
pub fn ui(
    ui: &mut Ui,
    shared: &Shared,
    state: &mut HistoryState,
    view: &HistoryView,
) -> Option<Command> {
    if let Some(detail) = &view.detail {
        return detail_ui(ui, shared, state, detail);
    }
    if view.detail_loading.is_some() {
        ui.spinner();
        return None;
    }
    let tr = shared.tr;
    let mut cmd = None;
    // Two rows of filters; a label never breaks, it moves to the next line whole.
    ui.horizontal_wrapped(|ui| {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        hall_filter(ui, shared, "history_hall", &mut state.hall_id);
        date_range(ui, shared, "history", &mut state.from, &mut state.to);
        let combo_label = ui.label(tr.checklists);
        egui::ComboBox::from_id_salt("history_template")
            .selected_text(
                state
                    .template_id
                    .as_deref()
                    .map(|id| shared.template_name(id).to_owned())
                    .unwrap_or_else(|| tr.any.to_owned()),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.template_id, None, tr.any);
                for loaded in &shared.catalog.templates {
                    ui.selectable_value(
                        &mut state.template_id,
                        Some(loaded.template.id.clone()),
                        loaded.template.name_in(shared.lang.is_english()),
                    );
                }
            })
            .response
            .labelled_by(combo_label.id);
    });
    ui.horizontal_wrapped(|ui| {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        let combo_label = ui.label(tr.rating);
        egui::ComboBox::from_id_salt("history_rating")
            .selected_text(
                state
                    .rating
                    .map(|r| shared.rating_name(r))
                    .unwrap_or(tr.any),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.rating, None, tr.any);
                for rating in Rating::ALL {
                    ui.selectable_value(
                        &mut state.rating,
                        Some(rating),
                        shared.rating_name(rating),
                    );
                }
            })
            .response
            .labelled_by(combo_label.id);
        status_filter(ui, shared, "history_status", &mut state.status);
        kind_filter(
            ui,
            shared,
            (tr.kind, tr.any),
            "history_kind",
            &mut state.kind,
        );
        let label = ui.label(tr.search_notes);
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut state.text)
                    .hint_text(tr.search_hint)
                    .desired_width(180.0),
            )
            .labelled_by(label.id);
        if response.lost_focus() {
            state.text_applied = state.text.clone();
        }
        if ui.button(tr.clear_filters).clicked() {
            *state = HistoryState {
                applied: state.applied.clone(),
                ..HistoryState::default()
            };
        }
    });
    let bad_dates = [&state.from, &state.to]
        .iter()
        .any(|t| !t.trim().is_empty() && parse_date(t).is_none());
    // A changed filter or sort counts from now on; the app asks for its rows after the frame.
    state.applied = state.query();
    ui.horizontal(|ui| {
        match view.total {
            Some(total) => {
                ui.label(format!("{total} {}", tr.results));
                ui.label(RichText::new(tr.open_hint).color(palette::MUTED).size(14.0))
            }
            None => {
                ui.spinner();
                ui.label(tr.loading)
            }
        };
        if bad_dates {
            ui.label(RichText::new(tr.bad_date).color(ui.visuals().error_fg_color));
        }
        if let Some(e) = &view.error {
            ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
        }
    });
    ui.separator();

    let total = view.total.unwrap_or(0);
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let mut sort_clicked = None;
    let header_button = |ui: &mut Ui,
                         label: &str,
                         key: Option<SortKey>,
                         state: &HistoryState,
                         clicked: &mut Option<SortKey>| {
        match key {
            Some(key) => {
                let arrow = if state.sort == key {
                    if state.ascending { " ▲" } else { " ▼" }
                } else {
                    ""
                };
                if ui
                    .button(RichText::new(format!("{label}{arrow}")).strong())
                    .clicked()
                {
                    *clicked = Some(key);
                }
            }
            None => {
                ui.label(RichText::new(label).strong());
            }
        }
    };
    // A click anywhere on a row opens it: labels in the table do not take clicks for text
    // selection.
    ui.scope(|ui| {
        ui.style_mut().interaction.selectable_labels = false;
        TableBuilder::new(ui)
            .striped(true)
            .sense(egui::Sense::click())
            .resizable(true)
            .auto_shrink([false, false])
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::initial(104.0).at_least(90.0))
            .column(Column::initial(160.0).at_least(80.0).clip(true))
            .column(Column::initial(72.0))
            .column(Column::initial(72.0).clip(true))
            .column(Column::initial(90.0).clip(true))
            .column(Column::initial(70.0))
            .column(Column::initial(80.0))
            .column(Column::initial(64.0))
            .column(Column::initial(72.0))
            .column(Column::remainder().at_least(100.0).clip(true))
            .header(row_height + 4.0, |mut header| {
                let columns: [(&str, Option<SortKey>); 10] = [
                    (tr.date, Some(SortKey::Date)),
                    (tr.hall, Some(SortKey::Hall)),
                    (tr.shift, None),
                    (tr.kind_column, None),
                    (tr.inspector, Some(SortKey::Inspector)),
                    (tr.score, Some(SortKey::Score)),
                    (tr.rating, None),
                    (tr.veto_short, None),
                    (tr.status, None),
                    (tr.checklists, None),
                ];
                for (label, key) in columns {
                    header.col(|ui| header_button(ui, label, key, state, &mut sort_clicked));
                }
            })
            .body(|body| {
                body.rows(row_height, total, |mut row| {
                    let index = row.index();
                    let page = index / PAGE_ROWS;
                    let Some(item) = view.pages.get(&page).and_then(|p| p.get(index % PAGE_ROWS))
                    else {
                        if !view.requested.contains(&page) && cmd.is_none() {
                            cmd = Some(Command::HistoryPage(page));
                        }
                        row.col(|ui| {
                            ui.label(RichText::new("…").color(palette::MUTED));
                        });
                        return;
                    };
                    row.col(|ui| {
                        if ui.link(item.date.format("%Y-%m-%d").to_string()).clicked() {
                            cmd = Some(Command::OpenInspection(item.id));
                        }
                    });
                    row.col(|ui| {
                        ui.label(&item.hall_name);
                    });
                    row.col(|ui| {
                        ui.label(shared.shift_name(item.shift));
                    });
                    row.col(|ui| {
                        ui.label(shared.kind_name(item.kind));
                    });
                    row.col(|ui| {
                        ui.label(&item.inspector);
                    });
                    row.col(|ui| {
                        // Two decimals, right-aligned, so the points line up.
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(
                                RichText::new(
                                    item.score
                                        .map(|s| format!("{:.2}", s.as_f64()))
                                        .unwrap_or_default(),
                                )
                                .monospace(),
                            );
                        });
                    });
                    row.col(|ui| {
                        if let Some(rating) = item.rating {
                            ui.label(rating_text(shared, rating));
                        }
                    });
                    row.col(|ui| {
                        if item.veto {
                            ui.label(
                                RichText::new(format!("⚠ {}", tr.veto_short))
                                    .color(palette::ALERT)
                                    .strong(),
                            );
                        }
                    });
                    row.col(|ui| {
                        if item.amendments > 0 {
                            ui.label(
                                RichText::new(format!(
                                    "{} · {}",
                                    shared.status_name(item.status),
                                    tr.amended
                                ))
                                .color(palette::rating(Rating::Pass)),
                            );
                        } else {
                            ui.label(shared.status_name(item.status));
                        }
                    });
                    row.col(|ui| {
                        let names: Vec<&str> = item
                            .template_ids
                            .split_whitespace()
                            .map(|id| shared.template_name(id))
                            .collect();
                        let all = shared.in_use().count();
                        if names.len() == all && all > 1 {
                            ui.label(tr.all_checklists);
                        } else {
                            ui.label(names.join("、"));
                        }
                    });
                    if row.response().clicked() {
                        cmd = Some(Command::OpenInspection(item.id));
                    }
                });
            });
    });
    if let Some(key) = sort_clicked {
        if state.sort == key {
            state.ascending = !state.ascending;
        } else {
            state.sort = key;
            state.ascending = false;
        }
    }
    cmd
}

fn detail_ui(
    ui: &mut Ui,
    shared: &Shared,
    state: &mut HistoryState,
    view: &DetailView,
) -> Option<Command> {
    let tr = shared.tr;
    let english = shared.lang.is_english();
    let mut cmd = None;
    let detail = &view.detail;
    let header = &detail.header;
    ui.horizontal_wrapped(|ui| {
        if ui.button(format!("← {}", tr.back)).clicked() {
            cmd = Some(Command::CloseInspection);
        }
        ui.heading(format!("{} · {}", tr.detail, header.hall_name));
        ui.label(shared.day_shift_inspector(header));
    });
    ui.horizontal(|ui| {
        let this_one = InspectionFilter {
            inspection_id: Some(header.id),
            ..InspectionFilter::default()
        };
        if header.status == Status::Draft && ui.button(tr.continue_draft).clicked() {
            cmd = Some(Command::ResumeDraft(header.id));
        }
        let amending = state
            .amend
            .as_ref()
            .is_some_and(|d| d.inspection_id == header.id);
        if header.status == Status::Submitted && !amending && ui.button(tr.amend).clicked() {
            state.amend = Some(AmendDraft::of(detail, &shared.settings.default_inspector));
        }
        if ui.button(tr.export_pdf).clicked() {
            cmd = Some(Command::Export {
                format: ExportFormat::Pdf,
                filter: this_one.clone(),
            });
        }
        if ui.button(tr.print).clicked() {
            cmd = Some(Command::Print(this_one));
        }
        if header.status == Status::Submitted
            && detail.sign_off.is_none()
            && ui.button(tr.sign_off_open).clicked()
        {
            state.signing = Some(Signing {
                inspection_id: header.id,
                focus: true,
                ..Signing::default()
            });
        }
    });
    if header.status == Status::Submitted {
        sign_off_ui(ui, shared, detail);
    }
    if let Some(c) = signing_dialog(ui, shared, &mut state.signing, header.id) {
        cmd = Some(c);
    }
    let score = &view.score;
    ui.horizontal_wrapped(|ui| {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        let shown = header.score.unwrap_or(score.score);
        ui.label(
            RichText::new(format!("{} {shown}", tr.score))
                .size(20.0)
                .strong(),
        );
        if let Some(rating) = header.rating {
            ui.label(rating_text(shared, rating));
        }
        if header.veto {
            ui.label(
                RichText::new(format!("⚠ {}", tr.veto))
                    .color(palette::rating(Rating::Fail))
                    .strong(),
            );
        }
        ui.label(shared.status_name(header.status));
        if header.amendments > 0 {
            ui.label(
                RichText::new(
                    shared
                        .lang
                        .bracketed(tr.amended, &header.amendments.to_string()),
                )
                .color(palette::rating(Rating::Pass))
                .strong(),
            );
        }
        ui.separator();
        for area in &score.areas {
            let mut text = format!(
                "{} {}/{}",
                shared.template_name(&area.template_id),
                area.earned,
                area.effective_cap
            );
            if area.bonus > crate::domain::Points::ZERO {
                text = shared
                    .lang
                    .bracketed(&text, &format!("{} +{}", tr.bonus, area.bonus));
            }
            ui.label(RichText::new(text).small());
        }
    });
    if let Some(draft) = state
        .amend
        .as_mut()
        .filter(|d| d.inspection_id == header.id)
        && !amend::panel(ui, shared, draft, detail, &mut cmd)
    {
        state.amend = None;
    }
    ui.separator();
    let mut amend_draft = state
        .amend
        .as_mut()
        .filter(|d| d.inspection_id == header.id);
    egui::ScrollArea::vertical()
        .id_salt(("history_detail", header.id))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if !view.amendments.is_empty() {
                amend::history(ui, shared, detail, &view.amendments);
            }
            // Every checklist's table has the same columns and widths, so the results line
            // up from one checklist to the next: mark, item, result, the person deducted, the
            // reason, the photos.
            let width = ui.available_width();
            let text_width = (width * 0.34).clamp(220.0, 480.0);
            // An amendment's answer cell holds the three answers and the count.
            let result_width = if amend_draft.is_some() { 250.0 } else { 110.0 };
            let note_width = (width - text_width - 18.0 - result_width - 80.0 - 200.0).max(160.0);
            for (row, template) in &detail.templates {
                ui.add_space(4.0);
                ui.label(
                    RichText::new(shared.lang.bracketed(
                        template.name_in(english),
                        &format!("{} {}", tr.cap, template.points),
                    ))
                    .strong(),
                );
                egui::Grid::new(("detail", *row))
                    .striped(true)
                    .num_columns(6)
                    .spacing([10.0, 4.0])
                    .show(ui, |ui| {
                        ui.label("");
                        for (heading, min) in [
                            (tr.item, text_width),
                            (tr.result, result_width),
                            (tr.staff_member, 80.0),
                            (tr.note, note_width),
                            (tr.photos, 0.0),
                        ] {
                            fixed_cell(ui, min, RichText::new(heading).strong().small());
                        }
                        ui.end_row();
                        for (n, item) in template.items.iter().enumerate() {
                            let result = detail.result(*row, &item.id);
                            item_outcome_cell(ui, item, result.map(|r| r.outcome));
                            fixed_cell(
                                ui,
                                text_width,
                                format!("{}. {}", n + 1, item.text_in(english)),
                            );
                            let outcome = match result {
                                Some(r) if r.outcome == item.scored_outcome() => {
                                    let mut text = format!(
                                        "{} ×{} {}",
                                        shared.item_outcome_name(item, r.outcome),
                                        r.count,
                                        item.signed_points(r.outcome, r.count, r.rate)
                                    );
                                    if let Some(rate) = r.rate {
                                        text.push_str(&format!(" (@{rate})"));
                                    }
                                    text
                                }
                                Some(r) => shared.item_outcome_name(item, r.outcome).to_owned(),
                                None => String::new(),
                            };
                            match amend_draft.as_deref_mut() {
                                Some(draft) => amend::outcome_cell(
                                    ui,
                                    shared,
                                    draft,
                                    (*row, item),
                                    result_width,
                                ),
                                None => fixed_cell(ui, 110.0, outcome),
                            }
                            fixed_cell(
                                ui,
                                80.0,
                                result
                                    .map(|r| joined_names(&r.staff).into_owned())
                                    .unwrap_or_default(),
                            );
                            match amend_draft.as_deref_mut() {
                                Some(draft) => {
                                    amend::note_cell(ui, shared, draft, (*row, item), note_width)
                                }
                                None => fixed_cell(
                                    ui,
                                    note_width,
                                    result.map(|r| r.note.clone()).unwrap_or_default(),
                                ),
                            }
                            ui.horizontal(|ui| {
                                for photo in detail
                                    .attachments
                                    .iter()
                                    .filter(|a| a.template_row == *row && a.item_id == item.id)
                                {
                                    if thumb_ui(
                                        ui,
                                        shared,
                                        view.thumbs.get(&photo.id),
                                        &photo.file_name,
                                        egui::vec2(120.0, 90.0),
                                    ) {
                                        cmd = Some(show_photo(&detail.attachments, photo.id));
                                    }
                                }
                            });
                            ui.end_row();
                        }
                    });
            }
        });
    cmd
}

/// The signatures of a submitted inspection: the inspector (recorded on it) and the hall
/// manager's sign-off — name, drawing and time — or that there is none yet.
fn sign_off_ui(ui: &mut Ui, shared: &Shared, detail: &InspectionDetail) {
    let tr = shared.tr;
    ui.horizontal_wrapped(|ui| {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        ui.label(RichText::new(tr.signed_off).strong());
        ui.label(shared.lang.labelled(tr.inspector, &detail.header.inspector));
        ui.separator();
        match &detail.sign_off {
            Some(sign_off) => {
                ui.label(shared.lang.labelled(tr.signer_name, &sign_off.name));
                if sign_off.strokes.is_empty() {
                    ui.label(RichText::new(tr.name_only).color(palette::MUTED));
                } else {
                    signature_view(ui, &sign_off.strokes, tr.signature, 150.0);
                }
                ui.label(shared.lang.labelled(
                    tr.signed_at,
                    crate::export::local_time_text(&sign_off.signed_at, sign_off.utc_offset_min),
                ));
            }
            None => {
                ui.label(RichText::new(tr.not_signed).color(palette::PENDING));
            }
        }
    });
}

/// The sign-off dialog of the open inspection `id`: Confirm signs it off (Enter too, once a
/// name is given), Cancel or Esc closes it.
fn signing_dialog(
    ui: &mut Ui,
    shared: &Shared,
    signing: &mut Option<Signing>,
    id: i64,
) -> Option<Command> {
    let tr = shared.tr;
    let open = signing.as_mut().filter(|s| s.inspection_id == id)?;
    let mut cmd = None;
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("sign_off")).show(ui.ctx(), |ui| {
        ui.set_max_width(560.0);
        let name_field = sign_off_form(ui, shared, &mut open.name, &mut open.pad);
        if std::mem::take(&mut open.focus) {
            name_field.request_focus();
        }
        ui.separator();
        let named = !open.name.trim().is_empty();
        let enter =
            named && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
        ui.horizontal(|ui| {
            let confirm = ui.add_enabled(
                named,
                egui::Button::new(RichText::new(tr.sign_confirm).strong()),
            );
            if confirm.clicked() || enter {
                cmd = Some(Command::SignOff {
                    inspection_id: id,
                    input: SignOffInput {
                        name: open.name.trim().to_owned(),
                        strokes: open.pad.strokes.clone(),
                    },
                });
            }
            if ui.button(tr.cancel).clicked() {
                close = true;
            }
        });
    });
    if close || (modal.should_close() && cmd.is_none()) {
        *signing = None;
    }
    cmd
}
