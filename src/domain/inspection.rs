//! Facts about an inspection that need no database: its shift, its kind, its status, a photo
//! ready to attach, and how long a note may be.

/// The longest note (扣分原因 or remark) an answer or an inspection keeps, in characters: a
/// reason is a sentence or a short paragraph, and every export can hold it whole (Excel's
/// cell limit is 32,767). Input stops at it and imports refuse longer notes.
pub const NOTE_MAX_CHARS: usize = 2000;

/// The most occurrences (places, person-times) one answer counts; an answer counts at least 1.
pub const COUNT_MAX: u32 = 99;

/// The part of the day an inspection covers (班次).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Shift {
    /// 上午班.
    Morning,
    /// 下午班.
    Afternoon,
    /// 全天.
    FullDay,
}

impl Shift {
    /// All shifts.
    pub const ALL: [Shift; 3] = [Shift::Morning, Shift::Afternoon, Shift::FullDay];

    /// Database code.
    pub fn code(self) -> &'static str {
        match self {
            Shift::Morning => "morning",
            Shift::Afternoon => "afternoon",
            Shift::FullDay => "full_day",
        }
    }

    /// Parses a database code.
    pub fn from_code(code: &str) -> Option<Shift> {
        Shift::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Chinese label.
    pub fn name_zh(self) -> &'static str {
        match self {
            Shift::Morning => "上午班",
            Shift::Afternoon => "下午班",
            Shift::FullDay => "全天",
        }
    }

    /// English label.
    pub fn name_en(self) -> &'static str {
        match self {
            Shift::Morning => "Morning",
            Shift::Afternoon => "Afternoon",
            Shift::FullDay => "Full day",
        }
    }
}

/// Who inspected and how (检查类型): the hall's own check, a supervisor's from above, an
/// unannounced visit, or a third party's. A big gap between a hall's 自查 and 暗访 scores is
/// itself a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum InspectionKind {
    /// 自查: the hall inspects itself (the default).
    #[default]
    SelfCheck,
    /// 督导检查: a supervisor from above.
    Supervision,
    /// 暗访 (神秘顾客): unannounced, as a customer.
    Unannounced,
    /// 第三方: an outside party.
    ThirdParty,
}

impl InspectionKind {
    /// All kinds, in the order they are offered.
    pub const ALL: [InspectionKind; 4] = [
        InspectionKind::SelfCheck,
        InspectionKind::Supervision,
        InspectionKind::Unannounced,
        InspectionKind::ThirdParty,
    ];

    /// Database code.
    pub fn code(self) -> &'static str {
        match self {
            InspectionKind::SelfCheck => "self_check",
            InspectionKind::Supervision => "supervision",
            InspectionKind::Unannounced => "unannounced",
            InspectionKind::ThirdParty => "third_party",
        }
    }

    /// Parses a database code.
    pub fn from_code(code: &str) -> Option<InspectionKind> {
        InspectionKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Chinese label (exports, the command line).
    pub fn name_zh(self) -> &'static str {
        match self {
            InspectionKind::SelfCheck => "自查",
            InspectionKind::Supervision => "督导检查",
            InspectionKind::Unannounced => "暗访",
            InspectionKind::ThirdParty => "第三方",
        }
    }

    /// English label.
    pub fn name_en(self) -> &'static str {
        match self {
            InspectionKind::SelfCheck => "Self-check",
            InspectionKind::Supervision => "Supervision",
            InspectionKind::Unannounced => "Unannounced",
            InspectionKind::ThirdParty => "Third party",
        }
    }
}

/// Where an inspection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Being answered; every answer is already saved.
    Draft,
    /// Scored and closed.
    Submitted,
}

impl Status {
    /// Database code.
    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
        }
    }

    /// Parses a database code.
    pub fn from_code(code: &str) -> Option<Status> {
        match code {
            "draft" => Some(Status::Draft),
            "submitted" => Some(Status::Submitted),
            _ => None,
        }
    }

    /// Chinese label.
    pub fn name_zh(self) -> &'static str {
        match self {
            Status::Draft => "草稿",
            Status::Submitted => "已提交",
        }
    }

    /// English label.
    pub fn name_en(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Submitted => "Submitted",
        }
    }
}

/// A photo to store: already downscaled and encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The original file name.
    pub file_name: String,
    /// MIME type of `bytes`.
    pub mime: String,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// The encoded image.
    pub bytes: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_codes_read_back_and_self_check_is_the_default() {
        for kind in InspectionKind::ALL {
            assert_eq!(InspectionKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(InspectionKind::from_code("mystery"), None);
        assert_eq!(InspectionKind::default(), InspectionKind::SelfCheck);
        assert_eq!(InspectionKind::Unannounced.name_zh(), "暗访");
    }
}
