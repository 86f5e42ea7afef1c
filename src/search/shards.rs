//! Writing the index as script files that load over HTTP and from `file://` alike:
//! each file is one call `PBS("<name>", <data>)` to a function `search.js` defines,
//! where `<name>` is the file's name without `.js`.
//!
//! Every file is in one folder, `search/data/` ([`DATA`]), and is named by its content:
//! its name ends in [`HASH_LEN`] hex digits of a hash of its data (or of the data of its
//! group: [`TERM_GROUP`] term shards, all ending shards, a block of page files),
//! so that a host may cache the folder for a year and a new build never meets an old
//! file of the same name. The search page names the manifest (`data-manifest`), and the
//! manifest the hashes of the others.
//!
//! - `manifest-<hash>.js`: document count, block size, collection titles, the shard
//!   prefixes (one string, each prefix as the length it shares with the one before it
//!   and the rest) and their hashes (`t`: one per group of term shards, `tg` shards
//!   each, in prefix order; `e`: one for all ending shards), the page files' block
//!   hashes, the facets and pairs
//!   files, `"mutations": "cy"` when words are keyed by their Welsh radical, and the
//!   page texts' dictionary (`z`: its deflate prefix in base64; `zn`: its length in
//!   bytes; both absent when the texts are packed without one).
//! - `t-<prefix>-<hash>.js`: term shards. A stem or word is in the shard of the longest
//!   listed prefix it starts with. Prefixes grow one character where a shard would pass
//!   [`TERM_SHARD_TARGET`] bytes ([`SHARD_TARGET`] for the ending and pair shards), so a common word's neighbours do not ride along with it.
//!   Entries are `;`-separated: `stem:postings` or `word>stem`. Postings, by document:
//!   a weight character (0–47: body weight; 48–63: in the title, whose distinct-word
//!   count is the value minus 47, then a body-weight character), then the gap to the
//!   previous document (see [`super::encode`]). The hash is that of the shard's group:
//!   [`TERM_GROUP`] shards in prefix order, so an edit renames only the groups whose
//!   shards it changes.
//! - `f-<n>-<hash>.js`: document `n`'s page file, loaded only when it is shown as a
//!   result: `[title, url, collection number or -1, summary, text, sections]`, where
//!   `text` is the page's whole plain text packed ([`super::packed`]: deflated against
//!   the site's dictionary, in base64; the browser unpacks it after the manifest's
//!   prefix and cuts the excerpt around the best match) and `sections` lists its level-2 and level-3 headings flat, `at, id, title`
//!   each, `at` being where the heading's text starts in `text`, in UTF-16 code units;
//!   `id` is `0` when it is the slug the browser makes of the title (see `ascii_slug`),
//!   and `title` its length in UTF-16 units when the text at `at` starts with it.
//!   The hash is that of its block of [`BLOCK`] documents (so the manifest holds one
//!   hash per block, not per file; a change to one page renames its block's files).
//! - `facets-<hash>.js`: for each facet, its values and their document sets.
//! - `pairs-<hash>.js` and `p-<prefix>-<hash>.js`: every two stems side by side in a
//!   page, `first_second:<document set>` (the key front-coded: how many characters it
//!   shares with the key before it, as one digit, then the rest), sharded as the terms
//!   are, with their own manifest (`shards`, the prefixes; `h`, each shard's own hash
//!   in turn, [`HASH_LEN`] digits each, so an edit renames only the pair shards it
//!   changes), loaded only for a quoted phrase (whose words must stand side by side).
//! - `e-<prefix>-<hash>.js`: ending shards, for typos near the start of a word (which
//!   send a word to another term shard): every indexed key (stem or word) of at least
//!   [`MIN_TYPO_KEY`] characters, filed by its characters read backwards, so a word is
//!   found through its ending. Entries are the keys, `;`-separated. A query word of five
//!   letters or more that matches nothing in its own term shard loads the ending shard of
//!   its reversed form, keeps the keys one edit away, and loads their term shards.

use super::encode::{ALPHABET, doc_set, push_digit, push_number};
use super::index::{InvertedIndex, MAX_LEVEL, Posting};
use super::packed::{Dictionary, Packer};
use super::stem::Stemmer;
use super::texts::Texts;
use crate::markdown::TocEntry;
use crate::model::{PageId, Site};
use crate::output::Artifact;
use rayon::prelude::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};

/// Output folder of the search page.
pub const DIR: &str = "search";
/// Output folder of every file of the index.
pub const DATA: &str = "search/data";
/// Hex digits of a file's content hash in its name.
pub const HASH_LEN: usize = 8;
/// Page files per block: the files of a block share one hash, of all their data.
pub const BLOCK: usize = 256;
/// An ending or pair shard grows longer prefixes past this many bytes.
pub const SHARD_TARGET: usize = 12 * 1024;
/// A term shard grows longer prefixes past this many bytes: smaller than the others, as
/// every first query loads one, and a rare word's shard is most of its bytes (at 12 KB,
/// "sunbetka" sat in a 15 KB shard of a thousand small entries; at 4 KB, a 3.7 KB one,
/// for 349 more files and 1.6 KB more of manifest).
pub const TERM_SHARD_TARGET: usize = 4 * 1024;
/// A group smaller than this part of the target stays in its parent shard rather than
/// make a file of its own.
const MIN_SHARD_PART: usize = 6;
/// Prefixes stop growing at this many characters.
const MAX_PREFIX: usize = 12;

/// Term shards per group: the term shards of a group (in prefix order) are named by one
/// hash, of all their data, so an edit renames only the groups whose shards it changes
/// (an edit to a page's text changes the data of a few shards of the 900 at 10,000
/// pages), and the manifest, which every query loads, holds one hash per group.
pub const TERM_GROUP: usize = 16;

/// Keys shorter than this are not in the ending shards: typo matching applies to query
/// words of five letters or more, and a key one edit from one has at least four.
pub const MIN_TYPO_KEY: usize = 4;

/// One entry of a shard: the key it is filed under and its text.
pub(crate) struct Entry {
    pub(crate) key: String,
    pub(crate) text: String,
}

/// A stem's entry in the term shards.
pub(crate) fn term_entry(stem: &str, postings: &[super::index::Posting]) -> Entry {
    Entry {
        key: stem.to_owned(),
        text: format!("{stem}:{}", encode_postings(postings)),
    }
}

/// A word's entry in the term shards, naming its stem.
pub(crate) fn alias_entry(word: &str, stem: &str) -> Entry {
    Entry {
        key: word.to_owned(),
        text: format!("{word}>{stem}"),
    }
}

/// A pair's entry in the pair shards, `key` being `first_second`, of an index of `docs`
/// documents.
pub(crate) fn pair_entry(key: String, pages: &[u32], docs: u32) -> Entry {
    Entry {
        text: format!("{key}:{}", doc_set(pages, docs)),
        key,
    }
}

/// The file name part of a shard's prefix: the prefix itself when it is ASCII letters,
/// digits and `_` (which joins a pair's stems, never first), `_root` for the empty
/// prefix, else `u-` and its UTF-8 in hex.
pub fn shard_name(prefix: &str) -> String {
    if prefix.is_empty() {
        "_root".into()
    } else if prefix
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        prefix.to_owned()
    } else {
        let mut s = String::from("u-");
        for b in prefix.bytes() {
            s.push_str(&format!("{b:02x}"));
        }
        s
    }
}

/// Encodes a stem's postings (see the module docs).
pub fn encode_postings(postings: &[super::index::Posting]) -> String {
    let mut out = String::with_capacity(postings.len() * 2);
    let mut prev: i64 = -1;
    for p in postings {
        if p.title_words > 0 {
            push_digit(&mut out, MAX_LEVEL + p.title_words);
        }
        push_digit(&mut out, p.level.min(MAX_LEVEL));
        push_number(&mut out, (i64::from(p.doc) - prev - 1) as u32);
        prev = i64::from(p.doc);
    }
    out
}

/// Splits entries sorted by key into shards by prefix, `(prefix, entries)`, each about
/// `target` bytes at most, in no particular order. A prefix's entries are one run of
/// the sorted entries, and so is each group of them by the character after it: the
/// splitting works on positions and running sizes, without moving entries about.
fn split<'e>(entries: &[&'e Entry], target: usize) -> Vec<(String, Vec<&'e Entry>)> {
    let mut sums = Vec::with_capacity(entries.len() + 1);
    sums.push(0);
    let mut total = 0;
    // Each entry is read here once: the splitting then reads the copies of the keys'
    // starts, which lie side by side, rather than each entry wherever it is held.
    let mut heads = Vec::with_capacity(entries.len());
    for e in entries {
        total += e.text.len() + 1;
        sums.push(total);
        heads.push(KeyHead::of(&e.key));
    }
    let runs = Runs {
        entries,
        sums,
        heads,
        target,
    };
    let mut out = Vec::new();
    runs.split(String::new(), 0, 0..entries.len(), &mut out);
    out
}

/// Sorted entries with their running sizes (`sums[i]`: the bytes of entries `..i`)
/// and the starts of their keys, split by [`split`].
struct Runs<'r, 'e> {
    entries: &'r [&'e Entry],
    sums: Vec<usize>,
    heads: Vec<KeyHead>,
    target: usize,
}

/// The first bytes of a key, and its length.
#[derive(Clone, Copy)]
struct KeyHead {
    len: usize,
    bytes: [u8; KeyHead::BYTES],
}

impl KeyHead {
    const BYTES: usize = 8;

    fn of(key: &str) -> KeyHead {
        let mut bytes = [0; KeyHead::BYTES];
        let n = key.len().min(KeyHead::BYTES);
        bytes[..n].copy_from_slice(&key.as_bytes()[..n]);
        KeyHead {
            len: key.len(),
            bytes,
        }
    }

    /// The character at byte `at` of the key (a character boundary) when the head
    /// shows it: `Some(None)` at the key's end, `None` when the key must be read.
    fn char_at(&self, at: usize) -> Option<Option<char>> {
        if at >= self.len {
            return Some(None);
        }
        let b = *self.bytes.get(at)?;
        b.is_ascii().then_some(Some(b as char))
    }
}

impl<'e> Runs<'_, 'e> {
    /// The bytes of the entries in `run`.
    fn size(&self, run: &std::ops::Range<usize>) -> usize {
        self.sums[run.end] - self.sums[run.start]
    }

    /// Splits the entries in `run`, which all start with `prefix` (of `depth`
    /// characters): into one shard when small enough; else the largest groups by the
    /// next character get shards of their own (split again) until the rest is small
    /// enough, and the rest stays under `prefix`.
    fn split(
        &self,
        prefix: String,
        depth: usize,
        run: std::ops::Range<usize>,
        out: &mut Vec<(String, Vec<&'e Entry>)>,
    ) {
        let size = self.size(&run);
        if size <= self.target || depth >= MAX_PREFIX {
            if !run.is_empty() {
                out.push((prefix, self.entries[run].to_vec()));
            }
            return;
        }
        let (own, groups) = self.groups(prefix.len(), run);
        let mut by_size: Vec<(usize, usize)> = groups
            .iter()
            .enumerate()
            .map(|(i, g)| (i, self.size(&g.1)))
            .collect();
        by_size.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut remainder = size;
        let mut children = vec![false; groups.len()];
        for (i, s) in by_size {
            if remainder <= self.target || s < self.target / MIN_SHARD_PART {
                break;
            }
            children[i] = true;
            remainder -= s;
        }
        let mut mine: Vec<&Entry> = self.entries[own].to_vec();
        for (g, _) in groups.iter().zip(&children).filter(|(_, child)| !**child) {
            mine.extend_from_slice(&self.entries[g.1.clone()]);
        }
        if !mine.is_empty() {
            out.push((prefix.clone(), mine));
        }
        for (g, _) in groups.into_iter().zip(children).filter(|(_, child)| *child) {
            let mut p = prefix.clone();
            p.push(g.0);
            self.split(p, depth + 1, g.1, out);
        }
    }

    /// The entries of `run` whose key is the prefix itself (of `len` bytes), and the
    /// runs of the others by the character after the prefix, in order.
    fn groups(
        &self,
        len: usize,
        run: std::ops::Range<usize>,
    ) -> (std::ops::Range<usize>, Vec<(char, std::ops::Range<usize>)>) {
        let next = |i: usize| {
            self.heads[i]
                .char_at(len)
                .unwrap_or_else(|| self.entries[i].key[len..].chars().next())
        };
        let mut i = run.start;
        while i < run.end && next(i).is_none() {
            i += 1;
        }
        let own = run.start..i;
        let mut groups: Vec<(char, std::ops::Range<usize>)> = Vec::new();
        while i < run.end {
            let Some(c) = next(i) else { break };
            let start = i;
            while i < run.end && next(i) == Some(c) {
                i += 1;
            }
            groups.push((c, start..i));
        }
        (own, groups)
    }
}

/// The ending shards (see the module docs), by prefixes of reversed keys.
fn endings<'e>(entries: impl Iterator<Item = &'e Entry>) -> Shards {
    let mut keys: Vec<Entry> = entries
        .filter(|e| e.key.chars().count() >= MIN_TYPO_KEY)
        .map(|e| Entry {
            key: e.key.chars().rev().collect(),
            text: e.key.clone(),
        })
        .collect();
    keys.sort_by(|a, b| a.key.cmp(&b.key));
    keys.dedup_by(|a, b| a.key == b.key);
    sharded(&keys, "e", SHARD_TARGET, false)
}

/// How the shards of a kind are named.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Naming {
    /// By one hash of all their data.
    One,
    /// Each by a hash of its own data.
    Own,
    /// Each by a hash of the data of its group: this many shards in prefix order.
    Groups(usize),
}

/// Shards of one kind: their prefixes (sorted), the hash in all their names, and their
/// files.
struct Shards {
    prefixes: Vec<String>,
    /// The hash of all the shards' data (the name of each with [`Naming::One`]).
    hash: String,
    /// Each shard's own hash, in the order of `prefixes`, with [`Naming::Own`].
    own: Option<Vec<String>>,
    /// Each group's hash, in order, with [`Naming::Groups`] (else none).
    groups: Vec<String>,
    /// Their files, but for those kept as they were (see [`KeptShards`]).
    files: Vec<Artifact>,
}

/// Splits entries (sorted by key) into shards by prefix and writes each as
/// `search/data/<kind>-<name>-<hash>.js`, its entries' texts `;`-separated. The hash
/// is one for all the shards of a kind, of all their data (the ending shards: they are
/// few).
///
/// With `front_coded`, each entry's key (which starts its text) is written as
/// [`prefix_list`] writes a prefix: what it shares with the key before it in its shard,
/// then the rest of its text.
fn sharded(entries: &[Entry], kind: &str, target: usize, front_coded: bool) -> Shards {
    sharded_refs(entries.iter().collect(), kind, target, front_coded)
}

/// [`sharded`], of entries held elsewhere (sorted by key).
fn sharded_refs(entries: Vec<&Entry>, kind: &str, target: usize, front_coded: bool) -> Shards {
    sharded_keeping(entries, (kind, target, front_coded), Naming::One, None)
}

/// Shards named by their own hashes that an earlier [`sharded_keeping`] gave, by
/// prefix; `serve`'s index keeps them so that a shard whose entries did not change
/// is neither written again nor given again.
#[derive(Default)]
pub(crate) struct KeptShards {
    by_prefix: HashMap<String, KeptShard>,
}

/// A shard given before: a fingerprint of its entries, its data's hash, its path.
struct KeptShard {
    entries: u64,
    hash: u64,
    path: String,
}

impl KeptShards {
    /// The paths of the kept shards' files.
    pub(crate) fn paths(&self) -> impl Iterator<Item = &str> {
        self.by_prefix.values().map(|k| k.path.as_str())
    }

    /// Forgets the shards whose files `holds` says are not in the output.
    pub(crate) fn retain(&mut self, holds: impl Fn(&str) -> bool) {
        self.by_prefix.retain(|_, k| holds(&k.path));
    }
}

/// A shard as [`sharded_keeping`] makes it, with its data's hash: written anew, or the
/// same as one kept (with that one's path).
enum Made {
    New(u64, Script),
    Kept(u64, String),
}

/// A fingerprint of a shard's entries (their texts, which start with their keys): each
/// text's hash seeded with the one before (one call per entry, as most are short).
fn entries_print(items: &[&Entry]) -> u64 {
    items.iter().fold(items.len() as u64, |h, e| {
        xxhash_rust::xxh3::xxh3_64_with_seed(e.text.as_bytes(), h)
    })
}

/// [`sharded_refs`], `(kind, target, front_coded)` as it takes them, the shards named
/// as `naming` says: [`Naming::Own`] renames on an edit only the shards it changes, at
/// the cost of a hash per shard in the list that names them; [`Naming::Groups`] only
/// the groups it changes, for a hash per group. With `kept` (only with
/// [`Naming::Own`]), the shards whose prefix and entries are those of a kept
/// one are left out of the files (their files are as they were), and `kept` becomes
/// every shard made now.
fn sharded_keeping(
    entries: Vec<&Entry>,
    (kind, target, front_coded): (&str, usize, bool),
    naming: Naming,
    kept: Option<&mut KeptShards>,
) -> Shards {
    let mut shards = split(&entries, target);
    shards.sort_by(|a, b| a.0.cmp(&b.0));
    let kept = kept.filter(|_| naming == Naming::Own);
    let made = made_shards(&shards, (kind, front_coded), kept.as_deref());
    let (hash, own, groups) = shard_names(&made, naming);
    let name_of = |i: usize| match (naming, &own) {
        (Naming::Own, Some(own)) => own[i].clone(),
        (Naming::Groups(n), _) => groups[i / n].clone(),
        _ => hash.clone(),
    };
    let prefixes: Vec<String> = shards.into_iter().map(|(p, _)| p).collect();
    let mut now = HashMap::new();
    let mut files = Vec::new();
    for (i, (print, m)) in made.into_iter().enumerate() {
        let (data_hash, path) = match m {
            Made::New(data_hash, js) => {
                let file = js.finish(&name_of(i));
                let path = file.path.clone();
                files.push(file);
                (data_hash, path)
            }
            Made::Kept(data_hash, path) => (data_hash, path),
        };
        if let Some(entries) = print {
            now.insert(
                prefixes[i].clone(),
                KeptShard {
                    entries,
                    hash: data_hash,
                    path,
                },
            );
        }
    }
    if let Some(k) = kept {
        k.by_prefix = now;
    }
    Shards {
        prefixes,
        files,
        hash,
        own,
        groups,
    }
}

/// Each shard of `shards` made anew, or the same as one of `before` (by its prefix and
/// its entries' fingerprint, which is given when there is `before`).
fn made_shards(
    shards: &[(String, Vec<&Entry>)],
    (kind, front_coded): (&str, bool),
    before: Option<&KeptShards>,
) -> Vec<(Option<u64>, Made)> {
    shards
        .par_iter()
        .map(|(prefix, items)| {
            let print = before.map(|_| entries_print(items));
            let same = before
                .and_then(|k| k.by_prefix.get(prefix))
                .filter(|k| Some(k.entries) == print);
            match same {
                Some(k) => (print, Made::Kept(k.hash, k.path.clone())),
                None => {
                    let js = shard_script(kind, prefix, items, front_coded);
                    (print, Made::New(xxhash_rust::xxh3::xxh3_64(js.data()), js))
                }
            }
        })
        .collect()
}

/// The names [`sharded_keeping`] gives shards made as `made`: the hash of them all, each
/// shard's own hash (with [`Naming::Own`]) and each group's (with [`Naming::Groups`]).
fn shard_names(
    made: &[(Option<u64>, Made)],
    naming: Naming,
) -> (String, Option<Vec<String>>, Vec<String>) {
    let hash_of = |m: &Made| match m {
        Made::New(h, _) | Made::Kept(h, _) => *h,
    };
    let hash_all = |made: &[(Option<u64>, Made)]| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for (_, m) in made {
            h.update(&hash_of(m).to_le_bytes());
        }
        hash_name(h.digest())
    };
    let own =
        (naming == Naming::Own).then(|| made.iter().map(|(_, m)| hash_name(hash_of(m))).collect());
    let groups = match naming {
        Naming::Groups(n) => made.chunks(n).map(hash_all).collect(),
        Naming::One | Naming::Own => Vec::new(),
    };
    (hash_all(made), own, groups)
}

/// The script of the shard of `kind` with `prefix` and these entries, its hash not yet
/// written (see [`sharded`]).
fn shard_script(kind: &str, prefix: &str, items: &[&Entry], front_coded: bool) -> Script {
    let size: usize = items.iter().map(|e| e.text.len() + 1).sum();
    let mut js = Script::new(&format!("{kind}-{}", shard_name(prefix)), size + 2);
    js.out.push(b'"');
    let mut prev = "";
    for (i, e) in items.iter().enumerate() {
        if i > 0 {
            js.out.push(b';');
        }
        if front_coded {
            let (bytes, units) = shared_start(prev, &e.key);
            js.out.push(ALPHABET[units]);
            js.push_str_body(&e.text[bytes..]);
            prev = &e.key;
        } else {
            js.push_str_body(&e.text);
        }
    }
    js.out.push(b'"');
    js
}

/// Sorted shard prefixes as one string (they are most of the manifest): each as the
/// number of UTF-16 units (as JavaScript counts) it shares with the one before it, one
/// digit of [`super::encode::ALPHABET`], then its other characters; `" "` between them
/// (a prefix never holds a space).
fn prefix_list(prefixes: &[String]) -> String {
    let mut out = String::new();
    let mut prev = "";
    for (i, p) in prefixes.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let (bytes, units) = shared_start(prev, p);
        out.push(ALPHABET[units] as char);
        out.push_str(&p[bytes..]);
        prev = p;
    }
    out
}

/// How much of `key` is the same as the start of `prev`, in bytes and in UTF-16 units
/// (at most 63, one digit of [`ALPHABET`]).
fn shared_start(prev: &str, key: &str) -> (usize, usize) {
    let (mut bytes, mut units) = (0, 0);
    for (a, b) in prev.chars().zip(key.chars()) {
        if a != b || units + b.len_utf16() > 63 {
            break;
        }
        bytes += b.len_utf8();
        units += b.len_utf16();
    }
    (bytes, units)
}

/// The [`HASH_LEN`] hex digits naming data whose hash is `hash`.
fn hash_name(hash: u64) -> String {
    format!(
        "{:0width$x}",
        hash & ((1u64 << (4 * HASH_LEN)) - 1),
        width = HASH_LEN
    )
}

/// One script file `search/data/<name>-<hash>.js` calling `PBS("<name>-<hash>", data)`.
fn script(name: &str, data: &Value) -> Artifact {
    let mut js = Script::new(name, 0);
    // Writing JSON into a Vec<u8> cannot fail.
    let _ = serde_json::to_writer(&mut js.out, data);
    let hash = js.own_hash();
    js.finish(&hash)
}

/// Whether any of eight bytes needs escaping in a JSON string: a control character, `"`
/// or `\\` (exact: a byte's borrow can only flag bytes after one that is flagged anyway).
fn needs_escape(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * ONES;
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let control = x.wrapping_sub(0x20 * ONES) & !x & HIGH;
    (control | zero_byte(x ^ (u64::from(b'"') * ONES)) | zero_byte(x ^ (u64::from(b'\\') * ONES)))
        != 0
}

/// A script file `PBS("<name>-<hash>", data);` written straight into its bytes, for the
/// large files (term shards, result metadata), which would otherwise be copied three
/// times. The hash is written last, over a placeholder of the same length.
struct Script {
    out: Vec<u8>,
    /// The file's name without its hash and `.js`.
    name: String,
    /// Where the hash's placeholder starts in `out`.
    hash_at: usize,
}

impl Script {
    /// The opening `PBS("<name>-<placeholder>",`, with room for about `size` bytes of data.
    fn new(name: &str, size: usize) -> Script {
        let mut out = Vec::with_capacity(size + name.len() + HASH_LEN + 16);
        out.extend_from_slice(b"PBS(\"");
        out.extend_from_slice(name.as_bytes());
        out.push(b'-');
        let hash_at = out.len();
        out.resize(hash_at + HASH_LEN, b'0');
        out.extend_from_slice(b"\",");
        Script {
            out,
            name: name.to_owned(),
            hash_at,
        }
    }

    /// The data written so far.
    fn data(&self) -> &[u8] {
        &self.out[self.hash_at + HASH_LEN + 2..]
    }

    /// The hash naming this file's data alone.
    fn own_hash(&self) -> String {
        hash_name(xxhash_rust::xxh3::xxh3_64(self.data()))
    }

    /// Appends `s` as a JSON string.
    fn push_str(&mut self, s: &str) {
        self.out.push(b'"');
        self.push_str_body(s);
        self.out.push(b'"');
    }

    /// Appends `s` escaped for the inside of a JSON string (which is also a valid
    /// JavaScript string: U+2028 and U+2029 are allowed in string literals since ES2019).
    fn push_str_body(&mut self, s: &str) {
        let bytes = s.as_bytes();
        let mut from = 0;
        let mut i = 0;
        while i < bytes.len() {
            // Eight bytes at a time while none needs escaping (nearly all text).
            if let Some(eight) = bytes.get(i..i + 8) {
                let mut b = [0u8; 8];
                b.copy_from_slice(eight);
                if !needs_escape(u64::from_le_bytes(b)) {
                    i += 8;
                    continue;
                }
            }
            let b = bytes[i];
            let escaped: &[u8] = match b {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0x08 => b"\\b",
                0x0c => b"\\f",
                0..=0x1f => b"",
                _ => {
                    i += 1;
                    continue;
                }
            };
            self.out.extend_from_slice(&bytes[from..i]);
            if escaped.is_empty() {
                self.out.extend_from_slice(format!("\\u{b:04x}").as_bytes());
            } else {
                self.out.extend_from_slice(escaped);
            }
            i += 1;
            from = i;
        }
        self.out.extend_from_slice(&bytes[from..]);
    }

    /// The file, named with `hash` (of [`HASH_LEN`] hex digits), with the closing `);`.
    fn finish(mut self, hash: &str) -> Artifact {
        self.out[self.hash_at..self.hash_at + HASH_LEN].copy_from_slice(hash.as_bytes());
        self.out.extend_from_slice(b");\n");
        Artifact {
            path: format!("{DATA}/{}-{hash}.js", self.name),
            bytes: self.out,
        }
    }
}

/// Markdown emphasis and code marks removed from a summary, for plain display.
fn plain(s: &str) -> String {
    s.replace(['*', '`'], "")
}

/// One filter of the search page: its URL key, title, and values with their documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    /// The URL parameter (`collection`, `block`, `region`, `tag`).
    pub key: &'static str,
    /// The heading shown over its values (the collection filter's comes from the
    /// theme's words, `search_filter_collection`, in the browser).
    pub title: String,
    /// Each value as shown, with its documents (sorted).
    pub values: Vec<(String, Vec<u32>)>,
}

/// The facets of the index (those with at least one value): collection, building block
/// (in collection order), region and tags (alphabetical, accents folded).
pub fn facets(site: &Site, index: &InvertedIndex) -> Vec<Facet> {
    type Named = BTreeMap<String, (String, Vec<u32>)>;
    let mut collection: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
    let mut block: BTreeMap<(usize, usize), (String, Vec<u32>)> = BTreeMap::new();
    let mut region: Named = BTreeMap::new();
    let mut tag: Named = BTreeMap::new();
    let add = |map: &mut Named, name: &str, doc: u32| {
        let list = &mut map
            .entry(super::tokenise::fold(name))
            .or_insert_with(|| (name.to_owned(), Vec::new()))
            .1;
        if list.last() != Some(&doc) {
            list.push(doc);
        }
    };
    for (doc, &id) in index.docs.iter().enumerate() {
        let doc = doc as u32;
        let fm = &site.pages[id].doc.front;
        if let Some(c) = site.collection_of[id] {
            collection.entry(c).or_default().push(doc);
        }
        for &b in &site.blocks_of[id] {
            let c = site.collection_of[b].unwrap_or(usize::MAX);
            block
                .entry((c, position_in_collection(site, c, b)))
                .or_insert_with(|| (site.pages[b].title.clone(), Vec::new()))
                .1
                .push(doc);
        }
        if let Some(r) = fm
            .region
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            add(&mut region, r, doc);
        }
        for t in fm.tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
            add(&mut tag, t, doc);
        }
    }
    let config = &site.config;
    let block_title = config
        .collections
        .iter()
        .find(|(_, c)| c.kind == crate::config::Kind::BuildingBlock)
        .map_or_else(
            || "Building block".to_owned(),
            |(key, _)| config.collection_singular(key),
        );
    let facets = [
        Facet {
            key: "collection",
            title: "Collection".to_owned(),
            values: collection
                .into_iter()
                .map(|(c, docs)| (site.collections[c].title.clone(), docs))
                .collect(),
        },
        Facet {
            key: "block",
            title: block_title,
            values: block.into_values().collect(),
        },
        Facet {
            key: "region",
            title: config.taxonomy_title("region"),
            values: region.into_values().collect(),
        },
        Facet {
            key: "tag",
            title: config.taxonomy_title("tags"),
            values: tag.into_values().collect(),
        },
    ];
    facets
        .into_iter()
        .filter(|f| !f.values.is_empty())
        .collect()
}

/// A page's position in its collection's order (blocks are listed in that order).
fn position_in_collection(site: &Site, c: usize, id: usize) -> usize {
    site.collections
        .get(c)
        .and_then(|col| col.pages.iter().position(|&p| p == id))
        .unwrap_or(usize::MAX)
}

/// The files of an index: every file, and the manifest's path among them.
pub struct Files {
    /// Every file of the index, the manifest last.
    pub files: Vec<Artifact>,
    /// The manifest's path (`search/data/manifest-<hash>.js`).
    pub manifest: String,
}

/// An index's stems with their postings, and its pairs of stems with their pages.
pub type Counts = (Vec<(String, Vec<Posting>)>, Vec<(String, Vec<u32>)>);

/// Every file of the index, in a fixed order; the same site gives the same bytes.
/// `stems` and `pairs` (taken out of `index`) are dropped as they are encoded.
pub fn write(
    site: &Site,
    index: &InvertedIndex,
    (stems, pairs): Counts,
    stemmer: &Stemmer,
    made: PageFilesMade,
) -> Files {
    let mut entries: Vec<Entry> = stems
        .into_par_iter()
        .map(|(stem, postings)| term_entry(&stem, &postings))
        .collect();
    entries.extend(
        index
            .aliases
            .iter()
            .map(|(word, stem)| alias_entry(word, stem)),
    );
    entries.par_sort_unstable_by(|a, b| a.key.cmp(&b.key).then(a.text.cmp(&b.text)));
    let PageFilesMade { dictionary, pages } = made;
    let docs = index.docs.len() as u32;
    let pairs: Vec<Entry> = pairs
        .into_par_iter()
        .map(|(key, pages)| pair_entry(key, &pages, docs))
        .collect();
    let parts = Parts {
        terms: entries.iter().collect(),
        pages,
        pairs: pairs.iter().collect(),
        dictionary: &dictionary,
        kept_pairs: None,
    };
    assemble(site, index, stemmer, parts)
}

/// What [`assemble`] makes an index's files of: the term shards' entries (stems and
/// words, sorted by key then text), the page files (each block's hash, and every
/// file), the pair shards' entries (sorted by key), and the dictionary the page files
/// were packed against.
pub(crate) struct Parts<'e> {
    pub(crate) terms: Vec<&'e Entry>,
    pub(crate) pages: (Vec<String>, Vec<Artifact>),
    pub(crate) pairs: Vec<&'e Entry>,
    pub(crate) dictionary: &'e Dictionary,
    /// The pair shards given before, when kept (see [`KeptShards`]).
    pub(crate) kept_pairs: Option<&'e mut KeptShards>,
}

/// Every file of the index of `index.docs`, from its parts, in a fixed order.
pub(crate) fn assemble(
    site: &Site,
    index: &InvertedIndex,
    stemmer: &Stemmer,
    parts: Parts<'_>,
) -> Files {
    let ending = endings(parts.terms.iter().copied());
    let terms = sharded_keeping(
        parts.terms,
        ("t", TERM_SHARD_TARGET, false),
        Naming::Groups(TERM_GROUP),
        None,
    );
    let (blocks, pages) = parts.pages;
    let dictionary = parts.dictionary;
    let facets = facets_file(site, index);
    let (pairs, pairs_file) = pair_shards(parts.pairs, parts.kept_pairs);
    let manifest = script(
        "manifest",
        &manifest(
            site,
            index,
            stemmer,
            [&terms, &ending],
            (&blocks, [&facets.path, &pairs_file.path]),
            dictionary,
        ),
    );
    let path = manifest.path.clone();
    let mut files = terms.files;
    files.extend(pages);
    files.extend(ending.files);
    files.extend(pairs.files);
    files.push(facets);
    files.push(pairs_file);
    files.push(manifest);
    Files {
        files,
        manifest: path,
    }
}

/// The preset dictionary the page texts are packed against (see [`super::packed`]).
pub(crate) fn page_dictionary(texts: Texts, docs: &[PageId]) -> Dictionary {
    let (total, sample) = dictionary_source(texts, docs);
    Dictionary::of_sample(
        total,
        &sample.iter().map(String::as_str).collect::<Vec<_>>(),
    )
}

/// What the page texts' dictionary of the pages `docs` is made from: the length of all
/// their texts, and the texts it samples (see [`super::packed::sampled`]), unpacked.
pub(crate) fn dictionary_source(texts: Texts, docs: &[PageId]) -> (usize, Vec<String>) {
    let total = docs.iter().map(|&id| texts.len(id)).sum();
    let sample = super::packed::sampled(docs.len())
        .map(|i| texts.peek(docs[i]))
        .collect();
    (total, sample)
}

/// The page files of an index of the pages `docs`, and the dictionary their texts
/// were packed against.
pub struct PageFilesMade {
    dictionary: Dictionary,
    /// Each block's hash, in order, and every page's file (none when they were given
    /// away as they were made).
    pages: (Vec<String>, Vec<Artifact>),
}

/// The page files of the pages `ids`, documents `first` on (a multiple of [`BLOCK`]),
/// whose texts are `read`, packed against `dictionary`: each block's hash and files,
/// the files given to `to` as each block is made when there is one.
pub(crate) fn page_blocks(
    site: &Site,
    (first, ids, read): (usize, &[PageId], &[String]),
    dictionary: &Dictionary,
    to: Option<super::PageFiles<'_>>,
) -> Vec<(String, Vec<Artifact>)> {
    let mut packer = Packer::new(dictionary);
    ids.chunks(BLOCK)
        .zip(read.chunks(BLOCK))
        .enumerate()
        .map(|(b, (block, texts))| {
            let scripts: Vec<Script> = block
                .iter()
                .zip(texts)
                .enumerate()
                .map(|(i, (&id, text))| {
                    page_file(site, (first + b * BLOCK + i, id), text, &mut packer)
                })
                .collect();
            let (hash, files) = block_files(scripts);
            match to {
                Some(to) => {
                    to(files);
                    (hash, Vec::new())
                }
                None => (hash, files),
            }
        })
        .collect()
}

/// The page files made part by part by [`page_blocks`] (parts in document order), and
/// the `dictionary` they were packed against.
pub(crate) fn page_files_made(
    dictionary: Dictionary,
    parts: Vec<Vec<(String, Vec<Artifact>)>>,
) -> PageFilesMade {
    let (mut hashes, mut all) = (Vec::new(), Vec::new());
    for (hash, files) in parts.into_iter().flatten() {
        hashes.push(hash);
        all.extend(files);
    }
    PageFilesMade {
        dictionary,
        pages: (hashes, all),
    }
}

/// The files of one block of page files: the block's hash, and the files named with it.
fn block_files(scripts: Vec<Script>) -> (String, Vec<Artifact>) {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for js in &scripts {
        hasher.update(js.data());
    }
    let hash = hash_name(hasher.digest());
    let files: Vec<Artifact> = scripts.into_iter().map(|js| js.finish(&hash)).collect();
    (hash, files)
}

/// The data of page `id`'s page file (what follows its name).
pub(crate) fn page_data(site: &Site, id: usize, dictionary: &Dictionary) -> Vec<u8> {
    let text = site.pages[id].body.text.unpack();
    page_file(site, (0, id), &text, &mut Packer::new(dictionary))
        .data()
        .to_vec()
}

/// The block of page files starting at document `first`, from each page's
/// [`page_data`]: the block's hash and its files.
pub(crate) fn page_block(first: usize, data: &[&[u8]]) -> (String, Vec<Artifact>) {
    let scripts = data
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut js = Script::new(&format!("f-{}", first + i), d.len());
            js.out.extend_from_slice(d);
            js
        })
        .collect();
    block_files(scripts)
}

/// The file of document `n` (page `id`, whose text is `text`), its hash not yet written.
fn page_file(site: &Site, (n, id): (usize, PageId), text: &str, packer: &mut Packer) -> Script {
    let p = &site.pages[id];
    let packed = packer.pack(text);
    let summary = plain(p.doc.front.summary.as_deref().unwrap_or_default());
    // Sized to fit: the files are held until written, so spare room would be memory.
    let headings: usize = p
        .body
        .toc
        .iter()
        .map(|h| h.id.len() + h.title.len() + 16)
        .sum();
    let size = packed.len() + summary.len() + p.title.len() + headings + 256;
    let mut js = Script::new(&format!("f-{n}"), size);
    js.out.push(b'[');
    js.push_str(&p.title);
    js.out.push(b',');
    js.push_str(&p.href());
    let collection = site.collection_of[id].map_or(-1, |c| c as i64);
    js.out
        .extend_from_slice(format!(",{collection},").as_bytes());
    js.push_str(&summary);
    js.out.push(b',');
    js.push_str(&packed);
    js.out.extend_from_slice(b",[");
    for (i, (at, h)) in sections(text, &p.body.toc).into_iter().enumerate() {
        if i > 0 {
            js.out.push(b',');
        }
        js.out.extend_from_slice(format!("{at},").as_bytes());
        if ascii_slug(&h.title).is_some_and(|s| s == h.id) {
            js.out.push(b'0');
        } else {
            js.push_str(&h.id);
        }
        js.out.push(b',');
        let in_text = text
            .get(h.text_at..)
            .is_some_and(|t| t.starts_with(&h.title));
        if in_text {
            let units = h.title.encode_utf16().count();
            js.out.extend_from_slice(units.to_string().as_bytes());
        } else {
            js.push_str(&h.title);
        }
    }
    js.out.extend_from_slice(b"]]");
    js
}

/// The heading id the browser makes of an all-ASCII title (`search.js`, `slug`):
/// lower case, each run of other characters than letters and digits one `-`, none at
/// either end; `None` for other titles.
fn ascii_slug(title: &str) -> Option<String> {
    if !title.is_ascii() {
        return None;
    }
    let mut out = String::with_capacity(title.len());
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    if out.ends_with('-') {
        out.pop();
    }
    Some(out)
}

/// The headings that start a section of the plain text `text`, each with where its
/// text starts in UTF-16 code units (as JavaScript counts), in order.
fn sections<'t>(text: &str, toc: &'t [TocEntry]) -> Vec<(usize, &'t TocEntry)> {
    let mut out = Vec::with_capacity(toc.len());
    let (mut byte, mut units) = (0, 0);
    for h in toc {
        let at = h.text_at.min(text.len());
        let Some(between) = text.get(byte..at) else {
            continue;
        };
        units += between.encode_utf16().count();
        byte = at;
        out.push((units, h));
    }
    out
}

/// The pair shards (stems side by side, `first_second:<document set>`, for quoted
/// phrases) and their own small manifest, `pairs-<hash>.js` (prefixes and hashes, as
/// the term shards' are in the manifest), which only a phrase query loads. With
/// `kept`, the shards as they were are not among the files (see [`KeptShards`]).
fn pair_shards(entries: Vec<&Entry>, kept: Option<&mut KeptShards>) -> (Shards, Artifact) {
    let pairs = sharded_keeping(entries, ("p", SHARD_TARGET, true), Naming::Own, kept);
    let file = script(
        "pairs",
        &json!({
            "shards": prefix_list(&pairs.prefixes),
            "h": pairs.own.as_deref().unwrap_or_default().concat(),
        }),
    );
    (pairs, file)
}

/// The facets file: each facet's values with their document sets.
fn facets_file(site: &Site, index: &InvertedIndex) -> Artifact {
    let facets: Vec<Value> = facets(site, index)
        .into_iter()
        .map(|f| {
            json!({
                "key": f.key,
                "title": f.title,
                "values": f.values
                    .iter()
                    .map(|(name, docs)| json!([name, doc_set(docs, index.docs.len() as u32)]))
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    script("facets", &Value::Array(facets))
}

/// The name of a file of the index (its path without the folder and `.js`), as the
/// manifest and `PBS` calls give it.
fn file_key(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".js").unwrap_or(name)
}

/// The manifest: counts, collection titles, the term and ending shards' prefixes and
/// hashes, the page files' block hashes (one string of [`HASH_LEN`] digits each), the
/// facets and pairs files, whether query words must be keyed by their Welsh radical, and
/// the page texts' dictionary prefix.
fn manifest(
    site: &Site,
    index: &InvertedIndex,
    stemmer: &Stemmer,
    [terms, ending]: [&Shards; 2],
    (blocks, [facets, pairs]): (&[String], [&str; 2]),
    dictionary: &Dictionary,
) -> Value {
    let mut manifest = json!({
        "v": 2,
        "docs": index.docs.len(),
        "block": BLOCK,
        "hash": HASH_LEN,
        "stemmed": stemmer.is_active(),
        "collections": site.collections.iter().map(|c| c.title.as_str()).collect::<Vec<_>>(),
        "shards": prefix_list(&terms.prefixes),
        "t": terms.groups.concat(),
        "tg": TERM_GROUP,
        "endings": prefix_list(&ending.prefixes),
        "e": ending.hash,
        "f": blocks.concat(),
        "facets": file_key(facets),
        "pairs": file_key(pairs),
    });
    if stemmer.keys_mutations() {
        manifest["mutations"] = json!("cy");
    }
    if !dictionary.is_empty() {
        manifest["z"] = json!(dictionary.prefix());
        manifest["zn"] = json!(dictionary.len());
    }
    manifest
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::encode::read_numbers;
    use crate::search::index::Posting;
    use std::collections::BTreeSet;

    /// The splitting as it was before [`split`] (moving entries into groups at each
    /// level), which it must agree with: splits sorted entries into shards by prefix, `(prefix, entries)`, each about `target`
    /// bytes at most (`depth`: the prefix's length in characters).
    fn split_by_moving<'e>(
        (prefix, depth): (String, usize),
        items: Vec<&'e Entry>,
        target: usize,
        out: &mut Vec<(String, Vec<&'e Entry>)>,
    ) {
        let size: usize = items.iter().map(|e| e.text.len() + 1).sum();
        if size <= target || depth >= MAX_PREFIX {
            if !items.is_empty() {
                out.push((prefix, items));
            }
            return;
        }
        let mut own: Vec<&Entry> = Vec::new();
        let mut groups: BTreeMap<char, (usize, Vec<&Entry>)> = BTreeMap::new();
        for e in items {
            match e.key.chars().nth(depth) {
                Some(c) => {
                    let g = groups.entry(c).or_default();
                    g.0 += e.text.len() + 1;
                    g.1.push(e);
                }
                None => own.push(e),
            }
        }
        let mut by_size: Vec<(char, usize)> = groups.iter().map(|(&c, g)| (c, g.0)).collect();
        by_size.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut remainder = size;
        let mut children: Vec<char> = Vec::new();
        for (c, s) in by_size {
            if remainder <= target || s < target / MIN_SHARD_PART {
                break;
            }
            children.push(c);
            remainder -= s;
        }
        let mut mine = own;
        let mut kids = Vec::new();
        for (c, (_, entries)) in groups {
            if children.contains(&c) {
                kids.push((c, entries));
            } else {
                mine.extend(entries);
            }
        }
        mine.sort_by(|a, b| a.key.cmp(&b.key));
        if !mine.is_empty() {
            out.push((prefix.clone(), mine));
        }
        for (c, entries) in kids {
            let mut p = prefix.clone();
            p.push(c);
            split_by_moving((p, depth + 1), entries, target, out);
        }
    }

    #[test]
    fn splitting_by_runs_gives_the_shards_that_moving_entries_gave() {
        // Keys of a few letters (some not ASCII, some the start of others, some twice
        // with another text), of very different sizes.
        let letters = ['a', 'b', 'c', 'é', 'ł', '_', '1'];
        let mut seed: u64 = 7;
        let mut next = move |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        let mut entries: Vec<Entry> = (0..6000)
            .map(|_| {
                // Up to 12 letters: past the 8 bytes that `KeyHead` copies.
                let len = 1 + next(12) as usize;
                let key: String = (0..len)
                    .map(|_| letters[next(letters.len() as u64) as usize])
                    .collect();
                let size = if next(50) == 0 {
                    3000
                } else {
                    next(40) as usize
                };
                Entry {
                    text: format!("{key}:{}", "x".repeat(size)),
                    key,
                }
            })
            .collect();
        entries.sort_by(|a, b| a.key.cmp(&b.key).then(a.text.cmp(&b.text)));
        let refs: Vec<&Entry> = entries.iter().collect();
        let texts = |mut shards: Vec<(String, Vec<&Entry>)>| {
            shards.sort_by(|a, b| a.0.cmp(&b.0));
            shards
                .into_iter()
                .map(|(p, items)| (p, items.iter().map(|e| e.text.clone()).collect::<Vec<_>>()))
                .collect::<Vec<_>>()
        };
        for target in [64, 700, 4096, SHARD_TARGET, 1 << 30] {
            let mut moved = Vec::new();
            split_by_moving((String::new(), 0), refs.clone(), target, &mut moved);
            let by_runs = texts(split(&refs, target));
            assert_eq!(by_runs, texts(moved), "target {target}");
            assert!(
                target > 100_000 || by_runs.len() > 3,
                "{target}: {}",
                by_runs.len()
            );
        }
    }

    #[test]
    fn every_long_key_is_in_the_ending_shard_of_its_reversed_form() {
        let words: Vec<String> = (0..3000u32)
            .map(|n| format!("{}{}word", ["ab", "cd", "éf"][n as usize % 3], n))
            .chain(["ox", "owl"].map(String::from))
            .collect();
        let entries: Vec<Entry> = words
            .iter()
            .map(|w| Entry {
                key: w.clone(),
                text: format!("{w}:AB"),
            })
            .collect();
        let Shards {
            prefixes,
            hash,
            files,
            ..
        } = endings(entries.iter());
        assert!(prefixes.len() > 1, "{prefixes:?}");
        assert!(prefixes.windows(2).all(|w| w[0] < w[1]));
        let mut found: Vec<String> = Vec::new();
        for (prefix, file) in prefixes.iter().zip(&files) {
            let name = format!("e-{}-{hash}", shard_name(prefix));
            assert_eq!(file.path, format!("{DATA}/{name}.js"));
            let text = String::from_utf8(file.bytes.clone()).unwrap();
            let data = text
                .trim_end()
                .strip_prefix(&format!("PBS(\"{name}\",\""))
                .and_then(|t| t.strip_suffix("\");"))
                .unwrap_or_else(|| panic!("{text}"));
            for key in data.split(';') {
                // Filed under the longest listed prefix of the key read backwards.
                let reversed: String = key.chars().rev().collect();
                let owner = prefixes
                    .iter()
                    .filter(|p| reversed.starts_with(p.as_str()))
                    .max_by_key(|p| p.len())
                    .unwrap();
                assert_eq!(owner, prefix, "{key}");
                found.push(key.to_owned());
            }
        }
        found.sort();
        let mut long: Vec<String> = words
            .into_iter()
            .filter(|w| w.chars().count() >= MIN_TYPO_KEY)
            .collect();
        long.sort();
        // Every key of four characters or more, once; `ox` and `owl` are too short.
        assert_eq!(found, long);
    }

    #[test]
    fn prefix_lists_share_the_start_of_the_prefix_before() {
        let list = |ps: &[&str]| prefix_list(&ps.iter().map(|p| p.to_string()).collect::<Vec<_>>());
        assert_eq!(list(&[]), "");
        assert_eq!(list(&["", "a", "ab", "ac", "b"]), "0 0a 1b 1c 0b");
        // Shared lengths count UTF-16 units, as JavaScript slices strings.
        assert_eq!(list(&["\u{1d49c}x", "\u{1d49c}y"]), "0\u{1d49c}x 2y");
    }

    #[test]
    fn ascii_titles_slug_as_the_browser_slugs_them() {
        assert_eq!(ascii_slug("Who *paid*?").as_deref(), Some("who-paid"));
        assert_eq!(
            ascii_slug("  A-Z of 2026  ").as_deref(),
            Some("a-z-of-2026")
        );
        assert_eq!(ascii_slug("?!").as_deref(), Some(""));
        assert_eq!(ascii_slug("Café"), None);
    }

    #[test]
    fn shard_names_are_safe_file_names() {
        assert_eq!(shard_name(""), "_root");
        assert_eq!(shard_name("co"), "co");
        assert_eq!(shard_name("20"), "20");
        assert_eq!(shard_name("pool_bud"), "pool_bud");
        assert_eq!(shard_name("łó"), "u-c582c3b3");
    }

    /// Decodes postings the way `search.js` does.
    fn decode(s: &str) -> Vec<Posting> {
        let digits: Vec<u8> = s
            .bytes()
            .map(|b| {
                crate::search::encode::ALPHABET
                    .iter()
                    .position(|&a| a == b)
                    .unwrap() as u8
            })
            .collect();
        let mut out = Vec::new();
        let (mut i, mut prev) = (0, -1i64);
        while i < digits.len() {
            let mut c = digits[i];
            i += 1;
            let mut title_words = 0;
            if c > MAX_LEVEL {
                title_words = c - MAX_LEVEL;
                c = digits[i];
                i += 1;
            }
            let start = i;
            while digits[i] >= 32 {
                i += 1;
            }
            i += 1;
            let gap = read_numbers(&s[start..i]).unwrap()[0];
            prev += i64::from(gap) + 1;
            out.push(Posting {
                doc: prev as u32,
                level: c,
                title_words,
            });
        }
        out
    }

    #[test]
    fn postings_round_trip() {
        let postings = vec![
            Posting {
                doc: 0,
                level: 3,
                title_words: 0,
            },
            Posting {
                doc: 1,
                level: 47,
                title_words: 2,
            },
            Posting {
                doc: 40,
                level: 0,
                title_words: 16,
            },
            Posting {
                doc: 70_000,
                level: 12,
                title_words: 0,
            },
        ];
        let s = encode_postings(&postings);
        assert_eq!(decode(&s), postings);
        // Close pages cost two characters a posting.
        let dense: Vec<Posting> = (0..100)
            .map(|doc| Posting {
                doc,
                level: 5,
                title_words: 0,
            })
            .collect();
        assert_eq!(encode_postings(&dense).len(), 200);
    }

    /// Pair shards are named each by its own hash: an edit to one entry renames its
    /// shard and no other, and the pairs file lists each shard's hash in turn.
    #[test]
    fn an_edit_renames_only_the_pair_shard_it_changes() {
        let entries = |changed: usize| -> Vec<Entry> {
            (0..2_000)
                .map(|i| {
                    let key = format!("{}{i:04}_x", ["a", "b", "c", "d"][i % 4]);
                    let docs = if i == changed { "9" } else { "1" };
                    Entry {
                        text: format!("{key}:{docs}{}", "0".repeat(20)),
                        key,
                    }
                })
                .collect::<Vec<_>>()
        };
        let names = |changed: usize| -> (BTreeSet<String>, String) {
            let mut all = entries(changed);
            all.sort_by(|a, b| a.key.cmp(&b.key));
            let (shards, file) = pair_shards(all.iter().collect(), None);
            let names = shards.files.into_iter().map(|a| a.path).collect();
            (names, String::from_utf8(file.bytes).unwrap())
        };
        let ((before, list), (after, _)) = (names(usize::MAX), names(7));
        assert!(before.len() > 4, "{before:?}");
        assert_eq!(before.difference(&after).count(), 1);
        assert_eq!(after.difference(&before).count(), 1);
        for name in &before {
            let hash = &name[name.len() - 3 - HASH_LEN..name.len() - 3];
            assert!(list.contains(hash), "{name} is not in {list}");
        }
    }

    #[test]
    fn shards_split_by_prefix_and_every_key_is_in_its_longest_prefix() {
        // Many keys of many sizes: a few huge ("council"), many small.
        let mut entries: Vec<Entry> = Vec::new();
        for (i, first) in ["a", "b", "co", "cou", "coun", "council", "d", "é"]
            .iter()
            .enumerate()
        {
            for j in 0..300 {
                let key = format!(
                    "{first}{}",
                    crate::search::tokenise::fold(&format!("{j:x}x"))
                );
                let size = if j == 0 {
                    30_000
                } else {
                    40 + (i * 37 + j) % 200
                };
                entries.push(Entry {
                    key: key.clone(),
                    text: format!("{key}:{}", "0".repeat(size)),
                });
            }
        }
        entries.sort_by(|a, b| a.key.cmp(&b.key));
        let refs: Vec<&Entry> = entries.iter().collect();
        let shards = split(&refs, SHARD_TARGET);
        let prefixes: Vec<&str> = shards.iter().map(|(p, _)| p.as_str()).collect();
        assert!(shards.len() > 8, "{prefixes:?}");
        for (prefix, items) in &shards {
            let size: usize = items.iter().map(|e| e.text.len() + 1).sum();
            // A shard is small, or it is one key too big to split.
            assert!(
                size <= SHARD_TARGET + SHARD_TARGET / 2
                    || items.len() == 1
                    || prefix.chars().count() >= MAX_PREFIX,
                "{prefix:?}: {size} bytes in {} entries",
                items.len()
            );
            for e in items {
                let longest = prefixes
                    .iter()
                    .filter(|p| e.key.starts_with(**p))
                    .max_by_key(|p| p.len())
                    .unwrap();
                assert_eq!(longest, prefix, "{} is filed under {prefix:?}", e.key);
            }
        }
        assert_eq!(
            shards.iter().map(|(_, items)| items.len()).sum::<usize>(),
            entries.len()
        );
    }

    proptest::proptest! {
        #[test]
        fn strings_are_escaped_as_serde_json_does(text in "(\\PC|[\"\\\\\u{0}-\u{1f}]){0,40}") {
            let mut js = Script::new("k", 0);
            js.push_str(&text);
            let written = js.finish("01234567").bytes;
            let expected = format!("PBS(\"k-01234567\",{});\n", serde_json::Value::String(text));
            proptest::prop_assert_eq!(String::from_utf8_lossy(&written), expected);
        }
    }

    #[test]
    fn sections_start_where_their_headings_text_does_in_utf16_units() {
        let body = crate::markdown::render(
            "Café intro.\n\n## Who pays?\n\nThe council. 🏠 Homes.\n\n### Sources\n\nOne.",
            &crate::markdown::KeepLinks,
            false,
        );
        let found = sections(&body.text, &body.toc);
        let units: Vec<u16> = body.text.encode_utf16().collect();
        let names: Vec<(&str, String)> = found
            .iter()
            .map(|(at, h)| {
                let rest = String::from_utf16_lossy(&units[*at..]);
                (
                    h.id.as_str(),
                    rest.trim_start().chars().take(h.title.len()).collect(),
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("who-pays", "Who pays?".to_owned()),
                ("sources", "Sources".to_owned())
            ]
        );
    }

    #[test]
    fn files_are_script_calls_named_by_their_content() {
        let file = script("t-co", &Value::String("council:m0".into()));
        let hash = hash_name(xxhash_rust::xxh3::xxh3_64(b"\"council:m0\""));
        assert_eq!(hash.len(), HASH_LEN);
        assert_eq!(file.path, format!("search/data/t-co-{hash}.js"));
        let text = String::from_utf8(file.bytes).unwrap();
        assert_eq!(text, format!("PBS(\"t-co-{hash}\",\"council:m0\");\n"));
        // Other content, another name.
        let other = script("t-co", &Value::String("council:m1".into()));
        assert_ne!(other.path, format!("search/data/t-co-{hash}.js"));
        assert_eq!(file_key(&other.path).len(), "t-co-".len() + HASH_LEN);
        assert_eq!(plain("A *big* `deal`"), "A big deal");
    }
}
