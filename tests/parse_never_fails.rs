//! Whatever bytes a file holds, the pipeline returns an article (never a panic), and no text
//! field carries a control character that could drive a terminal.

use proptest::prelude::*;
use watchdesk::parse::Format;
use watchdesk::pipeline::Pipeline;
use watchdesk::tag::Tagger;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::new(Tagger::builtin()))
}

fn no_controls(field: &str) -> bool {
    field
        .chars()
        .all(|c| c == '\n' || !(c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c)))
}

/// Article-like text: Arabic words, Latin, digits, punctuation, furniture words and escape
/// sequences, in random lines.
fn article_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("بغداد".to_string()),
        Just("وبالموصل".to_string()),
        Just("انفجار عبوة ناسفة".to_string()),
        Just("الرئيسية / أخبار".to_string()),
        Just("بغداد – واع".to_string()),
        Just("17 حزيران 2021 - 7:15 ص".to_string()),
        Just("المصدر: https://x.iq/1".to_string()),
        Just("\x1b[2J\x1b]0;t\x07".to_string()),
        Just("\u{9b}31m\u{202e}".to_string()),
        Just("<p>نص</p><script>".to_string()),
        Just("«»()[]:،.".to_string()),
        "[ء-ي ]{0,12}",
        "[a-zA-Z0-9 ]{0,8}",
        "[٠-٩]{1,4}",
        Just("\n".to_string()),
        Just("\n\n".to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|p| p.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_bytes_give_an_article(bytes in prop::collection::vec(any::<u8>(), 0..2000), kind in 0..4usize) {
        let format = [Format::Text, Format::Markdown, Format::Html, Format::Json][kind];
        let a = pipeline().process_bytes(&bytes, format, "f.txt", bytes.len() as u64);
        for field in [Some(a.title.as_str()), a.source.as_deref(), a.dateline.as_deref(), a.url.as_deref(), Some(a.body.as_str())].into_iter().flatten() {
            prop_assert!(no_controls(field), "{field:?}");
        }
    }

    #[test]
    fn article_like_text_parses_safely(text in article_text(), kind in 0..4usize) {
        let format = [Format::Text, Format::Markdown, Format::Html, Format::Json][kind];
        let a = pipeline().process_bytes(text.as_bytes(), format, "f.txt", text.len() as u64);
        prop_assert!(a.error.is_none() || text.trim().is_empty(), "{:?}", a.error);
        for field in [Some(a.title.as_str()), a.source.as_deref(), a.dateline.as_deref(), a.url.as_deref(), Some(a.body.as_str())].into_iter().flatten() {
            prop_assert!(no_controls(field), "{field:?}");
        }
        // The same text under another name is the same article (a file with no text at all
        // has no text to identify it: its id comes from its path).
        let b = pipeline().process_bytes(text.as_bytes(), format, "g.txt", text.len() as u64);
        if a.error.is_none() {
            prop_assert_eq!(a.id, b.id);
        }
    }
}
