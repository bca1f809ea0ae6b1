//! The monthly 考核 sheet of a hall: each area and its failed items with 分值, 扣分, 得分 and
//! reasons (and 加分 after 扣分 in a month with a bonus), the total, the rule of the month's
//! score, the person-time deductions per staff member, the month's rectifications (本月整改情况)
//! with their summary, and signatures; where the hall has a money rule, a 金额（元） column
//! beside the points, in the first two tables.

use crate::export::monthly;
use crate::report::{MonthlyRowKind, MonthlySheet, RATE_RULE_ZH};

use super::{BLACK, HEAD, RED, SIGNATURES_HEIGHT, Writer, table_columns};

pub(super) fn monthly_page(w: &mut Writer, sheet: &MonthlySheet) {
    let title = monthly::title(sheet);
    w.begin(title.clone());
    w.title(&title, 16.0);
    w.continued = format!("{title}（续）");
    for line in monthly::info_lines(sheet) {
        w.paragraph(&line, 10.0, BLACK);
    }
    w.y += 6.0;
    let money = sheet.money.is_some();
    // 序号, 考核内容, then the figures (分值, 扣分, 加分 in a month with a bonus, 得分), the
    // amount, and 扣分原因 in the rest of the width.
    let (mut widths, figure) = if money {
        (vec![28.0, 104.0], 30.0)
    } else {
        (vec![30.0, 130.0], 34.0)
    };
    let line_figures =
        |points, deducted, bonus, score| monthly::figures(sheet, points, deducted, bonus, score);
    widths.extend(line_figures(None, None, None, None).iter().map(|_| figure));
    if money {
        widths.push(62.0);
    }
    let columns = table_columns(&widths);
    // The amount goes before the last cell (扣分原因), where there is a money rule.
    let cells = |mut cells: Vec<(String, _)>, amount| {
        if money {
            cells.insert(cells.len() - 1, (monthly::amount(amount), BLACK));
        }
        cells
    };
    w.table_header(&columns, &monthly::columns(sheet), 10.0);
    // 序号, 考核内容, the figures, then the last cell.
    let line_cells = |no: String, content: String, figures: Vec<Option<_>>, last: String| {
        let mut cells = vec![(no, BLACK), (content, BLACK)];
        cells.extend(figures.into_iter().map(|f| (monthly::figure(f), BLACK)));
        cells.push((last, BLACK));
        cells
    };
    for line in &sheet.rows {
        let area = matches!(line.kind, MonthlyRowKind::Area(_));
        w.row(
            &columns,
            &cells(
                line_cells(
                    line.no.clone(),
                    line.content.clone(),
                    line_figures(line.points, line.deducted, line.bonus, line.score),
                    line.reasons.clone(),
                ),
                line.amount,
            ),
            9.0,
            area.then_some(HEAD),
        );
    }
    // The total stays with the rule and, without a staff table, with the signatures.
    let footnote = sheet.footnote_zh();
    let after = 4.0 + w.paragraph_height(&footnote, 8.5);
    w.row_keeping(
        &columns,
        &cells(
            line_cells(
                String::new(),
                "合计".into(),
                line_figures(
                    Some(sheet.total_points()),
                    sheet.total_deducted(),
                    sheet.total_bonus(),
                    sheet.total_score(),
                ),
                format!("月度得分：{}", monthly::score_text(sheet)),
            ),
            sheet.total_amount(),
        ),
        10.0,
        Some(HEAD),
        after,
    );
    w.end_table();
    w.y += 4.0;
    w.paragraph(&footnote, 8.5, BLACK);
    if !sheet.staff.is_empty() {
        w.y += 10.0;
        // The heading, the table's header and its first line stay together.
        w.ensure(80.0);
        w.paragraph("人员扣分（人次）", 11.0, BLACK);
        w.y += 4.0;
        let (columns, titles) = if money {
            (
                table_columns(&[30.0, 80.0, 40.0, 40.0, 62.0]),
                vec![
                    "序号",
                    "姓名",
                    "人次",
                    "扣分",
                    monthly::AMOUNT_COLUMN,
                    "事项",
                ],
            )
        } else {
            (
                table_columns(&[30.0, 80.0, 40.0, 40.0]),
                vec!["序号", "姓名", "人次", "扣分", "事项"],
            )
        };
        w.table_header(&columns, &titles, 10.0);
        for (n, person) in sheet.staff.iter().enumerate() {
            w.row_keeping(
                &columns,
                &cells(
                    vec![
                        ((n + 1).to_string(), BLACK),
                        (person.name.clone(), BLACK),
                        (person.person_times.to_string(), BLACK),
                        (person.points.to_string(), BLACK),
                        (person.items.clone(), BLACK),
                    ],
                    person.amount,
                ),
                9.0,
                None,
                0.0,
            );
        }
        w.end_table();
    }
    rectifications(w, sheet);
    w.signatures();
}

/// 本月整改情况: the summary line, then 序号 / 检查项 / 发现日期 / 责任人 / 整改时限 / 状态, and how
/// the on-time rate is counted; the last line stays with the signatures.
fn rectifications(w: &mut Writer, sheet: &MonthlySheet) {
    let month = &sheet.rectifications;
    w.y += 10.0;
    // The heading, the summary, the table's header and its first line stay together.
    w.ensure(90.0);
    w.paragraph("本月整改情况", 11.0, BLACK);
    w.paragraph(&month.summary_zh(), 9.5, BLACK);
    if month.lines.is_empty() {
        return;
    }
    w.y += 4.0;
    let columns = table_columns(&[30.0, 190.0, 62.0, 80.0, 62.0]);
    w.table_header(
        &columns,
        &["序号", "检查项", "发现日期", "责任人", "整改时限", "状态"],
        10.0,
    );
    let rule_height = 4.0 + w.paragraph_height(RATE_RULE_ZH, 8.5);
    for line in &month.lines {
        let last = line.no == month.lines.len();
        let state_color = if line.overdue_days > 0 { RED } else { BLACK };
        w.row_keeping(
            &columns,
            &[
                (line.no.to_string(), BLACK),
                (line.item_zh(), BLACK),
                (line.row.inspected_on.to_string(), BLACK),
                (line.row.owner_shown().to_owned(), BLACK),
                (line.row.due_on.to_string(), BLACK),
                (line.state_zh.clone(), state_color),
            ],
            9.0,
            None,
            if last {
                rule_height + SIGNATURES_HEIGHT
            } else {
                0.0
            },
        );
    }
    w.end_table();
    w.y += 4.0;
    w.paragraph(RATE_RULE_ZH, 8.5, BLACK);
}
