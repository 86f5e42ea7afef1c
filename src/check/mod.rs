//! `placebook check`: every validation a build does, without writing anything, plus
//! checks of the content's quality, and optionally of its external links.
//!
//! 1. [`crate::build::load`] reads, parses and cross-checks the whole site (front
//!    matter, references between pages, internal links and anchors, templates).
//! 2. [`render`] renders every output page in memory, so template errors show, and makes
//!    the checks `build` makes before writing (two files for one output path, no
//!    `base_url`).
//! 3. The quality checks, one module each, all warnings: [`links`] (pages nothing links
//!    to), [`blocks`] (building blocks no case study names), [`sources`] (case studies
//!    without sources), [`images`] (images without alt text), [`titles`] (two pages with
//!    one title).
//! 4. With `--external`, [`external`] checks every `http(s)` link of the bodies and of
//!    `sources` (concurrently, with a per-host limit, a timeout and a cache).
//!
//! The quality checks need an assembled site, so they run only when step 1 found no
//! error; the errors are then all that is reported (with build's warnings), as with a
//! compiler that stops linting after a type error.
//!
//! [`json`] is the stable machine-readable form of the report (`--format json`).

pub mod blocks;
pub mod cache;
pub mod external;
pub mod http;
pub mod images;
pub mod json;
pub mod links;
pub mod render;
pub mod reviews;
pub mod scan;
pub mod sources;
pub mod titles;

use crate::build::{BuildOptions, load};
use crate::content::SourceDoc;
use crate::diagnostic::{Diagnostic, Diagnostics};
use std::path::PathBuf;

/// What to check and how.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    /// Check external links too (when set).
    pub external: Option<external::ExternalOptions>,
}

impl CheckOptions {
    /// Options for the site at `root`, without external links.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        CheckOptions {
            root: root.into(),
            drafts: false,
            base_url: None,
            external: None,
        }
    }
}

/// What a check found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Every problem, errors and warnings.
    pub diagnostics: Diagnostics,
    /// How many pages were checked; `None` when errors stopped the check before the checks of a whole site (external links, orphans) ran.
    pub pages: Option<usize>,
    /// What the external-link check did, when it ran.
    pub external: Option<external::ExternalSummary>,
}

impl CheckReport {
    /// The exit code: 1 on an error, or on a warning when `strict`; 0 otherwise.
    pub fn exit_code(&self, strict: bool) -> i32 {
        let failed =
            self.diagnostics.has_errors() || (strict && self.diagnostics.warning_count() > 0);
        i32::from(failed)
    }
}

/// Checks the site: returns every problem found. Never writes into the site, except
/// the external-link cache (`.placebook-cache/`) when external links are checked.
pub fn check(opts: &CheckOptions) -> CheckReport {
    let build_opts = BuildOptions {
        drafts: opts.drafts,
        base_url: opts.base_url.clone(),
        ..BuildOptions::new(opts.root.clone())
    };
    let loaded = match load(&build_opts) {
        Ok(l) => l,
        Err(diagnostics) => {
            return CheckReport {
                diagnostics,
                pages: None,
                external: None,
            };
        }
    };
    let mut diags = loaded.diagnostics.clone();
    diags.extend(render::check(&loaded, &opts.root));
    let mut external = None;
    for ready in loaded.sites() {
        let (found, summary) = quality(&ready.site, opts);
        diags.extend(found);
        external = external.or(summary);
    }
    CheckReport {
        diagnostics: diags,
        pages: Some(loaded.sites().map(|r| r.site.pages.len()).sum()),
        external,
    }
}

/// The quality checks of one language's site: links, blocks, sources, images, titles,
/// reviews, list fields Decap CMS cannot open (when the site has `cms:`) and (when
/// asked for) external links.
fn quality(
    site: &crate::model::Site,
    opts: &CheckOptions,
) -> (Vec<Diagnostic>, Option<external::ExternalSummary>) {
    let scans: Vec<scan::BodyScan> = site
        .pages
        .iter()
        .map(|p| scan::scan(p.doc.body()))
        .collect();
    let mut diags = Vec::new();
    diags.extend(links::check(site));
    diags.extend(blocks::check(site));
    diags.extend(sources::check(site));
    diags.extend(images::check(site, &scans));
    diags.extend(titles::check(site));
    diags.extend(reviews::check(site, crate::dates::Date::today()));
    if site.config.cms.is_some() {
        diags.extend(
            site.pages
                .iter()
                .flat_map(|p| crate::content::warnings::cms_single_values(&p.doc)),
        );
    }
    if site.config.site_language == 0 {
        diags.extend(reviews::statement(
            &site.config,
            &opts.root,
            crate::dates::Date::today(),
        ));
    }
    let external = opts.external.as_ref().map(|ext| {
        let (found, summary) = external::check(site, &scans, &opts.root, ext);
        diags.extend(found);
        summary
    });
    (diags, external)
}

/// Points `d` at a page's `key:` line in its front matter, else at the file.
pub(crate) fn at_key(doc: &SourceDoc, key: &str, d: Diagnostic) -> Diagnostic {
    match doc.front_lines.and_then(|l| l.locate_key(&doc.text, key)) {
        Some(pos) => d.at(&doc.path, &doc.text, pos).span(key.chars().count()),
        None => d.in_file(&doc.path),
    }
}
