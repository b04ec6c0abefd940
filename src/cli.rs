//! The command line: what each subcommand takes. Parsing only; the work is in `commands`.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "watchdesk",
    version,
    about = "A terminal console for watch-desk analysts triaging Arabic news about Iraq"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Log file (default: watchdesk.log in the XDG state directory). Logs never go to the terminal.
    #[arg(long, global = true, value_name = "FILE")]
    pub log: Option<PathBuf>,

    /// Triage state file, shared by every console pointed at it
    /// (default: $WATCHDESK_STATE, else triage.sqlite3 in the XDG data directory).
    #[arg(long, global = true, value_name = "PATH")]
    pub state: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Parse and tag every article under DIR and print one record per file.
    Scan(ScanArgs),
    /// List the loaded themes; with --terms, every term the tagger searches.
    Themes(ThemesArgs),
    /// Write the triaged articles (default: flagged or noted) for a shift report.
    Export(ExportArgs),
    /// The console: follow DIR live, filter, read and triage its articles.
    Watch(WatchArgs),
    /// The console on a temporary directory that fills with sample articles every second or two.
    Demo(DemoArgs),
}

/// How the console draws and which keys it uses (each overrides the config file).
#[derive(Args, Debug, Clone, Default)]
pub struct ConsoleArgs {
    /// Who reorders right-to-left text: the console (most terminals, tmux) or the terminal
    /// (mlterm, Konsole, VTE with bidi on). Default: from the config file, else app.
    #[arg(long, value_enum, value_name = "MODE")]
    pub bidi: Option<crate::app::state::BidiSetting>,
    /// Join Arabic letters with presentation forms (for terminals that do not shape).
    #[arg(long)]
    pub shaping: bool,
    /// Config file (default: config.toml in the XDG config directory, if it exists).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Args, Debug, Clone)]
pub struct WatchArgs {
    /// Directory of articles to follow (recursively).
    pub dir: PathBuf,
    /// Poll the directory every SECS seconds (default 2) instead of using inotify: for network
    /// mounts (NFS, SMB), where inotify sees no changes.
    #[arg(long, value_name = "SECS", num_args = 0..=1, default_missing_value = "2")]
    pub poll: Option<f64>,
    /// Read at most this many bytes of a file; larger files are listed with an error.
    #[arg(long, value_name = "BYTES", default_value_t = crate::parse::read::DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
    #[command(flatten)]
    pub console: ConsoleArgs,
    #[command(flatten)]
    pub lexicon: LexiconArgs,
}

#[derive(Args, Debug, Clone)]
pub struct DemoArgs {
    /// Seed of the sample-article generator (the same seed gives the same articles).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[command(flatten)]
    pub console: ConsoleArgs,
}

/// Where the lexicons come from.
#[derive(Args, Debug, Clone, Default)]
pub struct LexiconArgs {
    /// Directory of theme files (*.toml), replacing the built-in ones
    /// (default: themes/ in the config directory if it exists, else built-in).
    #[arg(long, value_name = "DIR")]
    pub themes: Option<PathBuf>,
    /// Gazetteer file replacing the built-in one
    /// (default: gazetteer.toml in the config directory if it exists, else built-in).
    #[arg(long, value_name = "FILE")]
    pub gazetteer: Option<PathBuf>,
}

#[derive(Args, Debug, Clone)]
pub struct ScanArgs {
    /// Directory to scan (recursively), or one article file.
    pub dir: PathBuf,
    /// Print JSON Lines, one object per file, instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Include the cleaned body text in JSON records.
    #[arg(long, requires = "json")]
    pub body: bool,
    /// After the backlog, keep watching DIR and print one record per new, changed or removed
    /// article (with an "event" field), flushed as it happens, until interrupted (exit 0). A
    /// file counts once it is renamed in or closed after writing; the same text under two
    /// names is one article.
    #[arg(long)]
    pub follow: bool,
    /// With --follow: poll the directory every SECS seconds (default 2) instead of using
    /// inotify. Use it for network mounts (NFS, SMB), where inotify sees no changes. A new
    /// file then shows once it has stopped changing for SECS (at least 1 s).
    #[arg(long, value_name = "SECS", num_args = 0..=1, default_missing_value = "2", requires = "follow")]
    pub poll: Option<f64>,
    /// Read at most this many bytes of a file; larger files are listed with an error.
    #[arg(long, value_name = "BYTES", default_value_t = crate::parse::read::DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
    #[command(flatten)]
    pub lexicon: LexiconArgs,
}

#[derive(Args, Debug, Clone)]
pub struct ThemesArgs {
    /// Print every term the tagger searches, one per line: theme terms, then gazetteer names
    /// (a trailing * of a prefix term is left out).
    #[arg(long)]
    pub terms: bool,
    #[command(flatten)]
    pub lexicon: LexiconArgs,
}

#[derive(Args, Debug, Clone)]
pub struct ExportArgs {
    /// Only flagged articles.
    #[arg(long, conflicts_with = "all")]
    pub flagged: bool,
    /// Every article with any triage: read, flagged, dismissed or noted.
    #[arg(long)]
    pub all: bool,
    /// Only articles with an action in the last DURATION: a number and a unit
    /// (s, m, h, d, w), e.g. 30m, 8h, 2d, 1h30m.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub since: Option<Duration>,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Comma-separated values with a header row (RFC 4180 quoting).
    Csv,
    /// JSON Lines: one object per article.
    Jsonl,
    /// A Markdown table for a shift report.
    Md,
}

/// "8h", "30m", "2d", "1h30m": one or more number-and-unit pairs.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let bad = || format!("not a duration: {text:?} (e.g. 30m, 8h, 2d)");
    let mut total = 0u64;
    let mut rest = text.trim();
    if rest.is_empty() {
        return Err(bad());
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
        let n: u64 = rest[..digits].parse().map_err(|_| bad())?;
        let unit = rest[digits..].chars().next().ok_or_else(bad)?;
        let secs = match unit {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return Err(bad()),
        };
        total = n
            .checked_mul(secs)
            .and_then(|s| total.checked_add(s))
            .ok_or_else(bad)?;
        rest = &rest[digits + 1..];
    }
    Ok(Duration::from_secs(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_in_shift_units() {
        assert_eq!(parse_duration("8h"), Ok(Duration::from_secs(8 * 3600)));
        assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_duration("2d"), Ok(Duration::from_secs(2 * 86_400)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        for bad in ["", "8", "h", "8x", "-1h", "1.5h", "99999999999999999999w"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
