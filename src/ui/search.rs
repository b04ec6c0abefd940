//! The prompt line: `/` search (the feed under it shows the ranked matches, highlighted) and
//! `n` note. Typed text is laid out like any other (Arabic is reordered for display).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::display;
use super::feed::put_line;
use super::theme::Role;
use super::{Ui, put};
use crate::app::state::{Model, Prompt};
use crate::text::sanitize_line;

pub fn render_prompt(buf: &mut Buffer, area: Rect, model: &Model, prompt: &Prompt, ui: &Ui) {
    let (label, text, info) = match prompt {
        Prompt::Search => {
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
            ("/", q.as_str(), info)
        }
        Prompt::Note { text, .. } => (
            "note: ",
            text.as_str(),
            "enter save · esc cancel".to_string(),
        ),
    };
    let style = |r: Role| ui.theme.style(r);
    let mut x = area.x;
    x += put(buf, x, area.y, area.width, label, style(Role::Focused));
    let info_w = crate::text::str_width(&info) as u16 + 2;
    let room = area.right().saturating_sub(x + info_w + 1).max(8);
    let text = sanitize_line(text);
    let line = display::fit_line(
        &text,
        room as usize - 1,
        &model.ctx.layout_options(room as usize - 1),
    );
    let used: usize = line
        .segments
        .iter()
        .map(|s| crate::text::str_width(&s.text))
        .sum();
    put_line(buf, x, area.y, room, &line, false, |_| style(Role::Text));
    x += used as u16;
    x += put(buf, x, area.y, 1, "▏", style(Role::Focused)) + 1;
    put(
        buf,
        x,
        area.y,
        area.right().saturating_sub(x),
        &info,
        style(Role::Muted),
    );
}
