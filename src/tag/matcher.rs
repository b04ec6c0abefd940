//! Every lexicon and gazetteer entry in one Aho-Corasick automaton, with Arabic word
//! boundaries checked on each hit.
//!
//! Arabic attaches conjunctions, prepositions and the article to the word ("وبالموصل" is
//! و + ب + ال + موصل), so a plain whole-word match misses most mentions and a plain substring
//! match finds names inside other words. Here an entry's *core* (its first word without ال) is
//! searched as a substring of the folded text (one byte per letter, see
//! [`crate::text::Folded`]), and a hit counts only when what precedes it
//! in its word is a valid clitic chain and what follows is the word's end, an allowed suffix,
//! or (for `*` entries) anything.
//!
//! Overlapping hits are resolved per layer, leftmost-longest over whole words (two entries
//! matching exactly the same words both stand, so one term may serve two themes): a longer phrase
//! beats a shorter term inside it, and an exclusion phrase ("جهاز مكافحة الارهاب") swallows the
//! term it contains. Layers (themes, places) are resolved independently, so "ساحة التحرير" can
//! be both a protest term and a Baghdad place.

use std::sync::LazyLock;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

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
/// Every word is checked for a clitic chain, so chains are looked up in small tables: each
/// chain letter gets a digit 1..=7, and a chain is the number its digits spell in base 8.
struct Affixes {
    /// The digit of each letter that can be part of a chain; 0 for every other byte.
    chain_digit: [u8; 256],
    /// Whether the number spelt by a word's first letters is a chain.
    is_chain: Vec<bool>,
    /// Pronoun suffixes, [`pack`]ed.
    pronouns: Vec<u64>,
    article: Vec<u8>,
}

static AFFIXES: LazyLock<Affixes> = LazyLock::new(|| {
    let chains: Vec<Vec<u8>> = CLITICS.iter().map(|c| fold_term(c)).collect();
    let mut chain_digit = [0u8; 256];
    let mut next_digit = 1;
    for letter in chains.iter().flatten() {
        if chain_digit[usize::from(*letter)] == 0 {
            chain_digit[usize::from(*letter)] = next_digit;
            next_digit += 1;
        }
    }
    assert!(next_digit <= 8, "clitic letters fit base-8 digits");
    let mut is_chain = vec![false; 8usize.pow(MAX_AFFIX_BYTES as u32)];
    for chain in &chains {
        is_chain[chain_number(&chain_digit, chain)] = true;
    }
    Affixes {
        chain_digit,
        is_chain,
        pronouns: PRONOUN_SUFFIXES
            .iter()
            .map(|p| pack(&fold_term(p)))
            .collect(),
        article: fold_term("ال"),
    }
});

fn chain_number(chain_digit: &[u8; 256], letters: &[u8]) -> usize {
    letters
        .iter()
        .fold(0, |n, b| n * 8 + usize::from(chain_digit[usize::from(*b)]))
}

/// The longest affix: the longest clitic chain ("وبال": four letters, one byte each when
/// folded).
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
        // The contiguous NFA (~1.3 MB for the built-in lexicons) rather than the DFA (~16 MB):
        // the DFA takes fewer instructions a step but misses the cache as often, so both
        // scanned at the same speed, and the NFA builds in a third of the time.
        let automaton = NFA::builder()
            .match_kind(MatchKind::Standard)
            .build(&self.patterns)
            .expect("lexicon patterns form a valid automaton");
        let start = automaton
            .start_state(Anchored::Yes)
            .expect("the automaton supports anchored searches");
        Matcher {
            automaton,
            start,
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

/// The automaton is walked anchored, from each place a hit may start: a word's start and the
/// end of each clitic chain that opens it. That reads only the first letters of most words
/// (the walk stops where no entry continues), touches only the automaton's shallow states
/// (which stay in cache), and never reports a hit inside a word that would then be thrown
/// away (the unanchored overlapping search this replaced reported ~120 such raw hits per
/// article, each rejected by a boundary check).
pub struct Matcher {
    automaton: NFA,
    start: StateID,
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
        // One pass of memchr over the text finds every word end (a call per word cost more
        // than the search: words are five letters on average).
        let mut word_start = 0;
        for word_end in memchr::memchr_iter(b' ', text).chain(std::iter::once(text.len())) {
            if word_end > word_start {
                for core in cores(affixes, text, word_start, word_end).iter() {
                    self.walk(affixes, text, word_start, core, &mut candidates);
                }
            }
            word_start = word_end + 1;
        }
        resolve(candidates)
    }

    /// Every entry that starts at `core` (inside the word starting at `word_start`).
    fn walk(
        &self,
        affixes: &Affixes,
        text: &[u8],
        word_start: usize,
        core: usize,
        candidates: &mut Vec<(Hit, usize)>,
    ) {
        let automaton = &self.automaton;
        let mut sid = self.start;
        for (at, &byte) in text.iter().enumerate().skip(core) {
            sid = automaton.next_state(Anchored::Yes, sid, byte);
            if !automaton.is_special(sid) {
                continue;
            }
            if automaton.is_dead(sid) {
                return;
            }
            if !automaton.is_match(sid) {
                continue;
            }
            let end = at + 1;
            for index in 0..automaton.match_len(sid) {
                let pattern = automaton.match_pattern(sid, index);
                // A match state also lists the entries that end here but start later (the
                // automaton copies them for unanchored searches): only those spanning from
                // `core` count.
                if automaton.pattern_len(pattern) != end - core {
                    continue;
                }
                let info = self.info[pattern.as_usize()];
                if let Some(word_end) = valid_suffix(affixes, text, end, info.suffix) {
                    let hit = Hit {
                        id: info.id,
                        layer: info.layer,
                        start: word_start,
                        end: word_end,
                    };
                    candidates.push((hit, end - core));
                }
            }
        }
    }
}

/// Where an entry may start in the word at `word_start`: the word's start, and after each
/// clitic chain the word opens with ("وبالموصل": و، وب، وبال).
fn cores(affixes: &Affixes, text: &[u8], word_start: usize, word_end: usize) -> Cores {
    let mut cores = Cores {
        at: [word_start; MAX_AFFIX_BYTES + 1],
        len: 1,
    };
    let mut number = 0;
    // A chain leaves at least one letter of the word.
    for (len, &letter) in text[word_start..word_end]
        .iter()
        .enumerate()
        .take(MAX_AFFIX_BYTES)
    {
        let digit = affixes.chain_digit[usize::from(letter)];
        if digit == 0 || word_start + len + 1 >= word_end {
            break;
        }
        number = number * 8 + usize::from(digit);
        if affixes.is_chain[number] {
            cores.at[cores.len] = word_start + len + 1;
            cores.len += 1;
        }
    }
    cores
}

/// The start positions [`cores`] found.
struct Cores {
    at: [usize; MAX_AFFIX_BYTES + 1],
    len: usize,
}

impl Cores {
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.at[..self.len].iter().copied()
    }
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
