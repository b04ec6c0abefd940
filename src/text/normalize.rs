//! Arabic folding for matching. Display always keeps the original text; this form exists only
//! so that spelling variants of one word compare equal.
//!
//! What folds: the alef variants (أ إ آ ٱ) to ا, ى to ي, ة to ه, the hamza carriers ؤ ئ to
//! و ي, Persian/Kurdish letter forms (ک ی ھ ۀ) to their Arabic ones, diacritics and tatweel
//! are dropped, Arabic-Indic and Persian digits become ASCII, Latin letters are lower-cased.
//! Everything that is not a letter or digit becomes a word break, and breaks collapse to one
//! space, so the result is words separated by single spaces with a space at each end: that
//! lets a pattern anchor on word starts by matching the space before them.
//!
//! One folding loop, two outputs: a string ([`normalize`], for fuzzy search) and [`Folded`],
//! one byte per character (for the tagger and the article id).

/// Normalise `text` for matching, as a string: for fuzzy search over titles.
pub fn normalize(text: &str) -> String {
    let mut sink = StringSink {
        out: String::with_capacity(text.len() + 2),
        origin: None,
    };
    fold_into(text, &mut sink);
    sink.out
}

/// Normalised text with, for each byte of it, the byte offset in the original text of the
/// character it came from (plus one final entry for the end). Used to map a match in the
/// normalised text back to the original, e.g. to highlight a search match in a title.
pub struct Mapped {
    pub text: String,
    pub origin: Vec<u32>,
}

impl Mapped {
    /// The byte range of `source` (the text this was made from) that the normalised range
    /// `start..end` came from, widened to whole characters.
    pub fn original_range(&self, source: &str, start: usize, end: usize) -> std::ops::Range<usize> {
        original_range(&self.origin, source, start, end)
    }
}

fn original_range(
    origin: &[u32],
    source: &str,
    start: usize,
    end: usize,
) -> std::ops::Range<usize> {
    let from = origin[start] as usize;
    let last = origin[end.saturating_sub(1).max(start)] as usize;
    let stop = last + source[last..].chars().next().map_or(0, char::len_utf8);
    from..stop.max(from)
}

/// Normalise `text`, keeping the map from normalised to original offsets.
pub fn normalize_mapped(text: &str) -> Mapped {
    let mut sink = StringSink {
        out: String::with_capacity(text.len() + 2),
        origin: Some(Vec::with_capacity(text.len() + 2)),
    };
    fold_into(text, &mut sink);
    let mut origin = sink.origin.unwrap_or_default();
    origin.push(text.len() as u32);
    Mapped {
        text: sink.out,
        origin,
    }
}

/// Fold one term or phrase from a lexicon or gazetteer: the same folding as the text, without
/// the surrounding spaces.
pub fn normalize_term(term: &str) -> String {
    normalize(term).trim().to_string()
}

/// Text folded for the tagger: the same folding as [`normalize`], one byte per character.
///
/// Arabic letters take two bytes in UTF-8 and the tagger's automaton pays per byte, so the
/// tagger reads this form instead: ASCII letters, digits, the space and the clause mark `|`
/// are themselves; a folded Arabic letter U+0621..U+064A is `0x80 + (code point - 0x621)`;
/// any other letter (Kurdish extensions, Latin with accents, other scripts) is [`OTHER`],
/// and the letter itself is kept, in order, in `others`, so two texts that differ only there
/// are still told apart by the article id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folded {
    pub bytes: Vec<u8>,
    pub others: Vec<char>,
}

/// The folded byte of a letter outside the one-byte alphabet.
pub const OTHER: u8 = 0xFF;

/// The first Arabic letter of the one-byte alphabet (hamza) and its byte.
const ARABIC_FIRST: u32 = 0x0621;
const ARABIC_LAST: u32 = 0x064A;
const ARABIC_BASE: u8 = 0x80;

impl Folded {
    /// The folded text as a string (OTHER letters shown as U+FFFD): for tests, debugging and
    /// messages.
    pub fn to_text(&self) -> String {
        unfold(&self.bytes)
    }

    /// Feed [`normalize`]'s string for the same text to `sink`, a block of UTF-8 at a time,
    /// without building it: the article id hashes it.
    pub fn normalized_utf8(&self, mut sink: impl FnMut(&[u8])) {
        let mut others = self.others.iter();
        // Large enough for most articles in one block: BLAKE3 hashes the 1 KiB chunks of one
        // update in parallel (SIMD), but chunk by chunk across small updates.
        let mut block = [0u8; 16 * 1024];
        let mut used = 0;
        for &b in &self.bytes {
            if used + 4 > block.len() {
                sink(&block[..used]);
                used = 0;
            }
            if b == OTHER {
                let c = others
                    .next()
                    .copied()
                    .unwrap_or(char::REPLACEMENT_CHARACTER);
                used += c.encode_utf8(&mut block[used..]).len();
                continue;
            }
            // Without a branch between ASCII and Arabic (they alternate at every word): write
            // two bytes, keep one or two.
            let (utf8, len) = UTF8_OF_CODE[usize::from(b)];
            block[used..used + 2].copy_from_slice(&utf8);
            used += usize::from(len);
        }
        sink(&block[..used]);
    }
}

/// The UTF-8 of each one-byte code (ASCII: one byte, Arabic U+0621..: two), with its length.
static UTF8_OF_CODE: [([u8; 2], u8); 256] = {
    let mut table = [([0u8; 2], 1u8); 256];
    let mut b = 0;
    while b < 256 {
        table[b] = if b < 0x80 {
            ([b as u8, 0], 1)
        } else {
            let cp = ARABIC_FIRST + (b as u32 - ARABIC_BASE as u32);
            ([0xC0 | (cp >> 6) as u8, 0x80 | (cp & 0x3F) as u8], 2)
        };
        b += 1;
    }
    table
};

/// Folded bytes back to text (OTHER as U+FFFD).
fn unfold(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char_of(b)).collect()
}

/// Fold `text` for the tagger.
pub fn fold(text: &str) -> Folded {
    let mut folder = Folder::with_capacity(text.len());
    folder.feed(text);
    folder.finish()
}

/// Fold a lexicon or gazetteer term: the same folding as the text, without the surrounding
/// spaces.
pub fn fold_term(term: &str) -> Vec<u8> {
    let folded = fold(term);
    folded.bytes.trim_ascii().to_vec()
}

/// Folded text with, for each byte, the byte offset in the original text of the character it
/// came from (plus one final entry for the end): maps a tagger hit back to the original, to
/// highlight it in the detail view.
pub struct FoldedMapped {
    pub folded: Folded,
    pub origin: Vec<u32>,
}

impl FoldedMapped {
    /// The byte range of `source` (the text this was made from) that the folded range
    /// `start..end` came from, widened to whole characters.
    pub fn original_range(&self, source: &str, start: usize, end: usize) -> std::ops::Range<usize> {
        original_range(&self.origin, source, start, end)
    }
}

pub fn fold_mapped(text: &str) -> FoldedMapped {
    let mut sink = MappedByteSink {
        folded: Folded {
            bytes: Vec::with_capacity(text.len() + 2),
            others: Vec::new(),
        },
        origin: Vec::with_capacity(text.len() + 2),
    };
    fold_into(text, &mut sink);
    let mut origin = sink.origin;
    origin.push(text.len() as u32);
    FoldedMapped {
        folded: sink.folded,
        origin,
    }
}

/// Folds several pieces of text as if they were one (title, a paragraph break, body) without
/// first copying them into one string.
pub struct Folder {
    sink: ByteSink,
    state: State,
}

impl Folder {
    pub fn with_capacity(bytes: usize) -> Folder {
        let mut folder = Folder {
            sink: ByteSink {
                folded: Folded {
                    bytes: Vec::with_capacity(bytes + 2),
                    others: Vec::new(),
                },
            },
            state: State::default(),
        };
        folder.state.start(&mut folder.sink);
        folder
    }

    pub fn feed(&mut self, text: &str) {
        fold_chars(text, &mut self.state, &mut self.sink);
    }

    pub fn finish(mut self) -> Folded {
        self.state.end(&mut self.sink, 0);
        self.sink.folded
    }
}

/// Where folded characters go: a string (search), or one byte per character (tagger), with
/// the source offset of each when a map is wanted.
trait Sink {
    /// A character of the one-byte alphabet (including the space and the clause mark).
    fn push(&mut self, byte: u8, source_offset: usize);
    /// A letter outside it.
    fn push_other(&mut self, c: char, source_offset: usize);
}

struct StringSink {
    out: String,
    origin: Option<Vec<u32>>,
}

impl Sink for StringSink {
    #[inline]
    fn push(&mut self, byte: u8, source_offset: usize) {
        let before = self.out.len();
        self.out.push(char_of(byte));
        if let Some(origin) = &mut self.origin {
            origin.resize(origin.len() + self.out.len() - before, source_offset as u32);
        }
    }

    fn push_other(&mut self, c: char, source_offset: usize) {
        let before = self.out.len();
        self.out.push(c);
        if let Some(origin) = &mut self.origin {
            origin.resize(origin.len() + self.out.len() - before, source_offset as u32);
        }
    }
}

struct ByteSink {
    folded: Folded,
}

impl Sink for ByteSink {
    #[inline(always)]
    fn push(&mut self, byte: u8, _: usize) {
        self.folded.bytes.push(byte);
    }

    fn push_other(&mut self, c: char, source_offset: usize) {
        self.folded.others.push(c);
        self.push(OTHER, source_offset);
    }
}

/// A [`ByteSink`] that also records where each byte came from.
struct MappedByteSink {
    folded: Folded,
    origin: Vec<u32>,
}

impl Sink for MappedByteSink {
    fn push(&mut self, byte: u8, source_offset: usize) {
        self.folded.bytes.push(byte);
        self.origin.push(source_offset as u32);
    }

    fn push_other(&mut self, c: char, source_offset: usize) {
        self.folded.others.push(c);
        self.push(OTHER, source_offset);
    }
}

/// The one-byte code of a folded character, if it has one.
#[inline]
fn code_of(c: char) -> Option<u8> {
    let cp = c as u32;
    if cp < 0x80 {
        Some(cp as u8)
    } else if (ARABIC_FIRST..=ARABIC_LAST).contains(&cp) {
        Some(ARABIC_BASE + (cp - ARABIC_FIRST) as u8)
    } else {
        None
    }
}

#[inline]
fn char_of(byte: u8) -> char {
    match byte {
        0..0x80 => char::from(byte),
        OTHER => char::REPLACEMENT_CHARACTER,
        _ => char::from_u32(ARABIC_FIRST + u32::from(byte - ARABIC_BASE))
            .unwrap_or(char::REPLACEMENT_CHARACTER),
    }
}

/// What one source character becomes.
#[derive(Clone, Copy)]
enum Fold {
    Keep(char),
    Drop,
    Break,
    /// Punctuation that ends a clause (comma, full stop, colon, line break): a word
    /// break that is also kept as the token `|`, so rules that look at the word right before a
    /// name ("شمال بغداد") are not fooled by "(شمال)، وديالى", and phrases never span it.
    Clause,
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
        // Brackets are not among them: names are often bracketed ("لـ(بغداد اليوم)",
        // "خط (بيجي – كركوك)").
        '،' | ',' | ';' | '؛' | ':' | '.' | '!' | '?' | '؟' | '\n' => Fold::Clause,
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

/// What the hot loop does with one character, as a byte: one of the actions below, or the
/// folded character's one-byte code (codes are never below 0x20).
const DROP: u8 = 0;
const BREAK: u8 = 1;
const CLAUSE: u8 = 2;
/// Not in the table: fold the character the slow way.
const SLOW: u8 = 3;

fn action_of(c: char) -> u8 {
    match fold_char(c) {
        Fold::Keep(k) => code_of(k).unwrap_or(SLOW),
        Fold::Drop => DROP,
        Fold::Break => BREAK,
        Fold::Clause => CLAUSE,
    }
}

/// Actions precomputed for ASCII and the Arabic block (U+0600..U+06FF, two-byte UTF-8
/// sequences led by 0xD8..0xDB), where nearly every character of an article falls: the hot
/// loop does one lookup per character without decoding UTF-8.
struct FoldTable {
    ascii: [u8; 128],
    arabic: [u8; 256],
}

static FOLD_TABLE: std::sync::LazyLock<FoldTable> = std::sync::LazyLock::new(|| FoldTable {
    ascii: std::array::from_fn(|i| action_of(char::from(i as u8))),
    arabic: std::array::from_fn(|i| action_of(char::from_u32(0x0600 + i as u32).unwrap_or('\0'))),
});

/// Where the folding stands, carried across the pieces of one text.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Nothing but the opening space yet: a clause mark never opens the text.
    #[default]
    Fresh,
    /// Inside a word.
    InWord,
    /// After a word and a space.
    Spaced,
    /// After a clause mark and its space: marks never repeat.
    Clause,
}

impl State {
    /// Every word, the first included, is preceded by a space.
    fn start(&mut self, sink: &mut impl Sink) {
        sink.push(b' ', 0);
        *self = State::Fresh;
    }

    /// ...and followed by one.
    fn end(&mut self, sink: &mut impl Sink, source_len: usize) {
        if *self == State::InWord {
            sink.push(b' ', source_len);
            *self = State::Spaced;
        }
    }

    #[inline(always)]
    fn letter(&mut self, sink: &mut impl Sink, code: u8, offset: usize) {
        sink.push(code, offset);
        *self = State::InWord;
    }

    #[inline(always)]
    fn apply(&mut self, sink: &mut impl Sink, action: u8, offset: usize) {
        if action > SLOW {
            return self.letter(sink, action, offset);
        }
        match (action, *self) {
            (BREAK, State::InWord) => {
                sink.push(b' ', offset);
                *self = State::Spaced;
            }
            (CLAUSE, State::InWord | State::Spaced) => {
                if *self == State::InWord {
                    sink.push(b' ', offset);
                }
                sink.push(b'|', offset);
                sink.push(b' ', offset);
                *self = State::Clause;
            }
            _ => {}
        }
    }
}

fn fold_into(text: &str, sink: &mut impl Sink) {
    let mut state = State::default();
    state.start(sink);
    fold_chars(text, &mut state, sink);
    state.end(sink, text.len());
}

fn fold_chars(text: &str, shared_state: &mut State, sink: &mut impl Sink) {
    // A local copy the compiler can keep in a register.
    let mut local_state = *shared_state;
    let state = &mut local_state;
    let table = &*FOLD_TABLE;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let lead = bytes[i];
        if lead < 0x80 {
            state.apply(sink, table.ascii[lead as usize], i);
            i += 1;
            continue;
        }
        if (0xD8..=0xDB).contains(&lead) {
            // Valid UTF-8 (a &str): a continuation byte follows.
            let action = table.arabic[arabic_index(lead, bytes[i + 1])];
            if action > SLOW {
                // A run of Arabic letters (and harakat, dropped): one table lookup each, and
                // no state to consult until the run ends.
                state.letter(sink, action, i);
                i += 2;
                while i + 1 < bytes.len() && (0xD8..=0xDB).contains(&bytes[i]) {
                    match table.arabic[arabic_index(bytes[i], bytes[i + 1])] {
                        DROP => {}
                        letter if letter > SLOW => sink.push(letter, i),
                        _ => break,
                    }
                    i += 2;
                }
                continue;
            }
            if action != SLOW {
                state.apply(sink, action, i);
                i += 2;
                continue;
            }
        }
        let c = text[i..].chars().next().unwrap_or('\0');
        fold_slow(c, state, sink, i);
        i += c.len_utf8();
    }
    *shared_state = local_state;
}

/// The index in [`FoldTable::arabic`] of the two-byte character `lead`, `next` (U+0600..U+06FF).
#[inline(always)]
fn arabic_index(lead: u8, next: u8) -> usize {
    (usize::from(lead & 0x03) << 6) | usize::from(next & 0x3F)
}

/// A character outside the tables' reach, or a letter outside the one-byte alphabet.
fn fold_slow(c: char, state: &mut State, sink: &mut impl Sink, offset: usize) {
    // Lam-alef ligatures (U+FEF5..U+FEFC) are two letters: lam then an alef variant.
    if ('\u{FEF5}'..='\u{FEFC}').contains(&c) {
        state.letter(sink, code_of('ل').unwrap_or(OTHER), offset);
        state.letter(sink, code_of('ا').unwrap_or(OTHER), offset);
        return;
    }
    match fold_char(c) {
        Fold::Keep(k) => match code_of(k) {
            Some(code) => state.letter(sink, code, offset),
            None => {
                sink.push_other(k, offset);
                *state = State::InWord;
            }
        },
        Fold::Drop => {}
        Fold::Break => state.apply(sink, BREAK, offset),
        Fold::Clause => state.apply(sink, CLAUSE, offset),
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
        assert_eq!(normalize("«داعش»، و(الحشد)."), " داعش | و الحشد | ");
        assert_eq!(normalize("أ - ب / ج"), " ا ب ج ");
        assert_eq!(normalize("  "), " ");
    }

    #[test]
    fn presentation_forms_fold_to_letters() {
        // "ﺑﻐﺪﺍﺩ" written in presentation forms; "ﻻ" is the lam-alef ligature.
        assert_eq!(normalize("ﺑﻐﺪﺍﺩ"), " بغداد ");
        assert_eq!(normalize("ﻻ"), " لا ");
        assert_eq!(normalize("بﻻ"), " بلا ");
    }

    #[test]
    fn folded_bytes_are_the_normalised_text_one_byte_per_character() {
        for text in [
            "وبالموصل، أمس: انفجار عبوةٍ ناسفة!",
            "ISIS fighters في الأنبار ٢٠٢١",
            "کوردستان ڕێگا",
            "ﺑﻐﺪﺍﺩ ﻻ",
        ] {
            let folded = fold(text);
            let normal = normalize(text);
            assert_eq!(folded.bytes.len(), normal.chars().count(), "{text}");
            let mut utf8 = Vec::new();
            folded.normalized_utf8(|block| utf8.extend_from_slice(block));
            assert_eq!(String::from_utf8(utf8).unwrap(), normal, "{text}");
            let others: String = normal.chars().filter(|c| code_of(*c).is_none()).collect();
            assert_eq!(folded.others.iter().collect::<String>(), others, "{text}");
            let shown: String = normal
                .chars()
                .map(|c| {
                    if code_of(c).is_none() {
                        char::REPLACEMENT_CHARACTER
                    } else {
                        c
                    }
                })
                .collect();
            assert_eq!(folded.to_text(), shown, "{text}");
        }
        assert_eq!(fold_term(" الأنبار "), fold("الانبار").bytes.trim_ascii());
    }

    #[test]
    fn pieces_fold_like_the_whole() {
        let mut folder = Folder::with_capacity(64);
        folder.feed("عنوان الخبر");
        folder.feed("\n\n");
        folder.feed("نص، الخبر");
        assert_eq!(folder.finish(), fold("عنوان الخبر\n\nنص، الخبر"));
    }

    #[test]
    fn folded_map_points_back_into_the_source() {
        let src = "في بغـداد، أمس";
        let m = fold_mapped(src);
        let start = m.folded.to_text().find("بغداد").unwrap();
        // One byte per character: the character index is the byte index.
        let start = m.folded.to_text()[..start].chars().count();
        let r = m.original_range(src, start, start + 5);
        assert_eq!(&src[r], "بغـداد");
    }

    #[test]
    fn mapped_offsets_point_back_into_the_source() {
        let src = "في بغـداد، أمس";
        let m = normalize_mapped(src);
        assert_eq!(m.text, " في بغداد | امس ");
        let start = m.text.find("بغداد").unwrap();
        let r = m.original_range(src, start, start + "بغداد".len());
        assert_eq!(&src[r], "بغـداد");
        let start = m.text.find("امس").unwrap();
        let r = m.original_range(src, start, start + "امس".len());
        assert_eq!(&src[r], "أمس");
    }
}
