//! Connecting to the server: the URL (its password kept apart, never shown), TLS as libpq's
//! `sslmode` means it, and each failure told as what the user can do about it.

use std::str::FromStr;
use std::time::Duration;

use postgres::config::SslMode;
use postgres::error::SqlState;
use postgres::{Client, Config};

use crate::sync::SyncError;

/// How long to wait for the server to answer a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A server URL, parsed, with its password (from the URL itself, or given apart).
#[derive(Clone)]
pub struct ServerUrl {
    config: Config,
    target: String,
}

impl std::fmt::Debug for ServerUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ServerUrl({})", self.target)
    }
}

impl ServerUrl {
    /// Parses `url` (`postgres://user[:password]@host[:port]/database[?sslmode=…]`, or the
    /// `key=value` form); `password`, when given, replaces one in the URL.
    pub fn parse(url: &str, password: Option<&str>) -> Result<ServerUrl, SyncError> {
        let mut config = Config::from_str(url.trim()).map_err(|e| SyncError::BadUrl {
            url: without_password(url),
            detail: e.to_string(),
        })?;
        if let Some(password) = password.filter(|p| !p.is_empty()) {
            config.password(password);
        }
        if config.get_user().is_none() {
            return Err(SyncError::BadUrl {
                url: without_password(url),
                detail: "it names no user".into(),
            });
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        // A PC that drops off the network mid-sync is noticed in minutes, not hours.
        config.keepalives(true);
        config.keepalives_idle(Duration::from_secs(30));
        let target = target_of(&config);
        Ok(ServerUrl { config, target })
    }

    /// `user@host:port/database`, for messages.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The role logged in as.
    pub fn user(&self) -> &str {
        self.config.get_user().unwrap_or_default()
    }

    /// The password, if one is set.
    pub fn password(&self) -> Option<String> {
        self.config
            .get_password()
            .map(|p| String::from_utf8_lossy(p).into_owned())
    }

    /// The URL to save: `postgres://user@host:port/database`, with `sslmode` when it is not
    /// the default, and no password.
    pub fn without_password(&self) -> String {
        let mut url = format!("postgres://{}", self.target);
        match self.config.get_ssl_mode() {
            SslMode::Disable => url.push_str("?sslmode=disable"),
            SslMode::Require => url.push_str("?sslmode=require"),
            _ => {}
        }
        url
    }

    /// Whether a password is set.
    pub fn has_password(&self) -> bool {
        self.config.get_password().is_some()
    }

    /// Tells a server error as what it means to the user.
    pub fn error(&self, e: postgres::Error) -> SyncError {
        let detail = match e.as_db_error() {
            Some(db) => db.message().to_owned(),
            None => e.to_string(),
        };
        let target = self.target.clone();
        match e.code() {
            Some(code)
                if *code == SqlState::INVALID_PASSWORD
                    || (*code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
                        && !detail.contains("SSL off")
                        && !detail.contains("no encryption")) =>
            {
                SyncError::Login {
                    target,
                    user: self.user().to_owned(),
                    detail,
                }
            }
            Some(code) if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION => {
                SyncError::TlsRequired { target, detail }
            }
            Some(code) if *code == SqlState::LOCK_NOT_AVAILABLE => SyncError::Busy { target },
            Some(code)
                if *code == SqlState::INSUFFICIENT_PRIVILEGE
                    || detail.contains("row-level security") =>
            {
                SyncError::Forbidden {
                    target,
                    user: self.user().to_owned(),
                    detail,
                }
            }
            Some(_) => SyncError::Server { target, detail },
            None if e.is_closed() || is_network(&e) => SyncError::Unreachable { target, detail },
            None if detail.contains("password missing") => SyncError::Login {
                target,
                user: self.user().to_owned(),
                detail: "no password given".into(),
            },
            None if detail.to_lowercase().contains("tls")
                || detail.to_lowercase().contains("ssl") =>
            {
                SyncError::Tls { target, detail }
            }
            None => SyncError::Unreachable { target, detail },
        }
    }
}

/// Whether the error came from the network (refused, timed out, reset).
fn is_network(e: &postgres::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if s.is::<std::io::Error>() {
            return true;
        }
        source = s.source();
    }
    false
}

/// The URL with any password replaced by `***`.
fn without_password(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url
            .split_whitespace()
            .map(|kv| {
                if kv.starts_with("password=") {
                    "password=***"
                } else {
                    kv
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
    };
    let rest = &url[scheme_end + 3..];
    let Some(at) = rest.find('@') else {
        return url.to_owned();
    };
    let userinfo = &rest[..at];
    match userinfo.find(':') {
        Some(colon) => format!(
            "{}{}:***{}",
            &url[..scheme_end + 3],
            &userinfo[..colon],
            &rest[at..]
        ),
        None => url.to_owned(),
    }
}

fn target_of(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(name)) => name.clone(),
        #[cfg(unix)]
        Some(postgres::config::Host::Unix(path)) => path.display().to_string(),
        None => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!(
        "{}@{host}:{port}/{}",
        config.get_user().unwrap_or_default(),
        config
            .get_dbname()
            .unwrap_or(config.get_user().unwrap_or_default())
    )
}

/// Connects. `sslmode` as libpq has it: `disable` plain, `prefer` (the default) encrypted
/// when the server offers it, `require` encrypted or not at all — in both, as in libpq, the
/// server's certificate is not checked against an authority.
pub fn connect(url: &ServerUrl) -> Result<Client, SyncError> {
    let connected = if url.config.get_ssl_mode() == SslMode::Disable {
        url.config.connect(postgres::NoTls)
    } else {
        let tls = native_tls::TlsConnector::builder()
            .danger_accept_invalid_certs(true)
            .danger_accept_invalid_hostnames(true)
            .build()
            .map_err(|e| SyncError::Tls {
                target: url.target.clone(),
                detail: e.to_string(),
            })?;
        url.config
            .connect(postgres_native_tls::MakeTlsConnector::new(tls))
    };
    connected.map_err(|e| url.error(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_never_shows() {
        assert_eq!(
            without_password("postgres://hall:secret@db.example:5432/hc"),
            "postgres://hall:***@db.example:5432/hc"
        );
        assert_eq!(
            without_password("host=db user=hall password=secret"),
            "host=db user=hall password=***"
        );
        let url = ServerUrl::parse("postgres://hall:secret@db.example:6000/hc", None)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(url.target(), "hall@db.example:6000/hc");
        assert!(!format!("{url:?}").contains("secret"));
    }

    #[test]
    fn a_url_without_a_user_is_refused() {
        let e = ServerUrl::parse("postgres://db.example/hc", None).err();
        assert!(matches!(e, Some(SyncError::BadUrl { .. })), "{e:?}");
    }
}
