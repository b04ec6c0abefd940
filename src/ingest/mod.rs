//! Finding article files and following the directory live.
//!
//! [`walk`] lists the backlog; [`start`] runs the backlog scan and then the watcher on their own
//! threads, parsing on a pool that uses both cores, and reports everything as [`IngestEvent`]s
//! on one channel. Consumers (the console, `scan --follow`) only read that channel.

pub mod walk;

use std::path::PathBuf;
use std::time::Duration;

use crate::article::{Article, ArticleId};
use crate::output::Change;

/// What the ingest side tells its consumer, in the order things happen.
#[derive(Debug, Clone)]
pub enum IngestEvent {
    /// Backlog progress: `done` of `total` files read so far.
    Progress { done: usize, total: usize },
    /// The backlog is read; from now on events are live.
    BacklogDone { files: usize, elapsed: Duration },
    /// A new article (`Added`) or a new version of one already seen at that path (`Changed`).
    /// A second copy of an article already shown under another name produces no event.
    Article {
        article: Box<Article>,
        change: Change,
    },
    /// The last file holding this article was deleted or moved out of the directory.
    Removed { path: String, id: ArticleId },
    /// Something the analyst should know: watcher mode, queue overflow and rescan, the
    /// directory vanished or came back, a directory that cannot be read.
    Notice(String),
}

/// How to ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    pub dir: PathBuf,
    /// Poll every this often instead of using inotify (network mounts).
    pub poll: Option<Duration>,
    /// Read cap per file.
    pub max_bytes: u64,
}
