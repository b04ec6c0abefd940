//! watchdesk: a terminal console for watch-desk analysts triaging Arabic news about Iraq.
//!
//! Data flows one way: files -> [`ingest`] -> [`parse`] -> [`tag`] -> app state -> ui.
//! [`pipeline`] joins parse and tag for one file; [`output`] prints records.

pub mod app;
pub mod article;
pub mod cli;
pub mod commands;
pub mod config;
pub mod demo;
pub mod ingest;
pub mod logging;
pub mod output;
pub mod parse;
pub mod pipeline;
pub mod store;
pub mod tag;
pub mod text;
pub mod tui;
pub mod ui;
