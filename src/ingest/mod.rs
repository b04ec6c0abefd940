//! Finding article files and following the directory live.
//!
//! [`walk`] lists the backlog; [`start`] runs the backlog scan and then the watcher on their own
//! threads, parsing on a pool that uses both cores, and reports everything as [`IngestEvent`]s
//! on one channel. Consumers (the console, `scan --follow`) only read that channel.
//!
//! Inside: [`watcher`] (notify, and what its events mean), `engine` (the ingest thread),
//! `state` (which file holds which article), `reader` (one file -> one article, on the
//! pool), `files` (what is at a path, and whether it changed), `later` (timers).

mod engine;
mod files;
mod later;
mod reader;
mod state;
pub mod walk;
mod watcher;

use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::Context;
use crossbeam_channel::{Receiver, Sender};

use crate::article::{Article, ArticleId};
use crate::output::Change;
use crate::pipeline::Pipeline;

/// What the ingest side tells its consumer, in the order things happen.
///
/// A consumer keeps one row per article id. `Added` adds a row. `Changed` replaces the row
/// with the article's id if there is one (the article now shows under another path, because
/// the copy it was shown at went), else the row showing the article's path (the file was
/// rewritten, so the id changed). `Removed` drops the row with that id.
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

/// Keeps ingest running. Dropping it stops the watcher, the ingest thread and the parse
/// pool. It waits for the thread, which stops at the end of the batch of files or the
/// directory walk it is in (milliseconds on a local disk; longer on a slow network mount).
pub struct IngestHandle {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for IngestHandle {
    fn drop(&mut self) {
        // Nothing is ever sent: the ingest thread sees the channel close.
        drop(self.stop.take());
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("the ingest thread panicked");
        }
    }
}

/// Start ingesting `options.dir`: returns at once; the backlog, then live changes, arrive on
/// the receiver. Fails only if the directory is not there or threads cannot start.
pub fn start(
    options: IngestOptions,
    pipeline: Arc<Pipeline>,
) -> anyhow::Result<(IngestHandle, Receiver<IngestEvent>)> {
    let dir = &options.dir;
    let meta = std::fs::metadata(dir).with_context(|| dir.display().to_string())?;
    anyhow::ensure!(meta.is_dir(), "{}: not a directory", dir.display());
    let root = std::path::absolute(dir).with_context(|| dir.display().to_string())?;
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("watchdesk-parse-{i}"))
        .build()?;
    let (events_tx, events_rx) = crossbeam_channel::unbounded();
    let (stop_tx, stop_rx) = crossbeam_channel::bounded(0);
    let engine = engine::Engine::new(engine::Setup {
        reader: reader::Reader::new(pipeline, dir.clone(), root, options.max_bytes),
        pool,
        dir: dir.display().to_string(),
        poll: options.poll,
        events: events_tx,
        stop: stop_rx,
    });
    let thread = std::thread::Builder::new()
        .name("watchdesk-ingest".into())
        .spawn(move || engine.run())?;
    Ok((
        IngestHandle {
            stop: Some(stop_tx),
            thread: Some(thread),
        },
        events_rx,
    ))
}
