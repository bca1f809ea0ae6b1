//! Amendments (更正): the only way a submitted inspection changes. Each records who changed
//! it, when and why, and every answer it changed as it was and as it became, so the original
//! stays readable and the scores that follow use the amended answers.

use serde::{Deserialize, Serialize};

use crate::domain::{NOTE_MAX_CHARS, Outcome, Points, Rating};

/// One answer as an amendment records it, before or after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerState {
    /// What was found.
    pub outcome: Outcome,
    /// Occurrences.
    pub count: u32,
    /// The points per occurrence picked for a ranged item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<Points>,
    /// The reason or remark.
    #[serde(default)]
    pub note: String,
    /// The people named (当事人), by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub staff: Vec<String>,
}

/// One answer an amendment changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerChange {
    /// The checklist.
    pub template_id: String,
    /// The item.
    pub item_id: String,
    /// As it was.
    pub before: AnswerState,
    /// As it became.
    pub after: AnswerState,
}

/// A change to a submitted inspection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amendment {
    /// Stable id.
    pub uuid: String,
    /// 1 for an inspection's first amendment, and so on.
    pub seq: u32,
    /// When, in UTC (RFC 3339).
    pub at: String,
    /// The local offset it was made at, in minutes east of UTC.
    pub utc_offset_min: i32,
    /// Who changed it.
    pub by: String,
    /// Why.
    pub reason: String,
    /// The answers changed.
    pub changes: Vec<AnswerChange>,
    /// The score before and after.
    pub score: (Points, Points),
    /// The rating before and after.
    pub rating: (Rating, Rating),
}

/// Why an amendment cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmendmentError {
    /// Nobody named.
    #[error("an amendment names who makes it")]
    NoAuthor,
    /// No reason given.
    #[error("an amendment gives its reason")]
    NoReason,
    /// A text over the limit.
    #[error("the {0} of an amendment is longer than {NOTE_MAX_CHARS} characters")]
    TooLong(&'static str),
    /// Every answer given is as it was.
    #[error("the amendment changes no answer")]
    NothingChanged,
}

/// Checks who and why of an amendment, trimmed: both given, neither too long.
pub fn check_author_and_reason(by: &str, reason: &str) -> Result<(), AmendmentError> {
    if by.trim().is_empty() {
        return Err(AmendmentError::NoAuthor);
    }
    if reason.trim().is_empty() {
        return Err(AmendmentError::NoReason);
    }
    if by.trim().chars().count() > NOTE_MAX_CHARS {
        return Err(AmendmentError::TooLong("name"));
    }
    if reason.trim().chars().count() > NOTE_MAX_CHARS {
        return Err(AmendmentError::TooLong("reason"));
    }
    Ok(())
}

/// The answer an inspection was submitted with, for an item the amendments changed: the
/// `before` of the first amendment (in order) that changed it; `None` when none did.
pub fn original_answer<'a>(
    amendments: &'a [Amendment],
    template_id: &str,
    item_id: &str,
) -> Option<&'a AnswerState> {
    amendments
        .iter()
        .flat_map(|a| &a.changes)
        .find(|c| c.template_id == template_id && c.item_id == item_id)
        .map(|c| &c.before)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(outcome: Outcome, note: &str) -> AnswerState {
        AnswerState {
            outcome,
            count: 1,
            rate: None,
            note: note.into(),
            staff: Vec::new(),
        }
    }

    #[test]
    fn author_and_reason_are_required() {
        assert_eq!(
            check_author_and_reason(" ", "录入错误"),
            Err(AmendmentError::NoAuthor)
        );
        assert_eq!(
            check_author_and_reason("王主任", "  "),
            Err(AmendmentError::NoReason)
        );
        assert_eq!(
            check_author_and_reason("王主任", &"长".repeat(NOTE_MAX_CHARS + 1)),
            Err(AmendmentError::TooLong("reason"))
        );
        assert_eq!(check_author_and_reason("王主任", "录入错误"), Ok(()));
    }

    #[test]
    fn the_original_answer_is_the_first_before() {
        let change = |before, after| AnswerChange {
            template_id: "hygiene".into(),
            item_id: "floor".into(),
            before,
            after,
        };
        let amendment = |seq, changes| Amendment {
            uuid: format!("a{seq}"),
            seq,
            at: String::new(),
            utc_offset_min: 480,
            by: "王主任".into(),
            reason: "更正".into(),
            changes,
            score: (Points::ZERO, Points::ZERO),
            rating: (Rating::Fail, Rating::Fail),
        };
        let first = state(Outcome::Fail, "地面有纸屑");
        let second = state(Outcome::Pass, "");
        let third = state(Outcome::NotApplicable, "");
        let list = [
            amendment(1, vec![change(first.clone(), second.clone())]),
            amendment(2, vec![change(second, third)]),
        ];
        assert_eq!(original_answer(&list, "hygiene", "floor"), Some(&first));
        assert_eq!(original_answer(&list, "hygiene", "walls"), None);
    }
}
