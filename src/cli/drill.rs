//! `hallcheck answer-loop` (hidden): the crash suite's child. It walks inspections as the app
//! does — one answer saved at a time, each in its own transaction — and prints a line for
//! every answer once it is saved, flushed at once, so whoever kills the process knows what
//! must have survived.

use std::io::Write;

use chrono::{Local, NaiveDate};

use crate::checklist;
use crate::domain::{InspectionKind, Outcome, Shift};
use crate::store::{AnswerInput, NewInspection, Store};

/// `hallcheck answer-loop …`
#[derive(Debug, clap::Args)]
pub struct AnswerLoopArgs {
    /// Stop after this many answers (default: never).
    #[arg(long)]
    pub limit: Option<u64>,
}

/// Saves answers until killed (or `limit`): a new inspection of the hall `DRILL` for each
/// round of every built-in checklist item, answers cycling 符合 / 不符合 / 不适用 with counts
/// 1 to 9. Prints `saved UUID TEMPLATE/ITEM OUTCOME COUNT` after each save.
pub fn answer_loop(
    store: &Store,
    args: &AnswerLoopArgs,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let templates: Vec<_> = checklist::builtin()
        .0
        .into_iter()
        .map(|l| l.template)
        .collect();
    let hall = match store.hall_by_key("DRILL")? {
        Some(hall) => hall,
        None => store.add_hall("演练营业厅", Some("DRILL"))?,
    };
    let date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let mut saved: u64 = 0;
    loop {
        let id = store.create_inspection(&NewInspection {
            hall_id: hall.id,
            inspector: "演练",
            date,
            shift: Shift::FullDay,
            kind: InspectionKind::SelfCheck,
            templates: &templates,
            started_at: Local::now().fixed_offset(),
        })?;
        let detail = store.inspection(id)?;
        for (row, template) in &detail.templates {
            for item in &template.items {
                if args.limit.is_some_and(|limit| saved >= limit) {
                    return Ok(());
                }
                let outcome =
                    [Outcome::Pass, Outcome::Fail, Outcome::NotApplicable][(saved % 3) as usize];
                let count = (saved % 9) as u32 + 1;
                store.save_answer(
                    id,
                    &AnswerInput {
                        template_row: *row,
                        item_id: item.id.clone(),
                        outcome,
                        count,
                        rate: None,
                        note: String::new(),
                        staff_ids: Vec::new(),
                    },
                )?;
                writeln!(
                    out,
                    "saved {} {}/{} {} {count}",
                    detail.header.uuid,
                    template.id,
                    item.id,
                    outcome.code()
                )?;
                out.flush()?;
                saved += 1;
            }
        }
    }
}
