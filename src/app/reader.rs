//! An article laid out for the article view: header fields, then the body wrapped to the
//! pane's width in visual order, with the matched terms marked. Built once when the article is
//! opened (or the pane's width changes), so scrolling only slices lines.

use std::ops::Range;

use super::state::{Catalog, Triage};
use crate::article::{Article, PROVINCE_IDS, THEME_IDS};
use crate::tag::{SpanKind, Tagger};
use crate::text::{sanitize, sanitize_line};
use crate::ui::display::{self, LayoutOptions};

/// What a piece of the document is, for the palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Text,
    Title,
    Label,
    /// A term of a theme lexicon that matched.
    ThemeHit,
    /// A place name that placed the article in a province.
    PlaceHit,
    Error,
    Muted,
}

/// One screen line: pieces in visual order, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct DocLine {
    pub pieces: Vec<(String, Role)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReaderDoc {
    pub width: usize,
    pub lines: Vec<DocLine>,
}

/// Lay out one paragraph; marks index `roles`, unmarked text gets `base`.
fn push_paragraph(
    lines: &mut Vec<DocLine>,
    text: &str,
    marks: &[Range<usize>],
    roles: &[Role],
    base: Role,
    opts: &LayoutOptions,
) {
    if text.trim().is_empty() {
        lines.push(DocLine { pieces: Vec::new() });
        return;
    }
    for line in display::layout_paragraph(text, marks, opts) {
        let pieces = line
            .segments
            .into_iter()
            .map(|s| {
                let role = s.mark.and_then(|m| roles.get(m).copied()).unwrap_or(base);
                (s.text, role)
            })
            .collect();
        lines.push(DocLine { pieces });
    }
}

/// A header line "Label: value", the label marked.
fn field(lines: &mut Vec<DocLine>, label: &str, value: &str, opts: &LayoutOptions) {
    let text = format!("{label}: {}", sanitize_line(value));
    let label_range = 0..label.len() + 1;
    push_paragraph(
        lines,
        &text,
        &[label_range],
        &[Role::Label],
        Role::Text,
        opts,
    );
}

/// "Label: name (term، term); name (term)" with the names marked as hits of `role`.
fn tags_line<'a>(
    lines: &mut Vec<DocLine>,
    label: &str,
    items: impl Iterator<Item = (&'a str, &'a [String])>,
    role: Role,
    opts: &LayoutOptions,
) {
    let mut text = format!("{label}: ");
    let label_range = 0..label.len() + 1;
    let mut marks = vec![label_range];
    let mut roles = vec![Role::Label];
    for (i, (name, hits)) in items.enumerate() {
        if i > 0 {
            text.push_str("; ");
        }
        let start = text.len();
        text.push_str(&sanitize_line(name));
        marks.push(start..text.len());
        roles.push(role);
        if !hits.is_empty() {
            let hits: Vec<String> = hits.iter().map(|h| sanitize_line(h)).collect();
            text.push_str(&format!(" ({})", hits.join("، ")));
        }
    }
    push_paragraph(lines, &text, &marks, &roles, Role::Text, opts);
}

impl ReaderDoc {
    pub fn build(
        article: &Article,
        triage: &Triage,
        catalog: &Catalog,
        tagger: &Tagger,
        opts: &LayoutOptions,
    ) -> ReaderDoc {
        let mut lines = Vec::new();
        let title = sanitize_line(&article.title);
        let title = if title.is_empty() {
            sanitize_line(&article.path)
        } else {
            title
        };
        push_paragraph(&mut lines, &title, &[], &[], Role::Title, opts);
        lines.push(DocLine { pieces: Vec::new() });
        if let Some(source) = &article.source {
            field(&mut lines, "Source", source, opts);
        }
        if let Some(date) = &article.published {
            field(&mut lines, "Date", date, opts);
        }
        if let Some(dateline) = &article.dateline {
            field(&mut lines, "Dateline", dateline, opts);
        }
        if let Some(url) = &article.url {
            field(&mut lines, "URL", url, opts);
        }
        field(&mut lines, "File", &article.path, opts);
        if !article.themes.is_empty() {
            let names = article.themes.iter().map(|t| {
                let name = THEME_IDS
                    .iter()
                    .position(|id| *id == t.id)
                    .map_or(t.id.as_str(), |i| catalog.themes[i].name_en.as_str());
                (name, t.hits.as_slice())
            });
            tags_line(&mut lines, "Themes", names, Role::ThemeHit, opts);
        }
        if !article.provinces.is_empty() {
            let names = article.provinces.iter().map(|p| {
                let name = PROVINCE_IDS
                    .iter()
                    .position(|id| *id == p.id)
                    .map_or(p.id.as_str(), |i| catalog.provinces[i].name_en.as_str());
                (name, p.hits.as_slice())
            });
            tags_line(&mut lines, "Provinces", names, Role::PlaceHit, opts);
        }
        let mut marks = Vec::new();
        if triage.read {
            marks.push("read".to_string());
        }
        if triage.flag > 0 {
            marks.push(format!("flag {}", triage.flag));
        }
        if triage.dismissed {
            marks.push("dismissed".to_string());
        }
        if !marks.is_empty() {
            field(&mut lines, "Triage", &marks.join(", "), opts);
        }
        if let Some(note) = &triage.note {
            field(&mut lines, "Note", note, opts);
        }
        if let Some(error) = &article.error {
            let text = format!("Error: {}", sanitize_line(error));
            push_paragraph(&mut lines, &text, &[], &[], Role::Error, opts);
        }
        lines.push(DocLine {
            pieces: vec![("─".repeat(opts.width.min(40)), Role::Muted)],
        });
        push_body(&mut lines, &sanitize(&article.body, true), tagger, opts);
        ReaderDoc {
            width: opts.width,
            lines,
        }
    }
}

/// The body, its paragraphs wrapped in one pass (a line with no letters takes the direction
/// of the text around it), with the tagger's matched terms marked.
fn push_body(lines: &mut Vec<DocLine>, body: &str, tagger: &Tagger, opts: &LayoutOptions) {
    let (marks, roles): (Vec<Range<usize>>, Vec<Role>) = tagger
        .spans(body)
        .into_iter()
        .map(|(range, kind)| {
            let role = match kind {
                SpanKind::Theme => Role::ThemeHit,
                SpanKind::Place => Role::PlaceHit,
            };
            (range, role)
        })
        .unzip();
    push_paragraph(lines, body, &marks, &roles, Role::Text, opts);
}
