//! The one home of the integration tests' shared helpers. A test file takes them with
//! `mod support;` and `use support::<module>::…`.

// Every test file is a crate of its own that compiles all of this and uses only part of it.
#[allow(dead_code)]
pub mod ui;
