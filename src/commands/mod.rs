//! One module per subcommand.

pub mod console;
pub mod demo;
pub mod export;
pub mod scan;
pub mod themes;
pub mod watch;

use anyhow::Context;

use crate::cli::LexiconArgs;
use crate::tag::{Gazetteer, Tagger, lexicon};

/// The tagger from the command line's lexicon choice: explicit paths first, then the user's
/// config directory, then the built-in set.
pub fn load_tagger(args: &LexiconArgs) -> anyhow::Result<Tagger> {
    let config_dir =
        directories::ProjectDirs::from("", "", "watchdesk").map(|d| d.config_dir().to_path_buf());
    let themes_dir = args.themes.clone().or_else(|| {
        config_dir
            .as_ref()
            .map(|d| d.join("themes"))
            .filter(|d| d.is_dir())
    });
    let themes = match themes_dir {
        Some(dir) => lexicon::load_dir(&dir).with_context(|| "loading themes")?,
        None => lexicon::builtin(),
    };
    let gazetteer_file = args.gazetteer.clone().or_else(|| {
        config_dir
            .as_ref()
            .map(|d| d.join("gazetteer.toml"))
            .filter(|f| f.is_file())
    });
    let gazetteer = match gazetteer_file {
        Some(file) => Gazetteer::load(&file)?,
        None => Gazetteer::builtin(),
    };
    Ok(Tagger::new(themes, gazetteer))
}

/// Whether an I/O error is the reader going away (`| head`): not a failure of ours.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
