//! Content images made fast, accessible and safe: every JPEG, PNG and WebP of
//! `content/` and `static/` is decoded once (with limits on its size), turned upright,
//! resized to the configured widths (never wider than it is) and written as WebP and
//! in its own format, all without metadata; the copied original loses its metadata too
//! (unless `images: {keep_metadata: true}`). GIFs are measured, SVGs left alone.
//!
//! The results live in `.placebook-cache/images/`, one folder per image content and
//! settings, so that `build`, `check` and `serve` never process an unchanged image
//! twice. This step runs before markdown, which writes `<picture>` from [`Pictures`].

mod budget;
mod cache;
mod process;

use crate::config::images::ImagesConfig;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use process::ImageProblem;

/// One image file of the site to publish.
#[derive(Debug, Clone)]
pub struct Input {
    /// Its path in the output (`case-studies/pantry.jpg`).
    pub output: String,
    /// Where it is on disk.
    pub source: PathBuf,
}

/// How one content image is published, for the markup that shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// Its width in pixels, upright.
    pub width: u32,
    /// Its height in pixels, upright.
    pub height: u32,
    /// Its WebP copies, narrowest first: width and output path (empty when the image is
    /// a WebP itself, or is not resized).
    pub webp: Vec<(u32, String)>,
    /// Its copies in its own format, narrowest first, the original last: width and
    /// output path.
    pub same: Vec<(u32, String)>,
}

/// What processing made of every image, by output path.
#[derive(Debug, Default, Clone)]
pub struct Pictures {
    /// Images that can be shown, with their copies.
    pub ready: HashMap<String, Picture>,
    /// Images that cannot be read, with why.
    pub bad: HashMap<String, ImageProblem>,
    /// The `sizes` attribute of every content image (`images: {sizes: …}`).
    pub sizes: String,
}

/// The files one image publishes, beside the [`Picture`].
#[derive(Debug, Clone, Default)]
pub struct Files {
    /// The file to publish at the original's path instead of the original (its
    /// metadata removed), when there is one.
    pub original: Option<PathBuf>,
    /// The resized copies: output path and the file that holds it.
    pub copies: Vec<(String, PathBuf)>,
}

/// Everything processing gives: the pictures for markdown and, per input (in the
/// order given), the files to publish.
#[derive(Debug, Default)]
pub struct Processed {
    /// The pictures and the unreadable images.
    pub pictures: Pictures,
    /// Per input, in order: the files it publishes (`None`: publish it as it is).
    pub files: Vec<Option<Files>>,
    /// How many images were decoded (not found in the cache), for tests and timings.
    pub decoded: usize,
}

/// The folder of the image cache under the site folder `root`.
pub fn cache_dir(root: &Path) -> PathBuf {
    root.join(".placebook-cache").join("images")
}

/// How an image is handled, by its file name's ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Decoded, resized and cleaned (JPEG, PNG, WebP).
    Raster(image::ImageFormat),
    /// Measured only (a GIF, which may be animated).
    Measured,
}

/// The kind of the image at `output`, or `None` for a file placebook leaves alone
/// (an SVG, a PDF).
pub fn kind_of(output: &str) -> Option<Kind> {
    let ext = output.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "jpg" | "jpeg" => Kind::Raster(image::ImageFormat::Jpeg),
        "png" => Kind::Raster(image::ImageFormat::Png),
        "webp" => Kind::Raster(image::ImageFormat::WebP),
        "gif" => Kind::Measured,
        _ => return None,
    })
}

/// Processes every image among `inputs` with `settings`, reading and filling the cache
/// under `root`, a few images at a time (so memory stays bounded).
pub fn process(root: &Path, settings: &ImagesConfig, inputs: &[Input]) -> Processed {
    if !settings.process {
        return Processed {
            files: vec![None; inputs.len()],
            ..Processed::default()
        };
    }
    let cache = cache::Cache::new(cache_dir(root), settings);
    let budget = budget::Budget::new(MEMORY);
    let work = Work {
        cache: &cache,
        budget: &budget,
        settings,
    };
    let threads = rayon::current_num_threads().clamp(1, 4);
    let done: Vec<Option<process::Outcome>> =
        match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
            Ok(pool) => pool.install(|| inputs.par_iter().map(|i| one(&work, i)).collect()),
            Err(_) => inputs.iter().map(|i| one(&work, i)).collect(),
        };
    let mut out = Processed::default();
    out.pictures.sizes = settings.sizes.clone();
    for (input, outcome) in inputs.iter().zip(done) {
        match outcome {
            None => out.files.push(None),
            Some(process::Outcome::Bad(problem)) => {
                out.pictures.bad.insert(input.output.clone(), problem);
                out.files.push(None);
            }
            Some(process::Outcome::Done {
                picture,
                files,
                decoded,
            }) => {
                out.decoded += usize::from(decoded);
                out.pictures.ready.insert(input.output.clone(), picture);
                out.files.push(Some(files));
            }
        }
    }
    out
}

/// The memory the images being decoded at once may take between them, in bytes.
const MEMORY: u64 = 640 << 20;

/// What every image is processed with: the cache, the memory budget and the settings.
struct Work<'a> {
    cache: &'a cache::Cache,
    budget: &'a budget::Budget,
    settings: &'a ImagesConfig,
}

/// One input processed (or found in the cache), `None` when it is not an image.
fn one(work: &Work, input: &Input) -> Option<process::Outcome> {
    let kind = kind_of(&input.output)?;
    Some(process::image(work, input, kind))
}

/// The output path of the copy of `output` (`a/photo.jpg`) that is `width` wide, with
/// the ending `ext` (`a/photo.480w.webp`).
pub fn copy_path(output: &str, width: u32, ext: &str) -> String {
    let stem = output.rsplit_once('.').map_or(output, |(s, _)| s);
    format!("{stem}.{width}w.{ext}")
}
