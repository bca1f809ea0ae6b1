//! Deterministic synthetic history: halls with staff, several inspectors, one full "两会三制"
//! inspection per hall and day (most of them 自查, some 督导检查, a few 暗访 and 第三方), most
//! items passing, quality drifting per hall over time, and the rectifications of the recent
//! weeks in every state ([`follow_up`]). The
//! inspections are worked out on a second thread ([`plan`]) while this one writes them
//! ([`write`]).

mod follow_up;
mod plan;
mod write;

use plan::{INSPECTORS, PLACES, Planned, Planner, Rng, person_name};
use write::write_planned;

use chrono::{Duration, NaiveDate};

use crate::domain::Template;
use crate::store::{Result, Store, StoreError};

/// What to generate.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Number of halls.
    pub halls: u32,
    /// Number of days, ending on `today`.
    pub days: u32,
    /// Seed: the same seed and options give the same data.
    pub seed: u64,
    /// The last day (the caller's local today).
    pub today: NaiveDate,
    /// Progress is reported after each this many inspections (all are written in one
    /// transaction).
    pub batch: u32,
}

/// Progress of a generation, reported every `batch` inspections and at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoProgress {
    /// Inspections written.
    pub done: u64,
    /// Inspections in all.
    pub total: u64,
}

/// What a generation wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    /// Halls added.
    pub halls: u64,
    /// Inspections added.
    pub inspections: u64,
    /// Item results added.
    pub results: u64,
}

/// Writes the demo history into `store`, calling `progress` as it goes.
pub fn generate_demo_data(
    store: &mut Store,
    templates: &[Template],
    options: &DemoOptions,
    progress: impl FnMut(DemoProgress),
) -> Result<DemoSummary> {
    // Bulk load: the rows are consistent by construction, so per-row foreign-key checks are
    // skipped; the page cache is larger; and a file database leaves WAL for a rollback journal
    // while loading, so each page is written once instead of to the log and again at the
    // checkpoint (new pages at the end of the file need no journal). Still crash-safe.
    // The usual settings come back afterwards, also on error.
    let file_backed = store.path.as_os_str() != ":memory:";
    store.conn.pragma_update(None, "foreign_keys", "OFF")?;
    store.conn.pragma_update(None, "cache_size", -65_536)?;
    // Another connection (an open window) keeps the file in WAL: then load in WAL.
    let left_wal = file_backed
        && store
            .conn
            .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))
            .is_ok_and(|mode| mode.eq_ignore_ascii_case("delete"));
    if !left_wal {
        store.conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    // With another connection open the file stays in WAL: commit every `batch` inspections
    // then, so the log can be checkpointed and that connection can write in between.
    let commit_every = (file_backed && !left_wal).then_some(u64::from(options.batch.max(1)));
    let result = generate(store, templates, options, commit_every, progress);
    let mut restored = store
        .conn
        .pragma_update(None, "foreign_keys", "ON")
        .and_then(|()| store.conn.pragma_update(None, "synchronous", "FULL"))
        .and_then(|()| store.conn.pragma_update(None, "cache_size", -2_000));
    if left_wal {
        restored = restored.and_then(|()| store.conn.pragma_update(None, "journal_mode", "WAL"));
    }
    let path = store.path.clone();
    let summary = result.map_err(|e| e.in_file(&path))?;
    restored.map_err(|e| StoreError::from(e).in_file(&path))?;
    Ok(summary)
}

fn generate(
    store: &mut Store,
    templates: &[Template],
    options: &DemoOptions,
    commit_every: Option<u64>,
    mut progress: impl FnMut(DemoProgress),
) -> Result<DemoSummary> {
    if templates.is_empty() {
        return Err(StoreError::Invalid(
            "no checklists to generate inspections from".into(),
        ));
    }
    if options.halls == 0 || options.days == 0 {
        return Err(StoreError::Invalid(
            "--halls and --days must be at least 1".into(),
        ));
    }
    // Everything — checklists, halls, staff, inspectors, inspections, the audit entry — goes in
    // one transaction: a failure or a kill leaves the database as it was, never halls without
    // their history. (With another connection open, the inspections commit in batches so it
    // can write in between; the halls go with the first batch.)
    store.conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = generate_in_transaction(store, templates, options, commit_every, &mut progress);
    match result {
        Ok(summary)
            if summary.inspections == u64::from(options.halls) * u64::from(options.days) =>
        {
            // Every inspection in the chain of content hashes, in the order submitted.
            crate::store::chain::seal_unsealed(&store.conn)?;
            store.conn.execute_batch("COMMIT")?;
            progress(DemoProgress {
                done: summary.inspections,
                total: summary.inspections,
            });
            Ok(summary)
        }
        Ok(summary) => {
            store.conn.execute_batch("ROLLBACK")?;
            Err(StoreError::Invalid(format!(
                "demo data stopped after {} inspections; nothing of it was written",
                summary.inspections
            )))
        }
        Err(e) => {
            // The error is what matters; a failed rollback leaves SQLite to roll back anyway.
            let _ = store.conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

fn generate_in_transaction(
    store: &mut Store,
    templates: &[Template],
    options: &DemoOptions,
    commit_every: Option<u64>,
    progress: &mut impl FnMut(DemoProgress),
) -> Result<DemoSummary> {
    // A database that already has halls gets another set with their own UUIDs (the seed is
    // mixed with their number), so generating twice with the same seed adds, never clashes.
    let existing_halls = store.halls(true)?.len();
    let mut taken_codes: std::collections::HashSet<String> = store
        .halls(true)?
        .into_iter()
        .filter_map(|h| h.code)
        .collect();
    let mut rng = Rng(options.seed
        ^ 0x4841_4C4C_4348_4543
        ^ (existing_halls as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let bands = store.settings()?.bands;
    let template_rows: Vec<i64> = templates
        .iter()
        .map(|t| store.ensure_template(t))
        .collect::<Result<_>>()?;
    let template_ids: String = templates
        .iter()
        .map(|t| t.id.as_str())
        .collect::<Vec<_>>()
        .join(" ");

    // Halls, staff and inspectors.
    let mut halls = Vec::new();
    {
        let tx = &store.conn;
        let mut number = existing_halls as u32;
        for _ in 0..options.halls {
            number += 1;
            while taken_codes.contains(&format!("YT{number:03}")) {
                number += 1;
            }
            let code = format!("YT{number:03}");
            taken_codes.insert(code.clone());
            let uuid = rng.uuid();
            let name = format!(
                "{}{}供电营业厅",
                PLACES[(number as usize - 1) % PLACES.len()],
                if number as usize > PLACES.len() {
                    format!("{}号", (number as usize - 1) / PLACES.len() + 1)
                } else {
                    String::new()
                }
            );
            tx.execute(
                "INSERT INTO halls (uuid, code, name, created_at) VALUES (?1, ?2, ?3, ?4)",
                (&uuid, &code, &name, super::now_utc()),
            )?;
            let hall_id = tx.last_insert_rowid();
            let mut staff = Vec::new();
            for n in 0..(4 + rng.below(5)) {
                // 工号: the hall's number and the person's.
                tx.execute(
                    "INSERT INTO staff (uuid, hall_id, name, code) VALUES (?1, ?2, ?3, ?4)",
                    (
                        rng.uuid(),
                        hall_id,
                        person_name(&mut rng),
                        format!("{number:03}{:02}", n + 1),
                    ),
                )?;
                staff.push(tx.last_insert_rowid());
            }
            // Each hall's quality: a base failure rate, a slow drift and a seasonal wave.
            let base = 0.02 + rng.unit() * 0.06;
            let drift = (rng.unit() - 0.5) * 0.05;
            let phase = rng.unit() * std::f64::consts::TAU;
            halls.push((hall_id, staff, base, drift, phase));
        }
        for name in INSPECTORS {
            tx.execute(
                "INSERT INTO inspectors (uuid, name) VALUES (?1, ?2) ON CONFLICT(name) DO NOTHING",
                (rng.uuid(), name),
            )?;
        }
    }
    let mut inspectors = Vec::new();
    for name in INSPECTORS {
        inspectors.push(store.ensure_inspector(name)?.id);
    }

    let total = u64::from(options.halls) * u64::from(options.days);
    let batch = u64::from(options.batch.max(1));
    let plan = Planner {
        templates,
        template_rows: &template_rows,
        halls: &halls,
        inspectors: &inspectors,
        bands: &bands,
        days: options.days,
        first_day: options.today - Duration::days(i64::from(options.days) - 1),
        total,
    };
    // Working out each inspection (random answers, scoring, texts) runs on a second thread while
    // this one writes: the writer's time is SQLite's alone.
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Planned>>(16);
    let written = std::thread::scope(|scope| {
        scope.spawn(move || plan.run(rng, &sender));
        write_planned(
            store,
            &template_rows,
            &template_ids,
            receiver,
            (total, batch, commit_every),
            progress,
        )
    })?;
    let (done, results_written) = written;
    let hall_ids: Vec<i64> = halls.iter().map(|h| h.0).collect();
    follow_up::write_follow_up(store, &hall_ids, options)?;
    store.audit(
        "demo_data",
        "database",
        "",
        &format!(
            "{} halls × {} days, seed {}",
            options.halls, options.days, options.seed
        ),
    )?;
    Ok(DemoSummary {
        halls: u64::from(options.halls),
        inspections: done,
        results: results_written,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pragma(store: &Store, name: &str) -> String {
        let value: rusqlite::types::Value = store
            .conn
            .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
            .unwrap();
        format!("{value:?}")
    }

    #[test]
    fn opening_and_generating_leave_the_connection_settings_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
        let settings = |store: &Store| {
            ["foreign_keys", "synchronous", "journal_mode"].map(|name| pragma(store, name))
        };
        let expected = ["Integer(1)", "Integer(2)", "Text(\"wal\")"].map(String::from);
        assert_eq!(settings(&store), expected);
        let templates = crate::checklist::load_catalog(None).into_templates();
        let options = DemoOptions {
            halls: 1,
            days: 3,
            seed: 7,
            today: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
            batch: 2,
        };
        generate_demo_data(&mut store, &templates, &options, |_| {}).unwrap();
        assert_eq!(settings(&store), expected);
    }

    fn count(store: &Store, table: &str) -> i64 {
        let sql = format!("SELECT count(*) FROM {table}");
        store.conn.query_row(&sql, [], |r| r.get(0)).unwrap()
    }

    fn small_options(seed: u64) -> (Vec<Template>, DemoOptions) {
        let (loaded, _) = crate::checklist::builtin();
        let templates = loaded.into_iter().map(|l| l.template).collect();
        let options = DemoOptions {
            halls: 2,
            days: 5,
            seed,
            today: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
            batch: 3,
        };
        (templates, options)
    }

    #[test]
    fn generating_twice_with_the_same_seed_adds_a_second_set() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
        store.add_hall("自建营业厅", Some("YT003")).unwrap();
        let (templates, options) = small_options(7);
        generate_demo_data(&mut store, &templates, &options, |_| {}).unwrap();
        generate_demo_data(&mut store, &templates, &options, |_| {}).unwrap();
        let halls = store.halls(true).unwrap();
        assert_eq!(halls.len(), 5);
        let mut codes: Vec<_> = halls.iter().filter_map(|h| h.code.clone()).collect();
        codes.sort();
        assert_eq!(codes, ["YT002", "YT003", "YT004", "YT005", "YT006"]);
        assert_eq!(count(&store, "inspections"), 20);
    }

    #[test]
    fn a_generation_that_fails_part_way_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.db");
        let mut store = Store::open(&path).unwrap();
        let pages: i64 = store
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        // Room for the checklists and halls, not for the inspections: the disk fills up.
        store
            .conn
            .pragma_update(None, "max_page_count", pages + 40)
            .unwrap();
        let (templates, mut options) = small_options(7);
        options.days = 100;
        let err = generate_demo_data(&mut store, &templates, &options, |_| {}).unwrap_err();
        assert_eq!(err.kind(), crate::store::StoreErrorKind::DiskFull, "{err}");
        assert_eq!(err.path(), Some(path.as_path()));
        let tables = ["halls", "staff", "inspections", "templates"];
        assert_eq!(tables.map(|t| count(&store, t)), [0; 4]);
    }
}
