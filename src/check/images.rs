//! Images without alt text (markdown images and raw-HTML `<img>` tags).

use super::scan::BodyScan;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Site;

/// A warning for every image whose alt text is missing or blank. `scans` has one entry
/// per page of `site`.
pub fn check(site: &Site, scans: &[BodyScan]) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for (page, scan) in site.pages.iter().zip(scans) {
        let doc = &page.doc;
        let at = |offset: usize| doc.text.position(doc.body_start + offset);
        let markdown = page
            .body
            .images
            .iter()
            .filter(|i| i.alt.trim().is_empty())
            .map(|i| (i.offset, 2, "write what the image shows between the brackets: `![A map of the area](map.png)`"));
        let html = scan
            .raw_images_without_alt
            .iter()
            .map(|&o| (o, 4, "add an `alt=\"...\"` attribute saying what the image shows (`alt=\"\"` if it is only decoration)"));
        for (offset, span, help) in markdown.chain(html) {
            diags.push(
                Diagnostic::warning(
                    "missing-alt",
                    "this image has no alt text, so people who cannot see it do not know what it shows",
                )
                .at(&doc.path, &doc.text, at(offset))
                .span(span)
                .suggest(help),
            );
        }
    }
    diags
}
