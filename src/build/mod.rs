//! Orchestration only: config -> content -> addresses -> markdown -> model -> plan ->
//! render -> output. Each step is a function of the previous steps' results.
//!
//! - [`load`]: everything read and checked into a [`ReadySite`], nothing written;
//! - [`page`]: the per-page step (body, links, model page) that `serve` shares;
//! - [`emit`]: a plan rendered into a [`Publisher`], also shared with `serve`;
//! - [`build()`]: the command, writing fresh or in place, or nothing when up to date.

pub mod emit;
pub mod page;

use crate::address::{Addresses, OtherPage};
use crate::config::Config;
use crate::content::{self, SourceDoc};
use crate::diagnostic::Diagnostics;
use crate::markdown::ReservedIds;
use crate::model::body::Body;
use crate::model::languages::{LanguageSite, Languages};
use crate::model::{self, LeftOutBlocks, Page, Site};
use crate::output::Artifact;
use crate::output::hosting::REDIRECTS_FILE;
use crate::output::manifest::Manifest;
use crate::output::publish::{Prune, Publisher, Record};
use crate::plan::{AssetNames, SitePlan};
use crate::theme::{StaticFile, StaticSource, Theme};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
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
    /// A preview for `serve`, never published: the theme's assets keep their plain
    /// names, so that a changed stylesheet is swapped into the open page in place.
    pub preview: bool,
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
            preview: false,
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
    /// Pages made from content (drafts left out unless asked for): what `check` and
    /// `serve` count too.
    pub pages: usize,
    /// The files of the site: every page, index, special page, redirect and copied file,
    /// and the marker.
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
    pub addresses: Addresses,
    /// Last commit date per file (`content/x.md`), from one `git log`.
    pub git_dates: crate::gitdates::GitDates,
    /// Building blocks left out as drafts (references to them are warnings).
    pub left_out_blocks: LeftOutBlocks,
    /// Warnings found while loading.
    pub diagnostics: Diagnostics,
    /// Time per phase.
    pub timings: Vec<(&'static str, Duration)>,
    /// The playbook's other languages, each a whole site of its own (empty for a
    /// playbook in one language).
    pub translations: Vec<ReadySite>,
    /// Every language's site side by side, for the language switch (empty for one
    /// language).
    pub languages: Arc<Languages>,
    /// The pages' plain texts, when they were taken out of the site for one build's
    /// search index ([`ReadySite::without_page_sources`]); `None`: the site has them.
    pub search_texts: Option<crate::search::TakenTexts>,
    /// The pages' HTML, when it was taken out of the site for one build's pages
    /// ([`ReadySite::without_page_sources`]), released once they are written; `None`:
    /// the site has it.
    pub page_html: Option<crate::model::body::TakenHtml>,
}

struct Timer(Vec<(&'static str, Duration)>, Instant);
impl Timer {
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.0.push((name, now - self.1));
        self.1 = now;
    }
}

impl ReadySite {
    /// This site, then the sites of its other languages.
    pub fn sites(&self) -> impl Iterator<Item = &ReadySite> {
        std::iter::once(self).chain(&self.translations)
    }

    /// The plans of this site and of its other languages (in the order of
    /// [`ReadySite::sites`]), with the plans' problems.
    pub fn plan_all(&self, root: &Path) -> (Vec<SitePlan<'_>>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let sites: Vec<&ReadySite> = self.sites().collect();
        let mut plans: Vec<SitePlan> = sites
            .iter()
            .map(|r| {
                let (plan, d) = r.plan(root);
                diags.extend(d);
                plan
            })
            .collect();
        share_root_files(&sites, &mut plans);
        (plans, diags)
    }

    /// This site and its other languages with every page's markdown source released
    /// (front matter kept), and what only `load`'s link checks read (each body's ids,
    /// its links to check): every body is rendered and checked by the time `load`
    /// returns, and a large playbook's sources are about a tenth of a build's memory.
    /// The pages' plain texts are taken out for the one search index they are read for
    /// ([`ReadySite::search_texts`]), which drops each once it has read it, and their
    /// HTML for the pages ([`ReadySite::page_html`]), dropped once they are written.
    pub fn without_page_sources(mut self) -> Self {
        self.site.pages.par_iter_mut().for_each(|p| {
            p.doc.release_body();
            p.body.release_checks();
        });
        self.search_texts = Some(crate::search::TakenTexts::take(&mut self.site));
        self.page_html = Some(crate::model::body::TakenHtml::take(&mut self.site));
        self.translations = self
            .translations
            .into_iter()
            .map(ReadySite::without_page_sources)
            .collect();
        self
    }

    /// The plan of everything this site writes, with the plan's problems.
    pub fn plan(&self, root: &Path) -> (SitePlan<'_>, Diagnostics) {
        SitePlan::new(
            &self.site,
            &self.theme.static_files,
            &self.static_files,
            root,
        )
    }
}

/// The config, with `base_url` replaced by the one given on the command line.
fn read_config(opts: &BuildOptions) -> Result<Config, Diagnostics> {
    let mut config = Config::load(&opts.root).map_err(Diagnostics::from)?;
    if let Some(url) = &opts.base_url {
        let mut u = url.clone();
        if !u.ends_with('/') {
            u.push('/');
        }
        config.base_url = Some(u);
    }
    config.with_drafts = opts.drafts;
    config.preview = opts.preview;
    Ok(config)
}

/// Everything read from disk, in parallel: the theme, the site's static files, the
/// content and git's dates.
struct Read {
    theme: Result<Theme, Vec<crate::diagnostic::Diagnostic>>,
    static_files: Vec<StaticFile>,
    static_errors: Vec<crate::diagnostic::Diagnostic>,
    sources: content::Sources,
    git_dates: crate::gitdates::GitDates,
}

fn read_all(root: &Path, config: &Config) -> Read {
    let ((theme, (static_list, static_errors)), (sources, git_dates)) = rayon::join(
        || {
            (
                Theme::load(root, config),
                content::walk_static(&root.join("static"), root),
            )
        },
        || {
            rayon::join(
                || content::load(root, config),
                || crate::gitdates::read(root, config.history_filter()),
            )
        },
    );
    Read {
        theme,
        static_files: site_statics(static_list),
        static_errors,
        sources,
        git_dates,
    }
}

/// The images of `content/` and the site's `static/` processed (see [`crate::images`]):
/// each one's cleaned original takes the original's place in `read`, and its resized
/// copies are added beside it, so that the plan owns them like any other file.
fn with_images(root: &Path, config: &Config, read: &mut Read) -> Arc<crate::images::Pictures> {
    let assets = &mut read.sources.assets;
    let inputs: Vec<crate::images::Input> = assets
        .iter()
        .map(|a| crate::images::Input {
            output: a.output.clone(),
            source: a.source.clone(),
        })
        .collect();
    let done = crate::images::process(root, &config.images, &inputs);
    let mut copies = Vec::new();
    for (asset, files) in assets.iter_mut().zip(&done.files) {
        let Some(files) = files else { continue };
        if let Some(clean) = &files.original {
            asset.source = clean.clone();
        }
        copies.extend(files.copies.iter().map(|(output, source)| content::Asset {
            source: source.clone(),
            output: output.clone(),
        }));
    }
    assets.extend(copies);
    let mut pictures = done.pictures;
    let statics = static_images(root, config, &mut read.static_files);
    pictures.ready.extend(statics.ready);
    pictures.bad.extend(statics.bad);
    Arc::new(pictures)
}

/// The images among the site's own static files processed, like [`with_images`]'s:
/// cleaned originals in place, resized copies added. `serve` uses it when static files
/// change.
pub fn static_images(
    root: &Path,
    config: &Config,
    static_files: &mut Vec<StaticFile>,
) -> crate::images::Pictures {
    let on_disk = |s: &StaticFile| match &s.source {
        StaticSource::Disk(path) => Some(crate::images::Input {
            output: s.output.clone(),
            source: path.clone(),
        }),
        StaticSource::Embedded(_) => None,
    };
    let inputs: Vec<crate::images::Input> = static_files.iter().filter_map(on_disk).collect();
    let done = crate::images::process(root, &config.images, &inputs);
    let mut copies = Vec::new();
    let disk = static_files
        .iter_mut()
        .filter(|s| matches!(s.source, StaticSource::Disk(_)));
    for (file, files) in disk.zip(&done.files) {
        let Some(files) = files else { continue };
        if let Some(clean) = &files.original {
            file.source = StaticSource::Disk(clean.clone());
        }
        copies.extend(files.copies.iter().map(|(output, source)| StaticFile {
            origin: file.origin.clone(),
            output: output.clone(),
            source: StaticSource::Disk(source.clone()),
        }));
    }
    static_files.extend(copies);
    done.pictures
}

/// The site's own `static/` files, from their paths.
pub fn site_statics(list: Vec<(String, PathBuf)>) -> Vec<StaticFile> {
    list.into_iter()
        .map(|(rel, abs)| StaticFile {
            origin: format!("static/{rel}"),
            output: rel,
            source: StaticSource::Disk(abs),
        })
        .collect()
}

/// The pages to publish (drafts left out unless wanted), the content paths of the
/// drafts left out, and the slugs of building blocks among them.
fn published(docs: Vec<SourceDoc>, drafts: bool) -> (Vec<SourceDoc>, HashSet<String>, Vec<String>) {
    let mut left_out = HashSet::new();
    let mut draft_blocks = Vec::new();
    let docs = docs
        .into_iter()
        .filter(|d| {
            let keep = drafts || !d.front.draft;
            if !keep {
                left_out.insert(d.content_path.clone());
                if d.kind == crate::config::Kind::BuildingBlock {
                    draft_blocks.push(d.slug());
                }
            }
            keep
        })
        .collect();
    (docs, left_out, draft_blocks)
}

/// Every body rendered (in parallel), and the problems of their links.
fn render_bodies(
    docs: &mut [SourceDoc],
    addresses: &Addresses,
    around: (&Config, &ReservedIds),
    release: bool,
) -> (Vec<Body>, Diagnostics) {
    let rendered: Vec<Body> = docs
        .par_iter_mut()
        .enumerate()
        .map(|(i, doc)| {
            let body = page::render_body(doc, i, addresses, around);
            // A body no message will point into is not needed again by a build.
            if release && body.problems.is_empty() && body.anchor_checks.is_empty() {
                doc.release_body();
            }
            body
        })
        .collect();
    let mut diags = Diagnostics::new();
    for (i, (doc, r)) in docs.iter().zip(&rendered).enumerate() {
        diags.extend(page::link_diagnostics(
            doc,
            r,
            i,
            |t| docs[t].path.as_str(),
            |t| &rendered[t].ids,
        ));
        diags.extend(page::lead_image(doc, i, addresses).err());
    }
    (rendered, diags)
}

/// The problems in the bodies of `broken` (files whose front matter has errors, which
/// are not published), their links checked against the site's pages `docs` (rendered
/// as `rendered`), so that a file's front matter and body problems come in one run.
fn broken_body_diagnostics(
    broken: &[SourceDoc],
    (docs, rendered): (&[SourceDoc], &[Body]),
    addresses: &Addresses,
    around: (&Config, &ReservedIds),
) -> Vec<crate::diagnostic::Diagnostic> {
    broken
        .par_iter()
        .flat_map_iter(|doc| {
            page::unpublished_body_diagnostics(
                doc,
                None,
                addresses,
                around,
                (|t| docs[t].path.as_str(), |t| &rendered[t].ids),
            )
        })
        .collect()
}

/// What every site of a build shares: the static files (the theme's, the site's), the
/// ids the theme uses itself, and git's dates.
#[derive(Clone, Copy)]
struct Shared<'a> {
    statics: &'a [&'a [StaticFile]],
    reserved_ids: &'a ReservedIds,
    git_dates: &'a crate::gitdates::GitDates,
    /// Every language's pages (see [`crate::address::language_pages`]).
    other_pages: &'a [(String, OtherPage)],
    /// The content images, processed.
    pictures: &'a Arc<crate::images::Pictures>,
    /// Release each page's markdown source as soon as its body is rendered, when no
    /// message points into it (for `build`, which never reads a source again; a
    /// large playbook's sources and rendered bodies then never fill memory together).
    release_sources: bool,
}

/// One site assembled from its content, with what it needs again when a page is edited.
struct Assembled {
    site: Site,
    addresses: Addresses,
    left_out_blocks: LeftOutBlocks,
}

/// The per-site step: the content of one site (one language, when there are several)
/// through addresses, markdown and the model. `statics` are the static files every site
/// of the build shares (the theme's, the site's), for checking links to them; `timer`
/// marks when the bodies are rendered.
fn assemble_site(
    config: Config,
    sources: content::Sources,
    opts: &BuildOptions,
    shared: &Shared,
    timer: &mut Timer,
) -> (Assembled, Diagnostics) {
    let Shared {
        statics,
        reserved_ids,
        git_dates,
        other_pages,
        pictures,
        release_sources,
    } = *shared;
    let broken_blocks = sources.broken_block_slugs();
    let mut diags = sources.diagnostics;
    diags.extend(
        sources
            .docs
            .iter()
            .flat_map(content::warnings::value_warnings),
    );
    if let Some(d) = &config.diagnostic {
        diags.extend(
            sources
                .docs
                .iter()
                .flat_map(|doc| content::warnings::rubric_levels(doc, d.scale.len())),
        );
    }
    let (mut docs, drafts, draft_blocks) = published(sources.docs, opts.drafts);
    let left_out_blocks = LeftOutBlocks {
        drafts: draft_blocks,
        broken: broken_blocks,
    };
    let (mut addresses, address_errors) = Addresses::build(&docs, drafts, &config);
    addresses.set_unreadable(
        sources
            .broken
            .iter()
            .map(|c| (c.content_path.clone(), c.slug.clone())),
    );
    addresses.other_languages = seen_from(&config, other_pages);
    addresses.pictures = Arc::clone(pictures);
    diags.extend(address_errors);
    let known = crate::plan::known_addresses(&config, &docs, &sources.assets, statics);
    addresses.outputs.extend(known);
    let used_by = crate::plan::used_by_addresses(&config, &docs, &addresses.entries);
    addresses.outputs.extend(used_by);
    let (rendered, link_diags) = render_bodies(
        &mut docs,
        &addresses,
        (&config, reserved_ids),
        release_sources,
    );
    diags.extend(link_diags);
    diags.extend(broken_body_diagnostics(
        &sources.broken_bodies,
        (&docs, &rendered),
        &addresses,
        (&config, reserved_ids),
    ));
    timer.lap("markdown");
    let pages: Vec<Page> = docs
        .into_iter()
        .zip(rendered)
        .zip(addresses.entries.clone())
        .map(|((doc, body), entry)| page::make_page(doc, entry, body, git_dates))
        .collect();
    let (site, model_diags) = model::assemble(config, pages, sources.assets, &left_out_blocks);
    diags.extend(model_diags);
    timer.lap("model");
    let assembled = Assembled {
        site,
        addresses,
        left_out_blocks,
    };
    (assembled, diags)
}

/// The pages of `pages` in another language than `config`'s, each with its file from
/// `config`'s site's root.
fn seen_from(config: &Config, pages: &[(String, OtherPage)]) -> HashMap<String, OtherPage> {
    let own = config.site_language;
    let up = crate::address::root_prefix(&config.prefix_of(own));
    pages
        .iter()
        .filter(|(_, p)| p.language != own)
        .map(|(path, p)| {
            let href = format!("{up}{}", p.href);
            (path.clone(), OtherPage { href, ..p.clone() })
        })
        .collect()
}

/// Loads and checks everything a build needs, without writing anything. All problems
/// are returned together; the `Err` side always holds at least one error. A playbook
/// in several languages is loaded as one site per language (see [`ReadySite::translations`]).
pub fn load(opts: &BuildOptions) -> Result<ReadySite, Diagnostics> {
    load_with(opts, false)
}

/// [`load`], and then every page's markdown source released (front matter kept), as
/// `build` needs it: each as soon as its body is rendered, or once the messages that
/// point into it are made.
fn load_releasing_sources(opts: &BuildOptions) -> Result<ReadySite, Diagnostics> {
    load_with(opts, true).map(ReadySite::without_page_sources)
}

/// [`load`], releasing each page's source as soon as it is no longer needed when
/// `release_sources` is set (see [`Shared::release_sources`]).
fn load_with(opts: &BuildOptions, release_sources: bool) -> Result<ReadySite, Diagnostics> {
    let mut timer = Timer(Vec::new(), Instant::now());
    let mut diags = Diagnostics::new();
    let config = read_config(opts)?;
    let mut read = read_all(&opts.root, &config);
    timer.lap("load");
    let pictures = with_images(&opts.root, &config, &mut read);
    timer.lap("images");
    let theme = read.theme.map_err(|e| diags.extend(e)).ok();
    diags.extend(read.static_errors);
    let theme_static = theme
        .as_ref()
        .map_or(&[][..], |t| t.static_files.as_slice());
    let statics = [theme_static, &read.static_files];
    let no_theme = ReservedIds::default();
    let shared = Shared {
        statics: &statics,
        reserved_ids: theme.as_ref().map_or(&no_theme, |t| &t.reserved_ids),
        git_dates: &read.git_dates,
        other_pages: &[],
        pictures: &pictures,
        release_sources,
    };
    let per_language = if config.is_multilingual() {
        content::translations::split_by_language(read.sources, &config)
    } else {
        vec![read.sources]
    };
    let (assembled, translations) = assemble_all(
        &config,
        per_language,
        (opts, &shared),
        &mut timer,
        &mut diags,
    );
    match theme {
        Some(theme) if !diags.has_errors() => {
            let ready = ReadySite {
                site: assembled.site,
                theme,
                static_files: read.static_files,
                addresses: assembled.addresses,
                git_dates: read.git_dates,
                left_out_blocks: assembled.left_out_blocks,
                diagnostics: diags,
                timings: timer.0,
                translations,
                languages: Arc::default(),
                search_texts: None,
                page_html: None,
            };
            Ok(with_languages(ready))
        }
        _ => Err(diags),
    }
}

/// Every language's site of `per_language` (the sources split by language, the first
/// language's first) assembled, the first and the others side by side; their problems
/// go into `diags`, the first site's first.
fn assemble_all(
    config: &Config,
    mut per_language: Vec<content::Sources>,
    (opts, shared): (&BuildOptions, &Shared),
    timer: &mut Timer,
    diags: &mut Diagnostics,
) -> (Assembled, Vec<ReadySite>) {
    let published = |d: &&SourceDoc| opts.drafts || !d.front.draft;
    let several = per_language.len() > 1;
    let other_pages: Vec<(String, OtherPage)> = per_language
        .iter()
        .filter(|_| several)
        .flat_map(|s| crate::address::language_pages(s.docs.iter(), |d| published(&d), config))
        .collect();
    let shared = Shared {
        other_pages: &other_pages,
        ..*shared
    };
    let others = per_language.split_off(1);
    let first = per_language.pop().unwrap_or_default();
    let mut other_diags = Diagnostics::new();
    let ((assembled, site_diags), translations) = rayon::join(
        || assemble_site(config.clone(), first, opts, &shared, timer),
        || load_translations(config, others, opts, &shared, &mut other_diags),
    );
    diags.extend(site_diags);
    diags.extend(other_diags);
    if !translations.is_empty() {
        timer.lap("other languages");
        let sites: Vec<&Site> = std::iter::once(&assembled.site)
            .chain(translations.iter().map(|t| &t.site))
            .collect();
        diags.extend(crate::model::languages::check_translations(&sites));
    }
    (assembled, translations)
}

/// The sites of the languages after the first, each from its own content with its own
/// config and theme words; their problems go into `diags`.
fn load_translations(
    config: &Config,
    sources: Vec<content::Sources>,
    opts: &BuildOptions,
    shared: &Shared,
    diags: &mut Diagnostics,
) -> Vec<ReadySite> {
    let mut sites = Vec::new();
    for (i, sources) in sources.into_iter().enumerate() {
        let config = config.for_language(i + 1);
        let theme = Theme::load(&opts.root, &config).map_err(|e| diags.extend(e));
        let mut timer = Timer(Vec::new(), Instant::now());
        let (assembled, site_diags) = assemble_site(config, sources, opts, shared, &mut timer);
        diags.extend(site_diags);
        if let Ok(theme) = theme {
            sites.push(ReadySite {
                site: assembled.site,
                theme,
                static_files: Vec::new(),
                addresses: assembled.addresses,
                git_dates: shared.git_dates.clone(),
                left_out_blocks: assembled.left_out_blocks,
                diagnostics: Diagnostics::new(),
                timings: Vec::new(),
                translations: Vec::new(),
                languages: Arc::default(),
                search_texts: None,
                page_html: None,
            });
        }
    }
    sites
}

/// `ready` with every language's site told about the others (nothing changes for a
/// playbook in one language). The other sites get the first one's static files.
fn with_languages(mut ready: ReadySite) -> ReadySite {
    if ready.translations.is_empty() {
        return ready;
    }
    let mut sites = vec![language_site(&ready)];
    sites.extend(ready.translations.iter().map(language_site));
    let languages = Arc::new(Languages {
        sites,
        base_url: ready.site.config.base_url.clone(),
    });
    ready.languages = languages.clone();
    for t in &mut ready.translations {
        t.languages = languages.clone();
        t.static_files = ready.static_files.clone();
    }
    ready
}

/// What the other languages need to know of one language's site.
fn language_site(ready: &ReadySite) -> LanguageSite {
    let site = &ready.site;
    let config = &site.config;
    let keys: Vec<String> = site
        .pages
        .iter()
        .map(|p| content::translations::page_key(&p.doc.content_path, config))
        .collect();
    let pages = keys
        .iter()
        .zip(&site.pages)
        .map(|(k, p)| (k.clone(), p.href()))
        .collect();
    let (jobs, _) = crate::plan::jobs(site);
    LanguageSite {
        code: config.language.clone(),
        prefix: config.prefix_of(config.site_language),
        name: ready.theme.word("language_name").to_owned(),
        keys,
        pages,
        paths: jobs.iter().map(|j| j.output_path(site)).collect(),
    }
}

/// For a playbook in several languages: one sitemap at the root listing every
/// language's addresses with their alternates, and `robots.txt` and the CMS only at
/// the root (they are read only there).
fn share_root_files(sites: &[&ReadySite], plans: &mut [SitePlan]) {
    let mut generated: Vec<Vec<Artifact>> = plans
        .iter_mut()
        .map(|p| std::mem::take(&mut p.generated))
        .collect();
    share_root_artifacts(sites, &mut generated);
    for (plan, files) in plans.iter_mut().zip(generated) {
        plan.generated = files;
    }
}

/// [`share_root_files`] for the generated files of each site of `sites`, in order.
fn share_root_artifacts(sites: &[&ReadySite], generated: &mut [Vec<Artifact>]) {
    if sites.len() < 2 {
        return;
    }
    let entries: Vec<_> = sites
        .iter()
        .map(|r| (&r.site, crate::plan::sitemap_entries(&r.site)))
        .collect();
    let sitemap = crate::feeds::sitemap_with_alternates(&entries, &sites[0].languages);
    let redirects = join_redirects(generated);
    for (i, files) in generated.iter_mut().enumerate() {
        files.retain(|a| {
            let root_only = a.path == "sitemap.xml"
                || a.path == "robots.txt"
                || a.path.starts_with(crate::config::CMS_FOLDER)
                || crate::output::hosting::is_hosting_file(&a.path);
            !(root_only && (i > 0 || a.path == "sitemap.xml"))
        });
    }
    if let Some(first) = generated.first_mut() {
        first.extend(sitemap);
        if let Some(file) = first.iter_mut().find(|a| a.path == REDIRECTS_FILE) {
            file.bytes = redirects;
        }
    }
}

/// Every site's `_redirects` as one file (hosts read only the one at the root): the
/// first site's, then the redirect lines of the others (each written from its own path).
fn join_redirects(generated: &[Vec<Artifact>]) -> Vec<u8> {
    let mut joined = Vec::new();
    for (i, files) in generated.iter().enumerate() {
        for file in files.iter().filter(|a| a.path == REDIRECTS_FILE) {
            let text = String::from_utf8_lossy(&file.bytes);
            for line in text.lines().filter(|l| i == 0 || !l.starts_with('#')) {
                joined.extend_from_slice(line.as_bytes());
                joined.push(b'\n');
            }
        }
    }
    joined
}

/// The generated files (feeds, sitemap, robots.txt, the CMS's files, `_headers` and
/// `_redirects`, the search index and the search page naming it) of every language's
/// site of `ready`, each path from the root of the output, shared between the
/// languages as a build shares them (and, as in a build, leaving out a hosting file the
/// site's own `static/` replaces).
/// `serve` writes them after an edit, with `index_of` giving each site's search index
/// (its files and manifest's path; [`crate::search::build`] gives what a build writes).
pub fn generated_files_of_all(
    ready: &ReadySite,
    root: &Path,
    mut index_of: impl FnMut(&crate::model::Site) -> crate::search::shards::Files,
) -> Vec<Artifact> {
    let sites: Vec<&ReadySite> = ready.sites().collect();
    let mut generated: Vec<Vec<Artifact>> = sites
        .iter()
        .map(|r| {
            let assets = AssetNames::of(&r.site.config, &r.theme.static_files, &r.static_files);
            let mut files = crate::plan::generated_files(&r.site, root, &assets);
            files.retain(|a| {
                !crate::output::hosting::is_hosting_file(&a.path)
                    || !r.static_files.iter().any(|s| s.output == a.path)
            });
            files
        })
        .collect();
    share_root_artifacts(&sites, &mut generated);
    let mut files = Vec::new();
    for (r, mut own) in sites.iter().zip(generated) {
        let config = &r.site.config;
        let prefix = config.prefix_of(config.site_language);
        if crate::search::enabled(&r.site) {
            let index = index_of(&r.site);
            // The search page names the index's manifest, whose name follows its content.
            let assets = AssetNames::of(config, &r.theme.static_files, &r.static_files);
            let renderer = crate::render::Renderer::new(&r.theme, &r.site, &assets)
                .with_languages(&r.languages);
            if let Ok(page) = renderer.render_search_page(&index.manifest) {
                own.push(page);
            }
            own.extend(index.files);
        }
        files.extend(own.into_iter().map(|a| Artifact {
            path: format!("{prefix}{}", a.path),
            bytes: a.bytes,
        }));
    }
    files
}

/// What [`write`] wrote.
struct Written {
    pages: usize,
    files: usize,
    diagnostics: Diagnostics,
    search_time: Option<Duration>,
    /// How long planning, rendering and committing took.
    timings: Vec<(&'static str, Duration)>,
}

/// Renders and writes a loaded site into `output`: in place when `previous` (the
/// folder's intact manifest) is known, else through a staging folder swapped in only
/// when every file was written. Either way, nothing in `output` changes unless every
/// page rendered; `inputs` is recorded in the manifest.
fn write(
    ready: &ReadySite,
    opts: &BuildOptions,
    output: &Path,
    previous: Option<Manifest>,
    inputs: u64,
) -> Result<Written, Diagnostics> {
    let mut timer = Timer(Vec::new(), Instant::now());
    let (plans, mut diags) = ready.plan_all(&opts.root);
    if diags.has_errors() {
        return Err(diags);
    }
    timer.lap("plan");
    let publisher = match &previous {
        Some(m) => Publisher::in_place(output, &m.files),
        None => Publisher::fresh(&opts.root, output, opts.force)
            .map_err(|d| Diagnostics::from(vec![d]))?,
    };
    let (errors, search_time) = emit::sites(ready, &plans, &publisher);
    diags.extend(errors);
    if diags.has_errors() {
        return Err(diags);
    }
    timer.lap("render");
    drop(plans);
    let pages = ready.sites().map(|r| r.site.pages.len()).sum();
    let record = Record::Manifest {
        inputs,
        pages,
        warnings: diags.warning_count() + ready.diagnostics.warning_count(),
    };
    let published = publisher.commit(Prune::Unput, record)?;
    timer.lap("commit");
    Ok(Written {
        pages,
        files: published.put.len() + 1,
        diagnostics: diags,
        search_time,
        timings: timer.0,
    })
}

/// Builds the site: loads, checks, renders and writes it. An output folder that must
/// not be written (see [`crate::output::refuse_unsafe_target`]) is refused before any
/// page is read. On any error (also one while writing) the previous output is left
/// exactly as it was, or the error names every file that could not be put back. When
/// nothing the site is built from changed since the last build into the same folder
/// (and that folder is intact), nothing is done at all; otherwise files whose bytes did
/// not change keep their modification times.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    let output = opts.output_dir();
    let inputs = crate::output::manifest::inputs_fingerprint(opts.request(&output));
    let previous = Manifest::read(&output).filter(|m| m.intact(&output));
    // Before anything else: a folder that must not be written is refused at once.
    crate::output::refuse_unsafe_target(&opts.root, &output, opts.force, previous.is_none())
        .map_err(|d| Diagnostics::from(vec![d]))?;
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
    let ready = load_releasing_sources(opts)?;
    let written = write(&ready, opts, &output, previous, inputs).map_err(|mut e| {
        e.extend(ready.diagnostics.clone());
        e
    })?;
    let mut diagnostics = ready.diagnostics;
    diagnostics.extend(written.diagnostics);
    let mut timings = ready.timings;
    timings.extend(written.timings);
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
