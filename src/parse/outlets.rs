//! Who publishes Arabic news about Iraq: the names outlets and agencies sign their copy with.

use std::sync::LazyLock;

use super::words::{count_words, spaces_up_to, words};

/// News outlets and agencies as they sign their copy. Matched on whole dateline parts, so
/// short ones ("واع", "واس") are safe.
pub const OUTLETS: &[&str] = &[
    "واع",
    "وكالة الأنباء العراقية",
    "ايلاف",
    "إيلاف",
    "شفق نيوز",
    "السومرية نيوز",
    "السومرية",
    "بغداد اليوم",
    "رووداو",
    "روداو",
    "المدى",
    "الصباح",
    "الصباح الجديد",
    "جريدة الصباح",
    "المسلة",
    "الغد برس",
    "ناس",
    "الفرات نيوز",
    "كردستان 24",
    "NRT",
    "NRT عربية",
    "العربي الجديد",
    "اندبندنت عربية",
    "إندبندنت عربية",
    "المربد",
    "العالم الجديد",
    "بونا نيوز",
    "واضح",
    "الشرق الأوسط",
    "الشرق الأوسط أونلاين",
    "الحياة",
    "الجزيرة",
    "الجزيرة نت",
    "العربية",
    "العربية نت",
    "العربية.نت",
    "الحدث",
    "سكاي نيوز عربية",
    "الحرة",
    "الحرة عراق",
    "روسيا اليوم",
    "RT",
    "فرانس 24",
    "بي بي سي",
    "BBC",
    "الأناضول",
    "رويترز",
    "أ ف ب",
    "ا ف ب",
    "أ.ف.ب",
    "فرانس برس",
    "د ب أ",
    "د.ب.أ",
    "أ ب",
    "اسوشيتد برس",
    "شينخوا",
    "سبوتنيك",
    "واس",
    "كونا",
    "قنا",
    "وام",
    "بترا",
    "الوئام",
    "سبق",
    "عكاظ",
    "الرياض",
    "الوطن",
    "اليوم",
    "الاقتصادية",
    "عين اليوم",
    "الشرق اليوم",
    "اليوم السابع",
    "الدستور",
    "المصري اليوم",
    "الأهرام",
    "الشروق",
    "القدس العربي",
    "العرب",
    "النهار",
    "الأخبار",
    "زاد الاردن الاخباري",
    "الحل العراق",
    "الحل نت",
    "المسرى",
    "نون",
    "IQ",
    "وكالات",
    "الوكالات",
    "العربي الجديد",
    "المصدر أونلاين",
    "كوردستان 24",
    "كوردستان24",
    "اقتصاد نيوز",
    "نينوى نيوز",
    "الشرقية",
    "الشرقية نيوز",
    "دجلة",
    "الميادين",
    "الحدث العراقي",
    "شبكة 964",
    "إرم نيوز",
    "ارم نيوز",
    "الخليج",
    "البيان",
    "الاتحاد",
    "القبس",
    "الراي",
    "الأيام",
    "العين الإخبارية",
    "عربي 21",
    "عربي21",
    "المعلومة",
    "يس عراق",
    "ألترا عراق",
    "الترا عراق",
    "باسنيوز",
];

/// Words that end an outlet's name ("اقتصاد نيوز", "الحل نت", "كوردستان 24").
const OUTLET_SUFFIXES: &[&str] = &[
    "نيوز",
    "نت",
    "برس",
    "24",
    "أونلاين",
    "اونلاين",
    "تايمز",
    "بوست",
    "تي في",
    "TV",
];

/// Words a site adds to its name on its own pages ("رووداو ديجيتال").
/// Outlet names that are also an everyday word or a place: "الرياض" is a Saudi daily and the
/// city ("الرياض - واس" is an agency filing from Riyadh), "اليوم" a daily and "today"
/// ("الموصل - اليوم"). In a dateline or in brackets in the lead they name the outlet only
/// when quoted («الرياض») or announced (صحيفة الرياض). Other outlets with ordinary names
/// ("سبق- وكالات", "بغداد-الوئام") do sign datelines that way, so they stay as they are.
const EVERYDAY_NAMES: &[&str] = &["الرياض", "اليوم"];

/// Words that announce an outlet's name right after them.
const OUTLET_CUES: &[&str] = &["صحيفة", "جريدة", "قناة", "موقع", "وكالة", "شبكة", "مجلة"];

/// Whether `name` is an outlet's name that is also an everyday word or place.
pub fn is_everyday_word(name: &str) -> bool {
    EVERYDAY_NAMES.contains(&name)
}

/// Whether `text` ends with a word that announces an outlet ("... نقلت صحيفة").
pub fn ends_with_outlet_cue(text: &str) -> bool {
    let text = text.trim_end();
    OUTLET_CUES.iter().any(|cue| {
        text.strip_suffix(cue)
            .is_some_and(|before| before.is_empty() || before.ends_with(' '))
    })
}

const EDITION_WORDS: &[&str] = &["ديجيتال", "الرقمي", "الالكتروني", "الإلكتروني"];

/// `OUTLETS` sorted, to look a name up by binary search rather than compare it with every
/// outlet (a lookup runs for every part of every dateline and masthead candidate).
static SORTED_OUTLETS: LazyLock<Vec<&str>> = LazyLock::new(|| {
    let mut sorted = OUTLETS.to_vec();
    sorted.sort_unstable();
    sorted
});

/// Whether `name` is one of `OUTLETS` (generic credits included, unlike `known_outlet`).
pub fn is_outlet_name(name: &str) -> bool {
    SORTED_OUTLETS.binary_search(&name).is_ok()
}

/// Whether `row` starts with an outlet's name and a space ("شفق نيوز ..."). The name would end
/// at one of the row's spaces: each is looked up, rather than every outlet compared.
pub fn starts_with_outlet(row: &str) -> bool {
    memchr::memchr_iter(b' ', row.as_bytes()).any(|space| is_outlet_name(&row[..space]))
}

/// Whether `row` ends with a space and an outlet's name ("... بغداد اليوم").
pub fn ends_with_outlet(row: &str) -> bool {
    memchr::memchr_iter(b' ', row.as_bytes()).any(|space| is_outlet_name(&row[space + 1..]))
}

/// `part` when it is the name of a known outlet. A generic "agencies" credit is not one.
pub fn known_outlet(part: &str) -> Option<String> {
    if matches!(part, "وكالات" | "الوكالات" | "متابعات") {
        return None;
    }
    is_outlet_name(part).then(|| part.to_string())
}

/// The outlet a short masthead row names: "رووداو ديجيتال", "المدى | ثقافة",
/// "نينوى نيوز | أخبار الموصل على مدار الساعة", "اقتصاد نيوز". None for other rows.
pub fn masthead_outlet(row: &str) -> Option<String> {
    // Only a row of a few words, or "NAME | section", can be a masthead: give up early on prose.
    if spaces_up_to(row, 10) >= 10 {
        return None;
    }
    let section_bar = row.split_once(" | ");
    // "بغداد/ شفق نيوز" is a dateline, not a masthead.
    if section_bar.is_none() && row.contains([':', '/', '-', '–', '—', 'ـ']) {
        return None;
    }
    let words = count_words(row);
    let name = match section_bar {
        Some((name, _)) if words <= 10 => name.trim(),
        Some(_) => return None,
        None if words <= 3 => row.trim(),
        None => return None,
    };
    let name = EDITION_WORDS
        .iter()
        .find_map(|w| name.strip_suffix(w))
        .map_or(name, str::trim);
    let name_words = count_words(name);
    // "أمن | سياسة" is a trail of sections, not an outlet and its section.
    if name_words == 0 || name_words > 3 || SECTIONS.contains(&name) {
        return None;
    }
    let outlet_like = known_outlet(name).is_some()
        || (name_words >= 2
            && OUTLET_SUFFIXES.iter().any(|s| {
                name.strip_suffix(s)
                    .is_some_and(|before| before.ends_with(' '))
            }))
        || row.contains(" | ")
        || EDITION_WORDS.iter().any(|w| row.ends_with(w));
    outlet_like.then(|| name.to_string())
}

/// Sections news sites file copy under, as they print them above a headline.
pub const SECTIONS: &[&str] = &[
    "محليات",
    "محلي",
    "أمن",
    "أمنية",
    "امن",
    "امنية",
    "سياسة",
    "سياسية",
    "اقتصاد",
    "رياضة",
    "عربي ودولي",
    "دولي",
    "عربي",
    "تقارير",
    "تقرير",
    "متابعة",
    "منوعات",
    "ثقافة",
    "أخبار",
    "اخبار",
    "تحليلات",
    "آراء",
    "مقالات",
];

/// A known outlet named anywhere in a short row ("الحرة — 2021/12/09 16:20").
pub fn outlet_in_row(row: &str) -> Option<String> {
    let words: Vec<&str> = words(row).collect();
    // One buffer for every run of words looked up, not a string joined for each.
    let mut name = String::with_capacity(row.len());
    (1..=3).rev().find_map(|n| {
        words.windows(n).find_map(|run| {
            name.clear();
            for (i, word) in run.iter().enumerate() {
                if i > 0 {
                    name.push(' ');
                }
                name.push_str(word);
            }
            known_outlet(&name)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masthead_rows_name_their_outlet() {
        assert_eq!(masthead_outlet("رووداو ديجيتال").as_deref(), Some("رووداو"));
        assert_eq!(masthead_outlet("المدى | ثقافة").as_deref(), Some("المدى"));
        assert_eq!(
            masthead_outlet("نينوى نيوز | أخبار الموصل على مدار الساعة").as_deref(),
            Some("نينوى نيوز")
        );
        assert_eq!(
            masthead_outlet("اقتصاد نيوز").as_deref(),
            Some("اقتصاد نيوز")
        );
        assert_eq!(
            masthead_outlet("كوردستان 24").as_deref(),
            Some("كوردستان 24")
        );
    }

    #[test]
    fn headlines_are_not_mastheads() {
        assert_eq!(masthead_outlet("انفجار في بغداد"), None);
        assert_eq!(
            masthead_outlet("مقتل قيادي سابق في داعش برصاص مسلحين"),
            None
        );
        assert_eq!(
            outlet_in_row("الحرة — 2021/12/09 16:20").as_deref(),
            Some("الحرة")
        );
    }
}
