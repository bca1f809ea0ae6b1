//! Pure domain types and rules: areas, points, templates, answers, scoring, ratings, the
//! facts of an inspection (shift, kind, status, a photo to attach, the sign-off), the money a
//! hall's points cost (绩效), the rectification (整改) of what failed, and the amendments (更正)
//! that alone change a submitted inspection.
//!
//! Nothing here knows about SQL, files or egui.

mod amendment;
mod area;
mod inspection;
mod money;
mod points;
mod rating;
mod rectification;
pub mod scoring;
mod signature;
mod template;

pub use amendment::{
    Amendment, AmendmentError, AnswerChange, AnswerState, check_author_and_reason, original_answer,
};
pub use area::Area;
pub use inspection::{Attachment, COUNT_MAX, InspectionKind, NOTE_MAX_CHARS, Shift, Status};
pub use money::{FixedAmount, Money, MoneyParseError, MoneyRule, MoneyRuleError};
pub use points::{Points, PointsParseError};
pub use rating::{BandsError, Rating, RatingBands};
pub use rectification::{
    DEADLINE_DAYS_MAX, REPEAT_WINDOW_DAYS, RectificationAction, RectificationError,
    RectificationRule, RectificationScope, RectificationStatus, Timeliness, closed_on_time,
    is_due_today, is_overdue, is_repeat, on_time_rate,
};
pub use scoring::{Answer, AreaScore, InspectionScore, Outcome, score_inspection};
pub use signature::{
    PAD_ASPECT, PAD_MAX, POINTS_MAX, PadPoint, SIGNER_NAME_MAX_CHARS, STROKES_MAX, SignerNameError,
    SignerRole, Strokes, StrokesError, signer_name,
};
pub use template::{Item, NaRule, Template, Unit};
