//! The status bar (directory, totals, ingest state, filters) and the key hints under it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::theme::Role;
use super::{Ui, put};
use crate::app::Action;
use crate::app::event::scope;
use crate::app::keymap::Scope;
use crate::app::state::{Focus, Model, NATIONAL};
use crate::text::sanitize_line;

/// The parts of the status line, in order; pieces with their role.
pub fn status_pieces(model: &Model) -> Vec<(String, Role)> {
    let t = &model.totals;
    let mut out = vec![
        (
            format!(" {} ", sanitize_line(&model.ctx.dir)),
            Role::StatusBar,
        ),
        (
            format!(
                " {} articles · {} unread · {} flagged",
                t.articles, t.unread, t.flagged
            ),
            Role::Text,
        ),
    ];
    if t.dismissed > 0 {
        out.push((format!(" · {} dismissed", t.dismissed), Role::Text));
    }
    let ingest = &model.ingest;
    let state = match ingest.progress {
        Some((done, total)) if !ingest.backlog_done => {
            let pct = done * 100 / total.max(1);
            format!(" │ backlog {done}/{total} ({pct}%)")
        }
        _ if ingest.backlog_done => " │ live".to_string(),
        _ => " │ starting".to_string(),
    };
    out.push((state, Role::Text));
    if let Some(notice) = &ingest.notice {
        out.push((format!(" ({})", sanitize_line(notice)), Role::Muted));
    }
    if t.errors > 0 {
        let s = if t.errors == 1 { "" } else { "s" };
        out.push((format!(" │ {} unreadable file{s}", t.errors), Role::Alert));
    }
    out.push((
        format!(" │ view {}", model.filters.view.label()),
        Role::Text,
    ));
    let f = &model.filters;
    let catalog = &model.ctx.catalog;
    let provinces: Vec<&str> = (0..=NATIONAL)
        .filter(|i| f.provinces & (1 << i) != 0)
        .map(|i| catalog.provinces[i].name_en.as_str())
        .collect();
    if !provinces.is_empty() {
        out.push((format!(" · {}", provinces.join(",")), Role::Active));
    }
    let themes: Vec<&str> = (0..catalog.themes.len())
        .filter(|i| f.themes & (1 << i) != 0)
        .map(|i| catalog.themes[i].name_en.as_str())
        .collect();
    if !themes.is_empty() {
        out.push((format!(" · {}", themes.join(",")), Role::Active));
    }
    if !f.query.is_empty() {
        out.push((format!(" · /{}", sanitize_line(&f.query)), Role::Active));
    }
    if let Some(flash) = &model.flash {
        out.push((format!(" │ {flash}"), Role::Muted));
    }
    out
}

pub fn render(buf: &mut Buffer, area: Rect, model: &Model, ui: &Ui) {
    let mut x = area.x;
    for (text, role) in status_pieces(model) {
        let left = area.right().saturating_sub(x);
        if left == 0 {
            break;
        }
        x += put(buf, x, area.y, left, &text, ui.theme.style(role));
    }
}

/// The actions worth a hint in each scope, most useful first.
fn hinted(scope: Scope, focus: Focus) -> &'static [Action] {
    match (scope, focus) {
        (Scope::Help, _) => &[Action::ToggleHelp, Action::Down, Action::Up],
        (Scope::Detail, _) => &[
            Action::Back,
            Action::NextArticle,
            Action::PrevArticle,
            Action::PageDown,
            Action::Flag,
            Action::ToggleRead,
            Action::Dismiss,
            Action::EditNote,
            Action::ToggleHelp,
            Action::Quit,
        ],
        (Scope::Filters, _) => &[
            Action::ToggleItem,
            Action::ClearFilters,
            Action::FocusNext,
            Action::Back,
            Action::Search,
            Action::ToggleHelp,
            Action::Quit,
        ],
        _ => &[
            Action::Open,
            Action::ToggleRead,
            Action::Flag,
            Action::Dismiss,
            Action::EditNote,
            Action::Search,
            Action::FocusProvinces,
            Action::FocusThemes,
            Action::CycleView,
            Action::ClearFilters,
            Action::ToggleHelp,
            Action::Quit,
        ],
    }
}

pub fn render_hints(buf: &mut Buffer, area: Rect, model: &Model, ui: &Ui) {
    let scope = scope(model);
    let mut x = area.x + 1;
    for action in hinted(scope, model.focus) {
        let Some(key) = ui.keymap.key_for(scope, action) else {
            continue;
        };
        let key = key.to_string();
        let need = (key.len() + action.description().len() + 3) as u16;
        if x + need > area.right() {
            break;
        }
        x += put(buf, x, area.y, need, &key, ui.theme.style(Role::Focused)) + 1;
        x += put(
            buf,
            x,
            area.y,
            need,
            action.description(),
            ui.theme.style(Role::Muted),
        ) + 2;
    }
}
