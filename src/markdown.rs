//! Markdown to HTML: pure, with no knowledge of the site beyond a link resolver.
//!
//! One pass over pulldown-cmark's events gives the HTML, a table of contents, heading
//! ids, a word count, the plain text, and every link problem with its byte offset in
//! the body, for the caller to turn into `file:line:column`.

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;

/// What a link resolver decides about one link or image destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Leave it as written (external links, `mailto:`, ...).
    Keep,
    /// Write `href` instead; if `anchor` is set, that page must have that heading id.
    Rewrite {
        /// The relative URL to write.
        href: String,
        /// A page (by index) and id that must exist.
        anchor: Option<(usize, String)>,
    },
    /// A `#fragment` on the same page; the id must exist on this page.
    SamePage(String),
    /// The target does not exist: an error.
    Broken {
        /// What is wrong.
        message: String,
        /// What to do about it.
        suggestion: Option<String>,
    },
    /// The target exists but is not published (a draft): keep the text, drop the link.
    Unlink {
        /// Why, for a warning.
        message: String,
    },
}

/// Decides where links in a body point.
pub trait LinkResolver {
    /// Resolves a link destination as written in markdown.
    fn resolve(&self, dest: &str) -> Resolution;
}

/// A resolver that keeps every link as written.
pub struct KeepLinks;

impl LinkResolver for KeepLinks {
    fn resolve(&self, _dest: &str) -> Resolution {
        Resolution::Keep
    }
}

/// One table-of-contents entry (headings of level 2 and 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// The heading's id.
    pub id: String,
    /// The heading's plain text.
    pub title: String,
}

/// A problem with a link, at a byte offset in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProblem {
    /// Byte offset of the destination in the body.
    pub offset: usize,
    /// Length of the destination in characters.
    pub len: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub suggestion: Option<String>,
    /// Errors fail the build; warnings do not.
    pub is_error: bool,
}

/// An anchor on another page that must exist (checked once every page is rendered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorCheck {
    /// Byte offset of the destination in the body.
    pub offset: usize,
    /// Length of the destination in characters.
    pub len: usize,
    /// The target page's index.
    pub target: usize,
    /// The id that must exist there.
    pub id: String,
}

/// An image, for checks such as missing alt text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Byte offset in the body.
    pub offset: usize,
    /// The alt text.
    pub alt: String,
}

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct RenderedBody {
    /// The HTML.
    pub html: String,
    /// Level-2 and level-3 headings.
    pub toc: Vec<TocEntry>,
    /// Every id in the HTML that a link may point at.
    pub ids: HashSet<String>,
    /// Number of words.
    pub words: usize,
    /// The body as plain text (for search and summaries).
    pub text: String,
    /// The first level-1 heading's text, when `take_title` was set and one was found.
    pub title: Option<String>,
    /// Link problems.
    pub problems: Vec<LinkProblem>,
    /// Anchors on other pages to check.
    pub anchor_checks: Vec<AnchorCheck>,
    /// Images.
    pub images: Vec<ImageRef>,
}

/// Ids the default theme uses itself; headings with these names get a suffix.
const RESERVED_IDS: &[&str] = &[
    "main",
    "content",
    "top",
    "toc",
    "search",
    "site-search",
    "footnotes",
    "nav",
];

/// The markdown extensions placebook enables.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// A heading being read: its attributes, events and text, held until its end.
struct HeadingBuf<'a> {
    level: HeadingLevel,
    id: Option<String>,
    classes: Vec<String>,
    attrs: Vec<(String, Option<String>)>,
    events: Vec<Event<'a>>,
    text: String,
}

impl<'a> HeadingBuf<'a> {
    /// A heading with the attributes written on it (`{#id .class key=value}`).
    fn new(
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: &[CowStr<'a>],
        attrs: &[(CowStr<'a>, Option<CowStr<'a>>)],
    ) -> Self {
        HeadingBuf {
            level,
            id: id.map(|s| s.to_string()),
            classes: classes.iter().map(|c| c.to_string()).collect(),
            attrs: attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.as_ref().map(|v| v.to_string())))
                .collect(),
            events: Vec::new(),
            text: String::new(),
        }
    }
}

/// How many words `t` has, split on white space: `t.split_whitespace().count()`, with a
/// branch-free pass for ASCII text (every page's text is counted once per build).
fn count_words(t: &str) -> usize {
    if !t.is_ascii() {
        return t.split_whitespace().count();
    }
    let mut words = 0;
    let mut after_space = true;
    for &b in t.as_bytes() {
        let space = is_ascii_space(b);
        words += usize::from(after_space && !space);
        after_space = space;
    }
    words
}

/// Renders a markdown body. With `take_title`, the first level-1 heading is removed
/// from the HTML and returned as [`RenderedBody::title`].
pub fn render(body: &str, resolver: &dyn LinkResolver, take_title: bool) -> RenderedBody {
    let mut renderer = BodyRenderer::new(body, resolver, take_title);
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        renderer.event(event, range);
    }
    renderer.finish()
}

/// One body's rendering in progress: what is found so far, the events to write, and
/// where the parser is (in a heading, a link, an image, a code block).
struct BodyRenderer<'a, 'r> {
    body: &'a str,
    resolver: &'r dyn LinkResolver,
    take_title: bool,
    found: RenderedBody,
    /// The events to write as HTML, headings already written out.
    out: Vec<Event<'a>>,
    /// The heading being read, whose events wait until its id is known.
    heading: Option<HeadingBuf<'a>>,
    /// For each open link, whether it is written (an unlinked draft's is not).
    link_kept: Vec<bool>,
    /// The open image's offset and alt text so far.
    image_alt: Option<(usize, String)>,
    in_code_block: bool,
}

impl<'a, 'r> BodyRenderer<'a, 'r> {
    /// A renderer for `body`, nothing read yet.
    fn new(body: &'a str, resolver: &'r dyn LinkResolver, take_title: bool) -> Self {
        BodyRenderer {
            body,
            resolver,
            take_title,
            found: RenderedBody::default(),
            out: Vec::new(),
            heading: None,
            link_kept: Vec::new(),
            image_alt: None,
            in_code_block: false,
        }
    }

    /// Takes one parser event: rewrites or holds it back, notes its text, and queues it.
    #[inline]
    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        if let Some(event) = self.rewrite(event, &range) {
            self.note_text(&event);
            match self.heading.as_mut() {
                Some(h) => h.events.push(event),
                None => self.out.push(event),
            }
        }
    }

    /// The event to write for `event` (links resolved, alerts and ids noted), or `None`
    /// when nothing is written for it: a heading's start and end (the heading is written
    /// whole at its end) and the ends of links to drafts.
    #[inline]
    fn rewrite(&mut self, event: Event<'a>, range: &Range<usize>) -> Option<Event<'a>> {
        Some(match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                self.heading = Some(HeadingBuf::new(level, id, &classes, &attrs));
                return None;
            }
            Event::End(TagEnd::Heading(_)) => {
                self.end_heading();
                return None;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: self.link_destination(&dest_url, range)?,
                title,
                id,
            }),
            Event::End(TagEnd::Link) => return self.end_link(),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: self.image_source(dest_url, range),
                title,
                id,
            }),
            Event::End(TagEnd::Image) => self.end_image(),
            Event::Start(Tag::BlockQuote(Some(kind))) => open_alert(kind),
            Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html("</div>\n".into()),
            Event::Start(Tag::CodeBlock(k)) => {
                self.in_code_block = true;
                Event::Start(Tag::CodeBlock(k))
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                Event::End(TagEnd::CodeBlock)
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.found.ids.insert(label.to_string());
                Event::Start(Tag::FootnoteDefinition(label))
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                collect_html_ids(&h, &mut self.found.ids);
                Event::Html(h)
            }
            e => e,
        })
    }

    /// Adds an event's text to the heading, alt text, word count and plain text; breaks
    /// and the ends of paragraphs, items and cells become a space in the plain text.
    #[inline]
    fn note_text(&mut self, event: &Event<'a>) {
        match event {
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = self.heading.as_mut() {
                    h.text.push_str(t);
                }
                if let Some((_, alt)) = self.image_alt.as_mut() {
                    alt.push_str(t);
                }
                if !self.in_code_block {
                    self.found.words += count_words(t);
                }
                push_text(&mut self.found.text, t);
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                push_text(&mut self.found.text, " ");
            }
            _ => {}
        }
    }

    /// Ends the heading being read: the page's title when it is the first level-1
    /// heading and `take_title` is set, else written out with its id and anchor.
    fn end_heading(&mut self) {
        // A heading's text must not run into the next paragraph's.
        push_text(&mut self.found.text, " ");
        let Some(h) = self.heading.take() else {
            return;
        };
        if self.take_title && self.found.title.is_none() && h.level == HeadingLevel::H1 {
            self.found.title = Some(h.text.trim().to_owned());
        } else {
            let html = finish_heading(h, &mut self.found);
            self.out.push(Event::Html(html.into()));
        }
    }

    /// Where a link goes, or `None` when it is unlinked (its text stays, unlinked).
    fn link_destination(&mut self, dest: &CowStr<'a>, range: &Range<usize>) -> Option<CowStr<'a>> {
        let offset = dest_offset(self.body, range, dest);
        let href = resolve_into(self.resolver, dest, offset, &mut self.found);
        self.link_kept.push(href.is_some());
        href
    }

    /// The end of the innermost link, unless that link was unlinked.
    fn end_link(&mut self) -> Option<Event<'a>> {
        self.link_kept
            .pop()
            .unwrap_or(true)
            .then_some(Event::End(TagEnd::Link))
    }

    /// Where an image comes from (kept as written when it cannot be resolved); starts
    /// collecting its alt text.
    fn image_source(&mut self, dest: CowStr<'a>, range: &Range<usize>) -> CowStr<'a> {
        let offset = dest_offset(self.body, range, &dest);
        self.image_alt = Some((range.start, String::new()));
        resolve_into(self.resolver, &dest, offset, &mut self.found).unwrap_or(dest)
    }

    /// Ends an image, recording it with its alt text.
    fn end_image(&mut self) -> Event<'a> {
        if let Some((offset, alt)) = self.image_alt.take() {
            self.found.images.push(ImageRef { offset, alt });
        }
        Event::End(TagEnd::Image)
    }

    /// Writes the HTML and finishes the plain text.
    fn finish(self) -> RenderedBody {
        let mut r = self.found;
        r.html.reserve(self.body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut r.html, self.out.into_iter());
        if r.text.ends_with(' ') {
            r.text.pop();
        }
        // Every page's HTML and text live until the build ends: no spare capacity.
        r.html.shrink_to_fit();
        r.text.shrink_to_fit();
        r
    }
}

/// The opening of an alert box (`> [!NOTE]`), with its label.
fn open_alert<'a>(kind: BlockQuoteKind) -> Event<'a> {
    let (class, label) = alert_label(kind);
    Event::Html(
        format!("<div class=\"alert alert-{class}\" role=\"note\"><p class=\"alert-title\">{label}</p>\n")
            .into(),
    )
}

/// Whether `b` is an ASCII character `char::is_whitespace` accepts: space, or tab to
/// carriage return.
fn is_ascii_space(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

/// Appends `t` to the page's plain text with each run of white space as one space and
/// none at the start (one at the end is trimmed when the page is done): the text is
/// `split_whitespace().join(" ")` of everything pushed, built in one pass.
fn push_text(buf: &mut String, t: &str) {
    let space = |buf: &mut String| {
        if !buf.is_empty() && !buf.ends_with(' ') {
            buf.push(' ');
        }
    };
    if !t.is_ascii() {
        for c in t.chars() {
            if c.is_whitespace() {
                space(buf);
            } else {
                buf.push(c);
            }
        }
        return;
    }
    let bytes = t.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if is_ascii_space(bytes[i]) {
            space(buf);
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !is_ascii_space(bytes[i]) {
            i += 1;
        }
        buf.push_str(&t[start..i]);
    }
}

fn resolve_into<'a>(
    resolver: &dyn LinkResolver,
    dest: &CowStr<'a>,
    offset: usize,
    r: &mut RenderedBody,
) -> Option<CowStr<'a>> {
    let len = dest.chars().count().max(1);
    match resolver.resolve(dest) {
        Resolution::Keep => Some(dest.clone()),
        Resolution::Rewrite { href, anchor } => {
            if let Some((target, id)) = anchor {
                r.anchor_checks.push(AnchorCheck {
                    offset,
                    len,
                    target,
                    id,
                });
            }
            Some(href.into())
        }
        Resolution::SamePage(id) => {
            r.anchor_checks.push(AnchorCheck {
                offset,
                len,
                target: usize::MAX,
                id,
            });
            Some(dest.clone())
        }
        Resolution::Broken {
            message,
            suggestion,
        } => {
            r.problems.push(LinkProblem {
                offset,
                len,
                message,
                suggestion,
                is_error: true,
            });
            Some(dest.clone())
        }
        Resolution::Unlink { message } => {
            r.problems.push(LinkProblem {
                offset,
                len,
                message,
                suggestion: None,
                is_error: false,
            });
            None
        }
    }
}

/// The byte offset of a destination inside the link's source text (or the link's start).
fn dest_offset(body: &str, range: &Range<usize>, dest: &str) -> usize {
    body.get(range.clone())
        .and_then(|s| if dest.is_empty() { None } else { s.rfind(dest) })
        .map_or(range.start, |i| range.start + i)
}

fn alert_label(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

fn finish_heading(h: HeadingBuf, r: &mut RenderedBody) -> String {
    let base = match h.id {
        Some(id) => id,
        None => {
            let s = crate::slug::slugify(&h.text);
            if s.is_empty() {
                "section".to_owned()
            } else {
                s
            }
        }
    };
    let mut id = base.clone();
    let mut n = 1;
    while r.ids.contains(&id) || RESERVED_IDS.contains(&id.as_str()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    r.ids.insert(id.clone());
    let level = h.level as u8;
    let title = h.text.trim().to_owned();
    if level == 2 || level == 3 {
        r.toc.push(TocEntry {
            level,
            id: id.clone(),
            title: title.clone(),
        });
    }
    let mut inner = String::new();
    pulldown_cmark::html::push_html(&mut inner, h.events.into_iter());
    let mut html = String::with_capacity(inner.len() + 160);
    let _ = write!(
        html,
        "<div class=\"heading\"><h{level} id=\"{}\"",
        escape(&id)
    );
    if !h.classes.is_empty() {
        let _ = write!(html, " class=\"{}\"", escape(&h.classes.join(" ")));
    }
    for (k, v) in &h.attrs {
        if k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') && !k.starts_with("on") {
            let _ = write!(html, " {}=\"{}\"", k, escape(v.as_deref().unwrap_or("")));
        }
    }
    let _ = writeln!(
        html,
        ">{inner}</h{level}><a class=\"heading-anchor\" href=\"#{}\" aria-label=\"Link to this section: {}\">#</a></div>",
        escape(&id),
        escape(&title)
    );
    html
}

/// Adds every `id="..."` found in raw HTML to `ids`, so links to them are valid.
fn collect_html_ids(html: &str, ids: &mut HashSet<String>) {
    let mut rest = html;
    while let Some(i) = rest.find("id=") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + 3..];
        if before.is_some_and(|c| !c.is_whitespace()) {
            continue;
        }
        let quote = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => q,
            _ => continue,
        };
        if let Some(end) = rest[1..].find(quote) {
            ids.insert(rest[1..1 + end].to_owned());
            rest = &rest[1 + end..];
        }
    }
}

/// Cleans a rendered body's HTML with ammonia, for sites with `sanitize: true`: raw HTML
/// keeps only safe elements and attributes (no scripts, styles, event handlers, frames,
/// forms or `javascript:` URLs), while everything markdown and the theme need stays:
/// heading ids and anchors, alert boxes, footnotes, task-list checkboxes, tables, code
/// classes, images and relative links. Ids the theme uses itself are dropped from raw
/// HTML (and from [`RenderedBody::ids`]) so a body cannot take them over.
pub fn sanitize(r: &mut RenderedBody) {
    r.html = SANITIZER.clean(&r.html).to_string();
    r.ids.retain(|id| !RESERVED_IDS.contains(&id.as_str()));
}

static SANITIZER: std::sync::LazyLock<ammonia::Builder<'static>> = std::sync::LazyLock::new(|| {
    use std::collections::{HashMap, HashSet};
    let mut b = ammonia::Builder::default();
    let headings = ["h1", "h2", "h3", "h4", "h5", "h6"];
    b.add_tags(["input", "section"])
        .add_generic_attributes(["id"])
        .link_rel(None)
        .add_tag_attributes("a", ["aria-label"])
        .add_tag_attributes("div", ["role"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .filter_style_properties(HashSet::from(["text-align"]))
        .tag_attribute_values(HashMap::from([
            (
                "input",
                HashMap::from([("type", HashSet::from(["checkbox"]))]),
            ),
            ("div", HashMap::from([("role", HashSet::from(["note"]))])),
        ]))
        .set_tag_attribute_value("input", "disabled", "")
        .add_allowed_classes(
            "div",
            [
                "heading",
                "alert",
                "alert-note",
                "alert-tip",
                "alert-important",
                "alert-warning",
                "alert-caution",
                "footnote-definition",
            ],
        )
        .add_allowed_classes("p", ["alert-title"])
        .add_allowed_classes("a", ["heading-anchor"])
        .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
        .add_allowed_classes("section", ["footnotes"]);
    for h in headings {
        b.add_tag_attributes(h, ["class"]);
    }
    b.attribute_filter(|_, attr, value| {
        if attr == "id" && RESERVED_IDS.contains(&value) {
            None
        } else {
            Some(value.into())
        }
    });
    b
});

/// Escapes text for an HTML attribute or element.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for t in [
            "",
            "   ",
            "one",
            " two  words ",
            "tab\tvertical\x0btab\x0cform\rfeed\nline",
            "non-ASCII café\u{a0}nbsp\u{2003}em",
            "£295,000 over 6 years",
        ] {
            assert_eq!(count_words(t), t.split_whitespace().count(), "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn text_is_pushed_with_white_space_collapsed(parts in proptest::collection::vec("[ a-z\t\n\x0b\u{a0}\u{e9}]{0,12}", 0..6)) {
            let mut buf = String::new();
            for p in &parts {
                push_text(&mut buf, p);
            }
            if buf.ends_with(' ') {
                buf.pop();
            }
            let all: String = parts.concat();
            proptest::prop_assert_eq!(buf, all.split_whitespace().collect::<Vec<_>>().join(" "));
        }

        #[test]
        fn any_text_counts_as_split_whitespace(t in "[ a-z\t\n\r\x0b\x0c\u{a0}\u{e9}]{0,40}") {
            proptest::prop_assert_eq!(count_words(&t), t.split_whitespace().count());
        }
    }

    use super::*;

    fn md(s: &str) -> RenderedBody {
        render(s, &KeepLinks, false)
    }

    #[test]
    fn heading_text_does_not_run_into_the_next_paragraph() {
        assert_eq!(
            md("## Housing first\nLeeds offered homes.").text,
            "Housing first Leeds offered homes."
        );
    }

    #[test]
    fn extensions_render() {
        let r = md(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~\n\n- [x] done\n\nNote[^1].\n\n[^1]: The note.\n",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn alerts_become_labelled_notes() {
        let r = md("> [!WARNING]\n> Careful.\n");
        assert!(r.html.contains("<div class=\"alert alert-warning\" role=\"note\"><p class=\"alert-title\">Warning</p>"), "{}", r.html);
        assert!(!r.html.contains("blockquote"));
    }

    #[test]
    fn headings_get_unique_ids_anchors_and_toc() {
        let r = md("## Why it matters\n\n## Why it matters\n\n### Detail {#custom}\n\n## Main\n");
        assert!(
            r.html
                .contains("<h2 id=\"why-it-matters\">Why it matters</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("id=\"why-it-matters-1\""));
        assert!(r.html.contains("<h3 id=\"custom\">"));
        assert!(
            r.html.contains("id=\"main-1\""),
            "reserved id avoided: {}",
            r.html
        );
        assert!(r.html.contains("href=\"#why-it-matters\""));
        let toc: Vec<_> = r.toc.iter().map(|t| (t.level, t.id.as_str())).collect();
        assert_eq!(
            toc,
            vec![
                (2, "why-it-matters"),
                (2, "why-it-matters-1"),
                (3, "custom"),
                (2, "main-1")
            ]
        );
    }

    #[test]
    fn take_title_removes_first_h1() {
        let r = render("# Hello *you*\n\nText here.\n", &KeepLinks, true);
        assert_eq!(r.title.as_deref(), Some("Hello you"));
        assert!(!r.html.contains("<h1"));
        assert_eq!(r.words, 4);
    }

    struct Fixed;
    impl LinkResolver for Fixed {
        fn resolve(&self, dest: &str) -> Resolution {
            match dest {
                "a.md" => Resolution::Rewrite {
                    href: "../a/index.html".into(),
                    anchor: None,
                },
                "d.md" => Resolution::Unlink {
                    message: "draft".into(),
                },
                "x.md" => Resolution::Broken {
                    message: "missing".into(),
                    suggestion: None,
                },
                _ => Resolution::Keep,
            }
        }
    }

    #[test]
    fn links_are_rewritten_unlinked_or_reported_with_offsets() {
        let body = "See [A](a.md), [D](d.md) and\n[X](x.md).";
        let r = render(body, &Fixed, false);
        assert!(
            r.html.contains("<a href=\"../a/index.html\">A</a>"),
            "{}",
            r.html
        );
        assert!(r.html.contains(", D and"), "{}", r.html);
        let broken = r.problems.iter().find(|p| p.is_error).unwrap();
        assert_eq!(&body[broken.offset..broken.offset + 4], "x.md");
        assert_eq!(r.problems.iter().filter(|p| !p.is_error).count(), 1);
    }

    #[test]
    fn raw_html_ids_count_as_anchors() {
        let r = md("<div id=\"here\"></div>\n\nText\n");
        assert!(r.ids.contains("here"));
    }

    #[test]
    fn sanitize_removes_scripts_and_keeps_what_the_theme_needs() {
        let body = "## Why it matters\n\n> [!NOTE]\n> Careful.\n\n| a | b |\n|:-:|---|\n| 1 | 2 |\n\n- [x] done\n\nSee[^1] [A](a.md#why) and <a href=\"javascript:alert(1)\" onclick=\"x()\">this</a>.\n\n<script>alert(1)</script>\n<img src=\"x.png\" onerror=\"alert(1)\" alt=\"A map\">\n<div id=\"main\">taken</div><span id=\"mine\">ok</span>\n<iframe src=\"https://evil.example/\"></iframe><style>body{}</style>\n\n```rust\nfn main() {}\n```\n\n[^1]: The note.\n";
        let mut r = render(body, &Fixed, false);
        assert!(r.ids.contains("main"));
        sanitize(&mut r);
        let h = &r.html;
        for gone in [
            "<script",
            "javascript:",
            "onclick",
            "onerror",
            "<iframe",
            "<style",
            "id=\"main\"",
        ] {
            assert!(!h.contains(gone), "{gone} in {h}");
        }
        assert!(!r.ids.contains("main"));
        for kept in [
            "<div class=\"heading\"><h2 id=\"why-it-matters\">",
            "<a class=\"heading-anchor\" href=\"#why-it-matters\" aria-label=",
            "<div class=\"alert alert-note\" role=\"note\"><p class=\"alert-title\">Note</p>",
            "<th style=\"text-align:center\">",
            "type=\"checkbox\"",
            "checked",
            "<sup class=\"footnote-reference\"><a href=\"#1\">",
            "<div class=\"footnote-definition\" id=\"1\">",
            "<code class=\"language-rust\">",
            "<img src=\"x.png\" alt=\"A map\">",
            "<span id=\"mine\">",
            "<a href=\"a.md#why\">A</a>",
        ] {
            assert!(h.contains(kept), "{kept} missing from {h}");
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let quotes = ">".repeat(100_000);
        let r = md(&quotes);
        assert!(!r.html.is_empty());
        let list: String = (0..20_000)
            .map(|i| format!("{}- x\n", "  ".repeat(i % 500)))
            .collect();
        let _ = md(&list);
    }
}
