//! Theme lexicons: one TOML file per theme (see `themes/` and the README for the format).
//!
//! The built-in set is compiled in from `themes/`; a user's directory (`--themes DIR`, or
//! `themes/` in the config dir) replaces it. A malformed file is an error naming the file and
//! the line.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// A theme as loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub id: String,
    pub name_ar: String,
    pub name_en: String,
    /// 1 (low) to 5 (critical).
    pub severity: u8,
    /// Score at which an article is tagged.
    pub threshold: f32,
    pub terms: Vec<Term>,
    pub exclusions: Vec<String>,
    /// Where it came from: a path, or "built-in: themes/x.toml".
    pub origin: String,
}

/// One lexicon entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// As written in the file (a trailing `*` allows any suffix).
    pub text: String,
    pub weight: f32,
    /// The term counts only in an article also tagged with one of these themes: a raid
    /// ("مداهمة") is a military operation against ISIS, a routine police matter otherwise.
    pub requires: Vec<String>,
}

pub const DEFAULT_THRESHOLD: f32 = 2.0;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    id: String,
    name_ar: String,
    name_en: String,
    severity: u8,
    threshold: Option<f32>,
    #[serde(default)]
    exclusions: Vec<String>,
    #[serde(default)]
    terms: Vec<TermGroup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermGroup {
    weight: f32,
    #[serde(default)]
    requires: Vec<String>,
    words: Vec<toml::Spanned<String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
    #[error("{dir}: cannot read theme directory: {source}")]
    Dir {
        dir: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{dir}: no theme files (*.toml)")]
    Empty { dir: String },
}

/// The themes compiled into the binary from the repository's `themes/` directory.
pub fn builtin() -> Vec<Theme> {
    BUILTIN
        .iter()
        .map(|(name, text)| {
            parse_theme(text, &format!("built-in: themes/{name}")).unwrap_or_else(|e| {
                panic!("built-in theme {name} is invalid (the build checks this): {e}")
            })
        })
        .collect()
}

include!(concat!(env!("OUT_DIR"), "/builtin_themes.rs"));

/// Load every `*.toml` in `dir`, sorted by file name.
pub fn load_dir(dir: &Path) -> Result<Vec<Theme>, LexiconError> {
    let entries = std::fs::read_dir(dir).map_err(|source| LexiconError::Dir {
        dir: dir.display().to_string(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(LexiconError::Empty {
            dir: dir.display().to_string(),
        });
    }
    let mut themes = Vec::with_capacity(files.len());
    for file in files {
        let origin = file.display().to_string();
        let text = std::fs::read_to_string(&file).map_err(|e| LexiconError::Invalid {
            file: origin.clone(),
            message: e.to_string(),
        })?;
        themes.push(parse_theme(&text, &origin)?);
    }
    check_unique(&themes)?;
    check_requires(&themes)?;
    Ok(themes)
}

/// Every theme a term group requires must exist.
pub fn check_requires(themes: &[Theme]) -> Result<(), LexiconError> {
    for t in themes {
        for term in &t.terms {
            if let Some(missing) = term
                .requires
                .iter()
                .find(|r| !themes.iter().any(|o| &o.id == *r))
            {
                return Err(LexiconError::Invalid {
                    file: t.origin.clone(),
                    message: format!("term {:?} requires unknown theme {missing:?}", term.text),
                });
            }
        }
    }
    Ok(())
}

fn check_unique(themes: &[Theme]) -> Result<(), LexiconError> {
    for (i, t) in themes.iter().enumerate() {
        if let Some(other) = themes[..i].iter().find(|o| o.id == t.id) {
            return Err(LexiconError::Invalid {
                file: t.origin.clone(),
                message: format!("theme id {:?} is already defined in {}", t.id, other.origin),
            });
        }
    }
    Ok(())
}

/// Parse one theme file's text; `origin` names it in errors.
pub fn parse_theme(text: &str, origin: &str) -> Result<Theme, LexiconError> {
    let invalid = |message: String| LexiconError::Invalid {
        file: origin.to_string(),
        message,
    };
    // toml's message already says "TOML parse error at line N, column M".
    let file: ThemeFile =
        toml::from_str(text).map_err(|e| invalid(e.to_string().trim_end().to_string()))?;
    if file.id.is_empty() || !file.id.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
        return Err(invalid(format!(
            "id {:?} must be lower-case letters and _",
            file.id
        )));
    }
    if !(1..=5).contains(&file.severity) {
        return Err(invalid(format!(
            "severity {} is outside 1..5",
            file.severity
        )));
    }
    let threshold = file.threshold.unwrap_or(DEFAULT_THRESHOLD);
    if !threshold.is_finite() || threshold <= 0.0 {
        return Err(invalid(format!(
            "threshold {threshold} must be a positive number"
        )));
    }
    let mut terms = Vec::new();
    for group in file.terms {
        if !group.weight.is_finite() || group.weight.abs() > 10.0 {
            return Err(invalid(format!(
                "weight {} must be a number between -10 and 10",
                group.weight
            )));
        }
        for word in group.words {
            let span = word.span();
            let word = word.into_inner();
            if crate::text::normalize_term(word.trim_end_matches('*')).is_empty() {
                return Err(invalid(format!(
                    "line {}: term {word:?} has no letters",
                    line_of(text, span.start)
                )));
            }
            terms.push(Term {
                text: word,
                weight: group.weight,
                requires: group.requires.clone(),
            });
        }
    }
    Ok(Theme {
        id: file.id,
        name_ar: file.name_ar,
        name_en: file.name_en,
        severity: file.severity,
        threshold,
        terms,
        exclusions: file.exclusions,
        origin: origin.to_string(),
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_builtin_theme_lists_a_term_or_exclusion_twice() {
        // A term listed twice counts twice towards its theme's score.
        for theme in builtin() {
            let mut terms: Vec<&str> = theme.terms.iter().map(|t| t.text.as_str()).collect();
            terms.sort_unstable();
            let twice: Vec<_> = terms.windows(2).filter(|w| w[0] == w[1]).collect();
            assert!(twice.is_empty(), "{}: {twice:?}", theme.id);
            let mut exclusions: Vec<&str> = theme.exclusions.iter().map(String::as_str).collect();
            exclusions.sort_unstable();
            let twice: Vec<_> = exclusions.windows(2).filter(|w| w[0] == w[1]).collect();
            assert!(twice.is_empty(), "{} exclusions: {twice:?}", theme.id);
        }
    }

    const GOOD: &str = r#"
id = "drugs"
name_ar = "المخدرات"
name_en = "Drugs"
severity = 3
exclusions = ["مكافحة المخدرات العالمي"]

[[terms]]
weight = 2.0
words = ["المخدرات", "حبوب مخدرة"]

[[terms]]
weight = 1.0
words = ["الكريستال"]
"#;

    #[test]
    fn builtin_themes_are_the_fourteen_and_consistent() {
        let themes = builtin();
        let mut ids: Vec<&str> = themes.iter().map(|t| t.id.as_str()).collect();
        ids.sort();
        let mut want = crate::article::THEME_IDS.to_vec();
        want.sort();
        assert_eq!(ids, want);
        check_requires(&themes).unwrap();
        assert!(
            themes
                .iter()
                .all(|t| t.terms.iter().any(|term| term.weight >= t.threshold))
        );
    }

    #[test]
    fn a_theme_file_loads_with_weights() {
        let t = parse_theme(GOOD, "drugs.toml").unwrap();
        assert_eq!(t.id, "drugs");
        assert_eq!(t.threshold, DEFAULT_THRESHOLD);
        assert_eq!(t.terms[2].text, "الكريستال");
        assert_eq!(t.terms[2].weight, 1.0);
        assert!(t.terms[2].requires.is_empty());
        assert_eq!(t.exclusions.len(), 1);
    }

    #[test]
    fn malformed_files_name_the_file_and_line() {
        let broken = GOOD.replace("severity = 3", "severity = 3\nseverty = 4");
        let e = parse_theme(&broken, "themes/drugs.toml")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("themes/drugs.toml:"), "{e}");
        assert!(e.contains("line 6"), "{e}");
        assert!(e.contains("severty"), "{e}");

        let empty_term = GOOD.replace("\"الكريستال\"", "\"الكريستال\", \"--\"");
        let e = parse_theme(&empty_term, "d.toml").unwrap_err().to_string();
        assert!(e.contains("line 14") && e.contains("no letters"), "{e}");

        let bad_severity = GOOD.replace("severity = 3", "severity = 9");
        assert!(
            parse_theme(&bad_severity, "d.toml")
                .unwrap_err()
                .to_string()
                .contains("severity 9")
        );
    }

    #[test]
    fn a_directory_of_themes_loads_sorted_and_refuses_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.toml"), GOOD).unwrap();
        std::fs::write(
            dir.path().join("a.toml"),
            GOOD.replace("\"drugs\"", "\"aaa\""),
        )
        .unwrap();
        let themes = load_dir(dir.path()).unwrap();
        assert_eq!(
            themes.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
            ["aaa", "drugs"]
        );
        std::fs::write(dir.path().join("c.toml"), GOOD).unwrap();
        assert!(
            load_dir(dir.path())
                .unwrap_err()
                .to_string()
                .contains("already defined")
        );
        std::fs::remove_file(dir.path().join("c.toml")).unwrap();
        let needs_ghost = GOOD.replace("weight = 1.0", "weight = 1.0\nrequires = [\"ghost\"]");
        std::fs::write(dir.path().join("b.toml"), needs_ghost).unwrap();
        let e = load_dir(dir.path()).unwrap_err().to_string();
        assert!(
            e.contains("b.toml") && e.contains("unknown theme \"ghost\""),
            "{e}"
        );
    }
}
