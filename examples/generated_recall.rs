//! Tagger recall on generated articles against the generator's intended labels:
//! `cargo run --release --example generated_recall -- [N]`. The labels are "at least" (a
//! template can imply an extra theme), so only recall is meaningful here.
use std::collections::BTreeMap;

use watchdesk::demo::Generator;
use watchdesk::parse::Format;
use watchdesk::pipeline::Pipeline;
use watchdesk::tag::Tagger;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let pipeline = Pipeline::new(Tagger::builtin());
    let mut generator = Generator::new(7);
    let mut themes: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut provinces = (0usize, 0usize);
    let mut extra = 0usize;
    for _ in 0..n {
        let g = generator.next_generated();
        if g.hostile {
            continue;
        }
        let a = pipeline.process_bytes(
            g.text.as_bytes(),
            Format::Text,
            &g.file_name,
            g.text.len() as u64,
        );
        if std::env::var("SHOW_MISSES")
            .is_ok_and(|v| g.themes.contains(&v.as_str()) && !a.theme_ids().any(|x| x == v))
        {
            println!("MISS {}\n", a.title);
            for p in a.body.split("\n\n").take(2) {
                println!("   {p}");
            }
        }
        for t in &g.themes {
            let e = themes.entry(t).or_default();
            e.1 += 1;
            e.0 += usize::from(a.theme_ids().any(|x| x == *t));
        }
        for p in &g.provinces {
            provinces.1 += 1;
            provinces.0 += usize::from(a.province_ids().any(|x| x == *p));
        }
        extra += a
            .province_ids()
            .filter(|p| !g.provinces.contains(p))
            .count();
    }
    for (t, (hit, all)) in &themes {
        println!(
            "{t:<22} recall {:.2} ({hit}/{all})",
            *hit as f64 / *all as f64
        );
    }
    println!(
        "provinces recall {:.3} ({}/{}), provinces not intended: {extra}",
        provinces.0 as f64 / provinces.1 as f64,
        provinces.0,
        provinces.1
    );
}
