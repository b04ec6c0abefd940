//! Counting words and spaces cheaply. The rules ask "how many words?" of every line,
//! and `split_whitespace` decodes each character and asks Unicode whether it is white space,
//! which made these counts a large part of the parse time on Arabic text. Here the bytes are
//! read instead, in loops the compiler can vectorise where the question allows.

/// The number of ASCII spaces in `s` when it is below `limit`, and some number at least
/// `limit` otherwise: `s.split(' ').nth(n).is_some()` is `spaces_up_to(s, limit) >= n` for any
/// `n <= limit`. Counted a block at a time, so a paragraph is read only until it has shown
/// `limit` spaces.
pub fn spaces_up_to(s: &str, limit: usize) -> usize {
    let mut spaces = 0;
    for block in s.as_bytes().chunks(64) {
        spaces += count_bytes(block, |b| b == b' ');
        if spaces >= limit {
            break;
        }
    }
    spaces
}

/// How many bytes satisfy `pred`. Counted in blocks of 255 into a byte-wide counter, which the
/// compiler turns into vector compares and subtractions (a `usize` count, as `filter().count()`
/// keeps, is not vectorised).
pub fn count_bytes(bytes: &[u8], pred: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|block| block.iter().fold(0u8, |n, &b| n + u8::from(pred(b))) as usize)
        .sum()
}

/// How many neighbouring pairs of bytes (`bytes[i]`, `bytes[i + 1]`) satisfy `pred`; as
/// `count_bytes`, in blocks with a byte-wide counter.
pub fn count_pairs(bytes: &[u8], pred: impl Fn(u8, u8) -> bool) -> usize {
    let pairs = bytes.len().saturating_sub(1);
    let mut count = 0;
    let mut start = 0;
    while start < pairs {
        let end = pairs.min(start + 255);
        let (block, after) = (&bytes[start..end], &bytes[start + 1..end + 1]);
        count += block
            .iter()
            .zip(after)
            .fold(0u8, |n, (&b, &a)| n + u8::from(pred(b, a))) as usize;
        start = end;
    }
    count
}

/// `s.split_whitespace().count()`. When white space is ASCII only (nearly always), a word
/// starts wherever a non-space byte follows a space byte, and those pairs are counted in a
/// vectorised loop; `split_whitespace` decodes every character instead.
pub fn count_words(s: &str) -> usize {
    if has_unusual_space(s) {
        return s.split_whitespace().count();
    }
    let bytes = s.as_bytes();
    let opens_with_word = bytes.first().is_some_and(|&b| !is_ascii_space(b));
    usize::from(opens_with_word)
        + count_pairs(bytes, |b, next| is_ascii_space(b) & !is_ascii_space(next))
}

/// `s.split_whitespace()`, split byte-wise by `split_ascii_whitespace` when that gives the
/// same words (no unusual white space).
pub fn words(s: &str) -> impl Iterator<Item = &str> {
    let (ascii, unicode) = if has_unusual_space(s) {
        (None, Some(s.split_whitespace()))
    } else {
        (Some(s.split_ascii_whitespace()), None)
    };
    ascii
        .into_iter()
        .flatten()
        .chain(unicode.into_iter().flatten())
}

/// Whether `s` is already its words joined by single spaces (what `split_whitespace` then
/// `join(" ")` gives back unchanged): no white space at the ends, none but single ASCII
/// spaces inside.
pub fn is_single_spaced(s: &str) -> bool {
    let bytes = s.as_bytes();
    let spaced_end = [bytes.first(), bytes.last()]
        .into_iter()
        .any(|end| end.is_some_and(|&b| is_ascii_space(b)));
    let irregular = count_pairs(bytes, |b, next| {
        is_ascii_space(b) & ((b != b' ') | is_ascii_space(next))
    }) > 0;
    !spaced_end && !irregular && !has_unusual_space(s)
}

/// Space, tab, line feed, vertical tab, form feed, carriage return: the ASCII characters
/// `char::is_whitespace` accepts.
fn is_ascii_space(b: u8) -> bool {
    (b == b' ') | (b.wrapping_sub(b'\t') < 5)
}

/// Whether `s` has white space other than the ASCII space, tab, LF, FF and CR: a vertical tab
/// (which `split_ascii_whitespace` does not split at) or a non-ASCII space (no-break, em...).
/// Those start with the bytes 0B, C2 (U+0085, U+00A0), E1 (U+1680), E2 (U+2000..U+205F) or E3
/// (U+3000); C2 and E2 also start « » – “ ”, common in Arabic news, so each such character is
/// decoded and asked.
fn has_unusual_space(s: &str) -> bool {
    let bytes = s.as_bytes();
    let is_space_at = |at: usize| s[at..].chars().next().is_some_and(char::is_whitespace);
    memchr::memchr3_iter(0x0B, 0xC2, 0xE2, bytes).any(is_space_at)
        || memchr::memchr2_iter(0xE1, 0xE3, bytes).any(is_space_at)
}

/// `char::is_alphanumeric`, answered at once for ASCII and the Arabic letters (ء..ي, all
/// alphabetic); Unicode's tables, which cost a hundred instructions or more a character, are
/// asked only about the rest.
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    ('ء'..='ي').contains(&c) || c.is_alphanumeric()
}

/// `char::is_alphabetic`, with the same shortcuts as `is_alphanumeric`.
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    ('ء'..='ي').contains(&c) || c.is_alphabetic()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_shortcuts_agree_with_unicode() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn counts_match_split_whitespace() {
        let samples = [
            "",
            " ",
            "بغداد",
            "  انفجار   في\tبغداد \n",
            "a\u{A0}b \u{A0} c",
            "«الاقتصادية» – من الرياض",
            "x\u{2003}y\u{3000}z\u{1680}w\u{85}v\u{202F}u\u{205F}t\u{2028}s",
            "\u{0B}a\u{0C}b\u{1C}c",
            "١٥ كانون الثاني ٢٠٢٢",
        ];
        for s in samples {
            let expected: Vec<&str> = s.split_whitespace().collect();
            assert_eq!(count_words(s), expected.len(), "{s:?}");
            assert_eq!(words(s).collect::<Vec<_>>(), expected, "{s:?}");
            assert_eq!(is_single_spaced(s), expected.join(" ") == s, "{s:?}");
            let spaces = s.split(' ').count() - 1;
            for limit in 0..spaces + 2 {
                let counted = spaces_up_to(s, limit);
                assert!(
                    counted == spaces || (counted >= limit && spaces >= limit),
                    "{s:?}"
                );
            }
        }
    }

    #[test]
    fn every_white_space_character_is_seen() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for s in [format!("a{c}b"), format!("{c}"), format!("{c} a {c}{c}")] {
                let expected: Vec<&str> = s.split_whitespace().collect();
                assert_eq!(count_words(&s), expected.len(), "{c:?}");
                assert_eq!(words(&s).collect::<Vec<_>>(), expected, "{c:?}");
                assert_eq!(is_single_spaced(&s), expected.join(" ") == s, "{c:?}");
            }
        }
    }
}
