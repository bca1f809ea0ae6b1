//! The SQL of the report statements.

/// The people named in the answer `r`, in order, as the JSON text `[[id, "name"], …]`
/// (read by `people_column`).
macro_rules! people_json {
    () => {
        "(SELECT json_group_array(json_array(rs.staff_id, s.name) ORDER BY rs.position)
  FROM result_staff rs JOIN staff s ON s.id = rs.staff_id
  WHERE rs.inspection_id = r.inspection_id AND rs.template_row = r.template_row
    AND rs.item_id = r.item_id)"
    };
}

/// A statement a report runs. Per-hall statements take (hall, first day, last day), the
/// others (first day, last day); those of the trend, ranking and Pareto then take a kind
/// code, or NULL for all kinds ([`ReportQuery::takes_kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportQuery {
    /// A hall's inspections, oldest first.
    Trend,
    /// Their area results.
    TrendAreas,
    /// Per hall: inspections, summed score, passes, vetoes.
    Ranking,
    /// Per inspection and area: points deducted after the area cap (a bonus makes up for
    /// none of them), all halls.
    RankingAreas,
    /// A hall's inspections, counted.
    ParetoCount,
    /// A hall's failed answers per template row and item.
    Pareto,
    /// The hall, then its inspections, summed score, passes and vetoes.
    MonthlyHeader,
    /// Per area: inspections, cap, Σ effective cap, Σ earned, Σ bonus, vetoed inspections.
    MonthlyAreas,
    /// Every failed answer, oldest first.
    MonthlyFails,
}

impl ReportQuery {
    /// Whether the statement takes a kind after its days (the monthly sheet's do not: it
    /// counts every inspection of the month).
    pub fn takes_kind(self) -> bool {
        !matches!(
            self,
            ReportQuery::MonthlyHeader | ReportQuery::MonthlyAreas | ReportQuery::MonthlyFails
        )
    }

    pub(super) fn sql(self) -> &'static str {
        match self {
            ReportQuery::Trend => {
                "SELECT i.id, i.uuid, i.inspected_on, i.score, i.rating, i.veto, p.name
FROM inspections i JOIN inspectors p ON p.id = i.inspector_id
WHERE i.hall_id = ?1 AND i.inspected_on BETWEEN ?2 AND ?3 AND +i.status = 'submitted'
  AND (?4 IS NULL OR i.kind = ?4)
ORDER BY i.inspected_on, i.id"
            }
            ReportQuery::TrendAreas => {
                "SELECT a.inspection_id, a.area, a.effective_cap, a.earned, a.bonus
FROM inspections i JOIN inspection_areas a ON a.inspection_id = i.id
WHERE i.hall_id = ?1 AND i.inspected_on BETWEEN ?2 AND ?3 AND +i.status = 'submitted'
  AND (?4 IS NULL OR i.kind = ?4)"
            }
            ReportQuery::Ranking => {
                "SELECT i.hall_id, count(*), sum(i.score), sum(i.rating <> 'fail'), sum(i.veto)
FROM inspections i
WHERE i.status = 'submitted' AND i.inspected_on BETWEEN ?1 AND ?2
  AND (?3 IS NULL OR i.kind = ?3)
GROUP BY i.hall_id"
            }
            // Summed per hall by the report: SQLite's GROUP BY sorter took longer than
            // reading the rows.
            ReportQuery::RankingAreas => {
                "SELECT i.hall_id, a.area, a.effective_cap - (a.earned - a.bonus)
FROM inspections i JOIN inspection_areas a ON a.inspection_id = i.id
WHERE i.status = 'submitted' AND i.inspected_on BETWEEN ?1 AND ?2
  AND (?3 IS NULL OR i.kind = ?3)"
            }
            ReportQuery::ParetoCount => {
                "SELECT count(*) FROM inspections i
WHERE i.hall_id = ?1 AND i.inspected_on BETWEEN ?2 AND ?3 AND +i.status = 'submitted'
  AND (?4 IS NULL OR i.kind = ?4)"
            }
            ReportQuery::Pareto => {
                "SELECT r.template_row, r.item_id, sum(r.deduction), sum(r.count), count(*)
FROM inspections i JOIN results r ON r.inspection_id = i.id
WHERE i.hall_id = ?1 AND i.inspected_on BETWEEN ?2 AND ?3 AND +i.status = 'submitted'
  AND (?4 IS NULL OR i.kind = ?4) AND r.outcome = 'fail'
GROUP BY r.template_row, r.item_id"
            }
            // No row when there is no such hall.
            ReportQuery::MonthlyHeader => {
                "SELECT h.id, h.uuid, h.code, h.name, h.archived, count(i.id), sum(i.score),
       sum(i.rating <> 'fail'), sum(i.veto)
FROM halls h LEFT JOIN inspections i
  ON i.hall_id = h.id AND i.inspected_on BETWEEN ?2 AND ?3 AND +i.status = 'submitted'
WHERE h.id = ?1
GROUP BY h.id"
            }
            // An area may have several checklists in one inspection: they are summed per
            // inspection first, so its cap is what one inspection gave the area.
            ReportQuery::MonthlyAreas => {
                "SELECT area, count(*), max(cap), sum(effective_cap), sum(earned), sum(veto),
       sum(bonus)
FROM (SELECT a.area AS area, sum(a.cap) AS cap, sum(a.effective_cap) AS effective_cap,
             sum(a.earned) AS earned, max(a.veto) AS veto, sum(a.bonus) AS bonus
      FROM inspections i JOIN inspection_areas a ON a.inspection_id = i.id
      WHERE i.hall_id = ?1 AND i.inspected_on BETWEEN ?2 AND ?3 AND +i.status = 'submitted'
      GROUP BY i.id, a.area)
GROUP BY area"
            }
            ReportQuery::MonthlyFails => concat!(
                "SELECT i.inspected_on, r.template_row, r.item_id, r.count, r.deduction, r.note, ",
                people_json!(),
                "
FROM inspections i JOIN results r ON r.inspection_id = i.id
WHERE i.hall_id = ?1 AND i.inspected_on BETWEEN ?2 AND ?3 AND +i.status = 'submitted'
  AND r.outcome = 'fail'
ORDER BY i.inspected_on, i.id"
            ),
        }
    }
}

/// The failed answers to one item (`?1` hall, `?2`/`?3` days, `?4` template id, `?5` item,
/// `?6` kind or NULL).
pub(super) const ITEM_SQL: &str = concat!(
    "SELECT i.id, i.uuid, i.inspected_on, r.count, r.deduction, r.note, ",
    people_json!(),
    "
FROM inspections i JOIN results r ON r.inspection_id = i.id
WHERE i.hall_id = ?1 AND i.inspected_on BETWEEN ?2 AND ?3 AND +i.status = 'submitted'
  AND r.template_row IN (SELECT id FROM templates WHERE template_id = ?4)
  AND r.item_id = ?5 AND r.outcome = 'fail' AND (?6 IS NULL OR i.kind = ?6)
ORDER BY i.inspected_on, i.id"
);
