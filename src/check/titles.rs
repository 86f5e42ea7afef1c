//! Two pages with the same title.

use crate::content::DocRole;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Site;
use std::collections::HashMap;

/// Titles compare without case and extra spaces.
fn normalise(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A warning for every page whose title another page (earlier in path order) has.
pub fn check(site: &Site) -> Diagnostics {
    let mut order: Vec<usize> = (0..site.pages.len())
        .filter(|&id| site.pages[id].doc.role == DocRole::Page)
        .collect();
    order.sort_by(|&a, &b| site.pages[a].doc.path.cmp(&site.pages[b].doc.path));
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut diags = Diagnostics::new();
    for id in order {
        let page = &site.pages[id];
        let key = normalise(&page.title);
        if key.is_empty() {
            continue;
        }
        match first.get(&key) {
            Some(&other) => diags.push(
                super::at_key(
                    &page.doc,
                    "title",
                    Diagnostic::warning(
                        "duplicate-title",
                        format!(
                            "the title `{}` is also the title of {}",
                            page.title, site.pages[other].doc.path
                        ),
                    ),
                )
                .suggest("give each page its own title, so readers can tell them apart in lists and search results"),
            ),
            None => {
                first.insert(key, id);
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    #[test]
    fn titles_compare_without_case_and_spacing() {
        assert_eq!(super::normalise("  Pooled   Budgets "), "pooled budgets");
    }
}
