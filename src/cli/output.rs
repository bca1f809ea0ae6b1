//! Lists printed as an aligned table, CSV (header row, UTF-8 with BOM) or JSON.

use std::io::Write;

use clap::ValueEnum;

/// How a list is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    /// Aligned columns for reading.
    #[default]
    Table,
    /// Comma-separated values with a header row; the first column is the id other commands take.
    Csv,
    /// A JSON array of objects.
    Json,
}

/// A list of rows with named columns.
pub struct Listing {
    /// Column keys (JSON keys and CSV headers).
    pub columns: Vec<String>,
    /// The cells, as text.
    pub rows: Vec<Vec<String>>,
}

/// Column keys from fixed names.
pub fn names(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

fn display_width(text: &str) -> usize {
    // CJK characters take two columns in a terminal.
    text.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

impl Listing {
    /// Writes the listing in the chosen format.
    pub fn write(&self, format: Format, out: &mut dyn Write) -> anyhow::Result<()> {
        match format {
            Format::Table => {
                let mut widths: Vec<usize> =
                    self.columns.iter().map(|c| display_width(c)).collect();
                for row in &self.rows {
                    for (w, cell) in widths.iter_mut().zip(row) {
                        *w = (*w).max(display_width(cell));
                    }
                }
                let line = |cells: Vec<&str>| {
                    let mut text = String::new();
                    for (n, (cell, w)) in cells.iter().zip(&widths).enumerate() {
                        if n > 0 {
                            text.push_str("  ");
                        }
                        text.push_str(cell);
                        if n + 1 < cells.len() {
                            text.push_str(&" ".repeat(w.saturating_sub(display_width(cell))));
                        }
                    }
                    text
                };
                writeln!(
                    out,
                    "{}",
                    line(self.columns.iter().map(String::as_str).collect())
                )?;
                for row in &self.rows {
                    writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
                }
            }
            Format::Csv => {
                out.write_all("\u{feff}".as_bytes())?;
                let mut writer = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    .from_writer(out);
                writer.write_record(&self.columns)?;
                for row in &self.rows {
                    writer.write_record(row)?;
                }
                writer.flush()?;
            }
            Format::Json => {
                let list: Vec<serde_json::Value> = self
                    .rows
                    .iter()
                    .map(|row| {
                        serde_json::Value::Object(
                            self.columns
                                .iter()
                                .zip(row)
                                .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone())))
                                .collect(),
                        )
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut *out, &list)?;
                writeln!(out)?;
            }
        }
        Ok(())
    }
}
