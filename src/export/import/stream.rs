//! An export file read as a stream: the top-level object key by key and each list element by
//! element, so a file of any size is read in bounded memory.
//!
//! A [`Sink`] takes the header values and each element's raw JSON as it comes, and says which
//! lists it can take in this pass; a list whose references come later in the file is skipped
//! and taken in a further pass. No element may be larger than [`MAX_RECORD_BYTES`] and no header
//! value larger than [`MAX_HEADER_BYTES`]: the reader stops there instead of filling memory.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::io::Read;
use std::rc::Rc;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::export::import::ImportError;

/// The largest list element (one inspection with its photos), in bytes.
pub(super) const MAX_RECORD_BYTES: u64 = 32 * 1024 * 1024;
/// The largest header value (`schema`, `version`, …) or key, in bytes.
pub(super) const MAX_HEADER_BYTES: u64 = 64 * 1024;
/// The read buffer, in bytes.
pub(super) const BUFFER_BYTES: usize = 256 * 1024;

/// The lists of an export, in the order a HallCheck export writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum List {
    Halls,
    Staff,
    Inspectors,
    Templates,
    Inspections,
    Audit,
}

impl List {
    pub(super) const ALL: [List; 6] = [
        List::Halls,
        List::Staff,
        List::Inspectors,
        List::Templates,
        List::Inspections,
        List::Audit,
    ];

    /// Its key in the file.
    pub(super) fn key(self) -> &'static str {
        match self {
            List::Halls => "halls",
            List::Staff => "staff",
            List::Inspectors => "inspectors",
            List::Templates => "templates",
            List::Inspections => "inspections",
            List::Audit => "audit",
        }
    }

    /// What one element is, for messages.
    pub(super) fn noun(self) -> &'static str {
        match self {
            List::Halls => "hall",
            List::Staff => "staff member",
            List::Inspectors => "inspector",
            List::Templates => "checklist snapshot",
            List::Inspections => "inspection",
            List::Audit => "audit entry",
        }
    }

    /// Its place in [`List::ALL`].
    pub(super) fn index(self) -> usize {
        self as usize
    }

    fn from_key(key: &str) -> Option<List> {
        List::ALL.into_iter().find(|l| l.key() == key)
    }

    /// The lists whose records this one's refer to: they are taken first.
    pub(super) fn needs(self) -> &'static [List] {
        match self {
            List::Staff => &[List::Halls],
            List::Inspections => &[List::Halls, List::Staff, List::Inspectors, List::Templates],
            _ => &[],
        }
    }
}

/// Where the reading stands: bytes read from the file, the limit of the value being read, and
/// the place in the file (for messages).
#[derive(Debug, Default)]
pub(super) struct Position {
    read: Cell<u64>,
    limit: Cell<Option<u64>>,
    allowed: Cell<u64>,
    exceeded: Cell<bool>,
    place: RefCell<String>,
}

impl Position {
    /// Bytes read from the file so far.
    pub(super) fn read(&self) -> u64 {
        self.read.get()
    }

    /// The size a value was larger than, if one was.
    pub(super) fn exceeded(&self) -> Option<u64> {
        self.exceeded.get().then(|| self.allowed.get())
    }

    /// The place being read: `inspections[12]`, `halls`, or empty before the first key.
    pub(super) fn place(&self) -> String {
        self.place.borrow().clone()
    }

    fn enter(&self, place: String, limit_bytes: Option<u64>) {
        *self.place.borrow_mut() = place;
        self.allowed.set(limit_bytes.unwrap_or(u64::MAX));
        // The buffer may already hold bytes of the value: allow for it.
        self.limit
            .set(limit_bytes.map(|b| self.read.get() + b + BUFFER_BYTES as u64));
    }
}

/// A reader that counts for a [`Position`] and fails once it passes the limit.
pub(super) struct Metered<R> {
    pub(super) inner: R,
    pub(super) position: Rc<Position>,
}

impl<R: Read> Read for Metered<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let total = self.position.read.get() + n as u64;
        self.position.read.set(total);
        if self.position.limit.get().is_some_and(|limit| total > limit) {
            self.position.exceeded.set(true);
            return Err(std::io::Error::other("a value of the file is too large"));
        }
        Ok(n)
    }
}

/// What receives the file as it is read.
pub(super) trait Sink {
    /// A top-level key, before its value.
    fn key(&mut self, key: &str) -> Result<(), ImportError>;
    /// A header value: `schema`, `version` or `points_unit`.
    fn header(&mut self, key: &str, value: serde_json::Value) -> Result<(), ImportError>;
    /// Whether this list is taken in this pass.
    fn wants(&mut self, list: List) -> Result<bool, ImportError>;
    /// One element of a list, at its position, as raw JSON.
    fn record(&mut self, list: List, position: u64, raw: &RawValue) -> Result<(), ImportError>;
    /// A list was read to its end.
    fn finished(&mut self, list: List);
}

/// The whole file: a visitor of the top-level object. A refusal by the sink is kept in
/// `failure` (the parser only learns that it stopped).
pub(super) struct Document<'a, S> {
    pub(super) sink: &'a mut S,
    pub(super) position: &'a Position,
    pub(super) failure: &'a RefCell<Option<ImportError>>,
}

fn stop<E: de::Error>(failure: &RefCell<Option<ImportError>>, error: ImportError) -> E {
    *failure.borrow_mut() = Some(error);
    E::custom("the import was refused")
}

impl<'de, S: Sink> Visitor<'de> for Document<'_, S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a HallCheck export (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Document {
            sink,
            position,
            failure,
        } = self;
        loop {
            position.enter("the top level".into(), Some(MAX_HEADER_BYTES));
            let Some(key) = map.next_key::<String>()? else {
                break;
            };
            sink.key(&key).map_err(|e| stop(failure, e))?;
            if matches!(key.as_str(), "schema" | "version" | "points_unit") {
                position.enter(key.clone(), Some(MAX_HEADER_BYTES));
                let value = map.next_value()?;
                sink.header(&key, value).map_err(|e| stop(failure, e))?;
                continue;
            }
            position.enter(key.clone(), None);
            match List::from_key(&key) {
                Some(list) if sink.wants(list).map_err(|e| stop(failure, e))? => {
                    map.next_value_seed(Elements {
                        list,
                        sink: &mut *sink,
                        position,
                        failure,
                    })?;
                    sink.finished(list);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        position.enter("the end".into(), None);
        Ok(())
    }
}

/// One list, element by element.
struct Elements<'a, S> {
    list: List,
    sink: &'a mut S,
    position: &'a Position,
    failure: &'a RefCell<Option<ImportError>>,
}

impl<'de, S: Sink> DeserializeSeed<'de> for Elements<'_, S> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, S: Sink> Visitor<'de> for Elements<'_, S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a list of {} records", self.list.noun())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let key = self.list.key();
        let mut n = 0u64;
        loop {
            self.position
                .enter(format!("{key}[{n}]"), Some(MAX_RECORD_BYTES));
            let Some(raw) = seq.next_element::<Box<RawValue>>()? else {
                break;
            };
            self.position.enter(format!("{key}[{n}]"), None);
            self.sink
                .record(self.list, n, &raw)
                .map_err(|e| stop(self.failure, e))?;
            n += 1;
        }
        self.position.enter(key.into(), None);
        Ok(())
    }
}
