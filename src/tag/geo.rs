//! The province rules of the taxonomy, applied to place hits in the normalised text.
//!
//! - A place inside an exclusion phrase (the capital as government) never reaches here: the
//!   matcher's leftmost-longest resolution already swallowed it.
//! - A body's name ("جامعة الموصل", "دائرة صحة محافظة الأنبار") is not a place.
//! - A place after a direction word ("غرب بغداد", "57 كم شمال شرقي بغداد") only locates the
//!   place named just before it, and then does not count; when no place is named before it
//!   ("قرية على بعد 20 كلم جنوب كركوك"), the unnamed place is in that province, and it counts.

use crate::text::normalize_term;

/// How far back (in words) a named place makes a direction phrase merely locating.
const LOCATING_WINDOW_WORDS: usize = 10;

/// Words that may stand between a direction or body word and the place name.
const FILLERS: &[&str] = &["محافظه", "مدينه", "قضاء", "ناحيه", "العاصمه", "من", "مركز"];

pub struct PlaceRules {
    body_prefixes: Vec<Vec<String>>,
    directions: Vec<Vec<String>>,
}

/// A candidate place mention: its span in the normalised text.
#[derive(Debug, Clone, Copy)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
}

impl PlaceRules {
    pub fn new(body_prefixes: &[String], directions: &[String]) -> Self {
        let split = |list: &[String]| -> Vec<Vec<String>> {
            let mut phrases: Vec<Vec<String>> = list
                .iter()
                .map(|p| {
                    normalize_term(p)
                        .split(' ')
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                })
                .filter(|w| !w.is_empty() && !w[0].is_empty())
                .collect();
            // Longest first, so "شمال شرق" is tried before "شرق".
            phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
            phrases
        };
        PlaceRules {
            body_prefixes: split(body_prefixes),
            directions: split(directions),
        }
    }

    /// Which of `mentions` (in text order) count as places of the article.
    pub fn keep(&self, text: &str, mentions: &[Mention]) -> Vec<bool> {
        mentions
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let before = words_before(text, m.start);
                if self.ends_with_phrase(&before, &self.body_prefixes, true) {
                    return false;
                }
                if self.ends_with_phrase(&before, &self.directions, true) {
                    return !named_place_just_before(text, mentions, i);
                }
                true
            })
            .collect()
    }

    /// Whether the words before a mention (nearest first) end with one of `phrases`,
    /// optionally after filler words ("جنوب مدينة كركوك").
    fn ends_with_phrase(
        &self,
        before: &[&str],
        phrases: &[Vec<String>],
        allow_fillers: bool,
    ) -> bool {
        let mut skip = 0;
        if allow_fillers {
            while skip < 2
                && before
                    .get(skip)
                    .is_some_and(|w| FILLERS.contains(&strip_clitics(w)))
            {
                skip += 1;
            }
        }
        let before = &before[skip..];
        phrases.iter().any(|phrase| {
            if phrase.len() > before.len() {
                return false;
            }
            // `before` is nearest-first; the phrase is in reading order.
            phrase.iter().rev().enumerate().all(|(k, want)| {
                let got = before[k];
                // Clitics and the article may sit on the phrase's first word only.
                if k + 1 == phrase.len() {
                    bare(got) == bare(want)
                } else {
                    got == want || bare(got) == bare(want)
                }
            })
        })
    }
}

/// Up to 12 words before `pos`, nearest first.
fn words_before(text: &str, pos: usize) -> Vec<&str> {
    text[..pos]
        .split(' ')
        .rev()
        .filter(|w| !w.is_empty())
        .take(12)
        .collect()
}

/// Whether another mention ends within the locating window before mention `i`.
fn named_place_just_before(text: &str, mentions: &[Mention], i: usize) -> bool {
    let start = mentions[i].start;
    mentions[..i].iter().any(|m| {
        m.end <= start
            && text[m.end..start]
                .split(' ')
                .filter(|w| !w.is_empty())
                .count()
                <= LOCATING_WINDOW_WORDS
    })
}

/// A word without its clitic chain and article: "وبالجنوب" -> "جنوب".
fn bare(word: &str) -> &str {
    let w = strip_clitics(word);
    w.strip_prefix("ال")
        .filter(|r| r.chars().count() >= 2)
        .unwrap_or(w)
}

fn strip_clitics(word: &str) -> &str {
    for prefix in ["وبال", "وال", "بال", "فال", "و", "ب", "ف"] {
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
        PlaceRules::new(
            &["جامعة".into(), "دائرة صحة".into(), "شركة نفط".into()],
            &[
                "شمال".into(),
                "شمالي".into(),
                "شرق".into(),
                "شرقي".into(),
                "جنوب".into(),
                "غرب".into(),
                "شمال شرقي".into(),
            ],
        )
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
    fn direction_with_no_named_place_counts_for_the_city() {
        assert_eq!(
            keep("هجوم على قرية تقع على بعد 20 كلم جنوب كركوك", &["كركوك"]),
            vec![true]
        );
        assert_eq!(keep("انفجار بجنوب مدينة كركوك", &["كركوك"]), vec![true]);
    }
}
