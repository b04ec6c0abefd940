//! Where scan time goes, stage by stage, on one core: `cargo run --release --example stage_times -- DIR`.
//! Prints the total time of each pipeline stage over every article file under DIR.

use std::time::{Duration, Instant};

use watchdesk::ingest::walk::walk;
use watchdesk::parse::{clean, decode, fields};
use watchdesk::tag::Tagger;
use watchdesk::text::{fold, sanitize};

fn main() {
    let dir = std::env::args().nth(1).expect("usage: stage_times DIR");
    let (files, _) = walk(std::path::Path::new(&dir)).expect("walk");
    let tagger = Tagger::builtin();
    let mut times = [Duration::ZERO; 7];
    let names = [
        "read",
        "decode",
        "sanitize",
        "clean",
        "fields",
        "normalize",
        "tag",
    ];
    let mut bytes_total = 0usize;
    let mut lap = |i: usize, t: &mut Instant| {
        times[i] += t.elapsed();
        *t = Instant::now();
    };
    for f in &files {
        let mut t = Instant::now();
        let bytes = std::fs::read(&f.path).unwrap();
        bytes_total += bytes.len();
        lap(0, &mut t);
        let text = decode::decode(&bytes).unwrap().text;
        lap(1, &mut t);
        let text = sanitize(&text, true);
        lap(2, &mut t);
        let cleaned = clean::clean(&text);
        lap(3, &mut t);
        let head = fields::extract(&cleaned.lines);
        lap(4, &mut t);
        let norm = fold(&format!(
            "{}\n\n{}",
            head.title,
            head.paragraphs.join("\n\n")
        ));
        lap(5, &mut t);
        std::hint::black_box(tagger.tag_folded(&norm.bytes));
        lap(6, &mut t);
    }
    let total: Duration = times.iter().sum();
    println!("{} files, {:.1} MB", files.len(), bytes_total as f64 / 1e6);
    for (name, t) in names.iter().zip(times) {
        println!(
            "{name:<10} {:>8.1} ms  {:>5.1}%",
            t.as_secs_f64() * 1e3,
            100.0 * t.as_secs_f64() / total.as_secs_f64()
        );
    }
    println!(
        "total      {:>8.1} ms  ({:.1} MB/s on one core)",
        total.as_secs_f64() * 1e3,
        bytes_total as f64 / 1e6 / total.as_secs_f64()
    );
}
