//! A page's plain text packed for its page file: raw deflate (RFC 1951), then base64,
//! which the browser unpacks with `atob` and its own `DecompressionStream("deflate-raw")`
//! (no decoder in `search.js`; the bytes come from a script file, so from `file://` too).

use flate2::Compression;
use flate2::write::{DeflateDecoder, DeflateEncoder};
use std::io::Write;

/// The base64 alphabet (standard, as `atob` reads it).
const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Deflate's level: it runs over every page's text. On the 10,000-case-study corpus
/// level 1 keeps 55% of the bytes, 2 keeps 41% in twice the time, 6 keeps 40% in three
/// times it.
const LEVEL: u32 = 2;

/// `text` deflated and in base64.
pub fn pack(text: &str) -> String {
    let mut enc = DeflateEncoder::new(Vec::with_capacity(text.len() / 2), Compression::new(LEVEL));
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(text.as_bytes());
    let bytes = enc.finish().unwrap_or_default();
    base64(&bytes)
}

/// `bytes` in base64, padded.
fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The text that [`pack`] packed, or `None` when `packed` is not such text.
pub fn unpack(packed: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(packed.len() * 3 / 4);
    let (mut n, mut bits) = (0u32, 0);
    for b in packed.bytes().filter(|&b| b != b'=') {
        n = (n << 6) | B64.iter().position(|&a| a == b)? as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((n >> bits) as u8);
        }
    }
    let mut dec = DeflateDecoder::new(Vec::new());
    dec.write_all(&bytes).ok()?;
    String::from_utf8(dec.finish().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_text_unpacks_to_itself() {
        for text in [
            "",
            "a",
            "Café culture in Ryde. ",
            &"Staff met residents. ".repeat(200),
        ] {
            let packed = pack(text);
            assert!(packed.bytes().all(|b| B64.contains(&b) || b == b'='));
            assert_eq!(packed.len() % 4, 0);
            assert_eq!(unpack(&packed).as_deref(), Some(text));
        }
        assert!(pack(&"Staff met residents. ".repeat(200)).len() < 200);
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"M"), "TQ==");
        assert_eq!(unpack("not base64!"), None);
    }
}
