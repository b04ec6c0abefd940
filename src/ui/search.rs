//! The prompt line: `/` search (the feed under it shows the ranked matches, highlighted) and
//! `n` note. Typed text is laid out like any other (Arabic is reordered for display).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_segmentation::UnicodeSegmentation;

use super::display;
use super::feed::put_line;
use super::theme::Role;
use super::{Ui, put};
use crate::app::state::{Model, Prompt};

/// The cursor at the end of the text.
const END_CURSOR: char = '▏';

pub fn render_prompt(buf: &mut Buffer, area: Rect, model: &Model, prompt: &Prompt, ui: &Ui) {
    let (label, text, cursor, info) = match prompt {
        Prompt::Search { cursor } => {
            let q = &model.filters.query;
            let info = if q.is_empty() {
                "type to search titles and sources · enter keep · esc cancel".to_string()
            } else if model.search.pending(q) {
                "searching…".to_string()
            } else {
                format!(
                    "{} matches · ↑↓ move · enter keep · esc cancel",
                    model.row_count()
                )
            };
            ("/", q.as_str(), *cursor, info)
        }
        Prompt::Note { text, cursor, .. } => (
            "note: ",
            text.as_str(),
            *cursor,
            "enter save · esc cancel".to_string(),
        ),
    };
    let style = |r: Role| ui.theme.style(r);
    let mut x = area.x;
    x += put(buf, x, area.y, area.width, label, style(Role::Focused));
    let info_w = crate::text::str_width(&info) as u16 + 2;
    let room = area.right().saturating_sub(x + info_w + 1).max(8);
    // The cursor is the cell of the letter it stands before (shown reversed), or a bar after
    // the text when it is at the end. It is laid out with the text, so it lands where it
    // belongs once Arabic is reordered: the end of a right-to-left text is its left edge,
    // where the next letter appears.
    // The raw text goes to layout, which sanitises it and maps the cursor's mark through
    // (sanitising first would move the cursor: it collapses the spaces one is typing).
    let (shown, cursor, at_end) = around_cursor(text, cursor, room as usize);
    let under_cursor = shown[cursor..]
        .graphemes(true)
        .next()
        .map_or(cursor, |g| cursor + g.len());
    let line = display::fit_line_marked(
        &shown,
        std::slice::from_ref(&(cursor..under_cursor)),
        room as usize,
        &model.ctx.layout_options(room as usize),
    );
    put_line(buf, x, area.y, room, &line, false, |mark| match mark {
        Some(_) if at_end => style(Role::Focused),
        Some(_) => style(Role::Selected),
        None => style(Role::Text),
    });
    x += line.width as u16 + 1;
    put(
        buf,
        x,
        area.y,
        area.right().saturating_sub(x),
        &info,
        style(Role::Muted),
    );
}

/// The part of a prompt's text to show in `room` cells, with the cursor in it: the whole text
/// when it fits, else the cursor and as much of the text before it as fits (then after it),
/// with "…" where the text goes on. The bar of a cursor at the end is part of it. Returns the
/// part, the cursor's offset in it, and whether the cursor is at the end of the text.
fn around_cursor(text: &str, cursor: usize, room: usize) -> (String, usize, bool) {
    let mut cursor = cursor.min(text.len());
    while !text.is_char_boundary(cursor) {
        cursor -= 1;
    }
    let at_end = cursor == text.len();
    let width = |s: &str| crate::text::str_width(s);
    let bar = END_CURSOR.to_string();
    if width(text) + usize::from(at_end) <= room {
        let mut shown = text.to_string();
        if at_end {
            shown.push_str(&bar);
        }
        return (shown, cursor, at_end);
    }
    // Grow a window of graphemes around the cursor: backwards first, then forwards, keeping a
    // cell for each "…".
    let graphemes: Vec<(usize, &str)> = text.grapheme_indices(true).collect();
    let at = graphemes.partition_point(|(i, _)| *i < cursor);
    let budget = room.saturating_sub(2).max(1);
    let mut used = if at_end { 1 } else { width(graphemes[at].1) };
    let (mut from, mut to) = (at, (at + 1).min(graphemes.len()));
    while from > 0 && used + width(graphemes[from - 1].1) <= budget {
        from -= 1;
        used += width(graphemes[from].1);
    }
    while to < graphemes.len() && used + width(graphemes[to].1) <= budget {
        used += width(graphemes[to].1);
        to += 1;
    }
    // Where the window reaches an end of the text, that end needs no "…": one more cell.
    if to == graphemes.len() {
        while from > 0 && used + width(graphemes[from - 1].1) <= budget + 1 {
            from -= 1;
            used += width(graphemes[from].1);
        }
    } else if from == 0 {
        while to < graphemes.len() && used + width(graphemes[to].1) <= budget + 1 {
            used += width(graphemes[to].1);
            to += 1;
        }
    }
    let start = graphemes.get(from).map_or(text.len(), |(i, _)| *i);
    let end = graphemes.get(to).map_or(text.len(), |(i, _)| *i);
    let mut shown = String::new();
    if from > 0 {
        shown.push('…');
    }
    let cursor_in_shown = shown.len() + (cursor - start);
    shown.push_str(&text[start..end]);
    if at_end {
        shown.push_str(&bar);
    }
    if end < text.len() {
        shown.push('…');
    }
    (shown, cursor_in_shown, at_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shown part with the cursor as '|' before the letter it stands on.
    fn shown(text: &str, cursor: usize, room: usize) -> String {
        let (mut part, at, at_end) = around_cursor(text, cursor, room);
        if !at_end {
            part.insert(at, '|');
        }
        part
    }

    #[test]
    fn a_long_text_shows_the_cursor_and_what_comes_before_it() {
        let text = "abcdefghijklmnopqrstuvwxyz";
        assert_eq!(shown("abc", 3, 10), "abc▏");
        assert_eq!(shown(text, 13, 10), "…ghijklm|n…");
        assert_eq!(shown(text, text.len(), 10), "…stuvwxyz▏");
        assert_eq!(shown(text, 0, 10), "|abcdefghi…");
        // Arabic: the same logical window (display reorders it afterwards).
        assert_eq!(shown("قصف مدفعي على قرية", 7, 9), "قصف |مدفع…");
    }
}
