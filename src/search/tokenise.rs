//! Splitting text into search words: Unicode-aware, lower-cased, accents folded.
//!
//! The browser does exactly the same to a query (`search.js`: NFD, drop U+0300–U+036F,
//! lower-case, split on anything that is not a letter or digit, drop one-character
//! words), so the words typed and the words indexed meet.

use unicode_normalization::char::decompose_canonical;

/// Words longer than this (in characters) are not indexed: they are nearly always
/// addresses, hashes or run-together text nobody types.
pub const MAX_WORD_CHARS: usize = 40;

/// Appends the folded form of a non-ASCII `c` to `out`: accents removed (canonical
/// decomposition without combining diacritics), then lower-cased.
fn push_folded(c: char, out: &mut String) {
    decompose_canonical(c, |d| {
        if !is_combining(d) {
            out.extend(d.to_lowercase());
        }
    });
}

/// The whole text folded: accents removed and lower-cased (word boundaries unchanged).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        // ASCII runs are copied lower-cased in one go.
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(ascii);
        out.push_str(run);
        let start = out.len() - run.len();
        out[start..].make_ascii_lowercase();
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            push_folded(c, &mut out);
        }
        rest = chars.as_str();
    }
    out
}

/// Whether `c` is a combining diacritic (U+0300 to U+036F), which folding removes
/// without ending the word.
fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// The word being collected, folded as it is read.
struct WordBuf {
    word: String,
    chars: usize,
}

impl WordBuf {
    /// Adds one folded character: a letter or digit grows the word, anything else ends it.
    fn push(&mut self, c: char, f: &mut impl FnMut(&str)) {
        if c.is_alphanumeric() {
            self.word.push(c);
            self.chars += 1;
        } else {
            self.end(f);
        }
    }

    /// Ends the current word, passing it to `f` when its length is indexable.
    fn end(&mut self, f: &mut impl FnMut(&str)) {
        if (2..=MAX_WORD_CHARS).contains(&self.chars) {
            f(&self.word);
        }
        self.word.clear();
        self.chars = 0;
    }
}

/// A folded word as the index keys it: up to 16 bytes packed into one number (see
/// [`pack`]), or a longer word as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key<'a> {
    /// A word of up to 16 bytes, packed.
    Short(u128),
    /// A word of more than 16 bytes.
    Long(&'a str),
}

impl<'a> Key<'a> {
    /// The key of a folded word.
    pub fn of(word: &'a str) -> Key<'a> {
        pack(word).map_or(Key::Long(word), Key::Short)
    }
}

/// A word of up to 16 bytes as one number: its bytes, little-endian, zero-padded (no
/// word holds a zero byte, so the padding is unambiguous); `None` for longer words.
pub fn pack(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    (bytes.len() <= 16).then(|| {
        let mut b = [0u8; 16];
        b[..bytes.len()].copy_from_slice(bytes);
        u128::from_le_bytes(b)
    })
}

/// The word packed in `key` (the inverse of [`pack`]), written into `buf`.
pub fn unpack(key: u128, buf: &mut [u8; 16]) -> &str {
    *buf = key.to_le_bytes();
    let len = 16 - key.leading_zeros() as usize / 8;
    std::str::from_utf8(&buf[..len]).unwrap_or_default()
}

/// Every byte's `0x20` bit: or-ed into an ASCII letter or digit, it lower-cases it.
const LOWER: u128 = u128::from_le_bytes([0x20; 16]);
/// Every byte's top bit: set only in bytes of non-ASCII characters.
const HIGH: u128 = u128::from_le_bytes([0x80; 16]);

/// Bit `j` set when byte `j` of the block may belong to a word: an ASCII letter or
/// digit, or any byte of a non-ASCII character. Eight bytes at a time, in plain integer
/// arithmetic (no byte carries into the next: every sum stays below 0x100).
fn word_bytes(block: &[u8; 64]) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut mask = 0u64;
    for (k, eight) in block.chunks_exact(8).enumerate() {
        let mut b = [0u8; 8];
        b.copy_from_slice(eight);
        let x = u64::from_le_bytes(b);
        let low7 = x & (0x7f * ONES);
        let lower = low7 | (0x20 * ONES);
        // Top bit set where `lower` >= b'a' and not > b'z'; likewise for digits.
        let letter = (lower + 0x1f * ONES) & !(lower + 0x05 * ONES);
        let digit = (low7 + 0x50 * ONES) & !(low7 + 0x46 * ONES);
        let word = (x | letter | digit) & (0x80 * ONES);
        // Gathers the eight top bits into one byte.
        mask |= ((word >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
    }
    mask
}

/// Calls `f` with the key of each word of `text`, folded as [`fold`] does (the same
/// words as splitting `fold(text)` on anything that is not a letter or digit), skipping
/// words of one character and words longer than [`MAX_WORD_CHARS`].
///
/// The text is read 64 bytes at a time as a bit mask of the bytes that may be in a word,
/// and words are taken from the mask's runs of set bits. A run of ASCII letters and
/// digits, nearly every word of an English page, is lower-cased and packed in a few
/// integer operations; a run with any other character is folded character by character.
pub fn for_each_key(text: &str, mut f: impl FnMut(Key<'_>)) {
    let bytes = text.as_bytes();
    let mut scratch = Scratch {
        lower: String::new(),
        buf: WordBuf {
            word: String::new(),
            chars: 0,
        },
    };
    // Where a word that runs past the block before began.
    let mut open: Option<usize> = None;
    // Whether the last byte of the block before was in a word.
    let mut carry = 0u64;
    for (k, block) in bytes.chunks(64).enumerate() {
        let base = 64 * k;
        let mask = match <&[u8; 64]>::try_from(block) {
            Ok(full) => word_bytes(full),
            Err(_) => {
                let mut padded = [0u8; 64];
                padded[..block.len()].copy_from_slice(block);
                word_bytes(&padded)
            }
        };
        let before = (mask << 1) | carry;
        carry = mask >> 63;
        // Bits where a word starts, and where one has just ended.
        let mut starts = mask & !before;
        let mut ends = !mask & before;
        if let Some(start) = open {
            if ends == 0 {
                continue;
            }
            let end = base + take_lowest(&mut ends);
            emit(text, start, end, &mut scratch, &mut f);
            open = None;
        }
        while starts != 0 {
            let start = base + take_lowest(&mut starts);
            if ends == 0 {
                open = Some(start);
            } else {
                let end = base + take_lowest(&mut ends);
                emit(text, start, end, &mut scratch, &mut f);
            }
        }
    }
    if let Some(start) = open {
        emit(text, start, bytes.len(), &mut scratch, &mut f);
    }
}

/// The position of the lowest set bit of `bits` (which is not 0), cleared.
fn take_lowest(bits: &mut u64) -> usize {
    let at = bits.trailing_zeros() as usize;
    *bits &= *bits - 1;
    at
}

/// Buffers [`for_each_key`] reuses from word to word.
struct Scratch {
    /// A long ASCII word, lower-cased.
    lower: String,
    /// A word being folded character by character.
    buf: WordBuf,
}

/// Passes the words of `text[start..end]` to `f`: one run of bytes that may be in words,
/// bounded by ASCII characters that are not (so both ends are character boundaries).
fn emit(text: &str, start: usize, end: usize, scratch: &mut Scratch, f: &mut impl FnMut(Key<'_>)) {
    let bytes = text.as_bytes();
    let len = end - start;
    if len <= 16 {
        let mut b = [0u8; 16];
        match bytes.get(start..start + 16) {
            Some(sixteen) => b.copy_from_slice(sixteen),
            None => b[..len].copy_from_slice(&bytes[start..end]),
        }
        let keep = u128::MAX >> (8 * (16 - len));
        let raw = u128::from_le_bytes(b) & keep;
        if raw & HIGH == 0 {
            if len >= 2 {
                f(Key::Short(raw | (LOWER & keep)));
            }
            return;
        }
    }
    let run = &text[start..end];
    if !run.is_ascii() {
        fold_run(run, &mut scratch.buf, &mut |w| f(Key::of(w)));
    } else if len <= MAX_WORD_CHARS {
        scratch.lower.clear();
        scratch.lower.push_str(run);
        scratch.lower.make_ascii_lowercase();
        f(Key::Long(&scratch.lower));
    }
}

/// Calls `f` with each word of `text`, folded and split as [`for_each_key`] does.
pub fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut buf = [0u8; 16];
    for_each_key(text, |key| match key {
        Key::Short(packed) => f(unpack(packed, &mut buf)),
        Key::Long(word) => f(word),
    });
}

/// Folds and splits `run` (text with no ASCII character but letters and digits)
/// character by character, passing the words found to `f`.
fn fold_run(run: &str, buf: &mut WordBuf, f: &mut impl FnMut(&str)) {
    buf.word.clear();
    buf.chars = 0;
    for c in run.chars() {
        if c.is_ascii() {
            buf.word.push(c.to_ascii_lowercase());
            buf.chars += 1;
        } else {
            decompose_canonical(c, |d| {
                if !is_combining(d) {
                    for l in d.to_lowercase() {
                        buf.push(l, f);
                    }
                }
            });
        }
    }
    buf.end(f);
}

/// The words of `text`, folded, in order (a convenience over [`fold`] and [`for_each_word`]).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w.to_owned()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_cases_and_splits_on_punctuation() {
        assert_eq!(
            words("Sheffield Money: a council-backed BROKER (2015)."),
            ["sheffield", "money", "council", "backed", "broker", "2015"]
        );
    }

    #[test]
    fn folds_accents_in_any_latin_script() {
        assert_eq!(
            words("Café Ñandú Škoda Łódź"),
            ["cafe", "nandu", "skoda", "łodz"]
        );
        assert_eq!(fold("ÉCOLE"), "ecole");
    }

    #[test]
    fn keeps_other_scripts_and_digits() {
        assert_eq!(words("Москва 東京 x2"), ["москва", "東京", "x2"]);
    }

    #[test]
    fn drops_one_letter_and_overlong_words() {
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(words(&format!("a council's {long} ok")), ["council", "ok"]);
    }

    /// The definition [`for_each_word`] must match: fold the whole text, then split it
    /// on anything that is not a letter or digit.
    fn reference_words(text: &str) -> Vec<String> {
        fold(text)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| (2..=MAX_WORD_CHARS).contains(&w.chars().count()))
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn combining_accents_do_not_split_words() {
        assert_eq!(
            words("cafe\u{301} re\u{301}sume\u{301}"),
            ["cafe", "resume"]
        );
        assert_eq!(words("ﬁnance ½ Ǆemal"), reference_words("ﬁnance ½ Ǆemal"));
    }

    proptest::proptest! {
        #[test]
        fn folding_while_splitting_matches_folding_first(text in "\\PC{0,80}") {
            proptest::prop_assert_eq!(words(&text), reference_words(&text));
        }

        #[test]
        fn words_across_block_boundaries_match(
            text in "([a-zA-Z0-9]{0,22}[ .,'\u{e9}\u{2019}\u{301}-]{1,2}){0,40}[a-zA-Z]{0,50}"
        ) {
            proptest::prop_assert_eq!(words(&text), reference_words(&text));
        }

        #[test]
        fn keys_are_the_words_packed(text in "([a-zA-Z0-9]{0,20}[ .\u{e9}-]){0,30}") {
            let mut keys = Vec::new();
            for_each_key(&text, |k| keys.push(match k {
                Key::Short(packed) => Ok(packed),
                Key::Long(word) => Err(word.to_owned()),
            }));
            let expected: Vec<Result<u128, String>> = reference_words(&text)
                .iter()
                .map(|w| pack(w).ok_or_else(|| w.clone()))
                .collect();
            proptest::prop_assert_eq!(keys, expected);
        }

        #[test]
        fn mixed_ascii_and_accents_match(text in "[a-zA-Z0-9 .'\u{e9}\u{c9}\u{301}\u{df}\u{130}-]{0,60}") {
            proptest::prop_assert_eq!(words(&text), reference_words(&text));
        }
    }

    #[test]
    fn words_of_up_to_sixteen_bytes_are_packed() {
        let mut buf = [0u8; 16];
        for w in ["ab", "council", "sixteen-bytes-ok", "łódź"] {
            let Some(packed) = pack(w) else {
                panic!("{w} is short enough to pack")
            };
            assert_eq!(unpack(packed, &mut buf), w);
            assert_eq!(Key::of(w), Key::Short(packed));
        }
        assert_eq!(pack("seventeen-letters"), None);
        assert_eq!(Key::of("seventeen-letters"), Key::Long("seventeen-letters"));
        assert_ne!(pack("ab"), pack("ba"));
        // A page that ends inside a word, on a block boundary and off it.
        let exact = format!("{} Housing", "x ".repeat(28));
        assert_eq!(exact.len() % 64, 0);
        assert_eq!(words(&exact).last().map(String::as_str), Some("housing"));
        assert_eq!(words("ENDS WITH HOUSING"), ["ends", "with", "housing"]);
    }

    #[test]
    fn apostrophes_and_hyphens_split_words() {
        assert_eq!(words("people's well-being"), ["people", "well", "being"]);
    }
}
