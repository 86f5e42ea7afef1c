//! Stemming by the site's `language`, with the Snowball stemmers of `rust-stemmers`,
//! and for Welsh (which Snowball lacks) the initial-mutation keys of [`super::welsh`].
//!
//! Only the index is stemmed. Each shard also lists the words as written that stem to
//! something else (`housing>hous`), so the browser needs no stemmer of its own: a typed
//! word is looked up as written and finds its stem's pages.

use super::welsh;
use rust_stemmers::{Algorithm, Stemmer as Snowball};

/// The Snowball algorithm for a language tag (`en`, `en-GB`, `fr_CA`, ...), or `None`
/// when there is none for that language (the index is then built without stemming).
pub fn algorithm(language: &str) -> Option<Algorithm> {
    let primary = language
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    Some(match primary.as_str() {
        "en" => Algorithm::English,
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

/// A stemmer for one language: Snowball, Welsh mutation keys, or words as they are.
pub struct Stemmer {
    snowball: Option<Snowball>,
    welsh: bool,
}

impl Stemmer {
    /// The stemmer for a language tag; see [`algorithm`] and [`welsh::is_welsh`].
    pub fn for_language(language: &str) -> Stemmer {
        Stemmer {
            snowball: algorithm(language).map(Snowball::create),
            welsh: welsh::is_welsh(language),
        }
    }

    /// Whether this stemmer cuts word endings (Snowball), so that the index lists the
    /// words as written beside their stems for the browser to look up.
    pub fn is_active(&self) -> bool {
        self.snowball.is_some()
    }

    /// Whether words are keyed by their Welsh radical, which the browser must then
    /// apply to what a reader types as well.
    pub fn keys_mutations(&self) -> bool {
        self.welsh
    }

    /// The stem of a folded word. Words with digits are kept as they are.
    pub fn stem(&self, word: &str) -> String {
        if self.welsh {
            return welsh::radical(word);
        }
        match &self.snowball {
            Some(s) if !word.chars().any(|c| c.is_numeric()) => {
                let stem = s.stem(word);
                // A stem is never allowed to vanish (Snowball can shorten very short words).
                if stem.chars().count() < 2 {
                    word.to_owned()
                } else {
                    stem.into_owned()
                }
            }
            _ => word.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_for_en_and_en_gb() {
        assert_eq!(algorithm("en"), Some(Algorithm::English));
        assert_eq!(algorithm("en-GB"), Some(Algorithm::English));
        assert_eq!(algorithm("EN_us"), Some(Algorithm::English));
        assert_eq!(algorithm("fr-CA"), Some(Algorithm::French));
    }

    #[test]
    fn unknown_languages_do_not_stem() {
        assert_eq!(algorithm("ga"), None);
        let s = Stemmer::for_language("ga");
        assert!(!s.is_active() && !s.keys_mutations());
        assert_eq!(s.stem("housing"), "housing");
    }

    #[test]
    fn welsh_keys_words_by_their_radical() {
        assert_eq!(algorithm("cy"), None);
        let s = Stemmer::for_language("cy");
        assert!(!s.is_active() && s.keys_mutations());
        assert_eq!(s.stem("nghaerdydd"), s.stem("caerdydd"));
        assert_eq!(s.stem("cymunedau"), "cymunedau");
    }

    #[test]
    fn english_forms_meet_at_one_stem() {
        let s = Stemmer::for_language("en-GB");
        assert_eq!(s.stem("housing"), s.stem("houses"));
        assert_eq!(s.stem("councils"), "council");
        assert_eq!(s.stem("communities"), s.stem("community"));
        assert_eq!(s.stem("2015s"), "2015s");
    }
}
