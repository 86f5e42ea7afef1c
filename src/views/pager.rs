//! The views of listings split into pages ([`crate::plan::pager`]): each page's items,
//! and the pagination links (`pager` in templates) with Previous, Next and page
//! numbers, as GOV.UK's pagination component shows them.

use super::{Letter, MatrixTable, SectionView, SharedLink, TermView, Views};
use crate::model::PageId;
use crate::plan::pager::{self, Listing};
use serde::Serialize;

/// The pagination of one page of a listing (`pager`), when the listing has more than
/// one page.
#[derive(Debug, Serialize)]
pub struct PagerView {
    /// This page's number, from 1.
    pub number: usize,
    /// How many pages the listing has.
    pub count: usize,
    /// Site-root-relative URL of the previous page, if any.
    pub previous: Option<String>,
    /// Site-root-relative URL of the next page, if any.
    pub next: Option<String>,
    /// The page numbers to show, in order: the first, the last, this page and its
    /// neighbours; `None` where numbers are left out (shown as an ellipsis).
    pub pages: Vec<Option<PagerLink>>,
}

/// One page number of a [`PagerView`].
#[derive(Debug, Serialize)]
pub struct PagerLink {
    /// The page's number, from 1.
    pub number: usize,
    /// Site-root-relative URL.
    pub url: String,
    /// This is the page being shown.
    pub current: bool,
}

/// One letter of the A to Z's index of letters on a page of a split A to Z: the page
/// (and place on it) where that letter starts.
#[derive(Debug, Clone, Serialize)]
pub struct LetterLink {
    /// The letter as shown.
    pub letter: String,
    /// Site-root-relative URL of its heading.
    pub url: String,
}

/// The numbers a pager shows out of `count` pages on page `number`: 1, the last page,
/// and the pages next to this one; `None` for each gap.
fn shown_numbers(number: usize, count: usize) -> Vec<Option<usize>> {
    let mut out: Vec<Option<usize>> = Vec::new();
    for n in 1..=count {
        let near = n + 1 >= number && n <= number + 1;
        if n == 1 || n == count || near {
            out.push(Some(n));
        } else if out.last().is_some_and(Option::is_some) {
            out.push(None);
        }
    }
    out
}

impl<'a> Views<'a> {
    /// The pagination of page `number` of `listing`; `None` when it has one page.
    pub fn pager(&self, listing: Listing, number: usize) -> Option<PagerView> {
        let site = self.site;
        let count = listing.page_count(site);
        if count < 2 {
            return None;
        }
        let folder = listing.folder(site);
        let url = |n: usize| pager::page_path(&folder, n);
        let pages = shown_numbers(number, count)
            .into_iter()
            .map(|n| {
                n.map(|n| PagerLink {
                    number: n,
                    url: url(n),
                    current: n == number,
                })
            })
            .collect();
        Some(PagerView {
            number,
            count,
            previous: (number > 1).then(|| url(number - 1)),
            next: (number < count).then(|| url(number + 1)),
            pages,
        })
    }

    /// Page `number` of a collection's index: its pages, with its text on the first
    /// page only, and no filters when it is split (they would filter one page).
    pub fn section_page(&self, index: usize, number: usize) -> SectionView<'a> {
        let listing = Listing::Section(index);
        if listing.page_count(self.site) < 2 {
            return self.section(index);
        }
        self.section_with(index, &listing.window(self.site, number), false)
    }

    /// Page `number` of one term's pages.
    pub fn term_page(&self, taxonomy: usize, term: usize, number: usize) -> TermView<'a> {
        let listing = Listing::Term(taxonomy, term);
        self.term_with(taxonomy, term, &listing.window(self.site, number))
    }

    /// Page `number` of the matrix: the tables with the rows of that page's case
    /// studies (a table with none of them is left out).
    pub fn matrix_page(&self, number: usize) -> Vec<MatrixTable<'a>> {
        if Listing::Matrix.page_count(self.site) < 2 {
            return self.matrix();
        }
        self.matrix_of(|cases| pager::matrix_rows_on_page(self.site, cases, number))
    }

    /// Page `number` of the A to Z: its letters, and where each letter of the whole
    /// A to Z starts (empty when it is one page, whose letters link within it).
    pub fn a_to_z_page(&self, number: usize) -> (Vec<Letter>, Vec<LetterLink>) {
        let per = self.site.config.paginate;
        let order = self.a_to_z_order();
        if pager::page_count(order.len(), per) < 2 {
            return (self.letters_of(order), Vec::new());
        }
        let index = self
            .a_to_z_letters
            .get_or_init(|| a_to_z_letter_links(order, per))
            .clone();
        (self.letters_of(pager::window(order, per, number)), index)
    }

    /// Page `number` of the case studies that show building block `block`.
    pub fn used_by_page(&self, block: PageId, number: usize) -> Vec<SharedLink> {
        self.links(&Listing::UsedBy(block).window(self.site, number))
    }
}

/// Where each letter of the A to Z (`order`, split `per` a page) starts: a link to its
/// heading on its page, for the letter index on every page.
fn a_to_z_letter_links(order: &[(String, PageId)], per: usize) -> Vec<LetterLink> {
    let mut index: Vec<LetterLink> = Vec::new();
    let mut last = None;
    for (position, (key, _)) in order.iter().enumerate() {
        let first = key.chars().next().filter(|c| c.is_alphabetic());
        let letter: String = match first {
            Some(c) => c.to_uppercase().collect(),
            None => "#".into(),
        };
        if last.as_ref() == Some(&letter) {
            continue;
        }
        let id = match first {
            Some(_) => format!("letter-{}", crate::slug::slugify(&letter)),
            None => "letter-other".into(),
        };
        let page = pager::page_path("a-z/", position / per.max(1) + 1);
        index.push(LetterLink {
            letter: letter.clone(),
            url: format!("{page}#{id}"),
        });
        last = Some(letter);
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagers_show_the_ends_and_the_neighbours() {
        let n = |v: &[Option<usize>]| v.to_vec();
        assert_eq!(shown_numbers(1, 1), n(&[Some(1)]));
        assert_eq!(shown_numbers(1, 3), n(&[Some(1), Some(2), Some(3)]));
        assert_eq!(
            shown_numbers(5, 10),
            n(&[Some(1), None, Some(4), Some(5), Some(6), None, Some(10)])
        );
        assert_eq!(
            shown_numbers(10, 10),
            n(&[Some(1), None, Some(9), Some(10)])
        );
    }
}
