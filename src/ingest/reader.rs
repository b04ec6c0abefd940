//! Reading one path of the watched directory into an article: what the parse pool runs.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::files::{self, Kind, Sig};
use crate::article::Article;
use crate::pipeline::Pipeline;

/// What a path turned out to hold when it was read.
#[derive(Debug)]
pub enum Outcome {
    /// An article file (possibly with an error: unreadable, too large), and its signature as
    /// of just before it was read.
    Article(Box<Article>, Sig),
    /// A folder (renamed in whole, or made where a file was).
    Dir,
    /// Nothing watchdesk reads: gone, a temporary name, a FIFO, a link leading out.
    Nothing,
}

/// Everything a parse thread needs; shared by reference across the pool.
pub struct Reader {
    pipeline: Arc<Pipeline>,
    /// The watched directory, absolute: what paths are opened under.
    root: PathBuf,
    /// The watched directory with symlinks resolved: what links must stay inside.
    canonical_root: PathBuf,
    /// The directory as the user gave it: what shown paths start with.
    shown_root: PathBuf,
    max_bytes: u64,
}

impl Reader {
    pub fn new(
        pipeline: Arc<Pipeline>,
        shown_root: PathBuf,
        root: PathBuf,
        max_bytes: u64,
    ) -> Self {
        Reader {
            pipeline,
            canonical_root: root.canonicalize().unwrap_or_else(|_| root.clone()),
            root,
            shown_root,
            max_bytes,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Resolve the directory's symlinks again (it may have been recreated elsewhere).
    pub fn refresh_canonical_root(&mut self) {
        if let Ok(canonical) = self.root.canonicalize() {
            self.canonical_root = canonical;
        }
    }

    /// The path shown to the user for `rel`, as `scan` shows it.
    pub fn shown(&self, rel: &Path) -> String {
        self.shown_root.join(rel).to_string_lossy().into_owned()
    }

    pub fn examine(&self, rel: &Path) -> Kind {
        files::examine(&self.root.join(rel), &self.canonical_root)
    }

    pub fn read(&self, rel: &Path) -> Outcome {
        let path = self.root.join(rel);
        match files::examine(&path, &self.canonical_root) {
            Kind::Dir => Outcome::Dir,
            Kind::File(sig) if files::is_article_path(rel) => {
                let article =
                    self.pipeline
                        .process_file_capped(&path, &self.shown(rel), self.max_bytes);
                // Deleted while it was read: a departure, not an article with an error.
                if article.error.is_some() && std::fs::symlink_metadata(&path).is_err() {
                    Outcome::Nothing
                } else {
                    Outcome::Article(Box::new(article), sig)
                }
            }
            _ => Outcome::Nothing,
        }
    }
}
