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
    for (start, tag) in tags(&lower) {
        let wanted = if tag.starts_with("a ") || tag.starts_with("a\n") {
            Some(("href", LinkKind::Link))
        } else if tag.starts_with("img ") || tag.starts_with("img\n") {
            Some(("src", LinkKind::Image))
        } else if tag.starts_with("iframe ") || tag.starts_with("iframe\n") {
            // A page of this site shown in a box (`map.html`) is checked like a link.
            Some(("src", LinkKind::Link))
        } else {
            None
        };
        if let Some((attr, kind)) = wanted
            && let Some(value) = attribute_value(tag, attr)
        {
            out.push((start + value.start..start + value.end, kind));
        }
    }
    out
}

/// Each tag of `lower` (raw HTML in lower case): what is between a `<` and the next
/// `>` (or the end), with the byte offset where it starts, just after its `<`.
fn tags(lower: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + lower[at..].find('<')? + 1;
        let end = lower[start..].find('>').map_or(lower.len(), |j| start + j);
        at = end.max(start);
        Some((start, &lower[start..end]))
    })
}

/// Another page embedded in this one: an `<iframe>`'s or `<embed>`'s `src`, or an
/// `<object>`'s `data`.
#[derive(Debug, PartialEq, Eq)]
pub struct Embed {
    /// The element: `iframe`, `embed` or `object`.
    pub element: &'static str,
    /// The byte range of the address in the HTML.
    pub src: Range<usize>,
    /// Whether the element has a `title`.
    pub titled: bool,
}

/// Each page embedded in `html` (see [`Embed`]).
pub fn embeds(html: &str) -> Vec<Embed> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    for (start, tag) in tags(&lower) {
        let found = [("iframe", "src"), ("embed", "src"), ("object", "data")]
            .into_iter()
            .find(|(element, _)| {
                tag.strip_prefix(element)
                    .is_some_and(|rest| rest.starts_with([' ', '\n', '\t']))
            });
        if let Some((element, attr)) = found
            && let Some(value) = attribute_value(tag, attr)
        {
            out.push(Embed {
                element,
                src: start + value.start..start + value.end,
                titled: attribute_value(tag, "title").is_some_and(|t| !tag[t].trim().is_empty()),
            });
        }
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

/// Every element of HTML, SVG and MathML a page might write by hand, lower case.
const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "bdi",
    "bdo",
    "big",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "circle",
    "cite",
    "clippath",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "defs",
    "del",
    "details",
    "dfn",
    "dialog",
    "div",
    "dl",
    "dt",
    "ellipse",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "foreignobject",
    "form",
    "g",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "image",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "line",
    "lineargradient",
    "link",
    "main",
    "map",
    "mark",
    "marker",
    "mask",
    "math",
    "menu",
    "meta",
    "meter",
    "mi",
    "mn",
    "mo",
    "mrow",
    "ms",
    "msub",
    "msup",
    "mtext",
    "nav",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "path",
    "pattern",
    "picture",
    "polygon",
    "polyline",
    "pre",
    "progress",
    "q",
    "radialgradient",
    "rect",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "small",
    "source",
    "span",
    "stop",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "symbol",
    "table",
    "tbody",
    "td",
    "template",
    "text",
    "textarea",
    "textpath",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tspan",
    "tt",
    "u",
    "ul",
    "use",
    "var",
    "video",
    "wbr",
];

/// The opening tags in `html` whose names are no element of HTML, SVG or MathML, as
/// written (`<insert name>`; up to 80 characters). Names with a hyphen are custom
/// elements, which a page may define with its own script, and are left alone.
pub fn unknown_elements(html: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, _) in html.match_indices('<') {
        let name: String = html[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let starts_with_letter = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        let lower = name.to_ascii_lowercase();
        if !starts_with_letter || lower.contains('-') || ELEMENTS.contains(&lower.as_str()) {
            continue;
        }
        let rest = &html[i..];
        let tag = match rest.find('>') {
            Some(end) if rest[..end].chars().count() < 80 && !rest[..end].contains('\n') => {
                &rest[..=end]
            }
            _ => &rest[..=name.len()],
        };
        if !out.iter().any(|t| t == tag) {
            out.push(tag.to_owned());
        }
    }
    out
}

/// Whether `tag` (`<o:p>`, `</w:Sdt>`) is an Office XML element, named with a prefix
/// and a colon as Word writes its own markup into pasted HTML.
pub fn is_office_tag(tag: &str) -> bool {
    let name = tag.trim_start_matches('<').trim_start_matches('/');
    name.split_once(':').is_some_and(|(prefix, _)| {
        matches!(
            prefix.to_ascii_lowercase().as_str(),
            "o" | "w" | "v" | "m" | "st1" | "x"
        )
    })
}

/// Where raw HTML shows it was pasted from Word: an Office element (`<o:p>`) or Word's
/// classes and styles (`class="MsoNormal"`, `mso-`).
pub fn office_markup(html: &str) -> Option<usize> {
    let tag = html
        .match_indices('<')
        .map(|(i, _)| i)
        .find(|&i| is_office_tag(&html[i..]));
    let class = html.find("class=\"Mso").or_else(|| html.find("mso-"));
    match (tag, class) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
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
    fn words_markup_is_told_from_html_and_from_words_in_brackets() {
        assert!(
            is_office_tag("<o:p>") && is_office_tag("</w:Sdt>") && is_office_tag("<st1:place>")
        );
        assert!(
            !is_office_tag("<p>")
                && !is_office_tag("<insert name>")
                && !is_office_tag("<a href=\"x:y\">")
        );
        assert_eq!(
            office_markup("<p class=\"MsoNormal\">x<o:p></o:p></p>"),
            Some(3)
        );
        assert_eq!(
            office_markup("<span style=\"mso-bidi-font-size:11pt\">"),
            Some(13)
        );
        assert_eq!(office_markup("<p class=\"lead\">x</p>"), None);
    }

    #[test]
    fn links_and_images_are_found_in_any_case_and_quote() {
        assert_eq!(
            found(r#"<p><A HREF="a.md">x</A> <img alt="" src='Pantry.JPG'></p>"#),
            vec![("a.md", LinkKind::Link), ("Pantry.JPG", LinkKind::Image)]
        );
    }

    #[test]
    fn words_in_angle_brackets_are_no_elements_but_html_svg_and_custom_ones_are() {
        assert_eq!(
            unknown_elements("<insert name> and <insert name>"),
            ["<insert name>"]
        );
        assert_eq!(
            unknown_elements("<theme>/strings/<language>"),
            ["<theme>", "<language>"]
        );
        assert_eq!(unknown_elements("<open\nstill"), ["<open"]);
        let known = "<div><SPAN>x</SPAN><svg><path d=''/><linearGradient/></svg><my-widget></my-widget></div><!-- note --></div>";
        assert!(
            unknown_elements(known).is_empty(),
            "{:?}",
            unknown_elements(known)
        );
        assert!(unknown_elements("</closing> < 3 <1>").is_empty());
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

    #[test]
    fn embedded_pages_are_found_with_whether_they_have_a_title() {
        let html = r#"<IFRAME SRC="https://v.example/1" title="A video"></iframe><embed src='x.pdf'><object data="m.svg" title=" "></object><iframes src="no"><iframe title="t"></iframe>"#;
        let got: Vec<(&str, &str, bool)> = embeds(html)
            .into_iter()
            .map(|e| (e.element, &html[e.src], e.titled))
            .collect();
        assert_eq!(
            got,
            [
                ("iframe", "https://v.example/1", true),
                ("embed", "x.pdf", false),
                ("object", "m.svg", false)
            ]
        );
        // A page of this site in a box is checked like a link.
        assert_eq!(
            found(r#"<iframe src="map.html">"#),
            [("map.html", LinkKind::Link)]
        );
    }
}
