//! PDF export with krilla: one report per inspection (hall, day, inspector, every area with its
//! items, deductions and notes, photos as thumbnails, score, rating, signature lines), then the
//! monthly 考核 sheets. A4 portrait; the bundled Noto Sans SC subset is embedded (krilla subsets
//! it again to the glyphs used).
//!
//! Layout is done here into a small display list per page (text, lines, boxes, images) and
//! drawn when the page is full, so the page borrow of krilla never crosses a function.

use std::path::{Path, PathBuf};

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use crate::domain::Outcome;
use crate::export::monthly::{self, MonthlyBuilder};
use crate::export::{ExportError, Job, PendingFile, Record, local_time_text};
use crate::report::{MonthlyRowKind, MonthlySheet};
use crate::store::joined_names;

use crate::export::CJK_FONT as FONT_BYTES;

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 42.0;
const RIGHT: f32 = PAGE_W - 42.0;
const TOP: f32 = 48.0;
const BOTTOM: f32 = PAGE_H - 52.0;
const BODY: f32 = 9.0;
const LINE: f32 = 12.5;
const THUMB_W: f32 = 110.0;
const THUMB_H: f32 = 80.0;

type Rgb = (u8, u8, u8);
const BLACK: Rgb = (0, 0, 0);
const GREY: Rgb = (110, 110, 110);
const RED: Rgb = (192, 0, 0);
const RULE: Rgb = (170, 170, 170);
const BAND: Rgb = (217, 225, 242);
const HEAD: Rgb = (242, 242, 242);

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
    Image {
        image: Image,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

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
        text.chars().map(|c| self.char_width(c, size)).sum()
    }

    /// Breaks text into lines no wider than `max` (any character may start a line; explicit
    /// newlines are kept).
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut width = 0.0;
            for c in paragraph.chars().filter(|c| !c.is_control()) {
                let w = self.char_width(c, size);
                if width + w > max && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    width = 0.0;
                }
                line.push(c);
                width += w;
            }
            lines.push(line);
        }
        lines
    }
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
}

fn rgb_of(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

impl Writer {
    fn new(target: &Path) -> Result<Writer, ExportError> {
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
                .title("HallCheck 营业窗口检查报告".into())
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
        })
    }

    /// Starts a new document part (a report or a monthly sheet) on a fresh page, with its own
    /// footer; the page before keeps the footer it had.
    fn begin(&mut self, footer: String) {
        self.flush();
        self.footer = footer;
        self.continued.clear();
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
        self.ops.push(Op::Text {
            x,
            y,
            size,
            color,
            text: text.to_owned(),
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
        let wrapped: Vec<Vec<String>> = columns
            .iter()
            .zip(cells)
            .map(|((_, w), (text, _))| self.metrics.wrap(text, size, w - 6.0))
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let line_h = size * 1.4;
        let height = lines as f32 * line_h + 5.0;
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

    fn signatures(&mut self) {
        self.ensure(60.0);
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

/// A thumbnail of a stored photo: decoded, shrunk to at most 360 px and re-encoded, so the
/// PDF stays small. `None` when the bytes are not a readable image.
fn thumbnail(bytes: &[u8]) -> Option<(Image, f32, f32)> {
    let decoded = image::load_from_memory(bytes).ok()?;
    let small = decoded.thumbnail(360, 360).to_rgb8();
    let (w, h) = (small.width(), small.height());
    if w == 0 || h == 0 {
        return None;
    }
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 75)
        .encode_image(&small)
        .ok()?;
    let image = Image::from_jpeg(jpeg.into(), true).ok()?;
    let scale = (THUMB_W / w as f32).min(THUMB_H / h as f32);
    Some((image, w as f32 * scale, h as f32 * scale))
}

/// Columns of the item table: 序号, 检查内容, 结果, 扣分, 扣分原因/备注.
fn item_columns() -> [(f32, f32); 5] {
    let widths = [26.0, 236.0, 44.0, 36.0];
    let mut x = LEFT;
    let mut out = [(0.0, 0.0); 5];
    for (n, w) in widths.into_iter().enumerate() {
        out[n] = (x, w);
        x += w;
    }
    out[4] = (x, RIGHT - x);
    out
}

fn report(
    w: &mut Writer,
    job_store: &crate::store::Store,
    record: &Record,
) -> Result<(), ExportError> {
    let h = &record.detail.header;
    w.begin(format!(
        "{} · {} · 检查编号 {}",
        h.hall_name, h.date, h.uuid
    ));
    w.title("营业窗口检查报告", 18.0);
    w.continued = format!(
        "{} {} {} 营业窗口检查报告（续）",
        h.hall_name,
        h.date.format("%Y-%m-%d"),
        h.inspector
    );
    let half = (RIGHT - LEFT) / 2.0;
    let info = [
        (
            format!("营业厅：{}({})", h.hall_name, record.hall_code),
            format!("日期：{} {}", h.date.format("%Y-%m-%d"), h.shift.name_zh()),
        ),
        (
            format!("检查人：{}", h.inspector),
            format!("状态：{}", h.status.name_zh()),
        ),
        (
            format!(
                "开始时间：{}",
                local_time_text(&h.started_at, h.utc_offset_min)
            ),
            format!(
                "提交时间：{}",
                h.submitted_at
                    .as_deref()
                    .map(|t| local_time_text(t, h.utc_offset_min))
                    .unwrap_or_else(|| "未提交".into())
            ),
        ),
    ];
    for (a, b) in info {
        w.ensure(LINE + 2.0);
        let y = w.y + 10.0;
        w.text_at(LEFT, y, 10.0, BLACK, &a);
        w.text_at(LEFT + half, y, 10.0, BLACK, &b);
        w.y += LINE + 2.0;
    }
    // Score box.
    w.y += 4.0;
    w.fill(LEFT, w.y, RIGHT - LEFT, 26.0, BAND);
    let score_text = format!(
        "总分：{}    评级：{}{}",
        record.total(),
        record.rating_zh(),
        if h.status == crate::domain::Status::Draft {
            "（草稿，实时得分）"
        } else {
            ""
        }
    );
    w.text_at(LEFT + 8.0, w.y + 17.5, 13.0, BLACK, &score_text);
    if record.score.veto {
        let x = LEFT + 16.0 + w.metrics.width(&score_text, 13.0);
        w.text_at(x, w.y + 17.5, 13.0, RED, "一票否决");
    }
    w.y += 34.0;
    let columns = item_columns();
    let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    for (n, ((row, template), area)) in record
        .detail
        .templates
        .iter()
        .zip(&record.score.areas)
        .enumerate()
    {
        let numeral = numerals
            .get(n)
            .map(|s| s.to_string())
            .unwrap_or_else(|| (n + 1).to_string());
        w.ensure(22.0 + 18.0 + 20.0);
        w.y += 6.0;
        w.fill(LEFT, w.y, RIGHT - LEFT, 18.0, BAND);
        let heading = format!("{numeral}、{}({})", template.area.name_zh(), template.name);
        w.text_at(LEFT + 4.0, w.y + 12.8, 10.5, BLACK, &heading);
        let figures = format!(
            "分值 {}   得分 {}   扣分 {}",
            area.effective_cap,
            area.earned,
            area.lost()
        );
        let fw = w.metrics.width(&figures, 9.5);
        w.text_at(RIGHT - 4.0 - fw, w.y + 12.5, 9.5, BLACK, &figures);
        w.y += 18.0;
        let header: Vec<(String, Rgb)> = ["序号", "检查内容", "结果", "扣分", "扣分原因/备注"]
            .iter()
            .map(|s| (s.to_string(), GREY))
            .collect();
        w.row(&columns, &header, 8.5, Some(HEAD));
        for (k, item) in template.items.iter().enumerate() {
            let result = record.detail.result(*row, &item.id);
            let (outcome, color) = match result.map(|r| r.outcome) {
                Some(Outcome::Fail) => ("不合格", RED),
                Some(Outcome::Pass) => ("合格", BLACK),
                Some(Outcome::NotApplicable) => ("不适用", GREY),
                None => ("未答", GREY),
            };
            let mut remark = String::new();
            if let Some(r) = result {
                if r.outcome == Outcome::Fail {
                    remark.push_str(&format!("{}{}", r.count.max(1), item.unit.counter_zh()));
                    if !r.staff.is_empty() {
                        remark.push_str(&format!(" · {}", joined_names(&r.staff)));
                    }
                }
                if !r.note.is_empty() {
                    if !remark.is_empty() {
                        remark.push(':');
                    }
                    remark.push_str(&r.note);
                }
            }
            let deduction = result
                .filter(|r| r.outcome == Outcome::Fail)
                .map(|r| format!("-{}", r.deduction))
                .unwrap_or_default();
            let text = if item.veto {
                format!("{}【否决项】", item.text)
            } else {
                item.text.clone()
            };
            w.row(
                &columns,
                &[
                    ((k + 1).to_string(), BLACK),
                    (text, BLACK),
                    (outcome.to_string(), color),
                    (deduction, RED),
                    (remark, BLACK),
                ],
                BODY,
                None,
            );
            let photos: Vec<_> = record
                .detail
                .attachments
                .iter()
                .filter(|a| a.template_row == *row && a.item_id == item.id)
                .collect();
            if !photos.is_empty() {
                let mut x = columns[1].0 + 3.0;
                w.ensure(THUMB_H + 18.0);
                let top = w.y + 4.0;
                for photo in photos {
                    if x + THUMB_W > RIGHT {
                        w.y = top + THUMB_H + 14.0;
                        w.ensure(THUMB_H + 18.0);
                        x = columns[1].0 + 3.0;
                    }
                    let top = w.y + 4.0;
                    let bytes = job_store.attachment_bytes(photo.id)?;
                    match thumbnail(&bytes) {
                        Some((image, iw, ih)) => w.ops.push(Op::Image {
                            image,
                            x,
                            y: top,
                            w: iw,
                            h: ih,
                        }),
                        None => w.text_at(x, top + 12.0, 8.0, GREY, "[照片无法显示]"),
                    }
                    w.text_at(x, top + THUMB_H + 9.0, 7.0, GREY, &photo.file_name);
                    x += THUMB_W + 8.0;
                }
                w.y += THUMB_H + 16.0;
                w.hline(w.y, 0.3, RULE);
            }
        }
    }
    if !record.note.trim().is_empty() {
        w.y += 6.0;
        w.paragraph(&format!("备注：{}", record.note), 10.0, BLACK);
    }
    w.signatures();
    Ok(())
}

fn monthly_page(w: &mut Writer, sheet: &MonthlySheet) {
    let title = monthly::title(sheet);
    w.begin(title.clone());
    w.title(&title, 16.0);
    w.paragraph(&monthly::info_line(sheet), 10.0, BLACK);
    w.y += 6.0;
    let widths = [30.0, 120.0, 34.0, 34.0, 34.0];
    let columns = table_columns(&widths);
    w.hline(w.y, 0.6, BLACK);
    let header: Vec<(String, Rgb)> = ["序号", "考核内容", "分值", "得分", "累计扣分", "扣分原因"]
        .iter()
        .map(|s| (s.to_string(), BLACK))
        .collect();
    w.row(&columns, &header, 10.0, Some(HEAD));
    for line in &sheet.rows {
        let area = matches!(line.kind, MonthlyRowKind::Area(_));
        w.row(
            &columns,
            &[
                (line.no.clone(), BLACK),
                (line.content.clone(), BLACK),
                (line.points.to_string(), BLACK),
                (line.score.map(|s| s.to_string()).unwrap_or_default(), BLACK),
                (line.deducted.to_string(), BLACK),
                (
                    if line.reasons.is_empty() && area {
                        "无".into()
                    } else {
                        line.reasons.clone()
                    },
                    BLACK,
                ),
            ],
            9.0,
            area.then_some(HEAD),
        );
    }
    w.row(
        &columns,
        &[
            (String::new(), BLACK),
            ("合计".into(), BLACK),
            (sheet.total_points().to_string(), BLACK),
            (sheet.total_score().to_string(), BLACK),
            (sheet.total_deducted().to_string(), BLACK),
            (String::new(), BLACK),
        ],
        10.0,
        Some(HEAD),
    );
    w.hline(w.y, 0.6, BLACK);
    if !sheet.staff.is_empty() {
        w.y += 10.0;
        w.paragraph("人员扣分（人次）", 11.0, BLACK);
        w.y += 4.0;
        let columns = table_columns(&[30.0, 80.0, 40.0, 40.0]);
        w.hline(w.y, 0.6, BLACK);
        let header: Vec<(String, Rgb)> = ["序号", "姓名", "人次", "扣分", "事项"]
            .iter()
            .map(|s| (s.to_string(), BLACK))
            .collect();
        w.row(&columns, &header, 10.0, Some(HEAD));
        for (n, person) in sheet.staff.iter().enumerate() {
            w.row(
                &columns,
                &[
                    ((n + 1).to_string(), BLACK),
                    (person.name.clone(), BLACK),
                    (person.person_times.to_string(), BLACK),
                    (person.points.to_string(), BLACK),
                    (person.items.clone(), BLACK),
                ],
                9.0,
                None,
            );
        }
        w.hline(w.y, 0.6, BLACK);
    }
    w.signatures();
}

/// Column positions for the given widths, the last column taking the rest of the line.
fn table_columns<const N: usize>(widths: &[f32; N]) -> Vec<(f32, f32)> {
    let mut columns = Vec::with_capacity(N + 1);
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
    let mut writer = Writer::new(target)?;
    let mut monthly = MonthlyBuilder::default();
    let store = job.store;
    job.for_each_record(|record| {
        monthly.add(record);
        report(&mut writer, store, record)
    })?;
    for sheet in monthly.finish(store, job.days)? {
        job.check_cancel()?;
        monthly_page(&mut writer, &sheet);
    }
    job.check_cancel()?;
    let bytes = writer.finish(target)?;
    std::fs::write(pending.temp(), bytes).map_err(|e| ExportError::io(target, e))?;
    Ok(vec![pending.commit()?])
}
