//! Inline markdown in front-matter list fields (`questions`, `signs`, `outcomes`):
//! emphasis, code and links become HTML; nothing else does.

use super::{escape, is_safe_url};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// True when `url` is a full web or email address, the only links a list field may
/// hold (it has no folder of its own for a relative address to start from).
pub fn is_full_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:", "tel:"]
        .iter()
        .any(|s| lower.starts_with(s))
}

/// `text` as inline HTML: `*emphasis*`, `**strong**`, `` `code` `` and links to full
/// addresses; raw HTML is shown as text, and a link to anything else keeps only its words.
pub fn render_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut open_links: Vec<bool> = Vec::new();
    for event in Parser::new_ext(text, pulldown_cmark::Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) => out.push_str(&escape(&t)),
            Event::Code(c) => {
                out.push_str("<code>");
                out.push_str(&escape(&c));
                out.push_str("</code>");
            }
            Event::Html(h) | Event::InlineHtml(h) => out.push_str(&escape(&h)),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::Start(tag) => open_tag(&mut out, &tag, &mut open_links),
            Event::End(tag) => close_tag(&mut out, tag, &mut open_links),
            _ => {}
        }
    }
    out.trim_end().to_owned()
}

/// Writes the opening of the inline elements kept; a link is kept only to a safe, full address.
fn open_tag(out: &mut String, tag: &Tag, open_links: &mut Vec<bool>) {
    match tag {
        Tag::Emphasis => out.push_str("<em>"),
        Tag::Strong => out.push_str("<strong>"),
        Tag::Strikethrough => out.push_str("<del>"),
        Tag::Link { dest_url, .. } => {
            let keep = is_full_address(dest_url) && is_safe_url(dest_url);
            if keep {
                out.push_str(&format!("<a href=\"{}\">", escape(dest_url)));
            }
            open_links.push(keep);
        }
        Tag::Paragraph if !out.is_empty() => out.push(' '),
        _ => {}
    }
}

/// Writes the closing of the inline elements kept.
fn close_tag(out: &mut String, tag: TagEnd, open_links: &mut Vec<bool>) {
    match tag {
        TagEnd::Emphasis => out.push_str("</em>"),
        TagEnd::Strong => out.push_str("</strong>"),
        TagEnd::Strikethrough => out.push_str("</del>"),
        TagEnd::Link if open_links.pop().unwrap_or(false) => out.push_str("</a>"),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn links_and_emphasis_become_html() {
        assert_eq!(
            render_inline("See [the guide](https://example.org/a?b=1&c=2), *now*"),
            "See <a href=\"https://example.org/a?b=1&amp;c=2\">the guide</a>, <em>now</em>"
        );
    }

    #[test]
    fn html_scripts_and_relative_links_do_not_pass() {
        assert_eq!(render_inline("<b>x</b>"), "&lt;b&gt;x&lt;/b&gt;");
        assert_eq!(render_inline("[x](javascript:alert(1))"), "x");
        assert_eq!(render_inline("[x](../other.md)"), "x");
        assert_eq!(render_inline("# Not a heading"), "Not a heading");
    }

    proptest! {
        #[test]
        fn output_never_holds_a_tag_but_the_kept_ones(text in ".{0,80}") {
            let html = render_inline(&text);
            let doc = scraper::Html::parse_fragment(&html);
            for el in doc.root_element().descendants().filter_map(scraper::ElementRef::wrap).skip(1) {
                let name = el.value().name();
                prop_assert!(["em", "strong", "del", "code", "a"].contains(&name), "{name} in {html}");
                if name == "a" {
                    let href = el.value().attr("href").unwrap_or("");
                    prop_assert!(is_full_address(href) && is_safe_url(href), "{href}");
                }
            }
        }
    }
}
