//! A processed image written as `<picture>`: WebP copies for browsers that take them,
//! copies in the image's own format for the rest, each with its width, so the browser
//! fetches the smallest that fills the space; `width` and `height` so the page does
//! not move as it loads.

use crate::images::Picture;
use pulldown_cmark_escape::{escape_href, escape_html};

/// How one image is shown.
pub struct Shown<'p> {
    /// Its copies, with their addresses as the page writes them.
    pub picture: &'p Picture,
    /// Its alt text (empty for decoration).
    pub alt: &'p str,
    /// Its title, if any.
    pub title: &'p str,
    /// Whether it may load only when scrolled near (every image but a page's first).
    pub lazy: bool,
    /// The `sizes` attribute: how wide the image is shown.
    pub sizes: &'p str,
}

/// The `<picture>` (or, with no copies, the `<img>`) that shows `s`.
pub fn html(s: &Shown) -> String {
    let p = s.picture;
    let mut out = String::with_capacity(256);
    let resized = p.same.len() > 1 || !p.webp.is_empty();
    if resized {
        out.push_str("<picture>");
    }
    if !p.webp.is_empty() {
        out.push_str("<source type=\"image/webp\" srcset=\"");
        srcset(&mut out, &p.webp);
        out.push_str("\" sizes=\"");
        let _ = escape_html(&mut out, s.sizes);
        out.push_str("\">");
    }
    let original = p.same.last().map_or("", |(_, path)| path.as_str());
    out.push_str("<img src=\"");
    let _ = escape_href(&mut out, original);
    out.push('"');
    if p.same.len() > 1 {
        out.push_str(" srcset=\"");
        srcset(&mut out, &p.same);
        out.push_str("\" sizes=\"");
        let _ = escape_html(&mut out, s.sizes);
        out.push('"');
    }
    out.push_str(" alt=\"");
    let _ = escape_html(&mut out, s.alt);
    out.push('"');
    if !s.title.is_empty() {
        out.push_str(" title=\"");
        let _ = escape_html(&mut out, s.title);
        out.push('"');
    }
    let lazy = if s.lazy { " loading=\"lazy\"" } else { "" };
    let _ = std::fmt::Write::write_fmt(
        &mut out,
        format_args!(
            " width=\"{}\" height=\"{}\"{lazy} decoding=\"async\">",
            p.width, p.height
        ),
    );
    if resized {
        out.push_str("</picture>");
    }
    out
}

/// `url 480w, url 960w` for `copies`.
fn srcset(out: &mut String, copies: &[(u32, String)]) {
    for (i, (width, path)) in copies.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = escape_href(&mut *out, path);
        let _ = std::fmt::Write::write_fmt(out, format_args!(" {width}w"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_is_a_picture_with_webp_first() {
        let picture = Picture {
            width: 2000,
            height: 1500,
            webp: vec![
                (480, "a/p.480w.webp".into()),
                (2000, "a/p.2000w.webp".into()),
            ],
            same: vec![(480, "a/p.480w.jpg".into()), (2000, "a/my p.jpg".into())],
        };
        let html = html(&Shown {
            picture: &picture,
            alt: "A \"pantry\"",
            title: "",
            lazy: true,
            sizes: "100vw",
        });
        assert_eq!(
            html,
            "<picture><source type=\"image/webp\" srcset=\"a/p.480w.webp 480w, a/p.2000w.webp 2000w\" sizes=\"100vw\"><img src=\"a/my%20p.jpg\" srcset=\"a/p.480w.jpg 480w, a/my%20p.jpg 2000w\" sizes=\"100vw\" alt=\"A &quot;pantry&quot;\" width=\"2000\" height=\"1500\" loading=\"lazy\" decoding=\"async\"></picture>"
        );
    }

    #[test]
    fn a_gif_is_an_img_with_its_size() {
        let picture = Picture {
            width: 40,
            height: 30,
            webp: vec![],
            same: vec![(40, "x.gif".into())],
        };
        let html = html(&Shown {
            picture: &picture,
            alt: "",
            title: "t",
            lazy: false,
            sizes: "100vw",
        });
        assert_eq!(
            html,
            "<img src=\"x.gif\" alt=\"\" title=\"t\" width=\"40\" height=\"30\" decoding=\"async\">"
        );
    }
}
