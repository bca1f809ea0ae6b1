//! JSON export: full fidelity, for import on another PC.
//!
//! ```text
//! { "schema": "hallcheck-export", "version": 3, "generator": "HallCheck 0.1.0",
//!   "exported_at": "2026-11-27T01:30:00.000Z", "points_unit": "hundredths",
//!   "halls": [..], "staff": [..], "inspectors": [..], "templates": [..],
//!   "inspections": [..], "audit": [..] }
//! ```
//! Records are those of [`crate::store::InspectionRecord`] and its kin: references by UUID (templates by the
//! SHA-256 of their snapshot), points as integers in hundredths, photos as base64 with their
//! SHA-256. The file is streamed one inspection per line.
//!
//! Versions: 2 added inspection kinds and picked rates; 3 adds an inspection's `sign_off`
//! (the hall manager's name and drawn strokes), its `amendments`, its `seal` and the
//! rectifications' history. A reader of
//! version 3 reads 1 and 2 as well: what they lack takes its default (a self check, no rate,
//! no sign-off, a rectification history made up from its state).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::export::{ExportError, Job, PendingFile};

/// The `schema` name of a HallCheck JSON export.
pub const SCHEMA: &str = "hallcheck-export";
/// The newest `version` this program writes and reads. Version 3 carries each
/// rectification's history (`events`, with the after-photos of each close), its deadline,
/// opening, acceptance and repeat link, the states `open`, `done` and `accepted`, and an
/// answer's `fixed_on_spot`; a file of version 2 or 1 still imports (see
/// [`crate::store::RectificationRecord`]).
pub const VERSION: u32 = 3;

fn list<T: Serialize>(
    out: &mut impl Write,
    name: &str,
    items: &[T],
    last: bool,
) -> Result<(), std::io::Error> {
    write!(out, "\"{name}\":[")?;
    for (n, item) in items.iter().enumerate() {
        out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, item)?;
    }
    out.write_all(if last { b"\n]\n" } else { b"\n],\n" })
}

pub(crate) fn write(job: &mut Job, target: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let pending = PendingFile::new(target);
    let io = |e: std::io::Error| ExportError::io(target, e);
    let mut out = BufWriter::new(pending.create()?);
    let context = job.store.exchange_context(job.ids)?;
    let head = serde_json::json!({
        "schema": SCHEMA,
        "version": VERSION,
        "generator": format!("HallCheck {}", env!("CARGO_PKG_VERSION")),
        "exported_at": crate::store::now_utc(),
        "points_unit": "hundredths",
    });
    let head = serde_json::to_string(&head).map_err(|e| io(e.into()))?;
    // The header object without its closing brace, then the lists.
    let open = head.strip_suffix('}').unwrap_or(&head);
    writeln!(out, "{open},").map_err(io)?;
    list(&mut out, "halls", &context.halls, false).map_err(io)?;
    list(&mut out, "staff", &context.staff, false).map_err(io)?;
    list(&mut out, "inspectors", &context.inspectors, false).map_err(io)?;
    list(&mut out, "templates", &context.templates, false).map_err(io)?;
    out.write_all(b"\"inspections\":[").map_err(io)?;
    let store = job.store;
    let ids = job.ids;
    for (n, &id) in ids.iter().enumerate() {
        job.check_cancel()?;
        let record = store.exchange_inspection(id)?;
        out.write_all(if n == 0 { b"\n" } else { b",\n" })
            .map_err(io)?;
        serde_json::to_writer(&mut out, &record).map_err(|e| io(e.into()))?;
        job.step();
    }
    out.write_all(b"\n],\n").map_err(io)?;
    list(&mut out, "audit", &context.audit, true).map_err(io)?;
    out.write_all(b"}\n").map_err(io)?;
    let file = out.into_inner().map_err(|e| io(e.into_error()))?;
    file.sync_all().map_err(io)?;
    drop(file);
    Ok(vec![pending.commit()?])
}
