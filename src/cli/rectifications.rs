//! `hallcheck rectifications …`: the rectifications (整改) as a list (by hall, state, owner,
//! overdue, repeat), one whole with its history and photos, and the moves: close, accept,
//! return, a new deadline or owner. "Today" is the local calendar day, read once here.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::Subcommand;

use crate::cli::output::names;
use crate::cli::{Format, Listing};
use crate::domain::RectificationStatus;
use crate::store::{RectificationFilter, RectificationRow, Store};

/// `rectifications …`
#[derive(Debug, Subcommand)]
pub enum RectificationsCommand {
    /// One row per rectification, the earliest deadline first.
    List {
        /// Only this hall (code or id).
        #[arg(long)]
        hall: Option<String>,
        /// Only this state: open (待整改), done (已整改) or accepted (已验收).
        #[arg(long, value_name = "STATE", value_parser = parse_status)]
        status: Option<RectificationStatus>,
        /// Only this owner (责任人), as named.
        #[arg(long)]
        owner: Option<String>,
        /// Only those still open after their deadline.
        #[arg(long)]
        overdue: bool,
        /// Only repeat problems (重复问题).
        #[arg(long)]
        repeat: bool,
        /// Judge overdue as of this day (YYYY-MM-DD; default: today).
        #[arg(long)]
        today: Option<NaiveDate>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// One rectification: the problem, its owner and deadline, its history and photos.
    Show {
        /// The rectification's UUID (or a unique prefix of 8+ characters).
        uuid: String,
        /// Judge overdue as of this day (YYYY-MM-DD; default: today).
        #[arg(long)]
        today: Option<NaiveDate>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Report it fixed (待整改 → 已整改), saying what was done.
    Close {
        /// The rectification's UUID (or a unique prefix).
        uuid: String,
        /// What was done.
        #[arg(long)]
        note: String,
        /// A photo of the fix (JPEG or PNG); may be given more than once.
        #[arg(long, value_name = "FILE")]
        photo: Vec<PathBuf>,
        /// Who reports it.
        #[arg(long, default_value = "")]
        by: String,
    },
    /// Accept the fix (已整改 → 已验收).
    Accept {
        /// The rectification's UUID (or a unique prefix).
        uuid: String,
        /// Who accepts it.
        #[arg(long, default_value = "")]
        by: String,
    },
    /// Return the fix (已整改 → 待整改) with the reason.
    Return {
        /// The rectification's UUID (or a unique prefix).
        uuid: String,
        /// Why it is not accepted.
        #[arg(long)]
        reason: String,
        /// Who returns it.
        #[arg(long, default_value = "")]
        by: String,
    },
    /// Give it a new deadline.
    Reschedule {
        /// The rectification's UUID (or a unique prefix).
        uuid: String,
        /// The new deadline (YYYY-MM-DD).
        #[arg(long)]
        due: NaiveDate,
        /// Who changes it.
        #[arg(long, default_value = "")]
        by: String,
    },
    /// Give it a new owner (an empty name: the hall manager).
    Reassign {
        /// The rectification's UUID (or a unique prefix).
        uuid: String,
        /// The new owner (责任人).
        #[arg(long)]
        owner: String,
        /// Who changes it.
        #[arg(long, default_value = "")]
        by: String,
    },
}

impl RectificationsCommand {
    /// Whether the command changes the database.
    pub fn writes(&self) -> bool {
        !matches!(
            self,
            RectificationsCommand::List { .. } | RectificationsCommand::Show { .. }
        )
    }
}

/// A state's code as `--status` takes it; refused naming the codes there are.
pub fn parse_status(code: &str) -> Result<RectificationStatus, String> {
    RectificationStatus::from_code(code.trim()).ok_or_else(|| {
        let codes: Vec<&str> = RectificationStatus::ALL.iter().map(|s| s.code()).collect();
        format!(
            "unknown state `{code}`; the states are {}",
            codes.join(", ")
        )
    })
}

/// When a move is made: now, with the local offset.
fn now() -> DateTime<FixedOffset> {
    chrono::Local::now().fixed_offset()
}

/// Runs a `rectifications` subcommand against `store`, judging overdue on `today` unless the
/// command names another day.
pub fn run(
    store: &Store,
    command: RectificationsCommand,
    today: NaiveDate,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match command {
        RectificationsCommand::List {
            hall,
            status,
            owner,
            overdue,
            repeat,
            today: on,
            format,
        } => {
            let today = on.unwrap_or(today);
            let hall_id = match hall {
                Some(key) => Some(store.require_hall(&key)?.id),
                None => None,
            };
            let filter = RectificationFilter {
                hall_id,
                status,
                owner,
                overdue,
                repeat,
                ..RectificationFilter::default()
            };
            list(&store.rectifications(&filter, today)?, format, out)
        }
        RectificationsCommand::Show {
            uuid,
            today: on,
            format,
        } => {
            let today = on.unwrap_or(today);
            let id = store.rectification_id_by_uuid(&uuid)?;
            show(store, id, today, format, out)
        }
        RectificationsCommand::Close {
            uuid,
            note,
            photo,
            by,
        } => {
            let id = store.rectification_id_by_uuid(&uuid)?;
            let photos = photo
                .iter()
                .map(|path| {
                    crate::export::photo::prepare_photo(path)
                        .with_context(|| format!("reading the photo {}", path.display()))
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let state = store.close_rectification(id, &note, &photos, &by, now())?;
            moved(store, id, today, state, out)
        }
        RectificationsCommand::Accept { uuid, by } => {
            let id = store.rectification_id_by_uuid(&uuid)?;
            let state = store.accept_rectification(id, &by, now())?;
            moved(store, id, today, state, out)
        }
        RectificationsCommand::Return { uuid, reason, by } => {
            let id = store.rectification_id_by_uuid(&uuid)?;
            let state = store.return_rectification(id, &reason, &by, now())?;
            moved(store, id, today, state, out)
        }
        RectificationsCommand::Reschedule { uuid, due, by } => {
            let id = store.rectification_id_by_uuid(&uuid)?;
            let state = store.reschedule_rectification(id, due, &by, now())?;
            moved(store, id, today, state, out)
        }
        RectificationsCommand::Reassign { uuid, owner, by } => {
            let id = store.rectification_id_by_uuid(&uuid)?;
            let state = store.reassign_rectification(id, &owner, &by, now())?;
            moved(store, id, today, state, out)
        }
    }
}

/// One line saying where a rectification stands after a move.
fn moved(
    store: &Store,
    id: i64,
    today: NaiveDate,
    state: RectificationStatus,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let uuid = store.rectification(id, today)?.row.uuid;
    writeln!(
        out,
        "rectification {uuid}: {}（{}）",
        state.code(),
        state.name_zh()
    )?;
    Ok(())
}

/// The yes/no text of a flag.
fn yes(flag: bool) -> String {
    if flag { "yes" } else { "no" }.to_owned()
}

fn list(rows: &[RectificationRow], format: Format, out: &mut dyn Write) -> anyhow::Result<()> {
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                r.uuid.clone(),
                r.hall_key.clone(),
                r.hall_name.clone(),
                r.inspected_on.to_string(),
                format!("{}/{}", r.template_id, r.item_id),
                r.item_text.clone(),
                r.reason.clone(),
                r.owner_shown().to_owned(),
                r.due_on.to_string(),
                r.status.code().to_owned(),
                yes(r.overdue),
                yes(r.is_repeat()),
            ]
        })
        .collect();
    Listing {
        columns: names(&[
            "uuid",
            "hall",
            "hall_name",
            "found",
            "item",
            "text",
            "reason",
            "owner",
            "due",
            "status",
            "overdue",
            "repeat",
        ]),
        rows,
    }
    .write(format, out)
}

fn show(
    store: &Store,
    id: i64,
    today: NaiveDate,
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let detail = store.rectification(id, today)?;
    let r = &detail.row;
    let photo_names = |photos: &[crate::store::AttachmentMeta]| -> Vec<String> {
        photos.iter().map(|p| p.file_name.clone()).collect()
    };
    if format == Format::Json {
        let history: Vec<serde_json::Value> = detail
            .history
            .iter()
            .map(|e| {
                serde_json::json!({
                    "action": e.action.code(),
                    "from": e.from.map(RectificationStatus::code),
                    "to": e.to.code(),
                    "by": e.by,
                    "at": e.at,
                    "note": e.note,
                    "photos": photo_names(&e.photos),
                })
            })
            .collect();
        let doc = serde_json::json!({
            "uuid": r.uuid,
            "inspection": r.inspection_uuid,
            "hall": r.hall_name,
            "found": r.inspected_on.to_string(),
            "inspector": r.inspector,
            "item": format!("{}/{}", r.template_id, r.item_id),
            "text": r.item_text,
            "veto": r.veto,
            "deduction": r.deduction.to_string(),
            "reason": r.reason,
            "owner": r.owner_shown(),
            "due": r.due_on.to_string(),
            "status": r.status.code(),
            "overdue": r.overdue,
            "repeat_of": r.repeat_of,
            "note": r.note,
            "before": photo_names(&detail.before),
            "after": photo_names(&detail.after),
            "history": history,
        });
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
        return Ok(());
    }
    if format == Format::Table {
        writeln!(
            out,
            "rectification {}\nhall: {}\nfound: {} by {} (inspection {})\nitem: {}/{} {}{}\nreason: {}\nowner: {}\ndue: {}{}\nstatus: {}（{}）{}\nbefore photos: {}\nafter photos: {}\n",
            r.uuid,
            r.hall_name,
            r.inspected_on,
            r.inspector,
            r.inspection_uuid,
            r.template_id,
            r.item_id,
            r.item_text,
            if r.veto { " （一票否决）" } else { "" },
            r.reason,
            r.owner_shown(),
            r.due_on,
            if r.overdue { " （已逾期）" } else { "" },
            r.status.code(),
            r.status.name_zh(),
            r.repeat_of
                .as_ref()
                .map(|u| format!("\nrepeat of: {u} （重复问题）"))
                .unwrap_or_default(),
            photo_names(&detail.before).join(", "),
            photo_names(&detail.after).join(", "),
        )
        .context("writing the rectification")?;
    }
    let rows = detail
        .history
        .iter()
        .map(|e| {
            vec![
                e.at.clone(),
                e.action.code().to_owned(),
                e.action.name_zh().to_owned(),
                e.from.map(|s| s.code().to_owned()).unwrap_or_default(),
                e.to.code().to_owned(),
                e.by.clone(),
                e.note.clone(),
                photo_names(&e.photos).join(", "),
            ]
        })
        .collect();
    Listing {
        columns: names(&["at", "action", "name", "from", "to", "by", "note", "photos"]),
        rows,
    }
    .write(format, out)
}
