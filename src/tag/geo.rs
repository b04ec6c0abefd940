//! The province rules of the taxonomy, applied to place hits in the normalised text.
//!
//! - A place inside an exclusion phrase (the capital as government) never reaches here: the
//!   matcher's leftmost-longest resolution already swallowed it.
//! - A body's name ("جامعة الموصل", "دائرة صحة محافظة الأنبار") is not a place.
//! - A place after a direction word ("غرب بغداد", "57 كم شمال شرقي بغداد") only locates the
//!   place named just before it, and then does not count; when no place is named before it
//!   ("قرية على بعد 20 كلم جنوب كركوك"), the unnamed place is in that province, and it counts.

use std::collections::HashMap;

use crate::text::normalize_term;

/// The token normalisation leaves where a comma, bracket or full stop was.
const CLAUSE_MARK: &str = "|";

/// How far back (in words) a named place makes a direction phrase merely locating.
const LOCATING_WINDOW_WORDS: usize = 10;

/// Words that may stand between a direction or body word and the place name.
// (bare forms, as `Phrases::ends` compares them)
const FILLERS: &[&str] = &["محافظه", "مدينه", "قضاء", "ناحيه", "عاصمه", "من", "مركز"];

pub struct PlaceRules {
    body_prefixes: Phrases,
    directions: Phrases,
    distance_units: Vec<String>,
    government_seats: Vec<String>,
}

/// A candidate place mention: its span in the normalised text.
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
}

impl PlaceRules {
    pub fn new(lists: RuleLists<'_>) -> Self {
        let words = |list: &[String]| {
            list.iter()
                .map(|w| normalize_term(w))
                .filter(|w| !w.is_empty())
                .collect()
        };
        PlaceRules {
            body_prefixes: Phrases::new(lists.body_prefixes),
            directions: Phrases::new(lists.directions),
            distance_units: words(lists.distance_units),
            government_seats: words(lists.government_seats),
        }
    }

    /// Which of `mentions` (in text order) count as places of the article.
    pub fn keep(&self, text: &str, mentions: &[Mention]) -> Vec<bool> {
        mentions
            .iter()
            .enumerate()
            .map(|(i, m)| {
                // The bare forms of the words before, once: every phrase compares with them.
                let before: Vec<&str> = words_before(text, m.start).into_iter().map(bare).collect();
                if self.body_prefixes.ends(&before).is_some() {
                    return false;
                }
                if let Some(used) = self.directions.ends(&before) {
                    // "شمال محافظة بغداد" is the north of the province: inside it.
                    let named_province = text[m.start..]
                        .split(' ')
                        .next()
                        .is_some_and(|w| strip_clitics(w) == PROVINCE_WORD);
                    if named_province || before[..used].contains(&PROVINCE_WORD) {
                        return true;
                    }
                    // "57 كم شمال شرقي بغداد" after a named place, or "شرق بغداد" with no
                    // distance, only locates; "على بعد 20 كلم جنوب كركوك" places an unnamed spot.
                    let measured = before[used..]
                        .iter()
                        .take(DISTANCE_WINDOW_WORDS)
                        .any(|w| self.distance_units.iter().any(|u| w == u));
                    return measured && !named_place_just_before(text, mentions, i);
                }
                !self.is_government_speaking(text, m)
            })
            .collect()
    }

    /// "بغداد: ..." heading the text: the government speaking, not a place.
    fn is_government_speaking(&self, text: &str, m: &Mention) -> bool {
        let opens_text = text[..m.start].trim().is_empty();
        let before_colon = text[m.end..].trim_start().starts_with(CLAUSE_MARK);
        let word = bare(text[m.start..m.end].trim());
        opens_text && before_colon && self.government_seats.iter().any(|s| bare(s) == word)
    }
}

/// Phrases of a rule (body names, directions), as bare words in reading order, found by their
/// last word: that is the word right before the name, so one lookup per mention.
struct Phrases {
    by_last_word: HashMap<String, Vec<Vec<String>>>,
}

impl Phrases {
    fn new(list: &[String]) -> Phrases {
        let mut by_last_word: HashMap<String, Vec<Vec<String>>> = HashMap::new();
        for phrase in list {
            let words: Vec<String> = normalize_term(phrase)
                .split(' ')
                .map(|w| bare(w).to_string())
                .collect();
            if let Some(last) = words.last().filter(|w| !w.is_empty()) {
                by_last_word.entry(last.clone()).or_default().push(words);
            }
        }
        // Longest first, so "شمال شرق" is tried before "شرق".
        for phrases in by_last_word.values_mut() {
            phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
        }
        Phrases { by_last_word }
    }

    /// How many of the (bare) words before a mention, nearest first, make up one of the
    /// phrases, with up to two filler words ("جنوب مدينة كركوك") between; None when none does.
    fn ends(&self, before: &[&str]) -> Option<usize> {
        let mut skip = 0;
        while skip < 2 && before.get(skip).is_some_and(|w| FILLERS.contains(w)) {
            skip += 1;
        }
        let rest = &before[skip..];
        let candidates = self.by_last_word.get(*rest.first()?)?;
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

/// Up to 12 words before `pos` in the same clause, nearest first.
fn words_before(text: &str, pos: usize) -> Vec<&str> {
    text[..pos]
        .split(' ')
        .rev()
        .filter(|w| !w.is_empty())
        .take_while(|w| *w != CLAUSE_MARK)
        .take(12)
        .collect()
}

/// Whether another mention ends within the locating window before mention `i`.
///
/// Mentions are in text order and do not overlap, so the nearest earlier one decides; counting
/// stops at the window, so a long article full of places costs linear time.
fn named_place_just_before(text: &str, mentions: &[Mention], i: usize) -> bool {
    let start = mentions[i].start;
    let Some(previous) = i.checked_sub(1).map(|p| mentions[p]) else {
        return false;
    };
    previous.end <= start
        && text[previous.end..start]
            .split(' ')
            .filter(|w| !w.is_empty() && *w != CLAUSE_MARK)
            .nth(LOCATING_WINDOW_WORDS)
            .is_none()
}

/// A word without its clitic chain and article: "وبالجنوب" -> "جنوب".
fn bare(word: &str) -> &str {
    let w = strip_clitics(word);
    w.strip_prefix("ال")
        .filter(|r| r.chars().count() >= 2)
        .unwrap_or(w)
}

fn strip_clitics(word: &str) -> &str {
    for prefix in ["وبال", "ولل", "وال", "بال", "فال", "لل", "و", "ب", "ف", "ل"]
    {
        if let Some(rest) = word.strip_prefix(prefix)
            && rest.chars().count() >= 3
        {
            return rest;
        }
    }
    word
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize;

    fn rules() -> PlaceRules {
        let list = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        PlaceRules::new(RuleLists {
            body_prefixes: &list(&["جامعة", "دائرة صحة", "شركة نفط"]),
            directions: &list(&["شمال", "شمالي", "شرق", "شرقي", "جنوب", "غرب", "شمال شرقي"]),
            distance_units: &list(&["كم", "كلم", "كيلومترا"]),
            government_seats: &list(&["بغداد"]),
        })
    }

    /// Mentions of the given names, in order, found by plain search.
    fn keep(text: &str, names: &[&str]) -> Vec<bool> {
        let t = normalize(text);
        let mut mentions = Vec::new();
        let mut from = 0;
        for name in names {
            let n = normalize_term(name);
            let at = from + t[from..].find(&n).unwrap();
            let word_start = t[..at].rfind(' ').unwrap() + 1;
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
