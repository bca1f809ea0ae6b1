//! `hallcheck inspections …`: one row per inspection (filtered by hall, days and kind), or one
//! inspection whole.

use std::io::Write;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Subcommand;

use crate::cli::output::names;
use crate::cli::{Format, Listing};
use crate::domain::{Area, InspectionKind};
use crate::store::{InspectionFilter, SortKey, Store, joined_names};

/// `inspections …`
#[derive(Debug, Subcommand)]
pub enum InspectionsCommand {
    /// One row per inspection.
    List {
        /// Only this hall (code or id).
        #[arg(long)]
        hall: Option<String>,
        /// From this day (YYYY-MM-DD).
        #[arg(long)]
        from: Option<NaiveDate>,
        /// To this day (YYYY-MM-DD).
        #[arg(long)]
        to: Option<NaiveDate>,
        /// Only inspections of this kind: self_check (自查), supervision (督导检查),
        /// unannounced (暗访) or third_party (第三方).
        #[arg(long, value_name = "CODE", value_parser = parse_kind)]
        kind: Option<InspectionKind>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The whole inspection: every item's outcome and deduction.
    Show {
        /// The inspection's UUID (or a unique prefix of 8+ characters).
        uuid: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// A kind's code as `--kind` takes it; refused naming the codes there are.
pub fn parse_kind(code: &str) -> Result<InspectionKind, String> {
    InspectionKind::from_code(code.trim()).ok_or_else(|| {
        let codes: Vec<&str> = InspectionKind::ALL.iter().map(|k| k.code()).collect();
        format!("unknown kind `{code}`; the kinds are {}", codes.join(", "))
    })
}

/// Runs an `inspections` subcommand against `store`.
pub fn run(store: &Store, command: InspectionsCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match command {
        InspectionsCommand::List {
            hall,
            from,
            to,
            kind,
            format,
        } => {
            let hall_id = match hall {
                Some(key) => Some(store.require_hall(&key)?.id),
                None => None,
            };
            let filter = InspectionFilter {
                hall_id,
                from,
                to,
                kind,
                ..InspectionFilter::default()
            };
            list(store, &filter, format, out)
        }
        InspectionsCommand::Show { uuid, format } => {
            let id = store.inspection_id_by_uuid(&uuid)?;
            show_inspection(store, id, format, out)
        }
    }
}

/// One row per inspection matching `filter`, oldest first.
fn list(
    store: &Store,
    filter: &InspectionFilter,
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let rows = store
        .list_inspections(filter, SortKey::Date, false, 0, i64::MAX)?
        .into_iter()
        .map(|r| {
            vec![
                r.uuid,
                r.hall_key,
                r.hall_name,
                r.date.to_string(),
                r.shift.code().to_string(),
                r.kind.code().to_string(),
                r.inspector,
                r.template_ids,
                r.score.map(|s| s.to_string()).unwrap_or_default(),
                r.rating.map(|x| x.code().to_string()).unwrap_or_default(),
                if r.veto { "yes" } else { "no" }.to_string(),
                r.status.code().to_string(),
            ]
        })
        .collect();
    Listing {
        columns: names(&[
            "uuid",
            "hall",
            "hall_name",
            "date",
            "shift",
            "kind",
            "inspector",
            "templates",
            "score",
            "rating",
            "veto",
            "status",
        ]),
        rows,
    }
    .write(format, out)
}

/// Prints one inspection: a header, then every item with outcome and deduction.
fn show_inspection(
    store: &Store,
    id: i64,
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let detail = store.inspection(id)?;
    let bands = store.settings()?.bands;
    let score = detail.score(&bands);
    let h = &detail.header;
    let mut rows = Vec::new();
    // The people named in each row's answer, one by one (JSON `staff_list`).
    let mut people: Vec<Vec<&str>> = Vec::new();
    for ((row, template), area) in detail.templates.iter().zip(&score.areas) {
        for (n, item) in template.items.iter().enumerate() {
            let result = detail.result(*row, &item.id);
            people.push(
                result
                    .map(|r| r.staff.iter().map(|s| s.name.as_str()).collect())
                    .unwrap_or_default(),
            );
            rows.push(vec![
                format!("{}/{}", template.id, item.id),
                Area::name_zh(template.area).to_string(),
                (n + 1).to_string(),
                item.text.clone(),
                result
                    .map(|r| r.outcome.code().to_string())
                    .unwrap_or_else(|| "unanswered".into()),
                result.map(|r| r.count.to_string()).unwrap_or_default(),
                result.map(|r| r.deduction.to_string()).unwrap_or_default(),
                result
                    .map(|r| joined_names(&r.staff).into_owned())
                    .unwrap_or_default(),
                result.map(|r| r.note.clone()).unwrap_or_default(),
                if item.veto { "veto" } else { "" }.to_string(),
            ]);
        }
        if format == Format::Table {
            people.push(Vec::new());
            rows.push(vec![
                format!("{}/*", template.id),
                template.area.name_zh().to_string(),
                String::new(),
                format!(
                    "小计 {} / {} (cap {})",
                    area.earned, area.effective_cap, area.cap
                ),
                String::new(),
                String::new(),
                area.lost().to_string(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
    }
    if format == Format::Json {
        // `staff` is the people named joined with "、", `staff_list` each of them.
        let items: Vec<serde_json::Value> = rows
            .iter()
            .zip(&people)
            .map(|(r, people)| {
                serde_json::json!({
                    "item": r[0], "area": r[1], "no": r[2], "text": r[3], "outcome": r[4],
                    "count": r[5], "deduction": r[6], "staff": r[7], "staff_list": people,
                    "note": r[8], "veto": r[9] == "veto",
                })
            })
            .collect();
        let doc = serde_json::json!({
            "uuid": h.uuid,
            "hall": h.hall_name,
            "date": h.date.to_string(),
            "shift": h.shift.code(),
            "kind": h.kind.code(),
            "inspector": h.inspector,
            "status": h.status.code(),
            "score": h.score.unwrap_or(score.score).to_string(),
            "rating": h.rating.unwrap_or(score.rating).code(),
            "veto": score.veto,
            "items": items,
        });
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
        return Ok(());
    }
    if format == Format::Table {
        writeln!(
            out,
            "inspection {}\nhall: {}\ndate: {} {}\nkind: {}\ninspector: {}\nstatus: {}\nscore: {}{}\nrating: {}{}\n",
            h.uuid,
            h.hall_name,
            h.date,
            h.shift.name_zh(),
            h.kind.name_zh(),
            h.inspector,
            h.status.code(),
            h.score.unwrap_or(score.score),
            if h.score.is_none() { " (running, draft)" } else { "" },
            h.rating.unwrap_or(score.rating).name_zh(),
            if score.veto { " （一票否决）" } else { "" },
        )
        .context("writing the inspection")?;
    }
    Listing {
        columns: names(&[
            "item",
            "area",
            "no",
            "text",
            "outcome",
            "count",
            "deduction",
            "staff",
            "note",
            "veto",
        ]),
        rows,
    }
    .write(format, out)
}
