//! Deterministic synthetic history: halls with staff, several inspectors, one full "两会三制"
//! inspection per hall and day, most items passing, quality drifting per hall over time.

use chrono::{Duration, NaiveDate, TimeZone, Utc};

use crate::domain::{Answer, Outcome, Template, Unit, score_inspection, scoring::deduction_for};
use crate::store::inspections::{AreaValues, area_values, insert_staff};
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

/// SplitMix64: small, fast and deterministic across platforms.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    fn uuid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }
}

const PLACES: [&str; 16] = [
    "城东",
    "城西",
    "城南",
    "城北",
    "高新区",
    "开发区",
    "滨江",
    "新城",
    "老城",
    "江北",
    "河西",
    "湖滨",
    "港区",
    "东湖",
    "西山",
    "南湖",
];
const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗",
];
const GIVEN: [&str; 24] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建华", "晓燕",
];
const INSPECTORS: [&str; 5] = ["赵督导", "钱主任", "孙班长", "李稽查", "周督导"];
const PLACE_NOTES: [&str; 6] = [
    "1号窗口",
    "2号窗口",
    "等候区",
    "自助服务区",
    "填单台",
    "门口",
];

fn person_name(rng: &mut Rng) -> String {
    format!(
        "{}{}",
        SURNAMES[rng.below(SURNAMES.len())],
        GIVEN[rng.below(GIVEN.len())]
    )
}

/// One result row before insert: template row, item, outcome code, count, deduction, note,
/// the staff named (in order).
type ResultValues<'a> = (i64, &'a str, &'static str, u32, i64, String, Vec<i64>);

/// One inspection, worked out and ready to write.
struct Planned<'a> {
    uuid: String,
    hall_id: i64,
    inspector: i64,
    day: String,
    started: String,
    submitted: String,
    score: i64,
    earned: i64,
    possible: i64,
    rating: &'static str,
    veto: bool,
    areas: Vec<AreaValues>,
    /// Sorted by the primary key, so the rows append to the tree's end.
    results: Vec<ResultValues<'a>>,
    /// The item notes, one per line, as `inspection_notes` holds them.
    notes: String,
}

/// Inspections handed from the planning thread to the writer at a time.
const CHUNK: usize = 64;

/// `head` followed by `rows` value tuples; tuple `n` is `tuple(b)` where `b` is the number of
/// its first own parameter, after `shared` parameters common to all tuples.
fn multi_row_sql(
    head: &str,
    rows: usize,
    shared: usize,
    per_row: usize,
    tuple: impl Fn(usize) -> String,
) -> String {
    let mut sql = String::from(head);
    for n in 0..rows {
        if n > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&tuple(shared + 1 + per_row * n));
    }
    sql
}

/// `?b, ?b+1, …` for `count` parameters.
fn params(b: usize, count: usize) -> String {
    (b..b + count)
        .map(|n| format!("?{n}"))
        .collect::<Vec<_>>()
        .join(", ")
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

/// A hall as the planner sees it: id, staff ids, base failure rate, drift, seasonal phase.
type PlannedHall = (i64, Vec<i64>, f64, f64, f64);

/// Works out the inspections, hall by hall within each day, in a fixed order.
struct Planner<'a> {
    templates: &'a [Template],
    template_rows: &'a [i64],
    halls: &'a [PlannedHall],
    inspectors: &'a [i64],
    bands: &'a crate::domain::RatingBands,
    days: u32,
    first_day: NaiveDate,
    total: u64,
}

impl<'a> Planner<'a> {
    /// Sends every inspection, `CHUNK` at a time; stops early when the writer has gone.
    fn run(&self, mut rng: Rng, sender: &std::sync::mpsc::SyncSender<Vec<Planned<'a>>>) {
        // One answer per item, in template order, reused for every inspection.
        let mut answers: Vec<Answer> = self
            .templates
            .iter()
            .flat_map(|t| {
                t.items.iter().map(|i| Answer {
                    template_id: t.id.clone(),
                    item_id: i.id.clone(),
                    outcome: Outcome::Pass,
                    count: 1,
                })
            })
            .collect();
        let mut chunk = Vec::with_capacity(CHUNK);
        let mut planned = 0u64;
        let (mut day_index, mut hall_index) = (0u32, 0usize);
        while planned < self.total {
            chunk.push(self.one(&mut rng, &mut answers, day_index, hall_index));
            planned += 1;
            hall_index += 1;
            if hall_index == self.halls.len() {
                hall_index = 0;
                day_index += 1;
            }
            if chunk.len() == CHUNK || planned == self.total {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                if sender.send(full).is_err() {
                    return;
                }
            }
        }
    }

    fn one(
        &self,
        rng: &mut Rng,
        answers: &mut [Answer],
        day_index: u32,
        hall_index: usize,
    ) -> Planned<'a> {
        let offset_min = 8 * 60;
        let date = self.first_day + Duration::days(i64::from(day_index));
        let (hall_id, staff, base, drift, phase) = &self.halls[hall_index];
        let t = f64::from(day_index) / f64::from(self.days.max(1));
        let wave = 0.015 * (t * std::f64::consts::TAU * 4.0 + phase).sin();
        let fail_rate = (base + drift * t + wave).clamp(0.003, 0.4);
        let minute = 8 * 60 + 30 + rng.below(90) as i64;
        let local = date.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(minute);
        let started = Utc.from_utc_datetime(&(local - Duration::minutes(offset_min)));
        let submitted = started + Duration::minutes(25 + rng.below(20) as i64);
        let stamp =
            |d: chrono::DateTime<Utc>| d.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let mut results = Vec::with_capacity(answers.len());
        let mut answer_index = 0;
        for (template, row) in self.templates.iter().zip(self.template_rows) {
            for item in &template.items {
                let roll = rng.unit();
                let outcome = if item.veto {
                    if roll < 0.0008 {
                        Outcome::Fail
                    } else {
                        Outcome::Pass
                    }
                } else if item.id.contains("wet_floor") && roll < 0.7 {
                    Outcome::NotApplicable
                } else if roll < fail_rate {
                    Outcome::Fail
                } else if roll > 0.995 {
                    Outcome::NotApplicable
                } else {
                    Outcome::Pass
                };
                // What was found: one of the item's common reasons, picked from the roll
                // already drawn (no draw is added, so the rest of the data stays as it was).
                let reason = match item.reasons.len() {
                    0 => "现场发现",
                    n => item.reasons[((roll * 1e6) as usize + day_index as usize) % n].as_str(),
                };
                let (count, note, staff) = if outcome == Outcome::Fail {
                    let count = if rng.unit() < 0.8 {
                        1
                    } else {
                        2 + rng.below(2) as u32
                    };
                    match item.unit {
                        Unit::PerPersonTime if !staff.is_empty() => {
                            // One person named, two for more than one person-time where the
                            // hall has two: the next on its list, so no draw is added and
                            // the rest of the data stays as it was.
                            let first = rng.below(staff.len());
                            let mut who = vec![staff[first]];
                            if count > 1 && staff.len() > 1 {
                                who.push(staff[(first + 1) % staff.len()]);
                            }
                            (count, format!("{reason}（{count}人次）"), who)
                        }
                        Unit::PerPlace => (
                            count,
                            format!(
                                "{}等{count}处：{reason}",
                                PLACE_NOTES[rng.below(PLACE_NOTES.len())]
                            ),
                            Vec::new(),
                        ),
                        _ if count > 1 => (count, format!("{reason}（{count}次）"), Vec::new()),
                        _ => (count, reason.to_owned(), Vec::new()),
                    }
                } else {
                    (1, String::new(), Vec::new())
                };
                let deduction = deduction_for(item.deduction, outcome, count).hundredths();
                if let Some(answer) = answers.get_mut(answer_index) {
                    answer.outcome = outcome;
                    answer.count = count;
                }
                answer_index += 1;
                results.push((
                    *row,
                    item.id.as_str(),
                    outcome.code(),
                    count,
                    deduction,
                    note,
                    staff,
                ));
            }
        }
        results.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let notes = results
            .iter()
            .map(|r| r.5.as_str())
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        let score = score_inspection(self.templates, answers, self.bands);
        let areas = self
            .template_rows
            .iter()
            .zip(&score.areas)
            .map(|(row, area)| area_values(*row, area))
            .collect();
        Planned {
            uuid: rng.uuid(),
            hall_id: *hall_id,
            inspector: self.inspectors
                [(hall_index + day_index as usize) % self.inspectors.len().max(1)],
            day: date.format("%Y-%m-%d").to_string(),
            started: stamp(started),
            submitted: stamp(submitted),
            score: score.score.hundredths(),
            earned: score.earned.hundredths(),
            possible: score.possible.hundredths(),
            rating: score.rating.code(),
            veto: score.veto,
            areas,
            results,
            notes,
        }
    }
}

/// Writes what the planner sends in one transaction (or one per `commit_every` inspections),
/// with one statement per table and inspection, reporting progress every `batch` inspections.
/// Returns (inspections, results) written.
fn write_planned(
    store: &mut Store,
    template_rows: &[i64],
    template_ids: &str,
    receiver: std::sync::mpsc::Receiver<Vec<Planned>>,
    (total, batch, commit_every): (u64, u64, Option<u64>),
    progress: &mut impl FnMut(DemoProgress),
) -> Result<(u64, u64)> {
    let templates_sql = multi_row_sql(
        "INSERT OR FAIL INTO inspection_templates (inspection_id, position, template_row) VALUES ",
        template_rows.len(),
        1,
        2,
        |b| format!("(?1, {})", params(b, 2)),
    );
    let areas_sql = multi_row_sql(
        "INSERT OR FAIL INTO inspection_areas (inspection_id, template_row, area, cap, effective_cap, deducted, earned, veto) VALUES ",
        template_rows.len(),
        1,
        7,
        |b| format!("(?1, {})", params(b, 7)),
    );
    let mut results_sql = String::new();
    let mut results_len = usize::MAX;
    let (mut done, mut results_written) = (0u64, 0u64);
    // The caller holds the transaction: a failure or a crash writes none of this, and pages
    // are written once instead of journalled again at every commit.
    let conn = &store.conn;
    // Into an empty database in one transaction, the inspections' indexes are built once
    // at the end (sorted) rather than kept up row by row; dropping them is part of the
    // transaction, so a failure leaves them as they were.
    let empty: bool = conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM inspections)", [], |r| {
        r.get(0)
    })?;
    let deferred: Vec<(String, String)> = if empty && commit_every.is_none() {
        let mut stmt = conn.prepare(
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'index' AND tbl_name = 'inspections' AND sql IS NOT NULL",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?
    } else {
        Vec::new()
    };
    for (name, _) in &deferred {
        conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
    }
    {
        let mut insert_inspection = conn.prepare_cached(
            "INSERT INTO inspections (uuid, hall_id, inspector_id, inspected_on, shift, started_at,
                 utc_offset_min, submitted_at, status, score, earned, possible, rating, veto, template_ids)
             VALUES (?1, ?2, ?3, ?4, 'morning', ?5, 480, ?6, 'submitted', ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        let mut insert_templates = conn.prepare_cached(&templates_sql)?;
        let mut insert_areas = conn.prepare_cached(&areas_sql)?;
        let mut insert_notes = conn
            .prepare_cached("INSERT INTO inspection_notes (inspection_id, text) VALUES (?1, ?2)")?;
        for planned in receiver.iter().flatten() {
            insert_inspection.execute((
                &planned.uuid,
                planned.hall_id,
                planned.inspector,
                &planned.day,
                &planned.started,
                &planned.submitted,
                planned.score,
                planned.earned,
                planned.possible,
                planned.rating,
                planned.veto,
                template_ids,
            ))?;
            let inspection_id = conn.last_insert_rowid();
            let positions: Vec<i64> = (0..template_rows.len() as i64).collect();
            let mut values: Vec<&dyn rusqlite::ToSql> = vec![&inspection_id];
            for (position, row) in positions.iter().zip(template_rows) {
                values.extend([position as &dyn rusqlite::ToSql, row]);
            }
            insert_templates.execute(values.as_slice())?;
            let mut values: Vec<&dyn rusqlite::ToSql> = vec![&inspection_id];
            for (row, area, cap, effective, deducted, earned, veto) in &planned.areas {
                values.extend([
                    row as &dyn rusqlite::ToSql,
                    area,
                    cap,
                    effective,
                    deducted,
                    earned,
                    veto,
                ]);
            }
            insert_areas.execute(values.as_slice())?;
            // All of an inspection's results in one statement: ?1 inspection, ?2
            // answered at, then 6 values per result.
            if planned.results.len() != results_len {
                results_len = planned.results.len();
                results_sql = multi_row_sql(
                    "INSERT OR FAIL INTO results (inspection_id, template_row, item_id, outcome, count, deduction, note, answered_at) VALUES ",
                    results_len,
                    2,
                    6,
                    |b| format!("(?1, {}, ?2)", params(b, 6)),
                );
            }
            let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(2 + 6 * results_len);
            values.push(&inspection_id);
            values.push(&planned.submitted);
            for (row, item, outcome, count, deduction, note, _) in &planned.results {
                values.extend([
                    row as &dyn rusqlite::ToSql,
                    item,
                    outcome,
                    count,
                    deduction,
                    note,
                ]);
            }
            conn.prepare_cached(&results_sql)?
                .execute(values.as_slice())?;
            // The people named: a few answers of an inspection at most.
            for (row, item, .., staff) in &planned.results {
                insert_staff(conn, (inspection_id, *row, item), staff)?;
            }
            results_written += results_len as u64;
            if !planned.notes.is_empty() {
                insert_notes.execute((inspection_id, &planned.notes))?;
            }
            done += 1;
            // Committed first, so what is reported can be read by others.
            if commit_every.is_some_and(|n| done % n == 0) && done < total {
                conn.execute_batch("COMMIT; BEGIN IMMEDIATE")?;
            }
            if done % batch == 0 && done < total {
                progress(DemoProgress { done, total });
            }
        }
    }
    for (_, sql) in &deferred {
        conn.execute_batch(sql)?;
    }
    Ok((done, results_written))
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
