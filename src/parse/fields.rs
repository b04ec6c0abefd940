//! Title, dateline and source from the cleaned lines of an article.
//!
//! News text opens in a handful of shapes: a headline line, then a byline or dateline row
//! ("بغداد – واع", "الأنبار: مناف العبيدي", "«الاقتصادية» من الرياض"), then paragraphs; or a
//! paragraph straight away that starts with its dateline ("ايلاف من لندن: وجه ...",
//! "{بغداد: الفرات نيوز} أعلنت ..."). This module tells those shapes apart. A head that names
//! only the outlet ("شفق نيوز/ أفاد ...", "السومرية نيوز/ محليات") gives the source and no
//! dateline: it says nothing of where the copy was filed.

use super::outlets::{
    SECTIONS, ends_with_outlet, ends_with_outlet_cue, is_everyday_word, is_outlet_name,
    known_outlet, starts_with_outlet,
};
use super::words::{count_words, words};

/// What the head of an article yields.
#[derive(Debug, Default, PartialEq)]
pub struct Head<'l> {
    pub title: String,
    pub dateline: Option<String>,
    pub source: Option<String>,
    /// Body paragraphs: the lines after the title, with the dateline taken out (borrowed from
    /// the lines given).
    pub paragraphs: Vec<&'l str>,
}

/// A headline is a line, not a paragraph.
const TITLE_MAX_WORDS: usize = 30;
/// A title cut from a lead sentence keeps this many words.
const LEAD_TITLE_WORDS: usize = 14;
/// A byline or dateline row is short.
const DATELINE_MAX_WORDS: usize = 9;
/// A dateline glued to a paragraph is its first few words.
const DATELINE_PREFIX_MAX_WORDS: usize = 4;

pub fn extract<S: AsRef<str>>(lines: &[S]) -> Head<'_> {
    let mut head = Head::default();
    let mut rest: Vec<&str> = lines.iter().map(AsRef::as_ref).collect();
    if rest.is_empty() {
        return head;
    }

    // A row that names only the outlet, or the outlet and the page's section ("السومرية
    // نيوز/ محليات"), signs the copy but says nowhere it was filed from: it gives the source,
    // and the dateline may still come after it.
    let mut masthead = None;
    let mut take_row = |row: &str, head: &mut Head| match outlet_masthead(&trim_row(row)) {
        Some(outlet) => masthead = masthead.take().or(Some(outlet)),
        None => head.dateline = Some(trim_row(row)),
    };

    skip_section_rows(&mut rest);
    // A dateline row before anything else ("بغداد ـ سلام زيدان:" opening the text).
    if rest.len() > 1 && is_dateline_row(rest[0]) {
        take_row(rest.remove(0), &mut head);
        skip_section_rows(&mut rest);
    }

    let first = rest[0];
    // A headline is short and not a sentence; a lead paragraph (ending with a full stop, or
    // opening with its dateline) is not one.
    let words = count_words(first);
    // A dateline row right after it makes it the headline all the same: "شؤون المخدرات:
    // ضبط ..." is a headline with a label, not a lead with its dateline.
    let reads_as_lead = words > 15
        && (first.ends_with('.') || split_dateline_prefix(first).is_some())
        && !rest.get(1).is_some_and(|next| is_dateline_row(next));
    let first_is_headline = words <= TITLE_MAX_WORDS && !reads_as_lead && rest.len() > 1;
    if first_is_headline {
        head.title = first.to_string();
        rest.remove(0);
    }
    let mut paragraphs = rest;

    // The row after the headline may be the dateline or byline.
    if head.dateline.is_none()
        && first_is_headline
        && paragraphs.len() > 1
        && is_dateline_row(paragraphs[0])
    {
        take_row(paragraphs.remove(0), &mut head);
    }
    // Or the first paragraph opens with it.
    if head.dateline.is_none()
        && let Some(first) = paragraphs.first_mut()
        && let Some((dateline, body)) = split_dateline_prefix(first)
    {
        take_row(dateline, &mut head);
        *first = body;
    }
    if head.title.is_empty() {
        head.title = paragraphs
            .first()
            .map(|p| lead_title(p))
            .unwrap_or_default();
    }
    head.title = cap_title(head.title);
    head.source = masthead
        .or_else(|| head.dateline.as_deref().and_then(source_in_dateline))
        .or_else(|| paragraphs.iter().take(2).find_map(|p| cited_outlet(p)));
    head.paragraphs = paragraphs;
    head
}

/// A title longer than this many characters (a paragraph or a run-on line in the headline's
/// place) is cut at a word, with "…".
const TITLE_MAX_CHARS: usize = 200;

fn cap_title(title: String) -> String {
    let Some((cut, _)) = title.char_indices().nth(TITLE_MAX_CHARS) else {
        return title;
    };
    let head = &title[..cut];
    let at_word = head.rfind(' ').filter(|i| *i > cut / 2).unwrap_or(cut);
    format!("{}…", head[..at_word].trim_end())
}

fn trim_row(row: &str) -> String {
    row.trim()
        .trim_end_matches([':', '：', '/', '-', '–', '—', 'ـ'])
        .trim()
        .to_string()
}

/// A short row with a separator that is not a sentence: "بغداد – واع", "الأنبار: مناف العبيدي",
/// "عكاظ (بغداد، عمان)", "«الاقتصادية» من الرياض", "عين اليوم – متابعات".
fn is_dateline_row(row: &str) -> bool {
    let words = count_words(row);
    if words == 0
        || words > DATELINE_MAX_WORDS
        || row.ends_with(['.', '؟', '!'])
        || has_speech_verb(row)
    {
        return false;
    }
    // Each part between separators is a place, a name or an outlet: a few words at most.
    let parts_are_short = row
        .split([':', '/', '-', '–', '—', 'ـ'])
        .all(|part| count_words(part) <= 3);
    if !parts_are_short && !row.contains('(') {
        return false;
    }
    let signed_by_outlet = ends_with_outlet(row) || starts_with_outlet(row);
    // "عكاظ (بغداد، عمان)", "أحمد الشميري (صنعاء)": a name with places in brackets.
    let bracketed = row.contains('(') && words <= 5;
    // A comma outside brackets means a list or a clause: prose, not a byline.
    let has_separator = row.contains([':', '/', '-', '–', '—', 'ـ', '«']) || row.contains(" من ");
    signed_by_outlet || bracketed || (has_separator && !row.contains(['،', ',']))
}

/// Section labels above the headline ("تحليلات", "أمن | سياسة") are page furniture.
fn skip_section_rows(rows: &mut Vec<&str>) {
    let is_section_row = |row: &str| {
        row.split(['|', '/', '»', '›', '>'])
            .all(|part| SECTIONS.contains(&part.trim()))
    };
    while rows.len() > 1 && is_section_row(rows[0]) {
        rows.remove(0);
    }
}

/// The outlet, when a dateline row is only its name, or its name and a section of the site.
fn outlet_masthead(row: &str) -> Option<String> {
    let (outlet, section) = match row.split_once(['/', '–', '—']) {
        Some((outlet, section)) => (outlet.trim(), Some(section.trim())),
        None => (row.trim(), None),
    };
    let name = known_outlet(outlet)?;
    // "الرياض" alone is the city as often as the paper: a place, so a dateline.
    let only_the_outlet = name == outlet && !is_everyday_word(&name);
    (only_the_outlet && section.is_none_or(|s| SECTIONS.contains(&s))).then_some(name)
}

/// "ايلاف من لندن: وجه ..." -> ("ايلاف من لندن", "وجه ..."); "شفق نيوز/ أفاد ..." likewise;
/// "{بغداد: الفرات نيوز} أعلنت ..." -> ("بغداد: الفرات نيوز", "أعلنت ...").
fn split_dateline_prefix(paragraph: &str) -> Option<(&str, &str)> {
    if let Some(inner) = paragraph.strip_prefix('{')
        && let Some(close) = inner.find('}').filter(|at| *at < 80)
    {
        let (dateline, rest) = (inner[..close].trim(), inner[close + 1..].trim());
        return (count_words(dateline) <= DATELINE_MAX_WORDS && count_words(rest) >= 4)
            .then_some((dateline, rest));
    }
    let cut = paragraph
        .char_indices()
        .take_while(|(i, _)| *i < 80)
        .find(|(_, c)| matches!(c, ':' | '/' | '–' | '—' | 'ـ' | '-'))
        .map(|(i, c)| (i, c.len_utf8()))?;
    // "رووداو – السليمانية: تعرض ...": an outlet, then the place, then a colon; the dateline
    // runs to the colon when one or two words lie between.
    let cut = match paragraph[cut.0 + cut.1..].find(':') {
        Some(colon) if count_words(&paragraph[cut.0 + cut.1..][..colon]) <= 2 => {
            (cut.0 + cut.1 + colon, ':'.len_utf8())
        }
        _ => cut,
    };
    let (prefix, rest) = (&paragraph[..cut.0], &paragraph[cut.0 + cut.1..]);
    let words = count_words(prefix);
    let rest = rest.trim();
    // A number before the separator is a date or a score ("22-08"), not a place; one inside
    // brackets is part of an outlet's name ("أربيل (كوردستان24) - ...").
    let mut depth = 0i32;
    let number_outside_brackets = prefix.chars().any(|c| {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        depth <= 0 && c.is_ascii_digit()
    });
    if words == 0
        || words > DATELINE_PREFIX_MAX_WORDS
        || number_outside_brackets
        || count_words(rest) < 4
    {
        return None;
    }
    // Quoting someone ("قال: ...") is not a dateline: the prefix must look like a place or an outlet.
    let looks_like_dateline = prefix.contains(" من ")
        || is_outlet_name(prefix.trim())
        || starts_with_outlet(prefix.trim())
        || (words <= 2 && !has_speech_verb(prefix));
    looks_like_dateline.then(|| (prefix.trim(), rest))
}

fn has_speech_verb(prefix: &str) -> bool {
    const VERBS: &[&str] = &[
        "قال",
        "وقال",
        "أضاف",
        "واضاف",
        "وأضاف",
        "أكد",
        "وأكد",
        "اكد",
        "أوضح",
        "وأوضح",
        "تابع",
        "وتابع",
    ];
    words(prefix).any(|w| VERBS.contains(&w))
}

/// The outlet in a dateline: a known name among its parts, a «quoted» name, or the first part
/// of "NAME من CITY".
fn source_in_dateline(dateline: &str) -> Option<String> {
    let parts: Vec<&str> = dateline
        .split([':', '/', '-', '–', '—', 'ـ', '(', ')', '،', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    for part in &parts {
        let bare = part
            .trim_matches(['«', '»', '"', '“', '”', '{', '}'])
            .trim();
        // "الموصل - اليوم" is Mosul today, "الرياض - واس" an agency filing from Riyadh.
        let marked = bare.len() < part.len();
        if let Some(name) = known_outlet(bare)
            && (marked || !is_everyday_word(&name))
        {
            return Some(name);
        }
    }
    if let Some(quoted) = between(dateline, '«', '»') {
        return Some(quoted.to_string());
    }
    let (name, _) = dateline.split_once(" من ")?;
    let name = name.trim().trim_matches(['«', '»', '"']);
    (count_words(name) <= 3 && !name.is_empty()).then(|| name.to_string())
}

/// An outlet credited in the lead: "(واع)", "«الشرق الأوسط»", "تابعته \"ايلاف\"".
fn cited_outlet(paragraph: &str) -> Option<String> {
    for (open, close) in [('(', ')'), ('«', '»'), ('"', '"'), ('“', '”')] {
        let mut rest = paragraph;
        while let Some(start) = rest.find(open).map(|i| i + open.len_utf8()) {
            let Some(len) = rest[start..].find(close) else {
                break;
            };
            // "إلى (الرياض)" is the city: in brackets, a name that is also an everyday word
            // is the outlet only when announced ("صحيفة (الرياض)"); quotes mark a title.
            let announced = open != '(' || ends_with_outlet_cue(&rest[..start - open.len_utf8()]);
            if let Some(name) = known_outlet(rest[start..start + len].trim())
                && (announced || !is_everyday_word(&name))
            {
                return Some(name);
            }
            rest = &rest[start + len + close.len_utf8()..];
        }
    }
    None
}

fn between(text: &str, open: char, close: char) -> Option<&str> {
    let start = text.find(open)? + open.len_utf8();
    let len = text[start..].find(close)?;
    Some(&text[start..start + len])
}

/// A headline cut from a lead paragraph: its first sentence, at most `LEAD_TITLE_WORDS` words.
fn lead_title(paragraph: &str) -> String {
    let sentence = paragraph
        .split_inclusive(['.', '؟', '!', '\n'])
        .next()
        .unwrap_or(paragraph)
        .trim()
        .trim_end_matches(['.', '،', ','])
        .trim();
    let words: Vec<&str> = words(sentence).collect();
    if words.len() <= LEAD_TITLE_WORDS {
        words.join(" ")
    } else {
        format!(
            "{}…",
            words[..LEAD_TITLE_WORDS]
                .join(" ")
                .trim_end_matches(['،', ','])
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn headline_then_agency_dateline() {
        let lines = lines_of(
            "الكاظمي: جماعات تحاول ترهيب أهل البصرة\nبغداد – واع\nأكد رئيس الوزراء أن هناك جماعات.",
        );
        let head = extract(&lines);
        assert_eq!(head.title, "الكاظمي: جماعات تحاول ترهيب أهل البصرة");
        assert_eq!(head.dateline.as_deref(), Some("بغداد – واع"));
        assert_eq!(head.source.as_deref(), Some("واع"));
        assert_eq!(head.paragraphs, vec!["أكد رئيس الوزراء أن هناك جماعات."]);
    }

    #[test]
    fn paragraph_opening_with_outlet_and_city() {
        let lines = lines_of(
            "ايلاف من لندن: وجه رئيس الوزراء العراقي مصطفى الكاظمي الاربعاء القادة الامنيين بالتواجد خلال الاحتجاجات ومنع استخدام الذخيرة الحية ضد المتظاهرين كما امر بتجهيز القوات.\n\nوخلال ترؤس الكاظمي...",
        );
        let head = extract(&lines);
        assert_eq!(head.dateline.as_deref(), Some("ايلاف من لندن"));
        assert_eq!(head.source.as_deref(), Some("ايلاف"));
        assert_eq!(
            head.title,
            "وجه رئيس الوزراء العراقي مصطفى الكاظمي الاربعاء القادة الامنيين بالتواجد خلال الاحتجاجات ومنع استخدام…"
        );
        assert!(head.paragraphs[0].starts_with("وجه رئيس الوزراء"));
    }

    #[test]
    fn byline_with_author_is_a_dateline_without_source() {
        let lines = lines_of(
            "عنوان الخبر هنا\nالأنبار: مناف العبيدي\nكشف مجلس المحافظة عن أمر مهم جدا اليوم.",
        );
        let head = extract(&lines);
        assert_eq!(head.dateline.as_deref(), Some("الأنبار: مناف العبيدي"));
        assert_eq!(head.source, None);
    }

    #[test]
    fn a_head_naming_only_the_outlet_gives_a_source_and_no_dateline() {
        let lead = "كشف تقرير لجنة تحقيقية عن تقصير في حماية المقر.";
        for text in [
            format!("عنوان\nشفق نيوز/ {lead}"),
            format!("عنوان\nالسومرية نيوز/ محليات\n{lead}"),
            format!("عنوان\nالحرة عراق\n{lead}"),
        ] {
            let lines = lines_of(&text);
            let head = extract(&lines);
            assert_eq!(head.dateline, None, "{text}");
            assert!(head.source.is_some(), "{text}");
            assert_eq!(head.paragraphs, vec![lead], "{text}");
        }
        // A place after the outlet is a dateline.
        let lines = lines_of(&format!("عنوان\nشفق نيوز/ البصرة\n{lead}"));
        let head = extract(&lines);
        assert_eq!(head.dateline.as_deref(), Some("شفق نيوز/ البصرة"));
    }

    #[test]
    fn section_labels_are_furniture_and_a_dateline_runs_to_its_colon() {
        let lines = lines_of(
            "أمن | سياسة\nعنوان الخبر\nرووداو – السليمانية: تعرض حقل للغاز لهجوم بطائرة مسيرة.",
        );
        let head = extract(&lines);
        assert_eq!(head.title, "عنوان الخبر");
        assert_eq!(head.dateline.as_deref(), Some("رووداو – السليمانية"));
        assert_eq!(head.source.as_deref(), Some("رووداو"));
        // (A masthead row above them is taken out before: see `clean`.)
        let lines = lines_of("تحليلات\nعنوان التحليل\nنص التحليل الطويل عن الأمن.");
        assert_eq!(extract(&lines).title, "عنوان التحليل");
    }

    #[test]
    fn a_dateline_in_braces_opens_the_lead() {
        let lines = lines_of("عنوان\n{بغداد: الفرات نيوز} أعلنت قيادة شرطة بابل تحرير طفل مخطوف.");
        let head = extract(&lines);
        assert_eq!(head.dateline.as_deref(), Some("بغداد: الفرات نيوز"));
        assert_eq!(head.source.as_deref(), Some("الفرات نيوز"));
        assert_eq!(
            head.paragraphs,
            vec!["أعلنت قيادة شرطة بابل تحرير طفل مخطوف."]
        );
    }

    #[test]
    fn quoted_outlet_in_dateline_and_cited_agency_in_lead() {
        let lines = lines_of("عنوان\n«الاقتصادية» من الرياض\nقتل 30 شخصا.");
        let head = extract(&lines);
        assert_eq!(head.source.as_deref(), Some("الاقتصادية"));
        let lines = lines_of("عنوان\nأصدر رئيس الوزراء بحسب وكالة الأنباء العراقية (واع) توجيهات.");
        let head = extract(&lines);
        assert_eq!(head.source.as_deref(), Some("واع"));
    }

    #[test]
    fn a_place_or_a_day_is_not_an_outlet_of_the_same_name() {
        let source = |text: &str| extract(&lines_of(text)).source;
        // Riyadh the city, today the day.
        let lead = "وصل وزير الخارجية العراقي إلى (الرياض) في زيارة رسمية لبحث ملف الحدود.";
        assert_eq!(source(&format!("عنوان\n{lead}")), None);
        assert_eq!(
            source("عنوان\nالموصل - اليوم\nانفجار عبوة ناسفة قرب سوق شعبي."),
            None
        );
        assert_eq!(
            source("عنوان\nالرياض - واس\nبحث الجانبان أمن الحدود المشتركة.").as_deref(),
            Some("واس")
        );
        // Announced or quoted, the name is the outlet.
        let lead = "نقلت صحيفة (الرياض) عن مسؤول عراقي أن المحادثات مستمرة.";
        assert_eq!(source(&format!("عنوان\n{lead}")).as_deref(), Some("الرياض"));
        assert_eq!(
            source("عنوان\nجدة - «اليوم»\nبحث الجانبان أمن الحدود المشتركة.").as_deref(),
            Some("اليوم")
        );
    }

    #[test]
    fn quoted_speech_is_not_a_dateline() {
        let lines =
            lines_of("عنوان الخبر\nوقال المصدر: إن القوات الأمنية باشرت عملياتها في المنطقة");
        let head = extract(&lines);
        assert_eq!(head.dateline, None);
    }

    #[test]
    fn empty_and_unclosed_brackets_in_the_lead_are_harmless() {
        let lines = lines_of("عنوان\nبغداد () قال «» مصدر (بيان) لوكالة (واع) إن (الخبر");
        let head = extract(&lines);
        assert_eq!(head.source.as_deref(), Some("واع"));
    }

    #[test]
    fn a_long_labelled_headline_above_a_dateline_row_stays_the_headline() {
        // A label and a colon opening a long headline look like a lead's dateline; the
        // dateline row under it says otherwise.
        let text = "شؤون المخدرات: ضبط 40 كيلوغراماً من الكريستال قرب الحدود الشرقية ومليون حبة كبتاغون في صحراء الرطبة غرب البلاد\nبغداد – واع\nأعلنت المديرية العامة لشؤون المخدرات ضبط كميات كبيرة من المواد المخدرة.";
        let lines = lines_of(text);
        let head = extract(&lines);
        assert!(
            head.title.starts_with("شؤون المخدرات: ضبط 40"),
            "{}",
            head.title
        );
        assert_eq!(head.dateline.as_deref(), Some("بغداد – واع"));
        assert!(head.paragraphs[0].starts_with("أعلنت"));
    }

    #[test]
    fn an_outlet_with_a_section_label_is_a_masthead_and_a_bracketed_outlet_may_hold_digits() {
        for row in ["العربي الجديد – تقرير", "المدى/ متابعة"] {
            let text = format!(
                "سنجار بين المسيرات وتعثر الاتفاق\n{row}\nبعد أكثر من ثلاث سنوات على توقيع الاتفاق لا يزال القضاء يعيش على إيقاع الضربات."
            );
            let lines = lines_of(&text);
            let head = extract(&lines);
            assert_eq!(head.dateline, None, "{row}");
            assert!(head.source.is_some(), "{row}");
        }
        let text = "وصول دفعة جديدة من العائدين\nأربيل (كوردستان24) - وصلت صباح اليوم دفعة جديدة من العائلات العراقية إلى مخيم الجدعة جنوب الموصل.";
        let lines = lines_of(text);
        let head = extract(&lines);
        assert_eq!(head.dateline.as_deref(), Some("أربيل (كوردستان24)"));
        assert_eq!(head.source.as_deref(), Some("كوردستان24"));
        assert!(head.paragraphs[0].starts_with("وصلت"));
    }

    #[test]
    fn a_run_on_first_line_gives_a_capped_title() {
        let long = "كلمة ".repeat(60) + &"x".repeat(5000);
        let lines = lines_of(&format!("{long}\nنص الخبر هنا."));
        let head = extract(&lines);
        assert!(
            head.title.chars().count() <= TITLE_MAX_CHARS + 1,
            "{}",
            head.title.len()
        );
        assert!(head.title.ends_with('…'));
        let lines = lines_of(&format!("{}\nنص", "x".repeat(5000)));
        let head = extract(&lines);
        assert_eq!(head.title.chars().count(), TITLE_MAX_CHARS + 1);
    }
}
