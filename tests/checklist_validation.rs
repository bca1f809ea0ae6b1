//! Template validation: every kind of problem is reported with file:line:col, all at once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use hallcheck::checklist::{self, Problem, parse_template};
use hallcheck::domain::{Area, NaRule, Points, Unit};

const GOOD: &str = r#"# A valid template.
id = "lobby"
version = 2
name = "大厅检查"
area = "hygiene"
points = 15

[[items]]
id = "floor"
text = "地面清洁"
deduction = 1
unit = "per_place"
photo_required = true
guidance = "地面无纸屑、无污渍"

[[items]]
id = "plants"
text = "绿植无枯叶"
deduction = 0.5
unit = "per_place"
guidance = "绿植无枯叶"
"#;

fn problems(text: &str) -> Vec<Problem> {
    parse_template("t.toml", text.as_bytes()).expect_err("the template should be refused")
}

fn has(problems: &[Problem], line: usize, needle: &str) -> bool {
    problems
        .iter()
        .any(|p| p.line == line && p.message.contains(needle))
}

#[test]
fn a_valid_template_becomes_domain_types() {
    let t = parse_template("t.toml", GOOD.as_bytes()).unwrap();
    assert_eq!(t.id, "lobby");
    assert_eq!(t.version, 2);
    assert_eq!(t.area, Area::HYGIENE);
    assert_eq!(t.points, Points::from_whole(15));
    assert_eq!(t.na_rule, NaRule::Scale);
    assert_eq!(t.items.len(), 2);
    assert_eq!(t.items[0].unit, Unit::PerPlace);
    assert!(t.items[0].photo_required);
    assert!(!t.items[0].veto);
    assert_eq!(t.items[1].deduction, Points::from_hundredths(50));
}

#[test]
fn toml_syntax_error_is_located() {
    let text = GOOD.replace("deduction = 1\n", "deduction = = 1\n");
    let p = problems(&text);
    assert!(!p.is_empty());
    assert_eq!(p[0].line, 11, "{p:?}");
    assert!(p[0].to_string().starts_with("t.toml:11:"), "{}", p[0]);
    assert!(p[0].message.contains("TOML syntax"), "{}", p[0]);
}

#[test]
fn missing_and_empty_fields_are_each_reported() {
    let text = GOOD
        .replace("guidance = \"绿植无枯叶\"\n", "")
        .replace("name = \"大厅检查\"", "name = \"  \"");
    let p = problems(&text);
    assert!(has(&p, 4, "field `name` is empty"), "{p:?}");
    assert!(
        p.iter()
            .any(|x| x.message.contains("missing field `guidance` in item 2")),
        "{p:?}"
    );
    // Both problems at once, not just the first.
    assert_eq!(p.len(), 2, "{p:?}");
}

#[test]
fn missing_top_level_field_is_reported() {
    let text = GOOD.replace("version = 2\n", "");
    let p = problems(&text);
    assert!(
        p.iter()
            .any(|x| x.message.contains("missing field `version`")),
        "{p:?}"
    );
}

#[test]
fn duplicate_item_ids_are_reported_at_the_second() {
    let text = GOOD.replace("id = \"plants\"", "id = \"floor\"");
    let p = problems(&text);
    assert!(has(&p, 17, "duplicate item id `floor`"), "{p:?}");
}

#[test]
fn duplicate_template_ids_across_files_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), GOOD).unwrap();
    std::fs::write(dir.path().join("b.toml"), GOOD).unwrap();
    let (loaded, problems) = checklist::check_dir(dir.path());
    assert_eq!(loaded.len(), 1);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].file.ends_with("b.toml"));
    assert_eq!(problems[0].line, 2);
    assert!(
        problems[0]
            .message
            .contains("duplicate template id `lobby`")
    );
}

#[test]
fn unknown_area_is_reported_with_the_choices() {
    let p = problems(&GOOD.replace("area = \"hygiene\"", "area = \"lobby\""));
    assert!(has(&p, 5, "unknown area `lobby`"), "{p:?}");
    assert!(p[0].message.contains("pre_shift"), "{p:?}");
    assert_eq!(p[0].col, 8);
}

#[test]
fn negative_and_non_numeric_deductions_are_refused() {
    let text = GOOD
        .replace("deduction = 1\n", "deduction = -1\n")
        .replace("deduction = 0.5", "deduction = \"half\"");
    let p = problems(&text);
    assert!(has(&p, 11, "must not be negative"), "{p:?}");
    assert!(has(&p, 19, "must be a number"), "{p:?}");
    let p = problems(&GOOD.replace("deduction = 0.5", "deduction = 0.125"));
    assert!(has(&p, 19, "more than two decimals"), "{p:?}");
}

#[test]
fn cap_must_be_positive() {
    let p = problems(&GOOD.replace("points = 15", "points = 0"));
    assert!(has(&p, 6, "must be positive"), "{p:?}");
    let p = problems(&GOOD.replace("points = 15", "points = -5"));
    assert!(has(&p, 6, "must be positive"), "{p:?}");
}

#[test]
fn unknown_keys_are_typos() {
    let text = GOOD
        .replace("points = 15", "points = 15\npoint = 15")
        .replace(
            "unit = \"per_place\"\nphoto",
            "unit = \"per_place\"\nvetto = true\nphoto",
        );
    let p = problems(&text);
    assert!(has(&p, 7, "unknown field `point` in the template"), "{p:?}");
    assert!(has(&p, 14, "unknown field `vetto` in item 1"), "{p:?}");
}

#[test]
fn invalid_unit_and_bool_are_reported() {
    let text = GOOD
        .replace("unit = \"per_place\"\nphoto", "unit = \"each\"\nphoto")
        .replace("photo_required = true", "photo_required = \"yes\"");
    let p = problems(&text);
    assert!(has(&p, 12, "field `unit`"), "{p:?}");
    assert!(has(&p, 13, "must be true or false"), "{p:?}");
}

#[test]
fn non_utf8_file_is_reported_at_the_bad_byte() {
    let mut bytes = b"id = \"x\"\nname = \"".to_vec();
    bytes.extend_from_slice(&[0xB0, 0xE0]); // GBK bytes, not UTF-8.
    bytes.extend_from_slice(b"\"\n");
    let p = parse_template("gbk.toml", &bytes).unwrap_err();
    assert_eq!(p.len(), 1);
    assert_eq!((p[0].line, p[0].col), (2, 9));
    assert!(
        p[0].to_string()
            .starts_with("gbk.toml:2:9: the file is not UTF-8")
    );
}

#[test]
fn one_broken_file_never_stops_the_others() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.toml"), GOOD).unwrap();
    std::fs::write(dir.path().join("broken.toml"), "id = \"x\"\nversion = [\n").unwrap();
    let catalog = checklist::load_catalog(Some(dir.path()));
    // Nine built-ins (eight and the optional 服务行为) plus the good user file.
    assert_eq!(catalog.templates.len(), 10);
    assert!(catalog.template("lobby").is_some());
    assert!(
        catalog
            .problems
            .iter()
            .any(|p| p.file.ends_with("broken.toml"))
    );
}

#[test]
fn user_template_overrides_builtin_only_with_higher_version() {
    let dir = tempfile::tempdir().unwrap();
    let text = GOOD
        .replace("id = \"lobby\"", "id = \"hygiene\"")
        .replace("version = 2", "version = 5");
    std::fs::write(dir.path().join("hygiene.toml"), &text).unwrap();
    let catalog = checklist::load_catalog(Some(dir.path()));
    assert_eq!(catalog.templates.len(), 9);
    let t = catalog.template("hygiene").unwrap();
    assert_eq!(t.version, 5);
    assert_eq!(t.items.len(), 2);

    std::fs::write(
        dir.path().join("hygiene.toml"),
        text.replace("version = 5", "version = 1"),
    )
    .unwrap();
    let catalog = checklist::load_catalog(Some(dir.path()));
    let builtin = checklist::load_catalog(None)
        .template("hygiene")
        .unwrap()
        .version;
    assert!(builtin > 1);
    assert_eq!(catalog.template("hygiene").unwrap().version, builtin);
    assert_eq!(catalog.template("hygiene").unwrap().items.len(), 7);
    assert!(catalog.problems[0].message.contains("raise the version"));
}

#[test]
fn cli_check_prints_every_problem_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.toml"), GOOD).unwrap();
    std::fs::write(
        dir.path().join("broken.toml"),
        GOOD.replace("area = \"hygiene\"", "area = \"lobby\"")
            .replace("id = \"lobby\"", "id = \"other\""),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hallcheck"))
        .args(["templates", "check"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("broken.toml:5:8: unknown area `lobby`"),
        "{stdout}"
    );

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hallcheck"))
        .args(["templates", "check", "checklists"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // A folder without template files is said to be one, not "0 template(s) valid".
    let empty = tempfile::tempdir().unwrap();
    std::fs::write(empty.path().join("notes.txt"), "not a template").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hallcheck"))
        .args(["templates", "check"])
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("no template files (*.toml)"), "{stderr}");
}

#[test]
fn violation_is_an_optional_text_that_defaults_to_the_item_text() {
    let with = |value: &str| {
        GOOD.replace(
            "text = \"地面清洁\"\n",
            &format!("text = \"地面清洁\"\nviolation = {value}\n"),
        )
    };
    let t = parse_template("t.toml", with("\" 地面不洁 \"").as_bytes()).unwrap();
    assert_eq!(t.items[0].violation.as_deref(), Some("地面不洁"));
    assert_eq!(t.items[0].violation_text(), "地面不洁");
    assert_eq!(t.items[1].violation, None);
    assert_eq!(t.items[1].violation_text(), "绿植无枯叶");

    let p = problems(&with("\"  \""));
    assert!(has(&p, 11, "field `violation` is empty"), "{p:?}");
    let p = problems(&with("3"));
    assert!(has(&p, 11, "field `violation` must be a string"), "{p:?}");
}

#[test]
fn a_snapshot_without_a_violation_reads_and_keeps_its_content() {
    use hallcheck::checklist::check_snapshot;
    let mut t = parse_template("t.toml", GOOD.as_bytes()).unwrap();
    // A snapshot written before the field: no key, so the same JSON and hash as then.
    let old = t.snapshot_json();
    assert!(!old.contains("violation"), "{old}");
    let read = check_snapshot(&old).unwrap();
    assert_eq!(read.items[0].violation, None);
    assert_eq!(read, t);

    t.items[0].violation = Some("地面不洁".into());
    let read = check_snapshot(&t.snapshot_json()).unwrap();
    assert_eq!(read.items[0].violation.as_deref(), Some("地面不洁"));
    t.items[0].violation = Some(" ".into());
    let refused = check_snapshot(&t.snapshot_json()).unwrap_err();
    assert!(
        refused
            .iter()
            .any(|p| p.contains("items[0].violation") && p.contains("is empty")),
        "{refused:?}"
    );
}
