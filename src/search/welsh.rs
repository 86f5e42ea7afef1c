//! Welsh initial mutations for search: every form of a word meets at one key.
//!
//! Welsh changes the first sound of a word after certain words: *Caerdydd* is
//! *i Gaerdydd* (soft), *yng Nghaerdydd* (nasal), *a Chaerdydd* (aspirate). Snowball has
//! no Welsh stemmer, so the index keys a Welsh word by its [`radical`]: the first letters
//! of every mutated form are replaced by one letter standing for the whole group of
//! sounds that mutate into each other (p, b, f, m, mh, ph all become `p`). The browser
//! (`search.js`, `RADICAL`) applies the same table to what a reader types, so
//! `Caerdydd` finds `Gaerdydd`, `Nghaerdydd` and `Chaerdydd`, and the reverse.
//!
//! The groups are wider than Welsh grammar allows (`bae` and `mae` share a key), which
//! costs a little precision for recall, as stemming does. The soft mutation of `g`,
//! which drops the letter (*gwaith*, *ei waith*), cannot be undone from the word alone:
//! the browser also looks a word up with `g` put back (see `search.js`).

/// Mutated (and radical) first letters and the key letter they become, longest first so
/// that `ngh` is read before `ng` and `n`. `ff` stays as it is: it never mutates.
pub const RADICAL: [(&str, &str); 17] = [
    ("ngh", "c"),
    ("mh", "p"),
    ("nh", "t"),
    ("ch", "c"),
    ("ph", "p"),
    ("th", "t"),
    ("ng", "c"),
    ("dd", "t"),
    ("ff", "ff"),
    ("rh", "r"),
    ("ll", "l"),
    ("g", "c"),
    ("b", "p"),
    ("f", "p"),
    ("m", "p"),
    ("d", "t"),
    ("n", "t"),
];

/// Whether a language tag (`cy`, `cy-GB`) is Welsh.
pub fn is_welsh(language: &str) -> bool {
    let primary = language.split(['-', '_']).next().unwrap_or_default();
    primary.eq_ignore_ascii_case("cy")
}

/// The key of a folded (lower-case, accents removed) Welsh word: its first letters
/// replaced by their group's letter from [`RADICAL`]. A word that is nothing but such
/// letters (`ng`, `dd`) is kept as it is.
pub fn radical(word: &str) -> String {
    for (from, to) in RADICAL {
        if let Some(rest) = word.strip_prefix(from) {
            if rest.is_empty() {
                return word.to_owned();
            }
            return format!("{to}{rest}");
        }
    }
    word.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tokenise::fold;

    /// A radical form and its mutated forms, as Welsh writes them.
    const MUTATIONS: [(&str, &[&str]); 12] = [
        ("Caerdydd", &["Gaerdydd", "Nghaerdydd", "Chaerdydd"]),
        ("cymuned", &["gymuned", "nghymuned", "chymuned"]),
        ("pentref", &["bentref", "mhentref", "phentref"]),
        ("tref", &["dref", "nhref", "thref"]),
        ("banc", &["fanc", "manc"]),
        ("dinas", &["ddinas", "ninas"]),
        ("gardd", &["ngardd"]),
        ("mam", &["fam"]),
        ("llywodraeth", &["lywodraeth"]),
        ("rhaglen", &["raglen"]),
        (
            "partneriaeth",
            &["bartneriaeth", "mhartneriaeth", "phartneriaeth"],
        ),
        (
            "trafnidiaeth",
            &["drafnidiaeth", "nhrafnidiaeth", "thrafnidiaeth"],
        ),
    ];

    #[test]
    fn every_mutated_form_meets_its_radical() {
        for (radical_form, mutated) in MUTATIONS {
            let key = radical(&fold(radical_form));
            for form in mutated {
                assert_eq!(
                    radical(&fold(form)),
                    key,
                    "{form} should meet {radical_form}"
                );
            }
        }
    }

    #[test]
    fn words_of_different_groups_stay_apart() {
        assert_ne!(radical("cymuned"), radical("tymuned"));
        assert_ne!(radical("ffordd"), radical("fordd"));
        assert_ne!(radical("llan"), radical("rhan"));
        assert_eq!(radical("ffordd"), "ffordd");
    }

    #[test]
    fn circumflex_and_diaeresis_fold_before_the_key() {
        assert_eq!(radical(&fold("dŵr")), radical(&fold("ddwr")));
        assert_eq!(radical(&fold("tŷ")), radical("dy"));
        assert_eq!(fold("ŵŷâïêôûë"), "wyaieoue");
    }

    #[test]
    fn a_word_made_only_of_mutation_letters_is_kept() {
        assert_eq!(radical("ng"), "ng");
        assert_eq!(radical("dd"), "dd");
        assert_eq!(radical("a"), "a");
        assert_eq!(radical("2026"), "2026");
    }

    #[test]
    fn the_browser_keys_words_with_the_same_table() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/static/assets/search.js"
        );
        let js = std::fs::read_to_string(path).unwrap();
        let start = js
            .find("var RADICAL = [")
            .expect("search.js defines RADICAL");
        let table = &js[start..start + js[start..].find("];").unwrap()];
        let quoted: Vec<&str> = table.split('"').skip(1).step_by(2).collect();
        let pairs: Vec<(&str, &str)> = quoted.chunks(2).map(|p| (p[0], p[1])).collect();
        assert_eq!(pairs, RADICAL);
    }

    #[test]
    fn welsh_tags() {
        assert!(is_welsh("cy"));
        assert!(is_welsh("CY-gb"));
        assert!(!is_welsh("cyr"));
        assert!(!is_welsh("en-GB"));
    }
}
