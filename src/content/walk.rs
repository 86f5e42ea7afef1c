//! Finding the files under `content/` and deciding what each one is.

use super::{CONTENT_DIR, DocRole};
use crate::config::{Config, Kind};
use crate::diagnostic::{Diagnostic, closest};
use std::path::{Path, PathBuf};

/// A file found under `content/`.
#[derive(Debug, Clone)]
pub struct Found {
    /// Where it is on disk.
    pub abs: PathBuf,
    /// Path from the site root, `/`-separated.
    pub site_path: String,
    /// Path from the content folder, `/`-separated.
    pub content_path: String,
    /// File name without extension.
    pub stem: String,
    /// What it is.
    pub role: FoundRole,
}

/// What a found file is.
#[derive(Debug, Clone)]
pub enum FoundRole {
    /// A markdown page.
    Markdown {
        /// Its collection, or `None` at the top level.
        collection: Option<String>,
        /// Its kind.
        kind: Kind,
        /// Page, home or collection intro.
        role: DocRole,
    },
    /// Any other file: copied as it is.
    Asset,
}

/// True for names placebook skips: hidden files, editors' temporary and backup files,
/// and the files operating systems and Office leave in a folder (Windows' thumbnail
/// cache `Thumbs.db`, which holds pictures of images since deleted, `desktop.ini`,
/// Word's `~$report.docx` while it is open, the `__MACOSX` folder of an unzipped
/// archive), which no reader should be sent.
pub fn is_ignored_name(name: &str) -> bool {
    const SYSTEM_FILES: [&str; 4] = ["thumbs.db", "ehthumbs.db", "desktop.ini", "__macosx"];
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with("~$")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || SYSTEM_FILES.iter().any(|f| name.eq_ignore_ascii_case(f))
}

/// True for markdown files (`.md` or `.markdown`, any case).
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Lists the files under `root/content`, in path order, with every problem found.
pub fn discover(root: &Path, config: &Config) -> (Vec<Found>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        errors.push(
            Diagnostic::error("no-content", format!("there is no {CONTENT_DIR}/ folder in the site's folder"))
                .suggest("put your markdown files in a folder named content/, or start a new playbook with `placebook init DIR`"),
        );
        return (found, errors);
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walker = walkdir::WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(walk_error(root, &e));
                continue;
            }
        };
        if entry.path_is_symlink() && !links_inside(&entry, &canonical_root) {
            let rel = entry
                .path()
                .strip_prefix(root)
                .map(slash_path)
                .unwrap_or_default();
            errors.push(
                Diagnostic::error("symlink-outside", "this symbolic link points outside the site folder")
                    .in_file(rel)
                    .suggest("copy the file into the site instead of linking to it; placebook only reads files inside the site"),
            );
            continue;
        }
        if entry.file_type().is_file() {
            match found_file(entry, &content, config) {
                Some(Ok(f)) => found.push(f),
                Some(Err(d)) => errors.push(d),
                None => {}
            }
        }
    }
    (found, errors)
}

/// The error for a path the walk could not read: a symbolic-link loop, or any other.
fn walk_error(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let rel = e
        .path()
        .and_then(|p| p.strip_prefix(root).ok())
        .map(slash_path)
        .unwrap_or_else(|| CONTENT_DIR.to_owned());
    if e.loop_ancestor().is_some() {
        Diagnostic::error(
            "symlink-loop",
            "this symbolic link points back to a folder that contains it",
        )
        .in_file(rel)
        .suggest("remove the link, or point it somewhere outside its own folder tree")
    } else {
        Diagnostic::error("io", format!("cannot read this path: {e}"))
            .in_file(rel)
            .suggest("check that the file exists and is readable (a broken symbolic link?)")
    }
}

/// Whether a symbolic link's target is inside the site folder `canonical_root`.
fn links_inside(entry: &walkdir::DirEntry, canonical_root: &Path) -> bool {
    entry
        .path()
        .canonicalize()
        .is_ok_and(|t| t.starts_with(canonical_root))
}

/// A file found under `content`: a page (with its role) or an asset; `None` for a path
/// outside `content`, an error for a markdown file in a place no page can be.
fn found_file(
    entry: walkdir::DirEntry,
    content: &Path,
    config: &Config,
) -> Option<Result<Found, Diagnostic>> {
    let rel_content = slash_path(entry.path().strip_prefix(content).ok()?);
    let site_path = format!("{CONTENT_DIR}/{rel_content}");
    let stem = entry
        .path()
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let role = if is_markdown(entry.path()) {
        let stem = match page_stem(&stem, config) {
            Ok(s) => s,
            Err(d) => return Some(Err(d.in_file(site_path))),
        };
        match classify(&rel_content, &stem, config) {
            Ok(r) => r,
            Err(d) => return Some(Err(d.in_file(site_path))),
        }
    } else if let Some(meant) = almost_markdown(&rel_content) {
        return Some(Err(almost_markdown_error(&site_path, &meant)));
    } else {
        FoundRole::Asset
    };
    let stem = match role {
        FoundRole::Markdown { .. } => {
            bundle_name(&rel_content, page_stem(&stem, config).unwrap_or(stem))
        }
        FoundRole::Asset => stem,
    };
    Some(Ok(Found {
        abs: entry.into_path(),
        site_path,
        content_path: rel_content,
        stem,
        role,
    }))
}

/// The name a page takes from its file's `stem`: for `index.md`, `_index.md` or
/// `README.md` in a folder of its own inside a collection (`case-studies/oldham/index.md`,
/// with its images beside it, as Hugo's page bundles and Zola's page folders are kept,
/// or a Hugo section's `_index.md`), the folder's name.
pub(super) fn bundle_name(rel_content: &str, stem: String) -> String {
    let mut folders = rel_content.rsplit('/').skip(1);
    match (folders.next(), folders.next()) {
        (Some(folder), Some(_)) if is_folder_page(&stem) => folder.to_owned(),
        _ => stem,
    }
}

/// Whether a markdown file named `stem` is its folder's own page: `index.md` (most
/// generators), `_index.md` (Hugo and Zola sections) or `README.md` (mdBook, VuePress and
/// GitHub Pages, where a folder's README is its index page).
pub fn is_folder_page(stem: &str) -> bool {
    stem.eq_ignore_ascii_case("index") || stem == "_index" || stem.eq_ignore_ascii_case("readme")
}

/// A markdown file's stem without its language code (`oldham` for `oldham.cy.md`) on a
/// multilingual site; an error for a code that is not one of `languages:`.
pub fn page_stem(stem: &str, config: &Config) -> Result<String, Diagnostic> {
    if let Some((base, _)) = config.split_language(stem) {
        return Ok(base.to_owned());
    }
    match config.unknown_language_suffix(stem) {
        Some(code) => {
            let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
            Err(Diagnostic::error(
                "unknown-language",
                format!("this file's name ends in `.{code}`, but `{code}` is not one of the playbook's languages"),
            )
            .suggest(format!(
                "add `- code: {code}` under `languages:` in placebook.yaml, or rename the file to end in one of: {}",
                codes.iter().map(|c| format!(".{c}.md")).collect::<Vec<_>>().join(", ")
            )))
        }
        None => Ok(stem.to_owned()),
    }
}

/// The name a file was meant to have when its name is a markdown name with a text
/// editor's extension added (`oldham.md.txt`, as Notepad saves it): `oldham.md`.
pub fn almost_markdown(rel: &str) -> Option<String> {
    let lower = rel.to_lowercase();
    let almost = lower.ends_with(".md.txt") || lower.ends_with(".markdown.txt");
    almost.then(|| rel[..rel.len() - ".txt".len()].to_owned())
}

/// The error for a file whose name is almost a markdown page's.
fn almost_markdown_error(site_path: &str, meant: &str) -> Diagnostic {
    let name = meant.rsplit('/').next().unwrap_or(meant);
    let file = site_path.rsplit('/').next().unwrap_or(site_path);
    Diagnostic::error(
        "not-markdown",
        format!("`{file}` is not read as a page, because its name does not end in .md"),
    )
    .in_file(site_path)
    .suggest(format!(
        "rename it to `{name}` (Windows may hide the last part of the name: in File Explorer, turn on View > File name extensions); it must be saved as plain text"
    ))
}

/// What the markdown file at `rel` (from the content folder) is: its collection, kind
/// and role; an error for a folder that is not a collection.
pub(super) fn classify(rel: &str, stem: &str, config: &Config) -> Result<FoundRole, Diagnostic> {
    let mut parts = rel.split('/');
    let first = parts.next().unwrap_or_default();
    let nested = rel.contains('/');
    if !nested {
        let role = if stem != "_index" && is_folder_page(stem) {
            DocRole::Home
        } else {
            DocRole::Page
        };
        return Ok(FoundRole::Markdown {
            collection: None,
            kind: Kind::Page,
            role,
        });
    }
    match config.collections.get(first) {
        Some(c) => {
            let direct = rel.matches('/').count() == 1;
            // `index.md` is a folder's own page in most other generators (and
            // `content/index.md` is the home page's text here).
            let role = if direct && is_folder_page(stem) {
                DocRole::CollectionIntro
            } else {
                DocRole::Page
            };
            Ok(FoundRole::Markdown {
                collection: Some(first.to_owned()),
                kind: if role == DocRole::CollectionIntro {
                    Kind::Page
                } else {
                    c.kind
                },
                role,
            })
        }
        None => {
            let names: Vec<&str> = config.collections.keys().map(String::as_str).collect();
            let d = Diagnostic::error(
                "unknown-collection",
                format!(
                    "the folder `{first}` is not a collection, so placebook does not know what kind of pages it holds"
                ),
            );
            let add = add_collection_help(first, config);
            Err(match closest(first, names.iter().copied()) {
                Some(n) => d.suggest(format!("did you mean the folder `{n}`? Otherwise, {add}")),
                None => d.suggest(add),
            })
        }
    }
}

/// How to make folder `first` a collection of plain pages, in words that fit the site's
/// placebook.yaml as it is written: a line under its `collections:`, an entry inside
/// its braces, or (when it has none, and uses the default collections) a whole
/// `collections:` line that keeps the collections the site has now.
pub fn add_collection_help(first: &str, config: &Config) -> String {
    let entry = format!("{}: {{ kind: page }}", yaml_key(first));
    let kinds = "(or `kind: case-study` or `kind: building-block` if it holds those)";
    match config.collections_at {
        Some(at) if at.flow => format!(
            "to make it a collection, add `{entry}` inside the braces of `collections:` on line {} of placebook.yaml, after a comma {kinds}",
            at.line
        ),
        Some(at) => format!(
            "to make it a collection, add the line `{entry}` under `collections:` (line {} of placebook.yaml), indented like the lines below it {kinds}",
            at.line
        ),
        None => {
            let mut all: Vec<String> = config
                .collections
                .iter()
                .map(|(key, c)| collection_entry(key, c))
                .collect();
            all.push(entry);
            format!(
                "to make it a collection, add this line to placebook.yaml, which keeps the collections the site has now: `collections: {{ {} }}` {kinds}",
                all.join(", ")
            )
        }
    }
}

/// One collection as a flow-map entry, with the settings that differ from the defaults.
fn collection_entry(key: &str, c: &crate::config::CollectionConfig) -> String {
    let mut parts = vec![format!("kind: {}", c.kind.name())];
    if let Some(t) = &c.title
        && *t != crate::slug::words_from_slug(key)
    {
        parts.push(format!(
            "title: {}",
            serde_json::to_string(t).unwrap_or_default()
        ));
    }
    if c.sort_by != crate::config::SortBy::default() {
        let name = crate::yaml::scalar_to_string(&crate::yaml::to_value(&c.sort_by));
        parts.push(format!("sort_by: {name}"));
    }
    format!("{}: {{ {} }}", yaml_key(key), parts.join(", "))
}

/// A folder name as a YAML key: quoted unless it is plain letters, digits, `-` and `_`.
fn yaml_key(name: &str) -> String {
    if name
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        name.to_owned()
    } else {
        serde_json::to_string(name).unwrap_or_else(|_| name.to_owned())
    }
}

/// A relative path with `/` separators.
pub fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
