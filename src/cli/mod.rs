//! The command line: no subcommand opens the window; subcommands do headless work.

pub mod bench;
mod bench_app;
pub mod bench_export;
mod bench_import;
mod bench_sync;
pub mod data;
mod drill;
pub mod inspections;
mod output;
pub mod rectifications;
pub mod report;
pub mod server;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

pub use inspections::{InspectionsCommand, parse_kind};
pub use output::{Format, Listing};
pub use rectifications::RectificationsCommand;

use crate::checklist;
use crate::cli::output::names;
use crate::paths;
use crate::store::{DemoOptions, Store};

/// HallCheck (营业窗口巡查): daily service-window inspections for power-supply business halls.
#[derive(Debug, Parser)]
#[command(name = "hallcheck", version)]
pub struct Cli {
    /// The database file (default: $HALLCHECK_DB, else hallcheck.db in the data folder).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Folder of user templates that add to or override the built-in checklists.
    #[arg(long, global = true, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// What to do; without one, the window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Checklist templates: validate and list.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Service halls: add and list.
    #[command(subcommand)]
    Halls(HallsCommand),
    /// Inspections: list and show.
    #[command(subcommand)]
    Inspections(InspectionsCommand),
    /// Rectifications (整改): list, show, close, accept, return, reschedule, reassign.
    #[command(subcommand)]
    Rectifications(RectificationsCommand),
    /// Generate realistic, deterministic demo history for the D days ending today.
    DemoData {
        /// Number of halls to add.
        #[arg(long, default_value_t = 3)]
        halls: u32,
        /// Number of days of history, ending today.
        #[arg(long, default_value_t = 30)]
        days: u32,
        /// Seed: the same seed gives the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Print the blank checklist (空白检查表) to a PDF: the items in walking order with empty
    /// result, count, deduction and reason cells, for a walk without the PC.
    Blank {
        /// The PDF file to write.
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// Only these checklists (ids, as `templates list` shows them); default: all.
        #[arg(long = "template", value_name = "ID", num_args = 1..)]
        template_ids: Vec<String>,
    },
    /// Check the database file (SQLite integrity_check).
    Check,
    /// Recompute the chain of content hashes and every submitted inspection's and
    /// amendment's hash; name, by UUID, every record changed, added or removed outside
    /// HallCheck (exit status 1 if any).
    Verify,
    /// Export inspections to CSV, Excel, PDF or JSON.
    Export(data::ExportArgs),
    /// Merge JSON exports from other PCs (by UUID; each file all or nothing).
    Import(data::ImportArgs),
    /// Copy the whole database to FILE (SQLite online backup), or list the automatic backups.
    Backup {
        /// The backup file to write.
        #[arg(required_unless_present = "list", conflicts_with = "list")]
        file: Option<PathBuf>,
        /// List the automatic backups in the backups folder beside the database, newest first.
        #[arg(long)]
        list: bool,
        /// Output format of the list.
        #[arg(long, value_enum, default_value_t, requires = "list")]
        format: Format,
    },
    /// Replace the database with the backup FILE (checked first; the current one is kept aside).
    Restore {
        /// The backup file to restore.
        file: PathBuf,
    },
    /// Push this PC's new records to the district server and pull the followed halls'.
    Sync(server::SyncArgs),
    /// The district server (PostgreSQL): create its schema, add roles for hall and district PCs.
    #[command(subcommand)]
    Server(server::ServerCommand),
    /// Reports: trend, ranking, Pareto and the monthly sheet.
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// Build a demo data set on a temporary database and time the report paths.
    Bench(bench::BenchArgs),
    /// Test drill (the crash suite): save answers in a loop, printing each one saved.
    #[command(hide = true)]
    AnswerLoop(drill::AnswerLoopArgs),
}

/// `templates …`
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Validate every *.toml file of a folder (default: the built-in checklists); exit 1 on any problem.
    Check {
        /// The folder to check.
        dir: Option<PathBuf>,
    },
    /// The templates in use: id, version, area, items, points.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// `halls …`
#[derive(Debug, Subcommand)]
pub enum HallsCommand {
    /// Add a hall.
    Add {
        /// The hall's name, e.g. 城东供电营业厅.
        name: String,
        /// A short unique code, e.g. YT01 (what --hall takes).
        #[arg(long)]
        code: Option<String>,
    },
    /// List the halls.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        /// Include archived halls.
        #[arg(long)]
        all: bool,
    },
}

/// The `--help` text's closing lines: where the data lives.
fn after_help() -> String {
    format!(
        "Database: {} (override with --db or ${})\nUser templates: {}\nWithout a subcommand, the HallCheck window opens.",
        paths::resolve_db_path(None).display(),
        paths::DB_ENV,
        paths::template_dir().display()
    )
}

/// Parses the process arguments, runs, and prints any error as one line.
pub fn main() -> ExitCode {
    let matches = Cli::command().after_help(after_help()).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(err) => err.exit(),
    };
    match run(cli, &mut std::io::stdout().lock()) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("hallcheck: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn open_store(cli_db: Option<PathBuf>) -> anyhow::Result<Store> {
    let path = paths::resolve_db_path(cli_db);
    Ok(Store::open(&path)?)
}

/// Opens the database for a command that writes to it. A large file, which opening does not
/// check whole, is checked first (`quick_check`, about 2.5 s for 876 MB): nothing is written
/// into a damaged file, whose damage would otherwise show only when a read reaches it. Then
/// the first writing command of the day makes the day's backup (a failure to make it is
/// told and the command goes on). Returns the store and the backup made, if any.
fn open_for_writing(cli_db: Option<PathBuf>) -> anyhow::Result<(Store, Option<PathBuf>)> {
    let store = open_store(cli_db)?;
    store.check_unless_checked()?;
    let made = match store.backup_daily(chrono::Local::now().naive_local()) {
        Ok(made) => made,
        Err(err) => {
            eprintln!("hallcheck: warning: the day's backup was not made: {err}");
            None
        }
    };
    Ok((store, made))
}

/// Runs a parsed command line, writing listings to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let template_dir = cli.templates.clone().unwrap_or_else(paths::template_dir);
    let Some(command) = cli.command else {
        crate::ui::run(paths::resolve_db_path(cli.db), template_dir)?;
        return Ok(ExitCode::SUCCESS);
    };
    match command {
        Command::Templates(TemplatesCommand::Check { dir }) => {
            let (loaded, problems) = match &dir {
                Some(dir) => {
                    if !dir.is_dir() {
                        bail!("{}: not a folder", dir.display());
                    }
                    checklist::check_dir(dir)
                }
                None => checklist::builtin(),
            };
            if let Some(dir) = dir
                .as_ref()
                .filter(|_| loaded.is_empty() && problems.is_empty())
            {
                bail!(
                    "{}: no template files (*.toml) in this folder; nothing was checked",
                    dir.display()
                );
            }
            for problem in &problems {
                writeln!(out, "{problem}")?;
            }
            writeln!(
                out,
                "{} template(s) valid, {} problem(s)",
                loaded.len(),
                problems.len()
            )?;
            return Ok(if problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        Command::Templates(TemplatesCommand::List { format }) => {
            let catalog = checklist::load_catalog(Some(&template_dir));
            for problem in &catalog.problems {
                eprintln!("warning: {problem}");
            }
            let rows = catalog
                .templates
                .iter()
                .map(|l| {
                    let t = &l.template;
                    vec![
                        t.id.clone(),
                        t.version.to_string(),
                        t.area.code().to_string(),
                        t.name.clone(),
                        t.items.len().to_string(),
                        t.points.to_string(),
                        l.source.to_string(),
                    ]
                })
                .collect();
            Listing {
                columns: names(&["id", "version", "area", "name", "items", "points", "source"]),
                rows,
            }
            .write(format, out)?;
        }
        Command::Halls(HallsCommand::Add { name, code }) => {
            let (store, _) = open_for_writing(cli.db)?;
            let hall = store.add_hall(&name, code.as_deref())?;
            writeln!(
                out,
                "added hall {} ({}) id {}",
                hall.name,
                hall.key(),
                hall.id
            )?;
        }
        Command::Halls(HallsCommand::List { format, all }) => {
            let store = open_store(cli.db)?;
            let rows = store
                .halls(all)?
                .into_iter()
                .map(|h| {
                    vec![
                        h.key(),
                        h.id.to_string(),
                        h.code.clone().unwrap_or_default(),
                        h.name.clone(),
                        if h.archived { "archived" } else { "active" }.to_string(),
                        h.uuid,
                    ]
                })
                .collect();
            Listing {
                columns: names(&["hall", "id", "code", "name", "state", "uuid"]),
                rows,
            }
            .write(format, out)?;
        }
        Command::Inspections(command) => {
            let store = open_store(cli.db)?;
            inspections::run(&store, command, out)?;
        }
        Command::Rectifications(command) => {
            let store = if command.writes() {
                open_for_writing(cli.db)?.0
            } else {
                open_store(cli.db)?
            };
            rectifications::run(&store, command, chrono::Local::now().date_naive(), out)?;
        }
        Command::DemoData { halls, days, seed } => {
            let (mut store, _) = open_for_writing(cli.db)?;
            let catalog = checklist::load_catalog(Some(&template_dir));
            let templates = catalog.into_templates();
            let options = DemoOptions {
                halls,
                days,
                seed,
                today: chrono::Local::now().date_naive(),
                batch: 2000,
            };
            let started = std::time::Instant::now();
            let summary =
                crate::store::generate_demo_data(&mut store, &templates, &options, |p| {
                    eprint!("\rdemo-data: {}/{} inspections", p.done, p.total);
                })?;
            eprintln!();
            writeln!(
                out,
                "added {} halls, {} inspections, {} item results in {:.1} s to {}",
                summary.halls,
                summary.inspections,
                summary.results,
                started.elapsed().as_secs_f64(),
                store.path().display()
            )?;
        }
        Command::Blank {
            out: file,
            template_ids,
        } => {
            let catalog = checklist::load_catalog(Some(&template_dir));
            for problem in &catalog.problems {
                eprintln!("warning: {problem}");
            }
            let templates = catalog.into_templates();
            if let Some(unknown) = template_ids
                .iter()
                .find(|id| !templates.iter().any(|t| &t.id == *id))
            {
                let known: Vec<&str> = templates.iter().map(|t| t.id.as_str()).collect();
                bail!(
                    "no checklist `{unknown}`; the checklists are: {}",
                    known.join(", ")
                );
            }
            // In walking order, so the sheet's numbers are the walk's.
            let chosen: Vec<_> = templates
                .into_iter()
                .filter(|t| template_ids.is_empty() || template_ids.contains(&t.id))
                .collect();
            let written =
                crate::export::blank_sheet(&chosen, &file, chrono::Local::now().date_naive())?;
            let items: usize = chosen.iter().map(|t| t.items.len()).sum();
            writeln!(
                out,
                "wrote {} ({} checklist(s), {items} items)",
                written.display(),
                chosen.len()
            )?;
        }
        Command::Check => {
            let store = open_store(cli.db)?;
            store.check_integrity()?;
            writeln!(
                out,
                "{}: ok (schema version {})",
                store.path().display(),
                store.schema_version()?
            )?;
        }
        Command::Verify => {
            let store = open_store(cli.db)?;
            let started = std::time::Instant::now();
            let found = store.verify(&mut |done, total| {
                eprint!("\rverify: {done}/{total} inspections");
            })?;
            eprintln!();
            for finding in &found.findings {
                writeln!(out, "{finding}")?;
            }
            writeln!(
                out,
                "{}: {} chain entries, {} inspections, {} amendments, {} rectifications checked in {:.1} s; {}",
                store.path().display(),
                found.entries,
                found.inspections,
                found.amendments,
                found.rectifications,
                started.elapsed().as_secs_f64(),
                if found.findings.is_empty() {
                    "nothing changed outside HallCheck".to_owned()
                } else {
                    format!(
                        "{} record(s) changed outside HallCheck",
                        found.findings.len()
                    )
                }
            )?;
            if !found.findings.is_empty() {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Export(args) => return data::run_export(args, cli.db, out),
        Command::Import(args) => {
            let (store, made) = open_for_writing(cli.db)?;
            return data::run_import(args, store, made.is_some(), out);
        }
        Command::Backup { file, list, format } => {
            return match file {
                Some(file) if !list => data::run_backup(&file, cli.db, out),
                _ => data::run_backup_list(cli.db, format, out),
            };
        }
        Command::Restore { file } => return data::run_restore(&file, cli.db, out),
        Command::Report(command) => report::run(cli.db, command, out)?,
        Command::Sync(args) => return server::run_sync(args, cli.db, out),
        Command::Server(command) => server::run_server(command, out)?,
        Command::Bench(args) => bench::run(&args, out)?,
        Command::AnswerLoop(args) => {
            let (store, _) = open_for_writing(cli.db)?;
            drill::answer_loop(&store, &args, out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
