//! Front matter: the typed fields at the top of each page, per kind, and their checks.

use super::keys::{self, KeyAt};
use crate::config::Kind;
use crate::diagnostic::{Diagnostic, Position, SourceText, closest};
use crate::yaml::{self, YamlErrorKind};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};

/// One source a page relies on.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The source's title.
    pub title: String,
    /// Where to read it.
    pub url: String,
    /// Who published it.
    #[serde(default)]
    pub publisher: Option<String>,
    /// When it was published (free text such as `2017-02` or `2017`).
    #[serde(default, deserialize_with = "scalar_as_string")]
    #[schemars(schema_with = "scalar_schema")]
    pub date: Option<String>,
}

/// One entry of a page's `changes:` ("Page updates"): when, and what changed.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The day of the change (`YYYY-MM-DD`).
    #[serde(default, deserialize_with = "scalar_as_string")]
    #[schemars(schema_with = "date_schema")]
    pub date: Option<String>,
    /// What changed, in a sentence.
    #[serde(default)]
    pub note: Option<String>,
}

/// What each level of the diagnostic's scale means for one of a building block's
/// questions (a rubric), shown beside that question's choices.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    /// The question it describes: 1 for the block's first question.
    #[schemars(range(min = 1))]
    pub question: usize,
    /// One descriptor for each level of the scale, lowest first.
    pub levels: Vec<String>,
}

/// Every front-matter field of every kind. Which fields a kind may use is in [`FIELDS`].
///
/// Its JSON Schema (derived, see `placebook schema`) follows the deserializers below:
/// fields read with `string_or_list` accept one value or a list, `scalar_as_string` any
/// scalar.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page title.
    #[serde(default)]
    pub title: Option<String>,
    /// One or two sentences saying what the page is about.
    #[serde(default)]
    pub summary: Option<String>,
    /// Free labels.
    #[serde(default, deserialize_with = "string_or_list")]
    #[schemars(schema_with = "string_or_list_schema")]
    pub tags: Vec<String>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Ordering weight (lighter first).
    #[serde(default)]
    pub weight: Option<i64>,
    /// `false` leaves the page out of the search index (and the A to Z page); it is in
    /// by default.
    #[serde(default)]
    #[schemars(extend("default" = true))]
    pub search: Option<bool>,
    /// Old URLs that should redirect here.
    #[serde(default, deserialize_with = "string_or_list")]
    #[schemars(schema_with = "string_or_list_schema")]
    pub aliases: Vec<String>,
    /// Date of the last meaningful change (`YYYY-MM-DD`).
    #[serde(default, deserialize_with = "scalar_as_string")]
    #[schemars(schema_with = "date_schema")]
    pub updated: Option<String>,
    /// Date the page was last reviewed as still right (`YYYY-MM-DD`).
    #[serde(default, deserialize_with = "scalar_as_string")]
    #[schemars(schema_with = "date_schema")]
    pub reviewed: Option<String>,
    /// Date the page's next review is due (`YYYY-MM-DD`); without it, `reviewed` plus
    /// the site's `review_every`.
    #[serde(default, deserialize_with = "scalar_as_string")]
    #[schemars(schema_with = "date_schema")]
    pub review_due: Option<String>,
    /// Overrides the slug taken from the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Sources the page relies on.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// The page's updates worth telling readers, newest first ("Page updates").
    #[serde(default)]
    pub changes: Vec<Change>,
    /// Free data for themes.
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub extra: Option<yaml::Value>,
    /// Building block: its number in the collection.
    #[serde(default)]
    #[schemars(range(min = 1))]
    pub number: Option<i64>,
    /// Building block: diagnostic questions.
    #[serde(default, deserialize_with = "string_or_list")]
    #[schemars(schema_with = "string_or_list_schema")]
    pub questions: Vec<String>,
    /// Building block: for some of its questions, what each level of the diagnostic's
    /// scale means for that question.
    #[serde(default)]
    pub rubrics: Vec<Rubric>,
    /// Building block: signs of progress.
    #[serde(default, deserialize_with = "string_or_list")]
    #[schemars(schema_with = "string_or_list_schema")]
    pub signs: Vec<String>,
    /// Building block: slugs of related blocks.
    #[serde(default, deserialize_with = "string_or_list")]
    #[schemars(schema_with = "string_or_list_schema")]
    pub related: Vec<String>,
    /// Building block: `false` leaves the block out of the diagnostic (self-assessment)
    /// page; it is in by default.
    #[serde(default)]
    #[schemars(extend("default" = true))]
    pub diagnostic: Option<bool>,
    /// The page's lead image, written like a markdown image's address (`pantry.jpg`
    /// beside the page, `/images/pantry.jpg` from `static/`): shown above the text and
    /// used as the page's picture when it is shared.
    #[serde(default)]
    pub image: Option<String>,
    /// What the lead image shows, for people who cannot see it.
    #[serde(default)]
    pub image_alt: Option<String>,
    /// Case study: the place.
    #[serde(default)]
    pub place: Option<String>,
    /// Case study: the region.
    #[serde(default)]
    pub region: Option<String>,
    /// Case study: the year the work started.
    #[serde(default)]
    pub year: Option<i64>,
    /// Case study: organisations that led it.
    #[serde(default, deserialize_with = "string_or_list")]
    #[schemars(schema_with = "string_or_list_schema")]
    pub lead: Vec<String>,
    /// Case study: partners.
    #[serde(default, deserialize_with = "string_or_list")]
    #[schemars(schema_with = "string_or_list_schema")]
    pub partners: Vec<String>,
    /// Case study: slugs of the building blocks it shows.
    #[serde(default, deserialize_with = "string_or_list")]
    #[schemars(schema_with = "string_or_list_schema")]
    pub building_blocks: Vec<String>,
    /// Case study: short measured results.
    #[serde(default, deserialize_with = "string_or_list")]
    #[schemars(schema_with = "string_or_list_schema")]
    pub outcomes: Vec<String>,
}

impl FrontMatter {
    /// Whether a building block's questions go into the diagnostic (unless `diagnostic: false`).
    pub fn in_diagnostic(&self) -> bool {
        self.diagnostic != Some(false)
    }
}

/// What placebook knows about one front-matter field: which kinds use it, whether it is
/// required, and a one-line explanation for authors.
#[derive(Debug, Clone, Copy)]
pub struct FieldInfo {
    /// The key as written in YAML.
    pub name: &'static str,
    /// The kinds that may use it.
    pub kinds: &'static [Kind],
    /// The kinds that must have it.
    pub required_for: &'static [Kind],
    /// What it is for, in one line.
    pub help: &'static str,
    /// An example value, as YAML.
    pub example: &'static str,
    /// What a page's front matter holds for it.
    pub value: fn(&FrontMatter) -> FieldValue<'_>,
}

/// What one field holds in one page's front matter, as far as checks need to know.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldValue<'a> {
    /// Not given (an empty list, or `draft: false`, counts as not given).
    Absent,
    /// One piece of text.
    Text(&'a str),
    /// A list of texts, not empty.
    List(&'a [String]),
    /// The sources, not empty.
    Sources(&'a [Source]),
    /// A value that is not text: a number, a flag, a table.
    Other,
}

impl<'a> FieldValue<'a> {
    fn text(v: &'a Option<String>) -> Self {
        v.as_deref().map_or(FieldValue::Absent, FieldValue::Text)
    }

    fn list(v: &'a [String]) -> Self {
        if v.is_empty() {
            FieldValue::Absent
        } else {
            FieldValue::List(v)
        }
    }

    fn sources(v: &'a [Source]) -> Self {
        if v.is_empty() {
            FieldValue::Absent
        } else {
            FieldValue::Sources(v)
        }
    }

    fn other<T>(v: &Option<T>) -> Self {
        if v.is_some() {
            FieldValue::Other
        } else {
            FieldValue::Absent
        }
    }

    fn flag(v: bool) -> Self {
        if v {
            FieldValue::Other
        } else {
            FieldValue::Absent
        }
    }

    /// Whether the field is given.
    pub fn is_present(&self) -> bool {
        *self != FieldValue::Absent
    }

    /// Every piece of text it holds (each list item; a source's title, address,
    /// publisher and date).
    pub fn texts(&self) -> Vec<&'a str> {
        match *self {
            FieldValue::Text(t) => vec![t],
            FieldValue::List(l) => l.iter().map(String::as_str).collect(),
            FieldValue::Sources(list) => list
                .iter()
                .flat_map(|s| {
                    [
                        Some(&s.title),
                        Some(&s.url),
                        s.publisher.as_ref(),
                        s.date.as_ref(),
                    ]
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                })
                .collect(),
            FieldValue::Absent | FieldValue::Other => Vec::new(),
        }
    }
}

const ALL: &[Kind] = &[Kind::BuildingBlock, Kind::CaseStudy, Kind::Page];
const BLOCK: &[Kind] = &[Kind::BuildingBlock];
const CASE: &[Kind] = &[Kind::CaseStudy];
const BLOCK_AND_CASE: &[Kind] = &[Kind::BuildingBlock, Kind::CaseStudy];

/// The front-matter fields, in the order `placebook new` writes them.
pub const FIELDS: &[FieldInfo] = &[
    FieldInfo {
        name: "title",
        kinds: ALL,
        required_for: ALL,
        help: "the page title",
        example: "Sheffield Money",
        value: |fm| FieldValue::text(&fm.title),
    },
    FieldInfo {
        name: "summary",
        kinds: ALL,
        required_for: BLOCK_AND_CASE,
        help: "one or two sentences saying what the page is about",
        example: "A council-backed broker that steered residents away from high-cost credit.",
        value: |fm| FieldValue::text(&fm.summary),
    },
    FieldInfo {
        name: "image",
        kinds: ALL,
        required_for: &[],
        help: "the page's lead image, shown above the text and when the page is shared",
        example: "pantry.jpg",
        value: |fm| FieldValue::text(&fm.image),
    },
    FieldInfo {
        name: "image_alt",
        kinds: ALL,
        required_for: &[],
        help: "what the lead image shows, for people who cannot see it",
        example: "Volunteers unloading a van at the pantry",
        value: |fm| FieldValue::text(&fm.image_alt),
    },
    FieldInfo {
        name: "number",
        kinds: BLOCK,
        required_for: BLOCK,
        help: "the block's number in its collection (1, 2, 3, ...)",
        example: "1",
        value: |fm| FieldValue::other(&fm.number),
    },
    FieldInfo {
        name: "place",
        kinds: CASE,
        required_for: CASE,
        help: "the place the case study is about",
        example: "Sheffield",
        value: |fm| FieldValue::text(&fm.place),
    },
    FieldInfo {
        name: "region",
        kinds: CASE,
        required_for: &[],
        help: "the region the place is in",
        example: "Yorkshire and the Humber",
        value: |fm| FieldValue::text(&fm.region),
    },
    FieldInfo {
        name: "year",
        kinds: CASE,
        required_for: &[],
        help: "the year the work started (a whole number)",
        example: "2015",
        value: |fm| FieldValue::other(&fm.year),
    },
    FieldInfo {
        name: "lead",
        kinds: CASE,
        required_for: &[],
        help: "the organisations that led the work",
        example: "[Sheffield City Council]",
        value: |fm| FieldValue::list(&fm.lead),
    },
    FieldInfo {
        name: "partners",
        kinds: CASE,
        required_for: &[],
        help: "the other organisations involved",
        example: "[Citizens Advice]",
        value: |fm| FieldValue::list(&fm.partners),
    },
    FieldInfo {
        name: "building_blocks",
        kinds: CASE,
        required_for: &[],
        help: "the building blocks this case study shows (their file names without .md)",
        example: "[shared-purpose, pooled-resources]",
        value: |fm| FieldValue::list(&fm.building_blocks),
    },
    FieldInfo {
        name: "outcomes",
        kinds: CASE,
        required_for: &[],
        help: "short measured or stated results",
        example: "[\"250+ enquiries in the first week\"]",
        value: |fm| FieldValue::list(&fm.outcomes),
    },
    FieldInfo {
        name: "questions",
        kinds: BLOCK,
        required_for: &[],
        help: "diagnostic questions a partnership asks itself about this block",
        example: "[\"Do partners share one account of what they are trying to change?\"]",
        value: |fm| FieldValue::list(&fm.questions),
    },
    FieldInfo {
        name: "rubrics",
        kinds: BLOCK,
        required_for: &[],
        help: "what each level of the diagnostic's scale means for a question, shown beside its choices: a list of {question, levels}",
        example: "[{question: 1, levels: [\"No shared account\", \"Leaders have talked about one\", \"Written down\", \"Partners use it\", \"It changes what partners do\"]}]",
        value: |fm| FieldValue::flag(!fm.rubrics.is_empty()),
    },
    FieldInfo {
        name: "signs",
        kinds: BLOCK,
        required_for: &[],
        help: "signs of progress",
        example: "[\"Partners describe the goal in the same words.\"]",
        value: |fm| FieldValue::list(&fm.signs),
    },
    FieldInfo {
        name: "related",
        kinds: BLOCK,
        required_for: &[],
        help: "other building blocks closely linked to this one",
        example: "[shared-governance]",
        value: |fm| FieldValue::list(&fm.related),
    },
    FieldInfo {
        name: "diagnostic",
        kinds: BLOCK,
        required_for: &[],
        help: "false leaves this block out of the diagnostic (the self-assessment page)",
        example: "false",
        value: |fm| FieldValue::other(&fm.diagnostic),
    },
    FieldInfo {
        name: "tags",
        kinds: ALL,
        required_for: &[],
        help: "labels that group pages across collections",
        example: "[prevention, health-and-care]",
        value: |fm| FieldValue::list(&fm.tags),
    },
    FieldInfo {
        name: "sources",
        kinds: ALL,
        required_for: &[],
        help: "sources the page relies on: each with title and url, optionally publisher and date",
        example: "[{title: Launch report, url: \"https://example.org\"}]",
        value: |fm| FieldValue::sources(&fm.sources),
    },
    FieldInfo {
        name: "changes",
        kinds: ALL,
        required_for: &[],
        help: "updates worth telling readers, each with date (YYYY-MM-DD) and note (shown as \"Page updates\")",
        example: "[{date: 2025-03-01, note: Added the 2024 evaluation}]",
        value: |fm| FieldValue::other(&(!fm.changes.is_empty()).then_some(())),
    },
    FieldInfo {
        name: "weight",
        kinds: ALL,
        required_for: &[],
        help: "a whole number for ordering; lighter pages come first",
        example: "10",
        value: |fm| FieldValue::other(&fm.weight),
    },
    FieldInfo {
        name: "draft",
        kinds: ALL,
        required_for: &[],
        help: "true keeps the page out of the site unless you build with --drafts",
        example: "true",
        value: |fm| FieldValue::flag(fm.draft),
    },
    FieldInfo {
        name: "search",
        kinds: ALL,
        required_for: &[],
        help: "false leaves the page out of the site's search (and its A to Z list)",
        example: "false",
        value: |fm| FieldValue::other(&fm.search),
    },
    FieldInfo {
        name: "updated",
        kinds: ALL,
        required_for: &[],
        help: "date of the last real change, YYYY-MM-DD (default: from git, else the file's date)",
        example: "2024-05-01",
        value: |fm| FieldValue::text(&fm.updated),
    },
    FieldInfo {
        name: "reviewed",
        kinds: ALL,
        required_for: &[],
        help: "date someone last checked the page is still right, YYYY-MM-DD (shown as \"Page last reviewed\")",
        example: "2025-03-01",
        value: |fm| FieldValue::text(&fm.reviewed),
    },
    FieldInfo {
        name: "review_due",
        kinds: ALL,
        required_for: &[],
        help: "date the next review is due, YYYY-MM-DD (default: reviewed plus the site's review_every)",
        example: "2026-03-01",
        value: |fm| FieldValue::text(&fm.review_due),
    },
    FieldInfo {
        name: "aliases",
        kinds: ALL,
        required_for: &[],
        help: "old addresses of this page that should redirect here",
        example: "[old-name/]",
        value: |fm| FieldValue::list(&fm.aliases),
    },
    FieldInfo {
        name: "slug",
        kinds: ALL,
        required_for: &[],
        help: "the last part of the page's address, if not its file name",
        example: "our-story",
        value: |fm| FieldValue::text(&fm.slug),
    },
    FieldInfo {
        name: "extra",
        kinds: ALL,
        required_for: &[],
        help: "free data for a theme",
        example: "{hero: photo.jpg}",
        value: |fm| FieldValue::other(&fm.extra),
    },
];

/// The field's description, if it exists.
pub fn field(name: &str) -> Option<&'static FieldInfo> {
    FIELDS.iter().find(|f| f.name == name)
}

fn string_or_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(ScalarString),
        Many(Vec<ScalarString>),
        Null(()),
    }
    #[derive(Deserialize)]
    #[serde(transparent)]
    struct ScalarString(#[serde(deserialize_with = "scalar_required")] String);
    fn scalar_required<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        scalar_as_string(d)?.ok_or_else(|| serde::de::Error::custom("an empty list item"))
    }
    Ok(
        match OneOrMany::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
                "expected a list of text items, like `[a, b]` or one `- item` per line",
            )
        })? {
            OneOrMany::One(s) => vec![s.0],
            OneOrMany::Many(v) => v.into_iter().map(|s| s.0).collect(),
            OneOrMany::Null(()) => Vec::new(),
        },
    )
}

fn scalar_as_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = yaml::Value::deserialize(d)?;
    match v {
        yaml::Value::Null => Ok(None),
        yaml::Value::String(s) => Ok(Some(s)),
        yaml::Value::Number(n) => Ok(Some(n.to_string())),
        yaml::Value::Bool(b) => Ok(Some(b.to_string())),
        _ => Err(serde::de::Error::custom(
            "expected text, a number or a date, not a list or map",
        )),
    }
}

/// The JSON Schema of what `string_or_list` accepts: one scalar, a list of scalars, or
/// nothing.
fn string_or_list_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            { "type": ["string", "number", "boolean"] },
            { "type": "array", "items": { "type": ["string", "number", "boolean"] } },
            { "type": "null" }
        ]
    })
}

/// The JSON Schema of what `scalar_as_string` accepts: any scalar, or nothing.
fn scalar_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": ["string", "number", "boolean", "null"] })
}

/// The JSON Schema of a date as [`parse`] checks it: `YYYY-MM-DD` or an RFC 3339
/// date-time.
fn date_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            { "type": "string", "format": "date" },
            { "type": "string", "format": "date-time" },
            { "type": "null" }
        ]
    })
}

/// The start of a value that `placebook new` left for the author to fill in.
pub const PLACEHOLDER: &str = "TODO";

/// One warning for every front-matter text that still starts with [`PLACEHOLDER`],
/// pointing at it: a page made by `placebook new` builds as it is, and the build says
/// what is left to fill in.
pub fn placeholders(doc: &super::SourceDoc) -> Vec<Diagnostic> {
    let Some(lines) = doc.front_lines else {
        return Vec::new();
    };
    text_values(&doc.front)
        .into_iter()
        .filter(|(_, value)| value.trim_start().starts_with(PLACEHOLDER))
        .map(|(key, value)| {
            let value = value.trim();
            let d = Diagnostic::warning(
                "placeholder",
                format!("`{key}` still holds the placeholder `{value}`"),
            )
            .span(value.chars().count());
            let d = match field(key) {
                Some(f) => d.suggest(format!(
                    "replace it with {}, e.g. `{}: {}`",
                    f.help, f.name, f.example
                )),
                None => d.suggest("replace it with the real value"),
            };
            let pos = lines
                .locate_value(&doc.text, key, value)
                .unwrap_or(Position {
                    line: lines.first,
                    column: 1,
                });
            d.at(&doc.path, &doc.text, pos)
        })
        .collect()
}

/// Every piece of text in the front matter, with its field, from [`FIELDS`].
fn text_values(fm: &FrontMatter) -> Vec<(&'static str, &str)> {
    FIELDS
        .iter()
        .flat_map(|f| (f.value)(fm).texts().into_iter().map(move |t| (f.name, t)))
        .collect()
}

/// The front matter's YAML inside its file, for positions.
#[derive(Debug, Clone, Copy)]
pub struct FrontMatterLines {
    /// 1-based line where the YAML starts.
    pub first: usize,
    /// 1-based line of the closing `---` (exclusive end of the YAML).
    pub closing: usize,
}

impl FrontMatterLines {
    /// Where a top-level `key:` is written, if it is.
    pub fn locate_key(&self, text: &SourceText, key: &str) -> Option<Position> {
        (self.first..self.closing).find_map(|n| {
            let line = text.line(n)?;
            let rest = line.strip_prefix(key)?;
            rest.trim_start()
                .starts_with(':')
                .then_some(Position { line: n, column: 1 })
        })
    }

    /// Where `value` is written within the entry of a top-level `key` (its first
    /// occurrence as a whole word); falls back to the key.
    pub fn locate_value(&self, text: &SourceText, key: &str, value: &str) -> Option<Position> {
        let key_pos = self.locate_key(text, key)?;
        let mut n = key_pos.line;
        while n < self.closing {
            let line = text.line(n)?;
            if n > key_pos.line && !line.starts_with([' ', '\t', '-']) && !line.trim().is_empty() {
                break;
            }
            let skip = if n == key_pos.line { key.len() + 1 } else { 0 };
            if let Some(i) = find_word(&line[skip.min(line.len())..], value) {
                let byte = skip + i;
                return Some(Position {
                    line: n,
                    column: line[..byte].chars().count() + 1,
                });
            }
            n += 1;
        }
        Some(key_pos)
    }
}

fn find_word(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    hay.match_indices(needle).map(|(i, _)| i).find(|&i| {
        let before = hay[..i].chars().next_back().is_none_or(|c| !is_word(c));
        let after = hay[i + needle.len()..]
            .chars()
            .next()
            .is_none_or(|c| !is_word(c));
        before && after
    })
}

/// Parses a page's front matter and checks it against its kind. Every problem found is
/// returned, each with a position in the file.
pub fn parse(
    text: &SourceText,
    yaml_text: &str,
    lines: FrontMatterLines,
    kind: Kind,
    file: &str,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let to_file = |(line, column): (usize, usize)| Position {
        line: line + lines.first - 1,
        column,
    };
    if let Some(d) = odd_space(yaml_text, text, file, &to_file) {
        return Err(vec![d]);
    }
    if let Some(d) = tab_indent(yaml_text, text, file, &to_file) {
        return Err(vec![d]);
    }
    let fm: FrontMatter = if yaml_text.trim().is_empty() {
        FrontMatter::default()
    } else {
        match yaml::from_str(yaml_text) {
            Ok(fm) => fm,
            Err(e) => {
                let past_unknown = past_unknown_fields(&e, yaml_text, kind);
                let mut all = yaml_diagnostics(e, text, lines, kind, file, to_file);
                if let Some((fm, meant)) = past_unknown {
                    all.extend(placed(
                        checked_fields(&fm, kind, text, lines, &meant),
                        text,
                        lines,
                        file,
                    ));
                }
                return Err(all);
            }
        }
    };
    let found = checked_fields(&fm, kind, text, lines, &[]);
    if found.is_empty() {
        return Ok(fm);
    }
    Err(placed(found, text, lines, file))
}

/// The problems of front matter that was read: fields of another kind, required fields
/// missing (except those in `meant`, which an unknown field is already named as), and
/// wrong values.
fn checked_fields(
    fm: &FrontMatter,
    kind: Kind,
    text: &SourceText,
    lines: FrontMatterLines,
    meant: &[&str],
) -> Vec<(Diagnostic, Option<Position>)> {
    let mut found = field_kind_errors(fm, kind, text, lines, meant);
    found.extend(value_errors(fm, text, lines));
    found
}

/// Problems placed in `file`; one with no place of its own is shown at the front
/// matter's opening line.
fn placed(
    found: Vec<(Diagnostic, Option<Position>)>,
    text: &SourceText,
    lines: FrontMatterLines,
    file: &str,
) -> Vec<Diagnostic> {
    let opening = Position {
        line: lines.first.saturating_sub(1).max(1),
        column: 1,
    };
    found
        .into_iter()
        .map(|(d, pos)| d.at(file, text, pos.unwrap_or(opening)))
        .collect()
}

/// When the parser stopped at an unknown top-level field: the front matter read without
/// every unknown top-level field, and the fields those were likely meant to be. So one
/// `check` shows every mistake of a page brought from another tool, not the unknown
/// fields first and the missing ones after they are fixed.
fn past_unknown_fields(
    e: &yaml::YamlError,
    yaml_text: &str,
    kind: Kind,
) -> Option<(FrontMatter, Vec<&'static str>)> {
    if !matches!(e.kind, YamlErrorKind::UnknownField(_)) || !serde_path(&e.message).is_empty() {
        return None;
    }
    let mut value = yaml::value_from_str(yaml_text)?;
    let map = value.as_mapping_mut()?;
    let mut meant = Vec::new();
    map.retain(|k, _| {
        let name = k.as_str().unwrap_or_default();
        let known = field(name).is_some();
        if !known {
            meant.extend(meant_field(name, kind));
        }
        known
    });
    let fm = yaml::from_value(value).ok()?;
    Some((fm, meant))
}

/// Spaces that look like a space but are not one to YAML: no-break and narrow spaces,
/// zero-width spaces and stray byte-order marks, which copying from a web page or Word
/// brings in.
const ODD_SPACES: &[char] = &[
    '\u{a0}', '\u{2007}', '\u{202f}', '\u{200b}', '\u{feff}', '\u{3000}',
];

/// The error for the first odd space where YAML needs a real one: in a line's
/// indentation, or between a key and its value.
fn odd_space(
    yaml_text: &str,
    text: &SourceText,
    file: &str,
    to_file: &impl Fn((usize, usize)) -> Position,
) -> Option<Diagnostic> {
    let is_blank = |c: char| c.is_whitespace() || ODD_SPACES.contains(&c);
    yaml_text.lines().enumerate().find_map(|(i, line)| {
        // Where YAML needs real spaces: the indentation, and the gap after `key:`.
        let indent_end = line.find(|c| !is_blank(c)).unwrap_or(line.len());
        let gap = line[indent_end..].find(':').map(|c| {
            let start = indent_end + c + 1;
            let end = line[start..].find(|c| !is_blank(c)).map_or(line.len(), |j| start + j);
            start..end
        });
        let at = line[..indent_end].find(ODD_SPACES).or_else(|| {
            let gap = gap?;
            line[gap.clone()].find(ODD_SPACES).map(|j| gap.start + j)
        })?;
        Some(
            Diagnostic::error("odd-space", "this front-matter line has a space that is not an ordinary space (a no-break or zero-width space, often copied from a web page or Word)")
                .at(file, text, to_file((i + 1, line[..at].chars().count() + 1)))
                .suggest("delete the space the caret points at and type an ordinary space"),
        )
    })
}

/// The error for the first front-matter line indented with a tab, if any.
fn tab_indent(
    yaml_text: &str,
    text: &SourceText,
    file: &str,
    to_file: &impl Fn((usize, usize)) -> Position,
) -> Option<Diagnostic> {
    yaml_text.lines().enumerate().find_map(|(i, line)| {
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        let col = indent.chars().position(|c| c == '\t')?;
        Some(
            Diagnostic::error(
                "tab-indent",
                "this front-matter line is indented with a tab",
            )
            .at(file, text, to_file((i + 1, col + 1)))
            .suggest("YAML allows only spaces for indentation: replace the tab with two spaces"),
        )
    })
}

/// Fields a page of `kind` may not have, and fields it must have but lacks (except
/// those in `meant`, which an unknown field is already named as), each with where it
/// is (if it is anywhere).
fn field_kind_errors(
    fm: &FrontMatter,
    kind: Kind,
    text: &SourceText,
    lines: FrontMatterLines,
    meant: &[&str],
) -> Vec<(Diagnostic, Option<Position>)> {
    let mut found = Vec::new();
    for f in FIELDS {
        let present = (f.value)(fm).is_present();
        if present && !f.kinds.contains(&kind) {
            let owners: Vec<&str> = f.kinds.iter().map(|k| k.name()).collect();
            let d = Diagnostic::error(
                "field-not-for-kind",
                format!(
                    "`{}` is a {} field, but this file is a {}",
                    f.name,
                    owners.join("/"),
                    kind.name()
                ),
            )
            .span(f.name.len())
            .suggest(format!(
                "remove `{}`, or move the file to a collection of kind {}",
                f.name,
                owners.join(" or ")
            ));
            found.push((d, lines.locate_key(text, f.name)));
        }
        if !present && f.required_for.contains(&kind) && !meant.contains(&f.name) {
            let d = Diagnostic::error(
                "missing-field",
                format!("this {} has no `{}`", kind.name(), f.name),
            )
            .span(3)
            .suggest(format!("add `{}: {}` ({})", f.name, f.example, f.help));
            found.push((d, None));
        }
    }
    found
}

/// Values of the right type that are still wrong: a `number` below 1, an `updated`,
/// `reviewed` or `review_due` that is not a date, a `slug` that cannot be part of an address, an empty title,
/// summary or place.
fn value_errors(
    fm: &FrontMatter,
    text: &SourceText,
    lines: FrontMatterLines,
) -> Vec<(Diagnostic, Option<Position>)> {
    let mut found = Vec::new();
    if let Some(n) = fm.number
        && n < 1
    {
        let d = Diagnostic::error(
            "invalid-value",
            format!("`number` must be 1 or more, not {n}"),
        )
        .suggest("number the blocks 1, 2, 3, ...");
        found.push((d, lines.locate_value(text, "number", &n.to_string())));
    }
    let dates = [
        ("updated", &fm.updated),
        ("reviewed", &fm.reviewed),
        ("review_due", &fm.review_due),
    ];
    for (key, value) in dates {
        if let Some(u) = value
            && crate::dates::parse_date(u).is_none()
        {
            let d = Diagnostic::error("invalid-date", format!("`{key}: {u}` is not a date"))
                .span(u.chars().count())
                .suggest(match day_first_date(u) {
                    Some(iso) => format!("write the date as YYYY-MM-DD: for {u}, `{key}: {iso}`"),
                    None => format!("write the date as YYYY-MM-DD, e.g. `{key}: 2024-05-01`"),
                });
            found.push((d, lines.locate_value(text, key, u)));
        }
    }
    found.extend(change_errors(fm, text, lines));
    if let Some(slug) = &fm.slug
        && !crate::slug::is_safe_segment(slug)
    {
        let d = Diagnostic::error(
            "invalid-slug",
            format!("`slug: {slug}` cannot be part of an address"),
        )
        .span(slug.chars().count().max(1))
        .suggest(match crate::slug::slugify(slug) {
            s if s.is_empty() => {
                "use letters, digits and hyphens only, e.g. `slug: our-story` (no `/` or `..`)"
                    .to_owned()
            }
            s => format!("use letters, digits and hyphens only, e.g. `slug: {s}` (no `/` or `..`)"),
        });
        found.push((d, lines.locate_value(text, "slug", slug)));
    }
    for t in ["title", "summary", "place"] {
        if let Some(v) = text_field(fm, t)
            && v.trim().is_empty()
        {
            let d = Diagnostic::error("empty-field", format!("`{t}` is empty"))
                .suggest(format!("write the {t}, or remove the line"));
            found.push((d, lines.locate_key(text, t)));
        }
    }
    found
}

/// Each entry of `changes` needs a `date` that is a date and a `note`.
fn change_errors(
    fm: &FrontMatter,
    text: &SourceText,
    lines: FrontMatterLines,
) -> Vec<(Diagnostic, Option<Position>)> {
    let mut found = Vec::new();
    let at_changes = lines.locate_key(text, "changes");
    for change in &fm.changes {
        match &change.date {
            Some(d) if crate::dates::parse_date(d).is_none() => {
                let e = Diagnostic::error("invalid-date", format!("`date: {d}` is not a date"))
                    .span(d.chars().count())
                    .suggest("write the day of the change as YYYY-MM-DD, e.g. `date: 2025-03-01`");
                let at = lines.locate_value(text, "date", d).or_else(|| find_after(text, at_changes, d));
                found.push((e, at.or(at_changes)));
            }
            Some(_) => {}
            None => found.push((
                Diagnostic::error("missing-field", "a change in `changes` has no `date`")
                    .span(7)
                    .suggest("give every change a day and a note, e.g. `- {date: 2025-03-01, note: Added the 2024 evaluation}`"),
                at_changes,
            )),
        }
        if change.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            found.push((
                Diagnostic::error("missing-field", "a change in `changes` has no `note`")
                    .span(7)
                    .suggest("say in a sentence what changed: `note: Added the 2024 evaluation`"),
                at_changes,
            ));
        }
    }
    found
}

/// Where `needle` is first written on or after `from` (a value inside a flow map
/// such as `{date: 2025-13-01}`, which has no line of its own).
fn find_after(text: &SourceText, from: Option<Position>, needle: &str) -> Option<Position> {
    let from = from?;
    (from.line..=text.line_count()).find_map(|n| {
        let line = text.line(n)?;
        let i = line.find(needle)?;
        Some(Position {
            line: n,
            column: line[..i].chars().count() + 1,
        })
    })
}

/// A date written day first, as in the UK (`1/2/2024`, `01.02.2024`), as YYYY-MM-DD.
fn day_first_date(value: &str) -> Option<String> {
    let parts: Vec<&str> = value.trim().split(['/', '.', '-']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let (d, m, y): (u32, u32, u32) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    let iso = format!("{y:04}-{m:02}-{d:02}");
    (y >= 1000 && crate::dates::parse_date(&iso).is_some()).then_some(iso)
}

/// The text of the one-text field `name`, if given.
fn text_field<'a>(fm: &'a FrontMatter, name: &str) -> Option<&'a str> {
    match field(name).map(|f| (f.value)(fm)) {
        Some(FieldValue::Text(t)) => Some(t),
        _ => None,
    }
}

/// The error for a field of no kind, or of another kind, with the closest field of
/// `kind` or the list of them.
fn unknown_field(name: &str, kind: Kind) -> Diagnostic {
    let own = own_fields(kind);
    let d = Diagnostic::error(
        "unknown-field",
        format!(
            "unknown field `{name}` in the front matter of this {}",
            kind.name()
        ),
    )
    .span(name.chars().count());
    if let Some(s) = closest(name, own.iter().copied()) {
        return d.suggest(format!("did you mean `{s}`?"));
    }
    if let Some(help) = other_tool_help(name, &own) {
        return d.suggest(help);
    }
    d.suggest(format!(
        "placebook does not use `{name}` (another site generator may): delete it, or indent it under `extra:` to keep it for your own templates. The fields of a {} are: {}",
        kind.name(),
        own.join(", ")
    ))
}

/// The fields of a page of `kind`.
fn own_fields(kind: Kind) -> Vec<&'static str> {
    FIELDS
        .iter()
        .filter(|f| f.kinds.contains(&kind))
        .map(|f| f.name)
        .collect()
}

/// Front-matter fields of other site generators (Jekyll, Hugo, Zola, Eleventy,
/// Docusaurus) and the placebook field that does the same job.
const OTHER_TOOLS_FIELDS: &[(&str, &str)] = &[
    ("description", "summary"),
    ("excerpt", "summary"),
    ("redirect_from", "aliases"),
    ("permalink", "slug"),
    ("url", "slug"),
    ("categories", "tags"),
    ("keywords", "tags"),
    ("date", "updated"),
    ("lastmod", "updated"),
    ("last_modified_at", "updated"),
    ("published", "draft"),
    ("nav_order", "weight"),
    ("order", "weight"),
    ("sidebar_position", "weight"),
];

/// The placebook field of `kind` that an unknown field `name` was likely meant to be: a
/// near spelling, or another generator's name for it.
fn meant_field(name: &str, kind: Kind) -> Option<&'static str> {
    let own = own_fields(kind);
    closest(name, own.iter().copied()).or_else(|| other_tool_field(name, &own))
}

/// The field among `own` that another generator calls `name`.
fn other_tool_field(name: &str, own: &[&'static str]) -> Option<&'static str> {
    OTHER_TOOLS_FIELDS
        .iter()
        .find(|(other, _)| other.eq_ignore_ascii_case(name))
        .map(|(_, ours)| *ours)
        .filter(|ours| own.contains(ours))
}

/// How to write another generator's field `name` the placebook way, when one of `own`
/// does its job.
fn other_tool_help(name: &str, own: &[&'static str]) -> Option<String> {
    let ours = other_tool_field(name, own)?;
    Some(match ours {
        "slug" => format!(
            "placebook makes each page's address from its folder and file name: delete `{name}`, use `slug:` to change the last part of the address, and list old addresses under `aliases:` so they keep working"
        ),
        "draft" => {
            format!("placebook writes `draft: true` where other tools write `{name}: false`")
        }
        "aliases" => format!(
            "placebook calls this `aliases` (old addresses that lead to this page): rename `{name}` to `aliases`"
        ),
        _ => format!("placebook calls this field `{ours}`: rename `{name}` to `{ours}`"),
    })
}

/// The fields of one entry of `sources`.
const SOURCE_FIELDS: &[&str] = &["title", "url", "publisher", "date"];

/// The error for a key inside one of the `sources` that a source does not have.
fn unknown_source_field(name: &str) -> Diagnostic {
    let d = Diagnostic::error(
        "unknown-field",
        format!("unknown field `{name}` in a source in `sources`"),
    )
    .span(name.chars().count());
    match closest(name, SOURCE_FIELDS.iter().copied()) {
        Some(s) => d.suggest(format!("did you mean `{s}`?")),
        None => d.suggest(format!(
            "the fields of a source are: {}",
            SOURCE_FIELDS.join(", ")
        )),
    }
}

/// The error for a key inside one of the `changes` that a change does not have.
fn unknown_change_field(name: &str) -> Diagnostic {
    let d = Diagnostic::error(
        "unknown-field",
        format!("unknown field `{name}` in a change in `changes`"),
    )
    .span(name.chars().count());
    match closest(name, ["date", "note"]) {
        Some(s) => d.suggest(format!("did you mean `{s}`?")),
        None => d.suggest("a change has `date:` and `note:`"),
    }
}

/// Every unknown key the parser's error stands for, each where it is written: all the
/// unknown top-level keys at once, or the one nested key it names.
fn unknown_fields(
    name: &str,
    path: &str,
    keys: &[KeyAt],
    kind: Kind,
) -> Vec<(Diagnostic, Option<Position>)> {
    if !path.is_empty() {
        let d = if path.starts_with("sources") {
            unknown_source_field(name)
        } else if path.starts_with("changes") {
            unknown_change_field(name)
        } else {
            unknown_field(name, kind)
        };
        return vec![(d, keys::locate(keys, path, name, 0))];
    }
    let all: Vec<(Diagnostic, Option<Position>)> = keys
        .iter()
        .filter(|k| k.is_top_level() && field(&k.name).is_none())
        .map(|k| (unknown_field(&k.name, kind), Some(k.position)))
        .collect();
    if all.is_empty() {
        vec![(unknown_field(name, kind), keys::locate(keys, "", name, 0))]
    } else {
        all
    }
}

/// The error for a key written twice in one map, placed at the second, naming the
/// first's line.
fn duplicate_field(name: &str, path: &str, keys: &[KeyAt]) -> (Diagnostic, Option<Position>) {
    let first = keys::locate(keys, path, name, 0);
    let second = keys::locate(keys, path, name, 1);
    let place = if path.starts_with("sources") {
        " in one source in `sources`"
    } else {
        " in the front matter"
    };
    let d = Diagnostic::error(
        "duplicate-field",
        format!("`{name}` is written twice{place}"),
    )
    .span(name.len())
    .suggest(match first {
        Some(p) => format!("keep one `{name}:`; the first is on line {}", p.line),
        None => format!("keep one `{name}:`"),
    });
    (d, second.or(first))
}

/// The part of a serde message before `: unknown field` and the like: where in the
/// front matter the problem is (`sources[1]`), or `""` for the top level.
fn serde_path(message: &str) -> &str {
    [
        ": unknown field `",
        ": duplicate field `",
        ": missing field `",
    ]
    .iter()
    .find_map(|m| message.find(m).map(|i| &message[..i]))
    .unwrap_or("")
}

/// The errors the parser's error `e` stands for, each placed where it is in the file.
fn yaml_diagnostics(
    e: yaml::YamlError,
    text: &SourceText,
    lines: FrontMatterLines,
    kind: Kind,
    file: &str,
    to_file: impl Fn((usize, usize)) -> Position,
) -> Vec<Diagnostic> {
    let pos = e.position.map(&to_file);
    let path = serde_path(&e.message);
    let keys = keys::keys(text, lines);
    let found: Vec<(Diagnostic, Option<Position>)> = match &e.kind {
        YamlErrorKind::UnknownField(name) => unknown_fields(name, path, &keys, kind),
        YamlErrorKind::DuplicateField(name) => vec![duplicate_field(name, path, &keys)],
        // Top-level required fields are checked per kind after parsing, so a missing
        // field reported by the parser belongs to a nested map: a source.
        YamlErrorKind::MissingField(name) if lines.locate_key(text, "sources").is_some() => {
            vec![source_missing_field(name, text, lines)]
        }
        YamlErrorKind::MissingField(name) => vec![(
            Diagnostic::error("missing-field", format!("missing field `{name}`")),
            None,
        )],
        YamlErrorKind::Other => {
            // The parser notices an unclosed quote only where the front matter ends.
            let unclosed = e
                .message
                .contains("end of stream")
                .then(|| unclosed_quote(text, lines))
                .flatten();
            let d = other_yaml_error(&e.message, text, unclosed.or(pos));
            match unclosed {
                Some(at) => vec![(
                    d.suggest("the quote that opens this value is not closed: add the same quote mark at the end of the line"),
                    Some(at),
                )],
                None => vec![(d, pos)],
            }
        }
    };
    let opening = Position { line: 1, column: 1 };
    found
        .into_iter()
        .map(|(d, p)| d.at(file, text, p.or(pos).unwrap_or(opening)))
        .collect()
}

/// The error for a source in `sources` that has no `name`: at its `name:` line when
/// one is written under the source but not lined up with the source's first key (the
/// parser then does not count it as the source's), else at `sources:`.
fn source_missing_field(
    name: &str,
    text: &SourceText,
    lines: FrontMatterLines,
) -> (Diagnostic, Option<Position>) {
    if let Some((at, first, column)) = misaligned_source_key(name, text, lines) {
        let d = Diagnostic::error(
            "missing-field",
            format!("`{name}:` is not lined up with `{first}:` above it, so it is not read as part of that source"),
        )
        .span(name.len() + 1)
        .suggest(format!(
            "indent `{name}:` with {} spaces, so that it starts in the same column as `{first}:` on the line above",
            column - 1
        ));
        return (d, Some(at));
    }
    let d = Diagnostic::error("missing-field", format!("a source in `sources` has no `{name}`"))
        .span(7)
        .suggest("give every source a `title:` and a `url:`, e.g. `- {title: Annual report, url: \"https://example.org/report\"}`");
    (d, lines.locate_key(text, "sources"))
}

/// A `name:` line within `sources` written left of the first key of the source above
/// it (`- title:`): where it is, that first key, and the column that key starts in.
fn misaligned_source_key(
    name: &str,
    text: &SourceText,
    lines: FrontMatterLines,
) -> Option<(Position, String, usize)> {
    let start = lines.locate_key(text, "sources")?.line;
    let mut item: Option<(String, usize)> = None;
    for n in start + 1..lines.closing {
        let line = text.line(n)?;
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if let Some(after) = rest.strip_prefix("- ") {
            // A source written `- {title: …}` has no key to line up with.
            let after = after.trim_start();
            let key = after.split(':').next().unwrap_or("").trim();
            let column = line.len() - after.len() + 1;
            item = (!after.starts_with('{')).then(|| (key.to_string(), column));
        } else if let Some((first, column)) = &item
            && rest.strip_prefix(name).is_some_and(|r| r.starts_with(':'))
            && indent + 1 < *column
        {
            return Some((
                Position {
                    line: n,
                    column: indent + 1,
                },
                first.clone(),
                *column,
            ));
        } else if indent == 0 && !rest.is_empty() {
            break;
        }
    }
    None
}

/// Where the first value that opens a quote and does not close it on its line starts.
fn unclosed_quote(text: &SourceText, lines: FrontMatterLines) -> Option<Position> {
    (lines.first..lines.closing).find_map(|n| {
        let line = text.line(n)?;
        let colon = line.find(": ")?;
        let start = colon + 2 + (line[colon + 2..].len() - line[colon + 2..].trim_start().len());
        let value = line[start..].trim_end();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let closed = value[1..].contains(quote);
        (!closed).then(|| Position {
            line: n,
            column: line[..start].chars().count() + 1,
        })
    })
}

/// A syntax or type error, reworded for people who do not write YAML every day.
fn other_yaml_error(message: &str, text: &SourceText, pos: Option<Position>) -> Diagnostic {
    let line = pos.and_then(|p| text.line(p.line)).unwrap_or("");
    let (message, suggestion) = explain_yaml_message(message, line);
    let d = Diagnostic::error("invalid-front-matter", message);
    match suggestion {
        Some(s) => d.suggest(s),
        None => d,
    }
}

/// Rewords serde_yaml's messages for people who do not write YAML every day.
fn explain_yaml_message(message: &str, line: &str) -> (String, Option<String>) {
    if line.contains(['“', '”', '‘', '’']) && !message.contains("invalid type") {
        return (
            format!("the front matter is not valid YAML ({message}); this line has curly quotes, which YAML does not read as quotes"),
            Some("replace the curly quotes “ ” with straight ones \" (word processors put curly quotes in), e.g. `title: \"Text: more text\"`".into()),
        );
    }
    if message.contains("tab character") {
        return (
            "the front matter is indented with a tab".into(),
            Some("YAML allows only spaces for indentation: replace the tab with two spaces".into()),
        );
    }
    if let Some((field, rest)) = message.split_once(": invalid type: ") {
        let expected = rest.split(", expected ").nth(1).unwrap_or("");
        let got = rest.split(", expected ").next().unwrap_or(rest);
        let want = match expected {
            e if e.starts_with("i64") || e.starts_with("u64") || e.contains("integer") => {
                "a whole number, like `2015`"
            }
            e if e.contains("sequence") => "a list, like `[a, b]` or one `- item` per line",
            e if e.contains("string") => "text",
            e if e.contains("bool") => "`true` or `false`",
            e if e.contains("struct Source") || e.contains("map") => {
                "a map with `title:` and `url:`"
            }
            e => e,
        };
        let field = field.split('.').next().unwrap_or(field);
        return (
            format!("`{field}` should be {want}, but it is {got}"),
            Some(format!("write `{field}` as {want}")),
        );
    }
    if message.contains("mapping values are not allowed") {
        return (
            "a value contains `: ` where YAML does not allow it".into(),
            Some("put the value in quotes, e.g. `summary: \"Text: more text\"`, or check the indentation".into()),
        );
    }
    if message.contains("unexpected end of stream") {
        return (
            "the front matter ends inside an unclosed quote or bracket".into(),
            Some("check that every `\"`, `'`, `[` and `{` in the front matter is closed on the same line".into()),
        );
    }
    if message.starts_with("did not find expected")
        || message.contains("while parsing")
        || message.contains("while scanning")
    {
        return (
            format!("the front matter is not valid YAML ({message})"),
            Some("check quotes and brackets are closed and the indentation is consistent".into()),
        );
    }
    if message.contains("invalid type") && message.contains("expected struct FrontMatter") {
        return (
            "the front matter is not a list of `key: value` lines".into(),
            Some("write each field as `key: value` on its own line, e.g. `title: My page`".into()),
        );
    }
    (message.to_owned(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_table_lists_every_field_of_the_struct() {
        let schema = schemars::schema_for!(FrontMatter);
        let props = schema
            .get("properties")
            .and_then(|p| p.as_object())
            .expect("the schema has properties");
        let mut in_struct: Vec<&str> = props.keys().map(String::as_str).collect();
        let mut in_table: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
        in_struct.sort_unstable();
        in_table.sort_unstable();
        assert_eq!(
            in_struct, in_table,
            "FrontMatter and FIELDS must name the same fields"
        );
    }

    #[test]
    fn each_field_reads_its_own_value() {
        let text = "title: T\nsummary: S\nnumber: 2\ntags: [a, b]\ndraft: true\nsources:\n  - title: R\n    url: https://x.org/\n";
        let fm: FrontMatter = crate::yaml::from_str(text).unwrap();
        let value = |name: &str| (field(name).unwrap().value)(&fm);
        assert_eq!(value("title"), FieldValue::Text("T"));
        assert_eq!(value("summary").texts(), ["S"]);
        assert_eq!(value("number"), FieldValue::Other);
        assert_eq!(value("tags").texts(), ["a", "b"]);
        assert!(value("draft").is_present());
        assert_eq!(value("sources").texts(), ["R", "https://x.org/"]);
        for f in FIELDS {
            let expected =
                ["title", "summary", "number", "tags", "draft", "sources"].contains(&f.name);
            assert_eq!((f.value)(&fm).is_present(), expected, "{}", f.name);
        }
    }

    fn parse_doc(doc: &str, kind: Kind) -> Result<FrontMatter, Vec<Diagnostic>> {
        let text = SourceText::new(doc.to_owned());
        let sp = crate::content::split::split(&text, "x.md").unwrap();
        let r = sp.front_matter.unwrap();
        parse(
            &text,
            &doc[r.start..r.end],
            FrontMatterLines {
                first: r.first_line,
                closing: r.closing_line,
            },
            kind,
            "x.md",
        )
    }

    fn first_loc(e: &[Diagnostic]) -> (usize, usize) {
        let l = e[0].location.as_ref().unwrap();
        (l.line, l.column)
    }

    #[test]
    fn good_case_study_parses() {
        let fm = parse_doc("---\ntitle: S\nsummary: x\nplace: Sheffield\nyear: 2015\nlead: Sheffield City Council\nbuilding_blocks: [a, b]\nsources:\n  - {title: T, url: 'https://x', date: 2017}\n---\n", Kind::CaseStudy).unwrap();
        assert_eq!(fm.lead, vec!["Sheffield City Council"]);
        assert_eq!(fm.sources[0].date.as_deref(), Some("2017"));
    }

    #[test]
    fn unknown_field_is_located_and_suggested() {
        let e = parse_doc("---\ntitle: S\nsumary: x\n---\n", Kind::Page).unwrap_err();
        assert_eq!(e[0].code, "unknown-field");
        assert_eq!(first_loc(&e), (3, 1));
        assert_eq!(e[0].suggestion.as_deref(), Some("did you mean `summary`?"));
    }

    #[test]
    fn a_page_from_another_tool_gets_every_error_at_once_and_no_false_one() {
        let doc = "---\ntitle: Active voice\npermalink: /our-style/active-voice/\nredirect_from:\n  - /active/\ndescription: Why we prefer it.\nsidenav: our-style\n---\n";
        let e = parse_doc(doc, Kind::CaseStudy).unwrap_err();
        let said: Vec<(&str, &str, &str)> = e
            .iter()
            .map(|d| {
                (
                    d.code,
                    d.message.as_str(),
                    d.suggestion.as_deref().unwrap_or(""),
                )
            })
            .collect();
        let unknown = |f: &str| {
            said.iter()
                .find(|(c, m, _)| *c == "unknown-field" && m.contains(&format!("`{f}`")))
                .map(|(_, _, s)| *s)
        };
        assert!(
            unknown("permalink").is_some_and(|s| s.contains("`slug:`") && s.contains("`aliases:`")),
            "{said:?}"
        );
        assert!(
            unknown("redirect_from")
                .is_some_and(|s| s.contains("rename `redirect_from` to `aliases`")),
            "{said:?}"
        );
        assert!(
            unknown("description").is_some_and(|s| s.contains("rename `description` to `summary`")),
            "{said:?}"
        );
        assert!(
            unknown("sidenav").is_some_and(|s| s.contains("`extra:`")),
            "{said:?}"
        );
        // The missing `place` is reported now, not after the unknown fields are fixed;
        // the missing `summary` is not, as `description` is already named as it.
        let missing: Vec<&str> = said
            .iter()
            .filter(|(c, _, _)| *c == "missing-field")
            .map(|(_, m, _)| *m)
            .collect();
        assert_eq!(missing, vec!["this case-study has no `place`"], "{said:?}");
    }

    #[test]
    fn a_misspelt_required_field_is_one_error_not_two() {
        let e =
            parse_doc("---\ntitle: S\nsumary: x\nplace: P\n---\n", Kind::CaseStudy).unwrap_err();
        let codes: Vec<&str> = e.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec!["unknown-field"], "{e:?}");
    }

    #[test]
    fn missing_required_fields_are_all_reported() {
        let e = parse_doc("---\ntitle: S\n---\n", Kind::CaseStudy).unwrap_err();
        let codes: Vec<_> = e.iter().map(|d| d.message.clone()).collect();
        assert!(codes.iter().any(|m| m.contains("`summary`")), "{codes:?}");
        assert!(codes.iter().any(|m| m.contains("`place`")), "{codes:?}");
    }

    #[test]
    fn wrong_type_is_explained() {
        let e = parse_doc(
            "---\ntitle: S\nsummary: x\nplace: P\nyear: soon\n---\n",
            Kind::CaseStudy,
        )
        .unwrap_err();
        assert_eq!(first_loc(&e), (5, 7));
        assert!(e[0].message.contains("whole number"), "{}", e[0].message);
    }

    #[test]
    fn field_of_another_kind_is_rejected() {
        let e = parse_doc("---\ntitle: S\nplace: P\n---\n", Kind::Page).unwrap_err();
        assert_eq!(e[0].code, "field-not-for-kind");
        assert_eq!(first_loc(&e), (3, 1));
    }

    #[test]
    fn duplicate_key_points_at_second() {
        let e = parse_doc("---\ntitle: S\ntitle: T\n---\n", Kind::Page).unwrap_err();
        assert_eq!(e[0].code, "duplicate-field");
        assert_eq!(first_loc(&e), (3, 1));
    }

    #[test]
    fn a_source_without_url_points_at_sources() {
        let e = parse_doc(
            "---\ntitle: S\nsources:\n  - title: Report\n---\n",
            Kind::Page,
        )
        .unwrap_err();
        assert_eq!(e[0].message, "a source in `sources` has no `url`");
        assert_eq!(first_loc(&e), (3, 1));
    }

    #[test]
    fn a_source_key_left_of_its_first_key_is_pointed_at_with_the_column() {
        for (key_line, column) in [
            ("    url: https://x.org/", None),
            ("  url: https://x.org/", Some(3)),
            (" url: https://x.org/", Some(2)),
            ("url: https://x.org/", Some(1)),
        ] {
            // The second source of two, so the first (lined up) is passed over.
            let doc = format!(
                "---\ntitle: S\nsources:\n  - title: A\n    url: https://a.org/\n  - title: Report\n{key_line}\n---\n"
            );
            let parsed = parse_doc(&doc, Kind::Page);
            let Some(column) = column else {
                assert!(parsed.is_ok(), "{key_line:?} is lined up: {parsed:?}");
                continue;
            };
            let e = parsed.unwrap_err();
            assert_eq!(e.len(), 1, "{key_line:?}: one error, {e:?}");
            assert_eq!(
                e[0].message,
                "`url:` is not lined up with `title:` above it, so it is not read as part of that source"
            );
            assert_eq!(first_loc(&e), (7, column), "{key_line:?}");
            let help = e[0].suggestion.as_deref().unwrap_or_default();
            assert!(help.contains("with 4 spaces"), "{help}");
        }
    }

    #[test]
    fn tab_indentation_is_explained() {
        let e = parse_doc("---\ntitle: S\ntags:\n\t- a\n---\n", Kind::Page).unwrap_err();
        assert!(e[0].message.contains("tab"), "{}", e[0].message);
    }

    #[test]
    fn traversal_slug_is_rejected() {
        let e = parse_doc("---\ntitle: S\nslug: ../../etc\n---\n", Kind::Page).unwrap_err();
        assert_eq!(e[0].code, "invalid-slug");
        assert_eq!(first_loc(&e), (3, 7));
    }

    fn doc(text: &str, kind: Kind) -> crate::content::SourceDoc {
        let t = SourceText::new(text.to_owned());
        let sp = crate::content::split::split(&t, "x.md").unwrap();
        let r = sp.front_matter.unwrap();
        let lines = FrontMatterLines {
            first: r.first_line,
            closing: r.closing_line,
        };
        crate::content::SourceDoc {
            path: "content/x.md".into(),
            content_path: "x.md".into(),
            collection: None,
            kind,
            role: crate::content::DocRole::Page,
            stem: "x".into(),
            front: parse_doc(text, kind).unwrap(),
            text: t,
            body_start: sp.body_start,
            front_lines: Some(lines),
            modified: None,
        }
    }

    #[test]
    fn placeholders_are_warned_about_where_they_are() {
        let d = doc(
            "---\ntitle: Done\nsummary: \"TODO: one or two sentences\"\nplace: P\ntags:\n  - fine\n  - TODO tag\nsources:\n  - title: Report\n    url: TODO\n---\nTODO in the body is not front matter\n",
            Kind::CaseStudy,
        );
        let w = placeholders(&d);
        let found: Vec<(&str, usize, usize)> = w
            .iter()
            .map(|d| {
                let l = d.location.as_ref().unwrap();
                (d.code, l.line, l.column)
            })
            .collect();
        assert_eq!(
            found,
            [
                ("placeholder", 3, 11),
                ("placeholder", 7, 5),
                ("placeholder", 10, 10)
            ]
        );
        assert!(w.iter().all(|d| !d.is_error()));
        assert!(w[0].message.contains("`summary`"), "{}", w[0].message);
        assert!(
            w[0].suggestion
                .as_deref()
                .unwrap()
                .contains("e.g. `summary: ")
        );
        assert!(placeholders(&doc("---\ntitle: T\n---\n", Kind::Page)).is_empty());
    }

    #[test]
    fn a_block_can_leave_the_diagnostic_and_other_kinds_cannot_say_so() {
        let b = "---\ntitle: B\nsummary: s\nnumber: 1\ndiagnostic: false\n---\n";
        assert!(!parse_doc(b, Kind::BuildingBlock).unwrap().in_diagnostic());
        let b = "---\ntitle: B\nsummary: s\nnumber: 1\n---\n";
        assert!(parse_doc(b, Kind::BuildingBlock).unwrap().in_diagnostic());
        let e = parse_doc(
            "---\ntitle: C\nsummary: s\nplace: P\ndiagnostic: false\n---\n",
            Kind::CaseStudy,
        )
        .unwrap_err();
        assert_eq!(e[0].code, "field-not-for-kind");
        assert_eq!(first_loc(&e), (5, 1));
        let e = parse_doc(
            "---\ntitle: B\nsummary: s\nnumber: 1\ndiagnostic: no thanks\n---\n",
            Kind::BuildingBlock,
        )
        .unwrap_err();
        assert!(e[0].message.contains("`diagnostic`"), "{}", e[0].message);
    }

    #[test]
    fn locate_value_finds_list_items() {
        let doc = "---\ntitle: S\nbuilding_blocks:\n  - alpha\n  - beta\nplace: P\n---\n";
        let text = SourceText::new(doc.to_owned());
        let l = FrontMatterLines {
            first: 2,
            closing: 7,
        };
        assert_eq!(
            l.locate_value(&text, "building_blocks", "beta"),
            Some(Position { line: 5, column: 5 })
        );
        assert_eq!(
            l.locate_value(&text, "building_blocks", "gamma"),
            Some(Position { line: 3, column: 1 })
        );
    }
}
