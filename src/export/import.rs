//! JSON import: read a HallCheck export, check it completely, then merge it by UUID in one
//! transaction ([`crate::store::Store::merge_exchange`]).
//!
//! A bad file is refused with its name and the place (line:column, JSON path) and the
//! database is left unchanged: nothing is written before every check has passed, and the
//! merge itself is one transaction.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::domain::{Outcome, Rating, Shift, Status, Template};
use crate::export::json::{ExportFile, SCHEMA, VERSION};
use crate::store::{ExchangeData, MergeReport, Store, StoreError};

/// Why a file was not imported. The database is unchanged in every case.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file cannot be read.
    #[error("{file}: {source}")]
    Io {
        /// The file.
        file: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Not JSON, or cut short.
    #[error("{file}:{line}:{column}: not valid JSON ({detail}); nothing was imported")]
    Syntax {
        /// The file.
        file: PathBuf,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What the parser said.
        detail: String,
    },
    /// JSON, but not a HallCheck export.
    #[error("{file}: not a HallCheck export ({detail}); nothing was imported")]
    NotAnExport {
        /// The file.
        file: PathBuf,
        /// Why.
        detail: String,
    },
    /// A format version this program does not read.
    #[error(
        "{file}: export format version {found} is not supported (this HallCheck reads versions 1 to {supported}){hint}; nothing was imported"
    )]
    Version {
        /// The file.
        file: PathBuf,
        /// The version found.
        found: i64,
        /// The newest supported.
        supported: u32,
        /// Advice.
        hint: &'static str,
    },
    /// A field is missing, of the wrong type or inconsistent.
    #[error("{file}: {place}: {detail}; nothing was imported")]
    Invalid {
        /// The file.
        file: PathBuf,
        /// Where: `line L column C, at PATH` or `at PATH`.
        place: String,
        /// What is wrong.
        detail: String,
    },
    /// The database refused the merge (it was rolled back).
    #[error("{file}: the import was rolled back: {source}")]
    Store {
        /// The file.
        file: PathBuf,
        /// The cause.
        source: StoreError,
    },
}

/// The result of importing one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOutcome {
    /// The file.
    pub file: PathBuf,
    /// What was added, already present and rejected.
    pub report: MergeReport,
}

#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    schema: Option<serde_json::Value>,
    #[serde(default)]
    version: Option<serde_json::Value>,
}

/// Reads, checks and merges one export file into `store`.
pub fn import_file(store: &mut Store, file: &Path) -> Result<ImportOutcome, ImportError> {
    let bytes = std::fs::read(file).map_err(|source| ImportError::Io {
        file: file.to_path_buf(),
        source,
    })?;
    let data = parse(file, &bytes)?;
    let report = store
        .merge_exchange(&data, &file.display().to_string())
        .map_err(|source| ImportError::Store {
            file: file.to_path_buf(),
            source,
        })?;
    Ok(ImportOutcome {
        file: file.to_path_buf(),
        report,
    })
}

/// Parses and checks an export file's bytes; `file` names it in errors.
pub fn parse(file: &Path, bytes: &[u8]) -> Result<ExchangeData, ImportError> {
    let name = || file.to_path_buf();
    let syntax = |e: serde_json::Error| ImportError::Syntax {
        file: name(),
        line: e.line(),
        column: e.column(),
        detail: if e.is_eof() {
            format!("{e}; the file looks truncated")
        } else {
            e.to_string()
        },
    };
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') {
        // Valid JSON of another shape, or not JSON at all.
        serde_json::from_slice::<serde::de::IgnoredAny>(bytes).map_err(syntax)?;
        return Err(ImportError::NotAnExport {
            file: name(),
            detail: "the top level is not a JSON object".into(),
        });
    }
    let header: Header = serde_json::from_slice(bytes).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            syntax(e)
        } else {
            ImportError::NotAnExport {
                file: name(),
                detail: "the top level is not a JSON object".into(),
            }
        }
    })?;
    match header.schema.as_ref().and_then(|s| s.as_str()) {
        Some(SCHEMA) => {}
        Some(other) => {
            return Err(ImportError::NotAnExport {
                file: name(),
                detail: format!("`schema` is `{other}`, expected `{SCHEMA}`"),
            });
        }
        None => {
            return Err(ImportError::NotAnExport {
                file: name(),
                detail: format!("no `schema` field naming `{SCHEMA}`"),
            });
        }
    }
    let version = header
        .version
        .as_ref()
        .and_then(|v| v.as_i64())
        .ok_or_else(|| ImportError::Invalid {
            file: name(),
            place: "at version".into(),
            detail: "missing or not an integer".into(),
        })?;
    if version < 1 || version > i64::from(VERSION) {
        return Err(ImportError::Version {
            file: name(),
            found: version,
            supported: VERSION,
            hint: if version > i64::from(VERSION) {
                ": it was written by a newer HallCheck; update HallCheck to import it"
            } else {
                ""
            },
        });
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let parsed: ExportFile = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        ImportError::Invalid {
            file: name(),
            place: format!(
                "line {} column {}, at {}",
                inner.line(),
                inner.column(),
                if path == "." {
                    "the top level".into()
                } else {
                    path
                }
            ),
            detail: inner.to_string(),
        }
    })?;
    check(file, parsed)
}

struct Checker<'a> {
    file: &'a Path,
}

impl Checker<'_> {
    fn fail(&self, place: String, detail: impl Into<String>) -> ImportError {
        ImportError::Invalid {
            file: self.file.to_path_buf(),
            place: format!("at {place}"),
            detail: detail.into(),
        }
    }

    fn uuid(&self, place: String, value: &str) -> Result<(), ImportError> {
        match uuid::Uuid::parse_str(value) {
            Ok(_) => Ok(()),
            Err(e) => Err(self.fail(place, format!("`{value}` is not a UUID ({e})"))),
        }
    }

    /// Keeps the first of records sharing a key; an identical repeat is dropped, a different
    /// one is an error naming both places.
    fn dedupe<T: PartialEq + Clone>(
        &self,
        list: &str,
        items: Vec<T>,
        key: impl Fn(&T) -> String,
    ) -> Result<Vec<T>, ImportError> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut out: Vec<T> = Vec::with_capacity(items.len());
        for (n, item) in items.into_iter().enumerate() {
            let k = key(&item);
            match seen.get(&k) {
                Some(&first) => {
                    if out.get(first).is_some_and(|kept| kept != &item) {
                        return Err(self.fail(
                            format!("{list}[{n}]"),
                            format!(
                                "duplicate UUID `{k}` with different content (first at {list}[{first}])"
                            ),
                        ));
                    }
                }
                None => {
                    seen.insert(k, out.len());
                    out.push(item);
                }
            }
        }
        Ok(out)
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn check(file: &Path, f: ExportFile) -> Result<ExchangeData, ImportError> {
    let c = Checker { file };
    for (n, h) in f.halls.iter().enumerate() {
        c.uuid(format!("halls[{n}].uuid"), &h.uuid)?;
        if h.name.trim().is_empty() {
            return Err(c.fail(format!("halls[{n}].name"), "a hall needs a name"));
        }
    }
    let halls = c.dedupe("halls", f.halls, |h| h.uuid.clone())?;
    let hall_ids: HashSet<&str> = halls.iter().map(|h| h.uuid.as_str()).collect();
    for (n, s) in f.staff.iter().enumerate() {
        c.uuid(format!("staff[{n}].uuid"), &s.uuid)?;
        if !hall_ids.contains(s.hall_uuid.as_str()) {
            return Err(c.fail(
                format!("staff[{n}].hall_uuid"),
                format!("hall `{}` is not in the file", s.hall_uuid),
            ));
        }
    }
    let staff = c.dedupe("staff", f.staff, |s| s.uuid.clone())?;
    for (n, p) in f.inspectors.iter().enumerate() {
        c.uuid(format!("inspectors[{n}].uuid"), &p.uuid)?;
        if p.name.trim().is_empty() {
            return Err(c.fail(format!("inspectors[{n}].name"), "an inspector needs a name"));
        }
    }
    let inspectors = c.dedupe("inspectors", f.inspectors, |p| p.uuid.clone())?;
    let mut snapshots: HashMap<String, Template> = HashMap::new();
    for (n, t) in f.templates.iter().enumerate() {
        let actual = sha256_hex(t.snapshot.as_bytes());
        if actual != t.hash {
            return Err(c.fail(
                format!("templates[{n}].hash"),
                format!(
                    "the snapshot's SHA-256 is {actual}, not {} (the file was changed or damaged)",
                    t.hash
                ),
            ));
        }
        let template: Template = serde_json::from_str(&t.snapshot).map_err(|e| {
            c.fail(
                format!("templates[{n}].snapshot"),
                format!("not a checklist snapshot: {e}"),
            )
        })?;
        if template.id != t.template_id
            || template.version != t.version
            || template.area.code() != t.area
        {
            return Err(c.fail(
                format!("templates[{n}]"),
                "template_id, version or area differ from the snapshot",
            ));
        }
        snapshots.insert(t.hash.clone(), template);
    }
    let templates = c.dedupe("templates", f.templates, |t| t.hash.clone())?;
    let staff_ids: HashSet<&str> = staff.iter().map(|s| s.uuid.as_str()).collect();
    let inspector_ids: HashSet<&str> = inspectors.iter().map(|p| p.uuid.as_str()).collect();
    for (n, i) in f.inspections.iter().enumerate() {
        let at = |field: &str| format!("inspections[{n}].{field}");
        c.uuid(at("uuid"), &i.uuid)?;
        if !hall_ids.contains(i.hall_uuid.as_str()) {
            return Err(c.fail(
                at("hall_uuid"),
                format!("hall `{}` is not in the file", i.hall_uuid),
            ));
        }
        if !inspector_ids.contains(i.inspector_uuid.as_str()) {
            return Err(c.fail(
                at("inspector_uuid"),
                format!("inspector `{}` is not in the file", i.inspector_uuid),
            ));
        }
        if Shift::from_code(&i.shift).is_none() {
            return Err(c.fail(at("shift"), format!("unknown shift `{}`", i.shift)));
        }
        if Status::from_code(&i.status).is_none() {
            return Err(c.fail(at("status"), format!("unknown status `{}`", i.status)));
        }
        if let Some(rating) = i.rating.as_ref().filter(|r| Rating::from_code(r).is_none()) {
            return Err(c.fail(at("rating"), format!("unknown rating `{rating}`")));
        }
        for (k, hash) in i.templates.iter().enumerate() {
            if !snapshots.contains_key(hash) {
                return Err(c.fail(
                    format!("inspections[{n}].templates[{k}]"),
                    format!("template snapshot `{hash}` is not in the file"),
                ));
            }
        }
        let own = |hash: &str| i.templates.iter().any(|h| h == hash);
        for (k, a) in i.areas.iter().enumerate() {
            if !own(&a.template_hash) {
                return Err(c.fail(
                    format!("inspections[{n}].areas[{k}].template_hash"),
                    "not one of the inspection's templates",
                ));
            }
        }
        let mut answered = HashSet::new();
        for (k, r) in i.results.iter().enumerate() {
            let place = |field: &str| format!("inspections[{n}].results[{k}].{field}");
            let template = snapshots
                .get(&r.template_hash)
                .filter(|_| own(&r.template_hash))
                .ok_or_else(|| {
                    c.fail(
                        place("template_hash"),
                        "not one of the inspection's templates",
                    )
                })?;
            if template.item(&r.item_id).is_none() {
                return Err(c.fail(
                    place("item_id"),
                    format!("checklist `{}` has no item `{}`", template.id, r.item_id),
                ));
            }
            if !answered.insert((r.template_hash.as_str(), r.item_id.as_str())) {
                return Err(c.fail(
                    place("item_id"),
                    format!("item `{}` is answered twice", r.item_id),
                ));
            }
            if Outcome::from_code(&r.outcome).is_none() {
                return Err(c.fail(place("outcome"), format!("unknown outcome `{}`", r.outcome)));
            }
            if let Some(s) = r
                .staff_uuid
                .as_ref()
                .filter(|s| !staff_ids.contains(s.as_str()))
            {
                return Err(c.fail(
                    place("staff_uuid"),
                    format!("staff member `{s}` is not in the file"),
                ));
            }
        }
        for (k, p) in i.attachments.iter().enumerate() {
            let place = |field: &str| format!("inspections[{n}].attachments[{k}].{field}");
            c.uuid(place("uuid"), &p.uuid)?;
            if !own(&p.template_hash) {
                return Err(c.fail(
                    place("template_hash"),
                    "not one of the inspection's templates",
                ));
            }
            let actual = sha256_hex(&p.data);
            if actual != p.sha256.to_ascii_lowercase() {
                return Err(c.fail(
                    place("data"),
                    format!(
                        "the photo's SHA-256 is {actual}, not {} as recorded (the photo is damaged)",
                        p.sha256
                    ),
                ));
            }
        }
        for (k, r) in i.rectifications.iter().enumerate() {
            let place = |field: &str| format!("inspections[{n}].rectifications[{k}].{field}");
            c.uuid(place("uuid"), &r.uuid)?;
            if !own(&r.template_hash) {
                return Err(c.fail(
                    place("template_hash"),
                    "not one of the inspection's templates",
                ));
            }
            if r.status != "open" && r.status != "done" {
                return Err(c.fail(place("status"), format!("unknown status `{}`", r.status)));
            }
        }
    }
    let inspections = c.dedupe("inspections", f.inspections, |i| i.uuid.clone())?;
    let mut photo_ids: HashMap<&str, String> = HashMap::new();
    for (n, i) in inspections.iter().enumerate() {
        for (k, p) in i.attachments.iter().enumerate() {
            if let Some(first) = photo_ids.insert(&p.uuid, format!("inspections[{n}]")) {
                return Err(c.fail(
                    format!("inspections[{n}].attachments[{k}].uuid"),
                    format!("duplicate photo UUID `{}` (also in {first})", p.uuid),
                ));
            }
        }
    }
    let mut seen_audit = HashSet::new();
    let mut audit = Vec::with_capacity(f.audit.len());
    for entry in f.audit {
        let key = (
            entry.at.clone(),
            entry.action.clone(),
            entry.entity.clone(),
            entry.entity_uuid.clone(),
            entry.detail.clone(),
        );
        if seen_audit.insert(key) {
            audit.push(entry);
        }
    }
    Ok(ExchangeData {
        halls,
        staff,
        inspectors,
        templates,
        inspections,
        audit,
    })
}
