//! Deterministic synthetic history: halls with staff, several inspectors, one full "两会三制"
//! inspection per hall and day, most items passing, quality drifting per hall over time.

use chrono::{Duration, NaiveDate, TimeZone, Utc};

use crate::domain::{Answer, Outcome, Template, Unit, score_inspection, scoring::deduction_for};
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
    /// Inspections per transaction.
    pub batch: u32,
}

/// Progress of a generation, reported after each batch.
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
/// staff.
type ResultValues<'a> = (i64, &'a str, &'static str, u32, i64, String, Option<i64>);

/// Writes the demo history into `store`, calling `progress` after each batch.
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
    let result = generate(store, templates, options, progress);
    let mut restored = store
        .conn
        .pragma_update(None, "foreign_keys", "ON")
        .and_then(|()| store.conn.pragma_update(None, "synchronous", "FULL"))
        .and_then(|()| store.conn.pragma_update(None, "cache_size", -2_000));
    if left_wal {
        restored = restored.and_then(|()| store.conn.pragma_update(None, "journal_mode", "WAL"));
    }
    let summary = result?;
    restored?;
    Ok(summary)
}

fn generate(
    store: &mut Store,
    templates: &[Template],
    options: &DemoOptions,
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
    let mut rng = Rng(options.seed ^ 0x4841_4C4C_4348_4543);
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
    let existing_halls = store.halls(true)?.len();
    let mut halls = Vec::new();
    {
        let tx = store.conn.transaction()?;
        for n in 0..options.halls {
            let number = existing_halls as u32 + n + 1;
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
                (&uuid, format!("YT{number:03}"), &name, super::now_utc()),
            )?;
            let hall_id = tx.last_insert_rowid();
            let mut staff = Vec::new();
            for _ in 0..(4 + rng.below(5)) {
                tx.execute(
                    "INSERT INTO staff (uuid, hall_id, name) VALUES (?1, ?2, ?3)",
                    (rng.uuid(), hall_id, person_name(&mut rng)),
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
        tx.commit()?;
    }
    let mut inspectors = Vec::new();
    for name in INSPECTORS {
        inspectors.push(store.ensure_inspector(name)?.id);
    }

    let total = u64::from(options.halls) * u64::from(options.days);
    let first_day = options.today - Duration::days(i64::from(options.days) - 1);
    let mut done = 0u64;
    let mut results_written = 0u64;
    let batch = u64::from(options.batch.max(1));
    // One answer per item, in template order, reused for every inspection.
    let mut answers: Vec<Answer> = templates
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
    let mut rows: Vec<ResultValues> = Vec::new();
    // All of an inspection's results in one statement: ?1 inspection, ?2 answered at, then
    // 7 values per result.
    let results_sql = {
        let mut sql = String::from(
            "INSERT INTO results (inspection_id, template_row, item_id, outcome, count, deduction, note, staff_id, answered_at) VALUES ",
        );
        for n in 0..answers.len() {
            let b = 3 + 7 * n;
            if n > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "(?1, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?2)",
                b,
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6
            ));
        }
        sql
    };
    let mut day_index = 0u32;
    let mut hall_index = 0usize;
    let offset_min = 8 * 60;
    while done < total {
        let tx = store.conn.transaction()?;
        {
            let mut insert_inspection = tx.prepare_cached(
                "INSERT INTO inspections (uuid, hall_id, inspector_id, inspected_on, shift, started_at,
                     utc_offset_min, submitted_at, status, score, earned, possible, rating, veto, template_ids)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'submitted', ?9, ?10, ?11, ?12, ?13, ?14)",
            )?;
            let mut insert_template = tx.prepare_cached(
                "INSERT INTO inspection_templates (inspection_id, position, template_row) VALUES (?1, ?2, ?3)",
            )?;
            let mut insert_results = tx.prepare_cached(&results_sql)?;
            let mut insert_area = tx.prepare_cached(
                "INSERT INTO inspection_areas (inspection_id, template_row, area, cap, effective_cap, deducted, earned, veto)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let mut in_batch = 0;
            while in_batch < batch && done < total {
                let date = first_day + Duration::days(i64::from(day_index));
                let (hall_id, staff, base, drift, phase) = &halls[hall_index];
                let t = f64::from(day_index) / f64::from(options.days.max(1));
                let wave = 0.015 * (t * std::f64::consts::TAU * 4.0 + phase).sin();
                let fail_rate = (base + drift * t + wave).clamp(0.003, 0.4);
                let minute = 8 * 60 + 30 + rng.below(90) as i64;
                let local =
                    date.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(minute);
                let started = Utc.from_utc_datetime(&(local - Duration::minutes(offset_min)));
                let submitted = started + Duration::minutes(25 + rng.below(20) as i64);
                let stamp = |d: chrono::DateTime<Utc>| {
                    d.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                };
                let started_text = stamp(started);
                let answered_text = stamp(submitted);
                rows.clear();
                let mut answer_index = 0;
                for (template, row) in templates.iter().zip(&template_rows) {
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
                        let (count, note, staff_id) = if outcome == Outcome::Fail {
                            let count = if rng.unit() < 0.8 {
                                1
                            } else {
                                2 + rng.below(2) as u32
                            };
                            match item.unit {
                                Unit::PerPersonTime if !staff.is_empty() => {
                                    let who = staff[rng.below(staff.len())];
                                    (count, format!("现场发现{count}人次"), Some(who))
                                }
                                Unit::PerPlace => (
                                    count,
                                    format!(
                                        "{}等{count}处",
                                        PLACE_NOTES[rng.below(PLACE_NOTES.len())]
                                    ),
                                    None,
                                ),
                                _ => (count, format!("现场发现{count}次"), None),
                            }
                        } else {
                            (1, String::new(), None)
                        };
                        let deduction = deduction_for(item.deduction, outcome, count).hundredths();
                        if let Some(answer) = answers.get_mut(answer_index) {
                            answer.outcome = outcome;
                            answer.count = count;
                        }
                        answer_index += 1;
                        rows.push((
                            *row,
                            item.id.as_str(),
                            outcome.code(),
                            count,
                            deduction,
                            note,
                            staff_id,
                        ));
                    }
                }
                let score = score_inspection(templates, &answers, &bands);
                let inspector = inspectors[(hall_index + day_index as usize) % inspectors.len()];
                insert_inspection.execute((
                    rng.uuid(),
                    hall_id,
                    inspector,
                    date.format("%Y-%m-%d").to_string(),
                    "morning",
                    &started_text,
                    offset_min,
                    &answered_text,
                    score.score.hundredths(),
                    score.earned.hundredths(),
                    score.possible.hundredths(),
                    score.rating.code(),
                    score.veto,
                    &template_ids,
                ))?;
                let inspection_id = tx.last_insert_rowid();
                for (position, row) in template_rows.iter().enumerate() {
                    insert_template.execute((inspection_id, position as i64, row))?;
                }
                // Rows sorted by the primary key append to the tree's end.
                rows.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
                let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(2 + 7 * rows.len());
                values.push(&inspection_id);
                values.push(&answered_text);
                for (row, item, outcome, count, deduction, note, staff_id) in &rows {
                    values.extend([
                        row as &dyn rusqlite::ToSql,
                        item,
                        outcome,
                        count,
                        deduction,
                        note,
                        staff_id,
                    ]);
                }
                insert_results.execute(values.as_slice())?;
                results_written += rows.len() as u64;
                for (row, area) in template_rows.iter().zip(&score.areas) {
                    insert_area.execute((
                        inspection_id,
                        row,
                        area.area.code(),
                        area.cap.hundredths(),
                        area.effective_cap.hundredths(),
                        area.deducted.hundredths(),
                        area.earned.hundredths(),
                        area.veto,
                    ))?;
                }
                done += 1;
                in_batch += 1;
                hall_index += 1;
                if hall_index == halls.len() {
                    hall_index = 0;
                    day_index += 1;
                }
            }
        }
        tx.commit()?;
        progress(DemoProgress { done, total });
    }
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
