//! The one place the model changes: `update(model, action)` applies an [`Action`] and returns
//! the [`Effect`]s the event loop must carry out (search, persist). It never blocks and never
//! touches the terminal; it sets `model.dirty` so the loop knows to draw.

use super::action::Action;
use super::line_edit::{self, Edit};
use super::reader::ReaderDoc;
use super::search::search_text;
use super::state::{Detail, Focus, MAX_FLAG, Model, PROVINCE_ROWS, Prompt, Triage};
use crate::article::{Article, ArticleId, THEME_IDS};
use crate::ingest::IngestEvent;

/// Work for the event loop, off the UI path.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Run this query (newest generation wins).
    Search { generation: u64, query: String },
    /// Put an article's searchable text into the search index.
    Index { slot: u32, text: String },
    /// Take it out.
    Unindex { slot: u32 },
    /// Persist a triage change (with the article, which the store remembers for export).
    SaveTriage {
        id: ArticleId,
        change: TriageChange,
        article: Box<Article>,
    },
    /// Record that the article `to` (a file's new id) took over the triage of `from` (its
    /// old id).
    CarryTriage {
        from: ArticleId,
        to: ArticleId,
        article: Box<Article>,
    },
}

/// One triage action, as the store records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TriageChange {
    Read(bool),
    /// 0 = unflag.
    Flag(u8),
    Dismissed(bool),
    Note(Option<String>),
}

pub fn update(m: &mut Model, action: Action) -> Vec<Effect> {
    let mut fx = Vec::new();
    m.dirty = true;
    // A message stays until the user does something (not until the store echoes the change
    // that the message is about).
    if !action.name().is_empty() || matches!(action, Action::Input(_) | Action::InputBackspace) {
        m.flash = None;
    }
    match action {
        Action::Quit => m.quit = true,
        Action::ToggleHelp => m.help = if m.help.is_some() { None } else { Some(0) },
        Action::Back => back(m),
        Action::Up => step(m, -1),
        Action::Down => step(m, 1),
        Action::HalfPageUp => step(m, -(page(m) as isize / 2).max(1)),
        Action::HalfPageDown => step(m, (page(m) as isize / 2).max(1)),
        Action::PageUp => step(m, -(page(m) as isize).max(1)),
        Action::PageDown => step(m, (page(m) as isize).max(1)),
        Action::Top => step(m, isize::MIN / 2),
        Action::Bottom => step(m, isize::MAX / 2),
        Action::Open => open(m, &mut fx),
        Action::NextArticle => next_article(m, 1, &mut fx),
        Action::PrevArticle => next_article(m, -1, &mut fx),
        Action::FocusNext => cycle_focus(m, 1),
        Action::FocusPrev => cycle_focus(m, -1),
        Action::FocusProvinces => m.focus = Focus::Provinces,
        Action::FocusThemes => m.focus = Focus::Themes,
        Action::Search => {
            m.help = None;
            close_detail(m);
            m.prompt = Some(Prompt::Search {
                cursor: m.filters.query.len(),
            });
        }
        Action::ToggleItem => toggle_item(m),
        Action::ClearFilters => m.clear_filters(),
        Action::CycleView => m.set_view(m.filters.view.next()),
        Action::ToggleRead => triage(m, &mut fx, |t| TriageChange::Read(!t.read)),
        Action::Flag => triage(m, &mut fx, |t| {
            TriageChange::Flag((t.flag + 1) % (MAX_FLAG + 1))
        }),
        Action::Dismiss => triage(m, &mut fx, |t| TriageChange::Dismissed(!t.dismissed)),
        Action::EditNote => {
            if let Some(slot) = m.current_slot() {
                let text = m
                    .triage_of(slot)
                    .and_then(|t| t.note.clone())
                    .unwrap_or_default();
                m.prompt = Some(Prompt::Note {
                    slot,
                    cursor: text.len(),
                    text,
                });
            }
        }
        Action::Input(c) => edit_prompt(m, &mut fx, Edit::Insert(c)),
        Action::InputBackspace => edit_prompt(m, &mut fx, Edit::DeleteBack),
        Action::CursorLeft | Action::CursorRight | Action::WordLeft | Action::WordRight => {
            let leftward = matches!(action, Action::CursorLeft | Action::WordLeft);
            let word = matches!(action, Action::WordLeft | Action::WordRight);
            let rtl = m.prompt_text().is_some_and(crate::text::display::is_rtl);
            edit_prompt(m, &mut fx, Edit::visual(leftward, word, rtl));
        }
        Action::LineStart => edit_prompt(m, &mut fx, Edit::Start),
        Action::LineEnd => edit_prompt(m, &mut fx, Edit::End),
        Action::DeleteForward => edit_prompt(m, &mut fx, Edit::DeleteForward),
        Action::DeleteWordBack => edit_prompt(m, &mut fx, Edit::DeleteWordBack),
        Action::DeleteToStart => edit_prompt(m, &mut fx, Edit::DeleteToStart),
        Action::DeleteToEnd => edit_prompt(m, &mut fx, Edit::DeleteToEnd),
        Action::Ingest(ev, at) => {
            m.now = m.now.max(at);
            ingest(m, *ev, at, &mut fx);
        }
        Action::SearchDone(r) => {
            m.apply_search(r.generation, r.query, &r.hits);
        }
        Action::TriageLoaded(changes) => {
            let open = m.detail.as_ref().map(|d| d.slot);
            let touches_open = changes
                .iter()
                .any(|(id, _)| open.is_some() && m.slot_of(id) == open);
            m.load_triage(changes);
            if touches_open {
                rebuild_detail(m);
            }
        }
        Action::Resize(viewport) => {
            let width_changed = viewport.detail_width != m.viewport.detail_width;
            m.viewport = viewport;
            let (len, rows) = (m.row_count(), viewport.feed_rows);
            m.feed.select(m.feed.selected, len, rows);
            m.provinces_cursor.select(
                m.provinces_cursor.selected,
                PROVINCE_ROWS,
                viewport.provinces_rows,
            );
            m.themes_cursor.select(
                m.themes_cursor.selected,
                THEME_IDS.len(),
                viewport.themes_rows,
            );
            if width_changed {
                rebuild_detail(m);
            }
            clamp_detail_scroll(m);
        }
        Action::Tick(now) => m.now = now,
    }
    fx
}

fn page(m: &Model) -> usize {
    match m.focus {
        Focus::Detail => m.viewport.detail_rows,
        Focus::Provinces => m.viewport.provinces_rows,
        Focus::Themes => m.viewport.themes_rows,
        Focus::Feed => m.viewport.feed_rows,
    }
}

/// Move within whatever has the keys: the help, the feed (also under the search prompt), a
/// filter list, or the article's text.
fn step(m: &mut Model, delta: isize) {
    if let Some(scroll) = m.help.as_mut() {
        *scroll = scroll
            .saturating_add_signed(delta)
            .min(m.help_len.saturating_sub(1));
        return;
    }
    if matches!(m.prompt, Some(Prompt::Note { .. })) {
        return;
    }
    match m.focus {
        Focus::Feed => m.step_feed(delta),
        Focus::Provinces => {
            m.provinces_cursor
                .step(delta, PROVINCE_ROWS, m.viewport.provinces_rows)
        }
        Focus::Themes => m
            .themes_cursor
            .step(delta, THEME_IDS.len(), m.viewport.themes_rows),
        Focus::Detail => {
            if let Some(d) = m.detail.as_mut() {
                d.scroll = d.scroll.saturating_add_signed(delta);
            }
            clamp_detail_scroll(m);
        }
    }
}

fn clamp_detail_scroll(m: &mut Model) {
    let rows = m.viewport.detail_rows.max(1);
    if let Some(d) = m.detail.as_mut() {
        d.scroll = d.scroll.min(d.doc.lines.len().saturating_sub(rows));
    }
}

fn back(m: &mut Model) {
    if m.help.is_some() {
        m.help = None;
    } else if let Some(prompt) = m.prompt.take() {
        if matches!(prompt, Prompt::Search { .. }) && !m.filters.query.is_empty() {
            // Esc cancels the search; Enter keeps it as a filter.
            m.filters.query.clear();
            m.search.scores = None;
            m.search.scored_query.clear();
            m.refilter();
        }
    } else if m.detail.is_some() {
        close_detail(m);
    } else if m.focus != Focus::Feed {
        m.focus = Focus::Feed;
    }
}

fn close_detail(m: &mut Model) {
    if m.detail.take().is_some() || m.focus == Focus::Detail {
        m.focus = Focus::Feed;
    }
}

fn open(m: &mut Model, fx: &mut Vec<Effect>) {
    match m.prompt.take() {
        Some(Prompt::Search { .. }) => {
            m.focus = Focus::Feed;
            return;
        }
        Some(Prompt::Note { slot, text, .. }) => {
            let note = (!text.trim().is_empty()).then(|| text.trim().to_string());
            if let Some(id) = m.entry(slot).map(|e| e.article.id) {
                apply_triage(m, fx, id, TriageChange::Note(note));
                m.flash = Some("note saved".into());
            }
            return;
        }
        None => {}
    }
    match m.focus {
        Focus::Feed => {
            if let Some(slot) = m.selected_slot() {
                open_article(m, slot, fx);
            }
        }
        Focus::Provinces | Focus::Themes => toggle_item(m),
        Focus::Detail => {}
    }
}

/// Show an article in the article view; opening it marks it read.
fn open_article(m: &mut Model, slot: u32, fx: &mut Vec<Effect>) {
    m.detail = Some(Detail {
        slot,
        scroll: 0,
        doc: ReaderDoc {
            width: 0,
            lines: Vec::new(),
        },
    });
    m.focus = Focus::Detail;
    if let Some(e) = m.entry(slot)
        && !e.triage.read
    {
        let id = e.article.id;
        apply_triage(m, fx, id, TriageChange::Read(true));
    }
    rebuild_detail(m);
}

/// Lay the open article out again (new width, new triage, new version of the file).
fn rebuild_detail(m: &mut Model) {
    let Some(slot) = m.detail.as_ref().map(|d| d.slot) else {
        return;
    };
    let Some(entry) = m.entry(slot) else {
        return;
    };
    let opts = m.ctx.layout_options(m.viewport.detail_width);
    let doc = ReaderDoc::build(
        &entry.article,
        &entry.triage,
        &m.ctx.catalog,
        &m.ctx.pipeline.tagger,
        &opts,
    );
    if let Some(d) = m.detail.as_mut() {
        d.doc = doc;
    }
    clamp_detail_scroll(m);
}

fn next_article(m: &mut Model, delta: isize, fx: &mut Vec<Effect>) {
    let Some(current) = m.detail.as_ref().map(|d| d.slot) else {
        return;
    };
    let row = m.row_of(current).unwrap_or(m.feed.selected);
    let to = row.saturating_add_signed(delta);
    if to >= m.row_count() || (delta < 0 && row == 0) {
        return;
    }
    m.move_feed(to);
    if let Some(slot) = m.selected_slot() {
        open_article(m, slot, fx);
    }
}

/// Tab order: provinces, themes, then the main pane (the article when one is open).
fn cycle_focus(m: &mut Model, delta: isize) {
    let main = if m.detail.is_some() {
        Focus::Detail
    } else {
        Focus::Feed
    };
    let order = [Focus::Provinces, Focus::Themes, main];
    let at = order.iter().position(|f| *f == m.focus).unwrap_or(2);
    m.focus = order[(at as isize + delta).rem_euclid(3) as usize];
}

fn toggle_item(m: &mut Model) {
    match m.focus {
        Focus::Provinces => m.toggle_province(m.provinces_cursor.selected),
        Focus::Themes => m.toggle_theme(m.themes_cursor.selected),
        _ => {}
    }
}

/// Apply a triage key to the current article.
fn triage(m: &mut Model, fx: &mut Vec<Effect>, change: impl FnOnce(&Triage) -> TriageChange) {
    let Some(slot) = m.current_slot() else { return };
    let Some(e) = m.entry(slot) else { return };
    let (id, change) = (e.article.id, change(&e.triage));
    apply_triage(m, fx, id, change);
}

fn apply_triage(m: &mut Model, fx: &mut Vec<Effect>, id: ArticleId, change: TriageChange) {
    let Some(slot) = m.slot_of(&id) else { return };
    let mut t = m.triage_of(slot).cloned().unwrap_or_default();
    match &change {
        TriageChange::Read(r) => t.read = *r,
        TriageChange::Flag(f) => t.flag = *f,
        TriageChange::Dismissed(d) => t.dismissed = *d,
        TriageChange::Note(n) => t.note = n.clone(),
    }
    m.set_triage(id, t);
    if let Some(e) = m.entry(slot) {
        let article = Box::new(e.article.clone());
        fx.push(Effect::SaveTriage {
            id,
            change,
            article,
        });
    }
    if m.detail.as_ref().is_some_and(|d| d.slot == slot) {
        rebuild_detail(m);
    }
}

/// Edit the open prompt's text; a changed query is searched again.
fn edit_prompt(m: &mut Model, fx: &mut Vec<Effect>, edit: Edit) {
    match m.prompt.as_mut() {
        Some(Prompt::Note { text, cursor, .. }) => {
            line_edit::apply(text, cursor, edit);
        }
        Some(Prompt::Search { cursor }) => {
            if !line_edit::apply(&mut m.filters.query, cursor, edit) {
                return;
            }
            if m.filters.query.trim().is_empty() {
                m.search.scores = None;
                m.search.scored_query.clear();
                m.refilter();
            } else {
                fx.push(search_effect(m));
            }
        }
        None => {}
    }
}

/// Ask for results of the current query (a new generation makes older ones stale).
fn search_effect(m: &mut Model) -> Effect {
    m.search.generation += 1;
    Effect::Search {
        generation: m.search.generation,
        query: m.filters.query.clone(),
    }
}

fn ingest(m: &mut Model, ev: IngestEvent, at: std::time::SystemTime, fx: &mut Vec<Effect>) {
    match ev {
        IngestEvent::Progress { done, total } => m.ingest.progress = Some((done, total)),
        IngestEvent::BacklogDone { files, elapsed } => {
            m.ingest.progress = None;
            m.ingest.backlog_done = true;
            m.settle_backlog();
            tracing::info!(files, ?elapsed, "backlog read");
        }
        IngestEvent::Article { article, .. } => {
            let text = search_text(&article.title, article.source.as_deref());
            // A backlog article reached the desk when its file was written, not when it was read.
            let arrived = match article.modified {
                Some(secs) if !m.ingest.backlog_done => {
                    std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs)
                }
                _ => at,
            };
            let slot = m.upsert(*article, arrived);
            for (from, to) in m.take_carried() {
                if let Some(e) = m.entry(slot) {
                    let article = Box::new(e.article.clone());
                    fx.push(Effect::CarryTriage { from, to, article });
                }
            }
            fx.push(Effect::Index { slot, text });
            if !m.filters.query.is_empty() {
                fx.push(search_effect(m));
            }
            if m.detail.as_ref().is_some_and(|d| d.slot == slot) {
                rebuild_detail(m);
            }
        }
        IngestEvent::Removed { id, .. } => {
            if let Some(slot) = m.remove(&id) {
                fx.push(Effect::Unindex { slot });
            }
        }
        IngestEvent::Notice(text) => m.ingest.notice = Some(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::View;
    use crate::app::state::tests::{article, ctx, t0};
    use crate::output::Change;

    fn arrive(m: &mut Model, n: u32, title: &str, provinces: &[&str]) -> Vec<Effect> {
        let a = article(n, title, provinces, &[]);
        update(
            m,
            Action::Ingest(
                Box::new(IngestEvent::Article {
                    article: Box::new(a),
                    change: Change::Added,
                }),
                t0(),
            ),
        )
    }

    fn model(n: u32) -> Model {
        let mut m = Model::new(ctx());
        for i in 0..n {
            arrive(&mut m, i, &format!("خبر {i}"), &["baghdad"]);
        }
        m
    }

    #[test]
    fn the_backlog_is_ordered_by_when_its_files_were_written() {
        let mut m = Model::new(ctx());
        m.viewport.feed_rows = 5;
        // Read in path order; written on other days.
        for (n, days_ago) in [(0u32, 3u64), (1, 1), (2, 7), (3, 2)] {
            let mut a = article(n, &format!("خبر {n}"), &["baghdad"], &[]);
            a.modified = Some(1_700_000_000 - days_ago * 86_400);
            update(
                &mut m,
                Action::Ingest(
                    Box::new(IngestEvent::Article {
                        article: Box::new(a),
                        change: Change::Added,
                    }),
                    t0(),
                ),
            );
        }
        update(
            &mut m,
            Action::Ingest(
                Box::new(IngestEvent::BacklogDone {
                    files: 4,
                    elapsed: std::time::Duration::ZERO,
                }),
                t0(),
            ),
        );
        let titles: Vec<String> = (0..4)
            .map(|r| m.row(r).unwrap().article.title.clone())
            .collect();
        assert_eq!(
            titles,
            ["خبر 1", "خبر 3", "خبر 0", "خبر 2"],
            "newest written on top"
        );
        assert_eq!(m.feed.selected, 0);
        let top = m.row(0).unwrap();
        assert_eq!(
            top.arrived,
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000 - 86_400)
        );
        // A live article arrives now, on top, whatever its file says.
        let mut live = article(9, "عاجل", &["basra"], &[]);
        live.modified = Some(1);
        update(
            &mut m,
            Action::Ingest(
                Box::new(IngestEvent::Article {
                    article: Box::new(live),
                    change: Change::Added,
                }),
                t0(),
            ),
        );
        assert_eq!(m.row(0).unwrap().article.title, "عاجل");
        assert_eq!(m.row(0).unwrap().arrived, t0());
    }

    #[test]
    fn opening_marks_read_and_is_saved() {
        let mut m = model(3);
        let fx = update(&mut m, Action::Open);
        assert_eq!(m.focus, Focus::Detail);
        assert!(m.detail.as_ref().is_some_and(|d| !d.doc.lines.is_empty()));
        let slot = m.detail.as_ref().unwrap().slot;
        assert!(m.triage_of(slot).unwrap().read);
        assert!(matches!(
            fx.as_slice(),
            [Effect::SaveTriage {
                change: TriageChange::Read(true),
                ..
            }]
        ));
        assert_eq!(m.totals.unread, 2);
        update(&mut m, Action::Back);
        assert_eq!(m.focus, Focus::Feed);
        assert!(m.detail.is_none());
    }

    #[test]
    fn a_changed_file_carries_its_triage_and_asks_the_store_to_record_it() {
        let mut m = model(1);
        update(&mut m, Action::Flag);
        let old = m.row(0).unwrap().article.clone();
        let mut new = old.clone();
        new.id = crate::article::ArticleId::from_text("تحديث: ارتفاع عدد الضحايا");
        new.body.push_str("\n\nتحديث: ارتفاع عدد الضحايا");
        let fx = update(
            &mut m,
            Action::Ingest(
                Box::new(IngestEvent::Article {
                    article: Box::new(new.clone()),
                    change: Change::Changed,
                }),
                t0(),
            ),
        );
        assert!(
            fx.iter()
                .any(|e| matches!(e, Effect::CarryTriage { from, to, .. }
                if *from == old.id && *to == new.id)),
            "{fx:?}"
        );
        assert_eq!(m.row(0).unwrap().triage.flag, 1);
    }

    #[test]
    fn a_note_is_edited_where_the_cursor_is() {
        let mut m = model(2);
        let slot = m.selected_slot().unwrap();
        update(&mut m, Action::EditNote);
        for c in "هجوم الموصل".chars() {
            update(&mut m, Action::Input(c));
        }
        // Arabic reads right to left: the right arrow goes back a word, to before "الموصل".
        update(&mut m, Action::WordRight);
        for c in "في ".chars() {
            update(&mut m, Action::Input(c));
        }
        update(&mut m, Action::LineStart);
        update(&mut m, Action::DeleteForward);
        update(&mut m, Action::Input('ه'));
        update(&mut m, Action::LineEnd);
        update(&mut m, Action::CursorRight);
        update(&mut m, Action::InputBackspace);
        update(&mut m, Action::Open);
        // The store echoing the change back does not take the message away; a key does.
        update(&mut m, Action::TriageLoaded(Vec::new()));
        assert_eq!(m.flash.as_deref(), Some("note saved"));
        update(&mut m, Action::Down);
        assert_eq!(m.flash, None);
        // "هجوم الموصل" -> "هجوم في الموصل" -> (first letter replaced by itself) -> the
        // letter before the last one deleted.
        assert_eq!(
            m.triage_of(slot).unwrap().note.as_deref(),
            Some("هجوم في المول")
        );
    }

    #[test]
    fn editing_keys_search_again_only_when_the_query_changes() {
        let mut m = model(2);
        update(&mut m, Action::Search);
        for c in "abc".chars() {
            update(&mut m, Action::Input(c));
        }
        assert!(update(&mut m, Action::CursorLeft).is_empty(), "a move");
        let fx = update(&mut m, Action::DeleteToEnd);
        assert_eq!(m.filters.query, "ab");
        assert!(matches!(&fx[..], [Effect::Search { query, .. }] if query == "ab"));
        assert!(
            update(&mut m, Action::DeleteToEnd).is_empty(),
            "nothing left to delete"
        );
    }

    #[test]
    fn triage_keys_toggle_and_cycle() {
        let mut m = model(2);
        let slot = m.selected_slot().unwrap();
        update(&mut m, Action::ToggleRead);
        assert!(m.triage_of(slot).unwrap().read);
        update(&mut m, Action::ToggleRead);
        assert!(!m.triage_of(slot).unwrap().read);
        for want in [1, 2, 3, 0] {
            update(&mut m, Action::Flag);
            assert_eq!(m.triage_of(slot).unwrap().flag, want);
        }
        update(&mut m, Action::EditNote);
        for c in "مهم".chars() {
            update(&mut m, Action::Input(c));
        }
        let fx = update(&mut m, Action::Open);
        assert_eq!(m.triage_of(slot).unwrap().note.as_deref(), Some("مهم"));
        assert!(matches!(
            &fx[..],
            [Effect::SaveTriage {
                change: TriageChange::Note(Some(_)),
                ..
            }]
        ));
        update(&mut m, Action::Dismiss);
        assert!(m.triage_of(slot).unwrap().dismissed);
        assert_eq!(m.row_count(), 1, "dismissed leaves the default view");
        update(&mut m, Action::CycleView);
        assert_eq!(m.filters.view, View::Unread);
        update(&mut m, Action::CycleView);
        update(&mut m, Action::CycleView);
        assert_eq!(m.filters.view, View::Dismissed);
        assert_eq!(m.row_count(), 1);
        update(&mut m, Action::Dismiss);
        assert!(!m.triage_of(slot).unwrap().dismissed);
    }

    #[test]
    fn reading_in_the_unread_view_keeps_the_row_until_the_filters_change() {
        let mut m = model(3);
        m.set_view(View::Unread);
        update(&mut m, Action::ToggleRead);
        assert_eq!(m.row_count(), 3);
        update(&mut m, Action::CycleView);
        update(&mut m, Action::CycleView);
        update(&mut m, Action::CycleView);
        update(&mut m, Action::CycleView);
        assert_eq!(m.row_count(), 2);
    }

    #[test]
    fn typing_a_query_asks_for_search_and_esc_cancels_it() {
        let mut m = model(3);
        update(&mut m, Action::Search);
        let fx = update(&mut m, Action::Input('خ'));
        assert_eq!(
            fx,
            vec![Effect::Search {
                generation: 1,
                query: "خ".into()
            }]
        );
        let fx = update(&mut m, Action::Input('ب'));
        assert!(matches!(&fx[..], [Effect::Search { generation: 2, .. }]));
        // Results for generation 1 are stale now.
        update(
            &mut m,
            Action::SearchDone(crate::app::search::SearchResults {
                generation: 1,
                query: "خ".into(),
                hits: vec![(0, 1)],
            }),
        );
        assert_eq!(m.row_count(), 3);
        update(
            &mut m,
            Action::SearchDone(crate::app::search::SearchResults {
                generation: 2,
                query: "خب".into(),
                hits: vec![(0, 1), (1, 5)],
            }),
        );
        assert_eq!(m.row_count(), 2);
        assert_eq!(m.row_slot(0), Some(1));
        update(&mut m, Action::Back);
        assert!(m.prompt.is_none());
        assert_eq!(m.row_count(), 3);
    }

    #[test]
    fn search_filter_combines_with_provinces() {
        let mut m = Model::new(ctx());
        arrive(&mut m, 0, "انفجار في بغداد", &["baghdad"]);
        arrive(&mut m, 1, "انفجار في البصرة", &["basra"]);
        arrive(&mut m, 2, "امطار", &["basra"]);
        update(&mut m, Action::Search);
        update(&mut m, Action::Input('ا'));
        update(&mut m, Action::Open); // keep as filter
        update(
            &mut m,
            Action::SearchDone(crate::app::search::SearchResults {
                generation: 1,
                query: "ا".into(),
                hits: vec![(0, 3), (1, 3)],
            }),
        );
        assert_eq!(m.row_count(), 2);
        assert_eq!(m.counts.provinces[1], 1, "basra: only the searched one");
        update(&mut m, Action::FocusProvinces);
        update(&mut m, Action::Down);
        update(&mut m, Action::ToggleItem);
        assert_eq!(m.row_count(), 1);
        assert_eq!(m.row(0).unwrap().article.title, "انفجار في البصرة");
        update(&mut m, Action::ClearFilters);
        assert_eq!(m.row_count(), 3);
    }

    #[test]
    fn arrivals_while_reading_keep_the_article_and_rows() {
        let mut m = model(5);
        update(&mut m, Action::Down);
        update(&mut m, Action::Open);
        let open = m.detail.as_ref().unwrap().slot;
        arrive(&mut m, 10, "عاجل", &["basra"]);
        assert_eq!(m.detail.as_ref().unwrap().slot, open);
        assert_eq!(m.selected_slot(), Some(open));
        assert_eq!(m.new_above, 1);
        update(&mut m, Action::NextArticle);
        assert_ne!(m.detail.as_ref().unwrap().slot, open);
        update(&mut m, Action::PrevArticle);
        assert_eq!(m.detail.as_ref().unwrap().slot, open);
    }

    #[test]
    fn tab_cycles_panes_and_esc_returns_to_the_feed() {
        let mut m = model(1);
        update(&mut m, Action::FocusNext);
        assert_eq!(m.focus, Focus::Provinces);
        update(&mut m, Action::FocusNext);
        assert_eq!(m.focus, Focus::Themes);
        update(&mut m, Action::FocusPrev);
        update(&mut m, Action::FocusPrev);
        update(&mut m, Action::FocusPrev);
        assert_eq!(m.focus, Focus::Themes);
        update(&mut m, Action::Back);
        assert_eq!(m.focus, Focus::Feed);
    }

    #[test]
    fn removal_of_the_open_article_closes_it() {
        let mut m = model(2);
        update(&mut m, Action::Open);
        let id = m.entry(m.detail.as_ref().unwrap().slot).unwrap().article.id;
        let fx = update(
            &mut m,
            Action::Ingest(
                Box::new(IngestEvent::Removed {
                    path: "x".into(),
                    id,
                }),
                t0(),
            ),
        );
        assert!(matches!(&fx[..], [Effect::Unindex { .. }]));
        assert!(m.detail.is_none());
        assert_eq!(m.row_count(), 1);
    }
}
