//! The search index kept in memory between edits, for `serve`: each page's counted
//! words and page file are kept with a hash of what they were made from, and an edit
//! counts again only the pages whose text changed. The index's files are then made
//! from what is kept, byte for byte as [`super::build`] makes them from the whole site.
//!
//! - Words and stems are numbered once; each stem keeps its counts per document, its
//!   postings and its entry, which is encoded again only when its postings change
//!   (the length normalisation of every page follows any page's length, so postings
//!   are recomputed, cheaply, on every refresh).
//! - Each pair of stems side by side keeps its documents and its entry; a page's
//!   edit re-encodes only the pairs it had or has.
//! - Page files are kept per block of [`shards::BLOCK`] documents; a block is made
//!   again only when one of its pages' files changed. Each page's file hash holds the
//!   site's dictionary (made again when a page of its sample changed), so
//!   when an edit changes the dictionary every page file is made again.
//! - Pair shards are named each by its own hash; those whose entries did not change
//!   are kept (see [`KeptShards`]) and not given again.
//! - When the searchable pages or their order change (a page added, deleted or opted
//!   out), documents are numbered again and every page is added anew from what is kept
//!   (only new or changed pages are counted).

use super::index::{self, InvertedIndex, PAIR_JOIN, Posting, Raw};
use super::packed::{self, Dictionary};
use super::shards::{self, Entry, Files, KeptShards, Parts};
use super::stem::Stemmer;
use super::texts::Texts;
use crate::model::{PageId, Site};
use crate::output::Artifact;
use rayon::prelude::*;
use std::collections::HashMap;
use xxhash_rust::xxh3::Xxh3;

/// A word of the index.
struct Word {
    stem: u32,
    /// How many documents have it.
    pages: u32,
    /// `word>stem`, when the word differs from its stem and words are stemmed.
    alias: Option<Entry>,
}

/// A stem: its counts per document (merged over its words), its postings and entry.
struct Stem {
    name: String,
    /// Sorted by document.
    raws: Vec<Raw>,
    postings: Vec<Posting>,
    entry: Option<Entry>,
}

/// Two stems side by side, with their documents (sorted) and entry.
struct Pair {
    key: String,
    docs: Vec<u32>,
    entry: Option<Entry>,
}

/// One page as last indexed.
struct Page {
    href: String,
    /// The hash of the texts its words come from.
    words_hash: u64,
    /// Its distinct words (by number) with their counts.
    words: Vec<(u32, Raw)>,
    /// Its distinct pairs (by number), sorted.
    pairs: Vec<u32>,
    lens: (u32, u32, u8),
    /// The hash of what its page file is made from, and that file's data.
    file_hash: u64,
    data: Vec<u8>,
}

/// A page's words counted but not yet numbered, and its page file's data, each when
/// asked for.
struct Counted {
    words: Option<index::PageWords>,
    data: Option<Vec<u8>>,
}

/// The search index of one site, kept between edits.
pub struct LiveIndex {
    language: String,
    stemmer: Stemmer,
    pages: Vec<Page>,
    words: Vec<Word>,
    word_ids: HashMap<Box<str>, u32>,
    stems: Vec<Stem>,
    stem_ids: HashMap<String, u32>,
    pairs: Vec<Pair>,
    pair_ids: HashMap<(u32, u32), u32>,
    /// The pairs that some document has, sorted by key.
    pair_order: Vec<u32>,
    /// Each block's hash and the paths of its files.
    blocks: Vec<(String, Vec<String>)>,
    /// The blocks of page files made since the index last gave its files.
    made_blocks: Vec<Artifact>,
    /// The average field lengths the postings were computed with.
    averages: Option<(f64, f64)>,
    /// The stems whose counts changed, each with a document whose counts changed.
    dirty_stems: Vec<(u32, u32)>,
    /// Whether every stem's postings are to be worked out again (the documents were
    /// numbered anew).
    all_stems_dirty: bool,
    dirty_pairs: Vec<u32>,
    dirty_blocks: Vec<usize>,
    /// While every page is added anew: [`LiveIndex::pair_order`] is sorted once after.
    renumbering: bool,
    /// The dictionary the page files are packed against, and a hash of what it was
    /// made from.
    dictionary: Dictionary,
    dictionary_source: Option<u64>,
    /// The path of the manifest last given.
    manifest: Option<String>,
    /// The pair shards last given, so that those whose entries did not change are not
    /// given again.
    kept_pairs: KeptShards,
}

impl LiveIndex {
    /// An empty index for the language of `site`.
    pub fn new(site: &Site) -> LiveIndex {
        LiveIndex {
            language: site.config.language.clone(),
            stemmer: Stemmer::for_language(&site.config.language),
            pages: Vec::new(),
            words: Vec::new(),
            word_ids: HashMap::new(),
            stems: Vec::new(),
            stem_ids: HashMap::new(),
            pairs: Vec::new(),
            pair_ids: HashMap::new(),
            pair_order: Vec::new(),
            blocks: Vec::new(),
            made_blocks: Vec::new(),
            averages: None,
            dirty_stems: Vec::new(),
            all_stems_dirty: false,
            dirty_pairs: Vec::new(),
            dirty_blocks: Vec::new(),
            renumbering: false,
            dictionary: Dictionary::default(),
            dictionary_source: None,
            manifest: None,
            kept_pairs: KeptShards::default(),
        }
    }

    /// Brings the index up to date with `site` and gives its files (the same bytes as
    /// [`super::build`] gives for `site`), but for page files and pair shards given
    /// before and unchanged since: [`LiveIndex::unchanged`] names those.
    pub fn refresh(&mut self, site: &Site) -> Files {
        if site.config.language != self.language {
            *self = LiveIndex::new(site);
        }
        let docs = index::searchable(site);
        self.refresh_dictionary(site, &docs);
        let dictionary = self.dictionary.hash();
        let hashes: Vec<(String, u64, u64)> = docs
            .par_iter()
            .map(|&id| {
                let (words, file) = input_hashes(site, id);
                let file =
                    xxhash_rust::xxh3::xxh3_64(&[file, dictionary].map(u64::to_le_bytes).concat());
                (site.pages[id].href(), words, file)
            })
            .collect();
        let same_docs = hashes.len() == self.pages.len()
            && hashes.iter().zip(&self.pages).all(|(h, p)| h.0 == p.href);
        if same_docs {
            self.update(site, &docs, hashes);
        } else {
            self.renumber(site, &docs, hashes);
        }
        self.files(site, docs)
    }

    /// The dictionary the page files are packed against made again, when what it is
    /// made from changed.
    fn refresh_dictionary(&mut self, site: &Site, docs: &[PageId]) {
        // The texts are unpacked only when their packed bytes changed (their kept
        // hashes say so).
        let text = |i: usize| &site.pages[docs[i]].body.text;
        let total = docs.iter().map(|&id| site.pages[id].body.text.len()).sum();
        let hashes: Vec<[u8; 8]> = packed::sampled(docs.len())
            .map(|i| text(i).hash().to_le_bytes())
            .collect();
        let sampled: Vec<&[u8]> = hashes.iter().map(|h| h.as_slice()).collect();
        let source = Dictionary::source_hash(total, &sampled);
        if self.dictionary_source != Some(source) {
            let (total, sample) = shards::dictionary_source(Texts::of_site(site), docs);
            let sample: Vec<&str> = sample.iter().map(String::as_str).collect();
            self.dictionary = Dictionary::of_sample(total, &sample);
            self.dictionary_source = Some(source);
        }
    }

    /// Counts again the pages whose texts changed, documents numbered as before.
    fn update(&mut self, site: &Site, docs: &[PageId], hashes: Vec<(String, u64, u64)>) {
        let changed: Vec<(usize, bool, bool)> = hashes
            .iter()
            .zip(&self.pages)
            .enumerate()
            .filter_map(|(d, (h, p))| {
                let (words, file) = (h.1 != p.words_hash, h.2 != p.file_hash);
                (words || file).then_some((d, words, file))
            })
            .collect();
        let counted: Vec<Counted> = changed
            .par_iter()
            .map(|&(d, words, file)| count(site, docs[d], words, file.then_some(&self.dictionary)))
            .collect();
        for ((d, _, _), c) in changed.into_iter().zip(counted) {
            let (_, words_hash, file_hash) = hashes[d];
            if let Some(data) = c.data {
                self.pages[d].data = data;
                self.pages[d].file_hash = file_hash;
                self.dirty_blocks.push(d / shards::BLOCK);
            }
            if let Some(counted) = c.words {
                self.remove(d as u32);
                let (words, pairs) = self.number(counted.words, &counted.pairs);
                let page = &mut self.pages[d];
                (page.words, page.pairs, page.lens) = (words, pairs, counted.lens);
                page.words_hash = words_hash;
                self.add(d as u32);
            }
        }
    }

    /// Numbers the documents anew: every page is added again, counted again only when
    /// it is new or its texts changed.
    fn renumber(&mut self, site: &Site, docs: &[PageId], hashes: Vec<(String, u64, u64)>) {
        let mut old: HashMap<String, Page> = std::mem::take(&mut self.pages)
            .into_iter()
            .map(|p| (p.href.clone(), p))
            .collect();
        let kept: Vec<Option<Page>> = hashes
            .iter()
            .map(|(href, w, f)| {
                old.remove(href)
                    .filter(|p| p.words_hash == *w && p.file_hash == *f)
            })
            .collect();
        drop(old);
        let counted: Vec<Option<Counted>> = kept
            .par_iter()
            .zip(docs)
            .map(|(k, &id)| {
                k.is_none()
                    .then(|| count(site, id, true, Some(&self.dictionary)))
            })
            .collect();
        for w in &mut self.words {
            w.pages = 0;
        }
        for s in &mut self.stems {
            s.raws.clear();
        }
        for p in &mut self.pairs {
            p.docs.clear();
            p.entry = None;
        }
        self.pair_order.clear();
        self.renumbering = true;
        let entries = kept.into_iter().zip(counted).zip(hashes).zip(docs);
        for (((k, c), (href, words_hash, file_hash)), &id) in entries {
            let page = match k {
                Some(page) => page,
                None => {
                    let c = c.unwrap_or_else(|| count(site, id, true, Some(&self.dictionary)));
                    let counted = c.words.unwrap_or_else(|| index::page_words(site, id));
                    let (words, pairs) = self.number(counted.words, &counted.pairs);
                    Page {
                        href,
                        words_hash,
                        words,
                        pairs,
                        lens: counted.lens,
                        file_hash,
                        data: c.data.unwrap_or_default(),
                    }
                }
            };
            self.pages.push(page);
            self.add(self.pages.len() as u32 - 1);
        }
        self.renumbering = false;
        self.all_stems_dirty = true;
        self.sort_pairs();
        // Every pair's document set is written against the document count.
        self.dirty_pairs = (0..self.pairs.len() as u32).collect();
        self.blocks.clear();
        self.dirty_blocks = (0..self.pages.len().div_ceil(shards::BLOCK)).collect();
    }

    /// Numbers a page's words and pairs (new ones get the next numbers).
    fn number(
        &mut self,
        words: Vec<(Box<str>, Raw)>,
        pairs: &[(u32, u32)],
    ) -> (Vec<(u32, Raw)>, Vec<u32>) {
        let numbered: Vec<(u32, Raw)> = words
            .into_iter()
            .map(|(word, raw)| (self.word_id(word), raw))
            .collect();
        let mut pair_ids: Vec<u32> = Vec::with_capacity(pairs.len());
        for &(a, b) in pairs {
            let stem = |i: u32| self.words[numbered[i as usize].0 as usize].stem;
            let (a, b) = (stem(a), stem(b));
            pair_ids.push(self.pair_id(a, b));
        }
        pair_ids.sort_unstable();
        pair_ids.dedup();
        (numbered, pair_ids)
    }

    /// The number of `word`, stemming it the first time it is seen.
    fn word_id(&mut self, word: Box<str>) -> u32 {
        if let Some(&id) = self.word_ids.get(&word) {
            return id;
        }
        let stem = self.stemmer.stem(&word);
        let alias =
            (*stem != *word && self.stemmer.is_active()).then(|| shards::alias_entry(&word, &stem));
        let next = self.stems.len() as u32;
        let stem_id = *self.stem_ids.entry(stem.clone()).or_insert(next);
        if stem_id == next {
            self.stems.push(Stem {
                name: stem,
                raws: Vec::new(),
                postings: Vec::new(),
                entry: None,
            });
        }
        let id = self.words.len() as u32;
        self.words.push(Word {
            stem: stem_id,
            pages: 0,
            alias,
        });
        self.word_ids.insert(word, id);
        id
    }

    /// The number of the pair of stems `a` then `b`.
    fn pair_id(&mut self, a: u32, b: u32) -> u32 {
        let next = self.pairs.len() as u32;
        let id = *self.pair_ids.entry((a, b)).or_insert(next);
        if id == next {
            let key = format!(
                "{}{PAIR_JOIN}{}",
                self.stems[a as usize].name, self.stems[b as usize].name
            );
            self.pairs.push(Pair {
                key,
                docs: Vec::new(),
                entry: None,
            });
        }
        id
    }

    /// [`LiveIndex::pair_order`] made again: every pair some document has, by key.
    fn sort_pairs(&mut self) {
        let pairs = &self.pairs;
        let mut order: Vec<u32> = (0..pairs.len() as u32)
            .filter(|&p| !pairs[p as usize].docs.is_empty())
            .collect();
        order.par_sort_unstable_by(|&a, &b| pairs[a as usize].key.cmp(&pairs[b as usize].key));
        self.pair_order = order;
    }

    /// The path of the manifest of the last [`LiveIndex::refresh`]'s files.
    pub fn manifest(&self) -> Option<&str> {
        self.manifest.as_deref()
    }

    /// Forgets the files given before that the output no longer holds (`holds` says
    /// which it does, by path), so that the next refresh gives them again: a full
    /// reload between two refreshes writes the index of the site as it was then.
    pub fn forget_missing(&mut self, holds: impl Fn(&str) -> bool) {
        self.kept_pairs.retain(&holds);
        for (b, (_, paths)) in self.blocks.iter().enumerate() {
            if !paths.iter().all(|p| holds(p)) {
                self.dirty_blocks.push(b);
            }
        }
    }

    /// The page files and pair shards left out of the last [`LiveIndex::refresh`]'s
    /// files because an earlier one gave them with the same bytes (with some given in
    /// the last one too).
    pub fn unchanged(&self) -> impl Iterator<Item = &str> {
        self.blocks
            .iter()
            .flat_map(|(_, paths)| paths.iter().map(String::as_str))
            .chain(self.kept_pairs.paths())
    }

    /// Where `pair` is or would be in [`LiveIndex::pair_order`].
    fn order_of(&self, pair: u32) -> usize {
        let key = &self.pairs[pair as usize].key;
        self.pair_order
            .partition_point(|&o| self.pairs[o as usize].key < *key)
    }

    /// Adds document `doc`'s words and pairs to the stems and pairs.
    fn add(&mut self, doc: u32) {
        let page = &self.pages[doc as usize];
        let mut by_stem: Vec<(u32, Raw)> = page
            .words
            .iter()
            .map(|&(w, raw)| (self.words[w as usize].stem, Raw { doc, ..raw }))
            .collect();
        for &(w, _) in &page.words {
            self.words[w as usize].pages += 1;
        }
        by_stem.sort_unstable_by_key(|s| s.0);
        for (stem, raw) in merge_by_stem(by_stem) {
            let raws = &mut self.stems[stem as usize].raws;
            let at = raws.partition_point(|r| r.doc < doc);
            raws.insert(at, raw);
            if !self.renumbering {
                self.dirty_stems.push((stem, doc));
            }
        }
        for &pair in &page.pairs {
            let p = &mut self.pairs[pair as usize];
            let at = p.docs.partition_point(|&d| d < doc);
            p.docs.insert(at, doc);
            if p.docs.len() == 1 && !self.renumbering {
                let at = self.order_of(pair);
                self.pair_order.insert(at, pair);
            }
            self.dirty_pairs.push(pair);
        }
    }

    /// Takes document `doc`'s words and pairs out of the stems and pairs.
    fn remove(&mut self, doc: u32) {
        let page = &self.pages[doc as usize];
        for &(w, _) in &page.words {
            let word = &mut self.words[w as usize];
            word.pages -= 1;
            let raws = &mut self.stems[word.stem as usize].raws;
            if let Ok(at) = raws.binary_search_by_key(&doc, |r| r.doc) {
                raws.remove(at);
                self.dirty_stems.push((word.stem, doc));
            }
        }
        for &pair in &page.pairs {
            let p = &mut self.pairs[pair as usize];
            if let Ok(at) = p.docs.binary_search(&doc) {
                p.docs.remove(at);
            }
            if p.docs.is_empty() {
                p.entry = None;
                let at = self.order_of(pair);
                if self.pair_order.get(at) == Some(&pair) {
                    self.pair_order.remove(at);
                }
            }
            self.dirty_pairs.push(pair);
        }
    }

    /// Every file of the index, from what is kept.
    fn files(&mut self, site: &Site, docs: Vec<PageId>) -> Files {
        self.refresh_postings();
        self.refresh_pairs();
        self.refresh_blocks();
        let mut terms: Vec<&Entry> = self
            .stems
            .iter()
            .filter_map(|s| s.entry.as_ref())
            .chain(
                self.words
                    .iter()
                    .filter(|w| w.pages > 0)
                    .filter_map(|w| w.alias.as_ref()),
            )
            .collect();
        terms.par_sort_unstable_by(|a, b| a.key.cmp(&b.key).then(a.text.cmp(&b.text)));
        let pairs: Vec<&Entry> = self
            .pair_order
            .iter()
            .filter_map(|&p| self.pairs[p as usize].entry.as_ref())
            .collect();
        let hashes: Vec<String> = self.blocks.iter().map(|b| b.0.clone()).collect();
        let parts = Parts {
            terms,
            pages: (hashes, std::mem::take(&mut self.made_blocks)),
            pairs,
            dictionary: &self.dictionary,
            kept_pairs: Some(&mut self.kept_pairs),
        };
        let index = InvertedIndex {
            docs,
            ..InvertedIndex::default()
        };
        let files = shards::assemble(site, &index, &self.stemmer, parts);
        self.manifest = Some(files.manifest.clone());
        files
    }

    /// Every stem's postings from its counts and the pages' length normalisation; the
    /// entries of those that changed (or whose counts changed) encoded again.
    /// With the average lengths (rounded) unchanged, only the postings of the pages
    /// counted again can change (a page's own lengths change only when it is counted
    /// again), and only those are worked out again.
    fn refresh_postings(&mut self) {
        let lens: Vec<(u32, u32, u8)> = self.pages.iter().map(|p| p.lens).collect();
        let norms = index::length_norms(&lens);
        let averages = Some(index::average_lengths(&lens));
        let renumbered = std::mem::take(&mut self.all_stems_dirty);
        let all = renumbered || averages != self.averages;
        self.averages = averages;
        let mut dirty = std::mem::take(&mut self.dirty_stems);
        if all {
            self.stems.par_iter_mut().for_each(|s| s.refresh(&norms));
            return;
        }
        dirty.sort_unstable();
        dirty.dedup();
        self.stems.par_iter_mut().enumerate().for_each(|(i, stem)| {
            // `dirty` is sorted by stem: this stem's run of it, if any.
            let from = dirty.partition_point(|d| (d.0 as usize) < i);
            let to = from + dirty[from..].partition_point(|d| d.0 as usize == i);
            if from < to {
                stem.refresh_docs(&norms, &dirty[from..to]);
            }
        });
    }

    /// The entries of the pairs whose documents changed, encoded again.
    fn refresh_pairs(&mut self) {
        let mut dirty = vec![false; self.pairs.len()];
        for p in self.dirty_pairs.drain(..) {
            dirty[p as usize] = true;
        }
        let docs = self.pages.len() as u32;
        self.pairs
            .par_iter_mut()
            .zip(dirty)
            .filter(|(_, dirty)| *dirty)
            .for_each(|(pair, _)| {
                pair.entry = (!pair.docs.is_empty())
                    .then(|| shards::pair_entry(pair.key.clone(), &pair.docs, docs));
            });
    }

    /// The blocks of page files with a changed page made again.
    fn refresh_blocks(&mut self) {
        let mut dirty = std::mem::take(&mut self.dirty_blocks);
        dirty.sort_unstable();
        dirty.dedup();
        let count = self.pages.len().div_ceil(shards::BLOCK);
        self.blocks.resize_with(count, Default::default);
        self.made_blocks.clear();
        let made: Vec<(usize, (String, Vec<Artifact>))> = dirty
            .par_iter()
            .filter(|&&b| b < count)
            .map(|&b| {
                let first = b * shards::BLOCK;
                let last = (first + shards::BLOCK).min(self.pages.len());
                let data: Vec<&[u8]> = self.pages[first..last]
                    .iter()
                    .map(|p| p.data.as_slice())
                    .collect();
                (b, shards::page_block(first, &data))
            })
            .collect();
        for (b, (hash, files)) in made {
            self.blocks[b] = (hash, files.iter().map(|f| f.path.clone()).collect());
            self.made_blocks.extend(files);
        }
    }
}

impl Stem {
    /// Its postings of the documents in `dirty` (`(stem, document)`, this stem's)
    /// computed again with `norms` (the others are as they were: the average lengths
    /// did not change), or all of them when one of those documents gained or lost a
    /// posting; its entry encoded again when they changed.
    fn refresh_docs(&mut self, norms: &[index::Norm], dirty: &[(u32, u32)]) {
        if self.postings.len() != self.raws.len() || self.entry.is_none() {
            return self.refresh(norms);
        }
        let mut at = Vec::with_capacity(dirty.len());
        for &(_, d) in dirty {
            let raw = self.raws.binary_search_by_key(&d, |r| r.doc).ok();
            if raw != self.postings.binary_search_by_key(&d, |p| p.doc).ok() {
                return self.refresh(norms);
            }
            at.extend(raw);
        }
        let mut changed = false;
        for i in at {
            let new = index::posting(&self.raws[i], norms);
            if new != self.postings[i] {
                self.postings[i] = new;
                changed = true;
            }
        }
        if changed {
            self.entry = Some(shards::term_entry(&self.name, &self.postings));
        }
    }

    /// Its postings computed again with `norms`, and its entry encoded again when they
    /// changed.
    fn refresh(&mut self, norms: &[index::Norm]) {
        let mut changed = self.postings.len() != self.raws.len() || self.entry.is_none();
        self.postings.resize(self.raws.len(), Posting::default());
        for (raw, posting) in self.raws.iter().zip(&mut self.postings) {
            let new = index::posting(raw, norms);
            if new != *posting {
                *posting = new;
                changed = true;
            }
        }
        if changed {
            self.entry =
                (!self.postings.is_empty()).then(|| shards::term_entry(&self.name, &self.postings));
        }
    }
}

/// Counts page `id`'s words (when `words`) and makes its page file's data, packed
/// against `file`'s dictionary (when there is one).
fn count(site: &Site, id: PageId, words: bool, file: Option<&Dictionary>) -> Counted {
    Counted {
        words: words.then(|| index::page_words(site, id)),
        data: file.map(|d| shards::page_data(site, id, d)),
    }
}

/// `(stem, counts)` sorted by stem, the counts of each stem added together.
fn merge_by_stem(sorted: Vec<(u32, Raw)>) -> Vec<(u32, Raw)> {
    let mut merged: Vec<(u32, Raw)> = Vec::with_capacity(sorted.len());
    for (stem, raw) in sorted {
        match merged.last_mut() {
            Some((s, m)) if *s == stem => m.add(&raw),
            _ => merged.push((stem, raw)),
        }
    }
    merged
}

/// The hashes of what page `id`'s words are counted from (title, second field,
/// body) and of what its page file is made from.
fn input_hashes(site: &Site, id: PageId) -> (u64, u64) {
    let p = &site.pages[id];
    let text = p.body.text.hash();
    let mut words = Xxh3::new();
    let put = |h: &mut Xxh3, s: &str| {
        h.update(&(s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    put(&mut words, &p.title);
    for part in index::meta_parts(site, id) {
        put(&mut words, part);
    }
    words.update(&text.to_le_bytes());
    let mut file = Xxh3::new();
    put(&mut file, &p.title);
    put(&mut file, &p.href());
    put(
        &mut file,
        p.doc.front.summary.as_deref().unwrap_or_default(),
    );
    file.update(
        &site.collection_of[id]
            .map_or(u64::MAX, |c| c as u64)
            .to_le_bytes(),
    );
    file.update(&text.to_le_bytes());
    for h in &p.body.toc {
        put(&mut file, &h.id);
        put(&mut file, &h.title);
        file.update(&(h.text_at as u64).to_le_bytes());
    }
    (words.digest(), file.digest())
}
