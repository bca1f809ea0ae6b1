//! Ratings (优秀 / 良好 / 合格 / 不合格) and the configurable bands that give them.

use serde::{Deserialize, Serialize};

use crate::domain::Points;

/// The rating of an inspection (评级).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// 优秀.
    Excellent,
    /// 良好.
    Good,
    /// 合格.
    Pass,
    /// 不合格.
    Fail,
}

impl Rating {
    /// All ratings, best first.
    pub const ALL: [Rating; 4] = [Rating::Excellent, Rating::Good, Rating::Pass, Rating::Fail];

    /// Database code.
    pub fn code(self) -> &'static str {
        match self {
            Rating::Excellent => "excellent",
            Rating::Good => "good",
            Rating::Pass => "pass",
            Rating::Fail => "fail",
        }
    }

    /// Parses a database code.
    pub fn from_code(code: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Chinese label.
    pub fn name_zh(self) -> &'static str {
        match self {
            Rating::Excellent => "优秀",
            Rating::Good => "良好",
            Rating::Pass => "合格",
            Rating::Fail => "不合格",
        }
    }

    /// English label.
    pub fn name_en(self) -> &'static str {
        match self {
            Rating::Excellent => "Excellent",
            Rating::Good => "Good",
            Rating::Pass => "Pass",
            Rating::Fail => "Fail",
        }
    }

    /// Whether some valid rating bands give this rating to `score` (out of 100) and `veto`.
    ///
    /// Bands are a setting of each PC, so a rating taken elsewhere can only be checked this far:
    /// a veto is always 不合格, 100 is always 优秀 without one, and so on.
    pub fn attainable(self, score: Points, veto: bool) -> bool {
        if score.is_negative() {
            return false;
        }
        // Bonus items can lift a score above 100 (bands stop at 100): such a score rates as
        // 100 would.
        let score = score.min(Points::from_whole(100));
        // The bands that put `score` just inside this rating's band, where any do.
        let s = score.hundredths();
        let lowest = match self {
            Rating::Excellent => s - 2,
            Rating::Good => s - 1,
            Rating::Pass => s,
            Rating::Fail => s + 1,
        };
        let bands = RatingBands {
            excellent: Points::from_hundredths(lowest + 2),
            good: Points::from_hundredths(lowest + 1),
            pass: Points::from_hundredths(lowest),
        };
        if !(Points::ZERO..=Points::from_whole(100)).contains(&score) {
            return false;
        }
        if veto {
            return self == Rating::Fail;
        }
        bands.validate().is_ok() && bands.rate(score, false) == self
    }
}

/// Why rating bands are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BandsError {
    /// A bound below 0 or above 100.
    #[error("rating bands must lie between 0 and 100")]
    OutOfRange,
    /// Not 优秀 > 良好 > 合格.
    #[error("rating bands must descend: 优秀 > 良好 > 合格")]
    NotDescending,
}

/// Lower bounds of the rating bands; a score below `pass` is 不合格.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingBands {
    /// ≥ this is 优秀 (default 90).
    pub excellent: Points,
    /// ≥ this is 良好 (default 80).
    pub good: Points,
    /// ≥ this is 合格 (default 60).
    pub pass: Points,
}

impl Default for RatingBands {
    fn default() -> Self {
        RatingBands {
            excellent: Points::from_whole(90),
            good: Points::from_whole(80),
            pass: Points::from_whole(60),
        }
    }
}

impl RatingBands {
    /// Checks that the bounds descend and lie within 0–100.
    pub fn validate(&self) -> Result<(), BandsError> {
        let in_range = |p: Points| p >= Points::ZERO && p <= Points::from_whole(100);
        if !(in_range(self.excellent) && in_range(self.good) && in_range(self.pass)) {
            return Err(BandsError::OutOfRange);
        }
        if !(self.excellent > self.good && self.good > self.pass) {
            return Err(BandsError::NotDescending);
        }
        Ok(())
    }

    /// The rating of a score out of 100; a veto is always 不合格.
    pub fn rate(&self, score: Points, veto: bool) -> Rating {
        if veto || score < self.pass {
            Rating::Fail
        } else if score >= self.excellent {
            Rating::Excellent
        } else if score >= self.good {
            Rating::Good
        } else {
            Rating::Pass
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_bands_follow_the_domain_rules() {
        let bands = RatingBands::default();
        let rate = |h| bands.rate(Points::from_hundredths(h), false);
        assert_eq!(rate(10000), Rating::Excellent);
        assert_eq!(rate(9000), Rating::Excellent);
        assert_eq!(rate(8999), Rating::Good);
        assert_eq!(rate(8000), Rating::Good);
        assert_eq!(rate(7950), Rating::Pass);
        assert_eq!(rate(6000), Rating::Pass);
        assert_eq!(rate(5999), Rating::Fail);
        assert_eq!(bands.rate(Points::from_whole(100), true), Rating::Fail);
    }

    #[test]
    fn custom_bands_are_used_and_checked() {
        let bands = RatingBands {
            excellent: Points::from_whole(95),
            good: Points::from_whole(85),
            pass: Points::from_whole(70),
        };
        assert!(bands.validate().is_ok());
        assert_eq!(bands.rate(Points::from_whole(92), false), Rating::Good);
        assert_eq!(bands.rate(Points::from_whole(69), false), Rating::Fail);
        let bad = RatingBands {
            good: Points::from_whole(99),
            ..bands
        };
        assert!(bad.validate().is_err());
    }

    #[test]
    fn attainable_ratings_follow_some_valid_bands() {
        let at = |h| Points::from_hundredths(h);
        assert!(Rating::Excellent.attainable(at(10000), false));
        assert!(!Rating::Good.attainable(at(10000), false));
        assert!(!Rating::Fail.attainable(at(10000), false));
        assert!(Rating::Fail.attainable(at(10000), true));
        assert!(!Rating::Excellent.attainable(at(9500), true));
        // 60 may be 优秀 under bands 60/50/40, or 不合格 under 90/80/61.
        for rating in Rating::ALL {
            assert!(rating.attainable(at(6000), false), "{rating:?}");
        }
        assert!(Rating::Pass.attainable(at(0), false));
        assert!(!Rating::Good.attainable(at(0), false));
        assert!(Rating::Fail.attainable(at(0), false));
        assert!(!Rating::Fail.attainable(at(9998), false));
        assert!(!Rating::Fail.attainable(at(-1), false));
        assert!(!Rating::Pass.attainable(at(-1), false));
        // Bonus items lift a score above 100: it rates as 100 does.
        assert!(Rating::Excellent.attainable(at(11000), false));
        assert!(!Rating::Good.attainable(at(10001), false));
        assert!(Rating::Fail.attainable(at(11000), true));
    }
}
