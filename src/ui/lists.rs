//! The two filter panes: the 19 provinces plus "national", and the 14 themes, each with its
//! live count for the other filters. `[x]` marks a selected item (visible without colour).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::feed::THEME_CODES;
use super::theme::Role;
use super::{Ui, pane_block, put, put_right};
use crate::app::state::{Cursor, Focus, Model};
use crate::text::sanitize_line;

/// One row of a filter list.
struct Item<'a> {
    name: &'a str,
    /// A short tag before the name (the theme's badge), with its style role.
    badge: Option<(&'a str, Role)>,
    count: usize,
    on: bool,
}

pub fn render_provinces(buf: &mut Buffer, area: Rect, model: &Model, ui: &Ui) {
    let items: Vec<Item> = model
        .ctx
        .catalog
        .provinces
        .iter()
        .enumerate()
        .map(|(i, p)| Item {
            name: &p.name_en,
            badge: None,
            count: model.counts.provinces[i],
            on: model.filters.provinces & (1 << i) != 0,
        })
        .collect();
    let focused = model.focus == Focus::Provinces;
    let title = filter_title("Provinces", model.filters.provinces.count_ones());
    render_list(
        buf,
        area,
        &title,
        &items,
        model.provinces_cursor,
        focused,
        ui,
    );
}

pub fn render_themes(buf: &mut Buffer, area: Rect, model: &Model, ui: &Ui) {
    let items: Vec<Item> = model
        .ctx
        .catalog
        .themes
        .iter()
        .enumerate()
        .map(|(i, t)| Item {
            name: &t.name_en,
            badge: Some((THEME_CODES[i], Role::severity(t.severity))),
            count: model.counts.themes[i],
            on: model.filters.themes & (1 << i) != 0,
        })
        .collect();
    let focused = model.focus == Focus::Themes;
    let title = filter_title("Themes", model.filters.themes.count_ones());
    render_list(buf, area, &title, &items, model.themes_cursor, focused, ui);
}

fn filter_title(name: &str, selected: u32) -> String {
    if selected == 0 {
        name.to_string()
    } else {
        format!("{name} · {selected} on")
    }
}

fn render_list(
    buf: &mut Buffer,
    area: Rect,
    title: &str,
    items: &[Item],
    cursor: Cursor,
    focused: bool,
    ui: &Ui,
) {
    let inner = pane_block(buf, area, title, focused, ui);
    let style = |r: Role| ui.theme.style(r);
    for (row, (i, item)) in items
        .iter()
        .enumerate()
        .skip(cursor.offset)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + row as u16;
        let mut x = inner.x;
        let (check, check_role) = if item.on {
            ("[x]", Role::Active)
        } else {
            ("[ ]", Role::Muted)
        };
        x += put(buf, x, y, inner.width, check, style(check_role)) + 1;
        if let Some((badge, role)) = item.badge {
            x += put(buf, x, y, 3, badge, style(role)) + 1;
        }
        let count = item.count.to_string();
        let name_width = inner.right().saturating_sub(x + count.len() as u16 + 1);
        let name_role = if item.on { Role::Active } else { Role::Text };
        put(
            buf,
            x,
            y,
            name_width,
            &sanitize_line(item.name),
            style(name_role),
        );
        let count_role = if item.count == 0 {
            Role::Muted
        } else {
            Role::Text
        };
        put_right(
            buf,
            inner.right(),
            y,
            inner.width,
            &count,
            style(count_role),
        );
        if focused && i == cursor.selected {
            buf.set_style(
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
                style(Role::Selected),
            );
        }
    }
    // Rows hidden above or below the pane.
    if cursor.offset > 0 {
        put_right(
            buf,
            area.right().saturating_sub(1),
            area.y,
            3,
            "↑",
            style(Role::Muted),
        );
    }
    if cursor.offset + (inner.height as usize) < items.len() {
        put_right(
            buf,
            area.right().saturating_sub(1),
            area.bottom() - 1,
            3,
            "↓",
            style(Role::Muted),
        );
    }
}
