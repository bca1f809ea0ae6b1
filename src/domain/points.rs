//! Exact points in hundredths: parsing, arithmetic and display without floating-point drift.

use std::fmt;
use std::ops::{Add, AddAssign, Sub};

use serde::{Deserialize, Serialize};

/// An exact number of points, held in hundredths (`1.5` points is `150`).
///
/// Scores are sums of deductions like 0.5 and 1; keeping them as integers means a total never
/// prints as 89.99999.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Points(i64);

/// Why a text is not a number of points.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PointsParseError {
    /// Not a decimal number.
    #[error("`{0}` is not a number")]
    NotANumber(String),
    /// More than two decimals.
    #[error("`{0}` has more than two decimals")]
    TooPrecise(String),
    /// Out of range.
    #[error("`{0}` is too large")]
    TooLarge(String),
}

impl Points {
    /// Zero points.
    pub const ZERO: Points = Points(0);

    /// The largest number of points a template may carry (ten million): far above any real cap
    /// or deduction, and small enough that no sum of them overflows.
    pub const MAX: Points = Points(1_000_000_000);

    /// Points from a count of hundredths.
    pub const fn from_hundredths(hundredths: i64) -> Points {
        Points(hundredths)
    }

    /// Whole points.
    pub const fn from_whole(points: i64) -> Points {
        Points(points * 100)
    }

    /// The count of hundredths.
    pub const fn hundredths(self) -> i64 {
        self.0
    }

    /// As a float, for charts only; never sum these.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// True when below zero.
    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Multiplies by a count.
    pub fn times(self, count: u32) -> Points {
        Points(self.0.saturating_mul(i64::from(count)))
    }

    /// `self × numerator ÷ denominator`, rounded half away from zero to a hundredth.
    /// A zero denominator gives zero.
    pub fn scaled(self, numerator: i64, denominator: i64) -> Points {
        if denominator == 0 {
            return Points::ZERO;
        }
        let product = i128::from(self.0) * i128::from(numerator);
        let den = i128::from(denominator);
        let half = den.abs() / 2;
        let rounded = if (product >= 0) == (den > 0) {
            (product.abs() + half) / den.abs()
        } else {
            -((product.abs() + half) / den.abs())
        };
        Points(rounded as i64)
    }

    /// The smaller of two.
    pub fn min(self, other: Points) -> Points {
        Points(self.0.min(other.0))
    }

    /// Parses a decimal text with at most two decimals, such as `10`, `0.5` or `-1.25`.
    pub fn parse(text: &str) -> Result<Points, PointsParseError> {
        let t = text.trim().replace('_', "");
        let (negative, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(&t)),
        };
        let (whole, frac) = match digits.split_once('.') {
            Some((w, f)) => (w, f),
            None => (digits, ""),
        };
        let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(frac) {
            return Err(PointsParseError::NotANumber(text.to_owned()));
        }
        let frac = frac.trim_end_matches('0');
        if frac.len() > 2 {
            return Err(PointsParseError::TooPrecise(text.to_owned()));
        }
        let whole: i64 = whole
            .parse()
            .map_err(|_| PointsParseError::TooLarge(text.to_owned()))?;
        let frac_value: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().unwrap_or(0) * 10,
            _ => frac.parse::<i64>().unwrap_or(0),
        };
        let value = whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(frac_value))
            .filter(|v| *v <= Points::MAX.0)
            .ok_or_else(|| PointsParseError::TooLarge(text.to_owned()))?;
        Ok(Points(if negative { -value } else { value }))
    }
}

impl fmt::Display for Points {
    /// Prints `90`, `88.5` or `87.25`: no trailing zeros.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, frac) = (abs / 100, abs % 100);
        let text = if frac == 0 {
            format!("{sign}{whole}")
        } else if frac % 10 == 0 {
            format!("{sign}{whole}.{}", frac / 10)
        } else {
            format!("{sign}{whole}.{frac:02}")
        };
        f.pad(&text)
    }
}

impl Add for Points {
    type Output = Points;
    fn add(self, rhs: Points) -> Points {
        Points(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Points {
    fn add_assign(&mut self, rhs: Points) {
        self.0 = self.0.saturating_add(rhs.0);
    }
}

impl Sub for Points {
    type Output = Points;
    fn sub(self, rhs: Points) -> Points {
        Points(self.0.saturating_sub(rhs.0))
    }
}

impl std::iter::Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::ZERO, |a, b| a + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_exactly() {
        assert_eq!(Points::parse("10"), Ok(Points::from_whole(10)));
        assert_eq!(Points::parse("0.5"), Ok(Points::from_hundredths(50)));
        assert_eq!(Points::parse("1.25"), Ok(Points::from_hundredths(125)));
        assert_eq!(Points::parse("-2"), Ok(Points::from_hundredths(-200)));
        assert_eq!(Points::parse("1.50"), Ok(Points::from_hundredths(150)));
        assert!(matches!(
            Points::parse("1.234"),
            Err(PointsParseError::TooPrecise(_))
        ));
        assert!(matches!(
            Points::parse("abc"),
            Err(PointsParseError::NotANumber(_))
        ));
        assert!(matches!(
            Points::parse("."),
            Err(PointsParseError::NotANumber(_))
        ));
        assert_eq!(Points::from_hundredths(8850).to_string(), "88.5");
        assert_eq!(Points::from_hundredths(8725).to_string(), "87.25");
        assert_eq!(Points::from_hundredths(9000).to_string(), "90");
        assert_eq!(Points::from_hundredths(-50).to_string(), "-0.5");
    }

    #[test]
    fn sums_of_tenths_stay_exact() {
        // Ten times 0.1 is exactly 1, unlike floating point.
        let tenth = Points::from_hundredths(10);
        let total: Points = std::iter::repeat_n(tenth, 10).sum();
        assert_eq!(total, Points::from_whole(1));
    }

    #[test]
    fn scaling_rounds_half_away_from_zero() {
        // 15 × 7 / 9 = 11.666… → 11.67
        assert_eq!(
            Points::from_whole(15).scaled(7, 9),
            Points::from_hundredths(1167)
        );
        // 10 × 1 / 8 = 1.25 exactly
        assert_eq!(
            Points::from_whole(10).scaled(1, 8),
            Points::from_hundredths(125)
        );
        // 0.01 × 1 / 2 = 0.005 → 0.01
        assert_eq!(
            Points::from_hundredths(1).scaled(1, 2),
            Points::from_hundredths(1)
        );
        assert_eq!(Points::from_whole(10).scaled(1, 0), Points::ZERO);
    }
}
