//! The template contract: serialisable views of the site, built per output page.
//!
//! Templates never see internal types. Every URL in a view is relative to the site
//! root (e.g. `case-studies/x/index.html`); templates prefix it with `root`, the way
//! from the current page back to the site root (e.g. `../../`), so every link in the
//! output is relative. The README documents each field.

use crate::content::Source;
use crate::dates::DateView;
use crate::markdown::TocEntry;
use crate::model::{PageId, Site};
use crate::plan::{PRINT_MAX_PAGES, Shape, SpecialPage};
use serde::Serialize;

pub mod analytics;
pub mod pager;
mod print;
mod qr;

/// How many top-level pages the header's navigation shows, in their order (by
/// `weight`, then title); the others are behind "More pages" ([`SiteView::nav_shown`]).
pub const NAV_PAGES: usize = 4;

/// Site-wide data, the same on every page.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    /// The playbook's title.
    pub title: &'a str,
    /// Its description.
    pub description: &'a str,
    /// Language tag for `<html lang>`.
    pub language: &'a str,
    /// The public address, when configured (ends in `/`).
    pub base_url: Option<&'a str>,
    /// Header navigation: collections, then top-level pages.
    pub nav: Vec<Link>,
    /// How many links of `nav` the default theme shows in the header (the collections
    /// and the first [`NAV_PAGES`] top-level pages); the rest are behind "More pages",
    /// so that a playbook of many pages keeps its header short on a phone.
    pub nav_shown: usize,
    /// The taxonomies, with links to their index pages.
    pub taxonomies: Vec<Link>,
    /// Whether an Atom feed is written (`atom.xml`).
    pub has_feed: bool,
    /// Whether the matrix page is written (`matrix/index.html`).
    pub has_matrix: bool,
    /// Whether the printable playbook is written (`print/index.html`).
    pub has_print: bool,
    /// Whether the self-assessment page is written (`diagnostic/index.html`).
    pub has_diagnostic: bool,
    /// The self-assessment page's title (`Diagnostic` unless configured).
    pub diagnostic_title: &'a str,
    /// Whether the search page (`search/index.html`) and the A to Z page
    /// (`a-z/index.html`) are written: some page is searchable.
    pub has_search: bool,
    /// `placebook <version>`.
    pub generator: &'static str,
    /// Whether this is a review copy built with `--drafts`: every page gets
    /// `noindex`, and draft pages a banner.
    pub review_copy: bool,
    /// The first building-block collection with pages, for words like "Related building blocks".
    pub blocks: Option<CollectionRef<'a>>,
    /// The first case-study collection with pages, for words like "Case studies that show this block".
    pub cases: Option<CollectionRef<'a>>,
    /// The accessibility statement, when `accessibility:` is set (its page is
    /// `accessibility/index.html`, linked from every page's footer).
    pub accessibility: Option<crate::config::accessibility::StatementView>,
    /// The analytics service, when `analytics:` is set: its script for every page's
    /// head, and the privacy page at `privacy/index.html`.
    pub analytics: Option<analytics::AnalyticsView>,
}

/// A collection's names and address, for captions, headings and counts.
#[derive(Debug, Clone, Serialize)]
pub struct CollectionRef<'a> {
    /// Folder name.
    pub key: &'a str,
    /// Title, also the plural ("Case studies").
    pub title: &'a str,
    /// The name of one of its pages ("Case study").
    pub singular: &'a str,
    /// Site-root-relative URL of its index.
    pub url: String,
}

impl<'a> CollectionRef<'a> {
    /// The names and address of `c`.
    pub fn of(c: &'a crate::model::Collection) -> Self {
        CollectionRef {
            key: &c.key,
            title: &c.title,
            singular: &c.singular,
            url: format!("{}/index.html", c.key),
        }
    }
}

/// A building block as a case study's card names it.
#[derive(Debug, Clone, Serialize)]
pub struct BlockRef<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its number.
    pub number: Option<i64>,
    /// Its URL slug, which filters match on.
    pub slug: &'a str,
}

/// One item of a list field (`questions`, `signs`, `outcomes`).
#[derive(Debug, Clone, Serialize)]
pub struct ListItem {
    /// Its inline markdown as HTML (print it with `| safe`).
    pub html: String,
    /// A question's place on the self-assessment page, when it is there.
    pub rate_url: Option<String>,
}

/// The filters over a case-study collection's index: its regions and the blocks its
/// case studies show.
#[derive(Debug, Serialize)]
pub struct Filters<'a> {
    /// Every region named, alphabetically.
    pub regions: Vec<&'a str>,
    /// Every block shown, in block order.
    pub blocks: Vec<BlockRef<'a>>,
}

/// A titled link.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Link text.
    pub title: String,
    /// Site-root-relative URL.
    pub url: String,
}

/// A short view of a page, for listings and cross-links.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink<'a> {
    /// Title.
    pub title: &'a str,
    /// Site-root-relative URL.
    pub url: String,
    /// Summary, when written.
    pub summary: Option<&'a str>,
    /// The summary cut to about [`CARD_SUMMARY_CHARS`] at a word, for cards.
    pub short_summary: Option<String>,
    /// The kind: `building-block`, `case-study` or `page`.
    pub kind: &'static str,
    /// Building block number.
    pub number: Option<i64>,
    /// Case study place.
    pub place: Option<&'a str>,
    /// Case study region.
    pub region: Option<&'a str>,
    /// Case study year.
    pub year: Option<i64>,
    /// Case study: the blocks it shows (each a [`BlockRef`], shared).
    pub shows: Vec<SharedLink>,
}

/// How many characters of a summary a card shows.
pub const CARD_SUMMARY_CHARS: usize = 160;

/// `summary` cut at the last word that ends within `max` characters, with an ellipsis
/// when anything was cut.
pub fn shorten(summary: &str, max: usize) -> String {
    let summary = summary.trim();
    if summary.chars().count() <= max {
        return summary.to_owned();
    }
    let end = summary
        .char_indices()
        .nth(max)
        .map_or(summary.len(), |(i, _)| i);
    let cut = summary[..end].rfind(char::is_whitespace).unwrap_or(end);
    let kept = summary[..cut].trim_end_matches(|c: char| c.is_whitespace() || ",;:".contains(c));
    format!("{kept}…")
}

/// A term as readers see it, in sentence case: one written as a slug
/// (`health-and-care`) in words (`Health and care`).
pub fn term_display(name: &str) -> std::borrow::Cow<'_, str> {
    let slug_like = name.contains('-')
        && !name.contains(' ')
        && name
            .chars()
            .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-');
    if slug_like {
        std::borrow::Cow::Owned(crate::slug::words_from_slug(name))
    } else if name.starts_with(char::is_lowercase) {
        std::borrow::Cow::Owned(crate::slug::capitalise(name))
    } else {
        std::borrow::Cow::Borrowed(name)
    }
}

/// A [`PageLink`] (or a block's [`BlockRef`]) as views hold it: serialised once per
/// page per build and shared, at the cost of an atomic count, by every list and page
/// that shows that page (a section or term page lists thousands).
#[derive(Debug, Clone)]
pub struct SharedLink(tera::Value);

impl Serialize for SharedLink {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// A taxonomy term as a link.
#[derive(Debug, Clone, Serialize)]
pub struct TermLink<'a> {
    /// The term as readers see it (see [`term_display`]).
    pub name: std::borrow::Cow<'a, str>,
    /// Site-root-relative URL of its page.
    pub url: String,
    /// How many pages carry it.
    pub count: usize,
}

/// A page's terms in one taxonomy.
#[derive(Debug, Clone, Serialize)]
pub struct PageTerms<'a> {
    /// The taxonomy's field name (`tags`).
    pub name: &'a str,
    /// Its display title (`Tags`).
    pub title: &'a str,
    /// The page's terms.
    pub terms: Vec<TermLink<'a>>,
}

/// What a card's address keeps unencoded: letters, digits, `-._~` and `/`.
const CARD_PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// A page's lead image as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct LeadImageView {
    /// The `<picture>` that shows it (HTML).
    pub html: String,
    /// The full address of the copy a social card shows (`og:image`), when the site
    /// has a `base_url`.
    pub card: Option<String>,
    /// That copy's width in pixels (0 when not known, as for an SVG).
    pub width: u32,
    /// That copy's height in pixels.
    pub height: u32,
    /// What the image shows.
    pub alt: String,
}

/// Everything a page template gets as `page`.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    /// Title.
    pub title: &'a str,
    /// Summary.
    pub summary: Option<&'a str>,
    /// `building-block`, `case-study` or `page`.
    pub kind: &'static str,
    /// The last URL segment.
    pub slug: &'a str,
    /// Site-root-relative URL.
    pub url: String,
    /// Absolute URL, when `base_url` is set.
    pub permalink: Option<String>,
    /// Source path from the site root (`content/x.md`).
    pub source_path: &'a str,
    /// The collection: its names and a link to its index.
    pub collection: Option<CollectionRef<'a>>,
    /// The body as HTML.
    pub content: String,
    /// Level-2 and level-3 headings.
    pub toc: &'a [TocEntry],
    /// Words in the body.
    pub word_count: usize,
    /// Minutes to read.
    pub reading_time: usize,
    /// When it last changed.
    pub updated: Option<DateView>,
    /// When it was last reviewed (front matter `reviewed`).
    pub reviewed: Option<DateView>,
    /// When its next review is due (`review_due`, or `reviewed` plus `review_every`).
    pub review_due: Option<DateView>,
    /// "Page updates", newest first (front matter `changes`, or git history).
    pub updates: Vec<UpdateView>,
    /// "Edit this page" link, when `edit_url` is set.
    pub edit_url: Option<String>,
    /// Whether it is a draft (only with `--drafts`).
    pub draft: bool,
    /// Its weight.
    pub weight: Option<i64>,
    /// Its terms, per taxonomy (only taxonomies where it has terms).
    pub taxonomies: Vec<PageTerms<'a>>,
    /// Sources; with `sanitize: true`, one whose address is not safe (see
    /// [`crate::markdown::is_safe_url`]) has an empty `url`, and templates show it unlinked.
    pub sources: Vec<SourceView<'a>>,
    /// Free data from front matter.
    pub extra: serde_json::Value,
    /// Building block: number.
    pub number: Option<i64>,
    /// Building block: diagnostic questions, each with its place on the self-assessment page.
    pub questions: Vec<ListItem>,
    /// Building block: signs of progress.
    pub signs: Vec<ListItem>,
    /// Building block: related blocks.
    pub related: Vec<SharedLink>,
    /// Building block: case studies that name it.
    pub backlinks: Vec<SharedLink>,
    /// How many case studies name it (`backlinks` holds at most `paginate:` of them).
    pub backlinks_total: usize,
    /// Site-root-relative URL of the list of every case study that names it, when
    /// `backlinks` cannot hold them all.
    pub backlinks_all: Option<String>,
    /// The lead image (`image:`), when the page has one.
    pub image: Option<LeadImageView>,
    /// Case study: place.
    pub place: Option<&'a str>,
    /// Case study: region.
    pub region: Option<&'a str>,
    /// Case study: year.
    pub year: Option<i64>,
    /// Case study: lead organisations.
    pub lead: &'a [String],
    /// Case study: partners.
    pub partners: &'a [String],
    /// Case study: outcomes.
    pub outcomes: Vec<ListItem>,
    /// Case study: the blocks it shows.
    pub blocks: Vec<SharedLink>,
    /// Previous page in its collection.
    pub prev: Option<SharedLink>,
    /// Next page in its collection.
    pub next: Option<SharedLink>,
}

/// A collection's index page (`section` in `section.html`, and each of `sections` on the home page).
#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    /// Folder name.
    pub key: &'a str,
    /// Title.
    pub title: &'a str,
    /// The name of one of its pages ("Case study").
    pub singular: &'a str,
    /// Its pages' kind.
    pub kind: &'static str,
    /// Site-root-relative URL.
    pub url: String,
    /// Filters by region and block, on a case-study collection of more than one page.
    pub filters: Option<Filters<'a>>,
    /// The HTML of `_index.md`, or empty.
    pub content: String,
    /// The pages, in order (on a collection split into pages, this page's).
    pub pages: Vec<SharedLink>,
    /// How many pages the collection has.
    pub total: usize,
}

/// A taxonomy's index page (`taxonomy`) with all its terms.
#[derive(Debug, Serialize)]
pub struct TaxonomyView<'a> {
    /// Field name.
    pub name: &'a str,
    /// Title.
    pub title: &'a str,
    /// Site-root-relative URL.
    pub url: String,
    /// Every term, alphabetically.
    pub terms: Vec<TermLink<'a>>,
}

/// One term's page (`term`).
#[derive(Debug, Serialize)]
pub struct TermView<'a> {
    /// The term as readers see it (see [`term_display`]).
    pub name: std::borrow::Cow<'a, str>,
    /// Site-root-relative URL.
    pub url: String,
    /// Pages with the term (on a term split into pages, this page's).
    pub pages: Vec<SharedLink>,
    /// How many pages have the term.
    pub total: usize,
}

/// One table of the matrix page: the case studies of one collection against the
/// blocks of one building-block collection.
#[derive(Debug, Serialize)]
pub struct MatrixTable<'a> {
    /// The case-study collection's title.
    pub cases_title: &'a str,
    /// The building-block collection's title.
    pub blocks_title: &'a str,
    /// The columns.
    pub blocks: Vec<SharedLink>,
    /// How many case studies name each block (same order as `blocks`).
    pub totals: Vec<usize>,
    /// The rows.
    pub rows: Vec<MatrixRow>,
}

/// One case study's row: for each block column, whether it names that block.
#[derive(Debug, Serialize)]
pub struct MatrixRow {
    /// The case study's id (not shown).
    #[serde(skip)]
    pub id: PageId,
    /// The case study.
    pub case: SharedLink,
    /// One entry per block column.
    pub cells: Vec<bool>,
}

/// One collection on the printable page: every page in full, or only a count when the
/// collection is too large to print.
#[derive(Debug, Serialize)]
pub struct PrintSection<'a> {
    /// The collection's title.
    pub title: &'a str,
    /// Its folder name.
    pub key: &'a str,
    /// Its pages in full (empty when `omitted` is set).
    pub pages: Vec<PageView<'a>>,
    /// How many pages were left out because the collection is larger than [`PRINT_MAX_PAGES`].
    pub omitted: usize,
}

/// The search page (`search` in `search.html`).
#[derive(Debug, Serialize)]
pub struct SearchView {
    /// How many pages the index holds.
    pub pages: usize,
    /// Site-root-relative URL of the A to Z page.
    pub a_to_z: &'static str,
    /// Site-root-relative URL of the index's folder.
    pub index: &'static str,
    /// The name of the index's manifest in that folder, without `.js`
    /// (`manifest-<hash>`).
    pub manifest: String,
}

/// One letter of the A to Z page (each of `letters` in `a-z.html`).
#[derive(Debug, Serialize)]
pub struct Letter {
    /// The letter as shown (`A`), or `#` for titles that start with no letter.
    pub letter: String,
    /// An id for links to it (`letter-a`, `letter-other`).
    pub id: String,
    /// Its pages, by title.
    pub pages: Vec<SharedLink>,
}

/// The self-assessment page (`diagnostic` in `diagnostic.html`): every building block
/// with questions, each question to be rated on the configured scale.
#[derive(Debug, Serialize)]
pub struct DiagnosticView<'a> {
    /// The page's title.
    pub title: &'a str,
    /// The scale's levels, lowest first.
    pub scale: Vec<ScaleLevel<'a>>,
    /// The blocks, in collection order then each collection's order.
    pub blocks: Vec<DiagnosticBlock<'a>>,
    /// How many questions there are in all.
    pub question_count: usize,
    /// Whether the blocks come from more than one collection (each block then names its own).
    pub several_collections: bool,
    /// The data the page's script needs, as JSON that is safe inside
    /// `<script type="application/json">` (print it with `| safe`).
    pub data: String,
    /// The page's full address for participants, when the site has a `base_url`.
    pub participant_url: Option<String>,
    /// That address as a QR code, an inline `<svg>` (print it with `| safe`).
    pub qr_svg: Option<String>,
}

/// One level of the rating scale.
#[derive(Debug, Clone, Serialize)]
pub struct ScaleLevel<'a> {
    /// Its value: 1 for the lowest level.
    pub value: usize,
    /// Its label (`Not yet`).
    pub label: &'a str,
}

/// One building block on the self-assessment page.
#[derive(Debug, Serialize)]
pub struct DiagnosticBlock<'a> {
    /// A key that names the block in saved answers and share links: its slug, or
    /// `collection/slug` when two collections have a block of that slug.
    pub key: String,
    /// Its position on the page, from 0 (element ids use it).
    pub index: usize,
    /// Its collection's title.
    pub collection: &'a str,
    /// Building block number.
    pub number: Option<i64>,
    /// Title.
    pub title: &'a str,
    /// Summary.
    pub summary: Option<&'a str>,
    /// Site-root-relative URL of its guide.
    pub url: String,
    /// Its questions.
    pub questions: Vec<DiagnosticQuestion<'a>>,
    /// The first [`DIAGNOSTIC_CASES`] case studies that show it.
    pub cases: Vec<SharedLink>,
    /// How many case studies show it in all (the block's page lists every one).
    pub cases_total: usize,
}

/// How many of the case studies that show a block the self-assessment names: enough to
/// point the way, few enough that the page stays small in a playbook of thousands
/// (beyond them it links to the block's page, which lists them all).
pub const DIAGNOSTIC_CASES: usize = 5;

/// One question on the self-assessment page.
#[derive(Debug, Serialize)]
pub struct DiagnosticQuestion<'a> {
    /// The form field's name and the base of its element ids (`b0q1`).
    pub id: String,
    /// Its position in its block, from 1.
    pub number: usize,
    /// The question.
    pub text: &'a str,
    /// The question's inline markdown as HTML (print it with `| safe`).
    pub html: String,
    /// What each level of the scale means for this question, lowest first (its rubric),
    /// or none.
    pub levels: Vec<&'a str>,
}

/// The building blocks that go on the self-assessment page: every block of every
/// building-block collection with questions and without `diagnostic: false`, in order;
/// none when the config turns the page off.
pub fn diagnostic_blocks(site: &Site) -> Vec<PageId> {
    if site.config.diagnostic.is_none() {
        return Vec::new();
    }
    site.collections
        .iter()
        .filter(|c| c.kind == crate::config::Kind::BuildingBlock)
        .flat_map(|c| c.pages.iter().copied())
        .filter(|&id| {
            let fm = &site.pages[id].doc.front;
            fm.in_diagnostic() && !fm.questions.is_empty()
        })
        .collect()
}

/// JSON for a `<script type="application/json">` element: `<`, `>` and `&` are written
/// as `\u003c`-style escapes (which only occur inside JSON strings), so no text in it can
/// close the element.
pub fn script_json(value: &serde_json::Value) -> String {
    let mut out = String::new();
    for c in value.to_string().chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

/// One entry of "Page updates", as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct UpdateView {
    /// The day of the change.
    pub date: DateView,
    /// What changed.
    pub note: String,
}

/// Builds views from the site.
pub struct Views<'a> {
    site: &'a Site,
    /// The pages' HTML when it was taken out of the site for one build's pages.
    page_html: Option<&'a crate::model::body::TakenHtml>,
    /// Each page's link, serialised when first asked for.
    links: Vec<std::sync::OnceLock<tera::Value>>,
    /// Each building block's [`BlockRef`], serialised when first asked for.
    block_refs: Vec<std::sync::OnceLock<tera::Value>>,
    /// Each page's place among the self-assessment's blocks, if it is one.
    diagnostic_index: Vec<Option<usize>>,
    /// The A to Z's order, made when first asked for.
    a_to_z: std::sync::OnceLock<Vec<(String, PageId)>>,
    /// Where each letter of a split A to Z starts, made when first asked for.
    a_to_z_letters: std::sync::OnceLock<Vec<pager::LetterLink>>,
    /// How dates are written.
    date_words: crate::dates::DateWords,
    /// The words of feedback emails' subjects.
    feedback_words: crate::config::feedback::FeedbackWords,
}

impl<'a> Views<'a> {
    /// Views over `site`.
    pub fn new(site: &'a Site) -> Self {
        let mut diagnostic_index = vec![None; site.pages.len()];
        if Shape::of_site(site).has(SpecialPage::Diagnostic) {
            for (index, id) in diagnostic_blocks(site).into_iter().enumerate() {
                diagnostic_index[id] = Some(index);
            }
        }
        Views {
            site,
            page_html: None,
            links: (0..site.pages.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            block_refs: (0..site.pages.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            diagnostic_index,
            a_to_z: std::sync::OnceLock::new(),
            a_to_z_letters: std::sync::OnceLock::new(),
            date_words: crate::dates::DateWords::default(),
            feedback_words: crate::config::feedback::FeedbackWords::default(),
        }
    }

    /// The same views, reading the pages' HTML from `taken` (taken out of the site for
    /// one build's pages) rather than from the site.
    pub fn with_page_html(mut self, taken: &'a crate::model::body::TakenHtml) -> Self {
        self.page_html = Some(taken);
        self
    }

    /// The same views, writing dates as `words` do (the theme's language).
    pub fn with_date_words(mut self, words: crate::dates::DateWords) -> Self {
        self.date_words = words;
        self
    }

    /// The same views, writing feedback emails' subjects with `words`.
    pub fn with_feedback_words(mut self, words: crate::config::feedback::FeedbackWords) -> Self {
        self.feedback_words = words;
        self
    }

    /// The "Is this page useful?" links of the page titled `title` at `path` in the
    /// site (`case-studies/x/`, `404.html`), when `feedback:` is set.
    pub fn feedback(
        &self,
        title: &str,
        path: &str,
    ) -> Option<crate::config::feedback::FeedbackLinks> {
        let s = self.site;
        s.config.feedback.as_ref().map(|f| {
            let address = match &s.config.base_url {
                Some(base) => format!("{base}{path}"),
                None => path.to_owned(),
            };
            f.links(title, &address, &self.feedback_words)
        })
    }

    /// The site view.
    pub fn site(&self) -> SiteView<'a> {
        let s = self.site;
        let mut nav: Vec<Link> = s
            .collections
            .iter()
            .filter(|c| !c.pages.is_empty() || c.intro.is_some())
            .map(|c| Link {
                title: c.title.clone(),
                url: format!("{}/index.html", c.key),
            })
            .collect();
        let nav_shown = nav.len() + NAV_PAGES.min(s.top_pages.len());
        nav.extend(s.top_pages.iter().map(|&id| Link {
            title: s.pages[id].title.clone(),
            url: s.pages[id].href(),
        }));
        let shape = Shape::of_site(s);
        SiteView {
            title: &s.config.title,
            description: &s.config.description,
            language: &s.config.language,
            base_url: s.config.base_url.as_deref(),
            nav,
            nav_shown,
            taxonomies: s
                .taxonomies
                .iter()
                .filter(|t| !t.terms.is_empty())
                .map(|t| Link {
                    title: t.title.clone(),
                    url: format!("{}/index.html", t.name),
                })
                .collect(),
            has_feed: s.config.base_url.is_some(),
            has_matrix: shape.has(SpecialPage::Matrix),
            has_print: shape.has(SpecialPage::Print),
            has_diagnostic: shape.has(SpecialPage::Diagnostic),
            diagnostic_title: s
                .config
                .diagnostic
                .as_ref()
                .map_or("Diagnostic", |d| d.title.as_str()),
            has_search: shape.has(SpecialPage::Search),
            generator: concat!("placebook ", env!("CARGO_PKG_VERSION")),
            review_copy: s.config.with_drafts,
            blocks: self.first_of_kind(crate::config::Kind::BuildingBlock),
            cases: self.first_of_kind(crate::config::Kind::CaseStudy),
            accessibility: s.config.accessibility.as_ref().map(|a| {
                let applies_to = s.config.base_url.as_deref().unwrap_or(&s.config.title);
                a.view(applies_to, &self.date_words)
            }),
            analytics: s.config.analytics.as_ref().map(analytics::view),
        }
    }

    /// The first collection of `kind` that has pages.
    fn first_of_kind(&self, kind: crate::config::Kind) -> Option<CollectionRef<'a>> {
        self.site
            .collections
            .iter()
            .find(|c| c.kind == kind && !c.pages.is_empty())
            .map(CollectionRef::of)
    }

    /// Block `id` as a card or filter names it.
    fn block_ref(&self, id: PageId) -> BlockRef<'a> {
        let p = &self.site.pages[id];
        BlockRef {
            title: &p.title,
            number: p.doc.front.number,
            slug: &p.slug,
        }
    }

    /// The blocks that case study `id` shows, as its card names them: each block's
    /// [`BlockRef`] serialised once and shared by every case study that shows it.
    fn block_refs(&self, id: PageId) -> Vec<SharedLink> {
        self.site.blocks_of[id]
            .iter()
            .map(|&b| {
                SharedLink(
                    self.block_refs[b]
                        .get_or_init(|| tera::Value::from_serializable(&self.block_ref(b)))
                        .clone(),
                )
            })
            .collect()
    }

    /// A list field's items as HTML; `rate` gives each question's place on the
    /// self-assessment page (`dx-b3q0`), for a block that is on it.
    fn list_items(items: &[String], rate: Option<usize>) -> Vec<ListItem> {
        items
            .iter()
            .enumerate()
            .map(|(q, text)| ListItem {
                html: crate::markdown::render_inline(text),
                rate_url: rate
                    .map(|b| format!("{}#dx-b{b}q{q}", SpecialPage::Diagnostic.entry().path)),
            })
            .collect()
    }

    /// A short link to a page, shared (see [`SharedLink`]).
    pub fn link(&self, id: PageId) -> SharedLink {
        SharedLink(
            self.links[id]
                .get_or_init(|| tera::Value::from_serializable(&self.page_link(id)))
                .clone(),
        )
    }

    /// The fields of a page's link.
    pub fn page_link(&self, id: PageId) -> PageLink<'a> {
        let p = &self.site.pages[id];
        let fm = &p.doc.front;
        PageLink {
            title: &p.title,
            url: p.href(),
            summary: fm.summary.as_deref(),
            short_summary: fm
                .summary
                .as_deref()
                .map(|t| shorten(t, CARD_SUMMARY_CHARS)),
            kind: p.doc.kind.name(),
            number: fm.number,
            place: fm.place.as_deref(),
            region: fm.region.as_deref(),
            year: fm.year,
            shows: self.block_refs(id),
        }
    }

    fn links(&self, ids: &[PageId]) -> Vec<SharedLink> {
        ids.iter().map(|&id| self.link(id)).collect()
    }

    /// The full view of a page, for its own output page.
    pub fn page(&self, id: PageId) -> PageView<'a> {
        self.page_at(id, &self.site.pages[id].dir)
    }

    /// The full view of a page shown on the output page in folder `dir` (its body's
    /// links are made relative to `dir`).
    pub fn page_at(&self, id: PageId, dir: &str) -> PageView<'a> {
        let s = self.site;
        let p = &s.pages[id];
        let fm = &p.doc.front;
        let (prev, next) = s.neighbours[id];
        PageView {
            title: &p.title,
            summary: fm.summary.as_deref(),
            kind: p.doc.kind.name(),
            slug: &p.slug,
            url: p.href(),
            permalink: s.config.base_url.as_ref().map(|b| format!("{b}{}", p.dir)),
            source_path: &p.doc.path,
            collection: s.collection(id).map(CollectionRef::of),
            content: self.body_at(id, dir),
            toc: &p.body.toc,
            word_count: p.body.words,
            reading_time: p.reading_time(),
            updated: p.updated.map(|d| d.view(&self.date_words)),
            reviewed: p.reviewed().map(|d| d.view(&self.date_words)),
            review_due: p
                .review_due(s.config.review_period())
                .map(|d| d.view(&self.date_words)),
            updates: p
                .updates
                .iter()
                .map(|u| UpdateView {
                    date: u.date.view(&self.date_words),
                    note: u.note.clone(),
                })
                .collect(),
            edit_url: s
                .config
                .edit_url
                .as_ref()
                .map(|e| e.replace("{path}", &p.doc.path)),
            draft: fm.draft,
            weight: fm.weight,
            taxonomies: self.page_terms(id),
            sources: source_views(&fm.sources, s.config.sanitize, &self.date_words),
            extra: fm
                .extra
                .as_ref()
                .map(crate::yaml::to_json)
                .unwrap_or(serde_json::Value::Null),
            number: fm.number,
            questions: Self::list_items(&fm.questions, self.diagnostic_index[id]),
            signs: Self::list_items(&fm.signs, None),
            related: self.links(&s.related[id]),
            backlinks: self.links(&s.backlinks[id][..s.backlinks[id].len().min(s.config.paginate)]),
            backlinks_total: s.backlinks[id].len(),
            backlinks_all: (s.backlinks[id].len() > s.config.paginate)
                .then(|| crate::plan::Listing::UsedBy(id).path(s, 1)),
            image: self.lead_image(id, dir),
            place: fm.place.as_deref(),
            region: fm.region.as_deref(),
            year: fm.year,
            lead: &fm.lead,
            partners: &fm.partners,
            outcomes: Self::list_items(&fm.outcomes, None),
            blocks: self.links(&s.blocks_of[id]),
            prev: prev.map(|i| self.link(i)),
            next: next.map(|i| self.link(i)),
        }
    }

    /// Page `id`'s terms, grouped by taxonomy.
    fn page_terms(&self, id: PageId) -> Vec<PageTerms<'a>> {
        let s = self.site;
        let mut taxonomies: Vec<PageTerms<'a>> = Vec::new();
        for &(ti, term) in &s.page_terms[id] {
            let t = &s.taxonomies[ti];
            let link = self.term_link(ti, term);
            match taxonomies.iter_mut().find(|pt| pt.name == t.name) {
                Some(pt) => pt.terms.push(link),
                None => taxonomies.push(PageTerms {
                    name: &t.name,
                    title: &t.title,
                    terms: vec![link],
                }),
            }
        }
        taxonomies
    }

    /// Page `id`'s body HTML as shown on the output page in folder `dir` (its links
    /// made relative to `dir`).
    fn body_at(&self, id: PageId, dir: &str) -> String {
        let html = match self.page_html {
            Some(taken) => taken.unpack(id),
            None => self.site.pages[id].body.html.unpack(),
        };
        crate::address::with_root(&html, &crate::address::root_prefix(dir))
    }

    /// Page `id`'s lead image as shown on the output page in folder `dir`.
    fn lead_image(&self, id: PageId, dir: &str) -> Option<LeadImageView> {
        let p = &self.site.pages[id];
        let lead = p.body.lead.as_ref()?;
        let base = self.site.config.base_url.as_deref();
        let encoded = percent_encoding::utf8_percent_encode(&lead.card, CARD_PATH).to_string();
        Some(LeadImageView {
            html: crate::address::with_root(&lead.html, &crate::address::root_prefix(dir)),
            card: base.map(|b| format!("{b}{encoded}")),
            width: lead.width,
            height: lead.height,
            alt: p.doc.front.image_alt.clone().unwrap_or_default(),
        })
    }

    /// A collection's index view.
    pub fn section(&self, index: usize) -> SectionView<'a> {
        let c = &self.site.collections[index];
        self.section_with(index, &c.pages, true)
    }

    /// A collection's index view showing `pages` of it, with its filters when `whole`
    /// and its text unless `pages` are of a page after the first.
    fn section_with(&self, index: usize, pages: &[PageId], whole: bool) -> SectionView<'a> {
        let c = &self.site.collections[index];
        let first = pages.first() == c.pages.first();
        SectionView {
            key: &c.key,
            title: &c.title,
            singular: &c.singular,
            kind: c.kind.name(),
            url: format!("{}/index.html", c.key),
            filters: if whole { self.filters(c) } else { None },
            content: c
                .intro
                .filter(|_| first)
                .map(|i| self.body_at(i, &format!("{}/", c.key)))
                .unwrap_or_default(),
            pages: self.links(pages),
            total: c.pages.len(),
        }
    }

    /// The filters over case-study collection `c`'s index, when it has two pages or more.
    fn filters(&self, c: &'a crate::model::Collection) -> Option<Filters<'a>> {
        if c.kind != crate::config::Kind::CaseStudy || c.pages.len() < 2 {
            return None;
        }
        let s = self.site;
        let mut regions: Vec<&str> = c
            .pages
            .iter()
            .filter_map(|&id| s.pages[id].doc.front.region.as_deref())
            .collect();
        regions.sort_unstable();
        regions.dedup();
        let shown: std::collections::HashSet<PageId> = c
            .pages
            .iter()
            .flat_map(|&id| s.blocks_of[id].iter().copied())
            .collect();
        let blocks = s
            .collections
            .iter()
            .filter(|b| b.kind == crate::config::Kind::BuildingBlock)
            .flat_map(|b| b.pages.iter().copied())
            .filter(|id| shown.contains(id))
            .map(|id| self.block_ref(id))
            .collect();
        Some(Filters { regions, blocks })
    }

    fn term_link(&self, taxonomy: usize, term: usize) -> TermLink<'a> {
        let t = &self.site.taxonomies[taxonomy];
        let term = &t.terms[term];
        TermLink {
            name: term_display(&term.name),
            url: format!("{}/{}/index.html", t.name, term.slug),
            count: term.pages.len(),
        }
    }

    /// A taxonomy's index view.
    pub fn taxonomy(&self, index: usize) -> TaxonomyView<'a> {
        let t = &self.site.taxonomies[index];
        TaxonomyView {
            name: &t.name,
            title: &t.title,
            url: format!("{}/index.html", t.name),
            terms: (0..t.terms.len())
                .map(|i| self.term_link(index, i))
                .collect(),
        }
    }

    /// One term's view.
    pub fn term(&self, taxonomy: usize, term: usize) -> TermView<'a> {
        let t = &self.site.taxonomies[taxonomy].terms[term];
        self.term_with(taxonomy, term, &t.pages)
    }

    /// One term's view showing `pages` of it.
    fn term_with(&self, taxonomy: usize, term: usize, pages: &[PageId]) -> TermView<'a> {
        let t = &self.site.taxonomies[taxonomy].terms[term];
        TermView {
            name: term_display(&t.name),
            url: format!(
                "{}/{}/index.html",
                self.site.taxonomies[taxonomy].name, t.slug
            ),
            pages: self.links(pages),
            total: t.pages.len(),
        }
    }

    /// The matrix tables: every case-study collection against every building-block collection.
    pub fn matrix(&self) -> Vec<MatrixTable<'a>> {
        self.matrix_of(|c| &c.pages[..])
    }

    /// The matrix tables with the rows `rows_of` gives of each case-study collection (a
    /// run of its pages); a table with none is left out, and the totals count the rows
    /// shown.
    fn matrix_of(
        &self,
        rows_of: impl Fn(&'a crate::model::Collection) -> &'a [PageId],
    ) -> Vec<MatrixTable<'a>> {
        let s = self.site;
        let mut tables = Vec::new();
        for cases in s
            .collections
            .iter()
            .filter(|c| c.kind == crate::config::Kind::CaseStudy && !c.pages.is_empty())
        {
            for blocks in s
                .collections
                .iter()
                .filter(|c| c.kind == crate::config::Kind::BuildingBlock && !c.pages.is_empty())
            {
                let rows: Vec<MatrixRow> = rows_of(cases)
                    .iter()
                    .map(|&id| MatrixRow {
                        id,
                        case: self.link(id),
                        cells: blocks
                            .pages
                            .iter()
                            .map(|b| s.blocks_of[id].contains(b))
                            .collect(),
                    })
                    .collect();
                if rows.is_empty() {
                    continue;
                }
                let totals = (0..blocks.pages.len())
                    .map(|i| rows.iter().filter(|r| r.cells[i]).count())
                    .collect();
                tables.push(MatrixTable {
                    cases_title: &cases.title,
                    blocks_title: &blocks.title,
                    blocks: self.links(&blocks.pages),
                    totals,
                    rows,
                });
            }
        }
        tables
    }

    /// The printable playbook: building blocks first, then the other collections, each in order.
    pub fn print(&self) -> Vec<PrintSection<'a>> {
        let s = self.site;
        let mut order: Vec<&crate::model::Collection> = s
            .collections
            .iter()
            .filter(|c| !c.pages.is_empty())
            .collect();
        order.sort_by_key(|c| c.kind != crate::config::Kind::BuildingBlock);
        let mut sections: Vec<PrintSection<'a>> = order
            .into_iter()
            .map(|c| {
                let too_many = c.pages.len() > PRINT_MAX_PAGES;
                PrintSection {
                    title: &c.title,
                    key: &c.key,
                    pages: if too_many {
                        Vec::new()
                    } else {
                        c.pages
                            .iter()
                            .map(|&id| self.page_at(id, "print/"))
                            .collect()
                    },
                    omitted: if too_many { c.pages.len() } else { 0 },
                }
            })
            .collect();
        print::combine(&mut sections, "print/");
        sections
    }

    /// The self-assessment page, or `None` when it is off or no block has questions.
    pub fn diagnostic(&self) -> Option<DiagnosticView<'a>> {
        let s = self.site;
        let config = s.config.diagnostic.as_ref()?;
        let ids = diagnostic_blocks(s);
        if ids.is_empty() {
            return None;
        }
        let blocks: Vec<DiagnosticBlock<'a>> = ids
            .iter()
            .enumerate()
            .map(|(index, &id)| self.diagnostic_block(&ids, index, id))
            .collect();
        let first = ids.first().map(|&id| s.collection_of[id]);
        let several_collections = ids.iter().any(|&id| Some(s.collection_of[id]) != first);
        let data = self.diagnostic_data(config, &ids, &blocks);
        let participant_url = s.config.base_url.as_ref().map(|base| {
            let path = crate::plan::SpecialPage::Diagnostic.entry().path;
            format!("{base}{}", path.trim_end_matches("index.html"))
        });
        let qr_svg = participant_url.as_deref().and_then(qr::svg);
        Some(DiagnosticView {
            title: &config.title,
            scale: config
                .scale
                .iter()
                .enumerate()
                .map(|(i, label)| ScaleLevel {
                    value: i + 1,
                    label,
                })
                .collect(),
            question_count: blocks.iter().map(|b| b.questions.len()).sum(),
            several_collections,
            blocks,
            data: script_json(&data),
            participant_url,
            qr_svg,
        })
    }

    /// Block `id`, the `index`th of the diagnostic's blocks `ids`, with its questions.
    /// Its key is its slug, or `collection/slug` when another block has the same slug.
    fn diagnostic_block(&self, ids: &[PageId], index: usize, id: PageId) -> DiagnosticBlock<'a> {
        let s = self.site;
        let p = &s.pages[id];
        let fm = &p.doc.front;
        let shared = ids
            .iter()
            .filter(|&&other| s.pages[other].slug == p.slug)
            .count()
            > 1;
        let collection = s.collection(id);
        let scale = s.config.diagnostic.as_ref().map_or(0, |d| d.scale.len());
        // A rubric that does not fit the scale is left out (the build warns of it).
        let rubric = |q: usize| -> Vec<&'a str> {
            fm.rubrics
                .iter()
                .find(|r| r.question == q + 1)
                .filter(|r| r.levels.len() == scale)
                .map(|r| r.levels.iter().map(String::as_str).collect())
                .unwrap_or_default()
        };
        DiagnosticBlock {
            key: match collection {
                Some(c) if shared => format!("{}/{}", c.key, p.slug),
                None if shared => format!("/{}", p.slug),
                _ => p.slug.clone(),
            },
            index,
            collection: collection.map(|c| c.title.as_str()).unwrap_or_default(),
            number: fm.number,
            title: &p.title,
            summary: fm.summary.as_deref(),
            url: p.href(),
            questions: fm
                .questions
                .iter()
                .enumerate()
                .map(|(q, text)| DiagnosticQuestion {
                    id: format!("b{index}q{q}"),
                    number: q + 1,
                    text,
                    html: crate::markdown::render_inline(text),
                    levels: rubric(q),
                })
                .collect(),
            cases: self.links(&s.backlinks[id][..s.backlinks[id].len().min(DIAGNOSTIC_CASES)]),
            cases_total: s.backlinks[id].len(),
        }
    }

    /// The data the diagnostic's script reads: the site, the scale, and every block with
    /// its questions, the first case studies that show it and how many do.
    fn diagnostic_data(
        &self,
        config: &crate::config::DiagnosticConfig,
        ids: &[PageId],
        blocks: &[DiagnosticBlock],
    ) -> serde_json::Value {
        let s = self.site;
        let cases = |b: &DiagnosticBlock| -> Vec<serde_json::Value> {
            s.backlinks[ids[b.index]]
                .iter()
                .take(DIAGNOSTIC_CASES)
                .map(
                    |&c| serde_json::json!({ "title": s.pages[c].title, "url": s.pages[c].href() }),
                )
                .collect()
        };
        serde_json::json!({
            "format": "placebook-diagnostic",
            "version": 1,
            "site": s.config.title,
            "storageKey": format!(
                "placebook-diagnostic:{}",
                s.config.base_url.as_deref().unwrap_or(&s.config.title)
            ),
            "title": config.title,
            "scale": config.scale,
            "blocks": blocks.iter().map(|b| serde_json::json!({
                "key": b.key,
                "number": b.number,
                "title": b.title,
                "url": b.url,
                "questions": b.questions.iter().map(|q| q.text).collect::<Vec<_>>(),
                "rubrics": b.questions.iter().map(|q| &q.levels).collect::<Vec<_>>(),
                "cases": cases(b),
                "casesTotal": b.cases_total,
            })).collect::<Vec<_>>(),
        })
    }

    /// The search page, whose index's manifest is at `manifest` (from the site's root).
    pub fn search(&self, manifest: &str) -> SearchView {
        let name = manifest.rsplit('/').next().unwrap_or(manifest);
        SearchView {
            pages: crate::search::index::searchable(self.site).len(),
            a_to_z: crate::search::A_TO_Z,
            index: crate::search::INDEX_URL,
            manifest: name.strip_suffix(".js").unwrap_or(name).to_owned(),
        }
    }

    /// Every searchable page by title, grouped by first letter (accents folded; titles
    /// that start with no letter go under `#`, last).
    pub fn a_to_z(&self) -> Vec<Letter> {
        self.letters_of(self.a_to_z_order())
    }

    /// Every searchable page in the A to Z's order, with its key (ordered once).
    fn a_to_z_order(&self) -> &[(String, PageId)] {
        self.a_to_z
            .get_or_init(|| crate::plan::pager::a_to_z_order(self.site))
    }

    /// `entries` (in the A to Z's order) grouped by their first letter.
    fn letters_of(&self, entries: &[(String, PageId)]) -> Vec<Letter> {
        let mut letters: Vec<Letter> = Vec::new();
        let mut other: Vec<SharedLink> = Vec::new();
        for &(ref key, id) in entries {
            match key.chars().next().filter(|c| c.is_alphabetic()) {
                Some(c) => {
                    let letter: String = c.to_uppercase().collect();
                    if letters.last().is_none_or(|l| l.letter != letter) {
                        letters.push(Letter {
                            id: format!("letter-{}", crate::slug::slugify(&letter)),
                            letter,
                            pages: Vec::new(),
                        });
                    }
                    if let Some(l) = letters.last_mut() {
                        l.pages.push(self.link(id));
                    }
                }
                None => other.push(self.link(id)),
            }
        }
        if !other.is_empty() {
            letters.push(Letter {
                letter: "#".into(),
                id: "letter-other".into(),
                pages: other,
            });
        }
        letters
    }

    /// The first breadcrumb of every page: the home page, called `home`.
    pub fn home_link(home: &str) -> Link {
        Link {
            title: home.to_owned(),
            url: "index.html".into(),
        }
    }

    /// Breadcrumbs from the home page (called `home`) to a page's parent.
    pub fn breadcrumbs(&self, id: PageId, home: &str) -> Vec<Link> {
        let mut crumbs = vec![Views::home_link(home)];
        if let Some(c) = self.site.collection(id) {
            crumbs.push(Link {
                title: c.title.clone(),
                url: format!("{}/index.html", c.key),
            });
        }
        crumbs
    }
}

/// A source as templates see it (`page.sources`).
#[derive(Debug, Clone, Serialize)]
pub struct SourceView<'a> {
    /// Its title.
    pub title: &'a str,
    /// Where to read it; empty when `sanitize` is on and the address could run a script.
    pub url: &'a str,
    /// Who published it.
    pub publisher: Option<&'a str>,
    /// When, in the site's one date format (`7 April 2017`, `April 2017`, `2017`), or
    /// as written when it is not a date.
    pub date: Option<String>,
    /// The same date as written, when it is one, for `<time datetime>`.
    pub date_iso: Option<&'a str>,
}

/// `sources` as templates see them: dates in the site's format; with `sanitize` on, an
/// address that could run a script (`javascript:`, `data:`) is taken out, so the source
/// shows unlinked.
fn source_views<'a>(
    sources: &'a [Source],
    sanitize: bool,
    words: &crate::dates::DateWords,
) -> Vec<SourceView<'a>> {
    sources
        .iter()
        .map(|s| {
            let shown = s
                .date
                .as_deref()
                .map(|d| (d, crate::dates::display_partial(d, words)));
            SourceView {
                title: &s.title,
                url: if !sanitize || crate::markdown::is_safe_url(&s.url) {
                    &s.url
                } else {
                    ""
                },
                publisher: s.publisher.as_deref(),
                date_iso: shown
                    .as_ref()
                    .and_then(|(d, p)| p.as_ref().map(|_| d.trim())),
                date: shown.map(|(d, p)| p.unwrap_or_else(|| d.to_owned())),
            }
        })
        .collect()
}

#[cfg(test)]
mod diagnostic_tests {
    use super::*;
    use crate::build::{BuildOptions, load};

    #[test]
    fn every_block_with_questions_is_on_the_diagnostic_page() {
        let loaded = load(&BuildOptions::new("tests/fixtures/good")).expect("fixture loads");
        let d = Views::new(&loaded.site).diagnostic().expect("a diagnostic");
        let keys: Vec<&str> = d.blocks.iter().map(|b| b.key.as_str()).collect();
        assert_eq!(keys, ["shared-purpose", "pooled-budgets", "data-sharing"]);
        assert_eq!(d.question_count, 6);
        assert_eq!(d.blocks[1].questions[2].id, "b1q2");
        assert_eq!(d.scale.len(), 5);
        assert!(!d.several_collections);
        let data: serde_json::Value = serde_json::from_str(&d.data).unwrap();
        assert_eq!(data["blocks"][0]["cases"][1]["title"], "Beta City");
        assert!(Views::new(&loaded.site).site().has_diagnostic);
    }

    #[test]
    fn no_questions_or_no_diagnostic_means_no_page() {
        let mut loaded = load(&BuildOptions::new("tests/fixtures/good")).expect("fixture loads");
        loaded.site.config.diagnostic = None;
        assert!(diagnostic_blocks(&loaded.site).is_empty());
        assert!(Views::new(&loaded.site).diagnostic().is_none());
        assert!(!Views::new(&loaded.site).site().has_diagnostic);
    }

    #[test]
    fn script_json_cannot_close_its_element() {
        let v = serde_json::json!({ "q": "</script><!-- & -->" });
        let text = script_json(&v);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), v);
    }
}
