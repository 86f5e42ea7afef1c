//! The checks `build` makes after loading, without writing: every output page rendered
//! in memory through its template, one owner for every output path, and `base_url`.

use crate::build::ReadySite;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::Renderer;
use rayon::prelude::*;
use std::path::Path;

/// Renders every job of the build's output plans (one per language) and drops the result; returns every
/// problem `build` would report at this stage (the plan's own problems included).
pub fn check(loaded: &ReadySite, root: &Path) -> Diagnostics {
    let (plans, mut diags) = loaded.plan_all(root);
    for (site, plan) in loaded.sites().zip(&plans) {
        let renderer = Renderer::new(&site.theme, &site.site, &plan.asset_names)
            .with_languages(&site.languages);
        let errors: Vec<Diagnostic> = plan
            .jobs
            .par_iter()
            .filter_map(|job| renderer.render(job).err())
            .collect();
        diags.extend(errors);
    }
    diags
}
