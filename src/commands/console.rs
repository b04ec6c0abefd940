//! What `watch` and `demo` share: settings (CLI > config file > defaults), the triage store,
//! the terminal, and the event loop on a single-threaded tokio runtime (the heavy work runs
//! on the ingest, search and store threads).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use crossbeam_channel::Receiver;

use crate::app::keymap::Keymap;
use crate::app::state::{Context, Model};
use crate::app::{run, store_link};
use crate::cli::ConsoleArgs;
use crate::config::Config;
use crate::ingest::IngestEvent;
use crate::pipeline::Pipeline;
use crate::tui::Tui;
use crate::ui::Ui;
use crate::ui::theme::Theme;

/// Run the console on `dir`, fed by `ingest`, with triage in the state file at `state`
/// (default: $WATCHDESK_STATE, else the XDG data directory).
pub fn run(
    dir: &Path,
    pipeline: Arc<Pipeline>,
    ingest: Receiver<IngestEvent>,
    args: &ConsoleArgs,
    state: Option<PathBuf>,
) -> anyhow::Result<()> {
    let config = Config::load(args.config.as_deref())?;
    let bidi = args.bidi.or(config.bidi).unwrap_or_default();
    let shaping = args.shaping || config.shaping.unwrap_or(false);
    let keymap = Keymap::with_overrides(&config.keys).map_err(anyhow::Error::msg)?;
    let palette = config.palette.unwrap_or_default().from_env();
    let theme = Theme::new(palette, &config.colors).map_err(anyhow::Error::msg)?;
    let ui = Ui {
        keymap,
        theme,
        utc_offset: local_utc_offset(),
    };

    let state =
        crate::store::state_path(state).context("no home directory for the triage state")?;
    let (initial, link, _store) = store_link::start(&state)?;
    tracing::info!(dir = %dir.display(), state = %state.display(), ?bidi, ?palette, "console");

    let mut model = Model::new(Context::new(
        dir.display().to_string(),
        pipeline,
        bidi,
        shaping,
    ));
    model.load_triage(initial.triage);
    model.load_triaged_files(initial.files);

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut tui = Tui::enter(bidi)?;
    let result = runtime.block_on(run::run(&mut tui, model, ui, ingest, Some(link)));
    drop(tui); // restores the terminal before any error is printed
    runtime.shutdown_background();
    result
}

/// Seconds east of UTC of the local time zone now (for the feed's clock).
fn local_utc_offset() -> i64 {
    // SAFETY: localtime_r only writes the tm we pass; time() cannot fail with a null pointer.
    unsafe {
        let now = libc::time(std::ptr::null_mut());
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&now, &mut tm).is_null() {
            return 0;
        }
        tm.tm_gmtoff
    }
}
