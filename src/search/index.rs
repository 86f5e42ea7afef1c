//! Building the inverted index: every searchable page's words, stemmed, with a BM25F
//! weight per page and word, computed in parallel from the text the markdown step
//! already extracted (nothing is parsed again).

use super::stem::Stemmer;
use super::texts::Texts;
use super::tokenise::{Key, for_each_key, unpack};
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
/// Joins the two stems of a pair's key: no word holds it (words are letters and digits).
pub const PAIR_JOIN: char = '_';
/// Pages are indexed in batches of this many, so memory stays flat on large sites.
const BATCH: usize = 2048;

/// A small, fast hasher for short words (the Fx hash, eight bytes a step); the index
/// does millions of lookups, where SipHash's protection against crafted keys buys nothing.
#[derive(Default)]
struct Fx(u64);
impl Fx {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}
impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.mix(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }
}
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// One page's occurrence of one stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
    /// Every two stems found side by side (in that order, in the same field) as
    /// `"first_second"` (see [`PAIR_JOIN`]), with the documents that have them so, sorted by key: what a
    /// quoted phrase is matched with.
    pub pairs: Vec<(String, Vec<u32>)>,
}

/// Term frequencies of one word in one page: title, summary/headings/facets, body
/// (each saturating at 255; BM25 saturates long before).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Raw {
    pub(crate) doc: u32,
    pub(crate) title: u8,
    pub(crate) meta: u8,
    pub(crate) body: u8,
}

impl Raw {
    /// The counts of the same page's `other` word added (what a stem with several
    /// words counts).
    pub(crate) fn add(&mut self, other: &Raw) {
        self.title = self.title.saturating_add(other.title);
        self.meta = self.meta.saturating_add(other.meta);
        self.body = self.body.saturating_add(other.body);
    }
}

/// One page's words, counted as [`InvertedIndex::build`] counts them: each distinct
/// word with its counts (`doc` 0), the words side by side (positions in `words`), and
/// the page's field lengths.
pub(crate) struct PageWords {
    pub(crate) words: Vec<(Box<str>, Raw)>,
    pub(crate) pairs: Vec<(u32, u32)>,
    pub(crate) lens: (u32, u32, u8),
}

/// Counts the words of page `id` alone (see [`PageWords`]).
pub(crate) fn page_words(site: &Site, id: PageId) -> PageWords {
    let part = Part::build(site, &[id], &[site.pages[id].body.text.unpack()], 0);
    let words = part
        .words
        .into_iter()
        .zip(part.lists)
        .filter_map(|(word, list)| list.first().map(|&raw| (word, raw)))
        .collect();
    PageWords {
        words,
        pairs: part.pairs,
        lens: part.lens.first().copied().unwrap_or((0, 0, 0)),
    }
}

/// The words of a run of consecutive pages: each word once, with its postings.
struct Part {
    words: Vec<Box<str>>,
    lists: Vec<Vec<Raw>>,
    /// Words side by side (ids in `words`), each with its pages.
    pairs: Vec<(u32, u32)>,
    pair_lists: Vec<Vec<u32>>,
    /// Per page: words in the second field, words in the body, distinct title words.
    lens: Vec<(u32, u32, u8)>,
}

/// Which field a word was found in.
#[derive(Clone, Copy)]
enum Field {
    Title,
    Meta,
    Body,
}

/// Counts words while a part is built. Every page's distinct words are appended to one
/// flat list of hits, and a word's hit in the current page is found through its
/// [`Tally`], kept beside its key, so counting an occurrence is one probe of a small
/// table; the hits are sorted into per-word postings once, at the end.
#[derive(Default)]
struct Counter {
    /// Words of up to 16 bytes (nearly all), keyed by their packed bytes.
    short: ShortWords,
    /// Longer words.
    long: FastMap<Box<str>, Tally>,
    /// Every word, by id.
    words: Vec<Box<str>>,
    /// `(word, counts)` for every distinct word of every page, in page order.
    hits: Vec<(u32, Raw)>,
}

/// A word's id, and where its hit for the page being counted is.
#[derive(Clone, Copy, Default)]
struct Tally {
    id: u32,
    /// 1 + the last page the word was seen in (0: not yet).
    seen: u32,
    /// Where the word's hit for page `seen - 1` is in [`Counter::hits`].
    hit: u32,
}

impl Counter {
    /// Counts one occurrence of the word `key` in `field` of page `doc` (pages come in
    /// increasing order); returns the word's id and whether it is the word's first
    /// occurrence in that field of that page.
    #[inline(always)]
    fn add(&mut self, key: Key<'_>, doc: u32, field: Field) -> (u32, bool) {
        let tally = match key {
            Key::Short(packed) => self.short.tally(packed, &mut self.words),
            Key::Long(word) => long_tally(&mut self.long, &mut self.words, word),
        };
        if tally.seen != doc + 1 {
            tally.seen = doc + 1;
            tally.hit = self.hits.len() as u32;
            self.hits.push((
                tally.id,
                Raw {
                    doc,
                    title: 0,
                    meta: 0,
                    body: 0,
                },
            ));
        }
        let raw = &mut self.hits[tally.hit as usize].1;
        let count = match field {
            Field::Title => &mut raw.title,
            Field::Meta => &mut raw.meta,
            Field::Body => &mut raw.body,
        };
        *count = count.saturating_add(1);
        (tally.id, *count == 1)
    }

    /// Each word with its postings, sorted by page.
    fn into_lists(self) -> (Vec<Box<str>>, Vec<Vec<Raw>>) {
        let lists = group_by_id(self.words.len(), self.hits);
        (self.words, lists)
    }
}

/// The tally of a word of more than 16 bytes (rare), added to `long` and `words` when
/// it is new.
#[inline(never)]
fn long_tally<'t>(
    long: &'t mut FastMap<Box<str>, Tally>,
    words: &mut Vec<Box<str>>,
    word: &str,
) -> &'t mut Tally {
    long.entry(Box::from(word)).or_insert_with(|| {
        let id = words.len() as u32;
        words.push(Box::from(word));
        Tally {
            id,
            ..Tally::default()
        }
    })
}

/// The [`Tally`]s of short words keyed by their packed bytes: an open-addressing table
/// with linear probing, keys and tallies inline, at most half full. Counting words is
/// one lookup per word of every page, and one probe here touches a single cache line.
#[derive(Default)]
struct ShortWords {
    /// Keys (0: empty, as no word is empty) and their tallies; the length is a power of
    /// two.
    slots: Vec<(u128, Tally)>,
    len: usize,
}

impl ShortWords {
    /// Where `key`'s search starts in a table of `size` slots (a power of two).
    fn home(key: u128, size: usize) -> usize {
        let h = ((key as u64) ^ ((key >> 64) as u64).rotate_left(29))
            .wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> 32) as usize & (size - 1)
    }

    /// The tally of `key`; a word seen for the first time gets the next id in `words`.
    #[inline(always)]
    fn tally(&mut self, key: u128, words: &mut Vec<Box<str>>) -> &mut Tally {
        if self.len * 2 >= self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = Self::home(key, self.slots.len());
        while self.slots[i].0 != key {
            if self.slots[i].0 == 0 {
                self.insert(i, key, words);
                break;
            }
            i = (i + 1) & mask;
        }
        &mut self.slots[i].1
    }

    /// Records a new word in empty slot `i`, with the next id in `words`.
    #[inline(never)]
    fn insert(&mut self, i: usize, key: u128, words: &mut Vec<Box<str>>) {
        let id = words.len() as u32;
        words.push(Box::from(unpack(key, &mut [0; 16])));
        self.slots[i] = (
            key,
            Tally {
                id,
                ..Tally::default()
            },
        );
        self.len += 1;
    }

    /// Doubles the table (or makes the first one).
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(4096);
        let old = std::mem::replace(&mut self.slots, vec![(0, Tally::default()); size]);
        for (key, tally) in old.into_iter().filter(|&(k, _)| k != 0) {
            let mut i = Self::home(key, size);
            while self.slots[i].0 != 0 {
                i = (i + 1) & (size - 1);
            }
            self.slots[i] = (key, tally);
        }
    }
}

impl Part {
    /// Indexes pages `ids`, numbered from `first`, whose texts are `read`.
    fn build(site: &Site, ids: &[PageId], read: &[String], first: u32) -> Part {
        let mut counter = Counter::default();
        let mut pairs = PairCounter::default();
        let mut lens = Vec::with_capacity(ids.len());
        for (i, (&id, text)) in ids.iter().zip(read).enumerate() {
            let doc = first + i as u32;
            let p = &site.pages[id];
            let mut title_words = 0u32;
            let mut prev = None;
            for_each_key(&p.title, |w| {
                let (word, first) = counter.add(w, doc, Field::Title);
                title_words += u32::from(first);
                pairs.follow(&mut prev, word, doc);
            });
            let mut meta_len = 0u32;
            for text in meta_parts(site, id) {
                let mut prev = None;
                for_each_key(text, |w| {
                    meta_len += 1;
                    pairs.follow(&mut prev, counter.add(w, doc, Field::Meta).0, doc);
                });
            }
            let mut body_len = 0u32;
            let mut prev = None;
            for_each_key(text, |w| {
                body_len += 1;
                pairs.follow(&mut prev, counter.add(w, doc, Field::Body).0, doc);
            });
            lens.push((
                meta_len,
                body_len,
                title_words.min(u32::from(MAX_TITLE_WORDS)) as u8,
            ));
        }
        let (words, lists) = counter.into_lists();
        let (pairs, pair_lists) = pairs.into_lists();
        Part {
            words,
            lists,
            pairs,
            pair_lists,
            lens,
        }
    }
}

/// Counts words side by side, as [`Counter`] counts words: each pair of word ids gets an
/// id from an open-addressing table, and a hit the first time it is seen in a page.
#[derive(Default)]
struct PairCounter {
    /// `(key, id, 1 + the last page seen)`; key 0 is empty. The length is a power of two.
    slots: Vec<(u64, u32, u32)>,
    /// Every pair, by id.
    pairs: Vec<(u32, u32)>,
    /// `(pair, page)` for every distinct pair of every page, in page order.
    hits: Vec<(u32, u32)>,
}

impl PairCounter {
    /// Records that word `word` follows `prev` (if any) in page `doc`; `word` is then
    /// the one before the next.
    #[inline(always)]
    fn follow(&mut self, prev: &mut Option<u32>, word: u32, doc: u32) {
        if let Some(before) = prev.replace(word) {
            self.add(before, word, doc);
        }
    }

    fn add(&mut self, a: u32, b: u32, doc: u32) {
        if self.pairs.len() * 2 >= self.slots.len() {
            self.grow();
        }
        let key = (u64::from(a) + 1) << 32 | u64::from(b);
        let mask = self.slots.len() - 1;
        let mut i = Self::home(key) & mask;
        loop {
            let slot = &mut self.slots[i];
            if slot.0 == key {
                break;
            }
            if slot.0 == 0 {
                *slot = (key, self.pairs.len() as u32, 0);
                self.pairs.push((a, b));
                break;
            }
            i = (i + 1) & mask;
        }
        let slot = &mut self.slots[i];
        if slot.2 != doc + 1 {
            slot.2 = doc + 1;
            self.hits.push((slot.1, doc));
        }
    }

    fn home(key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize
    }

    /// Doubles the table (or makes the first one).
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(4096);
        let old = std::mem::replace(&mut self.slots, vec![(0, 0, 0); size]);
        for slot in old.into_iter().filter(|s| s.0 != 0) {
            let mut i = Self::home(slot.0) & (size - 1);
            while self.slots[i].0 != 0 {
                i = (i + 1) & (size - 1);
            }
            self.slots[i] = slot;
        }
    }

    /// Each pair with its pages, in page order.
    fn into_lists(self) -> (Vec<(u32, u32)>, Vec<Vec<u32>>) {
        let lists = group_by_id(self.pairs.len(), self.hits);
        (self.pairs, lists)
    }
}

/// `hits` (each an id below `ids` with a value) as one list per id, each in the order
/// its values came, every list allocated once at its final size.
fn group_by_id<T>(ids: usize, hits: Vec<(u32, T)>) -> Vec<Vec<T>> {
    let mut sizes = vec![0usize; ids];
    for (id, _) in &hits {
        sizes[*id as usize] += 1;
    }
    let mut lists: Vec<Vec<T>> = sizes.into_iter().map(Vec::with_capacity).collect();
    for (id, value) in hits {
        lists[id as usize].push(value);
    }
    lists
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

/// The texts of a page's second field: summary, headings, place, region, tags, lead and
/// partner organisations, the titles of the building blocks it names, and its terms in
/// any other taxonomy.
pub fn meta_parts(site: &Site, id: PageId) -> Vec<&str> {
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
    parts.extend(
        site.blocks_of[id]
            .iter()
            .map(|&b| site.pages[b].title.as_str()),
    );
    // Terms of other taxonomies (`year`, keys of `extra`); the fields above are in already.
    const FIELDS_ABOVE: &[&str] = &["tags", "region", "place", "lead", "partners"];
    parts.extend(
        site.page_terms[id]
            .iter()
            .filter(|&&(t, _)| !FIELDS_ABOVE.contains(&site.taxonomies[t].name.as_str()))
            .map(|&(t, k)| site.taxonomies[t].terms[k].name.as_str()),
    );
    parts
}

/// A page's BM25 length normalisation in each field, and its distinct title words.
pub(crate) struct Norm {
    meta: f64,
    body: f64,
    title_words: u8,
}

/// A page's posting for a word or stem, from its counts: the saturated BM25F weight.
pub(crate) fn posting(r: &Raw, norms: &[Norm]) -> Posting {
    let norm = &norms[r.doc as usize];
    let w = META_WEIGHT * (f64::from(r.meta) / norm.meta) + f64::from(r.body) / norm.body;
    let level = if w > 0.0 {
        ((w / (K1 + w)) * f64::from(MAX_LEVEL)).round().max(1.0) as u8
    } else {
        0
    };
    Posting {
        doc: r.doc,
        level,
        title_words: if r.title > 0 {
            norm.title_words.max(1)
        } else {
            0
        },
    }
}

/// Pages per unit of parallel work.
const PART: usize = 512;

impl InvertedIndex {
    /// Indexes the searchable pages of `site`, stemming with `stemmer`.
    pub fn build(site: &Site, stemmer: &Stemmer) -> InvertedIndex {
        let nothing_else: AlsoRead<'_, ()> = &|_, _, _| ();
        let texts = (Texts::of_site(site), nothing_else);
        InvertedIndex::build_reading((site, searchable(site)), texts, stemmer).0
    }

    /// The index of `site`'s searchable pages `docs` (from [`searchable`]), each
    /// page's text read once from `texts` and given to `also` too (see [`AlsoRead`]),
    /// with what `also` gave for each part of the pages, in page order.
    pub fn build_reading<T: Send>(
        (site, docs): (&Site, Vec<PageId>),
        texts: (Texts, AlsoRead<'_, T>),
        stemmer: &Stemmer,
    ) -> (InvertedIndex, Vec<T>) {
        let (c, alsos) = count_words(site, texts, &docs);
        let (grouped, mut aliases, stem_of) = group_by_stem(c.words, c.lists, stemmer);
        let names: Vec<String> = grouped.iter().map(|g| g.0.clone()).collect();
        let norms = length_norms(&c.lens);
        // The pairs are mostly one thread's work: the postings are worked out beside them.
        let (pairs, stems) = rayon::join(
            || stem_pairs(c.pairs, c.pair_docs, &stem_of, &names),
            || {
                aliases.par_sort_unstable();
                let mut stems: Vec<(String, Vec<Posting>)> = grouped
                    .into_par_iter()
                    .map(|(stem, words, lists)| (stem, stem_postings(words, lists, &norms)))
                    .collect();
                stems.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
                stems
            },
        );
        let index = InvertedIndex {
            docs,
            stems,
            aliases,
            pairs,
        };
        (index, alsos)
    }
}

/// What counting the pages gives: every word as written with its postings from each
/// part that has it, each page's field lengths, and every two words side by side
/// (global word ids) with their pages.
struct Counted {
    words: Vec<Box<str>>,
    lists: Vec<Vec<Vec<Raw>>>,
    lens: Vec<(u32, u32, u8)>,
    pairs: Vec<(u32, u32)>,
    pair_docs: Vec<Vec<u32>>,
}

/// What else reads each part of the pages' texts as their words are counted, so that
/// each text is read once: given the part's first document, its pages and their texts.
pub type AlsoRead<'a, T> = &'a (dyn Fn(usize, &[PageId], &[String]) -> T + Sync);

/// Counts the words of the pages `docs`, their texts read from `texts` and given to
/// `also` part by part too (its results in page order). Parts are merged in page
/// order, so the lists are in page order too; word lists are moved, not copied.
fn count_words<T: Send>(
    site: &Site,
    (texts, also): (Texts, AlsoRead<'_, T>),
    docs: &[PageId],
) -> (Counted, Vec<T>) {
    let mut merged = Merged {
        c: Counted {
            words: Vec::new(),
            lists: Vec::new(),
            lens: Vec::with_capacity(docs.len()),
            pairs: Vec::new(),
            pair_docs: Vec::new(),
        },
        word_ids: FastMap::default(),
        pair_ids: FastMap::default(),
        alsos: Vec::with_capacity(docs.len().div_ceil(PART)),
    };
    let count_batch = |start: usize, batch: &[PageId]| -> Vec<(Part, T)> {
        batch
            .par_chunks(PART)
            .enumerate()
            .map(|(k, ids)| {
                let read: Vec<String> = ids.iter().map(|&id| texts.read(id)).collect();
                let first = start + k * PART;
                (
                    Part::build(site, ids, &read, first as u32),
                    also(first, ids, &read),
                )
            })
            .collect()
    };
    let mut counted: Vec<(Part, T)> = Vec::new();
    for batch in batches(docs.len()) {
        // Merging is one thread's work: each batch is counted while the last is merged.
        let last = std::mem::take(&mut counted);
        let start = batch.start;
        (counted, ()) = rayon::join(|| count_batch(start, &docs[batch]), || merged.add(last));
    }
    merged.add(counted);
    (merged.c, merged.alsos)
}

/// The batches `n` documents are counted in: [`BATCH`] each, but a last batch of more
/// than one [`PART`] ends with a batch of one part, so that the merge nothing runs
/// beside is short. Each starts at a multiple of [`PART`].
fn batches(n: usize) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = (0..n)
        .step_by(BATCH)
        .map(|s| s..(s + BATCH).min(n))
        .collect();
    if let Some(last) = out.pop() {
        let split = (last.end - 1) / PART * PART;
        if split > last.start {
            out.extend([last.start..split, split..last.end]);
        } else {
            out.push(last);
        }
    }
    out
}

/// The parts counted so far, merged: every word and pair given one id for the site.
struct Merged<T> {
    c: Counted,
    word_ids: FastMap<Box<str>, u32>,
    pair_ids: FastMap<u64, u32>,
    /// What the other reader of the texts gave for each part, in page order.
    alsos: Vec<T>,
}

impl<T> Merged<T> {
    /// Merges `parts`, which follow those merged so far.
    fn add(&mut self, parts: Vec<(Part, T)>) {
        let c = &mut self.c;
        for (part, t) in parts {
            self.alsos.push(t);
            c.lens.extend(part.lens);
            let mut global = Vec::with_capacity(part.words.len());
            for (word, list) in part.words.into_iter().zip(part.lists) {
                let id = match self.word_ids.get(&word) {
                    Some(&id) => id as usize,
                    None => {
                        self.word_ids.insert(word.clone(), c.words.len() as u32);
                        c.words.push(word);
                        c.lists.push(Vec::new());
                        c.lists.len() - 1
                    }
                };
                c.lists[id].push(list);
                global.push(id as u32);
            }
            for ((a, b), docs) in part.pairs.into_iter().zip(part.pair_lists) {
                let (a, b) = (global[a as usize], global[b as usize]);
                let id = *self
                    .pair_ids
                    .entry(u64::from(a) << 32 | u64::from(b))
                    .or_insert_with(|| {
                        c.pairs.push((a, b));
                        c.pair_docs.push(Vec::new());
                        c.pairs.len() as u32 - 1
                    });
                // Exactly: lists grow part by part, and doubling would leave much unused.
                let list = &mut c.pair_docs[id as usize];
                list.reserve_exact(docs.len());
                list.extend(docs);
            }
        }
    }
}

/// The pairs of stems side by side, from the pairs of words: `"first_second"` with
/// their pages (sorted, distinct), sorted by key. `stem_of` gives each word's stem's
/// index in `stems`.
fn stem_pairs(
    pairs: Vec<(u32, u32)>,
    pair_docs: Vec<Vec<u32>>,
    stem_of: &[u32],
    stems: &[String],
) -> Vec<(String, Vec<u32>)> {
    // Each pair of words by its pair of stems, sorted so that the words' pairs of one
    // pair of stems stand side by side (in the order they were counted).
    let mut order: Vec<(u64, u32)> = pairs
        .par_iter()
        .enumerate()
        .map(|(i, &(a, b))| {
            let key = u64::from(stem_of[a as usize]) << 32 | u64::from(stem_of[b as usize]);
            (key, i as u32)
        })
        .collect();
    drop(pairs);
    order.par_sort_unstable();
    let mut docs: Vec<Option<Vec<u32>>> = pair_docs.into_iter().map(Some).collect();
    let mut runs: Vec<(u64, Vec<Vec<u32>>)> = Vec::new();
    for &(key, i) in &order {
        let list = docs[i as usize].take().unwrap_or_default();
        match runs.last_mut() {
            Some((k, lists)) if *k == key => lists.push(list),
            _ => runs.push((key, vec![list])),
        }
    }
    drop((order, docs));
    let mut named: Vec<(String, Vec<u32>)> = runs
        .into_par_iter()
        .map(|(key, mut lists)| {
            let docs = if lists.len() == 1 {
                lists.pop().unwrap_or_default()
            } else {
                let mut all = lists.concat();
                all.sort_unstable();
                all.dedup();
                all
            };
            let (a, b) = ((key >> 32) as usize, (key & 0xffff_ffff) as usize);
            (format!("{}{PAIR_JOIN}{}", stems[a], stems[b]), docs)
        })
        .collect();
    named.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    named
}

/// Words to stems: each stem with how many words it has and their lists, and every
/// word that differs from its stem, with the stem (only for Snowball stems: the browser
/// keys Welsh words itself, see [`Stemmer::keys_mutations`]).
#[allow(clippy::type_complexity)]
fn group_by_stem(
    words: Vec<Box<str>>,
    lists: Vec<Vec<Vec<Raw>>>,
    stemmer: &Stemmer,
) -> (
    Vec<(String, usize, Vec<Vec<Raw>>)>,
    Vec<(String, String)>,
    Vec<u32>,
) {
    let mut stem_ids: FastMap<String, usize> = FastMap::default();
    let mut grouped: Vec<(String, usize, Vec<Vec<Raw>>)> = Vec::new();
    let mut aliases: Vec<(String, String)> = Vec::new();
    let mut stem_of = Vec::with_capacity(words.len());
    for (word, parts) in words.into_iter().zip(lists) {
        let stem = stemmer.stem(&word);
        let s = *stem_ids.entry(stem.clone()).or_insert_with(|| {
            grouped.push((stem.clone(), 0, Vec::new()));
            grouped.len() - 1
        });
        stem_of.push(s as u32);
        grouped[s].1 += 1;
        grouped[s].2.extend(parts);
        if *stem != *word && stemmer.is_active() {
            aliases.push((word.into_string(), stem));
        }
    }
    (grouped, aliases, stem_of)
}

/// The average field lengths, `(meta, body)`, that BM25F normalises against, each
/// rounded to three significant figures (and at least 1): an edit's few words then
/// rarely change them, so `serve` weighs again only the edited pages' postings.
pub(crate) fn average_lengths(lens: &[(u32, u32, u8)]) -> (f64, f64) {
    let n = lens.len().max(1) as f64;
    let average = |field: fn(&(u32, u32, u8)) -> u32| {
        let sum: f64 = lens.iter().map(|l| f64::from(field(l))).sum();
        three_figures(sum / n).max(1.0)
    };
    (average(|l| l.0), average(|l| l.1))
}

/// `x` rounded to three significant figures.
fn three_figures(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(2 - x.log10().floor() as i32);
    (x * scale).round() / scale
}

/// BM25F: each page's length normalisation, from its field lengths.
pub(crate) fn length_norms(lens: &[(u32, u32, u8)]) -> Vec<Norm> {
    let (avg_meta, avg_body) = average_lengths(lens);
    lens.iter()
        .map(|&(meta_len, body_len, title_words)| Norm {
            meta: 1.0 - B + B * f64::from(meta_len) / avg_meta,
            body: 1.0 - B + B * f64::from(body_len) / avg_body,
            title_words,
        })
        .collect()
}

/// One stem's postings, in page order, from the lists of its `words` words: one
/// word's lists as they are; several words' merged to one posting per page.
fn stem_postings(words: usize, lists: Vec<Vec<Raw>>, norms: &[Norm]) -> Vec<Posting> {
    let total = lists.iter().map(Vec::len).sum();
    let mut postings = Vec::with_capacity(total);
    if words == 1 {
        postings.extend(lists.iter().flatten().map(|r| posting(r, norms)));
        return postings;
    }
    let mut all: Vec<Raw> = Vec::with_capacity(total);
    for list in lists {
        all.extend(list);
    }
    all.sort_by_key(|r| r.doc);
    let mut merged: Vec<Raw> = Vec::with_capacity(all.len());
    for r in all {
        match merged.last_mut() {
            Some(m) if m.doc == r.doc => m.add(&r),
            _ => merged.push(r),
        }
    }
    postings.extend(merged.iter().map(|r| posting(r, norms)));
    postings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{BuildOptions, load};

    #[test]
    fn batches_cover_the_documents_in_parts_and_end_with_one_part() {
        for n in [0, 1, 511, 512, 513, 2048, 2049, 2560, 2561, 4095, 10_009] {
            let b = batches(n);
            let covered: Vec<usize> = b.iter().flat_map(|r| r.clone()).collect();
            assert_eq!(covered, (0..n).collect::<Vec<_>>(), "{n}");
            assert!(
                b.iter()
                    .all(|r| r.start % PART == 0 && r.len() <= BATCH && !r.is_empty()),
                "{n}: {b:?}"
            );
            if let Some(last) = b.last() {
                assert!(last.len() <= PART, "{n}: {b:?}");
            }
        }
        assert_eq!(batches(2049), [0..2048, 2048..2049]);
        assert_eq!(
            batches(10_009),
            [
                0..2048,
                2048..4096,
                4096..6144,
                6144..8192,
                8192..9728,
                9728..10_009
            ]
        );
    }

    #[test]
    fn average_lengths_are_rounded_to_three_figures() {
        assert_eq!(three_figures(812.345), 812.0);
        assert_eq!(three_figures(99.96), 100.0);
        assert_eq!(three_figures(0.012345), 0.0123);
        assert_eq!(three_figures(12345.0), 12300.0);
        let lens: Vec<(u32, u32, u8)> = (0..1000).map(|i| (10 + i % 3, 800 + i % 7, 1)).collect();
        let (meta, body) = average_lengths(&lens);
        assert_eq!((meta, body), (11.0, 803.0));
        // A sentence more on one page of a thousand leaves them as they were.
        let mut edited = lens.clone();
        edited[5].1 += 12;
        assert_eq!(average_lengths(&edited), (meta, body));
        assert_eq!(average_lengths(&[]), (1.0, 1.0));
    }

    fn fixture() -> Site {
        let Ok(loaded) = load(&BuildOptions::new("tests/fixtures/search")) else {
            panic!("the search fixture does not load");
        };
        loaded.site
    }

    fn doc_of(site: &Site, index: &InvertedIndex, title: &str) -> u32 {
        index
            .docs
            .iter()
            .position(|&id| site.pages[id].title == title)
            .unwrap_or_else(|| panic!("{title} is not indexed")) as u32
    }

    fn postings<'i>(index: &'i InvertedIndex, stem: &str) -> &'i [Posting] {
        let i = index
            .stems
            .binary_search_by(|(s, _)| s.as_str().cmp(stem))
            .unwrap_or_else(|_| panic!("no stem {stem}"));
        &index.stems[i].1
    }

    #[test]
    fn short_words_keep_their_ids_as_the_table_grows() {
        let mut table = ShortWords::default();
        let mut words = Vec::new();
        let keys: Vec<u128> = (0..20_000u32)
            .map(|n| super::super::tokenise::pack(&format!("w{n}")).expect("short"))
            .collect();
        for (id, &k) in keys.iter().enumerate() {
            assert_eq!(table.tally(k, &mut words).id, id as u32);
        }
        for (id, &k) in keys.iter().enumerate() {
            assert_eq!(table.tally(k, &mut words).id, id as u32);
        }
        assert_eq!(table.len, keys.len());
        assert_eq!(words.len(), keys.len());
        assert_eq!(&*words[123], "w123");
        assert!(table.slots.len() >= 2 * keys.len());
    }

    #[test]
    fn counts_each_field_and_page_apart() {
        let mut counter = Counter::default();
        let long = "a-very-long-word-indeed".replace('-', "");
        for (doc, field, word) in [
            (0, Field::Title, "housing"),
            (0, Field::Body, "housing"),
            (0, Field::Body, "housing"),
            (0, Field::Body, long.as_str()),
            (1, Field::Meta, long.as_str()),
            (1, Field::Body, "housing"),
        ] {
            counter.add(super::super::tokenise::Key::of(word), doc, field);
        }
        let (words, lists) = counter.into_lists();
        let counts = |w: &str| -> Vec<(u32, u8, u8, u8)> {
            let i = words.iter().position(|x| &**x == w).expect("counted");
            lists[i]
                .iter()
                .map(|r| (r.doc, r.title, r.meta, r.body))
                .collect()
        };
        assert_eq!(counts("housing"), [(0, 1, 0, 2), (1, 0, 0, 1)]);
        assert_eq!(counts(&long), [(0, 0, 0, 1), (1, 0, 1, 0)]);
    }

    #[test]
    fn words_side_by_side_are_paired_by_stem_once_a_page_and_only_within_a_field() {
        let mut pairs = PairCounter::default();
        // Page 0: 1 2 3 1 2 in one text; page 1: 1 2, then 2 3 in another field.
        for (doc, words) in [(0, vec![1, 2, 3, 1, 2]), (1, vec![1, 2]), (1, vec![2, 3])] {
            let mut prev = None;
            for w in words {
                pairs.follow(&mut prev, w, doc);
            }
        }
        let (keys, lists) = pairs.into_lists();
        let found: Vec<((u32, u32), Vec<u32>)> = keys.into_iter().zip(lists).collect();
        assert_eq!(
            found,
            [
                ((1, 2), vec![0, 1]),
                ((2, 3), vec![0, 1]),
                ((3, 1), vec![0])
            ],
            "no (3, 2) across the fields of page 1"
        );

        let site = fixture();
        let index = InvertedIndex::build(&site, &Stemmer::for_language("en"));
        let docs = |key: &str| -> Vec<&str> {
            index
                .pairs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, d)| {
                    d.iter()
                        .map(|&doc| site.pages[index.docs[doc as usize]].title.as_str())
                        .collect()
                })
                .unwrap_or_default()
        };
        // "A pooled budget" in the block; "Pooled budgets", the block's title, in the
        // pages that name it; stems, so both forms are one pair.
        let pooled = docs("pool_budget");
        for title in ["Pooled budgets", "Oldham Council", "Sheffield Money"] {
            assert!(pooled.contains(&title), "{title}: {pooled:?}");
        }
        // Words of one letter are not indexed, so "budget. A pooled" pairs budget, pool.
        assert_eq!(docs("budget_pool"), ["Pooled budgets"]);
        assert!(docs("pool_trust").is_empty());
        assert!(index.pairs.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
        assert!(
            index
                .pairs
                .iter()
                .all(|(_, d)| d.windows(2).all(|w| w[0] < w[1])),
            "pages sorted and distinct"
        );
    }

    #[test]
    fn pages_with_search_false_are_left_out() {
        let site = fixture();
        let index = InvertedIndex::build(&site, &Stemmer::for_language("en"));
        let titles: Vec<&str> = index
            .docs
            .iter()
            .map(|&id| site.pages[id].title.as_str())
            .collect();
        assert!(titles.contains(&"Oldham Council"));
        assert!(!titles.contains(&"Secret Garden Project"), "{titles:?}");
        assert!(index.stems.iter().all(|(s, _)| s != "zorblax"));
        // Drafts never reach the site at all.
        assert!(!titles.contains(&"Unfinished Draft Place"));
    }

    #[test]
    fn words_are_stemmed_and_their_forms_listed() {
        let site = fixture();
        let index = InvertedIndex::build(&site, &Stemmer::for_language("en-GB"));
        let oldham = doc_of(&site, &index, "Oldham Council");
        assert_eq!(
            postings(&index, "moneylend")
                .iter()
                .map(|p| p.doc)
                .collect::<Vec<_>>(),
            [oldham]
        );
        assert!(
            index
                .aliases
                .contains(&("moneylenders".into(), "moneylend".into()))
        );
        // "housing" and "houses" would meet at one stem; every alias points at a stem.
        for (_, stem) in &index.aliases {
            assert!(
                index.stems.binary_search_by(|(s, _)| s.cmp(stem)).is_ok(),
                "{stem}"
            );
        }
    }

    #[test]
    fn title_words_and_weights_are_recorded() {
        let site = fixture();
        let index = InvertedIndex::build(&site, &Stemmer::for_language("en"));
        let sheffield_money = doc_of(&site, &index, "Sheffield Money");
        let leeds = doc_of(&site, &index, "Leeds Housing First");
        let sheffield = postings(&index, "sheffield");
        let of = |d: u32| *sheffield.iter().find(|p| p.doc == d).expect("posting");
        // In the title of a two-word title; not in Leeds's title.
        assert_eq!(of(sheffield_money).title_words, 2);
        assert_eq!(of(leeds).title_words, 0);
        // Leeds says "Sheffield" far more often in its body, so its body weight is higher.
        assert!(of(leeds).level > of(sheffield_money).level);
        assert!(sheffield.iter().all(|p| p.level <= MAX_LEVEL));
        // Postings are sorted by page, one per page.
        for (_, list) in &index.stems {
            assert!(list.windows(2).all(|w| w[0].doc < w[1].doc));
        }
    }

    #[test]
    fn terms_of_other_taxonomies_are_searchable() {
        let site = fixture();
        let index = InvertedIndex::build(&site, &Stemmer::for_language("en"));
        let sheffield_money = doc_of(&site, &index, "Sheffield Money");
        // `year` is a taxonomy of the fixture; 2015 is nowhere in the page's text.
        assert!(
            !site.pages[index.docs[sheffield_money as usize]]
                .body
                .text
                .unpack()
                .contains("2015")
        );
        assert_eq!(
            postings(&index, "2015")
                .iter()
                .map(|p| p.doc)
                .collect::<Vec<_>>(),
            [sheffield_money]
        );
    }

    #[test]
    fn the_same_site_gives_the_same_index() {
        let site = fixture();
        let a = crate::search::build(&site).into_artifacts();
        let b = crate::search::build(&site).into_artifacts();
        assert_eq!(a, b);
    }

    #[test]
    fn an_index_streaming_its_page_files_from_taken_texts_writes_the_same_files() {
        let site = fixture();
        let whole = crate::search::build(&site);
        let streamed = std::sync::Mutex::new(Vec::new());
        let put = |files: Vec<crate::output::Artifact>| {
            streamed.lock().unwrap().extend(files);
        };
        let mut without_texts = site.clone();
        let taken = crate::search::TakenTexts::take(&mut without_texts);
        assert!(without_texts.pages.iter().all(|p| p.body.text.is_empty()));
        assert!(taken.unread() > 0);
        let index = crate::search::build_streaming(&without_texts, Some(&taken), &put);
        assert_eq!(
            taken.unread(),
            0,
            "each text is dropped once the index has read it"
        );
        assert_eq!(index.manifest(), whole.manifest());
        let mut streamed = streamed.into_inner().unwrap();
        assert!(
            !streamed.is_empty() && streamed.iter().all(|a| a.path.contains("/f-")),
            "only page files are given as they are made"
        );
        streamed.extend(index.into_artifacts());
        let mut whole = whole.into_artifacts();
        streamed.sort_by(|a, b| a.path.cmp(&b.path));
        whole.sort_by(|a, b| a.path.cmp(&b.path));
        assert_eq!(streamed, whole);
    }

    #[test]
    fn unknown_languages_index_words_as_written() {
        let site = fixture();
        let index = InvertedIndex::build(&site, &Stemmer::for_language("ga"));
        assert!(index.aliases.is_empty());
        assert!(postings(&index, "moneylenders").len() == 1);
    }

    #[test]
    fn welsh_indexes_radical_keys_without_the_written_forms() {
        let site = fixture();
        let index = InvertedIndex::build(&site, &Stemmer::for_language("cy"));
        assert!(index.aliases.is_empty());
        // "moneylenders" is keyed by its radical, and is not there as written.
        assert_eq!(postings(&index, "poneylenders").len(), 1);
        let written = index
            .stems
            .binary_search_by(|(s, _)| s.as_str().cmp("moneylenders"));
        assert!(written.is_err());
    }
}
