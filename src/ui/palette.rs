//! Every colour the UI draws with: one rating palette for text, tables and charts alike, the
//! answer marks, and the chart lines that are not ratings.

use egui::Color32;

use crate::domain::Rating;

/// The colour of a rating, used on every screen and chart (and always beside its name or a
/// shape, so colour is never the only signal).
pub fn rating(rating: Rating) -> Color32 {
    match rating {
        Rating::Excellent => DONE,
        Rating::Good => GOOD,
        Rating::Pass => PENDING,
        Rating::Fail => ALERT,
    }
}

/// 良好.
const GOOD: Color32 = Color32::from_rgb(0x1f, 0x5f, 0xa8);

/// Done: a submitted check, a passed item.
pub const DONE: Color32 = Color32::from_rgb(0x1b, 0x7f, 0x3b);

/// Started and not finished: a draft, a deduction within its cap, a required photo.
pub const PENDING: Color32 = Color32::from_rgb(0xa8, 0x6b, 0x00);

/// Wrong or refused: a failed item, a veto.
pub const ALERT: Color32 = Color32::from_rgb(0xc0, 0x26, 0x26);

/// Text on an [`ALERT`] ground: the damage banner.
pub const ON_ALERT: Color32 = Color32::WHITE;

/// Secondary text: hints, missing values, not-applicable marks.
pub const MUTED: Color32 = Color32::GRAY;

/// The score line of the trend chart.
pub const SCORE_LINE: Color32 = Color32::from_rgb(235, 120, 45);

/// The 7-day moving average.
pub const MA7_LINE: Color32 = Color32::from_rgb(170, 120, 230);

/// The 30-day moving average.
pub const MA30_LINE: Color32 = Color32::from_rgb(40, 180, 170);

/// The paper of the signature pad (the same in light and dark themes, as a signed sheet is).
pub const PAD_PAPER: Color32 = Color32::from_rgb(0xfc, 0xfc, 0xf8);

/// The signature pad's frame.
pub const PAD_FRAME: Color32 = Color32::from_rgb(0x9a, 0x9a, 0x9a);

/// The signature pad's frame under the pointer or pen.
pub const PAD_FRAME_ACTIVE: Color32 = Color32::from_rgb(0x1f, 0x5f, 0xa8);

/// The baseline of the signature pad and its × mark.
pub const PAD_LINE: Color32 = Color32::from_rgb(0xb4, 0xb4, 0xb4);

/// The ink of a drawn signature.
pub const INK: Color32 = Color32::from_rgb(0x14, 0x1e, 0x46);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_and_states_share_one_palette() {
        assert_eq!(rating(Rating::Excellent), DONE);
        assert_eq!(rating(Rating::Pass), PENDING);
        assert_eq!(rating(Rating::Fail), ALERT);
        let all: Vec<Color32> = Rating::ALL.into_iter().map(rating).collect();
        for (i, a) in all.iter().enumerate() {
            assert!(
                all[i + 1..].iter().all(|b| b != a),
                "ratings share a colour"
            );
        }
    }
}
