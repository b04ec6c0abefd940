//! The province gazetteer: the 19 provinces with their cities, districts, towns, bases and
//! landmarks, and the phrase lists the place rules use. Compiled in from
//! `data/gazetteer.toml`; `--gazetteer FILE` replaces it.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gazetteer {
    /// Phrases inside which a place name does not count (the capital as government...).
    #[serde(default)]
    pub exclusions: Vec<String>,
    /// Words that make a following place name part of a body's name ("جامعة الموصل").
    #[serde(default)]
    pub body_prefixes: Vec<String>,
    /// Direction words: a place right after one only locates something else.
    #[serde(default)]
    pub directions: Vec<String>,
    /// Units of distance ("كلم"); informative for the direction rule.
    #[serde(default)]
    pub distance_units: Vec<String>,
    /// Seats of government: such a name opening a headline before a colon ("بغداد: ...") is
    /// the government speaking, not a place.
    #[serde(default)]
    pub government_seats: Vec<String>,
    /// Verbs of a government (feminine, as a seat's name takes): a seat right after one, or
    /// opening a clause before one, is the government acting ("تصر بغداد", "بغداد ترفض").
    #[serde(default)]
    pub government_verbs: Vec<String>,
    /// Evidence that an article concerns Iraq.
    #[serde(default)]
    pub iraq_terms: Vec<String>,
    /// Other countries and their places.
    #[serde(default)]
    pub foreign_terms: Vec<String>,
    /// Words of sport news: an article full of them gets no themes (see `tag::is_sport`).
    #[serde(default)]
    pub sport_terms: Vec<String>,
    #[serde(rename = "province")]
    pub provinces: Vec<Province>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Province {
    pub id: String,
    pub name_ar: String,
    pub name_en: String,
    /// The province's own names.
    pub names: Vec<String>,
    /// Places inside it.
    #[serde(default)]
    pub places: Vec<String>,
}

const BUILTIN: &str = include_str!("../../data/gazetteer.toml");

impl Gazetteer {
    pub fn builtin() -> Gazetteer {
        Gazetteer::parse(BUILTIN, "built-in: data/gazetteer.toml")
            .expect("the built-in gazetteer is valid (tested)")
    }

    pub fn load(path: &std::path::Path) -> anyhow::Result<Gazetteer> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        Gazetteer::parse(&text, &path.display().to_string())
    }

    pub fn parse(text: &str, origin: &str) -> anyhow::Result<Gazetteer> {
        let g: Gazetteer = toml::from_str(text)
            .map_err(|e| anyhow::anyhow!("{origin}: {}", e.to_string().trim_end()))?;
        for (i, p) in g.provinces.iter().enumerate() {
            if g.provinces[..i].iter().any(|o| o.id == p.id) {
                anyhow::bail!("{origin}: province {:?} is listed twice", p.id);
            }
        }
        Ok(g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::PROVINCE_IDS;

    #[test]
    fn builtin_gazetteer_has_exactly_the_19_provinces() {
        let g = Gazetteer::builtin();
        let mut ids: Vec<&str> = g.provinces.iter().map(|p| p.id.as_str()).collect();
        ids.sort();
        let mut want = PROVINCE_IDS.to_vec();
        want.sort();
        assert_eq!(ids, want);
        assert!(g.provinces.iter().all(|p| !p.names.is_empty()));
    }

    #[test]
    fn no_place_belongs_to_two_provinces() {
        use crate::text::normalize_term;
        let g = Gazetteer::builtin();
        let mut seen = std::collections::HashMap::new();
        for p in &g.provinces {
            for name in p.names.iter().chain(&p.places) {
                let key = normalize_term(name);
                let key = key.strip_prefix("ال").unwrap_or(&key).to_string();
                if let Some(other) = seen.insert(key, &p.id) {
                    assert_eq!(other, &p.id, "{name} is under {other} and {}", p.id);
                }
            }
        }
    }
}
