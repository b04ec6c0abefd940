//! `watchdesk scan` and `watchdesk themes` as a user runs them: the real binary on a
//! temporary directory full of awkward entries.

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const ARTICLE: &str = "انفجار عبوة ناسفة في الموصل\nالموصل/ شفق نيوز\nأفاد مصدر أمني بانفجار عبوة ناسفة زرعها مسلحون من تنظيم داعش قرب سوق شعبي في الجانب الأيمن من الموصل، ما أسفر عن مقتل مدنيين.\n";

fn watchdesk(args: &[&str]) -> Output {
    // Output goes to files, not pipes: nobody reads a pipe while the child runs, so a scan
    // writing more than a pipe holds (64 KiB) would block and look hung.
    let stdout = tempfile::tempfile().unwrap();
    let stderr = tempfile::tempfile().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_watchdesk"))
        .args(args)
        .env("XDG_CONFIG_HOME", "/nonexistent-config")
        .stdout(stdout.try_clone().unwrap())
        .stderr(stderr.try_clone().unwrap())
        .spawn()
        .unwrap();
    // A scan that hangs (on a FIFO, a link loop) is a failure, not a stuck test run.
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "watchdesk {args:?} hung"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: read_from_start(stdout),
        stderr: read_from_start(stderr),
    }
}

fn read_from_start(mut file: std::fs::File) -> Vec<u8> {
    use std::io::{Read, Seek};
    let mut bytes = Vec::new();
    file.rewind().unwrap();
    file.read_to_end(&mut bytes).unwrap();
    bytes
}

fn records(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn by_name<'a>(records: &'a [serde_json::Value], name: &str) -> &'a serde_json::Value {
    records
        .iter()
        .find(|r| r["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("no record for {name}"))
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

#[test]
fn awkward_entries_never_stop_the_scan_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("elsewhere.txt"), ARTICLE).unwrap();

    std::fs::create_dir_all(root.join("nested/deeper")).unwrap();
    std::fs::write(root.join("nested/deeper/good.txt"), ARTICLE).unwrap();
    let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode(ARTICLE);
    std::fs::write(root.join("legacy.txt"), &cp1256).unwrap();
    std::fs::write(root.join("binary.txt"), b"\x89PNG\r\n\x1a\n\0\0\0IHDR").unwrap();
    std::fs::write(root.join("big.txt"), ARTICLE.repeat(200)).unwrap();
    std::fs::write(root.join("bad\x1b[31mname.txt"), ARTICLE).unwrap();
    std::fs::write(root.join(".hidden.txt"), ARTICLE).unwrap();
    std::fs::write(root.join("draft.txt.part"), ARTICLE).unwrap();
    mkfifo(&root.join("pipe.txt"));
    let _socket = std::os::unix::net::UnixListener::bind(root.join("sock.txt")).unwrap();
    symlink(root.join("nested"), root.join("nested/deeper/loop")).unwrap();
    symlink(outside.path(), root.join("out")).unwrap();
    let locked = root.join("locked.txt");
    std::fs::write(&locked, ARTICLE).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let before = snapshot(root);

    let out = watchdesk(&[
        "scan",
        root.to_str().unwrap(),
        "--json",
        "--max-bytes",
        "4096",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out);
    let names: Vec<&str> = recs.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(recs.len(), 6, "{names:?}");

    let good = by_name(&recs, "good.txt");
    assert_eq!(good["title"], "انفجار عبوة ناسفة في الموصل");
    assert_eq!(good["provinces"][0]["id"], "nineveh");
    assert!(good["error"].is_null());

    let legacy = by_name(&recs, "legacy.txt");
    assert_eq!(legacy["encoding"], "windows-1256");
    assert_eq!(legacy["title"], good["title"]);
    assert_eq!(legacy["id"], good["id"], "same text, same identity");

    assert!(
        by_name(&recs, "binary.txt")["error"]
            .as_str()
            .unwrap()
            .contains("not a text file")
    );
    let big = by_name(&recs, "big.txt");
    assert_eq!(big["truncated"], true);
    assert!(
        big["error"]
            .as_str()
            .unwrap()
            .contains("only the first 4096")
    );
    assert!(
        !big["title"].as_str().unwrap().is_empty(),
        "the head of a big file is still parsed"
    );

    // The name with an escape sequence is reported; the JSON escapes it.
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(!stdout.contains('\x1b'));
    assert!(stdout.contains("bad\\u001b[31mname.txt"));

    // As root, permissions do not stop a read; as anyone else the file is listed with its error.
    let locked_rec = by_name(&recs, "locked.txt");
    if unsafe { libc::geteuid() } != 0 {
        assert_eq!(locked_rec["error"], "permission denied");
    }

    assert_eq!(snapshot(root), before, "the scanned directory was modified");
}

/// Names, sizes and modes of everything under `root` (links not followed).
fn snapshot(root: &Path) -> Vec<(String, u64, u32)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            let meta = std::fs::symlink_metadata(e.path()).unwrap();
            out.push((
                e.path().display().to_string(),
                meta.len(),
                meta.permissions().mode(),
            ));
            if meta.is_dir() {
                stack.push(e.path());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn table_output_is_readable_and_safe() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    std::fs::write(dir.path().join("evil\x1b]0;x\x07.txt"), "عنوان\x1b[2J\nنص").unwrap();
    let out = watchdesk(&["scan", dir.path().to_str().unwrap()]);
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.lines().next().unwrap().starts_with("file"));
    assert!(table.contains("terrorism") && table.contains("nineveh"));
    assert!(!table.contains('\x1b') && !table.contains('\x07'));
    assert!(String::from_utf8(out.stderr).unwrap().contains("2 files"));
}

#[test]
fn themes_lists_the_fourteen_and_their_terms() {
    let out = watchdesk(&["themes"]);
    assert!(out.status.success());
    let listing = String::from_utf8(out.stdout).unwrap();
    for id in watchdesk::article::THEME_IDS {
        assert!(listing.contains(id), "{id} missing from `themes`");
    }
    let terms = String::from_utf8(watchdesk(&["themes", "--terms"]).stdout).unwrap();
    assert!(terms.lines().count() > 500);
    assert!(terms.lines().any(|t| t == "داعش"));
    assert!(!terms.lines().any(|t| t.ends_with('*')));
}

#[test]
fn a_malformed_theme_file_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("drugs.toml"),
        "id = \"drugs\"\nname_ar = \"المخدرات\"\nname_en = \"Drugs\"\nseverity = 3\n[[terms]]\nweight = 2.0\nwords = [\"كريستال\"\n",
    )
    .unwrap();
    let out = watchdesk(&["themes", "--themes", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("drugs.toml") && err.contains("line 7"),
        "{err}"
    );
}

#[test]
fn a_missing_directory_is_a_clear_error() {
    let out = watchdesk(&["scan", "/nonexistent/articles"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("/nonexistent/articles")
    );
}

#[test]
fn records_come_in_path_order_once_each_across_batches() {
    // More files than one processing batch (512), in folders listed in no particular order.
    let dir = tempfile::tempdir().unwrap();
    let mut expected = Vec::new();
    for folder in ["b", "a", "a-z", "c/d"] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        for i in (0..300).rev() {
            let path = dir.path().join(folder).join(format!("{i:03}.txt"));
            std::fs::write(&path, ARTICLE).unwrap();
            expected.push(path);
        }
    }
    expected.sort();

    let out = watchdesk(&["scan", dir.path().to_str().unwrap(), "--json"]);
    assert!(out.status.success());
    let paths: Vec<String> = records(&out)
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<String> = expected.iter().map(|p| p.display().to_string()).collect();
    assert_eq!(paths, expected);
}

#[test]
fn an_unreadable_directory_is_reported_after_the_records() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    // Folders nested deeper than a path can name (PATH_MAX, 4096 bytes): the walk cannot
    // open the deepest, whoever runs the test (root reads through permissions). They are made
    // one inside the other through directory handles, since no path reaches them.
    let name = std::ffi::CString::new("d".repeat(200)).unwrap();
    let mut parent = std::fs::File::open(dir.path()).unwrap();
    for _ in 0..25 {
        use std::os::fd::{AsRawFd, FromRawFd};
        let fd = parent.as_raw_fd();
        assert_eq!(unsafe { libc::mkdirat(fd, name.as_ptr(), 0o755) }, 0);
        let child = unsafe { libc::openat(fd, name.as_ptr(), libc::O_RDONLY | libc::O_DIRECTORY) };
        assert!(child >= 0);
        parent = unsafe { std::fs::File::from_raw_fd(child) };
    }
    let out = watchdesk(&["scan", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().lines().count(),
        2,
        "header and a.txt"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert_eq!(lines[0], "1 files, 0 with errors");
    assert!(
        lines[1].starts_with("watchdesk: skipped unreadable directory ")
            && lines[1].ends_with("File name too long (os error 36)"),
        "{}",
        lines[1]
    );
}

#[test]
fn a_single_file_is_scanned_as_one_record() {
    let file = "tests/fixtures/articles/52_sinjar_border_infiltrators.txt";
    let out = watchdesk(&["scan", file, "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 1, "{stdout}");
    assert_eq!(records[0]["path"], file);
    assert_eq!(records[0]["themes"][0]["id"], "border");
    assert_eq!(records[0]["provinces"][0]["id"], "nineveh");

    let follow = watchdesk(&["scan", file, "--follow"]);
    assert_eq!(follow.status.code(), Some(2));
    assert!(
        String::from_utf8(follow.stderr)
            .unwrap()
            .contains("not a file")
    );
}
