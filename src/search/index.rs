//! Building the inverted index: every searchable page's words, stemmed, with a BM25F
//! weight per page and word, computed in parallel from the text the markdown step
//! already extracted (nothing is parsed again).

use super::stem::Stemmer;
use super::tokenise::{fold, for_each_word};
use crate::model::{PageId, Site};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// BM25 saturation constant.
const K1: f64 = 1.2;
/// BM25 length normalisation (0: none, 1: full).
const B: f64 = 0.75;
/// How much a word in the summary, headings or facets counts against one in the body.
const META_WEIGHT: f64 = 3.0;
/// The highest body weight level written (levels 48 to 63 mark title words).
pub const MAX_LEVEL: u8 = 47;
/// Title lengths above this are written as this.
pub const MAX_TITLE_WORDS: u8 = 16;
/// Pages are indexed in batches of this many, so memory stays flat on large sites.
const BATCH: usize = 1024;

/// A small, fast hasher for short words (FNV-1a); the index does millions of lookups.
#[derive(Default)]
struct Fnv(u64);
impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// One page's occurrence of one stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// The document (position in [`InvertedIndex::docs`]).
    pub doc: u32,
    /// Its weight for this stem outside the title, 0 to [`MAX_LEVEL`] (BM25F, saturated).
    pub level: u8,
    /// When the stem is in the title: how many distinct words the title has (1 to
    /// [`MAX_TITLE_WORDS`]); 0 when it is not in the title.
    pub title_words: u8,
}

/// The inverted index of a site: documents, stems with their postings, and the words
/// as written that stem to something else.
#[derive(Debug, Clone, Default)]
pub struct InvertedIndex {
    /// The pages indexed, in document order.
    pub docs: Vec<PageId>,
    /// Every stem with its postings (sorted by document), sorted by stem.
    pub stems: Vec<(String, Vec<Posting>)>,
    /// `(word, stem)` for every indexed word whose stem differs from it, sorted.
    pub aliases: Vec<(String, String)>,
}

/// Term frequencies of one stem in one page: title, summary/headings/facets, body.
#[derive(Clone, Copy, Default)]
struct Counts {
    title: u16,
    meta: u16,
    body: u16,
}

/// One page's words: each distinct word with its counts, and the fields' lengths.
struct DocWords {
    words: Vec<(Box<str>, Counts)>,
    meta_len: u32,
    body_len: u32,
    title_words: u8,
}

/// Whether a page goes into the search index: not opted out with `search: false`.
pub fn is_searchable(site: &Site, id: PageId) -> bool {
    site.pages[id].doc.front.search != Some(false)
}

/// The searchable pages, in the site's page order.
pub fn searchable(site: &Site) -> Vec<PageId> {
    (0..site.pages.len())
        .filter(|&id| is_searchable(site, id))
        .collect()
}

/// The text of a page's second field: summary, headings, place, region, tags, lead and
/// partner organisations, and the titles of the building blocks it names.
pub fn meta_text(site: &Site, id: PageId) -> String {
    let p = &site.pages[id];
    let fm = &p.doc.front;
    let mut parts: Vec<&str> = Vec::new();
    parts.extend(fm.summary.as_deref());
    parts.extend(p.body.toc.iter().map(|t| t.title.as_str()));
    parts.extend(fm.place.as_deref());
    parts.extend(fm.region.as_deref());
    parts.extend(fm.tags.iter().map(String::as_str));
    parts.extend(fm.lead.iter().map(String::as_str));
    parts.extend(fm.partners.iter().map(String::as_str));
    parts.extend(site.blocks_of[id].iter().map(|&b| site.pages[b].title.as_str()));
    parts.join(" \n ")
}

fn doc_words(site: &Site, id: PageId) -> DocWords {
    let p = &site.pages[id];
    let mut counts: FastMap<&str, Counts> = FastMap::default();
    let title = fold(&p.title);
    let meta = fold(&meta_text(site, id));
    let body = fold(&p.body.text);
    let mut title_distinct = 0u32;
    for_each_word(&title, |w| {
        let c = counts.entry(w).or_default();
        if c.title == 0 {
            title_distinct += 1;
        }
        c.title = c.title.saturating_add(1);
    });
    let mut meta_len = 0u32;
    for_each_word(&meta, |w| {
        meta_len += 1;
        let c = counts.entry(w).or_default();
        c.meta = c.meta.saturating_add(1);
    });
    let mut body_len = 0u32;
    for_each_word(&body, |w| {
        body_len += 1;
        let c = counts.entry(w).or_default();
        c.body = c.body.saturating_add(1);
    });
    let mut words: Vec<(Box<str>, Counts)> =
        counts.into_iter().map(|(w, c)| (Box::from(w), c)).collect();
    words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    DocWords {
        words,
        meta_len,
        body_len,
        title_words: title_distinct.min(u32::from(MAX_TITLE_WORDS)) as u8,
    }
}

/// A raw posting before weights: the document and its counts.
struct Raw {
    doc: u32,
    counts: Counts,
}

impl InvertedIndex {
    /// Indexes the searchable pages of `site`, stemming with `stemmer`.
    pub fn build(site: &Site, stemmer: &Stemmer) -> InvertedIndex {
        let docs = searchable(site);
        // word as written -> stem number; stem text -> stem number.
        let mut word_stem: FastMap<Box<str>, u32> = FastMap::default();
        let mut stem_ids: FastMap<String, u32> = FastMap::default();
        let mut stems: Vec<String> = Vec::new();
        let mut raw: Vec<Vec<Raw>> = Vec::new();
        let mut lens: Vec<(u32, u32, u8)> = Vec::with_capacity(docs.len());
        for (b, batch) in docs.chunks(BATCH).enumerate() {
            let words: Vec<DocWords> = batch.par_iter().map(|&id| doc_words(site, id)).collect();
            for (i, dw) in words.into_iter().enumerate() {
                let doc = (b * BATCH + i) as u32;
                lens.push((dw.meta_len, dw.body_len, dw.title_words));
                for (word, counts) in dw.words {
                    let sid = match word_stem.get(&word) {
                        Some(&s) => s,
                        None => {
                            let stem = stemmer.stem(&word);
                            let s = match stem_ids.get(&stem) {
                                Some(&s) => s,
                                None => {
                                    let s = stems.len() as u32;
                                    stems.push(stem.clone());
                                    stem_ids.insert(stem, s);
                                    raw.push(Vec::new());
                                    s
                                }
                            };
                            word_stem.insert(word, s);
                            s
                        }
                    };
                    let list = &mut raw[sid as usize];
                    match list.last_mut() {
                        Some(last) if last.doc == doc => {
                            last.counts.title = last.counts.title.saturating_add(counts.title);
                            last.counts.meta = last.counts.meta.saturating_add(counts.meta);
                            last.counts.body = last.counts.body.saturating_add(counts.body);
                        }
                        _ => list.push(Raw { doc, counts }),
                    }
                }
            }
        }
        let mut aliases: Vec<(String, String)> = word_stem
            .into_iter()
            .filter_map(|(word, s)| {
                let stem = &stems[s as usize];
                (stem.as_str() != &*word).then(|| (word.into_string(), stem.clone()))
            })
            .collect();
        aliases.par_sort_unstable();
        let n = lens.len().max(1) as f64;
        let avg_meta = (lens.iter().map(|l| f64::from(l.0)).sum::<f64>() / n).max(1.0);
        let avg_body = (lens.iter().map(|l| f64::from(l.1)).sum::<f64>() / n).max(1.0);
        let norm = |tf: u16, len: u32, avg: f64| -> f64 {
            f64::from(tf) / (1.0 - B + B * f64::from(len) / avg)
        };
        let mut stems: Vec<(String, Vec<Posting>)> = stems
            .into_par_iter()
            .zip(raw.into_par_iter())
            .map(|(stem, list)| {
                let postings = list
                    .into_iter()
                    .map(|r| {
                        let (meta_len, body_len, title_words) = lens[r.doc as usize];
                        let w = META_WEIGHT * norm(r.counts.meta, meta_len, avg_meta)
                            + norm(r.counts.body, body_len, avg_body);
                        let level = if w > 0.0 {
                            ((w / (K1 + w)) * f64::from(MAX_LEVEL)).round().max(1.0) as u8
                        } else {
                            0
                        };
                        Posting {
                            doc: r.doc,
                            level,
                            title_words: if r.counts.title > 0 {
                                title_words.max(1)
                            } else {
                                0
                            },
                        }
                    })
                    .collect();
                (stem, postings)
            })
            .collect();
        stems.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        InvertedIndex {
            docs,
            stems,
            aliases,
        }
    }
}
