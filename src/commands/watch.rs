//! `watchdesk watch DIR`: the console on a directory.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::cli::WatchArgs;
use crate::ingest::IngestOptions;
use crate::pipeline::Pipeline;

pub fn run(args: &WatchArgs, state: Option<PathBuf>) -> anyhow::Result<()> {
    if !args.dir.is_dir() {
        anyhow::bail!("{}: not a directory", args.dir.display());
    }
    let mut pipeline = Pipeline::new(super::load_tagger(&args.lexicon)?);
    pipeline.max_bytes = args.max_bytes;
    let pipeline = Arc::new(pipeline);
    let options = IngestOptions {
        dir: args.dir.clone(),
        poll: args.poll.map(Duration::from_secs_f64),
        max_bytes: args.max_bytes,
    };
    let (_ingest, events) = crate::ingest::start(options, pipeline.clone())?;
    super::console::run(&args.dir, pipeline, events, &args.console, state)
}
