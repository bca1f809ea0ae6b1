//! HallCheck (营业窗口巡查): daily service-window inspections for power-supply business halls.
//!
//! The library holds everything; the binary only parses arguments. Modules follow the layers,
//! lowest first: [`domain`] (pure rules), [`checklist`] (template files), [`store`] (SQLite),
//! [`report`] (figures for charts and exports), [`export`] (files in and out), [`sync`] (the
//! district server), then the edges
//! [`ui`] (the egui app), [`cli`] (the command line) and [`paths`] (platform folders). A lower
//! layer never imports a higher one (`tests/layers.rs`).

pub mod checklist;
pub mod cli;
pub mod domain;
pub mod export;
pub mod paths;
pub mod report;
pub mod store;
pub mod sync;
pub mod ui;
