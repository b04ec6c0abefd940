//! The Model: every article the console knows, the filters, the cursors and what the status bar
//! reports. No terminal and no I/O here: [`super::update`] changes it, `ui` draws it.
//!
//! Articles live in `slots` in arrival order (a slot is never reused, so a slot number names
//! one article for the session). The feed shows `rows`, the slots that pass the filters, kept
//! in reverse display order so that a new arrival is a `push` and not a shift of 100,000 rows.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::reader::ReaderDoc;
use crate::article::{Article, ArticleId, PROVINCE_IDS, THEME_IDS};
use crate::pipeline::Pipeline;
use crate::tag::Tagger;
use crate::ui::display::{BidiMode, LayoutOptions};

/// Row of "national" (no province named) in the provinces pane, after the 19 provinces.
pub const NATIONAL: usize = PROVINCE_IDS.len();
/// Rows of the provinces pane.
pub const PROVINCE_ROWS: usize = PROVINCE_IDS.len() + 1;

/// What an analyst has recorded about one article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Triage {
    pub read: bool,
    /// 0 = not flagged, 1..=3 = priority (3 highest).
    pub flag: u8,
    pub dismissed: bool,
    pub note: Option<String>,
}

/// Highest flag priority; `f` cycles 0 -> 1 -> 2 -> 3 -> 0.
pub const MAX_FLAG: u8 = 3;

/// Which triage state the feed shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// Everything not dismissed.
    #[default]
    All,
    Unread,
    Flagged,
    Dismissed,
}

impl View {
    pub fn admits(self, t: &Triage) -> bool {
        match self {
            View::All => !t.dismissed,
            View::Unread => !t.dismissed && !t.read,
            View::Flagged => !t.dismissed && t.flag > 0,
            View::Dismissed => t.dismissed,
        }
    }

    pub fn next(self) -> View {
        match self {
            View::All => View::Unread,
            View::Unread => View::Flagged,
            View::Flagged => View::Dismissed,
            View::Dismissed => View::All,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            View::All => "all",
            View::Unread => "unread",
            View::Flagged => "flagged",
            View::Dismissed => "dismissed",
        }
    }
}

/// The pane that receives keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Focus {
    Feed,
    Provinces,
    Themes,
    /// The article view (it replaces the feed while open).
    Detail,
}

/// A one-line text input at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// `/`: the query (`filters.query`), applied as one types; `cursor`: where in it one
    /// types (a byte offset).
    Search { cursor: usize },
    /// `n`: a note on the article with this slot.
    Note {
        slot: u32,
        text: String,
        cursor: usize,
    },
}

/// How many rows each pane shows, from the last layout (set on resize).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewport {
    pub feed_rows: usize,
    pub provinces_rows: usize,
    pub themes_rows: usize,
    pub detail_rows: usize,
    pub detail_width: usize,
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport {
            feed_rows: 20,
            provinces_rows: 10,
            themes_rows: 10,
            detail_rows: 20,
            detail_width: 80,
        }
    }
}

/// Display names and severity of a theme (falls back to its id when no lexicon defines it).
#[derive(Debug, Clone)]
pub struct ThemeInfo {
    pub id: &'static str,
    pub name_en: String,
    pub name_ar: String,
    /// 1 (low) to 5 (critical).
    pub severity: u8,
}

#[derive(Debug, Clone)]
pub struct ProvinceInfo {
    pub id: &'static str,
    pub name_en: String,
    pub name_ar: String,
}

/// The fixed lists the side panes show, in taxonomy order, with names from the lexicons.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub themes: Vec<ThemeInfo>,
    /// The 19 provinces, then "national".
    pub provinces: Vec<ProvinceInfo>,
}

impl Catalog {
    pub fn from_tagger(tagger: &Tagger) -> Catalog {
        let themes = THEME_IDS
            .iter()
            .map(|&id| match tagger.themes().iter().find(|t| t.id == id) {
                Some(t) => ThemeInfo {
                    id,
                    name_en: capitalized(&t.name_en),
                    name_ar: t.name_ar.clone(),
                    severity: t.severity.clamp(1, 5),
                },
                None => ThemeInfo {
                    id,
                    name_en: capitalized(&id.replace('_', " ")),
                    name_ar: String::new(),
                    severity: 1,
                },
            })
            .collect();
        let mut provinces: Vec<ProvinceInfo> = PROVINCE_IDS
            .iter()
            .map(
                |&id| match tagger.gazetteer().provinces.iter().find(|p| p.id == id) {
                    Some(p) => ProvinceInfo {
                        id,
                        name_en: capitalized(&p.name_en),
                        name_ar: p.name_ar.clone(),
                    },
                    None => ProvinceInfo {
                        id,
                        name_en: capitalized(id),
                        name_ar: String::new(),
                    },
                },
            )
            .collect();
        provinces.push(ProvinceInfo {
            id: "national",
            name_en: "National".to_string(),
            name_ar: "وطني".to_string(),
        });
        Catalog { themes, provinces }
    }
}

/// Whether two titles are the same headline, up to spelling variants and punctuation.
fn same_title(a: &str, b: &str) -> bool {
    crate::text::normalize(a) == crate::text::normalize(b)
}

/// "baghdad" -> "Baghdad": the gazetteer writes ids in lower case.
fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// How the console lays out right-to-left text (from the command line and config).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum BidiSetting {
    /// The console reorders (most terminals, tmux).
    #[default]
    App,
    /// The terminal reorders (mlterm, Konsole, VTE with bidi on): write logical order.
    Terminal,
}

/// What the console was started on and with.
#[derive(Clone)]
pub struct Context {
    /// The watched directory, as shown in the status bar.
    pub dir: String,
    pub pipeline: Arc<Pipeline>,
    pub catalog: Catalog,
    pub bidi: BidiSetting,
    pub shaping: bool,
}

impl Context {
    /// How to lay out text `width` cells wide.
    pub fn layout_options(&self, width: usize) -> LayoutOptions {
        LayoutOptions {
            width,
            mode: match self.bidi {
                BidiSetting::App => BidiMode::App,
                BidiSetting::Terminal => BidiMode::Terminal,
            },
            shaping: self.shaping,
        }
    }

    pub fn new(dir: String, pipeline: Arc<Pipeline>, bidi: BidiSetting, shaping: bool) -> Self {
        let catalog = Catalog::from_tagger(&pipeline.tagger);
        Context {
            dir,
            pipeline,
            catalog,
            bidi,
            shaping,
        }
    }
}

/// One article in the console, with what the filters test precomputed.
#[derive(Debug, Clone)]
pub struct Entry {
    pub article: Article,
    /// When it reached the console.
    pub arrived: SystemTime,
    /// Bit i = THEME_IDS[i].
    pub themes: u16,
    /// Bit i = PROVINCE_IDS[i]; bit NATIONAL when no province is named.
    pub provinces: u32,
    /// Highest severity of its themes, 0 without themes.
    pub severity: u8,
    pub triage: Triage,
}

impl Entry {
    fn new(article: Article, arrived: SystemTime, catalog: &Catalog, triage: Triage) -> Entry {
        let mut themes = 0u16;
        let mut severity = 0u8;
        for id in article.theme_ids() {
            if let Some(i) = THEME_IDS.iter().position(|t| *t == id) {
                themes |= 1 << i;
                severity = severity.max(catalog.themes[i].severity);
            }
        }
        let mut provinces = 0u32;
        for id in article.province_ids() {
            if let Some(i) = PROVINCE_IDS.iter().position(|p| *p == id) {
                provinces |= 1 << i;
            }
        }
        if provinces == 0 {
            provinces = 1 << NATIONAL;
        }
        Entry {
            article,
            arrived,
            themes,
            provinces,
            severity,
            triage,
        }
    }
}

/// The filters; they combine with AND (within provinces, or within themes, any selected one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Selected province rows (bit NATIONAL = national); 0 = no province filter.
    pub provinces: u32,
    /// Selected themes; 0 = no theme filter.
    pub themes: u16,
    /// The search query as typed; empty = no search.
    pub query: String,
    pub view: View,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self.provinces == 0 && self.themes == 0 && self.query.is_empty()
    }
}

/// Which filter a count ignores: a pane's counts are for the other filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Except {
    Nothing,
    Provinces,
    Themes,
}

/// Live counts per filter item, for the current other filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub provinces: [usize; PROVINCE_ROWS],
    pub themes: [usize; THEME_IDS.len()],
}

/// Totals for the status bar, over every article the console knows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    pub articles: usize,
    pub unread: usize,
    pub flagged: usize,
    pub dismissed: usize,
    pub errors: usize,
}

/// What the ingest side last said.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestStatus {
    /// (done, total) while the backlog is being read.
    pub progress: Option<(usize, usize)>,
    pub backlog_done: bool,
    /// The latest notice (watcher mode, overflow, directory gone...).
    pub notice: Option<String>,
}

/// Search results as the model uses them.
#[derive(Debug, Clone, Default)]
pub struct SearchState {
    /// Generation of the newest query sent; older results are dropped.
    pub generation: u64,
    /// The query the current scores are for.
    pub scored_query: String,
    /// Score by slot (`None` = no match) for `scored_query`; `None` while no results yet.
    pub scores: Option<Vec<Option<i64>>>,
}

impl SearchState {
    /// Whether results for the latest query are still on their way.
    pub fn pending(&self, query: &str) -> bool {
        !query.is_empty() && self.scored_query != query
    }
}

/// A cursor over a list: the selected row and the first row shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Move the selection to `to` (clamped to `len`) and scroll so that it stays in `rows`.
    pub fn select(&mut self, to: usize, len: usize, rows: usize) {
        self.selected = to.min(len.saturating_sub(1));
        let rows = rows.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
    }

    pub fn step(&mut self, delta: isize, len: usize, rows: usize) {
        let to = self.selected.saturating_add_signed(delta);
        self.select(to, len, rows);
    }
}

/// The open article.
#[derive(Debug, Clone)]
pub struct Detail {
    pub slot: u32,
    /// First line of the document shown.
    pub scroll: usize,
    /// The article laid out for the pane's width.
    pub doc: ReaderDoc,
}

pub struct Model {
    pub ctx: Context,
    slots: Vec<Option<Entry>>,
    by_id: HashMap<ArticleId, u32>,
    by_path: HashMap<String, u32>,
    /// Every triage state known, also for articles not (yet) in the directory.
    triage: HashMap<ArticleId, Triage>,
    /// The id and title of each triaged file (from the store's snapshots, then from the
    /// feed): a file that comes back under a new id with the same title is the same article,
    /// so its triage follows it (see [`Model::arriving_triage`]).
    triaged_files: HashMap<String, (ArticleId, String)>,
    /// Triage carried from an old id to a new one (from, to) since the loop last took them,
    /// for the store to record.
    carried: Vec<(ArticleId, ArticleId)>,
    /// Slots shown in the feed, last = top row.
    rows: Vec<u32>,
    /// Every slot in order of arrival, oldest first: the feed's order before filters. A
    /// backlog article arrived when its file was written, so the backlog is sorted once it is
    /// read (`settle_backlog`); live articles arrive in order and are appended.
    order: Vec<u32>,
    pub filters: Filters,
    pub focus: Focus,
    /// The open text prompt, if any (it takes the keys).
    pub prompt: Option<Prompt>,
    /// Scroll of the help overlay when shown.
    pub help: Option<usize>,
    /// Lines of the help, to bound its scroll.
    pub help_len: usize,
    pub feed: Cursor,
    /// Articles that arrived above the first row shown since the analyst last looked there.
    pub new_above: usize,
    /// Set once the analyst moved in the feed: from then on arrivals never move the rows.
    pub anchored: bool,
    pub provinces_cursor: Cursor,
    pub themes_cursor: Cursor,
    pub detail: Option<Detail>,
    pub counts: Counts,
    pub totals: Totals,
    pub ingest: IngestStatus,
    pub viewport: Viewport,
    pub now: SystemTime,
    pub search: SearchState,
    /// A short message for the status bar (e.g. "note saved").
    pub flash: Option<String>,
    pub quit: bool,
    /// Something changed since the last draw.
    pub dirty: bool,
}

impl Model {
    pub fn new(ctx: Context) -> Model {
        Model {
            ctx,
            slots: Vec::new(),
            by_id: HashMap::new(),
            by_path: HashMap::new(),
            triage: HashMap::new(),
            triaged_files: HashMap::new(),
            carried: Vec::new(),
            rows: Vec::new(),
            order: Vec::new(),
            filters: Filters::default(),
            focus: Focus::Feed,
            prompt: None,
            help: None,
            help_len: 0,
            feed: Cursor::default(),
            new_above: 0,
            anchored: false,
            provinces_cursor: Cursor::default(),
            themes_cursor: Cursor::default(),
            detail: None,
            counts: Counts::default(),
            totals: Totals::default(),
            ingest: IngestStatus::default(),
            viewport: Viewport::default(),
            now: SystemTime::now(),
            search: SearchState::default(),
            flash: None,
            quit: false,
            dirty: true,
        }
    }

    // ---- reading -------------------------------------------------------------------------

    /// Number of rows in the feed.
    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    /// The slot shown at feed row `i` (0 = top).
    pub fn row_slot(&self, i: usize) -> Option<u32> {
        let n = self.rows.len();
        (i < n).then(|| self.rows[n - 1 - i])
    }

    pub fn row(&self, i: usize) -> Option<&Entry> {
        self.row_slot(i).and_then(|s| self.entry(s))
    }

    /// Feed row of a slot, if shown.
    pub fn row_of(&self, slot: u32) -> Option<usize> {
        let n = self.rows.len();
        self.rows
            .iter()
            .rposition(|&s| s == slot)
            .map(|p| n - 1 - p)
    }

    pub fn entry(&self, slot: u32) -> Option<&Entry> {
        self.slots.get(slot as usize).and_then(Option::as_ref)
    }

    pub fn slot_of(&self, id: &ArticleId) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    pub fn selected_slot(&self) -> Option<u32> {
        self.row_slot(self.feed.selected)
    }

    /// The text of the open prompt, if any.
    pub fn prompt_text(&self) -> Option<&str> {
        match &self.prompt {
            Some(Prompt::Search { .. }) => Some(&self.filters.query),
            Some(Prompt::Note { text, .. }) => Some(text),
            None => None,
        }
    }

    /// The article the triage keys act on: the open one, else the selected row.
    pub fn current_slot(&self) -> Option<u32> {
        match &self.detail {
            Some(d) if self.focus == Focus::Detail => Some(d.slot),
            _ => self.selected_slot(),
        }
    }

    /// Every slot in use, oldest first (for the search index and the benchmark).
    pub fn entries(&self) -> impl Iterator<Item = (u32, &Entry)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.as_ref().map(|e| (i as u32, e)))
    }

    pub fn slot_capacity(&self) -> usize {
        self.slots.len()
    }

    /// Whether the search filter is active and results for it have come back.
    fn search_score(&self, slot: u32) -> Option<Option<i64>> {
        if self.filters.query.is_empty() {
            return None;
        }
        Some(
            self.search
                .scores
                .as_ref()
                .and_then(|s| s.get(slot as usize).copied().flatten()),
        )
    }

    fn passes(&self, slot: u32, e: &Entry, except: Except) -> bool {
        let f = &self.filters;
        (except == Except::Provinces || f.provinces == 0 || e.provinces & f.provinces != 0)
            && (except == Except::Themes || f.themes == 0 || e.themes & f.themes != 0)
            && f.view.admits(&e.triage)
            && self.search_score(slot).is_none_or(|s| s.is_some())
    }

    // ---- filters, rows and counts ----------------------------------------------------------

    /// Rebuild the feed rows and the counts after a filter or the search results changed,
    /// keeping the selected article selected when it is still shown.
    pub fn refilter(&mut self) {
        let keep = self.selected_slot();
        let mut rows: Vec<u32> = self
            .order
            .iter()
            .filter_map(|&slot| self.entry(slot).map(|e| (slot, e)))
            .filter(|(slot, e)| self.passes(*slot, e, Except::Nothing))
            .map(|(slot, _)| slot)
            .collect();
        if let Some(scores) = self
            .search
            .scores
            .as_ref()
            .filter(|_| !self.filters.query.is_empty())
        {
            // Best match on top (= last); equal scores newest first (= later slot last).
            rows.sort_by_key(|&s| (scores[s as usize], s));
        }
        self.rows = rows;
        self.new_above = 0;
        let rows_shown = self.viewport.feed_rows;
        // The selected article if still shown, else the row where it was (after a dismiss,
        // that is the next article).
        let to = keep
            .and_then(|s| self.row_of(s))
            .unwrap_or(self.feed.selected);
        self.feed = Cursor::default();
        self.feed.select(to, self.rows.len(), rows_shown);
        self.recount();
        self.dirty = true;
    }

    /// The backlog is read: put it in order of arrival (its files' write times), newest on top.
    /// Until the analyst has moved, the selection goes to the newest article.
    pub fn settle_backlog(&mut self) {
        let slots = &self.slots;
        let arrived = |slot: u32| slots[slot as usize].as_ref().map(|e| e.arrived);
        self.order.sort_by_key(|&slot| (arrived(slot), slot));
        self.refilter();
        if !self.anchored {
            self.feed = Cursor::default();
        }
    }

    /// Recount the filter panes from scratch.
    fn recount(&mut self) {
        let mut counts = Counts::default();
        for (slot, e) in self.entries() {
            self.count_into(&mut counts, slot, e, 1);
        }
        self.counts = counts;
    }

    /// Add (`sign` = 1) or take away (-1) one article's share of the counts.
    fn count_into(&self, counts: &mut Counts, slot: u32, e: &Entry, sign: isize) {
        if self.passes(slot, e, Except::Provinces) {
            for (i, c) in counts.provinces.iter_mut().enumerate() {
                if e.provinces & (1 << i) != 0 {
                    *c = c.saturating_add_signed(sign);
                }
            }
        }
        if self.passes(slot, e, Except::Themes) {
            for (i, c) in counts.themes.iter_mut().enumerate() {
                if e.themes & (1 << i) != 0 {
                    *c = c.saturating_add_signed(sign);
                }
            }
        }
    }

    fn count_entry(&mut self, slot: u32, sign: isize) {
        let Some(e) = self.entry(slot) else { return };
        let mut counts = self.counts.clone();
        self.count_into(&mut counts, slot, e, sign);
        let mut totals = self.totals.clone();
        let t = &e.triage;
        let add = |n: &mut usize, yes: bool| {
            if yes {
                *n = n.saturating_add_signed(sign);
            }
        };
        add(&mut totals.articles, true);
        add(&mut totals.unread, !t.read && !t.dismissed);
        add(&mut totals.flagged, t.flag > 0 && !t.dismissed);
        add(&mut totals.dismissed, t.dismissed);
        add(&mut totals.errors, e.article.error.is_some());
        self.counts = counts;
        self.totals = totals;
    }

    pub fn toggle_province(&mut self, row: usize) {
        self.filters.provinces ^= 1 << row;
        self.refilter();
    }

    pub fn toggle_theme(&mut self, row: usize) {
        self.filters.themes ^= 1 << row;
        self.refilter();
    }

    pub fn set_view(&mut self, view: View) {
        self.filters.view = view;
        self.refilter();
    }

    pub fn clear_filters(&mut self) {
        let view = self.filters.view;
        self.filters = Filters {
            view,
            ..Filters::default()
        };
        self.search.scores = None;
        self.search.scored_query.clear();
        self.refilter();
    }

    /// Take search results; stale ones (an older query) are ignored. Returns whether used.
    pub fn apply_search(&mut self, generation: u64, query: String, hits: &[(u32, i64)]) -> bool {
        if generation != self.search.generation || query != self.filters.query {
            return false;
        }
        let mut scores = vec![None; self.slots.len()];
        for &(slot, score) in hits {
            if let Some(s) = scores.get_mut(slot as usize) {
                *s = Some(score);
            }
        }
        self.search.scores = Some(scores);
        self.search.scored_query = query;
        self.refilter();
        true
    }

    // ---- articles arriving and leaving -----------------------------------------------------

    /// A new or changed article. Returns its slot.
    ///
    /// A new row goes on top. Until the analyst first moves in the feed the view follows the
    /// newest, so a fresh console (or `demo`) fills from the top; from then on the selection
    /// and the first row shown stay on the same articles and `new_above` counts what arrived
    /// above.
    pub fn upsert(&mut self, article: Article, arrived: SystemTime) -> u32 {
        let existing = self
            .by_path
            .get(&article.path)
            .or_else(|| self.by_id.get(&article.id))
            .copied();
        if let Some(slot) = existing {
            self.replace(slot, article);
            return slot;
        }
        let slot = self.slots.len() as u32;
        let previous = self.triaged_files.get(&article.path).cloned();
        let triage = self.arriving_triage(&article, previous);
        self.by_id.insert(article.id, slot);
        self.by_path.insert(article.path.clone(), slot);
        let entry = Entry::new(article, arrived, &self.ctx.catalog, triage);
        self.slots.push(Some(entry));
        self.order.push(slot);
        if let Some(scores) = self.search.scores.as_mut() {
            scores.push(None);
        }
        self.count_entry(slot, 1);
        let shows = self
            .entry(slot)
            .is_some_and(|e| self.passes(slot, e, Except::Nothing));
        // While a search ranks the feed, a new match joins when the results come back.
        if shows && self.filters.query.is_empty() {
            let was_empty = self.rows.is_empty();
            self.rows.push(slot);
            if self.anchored && !was_empty {
                self.feed.selected += 1;
                self.feed.offset += 1;
                self.new_above += 1;
            }
        }
        self.dirty = true;
        slot
    }

    fn replace(&mut self, slot: u32, article: Article) {
        self.count_entry(slot, -1);
        let old_id = self.entry(slot).map(|e| e.article.id);
        if let Some(old) = old_id.filter(|old| *old != article.id) {
            self.by_id.remove(&old);
        }
        self.by_id.insert(article.id, slot);
        self.by_path.insert(article.path.clone(), slot);
        // The file's previous content, if this is the same file changed.
        let previous = self
            .entry(slot)
            .filter(|e| e.article.path == article.path)
            .map(|e| (e.article.id, e.article.title.clone()));
        let triage = self.arriving_triage(&article, previous);
        let arrived = self.entry(slot).map_or(self.now, |e| e.arrived);
        self.slots[slot as usize] = Some(Entry::new(article, arrived, &self.ctx.catalog, triage));
        self.count_entry(slot, 1);
        self.dirty = true;
    }

    /// The article left the directory: its row goes, the selection stays on its neighbour.
    pub fn remove(&mut self, id: &ArticleId) -> Option<u32> {
        let slot = self.by_id.remove(id)?;
        self.count_entry(slot, -1);
        if let Some(e) = self.slots[slot as usize].take() {
            self.by_path.remove(&e.article.path);
        }
        if let Some(row) = self.row_of(slot) {
            let n = self.rows.len();
            self.rows.remove(n - 1 - row);
            if row < self.feed.selected {
                self.feed.selected -= 1;
            }
            if row < self.feed.offset {
                self.feed.offset -= 1;
                self.new_above = self.new_above.min(self.feed.offset);
            }
            let (len, rows) = (self.rows.len(), self.viewport.feed_rows);
            self.feed.select(self.feed.selected, len, rows);
        }
        if self.detail.as_ref().is_some_and(|d| d.slot == slot) {
            self.detail = None;
            self.focus = Focus::Feed;
        }
        self.dirty = true;
        Some(slot)
    }

    // ---- triage ----------------------------------------------------------------------------

    /// The triage an arriving article starts with: its own; else, when its file had another
    /// id before (edited in place, or parsed differently by a newer watchdesk) under the same
    /// title, the triage of that id, carried over (and queued for the store to record). A
    /// file that now holds another article (a new title) starts afresh.
    fn arriving_triage(
        &mut self,
        article: &Article,
        previous: Option<(ArticleId, String)>,
    ) -> Triage {
        let own = self.triage.get(&article.id).cloned().unwrap_or_default();
        let carried = previous
            .filter(|(id, title)| *id != article.id && same_title(title, &article.title))
            .and_then(|(id, _)| Some((id, self.triage.get(&id)?.clone())))
            .filter(|(_, old)| own == Triage::default() && *old != Triage::default());
        let triage = match carried {
            Some((from, old)) => {
                tracing::info!(%from, to = %article.id, path = article.path, "triage carried to the file's new id");
                self.triage.insert(article.id, old.clone());
                self.carried.push((from, article.id));
                old
            }
            None => own,
        };
        if triage != Triage::default() {
            self.remember_file(article);
        }
        triage
    }

    /// Note which id and title a triaged article's file has now.
    fn remember_file(&mut self, article: &Article) {
        self.triaged_files
            .insert(article.path.clone(), (article.id, article.title.clone()));
    }

    /// Carries made since the last call: (from, to) for the store to record.
    pub fn take_carried(&mut self) -> Vec<(ArticleId, ArticleId)> {
        std::mem::take(&mut self.carried)
    }

    /// Remember the id and title each triaged file had (the store's snapshots), so that its
    /// triage follows it to a new id.
    pub fn load_triaged_files(&mut self, files: Vec<(String, ArticleId, String)>) {
        for (path, id, title) in files {
            self.triaged_files.insert(path, (id, title));
        }
    }

    pub fn triage_of(&self, slot: u32) -> Option<&Triage> {
        self.entry(slot).map(|e| &e.triage)
    }

    /// Set an article's triage (from a key or from the store). The feed keeps its rows (an
    /// article read in the "unread" view stays until the filters change), except that a
    /// dismissed article leaves a view that does not admit it.
    pub fn set_triage(&mut self, id: ArticleId, triage: Triage) {
        self.triage.insert(id, triage.clone());
        let Some(slot) = self.slot_of(&id) else {
            return;
        };
        if triage != Triage::default()
            && let Some(Some(e)) = self.slots.get(slot as usize)
        {
            self.triaged_files
                .insert(e.article.path.clone(), (id, e.article.title.clone()));
        }
        if self.entry(slot).is_some_and(|e| e.triage == triage) {
            return;
        }
        self.count_entry(slot, -1);
        let dismissed_changed = self
            .entry(slot)
            .is_some_and(|e| e.triage.dismissed != triage.dismissed);
        if let Some(e) = self.slots[slot as usize].as_mut() {
            e.triage = triage;
        }
        self.count_entry(slot, 1);
        if dismissed_changed {
            self.refilter();
        }
        self.dirty = true;
    }

    // ---- feed cursor -----------------------------------------------------------------------

    pub fn move_feed(&mut self, to: usize) {
        self.anchored = true;
        let (len, rows) = (self.rows.len(), self.viewport.feed_rows);
        self.feed.select(to, len, rows);
        self.new_above = self.new_above.min(self.feed.offset);
        self.dirty = true;
    }

    pub fn step_feed(&mut self, delta: isize) {
        self.move_feed(self.feed.selected.saturating_add_signed(delta));
    }

    /// Remember every triage state loaded at start-up.
    pub fn load_triage(&mut self, all: Vec<(ArticleId, Triage)>) {
        for (id, t) in all {
            self.set_triage(id, t);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::article::{ProvinceTag, ThemeTag};
    use std::time::Duration;

    pub fn ctx() -> Context {
        Context::new(
            "/news".into(),
            Arc::new(Pipeline::new(Tagger::builtin())),
            BidiSetting::App,
            false,
        )
    }

    pub fn article(n: u32, title: &str, provinces: &[&str], themes: &[&str]) -> Article {
        let mut a = Article::unreadable(&format!("a{n}.txt"), 100, String::new());
        a.error = None;
        a.id = ArticleId::from_text(&format!("{n} {title}"));
        a.title = title.to_string();
        a.source = Some("واع".to_string());
        a.body = format!("{title}\n\nنص الخبر");
        a.provinces = provinces
            .iter()
            .map(|p| ProvinceTag {
                id: p.to_string(),
                hits: vec![],
            })
            .collect();
        a.themes = themes
            .iter()
            .map(|t| ThemeTag {
                id: t.to_string(),
                score: 2.0,
                hits: vec![],
            })
            .collect();
        a
    }

    pub fn t0() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
    }

    fn model_with(n: u32) -> Model {
        let mut m = Model::new(ctx());
        m.viewport.feed_rows = 5;
        for i in 0..n {
            m.upsert(article(i, &format!("خبر {i}"), &["baghdad"], &[]), t0());
        }
        m
    }

    #[test]
    fn rows_are_newest_first() {
        let m = model_with(3);
        assert_eq!(m.row(0).unwrap().article.title, "خبر 2");
        assert_eq!(m.row(2).unwrap().article.title, "خبر 0");
        assert_eq!(m.row_of(0), Some(2));
    }

    #[test]
    fn arrivals_above_do_not_move_the_selection_once_anchored() {
        let mut m = model_with(10);
        m.move_feed(3);
        let chosen = m.selected_slot();
        let top = m.row_slot(m.feed.offset);
        for i in 10..13 {
            m.upsert(article(i, "جديد", &["basra"], &[]), t0());
        }
        assert_eq!(m.selected_slot(), chosen);
        assert_eq!(m.row_slot(m.feed.offset), top, "first row shown stays");
        assert_eq!(m.new_above, 3);
        // Going to the top shows them and clears the counter.
        m.move_feed(0);
        assert_eq!(m.new_above, 0);
        assert_eq!(m.row(0).unwrap().article.title, "جديد");
    }

    #[test]
    fn before_the_analyst_moves_live_arrivals_show_at_the_top() {
        let mut m = model_with(3);
        m.ingest.backlog_done = true;
        m.upsert(article(3, "جديد", &["basra"], &[]), t0());
        assert_eq!(m.feed.selected, 0);
        assert_eq!(m.new_above, 0);
        assert_eq!(m.row(0).unwrap().article.title, "جديد");
    }

    #[test]
    fn before_the_analyst_moves_the_backlog_fills_from_the_top() {
        let m = model_with(10);
        assert_eq!(m.feed.selected, 0);
        assert_eq!(m.new_above, 0);
        assert_eq!(m.row(0).unwrap().article.title, "خبر 9");
    }

    #[test]
    fn filters_combine_and_counts_follow_the_other_filters() {
        let mut m = Model::new(ctx());
        m.upsert(article(1, "a", &["baghdad"], &["terrorism"]), t0());
        m.upsert(article(2, "b", &["baghdad"], &["drugs"]), t0());
        m.upsert(article(3, "c", &["basra"], &["terrorism"]), t0());
        m.upsert(article(4, "d", &[], &["terrorism", "drugs"]), t0());
        let baghdad = 0;
        let basra = 1;
        let terrorism = 0;
        let drugs = 6;
        assert_eq!(m.counts.provinces[baghdad], 2);
        assert_eq!(m.counts.provinces[NATIONAL], 1);
        assert_eq!(m.counts.themes[terrorism], 3);

        m.toggle_province(baghdad);
        assert_eq!(m.row_count(), 2);
        // Theme counts now only count Baghdad; province counts ignore the province filter.
        assert_eq!(m.counts.themes[terrorism], 1);
        assert_eq!(m.counts.themes[drugs], 1);
        assert_eq!(m.counts.provinces[basra], 1);

        m.toggle_theme(terrorism);
        assert_eq!(m.row_count(), 1);
        assert_eq!(m.row(0).unwrap().article.title, "a");
        assert_eq!(
            m.counts.provinces[basra], 1,
            "Basra has one terrorism article"
        );
        assert_eq!(m.counts.provinces[baghdad], 1);

        // Several provinces: any of them.
        m.toggle_province(basra);
        assert_eq!(m.row_count(), 2);

        // View: flagged only.
        let id = m.row(0).unwrap().article.id;
        m.set_triage(
            id,
            Triage {
                flag: 2,
                ..Triage::default()
            },
        );
        m.set_view(View::Flagged);
        assert_eq!(m.row_count(), 1);
        assert_eq!(m.counts.themes[terrorism], 1);

        m.clear_filters();
        assert_eq!(m.row_count(), 1, "the view is not a filter that c clears");
        m.set_view(View::All);
        assert_eq!(m.row_count(), 4);
    }

    #[test]
    fn search_results_filter_and_rank_and_stale_ones_are_dropped() {
        let mut m = model_with(4);
        m.filters.query = "خبر".into();
        m.search.generation = 2;
        assert!(!m.apply_search(1, "خبر".into(), &[(0, 5)]), "stale");
        assert!(m.apply_search(2, "خبر".into(), &[(0, 5), (2, 9), (3, 1)]));
        let order: Vec<u32> = (0..m.row_count()).map(|i| m.row_slot(i).unwrap()).collect();
        assert_eq!(order, vec![2, 0, 3]);
    }

    #[test]
    fn dismissing_hides_from_the_default_view_and_totals_follow() {
        let mut m = model_with(3);
        assert_eq!(m.totals.unread, 3);
        let id = m.row(0).unwrap().article.id;
        m.set_triage(
            id,
            Triage {
                dismissed: true,
                ..Triage::default()
            },
        );
        assert_eq!(m.row_count(), 2);
        assert_eq!(m.totals.dismissed, 1);
        assert_eq!(m.totals.unread, 2);
        m.set_view(View::Dismissed);
        assert_eq!(m.row_count(), 1);
    }

    fn flagged() -> Triage {
        Triage {
            flag: 2,
            note: Some("تابع".into()),
            ..Triage::default()
        }
    }

    /// The same file (a1.txt) with other content: a new id.
    fn edited(a: &Article, title: &str) -> Article {
        let mut b = a.clone();
        b.id = ArticleId::from_text("the file's new content");
        b.title = title.to_string();
        b
    }

    #[test]
    fn a_file_edited_in_place_keeps_its_triage_under_its_new_id() {
        let mut m = Model::new(ctx());
        let a = article(1, "انفجار في الرمادي", &["anbar"], &[]);
        let slot = m.upsert(a.clone(), t0());
        m.set_triage(a.id, flagged());
        // The outlet rewrites the file: same title (spelt another way), new body, new id.
        let b = edited(&a, "انفجار في الرمادى");
        assert_eq!(m.upsert(b.clone(), t0()), slot);
        assert_eq!(m.triage_of(slot), Some(&flagged()));
        assert_eq!(m.take_carried(), vec![(a.id, b.id)]);
        assert!(m.take_carried().is_empty(), "taken once");
        assert_eq!(m.totals.flagged, 1);
    }

    #[test]
    fn a_file_that_now_holds_another_article_starts_afresh() {
        let mut m = Model::new(ctx());
        let a = article(1, "انفجار في الرمادي", &["anbar"], &[]);
        let slot = m.upsert(a.clone(), t0());
        m.set_triage(a.id, flagged());
        m.upsert(edited(&a, "افتتاح مهرجان بابل"), t0());
        assert_eq!(m.triage_of(slot), Some(&Triage::default()));
        assert!(m.take_carried().is_empty());
    }

    #[test]
    fn triage_saved_under_an_old_id_finds_the_file_after_a_restart() {
        // A newer watchdesk parses the file differently: the id the store knows is not the
        // one the file has now.
        let a = article(1, "اغتيال ناشط في البصرة", &["basra"], &[]);
        let b = edited(&a, &a.title);
        let mut m = Model::new(ctx());
        m.load_triage(vec![(a.id, flagged())]);
        m.load_triaged_files(vec![(a.path.clone(), a.id, a.title.clone())]);
        let slot = m.upsert(b.clone(), t0());
        assert_eq!(m.triage_of(slot), Some(&flagged()));
        assert_eq!(m.take_carried(), vec![(a.id, b.id)]);

        // A new id with triage of its own keeps it.
        let mut m = Model::new(ctx());
        let own = Triage {
            read: true,
            ..Triage::default()
        };
        m.load_triage(vec![(a.id, flagged()), (b.id, own.clone())]);
        m.load_triaged_files(vec![(a.path.clone(), a.id, a.title.clone())]);
        let slot = m.upsert(b, t0());
        assert_eq!(m.triage_of(slot), Some(&own));
        assert!(m.take_carried().is_empty());
    }

    #[test]
    fn triage_known_before_the_article_arrives_is_applied() {
        let mut m = Model::new(ctx());
        let a = article(7, "x", &[], &[]);
        m.load_triage(vec![(
            a.id,
            Triage {
                read: true,
                ..Triage::default()
            },
        )]);
        let slot = m.upsert(a, t0());
        assert!(m.triage_of(slot).unwrap().read);
        assert_eq!(m.totals.unread, 0);
    }

    #[test]
    fn removal_keeps_the_selection_on_the_same_article() {
        let mut m = model_with(6);
        m.move_feed(3);
        let chosen = m.selected_slot();
        let above = m.row(1).unwrap().article.id;
        m.remove(&above);
        assert_eq!(m.selected_slot(), chosen);
        assert_eq!(m.row_count(), 5);
        assert_eq!(m.totals.articles, 5);
    }

    #[test]
    fn changed_article_keeps_its_row() {
        let mut m = model_with(3);
        let mut a = article(1, "عنوان معدل", &["basra"], &[]);
        a.path = "a1.txt".into();
        let slot = m.upsert(a, t0());
        assert_eq!(slot, 1);
        assert_eq!(m.row(1).unwrap().article.title, "عنوان معدل");
        assert_eq!(m.totals.articles, 3);
        assert_eq!(m.counts.provinces[1], 1);
    }
}
