//! Orchestration only: config -> content -> index -> markdown -> model -> templates ->
//! output. Each step is a function of the previous steps' results.

use crate::address::Addresses;
use crate::config::Config;
use crate::content::{self, DocRole, SourceDoc};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{self, Page, Site};
use crate::output::Staging;
use crate::output::manifest::{Entry, Manifest};
use crate::render::{self, Job, Renderer};
use crate::theme::{StaticFile, StaticSource, Theme};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holding `content/` and maybe `placebook.yaml`).
    pub root: PathBuf,
    /// Where to write; default `<root>/public`.
    pub output: Option<PathBuf>,
    /// Include pages with `draft: true`.
    pub drafts: bool,
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    /// Replace a non-empty output folder that placebook did not write.
    pub force: bool,
}

impl BuildOptions {
    /// Options for the site at `root`, with defaults.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            drafts: false,
            base_url: None,
            force: false,
        }
    }

    /// The output folder.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }

    /// What the output depends on, for the manifest's fingerprint of the inputs.
    pub fn request<'a>(&'a self, output: &'a Path) -> crate::output::manifest::Request<'a> {
        crate::output::manifest::Request {
            root: &self.root,
            output,
            drafts: self.drafts,
            base_url: self.base_url.as_deref(),
        }
    }
}

/// A successful build.
#[derive(Debug)]
pub struct BuildReport {
    /// HTML pages written.
    pub pages: usize,
    /// All files written.
    pub files: usize,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
    /// Where the site was written.
    pub output: PathBuf,
    /// Time per phase.
    pub timings: Vec<(&'static str, Duration)>,
    /// `Some(warnings of the last build)` when nothing changed since the last build, so
    /// nothing was done.
    pub up_to_date: Option<usize>,
}

/// A loaded, checked site with its theme, ready to render.
pub struct ReadySite {
    /// The site model.
    pub site: Site,
    /// The theme.
    pub theme: Theme,
    /// The site's own `static/` files.
    pub static_files: Vec<StaticFile>,
    /// Every page's slug and folder, for resolving links when a page is read again.
    pub index: Addresses,
    /// Last commit date per file (`content/x.md`), from one `git log`.
    pub git_dates: HashMap<String, crate::dates::Date>,
    /// Slugs of building blocks left out as drafts (references to them are warnings).
    pub draft_blocks: Vec<String>,
    /// Warnings found while loading.
    pub diagnostics: Diagnostics,
    /// Time per phase.
    pub timings: Vec<(&'static str, Duration)>,
}

struct Timer(Vec<(&'static str, Duration)>, Instant);
impl Timer {
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.0.push((name, now - self.1));
        self.1 = now;
    }
}

/// Loads and checks everything a build needs, without writing anything. All problems
/// are returned together; the `Err` side always holds at least one error.
pub fn load(opts: &BuildOptions) -> Result<ReadySite, Diagnostics> {
    let mut timer = Timer(Vec::new(), Instant::now());
    let mut diags = Diagnostics::new();
    let mut config = Config::load(&opts.root).map_err(Diagnostics::from)?;
    if let Some(url) = &opts.base_url {
        let mut u = url.clone();
        if !u.ends_with('/') {
            u.push('/');
        }
        config.base_url = Some(u);
    }
    let root = opts.root.as_path();
    let ((theme, site_static), (loaded, git_dates)) = rayon::join(
        || {
            (
                Theme::load(root, &config),
                content::walk_static(&root.join("static"), root),
            )
        },
        || {
            rayon::join(
                || content::load(root, &config),
                || crate::gitdates::last_commit_dates(root),
            )
        },
    );
    timer.lap("load");
    let theme = theme.map_err(|e| diags.extend(e)).ok();
    let (static_list, static_errors) = site_static;
    diags.extend(static_errors);
    let static_files: Vec<StaticFile> = static_list
        .into_iter()
        .map(|(rel, abs)| StaticFile {
            origin: format!("static/{rel}"),
            output: rel,
            source: StaticSource::Disk(abs),
        })
        .collect();
    diags.extend(loaded.diagnostics);
    diags.extend(
        loaded
            .docs
            .iter()
            .flat_map(content::front_matter::placeholders),
    );

    let mut drafts = HashSet::new();
    let mut draft_blocks = Vec::new();
    let docs: Vec<SourceDoc> = loaded
        .docs
        .into_iter()
        .filter(|d| {
            let keep = opts.drafts || !d.front.draft;
            if !keep {
                drafts.insert(d.content_path.clone());
                if d.kind == crate::config::Kind::BuildingBlock {
                    draft_blocks.push(
                        d.front
                            .slug
                            .clone()
                            .unwrap_or_else(|| crate::slug::page_slug(&d.stem)),
                    );
                }
            }
            keep
        })
        .collect();
    let (mut index, index_errors) = Addresses::build(&docs, drafts, &config);
    index.set_unreadable(loaded.unreadable.iter().cloned());
    diags.extend(index_errors);
    register_outputs(
        &mut index,
        &config,
        &docs,
        &loaded.assets,
        theme
            .as_ref()
            .map(|t| t.static_files.as_slice())
            .unwrap_or(&[]),
        &static_files,
    );

    let rendered: Vec<crate::markdown::RenderedBody> = docs
        .par_iter()
        .enumerate()
        .map(|(i, doc)| render_body(doc, i, &index, &config))
        .collect();
    timer.lap("markdown");

    for (i, (doc, r)) in docs.iter().zip(&rendered).enumerate() {
        diags.extend(link_diagnostics(
            doc,
            r,
            i,
            |t| docs[t].path.as_str(),
            |t| &rendered[t].ids,
        ));
    }

    let entries = index.entries.clone();
    let pages: Vec<Page> = docs
        .into_iter()
        .zip(rendered)
        .zip(entries)
        .map(|((doc, body), entry)| make_page(doc, entry, body, &git_dates))
        .collect();
    let (site, model_diags) = model::assemble(config, pages, loaded.assets, &draft_blocks);
    diags.extend(model_diags);
    timer.lap("model");
    match theme {
        Some(theme) if !diags.has_errors() => Ok(ReadySite {
            site,
            theme,
            static_files,
            index,
            git_dates,
            draft_blocks,
            diagnostics: diags,
            timings: timer.0,
        }),
        _ => Err(diags),
    }
}

/// Renders the markdown body of `doc`, page `id` of `index` (sanitised if configured).
pub(crate) fn render_body(
    doc: &SourceDoc,
    id: usize,
    index: &Addresses,
    config: &Config,
) -> crate::markdown::RenderedBody {
    let take_title = doc.front.title.is_none();
    let mut r = crate::markdown::render(
        doc.body(),
        &index.resolver(id, &doc.content_path),
        take_title,
    );
    if config.sanitize {
        crate::markdown::sanitize(&mut r);
    }
    r
}

/// Errors for the broken links and anchors of page `id`'s rendered body `r`.
/// `path_of(t)` and `ids_of(t)` give another page's file and the ids in its body.
pub(crate) fn link_diagnostics<'a>(
    doc: &SourceDoc,
    r: &crate::markdown::RenderedBody,
    id: usize,
    path_of: impl Fn(usize) -> &'a str,
    ids_of: impl Fn(usize) -> &'a HashSet<String>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let at = |offset: usize| doc.text.position(doc.body_start + offset);
    for p in &r.problems {
        let d = if p.is_error {
            Diagnostic::error("broken-link", p.message.clone())
        } else {
            Diagnostic::warning("draft-link", p.message.clone())
        };
        let d = d.at(&doc.path, &doc.text, at(p.offset)).span(p.len);
        diags.push(match &p.suggestion {
            Some(s) => d.suggest(s.clone()),
            None => d,
        });
    }
    for a in &r.anchor_checks {
        let target = if a.target == usize::MAX { id } else { a.target };
        let ids = if target == id { &r.ids } else { ids_of(target) };
        if ids.contains(&a.id) {
            continue;
        }
        let mut known: Vec<&str> = ids.iter().map(String::as_str).collect();
        known.sort_unstable();
        let page = if target == id {
            "this page".to_owned()
        } else {
            path_of(target).to_owned()
        };
        let d = Diagnostic::error(
            "broken-anchor",
            format!("there is no heading with the id `{}` in {page}", a.id),
        )
        .at(&doc.path, &doc.text, at(a.offset))
        .span(a.len);
        diags.push(
            match crate::diagnostic::closest(&a.id, known.iter().copied()) {
                Some(s) => d.suggest(format!("did you mean `#{s}`?")),
                None if known.is_empty() => d.suggest(format!("{page} has no headings to link to")),
                None => d.suggest(format!("the ids in {page} are: {}", known.join(", "))),
            },
        );
    }
    diags
}

/// A published page from its source, its place in the index and its rendered body:
/// the title (front matter, else the first heading, else the file name) and the date it
/// last changed (front matter, else git, else the file's time).
pub(crate) fn make_page(
    doc: SourceDoc,
    entry: crate::address::PageEntry,
    body: crate::markdown::RenderedBody,
    git_dates: &HashMap<String, crate::dates::Date>,
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
        .or_else(|| git_dates.get(&doc.path).copied())
        .or(doc.modified);
    Page {
        doc,
        slug: entry.slug,
        dir: entry.dir,
        title,
        body,
        updated,
    }
}

/// Adds every output path known before rendering to the index, so that links written
/// as site paths (`/files/plan.pdf`) can be checked.
fn register_outputs(
    index: &mut Addresses,
    config: &Config,
    docs: &[SourceDoc],
    assets: &[content::Asset],
    theme_static: &[StaticFile],
    site_static: &[StaticFile],
) {
    let outs = &mut index.outputs;
    for special in [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "atom.xml",
    ] {
        outs.insert(special.to_owned());
    }
    if docs.iter().any(|d| d.front.search != Some(false)) {
        for page in [crate::search::PAGE, crate::search::A_TO_Z] {
            outs.insert(page.to_owned());
            outs.insert(page.trim_end_matches("index.html").to_owned());
        }
    }
    for key in config.collections.keys() {
        outs.insert(format!("{key}/"));
        outs.insert(format!("{key}/index.html"));
    }
    for name in &config.taxonomies {
        outs.insert(format!("{name}/"));
        outs.insert(format!("{name}/index.html"));
        for doc in docs.iter().filter(|d| d.role == DocRole::Page) {
            for v in model::taxonomy_values(doc, name) {
                let slug = crate::slug::slugify(&v);
                outs.insert(format!("{name}/{slug}/"));
                outs.insert(format!("{name}/{slug}/index.html"));
            }
        }
    }
    for a in assets {
        outs.insert(a.output.clone());
    }
    for s in theme_static.iter().chain(site_static) {
        outs.insert(s.output.clone());
    }
}

/// Everything a build writes, decided before writing: the render jobs, placebook's own
/// files (feeds, CMS), and the static files (the site's replacing the theme's of the
/// same name). `plan` also reports every problem with that plan: bad aliases, a
/// missing `base_url`, and two sources for one output path.
pub struct OutputPlan<'a> {
    /// One per output page.
    pub jobs: Vec<Job>,
    /// Files placebook writes itself: sitemap, feed, robots.txt, CMS config (the search
    /// index is built apart, see [`OutputPlan::search_index`]).
    pub extras: Vec<crate::output::Artifact>,
    /// Whether the site has a search index.
    pub search: bool,
    /// Static files to copy.
    pub statics: Vec<&'a StaticFile>,
}

impl<'a> OutputPlan<'a> {
    /// Plans the output of a loaded site (see the type's docs).
    pub fn new(loaded: &'a ReadySite, root: &Path) -> (OutputPlan<'a>, Diagnostics) {
        let site = &loaded.site;
        let mut diags = Diagnostics::new();
        let (jobs, alias_errors) = render::plan(site);
        diags.extend(alias_errors);
        if site.config.base_url.is_none() {
            diags.push(
                Diagnostic::warning(
                    "no-base-url",
                    "sitemap.xml and atom.xml are not written because `base_url` is not set",
                )
                .in_file(crate::config::CONFIG_FILE)
                .suggest(
                    "add `base_url: https://your.site/path/` to placebook.yaml, or pass --base-url",
                ),
            );
        }
        let mut extras = crate::feeds::render(site);
        extras.extend(crate::output::cms::render(site, root));
        let search = crate::search::enabled(site);
        if search {
            diags.extend(crate::search::warnings(site));
        }
        let site_outputs: HashSet<&str> = loaded
            .static_files
            .iter()
            .map(|s| s.output.as_str())
            .collect();
        let statics: Vec<&StaticFile> = loaded
            .theme
            .static_files
            .iter()
            .filter(|s| !site_outputs.contains(s.output.as_str()))
            .chain(&loaded.static_files)
            .collect();
        let plan = OutputPlan {
            jobs,
            extras,
            search,
            statics,
        };
        diags.extend(plan.clashes(site));
        (plan, diags)
    }

    /// The search index's files (none when the site has no search), built while the
    /// pages render: it reads only the model. Also returns how long it took.
    pub fn search_index(&self, site: &Site) -> (Vec<crate::output::Artifact>, Option<Duration>) {
        if !self.search {
            return (Vec::new(), None);
        }
        let start = Instant::now();
        let files = crate::search::build(site).into_artifacts();
        (files, Some(start.elapsed()))
    }

    /// Every output path must have one owner.
    fn clashes(&self, site: &Site) -> Vec<Diagnostic> {
        let mut owners: HashMap<String, String> = HashMap::new();
        let mut diags = Vec::new();
        // Records the owner of `path`; on a clash, reports it (placed by `locate`).
        let mut claim =
            |path: String, origin: String, locate: &dyn Fn(Diagnostic) -> Diagnostic| {
                if let Some(first) = owners.get(&path) {
                    diags.push(locate(
                        Diagnostic::error(
                            "output-clash",
                            format!("`{path}` would be written by both {first} and {origin}"),
                        )
                        .suggest("rename one of them, or change the alias or `slug:`"),
                    ));
                } else {
                    owners.insert(path, origin);
                }
            };
        let unplaced = |d: Diagnostic| d;
        for job in &self.jobs {
            match job {
                Job::Page(id) => {
                    let doc = &site.pages[*id].doc;
                    claim(job.output_path(site), doc.path.clone(), &|d| {
                        d.in_file(&doc.path)
                    });
                }
                Job::Alias { from, to } => {
                    let doc = &site.pages[*to].doc;
                    let alias = doc
                        .front
                        .aliases
                        .iter()
                        .find(|a| render::alias_path(a).as_deref() == Some(from.as_str()));
                    let place = |d: Diagnostic| match alias
                        .and_then(|a| crate::address::value_position(doc, "aliases", a))
                    {
                        Some(p) => d.at(&doc.path, &doc.text, p),
                        None => d.in_file(&doc.path),
                    };
                    claim(from.clone(), format!("an alias in {}", doc.path), &place);
                }
                other => claim(
                    job.output_path(site),
                    format!("placebook's {other:?} page").to_lowercase(),
                    &unplaced,
                ),
            }
        }
        for a in &self.extras {
            claim(a.path.clone(), "placebook".into(), &unplaced);
        }
        for a in &site.assets {
            claim(a.output.clone(), format!("content/{}", a.output), &unplaced);
        }
        for s in &self.statics {
            claim(s.output.clone(), s.origin.clone(), &unplaced);
        }
        diags
    }
}

/// What [`write_site`] wrote.
pub(crate) struct Written {
    pub pages: usize,
    pub files: usize,
    pub diagnostics: Diagnostics,
    /// Every file written, with its fingerprint (also saved in the output's marker).
    pub manifest: Manifest,
    /// How long the search index took to build, alongside rendering (`None`: no search).
    pub search_time: Option<Duration>,
}

/// Renders and writes a loaded site into `output` through a staging folder swapped in
/// only when every file was written (the previous output is untouched otherwise),
/// recording every file written in a [`Manifest`]; `inputs` is recorded as the
/// fingerprint of what the site was built from (see
/// [`crate::output::manifest::inputs_fingerprint`]).
pub(crate) fn write_site(
    loaded: &ReadySite,
    output: &Path,
    root: &Path,
    force: bool,
    inputs: u64,
) -> Result<Written, Diagnostics> {
    use crate::output::{fingerprint, fingerprint_file};
    let site = &loaded.site;
    let (plan, mut diags) = OutputPlan::new(loaded, root);
    if diags.has_errors() {
        return Err(diags);
    }

    let staging = Staging::begin(root, output, force).map_err(|d| Diagnostics::from(vec![d]))?;
    let renderer = Renderer::new(&loaded.theme, site);
    let files = Mutex::new(HashMap::with_capacity(plan.jobs.len() + plan.statics.len()));
    // Writes one file and records it.
    let put = |path: &str, entry: Entry, write: &dyn Fn() -> std::io::Result<()>| {
        let result = write();
        if result.is_ok()
            && let Ok(mut f) = files.lock()
        {
            f.insert(path.to_owned(), entry);
        }
        result
            .err()
            .map(|e| Diagnostic::error("io", format!("cannot write {path}: {e}")))
    };
    let bytes_entry = |bytes: &[u8]| Entry {
        print: fingerprint(bytes),
        size: bytes.len() as u64,
    };
    let file_entry = |path: &Path| Entry {
        print: fingerprint_file(path),
        size: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
    };
    let (job_errors, search) = rayon::join(
        || -> Vec<Diagnostic> {
            plan.jobs
                .par_iter()
                .filter_map(|job| {
                    let a = match renderer.render(job) {
                        Ok(a) => a,
                        Err(d) => return Some(d),
                    };
                    put(&a.path, bytes_entry(&a.bytes), &|| {
                        staging.write(&a.path, &a.bytes)
                    })
                })
                .collect()
        },
        || plan.search_index(site),
    );
    let (search, search_time) = search;
    diags.extend(job_errors);
    let OutputPlan {
        jobs,
        mut extras,
        statics,
        ..
    } = plan;
    extras.extend(search);
    let copy_errors: Vec<Diagnostic> = statics
        .par_iter()
        .filter_map(|s| match &s.source {
            StaticSource::Embedded(bytes) => put(&s.output, bytes_entry(bytes), &|| {
                staging.write(&s.output, bytes)
            }),
            StaticSource::Disk(path) => put(&s.output, file_entry(path), &|| {
                staging.copy(&s.output, path)
            }),
        })
        .chain(site.assets.par_iter().filter_map(|a| {
            put(&a.output, file_entry(&a.source), &|| {
                staging.copy(&a.output, &a.source)
            })
        }))
        .chain(extras.par_iter().filter_map(|a| {
            put(&a.path, bytes_entry(&a.bytes), &|| {
                staging.write(&a.path, &a.bytes)
            })
        }))
        .collect();
    diags.extend(copy_errors);
    if diags.has_errors() {
        return Err(diags);
    }
    let manifest = manifest_of(
        loaded,
        &jobs,
        &diags,
        files.into_inner().unwrap_or_default(),
        inputs,
    );
    let pages = manifest.pages;
    let file_count = jobs.len() + extras.len() + statics.len() + site.assets.len() + 1;
    let staged = staging
        .write(crate::output::MARKER, manifest.to_text().as_bytes())
        .and_then(|()| staging.commit());
    staged.map_err(|e| {
        Diagnostics::from(vec![Diagnostic::error(
            "io",
            format!("cannot move the new site into {}: {e}", output.display()),
        )])
    })?;
    Ok(Written {
        pages,
        files: file_count,
        diagnostics: diags,
        manifest,
        search_time,
    })
}

/// The manifest of a build that wrote `files` for `jobs`: pages (redirects not counted)
/// and warnings (the load's and the write's) recorded with them.
fn manifest_of(
    loaded: &ReadySite,
    jobs: &[Job],
    diags: &Diagnostics,
    files: HashMap<String, Entry>,
    inputs: u64,
) -> Manifest {
    Manifest {
        inputs,
        pages: jobs
            .iter()
            .filter(|j| !matches!(j, Job::Alias { .. }))
            .count(),
        warnings: diags.warning_count() + loaded.diagnostics.warning_count(),
        files,
    }
}

/// Brings an output folder that placebook wrote (with its manifest `previous`, checked
/// intact) up to date in place: every page is rendered first, and only if all succeeded
/// are the files whose bytes changed replaced (each atomically), and the files no longer
/// made removed. Unchanged files are not touched. While files are being replaced the
/// folder has no manifest, so a build interrupted half-way is followed by a full one.
fn update_in_place(
    loaded: &ReadySite,
    output: &Path,
    root: &Path,
    previous: &Manifest,
    inputs: u64,
) -> Result<Written, Diagnostics> {
    use crate::output::{fingerprint, fingerprint_file};
    enum Source<'s> {
        Bytes(Vec<u8>),
        Copy(&'s Path),
    }
    let site = &loaded.site;
    let (plan, mut diags) = OutputPlan::new(loaded, root);
    if diags.has_errors() {
        return Err(diags);
    }
    let renderer = Renderer::new(&loaded.theme, site);
    // Every file of the new output with its entry, and the bytes of those that changed.
    type Planned<'s> = Result<(String, Entry, Option<Source<'s>>), Diagnostic>;
    fn keep<'s>(
        previous: &Manifest,
        path: String,
        entry: Entry,
        source: Source<'s>,
    ) -> (String, Entry, Option<Source<'s>>) {
        let changed = previous.files.get(&path) != Some(&entry);
        (path, entry, changed.then_some(source))
    }
    let bytes = |path: &str, b: Vec<u8>| {
        let entry = Entry {
            print: fingerprint(&b),
            size: b.len() as u64,
        };
        keep(previous, path.to_owned(), entry, Source::Bytes(b))
    };
    fn copied<'s>(
        previous: &Manifest,
        path: &str,
        from: &'s Path,
    ) -> (String, Entry, Option<Source<'s>>) {
        let entry = Entry {
            print: fingerprint_file(from),
            size: std::fs::metadata(from).map(|m| m.len()).unwrap_or(0),
        };
        keep(previous, path.to_owned(), entry, Source::Copy(from))
    }
    let (mut planned, search): (Vec<Planned>, _) = rayon::join(
        || {
            plan.jobs
                .par_iter()
                .map(|job| renderer.render(job).map(|a| bytes(&a.path, a.bytes)))
                .collect()
        },
        || plan.search_index(site),
    );
    planned.extend(
        plan.extras
            .iter()
            .map(|a| Ok(bytes(&a.path, a.bytes.clone()))),
    );
    let (search, search_time) = search;
    planned.extend(search.into_iter().map(|a| Ok(bytes(&a.path, a.bytes))));
    for s in &plan.statics {
        planned.push(Ok(match &s.source {
            StaticSource::Embedded(b) => bytes(&s.output, b.to_vec()),
            StaticSource::Disk(from) => copied(previous, &s.output, from),
        }));
    }
    for a in &site.assets {
        planned.push(Ok(copied(previous, &a.output, &a.source)));
    }
    let mut files = HashMap::with_capacity(planned.len());
    let mut changed = Vec::new();
    for p in planned {
        match p {
            Ok((path, entry, source)) => {
                if let Some(source) = source {
                    changed.push((path.clone(), source));
                }
                files.insert(path, entry);
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let io = |what: &str, path: &str, e: std::io::Error| {
        Diagnostic::error(
            "io",
            format!("cannot {what} {}/{path}: {e}", output.display()),
        )
    };
    let marker = crate::output::MARKER;
    crate::output::replace_file(output, marker, b"# placebook is updating this folder.\n")
        .map_err(|e| Diagnostics::from(vec![io("write", marker, e)]))?;
    let write_errors: Vec<Diagnostic> = changed
        .par_iter()
        .filter_map(|(path, source)| {
            let r = match source {
                Source::Bytes(b) => crate::output::replace_file(output, path, b),
                Source::Copy(from) => crate::output::replace_with_copy(output, path, from),
            };
            r.err().map(|e| io("write", path, e))
        })
        .collect();
    diags.extend(write_errors);
    for gone in previous.files.keys().filter(|p| !files.contains_key(*p)) {
        if let Err(e) = crate::output::remove_file(output, gone) {
            diags.push(io("remove", gone, e));
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let manifest = manifest_of(loaded, &plan.jobs, &diags, files, inputs);
    let pages = manifest.pages;
    crate::output::replace_file(output, marker, manifest.to_text().as_bytes())
        .map_err(|e| Diagnostics::from(vec![io("write", marker, e)]))?;
    Ok(Written {
        pages,
        files: manifest.files.len() + 1,
        diagnostics: diags,
        manifest,
        search_time,
    })
}

/// Builds the site: loads, checks, renders and writes it. On any error nothing is
/// written and the previous output is left exactly as it was. When nothing the site is
/// built from changed since the last build into the same folder (and that folder is
/// intact), nothing is done at all; otherwise files whose bytes did not change keep
/// their modification times.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    let output = opts.output_dir();
    let inputs = crate::output::manifest::inputs_fingerprint(opts.request(&output));
    let previous = Manifest::read(&output).filter(|m| m.intact(&output));
    if let Some(m) = &previous
        && m.inputs == inputs
        && inputs != 0
    {
        return Ok(BuildReport {
            pages: m.pages,
            files: m.files.len() + 1,
            diagnostics: Diagnostics::new(),
            output,
            timings: vec![("up-to-date check", start.elapsed())],
            up_to_date: Some(m.warnings),
        });
    }
    let loaded = load(opts)?;
    let start = Instant::now();
    let written = match &previous {
        Some(previous) => update_in_place(&loaded, &output, &opts.root, previous, inputs),
        None => write_site(&loaded, &output, &opts.root, opts.force, inputs),
    }
    .map_err(|mut e| {
        e.extend(loaded.diagnostics.clone());
        e
    })?;
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(written.diagnostics);
    let mut timings = loaded.timings;
    timings.push(("render+write", start.elapsed()));
    if let Some(t) = written.search_time {
        timings.push(("(search index)", t));
    }
    Ok(BuildReport {
        pages: written.pages,
        files: written.files,
        diagnostics,
        output,
        timings,
        up_to_date: None,
    })
}
