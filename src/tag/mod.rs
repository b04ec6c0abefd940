//! Text -> themes and provinces, with the terms that matched each.
//!
//! One automaton holds every theme term, theme exclusion, place name, place exclusion and
//! country-evidence term; one pass over the folded text finds them all (see
//! [`matcher`]). Themes are then scored from their terms' weights; places go through the
//! province rules ([`geo`]); and an article whose security content is about another country
//! keeps its provinces but loses its themes.

mod automaton;
pub mod gazetteer;
pub mod geo;
pub mod lexicon;
pub mod matcher;

use crate::article::{ProvinceTag, ThemeTag};
use crate::text::fold;
pub use gazetteer::Gazetteer;
pub use lexicon::Theme;
use matcher::{Builder, Matcher, Suffix};

const LAYER_THEMES: u16 = 0;
const LAYER_PLACES: u16 = 1;
const LAYER_COUNTRIES: u16 = 2;
const LAYER_SPORT: u16 = 3;
/// Each theme's exclusions are a layer of their own, so they silence only their theme's terms.
const LAYER_EXCLUSIONS: u16 = 4;

/// Sport news borrows the words of war ("يقصف شباك الحدود", "خطف فوزاً", a club called the
/// Air Force): an article with at least this many different sport terms, and more sport
/// mentions than theme mentions, is sport and gets no themes. Different terms, because a
/// story of a bombed stadium names the stadium again and again.
const SPORT_MIN_TERMS: usize = 5;

/// What a matcher entry stands for.
#[derive(Debug, Clone)]
enum Entry {
    Term {
        theme: usize,
        weight: f32,
        written: String,
        /// Indexes of themes one of which must be tagged for this term to count.
        requires: Vec<usize>,
    },
    ThemeExclusion {
        theme: usize,
    },
    Place {
        province: usize,
        written: String,
    },
    PlaceExclusion,
    Iraq,
    Foreign,
    Sport,
}

/// The tags of one article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tags {
    pub themes: Vec<ThemeTag>,
    pub provinces: Vec<ProvinceTag>,
    pub iraq: bool,
}

/// What a highlighted span in the text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
    Theme,
    Place,
}

pub struct Tagger {
    themes: Vec<Theme>,
    gazetteer: Gazetteer,
    entries: Vec<Entry>,
    matcher: Matcher,
    rules: geo::PlaceRules,
}

/// How much each repeat of a term adds to its weight, and how many repeats count.
const REPEAT_BONUS: f32 = 0.5;
const MAX_COUNTED_REPEATS: usize = 2;

impl Tagger {
    pub fn new(themes: Vec<Theme>, gazetteer: Gazetteer) -> Tagger {
        let mut entries = Vec::new();
        let mut builder = Builder::default();
        let mut add =
            |builder: &mut Builder, written: &str, entry: Entry, layer: u16, suffix: Suffix| {
                if builder.add(written, entries.len() as u32, layer, suffix) {
                    entries.push(entry);
                }
            };
        for (t, theme) in themes.iter().enumerate() {
            for term in &theme.terms {
                let requires = term
                    .requires
                    .iter()
                    .filter_map(|id| themes.iter().position(|t| &t.id == id))
                    .collect();
                let entry = Entry::Term {
                    theme: t,
                    weight: term.weight,
                    written: term.text.clone(),
                    requires,
                };
                add(
                    &mut builder,
                    &term.text,
                    entry,
                    LAYER_THEMES,
                    Suffix::Pronoun,
                );
            }
            for written in &theme.exclusions {
                add(
                    &mut builder,
                    written,
                    Entry::ThemeExclusion { theme: t },
                    LAYER_EXCLUSIONS + t as u16,
                    Suffix::Pronoun,
                );
            }
        }
        for (p, province) in gazetteer.provinces.iter().enumerate() {
            for written in province.names.iter().chain(&province.places) {
                let entry = Entry::Place {
                    province: p,
                    written: written.clone(),
                };
                add(&mut builder, written, entry, LAYER_PLACES, Suffix::None);
            }
        }
        for written in &gazetteer.exclusions {
            add(
                &mut builder,
                written,
                Entry::PlaceExclusion,
                LAYER_PLACES,
                Suffix::None,
            );
        }
        for written in &gazetteer.iraq_terms {
            add(
                &mut builder,
                written,
                Entry::Iraq,
                LAYER_COUNTRIES,
                Suffix::Pronoun,
            );
        }
        for written in &gazetteer.foreign_terms {
            add(
                &mut builder,
                written,
                Entry::Foreign,
                LAYER_COUNTRIES,
                Suffix::Pronoun,
            );
        }
        for written in &gazetteer.sport_terms {
            add(
                &mut builder,
                written,
                Entry::Sport,
                LAYER_SPORT,
                Suffix::Pronoun,
            );
        }
        let rules = geo::PlaceRules::new(geo::RuleLists {
            body_prefixes: &gazetteer.body_prefixes,
            directions: &gazetteer.directions,
            distance_units: &gazetteer.distance_units,
            government_seats: &gazetteer.government_seats,
            government_verbs: &gazetteer.government_verbs,
        });
        Tagger {
            matcher: builder.build(),
            themes,
            gazetteer,
            entries,
            rules,
        }
    }

    /// The built-in lexicons and gazetteer.
    pub fn builtin() -> Tagger {
        Tagger::new(lexicon::builtin(), Gazetteer::builtin())
    }

    pub fn themes(&self) -> &[Theme] {
        &self.themes
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Tag a text (title and body; never the dateline).
    pub fn tag(&self, text: &str) -> Tags {
        self.tag_folded(&fold(text).bytes)
    }

    /// The matcher's hits, less the terms that fall inside an exclusion of their own theme
    /// (and less the exclusions themselves).
    fn effective_hits(&self, folded: &[u8]) -> Vec<matcher::Hit> {
        let hits = self.matcher.find(folded);
        let exclusions: Vec<(usize, usize, usize)> = hits
            .iter()
            .filter_map(|h| match self.entries[h.id as usize] {
                Entry::ThemeExclusion { theme } => Some((theme, h.start, h.end)),
                _ => None,
            })
            .collect();
        hits.into_iter()
            .filter(|h| match &self.entries[h.id as usize] {
                Entry::ThemeExclusion { .. } => false,
                Entry::Term { theme, .. } => !exclusions
                    .iter()
                    .any(|(t, start, end)| t == theme && *start <= h.start && h.end <= *end),
                _ => true,
            })
            .collect()
    }

    /// Tag text already folded by [`crate::text::fold`] (its `bytes`).
    pub fn tag_folded(&self, folded: &[u8]) -> Tags {
        let hits = self.effective_hits(folded);

        // Themes: count each term's occurrences.
        let mut term_ids: Vec<u32> = Vec::with_capacity(hits.len());
        let mut place_hits = Vec::with_capacity(hits.len());
        let (mut iraq_mentions, mut foreign_mentions) = (0usize, 0usize);
        let mut sport_ids: Vec<u32> = Vec::new();
        for hit in &hits {
            match &self.entries[hit.id as usize] {
                Entry::Term { .. } => term_ids.push(hit.id),
                Entry::Place { .. } => place_hits.push(*hit),
                Entry::Iraq => iraq_mentions += 1,
                Entry::Foreign => foreign_mentions += 1,
                Entry::Sport => sport_ids.push(hit.id),
                Entry::ThemeExclusion { .. } | Entry::PlaceExclusion => {}
            }
        }

        let provinces = self.provinces(folded, &place_hits);
        // A place the province rules set aside (a direction from a city, a body named after
        // one, the capital as government) is no province, but it is still an Iraqi place:
        // "in Wadi al-Shay, south-west of Kirkuk" is Iraqi news that never says "Iraq".
        let iraq = is_about_iraq(iraq_mentions + place_hits.len(), foreign_mentions);
        let themes = if iraq && !is_sport(&counted(sport_ids), term_ids.len()) {
            self.score_themes(&counted(term_ids))
        } else {
            Vec::new()
        };
        Tags {
            themes,
            provinces,
            iraq,
        }
    }

    /// Theme scores in two passes: terms that stand alone first; then the terms that require
    /// another theme, counted only where one of those themes is tagged by the first pass.
    fn score_themes(&self, term_counts: &[(u32, usize)]) -> Vec<ThemeTag> {
        let mut scores = vec![0.0f32; self.themes.len()];
        let mut hits: Vec<Vec<(&str, usize)>> = vec![Vec::new(); self.themes.len()];
        let mut conditional = Vec::new();
        for &(id, count) in term_counts {
            let Entry::Term {
                theme,
                weight,
                written,
                requires,
            } = &self.entries[id as usize]
            else {
                continue;
            };
            if requires.is_empty() {
                scores[*theme] += contribution(*weight, count);
                if *weight > 0.0 {
                    hits[*theme].push((written, count));
                }
            } else {
                conditional.push((*theme, *weight, written.as_str(), requires, count));
            }
        }
        let tagged_alone: Vec<bool> = scores
            .iter()
            .zip(&self.themes)
            .map(|(s, t)| *s >= t.threshold)
            .collect();
        for (theme, weight, written, requires, count) in conditional {
            if requires.iter().any(|r| tagged_alone[*r]) {
                scores[theme] += contribution(weight, count);
                if weight > 0.0 {
                    hits[theme].push((written, count));
                }
            }
        }
        let mut tags: Vec<ThemeTag> = scores
            .into_iter()
            .zip(hits)
            .enumerate()
            .filter(|(t, (score, _))| *score >= self.themes[*t].threshold)
            .map(|(t, (score, mut hits))| {
                hits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
                ThemeTag {
                    id: self.themes[t].id.clone(),
                    score: (score * 100.0).round() / 100.0,
                    hits: hits.into_iter().map(|(w, _)| w.to_string()).collect(),
                }
            })
            .collect();
        tags.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
        tags
    }

    fn provinces(&self, folded: &[u8], place_hits: &[matcher::Hit]) -> Vec<ProvinceTag> {
        let mentions: Vec<geo::Mention> = place_hits
            .iter()
            .map(|h| geo::Mention {
                start: h.start,
                end: h.end,
            })
            .collect();
        let keep = self.rules.keep(folded, &mentions);
        let mut found: Vec<(usize, Vec<String>)> = Vec::new();
        for (hit, kept) in place_hits.iter().zip(keep) {
            let Entry::Place { province, written } = &self.entries[hit.id as usize] else {
                continue;
            };
            if !kept {
                continue;
            }
            match found.iter_mut().find(|(p, _)| p == province) {
                Some((_, hits)) if !hits.contains(written) => hits.push(written.clone()),
                Some(_) => {}
                None => found.push((*province, vec![written.clone()])),
            }
        }
        found
            .into_iter()
            .map(|(p, hits)| ProvinceTag {
                id: self.gazetteer.provinces[p].id.clone(),
                hits,
            })
            .collect()
    }

    /// Spans to highlight in `text` (original byte offsets), for the detail view.
    pub fn spans(&self, text: &str) -> Vec<(std::ops::Range<usize>, SpanKind)> {
        let mapped = crate::text::fold_mapped(text);
        self.effective_hits(&mapped.folded.bytes)
            .into_iter()
            .filter_map(|hit| {
                let kind = match &self.entries[hit.id as usize] {
                    Entry::Term { weight, .. } if *weight > 0.0 => SpanKind::Theme,
                    Entry::Place { .. } => SpanKind::Place,
                    _ => return None,
                };
                Some((mapped.original_range(text, hit.start, hit.end), kind))
            })
            .collect()
    }
}

/// Each distinct id with the number of times it occurs, in id order.
fn counted(mut ids: Vec<u32>) -> Vec<(u32, usize)> {
    ids.sort_unstable();
    let mut counts: Vec<(u32, usize)> = Vec::with_capacity(ids.len());
    for id in ids {
        match counts.last_mut() {
            Some((last, n)) if *last == id => *n += 1,
            _ => counts.push((id, 1)),
        }
    }
    counts
}

/// What `count` occurrences of a term of `weight` add to its theme: repeats add half each,
/// up to `MAX_COUNTED_REPEATS`.
fn contribution(weight: f32, count: usize) -> f32 {
    let repeats = (count - 1).min(MAX_COUNTED_REPEATS) as f32;
    weight * (1.0 + REPEAT_BONUS * repeats)
}

/// Whether an article concerns Iraq: mentions of Iraq and of Iraqi places must not be swamped
/// by mentions of another country. A foreign story often names an Iraqi city in passing (the
/// group "once held Mosul", a suspect "had left Basra"): one such mention against ten of Syria
/// does not make it Iraqi news, though the city still counts as a place of the article.
/// Whether an article is sport news (see [`SPORT_MIN_TERMS`]).
fn is_sport(sport_terms: &[(u32, usize)], theme_mentions: usize) -> bool {
    let mentions: usize = sport_terms.iter().map(|(_, count)| count).sum();
    sport_terms.len() >= SPORT_MIN_TERMS && mentions > theme_mentions
}

fn is_about_iraq(iraqi_mentions: usize, foreign_mentions: usize) -> bool {
    iraqi_mentions > 0 && iraqi_mentions * 3 >= foreign_mentions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tagger() -> Tagger {
        let theme = lexicon::parse_theme(
            r#"
id = "terrorism"
name_ar = "الإرهاب"
name_en = "Terrorism"
severity = 5
exclusions = ["جهاز مكافحة الإرهاب"]
[[terms]]
weight = 2.0
words = ["داعش", "عبوة ناسفة"]
[[terms]]
weight = 1.0
words = ["الإرهاب"]
"#,
            "t.toml",
        )
        .unwrap();
        let gazetteer = Gazetteer::parse(
            r#"
exclusions = ["حكومة بغداد"]
body_prefixes = ["جامعة"]
directions = ["شمال"]
iraq_terms = ["العراق", "عراقي*"]
foreign_terms = ["سوريا"]
[[province]]
id = "baghdad"
name_ar = "بغداد"
name_en = "Baghdad"
names = ["بغداد"]
places = ["الكرادة"]
[[province]]
id = "nineveh"
name_ar = "نينوى"
name_en = "Nineveh"
names = ["نينوى"]
places = ["الموصل"]
"#,
            "g.toml",
        )
        .unwrap();
        Tagger::new(vec![theme], gazetteer)
    }

    #[test]
    fn theme_needs_its_threshold() {
        let t = tagger();
        let tags = t.tag("انفجار عبوة ناسفة في الكرادة");
        assert_eq!(tags.themes.len(), 1);
        assert_eq!(tags.themes[0].hits, vec!["عبوة ناسفة"]);
        // One weak term alone is not enough; repeated three times it is.
        assert!(t.tag("الحرب على الإرهاب في العراق").themes.is_empty());
        assert_eq!(t.tag("الإرهاب والإرهاب وللإرهاب في العراق").themes.len(), 1);
    }

    #[test]
    fn a_term_that_requires_another_theme_counts_only_beside_it() {
        let raid = lexicon::parse_theme(
            "id = \"military_ops\"\nname_ar = \"ع\"\nname_en = \"M\"\nseverity = 4\n[[terms]]\nweight = 2.0\nrequires = [\"terrorism\"]\nwords = [\"مداهمة\"]\n",
            "m.toml",
        )
        .unwrap();
        let base = tagger();
        let t = Tagger::new(
            vec![base.themes()[0].clone(), raid],
            base.gazetteer().clone(),
        );
        let ids = |text: &str| {
            t.tag(text)
                .themes
                .into_iter()
                .map(|t| t.id)
                .collect::<Vec<_>>()
        };
        assert!(ids("مداهمة وكر لتجار المخدرات في العراق").is_empty());
        let mut both = ids("مداهمة وكر لداعش في العراق");
        both.sort();
        assert_eq!(both, ["military_ops", "terrorism"]);
    }

    #[test]
    fn exclusion_phrase_swallows_its_term() {
        let t = tagger();
        assert!(
            t.tag("حضر رئيس جهاز مكافحة الإرهاب وجهاز مكافحة الإرهاب وجهاز مكافحة الإرهاب في العراق")
                .themes
                .is_empty()
        );
    }

    #[test]
    fn provinces_with_hits_and_rules() {
        let t = tagger();
        let tags =
            t.tag("وقع الانفجار في الكرادة وبالموصل، وقالت حكومة بغداد إن طلاب جامعة الموصل بخير");
        let got: Vec<(&str, &[String])> = tags
            .provinces
            .iter()
            .map(|p| (p.id.as_str(), p.hits.as_slice()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("baghdad", &["الكرادة".to_string()][..]),
                ("nineveh", &["الموصل".to_string()][..])
            ]
        );
        assert!(t.tag("حكومة بغداد").provinces.is_empty());
    }

    #[test]
    fn a_match_report_in_the_words_of_war_is_sport_but_a_bombed_stadium_is_not() {
        let t = Tagger::builtin();
        let report = "الشرطة يقصف شباك الحدود بثلاثية نظيفة في دوري نجوم العراق\n\
            أمطر الشرطة شباك ضيفه الحدود بثلاثة أهداف في المباراة التي جرت على ملعب الشعب في \
            بغداد، وسجل اللاعب علاء عباس هدف الفوز في الشوط الأول، فيما وجد حارس المرمى نفسه \
            تحت قصف متواصل من التسديدات. وتعادل القوة الجوية مع نفط البصرة، وبقي الشرطة في \
            الصدارة.";
        let tags = t.tag(report);
        assert!(tags.iraq);
        assert!(tags.themes.is_empty(), "{:?}", tags.themes);
        assert_eq!(
            tags.provinces[0].id, "baghdad",
            "sport still has its places"
        );

        // The stadium named again and again does not make a bombing sport.
        let bombing = "داعش يفجر الملعب الأولمبي في الرمادي\n\
            زرع عناصر داعش عبوات ناسفة داخل الملعب الأولمبي في الرمادي وفجروا الملعب عن بعد، \
            ما أدى إلى انهيار الملعب بالكامل، وكانت القوات الأمنية قد انسحبت من منطقة الملعب.";
        let ids: Vec<String> = t.tag(bombing).themes.into_iter().map(|t| t.id).collect();
        assert!(ids.contains(&"terrorism".to_string()), "{ids:?}");
    }

    #[test]
    fn foreign_security_news_keeps_no_themes() {
        let t = tagger();
        let tags = t.tag("هجوم لداعش بعبوة ناسفة في سوريا، وقال مسؤول في سوريا إن داعش يسيطر على مناطق في سوريا وفي شرق سوريا والعراق");
        assert!(!tags.iraq);
        assert!(tags.themes.is_empty());
        assert!(t.tag("داعش في العراق").iraq);
    }

    #[test]
    fn an_iraqi_city_named_in_passing_does_not_make_foreign_news_iraqi() {
        let t = tagger();
        // Syria four times, Mosul once (a reminder of the past): foreign news that keeps its
        // place but not its themes.
        let tags = t.tag(
            "هجوم لداعش بعبوة ناسفة في سوريا، والتنظيم الذي سيطر على الموصل يوما ينشط في سوريا وفي شرق سوريا وجنوب سوريا",
        );
        assert!(!tags.iraq);
        assert!(tags.themes.is_empty());
        assert_eq!(tags.provinces.len(), 1);
        // The same attack in Mosul, with Syria named as often, is Iraqi news.
        let tags = t.tag(
            "هجوم لداعش بعبوة ناسفة في الموصل، وقال مسؤول في الموصل إن خلايا التنظيم في الموصل تتسلل من سوريا",
        );
        assert!(tags.iraq);
        assert_eq!(tags.themes.len(), 1);
    }

    #[test]
    fn a_place_the_rules_set_aside_still_makes_the_news_iraqi() {
        let t = tagger();
        // "شمال الموصل" only locates the village named before it: no province. Yet the
        // village is in Iraq, so the article keeps its theme.
        let tags = t.tag("انفجار عبوة ناسفة في قرية الزهراء شمال الموصل");
        assert!(tags.provinces.is_empty());
        assert!(tags.iraq);
        assert_eq!(tags.themes.len(), 1);
        // The same news with no place at all is about nowhere in particular: not Iraq.
        assert!(!t.tag("انفجار عبوة ناسفة في قرية الزهراء").iraq);
    }

    #[test]
    fn spans_point_at_original_text() {
        let t = tagger();
        let text = "انفجار عبوةٍ ناسفة في الكرّادة";
        let spans = t.spans(text);
        let shown: Vec<&str> = spans.iter().map(|(r, _)| &text[r.clone()]).collect();
        assert_eq!(shown, vec!["عبوةٍ ناسفة", "الكرّادة"]);
    }
}
