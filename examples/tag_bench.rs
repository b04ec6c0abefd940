//! Folding and the tagger alone, on one core:
//! `cargo run --release --example tag_bench -- DIR [REPEATS]`.
//! Parses every article under DIR once (as scan does), then times, REPEATS times, folding
//! every article's text and tagging the folded text, so both can be measured without reading
//! or parsing.

use std::time::Instant;

use watchdesk::ingest::walk::walk;
use watchdesk::parse::{clean, decode, fields};
use watchdesk::tag::Tagger;
use watchdesk::text::{fold, sanitize};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: tag_bench DIR [REPEATS]");
    let repeats: usize = args.next().map_or(3, |r| r.parse().expect("REPEATS"));
    let (files, _) = walk(std::path::Path::new(&dir)).expect("walk");
    let tagger = Tagger::builtin();
    let texts: Vec<String> = files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(&f.path).unwrap();
            let text = decode::decode(&bytes).unwrap().text;
            let text = sanitize(&text, true);
            let cleaned = clean::clean(&text);
            let head = fields::extract(&cleaned.lines);
            format!("{}\n\n{}", head.title, head.paragraphs.join("\n\n"))
        })
        .collect();
    for _ in 0..repeats {
        let t = Instant::now();
        let folded_bytes: usize = texts.iter().map(|text| fold(text).bytes.len()).sum();
        let s = t.elapsed().as_secs_f64();
        println!(
            "fold: {} articles, {:.1} MB of text: {:.1} ms, {:.2} us/article ({folded_bytes} bytes out)",
            texts.len(),
            texts.iter().map(String::len).sum::<usize>() as f64 / 1e6,
            s * 1e3,
            s * 1e6 / texts.len() as f64
        );
    }
    let folded: Vec<Vec<u8>> = texts.iter().map(|text| fold(text).bytes).collect();
    let bytes: usize = folded.iter().map(Vec::len).sum();
    let mut checksum = 0usize;
    for _ in 0..repeats {
        let t = Instant::now();
        for text in &folded {
            let tags = tagger.tag_folded(text);
            checksum += tags.themes.len() + tags.provinces.len();
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "tag: {} articles, {:.1} MB folded: {:.1} ms, {:.2} us/article",
            folded.len(),
            bytes as f64 / 1e6,
            s * 1e3,
            s * 1e6 / folded.len() as f64
        );
    }
    println!("checksum {checksum}");
}
