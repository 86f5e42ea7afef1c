//! Several pages' bodies on one page, as the printable playbook shows them.
//!
//! Each body was rendered for its own page, so two bodies can both have a
//! `why-it-matters` heading or a `fn-1` footnote. On the combined page each body's ids
//! get a prefix of their own, its page's anchor and a `/` (`plays/meeting-place/`), and
//! so do the links and references to them (`href="#…"`, `aria-labelledby`, `for`). A
//! link to another page that is also on the combined page becomes a link within it:
//! to that page's heading (its anchor, `plays/meeting-place`), or to the prefixed id.
//!
//! Anchors are `collection/slug`: neither part holds a `/`, so an anchor has one `/`
//! and a prefixed id at least two, and no prefix starts another. Ids therefore stay
//! unique across the combined page, and clear of the theme's own ids (which hold no
//! `/`). The work is one pass over the HTML's tags; text is copied as it is.

use super::PrintSection;
use crate::markdown::escape;
use std::collections::HashMap;

/// Gives each page body in `sections` ids of its own, and turns links to other pages in
/// `sections` into links within the page. `dir` is the combined page's folder (`print/`).
pub(super) fn combine(sections: &mut [PrintSection<'_>], dir: &str) {
    let pages = sections.iter().flat_map(|s| {
        s.pages
            .iter()
            .map(|p| (p.url.clone(), anchor(s.key, p.slug)))
    });
    let combined = Combined::new(dir, pages);
    for section in sections.iter_mut() {
        let key = section.key;
        for page in &mut section.pages {
            page.content = combined.rewrite(&page.content, &anchor(key, page.slug));
        }
    }
}

/// A page's anchor on the combined page: the id of its heading there, and (with a `/`)
/// the prefix of every id in its body. The print template writes the same.
pub fn anchor(collection: &str, slug: &str) -> String {
    format!("{collection}/{slug}")
}

/// The pages shown on one combined page: each one's address and anchor.
#[derive(Debug, Clone, Default)]
pub struct Combined {
    /// The way from the combined page back to the site root (`../`).
    root: String,
    /// Site-root-relative URL (`plays/x/index.html`) -> anchor (`plays/x`).
    anchors: HashMap<String, String>,
}

/// Attributes whose value is a list of ids (or one id).
const ID_REFERENCES: &[&str] = &[
    "for",
    "form",
    "list",
    "headers",
    "popovertarget",
    "aria-activedescendant",
    "aria-controls",
    "aria-describedby",
    "aria-details",
    "aria-errormessage",
    "aria-flowto",
    "aria-labelledby",
    "aria-owns",
];

impl Combined {
    /// The combined page in folder `dir` (`print/`), showing `pages`: each one's
    /// site-root-relative URL (`plays/x/index.html`) and its anchor (`plays/x`).
    pub fn new(dir: &str, pages: impl IntoIterator<Item = (String, String)>) -> Self {
        Combined {
            root: crate::address::root_prefix(dir),
            anchors: pages.into_iter().collect(),
        }
    }

    /// `html`, the body of the page whose anchor is `own`, as it is to appear on the
    /// combined page. Its links are relative to the combined page, except `index.html`,
    /// which is how a body links to its own page.
    pub fn rewrite(&self, html: &str, own: &str) -> String {
        let prefix = format!("{own}/");
        rewrite_attributes(html, |name, value| match name {
            "id" if !value.is_empty() => Some(format!("{}{value}", escape(&prefix))),
            "href" => self.href(value, own),
            _ if ID_REFERENCES.contains(&name) => Some(
                value
                    .split_ascii_whitespace()
                    .map(|id| format!("{}{id}", escape(&prefix)))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            _ => None,
        })
    }

    /// The new value of an `href` (as written, entities and all) in the body of page
    /// `own`, or `None` to keep it.
    fn href(&self, value: &str, own: &str) -> Option<String> {
        let (path, fragment) = match value.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (value, None),
        };
        let path = crate::address::percent_decode(&unescape(path));
        let target = match path.as_str() {
            "" => own,
            "index.html" => own,
            p => self.anchors.get(p.strip_prefix(&self.root)?)?,
        };
        let target = escape(target);
        Some(match fragment {
            Some(f) if !f.is_empty() => format!("#{target}/{f}"),
            _ if path.is_empty() => return None,
            _ => format!("#{target}"),
        })
    }
}

/// `html` with the value of each attribute for which `change(name, value)` gives a new
/// one replaced (`name` in lower case, `value` as written, inside its quotes); all else
/// is copied as it is. Comments and the text of `script`, `style`, `textarea` and
/// `title` are not read as tags.
pub fn rewrite_attributes(
    html: &str,
    mut change: impl FnMut(&str, &str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut copied = 0;
    let mut at = 0;
    while let Some(i) = html[at..].find('<') {
        let start = at + i;
        let rest = &html[start..];
        at = if rest.starts_with("<!--") {
            rest.find("-->").map_or(html.len(), |j| start + j + 3)
        } else if rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            let tag = Tag::read(html, start);
            for attr in &tag.attributes {
                let value = &html[attr.value.clone()];
                let name = html[attr.name.clone()].to_ascii_lowercase();
                if let Some(new) = change(&name, value) {
                    out.push_str(&html[copied..attr.value.start]);
                    push_value(&mut out, &new, attr.quoted);
                    copied = attr.value.end;
                }
            }
            skip_raw_text(html, &tag)
        } else {
            start + 1
        };
    }
    out.push_str(&html[copied..]);
    out
}

/// Writes an attribute value: as it is inside quotes, or quoted if it had none.
fn push_value(out: &mut String, value: &str, quoted: bool) {
    if quoted {
        out.push_str(value);
    } else {
        out.push('"');
        out.push_str(&value.replace('"', "&quot;"));
        out.push('"');
    }
}

/// Where reading goes on after `tag`: past the closing tag of an element whose text is
/// not HTML (`script`, `style`, `textarea`, `title`), else just past the tag.
fn skip_raw_text(html: &str, tag: &Tag) -> usize {
    let name = html[tag.name.clone()].to_ascii_lowercase();
    if !["script", "style", "textarea", "title"].contains(&name.as_str()) {
        return tag.end;
    }
    let close = format!("</{name}");
    html[tag.end..]
        .to_ascii_lowercase()
        .find(&close)
        .map_or(html.len(), |j| tag.end + j)
}

/// One start tag: byte ranges into the HTML it was read from.
struct Tag {
    /// The element's name.
    name: std::ops::Range<usize>,
    /// Its attributes.
    attributes: Vec<Attribute>,
    /// Just past its `>` (or the end of the HTML).
    end: usize,
}

/// One attribute of a start tag.
struct Attribute {
    name: std::ops::Range<usize>,
    /// The value, inside its quotes when it has them (empty when it has no value).
    value: std::ops::Range<usize>,
    quoted: bool,
}

impl Tag {
    /// Reads the start tag whose `<` is at `start`, the way HTML's tokenizer does.
    fn read(html: &str, start: usize) -> Tag {
        let b = html.as_bytes();
        let mut i = start + 1;
        let end_of_name = |c: u8| c.is_ascii_whitespace() || c == b'/' || c == b'>';
        while i < b.len() && !end_of_name(b[i]) {
            i += 1;
        }
        let name = start + 1..i;
        let mut attributes = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let (attr, next) = Attribute::read(b, i);
            attributes.push(attr);
            i = next;
        }
        Tag {
            name,
            attributes,
            end: (i + 1).min(b.len()),
        }
    }
}

impl Attribute {
    /// Reads the attribute starting at `i`; gives it and where reading goes on.
    fn read(b: &[u8], mut i: usize) -> (Attribute, usize) {
        let start = i;
        i += 1; // a name may start with `=`
        while i < b.len() && !(b[i].is_ascii_whitespace() || b"/>=".contains(&b[i])) {
            i += 1;
        }
        let name = start..i;
        let mut j = i;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if j >= b.len() || b[j] != b'=' {
            let value = i..i;
            return (
                Attribute {
                    name,
                    value,
                    quoted: true,
                },
                i,
            );
        }
        j += 1;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
            let quote = b[j];
            let from = j + 1;
            let to = b[from..]
                .iter()
                .position(|&c| c == quote)
                .map_or(b.len(), |k| from + k);
            let value = from..to;
            return (
                Attribute {
                    name,
                    value,
                    quoted: true,
                },
                (to + 1).min(b.len()),
            );
        }
        let from = j;
        while j < b.len() && !(b[j].is_ascii_whitespace() || b[j] == b'>') {
            j += 1;
        }
        (
            Attribute {
                name,
                value: from..j,
                quoted: false,
            },
            j,
        )
    }
}

/// An attribute value with its character references decoded (`&amp;` and numeric ones,
/// the only ones a rendered body writes in a URL); others are kept as written.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use scraper::{Html, Selector};

    fn combined() -> Combined {
        Combined::new(
            "print/",
            [
                ("plays/a/index.html".to_owned(), "plays/a".to_owned()),
                ("plays/b/index.html".to_owned(), "plays/b".to_owned()),
                (
                    "stories/caf\u{e9}/index.html".to_owned(),
                    "stories/caf\u{e9}".to_owned(),
                ),
            ],
        )
    }

    /// Every `(element name, attribute, value)` in a fragment, parsed as a browser would.
    fn attributes(html: &str, attr: &str) -> Vec<String> {
        let doc = Html::parse_fragment(html);
        let sel = Selector::parse(&format!("[{attr}]")).unwrap();
        doc.select(&sel)
            .filter_map(|e| e.value().attr(attr).map(str::to_owned))
            .collect()
    }

    #[test]
    fn ids_and_links_to_them_take_the_page_prefix() {
        let body = "<div class=\"heading\"><h2 id=\"why-it-matters\">Why</h2><a class=\"heading-anchor\" href=\"#why-it-matters\">#</a></div>\n<p>See<sup class=\"footnote-reference\"><a href=\"#fn-1\">1</a></sup> <a href=\"#\">top</a>.</p>\n<div class=\"footnote-definition\" id=\"fn-1\"><p>Note.</p></div>";
        let out = combined().rewrite(body, "plays/a");
        assert_eq!(
            attributes(&out, "id"),
            ["plays/a/why-it-matters", "plays/a/fn-1"]
        );
        assert_eq!(
            attributes(&out, "href"),
            ["#plays/a/why-it-matters", "#plays/a/fn-1", "#"]
        );
        assert_eq!(
            Html::parse_fragment(&out)
                .root_element()
                .text()
                .collect::<String>(),
            Html::parse_fragment(body)
                .root_element()
                .text()
                .collect::<String>(),
            "text is kept"
        );
    }

    #[test]
    fn links_to_other_printed_pages_become_links_within_the_page() {
        let body = "<a href=\"../plays/b/index.html\">b</a> <a href=\"../plays/b/index.html#what-good-looks-like\">part</a> <a href=\"index.html#x\">self</a> <a href=\"index.html\">self</a> <a href=\"../stories/caf%C3%A9/index.html\">caf\u{e9}</a> <a href=\"../about/index.html\">about</a> <a href=\"https://example.org/plays/b/index.html\">out</a>";
        let out = combined().rewrite(body, "plays/a");
        assert_eq!(
            attributes(&out, "href"),
            [
                "#plays/b",
                "#plays/b/what-good-looks-like",
                "#plays/a/x",
                "#plays/a",
                "#stories/caf\u{e9}",
                "../about/index.html",
                "https://example.org/plays/b/index.html"
            ]
        );
    }

    #[test]
    fn id_references_in_raw_html_follow_their_ids() {
        let body = "<label for=q>Q</label><input id=q><table><tr><th id='h1'>H</th></tr><tr><td headers=\"h1 h2\">1</td></tr></table><p aria-describedby=\"h1\">x</p>";
        let out = combined().rewrite(body, "plays/b");
        assert_eq!(attributes(&out, "for"), ["plays/b/q"]);
        assert_eq!(attributes(&out, "id"), ["plays/b/q", "plays/b/h1"]);
        assert_eq!(attributes(&out, "headers"), ["plays/b/h1 plays/b/h2"]);
        assert_eq!(attributes(&out, "aria-describedby"), ["plays/b/h1"]);
    }

    #[test]
    fn comments_scripts_and_text_are_left_alone() {
        let body = "<!-- <a id=\"c\"> --><script>let s = '<b id=\"s\">';</script><style>#x{}</style><p>a &lt;b id=\"t\"&gt; 1 < 2</p><pre><code>id=\"code\"</code></pre>";
        assert_eq!(combined().rewrite(body, "plays/a"), body);
    }

    #[test]
    fn an_anchor_with_characters_that_need_escaping_stays_one_attribute() {
        let c = Combined::new(
            "print/",
            [("k/a&b/index.html".to_owned(), "k/a&b".to_owned())],
        );
        let out = c.rewrite(
            "<h2 id=\"x\">X</h2><a href=\"../k/a&amp;b/index.html\">l</a>",
            "k/a&b",
        );
        assert_eq!(attributes(&out, "id"), ["k/a&b/x"]);
        assert_eq!(attributes(&out, "href"), ["#k/a&b"]);
    }

    #[test]
    fn unescape_decodes_the_references_a_body_writes() {
        assert_eq!(
            unescape("a&amp;b&#39;c&#x27;d&eacute;&"),
            "a&b'c'd&eacute;&"
        );
    }

    /// One generated page: its anchor parts, and a body with headings, footnotes,
    /// raw-HTML ids (which may hold `/`) and links within it and to the other pages.
    fn page_body(
        ids: &[String],
        links: &[(usize, Option<usize>)],
        pages: &[(String, String)],
    ) -> String {
        let mut html = String::new();
        for id in ids {
            html.push_str(&format!(
                "<div class=\"heading\"><h2 id=\"{0}\">T</h2><a href=\"#{0}\">#</a></div><sup><a href=\"#fn-{0}\">1</a></sup><div id=\"fn-{0}\"></div>\n",
                escape(id)
            ));
        }
        for &(to, id) in links {
            let (k, s) = &pages[to % pages.len()];
            let frag = id
                .and_then(|i| ids.get(i))
                .map(|i| format!("#{}", escape(i)));
            html.push_str(&format!(
                "<a href=\"../{k}/{s}/index.html{}\">l</a>",
                frag.unwrap_or_default()
            ));
        }
        html
    }

    proptest! {
        #[test]
        fn ids_stay_unique_across_pages_and_every_in_page_link_finds_its_id(
            pages in proptest::collection::btree_set(("[a-c-]{1,3}", "[a-c-]{1,3}"), 1..6),
            ids in proptest::collection::btree_set("[a-c/-]{1,4}", 0..6),
            links in proptest::collection::vec((0usize..6, proptest::option::of(0usize..6)), 0..6),
        ) {
            let pages: Vec<(String, String)> = pages.into_iter().collect();
            let ids: Vec<String> = ids.into_iter().collect();
            let combined = Combined::new(
                "print/",
                pages.iter().map(|(k, s)| (format!("{k}/{s}/index.html"), anchor(k, s))),
            );
            // The page as the print template writes it: the theme's ids, then each body.
            let mut page = String::from("<main id=\"main\"><h2 id=\"pb-print-contents\">C</h2>");
            for (k, s) in &pages {
                let body = page_body(&ids, &links, &pages);
                page.push_str(&format!("<h3 id=\"{}\">{s}</h3>", escape(&anchor(k, s))));
                page.push_str(&combined.rewrite(&body, &anchor(k, s)));
            }
            let doc = Html::parse_fragment(&page);
            let all: Vec<&str> = doc.select(&Selector::parse("[id]").unwrap()).filter_map(|e| e.value().attr("id")).collect();
            let unique: std::collections::HashSet<&str> = all.iter().copied().collect();
            prop_assert_eq!(unique.len(), all.len(), "duplicate ids in {}", page);
            for href in doc.select(&Selector::parse("a[href]").unwrap()).filter_map(|e| e.value().attr("href")) {
                let id = href.strip_prefix('#');
                prop_assert!(id.is_some_and(|id| unique.contains(id)), "{} finds no id in {}", href, page);
            }
        }
    }
}
