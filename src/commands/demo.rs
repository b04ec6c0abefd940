//! `watchdesk demo`: the console on a temporary directory into which sample articles arrive
//! every second or two, so a newcomer sees the live feed with one command.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::cli::DemoArgs;
use crate::ingest::IngestOptions;
use crate::pipeline::Pipeline;

use crate::demo::Generator;

/// Stops the writer thread when dropped.
struct Writer {
    stop: Arc<AtomicBool>,
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Write one article the way a downloader should: under a hidden name, then renamed in, so
/// the watcher never reads half a file.
pub fn drop_article(dir: &Path, name: &str, text: &str) -> std::io::Result<()> {
    let hidden = dir.join(format!(".{name}.part"));
    std::fs::write(&hidden, text)?;
    std::fs::rename(&hidden, dir.join(name))
}

fn start_writer(dir: PathBuf, seed: u64) -> Writer {
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    std::thread::spawn(move || {
        let mut generator = Generator::new(seed);
        let mut n = 0u64;
        while !stopped.load(Ordering::SeqCst) {
            let (name, text) = generator.next_article();
            if let Err(e) = drop_article(&dir, &name, &text) {
                tracing::error!("demo: writing {name}: {e}");
                return;
            }
            n += 1;
            // One to two seconds apart, varied by the count (no clock-seeded randomness, so a
            // seed replays the same session).
            std::thread::sleep(Duration::from_millis(1000 + (n * 397 % 1000)));
        }
    });
    Writer { stop }
}

pub fn run(args: &DemoArgs, state: Option<PathBuf>) -> anyhow::Result<()> {
    let dir = tempfile::Builder::new()
        .prefix("watchdesk-demo-")
        .tempdir()?;
    // A demo's triage goes with its directory unless a state file is named.
    let state = state.or_else(|| Some(dir.path().join(".state.db")));
    let pipeline = Arc::new(Pipeline::new(crate::tag::Tagger::builtin()));
    let options = IngestOptions {
        dir: dir.path().to_path_buf(),
        poll: None,
        max_bytes: pipeline.max_bytes,
    };
    let (_ingest, events) = crate::ingest::start(options, pipeline.clone())?;
    let _writer = start_writer(dir.path().to_path_buf(), args.seed);
    super::console::run(dir.path(), pipeline, events, &args.console, state)
}
