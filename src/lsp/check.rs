//! The problems of one document, found by the build's own code on the editor's text, as
//! the protocol's diagnostics.

use super::position;
use super::site::SiteIndex;
use crate::authoring::fields::BLOCK_REFERENCES;
use crate::content::{self, SourceDoc, front_matter};
use crate::diagnostic::{Diagnostic, Severity};
use lsp_types::{DiagnosticSeverity, NumberOrString};

/// The problems `placebook build` reports for this document, had it this text: reading
/// and typing its front matter, placeholders still to fill in, and block references
/// that name no block (or a draft one).
pub fn problems(site: &SiteIndex, content_path: &str, text: &str) -> Vec<Diagnostic> {
    let place = match content::place_of(content_path, &site.config) {
        Ok(p) => p,
        Err(d) => return vec![d],
    };
    let doc = match content::parse_one(&place, text.as_bytes().to_vec(), None) {
        Ok(doc) => doc,
        Err(ds) => return ds,
    };
    let mut out = front_matter::placeholders(&doc);
    out.extend(block_references(site, &doc));
    out
}

/// Checks the slugs in `building_blocks` and `related` against the site's blocks, as
/// the build resolves them (a slug, or `collection/slug`, with `.md` allowed).
fn block_references(site: &SiteIndex, doc: &SourceDoc) -> Vec<Diagnostic> {
    let mut published: Vec<&str> = site
        .blocks
        .iter()
        .filter(|b| !b.draft)
        .map(|b| b.block.slug.as_str())
        .collect();
    published.sort_unstable();
    published.dedup();
    let mut out = Vec::new();
    for key in BLOCK_REFERENCES {
        let values = match *key {
            "building_blocks" => &doc.front.building_blocks,
            _ => &doc.front.related,
        };
        for slug in values {
            let wanted = slug.trim().trim_end_matches(".md");
            let matching: Vec<_> = site
                .blocks
                .iter()
                .filter(|b| {
                    b.block.slug == wanted
                        || format!("{}/{}", b.block.collection, b.block.slug) == wanted
                })
                .collect();
            let d = if matching.is_empty() {
                crate::model::unknown_block(wanted, &published)
            } else if matching.iter().all(|b| b.draft) {
                crate::model::draft_block(wanted)
            } else {
                continue;
            };
            let pos = crate::address::value_position(doc, key, wanted);
            out.push(match pos {
                Some(p) => d.at(&doc.path, &doc.text, p),
                None => d.in_file(&doc.path),
            });
        }
    }
    out
}

/// One diagnostic for the editor: the build's message, its help line, its code, and its
/// range in the editor's text.
pub fn to_lsp(d: &Diagnostic, text: &str, lines: &[&str]) -> lsp_types::Diagnostic {
    let message = match &d.suggestion {
        Some(s) => format!("{}\nhelp: {s}", d.message),
        None => d.message.clone(),
    };
    lsp_types::Diagnostic {
        range: position::range_of(d, text, lines),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.to_owned())),
        source: Some("placebook".to_owned()),
        message,
        ..lsp_types::Diagnostic::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::fields::Block;
    use crate::lsp::site::KnownBlock;

    fn site(blocks: &[(&str, bool)]) -> SiteIndex {
        let root = std::path::PathBuf::from("/nowhere");
        SiteIndex {
            config: crate::config::Config::default_for(&root),
            root,
            config_errors: Vec::new(),
            blocks: blocks
                .iter()
                .map(|(slug, draft)| KnownBlock {
                    block: Block {
                        collection: "building-blocks".into(),
                        slug: (*slug).into(),
                        number: None,
                    },
                    draft: *draft,
                })
                .collect(),
            terms: Default::default(),
        }
    }

    const CASE: &str = "---\ntitle: T\nsummary: S\nplace: P\nbuilding_blocks: [shared-purpose, shared-purpse, old-block]\n---\n";

    #[test]
    fn block_references_are_checked_like_the_build() {
        let s = site(&[("shared-purpose", false), ("old-block", true)]);
        let ds = problems(&s, "case-studies/x.md", CASE);
        let found: Vec<(&str, usize, usize)> = ds
            .iter()
            .map(|d| {
                let l = d.location.as_ref().unwrap();
                (d.code, l.line, l.column)
            })
            .collect();
        assert_eq!(found, [("unknown-block", 5, 35), ("draft-block", 5, 50)]);
        assert_eq!(
            ds[0].suggestion.as_deref(),
            Some("did you mean `shared-purpose`?")
        );
    }

    #[test]
    fn a_folder_that_is_no_collection_is_reported() {
        let ds = problems(&site(&[]), "nope/x.md", CASE);
        assert_eq!(ds[0].code, "unknown-collection");
    }

    #[test]
    fn the_message_carries_the_help_line_and_code() {
        let s = site(&[]);
        let text = "---\ntitle: T\nsumary: S\n---\n";
        let ds = problems(&s, "about.md", text);
        let lines = position::lines(text);
        let l = to_lsp(&ds[0], text, &lines);
        assert_eq!(
            l.message,
            "unknown field `sumary` in the front matter of this page\nhelp: did you mean `summary`?"
        );
        assert_eq!(l.code, Some(NumberOrString::String("unknown-field".into())));
        assert_eq!((l.range.start.line, l.range.start.character), (2, 0));
        assert_eq!((l.range.end.line, l.range.end.character), (2, 6));
    }
}
