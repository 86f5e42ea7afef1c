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

/// Calls `f` with each word of `text`, folded as [`fold`] does (the same words as
/// splitting `fold(text)` on anything that is not a letter or digit), skipping words of
/// one character and words longer than [`MAX_WORD_CHARS`].
///
/// Words of ASCII letters and digits, nearly all of an English page, are passed as they
/// stand when already lower-case, or lower-cased in one go; a word with any other
/// character is folded character by character.
pub fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut buf = WordBuf {
        word: String::with_capacity(64),
        chars: 0,
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            let start = i;
            let mut upper = false;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                upper |= bytes[i].is_ascii_uppercase();
                i += 1;
            }
            if i < bytes.len() && !bytes[i].is_ascii() {
                // The word goes on with other characters.
                i = fold_word(text, start, &mut buf, &mut f);
            } else if (2..=MAX_WORD_CHARS).contains(&(i - start)) {
                if upper {
                    buf.word.clear();
                    buf.word.push_str(&text[start..i]);
                    buf.word.make_ascii_lowercase();
                    f(&buf.word);
                } else {
                    f(&text[start..i]);
                }
            }
        } else if b.is_ascii() {
            i += 1;
        } else {
            i = fold_word(text, i, &mut buf, &mut f);
        }
    }
}

/// Folds and splits `text` from `start` up to the next ASCII character that is not a
/// letter or digit (which always ends a word), passing the words found to `f`; returns
/// where it stopped.
fn fold_word(text: &str, start: usize, buf: &mut WordBuf, f: &mut impl FnMut(&str)) -> usize {
    let bytes = text.as_bytes();
    buf.word.clear();
    buf.chars = 0;
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            buf.word.push(char::from(b.to_ascii_lowercase()));
            buf.chars += 1;
            i += 1;
        } else if b.is_ascii() {
            break;
        } else {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
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
    i
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
        fn mixed_ascii_and_accents_match(text in "[a-zA-Z0-9 .'\u{e9}\u{c9}\u{301}\u{df}\u{130}-]{0,60}") {
            proptest::prop_assert_eq!(words(&text), reference_words(&text));
        }
    }

    #[test]
    fn apostrophes_and_hyphens_split_words() {
        assert_eq!(words("people's well-being"), ["people", "well", "being"]);
    }
}
