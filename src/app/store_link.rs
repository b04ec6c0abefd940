//! The console's side of the triage store: one thread that owns the [`Store`] (writes can
//! wait on another console's lock, so never on the UI loop), takes the loop's triage changes,
//! and merges them with what the store's watcher reports from every console. Because one
//! thread folds both into one map by sequence number, the console's own action coming back
//! from the watcher is a no-op, and the screen never flickers back to an older value.

use std::collections::HashMap;
use std::path::Path;

use crossbeam_channel::{Receiver, Sender, select, unbounded};

use super::run::TriageLink;
use super::state::Triage;
use super::update::TriageChange;
use crate::article::{Article, ArticleId};
use crate::store::{self, Change, Mark, Priority, Store, StoreUpdate, StoreWatcher};

/// The store's triage in the model's terms.
pub fn to_model(t: &store::Triage) -> Triage {
    Triage {
        read: t.read.value,
        flag: t.flag.value.map_or(0, |p| p as u8),
        dismissed: t.dismissed.value,
        note: t.note.value.clone(),
    }
}

fn to_mark(change: TriageChange) -> Mark {
    match change {
        TriageChange::Read(r) => Mark::Read(r),
        TriageChange::Flag(level) => Mark::Flag(match level {
            0 => None,
            1 => Some(Priority::Low),
            2 => Some(Priority::Medium),
            _ => Some(Priority::High),
        }),
        TriageChange::Dismissed(d) => Mark::Dismissed(d),
        TriageChange::Note(n) => Mark::Note(n),
    }
}

/// What the loop asks the store to record; the article is remembered for `export`.
#[derive(Debug)]
pub enum SaveRequest {
    /// One triage action.
    Mark(ArticleId, TriageChange, Option<Box<Article>>),
    /// The article `to` (a file's new id) takes over the triage of `from` (its old id).
    Carry {
        from: ArticleId,
        to: ArticleId,
        article: Box<Article>,
    },
}

/// Triage states by article, as loaded or as changed.
pub type TriageStates = Vec<(ArticleId, Triage)>;

/// Keeps the store thread and its watcher alive; dropping it stops both.
pub struct StoreGuard {
    _thread: std::thread::JoinHandle<()>,
}

/// What the model starts from: every triage state, and the file each triaged article was
/// last seen in (path, id, title), so that a file's triage follows it to a new id.
pub struct Initial {
    pub triage: TriageStates,
    pub files: Vec<(String, ArticleId, String)>,
}

/// Open the state file, read every triage state in it, and start the thread. Returns the
/// state to load into the model first, and the link for the event loop.
pub fn start(path: &Path) -> anyhow::Result<(Initial, TriageLink, StoreGuard)> {
    let store = Store::open(path)?;
    // The seq first, then the state: a change in between is reported twice, harmlessly.
    let since = store.last_seq()?;
    let all = store.load_all()?;
    let initial = Initial {
        triage: all.iter().map(|(id, t)| (*id, to_model(t))).collect(),
        files: triaged_files(&all, store.snapshots()?),
    };
    let (watcher, updates) = StoreWatcher::spawn(path, since, store::WATCH_INTERVAL)?;
    let (save_tx, save_rx) = unbounded::<SaveRequest>();
    let (changes_tx, changes_rx) = unbounded();
    let thread = std::thread::Builder::new()
        .name("store".into())
        .spawn(move || serve(store, all, watcher, updates, save_rx, changes_tx))?;
    Ok((
        initial,
        TriageLink {
            save: save_tx,
            changes: changes_rx,
        },
        StoreGuard { _thread: thread },
    ))
}

/// Per file, the id triaged last (a file whose triage was carried to a new id has two).
fn triaged_files(
    all: &HashMap<ArticleId, store::Triage>,
    snapshots: HashMap<ArticleId, store::Snapshot>,
) -> Vec<(String, ArticleId, String)> {
    let mut latest: HashMap<String, (u64, ArticleId, String)> = HashMap::new();
    for (id, snap) in snapshots {
        let Some(seq) = all.get(&id).and_then(|t| t.last_stamp()).map(|s| s.seq) else {
            continue;
        };
        if latest
            .get(&snap.path)
            .is_none_or(|(newest, ..)| seq > *newest)
        {
            latest.insert(snap.path, (seq, id, snap.title));
        }
    }
    latest
        .into_iter()
        .map(|(path, (_, id, title))| (path, id, title))
        .collect()
}

fn serve(
    mut store: Store,
    mut all: HashMap<ArticleId, store::Triage>,
    _watcher: StoreWatcher,
    updates: Receiver<StoreUpdate>,
    saves: Receiver<SaveRequest>,
    out: Sender<Vec<(ArticleId, Triage)>>,
) {
    // Fold changes into the map; report the articles whose state moved.
    let fold = |all: &mut HashMap<ArticleId, store::Triage>, changes: &[Change]| {
        let mut moved: Vec<(ArticleId, Triage)> = Vec::new();
        for c in changes {
            let t = all.entry(c.article).or_default();
            if t.apply(c) {
                moved.retain(|(id, _)| *id != c.article);
                moved.push((c.article, to_model(t)));
            }
        }
        moved.is_empty() || out.send(moved).is_ok()
    };
    loop {
        let alive = select! {
            recv(saves) -> req => match req {
                Ok(SaveRequest::Mark(id, change, article)) => {
                    if let Some(a) = article {
                        remember(&store, &a);
                    }
                    match store.mark(id, to_mark(change)) {
                        Ok(c) => fold(&mut all, &[c]),
                        Err(e) => {
                            tracing::error!("recording triage of {id}: {e}");
                            true
                        }
                    }
                }
                Ok(SaveRequest::Carry { from, to, article }) => {
                    remember(&store, &article);
                    match store.carry(from, to) {
                        Ok(changes) => fold(&mut all, &changes),
                        Err(e) => {
                            tracing::error!("carrying triage from {from} to {to}: {e}");
                            true
                        }
                    }
                }
                Err(_) => false,
            },
            recv(updates) -> update => match update {
                Ok(Ok(changes)) => fold(&mut all, &changes),
                Ok(Err(e)) => {
                    tracing::error!("watching the triage store: {e}");
                    true
                }
                Err(_) => false,
            },
        };
        if !alive {
            return;
        }
    }
}

/// Keep the article's snapshot for `export`; a failure only costs export its details.
fn remember(store: &Store, article: &Article) {
    if let Err(e) = store.remember(article) {
        tracing::warn!("remembering {} for export: {e}", article.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn own_and_other_consoles_actions_reach_the_model() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let id = ArticleId([7; 16]);
        let (initial, link, _guard) = start(&path).unwrap();
        assert!(initial.triage.is_empty());
        link.save
            .send(SaveRequest::Mark(id, TriageChange::Flag(2), None))
            .unwrap();
        let got = link.changes.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(got[0].1.flag, 2);

        // Another console on the same file.
        let mut other = Store::open_as(&path, "other").unwrap();
        other.set_note(id, Some("راجع")).unwrap();
        let got = link.changes.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(got[0].1.note.as_deref(), Some("راجع"));
        assert_eq!(got[0].1.flag, 2);

        // Restart: everything is loaded back.
        drop(link);
        let (initial, _link, _guard2) = start(&path).unwrap();
        assert_eq!(initial.triage.len(), 1);
        assert_eq!(initial.triage[0].1.flag, 2);
    }
}
