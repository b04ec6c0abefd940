//! What is at a path inside the watched directory, looked at without opening it: a file (with a
//! signature that tells whether it changed), a folder, or nothing watchdesk reads.

use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path};
use std::time::{Duration, SystemTime};

use super::walk::is_article_name;

/// Enough of a file's metadata to tell, without reading it, that it is still the same file
/// with the same content: identity (device, inode), size, and both change times (ctime moves
/// on chmod too, so a file made readable is read again by a rescan).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sig {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Sig {
    pub fn of(meta: &Metadata) -> Sig {
        Sig {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        }
    }

    /// The same file (inode), whatever its content now.
    pub fn same_file(&self, other: &Sig) -> bool {
        self.file_id() == other.file_id()
    }

    /// Device and inode: what a rename keeps.
    pub fn file_id(&self) -> (u64, u64) {
        (self.dev, self.ino)
    }

    /// Whether the file was last written at least `settle` ago: a file found by a scan (not
    /// announced by a close or a rename) is trusted to be complete only then.
    pub fn settled(&self, now: SystemTime, settle: Duration) -> bool {
        let (secs, nanos) = self.mtime;
        let Ok(secs) = u64::try_from(secs) else {
            return true;
        };
        let modified =
            SystemTime::UNIX_EPOCH + Duration::new(secs, nanos.clamp(0, 999_999_999) as u32);
        now.duration_since(modified).is_ok_and(|age| age >= settle)
    }
}

/// What a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File(Sig),
    Dir,
    /// Missing, a FIFO/socket/device, a dangling link or a link leading out of the directory.
    Other,
}

/// Look at `path` (absolute), following a symlink only if it resolves inside `canonical_root`.
pub fn examine(path: &Path, canonical_root: &Path) -> Kind {
    let Ok(mut meta) = std::fs::symlink_metadata(path) else {
        return Kind::Other;
    };
    if meta.file_type().is_symlink() {
        let inside = path
            .canonicalize()
            .is_ok_and(|target| target.starts_with(canonical_root));
        match std::fs::metadata(path) {
            Ok(target) if inside => meta = target,
            _ => return Kind::Other,
        }
    }
    if meta.is_dir() {
        Kind::Dir
    } else if meta.is_file() {
        Kind::File(Sig::of(&meta))
    } else {
        Kind::Other
    }
}

/// Whether some component of `rel` (a path relative to the watched directory) is hidden: the
/// walk never enters hidden folders, so the watcher ignores what happens in them too.
pub fn in_hidden(rel: &Path) -> bool {
    rel.components().any(|c| match c {
        Component::Normal(name) => name.to_string_lossy().starts_with('.'),
        _ => false,
    })
}

/// Whether a file at `rel` is one watchdesk reads: not hidden, not in a hidden folder, not an
/// editor's or downloader's temporary name.
pub fn is_article_path(rel: &Path) -> bool {
    !in_hidden(rel)
        && rel
            .file_name()
            .is_some_and(|name| is_article_name(&name.to_string_lossy()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn names_under_hidden_folders_and_temp_names_are_not_articles() {
        assert!(is_article_path(Path::new("a/b/خبر.txt")));
        assert!(!is_article_path(Path::new(".git/x.txt")));
        assert!(!is_article_path(Path::new("a/.cache/x.txt")));
        assert!(!is_article_path(Path::new("a/x.txt.part")));
        assert!(!is_article_path(Path::new("a/x.swp")));
        assert!(in_hidden(Path::new("a/.b")));
        assert!(!in_hidden(Path::new("a/b")));
    }

    #[test]
    fn links_count_only_inside_the_root() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::write(root.join("a.txt"), "نص").unwrap();
        std::fs::create_dir(root.join("sub")).unwrap();
        symlink(root.join("a.txt"), root.join("in.txt")).unwrap();
        symlink(outside.path().join("secret.txt"), root.join("out.txt")).unwrap();
        symlink(root.join("nothing"), root.join("dangling.txt")).unwrap();

        assert!(matches!(examine(&root.join("a.txt"), &root), Kind::File(_)));
        assert_eq!(
            examine(&root.join("in.txt"), &root),
            examine(&root.join("a.txt"), &root)
        );
        assert_eq!(examine(&root.join("out.txt"), &root), Kind::Other);
        assert_eq!(examine(&root.join("dangling.txt"), &root), Kind::Other);
        assert_eq!(examine(&root.join("missing.txt"), &root), Kind::Other);
        assert_eq!(examine(&root.join("sub"), &root), Kind::Dir);
    }

    #[test]
    fn a_file_written_just_now_is_not_settled() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "x").unwrap();
        let Kind::File(sig) = examine(&path, dir.path()) else {
            panic!("not a file");
        };
        let now = SystemTime::now();
        assert!(!sig.settled(now, Duration::from_secs(60)));
        assert!(sig.settled(now + Duration::from_secs(61), Duration::from_secs(60)));
    }
}
