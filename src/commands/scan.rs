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
        let articles: Vec<_> = batch
            .par_iter()
            .map(|f| pipeline.process_file(&f.path, &f.shown))
            .collect();
        for article in &articles {
            errors += usize::from(article.error.is_some());
            if args.json {
                output::write_json(&mut out, article, None, args.body)?;
            } else {
                output::write_table_row(&mut out, article)?;
            }
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
