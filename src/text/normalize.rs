//! Arabic folding for matching. Display always keeps the original text; this form exists only
//! so that spelling variants of one word compare equal.
//!
//! What folds: the alef variants (أ إ آ ٱ) to ا, ى to ي, ة to ه, the hamza carriers ؤ ئ to
//! و ي, Persian/Kurdish letter forms (ک ی ھ ۀ) to their Arabic ones, diacritics and tatweel
//! are dropped, Arabic-Indic and Persian digits become ASCII, Latin letters are lower-cased.
//! Everything that is not a letter or digit becomes a word break, and breaks collapse to one
//! space, so the result is words separated by single spaces with a space at each end: that
//! lets a pattern anchor on word starts by matching the space before them.

/// Normalise `text` for matching.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    fold_into(text, &mut out, &mut NoMap);
    out
}

/// Normalised text with, for each byte of it, the byte offset in the original text of the
/// character it came from (plus one final entry for the end). Used to map a match in the
/// normalised text back to the original, e.g. to highlight a term in the detail view.
pub struct Mapped {
    pub text: String,
    pub origin: Vec<u32>,
}

impl Mapped {
    /// The byte range of `source` (the text this was made from) that the normalised range
    /// `start..end` came from, widened to whole characters.
    pub fn original_range(&self, source: &str, start: usize, end: usize) -> std::ops::Range<usize> {
        let from = self.origin[start] as usize;
        let last = self.origin[end.saturating_sub(1).max(start)] as usize;
        let stop = last + source[last..].chars().next().map_or(0, char::len_utf8);
        from..stop.max(from)
    }
}

/// Normalise `text`, keeping the map from normalised to original offsets.
pub fn normalize_mapped(text: &str) -> Mapped {
    let mut out = String::with_capacity(text.len() + 2);
    let mut map = OffsetMap {
        origin: Vec::with_capacity(text.len() + 2),
    };
    fold_into(text, &mut out, &mut map);
    map.origin.push(text.len() as u32);
    Mapped {
        text: out,
        origin: map.origin,
    }
}

/// Fold one term or phrase from a lexicon or gazetteer: the same folding as the text, without
/// the surrounding spaces.
pub fn normalize_term(term: &str) -> String {
    normalize(term).trim().to_string()
}

trait Recorder {
    fn record(&mut self, out_len_before: usize, out_len_after: usize, source_offset: usize);
}

struct NoMap;
impl Recorder for NoMap {
    #[inline]
    fn record(&mut self, _: usize, _: usize, _: usize) {}
}

struct OffsetMap {
    origin: Vec<u32>,
}
impl Recorder for OffsetMap {
    #[inline]
    fn record(&mut self, before: usize, after: usize, source_offset: usize) {
        for _ in before..after {
            self.origin.push(source_offset as u32);
        }
    }
}

/// What one source character becomes.
#[derive(Clone, Copy)]
enum Fold {
    Keep(char),
    Drop,
    Break,
}

#[inline]
fn fold_char(c: char) -> Fold {
    match c {
        'ا' | 'ب' | 'ت'..='غ' | 'ف'..='ن' | 'ه' | 'و' | 'ي' | 'ء' => Fold::Keep(c),
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => Fold::Keep('ا'),
        'ى' | 'ئ' | 'ی' | 'ې' | 'ێ' => Fold::Keep('ي'),
        'ة' | 'ۀ' | 'ھ' | 'ە' | 'ۃ' => Fold::Keep('ه'),
        'ؤ' => Fold::Keep('و'),
        'ک' | 'ڪ' => Fold::Keep('ك'),
        'گ' => Fold::Keep('ك'),
        'پ' => Fold::Keep('ب'),
        'چ' => Fold::Keep('ج'),
        'ژ' => Fold::Keep('ز'),
        'ڤ' => Fold::Keep('ف'),
        // Harakat, Quranic marks, superscript alef, tatweel: dropped without a break, so a
        // word written with them is the same word.
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | 'ـ' => Fold::Drop,
        // Joiners and bidi marks inside words are invisible: drop them too.
        '\u{200C}' | '\u{200D}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{FEFF}' => Fold::Drop,
        '٠'..='٩' => Fold::Keep(char::from(b'0' + (c as u32 - '٠' as u32) as u8)),
        '۰'..='۹' => Fold::Keep(char::from(b'0' + (c as u32 - '۰' as u32) as u8)),
        '0'..='9' | 'a'..='z' => Fold::Keep(c),
        'A'..='Z' => Fold::Keep(c.to_ascii_lowercase()),
        // Arabic presentation forms (old PDFs, copied shaped text) fold through NFKC-like
        // mapping for the common letters; rarer ones become breaks.
        '\u{FE70}'..='\u{FEFF}' => match presentation_base(c) {
            Some(base) => fold_char(base),
            None => Fold::Break,
        },
        c if c.is_alphanumeric() => Fold::Keep(c),
        _ => Fold::Break,
    }
}

/// Base letter of an Arabic presentation form B (U+FE80..U+FEFC) character.
fn presentation_base(c: char) -> Option<char> {
    // Table of (first code point, number of forms, base letter) for the letters in FE80..FEF4.
    const FORMS: &[(u32, u32, char)] = &[
        (0xFE80, 1, 'ء'),
        (0xFE81, 2, 'آ'),
        (0xFE83, 2, 'أ'),
        (0xFE85, 2, 'ؤ'),
        (0xFE87, 2, 'إ'),
        (0xFE89, 4, 'ئ'),
        (0xFE8D, 2, 'ا'),
        (0xFE8F, 4, 'ب'),
        (0xFE93, 2, 'ة'),
        (0xFE95, 4, 'ت'),
        (0xFE99, 4, 'ث'),
        (0xFE9D, 4, 'ج'),
        (0xFEA1, 4, 'ح'),
        (0xFEA5, 4, 'خ'),
        (0xFEA9, 2, 'د'),
        (0xFEAB, 2, 'ذ'),
        (0xFEAD, 2, 'ر'),
        (0xFEAF, 2, 'ز'),
        (0xFEB1, 4, 'س'),
        (0xFEB5, 4, 'ش'),
        (0xFEB9, 4, 'ص'),
        (0xFEBD, 4, 'ض'),
        (0xFEC1, 4, 'ط'),
        (0xFEC5, 4, 'ظ'),
        (0xFEC9, 4, 'ع'),
        (0xFECD, 4, 'غ'),
        (0xFED1, 4, 'ف'),
        (0xFED5, 4, 'ق'),
        (0xFED9, 4, 'ك'),
        (0xFEDD, 4, 'ل'),
        (0xFEE1, 4, 'م'),
        (0xFEE5, 4, 'ن'),
        (0xFEE9, 4, 'ه'),
        (0xFEED, 2, 'و'),
        (0xFEEF, 2, 'ى'),
        (0xFEF1, 4, 'ي'),
    ];
    let cp = c as u32;
    FORMS
        .iter()
        .find(|(first, n, _)| cp >= *first && cp < first + n)
        .map(|(_, _, base)| *base)
}

/// `fold_char` precomputed for the Arabic block (U+0600..U+06FF) and ASCII, where nearly
/// every character of an article falls: the hot loop then does one table lookup per char.
struct FoldTable {
    arabic: [Fold; 256],
    ascii: [Fold; 128],
}

static FOLD_TABLE: std::sync::LazyLock<FoldTable> = std::sync::LazyLock::new(|| FoldTable {
    arabic: std::array::from_fn(|i| {
        fold_char(char::from_u32(0x0600 + i as u32).unwrap_or('\u{0}'))
    }),
    ascii: std::array::from_fn(|i| fold_char(char::from(i as u8))),
});

#[inline]
fn fold_fast(table: &FoldTable, c: char) -> Fold {
    let cp = c as u32;
    if cp < 0x80 {
        table.ascii[cp as usize]
    } else if (0x0600..0x0700).contains(&cp) {
        table.arabic[(cp - 0x0600) as usize]
    } else {
        fold_char(c)
    }
}

fn fold_into(text: &str, out: &mut String, rec: &mut impl Recorder) {
    let table = &*FOLD_TABLE;
    // Leading space: every word, the first included, is preceded by one.
    out.push(' ');
    rec.record(0, 1, 0);
    let mut at_break = true;
    for (offset, c) in text.char_indices() {
        match fold_fast(table, c) {
            Fold::Keep(k) => {
                let before = out.len();
                out.push(k);
                rec.record(before, out.len(), offset);
                at_break = false;
            }
            Fold::Drop => {}
            Fold::Break => {
                if !at_break {
                    out.push(' ');
                    rec.record(out.len() - 1, out.len(), offset);
                    at_break = true;
                }
            }
        }
        // Lam-alef ligatures (U+FEF5..U+FEFC) are two letters: lam then an alef variant.
        if ('\u{FEF5}'..='\u{FEFC}').contains(&c) {
            let before = out.len();
            out.push('ل');
            out.push('ا');
            rec.record(before, out.len(), offset);
            at_break = false;
        }
    }
    if !at_break {
        out.push(' ');
        rec.record(out.len() - 1, out.len(), text.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_variants_fold_to_one_form() {
        assert_eq!(normalize("الإرهاب"), normalize("الارهاب"));
        assert_eq!(normalize("مستشفى"), normalize("مستشفي"));
        assert_eq!(normalize("البصرة"), normalize("البصره"));
        assert_eq!(normalize("مسؤول"), normalize("مسوول"));
        assert_eq!(normalize("الأنبار"), " الانبار ");
    }

    #[test]
    fn diacritics_and_tatweel_vanish_inside_words() {
        assert_eq!(normalize("الإرهَابِيّة"), normalize("الارهابيه"));
        assert_eq!(normalize("بغـــداد"), " بغداد ");
    }

    #[test]
    fn digits_fold_and_punctuation_breaks_words() {
        assert_eq!(normalize("٢٠٢١/٠٦/١٧"), " 2021 06 17 ");
        assert_eq!(normalize("«داعش»، و(الحشد)"), " داعش و الحشد ");
        assert_eq!(normalize("  "), " ");
    }

    #[test]
    fn presentation_forms_fold_to_letters() {
        // "ﺑﻐﺪﺍﺩ" written in presentation forms; "ﻻ" is the lam-alef ligature.
        assert_eq!(normalize("ﺑﻐﺪﺍﺩ"), " بغداد ");
        assert_eq!(normalize("ﻻ"), " لا ");
    }

    #[test]
    fn mapped_offsets_point_back_into_the_source() {
        let src = "في بغـداد، أمس";
        let m = normalize_mapped(src);
        assert_eq!(m.text, " في بغداد امس ");
        let start = m.text.find("بغداد").unwrap();
        let r = m.original_range(src, start, start + "بغداد".len());
        assert_eq!(&src[r], "بغـداد");
        let start = m.text.find("امس").unwrap();
        let r = m.original_range(src, start, start + "امس".len());
        assert_eq!(&src[r], "أمس");
    }
}
