//! The tables, their version (`PRAGMA user_version`) and the ordered migrations that build them.
//!
//! ```text
//! actions   id INTEGER PRIMARY KEY   the sequence number every console follows
//!           article, kind, value     kind: read | flag | dismiss | note; value: 0/1, 1..3, text or NULL
//!           who, at                  Unix user; UTC RFC 3339 (ms, fixed width)
//!           append-only: triggers refuse UPDATE and DELETE
//! current   (article, kind) -> seq, value, who, at
//!                                    a copy of the latest action of each kind per article: the
//!                                    current state in one sequential scan (a join back to the
//!                                    log made load_all several times slower)
//! articles  id -> title, source, published, path, themes, provinces (JSON arrays of ids)
//!           a snapshot taken when the article is triaged, so export needs no rescan
//! ```

use rusqlite::{Connection, TransactionBehavior};

/// Migration `i` takes the schema from version `i` to `i + 1`. Append only: a released
/// migration is never edited, since stores made with it exist.
const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    "CREATE TABLE actions (
        id      INTEGER PRIMARY KEY,
        article TEXT NOT NULL,
        kind    TEXT NOT NULL CHECK (kind IN ('read', 'flag', 'dismiss', 'note')),
        value,
        who     TEXT NOT NULL,
        at      TEXT NOT NULL
     );
     CREATE TRIGGER actions_no_update BEFORE UPDATE ON actions
        BEGIN SELECT RAISE(ABORT, 'the actions log is append-only'); END;
     CREATE TRIGGER actions_no_delete BEFORE DELETE ON actions
        BEGIN SELECT RAISE(ABORT, 'the actions log is append-only'); END;
     CREATE TABLE current (
        article TEXT NOT NULL,
        kind    TEXT NOT NULL,
        seq     INTEGER NOT NULL,
        value,
        who     TEXT NOT NULL,
        at      TEXT NOT NULL,
        PRIMARY KEY (article, kind)
     ) WITHOUT ROWID;
     CREATE TABLE articles (
        id        TEXT PRIMARY KEY,
        title     TEXT NOT NULL,
        source    TEXT,
        published TEXT,
        path      TEXT NOT NULL,
        themes    TEXT NOT NULL,
        provinces TEXT NOT NULL
     ) WITHOUT ROWID;",
];

/// The schema version this build writes and understands.
pub const LATEST: u32 = MIGRATIONS.len() as u32;

pub fn version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Bring the schema up to [`LATEST`]. The version is read again inside the write transaction,
/// so two consoles starting at once on a new file migrate it once.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let from = version(&tx)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        tx.execute_batch(sql)?;
        tracing::info!(version = i + 1, "triage store migrated");
    }
    if from < LATEST {
        // PRAGMA takes no parameters; LATEST is a constant.
        tx.execute_batch(&format!("PRAGMA user_version = {LATEST}"))?;
    }
    tx.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_gets_the_latest_schema_once() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), LATEST);
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), LATEST);
    }

    #[test]
    fn the_log_refuses_edits() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO actions (article, kind, value, who, at) VALUES ('a', 'read', 1, 'u', 't')",
            [],
        )
        .unwrap();
        let update = conn.execute("UPDATE actions SET value = 0", []);
        assert!(update.unwrap_err().to_string().contains("append-only"));
        assert!(conn.execute("DELETE FROM actions", []).is_err());
        let bad_kind = conn.execute(
            "INSERT INTO actions (article, kind, value, who, at) VALUES ('a', 'x', 1, 'u', 't')",
            [],
        );
        assert!(bad_kind.is_err());
    }
}
