//! PDF export with krilla: one report per inspection ([`report`]), then the monthly 考核 sheets
//! ([`monthly`]); and the blank checklist to print for a walk without the PC ([`blank`]). A4
//! portrait; the bundled Noto Sans CJK SC is embedded (krilla subsets it to the glyphs used).
//!
//! Layout is done here into a small display list per page (text, lines, boxes, images) and
//! drawn when the page is full, so the page borrow of krilla never crosses a function.

use std::path::{Path, PathBuf};

mod blank;
mod monthly;
mod report;

pub use blank::blank_sheet;

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, LineCap, LineJoin, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use crate::export::monthly::MonthlyBuilder;
use crate::export::{ExportError, Job, PendingFile};

use crate::export::CJK_FONT as FONT_BYTES;

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 42.0;
const RIGHT: f32 = PAGE_W - 42.0;
const TOP: f32 = 48.0;
const BOTTOM: f32 = PAGE_H - 52.0;
const BODY: f32 = 9.0;
const LINE: f32 = 12.5;

type Rgb = (u8, u8, u8);
const BLACK: Rgb = (0, 0, 0);
const GREY: Rgb = (110, 110, 110);
const RED: Rgb = (192, 0, 0);
const RULE: Rgb = (170, 170, 170);
const BAND: Rgb = (217, 225, 242);
const HEAD: Rgb = (242, 242, 242);
/// The room the signature lines take.
const SIGNATURES_HEIGHT: f32 = 60.0;

enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        color: Rgb,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb,
    },
    Fill {
        rect: Rect,
        color: Rgb,
    },
    /// A stroke through points, with round ends and joins (a drawn signature); one point is
    /// a dot.
    Polyline {
        points: Vec<(f32, f32)>,
        width: f32,
        color: Rgb,
    },
    Image {
        image: Image,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// Punctuation that never starts a line.
const CLOSING: &str = "，。、；：！？）】》」』”’,.;:!?)]";

/// Text widths from the font's advances.
struct Metrics {
    face: Option<ttf_parser::Face<'static>>,
}

impl Metrics {
    fn new() -> Metrics {
        Metrics {
            face: ttf_parser::Face::parse(FONT_BYTES, 0).ok(),
        }
    }

    /// The text as the bundled font can print it: a character it has no glyph for is drawn
    /// as its stand-in where there is one (the minus sign − as -, a dash as -, ✔ as ✓), so a
    /// deduction never prints as an empty box.
    fn printable<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        let Some(face) = &self.face else {
            return text.into();
        };
        if text.chars().all(|c| face.glyph_index(c).is_some()) {
            return text.into();
        }
        text.chars()
            .map(|c| match c {
                _ if face.glyph_index(c).is_some() => c,
                '\u{2212}' | '\u{2013}' | '\u{2012}' => '-',
                '\u{2714}' => '\u{2713}',
                '\u{2717}' | '\u{2718}' => '\u{00d7}',
                _ => c,
            })
            .collect::<String>()
            .into()
    }

    fn char_width(&self, c: char, size: f32) -> f32 {
        let em = self
            .face
            .as_ref()
            .and_then(|f| {
                let advance = f.glyph_hor_advance(f.glyph_index(c)?)?;
                Some(f32::from(advance) / f32::from(f.units_per_em()))
            })
            .unwrap_or(if c.is_ascii() { 0.55 } else { 1.0 });
        em * size
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        self.printable(text)
            .chars()
            .map(|c| self.char_width(c, size))
            .sum()
    }

    /// Breaks text into lines no wider than `max` (explicit newlines are kept). Any character
    /// may start a line but closing punctuation, and a number or Latin word is not split:
    /// the character before the punctuation, or the start of the word, goes down with it
    /// (when the line keeps something).
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut width = 0.0;
            for c in paragraph.chars().filter(|c| !c.is_control()) {
                let w = self.char_width(c, size);
                if width + w > max && !line.is_empty() {
                    let closing = CLOSING.contains(c);
                    let carry = if closing {
                        1
                    } else if in_word(c) {
                        line.chars().rev().take_while(|&b| in_word(b)).count()
                    } else {
                        0
                    };
                    let kept = line.chars().count();
                    if carry < kept {
                        let at = line
                            .char_indices()
                            .nth(kept - carry)
                            .map_or(line.len(), |(i, _)| i);
                        let carried = line.split_off(at);
                        lines.push(std::mem::take(&mut line));
                        width = self.width(&carried, size);
                        line = carried;
                    } else if !closing {
                        // A word as long as the line: broken where it must be.
                        lines.push(std::mem::take(&mut line));
                        width = 0.0;
                    }
                }
                line.push(c);
                width += w;
            }
            lines.push(line);
        }
        lines
    }
}

/// A character of a number or Latin word, which a line break does not split.
fn in_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.'
}

/// Pages in progress.
struct Writer {
    doc: Document,
    font: Font,
    metrics: Metrics,
    ops: Vec<Op>,
    y: f32,
    page_no: u32,
    footer: String,
    started: bool,
    page_size: Size,
    /// Shown at the top of a part's following pages.
    continued: String,
    /// The header of the table being drawn, repeated at the top of the following pages.
    table_header: Option<TableHeader>,
}

/// A table's header row: columns as (x, width), cells and text size.
#[derive(Clone)]
struct TableHeader {
    columns: Vec<(f32, f32)>,
    cells: Vec<(String, Rgb)>,
    size: f32,
}

fn rgb_of(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

impl Writer {
    /// A new document titled `title` (its metadata) to be written at `target`.
    fn new(target: &Path, title: &str) -> Result<Writer, ExportError> {
        let font = Font::new(FONT_BYTES.into(), 0).ok_or_else(|| ExportError::Pdf {
            path: target.to_path_buf(),
            detail: "the bundled font cannot be read".into(),
        })?;
        let page_size = Size::from_wh(PAGE_W, PAGE_H).ok_or_else(|| ExportError::Pdf {
            path: target.to_path_buf(),
            detail: "bad page size".into(),
        })?;
        let mut doc = Document::new();
        doc.set_metadata(
            Metadata::new()
                .title(title.to_owned())
                .creator(format!("HallCheck {}", env!("CARGO_PKG_VERSION")))
                .language("zh-CN".into()),
        );
        Ok(Writer {
            doc,
            font,
            metrics: Metrics::new(),
            ops: Vec::new(),
            y: TOP,
            page_no: 0,
            footer: String::new(),
            started: false,
            page_size,
            continued: String::new(),
            table_header: None,
        })
    }

    /// Starts a new document part (a report or a monthly sheet) on a fresh page, with its own
    /// footer; the page before keeps the footer it had.
    fn begin(&mut self, footer: String) {
        self.flush();
        self.footer = footer;
        self.continued.clear();
        self.table_header = None;
        self.new_page();
    }

    /// Draws the collected page and starts a fresh one.
    fn new_page(&mut self) {
        self.flush();
        self.page_no += 1;
        self.started = true;
        self.y = TOP;
        if !self.continued.is_empty() {
            let text = self.continued.clone();
            self.text_at(LEFT, self.y + 8.0, 8.0, GREY, &text);
            self.y += 16.0;
        }
        if let Some(header) = self.table_header.clone() {
            self.hline(self.y, 0.6, BLACK);
            self.row(&header.columns, &header.cells, header.size, Some(HEAD));
        }
    }

    /// Draws a table's header row, ruled above, and repeats it at the top of each following
    /// page until [`Writer::end_table`].
    fn table_header(&mut self, columns: &[(f32, f32)], titles: &[&str], size: f32) {
        let header = TableHeader {
            columns: columns.to_vec(),
            cells: titles.iter().map(|t| ((*t).to_owned(), BLACK)).collect(),
            size,
        };
        // The header and a line of the table below it stay together.
        self.ensure(size * 2.8 * 2.0 + 10.0);
        self.hline(self.y, 0.6, BLACK);
        self.row(&header.columns, &header.cells, size, Some(HEAD));
        self.table_header = Some(header);
    }

    /// Ends the table: its last rule, and no header on the following pages.
    fn end_table(&mut self) {
        self.hline(self.y, 0.6, BLACK);
        self.table_header = None;
    }

    fn flush(&mut self) {
        if !self.started {
            return;
        }
        let footer_y = PAGE_H - 28.0;
        let footer = std::mem::take(&mut self.footer);
        let number = format!("第 {} 页", self.page_no);
        let number_w = self.metrics.width(&number, 8.0);
        self.ops.push(Op::Line {
            x1: LEFT,
            y1: footer_y - 10.0,
            x2: RIGHT,
            y2: footer_y - 10.0,
            width: 0.4,
            color: RULE,
        });
        self.text_at(LEFT, footer_y, 8.0, GREY, &footer);
        self.text_at(RIGHT - number_w, footer_y, 8.0, GREY, &number);
        self.footer = footer;
        let ops = std::mem::take(&mut self.ops);
        let settings = PageSettings::new(self.page_size);
        let mut page = self.doc.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            draw(&mut surface, &self.font, op);
        }
        surface.finish();
        page.finish();
        self.started = false;
    }

    fn finish(mut self, target: &Path) -> Result<Vec<u8>, ExportError> {
        self.flush();
        self.doc.finish().map_err(|e| ExportError::Pdf {
            path: target.to_path_buf(),
            detail: format!("{e:?}"),
        })
    }

    /// Starts a new page unless `height` still fits on this one.
    fn ensure(&mut self, height: f32) {
        if !self.started || self.y + height > BOTTOM {
            self.new_page();
        }
    }

    fn text_at(&mut self, x: f32, y: f32, size: f32, color: Rgb, text: &str) {
        if text.is_empty() {
            return;
        }
        let text = self.metrics.printable(text).into_owned();
        self.ops.push(Op::Text {
            x,
            y,
            size,
            color,
            text,
        });
    }

    fn hline(&mut self, y: f32, width: f32, color: Rgb) {
        self.ops.push(Op::Line {
            x1: LEFT,
            y1: y,
            x2: RIGHT,
            y2: y,
            width,
            color,
        });
    }

    fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        if let Some(rect) = Rect::from_xywh(x, y, w, h) {
            self.ops.push(Op::Fill { rect, color });
        }
    }

    /// A centred heading line.
    fn title(&mut self, text: &str, size: f32) {
        self.ensure(size * 1.8);
        let w = self.metrics.width(text, size);
        let y = self.y + size;
        self.text_at((PAGE_W - w) / 2.0, y, size, BLACK, text);
        self.y += size * 1.8;
    }

    /// A paragraph wrapped to the text width.
    fn paragraph(&mut self, text: &str, size: f32, color: Rgb) {
        let lines = self.metrics.wrap(text, size, RIGHT - LEFT);
        for line in lines {
            self.ensure(size * 1.45);
            let y = self.y + size;
            self.text_at(LEFT, y, size, color, &line);
            self.y += size * 1.45;
        }
    }

    /// A table row: cells wrapped in their columns, a rule below. `columns` are (x, width).
    fn row(
        &mut self,
        columns: &[(f32, f32)],
        cells: &[(String, Rgb)],
        size: f32,
        band: Option<Rgb>,
    ) {
        self.row_at_least(columns, cells, size, band, 0.0);
    }

    /// A table row that starts a new page unless `after` more points fit below it: the last
    /// row of a table stays with what follows (the signatures).
    fn row_keeping(
        &mut self,
        columns: &[(f32, f32)],
        cells: &[(String, Rgb)],
        size: f32,
        band: Option<Rgb>,
        after: f32,
    ) {
        let height = self.row_height(columns, cells, size);
        self.ensure(height + after);
        self.row(columns, cells, size, band);
    }

    /// The height of a table row.
    fn row_height(&self, columns: &[(f32, f32)], cells: &[(String, Rgb)], size: f32) -> f32 {
        let lines = columns
            .iter()
            .zip(cells)
            .map(|((_, w), (text, _))| self.metrics.wrap(text, size, w - 6.0).len())
            .max()
            .unwrap_or(1)
            .max(1);
        lines as f32 * size * 1.4 + 5.0
    }

    /// A table row at least `min_height` high (room to write in by hand).
    fn row_at_least(
        &mut self,
        columns: &[(f32, f32)],
        cells: &[(String, Rgb)],
        size: f32,
        band: Option<Rgb>,
        min_height: f32,
    ) {
        let wrapped: Vec<Vec<String>> = columns
            .iter()
            .zip(cells)
            .map(|((_, w), (text, _))| self.metrics.wrap(text, size, w - 6.0))
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let line_h = size * 1.4;
        let height = (lines as f32 * line_h + 5.0).max(min_height);
        self.ensure(height);
        if let Some(color) = band {
            self.fill(LEFT, self.y, RIGHT - LEFT, height, color);
        }
        for (((x, _), (_, color)), cell_lines) in columns.iter().zip(cells).zip(&wrapped) {
            for (n, line) in cell_lines.iter().enumerate() {
                let y = self.y + 2.5 + size + n as f32 * line_h;
                self.text_at(x + 3.0, y, size, *color, line);
            }
        }
        self.y += height;
        self.hline(self.y, 0.3, RULE);
    }

    /// The height of a paragraph.
    fn paragraph_height(&self, text: &str, size: f32) -> f32 {
        self.metrics.wrap(text, size, RIGHT - LEFT).len() as f32 * size * 1.45
    }

    /// Signature lines for the inspector, the hall manager and the date.
    fn signatures(&mut self) {
        self.ensure(SIGNATURES_HEIGHT);
        self.y += 24.0;
        let y = self.y;
        let third = (RIGHT - LEFT) / 3.0;
        for (n, label) in ["检查人签字：", "营业厅负责人签字：", "日期："]
            .iter()
            .enumerate()
        {
            let x = LEFT + third * n as f32;
            self.text_at(x, y, 10.0, BLACK, label);
            let w = self.metrics.width(label, 10.0);
            self.ops.push(Op::Line {
                x1: x + w,
                y1: y + 2.0,
                x2: x + third - 12.0,
                y2: y + 2.0,
                width: 0.5,
                color: BLACK,
            });
        }
        self.y += 16.0;
    }
}

fn draw(surface: &mut Surface, font: &Font, op: Op) {
    match op {
        Op::Text {
            x,
            y,
            size,
            color,
            text,
        } => {
            surface.set_fill(Some(Fill {
                paint: rgb_of(color).into(),
                ..Fill::default()
            }));
            surface.set_stroke(None);
            surface.draw_text(
                Point::from_xy(x, y),
                font.clone(),
                size,
                &text,
                false,
                TextDirection::Auto,
            );
        }
        Op::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            color,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(x1, y1);
            pb.line_to(x2, y2);
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: rgb_of(color).into(),
                    width,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
        }
        Op::Polyline {
            points,
            width,
            color,
        } => {
            let mut pb = PathBuilder::new();
            if let Some(&(x, y)) = points.first() {
                pb.move_to(x, y);
                if points.len() == 1 {
                    // A dot: a zero-length segment, drawn round by its caps.
                    pb.line_to(x + 0.01, y);
                }
                for &(x, y) in &points[1..] {
                    pb.line_to(x, y);
                }
            }
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: rgb_of(color).into(),
                    width,
                    line_cap: LineCap::Round,
                    line_join: LineJoin::Round,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
        }
        Op::Fill { rect, color } => {
            let mut pb = PathBuilder::new();
            pb.push_rect(rect);
            if let Some(path) = pb.finish() {
                surface.set_stroke(None);
                surface.set_fill(Some(Fill {
                    paint: rgb_of(color).into(),
                    ..Fill::default()
                }));
                surface.draw_path(&path);
            }
        }
        Op::Image { image, x, y, w, h } => {
            if let Some(size) = Size::from_wh(w, h) {
                surface.push_transform(&Transform::from_translate(x, y));
                surface.draw_image(image, size);
                surface.pop();
            }
        }
    }
}

/// Column positions for the given widths, the last column taking the rest of the line.
fn table_columns(widths: &[f32]) -> Vec<(f32, f32)> {
    let mut columns = Vec::with_capacity(widths.len() + 1);
    let mut x = LEFT;
    for width in widths {
        columns.push((x, *width));
        x += width;
    }
    columns.push((x, RIGHT - x));
    columns
}

pub(crate) fn write(job: &mut Job, target: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let pending = PendingFile::new(target);
    let mut writer = Writer::new(target, "HallCheck 营业窗口检查报告")?;
    let mut monthly = MonthlyBuilder::default();
    let store = job.store;
    let today = job.today;
    job.for_each_record(|record| {
        monthly.add(record);
        report::report(&mut writer, store, record, today)
    })?;
    for sheet in monthly.finish(store, job.days, job.today)? {
        job.check_cancel()?;
        monthly::monthly_page(&mut writer, &sheet);
    }
    job.check_cancel()?;
    let bytes = writer.finish(target)?;
    std::fs::write(pending.temp(), bytes).map_err(|e| ExportError::io(target, e))?;
    Ok(vec![pending.commit()?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_punctuation_stays_on_its_line() {
        let metrics = Metrics::new();
        let size = 10.0;
        let width = metrics.width("设备开机自检", size);
        // Six characters fit; the brackets that follow take the sixth down with them.
        let lines = metrics.wrap("设备开机自检）。下一行", size, width + 0.1);
        assert_eq!(lines, ["设备开机自", "检）。下一行"]);
        let lines = metrics.wrap("设备开机自检下一行", size, width + 0.1);
        assert_eq!(lines, ["设备开机自检", "下一行"]);
    }

    #[test]
    fn every_character_printed_has_a_glyph() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::new(&dir.path().join("t.pdf"), "t").unwrap();
        w.text_at(LEFT, 100.0, 10.0, BLACK, "不符合 −0.5 ✔ 加分 +2");
        let face = Metrics::new().face.unwrap();
        for op in &w.ops {
            if let Op::Text { text, .. } = op {
                let missing: Vec<char> = text
                    .chars()
                    .filter(|c| face.glyph_index(*c).is_none())
                    .collect();
                assert!(missing.is_empty(), "no glyph for {missing:?} in `{text}`");
                assert!(text.contains("-0.5"), "{text}");
            }
        }
    }

    #[test]
    fn numbers_are_not_split() {
        let metrics = Metrics::new();
        let size = 10.0;
        let width = metrics.width("扣分：1", size);
        // "11月" would break after its first digit: the number goes down whole.
        let lines = metrics.wrap("扣分：11月", size, width + 0.1);
        assert_eq!(lines, ["扣分：", "11月"]);
        // A number longer than the line is broken where it must be.
        let lines = metrics.wrap("12345", size, metrics.width("12", size) + 0.1);
        assert_eq!(lines, ["12", "34", "5"]);
    }
}
