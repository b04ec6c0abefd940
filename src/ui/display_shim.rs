//! TEMPORARY stand-in for `crate::text::display` (branch `bidi`), with the same API, so the
//! console can be built and tested before the bidi work lands. It wraps and measures like the
//! real thing but does NOT reorder right-to-left text. Deleted when `bidi` is merged.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BidiMode {
    App,
    Terminal,
}

#[derive(Debug, Clone)]
pub struct LayoutOptions {
    pub width: usize,
    pub mode: BidiMode,
    pub shaping: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub text: String,
    pub mark: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VisualLine {
    pub segments: Vec<Segment>,
    pub width: usize,
    pub rtl: bool,
}

/// Terminal cells: the sum of per-grapheme widths (lam-alef is two cells, not one).
pub fn str_width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

fn is_rtl_char(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

fn paragraph_is_rtl(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(is_rtl_char)
}

/// Wrap `text` to `opts.width` at spaces (greedy), splitting each line by `marks`.
pub fn layout_paragraph(
    text: &str,
    marks: &[Range<usize>],
    opts: &LayoutOptions,
) -> Vec<VisualLine> {
    let rtl = paragraph_is_rtl(text);
    let width = opts.width.max(1);
    let mut lines = Vec::new();
    let mut start = 0;
    let mut line_w = 0;
    let mut last_space: Option<(usize, usize)> = None; // (byte after space, width up to it)
    let mut pos = 0;
    for g in text.graphemes(true) {
        let w = str_width(g);
        if line_w + w > width && pos > start {
            let (end, next) = match last_space {
                Some((after, _)) => (after - 1, after),
                None => (pos, pos),
            };
            lines.push(start..end);
            start = next;
            line_w = str_width(&text[start..pos]);
            last_space = None;
        }
        line_w += w;
        pos += g.len();
        if g == " " {
            last_space = Some((pos, line_w));
        }
    }
    lines.push(start..text.len());
    lines
        .into_iter()
        .map(|range| {
            let mut segments = split_by_marks(text, range, marks);
            let content: usize = segments.iter().map(|s| str_width(&s.text)).sum();
            if rtl && opts.mode == BidiMode::App && content < width {
                segments.insert(
                    0,
                    Segment {
                        text: " ".repeat(width - content),
                        mark: None,
                    },
                );
            }
            let width = segments.iter().map(|s| str_width(&s.text)).sum();
            VisualLine {
                segments,
                width,
                rtl,
            }
        })
        .collect()
}

fn split_by_marks(text: &str, range: Range<usize>, marks: &[Range<usize>]) -> Vec<Segment> {
    let mut cuts = vec![range.start, range.end];
    for m in marks {
        for p in [m.start, m.end] {
            if p > range.start && p < range.end && text.is_char_boundary(p) {
                cuts.push(p);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|w| Segment {
            text: text[w[0]..w[1]].to_string(),
            mark: marks.iter().position(|m| m.start <= w[0] && w[1] <= m.end),
        })
        .filter(|s| !s.text.is_empty())
        .collect()
}

/// One table cell: the text on one line, cut with … when wider than `max_width`.
pub fn fit_line(text: &str, max_width: usize, opts: &LayoutOptions) -> VisualLine {
    let rtl = paragraph_is_rtl(text);
    let mut out = String::new();
    let mut w = 0;
    let total = str_width(text);
    for g in text.graphemes(true) {
        let gw = str_width(g);
        if total > max_width && w + gw + 1 > max_width {
            out.push('…');
            w += 1;
            break;
        }
        out.push_str(g);
        w += gw;
    }
    let _ = opts;
    VisualLine {
        segments: vec![Segment {
            text: out,
            mark: None,
        }],
        width: w,
        rtl,
    }
}
