//! The eight areas of the "两会三制" regime and their default points.

use serde::{Deserialize, Serialize};

use crate::domain::Points;

/// One of the eight areas of the "两会三制" regime and its companions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// 班前会.
    PreShift,
    /// 班后会.
    PostShift,
    /// 督导制.
    Supervision,
    /// 巡查制.
    Patrol,
    /// 交接班制.
    Handover,
    /// 仪容仪表.
    Appearance,
    /// 环境卫生.
    Hygiene,
    /// 劳动纪律.
    Discipline,
}

impl Area {
    /// All areas in the order of the score sheet.
    pub const ALL: [Area; 8] = [
        Area::PreShift,
        Area::PostShift,
        Area::Supervision,
        Area::Patrol,
        Area::Handover,
        Area::Appearance,
        Area::Hygiene,
        Area::Discipline,
    ];

    /// The code used in template files and the database.
    pub fn code(self) -> &'static str {
        match self {
            Area::PreShift => "pre_shift",
            Area::PostShift => "post_shift",
            Area::Supervision => "supervision",
            Area::Patrol => "patrol",
            Area::Handover => "handover",
            Area::Appearance => "appearance",
            Area::Hygiene => "hygiene",
            Area::Discipline => "discipline",
        }
    }

    /// Parses a code as written in template files.
    pub fn from_code(code: &str) -> Option<Area> {
        Area::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            Area::PreShift => "班前会",
            Area::PostShift => "班后会",
            Area::Supervision => "督导制",
            Area::Patrol => "巡查制",
            Area::Handover => "交接班制",
            Area::Appearance => "仪容仪表",
            Area::Hygiene => "环境卫生",
            Area::Discipline => "劳动纪律",
        }
    }

    /// The English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Area::PreShift => "Pre-shift meeting",
            Area::PostShift => "Post-shift meeting",
            Area::Supervision => "Supervision",
            Area::Patrol => "Patrol rounds",
            Area::Handover => "Shift handover",
            Area::Appearance => "Appearance",
            Area::Hygiene => "Hygiene",
            Area::Discipline => "Discipline",
        }
    }

    /// The default cap of the area in the 100-point scheme.
    pub fn default_cap(self) -> Points {
        Points::from_whole(match self {
            Area::PreShift | Area::PostShift | Area::Supervision | Area::Handover => 10,
            Area::Patrol | Area::Appearance | Area::Hygiene | Area::Discipline => 15,
        })
    }

    /// Position in [`Area::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_caps_sum_to_100() {
        let mut total = Points::ZERO;
        for area in Area::ALL {
            assert_eq!(Area::from_code(area.code()), Some(area));
            total += area.default_cap();
        }
        assert_eq!(total, Points::from_whole(100));
        assert_eq!(Area::from_code("lobby"), None);
    }
}
