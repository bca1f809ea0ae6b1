//! The monthly 考核 sheet of a hall: each area and its failed items with 分值, 扣分, 得分 and
//! reasons, the total, the rule of the month's score, the person-time deductions per staff
//! member, and signatures.

use crate::export::monthly;
use crate::report::{MonthlyRowKind, MonthlySheet};

use super::{BLACK, HEAD, Rgb, Writer, table_columns};

pub(super) fn monthly_page(w: &mut Writer, sheet: &MonthlySheet) {
    let title = monthly::title(sheet);
    w.begin(title.clone());
    w.title(&title, 16.0);
    for line in monthly::info_lines(sheet) {
        w.paragraph(&line, 10.0, BLACK);
    }
    w.y += 6.0;
    let widths = [30.0, 130.0, 34.0, 34.0, 34.0];
    let columns = table_columns(&widths);
    w.hline(w.y, 0.6, BLACK);
    let header: Vec<(String, Rgb)> = monthly::COLUMNS
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
                (monthly::figure(line.points), BLACK),
                (monthly::figure(line.deducted), BLACK),
                (monthly::figure(line.score), BLACK),
                (line.reasons.clone(), BLACK),
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
            (monthly::figure(sheet.total_deducted()), BLACK),
            (monthly::figure(sheet.total_score()), BLACK),
            (format!("月度得分：{}", monthly::score_text(sheet)), BLACK),
        ],
        10.0,
        Some(HEAD),
    );
    w.hline(w.y, 0.6, BLACK);
    w.y += 4.0;
    w.paragraph(&sheet.footnote_zh(), 8.5, BLACK);
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
