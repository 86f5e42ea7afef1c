//! The pages' plain texts as the search index reads them: each searchable page's text is
//! read once, its words counted and its page file packed from what was read.

use crate::model::body::PackedText;
use crate::model::{PageId, Site};
use std::sync::Mutex;

/// Where the index reads each page's plain text: the site's pages, or the texts taken
/// out of them for one build (see [`TakenTexts`]).
#[derive(Clone, Copy)]
pub struct Texts<'s> {
    site: &'s Site,
    taken: Option<&'s TakenTexts>,
}

impl<'s> Texts<'s> {
    /// The texts of `site`'s own pages (which keep them).
    pub fn of_site(site: &'s Site) -> Self {
        Texts { site, taken: None }
    }

    /// The texts `taken` out of `site`'s pages, or `site`'s own when there are none.
    pub fn taken_from(site: &'s Site, taken: Option<&'s TakenTexts>) -> Self {
        Texts { site, taken }
    }

    /// Page `id`'s text, read for the index (its words counted, its page file packed):
    /// a taken text is dropped once read.
    pub fn read(&self, id: PageId) -> String {
        match self.taken {
            Some(t) => t.read(id),
            None => self.site.pages[id].body.text.unpack(),
        }
    }

    /// Page `id`'s text, not counted as a read (the page files' dictionary samples a
    /// few pages before the index reads them).
    pub fn peek(&self, id: PageId) -> String {
        match self.taken {
            Some(t) => lock(&t.texts[id]).unpack(),
            None => self.site.pages[id].body.text.unpack(),
        }
    }

    /// The length in bytes of page `id`'s text.
    pub fn len(&self, id: PageId) -> usize {
        match self.taken {
            Some(t) => lock(&t.texts[id]).len(),
            None => self.site.pages[id].body.text.len(),
        }
    }
}

/// Every page's text taken out of a site for one build's search index, each dropped
/// once the index has read it: the index is a site's only reader of the texts, and
/// they are about a tenth of a large site's memory.
#[derive(Default)]
pub struct TakenTexts {
    texts: Vec<Mutex<PackedText>>,
}

impl std::fmt::Debug for TakenTexts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TakenTexts({} pages)", self.texts.len())
    }
}

impl TakenTexts {
    /// Takes the texts of `site`'s searchable pages out of it (the others' are dropped):
    /// after this, only [`Texts::taken_from`] reads them, and each can be read once.
    pub fn take(site: &mut Site) -> Self {
        let searchable: Vec<bool> = (0..site.pages.len())
            .map(|id| super::index::is_searchable(site, id))
            .collect();
        let texts = site
            .pages
            .iter_mut()
            .zip(searchable)
            .map(|(p, searchable)| {
                let text = std::mem::take(&mut p.body.text);
                Mutex::new(if searchable {
                    text
                } else {
                    PackedText::default()
                })
            })
            .collect();
        TakenTexts { texts }
    }

    /// How many texts are still to be read.
    #[cfg(test)]
    pub(crate) fn unread(&self) -> usize {
        self.texts.iter().filter(|t| !lock(t).is_empty()).count()
    }

    /// Page `id`'s text, dropped as it is read.
    fn read(&self, id: PageId) -> String {
        std::mem::take(&mut *lock(&self.texts[id])).unpack()
    }
}

/// The text behind `m`, even if a reader panicked while holding it.
fn lock(m: &Mutex<PackedText>) -> std::sync::MutexGuard<'_, PackedText> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
