//! The immutable site model: pages in collections, their cross-links (blocks named by
//! case studies, backlinks, related blocks, previous/next) and taxonomies.
//!
//! [`assemble`] is a pure step from rendered pages to a [`Site`]; every later step
//! (templates, feeds, search, checks) reads the same `Site` and never changes it.

use crate::config::{Config, Kind, SortBy};
use crate::content::{Asset, DocRole, SourceDoc};
use crate::dates::Date;
use crate::diagnostic::Diagnostic;
use std::cmp::Ordering;
use std::collections::HashMap;

pub mod body;
pub mod languages;
pub mod references;

pub use references::LeftOutBlocks;
use references::{BlockNames, NamedBlock};

/// Index of a page in [`Site::pages`].
pub type PageId = usize;

/// One published page: its source, where it goes, and its rendered body.
#[derive(Debug, Clone)]
pub struct Page {
    /// The source file, read and typed.
    pub doc: SourceDoc,
    /// The last segment of its URL.
    pub slug: String,
    /// Its output folder (`case-studies/x/`; empty for the home page).
    pub dir: String,
    /// Its title (front matter, else its first heading, else its file name).
    pub title: String,
    /// The rendered markdown body.
    pub body: body::Body,
    /// When it last changed: front matter `updated`, else git, else the file's time.
    pub updated: Option<Date>,
    /// "Page updates", newest first: front matter `changes`, else (when the site
    /// asks) the file's commits.
    pub updates: Vec<crate::gitdates::PageUpdate>,
}

impl Page {
    /// When someone last checked the page is still right (front matter `reviewed`).
    pub fn reviewed(&self) -> Option<Date> {
        self.doc
            .front
            .reviewed
            .as_deref()
            .and_then(crate::dates::parse_date)
    }

    /// When the page's next review is due: front matter `review_due`, else `reviewed`
    /// plus `every` (the site's `review_every`).
    pub fn review_due(&self, every: Option<crate::dates::Period>) -> Option<Date> {
        let written = self.doc.front.review_due.as_deref();
        match written.and_then(crate::dates::parse_date) {
            Some(due) => Some(due),
            None => self.reviewed()?.after(every?),
        }
    }

    /// The page's file, relative to the site root (`case-studies/x/index.html`).
    pub fn href(&self) -> String {
        format!("{}index.html", self.dir)
    }

    /// Minutes to read, at 200 words a minute (at least one).
    pub fn reading_time(&self) -> usize {
        self.body.words.div_ceil(200).max(1)
    }
}

/// A collection with its pages in order.
#[derive(Debug, Clone)]
pub struct Collection {
    /// The folder name and URL segment.
    pub key: String,
    /// Display title, also the plural ("Case studies").
    pub title: String,
    /// The name of one of its pages ("Case study").
    pub singular: String,
    /// Its pages' kind.
    pub kind: Kind,
    /// The `_index.md` page with the index's text, when there is one.
    pub intro: Option<PageId>,
    /// Its pages, sorted as configured.
    pub pages: Vec<PageId>,
}

/// One term of a taxonomy, with the pages that carry it.
#[derive(Debug, Clone)]
pub struct Term {
    /// The term as first written.
    pub name: String,
    /// Its URL segment.
    pub slug: String,
    /// Pages with it, by title.
    pub pages: Vec<PageId>,
}

/// A taxonomy (`tags`, `region`, ...) with its terms in alphabetical order.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// The front-matter field it groups by.
    pub name: String,
    /// Display title.
    pub title: String,
    /// The terms.
    pub terms: Vec<Term>,
}

/// The whole site, immutable once assembled.
#[derive(Debug, Clone)]
pub struct Site {
    /// The configuration.
    pub config: Config,
    /// Every published page.
    pub pages: Vec<Page>,
    /// `content/index.md`, when there is one.
    pub home: Option<PageId>,
    /// The collections, in config order.
    pub collections: Vec<Collection>,
    /// Top-level pages other than the home page, by weight then title.
    pub top_pages: Vec<PageId>,
    /// For each page, the blocks it names in `building_blocks`, in the order written.
    pub blocks_of: Vec<Vec<PageId>>,
    /// For each page, the case studies that name it (by title).
    pub backlinks: Vec<Vec<PageId>>,
    /// For each page, the blocks named in `related`.
    pub related: Vec<Vec<PageId>>,
    /// For each page, the previous and next page of its collection.
    pub neighbours: Vec<(Option<PageId>, Option<PageId>)>,
    /// For each page, the collection it belongs to.
    pub collection_of: Vec<Option<usize>>,
    /// The taxonomies, in config order.
    pub taxonomies: Vec<Taxonomy>,
    /// For each page, its terms as (taxonomy, term) indexes.
    pub page_terms: Vec<Vec<(usize, usize)>>,
    /// Files under `content/` that are not markdown.
    pub assets: Vec<Asset>,
}

/// The values of a taxonomy field on a page: `tags`, `region`, `place`, `lead`,
/// `partners`, `year`, or a field of the same name in `extra`.
pub fn taxonomy_values(doc: &SourceDoc, name: &str) -> Vec<String> {
    let fm = &doc.front;
    match name {
        "tags" => fm.tags.clone(),
        "region" => fm.region.iter().cloned().collect(),
        "place" => fm.place.iter().cloned().collect(),
        "lead" => fm.lead.clone(),
        "partners" => fm.partners.clone(),
        "year" => fm.year.iter().map(|y| y.to_string()).collect(),
        other => match fm.extra.as_ref().and_then(|e| e.get(other)) {
            Some(crate::yaml::Value::Sequence(items)) => {
                items.iter().map(crate::yaml::scalar_to_string).collect()
            }
            Some(v) => vec![crate::yaml::scalar_to_string(v)],
            None => Vec::new(),
        },
    }
    .into_iter()
    .filter(|v| !v.trim().is_empty())
    .collect()
}

/// Page titles in lower case, computed once per assembly so that sorting thousands of
/// pages by title allocates nothing per comparison.
struct TitleKeys(Vec<String>);

impl TitleKeys {
    fn new(pages: &[Page]) -> Self {
        TitleKeys(pages.iter().map(|p| p.title.to_lowercase()).collect())
    }

    /// Alphabetical by title, then by slug.
    fn order(&self, pages: &[Page], a: PageId, b: PageId) -> Ordering {
        self.0[a]
            .cmp(&self.0[b])
            .then_with(|| pages[a].slug.cmp(&pages[b].slug))
    }
}

fn sort_pages(ids: &mut [PageId], pages: &[Page], keys: &TitleKeys, by: SortBy) {
    ids.sort_by(|&a, &b| {
        let (pa, pb) = (&pages[a], &pages[b]);
        let (fa, fb) = (&pa.doc.front, &pb.doc.front);
        let primary = match by {
            SortBy::Number => fa.number.cmp(&fb.number),
            SortBy::Title => Ordering::Equal,
            SortBy::Weight => cmp_some_first(fa.weight, fb.weight),
            SortBy::Updated => pb.updated.cmp(&pa.updated),
            SortBy::Year => cmp_some_first(fb.year, fa.year),
            SortBy::Place => fa
                .place
                .as_deref()
                .map(str::to_lowercase)
                .cmp(&fb.place.as_deref().map(str::to_lowercase)),
        };
        primary.then_with(|| keys.order(pages, a, b))
    });
}

/// Orders `Some` values ascending, `None` last.
fn cmp_some_first<T: Ord>(a: Option<T>, b: Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Builds the site model from rendered pages, checking references between pages:
/// `building_blocks` and `related` slugs, and block numbers unique per collection.
/// `left_out` are the building blocks not published: drafts (named in warnings) and
/// files with errors of their own (not named at all).
pub fn assemble(
    config: Config,
    pages: Vec<Page>,
    assets: Vec<Asset>,
    left_out: &LeftOutBlocks,
) -> (Site, Vec<Diagnostic>) {
    let keys = TitleKeys::new(&pages);
    let placed = place_pages(&config, &pages, &keys);
    let mut diags = duplicate_numbers(&placed.collections, &pages);
    let links = link_blocks(&placed.collections, &pages, &keys, left_out, &mut diags);
    let neighbours = neighbours(&placed.collections, pages.len());
    let (taxonomies, page_terms) = taxonomies(&config, &pages, &keys);
    let site = Site {
        config,
        pages,
        home: placed.home,
        collections: placed.collections,
        top_pages: placed.top_pages,
        blocks_of: links.blocks_of,
        backlinks: links.backlinks,
        related: links.related,
        neighbours,
        collection_of: placed.collection_of,
        taxonomies,
        page_terms,
        assets,
    };
    (site, diags)
}

/// Where each page goes: the home page, collections with their pages sorted as
/// configured, and the top-level pages.
struct Placement {
    home: Option<PageId>,
    collections: Vec<Collection>,
    collection_of: Vec<Option<usize>>,
    top_pages: Vec<PageId>,
}

/// Puts every page in its place (home, a collection's intro or pages, or the top level)
/// and sorts each collection as configured and the top-level pages by weight.
fn place_pages(config: &Config, pages: &[Page], keys: &TitleKeys) -> Placement {
    let collection_index: HashMap<&str, usize> = config
        .collections
        .keys()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let mut placed = Placement {
        home: None,
        collections: empty_collections(config),
        collection_of: vec![None; pages.len()],
        top_pages: Vec::new(),
    };
    for (id, p) in pages.iter().enumerate() {
        match (p.doc.role, p.doc.collection.as_deref()) {
            (DocRole::Home, _) => placed.home = Some(id),
            (DocRole::CollectionIntro, Some(c)) => {
                if let Some(&ci) = collection_index.get(c) {
                    placed.collections[ci].intro = Some(id);
                }
            }
            (DocRole::Page, Some(c)) => {
                if let Some(&ci) = collection_index.get(c) {
                    placed.collections[ci].pages.push(id);
                    placed.collection_of[id] = Some(ci);
                }
            }
            (_, None) => placed.top_pages.push(id),
        }
    }
    for (c, cfg) in placed
        .collections
        .iter_mut()
        .zip(config.collections.values())
    {
        sort_pages(&mut c.pages, pages, keys, cfg.sort_by);
    }
    sort_pages(&mut placed.top_pages, pages, keys, SortBy::Weight);
    placed
}

/// The configured collections, in config order, without pages yet.
fn empty_collections(config: &Config) -> Vec<Collection> {
    config
        .collections
        .iter()
        .map(|(key, c)| Collection {
            key: key.clone(),
            title: config.collection_title(key),
            singular: config.collection_singular(key),
            kind: c.kind,
            intro: None,
            pages: Vec::new(),
        })
        .collect()
}

/// The building-block collections, in config order.
fn block_collections(collections: &[Collection]) -> impl Iterator<Item = &Collection> {
    collections.iter().filter(|c| c.kind == Kind::BuildingBlock)
}

/// An error for each building block whose number another block of its collection
/// already has. It is reported on the one changed last (the file the author just
/// edited, by modification time), naming the other and the first free number.
fn duplicate_numbers(collections: &[Collection], pages: &[Page]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for c in block_collections(collections) {
        let mut by_number: HashMap<i64, Vec<PageId>> = HashMap::new();
        for &id in &c.pages {
            if let Some(num) = pages[id].doc.front.number {
                by_number.entry(num).or_default().push(id);
            }
        }
        let taken: Vec<i64> = by_number.keys().copied().collect();
        let mut free = crate::content::free_numbers(taken);
        let mut clashes: Vec<(i64, Vec<PageId>)> = by_number
            .into_iter()
            .filter(|(_, ids)| ids.len() > 1)
            .collect();
        clashes.sort_by_key(|(num, _)| *num);
        for (num, mut ids) in clashes {
            // Oldest first; equal times keep path order, so the later path is reported.
            ids.sort_by_key(|&id| pages[id].doc.modified);
            let kept = ids[0];
            for &id in &ids[1..] {
                let next = free.next().unwrap_or(num);
                diags.push(duplicate_number(
                    &pages[id].doc,
                    num,
                    &pages[kept].doc.path,
                    next,
                ));
            }
        }
    }
    diags
}

/// The error for a block of `doc` numbered `num` like the block at `other`.
fn duplicate_number(doc: &SourceDoc, num: i64, other: &str, free: i64) -> Diagnostic {
    let d = Diagnostic::error(
        "duplicate-number",
        format!("building block number {num} is also used by {other}"),
    )
    .span(num.to_string().len())
    .suggest(format!(
        "give each block in a collection its own number: {free} is free, e.g. `number: {free}`"
    ));
    references::locate(doc, "number", &num.to_string(), d)
}

/// For each page: the blocks it names, the blocks related to it, and the case studies
/// that name it.
struct BlockLinks {
    blocks_of: Vec<Vec<PageId>>,
    related: Vec<Vec<PageId>>,
    backlinks: Vec<Vec<PageId>>,
}

/// Resolves every page's `building_blocks` and `related`, adding the problems to
/// `diags`. Named blocks keep their collections' order; backlinks are by title.
fn link_blocks(
    collections: &[Collection],
    pages: &[Page],
    keys: &TitleKeys,
    left_out: &LeftOutBlocks,
    diags: &mut Vec<Diagnostic>,
) -> BlockLinks {
    let names = BlockNames::new(published_blocks(collections, pages), left_out);
    let n = pages.len();
    let mut links = BlockLinks {
        blocks_of: vec![Vec::new(); n],
        related: vec![Vec::new(); n],
        backlinks: vec![Vec::new(); n],
    };
    for (id, p) in pages.iter().enumerate() {
        let mut named = names.resolve_page(&p.doc);
        diags.append(&mut named.diagnostics);
        for &b in &named.building_blocks {
            links.backlinks[b].push(id);
        }
        named.related.retain(|&b| b != id);
        links.blocks_of[id] = named.building_blocks;
        links.related[id] = named.related;
    }
    for list in &mut links.backlinks {
        list.sort_by(|&a, &b| keys.order(pages, a, b));
    }
    // Blocks show in their collections' order (by number for building blocks).
    let mut position = vec![usize::MAX; n];
    for (i, id) in collections.iter().flat_map(|c| c.pages.iter()).enumerate() {
        position[*id] = i;
    }
    for list in links.blocks_of.iter_mut().chain(links.related.iter_mut()) {
        list.sort_by_key(|&b| position[b]);
    }
    links
}

/// The pages of the building-block collections, as references name them.
fn published_blocks<'a>(
    collections: &'a [Collection],
    pages: &'a [Page],
) -> impl Iterator<Item = NamedBlock<'a, PageId>> {
    block_collections(collections).flat_map(move |c| {
        c.pages.iter().map(move |&id| NamedBlock {
            collection: c.key.as_str(),
            slug: pages[id].slug.as_str(),
            id,
        })
    })
}

/// For each page, the previous and next page of its collection.
fn neighbours(collections: &[Collection], n: usize) -> Vec<(Option<PageId>, Option<PageId>)> {
    let mut neighbours = vec![(None, None); n];
    for c in collections {
        for (i, &id) in c.pages.iter().enumerate() {
            let prev = i.checked_sub(1).map(|j| c.pages[j]);
            let next = c.pages.get(i + 1).copied();
            neighbours[id] = (prev, next);
        }
    }
    neighbours
}

/// The configured taxonomies with their terms, and for each page its terms as
/// (taxonomy, term) indexes.
fn taxonomies(
    config: &Config,
    pages: &[Page],
    keys: &TitleKeys,
) -> (Vec<Taxonomy>, Vec<Vec<(usize, usize)>>) {
    let mut taxonomies = Vec::with_capacity(config.taxonomies.len());
    let mut page_terms = vec![Vec::new(); pages.len()];
    for (ti, name) in config.taxonomies.iter().enumerate() {
        let mut terms = collect_terms(pages, name);
        sort_terms(&mut terms, pages, keys);
        for (term, t) in terms.iter().enumerate() {
            for &pid in &t.pages {
                page_terms[pid].push((ti, term));
            }
        }
        taxonomies.push(Taxonomy {
            name: name.clone(),
            title: config.taxonomy_title(name),
            terms,
        });
    }
    (taxonomies, page_terms)
}

/// The terms of taxonomy `name`, one per slug, spelled as first written and in the
/// order first met, each with the pages (not intros or the home page) that carry it.
fn collect_terms(pages: &[Page], name: &str) -> Vec<Term> {
    let mut by_slug: HashMap<String, usize> = HashMap::new();
    let mut terms: Vec<Term> = Vec::new();
    for (id, p) in pages.iter().enumerate() {
        if p.doc.role != DocRole::Page {
            continue;
        }
        for value in taxonomy_values(&p.doc, name) {
            let slug = crate::slug::slugify(&value);
            if slug.is_empty() {
                continue;
            }
            let t = *by_slug.entry(slug.clone()).or_insert_with(|| {
                terms.push(Term {
                    name: value.trim().to_owned(),
                    slug,
                    pages: Vec::new(),
                });
                terms.len() - 1
            });
            // Pages are visited in order, so a repeat can only be the last entry.
            if terms[t].pages.last() != Some(&id) {
                terms[t].pages.push(id);
            }
        }
    }
    terms
}

/// Sorts terms alphabetically without case (stable, so equal names keep the order first
/// met), and each term's pages by title.
fn sort_terms(terms: &mut [Term], pages: &[Page], keys: &TitleKeys) {
    terms.sort_by_cached_key(|t| t.name.to_lowercase());
    for t in terms {
        t.pages.sort_by(|&a, &b| keys.order(pages, a, b));
    }
}

impl Site {
    /// Takes the site apart again into what [`assemble`] was given, so that a changed
    /// page can be put in and the site assembled anew (the dev server does this).
    pub fn into_parts(self) -> (Config, Vec<Page>, Vec<Asset>) {
        (self.config, self.pages, self.assets)
    }

    /// Puts a new version of page `id` in place when only its body changed (same front
    /// matter and title), which leaves every cross-link and listing as it was.
    pub fn replace_body(&mut self, id: PageId, page: Page) {
        debug_assert_eq!(self.pages[id].doc.front, page.doc.front);
        self.pages[id] = page;
    }

    /// The collection a page belongs to.
    pub fn collection(&self, id: PageId) -> Option<&Collection> {
        self.collection_of[id].map(|c| &self.collections[c])
    }

    /// Pages of one kind, in collection order.
    pub fn pages_of_kind(&self, kind: Kind) -> impl Iterator<Item = PageId> + '_ {
        self.collections
            .iter()
            .filter(move |c| c.kind == kind)
            .flat_map(|c| c.pages.iter().copied())
    }
}
