//! One pass over a markdown body for what the checks need beyond the rendered page:
//! external link destinations and raw-HTML images, each with its byte offset in the body.

use pulldown_cmark::{Event, Parser, Tag};

/// What a body holds, for the checks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyScan {
    /// `http(s)` destinations of links and images (markdown and raw HTML), with the byte
    /// offset of each in the body.
    pub external: Vec<(usize, String)>,
    /// Byte offsets of raw-HTML `<img>` tags that have no `alt` attribute.
    pub raw_images_without_alt: Vec<usize>,
}

/// True for an `http://` or `https://` address.
pub fn is_external(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Scans a markdown body.
pub fn scan(body: &str) -> BodyScan {
    let mut out = BodyScan::default();
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if is_external(&dest_url) =>
            {
                let offset = body
                    .get(range.clone())
                    .and_then(|s| s.rfind(dest_url.as_ref()))
                    .map_or(range.start, |i| range.start + i);
                out.external.push((offset, dest_url.to_string()));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                scan_html(&html, range.start, &mut out);
            }
            _ => {}
        }
    }
    out
}

/// Finds `href`/`src` addresses and `<img>` tags without `alt` in a piece of raw HTML
/// that starts at byte `base` of the body.
fn scan_html(html: &str, base: usize, out: &mut BodyScan) {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find('<') {
        let start = from + i;
        let end = lower[start..].find('>').map_or(lower.len(), |j| start + j);
        let tag = &lower[start..end];
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        for attr in ["href", "src"] {
            if let Some((at, value)) = attribute(&html[start..end], tag, attr)
                && is_external(value)
            {
                out.external.push((base + start + at, value.to_owned()));
            }
        }
        if name == "img" && attribute(&html[start..end], tag, "alt").is_none() {
            out.raw_images_without_alt.push(base + start);
        }
        from = end.max(start + 1);
    }
}

/// The value of `name="..."` (or `'...'`, or unquoted) in one tag, with its offset in
/// the tag. `lower` is the tag in lower case, for matching the name.
fn attribute<'a>(tag: &'a str, lower: &str, name: &str) -> Option<(usize, &'a str)> {
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = lower[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace);
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_start = lower.len() - rest.len() + 1;
        let after_eq = &tag[value_start..];
        let trimmed = after_eq.trim_start();
        let vstart = value_start + (after_eq.len() - trimmed.len());
        return Some(match trimmed.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let inner = &trimmed[1..];
                let len = inner.find(q).unwrap_or(inner.len());
                (vstart + 1, &inner[..len])
            }
            _ => {
                let len = trimmed
                    .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                    .unwrap_or(trimmed.len());
                (vstart, &trimmed[..len])
            }
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_external_links_with_offsets() {
        let body = "See [a](https://a.example/x) and ![m](HTTP://b.example/m.png)\n\n<a href=\"https://c.example/\">c</a> and [local](../x.md) <https://d.example>\n";
        let s = scan(body);
        let urls: Vec<&str> = s.external.iter().map(|(_, u)| u.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://a.example/x",
                "HTTP://b.example/m.png",
                "https://c.example/",
                "https://d.example"
            ]
        );
        for (offset, url) in &s.external {
            assert_eq!(&body[*offset..offset + url.len()], url);
        }
    }

    #[test]
    fn finds_raw_images_without_alt() {
        let body =
            "<img src=\"a.png\">\n\nText <IMG SRC='b.png' ALT=''> and <img alt=\"c\" src=c.png>\n";
        let s = scan(body);
        assert_eq!(s.raw_images_without_alt, vec![0]);
    }

    #[test]
    fn odd_html_does_not_panic() {
        for body in [
            "<",
            "<img",
            "<a href=",
            "<a href='x",
            "<img alt",
            "< img>",
            "<a\thref=\"https://x\">",
        ] {
            let _ = scan(body);
        }
    }
}
