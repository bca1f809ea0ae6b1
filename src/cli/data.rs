//! The data commands: `export`, `import`, `backup` and `restore`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, bail};
use chrono::NaiveDate;

use crate::cli::output::names;
use crate::cli::{Format, Listing};
use crate::domain::Status;
use crate::export::{ExportFormat, default_file_name, export, import_file};
use crate::paths;
use crate::store::backups::{BackupReason, list_backups};
use crate::store::{InspectionFilter, MergeCounts, Store};

/// Inspection status for `--status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusArg {
    /// Drafts only.
    Draft,
    /// Submitted only.
    Submitted,
}

/// `hallcheck export …`
#[derive(Debug, clap::Args)]
#[command(after_help = "Files written:
  csv   FILE (one row per checklist item, the inspection's columns repeated),
        FILE-summary.csv beside it (one row per inspection) and
        FILE-rectifications.csv (one row per rectification, the 整改台账's columns);
        UTF-8 with BOM, CRLF; the three files are written together or not at all
  xlsx  sheets 汇总 (summary), 明细 (details), 整改台账 (the rectifications of the
        exported inspections) and one 考核 sheet per hall and month
  pdf   one report per inspection (with its 整改情况), then the monthly 考核 sheets; A4
Rectifications are judged (overdue, on time) on today.
  json  everything (halls, staff, inspectors, template snapshots, results, photos,
        audit entries) for `hallcheck import` on another PC
Without --out the file goes to the export folder as hallcheck-YYYYMMDD-HHMM.EXT.
An --out that is a folder gets that default name inside it.")]
pub struct ExportArgs {
    /// File format (default: from the --out extension).
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// Target file or folder.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Only this hall (code or id).
    #[arg(long)]
    pub hall: Option<String>,
    /// From this day (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<NaiveDate>,
    /// To this day (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<NaiveDate>,
    /// Only drafts or only submitted inspections.
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
}

/// `hallcheck import FILE…`
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// JSON export files; each is imported whole or not at all.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// Where an export goes: `--out`, a folder in it, or the default export folder.
fn resolve_target(out: Option<PathBuf>, format: ExportFormat) -> anyhow::Result<PathBuf> {
    let name = default_file_name(format, chrono::Local::now().naive_local());
    let target = match out {
        Some(path) if path.is_dir() => path.join(name),
        Some(path) => path,
        None => {
            let dir = paths::export_dir();
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("creating the export folder {}", dir.display()))?;
            dir.join(name)
        }
    };
    Ok(target)
}

/// Runs `export`.
pub fn run_export(
    args: ExportArgs,
    db: Option<PathBuf>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let format = match (args.format, &args.out) {
        (Some(format), _) => format,
        (None, Some(path)) => match ExportFormat::from_path(path) {
            Some(format) => format,
            None => bail!(
                "{}: cannot tell the format from the extension; add --format csv|xlsx|pdf|json",
                path.display()
            ),
        },
        (None, None) => bail!("say --format csv|xlsx|pdf|json or --out FILE.EXT"),
    };
    let store = super::open_store(db)?;
    let hall_id = match &args.hall {
        Some(key) => Some(store.require_hall(key)?.id),
        None => None,
    };
    let filter = InspectionFilter {
        hall_id,
        from: args.from,
        to: args.to,
        status: args.status.map(|s| match s {
            StatusArg::Draft => Status::Draft,
            StatusArg::Submitted => Status::Submitted,
        }),
        ..InspectionFilter::default()
    };
    let target = resolve_target(args.out, format)?;
    let cancel = AtomicBool::new(false);
    let mut report = |p: crate::export::ExportProgress| {
        if p.done == p.total || p.done.is_multiple_of(50) {
            eprint!("\rexport: {}/{} inspections", p.done, p.total);
        }
    };
    let result = export(&store, format, &filter, &target, &mut report, &cancel);
    eprintln!();
    let summary = result?;
    for file in &summary.files {
        writeln!(out, "wrote {}", file.display())?;
    }
    writeln!(out, "{} inspection(s) exported", summary.inspections)?;
    Ok(ExitCode::SUCCESS)
}

fn counts(c: &MergeCounts) -> String {
    format!(
        "{} inspection(s), {} photo(s), {} rectification(s), {} hall(s), {} staff, {} inspector(s), {} template(s), {} audit entr(ies)",
        c.inspections,
        c.photos,
        c.rectifications,
        c.halls,
        c.staff,
        c.inspectors,
        c.templates,
        c.audit
    )
}

/// Runs `import` on `store` (opened for writing): a copy of the database goes to the backups
/// folder first, unless the day's backup was just made (`backed_up`); then every file on its
/// own, one transaction each. Exit 1 if any file failed.
pub fn run_import(
    args: ImportArgs,
    mut store: Store,
    backed_up: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    if !backed_up {
        let now = chrono::Local::now().naive_local();
        store
            .backup_into_folder(now, BackupReason::BeforeImport)
            .context("the copy made before an import could not be made; nothing was imported")?;
    }
    let mut failed = 0;
    for file in &args.files {
        match import_file(&mut store, file) {
            Ok(outcome) => {
                let r = &outcome.report;
                writeln!(out, "{}:", file.display())?;
                writeln!(out, "  added:           {}", counts(&r.added))?;
                writeln!(out, "  already present: {}", counts(&r.present))?;
                writeln!(out, "  rejected:        {}", r.rejected.len())?;
                for rejected in &r.rejected {
                    writeln!(
                        out,
                        "    {} {}: {}",
                        rejected.entity, rejected.uuid, rejected.reason
                    )?;
                }
                for note in &r.notes {
                    writeln!(out, "  note: {note}")?;
                }
            }
            Err(err) => {
                failed += 1;
                eprintln!("hallcheck: error: {err}");
            }
        }
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Runs `backup FILE`: a consistent copy of the open database.
pub fn run_backup(
    file: &Path,
    db: Option<PathBuf>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db)?;
    store.backup_to(file)?;
    writeln!(
        out,
        "backed up {} to {}",
        store.path().display(),
        file.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `backup --list`: the automatic backups, newest first.
pub fn run_backup_list(
    db: Option<PathBuf>,
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let db = paths::resolve_db_path(db);
    let rows = list_backups(&db)?
        .into_iter()
        .map(|b| {
            vec![
                b.taken.format("%Y-%m-%d %H:%M:%S").to_string(),
                b.size_bytes.to_string(),
                b.reason.code().to_owned(),
                b.path.display().to_string(),
            ]
        })
        .collect();
    Listing {
        columns: names(&["taken", "bytes", "why", "file"]),
        rows,
    }
    .write(format, out)?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `restore FILE`: checks the backup, keeps a copy of the current database in the
/// backups folder, then replaces the content. No questions asked.
pub fn run_restore(
    file: &Path,
    db: Option<PathBuf>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    // Checked before the database is opened, so a bad backup never creates or migrates one.
    Store::check_backup(file)?;
    let path = paths::resolve_db_path(db);
    // A damaged database is what a restore is for: it is opened without the check.
    let mut store = match Store::open(&path) {
        Err(err) if err.is_damage() => Store::open_damaged(&path)?,
        opened => opened?,
    };
    let kept = store.restore_keeping_copy(file, chrono::Local::now().naive_local())?;
    writeln!(
        out,
        "restored {} from {} (the previous content is kept in {})",
        store.path().display(),
        file.display(),
        kept.display()
    )?;
    Ok(ExitCode::SUCCESS)
}
