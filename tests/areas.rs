//! Areas as data: a template may declare an area of its own (code, names, points). The
//! inspection's score, the monthly sheet, trends, ranking, exports and a later run of the
//! program (which learns the area from the stored snapshot) all show it. The built-in 服务行为
//! checklist is such an area, and stays off until a hall switches it on.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use hallcheck::checklist::{load_catalog, parse_template};
use hallcheck::domain::{Area, Outcome, Points, Template};
use hallcheck::export::{ExportFormat, summary_csv_path};
use hallcheck::report::{Period, monthly_sheet, ranking, trend};
use hallcheck::store::{Settings, Store};
use support::exports::export_all;
use support::reports::{d, inspect};

const SELF_SERVICE: &str = r#"
id = "self_service"
version = 1
name = "自助服务区"
area = "self_service"
area_name = "自助服务区"
area_name_en = "Self-service area"
points = 5
na_rule = "scale"

[[items]]
id = "terminals_online"
text = "自助终端全部开机、联网正常"
violation = "自助终端离线"
deduction = 1
unit = "per_place"
guidance = "每台离线终端扣1分"

[[items]]
id = "guide_present"
text = "自助区有专人引导"
violation = "自助区无人引导"
deduction = 2
unit = "per_occurrence"
guidance = "高峰时段无人引导扣2分"
"#;

fn p(hundredths: i64) -> Points {
    Points::from_hundredths(hundredths)
}

/// The eight built-in checklists and the hall's own self-service one, without photo
/// requirements.
fn templates() -> Vec<Template> {
    let mut templates = load_catalog(None).into_templates();
    templates.push(parse_template("self_service.toml", SELF_SERVICE.as_bytes()).unwrap());
    for item in templates.iter_mut().flat_map(|t| &mut t.items) {
        item.photo_required = false;
    }
    templates
}

#[test]
fn a_declared_area_is_scored_and_shown_in_every_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hc.db");
    let store = Store::open(&db).unwrap();
    let hall = store.add_hall("城北供电营业厅", Some("N1")).unwrap().id;
    let templates = templates();
    let own = templates.len() - 1;
    let area = templates[own].area;
    assert_eq!(
        (area.code(), area.name_zh(), area.name_en()),
        ("self_service", "自助服务区", "Self-service area")
    );
    assert!(!area.is_builtin() && area > Area::DISCIPLINE);
    // Two terminals offline: 5 − 2 = 3 of 5 in the new area, everything else passed.
    inspect(
        &store,
        &templates,
        hall,
        d(2026, 10, 5),
        "赵督导",
        &[(own, "terminals_online", Outcome::Fail, 2, "两台离线", &[])],
        true,
    );
    let sheet = monthly_sheet(&store, hall, 2026, 10, support::reports::d(2026, 12, 31)).unwrap();
    let rows: Vec<_> = sheet.area_rows().collect();
    assert_eq!(rows.len(), 9, "the eight and the new area");
    let last = rows[8];
    assert_eq!(last.content, "自助服务区");
    assert_eq!(
        (last.points, last.deducted, last.score),
        (Some(p(500)), Some(p(200)), Some(p(300)))
    );
    let item = sheet.rows.last().unwrap();
    assert_eq!(
        (item.no.as_str(), item.content.as_str()),
        ("9.1", "自助终端全部开机、联网正常")
    );
    assert!(item.reasons.contains("自助终端离线"), "{}", item.reasons);
    assert_eq!(sheet.total_points(), p(10500));
    assert_eq!(sheet.score, Some(p(9810)));

    let october = Period::month(2026, 10).unwrap();
    let t = trend(&store, hall, october, None).unwrap();
    // 103 of 105, out of 100: 98.10.
    assert_eq!(t.points[0].score, p(9810));
    assert!(t.areas_present().contains(&area));
    assert_eq!(t.points[0].share(area), Some(0.6));
    let r = ranking(&store, october, d(2026, 10, 31), None).unwrap();
    assert_eq!(r.halls[0].lost_by_area.get(&area), Some(&p(200)));

    let csv = dir.path().join("out.csv");
    export_all(&store, ExportFormat::Csv, &csv).unwrap();
    let summary = std::fs::read_to_string(summary_csv_path(&csv)).unwrap();
    let header = summary.lines().next().unwrap();
    assert!(header.ends_with("劳动纪律得分,自助服务区得分"), "{header}");
    assert!(summary.lines().nth(1).unwrap().ends_with(",3"), "{summary}");
    drop(store);

    // Another run of the program learns the area from the stored snapshot.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hallcheck"))
        .args(["--db", db.to_str().unwrap()])
        .args(["report", "monthly", "--hall", "N1", "--month", "2026-10"])
        .args(["--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("\r\n9,自助服务区,5,2,3,"), "{text}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hallcheck"))
        .args(["--db", db.to_str().unwrap()])
        .args([
            "report", "ranking", "--period", "2026-10", "--format", "csv",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .next()
            .unwrap()
            .ends_with(",lost_discipline,lost_self_service,rectify_on_time_pct,rectify_open"),
        "{text}"
    );
}

#[test]
fn a_template_cannot_misuse_an_area() {
    let with = |area_lines: &str| {
        SELF_SERVICE.replace(
        "area = \"self_service\"\narea_name = \"自助服务区\"\narea_name_en = \"Self-service area\"",
        area_lines,
    )
    };
    let problems = |text: String| -> String {
        parse_template("own.toml", text.as_bytes())
            .unwrap_err()
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let unnamed = problems(with("area = \"lobby\""));
    assert!(
        unnamed.starts_with("own.toml:5:8: unknown area `lobby`")
            && unnamed.contains("a new area needs `area_name`"),
        "{unnamed}"
    );
    let renamed = problems(with("area = \"hygiene\"\narea_name = \"卫生\""));
    assert!(renamed.contains("area `hygiene` is built in"), "{renamed}");
    let bad_code = problems(with("area = \"自助\"\narea_name = \"自助\""));
    assert!(
        bad_code.contains("`自助` cannot name an area"),
        "{bad_code}"
    );
    let english_only = problems(with("area = \"lobby\"\narea_name_en = \"Lobby\""));
    assert!(english_only.contains("needs `area_name`"), "{english_only}");
}

#[test]
fn service_conduct_is_built_in_and_off_until_switched_on() {
    let catalog = load_catalog(None);
    let service = catalog.template("service").unwrap().clone();
    assert!(service.optional);
    assert_eq!(
        (service.area.code(), service.area.name_zh(), service.points),
        ("service", "服务行为", Points::from_whole(10))
    );
    let ids: Vec<&str> = service.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "first_contact",
            "no_evasion",
            "tell_once",
            "standard_language",
            "no_business_error",
            "information_security",
            "security_systems"
        ]
    );
    // The 100-point scheme walked by default stays as it was.
    let walked = catalog.clone().into_templates();
    assert!(walked.iter().all(|t| t.id != "service"));
    let total: Points = walked.iter().map(|t| t.points).sum();
    assert_eq!(total, Points::from_whole(100));

    let store = Store::open_in_memory().unwrap();
    let mut settings = store.settings().unwrap();
    assert!(!settings.uses(&service));
    assert!(settings.uses(&walked[0]));
    settings.set_used(&service, true);
    settings.set_used(&walked[0], false);
    store.save_settings(&settings).unwrap();
    let back = store.settings().unwrap();
    assert!(back.uses(&service) && !back.uses(&walked[0]));
    assert_eq!(back.checklists_on, ["service"]);
    assert_eq!(back.checklists_off, [walked[0].id.clone()]);
    let mut off = back.clone();
    off.set_used(&service, false);
    assert!(!off.uses(&service) && off.checklists_on.is_empty());
    assert_eq!(Settings::default().checklists_on, Vec::<String>::new());
}
