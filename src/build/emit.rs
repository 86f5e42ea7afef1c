//! Rendering a site's plan into a [`Publisher`]: the step between the model and the
//! output folder that `build` and `serve` share.

use super::ReadySite;
use crate::diagnostic::Diagnostic;
use crate::output::Artifact;
use crate::output::publish::Publisher;
use crate::plan::{Job, SitePlan};
use crate::render::Renderer;
use crate::theme::{StaticFile, StaticSource};
use rayon::prelude::*;
use std::time::{Duration, Instant};

/// A [`Publisher`] seen from one language's folder: every path is put under `prefix`
/// (`cy/`; empty for the first language).
#[derive(Clone, Copy)]
pub struct Under<'a, 'p> {
    publisher: &'a Publisher<'p>,
    prefix: &'a str,
}

impl<'a, 'p> Under<'a, 'p> {
    /// `publisher` writing at its root.
    pub fn root(publisher: &'a Publisher<'p>) -> Self {
        Under {
            publisher,
            prefix: "",
        }
    }

    /// The output path of `path`, from the root of the output.
    fn full(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }

    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.publisher.put(&self.full(path), bytes)
    }

    fn copy(&self, path: &str, from: &std::path::Path, origin: &str) -> Result<(), Diagnostic> {
        self.publisher.copy(&self.full(path), from, origin)
    }
}

/// Renders `jobs` in parallel and puts each page into `publisher` under `prefix` (the
/// folder of the renderer's language: `cy/`, or empty); returns the errors.
pub fn jobs(
    renderer: &Renderer,
    jobs: &[Job],
    publisher: &Publisher,
    prefix: &str,
) -> Vec<Diagnostic> {
    jobs_under(renderer, jobs, Under { publisher, prefix }, None)
}

/// Renders `jobs` but `skip` in parallel into `to`; returns the errors.
fn jobs_under(renderer: &Renderer, jobs: &[Job], to: Under, skip: Option<&Job>) -> Vec<Diagnostic> {
    jobs.par_iter()
        .filter(|job| Some(*job) != skip)
        .filter_map(|job| {
            let a = match renderer.render(job) {
                Ok(a) => a,
                Err(d) => return Some(d),
            };
            to.put(&a.path, a.bytes).err()
        })
        .collect()
}

/// Puts generated files (feeds, search index) into `publisher`; returns the errors.
pub fn artifacts(files: Vec<Artifact>, publisher: &Publisher) -> Vec<Diagnostic> {
    artifacts_under(files, Under::root(publisher))
}

fn artifacts_under(files: Vec<Artifact>, to: Under) -> Vec<Diagnostic> {
    files
        .into_par_iter()
        .filter_map(|a| to.put(&a.path, a.bytes).err())
        .collect()
}

/// Puts the static files into `publisher`; returns the errors.
pub fn statics(files: &[&StaticFile], publisher: &Publisher) -> Vec<Diagnostic> {
    statics_under(files, Under::root(publisher))
}

fn statics_under(statics: &[&StaticFile], to: Under) -> Vec<Diagnostic> {
    statics
        .par_iter()
        .filter_map(|s| match &s.source {
            StaticSource::Embedded(bytes) => to.put(&s.output, bytes.to_vec()).err(),
            StaticSource::Disk(path) => to.copy(&s.output, path, &s.origin).err(),
        })
        .collect()
}

/// Every language's site of `ready` put into `publisher`, each by its plan in `plans`
/// (from [`ReadySite::plan_all`]). Returns the errors and how long the first search
/// index took.
pub fn sites(
    ready: &ReadySite,
    plans: &[SitePlan],
    publisher: &Publisher,
) -> (Vec<Diagnostic>, Option<Duration>) {
    // The sites are rendered side by side, so that one site's steps that use one core
    // (parts of its search index) overlap the other's pages.
    let sites: Vec<(&ReadySite, &SitePlan)> = ready.sites().zip(plans).collect();
    let done: Vec<_> = sites
        .par_iter()
        .map(|(r, plan)| site(r, plan, publisher))
        .collect();
    let mut errors = Vec::new();
    let mut search_time = None;
    for (e, time) in done {
        errors.extend(e);
        search_time = search_time.or(time);
    }
    (errors, search_time)
}

/// Everything of `plan` put into `publisher` under the site's language folder: every
/// page rendered (with the search index built alongside), the generated files, static
/// files and assets. Returns the errors and how long the search index took (`None`:
/// the site has none).
pub fn site(
    ready: &ReadySite,
    plan: &SitePlan,
    publisher: &Publisher,
) -> (Vec<Diagnostic>, Option<Duration>) {
    let site = &ready.site;
    let renderer = Renderer::new(&ready.theme, site, &plan.asset_names)
        .with_languages(&ready.languages)
        .with_page_html(ready.page_html.as_ref());
    let prefix = site.config.prefix_of(site.config.site_language);
    let to = Under {
        publisher,
        prefix: &prefix,
    };
    // The search page names its index's manifest, so it is rendered with the index,
    // while the other pages render. The index goes on after the pages, without their
    // HTML, which is dropped as soon as they are written.
    let search_page = Job::Special(crate::plan::SpecialPage::Search);
    let (mut errors, (search_errors, search_time)) = rayon::join(
        || {
            let errors = jobs_under(&renderer, &plan.jobs, to, Some(&search_page));
            if let Some(html) = &ready.page_html {
                html.release();
            }
            errors
        },
        || search_files(&renderer, (plan, ready), &search_page, to),
    );
    errors.extend(search_errors);
    errors.extend(artifacts_under(plan.generated.clone(), to));
    errors.extend(statics_under(&plan.static_copies(), to));
    errors.extend(
        plan.assets
            .par_iter()
            .filter_map(|a| {
                let origin = format!("content/{}", a.output);
                to.copy(&a.output, &a.source, &origin).err()
            })
            .collect::<Vec<_>>(),
    );
    (errors, search_time)
}

/// The search index of `plan`'s site and its `search_page` put into `to`, the index's
/// page files as they are made (so they are not all held until the index is done).
/// Returns the errors and how long the index took (`None`: the site has none).
fn search_files(
    renderer: &Renderer,
    (plan, ready): (&SitePlan, &ReadySite),
    search_page: &Job,
    to: Under,
) -> (Vec<Diagnostic>, Option<Duration>) {
    let start = Instant::now();
    let put_errors = std::sync::Mutex::new(Vec::new());
    let put_pages = |files: Vec<Artifact>| {
        let errors = artifacts_under(files, to);
        if !errors.is_empty() {
            put_errors
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(errors);
        }
    };
    let texts = (&ready.site, ready.search_texts.as_ref());
    let Some(index) = plan.search_index_streaming(texts, &put_pages) else {
        return (Vec::new(), None);
    };
    let time = start.elapsed();
    let page = plan
        .jobs
        .contains(search_page)
        .then(|| renderer.render_search_page(index.manifest()));
    let mut errors = put_errors.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut files = index.into_artifacts();
    match page.transpose() {
        Ok(page) => files.extend(page),
        Err(e) => errors.push(e),
    }
    errors.extend(artifacts_under(files, to));
    (errors, Some(time))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{BuildOptions, load};

    /// Every page of `ready`'s plan rendered as a build renders it.
    fn rendered(ready: &ReadySite) -> Vec<Artifact> {
        let (plan, _) = ready.plan(std::path::Path::new("tests/fixtures/good"));
        let renderer = Renderer::new(&ready.theme, &ready.site, &plan.asset_names)
            .with_page_html(ready.page_html.as_ref());
        let search_page = Job::Special(crate::plan::SpecialPage::Search);
        plan.jobs
            .iter()
            .filter(|job| **job != search_page)
            .map(|job| renderer.render(job).expect("the good fixture renders"))
            .collect()
    }

    #[test]
    fn pages_rendered_from_html_taken_out_of_the_site_are_the_same() {
        let Ok(kept) = load(&BuildOptions::new("tests/fixtures/good")) else {
            panic!("the good fixture loads");
        };
        let Ok(taken) = load(&BuildOptions::new("tests/fixtures/good")) else {
            panic!("the good fixture loads");
        };
        let taken = taken.without_page_sources();
        assert!(kept.page_html.is_none());
        assert!(taken.site.pages.iter().all(|p| p.body.html.is_empty()));
        let (from_site, from_taken) = (rendered(&kept), rendered(&taken));
        assert!(from_site.len() > 10);
        assert_eq!(from_site, from_taken);
    }

    #[test]
    fn a_site_s_html_is_released_once_its_pages_are_written() {
        let root = std::path::Path::new("tests/fixtures/good");
        let Ok(ready) = load(&BuildOptions::new(root)) else {
            panic!("the good fixture loads");
        };
        let ready = ready.without_page_sources();
        let out = tempfile::tempdir().expect("a temporary folder");
        let target = out.path().join("public");
        let publisher = Publisher::fresh(root, &target, false).expect("a publisher");
        let (plans, _) = ready.plan_all(root);
        let (errors, _) = sites(&ready, &plans, &publisher);
        assert!(errors.is_empty(), "{errors:?}");
        let html = ready.page_html.as_ref().expect("build takes the HTML out");
        assert!(html.is_released());
    }
}
