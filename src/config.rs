//! Site configuration: `placebook.yaml`, its defaults, and its validation.

pub mod accessibility;
pub mod analytics;
pub mod feedback;
pub mod images;
pub mod languages;

use crate::diagnostic::{Diagnostic, Position, SourceText, closest};
use crate::yaml::{self, YamlErrorKind};
use indexmap::IndexMap;
pub use languages::LanguageConfig;
use serde::{Deserialize, Deserializer, Serialize};
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
    /// The heading of its index page, and the plural in "9 case studies"; defaults to
    /// the folder name in words.
    #[serde(default)]
    pub title: Option<String>,
    /// The name of one of its pages ("Case study"), for captions and counts; defaults
    /// to the title made singular by the rules of English plurals.
    #[serde(default)]
    pub singular: Option<String>,
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
    /// The browser editing screen (Decap CMS) written to `admin/`: off unless `cms: true`
    /// or a map of [`CmsConfig`] settings.
    #[serde(
        default,
        deserialize_with = "cms_setting",
        skip_serializing_if = "Option::is_none"
    )]
    pub cms: Option<CmsConfig>,
    /// The self-assessment page (`diagnostic/index.html`) built from the building blocks'
    /// questions: on unless `diagnostic: false`; a map of [`DiagnosticConfig`] settings.
    #[serde(
        default = "default_diagnostic",
        deserialize_with = "diagnostic_setting"
    )]
    pub diagnostic: Option<DiagnosticConfig>,
    /// Clean the HTML of every page body with a sanitiser (ammonia), so that raw HTML in
    /// markdown cannot run scripts or embed other sites; off by default (authors are
    /// trusted).
    #[serde(default)]
    pub sanitize: bool,
    /// The playbook's languages, the first being the site's `language` (see
    /// [`languages`]); empty for a playbook in one language.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<LanguageConfig>,
    /// Make a page with no version in one of the `languages` an error, for bodies
    /// that must publish every language at once.
    #[serde(default)]
    pub require_translations: bool,
    /// How long a page's review lasts (`3y`, `18m`): with it, a page's next review is
    /// due that long after its `reviewed` date, and `check` warns about pages with no
    /// review date (see [`crate::dates::parse_period`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_every: Option<String>,
    /// "Is this page useful?" links at the foot of every page (see [`feedback`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<feedback::FeedbackConfig>,
    /// The accessibility statement at `accessibility/` (see [`accessibility`]).
    #[serde(
        default,
        deserialize_with = "accessibility_setting",
        skip_serializing_if = "Option::is_none"
    )]
    pub accessibility: Option<accessibility::AccessibilityConfig>,
    /// A cookie-free service that counts visits, and the privacy page that says so
    /// (see [`analytics`]); off by default.
    #[serde(
        default,
        deserialize_with = "analytics_setting",
        skip_serializing_if = "Option::is_none"
    )]
    pub analytics: Option<analytics::AnalyticsConfig>,
    /// "Page updates" from each page's git history (`from_git`), leaving out commits
    /// marked trivial (`skip`); `page_history: true` turns on `from_git`.
    #[serde(
        default,
        deserialize_with = "page_history_setting",
        skip_serializing_if = "Option::is_none"
    )]
    pub page_history: Option<PageHistoryConfig>,
    /// How content images are resized and cleaned (see [`images`]).
    #[serde(default, skip_serializing_if = "is_default_images")]
    pub images: images::ImagesConfig,
    /// The most items a listing shows on one page (a collection's index, a term's
    /// pages, the matrix's rows, the A to Z, a block's case studies); a longer listing
    /// is split into pages (`case-studies/page/2/`).
    #[serde(default = "default_paginate")]
    pub paginate: usize,
    /// Which of `languages` this config's site is (0 for the first, and for a playbook
    /// in one language).
    #[serde(skip)]
    pub site_language: usize,
    /// Whether the build includes drafts (`--drafts`): a review copy, whose pages ask
    /// search engines not to index them.
    #[serde(skip)]
    pub with_drafts: bool,
    /// Whether the build is `serve`'s preview, whose theme assets keep their plain
    /// names (see [`crate::plan::assets`]).
    #[serde(skip)]
    pub preview: bool,
    /// Where `collections:` is written in placebook.yaml (`None` when the defaults are
    /// used), so that help which adds a collection fits the file as it is.
    #[serde(skip)]
    pub collections_at: Option<KeyLine>,
}

/// `page_history:` in placebook.yaml.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PageHistoryConfig {
    /// List each page's commits under "Page updates" (pages with `changes:` in their
    /// front matter list those instead).
    #[serde(default)]
    pub from_git: bool,
    /// Commits whose first line contains one of these (ignoring case) are left out.
    #[serde(default = "default_history_skip")]
    pub skip: Vec<String>,
}

fn default_history_skip() -> Vec<String> {
    vec!["[minor]".into()]
}

/// The keys of `page_history:`.
const PAGE_HISTORY_KEYS: &[&str] = &["from_git", "skip"];

/// Where a top-level key is written in placebook.yaml.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyLine {
    /// Its 1-based line.
    pub line: usize,
    /// True when its value is a `{ ... }` map on the same line, false for indented lines.
    pub flow: bool,
}

/// The settings of the self-assessment page (`diagnostic:` in `placebook.yaml`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DiagnosticConfig {
    /// The page's heading and its name in the navigation.
    #[serde(default = "default_diagnostic_title")]
    pub title: String,
    /// The labels of the rating scale, lowest first (2 to 10 of them).
    #[serde(default = "default_scale")]
    pub scale: Vec<String>,
}

impl Default for DiagnosticConfig {
    fn default() -> Self {
        DiagnosticConfig {
            title: default_diagnostic_title(),
            scale: default_scale(),
        }
    }
}

/// The fewest and most labels a diagnostic scale may have.
pub const SCALE_LABELS: std::ops::RangeInclusive<usize> = 2..=10;

fn default_diagnostic() -> Option<DiagnosticConfig> {
    Some(DiagnosticConfig::default())
}

fn default_diagnostic_title() -> String {
    "Diagnostic".to_owned()
}

fn default_scale() -> Vec<String> {
    [
        "Not yet",
        "Starting",
        "Developing",
        "Established",
        "Embedded",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// Reads `diagnostic:` as `true`/`false`, nothing (the defaults), or a map of
/// [`DiagnosticConfig`] settings.
fn diagnostic_setting<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<DiagnosticConfig>, D::Error> {
    struct Setting;
    impl<'de> serde::de::Visitor<'de> for Setting {
        type Value = Option<DiagnosticConfig>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("`true`, `false` or a map such as `{ scale: [No, Partly, Yes] }`")
        }
        fn visit_bool<E: serde::de::Error>(self, on: bool) -> Result<Self::Value, E> {
            Ok(on.then(DiagnosticConfig::default))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Some(DiagnosticConfig::default()))
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Some(DiagnosticConfig::default()))
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            DiagnosticConfig::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                .map(Some)
        }
    }
    d.deserialize_any(Setting)
}

/// Where the browser editing screen saves the pages people edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CmsBackend {
    /// Netlify's Git Gateway, with editors signing in through Netlify Identity.
    #[default]
    GitGateway,
    /// GitHub, with editors signing in with their GitHub accounts.
    Github,
    /// GitLab, with editors signing in with their GitLab accounts.
    Gitlab,
}

impl CmsBackend {
    /// The backend's name in Decap CMS's `config.yml`.
    pub fn name(self) -> &'static str {
        match self {
            CmsBackend::GitGateway => "git-gateway",
            CmsBackend::Github => "github",
            CmsBackend::Gitlab => "gitlab",
        }
    }
}

/// The settings of the browser editing screen (`cms:` in `placebook.yaml`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CmsConfig {
    /// Where edits are saved.
    #[serde(default)]
    pub backend: CmsBackend,
    /// The repository as `owner/name`; needed for `github` and `gitlab`.
    #[serde(default)]
    pub repo: Option<String>,
    /// The branch edits are committed to.
    #[serde(default = "default_branch")]
    pub branch: String,
    /// The address of an OAuth server that signs editors in to `github` or `gitlab`
    /// when the site is not hosted on Netlify.
    #[serde(default)]
    pub auth_url: Option<String>,
    /// Decap's editorial workflow: edits are saved as drafts (a branch and pull request
    /// for each) and published only when someone approves them.
    #[serde(default)]
    pub editorial_workflow: bool,
    /// A folder (from the site root) holding Decap's own files, `decap-cms.js` and its
    /// numbered parts: `node_modules/decap-cms/dist` after `npm install decap-cms@3`.
    /// They are copied into `admin/`, so the editing screen loads nothing from a CDN.
    #[serde(default)]
    pub script: Option<String>,
}

impl Default for CmsConfig {
    fn default() -> Self {
        CmsConfig {
            backend: CmsBackend::default(),
            repo: None,
            branch: default_branch(),
            auth_url: None,
            editorial_workflow: false,
            script: None,
        }
    }
}

fn default_branch() -> String {
    "main".to_owned()
}

/// Reads `cms:` as `true`/`false`, nothing, or a map of [`CmsConfig`] settings (read by
/// the same deserializer, so unknown keys keep their position for the error).
fn cms_setting<'de, D: Deserializer<'de>>(d: D) -> Result<Option<CmsConfig>, D::Error> {
    struct Setting;
    impl<'de> serde::de::Visitor<'de> for Setting {
        type Value = Option<CmsConfig>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(
                "`true`, `false` or a map such as `{ backend: github, repo: org/playbook }`",
            )
        }
        fn visit_bool<E: serde::de::Error>(self, on: bool) -> Result<Self::Value, E> {
            Ok(on.then(CmsConfig::default))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            CmsConfig::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Some)
        }
    }
    d.deserialize_any(Setting)
}

/// What a settings section makes of `true`/`false`, and of nothing written under it.
struct SectionRules<T> {
    /// The value when nothing is written under the key.
    empty: fn() -> Option<T>,
    /// The value of `key: true` or `key: false`, for sections that take a flag.
    flag: Option<fn(bool) -> Option<T>>,
}

/// A settings section (`key:` with its settings indented under it), read by `rules`;
/// anything else is an error saying how such a section is written.
fn section<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
    rules: SectionRules<T>,
) -> Result<Option<T>, D::Error> {
    struct Section<T>(SectionRules<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Section<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("its settings on the lines under it, each indented by two spaces")?;
            if self.0.flag.is_some() {
                f.write_str(", or `true`")?;
            }
            Ok(())
        }
        fn visit_bool<E: serde::de::Error>(self, on: bool) -> Result<Self::Value, E> {
            match self.0.flag {
                Some(flag) => Ok(flag(on)),
                None => Err(E::invalid_type(serde::de::Unexpected::Bool(on), &self)),
            }
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok((self.0.empty)())
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok((self.0.empty)())
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Some)
        }
    }
    d.deserialize_any(Section(rules))
}

/// `accessibility:` with nothing under it is a statement with every part missing.
fn accessibility_setting<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<accessibility::AccessibilityConfig>, D::Error> {
    section(
        d,
        SectionRules {
            empty: || Some(Default::default()),
            flag: None,
        },
    )
}

/// `analytics:` with nothing under it is off.
fn analytics_setting<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<analytics::AnalyticsConfig>, D::Error> {
    section(
        d,
        SectionRules {
            empty: || None,
            flag: None,
        },
    )
}

/// Whether `images:` is left as it is by default (so it is not written out).
fn is_default_images(i: &images::ImagesConfig) -> bool {
    *i == images::ImagesConfig::default()
}

/// `page_history: true` is `page_history: { from_git: true }`.
fn page_history_setting<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<PageHistoryConfig>, D::Error> {
    section(
        d,
        SectionRules {
            empty: || None,
            flag: Some(|on| {
                on.then(|| PageHistoryConfig {
                    from_git: true,
                    skip: default_history_skip(),
                })
            }),
        },
    )
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
            singular: None,
            sort_by: SortBy::Number,
        },
    );
    m.insert(
        "case-studies".to_owned(),
        CollectionConfig {
            kind: Kind::CaseStudy,
            title: Some("Case studies".to_owned()),
            singular: None,
            sort_by: SortBy::Title,
        },
    );
    m
}

/// The most items a listing shows on one page when `paginate:` is not set.
pub const DEFAULT_PAGINATE: usize = 100;

fn default_paginate() -> usize {
    DEFAULT_PAGINATE
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
    "cms",
    "diagnostic",
    "sanitize",
    "languages",
    "require_translations",
    "review_every",
    "feedback",
    "accessibility",
    "analytics",
    "page_history",
    "images",
    "paginate",
];
const COLLECTION_KEYS: &[&str] = &["kind", "title", "singular", "sort_by"];
const CMS_KEYS: &[&str] = &[
    "backend",
    "repo",
    "branch",
    "auth_url",
    "editorial_workflow",
    "script",
];
const DIAGNOSTIC_KEYS: &[&str] = &["title", "scale"];

/// The file that starts Decap CMS, in its npm package's `dist` folder (see
/// [`CmsConfig::script`]).
pub const DECAP_FILE: &str = "decap-cms.js";

/// The output folder of the browser editing screen, when `cms` is on.
pub const CMS_FOLDER: &str = "admin";

/// Names a collection or taxonomy may not take, because placebook writes there itself.
pub const RESERVED_NAMES: &[&str] = &[
    "assets",
    "search",
    "a-z",
    "matrix",
    "print",
    "diagnostic",
    "404",
    "static",
    "themes",
    "content",
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
            cms: None,
            diagnostic: default_diagnostic(),
            sanitize: false,
            languages: Vec::new(),
            require_translations: false,
            review_every: None,
            feedback: None,
            accessibility: None,
            analytics: None,
            page_history: None,
            images: images::ImagesConfig::default(),
            paginate: default_paginate(),
            site_language: 0,
            with_drafts: false,
            preview: false,
            collections_at: None,
        }
    }

    /// Reads `placebook.yaml` under `root`, or the defaults when it does not exist.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        match std::fs::read(&path) {
            Ok(bytes) if crate::diagnostic::encoding::looks_utf16(&bytes) => Err(vec![
                Diagnostic::error(
                    "invalid-utf8",
                    format!("{CONFIG_FILE} is saved as UTF-16 (which Notepad calls \"Unicode\"), but placebook reads UTF-8 text"),
                )
                .in_file(CONFIG_FILE)
                .suggest(crate::diagnostic::encoding::SAVE_AS_UTF8),
            ]),
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Config::parse(&text).and_then(|c| c.check_files(root, &text)),
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

    /// Checks what the config names on disk under `root` (its text is `text`): the
    /// folder of Decap's files, when `cms.script` is set.
    fn check_files(self, root: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
        let Some(folder) = self.cms.as_ref().and_then(|c| c.script.as_deref()) else {
            return Ok(self);
        };
        if root.join(folder).join(DECAP_FILE).is_file() {
            return Ok(self);
        }
        let source = SourceText::new(text.replace("\r\n", "\n"));
        let mut errors = ConfigErrors {
            source: &source,
            found: Vec::new(),
        };
        errors.report(
            "cms.script",
            format!("`{folder}` has no `decap-cms.js`"),
            "run `npm install decap-cms@3` in the playbook's folder and set `script: node_modules/decap-cms/dist`, or remove `script` to load Decap from its CDN",
        );
        Err(errors.found)
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
                    } else if e.message.starts_with("cms") {
                        CMS_KEYS
                    } else if e.message.starts_with("diagnostic") {
                        DIAGNOSTIC_KEYS
                    } else if e.message.starts_with("feedback") {
                        feedback::FEEDBACK_KEYS
                    } else if e.message.starts_with("accessibility") {
                        accessibility::ACCESSIBILITY_KEYS
                    } else if e.message.starts_with("analytics") {
                        analytics::ANALYTICS_KEYS
                    } else if e.message.starts_with("images") {
                        images::IMAGES_KEYS
                    } else if e.message.starts_with("page_history") {
                        PAGE_HISTORY_KEYS
                    } else if e.message.starts_with("languages") {
                        languages::LANGUAGE_KEYS
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
                YamlErrorKind::DuplicateField(f) => {
                    d = d.suggest(format!(
                        "`{f}:` is written twice: keep one, and move what the other holds under it"
                    ));
                    Some(f.clone())
                }
                YamlErrorKind::Other => None,
            };
            let pos = pos.or_else(|| field.and_then(|f| locate_key(&source, &f)));
            vec![match pos {
                Some(p) => d.at(CONFIG_FILE, &source, p),
                None => d.in_file(CONFIG_FILE),
            }]
        })?;
        config.collections_at = top_level_key(&source, "collections");
        let errors = config.validate(&source);
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors)
        }
    }

    /// Checks what serde cannot, and normalises `base_url` to end in `/` (and the
    /// diagnostic's title and labels to be trimmed).
    fn validate(&mut self, source: &SourceText) -> Vec<Diagnostic> {
        let mut errors = ConfigErrors {
            source,
            found: Vec::new(),
        };
        self.check_title(&mut errors);
        self.check_urls(&mut errors);
        self.check_theme_name(&mut errors);
        self.check_collection_names(&mut errors);
        self.check_taxonomy_names(&mut errors);
        if let Some(cms) = &self.cms {
            self.check_cms(cms, &mut errors);
        }
        if let Some(d) = &mut self.diagnostic {
            d.normalise(&mut errors);
        }
        self.check_sort_orders(&mut errors);
        self.check_languages(&mut errors);
        self.check_review_every(&mut errors);
        self.check_feedback(&mut errors);
        self.check_accessibility(&mut errors);
        self.check_analytics(&mut errors);
        self.check_images(&mut errors);
        self.check_paginate(&mut errors);
        errors.found
    }

    /// `paginate` must allow at least one item on a page.
    fn check_paginate(&self, errors: &mut ConfigErrors) {
        if self.paginate == 0 {
            errors.report(
                "paginate",
                "`paginate: 0` would put no item on a page".to_owned(),
                "write how many items a listing shows on one page, e.g. `paginate: 100`",
            );
        }
    }

    /// `review_every` must be a period such as `3y`.
    fn check_review_every(&self, errors: &mut ConfigErrors) {
        if let Some(every) = &self.review_every
            && self.review_period().is_none()
        {
            errors.report(
                "review_every",
                format!("`review_every: {every}` is not a length of time placebook reads"),
                "write a number and a unit: `review_every: 3y` (years), `18m` (months), `6w` (weeks) or `90d` (days)",
            );
        }
    }

    /// Which commits make "Page updates" (none unless `page_history: {from_git: true}`).
    pub fn history_filter(&self) -> crate::gitdates::HistoryFilter<'_> {
        match &self.page_history {
            Some(h) => crate::gitdates::HistoryFilter {
                from_git: h.from_git,
                skip: &h.skip,
            },
            None => crate::gitdates::HistoryFilter {
                from_git: false,
                skip: &[],
            },
        }
    }

    /// Whether placebook writes to the top-level folder `name` itself: always for
    /// [`RESERVED_NAMES`], and for `accessibility` and `privacy` when the statement or
    /// analytics are on.
    pub fn reserves(&self, name: &str) -> bool {
        RESERVED_NAMES.contains(&name)
            || (name == "accessibility" && self.accessibility.is_some())
            || (name == "privacy" && self.analytics.is_some())
    }

    /// How long a page's review lasts, when `review_every` is set and valid.
    pub fn review_period(&self) -> Option<crate::dates::Period> {
        self.review_every
            .as_deref()
            .and_then(crate::dates::parse_period)
    }

    /// The site title must not be empty.
    fn check_title(&self, errors: &mut ConfigErrors) {
        if self.title.trim().is_empty() {
            errors.report(
                "title",
                "the site title is empty".into(),
                "give the playbook a name, e.g. `title: Our place playbook`",
            );
        }
    }

    /// `base_url` must be an http(s) address (it gets a final `/`), and `edit_url` must
    /// say where the file's path goes.
    fn check_urls(&mut self, errors: &mut ConfigErrors) {
        if let Some(url) = &mut self.base_url {
            if !is_http(url) {
                errors.report(
                    "base_url",
                    format!("base_url `{url}` is not an http(s) address"),
                    "write the full address, e.g. `base_url: https://example.org/playbook/`",
                );
            } else if !url.ends_with('/') {
                url.push('/');
            }
        }
        if let Some(edit) = &self.edit_url
            && !is_http(edit)
        {
            errors.report(
                "edit_url",
                format!("edit_url `{edit}` is not an http(s) address"),
                "write the full address, e.g. `https://github.com/org/repo/edit/main/{path}`",
            );
        } else if let Some(edit) = &self.edit_url
            && !edit.contains("{path}")
        {
            errors.report(
                "edit_url",
                format!("edit_url `{edit}` has no `{{path}}`"),
                "put `{path}` where the file's path goes, e.g. `https://github.com/org/repo/edit/main/{path}`",
            );
        }
    }

    /// The theme is named like every folder the config names: one plain folder name,
    /// under `themes/` in the site, never a path that leads elsewhere.
    fn check_theme_name(&self, errors: &mut ConfigErrors) {
        if !crate::slug::is_safe_segment(&self.theme) {
            errors.report(
                "theme",
                format!("theme `{}` is not the name of a folder under themes/", self.theme),
                "put the theme in the site's themes/ folder and give its folder's name, e.g. `theme: council` for themes/council/ (or `theme: default`)",
            );
        }
    }

    /// Collection names must be safe URL segments, not reserved and not taxonomies.
    fn check_collection_names(&self, errors: &mut ConfigErrors) {
        for name in self.collections.keys() {
            if !crate::slug::is_safe_segment(name) {
                errors.report(
                    name,
                    format!("collection name `{name}` cannot be a folder name in a URL"),
                    "use lower-case letters, digits and hyphens, e.g. `case-studies`",
                );
            } else if self.reserves(name) || self.taxonomies.contains(name) {
                errors.report(
                    name,
                    format!("collection name `{name}` is reserved for placebook's own pages"),
                    "choose another folder name",
                );
            }
        }
    }

    /// Taxonomy names must be safe URL segments, not reserved, and listed once.
    fn check_taxonomy_names(&self, errors: &mut ConfigErrors) {
        for (i, name) in self.taxonomies.iter().enumerate() {
            if !crate::slug::is_safe_segment(name) {
                errors.report(
                    "taxonomies",
                    format!("taxonomy name `{name}` cannot be a folder name in a URL"),
                    "use a front-matter field name such as `tags` or `region`",
                );
            } else if self.reserves(name) {
                errors.report(
                    "taxonomies",
                    format!("taxonomy name `{name}` is reserved for placebook's own pages"),
                    "choose another field",
                );
            } else if self.taxonomies[..i].contains(name) {
                errors.report(
                    "taxonomies",
                    format!("taxonomy `{name}` is listed twice"),
                    "list each taxonomy once",
                );
            }
        }
    }

    /// The CMS settings must be complete, and its folder must not be a collection's or
    /// a taxonomy's.
    fn check_cms(&self, cms: &CmsConfig, errors: &mut ConfigErrors) {
        cms.check_repository(errors);
        if let Some(url) = &cms.auth_url
            && !is_http(url)
        {
            errors.report(
                "auth_url",
                format!("auth_url `{url}` is not an http(s) address"),
                "write the OAuth server's full address, e.g. `auth_url: https://auth.example.org`",
            );
        }
        if cms.branch.trim().is_empty() {
            errors.report(
                "branch",
                "the CMS branch is empty".into(),
                "name the branch edits go to, e.g. `branch: main`",
            );
        }
        let admin = CMS_FOLDER.to_owned();
        if self.collections.contains_key(&admin) || self.taxonomies.contains(&admin) {
            errors.report(
                CMS_FOLDER,
                format!("`{CMS_FOLDER}` is where the CMS goes when `cms` is on"),
                "rename the collection or taxonomy, or turn `cms` off",
            );
        }
    }

    /// Sorting by `number` is for building blocks, by `year` or `place` for case studies.
    fn check_sort_orders(&self, errors: &mut ConfigErrors) {
        for (name, c) in &self.collections {
            let ok = match c.sort_by {
                SortBy::Number => c.kind == Kind::BuildingBlock,
                SortBy::Year | SortBy::Place => c.kind == Kind::CaseStudy,
                _ => true,
            };
            if !ok {
                errors.report(
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
    }

    /// The display title of a collection.
    pub fn collection_title(&self, key: &str) -> String {
        self.collections
            .get(key)
            .and_then(|c| c.title.clone())
            .unwrap_or_else(|| crate::slug::words_from_slug(key))
    }

    /// The path part of `base_url` (`/playbook/`), or `/` without one (`/cy/` for the
    /// site of a language after the first).
    pub fn base_path(&self) -> String {
        self.base_url
            .as_deref()
            .and_then(|b| b.split_once("://").map(|(_, rest)| rest))
            .and_then(|rest| rest.find('/').map(|i| rest[i..].to_owned()))
            .unwrap_or_else(|| format!("/{}", self.prefix_of(self.site_language)))
    }

    /// The name of one page of a collection: its `singular`, or its title made singular.
    pub fn collection_singular(&self, key: &str) -> String {
        self.collections
            .get(key)
            .and_then(|c| c.singular.clone())
            .unwrap_or_else(|| english_singular(&self.collection_title(key)))
    }
}

/// `title` with its last word made singular by the regular English rules ("Case
/// studies" -> "Case study", "Plays" -> "Play", "Boxes" -> "Box"); a word those rules
/// do not cover is kept, and the config's `singular` says the rest.
pub fn english_singular(title: &str) -> String {
    let (head, last) = match title.rsplit_once(' ') {
        Some((h, l)) => (format!("{h} "), l),
        None => (String::new(), title),
    };
    let lower = last.to_lowercase();
    let cut = if lower.ends_with("ies") && last.len() > 4 {
        return format!("{head}{}y", &last[..last.len() - 3]);
    } else if ["ches", "shes", "sses", "xes", "zes"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        2
    } else if lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && last.len() > 2
    {
        1
    } else {
        0
    };
    format!("{head}{}", &last[..last.len() - cut])
}

/// The errors found validating `placebook.yaml`, each placed at the key it is about.
struct ConfigErrors<'a> {
    source: &'a SourceText,
    found: Vec<Diagnostic>,
}

impl ConfigErrors<'_> {
    /// Adds an `invalid-config` error at `key` (a key, or `parent.key`), or on the file
    /// when the key is not written.
    fn report(&mut self, key: &str, message: String, suggestion: &str) {
        let d = Diagnostic::error("invalid-config", message).suggest(suggestion);
        self.found.push(match locate_path(self.source, key) {
            Some(p) => d.at(CONFIG_FILE, self.source, p),
            None => d.in_file(CONFIG_FILE),
        });
    }

    /// Adds an error at `key` when `url` is given and is not an http(s) address.
    fn require_web_address(&mut self, key: &str, url: Option<&str>) {
        if let Some(url) = url
            && !is_http(url)
        {
            self.report(
                key,
                format!("`{url}` is not a web address"),
                "write the whole address, starting https://",
            );
        }
    }

    /// Adds an `invalid-config` error at `at`, or on the file when it is `None`.
    fn report_at(&mut self, at: Option<Position>, message: String, suggestion: &str) {
        let d = Diagnostic::error("invalid-config", message).suggest(suggestion);
        self.found.push(match at {
            Some(p) => d.at(CONFIG_FILE, self.source, p),
            None => d.in_file(CONFIG_FILE),
        });
    }
}

/// True for an address starting `https://` or `http://`.
fn is_http(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

impl CmsConfig {
    /// Backends other than git-gateway need the repository, written `owner/name`.
    fn check_repository(&self, errors: &mut ConfigErrors) {
        let needs_repo = self.backend != CmsBackend::GitGateway;
        match &self.repo {
            None if needs_repo => errors.report(
                "cms",
                format!(
                    "the `{}` CMS backend needs the repository",
                    self.backend.name()
                ),
                "add `repo: owner/name` under `cms:`, e.g. `cms: { backend: github, repo: our-org/playbook }`",
            ),
            Some(repo) if repo.split('/').filter(|p| !p.trim().is_empty()).count() < 2 => errors
                .report(
                    "repo",
                    format!("`repo: {repo}` is not of the form owner/name"),
                    "write the repository as on its web page, e.g. `repo: our-org/playbook`",
                ),
            _ => {}
        }
    }
}

impl DiagnosticConfig {
    /// Trims the title and scale labels, and checks the scale has a valid number of
    /// distinct, non-empty labels and the title is not empty.
    fn normalise(&mut self, errors: &mut ConfigErrors) {
        for label in &mut self.scale {
            *label = label.trim().to_owned();
        }
        if let Some((message, suggestion)) = self.scale_problem() {
            errors.report("diagnostic.scale", message, suggestion);
        }
        self.title = self.title.trim().to_owned();
        if self.title.is_empty() {
            errors.report(
                "diagnostic.title",
                "the diagnostic's title is empty".into(),
                "name the page, e.g. `title: Self-assessment`, or leave `title` out",
            );
        }
    }

    /// The first problem of the (trimmed) scale, with its suggestion: too few or too many
    /// labels, an empty one, or one named twice.
    fn scale_problem(&self) -> Option<(String, &'static str)> {
        let n = self.scale.len();
        if !SCALE_LABELS.contains(&n) {
            return Some((
                format!(
                    "the diagnostic scale has {n} label{}; it needs {} to {}",
                    if n == 1 { "" } else { "s" },
                    SCALE_LABELS.start(),
                    SCALE_LABELS.end()
                ),
                "list the levels from lowest to highest, e.g. `scale: [Not yet, Starting, Developing, Established, Embedded]`",
            ));
        }
        if self.scale.iter().any(String::is_empty) {
            return Some((
                "a label of the diagnostic scale is empty".into(),
                "give every level a name, e.g. `scale: [No, Partly, Yes]`",
            ));
        }
        let dup = self
            .scale
            .iter()
            .enumerate()
            .find_map(|(i, l)| self.scale[..i].contains(l).then_some(l))?;
        Some((
            format!("the diagnostic scale names `{dup}` twice"),
            "give each level its own name",
        ))
    }
}

/// The position of `key`, or of `parent.key`: the first `key:` written after `parent:`
/// (on its line, for a `{ key: ... }` map, or below it), else `parent:` itself.
fn locate_path(source: &SourceText, path: &str) -> Option<Position> {
    let Some((parent, key)) = path.split_once('.') else {
        return locate_key(source, path);
    };
    let at = locate_key(source, parent)?;
    let needle = format!("{key}:");
    (at.line..=source.line_count())
        .take_while(|&n| {
            n == at.line
                || source
                    .line(n)
                    .is_some_and(|l| l.trim().is_empty() || l.starts_with([' ', '#']))
        })
        .find_map(|n| {
            let line = source.line(n)?;
            let from = if n == at.line {
                at.column - 1 + parent.len()
            } else {
                0
            };
            let i = line.get(from..)?.find(&needle)? + from;
            let before = line[..i].chars().next_back();
            before
                .is_none_or(|c| c == ' ' || c == '{' || c == ',')
                .then(|| Position {
                    line: n,
                    column: line[..i].chars().count() + 1,
                })
        })
        .or(Some(at))
}

/// The position of a key written at any indentation as `key:` (first occurrence).
/// Where top-level `key:` is written, and whether its value is a flow map on its line.
fn top_level_key(source: &SourceText, key: &str) -> Option<KeyLine> {
    (1..=source.line_count()).find_map(|n| {
        let rest = source
            .line(n)?
            .strip_prefix(key)?
            .trim_start()
            .strip_prefix(':')?;
        Some(KeyLine {
            line: n,
            flow: rest.trim_start().starts_with('{'),
        })
    })
}

/// Where `key:` is first written, at any indentation.
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
    #[test]
    fn a_collection_title_is_made_singular_by_english_rules() {
        for (plural, one) in [
            ("Case studies", "Case study"),
            ("Building blocks", "Building block"),
            ("Plays", "Play"),
            ("Stories", "Story"),
            ("Boxes", "Box"),
            ("Guides to practice", "Guides to practice"),
            ("Status", "Status"),
            ("Help", "Help"),
        ] {
            assert_eq!(english_singular(plural), one, "{plural}");
        }
        let c = Config::parse(
            "title: T\ncollections:\n  plays: { kind: building-block, title: Plays }\n  people: { kind: page, singular: Person }\n",
        )
        .unwrap();
        assert_eq!(c.collection_singular("plays"), "Play");
        assert_eq!(c.collection_singular("people"), "Person");
    }

    use super::*;

    #[test]
    fn paginate_defaults_to_100_and_must_be_at_least_1() {
        assert_eq!(Config::parse("title: T\n").unwrap().paginate, 100);
        assert_eq!(
            Config::parse("title: T\npaginate: 25\n").unwrap().paginate,
            25
        );
        let errors = Config::parse("title: T\npaginate: 0\n").unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.contains("paginate: 0"), "{errors:?}");
    }

    #[test]
    fn defaults_apply() {
        let c = Config::parse("title: T\n").unwrap();
        assert_eq!(c.language, "en");
        assert_eq!(c.collections.len(), 2);
        assert_eq!(c.collections["building-blocks"].sort_by, SortBy::Number);
    }

    #[test]
    fn every_address_the_config_gives_is_a_web_address() {
        for (key, value) in [
            ("base_url", "javascript:alert(1)//"),
            ("edit_url", "javascript:alert('{path}')"),
            ("edit_url", "data:text/html,{path}"),
        ] {
            let e = Config::parse(&format!("title: T\n{key}: \"{value}\"\n")).unwrap_err();
            assert!(
                e[0].message.contains("is not an http(s) address"),
                "{key}: {:?}",
                e[0]
            );
            assert_eq!(e[0].location.as_ref().map(|l| l.line), Some(2), "{key}");
        }
        let e = Config::parse(
            "title: T\ncms: { backend: github, repo: a/b, auth_url: \"javascript:x\" }\n",
        )
        .unwrap_err();
        assert!(e[0].message.contains("auth_url"), "{:?}", e[0]);
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
    fn cms_is_off_by_default_and_true_turns_it_on() {
        assert_eq!(Config::parse("title: T\n").unwrap().cms, None);
        assert_eq!(Config::parse("title: T\ncms: false\n").unwrap().cms, None);
        let on = Config::parse("title: T\ncms: true\n").unwrap().cms.unwrap();
        assert_eq!(
            (on.backend, on.branch.as_str()),
            (CmsBackend::GitGateway, "main")
        );
        let gh = Config::parse("title: T\ncms: { backend: github, repo: org/pb }\n")
            .unwrap()
            .cms
            .unwrap();
        assert_eq!(
            (gh.backend, gh.repo.as_deref()),
            (CmsBackend::Github, Some("org/pb"))
        );
    }

    #[test]
    fn cms_unknown_key_is_located_and_suggested() {
        let e = Config::parse("title: T\ncms:\n  backend: github\n  brnach: x\n").unwrap_err();
        let loc = e[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (4, 3));
        assert_eq!(e[0].suggestion.as_deref(), Some("did you mean `branch`?"));
        let e = Config::parse("title: T\ncmss: true\n").unwrap_err();
        assert_eq!(e[0].suggestion.as_deref(), Some("did you mean `cms`?"));
    }

    #[test]
    fn cms_settings_are_checked() {
        let e = Config::parse("title: T\ncms: { backend: github }\n").unwrap_err();
        assert!(
            e[0].message.contains("needs the repository"),
            "{}",
            e[0].message
        );
        let e = Config::parse("title: T\ncms: { backend: gitlab, repo: nope }\n").unwrap_err();
        assert!(e[0].message.contains("owner/name"), "{}", e[0].message);
        let e = Config::parse("title: T\ncms: { auth_url: auth.example.org }\n").unwrap_err();
        assert!(e[0].message.contains("auth_url"), "{}", e[0].message);
        let e = Config::parse("title: T\ncms: [on]\n").unwrap_err();
        assert!(
            e[0].message.contains("`true`, `false` or a map"),
            "{}",
            e[0].message
        );
        let e = Config::parse("title: T\ncms: true\ncollections:\n  admin: { kind: page }\n")
            .unwrap_err();
        assert!(
            e[0].message.contains("`admin` is where the CMS goes"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn diagnostic_is_on_with_a_default_scale_and_can_be_turned_off() {
        let d = Config::parse("title: T\n").unwrap().diagnostic.unwrap();
        assert_eq!(d.scale.len(), 5);
        assert_eq!(d.scale[0], "Not yet");
        assert_eq!(d.title, "Diagnostic");
        assert_eq!(
            Config::parse("title: T\ndiagnostic: false\n")
                .unwrap()
                .diagnostic,
            None
        );
        let d = Config::parse(
            "title: T\ndiagnostic:\n  title: Health check\n  scale: [No, Partly, Yes]\n",
        )
        .unwrap()
        .diagnostic
        .unwrap();
        assert_eq!((d.title.as_str(), d.scale.len()), ("Health check", 3));
    }

    #[test]
    fn diagnostic_scale_is_checked_and_located() {
        let e = Config::parse("title: T\ndiagnostic:\n  scale: [Only]\n").unwrap_err();
        assert!(e[0].message.contains("has 1 label"), "{}", e[0].message);
        let loc = e[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (3, 3));
        let eleven: Vec<String> = (1..=11).map(|i| format!("L{i}")).collect();
        let e = Config::parse(&format!(
            "title: T\ndiagnostic: {{ scale: [{}] }}\n",
            eleven.join(", ")
        ))
        .unwrap_err();
        assert!(
            e[0].message.contains("it needs 2 to 10"),
            "{}",
            e[0].message
        );
        assert_eq!(e[0].location.as_ref().unwrap().column, 15);
        let e = Config::parse("title: T\ndiagnostic: { scale: [A, B, A] }\n").unwrap_err();
        assert!(e[0].message.contains("`A` twice"), "{}", e[0].message);
        let e = Config::parse("title: T\ndiagnostic: { scale: [A, ' '] }\n").unwrap_err();
        assert!(e[0].message.contains("empty"), "{}", e[0].message);
        let e = Config::parse("title: T\ndiagnostic:\n  title: ''\n").unwrap_err();
        assert_eq!(e[0].location.as_ref().unwrap().line, 3);
    }

    #[test]
    fn diagnostic_unknown_key_suggests() {
        let e = Config::parse("title: T\ndiagnostic:\n  scales: [a, b]\n").unwrap_err();
        let loc = e[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (3, 3));
        assert_eq!(e[0].suggestion.as_deref(), Some("did you mean `scale`?"));
        let e = Config::parse("title: T\ndiagnostics: false\n").unwrap_err();
        assert_eq!(
            e[0].suggestion.as_deref(),
            Some("did you mean `diagnostic`?")
        );
        let e = Config::parse("title: T\ndiagnostic: [a]\n").unwrap_err();
        assert!(
            e[0].message.contains("`true`, `false` or a map"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn base_url_gets_trailing_slash_and_bad_values_fail() {
        let c = Config::parse("title: T\nbase_url: https://x.org/pb\n").unwrap();
        assert_eq!(c.base_url.as_deref(), Some("https://x.org/pb/"));
        assert!(Config::parse("title: T\nbase_url: x.org\n").is_err());
        assert!(Config::parse("title: T\ncollections:\n  ../x: { kind: page }\n").is_err());
    }

    #[test]
    fn sanitize_is_off_unless_asked_for() {
        assert!(!Config::parse("title: T\n").unwrap().sanitize);
        assert!(
            Config::parse("title: T\nsanitize: true\n")
                .unwrap()
                .sanitize
        );
        let e = Config::parse("title: T\nsanitise: true\n").unwrap_err();
        assert_eq!(e[0].suggestion.as_deref(), Some("did you mean `sanitize`?"));
    }
}
