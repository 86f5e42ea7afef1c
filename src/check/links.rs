//! Pages nothing links to.
//!
//! What "links to" means: page B is linked when the text of another page links to it,
//! or when another page names it in a cross-link list that is shown on that page: a
//! case study's `building_blocks` (shown on the case study), a block's `related` (shown
//! on the block), and the case studies naming a block (shown on the block as "used
//! by"). Collection indexes, the navigation, taxonomy pages, previous/next links, the
//! matrix and the printable playbook list every page automatically, so they do not
//! count: a page reported here can be found only by browsing those lists.
//!
//! Only pages of collections are checked. Top-level pages are in the navigation of every
//! page, and the home page and collection texts (`_index.md`) are the lists themselves.

use crate::address::{ROOT_MARKER, percent_decode};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{PageId, Site};
use std::collections::HashMap;

/// Site-root-relative targets of the links in a rendered body that lead to pages of the
/// site (as the resolver wrote them: `case-studies/x/index.html`, without `#fragment`).
pub fn page_targets(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("href=\"") {
        rest = &rest[i + 6..];
        let Some(end) = rest.find('"') else { break };
        let href = unescape(&rest[..end]);
        rest = &rest[end..];
        if let Some(path) = href.strip_prefix(ROOT_MARKER) {
            let path = path.split(['#', '?']).next().unwrap_or_default();
            out.push(percent_decode(path));
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// For each page, whether another page links to it (see the module documentation).
pub fn linked(site: &Site) -> Vec<bool> {
    let by_href: HashMap<String, PageId> = site
        .pages
        .iter()
        .enumerate()
        .map(|(id, p)| (p.href(), id))
        .collect();
    let mut linked = vec![false; site.pages.len()];
    for (from, page) in site.pages.iter().enumerate() {
        for target in page_targets(&page.body.html.unpack()) {
            let target = if target.is_empty() || target.ends_with('/') {
                format!("{target}index.html")
            } else {
                target
            };
            if let Some(&to) = by_href.get(&target)
                && to != from
            {
                linked[to] = true;
            }
        }
        let lists = [
            &site.blocks_of[from],
            &site.related[from],
            &site.backlinks[from],
        ];
        for &to in lists.into_iter().flatten() {
            if to != from {
                linked[to] = true;
            }
        }
    }
    linked
}

/// A warning for every page of a collection that no other page links to.
pub fn check(site: &Site) -> Diagnostics {
    let linked = linked(site);
    let mut diags = Diagnostics::new();
    for (id, page) in site.pages.iter().enumerate() {
        if linked[id] || site.collection_of[id].is_none() {
            continue;
        }
        let how = match page.doc.kind {
            crate::config::Kind::CaseStudy => {
                "link to it from another page's text, or name the building blocks it shows in `building_blocks` (it is then listed on their pages)"
            }
            crate::config::Kind::BuildingBlock => {
                "link to it from another page's text, name it in a case study's `building_blocks` or in another block's `related`"
            }
            crate::config::Kind::Page => "link to it from another page's text",
        };
        diags.push(
            super::at_key(
                &page.doc,
                "title",
                Diagnostic::warning(
                    "orphan-page",
                    format!(
                        "no other page links to `{}`; readers find it only in lists",
                        page.title
                    ),
                ),
            )
            .suggest(how),
        );
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rewritten_page_links_only() {
        let html = format!(
            "<a href=\"{ROOT_MARKER}case-studies/gamma-caf%C3%A9/index.html#x\">g</a> <a href=\"https://x.org\">x</a> <a href=\"#top\">t</a> <a href=\"{ROOT_MARKER}a/b/index.html?q=1&amp;r=2\">b</a> <a href=\"{ROOT_MARKER}\">h</a>"
        );
        assert_eq!(
            page_targets(&html),
            ["case-studies/gamma-café/index.html", "a/b/index.html", ""]
        );
    }
}
