//! The most-deducted items of a hall over a period (Pareto): points lost and occurrences,
//! with each item's text from the template snapshot the inspections were taken with.

use std::collections::HashMap;

use crate::domain::{Area, InspectionKind, Points, Unit};
use crate::report::{Period, Result, Snapshots};
use crate::store::{Hall, Store};

pub use crate::store::ItemOccurrence;

/// One item of the Pareto.
#[derive(Debug, Clone, PartialEq)]
pub struct ParetoItem {
    /// The template (checklist) id.
    pub template_id: String,
    /// Its area.
    pub area: Area,
    /// The item id.
    pub item_id: String,
    /// The item's text (Chinese), from the newest snapshot used.
    pub text: String,
    /// The English text, if the template has one.
    pub text_en: Option<String>,
    /// The finding when it fails (Chinese): the item's `violation`, else its text.
    pub violation: String,
    /// What one occurrence is.
    pub unit: Unit,
    /// A veto item.
    pub veto: bool,
    /// Points deducted by this item, summed, before the area caps.
    pub points_lost: Points,
    /// Occurrences (places, person-times), summed.
    pub occurrences: i64,
    /// Inspections in which it failed.
    pub inspections: i64,
    /// Share of all points lost in the period, 0–1.
    pub share: f64,
    /// Running share down the sorted list, 0–1.
    pub cumulative_share: f64,
}

impl ParetoItem {
    /// The text in the chosen language.
    pub fn text_in(&self, english: bool) -> &str {
        match (&self.text_en, english) {
            (Some(en), true) => en,
            _ => &self.text,
        }
    }

    /// What a deduction for it is called: the finding in Chinese, the English text in English
    /// (a checklist has no English finding).
    pub fn finding_in(&self, english: bool) -> &str {
        match (&self.text_en, english) {
            (Some(en), true) => en,
            _ => &self.violation,
        }
    }
}

/// The Pareto of a hall over a period.
#[derive(Debug, Clone, PartialEq)]
pub struct ParetoData {
    /// The hall.
    pub hall: Hall,
    /// The days.
    pub period: Period,
    /// The one kind of inspection counted (`None`: every kind).
    pub kind: Option<InspectionKind>,
    /// Submitted inspections in the period.
    pub inspections: i64,
    /// All points lost (before area caps).
    pub total_lost: Points,
    /// Failed items, most points lost first (then most occurrences).
    pub items: Vec<ParetoItem>,
}

/// The Pareto of failed items of one hall over `period`, in its inspections of `kind` or of
/// every kind.
pub fn pareto(
    store: &Store,
    hall_id: i64,
    period: Period,
    kind: Option<InspectionKind>,
) -> Result<ParetoData> {
    let hall = store.hall(hall_id)?;
    let inspections = store.submitted_count(hall_id, period.from, period.to, kind)?;
    let mut snapshots = Snapshots::default();
    // Keyed by (template id, item id): versions of a template are the same item to users.
    let mut merged: HashMap<(String, String), (i64, ParetoItem)> = HashMap::new();
    for failures in store.item_failures(hall_id, period.from, period.to, kind)? {
        let row = failures.template_row;
        let item_id = failures.item_id;
        let (lost, occurrences, failed) = (failures.lost, failures.occurrences, failures.failed);
        let template = snapshots.get(store, row)?;
        let item = template.item(&item_id);
        let key = (template.id.clone(), item_id.clone());
        let fresh = ParetoItem {
            template_id: template.id.clone(),
            area: template.area,
            text: item.map_or_else(|| item_id.clone(), |i| i.text.clone()),
            text_en: item.and_then(|i| i.text_en.clone()),
            violation: item.map_or_else(|| item_id.clone(), |i| i.violation_text().to_owned()),
            unit: item.map_or(Unit::PerOccurrence, |i| i.unit),
            veto: item.is_some_and(|i| i.veto),
            item_id,
            points_lost: lost,
            occurrences,
            inspections: failed,
            share: 0.0,
            cumulative_share: 0.0,
        };
        match merged.get_mut(&key) {
            Some((newest, entry)) => {
                entry.points_lost += lost;
                entry.occurrences += occurrences;
                entry.inspections += failed;
                if row > *newest {
                    *newest = row;
                    entry.text = fresh.text;
                    entry.text_en = fresh.text_en;
                    entry.violation = fresh.violation;
                    entry.unit = fresh.unit;
                    entry.veto = fresh.veto;
                }
            }
            None => {
                merged.insert(key, (row, fresh));
            }
        }
    }
    let mut items: Vec<ParetoItem> = merged.into_values().map(|(_, item)| item).collect();
    items.sort_by(|a, b| {
        b.points_lost
            .cmp(&a.points_lost)
            .then_with(|| b.occurrences.cmp(&a.occurrences))
            .then_with(|| b.inspections.cmp(&a.inspections))
            .then_with(|| a.area.cmp(&b.area))
            .then_with(|| a.template_id.cmp(&b.template_id))
            .then_with(|| a.item_id.cmp(&b.item_id))
    });
    let total_lost: Points = items.iter().map(|i| i.points_lost).sum();
    let mut running = 0i64;
    for item in &mut items {
        running += item.points_lost.hundredths();
        if total_lost > Points::ZERO {
            item.share = item.points_lost.hundredths() as f64 / total_lost.hundredths() as f64;
            item.cumulative_share = running as f64 / total_lost.hundredths() as f64;
        }
    }
    Ok(ParetoData {
        hall,
        period,
        kind,
        inspections,
        total_lost,
        items,
    })
}

/// The submitted inspections (of `kind`, or of every kind) of a hall in `period` where an
/// item failed, oldest first.
pub fn item_inspections(
    store: &Store,
    hall_id: i64,
    (period, kind): (Period, Option<InspectionKind>),
    template_id: &str,
    item_id: &str,
) -> Result<Vec<ItemOccurrence>> {
    Ok(store.item_occurrences(
        hall_id,
        (period.from, period.to),
        kind,
        template_id,
        item_id,
    )?)
}
