//! Several languages in one playbook (`languages:` in placebook.yaml), built as several
//! sites: the first language at the root, each other under its own folder (`cy/`).
//!
//! A page's translation sits beside it with the language code before the extension:
//! `case-studies/oldham.md` (the first language) and `case-studies/oldham.cy.md`.

use super::{Config, ConfigErrors, KeyLine};
use crate::diagnostic::Position;
use crate::diagnostic::SourceText;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// One language of a multilingual playbook (an entry of `languages:`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// Its language tag, such as `en-GB` or `cy`.
    pub code: String,
    /// The playbook's name in this language (the site's `title` when not given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The playbook's description in this language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Collection names in this language, by collection folder.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub collections: IndexMap<String, CollectionWords>,
    /// The self-assessment page's title in this language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagnostic_title: Option<String>,
    /// The self-assessment's scale in this language, lowest first: as many labels as
    /// the site's `diagnostic: scale`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagnostic_scale: Option<Vec<String>>,
    /// Taxonomy names in this language (`region: Rhanbarth`), by taxonomy.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub taxonomies: IndexMap<String, String>,
}

/// A collection's name in one language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CollectionWords {
    /// Its title (`Astudiaethau achos`).
    pub title: String,
    /// One of its pages (`Astudiaeth achos`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub singular: Option<String>,
}

/// The keys of one `languages:` entry, for "did you mean" help.
pub const LANGUAGE_KEYS: &[&str] = &[
    "code",
    "title",
    "description",
    "collections",
    "diagnostic_title",
    "diagnostic_scale",
    "taxonomies",
];

/// Whether `tag` looks like a language tag: a primary subtag of 2 or 3 letters, then
/// subtags of 2 to 8 letters or digits (`cy`, `en-GB`, `zh-Hant-TW`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The primary subtag of a language tag, lower-cased (`en` for `en-GB`).
fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

impl Config {
    /// Whether the playbook has more than one language.
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// The folder of language `i`'s site in the output: `""` for the first, `cy/` for
    /// the others.
    pub fn prefix_of(&self, i: usize) -> String {
        match self.languages.get(i) {
            Some(l) if i > 0 => format!("{}/", l.code.to_ascii_lowercase()),
            _ => String::new(),
        }
    }

    /// The config of language `i`'s site: its code, title, description and words, and
    /// `base_url` with the language's folder added.
    pub fn for_language(&self, i: usize) -> Config {
        let mut config = self.clone();
        let Some(lang) = self.languages.get(i) else {
            return config;
        };
        config.language = lang.code.clone();
        config.site_language = i;
        if let Some(t) = &lang.title {
            config.title = t.clone();
        }
        if let Some(d) = &lang.description {
            config.description = d.clone();
        }
        for (key, words) in &lang.collections {
            if let Some(c) = config.collections.get_mut(key) {
                c.title = Some(words.title.clone());
                c.singular = words.singular.clone().or(c.singular.take());
            }
        }
        if let Some(d) = &mut config.diagnostic {
            if let Some(t) = &lang.diagnostic_title {
                d.title = t.clone();
            }
            if let Some(scale) = lang
                .diagnostic_scale
                .as_ref()
                .filter(|s| s.len() == d.scale.len())
            {
                d.scale = scale.clone();
            }
        }
        if let Some(url) = &mut config.base_url {
            url.push_str(&self.prefix_of(i));
        }
        config
    }

    /// The language a file stem names (`oldham.cy` names `cy`): the stem without the
    /// code and the language's index, or `None` when it names no configured language
    /// (and always on a site of one language). A code matches exactly, or by its
    /// primary subtag when no other language shares it (`x.en.md` for `en-GB`).
    pub fn split_language<'s>(&self, stem: &'s str) -> Option<(&'s str, usize)> {
        if !self.is_multilingual() {
            return None;
        }
        let (base, suffix) = stem.rsplit_once('.')?;
        let suffix = suffix.to_ascii_lowercase();
        let exact = self
            .languages
            .iter()
            .position(|l| l.code.to_ascii_lowercase() == suffix);
        let by_primary = || {
            let matching: Vec<usize> = (0..self.languages.len())
                .filter(|&i| primary(&self.languages[i].code) == suffix)
                .collect();
            (matching.len() == 1).then(|| matching[0])
        };
        let i = exact.or_else(by_primary)?;
        (!base.is_empty()).then_some((base, i))
    }

    /// The language of the page at `content_path` (`case-studies/x.cy.md`): its index
    /// in `languages`, 0 when it names none.
    pub fn language_of_path(&self, content_path: &str) -> usize {
        self.path_language(content_path).unwrap_or(0)
    }

    /// The language the file name at `content_path` names with a code (`x.cy.md`,
    /// `x.en.md`), `None` when it names none (`x.md`).
    pub fn path_language(&self, content_path: &str) -> Option<usize> {
        let name = content_path.rsplit('/').next().unwrap_or(content_path);
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        self.split_language(stem).map(|(_, i)| i)
    }

    /// A stem's suffix that looks like a language code no `languages:` entry has
    /// (`oldham.fr` when only English and Welsh are configured), on a multilingual site.
    pub fn unknown_language_suffix<'s>(&self, stem: &'s str) -> Option<&'s str> {
        if !self.is_multilingual() || self.split_language(stem).is_some() {
            return None;
        }
        let (base, suffix) = stem.rsplit_once('.')?;
        let looks_like_code = suffix.len() <= 3 || suffix.contains('-');
        (!base.is_empty() && looks_like_code && is_language_tag(suffix)).then_some(suffix)
    }

    /// `languages:` entries must be valid, different tags naming collections that exist;
    /// the first is the site's `language`.
    pub(super) fn check_languages(&mut self, errors: &mut ConfigErrors) {
        if self.languages.is_empty() {
            return;
        }
        let source = errors.source;
        let written_language = super::top_level_key(source, "language");
        let first = self.languages[0].code.clone();
        if let Some(KeyLine { line, .. }) = written_language
            && !self.language.eq_ignore_ascii_case(&first)
        {
            errors.report_at(
                Some(Position { line, column: 1 }),
                format!("`language: {}` is not the first of `languages:` (`{first}`)", self.language),
                "remove `language:`: with `languages:`, the first one listed is the site's language",
            );
        }
        self.language = first;
        for (n, lang) in self.languages.iter().enumerate() {
            let at = nth_key(source, "code", n);
            if !is_language_tag(&lang.code) {
                errors.report_at(
                    at,
                    format!("`{}` is not a language tag", lang.code),
                    "write a tag such as `en-GB` or `cy` (a two-letter language code, then an optional region)",
                );
            } else if self.languages[..n]
                .iter()
                .any(|l| primary(&l.code) == primary(&lang.code))
            {
                errors.report_at(
                    at,
                    format!("`{}` is listed twice in `languages:`", lang.code),
                    "list each language once",
                );
            }
            self.check_language_names(lang, at, errors);
        }
    }

    /// The collections and taxonomies one `languages:` entry names must exist, and its
    /// diagnostic scale must have a label for each of the site's.
    fn check_language_names(
        &self,
        lang: &LanguageConfig,
        at: Option<Position>,
        errors: &mut ConfigErrors,
    ) {
        if let (Some(d), Some(scale)) = (&self.diagnostic, &lang.diagnostic_scale)
            && scale.len() != d.scale.len()
        {
            errors.report_at(
                at,
                format!(
                    "`diagnostic_scale` for `{}` has {} labels, but the site's scale has {}",
                    lang.code,
                    scale.len(),
                    d.scale.len()
                ),
                &format!(
                    "give one label for each of the scale's levels, lowest first ({})",
                    d.scale.join(", ")
                ),
            );
        }
        for key in lang.collections.keys() {
            if !self.collections.contains_key(key) {
                errors.report_at(
                    at,
                    format!("`languages:` names a collection `{key}` that the site does not have"),
                    "name a collection folder from `collections:` (such as `case-studies`)",
                );
            }
        }
        for key in lang.taxonomies.keys() {
            if !self.taxonomies.contains(key) {
                errors.report_at(
                    at,
                    format!("`languages:` names a taxonomy `{key}` that the site does not have"),
                    &format!("name one of `taxonomies:` ({})", self.taxonomies.join(", ")),
                );
            }
        }
    }

    /// A taxonomy's name as readers see it in this site's language: from its
    /// `languages:` entry, else the name in words (`region` → `Region`).
    pub fn taxonomy_title(&self, name: &str) -> String {
        self.languages
            .get(self.site_language)
            .and_then(|l| l.taxonomies.get(name))
            .cloned()
            .unwrap_or_else(|| crate::slug::words_from_slug(name))
    }
}

/// Where the `n`-th (from 0) `key:` is written in placebook.yaml, at any indentation.
fn nth_key(source: &SourceText, key: &str, n: usize) -> Option<Position> {
    (1..=source.line_count())
        .filter_map(|line| {
            let text = source.line(line)?;
            let trimmed = text.trim_start().trim_start_matches("- ");
            let rest = trimmed.strip_prefix(key)?;
            rest.trim_start().starts_with(':').then(|| Position {
                line,
                column: text.chars().count() - trimmed.chars().count() + 1,
            })
        })
        .nth(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two() -> Config {
        Config::parse("title: Playbook\nlanguages:\n  - code: en-GB\n  - code: cy\n    title: Llyfr chwarae\n").unwrap()
    }

    #[test]
    fn stems_name_their_language() {
        let c = two();
        assert_eq!(c.split_language("oldham.cy"), Some(("oldham", 1)));
        assert_eq!(c.split_language("oldham.CY"), Some(("oldham", 1)));
        assert_eq!(c.split_language("oldham.en"), Some(("oldham", 0)));
        assert_eq!(c.split_language("oldham.en-gb"), Some(("oldham", 0)));
        assert_eq!(c.split_language("oldham"), None);
        assert_eq!(c.split_language(".cy"), None);
        assert_eq!(c.language_of_path("case-studies/oldham.cy.md"), 1);
        assert_eq!(c.language_of_path("case-studies/oldham.md"), 0);
        assert_eq!(c.unknown_language_suffix("oldham.fr"), Some("fr"));
        assert_eq!(c.unknown_language_suffix("st.albans"), None);
        assert_eq!(c.unknown_language_suffix("report.v2"), None);
        assert_eq!(c.unknown_language_suffix("oldham.cy"), None);
    }

    #[test]
    fn one_language_reads_no_suffixes() {
        let c = Config::parse("title: Playbook\nlanguage: cy\n").unwrap();
        assert_eq!(c.split_language("oldham.cy"), None);
        assert_eq!(c.unknown_language_suffix("oldham.fr"), None);
        assert_eq!(c.prefix_of(0), "");
    }

    #[test]
    fn each_language_gets_its_own_config() {
        let c = two();
        assert_eq!(c.language, "en-GB");
        let cy = c.for_language(1);
        assert_eq!(
            (cy.language.as_str(), cy.title.as_str()),
            ("cy", "Llyfr chwarae")
        );
        assert_eq!(c.prefix_of(1), "cy/");
        assert_eq!(c.for_language(0).title, "Playbook");
    }

    #[test]
    fn bad_languages_are_errors_at_their_line() {
        let e = Config::parse("title: P\nlanguages:\n  - code: en\n  - code: welsh\n").unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].message.contains("`welsh` is not a language tag"));
        assert_eq!(e[0].location.as_ref().map(|l| l.line), Some(4));
        let e = Config::parse("title: P\nlanguages:\n  - code: cy\n  - code: cy-GB\n").unwrap_err();
        assert!(e[0].message.contains("listed twice"), "{e:?}");
        let e = Config::parse("title: P\nlanguage: cy\nlanguages:\n  - code: en\n  - code: cy\n")
            .unwrap_err();
        assert_eq!(e[0].location.as_ref().map(|l| l.line), Some(2), "{e:?}");
        let e = Config::parse("title: P\nlanguages:\n  - code: en\n  - code: cy\n    collections:\n      plays: {title: Dramâu}\n").unwrap_err();
        assert!(e[0].message.contains("`plays`"), "{e:?}");
        let e = Config::parse(
            "title: P\nlanguages:\n  - code: en\n  - code: cy\n    taxonomies: {topics: Pynciau}\n",
        )
        .unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].message.contains("taxonomy `topics`"), "{e:?}");
        assert_eq!(e[0].location.as_ref().map(|l| l.line), Some(4), "{e:?}");
    }
}
