//! Seeing other consoles' actions: a thread that asks SQLite, every [`WATCH_INTERVAL`],
//! whether anyone committed (`PRAGMA data_version`, which reads no table), and only then
//! fetches the new actions from the log.
//!
//! Polling this one pragma was chosen over watching the `-wal` file with inotify: it costs
//! microseconds, needs no reasoning about checkpoints truncating or restarting the WAL, and
//! sees writes from every process on the machine the same way.

use std::path::Path;
use std::thread::JoinHandle;
use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};

use super::{Change, Store, StoreError};

/// How often the watcher looks: four times a second keeps another console's action on
/// screen well within the one second the issue allows.
pub const WATCH_INTERVAL: Duration = Duration::from_millis(250);

/// What the watcher sends: new actions (one batch per look, oldest first), or why it could not
/// look. After an error it keeps trying, and reports the next error only once it has
/// succeeded again.
pub type StoreUpdate = Result<Vec<Change>, StoreError>;

/// The watcher thread. Dropping it stops the thread (within one interval) and waits for it.
pub struct StoreWatcher {
    /// Dropped to tell the thread to stop: its wait returns at once.
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl StoreWatcher {
    /// Watch the state file at `path` for actions after `since` (from [`Store::last_seq`],
    /// read before [`Store::load_all`]). Actions already after `since` are sent at once.
    /// The watcher has its own read-only connection; its channel is unbounded, so the thread
    /// never blocks on a slow consumer. It also stops at its next send after the receiver is
    /// dropped.
    pub fn spawn(
        path: &Path,
        since: u64,
        interval: Duration,
    ) -> Result<(StoreWatcher, Receiver<StoreUpdate>), StoreError> {
        let store = Store::open_reader(path, false)?;
        let (tx, rx) = crossbeam_channel::unbounded();
        let (stop, stopped) = crossbeam_channel::bounded::<()>(0);
        let thread = std::thread::Builder::new()
            .name("store-watcher".into())
            .spawn(move || watch(&store, since, interval, &tx, &stopped))
            .map_err(|source| StoreError::Io {
                path: path.to_path_buf(),
                source,
            })?;
        Ok((
            StoreWatcher {
                stop: Some(stop),
                thread: Some(thread),
            },
            rx,
        ))
    }
}

impl Drop for StoreWatcher {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn watch(
    store: &Store,
    mut seq: u64,
    interval: Duration,
    tx: &Sender<StoreUpdate>,
    stopped: &Receiver<()>,
) {
    // None forces a look at the log on the first round, for actions between the caller's
    // load and this thread's start.
    let mut version: Option<i64> = None;
    let mut failing = false;
    loop {
        let sent = match look(store, &mut version, &mut seq) {
            Ok(changes) => {
                failing = false;
                changes.is_empty() || tx.send(Ok(changes)).is_ok()
            }
            // Report a failure once, not every interval.
            Err(e) => std::mem::replace(&mut failing, true) || tx.send(Err(e)).is_ok(),
        };
        if !sent {
            return; // nobody listens any more
        }
        match stopped.recv_timeout(interval) {
            Err(RecvTimeoutError::Timeout) => {}
            _ => return,
        }
    }
}

/// New actions if the database changed since `version`.
fn look(
    store: &Store,
    version: &mut Option<i64>,
    seq: &mut u64,
) -> Result<Vec<Change>, StoreError> {
    let now = store.data_version()?;
    if *version == Some(now) {
        return Ok(Vec::new());
    }
    let (changes, next) = store.changes_since(*seq)?;
    *version = Some(now);
    *seq = next;
    Ok(changes)
}
