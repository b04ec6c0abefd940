//! How articles are printed: JSON Lines (the machine contract) and a readable table.

use std::io::{self, Write};

use serde::Serialize;

use crate::article::{Article, ArticleId, ProvinceTag, ThemeTag};
use crate::text::sanitize_line;

/// What happened to an article, in `scan --follow` output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Added,
    Changed,
    Removed,
}

impl Change {
    /// The name used in JSON records and readable rows.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Changed => "changed",
            Change::Removed => "removed",
        }
    }
}

/// One JSON line: the article without its body (unless asked), borrowed, written straight to
/// the output (no intermediate `serde_json::Value`).
#[derive(Serialize)]
struct Record<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<Change>,
    id: ArticleId,
    path: &'a str,
    title: &'a str,
    source: Option<&'a str>,
    published: Option<&'a str>,
    dateline: Option<&'a str>,
    url: Option<&'a str>,
    themes: &'a [ThemeTag],
    provinces: &'a [ProvinceTag],
    iraq: bool,
    error: Option<&'a str>,
    truncated: bool,
    encoding: Option<&'a str>,
    size: u64,
    modified: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a str>,
}

/// Write one article as a JSON line.
pub fn write_json(
    out: &mut impl Write,
    article: &Article,
    event: Option<Change>,
    with_body: bool,
) -> io::Result<()> {
    let record = Record {
        event,
        id: article.id,
        path: &article.path,
        title: &article.title,
        source: article.source.as_deref(),
        published: article.published.as_deref(),
        dateline: article.dateline.as_deref(),
        url: article.url.as_deref(),
        themes: &article.themes,
        provinces: &article.provinces,
        iraq: article.iraq,
        error: article.error.as_deref(),
        truncated: article.truncated,
        encoding: article.encoding.as_deref(),
        size: article.size,
        modified: article.modified,
        body: with_body.then_some(article.body.as_str()),
    };
    serde_json::to_writer(&mut *out, &record)?;
    out.write_all(b"\n")
}

/// A `removed` line for `scan --follow --json`: the article's id and the path it was shown at,
/// every other field empty, so a reader of `scan --json` records takes it as it is.
pub fn write_removed_json(out: &mut impl Write, path: &str, id: ArticleId) -> io::Result<()> {
    let record = Record {
        event: Some(Change::Removed),
        id,
        path,
        title: "",
        source: None,
        published: None,
        dateline: None,
        url: None,
        themes: &[],
        provinces: &[],
        iraq: false,
        error: None,
        truncated: false,
        encoding: None,
        size: 0,
        modified: None,
        body: None,
    };
    serde_json::to_writer(&mut *out, &record)?;
    out.write_all(b"\n")
}

/// The header of the readable table.
pub fn write_table_header(out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "{:<28}  {:<34}  {:<24}  title",
        "file", "themes", "provinces"
    )
}

/// The header of the readable table of `scan --follow`: the event first.
pub fn write_event_table_header(out: &mut impl Write) -> io::Result<()> {
    write!(out, "{:<8} ", "event")?;
    write_table_header(out)
}

/// A readable row of `scan --follow`: the event, then the article's row.
pub fn write_event_row(out: &mut impl Write, change: Change, article: &Article) -> io::Result<()> {
    write!(out, "{:<8} ", change.as_str())?;
    write_table_row(out, article)
}

/// A readable row of `scan --follow` for an article whose last file went.
pub fn write_removed_row(out: &mut impl Write, path: &str) -> io::Result<()> {
    let file = sanitize_line(path.rsplit('/').next().unwrap_or(path));
    writeln!(out, "{:<8} {file}", Change::Removed.as_str())
}

/// One readable row: file, themes, provinces, title (or the error). Arabic is printed in
/// logical order; a terminal that does not reorder shows it reversed, which is why the
/// console, not this table, is the place to read articles.
pub fn write_table_row(out: &mut impl Write, article: &Article) -> io::Result<()> {
    let file = sanitize_line(article.path.rsplit('/').next().unwrap_or(&article.path));
    let themes = article.theme_ids().collect::<Vec<_>>().join(",");
    let provinces = if article.provinces.is_empty() {
        "national".to_string()
    } else {
        article.province_ids().collect::<Vec<_>>().join(",")
    };
    let title = match &article.error {
        Some(e) if article.title.is_empty() => format!("ERROR: {e}"),
        _ => article.title.clone(),
    };
    let themes = if !article.iraq && article.error.is_none() {
        "(not Iraq)".to_string()
    } else {
        themes
    };
    writeln!(
        out,
        "{file:<28}  {themes:<34}  {provinces:<24}  {}",
        sanitize_line(&title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_line_has_the_contract_fields_and_escapes_control_bytes() {
        let mut a = Article::unreadable("dir/\x1b[31mred.txt", 3, "not a text file".into());
        a.themes.push(ThemeTag {
            id: "terrorism".into(),
            score: 2.5,
            hits: vec!["داعش".into()],
        });
        let mut out = Vec::new();
        write_json(&mut out, &a, Some(Change::Added), false).unwrap();
        let line = String::from_utf8(out).unwrap();
        assert!(!line.contains('\x1b'));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        for key in [
            "path",
            "title",
            "source",
            "published",
            "url",
            "themes",
            "provinces",
            "error",
            "iraq",
        ] {
            assert!(v.get(key).is_some(), "{key} missing");
        }
        assert_eq!(v["event"], "added");
        assert_eq!(v["path"], "dir/\x1b[31mred.txt");
        assert_eq!(v["themes"][0]["hits"][0], "داعش");
        assert!(v.get("body").is_none());
    }

    #[test]
    fn removed_record_keeps_every_key_with_empty_values() {
        let id = ArticleId::from_text("نص");
        let mut out = Vec::new();
        write_removed_json(&mut out, "dir/a.txt", id).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["event"], "removed");
        assert_eq!(v["id"], id.to_hex());
        assert_eq!(v["path"], "dir/a.txt");
        assert_eq!(v["title"], "");
        assert!(v["themes"].as_array().unwrap().is_empty());
        assert!(v["error"].is_null());
        assert!(out.ends_with(b"\n"));
    }

    #[test]
    fn table_row_shows_escaped_name_and_error() {
        let a = Article::unreadable("d/\x1b]0;x\x07.txt", 0, "permission denied".into());
        let mut out = Vec::new();
        write_table_row(&mut out, &a).unwrap();
        let row = String::from_utf8(out).unwrap();
        assert!(!row.contains('\x1b') && !row.contains('\x07'));
        assert!(row.contains("ERROR: permission denied"));
    }
}
