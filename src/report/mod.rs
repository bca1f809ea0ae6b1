//! Figures for charts, the CLI and exports: trends, rankings, Pareto and the monthly sheet.
