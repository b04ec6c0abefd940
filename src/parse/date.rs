//! Publication dates as Arabic news pages write them, to RFC 3339 in Baghdad time (+03:00).
//!
//! Forms understood: "17 حزيران 2021", "الخميس 17 حزيران/يونيو 2021 - 7:15 ص", "3 يناير 2023",
//! "22-08-2020", "2020/08/22 20:18", "2021-06-17T07:15:00+03:00", in Arabic-Indic digits too.
//! A date with no time is midnight. Times with ص/م (or صباحا/مساء) are 12-hour; a time marked
//! GMT or UTC is moved to Baghdad time.

use super::words::{count_pairs, is_alphabetic, is_alphanumeric};

/// The first date in a line, as RFC 3339 text.
pub fn parse_date(line: &str) -> Option<String> {
    let folded = fold(line);
    find_in_tokens(&tokens(&folded))
}

/// Whether a line is mostly a date (a dateline-of-publication row rather than prose).
pub fn is_date_line(line: &str) -> bool {
    // Every date form understood has a four-digit year: rows without four digits in a row
    // (most prose rows, "قتل 3 أشخاص") are refused without tokenising.
    if !has_four_digits(line) {
        return false;
    }
    let folded = fold(line);
    let words = tokens(&folded);
    if words.is_empty() || words.len() > 14 || find_in_tokens(&words).is_none() {
        return false;
    }
    // Prose lines have many ordinary words; date rows have numbers, month and day names.
    let plain = words
        .iter()
        .filter(|w| {
            !w.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | ':' | '.'))
                && month_number(w).is_none()
                && !is_weekday(w)
                && !is_meridiem(w)
        })
        .count();
    plain * 2 <= words.len() + 2
}

/// Whether the line has four digits in a row (ASCII, Arabic-Indic or Extended Arabic-Indic,
/// mixed). This runs on every short row, most of which have fewer than four digits in all: a
/// vectorised count of digits refuses those before the run is looked for.
fn has_four_digits(line: &str) -> bool {
    let bytes = line.as_bytes();
    let last_is_digit = bytes.last().is_some_and(u8::is_ascii_digit);
    let digits = count_pairs(bytes, starts_digit) + usize::from(last_is_digit);
    digits >= 4 && has_digit_run(bytes, 4)
}

/// Whether a digit starts with `b` (followed by `next`). A digit is an ASCII digit or one of
/// the two-byte sequences D9 A0..A9 (٠..٩) and DB B0..B9 (۰..۹); no other character's bytes
/// look like either, so the text need not be decoded.
fn starts_digit(b: u8, next: u8) -> bool {
    let arabic_indic = (b == 0xD9) & (next.wrapping_sub(0xA0) < 10);
    let extended = (b == 0xDB) & (next.wrapping_sub(0xB0) < 10);
    b.is_ascii_digit() | arabic_indic | extended
}

/// The length in bytes of the digit that starts with `b` (followed by `next`), or 0.
fn digit_len(b: u8, next: u8) -> usize {
    match (b.is_ascii_digit(), starts_digit(b, next)) {
        (true, _) => 1,
        (false, true) => 2,
        (false, false) => 0,
    }
}

/// Whether `bytes` hold `n` digits in a row.
fn has_digit_run(bytes: &[u8], n: usize) -> bool {
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        match digit_len(bytes[i], bytes.get(i + 1).copied().unwrap_or(0)) {
            0 => {
                run = 0;
                i += 1;
            }
            len => {
                run += 1;
                if run == n {
                    return true;
                }
                i += len;
            }
        }
    }
    false
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Ymd {
    y: u32,
    m: u32,
    d: u32,
}

fn find_in_tokens(words: &[&str]) -> Option<String> {
    // ISO timestamp already (e.g. from a page's meta tag).
    for w in words {
        if let Some(iso) = iso_timestamp(w) {
            return Some(iso);
        }
    }
    for (i, w) in words.iter().enumerate() {
        let found = numeric_date(w)
            .map(|ymd| (ymd, i + 1))
            .or_else(|| worded_date(words, i));
        if let Some((ymd, next)) = found {
            let time = find_time(&words[next.min(words.len())..]);
            let (h, min) = time.map_or((0, 0), |t| (t.hour, t.minute));
            if time.is_some_and(|t| t.utc) {
                return baghdad_from_utc(ymd, h, min);
            }
            return Some(format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:00+03:00",
                ymd.y, ymd.m, ymd.d, h, min
            ));
        }
    }
    None
}

/// A line folded for matching: digits to ASCII, hamza carriers and ى ة to their plain
/// letters, diacritics and tatweel out, and punctuation other than the date separators
/// (- / : . +) to spaces.
fn fold(line: &str) -> String {
    line.chars()
        .map(|c| match c {
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
            'أ' | 'إ' | 'آ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            '\u{064B}'..='\u{0652}' | 'ـ' => '\u{0}',
            c if is_alphanumeric(c) || matches!(c, '-' | '/' | ':' | '.' | '+') => c,
            _ => ' ',
        })
        .filter(|c| *c != '\u{0}')
        .collect()
}

/// The words of a folded line, with "حزيران/يونيو" split in two and "تشرين الاول" made one.
/// They borrow from the folded line: no string is made per word.
fn tokens(folded: &str) -> Vec<&str> {
    let mut out = Vec::new();
    // Every white-space character was folded to ' ' above: the ASCII split finds the words.
    for word in folded.split_ascii_whitespace() {
        // "حزيران/يونيو" and "2021-" style leftovers: split letters from separators.
        if word.chars().any(is_alphabetic) && !word.contains('T') {
            out.extend(word.split(['/', '-', '.', ':']).filter(|p| !p.is_empty()));
        } else {
            out.push(word.trim_matches(['-', '/', '.', ':']));
        }
    }
    out.retain(|w| !w.is_empty());
    rejoin_pairs(out)
}

fn iso_timestamp(w: &str) -> Option<String> {
    // 2021-06-17T07:15:00+03:00 or 2021-06-17T07:15:00Z: keep as written when well formed.
    let (date, time) = w.split_once('T')?;
    let ymd = numeric_date(date)?;
    let hm: Vec<&str> = time.split(':').collect();
    let h: u32 = hm.first()?.parse().ok()?;
    let m: u32 = hm.get(1)?.get(..2)?.parse().ok()?;
    (h < 24 && m < 60).then(|| {
        let zone = if time.ends_with('Z') {
            "Z".to_string()
        } else {
            time.rfind(['+', '-'])
                .map_or("+03:00".to_string(), |at| time[at..].to_string())
        };
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:00{}",
            ymd.y, ymd.m, ymd.d, h, m, zone
        )
    })
}

/// "22-08-2020", "2020/08/22", "22.08.2020".
fn numeric_date(w: &str) -> Option<Ymd> {
    // Asked of every word of a date row: a word that does not open with a digit is refused
    // before it is split.
    if !w.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = w.split(['-', '/', '.']).collect();
    if parts.len() != 3
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    let ymd = if parts[0].len() == 4 {
        Ymd {
            y: n[0],
            m: n[1],
            d: n[2],
        }
    } else if parts[2].len() == 4 {
        // Arab convention is day first.
        Ymd {
            y: n[2],
            m: n[1],
            d: n[0],
        }
    } else {
        return None;
    };
    valid(ymd)
}

/// "17 حزيران 2021", "17 حزيران يونيو 2021", "الخميس 3 يناير 2023".
fn worded_date(words: &[&str], i: usize) -> Option<(Ymd, usize)> {
    let d: u32 = words[i].parse().ok()?;
    let mut j = i + 1;
    let m = month_number(words.get(j)?)?;
    j += 1;
    // The double naming "حزيران/يونيو": skip the second month name.
    if words.get(j).and_then(|w| month_number(w)).is_some() {
        j += 1;
    }
    let y: u32 = words.get(j)?.parse().ok()?;
    let ymd = valid(Ymd { y, m, d })?;
    Some((ymd, j + 1))
}

fn valid(ymd: Ymd) -> Option<Ymd> {
    let days = match ymd.m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if ymd.y.is_multiple_of(4)
            && (!ymd.y.is_multiple_of(100) || ymd.y.is_multiple_of(400)) =>
        {
            29
        }
        2 => 28,
        _ => return None,
    };
    ((1900..=2100).contains(&ymd.y) && (1..=days).contains(&ymd.d)).then_some(ymd)
}

/// Month number of an Arabic month name (both series) after folding, with or without ال.
fn month_number(w: &str) -> Option<u32> {
    let w = w
        .strip_prefix('و')
        .filter(|r| r.chars().count() > 3)
        .unwrap_or(w);
    let m = match w {
        "يناير" | "جانفي" => 1,
        "فبراير" | "فيفري" | "شباط" => 2,
        "مارس" | "اذار" | "آذار" => 3,
        "ابريل" | "افريل" | "نيسان" => 4,
        "مايو" | "ماي" | "ايار" | "أيار" => 5,
        "يونيو" | "جوان" | "حزيران" => 6,
        "يوليو" | "يوليوز" | "جويليه" | "تموز" => 7,
        "اغسطس" | "اوت" | "آب" | "اب" => 8,
        "سبتمبر" | "ايلول" | "أيلول" => 9,
        "اكتوبر" => 10,
        "نوفمبر" => 11,
        "ديسمبر" => 12,
        _ => return month_pair(w),
    };
    Some(m)
}

/// "تشرين الأول" and "كانون الثاني" are two words; `rejoin_pairs` makes them one token.
fn month_pair(w: &str) -> Option<u32> {
    match w {
        "تشرين_الاول" => Some(10),
        "تشرين_الثاني" => Some(11),
        "كانون_الاول" => Some(12),
        "كانون_الثاني" => Some(1),
        _ => None,
    }
}

fn is_month_ordinal(w: &str) -> bool {
    matches!(w, "الاول" | "الثاني" | "اول" | "ثاني")
}

fn is_weekday(w: &str) -> bool {
    let w = w.strip_prefix("ال").unwrap_or(w);
    matches!(
        w,
        "سبت" | "احد" | "اثنين" | "ثلاثاء" | "اربعاء" | "خميس" | "جمعه"
    )
}

fn is_meridiem(w: &str) -> bool {
    matches!(
        w,
        "ص" | "م" | "صباحا" | "مساء" | "مساءا" | "am" | "pm" | "AM" | "PM"
    )
}

/// A time of day as written after a date.
#[derive(Clone, Copy)]
struct Clock {
    hour: u32,
    minute: u32,
    /// Marked GMT or UTC (pan-Arab sites print it so): Baghdad is three hours ahead.
    utc: bool,
}

/// Baghdad time (UTC+3, no daylight saving since 2008) of a UTC date and time.
fn baghdad_from_utc(ymd: Ymd, hour: u32, minute: u32) -> Option<String> {
    let month = time::Month::try_from(u8::try_from(ymd.m).ok()?).ok()?;
    let date = time::Date::from_calendar_date(
        i32::try_from(ymd.y).ok()?,
        month,
        u8::try_from(ymd.d).ok()?,
    )
    .ok()?;
    let utc = date
        .with_hms(u8::try_from(hour).ok()?, u8::try_from(minute).ok()?, 0)
        .ok()?;
    let local = utc + time::Duration::hours(3);
    Some(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:00+03:00",
        local.year(),
        u8::from(local.month()),
        local.day(),
        local.hour(),
        local.minute()
    ))
}

/// "7:15 ص", "20:18", "7:15 مساء", "14:10 GMT".
fn find_time(words: &[&str]) -> Option<Clock> {
    for (i, w) in words.iter().enumerate().take(6) {
        let Some((h, m)) = w.split_once(':') else {
            continue;
        };
        let (Ok(mut h), Ok(m)) = (h.parse::<u32>(), m.get(..2).unwrap_or(m).parse::<u32>()) else {
            continue;
        };
        if h > 23 || m > 59 {
            continue;
        }
        match words.get(i + 1).copied() {
            Some("م" | "مساء" | "مساءا" | "pm" | "PM") if h < 12 => h += 12,
            Some("ص" | "صباحا" | "am" | "AM") if h == 12 => h = 0,
            _ => {}
        }
        let utc = words
            .iter()
            .skip(i + 1)
            .take(3)
            .any(|w| matches!(*w, "GMT" | "gmt" | "UTC" | "utc" | "غرينتش" | "جرينتش"));
        return Some(Clock {
            hour: h,
            minute: m,
            utc,
        });
    }
    None
}

fn rejoin_pairs(words: Vec<&str>) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::with_capacity(words.len());
    for w in words {
        if let Some(prev) = out.last_mut()
            && let Some(month) = two_word_month(prev, w)
        {
            *prev = month;
            continue;
        }
        out.push(w);
    }
    out
}

/// "تشرين" or "كانون" and the ordinal after it, as the one token `month_pair` knows.
fn two_word_month(name: &str, ordinal: &str) -> Option<&'static str> {
    if !is_month_ordinal(ordinal) {
        return None;
    }
    let first = ordinal.ends_with("اول");
    match name {
        "تشرين" if first => Some("تشرين_الاول"),
        "تشرين" => Some("تشرين_الثاني"),
        "كانون" if first => Some("كانون_الاول"),
        "كانون" => Some("كانون_الثاني"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levantine_month_with_12_hour_time() {
        assert_eq!(
            parse_date("تاريخ الإضافة الخميس 17 حزيران 2021 - 7:15 ص    عدد الزيارات 238")
                .as_deref(),
            Some("2021-06-17T07:15:00+03:00")
        );
        assert_eq!(
            parse_date("17 حزيران 2021 - 7:15 م").as_deref(),
            Some("2021-06-17T19:15:00+03:00")
        );
    }

    #[test]
    fn two_word_months_and_arabic_indic_digits() {
        assert_eq!(
            parse_date("١٥ كانون الثاني ٢٠٢٢").as_deref(),
            Some("2022-01-15T00:00:00+03:00")
        );
        assert_eq!(
            parse_date("3 تشرين الأول 2019").as_deref(),
            Some("2019-10-03T00:00:00+03:00")
        );
        assert_eq!(
            parse_date("1 كانون الاول 2020").as_deref(),
            Some("2020-12-01T00:00:00+03:00")
        );
    }

    #[test]
    fn egyptian_series_and_double_names() {
        assert_eq!(
            parse_date("الثلاثاء 3 يناير 2023").as_deref(),
            Some("2023-01-03T00:00:00+03:00")
        );
        assert_eq!(
            parse_date("22 آب/أغسطس 2020").as_deref(),
            Some("2020-08-22T00:00:00+03:00")
        );
    }

    #[test]
    fn a_time_in_gmt_is_given_in_baghdad_time() {
        assert_eq!(
            parse_date("الأحد ٢٣ أكتوبر ٢٠٢٢ - ١٤:١٠ GMT").as_deref(),
            Some("2022-10-23T17:10:00+03:00")
        );
        // Past midnight in Baghdad: the next day.
        assert_eq!(
            parse_date("31 ديسمبر 2023 - 22:30 بتوقيت غرينتش").as_deref(),
            Some("2024-01-01T01:30:00+03:00")
        );
    }

    #[test]
    fn numeric_forms() {
        assert_eq!(
            parse_date("22-08-2020").as_deref(),
            Some("2020-08-22T00:00:00+03:00")
        );
        assert_eq!(
            parse_date("2020/08/22 20:18").as_deref(),
            Some("2020-08-22T20:18:00+03:00")
        );
        assert_eq!(
            parse_date("2021-06-17T07:15:00+03:00").as_deref(),
            Some("2021-06-17T07:15:00+03:00")
        );
    }

    #[test]
    fn impossible_dates_and_prose_are_not_dates() {
        assert_eq!(parse_date("31-02-2020"), None);
        assert_eq!(parse_date("قتل 17 شخصا في 2021"), None);
        assert!(is_date_line("الخميس 17 حزيران 2021 - 7:15 ص"));
        assert!(!is_date_line(
            "وقال المصدر إن الهجوم وقع في 17 حزيران 2021 قرب الحدود مع سوريا وأسفر عن قتلى"
        ));
    }

    #[test]
    fn outlet_and_timestamp_row() {
        assert_eq!(
            parse_date("الحرة — 2021/12/09 16:20").as_deref(),
            Some("2021-12-09T16:20:00+03:00")
        );
        assert!(is_date_line("الحرة — 2021/12/09 16:20"));
    }
}
