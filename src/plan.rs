//! The plan of a site's output: every file a site writes, with its address, what makes it
//! (a template, a generator, a copy) and what it depends on. One owner for that list:
//! rendering, link checking, the sitemap's special pages, `check`, `serve`'s dependency
//! tracking and the theme's template contract all read it from here.
//!
//! - [`SPECIAL_PAGES`]: the pages placebook writes itself (home, 404, matrix, print,
//!   diagnostic, search, A to Z, accessibility statement, privacy), each with its address, template and the [`Shape`] that
//!   decides whether the site has it. A new special page is one entry there and one
//!   [`Job`] variant.
//! - [`Shape`]: which special pages a site has, decided from its pages alone, so that
//!   links to them can be checked before any page is rendered ([`known_addresses`]).
//! - [`jobs`]: every page to render; [`SitePlan`]: every file to write, with problems
//!   such as two sources for one address.

use crate::config::{Config, Kind};
use crate::content::{Asset, DocRole, SourceDoc};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{PageId, Site};
use crate::output::Artifact;
use crate::output::StaticFile;
use std::collections::{HashMap, HashSet};
use std::path::Path;

pub mod assets;
pub mod pager;
pub use assets::AssetNames;
pub use pager::Listing;

/// One output page to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// A page of a collection or a top-level page.
    Page(PageId),
    /// A collection's index.
    Section(usize),
    /// A taxonomy's list of terms.
    Taxonomy(usize),
    /// One term's pages.
    Term(usize, usize),
    /// One of placebook's own pages (see [`SPECIAL_PAGES`]).
    Special(SpecialPage),
    /// Page `number` of a listing split into pages (see [`pager`]): from 2 for a
    /// collection, a term, the matrix and the A to Z, whose first page is their own job;
    /// from 1 for the case studies that show a building block.
    ListPage(Listing, usize),
    /// A redirect from an old address (`from`, a file path) to a page.
    Alias {
        /// The redirect's file in the output.
        from: String,
        /// The page it points to.
        to: PageId,
    },
}

/// The pages placebook writes itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpecialPage {
    /// The home page.
    Home,
    /// `404.html`.
    NotFound,
    /// `matrix/index.html`: which case study shows which block.
    Matrix,
    /// `print/index.html`: the whole playbook on one page, for printing.
    Print,
    /// `diagnostic/index.html`: the self-assessment built from the blocks' questions.
    Diagnostic,
    /// `diagnostic/group/index.html`: the facilitator's view, which combines many
    /// people's answers to the diagnostic (written whenever the diagnostic is).
    DiagnosticGroup,
    /// `search/index.html`: the search page (its index is written by [`crate::search`]).
    Search,
    /// `a-z/index.html`: every searchable page by title, for readers without JavaScript.
    AToZ,
    /// `accessibility/index.html`: the accessibility statement, when `accessibility:` is
    /// set.
    Accessibility,
    /// `privacy/index.html`: what the analytics service collects, when `analytics:` is
    /// set.
    Privacy,
}

/// One special page: where it is written, its template, and whether a site has it.
#[derive(Debug, Clone, Copy)]
pub struct Special {
    /// Which page.
    pub page: SpecialPage,
    /// Its file in the output.
    pub path: &'static str,
    /// The template that renders it.
    pub template: &'static str,
    /// Whether a site of this shape writes it.
    pub when: fn(&Shape) -> bool,
    /// Whether the sitemap lists it.
    pub in_sitemap: bool,
}

/// Collections with more pages than this are listed, not printed, on the print page.
pub const PRINT_MAX_PAGES: usize = 300;

/// Every special page, in the order they are rendered.
pub const SPECIAL_PAGES: &[Special] = &[
    Special {
        page: SpecialPage::Home,
        path: "index.html",
        template: "index.html",
        when: |_| true,
        in_sitemap: true,
    },
    Special {
        page: SpecialPage::NotFound,
        path: "404.html",
        template: "404.html",
        when: |_| true,
        in_sitemap: false,
    },
    Special {
        page: SpecialPage::Matrix,
        path: "matrix/index.html",
        template: "matrix.html",
        when: |s| s.blocks && s.case_studies,
        in_sitemap: true,
    },
    Special {
        page: SpecialPage::Print,
        path: "print/index.html",
        template: "print.html",
        when: |s| s.collection_pages,
        in_sitemap: false,
    },
    Special {
        page: SpecialPage::Diagnostic,
        path: "diagnostic/index.html",
        template: "diagnostic.html",
        when: |s| s.diagnostic,
        in_sitemap: true,
    },
    Special {
        page: SpecialPage::DiagnosticGroup,
        path: "diagnostic/group/index.html",
        template: "diagnostic-group.html",
        when: |s| s.diagnostic,
        in_sitemap: false,
    },
    Special {
        page: SpecialPage::Search,
        path: crate::search::PAGE,
        template: "search.html",
        when: |s| s.search,
        in_sitemap: false,
    },
    Special {
        page: SpecialPage::AToZ,
        path: crate::search::A_TO_Z,
        template: "a-z.html",
        when: |s| s.search,
        in_sitemap: true,
    },
    Special {
        page: SpecialPage::Accessibility,
        path: "accessibility/index.html",
        template: "accessibility.html",
        when: |s| s.accessibility,
        in_sitemap: true,
    },
    Special {
        page: SpecialPage::Privacy,
        path: "privacy/index.html",
        template: "privacy.html",
        when: |s| s.privacy,
        in_sitemap: true,
    },
];

impl SpecialPage {
    /// This page's entry in [`SPECIAL_PAGES`].
    pub fn entry(self) -> &'static Special {
        let index = match self {
            SpecialPage::Home => 0,
            SpecialPage::NotFound => 1,
            SpecialPage::Matrix => 2,
            SpecialPage::Print => 3,
            SpecialPage::Diagnostic => 4,
            SpecialPage::DiagnosticGroup => 5,
            SpecialPage::Search => 6,
            SpecialPage::AToZ => 7,
            SpecialPage::Accessibility => 8,
            SpecialPage::Privacy => 9,
        };
        &SPECIAL_PAGES[index]
    }
}

/// What decides which special pages a site has. It is made from the site's pages alone,
/// so the same answer comes before the model is assembled ([`Shape::of_docs`], for link
/// checking) and after ([`Shape::of_site`], for rendering).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// Some building-block collection has pages.
    pub blocks: bool,
    /// Some case-study collection has pages.
    pub case_studies: bool,
    /// Some collection has pages.
    pub collection_pages: bool,
    /// The config has a `diagnostic:` section and some block has questions in it.
    pub diagnostic: bool,
    /// Some page is searchable.
    pub search: bool,
    /// The config has an `accessibility:` statement.
    pub accessibility: bool,
    /// The config has `analytics:`, which the privacy page explains.
    pub privacy: bool,
}

impl Shape {
    /// The shape of a site made of `docs` (published pages only) with `config`.
    pub fn of_docs<'a>(docs: impl IntoIterator<Item = &'a SourceDoc>, config: &Config) -> Shape {
        let mut shape = Shape {
            accessibility: config.accessibility.is_some(),
            privacy: config.analytics.is_some(),
            ..Shape::default()
        };
        for doc in docs {
            shape.search |= doc.front.search != Some(false);
            let in_collection = doc.role == DocRole::Page
                && doc
                    .collection
                    .as_deref()
                    .is_some_and(|c| config.collections.contains_key(c));
            if !in_collection {
                continue;
            }
            shape.collection_pages = true;
            match doc.kind {
                Kind::BuildingBlock => {
                    shape.blocks = true;
                    shape.diagnostic |= config.diagnostic.is_some()
                        && doc.front.in_diagnostic()
                        && !doc.front.questions.is_empty();
                }
                Kind::CaseStudy => shape.case_studies = true,
                Kind::Page => {}
            }
        }
        shape
    }

    /// The shape of an assembled site.
    pub fn of_site(site: &Site) -> Shape {
        Shape::of_docs(site.pages.iter().map(|p| &p.doc), &site.config)
    }

    /// Whether a site of this shape writes `page`.
    pub fn has(&self, page: SpecialPage) -> bool {
        (page.entry().when)(self)
    }

    /// The special pages a site of this shape writes.
    pub fn special_pages(self) -> impl Iterator<Item = &'static Special> {
        SPECIAL_PAGES.iter().filter(move |s| (s.when)(&self))
    }
}

/// The addresses the sitemap lists, in its order, each with the date it last changed
/// when known: the special pages marked for it (the home page), the collections with
/// pages, every page of a collection or top-level page, and every taxonomy and term.
pub fn sitemap_entries(site: &Site) -> Vec<(String, Option<crate::dates::Date>)> {
    let mut out = Vec::with_capacity(site.pages.len() + 16);
    for s in Shape::of_site(site)
        .special_pages()
        .filter(|s| s.in_sitemap)
    {
        let updated = match s.page {
            SpecialPage::Home => site.home.and_then(|h| site.pages[h].updated),
            _ => None,
        };
        out.push((s.path.trim_end_matches("index.html").to_owned(), updated));
    }
    for c in site.collections.iter().filter(|c| !c.pages.is_empty()) {
        out.push((format!("{}/", c.key), None));
    }
    for p in site.pages.iter().filter(|p| p.doc.role == DocRole::Page) {
        out.push((p.dir.clone(), p.updated));
    }
    for t in site.taxonomies.iter().filter(|t| !t.terms.is_empty()) {
        out.push((format!("{}/", t.name), None));
        for term in &t.terms {
            out.push((format!("{}/{}/", t.name, term.slug), None));
        }
    }
    for job in list_pages(site) {
        let path = job.output_path(site);
        out.push((path.trim_end_matches("index.html").to_owned(), None));
    }
    out
}

/// Every template a theme must provide: one per kind of page, the listings, the special
/// pages, and the base they extend.
pub fn required_templates() -> Vec<&'static str> {
    let mut names = vec![
        "base.html",
        "section.html",
        "building-block.html",
        "case-study.html",
        "page.html",
        "taxonomy.html",
        "term.html",
        "used-by.html",
    ];
    names.extend(SPECIAL_PAGES.iter().map(|s| s.template));
    names
}

/// Every page the site renders, and problems with aliases.
pub fn jobs(site: &Site) -> (Vec<Job>, Vec<Diagnostic>) {
    let shape = Shape::of_site(site);
    let mut jobs: Vec<Job> = shape
        .special_pages()
        .map(|s| Job::Special(s.page))
        .collect();
    for c in &site.collections {
        jobs.extend(c.pages.iter().map(|&id| Job::Page(id)));
    }
    jobs.extend(site.top_pages.iter().map(|&id| Job::Page(id)));
    jobs.extend(
        (0..site.collections.len())
            .filter(|&i| {
                !site.collections[i].pages.is_empty() || site.collections[i].intro.is_some()
            })
            .map(Job::Section),
    );
    for (ti, t) in site.taxonomies.iter().enumerate() {
        if !t.terms.is_empty() {
            jobs.push(Job::Taxonomy(ti));
        }
        jobs.extend((0..t.terms.len()).map(|k| Job::Term(ti, k)));
    }
    jobs.extend(list_pages(site));
    let diags = alias_jobs(site, &mut jobs);
    (jobs, diags)
}

/// The pages of every listing split into pages, besides the first pages that are jobs
/// of their own.
fn list_pages(site: &Site) -> Vec<Job> {
    let mut jobs = Vec::new();
    for listing in pager::listings(site) {
        let first = match listing {
            Listing::UsedBy(_) => 1,
            _ => 2,
        };
        let count = listing.page_count(site);
        jobs.extend((first..=count).map(|n| Job::ListPage(listing, n)));
    }
    jobs
}

/// Adds a redirect job for every alias; returns an error for each alias that is not an
/// address inside the site.
fn alias_jobs(site: &Site, jobs: &mut Vec<Job>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (id, p) in site.pages.iter().enumerate() {
        for alias in &p.doc.front.aliases {
            match alias_path(alias) {
                Some(from) => jobs.push(Job::Alias { from, to: id }),
                None => {
                    let d = Diagnostic::error("invalid-alias", format!("the alias `{alias}` is not an address inside this site"))
                        .span(alias.chars().count().max(1))
                        .suggest("write an old address of this site, e.g. `old-name/` or `case-studies/old-name/` (no `..`, no `http://`)");
                    diags.push(
                        match crate::address::value_position(&p.doc, "aliases", alias) {
                            Some(pos) => d.at(&p.doc.path, &p.doc.text, pos),
                            None => d.in_file(&p.doc.path),
                        },
                    );
                }
            }
        }
    }
    diags
}

/// The file an alias is written to: `old/` and `old` become `old/index.html`; a path
/// ending in `.html` stays as it is. `None` for anything that could leave the output.
pub fn alias_path(alias: &str) -> Option<String> {
    let a = alias.trim();
    if a.is_empty()
        || a.contains("://")
        || a.contains('\\')
        || a.starts_with("//")
        || a.chars().any(char::is_control)
    {
        return None;
    }
    let a = a.trim_start_matches('/');
    let segments: Vec<&str> = a.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty()
        || segments
            .iter()
            .any(|s| *s == ".." || *s == "." || s.starts_with('.'))
    {
        return None;
    }
    let joined = segments.join("/");
    Some(if joined.ends_with(".html") {
        joined
    } else {
        format!("{joined}/index.html")
    })
}

/// Files placebook generates without a template, known before rendering: robots.txt
/// always, the sitemap and the feed when `base_url` is set (see [`crate::feeds`]), and
/// the hosts' `_headers` and `_redirects` unless it is a review copy (see
/// [`crate::output::hosting`]).
pub fn generated_addresses(config: &Config) -> Vec<&'static str> {
    let mut files = vec!["robots.txt"];
    if config.base_url.is_some() {
        files.extend(["sitemap.xml", "atom.xml"]);
    }
    files.extend(crate::output::hosting::addresses(config));
    files
}

/// Every address known before any page is rendered (besides the pages themselves, which
/// [`crate::address::Addresses`] holds): special pages, collection and taxonomy pages,
/// assets, static files and generated files, each as a file and, for a folder's
/// `index.html`, as the folder. Links written as site paths are checked against it.
pub fn known_addresses(
    config: &Config,
    docs: &[SourceDoc],
    assets: &[Asset],
    statics: &[&[StaticFile]],
) -> HashSet<String> {
    let mut outs = HashSet::new();
    let mut page = |path: String| {
        if let Some(dir) = path.strip_suffix("index.html") {
            outs.insert(dir.to_owned());
        }
        outs.insert(path);
    };
    for s in Shape::of_docs(docs, config).special_pages() {
        page(s.path.to_owned());
    }
    for key in config.collections.keys() {
        page(format!("{key}/index.html"));
    }
    for name in &config.taxonomies {
        page(format!("{name}/index.html"));
        for doc in docs.iter().filter(|d| d.role == DocRole::Page) {
            for v in crate::model::taxonomy_values(doc, name) {
                page(format!("{name}/{}/index.html", crate::slug::slugify(&v)));
            }
        }
    }
    for (folder, items) in listing_sizes(config, docs) {
        for n in 2..=pager::page_count(items, config.paginate) {
            page(pager::page_path(&folder, n));
        }
    }
    outs.remove("");
    outs.extend(generated_addresses(config).into_iter().map(str::to_owned));
    outs.extend(assets.iter().map(|a| a.output.clone()));
    for list in statics {
        outs.extend(list.iter().map(|s| s.output.clone()));
    }
    outs
}

/// The addresses of the lists of case studies that show each building block
/// (`building-blocks/x/case-studies/` and its pages), known once the pages have their
/// folders (`entries`, in the order of `docs`): each file and its folder.
pub fn used_by_addresses(
    config: &Config,
    docs: &[SourceDoc],
    entries: &[crate::address::PageEntry],
) -> Vec<String> {
    use crate::model::references::{BlockNames, LeftOutBlocks, NamedBlock};
    let in_collection = |d: &SourceDoc, kind: Kind| {
        d.role == DocRole::Page
            && d.kind == kind
            && d.collection
                .as_deref()
                .is_some_and(|c| config.collections.contains_key(c))
    };
    let blocks = docs
        .iter()
        .zip(entries)
        .filter(|(d, _)| in_collection(d, Kind::BuildingBlock));
    let left_out = LeftOutBlocks::default();
    let names = BlockNames::new(
        blocks.map(|(d, e)| NamedBlock {
            collection: d.collection.as_deref().unwrap_or_default(),
            slug: e.slug.as_str(),
            id: e.dir.as_str(),
        }),
        &left_out,
    );
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let cases: Vec<&SourceDoc> = docs
        .iter()
        .filter(|d| in_collection(d, Kind::CaseStudy))
        .collect();
    for doc in &cases {
        for dir in names.resolve_page(doc).building_blocks {
            *counts.entry(dir).or_default() += 1;
        }
    }
    let Some(folder) = config
        .collections
        .iter()
        .find(|(key, c)| {
            c.kind == Kind::CaseStudy
                && cases
                    .iter()
                    .any(|d| d.collection.as_deref() == Some(key.as_str()))
        })
        .map(|(key, _)| key)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (dir, n) in counts.into_iter().filter(|&(_, n)| n > config.paginate) {
        for number in 1..=pager::page_count(n, config.paginate) {
            let file = pager::page_path(&format!("{dir}{folder}/"), number);
            out.push(file.trim_end_matches("index.html").to_owned());
            out.push(file);
        }
    }
    out
}

/// The folder and length of every listing that [`known_addresses`] can count from the
/// pages alone: collections, terms, the matrix and the A to Z (the case studies that
/// show a block are counted by [`used_by_addresses`]).
fn listing_sizes(config: &Config, docs: &[SourceDoc]) -> HashMap<String, usize> {
    let shape = Shape::of_docs(docs, config);
    let mut sizes: HashMap<String, usize> = HashMap::new();
    for doc in docs.iter().filter(|d| d.role == DocRole::Page) {
        let collection = doc
            .collection
            .as_deref()
            .filter(|c| config.collections.contains_key(*c));
        if let Some(c) = collection {
            *sizes.entry(format!("{c}/")).or_default() += 1;
            if doc.kind == Kind::CaseStudy && shape.has(SpecialPage::Matrix) {
                *sizes.entry("matrix/".into()).or_default() += 1;
            }
        }
        for name in &config.taxonomies {
            let mut slugs: Vec<String> = crate::model::taxonomy_values(doc, name)
                .iter()
                .map(|v| crate::slug::slugify(v))
                .filter(|s| !s.is_empty())
                .collect();
            slugs.sort();
            slugs.dedup();
            for slug in slugs {
                *sizes.entry(format!("{name}/{slug}/")).or_default() += 1;
            }
        }
    }
    let searchable = docs
        .iter()
        .filter(|d| d.front.search != Some(false))
        .count();
    if shape.has(SpecialPage::AToZ) {
        sizes.insert("a-z/".into(), searchable);
    }
    sizes
}

impl Job {
    /// The file this job writes.
    pub fn output_path(&self, site: &Site) -> String {
        match self {
            Job::Page(id) => site.pages[*id].href(),
            Job::Section(c) => format!("{}/index.html", site.collections[*c].key),
            Job::Taxonomy(t) => format!("{}/index.html", site.taxonomies[*t].name),
            Job::Term(t, k) => format!(
                "{}/{}/index.html",
                site.taxonomies[*t].name, site.taxonomies[*t].terms[*k].slug
            ),
            Job::Special(s) => s.entry().path.to_owned(),
            Job::ListPage(listing, n) => listing.path(site, *n),
            Job::Alias { from, .. } => from.clone(),
        }
    }

    /// The template this job renders with (`None` for redirects, which use none).
    pub fn template(&self, site: &Site) -> Option<String> {
        Some(match self {
            Job::Page(id) => format!("{}.html", site.pages[*id].doc.kind.name()),
            Job::Section(_) => "section.html".into(),
            Job::Taxonomy(_) => "taxonomy.html".into(),
            Job::Term(..) => "term.html".into(),
            Job::Special(s) => s.entry().template.into(),
            Job::ListPage(listing, _) => match listing {
                Listing::Section(_) => "section.html",
                Listing::Term(..) => "term.html",
                Listing::Matrix => "matrix.html",
                Listing::AToZ => "a-z.html",
                Listing::UsedBy(_) => "used-by.html",
            }
            .into(),
            Job::Alias { .. } => return None,
        })
    }

    /// How the job is named in messages: the source file for a page, else its output.
    pub fn origin(&self, site: &Site) -> String {
        match self {
            Job::Page(id) => site.pages[*id].doc.path.clone(),
            Job::Special(s) => format!("placebook's {s:?} page").to_lowercase(),
            _ => format!("placebook's {:?} page", self).to_lowercase(),
        }
    }

    /// Whether this job shows the rendered body of `page` (not only its title or
    /// front matter), so that it must be rendered again when only the body changed.
    pub fn shows_body_of(&self, site: &Site, page: PageId) -> bool {
        match self {
            Job::Page(id) => *id == page,
            Job::Special(SpecialPage::Home) => site.home == Some(page),
            Job::Section(c) => site.collections[*c].intro == Some(page),
            Job::Special(SpecialPage::Print) => site.collection_of[page]
                .is_some_and(|c| site.collections[c].pages.len() <= PRINT_MAX_PAGES),
            _ => false,
        }
    }

    /// Whether this job shows anything of `page` (its body, title or summary), so that
    /// it must be rendered again when that page changes. Navigation (collections and
    /// top-level page titles) is site-wide: a change to it rebuilds everything.
    pub fn depends_on(&self, site: &Site, page: PageId) -> bool {
        if let Some((listing, n)) = self.listing() {
            return listing_depends_on(site, listing, n, page);
        }
        match self {
            Job::Page(id) => {
                *id == page
                    || site.blocks_of[*id].contains(&page)
                    || site.backlinks[*id].contains(&page)
                    || site.related[*id].contains(&page)
                    || site.neighbours[*id].0 == Some(page)
                    || site.neighbours[*id].1 == Some(page)
            }
            Job::Section(c) => {
                site.collection_of[page] == Some(*c) || site.collections[*c].intro == Some(page)
            }
            Job::Taxonomy(t) => site.page_terms[page].iter().any(|(ti, _)| ti == t),
            Job::Term(t, k) => site.page_terms[page].contains(&(*t, *k)),
            Job::Special(s) => s.depends_on(site, page),
            Job::ListPage(listing, n) => listing_depends_on(site, *listing, *n, page),
            Job::Alias { to, .. } => *to == page,
        }
    }

    /// [`Job::depends_on`], reading a listing page's items from `shown` (made once for
    /// the whole site by [`pager::shown`]) rather than ordering the listing again.
    pub fn depends_on_shown(&self, site: &Site, page: PageId, shown: &pager::Shown) -> bool {
        match self.listing() {
            Some((listing, _)) => {
                listing_shows_besides_items(site, listing, page)
                    || shown
                        .get(&self.output_path(site))
                        .is_some_and(|(items, _)| items.contains(&page))
            }
            None => self.depends_on(site, page),
        }
    }

    /// The listing this job shows a page of, with the page's number (from 1): a
    /// collection's index, a term, the matrix and the A to Z are page 1 of theirs.
    pub fn listing(&self) -> Option<(Listing, usize)> {
        match self {
            Job::Section(c) => Some((Listing::Section(*c), 1)),
            Job::Term(t, k) => Some((Listing::Term(*t, *k), 1)),
            Job::Special(SpecialPage::Matrix) => Some((Listing::Matrix, 1)),
            Job::Special(SpecialPage::AToZ) => Some((Listing::AToZ, 1)),
            Job::ListPage(listing, n) => Some((*listing, *n)),
            _ => None,
        }
    }
}

/// Whether page `n` of `listing` shows anything of `page`: its items (and, for a
/// collection, its text; for the matrix, every block, whose titles head the columns).
/// Items that move from one page to another are found by comparing [`pager::shown`].
fn listing_depends_on(site: &Site, listing: Listing, n: usize, page: PageId) -> bool {
    listing_shows_besides_items(site, listing, page) || listing.window(site, n).contains(&page)
}

/// Whether a page of `listing` shows something of `page` that is not one of its items:
/// a collection's text, or a block heading a column of the matrix.
fn listing_shows_besides_items(site: &Site, listing: Listing, page: PageId) -> bool {
    match listing {
        Listing::Section(c) => site.collections[c].intro == Some(page),
        Listing::Matrix => {
            site.pages[page].doc.kind == Kind::BuildingBlock && site.collection_of[page].is_some()
        }
        _ => false,
    }
}

impl SpecialPage {
    /// Whether this page shows anything of `page` (see [`Job::depends_on`]).
    fn depends_on(self, site: &Site, page: PageId) -> bool {
        let in_collection = site.collection_of[page].is_some();
        let block_or_case = matches!(
            site.pages[page].doc.kind,
            Kind::BuildingBlock | Kind::CaseStudy
        );
        match self {
            SpecialPage::Home => site.home == Some(page) || in_collection,
            SpecialPage::NotFound => false,
            // Every block and case study; the diagnostic shows every block's title and
            // questions, and the case studies that show each.
            // The group view shows every block's title and questions too.
            SpecialPage::Matrix | SpecialPage::Diagnostic | SpecialPage::DiagnosticGroup => {
                block_or_case && in_collection
            }
            SpecialPage::Print => in_collection,
            // The search page shows nothing of any page; its index is written apart.
            SpecialPage::Search => false,
            // Every searchable page's title (a page that turns `search` off leaves it).
            SpecialPage::AToZ => true,
            // Made from placebook.yaml alone.
            SpecialPage::Accessibility | SpecialPage::Privacy => false,
        }
    }
}

/// Everything a site writes, decided before writing: the render jobs, placebook's own
/// generated files (feeds, CMS), and the static files (the site's replacing the theme's
/// of the same name). [`SitePlan::new`] also reports every problem with that plan: bad
/// aliases, a missing `base_url`, and two sources for one output path.
pub struct SitePlan<'a> {
    /// One per output page.
    pub jobs: Vec<Job>,
    /// Files placebook writes itself: sitemap, feed, robots.txt, CMS config, the hosts'
    /// `_headers` and `_redirects` (the search index is built apart, see
    /// [`SitePlan::search_index`]).
    pub generated: Vec<Artifact>,
    /// Whether the site has a search index.
    pub search: bool,
    /// Static files to copy.
    pub statics: Vec<&'a StaticFile>,
    /// The theme's assets under content-named paths (see [`assets`]).
    pub asset_names: AssetNames,
    /// The copies of the theme's assets under those paths.
    pub named_assets: Vec<StaticFile>,
    /// Files of `content/` copied as they are.
    pub assets: &'a [Asset],
}

impl<'a> SitePlan<'a> {
    /// Plans the output of `site` with `theme` and the site's own static files.
    pub fn new(
        site: &'a Site,
        theme_static: &'a [StaticFile],
        site_static: &'a [StaticFile],
        root: &Path,
    ) -> (SitePlan<'a>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let (jobs, alias_errors) = jobs(site);
        diags.extend(alias_errors);
        if site.config.base_url.is_none() {
            diags.push(no_base_url());
        }
        let search = crate::search::enabled(site);
        if search {
            diags.extend(crate::search::warnings(site));
        }
        let statics = statics(theme_static, site_static);
        let asset_names = AssetNames::of(&site.config, theme_static, site_static);
        let named_assets = asset_names.copies(&statics);
        let mut generated = generated_files(site, root, &asset_names);
        // A playbook's own `static/_headers` or `static/_redirects` replaces placebook's.
        generated.retain(|a| {
            !crate::output::hosting::is_hosting_file(&a.path)
                || !statics.iter().any(|s| s.output == a.path)
        });
        let plan = SitePlan {
            jobs,
            generated,
            search,
            statics,
            asset_names,
            named_assets,
            assets: &site.assets,
        };
        diags.extend(plan.clashes(site));
        (plan, diags)
    }

    /// Every static file to copy: the theme's and the site's, then the theme's assets
    /// again under their content-named paths.
    pub fn static_copies(&self) -> Vec<&StaticFile> {
        self.statics
            .iter()
            .copied()
            .chain(&self.named_assets)
            .collect()
    }

    /// Every path this plan writes, the search index's files excepted.
    pub fn paths(&self, site: &Site) -> HashSet<String> {
        self.jobs
            .iter()
            .map(|j| j.output_path(site))
            .chain(self.generated.iter().map(|a| a.path.clone()))
            .chain(self.statics.iter().map(|s| s.output.clone()))
            .chain(self.named_assets.iter().map(|s| s.output.clone()))
            .chain(self.assets.iter().map(|a| a.output.clone()))
            .collect()
    }

    /// The search index, its page files given to `page_files` as they are made
    /// ([`crate::search::build_streaming`], the pages' texts from `taken` when they
    /// were taken out of the site); none when the site has no search. It reads only
    /// the model, so it can be built while the pages render.
    pub fn search_index_streaming(
        &self,
        (site, taken): (&Site, Option<&crate::search::TakenTexts>),
        page_files: crate::search::PageFiles<'_>,
    ) -> Option<crate::search::SearchIndex> {
        self.search
            .then(|| crate::search::build_streaming(site, taken, page_files))
    }

    /// Every path this plan writes with what writes it, in the plan's order (jobs,
    /// generated files, assets, static files).
    fn claims(&self, site: &'a Site) -> Vec<(String, Claimant<'a>)> {
        let mut claims = Vec::with_capacity(self.jobs.len() + self.statics.len());
        for job in &self.jobs {
            let claimant = match job {
                Job::Page(id) => Claimant::Page(&site.pages[*id].doc),
                Job::Alias { from, to } => Claimant::Alias(&site.pages[*to].doc, from.clone()),
                Job::Term(t, k) => Claimant::Term(site, *t, *k),
                Job::Section(_) | Job::Taxonomy(_) => Claimant::Config(job.origin(site)),
                Job::Special(_) | Job::ListPage(..) => Claimant::Placebook(job.origin(site)),
            };
            claims.push((job.output_path(site), claimant));
        }
        for a in &self.generated {
            claims.push((a.path.clone(), Claimant::Placebook("placebook".into())));
        }
        for a in self.assets {
            claims.push((
                a.output.clone(),
                Claimant::File(format!("content/{}", a.output)),
            ));
        }
        for s in self.statics.iter().copied().chain(&self.named_assets) {
            claims.push((s.output.clone(), Claimant::File(s.origin.clone())));
        }
        claims
    }

    /// Every output path must have one owner, be a name the file system can write
    /// ([`crate::output::unwritable`]), and not be a folder of another path.
    fn clashes(&self, site: &'a Site) -> Vec<Diagnostic> {
        let claims = self.claims(site);
        let mut owners: HashMap<&str, &Claimant> = HashMap::new();
        let mut diags = unwritable_names(&claims);
        for (path, claimant) in &claims {
            if let Some(first) = owners.get(path.as_str()) {
                diags.push(
                    claimant.place(
                        Diagnostic::error(
                            "output-clash",
                            format!(
                                "`{path}` would be written by both {} and {}",
                                first.origin(),
                                claimant.origin()
                            ),
                        )
                        .suggest("rename one of them, or change the alias or `slug:`"),
                    ),
                );
            } else {
                owners.insert(path, claimant);
            }
        }
        for (path, claimant) in &claims {
            let folders = path.match_indices('/').map(|(i, _)| &path[..i]);
            if let Some((folder, owner)) =
                folders.filter_map(|f| owners.get(f).map(|o| (f, o))).next()
            {
                diags.push(owner.place(
                    Diagnostic::error(
                        "output-clash",
                        format!(
                            "`{folder}` would be a file written by {}, and also the folder of `{path}`, written by {}",
                            owner.origin(),
                            claimant.origin()
                        ),
                    )
                    .suggest("rename one of them: a file and a folder of the site cannot have the same name"),
                ));
            }
        }
        diags
    }
}

/// What writes one output path, for messages and their location.
enum Claimant<'a> {
    /// A page, from its file.
    Page(&'a SourceDoc),
    /// An alias of this page, written to this file.
    Alias(&'a SourceDoc, String),
    /// One term's page (taxonomy, term), named by its pages' front matter.
    Term(&'a Site, usize, usize),
    /// A collection's or taxonomy's page, named by the config.
    Config(String),
    /// One of placebook's own pages or files.
    Placebook(String),
    /// A file copied as it is, from this file of the site.
    File(String),
}

impl Claimant<'_> {
    /// How it is named in messages.
    fn origin(&self) -> String {
        match self {
            Claimant::Page(doc) => doc.path.clone(),
            Claimant::Alias(doc, _) => format!("an alias in {}", doc.path),
            Claimant::Term(..) => "placebook's term page".into(),
            Claimant::Config(o) | Claimant::Placebook(o) | Claimant::File(o) => o.clone(),
        }
    }

    /// `d` placed where the name comes from: the page's `slug:` or file, the alias, the
    /// first page's value of the term, the config, or the copied file.
    fn place(&self, d: Diagnostic) -> Diagnostic {
        match self {
            Claimant::Page(doc) => match doc
                .front
                .slug
                .as_ref()
                .and_then(|_| doc.front_lines?.locate_key(&doc.text, "slug"))
            {
                Some(p) => d.at(&doc.path, &doc.text, p),
                None => d.in_file(&doc.path),
            },
            Claimant::Alias(doc, from) => place_alias(d, doc, from),
            Claimant::Term(site, t, k) => {
                let (taxonomy, term) = (&site.taxonomies[*t], &site.taxonomies[*t].terms[*k]);
                let Some(doc) = term.pages.first().map(|&id| &site.pages[id].doc) else {
                    return d;
                };
                let values = crate::model::taxonomy_values(doc, &taxonomy.name);
                let value = values
                    .iter()
                    .find(|v| crate::slug::slugify(v) == term.slug)
                    .unwrap_or(&term.name);
                match crate::address::value_position(doc, &taxonomy.name, value) {
                    Some(p) => d.at(&doc.path, &doc.text, p),
                    None => d.in_file(&doc.path),
                }
            }
            Claimant::Config(_) => d.in_file(crate::config::CONFIG_FILE),
            Claimant::Placebook(_) => d,
            Claimant::File(origin) => d.in_file(origin.clone()),
        }
    }

    /// Which claims of a bad name are reported first: a name from the config is
    /// reported there, not at every page below it.
    fn rank(&self) -> u8 {
        match self {
            Claimant::Config(_) | Claimant::Placebook(_) => 0,
            Claimant::Term(..) => 1,
            _ => 2,
        }
    }
}

/// `path` with each long part cut short, for messages.
fn shortened(path: &str) -> String {
    let parts: Vec<String> = path
        .split('/')
        .map(|p| match p.len() {
            0..=48 => p.to_owned(),
            _ => format!("{}…", crate::output::cut(p, 24)),
        })
        .collect();
    parts.join("/")
}

/// An error for every output path that cannot be written as a file, reported once per
/// bad part of a path (a long collection name once, at the config, not at each page).
fn unwritable_names(claims: &[(String, Claimant)]) -> Vec<Diagnostic> {
    let mut order: Vec<&(String, Claimant)> = claims.iter().collect();
    order.sort_by_key(|(_, c)| c.rank());
    let mut reported: HashSet<String> = HashSet::new();
    let mut diags = Vec::new();
    for (path, claimant) in order {
        let Some(why) = crate::output::unwritable(path) else {
            continue;
        };
        // The path up to its first bad part: what one mistake makes.
        let mut prefix = String::new();
        for segment in path.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(segment);
            if crate::output::unwritable(&prefix).is_some() {
                break;
            }
        }
        if !reported.insert(prefix) {
            continue;
        }
        let fix = match claimant {
            Claimant::Page(_) => {
                "shorten the file's name, or set a shorter `slug:` (addresses are lower case, and some letters, such as `İ`, take more bytes in lower case)"
            }
            Claimant::Alias(..) => {
                "write the alias as a shorter address of letters, digits and hyphens"
            }
            Claimant::Term(..) => {
                "shorten the value: each value gets a page whose folder is named after it"
            }
            Claimant::Config(_) => "shorten the collection or taxonomy name in placebook.yaml",
            Claimant::File(_) | Claimant::Placebook(_) => {
                "rename the file with a shorter name, without `\\`"
            }
        };
        diags.push(
            claimant.place(
                Diagnostic::error(
                    "unwritable-name",
                    format!(
                        "`{}` cannot be written as a file of the site: {why}",
                        shortened(path)
                    ),
                )
                .suggest(fix),
            ),
        );
    }
    diags
}

/// `d` placed at the alias of `doc` that is written to `from`.
fn place_alias(d: Diagnostic, doc: &SourceDoc, from: &str) -> Diagnostic {
    let alias = doc
        .front
        .aliases
        .iter()
        .find(|a| alias_path(a).as_deref() == Some(from));
    match alias.and_then(|a| crate::address::value_position(doc, "aliases", a)) {
        Some(p) => d.at(&doc.path, &doc.text, p),
        None => d.in_file(&doc.path),
    }
}

/// The warning for a site with no `base_url`.
fn no_base_url() -> Diagnostic {
    Diagnostic::warning(
        "no-base-url",
        "sitemap.xml and atom.xml are not written because `base_url` is not set",
    )
    .in_file(crate::config::CONFIG_FILE)
    .suggest("add `base_url: https://your.site/path/` to placebook.yaml, or pass --base-url")
}

/// Feeds, robots.txt, the CMS's files, and the hosts' `_headers` and `_redirects` (which
/// name the theme's `assets` by their content-named paths).
pub fn generated_files(site: &Site, root: &Path, assets: &AssetNames) -> Vec<Artifact> {
    let mut files = crate::feeds::render(site, &sitemap_entries(site));
    files.extend(crate::output::cms::render(site, root));
    let folders: &[&str] = if crate::search::enabled(site) {
        &[crate::search::INDEX_URL]
    } else {
        &[]
    };
    files.extend(crate::output::hosting::render(
        site,
        (&assets.plain_and_named(), folders),
        &alias_redirects(site),
    ));
    files
}

/// Every alias of every page that is an address inside the site, as (old address,
/// the page's folder), both from the site's folder: `old/` for an alias written to
/// `old/index.html`, `info.html` for one written as it is.
pub fn alias_redirects(site: &Site) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for page in &site.pages {
        for file in page.doc.front.aliases.iter().filter_map(|a| alias_path(a)) {
            let from = file.strip_suffix("index.html").unwrap_or(&file).to_owned();
            out.push((from, page.dir.clone()));
        }
    }
    out
}

/// The theme's static files that the site does not replace, then the site's own.
fn statics<'a>(
    theme_static: &'a [StaticFile],
    site_static: &'a [StaticFile],
) -> Vec<&'a StaticFile> {
    let replaced: HashSet<&str> = site_static.iter().map(|s| s.output.as_str()).collect();
    theme_static
        .iter()
        .filter(|s| !replaced.contains(s.output.as_str()))
        .chain(site_static)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_paths_stay_inside() {
        assert_eq!(alias_path("old/").as_deref(), Some("old/index.html"));
        assert_eq!(alias_path("/a/b.html").as_deref(), Some("a/b.html"));
        assert_eq!(alias_path("../../etc"), None);
        assert_eq!(alias_path("a/../../b"), None);
        assert_eq!(alias_path("https://x.org/a"), None);
        assert_eq!(alias_path("a\\b"), None);
        assert_eq!(alias_path("/"), None);
        assert_eq!(alias_path("a\0b"), None);
        assert_eq!(alias_path("a\nb/"), None);
    }

    #[test]
    fn every_special_page_finds_its_own_entry() {
        for s in SPECIAL_PAGES {
            assert_eq!(s.page.entry().page, s.page);
        }
    }

    #[test]
    fn every_special_page_has_a_reserved_folder_and_a_template() {
        let mut config = Config::default_for(Path::new("."));
        config.accessibility = Some(Default::default());
        config.analytics = Some(crate::config::analytics::AnalyticsConfig::new(
            crate::config::analytics::Service::Plausible,
        ));
        for s in SPECIAL_PAGES {
            if let Some((folder, _)) = s.path.split_once('/') {
                assert!(config.reserves(folder), "{folder} must be reserved");
            }
            assert!(
                crate::theme::default_template(s.template).is_some(),
                "{}",
                s.template
            );
            assert!(required_templates().contains(&s.template));
        }
    }
}

#[cfg(test)]
mod dependency_tests {
    use super::*;
    use crate::build::{BuildOptions, load};

    fn id(site: &Site, path: &str) -> PageId {
        site.pages.iter().position(|p| p.doc.path == path).unwrap()
    }

    #[test]
    fn a_page_change_touches_only_the_jobs_that_show_it() {
        let loaded = load(&BuildOptions::new("tests/fixtures/good")).expect("fixture loads");
        let site = &loaded.site;
        let (jobs, _) = jobs(site);
        let gamma = id(site, "content/case-studies/Gamma Café.md");
        let touched: Vec<String> = jobs
            .iter()
            .filter(|j| j.depends_on(site, gamma))
            .map(|j| j.output_path(site))
            .collect();
        let expected = [
            "index.html",
            "matrix/index.html",
            "print/index.html",
            "diagnostic/index.html",
            "diagnostic/group/index.html",
            "case-studies/gamma-café/index.html",
            "case-studies/beta-city/index.html",
            "building-blocks/data-sharing/index.html",
            "case-studies/index.html",
            "region/index.html",
            "region/north-west/index.html",
            "a-z/index.html",
        ];
        for e in expected {
            assert!(
                touched.contains(&e.to_owned()),
                "{e} should be re-rendered; got {touched:?}"
            );
        }
        assert_eq!(touched.len(), expected.len(), "nothing else: {touched:?}");
        // A block's change reaches the case studies that name it, not unrelated pages.
        let block = id(site, "content/building-blocks/pooled-budgets.md");
        let touched: Vec<String> = jobs
            .iter()
            .filter(|j| j.depends_on(site, block))
            .map(|j| j.output_path(site))
            .collect();
        assert!(touched.contains(&"case-studies/alpha-town/index.html".to_owned()));
        assert!(
            !touched.contains(&"case-studies/beta-city/index.html".to_owned()),
            "{touched:?}"
        );
        assert!(!touched.contains(&"about/index.html".to_owned()));
    }
}
