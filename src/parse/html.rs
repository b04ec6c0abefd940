//! HTML page -> plain lines plus the metadata pages carry in their head.
//!
//! A tolerant scanner, not a DOM: news pages are tag soup, and all we need is the text of the
//! blocks in order, minus the page furniture (scripts, styles, navigation, headers, footers,
//! asides, forms) and the few `<meta>`/`<title>`/`<h1>` values that name the article.

use memchr::memmem;

use super::words::{is_single_spaced, words};

/// What a page yields.
#[derive(Debug, Default, PartialEq)]
pub struct Page {
    /// Block texts in document order, one per line.
    pub text: String,
    pub title: Option<String>,
    pub h1: Option<String>,
    pub url: Option<String>,
    pub site: Option<String>,
    pub published: Option<String>,
}

/// Elements whose whole content is furniture, not article.
const SKIPPED: &[&str] = &[
    "head",
    "script",
    "figure",
    "figcaption",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "svg",
    "iframe",
    "template",
    "button",
    "select",
];

/// Elements that end a line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "section",
    "article",
    "blockquote",
    "figcaption",
    "time",
    "td",
    "dd",
    "dt",
    "pre",
    "hr",
    "main",
    "ul",
    "ol",
    "table",
];

pub fn parse(html: &str) -> Page {
    let mut page = Page::default();
    let mut out = String::with_capacity(html.len() / 2);
    let mut skip_depth: Vec<&str> = Vec::new();
    let mut in_title = false;
    let mut in_h1 = false;
    let mut title = String::new();
    let mut h1 = String::new();
    let mut rest = html;

    while let Some(lt) = memchr::memchr(b'<', rest.as_bytes()) {
        let text = &rest[..lt];
        if skip_depth.is_empty() {
            push_text(&mut out, text);
            if in_h1 {
                h1.push_str(text);
            }
        }
        if in_title {
            title.push_str(text);
        }
        rest = &rest[lt..];
        // Comments and doctype/CDATA.
        if rest.starts_with("<!--") {
            rest = memmem::find(rest.as_bytes(), b"-->").map_or("", |end| &rest[end + 3..]);
            continue;
        }
        let Some(gt) = memchr::memchr(b'>', rest.as_bytes()) else {
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let tag_body = tag.trim_start_matches('/');
        // The element's name as written; every test below ignores ASCII case, so no lowercase
        // copy is made per tag.
        let name_len = tag_body
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .count();
        let name = &tag_body[..name_len];
        if name.is_empty() {
            continue;
        }
        let is = |element: &str| name.eq_ignore_ascii_case(element);
        if !closing && (is("script") || is("style")) {
            // Raw text elements: jump to the closing tag, whatever it contains.
            rest = find_ignoring_case(rest, "</", name).map_or("", |at| {
                let after = &rest[at..];
                after.find('>').map_or("", |gt| &after[gt + 1..])
            });
            continue;
        }
        if is("meta") {
            read_meta(tag_body, &mut page);
            continue;
        }
        if is("title") {
            in_title = !closing;
            continue;
        }
        if let Some(skipped) = SKIPPED.iter().find(|s| is(s)) {
            if closing {
                if let Some(pos) = skip_depth.iter().rposition(|n| n == skipped) {
                    skip_depth.truncate(pos);
                }
            } else if !tag_body.ends_with('/') {
                skip_depth.push(skipped);
            }
            continue;
        }
        if is("h1") && skip_depth.is_empty() {
            in_h1 = !closing;
        }
        if BLOCKS.iter().any(|b| is(b)) && !out.ends_with('\n') {
            out.push('\n');
        }
    }
    if skip_depth.is_empty() {
        push_text(&mut out, rest);
    }

    page.text = collapse_lines(&out);
    page.title = non_empty(&decode_entities(&title));
    page.h1 = non_empty(&decode_entities(&h1));
    page
}

/// Where `open` followed by the tag `name` first starts in `text`, ASCII case ignored
/// ("</SCRIPT" closes "script"), the name ending there ("</scripts" does not). Searched in
/// place: lowercasing the rest of the page for each script made a page with many scripts
/// quadratic.
fn find_ignoring_case(text: &str, open: &str, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memmem::find_iter(bytes, open.as_bytes()).find(|&at| {
        let name_at = at + open.len();
        let name_ends = bytes
            .get(name_at + name.len())
            .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'));
        name_ends
            && bytes
                .get(name_at..name_at + name.len())
                .is_some_and(|found| found.eq_ignore_ascii_case(name.as_bytes()))
    })
}

/// The text's lines with their white space collapsed, as `split_whitespace` then `join(" ")`
/// would, and the empty ones dropped; written into one string rather than one per line.
fn collapse_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        // Most lines need no collapsing: copied whole, not word by word.
        if is_single_spaced(line) {
            if !line.is_empty() {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(line);
            }
            continue;
        }
        let mut line_words = words(line).peekable();
        if line_words.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        for (i, word) in line_words.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

fn push_text(out: &mut String, text: &str) {
    if !text.trim().is_empty() {
        out.push_str(&html_escape::decode_html_entities(text));
    } else if !text.is_empty() && !out.ends_with([' ', '\n']) {
        out.push(' ');
    }
}

fn decode_entities(text: &str) -> String {
    html_escape::decode_html_entities(text).into_owned()
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

fn read_meta(tag: &str, page: &mut Page) {
    let key = attr(tag, "property")
        .or_else(|| attr(tag, "name"))
        .or_else(|| attr(tag, "itemprop"));
    let (Some(key), Some(content)) = (key, attr(tag, "content")) else {
        return;
    };
    let content = non_empty(&decode_entities(&content));
    let slot = match key.to_ascii_lowercase().as_str() {
        "og:url" => &mut page.url,
        "og:site_name" => &mut page.site,
        "og:title" | "twitter:title" if page.title.is_none() => &mut page.title,
        "article:published_time" | "datepublished" | "date" | "pubdate" => &mut page.published,
        _ => return,
    };
    if slot.is_none() {
        *slot = content;
    }
}

/// The value of attribute `name` in a tag body, quoted with " or ' or bare.
fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - after.len() + 1;
        let value = tag[value_start..].trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or("").to_string(),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or("")
                .to_string(),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head><title>انفجار في بغداد | شفق نيوز</title>
<meta property="og:url" content="https://shafaq.com/ar/123">
<meta property="og:site_name" content="شفق نيوز">
<meta property="article:published_time" content="2021-06-17T07:15:00+03:00">
<script>var x = "<p>not text</p>";</script><style>p{color:red}</style></head>
<body><nav><a href="/">الرئيسية</a> / <a>أمن</a></nav>
<article><h1>انفجار عبوة ناسفة في بغداد</h1><p>أفاد مصدر أمني &quot;اليوم&quot; بأن عبوة انفجرت.</p>
<p>وأضاف<br>المصدر أن</p><!-- <p>hidden</p> --></article><footer>جميع الحقوق محفوظة</footer></body></html>"#;

    #[test]
    fn page_text_keeps_article_blocks_and_drops_furniture() {
        let page = parse(PAGE);
        assert_eq!(
            page.text,
            "انفجار عبوة ناسفة في بغداد\nأفاد مصدر أمني \"اليوم\" بأن عبوة انفجرت.\nوأضاف\nالمصدر أن"
        );
    }

    #[test]
    fn page_metadata_is_read_from_head() {
        let page = parse(PAGE);
        assert_eq!(page.title.as_deref(), Some("انفجار في بغداد | شفق نيوز"));
        assert_eq!(page.h1.as_deref(), Some("انفجار عبوة ناسفة في بغداد"));
        assert_eq!(page.url.as_deref(), Some("https://shafaq.com/ar/123"));
        assert_eq!(page.site.as_deref(), Some("شفق نيوز"));
        assert_eq!(page.published.as_deref(), Some("2021-06-17T07:15:00+03:00"));
    }

    #[test]
    fn a_script_ends_at_its_own_end_tag_only() {
        let page = parse(r#"<script>var s = "</scripts>"; var t = 1;</SCRIPT ><p>نص الخبر</p>"#);
        assert_eq!(page.text, "نص الخبر");
    }

    #[test]
    fn broken_markup_does_not_hang_or_panic() {
        for html in [
            "<p>نص",
            "<",
            "<<<>>>",
            "<script>never closed",
            "<!-- open",
            "<meta content='x",
        ] {
            let _ = parse(html);
        }
    }
}
