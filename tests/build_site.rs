//! Building good sites end to end and reading the result as a browser would: through
//! the parsed DOM, never by searching for substrings.

mod common;
use common::*;

fn built(extra: &[&str]) -> Site {
    let site = fixture("good");
    let o = build(&site.root, extra);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    site
}

#[test]
fn every_href_and_src_resolves_to_a_file() {
    let site = built(&["--base-url", "https://example.org/pb/"]);
    let (checked, broken) = broken_links_under(&site.out(), "/pb/");
    assert!(checked > 100, "only {checked} links checked");
    assert!(broken.is_empty(), "broken links: {broken:#?}");
}

#[test]
fn block_pages_list_the_case_studies_that_name_them() {
    let site = built(&[]);
    let doc = html(&site.out().join("building-blocks/shared-purpose/index.html"));
    assert_eq!(texts(&doc, "h1"), vec!["Shared purpose"]);
    let backlinks = texts(&doc, "section[aria-labelledby=pb-backlinks] .card__title a");
    assert_eq!(
        backlinks,
        vec!["Alpha Town", "Beta City"],
        "case studies naming the block, by title; drafts left out"
    );
    let hrefs = attrs(
        &doc,
        "section[aria-labelledby=pb-backlinks] .card__title a",
        "href",
    );
    assert_eq!(hrefs[0], "../../case-studies/alpha-town/index.html");
    assert_eq!(texts(&doc, ".questions li").len(), 2);
    assert_eq!(
        texts(&doc, "section[aria-labelledby=pb-related] .card__title a"),
        vec!["2. Pooled budgets"]
    );
    // Previous/next within the collection, ordered by number.
    assert!(texts(&doc, "a[rel=prev]").is_empty());
    assert_eq!(texts(&doc, "a[rel=next]"), vec!["Next Pooled budgets"]);

    let unused = html(&site.out().join("building-blocks/data-sharing/index.html"));
    assert_eq!(
        texts(
            &unused,
            "section[aria-labelledby=pb-backlinks] .card__title a"
        ),
        vec!["Gamma Café"]
    );
}

#[test]
fn case_studies_list_their_blocks_facts_and_sources() {
    let site = built(&[]);
    let doc = html(&site.out().join("case-studies/alpha-town/index.html"));
    assert_eq!(
        texts(&doc, "section[aria-labelledby=pb-blocks] a"),
        vec!["1 Shared purpose", "2 Pooled budgets"]
    );
    assert_eq!(
        texts(&doc, ".facts dd"),
        vec![
            "Alpha",
            "North West",
            "2015",
            "Alpha Council",
            "Alpha CVS, Alpha NHS Trust"
        ]
    );
    assert_eq!(
        attrs(&doc, ".sources a", "href"),
        vec!["https://example.org/alpha"]
    );
    assert_eq!(
        texts(&doc, ".sources li"),
        vec!["Alpha annual report, Alpha Council (2016)"]
    );
    // A co-located image is copied and its src rewritten relative to the page.
    assert_eq!(
        attrs(&doc, ".prose img", "src"),
        vec!["../../case-studies/images/map.png"]
    );
    assert!(site.out().join("case-studies/images/map.png").is_file());
    // Body links written as source paths are rewritten.
    assert_eq!(
        attrs(&doc, ".prose p a[href*=pooled]", "href"),
        vec!["../../building-blocks/pooled-budgets/index.html"]
    );
}

#[test]
fn markdown_extensions_headings_and_links() {
    let site = built(&[]);
    let doc = html(&site.out().join("about/index.html"));
    assert_eq!(attrs(&doc, ".prose h2", "id"), vec!["who-we-are"]);
    assert_eq!(
        attrs(&doc, ".prose .heading-anchor", "href"),
        vec!["#who-we-are"]
    );
    assert_eq!(texts(&doc, ".alert-note .alert-title"), vec!["Note"]);
    assert_eq!(texts(&doc, ".prose table td"), vec!["a", "1"]);
    assert_eq!(texts(&doc, ".prose del"), vec!["struck"]);
    assert_eq!(attrs(&doc, ".prose input[type=checkbox]", "type").len(), 2);
    assert!(!texts(&doc, ".footnote-definition").is_empty());
    let hrefs = attrs(&doc, ".prose p a", "href");
    assert!(
        hrefs.contains(&"../building-blocks/shared-purpose/index.html#why-it-matters".to_owned()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"../files/plan.txt".to_owned()),
        "site-absolute link made relative: {hrefs:?}"
    );
    assert!(
        hrefs.contains(&"https://example.org/x".to_owned()),
        "external links untouched"
    );
    assert!(hrefs.contains(&"mailto:someone@example.org".to_owned()));
    // Explicit heading ids and anchors to them.
    let block = html(&site.out().join("building-blocks/pooled-budgets/index.html"));
    assert_eq!(
        attrs(&block, ".prose p a", "href"),
        vec!["../../building-blocks/shared-purpose/index.html#good"]
    );
}

#[test]
fn home_page_toc_and_sections() {
    let site = built(&[]);
    let doc = html(&site.out().join("index.html"));
    assert_eq!(texts(&doc, "h1"), vec!["Welcome to the fixture"]);
    assert_eq!(
        texts(&doc, ".toc a"),
        vec!["Section one", "Section two", "Section three"]
    );
    assert_eq!(
        texts(&doc, "#pb-section-building-blocks"),
        vec!["Building blocks"]
    );
    assert_eq!(
        texts(&doc, "nav[aria-label=Main] a"),
        vec![
            "Home",
            "Building blocks",
            "Case studies",
            "About",
            "Notes without front matter",
            "Diagnostic"
        ]
    );
    assert_eq!(attrs(&doc, "html", "lang"), vec!["en-GB"]);
}

#[test]
fn a_page_without_front_matter_takes_its_title_from_its_heading() {
    let site = built(&[]);
    let doc = html(&site.out().join("notes/index.html"));
    assert_eq!(
        texts(&doc, "h1"),
        vec!["Notes without front matter"],
        "exactly one h1"
    );
    // The link to a draft is kept as text, without a link.
    assert!(attrs(&doc, ".prose p a", "href").is_empty());
    assert!(texts(&doc, ".prose p")[0].contains("Link to a draft."));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = built(&[]);
    assert!(!site.out().join("case-studies/draft-place").exists());
    let published = html(&site.out().join("notes/index.html"));
    assert!(attrs(&published, "meta[name=robots]", "content").is_empty());
    let site = built(&["--drafts"]);
    let doc = html(&site.out().join("case-studies/draft-place/index.html"));
    assert_eq!(texts(&doc, ".tag--draft"), vec!["Draft"]);
    // A review copy: a banner on the draft, and every page asks not to be indexed.
    assert_eq!(
        texts(&doc, "main .draft-banner[role=note]"),
        ["Draft: not published"]
    );
    for page in [
        "case-studies/draft-place/index.html",
        "notes/index.html",
        "index.html",
        "search/index.html",
    ] {
        let d = html(&site.out().join(page));
        assert_eq!(
            attrs(&d, "meta[name=robots]", "content"),
            ["noindex"],
            "{page}"
        );
    }
    let notes = html(&site.out().join("notes/index.html"));
    assert!(texts(&notes, ".draft-banner").is_empty());
    let notes = html(&site.out().join("notes/index.html"));
    assert_eq!(
        attrs(&notes, ".prose p a", "href"),
        vec!["../case-studies/draft-place/index.html"]
    );
}

#[test]
fn file_names_with_spaces_bom_and_crlf_work() {
    let site = built(&[]);
    let gamma = html(&site.out().join("case-studies/gamma-café/index.html"));
    assert_eq!(texts(&gamma, "h1"), vec!["Gamma Café"]);
    let beta = html(&site.out().join("case-studies/beta-city/index.html"));
    assert_eq!(texts(&beta, "h1"), vec!["Beta City"]);
    assert_eq!(texts(&beta, ".facts dd"), vec!["Beta", "London"]);
}

/// macOS can name a file with `é` as `e` and an accent (NFD) while the author types the
/// link with one `é` (NFC), or the other way round: a link in either form finds the
/// page, image or file in the other, and each address written names the file as it
/// is in the output.
#[test]
fn a_link_finds_a_file_named_in_the_other_unicode_form() {
    let site = fixture("good");
    let (nfd, nfc) = ("e\u{301}", "\u{e9}");
    let map = std::fs::read(site.root.join("content/case-studies/images/map.png")).unwrap();
    site.write(
        &format!("content/case-studies/Caf{nfd} corner.md"),
        "---\ntitle: Café corner\nplace: Deltaville\nsummary: S.\n---\n\nText.\n",
    );
    site.write(&format!("content/case-studies/Plan caf{nfd}.png"), &map);
    site.write(
        &format!("content/case-studies/R{nfc}sum{nfc}.pdf"),
        "%PDF-1.4\n",
    );
    site.write(
        "content/case-studies/linking.md",
        format!("---\ntitle: Linking\nplace: Linkton\nsummary: S.\n---\n\nSee [the corner](<Caf{nfc} corner.md>), ![The plan](<Plan caf{nfc}.png>) and [the CV](<R{nfd}sum{nfd}.pdf>).\n"),
    );
    let o = build(&site.root, &["--base-url", "https://example.org/pb/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = html(&site.out().join("case-studies/linking/index.html"));
    let mut links = attrs(&page, ".prose a", "href");
    links.extend(attrs(&page, ".prose img", "src"));
    assert_eq!(links.len(), 3, "{links:?}");
    let (checked, broken) = broken_links_under(&site.out(), "/pb/");
    assert!(checked > 100, "only {checked} links checked");
    assert!(broken.is_empty(), "broken links: {broken:#?}");
    assert_eq!(
        attrs(&page, ".prose picture source", "type"),
        ["image/webp"],
        "the image is processed as a picture"
    );
}

#[test]
fn taxonomies_have_index_and_term_pages() {
    let site = built(&[]);
    let tags = html(&site.out().join("tags/index.html"));
    // Terms are shown in sentence case, as headings and link text are.
    assert_eq!(texts(&tags, ".term-list a"), vec!["Funding", "Vision"]);
    let funding = html(&site.out().join("tags/funding/index.html"));
    assert_eq!(
        texts(&funding, ".card__title a"),
        vec!["Alpha Town", "Beta City"]
    );
    let region = html(&site.out().join("region/north-west/index.html"));
    assert_eq!(texts(&region, "h1"), vec!["North West"]);
    assert_eq!(
        texts(&region, ".card__title a"),
        vec!["Alpha Town", "Gamma Café"]
    );
    let page = html(&site.out().join("case-studies/alpha-town/index.html"));
    assert_eq!(
        attrs(&page, "section[aria-labelledby=pb-terms] a.tag", "href"),
        vec![
            "../../tags/funding/index.html",
            "../../tags/vision/index.html",
            "../../region/north-west/index.html"
        ]
    );
}

#[test]
fn aliases_redirect_to_the_page() {
    let site = built(&[]);
    for alias in ["old-about/index.html", "info.html"] {
        let doc = html(&site.out().join(alias));
        let refresh = attrs(&doc, "meta[http-equiv=refresh]", "content");
        let depth = alias.matches('/').count();
        assert_eq!(
            refresh,
            vec![format!("0; url={}about/index.html", "../".repeat(depth))]
        );
    }
}

#[test]
fn sitemap_feed_and_robots_use_base_url() {
    let site = built(&[]);
    assert!(
        !site.out().join("sitemap.xml").exists(),
        "no sitemap without base_url"
    );
    assert!(site.out().join("robots.txt").is_file());
    let site = built(&["--base-url", "https://example.org/pb"]);
    let sitemap = std::fs::read_to_string(site.out().join("sitemap.xml")).unwrap();
    let doc = scraper::Html::parse_fragment(&sitemap);
    let locs = texts(&doc, "loc");
    assert!(
        locs.contains(&"https://example.org/pb/case-studies/alpha-town/".to_owned()),
        "{locs:?}"
    );
    // The pages a reader would look for are listed; the search page, the printable
    // copy of every page and the 404 page are not.
    for listed in ["matrix/", "diagnostic/", "a-z/"] {
        assert!(
            locs.contains(&format!("https://example.org/pb/{listed}")),
            "{listed}: {locs:?}"
        );
    }
    for left_out in ["search/", "print/", "404.html"] {
        assert!(
            !locs.contains(&format!("https://example.org/pb/{left_out}")),
            "{left_out}: {locs:?}"
        );
    }
    assert!(
        locs.iter()
            .all(|l| l.starts_with("https://example.org/pb/"))
    );
    let feed = std::fs::read_to_string(site.out().join("atom.xml")).unwrap();
    let doc = scraper::Html::parse_fragment(&feed);
    assert!(texts(&doc, "entry").len() >= 5);
    let robots = std::fs::read_to_string(site.out().join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.org/pb/sitemap.xml"));
    // Under a sub-path robots.txt does nothing, and the file says so.
    assert!(
        robots.starts_with("# This file is only read at the top of a host"),
        "{robots}"
    );
    let page = html(&site.out().join("about/index.html"));
    assert_eq!(
        attrs(&page, "link[rel=canonical]", "href"),
        vec!["https://example.org/pb/about/"]
    );
    // The 404 page links from the base path, since it is served at any address, and
    // holds its style, so that it is styled however it is reached.
    let nf = html(&site.out().join("404.html"));
    assert!(attrs(&nf, "link[rel=stylesheet]", "href").is_empty());
    let style = texts(&nf, "head style").concat();
    assert!(style.contains(".site-header"), "{style}");
    assert_eq!(attrs(&nf, "main a", "href"), vec!["/pb/index.html"]);
}

#[test]
fn a_site_can_override_any_template_or_asset() {
    let site = fixture("good");
    site.write("themes/default/templates/page.html", "{% extends \"base.html\" %}{% block main %}<h1 class=\"custom\">{{ page.title }}</h1>{% endblock main %}");
    site.write("static/assets/placebook.css", "body { color: red; }");
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = html(&site.out().join("about/index.html"));
    assert_eq!(texts(&doc, "h1.custom"), vec!["About"]);
    assert_eq!(
        std::fs::read_to_string(site.out().join("assets/placebook.css")).unwrap(),
        "body { color: red; }"
    );
    // The pages name the site's stylesheet by its own content, not the theme's.
    let home = html(&site.out().join("index.html"));
    let href = attrs(&home, "link[rel=stylesheet]", "href").concat();
    assert!(is_content_named(&href, "", "placebook.css"), "{href}");
    assert_eq!(
        std::fs::read_to_string(site.out().join(&href)).unwrap(),
        "body { color: red; }"
    );
    // Templates not overridden still come from the embedded theme.
    let block = html(&site.out().join("building-blocks/shared-purpose/index.html"));
    assert_eq!(texts(&block, ".questions li").len(), 2);
}

#[test]
fn collections_of_any_name_and_size_build() {
    let site = fixture("plays");
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let index = html(&site.out().join("plays/index.html"));
    let titles = texts(&index, ".card__title a");
    assert_eq!(titles.len(), 13);
    assert_eq!(titles[0], "1. Play 1");
    assert_eq!(titles[12], "13. Play 13", "sorted by number, not as text");
    let play3 = html(&site.out().join("plays/play-3/index.html"));
    assert_eq!(
        texts(
            &play3,
            "section[aria-labelledby=pb-backlinks] .card__title a"
        ),
        vec!["Riverside"]
    );
    let story = html(&site.out().join("stories/riverside/index.html"));
    assert_eq!(
        texts(&story, "section[aria-labelledby=pb-blocks] a"),
        vec!["3 Play 3", "13 Play 13"]
    );
    let (_, broken) = broken_links(&site.out());
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn a_folder_of_markdown_without_config_or_theme_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("my-notes");
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("content/first.md"), "# First note\n\nHello.\n").unwrap();
    std::fs::write(
        root.join("content/second.md"),
        "Just text, linking to [the first](first.md).\n",
    )
    .unwrap();
    let o = build(&root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = html(&root.join("public/second/index.html"));
    assert_eq!(texts(&doc, "h1"), vec!["Second"]);
    assert_eq!(texts(&doc, ".site-title"), vec!["My notes"]);
    assert_eq!(
        attrs(&doc, ".prose p a", "href"),
        vec!["../first/index.html"]
    );
}

#[test]
fn the_sample_playbook_builds_without_warnings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = build(root, &["--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let (checked, broken) = broken_links_under(&out, "/building-collaborative-places/");
    assert!(checked > 500);
    assert!(broken.is_empty(), "{broken:?}");
    // Every case study cites sources; every block is shown by a case study.
    for entry in std::fs::read_dir(out.join("case-studies")).unwrap() {
        let p = entry.unwrap().path().join("index.html");
        if p.is_file() && p.parent().unwrap().file_name().unwrap() != "case-studies" {
            assert!(
                !texts(&html(&p), ".sources li").is_empty(),
                "{} cites no sources",
                p.display()
            );
        }
    }
    for entry in std::fs::read_dir(out.join("building-blocks")).unwrap() {
        let p = entry.unwrap().path().join("index.html");
        if p.is_file() {
            let doc = html(&p);
            assert!(
                !texts(&doc, "section[aria-labelledby=pb-backlinks] .card__title a").is_empty(),
                "{} has no case study",
                p.display()
            );
        }
    }
}

#[test]
fn last_updated_comes_from_git_history_then_front_matter() {
    let site = fixture("good");
    let git = |args: &[&str], date: &str| {
        let o = std::process::Command::new("git")
            .current_dir(&site.root)
            .args(args)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .output()
            .expect("git runs");
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    git(&["init", "-q"], "2020-01-01T00:00:00Z");
    git(&["add", "."], "2020-01-01T00:00:00Z");
    git(&["commit", "-qm", "first"], "2021-03-04T12:00:00Z");
    site.write(
        "content/case-studies/alpha-town.md",
        std::fs::read_to_string(site.root.join("content/case-studies/alpha-town.md")).unwrap()
            + "\nMore.\n",
    );
    git(&["commit", "-qam", "second"], "2022-06-07T12:00:00Z");
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let updated = |page: &str| attrs(&html(&site.out().join(page)), ".page-meta time", "datetime");
    assert_eq!(
        updated("case-studies/alpha-town/index.html"),
        vec!["2022-06-07"],
        "last commit touching the file"
    );
    assert_eq!(
        updated("building-blocks/pooled-budgets/index.html"),
        vec!["2021-03-04"]
    );
    let doc = html(&site.out().join("building-blocks/pooled-budgets/index.html"));
    assert_eq!(texts(&doc, ".page-meta time"), vec!["4 March 2021"]);
    // Front matter wins over git.
    site.write(
        "content/building-blocks/data-sharing.md",
        "---\ntitle: Data sharing\nnumber: 3\nsummary: S.\nupdated: 2019-05-01\n---\n\nText.\n",
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success());
    assert_eq!(
        updated("building-blocks/data-sharing/index.html"),
        vec!["2019-05-01"]
    );
}

#[test]
fn the_matrix_shows_which_case_study_names_which_block() {
    let site = built(&[]);
    let doc = html(&site.out().join("matrix/index.html"));
    assert_eq!(
        texts(&doc, ".matrix thead th a"),
        vec!["1. Shared purpose", "2. Pooled budgets", "3. Data sharing"]
    );
    assert_eq!(
        texts(&doc, ".matrix tbody th"),
        vec!["Alpha Town", "Beta City", "Gamma Café"]
    );
    let rows: Vec<Vec<String>> = ["Alpha Town", "Beta City", "Gamma Café"]
        .iter()
        .enumerate()
        .map(|(i, _)| texts(&doc, &format!(".matrix tbody tr:nth-child({}) td", i + 1)))
        .collect();
    assert_eq!(rows[0], vec!["✓ Yes", "✓ Yes", "No"]);
    assert_eq!(rows[1], vec!["✓ Yes", "No", "No"]);
    assert_eq!(rows[2], vec!["No", "No", "✓ Yes"]);
    assert_eq!(texts(&doc, ".matrix tfoot td"), vec!["2", "1", "1"]);
    // Each tick is a link to the case study.
    assert_eq!(
        attrs(&doc, ".matrix tbody tr:nth-child(3) td a", "href"),
        vec!["../case-studies/gamma-café/index.html#pb-blocks"]
    );
}

#[test]
fn the_print_page_holds_every_block_then_every_case_study() {
    let site = built(&[]);
    let doc = html(&site.out().join("print/index.html"));
    assert_eq!(
        texts(&doc, ".print-section__title"),
        vec!["Building blocks", "Case studies"]
    );
    assert_eq!(
        texts(&doc, ".print-page__title"),
        vec![
            "1. Shared purpose",
            "2. Pooled budgets",
            "3. Data sharing",
            "Alpha Town",
            "Beta City",
            "Gamma Café"
        ]
    );
    // Bodies are included, with their links made relative to the print page (or
    // within it, for a page that is on it too).
    assert!(attrs(&doc, ".print-body a", "href").contains(&"#case-studies/alpha-town".to_owned()));
    assert_eq!(
        attrs(&doc, ".print-body img", "src"),
        vec!["../case-studies/images/map.png"]
    );
    let (_, broken) = broken_links(&site.out());
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn edit_links_appear_when_edit_url_is_set() {
    let site = fixture("good");
    let config = std::fs::read_to_string(site.root.join("placebook.yaml")).unwrap();
    site.write(
        "placebook.yaml",
        format!("{config}edit_url: https://example.org/edit/main/{{path}}\n"),
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = html(&site.out().join("case-studies/gamma-café/index.html"));
    assert_eq!(
        attrs(&doc, ".edit-link a", "href"),
        vec!["https://example.org/edit/main/content/case-studies/Gamma Café.md"]
    );
    let without = built(&[]);
    assert!(
        attrs(
            &html(&without.out().join("about/index.html")),
            ".edit-link a",
            "href"
        )
        .is_empty()
    );
}

#[test]
fn the_theme_makes_no_request_to_another_host_and_keeps_to_its_budget() {
    let site = built(&["--base-url", "https://example.org/pb/"]);
    for entry in walkdir::WalkDir::new(site.out())
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "html") {
            let doc = html(path);
            // Anything a browser fetches by itself: scripts, stylesheets, icons, images, frames, media.
            let sel = scraper::Selector::parse("script[src], link[href], img[src], iframe[src], source[src], video[src], audio[src]").unwrap();
            for el in doc.select(&sel) {
                let v = el.value();
                if v.name() == "link"
                    && !v.attr("rel").is_some_and(|r| {
                        r.contains("stylesheet")
                            || r.contains("icon")
                            || r.contains("preload")
                            || r.contains("modulepreload")
                    })
                {
                    continue;
                }
                let url = v.attr("src").or(v.attr("href")).unwrap_or_default();
                assert!(
                    !url.starts_with("http") && !url.starts_with("//"),
                    "{} fetches {url}",
                    path.display()
                );
            }
        }
    }
    // What one page loads (its stylesheets, and its scripts), search's own files aside.
    for page in [
        "index.html",
        "diagnostic/index.html",
        "diagnostic/group/index.html",
        "print/index.html",
    ] {
        let path = site.out().join(page);
        let doc = html(&path);
        let size = |selector: &str, attr: &str| -> u64 {
            attrs(&doc, selector, attr)
                .iter()
                .filter(|url| !url.contains("search"))
                .map(|url| {
                    let file = path.parent().unwrap().join(url);
                    std::fs::metadata(&file)
                        .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
                        .len()
                })
                .sum()
        };
        let css = size("link[rel=stylesheet]", "href");
        let js = size("script[src]", "src");
        assert!(css < 30 * 1024, "{page}: CSS is {css} bytes");
        assert!(js < 30 * 1024, "{page}: JS is {js} bytes");
    }
}

/// A page that links to every page placebook writes itself (from the plan's own table),
/// to a taxonomy, a term, and the generated files.
fn links_to_every_special_page() -> String {
    let mut links: Vec<String> = placebook::plan::SPECIAL_PAGES
        .iter()
        .map(|s| format!("/{}", s.path.trim_end_matches("index.html")))
        .collect();
    links.extend(
        [
            "/tags/",
            "/tags/vision/",
            "/region/",
            "/atom.xml",
            "/sitemap.xml",
            "/robots.txt",
        ]
        .map(String::from),
    );
    let list: String = links.iter().map(|l| format!("- [{l}]({l})\n")).collect();
    format!("---\ntitle: Every special page\n---\n{list}")
}

#[test]
fn links_to_special_pages_build_check_and_resolve() {
    let site = fixture("good");
    site.write("content/specials.md", links_to_every_special_page());
    // The accessibility statement and the privacy page exist only when asked for.
    site.edit("placebook.yaml", |c| {
        c + "accessibility: {organisation: X, compliance: full, email: a@x.org, reply_days: 5, tested: 2026-01-01, tested_by: us, test_method: by hand, prepared: 2026-01-02}\nanalytics: {service: goatcounter, code: x}\n"
    });
    let o = build(&site.root, &["--base-url", "https://example.org/pb/"]);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    let doc = html(&site.out().join("specials/index.html"));
    let hrefs = attrs(&doc, "main li a", "href");
    assert_eq!(
        hrefs.len(),
        placebook::plan::SPECIAL_PAGES.len() + 6,
        "{hrefs:?}"
    );
    for href in &hrefs {
        let mut target = site.out().join("specials").join(href);
        if target.is_dir() {
            target = target.join("index.html");
        }
        assert!(
            target.is_file(),
            "{href} does not resolve to a written file"
        );
    }
    let (_, broken) = broken_links_under(&site.out(), "/pb/");
    assert!(broken.is_empty(), "broken links: {broken:#?}");
    let check = |base: &[&str]| {
        placebook()
            .arg("check")
            .args(base)
            .arg("--root")
            .arg(&site.root)
            .output()
            .unwrap()
    };
    let o = check(&["--base-url", "https://example.org/pb/"]);
    assert!(
        o.status.success(),
        "check failed:\n{}{}",
        stdout(&o),
        stderr(&o)
    );
    // Without `base_url` no feed or sitemap is written, so links to them are broken.
    let o = check(&[]);
    assert!(!o.status.success());
    let errors: Vec<String> = locations(&stderr(&o))
        .into_iter()
        .filter(|l| l.starts_with("content/specials.md"))
        .collect();
    // After the front matter (3 lines), the special pages and three taxonomy links.
    let atom = 4 + placebook::plan::SPECIAL_PAGES.len() + 3;
    assert_eq!(
        errors,
        [
            format!("content/specials.md:{atom}:15"),
            format!("content/specials.md:{}:18", atom + 1)
        ],
        "{}",
        stderr(&o)
    );
}

#[test]
fn every_page_names_an_icon_that_is_there() {
    let site = built(&[]);
    for page in [
        "index.html",
        "case-studies/alpha-town/index.html",
        "matrix/index.html",
    ] {
        let doc = html(&site.out().join(page));
        let icons = attrs(&doc, "link[rel=icon]", "href");
        assert_eq!(icons.len(), 1, "{page}");
        let target = site.out().join(page).parent().unwrap().join(&icons[0]);
        assert!(target.is_file(), "{page}: {} does not resolve", icons[0]);
    }
}

#[test]
fn print_page_ids_are_unique_and_its_links_stay_on_the_page() {
    for site in [sample(), fixture("plays-site")] {
        let o = build(&site.root, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        let doc = html(&site.out().join("print/index.html"));
        let ids = attrs(&doc, "[id]", "id");
        let unique: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
        let twice: Vec<&String> = ids
            .iter()
            .filter(|id| ids.iter().filter(|other| other == id).count() > 1)
            .collect();
        assert!(twice.is_empty(), "ids used more than once: {twice:?}");
        for href in attrs(&doc, "a[href^='#']", "href") {
            let id = &href[1..];
            assert!(id.is_empty() || unique.contains(id), "{href} finds no id");
        }
        // Each printed page's heading is its anchor, and the contents list names them all.
        let headings = attrs(&doc, ".print-page__title", "id");
        assert!(headings.len() > 3, "{headings:?}");
        let contents = attrs(&doc, ".print-contents li li a", "href");
        let expected: Vec<String> = headings.iter().map(|h| format!("#{h}")).collect();
        assert_eq!(contents, expected);
        // Inside each page, heading anchors and footnotes point into that page's own part.
        let pages = scraper::Selector::parse(".print-page").unwrap();
        let local =
            scraper::Selector::parse(".print-body :is(.heading-anchor, .footnote-reference a)")
                .unwrap();
        let mut anchors = 0;
        for (page, heading) in doc.select(&pages).zip(&headings) {
            for a in page.select(&local) {
                anchors += 1;
                let href = a.value().attr("href").unwrap_or_default();
                assert!(
                    href.starts_with(&format!("#{heading}/")),
                    "{href} in {heading}"
                );
            }
        }
        assert!(anchors >= headings.len(), "{anchors} heading anchors");
        // A link to another printed page goes to it on this page, not to its own page.
        let body_links = attrs(&doc, ".print-body a[href]", "href");
        for heading in &headings {
            let away = format!("../{heading}/index.html");
            assert!(
                !body_links.iter().any(|h| h.starts_with(&away)),
                "a link leaves the page for {away}"
            );
        }
        assert!(
            body_links
                .iter()
                .any(|h| headings.iter().any(|id| h.starts_with(&format!("#{id}")))),
            "{body_links:?}"
        );
    }
}

/// The good fixture with `feedback:` set to `settings` (YAML under the key), built with
/// a `base_url`.
fn with_feedback(settings: &str) -> Site {
    let site = fixture("good");
    site.edit("placebook.yaml", |c| format!("{c}feedback:\n{settings}"));
    let o = build(&site.root, &["--base-url", "https://example.org/pb/"]);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    site
}

#[test]
fn feedback_links_send_the_page_and_the_answer_without_javascript() {
    let site = with_feedback(
        "  email: playbook@example.gov.uk\n  problem: \"https://git.example/pb/issues/new?title={title}&body={url}\"\n",
    );
    let doc = html(&site.out().join("case-studies/beta-city/index.html"));
    assert_eq!(texts(&doc, "main .feedback h2"), ["Is this page useful?"]);
    // Plain links (nothing loads from another host until a reader follows one), each
    // saying in full what it means to a screen reader.
    assert_eq!(
        texts(&doc, ".feedback__answers a"),
        ["Yes this page is useful", "No this page is not useful"]
    );
    let answers = attrs(&doc, ".feedback__answers a", "href");
    assert_eq!(
        answers[0],
        "mailto:playbook@example.gov.uk?subject=Is%20this%20page%20useful%3F%20Yes%20%E2%80%93%20Beta%20City&body=https%3A%2F%2Fexample.org%2Fpb%2Fcase-studies%2Fbeta-city%2F"
    );
    assert!(answers[1].contains("useful%3F%20No%20"), "{answers:?}");
    assert_eq!(
        attrs(&doc, ".feedback__problem a", "href"),
        [
            "https://git.example/pb/issues/new?title=Beta%20City&body=https%3A%2F%2Fexample.org%2Fpb%2Fcase-studies%2Fbeta-city%2F"
        ]
    );
    // The feedback is on every page, including the home page.
    let home = html(&site.out().join("index.html"));
    assert_eq!(texts(&home, ".feedback h2"), ["Is this page useful?"]);
    // Without `feedback:` there is none.
    let plain = built(&[]);
    let doc = html(&plain.out().join("case-studies/beta-city/index.html"));
    assert!(texts(&doc, ".feedback").is_empty());
}

#[test]
fn a_feedback_form_gets_the_page_and_yes_or_no() {
    let site = with_feedback("  form: \"https://forms.example/r/pb?page={url}&useful={answer}\"\n");
    let doc = html(&site.out().join("case-studies/beta-city/index.html"));
    assert_eq!(
        attrs(&doc, ".feedback__answers a", "href"),
        [
            "https://forms.example/r/pb?page=https%3A%2F%2Fexample.org%2Fpb%2Fcase-studies%2Fbeta-city%2F&useful=yes",
            "https://forms.example/r/pb?page=https%3A%2F%2Fexample.org%2Fpb%2Fcase-studies%2Fbeta-city%2F&useful=no"
        ]
    );
    assert!(texts(&doc, ".feedback__problem").is_empty());
}

#[test]
fn feedback_settings_that_cannot_work_are_one_error_each_at_their_line() {
    for (settings, line, words) in [
        (
            "  email: playbook at example\n",
            6,
            "is not an email address",
        ),
        ("  form: forms.example/r\n", 6, "is not a web address"),
        (
            "  email: a@b.org\n  form: \"https://f.example/\"\n",
            7,
            "has both `email` and `form`",
        ),
        ("  emial: a@b.org\n", 6, "did you mean `email`?"),
    ] {
        let site = fixture("good");
        site.edit("placebook.yaml", |c| format!("{c}feedback:\n{settings}"));
        let before = snapshot(&site.out());
        let o = build(&site.root, &[]);
        assert_eq!(o.status.code(), Some(1), "{settings}");
        let err = stderr(&o);
        assert!(err.contains(words), "{settings}: {err}");
        assert_eq!(
            locations(&err),
            [format!("placebook.yaml:{line}:3")],
            "{err}"
        );
        assert!(err.contains("Build failed with 1 error"), "{err}");
        assert_eq!(snapshot(&site.out()), before);
    }
}

/// Pages kept as other generators keep them: a page in a folder of its own with its
/// image beside it (`case-studies/oldham/index.md`, Hugo's page bundle, Zola's page
/// folder), and a collection's own text in `index.md` (as `content/index.md` is the
/// home page's).
#[test]
fn a_page_folder_takes_its_folders_name_and_index_md_is_the_collections_text() {
    let site = fixture("good");
    let map = std::fs::read(site.root.join("content/case-studies/images/map.png")).unwrap();
    for place in ["Oldham", "Sheffield"] {
        let folder = place.to_lowercase();
        site.write(
            &format!("content/case-studies/{folder}/index.md"),
            format!("---\ntitle: {place}\nplace: {place}\nsummary: S.\n---\n\n![The map of {place}](map.png)\n"),
        );
        site.write(&format!("content/case-studies/{folder}/map.png"), &map);
    }
    site.write(
        "content/case-studies/index.md",
        "---\ntitle: Our places\n---\n\nEvery place we learnt from.\n",
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    for place in ["Oldham", "Sheffield"] {
        let page = html(
            &site
                .out()
                .join(format!("case-studies/{}/index.html", place.to_lowercase())),
        );
        assert_eq!(texts(&page, "h1"), [place]);
        assert_eq!(
            attrs(&page, ".prose img", "alt"),
            [format!("The map of {place}")]
        );
    }
    assert!(!site.out().join("case-studies/index/index.html").exists());
    let listing = html(&site.out().join("case-studies/index.html"));
    assert!(
        texts(&listing, "main p")
            .iter()
            .any(|p| p == "Every place we learnt from."),
        "{:?}",
        texts(&listing, "main p")
    );
    let (checked, broken) = broken_links(&site.out());
    assert!(checked > 100, "only {checked} links checked");
    assert!(broken.is_empty(), "broken links: {broken:#?}");
}

/// What Windows, macOS and Office leave in a shared folder is never published; the
/// files beside them are.
#[test]
fn system_and_office_files_left_in_folders_are_not_published() {
    let site = fixture("good");
    let left = [
        "content/case-studies/Thumbs.db",
        "content/case-studies/desktop.ini",
        "content/case-studies/~$report.docx",
        "content/case-studies/__MACOSX/._report.docx",
        "static/files/THUMBS.DB",
        "static/files/ehthumbs.db",
    ];
    for path in left {
        site.write(path, "left by the system");
    }
    site.write("content/case-studies/report.docx", "the report");
    site.write("static/files/plan.pdf", "%PDF-1.4\n");
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let published: Vec<String> = snapshot(&site.out())
        .keys()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    for kept in ["case-studies/report.docx", "files/plan.pdf"] {
        assert!(
            published.iter().any(|p| p == kept),
            "{kept} is not published"
        );
    }
    let leaked: Vec<&String> = published
        .iter()
        .filter(|p| {
            let p = p.to_lowercase();
            p.contains("thumbs.db")
                || p.contains("desktop.ini")
                || p.contains("~$")
                || p.contains("macosx")
        })
        .collect();
    assert!(leaked.is_empty(), "published: {leaked:?}");
}
