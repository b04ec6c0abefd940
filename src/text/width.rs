//! How many terminal cells text takes.
//!
//! A terminal advances by one cell per character it draws, grapheme by grapheme. unicode-width's
//! `str::width` is not that: it knows the Arabic lam-alef ligature and counts "لا" as ONE cell,
//! while terminals (which do not form ligatures) draw lam and alef in two. Every reordered "ال"
//! becomes "لا", so measuring a reordered Arabic line with `str::width` (as ratatui's
//! `Line::width()` does) comes out short and cuts the first word of right-aligned text. Summing
//! per-grapheme widths gives what the terminal, and ratatui's buffer, actually use.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Cells a string takes in a real terminal: the sum of its graphemes' widths, so lam-alef
/// counts as 2.
pub fn str_width(s: &str) -> usize {
    if s.is_ascii() {
        // Printable ASCII is one cell a byte; control bytes never reach display (sanitize).
        return s.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    s.graphemes(true).map(grapheme_width).sum()
}

/// Cells one grapheme cluster takes. Each cluster holds one base character (lam and alef are
/// separate clusters), so unicode-width's lam-alef rule never applies here.
#[inline]
pub fn grapheme_width(g: &str) -> usize {
    g.width()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lam_alef_takes_two_cells() {
        // unicode-width's own answer, which is what terminals do NOT do.
        assert_eq!("لا".width(), 1);
        assert_eq!(str_width("لا"), 2);
        assert_eq!(str_width("لإ"), 2);
        assert_eq!(str_width("لأ"), 2);
        assert_eq!(str_width("لآ"), 2);
        // "قال" reversed for display.
        assert_eq!(str_width("لاق"), 3);
    }

    #[test]
    fn marks_and_wide_characters() {
        assert_eq!(str_width("بَ"), 1);
        assert_eq!(str_width("日本"), 4);
        assert_eq!(str_width("abc"), 3);
        assert_eq!(str_width(""), 0);
    }
}
