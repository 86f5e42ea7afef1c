//! The problems of one document, found by the build's own code on the editor's text, as
//! the protocol's diagnostics.

use super::position;
use super::site::SiteIndex;
use crate::content::{self, SourceDoc};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::references::{BlockNames, LeftOutBlocks, NamedBlock};
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
    let mut out = content::warnings::value_warnings(&doc);
    out.extend(block_references(site, &doc));
    out
}

/// Checks the slugs in `building_blocks` and `related` against the site's blocks with
/// the build's own resolution, as a build without `--drafts` would.
fn block_references(site: &SiteIndex, doc: &SourceDoc) -> Vec<Diagnostic> {
    let left_out = LeftOutBlocks {
        drafts: site
            .blocks
            .iter()
            .filter(|b| b.draft)
            .map(|b| b.block.slug.clone())
            .collect(),
        broken: site.broken_blocks.clone(),
    };
    let published = site.blocks.iter().filter(|b| !b.draft).map(|b| NamedBlock {
        collection: b.block.collection.as_str(),
        slug: b.block.slug.as_str(),
        id: (),
    });
    BlockNames::new(published, &left_out)
        .resolve_page(doc)
        .diagnostics
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
        let in_one: Vec<(&str, &str, bool)> = blocks
            .iter()
            .map(|&(slug, draft)| ("building-blocks", slug, draft))
            .collect();
        site_with(&in_one)
    }

    /// A site with blocks given as (collection, slug, draft), and a second collection of
    /// building blocks, `plays`.
    fn site_with(blocks: &[(&str, &str, bool)]) -> SiteIndex {
        let root = std::path::PathBuf::from("/nowhere");
        let mut config = crate::config::Config::default_for(&root);
        config.collections.insert(
            "plays".into(),
            crate::config::CollectionConfig {
                kind: crate::config::Kind::BuildingBlock,
                title: None,
                singular: None,
                sort_by: crate::config::SortBy::Number,
            },
        );
        SiteIndex {
            config,
            root,
            config_errors: Vec::new(),
            broken_blocks: Vec::new(),
            blocks: blocks
                .iter()
                .map(|&(collection, slug, draft)| KnownBlock {
                    block: Block {
                        collection: collection.into(),
                        slug: slug.into(),
                        number: None,
                    },
                    draft,
                })
                .collect(),
            terms: Default::default(),
        }
    }

    fn codes_and_places(ds: &[Diagnostic]) -> Vec<(&str, usize, usize)> {
        ds.iter()
            .map(|d| {
                let l = d.location.as_ref().unwrap();
                (d.code, l.line, l.column)
            })
            .collect()
    }

    const CASE: &str = "---\ntitle: T\nsummary: S\nplace: P\nbuilding_blocks: [shared-purpose, shared-purpse, old-block]\n---\n";

    #[test]
    fn block_references_are_checked_like_the_build() {
        let s = site(&[("shared-purpose", false), ("old-block", true)]);
        let ds = problems(&s, "case-studies/x.md", CASE);
        assert_eq!(
            codes_and_places(&ds),
            [("unknown-block", 5, 35), ("draft-block", 5, 50)]
        );
        assert_eq!(
            ds[0].suggestion.as_deref(),
            Some("did you mean `shared-purpose`?")
        );
    }

    #[test]
    fn a_slug_in_two_block_collections_is_ambiguous_like_the_build() {
        let s = site_with(&[
            ("building-blocks", "shared-purpose", false),
            ("plays", "shared-purpose", false),
        ]);
        let text = "---\ntitle: T\nsummary: S\nplace: P\nbuilding_blocks: [shared-purpose, plays/shared-purpose]\n---\n";
        let ds = problems(&s, "case-studies/x.md", text);
        assert_eq!(codes_and_places(&ds), [("ambiguous-block", 5, 19)]);
        assert_eq!(
            ds[0].message,
            "`shared-purpose` names a block in more than one collection"
        );
        assert_eq!(
            ds[0].suggestion.as_deref(),
            Some(
                "write it as `<collection>/shared-purpose`, e.g. `building-blocks/shared-purpose`"
            )
        );
        // A block's own collection settles which one a bare slug means.
        let block = "---\ntitle: B\nsummary: S\nnumber: 2\nrelated: [shared-purpose]\n---\n";
        assert!(problems(&s, "plays/other.md", block).is_empty());
    }

    #[test]
    fn a_block_whose_file_has_errors_is_not_reported_again_as_in_the_build() {
        let mut s = site(&[("shared-purpose", false), ("old-block", true)]);
        s.broken_blocks = vec!["shared-purpse".to_owned()];
        let ds = problems(&s, "case-studies/x.md", CASE);
        assert_eq!(codes_and_places(&ds), [("draft-block", 5, 50)]);
    }

    #[test]
    fn a_qualified_draft_is_unknown_as_in_the_build() {
        let s = site(&[("old-block", true)]);
        let text = "---\ntitle: T\nsummary: S\nplace: P\nbuilding_blocks: [building-blocks/old-block]\n---\n";
        let ds = problems(&s, "case-studies/x.md", text);
        assert_eq!(codes_and_places(&ds), [("unknown-block", 5, 19)]);
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
