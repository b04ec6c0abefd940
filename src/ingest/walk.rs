//! Finding the article files under a directory: recursively, symlinks followed only while they
//! stay inside it, never round a loop, and without opening anything that is not a regular file.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

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
    let canonical_root = root.canonicalize()?;
    let mut found = Vec::new();
    let mut skipped = Skipped::default();
    let mut visited: HashSet<PathBuf> = HashSet::new();
    visited.insert(start.canonicalize()?);
    let mut stack = vec![start.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                skipped
                    .unreadable_dirs
                    .push(format!("{}: {e}", dir.display()));
                continue;
            }
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let Ok(mut file_type) = entry.file_type() else {
                continue;
            };
            if file_type.is_symlink() {
                // Follow only into the tree: the target must resolve under the root.
                let Ok(target) = path.canonicalize() else {
                    continue;
                };
                if !target.starts_with(&canonical_root) {
                    skipped.outside_links += 1;
                    continue;
                }
                let Ok(meta) = std::fs::metadata(&path) else {
                    continue;
                };
                file_type = meta.file_type();
                if file_type.is_dir() && !visited.insert(target) {
                    skipped.loops += 1;
                    continue;
                }
            } else if file_type.is_dir()
                && let Ok(real) = path.canonicalize()
                && !visited.insert(real)
            {
                skipped.loops += 1;
                continue;
            }
            if file_type.is_dir() {
                stack.push(path);
            } else if file_type.is_file() {
                if is_article_name(&name) {
                    let shown = shown_path(root, &path);
                    found.push(Found { path, shown });
                }
            } else {
                // FIFO, socket, device: never opened.
                skipped.special_files += 1;
            }
        }
    }
    found.sort();
    Ok((found, skipped))
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
}
