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

/// Renders `jobs` in parallel and puts each page into `publisher`; returns the errors.
pub fn jobs(renderer: &Renderer, jobs: &[Job], publisher: &Publisher) -> Vec<Diagnostic> {
    jobs.par_iter()
        .filter_map(|job| {
            let a = match renderer.render(job) {
                Ok(a) => a,
                Err(d) => return Some(d),
            };
            publisher.put(&a.path, a.bytes).err()
        })
        .collect()
}

/// Puts generated files (feeds, search index) into `publisher`; returns the errors.
pub fn artifacts(files: Vec<Artifact>, publisher: &Publisher) -> Vec<Diagnostic> {
    files
        .into_par_iter()
        .filter_map(|a| publisher.put(&a.path, a.bytes).err())
        .collect()
}

/// Puts the static files into `publisher`; returns the errors.
pub fn statics(statics: &[&StaticFile], publisher: &Publisher) -> Vec<Diagnostic> {
    statics
        .par_iter()
        .filter_map(|s| match &s.source {
            StaticSource::Embedded(bytes) => publisher.put(&s.output, bytes.to_vec()).err(),
            StaticSource::Disk(path) => publisher.copy(&s.output, path, &s.origin).err(),
        })
        .collect()
}

/// Everything of `plan` put into `publisher`: every page rendered (with the search
/// index built alongside), the generated files, static files and assets. Returns the
/// errors and how long the search index took (`None`: the site has none).
pub fn site(
    ready: &ReadySite,
    plan: &SitePlan,
    publisher: &Publisher,
) -> (Vec<Diagnostic>, Option<Duration>) {
    let site = &ready.site;
    let renderer = Renderer::new(&ready.theme, site);
    let (mut errors, (search, search_time)) = rayon::join(
        || jobs(&renderer, &plan.jobs, publisher),
        || {
            let start = Instant::now();
            let files = plan.search_index(site);
            (files, plan.search.then(|| start.elapsed()))
        },
    );
    errors.extend(artifacts(plan.generated.clone(), publisher));
    errors.extend(artifacts(search, publisher));
    errors.extend(statics(&plan.statics, publisher));
    errors.extend(
        plan.assets
            .par_iter()
            .filter_map(|a| {
                let origin = format!("content/{}", a.output);
                publisher.copy(&a.output, &a.source, &origin).err()
            })
            .collect::<Vec<_>>(),
    );
    (errors, search_time)
}
