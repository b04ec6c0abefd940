//! Page furniture out, article lines in.
//!
//! Scraped news text carries the site around the story: breadcrumbs ("الرئيسية / أمن / ..."),
//! mastheads repeated at the top, subscription and share prompts, visit counters, related-link
//! lists, photo captions printed twice and "go back" footers. Each rule here removes one of
//! those shapes; metadata lines (a date row, "المصدر: https://...") are taken out and returned
//! so the field extractor can use them.

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::memmem;

use super::phrases::PhraseSet;
use super::words::{count_words, is_alphanumeric, spaces_up_to, words};
use super::{date, outlets};

/// Lines of an article after cleaning, with what was lifted out of the furniture. A line
/// borrows from the text cleaned unless cleaning changed it.
#[derive(Debug, Default, PartialEq)]
pub struct Cleaned<'a> {
    pub lines: Vec<Cow<'a, str>>,
    /// The first publication date found on a metadata row.
    pub published: Option<String>,
    /// A URL given on a source line or on a line of its own.
    pub url: Option<String>,
    /// An outlet named on a "المصدر:" line.
    pub source_line: Option<String>,
    /// An outlet named by a masthead row ("رووداو ديجيتال") or a date row ("الحرة — 2021/12/09").
    pub masthead_source: Option<String>,
}

/// Phrases that mark a whole short line as furniture.
const FURNITURE: &[&str] = &[
    "اشترك بقناتنا",
    "اشترك في قناتنا",
    "اشتركوا في قناتنا",
    "اشترك الآن",
    "اشترك في النشرة",
    "اشتراك في النشرة",
    "تابعونا على",
    "تابعنا على",
    "قناتنا على",
    "قناتنا في",
    "شارك المقال",
    "شارك الخبر",
    "شارك هذا",
    "شارك من خلال",
    "مشاركة الخبر",
    "العودة للخلف",
    "اقرأ أيضا",
    "اقرأ أيضاً",
    "اقرأ ايضا",
    "إقرأ أيضاً",
    "إقرأ أيضا",
    "اقرا ايضا",
    "مواضيع ذات صلة",
    "أخبار ذات صلة",
    "اخبار ذات صلة",
    "الأكثر قراءة",
    "الاكثر قراءة",
    "جميع الحقوق محفوظة",
    "كل الحقوق محفوظة",
    "عدد الزيارات",
    "عدد المشاهدات",
];

/// Masthead phrases that are also ordinary news words ("اعتقال رئيس التحرير"): furniture
/// only on a row of a few words, the masthead's own.
const MASTHEAD: &[&str] = &[
    "رئيس مجلس الإدارة",
    "رئيس مجلسى الإدارة",
    "رئيس مجلسي الإدارة",
    "رئيس التحرير",
    "العودة إلى",
    "العودة الى",
];

/// A masthead row is this short.
const MASTHEAD_MAX_WORDS: usize = 5;

/// Words that are furniture only as a line of their own (a button label), not in a headline.
const FURNITURE_BUTTONS: &[&str] = &[
    "رجوع",
    "طباعة",
    "التعليقات",
    "أضف تعليق",
    "اضف تعليق",
    "اكتب تعليق",
    "حجم الخط",
    "تكبير الخط",
    "تصغير الخط",
    "مشاركة",
    "شارك",
    "تويتر",
    "فيسبوك",
    "واتساب",
];

/// The words every furniture prefix starts with (tested first, as most lines start otherwise).
const FURNITURE_PREFIX_STARTS: &[&str] = &["شارك ", "ليصلك "];

/// Prefixes glued by some scrapers onto the first body line; removed, the rest kept.
const FURNITURE_PREFIXES: &[&str] = &[
    "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك",
    "شارك من خلال تويتر فيسبوك جوجل بلس",
    "ليصلك المزيد من الأخبار اشترك بقناتنا على التليكرام",
];

/// A furniture line is short: prose that merely mentions a share button stays.
const FURNITURE_MAX_WORDS: usize = 20;

/// A line repeated on the page (masthead, caption) is short.
const REPEAT_MAX_WORDS: usize = 10;

/// Each phrase list searched as one: a short row is read once, not once per phrase.
static FURNITURE_SEARCH: LazyLock<PhraseSet> = LazyLock::new(|| PhraseSet::new(FURNITURE));
static MASTHEAD_SEARCH: LazyLock<PhraseSet> = LazyLock::new(|| PhraseSet::new(MASTHEAD));

pub fn clean(text: &str) -> Cleaned<'_> {
    let mut out = Cleaned::default();
    let mut lines: Vec<Cow<str>> = Vec::new();
    // Where in `lines` the short ones are, which a page may repeat (masthead, caption).
    let mut short_lines: Vec<usize> = Vec::new();
    // Sanitised text has no tabs or carriage returns and seldom two spaces in a row: then no
    // line needs more than trimming.
    let spacing_is_regular = !has_irregular_spacing(text);
    for raw in split_lines(text) {
        let line = if spacing_is_regular {
            Cow::Borrowed(raw.trim_ascii())
        } else {
            collapse_spaces(raw)
        };
        let line = strip_furniture_prefixes(line);
        if line.is_empty() || is_decoration(&line) {
            continue;
        }
        if let Some(url) = source_url_line(&line) {
            out.url.get_or_insert(url);
            continue;
        }
        if let Some(name) = source_name_line(&line) {
            out.source_line.get_or_insert(name);
            continue;
        }
        if is_breadcrumb(&line) {
            continue;
        }
        // Everything below recognises short rows; a paragraph is kept as it is.
        let spaces = spaces_up_to(&line, FURNITURE_MAX_WORDS);
        if spaces >= FURNITURE_MAX_WORDS {
            lines.push(line);
            continue;
        }
        if is_furniture_row(&line, spaces) {
            // A metadata row ("تاريخ الإضافة ... عدد الزيارات") may carry the date.
            if out.published.is_none() {
                out.published = date::parse_date(&line);
            }
            continue;
        }
        if date::is_date_line(&line) {
            if out.published.is_none() {
                out.published = date::parse_date(&line);
            }
            if out.masthead_source.is_none() {
                out.masthead_source = outlets::outlet_in_row(&line);
            }
            continue;
        }
        if is_relative_time(&line) {
            continue;
        }
        if let Some(outlet) = outlets::masthead_outlet(&line) {
            out.masthead_source.get_or_insert(outlet);
            continue;
        }
        if spaces < REPEAT_MAX_WORDS {
            short_lines.push(lines.len());
        }
        lines.push(line);
    }
    out.lines = drop_repeated_short_lines(lines, &short_lines);
    out
}

/// The text's lines, split at '\n' by memchr's vectorised search (`str::lines` searches with a
/// slower loop). A '\r' before the break stays on the line: `collapse_spaces` trims it, as
/// it trims any white space at the ends, and a last, empty line is skipped like any other.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    let mut start = 0;
    ends.map(move |end| {
        let line = &text[start..end];
        start = end + 1;
        line
    })
}

/// A button label, a masthead row or a row with a furniture phrase. `spaces` counts the
/// row's spaces: a button is at most three words, a masthead row at most five.
fn is_furniture_row(line: &str, spaces: usize) -> bool {
    let button = spaces < 3 && FURNITURE_BUTTONS.iter().any(|b| line.starts_with(b));
    let masthead = spaces < MASTHEAD_MAX_WORDS && MASTHEAD_SEARCH.is_in(line);
    button || masthead || FURNITURE_SEARCH.is_in(line)
}

/// The line without the furniture prefixes some scrapers glue onto it (each in turn, as one
/// may follow another).
fn strip_furniture_prefixes(mut line: Cow<'_, str>) -> Cow<'_, str> {
    if !FURNITURE_PREFIX_STARTS.iter().any(|s| line.starts_with(s)) {
        return line;
    }
    for prefix in FURNITURE_PREFIXES {
        if let Some(rest) = line.strip_prefix(prefix) {
            let start = line.len() - rest.trim_start().len();
            let end = start + rest.trim().len();
            line = keep_part(line, start..end);
        }
    }
    line
}

/// The bytes `range` of a line, still borrowed from the text when the line was.
fn keep_part(line: Cow<'_, str>, range: std::ops::Range<usize>) -> Cow<'_, str> {
    match line {
        Cow::Borrowed(line) => Cow::Borrowed(&line[range]),
        Cow::Owned(line) => Cow::Owned(line[range].to_string()),
    }
}

/// The line with runs of ASCII white space made one space and the ends trimmed. (A no-break
/// space is kept: it binds its words for display.) Borrowed when the line is tidy already, as
/// nearly every line is.
fn collapse_spaces(raw: &str) -> Cow<'_, str> {
    let trimmed = raw.trim_ascii();
    if !has_irregular_spacing(trimmed) {
        return Cow::Borrowed(trimmed);
    }
    let mut out = String::with_capacity(raw.len());
    for word in raw.split_ascii_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// Whether `text` has a tab, form feed or carriage return, or two spaces in a row: inside a
/// trimmed line (which never holds a '\n'), exactly the white space `collapse_spaces` changes.
fn has_irregular_spacing(text: &str) -> bool {
    static DOUBLE_SPACE: LazyLock<memmem::Finder<'static>> =
        LazyLock::new(|| memmem::Finder::new("  "));
    let bytes = text.as_bytes();
    memchr::memchr3(b'\t', 0x0C, b'\r', bytes).is_some() || DOUBLE_SPACE.find(bytes).is_some()
}

/// "منذ ساعتين", "قبل 3 ساعات": a page's relative timestamp, meaningless once saved.
fn is_relative_time(line: &str) -> bool {
    const UNITS: &[&str] = &[
        "ساعة",
        "ساعات",
        "ساعتين",
        "دقيقة",
        "دقائق",
        "دقيقتين",
        "يوم",
        "أيام",
        "ايام",
        "يومين",
    ];
    // Nearly every row starts with another word: refuse it before splitting it into words.
    let head = line.trim_start();
    if !(head.starts_with("منذ") || head.starts_with("قبل")) {
        return false;
    }
    let words: Vec<&str> = words(line).collect();
    words.len() <= 4
        && matches!(words.first(), Some(&"منذ") | Some(&"قبل"))
        && words.iter().any(|w| UNITS.contains(w))
}

/// Rows of dashes, stars, bullets: separators with no words.
fn is_decoration(line: &str) -> bool {
    !line.chars().any(is_alphanumeric)
}

/// "الرئيسية / أخبار / ..." and "Home > News": a navigation trail.
fn is_breadcrumb(line: &str) -> bool {
    let starts = ["الرئيسية", "الصفحة الرئيسية", "Home", "الرئيسيه"];
    starts.iter().any(|s| {
        line.strip_prefix(s).is_some_and(|rest| {
            rest.trim_start()
                .starts_with(['/', '»', '>', '›', '«', '<', '|', '-'])
        })
    })
}

/// "المصدر: https://..." or a line that is just a URL.
fn source_url_line(line: &str) -> Option<String> {
    let rest = strip_source_label(line).unwrap_or(line);
    let rest = rest.trim();
    let is_url =
        (rest.starts_with("http://") || rest.starts_with("https://")) && !rest.contains(' ');
    is_url.then(|| rest.to_string())
}

/// "المصدر: شفق نيوز" — the outlet named on its own line.
fn source_name_line(line: &str) -> Option<String> {
    let rest = strip_source_label(line)?.trim();
    let words = count_words(rest);
    (words > 0 && words <= 5).then(|| rest.trim_end_matches(['.', '،']).to_string())
}

fn strip_source_label(line: &str) -> Option<&str> {
    // Every label starts with one of these; most lines start with none.
    if !["المصدر", "رابط", "Source"]
        .iter()
        .any(|start| line.starts_with(start))
    {
        return None;
    }
    for label in [
        "المصدر",
        "المصدر الأصلي",
        "المصدر الاصلي",
        "رابط الخبر",
        "رابط المصدر",
        "Source",
    ] {
        if let Some(rest) = line.strip_prefix(label) {
            let rest = rest.trim_start();
            if let Some(rest) = rest.strip_prefix([':', '：', '-']) {
                return Some(rest);
            }
        }
    }
    None
}

/// Short lines that occur more than once are mastheads and captions ("الكاظمي" under a photo,
/// printed twice): every copy goes. The first line is kept even so, since it is usually the
/// headline that a breadcrumb had already repeated.
/// `short_lines` are the indices of the lines with fewer than `REPEAT_MAX_WORDS` spaces.
fn drop_repeated_short_lines<'a>(
    mut lines: Vec<Cow<'a, str>>,
    short_lines: &[usize],
) -> Vec<Cow<'a, str>> {
    let repeated = repeated_lines(short_lines.iter().map(|&i| lines[i].as_ref()));
    if repeated.is_empty() {
        return lines;
    }
    let mut index = 0;
    lines.retain(|line| {
        let first = index == 0;
        index += 1;
        let is_repeated = repeated.binary_search_by(|r| r.as_str().cmp(line)).is_ok();
        // A headline printed twice: keep its first occurrence. (A two-word masthead name
        // printed twice is not a headline.)
        !is_repeated || (first && count_words(line) >= 4)
    });
    lines
}

/// The lines that occur more than once, sorted. Sorting the few short lines of a page finds
/// them without hashing or copying each line.
fn repeated_lines<'l>(lines: impl Iterator<Item = &'l str>) -> Vec<String> {
    let mut short: Vec<&str> = lines.collect();
    short.sort_unstable();
    let mut repeated: Vec<String> = short
        .windows(2)
        .filter(|pair| pair[0] == pair[1])
        .map(|pair| pair[0].to_string())
        .collect();
    repeated.dedup();
    repeated
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_furniture_prefix_has_a_listed_start() {
        for prefix in FURNITURE_PREFIXES {
            assert!(
                FURNITURE_PREFIX_STARTS
                    .iter()
                    .any(|s| prefix.starts_with(s))
            );
        }
    }

    #[test]
    fn breadcrumb_subscription_and_dateline_page() {
        let text = "الرئيسية / الكاظمي: جماعات تحاول ترهيب أهل البصرة\n\nالكاظمي: جماعات تحاول ترهيب أهل البصرة\n\nليصلك المزيد من الأخبار اشترك بقناتنا على التليكرام\nبغداد – واع\n\nأكد رئيس الوزراء...";
        let c = clean(text);
        assert_eq!(
            c.lines,
            vec![
                "الكاظمي: جماعات تحاول ترهيب أهل البصرة",
                "بغداد – واع",
                "أكد رئيس الوزراء..."
            ]
        );
    }

    #[test]
    fn repeated_masthead_and_caption_lines_go() {
        let text = "رئيس مجلسى الإدارة والتحرير\nمحمد الباز\nرئيس مجلسى الإدارة والتحرير\nمحمد الباز\n\nالكاظمي يطالب بتكثيف الجهد\n\nالكاظمي\nالكاظمي\n\nأصدر رئيس الوزراء توجيهات.";
        let c = clean(text);
        assert_eq!(
            c.lines,
            vec!["الكاظمي يطالب بتكثيف الجهد", "أصدر رئيس الوزراء توجيهات."]
        );
    }

    #[test]
    fn metadata_rows_give_date_and_url() {
        let text = "عنوان الخبر\nتاريخ الإضافة الخميس 17 حزيران 2021 - 7:15 ص    عدد الزيارات 238    التعليقات 0\nنص الخبر هنا.\nالمصدر: https://example.iq/news/1\nالعودة للخلف";
        let c = clean(text);
        assert_eq!(c.lines, vec!["عنوان الخبر", "نص الخبر هنا."]);
        assert_eq!(c.published.as_deref(), Some("2021-06-17T07:15:00+03:00"));
        assert_eq!(c.url.as_deref(), Some("https://example.iq/news/1"));
    }

    #[test]
    fn headlines_with_words_pages_also_use_are_kept() {
        for headline in [
            "اشترك في الهجوم عشرة مسلحين من داعش",
            "التنظيم ينشر بيانا على التلغرام يتبنى التفجير",
            "اعتقال رئيس التحرير لصحيفة محلية في بغداد",
        ] {
            let text = format!("{headline}\nنص الخبر الطويل هنا.");
            assert_eq!(clean(&text).lines[0], headline);
        }
    }

    #[test]
    fn prose_mentioning_subscription_words_is_kept() {
        let long = "وقال المتحدث إن المواطنين مدعوون إلى الاشتراك في حملة التبرع بالدم التي أطلقتها دائرة الصحة في المحافظة لدعم الجرحى الذين أصيبوا في الانفجار";
        assert_eq!(clean(long).lines, vec![long]);
    }
}
