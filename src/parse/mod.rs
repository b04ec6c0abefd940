//! Bytes of one file -> the fields of an article (untagged).
//!
//! decode (UTF-8 / BOM / Windows-1256) -> neutralise control characters -> per-format text
//! (plain, Markdown, HTML, JSON) -> drop page furniture -> title, dateline, source, date, url.

pub mod clean;
pub mod date;
pub mod decode;
pub mod fields;
pub mod html;
pub mod outlets;
mod phrases;
pub mod read;
mod words;

use std::borrow::Cow;

use crate::text::{sanitize, sanitize_line};

/// An article's fields before tagging.
#[derive(Debug, Default, PartialEq)]
pub struct Parsed {
    pub title: String,
    pub source: Option<String>,
    pub published: Option<String>,
    pub dateline: Option<String>,
    pub url: Option<String>,
    /// Body paragraphs separated by blank lines, without title and dateline.
    pub body: String,
    pub encoding: &'static str,
}

impl Parsed {
    /// The text the tagger reads: title and body, never the dateline (where a report was
    /// filed is not a place the article is about), folded for the tagger (see
    /// [`crate::text::Folded`]) as one text, without copying the pieces into one string first.
    pub fn folded_for_tagging(&self) -> crate::text::Folded {
        let mut folder = crate::text::Folder::with_capacity(self.title.len() + self.body.len() + 2);
        folder.feed(&self.title);
        folder.feed("\n\n");
        folder.feed(&self.body);
        folder.finish()
    }
}

/// The kind of file, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Json,
}

impl Format {
    /// The format of a file name, or None when watchdesk does not read that kind of file.
    pub fn of(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

pub fn parse(bytes: &[u8], format: Format) -> Result<Parsed, decode::DecodeError> {
    let decoded = decode::decode(bytes)?;
    let text = sanitize(&decoded.text, true);
    let mut parsed = match format {
        Format::Text => from_lines(&text, None),
        Format::Markdown => from_lines(&strip_markdown(&text), None),
        Format::Html => from_html(&text),
        Format::Json => from_json(&text),
    };
    parsed.encoding = decoded.encoding;
    Ok(parsed)
}

/// Metadata a container format (HTML head, JSON fields) gives outright.
#[derive(Default)]
struct Given {
    title: Option<String>,
    source: Option<String>,
    published: Option<String>,
    url: Option<String>,
}

fn from_lines(text: &str, given: Option<Given>) -> Parsed {
    let given = given.unwrap_or_default();
    let cleaned = clean::clean(text);
    let mut lines = cleaned.lines;
    if let Some(title) = &given.title {
        // The headline given by the container goes first, once.
        lines.retain(|l| l != title);
        lines.insert(0, Cow::Borrowed(title));
    }
    let head = fields::extract(&lines);
    Parsed {
        title: sanitize_line(&head.title),
        source: given
            .source
            .or(cleaned.source_line)
            .or(head.source)
            .or(cleaned.masthead_source)
            .or_else(|| cleaned.url.as_deref().and_then(site_of_url))
            .map(|s| sanitize_line(&s)),
        published: given
            .published
            .as_deref()
            .and_then(date::parse_date)
            .or(cleaned.published)
            .or_else(|| head.paragraphs.first().and_then(|p| leading_date(p))),
        dateline: head.dateline.map(|d| sanitize_line(&d)),
        url: given.url.or(cleaned.url).map(|u| sanitize_line(&u)),
        body: head.paragraphs.join("\n\n"),
        encoding: "",
    }
}

/// A date at the very start of the lead ("22-08-2020 - قال ...") is the publication date.
fn leading_date(paragraph: &str) -> Option<String> {
    let head: String = words::words(paragraph)
        .take(6)
        .collect::<Vec<_>>()
        .join(" ");
    date::is_date_line(&head)
        .then(|| date::parse_date(&head))
        .flatten()
}

/// The site name of a URL ("https://www.shafaq.com/ar/..." -> "shafaq.com").
fn site_of_url(url: &str) -> Option<String> {
    let host = url.split("://").nth(1)?.split(['/', '?', '#']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_string())
}

fn from_html(text: &str) -> Parsed {
    let page = html::parse(text);
    let title = page
        .h1
        .clone()
        .or_else(|| page.title.as_deref().map(strip_site_suffix));
    from_lines(
        &page.text,
        Some(Given {
            title,
            source: page.site,
            published: page.published,
            url: page.url,
        }),
    )
}

/// "انفجار في بغداد | شفق نيوز" -> "انفجار في بغداد".
fn strip_site_suffix(title: &str) -> String {
    [" | ", " - ", " – "]
        .iter()
        .find_map(|sep| title.rsplit_once(sep))
        .map_or(title, |(t, _)| t)
        .trim()
        .to_string()
}

fn from_json(text: &str) -> Parsed {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        // Not valid JSON after all: read it as text rather than lose it.
        Err(_) => return from_lines(text, None),
    };
    let field = |names: &[&str]| -> Option<String> {
        names
            .iter()
            .find_map(|n| value.get(*n))
            .and_then(|v| match v {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Array(items) => Some(
                    items
                        .iter()
                        .filter_map(|i| i.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
                _ => None,
            })
    };
    let title = field(&["title", "headline", "عنوان"]);
    let body = field(&["body", "content", "text", "article", "نص"]).unwrap_or_default();
    let mut parsed = from_lines(
        &body,
        Some(Given {
            title: title.map(|t| sanitize_line(&t)),
            source: field(&["source", "site", "outlet", "publisher", "مصدر"]),
            published: field(&["date", "published", "published_at", "datetime", "time"]),
            url: field(&["url", "link", "href"]),
        }),
    );
    if parsed.published.is_none() {
        parsed.published = field(&["date", "published"])
            .as_deref()
            .and_then(date::parse_date);
    }
    parsed
}

/// Markdown syntax out, text kept: heading marks, emphasis, link targets, list bullets.
fn strip_markdown(text: &str) -> String {
    text.lines()
        .map(strip_markdown_line)
        .collect::<Vec<_>>()
        .join("\n")
}

fn strip_markdown_line(line: &str) -> Cow<'_, str> {
    let line = line.trim_start_matches(['#', '>']).trim_start();
    let line = line
        .strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))
        .unwrap_or(line);
    // Most lines have neither a link nor emphasis: kept as they are, not copied.
    if memchr::memchr3(b'[', b'*', b'_', line.as_bytes()).is_none() {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    // [text](url) -> text
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|c| open + c) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|e| close + e) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Cow::Owned(without_emphasis(out))
}

/// The line without "**" and "__" (in that order, as two `replace` calls would do). `replace`
/// copies the line even when there is nothing to take out, so it is called only when the
/// line has the character.
fn without_emphasis(line: String) -> String {
    let line = if line.contains('*') {
        line.replace("**", "")
    } else {
        line
    };
    if line.contains('_') {
        line.replace("__", "")
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_article_fields() {
        let json = r#"{"title": "اختطاف مواطن في بغداد", "body": "تعرض مواطن لعملية اختطاف.\nوقال مصدر...", "source": "السومرية نيوز", "date": "2021-03-04 10:30", "url": "https://alsumaria.tv/1"}"#;
        let p = parse(json.as_bytes(), Format::Json).unwrap();
        assert_eq!(p.title, "اختطاف مواطن في بغداد");
        assert_eq!(p.source.as_deref(), Some("السومرية نيوز"));
        assert_eq!(p.published.as_deref(), Some("2021-03-04T10:30:00+03:00"));
        assert_eq!(p.url.as_deref(), Some("https://alsumaria.tv/1"));
        assert_eq!(p.body, "تعرض مواطن لعملية اختطاف.\n\nوقال مصدر...");
    }

    #[test]
    fn markdown_heading_becomes_title() {
        let p = parse(
            "# مقتل ثلاثة بانفجار\n\nانفجرت **عبوة** ناسفة قرب [السوق](https://x.iq) صباح اليوم."
                .as_bytes(),
            Format::Markdown,
        )
        .unwrap();
        assert_eq!(p.title, "مقتل ثلاثة بانفجار");
        assert_eq!(p.body, "انفجرت عبوة ناسفة قرب السوق صباح اليوم.");
    }

    #[test]
    fn control_characters_never_survive_into_fields() {
        let p = parse(
            "عنوان\x1b]0;x\x07\nنص \x1b[2J الخبر.".as_bytes(),
            Format::Text,
        )
        .unwrap();
        assert!(!p.title.contains('\x1b') && !p.body.contains('\x1b'));
        assert!(p.title.contains('␛'));
    }

    #[test]
    fn url_gives_the_source_when_nothing_else_does() {
        let p = parse(
            "عنوان الخبر\nنص الخبر الطويل هنا.\nhttps://www.shafaq.com/ar/1".as_bytes(),
            Format::Text,
        )
        .unwrap();
        assert_eq!(p.source.as_deref(), Some("shafaq.com"));
    }
}
