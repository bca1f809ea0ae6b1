//! A PostgreSQL cluster of the test's own, in a temporary folder, on a free port of
//! 127.0.0.1: started by [`Cluster::start`], stopped when dropped.
//!
//! The server programs come from `$HALLCHECK_PG_BIN`, else the newest
//! `/usr/lib/postgresql/*/bin` (Debian's `postgresql` package, which `.ci/run` installs),
//! else `pg_config --bindir`. Without them a test is skipped with a notice, except under
//! `CI`, where it fails. As root (CI), the cluster runs as the `postgres` user.
//!
//! Logins: `postgres` is trusted; every other role logs in over TCP with its password
//! (scram-sha-256), as a hall PC would.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A running cluster.
pub struct Cluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    /// Its port on 127.0.0.1.
    pub port: u16,
}

fn bin_dir() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("HALLCHECK_PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").exists())
        .collect();
    found.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    if let Some(dir) = found.pop() {
        return Some(dir);
    }
    let out = Command::new("pg_config").arg("--bindir").output().ok()?;
    let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    dir.join("initdb").exists().then_some(dir)
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    #[cfg(unix)]
    unsafe {
        libc::geteuid() == 0
    }
    #[cfg(not(unix))]
    false
}

/// A server program, to run as `postgres` when the test runs as root.
fn program(bin: &Path, name: &str) -> Command {
    let exe = bin.join(name);
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(exe);
        command
    } else {
        Command::new(exe)
    }
}

/// Runs a server program and checks it succeeded.
fn run(bin: &Path, name: &str, args: &[&str]) {
    let output = program(bin, name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(
        output.status.success(),
        "{name} {args:?}: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap()
}

impl Cluster {
    /// A new cluster, started; `None` (with a notice) where PostgreSQL is not installed and
    /// this is not CI.
    pub fn start() -> Option<Cluster> {
        let Some(bin) = bin_dir() else {
            assert!(
                std::env::var_os("CI").is_none(),
                "PostgreSQL's server programs are not installed (apt-get install postgresql)"
            );
            eprintln!("skipped: PostgreSQL's server programs are not installed");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        if is_root() {
            let status = Command::new("chown")
                .args(["-R", "postgres"])
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(status.success());
        }
        let data = dir.path().join("data");
        let data_arg = data.to_str().unwrap();
        run(
            &bin,
            "initdb",
            &[
                "-D",
                data_arg,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
        );
        std::fs::write(
            data.join("pg_hba.conf"),
            "local all postgres trust\n\
             host all postgres 127.0.0.1/32 trust\n\
             host all all 127.0.0.1/32 scram-sha-256\n",
        )
        .unwrap();
        let socket = dir.path().to_str().unwrap().to_owned();
        let mut port = 0;
        for _ in 0..5 {
            port = free_port();
            let options = format!(
                "-p {port} -k {socket} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            );
            let log = dir.path().join("server.log");
            let args = [
                "-D",
                data_arg,
                "-o",
                options.as_str(),
                "-l",
                log.to_str().unwrap(),
                "-w",
                "start",
            ];
            let started = program(&bin, "pg_ctl").args(args).status().unwrap();
            if started.success() {
                return Some(Cluster { dir, bin, port });
            }
        }
        panic!("the test cluster did not start on port {port}");
    }

    /// Turns TLS on with a self-signed certificate and refuses every login but the
    /// superuser's without it (`hostnossl … reject`), as a server that requires encryption.
    pub fn require_tls(&self) {
        let data = self.dir.path().join("data");
        let status = Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
            ])
            .arg("/CN=127.0.0.1")
            .arg("-keyout")
            .arg(data.join("server.key"))
            .arg("-out")
            .arg(data.join("server.crt"))
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(
                data.join("server.key"),
                std::fs::Permissions::from_mode(0o600),
            )
            .unwrap();
        }
        if is_root() {
            let status = Command::new("chown")
                .args(["postgres"])
                .arg(data.join("server.key"))
                .arg(data.join("server.crt"))
                .status()
                .unwrap();
            assert!(status.success());
        }
        std::fs::write(
            data.join("pg_hba.conf"),
            "local all postgres trust\n\
             host all postgres 127.0.0.1/32 trust\n\
             hostnossl all all 127.0.0.1/32 reject\n\
             hostssl all all 127.0.0.1/32 scram-sha-256\n",
        )
        .unwrap();
        let mut admin = self.admin("postgres");
        admin.batch_execute("ALTER SYSTEM SET ssl = on").unwrap();
        admin.query_one("SELECT pg_reload_conf()", &[]).unwrap();
    }

    /// The superuser's URL for database `db`.
    pub fn admin_url(&self, db: &str) -> String {
        format!(
            "postgres://postgres@127.0.0.1:{}/{db}?sslmode=disable",
            self.port
        )
    }

    /// A role's URL, password included, for database `db`.
    pub fn url(&self, role: &str, password: &str, db: &str) -> String {
        format!(
            "postgres://{role}:{password}@127.0.0.1:{}/{db}?sslmode=disable",
            self.port
        )
    }

    /// Creates database `name`.
    pub fn create_db(&self, name: &str) {
        let mut client =
            postgres::Client::connect(&self.admin_url("postgres"), postgres::NoTls).unwrap();
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
    }

    /// A superuser client of database `db`.
    pub fn admin(&self, db: &str) -> postgres::Client {
        postgres::Client::connect(&self.admin_url(db), postgres::NoTls).unwrap()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let exe = self.bin.join("pg_ctl");
        let args = [
            "-D",
            data.to_str().unwrap_or_default(),
            "-m",
            "immediate",
            "stop",
        ];
        // Best effort: the folder goes with the test either way.
        let _ = if is_root() {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&exe)
                .args(args)
                .output()
        } else {
            Command::new(&exe).args(args).output()
        };
    }
}
