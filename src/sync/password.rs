//! The server password, kept in the system's credential store (Windows Credential Manager,
//! the macOS Keychain, the Linux kernel keyring) under the server's `user@host:port/database`,
//! never in the database file.

use crate::sync::SyncError;

/// The credential store's service name for HallCheck's server passwords.
const SERVICE: &str = "HallCheck district server";

fn entry(target: &str) -> Result<keyring::Entry, SyncError> {
    keyring::Entry::new(SERVICE, target).map_err(|e| SyncError::Credential(e.to_string()))
}

/// The password saved for `target`, if any.
pub fn saved(target: &str) -> Result<Option<String>, SyncError> {
    match entry(target)?.get_password() {
        Ok(password) => Ok(Some(password)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(SyncError::Credential(e.to_string())),
    }
}

/// Saves the password for `target`; an empty one removes it.
pub fn save(target: &str, password: &str) -> Result<(), SyncError> {
    let entry = entry(target)?;
    let done = if password.is_empty() {
        match entry.delete_credential() {
            Err(keyring::Error::NoEntry) => Ok(()),
            other => other,
        }
    } else {
        entry.set_password(password)
    };
    done.map_err(|e| SyncError::Credential(e.to_string()))
}

/// The URL with its password: the one in the URL, else `$PGPASSWORD`, else the saved one.
pub fn resolve(url: &str) -> Result<crate::sync::ServerUrl, SyncError> {
    let bare = crate::sync::ServerUrl::parse(url, None)?;
    if bare.has_password() {
        return Ok(bare);
    }
    if let Ok(password) = std::env::var("PGPASSWORD") {
        return crate::sync::ServerUrl::parse(url, Some(&password));
    }
    match saved(bare.target()) {
        Ok(Some(password)) => crate::sync::ServerUrl::parse(url, Some(&password)),
        // No store on this system, or nothing saved: the server says whether it needs one.
        Ok(None) | Err(_) => Ok(bare),
    }
}
