//! A page's rendered body as the site keeps it until its pages are written: the HTML and
//! the plain text compressed, everything else as the markdown step gave it.
//!
//! Every page's body is held from the per-page step until the last page that shows it
//! is rendered, and the HTML and text are most of a large site's memory (about 1.2 GB of
//! 2.6 GB at 100,000 case studies). Each is read once or twice per build (its page, the
//! search index), so they are kept LZ4-compressed (about half their size on
//! the benchmark corpus) and unpacked when read.

use crate::markdown::{AnchorCheck, ImageRef, LeadImage, LinkProblem, RenderedBody, TocEntry};
use std::collections::HashSet;

/// UTF-8 text kept compressed in memory (LZ4 block format, its length first).
#[derive(Clone, Default)]
pub struct PackedText {
    bytes: Box<[u8]>,
    /// The hash of `bytes`, once asked for.
    hash: std::sync::OnceLock<u64>,
}

impl PartialEq for PackedText {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for PackedText {}

impl PackedText {
    /// `text`, compressed.
    pub fn pack(text: &str) -> Self {
        if text.is_empty() {
            return Self::default();
        }
        let bytes = lz4_flex::block::compress_prepend_size(text.as_bytes());
        Self {
            bytes: bytes.into_boxed_slice(),
            hash: std::sync::OnceLock::new(),
        }
    }

    /// The text, unpacked.
    pub fn unpack(&self) -> String {
        if self.bytes.is_empty() {
            return String::new();
        }
        // Only `pack` makes these bytes, from a `&str`: they always unpack to UTF-8.
        let bytes = lz4_flex::block::decompress_size_prepended(&self.bytes)
            .expect("bytes packed by PackedText::pack unpack");
        String::from_utf8(bytes).expect("text packed by PackedText::pack is UTF-8")
    }

    /// The text's length in bytes, unpacked.
    pub fn len(&self) -> usize {
        self.bytes
            .first_chunk::<4>()
            .map_or(0, |n| u32::from_le_bytes(*n) as usize)
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The compressed bytes: equal texts have equal bytes (for hashing what a page's
    /// text was without unpacking it).
    pub fn packed_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// A hash of the compressed bytes (equal texts, equal hashes), worked out the first
    /// time it is asked for: `serve` asks for every page's after each edit.
    pub fn hash(&self) -> u64 {
        *self
            .hash
            .get_or_init(|| xxhash_rust::xxh3::xxh3_64(&self.bytes))
    }
}

impl std::fmt::Debug for PackedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("PackedText").field(&self.unpack()).finish()
    }
}

/// A page's rendered body (see [`RenderedBody`]), its HTML and text packed.
#[derive(Debug, Clone, Default)]
pub struct Body {
    /// The HTML.
    pub html: PackedText,
    /// Level-2 and level-3 headings.
    pub toc: Vec<TocEntry>,
    /// Every id in the HTML that a link may point at.
    pub ids: HashSet<String>,
    /// Number of words.
    pub words: usize,
    /// The body as plain text, for search: `build` takes it out of the site for the
    /// index, which drops it once read (`search::TakenTexts`), so it is empty then.
    pub text: PackedText,
    /// The first level-1 heading's text, when the page has no title of its own and
    /// one was found.
    pub title: Option<String>,
    /// Link problems.
    pub problems: Vec<LinkProblem>,
    /// Anchors on other pages to check.
    pub anchor_checks: Vec<AnchorCheck>,
    /// Images.
    pub images: Vec<ImageRef>,
    /// The page's lead image, when it has one that can be shown.
    pub lead: Option<LeadImage>,
}

impl From<RenderedBody> for Body {
    fn from(r: RenderedBody) -> Self {
        Self {
            html: PackedText::pack(&r.html),
            toc: r.toc,
            ids: r.ids,
            words: r.words,
            text: PackedText::pack(&r.text),
            title: r.title,
            problems: r.problems,
            anchor_checks: r.anchor_checks,
            images: r.images,
            lead: r.lead,
        }
    }
}

/// Every page's HTML taken out of a site for one build's pages, and released once they
/// are all written: the search index goes on after the pages, and at 10,000 case
/// studies the HTML is about a tenth of what the build holds while it does.
#[derive(Default)]
pub struct TakenHtml {
    /// Each page's HTML by page id; `None` once released.
    html: std::sync::RwLock<Option<Vec<PackedText>>>,
}

impl std::fmt::Debug for TakenHtml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pages = self.read().as_ref().map(Vec::len);
        write!(f, "TakenHtml({pages:?} pages)")
    }
}

impl TakenHtml {
    /// Takes every page's HTML out of `site`: after this, only [`TakenHtml::unpack`]
    /// reads it.
    pub fn take(site: &mut crate::model::Site) -> Self {
        let html = site
            .pages
            .iter_mut()
            .map(|p| std::mem::take(&mut p.body.html))
            .collect();
        TakenHtml {
            html: std::sync::RwLock::new(Some(html)),
        }
    }

    /// Page `id`'s HTML, unpacked.
    ///
    /// # Panics
    /// When read after [`TakenHtml::release`]: the build releases it only once every
    /// page is rendered.
    pub fn unpack(&self, id: crate::model::PageId) -> String {
        let html = self.read();
        let pages = html
            .as_ref()
            .expect("page HTML is read only before it is released");
        pages[id].unpack()
    }

    /// Whether the HTML was released.
    #[cfg(test)]
    pub(crate) fn is_released(&self) -> bool {
        self.read().is_none()
    }

    /// Drops every page's HTML: the pages are written.
    pub fn release(&self) {
        let mut html = self.html.write().unwrap_or_else(|e| e.into_inner());
        *html = None;
    }

    /// The HTML, even if a reader panicked while holding it.
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Option<Vec<PackedText>>> {
        self.html.read().unwrap_or_else(|e| e.into_inner())
    }
}

impl Body {
    /// Releases what only the link checks read (the ids, the anchors and problems to
    /// report), once they are made; the HTML, text and headings stay.
    pub fn release_checks(&mut self) {
        self.ids = HashSet::new();
        self.problems = Vec::new();
        self.anchor_checks = Vec::new();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_text_unpacks_to_what_was_packed() {
        let long = "Pooled budgets – a shared fund. ".repeat(500);
        for text in ["", "a", "Caerdydd ŵ ŷ 🏴", long.as_str()] {
            let packed = PackedText::pack(text);
            assert_eq!(packed.unpack(), text);
            assert_eq!(packed.len(), text.len());
            assert_eq!(packed, PackedText::pack(text));
        }
        assert!(PackedText::pack(&long).packed_bytes().len() < long.len() / 10);
        assert_eq!(PackedText::default().unpack(), "");
        assert_eq!(PackedText::default().len(), 0);
    }

    #[test]
    fn equal_texts_have_equal_hashes_whether_asked_for_before_or_not() {
        let a = PackedText::pack("A shared fund.");
        let b = PackedText::pack("A shared fund.");
        let hashed = a.hash();
        assert_eq!(a, b, "a hash asked for does not make texts unequal");
        assert_eq!(hashed, b.hash());
        assert_eq!(hashed, a.clone().hash());
        assert_ne!(hashed, PackedText::pack("A shared fund!").hash());
    }

    fn good_site() -> crate::model::Site {
        let Ok(loaded) =
            crate::build::load(&crate::build::BuildOptions::new("tests/fixtures/good"))
        else {
            panic!("the good fixture loads");
        };
        loaded.site
    }

    #[test]
    fn taken_html_reads_as_the_site_s_until_released() {
        let site = good_site();
        let mut without = site.clone();
        let taken = TakenHtml::take(&mut without);
        assert!(without.pages.iter().all(|p| p.body.html.is_empty()));
        assert!(!taken.is_released());
        for (id, page) in site.pages.iter().enumerate() {
            assert_eq!(taken.unpack(id), page.body.html.unpack());
        }
        taken.release();
        assert!(taken.is_released());
    }

    #[test]
    #[should_panic(expected = "page HTML is read only before it is released")]
    fn taken_html_read_after_its_release_is_a_bug_not_an_empty_page() {
        let mut site = good_site();
        let taken = TakenHtml::take(&mut site);
        taken.release();
        let _ = taken.unpack(0);
    }
}
