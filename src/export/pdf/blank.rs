//! The blank checklist to print (空白检查表), for a walk without the PC: the chosen checklists'
//! items in walking order, numbered as the walk numbers them, with empty 结果 / 次数 / 扣分 /
//! 扣分原因 cells to fill in by hand and signature lines. Its answers are then keyed in item by
//! item (`1` / `2` / `3`) in the same order.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::domain::{InspectionKind, Item, Points, Template};
use crate::export::{ExportError, PendingFile};

use super::{BAND, BLACK, BODY, GREY, HEAD, LEFT, LINE, RIGHT, Rgb, Writer, table_columns};

/// How high an item's row is at least: room for a handwritten reason.
const WRITING_ROW: f32 = 24.0;

/// The blank column headings of the item table.
const COLUMNS: [&str; 7] = [
    "序号",
    "检查内容",
    "扣分标准",
    "结果",
    "次数",
    "扣分",
    "扣分原因/当事人",
];

/// Writes the blank checklist of `templates`, in their order, to `target` (a PDF), printed on
/// `printed`. Returns the file written.
pub fn blank_sheet(
    templates: &[Template],
    target: &Path,
    printed: NaiveDate,
) -> Result<PathBuf, ExportError> {
    let pending = PendingFile::new(target);
    let mut w = Writer::new(target, "HallCheck 营业窗口现场检查表（空白）")?;
    w.begin(format!(
        "HallCheck 空白检查表 · 打印于 {}",
        printed.format("%Y-%m-%d")
    ));
    w.title("营业窗口现场检查表", 18.0);
    w.continued = "营业窗口现场检查表（续）".into();
    let half = (RIGHT - LEFT) / 2.0;
    let kinds: Vec<String> = InspectionKind::ALL
        .iter()
        .map(|k| format!("□ {}", k.name_zh()))
        .collect();
    let kinds = format!("检查类型：{}", kinds.join("  "));
    for (a, b) in [
        ("营业厅：____________________", "日期：______年____月____日"),
        (
            "检查人：____________________",
            "班次：□ 上午班  □ 下午班  □ 全天",
        ),
        (kinds.as_str(), ""),
    ] {
        w.ensure(LINE + 6.0);
        let y = w.y + 11.0;
        w.text_at(LEFT, y, 10.5, BLACK, a);
        w.text_at(LEFT + half, y, 10.5, BLACK, b);
        w.y += LINE + 6.0;
    }
    w.y += 2.0;
    w.paragraph(
        "结果栏填写：√ 符合，× 不符合，— 不适用。不符合项写明次数（次、处或人次）、扣分、扣分原因及当事人。\
         序号与软件中的检查顺序一致，回到电脑后按序号逐项录入。",
        8.5,
        GREY,
    );
    w.y += 4.0;

    let columns = table_columns(&[26.0, 178.0, 56.0, 34.0, 30.0, 30.0]);
    let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let mut number = 0;
    for (n, template) in templates.iter().enumerate() {
        let numeral = numerals
            .get(n)
            .map(|s| s.to_string())
            .unwrap_or_else(|| (n + 1).to_string());
        w.ensure(18.0 + 6.0 + 20.0 + WRITING_ROW);
        w.y += 6.0;
        w.fill(LEFT, w.y, RIGHT - LEFT, 18.0, BAND);
        let area = template.area.name_zh();
        let heading = if template.name == area {
            format!("{numeral}、{area}（第{}版）", template.version)
        } else {
            format!(
                "{numeral}、{area}：{}（第{}版）",
                template.name, template.version
            )
        };
        w.text_at(LEFT + 4.0, w.y + 12.8, 10.5, BLACK, &heading);
        let points = format!("分值 {}   得分 ______", template.points);
        let pw = w.metrics.width(&points, 9.5);
        w.text_at(RIGHT - 4.0 - pw, w.y + 12.5, 9.5, BLACK, &points);
        w.y += 18.0;
        let header: Vec<(String, Rgb)> = COLUMNS.iter().map(|s| (s.to_string(), GREY)).collect();
        w.row(&columns, &header, 8.5, Some(HEAD));
        for item in &template.items {
            number += 1;
            let mut text = item.text.clone();
            if item.veto {
                text.push_str("【否决项】");
            }
            if item.photo_required {
                text.push_str("【不符合须拍照】");
            }
            let cells = [number.to_string(), text, standard(item)];
            let cells: Vec<(String, Rgb)> = cells
                .into_iter()
                .chain(std::iter::repeat_n(String::new(), 4))
                .map(|c| (c, BLACK))
                .collect();
            w.row_at_least(&columns, &cells, BODY, None, WRITING_ROW);
        }
    }
    w.y += 8.0;
    w.ensure(LINE + 8.0);
    w.text_at(
        LEFT,
        w.y + 11.0,
        10.5,
        BLACK,
        "总分：________    评级：________    一票否决：□ 无  □ 有",
    );
    w.y += LINE + 8.0;
    w.signatures();
    let bytes = w.finish(target)?;
    std::fs::write(pending.temp(), bytes).map_err(|e| ExportError::io(target, e))?;
    pending.commit()
}

/// An item's rule as the sheet prints it: "每人次扣1分", "每次酌情扣3–5分，扣完10分为止",
/// "每次加1分，最多加3分", or 一票否决.
fn standard(item: &Item) -> String {
    let counter = item.unit.counter_zh();
    let (verb, limit) = if item.bonus {
        ("加", "最多加")
    } else {
        ("扣", "扣完")
    };
    let points = match item.rate_range() {
        Some((min, max)) if item.bonus => format!("每{counter}加{min}–{max}分"),
        Some((min, max)) => format!("每{counter}酌情扣{min}–{max}分"),
        None => format!("每{counter}{verb}{}分", item.deduction),
    };
    let mut rule = match (item.veto, item.deduction == Points::ZERO) {
        (true, true) => return "一票否决".into(),
        (true, false) => format!("一票否决；{points}"),
        (false, _) => points,
    };
    if let Some(value) = item.value {
        rule.push_str(&format!("，{limit}{value}分"));
        if !item.bonus {
            rule.push_str("为止");
        }
    }
    rule
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Unit;

    /// An item of `deduction` points per `unit`, and nothing else.
    fn item(deduction: Points, unit: Unit) -> Item {
        Item {
            id: "x".into(),
            text: "检查".into(),
            text_en: None,
            violation: None,
            deduction,
            unit,
            veto: false,
            photo_required: false,
            guidance: "标准".into(),
            guidance_en: None,
            reasons: Vec::new(),
            reason_required: true,
            value: None,
            deduction_max: None,
            bonus: false,
        }
    }

    #[test]
    fn the_rule_of_an_item() {
        let two = Points::from_whole(2);
        let per_person = item(two, Unit::PerPersonTime);
        assert_eq!(standard(&per_person), "每人次扣2分");
        let veto = Item {
            veto: true,
            ..item(Points::ZERO, Unit::PerOccurrence)
        };
        assert_eq!(standard(&veto), "一票否决");
        let veto = Item {
            veto: true,
            ..item(two, Unit::PerOccurrence)
        };
        assert_eq!(standard(&veto), "一票否决；每次扣2分");
        let half = item(Points::from_hundredths(50), Unit::PerPlace);
        assert_eq!(standard(&half), "每处扣0.5分");
    }

    #[test]
    fn ranged_capped_and_bonus_items_print_their_own_rule() {
        let ranged = Item {
            deduction_max: Some(Points::from_whole(5)),
            value: Some(Points::from_whole(10)),
            ..item(Points::from_whole(3), Unit::PerOccurrence)
        };
        assert_eq!(standard(&ranged), "每次酌情扣3–5分，扣完10分为止");
        let bonus = Item {
            bonus: true,
            value: Some(Points::from_whole(3)),
            ..item(Points::from_whole(1), Unit::PerOccurrence)
        };
        assert_eq!(standard(&bonus), "每次加1分，最多加3分");
    }
}
