//! What the server knows of a site beyond the document being edited: its config, its
//! building blocks and the terms its taxonomies already use. Read from disk with the
//! build's own loader, once, and again when a file is saved or created.

use crate::authoring::fields::{self, Block};
use crate::config::{CONFIG_FILE, Config};
use crate::content::{self, CONTENT_DIR, DocRole, SourceDoc};
use crate::diagnostic::Diagnostic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One building block as other pages name it, and whether it is a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownBlock {
    /// Its collection and slug.
    pub block: Block,
    /// True for `draft: true` (left out of a build without --drafts).
    pub draft: bool,
}

/// A site as the server knows it.
#[derive(Debug, Clone)]
pub struct SiteIndex {
    /// The site folder (holding `placebook.yaml` and `content/`).
    pub root: PathBuf,
    /// Its configuration, or the defaults when `placebook.yaml` has errors.
    pub config: Config,
    /// The errors of `placebook.yaml`, if it has any.
    pub config_errors: Vec<Diagnostic>,
    /// Its building blocks, drafts included, in path order.
    pub blocks: Vec<KnownBlock>,
    /// Slugs of building blocks whose files have errors of their own (references to
    /// them are not reported, as in the build).
    pub broken_blocks: Vec<String>,
    /// For each taxonomy of the config, the terms pages use, sorted without case.
    pub terms: BTreeMap<String, Vec<String>>,
}

impl SiteIndex {
    /// Reads the site at `root` with the build's loader. Never fails: problems in files
    /// other than the one being edited only make what is known smaller.
    pub fn load(root: &Path) -> SiteIndex {
        let (config, config_errors) = match Config::load(root) {
            Ok(c) => (c, Vec::new()),
            Err(e) => (Config::default_for(root), e),
        };
        let loaded = content::load(root, &config);
        let mut index = SiteIndex {
            root: root.to_path_buf(),
            config,
            config_errors,
            blocks: Vec::new(),
            broken_blocks: loaded.broken_block_slugs(),
            terms: BTreeMap::new(),
        };
        index.learn(&loaded.docs);
        index
    }

    /// Collects blocks and taxonomy terms from loaded documents.
    pub fn learn(&mut self, docs: &[SourceDoc]) {
        let blocks = fields::blocks(docs);
        let drafts = docs
            .iter()
            .filter(|d| {
                d.role == DocRole::Page
                    && d.kind == crate::config::Kind::BuildingBlock
                    && d.collection.is_some()
            })
            .map(|d| d.front.draft);
        self.blocks = blocks
            .into_iter()
            .zip(drafts)
            .map(|(block, draft)| KnownBlock { block, draft })
            .collect();
        self.terms = self
            .config
            .taxonomies
            .iter()
            .map(|name| (name.clone(), terms_of(docs, name)))
            .collect();
    }

    /// The values a block reference may take (as `placebook schema` offers them).
    pub fn reference_values(&self) -> Vec<String> {
        let blocks: Vec<Block> = self.blocks.iter().map(|b| b.block.clone()).collect();
        fields::reference_values(&blocks)
    }

    /// The path of a file under this site's `content/`, `/`-separated, if it is there.
    pub fn content_path(&self, file: &Path) -> Option<String> {
        let rel = file.strip_prefix(self.root.join(CONTENT_DIR)).ok()?;
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        let path = parts?.join("/");
        (!path.is_empty()).then_some(path)
    }
}

/// The terms of one taxonomy used by the pages, one spelling per address, sorted without
/// case (as the build lists them on the taxonomy's page).
fn terms_of(docs: &[SourceDoc], name: &str) -> Vec<String> {
    let mut by_slug: BTreeMap<String, String> = BTreeMap::new();
    for d in docs.iter().filter(|d| d.role == DocRole::Page) {
        for value in crate::model::taxonomy_values(d, name) {
            let slug = crate::slug::slugify(&value);
            if !slug.is_empty() {
                by_slug
                    .entry(slug)
                    .or_insert_with(|| value.trim().to_owned());
            }
        }
    }
    let mut terms: Vec<String> = by_slug.into_values().collect();
    terms.sort_by_key(|t| t.to_lowercase());
    terms
}

/// The site a file belongs to: the nearest folder above it holding `placebook.yaml`, or
/// else the folder holding the nearest `content/` above it.
pub fn find_root(file: &Path) -> Option<PathBuf> {
    let mut content_parent = None;
    for dir in file.ancestors().skip(1) {
        if dir.join(CONFIG_FILE).is_file() {
            return Some(dir.to_path_buf());
        }
        if content_parent.is_none() && dir.file_name().is_some_and(|n| n == CONTENT_DIR) {
            content_parent = dir.parent().map(Path::to_path_buf);
        }
    }
    content_parent
}

/// True when a folder looks like a placebook site.
pub fn is_site(dir: &Path) -> bool {
    dir.join(CONFIG_FILE).is_file() || dir.join(CONTENT_DIR).is_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_is_found_from_config_or_content() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content/case-studies")).unwrap();
        let file = site.join("content/case-studies/a.md");
        assert_eq!(find_root(&file), Some(site.clone()));
        std::fs::write(site.join(CONFIG_FILE), "title: T\n").unwrap();
        assert_eq!(find_root(&file), Some(site.clone()));
        assert_eq!(find_root(&dir.path().join("elsewhere/x.md")), None);
        let index = SiteIndex::load(&site);
        assert_eq!(
            index.content_path(&file).as_deref(),
            Some("case-studies/a.md")
        );
        assert_eq!(index.content_path(&site.join("README.md")), None);
    }
}
