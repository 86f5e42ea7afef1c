//! Markdown to HTML: pure, with no knowledge of the site beyond a link resolver.
//!
//! One pass over pulldown-cmark's events gives the HTML, a table of contents, heading
//! ids, a word count, the plain text, and every link problem with its byte offset in
//! the body, for the caller to turn into `file:line:column`.

use pulldown_cmark::{
    BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

mod dialect;
pub mod inline;
pub mod local;
pub mod picture;
mod raw_html;
mod remote;
pub mod template_tag;

pub use inline::render_inline;

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
    /// The target is an image placebook cannot publish (damaged, of another type than
    /// its name says, too large): an error with this code.
    BadImage {
        /// `bad-image` or `image-too-large`.
        code: &'static str,
        /// What is wrong.
        message: String,
        /// What to do about it.
        suggestion: String,
    },
    /// The target is a preview on the author's own computer (`http://localhost:1111/`):
    /// kept as written, with a warning.
    LocalAddress {
        /// What is wrong.
        message: String,
        /// What to do about it.
        suggestion: String,
    },
    /// The target is a page in another language: write `href`, with a warning.
    OtherLanguage {
        /// The relative URL to write.
        href: String,
        /// What is wrong.
        message: String,
        /// What to do about it.
        suggestion: String,
    },
}

/// What a destination is the target of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// A link (`[text](dest)` or `<a href>`).
    Link,
    /// An image (`![alt](src)` or `<img src>`).
    Image,
}

/// Decides where links in a body point.
pub trait LinkResolver {
    /// Resolves a link or image destination as written in markdown or raw HTML.
    fn resolve(&self, dest: &str, kind: LinkKind) -> Resolution;

    /// How the image at `dest` (as written) is published, its addresses as the page
    /// writes them, when placebook processed it; and the `sizes` it is shown at.
    fn picture(&self, _dest: &str) -> Option<(crate::images::Picture, String)> {
        None
    }

    /// The file of the one page named `name` (`Oldham`, `Beta City`: its file name or
    /// slug), written from this page's folder, for a wiki link's help.
    fn page_named(&self, _name: &str) -> Option<String> {
        None
    }
}

/// A resolver that keeps every link as written.
pub struct KeepLinks;

impl LinkResolver for KeepLinks {
    fn resolve(&self, _dest: &str, _kind: LinkKind) -> Resolution {
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
    /// Byte offset in the body's plain text ([`RenderedBody::text`]) where the
    /// heading's text starts (for search's results per section).
    #[serde(skip)]
    pub text_at: usize,
}

/// A problem with a link, at a byte offset in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProblem {
    /// What kind of problem it is.
    pub kind: ProblemKind,
    /// Byte offset of the destination in the body.
    pub offset: usize,
    /// Length of the destination in characters.
    pub len: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub suggestion: Option<String>,
}

/// The kinds of problem a body's links, images, footnotes and ids can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// A link to a page or file that does not exist.
    BrokenLink,
    /// An image whose file does not exist.
    MissingImage,
    /// An image that cannot be read (damaged, another type than its name says).
    BadImage,
    /// An image too large to decode (or a decompression bomb).
    ImageTooLarge,
    /// A link to a draft: a warning, the text is kept unlinked.
    DraftLink,
    /// A footnote label defined twice.
    DuplicateFootnote,
    /// Raw HTML giving an id the page or theme already has.
    DuplicateId,
    /// Elements nested past [`MAX_NESTING`].
    TooDeep,
    /// A link to a page in another language: a warning, the link is kept.
    OtherLanguageLink,
    /// Text in angle brackets that is not an HTML element (`<insert name>`), which
    /// browsers hide: a warning.
    UnknownElement,
    /// A link to a preview on the author's own computer: a warning, the link is kept.
    LocalAddress,
    /// Another site generator's template tag (`{{ … }}`, `{% … %}`) in the text, which
    /// placebook does not run.
    TemplateTag,
    /// Markup of another markdown dialect (`!!! note`, `:::tip`, `{: .class}`) that
    /// readers would see as text: a warning.
    OtherDialect,
    /// A wiki link or embed (`[[Oldham]]`, `![[map.png]]`), as Obsidian writes them.
    WikiLink,
    /// A list pasted with bullets (`• item`), which markdown runs into one paragraph:
    /// a warning.
    PastedBullet,
    /// The markup Word adds to pasted text (`<o:p>`, `class="MsoNormal"`): a warning.
    WordMarkup,
    /// An image loaded from another site each time the page is opened: a warning.
    RemoteImage,
    /// Another site's page embedded in this one (`<iframe>`): a warning.
    EmbeddedPage,
    /// A heading that skips a level, or a second level-1 heading: a warning.
    HeadingLevel,
}

/// How deeply a body's elements may nest: far past anything a person writes, and low
/// enough that every later step (the sanitiser, browsers) stays fast.
pub const MAX_NESTING: usize = 100;

impl LinkProblem {
    /// Errors fail the build; warnings (links to drafts or to another language) do not.
    pub fn is_error(&self) -> bool {
        !matches!(
            self.kind,
            ProblemKind::DraftLink
                | ProblemKind::OtherLanguageLink
                | ProblemKind::UnknownElement
                | ProblemKind::LocalAddress
                | ProblemKind::OtherDialect
                | ProblemKind::PastedBullet
                | ProblemKind::WordMarkup
                | ProblemKind::RemoteImage
                | ProblemKind::EmbeddedPage
                | ProblemKind::HeadingLevel
        )
    }
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

impl AnchorCheck {
    /// The check that page `target` (`usize::MAX`: this page) has the id `id`, for the
    /// destination at `(offset, len)`.
    fn new((offset, len): (usize, usize), target: usize, id: String) -> Self {
        AnchorCheck {
            offset,
            len,
            target,
            id,
        }
    }
}

/// An image, for checks such as missing alt text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Byte offset in the body.
    pub offset: usize,
    /// The alt text.
    pub alt: String,
    /// Its address as written (`photos/IMG_2041.jpg`).
    pub src: String,
    /// Whether the author marked it as decoration (see [`DECORATIVE`]).
    pub decorative: bool,
}

/// The title that marks a markdown image as decoration, `![](border.png "decorative")`
/// (any letter case): it is published with empty alt text and no title, and no check
/// asks for alt text.
pub const DECORATIVE: &str = "decorative";

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
    /// The page's lead image (`image:` in its front matter), when it has one that can
    /// be shown.
    pub lead: Option<LeadImage>,
}

/// A page's lead image, as its page and its social card show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadImage {
    /// The `<picture>` that shows it, addresses from the site root marker.
    pub html: String,
    /// The output path of the copy a social card shows (JPEG or PNG, about 1,200
    /// pixels wide when there is one).
    pub card: String,
    /// That copy's width.
    pub width: u32,
    /// That copy's height.
    pub height: u32,
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

/// Ids a page's content may not take, because the page around it (the theme) uses
/// them: exact ids, and prefixes of ids the theme numbers (`dx-` for `dx-{{ n }}`).
/// Footnotes take `fn-`. Headings that would take one get a suffix; raw HTML that
/// takes one is an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReservedIds {
    exact: HashSet<String>,
    prefixes: Vec<String>,
}

impl Default for ReservedIds {
    fn default() -> Self {
        ReservedIds::new(std::iter::empty(), std::iter::empty())
    }
}

impl ReservedIds {
    /// The theme's `exact` ids and id `prefixes`, with the ones every page has.
    pub fn new(
        exact: impl IntoIterator<Item = String>,
        prefixes: impl IntoIterator<Item = String>,
    ) -> Self {
        let mut all: HashSet<String> = RESERVED_IDS.iter().map(|s| (*s).to_owned()).collect();
        all.extend(exact);
        let mut prefixes: Vec<String> = prefixes.into_iter().collect();
        prefixes.push(FOOTNOTE_PREFIX.to_owned());
        prefixes.sort();
        prefixes.dedup();
        ReservedIds {
            exact: all,
            prefixes,
        }
    }

    /// True when ids starting like `id` are the theme's (whatever follows).
    pub fn reserves_start_of(&self, id: &str) -> bool {
        self.prefixes.iter().any(|p| id.starts_with(p.as_str()))
    }

    /// True when content may not use `id`.
    pub fn contains(&self, id: &str) -> bool {
        self.exact.contains(id) || self.prefixes.iter().any(|p| id.starts_with(p.as_str()))
    }
}

/// What footnote ids start with, so that `[^main]` cannot take the page's `main`.
const FOOTNOTE_PREFIX: &str = "fn-";

/// The markdown extensions placebook enables.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_DEFINITION_LIST
}

/// A heading being read: its attributes, events and text, held until its end.
struct HeadingBuf<'a> {
    level: HeadingLevel,
    id: Option<String>,
    classes: Vec<String>,
    attrs: Vec<(String, Option<String>)>,
    events: Vec<Event<'a>>,
    text: String,
    /// Byte offset in the body's plain text where the heading's text starts.
    text_at: usize,
    /// Byte offset in the body where the heading is written.
    at: usize,
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
            text_at: 0,
            at: 0,
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

/// Renders a markdown body, keeping clear of the ids every page has. With
/// `take_title`, the first level-1 heading is removed from the HTML and returned as
/// [`RenderedBody::title`].
pub fn render(body: &str, resolver: &dyn LinkResolver, take_title: bool) -> RenderedBody {
    render_around(body, resolver, take_title, &ReservedIds::default())
}

/// Renders a markdown body that a theme will show among its own `reserved` ids.
pub fn render_around(
    body: &str,
    resolver: &dyn LinkResolver,
    take_title: bool,
    reserved: &ReservedIds,
) -> RenderedBody {
    let mut renderer = BodyRenderer::new(body, resolver, take_title, reserved);
    if let Some(offset) = quotes_too_deep(body) {
        // Refused before parsing: the parser's time grows faster than the nesting.
        renderer.depth = MAX_NESTING;
        renderer.note_depth(&Event::Start(Tag::BlockQuote(None)), &(offset..offset + 1));
        return renderer.finish();
    }
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        renderer.event(event, range);
    }
    renderer.finish()
}

/// Where a line opens more than [`MAX_NESTING`] block quotes (`>>>>...`), if one does.
fn quotes_too_deep(body: &str) -> Option<usize> {
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let mut quotes = 0;
        for (i, b) in line.bytes().enumerate() {
            match b {
                b'>' => quotes += 1,
                b' ' | b'\t' => {}
                _ => break,
            }
            if quotes > MAX_NESTING {
                return Some(offset + i);
            }
        }
        offset += line.len();
    }
    None
}

/// One body's rendering in progress: what is found so far, the events to write, and
/// where the parser is (in a heading, a link, an image, a code block).
struct BodyRenderer<'a, 'r> {
    body: &'a str,
    resolver: &'r dyn LinkResolver,
    take_title: bool,
    reserved: &'r ReservedIds,
    /// The footnote labels defined so far.
    footnotes: HashSet<String>,
    /// For each heading id asked for twice or more, the next suffix to try, so that
    /// many equal headings take linear time.
    next_suffix: HashMap<String, usize>,
    /// How many elements are open.
    depth: usize,
    found: RenderedBody,
    /// The events to write as HTML, headings already written out.
    out: Vec<Event<'a>>,
    /// The heading being read, whose events wait until its id is known.
    heading: Option<HeadingBuf<'a>>,
    /// For each open link, whether it is written (an unlinked draft's is not).
    link_kept: Vec<bool>,
    /// The open image: its offset, alt text so far, address as written, and whether it
    /// is marked as decoration.
    image_alt: Option<(usize, String, String, bool)>,
    /// The open image's published copies, `sizes` and title, when it is written as a
    /// `<picture>` (its alt text's events are then not written).
    picture: Option<(crate::images::Picture, String, String)>,
    in_code_block: bool,
    /// Where the last template tag reported ends, so a tag is reported once.
    template_tag_end: usize,
    /// Inside a wiki embed (`![[map.png]]`), whose start was not written.
    wiki_embed_open: bool,
    /// Where the last line of a pasted bulleted list seen ends, so a list is reported
    /// once.
    bullet_list_end: Option<usize>,
    /// Whether Word's markup was reported, so a page gets one warning for it.
    word_markup_seen: bool,
    /// The level of the heading before (1: the page's title).
    heading_level: usize,
    /// Whether a heading of the body was seen.
    heading_seen: bool,
}

impl<'a, 'r> BodyRenderer<'a, 'r> {
    /// A renderer for `body`, nothing read yet.
    fn new(
        body: &'a str,
        resolver: &'r dyn LinkResolver,
        take_title: bool,
        reserved: &'r ReservedIds,
    ) -> Self {
        BodyRenderer {
            body,
            resolver,
            take_title,
            reserved,
            footnotes: HashSet::new(),
            next_suffix: HashMap::new(),
            depth: 0,
            found: RenderedBody::default(),
            out: Vec::new(),
            heading: None,
            link_kept: Vec::new(),
            image_alt: None,
            picture: None,
            in_code_block: false,
            template_tag_end: 0,
            wiki_embed_open: false,
            bullet_list_end: None,
            word_markup_seen: false,
            heading_level: 1,
            heading_seen: false,
        }
    }

    /// Takes one parser event: rewrites or holds it back, notes its text, and queues it.
    #[inline]
    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        self.note_depth(&event, &range);
        if self.picture.is_some() && !matches!(event, Event::End(TagEnd::Image)) {
            // The alt text of an image written as a `<picture>`: noted, not written.
            self.note_text(&event);
            return;
        }
        if let Some(event) = self.rewrite(event, &range) {
            self.note_text(&event);
            match self.heading.as_mut() {
                Some(h) => h.events.push(event),
                None => self.out.push(event),
            }
        }
    }

    /// Follows how deeply elements are nested, and notes a body nested past
    /// [`MAX_NESTING`] once, at the first element too deep.
    #[inline]
    fn note_depth(&mut self, event: &Event<'a>, range: &Range<usize>) {
        match event {
            Event::Start(_) => {
                self.depth += 1;
                if self.depth == MAX_NESTING + 1 {
                    self.found.problems.push(LinkProblem {
                        kind: ProblemKind::TooDeep,
                        offset: range.start,
                        len: 1,
                        message: format!("the text here is nested more than {MAX_NESTING} levels deep (quotes, lists or emphasis inside one another)"),
                        suggestion: Some("nest less deeply; no reader can follow that many levels".into()),
                    });
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
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
                let mut h = HeadingBuf::new(level, id, &classes, &attrs);
                h.text_at = self.found.text.len();
                h.at = range.start;
                self.heading = Some(h);
                return None;
            }
            Event::End(TagEnd::Heading(_)) => {
                self.end_heading();
                return None;
            }
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => return self.wiki_link(&dest_url, range, LinkKind::Link),
            Event::Start(Tag::Image {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => return self.wiki_link(&dest_url, range, LinkKind::Image),
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
            }) => return self.start_image((link_type, dest_url, title, id), range),
            Event::End(TagEnd::Image) if self.wiki_embed_open => {
                self.wiki_embed_open = false;
                return None;
            }
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
            Event::FootnoteReference(label) => {
                Event::FootnoteReference(format!("{FOOTNOTE_PREFIX}{label}").into())
            }
            Event::Start(Tag::FootnoteDefinition(label)) => self.footnote_definition(&label, range),
            Event::Text(t) if !self.in_code_block => self.text_of_other_tools(t, range),
            Event::Html(h) | Event::InlineHtml(h) => {
                self.raw_html_ids(&h, range);
                self.raw_html_unknown_elements(&h, range);
                self.raw_html_embeds(&h, range);
                Event::Html(self.raw_html_links(h, range))
            }
            e => e,
        })
    }

    /// The start of an image (type, address, title, id), its address resolved; `None`
    /// when it is written whole at its end, as a `<picture>`.
    fn start_image(
        &mut self,
        (link_type, dest_url, title, id): (LinkType, CowStr<'a>, CowStr<'a>, CowStr<'a>),
        range: &Range<usize>,
    ) -> Option<Event<'a>> {
        let decorative = title.trim().eq_ignore_ascii_case(DECORATIVE);
        if let Some((picture, sizes)) = self.resolver.picture(&dest_url) {
            self.image_source(dest_url, range, decorative);
            let title = if decorative {
                String::new()
            } else {
                title.to_string()
            };
            self.picture = Some((picture, sizes, title));
            return None;
        }
        Some(Event::Start(Tag::Image {
            link_type,
            dest_url: self.image_source(dest_url, range, decorative),
            title: if decorative { "".into() } else { title },
            id,
        }))
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
                if let Some((_, alt, _, _)) = self.image_alt.as_mut() {
                    alt.push_str(t);
                }
                if !self.in_code_block {
                    self.found.words += count_words(t);
                }
                push_text(&mut self.found.text, t);
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            ) => {
                push_text(&mut self.found.text, " ");
            }
            _ => {}
        }
    }

    /// Ends the heading being read: the page's title when it is the first level-1
    /// heading and `take_title` is set, else written out with its id and anchor.
    fn end_heading(&mut self) {
        let Some(h) = self.heading.take() else {
            push_text(&mut self.found.text, " ");
            return;
        };
        // A heading's text must not run into the next paragraph's: a full stop ends it
        // in the plain text (search excerpts) unless it ends with punctuation of its own.
        let text = h.text.trim_end();
        if !text.is_empty() && !text.ends_with(['.', '!', '?', ':', ';', '…']) {
            let kept = self.found.text.trim_end().len();
            self.found.text.truncate(kept);
            self.found.text.push('.');
        }
        push_text(&mut self.found.text, " ");
        if self.take_title && self.found.title.is_none() && h.level == HeadingLevel::H1 {
            self.found.title = Some(h.text.trim().to_owned());
        } else {
            self.check_heading_level(&h);
            let id = unique_heading_id(
                &h,
                &mut self.found.ids,
                self.reserved,
                &mut self.next_suffix,
            );
            let html = finish_heading(h, id, &mut self.found);
            self.out.push(Event::Html(html.into()));
        }
    }

    /// A warning for a heading more than one level below the heading before it (the
    /// page's title is the level-1 heading before the first), or a second level-1
    /// heading: screen readers list a page's headings by level.
    fn check_heading_level(&mut self, h: &HeadingBuf) {
        let level = h.level as usize;
        let before = std::mem::replace(&mut self.heading_level, level);
        let first = !std::mem::replace(&mut self.heading_seen, true);
        let text = h.text.trim();
        let (message, help) = if level == 1 {
            (
                "this level-1 heading is a second title: the page's title is already its level-1 heading, so screen readers find two".to_owned(),
                format!("start the line with `##` instead (`## {text}`), or delete it if it only repeats the page's title"),
            )
        } else if level > before + 1 {
            let whose = if first { " (the page's title)" } else { "" };
            (
                format!(
                    "this heading is level {level}, but the heading before it is level {before}{whose}: screen readers list a page's headings by level, and a skipped level reads as a missing section"
                ),
                format!(
                    "make it level {}: `{} {text}`",
                    before + 1,
                    "#".repeat(before + 1)
                ),
            )
        } else {
            return;
        };
        self.found.problems.push(LinkProblem {
            kind: ProblemKind::HeadingLevel,
            offset: h.at,
            len: heading_marker_len(self.body, h.at),
            message,
            suggestion: Some(help),
        });
    }

    /// Where a link goes, or `None` when it is unlinked (its text stays, unlinked).
    fn link_destination(&mut self, dest: &CowStr<'a>, range: &Range<usize>) -> Option<CowStr<'a>> {
        let offset = dest_offset(self.body, range, dest);
        let href = resolve_into(
            self.resolver,
            (dest, LinkKind::Link),
            offset,
            &mut self.found,
        );
        self.link_kept.push(href.is_some());
        href
    }

    /// Nothing to write for the start of a wiki link or embed (`[[Oldham]]`,
    /// `![[map.png]]`, as Obsidian writes them): an error saying how to write it, the
    /// link's words kept as text.
    fn wiki_link(&mut self, name: &str, range: &Range<usize>, kind: LinkKind) -> Option<Event<'a>> {
        let written = self.body.get(range.clone()).unwrap_or(name);
        let (page, fragment) = name.split_once('#').unwrap_or((name, ""));
        let fragment = if fragment.is_empty() {
            String::new()
        } else {
            format!("#{}", crate::slug::slugify(fragment))
        };
        let (message, suggestion) = if kind == LinkKind::Image {
            self.wiki_embed_open = true;
            (
                format!(
                    "`{written}` is a wiki embed (as Obsidian writes them), which placebook's markdown does not have"
                ),
                format!(
                    "write it as an image with words saying what it shows: `![What the picture shows]({page})`"
                ),
            )
        } else {
            // `[[page|words]]` shows the words.
            let words = written
                .trim_end_matches("]]")
                .split_once('|')
                .map_or(page, |(_, w)| w);
            let help = match self.resolver.page_named(page) {
                Some(file) => format!("link to the page's file: `[{words}]({file}{fragment})`"),
                None => format!(
                    "link to the page's file, as in `[{words}](other-page.md)`; no page here is named `{page}`"
                ),
            };
            (
                format!(
                    "`{written}` is a wiki link (as Obsidian writes them), which placebook's markdown does not have: readers would see its words without a link"
                ),
                help,
            )
        };
        self.found.problems.push(LinkProblem {
            kind: ProblemKind::WikiLink,
            offset: range.start,
            len: written.chars().count(),
            message,
            suggestion: Some(suggestion),
        });
        if kind == LinkKind::Link {
            self.link_kept.push(false);
        }
        None
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
    fn image_source(
        &mut self,
        dest: CowStr<'a>,
        range: &Range<usize>,
        decorative: bool,
    ) -> CowStr<'a> {
        let offset = dest_offset(self.body, range, &dest);
        self.image_alt = Some((range.start, String::new(), dest.to_string(), decorative));
        resolve_into(
            self.resolver,
            (&dest, LinkKind::Image),
            offset,
            &mut self.found,
        )
        .unwrap_or(dest)
    }

    /// The start of a footnote's text, its id prefixed; a label defined twice is an error
    /// (its two ids would be equal).
    fn footnote_definition(&mut self, label: &str, range: &Range<usize>) -> Event<'a> {
        let id = format!("{FOOTNOTE_PREFIX}{label}");
        if !self.footnotes.insert(label.to_owned()) {
            self.found.problems.push(LinkProblem {
                kind: ProblemKind::DuplicateFootnote,
                offset: range.start,
                len: label.chars().count() + 3,
                message: format!("the footnote `[^{label}]` is defined twice on this page"),
                suggestion: Some(format!(
                    "keep one `[^{label}]:` definition, or give the other a label of its own"
                )),
            });
        }
        self.found.ids.insert(id.clone());
        Event::Start(Tag::FootnoteDefinition(id.into()))
    }

    /// Notes the ids raw HTML gives; one the page already has, or the theme uses, is an
    /// error, since ids in a page must be unique.
    fn raw_html_ids(&mut self, html: &str, range: &Range<usize>) {
        for id in html_ids(html) {
            if self.reserved.contains(id) || self.found.ids.contains(id) {
                let source = self.body.get(range.clone()).unwrap_or("");
                let offset = range.start + source.find(id).unwrap_or(0);
                let whose = if self.reserved.contains(id) {
                    "the theme"
                } else {
                    "this page"
                };
                self.found.problems.push(LinkProblem {
                    kind: ProblemKind::DuplicateId,
                    offset,
                    len: id.chars().count().max(1),
                    message: format!("the id `{id}` is already used by {whose}"),
                    suggestion: Some(format!("give the element another id, e.g. `{id}-1`")),
                });
            } else {
                self.found.ids.insert(id.to_owned());
            }
        }
    }

    /// A warning for each page of another site embedded in raw HTML (`<iframe
    /// src="https://…">`), which readers without internet see as an empty box.
    fn raw_html_embeds(&mut self, html: &str, range: &Range<usize>) {
        let source = self.body.get(range.clone()).unwrap_or("");
        for embed in raw_html::embeds(html) {
            let src = &html[embed.src];
            let Some(host) = remote::web_host(src) else {
                continue;
            };
            let (message, help) = remote::embed_message(embed.element, src, host, embed.titled);
            self.found.problems.push(LinkProblem {
                kind: ProblemKind::EmbeddedPage,
                offset: range.start + source.find(src).unwrap_or(0),
                len: src.chars().count().max(1),
                message,
                suggestion: Some(help),
            });
        }
    }

    /// A warning for each tag of raw HTML that is no HTML element (`<insert name>`,
    /// `<theme>`): the author meant the words, and browsers would hide them.
    fn raw_html_unknown_elements(&mut self, html: &str, range: &Range<usize>) {
        let source = self.body.get(range.clone()).unwrap_or("");
        if let Some(at) = raw_html::office_markup(source) {
            self.word_markup(
                range.start + at,
                source[at..].split(['>', ' ']).next().unwrap_or(""),
            );
        }
        for tag in raw_html::unknown_elements(html) {
            let offset = range.start + source.find(&tag).unwrap_or(0);
            if raw_html::is_office_tag(&tag) {
                continue;
            }
            let escaped = tag.replace('<', "&lt;").replace('>', "&gt;");
            self.found.problems.push(LinkProblem {
                kind: ProblemKind::UnknownElement,
                offset,
                len: tag.chars().count(),
                message: format!(
                    "`{tag}` is not HTML, so browsers hide it instead of showing the words"
                ),
                suggestion: Some(format!(
                    "to show it as written, put it in backticks (`{tag}`) or write `{escaped}`"
                )),
            });
        }
    }

    /// A warning, once for the page, that it holds the markup Word adds to text pasted
    /// from it (`<o:p>`, `class="MsoNormal"`), the first at `offset` (`marker`).
    fn word_markup(&mut self, offset: usize, marker: &str) {
        if self.word_markup_seen {
            return;
        }
        self.word_markup_seen = true;
        self.found.problems.push(LinkProblem {
            kind: ProblemKind::WordMarkup,
            offset,
            len: marker.chars().count().max(1),
            message: format!("`{marker}` is markup Word adds to text pasted from it: readers do not see it, but it keeps Word's fonts and spacing in the page"),
            suggestion: Some("paste the text again as plain text (Ctrl+Shift+V, or Cmd+Shift+Option+V on a Mac), or delete the HTML tags around it and write it as markdown".to_owned()),
        });
    }

    /// `text` as it is, with what in it belongs to other tools noted: template tags,
    /// and other dialects' markup.
    fn text_of_other_tools(&mut self, text: CowStr<'a>, range: &Range<usize>) -> Event<'a> {
        self.template_tags(range);
        self.other_dialect(range.start);
        Event::Text(text)
    }

    /// A warning for a list pasted with `bullet`s whose first line starts at `start`,
    /// unless the line before was one of the same list.
    fn pasted_bullets(&mut self, start: usize, bullet: char) {
        let line_end = self.body[start..]
            .find('\n')
            .map_or(self.body.len(), |i| start + i);
        let same_list = self.bullet_list_end.is_some_and(|end| end + 1 == start);
        self.bullet_list_end = Some(line_end);
        if same_list {
            return;
        }
        self.found.problems.push(LinkProblem {
            kind: ProblemKind::PastedBullet,
            offset: start,
            len: 1,
            message: format!("lines starting with `{bullet}` are not a list in markdown: readers would see them run together in one paragraph"),
            suggestion: Some(format!("start each item with `- ` (a hyphen and a space) instead of `{bullet} `, with a blank line before the list")),
        });
    }

    /// An error for each template tag of another site generator that opens in the text
    /// at `range` (`{{ "/about/" | relative_url }}`): placebook does not run it, and
    /// readers would see it as written.
    fn template_tags(&mut self, range: &Range<usize>) {
        // The text and the byte after it: markdown gives a `<` as a text of its own,
        // so `<%` may start at the text's last byte.
        let source = self
            .body
            .get(range.start..range.end + 1)
            .or_else(|| self.body.get(range.clone()))
            .unwrap_or("");
        // One quick search for a brace or `<`: most text has neither.
        if memchr::memchr2(b'{', b'<', source.as_bytes()).is_none()
            || (!source.contains("{{") && !source.contains("{%") && !source.contains("<%"))
        {
            return;
        }
        let from = range.start.max(self.template_tag_end);
        for tag in template_tag::tags_in(self.body, from..range.end.max(from)) {
            self.template_tag_end = tag.range.end;
            if template_tag::is_escaped(self.body, tag.range.start) {
                continue;
            }
            let written = &self.body[tag.range.clone()];
            let shown = template_tag::shown(written);
            let address = template_tag::address_for(self.body, &tag);
            let found =
                address
                    .as_deref()
                    .and_then(|a| match self.resolver.resolve(a, LinkKind::Link) {
                        Resolution::Broken { suggestion, .. } => {
                            suggestion.filter(|s| s.starts_with("did you mean"))
                        }
                        _ => None,
                    });
            let suggestion = template_tag::help_for(written, address.as_deref(), found.as_deref());
            self.found.problems.push(LinkProblem {
                kind: ProblemKind::TemplateTag,
                offset: tag.range.start,
                len: written.chars().count(),
                message: format!("`{shown}` is a template tag from another site generator (Jekyll's Liquid, a Hugo shortcode, or ERB as in GOV.UK's Tech Docs Template); placebook does not run it, so readers would see it as written"),
                suggestion: Some(suggestion),
            });
        }
    }

    /// A warning when text starting a line at `start` is markup of another markdown
    /// dialect (an MkDocs admonition, a Docusaurus container, a kramdown attribute list)
    /// or a list pasted with bullets (one warning for the lines in a row that have them).
    fn other_dialect(&mut self, start: usize) {
        // The first text of its line: only colons and spaces may come before it (a
        // definition list takes `:::tip`'s first colon for its own). Read back over
        // those alone, so a long line is not read again for each of its texts.
        let before = &self.body.as_bytes()[..start];
        let prefix = before
            .iter()
            .rev()
            .take_while(|b| **b == b':' || **b == b' ')
            .count();
        let line_start = start - prefix;
        if line_start > 0 && before[line_start - 1] != b'\n' {
            return;
        }
        let start = line_start;
        let rest = &self.body[start..];
        if let Some(bullet) = dialect::pasted_bullet(rest) {
            self.pasted_bullets(start, bullet);
            return;
        }
        let Some(d) = dialect::at_line_start(rest) else {
            return;
        };
        self.found.problems.push(LinkProblem {
            kind: ProblemKind::OtherDialect,
            offset: start,
            len: d.marker.chars().count(),
            message: format!(
                "`{}` is {}, which placebook's markdown does not have: readers would see it as text",
                d.marker, d.whose
            ),
            suggestion: Some(d.help.to_owned()),
        });
    }

    /// Raw HTML with its `<a href>` and `<img src>` checked and rewritten like markdown
    /// links (a link to `other.md` becomes a link to that page).
    fn raw_html_links(&mut self, html: CowStr<'a>, range: &Range<usize>) -> CowStr<'a> {
        let targets = raw_html::targets(&html);
        if targets.is_empty() {
            return html;
        }
        let source = self.body.get(range.clone()).unwrap_or("");
        let mut out = String::with_capacity(html.len());
        let mut last = 0;
        for (value, kind) in targets {
            let dest: CowStr<'a> = CowStr::from(html[value.clone()].to_owned());
            let offset = range.start + source.find(&*dest).unwrap_or(0);
            let href = resolve_into(self.resolver, (&dest, kind), offset, &mut self.found);
            out.push_str(&html[last..value.start]);
            out.push_str(href.as_deref().unwrap_or(&dest));
            last = value.end;
        }
        out.push_str(&html[last..]);
        out.into()
    }

    /// Ends an image, recording it with its alt text; an image with published copies is
    /// written whole, as a `<picture>` (lazy unless it is the body's first image).
    fn end_image(&mut self) -> Event<'a> {
        if let Some((picture, sizes, title)) = self.picture.take() {
            let (alt, decorative) = self
                .image_alt
                .as_ref()
                .map_or(("", false), |(_, alt, _, d)| (alt.as_str(), *d));
            let html = picture::html(&picture::Shown {
                picture: &picture,
                alt: if decorative { "" } else { alt },
                title: &title,
                lazy: !self.found.images.is_empty(),
                sizes: &sizes,
            });
            self.record_image();
            return Event::InlineHtml(html.into());
        }
        self.record_image();
        Event::End(TagEnd::Image)
    }

    /// Records the open image with its alt text.
    fn record_image(&mut self) {
        if let Some((offset, alt, src, decorative)) = self.image_alt.take() {
            self.found.images.push(ImageRef {
                offset,
                alt,
                src,
                decorative,
            });
        }
    }

    /// Writes the HTML and finishes the plain text.
    fn finish(self) -> RenderedBody {
        let mut r = self.found;
        // `#top`, `#main`: the theme's own ids are on every page, so links to them work.
        let reserved = self.reserved;
        r.anchor_checks
            .retain(|a| a.target != usize::MAX || !reserved.exact.contains(&a.id));
        r.html.reserve(self.body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut r.html, self.out.into_iter());
        if memchr::memmem::find(r.html.as_bytes(), b"<table>").is_some() {
            r.html = wrap_tables(&r.html);
        }
        if r.text.ends_with(' ') {
            r.text.pop();
        }
        // No shrinking: the per-page step keeps the HTML and text packed
        // (`model::body::Body`), and drops these.
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

/// The problem of an image placebook cannot publish, at `offset` for `len` characters.
fn bad_image(
    code: &str,
    message: String,
    suggestion: String,
    (offset, len): (usize, usize),
) -> LinkProblem {
    LinkProblem {
        kind: if code == "image-too-large" {
            ProblemKind::ImageTooLarge
        } else {
            ProblemKind::BadImage
        },
        offset,
        len,
        message,
        suggestion: Some(suggestion),
    }
}

/// Resolves one destination, noting its problems and anchors in `r`: the address to
/// write, or `None` when the link is dropped (its text kept).
fn resolve_into<'a>(
    resolver: &dyn LinkResolver,
    (dest, kind): (&CowStr<'a>, LinkKind),
    offset: usize,
    r: &mut RenderedBody,
) -> Option<CowStr<'a>> {
    let len = dest.chars().count().max(1);
    let mut note = |kind: ProblemKind, message: String, suggestion: Option<String>| {
        r.problems.push(LinkProblem {
            kind,
            offset,
            len,
            message,
            suggestion,
        });
    };
    if let Some((message, suggestion)) = template_tag::in_address(dest) {
        note(ProblemKind::TemplateTag, message, Some(suggestion));
        return Some(dest.clone());
    }
    match resolver.resolve(dest, kind) {
        Resolution::Keep => {
            if let Some((message, help)) = remote::image_problem(dest, kind) {
                note(ProblemKind::RemoteImage, message, Some(help));
            }
            Some(dest.clone())
        }
        Resolution::Rewrite { href, anchor } => {
            if let Some((target, id)) = anchor {
                r.anchor_checks
                    .push(AnchorCheck::new((offset, len), target, id));
            }
            Some(href.into())
        }
        Resolution::SamePage(id) => {
            r.anchor_checks
                .push(AnchorCheck::new((offset, len), usize::MAX, id));
            Some(dest.clone())
        }
        Resolution::Broken {
            message,
            suggestion,
        } => {
            let problem = match kind {
                LinkKind::Link => ProblemKind::BrokenLink,
                LinkKind::Image => ProblemKind::MissingImage,
            };
            note(problem, message, suggestion);
            Some(dest.clone())
        }
        Resolution::BadImage {
            code,
            message,
            suggestion,
        } => {
            r.problems
                .push(bad_image(code, message, suggestion, (offset, len)));
            Some(dest.clone())
        }
        Resolution::LocalAddress {
            message,
            suggestion,
        } => {
            note(ProblemKind::LocalAddress, message, Some(suggestion));
            Some(dest.clone())
        }
        Resolution::OtherLanguage {
            href,
            message,
            suggestion,
        } => {
            note(ProblemKind::OtherLanguageLink, message, Some(suggestion));
            Some(href.into())
        }
        Resolution::Unlink { message } => {
            note(ProblemKind::DraftLink, message, None);
            None
        }
    }
}

/// The length in characters of the heading marker at byte `at` of `body`: its `#`s, or
/// the line of an underlined heading.
fn heading_marker_len(body: &str, at: usize) -> usize {
    let line = body.get(at..).unwrap_or("").lines().next().unwrap_or("");
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if hashes > 0 {
        hashes
    } else {
        line.trim_end().chars().count().max(1)
    }
}

/// The byte offset of a destination inside the link's source text (or the link's start).
fn dest_offset(body: &str, range: &Range<usize>, dest: &str) -> usize {
    let Some(s) = body.get(range.clone()) else {
        return range.start;
    };
    let found = if dest.is_empty() { None } else { s.rfind(dest) };
    // Where an inline link's destination is written: after `](`. Escapes make it
    // longer than the one read (`\\\\server` is read as `\\server`).
    let written = s
        .ends_with(')')
        .then(|| s.rfind("]("))
        .flatten()
        .map(|i| s.len() - s[i + 2..].trim_start().len());
    let at = match (found, written) {
        (Some(f), Some(w)) if f > w && s[w..f].bytes().all(|b| b == b'\\') => w,
        (Some(f), _) => f,
        (None, Some(w)) => w,
        (None, None) => return range.start,
    };
    range.start + at
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

/// The id of heading `h`: its own `{#id}`, else its text as a slug, made unique among
/// `taken` and clear of `reserved` with a suffix (`-1`, `-2`, ...), and added to `taken`.
fn unique_heading_id(
    h: &HeadingBuf,
    taken: &mut HashSet<String>,
    reserved: &ReservedIds,
    next_suffix: &mut HashMap<String, usize>,
) -> String {
    let base = match &h.id {
        Some(id) => id.clone(),
        None => {
            let s = crate::slug::slugify(&h.text);
            if s.is_empty() {
                "section".to_owned()
            } else {
                s
            }
        }
    };
    // A suffix cannot free an id whose start the theme reserves (`dx-`), a prefix can.
    let base = if reserved.reserves_start_of(&base) {
        format!("section-{base}")
    } else {
        base
    };
    let mut id = base.clone();
    let next = next_suffix.entry(base.clone()).or_insert(1);
    while taken.contains(&id) || reserved.contains(&id) {
        id = format!("{base}-{next}");
        *next += 1;
    }
    taken.insert(id.clone());
    id
}

/// Heading `h` written out with its `id`, anchor link and table-of-contents entry.
fn finish_heading(h: HeadingBuf, id: String, r: &mut RenderedBody) -> String {
    let level = h.level as u8;
    let title = h.text.trim().to_owned();
    if level == 2 || level == 3 {
        r.toc.push(TocEntry {
            level,
            id: id.clone(),
            title: title.clone(),
            text_at: h.text_at,
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
/// The values of the `id="..."` attributes in a piece of HTML.
fn html_ids(html: &str) -> Vec<&str> {
    let mut ids = Vec::new();
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
            ids.push(&rest[1..1 + end]);
            rest = &rest[1 + end..];
        }
    }
    ids
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
    b.add_tags(["input", "section", "picture", "source"])
        .add_generic_attributes(["id"])
        .link_rel(None)
        .add_tag_attributes("a", ["aria-label"])
        .add_tag_attributes("div", ["role", "tabindex"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("img", ["srcset", "sizes", "loading", "decoding"])
        .add_tag_attributes("source", ["type", "srcset", "sizes"])
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .filter_style_properties(HashSet::from(["text-align"]))
        .tag_attribute_values(HashMap::from([
            (
                "input",
                HashMap::from([("type", HashSet::from(["checkbox"]))]),
            ),
            (
                "div",
                HashMap::from([
                    ("role", HashSet::from(["note"])),
                    ("tabindex", HashSet::from(["0"])),
                ]),
            ),
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
                "table-scroll",
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

/// The address schemes a link may use: web pages, email and telephone. A relative
/// address (no scheme) is safe too. Anything else (`javascript:`, `data:`, `vbscript:`,
/// `file:`) is refused wherever a URL reaches `href` or `src`.
pub const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// True when `url` is relative or uses one of [`SAFE_SCHEMES`]. Tabs, line breaks and
/// control characters, which browsers ignore inside a scheme, are ignored here too.
pub fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_ascii_control() && !c.is_whitespace())
        .collect();
    let Some(colon) = cleaned.find(':') else {
        return true;
    };
    let scheme = &cleaned[..colon];
    let is_scheme = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    let before_path = !cleaned[..colon].contains(['/', '?', '#']);
    !(is_scheme && before_path) || SAFE_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())
}

/// The box a table scrolls in when it is wider than the page, focusable so that a
/// keyboard can scroll it (WCAG 2.1.1).
pub const TABLE_BOX: &str = "<div class=\"table-scroll\" tabindex=\"0\">";

/// `html` with each table markdown wrote (`<table>`, never raw HTML's `<table class=…>`)
/// in a [`TABLE_BOX`]; text cannot hold `<table>`, which markdown escapes.
fn wrap_tables(html: &str) -> String {
    // memchr's vectorised search, each tag looked for again only after it is passed.
    let opening = memchr::memmem::Finder::new("<table");
    let closing = memchr::memmem::Finder::new("</table>");
    let find_from = |f: &memchr::memmem::Finder, at: usize| {
        f.find(&html.as_bytes()[at..])
            .map_or(usize::MAX, |i| at + i)
    };
    let mut out = String::with_capacity(html.len() + 64);
    let mut open: Vec<bool> = Vec::new();
    let (mut at, mut next_open, mut next_close) =
        (0, find_from(&opening, 0), find_from(&closing, 0));
    while next_open.min(next_close) != usize::MAX {
        let i = next_open.min(next_close);
        out.push_str(&html[at..i]);
        if i == next_close {
            out.push_str("</table>");
            if open.pop().unwrap_or(false) {
                out.push_str("</div>");
            }
            at = i + "</table>".len();
            next_close = find_from(&closing, at);
        } else {
            let ours = html[i..].starts_with("<table>");
            if ours {
                out.push_str(TABLE_BOX);
            }
            open.push(ours);
            out.push_str("<table");
            at = i + "<table".len();
            next_open = find_from(&opening, at);
        }
    }
    out.push_str(&html[at..]);
    out
}

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
mod table_box_tests {
    use super::*;

    #[test]
    fn only_markdown_tables_get_a_box_and_every_box_is_closed() {
        let html = "<table><tr><td><table class=\"raw\"><tr><td>x</td></tr></table></td></tr></table><p>&lt;table&gt;</p>";
        assert_eq!(
            wrap_tables(html),
            format!(
                "{TABLE_BOX}<table><tr><td><table class=\"raw\"><tr><td>x</td></tr></table></td></tr></table></div><p>&lt;table&gt;</p>"
            )
        );
        assert_eq!(wrap_tables("<tablet></table>"), "<tablet></table>");
    }

    /// The first way of wrapping, searching the rest for both tags at each step: the
    /// one above must give the same output for any mix of tags.
    fn wrap_tables_by_scanning(html: &str) -> String {
        let mut out = String::new();
        let mut open: Vec<bool> = Vec::new();
        let mut rest = html;
        while let Some(i) = rest
            .find("<table")
            .into_iter()
            .chain(rest.find("</table>"))
            .min()
        {
            out.push_str(&rest[..i]);
            rest = &rest[i..];
            if let Some(after) = rest.strip_prefix("</table>") {
                out.push_str("</table>");
                if open.pop().unwrap_or(false) {
                    out.push_str("</div>");
                }
                rest = after;
            } else {
                let ours = rest.starts_with("<table>");
                if ours {
                    out.push_str(TABLE_BOX);
                }
                open.push(ours);
                out.push_str("<table");
                rest = &rest["<table".len()..];
            }
        }
        out.push_str(rest);
        out
    }

    proptest::proptest! {
        #[test]
        fn tables_are_wrapped_as_by_scanning(parts in proptest::collection::vec(
            proptest::sample::select(vec!["<table>", "<table class=\"x\">", "</table>", "<tablet>", "</tab", "<", "é", "<p>x</p>", "table>"]),
            0..12,
        )) {
            let html = parts.concat();
            proptest::prop_assert_eq!(wrap_tables(&html), wrap_tables_by_scanning(&html));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_destination_is_found_where_it_is_written_even_with_escapes() {
        let cases = [
            ("See [a](b.md).", "b.md", 8),
            ("See [a](  b.md \"t\").", "b.md", 10),
            ("See [a](\\\\srv\\x).", "\\srv\\x", 8),
            ("See [a](<c d.md>).", "c d.md", 9),
            ("See [a][r].", "b.md", 4),
            ("See [b.md](b.md).", "b.md", 11),
        ];
        for (body, dest, at) in cases {
            let range = 4..body.len() - 1;
            assert_eq!(dest_offset(body, &range, dest), at, "{body}");
        }
    }

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
            "Housing first. Leeds offered homes."
        );
        assert_eq!(
            md("## Who pays?\n\nThe council.\n\n## `code`\nText.").text,
            "Who pays? The council. code. Text."
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
    fn a_definition_list_is_a_list_of_terms_whose_words_stay_apart() {
        let r = md("Minimalism\n: Only what most sites need.\n\nSpeed\n: Fast pages.\n");
        assert!(
            r.html
                .contains("<dl>\n<dt>Minimalism</dt>\n<dd>Only what most sites need.</dd>"),
            "{}",
            r.html
        );
        assert_eq!(
            r.text.split_whitespace().collect::<Vec<_>>().join(" "),
            "Minimalism Only what most sites need. Speed Fast pages."
        );
        assert_eq!(r.words, 9);
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
    fn heading_levels_skipped_or_a_second_title_are_warned_where_written() {
        let body =
            "Intro.\n\n### Jumped\n\n## Fine\n\nSection\n-------\n\n#### Again\n\n# Second title\n";
        let r = render(body, &KeepLinks, false);
        let warned: Vec<(&str, usize)> = r
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::HeadingLevel)
            .map(|p| (&body[p.offset..p.offset + p.len], p.len))
            .collect();
        assert_eq!(warned, [("###", 3), ("####", 4), ("#", 1)]);
        // The first level-1 heading taken as the title is not a second one.
        let r = render("# Title\n\n## Part\n", &KeepLinks, true);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }

    proptest::proptest! {
        #[test]
        fn a_heading_is_warned_of_exactly_when_it_skips_a_level_or_is_a_second_title(
            levels in proptest::collection::vec(1usize..=6, 0..12),
        ) {
            let body: String = levels
                .iter()
                .enumerate()
                .map(|(i, l)| format!("{} Heading {i}\n\nText.\n\n", "#".repeat(*l)))
                .collect();
            let r = render(&body, &KeepLinks, false);
            let warned: Vec<usize> = r
                .problems
                .iter()
                .filter(|p| p.kind == ProblemKind::HeadingLevel)
                .map(|p| body[..p.offset].matches("Heading ").count())
                .collect();
            let mut before = 1;
            let mut expected = Vec::new();
            for (i, &level) in levels.iter().enumerate() {
                if level == 1 || level > before + 1 {
                    expected.push(i);
                }
                before = level;
            }
            proptest::prop_assert_eq!(warned, expected);
        }
    }

    #[test]
    fn take_title_removes_first_h1() {
        let r = render("# Hello *you*\n\nText here.\n", &KeepLinks, true);
        assert_eq!(r.title.as_deref(), Some("Hello you"));
        assert!(!r.html.contains("<h1"));
        assert_eq!(r.words, 4);
    }

    #[test]
    fn only_web_mail_and_phone_addresses_are_safe() {
        for ok in [
            "https://x.org/a:b",
            "mailto:a@b.org",
            "tel:+441234",
            "../a.md",
            "/f.pdf",
            "a.md#x:y",
            "?q=a:b",
        ] {
            assert!(is_safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:x",
            "java\tscript:x",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!is_safe_url(bad), "{bad}");
        }
    }

    #[test]
    fn ids_are_unique_and_clear_of_the_theme() {
        let reserved = ReservedIds::new(["search-q".to_owned()], ["dx-".to_owned()]);
        let body = "## Search q\n\n## Dx 1\n\n## Fn main\n\nSee[^main].\n\n[^main]: A note.\n";
        let r = render_around(body, &KeepLinks, false, &reserved);
        for id in ["search-q-1", "section-dx-1", "section-fn-main", "fn-main"] {
            assert!(r.ids.contains(id), "{id} missing from {:?}", r.ids);
        }
        for id in ["search-q", "dx-1", "main"] {
            assert!(!r.ids.contains(id), "{id} taken: {:?}", r.ids);
        }
        assert!(r.html.contains("href=\"#fn-main\""), "{}", r.html);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }

    proptest::proptest! {
        #[test]
        fn heading_ids_are_unique_and_clear_of_the_theme(
            headings in proptest::collection::vec("(Notes|Notes 1|Notes-1|Main|Dx 2|Fn a|Search q|[a-c]{0,2})( \\{#(notes|main|dx-1|x)\\})?", 0..40),
            footnotes in proptest::collection::vec("[a-c]{1,2}", 0..5),
        ) {
            let mut body: String = headings.iter().map(|h| format!("## {h}\n\nText.\n\n")).collect();
            for f in &footnotes {
                body.push_str(&format!("See[^{f}].\n\n"));
            }
            let mut defined = std::collections::HashSet::new();
            for f in footnotes.iter().filter(|f| defined.insert(f.as_str())) {
                body.push_str(&format!("[^{f}]: Note.\n\n"));
            }
            let reserved = ReservedIds::new(["search-q".to_owned()], ["dx-".to_owned()]);
            let r = render_around(&body, &KeepLinks, false, &reserved);
            let written: Vec<&str> = r.html.split(" id=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
            let unique: HashSet<&str> = written.iter().copied().collect();
            proptest::prop_assert_eq!(unique.len(), written.len(), "{:?}", written);
            for id in r.toc.iter().map(|t| t.id.as_str()) {
                proptest::prop_assert!(!reserved.contains(id) || id.starts_with("section-"), "{}", id);
                proptest::prop_assert!(!reserved.reserves_start_of(id) || id.starts_with("section-"), "{}", id);
            }
            proptest::prop_assert!(r.problems.is_empty(), "{:?}", r.problems);
        }
    }

    #[test]
    fn nesting_past_the_limit_is_one_problem_at_its_place() {
        let within = format!("{} x\n", ">".repeat(MAX_NESTING / 2));
        assert!(md(&within).problems.is_empty());
        for body in [
            format!("Text.\n\n{} x\n", ">".repeat(1_000_000)),
            format!("Text.\n\n{} x\n", "> ".repeat(MAX_NESTING + 1)),
            format!("Text.\n\n{}x\n", "- ".repeat(10_000)),
        ] {
            let r = md(&body);
            let kinds: Vec<_> = r.problems.iter().map(|p| p.kind).collect();
            assert_eq!(kinds, [ProblemKind::TooDeep], "{}", &body[..20]);
            assert!(r.problems[0].offset >= "Text.\n\n".len());
        }
    }

    #[test]
    fn a_footnote_defined_twice_is_an_error_at_the_second() {
        let body = "A[^n] b.\n\n[^n]: One.\n\n[^n]: Two.\n";
        let r = md(body);
        let p: Vec<_> = r.problems.iter().map(|p| (p.kind, p.offset)).collect();
        assert!(md("[Top](#top) [Skip](#main)\n").anchor_checks.is_empty());
        assert_eq!(
            p,
            vec![(ProblemKind::DuplicateFootnote, body.rfind("[^n]:").unwrap())]
        );
    }

    #[test]
    fn raw_html_links_and_images_are_resolved_like_markdown() {
        let body = "<p><a href=\"a.md\">A</a> <img src=\"x.md\" alt=\"\"></p>\n\nText <a href='d.md'>d</a>.\n";
        let r = render(body, &Fixed, false);
        assert!(
            r.html.contains("<a href=\"../a/index.html\">A</a>"),
            "{}",
            r.html
        );
        let kinds: Vec<_> = r
            .problems
            .iter()
            .map(|p| (p.kind, &body[p.offset..p.offset + 4]))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (ProblemKind::MissingImage, "x.md"),
                (ProblemKind::DraftLink, "d.md")
            ]
        );
    }

    struct Fixed;
    impl LinkResolver for Fixed {
        fn resolve(&self, dest: &str, _kind: LinkKind) -> Resolution {
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
        let broken = r.problems.iter().find(|p| p.is_error()).unwrap();
        assert_eq!(&body[broken.offset..broken.offset + 4], "x.md");
        assert_eq!(r.problems.iter().filter(|p| !p.is_error()).count(), 1);
    }

    #[test]
    fn raw_html_ids_count_as_anchors() {
        let r = md("<div id=\"here\"></div>\n\nText\n");
        assert!(r.ids.contains("here"));
    }

    #[test]
    fn sanitize_removes_scripts_and_keeps_what_the_theme_needs() {
        let body = "## Why it matters\n\n> [!NOTE]\n> Careful.\n\n| a | b |\n|:-:|---|\n| 1 | 2 |\n\n- [x] done\n\nSee[^1] [A](a.md#why) and <a href=\"javascript:alert(1)\" onclick=\"x()\">this</a>.\n\n<script>alert(1)</script>\n<img src=\"x.png\" onerror=\"alert(1)\" alt=\"A map\">\n<div id=\"main\">taken</div><span id=\"mine\">ok</span>\n<iframe src=\"https://evil.example/\"></iframe><style>body{}</style>\n\n```rust\nfn main() {}\n```\n\nTerm\n: Its meaning.\n\n[^1]: The note.\n";
        let mut r = render(body, &Fixed, false);
        assert!(!r.ids.contains("main"));
        assert!(
            r.problems
                .iter()
                .any(|p| p.kind == ProblemKind::DuplicateId)
        );
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
            "<sup class=\"footnote-reference\"><a href=\"#fn-1\">",
            "<div class=\"footnote-definition\" id=\"fn-1\">",
            "<code class=\"language-rust\">",
            "<img src=\"x.png\" alt=\"A map\">",
            "<span id=\"mine\">",
            "<a href=\"a.md#why\">A</a>",
            "<dl>\n<dt>Term</dt>\n<dd>Its meaning.</dd>",
        ] {
            assert!(h.contains(kept), "{kept} missing from {h}");
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let quotes = ">".repeat(100_000);
        let r = md(&quotes);
        assert_eq!(r.problems.len(), 1, "refused as too deep, once");
        let list: String = (0..20_000)
            .map(|i| format!("{}- x\n", "  ".repeat(i % 500)))
            .collect();
        let _ = md(&list);
    }
}
