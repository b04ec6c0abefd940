//! TEMPORARY stand-in for `ingest::start` (branch `ingest`), same signature, so the console
//! runs before the live watcher lands: it reads the backlog, then re-lists the directory every
//! second (or every `poll`) for new, changed and removed files. Deleted when `ingest` is merged.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use crossbeam_channel::{Receiver, Sender, unbounded};

use crate::ingest::{IngestEvent, IngestOptions, walk};
use crate::output::Change;
use crate::pipeline::Pipeline;

/// Stops the thread when dropped.
pub struct IngestHandle {
    stop: Arc<AtomicBool>,
}

impl Drop for IngestHandle {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

pub fn start(
    options: IngestOptions,
    pipeline: Arc<Pipeline>,
) -> anyhow::Result<(IngestHandle, Receiver<IngestEvent>)> {
    let (tx, rx) = unbounded();
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    std::thread::Builder::new()
        .name("ingest-shim".into())
        .spawn(move || follow(&options, &pipeline, &tx, &stopped))?;
    Ok((IngestHandle { stop }, rx))
}

type Seen = HashMap<String, (SystemTime, crate::article::ArticleId)>;

fn follow(
    options: &IngestOptions,
    pipeline: &Pipeline,
    tx: &Sender<IngestEvent>,
    stop: &AtomicBool,
) {
    let started = Instant::now();
    let mut seen: Seen = HashMap::new();
    let files = scan(options, pipeline, tx, &mut seen, true);
    let _ = tx.send(IngestEvent::BacklogDone {
        files,
        elapsed: started.elapsed(),
    });
    let mode = match options.poll {
        Some(p) => format!("polling every {}s", p.as_secs_f64()),
        None => "polling every 1s (temporary watcher)".to_string(),
    };
    let _ = tx.send(IngestEvent::Notice(mode));
    let every = options.poll.unwrap_or(Duration::from_secs(1));
    while !stop.load(Ordering::SeqCst) {
        std::thread::sleep(every);
        scan(options, pipeline, tx, &mut seen, false);
    }
}

fn scan(
    options: &IngestOptions,
    pipeline: &Pipeline,
    tx: &Sender<IngestEvent>,
    seen: &mut Seen,
    backlog: bool,
) -> usize {
    let Ok((found, _)) = walk::walk(&options.dir) else {
        return 0;
    };
    let total = found.len();
    let mut present = std::collections::HashSet::new();
    for (i, f) in found.iter().enumerate() {
        present.insert(f.shown.clone());
        let mtime = std::fs::metadata(&f.path)
            .and_then(|m| m.modified())
            .unwrap_or(SystemTime::UNIX_EPOCH);
        let change = match seen.get(&f.shown) {
            None => Change::Added,
            Some((t, _)) if *t != mtime => Change::Changed,
            Some(_) => continue,
        };
        let article = pipeline.process_file(&f.path, &f.shown);
        seen.insert(f.shown.clone(), (mtime, article.id));
        let _ = tx.send(IngestEvent::Article {
            article: Box::new(article),
            change,
        });
        if backlog && (i + 1) % 100 == 0 {
            let _ = tx.send(IngestEvent::Progress { done: i + 1, total });
        }
    }
    let gone: Vec<String> = seen
        .keys()
        .filter(|p| !present.contains(*p))
        .cloned()
        .collect();
    for path in gone {
        if let Some((_, id)) = seen.remove(&path) {
            let _ = tx.send(IngestEvent::Removed { path, id });
        }
    }
    total
}
