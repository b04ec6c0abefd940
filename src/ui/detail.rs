//! The article view: the laid-out document (see `app::reader`) from its scroll position, with
//! matched theme terms and place names in their roles, and where one is in the text.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::theme::Role;
use super::{Ui, pane_block, put, put_right};
use crate::app::reader::Role as DocRole;
use crate::app::state::{Detail, Focus, Model};

fn role(r: DocRole) -> Role {
    match r {
        DocRole::Text => Role::Text,
        DocRole::Title => Role::Title,
        DocRole::Label => Role::Label,
        DocRole::ThemeHit => Role::ThemeHit,
        DocRole::PlaceHit => Role::PlaceHit,
        DocRole::Error => Role::Alert,
        DocRole::Muted => Role::Muted,
    }
}

pub fn render(buf: &mut Buffer, area: Rect, model: &Model, detail: &Detail, ui: &Ui) {
    let position = match model.row_of(detail.slot) {
        Some(row) => format!("Article {}/{}", row + 1, model.row_count()),
        None => "Article".to_string(),
    };
    let inner = pane_block(buf, area, &position, model.focus == Focus::Detail, ui);
    let lines = &detail.doc.lines;
    for (i, line) in lines
        .iter()
        .skip(detail.scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + i as u16;
        let mut x = inner.x;
        for (text, r) in &line.pieces {
            let left = inner.right().saturating_sub(x + 1);
            if left == 0 {
                break;
            }
            x += put(buf, x, y, left, text, ui.theme.style(role(*r)));
        }
    }
    // Where we are: a percentage in the bottom border when the text is longer than the pane.
    let shown = inner.height as usize;
    if lines.len() > shown {
        let end = (detail.scroll + shown).min(lines.len());
        let pct = end * 100 / lines.len();
        let text = format!(" {}-{}/{} {pct}% ", detail.scroll + 1, end, lines.len());
        put_right(
            buf,
            area.right().saturating_sub(1),
            area.bottom().saturating_sub(1),
            area.width / 2,
            &text,
            ui.theme.style(Role::Muted),
        );
    }
}
