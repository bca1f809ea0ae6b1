//! Pure domain types and rules: areas, points, templates, answers, scoring and ratings.
//!
//! Nothing here knows about SQL, files or egui.

mod area;
mod points;
mod rating;
pub mod scoring;
mod template;

pub use area::Area;
pub use points::{Points, PointsParseError};
pub use rating::{Rating, RatingBands};
pub use scoring::{Answer, AreaScore, InspectionScore, Outcome, score_inspection};
pub use template::{Item, NaRule, Template, Unit};
