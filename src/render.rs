//! Rendering: one [`Job`] of the site's plan ([`crate::plan`]) through its template into
//! an [`Artifact`]. Jobs are independent, so they render in parallel.

use crate::address::root_prefix;
use crate::diagnostic::Diagnostic;
use crate::markdown::escape;
use crate::model::Site;
use crate::model::languages::Languages;
use crate::output::Artifact;
use crate::plan::{Job, Listing, SpecialPage};
use crate::theme::Theme;
use crate::views::{Link, Views};
use tera::Context;

/// Renders jobs with a theme.
pub struct Renderer<'a> {
    theme: &'a Theme,
    site: &'a Site,
    views: Views<'a>,
    site_value: tera::Value,
    strings_value: tera::Value,
    /// The theme's assets by name, with their content-named paths (`asset`).
    assets_value: tera::Value,
    /// The theme's words as JSON safe inside `<script type="application/json">`, for the
    /// pages whose scripts write words (the self-assessment and search).
    strings_json: String,
    /// Every language's site, for the language switch (`None` for one language).
    languages: Option<&'a Languages>,
    /// The manifest the search page names when rendered as a job (`None`: the index
    /// is built to name it).
    search_manifest: Option<&'a str>,
}

/// One entry of the language switch, as templates see it (`languages`).
#[derive(serde::Serialize)]
struct LanguageLink<'a> {
    code: &'a str,
    name: &'a str,
    href: String,
    /// This is the language of the page being shown.
    current: bool,
    /// The language has this page (else `href` is its home page).
    translated: bool,
}

/// A `<link rel="alternate" hreflang>` of a page, as templates see it (`alternates`).
#[derive(serde::Serialize)]
struct Alternate<'a> {
    hreflang: &'a str,
    href: String,
}

impl<'a> Renderer<'a> {
    /// A renderer for `site` with `theme`, whose assets are published under `assets`
    /// (the site plan's [`crate::plan::AssetNames`]); the site view is built once here.
    pub fn new(theme: &'a Theme, site: &'a Site, assets: &crate::plan::AssetNames) -> Self {
        let views = Views::new(site)
            .with_date_words(crate::dates::DateWords::from_strings(&theme.strings))
            .with_feedback_words(crate::config::feedback::FeedbackWords {
                question: theme.word("feedback_question").to_owned(),
                yes: theme.word("feedback_yes").to_owned(),
                no: theme.word("feedback_no").to_owned(),
            });
        let site_value = tera::Value::from_serializable(&views.site());
        Renderer {
            theme,
            site,
            views,
            site_value,
            strings_value: tera::Value::from_serializable(&theme.strings),
            assets_value: assets.to_value(),
            strings_json: crate::views::script_json(
                &serde_json::to_value(&theme.strings).unwrap_or_default(),
            ),
            languages: None,
            search_manifest: None,
        }
    }

    /// The same renderer, writing a language switch to the other sites of `languages`
    /// (nothing changes when there is one language).
    pub fn with_languages(mut self, languages: &'a Languages) -> Self {
        self.languages = languages.is_multilingual().then_some(languages);
        self
    }

    /// The same renderer, reading the pages' HTML from `taken` when the build took it
    /// out of the site ([`crate::model::body::TakenHtml`]).
    pub fn with_page_html(mut self, taken: Option<&'a crate::model::body::TakenHtml>) -> Self {
        if let Some(taken) = taken {
            self.views = self.views.with_page_html(taken);
        }
        self
    }

    /// The renderer with the search page, when rendered as a job, naming the index's
    /// manifest at `manifest` (`serve` keeps its index) rather than building the index.
    pub fn with_search_manifest(mut self, manifest: Option<&'a str>) -> Self {
        self.search_manifest = manifest;
        self
    }

    /// `languages` (the switch) and `alternates` (the `hreflang` links, with
    /// `x-default`) for the file at `path` whose links start from `root`; both empty
    /// for a playbook in one language.
    fn insert_languages(&self, ctx: &mut Context, page: Option<usize>, path: &str, root: &str) {
        let mut links = Vec::new();
        let mut alternates = Vec::new();
        if let Some(langs) = self.languages {
            let from = self.site.config.site_language;
            let own = langs.sites[from].prefix.as_str();
            let top = match root.strip_suffix(own) {
                // From a path on the host (the 404 page's links): the site's top.
                Some(top) if root.starts_with('/') => top.to_owned(),
                _ => format!("{root}{}", "../".repeat(own.matches('/').count())),
            };
            for (i, c) in langs.counterparts(from, page, path).into_iter().enumerate() {
                let target = c.path.unwrap_or("index.html");
                links.push(LanguageLink {
                    code: &c.site.code,
                    name: &c.site.name,
                    href: format!("{top}{}{target}", c.site.prefix),
                    current: i == from,
                    translated: c.path.is_some(),
                });
                let Some(found) = c.path else { continue };
                let folder = found.strip_suffix("index.html").unwrap_or(found);
                let href = match &langs.base_url {
                    Some(base) => format!("{base}{}{folder}", c.site.prefix),
                    None => format!("{top}{}{found}", c.site.prefix),
                };
                if i == 0 {
                    alternates.push(Alternate {
                        hreflang: "x-default",
                        href: href.clone(),
                    });
                }
                alternates.push(Alternate {
                    hreflang: &c.site.code,
                    href,
                });
            }
        }
        ctx.insert("languages", &links);
        ctx.insert("alternates", &alternates);
    }

    /// The variables every template gets: `site`, `t` (the theme's words), `asset`
    /// (the theme's assets' content-named paths), `root`, `current_url`, `breadcrumbs`.
    fn context(&self, root: &str, current: &str, breadcrumbs: &[Link]) -> Context {
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site_value.clone());
        ctx.insert_value("t", self.strings_value.clone());
        ctx.insert_value("asset", self.assets_value.clone());
        ctx.insert("root", root);
        ctx.insert("current_url", current);
        ctx.insert("breadcrumbs", breadcrumbs);
        ctx
    }

    /// The theme's words for a redirect page, in the site's language.
    fn moved_words(&self) -> MovedWords<'_> {
        MovedWords {
            language: &self.site.config.language,
            title: self.theme.word("moved_title"),
            before: self.theme.word("moved_to"),
            link: self.theme.word("moved_link"),
        }
    }

    /// The theme's word for the home page, for breadcrumbs.
    fn home_word(&self) -> &str {
        self.theme.word("home")
    }

    /// Renders one job. The search page names its index's manifest, so rendering it
    /// builds the index; [`Renderer::render_search_page`] takes an index already built.
    pub fn render(&self, job: &Job) -> Result<Artifact, Diagnostic> {
        self.render_with(job, self.search_manifest)
    }

    /// Renders the search page of an index whose manifest is at `manifest` (from the
    /// site's root).
    pub fn render_search_page(&self, manifest: &str) -> Result<Artifact, Diagnostic> {
        self.render_with(&Job::Special(SpecialPage::Search), Some(manifest))
    }

    /// Renders one job; the search page with the manifest at `manifest` when given.
    fn render_with(&self, job: &Job, manifest: Option<&str>) -> Result<Artifact, Diagnostic> {
        let site = self.site;
        let path = job.output_path(site);
        let dir = path
            .rsplit_once('/')
            .map(|(d, _)| format!("{d}/"))
            .unwrap_or_default();
        let root = root_prefix(&dir);
        let (mut ctx, source) = match job {
            Job::Page(id) => {
                let mut ctx =
                    self.context(&root, &path, &self.views.breadcrumbs(*id, self.home_word()));
                ctx.insert("page", &self.views.page(*id));
                (ctx, Some(site.pages[*id].doc.path.clone()))
            }
            Job::Section(c) => (
                self.listing(&root, &path, "section", &self.views.section_page(*c, 1)),
                None,
            ),
            Job::Taxonomy(t) => (
                self.listing(&root, &path, "taxonomy", &self.views.taxonomy(*t)),
                None,
            ),
            Job::Term(t, k) => (self.term(&root, &path, *t, *k, 1), None),
            Job::ListPage(listing, n) => (self.list_page(*listing, *n, &root, &path), None),
            Job::Special(SpecialPage::Home) => self.home(&root, &path),
            Job::Special(special) => (self.special(*special, &root, &path, manifest), None),
            Job::Alias { from, to } => return Ok(self.alias(from, *to, &dir)),
        };
        if let Some((listing, n)) = job.listing() {
            ctx.insert("pager", &self.views.pager(listing, n));
        }
        let page = match job {
            Job::Page(id) => Some(*id),
            _ => None,
        };
        let links_from = match job {
            Job::Special(SpecialPage::NotFound) => site.config.base_path(),
            _ => root.clone(),
        };
        self.insert_languages(&mut ctx, page, &path, &links_from);
        // A folder's page is known by its folder; a file such as 404.html by its name.
        let address = path.strip_suffix("index.html").unwrap_or(&path);
        ctx.insert(
            "feedback",
            &self.views.feedback(&self.title_of(job), address),
        );
        let template = job.template(site).unwrap_or_default();
        crate::theme::start_render_budget();
        let html = self.theme.tera.render(&template, &ctx).map_err(|e| {
            self.theme
                .diagnostic(&e, Some(source.as_deref().unwrap_or(&path)))
        })?;
        Ok(Artifact {
            path,
            bytes: html.into_bytes(),
        })
    }

    /// The title a reader sees for `job`'s page, without the site's name (for the
    /// subject of a feedback email).
    fn title_of(&self, job: &Job) -> String {
        let site = self.site;
        let word = |key: &str| self.theme.word(key).to_owned();
        match job {
            Job::Page(id) | Job::Alias { to: id, .. } => site.pages[*id].title.clone(),
            Job::Section(c) => site.collections[*c].title.clone(),
            Job::Taxonomy(t) => site.taxonomies[*t].title.clone(),
            Job::Term(t, k) => {
                let tax = &site.taxonomies[*t];
                format!("{} – {}", tax.terms[*k].name, tax.title)
            }
            Job::ListPage(listing, _) => match listing {
                Listing::Section(c) => site.collections[*c].title.clone(),
                Listing::Term(t, k) => self.title_of(&Job::Term(*t, *k)),
                Listing::Matrix => self.matrix_title(),
                Listing::AToZ => word("a_to_z_title"),
                Listing::UsedBy(block) => site.pages[*block].title.clone(),
            },
            Job::Special(page) => match page {
                SpecialPage::Home => site.home.map_or_else(
                    || site.config.title.clone(),
                    |h| site.pages[h].title.clone(),
                ),
                SpecialPage::Matrix => self.matrix_title(),
                SpecialPage::Diagnostic => site
                    .config
                    .diagnostic
                    .as_ref()
                    .map_or_else(String::new, |d| d.title.clone()),
                SpecialPage::DiagnosticGroup => word("dxg_title"),
                SpecialPage::NotFound => word("not_found_title"),
                SpecialPage::Print => word("print_title"),
                SpecialPage::Search => word("search_title"),
                SpecialPage::AToZ => word("a_to_z_title"),
                SpecialPage::Accessibility => word("accessibility_title"),
                SpecialPage::Privacy => word("privacy_title"),
            },
        }
    }

    /// The matrix page's title, as its template writes it.
    fn matrix_title(&self) -> String {
        let first = |kind| {
            self.site
                .collections
                .iter()
                .find(|c| c.kind == kind && !c.pages.is_empty())
                .map_or("", |c| c.title.as_str())
        };
        let title = self
            .theme
            .word("matrix_title")
            .replace("{cases}", first(crate::config::Kind::CaseStudy))
            .replace(
                "{blocks}",
                &first(crate::config::Kind::BuildingBlock).to_lowercase(),
            );
        crate::slug::capitalise(&title)
    }

    /// The context of a page reached from the home page, with `value` as `name`.
    fn listing(
        &self,
        root: &str,
        path: &str,
        name: &'static str,
        value: &impl serde::Serialize,
    ) -> Context {
        let mut ctx = self.context(root, path, &[Views::home_link(self.home_word())]);
        ctx.insert(name, value);
        ctx
    }

    /// The home page's context (each section with its first page of items, as its own
    /// index shows them), and its source file (`content/index.md`) if any.
    fn home(&self, root: &str, path: &str) -> (Context, Option<String>) {
        let site = self.site;
        let mut ctx = self.context(root, path, &[]);
        ctx.insert("page", &site.home.map(|h| self.views.page(h)));
        let sections: Vec<_> = (0..site.collections.len())
            .filter(|&i| !site.collections[i].pages.is_empty())
            .map(|i| self.views.section_page(i, 1))
            .collect();
        ctx.insert("sections", &sections);
        (ctx, site.home.map(|h| site.pages[h].doc.path.clone()))
    }

    /// Page `n` of a listing split into pages, with the template of its first page
    /// (the case studies that show a block have their own).
    fn list_page(&self, listing: Listing, n: usize, root: &str, path: &str) -> Context {
        match listing {
            Listing::Section(c) => {
                self.listing(root, path, "section", &self.views.section_page(c, n))
            }
            Listing::Term(t, k) => self.term(root, path, t, k, n),
            Listing::Matrix => self.listing(root, path, "tables", &self.views.matrix_page(n)),
            Listing::AToZ => self.a_to_z(root, path, n),
            Listing::UsedBy(block) => {
                let crumbs = [
                    Views::home_link(self.home_word()),
                    Link {
                        title: self.site.pages[block].title.clone(),
                        url: self.site.pages[block].href(),
                    },
                ];
                let mut ctx = self.context(root, path, &crumbs);
                ctx.insert("page", &self.views.page_link(block));
                ctx.insert(
                    "collection",
                    &self.site.collection(block).map(|c| &c.singular),
                );
                ctx.insert("items", &self.views.used_by_page(block, n));
                ctx
            }
        }
    }

    /// Page `n` of the A to Z: its `letters`, and `letter_index`, where each letter
    /// starts when the A to Z is split into pages.
    fn a_to_z(&self, root: &str, path: &str, n: usize) -> Context {
        let (letters, index) = self.views.a_to_z_page(n);
        let mut ctx = self.listing(root, path, "letters", &letters);
        ctx.insert("letter_index", &index);
        ctx
    }

    /// Page `n` of one term's page: its taxonomy and term, under the taxonomy in the
    /// breadcrumbs.
    fn term(&self, root: &str, path: &str, t: usize, k: usize, n: usize) -> Context {
        let tv = self.views.taxonomy(t);
        let crumbs = [
            Views::home_link(self.home_word()),
            Link {
                title: tv.title.to_owned(),
                url: tv.url.clone(),
            },
        ];
        let mut ctx = self.context(root, path, &crumbs);
        ctx.insert("taxonomy", &tv);
        ctx.insert("term", &self.views.term_page(t, k, n));
        ctx
    }

    /// The context of one of placebook's own pages other than the home page.
    fn special(
        &self,
        page: SpecialPage,
        root: &str,
        path: &str,
        manifest: Option<&str>,
    ) -> Context {
        match page {
            // Served for any missing address, so its links cannot be relative to it:
            // they start from the site's base path.
            // Its style is inline, so that it is styled wherever it is served from, and
            // opened from disk.
            SpecialPage::NotFound => {
                let mut ctx = self.context(&self.site.config.base_path(), "404.html", &[]);
                ctx.insert("inline_style", &self.theme.static_text(STYLESHEET));
                ctx
            }
            SpecialPage::Matrix => self.listing(root, path, "tables", &self.views.matrix_page(1)),
            SpecialPage::Print => self.listing(root, path, "sections", &self.views.print()),
            SpecialPage::Diagnostic | SpecialPage::DiagnosticGroup => {
                let mut ctx = self.listing(root, path, "diagnostic", &self.views.diagnostic());
                ctx.insert("strings_json", &self.strings_json);
                ctx
            }
            SpecialPage::Search => {
                let built;
                let manifest = match manifest {
                    Some(m) => m,
                    None => {
                        built = crate::search::build(self.site);
                        built.manifest()
                    }
                };
                let mut ctx = self.listing(root, path, "search", &self.views.search(manifest));
                ctx.insert("strings_json", &self.strings_json);
                ctx
            }
            SpecialPage::AToZ => self.a_to_z(root, path, 1),
            SpecialPage::Accessibility | SpecialPage::Privacy => {
                self.context(root, path, &[Views::home_link(self.home_word())])
            }
            SpecialPage::Home => self.home(root, path).0,
        }
    }

    /// A redirect page at `from` (in folder `dir`) to page `to`.
    fn alias(&self, from: &str, to: crate::model::PageId, dir: &str) -> Artifact {
        let site = self.site;
        let target = format!("{}{}", root_prefix(dir), site.pages[to].href());
        let canonical = site
            .config
            .base_url
            .as_ref()
            .map(|b| format!("{b}{}", site.pages[to].dir));
        Artifact {
            path: from.to_owned(),
            bytes: redirect_html(&target, canonical.as_deref(), self.moved_words()).into_bytes(),
        }
    }
}

/// The theme's stylesheet, which the not-found page holds inline.
pub const STYLESHEET: &str = "assets/placebook.css";

/// The words of a redirect page: its language, title, and the sentence before and the
/// words of its link.
#[derive(Debug, Clone, Copy)]
pub struct MovedWords<'a> {
    /// The `<html lang>`.
    pub language: &'a str,
    /// The title ("This page has moved").
    pub title: &'a str,
    /// The words before the link ("This page has moved to").
    pub before: &'a str,
    /// The link's words ("a new address").
    pub link: &'a str,
}

/// A small page that sends the browser on to `target` (with a link for when it does not).
pub fn redirect_html(target: &str, canonical: Option<&str>, words: MovedWords) -> String {
    let t = escape(target);
    let canonical = canonical
        .map(|c| format!("<link rel=\"canonical\" href=\"{}\">\n", escape(c)))
        .unwrap_or_default();
    let (lang, title, before, link) = (
        escape(words.language),
        escape(words.title),
        escape(words.before),
        escape(words.link),
    );
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n{canonical}<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={t}\">\n</head>\n<body>\n<p>{before} <a href=\"{t}\">{link}</a>.</p>\n</body>\n</html>\n"
    )
}
