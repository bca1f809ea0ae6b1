//! One inspection's report: hall, day, inspector, the score, every area with its items,
//! answers, deductions and notes, photos as thumbnails, the rectifications it opened (整改情况:
//! owner, deadline, state and each move briefly), and the signature lines with the hall
//! manager's sign-off (name, drawn signature, time) once given.

use krilla::image::Image;

use chrono::NaiveDate;

use crate::domain::{Outcome, PAD_ASPECT, SignerRole, Strokes};
use crate::export::{ExportError, Record, local_time, local_time_text};
use crate::report::rectifications::{self as rectify, is_late};
use crate::store::{
    InspectionHeader, RectificationEvent, RectificationFilter, SignOff, joined_names,
};

use super::{BAND, BLACK, BODY, GREY, HEAD, LEFT, LINE, Op, RED, RIGHT, RULE, Rgb, Writer};

/// The size of a photo's thumbnail on the page.
const THUMB_W: f32 = 110.0;
const THUMB_H: f32 = 80.0;

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

pub(super) fn report(
    w: &mut Writer,
    job_store: &crate::store::Store,
    record: &Record,
    today: NaiveDate,
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
            format!("营业厅：{}（{}）", h.hall_name, record.hall_code),
            format!("日期：{} {}", h.date.format("%Y-%m-%d"), h.shift.name_zh()),
        ),
        (
            format!("检查人：{}", h.inspector),
            format!(
                "检查类型：{}　状态：{}{}",
                h.kind.name_zh(),
                h.status.name_zh(),
                if h.amendments > 0 {
                    format!("（已修改{}次）", h.amendments)
                } else {
                    String::new()
                }
            ),
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
    let score_text = if record.score.bonus > crate::domain::Points::ZERO {
        format!("{score_text}    含加分 {}", record.score.bonus)
    } else {
        score_text
    };
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
        // The area, and the checklist's own name where it differs: "一、班前会", "二、环境卫生（窗口）".
        let area_name = template.area.name_zh();
        let heading = if template.name == area_name {
            format!("{numeral}、{area_name}")
        } else {
            format!("{numeral}、{area_name}（{}）", template.name)
        };
        w.text_at(LEFT + 4.0, w.y + 12.8, 10.5, BLACK, &heading);
        let mut figures = format!(
            "分值 {}   得分 {}   扣分 {}",
            area.effective_cap,
            area.earned,
            area.lost()
        );
        if template.bonus_room() > crate::domain::Points::ZERO {
            figures.push_str(&format!("   加分 {}", area.bonus));
        }
        let fw = w.metrics.width(&figures, 9.5);
        w.text_at(RIGHT - 4.0 - fw, w.y + 12.5, 9.5, BLACK, &figures);
        w.y += 18.0;
        let points_heading = if template.items.iter().any(|i| i.bonus) {
            "扣分/加分"
        } else {
            "扣分"
        };
        let header: Vec<(String, Rgb)> =
            ["序号", "检查内容", "结果", points_heading, "扣分原因/备注"]
                .iter()
                .map(|s| (s.to_string(), GREY))
                .collect();
        w.row(&columns, &header, 8.5, Some(HEAD));
        for (k, item) in template.items.iter().enumerate() {
            let result = record.detail.result(*row, &item.id);
            let (outcome, color) = match result.map(|r| r.outcome) {
                Some(o @ Outcome::Fail) => (item.outcome_zh(o), RED),
                Some(o @ Outcome::Pass) => (item.outcome_zh(o), BLACK),
                Some(o @ Outcome::NotApplicable) => (item.outcome_zh(o), GREY),
                None => ("未答", GREY),
            };
            let mut remark = String::new();
            if let Some(r) = result {
                if r.outcome == item.scored_outcome() {
                    remark.push_str(&format!("{}{}", r.count.max(1), item.unit.counter_zh()));
                    let picked = item.picked_zh(r.rate);
                    if !picked.is_empty() {
                        remark.push_str(&format!("（{picked}）"));
                    }
                    if !r.staff.is_empty() {
                        remark.push_str(&format!(" · {}", joined_names(&r.staff)));
                    }
                }
                if !r.note.is_empty() {
                    if !remark.is_empty() {
                        remark.push('：');
                    }
                    remark.push_str(&r.note);
                }
            }
            let deduction = result
                .map(|r| item.signed_points(r.outcome, r.count, r.rate))
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
    if h.amendments > 0 {
        amendments(w, job_store, record)?;
    }
    if h.status != crate::domain::Status::Draft {
        rectifications(w, job_store, h.id, today)?;
    }
    signature_block(w, &record.detail.header, record.detail.sign_off.as_ref());
    Ok(())
}

/// "不符合 1处 · 张三（地面有纸屑）": an answer as an amendment recorded it.
fn state_zh(item: Option<&crate::domain::Item>, state: &crate::domain::AnswerState) -> String {
    let mut text = match item {
        Some(item) => item.outcome_zh(state.outcome).to_owned(),
        None => state.outcome.name_zh().to_owned(),
    };
    if let Some(item) = item.filter(|i| state.outcome == i.scored_outcome()) {
        text.push_str(&format!(
            " {}{}",
            state.count.max(1),
            item.unit.counter_zh()
        ));
    }
    if !state.staff.is_empty() {
        text.push_str(&format!(" · {}", state.staff.join("、")));
    }
    if !state.note.is_empty() {
        text.push_str(&format!("（{}）", state.note));
    }
    text
}

/// The 修改记录 section: each amendment, who made it, when and why, the score before and
/// after, and each answer it changed.
fn amendments(
    w: &mut Writer,
    job_store: &crate::store::Store,
    record: &Record,
) -> Result<(), ExportError> {
    let h = &record.detail.header;
    w.y += 6.0;
    w.paragraph("修改记录", 11.0, BLACK);
    for a in job_store.amendments(h.id)? {
        w.paragraph(
            &format!(
                "第{}次 · {} · {}：{}（得分 {} → {}，{} → {}）",
                a.seq,
                local_time_text(&a.at, a.utc_offset_min),
                a.by,
                a.reason,
                a.score.0,
                a.score.1,
                a.rating.0.name_zh(),
                a.rating.1.name_zh()
            ),
            9.0,
            BLACK,
        );
        for change in &a.changes {
            let template = record
                .detail
                .templates
                .iter()
                .map(|(_, t)| t)
                .find(|t| t.id == change.template_id);
            let item = template.and_then(|t| t.item(&change.item_id));
            let name = match (template, item) {
                (Some(t), Some(i)) => format!("{} · {}", t.area.name_zh(), i.text),
                _ => format!("{} · {}", change.template_id, change.item_id),
            };
            w.paragraph(
                &format!(
                    "　{name}：{} → {}",
                    state_zh(item, &change.before),
                    state_zh(item, &change.after)
                ),
                9.0,
                GREY,
            );
        }
    }
    Ok(())
}

/// A move in a rectification's history, briefly: `10-06 提交整改 王芳：已提醒`.
fn move_zh(event: &RectificationEvent) -> String {
    let when = local_time(&event.at, event.utc_offset_min)
        .map(|t| t.format("%m-%d").to_string())
        .unwrap_or_default();
    let mut text = format!("{when} {}", event.action.name_zh());
    if !event.by.is_empty() {
        text.push(' ');
        text.push_str(&event.by);
    }
    if !event.note.is_empty() {
        text.push('：');
        text.push_str(&event.note);
    }
    if !event.photos.is_empty() {
        text.push_str(&format!("（照片{}张）", event.photos.len()));
    }
    text
}

/// The 整改情况 section: each rectification the inspection opened with its owner, deadline and
/// state on `today`, and its moves oldest first; a line saying there is none otherwise.
fn rectifications(
    w: &mut Writer,
    store: &crate::store::Store,
    inspection_id: i64,
    today: NaiveDate,
) -> Result<(), ExportError> {
    let filter = RectificationFilter {
        inspection_id: Some(inspection_id),
        ..RectificationFilter::default()
    };
    let mut rows = store.rectifications(&filter, today)?;
    // The checklist's order, as they were opened.
    rows.sort_by_key(|r| r.id);
    w.y += 8.0;
    // The heading stays with the table's header and its first line.
    w.ensure(70.0);
    w.paragraph("整改情况", 11.0, BLACK);
    if rows.is_empty() {
        w.paragraph("本次检查未下发整改。", 9.0, GREY);
        return Ok(());
    }
    w.y += 2.0;
    let columns = super::table_columns(&[26.0, 150.0, 62.0, 58.0, 74.0]);
    w.table_header(
        &columns,
        &["序号", "检查项", "责任人", "整改时限", "状态", "整改经过"],
        8.5,
    );
    for (n, row) in rows.iter().enumerate() {
        let detail = store.rectification(row.id, today)?;
        let history = detail
            .history
            .iter()
            .map(move_zh)
            .collect::<Vec<_>>()
            .join("；");
        let item = if row.veto {
            format!("{}【否决项】", row.item_text)
        } else {
            row.item_text.clone()
        };
        let state = rectify::state_zh(row, today);
        let state_color = if is_late(row, today) { RED } else { BLACK };
        w.row(
            &columns,
            &[
                ((n + 1).to_string(), BLACK),
                (item, BLACK),
                (row.owner_shown().to_owned(), BLACK),
                (row.due_on.to_string(), BLACK),
                (state, state_color),
                (history, GREY),
            ],
            BODY,
            None,
        );
    }
    w.end_table();
    Ok(())
}

/// The height of a drawn signature on the page; its width follows the pad's shape.
const SIGNATURE_H: f32 = 30.0;
/// The ink of a drawn signature.
const INK: Rgb = (20, 30, 70);

/// The signature lines of a report: the inspector (recorded on the inspection), the hall
/// manager — their drawn signature as vector strokes standing on the line, their name — and
/// the time signed. Without a sign-off the manager's line and the date are left blank to sign
/// by hand.
fn signature_block(w: &mut Writer, h: &InspectionHeader, sign_off: Option<&SignOff>) {
    w.ensure(SIGNATURE_H + 40.0);
    w.y += SIGNATURE_H + 12.0;
    let y = w.y;
    let size = 10.0;
    // Three columns: inspector, hall manager (the widest, for the drawing), date.
    let columns = [
        (LEFT, 150.0),
        (LEFT + 162.0, 230.0),
        (LEFT + 404.0, RIGHT - LEFT - 404.0),
    ];
    let line = |w: &mut Writer, from: f32, to: f32| {
        w.ops.push(Op::Line {
            x1: from,
            y1: y + 2.0,
            x2: to,
            y2: y + 2.0,
            width: 0.5,
            color: BLACK,
        });
    };
    // 检查人.
    let (x, width) = columns[0];
    let label = "检查人签字：";
    w.text_at(x, y, size, BLACK, label);
    let start = x + w.metrics.width(label, size);
    w.text_at(start + 4.0, y, size, BLACK, &h.inspector);
    line(w, start, x + width);
    // 营业厅负责人: the drawing from the line's start, the name at its end (below the line when
    // the two would meet).
    let (x, width) = columns[1];
    let label = format!("{}签字：", SignerRole::HallManager.name_zh());
    w.text_at(x, y, size, BLACK, &label);
    let start = x + w.metrics.width(&label, size);
    let end = x + width;
    line(w, start, end);
    if let Some(sign_off) = sign_off {
        let drawn_w = if sign_off.strokes.is_empty() {
            0.0
        } else {
            strokes_on_line(w, &sign_off.strokes, start + 2.0, y + 2.0);
            SIGNATURE_H * PAD_ASPECT
        };
        let name_w = w.metrics.width(&sign_off.name, size);
        if drawn_w == 0.0 {
            w.text_at(start + 4.0, y, size, BLACK, &sign_off.name);
        } else if start + 2.0 + drawn_w + 6.0 + name_w <= end {
            w.text_at(end - name_w, y, size, BLACK, &sign_off.name);
        } else {
            w.text_at(
                start + 4.0,
                y + 12.0,
                8.0,
                GREY,
                &format!("（{}）", sign_off.name),
            );
        }
    }
    // 日期: the time signed, else blank.
    let (x, width) = columns[2];
    let label = "日期：";
    w.text_at(x, y, size, BLACK, label);
    let start = x + w.metrics.width(label, size);
    if let Some(sign_off) = sign_off {
        let time = local_time_text(&sign_off.signed_at, sign_off.utc_offset_min);
        w.text_at(start + 2.0, y, 9.0, BLACK, &time);
    }
    line(w, start, x + width);
    w.y += 16.0;
}

/// Draws a signature's strokes as vector lines in a box [`SIGNATURE_H`] high at `x`, placed
/// so the pad's baseline (three quarters down) lies on the line at `baseline`.
fn strokes_on_line(w: &mut Writer, strokes: &Strokes, x: f32, baseline: f32) {
    let height = SIGNATURE_H;
    let width = height * PAD_ASPECT;
    let top = baseline - height * 0.75;
    for stroke in strokes.strokes() {
        let points = stroke
            .iter()
            .map(|p| {
                let (fx, fy) = p.fraction();
                (x + fx * width, top + fy * height)
            })
            .collect();
        w.ops.push(Op::Polyline {
            points,
            width: 0.9,
            color: INK,
        });
    }
}
