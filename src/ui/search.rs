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
use crate::text::sanitize_line;

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
    let mut shown = sanitize_line(text);
    // (A note read back from the store may hold what sanitising removes: the cursor then
    // goes to the end.)
    let mut cursor = if shown == text {
        cursor.min(shown.len())
    } else {
        shown.len()
    };
    while !shown.is_char_boundary(cursor) {
        cursor -= 1;
    }
    let at_end = cursor == shown.len();
    if at_end {
        // A bar after the text (a neutral character: it follows the text's direction).
        shown.push(END_CURSOR);
    }
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
