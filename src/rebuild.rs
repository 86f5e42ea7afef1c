//! Rebuilding a site after an edit, for the dev server: the last good site kept in
//! memory, the smallest set of pages to render again, and only the files whose bytes
//! changed written (each one atomically, in place).
//!
//! [`classify`] sorts the paths the watcher saw into a [`Changes`]; [`Workspace::apply`]
//! turns them into an [`Outcome`]:
//! - a page's body edited: that page and the pages that show its body (its collection's
//!   printable page while it is short, the home page for `content/index.md`);
//! - its front matter or title edited: the model is assembled again and every page that
//!   showed something of it before or shows it now is rendered (listings, backlinks,
//!   neighbours, taxonomy pages, the matrix, the diagnostic);
//! - a template edited: the pages whose template uses it;
//! - a static file: that file (stylesheets alone are swapped without a reload);
//! - the config, a page added, removed or renamed, a slug or draft changed, or anything
//!   while the site has errors: everything is loaded again, and still only changed files
//!   are written.
//! - in a playbook of several languages, a page edit goes to its language's site as
//!   above; templates and static files load everything again (see `languages`).
//!
//! When the new version has errors nothing is written: the last good site stays in the
//! output folder and in memory, and the errors are returned.
//!
//! Pages open in a browser come first. When an edit has more than [`DEFER_OVER`] pages
//! to render, the ones in [`Workspace::set_open`] are rendered and written, the
//! outcome returned (so they reload at once), and the rest wait for
//! [`Workspace::finish_deferred`] ([`Workspace::deferred_files`] names them meanwhile),
//! as Hugo's fast render mode does.

use crate::build::{self, BuildOptions, ReadySite};
use crate::config::{CONFIG_FILE, Config};
use crate::content;
use crate::content::translations::BlockNames;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::languages::Languages;
use crate::model::{self, PageId, Site};
use crate::output::manifest::Entry;
use crate::output::publish::{Prune, Publisher, Record};
use crate::plan::{AssetNames, Job, SitePlan};
use crate::render::Renderer;
use crate::search::incremental::LiveIndex;
use crate::theme::Theme;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// More changed pages than this at once (a `git checkout`, say) are loaded as a whole.
const MANY_PAGES: usize = 20;

/// An edit that renders more pages than this renders the open ones first.
pub const DEFER_OVER: usize = 50;

mod languages;

/// What changed on disk, sorted by what it affects.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// `placebook.yaml`.
    pub config: bool,
    /// Markdown files under `content/` that were written or removed (content paths,
    /// `case-studies/x.md`).
    pub pages: BTreeSet<String>,
    /// Anything else under `content/` (assets, folders), which can change the site's
    /// structure.
    pub structure: bool,
    /// Templates of the site's theme that changed (names, `partials/meta.html`).
    pub templates: BTreeSet<String>,
    /// Files of `static/` or of the theme's `static/`.
    pub statics: bool,
}

impl Changes {
    /// Whether nothing relevant changed.
    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }
}

/// Sorts changed paths (absolute, or relative to `root`) into [`Changes`]. Editors'
/// temporary and backup files, hidden files, the output folder and anything else
/// outside the site's sources are ignored.
pub fn classify(root: &Path, theme: &str, paths: &[PathBuf]) -> Changes {
    let mut changes = Changes::default();
    for path in paths {
        let rel = path.strip_prefix(root).unwrap_or(path);
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let Some(first) = parts.first() else {
            continue;
        };
        if parts.iter().any(|p| content::is_ignored_name(p)) {
            continue;
        }
        let rest = parts[1..].join("/");
        match first.as_str() {
            CONFIG_FILE if parts.len() == 1 => changes.config = true,
            content::CONTENT_DIR if parts.len() == 1 => changes.structure = true,
            content::CONTENT_DIR => {
                if content::is_markdown(rel) {
                    changes.pages.insert(rest);
                } else {
                    changes.structure = true;
                }
            }
            // An image's size is in the pages that show it: load everything again (the
            // image cache keeps the images that did not change).
            "static" if crate::images::kind_of(&rest).is_some() => changes.structure = true,
            "static" => changes.statics = true,
            "themes" if parts.get(1).map(String::as_str) == Some(theme) => {
                match parts.get(2).map(String::as_str) {
                    Some("templates") if parts.len() > 3 => {
                        changes.templates.insert(parts[3..].join("/"));
                    }
                    Some("static") => changes.statics = true,
                    // The theme folder itself appeared or went, or its words changed
                    // (every page shows some): load everything.
                    None | Some("templates" | "strings") => changes.config = true,
                    _ => {}
                }
            }
            _ => {}
        }
    }
    changes
}

/// What a rebuild did.
#[derive(Debug)]
pub enum Outcome {
    /// The output is as it was.
    Unchanged,
    /// Files were written or removed.
    Updated(Update),
    /// The site has errors. The output folder still holds the last good site.
    Failed(Diagnostics),
}

impl Outcome {
    /// One edit's outcome from the outcomes of its two parts (the open pages, then the
    /// rest): the errors if either failed, else what both wrote.
    pub fn joined(first: Outcome, later: Outcome) -> Outcome {
        match (first, later) {
            (Outcome::Failed(e), _) | (_, Outcome::Failed(e)) => Outcome::Failed(e),
            (Outcome::Updated(mut a), Outcome::Updated(b)) => {
                a.elapsed += b.elapsed;
                a.warnings = b.warnings.clone();
                a.absorb(b);
                Outcome::Updated(a)
            }
            (Outcome::Updated(u), Outcome::Unchanged)
            | (Outcome::Unchanged, Outcome::Updated(u)) => Outcome::Updated(u),
            (Outcome::Unchanged, Outcome::Unchanged) => Outcome::Unchanged,
        }
    }
}

/// The files a rebuild wrote.
#[derive(Debug, Default)]
pub struct Update {
    /// Output paths written (`case-studies/x/index.html`), sorted.
    pub written: Vec<String>,
    /// Output paths removed, sorted.
    pub removed: Vec<String>,
    /// Pages rendered (written or found unchanged).
    pub rendered: usize,
    /// Whether the whole site was loaded again.
    pub full: bool,
    /// Warnings of the new version.
    pub warnings: Diagnostics,
    /// How long it took.
    pub elapsed: Duration,
}

impl Update {
    /// Adds what another step of the same edit did.
    fn absorb(&mut self, other: Update) {
        self.written.extend(other.written);
        self.removed.extend(other.removed);
        self.rendered += other.rendered;
        self.full |= other.full;
    }

    /// Whether only stylesheets changed, so a browser can swap them without reloading.
    pub fn css_only(&self) -> bool {
        self.removed.is_empty()
            && !self.written.is_empty()
            && self.written.iter().all(|p| p.ends_with(".css"))
    }
}

/// What `serve` holds of the site between edits.
#[derive(Default)]
enum State {
    /// The site has never built: nothing is in memory, only its errors.
    Broken(Diagnostics),
    /// The last good site, which the output folder holds.
    Good(ReadySite),
    /// The last good site, still in the output folder, and the errors of the newest
    /// version on disk.
    Stale(ReadySite, Diagnostics),
    /// Only while [`Workspace::apply`] moves from one state to the next.
    #[default]
    Moving,
}

/// A served site: its last good version in memory and what the output folder holds.
pub struct Workspace {
    opts: BuildOptions,
    output: PathBuf,
    state: State,
    /// Every file of the output folder, as placebook wrote it.
    files: HashMap<String, Entry>,
    /// The output files open in a browser (`case-studies/x/index.html`).
    open: HashSet<String>,
    /// Pages an edit left to render after the open ones.
    deferred: Vec<Deferred>,
    /// How many pages an edit may render before the open ones go first.
    defer_over: usize,
    /// Each language's search index, by its folder (`""`, `cy/`), kept between edits.
    search: HashMap<String, LiveIndex>,
}

/// Jobs of one language's site left to render after the open pages.
struct Deferred {
    /// The site's language folder (`""`, `cy/`).
    prefix: String,
    jobs: Vec<Job>,
    /// Their output files, the prefix included.
    files: Vec<String>,
}

/// An edit's result: the new site and what was written, or the errors with the site
/// given back untouched.
type Edited = Result<(ReadySite, Update), (ReadySite, Diagnostics)>;

impl Workspace {
    /// Builds the site into its output folder (replacing it only if the build succeeds)
    /// and keeps it in memory. A site with errors still gives a workspace, holding the
    /// errors; the output folder keeps whatever it had.
    pub fn start(opts: BuildOptions) -> Workspace {
        let output = opts.output_dir();
        let mut ws = Workspace {
            opts,
            output,
            state: State::Moving,
            files: HashMap::new(),
            open: HashSet::new(),
            deferred: Vec::new(),
            defer_over: DEFER_OVER,
            search: HashMap::new(),
        };
        ws.state = match ws.load_and_publish(true) {
            Ok((ready, _)) => State::Good(ready),
            Err(e) => State::Broken(e),
        };
        // The search index is kept from the start, so the first edit re-indexes one page
        // (what it writes is what the build wrote).
        ws.refresh_extras();
        ws
    }

    /// The folder being served.
    pub fn output(&self) -> &Path {
        &self.output
    }

    /// The site folder.
    pub fn root(&self) -> &Path {
        &self.opts.root
    }

    /// The last good site, if there is one.
    fn good(&self) -> Option<&ReadySite> {
        match &self.state {
            State::Good(r) | State::Stale(r, _) => Some(r),
            State::Broken(_) | State::Moving => None,
        }
    }

    /// The current errors, when the last attempt failed.
    pub fn errors(&self) -> Option<&Diagnostics> {
        match &self.state {
            State::Broken(e) | State::Stale(_, e) => Some(e),
            State::Good(_) | State::Moving => None,
        }
    }

    /// Warnings of the last good version.
    pub fn warnings(&self) -> Diagnostics {
        self.good()
            .map(|r| r.diagnostics.clone())
            .unwrap_or_default()
    }

    /// Pages in the last good version.
    pub fn page_count(&self) -> usize {
        self.good().map_or(0, |r| r.site.pages.len())
    }

    /// The theme name the site uses (for [`classify`]).
    pub fn theme_name(&self) -> String {
        match self.good() {
            Some(r) => r.site.config.theme.clone(),
            None => Config::load(&self.opts.root)
                .map(|c| c.theme)
                .unwrap_or_else(|_| "default".into()),
        }
    }

    /// Says which output files are open in a browser (`case-studies/x/index.html`),
    /// to be rendered first by the next edits.
    pub fn set_open(&mut self, files: HashSet<String>) {
        self.open = files;
    }

    /// The output files an edit left to render, until [`Workspace::finish_deferred`].
    pub fn deferred_files(&self) -> HashSet<String> {
        self.deferred
            .iter()
            .flat_map(|d| d.files.iter().cloned())
            .collect()
    }

    /// Renders and writes the pages the last edit left for after the open ones. On an
    /// error the output keeps them as they were, and the errors are the site's until
    /// the next edit, which loads everything again.
    pub fn finish_deferred(&mut self) -> Outcome {
        let deferred = std::mem::take(&mut self.deferred);
        if deferred.is_empty() {
            return Outcome::Unchanged;
        }
        let start = Instant::now();
        let ready = match std::mem::take(&mut self.state) {
            State::Good(ready) => ready,
            other => {
                self.state = other;
                return Outcome::Unchanged;
            }
        };
        let mut update = Update::default();
        let mut failed = Diagnostics::new();
        for d in &deferred {
            let Some(r) = ready.sites().find(|r| site_prefix(&r.site) == d.prefix) else {
                continue;
            };
            let parts = (&r.theme, r.static_files.as_slice(), &*r.languages);
            match self.publish_all_jobs(parts, &r.site, &d.jobs, Vec::new()) {
                Ok(u) => update.absorb(u),
                Err(e) => failed.extend(e),
            }
        }
        self.settle(ready, update, failed, start)
    }

    /// The state and outcome after deferred pages were rendered, with `failed` their
    /// errors (none when they were all written).
    fn settle(
        &mut self,
        ready: ReadySite,
        mut update: Update,
        mut failed: Diagnostics,
        start: Instant,
    ) -> Outcome {
        if failed.has_errors() {
            failed.sort();
            self.state = State::Stale(ready, failed.clone());
            return Outcome::Failed(failed);
        }
        self.state = State::Good(ready);
        if update.written.is_empty() && update.removed.is_empty() {
            return Outcome::Unchanged;
        }
        update.elapsed = start.elapsed();
        update.warnings = self.warnings();
        Outcome::Updated(update)
    }

    /// Brings the output up to date with `changes` (see the module docs). Pages an
    /// earlier edit left for later are rendered first.
    pub fn apply(&mut self, changes: &Changes) -> Outcome {
        if changes.is_empty() {
            return Outcome::Unchanged;
        }
        if let Outcome::Failed(e) = self.finish_deferred() {
            return Outcome::Failed(e);
        }
        let start = Instant::now();
        let edited = match std::mem::take(&mut self.state) {
            State::Good(ready) if !needs_reload(changes) => self.edit(ready, changes),
            State::Good(ready) | State::Stale(ready, _) => self.reload().map_err(|e| (ready, e)),
            State::Broken(_) | State::Moving => match self.reload() {
                Ok(done) => Ok(done),
                Err(mut diags) => {
                    diags.sort();
                    self.state = State::Broken(diags.clone());
                    return Outcome::Failed(diags);
                }
            },
        };
        match edited {
            Ok((ready, mut update)) => {
                update.elapsed = start.elapsed();
                update.warnings = ready.diagnostics.clone();
                self.state = State::Good(ready);
                if update.written.is_empty() && update.removed.is_empty() {
                    Outcome::Unchanged
                } else {
                    Outcome::Updated(update)
                }
            }
            Err((ready, mut diags)) => {
                // Nothing of the edit was written: nothing of it is left for later.
                self.deferred.clear();
                diags.sort();
                self.state = State::Stale(ready, diags.clone());
                Outcome::Failed(diags)
            }
        }
    }

    /// Writes the files that do not need to be in place before the browser reloads:
    /// the sitemap, feed, CMS config and search index (only the shards whose bytes
    /// changed; shards no longer made are removed). The search index is kept between
    /// calls and re-indexes only the pages that changed. Returns the paths written.
    pub fn refresh_extras(&mut self) -> Vec<String> {
        let (State::Good(ready) | State::Stale(ready, _)) = &self.state else {
            return Vec::new();
        };
        let mut indexed: HashMap<String, LiveIndex> = HashMap::new();
        let files = build::generated_files_of_all(ready, &self.opts.root, |site| {
            let prefix = site_prefix(site);
            let mut live = self
                .search
                .remove(&prefix)
                .unwrap_or_else(|| LiveIndex::new(site));
            live.forget_missing(|p| self.files.contains_key(&format!("{prefix}{p}")));
            let files = live.refresh(site);
            indexed.insert(prefix, live);
            files
        });
        // Only the sites indexed now keep an index (a site may have lost its last
        // searchable page, or its language).
        self.search = indexed;
        let prefixes: Vec<String> = ready.sites().map(|r| site_prefix(&r.site)).collect();
        let unchanged = self
            .search
            .iter()
            .flat_map(|(pre, live)| live.unchanged().map(move |p| format!("{pre}{p}")));
        let unchanged: Vec<String> = unchanged.collect();
        let made: HashSet<&str> = files
            .iter()
            .map(|a| a.path.as_str())
            .chain(unchanged.iter().map(String::as_str))
            .collect();
        let stale = self.not_made(&made, |p| {
            prefixes
                .iter()
                .any(|pre| p.strip_prefix(pre.as_str()).is_some_and(is_search_data))
        });
        drop(made);
        let published = self.publish(|p| build::emit::artifacts(files, p), stale);
        published.map(|u| u.written).unwrap_or_else(|_| {
            // The index's files it gave once are not given again: start it afresh.
            self.search.clear();
            Vec::new()
        })
    }

    /// Loads the site and writes all of it: fresh (the first time) or in place.
    fn load_and_publish(&mut self, fresh: bool) -> Result<(ReadySite, Update), Diagnostics> {
        // Every page is rendered again: nothing is left for later.
        self.deferred.clear();
        let mut ready = build::load(&self.opts)?;
        let (plans, mut diags) = ready.plan_all(&self.opts.root);
        let publisher = if fresh {
            Publisher::fresh(&self.opts.root, &self.output, self.opts.force)
                .map_err(|d| Diagnostics::from(vec![d]))?
        } else {
            Publisher::in_place(&self.output, &self.files)
        };
        if !diags.has_errors() {
            diags.extend(build::emit::sites(&ready, &plans, &publisher).0);
        }
        if diags.has_errors() {
            diags.extend(ready.diagnostics.clone());
            return Err(diags);
        }
        let rendered = plans.iter().map(|p| p.jobs.len()).sum();
        drop(plans);
        let done = publisher.commit(Prune::Unput, Record::Serving)?;
        done.apply_to(&mut self.files);
        ready.diagnostics.extend(diags);
        let update = Update {
            written: done.written,
            removed: done.removed,
            rendered,
            full: true,
            ..Update::default()
        };
        Ok((ready, update))
    }

    /// Loads everything again and writes whatever differs from the output.
    fn reload(&mut self) -> Result<(ReadySite, Update), Diagnostics> {
        self.load_and_publish(false)
    }

    /// Templates, statics and pages edited, with the site's structure unchanged. A page
    /// edit that changes the structure loads everything again.
    fn edit(&mut self, ready: ReadySite, changes: &Changes) -> Edited {
        if !ready.translations.is_empty() {
            return self.edit_languages(ready, changes);
        }
        let mut update = Update::default();
        let mut ready = ready;
        if !changes.templates.is_empty() {
            let u;
            (ready, u) = self.templates_changed(ready, &changes.templates)?;
            update.absorb(u);
        }
        for page in &changes.pages {
            match self.page_changed(ready, page, &BlockNames::default())? {
                (next, Some(u)) => {
                    ready = next;
                    update.absorb(u);
                }
                (old, None) => return self.reload().map_err(|e| (old, e)),
            }
        }
        if changes.statics {
            let u;
            (ready, u) = self.statics_changed(ready)?;
            update.absorb(u);
        }
        Ok((ready, update))
    }

    /// Renders `jobs` of `site` with `theme` and the site's `statics` (and the switch to
    /// `languages`) and writes
    /// those whose bytes changed, removing `gone` (paths in the site's own folder);
    /// nothing is written if any job fails.
    fn publish_jobs(
        &mut self,
        (theme, statics, languages): (&Theme, &[crate::theme::StaticFile], &Languages),
        site: &Site,
        jobs: &[Job],
        gone: Vec<String>,
    ) -> Result<Update, Diagnostics> {
        let now = self.open_first(site, jobs);
        self.publish_all_jobs((theme, statics, languages), site, &now, gone)
    }

    /// `jobs` to render now: all of them, or when there are more than `defer_over`,
    /// the open pages' (the rest are kept in `deferred`).
    fn open_first(&mut self, site: &Site, jobs: &[Job]) -> Vec<Job> {
        if jobs.len() <= self.defer_over {
            return jobs.to_vec();
        }
        let prefix = site_prefix(site);
        let (mut now, mut later) = (
            Vec::new(),
            Deferred {
                prefix: prefix.clone(),
                jobs: Vec::new(),
                files: Vec::new(),
            },
        );
        for job in jobs {
            let file = format!("{prefix}{}", job.output_path(site));
            if self.open.contains(&file) {
                now.push(job.clone());
            } else {
                later.jobs.push(job.clone());
                later.files.push(file);
            }
        }
        if !later.jobs.is_empty() {
            self.deferred.push(later);
        }
        now
    }

    /// [`Workspace::publish_jobs`] for every one of `jobs`, none left for later.
    fn publish_all_jobs(
        &mut self,
        (theme, statics, languages): (&Theme, &[crate::theme::StaticFile], &Languages),
        site: &Site,
        jobs: &[Job],
        gone: Vec<String>,
    ) -> Result<Update, Diagnostics> {
        let assets = AssetNames::of(&site.config, &theme.static_files, statics);
        let prefix = site_prefix(site);
        // The search page names the kept index's manifest (the index is refreshed after
        // the edit, and the page with it), rather than building the index to name it.
        let manifest = self
            .search
            .get(&prefix)
            .and_then(LiveIndex::manifest)
            .map(str::to_owned);
        let renderer = Renderer::new(theme, site, &assets)
            .with_languages(languages)
            .with_search_manifest(manifest.as_deref());
        let gone = gone.into_iter().map(|g| format!("{prefix}{g}")).collect();
        let put = |p: &Publisher| build::emit::jobs(&renderer, jobs, p, &prefix);
        let mut update = self.publish(put, gone)?;
        update.rendered = jobs.len();
        Ok(update)
    }

    /// Puts files into the output in place with `put`, then removes `gone`; nothing is
    /// written if `put` reports an error.
    fn publish(
        &mut self,
        put: impl FnOnce(&Publisher) -> Vec<Diagnostic>,
        gone: Vec<String>,
    ) -> Result<Update, Diagnostics> {
        let publisher = Publisher::in_place(&self.output, &self.files);
        let errors = put(&publisher);
        if !errors.is_empty() {
            return Err(Diagnostics::from(errors));
        }
        let done = publisher.commit(Prune::Listed(gone), Record::Serving)?;
        done.apply_to(&mut self.files);
        Ok(Update {
            written: done.written,
            removed: done.removed,
            ..Update::default()
        })
    }

    /// One markdown file changed, its building blocks named as `names` says (a
    /// translation's). `(site, None)` when it needs a full reload (it is new, gone, or
    /// its address, draft state or aliases changed).
    fn page_changed(
        &mut self,
        ready: ReadySite,
        content_path: &str,
        names: &BlockNames,
    ) -> Result<(ReadySite, Option<Update>), (ReadySite, Diagnostics)> {
        let Some(id) = ready.addresses.lookup(content_path) else {
            return Ok((ready, None));
        };
        let old = &ready.site.pages[id];
        if !self.opts.root.join(&old.doc.path).is_file() {
            return Ok((ready, None));
        }
        let mut doc = match content::reread(&self.opts.root, &old.doc) {
            Ok(doc) => doc,
            Err(failed) => {
                let mut e = failed.errors;
                if let Some(body) = failed.body {
                    e.extend(unpublished_body_diagnostics(&body, &ready, id));
                }
                return Err((ready, Diagnostics::from(e)));
            }
        };
        names.apply(&mut doc);
        let same_place = doc.front.slug == old.doc.front.slug
            && doc.front.draft == old.doc.front.draft
            && doc.front.aliases == old.doc.front.aliases;
        if !same_place {
            return Ok((ready, None));
        }
        let (page, diags) = build::page::remake_page(
            doc,
            id,
            &ready.site.pages,
            &ready.addresses,
            (&ready.site.config, &ready.theme.reserved_ids),
            &ready.git_dates,
        );
        if diags.iter().any(Diagnostic::is_error) {
            return Err((ready, Diagnostics::from(diags)));
        }
        let body_only = page.doc.front == old.doc.front && page.title == old.title;
        let placeholders = content::warnings::value_warnings(&page.doc);
        let warnings = refreshed_warnings(
            &ready.diagnostics,
            &page.doc.path,
            diags.into(),
            placeholders,
        );
        let edited = if body_only {
            self.body_changed(ready, id, page)
        } else {
            self.front_changed(ready, id, page)
        };
        edited.map(|(mut ready, update)| {
            ready.diagnostics = warnings;
            (ready, Some(update))
        })
    }

    /// Page `id`'s body changed (nothing else): the pages that show it are rendered.
    fn body_changed(&mut self, mut ready: ReadySite, id: PageId, page: model::Page) -> Edited {
        let old = std::mem::replace(&mut ready.site.pages[id], page);
        let site = &ready.site;
        let jobs: Vec<Job> = crate::plan::jobs(site)
            .0
            .into_iter()
            .filter(|j| j.shows_body_of(site, id))
            .collect();
        match self.publish_jobs(
            (&ready.theme, &ready.static_files, &ready.languages),
            site,
            &jobs,
            Vec::new(),
        ) {
            Ok(update) => Ok((ready, update)),
            Err(e) => {
                ready.site.pages[id] = old;
                Err((ready, e))
            }
        }
    }

    /// Page `id`'s front matter or title changed: the site is assembled again, and the
    /// pages that showed something of it before or show it now are rendered (new term
    /// pages included); pages no longer made (a term no page has) are removed.
    fn front_changed(&mut self, ready: ReadySite, id: PageId, page: model::Page) -> Edited {
        let (old_jobs, _) = crate::plan::jobs(&ready.site);
        let old_shown = crate::plan::pager::shown(&ready.site);
        let old_paths: HashMap<String, bool> = old_jobs
            .iter()
            .map(|j| {
                let depended = j.depends_on_shown(&ready.site, id, &old_shown);
                (j.output_path(&ready.site), depended)
            })
            .collect();
        let (ready, old_page) = reassembled(ready, id, page)?;
        let site = &ready.site;
        let (new_jobs, _) = crate::plan::jobs(site);
        let new_shown = crate::plan::pager::shown(site);
        let new_paths: HashSet<String> = new_jobs.iter().map(|j| j.output_path(site)).collect();
        let gone: Vec<String> = old_paths
            .keys()
            .filter(|p| !new_paths.contains(*p))
            .cloned()
            .collect();
        let jobs: Vec<Job> = new_jobs
            .into_iter()
            .filter(|j| {
                let path = j.output_path(site);
                j.depends_on_shown(site, id, &new_shown)
                    || old_paths.get(&path).is_none_or(|&depended| depended)
                    || old_shown.get(&path) != new_shown.get(&path)
            })
            .collect();
        match self.publish_jobs(
            (&ready.theme, &ready.static_files, &ready.languages),
            site,
            &jobs,
            gone,
        ) {
            Ok(update) => Ok((ready, update)),
            Err(e) => Err((restored(ready, id, old_page), e)),
        }
    }

    /// Templates changed: load the theme again and render the pages that use them.
    fn templates_changed(&mut self, mut ready: ReadySite, names: &BTreeSet<String>) -> Edited {
        let theme = match Theme::load(&self.opts.root, &ready.site.config) {
            Ok(t) => t,
            Err(e) => return Err((ready, Diagnostics::from(e))),
        };
        if assets_renamed(&ready, &theme, &ready.static_files) {
            return self.reload().map_err(|e| (ready, e));
        }
        let changed: Vec<&str> = names.iter().map(String::as_str).collect();
        let users = theme.users_of(&changed);
        let site = &ready.site;
        let jobs: Vec<Job> = crate::plan::jobs(site)
            .0
            .into_iter()
            .filter(|j| j.template(site).is_some_and(|t| users.contains(&t)))
            .collect();
        match self.publish_jobs(
            (&theme, &ready.static_files, &ready.languages),
            site,
            &jobs,
            Vec::new(),
        ) {
            Ok(update) => {
                // The theme's static files may have changed with it.
                ready.theme = theme;
                Ok((ready, update))
            }
            Err(e) => Err((ready, e)),
        }
    }

    /// Static files changed: copy the ones that differ, remove the ones that went (or,
    /// when a theme asset's bytes changed, load and publish everything again).
    fn statics_changed(&mut self, mut ready: ReadySite) -> Edited {
        let root = &self.opts.root;
        let theme = match Theme::load(root, &ready.site.config) {
            Ok(t) => t,
            Err(e) => return Err((ready, Diagnostics::from(e))),
        };
        let (list, errors) = content::walk_static(&root.join("static"), root);
        if !errors.is_empty() {
            return Err((ready, Diagnostics::from(errors)));
        }
        let mut static_files = build::site_statics(list);
        build::static_images(root, &ready.site.config, &mut static_files);
        if assets_renamed(&ready, &theme, &static_files) {
            return self.reload().map_err(|e| (ready, e));
        }
        let published = self.publish_statics(&ready.site, &theme, &static_files);
        match published {
            Ok(update) => {
                ready.theme = theme;
                ready.static_files = static_files;
                Ok((ready, update))
            }
            Err(e) => Err((ready, e)),
        }
    }

    /// Writes the static files of `theme` and `static_files` that differ from the
    /// output, and removes files the site no longer makes (the search index's files
    /// are refreshed apart, see [`Workspace::refresh_extras`]).
    fn publish_statics(
        &mut self,
        site: &Site,
        theme: &Theme,
        static_files: &[crate::theme::StaticFile],
    ) -> Result<Update, Diagnostics> {
        let (plan, diags) = SitePlan::new(site, &theme.static_files, static_files, &self.opts.root);
        if diags.has_errors() {
            return Err(diags);
        }
        let paths = plan.paths(site);
        let expected: HashSet<&str> = paths.iter().map(String::as_str).collect();
        let gone = self.not_made(&expected, |k| !is_search_data(k));
        self.publish(|p| build::emit::statics(&plan.static_copies(), p), gone)
    }

    /// Files in the output, among those `considered`, that the site no longer makes.
    fn not_made(&self, made: &HashSet<&str>, considered: impl Fn(&str) -> bool) -> Vec<String> {
        self.files
            .keys()
            .filter(|k| considered(k) && !made.contains(k.as_str()))
            .cloned()
            .collect()
    }
}

/// Whether `theme` with the site's static files `statics` gives some theme asset another
/// content-named path than `ready` has: then every page names it anew, so everything is
/// loaded again (never in `serve`'s preview, whose assets keep their plain names).
fn assets_renamed(ready: &ReadySite, theme: &Theme, statics: &[crate::theme::StaticFile]) -> bool {
    let config = &ready.site.config;
    AssetNames::of(config, &theme.static_files, statics)
        != AssetNames::of(config, &ready.theme.static_files, &ready.static_files)
}

/// Whether `changes` alter the site's structure, so that everything is loaded again.
fn needs_reload(changes: &Changes) -> bool {
    changes.config || changes.structure || changes.pages.len() > MANY_PAGES
}

/// `ready` assembled again with page `id` replaced by `page`; the page it replaced is
/// returned with it. On errors, `ready` comes back as it was.
fn reassembled(
    ready: ReadySite,
    id: PageId,
    page: model::Page,
) -> Result<(ReadySite, model::Page), (ReadySite, Diagnostics)> {
    let (mut ready, diags, old_page) =
        reassemble(ready, |pages| std::mem::replace(&mut pages[id], page));
    let errors: Vec<Diagnostic> = diags.iter().filter(|d| d.is_error()).cloned().collect();
    if !errors.is_empty() {
        return Err((restored(ready, id, old_page), Diagnostics::from(errors)));
    }
    ready.diagnostics.extend(diags);
    Ok((ready, old_page))
}

/// The problems in `body`, page `id`'s file read again after an edit that gave its
/// front matter errors (with its front matter left empty), so they come with those
/// errors.
fn unpublished_body_diagnostics(
    body: &content::SourceDoc,
    ready: &ReadySite,
    id: PageId,
) -> Vec<Diagnostic> {
    let pages = &ready.site.pages;
    build::page::unpublished_body_diagnostics(
        body,
        Some(id),
        &ready.addresses,
        (&ready.site.config, &ready.theme.reserved_ids),
        (|t| pages[t].doc.path.as_str(), |t| &pages[t].body.ids),
    )
}

/// `ready` with page `id` put back to `old_page` and assembled again (the site as it
/// was before an edit that failed).
fn restored(ready: ReadySite, id: PageId, old_page: model::Page) -> ReadySite {
    reassemble(ready, |pages| pages[id] = old_page).0
}

/// `ready` with its model assembled again after `change` to its pages, with the
/// model's problems and what `change` returned.
fn reassemble<T>(
    ready: ReadySite,
    change: impl FnOnce(&mut Vec<model::Page>) -> T,
) -> (ReadySite, Vec<Diagnostic>, T) {
    let mut ready = ready;
    let (config, mut pages, assets) = ready.site.into_parts();
    let changed = change(&mut pages);
    let (site, diags) = model::assemble(config, pages, assets, &ready.left_out_blocks);
    // The site was moved out above; the other parts stay as they were.
    ready.site = site;
    (ready, diags.into_iter().collect(), changed)
}

/// A site's language folder (`""`, `cy/`): where its files go in the output.
fn site_prefix(site: &Site) -> String {
    site.config.prefix_of(site.config.site_language)
}

/// Whether `path` is a file of the search index (not the search page itself).
fn is_search_data(path: &str) -> bool {
    path.strip_prefix(crate::search::shards::DIR)
        .is_some_and(|rest| rest.starts_with('/'))
        && path != crate::search::PAGE
}

/// The warnings of a site after one file changed: those of other files, plus the file's
/// new ones.
fn refreshed_warnings(
    old: &Diagnostics,
    file: &str,
    new: Diagnostics,
    placeholders: Vec<Diagnostic>,
) -> Diagnostics {
    let mut out = Diagnostics::from(
        old.iter()
            .filter(|d| d.location.as_ref().is_none_or(|l| l.file != file))
            .cloned()
            .collect::<Vec<_>>(),
    );
    out.extend(new);
    out.extend(placeholders);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::time::SystemTime;

    fn copy_dir(from: &Path, to: &Path) {
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.unwrap();
            let target = to.join(entry.path().strip_prefix(from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    /// A copy of the `good` fixture, built, with its workspace.
    fn started() -> (tempfile::TempDir, Workspace) {
        started_with("good", |_| {})
    }

    /// A copy of fixture `name`, changed by `prepare`, built, with its workspace.
    fn started_with(name: &str, prepare: impl FnOnce(&Path)) -> (tempfile::TempDir, Workspace) {
        let tmp = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&fixture, tmp.path());
        prepare(tmp.path());
        let ws = Workspace::start(BuildOptions::new(tmp.path()));
        assert!(ws.errors().is_none(), "{:?}", ws.errors());
        (tmp, ws)
    }

    fn codes(d: &Diagnostics) -> Vec<&'static str> {
        d.iter().map(|d| d.code).collect()
    }

    #[test]
    fn a_welsh_body_edit_rewrites_only_the_welsh_pages_that_show_it() {
        let (tmp, mut ws) = started_with("bilingual", |_| {});
        let root = tmp.path();
        let english = modified(root, "case-studies/cardiff/index.html");
        let file = "content/case-studies/cardiff.cy.md";
        edit_keeping_time(root, file, "Yr hwb cymunedol", "Yr hwb zanzibaraidd");
        let u = updated(ws.apply(&page(&["case-studies/cardiff.cy.md"])));
        assert!(!u.full, "a body edit is not a reload: {u:?}");
        assert!(
            u.written
                .contains(&"cy/case-studies/caerdydd/index.html".to_owned())
        );
        assert!(
            u.written.iter().all(|p| p.starts_with("cy/")),
            "{:?}",
            u.written
        );
        let html = std::fs::read_to_string(root.join("public/cy/case-studies/caerdydd/index.html"))
            .unwrap();
        assert!(html.contains("zanzibaraidd") && html.contains("hreflang=\"en-GB\""));
        assert_eq!(modified(root, "case-studies/cardiff/index.html"), english);
        let extras = ws.refresh_extras();
        assert!(
            extras.iter().all(|p| p.starts_with("cy/search/")),
            "{extras:?}"
        );
        let shards: String = extras
            .iter()
            .map(|p| std::fs::read_to_string(root.join("public").join(p)).unwrap())
            .collect();
        assert!(shards.contains("zanzibaraidd"), "{extras:?}");
        assert!(
            ws.refresh_extras().is_empty(),
            "nothing changed the second time"
        );
    }

    #[test]
    fn an_english_title_edit_in_a_bilingual_playbook_leaves_the_welsh_site() {
        let (tmp, mut ws) = started_with("bilingual", |_| {});
        let root = tmp.path();
        edit(
            root,
            "content/case-studies/cardiff.md",
            "title: Cardiff",
            "title: Cardiff Bay",
        );
        let u = updated(ws.apply(&page(&["case-studies/cardiff.md"])));
        assert!(!u.full, "{u:?}");
        assert!(
            u.written.contains(&"case-studies/index.html".to_owned()),
            "{:?}",
            u.written
        );
        assert!(
            !u.written.iter().any(|p| p.starts_with("cy/")),
            "{:?}",
            u.written
        );
    }

    #[test]
    fn a_new_welsh_tag_loads_every_language_again() {
        let (tmp, mut ws) = started_with("bilingual", |_| {});
        let root = tmp.path();
        edit(
            root,
            "content/case-studies/cardiff.cy.md",
            "tags: [cymuned]",
            "tags: [cymuned, iechyd]",
        );
        let u = updated(ws.apply(&page(&["case-studies/cardiff.cy.md"])));
        assert!(
            u.full,
            "the other language's switch may point to the new page"
        );
        assert!(root.join("public/cy/tags/iechyd/index.html").is_file());
    }

    #[test]
    fn bringing_a_translation_up_to_date_clears_its_warning() {
        let (tmp, mut ws) = started_with("bilingual", |root| {
            let en = "content/case-studies/cardiff.md";
            edit(
                root,
                en,
                "title: Cardiff",
                "title: Cardiff\nupdated: 2026-06-01",
            );
            let cy = "content/case-studies/cardiff.cy.md";
            edit(
                root,
                cy,
                "title: Caerdydd",
                "title: Caerdydd\nupdated: 2026-01-01",
            );
        });
        let root = tmp.path();
        assert!(codes(&ws.warnings()).contains(&"translation-out-of-date"));
        let cy = "content/case-studies/cardiff.cy.md";
        edit(root, cy, "updated: 2026-01-01", "updated: 2026-06-02");
        let u = updated(ws.apply(&page(&["case-studies/cardiff.cy.md"])));
        assert!(!u.full);
        assert!(!codes(&ws.warnings()).contains(&"translation-out-of-date"));
        edit(root, cy, "updated: 2026-06-02", "updated: 2026-02-02");
        updated(ws.apply(&page(&["case-studies/cardiff.cy.md"])));
        assert!(codes(&ws.warnings()).contains(&"translation-out-of-date"));
    }

    fn edit(root: &Path, file: &str, from: &str, to: &str) {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    /// `edit`, keeping the file's modification time: a page's date (with no git and no
    /// `updated:`) is its file's time, so an edit in a later second than the first build
    /// would also change the feed and the sitemap, as it should, but then what a test
    /// sees would depend on how fast the machine is.
    fn edit_keeping_time(root: &Path, file: &str, from: &str, to: &str) {
        let path = root.join(file);
        let time = std::fs::metadata(&path).unwrap().modified().unwrap();
        edit(root, file, from, to);
        let f = std::fs::File::options().write(true).open(&path).unwrap();
        f.set_modified(time).unwrap();
    }

    fn page(pages: &[&str]) -> Changes {
        Changes {
            pages: pages.iter().map(|p| p.to_string()).collect(),
            ..Changes::default()
        }
    }

    fn updated(outcome: Outcome) -> Update {
        match outcome {
            Outcome::Updated(u) => u,
            other => panic!("expected an update, got {other:?}"),
        }
    }

    /// Asserts that `u` wrote every one of `paths`.
    fn assert_wrote(u: &Update, paths: &[&str]) {
        for path in paths {
            assert!(
                u.written.iter().any(|w| w == path),
                "{path} not in {:?}",
                u.written
            );
        }
    }

    fn modified(root: &Path, file: &str) -> SystemTime {
        std::fs::metadata(root.join("public").join(file))
            .unwrap()
            .modified()
            .unwrap()
    }

    /// The `good` fixture with 30 more case studies, `Place 01` to `Place 30`, each
    /// showing the data-sharing block and tagged `shared`, five to a listing page.
    fn started_paginated() -> (tempfile::TempDir, Workspace) {
        started_with("good", |root| {
            edit(
                root,
                "placebook.yaml",
                "taxonomies:",
                "paginate: 5\ntaxonomies:",
            );
            for n in 1..=30 {
                let text = format!(
                    "---\ntitle: Place {n:02}\nplace: Town {n}\nsummary: Case {n}.\nbuilding_blocks: [data-sharing]\ntags: [shared]\n---\n\nText.\n"
                );
                std::fs::write(
                    root.join(format!("content/case-studies/place-{n:02}.md")),
                    text,
                )
                .unwrap();
            }
        })
    }

    #[test]
    fn a_title_edit_renders_only_the_listing_pages_that_show_it() {
        let (tmp, mut ws) = started_paginated();
        let root = tmp.path();
        assert!(root.join("public/case-studies/page/7/index.html").is_file());
        let file = "content/case-studies/place-17.md";
        edit_keeping_time(root, file, "title: Place 17", "title: Place 17 renamed");
        let u = updated(ws.apply(&page(&["case-studies/place-17.md"])));
        assert!(!u.full, "{u:?}");
        let first_pages = [
            "case-studies/index.html",
            "tags/shared/index.html",
            "matrix/index.html",
            "a-z/index.html",
            "building-blocks/data-sharing/case-studies/index.html",
        ];
        let listings: Vec<&String> = u
            .written
            .iter()
            .filter(|p| p.contains("/page/") || first_pages.contains(&p.as_str()))
            .collect();
        // Sorted by title, the case studies are Alpha, Beta, Gamma, Place 01…: Place 17
        // is the 20th, on page 4; in the A to Z (every page) it is further on.
        assert_wrote(
            &u,
            &[
                "case-studies/page/4/index.html",
                "tags/shared/page/4/index.html",
                "building-blocks/data-sharing/case-studies/page/4/index.html",
            ],
        );
        assert_eq!(
            listings.len(),
            5,
            "only the pages that show it: these three, one of the matrix and one of the A to Z: {listings:?}"
        );
        assert!(!u.written.contains(&"case-studies/index.html".to_owned()));
        assert!(!u.written.contains(&"matrix/index.html".to_owned()));
    }

    #[test]
    fn a_page_moved_to_another_listing_page_renders_every_page_it_passes() {
        let (tmp, mut ws) = started_paginated();
        let root = tmp.path();
        let file = "content/case-studies/place-17.md";
        // Place 17 moves to the front: every page from the first to its old one shifts.
        edit_keeping_time(root, file, "title: Place 17", "title: Aardvark");
        let u = updated(ws.apply(&page(&["case-studies/place-17.md"])));
        assert_wrote(
            &u,
            &[
                "case-studies/index.html",
                "case-studies/page/2/index.html",
                "case-studies/page/3/index.html",
                "case-studies/page/4/index.html",
            ],
        );
        assert!(
            !u.written
                .contains(&"case-studies/page/5/index.html".to_owned())
        );
    }

    #[test]
    fn classifies_changed_paths() {
        let root = Path::new("/site");
        let paths: Vec<PathBuf> = [
            "/site/content/case-studies/x.md",
            "/site/content/case-studies/.x.md.swp",
            "/site/content/case-studies/x.md~",
            "/site/content/case-studies/4913",
            "/site/content/files/plan.pdf",
            "/site/themes/mine/templates/partials/meta.html",
            "/site/themes/other/templates/base.html",
            "/site/static/a.css",
            "/site/public/index.html",
            "/site/.git/index",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let c = classify(root, "mine", &paths);
        assert_eq!(c.pages.iter().collect::<Vec<_>>(), ["case-studies/x.md"]);
        assert!(c.structure, "a PDF under content/ may be linked to");
        assert_eq!(
            c.templates.iter().collect::<Vec<_>>(),
            ["partials/meta.html"]
        );
        assert!(c.statics && !c.config);
        let config = classify(root, "mine", &[PathBuf::from("/site/placebook.yaml")]);
        assert!(config.config);
        let words = classify(
            root,
            "mine",
            &[PathBuf::from("/site/themes/mine/strings/cy.yaml")],
        );
        assert!(words.config, "a strings file holds words every page shows");
        assert!(classify(root, "mine", &[PathBuf::from("/site/public/a/index.html")]).is_empty());
    }

    #[test]
    fn a_body_edit_rewrites_only_that_page() {
        let (tmp, mut ws) = started();
        let root = tmp.path();
        let home = modified(root, "index.html");
        let listing = modified(root, "case-studies/index.html");
        edit(
            root,
            "content/case-studies/alpha-town.md",
            "## The context",
            "## The setting",
        );
        let u = updated(ws.apply(&page(&["case-studies/alpha-town.md"])));
        assert!(!u.full);
        assert!(
            u.written
                .contains(&"case-studies/alpha-town/index.html".to_owned())
        );
        assert!(
            u.written
                .iter()
                .all(|p| p == "case-studies/alpha-town/index.html" || p == "print/index.html"),
            "{:?}",
            u.written
        );
        let html = std::fs::read_to_string(root.join("public/case-studies/alpha-town/index.html"))
            .unwrap();
        assert!(html.contains("The setting"));
        assert_eq!(
            modified(root, "index.html"),
            home,
            "unchanged pages are not rewritten"
        );
        assert_eq!(modified(root, "case-studies/index.html"), listing);
        // Saving the same bytes again writes nothing.
        assert!(matches!(
            ws.apply(&page(&["case-studies/alpha-town.md"])),
            Outcome::Unchanged
        ));
    }

    #[test]
    fn the_search_index_follows_an_edit_after_the_pages() {
        let (tmp, mut ws) = started();
        let root = tmp.path();
        let word = "zanzibarian";
        edit(
            root,
            "content/case-studies/alpha-town.md",
            "## The context",
            &format!("## The context\n\nA {word} idea.\n"),
        );
        updated(ws.apply(&page(&["case-studies/alpha-town.md"])));
        let written = ws.refresh_extras();
        assert!(
            written.iter().any(|p| p.starts_with("search/")),
            "{written:?}"
        );
        let shards: String = written
            .iter()
            .filter(|p| p.starts_with("search/"))
            .map(|p| std::fs::read_to_string(root.join("public").join(p)).unwrap())
            .collect();
        assert!(
            shards.contains("zanzibarian"),
            "the new word is in a rewritten shard"
        );
        // The search page is rewritten with the index: it names the new manifest.
        let page = std::fs::read_to_string(root.join("public/search/index.html")).unwrap();
        let manifest = written
            .iter()
            .find_map(|p| p.strip_prefix("search/data/manifest-"))
            .expect("a new manifest");
        assert!(
            written.iter().any(|p| p == "search/index.html"),
            "{written:?}"
        );
        assert!(
            page.contains(&format!(
                "data-manifest=\"manifest-{}\"",
                manifest.trim_end_matches(".js")
            )),
            "{page}"
        );
        assert!(
            ws.refresh_extras().is_empty(),
            "nothing changed the second time"
        );
    }

    #[test]
    fn a_title_edit_rewrites_the_pages_that_show_the_title() {
        let (tmp, mut ws) = started();
        let root = tmp.path();
        edit(
            root,
            "content/case-studies/alpha-town.md",
            "title: Alpha Town",
            "title: Alpha Borough",
        );
        let u = updated(ws.apply(&page(&["case-studies/alpha-town.md"])));
        assert_wrote(
            &u,
            &[
                "case-studies/alpha-town/index.html",
                "case-studies/index.html",
                "building-blocks/shared-purpose/index.html",
                "tags/vision/index.html",
            ],
        );
        assert!(
            !u.written.contains(&"about/index.html".to_owned()),
            "{:?}",
            u.written
        );
        let block =
            std::fs::read_to_string(root.join("public/building-blocks/shared-purpose/index.html"))
                .unwrap();
        assert!(block.contains("Alpha Borough"));
    }

    #[test]
    fn a_new_tag_adds_its_page_and_a_dropped_one_removes_it() {
        let (tmp, mut ws) = started();
        let root = tmp.path();
        edit(
            root,
            "content/case-studies/beta-city.md",
            "region: London",
            "region: Wessex",
        );
        let u = updated(ws.apply(&page(&["case-studies/beta-city.md"])));
        assert!(
            u.written.contains(&"region/wessex/index.html".to_owned()),
            "{:?}",
            u.written
        );
        assert!(root.join("public/region/wessex/index.html").is_file());
        assert_eq!(u.removed, ["region/london/index.html"]);
        assert!(!root.join("public/region/london").exists());
    }

    #[test]
    fn errors_leave_the_last_good_output_and_a_fix_recovers() {
        let (tmp, mut ws) = started();
        let root = tmp.path();
        let before = std::fs::read(root.join("public/case-studies/alpha-town/index.html")).unwrap();
        edit(
            root,
            "content/case-studies/alpha-town.md",
            "title: Alpha Town",
            "title: [Alpha Town",
        );
        match ws.apply(&page(&["case-studies/alpha-town.md"])) {
            Outcome::Failed(d) => {
                let e = d.iter().find(|d| d.is_error()).unwrap();
                let loc = e.location.as_ref().unwrap();
                assert_eq!(
                    (loc.file.as_str(), loc.line),
                    ("content/case-studies/alpha-town.md", 2)
                );
            }
            other => panic!("expected errors, got {other:?}"),
        }
        assert_eq!(
            std::fs::read(root.join("public/case-studies/alpha-town/index.html")).unwrap(),
            before
        );
        edit(
            root,
            "content/case-studies/alpha-town.md",
            "title: [Alpha Town",
            "title: Alpha Town!",
        );
        let u = updated(ws.apply(&page(&["case-studies/alpha-town.md"])));
        assert!(u.full, "recovering from errors loads everything");
        assert!(ws.errors().is_none());
        let html = std::fs::read_to_string(root.join("public/case-studies/alpha-town/index.html"))
            .unwrap();
        assert!(html.contains("Alpha Town!"));
    }

    #[test]
    fn an_edit_that_breaks_the_front_matter_also_reports_the_body_s_problems() {
        let (tmp, mut ws) = started();
        let root = tmp.path();
        let file = "content/case-studies/alpha-town.md";
        edit(
            root,
            file,
            "title: Alpha Town",
            "title: Alpha Town\nsumary: typo",
        );
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let text = text + "\nSee [gone](nowhere.md) and [here](#no-such-heading).\n";
        std::fs::write(root.join(file), text).unwrap();
        match ws.apply(&page(&["case-studies/alpha-town.md"])) {
            Outcome::Failed(d) => {
                let codes: Vec<&str> = d.iter().filter(|d| d.is_error()).map(|d| d.code).collect();
                assert_eq!(
                    codes,
                    ["unknown-field", "broken-link", "broken-anchor"],
                    "{d:?}"
                );
            }
            other => panic!("expected errors, got {other:?}"),
        }
    }

    #[test]
    fn removing_a_heading_that_another_page_links_to_is_an_error() {
        let (tmp, mut ws) = started();
        let root = tmp.path();
        let about = std::fs::read_to_string(root.join("content/about.md")).unwrap();
        let heading = about
            .lines()
            .find(|l| l.starts_with("## "))
            .unwrap()
            .to_owned();
        edit(root, "content/about.md", &heading, "## Something else");
        match ws.apply(&page(&["about.md"])) {
            Outcome::Failed(d) => assert!(d.iter().any(|d| d.code == "broken-anchor"), "{d:?}"),
            other => panic!("expected a broken anchor, got {other:?}"),
        }
    }

    /// A PNG of `w` × `h` pixels.
    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 90]));
        let mut out = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    /// The `meta` files of the image cache under `root`, with their times.
    fn cached(root: &Path) -> BTreeMap<PathBuf, SystemTime> {
        let dir = crate::images::cache_dir(root);
        std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| {
                let meta = e.ok()?.path().join("meta");
                Some((
                    meta.clone(),
                    std::fs::metadata(&meta).ok()?.modified().ok()?,
                ))
            })
            .collect()
    }

    #[test]
    fn an_image_edit_makes_that_image_again_and_no_other() {
        let images = "content/case-studies/images";
        let (tmp, mut ws) = started_with("good", |root| {
            std::fs::write(root.join(images).join("other.png"), png(30, 20)).unwrap();
        });
        let root = tmp.path();
        let before = cached(root);
        assert!(before.len() >= 2, "map.png and other.png: {before:?}");
        assert!(
            root.join("public/case-studies/images/map.64w.webp")
                .is_file()
        );
        let map = root.join(images).join("map.png");
        std::fs::write(&map, png(100, 60)).unwrap();
        let u = updated(ws.apply(&classify(root, "default", &[map])));
        assert!(
            u.full,
            "an image's size is in the pages that show it: {u:?}"
        );
        let after = cached(root);
        assert_eq!(after.len(), before.len() + 1, "the new map.png only");
        assert!(
            before
                .iter()
                .all(|(meta, time)| after.get(meta) == Some(time))
        );
        assert!(
            root.join("public/case-studies/images/map.100w.webp")
                .is_file()
        );
        assert!(
            !root
                .join("public/case-studies/images/map.64w.webp")
                .exists()
        );
        let page = std::fs::read_to_string(root.join("public/case-studies/alpha-town/index.html"))
            .unwrap();
        assert!(page.contains("width=\"100\" height=\"60\""), "{page}");
    }

    #[test]
    fn new_and_deleted_pages_load_the_site_again() {
        let (tmp, mut ws) = started();
        let root = tmp.path();
        std::fs::write(
            root.join("content/case-studies/delta.md"),
            "---\ntitle: Delta\nplace: Delta\nsummary: Delta did it.\nbuilding_blocks: [shared-purpose]\n---\nText.\n",
        )
        .unwrap();
        let u = updated(ws.apply(&page(&["case-studies/delta.md"])));
        assert!(u.full && root.join("public/case-studies/delta/index.html").is_file());
        std::fs::remove_file(root.join("content/case-studies/delta.md")).unwrap();
        let u = updated(ws.apply(&page(&["case-studies/delta.md"])));
        assert!(
            u.removed
                .contains(&"case-studies/delta/index.html".to_owned())
        );
        assert!(!root.join("public/case-studies/delta").exists());
    }

    #[test]
    fn a_template_edit_renders_the_pages_that_use_it() {
        let (tmp, mut ws) = started();
        let root = tmp.path();
        let dir = root.join("themes/default/templates/partials");
        std::fs::create_dir_all(&dir).unwrap();
        let meta = crate::theme::default_template("partials/meta.html").unwrap();
        std::fs::write(
            dir.join("meta.html"),
            format!("<p class=\"edited\">edited</p>{meta}"),
        )
        .unwrap();
        let changes = Changes {
            templates: ["partials/meta.html".to_owned()].into(),
            ..Changes::default()
        };
        let u = updated(ws.apply(&changes));
        assert!(
            u.written
                .contains(&"case-studies/alpha-town/index.html".to_owned())
        );
        assert!(
            !u.written.contains(&"case-studies/index.html".to_owned()),
            "{:?}",
            u.written
        );
        assert!(!u.written.contains(&"matrix/index.html".to_owned()));
    }

    /// The output folder's files by their path inside it, with their bytes.
    fn output_of(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let out = root.join("public");
        snapshot(root)
            .into_iter()
            .map(|(p, b)| (p.strip_prefix(&out).unwrap().to_path_buf(), b))
            .collect()
    }

    /// Two workspaces on copies of the `good` fixture: one rendering `open` first
    /// (whatever an edit's size), one rendering everything at once.
    fn open_first_and_all_at_once(open: &str) -> [(tempfile::TempDir, Workspace); 2] {
        open_first_and_all_at_once_in("good", open)
    }

    /// [`open_first_and_all_at_once`] on copies of fixture `name`.
    fn open_first_and_all_at_once_in(
        name: &str,
        open: &str,
    ) -> [(tempfile::TempDir, Workspace); 2] {
        let (first_tmp, mut first) = started_with(name, same_file_times);
        first.defer_over = 0;
        first.set_open(HashSet::from([open.to_owned()]));
        [(first_tmp, first), started_with(name, same_file_times)]
    }

    /// Gives every file of `root`'s content one modification time, so that two copies
    /// made and edited a moment apart date their pages alike (the feed's `updated` is
    /// a page's file time, to the second, when its front matter has no date).
    fn same_file_times(root: &Path) {
        let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        for entry in walkdir::WalkDir::new(root.join("content")) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let file = std::fs::File::options()
                    .write(true)
                    .open(entry.path())
                    .unwrap();
                file.set_modified(time).unwrap();
            }
        }
    }

    /// Applies `change` (after `make` writes it) to both; returns the first's outcome
    /// before its deferred pages, and checks both end with the same output.
    fn edit_both(
        both: &mut [(tempfile::TempDir, Workspace); 2],
        make: impl Fn(&Path),
        changes: &Changes,
    ) -> Update {
        let mut first = None;
        for (tmp, ws) in both.iter_mut() {
            make(tmp.path());
            same_file_times(tmp.path());
            let outcome = ws.apply(changes);
            first.get_or_insert(outcome);
        }
        let first = updated(first.unwrap());
        let [(a, ws), (b, _)] = both;
        assert!(!ws.deferred_files().is_empty());
        assert!(matches!(ws.finish_deferred(), Outcome::Updated(_)));
        assert!(ws.deferred_files().is_empty());
        assert!(
            output_of(a.path()) == output_of(b.path()),
            "the outputs differ"
        );
        first
    }

    #[test]
    fn a_template_edit_renders_the_open_page_first_and_ends_as_one_render() {
        let open = "case-studies/alpha-town/index.html";
        let mut both = open_first_and_all_at_once(open);
        let make = |root: &Path| {
            let dir = root.join("themes/default/templates/partials");
            std::fs::create_dir_all(&dir).unwrap();
            let meta = crate::theme::default_template("partials/meta.html").unwrap();
            std::fs::write(dir.join("meta.html"), format!("<p>edited</p>{meta}")).unwrap();
        };
        let changes = Changes {
            templates: ["partials/meta.html".to_owned()].into(),
            ..Changes::default()
        };
        let first = edit_both(&mut both, make, &changes);
        assert_eq!(first.written, vec![open.to_owned()]);
        assert_eq!(first.rendered, 1);
    }

    #[test]
    fn a_title_edit_renders_the_open_page_first_and_ends_as_one_render() {
        let open = "case-studies/alpha-town/index.html";
        let mut both = open_first_and_all_at_once(open);
        let file = "content/case-studies/alpha-town.md";
        let make = |root: &Path| edit(root, file, "title: Alpha Town", "title: Alpha Borough");
        let first = edit_both(&mut both, make, &page(&["case-studies/alpha-town.md"]));
        assert_eq!(first.written, vec![open.to_owned()]);
    }

    #[test]
    fn a_welsh_title_edit_renders_the_open_welsh_page_first() {
        let open = "cy/case-studies/caerdydd/index.html";
        let mut both = open_first_and_all_at_once_in("bilingual", open);
        let file = "content/case-studies/cardiff.cy.md";
        let make = |root: &Path| edit(root, file, "title: Caerdydd", "title: Caerdydd Fawr");
        let first = edit_both(&mut both, make, &page(&["case-studies/cardiff.cy.md"]));
        assert_eq!(first.written, vec![open.to_owned()]);
    }

    #[test]
    fn pages_left_for_later_are_rendered_before_the_next_edit() {
        let (tmp, mut ws) = started();
        ws.defer_over = 0;
        let root = tmp.path();
        edit(
            root,
            "content/case-studies/alpha-town.md",
            "title: Alpha Town",
            "title: Alpha Borough",
        );
        assert!(matches!(
            ws.apply(&page(&["case-studies/alpha-town.md"])),
            Outcome::Unchanged
        ));
        assert!(!ws.deferred_files().is_empty());
        // A new page loads everything again; the deferred pages must not be rendered
        // afterwards from the old plan.
        std::fs::write(
            root.join("content/case-studies/delta.md"),
            "---\ntitle: Delta\nplace: Delta\nsummary: Delta did it.\nbuilding_blocks: [shared-purpose]\n---\nText.\n",
        )
        .unwrap();
        updated(ws.apply(&page(&["case-studies/delta.md"])));
        assert!(ws.deferred_files().is_empty());
        let listing = std::fs::read_to_string(root.join("public/case-studies/index.html")).unwrap();
        assert!(listing.contains("Alpha Borough") && listing.contains("Delta"));
        assert!(matches!(ws.finish_deferred(), Outcome::Unchanged));
    }

    #[test]
    fn the_index_refreshed_before_the_pages_left_for_later_ends_as_a_fresh_build() {
        // As `serve` does: the open pages, the reload, the sitemap, feed and index, then
        // the rest, among them the search page, which must name the new manifest.
        let (tmp, mut ws) = started();
        ws.defer_over = 0;
        ws.set_open(["case-studies/alpha-town/index.html".to_owned()].into());
        served(&mut ws, &[]);
        let root = tmp.path();
        let text = "\nA zanzibarian idea.\n";
        let alpha = "content/case-studies/alpha-town.md";
        let body = std::fs::read_to_string(root.join(alpha)).unwrap();
        std::fs::write(root.join(alpha), format!("{body}{text}")).unwrap();
        let dir = root.join("themes/default/templates");
        std::fs::create_dir_all(&dir).unwrap();
        let search = crate::theme::default_template("search.html").unwrap();
        let search = search.replacen("{% block main %}", "{% block main %}<p>edited</p>", 1);
        std::fs::write(dir.join("search.html"), search).unwrap();
        let mut changes = page(&["case-studies/alpha-town.md"]);
        changes.templates.insert("search.html".to_owned());
        let _ = ws.apply(&changes);
        let deferred = ws.deferred_files();
        assert!(deferred.contains(crate::search::PAGE), "{deferred:?}");
        ws.refresh_extras();
        updated(ws.finish_deferred());
        assert_same_as_fresh(&ws);
    }

    #[test]
    fn a_stylesheet_change_is_css_only() {
        let (tmp, mut ws) = started();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::fs::write(root.join("static/extra.css"), "p { color: red }").unwrap();
        let changes = Changes {
            statics: true,
            ..Changes::default()
        };
        let u = updated(ws.apply(&changes));
        assert_eq!(u.written, ["extra.css"]);
        assert!(u.css_only());
        std::fs::remove_file(root.join("static/extra.css")).unwrap();
        let u = updated(ws.apply(&changes));
        assert_eq!(u.removed, ["extra.css"]);
        assert!(!root.join("public/extra.css").exists());
    }

    /// Applies the change of the files `paths` (from the site's folder) as serve does,
    /// then writes the sitemap, feed and search index.
    fn served(ws: &mut Workspace, paths: &[&str]) {
        let root = ws.root().to_path_buf();
        let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        let changes = classify(&root, &ws.theme_name(), &paths);
        let outcome = ws.apply(&changes);
        assert!(!matches!(outcome, Outcome::Failed(_)), "{outcome:?}");
        ws.refresh_extras();
    }

    /// Asserts that the served output is byte for byte a fresh build of the same sources
    /// (into another folder, so the pages' file times are the same).
    fn assert_same_as_fresh(ws: &Workspace) {
        let fresh = tempfile::tempdir().unwrap();
        let opts = BuildOptions {
            output: Some(fresh.path().join("out")),
            ..BuildOptions::new(ws.root())
        };
        let built = Workspace::start(opts);
        assert!(built.errors().is_none(), "{:?}", built.errors());
        let files = |dir: &Path| -> Vec<(PathBuf, Vec<u8>)> {
            let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    let path = e.path().strip_prefix(dir).unwrap().to_path_buf();
                    (path, std::fs::read(e.path()).unwrap())
                })
                .collect();
            files.sort();
            files
        };
        let (served, fresh) = (files(ws.output()), files(built.output()));
        let names = |f: &[(PathBuf, Vec<u8>)]| f.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
        assert_eq!(names(&served), names(&fresh));
        for ((path, a), (_, b)) in served.iter().zip(&fresh) {
            assert!(a == b, "{} differs from a fresh build", path.display());
        }
    }

    #[test]
    fn the_search_index_kept_between_edits_ends_as_a_fresh_build() {
        let (tmp, mut ws) = started();
        let root = tmp.path();
        let alpha = "content/case-studies/alpha-town.md";
        edit(
            root,
            alpha,
            "## The context",
            "## The context\n\nA zanzibarian idea.\n",
        );
        served(&mut ws, &[alpha]);
        assert_same_as_fresh(&ws);
        edit(
            root,
            alpha,
            "title: Alpha Town",
            "title: Alpha Town Renamed",
        );
        served(&mut ws, &[alpha]);
        assert_same_as_fresh(&ws);
        let delta = "content/case-studies/delta.md";
        std::fs::write(
            root.join(delta),
            "---\ntitle: Delta\nplace: Delta\nsummary: Delta did it.\nbuilding_blocks: [shared-purpose]\n---\nDelta pooled budgets.\n",
        )
        .unwrap();
        served(&mut ws, &[delta]);
        assert_same_as_fresh(&ws);
        std::fs::remove_file(root.join("content/case-studies/beta-city.md")).unwrap();
        served(&mut ws, &["content/case-studies/beta-city.md"]);
        assert_same_as_fresh(&ws);
        let dir = root.join("themes/default/templates");
        std::fs::create_dir_all(&dir).unwrap();
        let search = crate::theme::default_template("search.html").unwrap();
        let edited = search.replacen("{% block main %}", "{% block main %}<!-- edited -->", 1);
        std::fs::write(dir.join("search.html"), edited).unwrap();
        served(&mut ws, &["themes/default/templates/search.html"]);
        assert_same_as_fresh(&ws);
        edit(
            root,
            "placebook.yaml",
            "title: Fixture Playbook",
            "title: Fixture Book",
        );
        served(&mut ws, &["placebook.yaml"]);
        assert_same_as_fresh(&ws);
        // Opting a page out of search renumbers the documents.
        edit(root, delta, "title: Delta", "title: Delta\nsearch: false");
        served(&mut ws, &[delta]);
        assert_same_as_fresh(&ws);
    }

    #[test]
    fn a_reload_between_refreshes_leaves_no_index_file_missing() {
        let (tmp, mut ws) = started();
        let root = tmp.path();
        let alpha = "content/case-studies/alpha-town.md";
        let apply = |ws: &mut Workspace, paths: &[&str]| {
            let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
            let outcome = ws.apply(&classify(root, &ws.theme_name(), &paths));
            assert!(!matches!(outcome, Outcome::Failed(_)), "{outcome:?}");
        };
        let before = std::fs::read_to_string(root.join(alpha)).unwrap();
        edit(
            root,
            alpha,
            "## The context",
            "## The context\n\nA zanzibarian pooled idea.\n",
        );
        apply(&mut ws, &[alpha]);
        // A reload writes the index of the edited site over the kept one's files...
        edit(
            root,
            "placebook.yaml",
            "title: Fixture Playbook",
            "title: Fixture Book",
        );
        apply(&mut ws, &["placebook.yaml"]);
        // ...and the edit undone makes the site the kept index last gave.
        std::fs::write(root.join(alpha), before).unwrap();
        apply(&mut ws, &[alpha]);
        ws.refresh_extras();
        assert_same_as_fresh(&ws);
    }

    #[test]
    fn a_welsh_edit_keeps_the_welsh_search_index_as_a_fresh_build() {
        let (tmp, mut ws) = started_with("bilingual", |_| {});
        let root = tmp.path();
        let cy = "content/case-studies/cardiff.cy.md";
        edit(root, cy, "Yr hwb cymunedol", "Yr hwb zanzibaraidd a'r bont");
        served(&mut ws, &[cy]);
        assert_same_as_fresh(&ws);
        edit(root, cy, "title: Caerdydd", "title: Caerdydd Fawr");
        served(&mut ws, &[cy]);
        assert_same_as_fresh(&ws);
        let en = "content/case-studies/leeds.md";
        edit(
            root,
            en,
            "\n---\n",
            "\n---\nLeeds added a new paragraph.\n\n",
        );
        served(&mut ws, &[en]);
        assert_same_as_fresh(&ws);
    }

    #[test]
    fn a_word_moved_between_pages_in_one_save_keeps_the_search_index_as_a_fresh_build() {
        // The word's postings keep their number but not their pages: in every order of
        // the three pages, the one that keeps the word sits before, between or after.
        // Words are swapped, not added, so the pages' lengths stay as they were and
        // only the two pages' postings are worked out again.
        let (word, other) = ("\nA zanzibarian idea.\n", "\nA different idea.\n");
        let append = |root: &Path, file: &str, line: &str| {
            let text = std::fs::read_to_string(root.join(file)).unwrap();
            std::fs::write(root.join(file), format!("{text}{line}")).unwrap();
        };
        for (keeper, from, to) in [
            (0, 1, 2),
            (0, 2, 1),
            (1, 0, 2),
            (1, 2, 0),
            (2, 0, 1),
            (2, 1, 0),
        ] {
            let (tmp, mut ws) = started();
            let root = tmp.path();
            append(root, CASES[keeper], word);
            append(root, CASES[from], word);
            append(root, CASES[to], other);
            served(&mut ws, &CASES);
            // File times kept: a page's date is its file's, and a later date could
            // reorder the pages.
            edit_keeping_time(root, CASES[from], word, other);
            edit_keeping_time(root, CASES[to], other, word);
            served(&mut ws, &[CASES[from], CASES[to]]);
            assert_same_as_fresh(&ws);
        }
    }

    /// One edit of a random sequence on the `good` fixture.
    #[derive(Debug, Clone)]
    enum RandomEdit {
        /// Words appended to a case study's body (one of three).
        Body(usize, Vec<String>),
        /// A case study's title changed.
        Title(usize, String),
        /// A new case study with these words, or its removal.
        Toggle(Vec<String>),
        /// In one save, a word taken out of one case study's body and added to
        /// another's: a stem then loses a page and gains one in the same refresh.
        Move(usize, usize, String),
    }

    const CASES: [&str; 3] = [
        "content/case-studies/alpha-town.md",
        "content/case-studies/beta-city.md",
        "content/case-studies/Gamma Café.md",
    ];

    fn random_edit() -> impl proptest::strategy::Strategy<Value = RandomEdit> {
        use proptest::prelude::*;
        let words = prop::collection::vec("(pooled|budget|council|zebra|ŵyl|[a-z]{2,9})", 1..12);
        prop_oneof![
            (0..3usize, words.clone()).prop_map(|(i, w)| RandomEdit::Body(i, w)),
            (0..3usize, "[A-Z][a-z]{2,8}").prop_map(|(i, t)| RandomEdit::Title(i, t)),
            words.prop_map(RandomEdit::Toggle),
            (0..3usize, 0..3usize, "(pooled|budget|council|zebra|ŵyl)")
                .prop_map(|(i, j, w)| RandomEdit::Move(i, j, w)),
        ]
    }

    /// Makes `edit` in the sources of `ws`, applies it and refreshes the index.
    fn make_random_edit(ws: &mut Workspace, edit: &RandomEdit) {
        let root = ws.root().to_path_buf();
        if let RandomEdit::Move(i, j, word) = edit {
            let path = root.join(CASES[*i]);
            let text = std::fs::read_to_string(&path).unwrap();
            let end = text.find("\n---\n").map_or(0, |at| at + 5);
            // Whole words only: not inside a link's address, say.
            let body: Vec<String> = text[end..]
                .split('\n')
                .map(|line| {
                    let words = line
                        .split(' ')
                        .map(|w| match w.strip_prefix(word.as_str()) {
                            Some("" | ".") => w.replacen(word.as_str(), "moved", 1),
                            _ => w.to_string(),
                        });
                    words.collect::<Vec<_>>().join(" ")
                })
                .collect();
            std::fs::write(&path, format!("{}{}", &text[..end], body.join("\n"))).unwrap();
            let path = root.join(CASES[*j]);
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, format!("{text}\n{word}.\n")).unwrap();
            return served(ws, &[CASES[*i], CASES[*j]]);
        }
        let file = match edit {
            RandomEdit::Body(i, words) => {
                let path = root.join(CASES[*i]);
                let text = std::fs::read_to_string(&path).unwrap();
                std::fs::write(&path, format!("{text}\n{}.\n", words.join(" "))).unwrap();
                CASES[*i]
            }
            RandomEdit::Title(i, title) => {
                let path = root.join(CASES[*i]);
                let text = std::fs::read_to_string(&path).unwrap();
                let old = text.lines().find(|l| l.starts_with("title: ")).unwrap();
                let new = format!("title: {title} {}", &old[7..]);
                std::fs::write(&path, text.replacen(old, &new, 1)).unwrap();
                CASES[*i]
            }
            RandomEdit::Toggle(words) => {
                let path = root.join("content/case-studies/random.md");
                if path.exists() {
                    std::fs::remove_file(&path).unwrap();
                } else {
                    let body = words.join(" ");
                    let page = format!(
                        "---\ntitle: Random\nplace: Random\nsummary: {body}.\n---\n{body}.\n"
                    );
                    std::fs::write(&path, page).unwrap();
                }
                "content/case-studies/random.md"
            }
            RandomEdit::Move(..) => unreachable!("made above"),
        };
        served(ws, &[file]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]
        #[test]
        fn random_edits_keep_the_search_index_as_a_fresh_build(
            edits in proptest::collection::vec(random_edit(), 1..6)
        ) {
            let (_tmp, mut ws) = started();
            for e in &edits {
                make_random_edit(&mut ws, e);
            }
            assert_same_as_fresh(&ws);
        }
    }

    /// Every file of the output folder with its bytes.
    fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(root.join("public"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
            .collect();
        files.sort();
        files
    }

    #[test]
    fn links_to_special_pages_resolve_when_served_and_edited() {
        let (tmp, mut ws) = started();
        let root = tmp.path();
        edit(
            root,
            "content/about.md",
            "\n---\n",
            "\n---\nSee [the matrix](/matrix/), [print](/print/), [the diagnostic](/diagnostic/), [search](/search/) and [A to Z](/a-z/).\n\n",
        );
        let u = updated(ws.apply(&page(&["about.md"])));
        assert!(!u.full, "a body edit is not a full reload");
        assert!(ws.errors().is_none(), "{:?}", ws.errors());
        let html = std::fs::read_to_string(root.join("public/about/index.html")).unwrap();
        assert!(html.contains("../matrix/"), "{html}");
    }

    #[test]
    fn an_edit_with_errors_leaves_the_served_site_as_it_was() {
        let (tmp, mut ws) = started();
        let root = tmp.path();
        let before = snapshot(root);
        let pages = ws.page_count();
        let warnings = ws.warnings();
        // A model error (a block that does not exist), a link error in a body, and a
        // broken template: each leaves the output and the site in memory as they were.
        edit(
            root,
            "content/case-studies/alpha-town.md",
            "building_blocks: [",
            "building_blocks: [no-such-block, ",
        );
        assert!(matches!(
            ws.apply(&page(&["case-studies/alpha-town.md"])),
            Outcome::Failed(_)
        ));
        assert_eq!(snapshot(root), before);
        assert_eq!(ws.page_count(), pages);
        assert_eq!(format!("{:?}", ws.warnings()), format!("{warnings:?}"));
        edit(
            root,
            "content/case-studies/alpha-town.md",
            "building_blocks: [no-such-block, ",
            "building_blocks: [",
        );
        // Fixed: the output was never changed, so there is nothing to write.
        assert!(matches!(
            ws.apply(&page(&["case-studies/alpha-town.md"])),
            Outcome::Unchanged
        ));
        assert!(ws.errors().is_none());
        let before = snapshot(root);
        edit(
            root,
            "content/about.md",
            "\n---\n",
            "\n---\n[x](nowhere.md)\n",
        );
        assert!(matches!(ws.apply(&page(&["about.md"])), Outcome::Failed(_)));
        assert_eq!(snapshot(root), before);
        assert_eq!(ws.page_count(), pages);
    }
}
