//! One file in, one [`Article`] out: read (capped) -> parse -> tag -> identity.
//!
//! Never fails: whatever goes wrong becomes the article's `error`, so the file is still listed.

use std::path::Path;

use crate::article::{Article, ArticleId};
use crate::parse::{self, Format, read};
use crate::tag::Tagger;

pub struct Pipeline {
    pub tagger: Tagger,
    pub max_bytes: u64,
}

impl Pipeline {
    pub fn new(tagger: Tagger) -> Pipeline {
        Pipeline {
            tagger,
            max_bytes: read::DEFAULT_MAX_BYTES,
        }
    }

    /// Read and process the file at `path`; `shown` is the path as the user should see it
    /// (relative to the scanned directory or as given).
    pub fn process_file(&self, path: &Path, shown: &str) -> Article {
        self.process_file_capped(path, shown, self.max_bytes)
    }

    /// [`Pipeline::process_file`] with the read cap chosen by the caller: live ingest takes its
    /// cap from its own options, and shares one pipeline with the rest of the console.
    pub fn process_file_capped(&self, path: &Path, shown: &str, max_bytes: u64) -> Article {
        let format = Format::of(path).unwrap_or(Format::Text);
        match read::read_capped(path, max_bytes) {
            Ok(file) => {
                let mut article = self.process_bytes(&file.bytes, format, shown, file.size);
                article.modified = file.modified;
                if file.truncated {
                    article.truncated = true;
                    let note = format!(
                        "file is {} bytes; only the first {} were read",
                        file.size, max_bytes
                    );
                    article.error = Some(match article.error.take() {
                        Some(e) => format!("{e}; {note}"),
                        None => note,
                    });
                }
                article
            }
            Err(e) => Article::unreadable(shown, 0, e.to_string()),
        }
    }

    pub fn process_bytes(&self, bytes: &[u8], format: Format, shown: &str, size: u64) -> Article {
        let parsed = match parse::parse(bytes, format) {
            Ok(p) => p,
            Err(e) => return Article::unreadable(shown, size, e.to_string()),
        };
        let folded = parsed.folded_for_tagging();
        let tags = self.tagger.tag_folded(&folded.bytes);
        Article {
            id: ArticleId::from_folded(&folded),
            path: shown.to_string(),
            title: parsed.title,
            source: parsed.source,
            published: parsed.published,
            dateline: parsed.dateline,
            url: parsed.url,
            body: parsed.body,
            themes: tags.themes,
            provinces: tags.provinces,
            iraq: tags.iraq,
            error: None,
            truncated: false,
            modified: None,
            encoding: Some(parsed.encoding.to_string()),
            size,
        }
    }
}
