//! A playbook in English and Welsh (`tests/fixtures/bilingual`), read back as parsed
//! HTML and XML: the Welsh site under `cy/`, the language switch going to the page's
//! counterpart (or the other language's home page), `hreflang` links with `x-default`,
//! one sitemap listing alternates, Welsh words on Welsh pages, the Welsh diagnostic and
//! search index; and each pairing mistake as exactly one error, the output untouched.

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// The fixture built into its `public/`.
fn built() -> Site {
    let site = fixture("bilingual");
    let o = build(&site.root, &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    // The one page without a Welsh version is the one warning.
    assert_eq!(err.matches("warning[").count(), 1, "{err}");
    assert!(
        err.contains("warning[missing-translation]: this page has no cy version"),
        "{err}"
    );
    assert_eq!(locations(&err), ["content/case-studies/leeds.md"], "{err}");
    site
}

/// The file a relative link `href` on the page at `page` (from `out`) leads to.
fn follow(out: &Path, page: &str, href: &str) -> PathBuf {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    out.join(parts.join("/"))
}

/// The language switch's links on a page: (code, href), the current language without one.
fn switch(out: &Path, page: &str) -> Vec<(String, Option<String>)> {
    let doc = html(&out.join(page));
    let sel = scraper::Selector::parse("nav.language-switch li > *").unwrap();
    doc.select(&sel)
        .map(|e| {
            let code = e.value().attr("lang").unwrap_or_default().to_owned();
            (code, e.value().attr("href").map(str::to_owned))
        })
        .collect()
}

#[test]
fn the_switch_goes_to_the_counterpart_and_back() {
    let site = built();
    let out = site.out();
    let en = "case-studies/cardiff/index.html";
    let cy = "cy/case-studies/caerdydd/index.html";
    let links = switch(&out, en);
    assert_eq!(links.len(), 2, "{links:?}");
    assert_eq!(links[0], ("en-GB".into(), None));
    let to_cy = links[1].1.as_deref().expect("a link to the Welsh page");
    assert_eq!(follow(&out, en, to_cy), out.join(cy));
    let back = switch(&out, cy);
    assert_eq!(back[1], ("cy".into(), None));
    assert_eq!(
        follow(&out, cy, back[0].1.as_deref().unwrap()),
        out.join(en)
    );
    // A listing goes to the same listing, and a page with no Welsh version to the Welsh
    // home page.
    let listing = switch(&out, "building-blocks/index.html");
    assert_eq!(
        follow(
            &out,
            "building-blocks/index.html",
            listing[1].1.as_deref().unwrap()
        ),
        out.join("cy/building-blocks/index.html")
    );
    let leeds = "case-studies/leeds/index.html";
    let untranslated = switch(&out, leeds);
    assert_eq!(
        follow(&out, leeds, untranslated[1].1.as_deref().unwrap()),
        out.join("cy/index.html")
    );
    // Every page of both sites has the switch, and each of its links leads to a file.
    for entry in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry
            .path()
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !rel.ends_with(".html") || rel.ends_with("404.html") || rel.starts_with("admin/") {
            continue;
        }
        let links = switch(&out, &rel);
        assert_eq!(links.len(), 2, "{rel}: {links:?}");
        for (code, href) in links.iter().filter_map(|(c, h)| Some((c, h.as_ref()?))) {
            assert!(follow(&out, &rel, href).is_file(), "{rel}: {code} {href}");
        }
    }
}

#[test]
fn pages_name_their_alternates_with_x_default() {
    let site = built();
    let out = site.out();
    let base = "https://example.org/playbook/";
    let expected = vec![
        (
            "x-default".to_owned(),
            format!("{base}case-studies/cardiff/"),
        ),
        ("en-GB".to_owned(), format!("{base}case-studies/cardiff/")),
        ("cy".to_owned(), format!("{base}cy/case-studies/caerdydd/")),
    ];
    for page in [
        "case-studies/cardiff/index.html",
        "cy/case-studies/caerdydd/index.html",
    ] {
        let doc = html(&out.join(page));
        let langs = attrs(&doc, "link[rel=alternate][hreflang]", "hreflang");
        let hrefs = attrs(&doc, "link[rel=alternate][hreflang]", "href");
        let found: Vec<(String, String)> = langs.into_iter().zip(hrefs).collect();
        assert_eq!(found, expected, "{page}");
    }
    let leeds = html(&out.join("case-studies/leeds/index.html"));
    assert_eq!(
        attrs(&leeds, "link[rel=alternate][hreflang]", "hreflang"),
        ["x-default", "en-GB"]
    );
}

#[test]
fn one_sitemap_lists_every_language_with_alternates() {
    let site = built();
    let out = site.out();
    assert!(!out.join("cy/sitemap.xml").exists());
    assert!(!out.join("cy/robots.txt").exists());
    let text = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let xml = roxmltree::Document::parse(&text).unwrap();
    let xhtml = "http://www.w3.org/1999/xhtml";
    let url = xml
        .descendants()
        .find(|n| {
            n.has_tag_name("loc")
                && n.text() == Some("https://example.org/playbook/cy/case-studies/caerdydd/")
        })
        .and_then(|loc| loc.parent())
        .expect("the Welsh page is in the sitemap");
    let alternates: Vec<(&str, &str)> = url
        .children()
        .filter(|n| n.has_tag_name((xhtml, "link")))
        .map(|n| {
            (
                n.attribute("hreflang").unwrap(),
                n.attribute("href").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        alternates,
        [
            (
                "x-default",
                "https://example.org/playbook/case-studies/cardiff/"
            ),
            (
                "en-GB",
                "https://example.org/playbook/case-studies/cardiff/"
            ),
            (
                "cy",
                "https://example.org/playbook/cy/case-studies/caerdydd/"
            ),
        ]
    );
    let locs = xml.descendants().filter(|n| n.has_tag_name("loc")).count();
    assert!(locs > 20, "{locs}");
}

#[test]
fn welsh_pages_are_in_welsh() {
    let site = built();
    let out = site.out();
    let cy = html(&out.join("cy/case-studies/caerdydd/index.html"));
    assert_eq!(attrs(&cy, "html", "lang"), ["cy"]);
    assert_eq!(texts(&cy, ".skip-link"), ["Neidio i'r prif gynnwys"]);
    assert_eq!(texts(&cy, ".site-title"), ["Llyfr Prawf"]);
    assert!(texts(&cy, ".site-nav a").contains(&"Astudiaethau achos".to_owned()));
    assert_eq!(attrs(&cy, "nav.language-switch", "aria-label"), ["Iaith"]);
    // The Welsh case study names its building block by the English slug, and finds
    // the Welsh block.
    let links = attrs(&cy, "main a", "href");
    assert!(
        links
            .iter()
            .any(|h| h.ends_with("building-blocks/pwrpas-cyffredin/index.html")),
        "{links:?}"
    );
    // A link written to the original goes to its translation, and one to a page
    // with no translation goes to the original.
    let body = "cy/case-studies/caerdydd/index.html";
    let hrefs = attrs(&cy, ".page-body a, main p a", "href");
    let targets: Vec<PathBuf> = hrefs.iter().map(|h| follow(&out, body, h)).collect();
    assert!(
        targets.contains(&out.join("cy/building-blocks/pwrpas-cyffredin/index.html")),
        "{hrefs:?}"
    );
    assert!(
        targets.contains(&out.join("case-studies/leeds/index.html")),
        "{hrefs:?}"
    );
    let en = html(&out.join("case-studies/cardiff/index.html"));
    assert_eq!(attrs(&en, "html", "lang"), ["en-GB"]);
    assert_eq!(texts(&en, ".skip-link"), ["Skip to main content"]);
    // The Welsh diagnostic asks the Welsh block's questions under its Welsh title.
    let diagnostic = html(&out.join("cy/diagnostic/index.html"));
    assert!(texts(&diagnostic, "h1").contains(&"Hunanasesiad".to_owned()));
    let text = texts(&diagnostic, "main").join(" ");
    assert!(
        text.contains("Ydy partneriaid yn disgrifio'r nod yn yr un geiriau?"),
        "{text}"
    );
    assert!(!text.contains("Do partners describe"), "{text}");
    // Its scale is the one `diagnostic_scale` gives, not the site's English one, and the
    // footer names it once ("Hunanasesiad", not "Hunanasesiad: hunanasesiad").
    assert!(
        text.contains("Dim eto") && text.contains("Wedi ymwreiddio"),
        "{text}"
    );
    assert!(
        !text.contains("Not yet") && !text.contains("Embedded"),
        "{text}"
    );
    let footer: Vec<String> = texts(&diagnostic, ".site-footer a")
        .into_iter()
        .filter(|t| t.contains("Hunanasesiad"))
        .collect();
    assert_eq!(footer, ["Hunanasesiad"]);
    // A taxonomy's name is the language's, on its index, its term pages and its pages.
    let region = html(&out.join("cy/region/index.html"));
    assert_eq!(texts(&region, "h1"), ["Rhanbarth"]);
    let term = html(&out.join("cy/region/cymru/index.html"));
    assert_eq!(texts(&term, ".caption"), ["Rhanbarth"]);
    let english_region = html(&out.join("region/index.html"));
    assert_eq!(texts(&english_region, "h1"), ["Region"]);
    // Each language has its own search index, the Welsh one keyed by mutation.
    // Each in its own folder, named by content, so the two never share a file.
    let (welsh_path, _, manifest) = search_manifest(&out.join("cy"));
    assert_eq!(manifest["mutations"], "cy", "{manifest}");
    assert!(welsh_path.starts_with(out.join("cy/search/data")));
    let (_, _, english) = search_manifest(&out);
    assert!(english.get("mutations").is_none());
    let feed = std::fs::read_to_string(out.join("cy/atom.xml")).unwrap();
    assert!(
        feed.contains("Caerdydd") && !feed.contains(">Leeds<"),
        "{feed}"
    );
}

/// Builds the fixture once, then again after `change`; asserts that the second build
/// fails with exactly one error, `code`, in `file`, and leaves the output as it was.
fn one_error(change: impl FnOnce(&Site), code: &str, file: &str) {
    let site = built();
    let before = snapshot(&site.out());
    change(&site);
    let o = build(&site.root, &[]);
    let err = stderr(&o);
    assert!(!o.status.success(), "{err}");
    assert_eq!(err.matches("error[").count(), 1, "{err}");
    assert!(err.contains(&format!("error[{code}]")), "{err}");
    assert!(locations(&err).iter().any(|l| l.starts_with(file)), "{err}");
    assert_eq!(snapshot(&site.out()), before, "the output changed");
}

#[test]
fn a_translation_without_an_original_is_one_error() {
    one_error(
        |s| {
            s.write(
                "content/case-studies/swansea.cy.md",
                "---\ntitle: Abertawe\nplace: Abertawe\nsummary: Lle.\n---\nTestun.\n",
            )
        },
        "translation-without-original",
        "content/case-studies/swansea.cy.md",
    );
}

#[test]
fn two_files_for_one_page_in_one_language_are_one_error() {
    one_error(
        |s| {
            s.write(
                "content/case-studies/cardiff.en.md",
                "---\ntitle: Cardiff again\nplace: Cardiff\nsummary: Again.\n---\nText.\n",
            )
        },
        "duplicate-translation",
        "content/case-studies/cardiff.en.md",
    );
}

#[test]
fn a_language_code_that_is_not_configured_is_one_error() {
    one_error(
        |s| {
            s.write(
                "content/case-studies/cardiff.fr.md",
                "---\ntitle: Cardiff\nplace: Cardiff\nsummary: Une ville.\n---\nTexte.\n",
            )
        },
        "unknown-language",
        "content/case-studies/cardiff.fr.md",
    );
}

#[test]
fn a_playbook_in_one_language_reads_no_language_codes() {
    let site = fixture("good");
    site.write(
        "content/case-studies/delta.cy.md",
        "---\ntitle: Delta\nplace: Delta\nsummary: A place.\n---\nText.\n",
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        site.out()
            .join("case-studies/delta.cy/index.html")
            .is_file()
    );
    assert!(!site.out().join("cy").exists());
}

#[test]
fn require_translations_makes_a_missing_one_an_error() {
    one_error(
        |s| {
            let config = std::fs::read_to_string(s.root.join("placebook.yaml")).unwrap();
            s.write(
                "placebook.yaml",
                format!("{config}require_translations: true\n"),
            );
        },
        "missing-translation",
        "content/case-studies/leeds.md",
    );
}

#[test]
fn a_translation_older_than_its_original_is_a_warning() {
    let site = built();
    for (file, date) in [
        ("cardiff.md", "2026-06-01"),
        ("cardiff.cy.md", "2026-01-15"),
    ] {
        let path = format!("content/case-studies/{file}");
        let text = std::fs::read_to_string(site.root.join(&path)).unwrap();
        site.write(
            &path,
            text.replacen("---\n", &format!("---\nupdated: {date}\n"), 1),
        );
    }
    let o = build(&site.root, &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("warning[translation-out-of-date]: the cy page may be out of date: this page was updated on 2026-06-01, content/case-studies/cardiff.cy.md on 2026-01-15"),
        "{err}"
    );
    assert!(
        locations(&err).contains(&"content/case-studies/cardiff.md".to_owned()),
        "{err}"
    );
    // `check` reports it too.
    let o = placebook()
        .args(["check", "--root", site.root.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        stderr(&o).contains("translation-out-of-date"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn translate_writes_the_counterpart_ready_to_translate() {
    let site = built();
    let run = |args: &[&str]| {
        placebook()
            .args(["translate", "--root", site.root.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap()
    };
    let o = run(&["content/case-studies/leeds.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(site.root.join("content/case-studies/leeds.cy.md")).unwrap();
    assert!(
        text.starts_with("---\ntitle: \"TODO: Leeds\"\nplace: Leeds\n"),
        "{text}"
    );
    assert!(
        text.contains("summary: \"TODO: Leeds has no Welsh page yet.\""),
        "{text}"
    );
    assert!(
        text.contains("tags: [community]") && text.ends_with("Leeds text.\n"),
        "{text}"
    );
    // It builds, pairs with the original (the missing-translation warning is gone), and
    // its placeholders are listed until they are translated.
    let o = build(&site.root, &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("missing-translation"), "{err}");
    assert_eq!(err.matches("warning[placeholder]").count(), 2, "{err}");
    let links = switch(&site.out(), "case-studies/leeds/index.html");
    let href = links[1].1.as_deref().unwrap();
    assert_eq!(
        follow(&site.out(), "case-studies/leeds/index.html", href),
        site.out().join("cy/case-studies/leeds/index.html")
    );
    // It never replaces a file, and names the languages it can translate into.
    assert!(!run(&["content/case-studies/leeds.md"]).status.success());
    let o = run(&["content/case-studies/cardiff.md", "--lang", "fr"]);
    assert!(
        !o.status.success() && stderr(&o).contains("use one of: cy"),
        "{}",
        stderr(&o)
    );
    let o = run(&["content/case-studies/cardiff.cy.md"]);
    assert!(
        stderr(&o).contains("already a translation"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_link_to_the_other_languages_page_is_one_warning_and_still_works() {
    let site = built();
    let file = "content/case-studies/cardiff.md";
    let text = std::fs::read_to_string(site.root.join(file)).unwrap();
    site.write(
        file,
        format!("{text}\nSee [the Welsh page](cardiff.cy.md) and [Leeds](leeds.md).\n"),
    );
    let o = build(&site.root, &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert_eq!(
        err.matches("warning[other-language-link]").count(),
        1,
        "{err}"
    );
    let line = text.lines().count() + 2;
    assert!(
        locations(&err).contains(&format!("{file}:{line}:22")),
        "{err}"
    );
    assert!(err.contains("link to `cardiff.md`"), "{err}");
    let page = "case-studies/cardiff/index.html";
    let doc = html(&site.out().join(page));
    let hrefs = attrs(&doc, "main a", "href");
    let welsh = hrefs
        .iter()
        .find(|h| h.contains("caerdydd"))
        .unwrap_or_else(|| panic!("{hrefs:?}"));
    let target = follow(&site.out(), page, welsh);
    assert_eq!(
        target,
        site.out().join("cy/case-studies/caerdydd/index.html")
    );
    // `check` names it too, and links within one language are not named.
    let o = placebook()
        .args(["check", "--root", site.root.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        stderr(&o).matches("other-language-link").count(),
        1,
        "{}",
        stderr(&o)
    );
}

#[test]
fn without_base_url_the_welsh_404_links_into_the_welsh_site() {
    let site = fixture("bilingual");
    let config = std::fs::read_to_string(site.root.join("placebook.yaml")).unwrap();
    let without: String = config
        .lines()
        .filter(|l| !l.starts_with("base_url:"))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write("placebook.yaml", without);
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = site.out();
    let doc = html(&out.join("cy/404.html"));
    let hrefs = attrs(&doc, "a[href]", "href");
    let nav: Vec<&String> = hrefs.iter().filter(|h| h.ends_with("index.html")).collect();
    assert!(!nav.is_empty(), "{hrefs:?}");
    for h in nav {
        assert!(h.starts_with("/cy/"), "a Welsh 404 link leaves Welsh: {h}");
        assert!(out.join(&h[1..]).is_file(), "{h}");
    }
    let english = switch(&out, "cy/404.html");
    assert!(
        english
            .iter()
            .any(|(code, h)| code == "en-GB" && h.as_deref() == Some("/404.html")),
        "{english:?}"
    );
}

#[test]
fn a_link_to_a_draft_translation_is_a_draft_link_warning() {
    let site = built();
    let welsh = "content/case-studies/cardiff.cy.md";
    let text = std::fs::read_to_string(site.root.join(welsh)).unwrap();
    site.write(welsh, text.replacen("---\n", "---\ndraft: true\n", 1));
    let file = "content/case-studies/leeds.md";
    let text = std::fs::read_to_string(site.root.join(file)).unwrap();
    site.write(file, format!("{text}\nSee [Caerdydd](cardiff.cy.md).\n"));
    let o = build(&site.root, &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    // From the English page, and from the Welsh block that links to it too.
    assert_eq!(err.matches("warning[draft-link]").count(), 2, "{err}");
    let at = locations(&err);
    assert!(at.iter().any(|l| l.starts_with(file)), "{err}");
    assert!(
        !err.contains("broken-link") && !err.contains("other-language-link"),
        "{err}"
    );
    let doc = html(&site.out().join("case-studies/leeds/index.html"));
    assert!(
        !attrs(&doc, "main a", "href")
            .iter()
            .any(|h| h.contains("caerdydd"))
    );
}

#[test]
fn a_welsh_link_to_an_english_draft_is_a_draft_link_warning() {
    let site = built();
    let english = "content/case-studies/leeds.md";
    let text = std::fs::read_to_string(site.root.join(english)).unwrap();
    site.write(english, text.replacen("---\n", "---\ndraft: true\n", 1));
    let o = build(&site.root, &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    // The Welsh Cardiff page links to leeds.md, which has no translation.
    assert_eq!(err.matches("warning[draft-link]").count(), 1, "{err}");
    assert!(
        locations(&err)
            .iter()
            .any(|l| l.starts_with("content/case-studies/cardiff.cy.md")),
        "{err}"
    );
    assert!(!err.contains("broken-link"), "{err}");
}

/// Words of the site that a language's entry leaves out (here the taxonomies' names)
/// show in the first language on its pages: one warning naming them, at placebook.yaml,
/// and the build still succeeds.
#[test]
fn words_a_language_leaves_out_are_one_warning() {
    let site = fixture("bilingual");
    site.edit("placebook.yaml", |t| {
        t.replace("    taxonomies: {tags: Tagiau, region: Rhanbarth}\n", "")
    });
    let o = build(&site.root, &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert_eq!(
        err.matches("warning[missing-translation]").count(),
        2,
        "{err}"
    );
    assert!(
        err.contains("warning[missing-translation]: the cy site shows the taxonomy name `Tags`, the taxonomy name `Region` in the site's first language: placebook.yaml gives no cy version\n --> placebook.yaml"),
        "{err}"
    );
    let term = html(&site.out().join("cy/region/index.html"));
    assert_eq!(texts(&term, "h1"), ["Region"], "what the warning says");
}
