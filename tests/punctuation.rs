//! Chinese text uses full-width punctuation: no `,` `;` `:` `(` `)` `!` `?` next to a Hanzi in
//! any string the program shows or prints (the UI strings, exports, reports, demo data, the
//! command line) nor in the built-in checklists.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

const HALF_WIDTH: [char; 7] = [',', ';', ':', '(', ')', '!', '?'];

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{20000}'..='\u{2ffff}')
}

/// The half-width marks of `text` that touch a Hanzi, as (position, mark).
fn offences(text: &str) -> Vec<(usize, char)> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            HALF_WIDTH.contains(c)
                && (i.checked_sub(1).is_some_and(|p| is_han(chars[p]))
                    || chars.get(i + 1).is_some_and(|n| is_han(*n)))
        })
        .map(|(i, c)| (i, *c))
        .collect()
}

/// The string literals of a line of Rust (comments left out).
fn rust_literals(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '/' if chars.get(i + 1) == Some(&'/') => break,
            '"' => {
                let mut text = String::new();
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        text.push(chars[i]);
                        i += 1;
                    }
                    if let Some(c) = chars.get(i) {
                        text.push(*c);
                    }
                    i += 1;
                }
                out.push(text);
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_scan_finds_half_width_marks_next_to_hanzi() {
    assert_eq!(offences("已提交:95 分,优秀"), vec![(3, ':'), (8, ',')]);
    assert!(offences("已提交：95 分，优秀 (95.00 points, A)").is_empty());
    assert_eq!(offences("编号(可选)"), vec![(2, '('), (5, ')')]);
    assert_eq!(
        rust_literals(r#"    label: "按键:1", other: "ok" // "注释:不算""#),
        vec!["按键:1".to_string(), "ok".to_string()]
    );
    assert!(rust_literals("    // \"注释:不算\"").is_empty());
}

#[test]
fn chinese_strings_use_full_width_punctuation() {
    let mut problems = Vec::new();
    for dir in [
        "src/ui",
        "src/export",
        "src/report",
        "src/domain",
        "src/store",
        "src/cli",
    ] {
        for path in files(dir, "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                for literal in rust_literals(line) {
                    if !offences(&literal).is_empty() {
                        problems.push(format!("{}:{}: \"{literal}\"", path.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn built_in_checklists_use_full_width_punctuation() {
    let mut problems = Vec::new();
    for path in files("checklists", "toml") {
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            if line.trim_start().starts_with('#') || key.trim().ends_with("_en") {
                continue;
            }
            if !offences(value).is_empty() {
                problems.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
