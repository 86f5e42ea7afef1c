//! The per-page step that `build` and `serve` share: a page's source, its markdown body
//! rendered with its links resolved, its links and anchors checked, and the model's
//! [`Page`] made from them.

use crate::address::ROOT_MARKER;
use crate::address::{Addresses, PageEntry};
use crate::config::Config;
use crate::content::SourceDoc;
use crate::diagnostic::Diagnostic;
use crate::markdown::{LeadImage, LinkKind, LinkResolver, ProblemKind, ReservedIds, Resolution};
use crate::model::Page;
use crate::model::body::Body;
use std::collections::HashSet;

/// Renders the markdown body of `doc`, page `id` of `addresses`, clear of the theme's
/// `reserved` ids (sanitised if configured), its HTML and text packed.
pub fn render_body(
    doc: &SourceDoc,
    id: usize,
    addresses: &Addresses,
    (config, reserved): (&Config, &ReservedIds),
) -> Body {
    let take_title = doc.front.title.is_none();
    let mut r = crate::markdown::render_around(
        doc.body(),
        &addresses.resolver(id, &doc.content_path),
        take_title,
        reserved,
    );
    // A body nested too deeply is an error, never published: not worth cleaning.
    let too_deep = r.problems.iter().any(|p| p.kind == ProblemKind::TooDeep);
    if config.sanitize && !too_deep {
        crate::markdown::sanitize(&mut r);
    }
    r.lead = lead_image(doc, id, addresses).ok().flatten();
    Body::from(r)
}

/// The lead image of `doc` (page `id`), from its `image:` field: `None` when it has
/// none, an error when that names no image of the site or one that cannot be read.
pub fn lead_image(
    doc: &SourceDoc,
    id: usize,
    addresses: &Addresses,
) -> Result<Option<LeadImage>, Diagnostic> {
    let Some(dest) = doc.front.image.as_deref() else {
        return Ok(None);
    };
    let resolver = addresses.resolver(id, &doc.content_path);
    let (code, message, suggestion) = match resolver.resolve(dest, LinkKind::Image) {
        Resolution::Rewrite { href, .. } => return Ok(Some(lead_of(&resolver, dest, &href, doc))),
        Resolution::Broken {
            message,
            suggestion,
        } => ("missing-image", message, suggestion),
        Resolution::BadImage {
            code,
            message,
            suggestion,
        } => (code, message, Some(suggestion)),
        _ => (
            "missing-image",
            format!("the lead image `{dest}` is not a file of this site"),
            Some("put the image beside this page's file, or in static/, and name it here".into()),
        ),
    };
    let at = doc
        .front_lines
        .and_then(|l| l.locate_value(&doc.text, "image", dest))
        .unwrap_or(crate::diagnostic::Position { line: 1, column: 1 });
    let d = match code {
        "image-too-large" => Diagnostic::error("image-too-large", message),
        "bad-image" => Diagnostic::error("bad-image", message),
        _ => Diagnostic::error("missing-image", message),
    };
    let d = d
        .at(&doc.path, &doc.text, at)
        .span(dest.chars().count().max(1));
    Err(match suggestion {
        Some(s) => d.suggest(s),
        None => d,
    })
}

/// The lead image `dest` of `doc`, found at `href` (from the site root marker).
fn lead_of(resolver: &dyn LinkResolver, dest: &str, href: &str, doc: &SourceDoc) -> LeadImage {
    let alt = doc.front.image_alt.as_deref().unwrap_or("");
    let path = href.strip_prefix(ROOT_MARKER).unwrap_or(href);
    let Some((picture, sizes)) = resolver.picture(dest) else {
        let html = format!(
            "<img src=\"{}\" alt=\"{}\">",
            crate::markdown::escape(href),
            crate::markdown::escape(alt)
        );
        return LeadImage {
            html,
            card: path.to_owned(),
            width: 0,
            height: 0,
        };
    };
    let html = crate::markdown::picture::html(&crate::markdown::picture::Shown {
        picture: &picture,
        alt,
        title: "",
        lazy: false,
        sizes: &sizes,
    });
    // A social card is shown about 1,200 pixels wide, in JPEG or PNG.
    let (width, card) = picture
        .same
        .iter()
        .find(|(w, _)| *w >= 1200)
        .or(picture.same.last())
        .map_or((0, href), |(w, p)| (*w, p.as_str()));
    let height =
        (u64::from(picture.height) * u64::from(width) / u64::from(picture.width.max(1))) as u32;
    let card = card.strip_prefix(ROOT_MARKER).unwrap_or(card).to_owned();
    LeadImage {
        html,
        card,
        width,
        height,
    }
}

/// How many problems of its links one page reports; the rest are counted in one more
/// message, so that a page of 100,000 broken links cannot flood the screen or memory.
pub const MAX_LINK_PROBLEMS: usize = 50;

/// Errors for the broken links and anchors of page `id`'s rendered body `r` (at most
/// [`MAX_LINK_PROBLEMS`], then one that counts the rest). `path_of(t)` and `ids_of(t)`
/// give another page's file and the ids in its body.
pub fn link_diagnostics<'a>(
    doc: &SourceDoc,
    r: &Body,
    id: usize,
    path_of: impl Fn(usize) -> &'a str,
    ids_of: impl Fn(usize) -> &'a HashSet<String>,
) -> Vec<Diagnostic> {
    let mut diags = link_problems(doc, r);
    let mut more = r.problems.len().saturating_sub(MAX_LINK_PROBLEMS);
    for a in &r.anchor_checks {
        let target = if a.target == usize::MAX { id } else { a.target };
        let ids = if target == id { &r.ids } else { ids_of(target) };
        if ids.contains(&a.id) {
            continue;
        }
        if diags.len() >= MAX_LINK_PROBLEMS {
            more += 1;
            continue;
        }
        let page = if target == id {
            "this page".to_owned()
        } else {
            path_of(target).to_owned()
        };
        let at = doc.text.position(doc.body_start + a.offset);
        let d = Diagnostic::error(
            "broken-anchor",
            format!("there is no heading with the id `{}` in {page}", a.id),
        )
        .at(&doc.path, &doc.text, at)
        .span(a.len);
        diags.push(suggest_anchor(d, &a.id, ids, &page));
    }
    if more > 0 {
        diags.push(more_problems(
            doc,
            more,
            diags.iter().any(Diagnostic::is_error),
        ));
    }
    diags
}

/// The problems in the body of `doc`, a file that will not be published (its front
/// matter has errors), its links checked against the site's pages of `addresses`
/// (`path_of` and `ids_of` giving each page's file and ids). `page` is its page id in
/// `addresses` when it was one of the site's pages before an edit (`serve`), so that
/// links to it from itself are checked against its new headings.
pub fn unpublished_body_diagnostics<'a>(
    doc: &SourceDoc,
    page: Option<usize>,
    addresses: &Addresses,
    around: (&Config, &ReservedIds),
    (path_of, ids_of): (
        impl Fn(usize) -> &'a str,
        impl Fn(usize) -> &'a HashSet<String>,
    ),
) -> Vec<Diagnostic> {
    // Not one of the site's pages: no link resolves to it as to this page.
    let id = page.unwrap_or(usize::MAX);
    let body = render_body(doc, id, addresses, around);
    link_diagnostics(doc, &body, id, path_of, ids_of)
}

/// The message that counts the `more` link problems of `doc` not shown.
fn more_problems(doc: &SourceDoc, more: usize, errors: bool) -> Diagnostic {
    let message = format!(
        "this file has {more} more problems with its links, images, footnotes or ids, like those above; only the first {MAX_LINK_PROBLEMS} are shown"
    );
    let d = if errors {
        Diagnostic::error("more-problems", message)
    } else {
        Diagnostic::warning("more-problems", message)
    };
    d.in_file(&doc.path)
        .suggest("fix the ones shown (often one mistake copied many times), then build again")
}

/// The link problems the markdown step found, placed in `doc`.
fn link_problems(doc: &SourceDoc, r: &Body) -> Vec<Diagnostic> {
    r.problems
        .iter()
        .take(MAX_LINK_PROBLEMS)
        .map(|p| {
            let code = match p.kind {
                ProblemKind::BrokenLink => "broken-link",
                ProblemKind::MissingImage => "missing-image",
                ProblemKind::BadImage => "bad-image",
                ProblemKind::ImageTooLarge => "image-too-large",
                ProblemKind::DraftLink => "draft-link",
                ProblemKind::OtherLanguageLink => "other-language-link",
                ProblemKind::DuplicateFootnote => "duplicate-footnote",
                ProblemKind::DuplicateId => "duplicate-id",
                ProblemKind::TooDeep => "too-deep",
                ProblemKind::UnknownElement => "unknown-html-element",
                ProblemKind::LocalAddress => "local-address",
                ProblemKind::TemplateTag => "template-tag",
                ProblemKind::OtherDialect => "other-markdown",
                ProblemKind::WikiLink => "wiki-link",
                ProblemKind::PastedBullet => "pasted-bullet",
                ProblemKind::WordMarkup => "word-markup",
                ProblemKind::RemoteImage => "remote-image",
                ProblemKind::EmbeddedPage => "embedded-page",
                ProblemKind::HeadingLevel => "heading-level",
            };
            let d = if p.is_error() {
                Diagnostic::error(code, p.message.clone())
            } else {
                Diagnostic::warning(code, p.message.clone())
            };
            let at = doc.text.position(doc.body_start + p.offset);
            let d = d.at(&doc.path, &doc.text, at).span(p.len);
            match &p.suggestion {
                Some(s) => d.suggest(s.clone()),
                None => d,
            }
        })
        .collect()
}

/// `d` with help naming the closest id of `page`, or the ids it has.
fn suggest_anchor(d: Diagnostic, wanted: &str, ids: &HashSet<String>, page: &str) -> Diagnostic {
    let mut known: Vec<&str> = ids.iter().map(String::as_str).collect();
    known.sort_unstable();
    match crate::diagnostic::closest(wanted, known.iter().copied()) {
        Some(s) => d.suggest(format!("did you mean `#{s}`?")),
        None if known.is_empty() => d.suggest(format!("{page} has no headings to link to")),
        None => d.suggest(format!("the ids in {page} are: {}", known.join(", "))),
    }
}

/// A published page from its source, its address and its rendered body: the title
/// (front matter, else the first heading, else the file name) and the date it last
/// changed (front matter, else git, else the file's time).
pub fn make_page(
    doc: SourceDoc,
    entry: PageEntry,
    body: Body,
    git_dates: &crate::gitdates::GitDates,
) -> Page {
    let title = doc
        .front
        .title
        .clone()
        .or_else(|| body.title.clone())
        .unwrap_or_else(|| crate::slug::words_from_slug(&doc.stem));
    let updated = doc
        .front
        .updated
        .as_deref()
        .and_then(crate::dates::parse_date)
        .or_else(|| git_dates.last(&doc.path))
        .or(doc.modified);
    let updates = page_updates(&doc, git_dates);
    Page {
        doc,
        slug: entry.slug,
        dir: entry.dir,
        title,
        body,
        updated,
        updates,
    }
}

/// A page's "Page updates", newest first: its front matter's `changes` when it has
/// them, else its commits when page history from git is on.
fn page_updates(
    doc: &SourceDoc,
    git_dates: &crate::gitdates::GitDates,
) -> Vec<crate::gitdates::PageUpdate> {
    if doc.front.changes.is_empty() {
        return git_dates.changes(&doc.path).to_vec();
    }
    let mut updates: Vec<_> = doc
        .front
        .changes
        .iter()
        .filter_map(|c| {
            Some(crate::gitdates::PageUpdate {
                date: crate::dates::parse_date(c.date.as_deref()?)?,
                note: c.note.clone()?,
            })
        })
        .collect();
    updates.sort_by_key(|u| std::cmp::Reverse(u.date));
    updates
}

/// Page `id` of a built site (`pages`, `addresses`) made again from its edited source
/// `doc`: the new page, and every problem of its links and of other pages' links to
/// its headings (only errors for the latter, whose warnings are already known).
pub fn remake_page(
    doc: SourceDoc,
    id: usize,
    pages: &[Page],
    addresses: &Addresses,
    around: (&Config, &ReservedIds),
    git_dates: &crate::gitdates::GitDates,
) -> (Page, Vec<Diagnostic>) {
    let body = render_body(&doc, id, addresses, around);
    let mut diags = link_diagnostics(
        &doc,
        &body,
        id,
        |t| pages[t].doc.path.as_str(),
        |t| &pages[t].body.ids,
    );
    diags.extend(lead_image(&doc, id, addresses).err());
    for (other, p) in pages.iter().enumerate() {
        if other == id || !p.body.anchor_checks.iter().any(|a| a.target == id) {
            continue;
        }
        let ids_of = |t: usize| {
            if t == id {
                &body.ids
            } else {
                &pages[t].body.ids
            }
        };
        let errors = link_diagnostics(&p.doc, &p.body, other, |t| &pages[t].doc.path, ids_of);
        diags.extend(errors.into_iter().filter(|d| d.is_error()));
    }
    let entry = addresses.entries[id].clone();
    (make_page(doc, entry, body, git_dates), diags)
}
