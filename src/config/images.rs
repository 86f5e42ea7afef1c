//! How content images are published (`images:` in placebook.yaml): the widths of the
//! resized copies, their quality, whether the original keeps its metadata, the largest
//! image placebook decodes, and a switch to copy images as they are.

use super::{Config, ConfigErrors};
use serde::{Deserialize, Serialize};

/// The `images:` section.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImagesConfig {
    /// Make resized copies and strip metadata; `false` copies every image as it is.
    pub process: bool,
    /// The widths, in pixels, of the resized copies (each one narrower than the
    /// original; the original's own width is always offered too).
    pub widths: Vec<u32>,
    /// The quality of the lossy copies (WebP and JPEG), 1 to 100.
    pub quality: u8,
    /// Publish the original file byte for byte, metadata and all (the resized copies
    /// never carry metadata).
    pub keep_metadata: bool,
    /// The largest image, in millions of pixels, that placebook will decode; a larger
    /// one is an error (it would need too much memory, or is a decompression bomb).
    pub max_megapixels: u32,
    /// The `sizes` attribute of every content image: how wide it is shown.
    pub sizes: String,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            process: true,
            widths: vec![480, 960, 1600],
            quality: 80,
            keep_metadata: false,
            max_megapixels: 50,
            sizes: "(min-width: 44rem) 42rem, calc(100vw - 2rem)".into(),
        }
    }
}

/// The keys of `images:`.
pub const IMAGES_KEYS: &[&str] = &[
    "process",
    "widths",
    "quality",
    "keep_metadata",
    "max_megapixels",
    "sizes",
];

/// The narrowest and widest width a resized copy may have.
const WIDTHS: std::ops::RangeInclusive<u32> = 16..=8192;

impl Config {
    /// `images:` must name widths and a quality placebook can make.
    pub(super) fn check_images(&self, errors: &mut ConfigErrors) {
        let i = &self.images;
        if let Some(w) = i.widths.iter().find(|w| !WIDTHS.contains(w)) {
            errors.report(
                "images.widths",
                format!("`{w}` is not a width placebook makes (16 to 8192 pixels)"),
                "write widths in pixels, e.g. `widths: [480, 960, 1600]`",
            );
        }
        if !(1..=100).contains(&i.quality) {
            errors.report(
                "images.quality",
                format!("`quality: {}` is not between 1 and 100", i.quality),
                "write a quality from 1 (smallest files) to 100 (best pictures); 80 suits photographs",
            );
        }
        if !(1..=1000).contains(&i.max_megapixels) {
            errors.report(
                "images.max_megapixels",
                format!(
                    "`max_megapixels: {}` is not between 1 and 1000",
                    i.max_megapixels
                ),
                "write a number of millions of pixels, e.g. `max_megapixels: 50`",
            );
        }
    }
}
