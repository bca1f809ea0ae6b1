//! Areas (区域): the eight of the "两会三制" regime, built in, and any a template declares.
//!
//! An [`Area`] is a small copyable handle to its definition: its code, its names and its
//! default points. The eight built-in areas are constants; an area a template declares (for
//! example `service`, 服务行为) is registered the first time its definition is read, from a
//! template file or a stored snapshot, and lives for the rest of the program. There are a
//! handful per database, so the definitions are kept, never freed. Areas compare and sort by
//! their place on the score sheet: the built-in eight in their order, then declared areas by
//! code.

use std::fmt;
use std::sync::Mutex;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::domain::Points;

/// What an area is: its code, names and default points.
#[derive(Debug, PartialEq, Eq)]
pub struct AreaDef {
    code: &'static str,
    name_zh: &'static str,
    name_en: &'static str,
    points: Points,
    /// Place on the score sheet: 0–7 for the built-in areas, [`DECLARED_RANK`] for the rest.
    rank: u16,
}

/// The place of every declared area: after the built-in ones, ordered by code among
/// themselves.
const DECLARED_RANK: u16 = 1000;

const fn builtin(
    rank: u16,
    code: &'static str,
    zh: &'static str,
    en: &'static str,
    points: i64,
) -> AreaDef {
    AreaDef {
        code,
        name_zh: zh,
        name_en: en,
        points: Points::from_whole(points),
        rank,
    }
}

static BUILTIN_DEFS: [AreaDef; 8] = [
    builtin(0, "pre_shift", "班前会", "Pre-shift meeting", 10),
    builtin(1, "post_shift", "班后会", "Post-shift meeting", 10),
    builtin(2, "supervision", "督导制", "Supervision", 10),
    builtin(3, "patrol", "巡查制", "Patrol rounds", 15),
    builtin(4, "handover", "交接班制", "Shift handover", 10),
    builtin(5, "appearance", "仪容仪表", "Appearance", 15),
    builtin(6, "hygiene", "环境卫生", "Hygiene", 15),
    builtin(7, "discipline", "劳动纪律", "Discipline", 15),
];

/// Areas declared by templates, latest definition of a code last.
static DECLARED: Mutex<Vec<&'static AreaDef>> = Mutex::new(Vec::new());

/// An area of the score sheet.
#[derive(Clone, Copy)]
pub struct Area(&'static AreaDef);

impl Area {
    /// 班前会.
    pub const PRE_SHIFT: Area = Area(&BUILTIN_DEFS[0]);
    /// 班后会.
    pub const POST_SHIFT: Area = Area(&BUILTIN_DEFS[1]);
    /// 督导制.
    pub const SUPERVISION: Area = Area(&BUILTIN_DEFS[2]);
    /// 巡查制.
    pub const PATROL: Area = Area(&BUILTIN_DEFS[3]);
    /// 交接班制.
    pub const HANDOVER: Area = Area(&BUILTIN_DEFS[4]);
    /// 仪容仪表.
    pub const APPEARANCE: Area = Area(&BUILTIN_DEFS[5]);
    /// 环境卫生.
    pub const HYGIENE: Area = Area(&BUILTIN_DEFS[6]);
    /// 劳动纪律.
    pub const DISCIPLINE: Area = Area(&BUILTIN_DEFS[7]);

    /// The eight built-in areas in the order of the score sheet: the 100-point scheme.
    pub const BUILTIN: [Area; 8] = [
        Area::PRE_SHIFT,
        Area::POST_SHIFT,
        Area::SUPERVISION,
        Area::PATROL,
        Area::HANDOVER,
        Area::APPEARANCE,
        Area::HYGIENE,
        Area::DISCIPLINE,
    ];

    /// The code used in template files and the database.
    pub fn code(self) -> &'static str {
        self.0.code
    }

    /// The built-in area of a code.
    pub fn builtin(code: &str) -> Option<Area> {
        Area::BUILTIN.into_iter().find(|a| a.code() == code)
    }

    /// The area of a code: built in, or declared by a template read so far.
    pub fn from_code(code: &str) -> Option<Area> {
        Area::builtin(code).or_else(|| {
            let declared = DECLARED.lock().unwrap_or_else(|e| e.into_inner());
            declared
                .iter()
                .rev()
                .find(|d| d.code == code)
                .map(|d| Area(d))
        })
    }

    /// Registers an area a template declares and returns it; the same definition twice
    /// gives the same area. A built-in code gives the built-in area (its names stay).
    pub fn declare(code: &str, name_zh: &str, name_en: &str, points: Points) -> Area {
        if let Some(area) = Area::builtin(code) {
            return area;
        }
        let mut declared = DECLARED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(def) = declared.iter().rev().find(|d| {
            d.code == code && d.name_zh == name_zh && d.name_en == name_en && d.points == points
        }) {
            return Area(def);
        }
        let leak = |s: &str| -> &'static str { Box::leak(s.to_owned().into_boxed_str()) };
        let def: &'static AreaDef = Box::leak(Box::new(AreaDef {
            code: leak(code),
            name_zh: leak(name_zh),
            name_en: leak(if name_en.is_empty() { name_zh } else { name_en }),
            points,
            rank: DECLARED_RANK,
        }));
        declared.push(def);
        Area(def)
    }

    /// Whether it is one of the eight built-in areas.
    pub fn is_builtin(self) -> bool {
        self.0.rank < DECLARED_RANK
    }

    /// The Chinese name.
    pub fn name_zh(self) -> &'static str {
        self.0.name_zh
    }

    /// The English name.
    pub fn name_en(self) -> &'static str {
        self.0.name_en
    }

    /// The area's default cap (分值): its share of the 100-point scheme for a built-in
    /// area, the points its template gives it for a declared one.
    pub fn default_cap(self) -> Points {
        self.0.points
    }

    /// Whether a code may name a declared area: 1–32 lowercase ASCII letters, digits and
    /// underscores, starting with a letter.
    pub fn valid_code(code: &str) -> bool {
        code.len() <= 32
            && code.starts_with(|c: char| c.is_ascii_lowercase())
            && code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    }
}

impl PartialEq for Area {
    fn eq(&self, other: &Area) -> bool {
        self.0.rank == other.0.rank && self.0.code == other.0.code
    }
}

impl Eq for Area {}

impl std::hash::Hash for Area {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.code.hash(state);
    }
}

impl PartialOrd for Area {
    fn partial_cmp(&self, other: &Area) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Area {
    fn cmp(&self, other: &Area) -> std::cmp::Ordering {
        (self.0.rank, self.0.code).cmp(&(other.0.rank, other.0.code))
    }
}

impl fmt::Debug for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Area({})", self.0.code)
    }
}

/// A declared area as a snapshot writes it.
#[derive(Serialize, Deserialize)]
struct DeclaredForm {
    code: String,
    name: String,
    #[serde(default)]
    name_en: String,
    points: Points,
}

/// A built-in area is written as its code (so the snapshots of built-in templates stay as
/// they were); a declared one as its whole definition, so a snapshot carries it.
impl Serialize for Area {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.is_builtin() {
            serializer.serialize_str(self.code())
        } else {
            DeclaredForm {
                code: self.code().to_owned(),
                name: self.name_zh().to_owned(),
                name_en: self.name_en().to_owned(),
                points: self.default_cap(),
            }
            .serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for Area {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Area, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Code(String),
            Declared(DeclaredForm),
        }
        match Form::deserialize(deserializer)? {
            Form::Code(code) => Area::builtin(&code)
                .ok_or_else(|| serde::de::Error::custom(format!("unknown area `{code}`"))),
            Form::Declared(d) => {
                if !Area::valid_code(&d.code) || Area::builtin(&d.code).is_some() {
                    return Err(serde::de::Error::custom(format!(
                        "`{}` cannot name a new area",
                        d.code
                    )));
                }
                Ok(Area::declare(&d.code, &d.name, &d.name_en, d.points))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_caps_sum_to_100() {
        let mut total = Points::ZERO;
        for area in Area::BUILTIN {
            assert_eq!(Area::from_code(area.code()), Some(area));
            total += area.default_cap();
        }
        assert_eq!(total, Points::from_whole(100));
        assert_eq!(Area::from_code("lobby"), None);
    }

    #[test]
    fn a_declared_area_sorts_after_the_builtins_and_travels_in_json() {
        let area = Area::declare("zz_test_lobby", "大堂", "Lobby", Points::from_whole(10));
        assert_eq!(Area::from_code("zz_test_lobby"), Some(area));
        assert!(Area::DISCIPLINE < area);
        assert!(!area.is_builtin());
        let json = serde_json::to_string(&area).unwrap();
        assert!(json.contains("大堂"), "{json}");
        let back: Area = serde_json::from_str(&json).unwrap();
        assert_eq!(back, area);
        assert_eq!(back.name_en(), "Lobby");
        assert_eq!(
            serde_json::to_string(&Area::HYGIENE).unwrap(),
            "\"hygiene\""
        );
        assert!(serde_json::from_str::<Area>("\"zz_unknown\"").is_err());
        // The same definition twice is one area; a built-in code stays built in.
        let again = Area::declare("zz_test_lobby", "大堂", "Lobby", Points::from_whole(10));
        assert!(std::ptr::eq(again.0, area.0));
        assert_eq!(
            Area::declare("hygiene", "卫生", "", Points::from_whole(1)).name_zh(),
            "环境卫生"
        );
    }

    #[test]
    fn valid_codes() {
        assert!(Area::valid_code("service"));
        assert!(Area::valid_code("self_service2"));
        for bad in ["", "Service", "2nd", "服务", "a-b", &"x".repeat(33)] {
            assert!(!Area::valid_code(bad), "{bad}");
        }
    }
}
