//! The terminal, set up and restored in one place.
//!
//! [`Tui::enter`] turns on raw mode, enters the alternate screen, hides the cursor and (in app
//! bidi mode) sends `CSI 8 l` so that VTE-based terminals do not reorder right-to-left lines a
//! second time. [`restore`] undoes all of it, and is idempotent: it runs on quit (when the
//! `Tui` is dropped), from the panic hook (restore first, then the previous hook prints the
//! message on the normal screen, and the log gets it too), and after a signal, which the event
//! loop turns into a clean quit.

use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::{cursor, execute, terminal};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::state::BidiSetting;

/// Whether the terminal is in our mode (so that restore runs once).
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Whether `CSI 8 l` was sent (so that restore sends `CSI 8 h`).
static BIDI_OFF: AtomicBool = AtomicBool::new(false);

/// ECMA-48 BDSM: "implicit" off — the terminal shows cells as written, without reordering.
const BIDI_IMPLICIT_OFF: &[u8] = b"\x1b[8l";
const BIDI_IMPLICIT_ON: &[u8] = b"\x1b[8h";

pub type Term = Terminal<CrosstermBackend<Stdout>>;

pub struct Tui {
    pub terminal: Term,
}

impl Tui {
    pub fn enter(bidi: BidiSetting) -> io::Result<Tui> {
        install_panic_hook();
        terminal::enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let mut out = io::stdout();
        execute!(out, terminal::EnterAlternateScreen, cursor::Hide)?;
        if bidi == BidiSetting::App {
            out.write_all(BIDI_IMPLICIT_OFF)?;
            out.flush()?;
            BIDI_OFF.store(true, Ordering::SeqCst);
        }
        let terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        Ok(Tui { terminal })
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        restore();
    }
}

/// Give the terminal back: bidi mode, cursor, main screen, cooked mode. Safe to call twice and
/// from a panic; errors are ignored (after SIGHUP there may be no terminal to write to).
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    if BIDI_OFF.swap(false, Ordering::SeqCst) {
        let _ = out.write_all(BIDI_IMPLICIT_ON);
    }
    let _ = execute!(out, cursor::Show, terminal::LeaveAlternateScreen);
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        tracing::error!("panic: {info}");
        previous(info);
    }));
}
