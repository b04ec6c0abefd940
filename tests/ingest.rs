//! Live ingest against real directories: the library's `ingest::start`, and the binary's
//! `scan --follow --json`. Every wait is for an event, with a generous timeout; nothing here
//! asserts how long anything took.

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use crossbeam_channel::{Receiver, RecvTimeoutError};
use watchdesk::article::{Article, ArticleId};
use watchdesk::ingest::{self, IngestEvent, IngestHandle, IngestOptions};
use watchdesk::output::Change;
use watchdesk::pipeline::Pipeline;
use watchdesk::tag::Tagger;

/// Longest wait for something that should happen (a loaded 2-core machine is slow).
const WAIT: Duration = Duration::from_secs(20);

fn pipeline() -> Arc<Pipeline> {
    static PIPELINE: OnceLock<Arc<Pipeline>> = OnceLock::new();
    PIPELINE
        .get_or_init(|| Arc::new(Pipeline::new(Tagger::builtin())))
        .clone()
}

/// A small Arabic article; `n` makes its text (and id) unique.
fn text(title: &str, n: usize) -> String {
    format!(
        "{title}\nانفجار عبوة ناسفة في الموصل أسفر عن إصابة {n} مدنيين بجروح، \
         وفق مصدر في قيادة عمليات نينوى.\nوفتحت القوات الأمنية تحقيقا في الحادث.\n"
    )
}

/// What a test sees of the feed.
#[derive(Debug)]
enum Ev {
    Added(Box<Article>),
    Changed(Box<Article>),
    Removed(String, ArticleId),
}

impl Ev {
    fn path(&self) -> &str {
        match self {
            Ev::Added(a) | Ev::Changed(a) => &a.path,
            Ev::Removed(path, _) => path,
        }
    }

    fn name(&self) -> &str {
        self.path().rsplit('/').next().unwrap()
    }
}

/// A watched directory, a staging directory beside it (same file system, so renames are
/// atomic), and the feed of events.
struct Feed {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    stage: PathBuf,
    events: Receiver<IngestEvent>,
    handle: Option<IngestHandle>,
    notices: Vec<String>,
    sentinels: usize,
}

impl Feed {
    /// Start on a directory prepared by `setup`; returns once the backlog is read, with the
    /// backlog's article events.
    fn start(setup: impl FnOnce(&Path), poll: Option<Duration>) -> (Feed, Vec<Ev>) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("watched");
        let stage = tmp.path().join("stage");
        fs::create_dir(&root).unwrap();
        fs::create_dir(&stage).unwrap();
        setup(&root);
        let options = IngestOptions {
            dir: root.clone(),
            poll,
            max_bytes: 64 * 1024,
        };
        let (handle, events) = ingest::start(options, pipeline()).unwrap();
        let mut feed = Feed {
            _tmp: tmp,
            root,
            stage,
            events,
            handle: Some(handle),
            notices: Vec::new(),
            sentinels: 0,
        };
        let mut backlog = Vec::new();
        loop {
            match feed
                .events
                .recv_timeout(WAIT)
                .expect("backlog never finished")
            {
                IngestEvent::BacklogDone { .. } => break,
                event => backlog.extend(feed.take(event)),
            }
        }
        (feed, backlog)
    }

    fn follow() -> Feed {
        Feed::start(|_| {}, None).0
    }

    /// An article event, or remember a notice.
    fn take(&mut self, event: IngestEvent) -> Option<Ev> {
        match event {
            IngestEvent::Article { article, change } => Some(match change {
                Change::Added => Ev::Added(article),
                Change::Changed => Ev::Changed(article),
                Change::Removed => unreachable!("removals come as IngestEvent::Removed"),
            }),
            IngestEvent::Removed { path, id } => Some(Ev::Removed(path, id)),
            IngestEvent::Notice(n) => {
                self.notices.push(n);
                None
            }
            IngestEvent::Progress { .. } | IngestEvent::BacklogDone { .. } => None,
        }
    }

    /// The next article event; panics after [`WAIT`].
    fn next(&mut self) -> Ev {
        loop {
            let event = self.events.recv_timeout(WAIT).expect("no event came");
            if let Some(ev) = self.take(event) {
                return ev;
            }
        }
    }

    /// Article events already delivered, without waiting.
    fn pending(&mut self) -> Vec<Ev> {
        let events: Vec<IngestEvent> = self.events.try_iter().collect();
        events.into_iter().filter_map(|e| self.take(e)).collect()
    }

    /// Write `body` under the staging directory and rename it to `rel` in the watched one.
    fn drop_in(&self, rel: &str, body: &str) {
        let staged = self.stage.join(rel.replace('/', "_"));
        fs::write(&staged, body).unwrap();
        fs::rename(&staged, self.root.join(rel)).unwrap();
    }

    /// Wait until every event caused by what was done before has been delivered; return
    /// those events. A sentinel article is dropped in, then deleted (so pending removals,
    /// which wait a short grace, are flushed too), then a second one dropped in.
    fn settle(&mut self) -> Vec<Ev> {
        let mut seen = Vec::new();
        self.sentinels += 1;
        let n = 1_000_000 + 2 * self.sentinels;
        let first = format!("sentinel-{n}.txt");
        let second = format!("sentinel-{}.txt", n + 1);
        for (name, step) in [(&first, "in"), (&first, "out"), (&second, "in")] {
            if step == "in" {
                self.drop_in(name, &text("حارس", n + usize::from(name == &second)));
            } else {
                fs::remove_file(self.root.join(name)).unwrap();
            }
            loop {
                let ev = self.next();
                let done = ev.name() == name.as_str()
                    && matches!((&ev, step), (Ev::Added(_), "in") | (Ev::Removed(..), "out"));
                if done {
                    break;
                }
                if !ev.name().starts_with("sentinel-") {
                    seen.push(ev);
                }
            }
        }
        seen
    }
}

fn added(ev: &Ev) -> &Article {
    match ev {
        Ev::Added(a) => a,
        other => panic!("expected added, got {other:?}"),
    }
}

fn set_old_mtime(path: &Path) {
    let old = SystemTime::now() - Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(old)
        .unwrap();
}

#[test]
fn backlog_is_read_with_progress_then_files_renamed_in_are_added() {
    let (mut feed, backlog) = Feed::start(
        |root| {
            fs::create_dir(root.join("old")).unwrap();
            for (i, rel) in ["a.txt", "old/b.txt", "old/c.md"].into_iter().enumerate() {
                fs::write(root.join(rel), text("خبر قديم", i)).unwrap();
                set_old_mtime(&root.join(rel));
            }
        },
        None,
    );
    let mut names: Vec<&str> = backlog.iter().map(|e| added(e).path.as_str()).collect();
    names.sort();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names[0].ends_with("watched/a.txt") && names[2].ends_with("old/c.md"));

    feed.drop_in("new.txt", &text("خبر جديد", 7));
    let ev = feed.next();
    let article = added(&ev);
    assert!(article.path.ends_with("watched/new.txt"));
    assert_eq!(article.title, "خبر جديد");
    assert!(feed.notices.iter().any(|n| n.contains("inotify")));
}

#[test]
fn a_slow_chunked_write_yields_one_record_only_once_closed() {
    let mut feed = Feed::follow();
    let full = text("تقرير مطول", 1) + &"وأضاف المصدر أن التحقيقات مستمرة. ".repeat(120);
    let chunks: Vec<&[u8]> = full.as_bytes().chunks(full.len().div_ceil(5)).collect();
    assert_eq!(chunks.len(), 5);
    let mut file = fs::File::create(feed.root.join("slow.txt")).unwrap();
    for chunk in chunks {
        file.write_all(chunk).unwrap();
        file.flush().unwrap();
        // The writer's own pace; anything published by now would be a partial record.
        std::thread::sleep(Duration::from_millis(300));
        assert!(
            feed.pending().is_empty(),
            "a record before the file was closed"
        );
    }
    drop(file);
    let ev = feed.next();
    let article = added(&ev);
    assert_eq!(article.title, "تقرير مطول");
    assert!(
        article.body.ends_with("التحقيقات مستمرة."),
        "{}",
        article.body
    );
    assert_eq!(article.size, full.len() as u64);
    assert!(feed.settle().is_empty(), "more than one record");
}

#[test]
fn an_in_place_rewrite_is_changed_and_an_identical_one_is_silent() {
    let mut feed = Feed::follow();
    feed.drop_in("a.txt", &text("الأول", 1));
    let first = added(&feed.next()).id;

    fs::write(feed.root.join("a.txt"), text("الثاني", 2)).unwrap();
    match feed.next() {
        Ev::Changed(a) => {
            assert_eq!(a.title, "الثاني");
            assert!(a.path.ends_with("watched/a.txt"));
            assert_ne!(a.id, first);
        }
        other => panic!("expected changed, got {other:?}"),
    }
    fs::write(feed.root.join("a.txt"), text("الثاني", 2)).unwrap();
    assert!(feed.settle().is_empty());
}

#[test]
fn a_deleted_file_is_removed_and_a_renamed_one_moves() {
    let mut feed = Feed::follow();
    feed.drop_in("a.txt", &text("للحذف", 1));
    feed.drop_in("b.txt", &text("للنقل", 2));
    let mut ids = HashMap::new();
    for _ in 0..2 {
        let ev = feed.next();
        ids.insert(ev.name().to_string(), added(&ev).id);
    }

    fs::remove_file(feed.root.join("a.txt")).unwrap();
    match feed.next() {
        Ev::Removed(path, id) => {
            assert!(path.ends_with("watched/a.txt"));
            assert_eq!(id, ids["a.txt"]);
        }
        other => panic!("expected removed, got {other:?}"),
    }

    fs::create_dir(feed.root.join("sub")).unwrap();
    fs::rename(feed.root.join("b.txt"), feed.root.join("sub/b2.txt")).unwrap();
    let events = feed.settle();
    assert_eq!(events.len(), 1, "{events:?}");
    match &events[0] {
        Ev::Changed(a) => {
            assert!(a.path.ends_with("watched/sub/b2.txt"));
            assert_eq!(a.id, ids["b.txt"]);
        }
        other => panic!("expected the article to move, got {other:?}"),
    }

    fs::rename(feed.root.join("sub/b2.txt"), feed.stage.join("out.txt")).unwrap();
    match feed.next() {
        Ev::Removed(path, id) => {
            assert!(path.ends_with("sub/b2.txt"));
            assert_eq!(id, ids["b.txt"]);
        }
        other => panic!("expected removed, got {other:?}"),
    }
}

#[test]
fn new_nested_folders_are_followed() {
    let mut feed = Feed::follow();
    fs::create_dir_all(feed.root.join("a/b")).unwrap();
    feed.drop_in("a/b/x.txt", &text("في مجلد جديد", 1));
    let ev = feed.next();
    assert!(added(&ev).path.ends_with("watched/a/b/x.txt"));

    // A whole folder, built elsewhere and renamed in.
    let pack = feed.stage.join("pack");
    fs::create_dir_all(pack.join("sub")).unwrap();
    fs::write(pack.join("one.txt"), text("حزمة", 1)).unwrap();
    fs::write(pack.join("sub/two.txt"), text("حزمة", 2)).unwrap();
    fs::rename(&pack, feed.root.join("pack")).unwrap();
    let mut paths = [feed.next(), feed.next()]
        .iter()
        .map(|e| added(e).path.clone())
        .collect::<Vec<_>>();
    paths.sort();
    assert!(paths[0].ends_with("watched/pack/one.txt"), "{paths:?}");
    assert!(paths[1].ends_with("watched/pack/sub/two.txt"), "{paths:?}");

    // A file dropped into the moved-in folder afterwards is seen too.
    feed.drop_in("pack/sub/three.txt", &text("حزمة", 3));
    assert!(added(&feed.next()).path.ends_with("pack/sub/three.txt"));
    assert!(feed.settle().is_empty());
}

#[test]
fn hidden_and_temporary_files_are_ignored() {
    let mut feed = Feed::follow();
    let names = [".x.txt", "x.txt.part", "x.swp", "x~", "x.tmp"];
    for (i, name) in names.iter().enumerate() {
        fs::write(feed.root.join(name), text("مؤقت", i)).unwrap();
    }
    for (i, name) in names.iter().enumerate() {
        feed.drop_in(&format!("moved{name}"), &text("مؤقت", 10 + i));
    }
    fs::create_dir(feed.root.join(".cache")).unwrap();
    feed.drop_in(".cache/y.txt", &text("مخفي", 20));
    let events = feed.settle();
    // "moved.x.txt" is not hidden: it is the one article among them.
    let names: Vec<&str> = events.iter().map(Ev::name).collect();
    assert_eq!(names, ["moved.x.txt"]);
}

#[test]
fn a_burst_of_5000_renamed_in_are_each_added_once() {
    let mut feed = Feed::follow();
    let burst = feed.stage.join("burst");
    fs::create_dir(&burst).unwrap();
    const N: usize = 5000;
    for i in 0..N {
        fs::write(burst.join(format!("b{i:04}.txt")), text("دفعة", i)).unwrap();
    }
    for i in 0..N {
        let name = format!("b{i:04}.txt");
        fs::rename(burst.join(&name), feed.root.join(&name)).unwrap();
    }
    let mut count: HashMap<String, usize> = HashMap::new();
    while count.len() < N {
        let ev = feed.next();
        added(&ev);
        *count.entry(ev.name().to_string()).or_default() += 1;
    }
    for ev in feed.settle() {
        *count.entry(ev.name().to_string()).or_default() += 1;
    }
    assert_eq!(count.len(), N);
    let doubled: Vec<_> = count.iter().filter(|(_, n)| **n != 1).collect();
    assert!(doubled.is_empty(), "reported twice: {doubled:?}");
}

#[test]
fn the_same_content_under_two_names_shows_once() {
    let mut feed = Feed::follow();
    let body = text("خبر مكرر", 1);
    feed.drop_in("first.txt", &body);
    feed.drop_in("again.txt", &body);
    let events = feed.settle();
    assert_eq!(events.len(), 1, "{events:?}");
    let id = added(&events[0]).id;
    let shown = events[0].name().to_string();
    let other = if shown == "first.txt" {
        "again.txt"
    } else {
        "first.txt"
    };

    // The copy not shown goes: nothing to tell. The last one goes: removed.
    fs::remove_file(feed.root.join(other)).unwrap();
    assert!(feed.settle().is_empty());
    fs::remove_file(feed.root.join(&shown)).unwrap();
    match feed.next() {
        Ev::Removed(path, removed) => {
            assert_eq!(removed, id);
            assert!(path.ends_with(&shown));
        }
        other => panic!("expected removed, got {other:?}"),
    }
}

#[test]
fn the_watched_directory_removed_and_recreated_is_followed_again() {
    let mut feed = Feed::follow();
    feed.drop_in("before.txt", &text("قبل", 1));
    let id = added(&feed.next()).id;

    fs::remove_dir_all(&feed.root).unwrap();
    match feed.next() {
        Ev::Removed(path, removed) => {
            assert!(path.ends_with("before.txt"));
            assert_eq!(removed, id);
        }
        other => panic!("expected removed, got {other:?}"),
    }
    fs::create_dir(&feed.root).unwrap();
    feed.drop_in("after.txt", &text("بعد", 2));
    let ev = feed.next();
    assert!(added(&ev).path.ends_with("watched/after.txt"));
    feed.drop_in("later.txt", &text("بعد", 3));
    assert!(added(&feed.next()).path.ends_with("watched/later.txt"));
    assert!(
        feed.notices
            .iter()
            .any(|n| n.contains("deleted or moved away"))
    );
}

#[test]
fn the_watched_directory_moved_away_and_back_is_followed_again() {
    let mut feed = Feed::follow();
    feed.drop_in("kept.txt", &text("محفوظ", 1));
    let id = added(&feed.next()).id;

    let away = feed.stage.join("away");
    fs::rename(&feed.root, &away).unwrap();
    assert!(matches!(feed.next(), Ev::Removed(_, removed) if removed == id));
    // Where it went is not watched any more.
    fs::write(away.join("elsewhere.txt"), text("في مكان آخر", 2)).unwrap();

    fs::rename(&away, &feed.root).unwrap();
    let mut names: Vec<String> = (0..2).map(|_| added(&feed.next()).path.clone()).collect();
    names.sort();
    assert!(names[0].ends_with("watched/elsewhere.txt"), "{names:?}");
    assert!(names[1].ends_with("watched/kept.txt"), "{names:?}");
    feed.drop_in("new.txt", &text("جديد", 3));
    assert!(added(&feed.next()).path.ends_with("watched/new.txt"));
}

#[test]
fn links_count_only_inside_the_directory() {
    let mut feed = Feed::follow();
    fs::write(feed.stage.join("outside.txt"), text("خارج", 1)).unwrap();
    std::os::unix::fs::symlink(feed.stage.join("outside.txt"), feed.root.join("out.txt")).unwrap();
    feed.drop_in("real.txt", &text("داخل", 2));
    std::os::unix::fs::symlink(feed.root.join("real.txt"), feed.root.join("alias.txt")).unwrap();
    let events = feed.settle();
    let names: Vec<&str> = events.iter().map(Ev::name).collect();
    assert_eq!(names, ["real.txt"], "{events:?}");
}

#[test]
fn a_file_over_the_cap_is_listed_with_an_error() {
    let mut feed = Feed::follow();
    let big = text("ملف كبير", 1) + &"حشو ".repeat(40_000);
    feed.drop_in("big.txt", &big);
    let ev = feed.next();
    let article = added(&ev);
    assert!(article.truncated);
    assert!(article.error.as_deref().unwrap().contains("only the first"));
}

#[test]
fn polling_sees_files_too() {
    let (mut feed, _) = Feed::start(|_| {}, Some(Duration::from_millis(200)));
    assert!(feed.notices.iter().any(|n| n.contains("polling")));
    feed.drop_in("polled.txt", &text("عبر الاستطلاع", 1));
    assert!(added(&feed.next()).path.ends_with("polled.txt"));
    fs::remove_file(feed.root.join("polled.txt")).unwrap();
    assert!(matches!(feed.next(), Ev::Removed(..)));
}

#[test]
fn dropping_the_handle_stops_ingest() {
    let mut feed = Feed::follow();
    drop(feed.handle.take());
    // The thread has ended (the handle waited for it), so the channel is closed.
    loop {
        match feed.events.recv_timeout(WAIT) {
            Ok(_) => continue,
            Err(e) => break assert_eq!(e, RecvTimeoutError::Disconnected),
        }
    }
}

/// `watchdesk scan ROOT --follow --json`, its stdout piped, logging to `log`.
fn follow_json(root: &Path, log: &Path, stderr: Stdio) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_watchdesk"))
        .arg("--log")
        .arg(log)
        .arg("scan")
        .arg(root)
        .args(["--follow", "--json"])
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap()
}

/// `scan DIR --follow --json`: the backlog as `added` lines, then live lines, flushed as they
/// happen; removals keep a `path`; SIGTERM ends it with exit code 0.
#[test]
fn follow_json_streams_the_backlog_and_changes_and_exits_0_on_sigterm() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("watched");
    fs::create_dir(&root).unwrap();
    fs::write(root.join("old.txt"), text("قديم", 1)).unwrap();
    set_old_mtime(&root.join("old.txt"));
    let mut child = follow_json(&root, &tmp.path().join("log"), Stdio::null());
    let (tx, lines) = crossbeam_channel::unbounded();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
            tx.send(v).unwrap();
        }
    });
    let next = || lines.recv_timeout(WAIT).expect("no line came");

    let old = next();
    assert_eq!(old["event"], "added");
    assert_eq!(old["title"], "قديم");
    assert!(old["path"].as_str().unwrap().ends_with("watched/old.txt"));

    fs::write(tmp.path().join("new.txt"), text("جديد", 2)).unwrap();
    fs::rename(tmp.path().join("new.txt"), root.join("new.txt")).unwrap();
    let new = next();
    assert_eq!(new["event"], "added");
    assert_eq!(new["title"], "جديد");

    fs::remove_file(root.join("old.txt")).unwrap();
    let removed = next();
    assert_eq!(removed["event"], "removed");
    assert_eq!(removed["id"], old["id"]);
    assert!(
        removed["path"]
            .as_str()
            .unwrap()
            .ends_with("watched/old.txt")
    );

    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGTERM) }, 0);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{status:?}");
    reader.join().unwrap();
}

/// A real inotify queue overflow: the process is stopped (SIGSTOP) while more files are
/// renamed in than the kernel queue holds, then resumed. The rescan must find every file,
/// and none twice.
#[test]
fn a_queue_overflow_loses_nothing_and_doubles_nothing() {
    let limit: usize = fs::read_to_string("/proc/sys/fs/inotify/max_queued_events")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(16_384);
    if limit > 50_000 {
        eprintln!("skipped: a queue of {limit} events is too long to overflow in a test");
        return;
    }
    let n = limit + 1_000;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("watched");
    let stage = tmp.path().join("stage");
    fs::create_dir(&root).unwrap();
    fs::create_dir(&stage).unwrap();
    for i in 0..n {
        let path = stage.join(format!("o{i:05}.txt"));
        fs::write(&path, text("فيض", i)).unwrap();
        // Written long ago: the rescan reads them at once instead of letting them settle,
        // so a duplicate would show before the sentinel below.
        set_old_mtime(&path);
    }
    let mut child = follow_json(&root, &tmp.path().join("log"), Stdio::piped());
    let (tx, lines) = crossbeam_channel::unbounded();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
            let name = v["path"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string();
            let _ = tx.send((v["event"].as_str().unwrap().to_string(), name));
        }
    });
    let next = || lines.recv_timeout(WAIT).expect("no line came");
    // Watching once a file dropped now is reported.
    fs::write(stage.join("ready.txt"), text("جاهز", 0)).unwrap();
    fs::rename(stage.join("ready.txt"), root.join("ready.txt")).unwrap();
    assert_eq!(next().1, "ready.txt");

    let pid = child.id() as i32;
    assert_eq!(unsafe { libc::kill(pid, libc::SIGSTOP) }, 0);
    for i in 0..n {
        let name = format!("o{i:05}.txt");
        fs::rename(stage.join(&name), root.join(&name)).unwrap();
    }
    assert_eq!(unsafe { libc::kill(pid, libc::SIGCONT) }, 0);

    let mut count: HashMap<String, usize> = HashMap::new();
    while count.len() < n {
        let (event, name) = next();
        assert_eq!(event, "added", "{name}");
        *count.entry(name).or_default() += 1;
    }
    fs::write(stage.join("sentinel.txt"), text("حارس", 1)).unwrap();
    fs::rename(stage.join("sentinel.txt"), root.join("sentinel.txt")).unwrap();
    loop {
        let (_, name) = next();
        if name == "sentinel.txt" {
            break;
        }
        *count.entry(name).or_default() += 1;
    }
    assert_eq!(count.len(), n);
    let doubled: Vec<_> = count.iter().filter(|(_, c)| **c != 1).collect();
    assert!(doubled.is_empty(), "reported twice: {doubled:?}");

    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("queue overflow"), "{stderr}");
}
