//! A QR code as inline SVG, made at build time, so that a workshop's participants can
//! open the self-assessment on their phones from the facilitator's screen or from the
//! printed form, with no script and nothing fetched from another host.

use qrcode::{Color, QrCode};
use std::fmt::Write;

/// Modules of light space kept around the code, as the QR standard asks.
const QUIET_ZONE: usize = 4;

/// An `<svg>` that encodes `text`, drawn as one path of dark modules; `None` when `text`
/// is too long for a QR code. Screen readers skip it: the page writes `text` beside it.
pub fn svg(text: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let width = code.width();
    let size = width + 2 * QUIET_ZONE;
    let colors = code.to_colors();
    let mut path = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        // Each run of dark modules in a row is one rectangle.
        let mut x = 0;
        while x < width {
            let run = row[x..].iter().take_while(|c| **c == Color::Dark).count();
            if run > 0 {
                let (left, top) = (x + QUIET_ZONE, y + QUIET_ZONE);
                let _ = write!(path, "M{left} {top}h{run}v1h-{run}z");
            }
            x += run.max(1);
        }
    }
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" aria-hidden=\"true\" focusable=\"false\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dark modules the path of `svg` draws, as a grid of `size` x `size`.
    fn modules(svg: &str) -> (usize, Vec<bool>) {
        let size: usize = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let mut dark = vec![false; size * size];
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        for rect in d.split('z').filter(|r| !r.is_empty()) {
            let nums: Vec<usize> = rect
                .split(|c: char| !c.is_ascii_digit())
                .filter(|n| !n.is_empty())
                .map(|n| n.parse().unwrap())
                .collect();
            let (x, y, run) = (nums[0], nums[1], nums[2]);
            for i in x..x + run {
                dark[y * size + i] = true;
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
            "https://pb.example.gov.uk/a-long/path/to/the/building-collaborative-places/cy/diagnostic/",
        ] {
            let svg = svg(url).unwrap();
            assert!(svg.contains("aria-hidden=\"true\""), "{svg}");
            assert_eq!(read(&svg), url);
        }
    }

    #[test]
    fn text_too_long_for_a_code_gives_none() {
        assert_eq!(svg(&"x".repeat(8000)), None);
    }
}
