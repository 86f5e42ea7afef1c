//! Slugs: turning titles, headings, terms and file names into URL-safe path segments.

/// A slug from free text: lower case, letters and digits kept (any script), every other
/// run of characters becomes one `-`. Used for heading ids and taxonomy terms.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            dash = true;
        }
    }
    out
}

/// A page's slug from its file stem: lower-cased and in Unicode's composed form (NFC),
/// with spaces, and characters that mean something in a web address (`#`, `?`, `%`,
/// `/`, `\\`, quotes, brackets), turned into hyphens. So `Sheffield Money.md` and
/// `sheffield-money.md` map to the same URL (and clash), as do `Café` typed with a
/// composed `é` and with `e` and an accent.
pub fn page_slug(stem: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(stem.len());
    let mut dash = false;
    for c in stem.trim().nfc() {
        if c.is_whitespace() || is_unsafe_in_address(c) {
            dash = !out.is_empty();
        } else {
            if dash {
                out.push('-');
                dash = false;
            }
            out.extend(c.to_lowercase());
        }
    }
    if out.is_empty() {
        out.push_str("page");
    }
    out
}

/// True for characters that a URL path segment cannot hold as they are.
fn is_unsafe_in_address(c: char) -> bool {
    matches!(
        c,
        '#' | '?' | '%' | '/' | '\\' | '"' | '<' | '>' | '|' | '^' | '`' | '{' | '}' | '[' | ']'
    ) || c.is_control()
}

/// True if `s` is safe as one URL path segment: non-empty, not `.` or `..`, and made of
/// letters, digits, `-`, `_` and `.` only.
pub fn is_safe_segment(s: &str) -> bool {
    !s.is_empty()
        && s != "."
        && s != ".."
        && !s.starts_with('.')
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
}

/// A readable title from a slug or file stem: `case-studies` becomes `Case studies`.
pub fn words_from_slug(slug: &str) -> String {
    let spaced: String = slug
        .chars()
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect();
    capitalise(spaced.trim())
}

/// `text` with its first letter in capitals (`the page title` → `The page title`).
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_keeps_letters_of_any_script() {
        assert_eq!(slugify("Why it matters"), "why-it-matters");
        assert_eq!(
            slugify("  Yorkshire & the Humber! "),
            "yorkshire-the-humber"
        );
        assert_eq!(slugify("Café Zoë 2"), "café-zoë-2");
        assert_eq!(slugify("People's voice"), "peoples-voice");
        assert_eq!(slugify("!!!"), "");
    }

    proptest::proptest! {
        #[test]
        fn page_slugs_need_no_escaping_and_are_stable(stem in "\\PC{0,20}") {
            use unicode_normalization::UnicodeNormalization;
            let slug = page_slug(&stem);
            proptest::prop_assert!(!slug.is_empty());
            proptest::prop_assert!(!slug.chars().any(|c| c.is_whitespace() || is_unsafe_in_address(c)), "{}", slug);
            proptest::prop_assert_eq!(slug.nfc().collect::<String>(), slug.clone());
            proptest::prop_assert_eq!(page_slug(&slug), slug);
        }
    }

    #[test]
    fn page_slug_lowercases_and_hyphenates_spaces() {
        assert_eq!(page_slug("Sheffield Money"), "sheffield-money");
        assert_eq!(page_slug("Ökonomie"), "ökonomie");
        assert_eq!(page_slug("Q&A #1?"), "q&a-1");
        assert_eq!(page_slug("100% local"), "100-local");
        assert_eq!(page_slug("Cafe\u{301}"), page_slug("Caf\u{e9}"));
        assert_eq!(page_slug("#"), "page");
    }

    #[test]
    fn safe_segments_refuse_traversal() {
        assert!(is_safe_segment("case-studies"));
        assert!(!is_safe_segment(".."));
        assert!(!is_safe_segment("a/b"));
        assert!(!is_safe_segment(".hidden"));
        assert!(!is_safe_segment(""));
    }

    #[test]
    fn capitalising_keeps_the_rest() {
        assert_eq!(capitalise("true keeps --drafts"), "True keeps --drafts");
        assert_eq!(capitalise(""), "");
    }

    #[test]
    fn words_from_slug_capitalises_first() {
        assert_eq!(words_from_slug("case-studies"), "Case studies");
    }
}
