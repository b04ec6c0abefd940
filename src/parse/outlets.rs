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
    "المدى",
    "الصباح",
    "الصباح الجديد",
    "المسلة",
    "الغد برس",
    "ناس",
    "الفرات نيوز",
    "كردستان 24",
    "NRT",
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
    "الحدث",
    "سكاي نيوز عربية",
    "الحرة",
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
    "الحرة",
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
const EDITION_WORDS: &[&str] = &["ديجيتال", "الرقمي", "الالكتروني", "الإلكتروني"];

/// `OUTLETS` sorted, to look a name up by binary search rather than compare it with every
/// outlet (a lookup runs for every part of every dateline and masthead candidate).
static SORTED_OUTLETS: LazyLock<Vec<&str>> = LazyLock::new(|| {
    let mut sorted = OUTLETS.to_vec();
    sorted.sort_unstable();
    sorted
});

/// `part` when it is the name of a known outlet. A generic "agencies" credit is not one.
pub fn known_outlet(part: &str) -> Option<String> {
    if matches!(part, "وكالات" | "الوكالات" | "متابعات") {
        return None;
    }
    SORTED_OUTLETS
        .binary_search(&part)
        .is_ok()
        .then(|| part.to_string())
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
    if name_words == 0 || name_words > 3 {
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

/// A known outlet named anywhere in a short row ("الحرة — 2021/12/09 16:20").
pub fn outlet_in_row(row: &str) -> Option<String> {
    let words: Vec<&str> = words(row).collect();
    (1..=3)
        .rev()
        .find_map(|n| words.windows(n).find_map(|w| known_outlet(&w.join(" "))))
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
