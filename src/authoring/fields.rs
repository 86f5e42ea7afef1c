//! What the authoring tools know about front-matter fields, read from the code the loader
//! uses: the [`FrontMatter`] type (through its derived JSON Schema) for what each field
//! holds, and [`FIELDS`] for which kinds use it, which require it, and how to explain it.

use crate::config::Kind;
use crate::content::front_matter::{FIELDS, FieldInfo};
use crate::content::{DocRole, FrontMatter, SourceDoc};
use serde_json::{Map, Value};

/// Fields whose values name building blocks; the loader checks each against the site's
/// blocks (see `model::assemble`).
pub const BLOCK_REFERENCES: &[&str] = &["building_blocks", "related"];

/// The JSON Schema formats that mean something to validators; others that the schema
/// derive adds for Rust's integer types (`int64`, `uint`) are dropped.
const STANDARD_FORMATS: &[&str] = &["date", "date-time", "uri", "email"];

/// The fields a page of `kind` may use, in the order of [`FIELDS`].
pub fn of_kind(kind: Kind) -> impl Iterator<Item = &'static FieldInfo> {
    FIELDS.iter().filter(move |f| f.kinds.contains(&kind))
}

/// True when `kind` must have the field.
pub fn is_required(field: &FieldInfo, kind: Kind) -> bool {
    field.required_for.contains(&kind)
}

/// The field's example (YAML text in [`FIELDS`]) as a JSON value.
pub fn example(field: &FieldInfo) -> Value {
    crate::yaml::from_str::<crate::yaml::Value>(field.example)
        .map(|v| crate::yaml::to_json(&v))
        .unwrap_or_else(|_| Value::String(field.example.to_owned()))
}

/// The JSON Schema derived from [`FrontMatter`] (draft 2020-12, sub-schemas inlined so
/// each property stands alone), with non-standard formats removed.
pub fn derived_schema() -> Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .with(|s| s.inline_subschemas = true)
        .into_generator();
    let mut schema = generator.into_root_schema_for::<FrontMatter>().to_value();
    drop_nonstandard_formats(&mut schema);
    schema
}

/// The derived schema of each front-matter property, by key.
pub fn derived_properties() -> Map<String, Value> {
    match derived_schema().get_mut("properties").map(Value::take) {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

fn drop_nonstandard_formats(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map
                .get("format")
                .and_then(Value::as_str)
                .is_some_and(|f| !STANDARD_FORMATS.contains(&f))
            {
                map.remove("format");
            }
            map.values_mut().for_each(drop_nonstandard_formats);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_nonstandard_formats),
        _ => {}
    }
}

/// What a field holds, as far as an editing form needs to know.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// One line of text.
    Text,
    /// A whole number, with its least value when there is one.
    Integer {
        /// The least value allowed.
        min: Option<i64>,
    },
    /// `true` or `false`.
    Boolean,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// A list of text items (one item alone is accepted too).
    List,
    /// A list of maps with the given fields.
    Records(Vec<SubField>),
    /// Anything (free data).
    Any,
}

/// One field of the maps in a [`Shape::Records`] list.
#[derive(Debug, Clone, PartialEq)]
pub struct SubField {
    /// Its key.
    pub name: String,
    /// What it holds.
    pub shape: Shape,
    /// Whether every map must have it.
    pub required: bool,
    /// Its description, from the type's doc comment.
    pub description: Option<String>,
}

/// The shape of a property from its derived JSON Schema.
pub fn shape(schema: &Value) -> Shape {
    if let Some(alternatives) = schema.get("anyOf").and_then(Value::as_array) {
        if alternatives.iter().any(|a| types(a).contains(&"array")) {
            return Shape::List;
        }
        if alternatives
            .iter()
            .any(|a| a.get("format").and_then(Value::as_str) == Some("date"))
        {
            return Shape::Date;
        }
        return Shape::Any;
    }
    let t = types(schema);
    if t.contains(&"array") {
        let items = schema.get("items").unwrap_or(&Value::Null);
        return match items.get("properties").and_then(Value::as_object) {
            Some(props) => {
                let required: Vec<&str> = items
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                // Required fields first, in the order the type declares them.
                let mut names: Vec<&str> = required.clone();
                names.extend(
                    props
                        .keys()
                        .map(String::as_str)
                        .filter(|n| !required.contains(n)),
                );
                Shape::Records(
                    names
                        .into_iter()
                        .filter_map(|name| {
                            let s = props.get(name)?;
                            Some(SubField {
                                name: name.to_owned(),
                                shape: shape(s),
                                required: required.contains(&name),
                                description: s
                                    .get("description")
                                    .and_then(Value::as_str)
                                    .map(str::to_owned),
                            })
                        })
                        .collect(),
                )
            }
            None => Shape::List,
        };
    }
    if t.contains(&"integer") {
        return Shape::Integer {
            min: schema.get("minimum").and_then(Value::as_i64),
        };
    }
    if t.contains(&"string") {
        return Shape::Text;
    }
    if t.contains(&"boolean") {
        return Shape::Boolean;
    }
    Shape::Any
}

/// The `type` keyword of a schema as a list (`"string"` or `["string", "null"]`).
pub fn types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// One building block of a site, as other pages name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Its collection's key.
    pub collection: String,
    /// Its slug (what `building_blocks` and `related` name).
    pub slug: String,
    /// Its number in the collection, when it has one.
    pub number: Option<i64>,
}

/// The building blocks among loaded documents (drafts included: naming one is only a
/// warning), in path order.
pub fn blocks(docs: &[SourceDoc]) -> Vec<Block> {
    docs.iter()
        .filter(|d| d.role == DocRole::Page && d.kind == Kind::BuildingBlock)
        .filter_map(|d| {
            Some(Block {
                collection: d.collection.clone()?,
                slug: d.slug(),
                number: d.front.number,
            })
        })
        .collect()
}

/// The values a block reference may take: every block's slug, sorted, and also
/// `collection/slug` when blocks live in more than one collection (where that form is
/// how an author tells two blocks of one name apart).
pub fn reference_values(blocks: &[Block]) -> Vec<String> {
    let mut values: Vec<String> = blocks.iter().map(|b| b.slug.clone()).collect();
    let first = blocks.first().map(|b| b.collection.as_str());
    if blocks.iter().any(|b| Some(b.collection.as_str()) != first) {
        values.extend(
            blocks
                .iter()
                .map(|b| format!("{}/{}", b.collection, b.slug)),
        );
    }
    values.sort();
    values.dedup();
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_front_matter_property_has_a_fields_entry_and_back() {
        let props = derived_properties();
        for name in props.keys() {
            assert!(
                crate::content::front_matter::field(name).is_some(),
                "{name} has no FIELDS entry"
            );
        }
        for f in FIELDS {
            assert!(
                props.contains_key(f.name),
                "{} is not in FrontMatter",
                f.name
            );
        }
        for r in BLOCK_REFERENCES {
            assert!(props.contains_key(*r), "{r}");
        }
    }

    #[test]
    fn shapes_follow_the_types() {
        let props = derived_properties();
        assert_eq!(shape(&props["title"]), Shape::Text);
        assert_eq!(shape(&props["number"]), Shape::Integer { min: Some(1) });
        assert_eq!(shape(&props["year"]), Shape::Integer { min: None });
        assert_eq!(shape(&props["draft"]), Shape::Boolean);
        assert_eq!(shape(&props["updated"]), Shape::Date);
        assert_eq!(shape(&props["tags"]), Shape::List);
        assert_eq!(shape(&props["extra"]), Shape::Any);
        let Shape::Records(sub) = shape(&props["sources"]) else {
            panic!("sources is a list of maps: {}", props["sources"]);
        };
        let names: Vec<(&str, bool)> = sub.iter().map(|s| (s.name.as_str(), s.required)).collect();
        assert_eq!(
            names,
            [
                ("title", true),
                ("url", true),
                ("date", false),
                ("publisher", false)
            ]
        );
    }

    #[test]
    fn no_rust_only_formats_leak_into_the_schema() {
        let text = derived_schema().to_string();
        assert!(!text.contains("int64"), "{text}");
    }

    #[test]
    fn examples_parse_as_yaml() {
        let f = crate::content::front_matter::field("lead").unwrap();
        assert_eq!(example(f), serde_json::json!(["Sheffield City Council"]));
        let f = crate::content::front_matter::field("year").unwrap();
        assert_eq!(example(f), serde_json::json!(2015));
    }

    #[test]
    fn qualified_references_only_with_several_block_collections() {
        let b = |c: &str, s: &str| Block {
            collection: c.into(),
            slug: s.into(),
            number: None,
        };
        assert_eq!(reference_values(&[b("bb", "z"), b("bb", "a")]), ["a", "z"]);
        assert_eq!(
            reference_values(&[b("bb", "a"), b("plays", "a")]),
            ["a", "bb/a", "plays/a"]
        );
    }
}
