//! Where each pane goes for a terminal size. Pure, so that the event loop can tell the model
//! how many rows each pane shows (for paging) from the same numbers the drawing uses.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::state::{PROVINCE_ROWS, Viewport};
use crate::article::THEME_IDS;

/// Below this the side panes are hidden; the filter lists then take the main area when focused.
pub const SIDE_PANES_MIN_WIDTH: u16 = 100;
/// Below this nothing but a "terminal too small" message is drawn.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
const SIDE_WIDTH: u16 = 28;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub provinces: Option<Rect>,
    pub themes: Option<Rect>,
    /// The feed, or the open article (or a filter list on a narrow screen).
    pub main: Rect,
    pub status: Rect,
    /// Key hints, or the open prompt.
    pub hints: Rect,
}

/// The panes for `area`, or `None` when it is too small to use.
pub fn panes(area: Rect) -> Option<Panes> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [body, status, hints] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    if area.width < SIDE_PANES_MIN_WIDTH {
        return Some(Panes {
            provinces: None,
            themes: None,
            main: body,
            status,
            hints,
        });
    }
    let [side, main] =
        Layout::horizontal([Constraint::Length(SIDE_WIDTH), Constraint::Min(1)]).areas(body);
    // Both lists whole when they fit; otherwise shared in proportion to their length.
    let want_p = PROVINCE_ROWS as u16 + 2;
    let want_t = THEME_IDS.len() as u16 + 2;
    let [provinces, themes] = if side.height >= want_p + want_t {
        Layout::vertical([Constraint::Length(want_p), Constraint::Min(want_t)]).areas(side)
    } else {
        Layout::vertical([Constraint::Fill(want_p), Constraint::Fill(want_t)]).areas(side)
    };
    Some(Panes {
        provinces: Some(provinces),
        themes: Some(themes),
        main,
        status,
        hints,
    })
}

/// Rows inside a bordered pane.
fn inner_rows(r: Rect) -> usize {
    r.height.saturating_sub(2) as usize
}

/// What the model needs to know of the layout.
pub fn viewport(area: Rect) -> Viewport {
    let Some(p) = panes(area) else {
        return Viewport {
            feed_rows: 1,
            provinces_rows: 1,
            themes_rows: 1,
            detail_rows: 1,
            detail_width: 20,
        };
    };
    Viewport {
        // The feed has a header row under its border.
        feed_rows: inner_rows(p.main).saturating_sub(1).max(1),
        provinces_rows: p.provinces.map_or(inner_rows(p.main), inner_rows).max(1),
        themes_rows: p.themes.map_or(inner_rows(p.main), inner_rows).max(1),
        detail_rows: inner_rows(p.main).max(1),
        detail_width: p.main.width.saturating_sub(3).max(10) as usize,
    }
}
