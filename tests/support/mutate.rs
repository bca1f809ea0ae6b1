//! Bad inputs for the property tests: byte-level edits of a text (cuts, insertions of telling
//! tokens, changed bytes), value-level edits of a JSON document (any value replaced, any key
//! removed, any list element repeated), deep nesting and huge numbers.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::{Value, json};

/// A fixed seed, so a run in CI is the run on the desk; `cases` per property.
pub fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(0x4841_4c4c),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Tokens that mean something to TOML or JSON, or to the checks behind them.
const TOKENS: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    "[[",
    "]]",
    "=",
    ",",
    ":",
    "\"",
    "'",
    "\"\"\"",
    "\n",
    "\r\n",
    "\\",
    "\\u0000",
    "\\ud800",
    "#",
    "-",
    "-1",
    "0",
    "1e308",
    "-1e400",
    "1e-400",
    "0.001",
    "nan",
    "inf",
    "-0",
    "99999999999999999999",
    "18446744073709551616",
    "9223372036854775807",
    "-9223372036854775809",
    "true",
    "null",
    "名",
    "\u{feff}",
    "\u{0}",
    "é",
    "[[items]]",
    "points = ",
    "deduction = -5",
    "version = 0",
    "\"score\":",
    "\"count\":0",
    "2026-02-30",
    "2026-11-05T00:40:00+08:00",
    "{\"a\":[[[[[[[[[[]]]]]]]]]]}",
];

/// One byte-level edit at a place given as a share of the text's length.
#[derive(Debug, Clone)]
pub enum ByteEdit {
    /// Removes up to this many bytes.
    Delete(u32, usize),
    /// Inserts a token.
    Insert(u32, &'static str),
    /// Sets one byte.
    Set(u32, u8),
    /// Cuts the text there.
    Cut(u32),
}

pub fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    prop_oneof![
        (any::<u32>(), 1usize..64).prop_map(|(at, n)| ByteEdit::Delete(at, n)),
        (any::<u32>(), prop::sample::select(TOKENS)).prop_map(|(at, t)| ByteEdit::Insert(at, t)),
        (any::<u32>(), any::<u8>()).prop_map(|(at, b)| ByteEdit::Set(at, b)),
        any::<u32>().prop_map(ByteEdit::Cut),
    ]
}

fn place(at: u32, len: usize) -> usize {
    (u64::from(at) * len as u64 / (u64::from(u32::MAX) + 1)) as usize
}

/// `text` with the edits applied in turn.
pub fn apply_bytes(text: &[u8], edits: &[ByteEdit]) -> Vec<u8> {
    let mut out = text.to_vec();
    for edit in edits {
        let len = out.len();
        match edit {
            ByteEdit::Delete(at, n) => {
                let from = place(*at, len);
                let to = (from + n).min(len);
                out.drain(from..to);
            }
            ByteEdit::Insert(at, token) => {
                let at = place(*at, len + 1);
                out.splice(at..at, token.bytes());
            }
            ByteEdit::Set(at, byte) => {
                if len > 0 {
                    out[place(*at, len)] = *byte;
                }
            }
            ByteEdit::Cut(at) => out.truncate(place(*at, len + 1)),
        }
    }
    out
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..24).prop_map(|c| c.into_iter().collect())
}

/// A JSON value that might break a record: wrong types, numbers at and past every limit,
/// long and odd strings, small nested values.
pub fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop::sample::select(vec![
            0i64,
            -1,
            1,
            2,
            99,
            100,
            101,
            10_000,
            10_001,
            1_000_000_000,
            i64::from(u32::MAX),
            i64::MAX,
            i64::MIN,
        ])
        .prop_map(|n| json!(n)),
        any::<i64>().prop_map(|n| json!(n)),
        Just(json!(u64::MAX)),
        any::<f64>()
            .prop_filter("JSON has finite numbers only", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        text().prop_map(Value::String),
        Just(json!("长".repeat(2001))),
        prop::sample::select(vec![
            "",
            " ",
            "2026-11-05",
            "2026-02-30",
            "+12026-11-05",
            "2026-11-05T00:40:00.000Z",
            "2026-11-05T08:40:00+08:00",
            "1969-12-31T23:59:59Z",
            "44444444-4444-4444-8444-444444444444",
            "4444ABCD-4444-4444-8444-444444444444",
            "pass",
            "fail",
            "na",
            "draft",
            "submitted",
            "excellent",
            "image/png",
            "AAAA",
        ])
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::vec((text(), inner), 0..3)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// One value-level edit; the node it touches is picked by a number, modulo the candidates.
#[derive(Debug, Clone)]
pub enum ValueEdit {
    /// Replaces any value (the whole document included).
    Replace(u64, Value),
    /// Removes a key of an object.
    Remove(u64),
    /// Repeats an element of a list.
    Repeat(u64),
}

pub fn value_edit() -> impl Strategy<Value = ValueEdit> {
    prop_oneof![
        6 => (any::<u64>(), value()).prop_map(|(n, v)| ValueEdit::Replace(n, v)),
        2 => any::<u64>().prop_map(ValueEdit::Remove),
        1 => any::<u64>().prop_map(ValueEdit::Repeat),
    ]
}

/// JSON pointers of every value below `value`, parents first.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Array(items) => {
            for (n, item) in items.iter().enumerate() {
                let here = format!("{at}/{n}");
                out.push(here.clone());
                pointers(item, here, out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                out.push(here.clone());
                pointers(item, here, out);
            }
        }
        _ => {}
    }
}

fn split(pointer: &str) -> (&str, String) {
    let cut = pointer.rfind('/').unwrap_or(0);
    let last = pointer[cut + 1..].replace("~1", "/").replace("~0", "~");
    (&pointer[..cut], last)
}

/// `doc` with the edit applied.
pub fn apply_value(doc: &mut Value, edit: &ValueEdit) {
    let mut all = vec![String::new()];
    pointers(doc, String::new(), &mut all);
    let pick =
        |n: u64, among: &[String]| among.get((n % among.len().max(1) as u64) as usize).cloned();
    match edit {
        ValueEdit::Replace(n, value) => {
            if let Some(slot) = pick(*n, &all).and_then(|p| doc.pointer_mut(&p)) {
                *slot = value.clone();
            }
        }
        ValueEdit::Remove(n) => {
            let members: Vec<String> = all
                .iter()
                .filter(|p| !p.is_empty() && doc.pointer(split(p).0).is_some_and(Value::is_object))
                .cloned()
                .collect();
            if let Some(p) = pick(*n, &members) {
                let (parent, key) = split(&p);
                if let Some(Value::Object(map)) = doc.pointer_mut(parent) {
                    map.remove(&key);
                }
            }
        }
        ValueEdit::Repeat(n) => {
            let lists: Vec<String> = all
                .iter()
                .filter(|p| {
                    doc.pointer(p)
                        .is_some_and(|v| v.as_array().is_some_and(|a| !a.is_empty()))
                })
                .cloned()
                .collect();
            if let Some(p) = pick(*n, &lists)
                && let Some(Value::Array(items)) = doc.pointer_mut(&p)
            {
                let first = items[0].clone();
                items.push(first);
            }
        }
    }
}

/// `depth` brackets opened and closed: `[[[…]]]` or `{"a":{"a":…1}}`.
pub fn nested(depth: usize, objects: bool) -> String {
    if objects {
        format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth))
    } else {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    }
}
