//! Hover on a front-matter key: what the field is for, from the table the build checks
//! pages with.

use super::complete::field_docs;
use super::cursor;
use super::position;
use crate::authoring::fields::{self, Shape};
use crate::config::Kind;
use crate::content::front_matter;
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position, Range};

/// The description of the key under the cursor (0-based line, UTF-16 column), if the
/// cursor is on a front-matter key placebook knows.
pub fn hover(lines: &[&str], line: usize, character: u32, kind: Kind) -> Option<Hover> {
    let text = lines.get(line)?;
    let column = position::byte_of_utf16(text, character);
    let (key, start, end) = cursor::key_under(lines, line, column)?;
    let value = match key.strip_prefix("sources.") {
        Some(sub) => source_key_docs(sub)?,
        None => {
            let f = front_matter::field(&key)?;
            if f.kinds.contains(&kind) {
                field_docs(f, kind)
            } else {
                let owners: Vec<&str> = f.kinds.iter().map(|k| k.name()).collect();
                format!(
                    "**{}**: {}\n\nNot a field of a {}: only of {}.",
                    f.name,
                    f.help,
                    kind.name(),
                    owners.join(", ")
                )
            }
        }
    };
    let at = |byte: usize| Position {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        character: position::utf16_len(&text[..byte]),
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(Range {
            start: at(start),
            end: at(end),
        }),
    })
}

fn source_key_docs(name: &str) -> Option<String> {
    let Shape::Records(sub) = fields::shape(fields::derived_properties().get("sources")?) else {
        return None;
    };
    let s = sub.into_iter().find(|s| s.name == name)?;
    let need = if s.required {
        "Required in each source."
    } else {
        "Optional."
    };
    Some(format!(
        "**{}** (of a source): {}\n\n{need}",
        s.name,
        s.description.unwrap_or_default()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(h: Hover) -> String {
        match h.contents {
            HoverContents::Markup(m) => m.value,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn hover_explains_known_keys_only() {
        let ls = [
            "---",
            "title: X",
            "place: P",
            "sources:",
            "  - title: R",
            "    url: u",
            "weird: 1",
            "---",
        ];
        let t = text_of(hover(&ls, 1, 2, Kind::CaseStudy).unwrap());
        assert!(t.starts_with("**title**: the page title"), "{t}");
        assert!(t.contains("Required for a case-study"), "{t}");
        let t = text_of(hover(&ls, 2, 0, Kind::Page).unwrap());
        assert!(t.contains("Not a field of a page"), "{t}");
        let t = text_of(hover(&ls, 5, 5, Kind::Page).unwrap());
        assert!(t.starts_with("**url** (of a source)"), "{t}");
        assert!(hover(&ls, 6, 1, Kind::Page).is_none());
        assert!(hover(&ls, 1, 7, Kind::Page).is_none());
    }
}
