//! Planning the demo history: a seeded random source, the names it draws from, and the planner
//! that works out each inspection's answers, notes and scores on its own thread.

use chrono::{Duration, NaiveDate, TimeZone, Utc};

use crate::domain::{
    Answer, InspectionKind, Outcome, Template, Unit, score_inspection, scoring::deduction_for,
};
use crate::store::inspections::{AreaValues, area_values};

use super::write::CHUNK;

/// SplitMix64: small, fast and deterministic across platforms.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub(super) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub(super) fn uuid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }
}

pub(super) const PLACES: [&str; 16] = [
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
pub(super) const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗",
];
pub(super) const GIVEN: [&str; 24] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建华", "晓燕",
];
pub(super) const INSPECTORS: [&str; 5] = ["赵督导", "钱主任", "孙班长", "李稽查", "周督导"];
pub(super) const PLACE_NOTES: [&str; 6] = [
    "1号窗口",
    "2号窗口",
    "等候区",
    "自助服务区",
    "填单台",
    "门口",
];

/// The kind of a hall's inspection on a day, from their places in the plan alone (no draw is
/// added, so the rest of the data stays as it was): in every 20 days of a hall, 14 自查,
/// 3 督导检查, 2 暗访 and 1 第三方, the halls out of step with each other.
pub(super) fn demo_kind(day_index: u32, hall_index: usize) -> InspectionKind {
    let slot = (u64::from(day_index) * 7 + hall_index as u64 * 3) % 20;
    match slot {
        0 | 10 => InspectionKind::Unannounced,
        5 => InspectionKind::ThirdParty,
        3 | 8 | 15 => InspectionKind::Supervision,
        _ => InspectionKind::SelfCheck,
    }
}

pub(super) fn person_name(rng: &mut Rng) -> String {
    format!(
        "{}{}",
        SURNAMES[rng.below(SURNAMES.len())],
        GIVEN[rng.below(GIVEN.len())]
    )
}

/// One result row before insert: template row, item, outcome code, count, deduction, note,
/// the staff named (in order).
pub(super) type ResultValues<'a> = (i64, &'a str, &'static str, u32, i64, String, Vec<i64>);

/// One inspection, worked out and ready to write.
pub(super) struct Planned<'a> {
    pub(super) uuid: String,
    pub(super) hall_id: i64,
    pub(super) inspector: i64,
    pub(super) day: String,
    /// Who inspected and how.
    pub(super) kind: InspectionKind,
    pub(super) started: String,
    pub(super) submitted: String,
    pub(super) score: i64,
    pub(super) earned: i64,
    pub(super) possible: i64,
    pub(super) rating: &'static str,
    pub(super) veto: bool,
    pub(super) areas: Vec<AreaValues>,
    /// Sorted by the primary key, so the rows append to the tree's end.
    pub(super) results: Vec<ResultValues<'a>>,
    /// The item notes, one per line, as `inspection_notes` holds them.
    pub(super) notes: String,
}

/// A hall as the planner sees it: id, staff ids, base failure rate, drift, seasonal phase.
pub(super) type PlannedHall = (i64, Vec<i64>, f64, f64, f64);

/// Works out the inspections, hall by hall within each day, in a fixed order.
pub(super) struct Planner<'a> {
    pub(super) templates: &'a [Template],
    pub(super) template_rows: &'a [i64],
    pub(super) halls: &'a [PlannedHall],
    pub(super) inspectors: &'a [i64],
    pub(super) bands: &'a crate::domain::RatingBands,
    pub(super) days: u32,
    pub(super) first_day: NaiveDate,
    pub(super) total: u64,
}

impl<'a> Planner<'a> {
    /// Sends every inspection, `CHUNK` at a time; stops early when the writer has gone.
    pub(super) fn run(&self, mut rng: Rng, sender: &std::sync::mpsc::SyncSender<Vec<Planned<'a>>>) {
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
                    rate: None,
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

    pub(super) fn one(
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
            kind: demo_kind(day_index, hall_index),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_twenty_days_of_a_hall_hold_each_kind() {
        for hall in 0..5 {
            let mut counts = [0; 4];
            for day in 0..20 {
                let kind = demo_kind(day, hall);
                counts[InspectionKind::ALL
                    .iter()
                    .position(|k| *k == kind)
                    .unwrap_or(0)] += 1;
            }
            assert_eq!(counts, [14, 3, 2, 1], "hall {hall}");
        }
    }
}
