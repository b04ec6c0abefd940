//! "Does this row hold any of these phrases?", asked of every short row of every article (the
//! furniture and masthead lists).
//!
//! An Aho-Corasick automaton answers it, but it walks the row byte by byte, each step waiting
//! for the one before: on Arabic rows that was a fifth of the parse time. Every phrase has a
//! space, though, and a row can hold a phrase only if, around one of its own spaces, it has the
//! bytes the phrase has around its first space. A row has few spaces, so those are looked up
//! first, and the automaton runs only on the rare row that passes.

use aho_corasick::{AhoCorasick, AhoCorasickKind};

/// Bytes taken on each side of a space: two Arabic letters.
const SIDE: usize = 4;

pub struct PhraseSet {
    automaton: AhoCorasick,
    /// The phrases' fingerprints, or None when a phrase has no space with `SIDE` bytes on
    /// either side (then every row goes to the automaton).
    fingerprints: Option<Fingerprints>,
}

impl PhraseSet {
    pub fn new(phrases: &[&str]) -> PhraseSet {
        // A DFA without prefilter: the prefilter looks for the phrases' rarest bytes, which in
        // Arabic text are everywhere.
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .prefilter(false)
            .build(phrases)
            .expect("a few short phrases always build");
        let fingerprints = phrases
            .iter()
            .map(|p| first_space_fingerprint(p.as_bytes()))
            .collect::<Option<Vec<u64>>>()
            .map(Fingerprints::new);
        PhraseSet {
            automaton,
            fingerprints,
        }
    }

    /// Whether `row` contains any of the phrases.
    pub fn is_in(&self, row: &str) -> bool {
        let may_be_in = self.fingerprints.as_ref().is_none_or(|f| f.may_be_in(row));
        may_be_in && self.automaton.is_match(row)
    }
}

/// The `SIDE` bytes before and after the space at `at`, packed, or None near either end.
fn fingerprint(bytes: &[u8], at: usize) -> Option<u64> {
    let before = bytes.get(at.checked_sub(SIDE)?..at)?;
    let after = bytes.get(at + 1..at + 1 + SIDE)?;
    let mut packed = [0u8; 2 * SIDE];
    packed[..SIDE].copy_from_slice(before);
    packed[SIDE..].copy_from_slice(after);
    Some(u64::from_le_bytes(packed))
}

fn first_space_fingerprint(phrase: &[u8]) -> Option<u64> {
    let space = memchr::memchr(b' ', phrase)?;
    fingerprint(phrase, space)
}

/// A set of fingerprints, with a 4096-bit filter in front so that a lookup is usually one bit.
struct Fingerprints {
    filter: Box<[u64; 64]>,
    all: Vec<u64>,
}

impl Fingerprints {
    fn new(all: Vec<u64>) -> Fingerprints {
        let mut filter = Box::new([0u64; 64]);
        for &f in &all {
            let bit = filter_bit(f);
            filter[bit / 64] |= 1 << (bit % 64);
        }
        Fingerprints { filter, all }
    }

    fn contains(&self, f: u64) -> bool {
        let bit = filter_bit(f);
        self.filter[bit / 64] & (1 << (bit % 64)) != 0 && self.all.contains(&f)
    }

    /// Whether `row` has a space whose neighbourhood is some phrase's fingerprint: if a phrase
    /// is in the row, its first space is one of the row's, with the same bytes around it.
    fn may_be_in(&self, row: &str) -> bool {
        let bytes = row.as_bytes();
        memchr::memchr_iter(b' ', bytes)
            .any(|at| fingerprint(bytes, at).is_some_and(|f| self.contains(f)))
    }
}

/// Where a fingerprint falls in the filter: a multiplicative hash to 12 bits.
fn filter_bit(f: u64) -> usize {
    (f.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    const PHRASES: &[&str] = &["اشترك في قناتنا", "كل الحقوق محفوظة", "عدد الزيارات"];

    #[test]
    fn finds_a_phrase_wherever_it_is() {
        let set = PhraseSet::new(PHRASES);
        assert!(set.fingerprints.is_some());
        for row in [
            "اشترك في قناتنا",
            "واشترك في قناتنا على تلغرام",
            "© كل الحقوق محفوظة 2021",
            "تاريخ الإضافة 17 حزيران عدد الزيارات 238",
        ] {
            assert!(set.is_in(row), "{row}");
        }
        for row in ["اشترك في الهجوم عشرة مسلحين", "عدد", "", " ", "كل الحقوق"]
        {
            assert!(!set.is_in(row), "{row}");
        }
    }

    #[test]
    fn a_phrase_without_a_usable_space_sends_every_row_to_the_automaton() {
        let set = PhraseSet::new(&["رجوع", "اشترك في قناتنا"]);
        assert!(set.fingerprints.is_none());
        assert!(set.is_in("زر رجوع"));
        assert!(!set.is_in("عودة"));
    }
}
