//! The sign-off of a submitted inspection (签字确认): who confirms it (the hall manager,
//! 营业厅负责人), their name, and the signature they drew on the pad — strokes of points
//! normalised to the pad, kept in a short text form that every reader checks.
//!
//! The text form: strokes separated by `;`, points of a stroke by a space, a point as `x,y`,
//! each coordinate an integer from 0 to [`PAD_MAX`] (x across the pad's width, y down its
//! height; the pad is [`PAD_ASPECT`] times as wide as it is high). The empty text is no
//! drawing (a typed name alone). `120,400 130,410;500,500` is a stroke of two points and a dot.

use std::fmt;

/// The largest coordinate of a point on the pad: 0..=PAD_MAX across and down.
pub const PAD_MAX: u16 = 1000;
/// The pad's width over its height: the signature is drawn and printed at this shape.
pub const PAD_ASPECT: f32 = 3.0;
/// The most strokes a signature keeps.
pub const STROKES_MAX: usize = 200;
/// The most points a signature keeps, all strokes together.
pub const POINTS_MAX: usize = 4000;
/// The longest name a signer may give, in characters.
pub const SIGNER_NAME_MAX_CHARS: usize = 40;

/// One point on the pad, each coordinate within 0..=[`PAD_MAX`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PadPoint {
    /// Across, from the left edge.
    pub x: u16,
    /// Down, from the top edge.
    pub y: u16,
}

impl PadPoint {
    /// The point at fractions `fx`, `fy` (0.0..=1.0) of the pad, clamped to it.
    pub fn from_fraction(fx: f32, fy: f32) -> PadPoint {
        let scale = |f: f32| (f.clamp(0.0, 1.0) * f32::from(PAD_MAX)).round() as u16;
        PadPoint {
            x: scale(fx),
            y: scale(fy),
        }
    }

    /// The point as fractions (0.0..=1.0) of the pad's width and height.
    pub fn fraction(self) -> (f32, f32) {
        (
            f32::from(self.x) / f32::from(PAD_MAX),
            f32::from(self.y) / f32::from(PAD_MAX),
        )
    }
}

/// Why a signature's strokes were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StrokesError {
    /// A point is not `x,y` of two integers.
    #[error("stroke {stroke}, point {point}: `{text}` is not a point `x,y` of two whole numbers")]
    NotAPoint {
        /// The stroke, from 1.
        stroke: usize,
        /// The point within it, from 1.
        point: usize,
        /// What was found.
        text: String,
    },
    /// A coordinate lies off the pad.
    #[error("stroke {stroke}, point {point}: ({x}, {y}) lies off the pad (0 to {PAD_MAX})")]
    OffThePad {
        /// The stroke, from 1.
        stroke: usize,
        /// The point within it, from 1.
        point: usize,
        /// Across.
        x: u32,
        /// Down.
        y: u32,
    },
    /// A stroke without points.
    #[error("stroke {stroke} has no points")]
    EmptyStroke {
        /// The stroke, from 1.
        stroke: usize,
    },
    /// More strokes than a signature keeps.
    #[error("{count} strokes; a signature keeps at most {STROKES_MAX}")]
    TooManyStrokes {
        /// How many.
        count: usize,
    },
    /// More points than a signature keeps.
    #[error("{count} points; a signature keeps at most {POINTS_MAX}")]
    TooManyPoints {
        /// How many.
        count: usize,
    },
}

/// A drawn signature: strokes, each a list of points on the pad, in the order drawn. Made only
/// through [`Strokes::parse`] or [`Strokes::push_stroke`], so it is always within the bounds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Strokes {
    strokes: Vec<Vec<PadPoint>>,
}

impl Strokes {
    /// No drawing.
    pub fn new() -> Strokes {
        Strokes::default()
    }

    /// Reads the text form (see the module's docs), checking every point and the bounds.
    pub fn parse(text: &str) -> Result<Strokes, StrokesError> {
        let text = text.trim();
        let mut strokes = Strokes::new();
        if text.is_empty() {
            return Ok(strokes);
        }
        let count = text.split(';').count();
        if count > STROKES_MAX {
            return Err(StrokesError::TooManyStrokes { count });
        }
        let mut total = 0;
        for (s, stroke_text) in text.split(';').enumerate() {
            let mut stroke = Vec::new();
            for (p, point) in stroke_text.split_whitespace().enumerate() {
                let not_a_point = || StrokesError::NotAPoint {
                    stroke: s + 1,
                    point: p + 1,
                    text: point.chars().take(24).collect(),
                };
                let (x, y) = point.split_once(',').ok_or_else(not_a_point)?;
                let digits = |t: &str| {
                    !t.is_empty() && t.len() <= 5 && t.bytes().all(|b| b.is_ascii_digit())
                };
                if !digits(x) || !digits(y) {
                    return Err(not_a_point());
                }
                let (x, y): (u32, u32) = match (x.parse(), y.parse()) {
                    (Ok(x), Ok(y)) => (x, y),
                    _ => return Err(not_a_point()),
                };
                let max = u32::from(PAD_MAX);
                if x > max || y > max {
                    return Err(StrokesError::OffThePad {
                        stroke: s + 1,
                        point: p + 1,
                        x,
                        y,
                    });
                }
                total += 1;
                if total > POINTS_MAX {
                    return Err(StrokesError::TooManyPoints {
                        count: text.split([';', ' ']).filter(|t| !t.is_empty()).count(),
                    });
                }
                stroke.push(PadPoint {
                    x: x as u16,
                    y: y as u16,
                });
            }
            if stroke.is_empty() {
                return Err(StrokesError::EmptyStroke { stroke: s + 1 });
            }
            strokes.strokes.push(stroke);
        }
        Ok(strokes)
    }

    /// Adds a stroke drawn on the pad. Refused (and nothing added) when it is empty or would
    /// take the signature past [`STROKES_MAX`] strokes or [`POINTS_MAX`] points.
    pub fn push_stroke(&mut self, stroke: Vec<PadPoint>) -> Result<(), StrokesError> {
        if stroke.is_empty() {
            return Err(StrokesError::EmptyStroke {
                stroke: self.strokes.len() + 1,
            });
        }
        if self.strokes.len() >= STROKES_MAX {
            return Err(StrokesError::TooManyStrokes {
                count: self.strokes.len() + 1,
            });
        }
        let count = self.point_count() + stroke.len();
        if count > POINTS_MAX {
            return Err(StrokesError::TooManyPoints { count });
        }
        self.strokes.push(stroke);
        Ok(())
    }

    /// The room left for points, all strokes together.
    pub fn points_left(&self) -> usize {
        POINTS_MAX.saturating_sub(self.point_count())
    }

    /// Nothing drawn.
    pub fn is_empty(&self) -> bool {
        self.strokes.is_empty()
    }

    /// The strokes, in the order drawn.
    pub fn strokes(&self) -> &[Vec<PadPoint>] {
        &self.strokes
    }

    /// Points in all strokes.
    pub fn point_count(&self) -> usize {
        self.strokes.iter().map(Vec::len).sum()
    }
}

impl fmt::Display for Strokes {
    /// The text form, which [`Strokes::parse`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (s, stroke) in self.strokes.iter().enumerate() {
            if s > 0 {
                f.write_str(";")?;
            }
            for (p, point) in stroke.iter().enumerate() {
                if p > 0 {
                    f.write_str(" ")?;
                }
                write!(f, "{},{}", point.x, point.y)?;
            }
        }
        Ok(())
    }
}

/// Who signs an inspection off. The inspector is recorded on the inspection itself; the hall
/// manager confirms it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignerRole {
    /// 营业厅负责人.
    HallManager,
}

impl SignerRole {
    /// Every role.
    pub const ALL: [SignerRole; 1] = [SignerRole::HallManager];

    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            SignerRole::HallManager => "hall_manager",
        }
    }

    /// From a stored code.
    pub fn from_code(code: &str) -> Option<SignerRole> {
        SignerRole::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            SignerRole::HallManager => "营业厅负责人",
        }
    }

    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            SignerRole::HallManager => "Hall manager",
        }
    }
}

/// Why a signer's name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignerNameError {
    /// Nothing but spaces.
    #[error("the signer's name is empty")]
    Empty,
    /// Longer than [`SIGNER_NAME_MAX_CHARS`].
    #[error("the signer's name has {chars} characters; at most {SIGNER_NAME_MAX_CHARS}")]
    TooLong {
        /// Its length.
        chars: usize,
    },
    /// A control character (a line break, a tab).
    #[error("the signer's name holds a control character")]
    Control,
}

/// A signer's name as stored: trimmed, not empty, at most [`SIGNER_NAME_MAX_CHARS`]
/// characters, on one line.
pub fn signer_name(name: &str) -> Result<&str, SignerNameError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(SignerNameError::Empty);
    }
    let chars = name.chars().count();
    if chars > SIGNER_NAME_MAX_CHARS {
        return Err(SignerNameError::TooLong { chars });
    }
    if name.chars().any(char::is_control) {
        return Err(SignerNameError::Control);
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: u16, y: u16) -> PadPoint {
        PadPoint { x, y }
    }

    #[test]
    fn the_text_form_reads_back() {
        let mut strokes = Strokes::new();
        strokes
            .push_stroke(vec![p(0, 0), p(120, 400), p(1000, 1000)])
            .unwrap();
        strokes.push_stroke(vec![p(500, 500)]).unwrap();
        let text = strokes.to_string();
        assert_eq!(text, "0,0 120,400 1000,1000;500,500");
        assert_eq!(Strokes::parse(&text).unwrap(), strokes);
        assert_eq!(Strokes::parse("").unwrap(), Strokes::new());
        assert_eq!(Strokes::new().to_string(), "");
    }

    #[test]
    fn bad_text_is_refused_naming_the_point() {
        assert!(matches!(
            Strokes::parse("1,2 3;4,5"),
            Err(StrokesError::NotAPoint {
                stroke: 1,
                point: 2,
                ..
            })
        ));
        assert!(matches!(
            Strokes::parse("1,2;4,1001"),
            Err(StrokesError::OffThePad {
                stroke: 2,
                point: 1,
                x: 4,
                y: 1001
            })
        ));
        assert!(matches!(
            Strokes::parse("1,2;;4,5"),
            Err(StrokesError::EmptyStroke { stroke: 2 })
        ));
        for bad in ["-1,2", "1,+2", "1.5,2", "99999999999,1", "a,b", "1,2,3"] {
            assert!(Strokes::parse(bad).is_err(), "{bad}");
        }
        let many = vec!["1,1"; STROKES_MAX + 1].join(";");
        assert!(matches!(
            Strokes::parse(&many),
            Err(StrokesError::TooManyStrokes { .. })
        ));
        let long = vec!["1,1"; POINTS_MAX + 1].join(" ");
        assert!(matches!(
            Strokes::parse(&long),
            Err(StrokesError::TooManyPoints { .. })
        ));
    }

    #[test]
    fn a_stroke_past_the_bounds_is_not_added() {
        let mut strokes = Strokes::new();
        assert!(strokes.push_stroke(Vec::new()).is_err());
        strokes.push_stroke(vec![p(1, 1); POINTS_MAX]).unwrap();
        assert_eq!(strokes.points_left(), 0);
        assert!(strokes.push_stroke(vec![p(2, 2)]).is_err());
        assert_eq!(strokes.strokes().len(), 1);
    }

    #[test]
    fn points_from_fractions_stay_on_the_pad() {
        assert_eq!(PadPoint::from_fraction(-0.5, 2.0), p(0, 1000));
        assert_eq!(PadPoint::from_fraction(0.25, 0.5), p(250, 500));
        assert_eq!(p(250, 500).fraction(), (0.25, 0.5));
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(signer_name("  王丽 "), Ok("王丽"));
        assert_eq!(signer_name("  "), Err(SignerNameError::Empty));
        assert!(matches!(
            signer_name(&"名".repeat(SIGNER_NAME_MAX_CHARS + 1)),
            Err(SignerNameError::TooLong { .. })
        ));
        assert_eq!(signer_name("王\n丽"), Err(SignerNameError::Control));
        assert_eq!(
            SignerRole::from_code("hall_manager"),
            Some(SignerRole::HallManager)
        );
    }
}
