//! Fuzzy search over title and source, on normalised Arabic, off the UI loop.
//!
//! Why it is built this way (measured): SkimMatcherV2 over 100,000 Arabic titles costs
//! 74–176 ms per keystroke on one core. So the index holds each article's text already
//! normalised (folding أ/إ/آ to ا and so on, so spelling variants match), a cheap
//! in-order character test rejects most titles before the scorer runs, scoring is spread over
//! both cores with rayon, and a query that extends the previous one is only tried against the
//! previous matches. The worker owns its index (the UI loop sends it additions and
//! removals), takes only the newest query from its queue, and abandons a search as soon as a
//! newer query is sent.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crossbeam_channel::{Receiver, Sender, unbounded};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;

use crate::text::{normalize, normalize_mapped};

/// Ranked matches for one query.
#[derive(Debug, Clone)]
pub struct SearchResults {
    pub generation: u64,
    pub query: String,
    /// (slot, score), any order.
    pub hits: Vec<(u32, i64)>,
}

/// The searchable text of an article: its title and source, normalised.
pub fn search_text(title: &str, source: Option<&str>) -> String {
    let mut text = normalize(title);
    if let Some(source) = source {
        text.push_str(normalize(source).trim_start());
    }
    text
}

/// The query as the index compares it.
pub fn normalize_query(query: &str) -> String {
    normalize(query).trim().to_string()
}

/// Whether the characters of `pattern` appear in `text` in order (what any fuzzy match
/// needs), far cheaper than scoring.
fn has_in_order(text: &str, pattern: &str) -> bool {
    let mut chars = text.chars();
    pattern.chars().all(|p| p == ' ' || chars.any(|c| c == p))
}

/// The scorer. Normalised text is already lower case, so case folding (a table lookup per
/// Arabic letter) is skipped. An element limit of 1 makes SkimMatcherV2 always use its linear
/// scorer (`simple_match`) instead of the full score matrix: measured on 100,000 titles
/// (examples/console_bench.rs), the matrix cost 50–100 ms per keystroke and the linear scorer
/// 13–20 ms, and it still ranks a contiguous match above scattered letters.
fn matcher() -> SkimMatcherV2 {
    SkimMatcherV2::default().respect_case().element_limit(1)
}

/// Normalised search texts by slot.
pub struct SearchIndex {
    docs: Vec<Option<String>>,
    /// Bumped on every change, so narrowing never reuses results from an older index.
    version: u64,
    matcher: SkimMatcherV2,
    /// The last completed search: (normalised query, index version, matching slots).
    last: Option<(String, u64, Vec<u32>)>,
}

impl Default for SearchIndex {
    fn default() -> Self {
        SearchIndex {
            docs: Vec::new(),
            version: 0,
            matcher: matcher(),
            last: None,
        }
    }
}

impl SearchIndex {
    pub fn set(&mut self, slot: u32, text: String) {
        let i = slot as usize;
        if self.docs.len() <= i {
            self.docs.resize(i + 1, None);
        }
        self.docs[i] = Some(text);
        self.version += 1;
    }

    pub fn remove(&mut self, slot: u32) {
        if let Some(d) = self.docs.get_mut(slot as usize) {
            *d = None;
            self.version += 1;
        }
    }

    pub fn len(&self) -> usize {
        self.docs.iter().flatten().count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Score every document against `query`; `None` when `cancelled` said stop midway.
    pub fn search(
        &mut self,
        query: &str,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<(u32, i64)>> {
        let pattern = normalize_query(query);
        if pattern.is_empty() {
            return Some(Vec::new());
        }
        let docs = &self.docs;
        let matcher = &self.matcher;
        let score = |slot: u32| -> Option<(u32, i64)> {
            let text = docs.get(slot as usize)?.as_deref()?;
            if !has_in_order(text, &pattern) {
                return None;
            }
            matcher.fuzzy_match(text, &pattern).map(|s| (slot, s))
        };
        // A longer query only matches what the shorter one matched.
        let narrowed = match &self.last {
            Some((prev, version, slots))
                if *version == self.version && pattern.starts_with(prev.as_str()) =>
            {
                Some(slots)
            }
            _ => None,
        };
        const CHUNK: usize = 2048;
        let hits: Option<Vec<Vec<(u32, i64)>>> = match narrowed {
            Some(slots) => slots
                .par_chunks(CHUNK)
                .map(|chunk| {
                    (!cancelled()).then(|| chunk.iter().filter_map(|&s| score(s)).collect())
                })
                .collect(),
            None => (0..docs.len() as u32)
                .collect::<Vec<_>>()
                .par_chunks(CHUNK)
                .map(|chunk| {
                    (!cancelled()).then(|| chunk.iter().filter_map(|&s| score(s)).collect())
                })
                .collect(),
        };
        let hits: Vec<(u32, i64)> = hits?.into_iter().flatten().collect();
        self.last = Some((
            pattern,
            self.version,
            hits.iter().map(|&(s, _)| s).collect(),
        ));
        Some(hits)
    }
}

/// Byte ranges of `text` that the fuzzy match of `query` lights up, for highlighting.
pub fn highlight(text: &str, query: &str) -> Vec<Range<usize>> {
    let pattern = normalize_query(query);
    if pattern.is_empty() {
        return Vec::new();
    }
    let mapped = normalize_mapped(text);
    let Some((_, indices)) = matcher().fuzzy_indices(&mapped.text, &pattern) else {
        return Vec::new();
    };
    // Char indices in the normalised text -> byte offsets there -> original byte ranges.
    let starts: Vec<usize> = mapped.text.char_indices().map(|(b, _)| b).collect();
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for i in indices {
        let Some(&b) = starts.get(i) else { continue };
        let len = mapped.text[b..].chars().next().map_or(1, char::len_utf8);
        let r = mapped.original_range(text, b, b + len);
        match ranges.last_mut() {
            Some(last) if last.end >= r.start => last.end = last.end.max(r.end),
            _ => ranges.push(r),
        }
    }
    ranges
}

/// What the UI loop sends the worker.
#[derive(Debug)]
pub enum SearchRequest {
    Index { slot: u32, text: String },
    Unindex { slot: u32 },
    Query { generation: u64, query: String },
}

/// The UI loop's end of the search worker. Dropping it stops the worker.
pub struct SearchHandle {
    tx: Sender<SearchRequest>,
    latest: Arc<AtomicU64>,
}

impl SearchHandle {
    pub fn send(&self, request: SearchRequest) {
        if let SearchRequest::Query { generation, .. } = &request {
            self.latest.store(*generation, Ordering::Relaxed);
        }
        let _ = self.tx.send(request);
    }
}

/// Start the worker thread; `deliver` gets each completed (not superseded) result.
pub fn spawn_worker(deliver: impl Fn(SearchResults) + Send + 'static) -> SearchHandle {
    let (tx, rx) = unbounded();
    let latest = Arc::new(AtomicU64::new(0));
    let seen = latest.clone();
    std::thread::Builder::new()
        .name("search".into())
        .spawn(move || worker(rx, seen, deliver))
        .expect("spawn the search thread");
    SearchHandle { tx, latest }
}

fn worker(
    rx: Receiver<SearchRequest>,
    latest: Arc<AtomicU64>,
    deliver: impl Fn(SearchResults) + Send + 'static,
) {
    let mut index = SearchIndex::default();
    while let Ok(first) = rx.recv() {
        // Apply everything queued, keeping only the newest query.
        let mut query = None;
        for request in std::iter::once(first).chain(rx.try_iter()) {
            match request {
                SearchRequest::Index { slot, text } => index.set(slot, text),
                SearchRequest::Unindex { slot } => index.remove(slot),
                SearchRequest::Query {
                    generation,
                    query: q,
                } => query = Some((generation, q)),
            }
        }
        let Some((generation, query)) = query else {
            continue;
        };
        let superseded = || latest.load(Ordering::Relaxed) != generation;
        if let Some(hits) = index.search(&query, &superseded) {
            deliver(SearchResults {
                generation,
                query,
                hits,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(titles: &[&str]) -> SearchIndex {
        let mut index = SearchIndex::default();
        for (i, t) in titles.iter().enumerate() {
            index.set(i as u32, search_text(t, Some("واع")));
        }
        index
    }

    fn ranked(index: &mut SearchIndex, q: &str) -> Vec<u32> {
        let mut hits = index.search(q, &|| false).unwrap();
        hits.sort_by_key(|&(s, score)| (std::cmp::Reverse(score), s));
        hits.into_iter().map(|(s, _)| s).collect()
    }

    #[test]
    fn alef_variants_match_each_other() {
        let mut idx = index(&["إعتقال متهمين في الأنبار", "أمطار غزيرة", "مباراة كرة"]);
        assert_eq!(ranked(&mut idx, "اعتقال"), vec![0]);
        assert_eq!(ranked(&mut idx, "الانبار"), vec![0]);
        assert_eq!(ranked(&mut idx, "امطار"), vec![1]);
        // And the other way round: a query with hamza finds the bare spelling.
        let mut idx = index(&["انفجار في الانبار"]);
        assert_eq!(ranked(&mut idx, "الأنبار"), vec![0]);
    }

    #[test]
    fn contiguous_match_ranks_above_scattered_letters() {
        let mut idx = index(&["بيان غربي عن دار الاعلام في دهوك", "انفجار في بغداد"]);
        let got = ranked(&mut idx, "بغداد");
        assert_eq!(got, vec![1, 0], "contiguous first");
    }

    #[test]
    fn growing_query_narrows_and_new_documents_are_still_found() {
        let mut idx = index(&["انفجار في بغداد", "مطر في البصرة"]);
        let mut first = ranked(&mut idx, "ب");
        first.sort();
        assert_eq!(first, vec![0, 1]);
        assert_eq!(ranked(&mut idx, "بغ"), vec![0]);
        idx.set(2, search_text("بغداد اليوم", None));
        assert!(ranked(&mut idx, "بغد").contains(&2));
    }

    #[test]
    fn source_is_searched_too() {
        let mut idx = SearchIndex::default();
        idx.set(0, search_text("خبر", Some("شفق نيوز")));
        assert_eq!(ranked(&mut idx, "شفق"), vec![0]);
    }

    #[test]
    fn cancelled_search_returns_nothing() {
        let mut idx = index(&["بغداد"]);
        assert!(idx.search("بغداد", &|| true).is_none());
    }

    #[test]
    fn highlight_maps_back_to_the_original_spelling() {
        let title = "إعتقال في الأنبار";
        let ranges = highlight(title, "الانبار");
        let lit: String = ranges.iter().map(|r| &title[r.clone()]).collect();
        assert_eq!(lit, "الأنبار");
    }

    #[test]
    fn worker_answers_only_the_newest_query() {
        let (tx, rx) = std::sync::mpsc::channel();
        let handle = spawn_worker(move |r| tx.send(r).unwrap());
        handle.send(SearchRequest::Index {
            slot: 0,
            text: search_text("انفجار في بغداد", None),
        });
        handle.send(SearchRequest::Query {
            generation: 1,
            query: "بغداد".into(),
        });
        let r = rx.recv_timeout(std::time::Duration::from_secs(5)).unwrap();
        assert_eq!(r.generation, 1);
        assert_eq!(r.hits.len(), 1);
    }
}
