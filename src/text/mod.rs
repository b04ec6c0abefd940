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
    normalize_term,
};
pub use width::str_width;

/// Make text safe to print: every control character (C0, DEL, C1) becomes its visible Unicode
/// "control picture" (ESC -> ␛), so an escape sequence in an article shows up as harmless text
/// instead of driving the terminal. Bidi embedding and override controls, which would scramble
/// the app's own reordering, are shown as a placeholder too. Line breaks are kept when
/// `keep_newlines`; tabs become a space.
pub fn sanitize(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let mut changes = replacements(text, keep_newlines).peekable();
    if changes.peek().is_none() {
        return Cow::Borrowed(text);
    }
    // The text between replaced characters is copied a run at a time.
    let mut out = String::with_capacity(text.len() + 16);
    let mut copied_to = 0;
    for (at, c, replacement) in changes {
        out.push_str(&text[copied_to..at]);
        out.extend(replacement);
        copied_to = at + c.len_utf8();
    }
    out.push_str(&text[copied_to..]);
    Cow::Owned(out)
}

/// What `sanitize` puts in place of `c`: `None` when `c` stays, `Some(None)` when it goes.
fn replacement(c: char, keep_newlines: bool) -> Option<Option<char>> {
    match c {
        '\n' if keep_newlines => None,
        '\n' | '\t' => Some(Some(' ')),
        '\r' => Some(None),
        c if (c as u32) < 0x20 => Some(char::from_u32(0x2400 + c as u32)),
        '\u{7F}' => Some(Some('␡')),
        '\u{80}'..='\u{9F}' => Some(Some('�')),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Some(Some('¤')),
        _ => None,
    }
}

/// The characters of `text` that `sanitize` replaces, in order, with their byte offsets and
/// replacements. Most text has none but its line breaks, so this is a fast byte scan: every
/// such character starts with a C0 byte, DEL (7F), C2 (C1 controls) or E2 (bidi controls),
/// and only those bytes are decoded. Blocks of bytes are tested for them without early exit,
/// which the compiler vectorises; C2 and E2 also start « » – “ ” (common in Arabic news), so
/// a block with one is then read closely.
fn replacements(
    text: &str,
    keep_newlines: bool,
) -> impl Iterator<Item = (usize, char, Option<char>)> + '_ {
    const BLOCK: usize = 64;
    let bytes = text.as_bytes();
    let may_start_one = move |b: u8| {
        ((b < 0x20) & !((b == b'\n') & keep_newlines)) | (b == 0x7F) | (b == 0xC2) | (b == 0xE2)
    };
    bytes
        .chunks(BLOCK)
        .enumerate()
        .filter(move |(_, block)| {
            block
                .iter()
                .fold(false, |found, &b| found | may_start_one(b))
        })
        .flat_map(move |(n, block)| {
            let start = n * BLOCK;
            (start..start + block.len()).filter(move |&at| may_start_one(bytes[at]))
        })
        .filter_map(move |at| {
            // A byte that may start one is ASCII or a lead byte: a character starts there.
            let c = text[at..].chars().next()?;
            replacement(c, keep_newlines).map(|r| (at, c, r))
        })
}

/// A single-line field (title, source, dateline, file name): control characters shown, line
/// breaks folded to spaces, runs of white space collapsed.
pub fn sanitize_line(text: &str) -> String {
    let clean = sanitize(text, false);
    // Most fields are single-spaced already: copied as they are, not split and joined again.
    if is_single_spaced(&clean) {
        return clean.into_owned();
    }
    clean.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `text` is non-empty, neither starts nor ends with white space, and has no white
/// space but single ASCII spaces: what `split_whitespace` then `join(" ")` would leave as it is.
/// Read as bytes; only the lead bytes of non-ASCII white space (C2, E1, E2, E3) are decoded.
fn is_single_spaced(text: &str) -> bool {
    let bytes = text.as_bytes();
    // True at the start, so that a leading space fails like a double one.
    let mut after_space = true;
    let mut i = 0;
    while i < bytes.len() {
        let mut len = 1;
        match bytes[i] {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            b'\t'..=b'\r' => return false,
            0xC2 | 0xE1..=0xE3 => {
                let c = text[i..].chars().next().unwrap_or(' ');
                if c.is_whitespace() {
                    return false;
                }
                len = c.len_utf8();
                after_space = false;
            }
            _ => after_space = false,
        }
        i += len;
    }
    !after_space
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
    fn single_spaced_fields_are_kept_and_others_collapsed() {
        for text in [
            "بغداد – واع",
            "a",
            "",
            " a",
            "a ",
            "a  b",
            "a\u{A0}b",
            "a \u{2003}b",
            "«الاقتصادية» من الرياض",
            "a\u{B}b",
            "x\u{1F}y",
        ] {
            let expected = sanitize(text, false)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(sanitize_line(text), expected, "{text:?}");
        }
    }

    #[test]
    fn bidi_overrides_are_neutralised() {
        assert_eq!(sanitize("x\u{202E}y", false), "x¤y");
        assert!(matches!(sanitize("نص عادي\nسطر", true), Cow::Borrowed(_)));
    }
}
