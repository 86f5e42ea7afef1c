//! Content images end to end: resized copies in WebP and their own format written as
//! `<picture>` with `srcset`, `sizes`, `width` and `height` (read from the parsed DOM);
//! nothing private published; bad images each one clear error that keeps the last good
//! output; and the cache that spares an unchanged image a second processing.

mod common;
use common::images::*;
use common::*;
use std::path::Path;

fn built(site: &Site) -> scraper::Html {
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    html(&site.out().join("case-studies/oldham/index.html"))
}

#[test]
fn a_photo_is_a_picture_with_webp_and_jpeg_copies_upright_and_never_upscaled() {
    let site = image_site("");
    let doc = built(&site);
    let sel = ".prose picture";
    let webp = attrs(&doc, &format!("{sel} source[type='image/webp']"), "srcset");
    // Stored 1200 × 800 and turned by EXIF: 800 × 1200 upright, so 320, 640 and its own
    // 800 (the original, cleaned); no WebP wider than the widest width asked for.
    assert_eq!(
        webp[0],
        "../../case-studies/pantry.320w.webp 320w, ../../case-studies/pantry.640w.webp 640w"
    );
    assert_eq!(
        attrs(&doc, &format!("{sel} img"), "srcset")[0],
        "../../case-studies/pantry.320w.jpg 320w, ../../case-studies/pantry.640w.jpg 640w, ../../case-studies/pantry.jpg 800w"
    );
    assert_eq!(attrs(&doc, &format!("{sel} img"), "width")[0], "800");
    assert_eq!(attrs(&doc, &format!("{sel} img"), "height")[0], "1200");
    assert_eq!(
        attrs(&doc, &format!("{sel} img"), "alt")[0],
        "Volunteers at the pantry"
    );
    assert_eq!(attrs(&doc, &format!("{sel} img"), "decoding")[0], "async");
    let sizes = attrs(&doc, &format!("{sel} source"), "sizes");
    assert_eq!(sizes[0], "(min-width: 44rem) 42rem, calc(100vw - 2rem)");
    // The first image of the text loads at once; the later ones when scrolled near.
    assert_eq!(attrs(&doc, &format!("{sel} img"), "loading"), ["lazy"]);
    for (name, w, h) in [
        ("pantry.320w.jpg", 320, 480),
        ("pantry.640w.webp", 640, 960),
        ("pantry.jpg", 800, 1200),
    ] {
        let img = image::open(site.out().join("case-studies").join(name)).unwrap();
        assert_eq!((img.width(), img.height()), (w, h), "{name}");
    }
}

#[test]
fn a_transparent_png_keeps_its_transparency_an_svg_and_a_gif_are_copied() {
    let site = image_site("");
    let doc = built(&site);
    let logo = attrs(&doc, ".prose img[alt=\"The council's logo\"]", "srcset");
    assert_eq!(
        logo,
        ["../../images/logo.320w.png 320w, ../../images/logo.png 600w"]
    );
    assert_eq!(
        attrs(&doc, ".prose img[alt=\"The council's logo\"]", "height"),
        ["400"]
    );
    for name in ["logo.320w.png", "logo.320w.webp", "logo.png"] {
        let img = image::open(site.out().join("images").join(name))
            .unwrap()
            .into_rgba8();
        assert_eq!(
            img.get_pixel(1, 1)[3],
            0,
            "{name} is transparent at its corner"
        );
        let (w, h) = img.dimensions();
        assert_eq!(
            img.get_pixel(w / 2, h / 2)[3],
            255,
            "{name} is opaque in the middle"
        );
    }
    // An SVG is copied as it is and shown as a plain image, never rasterised.
    let svg = std::fs::read_to_string(site.out().join("case-studies/chart.svg")).unwrap();
    assert_eq!(svg, SVG);
    assert_eq!(
        attrs(&doc, ".prose img[alt='Referrals by month']", "src"),
        ["../../case-studies/chart.svg"]
    );
    assert!(
        !site
            .out()
            .join("case-studies")
            .read_dir()
            .unwrap()
            .any(|e| {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                name.starts_with("chart.") && name != "chart.svg"
            })
    );
    // A GIF (perhaps animated) is copied as it is, with its size.
    let gif_img = ".prose img[alt='A wave']";
    assert_eq!(attrs(&doc, gif_img, "width"), ["90"]);
    assert_eq!(attrs(&doc, gif_img, "height"), ["60"]);
    assert_eq!(
        std::fs::read(site.out().join("case-studies/wave.gif")).unwrap(),
        gif(90, 60)
    );
}

#[test]
fn the_lead_image_is_shown_first_and_is_the_social_card() {
    let site = image_site("");
    let doc = built(&site);
    let lead = ".lead-image picture img";
    assert_eq!(attrs(&doc, lead, "alt"), ["Volunteers at the pantry door"]);
    assert!(
        attrs(&doc, lead, "loading").is_empty(),
        "the lead image loads at once"
    );
    assert_eq!(
        attrs(&doc, "meta[property='og:image']", "content"),
        ["https://example.org/pb/case-studies/pantry.jpg"]
    );
    assert_eq!(
        attrs(&doc, "meta[property='og:image:width']", "content"),
        ["800"]
    );
    assert_eq!(
        attrs(&doc, "meta[property='og:image:height']", "content"),
        ["1200"]
    );
    assert_eq!(
        attrs(&doc, "meta[property='og:image:alt']", "content"),
        ["Volunteers at the pantry door"]
    );
}

/// Whether `bytes` hold EXIF, the GPS position or the owner's name of the test JPEG.
fn private(bytes: &[u8]) -> bool {
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    has(b"Exif\0\0")
        || has(&LATITUDE.to_le_bytes())
        || has(OWNER.as_bytes())
        || has(&[0x25, 0x88, 4, 0])
}

#[test]
fn no_published_file_holds_the_gps_position_or_the_owner() {
    let site = image_site("");
    assert!(private(
        &std::fs::read(site.root.join("content/case-studies/pantry.jpg")).unwrap()
    ));
    built(&site);
    let published = snapshot(&site.out());
    assert!(
        published
            .keys()
            .filter(|p| p.to_string_lossy().contains("pantry"))
            .count()
            >= 5
    );
    for (path, bytes) in &published {
        assert!(!private(bytes), "{} holds private metadata", path.display());
    }
}

#[test]
fn keep_metadata_publishes_the_original_byte_for_byte_and_only_it() {
    let site = image_site("  keep_metadata: true\n");
    built(&site);
    let original = std::fs::read(site.root.join("content/case-studies/pantry.jpg")).unwrap();
    assert_eq!(
        std::fs::read(site.out().join("case-studies/pantry.jpg")).unwrap(),
        original
    );
    for (path, bytes) in snapshot(&site.out()) {
        if path != Path::new("case-studies/pantry.jpg") {
            assert!(
                !private(&bytes),
                "{} holds private metadata",
                path.display()
            );
        }
    }
}

#[test]
fn processing_off_copies_images_as_they_are() {
    let site = image_site("  process: false\n");
    let doc = built(&site);
    assert!(attrs(&doc, "picture", "class").is_empty() && texts(&doc, "picture").is_empty());
    assert_eq!(
        attrs(&doc, ".prose img", "src")[0],
        "../../case-studies/pantry.jpg"
    );
    assert!(!site.out().join("case-studies/pantry.320w.jpg").exists());
    let original = std::fs::read(site.root.join("content/case-studies/pantry.jpg")).unwrap();
    assert_eq!(
        std::fs::read(site.out().join("case-studies/pantry.jpg")).unwrap(),
        original
    );
}

/// Builds `site` once (good), then with `bad` written at `path` and shown by a second
/// page at line 6: the build fails with one error of `code` at that line, and the
/// output is as it was.
fn fails_at_the_image(path: &str, bad: Vec<u8>, code: &str, words: &str) {
    let site = image_site("");
    built(&site);
    let before = snapshot(&site.out());
    site.write(path, bad);
    let name = path.rsplit('/').next().unwrap();
    site.write("content/case-studies/more.md", format!("---\ntitle: More\nsummary: More.\nplace: Leeds\n---\nA bad one: ![A photo of the hall]({name})\n"));
    let o = build(&site.root, &[]);
    let err = stderr(&o);
    assert!(!o.status.success(), "{err}");
    assert_eq!(
        locations(&err),
        ["content/case-studies/more.md:6:35"],
        "{err}"
    );
    assert!(err.contains(&format!("error[{code}]")), "{err}");
    assert!(err.contains(words), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        snapshot(&site.out()),
        before,
        "the last good output is kept"
    );
}

#[test]
fn a_truncated_jpeg_is_an_error_at_the_image() {
    let whole = jpeg_with_exif(600, 400, 1);
    let cut = whole[..whole.len() / 2].to_vec();
    fails_at_the_image(
        "content/case-studies/hall.jpg",
        cut,
        "bad-image",
        "this JPEG is cut short",
    );
}

#[test]
fn a_png_named_jpg_is_an_error_naming_what_it_is() {
    let png = png_with_transparency(50, 40);
    fails_at_the_image(
        "content/case-studies/hall.jpg",
        png,
        "bad-image",
        "is a PNG image, not the JPEG its name says",
    );
}

#[test]
fn a_file_that_is_no_image_is_an_error() {
    let text = b"<html>not a photo</html>".to_vec();
    fails_at_the_image(
        "content/case-studies/hall.jpg",
        text,
        "bad-image",
        "is not a JPEG image",
    );
}

#[test]
fn a_100_megapixel_image_is_an_error_before_it_is_decoded() {
    let huge = png_header_only(10_000, 10_000);
    fails_at_the_image(
        "content/case-studies/hall.png",
        huge,
        "image-too-large",
        "10000 × 10000 pixels (100 million)",
    );
}

#[test]
fn a_decompression_bomb_is_an_error_with_memory_bounded() {
    let bomb = png_bomb();
    assert!(bomb.len() < 2_000_000, "{} bytes", bomb.len());
    fails_at_the_image(
        "content/case-studies/hall.png",
        bomb,
        "image-too-large",
        "20000 × 20000 pixels",
    );
}

#[test]
fn an_image_named_in_another_case_says_which_file_was_meant() {
    let site = image_site("");
    site.edit("content/case-studies/oldham.md", |t| {
        t.replace("](pantry.jpg)", "](Pantry.JPG)")
    });
    let o = build(&site.root, &[]);
    let err = stderr(&o);
    assert!(!o.status.success());
    assert_eq!(
        locations(&err),
        ["content/case-studies/oldham.md:10:29"],
        "{err}"
    );
    assert!(
        err.contains("error[missing-image]") && err.contains("did you mean `pantry.jpg`?"),
        "{err}"
    );
}

#[test]
fn a_missing_lead_image_is_an_error_at_its_field() {
    let site = image_site("");
    site.edit("content/case-studies/oldham.md", |t| {
        t.replace("image: pantry.jpg", "image: pantri.jpg")
    });
    let o = build(&site.root, &[]);
    let err = stderr(&o);
    assert!(!o.status.success());
    assert_eq!(
        locations(&err),
        ["content/case-studies/oldham.md:5:8"],
        "{err}"
    );
    assert!(err.contains("did you mean `pantry.jpg`?"), "{err}");
}

/// Every file of the image cache with its modification time.
fn cache_files(
    root: &Path,
) -> std::collections::BTreeMap<std::path::PathBuf, std::time::SystemTime> {
    walkdir::WalkDir::new(root.join(".placebook-cache/images"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_path_buf(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect()
}

#[test]
fn check_fills_the_cache_that_build_uses_and_an_unchanged_image_is_made_once() {
    let site = image_site("");
    let o = placebook()
        .args(["check", "--root"])
        .arg(&site.root)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let cached = cache_files(&site.root);
    assert_eq!(
        cached.keys().filter(|p| p.ends_with("meta")).count(),
        2,
        "the JPEG and the PNG"
    );
    built(&site);
    site.edit("content/case-studies/oldham.md", |t| {
        t.replace("Intro.", "Introduction.")
    });
    built(&site);
    assert_eq!(cache_files(&site.root), cached, "nothing made again");
}

#[test]
fn the_library_processes_only_a_changed_image() {
    let tmp = tempfile::tempdir().unwrap();
    let settings = placebook::config::images::ImagesConfig::default();
    let input = |name: &str, bytes: Vec<u8>| {
        let source = tmp.path().join(name);
        std::fs::write(&source, bytes).unwrap();
        placebook::images::Input {
            output: name.into(),
            source,
        }
    };
    let inputs = vec![
        input("a.jpg", jpeg_with_exif(700, 500, 1)),
        input("b.png", png_with_transparency(500, 300)),
    ];
    let first = placebook::images::process(tmp.path(), &settings, &inputs);
    assert_eq!(first.decoded, 2);
    assert_eq!(
        placebook::images::process(tmp.path(), &settings, &inputs).decoded,
        0
    );
    let changed = vec![
        input("a.jpg", jpeg_with_exif(720, 500, 1)),
        inputs[1].clone(),
    ];
    let again = placebook::images::process(tmp.path(), &settings, &changed);
    assert_eq!(again.decoded, 1);
    assert_eq!(again.pictures.ready["a.jpg"].width, 720);
}

#[test]
fn image_settings_that_cannot_be_made_are_errors_at_their_line() {
    let site = image_site("  quality: 150\n");
    let o = build(&site.root, &[]);
    let err = stderr(&o);
    assert!(!o.status.success());
    assert_eq!(locations(&err), ["placebook.yaml:5:3"], "{err}");
    assert!(
        err.contains("`quality: 150` is not between 1 and 100"),
        "{err}"
    );
    let site = image_site("  widht: 800\n");
    let err = stderr(&build(&site.root, &[]));
    assert!(err.contains("did you mean `widths`?"), "{err}");
}
