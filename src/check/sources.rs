//! Case studies that cite no sources.

use crate::config::Kind;
use crate::content::DocRole;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Site;

/// A warning for every case study with no `sources`.
pub fn check(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for page in &site.pages {
        let doc = &page.doc;
        if doc.kind != Kind::CaseStudy || doc.role != DocRole::Page || !doc.front.sources.is_empty()
        {
            continue;
        }
        diags.push(
            super::at_key(
                doc,
                "title",
                Diagnostic::warning(
                    "no-sources",
                    format!("the case study `{}` cites no sources", page.title),
                ),
            )
            .suggest(
                "add `sources:` with at least one `{title, url}`, e.g. `sources: [{title: Evaluation report, url: \"https://example.org/report\"}]`",
            ),
        );
    }
    diags
}
