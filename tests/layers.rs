//! Each layer in its own room: a module of a lower layer never mentions a higher one.
//!
//! Lowest first: domain ← checklist ← store ← report ← export ← sync ← {ui, cli, paths}. `paths`
//! (the platform's folders) sits with the edges: lower layers are handed their paths. The test
//! reads every `src/**/*.rs` and names file and line of each mention that points upwards:
//! `crate::ui…`, `use crate::{…, ui::…}` groups, and `super::super::…` paths that climb out
//! of a module into a higher one. Comments are not code and are skipped.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

/// The top-level modules and their rank (higher may use lower, never the other way).
const LAYERS: [(&str, u8); 9] = [
    ("domain", 0),
    ("checklist", 1),
    ("store", 2),
    ("report", 3),
    ("export", 4),
    ("sync", 5),
    ("ui", 6),
    ("cli", 6),
    ("paths", 6),
];

fn rank(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, r)| *r)
}

/// The module path of a source file below `src/`: `store/reports.rs` → `[store, reports]`,
/// `store/mod.rs` → `[store]`, `lib.rs` → `[]`.
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The text with every `//` comment blanked (line numbers kept).
fn code_only(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident_at(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The first segments of the paths in a `{…}` group starting at `open` (the `{`), and the
/// offset of each: only names at the group's own level, before `::`, `,` or `}`.
fn group_heads(text: &str, open: usize) -> Vec<(usize, String)> {
    let bytes = text.as_bytes();
    let mut heads = Vec::new();
    let mut depth = 0usize;
    let mut expect_head = true;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => {
                depth += 1;
                expect_head = depth == 1;
            }
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            b',' if depth == 1 => expect_head = true,
            c if depth == 1 && expect_head && (c.is_ascii_alphabetic() || c == b'_') => {
                heads.push((i, ident_at(text, i).to_owned()));
                expect_head = false;
            }
            _ => {}
        }
        i += 1;
    }
    heads
}

/// Every top-level module code (without comments) mentions, with the byte offset of the
/// mention. `module` is the file's module path (for `super::`).
fn mentions(code: &str, module: &[String]) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    let mut at = 0;
    while at < code.len() {
        let word = ident_at(code, at);
        let boundary = at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
        if word.is_empty() || !boundary {
            at += code[at..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        if word == "crate" || word == "super" {
            // Climb: `crate` is the root; each `super` one level up from the file's module.
            let mut depth = module.len();
            let mut cursor = at;
            let mut head = None;
            loop {
                let w = ident_at(code, cursor);
                match w {
                    "crate" => depth = 0,
                    "super" => depth = depth.saturating_sub(1),
                    _ => {
                        head = Some(cursor);
                        break;
                    }
                }
                cursor += w.len();
                let rest = code[cursor..].trim_start();
                let Some(after) = rest.strip_prefix("::") else {
                    break; // `pub(crate)`, or a path that ends here.
                };
                cursor = code.len() - after.trim_start().len();
            }
            match head {
                // Still inside the file's own top-level module.
                Some(_) if depth > 0 => found.push((at, module[0].clone())),
                Some(h) if bytes.get(h) == Some(&b'{') => found.extend(group_heads(code, h)),
                Some(h) if !ident_at(code, h).is_empty() => {
                    found.push((h, ident_at(code, h).to_owned()));
                }
                _ => {}
            }
            at = cursor.max(at + word.len());
            continue;
        }
        at += word.len();
    }
    found
}

/// `file:line: what` for every mention of a higher layer in `text`, the file at `relative`
/// below `src/`.
fn violations(relative: &Path, text: &str) -> Vec<String> {
    let module = module_path(relative);
    let Some(own) = module.first() else {
        return Vec::new(); // lib.rs and main.rs tie the layers together.
    };
    let Some(own_rank) = rank(own) else {
        return vec![format!(
            "src/{}: module `{own}` has no layer; add it to LAYERS in tests/layers.rs",
            relative.display()
        )];
    };
    let code = code_only(text);
    mentions(&code, &module)
        .into_iter()
        .filter_map(|(offset, target)| {
            let target_rank = rank(&target)?;
            (target_rank > own_rank).then(|| {
                let line = code[..offset].matches('\n').count() + 1;
                format!(
                    "src/{}:{line}: `{own}` mentions the higher layer `{target}`",
                    relative.display()
                )
            })
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_lower_layer_mentions_a_higher_one() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 20, "read {} files", files.len());
    let mut problems = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        problems.extend(violations(file.strip_prefix(&src).unwrap(), &text));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_kind_of_upward_mention_is_caught() {
    let sample = "\
use crate::domain::Area;
use crate::{checklist, report::trend};
// crate::ui in a comment is not code
fn f() -> crate::ui::Thing { super::super::cli::run() }
use crate::{
    domain::{Points, Rating},
    export::csv,
};
";
    let found = violations(Path::new("store/inspections.rs"), sample);
    assert_eq!(
        found,
        [
            "src/store/inspections.rs:2: `store` mentions the higher layer `report`",
            "src/store/inspections.rs:4: `store` mentions the higher layer `ui`",
            "src/store/inspections.rs:4: `store` mentions the higher layer `cli`",
            "src/store/inspections.rs:7: `store` mentions the higher layer `export`",
        ]
    );
    // Lower layers and the module's own siblings are fine.
    assert!(violations(Path::new("ui/app.rs"), sample).is_empty());
    assert!(violations(Path::new("store/reports.rs"), "use super::halls::Hall;").is_empty());
    assert!(violations(Path::new("store/mod.rs"), "pub(crate) fn f() {}").is_empty());
    assert!(violations(Path::new("report/mod.rs"), "use super::store::Hall;").is_empty());
    // `super` out of a top-level module's file lands at the root.
    assert_eq!(
        violations(Path::new("domain/mod.rs"), "use super::paths;"),
        ["src/domain/mod.rs:1: `domain` mentions the higher layer `paths`"]
    );
    // A new top-level module must be placed.
    assert_eq!(violations(Path::new("photo.rs"), "").len(), 1);
    assert!(violations(Path::new("lib.rs"), "pub mod ui;").is_empty());
}
