//! Every lexicon and gazetteer entry in one automaton, with Arabic word boundaries.
//!
//! Arabic attaches conjunctions, prepositions and the article to the word ("وبالموصل" is
//! و + ب + ال + موصل), so a plain whole-word match misses most mentions and a plain substring
//! match finds names inside other words. Here an entry's *core* (its first word without ال) is
//! matched in the folded text (one byte per letter, see [`crate::text::Folded`]) where a word
//! starts or where a valid clitic chain opening the word ends (the [`Automaton`] finds exactly
//! those), and a hit counts only when what follows it in its word is the word's end, an allowed
//! suffix, or (for `*` entries) anything.
//!
//! Overlapping hits are resolved per layer, leftmost-longest over whole words (two entries
//! matching exactly the same words both stand, so one term may serve two themes): a longer phrase
//! beats a shorter term inside it, and an exclusion phrase ("جهاز مكافحة الارهاب") swallows the
//! term it contains. Layers (themes, places) are resolved independently, so "ساحة التحرير" can
//! be both a protest term and a Baghdad place.

use std::sync::LazyLock;

use super::automaton::Automaton;
use crate::text::{OTHER, fold_term};

/// What may follow an entry inside its word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suffix {
    /// The word must end: place names ("البغدادي" is a surname, not Baghdad).
    None,
    /// Attached pronouns only (ه ها هم هما هن): "اغتياله" is still "اغتيال".
    Pronoun,
    /// Anything (an entry written with a trailing `*`).
    Any,
}

/// Clitic chains allowed before a core: optional conjunction, optional preposition, optional
/// article; ل + ال is written لل.
const CLITICS: &[&str] = &[
    "و", "ف", "ب", "ك", "ل", "ال", "وب", "وك", "ول", "فب", "فك", "فل", "وال", "فال", "بال", "كال",
    "لل", "وبال", "وكال", "ولل", "فبال", "فكال", "فلل",
];

const PRONOUN_SUFFIXES: &[&str] = &["ه", "ها", "هم", "هما", "هن"];

/// The affixes above, folded (see [`crate::text::Folded`]): the matcher works on folded bytes.
struct Affixes {
    chains: Vec<Vec<u8>>,
    /// Pronoun suffixes, [`pack`]ed.
    pronouns: Vec<u64>,
    article: Vec<u8>,
}

static AFFIXES: LazyLock<Affixes> = LazyLock::new(|| Affixes {
    chains: CLITICS.iter().map(|c| fold_term(c)).collect(),
    pronouns: PRONOUN_SUFFIXES
        .iter()
        .map(|p| pack(&fold_term(p)))
        .collect(),
    article: fold_term("ال"),
});

/// The longest affix: the longest clitic chain ("وبال": four letters, one byte each when
/// folded), and the longest pronoun suffix.
const MAX_AFFIX_BYTES: usize = 4;

/// A string of at most [`MAX_AFFIX_BYTES`] bytes as one integer (length in the top byte):
/// affixes compare as integers, without a call to memcmp.
pub(crate) fn pack(bytes: &[u8]) -> u64 {
    debug_assert!(bytes.len() <= MAX_AFFIX_BYTES);
    bytes.iter().fold((bytes.len() as u64) << 56, |acc, b| {
        (acc << 8) | u64::from(*b)
    })
}

/// One entry added to the matcher: what it belongs to is the caller's business (`id`).
#[derive(Debug, Clone, Copy)]
struct Pattern {
    id: u32,
    layer: u16,
    suffix: Suffix,
}

/// A resolved hit: `id` of the entry, and its span in the folded text, clitics and suffix
/// included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub id: u32,
    pub layer: u16,
    pub start: usize,
    pub end: usize,
}

#[derive(Default)]
pub struct Builder {
    patterns: Vec<Vec<u8>>,
    info: Vec<Pattern>,
}

impl Builder {
    /// Add an entry as written in a lexicon ("العبوة الناسفة", "ارهابي*"). Returns false when
    /// it is empty after folding.
    pub fn add(&mut self, written: &str, id: u32, layer: u16, default_suffix: Suffix) -> bool {
        let (body, suffix) = match written.trim().strip_suffix('*') {
            Some(stem) => (stem, Suffix::Any),
            None => (written, default_suffix),
        };
        let folded = fold_term(body);
        if folded.is_empty() {
            return false;
        }
        if folded.contains(&OTHER) {
            // Folded text keeps one byte for every letter outside the Arabic and ASCII
            // alphabet, so such an entry would match any of them: leave it out, and say so.
            tracing::warn!(
                entry = written,
                "entry has letters outside Arabic and ASCII: ignored"
            );
            return false;
        }
        for variant in variants(&folded) {
            self.patterns.push(variant);
            self.info.push(Pattern { id, layer, suffix });
        }
        true
    }

    pub fn build(self) -> Matcher {
        Matcher {
            automaton: Automaton::new(&self.patterns, &AFFIXES.chains),
            info: self.info,
        }
    }
}

/// The forms an entry is searched in: its core (first word without ال), and the same with the
/// article toggled on the later words, since Arabic marks definiteness on every word of a
/// noun phrase ("عبوة ناسفة" / "العبوة الناسفة").
fn variants(folded: &[u8]) -> Vec<Vec<u8>> {
    let article = AFFIXES.article.as_slice();
    let words: Vec<&[u8]> = folded.split(|b| *b == b' ').collect();
    let first = strip_article(words[0]);
    let join = |words: &[Vec<u8>]| words.join(&b' ');
    let mut plain = vec![first.to_vec()];
    plain.extend(words[1..].iter().map(|w| w.to_vec()));
    let mut out = vec![join(&plain)];
    if words.len() > 1 {
        let mut toggled = vec![first.to_vec()];
        toggled.extend(words[1..].iter().map(|w| match w.strip_prefix(article) {
            Some(bare) if bare.len() >= 2 => bare.to_vec(),
            _ => [article, w].concat(),
        }));
        let toggled = join(&toggled);
        if toggled != out[0] {
            out.push(toggled);
        }
    }
    out
}

/// "الموصل" -> "موصل"; a short word keeps its article ("الم" is not a name).
fn strip_article(word: &[u8]) -> &[u8] {
    match word.strip_prefix(AFFIXES.article.as_slice()) {
        Some(core) if core.len() >= 2 => core,
        _ => word,
    }
}

pub struct Matcher {
    automaton: Automaton,
    info: Vec<Pattern>,
}

impl Matcher {
    /// All valid hits in `text` (folded by [`crate::text::fold`]), resolved per layer
    /// leftmost-longest, in text order.
    pub fn find(&self, text: &[u8]) -> Vec<Hit> {
        let affixes = &*AFFIXES;
        // About one candidate per 25 bytes of lexicon-dense text: room enough that the
        // buffer seldom grows.
        let mut candidates: Vec<(Hit, usize)> = Vec::with_capacity(text.len() / 16);
        self.automaton.find(text, |pattern, core, end| {
            let info = self.info[pattern as usize];
            if let Some(word_end) = valid_suffix(affixes, text, end, info.suffix) {
                let hit = Hit {
                    id: info.id,
                    layer: info.layer,
                    start: word_start(text, core),
                    end: word_end,
                };
                candidates.push((hit, end - core));
            }
        });
        resolve(candidates)
    }
}

/// The start of the word holding `core` (a word start, or the end of the clitic chain
/// opening a word: at most [`MAX_AFFIX_BYTES`] back).
fn word_start(text: &[u8], core: usize) -> usize {
    let mut start = core;
    while start > 0 && text[start - 1] != b' ' {
        start -= 1;
    }
    start
}

/// Per layer, leftmost-longest over whole words; then text order.
fn resolve(mut candidates: Vec<(Hit, usize)>) -> Vec<Hit> {
    // Leftmost first; at the same word, the longest core first (the id makes the order total,
    // so the unstable sort is deterministic). Candidates arrive in word order, so this sort
    // has little to do.
    candidates.sort_unstable_by_key(|(h, len)| (h.start, h.layer, std::cmp::Reverse(*len), h.id));
    // Per layer, the span of the hit last kept: a hit overlapping it loses, unless it covers
    // exactly the same words.
    let mut last_kept: Vec<Option<(usize, usize)>> = Vec::with_capacity(32);
    let mut hits = Vec::with_capacity(candidates.len());
    for (hit, _) in candidates {
        let layer = usize::from(hit.layer);
        if layer >= last_kept.len() {
            last_kept.resize(layer + 1, None);
        }
        if let Some((start, end)) = last_kept[layer]
            && hit.start < end
            && (hit.start, hit.end) != (start, end)
        {
            continue;
        }
        last_kept[layer] = Some((hit.start, hit.end));
        hits.push(hit);
    }
    hits
}

/// The end of the word containing a hit ending at `end`, if what follows is allowed.
fn valid_suffix(affixes: &Affixes, text: &[u8], end: usize, suffix: Suffix) -> Option<usize> {
    let rest = &text[end..];
    let word_len = rest.iter().position(|b| *b == b' ').unwrap_or(rest.len());
    if word_len == 0 {
        return Some(end);
    }
    let ok = match suffix {
        Suffix::None => false,
        Suffix::Any => true,
        Suffix::Pronoun => {
            word_len <= MAX_AFFIX_BYTES && affixes.pronouns.contains(&pack(&rest[..word_len]))
        }
    };
    ok.then_some(end + word_len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    fn matcher(entries: &[(&str, u32, u16, Suffix)]) -> Matcher {
        let mut b = Builder::default();
        for (w, id, layer, s) in entries {
            assert!(b.add(w, *id, *layer, *s));
        }
        b.build()
    }

    fn ids(m: &Matcher, text: &str) -> Vec<u32> {
        m.find(&fold(text).bytes).iter().map(|h| h.id).collect()
    }

    #[test]
    fn clitics_and_article_are_optional_prefixes() {
        let m = matcher(&[("الموصل", 1, 1, Suffix::None)]);
        for text in [
            "في الموصل",
            "وبالموصل",
            "للموصل",
            "موصل",
            "والموصل اليوم",
            "فالموصل",
        ] {
            assert_eq!(ids(&m, text), vec![1], "{text}");
        }
        for text in ["الموصلي", "الموصلية", "تالموصل"] {
            assert!(ids(&m, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn suffix_rules() {
        let m = matcher(&[
            ("اغتيال", 1, 0, Suffix::Pronoun),
            ("ارهابي*", 2, 0, Suffix::Pronoun),
        ]);
        assert_eq!(ids(&m, "اغتياله"), vec![1]);
        assert!(ids(&m, "اغتيالات").is_empty());
        assert_eq!(ids(&m, "الإرهابيين"), vec![2]);
    }

    #[test]
    fn definiteness_toggles_on_later_words() {
        let m = matcher(&[("عبوة ناسفة", 1, 0, Suffix::Pronoun)]);
        assert_eq!(ids(&m, "انفجرت العبوة الناسفة"), vec![1]);
        assert_eq!(ids(&m, "بعبوة ناسفة"), vec![1]);
    }

    #[test]
    fn longest_wins_within_a_layer_and_exclusions_swallow() {
        let m = matcher(&[
            ("مكافحة الإرهاب", 1, 0, Suffix::Pronoun),
            ("جهاز مكافحة الإرهاب", 2, 0, Suffix::Pronoun),
            ("الإرهاب", 3, 0, Suffix::Pronoun),
        ]);
        assert_eq!(ids(&m, "رئيس جهاز مكافحة الإرهاب"), vec![2]);
        assert_eq!(ids(&m, "جهود مكافحة الإرهاب"), vec![1]);
        assert_eq!(ids(&m, "ضد الإرهاب"), vec![3]);
    }

    #[test]
    fn the_same_words_can_serve_two_entries() {
        let m = matcher(&[
            ("حزب العمال", 1, 0, Suffix::Pronoun),
            ("حزب العمال", 2, 0, Suffix::Pronoun),
        ]);
        assert_eq!(ids(&m, "مقاتلو حزب العمال"), vec![1, 2]);
    }

    #[test]
    fn entries_with_letters_outside_the_alphabet_are_left_out() {
        let mut b = Builder::default();
        assert!(!b.add("café", 1, 0, Suffix::None));
        assert!(b.add("cafe", 2, 0, Suffix::None));
        let m = b.build();
        assert!(
            m.find(&fold("cafè").bytes).is_empty(),
            "è must not stand for é"
        );
        assert_eq!(m.find(&fold("the cafe").bytes).len(), 1);
    }

    #[test]
    fn hits_start_at_words_or_after_clitics_only() {
        let m = matcher(&[
            ("قتل", 1, 0, Suffix::Pronoun),
            ("عبوة ناسفة", 2, 0, Suffix::Pronoun),
        ]);
        // "مقتل" and "يقتل" hold the entry inside the word, after letters that are no clitics.
        assert!(ids(&m, "مقتل يقتل تقتله").is_empty());
        assert_eq!(ids(&m, "وقتل فقتله"), vec![1, 1]);
        assert_eq!(ids(&m, "وبعبوة ناسفة"), vec![2]);
    }

    #[test]
    fn layers_resolve_independently() {
        let m = matcher(&[
            ("ساحة التحرير", 1, 0, Suffix::Pronoun),
            ("ساحة التحرير", 2, 1, Suffix::None),
        ]);
        assert_eq!(ids(&m, "المتظاهرون في ساحة التحرير"), vec![1, 2]);
    }
}
