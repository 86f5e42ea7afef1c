//! Images without alt text (markdown images and raw-HTML `<img>` tags), and alt text
//! that is only the image's file name.

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
            .filter(|i| i.alt.trim().is_empty() && !i.decorative)
            .map(|i| (i.offset, 2, "write what the image shows between the brackets: `![A map of the area](map.png)`, or mark a decoration with `![](border.png \"decorative\")`"));
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
        diags.extend(lead_image_alt(doc));
        for image in page.body.images.iter().filter(|i| alt_is_file_name(i)) {
            diags.push(
                Diagnostic::warning(
                    "alt-is-file-name",
                    format!(
                        "the alt text of this image is its file name, `{}`, which tells people who cannot see it nothing",
                        image.alt.trim()
                    ),
                )
                .at(&doc.path, &doc.text, at(image.offset))
                .span(image.alt.chars().count() + 4)
                .suggest("write what the image shows between the brackets: `![Volunteers at the pantry](IMG_2041.jpg)`"),
            );
        }
    }
    diags
}

/// A warning when `doc` has a lead image (`image:`) but no `image_alt:`.
fn lead_image_alt(doc: &crate::content::SourceDoc) -> Option<Diagnostic> {
    let image = doc.front.image.as_deref()?;
    let alt = doc.front.image_alt.as_deref().unwrap_or("");
    if !alt.trim().is_empty() {
        return None;
    }
    let at = doc
        .front_lines
        .and_then(|l| l.locate_value(&doc.text, "image", image))
        .unwrap_or(crate::diagnostic::Position { line: 1, column: 1 });
    Some(
        Diagnostic::warning(
            "missing-alt",
            "this page's lead image has no alt text, so people who cannot see it do not know what it shows",
        )
        .at(&doc.path, &doc.text, at)
        .span(image.chars().count().max(1))
        .suggest("add `image_alt:` saying what the image shows, e.g. `image_alt: Volunteers unloading a van at the pantry`"),
    )
}

/// Endings of image files that alt text should never be.
const IMAGE_ENDINGS: [&str; 11] = [
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".heic", ".avif", ".tif", ".tiff", ".bmp",
];

/// Whether an image's alt text is its file name: the name of the file it shows, with or
/// without its ending (`IMG_2041`), or any text ending like an image file (`photo.JPG`).
pub fn alt_is_file_name(image: &crate::markdown::ImageRef) -> bool {
    let alt = image.alt.trim().to_lowercase();
    if alt.is_empty() {
        return false;
    }
    let path = image.src.split(['?', '#']).next().unwrap_or_default();
    let name = path.rsplit('/').next().unwrap_or_default().to_lowercase();
    let stem = name
        .rsplit_once('.')
        .map_or(name.as_str(), |(stem, _)| stem);
    alt == name || alt == stem || IMAGE_ENDINGS.iter().any(|e| alt.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::ImageRef;
    use proptest::prelude::*;

    fn image(alt: &str, src: &str) -> ImageRef {
        ImageRef {
            offset: 0,
            alt: alt.into(),
            src: src.into(),
            decorative: false,
        }
    }

    #[test]
    fn file_names_as_alt_text_are_found() {
        for (alt, src) in [
            ("IMG_2041.jpg", "IMG_2041.jpg"),
            ("IMG_2041", "photos/IMG_2041.jpg"),
            ("img_2041", "../static/IMG_2041.JPG"),
            (" DSC0042.JPG ", "map.png"),
            ("pantry.webp", "https://example.org/x.png?w=2"),
            ("map", "map.png#top"),
        ] {
            assert!(alt_is_file_name(&image(alt, src)), "{alt:?} for {src:?}");
        }
    }

    #[test]
    fn descriptions_are_not_file_names() {
        for (alt, src) in [
            ("Volunteers at the Oldham pantry", "IMG_2041.jpg"),
            ("A map of the ward", "map.png"),
            ("", "IMG_2041.jpg"),
            ("Chart of referrals, 2019 to 2024", "chart.svg"),
            ("The PNG logo", "logo.png"),
        ] {
            assert!(!alt_is_file_name(&image(alt, src)), "{alt:?} for {src:?}");
        }
    }

    proptest! {
        /// Any file name given as its own alt text, in any case and with or without its
        /// ending, is found; a description of words that is not the name is not.
        #[test]
        fn a_file_named_by_itself_is_found(
            stem in "[A-Za-z0-9_-]{1,20}",
            ending in prop::sample::select(IMAGE_ENDINGS.to_vec()),
            folder in "([a-z]{1,8}/){0,3}",
            upper in any::<bool>(),
        ) {
            let name = format!("{stem}{ending}");
            let src = format!("{folder}{name}");
            let shown = if upper { name.to_uppercase() } else { name.clone() };
            prop_assert!(alt_is_file_name(&image(&shown, &src)));
            prop_assert!(alt_is_file_name(&image(&stem, &src)));
            let words = format!("A photo of {stem} in the rain");
            prop_assert!(!alt_is_file_name(&image(&words, &src)));
        }
    }
}
