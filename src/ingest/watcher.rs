//! notify, and what its events mean for watchdesk.
//!
//! The watcher's callback does nothing but forward into a channel: inotify's kernel queue
//! (16,384 events) overflows only when its reader stalls. [`interpret`] then turns each event
//! into what it says about a path: a file is *complete* when it is renamed in
//! (`Modify(Name(To))`) or closed after writing (`Access(Close(Write))`); creation and
//! `Modify(Data)` only mean someone is still writing, so a slow chunked write is never read
//! half-way.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crossbeam_channel::Sender;
use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RenameMode};
use notify::{Config, EventKind, PollWatcher, RecommendedWatcher, Watcher};

use super::files::{in_hidden, is_article_path};

/// What the watcher thread forwards.
pub type Raw = notify::Result<notify::Event>;

/// A watcher whose events go to `tx`: inotify, or polling every `poll` (network mounts).
/// Symlinks are not followed by the watcher itself: a link may lead out of the directory, and
/// a link inside it leads to a folder that is watched anyway.
pub fn make(poll: Option<Duration>, tx: Sender<Raw>) -> notify::Result<Box<dyn Watcher + Send>> {
    let forward = move |event: Raw| {
        // The receiver is gone only while ingest shuts down.
        let _ = tx.send(event);
    };
    let config = Config::default().with_follow_symlinks(false);
    Ok(match poll {
        Some(interval) => Box::new(PollWatcher::new(
            forward,
            config
                .with_poll_interval(interval)
                .with_compare_contents(false),
        )?),
        None => Box::new(RecommendedWatcher::new(forward, config)?),
    })
}

/// What one event says, for paths relative to the watched directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// The file (or folder) is complete: renamed in (`renamed`) or closed after writing.
    Complete { rel: PathBuf, renamed: bool },
    /// Something was deleted or moved away from here.
    Gone(PathBuf),
    /// A folder was made: its files may have landed before it was watched.
    NewDir(PathBuf),
    /// A file was created: being written, unless it is a link to existing content.
    Created(PathBuf),
    /// A file is being written.
    Writing(PathBuf),
    /// Permissions or times changed: a file that could not be read may be readable now.
    Attrib(PathBuf),
    /// Polling saw a file appear or change: complete once it stops changing.
    Polled(PathBuf),
    /// The watched directory itself was deleted or moved away.
    RootVanished,
    /// Events were lost: the directory must be rescanned.
    Rescan,
}

/// What `event` (from a watcher of `root`, polling or not) says, appended to `out`.
pub fn interpret(event: &notify::Event, root: &Path, polling: bool, out: &mut Vec<Seen>) {
    if event.need_rescan() {
        out.push(Seen::Rescan);
    }
    for path in &event.paths {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        if rel.as_os_str().is_empty() {
            if matches!(
                event.kind,
                EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(RenameMode::From))
            ) {
                out.push(Seen::RootVanished);
            }
            continue;
        }
        if in_hidden(rel) {
            continue;
        }
        let rel = rel.to_path_buf();
        let file = is_article_path(&rel);
        let seen = match event.kind {
            EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(RenameMode::From)) => {
                Seen::Gone(rel)
            }
            _ if polling => match event.kind {
                EventKind::Create(_) | EventKind::Modify(_) if file => Seen::Polled(rel),
                _ => continue,
            },
            EventKind::Modify(ModifyKind::Name(RenameMode::To)) => {
                Seen::Complete { rel, renamed: true }
            }
            EventKind::Access(AccessKind::Close(AccessMode::Write)) if file => Seen::Complete {
                rel,
                renamed: false,
            },
            EventKind::Create(CreateKind::Folder) => Seen::NewDir(rel),
            EventKind::Create(_) if file => Seen::Created(rel),
            EventKind::Modify(ModifyKind::Data(_)) if file => Seen::Writing(rel),
            EventKind::Modify(ModifyKind::Metadata(_)) if file => Seen::Attrib(rel),
            // Opens, reads (ours included), the paired `Name(Both)` of a rename already
            // reported as From and To, and temporary names.
            _ => continue,
        };
        out.push(seen);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{DataChange, Flag, MetadataKind, RemoveKind};

    fn seen(kind: EventKind, path: &str, polling: bool) -> Vec<Seen> {
        let event = notify::Event::new(kind).add_path(PathBuf::from(path));
        let mut out = Vec::new();
        interpret(&event, Path::new("/d"), polling, &mut out);
        out
    }

    fn complete(rel: &str, renamed: bool) -> Vec<Seen> {
        vec![Seen::Complete {
            rel: rel.into(),
            renamed,
        }]
    }

    #[test]
    fn rename_in_and_close_after_write_complete_a_file() {
        let to = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        assert_eq!(seen(to, "/d/a/x.txt", false), complete("a/x.txt", true));
        assert_eq!(seen(to, "/d/folder", false), complete("folder", true));
        assert_eq!(seen(close, "/d/x.txt", false), complete("x.txt", false));
    }

    #[test]
    fn creating_and_writing_do_not_complete_a_file() {
        let data = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        assert_eq!(
            seen(EventKind::Create(CreateKind::File), "/d/x.txt", false),
            [Seen::Created("x.txt".into())]
        );
        assert_eq!(
            seen(data, "/d/x.txt", false),
            [Seen::Writing("x.txt".into())]
        );
        assert_eq!(
            seen(EventKind::Create(CreateKind::Folder), "/d/a", false),
            [Seen::NewDir("a".into())]
        );
    }

    #[test]
    fn reads_temp_names_and_hidden_folders_are_ignored() {
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        assert!(seen(read, "/d/x.txt", false).is_empty());
        assert!(seen(close, "/d/x.txt.part", false).is_empty());
        assert!(seen(close, "/d/.x.txt", false).is_empty());
        assert!(seen(close, "/d/.git/x.txt", false).is_empty());
        assert!(seen(close, "/elsewhere/x.txt", false).is_empty());
    }

    #[test]
    fn removal_and_move_out_are_gone_and_the_root_going_is_noticed() {
        let from = EventKind::Modify(ModifyKind::Name(RenameMode::From));
        assert_eq!(seen(from, "/d/x.txt", false), [Seen::Gone("x.txt".into())]);
        assert_eq!(
            seen(EventKind::Remove(RemoveKind::File), "/d/x.txt", false),
            [Seen::Gone("x.txt".into())]
        );
        assert_eq!(
            seen(EventKind::Remove(RemoveKind::Folder), "/d", false),
            [Seen::RootVanished]
        );
        assert_eq!(seen(from, "/d", false), [Seen::RootVanished]);
    }

    #[test]
    fn polling_reports_changes_to_settle_and_overflow_asks_for_a_rescan() {
        let mtime = EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime));
        assert_eq!(
            seen(mtime, "/d/x.txt", true),
            [Seen::Polled("x.txt".into())]
        );
        assert_eq!(
            seen(EventKind::Create(CreateKind::Any), "/d/x.txt", true),
            [Seen::Polled("x.txt".into())]
        );
        assert!(seen(EventKind::Create(CreateKind::Any), "/d/x.tmp", true).is_empty());
        let overflow = notify::Event::new(EventKind::Other).set_flag(Flag::Rescan);
        let mut out = Vec::new();
        interpret(&overflow, Path::new("/d"), false, &mut out);
        assert_eq!(out, [Seen::Rescan]);
    }
}
