//! `watchdesk export [--flagged | --all] [--since DURATION] --format csv|jsonl|md`: the triaged
//! articles for a shift report, read from the triage store alone (its snapshots), so it works
//! without the article directory and on a state file this user may only read.

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Serialize;

use crate::article::ArticleId;
use crate::cli::{ExportArgs, ExportFormat};
use crate::store::{self, Marked, Priority, Snapshot, Store, Triage};
use crate::text::{sanitize, sanitize_line};

pub fn run(args: &ExportArgs, state: Option<PathBuf>) -> anyhow::Result<()> {
    let path = store::state_path(state).context("no home directory for the triage state")?;
    let store = Store::open_read_only(&path)?;
    let cutoff = args
        .since
        .map(|d| store::timestamp(time::OffsetDateTime::now_utc() - d));
    let which = if args.all {
        Which::All
    } else if args.flagged {
        Which::Flagged
    } else {
        Which::FlaggedOrNoted
    };
    let rows = select(
        store.load_all()?,
        &store.snapshots()?,
        which,
        cutoff.as_deref(),
    );
    match &args.output {
        None => write(&mut io::stdout().lock(), args.format, &rows, &path),
        Some(file) => {
            refuse_state_file(file, &path)?;
            let mut out = std::fs::File::create(file)
                .with_context(|| format!("{}: cannot write", file.display()))?;
            write(&mut out, args.format, &rows, &path)?;
            out.sync_all()?;
            eprintln!("watchdesk: {} articles -> {}", rows.len(), file.display());
            Ok(())
        }
    }
}

fn write(
    out: &mut impl Write,
    format: ExportFormat,
    rows: &[Row],
    state: &Path,
) -> anyhow::Result<()> {
    let mut out = io::BufWriter::new(out);
    match format {
        ExportFormat::Csv => write_csv(&mut out, rows)?,
        ExportFormat::Jsonl => write_jsonl(&mut out, rows)?,
        ExportFormat::Md => write_md(&mut out, rows, &store::timestamp_now(), state)?,
    }
    out.flush()?;
    Ok(())
}

/// `-o` naming the state file itself would truncate every console's triage.
fn refuse_state_file(output: &Path, state: &Path) -> anyhow::Result<()> {
    if let (Ok(o), Ok(s)) = (output.metadata(), state.metadata())
        && (o.dev(), o.ino()) == (s.dev(), s.ino())
    {
        anyhow::bail!(
            "{}: that is the triage state file; not overwriting it",
            output.display()
        );
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Which {
    Flagged,
    FlaggedOrNoted,
    All,
}

/// One exported article: its snapshot and triage, flat, every text sanitised.
#[derive(Debug, Serialize)]
struct Row {
    id: ArticleId,
    title: String,
    source: Option<String>,
    published: Option<String>,
    path: String,
    themes: Vec<String>,
    provinces: Vec<String>,
    read: bool,
    read_by: Option<String>,
    read_at: Option<String>,
    flag: Option<Priority>,
    flag_by: Option<String>,
    flag_at: Option<String>,
    dismissed: bool,
    dismissed_by: Option<String>,
    dismissed_at: Option<String>,
    /// Line breaks kept (CSV quotes them, JSON escapes them); folded in Markdown.
    note: Option<String>,
    note_by: Option<String>,
    note_at: Option<String>,
}

/// The articles to export, most urgent flag first, then the most recently triaged.
/// `cutoff` keeps those with an action at or after that time (a store timestamp).
fn select(
    triage: HashMap<ArticleId, Triage>,
    snapshots: &HashMap<ArticleId, Snapshot>,
    which: Which,
    cutoff: Option<&str>,
) -> Vec<Row> {
    let mut picked: Vec<(ArticleId, Triage)> = triage
        .into_iter()
        .filter(|(_, t)| match which {
            Which::Flagged => t.flag.value.is_some(),
            Which::FlaggedOrNoted => t.flag.value.is_some() || t.note.value.is_some(),
            Which::All => true,
        })
        .filter(|(_, t)| cutoff.is_none_or(|c| t.last_stamp().is_some_and(|s| s.at.as_str() >= c)))
        .collect();
    let last = |t: &Triage| t.last_stamp().map(|s| s.seq);
    // A file whose article changed id (edited in place, or parsed anew by a newer watchdesk)
    // had its triage carried to the new id (same file, same title): one row for it, the id
    // triaged last.
    let mut newest: HashMap<(&str, String), (Option<u64>, ArticleId)> = HashMap::new();
    for (id, t) in &picked {
        if let Some(s) = snapshots.get(id) {
            let file = (s.path.as_str(), crate::text::normalize(&s.title));
            let seen = newest.entry(file).or_insert((last(t), *id));
            if last(t) > seen.0 {
                *seen = (last(t), *id);
            }
        }
    }
    let standing: HashSet<ArticleId> = newest.into_values().map(|(_, id)| id).collect();
    picked.retain(|(id, _)| !snapshots.contains_key(id) || standing.contains(id));
    picked.sort_by_key(|(_, t)| std::cmp::Reverse((t.flag.value, last(t))));
    picked
        .into_iter()
        .map(|(id, t)| row(id, t, snapshots.get(&id)))
        .collect()
}

fn row(id: ArticleId, t: Triage, snap: Option<&Snapshot>) -> Row {
    let empty = Snapshot::default();
    let s = snap.unwrap_or(&empty);
    let line = |o: &Option<String>| o.as_deref().map(sanitize_line);
    let ids = |v: &[String]| v.iter().map(|i| sanitize_line(i)).collect();
    let (read_by, read_at) = who_when(&t.read);
    let (flag_by, flag_at) = who_when(&t.flag);
    let (dismissed_by, dismissed_at) = who_when(&t.dismissed);
    let (note_by, note_at) = who_when(&t.note);
    Row {
        id,
        title: sanitize_line(&s.title),
        source: line(&s.source),
        published: line(&s.published),
        path: sanitize_line(&s.path),
        themes: ids(&s.themes),
        provinces: ids(&s.provinces),
        read: t.read.value,
        read_by,
        read_at,
        flag: t.flag.value,
        flag_by,
        flag_at,
        dismissed: t.dismissed.value,
        dismissed_by,
        dismissed_at,
        note: t
            .note
            .value
            .as_deref()
            .map(|n| sanitize(n, true).into_owned()),
        note_by,
        note_at,
    }
}

fn who_when<T>(m: &Marked<T>) -> (Option<String>, Option<String>) {
    match &m.stamp {
        Some(s) => (Some(sanitize_line(&s.who)), Some(s.at.clone())),
        None => (None, None),
    }
}

const CSV_HEADER: [&str; 19] = [
    "id",
    "title",
    "source",
    "published",
    "path",
    "themes",
    "provinces",
    "read",
    "read_by",
    "read_at",
    "flag",
    "flag_by",
    "flag_at",
    "dismissed",
    "dismissed_by",
    "dismissed_at",
    "note",
    "note_by",
    "note_at",
];

/// CSV with the JSON field names as header; lists joined with ';', booleans as true/false,
/// absent values empty.
fn write_csv(out: &mut impl Write, rows: &[Row]) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_HEADER)?;
    let opt = |o: &Option<String>| o.as_deref().map(spreadsheet_safe).unwrap_or_default();
    for r in rows {
        w.write_record([
            r.id.to_hex(),
            spreadsheet_safe(&r.title),
            opt(&r.source),
            opt(&r.published),
            spreadsheet_safe(&r.path),
            r.themes.join(";"),
            r.provinces.join(";"),
            r.read.to_string(),
            opt(&r.read_by),
            opt(&r.read_at),
            r.flag.map(|p| p.to_string()).unwrap_or_default(),
            opt(&r.flag_by),
            opt(&r.flag_at),
            r.dismissed.to_string(),
            opt(&r.dismissed_by),
            opt(&r.dismissed_at),
            opt(&r.note),
            opt(&r.note_by),
            opt(&r.note_at),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// A cell a spreadsheet would run as a formula (an article's title is anyone's text:
/// "=HYPERLINK(...)") gets a leading apostrophe, the usual "this is text" mark.
fn spreadsheet_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn write_jsonl(out: &mut impl Write, rows: &[Row]) -> anyhow::Result<()> {
    for r in rows {
        serde_json::to_writer(&mut *out, r)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// A Markdown table, one article a row, for pasting into a shift report.
fn write_md(out: &mut impl Write, rows: &[Row], now: &str, state: &Path) -> io::Result<()> {
    writeln!(out, "# Triage export")?;
    writeln!(out)?;
    writeln!(
        out,
        "{} articles, exported {} from `{}`.",
        rows.len(),
        short_time(now),
        md_cell(&state.display().to_string()).replace('`', "'")
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "| Flag | Title | Source | Published | Themes | Provinces | State | Note | Who, when | File |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|---|---|---|---|")?;
    for r in rows {
        let mut state = Vec::new();
        if r.read {
            state.push("read");
        }
        if r.dismissed {
            state.push("dismissed");
        }
        let stamps = [
            ("read", &r.read_by, &r.read_at),
            ("flag", &r.flag_by, &r.flag_at),
            ("dismissed", &r.dismissed_by, &r.dismissed_at),
            ("note", &r.note_by, &r.note_at),
        ];
        let who_when: Vec<String> = stamps
            .into_iter()
            .filter_map(|(what, by, at)| {
                Some(format!(
                    "{what}: {} {}",
                    by.as_deref()?,
                    short_time(at.as_deref()?)
                ))
            })
            .collect();
        let cells = [
            r.flag.map(|p| p.to_string()).unwrap_or_default(),
            // An article triaged before its snapshot was taken still needs a handle.
            if r.title.is_empty() {
                format!("(article {})", r.id)
            } else {
                r.title.clone()
            },
            r.source.clone().unwrap_or_default(),
            r.published.clone().unwrap_or_default(),
            r.themes.join(", "),
            r.provinces.join(", "),
            state.join(", "),
            r.note.as_deref().map(sanitize_line).unwrap_or_default(),
            who_when.join("; "),
            r.path.clone(),
        ];
        let cells: Vec<String> = cells.iter().map(|c| md_cell(c)).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// A table cell: one line (already sanitised), with `|` escaped so it cannot split the row.
fn md_cell(text: &str) -> String {
    sanitize_line(text).replace('|', "\\|")
}

/// "2026-05-01T09:30:00.250Z" -> "2026-05-01 09:30Z": minutes are enough for a report.
fn short_time(at: &str) -> String {
    match (at.get(..10), at.get(11..16)) {
        (Some(day), Some(hm)) => format!("{day} {hm}Z"),
        _ => at.to_string(),
    }
}

#[cfg(test)]
mod tests;
