//! Text helpers shared by every stage: folding for matching, and neutralising what must never
//! reach a terminal.

pub mod display;
pub mod normalize;
mod shape;
pub mod width;

use std::borrow::Cow;

pub use display::{
    BidiMode, Direction, LayoutOptions, Segment, VisualLine, fit_line, fit_line_marked,
    layout_paragraph, layout_paragraph_dir,
};
pub use normalize::{
    Folded, Folder, OTHER, fold, fold_mapped, fold_term, normalize, normalize_mapped,
    normalize_term, unfold,
};
pub use width::str_width;

/// Make text safe to print: every control character (C0, DEL, C1) becomes its visible Unicode
/// "control picture" (ESC -> ␛), so an escape sequence in an article shows up as harmless text
/// instead of driving the terminal. Bidi embedding and override controls, which would scramble
/// the app's own reordering, are shown as a placeholder too. Line breaks are kept when
/// `keep_newlines`; tabs become a space.
pub fn sanitize(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !has_replaceable(text.as_bytes(), keep_newlines) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\n' if keep_newlines => Some('\n'),
                '\n' | '\t' => Some(' '),
                '\r' => None,
                c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32),
                '\u{7F}' => Some('␡'),
                '\u{80}'..='\u{9F}' => Some('�'),
                '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Some('¤'),
                c => Some(c),
            })
            .collect(),
    )
}

/// A single-line field (title, source, dateline, file name): control characters shown, line
/// breaks folded to spaces, runs of white space collapsed.
pub fn sanitize_line(text: &str) -> String {
    let clean = sanitize(text, false);
    clean.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `bytes` (UTF-8) hold a character `sanitize` replaces. Most text has none but its
/// line breaks, so this is a fast byte scan: C0 and DEL are single bytes; C1 controls are
/// C2 80..9F; the bidi controls are E2 80 AA..AE and E2 81 A6..A9.
fn has_replaceable(bytes: &[u8], keep_newlines: bool) -> bool {
    // Chunks folded without early exit, so the compiler can vectorise the test.
    let c0 = bytes.chunks(64).any(|chunk| {
        chunk.iter().fold(false, |found, &b| {
            found | ((b < 0x20) & !(b == b'\n' && keep_newlines)) | (b == 0x7F)
        })
    });
    c0 || memchr::memchr2_iter(0xC2, 0xE2, bytes).any(|i| {
        matches!(
            (bytes[i], bytes.get(i + 1), bytes.get(i + 2)),
            (0xC2, Some(0x80..=0x9F), _)
                | (0xE2, Some(0x80), Some(0xAA..=0xAE))
                | (0xE2, Some(0x81), Some(0xA6..=0xA9))
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible_and_inert() {
        let hostile = "عنوان\x1b[2J\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07 \u{9b}31m";
        let safe = sanitize(hostile, true);
        assert!(
            !safe
                .chars()
                .any(|c| (c as u32) < 0x20 || (0x7f..=0x9f).contains(&(c as u32)))
        );
        assert!(safe.starts_with("عنوان␛[2J␛]0;pwned␇"));
    }

    #[test]
    fn newlines_kept_in_bodies_folded_in_lines() {
        assert_eq!(sanitize("a\r\nb\tc", true), "a\nb c");
        assert_eq!(sanitize_line("  a\n b\t\tc "), "a b c");
    }

    #[test]
    fn bidi_overrides_are_neutralised() {
        assert_eq!(sanitize("x\u{202E}y", false), "x¤y");
        assert!(matches!(sanitize("نص عادي\nسطر", true), Cow::Borrowed(_)));
    }
}
