//! Bytes -> text. UTF-8 (with or without BOM) first, UTF-16 when a BOM says so, Windows-1256
//! for legacy Arabic files; bytes that are not text at all are an error, never a guess.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1256};

/// Decoded text and the name of the encoding it came from. Valid UTF-8 (nearly every file) is
/// borrowed from the bytes read, not copied.
#[derive(Debug, PartialEq)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DecodeError {
    #[error("not a text file (binary content: {0})")]
    Binary(&'static str),
    #[error("empty file")]
    Empty,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(Decoded {
            text,
            encoding: encoding.name(),
        });
    }
    if let Some(kind) = binary_signature(bytes) {
        return Err(DecodeError::Binary(kind));
    }
    // Validated with SIMD: std's `from_utf8` leaves its fast path at every non-ASCII byte, so on
    // Arabic text it was most of the decode time. `compat` reports errors as std does.
    // A file cut at the read cap may end inside a UTF-8 sequence: judge by what is complete.
    let valid_up_to = match simdutf8::compat::from_utf8(bytes) {
        Ok(text) => {
            return Ok(Decoded {
                text: Cow::Borrowed(text),
                encoding: UTF_8.name(),
            });
        }
        Err(e) if e.error_len().is_none() => e.valid_up_to(),
        Err(_) => 0,
    };
    if valid_up_to > 0 {
        return Ok(Decoded {
            text: String::from_utf8_lossy(&bytes[..valid_up_to]),
            encoding: UTF_8.name(),
        });
    }
    // Windows-1256 maps every byte, so it always "succeeds": that is why it comes last and
    // only after the binary check.
    let (text, _, _) = WINDOWS_1256.decode(bytes);
    Ok(Decoded {
        text,
        encoding: WINDOWS_1256.name(),
    })
}

/// Recognise content that is certainly not an article: NUL bytes (no text encoding we accept
/// has them), or well-known binary file signatures.
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF"),
        (b"\x89PNG", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"\x1F\x8B", "gzip archive"),
        (b"\x7FELF", "executable"),
    ];
    for (magic, kind) in SIGNATURES {
        if bytes.starts_with(magic) {
            return Some(kind);
        }
    }
    let head = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, head).is_some() {
        return Some("NUL bytes");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode("خبر".as_bytes()).unwrap();
        assert_eq!(plain.text, "خبر");
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice("خبر".as_bytes());
        let bom = decode(&with_bom).unwrap();
        assert_eq!(bom.text, "خبر");
        assert_eq!(bom.encoding, "UTF-8");
    }

    #[test]
    fn windows_1256_is_the_fallback_for_legacy_arabic() {
        let (bytes, _, _) = WINDOWS_1256.encode("انفجار في بغداد");
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, "انفجار في بغداد");
        assert_eq!(decoded.encoding, "windows-1256");
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "بغداد".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap().text, "بغداد");
    }

    #[test]
    fn utf8_cut_inside_a_character_keeps_the_complete_part() {
        let bytes = "بغداد".as_bytes();
        let cut = &bytes[..bytes.len() - 1];
        assert_eq!(decode(cut).unwrap().text, "بغدا");
    }

    #[test]
    fn binary_and_empty_are_errors() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert!(matches!(
            decode(b"\x89PNG\r\n"),
            Err(DecodeError::Binary(_))
        ));
        assert!(matches!(decode(b"ab\0cd"), Err(DecodeError::Binary(_))));
    }
}
