//! The province rules of the taxonomy, applied to place hits in the folded text (one byte per
//! character, see [`crate::text::Folded`]).
//!
//! - A place inside an exclusion phrase (the capital as government) never reaches here: the
//!   matcher's leftmost-longest resolution already swallowed it.
//! - A body's name ("جامعة الموصل", "دائرة صحة محافظة الأنبار") is not a place.
//! - The capital (or Erbil) as the subject of a government's verb ("تصر بغداد على",
//!   "بغداد ترفض") is the government, not a place.
//! - A place after a direction word ("غرب بغداد", "57 كم شمال شرقي بغداد") only locates the
//!   place named just before it, and then does not count; when no place is named before it
//!   ("قرية على بعد 20 كلم جنوب كركوك"), the unnamed place is in that province, and it counts.

use std::collections::HashMap;

use super::matcher::pack;
use crate::text::fold_term;

/// The token folding leaves where a comma, colon or full stop was.
const CLAUSE_MARK: &[u8] = b"|";

/// How far back (in words) a named place makes a direction phrase merely locating.
const LOCATING_WINDOW_WORDS: usize = 10;

/// Words that may stand between a direction or body word and the place name.
// (bare forms, as `Phrases::ends` compares them)
const FILLERS: &[&str] = &["محافظه", "مدينه", "قضاء", "ناحيه", "عاصمه", "من", "مركز"];

/// A word of folded text.
type Word = Vec<u8>;

pub struct PlaceRules {
    body_prefixes: Phrases,
    directions: Phrases,
    distance_units: Vec<Word>,
    government_seats: Vec<Word>,
    government_verbs: Vec<Word>,
    connectives: Vec<Word>,
    pronoun_suffixes: Vec<Word>,
    fillers: Vec<Word>,
    province_word: Word,
}

/// A candidate place mention: its span in the folded text.
#[derive(Debug, Clone, Copy)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
}

/// "محافظة" folded: a direction before it names a part of the province.
const PROVINCE_WORD: &str = "محافظه";

/// How many words before a direction a distance ("20 كلم") may stand.
const DISTANCE_WINDOW_WORDS: usize = 4;

/// The phrase lists the rules use, as written in the gazetteer.
pub struct RuleLists<'a> {
    pub body_prefixes: &'a [String],
    pub directions: &'a [String],
    pub distance_units: &'a [String],
    pub government_seats: &'a [String],
    pub government_verbs: &'a [String],
}

/// Words after which a clause's subject comes: "فيما بغداد تصر", "إلا أن أربيل ترفض".
const CONNECTIVES: &[&str] = &[
    "فيما",
    "بينما",
    "لكن",
    "ولكن",
    "إذ",
    "حيث",
    "كما",
    "بل",
    "ثم",
    "أن",
    "إن",
    "لأن",
    "حين",
    "عندما",
];

/// Object pronouns a verb may carry ("اتخذتها بغداد").
const PRONOUN_SUFFIXES: &[&str] = &["ها", "هم", "ه"];

impl PlaceRules {
    pub fn new(lists: RuleLists<'_>) -> Self {
        let words = |list: &[String]| {
            list.iter()
                .map(|w| fold_term(w))
                .filter(|w| !w.is_empty())
                .collect()
        };
        PlaceRules {
            body_prefixes: Phrases::new(lists.body_prefixes),
            directions: Phrases::new(lists.directions),
            distance_units: words(lists.distance_units),
            government_seats: words(lists.government_seats),
            government_verbs: bare_words(lists.government_verbs),
            connectives: bare_words(CONNECTIVES),
            pronoun_suffixes: PRONOUN_SUFFIXES.iter().map(|w| fold_term(w)).collect(),
            fillers: FILLERS.iter().map(|w| fold_term(w)).collect(),
            province_word: fold_term(PROVINCE_WORD),
        }
    }

    /// Which of `mentions` (in text order) count as places of the article.
    pub fn keep(&self, text: &[u8], mentions: &[Mention]) -> Vec<bool> {
        mentions
            .iter()
            .enumerate()
            .map(|(i, m)| {
                // The bare forms of the words before, found as the rules ask for them: most
                // mentions are decided by the one word right before.
                let mut before = BareWordsBefore::new(text, m.start);
                if self
                    .body_prefixes
                    .ends(&mut before, &self.fillers)
                    .is_some()
                {
                    return false;
                }
                if let Some(used) = self.directions.ends(&mut before, &self.fillers) {
                    // "شمال محافظة بغداد" is the north of the province: inside it.
                    let province_word = self.province_word.as_slice();
                    let named_province = text[m.start..]
                        .split(|b| *b == b' ')
                        .next()
                        .is_some_and(|w| strip_clitics(w) == province_word);
                    if named_province || before.first(used).contains(&province_word) {
                        return true;
                    }
                    // "57 كم شمال شرقي بغداد" after a named place, or "شرق بغداد" with no
                    // distance, only locates; "على بعد 20 كلم جنوب كركوك" places an unnamed spot.
                    let measured = before.first(used + DISTANCE_WINDOW_WORDS)[used..]
                        .iter()
                        .any(|w| self.distance_units.iter().any(|u| w == u));
                    return measured && !named_place_just_before(text, mentions, i);
                }
                !self.is_government_speaking(text, m)
                    && !self.is_government_acting(text, m, &mut before)
            })
            .collect()
    }

    /// The capital (or Erbil) as the subject of a government's verb: "تصر بغداد على",
    /// "حمّلت بغداد المسؤولية", "اتخذتها بغداد", "بغداد ترفض". The seat must stand bare (a
    /// preposition makes it a place: "ببغداد", "لبغداد"), and a verb after it counts only
    /// where it opens its clause or follows a connective ("فيما بغداد تصر"): in "قالت الشرطة
    /// في بغداد أعلنت" the verb is not the city's.
    fn is_government_acting(&self, text: &[u8], m: &Mention, before: &mut BareWordsBefore) -> bool {
        let word = text[m.start..m.end].trim_ascii();
        let seat = match word.split_first() {
            Some((first, rest)) if BARE_AFFIXES.conjunctions.contains(first) => rest,
            _ => word,
        };
        if !self.government_seats.iter().any(|s| s == seat) {
            return false;
        }
        let nearest = before.first(1).first().copied();
        if nearest.is_some_and(|w| self.is_government_verb(w)) {
            return true;
        }
        let opens_clause = nearest.is_none_or(|w| self.connectives.iter().any(|c| c == w));
        let after = text[m.end..].trim_ascii_start();
        let next = &after[..memchr::memchr(b' ', after).unwrap_or(after.len())];
        opens_clause && next != CLAUSE_MARK && self.is_government_verb(bare(next))
    }

    /// Whether a bare word is one of the government verbs, perhaps with an object pronoun.
    fn is_government_verb(&self, word: &[u8]) -> bool {
        let known = |w: &[u8]| self.government_verbs.iter().any(|v| v == w);
        known(word)
            || self.pronoun_suffixes.iter().any(|suffix| {
                word.strip_suffix(suffix.as_slice())
                    .is_some_and(|stem| stem.len() >= 3 && known(stem))
            })
    }

    /// "بغداد: ..." heading the text: the government speaking, not a place.
    fn is_government_speaking(&self, text: &[u8], m: &Mention) -> bool {
        let opens_text = text[..m.start].trim_ascii().is_empty();
        let before_colon = || text[m.end..].trim_ascii_start().starts_with(CLAUSE_MARK);
        let is_seat = || {
            let word = bare(text[m.start..m.end].trim_ascii());
            self.government_seats.iter().any(|s| bare(s) == word)
        };
        opens_text && before_colon() && is_seat()
    }
}

/// The bare forms of a list of words, as the rules compare words (see [`bare`]).
fn bare_words(list: &[impl AsRef<str>]) -> Vec<Word> {
    list.iter()
        .map(|w| bare(&fold_term(w.as_ref())).to_vec())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Phrases of a rule (body names, directions), as bare words in reading order, found by their
/// last word: that is the word right before the name, so one lookup per mention.
struct Phrases {
    by_last_word: HashMap<Word, Vec<Vec<Word>>>,
    /// The most words a phrase has.
    longest: usize,
}

impl Phrases {
    fn new(list: &[String]) -> Phrases {
        let mut by_last_word: HashMap<Word, Vec<Vec<Word>>> = HashMap::new();
        for phrase in list {
            let words: Vec<Word> = fold_term(phrase)
                .split(|b| *b == b' ')
                .map(|w| bare(w).to_vec())
                .collect();
            if let Some(last) = words.last().filter(|w| !w.is_empty()) {
                by_last_word.entry(last.clone()).or_default().push(words);
            }
        }
        // Longest first, so "شمال شرق" is tried before "شرق".
        for phrases in by_last_word.values_mut() {
            phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
        }
        let longest = by_last_word
            .values()
            .flatten()
            .map(Vec::len)
            .max()
            .unwrap_or(0);
        Phrases {
            by_last_word,
            longest,
        }
    }

    /// How many of the (bare) words before a mention, nearest first, make up one of the
    /// phrases, with up to two filler words ("جنوب مدينة كركوك") between; None when none does.
    fn ends(&self, before: &mut BareWordsBefore<'_>, fillers: &[Word]) -> Option<usize> {
        let mut skip = 0;
        while skip < 2
            && before
                .first(skip + 1)
                .get(skip)
                .is_some_and(|w| fillers.iter().any(|f| f == w))
        {
            skip += 1;
        }
        let nearest = *before.first(skip + 1).get(skip)?;
        let candidates = self.by_last_word.get(nearest)?;
        let rest = &before.first(skip + self.longest)[skip..];
        candidates
            .iter()
            .find(|phrase| {
                // `rest` is nearest-first; the phrase is in reading order.
                phrase.len() <= rest.len()
                    && phrase.iter().rev().zip(rest).all(|(want, got)| want == got)
            })
            .map(|phrase| skip + phrase.len())
    }
}

/// How many words before a mention the rules look at.
const WORDS_BEFORE: usize = 12;

/// The bare forms of up to [`WORDS_BEFORE`] words before a mention in the same clause,
/// nearest first, each found the first time a rule asks for it (on the stack: this runs for
/// every place mention).
struct BareWordsBefore<'a> {
    /// The text before the words found so far.
    rest: &'a [u8],
    words: [&'a [u8]; WORDS_BEFORE],
    len: usize,
    /// Whether the clause (or the text) starts before the last word found.
    ended: bool,
}

impl<'a> BareWordsBefore<'a> {
    fn new(text: &'a [u8], pos: usize) -> Self {
        BareWordsBefore {
            rest: &text[..pos],
            words: [&[]; WORDS_BEFORE],
            len: 0,
            ended: false,
        }
    }

    /// The `n` words nearest the mention (fewer where the clause starts sooner).
    fn first(&mut self, n: usize) -> &[&'a [u8]] {
        let n = n.min(WORDS_BEFORE);
        while self.len < n && !self.ended {
            let text = self.rest.trim_ascii_end();
            let start = memchr::memrchr(b' ', text).map_or(0, |space| space + 1);
            let word = &text[start..];
            self.rest = &text[..start];
            if word.is_empty() || word == CLAUSE_MARK {
                self.ended = true;
            } else {
                self.words[self.len] = bare(word);
                self.len += 1;
            }
        }
        &self.words[..self.len.min(n)]
    }
}

/// Whether another mention ends within the locating window before mention `i`.
///
/// Mentions are in text order and do not overlap, so the nearest earlier one decides; counting
/// stops at the window, so a long article full of places costs linear time.
fn named_place_just_before(text: &[u8], mentions: &[Mention], i: usize) -> bool {
    let start = mentions[i].start;
    let Some(previous) = i.checked_sub(1).map(|p| mentions[p]) else {
        return false;
    };
    previous.end <= start
        && text[previous.end..start]
            .split(|b| *b == b' ')
            .filter(|w| !w.is_empty() && *w != CLAUSE_MARK)
            .nth(LOCATING_WINDOW_WORDS)
            .is_none()
}

/// A word without its clitic chain and article: "وبالجنوب" -> "جنوب".
fn bare(word: &[u8]) -> &[u8] {
    let w = strip_clitics(word);
    match w.split_first_chunk::<2>() {
        Some((first, rest)) if *first == BARE_AFFIXES.article && rest.len() >= 2 => rest,
        _ => w,
    }
}

fn strip_clitics(word: &[u8]) -> &[u8] {
    let affixes = &*BARE_AFFIXES;
    // Most words start with no clitic letter at all.
    if !word
        .first()
        .is_some_and(|b| affixes.first_letters.contains(b))
    {
        return word;
    }
    for (len, packed) in &affixes.clitics {
        if word.len() >= len + 3 && pack(&word[..*len]) == *packed {
            return &word[*len..];
        }
    }
    word
}

/// The prefixes `bare` strips, folded and [`pack`]ed with their lengths; longest first.
struct BareAffixes {
    clitics: Vec<(usize, u64)>,
    /// و and ف, which may open a seat's name as its subject ("وبغداد ترفض").
    conjunctions: [u8; 2],
    /// The letters a clitic chain can start with.
    first_letters: Vec<u8>,
    article: [u8; 2],
}

static BARE_AFFIXES: std::sync::LazyLock<BareAffixes> = std::sync::LazyLock::new(|| {
    let clitics: Vec<Word> = ["وبال", "ولل", "وال", "بال", "فال", "لل", "و", "ب", "ف", "ل"]
        .iter()
        .map(|p| fold_term(p))
        .collect();
    let mut first_letters: Vec<u8> = clitics.iter().map(|c| c[0]).collect();
    first_letters.sort_unstable();
    first_letters.dedup();
    BareAffixes {
        clitics: clitics.iter().map(|c| (c.len(), pack(c))).collect(),
        conjunctions: [fold_term("و")[0], fold_term("ف")[0]],
        first_letters,
        article: fold_term("ال")
            .try_into()
            .expect("the article is two letters"),
    }
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    fn rules() -> PlaceRules {
        let list = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        PlaceRules::new(RuleLists {
            body_prefixes: &list(&["جامعة", "دائرة صحة", "شركة نفط"]),
            directions: &list(&["شمال", "شمالي", "شرق", "شرقي", "جنوب", "غرب", "شمال شرقي"]),
            distance_units: &list(&["كم", "كلم", "كيلومترا"]),
            government_seats: &list(&["بغداد", "أربيل"]),
            government_verbs: &list(&[
                "تصر",
                "أصرت",
                "حملت",
                "ترفض",
                "رفضت",
                "اتخذت",
                "تطالب",
                "أعلنت",
            ]),
        })
    }

    /// Mentions of the given names, in order, found by plain search.
    fn keep(text: &str, names: &[&str]) -> Vec<bool> {
        let t = fold(text).bytes;
        let mut mentions = Vec::new();
        let mut from = 0;
        for name in names {
            let n = fold_term(name);
            let at = from + t[from..].windows(n.len()).position(|w| w == n).unwrap();
            let word_start = t[..at].iter().rposition(|b| *b == b' ').unwrap() + 1;
            mentions.push(Mention {
                start: word_start,
                end: at + n.len(),
            });
            from = at + n.len();
        }
        rules().keep(&t, &mentions)
    }

    #[test]
    fn body_names_are_not_places() {
        assert_eq!(keep("طلاب جامعة الموصل", &["الموصل"]), vec![false]);
        assert_eq!(
            keep("مدير دائرة صحة محافظة الأنبار", &["الأنبار"]),
            vec![false]
        );
        assert_eq!(keep("في الموصل", &["الموصل"]), vec![true]);
    }

    #[test]
    fn direction_after_a_named_place_only_locates() {
        assert_eq!(
            keep(
                "في مدينة بعقوبة (57 كم شمال شرقي بغداد)",
                &["بعقوبة", "بغداد"]
            ),
            vec![true, false]
        );
        assert_eq!(
            keep(
                "قصف ناحية الصقلاوية شمال غربي الفلوجة غرب بغداد",
                &["الصقلاوية", "الفلوجة", "بغداد"]
            ),
            vec![true, true, false]
        );
    }

    #[test]
    fn a_measured_unnamed_place_counts_for_the_city() {
        assert_eq!(
            keep("هجوم على قرية تقع على بعد 20 كلم جنوب كركوك", &["كركوك"]),
            vec![true]
        );
        assert_eq!(
            keep("على بعد 20 كيلومترا الى الجنوب من كركوك", &["كركوك"]),
            vec![true]
        );
    }

    #[test]
    fn a_direction_alone_only_locates() {
        assert_eq!(keep("مناطق تمتد شمال شرقي بغداد", &["بغداد"]), vec![false]);
        assert_eq!(keep("انفجار بجنوب مدينة كركوك", &["كركوك"]), vec![false]);
        assert_eq!(
            keep("مناطق شمال محافظة بغداد", &["بغداد"]),
            vec![true],
            "part of the province"
        );
    }

    #[test]
    fn punctuation_separates_a_direction_from_the_next_place() {
        assert_eq!(
            keep("في كركوك (شمال)، وديالى", &["كركوك", "ديالى"]),
            vec![true, true]
        );
    }

    #[test]
    fn the_capital_as_the_subject_of_a_government_verb_is_not_a_place() {
        // The verb before the seat, with or without an object pronoun, or after it where it
        // opens its clause or follows a connective.
        for text in [
            "ولا تزال تصر بغداد على احترام السيادة",
            "وقد حملت بغداد المسؤولية للجميع",
            "الخطوات التي اتخذتها بغداد مهمة",
            "بغداد ترفض القصف",
            "لكن أربيل تطالب بحصتها",
        ] {
            let seat = if text.contains("أربيل") {
                "أربيل"
            } else {
                "بغداد"
            };
            assert_eq!(keep(text, &[seat]), vec![false], "{text}");
        }
        // A seat with a preposition, a verb that is not the city's, or a verb of what happens
        // in a city: a place.
        for text in [
            "وقالت الشرطة في بغداد أعلنت حظر التجوال",
            "قتيلان بانفجار ببغداد أعلنت عنه الشرطة",
            "شهدت بغداد ثلاثة تفجيرات",
            "وصل الوفد إلى بغداد وقالت مصادر",
        ] {
            assert_eq!(keep(text, &["بغداد"]), vec![true], "{text}");
        }
    }

    #[test]
    fn the_capital_heading_a_title_is_the_government_speaking() {
        assert_eq!(
            keep("بغداد: الهجوم التركي اعتداء على السيادة", &["بغداد"]),
            vec![false]
        );
        assert_eq!(keep("انفجار في بغداد: قتلى وجرحى", &["بغداد"]), vec![true]);
    }

    #[test]
    fn a_body_name_after_a_preposition_is_still_a_body() {
        assert_eq!(keep("زيارة لجامعة الموصل", &["الموصل"]), vec![false]);
    }
}
