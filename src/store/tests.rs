use super::*;
use crate::article::{ProvinceTag, ThemeTag};

fn article(text: &str) -> Article {
    let mut a = Article::unreadable("in/a.txt", 10, String::new());
    a.id = ArticleId::from_text(text);
    a.error = None;
    a.title = format!("عنوان {text}");
    a.themes.push(ThemeTag {
        id: "terrorism".into(),
        score: 1.0,
        hits: vec![],
    });
    a.provinces.push(ProvinceTag {
        id: "anbar".into(),
        hits: vec![],
    });
    a
}

#[test]
fn actions_come_back_with_who_and_when() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep/er/triage.sqlite3");
    let mut store = Store::open_as(&path, "amal").unwrap();
    let id = ArticleId::from_text("x");
    assert_eq!(store.get(id).unwrap(), None);
    store.set_flag(id, Some(Priority::High)).unwrap();
    let c = store.set_note(id, Some("  ")).unwrap();
    assert_eq!(c.mark, Mark::Note(None), "a blank note clears");
    let c = store.set_note(id, Some("اتصل بالمراسل")).unwrap();
    let t = store.get(id).unwrap().unwrap();
    assert_eq!(t.flag.value, Some(Priority::High));
    assert_eq!(t.note.value.as_deref(), Some("اتصل بالمراسل"));
    assert_eq!(t.note.stamp.as_ref(), Some(&c.stamp));
    assert_eq!(c.stamp.who, "amal");
    assert_eq!(c.stamp.seq, 3);
    assert!(!t.read.value && t.read.stamp.is_none());
    assert_eq!(store.last_seq().unwrap(), 3);
    let (changes, next) = store.changes_since(1).unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(next, 3);
    assert_eq!(store.changes_since(3).unwrap(), (vec![], 3));
}

#[test]
fn snapshots_are_upserted_and_unchanged_ones_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_as(&dir.path().join("t.sqlite3"), "amal").unwrap();
    let mut a = article("y");
    store.remember(&a).unwrap();
    let before = store.data_version().unwrap();
    store.remember(&a).unwrap();
    let changed: i64 = store.conn.changes() as i64;
    assert_eq!(changed, 0, "an unchanged snapshot writes nothing");
    assert_eq!(store.data_version().unwrap(), before);
    a.path = "in/renamed.txt".into();
    store.remember(&a).unwrap();
    let snap = &store.snapshots().unwrap()[&a.id];
    assert_eq!(snap.path, "in/renamed.txt");
    assert_eq!(snap.themes, ["terrorism"]);
    assert_eq!(snap.provinces, ["anbar"]);
}

#[test]
fn short_and_foreign_files_are_refused_by_their_header() {
    let dir = tempfile::tempdir().unwrap();
    let short = dir.path().join("short");
    fs::write(&short, "hi\n").unwrap();
    assert!(matches!(
        check_header(&short),
        Err(StoreError::NotADatabase { .. })
    ));
    let empty = dir.path().join("empty");
    fs::write(&empty, "").unwrap();
    assert!(
        check_header(&empty).is_ok(),
        "SQLite starts new files empty"
    );
    assert!(check_header(&dir.path().join("absent")).is_ok());
    assert!(matches!(
        check_header(dir.path()),
        Err(StoreError::Io { .. })
    ));
}

#[test]
fn another_programs_database_is_not_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE bookmarks (url TEXT)")
        .unwrap();
    let err = Store::open_as(&path, "amal").err().unwrap();
    assert!(matches!(err, StoreError::Foreign { .. }), "{err}");
}

#[test]
fn read_only_open_needs_an_existing_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite3");
    let err = Store::open_read_only(&path).err().unwrap();
    assert!(matches!(err, StoreError::Missing { .. }));
    assert!(!path.exists(), "nothing created");
    let mut w = Store::open_as(&path, "amal").unwrap();
    let id = ArticleId::from_text("z");
    w.set_read(id, true).unwrap();
    let mut r = Store::open_read_only(&path).unwrap();
    assert!(r.get(id).unwrap().unwrap().read.value);
    assert!(matches!(
        r.set_read(id, false),
        Err(StoreError::ReadOnly { .. })
    ));
}

#[test]
fn uri_paths_escape_what_uris_reserve() {
    assert_eq!(uri_path(Path::new("/a b/c?d#e%f")), "/a%20b/c%3Fd%23e%25f");
    assert_eq!(uri_path(Path::new("/ع")), "/%D8%B9");
}

#[test]
fn consoles_starting_together_on_a_new_file_migrate_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite3");
    std::thread::scope(|s| {
        for n in 0..4 {
            let path = &path;
            s.spawn(move || {
                let mut store = Store::open_as(path, &format!("u{n}")).unwrap();
                store.set_read(ArticleId([n; 16]), true).unwrap();
            });
        }
    });
    let store = Store::open_as(&path, "amal").unwrap();
    assert_eq!(store.load_all().unwrap().len(), 4);
    assert_eq!(schema::version(&store.conn).unwrap(), schema::LATEST);
}

#[test]
fn carrying_gives_the_new_id_the_old_triage_with_its_who_and_when() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite3");
    let (old, new) = (
        ArticleId::from_text("before"),
        ArticleId::from_text("after"),
    );
    let mut amal = Store::open_as(&path, "amal").unwrap();
    let flagged = amal.set_flag(old, Some(Priority::High)).unwrap();
    amal.set_note(old, Some("تابع")).unwrap();
    amal.set_read(old, true).unwrap();
    // The new id already has a read state of its own: that one stands.
    let mut omar = Store::open_as(&path, "omar").unwrap();
    omar.set_read(new, false).unwrap();

    let changes = omar.carry(old, new).unwrap();
    assert_eq!(changes.len(), 2, "{changes:?}");
    let t = omar.get(new).unwrap().unwrap();
    assert_eq!(t.flag.value, Some(Priority::High));
    assert_eq!(t.flag.stamp.as_ref().unwrap().who, "amal");
    assert_eq!(t.flag.stamp.as_ref().unwrap().at, flagged.stamp.at);
    assert_eq!(t.note.value.as_deref(), Some("تابع"));
    assert!(!t.read.value, "the new id's own state is kept");
    // The old id keeps its state, and other consoles hear of the copies.
    assert_eq!(
        omar.get(old).unwrap().unwrap().flag.value,
        Some(Priority::High)
    );
    let (seen, _) = amal.changes_since(4).unwrap();
    assert_eq!(seen, changes);
    // Carrying again copies nothing.
    assert!(omar.carry(old, new).unwrap().is_empty());
}
