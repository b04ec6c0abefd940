//! Triage state that persists and is shared: read, flag (with a priority), dismissed and a
//! note per article, each with who set it and when, in one SQLite file that every console of
//! a desk can open at once.
//!
//! # How the console uses it
//! ```text
//! let mut store = Store::open(&path)?;          // refuses foreign, damaged, newer files
//! let seq = store.last_seq()?;                  // first the seq, then the state: a change
//! let mut triage = store.load_all()?;           //   in between arrives twice, harmlessly
//! let (watcher, rx) = StoreWatcher::spawn(store.path(), seq, WATCH_INTERVAL)?;
//! // keep `watcher` alive; forward `rx` (a crossbeam channel) into the event loop, and
//! // fold each Change into the model with `Triage::apply`.
//! store.remember(&article)?;                    // then, on a key press:
//! let change = store.set_flag(article.id, Some(Priority::High))?;
//! ```
//! Writes block for as long as another console holds the write lock (up to `busy_timeout`),
//! so the console runs them off its UI loop: a thread (or `spawn_blocking`) that owns the
//! `Store`, takes `(ArticleId, Mark)` requests and sends back the `Change`s. Every action is
//! one transaction: a console killed mid-action loses at most that action.
//!
//! `Triage::apply` keeps the newest action per part by sequence number, so applying a change
//! twice or out of order (own write, then the watcher) is harmless.
//!
//! Module map: `schema` (tables and migrations), `queries` (the SQL), `model` (the
//! types), `watch` (the cross-process watcher), `env` (path, user, clock).

mod env;
mod model;
mod queries;
mod schema;
mod watch;

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

pub use env::{STATE_ENV, current_user, state_path, timestamp, timestamp_now};
pub use model::{Change, Mark, Marked, Priority, Snapshot, Stamp, Triage};
pub use schema::LATEST as SCHEMA_VERSION;
pub use watch::{StoreUpdate, StoreWatcher, WATCH_INTERVAL};

use crate::article::{Article, ArticleId};

/// How long a write waits for another console's write to finish before giving up. Writes
/// take well under a millisecond, so this is only reached when something is stuck.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Why the state file cannot be used. Each names the file; none leaves it changed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}: not a watchdesk state file (not an SQLite database); refusing to use it, left untouched"
    )]
    NotADatabase { path: PathBuf },
    #[error(
        "{path}: an SQLite database of some other program, not a watchdesk state file; refusing to use it, left untouched"
    )]
    Foreign { path: PathBuf },
    #[error(
        "{path}: made by a newer watchdesk (schema {found} > {known}); refusing to use it, left untouched"
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        known: u32,
    },
    #[error(
        "{path}: the state file is damaged ({detail}); refusing to use it, left untouched: restore a backup or move it aside"
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "{path}: read-only for this user; triage cannot be recorded (point --state or {STATE_ENV} at a writable file)"
    )]
    ReadOnly { path: PathBuf },
    #[error("{path}: no triage state there")]
    Missing { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

/// A handle on the triage store: one SQLite connection, and the user its actions are
/// recorded as.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    user: String,
}

impl Store {
    /// Open (creating it and its directory if need be) the state file at `path`, acting as the
    /// Unix user running this process.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_as(path, &current_user())
    }

    /// [`Store::open`], recording actions as `user` (tests, and tools acting for someone).
    pub fn open_as(path: &Path, user: &str) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        check_header(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut store = Store::connect(path, flags, user)?;
        // SQLite silently opens a write-protected file read-only: say so now, not at the
        // first action.
        if store.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(StoreError::ReadOnly { path: store.path });
        }
        store.check_version(true)?;
        let fail = |e| classify(path, e);
        // WAL: readers (other consoles, the watcher, export) never block the writer and a
        // commit is one append. NORMAL sync in WAL mode survives a killed process (the case
        // the issue names); only a power cut may lose the last actions, never consistency.
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(fail)?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(path = %path.display(), mode, "triage store not in WAL mode");
        }
        store
            .conn
            .execute_batch("PRAGMA synchronous = NORMAL")
            .map_err(fail)?;
        schema::migrate(&mut store.conn).map_err(fail)?;
        Ok(store)
    }

    /// Open an existing state file for reading only (export, the watcher): never creates,
    /// migrates or writes, and works on a file this user may not write.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        Store::open_reader(path, true)
    }

    /// A reading handle; `verify` runs the integrity check (the watcher skips it: the
    /// console's own open has just run it on the same file).
    fn open_reader(path: &Path, verify: bool) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        check_header(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let store = Store::connect(path, flags, &current_user())?;
        let (store, found) = match store.check_version(verify) {
            Err(StoreError::ReadOnly { .. }) => {
                let store = Store::open_immutable(path)?;
                let found = store.check_version(verify)?;
                (store, found)
            }
            other => (store, other?),
        };
        if found < schema::LATEST {
            // Nothing recorded yet (a new file), or an older schema only a writer may upgrade.
            return Err(StoreError::Missing { path: store.path });
        }
        Ok(store)
    }

    /// A WAL database needs its `-shm` index even to be read; a reader who may not create it
    /// (a supervisor with read access to a desk's directory) cannot open it the usual way.
    /// With no `-wal` file no console has the store open, so it is read as an unchanging file.
    fn open_immutable(path: &Path) -> Result<Store, StoreError> {
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        if Path::new(&wal).exists() {
            return Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
            });
        }
        let uri = format!("file:{}?immutable=1", uri_path(path));
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(uri, flags).map_err(|e| classify(path, e))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            user: current_user(),
        })
    }

    fn connect(path: &Path, flags: OpenFlags, user: &str) -> Result<Store, StoreError> {
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| classify(path, e))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            user: user.to_string(),
        })
    }

    /// Refuse a file from a newer build, another program, or (with `verify`) damaged; else
    /// its version. Only reads, so a refused file is left as it was.
    fn check_version(&self, verify: bool) -> Result<u32, StoreError> {
        let fail = |e| classify(&self.path, e);
        // Version and table count from one statement, so one snapshot: read apart, a console
        // migrating the new file in between made it look like another program's database.
        let (found, objects): (u32, i64) = self
            .conn
            .query_row(
                "SELECT (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(fail)?;
        if found > schema::LATEST {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found,
                known: schema::LATEST,
            });
        }
        if found == 0 && objects > 0 {
            return Err(StoreError::Foreign {
                path: self.path.clone(),
            });
        }
        if !verify {
            return Ok(found);
        }
        // quick_check reads every page once (~0.1 s for 100,000 triaged articles) and
        // catches damage before this console adds to it.
        let verdict: String = self
            .conn
            .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
            .map_err(fail)?;
        if verdict != "ok" {
            return Err(StoreError::Corrupt {
                path: self.path.clone(),
                detail: verdict,
            });
        }
        Ok(found)
    }

    /// The state file this handle is on.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Who this handle's actions are recorded as.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// Keep a snapshot of the article's title, source, date, path, themes and provinces, for
    /// `export`. Call it when the article is first triaged (cheap when nothing changed).
    pub fn remember(&self, article: &Article) -> Result<(), StoreError> {
        queries::remember(&self.conn, article).map_err(|e| self.fail(e))
    }

    pub fn set_read(&mut self, id: ArticleId, read: bool) -> Result<Change, StoreError> {
        self.mark(id, Mark::Read(read))
    }

    /// Flag with a priority, or clear the flag with `None`.
    pub fn set_flag(
        &mut self,
        id: ArticleId,
        priority: Option<Priority>,
    ) -> Result<Change, StoreError> {
        self.mark(id, Mark::Flag(priority))
    }

    pub fn set_dismissed(&mut self, id: ArticleId, dismissed: bool) -> Result<Change, StoreError> {
        self.mark(id, Mark::Dismissed(dismissed))
    }

    /// Set the note, or clear it with `None` or a blank note.
    pub fn set_note(&mut self, id: ArticleId, note: Option<&str>) -> Result<Change, StoreError> {
        let note = note.filter(|n| !n.trim().is_empty()).map(str::to_string);
        self.mark(id, Mark::Note(note))
    }

    /// Record one action (what the `set_*` functions call): one transaction, logged with this
    /// handle's user and the time. Returns the change as the watcher will report it.
    pub fn mark(&mut self, id: ArticleId, mark: Mark) -> Result<Change, StoreError> {
        let user = self.user.clone();
        queries::record(&mut self.conn, id, mark, &user).map_err(|e| self.fail(e))
    }

    /// Give the article's new id `to` the triage its old id `from` has (see
    /// [`queries::carry`]): the parts `to` already has are left alone. Returns the changes as
    /// the watcher will report them.
    pub fn carry(&mut self, from: ArticleId, to: ArticleId) -> Result<Vec<Change>, StoreError> {
        queries::carry(&mut self.conn, from, to).map_err(|e| self.fail(e))
    }

    /// The article's current state, `None` if it was never triaged.
    pub fn get(&self, id: ArticleId) -> Result<Option<Triage>, StoreError> {
        queries::get(&self.conn, id).map_err(|e| self.fail(e))
    }

    /// The current state of every triaged article.
    pub fn load_all(&self) -> Result<HashMap<ArticleId, Triage>, StoreError> {
        queries::load_all(&self.conn).map_err(|e| self.fail(e))
    }

    /// Every action after `seq`, oldest first, and the `seq` to pass next time.
    pub fn changes_since(&self, seq: u64) -> Result<(Vec<Change>, u64), StoreError> {
        queries::changes_since(&self.conn, seq).map_err(|e| self.fail(e))
    }

    /// The sequence number of the latest action (0 for none).
    pub fn last_seq(&self) -> Result<u64, StoreError> {
        queries::last_seq(&self.conn).map_err(|e| self.fail(e))
    }

    /// The remembered snapshots of triaged articles.
    pub fn snapshots(&self) -> Result<HashMap<ArticleId, Snapshot>, StoreError> {
        queries::snapshots(&self.conn).map_err(|e| self.fail(e))
    }

    /// Whether another connection has committed since this one last looked (the watcher's
    /// cheap test: no table is read).
    fn data_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| self.fail(e))
    }

    fn fail(&self, e: rusqlite::Error) -> StoreError {
        classify(&self.path, e)
    }
}

/// The first bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Refuse a file that is not SQLite before SQLite opens it: SQLite treats a file too short to
/// have a header as a new database, and would write one over a short text file.
fn check_header(path: &Path) -> Result<(), StoreError> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(e)),
    };
    if file.metadata().map_err(io)?.is_dir() {
        return Err(io(std::io::Error::from(std::io::ErrorKind::IsADirectory)));
    }
    let mut head = Vec::with_capacity(SQLITE_MAGIC.len());
    file.by_ref()
        .take(SQLITE_MAGIC.len() as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    // An empty file is how SQLite starts a new database; anything else must be one already.
    if head.is_empty() || head == SQLITE_MAGIC {
        Ok(())
    } else {
        Err(StoreError::NotADatabase {
            path: path.to_path_buf(),
        })
    }
}

/// A path as the path of a `file:` URI: every byte but unreserved ones and `/` escaped.
fn uri_path(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Name SQLite's refusals in terms of the file.
fn classify(path: &Path, source: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    match source.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase { path },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path,
            detail: source.to_string(),
        },
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path },
        _ => StoreError::Sqlite { path, source },
    }
}

#[cfg(test)]
mod tests;
