//! The console's config file: TOML at `$XDG_CONFIG_HOME/watchdesk/config.toml` (or `--config`).
//! Command-line flags override it; it overrides the defaults. A key the file should not have
//! is an error that names it, so a typo does not silently do nothing.
//!
//! ```toml
//! bidi = "app"            # or "terminal"
//! shaping = false
//! palette = "auto"        # "true_color", "ansi16", "none"
//! [colors]
//! unread = "bold yellow"
//! selected = "black on cyan"
//! [keys.feed]
//! "x" = "toggle_read"
//! [keys.global]
//! "ctrl-n" = "down"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

use crate::app::keymap::KeyOverrides;
use crate::app::state::BidiSetting;
use crate::ui::theme::{PaletteKind, Role};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub bidi: Option<BidiSetting>,
    pub shaping: Option<bool>,
    pub palette: Option<PaletteKind>,
    #[serde(default)]
    pub colors: BTreeMap<Role, String>,
    #[serde(default)]
    pub keys: KeyOverrides,
}

/// The default place of the config file.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "watchdesk").map(|d| d.config_dir().join("config.toml"))
}

impl Config {
    pub fn parse(text: &str, origin: &str) -> anyhow::Result<Config> {
        toml::from_str(text).map_err(|e| anyhow::anyhow!("{origin}: {e}"))
    }

    /// `explicit` must exist; the default file is optional.
    pub fn load(explicit: Option<&Path>) -> anyhow::Result<Config> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => match default_path().filter(|p| p.is_file()) {
                Some(p) => p,
                None => return Ok(Config::default()),
            },
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading config {}", path.display()))?;
        Config::parse(&text, &path.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_config_parses() {
        let c = Config::parse(
            "bidi = \"terminal\"\nshaping = true\npalette = \"none\"\n[colors]\nunread = \"bold\"\n[keys.feed]\nx = \"flag\"\n",
            "t",
        )
        .unwrap();
        assert_eq!(c.bidi, Some(BidiSetting::Terminal));
        assert_eq!(c.palette, Some(PaletteKind::None));
        assert_eq!(c.colors.len(), 1);
        assert_eq!(c.keys.len(), 1);
    }

    #[test]
    fn unknown_keys_are_named() {
        let e = Config::parse("colour = \"red\"\n", "cfg.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("colour"), "{e}");
        let e = Config::parse("[colors]\nshiny = \"red\"\n", "cfg.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("shiny"), "{e}");
        let e = Config::parse("[keys.feed]\nx = \"explode\"\n", "cfg.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("explode"), "{e}");
    }
}
