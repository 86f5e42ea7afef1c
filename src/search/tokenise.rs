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
        if !('\u{300}'..='\u{36f}').contains(&d) {
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

/// Whether `c` belongs inside a word (letters and digits of any script).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Calls `f` with each word of `text` (already folded by [`fold`]), skipping words of one
/// character and words longer than [`MAX_WORD_CHARS`].
pub fn for_each_word<'t>(folded: &'t str, mut f: impl FnMut(&'t str)) {
    let mut start = None;
    let mut chars = 0usize;
    for (i, c) in folded.char_indices() {
        if is_word_char(c) {
            if start.is_none() {
                start = Some(i);
                chars = 0;
            }
            chars += 1;
        } else if let Some(s) = start.take()
            && (2..=MAX_WORD_CHARS).contains(&chars)
        {
            f(&folded[s..i]);
        }
    }
    if let Some(s) = start
        && (2..=MAX_WORD_CHARS).contains(&chars)
    {
        f(&folded[s..]);
    }
}

/// The words of `text`, folded, in order (a convenience over [`fold`] and [`for_each_word`]).
pub fn words(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut out = Vec::new();
    for_each_word(&folded, |w| out.push(w.to_owned()));
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

    #[test]
    fn apostrophes_and_hyphens_split_words() {
        assert_eq!(words("people's well-being"), ["people", "well", "being"]);
    }
}
