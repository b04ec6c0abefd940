//! `watchdesk scan DIR [--json] [--follow]`: the pipeline, headless.

use std::io::Write;

use rayon::prelude::*;

use crate::cli::ScanArgs;
use crate::ingest::walk;
use crate::output;
use crate::pipeline::Pipeline;

/// Files processed in parallel per batch: large enough to keep both cores busy, small enough
/// that memory does not grow with the size of the backlog.
const BATCH: usize = 512;

pub fn run(args: &ScanArgs) -> anyhow::Result<()> {
    let mut pipeline = Pipeline::new(super::load_tagger(&args.lexicon)?);
    pipeline.max_bytes = args.max_bytes;
    let (found, skipped) =
        walk::walk(&args.dir).map_err(|e| anyhow::anyhow!("{}: {e}", args.dir.display()))?;
    tracing::info!(files = found.len(), ?skipped, dir = %args.dir.display(), "scan");

    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    if !args.json {
        output::write_table_header(&mut out)?;
    }
    let mut errors = 0usize;
    for batch in found.chunks(BATCH) {
        // Each worker renders its record too, so this thread only copies bytes out.
        let rendered: Vec<(bool, Vec<u8>)> = batch
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
            .collect();
        for (failed, line) in rendered {
            errors += usize::from(failed);
            out.write_all(&line)?;
        }
    }
    out.flush()?;
    drop(out);
    if !args.json {
        eprintln!("{} files, {errors} with errors", found.len());
    }
    for dir in &skipped.unreadable_dirs {
        eprintln!(
            "watchdesk: skipped unreadable directory {}",
            crate::text::sanitize_line(dir)
        );
    }
    if args.follow {
        anyhow::bail!("--follow is not built yet");
    }
    Ok(())
}
