//! JSON import: read a HallCheck export as a stream, check each record as it comes and merge
//! it by UUID, all in one transaction ([`crate::store::Merge`]).
//!
//! The file is never held whole: each list element is read, checked ([`check`]) and merged
//! before the next, so memory stays bounded whatever the file's size. All of a file is imported
//! or none of it: a refusal at any record rolls back what the records before it did. A bad file
//! is refused with its name and the place — line and column for JSON that does not parse, else
//! the record (its list, position and UUID) and the field.
//!
//! An export lists halls, staff, inspectors and templates before the inspections that refer to
//! them; a file whose keys come in another order (a JSON tool may sort them) is read again for
//! the lists it had to skip. A UTF-8 byte-order mark at the start is skipped.

mod check;
mod fields;
mod score;
mod stream;

use std::cell::RefCell;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::export::json::{SCHEMA, VERSION};
use crate::store::{
    AuditRecord, HallRecord, InspectionRecord, InspectorRecord, Merge, MergeReport, Merged,
    StaffRecord, Store, StoreError, TemplateRecord,
};
use check::{Context, Known};
use fields::Refusal;
use stream::{BUFFER_BYTES, Document, List, MAX_RECORD_BYTES, Metered, Position, Sink};

/// Why a file was not imported. The database is unchanged in every case but
/// [`ImportError::Moved`], which says what happened.
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
    /// A field is missing, of the wrong type, outside its domain or inconsistent.
    #[error("{file}: {place}: {detail}; nothing was imported")]
    Invalid {
        /// The file.
        file: PathBuf,
        /// Where: `at inspections[3].results[2].count (inspection UUID)`, or `line L column C,
        /// at …` for a value of the wrong type outside a record.
        place: String,
        /// What is wrong.
        detail: String,
        /// The record refused, where it has a name.
        record: Option<Box<RefusedRecord>>,
    },
    /// The database refused the merge (it was rolled back).
    #[error("{file}: the import was rolled back: {source}")]
    Store {
        /// The file.
        file: PathBuf,
        /// The cause.
        source: StoreError,
    },
    /// The database path no longer names the file that was opened ([`StoreError::Moved`]).
    #[error("{file}: {source}")]
    Moved {
        /// The file being imported.
        file: PathBuf,
        /// Which database path, and what became of the import.
        source: StoreError,
    },
}

/// The one record an [`ImportError::Invalid`] refused, where it has a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedRecord {
    /// Its kind: `inspection`, `checklist snapshot`, `hall`, `staff member`, `inspector`.
    pub kind: &'static str,
    /// Its UUID, or a snapshot's hash.
    pub key: String,
    /// The field at fault within it (`results[2].count`), or empty for the whole record.
    pub field: String,
}

/// The result of importing one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOutcome {
    /// The file.
    pub file: PathBuf,
    /// What was added, already present and rejected.
    pub report: MergeReport,
}

/// How far an import has come, reported after each inspection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportProgress {
    /// Bytes of the file read (a file read again for lists out of order counts again).
    pub bytes_read: u64,
    /// The file's size.
    pub bytes_total: u64,
    /// Inspections taken so far.
    pub inspections: u64,
}

/// Reads, checks and merges one export file into `store`.
pub fn import_file(store: &mut Store, file: &Path) -> Result<ImportOutcome, ImportError> {
    import_file_with_progress(store, file, &mut |_| {})
}

/// [`import_file`], calling `progress` after each inspection.
pub fn import_file_with_progress(
    store: &mut Store,
    file: &Path,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<ImportOutcome, ImportError> {
    let database = |source: StoreError| match source {
        StoreError::Moved { .. } => ImportError::Moved {
            file: file.to_path_buf(),
            source,
        },
        source => ImportError::Store {
            file: file.to_path_buf(),
            source,
        },
    };
    store.check_same_file().map_err(database)?;
    let size = std::fs::metadata(file).map(|m| m.len());
    let bytes_total = size.map_err(|source| ImportError::Io {
        file: file.to_path_buf(),
        source,
    })?;
    let merge = store
        .begin_merge(&file.display().to_string())
        .map_err(database)?;
    let mut importer = Importer {
        file,
        merge,
        known: Known::default(),
        header: Header::default(),
        keys: Vec::new(),
        present: [false; 6],
        done: [false; 6],
        position: Rc::new(Position::default()),
        bytes_total,
        inspections: 0,
        progress,
    };
    importer.run()?;
    let report = importer.merge.commit().map_err(database)?;
    Ok(ImportOutcome {
        file: file.to_path_buf(),
        report,
    })
}

/// The header values met so far.
#[derive(Debug, Default)]
struct Header {
    schema: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
    checked: bool,
}

struct Importer<'f, 'm, 'p> {
    file: &'f Path,
    merge: Merge<'m>,
    known: Known,
    header: Header,
    /// The top-level keys of the current pass.
    keys: Vec<String>,
    /// The lists the file has.
    present: [bool; 6],
    /// The lists taken.
    done: [bool; 6],
    position: Rc<Position>,
    bytes_total: u64,
    inspections: u64,
    progress: &'p mut dyn FnMut(ImportProgress),
}

impl Importer<'_, '_, '_> {
    fn invalid(&self, place: impl Into<String>, detail: impl Into<String>) -> ImportError {
        ImportError::Invalid {
            file: self.file.to_path_buf(),
            place: place.into(),
            detail: detail.into(),
            record: None,
        }
    }

    fn io(&self, source: std::io::Error) -> ImportError {
        ImportError::Io {
            file: self.file.to_path_buf(),
            source,
        }
    }

    /// Reads the file as often as the order of its lists needs: once for an export as
    /// HallCheck writes it.
    fn run(&mut self) -> Result<(), ImportError> {
        for pass in 0..=List::ALL.len() {
            let before = self.done;
            self.pass()?;
            if pass == 0 {
                self.check_header()?;
                if let Some(list) = List::ALL.into_iter().find(|l| !self.present[l.index()]) {
                    return Err(self.invalid(
                        "at the top level",
                        format!("missing field `{}`", list.key()),
                    ));
                }
            }
            if self.done.iter().all(|d| *d) {
                return Ok(());
            }
            if pass > 0 && before == self.done {
                break;
            }
        }
        Err(self.invalid(
            "at the top level",
            "the lists could not be read in an order that resolves their references",
        ))
    }

    /// One reading of the file.
    fn pass(&mut self) -> Result<(), ImportError> {
        self.keys.clear();
        let opened = std::fs::File::open(self.file).map_err(|e| self.io(e))?;
        let position = Rc::clone(&self.position);
        let mut reader = BufReader::with_capacity(
            BUFFER_BYTES,
            Metered {
                inner: opened,
                position: Rc::clone(&position),
            },
        );
        let head = reader.fill_buf().map_err(|e| self.io(e))?;
        if head.starts_with(b"\xEF\xBB\xBF") {
            reader.consume(3);
        }
        let head = reader.fill_buf().map_err(|e| self.io(e))?;
        if head.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            // Valid JSON of another shape, or not JSON at all.
            let mut de = serde_json::Deserializer::from_reader(reader);
            <serde::de::IgnoredAny as serde::Deserialize>::deserialize(&mut de)
                .and_then(|_| de.end())
                .map_err(|e| self.parse_error(e, &position))?;
            return Err(ImportError::NotAnExport {
                file: self.file.to_path_buf(),
                detail: "the top level is not a JSON object".into(),
            });
        }
        let failure = RefCell::new(None);
        let mut de = serde_json::Deserializer::from_reader(reader);
        let document = Document {
            sink: &mut *self,
            position: &position,
            failure: &failure,
        };
        let read = serde::Deserializer::deserialize_map(&mut de, document).and_then(|()| de.end());
        match (read, failure.into_inner()) {
            (_, Some(refused)) => Err(refused),
            (Err(e), None) => Err(self.parse_error(e, &position)),
            (Ok(()), None) => Ok(()),
        }
    }

    /// What a parser error means for the user.
    fn parse_error(&self, e: serde_json::Error, position: &Position) -> ImportError {
        let place = position.place();
        if let Some(allowed) = position.exceeded() {
            let detail = if allowed >= MAX_RECORD_BYTES {
                format!(
                    "larger than {} MB, the most a record (an inspection with its photos) may take",
                    allowed / (1024 * 1024)
                )
            } else {
                format!(
                    "larger than {} KB, the most this value may take",
                    allowed / 1024
                )
            };
            return self.invalid(format!("at {place}"), detail);
        }
        if e.is_syntax() || e.is_eof() {
            let truncated = e.is_eof();
            return ImportError::Syntax {
                file: self.file.to_path_buf(),
                line: e.line(),
                column: e.column(),
                detail: if truncated {
                    format!("{e}; the file looks truncated")
                } else {
                    e.to_string()
                },
            };
        }
        if e.is_io() {
            return self.io(e.into());
        }
        let (line, column) = (e.line(), e.column());
        self.invalid(
            format!("line {line} column {column}, at {place}"),
            without_position(&e),
        )
    }

    /// Checks `schema` and `version` once both are known (or the first pass is over).
    fn check_header(&mut self) -> Result<(), ImportError> {
        if self.header.checked {
            return Ok(());
        }
        match self.header.schema.as_ref().and_then(|s| s.as_str()) {
            Some(SCHEMA) => {}
            Some(other) => {
                return Err(ImportError::NotAnExport {
                    file: self.file.to_path_buf(),
                    detail: format!("`schema` is `{other}`, expected `{SCHEMA}`"),
                });
            }
            None => {
                return Err(ImportError::NotAnExport {
                    file: self.file.to_path_buf(),
                    detail: format!("no `schema` field naming `{SCHEMA}`"),
                });
            }
        }
        let version = self
            .header
            .version
            .as_ref()
            .and_then(|v| v.as_i64())
            .ok_or_else(|| self.invalid("at version", "missing or not an integer"))?;
        if version < 1 || version > i64::from(VERSION) {
            return Err(ImportError::Version {
                file: self.file.to_path_buf(),
                found: version,
                supported: VERSION,
                hint: if version > i64::from(VERSION) {
                    ": it was written by a newer HallCheck; update HallCheck to import it"
                } else {
                    ""
                },
            });
        }
        self.header.checked = true;
        Ok(())
    }

    /// A record's type read from its raw JSON; an error names the record and the field.
    fn parse<T: DeserializeOwned>(
        &self,
        list: List,
        n: u64,
        raw: &RawValue,
    ) -> Result<T, ImportError> {
        let mut de = serde_json::Deserializer::from_str(raw.get());
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let refusal = Refusal {
                field: if path == "." { String::new() } else { path },
                detail: without_position(&inner),
            };
            self.refused(list, n, name_of(list, raw).as_deref(), refusal)
        })
    }

    /// A refusal of record `n` of `list`, named by its UUID (or hash) where it has one.
    fn refused(&self, list: List, n: u64, name: Option<&str>, r: Refusal) -> ImportError {
        let mut place = format!("at {}[{n}]", list.key());
        if !r.field.is_empty() && !r.field.starts_with('[') {
            place.push('.');
        }
        place.push_str(&r.field);
        if let Some(name) = name {
            place.push_str(&format!(" ({} {name})", list.noun()));
        }
        let Refusal { field, detail } = r;
        ImportError::Invalid {
            file: self.file.to_path_buf(),
            place,
            detail,
            record: name.map(|name| {
                Box::new(RefusedRecord {
                    kind: list.noun(),
                    key: name.to_owned(),
                    field,
                })
            }),
        }
    }

    fn store(&self, source: StoreError) -> ImportError {
        ImportError::Store {
            file: self.file.to_path_buf(),
            source,
        }
    }
}

/// A serde error's message without " at line L column C" (the position is the record's, not
/// the file's).
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_owned()
}

/// The UUID (or hash, for a snapshot) of a record that did not read, if it has a readable one.
fn name_of(list: List, raw: &RawValue) -> Option<String> {
    let key = match list {
        List::Templates => "hash",
        List::Audit => return None,
        _ => "uuid",
    };
    let value: serde_json::Map<String, serde_json::Value> = serde_json::from_str(raw.get()).ok()?;
    value.get(key)?.as_str().map(str::to_owned)
}

impl Sink for Importer<'_, '_, '_> {
    fn key(&mut self, key: &str) -> Result<(), ImportError> {
        if self.keys.iter().any(|k| k == key) {
            return Err(self.invalid("at the top level", format!("`{key}` appears twice")));
        }
        self.keys.push(key.to_owned());
        if let Some(list) = List::ALL.into_iter().find(|l| l.key() == key) {
            self.present[list.index()] = true;
        }
        Ok(())
    }

    fn header(&mut self, key: &str, value: serde_json::Value) -> Result<(), ImportError> {
        match key {
            "schema" => self.header.schema = Some(value),
            "version" => self.header.version = Some(value),
            _ if value.as_str() == Some("hundredths") => {}
            _ => {
                return Err(self.invalid(
                    format!("at {key}"),
                    format!("{value} is not `hundredths`, the unit this HallCheck reads points in"),
                ));
            }
        }
        Ok(())
    }

    fn wants(&mut self, list: List) -> Result<bool, ImportError> {
        if self.done[list.index()] {
            return Ok(false);
        }
        if !self.header.checked {
            if self.header.schema.is_none() || self.header.version.is_none() {
                return Ok(false);
            }
            self.check_header()?;
        }
        Ok(list.needs().iter().all(|l| self.done[l.index()]))
    }

    fn record(&mut self, list: List, n: u64, raw: &RawValue) -> Result<(), ImportError> {
        match list {
            List::Halls => self.context::<HallRecord>(list, n, raw, Merge::hall),
            List::Staff => self.context::<StaffRecord>(list, n, raw, Merge::staff),
            List::Inspectors => self.context::<InspectorRecord>(list, n, raw, Merge::inspector),
            List::Templates => {
                let template: TemplateRecord = self.parse(list, n, raw)?;
                match self.known.template(&template) {
                    Ok(true) => self.merge.template(&template).map_err(|e| self.store(e)),
                    Ok(false) => Ok(()),
                    Err(r) => Err(self.refused(list, n, Some(&template.hash), r)),
                }
            }
            List::Inspections => self.inspection(n, raw),
            List::Audit => {
                let entry: AuditRecord = self.parse(list, n, raw)?;
                check::audit(&entry).map_err(|r| self.refused(list, n, None, r))?;
                self.merge.audit(&entry).map_err(|e| self.store(e))
            }
        }
    }

    fn finished(&mut self, list: List) {
        self.done[list.index()] = true;
    }
}

impl<'m> Importer<'_, 'm, '_> {
    /// A hall, staff member or inspector: checked, and merged unless the file repeats it.
    fn context<T: DeserializeOwned + Context>(
        &mut self,
        list: List,
        n: u64,
        raw: &RawValue,
        merge: fn(&mut Merge<'m>, &T) -> Result<(), StoreError>,
    ) -> Result<(), ImportError> {
        let record: T = self.parse(list, n, raw)?;
        match self.known.admit(n, record) {
            Ok(Some(kept)) => merge(&mut self.merge, kept).map_err(|e| self.store(e)),
            Ok(None) => Ok(()),
            Err(r) => Err(self.refused(list, n, name_of(list, raw).as_deref(), r)),
        }
    }

    fn inspection(&mut self, n: u64, raw: &RawValue) -> Result<(), ImportError> {
        let list = List::Inspections;
        let record: InspectionRecord = self.parse(list, n, raw)?;
        let name = Some(record.uuid.as_str());
        self.known
            .inspection(&record)
            .map_err(|r| self.refused(list, n, name, r))?;
        let refusal = match self.merge.inspection(n, &record) {
            Err(e) => return Err(self.store(e)),
            Ok(Merged::RepeatedDiffers { first }) => Refusal {
                field: String::new(),
                detail: format!(
                    "duplicate UUID `{}` with different content (first at inspections[{first}])",
                    record.uuid
                ),
            },
            Ok(Merged::Taken { field, detail }) => Refusal { field, detail },
            Ok(_) => {
                self.inspections += 1;
                (self.progress)(ImportProgress {
                    bytes_read: self.position.read(),
                    bytes_total: self.bytes_total,
                    inspections: self.inspections,
                });
                return Ok(());
            }
        };
        Err(self.refused(list, n, name, refusal))
    }
}
