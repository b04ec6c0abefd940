//! The SQL behind the store's API. Every function takes a connection, so the store handle
//! and the watcher's own read-only connection share them.

use std::collections::HashMap;

use rusqlite::types::{Type, Value};
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};

use super::env;
use super::model::{Change, Mark, Priority, Snapshot, Stamp, Triage};
use crate::article::{Article, ArticleId};

/// Record one action and make it the current state of its part, in one transaction.
///
/// `BEGIN IMMEDIATE` takes the write lock before reading anything, so two writers queue on
/// `busy_timeout` instead of failing half-way, and sequence numbers are committed in order:
/// a reader that has seen `seq` N will never later find a committed action below N.
pub fn record(
    conn: &mut Connection,
    id: ArticleId,
    mark: Mark,
    who: &str,
) -> rusqlite::Result<Change> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Taken under the lock, so times follow sequence numbers (as far as the clock does).
    let at = env::timestamp_now();
    let article = id.to_hex();
    let value = mark_value(&mark);
    tx.prepare_cached(
        "INSERT INTO actions (article, kind, value, who, at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![article, mark.kind(), value, who, at])?;
    let seq = tx.last_insert_rowid();
    tx.prepare_cached(
        "INSERT INTO current (article, kind, seq, value, who, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (article, kind) DO UPDATE SET
            seq = excluded.seq, value = excluded.value, who = excluded.who, at = excluded.at",
    )?
    .execute(params![article, mark.kind(), seq, value, who, at])?;
    tx.commit()?;
    Ok(Change {
        article: id,
        mark,
        stamp: Stamp {
            seq: seq as u64,
            who: who.to_string(),
            at,
        },
    })
}

/// Give `to` each part of the triage `from` has and `to` has not (the same file under a new
/// id: edited in place, or parsed differently by a newer watchdesk), in one transaction.
/// Each copy is a new action in the log, so every console hears of it, but it keeps the user
/// and time of the original: they say who triaged the article and when, and nobody did so
/// again. `from` keeps its state; the log stays append-only.
pub fn carry(
    conn: &mut Connection,
    from: ArticleId,
    to: ArticleId,
) -> rusqlite::Result<Vec<Change>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (from_hex, to_hex) = (from.to_hex(), to.to_hex());
    let parts: Vec<(String, Value, String, String)> = tx
        .prepare_cached(
            "SELECT kind, value, who, at FROM current
             WHERE article = ?1
               AND kind NOT IN (SELECT kind FROM current WHERE article = ?2)
             ORDER BY seq",
        )?
        .query_map(params![from_hex, to_hex], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut changes = Vec::with_capacity(parts.len());
    for (kind, value, who, at) in parts {
        tx.prepare_cached(
            "INSERT INTO actions (article, kind, value, who, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![to_hex, kind, value, who, at])?;
        let seq = tx.last_insert_rowid();
        tx.prepare_cached(
            "INSERT INTO current (article, kind, seq, value, who, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![to_hex, kind, seq, value, who, at])?;
        changes.push(tx.query_row(
            "SELECT seq, article, kind, value, who, at FROM current WHERE article = ?1 AND kind = ?2",
            params![to_hex, kind],
            change_from_row,
        )?);
    }
    tx.commit()?;
    Ok(changes)
}

/// The triage state of every article that has any.
pub fn load_all(conn: &Connection) -> rusqlite::Result<HashMap<ArticleId, Triage>> {
    let mut stmt = conn.prepare_cached("SELECT seq, article, kind, value, who, at FROM current")?;
    let mut all: HashMap<ArticleId, Triage> = HashMap::new();
    for change in stmt.query_map([], change_from_row)? {
        let change = change?;
        all.entry(change.article).or_default().absorb(change);
    }
    Ok(all)
}

pub fn get(conn: &Connection, id: ArticleId) -> rusqlite::Result<Option<Triage>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, article, kind, value, who, at FROM current WHERE article = ?1",
    )?;
    let mut triage: Option<Triage> = None;
    for change in stmt.query_map([id.to_hex()], change_from_row)? {
        triage.get_or_insert_default().absorb(change?);
    }
    Ok(triage)
}

/// Actions after `seq`, oldest first, and the sequence number to ask from next time.
pub fn changes_since(conn: &Connection, seq: u64) -> rusqlite::Result<(Vec<Change>, u64)> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, article, kind, value, who, at FROM actions WHERE id > ?1 ORDER BY id",
    )?;
    let changes = stmt
        .query_map([seq as i64], change_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let next = changes.last().map_or(seq, |c| c.stamp.seq);
    Ok((changes, next))
}

/// The highest sequence number in the log (0 when empty).
pub fn last_seq(conn: &Connection) -> rusqlite::Result<u64> {
    let seq: Option<i64> = conn
        .query_row("SELECT max(id) FROM actions", [], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(seq.unwrap_or(0) as u64)
}

/// Upsert the article's snapshot. An unchanged snapshot is not rewritten, so remembering an
/// article on every action costs a read, not a write.
pub fn remember(conn: &Connection, article: &Article) -> rusqlite::Result<()> {
    let themes = serde_json::to_string(&article.theme_ids().collect::<Vec<_>>())
        .expect("a list of strings serialises");
    let provinces = serde_json::to_string(&article.province_ids().collect::<Vec<_>>())
        .expect("a list of strings serialises");
    conn.prepare_cached(
        "INSERT INTO articles (id, title, source, published, path, themes, provinces)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET
            title = excluded.title, source = excluded.source, published = excluded.published,
            path = excluded.path, themes = excluded.themes, provinces = excluded.provinces
         WHERE (title, source, published, path, themes, provinces)
            IS NOT (excluded.title, excluded.source, excluded.published,
                    excluded.path, excluded.themes, excluded.provinces)",
    )?
    .execute(params![
        article.id.to_hex(),
        article.title,
        article.source,
        article.published,
        article.path,
        themes,
        provinces
    ])?;
    Ok(())
}

pub fn snapshots(conn: &Connection) -> rusqlite::Result<HashMap<ArticleId, Snapshot>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, source, published, path, themes, provinces FROM articles",
    )?;
    stmt.query_map([], |row| {
        let ids = |i: usize| -> rusqlite::Result<Vec<String>> {
            let json: String = row.get(i)?;
            serde_json::from_str(&json)
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, e.into()))
        };
        Ok((
            article_id(row, 0)?,
            Snapshot {
                title: row.get(1)?,
                source: row.get(2)?,
                published: row.get(3)?,
                path: row.get(4)?,
                themes: ids(5)?,
                provinces: ids(6)?,
            },
        ))
    })?
    .collect()
}

fn mark_value(mark: &Mark) -> Value {
    match mark {
        Mark::Read(b) | Mark::Dismissed(b) => Value::Integer(i64::from(*b)),
        Mark::Flag(p) => p.map_or(Value::Null, |p| Value::Integer(p as i64)),
        Mark::Note(n) => n.clone().map_or(Value::Null, Value::Text),
    }
}

/// Columns: seq (the log's id), article, kind, value, who, at.
fn change_from_row(row: &Row) -> rusqlite::Result<Change> {
    // Borrowed, not copied: load_all reads one row per triaged part.
    let kind = row.get_ref(2)?.as_str()?;
    let bad = |what: String| rusqlite::Error::FromSqlConversionFailure(3, Type::Text, what.into());
    let mark = match kind {
        "read" => Mark::Read(row.get::<_, i64>(3)? != 0),
        "dismiss" => Mark::Dismissed(row.get::<_, i64>(3)? != 0),
        "flag" => Mark::Flag(match row.get::<_, Option<i64>>(3)? {
            None => None,
            Some(level) => Some(
                Priority::from_level(level).ok_or_else(|| bad(format!("flag level {level}")))?,
            ),
        }),
        "note" => Mark::Note(row.get(3)?),
        other => return Err(bad(format!("action kind {other:?}"))),
    };
    Ok(Change {
        article: article_id(row, 1)?,
        mark,
        stamp: Stamp {
            seq: row.get::<_, i64>(0)? as u64,
            who: row.get(4)?,
            at: row.get(5)?,
        },
    })
}

fn article_id(row: &Row, i: usize) -> rusqlite::Result<ArticleId> {
    let hex = row.get_ref(i)?.as_str()?;
    ArticleId::from_hex(hex).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            Type::Text,
            format!("article id {hex:?}").into(),
        )
    })
}
