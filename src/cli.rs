//! The command line: what each subcommand takes. Parsing only; the work is in `commands`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Parse and tag every article under DIR and print one record per file.
    Scan(ScanArgs),
    /// List the loaded themes; with --terms, every term the tagger searches.
    Themes(ThemesArgs),
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
    /// Directory to scan (recursively).
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
