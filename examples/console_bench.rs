//! How fast the console is with 100,000 articles loaded.
//!
//! `cargo run --release --example console_bench`
//!
//! - one full frame at 200x50 on ratatui's TestBackend (median and p99 of 200, the selection
//!   moving every frame so each one draws changed rows);
//! - a search keystroke: a 5-letter Arabic query typed letter by letter, each keystroke timed
//!   from the query to ranked results in the model (worker search + the model's re-filter).
//!
//! Targets: < 2 ms per frame, < 30 ms per keystroke.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use watchdesk::app::Action;
use watchdesk::app::keymap::Keymap;
use watchdesk::app::search::{SearchIndex, search_text};
use watchdesk::app::state::{BidiSetting, Context, Model};
use watchdesk::app::update::update;
use watchdesk::article::Article;
use watchdesk::demo::Generator;
use watchdesk::parse::Format;
use watchdesk::pipeline::Pipeline;
use watchdesk::tag::Tagger;
use watchdesk::ui::theme::{PaletteKind, Theme};
use watchdesk::ui::{self, Ui};

const ARTICLES: usize = 100_000;
/// 100,000 articles from the demo generator, parsed and tagged by the real pipeline (on both
/// cores), so titles, sources and tags look like the real feed.
fn articles(pipeline: &Pipeline) -> Vec<Article> {
    use rayon::prelude::*;
    let mut generator = Generator::new(42);
    let texts: Vec<(String, String)> = (0..ARTICLES).map(|_| generator.next_article()).collect();
    texts
        .par_iter()
        .map(|(name, text)| {
            pipeline.process_bytes(text.as_bytes(), Format::Text, name, text.len() as u64)
        })
        .collect()
}

fn stats(mut v: Vec<Duration>) -> (f64, f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p99 = v[(v.len() * 99 / 100).min(v.len() - 1)];
    (ms(v[v.len() / 2]), ms(p99), ms(*v.last().unwrap()))
}

fn main() {
    let pipeline = Arc::new(Pipeline::new(Tagger::builtin()));
    let articles = articles(&pipeline);
    let ctx = Context::new("/srv/news".into(), pipeline, BidiSetting::App, false);
    let mut model = Model::new(ctx);
    let start = Instant::now();
    let now = SystemTime::now();
    for a in articles {
        model.upsert(a, now);
    }
    println!(
        "loaded {} articles into the model in {:.0} ms",
        model.totals.articles,
        start.elapsed().as_secs_f64() * 1000.0
    );

    // Frames.
    let (w, h) = (200, 50);
    update(
        &mut model,
        Action::Resize(ui::layout::viewport(Rect::new(0, 0, w, h))),
    );
    let ui = Ui {
        keymap: Keymap::defaults(),
        theme: Theme::new(PaletteKind::TrueColor, &Default::default()).unwrap(),
        utc_offset: 0,
    };
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let mut frames = Vec::new();
    for i in 0..220 {
        update(
            &mut model,
            if i % 40 < 20 {
                Action::Down
            } else {
                Action::Up
            },
        );
        let t = Instant::now();
        terminal.draw(|f| ui::render(f, &model, &ui)).unwrap();
        if i >= 20 {
            frames.push(t.elapsed());
        }
    }
    let (median, p99, max) = stats(frames);
    println!(
        "frame 200x50, 100k articles: median {median:.3} ms, p99 {p99:.3} ms, max {max:.3} ms (200 frames)"
    );

    // Search keystrokes.
    let mut index = SearchIndex::default();
    for (slot, e) in model.entries() {
        index.set(
            slot,
            search_text(&e.article.title, e.article.source.as_deref()),
        );
    }
    update(&mut model, Action::Search);
    let query: Vec<char> = "بغداد".chars().collect();
    let mut keystrokes = Vec::new();
    let mut by_position = vec![Vec::new(); query.len()];
    let mut search_part = Vec::new();
    for round in 0..10 {
        // Start each round from an empty prompt.
        while !model.filters.query.is_empty() {
            update(&mut model, Action::InputBackspace);
        }
        for (i, c) in query.iter().enumerate() {
            let t = Instant::now();
            update(&mut model, Action::Input(*c));
            let typed = model.filters.query.clone();
            let hits = index.search(&typed, &|| false).expect("not cancelled");
            let searched = t.elapsed();
            let generation = model.search.generation;
            model.apply_search(generation, typed, &hits);
            let took = t.elapsed();
            if round > 0 {
                search_part.push(searched);
                keystrokes.push(took);
                by_position[i].push(took);
            }
        }
    }
    println!(
        "query {:?}: {} matches for the full word",
        query.iter().collect::<String>(),
        model.row_count()
    );
    let (median, p99, max) = stats(keystrokes);
    println!(
        "search keystroke, 100k titles: median {median:.1} ms, p99 {p99:.1} ms, max {max:.1} ms (45 keystrokes)"
    );
    let (median, p99, _) = stats(search_part);
    println!(
        "  of which the worker's search: median {median:.1} ms, p99 {p99:.1} ms; the rest is the model re-filtering and ranking"
    );
    for (i, v) in by_position.into_iter().enumerate() {
        let (median, _, max) = stats(v);
        println!("  letter {}: median {median:.1} ms, max {max:.1} ms", i + 1);
    }
    // A frame with the ranked, highlighted results.
    let mut frames = Vec::new();
    for _ in 0..50 {
        update(&mut model, Action::Down);
        let t = Instant::now();
        terminal.draw(|f| ui::render(f, &model, &ui)).unwrap();
        frames.push(t.elapsed());
    }
    let (median, p99, _) = stats(frames);
    println!("frame 200x50 while searching (highlights): median {median:.3} ms, p99 {p99:.3} ms");
}
