//! One module per screen, all eleven. Each has a `ui` function that draws from the screen's own
//! state and its loaded data and returns an optional [`crate::ui::Command`].

pub mod checklists;
pub mod data;
pub mod halls;
pub mod history;
pub mod inspect;
pub mod monthly;
pub mod ranking;
pub mod rectifications;
pub mod settings;
pub mod today;
pub mod trends;
