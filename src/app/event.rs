//! What the producers of the event loop send: keys and resizes from the terminal, ingest
//! reports, search results, triage from the store, signals and the clock. The loop turns each
//! into an [`Action`] (keys through the keymap, for the focused pane) and hands it to `update`.

use std::time::SystemTime;

use crossterm::event::{KeyEvent, KeyEventKind};

use super::action::Action;
use super::keymap::{Key, Keymap, Scope};
use super::search::SearchResults;
use super::state::{Focus, Model, Triage};
use crate::article::ArticleId;
use crate::ingest::IngestEvent;

#[derive(Debug)]
pub enum Event {
    Key(KeyEvent),
    /// New terminal size (columns, rows).
    Resize(u16, u16),
    Ingest(IngestEvent),
    Search(SearchResults),
    /// Triage written by any console, read back from the store.
    Store(Vec<(ArticleId, Triage)>),
    /// SIGTERM, SIGINT or SIGHUP: leave cleanly.
    Signal(&'static str),
    /// Once a minute, for the ages in the feed.
    Tick,
}

/// The scope whose bindings apply now.
pub fn scope(model: &Model) -> Scope {
    if model.prompt.is_some() {
        Scope::Prompt
    } else if model.help.is_some() {
        Scope::Help
    } else {
        match model.focus {
            Focus::Feed => Scope::Feed,
            Focus::Provinces | Focus::Themes => Scope::Filters,
            Focus::Detail => Scope::Detail,
        }
    }
}

/// The action a key press stands for in the current scope, if any.
pub fn key_action(model: &Model, keymap: &Keymap, ev: &KeyEvent) -> Option<Action> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    let key = Key::from_event(ev)?;
    let scope = scope(model);
    if let Some(action) = keymap.lookup(scope, &key) {
        return Some(action.clone());
    }
    if scope == Scope::Prompt {
        if let Some(c) = key.typed_char() {
            return Some(Action::Input(c));
        }
        if key.code == super::keymap::KeyCodeName::Backspace {
            return Some(Action::InputBackspace);
        }
    }
    None
}

impl Event {
    /// What this event asks of the model (resizes are handled by the loop, which knows the
    /// layout).
    pub fn into_action(self, model: &Model, keymap: &Keymap) -> Option<Action> {
        match self {
            Event::Key(ev) => key_action(model, keymap, &ev),
            Event::Resize(..) => None,
            Event::Ingest(ev) => Some(Action::Ingest(Box::new(ev), SystemTime::now())),
            Event::Search(results) => Some(Action::SearchDone(results)),
            Event::Store(changes) => Some(Action::TriageLoaded(changes)),
            Event::Signal(name) => {
                tracing::info!(signal = name, "quitting on signal");
                Some(Action::Quit)
            }
            Event::Tick => Some(Action::Tick(SystemTime::now())),
        }
    }
}
