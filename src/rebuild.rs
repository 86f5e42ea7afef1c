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
//!
//! When the new version has errors nothing is written: the last good site stays in the
//! output folder and in memory, and the errors are returned.

use crate::build::{self, BuildOptions, OutputPlan, ReadySite};
use crate::config::{CONFIG_FILE, Config};
use crate::content;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{self, PageId, Site};
use crate::output::Artifact;
use crate::output::{fingerprint, fingerprint_file};
use crate::render::{Job, Renderer};
use crate::theme::{StaticSource, Theme};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// More changed pages than this at once (a `git checkout`, say) are loaded as a whole.
const MANY_PAGES: usize = 20;

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
            "static" => changes.statics = true,
            "themes" if parts.get(1).map(String::as_str) == Some(theme) => {
                match parts.get(2).map(String::as_str) {
                    Some("templates") if parts.len() > 3 => {
                        changes.templates.insert(parts[3..].join("/"));
                    }
                    Some("static") => changes.statics = true,
                    // The theme folder itself appeared or went: load everything.
                    None | Some("templates") => changes.config = true,
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
    /// Whether only stylesheets changed, so a browser can swap them without reloading.
    pub fn css_only(&self) -> bool {
        self.removed.is_empty()
            && !self.written.is_empty()
            && self.written.iter().all(|p| p.ends_with(".css"))
    }
}

/// A served site: its last good version in memory and a fingerprint of every file in
/// the output folder.
pub struct Workspace {
    opts: BuildOptions,
    output: PathBuf,
    good: Option<ReadySite>,
    written: HashMap<String, u64>,
    errors: Option<Diagnostics>,
}

/// New bytes for some output files; `None` fingerprint means "remove".
type Pending = Vec<(String, Payload)>;

enum Payload {
    Bytes(Vec<u8>, u64),
    Copy(PathBuf, u64),
}

impl Workspace {
    /// Builds the site into its output folder (replacing it only if the build succeeds)
    /// and keeps it in memory. A site with errors still gives a workspace, holding the
    /// errors; the output folder keeps whatever it had.
    pub fn start(opts: BuildOptions) -> Workspace {
        let output = opts.output_dir();
        let mut ws = Workspace {
            opts,
            output,
            good: None,
            written: HashMap::new(),
            errors: None,
        };
        match build::load(&ws.opts) {
            Err(e) => ws.errors = Some(e),
            Ok(loaded) => {
                match build::write_site(&loaded, &ws.output, &ws.opts.root, ws.opts.force, 0) {
                    Ok(w) => {
                        ws.written = w
                            .manifest
                            .files
                            .iter()
                            .map(|(p, e)| (p.clone(), e.print))
                            .collect();
                        // Files are rewritten in place from now on: a later `build` must
                        // not trust this manifest.
                        let _ = std::fs::write(
                            ws.output.join(crate::output::MARKER),
                            "# This folder was written by placebook serve.\n",
                        );
                        let mut loaded = loaded;
                        loaded.diagnostics.extend(w.diagnostics);
                        ws.good = Some(loaded);
                    }
                    Err(mut e) => {
                        e.extend(loaded.diagnostics.clone());
                        ws.errors = Some(e);
                    }
                }
            }
        }
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

    /// The current errors, when the last attempt failed.
    pub fn errors(&self) -> Option<&Diagnostics> {
        self.errors.as_ref()
    }

    /// Warnings of the last good version.
    pub fn warnings(&self) -> Diagnostics {
        self.good
            .as_ref()
            .map(|l| l.diagnostics.clone())
            .unwrap_or_default()
    }

    /// Pages in the last good version.
    pub fn page_count(&self) -> usize {
        self.good.as_ref().map_or(0, |l| l.site.pages.len())
    }

    /// The theme name the site uses (for [`classify`]).
    pub fn theme_name(&self) -> String {
        match &self.good {
            Some(l) => l.site.config.theme.clone(),
            None => Config::load(&self.opts.root)
                .map(|c| c.theme)
                .unwrap_or_else(|_| "default".into()),
        }
    }

    /// Brings the output up to date with `changes` (see the module docs).
    pub fn apply(&mut self, changes: &Changes) -> Outcome {
        if changes.is_empty() {
            return Outcome::Unchanged;
        }
        let start = Instant::now();
        let must_reload = self.good.is_none()
            || self.errors.is_some()
            || changes.config
            || changes.structure
            || changes.pages.len() > MANY_PAGES;
        let result = if must_reload {
            self.reload()
        } else {
            self.apply_parts(changes)
        };
        match result {
            Ok(mut update) => {
                self.errors = None;
                update.elapsed = start.elapsed();
                update.warnings = self.warnings();
                if update.written.is_empty() && update.removed.is_empty() {
                    Outcome::Unchanged
                } else {
                    Outcome::Updated(update)
                }
            }
            Err(mut diags) => {
                diags.sort();
                self.errors = Some(diags.clone());
                Outcome::Failed(diags)
            }
        }
    }

    /// Writes the files that do not need to be in place before the browser reloads:
    /// the sitemap, feed, CMS config and search index (only the shards whose bytes
    /// changed; shards no longer made are removed). Returns the paths written.
    pub fn refresh_extras(&mut self) -> Vec<String> {
        let Some(good) = &self.good else {
            return Vec::new();
        };
        let mut extras = crate::feeds::render(&good.site);
        extras.extend(crate::output::cms::render(&good.site, &self.opts.root));
        if crate::search::enabled(&good.site) {
            extras.extend(crate::search::build(&good.site).into_artifacts());
        }
        let made: HashSet<String> = extras.iter().map(|a| a.path.clone()).collect();
        let stale = self.not_made(&made, is_search_data);
        let pending = self.diff(extras);
        let _ = self.remove(stale);
        self.flush(pending).unwrap_or_default()
    }

    /// Templates, statics and pages edited in place, with the site's structure unchanged.
    fn apply_parts(&mut self, changes: &Changes) -> Result<Update, Diagnostics> {
        let mut update = Update::default();
        if !changes.templates.is_empty() {
            self.templates_changed(&changes.templates, &mut update)?;
        }
        for page in &changes.pages {
            match self.page_changed(page, &mut update)? {
                Some(()) => {}
                // The page was added, removed, renamed or changed its address.
                None => return self.reload(),
            }
        }
        if changes.statics {
            self.statics_changed(&mut update)?;
        }
        Ok(update)
    }

    /// Loads everything again and writes whatever differs from the output.
    fn reload(&mut self) -> Result<Update, Diagnostics> {
        let loaded = build::load(&self.opts)?;
        let (plan, diags) = OutputPlan::new(&loaded, &self.opts.root);
        if diags.has_errors() {
            return Err(diags);
        }
        let renderer = Renderer::new(&loaded.theme, &loaded.site);
        let mut pending = self.render(&renderer, &plan.jobs)?;
        let rendered = plan.jobs.len();
        let mut extras = plan.extras.clone();
        extras.extend(plan.search_index(&loaded.site).0);
        pending.extend(self.diff(extras.clone()));
        let mut expected: HashSet<String> = plan
            .jobs
            .iter()
            .map(|j| j.output_path(&loaded.site))
            .collect();
        expected.extend(extras.iter().map(|a| a.path.clone()));
        for s in &plan.statics {
            expected.insert(s.output.clone());
            pending.extend(self.static_payload(&s.output, &s.source));
        }
        for a in &loaded.site.assets {
            expected.insert(a.output.clone());
            let print = fingerprint_file(&a.source);
            if self.written.get(&a.output) != Some(&print) {
                pending.push((a.output.clone(), Payload::Copy(a.source.clone(), print)));
            }
        }
        drop(renderer);
        drop(plan);
        let removed = self.not_made(&expected, |_| true);
        let written = self.flush(pending)?;
        let removed = self.remove(removed)?;
        self.good = Some(loaded);
        Ok(Update {
            written,
            removed,
            rendered,
            full: true,
            ..Update::default()
        })
    }

    /// One markdown file changed. `Ok(None)` when it needs a full reload (it is new, gone,
    /// or its address, draft state or aliases changed).
    fn page_changed(
        &mut self,
        content_path: &str,
        update: &mut Update,
    ) -> Result<Option<()>, Diagnostics> {
        let Some(good) = &self.good else {
            return Ok(None);
        };
        let Some(id) = good.index.lookup(content_path) else {
            return Ok(None);
        };
        let old = &good.site.pages[id];
        if !self.opts.root.join(&old.doc.path).is_file() {
            return Ok(None);
        }
        let doc = content::reread(&self.opts.root, &old.doc).map_err(Diagnostics::from)?;
        let same_place = doc.front.slug == old.doc.front.slug
            && doc.front.draft == old.doc.front.draft
            && doc.front.aliases == old.doc.front.aliases;
        if !same_place {
            return Ok(None);
        }
        let config = &good.site.config;
        let body = build::render_body(&doc, id, &good.index, config);
        let pages = &good.site.pages;
        let mut diags = Diagnostics::from(build::link_diagnostics(
            &doc,
            &body,
            id,
            |t| pages[t].doc.path.as_str(),
            |t| &pages[t].body.ids,
        ));
        // Links from other pages to headings of this one.
        for (other, p) in pages.iter().enumerate() {
            if other == id || !p.body.anchor_checks.iter().any(|a| a.target == id) {
                continue;
            }
            diags.extend(
                build::link_diagnostics(
                    &p.doc,
                    &p.body,
                    other,
                    |t| pages[t].doc.path.as_str(),
                    |t| {
                        if t == id {
                            &body.ids
                        } else {
                            &pages[t].body.ids
                        }
                    },
                )
                .into_iter()
                .filter(|d| d.is_error()),
            );
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let entry = good.index.entries[id].clone();
        let page = build::make_page(doc, entry, body, &good.git_dates);
        let body_only = page.doc.front == old.doc.front && page.title == old.title;
        let placeholders = content::front_matter::placeholders(&page.doc);
        let good = self.good.as_mut().expect("checked above");
        good.diagnostics =
            refreshed_warnings(&good.diagnostics, &page.doc.path, diags, placeholders);
        let jobs = if body_only {
            good.site.replace_body(id, page);
            let site = &good.site;
            crate::render::plan(site)
                .0
                .into_iter()
                .filter(|j| j.shows_body_of(site, id))
                .collect()
        } else {
            let (jobs, gone) = self.reassemble(id, page)?;
            update.removed.extend(self.remove(gone)?);
            jobs
        };
        let good = self.good.as_ref().expect("checked above");
        let renderer = Renderer::new(&good.theme, &good.site);
        let pending = self.render(&renderer, &jobs)?;
        drop(renderer);
        update.rendered += jobs.len();
        update.written.extend(self.flush(pending)?);
        Ok(Some(()))
    }

    /// Assembles the site again with a changed page `id`; returns the jobs that showed
    /// something of it before or show it now (including new term pages), and the output
    /// paths that are no longer made (a term no page has any more).
    fn reassemble(
        &mut self,
        id: PageId,
        page: model::Page,
    ) -> Result<(Vec<Job>, Vec<String>), Diagnostics> {
        let good = self.good.as_mut().expect("called with a good site");
        let (old_jobs, _) = crate::render::plan(&good.site);
        let old_paths: HashMap<String, bool> = old_jobs
            .iter()
            .map(|j| (j.output_path(&good.site), j.depends_on(&good.site, id)))
            .collect();
        let placeholder = empty_site(&good.site.config);
        let site = std::mem::replace(&mut good.site, placeholder);
        let (config, mut pages, assets) = site.into_parts();
        let old_page = std::mem::replace(&mut pages[id], page);
        let (site, model_diags) = model::assemble(config, pages, assets, &good.draft_blocks);
        let errors: Vec<Diagnostic> = model_diags
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        if !errors.is_empty() {
            // Put the old page back, so the last good site stays in memory.
            let (config, mut pages, assets) = site.into_parts();
            pages[id] = old_page;
            good.site = model::assemble(config, pages, assets, &good.draft_blocks).0;
            return Err(Diagnostics::from(errors));
        }
        good.site = site;
        good.diagnostics.extend(model_diags);
        let (new_jobs, _) = crate::render::plan(&good.site);
        let site = &good.site;
        let new_paths: HashSet<String> = new_jobs.iter().map(|j| j.output_path(site)).collect();
        let gone: Vec<String> = old_paths
            .keys()
            .filter(|p| !new_paths.contains(*p))
            .cloned()
            .collect();
        let jobs = new_jobs
            .into_iter()
            .filter(|j| {
                let path = j.output_path(site);
                j.depends_on(site, id) || old_paths.get(&path).is_none_or(|&depended| depended)
            })
            .collect();
        Ok((jobs, gone))
    }

    /// Templates changed: load the theme again and render the pages that use them.
    fn templates_changed(
        &mut self,
        names: &BTreeSet<String>,
        update: &mut Update,
    ) -> Result<(), Diagnostics> {
        let good = self.good.as_ref().expect("called with a good site");
        let theme = Theme::load(&self.opts.root, &good.site.config).map_err(Diagnostics::from)?;
        let changed: Vec<&str> = names.iter().map(String::as_str).collect();
        let users = theme.users_of(&changed);
        let (jobs, _) = crate::render::plan(&good.site);
        let jobs: Vec<Job> = jobs
            .into_iter()
            .filter(|j| j.template(&good.site).is_some_and(|t| users.contains(&t)))
            .collect();
        let renderer = Renderer::new(&theme, &good.site);
        let pending = self.render(&renderer, &jobs)?;
        drop(renderer);
        update.rendered += jobs.len();
        update.written.extend(self.flush(pending)?);
        // The theme's static files may have changed with it.
        self.good.as_mut().expect("checked above").theme = theme;
        Ok(())
    }

    /// Static files changed: copy the ones that differ, remove the ones that went.
    fn statics_changed(&mut self, update: &mut Update) -> Result<(), Diagnostics> {
        let good = self.good.as_mut().expect("called with a good site");
        let root = &self.opts.root;
        let theme = Theme::load(root, &good.site.config).map_err(Diagnostics::from)?;
        let (list, errors) = content::walk_static(&root.join("static"), root);
        if !errors.is_empty() {
            return Err(Diagnostics::from(errors));
        }
        good.static_files = list
            .into_iter()
            .map(|(rel, abs)| crate::theme::StaticFile {
                origin: format!("static/{rel}"),
                output: rel,
                source: StaticSource::Disk(abs),
            })
            .collect();
        good.theme = theme;
        let good = self.good.as_ref().expect("checked above");
        let (plan, diags) = OutputPlan::new(good, root);
        if diags.has_errors() {
            return Err(diags);
        }
        let mut pending = Vec::new();
        for s in &plan.statics {
            pending.extend(self.static_payload(&s.output, &s.source));
        }
        let expected: HashSet<String> = plan
            .statics
            .iter()
            .map(|s| s.output.clone())
            .chain(plan.jobs.iter().map(|j| j.output_path(&good.site)))
            .chain(plan.extras.iter().map(|a| a.path.clone()))
            .chain(good.site.assets.iter().map(|a| a.output.clone()))
            .collect();
        // The search index's files are refreshed apart (see `refresh_extras`).
        let gone = self.not_made(&expected, |k| !is_search_data(k));
        update.written.extend(self.flush(pending)?);
        update.removed.extend(self.remove(gone)?);
        Ok(())
    }

    /// Files in the output, among those `considered`, that the site no longer makes.
    fn not_made(&self, made: &HashSet<String>, considered: impl Fn(&str) -> bool) -> Vec<String> {
        self.written
            .keys()
            .filter(|k| considered(k) && !made.contains(*k))
            .cloned()
            .collect()
    }

    /// The copy needed to bring one static file up to date, if any.
    fn static_payload(&self, output: &str, source: &StaticSource) -> Option<(String, Payload)> {
        let payload = match source {
            StaticSource::Embedded(bytes) => Payload::Bytes(bytes.to_vec(), fingerprint(bytes)),
            StaticSource::Disk(path) => Payload::Copy(path.clone(), fingerprint_file(path)),
        };
        let print = match &payload {
            Payload::Bytes(_, p) | Payload::Copy(_, p) => *p,
        };
        (self.written.get(output) != Some(&print)).then(|| (output.to_owned(), payload))
    }

    /// Renders `jobs` in parallel and keeps the ones whose bytes differ from the output.
    fn render(&self, renderer: &Renderer, jobs: &[Job]) -> Result<Pending, Diagnostics> {
        let results: Vec<Result<Artifact, Diagnostic>> =
            jobs.par_iter().map(|j| renderer.render(j)).collect();
        let mut errors = Diagnostics::new();
        let mut artifacts = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok(a) => artifacts.push(a),
                Err(d) => errors.push(d),
            }
        }
        if errors.has_errors() {
            return Err(errors);
        }
        Ok(self.diff(artifacts))
    }

    fn diff(&self, artifacts: Vec<Artifact>) -> Pending {
        artifacts
            .into_par_iter()
            .filter_map(|a| {
                let print = fingerprint(&a.bytes);
                (self.written.get(&a.path) != Some(&print))
                    .then_some((a.path, Payload::Bytes(a.bytes, print)))
            })
            .collect()
    }

    /// Writes pending files into the output, each atomically; returns their paths.
    fn flush(&mut self, pending: Pending) -> Result<Vec<String>, Diagnostics> {
        let out = &self.output;
        let results: Vec<(String, u64, std::io::Result<()>)> = pending
            .into_par_iter()
            .map(|(path, payload)| {
                let (print, r) = match payload {
                    Payload::Bytes(bytes, print) => {
                        (print, crate::output::replace_file(out, &path, &bytes))
                    }
                    Payload::Copy(from, print) => {
                        (print, crate::output::replace_with_copy(out, &path, &from))
                    }
                };
                (path, print, r)
            })
            .collect();
        let mut errors = Diagnostics::new();
        let mut written = Vec::new();
        for (path, print, r) in results {
            match r {
                Ok(()) => {
                    self.written.insert(path.clone(), print);
                    written.push(path);
                }
                Err(e) => errors.push(Diagnostic::error(
                    "io",
                    format!("cannot write {}/{path}: {e}", out.display()),
                )),
            }
        }
        written.sort();
        if errors.has_errors() {
            Err(errors)
        } else {
            Ok(written)
        }
    }

    fn remove(&mut self, paths: Vec<String>) -> Result<Vec<String>, Diagnostics> {
        let mut errors = Diagnostics::new();
        let mut removed = Vec::new();
        for path in paths {
            match crate::output::remove_file(&self.output, &path) {
                Ok(()) => {
                    self.written.remove(&path);
                    removed.push(path);
                }
                Err(e) => errors.push(Diagnostic::error(
                    "io",
                    format!("cannot remove {}/{path}: {e}", self.output.display()),
                )),
            }
        }
        removed.sort();
        if errors.has_errors() {
            Err(errors)
        } else {
            Ok(removed)
        }
    }
}

/// Whether `path` is a file of the search index (not the search page itself).
fn is_search_data(path: &str) -> bool {
    path.starts_with(&format!("{}/", crate::search::shards::DIR)) && path != crate::search::PAGE
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

/// A site with no pages, held for a moment while the real one is taken apart.
fn empty_site(config: &Config) -> Site {
    model::assemble(config.clone(), Vec::new(), Vec::new(), &[]).0
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let tmp = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
        copy_dir(&fixture, tmp.path());
        let ws = Workspace::start(BuildOptions::new(tmp.path()));
        assert!(ws.errors().is_none(), "{:?}", ws.errors());
        (tmp, ws)
    }

    fn edit(root: &Path, file: &str, from: &str, to: &str) {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
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

    fn modified(root: &Path, file: &str) -> SystemTime {
        std::fs::metadata(root.join("public").join(file))
            .unwrap()
            .modified()
            .unwrap()
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
        for expected in [
            "case-studies/alpha-town/index.html",
            "case-studies/index.html",
            "building-blocks/shared-purpose/index.html",
            "tags/vision/index.html",
        ] {
            assert!(
                u.written.contains(&expected.to_owned()),
                "{expected} not in {:?}",
                u.written
            );
        }
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
}
