//! One image: read, checked, decoded within limits, turned upright, resized and
//! encoded (or found in the cache), its original cleaned of metadata.

use super::cache::Entry;
use super::{Files, Input, Kind, Picture, copy_path};
use crate::config::images::ImagesConfig;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, metadata::Orientation};
use std::io::Cursor;

/// Why an image cannot be published, for a message at each place that shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageProblem {
    /// The diagnostic code: `bad-image` or `image-too-large`.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub suggestion: String,
}

/// What processing one image gave.
#[derive(Debug)]
pub enum Outcome {
    /// It cannot be published.
    Bad(ImageProblem),
    /// It is ready: its picture, its files, and whether it was decoded now (not found
    /// in the cache).
    Done {
        /// How it is shown.
        picture: Picture,
        /// What it publishes.
        files: Files,
        /// Whether it was decoded by this call.
        decoded: bool,
    },
}

/// The largest image file placebook reads, in bytes.
const MAX_FILE: u64 = 256 * 1024 * 1024;

/// `input`, of `kind`, processed with `settings` or found in `cache`.
pub fn image(work: &super::Work, input: &Input, kind: Kind) -> Outcome {
    let (cache, settings) = (work.cache, work.settings);
    let bytes = match read(input) {
        Ok(b) => b,
        Err(p) => return Outcome::Bad(p),
    };
    let format = match kind {
        Kind::Raster(f) => f,
        Kind::Measured => ImageFormat::Gif,
    };
    if let Err(p) = check_type(&bytes, format, &input.output) {
        return Outcome::Bad(p);
    }
    if kind == Kind::Measured {
        return measure(&bytes, format, settings, &input.output);
    }
    let key = cache.key(&bytes);
    let (entry, decoded) = match cache.load(&key) {
        Some(entry) => (entry, false),
        None => match make(&bytes, format, work) {
            Ok((entry, files)) => {
                if let Err(e) = cache.store(&key, &entry, &files) {
                    return Outcome::Bad(ImageProblem {
                        code: "io",
                        message: format!("could not save the resized copies of this image: {e}"),
                        suggestion: "check that the .placebook-cache folder can be written, and that the disk is not full".into(),
                    });
                }
                (entry, true)
            }
            Err(p) => return Outcome::Bad(p),
        },
    };
    let (picture, files) = published(&entry, &input.output, &cache.folder(&key));
    Outcome::Done {
        picture,
        files,
        decoded,
    }
}

/// The bytes of `input`, unless it is too big to read.
fn read(input: &Input) -> Result<Vec<u8>, ImageProblem> {
    let size = std::fs::metadata(&input.source)
        .map(|m| m.len())
        .unwrap_or(0);
    if size > MAX_FILE {
        return Err(ImageProblem {
            code: "image-too-large",
            message: format!(
                "this image's file is {} MB, too big to publish on a web page",
                size / 1_000_000
            ),
            suggestion: "save a smaller copy (2,000 to 4,000 pixels wide is plenty) and use that"
                .into(),
        });
    }
    std::fs::read(&input.source).map_err(|e| ImageProblem {
        code: "bad-image",
        message: format!("this image's file could not be read: {e}"),
        suggestion: "check that the file can be opened, then build again".into(),
    })
}

/// The name of an image format as people say it.
fn name_of(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Png => "PNG",
        ImageFormat::WebP => "WebP",
        ImageFormat::Gif => "GIF",
        ImageFormat::Tiff => "TIFF",
        ImageFormat::Bmp => "BMP",
        ImageFormat::Avif => "AVIF",
        _ => "other",
    }
}

/// An error unless `bytes` start like an image of `format`, the kind its name says.
fn check_type(bytes: &[u8], format: ImageFormat, output: &str) -> Result<(), ImageProblem> {
    let name = output.rsplit('/').next().unwrap_or(output);
    match image::guess_format(bytes) {
        Ok(found) if found == format => Ok(()),
        Ok(found) => {
            let ext = found.extensions_str().first().copied().unwrap_or("img");
            let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
            Err(ImageProblem {
                code: "bad-image",
                message: format!(
                    "`{name}` is a {} image, not the {} its name says",
                    name_of(found),
                    name_of(format)
                ),
                suggestion: format!(
                    "rename it `{stem}.{ext}` (and where pages show it), or save it again as a {}",
                    name_of(format)
                ),
            })
        }
        Err(_) => Err(ImageProblem {
            code: "bad-image",
            message: format!(
                "`{name}` is not a {} image: it is damaged, empty, or another kind of file",
                name_of(format)
            ),
            suggestion: "open it in an image editor and save it again, or replace it".into(),
        }),
    }
}

/// A GIF, measured from its header (it may be animated, so it is published as it is).
fn measure(bytes: &[u8], format: ImageFormat, settings: &ImagesConfig, output: &str) -> Outcome {
    let decoder = match image::ImageReader::with_format(Cursor::new(bytes), format).into_decoder() {
        Ok(d) => d,
        Err(e) => return Outcome::Bad(decode_problem(&e, format)),
    };
    let (width, height) = decoder.dimensions();
    if let Err(p) = within_limit(width, height, settings) {
        return Outcome::Bad(p);
    }
    Outcome::Done {
        picture: Picture {
            width,
            height,
            webp: Vec::new(),
            same: vec![(width, output.to_owned())],
        },
        files: Files::default(),
        decoded: false,
    }
}

/// An error when an image of this size is over the configured limit.
fn within_limit(width: u32, height: u32, settings: &ImagesConfig) -> Result<(), ImageProblem> {
    let pixels = u64::from(width) * u64::from(height);
    let limit = u64::from(settings.max_megapixels) * 1_000_000;
    if pixels <= limit {
        return Ok(());
    }
    Err(ImageProblem {
        code: "image-too-large",
        message: format!(
            "this image is {width} × {height} pixels ({} million), more than the {} million placebook decodes",
            pixels / 1_000_000,
            settings.max_megapixels
        ),
        suggestion: "save a smaller copy (2,000 to 4,000 pixels wide is plenty for a web page), or raise `images: {max_megapixels: …}` in placebook.yaml".into(),
    })
}

/// Why the image could not be decoded.
fn decode_problem(e: &ImageError, format: ImageFormat) -> ImageProblem {
    let what = match e {
        ImageError::Limits(_) => {
            return ImageProblem {
                code: "image-too-large",
                message: format!(
                    "this {} needs more memory to open than placebook allows: it is too large, or built to be (a decompression bomb)",
                    name_of(format)
                ),
                suggestion: "save a smaller copy of the image and use that".into(),
            };
        }
        ImageError::Unsupported(_) => "uses a kind of",
        _ => "is damaged or cut short, so it cannot be read as a",
    };
    ImageProblem {
        code: "bad-image",
        message: format!(
            "this image {what} {} that placebook cannot read ({e})",
            name_of(format)
        ),
        suggestion: "open it in an image editor and save it again, or replace it".into(),
    }
}

/// The image decoded upright, within the limits of `work`'s settings, with the share
/// of the memory budget it holds while it is processed.
fn decode<'w>(
    bytes: &[u8],
    format: ImageFormat,
    work: &super::Work<'w>,
) -> Result<(DynamicImage, Orientation, super::budget::Share<'w>), ImageProblem> {
    let settings = work.settings;
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(u64::from(settings.max_megapixels) * 1_000_000 * 8 + (64 << 20));
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| decode_problem(&e, format))?;
    let (width, height) = decoder.dimensions();
    within_limit(width, height, settings)?;
    if format == ImageFormat::Jpeg && jpeg_end(bytes).is_none() {
        return Err(ImageProblem {
            code: "bad-image",
            message: "this JPEG is cut short (it has no end), so part of the picture is missing".into(),
            suggestion: "copy the photo again from where it came from, or open it in an image editor and save it again".into(),
        });
    }
    let pixels = u64::from(width) * u64::from(height);
    let share = work.budget.take(super::budget::bytes_for(pixels));
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| decode_problem(&e, format))?;
    img.apply_orientation(orientation);
    Ok((img, orientation, share))
}

/// One file made for the cache: its name in the entry's folder and its bytes.
type Made = (String, Vec<u8>);

/// The image decoded and made into its copies: the cache entry and its files.
fn make(
    bytes: &[u8],
    format: ImageFormat,
    work: &super::Work,
) -> Result<(Entry, Vec<Made>), ImageProblem> {
    let settings = work.settings;
    let (img, orientation, _share) = decode(bytes, format, work)?;
    let img = if img.color().has_alpha() {
        DynamicImage::ImageRgba8(img.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(img.into_rgb8())
    };
    let ext = extension(format);
    let mut entry = Entry {
        width: img.width(),
        height: img.height(),
        webp: Vec::new(),
        same: Vec::new(),
        original: false,
        ext: ext.to_owned(),
    };
    let mut files = copies(&img, format, settings, &mut entry)?;
    if !settings.keep_metadata {
        let clean = match orientation {
            Orientation::NoTransforms => strip(bytes, format),
            _ => None,
        };
        let clean = match clean {
            Some(c) => c,
            None => encode(&img, format, settings.quality)?,
        };
        files.push((format!("original.{ext}"), clean));
        entry.original = true;
    }
    Ok((entry, files))
}

/// The resized copies of `img` (upright, 8-bit) in `format` and in WebP, each noted in
/// `entry`: one per width asked for that is narrower than the image, and a WebP as wide
/// as the image only when the widest width asked for is wider still (the theme never
/// shows an image wider than that, and the full-size WebP of a large photo costs more
/// to make than all its other copies).
fn copies(
    img: &DynamicImage,
    format: ImageFormat,
    settings: &ImagesConfig,
    entry: &mut Entry,
) -> Result<Vec<Made>, ImageProblem> {
    let (width, height) = (img.width(), img.height());
    let mut widths: Vec<u32> = settings
        .widths
        .iter()
        .copied()
        .filter(|&w| w < width)
        .collect();
    widths.sort_unstable();
    widths.dedup();
    let ext = extension(format);
    let mut files = Vec::new();
    for &w in &widths {
        let h = ((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width))
            .max(1) as u32;
        let small = resize(img, w, h)?;
        files.push((
            format!("{w}.{ext}"),
            encode(&small, format, settings.quality)?,
        ));
        entry.same.push(w);
        if format != ImageFormat::WebP {
            let webp = encode(&small, ImageFormat::WebP, settings.quality)?;
            files.push((format!("{w}.webp"), webp));
            entry.webp.push(w);
        }
    }
    let widest = settings.widths.iter().copied().max().unwrap_or(0);
    if format != ImageFormat::WebP && widest >= width {
        let webp = encode(img, ImageFormat::WebP, settings.quality)?;
        files.push((format!("{width}.webp"), webp));
        entry.webp.push(width);
    }
    Ok(files)
}

/// The ending of the cache's files of `format`.
fn extension(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Png => "png",
        ImageFormat::WebP => "webp",
        _ => "jpg",
    }
}

/// `img` resized to `width` × `height` (Lanczos3, alpha handled).
fn resize(img: &DynamicImage, width: u32, height: u32) -> Result<DynamicImage, ImageProblem> {
    let mut out = DynamicImage::new(width, height, img.color());
    let options = fast_image_resize::ResizeOptions::new().resize_alg(
        fast_image_resize::ResizeAlg::Convolution(fast_image_resize::FilterType::Lanczos3),
    );
    fast_image_resize::Resizer::new()
        .resize(img, &mut out, &options)
        .map_err(|e| ImageProblem {
            code: "bad-image",
            message: format!("this image could not be resized: {e}"),
            suggestion: "open it in an image editor and save it again as an 8-bit RGB image".into(),
        })?;
    Ok(out)
}

/// `img` (8-bit RGB or RGBA) encoded as `format` at `quality`.
fn encode(img: &DynamicImage, format: ImageFormat, quality: u8) -> Result<Vec<u8>, ImageProblem> {
    let failed = |e: String| ImageProblem {
        code: "bad-image",
        message: format!("a resized copy of this image could not be made: {e}"),
        suggestion: "open it in an image editor and save it again as an 8-bit RGB image".into(),
    };
    let mut out = Vec::new();
    match format {
        ImageFormat::WebP => {
            let (w, h) = (img.width(), img.height());
            let encoded = match img {
                DynamicImage::ImageRgba8(rgba) => {
                    webp::Encoder::from_rgba(rgba, w, h).encode(f32::from(quality))
                }
                other => webp::Encoder::from_rgb(&other.to_rgb8(), w, h).encode(f32::from(quality)),
            };
            out = encoded.to_vec();
        }
        ImageFormat::Jpeg => {
            let rgb = img.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
                .encode_image(&rgb)
                .map_err(|e| failed(e.to_string()))?;
        }
        _ => img
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .map_err(|e| failed(e.to_string()))?,
    }
    Ok(out)
}

/// The original's bytes without metadata, losslessly (JPEG: every APP segment but
/// JFIF, the colour profile and Adobe's, and comments; PNG: EXIF, text and time
/// chunks), or `None` when that cannot be done.
fn strip(bytes: &[u8], format: ImageFormat) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    match format {
        ImageFormat::Jpeg => {
            let mut jpeg = img_parts::jpeg::Jpeg::from_bytes(bytes.to_vec().into()).ok()?;
            jpeg.segments_mut()
                .retain(|s| !matches!(s.marker(), 0xE1 | 0xE3..=0xED | 0xEF | 0xFE));
            jpeg.encoder().write_to(&mut out).ok()?;
            // Phones put more pictures after the end of the image (MPF: depth maps,
            // previews), each with metadata of its own: keep nothing after it.
            out.truncate(jpeg_end(&out)?);
        }
        ImageFormat::Png => {
            let mut png = img_parts::png::Png::from_bytes(bytes.to_vec().into()).ok()?;
            png.chunks_mut()
                .retain(|c| !matches!(&c.kind(), b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME"));
            png.encoder().write_to(&mut out).ok()?;
        }
        _ => return None,
    }
    Some(out)
}

/// Where the JPEG `bytes` end: just after the end-of-image marker that follows its
/// first scan (`None` when it has none: the file is cut short).
fn jpeg_end(bytes: &[u8]) -> Option<usize> {
    let jpeg = img_parts::jpeg::Jpeg::from_bytes(bytes.to_vec().into()).ok()?;
    let head = 2 + jpeg.segments().iter().map(|s| s.len()).sum::<usize>();
    let end = memchr::memmem::find(bytes.get(head..)?, &[0xFF, 0xD9])?;
    Some(head + end + 2)
}

/// The picture and files of a cache entry for the image at `output`, whose files are in
/// `folder`.
fn published(entry: &Entry, output: &str, folder: &std::path::Path) -> (Picture, Files) {
    let written_ext = output.rsplit_once('.').map_or("jpg", |(_, e)| e);
    let cached_ext = entry.ext.as_str();
    let mut files = Files {
        original: entry
            .original
            .then(|| folder.join(format!("original.{cached_ext}"))),
        copies: Vec::new(),
    };
    let mut webp = Vec::new();
    for &w in &entry.webp {
        let path = copy_path(output, w, "webp");
        files
            .copies
            .push((path.clone(), folder.join(format!("{w}.webp"))));
        webp.push((w, path));
    }
    let mut same = Vec::new();
    for &w in &entry.same {
        let path = copy_path(output, w, written_ext);
        files
            .copies
            .push((path.clone(), folder.join(format!("{w}.{cached_ext}"))));
        same.push((w, path));
    }
    same.push((entry.width, output.to_owned()));
    let picture = Picture {
        width: entry.width,
        height: entry.height,
        webp,
        same,
    };
    (picture, files)
}
