//! The ingest thread: watch, read the backlog, then follow, with one index of what is shown.
//!
//! It owns the watcher, the index and the parse pool; nothing else touches them, so there is
//! no lock. It waits on three things at once: notify's events, the stop signal (the
//! [`super::IngestHandle`] going away) and the next timer. Each wake-up takes every event
//! already queued as one *round*, so a burst of 20,000 renames is read in batches of
//! [`BATCH`] on the pool instead of one wake-up per file. Parsing never happens on the
//! consumer's thread: the consumer only receives [`IngestEvent`]s.

use std::collections::{HashMap, HashSet, VecDeque};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crossbeam_channel::{Receiver, Sender, TryRecvError, select};
use notify::{RecursiveMode, Watcher};
use rayon::prelude::*;

use super::IngestEvent;
use super::files::{Kind, Sig};
use super::later::Later;
use super::reader::{Outcome, Reader};
use super::state::{Effect, Index};
use super::walk::{self, Skipped};
use super::watcher::{self, Raw, Seen};
use crate::output::Change;

/// Files parsed per batch: enough to keep both cores busy, few enough that events (and
/// backlog progress) flow while a large backlog or burst is read.
const BATCH: usize = 512;
/// Most raw events taken into one round, so a never-ending stream still gets handled.
const ROUND: usize = 16_384;
/// How long a deletion or a move away waits before it is announced: a rename inside the
/// directory arrives as two events, and the new name should be seen before the old one goes
/// (then the article moves instead of disappearing and coming back).
const GRACE: Duration = Duration::from_millis(50);
/// A file found by a scan (not announced by a close or a rename) is read only once it has
/// not been written for this long, or has not changed for this long when looked at again.
const SETTLE: Duration = Duration::from_secs(1);
/// A new folder is read again this long after it appeared: files that landed in it before
/// notify had added its watch produce no event.
const RECHECK: Duration = Duration::from_millis(250);
/// How often to look for the watched directory while it is missing.
const ROOT_POLL: Duration = Duration::from_millis(250);
/// Polling interval when inotify runs out of watches.
const FALLBACK_POLL: Duration = Duration::from_secs(2);

/// The handle went away or the consumer stopped listening: the thread ends.
#[derive(Debug)]
pub struct Stopped;

pub struct Engine {
    reader: Reader,
    pool: rayon::ThreadPool,
    /// Shown in notices.
    dir: String,
    poll: Option<Duration>,
    settle: Duration,
    watcher: Option<Box<dyn Watcher + Send>>,
    raw_tx: Sender<Raw>,
    raw_rx: Receiver<Raw>,
    events: Sender<IngestEvent>,
    stop: Receiver<()>,
    index: Index,
    /// Files created or written and not closed yet (inotify): their close announces them.
    writing: HashSet<PathBuf>,
    /// Files found by a scan or a poll that were written too recently to trust: their
    /// signature and when it was taken. Read once it stops changing.
    settling: HashMap<PathBuf, (Sig, Instant)>,
    settle_due: Later<PathBuf>,
    departures: Later<PathBuf>,
    rechecks: Later<PathBuf>,
    /// When to look for the watched directory again, while it is missing.
    root_poll: Option<Instant>,
    /// Notices given once only (an unreadable folder, the watch limit).
    told: HashSet<String>,
}

/// What one wake-up's events asked for.
#[derive(Default)]
struct Round {
    rescan: bool,
    root_vanished: bool,
    complete: Vec<PathBuf>,
    renamed: HashSet<PathBuf>,
    gone: Vec<PathBuf>,
    new_dirs: Vec<PathBuf>,
    polled: Vec<PathBuf>,
}

pub struct Setup {
    pub reader: Reader,
    pub pool: rayon::ThreadPool,
    pub dir: String,
    pub poll: Option<Duration>,
    pub events: Sender<IngestEvent>,
    pub stop: Receiver<()>,
}

impl Engine {
    pub fn new(setup: Setup) -> Engine {
        let (raw_tx, raw_rx) = crossbeam_channel::unbounded();
        let settle = setup.poll.map_or(SETTLE, |p| p.max(SETTLE));
        Engine {
            reader: setup.reader,
            pool: setup.pool,
            dir: setup.dir,
            poll: setup.poll,
            settle,
            watcher: None,
            raw_tx,
            raw_rx,
            events: setup.events,
            stop: setup.stop,
            index: Index::default(),
            writing: HashSet::new(),
            settling: HashMap::new(),
            settle_due: Later::new(settle),
            departures: Later::new(GRACE),
            rechecks: Later::new(RECHECK),
            root_poll: None,
            told: HashSet::new(),
        }
    }

    pub fn run(mut self) {
        if let Err(Stopped) = self.serve() {
            tracing::debug!(dir = %self.dir, "ingest stopped");
        }
    }

    fn serve(&mut self) -> Result<(), Stopped> {
        let started = Instant::now();
        // The watcher starts before the backlog is walked, so a file dropped meanwhile is
        // seen by one or the other (or both: the index makes the second a no-op).
        if self.watch_root()? {
            let mode = match self.poll {
                Some(p) => format!("polling {} every {:.1} s", self.dir, p.as_secs_f64()),
                None => format!("watching {} (inotify)", self.dir),
            };
            self.notice(mode)?;
        } else {
            self.root_poll = Some(Instant::now() + ROOT_POLL);
        }
        let files = self.rescan(&HashSet::new(), true)?;
        self.emit(IngestEvent::BacklogDone {
            files,
            elapsed: started.elapsed(),
        })?;

        let raw_rx = self.raw_rx.clone();
        let mut seen = Vec::new();
        loop {
            let mut round = Round::default();
            if let Some(raw) = self.wait(&raw_rx)? {
                self.note_raw(raw, &mut round, &mut seen);
                for raw in raw_rx.try_iter().take(ROUND) {
                    self.note_raw(raw, &mut round, &mut seen);
                }
            }
            self.handle(round)?;
            self.run_timers()?;
        }
    }

    /// The next raw event, or `None` when a timer is due.
    fn wait(&self, raw_rx: &Receiver<Raw>) -> Result<Option<Raw>, Stopped> {
        let deadline = [
            self.departures.next_due(),
            self.settle_due.next_due(),
            self.rechecks.next_due(),
            self.root_poll,
        ]
        .into_iter()
        .flatten()
        .min();
        let timer = deadline.map_or_else(crossbeam_channel::never, crossbeam_channel::at);
        select! {
            // `raw_tx` lives in `self`, so this channel never disconnects.
            recv(raw_rx) -> raw => Ok(raw.ok()),
            recv(self.stop) -> _ => Err(Stopped),
            recv(timer) -> _ => Ok(None),
        }
    }

    fn note_raw(&mut self, raw: Raw, round: &mut Round, seen: &mut Vec<Seen>) {
        let event = match raw {
            Ok(event) => event,
            Err(e) => return self.watch_error(e, round),
        };
        watcher::interpret(&event, self.reader.root(), self.poll.is_some(), seen);
        for s in seen.drain(..) {
            match s {
                Seen::Complete { rel, renamed } => {
                    self.writing.remove(&rel);
                    if renamed {
                        round.renamed.insert(rel.clone());
                    }
                    round.complete.push(rel);
                }
                Seen::Gone(rel) => {
                    self.writing.remove(&rel);
                    round.gone.push(rel);
                }
                Seen::NewDir(rel) => round.new_dirs.push(rel),
                Seen::Created(rel) => {
                    if self.is_link(&rel) {
                        // A symlink or hard link points at content already written whole.
                        round.complete.push(rel);
                    } else {
                        self.writing.insert(rel);
                    }
                }
                Seen::Writing(rel) => {
                    self.writing.insert(rel);
                }
                Seen::Attrib(rel) => {
                    if self.index.errored(&rel) && !self.writing.contains(&rel) {
                        round.complete.push(rel);
                    }
                }
                Seen::Polled(rel) => round.polled.push(rel),
                Seen::RootVanished => round.root_vanished = true,
                Seen::Rescan => round.rescan = true,
            }
        }
    }

    fn is_link(&self, rel: &Path) -> bool {
        std::fs::symlink_metadata(self.reader.root().join(rel))
            .is_ok_and(|m| m.file_type().is_symlink() || (m.is_file() && m.nlink() > 1))
    }

    fn watch_error(&mut self, e: notify::Error, round: &mut Round) {
        tracing::warn!(error = %e, "watcher error");
        if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) {
            // Only the new folders go unwatched; the next notice would say the same.
            let message = format!(
                "inotify watch limit reached (fs.inotify.max_user_watches): new folders in {} \
                 are read once but not followed; raise the limit or use --poll",
                self.dir
            );
            if self.told.insert(message.clone()) {
                let _ = self.events.send(IngestEvent::Notice(message));
            }
        } else if !self.reader.root().is_dir() {
            round.root_vanished = true;
        } else if self.poll.is_none() {
            // inotify could not be read: events may be lost.
            round.rescan = true;
        }
    }

    fn handle(&mut self, round: Round) -> Result<(), Stopped> {
        if round.root_vanished {
            // A full reconcile covers whatever else the round held.
            return self.root_vanished();
        }
        if round.rescan {
            self.notice(format!(
                "file events were lost (queue overflow): rescanning {}",
                self.dir
            ))?;
            // Closes may be among the lost events: fall back on the settle rule.
            self.writing.clear();
            // The walk may beat notify to a new folder's watch.
            let now = Instant::now();
            for rel in round.new_dirs {
                self.rechecks.push(now, rel);
            }
            let trusted: HashSet<PathBuf> = round.complete.into_iter().collect();
            return self.rescan(&trusted, false).map(drop);
        }
        let now = Instant::now();
        for rel in round.gone {
            self.departures.push(now, rel);
        }
        for rel in &round.new_dirs {
            self.scan_dir(rel, false, true)?;
        }
        let mut arrivals = Vec::new();
        for rel in round.polled {
            if let Kind::File(sig) = self.reader.examine(&rel) {
                self.consider(rel, sig, false, &mut arrivals);
            }
        }
        arrivals.extend(round.complete);
        self.parse(arrivals, &round.renamed, None)
    }

    /// Read the whole directory and make the index match it: new or changed files are read
    /// (`trusted` ones at once, others by the settle rule), vanished ones removed. The backlog
    /// is the first rescan, with progress. Returns the number of files found.
    fn rescan(&mut self, trusted: &HashSet<PathBuf>, backlog: bool) -> Result<usize, Stopped> {
        let root = self.reader.root().to_path_buf();
        let found = match walk::walk(&root) {
            Ok((found, skipped)) => {
                self.report_skipped(&skipped)?;
                found
            }
            // Gone: everything it held is gone too.
            Err(_) if !root.is_dir() => Vec::new(),
            Err(e) => {
                self.notice(format!("cannot read {}: {e}", self.dir))?;
                return Ok(0);
            }
        };
        let rels = relative(&root, found.into_iter().map(|f| f.path));
        let total = rels.len();
        if backlog {
            self.emit(IngestEvent::Progress { done: 0, total })?;
        }
        let arrivals = self.sift(&rels, &|rel| trusted.contains(rel));
        let done = total - arrivals.len();
        self.parse(arrivals, &HashSet::new(), backlog.then_some((done, total)))?;
        // Departures after arrivals: an article renamed while events were lost then moves
        // to its new name instead of vanishing and coming back.
        let present: HashSet<&PathBuf> = rels.iter().collect();
        let gone: Vec<PathBuf> = self
            .index
            .paths()
            .filter(|p| !present.contains(p))
            .cloned()
            .collect();
        let effects = self.index.remove(&gone);
        self.apply(effects)?;
        Ok(total)
    }

    /// Read a folder that appeared (`trusted`: renamed in whole, so its files are complete).
    fn scan_dir(&mut self, rel: &Path, trusted: bool, first_look: bool) -> Result<(), Stopped> {
        if self.reader.examine(rel) != Kind::Dir {
            // Gone again, or replaced by a file: its own events tell.
            return Ok(());
        }
        if first_look {
            self.rechecks.push(Instant::now(), rel.to_path_buf());
        }
        let root = self.reader.root().to_path_buf();
        let Ok((found, skipped)) = walk::walk_from(&root, &root.join(rel)) else {
            return Ok(());
        };
        self.report_skipped(&skipped)?;
        let rels = relative(&root, found.into_iter().map(|f| f.path));
        let arrivals = self.sift(&rels, &|_| trusted);
        self.parse(arrivals, &HashSet::new(), None)
    }

    /// Which of `rels` (found by a walk) to read now; the rest settle or are unchanged.
    fn sift(&mut self, rels: &[PathBuf], trusted: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
        let kinds: Vec<Kind> = {
            let reader = &self.reader;
            self.pool
                .install(|| rels.par_iter().map(|rel| reader.examine(rel)).collect())
        };
        let mut arrivals = Vec::new();
        for (rel, kind) in rels.iter().zip(kinds) {
            if let Kind::File(sig) = kind {
                self.consider(rel.clone(), sig, trusted(rel), &mut arrivals);
            }
        }
        arrivals
    }

    /// A file found by a scan or a poll: read it now, later, or not at all.
    fn consider(&mut self, rel: PathBuf, sig: Sig, trusted: bool, arrivals: &mut Vec<PathBuf>) {
        if self.index.sig(&rel) == Some(sig) || self.writing.contains(&rel) {
            // Unchanged since it was read, or its close will announce it.
            return;
        }
        // A file indexed under another name was moved here, not written: it is complete.
        if trusted || self.index.knows_file(&sig) || sig.settled(SystemTime::now(), self.settle) {
            arrivals.push(rel);
            return;
        }
        let now = Instant::now();
        match self.settling.get(&rel) {
            Some((known, _)) if *known == sig => {}
            Some(_) => {
                self.settling.insert(rel, (sig, now));
            }
            None => {
                self.settling.insert(rel.clone(), (sig, now));
                self.settle_due.push(now, rel);
            }
        }
    }

    /// Read `arrivals` on the pool, batch by batch, and announce what changed.
    fn parse(
        &mut self,
        mut arrivals: Vec<PathBuf>,
        renamed: &HashSet<PathBuf>,
        progress: Option<(usize, usize)>,
    ) -> Result<(), Stopped> {
        let mut unique = HashSet::new();
        arrivals.retain(|rel| unique.insert(rel.clone()));
        let mut dirs = Vec::new();
        let mut done = progress.map_or(0, |(done, _)| done);
        for batch in arrivals.chunks(BATCH) {
            self.check_stop()?;
            let outcomes: Vec<Outcome> = {
                let reader = &self.reader;
                self.pool
                    .install(|| batch.par_iter().map(|rel| reader.read(rel)).collect())
            };
            for (rel, outcome) in batch.iter().zip(outcomes) {
                self.settling.remove(rel);
                match outcome {
                    Outcome::Article(article, sig) => {
                        let effects = self.index.insert(rel, *article, sig);
                        self.apply(effects)?;
                    }
                    Outcome::Dir => {
                        if self.index.contains(rel) {
                            self.departures.push(Instant::now(), rel.clone());
                        }
                        dirs.push(rel.clone());
                    }
                    Outcome::Nothing => {
                        if !self.index.tree(rel).is_empty() {
                            self.departures.push(Instant::now(), rel.clone());
                        }
                    }
                }
            }
            if let Some((_, total)) = progress {
                done += batch.len();
                self.emit(IngestEvent::Progress { done, total })?;
            }
        }
        for rel in dirs {
            self.scan_dir(&rel, renamed.contains(&rel), true)?;
        }
        Ok(())
    }

    /// Tell the consumer what the index says changed.
    fn apply(&mut self, effects: Vec<Effect>) -> Result<(), Stopped> {
        let mut work = VecDeque::from(effects);
        while let Some(effect) = work.pop_front() {
            match effect {
                Effect::Added(article) => self.emit(IngestEvent::Article {
                    article,
                    change: Change::Added,
                })?,
                Effect::Changed(article) => self.emit(IngestEvent::Article {
                    article,
                    change: Change::Changed,
                })?,
                Effect::Removed { rel, id } => self.emit(IngestEvent::Removed {
                    path: self.reader.shown(&rel),
                    id,
                })?,
                Effect::Moved { id, rel } => {
                    let outcome = {
                        let reader = &self.reader;
                        self.pool.install(|| reader.read(&rel))
                    };
                    match outcome {
                        Outcome::Article(article, sig) if article.id == id => {
                            self.index.refresh(&rel, sig);
                            self.emit(IngestEvent::Article {
                                article,
                                change: Change::Changed,
                            })?;
                        }
                        // The other copy changed too and its own event is still queued:
                        // take it as it is now.
                        Outcome::Article(article, sig) => {
                            work.extend(self.index.remove(std::slice::from_ref(&rel)));
                            work.extend(self.index.insert(&rel, *article, sig));
                        }
                        _ => work.extend(self.index.remove(&[rel])),
                    }
                }
            }
        }
        Ok(())
    }

    fn run_timers(&mut self) -> Result<(), Stopped> {
        let now = Instant::now();
        let due = self.departures.take_due(now);
        if !due.is_empty() {
            // A file moved into a folder that is not watched yet leaves only its departure
            // behind: look in the new folders first, so it moves instead of going.
            let fresh: Vec<PathBuf> = self.rechecks.pending().cloned().collect();
            for rel in fresh {
                self.scan_dir(&rel, false, false)?;
            }
        }
        let mut doomed = Vec::new();
        for rel in due {
            for path in self.index.tree(&rel) {
                if !self.still_there(&path) {
                    doomed.push(path);
                }
            }
        }
        if !doomed.is_empty() {
            doomed.sort();
            doomed.dedup();
            let effects = self.index.remove(&doomed);
            self.apply(effects)?;
        }

        let mut arrivals = Vec::new();
        for rel in self.settle_due.take_due(now) {
            let Some(&(sig, seen)) = self.settling.get(&rel) else {
                continue;
            };
            if self.writing.contains(&rel) {
                self.settling.remove(&rel);
            } else if now.duration_since(seen) < self.settle {
                // It changed since it was queued: wait again.
                self.settle_due.push(now, rel);
            } else {
                match self.reader.examine(&rel) {
                    Kind::File(current) if current == sig => {
                        self.settling.remove(&rel);
                        arrivals.push(rel);
                    }
                    Kind::File(current) => {
                        self.settling.insert(rel.clone(), (current, now));
                        self.settle_due.push(now, rel);
                    }
                    _ => {
                        self.settling.remove(&rel);
                    }
                }
            }
        }
        self.parse(arrivals, &HashSet::new(), None)?;

        for rel in self.rechecks.take_due(now) {
            self.scan_dir(&rel, false, false)?;
        }
        if self.root_poll.is_some_and(|due| due <= now) {
            self.root_poll = None;
            self.reconcile_root()?;
        }
        Ok(())
    }

    /// Whether the file indexed at `rel` is still there (rewritten in place counts).
    fn still_there(&self, rel: &Path) -> bool {
        match (self.reader.examine(rel), self.index.sig(rel)) {
            (Kind::File(now), Some(then)) => now.same_file(&then),
            _ => false,
        }
    }

    fn root_vanished(&mut self) -> Result<(), Stopped> {
        if let Some(watcher) = self.watcher.as_mut() {
            // Moved away, inotify would go on reporting from where it went, under the old
            // name. Deleted, notify has dropped the watch already; the error says so.
            let _ = watcher.unwatch(self.reader.root());
        }
        self.writing.clear();
        self.settling.clear();
        self.settle_due.clear();
        self.departures.clear();
        self.rechecks.clear();
        self.notice(format!(
            "{} was deleted or moved away: waiting for it to come back",
            self.dir
        ))?;
        self.reconcile_root()
    }

    /// Watch the directory again if it is back, and make the index match what it holds now
    /// (nothing, while it is missing).
    fn reconcile_root(&mut self) -> Result<(), Stopped> {
        let back = self.reader.root().is_dir() && self.watch_root()?;
        if back {
            self.reader.refresh_canonical_root();
            self.notice(format!("{} is back: rescanning", self.dir))?;
        } else {
            self.root_poll = Some(Instant::now() + ROOT_POLL);
        }
        self.rescan(&HashSet::new(), false).map(drop)
    }

    /// Start watching the directory (recursively); false if it is not there.
    fn watch_root(&mut self) -> Result<bool, Stopped> {
        let root = self.reader.root().to_path_buf();
        let watcher = match self.watcher.as_mut() {
            Some(watcher) => watcher,
            None => match watcher::make(self.poll, self.raw_tx.clone()) {
                Ok(watcher) => self.watcher.insert(watcher),
                Err(e) => {
                    self.notice(format!("cannot watch {}: {e}", self.dir))?;
                    return Ok(false);
                }
            },
        };
        match watcher.watch(&root, RecursiveMode::Recursive) {
            Ok(()) => Ok(true),
            Err(e) if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) && self.poll.is_none() => {
                self.watcher = None;
                self.poll = Some(FALLBACK_POLL);
                self.settle = FALLBACK_POLL.max(SETTLE);
                self.settle_due = Later::new(self.settle);
                self.settling.clear();
                self.notice(format!(
                    "inotify watch limit reached (fs.inotify.max_user_watches): polling {} \
                     every {} s instead",
                    self.dir,
                    FALLBACK_POLL.as_secs()
                ))?;
                self.watch_root()
            }
            Err(_) if !root.is_dir() => Ok(false),
            Err(e) => {
                // Some sub-folder refused a watch; the rest are watched.
                self.notice(format!(
                    "some folders of {} cannot be watched: {e}",
                    self.dir
                ))?;
                Ok(true)
            }
        }
    }

    fn report_skipped(&mut self, skipped: &Skipped) -> Result<(), Stopped> {
        if skipped.outside_links + skipped.loops + skipped.special_files > 0 {
            tracing::debug!(?skipped, "walk skipped entries");
        }
        for dir in &skipped.unreadable_dirs {
            let message = format!("cannot read folder {dir}");
            if self.told.insert(message.clone()) {
                self.notice(message)?;
            }
        }
        Ok(())
    }

    fn notice(&self, message: String) -> Result<(), Stopped> {
        tracing::info!(%message, "ingest notice");
        self.emit(IngestEvent::Notice(message))
    }

    fn emit(&self, event: IngestEvent) -> Result<(), Stopped> {
        self.events.send(event).map_err(|_| Stopped)
    }

    fn check_stop(&self) -> Result<(), Stopped> {
        match self.stop.try_recv() {
            Err(TryRecvError::Disconnected) => Err(Stopped),
            _ => Ok(()),
        }
    }
}

/// `paths` (found under `root`) relative to it.
fn relative(root: &Path, paths: impl Iterator<Item = PathBuf>) -> Vec<PathBuf> {
    paths
        .filter_map(|p| p.strip_prefix(root).ok().map(Path::to_path_buf))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use notify::EventKind;
    use notify::event::Flag;

    use super::*;
    use crate::pipeline::Pipeline;
    use crate::tag::Tagger;

    fn write_old(path: &Path, text: &str) {
        std::fs::write(path, text).unwrap();
        let old = SystemTime::now() - Duration::from_secs(7200);
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(old).unwrap();
    }

    /// Article events up to the `n`th notice, as "added b.txt" / "removed a.txt".
    fn until_notices(events: &Receiver<IngestEvent>, mut n: usize) -> Vec<String> {
        let mut seen = Vec::new();
        while n > 0 {
            match events.recv_timeout(Duration::from_secs(20)).unwrap() {
                IngestEvent::Notice(_) => n -= 1,
                IngestEvent::Article { article, change } => {
                    let name = article.path.rsplit('/').next().unwrap().to_string();
                    seen.push(format!("{} {name}", change.as_str()));
                }
                IngestEvent::Removed { path, .. } => {
                    seen.push(format!("removed {}", path.rsplit('/').next().unwrap()));
                }
                _ => {}
            }
        }
        seen
    }

    /// What inotify's queue overflow leads to: the index is made to match the directory,
    /// with nothing lost and nothing twice, however often it happens.
    #[test]
    fn a_rescan_after_lost_events_adds_and_removes_what_was_missed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        write_old(&root.join("a.txt"), "عنوان أ\nانفجار في الموصل\n");
        let (events_tx, events) = crossbeam_channel::unbounded();
        let (stop_tx, stop) = crossbeam_channel::bounded(0);
        let pipeline = Arc::new(Pipeline::new(Tagger::builtin()));
        // Polling once an hour: the watcher reports nothing while the test runs, as if
        // every event had been lost.
        let engine = Engine::new(Setup {
            reader: Reader::new(pipeline, root.clone(), root.clone(), 1 << 20),
            pool: rayon::ThreadPoolBuilder::new()
                .num_threads(2)
                .build()
                .unwrap(),
            dir: "test".into(),
            poll: Some(Duration::from_secs(3600)),
            events: events_tx,
            stop,
        });
        let raw = engine.raw_tx.clone();
        let thread = std::thread::spawn(move || engine.run());
        let overflow = || {
            let event = notify::Event::new(EventKind::Other).set_flag(Flag::Rescan);
            raw.send(Ok(event)).unwrap();
        };

        // The mode notice, then the backlog; the first overflow's notice follows it.
        overflow();
        assert_eq!(until_notices(&events, 2), ["added a.txt"]);

        std::fs::remove_file(root.join("a.txt")).unwrap();
        write_old(&root.join("b.txt"), "عنوان ب\nاشتباكات في كركوك\n");
        write_old(&root.join("c.txt"), "عنوان ج\nاعتقال في البصرة\n");
        // A rescan's notice comes first, its findings after: each overflow below is sent once
        // the previous one's notice is in, so it is handled after that rescan has finished.
        overflow();
        assert!(until_notices(&events, 1).is_empty());
        overflow();
        let mut seen = until_notices(&events, 1);
        seen.sort();
        assert_eq!(seen, ["added b.txt", "added c.txt", "removed a.txt"]);
        overflow();
        assert!(
            until_notices(&events, 1).is_empty(),
            "the second rescan found changes"
        );

        drop(stop_tx);
        thread.join().unwrap();
    }
}
