//! External links: every `http(s)` address in the pages' text and in their `sources`,
//! each checked once however many pages use it, and each broken one reported once,
//! with every place that uses it.

use super::cache::{self, Cache};
use super::http::{self, HttpSettings, LinkStatus};
use super::scan::{BodyScan, is_external};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::model::{PageId, Site};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// How to check external links.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// Timeout, concurrency and per-host limit.
    pub http: HttpSettings,
    /// How long an address that answered well is trusted without asking again; zero
    /// turns the cache off.
    pub cache_max_age: Duration,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        ExternalOptions {
            http: HttpSettings::default(),
            cache_max_age: Duration::from_secs(24 * 3600),
        }
    }
}

/// What the external-link check did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExternalSummary {
    /// Distinct addresses found.
    pub links: usize,
    /// Of those, how many were taken from the cache instead of asked.
    pub cached: usize,
    /// Of those, how many are broken.
    pub broken: usize,
}

/// One place an address is used.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Use {
    /// The page's file.
    pub file: String,
    /// Where in it.
    pub position: Position,
    page: PageId,
}

/// Every external address of the site (without its `#fragment`: one page, one check)
/// with the places that use it, sorted by address; each address's uses are in file,
/// line and column order. `scans` has one entry per page.
pub fn collect(site: &Site, scans: &[BodyScan]) -> BTreeMap<String, Vec<Use>> {
    let mut found: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    for (id, (page, scan)) in site.pages.iter().zip(scans).enumerate() {
        let doc = &page.doc;
        let mut add = |url: &str, position: Position| {
            let url = url.trim();
            let url = url.split_once('#').map_or(url, |(u, _)| u);
            found.entry(url.to_owned()).or_default().push(Use {
                file: doc.path.clone(),
                position,
                page: id,
            });
        };
        for (offset, url) in &scan.external {
            add(url, doc.text.position(doc.body_start + offset));
        }
        for s in doc
            .front
            .sources
            .iter()
            .filter(|s| is_external(s.url.trim()))
        {
            let position = crate::address::value_position(doc, "sources", &s.url)
                .unwrap_or(Position { line: 1, column: 1 });
            add(&s.url, position);
        }
    }
    for uses in found.values_mut() {
        uses.sort();
        uses.dedup();
    }
    found
}

/// Checks every external address (with the cache under `root`) and returns a warning
/// for each broken one, at its first use, naming every use.
pub fn check(
    site: &Site,
    scans: &[BodyScan],
    root: &Path,
    opts: &ExternalOptions,
) -> (Diagnostics, ExternalSummary) {
    let found = collect(site, scans);
    let (statuses, cached) = statuses(found.keys(), root, opts);
    let mut diags = Diagnostics::new();
    for (url, uses) in &found {
        if let Some(LinkStatus::Broken { reason, .. }) = statuses.get(url.as_str()) {
            diags.extend(broken_link(site, url, reason, uses));
        }
    }
    let summary = ExternalSummary {
        links: found.len(),
        cached,
        broken: diags.warning_count(),
    };
    (diags, summary)
}

/// The status of every one of `urls`: from the cache when fresh (unless caching is
/// off), else asked over HTTP, the cache brought up to date. Also how many came from
/// the cache.
fn statuses<'u>(
    urls: impl Iterator<Item = &'u String> + Clone,
    root: &Path,
    opts: &ExternalOptions,
) -> (BTreeMap<&'u str, LinkStatus>, usize) {
    let now = cache::now();
    let use_cache = !opts.cache_max_age.is_zero();
    let mut cache = if use_cache {
        Cache::load(root)
    } else {
        Cache::default()
    };
    let mut statuses: BTreeMap<&str, LinkStatus> = BTreeMap::new();
    let mut to_ask = Vec::new();
    for url in urls.clone() {
        match cache.fresh(url, opts.cache_max_age, now) {
            Some(e) if use_cache => {
                statuses.insert(url, LinkStatus::Ok(e.status));
            }
            _ => to_ask.push(url.clone()),
        }
    }
    let cached = statuses.len();
    let answers = http::check_all(&to_ask, &opts.http);
    for url in urls {
        let Some(status) = answers.get(url) else {
            continue;
        };
        match status {
            LinkStatus::Ok(code) => {
                let entry = cache::Entry {
                    status: *code,
                    checked: now,
                };
                cache.links.insert(url.clone(), entry);
            }
            LinkStatus::Broken { .. } => {
                cache.links.remove(url);
            }
        }
        statuses.insert(url, status.clone());
    }
    if use_cache {
        cache.prune(opts.cache_max_age, now);
        // A cache that cannot be written only means asking again next time.
        let _ = cache.save(root);
    }
    (statuses, cached)
}

/// The warning for a broken external link `url`, placed at its first use and naming
/// every other.
fn broken_link(site: &Site, url: &str, reason: &str, uses: &[Use]) -> Option<Diagnostic> {
    let first = uses.first()?;
    let places: Vec<String> = uses
        .iter()
        .map(|u| format!("{}:{}:{}", u.file, u.position.line, u.position.column))
        .collect();
    let mut pages: Vec<PageId> = uses.iter().map(|u| u.page).collect();
    pages.dedup();
    let used = match (uses.len(), pages.len()) {
        (1, _) => format!("used at {}", places[0]),
        (n, 1) => format!("used {n} times: {}", places.join(", ")),
        (n, p) => format!("used {n} times on {p} pages: {}", places.join(", ")),
    };
    let doc = &site.pages[first.page].doc;
    Some(
        Diagnostic::warning(
            "broken-external-link",
            format!("the external link `{url}` is broken ({reason}); {used}"),
        )
        .at(&first.file, &doc.text, first.position)
        .span(url.chars().count())
        .suggest("correct the address, link to an archived copy, or remove the link (broken addresses are checked again on every run)"),
    )
}
