//! Site configuration: `placebook.yaml`, its defaults, and its validation.

use crate::diagnostic::{Diagnostic, Position, SourceText, closest};
use crate::yaml::{self, YamlErrorKind};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The config file's name, at the site root.
pub const CONFIG_FILE: &str = "placebook.yaml";

/// The front-matter schema a collection's pages follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A guide to one building block, with diagnostic questions.
    BuildingBlock,
    /// A case study of a place.
    CaseStudy,
    /// A plain page with only the common fields.
    Page,
}

impl Kind {
    /// The kind's name as written in `placebook.yaml` and used for its template.
    pub fn name(self) -> &'static str {
        match self {
            Kind::BuildingBlock => "building-block",
            Kind::CaseStudy => "case-study",
            Kind::Page => "page",
        }
    }
}

/// How a collection's pages are ordered in listings and for previous/next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// By `number` (building blocks).
    Number,
    /// Alphabetically by title.
    #[default]
    Title,
    /// By `weight`, lightest first; pages without a weight go last.
    Weight,
    /// By date updated, newest first.
    Updated,
    /// By `year`, newest first (case studies).
    Year,
    /// Alphabetically by `place` (case studies).
    Place,
}

/// One collection: a folder under `content/` whose pages share a kind.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CollectionConfig {
    /// The front-matter schema of its pages.
    pub kind: Kind,
    /// The heading of its index page; defaults to the folder name in words.
    #[serde(default)]
    pub title: Option<String>,
    /// The order of its pages.
    #[serde(default)]
    pub sort_by: SortBy,
}

/// The whole site configuration.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The playbook's name.
    pub title: String,
    /// One or two sentences about the playbook.
    #[serde(default)]
    pub description: String,
    /// The language tag for `<html lang>` (and the search stemmer).
    #[serde(default = "default_language")]
    pub language: String,
    /// The public address of the site, used only where an absolute URL is required.
    #[serde(default)]
    pub base_url: Option<String>,
    /// A link pattern for "edit this page"; `{path}` becomes the file's path.
    #[serde(default)]
    pub edit_url: Option<String>,
    /// `default` (embedded) or a folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Front-matter fields that get index pages at `/<name>/<term>/`.
    #[serde(default = "default_taxonomies")]
    pub taxonomies: Vec<String>,
    /// The collections, by folder name, in the order they appear in navigation.
    #[serde(default = "default_collections")]
    pub collections: IndexMap<String, CollectionConfig>,
}

fn default_language() -> String {
    "en".to_owned()
}
fn default_theme() -> String {
    "default".to_owned()
}
fn default_taxonomies() -> Vec<String> {
    vec!["tags".to_owned()]
}

/// The two collections a site has when its config names none.
pub fn default_collections() -> IndexMap<String, CollectionConfig> {
    let mut m = IndexMap::new();
    m.insert(
        "building-blocks".to_owned(),
        CollectionConfig {
            kind: Kind::BuildingBlock,
            title: Some("Building blocks".to_owned()),
            sort_by: SortBy::Number,
        },
    );
    m.insert(
        "case-studies".to_owned(),
        CollectionConfig {
            kind: Kind::CaseStudy,
            title: Some("Case studies".to_owned()),
            sort_by: SortBy::Title,
        },
    );
    m
}

const TOP_KEYS: &[&str] = &[
    "title",
    "description",
    "language",
    "base_url",
    "edit_url",
    "theme",
    "taxonomies",
    "collections",
];
const COLLECTION_KEYS: &[&str] = &["kind", "title", "sort_by"];

/// Names a collection or taxonomy may not take, because placebook writes there itself.
pub const RESERVED_NAMES: &[&str] = &[
    "assets", "search", "matrix", "print", "404", "static", "themes", "content",
];

impl Config {
    /// The configuration a site without `placebook.yaml` gets: its folder's name as title.
    pub fn default_for(root: &Path) -> Config {
        let name = root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "Playbook".to_owned());
        Config {
            title: crate::slug::words_from_slug(&name),
            description: String::new(),
            language: default_language(),
            base_url: None,
            edit_url: None,
            theme: default_theme(),
            taxonomies: default_taxonomies(),
            collections: default_collections(),
        }
    }

    /// Reads `placebook.yaml` under `root`, or the defaults when it does not exist.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Config::parse(&text),
                Err(e) => Err(vec![
                    Diagnostic::error(
                        "invalid-utf8",
                        format!("{CONFIG_FILE} is not valid UTF-8 text"),
                    )
                    .in_file(CONFIG_FILE)
                    .suggest(format!(
                        "save the file as UTF-8 (the first bad byte is at offset {})",
                        e.utf8_error().valid_up_to()
                    )),
                ]),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default_for(root)),
            Err(e) => Err(vec![
                Diagnostic::error("io", format!("cannot read {CONFIG_FILE}: {e}"))
                    .in_file(CONFIG_FILE),
            ]),
        }
    }

    /// Parses and validates the text of `placebook.yaml`.
    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let source = SourceText::new(text.replace("\r\n", "\n"));
        if source.as_str().trim().is_empty() {
            return Err(vec![
                Diagnostic::error("invalid-config", format!("{CONFIG_FILE} is empty"))
                    .in_file(CONFIG_FILE)
                    .suggest("add at least `title: <name of your playbook>`"),
            ]);
        }
        let mut config: Config = yaml::from_str(source.as_str()).map_err(|e| {
            let mut d =
                Diagnostic::error("invalid-config", format!("{CONFIG_FILE}: {}", e.message));
            let pos = e.position.map(|(line, column)| Position { line, column });
            let field = match &e.kind {
                YamlErrorKind::UnknownField(f) => {
                    let keys = if e.message.starts_with("collections") {
                        COLLECTION_KEYS
                    } else {
                        TOP_KEYS
                    };
                    d = d.span(f.chars().count());
                    d = match closest(f, keys.iter().copied()) {
                        Some(k) => d.suggest(format!("did you mean `{k}`?")),
                        None => {
                            d.suggest(format!("the keys placebook knows are: {}", keys.join(", ")))
                        }
                    };
                    Some(f.clone())
                }
                YamlErrorKind::MissingField(f) => {
                    d = d.suggest(format!("add `{f}:` to {CONFIG_FILE}"));
                    None
                }
                YamlErrorKind::DuplicateField(f) => Some(f.clone()),
                YamlErrorKind::Other => None,
            };
            let pos = pos.or_else(|| field.and_then(|f| locate_key(&source, &f)));
            vec![match pos {
                Some(p) => d.at(CONFIG_FILE, &source, p),
                None => d.in_file(CONFIG_FILE),
            }]
        })?;
        let errors = config.validate(&source);
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors)
        }
    }

    /// Checks what serde cannot, and normalises `base_url` to end in `/`.
    fn validate(&mut self, source: &SourceText) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let mut err = |key: &str, message: String, suggestion: &str| {
            let d = Diagnostic::error("invalid-config", message).suggest(suggestion);
            errors.push(match locate_key(source, key) {
                Some(p) => d.at(CONFIG_FILE, source, p),
                None => d.in_file(CONFIG_FILE),
            });
        };
        if self.title.trim().is_empty() {
            err(
                "title",
                "the site title is empty".into(),
                "give the playbook a name, e.g. `title: Our place playbook`",
            );
        }
        if let Some(url) = &mut self.base_url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                err(
                    "base_url",
                    format!("base_url `{url}` is not an http(s) address"),
                    "write the full address, e.g. `base_url: https://example.org/playbook/`",
                );
            } else if !url.ends_with('/') {
                url.push('/');
            }
        }
        if let Some(edit) = &self.edit_url
            && !edit.contains("{path}")
        {
            err(
                "edit_url",
                format!("edit_url `{edit}` has no `{{path}}`"),
                "put `{path}` where the file's path goes, e.g. `https://github.com/org/repo/edit/main/{path}`",
            );
        }
        for name in self.collections.keys() {
            if !crate::slug::is_safe_segment(name) {
                err(
                    name,
                    format!("collection name `{name}` cannot be a folder name in a URL"),
                    "use lower-case letters, digits and hyphens, e.g. `case-studies`",
                );
            } else if RESERVED_NAMES.contains(&name.as_str()) || self.taxonomies.contains(name) {
                err(
                    name,
                    format!("collection name `{name}` is reserved for placebook's own pages"),
                    "choose another folder name",
                );
            }
        }
        for (i, name) in self.taxonomies.iter().enumerate() {
            if !crate::slug::is_safe_segment(name) {
                err(
                    "taxonomies",
                    format!("taxonomy name `{name}` cannot be a folder name in a URL"),
                    "use a front-matter field name such as `tags` or `region`",
                );
            } else if RESERVED_NAMES.contains(&name.as_str()) {
                err(
                    "taxonomies",
                    format!("taxonomy name `{name}` is reserved for placebook's own pages"),
                    "choose another field",
                );
            } else if self.taxonomies[..i].contains(name) {
                err(
                    "taxonomies",
                    format!("taxonomy `{name}` is listed twice"),
                    "list each taxonomy once",
                );
            }
        }
        for (name, c) in &self.collections {
            let ok = match c.sort_by {
                SortBy::Number => c.kind == Kind::BuildingBlock,
                SortBy::Year | SortBy::Place => c.kind == Kind::CaseStudy,
                _ => true,
            };
            if !ok {
                err(
                    "sort_by",
                    format!(
                        "collection `{name}` of kind {} cannot be sorted by {:?}",
                        c.kind.name(),
                        c.sort_by
                    )
                    .to_lowercase(),
                    "use title, weight or updated",
                );
            }
        }
        errors
    }

    /// The display title of a collection.
    pub fn collection_title(&self, key: &str) -> String {
        self.collections
            .get(key)
            .and_then(|c| c.title.clone())
            .unwrap_or_else(|| crate::slug::words_from_slug(key))
    }
}

/// The position of a key written at any indentation as `key:` (first occurrence).
pub fn locate_key(source: &SourceText, key: &str) -> Option<Position> {
    (1..=source.line_count()).find_map(|n| {
        let line = source.line(n)?;
        let trimmed = line.trim_start();
        let rest = trimmed.strip_prefix(key)?;
        rest.trim_start().starts_with(':').then(|| Position {
            line: n,
            column: line.chars().count() - trimmed.chars().count() + 1,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply() {
        let c = Config::parse("title: T\n").unwrap();
        assert_eq!(c.language, "en");
        assert_eq!(c.collections.len(), 2);
        assert_eq!(c.collections["building-blocks"].sort_by, SortBy::Number);
    }

    #[test]
    fn unknown_key_suggests() {
        let e = Config::parse("title: T\ntaxonomy: [tags]\n").unwrap_err();
        let loc = e[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (2, 1));
        assert_eq!(
            e[0].suggestion.as_deref(),
            Some("did you mean `taxonomies`?")
        );
    }

    #[test]
    fn nested_unknown_key_suggests_collection_key() {
        let e = Config::parse(
            "title: T\ncollections:\n  plays: { kind: building-block, sortby: title }\n",
        )
        .unwrap_err();
        assert_eq!(e[0].suggestion.as_deref(), Some("did you mean `sort_by`?"));
    }

    #[test]
    fn base_url_gets_trailing_slash_and_bad_values_fail() {
        let c = Config::parse("title: T\nbase_url: https://x.org/pb\n").unwrap();
        assert_eq!(c.base_url.as_deref(), Some("https://x.org/pb/"));
        assert!(Config::parse("title: T\nbase_url: x.org\n").is_err());
        assert!(Config::parse("title: T\ncollections:\n  ../x: { kind: page }\n").is_err());
    }
}
