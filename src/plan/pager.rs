//! Listings split into pages: which listings a site has, the order of their items,
//! and the address of each page (`case-studies/`, `case-studies/page/2/`), as Zola's
//! paginator writes them. A listing of at most `paginate:` items is one page, written
//! as it always was.

use crate::config::Kind;
use crate::model::{PageId, Site};
use std::collections::HashMap;

/// A listing that is split into pages when it has more than `paginate:` items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Listing {
    /// A collection's index (`case-studies/`).
    Section(usize),
    /// One term's pages (`tags/health/`).
    Term(usize, usize),
    /// The matrix's rows (`matrix/`).
    Matrix,
    /// The A to Z (`a-z/`).
    AToZ,
    /// The case studies that show building block `PageId`
    /// (`building-blocks/<slug>/case-studies/`), written only when the block's own
    /// page cannot show them all.
    UsedBy(PageId),
}

impl Listing {
    /// The folder of the listing's first page, from the site's root.
    pub fn folder(self, site: &Site) -> String {
        match self {
            Listing::Section(c) => format!("{}/", site.collections[c].key),
            Listing::Term(t, k) => {
                let tax = &site.taxonomies[t];
                format!("{}/{}/", tax.name, tax.terms[k].slug)
            }
            Listing::Matrix => "matrix/".into(),
            Listing::AToZ => "a-z/".into(),
            Listing::UsedBy(block) => format!("{}{}/", site.pages[block].dir, used_by_folder(site)),
        }
    }

    /// The file of page `number` (from 1) of this listing.
    pub fn path(self, site: &Site, number: usize) -> String {
        page_path(&self.folder(site), number)
    }

    /// Every item of the listing, in the order shown.
    pub fn items(self, site: &Site) -> Vec<PageId> {
        match self {
            Listing::Section(c) => site.collections[c].pages.clone(),
            Listing::Term(t, k) => site.taxonomies[t].terms[k].pages.clone(),
            Listing::Matrix => matrix_rows(site),
            Listing::AToZ => a_to_z_order(site).into_iter().map(|(_, id)| id).collect(),
            Listing::UsedBy(block) => site.backlinks[block].clone(),
        }
    }

    /// How many pages the listing takes.
    pub fn page_count(self, site: &Site) -> usize {
        page_count(self.len(site), site.config.paginate)
    }

    /// How many items the listing has (cheaper than [`Listing::items`]).
    fn len(self, site: &Site) -> usize {
        match self {
            Listing::Section(c) => site.collections[c].pages.len(),
            Listing::Term(t, k) => site.taxonomies[t].terms[k].pages.len(),
            Listing::Matrix => case_collections(site).map(|c| c.pages.len()).sum(),
            Listing::AToZ => (0..site.pages.len())
                .filter(|&id| crate::search::index::is_searchable(site, id))
                .count(),
            Listing::UsedBy(block) => site.backlinks[block].len(),
        }
    }

    /// The items shown on page `number` (from 1).
    pub fn window(self, site: &Site, number: usize) -> Vec<PageId> {
        let per = site.config.paginate;
        let in_model = |items: &[PageId]| window(items, per, number).to_vec();
        match self {
            Listing::Section(c) => in_model(&site.collections[c].pages),
            Listing::Term(t, k) => in_model(&site.taxonomies[t].terms[k].pages),
            Listing::UsedBy(block) => in_model(&site.backlinks[block]),
            Listing::Matrix => case_collections(site)
                .flat_map(|c| c.pages.iter().copied())
                .skip((number.max(1) - 1).saturating_mul(per.max(1)))
                .take(per.max(1))
                .collect(),
            Listing::AToZ => {
                let items = self.items(site);
                window(&items, per, number).to_vec()
            }
        }
    }
}

/// The run of case-study collection `cases`'s pages that page `number` (from 1) of the
/// matrix shows: the matrix's rows are every case-study collection's pages in turn,
/// `paginate` a page.
pub fn matrix_rows_on_page<'s>(
    site: &Site,
    cases: &'s crate::model::Collection,
    number: usize,
) -> &'s [PageId] {
    let per = site.config.paginate.max(1);
    let start = (number.max(1) - 1).saturating_mul(per);
    let before: usize = case_collections(site)
        .take_while(|c| !std::ptr::eq(*c, cases))
        .map(|c| c.pages.len())
        .sum();
    let lo = start.saturating_sub(before).min(cases.pages.len());
    let hi = start
        .saturating_add(per)
        .saturating_sub(before)
        .min(cases.pages.len());
    &cases.pages[lo..hi]
}

/// The folder under a building block's own folder that lists every case study that
/// shows it: the first case-study collection's key (`case-studies`).
pub fn used_by_folder(site: &Site) -> &str {
    case_collections(site)
        .next()
        .map_or("case-studies", |c| c.key.as_str())
}

/// The file of page `number` (from 1) of a listing whose first page is in `folder`:
/// `folder/index.html`, then `folder/page/2/index.html`.
pub fn page_path(folder: &str, number: usize) -> String {
    match number {
        0 | 1 => format!("{folder}index.html"),
        n => format!("{folder}page/{n}/index.html"),
    }
}

/// How many pages `items` items take at `per` a page (at least one).
pub fn page_count(items: usize, per: usize) -> usize {
    items.div_ceil(per.max(1)).max(1)
}

/// The items of page `number` (from 1) at `per` a page.
pub fn window<T>(items: &[T], per: usize, number: usize) -> &[T] {
    let per = per.max(1);
    let start = (number.max(1) - 1).saturating_mul(per).min(items.len());
    let end = start.saturating_add(per).min(items.len());
    &items[start..end]
}

/// The case-study collections with pages, whose pages are the matrix's rows.
fn case_collections(site: &Site) -> impl Iterator<Item = &crate::model::Collection> {
    site.collections
        .iter()
        .filter(|c| c.kind == Kind::CaseStudy && !c.pages.is_empty())
}

/// The matrix's rows: every case-study collection's pages, collection after collection.
fn matrix_rows(site: &Site) -> Vec<PageId> {
    case_collections(site)
        .flat_map(|c| c.pages.iter().copied())
        .collect()
}

/// Every searchable page with the key the A to Z sorts it by (its title with accents
/// folded and leading marks dropped), in the A to Z's order: by that key, then by
/// address, and the titles that start with no letter last.
pub fn a_to_z_order(site: &Site) -> Vec<(String, PageId)> {
    let mut ids: Vec<(bool, String, String, PageId)> = crate::search::index::searchable(site)
        .into_iter()
        .map(|id| {
            let key = crate::search::tokenise::fold(&site.pages[id].title)
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .to_owned();
            let no_letter = !key.chars().next().is_some_and(char::is_alphabetic);
            (no_letter, key, site.pages[id].href(), id)
        })
        .collect();
    ids.sort();
    ids.into_iter().map(|(_, key, _, id)| (key, id)).collect()
}

/// Every listing of the site that may be split, with whether the site writes it.
pub fn listings(site: &Site) -> Vec<Listing> {
    let shape = super::Shape::of_site(site);
    let mut out: Vec<Listing> = (0..site.collections.len())
        .filter(|&c| !site.collections[c].pages.is_empty() || site.collections[c].intro.is_some())
        .map(Listing::Section)
        .collect();
    for (t, tax) in site.taxonomies.iter().enumerate() {
        out.extend((0..tax.terms.len()).map(|k| Listing::Term(t, k)));
    }
    if shape.has(super::SpecialPage::Matrix) {
        out.push(Listing::Matrix);
    }
    if shape.has(super::SpecialPage::AToZ) {
        out.push(Listing::AToZ);
    }
    out.extend(
        site.pages_of_kind(Kind::BuildingBlock)
            .filter(|&b| site.backlinks[b].len() > site.config.paginate)
            .map(Listing::UsedBy),
    );
    out
}

/// What each page of each listing shows, by its file: its items, and the numbers it
/// shows besides: how many the whole listing has and, for the A to Z, the page each
/// letter starts on (every page links each letter there).
pub type Shown = HashMap<String, (Vec<PageId>, Vec<usize>)>;

/// What every page of every listing shows ([`Shown`]). `serve` compares these before
/// and after an edit, so that a page whose items moved is rendered again, and reads
/// from them which pages show an edited page (see [`super::Job::depends_on_shown`]).
pub fn shown(site: &Site) -> Shown {
    let mut out = HashMap::new();
    let per = site.config.paginate;
    for listing in listings(site) {
        let (items, mut numbers) = match listing {
            Listing::AToZ => {
                let order = a_to_z_order(site);
                let starts = letter_starts(&order, per);
                (order.into_iter().map(|(_, id)| id).collect(), starts)
            }
            _ => (listing.items(site), Vec::new()),
        };
        numbers.push(items.len());
        let folder = listing.folder(site);
        for number in 1..=page_count(items.len(), per) {
            let seen = window(&items, per, number).to_vec();
            out.insert(page_path(&folder, number), (seen, numbers.clone()));
        }
    }
    out
}

/// The page (from 1) each letter of the A to Z starts on, in order, at `per` a page.
fn letter_starts(order: &[(String, PageId)], per: usize) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut last: Option<Option<char>> = None;
    for (position, (key, _)) in order.iter().enumerate() {
        let letter = key
            .chars()
            .next()
            .filter(|c| c.is_alphabetic())
            .and_then(|c| c.to_uppercase().next());
        if last != Some(letter) {
            starts.push(position / per.max(1) + 1);
            last = Some(letter);
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_numbered_from_the_listing_folder() {
        assert_eq!(page_path("tags/x/", 1), "tags/x/index.html");
        assert_eq!(page_path("tags/x/", 3), "tags/x/page/3/index.html");
    }

    #[test]
    fn windows_cover_every_item_once() {
        let items: Vec<usize> = (0..250).collect();
        assert_eq!(page_count(items.len(), 100), 3);
        assert_eq!(page_count(0, 100), 1);
        let joined: Vec<usize> = (1..=3)
            .flat_map(|n| window(&items, 100, n).to_vec())
            .collect();
        assert_eq!(joined, items);
        assert!(window(&items, 100, 4).is_empty());
        assert_eq!(window(&items, 100, 3).len(), 50);
    }
}
