//! The tagger and parser against labelled articles written for the tests
//! (`tests/fixtures/articles`, labels in `tests/fixtures/labels.jsonl`), and against the five
//! seed articles the mission started from (`tests/fixtures/seeds`, labels from TAXONOMY.md).
//!
//! Prints per-theme precision and recall (`cargo test --test labelled_corpus -- --nocapture`)
//! and fails when the scores fall below the bars, or when a title, source, date, dateline or
//! URL differs from what a reader sees in the article.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;
use watchdesk::article::{Article, THEME_IDS};
use watchdesk::pipeline::Pipeline;
use watchdesk::tag::Tagger;

#[derive(Deserialize)]
struct Label {
    file: String,
    themes: Vec<String>,
    provinces: Vec<String>,
    iraq: bool,
    title: String,
    source: Option<String>,
    published: Option<String>,
    dateline: Option<String>,
    url: Option<String>,
}

fn load(dir: &str) -> Vec<(Label, Article)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let labels_file = if dir == "articles" {
        root.parent().unwrap().join("labels.jsonl")
    } else {
        root.join("labels.jsonl")
    };
    let pipeline = Pipeline::new(Tagger::builtin());
    std::fs::read_to_string(&labels_file)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let label: Label = serde_json::from_str(line).unwrap();
            let article = pipeline.process_file(&root.join(&label.file), &label.file);
            (label, article)
        })
        .collect()
}

struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn add(&mut self, predicted: &BTreeSet<String>, gold: &BTreeSet<String>) {
        self.tp += predicted.intersection(gold).count();
        self.fp += predicted.difference(gold).count();
        self.fn_ += gold.difference(predicted).count();
    }
    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Per-theme table, and (theme macro-F1 over themes present in gold, province micro-F1).
fn score(corpus: &[(Label, Article)]) -> (f64, f64, String) {
    let mut report = format!(
        "{:<22} {:>5} {:>5} {:>5}  tp fp fn\n",
        "theme", "P", "R", "F1"
    );
    let mut f1s = Vec::new();
    for theme in THEME_IDS {
        let mut c = Counts {
            tp: 0,
            fp: 0,
            fn_: 0,
        };
        for (label, article) in corpus {
            let gold: BTreeSet<String> = label
                .themes
                .iter()
                .filter(|t| *t == theme)
                .cloned()
                .collect();
            let predicted: BTreeSet<String> = article
                .theme_ids()
                .filter(|t| *t == theme)
                .map(str::to_string)
                .collect();
            c.add(&predicted, &gold);
        }
        if c.tp + c.fn_ > 0 {
            f1s.push(c.f1());
        }
        report += &format!(
            "{theme:<22} {:>5.2} {:>5.2} {:>5.2}  {} {} {}\n",
            c.precision(),
            c.recall(),
            c.f1(),
            c.tp,
            c.fp,
            c.fn_
        );
    }
    let mut provinces = Counts {
        tp: 0,
        fp: 0,
        fn_: 0,
    };
    for (label, article) in corpus {
        let gold: BTreeSet<String> = label.provinces.iter().cloned().collect();
        let predicted: BTreeSet<String> = article.province_ids().map(str::to_string).collect();
        provinces.add(&predicted, &gold);
    }
    let macro_f1 = f1s.iter().sum::<f64>() / f1s.len().max(1) as f64;
    report += &format!(
        "provinces micro: P {:.2} R {:.2} F1 {:.2}\ntheme macro-F1 {macro_f1:.3}, province micro-F1 {:.3}\n",
        provinces.precision(),
        provinces.recall(),
        provinces.f1(),
        provinces.f1()
    );
    (macro_f1, provinces.f1(), report)
}

/// Lines naming every article whose labels differ, for the failure message.
fn label_differences(corpus: &[(Label, Article)]) -> Vec<String> {
    let mut out = Vec::new();
    for (label, article) in corpus {
        let gold_t: BTreeSet<&str> = label.themes.iter().map(String::as_str).collect();
        let got_t: BTreeSet<&str> = article.theme_ids().collect();
        let gold_p: BTreeSet<&str> = label.provinces.iter().map(String::as_str).collect();
        let got_p: BTreeSet<&str> = article.province_ids().collect();
        if gold_t != got_t || gold_p != got_p || label.iraq != article.iraq {
            out.push(format!(
                "{}: themes -{:?} +{:?}; provinces -{:?} +{:?}; iraq {} (want {})",
                label.file,
                gold_t.difference(&got_t).collect::<Vec<_>>(),
                got_t.difference(&gold_t).collect::<Vec<_>>(),
                gold_p.difference(&got_p).collect::<Vec<_>>(),
                got_p.difference(&gold_p).collect::<Vec<_>>(),
                article.iraq,
                label.iraq
            ));
        }
    }
    out
}

fn metadata_differences(corpus: &[(Label, Article)]) -> Vec<String> {
    let mut out = Vec::new();
    for (label, a) in corpus {
        let mut check = |field: &str, want: Option<&str>, got: Option<&str>| {
            if want != got {
                out.push(format!(
                    "{} {field}: want {want:?}, got {got:?}",
                    label.file
                ));
            }
        };
        check("title", Some(&label.title), Some(&a.title));
        check("source", label.source.as_deref(), a.source.as_deref());
        check(
            "published",
            label.published.as_deref(),
            a.published.as_deref(),
        );
        check("dateline", label.dateline.as_deref(), a.dateline.as_deref());
        check("url", label.url.as_deref(), a.url.as_deref());
        if let Some(e) = &a.error {
            out.push(format!("{}: unexpected error {e}", label.file));
        }
    }
    out
}

#[test]
fn fixtures_meet_the_tagging_bars() {
    let corpus = load("articles");
    assert!(
        corpus.len() >= 30,
        "the fixture corpus has {} articles",
        corpus.len()
    );
    let (macro_f1, province_f1, report) = score(&corpus);
    println!("{report}");
    let diffs = label_differences(&corpus);
    for d in &diffs {
        println!("  {d}");
    }
    assert!(
        macro_f1 >= 0.90 && province_f1 >= 0.95,
        "theme macro-F1 {macro_f1:.3} (bar 0.90), province micro-F1 {province_f1:.3} (bar 0.95)\n{report}{}",
        diffs.join("\n")
    );
}

#[test]
fn fixtures_metadata_matches_what_a_reader_sees() {
    let corpus = load("articles");
    let diffs = metadata_differences(&corpus);
    assert!(
        diffs.is_empty(),
        "{} differences:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

#[test]
fn seeds_come_out_exactly_as_labelled() {
    let corpus = load("seeds");
    let mut diffs = label_differences(&corpus);
    diffs.extend(metadata_differences(&corpus));
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}
