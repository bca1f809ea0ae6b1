//! Where HallCheck keeps its files, from the platform's conventions (`directories`).

use std::path::PathBuf;

/// Environment variable that names the database file.
pub const DB_ENV: &str = "HALLCHECK_DB";

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("cn", "HallCheck", "HallCheck")
}

/// The platform data folder (on Windows `%APPDATA%\HallCheck\HallCheck\data`).
pub fn data_dir() -> PathBuf {
    project_dirs()
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The default database: `hallcheck.db` in the data folder.
pub fn default_db_path() -> PathBuf {
    data_dir().join("hallcheck.db")
}

/// The database in use: `--db`, else `HALLCHECK_DB`, else the default.
pub fn resolve_db_path(flag: Option<PathBuf>) -> PathBuf {
    flag.or_else(|| {
        std::env::var_os(DB_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
    .unwrap_or_else(default_db_path)
}

/// The folder for user templates that add to or override the built-in checklists.
pub fn template_dir() -> PathBuf {
    data_dir().join("checklists")
}

/// Where exports go when no file dialog can be shown.
pub fn export_dir() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|u| u.document_dir().map(|d| d.join("HallCheck")))
        .unwrap_or_else(|| data_dir().join("exports"))
}

/// A `file:` URL for a local path, valid on Windows (`file:///C:/Users/...`) and Unix
/// (`file:///home/...`); spaces and other unsafe bytes are percent-encoded.
pub fn file_url(path: &std::path::Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = if text.starts_with('/') {
        text
    } else {
        format!("/{text}")
    };
    let mut url = String::from("file://");
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-_.~:".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_work_for_windows_and_unix_paths() {
        assert_eq!(
            file_url(std::path::Path::new("/home/zhang/My Docs")),
            "file:///home/zhang/My%20Docs"
        );
        assert_eq!(
            file_url(std::path::Path::new("C:\\Users\\张\\HallCheck")),
            "file:///C:/Users/%E5%BC%A0/HallCheck"
        );
    }
}
