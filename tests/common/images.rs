//! Images made for the tests (no files from elsewhere): a JPEG with EXIF orientation, a
//! GPS position and an owner's name; a PNG with transparency; a GIF; an SVG; and bad
//! ones (a PNG header claiming 100 million pixels, a decompression bomb).

use img_parts::{ImageEXIF, jpeg::Jpeg};

/// The camera owner's name written into the test JPEG's EXIF.
pub const OWNER: &str = "Jane Owner of Oldham";
/// The numerator of the test JPEG's GPS latitude, a number found nowhere else.
pub const LATITUDE: u32 = 53_531_234;

/// EXIF (TIFF, little-endian) with this orientation, the owner and a GPS position.
pub fn exif(orientation: u16) -> Vec<u8> {
    let mut t: Vec<u8> = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    let owner = format!("{OWNER}\0");
    let artist_at = 8 + 2 + 3 * 12 + 4;
    let gps_at = (artist_at + owner.len() as u32 + 1) & !1;
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
        t.extend(tag.to_le_bytes());
        t.extend(kind.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value.to_le_bytes());
    };
    t.extend(3u16.to_le_bytes());
    entry(&mut t, 0x0112, 3, 1, u32::from(orientation));
    entry(&mut t, 0x013B, 2, owner.len() as u32, artist_at);
    entry(&mut t, 0x8825, 4, 1, gps_at);
    t.extend(0u32.to_le_bytes());
    t.extend(owner.as_bytes());
    t.resize(gps_at as usize, 0);
    t.extend(2u16.to_le_bytes());
    entry(&mut t, 0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0"));
    entry(&mut t, 0x0002, 5, 3, gps_at + 2 + 2 * 12 + 4);
    t.extend(0u32.to_le_bytes());
    for v in [LATITUDE, 1_000_000, 0, 1, 0, 1] {
        t.extend(v.to_le_bytes());
    }
    t
}

/// A photograph-like RGB image (gradients and stripes), `w` × `h`.
pub fn photo(w: u32, h: u32, seed: u32) -> image::RgbImage {
    image::RgbImage::from_fn(w, h, |x, y| {
        let stripe = if (x / 16 + y / 16 + seed).is_multiple_of(2) {
            40
        } else {
            0
        };
        image::Rgb([
            ((x * 255 / w.max(1)) as u8).saturating_add(stripe),
            ((y * 255 / h.max(1)) as u8).wrapping_add(seed as u8),
            (((x + y) * 7 + seed) % 256) as u8,
        ])
    })
}

/// A JPEG of `w` × `h` pixels (as stored) with [`exif`] of this orientation.
pub fn jpeg_with_exif(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90)
        .encode_image(&photo(w, h, 0))
        .unwrap();
    let mut jpeg = Jpeg::from_bytes(plain.into()).unwrap();
    jpeg.set_exif(Some(exif(orientation).into()));
    let mut out = Vec::new();
    jpeg.encoder().write_to(&mut out).unwrap();
    out
}

/// A PNG of `w` × `h` pixels, transparent but for an opaque blue square in the middle.
pub fn png_with_transparency(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| {
        let inside = x > w / 4 && x < w * 3 / 4 && y > h / 4 && y < h * 3 / 4;
        if inside {
            image::Rgba([20, 60, 200, 255])
        } else {
            image::Rgba([0, 0, 0, 0])
        }
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A GIF of `w` × `h` pixels.
pub fn gif(w: u32, h: u32) -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(photo(w, h, 3)).into_rgba8();
    let mut out = Vec::new();
    image::codecs::gif::GifEncoder::new(&mut out)
        .encode(img.as_raw(), w, h, image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}

/// An SVG chart.
pub const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"100\" viewBox=\"0 0 200 100\"><rect width=\"120\" height=\"100\" fill=\"#1d70b8\"/></svg>\n";

/// CRC-32 (as PNG chunks use it).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// One PNG chunk.
fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend((data.len() as u32).to_be_bytes());
    let mut body = kind.to_vec();
    body.extend(data);
    out.extend(&body);
    out.extend(crc32(&body).to_be_bytes());
}

/// A PNG whose header says `w` × `h` 8-bit RGB pixels, with a few bytes of data: what
/// a 100-megapixel photograph looks like until it is decoded.
pub fn png_header_only(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A decompression bomb: a valid 1-bit PNG of 20,000 × 20,000 black pixels, a few tens
/// of kilobytes that would take 1.6 GB as RGBA.
pub fn png_bomb() -> Vec<u8> {
    let (w, h) = (20_000u32, 20_000u32);
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().unwrap();
    writer
        .write_image_data(&vec![0u8; (w as usize).div_ceil(8) * h as usize])
        .unwrap();
    writer.finish().unwrap();
    out
}

/// A site with a JPEG (EXIF GPS, owner, turned on its side), a PNG with transparency in
/// `static/`, an SVG and a GIF, shown by one page.
pub fn image_site(config_extra: &str) -> super::Site {
    let site = super::empty_site();
    site.write(
        "placebook.yaml",
        format!("title: Images\nbase_url: https://example.org/pb/\nimages:\n  widths: [320, 640]\n{config_extra}"),
    );
    site.write(
        "content/case-studies/pantry.jpg",
        jpeg_with_exif(1200, 800, 6),
    );
    site.write("static/images/logo.png", png_with_transparency(600, 400));
    site.write("content/case-studies/chart.svg", SVG);
    site.write("content/case-studies/wave.gif", gif(90, 60));
    site.write(
        "content/case-studies/oldham.md",
        "---\ntitle: Photos\nsummary: A pantry.\nplace: Oldham\nimage: pantry.jpg\nimage_alt: Volunteers at the pantry door\n---\nIntro.\n\n![Volunteers at the pantry](pantry.jpg)\n\n![The council's logo](/images/logo.png)\n\n![Referrals by month](chart.svg)\n\n![A wave](wave.gif)\n",
    );
    site
}
