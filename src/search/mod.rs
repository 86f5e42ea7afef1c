//! Client-side search: a static, sharded index written at build time, read by the
//! theme's `search.js` in the browser.
//!
//! - [`tokenise`]: text to folded words (the browser does the same to a query).
//! - [`stem`]: the site's language to a Snowball stemmer (none for unknown languages).
//! - [`welsh`]: Welsh initial mutations, so every mutated form meets at one key.
//! - [`index`]: pages to stems with BM25F weights, and stems side by side, in parallel.
//! - [`encode`]: the compact number and document-set encodings.
//! - [`packed`]: a page's text deflated for its page file, against a site-wide
//!   dictionary (unpacked by the browser).
//! - [`incremental`]: the index kept between edits (`serve`), re-counting only the
//!   pages that changed.
//! - [`shards`]: the index as script files: manifest, term shards, result metadata,
//!   ending shards (for typos near the start of a word), facets.
//!
//! Ranking happens in the browser: `search.js` turns each query word into stems
//! (exact, prefix for the word being typed, one edit for words of five letters or
//! more), scores pages by BM25 (inverse document frequency from each stem's page
//! count, times the weight written here) with a bonus for title words, and puts pages
//! matching every word first; among them, pages with the query's quoted phrases side by
//! side (from the pair shards), then pages whose title is exactly the query.

pub mod encode;
pub mod incremental;
pub mod index;
pub mod packed;
pub mod shards;
pub mod stem;
pub mod texts;
pub mod tokenise;
pub mod welsh;

use crate::diagnostic::Diagnostic;
use crate::model::{PageId, Site};
use crate::output::Artifact;
pub use texts::{TakenTexts, Texts};

/// The search page's file.
pub const PAGE: &str = "search/index.html";
/// The index's folder as a site-root-relative URL (every index file is in it).
pub const INDEX_URL: &str = "search/data/";
/// The A to Z page's file (the search page's fallback without JavaScript).
pub const A_TO_Z: &str = "a-z/index.html";

/// A built search index and its files.
#[derive(Debug, Clone)]
pub struct SearchIndex {
    /// The inverted index (its `stems` and `pairs` moved out into the files).
    pub index: index::InvertedIndex,
    /// Whether words were stemmed (the site's language has a stemmer).
    pub stemmed: bool,
    files: Vec<Artifact>,
    manifest: String,
}

/// Where the page files go as they are made: given each block's files, once.
pub type PageFiles<'s> = &'s (dyn Fn(Vec<Artifact>) + Sync);

/// Builds the search index of a site's searchable pages (deterministic: the same site
/// gives the same bytes).
pub fn build(site: &Site) -> SearchIndex {
    build_with(Texts::of_site(site), site, None)
}

/// Builds the search index of a site's searchable pages, giving its page files (one
/// per page, the bulk of its bytes) to `page_files` as they are made, so that they
/// need not be held until the index is done; the index's other files are kept. The
/// pages' texts are read from `taken` when they were taken out of the site for this
/// build ([`TakenTexts`]), else from the site.
pub fn build_streaming(
    site: &Site,
    taken: Option<&TakenTexts>,
    page_files: PageFiles<'_>,
) -> SearchIndex {
    build_with(Texts::taken_from(site, taken), site, Some(page_files))
}

fn build_with(texts: Texts, site: &Site, page_files: Option<PageFiles<'_>>) -> SearchIndex {
    let stemmer = stem::Stemmer::for_language(&site.config.language);
    // The page files need only the texts: each part of the pages' texts is packed as
    // soon as its words are counted, so each text is read (and unpacked) once.
    let docs = index::searchable(site);
    let dictionary = shards::page_dictionary(texts, &docs);
    let pack = |first: usize, ids: &[PageId], read: &[String]| {
        shards::page_blocks(site, (first, ids, read), &dictionary, page_files)
    };
    let (mut index, blocks) =
        index::InvertedIndex::build_reading((site, docs), (texts, &pack), &stemmer);
    let page_files = shards::page_files_made(dictionary, blocks);
    // The postings and pairs are the largest part; they are dropped as they are encoded.
    let stems = std::mem::take(&mut index.stems);
    let pairs = std::mem::take(&mut index.pairs);
    let written = shards::write(site, &index, (stems, pairs), &stemmer, page_files);
    SearchIndex {
        index,
        stemmed: stemmer.is_active(),
        files: written.files,
        manifest: written.manifest,
    }
}

/// Whether the site gets a search page (it has at least one searchable page).
pub fn enabled(site: &Site) -> bool {
    (0..site.pages.len()).any(|id| index::is_searchable(site, id))
}

/// A warning when the site's language has no stemmer, so search matches words only as
/// written (and by prefix and typo).
pub fn warnings(site: &Site) -> Vec<Diagnostic> {
    let language = &site.config.language;
    if !enabled(site) || stem::algorithm(language).is_some() || welsh::is_welsh(language) {
        return Vec::new();
    }
    vec![
        Diagnostic::warning(
            "search-no-stemmer",
            format!(
                "search has no stemmer for the language `{}`, so it matches words only as written (and by prefix and one typo)",
                site.config.language
            ),
        )
        .in_file(crate::config::CONFIG_FILE)
        .suggest("stemmers exist for ar, da, de, el, en, es, fi, fr, hu, it, nl, no, pt, ro, ru, sv, ta and tr; Welsh (cy) is matched across initial mutations instead"),
    ]
}

impl SearchIndex {
    /// The index's files, all in `search/data/`, each named by its content.
    pub fn artifacts(&self) -> Vec<Artifact> {
        self.files.clone()
    }

    /// The index's files, without copying them.
    pub fn into_artifacts(self) -> Vec<Artifact> {
        self.files
    }

    /// The path of the index's entry point, its manifest (`search/data/manifest-<hash>.js`),
    /// which the search page names.
    pub fn manifest(&self) -> &str {
        &self.manifest
    }
}
