//! The checks `build` makes after loading, without writing: every output page rendered
//! in memory through its template, one owner for every output path, and `base_url`.

use crate::build::Loaded;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::{self, Job, Renderer};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Renders every job of [`render::plan`] and drops the result; returns every problem
/// `build` would report at this stage.
pub fn check(loaded: &Loaded, root: &Path) -> Diagnostics {
    let site = &loaded.site;
    let mut diags = Diagnostics::new();
    let (jobs, alias_errors) = render::plan(site);
    diags.extend(alias_errors);
    if site.config.base_url.is_none() {
        diags.push(
            Diagnostic::warning(
                "no-base-url",
                "sitemap.xml and atom.xml would not be written because `base_url` is not set",
            )
            .in_file(crate::config::CONFIG_FILE)
            .suggest(
                "add `base_url: https://your.site/path/` to placebook.yaml, or pass --base-url to build",
            ),
        );
    }
    diags.extend(output_clashes(loaded, root, &jobs));
    let renderer = Renderer::new(&loaded.theme, site);
    let errors: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|job| renderer.render(job).err())
        .collect();
    diags.extend(errors);
    diags
}

/// Two sources that would be written to one output path (as `build` checks before it
/// writes): pages, aliases, feeds, content assets, theme and site static files.
fn output_clashes(loaded: &Loaded, root: &Path, jobs: &[Job]) -> Vec<Diagnostic> {
    let site = &loaded.site;
    let mut owners: HashMap<String, String> = HashMap::new();
    let mut diags = Vec::new();
    let mut claim = |path: String, origin: String| {
        if let Some(first) = owners.get(&path) {
            diags.push(
                Diagnostic::error(
                    "output-clash",
                    format!("`{path}` would be written by both {first} and {origin}"),
                )
                .suggest("rename one of them"),
            );
        } else {
            owners.insert(path, origin);
        }
    };
    for job in jobs {
        let origin = match job {
            Job::Page(id) => site.pages[*id].doc.path.clone(),
            Job::Alias { to, .. } => format!("an alias in {}", site.pages[*to].doc.path),
            other => format!("placebook's {other:?} page").to_lowercase(),
        };
        claim(job.output_path(site), origin);
    }
    let mut extras = crate::feeds::render(site);
    extras.extend(crate::authoring::cms::render(site, root));
    for a in extras {
        claim(a.path, "placebook".into());
    }
    for a in &site.assets {
        claim(a.output.clone(), format!("content/{}", a.output));
    }
    let site_outputs: HashSet<&str> = loaded
        .static_files
        .iter()
        .map(|s| s.output.as_str())
        .collect();
    for s in loaded
        .theme
        .static_files
        .iter()
        .filter(|s| !site_outputs.contains(s.output.as_str()))
        .chain(&loaded.static_files)
    {
        claim(s.output.clone(), s.origin.clone());
    }
    diags
}
