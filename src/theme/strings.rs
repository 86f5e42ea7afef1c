//! The theme's words: `strings/<language>.yaml` files, English underneath, the site's
//! theme folder over the default theme, given to templates as `t`.

use crate::diagnostic::{Diagnostic, SourceText, closest};
use std::collections::BTreeMap;
use std::path::Path;

/// The words templates get as `t` (`t.search_button`), by key.
pub type Strings = BTreeMap<String, String>;

/// The language whose words are under every other's: a key another language's file
/// leaves out is shown in English.
pub const BASE_LANGUAGE: &str = "en";

/// The strings-file names to read for `language`, broadest first: `en`, then `cy`,
/// then `cy-GB` for `cy-GB`.
pub fn file_names(language: &str) -> Vec<String> {
    let mut names = vec![BASE_LANGUAGE.to_owned()];
    let primary = language
        .split('-')
        .next()
        .unwrap_or(language)
        .to_lowercase();
    if primary != BASE_LANGUAGE && !primary.is_empty() {
        names.push(primary.clone());
    }
    if language.to_lowercase() != primary {
        names.push(language.to_owned());
    }
    names
}

/// Reads one strings file's `text` (from `origin`, for messages) over `strings`; a key
/// the English file lacks is an error, since no template would show it.
pub fn merge(strings: &mut Strings, text: &str, origin: &str) -> Result<(), Diagnostic> {
    let source = SourceText::new(text.to_owned());
    let read: BTreeMap<String, String> = match crate::yaml::from_str(text) {
        Ok(Some(map)) => map,
        Ok(None) => BTreeMap::new(),
        Err(e) => {
            let d = Diagnostic::error(
                "invalid-strings",
                format!("this strings file cannot be read: {}", e.message),
            )
            .suggest("write one `key: words` per line; put words with a colon in \"quotes\"");
            return Err(match e.position {
                Some((line, column)) => d.at(
                    origin,
                    &source,
                    crate::diagnostic::Position { line, column },
                ),
                None => d.in_file(origin),
            });
        }
    };
    if let Some(key) = read
        .keys()
        .find(|k| !strings.is_empty() && !strings.contains_key(*k))
    {
        return Err(unknown_key(key, strings, origin, &source));
    }
    strings.extend(read);
    Ok(())
}

/// The error for a strings-file key that no template uses.
fn unknown_key(key: &str, strings: &Strings, origin: &str, source: &SourceText) -> Diagnostic {
    let line = (1..=source.line_count())
        .find(|&l| {
            source
                .line(l)
                .is_some_and(|t| t.starts_with(&format!("{key}:")))
        })
        .unwrap_or(1);
    let d = Diagnostic::error(
        "invalid-strings",
        format!("the theme has no words called `{key}`"),
    )
    .at(
        origin,
        source,
        crate::diagnostic::Position { line, column: 1 },
    )
    .span(key.chars().count());
    match closest(key, strings.keys().map(String::as_str)) {
        Some(near) => d.suggest(format!("did you mean `{near}`?")),
        None => d.suggest("use a key of the default theme's strings/en.yaml"),
    }
}

/// The site theme's strings files for `language` over `strings`, from `dir`
/// (`themes/<theme>/strings`), with their errors.
pub fn merge_site_files(
    strings: &mut Strings,
    dir: &Path,
    theme: &str,
    language: &str,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for name in file_names(language) {
        let path = dir.join(format!("{name}.yaml"));
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let origin = format!("themes/{theme}/strings/{name}.yaml");
        match String::from_utf8(bytes) {
            Ok(text) => errors.extend(merge(strings, &text, &origin).err()),
            Err(_) => errors.push(
                Diagnostic::error("invalid-strings", "this strings file is not UTF-8 text")
                    .in_file(origin)
                    .suggest(crate::diagnostic::encoding::SAVE_AS_UTF8),
            ),
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> Strings {
        let mut s = Strings::new();
        merge(&mut s, "search_button: Search\nhome: Home\n", "en.yaml").unwrap();
        s
    }

    #[test]
    fn a_language_file_changes_only_the_words_it_names() {
        let mut s = english();
        merge(&mut s, "search_button: Chwilio\n", "cy.yaml").unwrap();
        assert_eq!(s["search_button"], "Chwilio");
        assert_eq!(s["home"], "Home");
    }

    #[test]
    fn a_key_no_template_uses_is_one_located_error_with_the_nearest_key() {
        let mut s = english();
        let e = merge(&mut s, "home: Hafan\nserch_button: Chwilio\n", "cy.yaml").unwrap_err();
        let text = e.render(false);
        assert!(text.contains("cy.yaml:2:1"), "{text}");
        assert!(text.contains("search_button"), "{text}");
        assert_eq!(s["home"], "Home", "a file with an error changes nothing");
    }

    #[test]
    fn file_names_go_from_english_to_the_full_tag() {
        assert_eq!(file_names("en-GB"), ["en", "en-GB"]);
        assert_eq!(file_names("cy"), ["en", "cy"]);
        assert_eq!(file_names("cy-GB"), ["en", "cy", "cy-GB"]);
    }
}
