//! Everything that can change the console's state, as one type flowing one way:
//! producers (keys through the keymap, ingest, search, store, signals, the clock) turn what
//! happened into an [`Action`], and [`super::update::update`] is the only place that applies it.
//!
//! The bindable variants are unit variants whose snake_case names are the names used in the
//! config file's key map (`"ctrl-d" = "half_page_down"`). The variants marked `serde(skip)`
//! carry data from the event loop and cannot be bound to a key.

use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::search::SearchResults;
use super::state::{Triage, Viewport};
use crate::article::ArticleId;
use crate::ingest::IngestEvent;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Quit the console.
    Quit,
    /// Show or hide the list of keys.
    ToggleHelp,
    /// Focus the next pane.
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Jump to the provinces pane.
    FocusProvinces,
    /// Jump to the themes pane.
    FocusThemes,
    /// Move up one row (or scroll the text up).
    Up,
    /// Move down one row (or scroll the text down).
    Down,
    /// Go to the first row.
    Top,
    /// Go to the last row.
    Bottom,
    /// Move half a page down.
    HalfPageDown,
    /// Move half a page up.
    HalfPageUp,
    /// Move a page down.
    PageDown,
    /// Move a page up.
    PageUp,
    /// Open the selected article; in a filter list, toggle the item; in a prompt, accept.
    Open,
    /// Go back: close the article, the prompt or the help.
    Back,
    /// In the article view: the next article of the feed.
    NextArticle,
    /// In the article view: the previous article of the feed.
    PrevArticle,
    /// Open the search prompt.
    Search,
    /// Toggle the selected province or theme in the filter.
    ToggleItem,
    /// Clear every filter (provinces, themes, search) and show all articles.
    ClearFilters,
    /// Mark the article read or unread.
    ToggleRead,
    /// Flag the article, or raise its priority (1, 2, 3, then off).
    Flag,
    /// Dismiss the article (hidden from the feed), or bring it back.
    Dismiss,
    /// Write a note on the article.
    EditNote,
    /// Cycle the view: all, unread, flagged, dismissed.
    CycleView,
    /// In a prompt: move the cursor one letter left (forward in Arabic).
    CursorLeft,
    /// In a prompt: move the cursor one letter right (back in Arabic).
    CursorRight,
    /// In a prompt: move the cursor one word left.
    WordLeft,
    /// In a prompt: move the cursor one word right.
    WordRight,
    /// In a prompt: to the start of the text.
    LineStart,
    /// In a prompt: to the end of the text.
    LineEnd,
    /// In a prompt: delete the letter at the cursor.
    DeleteForward,
    /// In a prompt: delete the word before the cursor.
    DeleteWordBack,
    /// In a prompt: delete from the start of the text to the cursor.
    DeleteToStart,
    /// In a prompt: delete from the cursor to the end of the text.
    DeleteToEnd,

    /// A character typed into the open prompt.
    #[serde(skip)]
    Input(char),
    /// Delete the character before the cursor of the open prompt.
    #[serde(skip)]
    InputBackspace,
    /// What the ingest side reported, stamped with when it reached the console.
    #[serde(skip)]
    Ingest(Box<IngestEvent>, SystemTime),
    /// Ranked search results for a query sent earlier.
    #[serde(skip)]
    SearchDone(SearchResults),
    /// Triage state written by this or another console, as read back from the store.
    #[serde(skip)]
    TriageLoaded(Vec<(ArticleId, Triage)>),
    /// The terminal changed size: the rows each pane now shows.
    #[serde(skip)]
    Resize(Viewport),
    /// The clock moved on (ages in the feed).
    #[serde(skip)]
    Tick(SystemTime),
}

impl Action {
    /// The bindable actions, in the order the help lists them.
    pub const BINDABLE: [Action; 36] = [
        Action::Up,
        Action::Down,
        Action::Top,
        Action::Bottom,
        Action::HalfPageDown,
        Action::HalfPageUp,
        Action::PageDown,
        Action::PageUp,
        Action::Open,
        Action::Back,
        Action::NextArticle,
        Action::PrevArticle,
        Action::FocusNext,
        Action::FocusPrev,
        Action::FocusProvinces,
        Action::FocusThemes,
        Action::ToggleItem,
        Action::ClearFilters,
        Action::Search,
        Action::CycleView,
        Action::ToggleRead,
        Action::Flag,
        Action::Dismiss,
        Action::EditNote,
        Action::ToggleHelp,
        Action::Quit,
        Action::CursorLeft,
        Action::CursorRight,
        Action::WordLeft,
        Action::WordRight,
        Action::LineStart,
        Action::LineEnd,
        Action::DeleteForward,
        Action::DeleteWordBack,
        Action::DeleteToStart,
        Action::DeleteToEnd,
    ];

    /// The config-file name of a bindable action (`half_page_down`).
    pub fn name(&self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::ToggleHelp => "toggle_help",
            Action::FocusNext => "focus_next",
            Action::FocusPrev => "focus_prev",
            Action::FocusProvinces => "focus_provinces",
            Action::FocusThemes => "focus_themes",
            Action::Up => "up",
            Action::Down => "down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::HalfPageDown => "half_page_down",
            Action::HalfPageUp => "half_page_up",
            Action::PageDown => "page_down",
            Action::PageUp => "page_up",
            Action::Open => "open",
            Action::Back => "back",
            Action::NextArticle => "next_article",
            Action::PrevArticle => "prev_article",
            Action::Search => "search",
            Action::ToggleItem => "toggle_item",
            Action::ClearFilters => "clear_filters",
            Action::ToggleRead => "toggle_read",
            Action::Flag => "flag",
            Action::Dismiss => "dismiss",
            Action::EditNote => "edit_note",
            Action::CycleView => "cycle_view",
            Action::CursorLeft => "cursor_left",
            Action::CursorRight => "cursor_right",
            Action::WordLeft => "word_left",
            Action::WordRight => "word_right",
            Action::LineStart => "line_start",
            Action::LineEnd => "line_end",
            Action::DeleteForward => "delete_forward",
            Action::DeleteWordBack => "delete_word_back",
            Action::DeleteToStart => "delete_to_start",
            Action::DeleteToEnd => "delete_to_end",
            _ => "",
        }
    }

    /// What a bindable action does, for `?` and the status bar's hints.
    pub fn description(&self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::ToggleHelp => "show/hide keys",
            Action::FocusNext => "next pane",
            Action::FocusPrev => "previous pane",
            Action::FocusProvinces => "provinces",
            Action::FocusThemes => "themes",
            Action::Up => "up",
            Action::Down => "down",
            Action::Top => "first",
            Action::Bottom => "last",
            Action::HalfPageDown => "half page down",
            Action::HalfPageUp => "half page up",
            Action::PageDown => "page down",
            Action::PageUp => "page up",
            Action::Open => "open",
            Action::Back => "back",
            Action::NextArticle => "next article",
            Action::PrevArticle => "previous article",
            Action::Search => "search",
            Action::ToggleItem => "toggle filter",
            Action::ClearFilters => "clear filters",
            Action::ToggleRead => "read/unread",
            Action::Flag => "flag (priority)",
            Action::Dismiss => "dismiss/restore",
            Action::EditNote => "note",
            Action::CycleView => "view",
            Action::CursorLeft => "cursor left",
            Action::CursorRight => "cursor right",
            Action::WordLeft => "word left",
            Action::WordRight => "word right",
            Action::LineStart => "start of text",
            Action::LineEnd => "end of text",
            Action::DeleteForward => "delete letter",
            Action::DeleteWordBack => "delete word",
            Action::DeleteToStart => "delete to start",
            Action::DeleteToEnd => "delete to end",
            _ => "",
        }
    }

    /// Whether two actions are the same bindable action (data-carrying ones never are).
    pub fn same_binding(&self, other: &Action) -> bool {
        !self.name().is_empty() && self.name() == other.name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_names_are_the_serde_names() {
        for action in &Action::BINDABLE {
            let json = serde_json::to_string(action).unwrap();
            assert_eq!(json, format!("\"{}\"", action.name()));
            assert!(!action.description().is_empty());
            let back: Action = serde_json::from_str(&json).unwrap();
            assert!(back.same_binding(action));
        }
    }
}
