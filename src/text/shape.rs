//! Optional Arabic letter shaping: each letter replaced by its contextual presentation form
//! (initial, medial, final, isolated), so words look joined on terminals that draw every
//! character on its own. Done with ar-reshaper, grapheme by grapheme, so that the layout can
//! still tell which source bytes (and so which highlighted term) every cell came from.
//!
//! ar-reshaper 1.5 panics on ZWJ before lam-alef and on a leading haraka when harakat are kept,
//! and on some inputs with its Allah ligature: ZWJ and harakat are removed here before it sees
//! the text (shaped text drops harakat anyway) and the Allah ligature is off. The lam-alef
//! ligatures stay on: a lam-alef pair is one glyph, one cell, which is how it must look.

use std::sync::LazyLock;

use ar_reshaper::prelude::{ArabicReshaper, LigatureNames, ReshaperConfig};

const ZWJ: char = '\u{200D}';
const LAM: char = '\u{0644}';

static RESHAPER: LazyLock<ArabicReshaper> = LazyLock::new(|| {
    let mut config = ReshaperConfig {
        delete_harakat: true,
        ..ReshaperConfig::default()
    };
    config.update_ligature(LigatureNames::ARABIC_LIGATURE_ALLAH, false);
    ArabicReshaper::new(config)
});

/// What shaping made of one grapheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shaped {
    /// Its presentation form(s); empty for a grapheme of harakat alone.
    Text(String),
    /// Its letter (an alef) joined the previous grapheme's lam in a lam-alef ligature: the
    /// caller merges the two into one cell.
    JoinedToPrevious,
}

/// Harakat as ar-reshaper 1.5 recognises them (its HARAKAT_RE).
fn is_haraka(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{08D4}'..='\u{08FF}')
}

fn is_alef(c: char) -> bool {
    matches!(c, '\u{0627}' | '\u{0622}' | '\u{0623}' | '\u{0625}')
}

fn is_lam_alef_ligature(c: char) -> bool {
    ('\u{FEF5}'..='\u{FEFC}').contains(&c)
}

/// Shape graphemes given in logical order (one paragraph, or the part of it that is laid out
/// together). Returns one entry per grapheme, or None when there is nothing to shape or the
/// shaper's output cannot be matched to the input letter by letter (the caller then keeps the
/// text unshaped rather than risk mis-attributing cells).
pub(crate) fn shape_graphemes(graphemes: &[&str]) -> Option<Vec<Shaped>> {
    let mut input = String::new();
    let mut base_counts = Vec::with_capacity(graphemes.len());
    for g in graphemes {
        let mut n = 0;
        for c in g.chars().filter(|&c| c != ZWJ && !is_haraka(c)) {
            input.push(c);
            n += 1;
        }
        base_counts.push(n);
    }
    if !RESHAPER.need_reshape(&input) {
        return None;
    }
    let inp: Vec<char> = input.chars().collect();
    let out: Vec<char> = RESHAPER.reshape(&input).chars().collect();

    // The shaper maps each input character to one output character, except that a lam and the
    // alef after it become one ligature character. Walk both in step.
    let (mut i, mut o) = (0usize, 0usize);
    let mut alef_owed = false; // the next input character went into the previous ligature
    let mut result = Vec::with_capacity(graphemes.len());
    for &n in &base_counts {
        let mut text = String::new();
        let mut joined = false;
        for _ in 0..n {
            if alef_owed {
                alef_owed = false;
                joined = true;
                i += 1;
                continue;
            }
            let c = *out.get(o)?;
            text.push(c);
            o += 1;
            if inp[i] == LAM
                && is_lam_alef_ligature(c)
                && inp.get(i + 1).is_some_and(|&a| is_alef(a))
            {
                alef_owed = true;
            }
            i += 1;
        }
        result.push(match (joined, text.is_empty()) {
            (true, true) => Shaped::JoinedToPrevious,
            // An alef grapheme carrying more than the alef (e.g. a ZWNJ): rare; keep it simple.
            (true, false) => return None,
            (false, _) => Shaped::Text(text),
        });
    }
    (i == inp.len() && o == out.len() && !alef_owed).then_some(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    fn shape(s: &str) -> Vec<Shaped> {
        let g: Vec<&str> = s.graphemes(true).collect();
        shape_graphemes(&g).unwrap()
    }

    #[test]
    fn letters_take_contextual_forms() {
        // سلم: initial seen, medial lam, final meem.
        assert_eq!(
            shape("سلم"),
            vec![
                Shaped::Text("\u{FEB3}".into()),
                Shaped::Text("\u{FEE0}".into()),
                Shaped::Text("\u{FEE2}".into()),
            ]
        );
    }

    #[test]
    fn lam_alef_becomes_one_cell() {
        // سلام: initial seen, the final lam-alef ligature taking the alef's place, isolated meem.
        assert_eq!(
            shape("سلام"),
            vec![
                Shaped::Text("\u{FEB3}".into()),
                Shaped::Text("\u{FEFC}".into()),
                Shaped::JoinedToPrevious,
                Shaped::Text("\u{FEE1}".into()),
            ]
        );
        // قال has no lam-alef in logical order (only once reversed): no ligature.
        assert!(!shape("قال").contains(&Shaped::JoinedToPrevious));
    }

    #[test]
    fn harakat_dropped_zwj_and_allah_do_not_panic() {
        let s = shape("بَ");
        assert_eq!(s, vec![Shaped::Text("\u{FE8F}".into())]);
        // Inputs that make ar-reshaper 1.5 panic with its defaults.
        for text in [
            "ل\u{200D}ا",
            "َلا",
            "الله",
            "لله",
            "ﷲ عبدالله",
            "\u{200D}لا\u{200D}",
        ] {
            let g: Vec<&str> = text.graphemes(true).collect();
            let _ = shape_graphemes(&g);
        }
    }

    #[test]
    fn nothing_to_shape() {
        assert_eq!(shape_graphemes(&["a", " ", "1"]), None);
    }
}
