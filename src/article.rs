//! The record every stage passes on: what a file became after parsing and tagging.
//!
//! `scan --json` prints exactly this (see [`crate::output`]); the console, the triage store
//! and the exporter read it. Field names are part of the JSON contract: change them with care.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An article's identity: a hash of its folded title and body.
///
/// A re-delivered copy under another name has the same id, so triage state follows the
/// article across renames and restarts. A file that could not be parsed has no text to hash;
/// its id is derived from its path instead (see [`ArticleId::for_unreadable`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct ArticleId(pub [u8; 16]);

impl ArticleId {
    /// Id of an article from its folded text (see [`crate::text::Folded`]).
    ///
    /// It hashes the normalised string the folded bytes stand for ([`crate::text::normalize`]
    /// of the same text), which is what ids were made from before the tagger read folded
    /// bytes: triage saved by an older version still finds its articles. The string is
    /// encoded a block at a time, never built whole.
    pub fn from_folded(folded: &crate::text::Folded) -> Self {
        let mut hasher = blake3::Hasher::new();
        hasher.update(b"text\0");
        folded.normalized_utf8(|block| {
            hasher.update(block);
        });
        Self::finish(hasher)
    }

    /// Id of an article from its text: [`ArticleId::from_folded`] of the folded text.
    pub fn from_text(text: &str) -> Self {
        Self::from_folded(&crate::text::fold(text))
    }

    /// Id of a file that yielded no text: stable for the same path.
    pub fn for_unreadable(path: &str) -> Self {
        Self::hash(b"path\0", path.as_bytes())
    }

    fn hash(domain: &[u8], bytes: &[u8]) -> Self {
        let mut hasher = blake3::Hasher::new();
        hasher.update(domain);
        hasher.update(bytes);
        Self::finish(hasher)
    }

    fn finish(hasher: blake3::Hasher) -> Self {
        let mut id = [0u8; 16];
        id.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
        ArticleId(id)
    }

    pub fn to_hex(&self) -> String {
        use fmt::Write;
        self.0.iter().fold(String::with_capacity(32), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
    }

    pub fn from_hex(hex: &str) -> Option<Self> {
        if hex.len() != 32 || !hex.is_ascii() {
            return None;
        }
        let mut id = [0u8; 16];
        for (i, byte) in id.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(ArticleId(id))
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ArticleId({})", self.to_hex())
    }
}

impl From<ArticleId> for String {
    fn from(id: ArticleId) -> String {
        id.to_hex()
    }
}

impl TryFrom<String> for ArticleId {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        ArticleId::from_hex(&s).ok_or_else(|| format!("not an article id: {s:?}"))
    }
}

/// A security theme found in an article, with the lexicon terms that matched it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThemeTag {
    pub id: String,
    pub score: f32,
    /// Lexicon terms as written in the theme file, most frequent first.
    pub hits: Vec<String>,
}

/// An Iraqi province the article refers to as a place, with the names that placed it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvinceTag {
    pub id: String,
    /// Gazetteer entries as written there (a city, district, landmark or the province itself).
    pub hits: Vec<String>,
}

/// One parsed and tagged article file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    /// Path of the file, as found under the scanned directory. Printed escaped when it holds
    /// control characters; the raw path is kept for re-reading the file.
    pub path: String,
    pub title: String,
    pub source: Option<String>,
    /// Publication time as RFC 3339 (Baghdad time, +03:00) when the text states one.
    pub published: Option<String>,
    /// Where the report was filed ("بغداد – واع"), when it opens with a dateline.
    pub dateline: Option<String>,
    pub url: Option<String>,
    /// The cleaned body: boilerplate removed, control characters replaced, paragraphs
    /// separated by a blank line. Display text; matching uses its normalised form.
    pub body: String,
    pub themes: Vec<ThemeTag>,
    pub provinces: Vec<ProvinceTag>,
    /// False when the article's security content concerns another country only.
    pub iraq: bool,
    /// Why the file could not be (fully) read, if so. The article is still listed.
    pub error: Option<String>,
    /// The file was larger than the read cap; only its head was parsed.
    pub truncated: bool,
    /// The encoding the text was decoded from ("UTF-8", "windows-1256").
    pub encoding: Option<String>,
    /// Size of the file in bytes.
    pub size: u64,
    /// When the file was last written, in seconds since the Unix epoch: for an article found in
    /// the backlog, the moment it reached the desk.
    #[serde(default)]
    pub modified: Option<u64>,
}

impl Article {
    /// The record for a file that yielded no article: it is still listed, with its error.
    pub fn unreadable(path: &str, size: u64, error: String) -> Self {
        Article {
            id: ArticleId::for_unreadable(path),
            path: path.to_string(),
            title: String::new(),
            source: None,
            published: None,
            dateline: None,
            url: None,
            body: String::new(),
            themes: Vec::new(),
            provinces: Vec::new(),
            iraq: false,
            error: Some(error),
            truncated: false,
            encoding: None,
            size,
            modified: None,
        }
    }

    /// The highest severity among the article's themes, looked up by the caller's table.
    pub fn theme_ids(&self) -> impl Iterator<Item = &str> {
        self.themes.iter().map(|t| t.id.as_str())
    }

    pub fn province_ids(&self) -> impl Iterator<Item = &str> {
        self.provinces.iter().map(|p| p.id.as_str())
    }
}

/// The 14 theme ids of the taxonomy, in the order the console lists them.
pub const THEME_IDS: [&str; 14] = [
    "terrorism",
    "protests",
    "infrastructure",
    "assassination",
    "armed_groups",
    "tribal",
    "drugs",
    "organized_crime",
    "corruption",
    "elections",
    "border",
    "military_ops",
    "displacement",
    "security_cooperation",
];

/// The 19 province ids of the taxonomy, in the order the console lists them.
pub const PROVINCE_IDS: [&str; 19] = [
    "baghdad",
    "basra",
    "nineveh",
    "erbil",
    "sulaymaniyah",
    "duhok",
    "kirkuk",
    "diyala",
    "anbar",
    "salahaddin",
    "babil",
    "karbala",
    "najaf",
    "wasit",
    "qadisiyah",
    "maysan",
    "dhiqar",
    "muthanna",
    "halabja",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_stay_what_older_versions_saved_triage_under() {
        // Before the tagger read folded bytes, an id was the hash of the normalised string.
        let old = |text: &str| ArticleId::hash(b"text\0", crate::text::normalize(text).as_bytes());
        for text in [
            "انفجار عبوة ناسفة في بغداد، أمس",
            "Kurdish ڕێگا and café",
            "",
        ] {
            assert_eq!(ArticleId::from_text(text), old(text), "{text}");
        }
    }

    #[test]
    fn id_round_trips_through_hex_and_json() {
        let id = ArticleId::from_text("خبر عن بغداد");
        assert_eq!(ArticleId::from_hex(&id.to_hex()), Some(id));
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{}\"", id.to_hex()));
        let back: ArticleId = serde_json::from_str(&json).unwrap();
        assert_eq!(back, id);
    }

    #[test]
    fn same_text_same_id_other_text_other_id() {
        let a = ArticleId::from_text("نص");
        assert_eq!(a, ArticleId::from_text("نص"));
        assert_ne!(a, ArticleId::from_text("نص اخر"));
        assert_ne!(a, ArticleId::for_unreadable("نص"));
    }

    #[test]
    fn malformed_hex_is_refused() {
        assert_eq!(ArticleId::from_hex("zz"), None);
        assert_eq!(ArticleId::from_hex(&"g".repeat(32)), None);
    }
}
