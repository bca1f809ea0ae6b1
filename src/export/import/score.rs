//! A submitted inspection scored again from its own answers and checklist snapshots: the stored
//! score, points, veto and area rows must be exactly what the answers give, and a draft carries
//! none of them yet.
//!
//! A file that says otherwise is refused, not corrected, so what is imported is what was
//! recorded. The rating is checked as far as a file allows — rating bands are a setting of the
//! PC that took the inspection: a veto is always 不合格, and the rating must be one some valid
//! bands give that score ([`Rating::attainable`]).

use crate::domain::{Answer, Points, Rating, RatingBands, Template, score_inspection};
use crate::export::import::fields::{Refusal, instant, refuse};
use crate::store::InspectionRecord;

/// A draft carries no result yet.
pub(super) fn unscored(r: &InspectionRecord) -> Result<(), Refusal> {
    if r.submitted_at.is_some() {
        return Err(refuse("submitted_at", "a draft has not been submitted"));
    }
    for (field, value) in [
        ("score", r.score),
        ("earned", r.earned),
        ("possible", r.possible),
    ] {
        if value.is_some() {
            return Err(refuse(field, "a draft has no score yet"));
        }
    }
    if r.rating.is_some() {
        return Err(refuse("rating", "a draft has no rating yet"));
    }
    if r.veto {
        return Err(refuse("veto", "a draft has no veto yet"));
    }
    if !r.areas.is_empty() {
        return Err(refuse("areas", "a draft has no area scores yet"));
    }
    Ok(())
}

/// The stored result of a submitted inspection must be what its answers give.
pub(super) fn scored(
    r: &InspectionRecord,
    templates: &[&Template],
    answers: &[Answer],
) -> Result<(), Refusal> {
    let submitted = r.submitted_at.as_deref().ok_or_else(|| {
        refuse(
            "submitted_at",
            "missing: a submitted inspection has the instant it was submitted",
        )
    })?;
    instant("submitted_at", submitted)?;
    // The bands give only the rating, checked below as far as it can be.
    let score = score_inspection(templates, answers, &RatingBands::default());
    if let Some((template, item)) = score.unanswered.first() {
        return Err(refuse(
            "results",
            format!(
                "item `{item}` of checklist `{template}` has no answer ({} unanswered); a submitted inspection answers every item",
                score.unanswered.len()
            ),
        ));
    }
    let given = |field: &str, value: Option<i64>, expected: Points| match value {
        Some(v) if v == expected.hundredths() => Ok(()),
        Some(v) => Err(refuse(
            field,
            format!(
                "the answers give {expected}, not {}",
                Points::from_hundredths(v)
            ),
        )),
        None => Err(refuse(
            field,
            format!("missing: the answers give {expected}"),
        )),
    };
    given("score", r.score, score.score)?;
    given("earned", r.earned, score.earned)?;
    given("possible", r.possible, score.possible)?;
    if r.veto != score.veto {
        return Err(refuse(
            "veto",
            if score.veto {
                "a veto item failed, so veto must be true"
            } else {
                "no veto item failed, so veto must be false"
            },
        ));
    }
    if r.areas.len() != score.areas.len() {
        return Err(refuse(
            "areas",
            format!(
                "{} area scores for {} checklists",
                r.areas.len(),
                score.areas.len()
            ),
        ));
    }
    for (k, (area, expected)) in r.areas.iter().zip(&score.areas).enumerate() {
        let at = |field: &str| format!("areas[{k}].{field}");
        if r.templates.get(k) != Some(&area.template_hash) || area.area != expected.area.code() {
            return Err(refuse(
                at("template_hash"),
                "not the checklist and area at this place of the inspection",
            ));
        }
        for (field, value, points) in [
            ("cap", area.cap, expected.cap),
            ("effective_cap", area.effective_cap, expected.effective_cap),
            ("deducted", area.deducted, expected.deducted),
            ("earned", area.earned, expected.earned),
        ] {
            given(&at(field), Some(value), points)?;
        }
        if area.veto != expected.veto {
            return Err(refuse(at("veto"), "differs from the answers"));
        }
    }
    let code = r
        .rating
        .as_deref()
        .ok_or_else(|| refuse("rating", "missing"))?;
    let rating = Rating::from_code(code)
        .ok_or_else(|| refuse("rating", format!("unknown rating `{code}`")))?;
    if !rating.attainable(score.score, score.veto) {
        return Err(refuse(
            "rating",
            if score.veto {
                format!("a veto item failed, so the rating must be fail, not {code}")
            } else {
                format!("no rating bands rate a score of {} as {code}", score.score)
            },
        ));
    }
    Ok(())
}
