//! The console's brain: what can happen ([`action`], [`event`]), what it knows ([`state`]),
//! how it changes ([`update`]), which key does what ([`keymap`]), and the search that runs
//! beside it ([`search`]). [`run`] is the event loop that ties them to the terminal.

pub mod action;
pub mod event;
pub mod keymap;
pub mod line_edit;
pub mod reader;
pub mod run;
pub mod search;
pub mod state;
pub mod store_link;
pub mod update;

pub use action::Action;
pub use event::Event;
pub use state::Model;
