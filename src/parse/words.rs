//! Counting words, spaces and digits cheaply. The rules ask "how many words?" of every line,
//! and `split_whitespace` decodes each character and asks Unicode whether it is white space,
//! which made these counts a large part of the parse time on Arabic text. Here the bytes are
//! read instead, in loops the compiler can vectorise where the question allows.

/// The number of ASCII spaces in `s`, so that `s.split(' ').nth(n).is_some()` is
/// `spaces(s) >= n`.
pub fn spaces(s: &str) -> usize {
    count_bytes(s.as_bytes(), |b| b == b' ')
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
    let next = bytes.get(1..).unwrap_or_default();
    bytes
        .chunks(255)
        .zip(next.chunks(255))
        .map(|(block, after)| {
            block
                .iter()
                .zip(after)
                .fold(0u8, |n, (&b, &a)| n + u8::from(pred(b, a))) as usize
        })
        .sum()
}

/// `s.split_whitespace().count()`, but it stops counting past `limit`: the result is exact up
/// to `limit` and `limit + 1` for anything longer (the callers compare with a threshold, and a
/// paragraph need not be read to its end to know it has more than 30 words).
pub fn count_words_up_to(s: &str, limit: usize) -> usize {
    let bytes = s.as_bytes();
    let mut words = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let (is_space, len) = match bytes[i] {
            b'\t'..=b'\r' | b' ' => (true, 1),
            // The only lead bytes of non-ASCII white space (U+0085, U+00A0, U+1680,
            // U+2000..U+205F, U+3000): decode just these characters.
            0xC2 | 0xE1..=0xE3 => {
                let c = s[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), c.len_utf8())
            }
            // Any other byte, continuation bytes included, is inside a word.
            _ => (false, 1),
        };
        if !is_space && !in_word {
            words += 1;
            if words > limit {
                return words;
            }
        }
        in_word = !is_space;
        i += len;
    }
    words
}

/// `s.split_whitespace().count()`.
pub fn count_words(s: &str) -> usize {
    count_words_up_to(s, usize::MAX)
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
            let expected = s.split_whitespace().count();
            assert_eq!(count_words(s), expected, "{s:?}");
            for limit in 0..expected + 2 {
                assert_eq!(
                    count_words_up_to(s, limit),
                    expected.min(limit + 1),
                    "{s:?}"
                );
            }
            assert_eq!(spaces(s), s.split(' ').count() - 1, "{s:?}");
        }
    }

    #[test]
    fn every_white_space_character_is_seen() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            assert_eq!(count_words(&s), s.split_whitespace().count(), "{c:?}");
        }
    }
}
