//! Long listings split into pages (issue 25): a generated playbook of 250 case studies,
//! more than `paginate:`'s default of 100, built once. Every page stays small, every
//! listed page is reachable from a listing's first page by links alone, no link is
//! broken, the pagination shows page numbers with Previous and Next, and the sitemap
//! lists every page.

mod common;

use common::{build, empty_site, html};
use scraper::{Html, Selector};
use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

const CASES: usize = 250;
const BLOCKS: usize = 3;
const LIMIT: u64 = 1_000_000;

/// A playbook of `CASES` case studies, each showing every block and tagged `shared`.
fn write_playbook(root: &Path, config_extra: &str) {
    let write = |path: &str, text: String| {
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    };
    write(
        "placebook.yaml",
        format!("title: Big playbook\ntaxonomies: [tags]\n{config_extra}"),
    );
    write(
        "content/index.md",
        "---\ntitle: Home\n---\n\nHello.\n".into(),
    );
    for b in 1..=BLOCKS {
        write(
            &format!("content/building-blocks/block-{b}.md"),
            format!("---\ntitle: Block {b}\nnumber: {b}\nsummary: Block {b}.\n---\n\nA block.\n"),
        );
    }
    let blocks: Vec<String> = (1..=BLOCKS).map(|b| format!("block-{b}")).collect();
    for n in 1..=CASES {
        write(
            &format!("content/case-studies/place-{n:03}.md"),
            format!(
                "---\ntitle: Place {n:03}\nplace: Town {n}\nsummary: Case study number {n}.\nbuilding_blocks: [{}]\ntags: [shared]\n---\n\nText.\n",
                blocks.join(", ")
            ),
        );
    }
}

/// The built site, with its output folder.
struct Built {
    _site: common::Site,
    out: PathBuf,
}

fn built() -> &'static Built {
    static BUILT: std::sync::OnceLock<Built> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let site = empty_site();
        write_playbook(&site.root, "");
        let out = site.root.join("public");
        let o = build(&site.root, &["--base-url", "https://example.org/"]);
        assert!(o.status.success(), "{}", common::stderr(&o));
        Built { _site: site, out }
    })
}

/// Every HTML file of the output, from its root.
fn html_files(out: &Path) -> Vec<String> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// The site files that the links of `page` (a file of the output) lead to, without
/// fragments, and only those inside the site.
fn links(out: &Path, page: &str, selector: &str) -> Vec<String> {
    let doc = html(&out.join(page));
    let sel = Selector::parse(selector).unwrap();
    let dir = Path::new(page).parent().unwrap_or(Path::new(""));
    doc.select(&sel)
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| !h.contains("://") && !h.starts_with('#') && !h.starts_with("mailto:"))
        .filter_map(|h| resolve(dir, h.split('#').next().unwrap_or_default()))
        .collect()
}

/// `href` from folder `dir`, as a file from the site's root (`None` above the root).
fn resolve(dir: &Path, href: &str) -> Option<String> {
    let mut parts: Vec<String> = dir
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for segment in href.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(percent_decode(s)),
        }
    }
    let mut path = parts.join("/");
    if href.ends_with('/') || path.is_empty() {
        path.push_str(if path.is_empty() {
            "index.html"
        } else {
            "/index.html"
        });
    }
    Some(path)
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Every page reached from `start` by following the links `follow` selects, and the
/// links `collect` selects on those pages.
fn crawl(out: &Path, start: &str, follow: &str, collect: &str) -> (Vec<String>, BTreeSet<String>) {
    let mut seen = vec![start.to_owned()];
    let mut queue = VecDeque::from([start.to_owned()]);
    let mut found = BTreeSet::new();
    while let Some(page) = queue.pop_front() {
        found.extend(links(out, &page, collect));
        for next in links(out, &page, follow) {
            if !seen.contains(&next) {
                seen.push(next.clone());
                queue.push_back(next);
            }
        }
    }
    (seen, found)
}

fn all_cases() -> BTreeSet<String> {
    (1..=CASES)
        .map(|n| format!("case-studies/place-{n:03}/index.html"))
        .collect()
}

#[test]
fn every_page_is_under_a_megabyte_and_shows_at_most_a_page_of_items() {
    let b = built();
    for page in html_files(&b.out) {
        if page.starts_with("print/") {
            continue; // the printable playbook is one page by design
        }
        let size = std::fs::metadata(b.out.join(&page)).unwrap().len();
        assert!(size < LIMIT, "{page} is {size} bytes");
        let cards = html(&b.out.join(&page))
            .select(&Selector::parse(".card").unwrap())
            .count();
        assert!(cards <= 100, "{page} shows {cards} cards");
    }
}

#[test]
fn every_listed_page_is_reachable_from_the_first_page_by_links() {
    let b = built();
    let pager = "nav.pagination a";
    let listings = [
        ("case-studies/index.html", ".card__title a", 3),
        ("tags/shared/index.html", ".card__title a", 3),
        ("matrix/index.html", "tbody th[scope=row] a", 3),
        (
            "building-blocks/block-2/case-studies/index.html",
            ".card__title a",
            3,
        ),
    ];
    for (start, items, pages) in listings {
        let (seen, found) = crawl(&b.out, start, pager, items);
        assert_eq!(seen.len(), pages, "{start}: {seen:?}");
        assert_eq!(found, all_cases(), "{start}");
    }
    let (_, found) = crawl(&b.out, "a-z/index.html", pager, ".az-list a");
    assert!(found.is_superset(&all_cases()));
    let block = links(
        &b.out,
        "building-blocks/block-2/index.html",
        ".page-section a",
    );
    assert!(
        block.contains(&"building-blocks/block-2/case-studies/index.html".to_owned()),
        "the block links to all its case studies: {block:?}"
    );
}

#[test]
fn no_link_in_the_site_is_broken() {
    let b = built();
    for page in html_files(&b.out) {
        for target in links(&b.out, &page, "a[href]") {
            assert!(b.out.join(&target).is_file(), "{page} links to {target}");
        }
    }
}

#[test]
fn the_pagination_shows_numbers_previous_and_next() {
    let b = built();
    let doc: Html = html(&b.out.join("case-studies/page/2/index.html"));
    let text = |sel: &str| -> Vec<String> {
        doc.select(&Selector::parse(sel).unwrap())
            .map(|e| e.text().collect::<String>().trim().to_owned())
            .collect()
    };
    assert_eq!(text("nav.pagination .pagination__item a"), ["1", "2", "3"]);
    assert_eq!(text("nav.pagination a[aria-current=page]"), ["2"]);
    assert_eq!(text("nav.pagination .pagination__prev a"), ["Previous"]);
    assert_eq!(text("nav.pagination .pagination__next a"), ["Next"]);
    let here = "case-studies/page/2/index.html";
    assert_eq!(
        links(&b.out, here, ".pagination__prev a"),
        ["case-studies/index.html"]
    );
    assert_eq!(
        links(&b.out, here, ".pagination__next a"),
        ["case-studies/page/3/index.html"]
    );
    assert_eq!(text("title"), ["Case studies (Page 2 of 3) – Big playbook"]);
    assert_eq!(text("h1"), ["Case studies"]);
    let first = html(&b.out.join("case-studies/index.html"));
    let prev = Selector::parse(".pagination__prev").unwrap();
    assert_eq!(
        first.select(&prev).count(),
        0,
        "no Previous on the first page"
    );
    let lead = Selector::parse(".page-header .lead").unwrap();
    let lead: String = first.select(&lead).next().unwrap().text().collect();
    assert_eq!(
        lead.trim(),
        "250 case studies",
        "the count is of all of them"
    );
}

#[test]
fn the_sitemap_lists_every_page_of_every_listing() {
    let b = built();
    let sitemap = std::fs::read_to_string(b.out.join("sitemap.xml")).unwrap();
    let doc = Html::parse_fragment(&sitemap);
    let locs: BTreeSet<String> = doc
        .select(&Selector::parse("loc").unwrap())
        .map(|l| l.text().collect())
        .collect();
    for page in html_files(&b.out) {
        let Some(folder) = page.strip_suffix("index.html") else {
            continue;
        };
        if folder.contains("page/") || folder.ends_with("case-studies/") {
            let url = format!("https://example.org/{folder}");
            assert!(locs.contains(&url), "{url} is not in the sitemap");
        }
    }
}

#[test]
fn links_written_to_the_new_pages_resolve_and_links_past_them_do_not() {
    let site = empty_site();
    write_playbook(&site.root, "");
    let home = "---\ntitle: Home\n---\n\n[Page 3](/case-studies/page/3/), \
        [block 2's second page](/building-blocks/block-2/case-studies/page/2/), \
        [the matrix's third](/matrix/page/3/) and [tags](/tags/shared/page/2/).\n";
    std::fs::write(site.root.join("content/index.md"), home).unwrap();
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(
        !common::stderr(&o).contains("broken"),
        "{}",
        common::stderr(&o)
    );
    let past = "---\ntitle: Home\n---\n\n[Page 4](/case-studies/page/4/).\n";
    std::fs::write(site.root.join("content/index.md"), past).unwrap();
    let o = build(&site.root, &[]);
    assert!(
        !o.status.success(),
        "page 4 of 3 is not an address of the site"
    );
}

#[test]
fn a_welsh_site_gets_its_own_pages_in_welsh() {
    let site = empty_site();
    write_playbook(
        &site.root,
        "languages:\n  - code: en-GB\n  - code: cy\n    title: Llyfr mawr\n",
    );
    for b in 1..=BLOCKS {
        let text = format!("---\ntitle: Bloc {b}\nnumber: {b}\nsummary: Bloc {b}.\n---\n\nBloc.\n");
        let file = site
            .root
            .join(format!("content/building-blocks/block-{b}.cy.md"));
        std::fs::write(file, text).unwrap();
    }
    for n in 1..=CASES {
        let text = format!(
            "---\ntitle: Lle {n:03}\nplace: Tref {n}\nsummary: Astudiaeth {n}.\nbuilding_blocks: [block-1]\n---\n\nTestun.\n"
        );
        let file = site
            .root
            .join(format!("content/case-studies/place-{n:03}.cy.md"));
        std::fs::write(file, text).unwrap();
    }
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let out = site.root.join("public");
    let page = "cy/case-studies/page/3/index.html";
    let doc = html(&out.join(page));
    let label: Vec<&str> = doc
        .select(&Selector::parse("nav.pagination").unwrap())
        .filter_map(|n| n.value().attr("aria-label"))
        .collect();
    assert_eq!(label, ["Tudaleniad"]);
    let prev: String = doc
        .select(&Selector::parse(".pagination__prev a").unwrap())
        .flat_map(|a| a.text())
        .collect();
    assert_eq!(prev, "Blaenorol");
    assert_eq!(
        links(&out, page, ".pagination__prev a"),
        ["cy/case-studies/page/2/index.html"]
    );
    assert!(out.join("case-studies/page/3/index.html").is_file());
}

/// The matrix's rows run through every case-study collection in turn, so a page of it
/// may end one collection's table and start the next: each case study is a row on
/// exactly one page, in order.
#[test]
fn a_split_matrix_shows_each_case_study_once_across_two_collections() {
    let site = empty_site();
    write_playbook(
        &site.root,
        "paginate: 40\ncollections:\n  building-blocks: { kind: building-block, sort_by: number }\n  case-studies: { kind: case-study, sort_by: title }\n  stories: { kind: case-study, title: Stories, sort_by: title }\n",
    );
    for n in 1..=30 {
        let text = format!(
            "---\ntitle: Story {n:02}\nplace: Village {n}\nsummary: Story {n}.\nbuilding_blocks: [block-1]\n---\n\nText.\n"
        );
        let file = site.root.join(format!("content/stories/story-{n:02}.md"));
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let out = site.root.join("public");
    let pages = (CASES + 30).div_ceil(40);
    let rows: Vec<String> = (1..=pages)
        .flat_map(|n| {
            let page = match n {
                1 => "matrix/index.html".to_owned(),
                n => format!("matrix/page/{n}/index.html"),
            };
            let shown = links(&out, &page, "tbody th[scope=row] a");
            assert!(shown.len() <= 40, "{page} shows {} rows", shown.len());
            shown
        })
        .collect();
    let mut want: Vec<String> = (1..=CASES)
        .map(|n| format!("case-studies/place-{n:03}/index.html"))
        .collect();
    want.extend((1..=30).map(|n| format!("stories/story-{n:02}/index.html")));
    assert_eq!(rows, want);
}

#[test]
fn the_home_page_shows_a_few_of_a_long_section_and_counts_them_all() {
    let b = built();
    let doc = html(&b.out.join("index.html"));
    let section = Selector::parse("#pb-section-case-studies").unwrap();
    assert_eq!(doc.select(&section).count(), 1, "a case-study section");
    let cards = Selector::parse("section[aria-labelledby=pb-section-case-studies] h3 a").unwrap();
    let shown: Vec<String> = doc
        .select(&cards)
        .map(|a| a.text().collect::<String>().trim().to_owned())
        .collect();
    let first: Vec<String> = (1..=12).map(|n| format!("Place {n:03}")).collect();
    assert_eq!(shown, first, "the first 12 of the section's order");
    let all = Selector::parse("section[aria-labelledby=pb-section-case-studies] p a").unwrap();
    let text: Vec<String> = doc
        .select(&all)
        .map(|a| a.text().collect::<String>().trim().to_owned())
        .collect();
    assert_eq!(
        text,
        ["All 250 case studies"],
        "the count is of all of them"
    );
}
