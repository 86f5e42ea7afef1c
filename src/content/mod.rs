//! Loading content: walk `content/`, read each markdown file, split and type its front matter.
//!
//! The result is a list of [`SourceDoc`]s (one per markdown file, in path order) and of
//! [`Asset`]s (other files under `content/`, copied beside the pages), plus every
//! problem found. Nothing here knows about other pages; cross-page checks come later.

pub mod front_matter;
pub mod keys;
pub mod split;
pub mod translations;
mod walk;
pub mod warnings;

use crate::config::{Config, Kind};
use crate::dates::Date;
use crate::diagnostic::{Diagnostic, Diagnostics, SourceText};
pub use front_matter::{FrontMatter, FrontMatterLines, Source};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
pub use walk::{Found, FoundRole, is_ignored_name, is_markdown};

/// The name of the content folder under the site root.
pub const CONTENT_DIR: &str = "content";

/// What a markdown file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocRole {
    /// A page of a collection, or a top-level page.
    Page,
    /// `content/index.md`: the home page's text.
    Home,
    /// `content/<collection>/_index.md`: the text of a collection's index page.
    CollectionIntro,
}

/// One markdown file, read and with its front matter typed.
#[derive(Debug, Clone)]
pub struct SourceDoc {
    /// Path from the site root, `/`-separated: `content/case-studies/x.md`.
    pub path: String,
    /// Path from the content folder: `case-studies/x.md`.
    pub content_path: String,
    /// The collection's key, or `None` for top-level pages.
    pub collection: Option<String>,
    /// The schema its front matter follows.
    pub kind: Kind,
    /// What the file is for.
    pub role: DocRole,
    /// The file name without extension.
    pub stem: String,
    /// The whole text (BOM removed, LF line endings).
    pub text: SourceText,
    /// Byte offset where the markdown body starts.
    pub body_start: usize,
    /// The typed front matter.
    pub front: FrontMatter,
    /// Where the front matter is, when there is one.
    pub front_lines: Option<FrontMatterLines>,
    /// The file's modification time.
    pub modified: Option<Date>,
}

impl SourceDoc {
    /// The page's slug: its `slug:`, or the one its file name gives.
    pub fn slug(&self) -> String {
        self.front
            .slug
            .clone()
            .unwrap_or_else(|| crate::slug::page_slug(&self.stem))
    }

    /// The markdown body (empty once [`SourceDoc::release_body`] released it).
    pub fn body(&self) -> &str {
        self.text
            .as_str()
            .get(self.body_start..)
            .unwrap_or_default()
    }

    /// Releases the markdown body, keeping the front matter (with its positions, for
    /// messages about it): for a build, once every body is rendered.
    pub fn release_body(&mut self) {
        self.text.keep_up_to(self.body_start);
    }
}

/// A non-markdown file under `content/`, copied to the same place in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Where it is on disk.
    pub source: PathBuf,
    /// Its path in the output (and under `content/`), `/`-separated.
    pub output: String,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Sources {
    /// Markdown files that were read without errors, in path order.
    pub docs: Vec<SourceDoc>,
    /// Other files.
    pub assets: Vec<Asset>,
    /// Every problem found.
    pub diagnostics: Diagnostics,
    /// Markdown files that could not be read or typed (their errors are in
    /// `diagnostics`), with what they still claim, so that links and references to
    /// them are not reported again: those errors follow from the file's own.
    pub broken: Vec<Claim>,
    /// The markdown bodies of files whose front matter has errors, each with empty
    /// front matter: their text is checked too, so that one run reports every
    /// problem of the file (they are not published).
    pub broken_bodies: Vec<SourceDoc>,
}

impl Sources {
    /// The slugs of the building blocks whose files have errors.
    pub fn broken_block_slugs(&self) -> Vec<String> {
        self.broken
            .iter()
            .filter(|c| c.kind == Kind::BuildingBlock)
            .map(|c| c.slug.clone())
            .collect()
    }
}

/// What a markdown file with errors still claims: its place and its slug. Pages that
/// name it get no errors of their own, since the file's own error says it all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Path from the content folder: `building-blocks/x.md`.
    pub content_path: String,
    /// The schema its front matter follows.
    pub kind: Kind,
    /// Its slug: the front matter's `slug:` if one can be read, else from the file name.
    pub slug: String,
}

impl Claim {
    /// What the file at `f` claims, read as leniently as possible from its `text` when
    /// it was decoded, else from its bytes.
    fn of(f: &Found, kind: Kind, text: Option<&str>) -> Claim {
        let read = || {
            std::fs::read(&f.abs)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default()
        };
        let slug = match text {
            Some(text) => lenient_slug(text),
            None => lenient_slug(&read()),
        };
        let slug = slug.unwrap_or_else(|| crate::slug::page_slug(&f.stem));
        Claim {
            content_path: f.content_path.clone(),
            kind,
            slug,
        }
    }
}

/// What a markdown file that the walk could not place (in a folder that is not a
/// collection, say) still claims: links to it follow from its own error.
fn unplaced_claim(d: &Diagnostic) -> Option<Claim> {
    let file = d.location.as_ref()?.file.as_str();
    let content_path = file.strip_prefix(CONTENT_DIR)?.strip_prefix('/')?;
    if !is_markdown(Path::new(content_path)) {
        return None;
    }
    let stem = Path::new(content_path).file_stem()?.to_string_lossy();
    Some(Claim {
        content_path: content_path.to_owned(),
        kind: Kind::Page,
        slug: crate::slug::page_slug(&stem),
    })
}

/// The value of a top-level `slug:` line in the front matter of `text`, read without a
/// YAML parser (the file's YAML may be what is broken).
fn lenient_slug(text: &str) -> Option<String> {
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    lines
        .take_while(|l| l.trim_end() != "---")
        .find_map(|l| l.strip_prefix("slug:"))
        .map(|v| v.trim().trim_matches(['"', '\'']).to_owned())
        .filter(|v| crate::slug::is_safe_segment(v))
}

/// Walks and reads the content folder of the site at `root`.
pub fn load(root: &Path, config: &Config) -> Sources {
    let mut loaded = Sources::default();
    let (found, walk_errors) = walk::discover(root, config);
    loaded
        .broken
        .extend(walk_errors.iter().filter_map(unplaced_claim));
    loaded.diagnostics.extend(walk_errors);
    let results: Vec<(&Found, Result<SourceDoc, Unreadable>)> = found
        .par_iter()
        .filter_map(|f| match &f.role {
            FoundRole::Asset => None,
            FoundRole::Markdown {
                collection,
                kind,
                role,
            } => Some((f, read_doc(f, collection.clone(), *kind, *role))),
        })
        .collect();
    let mut failed = Vec::new();
    for (f, r) in results {
        match r {
            Ok(doc) => loaded.docs.push(doc),
            Err(ds) => failed.push((f, ds)),
        }
    }
    for (f, ds) in failed {
        record_failure(&mut loaded, f, ds);
    }
    loaded.assets = found
        .into_iter()
        .filter(|f| matches!(f.role, FoundRole::Asset))
        .map(|f| Asset {
            source: f.abs,
            output: f.content_path,
        })
        .collect();
    loaded
}

/// Records in `loaded` the markdown file `f` that could not be read or typed (`failed`):
/// its errors, what it still claims, and its body when that can still be checked.
fn record_failure(loaded: &mut Sources, f: &Found, failed: Unreadable) {
    let FoundRole::Markdown {
        kind, collection, ..
    } = &f.role
    else {
        return;
    };
    let mut ds = failed.errors;
    if *kind == Kind::BuildingBlock {
        suggest_free_number(&mut ds, collection.as_deref(), &loaded.docs);
    }
    loaded.diagnostics.extend(ds);
    let text = failed.body.as_ref().map(|d| d.text.as_str());
    loaded.broken.push(Claim::of(f, *kind, text));
    loaded.broken_bodies.extend(failed.body);
}

/// Completes the help of a block's missing or unusable `number` with the first number
/// no other block of its collection uses: only the whole site knows it.
fn suggest_free_number(ds: &mut [Diagnostic], collection: Option<&str>, docs: &[SourceDoc]) {
    let taken = docs
        .iter()
        .filter(|d| d.collection.as_deref() == collection && d.role == DocRole::Page)
        .filter_map(|d| d.front.number);
    let free = free_numbers(taken).next().unwrap_or(1);
    for d in ds.iter_mut().filter(|d| is_number_problem(d)) {
        d.suggestion = Some(format!(
            "give the block a number of its own: {free} is free, e.g. `number: {free}`"
        ));
    }
}

/// The numbers from 1 up that none of `taken` is, in order.
pub fn free_numbers(taken: impl IntoIterator<Item = i64>) -> impl Iterator<Item = i64> {
    let taken: std::collections::HashSet<i64> = taken.into_iter().collect();
    (1..).filter(move |n| !taken.contains(n))
}

/// True for an error about a block's `number` itself (missing, below 1, not a number).
fn is_number_problem(d: &Diagnostic) -> bool {
    matches!(
        d.code,
        "missing-field" | "invalid-value" | "wrong-type" | "invalid-front-matter"
    ) && d.message.contains("`number`")
}

/// Reads `doc`'s file again (after an edit), keeping its collection, kind and role; on
/// errors, with its body when that can still be checked.
pub fn reread(root: &Path, doc: &SourceDoc) -> Result<SourceDoc, Unreadable> {
    let found = Found {
        abs: root.join(&doc.path),
        site_path: doc.path.clone(),
        content_path: doc.content_path.clone(),
        stem: doc.stem.clone(),
        role: FoundRole::Asset,
    };
    read_doc(&found, doc.collection.clone(), doc.kind, doc.role)
}

fn read_doc(
    f: &Found,
    collection: Option<String>,
    kind: Kind,
    role: DocRole,
) -> Result<SourceDoc, Unreadable> {
    let file = f.site_path.as_str();
    let cannot_read = |e: std::io::Error| {
        Unreadable::bare(vec![
            Diagnostic::error("io", format!("cannot read this file: {e}")).in_file(file),
        ])
    };
    let meta = std::fs::metadata(&f.abs).map_err(cannot_read)?;
    if meta.len() > split::MAX_FILE_BYTES {
        return Err(Unreadable::bare(vec![too_large(meta.len(), file)]));
    }
    let bytes = std::fs::read(&f.abs).map_err(cannot_read)?;
    let place = DocPlace {
        site_path: f.site_path.clone(),
        content_path: f.content_path.clone(),
        stem: f.stem.clone(),
        collection,
        kind,
        role,
    };
    parse_keeping_body(
        &place,
        bytes,
        meta.modified().ok().and_then(Date::from_system_time),
    )
}

fn too_large(len: u64, file: &str) -> Diagnostic {
    Diagnostic::error(
        "file-too-large",
        format!(
            "this file is {:.1} MB; placebook reads markdown files up to {} MB",
            len as f64 / 1_048_576.0,
            split::MAX_FILE_BYTES / 1_048_576
        ),
    )
    .in_file(file)
    .suggest("split it into several pages, or put large downloads in static/ and link to them")
}

/// Where a markdown file sits in a site and what that makes it: everything about a
/// document that its path under `content/` decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocPlace {
    /// Path from the site root, `/`-separated: `content/case-studies/x.md`.
    pub site_path: String,
    /// Path from the content folder: `case-studies/x.md`.
    pub content_path: String,
    /// The file name without extension.
    pub stem: String,
    /// The collection's key, or `None` for top-level pages.
    pub collection: Option<String>,
    /// The schema its front matter follows.
    pub kind: Kind,
    /// What the file is for.
    pub role: DocRole,
}

/// What the markdown file at `content_path` (from the content folder, `/`-separated) is,
/// as the build decides it; an error for a folder that is not a collection.
pub fn place_of(content_path: &str, config: &Config) -> Result<DocPlace, Diagnostic> {
    let site_path = format!("{CONTENT_DIR}/{content_path}");
    let name = content_path.rsplit('/').next().unwrap_or(content_path);
    let stem = Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = walk::page_stem(&stem, config).map_err(|d| d.in_file(&site_path))?;
    match walk::classify(content_path, &stem, config) {
        Ok(FoundRole::Markdown {
            collection,
            kind,
            role,
        }) => Ok(DocPlace {
            site_path,
            content_path: content_path.to_owned(),
            stem: walk::bundle_name(content_path, stem),
            collection,
            kind,
            role,
        }),
        Ok(FoundRole::Asset) => Err(Diagnostic::error(
            "not-markdown",
            "this file is not a markdown page",
        )
        .in_file(site_path)),
        Err(d) => Err(d.in_file(site_path)),
    }
}

/// The error for a page of `kind` (not a plain page) written with no front matter: the
/// fields to give it, with its first heading as its title when it has one.
fn missing_front_matter(text: &SourceText, file: &str, kind: Kind) -> Diagnostic {
    let required: Vec<String> = front_matter::FIELDS
        .iter()
        .filter(|fi| fi.required_for.contains(&kind))
        .map(|fi| match (fi.name, first_heading(text.as_str())) {
            ("title", Some(h)) => format!(
                "`title: {}` (its first heading, which you can then delete)",
                yaml_scalar(h)
            ),
            (name, _) => format!("`{name}:`"),
        })
        .collect();
    Diagnostic::error(
        "missing-front-matter",
        format!("this {} has no front matter", kind.name()),
    )
    .at(
        file,
        text,
        crate::diagnostic::Position { line: 1, column: 1 },
    )
    .suggest(format!(
        "start the file with a `---` line, then {}, then another `---` line",
        required.join(", ")
    ))
}

/// `errors` about a file's front matter, with the help for a missing `title` naming the
/// body's first `# heading` when it starts with one (as pages from other tools often
/// do): the title it was meant to have.
fn title_from_heading(errors: Vec<Diagnostic>, body: &str) -> Vec<Diagnostic> {
    let Some(heading) = first_heading(body) else {
        return errors;
    };
    errors
        .into_iter()
        .map(|mut d| {
            if d.code == "missing-field" && d.message.ends_with("no `title`") {
                d.suggestion = Some(format!(
                    "add `title: {}`, the page's first heading, and delete the `# {heading}` line: the page shows its title above the text",
                    yaml_scalar(heading)
                ));
            }
            d
        })
        .collect()
}

/// The text of a `# heading` that is the first line of `body` with words on it.
fn first_heading(body: &str) -> Option<&str> {
    body.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .and_then(|l| l.strip_prefix("# "))
        .map(|h| h.trim().trim_end_matches('#').trim())
        .filter(|h| !h.is_empty())
}

/// `text` as a YAML value on one line: as it is, or in double quotes when YAML would
/// read it otherwise (`Step 1: agree`, `"Quoted"`, `[draft]`).
fn yaml_scalar(text: &str) -> String {
    // Numbers in any of YAML's forms (`2024`, `1e3`, `.inf`, `0x1F`) start like this.
    let reads_as_other = matches!(
        text.to_lowercase().as_str(),
        "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off"
    ) || text.starts_with(|c: char| c.is_ascii_digit() || ".+-".contains(c));
    let plain = !reads_as_other
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.starts_with([
            '"', '\'', '[', ']', '{', '}', '&', '*', '!', '|', '>', '%', '@', '`', '#', '-', '?',
            ',',
        ]);
    if plain {
        text.to_owned()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// `errors` about a file's front matter, with a field of another kind explained for a
/// collection's own text (`case-studies/_index.md` or `index.md`), which is a page
/// although it sits among the collection's pages.
fn said_of_collection_text(errors: Vec<Diagnostic>, place: &DocPlace) -> Vec<Diagnostic> {
    if place.role != DocRole::CollectionIntro {
        return errors;
    }
    let name = place.content_path.rsplit('/').next().unwrap_or_default();
    errors
        .into_iter()
        .map(|mut d| {
            if d.code == "field-not-for-kind" {
                d.message = d.message.replace(
                    "but this file is a page",
                    &format!("but `{name}` in a collection's folder is the text of the collection's index page"),
                );
                d.suggestion = Some(format!(
                    "remove the field; or, if this file is one of the collection's pages, give it a name other than `{name}`"
                ));
            }
            d
        })
        .collect()
}

/// Reads one markdown document from its bytes, exactly as the build reads a file: decode,
/// split off the front matter, and type and check it against the document's kind. Pure:
/// editors call it on text that is not saved yet.
pub fn parse_one(
    place: &DocPlace,
    bytes: Vec<u8>,
    modified: Option<Date>,
) -> Result<SourceDoc, Vec<Diagnostic>> {
    parse_keeping_body(place, bytes, modified).map_err(|u| u.errors)
}

/// A markdown file with errors: the errors, and the file with its front matter left
/// empty when its text could be decoded and split (all of it when it has no front
/// matter), so that its body can still be checked (see [`Sources::broken_bodies`]).
#[derive(Debug)]
pub struct Unreadable {
    /// Its errors.
    pub errors: Vec<Diagnostic>,
    /// Its body, with empty front matter.
    pub body: Option<SourceDoc>,
}

impl Unreadable {
    /// Errors with no body to check.
    fn bare(errors: Vec<Diagnostic>) -> Self {
        Unreadable { errors, body: None }
    }
}

/// [`parse_one`], keeping the body of a document whose front matter has errors.
pub fn parse_keeping_body(
    place: &DocPlace,
    bytes: Vec<u8>,
    modified: Option<Date>,
) -> Result<SourceDoc, Unreadable> {
    let file = place.site_path.as_str();
    let kind = place.kind;
    if bytes.len() as u64 > split::MAX_FILE_BYTES {
        return Err(Unreadable::bare(vec![too_large(bytes.len() as u64, file)]));
    }
    let text = SourceText::new(split::decode(bytes, file).map_err(|d| Unreadable::bare(vec![d]))?);
    if text.as_str().trim().is_empty() {
        return Err(Unreadable::bare(vec![
            Diagnostic::error("empty-file", "this file is empty")
                .in_file(file)
                .suggest("add front matter with at least a `title:`, or delete the file"),
        ]));
    }
    let sp = split::split(&text, file).map_err(|d| Unreadable::bare(vec![d]))?;
    let front_lines = sp.front_matter.as_ref().map(|r| FrontMatterLines {
        first: r.first_line,
        closing: r.closing_line,
    });
    let front = match (&sp.front_matter, front_lines) {
        (Some(r), Some(lines)) => {
            let yaml = &text.as_str()[r.start..r.end];
            front_matter::parse(&text, yaml, lines, kind, file).map_err(|e| {
                let e = said_of_collection_text(e, place);
                title_from_heading(e, &text.as_str()[sp.body_start..])
            })
        }
        _ if kind == Kind::Page => Ok(FrontMatter::default()),
        _ => Err(vec![missing_front_matter(&text, file, kind)]),
    };
    let (front, errors) = match front {
        Ok(front) => (front, None),
        Err(errors) => (FrontMatter::default(), Some(errors)),
    };
    let doc = SourceDoc {
        path: place.site_path.clone(),
        content_path: place.content_path.clone(),
        collection: place.collection.clone(),
        kind,
        role: place.role,
        stem: place.stem.clone(),
        text,
        body_start: sp.body_start,
        front,
        front_lines,
        modified,
    };
    match errors {
        None => Ok(doc),
        Some(errors) => Err(Unreadable {
            errors,
            body: Some(doc),
        }),
    }
}

/// Lists the files under `dir` (skipping hidden and editor files) as
/// (path relative to `dir` with `/`, path on disk), refusing links that leave `root`.
pub fn walk_static(dir: &Path, root: &Path) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    if !dir.is_dir() {
        return (files, errors);
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !walk::is_ignored_name(&e.file_name().to_string_lossy())
        });
    for entry in walker {
        let site_rel = |p: &Path| {
            p.strip_prefix(root)
                .map(walk::slash_path)
                .unwrap_or_else(|_| p.display().to_string())
        };
        match entry {
            Ok(e) if e.file_type().is_file() => {
                if e.path_is_symlink()
                    && !e
                        .path()
                        .canonicalize()
                        .is_ok_and(|t| t.starts_with(&canonical_root))
                {
                    errors.push(
                        Diagnostic::error(
                            "symlink-outside",
                            "this symbolic link points outside the site folder",
                        )
                        .in_file(site_rel(e.path()))
                        .suggest("copy the file into the site instead of linking to it"),
                    );
                    continue;
                }
                if let Ok(rel) = e.path().strip_prefix(dir) {
                    files.push((walk::slash_path(rel), e.into_path()));
                }
            }
            Ok(_) => {}
            Err(e) => errors.push(
                Diagnostic::error(
                    if e.loop_ancestor().is_some() {
                        "symlink-loop"
                    } else {
                        "io"
                    },
                    format!("cannot read this path: {e}"),
                )
                .in_file(e.path().map(site_rel).unwrap_or_default()),
            ),
        }
    }
    (files, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_folder_s_index_or_readme_is_its_own_page() {
        let config = Config::parse("title: T\n").expect("a config");
        let place = |path: &str| {
            let p = place_of(path, &config).expect("a markdown page");
            (p.role, p.stem)
        };
        for home in ["index.md", "README.md", "readme.md"] {
            assert_eq!(place(home).0, DocRole::Home, "{home}");
        }
        assert_eq!(place("_index.md").0, DocRole::Page);
        for intro in ["index.md", "_index.md", "README.md", "Readme.md"] {
            let path = format!("case-studies/{intro}");
            assert_eq!(place(&path).0, DocRole::CollectionIntro, "{path}");
        }
        for own in ["index.md", "_index.md", "README.md"] {
            let path = format!("case-studies/oldham/{own}");
            assert_eq!(place(&path), (DocRole::Page, "oldham".to_owned()), "{path}");
        }
        assert_eq!(
            place("case-studies/readme-first.md"),
            (DocRole::Page, "readme-first".to_owned())
        );
    }

    #[test]
    fn the_first_heading_is_found_only_at_the_top() {
        assert_eq!(
            first_heading("\n# Menu System #\n\nText"),
            Some("Menu System")
        );
        assert_eq!(first_heading("Text\n\n# Later"), None);
        assert_eq!(first_heading("## Second level"), None);
    }

    #[test]
    fn a_title_yaml_would_read_as_another_type_is_quoted() {
        for text in ["2024", "1e3", ".inf", "0x1F", "true", "Null", "~", "yes"] {
            assert_eq!(yaml_scalar(text), format!("\"{text}\""));
        }
        assert_eq!(yaml_scalar("Step 1: agree"), "\"Step 1: agree\"");
        assert_eq!(yaml_scalar("Oldham"), "Oldham");
    }

    proptest! {
        /// A title written as `yaml_scalar` suggests reads back as the heading.
        #[test]
        fn a_suggested_title_reads_back_as_written(heading in "([a-zA-Z0-9 :#'\"\\[\\]{}&*!|>%@`,?.-]{1,30}|[0-9.]{1,6}|true|null|~)") {
            let heading = heading.trim();
            prop_assume!(!heading.is_empty());
            #[derive(serde::Deserialize)]
            struct Title { title: String }
            let yaml = format!("title: {}", yaml_scalar(heading));
            let read: Title = serde_yaml::from_str(&yaml).map_err(|e| TestCaseError::fail(format!("{yaml}: {e}")))?;
            prop_assert_eq!(read.title, heading);
        }
    }
}
