//! `hallcheck server …` (set up the district PostgreSQL) and `hallcheck sync`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::sync::server::{RoleFor, add_role, init};
use crate::sync::{SyncProgress, connect, password, sync_keeping_copy};

/// `server …`: run by whoever administers the district's PostgreSQL.
#[derive(Debug, Subcommand)]
pub enum ServerCommand {
    /// Create HallCheck's schema in a PostgreSQL database, or bring it to this version.
    Init {
        /// postgres://user@host:5432/database (the password: in the URL, $PGPASSWORD, or saved).
        #[arg(long, value_name = "URL")]
        url: String,
    },
    /// Create a login role for one hall PC that may write only the halls given (row-level
    /// security); an existing role gets the halls added.
    AddHallRole {
        /// postgres://admin@host:5432/database.
        #[arg(long, value_name = "URL")]
        url: String,
        /// The new role's name (lower-case letters, digits, _).
        role: String,
        /// A hall the role writes, by UUID (`hallcheck halls list` on its PC) or, once on the
        /// server, by code; repeat for several.
        #[arg(long = "hall", value_name = "UUID|CODE", required = true)]
        halls: Vec<String>,
        /// The role's password (or set $HALLCHECK_ROLE_PASSWORD).
        #[arg(long, env = "HALLCHECK_ROLE_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// Create a login role for a district PC: reads and writes every hall's records.
    AddDistrictRole {
        /// postgres://admin@host:5432/database.
        #[arg(long, value_name = "URL")]
        url: String,
        /// The new role's name (lower-case letters, digits, _).
        role: String,
        /// The role's password (or set $HALLCHECK_ROLE_PASSWORD).
        #[arg(long, env = "HALLCHECK_ROLE_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
}

/// `sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The server (default: the URL saved in Settings); the password: in the URL,
    /// $PGPASSWORD, or the one saved in Settings.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Pull every hall's records (a district PC), not only this database's halls.
    #[arg(long)]
    pub all: bool,
}

/// Runs `server …`.
pub fn run_server(command: ServerCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match command {
        ServerCommand::Init { url } => {
            let url = password::resolve(&url)?;
            let mut client = connect(&url)?;
            let (found, now) = init(&mut client, &url)?;
            if found == now {
                writeln!(
                    out,
                    "{}: HallCheck schema already at version {now}",
                    url.target()
                )?;
            } else {
                writeln!(
                    out,
                    "{}: HallCheck schema version {found} → {now}",
                    url.target()
                )?;
            }
        }
        ServerCommand::AddHallRole {
            url,
            role,
            halls,
            password,
        } => {
            let url = password::resolve(&url)?;
            let mut client = connect(&url)?;
            let given = add_role(
                &mut client,
                &url,
                &role,
                password.as_deref(),
                &RoleFor::Halls(halls),
            )?;
            writeln!(out, "role {role}: writes hall(s) {}", given.join(", "))?;
        }
        ServerCommand::AddDistrictRole {
            url,
            role,
            password,
        } => {
            let url = password::resolve(&url)?;
            let mut client = connect(&url)?;
            add_role(
                &mut client,
                &url,
                &role,
                password.as_deref(),
                &RoleFor::District,
            )?;
            writeln!(out, "role {role}: reads and writes every hall")?;
        }
    }
    Ok(())
}

/// Runs `sync`: exit status 0 when everything went, 1 when records were refused.
pub fn run_sync(
    args: SyncArgs,
    db: Option<PathBuf>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let (mut store, _) = super::open_for_writing(db)?;
    let settings = store.sync_settings()?;
    let url = match args
        .url
        .or_else(|| Some(settings.url.clone()).filter(|u| !u.is_empty()))
    {
        Some(url) => url,
        None => anyhow::bail!(
            "no server: give --url postgres://user@host:5432/database, or set it in Settings"
        ),
    };
    let url = password::resolve(&url)?;
    let now = chrono::Local::now().naive_local();
    let all = args.all || settings.all_halls;
    let report = sync_keeping_copy(&mut store, &url, all, now, &mut |_: SyncProgress| {})?;
    writeln!(out, "{}: {}", url.target(), report.summary())?;
    writeln!(out, "took {:.2} s", report.took.as_secs_f64())?;
    let refusals = report.refusals();
    for line in &refusals {
        writeln!(out, "refused: {line}")?;
    }
    Ok(if refusals.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
