//! Every lexicon and gazetteer entry in one Aho-Corasick automaton, with Arabic word
//! boundaries checked on each hit.
//!
//! Arabic attaches conjunctions, prepositions and the article to the word ("وبالموصل" is
//! و + ب + ال + موصل), so a plain whole-word match misses most mentions and a plain substring
//! match finds names inside other words. Here an entry's *core* (its first word without ال) is
//! searched as a substring of the normalised text, and a hit counts only when what precedes it
//! in its word is a valid clitic chain and what follows is the word's end, an allowed suffix,
//! or (for `*` entries) anything.
//!
//! Overlapping hits are resolved per layer, leftmost-longest over whole words (two entries
//! matching exactly the same words both stand, so one term may serve two themes): a longer phrase
//! beats a shorter term inside it, and an exclusion phrase ("جهاز مكافحة الارهاب") swallows the
//! term it contains. Layers (themes, places) are resolved independently, so "ساحة التحرير" can
//! be both a protest term and a Baghdad place.

use aho_corasick::{AhoCorasick, MatchKind};

use crate::text::normalize_term;

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
    "", "و", "ف", "ب", "ك", "ل", "ال", "وب", "وك", "ول", "فب", "فك", "فل", "وال", "فال", "بال",
    "كال", "لل", "وبال", "وكال", "ولل", "فبال", "فكال", "فلل",
];

const PRONOUN_SUFFIXES: &[&str] = &["ه", "ها", "هم", "هما", "هن"];

/// One entry added to the matcher: what it belongs to is the caller's business (`id`).
#[derive(Debug, Clone, Copy)]
struct Pattern {
    id: u32,
    layer: u16,
    suffix: Suffix,
}

/// A resolved hit: `id` of the entry, and its span in the normalised text, clitics and suffix
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
    patterns: Vec<String>,
    info: Vec<Pattern>,
}

impl Builder {
    /// Add an entry as written in a lexicon ("العبوة الناسفة", "ارهابي*"). Returns false when
    /// it is empty after normalisation.
    pub fn add(&mut self, written: &str, id: u32, layer: u16, default_suffix: Suffix) -> bool {
        let (body, suffix) = match written.trim().strip_suffix('*') {
            Some(stem) => (stem, Suffix::Any),
            None => (written, default_suffix),
        };
        let norm = normalize_term(body);
        if norm.is_empty() {
            return false;
        }
        for variant in variants(&norm) {
            self.patterns.push(variant);
            self.info.push(Pattern { id, layer, suffix });
        }
        true
    }

    pub fn build(self) -> Matcher {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(&self.patterns)
            .expect("lexicon patterns form a valid automaton");
        Matcher {
            ac,
            info: self.info,
        }
    }
}

/// The forms an entry is searched in: its core (first word without ال), and the same with the
/// article toggled on the later words, since Arabic marks definiteness on every word of a
/// noun phrase ("عبوة ناسفة" / "العبوة الناسفة").
fn variants(norm: &str) -> Vec<String> {
    let words: Vec<&str> = norm.split(' ').collect();
    let first = strip_article(words[0]);
    let mut plain = vec![first.to_string()];
    plain.extend(words[1..].iter().map(|w| w.to_string()));
    let mut out = vec![plain.join(" ")];
    if words.len() > 1 {
        let mut toggled = vec![first.to_string()];
        toggled.extend(words[1..].iter().map(|w| match w.strip_prefix("ال") {
            Some(bare) if bare.chars().count() >= 2 => bare.to_string(),
            _ => format!("ال{w}"),
        }));
        let toggled = toggled.join(" ");
        if toggled != out[0] {
            out.push(toggled);
        }
    }
    out
}

/// "الموصل" -> "موصل"; a short word keeps its article ("الم" is not a name).
fn strip_article(word: &str) -> &str {
    match word.strip_prefix("ال") {
        Some(core) if core.chars().count() >= 2 => core,
        _ => word,
    }
}

pub struct Matcher {
    ac: AhoCorasick,
    info: Vec<Pattern>,
}

impl Matcher {
    /// All valid hits in `text` (normalised by [`crate::text::normalize`]), resolved per layer
    /// leftmost-longest, in text order.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let bytes = text.as_bytes();
        let mut candidates: Vec<(Hit, usize)> = Vec::with_capacity(text.len() / 32);
        for m in self.ac.find_overlapping_iter(text) {
            let info = self.info[m.pattern().as_usize()];
            let Some(word_start) = valid_prefix(bytes, m.start()) else {
                continue;
            };
            let Some(word_end) = valid_suffix(text, m.end(), info.suffix) else {
                continue;
            };
            candidates.push((
                Hit {
                    id: info.id,
                    layer: info.layer,
                    start: word_start,
                    end: word_end,
                },
                m.end() - m.start(),
            ));
        }
        // Leftmost first; at the same word, the longest core first (the id makes the order total,
        // so the unstable sort is deterministic).
        candidates
            .sort_unstable_by_key(|(h, len)| (h.layer, h.start, std::cmp::Reverse(*len), h.id));
        let mut hits = Vec::with_capacity(candidates.len());
        let mut last: Option<(u16, usize, usize)> = None;
        for (hit, _) in candidates {
            if let Some((layer, start, end)) = last
                && layer == hit.layer
                && hit.start < end
                && (hit.start, hit.end) != (start, end)
            {
                continue;
            }
            last = Some((hit.layer, hit.start, hit.end));
            hits.push(hit);
        }
        hits.sort_by_key(|h| (h.start, h.layer));
        hits
    }
}

/// The longest clitic chain, in bytes ("وبال": four two-byte letters).
const MAX_CLITIC_BYTES: usize = 8;

/// The start of the word containing a hit at `start`, if what precedes the hit in its word is
/// a clitic chain. Most raw hits fall inside other words; looking back no further than the
/// longest chain rejects them cheaply.
fn valid_prefix(bytes: &[u8], start: usize) -> Option<usize> {
    // Most valid hits start a word: no look-back needed.
    if start == 0 || bytes[start - 1] == b' ' {
        return Some(start);
    }
    let from = start.saturating_sub(MAX_CLITIC_BYTES + 1);
    let space = bytes[from..start].iter().rposition(|b| *b == b' ')?;
    let word_start = from + space + 1;
    let prefix = &bytes[word_start..start];
    CLITICS
        .iter()
        .any(|c| c.as_bytes() == prefix)
        .then_some(word_start)
}

/// The end of the word containing a hit ending at `end`, if what follows is allowed.
fn valid_suffix(text: &str, end: usize, suffix: Suffix) -> Option<usize> {
    let rest = &text[end..];
    let word_len = rest.find(' ').unwrap_or(rest.len());
    if word_len == 0 {
        return Some(end);
    }
    let ok = match suffix {
        Suffix::None => false,
        Suffix::Any => true,
        Suffix::Pronoun => PRONOUN_SUFFIXES.contains(&&rest[..word_len]),
    };
    ok.then_some(end + word_len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize;

    fn matcher(entries: &[(&str, u32, u16, Suffix)]) -> Matcher {
        let mut b = Builder::default();
        for (w, id, layer, s) in entries {
            assert!(b.add(w, *id, *layer, *s));
        }
        b.build()
    }

    fn ids(m: &Matcher, text: &str) -> Vec<u32> {
        m.find(&normalize(text)).iter().map(|h| h.id).collect()
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
    fn layers_resolve_independently() {
        let m = matcher(&[
            ("ساحة التحرير", 1, 0, Suffix::Pronoun),
            ("ساحة التحرير", 2, 1, Suffix::None),
        ]);
        assert_eq!(ids(&m, "المتظاهرون في ساحة التحرير"), vec![1, 2]);
    }
}
