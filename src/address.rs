//! The page index: every published page's slug and output folder, known before any
//! markdown is rendered, so that links can be resolved while rendering.

use crate::config::{Config, Kind};
use crate::content::{DocRole, SourceDoc};
use crate::diagnostic::{Diagnostic, Position, closest};
use crate::markdown::{LinkKind, LinkResolver, Resolution};
use std::collections::{HashMap, HashSet};

/// A page's place in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageEntry {
    /// The last segment of its URL.
    pub slug: String,
    /// Its output folder, `/`-terminated (`case-studies/x/`), or empty for the home page.
    pub dir: String,
}

impl PageEntry {
    /// The page's file in the output, relative to the site root.
    pub fn href(&self) -> String {
        format!("{}index.html", self.dir)
    }
}

/// Slugs, folders and lookups for every published page (same order as the docs).
#[derive(Debug, Default)]
pub struct Addresses {
    /// One entry per doc.
    pub entries: Vec<PageEntry>,
    by_content_path: HashMap<String, usize>,
    /// The same pages by their content paths in Unicode's composed form (NFC), for a
    /// link typed in one form to a file named in the other (macOS can name files
    /// decomposed: `Cafe\u{301}.md`).
    by_composed_path: HashMap<String, usize>,
    drafts: HashSet<String>,
    /// The pages that could not be read, by content path, with the slug each claims.
    unreadable: HashMap<String, String>,
    /// Output files and folders that exist in the site (pages, assets, static files,
    /// index pages), for checking links written as site paths.
    pub outputs: HashSet<String>,
    /// The pages of the other languages, by content path (`case-studies/x.cy.md`), each
    /// with its file from this site's root (`../case-studies/x/index.html`): in a
    /// translation's site, a link to a first-language page that has no translation
    /// goes to the original; a link that leaves this site's language otherwise is a
    /// warning, and one to another language's draft is kept as text (see
    /// [`language_pages`]).
    pub other_languages: HashMap<String, OtherPage>,
    /// The site's processed images, by output path (see [`crate::images`]).
    pub pictures: std::sync::Arc<crate::images::Pictures>,
}

/// A page of one language, as the other languages' sites see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherPage {
    /// Its file from the root of the whole output (`cy/case-studies/x/index.html`).
    pub href: String,
    /// Its language (an index into `languages:`).
    pub language: usize,
    /// Its language's code (`cy`).
    pub code: String,
    /// The content path of its original (`case-studies/x.md`; its own for a page of
    /// the first language).
    pub original: String,
    /// Whether it is a draft left out of the build (a link to it is kept as text).
    pub draft: bool,
}

/// The pages of `docs` by content path, as pages of another language for the other
/// sites; those not `published` are drafts.
pub fn language_pages<'a>(
    docs: impl Iterator<Item = &'a SourceDoc>,
    published: impl Fn(&SourceDoc) -> bool,
    config: &Config,
) -> Vec<(String, OtherPage)> {
    docs.map(|doc| {
        let original =
            original_path(&doc.content_path, config).unwrap_or_else(|| doc.content_path.clone());
        let language = config.language_of_path(&doc.content_path);
        let href = format!("{}{}index.html", config.prefix_of(language), page_dir(doc));
        let page = OtherPage {
            href,
            language,
            code: config.languages[language].code.clone(),
            original,
            draft: !published(doc),
        };
        (doc.content_path.clone(), page)
    })
    .collect()
}

/// The folder a page is written to, from its site's root (`case-studies/x/`; empty for
/// the home page).
fn page_dir(doc: &SourceDoc) -> String {
    let slug = doc.slug();
    match (doc.role, &doc.collection) {
        (DocRole::Home, _) => String::new(),
        (DocRole::CollectionIntro, Some(c)) => format!("{c}/"),
        (_, Some(c)) => format!("{c}/{slug}/"),
        (_, None) => format!("{slug}/"),
    }
}

/// Stands for the way back to the site root in rendered bodies. Bodies are rendered once
/// and shown on several pages (their own, the printable playbook); each output page
/// replaces the marker with its own relative path to the root (see [`with_root`]).
pub const ROOT_MARKER: &str = "@placebook-root@/";

/// `html` with every [`ROOT_MARKER`] replaced by `root`.
pub fn with_root(html: &str, root: &str) -> String {
    // memchr's vectorised search: every page's body goes through here once per build.
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for at in memchr::memmem::find_iter(html.as_bytes(), ROOT_MARKER) {
        out.push_str(&html[last..at]);
        out.push_str(root);
        last = at + ROOT_MARKER.len();
    }
    out.push_str(&html[last..]);
    out
}

/// The content path of the original of the translation at `content_path`
/// (`case-studies/x.md` for `case-studies/x.cy.md`), `None` for a page in the first
/// language.
fn original_path(content_path: &str, config: &Config) -> Option<String> {
    if config.language_of_path(content_path) == 0 {
        return None;
    }
    let ext = content_path.rsplit_once('.').map_or("md", |(_, e)| e);
    let key = crate::content::translations::page_key(content_path, config);
    Some(format!("{key}.{ext}"))
}

/// `../` once per folder in `dir`: the way from a page's folder back to the site root.
pub fn root_prefix(dir: &str) -> String {
    "../".repeat(dir.matches('/').count())
}

impl Addresses {
    /// Assigns slugs and folders to `docs`, reporting two pages with one URL and pages
    /// whose URL is reserved. `drafts` are the content paths of unpublished drafts.
    pub fn build(
        docs: &[SourceDoc],
        drafts: HashSet<String>,
        config: &Config,
    ) -> (Addresses, Vec<Diagnostic>) {
        let mut errors = Vec::new();
        let mut index = Addresses {
            drafts,
            ..Addresses::default()
        };
        let mut owner: HashMap<String, usize> = HashMap::new();
        for (i, doc) in docs.iter().enumerate() {
            let slug = doc.slug();
            let dir = page_dir(doc);
            if doc.collection.is_none() && doc.role == DocRole::Page {
                let taken = config.collections.contains_key(&slug)
                    || config.taxonomies.contains(&slug)
                    || config.reserves(&slug);
                if taken {
                    errors.push(at_slug(doc, Diagnostic::error(
                        "reserved-url",
                        format!("this page's address `{slug}/` is already used by placebook for a collection, taxonomy or built-in page"),
                    ).suggest("rename the file, or set another `slug:` in its front matter")));
                }
            }
            // Folders differing only in case are one folder on macOS and Windows.
            let key = dir.to_lowercase();
            if let Some(&first) = owner.get(&key)
                && let Some((whose, names)) = both_folder_pages(doc.role, docs[first].role)
            {
                errors.push(at_slug(
                    doc,
                    Diagnostic::error(
                        "duplicate-url",
                        format!(
                            "this file and {} are both the text of {whose}",
                            docs[first].path
                        ),
                    )
                    .suggest(format!(
                        "keep one of them: {names} are each a folder's own page"
                    )),
                ));
            } else if let Some(&first) = owner.get(&key) {
                errors.push(at_slug(doc, Diagnostic::error(
                    "duplicate-url",
                    format!("this page and {} would both be written to `{}`", docs[first].path, if dir.is_empty() { "index.html".to_owned() } else { dir.clone() }),
                ).suggest("rename one of the files or give one a different `slug:` (slugs are lower-case, so names differing only in case clash)")));
            } else {
                owner.insert(key, i);
            }
            index.by_content_path.insert(doc.content_path.clone(), i);
            index
                .by_composed_path
                .entry(composed(&doc.content_path))
                .or_insert(i);
            if let Some(original) = original_path(&doc.content_path, config) {
                // A link to the original from a translation goes to the translation.
                index
                    .by_composed_path
                    .entry(composed(&original))
                    .or_insert(i);
                index.by_content_path.entry(original).or_insert(i);
            }
            index.outputs.insert(format!("{dir}index.html"));
            if !dir.is_empty() {
                index.outputs.insert(dir.clone());
            }
            index.entries.push(PageEntry { slug, dir });
        }
        (index, errors)
    }

    /// Marks the pages that exist but could not be read, each as its content path and
    /// the slug it claims: links to them are left alone (the page's own errors say
    /// what is wrong).
    pub fn set_unreadable(&mut self, pages: impl IntoIterator<Item = (String, String)>) {
        self.unreadable = pages.into_iter().collect();
    }

    /// Whether the page at `content_path` (of this site or another language's) is a
    /// draft left out of the build.
    fn is_draft(&self, content_path: &str) -> bool {
        self.drafts.contains(content_path)
            || self
                .other_languages
                .get(content_path)
                .is_some_and(|o| o.draft)
    }

    /// In a translation's site, the published first-language page at `content_path`,
    /// which a link to a page with no translation goes to.
    fn untranslated_original(&self, content_path: &str) -> Option<&OtherPage> {
        self.other_languages
            .get(content_path)
            .filter(|o| o.language == 0 && !o.draft)
    }

    /// The page at a content path (`case-studies/x.md`).
    pub fn lookup(&self, content_path: &str) -> Option<usize> {
        self.by_content_path.get(content_path).copied().or_else(|| {
            let path = composed(content_path);
            self.by_composed_path.get(&path).copied()
        })
    }

    /// The output file or folder written for `target` (a path from the site root) when
    /// it is named in the other Unicode form (composed `é` against `e` and an accent):
    /// `None` when `target` is written as it is, or not at all.
    fn output_named_otherwise(&self, target: &str) -> Option<&str> {
        // An address all in ASCII has one form only.
        if target.is_ascii() || self.outputs.contains(target) {
            return None;
        }
        let wanted = composed(target);
        self.outputs
            .iter()
            .filter(|o| !o.is_ascii())
            .find(|o| composed(o) == wanted)
            .map(String::as_str)
    }

    /// A resolver for links in the body of page `from`.
    pub fn resolver<'a>(&'a self, from: usize, content_path: &'a str) -> PageLinks<'a> {
        PageLinks {
            index: self,
            from,
            content_path,
        }
    }

    /// The file of the site (an asset or static file, not a page) whose name is closest
    /// to the name of `wanted`, preferring one in the same folder.
    fn closest_output(&self, wanted: &str) -> Option<&str> {
        let (dir, name) = wanted.rsplit_once('/').unwrap_or(("", wanted));
        let mut files: Vec<&str> = self
            .outputs
            .iter()
            .filter(|o| !o.ends_with('/') && !o.ends_with("index.html"))
            .map(String::as_str)
            .collect();
        files.sort_by_key(|f| (f.rsplit_once('/').map_or("", |(d, _)| d) != dir, *f));
        let names = files.iter().map(|f| f.rsplit('/').next().unwrap_or(f));
        let best = closest(name, names)?;
        files
            .into_iter()
            .find(|f| f.rsplit('/').next() == Some(best))
    }

    /// The content path of the one page whose address ends in the last part of
    /// `target`, a site path (`our-style/voice-and-tone/`, `old/voice-and-tone.html`):
    /// the page an address copied from an old site most likely means.
    fn page_at_end_of(&self, target: &str) -> Option<&str> {
        let trimmed = target.trim_end_matches('/');
        let trimmed = trimmed.strip_suffix("/index.html").unwrap_or(trimmed);
        let last = trimmed.rsplit('/').next()?;
        let last = last.strip_suffix(".html").unwrap_or(last).to_lowercase();
        self.page_with_slug(&last)
            .or_else(|| self.unreadable_with_slug(&last))
    }

    /// The one file with errors (not published, see [`Addresses::set_unreadable`])
    /// that claims the slug `slug`, if exactly one does: a link to it is still pointed
    /// at it.
    fn unreadable_with_slug(&self, slug: &str) -> Option<&str> {
        let mut named = self.unreadable.iter().filter(|(_, s)| *s == slug);
        let (path, _) = named.next()?;
        named.next().is_none().then_some(path.as_str())
    }

    /// The content path of the one page whose slug is `slug`, if exactly one has it.
    fn page_with_slug(&self, slug: &str) -> Option<&str> {
        if slug.is_empty() {
            return None;
        }
        let mut named = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.slug == slug);
        let (page, _) = named.next()?;
        if named.next().is_some() {
            return None;
        }
        self.by_content_path
            .iter()
            .filter(|(_, i)| **i == page)
            .map(|(path, _)| path.as_str())
            .min()
    }

    /// The page file (or file with errors) whose path is closest to `wanted`, or else
    /// one of the same name in any folder.
    fn closest_path(&self, wanted: &str) -> Option<&str> {
        let name = wanted.rsplit('/').next().unwrap_or(wanted);
        let files = || self.by_content_path.keys().chain(self.unreadable.keys());
        let best = closest(wanted, files().map(String::as_str));
        best.or_else(|| {
            files()
                .filter(|k| {
                    k.rsplit('/')
                        .next()
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
                })
                .map(String::as_str)
                .min()
        })
    }
}

/// Whose text two files of roles `a` and `b` written to one address both are, and the
/// names such a file has, when both are a folder's own page (the home page's, or a
/// collection's index page's).
fn both_folder_pages(a: DocRole, b: DocRole) -> Option<(&'static str, &'static str)> {
    match (a, b) {
        (DocRole::CollectionIntro, DocRole::CollectionIntro) => Some((
            "the collection's index page",
            "`index.md`, `_index.md` and `README.md` in a collection's folder",
        )),
        (DocRole::Home, DocRole::Home) => {
            Some(("the home page", "`index.md` and `README.md` in content/"))
        }
        _ => None,
    }
}

fn at_slug(doc: &SourceDoc, d: Diagnostic) -> Diagnostic {
    match doc
        .front_lines
        .and_then(|l| l.locate_key(&doc.text, "slug"))
    {
        Some(p) => d.at(&doc.path, &doc.text, p),
        None => d.in_file(&doc.path),
    }
}

/// Resolves links in one page's body against the index.
pub struct PageLinks<'a> {
    index: &'a Addresses,
    from: usize,
    content_path: &'a str,
}

fn has_scheme(dest: &str) -> bool {
    let mut chars = dest.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && dest.find(':').is_some_and(|i| {
            dest[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        })
}

/// Decodes `%20`-style escapes (invalid sequences are kept as written).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Joins `rel` onto folder `base` (both `/`-separated, relative to the content root)
/// and removes `.` and `..`; `None` if it climbs above the root.
pub fn normalise(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if rel.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

impl LinkResolver for PageLinks<'_> {
    fn page_named(&self, name: &str) -> Option<String> {
        let path = self.index.page_with_slug(&crate::slug::page_slug(name))?;
        let base = self.content_path.rsplit_once('/').map_or("", |(d, _)| d);
        Some(relative_from(base, path))
    }

    fn picture(&self, dest: &str) -> Option<(crate::images::Picture, String)> {
        let pictures = &self.index.pictures;
        let found = pictures.ready.get(&self.file_target(dest)?)?;
        let href = |(w, path): &(u32, String)| (*w, format!("{ROOT_MARKER}{path}"));
        let picture = crate::images::Picture {
            webp: found.webp.iter().map(href).collect(),
            same: found.same.iter().map(href).collect(),
            ..found.clone()
        };
        Some((picture, pictures.sizes.clone()))
    }

    fn resolve(&self, dest: &str, kind: LinkKind) -> Resolution {
        // `\building-blocks\x.md` is this site's page written with backslashes; a
        // path from `\` that names nothing of the site is on the author's computer.
        let site_path = dest.starts_with('\\') && self.names_site_file(&dest.replace('\\', "/"));
        if !site_path && let Some(problem) = on_this_computer(dest) {
            return problem;
        }
        // `#` alone is the top of the page, which every page has.
        if dest.is_empty() || dest == "#" || has_scheme(dest) || dest.starts_with("//") {
            return Resolution::Keep;
        }
        if dest.contains('\\') {
            return Resolution::Broken {
                message: format!(
                    "the link `{dest}` is written with backslashes, which web addresses do not use"
                ),
                suggestion: Some(format!(
                    "write it with forward slashes: `{}`",
                    dest.replace('\\', "/")
                )),
            };
        }
        if let Some(id) = dest.strip_prefix('#') {
            return Resolution::SamePage(percent_decode(id));
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        let decoded = percent_decode(path);
        let base = self.content_path.rsplit_once('/').map_or("", |(d, _)| d);
        let Some(target) = normalise(base, &decoded) else {
            return Resolution::Broken {
                message: format!("the link `{dest}` points outside the content folder"),
                suggestion: Some("remove some `../` from the link".into()),
            };
        };
        let up = ROOT_MARKER;
        let frag = fragment.map(|f| format!("#{f}")).unwrap_or_default();
        let lower = target.to_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") {
            return self.page_link(dest, &target, fragment, base);
        }
        let target = self.as_written(target);
        let as_dir = if target.is_empty() {
            String::new()
        } else if target.ends_with('/') {
            target.clone()
        } else {
            format!("{target}/")
        };
        if kind == LinkKind::Image
            && let Some(bad) = self.bad_image(&target)
        {
            return bad;
        }
        if target.is_empty()
            || self.index.outputs.contains(&target)
            || self.index.outputs.contains(&as_dir)
        {
            let href = if target.is_empty()
                || target.ends_with('/')
                || !self.index.outputs.contains(&target)
            {
                format!("{up}{as_dir}index.html{frag}")
            } else {
                format!("{up}{target}{frag}")
            };
            return Resolution::Rewrite { href, anchor: None };
        }
        self.missing_file(dest, &target, base, kind)
    }
}

impl PageLinks<'_> {
    /// The error of an image at `target` (an output path) that cannot be read.
    fn bad_image(&self, target: &str) -> Option<Resolution> {
        let problem = self.index.pictures.bad.get(target)?;
        Some(Resolution::BadImage {
            code: problem.code,
            message: problem.message.clone(),
            suggestion: problem.suggestion.clone(),
        })
    }

    /// The output path of the file that `dest`, written in this page, names (`None`
    /// for an address of another site, a page or a path outside the content).
    fn file_target(&self, dest: &str) -> Option<String> {
        if dest.is_empty()
            || has_scheme(dest)
            || dest.starts_with("//")
            || dest.starts_with('#')
            || dest.contains('\\')
        {
            return None;
        }
        let path = dest.split(['#', '?']).next().unwrap_or(dest);
        let base = self.content_path.rsplit_once('/').map_or("", |(d, _)| d);
        let target = normalise(base, &percent_decode(path))?;
        Some(self.as_written(target))
    }

    /// Whether `path`, written in this page, names a page or file of the site.
    fn names_site_file(&self, path: &str) -> bool {
        self.file_target(path).is_some_and(|target| {
            self.index.lookup(&target).is_some()
                || self.index.outputs.contains(&target)
                || self.index.outputs.contains(&format!("{target}/"))
        })
    }

    /// `target` as the file it names is written, when that differs only in Unicode form.
    fn as_written(&self, target: String) -> String {
        match self.index.output_named_otherwise(&target) {
            Some(written) => written.to_owned(),
            None => target,
        }
    }

    /// A link to another page's file (`target`, from the content root): its address,
    /// or why it has none.
    fn page_link(
        &self,
        dest: &str,
        target: &str,
        fragment: Option<&str>,
        base: &str,
    ) -> Resolution {
        let up = ROOT_MARKER;
        let frag = fragment.map(|f| format!("#{f}")).unwrap_or_default();
        match self.index.lookup(target) {
            Some(to) if to == self.from => match fragment {
                Some(f) => Resolution::SamePage(percent_decode(f)),
                None => Resolution::Rewrite { href: "index.html".into(), anchor: None },
            },
            Some(to) => Resolution::Rewrite {
                href: format!("{up}{}{frag}", self.index.entries[to].href()),
                anchor: fragment.map(|f| (to, percent_decode(f))),
            },
            None if self.index.unreadable.contains_key(target) => Resolution::Keep,
            None if let Some(original) = self.index.untranslated_original(target) => {
                Resolution::Rewrite {
                    href: format!("{up}{}{frag}", original.href),
                    anchor: None,
                }
            }
            None if self.index.is_draft(target) => Resolution::Unlink {
                message: format!("the link `{dest}` points to a draft, which is not published; the link text is kept without a link (build with --drafts to include drafts)"),
            },
            None if let Some(other) = self.index.other_languages.get(target) => {
                self.other_language(dest, other, base, &frag)
            }
            None => Resolution::Broken {
                message: format!("the link `{dest}` points to content/{target}, which does not exist"),
                suggestion: Some(match self.index.closest_path(target) {
                    Some(p) => format!("did you mean `{}`?", relative_from(base, p)),
                    None => "check the file name; links to other pages are written as paths to their .md files".into(),
                }),
            },
        }
    }

    /// A link to `other`, a page in another language: it goes there, with a warning
    /// naming the page in this page's language.
    fn other_language(&self, dest: &str, other: &OtherPage, base: &str, frag: &str) -> Resolution {
        Resolution::OtherLanguage {
            href: format!("{ROOT_MARKER}{}{frag}", other.href),
            message: format!(
                "the link `{dest}` goes to the {} version of a page, so readers of this page leave its language",
                other.code
            ),
            suggestion: format!(
                "link to `{}`, this page's language's version; readers change language with the language switch",
                relative_from(base, &other.original)
            ),
        }
    }

    /// The problem of a link or image whose file (not a page) does not exist, with the
    /// file of the same name in another case, or the closest name, when there is one.
    fn missing_file(&self, dest: &str, target: &str, base: &str, kind: LinkKind) -> Resolution {
        let message = match kind {
            LinkKind::Image => {
                format!("the image `{dest}` is not a file of this site (looked for `{target}`)")
            }
            LinkKind::Link => format!(
                "the link `{dest}` points to `{target}`, which is not a page or file of this site"
            ),
        };
        let lower = target.to_lowercase();
        let same_but_case = self
            .index
            .outputs
            .iter()
            .find(|o| o.to_lowercase() == lower);
        let suggestion = match same_but_case {
            Some(o) => format!(
                "did you mean `{}`? File names must match in case: Windows and macOS ignore it, but most web hosts do not",
                relative_from(base, o)
            ),
            None if kind == LinkKind::Link && let Some(page) = self.index.page_at_end_of(target) => {
                let fragment = dest.split_once('#').map(|(_, f)| format!("#{f}")).unwrap_or_default();
                format!(
                    "did you mean the page `{page}`? Link to a page by the path to its .md file from this page's folder: `[words]({}{fragment})`",
                    relative_from(base, page)
                )
            }
            None => match self.index.closest_output(target) {
                Some(o) => format!("did you mean `{}`?", relative_from(base, o)),
                None if kind == LinkKind::Image => "put the image beside this page's file, or in static/ and write it as `/images/name.jpg`".to_owned(),
                None => "link to another page by its .md file, written from this page's folder (e.g. `../other-page.md`), or put the file in static/ and link to it as `/file.pdf`".to_owned(),
            },
        };
        Resolution::Broken {
            message,
            suggestion: Some(suggestion),
        }
    }
}

/// The problem of a link to a file on the author's own computer (`C:\\Users\\...`,
/// `file:///...`, a network share: an error) or to a preview on it
/// (`http://localhost:1111/`: a warning, as one may be linked on purpose while
/// writing), which no reader can open.
fn on_this_computer(dest: &str) -> Option<Resolution> {
    use crate::markdown::local::{OnAuthorsComputer, on_authors_computer};
    let copy_it = "copy the file into the site (beside this page, or in static/) and link to it there, e.g. `/files/report.pdf`";
    let message = match on_authors_computer(dest)? {
        OnAuthorsComputer::Preview => {
            return Some(Resolution::LocalAddress {
                message: format!("`{dest}` is an address on your own computer (a preview), which readers of the site cannot open"),
                suggestion: "link to the page's .md file if it is a page of this playbook (e.g. `../building-blocks/shared-purpose.md`), or to its public web address".into(),
            });
        }
        // Markdown reads `\\server\share` as `\server\share`: not what was written.
        OnAuthorsComputer::File if dest.starts_with('\\') => {
            "the link starting with a backslash is to a file on a network share or on your computer, which readers of the site cannot open".to_owned()
        }
        OnAuthorsComputer::File => {
            format!("`{dest}` is a file on your computer, which readers of the site cannot open")
        }
    };
    Some(Resolution::Broken {
        message,
        suggestion: Some(copy_it.into()),
    })
}

/// `path` in Unicode's composed form (NFC), as slugs are.
fn composed(path: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if path.is_ascii() {
        path.to_owned()
    } else {
        path.nfc().collect()
    }
}

/// `target` (content-relative) written relative to folder `base`.
fn relative_from(base: &str, target: &str) -> String {
    let base_parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    let target_parts: Vec<&str> = target.split('/').collect();
    let common = base_parts
        .iter()
        .zip(&target_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(base_parts.len() - common);
    out.push_str(&target_parts[common..].join("/"));
    out
}

/// The position in a doc of a value in a front-matter list (for reference errors).
pub fn value_position(doc: &SourceDoc, key: &str, value: &str) -> Option<Position> {
    doc.front_lines
        .and_then(|l| l.locate_value(&doc.text, key, value))
}

/// True when `kind` pages can be the target of `building_blocks` references.
pub fn is_block(kind: Kind) -> bool {
    kind == Kind::BuildingBlock
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_resolves_dots_and_refuses_escape() {
        assert_eq!(
            normalise("case-studies", "../building-blocks/a.md").as_deref(),
            Some("building-blocks/a.md")
        );
        assert_eq!(
            normalise("case-studies", "/about.md").as_deref(),
            Some("about.md")
        );
        assert_eq!(normalise("", "../x.md"), None);
        assert_eq!(normalise("a", "./b/"), Some("a/b/".into()));
    }

    #[test]
    fn schemes_are_external() {
        assert!(has_scheme("https://x.org"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("../a.md"));
        assert!(!has_scheme("a.md#x:y"));
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("Sheffield%20Money.md"), "Sheffield Money.md");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn relative_suggestions() {
        assert_eq!(
            relative_from("case-studies", "building-blocks/a.md"),
            "../building-blocks/a.md"
        );
        assert_eq!(relative_from("", "about.md"), "about.md");
    }
}
