//! One module per screen. Each has a `ui` function that draws from loaded data and returns an
//! optional [`crate::ui::Command`].

pub mod checklists;
pub mod data;
pub mod halls;
pub mod history;
pub mod inspect;
pub mod settings;
pub mod today;
