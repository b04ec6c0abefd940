//! Which file holds which article: path -> id and id -> paths, and for each article the one
//! path its consumer was shown. Pure bookkeeping (no I/O): every change returns the
//! [`Effect`]s the consumer must hear about, so "the same content under two names shows once"
//! and "a rename is not a removal" are decided in one place.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::path::{Path, PathBuf};

use super::files::Sig;
use crate::article::{Article, ArticleId};

/// What the consumer must be told after a change to the index.
#[derive(Debug)]
pub enum Effect {
    /// A new article.
    Added(Box<Article>),
    /// The article at this path replaced the one shown there (a rewrite).
    Changed(Box<Article>),
    /// The last path holding this article went; `rel` is the path it was shown at.
    Removed { rel: PathBuf, id: ArticleId },
    /// The path the article was shown at went, but `rel` still holds it: read `rel` and show
    /// the article there (if `rel` turns out to hold something else, remove it and go on).
    Moved { id: ArticleId, rel: PathBuf },
}

#[derive(Debug)]
struct PathEntry {
    id: ArticleId,
    sig: Sig,
    errored: bool,
}

#[derive(Debug)]
struct Holders {
    /// Every path holding the article; usually one.
    paths: Vec<PathBuf>,
    /// The path the consumer was last shown; one of `paths`.
    shown: PathBuf,
}

/// Paths are relative to the watched directory. A `BTreeMap` keeps a folder's files next to
/// each other, so a folder that vanishes is found without looking at every path.
#[derive(Debug, Default)]
pub struct Index {
    paths: BTreeMap<PathBuf, PathEntry>,
    ids: HashMap<ArticleId, Holders>,
    /// How many indexed paths are each file (device, inode): a file found under a new name
    /// that is already indexed under another was moved, so it is complete.
    files: HashMap<(u64, u64), usize>,
}

impl Index {
    pub fn contains(&self, rel: &Path) -> bool {
        self.paths.contains_key(rel)
    }

    /// The signature the file had when it was last read.
    pub fn sig(&self, rel: &Path) -> Option<Sig> {
        self.paths.get(rel).map(|e| e.sig)
    }

    /// Whether the file at `rel` was last read with an error (it may be readable now).
    pub fn errored(&self, rel: &Path) -> bool {
        self.paths.get(rel).is_some_and(|e| e.errored)
    }

    pub fn paths(&self) -> impl Iterator<Item = &PathBuf> {
        self.paths.keys()
    }

    /// `rel` and every indexed path under it (all of them for the empty path).
    pub fn tree(&self, rel: &Path) -> Vec<PathBuf> {
        self.paths
            .range::<Path, _>((Bound::Included(rel), Bound::Unbounded))
            .map(|(p, _)| p)
            .take_while(|p| p.starts_with(rel))
            .cloned()
            .collect()
    }

    /// Whether some indexed path is this very file (same device and inode).
    pub fn knows_file(&self, sig: &Sig) -> bool {
        self.files.contains_key(&sig.file_id())
    }

    /// Record that the file at `rel` was read again and still holds the same article.
    pub fn refresh(&mut self, rel: &Path, sig: Sig) {
        if let Some(old) = self.paths.get(rel).map(|e| e.sig) {
            self.forget_file(&old);
            self.files
                .entry(sig.file_id())
                .and_modify(|n| *n += 1)
                .or_insert(1);
            self.paths.get_mut(rel).expect("just read").sig = sig;
        }
    }

    fn forget_file(&mut self, sig: &Sig) {
        let id = sig.file_id();
        if let Some(n) = self.files.get_mut(&id) {
            *n -= 1;
            if *n == 0 {
                self.files.remove(&id);
            }
        }
    }

    /// The file at `rel` now holds `article`.
    pub fn insert(&mut self, rel: &Path, article: Article, sig: Sig) -> Vec<Effect> {
        let id = article.id;
        let errored = article.error.is_some();
        let mut effects = Vec::new();
        let mut freed = None;
        if let Some(entry) = self.paths.get_mut(rel) {
            if entry.id == id {
                // Identical content written again: nothing to tell.
                entry.errored = errored;
                self.refresh(rel, sig);
                return effects;
            }
            let old = entry.id;
            freed = self.detach(rel, old, &mut effects).then_some(old);
        }
        self.files
            .entry(sig.file_id())
            .and_modify(|n| *n += 1)
            .or_insert(1);
        if let Some(old) = self
            .paths
            .insert(rel.to_path_buf(), PathEntry { id, sig, errored })
        {
            self.forget_file(&old.sig);
        }
        match self.ids.get_mut(&id) {
            Some(holders) => {
                // A copy of an article already shown elsewhere: it is not shown twice, so
                // the row that showed the old content here goes.
                holders.paths.push(rel.to_path_buf());
                if let Some(old) = freed {
                    effects.push(Effect::Removed {
                        rel: rel.to_path_buf(),
                        id: old,
                    });
                }
            }
            None => {
                self.ids.insert(
                    id,
                    Holders {
                        paths: vec![rel.to_path_buf()],
                        shown: rel.to_path_buf(),
                    },
                );
                effects.push(match freed {
                    Some(_) => Effect::Changed(Box::new(article)),
                    None => Effect::Added(Box::new(article)),
                });
            }
        }
        effects
    }

    /// The files at `rels` are gone.
    pub fn remove(&mut self, rels: &[PathBuf]) -> Vec<Effect> {
        let mut effects = Vec::new();
        // Take every path out first, so a folder that goes with several copies of one article
        // does not announce it at a sibling that is going too.
        let mut touched = Vec::new();
        for rel in rels {
            if let Some(entry) = self.paths.remove(rel) {
                self.forget_file(&entry.sig);
                let holders = self
                    .ids
                    .get_mut(&entry.id)
                    .expect("every path's id is indexed");
                holders.paths.retain(|p| p != rel);
                touched.push(entry.id);
            }
        }
        touched.sort();
        touched.dedup();
        for id in touched {
            let holders = &self.ids[&id];
            if self.paths.contains_key(&holders.shown) {
                continue;
            }
            let shown = holders.shown.clone();
            match holders.paths.first().cloned() {
                Some(next) => {
                    self.ids.get_mut(&id).expect("just read").shown = next.clone();
                    effects.push(Effect::Moved { id, rel: next });
                }
                None => {
                    self.ids.remove(&id);
                    effects.push(Effect::Removed { rel: shown, id });
                }
            }
        }
        effects
    }

    /// Take `rel` out of `id`'s holders; true if `id` was shown there and nothing else holds it.
    fn detach(&mut self, rel: &Path, id: ArticleId, effects: &mut Vec<Effect>) -> bool {
        let holders = self.ids.get_mut(&id).expect("every path's id is indexed");
        holders.paths.retain(|p| p != rel);
        if holders.shown != rel {
            return false;
        }
        match holders.paths.first().cloned() {
            Some(next) => {
                holders.shown = next.clone();
                effects.push(Effect::Moved { id, rel: next });
                false
            }
            None => {
                self.ids.remove(&id);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig() -> Sig {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x");
        std::fs::write(&path, "x").unwrap();
        Sig::of(&std::fs::metadata(&path).unwrap())
    }

    fn article(rel: &str, text: &str) -> Article {
        let mut a = Article::unreadable(rel, 0, String::new());
        a.error = None;
        a.id = ArticleId::from_text(text);
        a
    }

    fn p(s: &str) -> PathBuf {
        PathBuf::from(s)
    }

    fn kinds(effects: &[Effect]) -> Vec<String> {
        effects
            .iter()
            .map(|e| match e {
                Effect::Added(a) => format!("added {}", a.path),
                Effect::Changed(a) => format!("changed {}", a.path),
                Effect::Removed { rel, .. } => format!("removed {}", rel.display()),
                Effect::Moved { rel, .. } => format!("moved {}", rel.display()),
            })
            .collect()
    }

    #[test]
    fn new_rewritten_identical_and_removed() {
        let mut index = Index::default();
        let s = sig();
        assert_eq!(
            kinds(&index.insert(&p("a"), article("a", "one"), s)),
            ["added a"]
        );
        assert!(index.insert(&p("a"), article("a", "one"), s).is_empty());
        assert_eq!(
            kinds(&index.insert(&p("a"), article("a", "two"), s)),
            ["changed a"]
        );
        assert_eq!(kinds(&index.remove(&[p("a")])), ["removed a"]);
        assert!(index.remove(&[p("a")]).is_empty());
        assert!(!index.contains(&p("a")));
    }

    #[test]
    fn a_copy_shows_once_and_its_removal_is_silent() {
        let mut index = Index::default();
        let s = sig();
        assert_eq!(
            kinds(&index.insert(&p("a"), article("a", "one"), s)),
            ["added a"]
        );
        assert!(index.insert(&p("b"), article("b", "one"), s).is_empty());
        assert!(index.remove(&[p("b")]).is_empty());
        assert_eq!(kinds(&index.remove(&[p("a")])), ["removed a"]);
    }

    #[test]
    fn removing_the_shown_copy_moves_the_article_to_the_other() {
        let mut index = Index::default();
        let s = sig();
        index.insert(&p("a"), article("a", "one"), s);
        index.insert(&p("b"), article("b", "one"), s);
        assert_eq!(kinds(&index.remove(&[p("a")])), ["moved b"]);
        assert_eq!(kinds(&index.remove(&[p("b")])), ["removed b"]);
    }

    #[test]
    fn rewriting_a_shown_copy_moves_the_old_and_adds_the_new() {
        let mut index = Index::default();
        let s = sig();
        index.insert(&p("a"), article("a", "one"), s);
        index.insert(&p("b"), article("b", "one"), s);
        assert_eq!(
            kinds(&index.insert(&p("a"), article("a", "two"), s)),
            ["moved b", "added a"]
        );
    }

    #[test]
    fn rewriting_into_a_copy_of_another_removes_the_old_row() {
        let mut index = Index::default();
        let s = sig();
        index.insert(&p("a"), article("a", "one"), s);
        index.insert(&p("b"), article("b", "two"), s);
        assert_eq!(
            kinds(&index.insert(&p("a"), article("a", "two"), s)),
            ["removed a"]
        );
        assert_eq!(kinds(&index.remove(&[p("b")])), ["moved a"]);
    }

    #[test]
    fn files_are_known_while_some_path_holds_them() {
        let mut index = Index::default();
        let s = sig();
        index.insert(&p("a"), article("a", "one"), s);
        index.insert(&p("b"), article("b", "two"), s);
        assert!(index.knows_file(&s));
        index.insert(&p("a"), article("a", "three"), s);
        index.remove(&[p("a")]);
        assert!(index.knows_file(&s));
        index.remove(&[p("b")]);
        assert!(!index.knows_file(&s));
    }

    #[test]
    fn a_folder_going_with_two_copies_removes_the_article_once() {
        let mut index = Index::default();
        let s = sig();
        index.insert(&p("d/a"), article("d/a", "one"), s);
        index.insert(&p("d/b"), article("d/b", "one"), s);
        index.insert(&p("d b"), article("d b", "two"), s);
        index.insert(&p("e"), article("e", "three"), s);
        let tree = index.tree(&p("d"));
        assert_eq!(tree, [p("d/a"), p("d/b")]);
        assert_eq!(kinds(&index.remove(&tree)), ["removed d/a"]);
        assert_eq!(index.tree(&p("")).len(), 2);
    }
}
