//! Block references: the slugs a page names in `building_blocks` and `related`,
//! resolved to the site's building blocks, with the problems found on the way.
//!
//! The build ([`assemble`](super::assemble)) and the language server both resolve
//! references here, so an editor reports exactly what `placebook build` reports.

use crate::content::SourceDoc;
use crate::diagnostic::{Diagnostic, closest};
use std::collections::HashMap;

/// One published building block, as references name it: by its slug, or by
/// `collection/slug`. `Id` is whatever the caller knows the block by.
#[derive(Debug, Clone, Copy)]
pub struct NamedBlock<'a, Id> {
    /// The key of the block's collection.
    pub collection: &'a str,
    /// The block's slug.
    pub slug: &'a str,
    /// The caller's handle on the block (a page id in the build).
    pub id: Id,
}

/// The blocks one page names, resolved, and the problems found resolving them.
#[derive(Debug, Clone)]
pub struct PageBlocks<Id> {
    /// The blocks of `building_blocks` that resolved, in the order written, each once.
    pub building_blocks: Vec<Id>,
    /// The blocks of `related` that resolved, in the order written, each once.
    pub related: Vec<Id>,
    /// Unknown, ambiguous and draft blocks, in the order they are written.
    pub diagnostics: Vec<Diagnostic>,
}

/// Building blocks that are files of the site but not published, by slug.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeftOutBlocks {
    /// Blocks marked `draft: true`: references to them are warnings.
    pub drafts: Vec<String>,
    /// Blocks whose files have errors of their own: references to them are not
    /// reported, since they follow from the block's own error.
    pub broken: Vec<String>,
}

/// The published building blocks of a site, looked up the way references name them,
/// and the blocks left out (drafts, and files with errors).
#[derive(Debug)]
pub struct BlockNames<'a, Id> {
    blocks: Vec<NamedBlock<'a, Id>>,
    /// Slug -> positions in `blocks`, in the order given.
    by_slug: HashMap<&'a str, Vec<usize>>,
    /// `collection/slug` -> position in `blocks` (the last block given of that name).
    by_qualified: HashMap<String, usize>,
    /// The distinct slugs, sorted, for suggestions.
    sorted_slugs: Vec<&'a str>,
    left_out: &'a LeftOutBlocks,
}

impl<'a, Id: Copy + PartialEq> BlockNames<'a, Id> {
    /// Indexes the published blocks; `left_out` are the blocks that are not published.
    pub fn new(
        blocks: impl IntoIterator<Item = NamedBlock<'a, Id>>,
        left_out: &'a LeftOutBlocks,
    ) -> Self {
        let blocks: Vec<NamedBlock<'a, Id>> = blocks.into_iter().collect();
        let mut by_slug: HashMap<&'a str, Vec<usize>> = HashMap::new();
        let mut by_qualified = HashMap::with_capacity(blocks.len());
        for (i, b) in blocks.iter().enumerate() {
            by_slug.entry(b.slug).or_default().push(i);
            by_qualified.insert(format!("{}/{}", b.collection, b.slug), i);
        }
        let mut sorted_slugs: Vec<&'a str> = by_slug.keys().copied().collect();
        sorted_slugs.sort_unstable();
        BlockNames {
            blocks,
            by_slug,
            by_qualified,
            sorted_slugs,
            left_out,
        }
    }

    /// Resolves the `building_blocks` and `related` of one page, as the build does: a
    /// slug or `collection/slug`, `.md` allowed; a slug shared by blocks of several
    /// collections means the one in the page's own collection, else it is ambiguous.
    pub fn resolve_page(&self, doc: &SourceDoc) -> PageBlocks<Id> {
        let mut diagnostics = Vec::new();
        let mut resolve_all = |key: &str, references: &[String]| {
            let mut found: Vec<Id> = Vec::new();
            for reference in references {
                if let Some(id) = self.resolve(doc, key, reference, &mut diagnostics)
                    && !found.contains(&id)
                {
                    found.push(id);
                }
            }
            found
        };
        let building_blocks = resolve_all("building_blocks", &doc.front.building_blocks);
        let related = resolve_all("related", &doc.front.related);
        PageBlocks {
            building_blocks,
            related,
            diagnostics,
        }
    }

    /// The block one reference names, or `None` with the problem added to `diags`.
    fn resolve(
        &self,
        doc: &SourceDoc,
        key: &str,
        reference: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Id> {
        let wanted = reference.trim().trim_end_matches(".md");
        if let Some(&i) = self.by_qualified.get(wanted) {
            return Some(self.blocks[i].id);
        }
        let problem = match self.by_slug.get(wanted).map(Vec::as_slice) {
            Some([one]) => return Some(self.blocks[*one].id),
            Some(many) => match self.in_own_collection(many, doc) {
                Some(i) => return Some(self.blocks[i].id),
                None => self.ambiguous(wanted, many),
            },
            None if self.names_broken(wanted) => return None,
            None if self.left_out.drafts.iter().any(|d| d == wanted) => draft_block(wanted),
            None => unknown_block(wanted, &self.sorted_slugs),
        };
        diags.push(locate(doc, key, wanted, problem));
        None
    }

    /// Whether `wanted` (a slug or `collection/slug`) names a block whose file has errors.
    fn names_broken(&self, wanted: &str) -> bool {
        let slug = wanted.rsplit('/').next().unwrap_or(wanted);
        self.left_out.broken.iter().any(|b| b == slug)
    }

    /// The first of `candidates` in the page's own collection, if any is.
    fn in_own_collection(&self, candidates: &[usize], doc: &SourceDoc) -> Option<usize> {
        let own = doc.collection.as_deref()?;
        candidates
            .iter()
            .copied()
            .find(|&i| self.blocks[i].collection == own)
    }

    /// The error for a slug that names blocks in several collections; its example is
    /// the alphabetically first `collection/slug` among them.
    fn ambiguous(&self, wanted: &str, candidates: &[usize]) -> Diagnostic {
        let example = candidates
            .iter()
            .map(|&i| format!("{}/{}", self.blocks[i].collection, self.blocks[i].slug))
            .min()
            .unwrap_or_else(|| wanted.to_owned());
        Diagnostic::error(
            "ambiguous-block",
            format!("`{wanted}` names a block in more than one collection"),
        )
        .span(wanted.chars().count())
        .suggest(format!(
            "write it as `<collection>/{wanted}`, e.g. `{example}`"
        ))
    }
}

/// The warning for a block reference that names a draft block (left out of the build).
pub fn draft_block(wanted: &str) -> Diagnostic {
    Diagnostic::warning(
        "draft-block",
        format!("`{wanted}` is a draft building block, so it is left out of this page"),
    )
    .span(wanted.chars().count())
    .suggest("publish the block (remove `draft: true`) or build with --drafts")
}

/// The error for a block reference (in `building_blocks` or `related`) that names no
/// block; `block_slugs` are the site's block slugs, sorted, for the suggestion.
pub fn unknown_block(wanted: &str, block_slugs: &[&str]) -> Diagnostic {
    let d = Diagnostic::error(
        "unknown-block",
        format!("there is no building block `{wanted}`"),
    )
    .span(wanted.chars().count().max(1));
    match closest(wanted, block_slugs.iter().copied()) {
        Some(s) => d.suggest(format!("did you mean `{s}`?")),
        None if block_slugs.is_empty() => d.suggest(
            "this site has no building blocks yet; add them under a collection of kind building-block",
        ),
        None => d.suggest(format!(
            "the building blocks are: {}",
            block_slugs.join(", ")
        )),
    }
}

/// Places `d` at `value` in the entry of front-matter `key`, else on the file.
pub(super) fn locate(doc: &SourceDoc, key: &str, value: &str, d: Diagnostic) -> Diagnostic {
    match crate::address::value_position(doc, key, value) {
        Some(p) => d.at(&doc.path, &doc.text, p),
        None => d.in_file(&doc.path),
    }
}
