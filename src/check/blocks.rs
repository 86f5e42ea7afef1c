//! Building blocks that no case study names in its `building_blocks`.

use crate::config::Kind;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Site;

/// A warning for every published building block that no published case study names.
/// (A block named only by drafts is reported unless the check runs with `--drafts`.)
pub fn check(site: &Site) -> Diagnostics {
    let has_case_studies = site.collections.iter().any(|c| c.kind == Kind::CaseStudy);
    let mut diags = Diagnostics::new();
    if !has_case_studies {
        return diags;
    }
    for (id, page) in site.pages.iter().enumerate() {
        if page.doc.kind != Kind::BuildingBlock || site.collection_of[id].is_none() {
            continue;
        }
        if site.backlinks[id].is_empty() {
            diags.push(
                super::at_key(
                    &page.doc,
                    "title",
                    Diagnostic::warning(
                        "unused-block",
                        format!(
                            "no case study names the building block `{}` in its `building_blocks`",
                            page.slug
                        ),
                    ),
                )
                .suggest(format!(
                    "add `{}` to the `building_blocks` of the case studies that show it",
                    page.slug
                )),
            );
        }
    }
    diags
}
