//! `placebook schema`: one JSON Schema (draft 2020-12) per collection, for editors that
//! complete and check front matter while it is typed.
//!
//! Each schema is generated, never kept by hand: the properties come from the schema
//! derived from [`FrontMatter`](crate::content::FrontMatter), kept to the fields
//! [`FIELDS`](crate::content::front_matter::FIELDS) gives the collection's kind, with
//! `required`, descriptions and examples from the same table, and the site's building
//! blocks as the allowed values of block references.

use super::fields::{self, Block};
use crate::config::{Config, Kind};
use crate::diagnostic::{Diagnostic, Diagnostics};
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

/// The meta-schema the generated schemas follow.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The folder under the site root that `placebook schema` writes to by default.
pub const DEFAULT_DIR: &str = "schemas";

/// One schema file to write.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaFile {
    /// Its file name, `<collection>.schema.json`.
    pub file_name: String,
    /// The files it describes, as a glob from the site root (`content/case-studies/**/*.md`).
    pub applies_to: String,
    /// The schema.
    pub schema: Value,
}

/// What `placebook schema` wrote.
#[derive(Debug)]
pub struct Written {
    /// The files, in collection order.
    pub files: Vec<(PathBuf, SchemaFile)>,
    /// Problems found in `content/` (files with errors may be missing from the lists of
    /// building blocks).
    pub content_problems: Diagnostics,
}

/// Loads the site at `root` and writes its schemas into `output` (default
/// `<root>/schemas`). Content errors do not stop it: the schemas help fix them.
pub fn write(root: &Path, output: Option<&Path>) -> Result<Written, Diagnostics> {
    let config = Config::load(root).map_err(Diagnostics::from)?;
    let loaded = crate::content::load(root, &config);
    let blocks = fields::blocks(&loaded.docs);
    let dir = output.map_or_else(|| root.join(DEFAULT_DIR), Path::to_path_buf);
    let io = |path: &Path, e: std::io::Error| {
        Diagnostics::from(vec![Diagnostic::error(
            "io",
            format!("cannot write {}: {e}", path.display()),
        )])
    };
    std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
    let mut files = Vec::new();
    for file in site_schemas(&config, &blocks) {
        let path = dir.join(&file.file_name);
        if !is_replaceable(&path) {
            return Err(Diagnostics::from(vec![
                Diagnostic::error(
                    "io",
                    format!(
                        "{} is there already and is not a JSON Schema, so it was left as it is",
                        path.display()
                    ),
                )
                .suggest("move that file, or write the schemas elsewhere with --output DIR"),
            ]));
        }
        let mut text = serde_json::to_string_pretty(&file.schema).unwrap_or_default();
        text.push('\n');
        std::fs::write(&path, text).map_err(|e| io(&path, e))?;
        files.push((path, file));
    }
    Ok(Written {
        files,
        content_problems: loaded.diagnostics,
    })
}

/// True when `path` is free, or holds a JSON Schema (one this command wrote before), so
/// that writing the schemas never replaces someone's other file.
fn is_replaceable(path: &Path) -> bool {
    match std::fs::read(path) {
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        Ok(bytes) => serde_json::from_slice::<serde_json::Value>(&bytes)
            .is_ok_and(|v| v.get("$schema").is_some()),
    }
}

/// The schemas of a site: one per collection, and one for the pages at the top of
/// `content/` and the collections' `_index.md` (both of kind page).
pub fn site_schemas(config: &Config, blocks: &[Block]) -> Vec<SchemaFile> {
    let refs = fields::reference_values(blocks);
    let mut out: Vec<SchemaFile> = config
        .collections
        .iter()
        .map(|(key, c)| SchemaFile {
            file_name: format!("{key}.schema.json"),
            applies_to: format!("content/{key}/**/*.md"),
            schema: for_kind(
                c.kind,
                &refs,
                &format!("{} ({})", config.collection_title(key), c.kind.name()),
            ),
        })
        .collect();
    let taken = config
        .collections
        .get("pages")
        .is_some_and(|c| c.kind != Kind::Page);
    out.push(SchemaFile {
        file_name: if taken {
            "top-level-pages.schema.json".into()
        } else {
            "pages.schema.json".into()
        },
        applies_to: "content/*.md".into(),
        schema: for_kind(Kind::Page, &refs, "Pages (page)"),
    });
    out
}

/// The schema of the front matter of a page of `kind`; `refs` are the values block
/// references may take (no restriction when empty).
pub fn for_kind(kind: Kind, refs: &[String], title: &str) -> Value {
    let derived = fields::derived_properties();
    let mut properties = Map::new();
    let mut required = Vec::new();
    for f in fields::of_kind(kind) {
        let Some(mut property) = derived.get(f.name).cloned() else {
            continue;
        };
        if property.as_bool() == Some(true) {
            property = json!({});
        }
        let is_reference = fields::BLOCK_REFERENCES.contains(&f.name);
        if is_reference && !refs.is_empty() {
            restrict(&mut property, refs);
        }
        if fields::is_required(f, kind) {
            forbid_null(&mut property);
            required.push(Value::String(f.name.to_owned()));
        }
        if let Value::Object(map) = &mut property {
            // A null default says nothing to an author, and a required field has none.
            if map.get("default").is_some_and(Value::is_null) || fields::is_required(f, kind) {
                map.remove("default");
            }
            map.insert("description".into(), Value::String(sentence(f.help)));
            let example = if is_reference && !refs.is_empty() {
                json!(refs.iter().take(2).collect::<Vec<_>>())
            } else {
                fields::example(f)
            };
            map.insert("examples".into(), json!([example]));
        }
        properties.insert(f.name.to_owned(), property);
    }
    json!({
        "$schema": DIALECT,
        "title": format!("Front matter: {title}"),
        "description": format!(
            "The YAML between the --- lines at the top of a {} page. Generated by `placebook schema` (placebook {}) from the front-matter types the build uses; run it again after adding building blocks or upgrading placebook rather than editing this file.",
            kind.name(),
            env!("CARGO_PKG_VERSION")
        ),
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

/// Replaces every text alternative of a property (the value alone, or the items of a
/// list) with an enumeration of `values`.
fn restrict(schema: &mut Value, values: &[String]) {
    if let Some(alternatives) = schema.get_mut("anyOf").and_then(Value::as_array_mut) {
        alternatives.iter_mut().for_each(|a| restrict(a, values));
        return;
    }
    let types = fields::types(schema);
    if types == ["null"] {
        return;
    }
    if types.contains(&"array") {
        if let Some(items) = schema.get_mut("items") {
            restrict(items, values);
        }
        return;
    }
    *schema = json!({ "enum": values });
}

/// Removes `null` from what a property accepts (a required field left empty is missing).
fn forbid_null(schema: &mut Value) {
    if let Some(Value::Array(types)) = schema.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let only = types.remove(0);
            schema["type"] = only;
        }
    }
    if let Some(alternatives) = schema.get_mut("anyOf").and_then(Value::as_array_mut) {
        alternatives.retain(|a| fields::types(a) != ["null"]);
    }
}

/// `the page title` becomes `The page title.`
fn sentence(help: &str) -> String {
    let mut s = crate::slug::capitalise(help);
    if !s.ends_with('.') {
        s.push('.');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validator(schema: &Value) -> jsonschema::Validator {
        jsonschema::validator_for(schema).expect("a valid schema")
    }

    fn refs() -> Vec<String> {
        vec!["pooled-resources".into(), "shared-purpose".into()]
    }

    #[test]
    fn schema_is_valid_2020_12_and_closed() {
        let s = for_kind(Kind::CaseStudy, &refs(), "Case studies");
        assert_eq!(s["$schema"], DIALECT);
        assert!(jsonschema::meta::is_valid(&s));
        assert_eq!(s["additionalProperties"], false);
        assert_eq!(s["required"], json!(["title", "summary", "place"]));
        assert!(
            s["properties"].get("number").is_none(),
            "number is a block field"
        );
        assert!(
            s["properties"]["place"]["description"]
                .as_str()
                .unwrap()
                .starts_with("The place")
        );
        assert_eq!(
            s["properties"]["draft"]["description"],
            "True keeps the page out of the site unless you build with --drafts."
        );
        assert!(s["properties"]["title"].get("default").is_none());
    }

    #[test]
    fn one_value_or_a_list_both_validate() {
        let v = validator(&for_kind(Kind::CaseStudy, &refs(), "C"));
        let base = json!({"title": "T", "summary": "S", "place": "P"});
        let with = |k: &str, val: Value| {
            let mut d = base.clone();
            d[k] = val;
            d
        };
        assert!(v.is_valid(&with("lead", json!("Sheffield City Council"))));
        assert!(v.is_valid(&with("lead", json!(["A", "B"]))));
        assert!(v.is_valid(&with("building_blocks", json!("shared-purpose"))));
        assert!(v.is_valid(&with("building_blocks", json!(["shared-purpose"]))));
        assert!(!v.is_valid(&with("building_blocks", json!(["shared-purpos"]))));
        assert!(!v.is_valid(&with("building_blocks", json!("shared-purpos"))));
        assert!(!v.is_valid(&with("year", json!("soon"))));
        assert!(!v.is_valid(&with("sumary", json!("x"))));
        assert!(
            !v.is_valid(&with("sources", json!([{"title": "T"}]))),
            "url is required"
        );
        assert!(!v.is_valid(&with(
            "sources",
            json!([{"title": "T", "url": "u", "pages": 3}])
        )));
        assert!(v.is_valid(&with("updated", json!("2024-05-01"))));
        assert!(!v.is_valid(&json!({"title": "T", "summary": null, "place": "P"})));
    }

    #[test]
    fn block_numbers_start_at_one() {
        let v = validator(&for_kind(Kind::BuildingBlock, &refs(), "B"));
        assert!(v.is_valid(&json!({"title": "T", "summary": "S", "number": 1})));
        assert!(!v.is_valid(&json!({"title": "T", "summary": "S", "number": 0})));
        assert!(!v.is_valid(&json!({"title": "T", "summary": "S"})));
    }

    #[test]
    fn without_blocks_references_are_free_text() {
        let v = validator(&for_kind(Kind::BuildingBlock, &[], "B"));
        assert!(v.is_valid(
            &json!({"title": "T", "summary": "S", "number": 2, "related": ["anything"]})
        ));
    }

    #[test]
    fn every_property_has_a_description_and_an_example() {
        for kind in [Kind::CaseStudy, Kind::BuildingBlock, Kind::Page] {
            let s = for_kind(kind, &refs(), "K");
            for (name, p) in s["properties"].as_object().unwrap() {
                assert!(p["description"].is_string(), "{name}");
                assert!(p["examples"].is_array(), "{name}");
            }
        }
    }

    #[test]
    fn examples_validate_against_their_own_schema() {
        for kind in [Kind::CaseStudy, Kind::BuildingBlock, Kind::Page] {
            let s = for_kind(kind, &refs(), "K");
            for (name, p) in s["properties"].as_object().unwrap() {
                let v = validator(p);
                for e in p["examples"].as_array().unwrap() {
                    assert!(v.is_valid(e), "{kind:?} {name}: {e}");
                }
            }
        }
    }

    #[test]
    fn site_schemas_cover_every_collection_and_top_level_pages() {
        let config = Config::parse("title: T\ncollections:\n  plays: { kind: building-block }\n  pages: { kind: case-study }\n").unwrap();
        let names: Vec<String> = site_schemas(&config, &[])
            .into_iter()
            .map(|f| f.file_name)
            .collect();
        assert_eq!(
            names,
            [
                "plays.schema.json",
                "pages.schema.json",
                "top-level-pages.schema.json"
            ]
        );
    }
}
