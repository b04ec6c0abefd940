//! Editing the one-line prompts (search, note): a cursor in the text, moved and edited a
//! grapheme at a time, so a letter and its harakat move and go together.
//!
//! Commands are logical (back and forward in reading order). The arrow keys are visual: in a
//! right-to-left prompt, left is forward; [`Edit::visual`] turns one into the other.

use unicode_segmentation::UnicodeSegmentation;

/// One editing command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    /// Delete the grapheme before the cursor (backspace).
    DeleteBack,
    /// Delete the grapheme at the cursor.
    DeleteForward,
    /// Delete the word before the cursor, and the spaces after it.
    DeleteWordBack,
    DeleteToStart,
    DeleteToEnd,
    Back,
    Forward,
    WordBack,
    WordForward,
    Start,
    End,
}

impl Edit {
    /// The command an arrow key means: `leftward` (else rightward) moves back in a
    /// left-to-right text and forward in a right-to-left one. `word`: by words.
    pub fn visual(leftward: bool, word: bool, rtl: bool) -> Edit {
        match (leftward != rtl, word) {
            (true, false) => Edit::Back,
            (true, true) => Edit::WordBack,
            (false, false) => Edit::Forward,
            (false, true) => Edit::WordForward,
        }
    }
}

/// Apply `edit` to `text`, whose cursor is the byte offset `cursor` (kept on a grapheme
/// boundary). Returns whether the text changed.
pub fn apply(text: &mut String, cursor: &mut usize, edit: Edit) -> bool {
    *cursor = (*cursor).min(text.len());
    let before = *cursor;
    match edit {
        Edit::Insert(c) => {
            text.insert(*cursor, c);
            *cursor += c.len_utf8();
            return true;
        }
        Edit::DeleteBack => {
            let from = previous(text, *cursor);
            return remove(text, cursor, from..before);
        }
        Edit::DeleteForward => {
            let to = next(text, *cursor);
            return remove(text, cursor, before..to);
        }
        Edit::DeleteWordBack => {
            let from = word_back(text, *cursor);
            return remove(text, cursor, from..before);
        }
        Edit::DeleteToStart => return remove(text, cursor, 0..before),
        Edit::DeleteToEnd => return remove(text, cursor, before..text.len()),
        Edit::Back => *cursor = previous(text, *cursor),
        Edit::Forward => *cursor = next(text, *cursor),
        Edit::WordBack => *cursor = word_back(text, *cursor),
        Edit::WordForward => *cursor = word_forward(text, *cursor),
        Edit::Start => *cursor = 0,
        Edit::End => *cursor = text.len(),
    }
    false
}

fn remove(text: &mut String, cursor: &mut usize, range: std::ops::Range<usize>) -> bool {
    if range.is_empty() {
        return false;
    }
    *cursor = range.start;
    text.replace_range(range, "");
    true
}

/// The grapheme boundary before `at` (0 at the start).
fn previous(text: &str, at: usize) -> usize {
    text[..at]
        .grapheme_indices(true)
        .next_back()
        .map_or(0, |(i, _)| i)
}

/// The grapheme boundary after `at` (the end at the end).
fn next(text: &str, at: usize) -> usize {
    text[at..]
        .graphemes(true)
        .next()
        .map_or(text.len(), |g| at + g.len())
}

/// The start of the word before `at`, spaces between skipped.
fn word_back(text: &str, at: usize) -> usize {
    let head = text[..at].trim_end();
    head.rfind(char::is_whitespace).map_or(0, |space| {
        space + head[space..].chars().next().map_or(1, char::len_utf8)
    })
}

/// The end of the word after `at`, spaces before it skipped.
fn word_forward(text: &str, at: usize) -> usize {
    let tail = &text[at..];
    let word_start = tail.len() - tail.trim_start().len();
    tail[word_start..]
        .find(char::is_whitespace)
        .map_or(text.len(), |end| at + word_start + end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text with a '|' at the cursor, after `edits` from the end of `text`.
    fn edited(text: &str, edits: &[Edit]) -> String {
        let mut text = text.to_string();
        let mut cursor = text.len();
        for edit in edits {
            apply(&mut text, &mut cursor, *edit);
        }
        text.insert(cursor, '|');
        text
    }

    #[test]
    fn inserting_in_the_middle() {
        use Edit::*;
        assert_eq!(edited("abd", &[Back, Insert('c')]), "abc|d");
        assert_eq!(edited("bc", &[Start, Insert('a')]), "a|bc");
        assert_eq!(edited("ab", &[Start, End, Insert('c')]), "abc|");
    }

    #[test]
    fn a_letter_and_its_harakat_are_one_step() {
        use Edit::*;
        // "بَغ": ba, fatha, ghain. One step back from the end passes ghain; two pass the
        // ba with its fatha.
        assert_eq!(edited("بَغ", &[Back, Back]), "|بَغ");
        assert_eq!(edited("بَغ", &[Back, DeleteBack]), "|غ");
        assert_eq!(edited("بَغ", &[Start, DeleteForward]), "|غ");
    }

    #[test]
    fn words_and_kills() {
        use Edit::*;
        assert_eq!(edited("قصف في  الموصل", &[WordBack]), "قصف في  |الموصل");
        assert_eq!(
            edited("قصف في  الموصل", &[WordBack, WordBack]),
            "قصف |في  الموصل"
        );
        assert_eq!(edited("قصف في  الموصل", &[DeleteWordBack]), "قصف في  |");
        assert_eq!(
            edited("قصف في الموصل", &[Start, WordForward]),
            "قصف| في الموصل"
        );
        assert_eq!(edited("one two", &[WordBack, DeleteToStart]), "|two");
        assert_eq!(edited("one two", &[WordBack, DeleteToEnd]), "one |");
    }

    #[test]
    fn nothing_moves_past_the_ends() {
        use Edit::*;
        assert_eq!(edited("ab", &[Forward, WordForward, DeleteForward]), "ab|");
        assert_eq!(
            edited("ab", &[Start, Back, WordBack, DeleteBack, DeleteWordBack]),
            "|ab"
        );
        assert_eq!(edited("", &[Back, DeleteBack, DeleteToEnd]), "|");
    }

    proptest::proptest! {
        /// Any keys on any text (Arabic with harakat, Latin, spaces): never a panic, the cursor
        /// stays inside the text on a character boundary, and "changed" tells the truth.
        #[test]
        fn any_edits_keep_the_cursor_on_a_boundary(
            start in "[a-z بغداَُِّ]{0,12}",
            keys in proptest::collection::vec(0usize..13, 0..40),
        ) {
            let mut text = start;
            let mut cursor = text.len();
            for key in keys {
                let edit = match key {
                    0 => Edit::Insert('ب'),
                    1 => Edit::Insert('َ'),
                    2 => Edit::DeleteBack,
                    3 => Edit::DeleteForward,
                    4 => Edit::DeleteWordBack,
                    5 => Edit::DeleteToStart,
                    6 => Edit::DeleteToEnd,
                    7 => Edit::Back,
                    8 => Edit::Forward,
                    9 => Edit::WordBack,
                    10 => Edit::WordForward,
                    11 => Edit::Start,
                    _ => Edit::End,
                };
                let before = text.clone();
                let changed = apply(&mut text, &mut cursor, edit);
                proptest::prop_assert_eq!(changed, text != before);
                proptest::prop_assert!(cursor <= text.len());
                proptest::prop_assert!(text.is_char_boundary(cursor));
            }
        }
    }

    #[test]
    fn arrows_follow_the_direction_of_the_text() {
        assert_eq!(Edit::visual(true, false, false), Edit::Back);
        assert_eq!(Edit::visual(true, false, true), Edit::Forward);
        assert_eq!(Edit::visual(false, true, true), Edit::WordBack);
        assert_eq!(Edit::visual(false, true, false), Edit::WordForward);
    }
}
