//! The sites of a multilingual playbook side by side: for any file one site writes,
//! the file of each other language's site that holds the same content (its
//! counterpart), for the language switch and the `hreflang` links.

use super::{Page, Site};
use crate::config::{Config, LanguageConfig};
use crate::content::translations::page_key;
use crate::diagnostic::Diagnostic;
use std::collections::{HashMap, HashSet};

/// Every language's site of one playbook, in the order of `languages:`.
#[derive(Debug, Clone, Default)]
pub struct Languages {
    /// One entry per language; the first is the default language, at the root.
    pub sites: Vec<LanguageSite>,
    /// The first language's `base_url` (the address of the root), if any.
    pub base_url: Option<String>,
}

/// What the other languages need to know of one language's site.
#[derive(Debug, Clone, Default)]
pub struct LanguageSite {
    /// Its language tag (`cy`).
    pub code: String,
    /// Its folder in the output (`""` or `cy/`).
    pub prefix: String,
    /// The language's name in itself (`Cymraeg`), from its strings.
    pub name: String,
    /// The pairing key of each of its pages, by page id (see
    /// [`crate::content::translations::page_key`]).
    pub keys: Vec<String>,
    /// Its pages' files (`case-studies/x/index.html`), by pairing key.
    pub pages: HashMap<String, String>,
    /// Every file it renders, from its own root.
    pub paths: HashSet<String>,
}

/// One language's version of the file being rendered.
#[derive(Debug, Clone)]
pub struct Counterpart<'a> {
    /// The language.
    pub site: &'a LanguageSite,
    /// Its file from that language's root, `None` when the language has no version.
    pub path: Option<&'a str>,
}

impl Languages {
    /// Whether there is more than one language.
    pub fn is_multilingual(&self) -> bool {
        self.sites.len() > 1
    }

    /// Each language's version of the file at `path` in site `from`: for a page (`page`
    /// is its id), the page with the same key; for any other file, the same file when
    /// that language writes it.
    pub fn counterparts<'a>(
        &'a self,
        from: usize,
        page: Option<usize>,
        path: &'a str,
    ) -> Vec<Counterpart<'a>> {
        let key = page.and_then(|id| self.sites.get(from)?.keys.get(id));
        self.sites
            .iter()
            .enumerate()
            .map(|(i, site)| {
                let found = if i == from {
                    Some(path)
                } else if let Some(key) = key {
                    site.pages.get(key).map(String::as_str)
                } else {
                    site.paths.get(path).map(String::as_str)
                };
                Counterpart { site, path: found }
            })
            .collect()
    }
}

/// The translation checks of a playbook in several languages (`sites`, the first
/// language first): a page with no version in another language (`missing-translation`,
/// an error when `require_translations: true`), and a translation last updated before
/// its original (`translation-out-of-date`).
pub fn check_translations(sites: &[&Site]) -> Vec<Diagnostic> {
    let Some((first, others)) = sites.split_first() else {
        return Vec::new();
    };
    let config = &first.config;
    let mut found = untranslated_words(config);
    for other in others {
        let by_key: HashMap<String, &Page> = other
            .pages
            .iter()
            .map(|p| (page_key(&p.doc.content_path, config), p))
            .collect();
        let code = &other.config.language;
        for page in &first.pages {
            let key = page_key(&page.doc.content_path, config);
            match by_key.get(&key) {
                None => found.push(missing(page, &key, code, config.require_translations)),
                Some(t) if older_by_a_day(t, page) => {
                    found.push(out_of_date(page, t, code));
                }
                Some(_) => {}
            }
        }
    }
    found
}

/// For each language after the first, the words its site shows in the first language
/// because its `languages:` entry gives no version of them (collections' titles,
/// taxonomies' names, the self-assessment's title and scale): one warning each naming
/// them all (an error when `require_translations: true`).
pub fn untranslated_words(config: &Config) -> Vec<Diagnostic> {
    config
        .languages
        .iter()
        .skip(1)
        .filter_map(|lang| {
            let missing = words_missing(config, lang);
            if missing.is_empty() {
                return None;
            }
            let message = format!(
                "the {} site shows {} in the site's first language: placebook.yaml gives no {} version",
                lang.code,
                missing.join(", "),
                lang.code
            );
            let d = if config.require_translations {
                Diagnostic::error("missing-translation", message)
            } else {
                Diagnostic::warning("missing-translation", message)
            };
            Some(d.in_file("placebook.yaml").suggest(format!(
                "add them under `- code: {}` in `languages:`, e.g. `collections: {{case-studies: {{title: ..., singular: ...}}}}`, `taxonomies: {{tags: ...}}`, `diagnostic_title: ...`, `diagnostic_scale: [...]` (see the manual's \"A playbook in two languages\")",
                lang.code
            )))
        })
        .collect()
}

/// The site's words that the language `lang` gives no version of, as readers see them.
fn words_missing(config: &Config, lang: &LanguageConfig) -> Vec<String> {
    let mut missing: Vec<String> = config
        .collections
        .iter()
        .filter(|(key, _)| !lang.collections.contains_key(*key))
        .map(|(key, c)| {
            format!(
                "the collection title `{}`",
                c.title
                    .clone()
                    .unwrap_or_else(|| crate::slug::words_from_slug(key))
            )
        })
        .collect();
    missing.extend(
        config
            .taxonomies
            .iter()
            .filter(|t| !lang.taxonomies.contains_key(*t))
            .map(|t| format!("the taxonomy name `{}`", crate::slug::words_from_slug(t))),
    );
    if let Some(d) = &config.diagnostic {
        if lang.diagnostic_title.is_none() {
            missing.push(format!("the self-assessment's title `{}`", d.title));
        }
        if lang.diagnostic_scale.is_none() {
            missing.push(format!("its scale ({})", d.scale.join(", ")));
        }
    }
    missing
}

/// Whether `translation` was last updated on a day before `original` (dates from the
/// front matter, git or the file; the time of day is left out, since files copied
/// together differ by seconds).
fn older_by_a_day(translation: &Page, original: &Page) -> bool {
    match (translation.updated, original.updated) {
        (Some(t), Some(o)) => t.iso_date() < o.iso_date(),
        _ => false,
    }
}

/// The problem of a page with no version in the language `code`.
fn missing(page: &Page, key: &str, code: &str, required: bool) -> Diagnostic {
    let message = format!("this page has no {code} version");
    let d = if required {
        Diagnostic::error("missing-translation", message)
    } else {
        Diagnostic::warning("missing-translation", message)
    };
    let ext = page
        .doc
        .content_path
        .rsplit_once('.')
        .map_or("md", |(_, e)| e);
    d.in_file(&page.doc.path).suggest(format!(
        "write its translation as content/{key}.{}.{ext}",
        code.to_ascii_lowercase()
    ))
}

/// The warning for a translation last updated before its original.
fn out_of_date(page: &Page, translation: &Page, code: &str) -> Diagnostic {
    let date = |p: &Page| p.updated.map(|d| d.iso_date()).unwrap_or_default();
    Diagnostic::warning(
        "translation-out-of-date",
        format!(
            "the {code} page may be out of date: this page was updated on {}, {} on {}",
            date(page),
            translation.doc.path,
            date(translation)
        ),
    )
    .in_file(&page.doc.path)
    .suggest(format!(
        "bring {} up to date and set its `updated:` (or commit it), or set this page's `updated:` back if the change needs no translation",
        translation.doc.path
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_LANGUAGES: &str = "title: T\ntaxonomies: [tags, region]\ncollections:\n  case-studies: {kind: case-study, title: Case studies}\nlanguages:\n  - code: en-GB\n  - code: cy\n";

    #[test]
    fn words_a_language_leaves_untranslated_are_one_warning_naming_them_all() {
        let config = Config::parse(&format!(
            "{TWO_LANGUAGES}    taxonomies: {{region: Rhanbarth}}\n"
        ))
        .unwrap();
        let found = untranslated_words(&config);
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!((d.code, d.is_error()), ("missing-translation", false));
        assert_eq!(
            d.message,
            "the cy site shows the collection title `Case studies`, the taxonomy name `Tags`, the self-assessment's title `Diagnostic`, its scale (Not yet, Starting, Developing, Established, Embedded) in the site's first language: placebook.yaml gives no cy version"
        );
        let all = "    collections: {case-studies: {title: Astudiaethau achos}}\n    taxonomies: {tags: Tagiau, region: Rhanbarth}\n    diagnostic_title: Hunanasesiad\n    diagnostic_scale: [a, b, c, d, e]\n";
        let config = Config::parse(&format!("{TWO_LANGUAGES}{all}")).unwrap();
        assert!(untranslated_words(&config).is_empty());
        assert_eq!(
            config.for_language(1).diagnostic.unwrap().scale,
            ["a", "b", "c", "d", "e"]
        );
        let required =
            Config::parse(&format!("require_translations: true\n{TWO_LANGUAGES}")).unwrap();
        assert!(untranslated_words(&required)[0].is_error());
        let one = Config::parse("title: T\n").unwrap();
        assert!(untranslated_words(&one).is_empty());
    }

    #[test]
    fn a_language_scale_of_another_length_is_a_config_error() {
        let e =
            Config::parse(&format!("{TWO_LANGUAGES}    diagnostic_scale: [a, b]\n")).unwrap_err();
        assert!(
            e[0].message
                .contains("`diagnostic_scale` for `cy` has 2 labels, but the site's scale has 5"),
            "{e:?}"
        );
    }

    fn site(code: &str, prefix: &str, pages: &[(&str, &str)], paths: &[&str]) -> LanguageSite {
        LanguageSite {
            code: code.into(),
            prefix: prefix.into(),
            name: code.into(),
            keys: pages.iter().map(|(k, _)| k.to_string()).collect(),
            pages: pages
                .iter()
                .map(|(k, p)| (k.to_string(), p.to_string()))
                .collect(),
            paths: paths.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn a_page_finds_its_translation_and_a_listing_its_namesake() {
        let langs = Languages {
            sites: vec![
                site(
                    "en",
                    "",
                    &[
                        ("case-studies/oldham", "case-studies/oldham/index.html"),
                        ("about", "about/index.html"),
                    ],
                    &["search/index.html", "tags/index.html"],
                ),
                site(
                    "cy",
                    "cy/",
                    &[("case-studies/oldham", "case-studies/oldham-cy/index.html")],
                    &["search/index.html"],
                ),
            ],
            base_url: None,
        };
        let c = langs.counterparts(0, Some(0), "case-studies/oldham/index.html");
        assert_eq!(c[1].path, Some("case-studies/oldham-cy/index.html"));
        let c = langs.counterparts(0, Some(1), "about/index.html");
        assert_eq!(c[1].path, None);
        let c = langs.counterparts(1, None, "search/index.html");
        assert_eq!(
            (c[0].path, c[1].path),
            (Some("search/index.html"), Some("search/index.html"))
        );
        assert_eq!(langs.counterparts(0, None, "tags/index.html")[1].path, None);
    }
}
