//! The parse stage alone, for profiles: `parse_times DIR [ROUNDS]` reads every article under
//! DIR into memory first, then parses each ROUNDS times (default 1), so that a profiler sees
//! parsing and little else, and prints the time per article.
//!
//! Each round runs `parse::parse` whole, then the stages stage_times reports (decode, sanitize,
//! clean, fields) one by one in functions of their own, which are never inlined, so that
//! `valgrind --tool=callgrind target/release/examples/parse_times DIR` then
//! `callgrind_annotate --inclusive=yes` gives the instructions of each stage:
//! `parse_times::{whole_parse, decode_stage, sanitize_stage, clean_stage, fields_stage}`.

use std::hint::black_box;
use std::time::Instant;

use watchdesk::ingest::walk::walk;
use watchdesk::parse::{Format, clean, decode, fields, parse};
use watchdesk::text::sanitize;

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
    let parses = (rounds * inputs.len()).max(1) as f64;
    let start = Instant::now();
    for _ in 0..rounds {
        for (bytes, format) in &inputs {
            whole_parse(bytes, *format);
        }
    }
    let whole = start.elapsed().as_secs_f64() * 1e6 / parses;
    let start = Instant::now();
    for _ in 0..rounds {
        for (bytes, _) in &inputs {
            stages(bytes);
        }
    }
    let staged = start.elapsed().as_secs_f64() * 1e6 / parses;
    println!(
        "{} files x {rounds}: parse {whole:.2} µs per article; decode+sanitize+clean+fields \
         {staged:.2} µs",
        inputs.len()
    );
}

#[inline(never)]
fn whole_parse(bytes: &[u8], format: Format) {
    let _ = black_box(parse(bytes, format));
}

/// The four stages as stage_times runs them (plain text, whatever the file's kind).
fn stages(bytes: &[u8]) {
    let Ok(decoded) = decode_stage(bytes) else {
        return;
    };
    let text = sanitize_stage(&decoded.text);
    let cleaned = clean_stage(&text);
    fields_stage(&cleaned);
}

#[inline(never)]
fn decode_stage(bytes: &[u8]) -> Result<decode::Decoded<'_>, decode::DecodeError> {
    black_box(decode::decode(bytes))
}

#[inline(never)]
fn sanitize_stage(text: &str) -> std::borrow::Cow<'_, str> {
    black_box(sanitize(text, true))
}

#[inline(never)]
fn clean_stage(text: &str) -> clean::Cleaned<'_> {
    black_box(clean::clean(text))
}

#[inline(never)]
fn fields_stage(cleaned: &clean::Cleaned<'_>) {
    black_box(fields::extract(&cleaned.lines));
}
