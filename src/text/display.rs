//! Logical text -> lines of cells in the order a terminal must draw them.
//!
//! Most terminals (and tmux) draw characters left to right as they come, so right-to-left text
//! must be reordered by the app. The order of operations matters, and was settled by experiment
//! (issue 4, "Arabic in the terminal"):
//!
//! 1. `sanitize` first: no control character or escape sequence reaches a line, and the bidi
//!    controls of the article itself cannot scramble our reordering.
//! 2. Isolate runs of European digits after Arabic words (LRI … PDI) so that "يوم 22-08-2020"
//!    keeps its date reading 22-08-2020 instead of the algorithm's 2020-08-22; the isolates
//!    never come out.
//! 3. Bidi levels for the whole paragraph (unicode-bidi), its direction from the majority of
//!    its letters or, with none, from the text around it (right-to-left by default: an Arabic
//!    desk).
//! 4. Wrap in LOGICAL order by words (never at a no-break space), measuring per grapheme.
//!    Reordering first and wrapping afterwards would put a paragraph's last words on its first
//!    row.
//! 5. Reorder each wrapped line (`visual_runs`), reversing whole graphemes (a letter keeps its
//!    harakat) and mirroring brackets in right-to-left runs; right-align RTL lines by a leading
//!    padding segment.
//!
//! Widths are per-grapheme sums ([`str_width`]): unicode-width counts "لا" as one cell where
//! terminals draw two, so ratatui's `Line::width()` must not be trusted with Arabic.
//!
//! Every output cell remembers the source bytes it came from, so caller-given byte ranges
//! (matched terms) come out as tagged segments, even when one term lands in non-adjacent cells
//! of a mixed Arabic/Latin line.

use std::ops::Range;

use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo, bidi_class};
use unicode_segmentation::UnicodeSegmentation;

use super::shape::{Shaped, shape_graphemes};
use super::width::{grapheme_width, str_width};
use super::{sanitize, sanitize_line};

/// Who reorders right-to-left text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BidiMode {
    /// The app: lines come out in visual order (for the many terminals that do no bidi).
    #[default]
    App,
    /// The terminal (mlterm, Konsole, VTE with bidi on): lines stay in logical order,
    /// left-aligned, and the terminal reorders and aligns them itself.
    Terminal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutOptions {
    /// Cells available for a line.
    pub width: usize,
    pub mode: BidiMode,
    /// Replace Arabic letters by their contextual presentation forms (joined-looking words on
    /// terminals that do not shape). Harakat are dropped when shaping.
    pub shaping: bool,
}

/// A run of cells drawn the same way.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Segment {
    pub text: String,
    /// Index into the caller's `marks` of the mark these cells belong to.
    pub mark: Option<usize>,
}

/// One row of the screen, left to right.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VisualLine {
    /// In drawing order; an RTL line from `layout_paragraph` starts with its padding.
    pub segments: Vec<Segment>,
    /// Cells taken (padding included): the sum of `str_width` of the segments.
    pub width: usize,
    /// The line belongs to a right-to-left paragraph.
    pub rtl: bool,
}

impl VisualLine {
    /// The row's text, segments joined.
    pub fn text(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }
}

/// Base direction of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

/// Wrap a paragraph (logical order) to opts.width cells, then reorder each line for display.
/// RTL lines are right-aligned by a leading padding segment (so width == opts.width for them).
/// `marks` are byte ranges of `text` (e.g. matched terms) to tag in the output segments; a
/// mark may come out in non-adjacent cells on a mixed line.
///
/// Line breaks in `text` start new paragraphs (an empty one gives a blank line), so a whole
/// body with blank lines between paragraphs can be passed at once. A paragraph is
/// right-to-left when most of its letters are (so "NATO تبحث ..." is Arabic); one with no
/// letter (a date row) takes the direction of the whole text, or right-to-left.
pub fn layout_paragraph(
    text: &str,
    marks: &[Range<usize>],
    opts: &LayoutOptions,
) -> Vec<VisualLine> {
    layout_paragraph_dir(text, marks, opts, Direction::Rtl)
}

/// [`layout_paragraph`], with the direction given to text that has no strong letter at all.
pub fn layout_paragraph_dir(
    text: &str,
    marks: &[Range<usize>],
    opts: &LayoutOptions,
    neutral: Direction,
) -> Vec<VisualLine> {
    if opts.width == 0 {
        return Vec::new();
    }
    let cleaned = Cleaned::block(text);
    let clean = cleaned.text.as_str();
    let marks = cleaned.marks(marks);
    let text_dir = dominant_direction(clean).unwrap_or(neutral);
    let app = opts.mode == BidiMode::App;

    let mut out = Vec::new();
    let mut start = 0;
    for piece in clean.split('\n') {
        let range = start..start + piece.len();
        start = range.end + 1;
        let dir = dominant_direction(piece).unwrap_or(text_dir);
        let mut para = Para::new(clean, range, dir, app, opts.shaping, &marks);
        para.fit_cells(opts.width);
        let lines = wrap(&para.units, opts.width);
        if lines.is_empty() {
            out.push(para.finish(Vec::new(), 0, opts));
            continue;
        }
        let info = para.bidi_info();
        for line in lines {
            let order = para.visual_order(info.as_ref(), line);
            let (segments, width) = para.emit(clean, &order);
            out.push(para.finish(segments, width, opts));
        }
    }
    out
}

/// One line for a table cell (a feed title): reordered, cut to max_width cells with '…' at the
/// logical end, NOT padded; width says how many cells it takes.
pub fn fit_line(text: &str, max_width: usize, opts: &LayoutOptions) -> VisualLine {
    fit_line_marked(text, &[], max_width, opts)
}

/// [`fit_line`] with `marks` (byte ranges of `text`, e.g. search matches) tagged in the
/// segments. `opts.width` is not used; `max_width` is.
pub fn fit_line_marked(
    text: &str,
    marks: &[Range<usize>],
    max_width: usize,
    opts: &LayoutOptions,
) -> VisualLine {
    let cleaned = Cleaned::line(text);
    let clean = cleaned.text.as_str();
    let dir = dominant_direction(clean).unwrap_or(Direction::Rtl);
    let rtl = dir == Direction::Rtl;
    if max_width == 0 {
        return VisualLine {
            segments: Vec::new(),
            width: 0,
            rtl,
        };
    }
    let marks = cleaned.marks(marks);
    let app = opts.mode == BidiMode::App;

    let para = Para::new(clean, 0..clean.len(), dir, app, opts.shaping, &marks);
    let (segments, width) = if para.width() <= max_width {
        let info = para.bidi_info();
        let order = para.visual_order(info.as_ref(), 0..para.units.len());
        para.emit(clean, &order)
    } else {
        // Keep what fits before an ellipsis, in logical order, and lay out again with the
        // ellipsis as part of the text, so it lands at the logical end (the left of an RTL
        // line). Shaping can change a cut word's width, hence the loop.
        let mut budget = max_width - 1;
        loop {
            let mut keep = 0;
            let mut used = 0;
            for u in &para.units {
                if used + u.width > budget {
                    break;
                }
                used += u.width;
                keep += 1;
            }
            while keep > 0 && para.units[keep - 1].kind == Kind::Break {
                keep -= 1;
            }
            let end = if keep == 0 {
                0
            } else {
                para.units[keep - 1].src.end
            };
            let cut = format!("{}…", &clean[..end]);
            let cut_marks: Vec<Range<usize>> = marks
                .iter()
                .map(|m| m.start.min(end)..m.end.min(end))
                .collect();
            let short = Para::new(&cut, 0..cut.len(), dir, app, opts.shaping, &cut_marks);
            if short.width() <= max_width || budget == 0 {
                let info = short.bidi_info();
                let order = short.visual_order(info.as_ref(), 0..short.units.len());
                break short.emit(&cut, &order);
            }
            budget -= 1;
        }
    };
    VisualLine {
        segments,
        width,
        rtl,
    }
}

// ---------------------------------------------------------------------------------------------
// Cleaning, with a map from the caller's byte offsets to the cleaned text's.

struct Cleaned {
    text: String,
    /// For each byte of the source (and its end), the offset in `text` it maps to. None when
    /// cleaning changed nothing (the usual case).
    map: Option<Vec<u32>>,
}

impl Cleaned {
    /// Paragraph text: control characters made visible, line breaks kept.
    fn block(src: &str) -> Cleaned {
        let text = sanitize(src, true);
        if text == src {
            return Cleaned {
                text: text.into_owned(),
                map: None,
            };
        }
        // sanitize works character by character, so sanitizing each character alone gives the
        // same text and tells where each character went.
        let mut out = String::with_capacity(text.len());
        let mut map = vec![0u32; src.len() + 1];
        let mut buf = [0u8; 4];
        for (i, c) in src.char_indices() {
            map[i..i + c.len_utf8()].fill(out.len() as u32);
            out.push_str(&sanitize(c.encode_utf8(&mut buf), true));
        }
        map[src.len()] = out.len() as u32;
        debug_assert_eq!(out, text);
        Cleaned {
            text: out,
            map: Some(map),
        }
    }

    /// Single-line text, as `sanitize_line` makes it (breaks and runs of blanks -> one space).
    fn line(src: &str) -> Cleaned {
        let text = sanitize_line(src);
        if text == src {
            return Cleaned { text, map: None };
        }
        let mut out = String::with_capacity(text.len());
        let mut map = vec![0u32; src.len() + 1];
        // Source bytes that map to wherever the next visible character goes.
        let mut waiting: Vec<usize> = Vec::new();
        let mut space_due = false;
        let mut buf = [0u8; 4];
        for (i, c) in src.char_indices() {
            waiting.extend(i..i + c.len_utf8());
            for oc in sanitize(c.encode_utf8(&mut buf), false).chars() {
                if oc.is_whitespace() {
                    space_due = !out.is_empty();
                    continue;
                }
                if space_due {
                    out.push(' ');
                    space_due = false;
                }
                for b in waiting.drain(..) {
                    map[b] = out.len() as u32;
                }
                out.push(oc);
            }
        }
        waiting.push(src.len());
        for b in waiting {
            map[b] = out.len() as u32;
        }
        debug_assert_eq!(out, text);
        Cleaned {
            text: out,
            map: Some(map),
        }
    }

    /// The caller's byte ranges, in the cleaned text (clamped; empty ones stay empty).
    fn marks(&self, marks: &[Range<usize>]) -> Vec<Range<usize>> {
        let at = |offset: usize| match &self.map {
            None => offset.min(self.text.len()),
            Some(map) => map[offset.min(map.len() - 1)] as usize,
        };
        marks
            .iter()
            .map(|m| {
                let start = at(m.start);
                start..at(m.end).max(start)
            })
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// A paragraph as cells.

const LRI: char = '\u{2066}';
const PDI: char = '\u{2069}';
const ELLIPSIS: &str = "…";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Drawn; part of a word.
    Text,
    /// A space a line may break at (not a no-break space).
    Break,
    /// A bidi mark (LRM, RLM, ALM): used by the algorithm in app mode, not drawn.
    Hidden,
}

/// One grapheme (or a lam-alef pair when shaping): the unit that is measured, wrapped and
/// reordered.
#[derive(Debug, Clone)]
struct Unit {
    /// Bytes of the cleaned text it came from.
    src: Range<usize>,
    /// Where it starts in the paragraph's bidi text (which has the digit-run isolates).
    bidi: usize,
    width: usize,
    kind: Kind,
    /// What to draw instead of the source (shaped form, or a stand-in for a too-wide cell).
    shown: Option<String>,
    mark: Option<usize>,
}

struct Para {
    units: Vec<Unit>,
    /// The paragraph with digit runs isolated, in app mode (empty otherwise).
    bidi_text: String,
    dir: Direction,
    /// Whether reordering can change anything (app mode, and RTL letters or an RTL paragraph).
    reorder: bool,
}

impl Para {
    fn new(
        clean: &str,
        range: Range<usize>,
        dir: Direction,
        app: bool,
        shaping: bool,
        marks: &[Range<usize>],
    ) -> Para {
        let text = &clean[range.clone()];
        let graphemes: Vec<(usize, &str)> = text.grapheme_indices(true).collect();
        let reorder = app && (dir == Direction::Rtl || text.chars().any(is_rtl_char));
        let isolated = if reorder {
            digit_runs(&graphemes)
        } else {
            Vec::new()
        };

        let mut bidi_text = String::new();
        let mut units = Vec::with_capacity(graphemes.len());
        let mut runs = isolated.iter().peekable();
        for (gi, &(offset, g)) in graphemes.iter().enumerate() {
            if reorder && runs.peek().is_some_and(|r| r.start == gi) {
                bidi_text.push(LRI);
            }
            units.push(Unit {
                src: range.start + offset..range.start + offset + g.len(),
                bidi: bidi_text.len(),
                width: grapheme_width(g),
                kind: kind_of(g, app),
                shown: None,
                mark: None,
            });
            if reorder {
                bidi_text.push_str(g);
                if runs.peek().is_some_and(|r| r.end == gi + 1) {
                    bidi_text.push(PDI);
                    runs.next();
                }
            }
        }

        let mut para = Para {
            units,
            bidi_text,
            dir,
            reorder,
        };
        if shaping {
            para.shape(clean);
        }
        para.mark(marks);
        para
    }

    fn shape(&mut self, clean: &str) {
        let graphemes: Vec<&str> = self.units.iter().map(|u| &clean[u.src.clone()]).collect();
        let Some(shaped) = shape_graphemes(&graphemes) else {
            return;
        };
        let mut units: Vec<Unit> = Vec::with_capacity(self.units.len());
        for ((mut unit, shaped), source) in self.units.drain(..).zip(shaped).zip(graphemes) {
            match shaped {
                Shaped::Text(text) => {
                    if text != source {
                        unit.width = str_width(&text);
                        unit.shown = Some(text);
                    }
                    units.push(unit);
                }
                Shaped::JoinedToPrevious => match units.last_mut() {
                    // The lam-alef ligature: one cell for both letters' bytes.
                    Some(lam) => lam.src.end = unit.src.end,
                    None => units.push(unit),
                },
            }
        }
        self.units = units;
    }

    /// Tag each unit with the first mark (by index) that overlaps it.
    fn mark(&mut self, marks: &[Range<usize>]) {
        for (index, m) in marks.iter().enumerate() {
            if m.is_empty() {
                continue;
            }
            let first = self.units.partition_point(|u| u.src.end <= m.start);
            for unit in &mut self.units[first..] {
                if unit.src.start >= m.end {
                    break;
                }
                unit.mark.get_or_insert(index);
            }
        }
    }

    fn width(&self) -> usize {
        self.units.iter().map(|u| u.width).sum()
    }

    /// A cell wider than the whole line (a wide character in a 1-cell pane) cannot be drawn:
    /// show a one-cell stand-in so that no line ever exceeds its width.
    fn fit_cells(&mut self, width: usize) {
        for unit in &mut self.units {
            if unit.width > width {
                unit.shown = Some(ELLIPSIS.to_string());
                unit.width = 1;
            }
        }
    }

    fn bidi_info(&self) -> Option<ParagraphBidiInfo<'_>> {
        if !self.reorder {
            return None;
        }
        let level = match self.dir {
            Direction::Ltr => Level::ltr(),
            Direction::Rtl => Level::rtl(),
        };
        Some(ParagraphBidiInfo::new(&self.bidi_text, Some(level)))
    }

    /// The units of one wrapped line (a logical range) in drawing order, each with whether it
    /// sits in a right-to-left run (and so has its brackets mirrored).
    fn visual_order(
        &self,
        info: Option<&ParagraphBidiInfo<'_>>,
        line: Range<usize>,
    ) -> Vec<(usize, bool)> {
        let Some(info) = info.filter(|_| !line.is_empty()) else {
            return line.map(|k| (k, false)).collect();
        };
        let units = &self.units[line.clone()];
        let last = &units[units.len() - 1];
        // A unit's bytes are copied verbatim into the bidi text (a lam-alef pair is never split
        // by an isolate), so its bidi length is its source length.
        let bytes = units[0].bidi..last.bidi + last.src.len();
        let (levels, runs) = info.visual_runs(bytes);
        let mut order = Vec::with_capacity(units.len());
        for run in runs {
            let rtl = levels[run.start].is_rtl();
            // The units starting in this run (isolates start none and are dropped here).
            let a = units.partition_point(|u| u.bidi < run.start);
            let b = units.partition_point(|u| u.bidi < run.end);
            let picked = (a..b).map(|k| (line.start + k, rtl));
            if rtl {
                order.extend(picked.rev());
            } else {
                order.extend(picked);
            }
        }
        order
    }

    /// Segments for units in drawing order, and the cells they take.
    fn emit(&self, clean: &str, order: &[(usize, bool)]) -> (Vec<Segment>, usize) {
        let mut segments: Vec<Segment> = Vec::new();
        let mut width = 0;
        for &(k, rtl) in order {
            let unit = &self.units[k];
            if unit.kind == Kind::Hidden {
                continue;
            }
            let shown = unit.shown.as_deref().unwrap_or(&clean[unit.src.clone()]);
            let segment = match segments.last_mut() {
                Some(s) if s.mark == unit.mark => s,
                _ => {
                    segments.push(Segment {
                        text: String::new(),
                        mark: unit.mark,
                    });
                    segments.last_mut().expect("just pushed")
                }
            };
            match mirrored(shown).filter(|_| rtl) {
                Some(m) => segment.text.push(m),
                None => segment.text.push_str(shown),
            }
            width += unit.width;
        }
        (segments, width)
    }

    /// A visual line of this paragraph: RTL lines right-aligned by padding in app mode.
    fn finish(&self, mut segments: Vec<Segment>, width: usize, opts: &LayoutOptions) -> VisualLine {
        let rtl = self.dir == Direction::Rtl;
        let mut width = width;
        if rtl && opts.mode == BidiMode::App && width < opts.width {
            segments.insert(
                0,
                Segment {
                    text: " ".repeat(opts.width - width),
                    mark: None,
                },
            );
            width = opts.width;
        }
        VisualLine {
            segments,
            width,
            rtl,
        }
    }
}

/// Greedy wrap in logical order: lines as ranges of units, without the spaces they were
/// broken at. A word wider than the line is broken between graphemes.
fn wrap(units: &[Unit], width: usize) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut line: Option<Range<usize>> = None;
    let mut line_width = 0;
    let mut gap = 0; // width of the spaces since the line's last word
    let mut i = 0;
    while i < units.len() {
        let start = i;
        let mut w = 0;
        if units[i].kind == Kind::Break {
            while i < units.len() && units[i].kind == Kind::Break {
                w += units[i].width;
                i += 1;
            }
            gap = w;
            continue;
        }
        while i < units.len() && units[i].kind != Kind::Break {
            w += units[i].width;
            i += 1;
        }
        if let Some(current) = &mut line {
            if line_width + gap + w <= width {
                current.end = i;
                line_width += gap + w;
                continue;
            }
            lines.push(current.clone());
            line = None;
        }
        if w <= width {
            line = Some(start..i);
            line_width = w;
            continue;
        }
        for (k, unit) in units.iter().enumerate().take(i).skip(start) {
            let uw = unit.width;
            match &mut line {
                Some(current) if line_width + uw <= width => {
                    current.end = k + 1;
                    line_width += uw;
                }
                _ => {
                    if let Some(done) = line.take() {
                        lines.push(done);
                    }
                    line = Some(k..k + 1);
                    line_width = uw;
                }
            }
        }
    }
    lines.extend(line);
    lines
}

fn kind_of(g: &str, app: bool) -> Kind {
    let mut chars = g.chars();
    let first = chars.next().unwrap_or(' ');
    let alone = chars.next().is_none();
    if first.is_whitespace() && !is_no_break(first) {
        Kind::Break
    } else if app && alone && matches!(first, '\u{200E}' | '\u{200F}' | '\u{061C}') {
        Kind::Hidden
    } else {
        Kind::Text
    }
}

fn is_no_break(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2060}' | '\u{FEFF}'
    )
}

fn is_rtl_char(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::R | BidiClass::AL | BidiClass::AN)
}

/// The direction most of the text's letters have; right-to-left on a tie; None without
/// letters. Not rule P2 (the first strong letter): an Arabic sentence that opens with "NATO",
/// "CNN:" or a stray escape sequence's "[2J" is still an Arabic sentence for this desk.
/// Whether `text` is laid out right to left on its own line (as [`fit_line`] does: by the
/// majority of its letters, right to left with none).
pub fn is_rtl(text: &str) -> bool {
    dominant_direction(text).unwrap_or(Direction::Rtl) == Direction::Rtl
}

fn dominant_direction(text: &str) -> Option<Direction> {
    let (mut ltr, mut rtl) = (0usize, 0usize);
    for c in text.chars() {
        match bidi_class(c) {
            BidiClass::L => ltr += 1,
            BidiClass::R | BidiClass::AL => rtl += 1,
            _ => {}
        }
    }
    match (ltr, rtl) {
        (0, 0) => None,
        (l, r) if r >= l => Some(Direction::Rtl),
        _ => Some(Direction::Ltr),
    }
}

/// Runs of European digits joined by date, time and number separators ("22-08-2020", "7:15",
/// "1,500") that follow an Arabic word, as grapheme index ranges. Isolated, they keep their
/// left-to-right reading; otherwise the algorithm turns them into Arabic numbers (rule W2:
/// the last strong letter before them is Arabic) and the separators into right-to-left
/// punctuation, and the date comes out backwards. Numbers after a Latin letter ("F16",
/// "COVID-19") or glued to one ("4K") are left alone: they read right already, and an isolate
/// (a neutral to the text around it) would split them from their letters.
fn digit_runs(graphemes: &[(usize, &str)]) -> Vec<Range<usize>> {
    let is_digit = |g: &str| {
        g.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || ('\u{06F0}'..='\u{06F9}').contains(&c))
    };
    let is_separator = |g: &str| matches!(g, "-" | "/" | ":" | "." | "," | "٫" | "٬");
    let starts_latin = |g: &str| {
        g.chars()
            .next()
            .is_some_and(|c| bidi_class(c) == BidiClass::L)
    };
    let n = graphemes.len();
    let mut runs = Vec::new();
    let mut last_strong_arabic = false;
    let mut i = 0;
    while i < n {
        if !is_digit(graphemes[i].1) {
            for c in graphemes[i].1.chars() {
                match bidi_class(c) {
                    BidiClass::AL => last_strong_arabic = true,
                    BidiClass::L | BidiClass::R => last_strong_arabic = false,
                    _ => {}
                }
            }
            i += 1;
            continue;
        }
        let start = i;
        loop {
            while i < n && is_digit(graphemes[i].1) {
                i += 1;
            }
            if i + 1 < n && is_separator(graphemes[i].1) && is_digit(graphemes[i + 1].1) {
                i += 1;
                continue;
            }
            break;
        }
        if last_strong_arabic && !(i < n && starts_latin(graphemes[i].1)) {
            runs.push(start..i);
        }
    }
    runs
}

/// The mirror image of a bracket, for right-to-left runs (rule L4 for the pairs news uses).
fn mirrored(g: &str) -> Option<char> {
    let mut chars = g.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    Some(match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        _ => return None,
    })
}

#[cfg(test)]
// Marks are a slice of byte ranges; a one-mark slice is meant, not a range of numbers.
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn app(width: usize) -> LayoutOptions {
        LayoutOptions {
            width,
            mode: BidiMode::App,
            shaping: false,
        }
    }

    fn rows(text: &str, width: usize) -> Vec<String> {
        layout_paragraph(text, &[], &app(width))
            .iter()
            .map(VisualLine::text)
            .collect()
    }

    fn segments(line: &VisualLine) -> Vec<(&str, Option<usize>)> {
        line.segments
            .iter()
            .map(|s| (s.text.as_str(), s.mark))
            .collect()
    }

    #[test]
    fn arabic_with_latin_name_and_date_in_visual_order() {
        let logical = "قال جو بايدن Joe Biden يوم 22-08-2020";
        // What a reader must see on screen, left to right: the sentence starts at the right
        // edge; the name and the date read left to right; the date is not 2020-08-22.
        let visual = "22-08-2020 موي Joe Biden ندياب وج لاق";
        let line = fit_line(logical, 80, &app(80));
        assert_eq!(line.text(), visual);
        assert!(line.rtl);
        assert_eq!(line.width, 37);
        // In a 40-cell pane the line is right-aligned by 3 cells of padding.
        assert_eq!(rows(logical, 40), vec![format!("   {visual}")]);
    }

    #[test]
    fn numbers_glued_to_latin_keep_their_place() {
        assert_eq!(
            fit_line("طائرات F16 وصلت", 80, &app(80)).text(),
            "تلصو F16 تارئاط"
        );
        assert_eq!(
            fit_line("جائحة COVID-19 في 2020", 80, &app(80)).text(),
            "2020 يف COVID-19 ةحئاج"
        );
        // A paragraph opening with a Latin acronym is still Arabic.
        let line = fit_line("NATO تبحث مع العراق التعاون الأمني", 80, &app(80));
        assert!(line.rtl);
        assert_eq!(line.text(), "ينمألا نواعتلا قارعلا عم ثحبت NATO");
    }

    #[test]
    fn date_and_time_row_without_letters_reads_right_to_left() {
        // No strong letter: the row takes the (Arabic) text's direction, each number keeps
        // its own left-to-right reading.
        assert_eq!(rows("22-08-2020 - 7:15", 20), vec!["   7:15 - 22-08-2020"]);
        assert_eq!(
            fit_line("الخميس 17 حزيران 2021 - 7:15 ص", 80, &app(80)).text(),
            "ص 7:15 - 2021 ناريزح 17 سيمخلا"
        );
    }

    #[test]
    fn wrapping_keeps_first_words_on_first_row_right_aligned() {
        let lines = layout_paragraph("واحد اثنان ثلاثة اربعة خمسة", &[], &app(12));
        let text: Vec<String> = lines.iter().map(VisualLine::text).collect();
        assert_eq!(text, vec!["  نانثا دحاو", " ةعبرا ةثالث", "        ةسمخ"]);
        assert!(lines.iter().all(|l| l.rtl && l.width == 12));
        // The padding is a segment of its own, before the text.
        assert_eq!(segments(&lines[0])[0], ("  ", None));
        // A wrapped row with no letter keeps the paragraph's direction: right-aligned.
        let lines = layout_paragraph("قال 22-08-2020", &[], &app(12));
        let text: Vec<String> = lines.iter().map(VisualLine::text).collect();
        assert_eq!(text, vec!["         لاق", "  22-08-2020"]);
        assert!(lines[1].rtl);
    }

    /// How the console draws a VisualLine: one Span per segment, styled by its mark, lines in
    /// a Paragraph without wrap. The rows must come out exactly as laid out (lam-alef and all).
    #[test]
    fn renders_in_ratatui_as_laid_out() {
        use ratatui::Terminal;
        use ratatui::backend::TestBackend;
        use ratatui::style::{Modifier, Style};
        use ratatui::text::{Line, Span};
        use ratatui::widgets::Paragraph;

        let text = "قال الرئيس إن الاحتلال انتهى يوم 22-08-2020 (رسمياً)";
        let start = text.find("الاحتلال").unwrap();
        let marks = [start..start + "الاحتلال".len()];
        let width = 20;
        let lines = layout_paragraph(text, &marks, &app(width));
        let to_line = |l: &VisualLine| {
            Line::from(
                l.segments
                    .iter()
                    .map(|s| match s.mark {
                        Some(_) => Span::styled(
                            s.text.clone(),
                            Style::new().add_modifier(Modifier::REVERSED),
                        ),
                        None => Span::raw(s.text.clone()),
                    })
                    .collect::<Vec<_>>(),
            )
        };
        let backend = TestBackend::new(width as u16, lines.len() as u16);
        let mut terminal = Terminal::new(backend).unwrap();
        terminal
            .draw(|f| {
                let widget = Paragraph::new(lines.iter().map(to_line).collect::<Vec<_>>());
                f.render_widget(widget, f.area());
            })
            .unwrap();
        let buffer = terminal.backend().buffer();
        let mut marked = String::new();
        for (y, line) in lines.iter().enumerate() {
            let row: String = (0..width as u16)
                .map(|x| buffer[(x, y as u16)].symbol())
                .collect();
            assert_eq!(row, line.text(), "row {y}");
            for x in 0..width as u16 {
                let cell = &buffer[(x, y as u16)];
                if cell.modifier.contains(Modifier::REVERSED) {
                    marked.push_str(cell.symbol());
                }
            }
        }
        assert_eq!(marked, "لالتحالا");
        let rows: Vec<String> = lines.iter().map(VisualLine::text).collect();
        assert_eq!(
            rows,
            vec![
                "       نإ سيئرلا لاق",
                "  موي ىهتنا لالتحالا",
                "  (اًيمسر) 22-08-2020",
            ]
        );
    }

    #[test]
    fn tagger_spans_are_valid_marks() {
        let tagger = crate::tag::Tagger::builtin();
        let text = "انفجار في محافظة البصرة اليوم";
        let marks: Vec<Range<usize>> = tagger
            .spans(text)
            .into_iter()
            .filter(|(_, kind)| *kind == crate::tag::SpanKind::Place)
            .map(|(r, _)| r)
            .collect();
        assert_eq!(marks.len(), 1);
        let lines = layout_paragraph(text, &marks, &app(40));
        let marked: Vec<&str> = lines[0]
            .segments
            .iter()
            .filter(|s| s.mark.is_some())
            .map(|s| s.text.as_str())
            .collect();
        assert!(marked.concat().contains("ةرصبلا"), "{marked:?}");
    }

    #[test]
    fn english_paragraph_is_left_aligned_and_unpadded() {
        let lines = layout_paragraph("Iraqi forces said on Monday", &[], &app(12));
        let text: Vec<String> = lines.iter().map(VisualLine::text).collect();
        assert_eq!(text, vec!["Iraqi forces", "said on", "Monday"]);
        assert!(lines.iter().all(|l| !l.rtl));
        assert_eq!(lines[1].width, 7);
    }

    #[test]
    fn brackets_are_mirrored_in_rtl_runs() {
        assert_eq!(
            fit_line("قال (العراق) اليوم", 80, &app(80)).text(),
            "مويلا (قارعلا) لاق"
        );
        assert_eq!(
            fit_line("قال «داعش» [أمس]", 80, &app(80)).text(),
            "[سمأ] «شعاد» لاق"
        );
        // Not in a left-to-right run inside Arabic.
        assert_eq!(
            fit_line("قال (ISIS) أمس", 80, &app(80)).text(),
            "سمأ (ISIS) لاق"
        );
    }

    #[test]
    fn lam_alef_width_is_two_cells() {
        let line = fit_line("قال", 10, &app(10));
        assert_eq!(line.text(), "لاق");
        assert_eq!(line.width, 3);
        assert_eq!(str_width(&line.text()), 3);
        // Right-aligned in 5 cells: 2 cells of padding, not 3.
        assert_eq!(rows("قال", 5), vec!["  لاق"]);
    }

    #[test]
    fn mark_split_across_a_mixed_line() {
        let logical = "قال جو بايدن Joe Biden اليوم";
        let start = logical.find("بايدن").unwrap();
        let end = logical.find("Joe").unwrap() + "Joe".len();
        let lines = layout_paragraph(logical, &[start..end], &app(40));
        assert_eq!(lines.len(), 1);
        // The term "بايدن Joe" lands in two non-adjacent places: "Joe" inside the LTR name, and
        // "بايدن" with the space that followed it, which sits after "Biden" on screen.
        assert_eq!(
            segments(&lines[0]),
            vec![
                ("            ", None),
                ("مويلا ", None),
                ("Joe", Some(0)),
                (" Biden", None),
                (" ندياب", Some(0)),
                (" وج لاق", None),
            ]
        );
    }

    #[test]
    fn marks_follow_sanitized_text() {
        // An escape sequence before the term: its control byte becomes a 3-byte picture, and
        // the mark must still land on the term. (The line is Arabic despite the "J" before
        // any Arabic letter; the mirrored "[" reads right to left.)
        let text = "\x1b[2J قال الرئيس";
        let start = text.find("الرئيس").unwrap();
        let line = fit_line_marked(text, &[start..text.len()], 80, &app(80));
        assert_eq!(
            segments(&line),
            vec![("سيئرلا", Some(0)), (" لاق 2J]␛", None)]
        );
        assert!(!line.text().contains('\x1b'));
    }

    #[test]
    fn no_break_space_is_not_broken() {
        assert_eq!(rows("كلام قال الرئيس", 10), vec!["  لاق مالك", "    سيئرلا"]);
        assert_eq!(
            rows("كلام قال\u{a0}الرئيس", 10),
            vec!["      مالك", "سيئرلا\u{a0}لاق"]
        );
    }

    #[test]
    fn long_word_is_broken_between_graphemes() {
        assert_eq!(rows("abcdefgh ij", 3), vec!["abc", "def", "gh", "ij"]);
        assert_eq!(rows("ابتثجح", 4), vec!["ثتبا", "  حج"]);
    }

    #[test]
    fn line_breaks_start_paragraphs_and_blank_lines_stay() {
        // The blank line takes the direction of the (mostly Arabic) text around it.
        let lines = layout_paragraph("قال الرئيس\n\nHello", &[], &app(12));
        let text: Vec<String> = lines.iter().map(VisualLine::text).collect();
        assert_eq!(text, vec!["  سيئرلا لاق", "            ", "Hello"]);
        assert_eq!(
            lines.iter().map(|l| l.rtl).collect::<Vec<_>>(),
            vec![true, true, false]
        );
    }

    #[test]
    fn terminal_mode_keeps_logical_order_unpadded() {
        let opts = LayoutOptions {
            width: 12,
            mode: BidiMode::Terminal,
            shaping: false,
        };
        let lines = layout_paragraph("واحد اثنان ثلاثة (اربعة)", &[], &opts);
        let text: Vec<String> = lines.iter().map(VisualLine::text).collect();
        assert_eq!(text, vec!["واحد اثنان", "ثلاثة", "(اربعة)"]);
        assert!(lines.iter().all(|l| l.rtl));
        assert_eq!(lines[0].width, 10);
    }

    #[test]
    fn fit_line_cuts_at_logical_end() {
        let opts = app(80);
        // RTL: the ellipsis is at the left, where the cut text would have gone on.
        let line = fit_line("قال جو بايدن اليوم", 10, &opts);
        assert_eq!(line.text(), "…اب وج لاق");
        assert_eq!(line.width, 10);
        let line = fit_line("Iraqi forces said", 10, &opts);
        assert_eq!(line.text(), "Iraqi for…");
        assert_eq!(fit_line("قال", 1, &opts).text(), "…");
        assert_eq!(fit_line("قال", 0, &opts).width, 0);
        // Not padded even when short.
        assert_eq!(fit_line("قال", 50, &opts).width, 3);
    }

    #[test]
    fn hostile_text_shows_no_control_bytes() {
        let text = "عنوان\x1b]0;pwned\x07 \x1b[2J\u{9b}31m \u{202e}abc";
        for line in layout_paragraph(text, &[0..text.len()], &app(12))
            .iter()
            .chain([&fit_line(text, 20, &app(20))])
        {
            for c in line.text().chars() {
                let cp = c as u32;
                assert!(cp >= 0x20 && !(0x7f..=0x9f).contains(&cp), "{c:?}");
                assert!(!matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'));
            }
        }
    }

    #[test]
    fn shaping_joins_letters_and_keeps_marks() {
        let opts = LayoutOptions {
            width: 20,
            mode: BidiMode::App,
            shaping: true,
        };
        let text = "الرئيس قال سلام";
        let start = text.find("سلام").unwrap();
        let lines = layout_paragraph(text, &[start..text.len()], &opts);
        // Each letter in its contextual form, words reversed whole; the lam-alef of سلام is one
        // ligature cell (and carries the mark); the "لا" of reversed قال is not a ligature.
        assert_eq!(
            segments(&lines[0]),
            vec![
                ("      ", None),
                ("\u{FEE1}\u{FEFC}\u{FEB3}", Some(0)),
                (
                    " \u{FEDD}\u{FE8E}\u{FED7} \u{FEB2}\u{FEF4}\u{FE8B}\u{FEAE}\u{FEDF}\u{FE8D}",
                    None
                ),
            ]
        );
        assert_eq!(lines[0].width, 20);
        // Harakat are dropped when shaping; "الله" is not turned into a ligature.
        let line = fit_line("بَ الله", 20, &opts);
        assert_eq!(line.text(), "\u{FEEA}\u{FEE0}\u{FEDF}\u{FE8D} \u{FE8F}");
        assert_eq!(line.width, 6);
    }

    /// Graphemes of the generated texts: letters (some with a haraka), Latin, digits, date
    /// separators, spaces, no-break spaces.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "ا", "ل", "ق", "م", "ع", "ر", "أ", "إ", "ة", "ى", "بَ", "لِ", "a", "b", "Z", "x", "0",
            "1", "9", "-", ":", "/", ".", ",", "،", " ", " ", " ", " ", "\u{a0}", "؟", "!", "%",
        ])
    }

    fn non_space_graphemes(s: &str) -> Vec<String> {
        let mut v: Vec<String> = s
            .graphemes(true)
            .filter(|g| !g.chars().all(char::is_whitespace))
            .map(str::to_string)
            .collect();
        v.sort();
        v
    }

    /// Graphemes of hostile texts: control characters, bidi controls, brackets, CJK.
    fn hostile_piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "ا", "ل", "ق", "a", "1", "-", " ", "\u{a0}", "\x1b", "[", "]", "(", "\u{9b}", "\r",
            "\n", "\t", "\u{202e}", "\u{2066}", "\u{200f}", "\u{200d}", "日", "َ", "\x07",
        ])
    }

    proptest! {
        #[test]
        fn hostile_text_and_odd_marks_never_panic(
            pieces in prop::collection::vec(hostile_piece(), 0..60),
            marks in prop::collection::vec((0usize..200, 0usize..200), 0..4),
            width in 1usize..20,
            terminal in any::<bool>(),
            shaping in any::<bool>(),
        ) {
            let text: String = pieces.concat();
            let marks: Vec<Range<usize>> = marks.into_iter().map(|(a, b)| a..b).collect();
            let opts = LayoutOptions {
                width,
                mode: if terminal { BidiMode::Terminal } else { BidiMode::App },
                shaping,
            };
            let lines = layout_paragraph(&text, &marks, &opts);
            let line = fit_line_marked(&text, &marks, width, &opts);
            for l in lines.iter().chain([&line]) {
                let sum: usize = l.segments.iter().map(|s| str_width(&s.text)).sum();
                prop_assert_eq!(l.width, sum);
                prop_assert!(l.width <= width);
                for s in &l.segments {
                    prop_assert!(s.mark.is_none_or(|m| m < marks.len()));
                    prop_assert!(!s.text.chars().any(|c| c.is_control()));
                    let bidi_control = s.text.contains(['\u{202e}', '\u{2066}']);
                    prop_assert!(!bidi_control);
                }
            }
        }

        #[test]
        fn layout_keeps_every_grapheme_and_fits(
            pieces in prop::collection::vec(piece(), 0..80),
            width in 1usize..30,
            terminal in any::<bool>(),
        ) {
            let text: String = pieces.concat();
            let opts = LayoutOptions {
                width,
                mode: if terminal { BidiMode::Terminal } else { BidiMode::App },
                shaping: false,
            };
            let lines = layout_paragraph(&text, &[0..text.len() / 2], &opts);
            let mut shown = String::new();
            for line in &lines {
                let sum: usize = line.segments.iter().map(|s| str_width(&s.text)).sum();
                prop_assert_eq!(line.width, sum);
                prop_assert!(line.width <= width);
                shown.push_str(&line.text());
                shown.push(' ');
            }
            prop_assert_eq!(non_space_graphemes(&shown), non_space_graphemes(&text));

            let line = fit_line(&text, width, &opts);
            let sum: usize = line.segments.iter().map(|s| str_width(&s.text)).sum();
            prop_assert_eq!(line.width, sum);
            prop_assert!(line.width <= width);
        }

        #[test]
        fn shaping_never_panics_and_fits(
            pieces in prop::collection::vec(piece(), 0..60),
            width in 1usize..30,
        ) {
            let text: String = pieces.concat();
            let opts = LayoutOptions { width, mode: BidiMode::App, shaping: true };
            for line in layout_paragraph(&text, &[1..text.len()], &opts) {
                let sum: usize = line.segments.iter().map(|s| str_width(&s.text)).sum();
                prop_assert_eq!(line.width, sum);
                prop_assert!(line.width <= width);
            }
            let line = fit_line(&text, width, &opts);
            prop_assert!(line.width <= width);
        }
    }
}
