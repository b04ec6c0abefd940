//! Finding the article files under a directory: recursively, symlinks followed only while they
//! stay inside it, never round a loop, and without opening anything that is not a regular file.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::fs::DirEntry;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use crossbeam_channel::{Receiver, Sender};

use crate::parse::Format;

/// Whether a file name is one watchdesk reads: a known article extension (or none), and not an
/// editor's or downloader's temporary file.
pub fn is_article_name(name: &str) -> bool {
    if name.starts_with('.') || name.ends_with('~') {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    const TEMP: &[&str] = &[
        ".swp",
        ".swo",
        ".swx",
        ".part",
        ".tmp",
        ".crdownload",
        ".partial",
        ".download",
    ];
    if TEMP.iter().any(|t| lower.ends_with(t)) {
        return false;
    }
    match Path::new(name).extension() {
        None => true,
        Some(_) => Format::of(Path::new(name)).is_some(),
    }
}

/// A file found by the walk.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    /// Path to open.
    pub path: PathBuf,
    /// Path relative to the root, for display (the root's own name is not repeated).
    pub shown: String,
}

/// What the walk skipped, for the log and the status bar.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Skipped {
    pub special_files: usize,
    pub outside_links: usize,
    pub loops: usize,
    pub unreadable_dirs: Vec<String>,
}

/// All article files under `root`, sorted by path.
pub fn walk(root: &Path) -> std::io::Result<(Vec<Found>, Skipped)> {
    walk_from(root, root)
}

/// All article files under `start`, a folder inside `root`, sorted by path. Symlinks are
/// followed while they stay inside `root` (not merely inside `start`), so a folder that
/// appears later is read by the same rules as the first walk.
pub fn walk_from(root: &Path, start: &Path) -> std::io::Result<(Vec<Found>, Skipped)> {
    let mut sorted = Sorted::within(root, start)?;
    let found = sorted.by_ref().collect();
    Ok((found, sorted.tree.skipped))
}

/// The article files under `root` one at a time, in path order, holding only the directories
/// still open instead of every file found: `scan` can start on the first files while the rest
/// of the tree is still being read, and [`walk`] is this, collected.
///
/// Depth first with each directory's entries in name order is path order, because paths
/// compare component by component. Where one folder is reachable twice inside the root (a
/// link to a folder that is also there under its own name), the first in path order is the
/// one walked, by `scan` and by the console alike.
pub struct Sorted {
    tree: Tree,
    /// For each open directory, outermost first, its entries still to visit, in reverse name
    /// order so that the next one is popped off the end.
    open: Vec<Vec<Entry>>,
}

impl Sorted {
    /// Fails, before anything is read, when `root` cannot be resolved.
    pub fn new(root: &Path) -> std::io::Result<Self> {
        Sorted::within(root, root)
    }

    /// The files under `start`, a folder inside `root`, with links followed while they stay
    /// inside `root` (not merely inside `start`).
    fn within(root: &Path, start: &Path) -> std::io::Result<Self> {
        Ok(Sorted {
            tree: Tree::new(root, start)?,
            open: vec![vec![Entry::Dir(start.to_path_buf())]],
        })
    }

    /// What the walk has skipped so far (everything, once the iterator is exhausted).
    pub fn skipped(&self) -> &Skipped {
        &self.tree.skipped
    }

    fn open_dir(&mut self, dir: &Path) {
        let mut entries = self.tree.list(dir);
        // Names within one directory are distinct, so an unstable sort is deterministic.
        entries.sort_unstable_by(|a, b| b.name().cmp(&a.name()));
        self.open.push(entries);
    }
}

impl Iterator for Sorted {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        loop {
            let entries = self.open.last_mut()?;
            match entries.pop() {
                None => {
                    self.open.pop();
                }
                Some(Entry::Dir(dir)) => self.open_dir(&dir),
                Some(Entry::Article(path)) => return Some(self.tree.found(path)),
            }
        }
    }
}

/// A [`Sorted`] walk running on its own thread, handing over its files in order, in batches,
/// through a bounded channel: the walk stays a few batches ahead of the consumer and no
/// further, so memory does not grow with the number of files.
pub struct Stream {
    batches: Receiver<Vec<Found>>,
    walker: JoinHandle<Skipped>,
}

impl Stream {
    /// Starts walking `root`: `batch` files per batch, at most `ahead` batches waiting. Fails,
    /// before any thread starts, when `root` cannot be resolved.
    pub fn start(root: &Path, batch: usize, ahead: usize) -> std::io::Result<Self> {
        let sorted = Sorted::new(root)?;
        let (tx, batches) = crossbeam_channel::bounded(ahead);
        let walker = std::thread::Builder::new()
            .name("watchdesk-walk".into())
            .spawn(move || send_batches(sorted, batch.max(1), &tx))?;
        Ok(Stream { batches, walker })
    }

    /// The batches, in path order; the iteration ends when the walk has finished.
    pub fn batches(&self) -> crossbeam_channel::Iter<'_, Vec<Found>> {
        self.batches.iter()
    }

    /// What the walk skipped, once it has finished. Dropping the receiver first stops a walk
    /// whose batches were not all taken (the consumer gave up) instead of waiting on it.
    pub fn finish(self) -> Skipped {
        drop(self.batches);
        match self.walker.join() {
            Ok(skipped) => skipped,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

/// The walker thread's loop: fill a batch, send it, until the walk ends or nobody listens.
fn send_batches(mut sorted: Sorted, batch: usize, tx: &Sender<Vec<Found>>) -> Skipped {
    loop {
        let files: Vec<Found> = sorted.by_ref().take(batch).collect();
        if files.is_empty() || tx.send(files).is_err() {
            return sorted.tree.skipped;
        }
    }
}

/// A directory entry worth keeping: a folder to walk into or an article file to read.
enum Entry {
    Dir(PathBuf),
    Article(PathBuf),
}

impl Entry {
    fn name(&self) -> Option<&OsStr> {
        match self {
            Entry::Dir(path) | Entry::Article(path) => path.file_name(),
        }
    }
}

/// The rules both walks apply to each directory, and what they remember across directories:
/// the root that links must stay inside, the folders already walked, what was skipped.
struct Tree {
    root: PathBuf,
    canonical_root: PathBuf,
    visited: HashSet<PathBuf>,
    skipped: Skipped,
}

impl Tree {
    fn new(root: &Path, start: &Path) -> std::io::Result<Self> {
        let canonical_root = root.canonicalize()?;
        let visited = HashSet::from([start.canonicalize()?]);
        Ok(Tree {
            root: root.to_path_buf(),
            canonical_root,
            visited,
            skipped: Skipped::default(),
        })
    }

    /// The folders and article files in `dir`, in the order the system lists them. Folders
    /// count as walked from here on, so a second way into one (a link) is a loop. An
    /// unreadable `dir` is recorded and has no entries.
    fn list(&mut self, dir: &Path) -> Vec<Entry> {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                self.skipped
                    .unreadable_dirs
                    .push(format!("{}: {e}", dir.display()));
                return Vec::new();
            }
        };
        entries
            .filter_map(Result::ok)
            .filter_map(|entry| self.classify(&entry))
            .collect()
    }

    /// One entry of a directory: kept, or skipped (and counted when that is worth telling).
    fn classify(&mut self, entry: &DirEntry) -> Option<Entry> {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            return None;
        }
        let mut file_type = entry.file_type().ok()?;
        if file_type.is_symlink() {
            // Follow only into the tree: the target must resolve under the root.
            let target = path.canonicalize().ok()?;
            if !target.starts_with(&self.canonical_root) {
                self.skipped.outside_links += 1;
                return None;
            }
            file_type = std::fs::metadata(&path).ok()?.file_type();
            if file_type.is_dir() && !self.visited.insert(target) {
                self.skipped.loops += 1;
                return None;
            }
        } else if file_type.is_dir()
            && let Ok(real) = path.canonicalize()
            && !self.visited.insert(real)
        {
            self.skipped.loops += 1;
            return None;
        }
        if file_type.is_dir() {
            Some(Entry::Dir(path))
        } else if file_type.is_file() {
            is_article_name(&name).then_some(Entry::Article(path))
        } else {
            // FIFO, socket, device: never opened.
            self.skipped.special_files += 1;
            None
        }
    }

    fn found(&self, path: PathBuf) -> Found {
        let shown = shown_path(&self.root, &path);
        Found { path, shown }
    }
}

/// The path as shown to the user: relative to the scanned root, prefixed by the root as given.
pub fn shown_path(root: &Path, path: &Path) -> String {
    match path.strip_prefix(root) {
        Ok(rel) => root.join(rel).to_string_lossy().into_owned(),
        Err(_) => path.to_string_lossy().into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn temp_and_hidden_names_are_not_articles() {
        for name in [
            ".hidden.txt",
            "a.txt~",
            "a.txt.swp",
            "a.part",
            "x.tmp",
            "photo.jpg",
        ] {
            assert!(!is_article_name(name), "{name}");
        }
        for name in ["a.txt", "b.HTML", "c.md", "d.json", "noext"] {
            assert!(is_article_name(name), "{name}");
        }
    }

    #[test]
    fn walk_recurses_follows_inner_links_and_skips_the_rest() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join("top.txt"), "x").unwrap();
        std::fs::write(root.join("a/b/deep.txt"), "x").unwrap();
        std::fs::write(root.join("a/.hidden.txt"), "x").unwrap();
        symlink(root.join("a"), root.join("a/b/loop")).unwrap();
        symlink(outside.path(), root.join("out")).unwrap();
        symlink(root.join("top.txt"), root.join("alias.txt")).unwrap();
        let c = std::ffi::CString::new(root.join("pipe.txt").to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);

        let (found, skipped) = walk(root).unwrap();
        let names: Vec<String> = found
            .iter()
            .map(|f| f.path.strip_prefix(root).unwrap().display().to_string())
            .collect();
        assert_eq!(names, vec!["a/b/deep.txt", "alias.txt", "top.txt"]);
        assert_eq!(skipped.outside_links, 1);
        assert_eq!(skipped.loops, 1);
        assert_eq!(skipped.special_files, 1);
    }

    #[test]
    fn walk_from_a_sub_folder_follows_links_anywhere_inside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("new")).unwrap();
        std::fs::create_dir_all(root.join("elsewhere")).unwrap();
        std::fs::write(root.join("new/a.txt"), "x").unwrap();
        std::fs::write(root.join("elsewhere/b.txt"), "x").unwrap();
        std::fs::write(root.join("top.txt"), "x").unwrap();
        symlink(root.join("elsewhere"), root.join("new/link")).unwrap();

        let (found, _) = walk_from(root, &root.join("new")).unwrap();
        let names: Vec<String> = found
            .iter()
            .map(|f| f.path.strip_prefix(root).unwrap().display().to_string())
            .collect();
        assert_eq!(names, vec!["new/a.txt", "new/link/b.txt"]);
    }

    /// A tree whose path order is not byte order ("a!" sorts before "a/" as bytes, after the
    /// folder "a" as a path), with a non-UTF-8 name, upper case, links and skipped entries.
    fn awkward_tree() -> (tempfile::TempDir, tempfile::TempDir) {
        use std::os::unix::ffi::OsStrExt;
        let outside = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for folder in ["a/b", "a!", "a-b", "B", "z/y"] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        for file in [
            "a.txt",
            "a!.txt",
            "a/x.txt",
            "a/b/c.txt",
            "a!/d.txt",
            "a-b/e.md",
            "B/f.html",
            "b.txt",
            "z/y/g.json",
            "z/h",
            "z/.i.txt",
            "z/j.jpg",
        ] {
            std::fs::write(root.join(file), "x").unwrap();
        }
        std::fs::write(root.join(OsStr::from_bytes(b"k\xff.txt")), "x").unwrap();
        symlink(root.join("a"), root.join("z/y/loop")).unwrap();
        symlink(outside.path(), root.join("out")).unwrap();
        symlink(root.join("b.txt"), root.join("a/alias.txt")).unwrap();
        let c = std::ffi::CString::new(root.join("pipe.txt").to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        (dir, outside)
    }

    #[test]
    fn sorted_finds_what_walk_finds_in_the_same_order() {
        let (dir, _outside) = awkward_tree();
        let (expected, expected_skipped) = walk(dir.path()).unwrap();
        assert_eq!(expected.len(), 12);
        // `walk` is `Sorted` collected: what this checks on its own is the order.
        assert!(expected.windows(2).all(|w| w[0] < w[1]), "{expected:?}");

        let mut sorted = Sorted::new(dir.path()).unwrap();
        let found: Vec<Found> = sorted.by_ref().collect();
        assert_eq!(found, expected);
        assert_eq!(sorted.skipped(), &expected_skipped);
    }

    #[test]
    fn stream_delivers_every_file_once_in_order_in_full_batches() {
        let (dir, _outside) = awkward_tree();
        let (expected, expected_skipped) = walk(dir.path()).unwrap();

        let stream = Stream::start(dir.path(), 5, 1).unwrap();
        let batches: Vec<Vec<Found>> = stream.batches().collect();
        let sizes: Vec<usize> = batches.iter().map(Vec::len).collect();
        assert_eq!(sizes, vec![5, 5, 2]);
        assert_eq!(batches.concat(), expected);
        assert_eq!(stream.finish(), expected_skipped);
    }

    #[test]
    fn stream_reports_unreadable_folders() {
        let file = tempfile::NamedTempFile::new().unwrap();
        let stream = Stream::start(file.path(), 8, 1).unwrap();
        assert_eq!(stream.batches().count(), 0);
        let unreadable = stream.finish().unreadable_dirs;
        assert_eq!(unreadable.len(), 1);
        assert!(
            unreadable[0].starts_with(&format!("{}: ", file.path().display())),
            "{unreadable:?}"
        );

        // Permissions do not stop root, so only another user sees locked folders skipped:
        // in path order, the order the files come in.
        if unsafe { libc::geteuid() } != 0 {
            use std::os::unix::fs::PermissionsExt;
            let dir = tempfile::tempdir().unwrap();
            for folder in ["m/locked", "z", "b"] {
                std::fs::create_dir_all(dir.path().join(folder)).unwrap();
                std::fs::write(dir.path().join(folder).join("a.txt"), "x").unwrap();
            }
            for locked in ["z", "m/locked", "b"] {
                let mode = std::fs::Permissions::from_mode(0o000);
                std::fs::set_permissions(dir.path().join(locked), mode).unwrap();
            }
            std::fs::write(dir.path().join("open.txt"), "x").unwrap();
            let stream = Stream::start(dir.path(), 8, 1).unwrap();
            assert_eq!(stream.batches().flatten().count(), 1);
            let unreadable: Vec<String> = stream
                .finish()
                .unreadable_dirs
                .iter()
                .map(|d| d.split(": ").next().unwrap().to_string())
                .collect();
            let expected: Vec<String> = ["b", "m/locked", "z"]
                .iter()
                .map(|f| dir.path().join(f).display().to_string())
                .collect();
            assert_eq!(unreadable, expected);
            // Unlocked again, or the temporary folder could not be removed.
            for locked in ["z", "m/locked", "b"] {
                let mode = std::fs::Permissions::from_mode(0o755);
                std::fs::set_permissions(dir.path().join(locked), mode).unwrap();
            }
        }
    }

    #[test]
    fn stream_fails_at_once_on_a_missing_root() {
        assert!(Stream::start(Path::new("/nonexistent/articles"), 8, 1).is_err());
    }

    #[test]
    fn a_stream_abandoned_half_way_finishes_without_waiting_for_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..50 {
            std::fs::write(dir.path().join(format!("{i:02}.txt")), "x").unwrap();
        }
        // One file per batch, one batch ahead: the walker is blocked on a full channel.
        let stream = Stream::start(dir.path(), 1, 1).unwrap();
        let first = stream.batches().next().unwrap();
        assert_eq!(
            first[0].shown,
            dir.path().join("00.txt").display().to_string()
        );
        let skipped = stream.finish();
        assert_eq!(skipped, Skipped::default());
    }
}
