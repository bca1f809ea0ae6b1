//! The whole app under egui_kittest: a temp folder with its database, the harness around
//! [`App`] on a fixed clock, demo data, and the steps a user takes in every screen.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hallcheck::checklist::load_catalog;
use hallcheck::store::{DemoOptions, Store, generate_demo_data};
use hallcheck::ui::{App, AppOptions, Screen};

/// The day the app believes it is: no test reads the system clock.
pub const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 10, 31).expect("a calendar day");

/// The window of most tests.
pub const WINDOW: egui::Vec2 = egui::vec2(1280.0, 800.0);

/// The app's "now": [`TODAY`] at 15:00 China Standard Time, where the halls are.
pub fn now() -> DateTime<FixedOffset> {
    let china = FixedOffset::east_opt(8 * 3600).expect("a valid offset");
    china
        .from_local_datetime(&TODAY.and_hms_opt(15, 0, 0).expect("a valid time"))
        .unwrap()
}

/// A temp folder holding the database and the (absent) user template folder; removed on drop.
pub struct Env {
    dir: tempfile::TempDir,
    /// The database file (not created until something opens it).
    pub db: PathBuf,
    /// The user template folder (absent: the built-in checklists only).
    pub templates: PathBuf,
}

impl Env {
    /// A fresh folder with no database yet.
    pub fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("hallcheck.db");
        let templates = dir.path().join("checklists");
        Env { dir, db, templates }
    }

    /// The folder.
    pub fn folder(&self) -> &Path {
        self.dir.path()
    }

    /// The path of `name` in the folder.
    pub fn file(&self, name: &str) -> PathBuf {
        self.folder().join(name)
    }

    /// The test set-up of the app on this folder (no dialogs, work inline) with the clock at
    /// [`now`].
    pub fn options(&self) -> AppOptions {
        let mut options = AppOptions::test(self.db.clone(), self.templates.clone());
        options.fixed_now = Some(now());
        options
    }

    /// The app on this folder in a [`WINDOW`].
    pub fn harness(&self) -> Harness<'static, App> {
        harness(self.options(), WINDOW)
    }
}

/// The app built from `options` in a window of `size`.
pub fn harness(options: AppOptions, size: egui::Vec2) -> Harness<'static, App> {
    let mut options = Some(options);
    Harness::builder()
        .with_size(size)
        // Frames a sixtieth of a second apart, as on screen: typing runs ahead of the
        // note's save delay as it does for a user.
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(40)
        .build_eframe(move |cc| App::new(cc, options.take().expect("the app is built once")))
}

/// `halls` halls with `days` days of demo inspections ending on [`TODAY`] (one per hall and
/// day), written to the database at `db`; returns the connection that wrote them.
pub fn seed_demo(db: &Path, halls: u32, days: u32, seed: u64) -> Store {
    let mut store = Store::open(db).unwrap();
    let templates: Vec<_> = load_catalog(None).into_templates();
    let options = DemoOptions {
        halls,
        days,
        seed,
        today: TODAY,
        batch: 500,
    };
    generate_demo_data(&mut store, &templates, &options, |_| {}).unwrap();
    store
}

/// Clicks the left-navigation button `label`.
pub fn nav(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_role_and_label(Role::Button, label).click();
    h.run();
}

/// Focuses the text field labelled `label` and types `text` into it.
pub fn type_into(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

/// Adds the hall `name` on the Halls screen.
pub fn add_hall(h: &mut Harness<'_, App>, name: &str) {
    nav(h, "营业厅");
    assert_eq!(h.state().screen(), Screen::Halls);
    type_into(h, "营业厅名称", name);
    h.get_by_role_and_label(Role::Button, "添加营业厅").click();
    h.run();
    assert_no_error(h);
}

/// Starts an inspection of every checklist at the (only) hall from its Today row, with
/// `inspector`: the walk is open.
pub fn start_inspection(h: &mut Harness<'_, App>, inspector: &str) {
    nav(h, "首页");
    h.get_by_role_and_label(Role::Button, "开始检查").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Inspect);
    type_into(h, "检查人", inspector);
    h.get_by_role_and_label(Role::Button, "开始检查").click();
    h.run();
    assert!(
        h.state().walk_inspection_id().is_some(),
        "{:?}",
        h.state().error()
    );
}

/// A new database with the one hall `hall`, where `inspector` has started an inspection.
pub fn walking(hall: &str, inspector: &str) -> (Env, Harness<'static, App>) {
    let env = Env::new();
    let mut h = env.harness();
    add_hall(&mut h, hall);
    start_inspection(&mut h, inspector);
    (env, h)
}

/// How many items a walk of every built-in checklist has.
pub fn item_count() -> usize {
    load_catalog(None).walked().map(|t| t.items.len()).sum()
}

/// The app shows no error.
#[track_caller]
pub fn assert_no_error(h: &Harness<'_, App>) {
    assert!(h.state().error().is_none(), "{:?}", h.state().error());
}

/// A submitted inspection of the hygiene checklist of `hall_id` on `date`, the items in
/// `fails` failed once with their checklist's first reason (none needs a photo); returns its
/// row id.
pub fn submitted_hygiene(store: &Store, hall_id: i64, date: NaiveDate, fails: &[usize]) -> i64 {
    let id = draft_hygiene(store, hall_id, date, fails);
    store
        .submit_inspection(
            id,
            &hallcheck::domain::RatingBands::default(),
            now().to_utc(),
        )
        .unwrap();
    id
}

/// A draft of the hygiene checklist of `hall_id` on `date` with every item answered, the items
/// in `fails` failed once with their checklist's first reason; returns its row id.
pub fn draft_hygiene(store: &Store, hall_id: i64, date: NaiveDate, fails: &[usize]) -> i64 {
    let hygiene = load_catalog(None).template("hygiene").unwrap().clone();
    let fails: Vec<(usize, &str)> = fails
        .iter()
        .map(|n| (*n, hygiene.items[*n].reasons[0].as_str()))
        .collect();
    draft_of(store, hall_id, date, &hygiene, &fails)
}

/// A draft of one checklist of `hall_id` on `date` with every item answered, the items in
/// `fails` failed once with the note given; returns its row id.
pub fn draft_of(
    store: &Store,
    hall_id: i64,
    date: NaiveDate,
    template: &hallcheck::domain::Template,
    fails: &[(usize, &str)],
) -> i64 {
    let id = store
        .create_inspection(&hallcheck::store::NewInspection {
            hall_id,
            inspector: "周督导",
            date,
            shift: hallcheck::domain::Shift::FullDay,
            kind: hallcheck::domain::InspectionKind::SelfCheck,
            templates: std::slice::from_ref(template),
            started_at: now(),
        })
        .unwrap();
    let row = store.inspection(id).unwrap().templates[0].0;
    for (n, item) in template.items.iter().enumerate() {
        let fail = fails.iter().find(|(f, _)| *f == n);
        if fail.is_some() {
            assert!(!item.photo_required, "item {n} needs a photo");
        }
        store
            .save_answer(
                id,
                &hallcheck::store::AnswerInput {
                    template_row: row,
                    item_id: item.id.clone(),
                    outcome: if fail.is_some() {
                        hallcheck::domain::Outcome::Fail
                    } else {
                        hallcheck::domain::Outcome::Pass
                    },
                    count: 1,
                    rate: None,
                    note: fail.map(|(_, note)| note.to_string()).unwrap_or_default(),
                    staff_ids: Vec::new(),
                },
            )
            .unwrap();
    }
    id
}
