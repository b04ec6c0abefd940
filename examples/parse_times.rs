//! The parse stage alone, for instruction counts: reads every article under DIR into memory
//! first, then parses each `ROUNDS` times (default 1) so a profiler sees parsing and little else.
//! `valgrind --tool=callgrind target/release/examples/parse_times DIR`, then
//! `callgrind_annotate --inclusive=yes` for `parse::parse` and its stages.

use watchdesk::ingest::walk::walk;
use watchdesk::parse::{Format, parse};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: parse_times DIR [ROUNDS]");
    let rounds: usize = std::env::args()
        .nth(2)
        .map_or(1, |r| r.parse().expect("ROUNDS is a number"));
    let (files, _) = walk(std::path::Path::new(&dir)).expect("walk");
    let inputs: Vec<(Vec<u8>, Format)> = files
        .iter()
        .map(|f| {
            let format = Format::of(&f.path).unwrap_or(Format::Text);
            (std::fs::read(&f.path).expect("read"), format)
        })
        .collect();
    let start = std::time::Instant::now();
    for _ in 0..rounds {
        for (bytes, format) in &inputs {
            let _ = std::hint::black_box(parse(bytes, *format));
        }
    }
    let per_article = start.elapsed() / (rounds * inputs.len().max(1)) as u32;
    println!(
        "{} files x {rounds}: {:.2} µs per article",
        inputs.len(),
        per_article.as_secs_f64() * 1e6
    );
}
