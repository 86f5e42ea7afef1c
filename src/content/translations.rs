//! A multilingual playbook's content split into one [`Sources`] per language, and the
//! mistakes of pairing: a translation with no original, two files for one page in one
//! language. Each mistake is one error; the file in error is not published but still
//! claims its place, so links to it are not reported again.

use super::{Claim, SourceDoc, Sources};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use std::collections::HashMap;

/// The key that pairs a page with its translations: its content path without the
/// language code (`case-studies/oldham` for `case-studies/oldham.cy.md`).
pub fn page_key(content_path: &str, config: &Config) -> String {
    let (dir, name) = match content_path.rsplit_once('/') {
        Some((d, n)) => (format!("{d}/"), n),
        None => (String::new(), content_path),
    };
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let base = config.split_language(stem).map_or(stem, |(b, _)| b);
    format!("{dir}{base}")
}

/// The content split by language (one `Sources` per entry of `languages:`, in order).
/// Problems found while reading go with the first language, so each is reported once;
/// every language gets the assets, since a translation shows the same pictures.
pub fn split_by_language(sources: Sources, config: &Config) -> Vec<Sources> {
    let n = config.languages.len().max(1);
    let mut split: Vec<Sources> = (0..n).map(|_| Sources::default()).collect();
    let mut originals: HashMap<String, usize> = HashMap::new();
    let mut seen: Vec<HashMap<String, usize>> = vec![HashMap::new(); n];
    for claim in &sources.broken {
        if config.language_of_path(&claim.content_path) == 0 {
            originals.insert(page_key(&claim.content_path, config), 0);
        }
    }
    for doc in &sources.docs {
        if config.language_of_path(&doc.content_path) == 0 {
            originals.insert(page_key(&doc.content_path, config), 0);
        }
    }
    let mut errors = Diagnostics::new();
    for doc in sources.docs {
        let lang = config.language_of_path(&doc.content_path);
        let key = page_key(&doc.content_path, config);
        if let Some(&at) = seen[lang].get(&key) {
            // Of two files for one page, the one whose name has the code is in error.
            let kept = &mut split[lang].docs[at];
            let (wrong, right) = if config.path_language(&doc.content_path).is_some() {
                (doc, kept.content_path.clone())
            } else {
                let wrong = std::mem::replace(kept, doc);
                (wrong, kept.content_path.clone())
            };
            errors.push(two_files_error(&wrong, &right, config, lang));
            split[lang].broken.push(claim_of(&wrong));
        } else if lang > 0 && !originals.contains_key(&key) {
            errors.push(no_original_error(&doc, &key, config));
            split[lang].broken.push(claim_of(&doc));
        } else {
            seen[lang].insert(key, split[lang].docs.len());
            split[lang].docs.push(doc);
        }
    }
    for claim in sources.broken {
        split[config.language_of_path(&claim.content_path)]
            .broken
            .push(claim);
    }
    for doc in sources.broken_bodies {
        split[config.language_of_path(&doc.content_path)]
            .broken_bodies
            .push(doc);
    }
    for i in 1..split.len() {
        let (first, rest) = split.split_at_mut(i);
        translate_block_names(&first[0].docs, &mut rest[0].docs, config);
    }
    for s in &mut split {
        s.assets = sources.assets.clone();
    }
    split[0].diagnostics = sources.diagnostics;
    split[0].diagnostics.extend(errors);
    split
}

/// In translated pages, building blocks named by the original's slug (as a copied
/// front matter names them) changed to the slug of the block's translation, so that
/// `building_blocks: [shared-purpose]` finds `pwrpas-cyffredin` in Welsh.
fn translate_block_names(originals: &[SourceDoc], translated: &mut [SourceDoc], config: &Config) {
    let names = BlockNames::new(originals.iter(), translated.iter(), config);
    if names.renamed.is_empty() {
        return;
    }
    for doc in translated {
        names.apply(doc);
    }
}

/// The building blocks whose translation has a slug of its own, for a language's pages
/// that name blocks by the original's slug.
#[derive(Debug, Default)]
pub struct BlockNames {
    /// The original's slug, with the slug of its translation.
    renamed: HashMap<String, String>,
    /// Every slug of the language's own pages (a name that is one is left alone).
    own: std::collections::HashSet<String>,
}

impl BlockNames {
    /// The renames between the first language's pages and one other language's pages.
    pub fn new<'a>(
        originals: impl Iterator<Item = &'a SourceDoc>,
        translated: impl Iterator<Item = &'a SourceDoc>,
        config: &Config,
    ) -> BlockNames {
        let translated_slugs: HashMap<String, String> = translated
            .map(|d| (page_key(&d.content_path, config), d.slug()))
            .collect();
        let renamed = originals
            .filter_map(|d| {
                let other = translated_slugs.get(&page_key(&d.content_path, config))?;
                let own = d.slug();
                (own != *other).then(|| (own, other.clone()))
            })
            .collect();
        let own = translated_slugs.into_values().collect();
        BlockNames { renamed, own }
    }

    /// `doc`'s `building_blocks` and `related`, each named by its slug in `doc`'s language.
    pub fn apply(&self, doc: &mut SourceDoc) {
        for name in doc
            .front
            .building_blocks
            .iter_mut()
            .chain(&mut doc.front.related)
        {
            if !self.own.contains(name.as_str())
                && let Some(to) = self.renamed.get(name.as_str())
            {
                *name = to.clone();
            }
        }
    }
}

/// What a page left out for a pairing mistake still claims.
fn claim_of(doc: &SourceDoc) -> Claim {
    Claim {
        content_path: doc.content_path.clone(),
        kind: doc.kind,
        slug: doc.slug(),
    }
}

/// The error for a second file of one page in one language (`x.md` and `x.en.md`).
fn two_files_error(doc: &SourceDoc, other: &str, config: &Config, lang: usize) -> Diagnostic {
    let code = &config.languages[lang].code;
    Diagnostic::error(
        "duplicate-translation",
        format!("this file and content/{other} are both the {code} version of one page"),
    )
    .in_file(&doc.path)
    .suggest("keep one of them: a page in the first language needs no language code in its name")
}

/// The error for a translation whose original (the first language's file) is missing.
fn no_original_error(doc: &SourceDoc, key: &str, config: &Config) -> Diagnostic {
    let first = &config.languages[0].code;
    let name = key.rsplit('/').next().unwrap_or(key);
    Diagnostic::error(
        "translation-without-original",
        format!("this is a translation of content/{key}.md, but there is no such page in {first}"),
    )
    .in_file(&doc.path)
    .suggest(format!(
        "write the {first} page `{name}.md` beside it, or check that both files have the same name before the language code"
    ))
}
