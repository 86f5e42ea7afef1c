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
}
