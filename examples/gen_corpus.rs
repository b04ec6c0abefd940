//! Write a corpus of generated sample articles, for benchmarks and load tests.
//!
//! ```text
//! cargo run --release --example gen_corpus -- DIR N [--size BYTES] [--seed S]
//! ```
//! N articles go into DIR in sub-folders of 1,000 (0000/, 0001/, ...), so that no directory
//! gets unwieldy. Without --size an article has its natural 3–8 paragraphs; with it, about that
//! many bytes. The same seed always gives the same corpus, however many cores write it: each
//! sub-folder has its own generator, seeded from the seed and the folder number.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use watchdesk::demo::Generator;

const PER_FOLDER: usize = 1000;

struct Args {
    dir: PathBuf,
    count: usize,
    size: Option<usize>,
    seed: u64,
}

fn parse_args() -> Result<Args> {
    let usage = "usage: gen_corpus DIR N [--size BYTES] [--seed S]";
    let mut positional = Vec::new();
    let (mut size, mut seed) = (None, 1u64);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--size" => {
                let v = args.next().context(usage)?;
                size = Some(
                    v.parse()
                        .with_context(|| format!("--size {v}: not a number"))?,
                );
            }
            "--seed" => {
                let v = args.next().context(usage)?;
                seed = v
                    .parse()
                    .with_context(|| format!("--seed {v}: not a number"))?;
            }
            "-h" | "--help" => {
                println!("{usage}");
                std::process::exit(0);
            }
            other if other.starts_with("--") => bail!("unknown option {other}\n{usage}"),
            _ => positional.push(arg),
        }
    }
    let [dir, count] = positional.as_slice() else {
        bail!("{usage}");
    };
    Ok(Args {
        dir: PathBuf::from(dir),
        count: count
            .parse()
            .with_context(|| format!("N = {count}: not a number"))?,
        size,
        seed,
    })
}

fn write_folder(args: &Args, folder: usize) -> Result<u64> {
    let dir = args.dir.join(format!("{folder:04}"));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    // Distinct, well-mixed seeds per folder (the generator mixes them further).
    let mut generator = Generator::new(args.seed ^ (folder as u64).wrapping_mul(0x9E37_79B9));
    let first = folder * PER_FOLDER;
    let last = (first + PER_FOLDER).min(args.count);
    let mut bytes = 0;
    for index in first..last {
        let (name, text) = match args.size {
            Some(size) => generator.article_of_size(size),
            None => generator.next_article(),
        };
        // The generator numbers articles within its folder; number them across the corpus.
        let suffix = name.split_once('_').map_or(name.as_str(), |(_, s)| s);
        let path = dir.join(format!("{index:07}_{suffix}"));
        write(&path, &text)?;
        bytes += text.len() as u64;
    }
    Ok(bytes)
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let started = Instant::now();
    let folders = args.count.div_ceil(PER_FOLDER);
    let bytes: u64 = (0..folders)
        .into_par_iter()
        .map(|folder| write_folder(&args, folder))
        .collect::<Result<Vec<u64>>>()?
        .into_iter()
        .sum();
    eprintln!(
        "{} articles, {:.1} MB, in {} folders under {} ({:.1} s)",
        args.count,
        bytes as f64 / 1e6,
        folders,
        args.dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
