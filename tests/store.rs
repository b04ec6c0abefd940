//! The triage store across handles, threads and processes, its refusals, and `watchdesk export`.
//!
//! Tests that need a second writer process run this test binary again with a filter naming
//! one of the `child_*` tests and `WATCHDESK_TEST_CHILD` set; without that variable those
//! tests do nothing and pass.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use watchdesk::article::{Article, ArticleId, ProvinceTag, ThemeTag};
use watchdesk::store::{
    Change, Mark, Priority, Store, StoreError, StoreWatcher, Triage, WATCH_INTERVAL,
};

const CHILD_ENV: &str = "WATCHDESK_TEST_CHILD";

fn id(name: &str) -> ArticleId {
    ArticleId::from_text(name)
}

fn article(name: &str, title: &str) -> Article {
    let mut a = Article::unreadable(&format!("in/{name}.txt"), 100, String::new());
    a.id = id(name);
    a.error = None;
    a.title = title.into();
    a.source = Some("واع".into());
    a.published = Some("2026-05-01T08:00:00+03:00".into());
    a.themes.push(ThemeTag {
        id: "terrorism".into(),
        score: 2.0,
        hits: vec!["داعش".into()],
    });
    a.provinces.push(ProvinceTag {
        id: "anbar".into(),
        hits: vec!["الرمادي".into()],
    });
    a
}

/// Replay the whole log: the current state must be exactly what the log adds up to.
fn replay(store: &Store) -> HashMap<ArticleId, Triage> {
    let (changes, _) = store.changes_since(0).unwrap();
    let mut state: HashMap<ArticleId, Triage> = HashMap::new();
    for c in &changes {
        state.entry(c.article).or_default().apply(c);
    }
    state
}

fn integrity(path: &Path) -> String {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// This test binary, running only the child test `name` with `args` in its environment.
fn child(name: &str, args: &str) -> Command {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([name, "--exact", "--nocapture", "--test-threads=1", "-q"])
        .env(CHILD_ENV, args)
        .stdin(Stdio::null());
    cmd
}

fn child_args() -> Option<Vec<String>> {
    let args = std::env::var(CHILD_ENV).ok()?;
    Some(args.split('\t').map(str::to_string).collect())
}

#[test]
fn actions_persist_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("triage.sqlite3");
    let a = article("a", "انفجار في الرمادي");
    let b = id("b");
    {
        let mut store = Store::open_as(&path, "amal").unwrap();
        store.remember(&a).unwrap();
        store.set_read(a.id, true).unwrap();
        store.set_flag(a.id, Some(Priority::Medium)).unwrap();
        store.set_note(a.id, Some("تابع")).unwrap();
        store.set_dismissed(b, true).unwrap();
        store.set_dismissed(b, false).unwrap();
    }
    let mut store = Store::open_as(&path, "bashir").unwrap();
    let all = store.load_all().unwrap();
    assert_eq!(all.len(), 2);
    let t = &all[&a.id];
    assert!(t.read.value);
    assert_eq!(t.flag.value, Some(Priority::Medium));
    assert_eq!(t.note.value.as_deref(), Some("تابع"));
    assert_eq!(t.flag.stamp.as_ref().unwrap().who, "amal");
    assert!(!all[&b].dismissed.value);
    assert_eq!(all[&b].dismissed.stamp.as_ref().unwrap().seq, 5);
    assert_eq!(store.snapshots().unwrap()[&a.id].title, "انفجار في الرمادي");
    let c = store.set_flag(a.id, None).unwrap();
    assert_eq!((c.stamp.seq, c.stamp.who.as_str()), (6, "bashir"));
    assert_eq!(store.load_all().unwrap(), replay(&store));
    assert_eq!(integrity(&path), "ok");
}

#[test]
fn two_handles_on_two_threads_see_each_other_within_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("triage.sqlite3");
    let mut amal = Store::open_as(&path, "amal").unwrap();
    let bashir_path = path.clone();
    let x = id("x");
    let seen = std::thread::scope(|s| {
        let bashir = s.spawn(move || {
            let mut store = Store::open_as(&bashir_path, "bashir").unwrap();
            // From 0, not last_seq(): amal may already have written by now.
            let (_watcher, rx) = StoreWatcher::spawn(&bashir_path, 0, WATCH_INTERVAL).unwrap();
            let got = rx.recv_timeout(Duration::from_secs(1)).unwrap().unwrap();
            store.set_note(x, Some("seen")).unwrap();
            got
        });
        let (_watcher, rx) =
            StoreWatcher::spawn(&path, amal.last_seq().unwrap(), WATCH_INTERVAL).unwrap();
        // Let bashir's watcher start before the write it must see.
        std::thread::sleep(Duration::from_millis(100));
        let t0 = Instant::now();
        let mine = amal.set_flag(x, Some(Priority::High)).unwrap();
        let mut got = Vec::new();
        while got.len() < 2 {
            got.extend(rx.recv_timeout(Duration::from_secs(2)).unwrap().unwrap());
        }
        assert!(t0.elapsed() < Duration::from_secs(2));
        assert_eq!(got[0], mine, "the watcher reports own writes too");
        assert_eq!(got[1].mark, Mark::Note(Some("seen".into())));
        assert_eq!(got[1].stamp.who, "bashir");
        bashir.join().unwrap()
    });
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].mark, Mark::Flag(Some(Priority::High)));
    assert_eq!(seen[0].stamp.who, "amal");
}

/// Two writer processes, 200 actions each, interleaved on a shared article and one of their
/// own: all 400 are in the log, in one order, and the state is what the log adds up to. A
/// watcher in this process sees every one of them, each within a second of its commit.
#[test]
fn two_writer_processes_lose_no_update() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("triage.sqlite3");
    let go = dir.path().join("go");
    let store = Store::open_as(&path, "parent").unwrap();
    let (_watcher, rx) = StoreWatcher::spawn(&path, 0, WATCH_INTERVAL).unwrap();
    let mut children: Vec<_> = ["amal", "bashir"]
        .iter()
        .map(|user| {
            let args = format!("{}\t{user}\t200\t{}", path.display(), go.display());
            child("child_writer", &args)
                .stdout(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    std::fs::write(&go, "").unwrap();
    let mut received: Vec<Change> = Vec::new();
    let mut worst_delay_ms = 0i64;
    let deadline = Instant::now() + Duration::from_secs(30);
    while received.len() < 400 && Instant::now() < deadline {
        if let Ok(update) = rx.recv_timeout(Duration::from_secs(1)) {
            let now = watchdesk::store::timestamp_now();
            for c in update.unwrap() {
                worst_delay_ms = worst_delay_ms.max(ms_between(&c.stamp.at, &now));
                received.push(c);
            }
        }
    }
    for c in &mut children {
        assert!(c.wait().unwrap().success());
    }
    let seqs: Vec<u64> = received.iter().map(|c| c.stamp.seq).collect();
    assert_eq!(
        seqs,
        (1..=400).collect::<Vec<_>>(),
        "every action, once, in order"
    );
    eprintln!("cross-process visibility: worst {worst_delay_ms} ms");
    assert!(
        worst_delay_ms < 1000,
        "seen {worst_delay_ms} ms after commit"
    );

    let (log, last) = store.changes_since(0).unwrap();
    assert_eq!((log.len(), last), (400, 400));
    for user in ["amal", "bashir"] {
        assert_eq!(log.iter().filter(|c| c.stamp.who == user).count(), 200);
    }
    let switches = log
        .windows(2)
        .filter(|w| w[0].stamp.who != w[1].stamp.who)
        .count();
    assert!(switches >= 20, "writers interleaved ({switches} switches)");
    let all = store.load_all().unwrap();
    assert_eq!(all, replay(&store));
    assert_eq!(all.len(), 3, "the shared article and one of each writer");
    // Each writer's last actions on its own article are the current state.
    for user in ["amal", "bashir"] {
        let own = &all[&id(user)];
        assert_eq!(
            own.note.value.as_deref(),
            Some(format!("{user} 199").as_str())
        );
        assert_eq!(own.note.stamp.as_ref().unwrap().who, user);
    }
    assert_eq!(integrity(&path), "ok");
}

/// Milliseconds from one store timestamp to a later one (same day and hour in practice; the
/// full conversion keeps the test honest across midnight).
fn ms_between(from: &str, to: &str) -> i64 {
    let parse = |t: &str| {
        let fmt = time::format_description::well_known::Rfc3339;
        time::OffsetDateTime::parse(t, &fmt).unwrap()
    };
    (parse(to) - parse(from)).whole_milliseconds() as i64
}

/// Child: `path user count go-file`. Waits for the go file, then alternates between the shared
/// article and its own, cycling through every kind of action; the last is a note on its own.
#[test]
fn child_writer() {
    let Some(args) = child_args() else { return };
    let (path, user, count, go) = (
        &args[0],
        &args[1],
        args[2].parse::<u32>().unwrap(),
        &args[3],
    );
    let mut store = Store::open_as(Path::new(path), user).unwrap();
    while !Path::new(go).exists() {
        std::thread::sleep(Duration::from_millis(1));
    }
    for k in 0..count {
        let target = if k % 2 == 0 { id("shared") } else { id(user) };
        let mark = match k % 4 {
            0 => Mark::Read(k % 8 == 0),
            1 => Mark::Note(Some(format!("{user} {k}"))),
            2 => Mark::Flag(Some(Priority::High)),
            _ => Mark::Dismissed(true),
        };
        let mark = if k == count - 1 {
            Mark::Note(Some(format!("{user} {k}")))
        } else {
            mark
        };
        store.mark(target, mark).unwrap();
        // Give the other writer a chance at the lock, as analysts at keyboards would.
        std::thread::sleep(Duration::from_micros(300));
    }
}

/// A writer killed with SIGKILL in the middle of its actions: the store is intact and holds
/// every action the writer had reported committed.
#[test]
fn sigkilled_writer_leaves_a_consistent_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("triage.sqlite3");
    Store::open_as(&path, "parent").unwrap();
    let mut writer = child("child_endless_writer", &path.display().to_string())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut committed = Vec::new();
    let mut lines = BufReader::new(writer.stdout.take().unwrap()).lines();
    while committed.len() < 500 {
        let line = lines.next().unwrap().unwrap();
        if let Some(seq) = line.strip_prefix("committed ") {
            committed.push(seq.parse::<u64>().unwrap());
        }
    }
    // SAFETY: kill has no memory effects; the pid is our own child's, not yet reaped.
    let rc = unsafe { libc::kill(writer.id() as libc::pid_t, libc::SIGKILL) };
    assert_eq!(rc, 0);
    let status = writer.wait().unwrap();
    assert!(!status.success(), "killed, not finished");

    assert_eq!(integrity(&path), "ok");
    let store = Store::open_as(&path, "parent").unwrap();
    let (log, _) = store.changes_since(0).unwrap();
    let logged: std::collections::HashSet<u64> = log.iter().map(|c| c.stamp.seq).collect();
    assert!(committed.iter().all(|s| logged.contains(s)));
    assert!(log.len() >= committed.len());
    assert_eq!(store.load_all().unwrap(), replay(&store));
}

/// Child: `path`. Writes until killed, reporting each committed action's seq.
#[test]
fn child_endless_writer() {
    let Some(args) = child_args() else { return };
    let mut store = Store::open_as(Path::new(&args[0]), "doomed").unwrap();
    for k in 0u64.. {
        let target = id(&format!("article {}", k % 50));
        let change = store
            .set_note(target, Some(&format!("note {k} {}", "نص ".repeat(50))))
            .unwrap();
        println!("committed {}", change.stamp.seq);
    }
}

// --- refusals ---------------------------------------------------------------------------

/// Open must fail with a message naming the file and saying `why`, leaving it byte-identical.
fn assert_refused(path: &Path, why: &str) {
    let before = std::fs::read(path).unwrap();
    let err = Store::open_as(path, "amal").err().expect("refused");
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains(why), "{message}");
    assert!(message.contains("left untouched"), "{message}");
    assert!(Store::open_read_only(path).is_err());
    let out = watchdesk_cmd(path)
        .args(["export", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(why));
    assert_eq!(std::fs::read(path).unwrap(), before, "file changed");
}

fn pseudo_random_bytes(n: usize) -> Vec<u8> {
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// A store with enough actions to span many pages, closed cleanly.
fn filled_store(path: &Path) {
    let mut store = Store::open_as(path, "amal").unwrap();
    for k in 0..300 {
        store
            .set_note(id(&k.to_string()), Some(&"ملاحظة ".repeat(20)))
            .unwrap();
    }
}

#[test]
fn not_sqlite_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let random = dir.path().join("random.sqlite3");
    std::fs::write(&random, pseudo_random_bytes(8192)).unwrap();
    assert_refused(&random, "not an SQLite database");
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "shift notes: نقاط التفتيش\n").unwrap();
    assert_refused(&text, "not an SQLite database");
}

#[test]
fn a_newer_schema_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("triage.sqlite3");
    filled_store(&path);
    Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let err = Store::open_as(&path, "amal").err().unwrap();
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }));
    assert_refused(
        &path,
        &format!(
            "made by a newer watchdesk (schema 99 > {})",
            watchdesk::store::SCHEMA_VERSION
        ),
    );
}

#[test]
fn a_damaged_store_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("triage.sqlite3");
    filled_store(&path);
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 8 * 4096);
    // Scribble over the fourth page: a b-tree page of the log.
    bytes[3 * 4096..4 * 4096].copy_from_slice(&pseudo_random_bytes(4096));
    std::fs::write(&path, &bytes).unwrap();
    assert_refused(&path, "damaged");

    let cut = dir.path().join("cut.sqlite3");
    filled_store(&cut);
    let bytes = std::fs::read(&cut).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    assert_refused(&cut, "damaged");
}

/// A file this user may not write is refused at open, not at the first action. Root may write
/// anything, so as root the check runs in a child process as `nobody`.
#[test]
fn a_read_only_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("triage.sqlite3");
    filled_store(&path);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    // SAFETY: geteuid cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        check_read_only(&path);
        return;
    }
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    use std::os::unix::process::CommandExt;
    let out = child("child_read_only", &path.display().to_string())
        .uid(65534)
        .gid(65534)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn child_read_only() {
    if let Some(args) = child_args() {
        check_read_only(Path::new(&args[0]));
    }
}

fn check_read_only(path: &Path) {
    let before = std::fs::read(path).unwrap();
    let err = Store::open_as(path, "amal").err().expect("refused");
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    assert!(err.to_string().contains(&path.display().to_string()));
    // Reading stays possible: a supervisor can still export.
    assert_eq!(
        Store::open_read_only(path)
            .unwrap()
            .load_all()
            .unwrap()
            .len(),
        300
    );
    assert_eq!(std::fs::read(path).unwrap(), before);
}

// --- export, as a second process ----------------------------------------------------------

fn watchdesk_cmd(state: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_watchdesk"));
    cmd.env("WATCHDESK_STATE", state)
        .arg("--log")
        .arg(state.with_extension("log"))
        .stdin(Stdio::null());
    cmd
}

/// Three articles: a flagged one (with a hostile title), a noted one, a merely read one.
fn desk(dir: &Path) -> PathBuf {
    let path = dir.join("triage.sqlite3");
    let mut store = Store::open_as(&path, "amal").unwrap();
    let flagged = article("flagged", "هجوم على | نقطة تفتيش\x1b]0;pwned\x07");
    let noted = article("noted", "تظاهرة في البصرة");
    let read = article("read", "خبر عادي");
    for a in [&flagged, &noted, &read] {
        store.remember(a).unwrap();
        store.set_read(a.id, true).unwrap();
    }
    store.set_flag(flagged.id, Some(Priority::High)).unwrap();
    let mut bashir = Store::open_as(&path, "bashir").unwrap();
    bashir
        .set_note(noted.id, Some("اتصل بالمراسل،\nثم أبلغ"))
        .unwrap();
    path
}

fn export(state: &Path, args: &[&str]) -> String {
    let out = watchdesk_cmd(state)
        .arg("export")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn export_jsonl_from_another_process() {
    let dir = tempfile::tempdir().unwrap();
    let state = desk(dir.path());
    let text = export(&state, &["--format", "jsonl"]);
    assert!(!text.contains('\x1b') && !text.contains('\x07'));
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2, "default: flagged or noted");
    let f = &rows[0];
    assert_eq!(f["id"], id("flagged").to_hex());
    assert_eq!(f["title"], "هجوم على | نقطة تفتيش␛]0;pwned␇");
    assert_eq!(f["source"], "واع");
    assert_eq!(f["published"], "2026-05-01T08:00:00+03:00");
    assert_eq!(f["path"], "in/flagged.txt");
    assert_eq!(f["themes"], serde_json::json!(["terrorism"]));
    assert_eq!(f["provinces"], serde_json::json!(["anbar"]));
    assert_eq!(
        (f["read"].clone(), f["read_by"].clone()),
        (true.into(), "amal".into())
    );
    assert_eq!(
        (f["flag"].clone(), f["flag_by"].clone()),
        ("high".into(), "amal".into())
    );
    assert!(f["flag_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(f["dismissed"], false);
    assert_eq!(f["note"], serde_json::Value::Null);
    let n = &rows[1];
    assert_eq!(n["note"], "اتصل بالمراسل،\nثم أبلغ");
    assert_eq!(n["note_by"], "bashir");

    assert_eq!(
        export(&state, &["--format", "jsonl", "--all"])
            .lines()
            .count(),
        3
    );
    assert_eq!(
        export(&state, &["--format", "jsonl", "--flagged"])
            .lines()
            .count(),
        1
    );
    assert_eq!(
        export(&state, &["--format", "jsonl", "--all", "--since", "1h"])
            .lines()
            .count(),
        3
    );
}

#[test]
fn export_csv_parses_back() {
    let dir = tempfile::tempdir().unwrap();
    let state = desk(dir.path());
    let text = export(&state, &["--all", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let rows: Vec<HashMap<String, String>> = reader
        .records()
        .map(|r| {
            header
                .iter()
                .map(str::to_string)
                .zip(r.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["flag"], "high");
    assert_eq!(rows[0]["title"], "هجوم على | نقطة تفتيش␛]0;pwned␇");
    assert_eq!(rows[0]["themes"], "terrorism");
    assert_eq!(rows[1]["note"], "اتصل بالمراسل،\nثم أبلغ");
    assert_eq!(rows[1]["note_by"], "bashir");
    assert_eq!(rows[2]["flag"], "");
    assert_eq!(rows[2]["read"], "true");
}

#[test]
fn export_md_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let state = desk(dir.path());
    let report = dir.path().join("shift.md");
    export(&state, &["--format", "md", "-o", report.to_str().unwrap()]);
    let md = std::fs::read_to_string(&report).unwrap();
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "# Triage export");
    assert!(lines[2].starts_with("2 articles, exported "));
    assert_eq!(
        lines[4],
        "| Flag | Title | Source | Published | Themes | Provinces | State | Note | Who, when | File |"
    );
    assert!(lines[6].starts_with(
        "| high | هجوم على \\| نقطة تفتيش␛]0;pwned␇ | واع | 2026-05-01T08:00:00+03:00 | terrorism | anbar | read |  | read: amal "
    ));
    assert!(lines[7].contains("| اتصل بالمراسل، ثم أبلغ | read: amal "));
    assert!(lines[7].contains("; note: bashir "));
    assert_eq!(lines.len(), 8);

    // Never over the state file itself.
    let out = watchdesk_cmd(&state)
        .args(["export", "--format", "md", "-o"])
        .arg(&state)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("triage state file"));
    assert_eq!(integrity(&state), "ok");
}

#[test]
fn export_without_a_store_says_so_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("none.sqlite3");
    let out = watchdesk_cmd(&state)
        .args(["export", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no triage state"));
    assert!(!state.exists());
}

// --- figures ----------------------------------------------------------------------------

/// Timings for the report: `cargo test --release --test store measure -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn measure() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("triage.sqlite3");
    let mut store = Store::open_as(&path, "amal").unwrap();
    let n = 100_000;
    let t = Instant::now();
    for k in 0..n {
        let a = article(&k.to_string(), "انفجار عبوة ناسفة في الرمادي");
        store.remember(&a).unwrap();
        store.set_read(a.id, true).unwrap();
        if k % 10 == 0 {
            store.set_flag(a.id, Some(Priority::High)).unwrap();
        }
    }
    let per = t.elapsed() / (n + n / 10) as u32;
    eprintln!("remember + write, per action (with {n} articles): {per:?}");

    let t = Instant::now();
    for k in 0..1000 {
        store.set_note(id(&k.to_string()), Some("ملاحظة")).unwrap();
    }
    eprintln!("one write (set_note, warm): {:?}", t.elapsed() / 1000);
    drop(store);

    let t = Instant::now();
    let store = Store::open_as(&path, "amal").unwrap();
    eprintln!("open (quick_check included): {:?}", t.elapsed());
    let t = Instant::now();
    let all = store.load_all().unwrap();
    eprintln!(
        "load_all of {} triaged articles: {:?}",
        all.len(),
        t.elapsed()
    );
    let t = Instant::now();
    let snaps = store.snapshots().unwrap();
    eprintln!("snapshots of {}: {:?}", snaps.len(), t.elapsed());
    let last = store.last_seq().unwrap();
    let t = Instant::now();
    let (changes, _) = store.changes_since(last - 100).unwrap();
    eprintln!("changes_since (100 new): {:?}", t.elapsed());
    assert_eq!(changes.len(), 100);
    let cpu = || {
        // SAFETY: getrusage fills the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
        let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
        t(usage.ru_utime) + t(usage.ru_stime)
    };
    let (watcher, _rx) = StoreWatcher::spawn(&path, last, WATCH_INTERVAL).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let before = cpu();
    std::thread::sleep(Duration::from_secs(5));
    eprintln!(
        "idle watcher: {:.0} µs of CPU per second",
        (cpu() - before) / 5.0 * 1e6
    );
    drop(watcher);
    let size = std::fs::metadata(&path).unwrap().len();
    eprintln!("file size: {} MB", size / 1_000_000);

    let t = Instant::now();
    let out = watchdesk_cmd(&path)
        .args(["export", "--all", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    eprintln!(
        "export --all csv ({} bytes), whole process: {:?}",
        out.stdout.len(),
        t.elapsed()
    );
}
