//! Drawing: one module per pane, all reading the [`Model`], none changing it.
//!
//! Text is written cell by cell with [`put`] (ratatui's `Buffer::set_stringn`, which measures
//! each grapheme on its own) rather than through `Line` alignment, because `Line::width()`
//! counts lam-alef as one cell where terminals use two. Every string that comes from an
//! article, a file name or a lexicon is passed through `text::sanitize*` before it gets here.

pub mod detail;
pub mod feed;
pub mod help;
pub mod layout;
pub mod lists;
pub mod search;
pub mod status;
pub mod theme;

#[cfg(test)]
mod tests;

pub use crate::text::display;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, BorderType, Borders, Widget};

use crate::app::keymap::Keymap;
use crate::app::state::{Focus, Model};
use theme::{Role, Theme};

/// What drawing needs besides the model: the key map (for hints and help) and the palette.
pub struct Ui {
    pub keymap: Keymap,
    pub theme: Theme,
    /// Seconds east of UTC for the feed's clock (read once at start; 0 in tests).
    pub utc_offset: i64,
}

/// Draw the whole screen.
///
/// ```text
/// ┌ Provinces ─────────┐┌ Feed · 1204 · all ──────────────────────────────── 3 new ↑ ┐
/// │[x] Baghdad      41 ││   time  age  S source     title              themes  provinces│
/// │[ ] Basra        12 ││ ● 14:02  5m  4 Shafaq      انفجار عبوة ناسفة…  TER ARM Baghdad │
/// │ …                  ││   13:57 10m  · INA         اجتماع …                   National │
/// ├ Themes ────────────┤│  …                                                           │
/// │[ ] Terrorism    30 ││                                                              │
/// │ …                  ││      (the article replaces the feed while open)              │
/// └────────────────────┘└──────────────────────────────────────────────────────────────┘
///  /srv/news │ 1204 articles · 310 unread · 4 flagged │ live (inotify) │ view all · Baghdad
///  enter open · u read · f flag · d dismiss · / search · p provinces · ? help · q quit
/// ```
/// Under 100 columns the side panes are hidden and `p`/`t` show their list in the main area;
/// under 40x10 only a "terminal too small" message is drawn.
pub fn render(frame: &mut Frame, model: &Model, ui: &Ui) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    let Some(panes) = layout::panes(area) else {
        too_small(buf, area, ui);
        return;
    };
    if let Some(r) = panes.provinces {
        lists::render_provinces(buf, r, model, ui);
    }
    if let Some(r) = panes.themes {
        lists::render_themes(buf, r, model, ui);
    }
    let narrow = panes.provinces.is_none();
    match model.focus {
        Focus::Provinces if narrow => lists::render_provinces(buf, panes.main, model, ui),
        Focus::Themes if narrow => lists::render_themes(buf, panes.main, model, ui),
        _ => match &model.detail {
            Some(d) => detail::render(buf, panes.main, model, d, ui),
            None => feed::render(buf, panes.main, model, ui),
        },
    }
    status::render(buf, panes.status, model, ui);
    match &model.prompt {
        Some(prompt) => search::render_prompt(buf, panes.hints, model, prompt, ui),
        None => status::render_hints(buf, panes.hints, model, ui),
    }
    if let Some(scroll) = model.help {
        help::render(buf, area, scroll, ui);
    }
}

fn too_small(buf: &mut Buffer, area: Rect, ui: &Ui) {
    let msg = format!(
        "terminal too small ({}x{}); need {}x{}",
        area.width,
        area.height,
        layout::MIN_WIDTH,
        layout::MIN_HEIGHT
    );
    let y = area.y + area.height / 2;
    for (i, line) in msg.split("; ").enumerate() {
        if y + (i as u16) < area.bottom() {
            put(
                buf,
                area.x,
                y + i as u16,
                area.width,
                line,
                ui.theme.style(Role::Alert),
            );
        }
    }
}

/// Write `text` at (x, y) in at most `max` cells; returns the cells used.
pub fn put(buf: &mut Buffer, x: u16, y: u16, max: u16, text: &str, style: Style) -> u16 {
    if max == 0 || x >= buf.area.right() || y >= buf.area.bottom() {
        return 0;
    }
    let (end, _) = buf.set_stringn(x, y, text, max as usize, style);
    end.saturating_sub(x)
}

/// Write `text` right-aligned so that it ends at `right` (exclusive).
pub fn put_right(buf: &mut Buffer, right: u16, y: u16, max: u16, text: &str, style: Style) {
    let w = (crate::text::str_width(text) as u16).min(max);
    put(buf, right.saturating_sub(w), y, w, text, style);
}

/// A pane's frame: rounded when focused, with its title; returns the inner area.
pub fn pane_block(buf: &mut Buffer, area: Rect, title: &str, focused: bool, ui: &Ui) -> Rect {
    let (role, kind) = if focused {
        (Role::Focused, BorderType::Thick)
    } else {
        (Role::Border, BorderType::Plain)
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(kind)
        .border_style(ui.theme.style(role));
    let inner = block.inner(area);
    block.render(area, buf);
    // The title goes on by hand so that a marker shows focus without colour too.
    let title = if focused {
        format!("▶ {title} ")
    } else {
        format!(" {title} ")
    };
    put(
        buf,
        area.x + 1,
        area.y,
        area.width.saturating_sub(2),
        &title,
        ui.theme.style(role),
    );
    inner
}
