//! A QR code as inline SVG, made at build time: the diagnostic's address for
//! participants to scan from the facilitator's screen or the printed form.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// `text` as a QR code: an `<svg>` element of one unit a module, with its quiet zone,
/// black on white, hidden from assistive technology (the page writes the address beside
/// it). `None` when `text` is too long for a QR code.
pub fn svg(text: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text, EcLevel::M).ok()?;
    let image = code
        .render::<svg::Color>()
        .module_dimensions(1, 1)
        .quiet_zone(true)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    let start = image.find("<svg")?;
    Some(image[start..].replacen(
        "<svg ",
        "<svg aria-hidden=\"true\" focusable=\"false\" class=\"dx-qr__code\" ",
        1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_becomes_one_svg_element_with_a_quiet_zone() {
        let s = svg("https://example.org/pb/diagnostic/").expect("a code");
        assert!(s.starts_with("<svg aria-hidden=\"true\""), "{s}");
        assert!(s.ends_with("</svg>"));
        // 29 modules (version 3, for 34 bytes at level M) and 4 of quiet zone each side.
        assert!(s.contains("viewBox=\"0 0 37 37\""), "{s}");
    }

    #[test]
    fn text_too_long_for_a_code_gives_none() {
        assert_eq!(svg(&"x".repeat(5000)), None);
    }

    /// The dark modules the path of `svg` draws (`M{left} {top}h{w}v{h}…` per
    /// rectangle), as a grid of `size` x `size`.
    fn modules(svg: &str) -> (usize, Vec<bool>) {
        let view_box = svg.split("viewBox=\"0 0 ").nth(1).unwrap();
        let size: usize = view_box.split(' ').next().unwrap().parse().unwrap();
        let mut dark = vec![false; size * size];
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        for rect in d.split('M').filter(|r| !r.is_empty()) {
            let n: Vec<usize> = rect
                .split(|c: char| !c.is_ascii_digit())
                .filter(|n| !n.is_empty())
                .map(|n| n.parse().unwrap())
                .collect();
            for y in n[1]..n[1] + n[3] {
                for x in n[0]..n[0] + n[2] {
                    dark[y * size + x] = true;
                }
            }
        }
        (size, dark)
    }

    /// Reads the code that `svg` draws, as a phone's camera would.
    fn read(svg: &str) -> String {
        let (size, dark) = modules(svg);
        let scale = 6;
        let mut img =
            rqrr::PreparedImage::prepare_from_greyscale(size * scale, size * scale, |x, y| {
                if dark[(y / scale) * size + x / scale] {
                    0
                } else {
                    255
                }
            });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one code");
        grids[0].decode().unwrap().1
    }

    #[test]
    fn the_code_reads_back_as_the_address() {
        for url in [
            "https://example.org/playbook/diagnostic/",
            "https://pb.example.gov.uk/a-long/path/to/building-collaborative-places/cy/diagnostic/",
        ] {
            assert_eq!(read(&svg(url).unwrap()), url);
        }
    }
}
