//! Completion in the front matter: the kind's fields not written yet, and the values
//! placebook knows for a field (block slugs, taxonomy terms, `true`/`false`, the next
//! free block number, today's date, a source's keys).

use super::cursor::{self, Spot};
use super::position;
use super::site::SiteIndex;
use crate::authoring::fields::{self, BLOCK_REFERENCES, Shape};
use crate::config::Kind;
use crate::content::DocPlace;
use crate::content::front_matter::FieldInfo;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, InsertTextFormat,
    MarkupContent, MarkupKind, Position, Range, TextEdit,
};

/// What a completion request is about.
pub struct Request<'a> {
    /// The site the document is in.
    pub site: &'a SiteIndex,
    /// Where the document is in the site (its kind and collection).
    pub place: &'a DocPlace,
    /// The document's lines, as the editor holds them.
    pub lines: &'a [&'a str],
    /// The 0-based line of the cursor.
    pub line: usize,
    /// The cursor's UTF-16 column.
    pub character: u32,
    /// True when the editor accepts snippets with placeholders.
    pub snippets: bool,
}

/// The completions at the cursor (empty outside the front matter).
pub fn complete(req: &Request) -> Vec<CompletionItem> {
    let Some(text) = req.lines.get(req.line) else {
        return Vec::new();
    };
    let column = position::byte_of_utf16(text, req.character);
    let Some(spot) = cursor::spot(req.lines, req.line, column) else {
        return Vec::new();
    };
    let edit_range = |start: usize| Range {
        start: Position {
            line: req.character_line(),
            character: position::utf16_len(&text[..start.min(column)]),
        },
        end: Position {
            line: req.character_line(),
            character: position::utf16_len(&text[..column]),
        },
    };
    match spot {
        Spot::Key {
            start, has_colon, ..
        } => keys(req, edit_range(start), has_colon),
        Spot::Value { key, start, .. } => {
            let quoted = start > 0 && text[..start].ends_with(['"', '\'']);
            values(req, &key, edit_range(start), quoted, false)
        }
        Spot::Item {
            key,
            start,
            needs_dash,
            ..
        } => {
            let quoted = start > 0 && text[..start].ends_with(['"', '\'']);
            values(req, &key, edit_range(start), quoted, needs_dash)
        }
        Spot::SourceKey {
            start, needs_dash, ..
        } => source_keys(req, edit_range(start), needs_dash),
    }
}

impl Request<'_> {
    fn character_line(&self) -> u32 {
        u32::try_from(self.line).unwrap_or(u32::MAX)
    }

    fn written_keys(&self) -> Vec<String> {
        let Some(span) = cursor::front_matter(self.lines) else {
            return Vec::new();
        };
        cursor::keys(self.lines, span)
            .into_iter()
            .filter(|(_, n)| *n != self.line)
            .map(|(k, _)| k)
            .collect()
    }

    fn written_values(&self, key: &str) -> Vec<String> {
        cursor::front_matter(self.lines)
            .map(|span| cursor::list_values(self.lines, span, key))
            .unwrap_or_default()
    }
}

fn docs(text: String) -> Option<Documentation> {
    Some(Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value: text,
    }))
}

/// The field's description for an editor: its help line, whether this kind requires it,
/// and an example.
pub fn field_docs(f: &FieldInfo, kind: Kind) -> String {
    let need = if fields::is_required(f, kind) {
        format!("Required for a {}.", kind.name())
    } else {
        format!("Optional for a {}.", kind.name())
    };
    format!(
        "**{}**: {}\n\n{need} Example: `{}: {}`",
        f.name, f.help, f.name, f.example
    )
}

/// Escapes text for a snippet (where `$`, `}` and `\` are special).
fn snippet_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('$', "\\$")
        .replace('}', "\\}")
}

fn keys(req: &Request, range: Range, has_colon: bool) -> Vec<CompletionItem> {
    let kind = req.place.kind;
    let written = req.written_keys();
    let shapes = fields::derived_properties();
    fields::of_kind(kind)
        .enumerate()
        .filter(|(_, f)| !written.iter().any(|w| w == f.name))
        .map(|(i, f)| {
            let required = fields::is_required(f, kind);
            let shape = shapes.get(f.name).map(fields::shape).unwrap_or(Shape::Any);
            let (text, snippet) = if has_colon {
                (f.name.to_owned(), false)
            } else if req.snippets {
                (key_snippet(req, f, &shape), true)
            } else {
                (format!("{}: ", f.name), false)
            };
            CompletionItem {
                label: f.name.to_owned(),
                kind: Some(CompletionItemKind::FIELD),
                detail: Some(if required {
                    format!("required: {}", f.help)
                } else {
                    f.help.to_owned()
                }),
                documentation: docs(field_docs(f, kind)),
                // Required fields first, then in the order `placebook new` writes them.
                sort_text: Some(format!("{}{i:02}", u8::from(!required))),
                filter_text: Some(f.name.to_owned()),
                insert_text_format: Some(if snippet {
                    InsertTextFormat::SNIPPET
                } else {
                    InsertTextFormat::PLAIN_TEXT
                }),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range,
                    new_text: text,
                })),
                ..CompletionItem::default()
            }
        })
        .collect()
}

/// The text a field's completion writes, with placeholders: a list opens its first item,
/// a boolean offers both values, a source gets its title and url.
fn key_snippet(req: &Request, f: &FieldInfo, shape: &Shape) -> String {
    let name = f.name;
    match shape {
        Shape::List => format!("{name}:\n  - $0"),
        Shape::Records(_) => {
            format!("{name}:\n  - title: ${{1:title}}\n    url: ${{2:https://}}$0")
        }
        Shape::Boolean => format!("{name}: ${{1|true,false|}}$0"),
        Shape::Date => format!("{name}: ${{1:{}}}$0", crate::dates::Date::now().iso_date()),
        _ if name == "number" => match next_number(req) {
            Some(n) => format!("{name}: ${{1:{n}}}$0"),
            None => format!("{name}: $0"),
        },
        _ => format!("{name}: ${{1:{}}}$0", snippet_text(f.example)),
    }
}

/// The next free block number in the document's collection.
fn next_number(req: &Request) -> Option<i64> {
    let collection = req.place.collection.as_deref()?;
    let own = req.place.stem.as_str();
    let max = req
        .site
        .blocks
        .iter()
        .filter(|b| b.block.collection == collection && b.block.slug != own)
        .filter_map(|b| b.block.number)
        .max()
        .unwrap_or(0);
    Some(max + 1)
}

/// Quotes a YAML scalar that would not read back as the same text.
fn yaml_scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with([':', ' ']);
    if plain {
        s.to_owned()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

fn values(
    req: &Request,
    key: &str,
    range: Range,
    quoted: bool,
    needs_dash: bool,
) -> Vec<CompletionItem> {
    let kind = req.place.kind;
    let Some(field) = fields::of_kind(kind).find(|f| f.name == key) else {
        return Vec::new();
    };
    let shape = fields::derived_properties()
        .get(field.name)
        .map(fields::shape)
        .unwrap_or(Shape::Any);
    let written = req.written_values(key);
    let (candidates, what): (Vec<String>, &str) = if BLOCK_REFERENCES.contains(&key) {
        let own = req.place.stem.as_str();
        let values = req
            .site
            .reference_values()
            .into_iter()
            .filter(|v| !(key == "related" && v == own))
            .collect();
        (values, "building block")
    } else if req.site.config.taxonomies.iter().any(|t| t == key) {
        let terms = req.site.terms.get(key).cloned().unwrap_or_default();
        (terms, "term in use")
    } else if shape == Shape::Boolean {
        (vec!["true".into(), "false".into()], "")
    } else if key == "number" && kind == Kind::BuildingBlock {
        (
            next_number(req)
                .map(|n| n.to_string())
                .into_iter()
                .collect(),
            "the next free number",
        )
    } else if shape == Shape::Date {
        (vec![crate::dates::Date::now().iso_date()], "today")
    } else {
        (Vec::new(), "")
    };
    candidates
        .into_iter()
        .filter(|v| !written.iter().any(|w| w == v))
        .enumerate()
        .map(|(i, v)| {
            let mut text = if quoted { v.clone() } else { yaml_scalar(&v) };
            if needs_dash {
                text = format!("- {text}");
            }
            CompletionItem {
                label: v.clone(),
                kind: Some(CompletionItemKind::VALUE),
                detail: (!what.is_empty()).then(|| what.to_owned()),
                sort_text: Some(format!("{i:05}")),
                filter_text: Some(if needs_dash { format!("- {v}") } else { v }),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range,
                    new_text: text,
                })),
                ..CompletionItem::default()
            }
        })
        .collect()
}

fn source_keys(req: &Request, range: Range, needs_dash: bool) -> Vec<CompletionItem> {
    let Some(Shape::Records(sub)) = fields::derived_properties()
        .get("sources")
        .map(fields::shape)
    else {
        return Vec::new();
    };
    sub.iter()
        .enumerate()
        .map(|(i, s)| {
            let dash = if needs_dash { "- " } else { "" };
            let (text, format) = if req.snippets {
                (format!("{dash}{}: $0", s.name), InsertTextFormat::SNIPPET)
            } else {
                (format!("{dash}{}: ", s.name), InsertTextFormat::PLAIN_TEXT)
            };
            CompletionItem {
                label: s.name.clone(),
                kind: Some(CompletionItemKind::FIELD),
                detail: Some(if s.required {
                    "required in each source".to_owned()
                } else {
                    "optional".to_owned()
                }),
                documentation: s.description.clone().and_then(docs),
                sort_text: Some(format!("{i:02}")),
                filter_text: Some(format!("{dash}{}", s.name)),
                insert_text_format: Some(format),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range,
                    new_text: text,
                })),
                ..CompletionItem::default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_quoted_only_when_yaml_needs_it() {
        assert_eq!(yaml_scalar("health-and-care"), "health-and-care");
        assert_eq!(
            yaml_scalar("Yorkshire and the Humber"),
            "Yorkshire and the Humber"
        );
        assert_eq!(yaml_scalar("a: b"), "\"a: b\"");
        assert_eq!(yaml_scalar("-x"), "\"-x\"");
        assert_eq!(yaml_scalar("say \"hi\" #1"), "\"say \\\"hi\\\" #1\"");
    }

    #[test]
    fn snippet_text_escapes_its_special_characters() {
        assert_eq!(snippet_text("{hero: $x}"), "{hero: \\$x\\}");
    }
}
