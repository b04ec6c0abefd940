//! End to end: the real binary in a pseudo-terminal (tmux, on a private server socket), driven
//! by keys, read back with `capture-pane`. Arabic on screen is in visual order, so expected
//! titles are written reversed by hand.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

/// A tmux server of our own; killed on drop.
struct Tmux {
    socket: String,
    dir: tempfile::TempDir,
}

fn have_tmux() -> bool {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("SKIPPED: tmux is not installed (CI installs it via .ci/run)");
    }
    found
}

impl Tmux {
    fn new(name: &str) -> Tmux {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("news")).unwrap();
        Tmux {
            socket: format!("wd-e2e-{}-{name}", std::process::id()),
            dir,
        }
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    /// A 120x40 session `session` running a plain shell with a known prompt.
    fn open(&self, session: &str) {
        self.tmux(&[
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "120",
            "-y",
            "40",
            "env PS1='READY$ ' TERM=xterm-256color sh",
        ]);
        self.wait_for(session, |s| s.contains("READY$"), "shell prompt");
    }

    /// Start the console in `session`, recording its pid.
    fn start_console(&self, session: &str, state: &Path) {
        let cmd = format!(
            "sh -c 'echo $$ > {pid}; exec {bin} watch {news} --state {state} --log {log}'",
            pid = self.path(&format!("{session}.pid")).display(),
            bin = env!("CARGO_BIN_EXE_watchdesk"),
            news = self.path("news").display(),
            state = state.display(),
            log = self.path(&format!("{session}.log")).display(),
        );
        self.keys(session, &[&cmd, "Enter"]);
        self.wait_for(session, |s| s.contains("Feed ·"), "the console");
    }

    /// A console in a new session, once it shows the Anbar article (dropped beforehand).
    fn console_showing_anbar(&self, session: &str, state: &Path) {
        self.open(session);
        self.start_console(session, state);
        self.wait_for(session, |s| s.contains(ANBAR_SHOWN), "the article");
    }

    fn pid(&self, session: &str) -> String {
        std::fs::read_to_string(self.path(&format!("{session}.pid")))
            .unwrap()
            .trim()
            .to_string()
    }

    fn keys(&self, session: &str, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", session];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    fn screen(&self, session: &str) -> String {
        self.tmux(&["capture-pane", "-p", "-t", session])
    }

    fn wait_for(&self, session: &str, what: impl Fn(&str) -> bool, label: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen(session);
            if what(&screen) {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!("timed out waiting for {label}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn alternate_on(&self, session: &str) -> String {
        self.tmux(&["display", "-p", "-t", session, "#{alternate_on}"])
            .trim()
            .to_string()
    }

    /// The console is gone and the shell is back on a normal screen in cooked mode.
    fn assert_restored(&self, session: &str) {
        self.wait_for(
            session,
            |s| !s.contains("Feed ·") && s.contains("READY$"),
            "the shell",
        );
        assert_eq!(self.alternate_on(session), "0", "alternate screen left");
        // Cooked mode: a typed command echoes and runs.
        self.keys(session, &["echo restored-$((6*7))", "Enter"]);
        self.wait_for(
            session,
            |s| s.contains("restored-42"),
            "echo in cooked mode",
        );
    }

    /// Write an article the safe way: a hidden name, then renamed in.
    fn drop_article(&self, name: &str, text: &str) {
        let hidden = self.path(&format!("news/.{name}.part"));
        std::fs::write(&hidden, text).unwrap();
        std::fs::rename(hidden, self.path(&format!("news/{name}"))).unwrap();
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}

const ANBAR: &str = "هجوم في الأنبار\n\nالرمادي – واع\n\nهاجم مسلحون نقطة أمنية في محافظة الأنبار غرب البلاد. E2EBODY\n";
/// "هجوم في الأنبار" as the terminal shows it.
const ANBAR_SHOWN: &str = "رابنألا يف موجه";
const BASRA: &str =
    "أمطار في البصرة\n\nالبصرة – واع\n\nهطلت أمطار غزيرة على محافظة البصرة اليوم.\n";
const BASRA_SHOWN: &str = "ةرصبلا يف راطمأ";

#[test]
fn drop_filter_open_back_quit() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::new("main");
    t.open("a");
    t.start_console("a", &t.path("state.db"));
    t.drop_article("basra.txt", BASRA);
    t.wait_for("a", |s| s.contains(BASRA_SHOWN), "the first title");
    // Once the analyst has moved, the second arrives above the row in view: the rows stay
    // put and a counter says so.
    t.keys("a", &["j"]);
    // The key and the file reach the console by different roads (the terminal, inotify): make
    // sure "j" was handled before the file lands. Keys are handled in order, so once the help
    // that "?" opens is on screen, "j" was too.
    t.keys("a", &["?"]);
    t.wait_for("a", |s| s.contains("show/hide keys"), "the help");
    t.keys("a", &["?"]);
    t.wait_for("a", |s| !s.contains("show/hide keys"), "the help closed");
    t.drop_article("anbar.txt", ANBAR);
    t.wait_for("a", |s| s.contains("1 new ↑"), "the new-arrival counter");
    t.keys("a", &["g"]);
    t.wait_for(
        "a",
        |s| s.contains(ANBAR_SHOWN) && s.contains(BASRA_SHOWN),
        "both titles",
    );

    // Filter by Anbar: p, down to the 9th province, space.
    t.keys("a", &["p"]);
    for _ in 0..8 {
        t.keys("a", &["j"]);
    }
    t.keys("a", &["Space"]);
    let screen = t.wait_for("a", |s| s.contains("[x] Anbar"), "Anbar selected");
    let screen = if screen.contains(BASRA_SHOWN) {
        t.wait_for("a", |s| !s.contains(BASRA_SHOWN), "Basra filtered out")
    } else {
        screen
    };
    assert!(screen.contains(ANBAR_SHOWN), "{screen}");
    assert!(screen.contains("Feed · 1 of 2"), "{screen}");

    // Back to the feed, open the article, see its body, back again.
    t.keys("a", &["Escape"]);
    t.wait_for("a", |s| s.contains("▶ Feed"), "feed focused");
    t.keys("a", &["Enter"]);
    let screen = t.wait_for("a", |s| s.contains("E2EBODY"), "the body");
    assert!(screen.contains("Article 1/1"), "{screen}");
    t.keys("a", &["Escape"]);
    t.wait_for(
        "a",
        |s| s.contains("▶ Feed") && !s.contains("E2EBODY"),
        "back in the feed",
    );

    t.keys("a", &["q"]);
    t.assert_restored("a");
    let log = std::fs::read_to_string(t.path("a.log")).unwrap_or_default();
    assert!(!log.contains("panic"), "{log}");
}

fn quits_cleanly_on(signal: &str) {
    if !have_tmux() {
        return;
    }
    let t = Tmux::new(&signal.to_lowercase());
    t.open("s");
    t.start_console("s", &t.path("state.db"));
    let pid = t.pid("s");
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status()
        .unwrap();
    assert!(status.success());
    t.assert_restored("s");
}

#[test]
fn sigterm_restores_the_terminal() {
    quits_cleanly_on("TERM");
}

#[test]
fn sighup_restores_the_terminal() {
    quits_cleanly_on("HUP");
}

#[test]
fn a_flag_is_seen_by_a_second_console_and_survives_a_restart() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::new("store");
    let state = t.path("shared.db");
    t.drop_article("anbar.txt", ANBAR);
    for s in ["a", "b"] {
        t.console_showing_anbar(s, &state);
    }
    t.keys("a", &["f"]);
    t.wait_for("a", |s| s.contains("⚑1"), "flag in console a");
    let screen = t.wait_for("b", |s| s.contains("⚑1"), "flag seen by console b");
    assert!(screen.contains("1 flagged"), "{screen}");

    t.keys("b", &["q"]);
    t.assert_restored("b");
    t.start_console("b", &state);
    let screen = t.wait_for("b", |s| s.contains(ANBAR_SHOWN), "the article again");
    let screen = if screen.contains("⚑1") {
        screen
    } else {
        t.wait_for("b", |s| s.contains("⚑1"), "flag after restart")
    };
    assert!(screen.contains("1 flagged"), "{screen}");
    t.keys("a", &["q"]);
    t.keys("b", &["q"]);
    t.assert_restored("a");
    t.assert_restored("b");
}

#[test]
fn a_flag_follows_its_file_when_the_outlet_rewrites_it() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::new("rewrite");
    let state = t.path("rewrite.db");
    t.drop_article("anbar.txt", ANBAR);
    t.console_showing_anbar("r", &state);
    t.keys("r", &["f"]);
    t.wait_for("r", |s| s.contains("1 flagged"), "the flag");
    t.keys("r", &["Enter"]);
    t.wait_for("r", |s| s.contains("E2EBODY"), "the article open");
    // The outlet rewrites the file: same headline, an update added, so a new id.
    t.drop_article("anbar.txt", &format!("{ANBAR}\nE2EUPDATE\n"));
    let screen = t.wait_for("r", |s| s.contains("E2EUPDATE"), "the rewritten article");
    assert!(screen.contains("1 flagged"), "{screen}");
    t.keys("r", &["q"]);
    t.assert_restored("r");
    // Still flagged after a restart: the store recorded it under the new id.
    t.start_console("r", &state);
    t.wait_for("r", |s| s.contains(ANBAR_SHOWN), "the article again");
    t.wait_for("r", |s| s.contains("1 flagged"), "the flag after a restart");
    t.keys("r", &["q"]);
    t.assert_restored("r");
}

#[test]
fn a_note_is_edited_at_the_cursor_in_a_real_terminal() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::new("note");
    let state = t.path("note.db");
    t.drop_article("anbar.txt", ANBAR);
    t.console_showing_anbar("n", &state);
    t.keys("n", &["n"]);
    t.wait_for("n", |s| s.contains("note:"), "the note prompt");
    // "abd", back one letter, "c"; then to the start and delete the first letter.
    t.keys("n", &["-l", "abd"]);
    t.keys("n", &["Left"]);
    t.keys("n", &["-l", "c"]);
    t.keys("n", &["Home", "Delete"]);
    t.wait_for("n", |s| s.contains("note: bcd"), "the edited note");
    t.keys("n", &["Enter"]);
    t.wait_for("n", |s| !s.contains("note:"), "the prompt closed");
    t.keys("n", &["Enter"]);
    t.wait_for(
        "n",
        |s| s.contains("bcd") && s.contains("E2EBODY"),
        "the note in the article",
    );
    t.keys("n", &["q"]);
    t.assert_restored("n");
}
