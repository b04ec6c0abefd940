//! `?`: every key binding, by scope, built from the key map (so it shows the user's own keys).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};

use super::theme::Role;
use super::{Ui, pane_block, put};
use crate::app::keymap::{Keymap, Scope};

/// The help text: (keys, description) rows, with scope headings as rows without keys.
pub fn lines(keymap: &Keymap) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for scope in Scope::ALL {
        let bindings = keymap.describe(scope);
        if bindings.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push((String::new(), String::new()));
        }
        out.push((String::new(), scope.title().to_string()));
        for (keys, action) in bindings {
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            out.push((keys.join(" "), action.description().to_string()));
        }
    }
    out
}

pub fn render(buf: &mut Buffer, area: Rect, scroll: usize, ui: &Ui) {
    let width = area.width.min(64);
    let height = area.height.saturating_sub(2).min(40);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    Clear.render(popup, buf);
    let inner = pane_block(buf, popup, "Keys (? or esc closes)", true, ui);
    let lines = lines(&ui.keymap);
    let scroll = scroll.min(lines.len().saturating_sub(inner.height as usize));
    for (i, (keys, what)) in lines
        .iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + i as u16;
        if keys.is_empty() {
            put(
                buf,
                inner.x + 1,
                y,
                inner.width,
                what,
                ui.theme.style(Role::Title),
            );
        } else {
            put(buf, inner.x + 2, y, 22, keys, ui.theme.style(Role::Focused));
            put(
                buf,
                inner.x + 25,
                y,
                inner.width.saturating_sub(25),
                what,
                ui.theme.style(Role::Text),
            );
        }
    }
}
