//! Exports (CSV, Excel, PDF, JSON), JSON import/merge.
