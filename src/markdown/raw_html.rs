//! Link targets inside raw HTML written in markdown: the `href` of `<a>` and the `src`
//! of `<img>`, found without an HTML parser (a body's raw HTML comes in fragments, one
//! tag or line at a time), so that they are checked and rewritten like markdown links.

use super::LinkKind;
use std::ops::Range;

/// Each `href` of an `<a>` tag and `src` of an `<img>` tag in `html`: the byte range of
/// the attribute's value (inside its quotes) and what kind of target it is.
pub fn targets(html: &str) -> Vec<(Range<usize>, LinkKind)> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = lower[at..].find('<') {
        let start = at + i + 1;
        let end = lower[start..].find('>').map_or(lower.len(), |j| start + j);
        let tag = &lower[start..end];
        let wanted = if tag.starts_with("a ") || tag.starts_with("a\n") {
            Some(("href", LinkKind::Link))
        } else if tag.starts_with("img ") || tag.starts_with("img\n") {
            Some(("src", LinkKind::Image))
        } else {
            None
        };
        if let Some((attr, kind)) = wanted
            && let Some(value) = attribute_value(tag, attr)
        {
            out.push((start + value.start..start + value.end, kind));
        }
        at = end.max(start);
    }
    out
}

/// The range of the quoted value of attribute `name` in a tag's text (lower case).
fn attribute_value(tag: &str, name: &str) -> Option<Range<usize>> {
    let mut from = 0;
    while let Some(i) = tag[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = tag[..at].ends_with([' ', '\n', '\t']);
        let rest = tag[from..].trim_start();
        let Some(after_eq) = rest.strip_prefix('=') else {
            continue;
        };
        if !before_ok {
            continue;
        }
        let after_eq = after_eq.trim_start();
        let quote = after_eq.chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let value_start = tag.len() - after_eq.len() + 1;
        let len = tag[value_start..].find(quote)?;
        return Some(value_start..value_start + len);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(html: &str) -> Vec<(&str, LinkKind)> {
        targets(html)
            .into_iter()
            .map(|(r, k)| (&html[r], k))
            .collect()
    }

    #[test]
    fn links_and_images_are_found_in_any_case_and_quote() {
        assert_eq!(
            found(r#"<p><A HREF="a.md">x</A> <img alt="" src='Pantry.JPG'></p>"#),
            vec![("a.md", LinkKind::Link), ("Pantry.JPG", LinkKind::Image)]
        );
    }

    #[test]
    fn other_tags_and_attributes_are_left_alone() {
        assert!(
            found(r#"<abbr title="x">y</abbr><link href="a.css"><img data-src="b.png">"#)
                .is_empty()
        );
        assert!(found("<a name=top>").is_empty());
        assert!(found("a < b and <a").is_empty());
    }
}
