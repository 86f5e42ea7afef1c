//! The immutable site model: pages in collections, their cross-links (blocks named by
//! case studies, backlinks, related blocks, previous/next) and taxonomies.
//!
//! [`assemble`] is a pure step from rendered pages to a [`Site`]; every later step
//! (templates, feeds, search, checks) reads the same `Site` and never changes it.

use crate::config::{Config, Kind, SortBy};
use crate::content::{Asset, DocRole, SourceDoc};
use crate::dates::Date;
use crate::diagnostic::{Diagnostic, closest};
use crate::markdown::RenderedBody;
use std::cmp::Ordering;
use std::collections::HashMap;

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
    pub body: RenderedBody,
    /// When it last changed: front matter `updated`, else git, else the file's time.
    pub updated: Option<Date>,
}

impl Page {
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
    /// Display title.
    pub title: String,
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
/// `draft_blocks` are slugs of blocks left out as drafts (named in warnings, not errors).
pub fn assemble(
    config: Config,
    pages: Vec<Page>,
    assets: Vec<Asset>,
    draft_blocks: &[String],
) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let n = pages.len();
    let collection_index: HashMap<&str, usize> = config
        .collections
        .keys()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let mut collections: Vec<Collection> = config
        .collections
        .iter()
        .map(|(key, c)| Collection {
            key: key.clone(),
            title: config.collection_title(key),
            kind: c.kind,
            intro: None,
            pages: Vec::new(),
        })
        .collect();
    let mut collection_of = vec![None; n];
    let mut home = None;
    let mut top_pages = Vec::new();
    for (id, p) in pages.iter().enumerate() {
        match (p.doc.role, p.doc.collection.as_deref()) {
            (DocRole::Home, _) => home = Some(id),
            (DocRole::CollectionIntro, Some(c)) => {
                if let Some(&ci) = collection_index.get(c) {
                    collections[ci].intro = Some(id);
                }
            }
            (DocRole::Page, Some(c)) => {
                if let Some(&ci) = collection_index.get(c) {
                    collections[ci].pages.push(id);
                    collection_of[id] = Some(ci);
                }
            }
            (_, None) => top_pages.push(id),
        }
    }
    let keys = TitleKeys::new(&pages);
    for (c, cfg) in collections.iter_mut().zip(config.collections.values()) {
        sort_pages(&mut c.pages, &pages, &keys, cfg.sort_by);
    }
    sort_pages(&mut top_pages, &pages, &keys, SortBy::Weight);

    // Block lookup: slug -> block pages, across every building-block collection.
    let mut blocks_by_slug: HashMap<&str, Vec<PageId>> = HashMap::new();
    let mut blocks_by_qualified: HashMap<String, PageId> = HashMap::new();
    for c in collections.iter().filter(|c| c.kind == Kind::BuildingBlock) {
        let mut numbers: HashMap<i64, PageId> = HashMap::new();
        for &id in &c.pages {
            blocks_by_slug
                .entry(pages[id].slug.as_str())
                .or_default()
                .push(id);
            blocks_by_qualified.insert(format!("{}/{}", c.key, pages[id].slug), id);
            if let Some(num) = pages[id].doc.front.number {
                if let Some(&first) = numbers.get(&num) {
                    let doc = &pages[id].doc;
                    let d = Diagnostic::error(
                        "duplicate-number",
                        format!(
                            "building block number {num} is also used by {}",
                            pages[first].doc.path
                        ),
                    )
                    .span(num.to_string().len())
                    .suggest("give each block in a collection its own number");
                    diags.push(locate(doc, "number", &num.to_string(), d));
                } else {
                    numbers.insert(num, id);
                }
            }
        }
    }
    let block_slugs: Vec<&str> = {
        let mut v: Vec<&str> = blocks_by_slug.keys().copied().collect();
        v.sort_unstable();
        v
    };
    let resolve_block = |doc: &SourceDoc,
                         key: &str,
                         slug: &str,
                         own_collection: Option<&str>,
                         diags: &mut Vec<Diagnostic>|
     -> Option<PageId> {
        let wanted = slug.trim().trim_end_matches(".md");
        if let Some(&id) = blocks_by_qualified.get(wanted) {
            return Some(id);
        }
        match blocks_by_slug.get(wanted).map(Vec::as_slice) {
            Some([one]) => Some(*one),
            Some(many) => {
                if let Some(own) = own_collection
                    && let Some(&id) = many
                        .iter()
                        .find(|&&id| pages[id].doc.collection.as_deref() == Some(own))
                {
                    return Some(id);
                }
                let d = Diagnostic::error(
                    "ambiguous-block",
                    format!("`{wanted}` names a block in more than one collection"),
                )
                .span(wanted.chars().count())
                .suggest(format!(
                    "write it as `<collection>/{wanted}`, e.g. `{}`",
                    blocks_by_qualified
                        .iter()
                        .find(|(_, v)| many.contains(v))
                        .map(|(k, _)| k.as_str())
                        .unwrap_or(wanted)
                ));
                diags.push(locate(doc, key, wanted, d));
                None
            }
            None if draft_blocks.iter().any(|d| d == wanted) => {
                diags.push(locate(doc, key, wanted, draft_block(wanted)));
                None
            }
            None => {
                diags.push(locate(
                    doc,
                    key,
                    wanted,
                    unknown_block(wanted, &block_slugs),
                ));
                None
            }
        }
    };

    let mut blocks_of = vec![Vec::new(); n];
    let mut related = vec![Vec::new(); n];
    let mut backlinks = vec![Vec::new(); n];
    for (id, p) in pages.iter().enumerate() {
        let own = p.doc.collection.as_deref();
        for slug in &p.doc.front.building_blocks {
            if let Some(b) = resolve_block(&p.doc, "building_blocks", slug, own, &mut diags)
                && !blocks_of[id].contains(&b)
            {
                blocks_of[id].push(b);
                backlinks[b].push(id);
            }
        }
        for slug in &p.doc.front.related {
            if let Some(b) = resolve_block(&p.doc, "related", slug, own, &mut diags)
                && b != id
                && !related[id].contains(&b)
            {
                related[id].push(b);
            }
        }
    }
    for list in &mut backlinks {
        list.sort_by(|&a, &b| keys.order(&pages, a, b));
    }
    // Blocks show in their collections' order (by number for building blocks).
    let mut position = vec![usize::MAX; n];
    for (i, id) in collections.iter().flat_map(|c| c.pages.iter()).enumerate() {
        position[*id] = i;
    }
    for list in blocks_of.iter_mut().chain(related.iter_mut()) {
        list.sort_by_key(|&b| position[b]);
    }

    let mut neighbours = vec![(None, None); n];
    for c in &collections {
        for (i, &id) in c.pages.iter().enumerate() {
            let prev = i.checked_sub(1).map(|j| c.pages[j]);
            let next = c.pages.get(i + 1).copied();
            neighbours[id] = (prev, next);
        }
    }

    let mut taxonomies = Vec::new();
    let mut page_terms = vec![Vec::new(); n];
    for (ti, name) in config.taxonomies.iter().enumerate() {
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
        let mut order: Vec<usize> = (0..terms.len()).collect();
        order.sort_by(|&a, &b| {
            terms[a]
                .name
                .to_lowercase()
                .cmp(&terms[b].name.to_lowercase())
        });
        let mut sorted = Vec::with_capacity(terms.len());
        for (new_index, &old) in order.iter().enumerate() {
            let mut t = terms[old].clone();
            t.pages.sort_by(|&a, &b| keys.order(&pages, a, b));
            for &pid in &t.pages {
                page_terms[pid].push((ti, new_index));
            }
            sorted.push(t);
        }
        taxonomies.push(Taxonomy {
            name: name.clone(),
            title: crate::slug::words_from_slug(name),
            terms: sorted,
        });
    }

    let site = Site {
        config,
        pages,
        home,
        collections,
        top_pages,
        blocks_of,
        backlinks,
        related,
        neighbours,
        collection_of,
        taxonomies,
        page_terms,
        assets,
    };
    (site, diags)
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

fn locate(doc: &SourceDoc, key: &str, value: &str, d: Diagnostic) -> Diagnostic {
    match crate::address::value_position(doc, key, value) {
        Some(p) => d.at(&doc.path, &doc.text, p),
        None => d.in_file(&doc.path),
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
