//! `watchdesk scan DIR [--json] [--follow]`: the pipeline, headless.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use crossbeam_channel::{Receiver, select};
use rayon::prelude::*;

use crate::cli::ScanArgs;
use crate::ingest::{self, IngestEvent, IngestOptions, walk};
use crate::output;
use crate::pipeline::Pipeline;

/// Files processed in parallel per batch: large enough to keep both cores busy, small enough
/// that memory does not grow with the size of the backlog.
const BATCH: usize = 512;

/// Batches the directory walk may have ready beyond the one being processed: enough that
/// the workers never wait on a slow `readdir`, few enough that the walk cannot run ahead
/// with a copy of the whole tree.
const BATCHES_AHEAD: usize = 2;

/// With --follow, most lines written between two flushes (while events are queued).
const FLUSH_EVERY: usize = 1024;

pub fn run(args: &ScanArgs) -> anyhow::Result<()> {
    let mut pipeline = Pipeline::new(super::load_tagger(&args.lexicon)?);
    pipeline.max_bytes = args.max_bytes;
    let one_file = std::fs::metadata(&args.dir).is_ok_and(|m| m.is_file());
    if args.follow {
        anyhow::ensure!(
            !one_file,
            "{}: --follow watches a directory, not a file",
            crate::text::sanitize_line(&args.dir.display().to_string())
        );
        return follow(args, pipeline);
    }
    if one_file {
        let found = walk::Found {
            path: args.dir.clone(),
            shown: args.dir.display().to_string(),
        };
        let tally = write_records(&pipeline, args, [vec![found]])?;
        print_summary(args, &tally);
        return Ok(());
    }
    // The walk runs on its own thread and hands over files in path order as it finds them,
    // so processing starts at once and only a few batches of paths are ever held.
    let stream = walk::Stream::start(&args.dir, BATCH, BATCHES_AHEAD)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.dir.display()))?;
    let tally = write_records(&pipeline, args, stream.batches())?;
    let skipped = stream.finish();
    tracing::info!(files = tally.files, ?skipped, dir = %args.dir.display(), "scan");
    print_summary(args, &tally);
    for dir in &skipped.unreadable_dirs {
        eprintln!(
            "watchdesk: skipped unreadable directory {}",
            crate::text::sanitize_line(dir)
        );
    }
    Ok(())
}

/// The records of `batches` on stdout, in order (the table's header first, without --json).
fn write_records(
    pipeline: &Pipeline,
    args: &ScanArgs,
    batches: impl IntoIterator<Item = Vec<walk::Found>>,
) -> anyhow::Result<Tally> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    if !args.json {
        output::write_table_header(&mut out)?;
    }
    let mut tally = Tally::default();
    for batch in batches {
        for (failed, line) in render(pipeline, args, &batch) {
            tally.files += 1;
            tally.errors += usize::from(failed);
            out.write_all(&line)?;
        }
    }
    out.flush()?;
    Ok(tally)
}

/// The closing line of the table output (JSON Lines have none: every line is a record).
fn print_summary(args: &ScanArgs, tally: &Tally) {
    if !args.json {
        eprintln!("{} files, {} with errors", tally.files, tally.errors);
    }
}

/// Files written and how many of them had errors, for the closing summary.
#[derive(Default)]
struct Tally {
    files: usize,
    errors: usize,
}

/// One batch of files, processed and rendered on the pool, in the batch's order: each line
/// with whether its file had an error. Each worker renders its record too, so the writing
/// thread only copies bytes out.
fn render(pipeline: &Pipeline, args: &ScanArgs, batch: &[walk::Found]) -> Vec<(bool, Vec<u8>)> {
    batch
        .par_iter()
        .map(|f| {
            let article = pipeline.process_file(&f.path, &f.shown);
            let mut line = Vec::with_capacity(1024);
            let written = if args.json {
                output::write_json(&mut line, &article, None, args.body)
            } else {
                output::write_table_row(&mut line, &article)
            };
            written.expect("writing to memory cannot fail");
            (article.error.is_some(), line)
        })
        .collect()
}

/// `scan --follow`: the backlog, then every change, as ingest reports them, until SIGINT or
/// SIGTERM (a normal end: exit 0).
fn follow(args: &ScanArgs, pipeline: Pipeline) -> anyhow::Result<()> {
    let poll = args.poll.map(poll_interval).transpose()?;
    let interrupted = on_interrupt()?;
    let options = IngestOptions {
        dir: args.dir.clone(),
        poll,
        max_bytes: args.max_bytes,
    };
    let (ingest, events) = ingest::start(options, Arc::new(pipeline))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    if !args.json {
        output::write_event_table_header(&mut out)?;
        out.flush()?;
    }
    loop {
        let event = select! {
            recv(interrupted) -> _ => None,
            recv(events) -> event => event.ok(),
        };
        let Some(event) = event else { break };
        print_event(&mut out, args, event)?;
        // Write whatever else is queued, then flush: a live event reaches the reader as soon
        // as it is written, and a backlog or a burst is not one write(2) per line.
        for event in events.try_iter().take(FLUSH_EVERY) {
            print_event(&mut out, args, event)?;
        }
        out.flush()?;
    }
    drop(ingest);
    Ok(())
}

fn print_event(out: &mut impl Write, args: &ScanArgs, event: IngestEvent) -> std::io::Result<()> {
    match event {
        IngestEvent::Article { article, change } if args.json => {
            output::write_json(out, &article, Some(change), args.body)
        }
        IngestEvent::Article { article, change } => output::write_event_row(out, change, &article),
        IngestEvent::Removed { path, id } if args.json => {
            output::write_removed_json(out, &path, id)
        }
        IngestEvent::Removed { path, .. } => output::write_removed_row(out, &path),
        IngestEvent::Notice(message) => {
            eprintln!("watchdesk: {}", crate::text::sanitize_line(&message));
            Ok(())
        }
        IngestEvent::BacklogDone { files, elapsed } if !args.json => {
            eprintln!(
                "{files} files read in {:.1} s; following {} (Ctrl-C to stop)",
                elapsed.as_secs_f64(),
                crate::text::sanitize_line(&args.dir.display().to_string())
            );
            Ok(())
        }
        IngestEvent::BacklogDone { .. } | IngestEvent::Progress { .. } => Ok(()),
    }
}

fn poll_interval(secs: f64) -> anyhow::Result<Duration> {
    anyhow::ensure!(secs > 0.0, "--poll takes a number of seconds above 0");
    Duration::try_from_secs_f64(secs).context("--poll")
}

/// A channel that receives once SIGINT or SIGTERM arrives. The handlers are in place when this
/// returns, so an interrupt during the backlog ends the command normally instead of killing it.
fn on_interrupt() -> anyhow::Result<Receiver<()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (mut interrupt, mut terminate) = {
        let _context = runtime.enter();
        (
            signal(SignalKind::interrupt())?,
            signal(SignalKind::terminate())?,
        )
    };
    let (tx, rx) = crossbeam_channel::bounded(1);
    std::thread::Builder::new()
        .name("watchdesk-signals".into())
        .spawn(move || {
            runtime.block_on(async {
                tokio::select! {
                    _ = interrupt.recv() => {}
                    _ = terminate.recv() => {}
                }
            });
            let _ = tx.send(());
        })?;
    Ok(rx)
}
