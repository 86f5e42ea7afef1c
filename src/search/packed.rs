//! A page's plain text packed for its page file: raw deflate (RFC 1951), then base64,
//! which the browser unpacks with `atob` and its own `DecompressionStream("deflate-raw")`
//! (no decoder in `search.js`; the bytes come from a script file, so from `file://` too).
//!
//! Every page is deflated against one site-wide preset [`Dictionary`]: the commonest
//! sentences of a sample of the pages. The manifest carries the dictionary as a deflate
//! prefix (the dictionary itself deflated, ended by a sync flush so the next stream starts
//! on a byte), which the browser puts before a page's bytes; inflating both gives the
//! dictionary and then the page's text, and the page's stream may refer back into the
//! dictionary. On the 10,000-case-study corpus an 8 KB dictionary packs the texts to 73%
//! of their size without one, for a 2.2 KB prefix.

use flate2::write::{DeflateDecoder, DeflateEncoder};
use flate2::{Compress, Compression, FlushCompress, Status};
use std::collections::HashMap;
use std::io::Write;

/// The base64 alphabet (standard, as `atob` reads it).
const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Deflate's level: it runs over every page's text. On the 10,000-case-study corpus
/// level 1 keeps 55% of the bytes, 2 keeps 41% in twice the time, 6 keeps 40% in three
/// times it (without a dictionary).
const LEVEL: u32 = 2;

/// The dictionary's largest size in bytes: every first query that shows a result loads
/// its prefix, so it trades the bytes of a query against those of the index on disk.
pub const DICTIONARY_MAX: usize = 8 * 1024;

/// Pages sampled for the dictionary's sentences (about; every n-th page).
const DICTIONARY_SAMPLE: usize = 500;

/// A site-wide preset dictionary for packing page texts (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dictionary {
    bytes: Vec<u8>,
}

impl Dictionary {
    /// The dictionary of the texts `texts` (for tests; a build unpacks only the
    /// sample, see [`Dictionary::of_sample`]).
    #[cfg(test)]
    pub fn of_texts(texts: &[&str]) -> Dictionary {
        let total: usize = texts.iter().map(|t| t.len()).sum();
        let sample: Vec<&str> = sampled(texts.len()).map(|i| texts[i]).collect();
        Dictionary::of_sample(total, &sample)
    }

    /// The dictionary of a site whose searchable pages' texts are `total` bytes long
    /// in all, made from `sample`, the texts [`sampled`] names: the sentences found in
    /// most of them, commonest last (nearest the page, so cheapest to refer to), up to
    /// [`DICTIONARY_MAX`] bytes or a sixteenth of all the text, whichever is less (a
    /// small site gets a small one). Deterministic.
    pub fn of_sample(total: usize, sample: &[&str]) -> Dictionary {
        let budget = budget(total);
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for text in sample {
            let mut seen: Vec<&str> = sentences(text).collect();
            seen.sort_unstable();
            seen.dedup();
            for s in seen {
                *counts.entry(s).or_default() += 1;
            }
        }
        let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut chosen: Vec<&str> = Vec::new();
        let mut size = 0;
        for (s, _) in ranked {
            if size + s.len() + 1 > budget {
                break;
            }
            size += s.len() + 1;
            chosen.push(s);
        }
        chosen.reverse();
        Dictionary {
            bytes: chosen.join(" ").into_bytes(),
        }
    }

    /// A hash of all that [`Dictionary::of_sample`] makes the dictionary of `total`
    /// bytes of text and a sample from, given the sampled texts in any form that is
    /// equal when they are equal (their packed bytes, or hashes of those): equal
    /// hashes, equal dictionaries.
    pub fn source_hash(total: usize, sample: &[&[u8]]) -> u64 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&(budget(total) as u64).to_le_bytes());
        for text in sample {
            h.update(&(text.len() as u64).to_le_bytes());
            h.update(text);
        }
        h.digest()
    }

    /// A hash of the dictionary.
    pub fn hash(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(&self.bytes)
    }

    /// The dictionary's length in bytes (what the browser drops from the front of an
    /// unpacked text).
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the dictionary is empty (texts are then packed without one).
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The prefix the browser puts before a page's bytes, in base64: the dictionary
    /// deflated (level 9, once per site), ended by a sync flush.
    pub fn prefix(&self) -> String {
        let mut enc = DeflateEncoder::new(Vec::new(), Compression::best());
        // Writing into a Vec cannot fail.
        let _ = enc.write_all(&self.bytes);
        let _ = enc.flush();
        base64(enc.get_ref())
    }
}

/// The dictionary's size in bytes for texts `total` bytes long in all.
fn budget(total: usize) -> usize {
    DICTIONARY_MAX.min(total / 16)
}

/// Which of `n` texts a dictionary is made from: every so many, about
/// [`DICTIONARY_SAMPLE`] of them.
pub fn sampled(n: usize) -> impl Iterator<Item = usize> {
    (0..n).step_by(n.div_ceil(DICTIONARY_SAMPLE).max(1))
}

/// The sentences of a text: runs ending in `. `, `? ` or `! ` (their space left out),
/// and the rest.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let b = rest.as_bytes();
        let end = (1..b.len())
            .find(|&i| b[i] == b' ' && matches!(b[i - 1], b'.' | b'?' | b'!'))
            .unwrap_or(b.len());
        let (s, r) = rest.split_at(end);
        rest = r.strip_prefix(' ').unwrap_or(r);
        Some(s)
    })
}

/// `text` deflated against `dictionary` (when it is not empty) and in base64.
pub fn pack(text: &str, dictionary: &Dictionary) -> String {
    Packer::new(dictionary).pack(text)
}

/// Packs texts one after another against one dictionary, as [`pack`] does, reusing
/// the deflater's memory (about 300 KB, allocated and cleared for each text otherwise).
pub struct Packer<'d> {
    dictionary: &'d Dictionary,
    compress: Compress,
    used: bool,
}

impl<'d> Packer<'d> {
    /// A packer for texts deflated against `dictionary`.
    pub fn new(dictionary: &'d Dictionary) -> Packer<'d> {
        Packer {
            dictionary,
            compress: Compress::new(Compression::new(LEVEL), false),
            used: false,
        }
    }

    /// `text` deflated against the dictionary (when it is not empty) and in base64:
    /// the same bytes as [`pack`] gives.
    pub fn pack(&mut self, text: &str) -> String {
        let c = &mut self.compress;
        if std::mem::replace(&mut self.used, true) {
            c.reset();
        }
        if !self.dictionary.is_empty() {
            // Setting a dictionary on a fresh (or reset) raw stream cannot fail.
            let _ = c.set_dictionary(&self.dictionary.bytes);
        }
        let mut out = Vec::with_capacity(text.len() / 2 + 64);
        let mut input = text.as_bytes();
        loop {
            out.reserve(input.len() / 2 + 64);
            let before = c.total_in();
            let status = c.compress_vec(input, &mut out, FlushCompress::Finish);
            input = &input[(c.total_in() - before) as usize..];
            if !matches!(status, Ok(Status::Ok | Status::BufError)) {
                break;
            }
        }
        base64(&out)
    }
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

/// The bytes of base64 text, or `None` when it is not base64.
fn from_base64(text: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(text.len() * 3 / 4);
    let (mut n, mut bits) = (0u32, 0);
    for b in text.bytes().filter(|&b| b != b'=') {
        n = (n << 6) | B64.iter().position(|&a| a == b)? as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((n >> bits) as u8);
        }
    }
    Some(bytes)
}

/// The text that [`pack`] packed, as the browser unpacks it: `prefix` is the
/// dictionary's prefix and length as the manifest gives them (`z` and `zn`; `None`
/// without a dictionary). `None` when `packed` is not such text.
pub fn unpack(packed: &str, prefix: Option<(&str, usize)>) -> Option<String> {
    let (mut bytes, skip) = match prefix {
        Some((p, n)) => (from_base64(p)?, n),
        None => (Vec::new(), 0),
    };
    bytes.extend(from_base64(packed)?);
    let mut dec = DeflateDecoder::new(Vec::new());
    dec.write_all(&bytes).ok()?;
    let mut all = dec.finish().ok()?;
    String::from_utf8(all.split_off(skip.min(all.len()))).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_text_unpacks_to_itself() {
        let none = Dictionary::default();
        for text in [
            "",
            "a",
            "Café culture in Ryde. ",
            &"Staff met residents. ".repeat(200),
        ] {
            let packed = pack(text, &none);
            assert!(packed.bytes().all(|b| B64.contains(&b) || b == b'='));
            assert_eq!(packed.len() % 4, 0);
            assert_eq!(unpack(&packed, None).as_deref(), Some(text));
        }
        assert!(pack(&"Staff met residents. ".repeat(200), &none).len() < 200);
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"M"), "TQ==");
        assert_eq!(unpack("not base64!", None), None);
    }

    #[test]
    fn a_packer_reused_from_text_to_text_gives_the_bytes_of_a_fresh_one() {
        let texts: Vec<String> = (0..30)
            .map(|i| format!("Residents of ward {i} met staff. ").repeat(i * 7 % 50))
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        for dictionary in [Dictionary::default(), Dictionary::of_texts(&refs)] {
            let mut packer = Packer::new(&dictionary);
            for text in &texts {
                assert_eq!(packer.pack(text), pack(text, &dictionary));
            }
        }
    }

    #[test]
    fn texts_packed_against_a_dictionary_unpack_after_its_prefix_and_are_smaller() {
        let pages: Vec<String> = (0..40)
            .map(|i| {
                format!(
                    "The council pooled its budgets with the NHS trust. Café {i} opened. \
                     Residents were referred {i} times. Staff met residents every week. "
                )
                .repeat(3)
            })
            .collect();
        let texts: Vec<&str> = pages.iter().map(String::as_str).collect();
        let dict = Dictionary::of_texts(&texts);
        assert!(!dict.is_empty() && dict.len() <= DICTIONARY_MAX);
        let text = String::from_utf8(dict.bytes.clone()).unwrap();
        assert!(text.ends_with("Staff met residents every week."), "{text}");
        let prefix = dict.prefix();
        for page in &texts {
            let packed = pack(page, &dict);
            assert!(packed.len() < pack(page, &Dictionary::default()).len());
            assert_eq!(
                unpack(&packed, Some((&prefix, dict.len()))).as_deref(),
                Some(*page)
            );
        }
    }

    #[test]
    fn a_small_site_gets_a_small_dictionary_and_sentences_split_after_their_stop() {
        assert!(Dictionary::of_texts(&["Tiny. Site."]).is_empty());
        let s: Vec<&str> = sentences("One. Two? Three! 4.5 stays. End").collect();
        assert_eq!(s, ["One.", "Two?", "Three!", "4.5 stays.", "End"]);
    }
}
