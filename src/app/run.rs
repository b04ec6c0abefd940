//! The event loop. Producers send [`Event`]s on one channel: a crossterm `EventStream` task
//! (keys, resizes), a thread forwarding the ingest receiver, a thread forwarding triage
//! changes from the store, the search worker, a signal task (SIGTERM, SIGINT, SIGHUP -> quit)
//! and a once-a-minute tick. The consumer waits for one event, drains whatever else is queued
//! (a burst of 500 files is one redraw), updates the model, and draws only when something
//! changed, at most ~30 times a second. An idle console writes nothing.

use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use crossterm::event::{Event as TermEvent, EventStream};
use futures::StreamExt;
use ratatui::layout::Rect;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::search::{self, SearchRequest};
use super::state::{Model, Triage};
use super::store_link::SaveRequest;
use super::update::{Effect, update};
use super::{Action, Event};
use crate::article::ArticleId;
use crate::ingest::IngestEvent;
use crate::tui::Tui;
use crate::ui::{self, Ui};

/// Shortest time between two frames (~30 fps): a burst of events is drawn once.
const FRAME: Duration = Duration::from_millis(33);
/// Events handled before a frame is drawn even if more are queued, so keys stay responsive
/// under a flood of arrivals.
const MAX_BATCH: usize = 2000;

/// Where triage is kept: the loop sends changes on `save` and hears about every change (its
/// own and other consoles') on `changes`.
pub struct TriageLink {
    pub save: Sender<SaveRequest>,
    pub changes: Receiver<Vec<(ArticleId, Triage)>>,
}

/// Forward a blocking channel into the event channel on a thread of its own, until either
/// side goes away.
fn forward<T: Send + 'static>(
    name: &str,
    rx: Receiver<T>,
    tx: UnboundedSender<Event>,
    wrap: fn(T) -> Event,
) {
    let spawned = std::thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            for item in rx.iter() {
                if tx.send(wrap(item)).is_err() {
                    break;
                }
            }
        });
    if let Err(e) = spawned {
        tracing::error!("cannot start the {name} thread: {e}");
    }
}

fn spawn_terminal_events(tx: UnboundedSender<Event>) {
    tokio::spawn(async move {
        let mut events = EventStream::new();
        while let Some(Ok(ev)) = events.next().await {
            let ev = match ev {
                TermEvent::Key(k) => Event::Key(k),
                TermEvent::Resize(w, h) => Event::Resize(w, h),
                _ => continue,
            };
            if tx.send(ev).is_err() {
                break;
            }
        }
    });
}

fn spawn_signals(tx: UnboundedSender<Event>) -> std::io::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    // SIGTERM: asked to stop. SIGINT: Ctrl-C from outside raw mode (kill -INT). SIGHUP: the
    // SSH session dropped. All three quit cleanly, restoring the terminal on the way out.
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    let mut hup = signal(SignalKind::hangup())?;
    tokio::spawn(async move {
        let name = tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = int.recv() => "SIGINT",
            _ = hup.recv() => "SIGHUP",
        };
        let _ = tx.send(Event::Signal(name));
    });
    Ok(())
}

fn spawn_tick(tx: UnboundedSender<Event>) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(60));
        every.tick().await; // the first tick is immediate
        loop {
            every.tick().await;
            if tx.send(Event::Tick).is_err() {
                break;
            }
        }
    });
}

/// The loop's view of the world outside the model.
struct Outside {
    search: search::SearchHandle,
    triage: Option<Sender<SaveRequest>>,
}

impl Outside {
    fn save(&self, request: SaveRequest) {
        match &self.triage {
            Some(save) => {
                if save.send(request).is_err() {
                    tracing::error!("triage store is gone; change kept in memory only");
                }
            }
            None => tracing::debug!("no triage store: change kept in memory"),
        }
    }

    fn carry_out(&self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Search { generation, query } => {
                    self.search.send(SearchRequest::Query { generation, query })
                }
                Effect::Index { slot, text } => {
                    self.search.send(SearchRequest::Index { slot, text })
                }
                Effect::Unindex { slot } => self.search.send(SearchRequest::Unindex { slot }),
                Effect::SaveTriage {
                    id,
                    change,
                    article,
                } => self.save(SaveRequest::Mark(id, change, Some(article))),
                Effect::CarryTriage { from, to, article } => {
                    self.save(SaveRequest::Carry { from, to, article })
                }
            }
        }
    }
}

/// Run the console until the analyst quits or a signal arrives.
pub async fn run(
    tui: &mut Tui,
    mut model: Model,
    ui: Ui,
    ingest: Receiver<IngestEvent>,
    triage: Option<TriageLink>,
) -> anyhow::Result<()> {
    let (tx, mut rx): (UnboundedSender<Event>, UnboundedReceiver<Event>) = unbounded_channel();
    spawn_terminal_events(tx.clone());
    spawn_signals(tx.clone())?;
    spawn_tick(tx.clone());
    forward("ingest-bridge", ingest, tx.clone(), Event::Ingest);
    let save = triage.map(|link| {
        forward("store-bridge", link.changes, tx.clone(), Event::Store);
        link.save
    });
    let search_tx = tx.clone();
    let outside = Outside {
        search: search::spawn_worker(move |r| {
            let _ = search_tx.send(Event::Search(r));
        }),
        triage: save,
    };
    drop(tx);

    model.help_len = ui::help::lines(&ui.keymap).len();
    let size = tui.terminal.size()?;
    resize(&mut model, size.width, size.height);

    let mut last_draw = Instant::now() - FRAME;
    loop {
        if model.dirty {
            let due = last_draw + FRAME;
            if Instant::now() >= due {
                tui.terminal.draw(|frame| ui::render(frame, &model, &ui))?;
                model.dirty = false;
                last_draw = Instant::now();
            }
        }
        // Wait for the next event, or for the frame deadline when a draw is pending.
        let next = if model.dirty {
            tokio::select! {
                ev = rx.recv() => ev,
                _ = tokio::time::sleep_until((last_draw + FRAME).into()) => continue,
            }
        } else {
            rx.recv().await
        };
        let Some(first) = next else { break };
        handle(&mut model, &ui, &outside, first);
        let mut handled = 1;
        while handled < MAX_BATCH && !model.quit {
            let Ok(ev) = rx.try_recv() else { break };
            handle(&mut model, &ui, &outside, ev);
            handled += 1;
        }
        if model.quit {
            break;
        }
    }
    Ok(())
}

fn resize(model: &mut Model, width: u16, height: u16) {
    let viewport = ui::layout::viewport(Rect::new(0, 0, width, height));
    update(model, Action::Resize(viewport));
}

fn handle(model: &mut Model, ui: &Ui, outside: &Outside, ev: Event) {
    if let Event::Resize(w, h) = ev {
        resize(model, w, h);
        return;
    }
    if let Some(action) = ev.into_action(model, &ui.keymap) {
        let effects = update(model, action);
        outside.carry_out(effects);
    }
}
