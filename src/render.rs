//! Rendering: the list of output pages a site needs, and each one through its template.
//!
//! [`plan`] lists [`Job`]s; [`Renderer::render`] turns one job into an [`Artifact`].
//! Jobs are independent, so they render in parallel, and [`Job::depends_on`] says which
//! jobs must be redone when one page changes.

use crate::address::root_prefix;
use crate::diagnostic::Diagnostic;
use crate::markdown::escape;
use crate::model::{PageId, Site};
use crate::output::Artifact;
use crate::theme::Theme;
use crate::views::{Link, Views};
use tera::Context;

/// One output page to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// A page of a collection or a top-level page.
    Page(PageId),
    /// The home page.
    Home,
    /// A collection's index.
    Section(usize),
    /// A taxonomy's list of terms.
    Taxonomy(usize),
    /// One term's pages.
    Term(usize, usize),
    /// `404.html`.
    NotFound,
    /// `matrix/index.html`: which case study shows which block.
    Matrix,
    /// `print/index.html`: the whole playbook on one page, for printing.
    Print,
    /// `diagnostic/index.html`: the self-assessment built from the blocks' questions.
    Diagnostic,
    /// `search/index.html`: the search page (its index is written by [`crate::search`]).
    Search,
    /// `a-z/index.html`: every searchable page by title, for readers without JavaScript.
    AToZ,
    /// A redirect from an old address (`from`, a file path) to a page.
    Alias {
        /// The redirect's file in the output.
        from: String,
        /// The page it points to.
        to: PageId,
    },
}

/// Every job the site needs, and problems with aliases.
pub fn plan(site: &Site) -> (Vec<Job>, Vec<Diagnostic>) {
    let mut jobs = vec![Job::Home, Job::NotFound];
    let has = |kind| {
        site.collections
            .iter()
            .any(|c| c.kind == kind && !c.pages.is_empty())
    };
    if has(crate::config::Kind::BuildingBlock) && has(crate::config::Kind::CaseStudy) {
        jobs.push(Job::Matrix);
    }
    if site.collections.iter().any(|c| !c.pages.is_empty()) {
        jobs.push(Job::Print);
    }
    if !crate::views::diagnostic_blocks(site).is_empty() {
        jobs.push(Job::Diagnostic);
    }
    if crate::search::enabled(site) {
        jobs.push(Job::Search);
        jobs.push(Job::AToZ);
    }
    let mut diags = Vec::new();
    for c in &site.collections {
        jobs.extend(c.pages.iter().map(|&id| Job::Page(id)));
    }
    jobs.extend(site.top_pages.iter().map(|&id| Job::Page(id)));
    jobs.extend(
        (0..site.collections.len())
            .filter(|&i| {
                !site.collections[i].pages.is_empty() || site.collections[i].intro.is_some()
            })
            .map(Job::Section),
    );
    for (ti, t) in site.taxonomies.iter().enumerate() {
        if !t.terms.is_empty() {
            jobs.push(Job::Taxonomy(ti));
        }
        jobs.extend((0..t.terms.len()).map(|k| Job::Term(ti, k)));
    }
    for (id, p) in site.pages.iter().enumerate() {
        for alias in &p.doc.front.aliases {
            match alias_path(alias) {
                Some(from) => jobs.push(Job::Alias { from, to: id }),
                None => {
                    let d = Diagnostic::error("invalid-alias", format!("the alias `{alias}` is not an address inside this site"))
                        .span(alias.chars().count().max(1))
                        .suggest("write an old address of this site, e.g. `old-name/` or `case-studies/old-name/` (no `..`, no `http://`)");
                    diags.push(
                        match crate::address::value_position(&p.doc, "aliases", alias) {
                            Some(pos) => d.at(&p.doc.path, &p.doc.text, pos),
                            None => d.in_file(&p.doc.path),
                        },
                    );
                }
            }
        }
    }
    (jobs, diags)
}

/// The file an alias is written to: `old/` and `old` become `old/index.html`; a path
/// ending in `.html` stays as it is. `None` for anything that could leave the output.
pub fn alias_path(alias: &str) -> Option<String> {
    let a = alias.trim();
    if a.is_empty() || a.contains("://") || a.contains('\\') || a.starts_with("//") {
        return None;
    }
    let a = a.trim_start_matches('/');
    let segments: Vec<&str> = a.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty()
        || segments
            .iter()
            .any(|s| *s == ".." || *s == "." || s.starts_with('.'))
    {
        return None;
    }
    let joined = segments.join("/");
    Some(if joined.ends_with(".html") {
        joined
    } else {
        format!("{joined}/index.html")
    })
}

impl Job {
    /// The file this job writes.
    pub fn output_path(&self, site: &Site) -> String {
        match self {
            Job::Page(id) => site.pages[*id].href(),
            Job::Home => "index.html".into(),
            Job::Section(c) => format!("{}/index.html", site.collections[*c].key),
            Job::Taxonomy(t) => format!("{}/index.html", site.taxonomies[*t].name),
            Job::Term(t, k) => format!(
                "{}/{}/index.html",
                site.taxonomies[*t].name, site.taxonomies[*t].terms[*k].slug
            ),
            Job::NotFound => "404.html".into(),
            Job::Matrix => "matrix/index.html".into(),
            Job::Print => "print/index.html".into(),
            Job::Diagnostic => "diagnostic/index.html".into(),
            Job::Search => crate::search::PAGE.into(),
            Job::AToZ => crate::search::A_TO_Z.into(),
            Job::Alias { from, .. } => from.clone(),
        }
    }

    /// The template this job renders with (`None` for redirects, which use none).
    pub fn template(&self, site: &Site) -> Option<String> {
        Some(match self {
            Job::Page(id) => format!("{}.html", site.pages[*id].doc.kind.name()),
            Job::Home => "index.html".into(),
            Job::Section(_) => "section.html".into(),
            Job::Taxonomy(_) => "taxonomy.html".into(),
            Job::Term(..) => "term.html".into(),
            Job::NotFound => "404.html".into(),
            Job::Matrix => "matrix.html".into(),
            Job::Print => "print.html".into(),
            Job::Diagnostic => "diagnostic.html".into(),
            Job::Search => "search.html".into(),
            Job::AToZ => "a-z.html".into(),
            Job::Alias { .. } => return None,
        })
    }

    /// Whether this job shows the rendered body of `page` (not only its title or
    /// front matter), so that it must be rendered again when only the body changed.
    pub fn shows_body_of(&self, site: &Site, page: PageId) -> bool {
        match self {
            Job::Page(id) => *id == page,
            Job::Home => site.home == Some(page),
            Job::Section(c) => site.collections[*c].intro == Some(page),
            Job::Print => site.collection_of[page]
                .is_some_and(|c| site.collections[c].pages.len() <= crate::views::PRINT_MAX_PAGES),
            _ => false,
        }
    }

    /// Whether this job shows anything of `page` (its body, title or summary), so that
    /// it must be rendered again when that page changes. Navigation (collections and
    /// top-level page titles) is site-wide: a change to it rebuilds everything.
    pub fn depends_on(&self, site: &Site, page: PageId) -> bool {
        match self {
            Job::Page(id) => {
                *id == page
                    || site.blocks_of[*id].contains(&page)
                    || site.backlinks[*id].contains(&page)
                    || site.related[*id].contains(&page)
                    || site.neighbours[*id].0 == Some(page)
                    || site.neighbours[*id].1 == Some(page)
            }
            Job::Home => site.home == Some(page) || site.collection_of[page].is_some(),
            Job::Section(c) => {
                site.collection_of[page] == Some(*c) || site.collections[*c].intro == Some(page)
            }
            Job::Taxonomy(t) => site.page_terms[page].iter().any(|(ti, _)| ti == t),
            Job::Term(t, k) => site.page_terms[page].contains(&(*t, *k)),
            Job::NotFound => false,
            Job::Matrix => {
                matches!(
                    site.pages[page].doc.kind,
                    crate::config::Kind::BuildingBlock | crate::config::Kind::CaseStudy
                ) && site.collection_of[page].is_some()
            }
            Job::Print => site.collection_of[page].is_some(),
            // Every block's title and questions, and the case studies that show each.
            Job::Diagnostic => {
                matches!(
                    site.pages[page].doc.kind,
                    crate::config::Kind::BuildingBlock | crate::config::Kind::CaseStudy
                ) && site.collection_of[page].is_some()
            }
            // The search page shows nothing of any page; its index is written apart.
            Job::Search => false,
            // Every searchable page's title (a page that turns `search` off leaves it).
            Job::AToZ => true,
            Job::Alias { to, .. } => *to == page,
        }
    }
}

/// Renders jobs with a theme.
pub struct Renderer<'a> {
    theme: &'a Theme,
    site: &'a Site,
    views: Views<'a>,
    site_value: tera::Value,
}

impl<'a> Renderer<'a> {
    /// A renderer for `site` with `theme`; the site view is built once here.
    pub fn new(theme: &'a Theme, site: &'a Site) -> Self {
        let views = Views::new(site);
        let site_value = tera::Value::from_serializable(&views.site());
        Renderer {
            theme,
            site,
            views,
            site_value,
        }
    }

    /// The variables every template gets: `site`, `root`, `current_url`, `breadcrumbs`.
    fn context(&self, root: &str, current: &str, breadcrumbs: &[Link]) -> Context {
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site_value.clone());
        ctx.insert("root", root);
        ctx.insert("current_url", current);
        ctx.insert("breadcrumbs", breadcrumbs);
        ctx
    }

    /// Renders one job.
    pub fn render(&self, job: &Job) -> Result<Artifact, Diagnostic> {
        let site = self.site;
        let path = job.output_path(site);
        let dir = path
            .rsplit_once('/')
            .map(|(d, _)| format!("{d}/"))
            .unwrap_or_default();
        let root = root_prefix(&dir);
        let home = [Views::home_link()];
        let (ctx, source) = match job {
            Job::Page(id) => {
                let p = &site.pages[*id];
                let mut ctx = self.context(&root, &path, &self.views.breadcrumbs(*id));
                ctx.insert("page", &self.views.page(*id));
                (ctx, Some(p.doc.path.clone()))
            }
            Job::Home => {
                let mut ctx = self.context(&root, &path, &[]);
                ctx.insert("page", &site.home.map(|h| self.views.page(h)));
                let sections: Vec<_> = (0..site.collections.len())
                    .filter(|&i| !site.collections[i].pages.is_empty())
                    .map(|i| self.views.section(i))
                    .collect();
                ctx.insert("sections", &sections);
                (ctx, site.home.map(|h| site.pages[h].doc.path.clone()))
            }
            Job::Section(c) => {
                let mut ctx = self.context(&root, &path, &home);
                ctx.insert("section", &self.views.section(*c));
                (ctx, None)
            }
            Job::Taxonomy(t) => {
                let mut ctx = self.context(&root, &path, &home);
                ctx.insert("taxonomy", &self.views.taxonomy(*t));
                (ctx, None)
            }
            Job::Term(t, k) => {
                let tv = self.views.taxonomy(*t);
                let crumbs = [
                    Views::home_link(),
                    Link {
                        title: tv.title.to_owned(),
                        url: tv.url.clone(),
                    },
                ];
                let mut ctx = self.context(&root, &path, &crumbs);
                ctx.insert("taxonomy", &tv);
                ctx.insert("term", &self.views.term(*t, *k));
                (ctx, None)
            }
            Job::NotFound => {
                // Served for any missing address, so its links cannot be relative to it:
                // they start from the site's base path.
                let ctx = self.context(&base_path(site), "404.html", &[]);
                (ctx, None)
            }
            Job::Matrix => {
                let mut ctx = self.context(&root, &path, &home);
                ctx.insert("tables", &self.views.matrix());
                (ctx, None)
            }
            Job::Print => {
                let mut ctx = self.context(&root, &path, &home);
                ctx.insert("sections", &self.views.print());
                (ctx, None)
            }
            Job::Diagnostic => {
                let mut ctx = self.context(&root, &path, &home);
                ctx.insert("diagnostic", &self.views.diagnostic());
                (ctx, None)
            }
            Job::Search => {
                let mut ctx = self.context(&root, &path, &home);
                ctx.insert("search", &self.views.search());
                (ctx, None)
            }
            Job::AToZ => {
                let mut ctx = self.context(&root, &path, &home);
                ctx.insert("letters", &self.views.a_to_z());
                (ctx, None)
            }
            Job::Alias { from, to } => {
                let target = format!("{}{}", root_prefix(&dir), site.pages[*to].href());
                let canonical = site
                    .config
                    .base_url
                    .as_ref()
                    .map(|b| format!("{b}{}", site.pages[*to].dir));
                return Ok(Artifact {
                    path: from.clone(),
                    bytes: redirect_html(&target, canonical.as_deref()).into_bytes(),
                });
            }
        };
        let template = job.template(site).unwrap_or_default();
        let html = self.theme.tera.render(&template, &ctx).map_err(|e| {
            self.theme
                .diagnostic(&e, Some(source.as_deref().unwrap_or(&path)))
        })?;
        Ok(Artifact {
            path,
            bytes: html.into_bytes(),
        })
    }
}

/// The path part of `base_url` (`/playbook/`), or `/`.
pub fn base_path(site: &Site) -> String {
    site.config
        .base_url
        .as_deref()
        .and_then(|b| b.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_owned()))
        .unwrap_or_else(|| "/".to_owned())
}

/// A small page that sends the browser on to `target` (with a link for when it does not).
pub fn redirect_html(target: &str, canonical: Option<&str>) -> String {
    let t = escape(target);
    let canonical = canonical
        .map(|c| format!("<link rel=\"canonical\" href=\"{}\">\n", escape(c)))
        .unwrap_or_default();
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>This page has moved</title>\n{canonical}<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={t}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{t}\">a new address</a>.</p>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_paths_stay_inside() {
        assert_eq!(alias_path("old/").as_deref(), Some("old/index.html"));
        assert_eq!(alias_path("/a/b.html").as_deref(), Some("a/b.html"));
        assert_eq!(alias_path("../../etc"), None);
        assert_eq!(alias_path("a/../../b"), None);
        assert_eq!(alias_path("https://x.org/a"), None);
        assert_eq!(alias_path("a\\b"), None);
        assert_eq!(alias_path("/"), None);
    }
}

#[cfg(test)]
mod dependency_tests {
    use super::*;
    use crate::build::{BuildOptions, load};

    fn id(site: &Site, path: &str) -> PageId {
        site.pages.iter().position(|p| p.doc.path == path).unwrap()
    }

    #[test]
    fn a_page_change_touches_only_the_jobs_that_show_it() {
        let loaded = load(&BuildOptions::new("tests/fixtures/good")).expect("fixture loads");
        let site = &loaded.site;
        let (jobs, _) = plan(site);
        let gamma = id(site, "content/case-studies/Gamma Café.md");
        let touched: Vec<String> = jobs
            .iter()
            .filter(|j| j.depends_on(site, gamma))
            .map(|j| j.output_path(site))
            .collect();
        let expected = [
            "index.html",
            "matrix/index.html",
            "print/index.html",
            "diagnostic/index.html",
            "case-studies/gamma-café/index.html",
            "case-studies/beta-city/index.html",
            "building-blocks/data-sharing/index.html",
            "case-studies/index.html",
            "region/index.html",
            "region/north-west/index.html",
            "a-z/index.html",
        ];
        for e in expected {
            assert!(
                touched.contains(&e.to_owned()),
                "{e} should be re-rendered; got {touched:?}"
            );
        }
        assert_eq!(touched.len(), expected.len(), "nothing else: {touched:?}");
        // A block's change reaches the case studies that name it, not unrelated pages.
        let block = id(site, "content/building-blocks/pooled-budgets.md");
        let touched: Vec<String> = jobs
            .iter()
            .filter(|j| j.depends_on(site, block))
            .map(|j| j.output_path(site))
            .collect();
        assert!(touched.contains(&"case-studies/alpha-town/index.html".to_owned()));
        assert!(
            !touched.contains(&"case-studies/beta-city/index.html".to_owned()),
            "{touched:?}"
        );
        assert!(!touched.contains(&"about/index.html".to_owned()));
    }
}
