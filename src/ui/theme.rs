//! Style roles and the palettes that give them colours.
//!
//! Panes ask for a role ("unread", "severity 4"), never a colour. Three palettes: true colour,
//! the 16 ANSI colours (which the user's terminal theme defines, so they always fit it), and
//! none (NO_COLOR), where every role still shows through bold, underline, reverse or dim, and
//! the feed's markers (●, flag digits, severity digits) carry the rest. The config file picks a
//! palette and may restyle any role: `[colors] unread = "bold yellow"`, `selected = "black on cyan"`.

use std::collections::BTreeMap;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// What a piece of the screen is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Text,
    Muted,
    /// Border and title of the pane with the keys.
    Focused,
    Border,
    /// The selected row.
    Selected,
    Unread,
    /// Errors and warnings.
    Alert,
    /// Search matches in the feed.
    Highlight,
    /// Theme terms that matched, in the article.
    ThemeHit,
    /// Place names that matched, in the article.
    PlaceHit,
    Title,
    Label,
    Flag,
    /// A filter item that is on.
    Active,
    StatusBar,
    Sev1,
    Sev2,
    Sev3,
    Sev4,
    Sev5,
}

impl Role {
    pub fn severity(level: u8) -> Role {
        match level {
            0 | 1 => Role::Sev1,
            2 => Role::Sev2,
            3 => Role::Sev3,
            4 => Role::Sev4,
            _ => Role::Sev5,
        }
    }
}

/// Which colours to use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaletteKind {
    /// True colour when COLORTERM says so, 16 colours otherwise, none under NO_COLOR.
    #[default]
    Auto,
    TrueColor,
    Ansi16,
    /// Attributes only.
    None,
}

impl PaletteKind {
    /// Resolve `Auto` from the environment (NO_COLOR set and non-empty wins).
    pub fn resolve(self, no_color: bool, colorterm: Option<&str>) -> PaletteKind {
        match self {
            PaletteKind::Auto if no_color => PaletteKind::None,
            PaletteKind::Auto
                if colorterm.is_some_and(|c| c.contains("truecolor") || c.contains("24bit")) =>
            {
                PaletteKind::TrueColor
            }
            PaletteKind::Auto => PaletteKind::Ansi16,
            other => other,
        }
    }

    pub fn from_env(self) -> PaletteKind {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        self.resolve(no_color, std::env::var("COLORTERM").ok().as_deref())
    }
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub kind: PaletteKind,
    styles: BTreeMap<Role, Style>,
}

const B: Modifier = Modifier::BOLD;
const U: Modifier = Modifier::UNDERLINED;
const R: Modifier = Modifier::REVERSED;
const D: Modifier = Modifier::DIM;

fn fg(c: Color) -> Style {
    Style::new().fg(c)
}

fn palette(kind: PaletteKind) -> Vec<(Role, Style)> {
    use Role::*;
    match kind {
        PaletteKind::None | PaletteKind::Auto => vec![
            (Text, Style::new()),
            (Muted, Style::new().add_modifier(D)),
            (Focused, Style::new().add_modifier(B)),
            (Border, Style::new()),
            (Selected, Style::new().add_modifier(R)),
            (Unread, Style::new().add_modifier(B)),
            (Alert, Style::new().add_modifier(B | U)),
            (Highlight, Style::new().add_modifier(B | U)),
            (ThemeHit, Style::new().add_modifier(B | U)),
            (PlaceHit, Style::new().add_modifier(U)),
            (Title, Style::new().add_modifier(B)),
            (Label, Style::new().add_modifier(D)),
            (Flag, Style::new().add_modifier(B)),
            (Active, Style::new().add_modifier(B)),
            (StatusBar, Style::new().add_modifier(R)),
            (Sev1, Style::new().add_modifier(D)),
            (Sev2, Style::new()),
            (Sev3, Style::new()),
            (Sev4, Style::new().add_modifier(B)),
            (Sev5, Style::new().add_modifier(B | R)),
        ],
        PaletteKind::Ansi16 => vec![
            (Text, Style::new()),
            (Muted, fg(Color::DarkGray)),
            (Focused, fg(Color::Yellow).add_modifier(B)),
            (Border, fg(Color::DarkGray)),
            (Selected, Style::new().add_modifier(R)),
            (Unread, Style::new().add_modifier(B)),
            (Alert, fg(Color::LightRed).add_modifier(B)),
            (Highlight, fg(Color::LightYellow).add_modifier(B | U)),
            (ThemeHit, fg(Color::Black).bg(Color::Yellow)),
            (PlaceHit, fg(Color::Black).bg(Color::Cyan)),
            (Title, fg(Color::White).add_modifier(B)),
            (Label, fg(Color::Cyan)),
            (Flag, fg(Color::LightMagenta).add_modifier(B)),
            (Active, fg(Color::LightGreen).add_modifier(B)),
            (StatusBar, fg(Color::Black).bg(Color::Gray)),
            (Sev1, fg(Color::DarkGray)),
            (Sev2, fg(Color::Green)),
            (Sev3, fg(Color::Yellow)),
            (Sev4, fg(Color::LightRed)),
            (Sev5, fg(Color::White).bg(Color::Red).add_modifier(B)),
        ],
        PaletteKind::TrueColor => vec![
            (Text, fg(Color::Rgb(0xd8, 0xd8, 0xd8))),
            (Muted, fg(Color::Rgb(0x80, 0x80, 0x88))),
            (Focused, fg(Color::Rgb(0xff, 0xb8, 0x3d)).add_modifier(B)),
            (Border, fg(Color::Rgb(0x55, 0x5a, 0x66))),
            (Selected, Style::new().bg(Color::Rgb(0x2f, 0x3b, 0x55))),
            (Unread, fg(Color::Rgb(0xff, 0xff, 0xff)).add_modifier(B)),
            (Alert, fg(Color::Rgb(0xff, 0x5f, 0x5f)).add_modifier(B)),
            (
                Highlight,
                fg(Color::Rgb(0xff, 0xd7, 0x00)).add_modifier(B | U),
            ),
            (
                ThemeHit,
                fg(Color::Rgb(0x1c, 0x1c, 0x1c)).bg(Color::Rgb(0xff, 0xc8, 0x57)),
            ),
            (
                PlaceHit,
                fg(Color::Rgb(0x1c, 0x1c, 0x1c)).bg(Color::Rgb(0x7f, 0xd1, 0xe8)),
            ),
            (Title, fg(Color::Rgb(0xff, 0xff, 0xff)).add_modifier(B)),
            (Label, fg(Color::Rgb(0x7f, 0xb4, 0xd8))),
            (Flag, fg(Color::Rgb(0xff, 0x6a, 0xd5)).add_modifier(B)),
            (Active, fg(Color::Rgb(0x8a, 0xe2, 0x34)).add_modifier(B)),
            (
                StatusBar,
                fg(Color::Rgb(0xe0, 0xe0, 0xe0)).bg(Color::Rgb(0x30, 0x34, 0x40)),
            ),
            (Sev1, fg(Color::Rgb(0x70, 0x78, 0x80))),
            (Sev2, fg(Color::Rgb(0x6a, 0xc4, 0x6a))),
            (Sev3, fg(Color::Rgb(0xf0, 0xc6, 0x4a))),
            (Sev4, fg(Color::Rgb(0xff, 0x87, 0x3d))),
            (
                Sev5,
                fg(Color::Rgb(0xff, 0xff, 0xff))
                    .bg(Color::Rgb(0xc0, 0x1c, 0x28))
                    .add_modifier(B),
            ),
        ],
    }
}

/// A style written in the config: words among colours ("yellow", "#ffaa00", "208"),
/// "on <colour>" for the background, and bold, dim, italic, underline, reverse.
pub fn parse_style(text: &str) -> Result<Style, String> {
    let mut style = Style::new();
    let mut words = text.split_whitespace();
    while let Some(word) = words.next() {
        style = match word.to_ascii_lowercase().as_str() {
            "bold" => style.add_modifier(B),
            "dim" => style.add_modifier(D),
            "italic" => style.add_modifier(Modifier::ITALIC),
            "underline" | "underlined" => style.add_modifier(U),
            "reverse" | "reversed" => style.add_modifier(R),
            "on" => {
                let c = words.next().ok_or("\"on\" needs a colour after it")?;
                style.bg(Color::from_str(c).map_err(|_| format!("unknown colour {c:?}"))?)
            }
            c => style.fg(Color::from_str(c).map_err(|_| format!("unknown colour {c:?}"))?),
        };
    }
    Ok(style)
}

impl Theme {
    /// The palette of `kind` (resolve `Auto` first) with the user's restyled roles on top.
    pub fn new(kind: PaletteKind, overrides: &BTreeMap<Role, String>) -> Result<Theme, String> {
        let mut styles: BTreeMap<Role, Style> = palette(kind).into_iter().collect();
        for (role, text) in overrides {
            let style = parse_style(text).map_err(|e| format!("[colors] {role:?}: {e}"))?;
            styles.insert(*role, style);
        }
        Ok(Theme { kind, styles })
    }

    pub fn style(&self, role: Role) -> Style {
        self.styles.get(&role).copied().unwrap_or_default()
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::new(PaletteKind::Ansi16, &BTreeMap::new()).expect("built-in palette")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_follows_no_color_and_colorterm() {
        assert_eq!(
            PaletteKind::Auto.resolve(true, Some("truecolor")),
            PaletteKind::None
        );
        assert_eq!(
            PaletteKind::Auto.resolve(false, Some("truecolor")),
            PaletteKind::TrueColor
        );
        assert_eq!(PaletteKind::Auto.resolve(false, None), PaletteKind::Ansi16);
        assert_eq!(PaletteKind::Ansi16.resolve(true, None), PaletteKind::Ansi16);
    }

    #[test]
    fn no_color_palette_has_no_colour_but_distinct_roles() {
        let theme = Theme::new(PaletteKind::None, &BTreeMap::new()).unwrap();
        for (_, style) in palette(PaletteKind::None) {
            assert_eq!(style.fg, None);
            assert_eq!(style.bg, None);
        }
        assert_ne!(theme.style(Role::Selected), theme.style(Role::Text));
        assert_ne!(theme.style(Role::Unread), theme.style(Role::Text));
        assert_ne!(theme.style(Role::ThemeHit), theme.style(Role::Text));
    }

    #[test]
    fn every_role_has_a_style_in_every_palette() {
        for kind in [
            PaletteKind::None,
            PaletteKind::Ansi16,
            PaletteKind::TrueColor,
        ] {
            assert_eq!(palette(kind).len(), 20, "{kind:?}");
        }
    }

    #[test]
    fn styles_parse_from_the_config() {
        let s = parse_style("bold black on #ffaa00").unwrap();
        assert_eq!(s.fg, Some(Color::Black));
        assert_eq!(s.bg, Some(Color::Rgb(0xff, 0xaa, 0)));
        assert!(s.add_modifier.contains(Modifier::BOLD));
        assert!(parse_style("blurple").is_err());
        let mut o = BTreeMap::new();
        o.insert(Role::Unread, "underline".to_string());
        let t = Theme::new(PaletteKind::Ansi16, &o).unwrap();
        assert!(
            t.style(Role::Unread)
                .add_modifier
                .contains(Modifier::UNDERLINED)
        );
    }
}
