//! Rendering tests on ratatui's `TestBackend`. Rows are compared as strings of cell symbols
//! with visual strings written by hand (Arabic reversed, as the terminal must show it), not
//! with `assert_buffer_lines`, which measures lam-alef as one cell.

use std::sync::Arc;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

use super::theme::{PaletteKind, Role, Theme};
use super::{Ui, layout, render};
use crate::app::Action;
use crate::app::keymap::Keymap;
use crate::app::state::tests::{article, t0};
use crate::app::state::{BidiSetting, Context, Model};
use crate::app::update::update;
use crate::article::Article;
use crate::pipeline::Pipeline;
use crate::tag::{Gazetteer, Tagger, lexicon};

/// One theme and the built-in gazetteer: the tests do not depend on the lexicon files.
fn tagger() -> Tagger {
    let theme = lexicon::parse_theme(
        r#"
id = "terrorism"
name_ar = "الإرهاب"
name_en = "Terrorism"
severity = 5
[[terms]]
weight = 2.0
words = ["عبوة ناسفة", "داعش"]
"#,
        "test.toml",
    )
    .unwrap();
    Tagger::new(vec![theme], Gazetteer::builtin())
}

fn ui(kind: PaletteKind) -> Ui {
    Ui {
        keymap: Keymap::defaults(),
        theme: Theme::new(kind, &Default::default()).unwrap(),
        utc_offset: 3 * 3600,
    }
}

fn model() -> Model {
    let ctx = Context::new(
        "/srv/news".into(),
        Arc::new(Pipeline::new(tagger())),
        BidiSetting::App,
        false,
    );
    let mut m = Model::new(ctx);
    m.now = t0() + Duration::from_secs(300);
    m
}

fn add(m: &mut Model, a: Article, minutes_ago: u64) {
    let at = m.now - Duration::from_secs(minutes_ago * 60);
    m.upsert(a, at);
}

fn sample() -> Model {
    let mut m = model();
    let mut a = article(
        1,
        "انفجار عبوة ناسفة في بغداد",
        &["baghdad"],
        &["terrorism"],
    );
    a.body = "انفجرت عبوة ناسفة في بغداد صباح اليوم.".into();
    a.source = Some("واع".into());
    add(&mut m, a, 4);
    let mut b = article(2, "Oil prices", &["basra"], &[]);
    b.source = Some("Reuters".into());
    add(&mut m, b, 2);
    let mut c = Article::unreadable("broken.txt", 10, "invalid UTF-8".into());
    c.source = None;
    add(&mut m, c, 1);
    m
}

fn draw(m: &mut Model, ui: &Ui, w: u16, h: u16) -> Buffer {
    m.help_len = super::help::lines(&ui.keymap).len();
    update(m, Action::Resize(layout::viewport(Rect::new(0, 0, w, h))));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| render(f, m, ui)).unwrap();
    terminal.backend().buffer().clone()
}

/// Each row as the string of its cells.
fn rows(buf: &Buffer) -> Vec<String> {
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}

/// Where `needle` is on screen (row, starting column in cells).
fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let n = needle.chars().count();
    for y in 0..buf.area.height {
        let cells: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        for x in 0..cells.len().saturating_sub(n - 1) {
            if cells[x..x + n].concat() == needle {
                return Some((y, x as u16));
            }
        }
    }
    None
}

#[test]
fn feed_rows_at_80x24() {
    let mut m = sample();
    let buf = draw(&mut m, &ui(PaletteKind::None), 80, 24);
    let r = rows(&buf);
    assert_eq!(
        r[0],
        "┏▶ Feed · 3 of 3 · all ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓"
    );
    assert_eq!(
        r[1],
        "┃    time  age S source     title                      themes      provinces   ┃"
    );
    // Newest first: the unreadable file (its error in the title column), then the others.
    assert_eq!(
        r[2],
        "┃●   01:17  1m ·            ⚠ broken.txt: invalid UTF…             National    ┃"
    );
    assert_eq!(
        r[3],
        "┃●   01:16  2m · Reuters    Oil prices                             Basra       ┃"
    );
    // Arabic title reversed for display and right-aligned in its column; severity 5.
    assert_eq!(
        r[4],
        "┃●   01:14  4m 5 عاو        دادغب يف ةفسان ةوبع راجفنا TER         Baghdad     ┃"
    );
    assert!(r[22].starts_with(" /srv/news "), "{}", r[22]);
    assert!(
        r[22].contains("3 articles · 3 unread · 0 flagged"),
        "{}",
        r[22]
    );
    assert!(r[23].contains("enter open"), "{}", r[23]);
}

#[test]
fn filters_with_counts_at_200x60() {
    let mut m = sample();
    m.toggle_province(0); // Baghdad
    let buf = draw(&mut m, &ui(PaletteKind::None), 200, 60);
    let r = rows(&buf);
    assert!(r[1].starts_with("│[x] Baghdad              1│"), "{}", r[1]);
    assert!(r[2].starts_with("│[ ] Basra                1│"), "{}", r[2]);
    assert!(
        r[20].starts_with("│[ ] National             1│"),
        "{}",
        r[20]
    );
    assert!(
        r[23].starts_with("│[ ] TER Terrorism        1│"),
        "{}",
        r[23]
    );
    assert!(r[0].contains("Feed · 1 of 3 · all"), "{}", r[0]);
    assert!(r[58].contains("view all · Baghdad"), "{}", r[58]);
}

#[test]
fn detail_highlights_matched_terms() {
    let mut m = sample();
    update(&mut m, Action::Bottom);
    update(&mut m, Action::Open);
    let ui = ui(PaletteKind::Ansi16);
    let buf = draw(&mut m, &ui, 80, 24);
    let r = rows(&buf);
    assert!(r[0].contains("Article 3/3"), "{}", r[0]);
    // The body line, reversed and right-aligned.
    let (y, x) = find(&buf, ".مويلا حابص دادغب يف ةفسان ةوبع ترجفنا").expect("body line");
    assert_eq!(x + 38, 78, "right-aligned against the pane's edge");
    // "عبوة ناسفة" shows as ةفسان ةوبع: every one of its cells in the theme-hit style.
    let line = ".مويلا حابص دادغب يف ةفسان ةوبع ترجفنا";
    let at = |word: &str| x + line[..line.find(word).unwrap()].chars().count() as u16;
    let hit = at("ةفسان ةوبع");
    for cx in hit..hit + 10 {
        assert_eq!(
            buf[(cx, y)].style().bg,
            ui.theme.style(Role::ThemeHit).bg,
            "cell {cx}"
        );
    }
    let place = at("دادغب");
    for cx in place..place + 5 {
        assert_eq!(
            buf[(cx, y)].style().bg,
            ui.theme.style(Role::PlaceHit).bg,
            "cell {cx}"
        );
    }
    // Plain words are not highlighted.
    for word in ["ترجفنا", "حابص", "يف"] {
        let bg = buf[(at(word), y)].style().bg;
        assert_ne!(bg, ui.theme.style(Role::ThemeHit).bg, "{word}");
        assert_ne!(bg, ui.theme.style(Role::PlaceHit).bg, "{word}");
    }
}

#[test]
fn arabic_with_digits_and_a_latin_name_in_visual_order() {
    let mut m = model();
    let mut a = article(9, "خبر", &[], &[]);
    a.body = "قال John Smith يوم 22-08-2020 إن الوضع هادئ".into();
    add(&mut m, a, 1);
    update(&mut m, Action::Open);
    let buf = draw(&mut m, &ui(PaletteKind::None), 80, 24);
    assert!(
        find(&buf, "ئداه عضولا نإ 22-08-2020 موي John Smith لاق").is_some(),
        "{:#?}",
        rows(&buf)
    );
}

#[test]
fn help_lists_every_binding_with_its_description() {
    let mut m = sample();
    update(&mut m, Action::ToggleHelp);
    let buf = draw(&mut m, &ui(PaletteKind::None), 80, 24);
    let text = rows(&buf).join("\n");
    assert!(text.contains("Keys (? or esc closes)"), "{text}");
    assert!(text.contains("Everywhere"));
    assert!(find(&buf, "ctrl-d").is_some());
    assert!(text.contains("half page down"));
    // The help scrolls to the prompt bindings at its end.
    update(&mut m, Action::Bottom);
    let text = rows(&draw(&mut m, &ui(PaletteKind::None), 80, 24)).join("\n");
    assert!(text.contains("Search and note prompts"), "{text}");
}

#[test]
fn narrow_screens_hide_side_panes_and_tiny_ones_say_so() {
    let mut m = sample();
    let r = rows(&draw(&mut m, &ui(PaletteKind::None), 80, 24));
    assert!(!r.iter().any(|l| l.contains("Provinces")));
    update(&mut m, Action::FocusProvinces);
    let r = rows(&draw(&mut m, &ui(PaletteKind::None), 80, 24));
    assert!(r[0].contains("Provinces"), "{}", r[0]);
    let r = rows(&draw(&mut m, &ui(PaletteKind::None), 30, 8));
    assert!(r.iter().any(|l| l.contains("terminal too small")), "{r:#?}");
}

#[test]
fn no_color_still_shows_selection_unread_and_severity() {
    let mut m = sample();
    let ui = ui(PaletteKind::None);
    let buf = draw(&mut m, &ui, 80, 24);
    for x in 0..80 {
        for y in 0..24 {
            let s = buf[(x, y)].style();
            assert!(s.fg.is_none() || s.fg == Some(ratatui::style::Color::Reset));
            assert!(s.bg.is_none() || s.bg == Some(ratatui::style::Color::Reset));
        }
    }
    // Selected row reversed, unread rows bold and marked with ●.
    assert!(
        buf[(5, 2)]
            .style()
            .add_modifier
            .contains(Modifier::REVERSED)
    );
    assert!(buf[(30, 3)].style().add_modifier.contains(Modifier::BOLD));
    assert_eq!(buf[(1, 3)].symbol(), "●");
    update(&mut m, Action::Bottom);
    update(&mut m, Action::ToggleRead);
    let buf = draw(&mut m, &ui, 80, 24);
    assert_eq!(buf[(1, 4)].symbol(), " ", "read: no dot");
}

#[test]
fn new_arrivals_show_a_counter_instead_of_moving_rows() {
    let mut m = sample();
    update(&mut m, Action::Down);
    let before = rows(&draw(&mut m, &ui(PaletteKind::None), 80, 24));
    add(&mut m, article(5, "عاجل", &[], &[]), 0);
    let after = rows(&draw(&mut m, &ui(PaletteKind::None), 80, 24));
    assert!(after[0].contains("1 new ↑"), "{}", after[0]);
    assert_eq!(before[2..5], after[2..5], "rows stay where they were");
}

#[test]
fn search_prompt_and_highlighted_matches() {
    let mut m = sample();
    update(&mut m, Action::Search);
    for c in "بغداد".chars() {
        update(&mut m, Action::Input(c));
    }
    let generation = m.search.generation;
    update(
        &mut m,
        Action::SearchDone(crate::app::search::SearchResults {
            generation,
            query: "بغداد".into(),
            hits: vec![(0, 100)],
        }),
    );
    let ui = ui(PaletteKind::Ansi16);
    let buf = draw(&mut m, &ui, 80, 24);
    let r = rows(&buf);
    // The cursor is at the end of the query: the left of Arabic, where the next letter goes.
    assert!(r[23].starts_with("/▏دادغب 1 matches"), "{}", r[23]);
    let (y, x) = find(&buf, "دادغب").unwrap();
    assert_eq!(y, 2);
    assert_eq!(buf[(x, y)].style().fg, ui.theme.style(Role::Highlight).fg);
}

#[test]
fn a_note_longer_than_the_prompt_shows_where_one_types() {
    let mut m = sample();
    let ui = ui(PaletteKind::None);
    update(&mut m, Action::EditNote);
    let words = [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
    ];
    for c in words.join(" ").chars() {
        update(&mut m, Action::Input(c));
    }
    let row = rows(&draw(&mut m, &ui, 60, 24))[23].clone();
    assert!(row.starts_with("note: …"), "{row}");
    assert!(row.contains("golf hotel▏ enter save"), "{row}");
    update(&mut m, Action::LineStart);
    let row = rows(&draw(&mut m, &ui, 60, 24))[23].clone();
    assert!(row.starts_with("note: alpha bravo"), "{row}");
    assert!(row.contains("… enter save"), "{row}");
}

#[test]
fn spaces_being_typed_and_control_characters_keep_the_cursor_in_place() {
    let mut m = sample();
    let ui = ui(PaletteKind::Ansi16);
    update(&mut m, Action::EditNote);
    for c in "ab ".chars() {
        update(&mut m, Action::Input(c));
    }
    let buf = draw(&mut m, &ui, 80, 24);
    assert!(
        rows(&buf)[23].starts_with("note: ab ▏"),
        "{}",
        rows(&buf)[23]
    );
    // Two spaces, then the cursor moved back onto "c": the cell under it is "c".
    for c in " cd\u{1b}[2J".chars() {
        update(&mut m, Action::Input(c));
    }
    for _ in 0..6 {
        update(&mut m, Action::CursorLeft);
    }
    let buf = draw(&mut m, &ui, 80, 24);
    let row = &rows(&buf)[23];
    assert!(row.starts_with("note: ab cd␛[2J enter save"), "{row}");
    let reversed: Vec<&str> = (0..80)
        .filter(|x| buf[(*x, 23)].modifier.contains(Modifier::REVERSED))
        .map(|x| buf[(x, 23)].symbol())
        .collect();
    assert_eq!(reversed, ["c"]);
}

#[test]
fn the_prompt_cursor_sits_on_the_letter_it_stands_before() {
    let mut m = sample();
    let ui = ui(PaletteKind::Ansi16);
    let reversed = |buf: &Buffer, y: u16| -> Vec<String> {
        (0..buf.area.width)
            .filter(|x| buf[(*x, y)].modifier.contains(Modifier::REVERSED))
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect()
    };
    update(&mut m, Action::EditNote);
    for c in "abc".chars() {
        update(&mut m, Action::Input(c));
    }
    update(&mut m, Action::CursorLeft);
    let buf = draw(&mut m, &ui, 80, 24);
    assert!(rows(&buf)[23].starts_with("note: abc enter save"));
    assert_eq!(reversed(&buf, 23), ["c"]);

    // In Arabic, one step back from the end (the right arrow) puts the cursor on the last
    // letter, which is drawn leftmost.
    update(&mut m, Action::LineEnd);
    update(&mut m, Action::DeleteToStart);
    for c in "بغداد".chars() {
        update(&mut m, Action::Input(c));
    }
    update(&mut m, Action::CursorRight);
    let buf = draw(&mut m, &ui, 80, 24);
    assert!(
        rows(&buf)[23].starts_with("note: دادغب enter save"),
        "{}",
        rows(&buf)[23]
    );
    assert_eq!(reversed(&buf, 23), ["د"]);
    let leftmost_letter = "note: ".len() as u16;
    assert!(
        buf[(leftmost_letter, 23)]
            .modifier
            .contains(Modifier::REVERSED)
    );
}

#[test]
fn full_screens_snapshot() {
    let mut m = sample();
    let r = rows(&draw(&mut m, &ui(PaletteKind::None), 200, 60));
    insta::assert_snapshot!("screen_200x60", r.join("\n"));
    let r = rows(&draw(&mut m, &ui(PaletteKind::None), 80, 24));
    insta::assert_snapshot!("screen_80x24", r.join("\n"));
}

/// What the backend wrote, shared with the test.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Strip the escape sequences ratatui itself writes: CSI with numeric parameters ending in
/// m (colours), H (cursor moves), h/l (cursor show/hide). Anything else is left in place.
fn strip_own_sequences(out: &str) -> String {
    let mut kept = String::new();
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            let mut seq = String::from("\x1b[");
            chars.next();
            while let Some(&p) = chars.peek() {
                if p.is_ascii_digit() || p == ';' || p == '?' {
                    seq.push(p);
                    chars.next();
                } else {
                    break;
                }
            }
            match chars.peek() {
                Some('m' | 'H' | 'h' | 'l') => {
                    chars.next();
                    continue;
                }
                _ => kept.push_str(&seq),
            }
        } else {
            kept.push(c);
        }
    }
    kept
}

#[test]
fn escape_sequences_in_articles_never_reach_the_terminal() {
    use ratatui::backend::CrosstermBackend;
    use ratatui::{TerminalOptions, Viewport};

    let hostile = "\x1b[2J\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\u{9b}31m\x1bP+q\x1b\\";
    let mut m = model();
    let mut a = article(1, &format!("عنوان {hostile} خبر"), &["baghdad"], &[]);
    a.source = Some(format!("src{hostile}"));
    a.path = format!("evil{hostile}.txt");
    a.dateline = Some(hostile.to_string());
    a.url = Some(format!("http://x/{hostile}"));
    a.body = format!("فقرة {hostile}\n\nوفقرة ثانية {hostile}");
    add(&mut m, a, 1);
    let broken = Article::unreadable(&format!("bad{hostile}.txt"), 1, format!("err{hostile}"));
    add(&mut m, broken, 0);
    let ui = ui(PaletteKind::TrueColor);

    for open in [false, true] {
        if open {
            update(&mut m, Action::Bottom);
            update(&mut m, Action::Open);
        }
        update(
            &mut m,
            Action::Resize(layout::viewport(Rect::new(0, 0, 120, 30))),
        );
        let options = TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 120, 30)),
        };
        let written = Captured::default();
        let mut terminal =
            Terminal::with_options(CrosstermBackend::new(written.clone()), options).unwrap();
        terminal.draw(|f| render(f, &m, &ui)).unwrap();
        let bytes = written.0.lock().unwrap().clone();
        let out = String::from_utf8(bytes).expect("UTF-8 output");
        assert!(
            out.contains("␛[2J"),
            "the escape shows as a visible picture"
        );
        let rest = strip_own_sequences(&out);
        assert!(!rest.contains('\x1b'), "stray ESC in {rest:?}");
        assert!(!rest.contains('\x07'), "stray BEL");
        assert!(!rest.contains('\u{9b}'), "stray C1 CSI");
        assert!(
            !rest.chars().any(|c| (c as u32) < 0x20 && c != '\n'),
            "control char"
        );
    }
}
