//! Keys to actions, per scope: the defaults below, then the user's overrides from the config
//! file (`[keys.feed] "x" = "toggle_read"`). A key is looked up in the focused scope first, then
//! in `global`. Every binding names an [`Action`], whose description is what `?` shows, so the
//! help builds itself from this table.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use super::action::Action;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Everywhere except in a text prompt.
    Global,
    Feed,
    /// The provinces and themes panes.
    Filters,
    Detail,
    Help,
    /// The search and note prompts (printable keys are typed).
    Prompt,
}

impl Scope {
    pub const ALL: [Scope; 6] = [
        Scope::Global,
        Scope::Feed,
        Scope::Filters,
        Scope::Detail,
        Scope::Help,
        Scope::Prompt,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Everywhere",
            Scope::Feed => "Feed",
            Scope::Filters => "Provinces and themes",
            Scope::Detail => "Article",
            Scope::Help => "Help",
            Scope::Prompt => "Search and note prompts",
        }
    }
}

/// One key with its modifiers, written as in the config: "ctrl-d", "shift-tab", "G", "?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCodeName,
    pub ctrl: bool,
    pub alt: bool,
}

/// The keys the map knows (a subset of crossterm's, ordered for the help).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCodeName {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Delete,
    F(u8),
}

impl Key {
    /// The key of a crossterm event, normalised: Shift is part of the character ('G'), and
    /// Shift-Tab is BackTab.
    pub fn from_event(ev: &KeyEvent) -> Option<Key> {
        let code = match ev.code {
            KeyCode::Char(c) => KeyCodeName::Char(c),
            KeyCode::Enter => KeyCodeName::Enter,
            KeyCode::Esc => KeyCodeName::Esc,
            KeyCode::Tab if ev.modifiers.contains(KeyModifiers::SHIFT) => KeyCodeName::BackTab,
            KeyCode::Tab => KeyCodeName::Tab,
            KeyCode::BackTab => KeyCodeName::BackTab,
            KeyCode::Backspace => KeyCodeName::Backspace,
            KeyCode::Up => KeyCodeName::Up,
            KeyCode::Down => KeyCodeName::Down,
            KeyCode::Left => KeyCodeName::Left,
            KeyCode::Right => KeyCodeName::Right,
            KeyCode::Home => KeyCodeName::Home,
            KeyCode::End => KeyCodeName::End,
            KeyCode::PageUp => KeyCodeName::PageUp,
            KeyCode::PageDown => KeyCodeName::PageDown,
            KeyCode::Delete => KeyCodeName::Delete,
            KeyCode::F(n) => KeyCodeName::F(n),
            _ => return None,
        };
        Some(
            Key {
                code,
                ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
                alt: ev.modifiers.contains(KeyModifiers::ALT),
            }
            .normalized(),
        )
    }

    /// Ctrl with a letter is the same key whatever the case (terminals send one code).
    fn normalized(mut self) -> Key {
        if let KeyCodeName::Char(c) = self.code
            && self.ctrl
        {
            self.code = KeyCodeName::Char(c.to_ascii_lowercase());
        }
        self
    }

    /// A printable character typed without Ctrl or Alt (goes into a prompt).
    pub fn typed_char(&self) -> Option<char> {
        match self.code {
            KeyCodeName::Char(c) if !self.ctrl && !self.alt => Some(c),
            _ => None,
        }
    }
}

impl FromStr for Key {
    type Err = String;

    fn from_str(s: &str) -> Result<Key, String> {
        let mut key = Key {
            code: KeyCodeName::Esc,
            ctrl: false,
            alt: false,
        };
        let mut rest = s;
        let mut shift = false;
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower.strip_prefix("ctrl-") {
                key.ctrl = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("alt-") {
                key.alt = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("shift-").filter(|r| !r.is_empty()) {
                shift = true;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        key.code = match (chars.next(), chars.next()) {
            (Some(c), None) if shift => KeyCodeName::Char(c.to_ascii_uppercase()),
            (Some(c), None) => KeyCodeName::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCodeName::Enter,
                "esc" | "escape" => KeyCodeName::Esc,
                "tab" if shift => KeyCodeName::BackTab,
                "tab" => KeyCodeName::Tab,
                "backtab" => KeyCodeName::BackTab,
                "backspace" => KeyCodeName::Backspace,
                "space" => KeyCodeName::Char(' '),
                "up" => KeyCodeName::Up,
                "down" => KeyCodeName::Down,
                "left" => KeyCodeName::Left,
                "right" => KeyCodeName::Right,
                "home" => KeyCodeName::Home,
                "end" => KeyCodeName::End,
                "pgup" | "pageup" => KeyCodeName::PageUp,
                "pgdn" | "pagedown" => KeyCodeName::PageDown,
                "delete" | "del" => KeyCodeName::Delete,
                f if f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
                    KeyCodeName::F(f[1..].parse().unwrap_or(1))
                }
                _ => return Err(format!("unknown key {s:?}")),
            },
        };
        Ok(key.normalized())
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCodeName::Char(' ') => f.write_str("space"),
            KeyCodeName::Char(c) => write!(f, "{c}"),
            KeyCodeName::Enter => f.write_str("enter"),
            KeyCodeName::Esc => f.write_str("esc"),
            KeyCodeName::Tab => f.write_str("tab"),
            KeyCodeName::BackTab => f.write_str("shift-tab"),
            KeyCodeName::Backspace => f.write_str("backspace"),
            KeyCodeName::Up => f.write_str("↑"),
            KeyCodeName::Down => f.write_str("↓"),
            KeyCodeName::Left => f.write_str("←"),
            KeyCodeName::Right => f.write_str("→"),
            KeyCodeName::Home => f.write_str("home"),
            KeyCodeName::End => f.write_str("end"),
            KeyCodeName::PageUp => f.write_str("pgup"),
            KeyCodeName::PageDown => f.write_str("pgdn"),
            KeyCodeName::Delete => f.write_str("del"),
            KeyCodeName::F(n) => write!(f, "f{n}"),
        }
    }
}

/// User overrides as read from the config file: scope -> key string -> action name.
pub type KeyOverrides = BTreeMap<Scope, BTreeMap<String, Action>>;

const DEFAULTS: &[(Scope, &str, Action)] = &[
    (Scope::Global, "q", Action::Quit),
    (Scope::Global, "ctrl-c", Action::Quit),
    (Scope::Global, "?", Action::ToggleHelp),
    (Scope::Global, "tab", Action::FocusNext),
    (Scope::Global, "shift-tab", Action::FocusPrev),
    (Scope::Global, "p", Action::FocusProvinces),
    (Scope::Global, "t", Action::FocusThemes),
    (Scope::Global, "/", Action::Search),
    (Scope::Global, "c", Action::ClearFilters),
    (Scope::Global, "v", Action::CycleView),
    (Scope::Global, "esc", Action::Back),
    (Scope::Global, "k", Action::Up),
    (Scope::Global, "up", Action::Up),
    (Scope::Global, "j", Action::Down),
    (Scope::Global, "down", Action::Down),
    (Scope::Global, "g", Action::Top),
    (Scope::Global, "home", Action::Top),
    (Scope::Global, "G", Action::Bottom),
    (Scope::Global, "end", Action::Bottom),
    (Scope::Global, "ctrl-d", Action::HalfPageDown),
    (Scope::Global, "ctrl-u", Action::HalfPageUp),
    (Scope::Global, "pgdn", Action::PageDown),
    (Scope::Global, "pgup", Action::PageUp),
    (Scope::Feed, "enter", Action::Open),
    (Scope::Feed, "u", Action::ToggleRead),
    (Scope::Feed, "f", Action::Flag),
    (Scope::Feed, "d", Action::Dismiss),
    (Scope::Feed, "n", Action::EditNote),
    (Scope::Filters, "space", Action::ToggleItem),
    (Scope::Filters, "enter", Action::ToggleItem),
    (Scope::Detail, "space", Action::PageDown),
    (Scope::Detail, "J", Action::NextArticle),
    (Scope::Detail, "right", Action::NextArticle),
    (Scope::Detail, "K", Action::PrevArticle),
    (Scope::Detail, "left", Action::PrevArticle),
    (Scope::Detail, "u", Action::ToggleRead),
    (Scope::Detail, "f", Action::Flag),
    (Scope::Detail, "d", Action::Dismiss),
    (Scope::Detail, "n", Action::EditNote),
    (Scope::Help, "esc", Action::ToggleHelp),
    (Scope::Help, "q", Action::ToggleHelp),
    (Scope::Prompt, "enter", Action::Open),
    (Scope::Prompt, "esc", Action::Back),
    (Scope::Prompt, "up", Action::Up),
    (Scope::Prompt, "down", Action::Down),
    (Scope::Prompt, "ctrl-c", Action::Quit),
    (Scope::Prompt, "left", Action::CursorLeft),
    (Scope::Prompt, "right", Action::CursorRight),
    (Scope::Prompt, "ctrl-left", Action::WordLeft),
    (Scope::Prompt, "ctrl-right", Action::WordRight),
    (Scope::Prompt, "home", Action::LineStart),
    (Scope::Prompt, "ctrl-a", Action::LineStart),
    (Scope::Prompt, "end", Action::LineEnd),
    (Scope::Prompt, "ctrl-e", Action::LineEnd),
    (Scope::Prompt, "delete", Action::DeleteForward),
    (Scope::Prompt, "ctrl-w", Action::DeleteWordBack),
    (Scope::Prompt, "ctrl-u", Action::DeleteToStart),
    (Scope::Prompt, "ctrl-k", Action::DeleteToEnd),
];

/// The bindings in force.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: HashMap<(Scope, Key), Action>,
}

impl Keymap {
    pub fn defaults() -> Keymap {
        Keymap::with_overrides(&KeyOverrides::new()).expect("the default key map is valid")
    }

    /// The defaults with the user's bindings on top. Two spellings of one key in one scope
    /// ("ctrl-d" and "Ctrl-D") are an error naming both.
    pub fn with_overrides(overrides: &KeyOverrides) -> Result<Keymap, String> {
        let mut bindings = HashMap::new();
        for (scope, key, action) in DEFAULTS {
            let key: Key = key.parse()?;
            if bindings.insert((*scope, key), action.clone()).is_some() {
                return Err(format!("default key {key} bound twice in {scope:?}"));
            }
        }
        for (scope, keys) in overrides {
            let mut seen: HashMap<Key, &str> = HashMap::new();
            for (written, action) in keys {
                let key: Key = written
                    .parse()
                    .map_err(|e| format!("[keys.{}] {e}", scope_name(*scope)))?;
                if action.name().is_empty() {
                    return Err(format!(
                        "[keys.{}] {written:?}: not a bindable action",
                        scope_name(*scope)
                    ));
                }
                if let Some(first) = seen.insert(key, written) {
                    return Err(format!(
                        "[keys.{}] {first:?} and {written:?} are the same key",
                        scope_name(*scope)
                    ));
                }
                bindings.insert((*scope, key), action.clone());
            }
        }
        Ok(Keymap { bindings })
    }

    /// The action bound to `key` in `scope`, falling back to the global bindings (except in a
    /// prompt, where unbound keys are typed).
    pub fn lookup(&self, scope: Scope, key: &Key) -> Option<&Action> {
        self.bindings.get(&(scope, *key)).or_else(|| {
            (scope != Scope::Prompt)
                .then(|| self.bindings.get(&(Scope::Global, *key)))
                .flatten()
        })
    }

    /// Every binding of a scope, grouped by action in help order: (keys, action).
    pub fn describe(&self, scope: Scope) -> Vec<(Vec<Key>, Action)> {
        let mut out: Vec<(Vec<Key>, Action)> = Vec::new();
        for action in &Action::BINDABLE {
            let mut keys: Vec<Key> = self
                .bindings
                .iter()
                .filter(|((s, _), a)| *s == scope && a.same_binding(action))
                .map(|((_, k), _)| *k)
                .collect();
            keys.sort();
            if !keys.is_empty() {
                out.push((keys, action.clone()));
            }
        }
        out
    }

    /// The first key bound to `action` in `scope` or globally, for the status bar's hints.
    pub fn key_for(&self, scope: Scope, action: &Action) -> Option<Key> {
        [scope, Scope::Global].iter().find_map(|s| {
            let mut keys: Vec<Key> = self
                .bindings
                .iter()
                .filter(|((bs, _), a)| bs == s && a.same_binding(action))
                .map(|((_, k), _)| *k)
                .collect();
            keys.sort();
            keys.into_iter().next()
        })
    }
}

fn scope_name(scope: Scope) -> &'static str {
    match scope {
        Scope::Global => "global",
        Scope::Feed => "feed",
        Scope::Filters => "filters",
        Scope::Detail => "detail",
        Scope::Help => "help",
        Scope::Prompt => "prompt",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        s.parse().unwrap()
    }

    #[test]
    fn parses_and_prints_keys() {
        for s in [
            "ctrl-d",
            "shift-tab",
            "G",
            "?",
            "space",
            "enter",
            "pgdn",
            "f5",
            "alt-x",
        ] {
            assert_eq!(key(s).to_string(), s);
        }
        assert_eq!(key("Ctrl-D"), key("ctrl-D"));
        assert_eq!(key("shift-g"), key("G"));
        assert!("nonsense".parse::<Key>().is_err());
    }

    #[test]
    fn crossterm_events_normalise() {
        let ev = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&ev), Some(key("G")));
        let ev = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&ev), Some(key("shift-tab")));
        let ev = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(Key::from_event(&ev), Some(key("ctrl-d")));
    }

    #[test]
    fn scope_first_then_global_but_not_in_prompts() {
        let map = Keymap::defaults();
        assert!(matches!(
            map.lookup(Scope::Feed, &key("enter")),
            Some(Action::Open)
        ));
        assert!(matches!(
            map.lookup(Scope::Filters, &key("enter")),
            Some(Action::ToggleItem)
        ));
        assert!(matches!(
            map.lookup(Scope::Feed, &key("j")),
            Some(Action::Down)
        ));
        assert!(map.lookup(Scope::Prompt, &key("j")).is_none(), "typed");
        assert!(matches!(
            map.lookup(Scope::Prompt, &key("esc")),
            Some(Action::Back)
        ));
    }

    #[test]
    fn overrides_replace_defaults_and_duplicates_are_refused() {
        let cfg: KeyOverrides = toml::from_str("[feed]\nx = \"toggle_read\"\n").unwrap();
        let map = Keymap::with_overrides(&cfg).unwrap();
        assert!(matches!(
            map.lookup(Scope::Feed, &key("x")),
            Some(Action::ToggleRead)
        ));

        let dup: KeyOverrides =
            toml::from_str("[global]\n\"ctrl-d\" = \"quit\"\n\"Ctrl-D\" = \"top\"\n").unwrap();
        let err = Keymap::with_overrides(&dup).unwrap_err();
        assert!(err.contains("same key"), "{err}");

        assert!(toml::from_str::<KeyOverrides>("[feed]\nx = \"fly\"\n").is_err());
        assert!(toml::from_str::<KeyOverrides>("[nowhere]\nx = \"quit\"\n").is_err());
    }

    #[test]
    fn every_default_has_a_description() {
        let map = Keymap::defaults();
        for scope in Scope::ALL {
            for (_, action) in map.describe(scope) {
                assert!(!action.description().is_empty());
            }
        }
    }
}
