use super::*;
use crate::store::{Change, Mark, Stamp};

fn id(n: u8) -> ArticleId {
    ArticleId([n; 16])
}

/// Triage built from (seq, mark) actions, as the store would return it.
fn triage(article: ArticleId, marks: &[(u64, Mark)]) -> Triage {
    let mut t = Triage::default();
    for (seq, mark) in marks {
        t.apply(&Change {
            article,
            mark: mark.clone(),
            stamp: Stamp {
                seq: *seq,
                who: if seq % 2 == 0 { "amal" } else { "bashir" }.into(),
                at: format!("2026-05-01T09:{:02}:00.000Z", seq),
            },
        });
    }
    t
}

fn fixture() -> (HashMap<ArticleId, Triage>, HashMap<ArticleId, Snapshot>) {
    let triage = HashMap::from([
        (id(1), triage(id(1), &[(1, Mark::Read(true))])),
        (
            id(2),
            triage(
                id(2),
                &[
                    (2, Mark::Flag(Some(Priority::Low))),
                    (3, Mark::Note(Some("راجع | المصدر\nثانية".into()))),
                ],
            ),
        ),
        (
            id(3),
            triage(
                id(3),
                &[
                    (4, Mark::Flag(Some(Priority::High))),
                    (5, Mark::Dismissed(true)),
                ],
            ),
        ),
        (
            id(4),
            triage(id(4), &[(6, Mark::Note(Some("بلا علم".into())))]),
        ),
    ]);
    let snapshots = HashMap::from([
        (
            id(2),
            Snapshot {
                title: "هجوم\x1b[31m على | نقطة".into(),
                source: Some("واع".into()),
                published: Some("2026-05-01T08:00:00+03:00".into()),
                path: "in/a,b.txt".into(),
                themes: vec!["terrorism".into(), "armed_groups".into()],
                provinces: vec!["anbar".into()],
            },
        ),
        (
            id(3),
            Snapshot {
                title: "تظاهرة في البصرة".into(),
                source: None,
                published: None,
                path: "in/c.txt".into(),
                themes: vec!["protests".into()],
                provinces: vec!["basra".into()],
            },
        ),
    ]);
    (triage, snapshots)
}

fn ids(rows: &[Row]) -> Vec<u8> {
    rows.iter().map(|r| r.id.0[0]).collect()
}

#[test]
fn selection_and_order() {
    let (t, s) = fixture();
    let rows = select(t.clone(), &s, Which::FlaggedOrNoted, None);
    assert_eq!(
        ids(&rows),
        [3, 2, 4],
        "high, low, then unflagged by recency"
    );
    assert_eq!(ids(&select(t.clone(), &s, Which::Flagged, None)), [3, 2]);
    assert_eq!(ids(&select(t.clone(), &s, Which::All, None)), [3, 2, 4, 1]);
    let recent = select(t, &s, Which::All, Some("2026-05-01T09:05:00.000Z"));
    assert_eq!(ids(&recent), [3, 4], "the last action counts");
}

#[test]
fn csv_round_trips_with_quoting_and_no_control_characters() {
    let (t, s) = fixture();
    let mut out = Vec::new();
    write_csv(&mut out, &select(t, &s, Which::All, None)).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains('\x1b'));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(reader.headers().unwrap(), CSV_HEADER.as_slice());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 4);
    let low = &records[1];
    assert_eq!(&low[1], "هجوم␛[31m على | نقطة");
    assert_eq!(&low[4], "in/a,b.txt");
    assert_eq!(&low[5], "terrorism;armed_groups");
    assert_eq!(&low[10], "low");
    assert_eq!(&low[11], "amal");
    assert_eq!(&low[16], "راجع | المصدر\nثانية");
    assert_eq!(&low[18], "2026-05-01T09:03:00.000Z");
    assert_eq!(&records[3][7], "true");
    assert_eq!(&records[3][1], "", "no snapshot: empty title");
}

#[test]
fn csv_cells_a_spreadsheet_would_evaluate_are_marked_as_text() {
    assert_eq!(
        spreadsheet_safe("=HYPERLINK(\"http://x\")"),
        "'=HYPERLINK(\"http://x\")"
    );
    assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(spreadsheet_safe("+1"), "'+1");
    assert_eq!(spreadsheet_safe("هجوم على نقطة"), "هجوم على نقطة");
}

#[test]
fn jsonl_is_one_object_per_article() {
    let (t, s) = fixture();
    let mut out = Vec::new();
    write_jsonl(&mut out, &select(t, &s, Which::Flagged, None)).unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["flag"], "high");
    assert_eq!(lines[0]["dismissed"], true);
    assert_eq!(lines[0]["dismissed_by"], "bashir");
    assert_eq!(lines[0]["provinces"][0], "basra");
    assert_eq!(lines[1]["id"], id(2).to_hex());
    assert_eq!(lines[1]["note"], "راجع | المصدر\nثانية");
    assert_eq!(lines[1]["read"], false);
    assert_eq!(lines[1]["read_at"], serde_json::Value::Null);
}

#[test]
fn markdown_table_escapes_pipes_and_folds_lines() {
    let (t, s) = fixture();
    let mut out = Vec::new();
    let rows = select(t, &s, Which::FlaggedOrNoted, None);
    write_md(
        &mut out,
        &rows,
        "2026-05-01T12:00:00.000Z",
        Path::new("/srv/desk/triage.sqlite3"),
    )
    .unwrap();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

#[test]
fn times_shorten_to_minutes() {
    assert_eq!(short_time("2026-05-01T09:30:00.250Z"), "2026-05-01 09:30Z");
    assert_eq!(short_time("odd"), "odd");
}

#[test]
fn a_file_whose_triage_was_carried_to_a_new_id_is_one_row() {
    let (mut t, mut s) = fixture();
    // id 5 is the file of id 2 after it changed: the same path and title, its triage carried.
    let carried = triage(id(5), &[(7, Mark::Flag(Some(Priority::Low)))]);
    t.insert(id(5), carried);
    s.insert(id(5), s[&id(2)].clone());
    assert_eq!(ids(&select(t.clone(), &s, Which::Flagged, None)), [3, 5]);
    // The same file holding another article (a new title) is another row.
    s.get_mut(&id(5)).unwrap().title = "خبر آخر".into();
    assert_eq!(ids(&select(t, &s, Which::Flagged, None)), [3, 5, 2]);
}
