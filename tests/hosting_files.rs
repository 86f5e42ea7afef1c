//! The files that tell Netlify and Cloudflare Pages how to serve a published site:
//! `_headers` (security headers, a short cache for the theme's assets) and `_redirects`
//! (one `from to 301` line per page alias), read back line by line as the hosts read
//! them.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

/// `_headers` as (path pattern, [(name, value)]) rules.
fn header_rules(out: &Path) -> Vec<(String, Vec<(String, String)>)> {
    let text = std::fs::read_to_string(out.join("_headers")).unwrap();
    let mut rules: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        match line.strip_prefix("  ") {
            Some(header) => {
                let (name, value) = header.split_once(": ").expect("`name: value`");
                let rule = rules.last_mut().expect("a header under a path");
                rule.1.push((name.to_owned(), value.to_owned()));
            }
            None => {
                assert!(line.starts_with('/'), "a path starts a rule: {line}");
                rules.push((line.to_owned(), Vec::new()));
            }
        }
    }
    rules
}

/// `_redirects` as (from, to, status) lines.
fn redirects(out: &Path) -> BTreeSet<(String, String, String)> {
    let text = std::fs::read_to_string(out.join("_redirects")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(f.len(), 3, "from, to and status: {l}");
            (f[0].to_owned(), f[1].to_owned(), f[2].to_owned())
        })
        .collect()
}

/// Checks the cache rules of the site (or language) at `base` of `out`: every file of
/// its `assets/` has exactly one rule, a year for a content-named file (whose name
/// changes with its bytes) and a few minutes for a plain name; nothing else gets a
/// cache rule, and no file matches two.
fn assert_asset_caching(out: &Path, rules: &[(String, Vec<(String, String)>)], base: &str) {
    let folder = out.join(
        base.trim_start_matches("/pb/")
            .trim_start_matches("/playbook/"),
    );
    let mut assets = 0;
    for entry in std::fs::read_dir(folder.join("assets")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let path = format!("{base}assets/{name}");
        let caches: Vec<&String> = rules
            .iter()
            .filter(|(p, _)| {
                *p == path || (p.ends_with('*') && path.starts_with(&p[..p.len() - 1]))
            })
            .flat_map(|(_, h)| h)
            .filter(|(n, _)| n == "Cache-Control")
            .map(|(_, v)| v)
            .collect();
        let parts: Vec<&str> = name.split('.').collect();
        let hashed = parts.len() == 3 && parts[1].len() == 8;
        let expected = if hashed {
            "public, max-age=31536000, immutable"
        } else {
            "public, max-age=300"
        };
        assert_eq!(caches, [expected], "{path}");
        assets += 1;
    }
    assert!(
        assets >= 10,
        "the theme's assets, each under two names: {assets}"
    );
    let cached = rules
        .iter()
        .filter(|(_, h)| h.iter().any(|(n, _)| n == "Cache-Control"))
        .filter(|(p, _)| {
            p.starts_with(&format!("{base}assets/")) && !p[base.len() + 7..].contains('/')
        })
        .count();
    assert_eq!(
        cached, assets,
        "one rule per file of {base}assets/, and none for a file not there"
    );
}

/// The search index's folder at `base` is kept a year, and every file in it is named
/// by a hash (so a new build cannot meet an old file of the same name); the search
/// page itself keeps the hosts' revalidating default.
fn assert_search_caching(out: &Path, rules: &[(String, Vec<(String, String)>)], base: &str) {
    let rule = rules
        .iter()
        .find(|(p, _)| *p == format!("{base}search/data/*"))
        .unwrap_or_else(|| panic!("a rule for {base}search/data/*: {rules:?}"));
    assert_eq!(
        rule.1,
        [(
            "Cache-Control".to_owned(),
            "public, max-age=31536000, immutable".to_owned()
        )]
    );
    let folder = out.join(
        base.trim_start_matches("/pb/")
            .trim_start_matches("/playbook/"),
    );
    let mut files = 0;
    for entry in std::fs::read_dir(folder.join("search/data")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let stem = name.strip_suffix(".js").unwrap_or_else(|| panic!("{name}"));
        let hash = stem.rsplit('-').next().unwrap();
        assert!(
            hash.len() >= 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
            "{name} is named by its content"
        );
        files += 1;
    }
    assert!(files > 3, "{files}");
    assert!(
        !rules
            .iter()
            .any(|(p, _)| *p == format!("{base}search/*")
                || *p == format!("{base}search/index.html")),
        "the search page is not cached"
    );
}

#[test]
fn a_changed_stylesheet_gets_a_new_name_that_every_page_uses() {
    let site = fixture("good");
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = site.out();
    let stylesheet = |page: &str| attrs(&html(&out.join(page)), "link[rel=stylesheet]", "href");
    let before = stylesheet("index.html").concat();
    assert!(is_content_named(&before, "", "placebook.css"), "{before}");
    assert_eq!(
        std::fs::read(out.join(&before)).unwrap(),
        std::fs::read(out.join("assets/placebook.css")).unwrap(),
        "the content-named copy is the stylesheet"
    );
    let theme_css = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/assets/placebook.css"),
    )
    .unwrap();
    site.write(
        "static/assets/placebook.css",
        format!("{theme_css}\nmain {{ color: #000; }}\n"),
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let after = stylesheet("index.html").concat();
    assert!(is_content_named(&after, "", "placebook.css"), "{after}");
    assert_ne!(after, before, "new bytes, new name");
    assert!(!out.join(&before).exists(), "the old copy is removed");
    assert!(
        std::fs::read_to_string(out.join(&after))
            .unwrap()
            .ends_with("main { color: #000; }\n")
    );
    let about = stylesheet("about/index.html").concat();
    assert_eq!(about, format!("../{after}"), "every page names the new one");
    let (checked, broken) = broken_links(&out);
    assert!(checked > 0 && broken.is_empty(), "{broken:?}");
}

fn line(from: &str, to: &str) -> (String, String, String) {
    (from.to_owned(), to.to_owned(), "301".to_owned())
}

#[test]
fn a_published_site_says_how_to_serve_it_and_redirects_every_alias() {
    let site = fixture("good");
    let o = build(&site.root, &["--base-url", "https://example.org/pb/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = site.out();

    let rules = header_rules(&out);
    assert_eq!(rules[0].0, "/pb/*");
    let every_file: Vec<&str> = rules[0].1.iter().map(|(n, _)| n.as_str()).collect();
    for name in [
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Referrer-Policy",
    ] {
        assert!(every_file.contains(&name), "{name}: {every_file:?}");
    }
    assert_asset_caching(&out, &rules, "/pb/");
    assert_search_caching(&out, &rules, "/pb/");
    assert!(out.join("assets/placebook.css").is_file());

    assert_eq!(
        redirects(&out),
        BTreeSet::from([
            line("/pb/old-about/", "/pb/about/"),
            line("/pb/info.html", "/pb/about/"),
        ])
    );
    for (from, _, _) in redirects(&out) {
        let file = from.strip_prefix("/pb/").unwrap();
        let file = if file.ends_with('/') {
            format!("{file}index.html")
        } else {
            file.to_owned()
        };
        assert!(
            out.join(&file).is_file(),
            "the forwarding page at {file} is still written"
        );
    }
}

#[test]
fn a_review_copy_writes_neither_file_and_a_playbooks_own_file_wins() {
    let site = fixture("good");
    let o = build(&site.root, &["--drafts"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!site.out().join("_headers").exists());
    assert!(!site.out().join("_redirects").exists());

    site.write("static/_headers", "/*\n  X-Own: yes\n");
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(site.out().join("_headers")).unwrap(),
        "/*\n  X-Own: yes\n"
    );
    assert!(site.out().join("_redirects").is_file());
}

#[test]
fn a_playbook_in_two_languages_has_one_file_of_each_at_the_top() {
    let site = fixture("bilingual");
    site.edit("content/case-studies/cardiff.cy.md", |t| {
        t.replacen(
            "slug: caerdydd\n",
            "slug: caerdydd\naliases: [hen-gaerdydd/]\n",
            1,
        )
    });
    site.edit("content/case-studies/cardiff.md", |t| {
        t.replacen("---\n", "---\naliases: [old-cardiff/]\n", 1)
    });
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = site.out();
    assert!(!out.join("cy/_headers").exists() && !out.join("cy/_redirects").exists());
    let rules = header_rules(&out);
    assert_eq!(rules[0].0, "/playbook/*");
    assert_asset_caching(&out, &rules, "/playbook/");
    assert_asset_caching(&out, &rules, "/playbook/cy/");
    assert_search_caching(&out, &rules, "/playbook/");
    assert_search_caching(&out, &rules, "/playbook/cy/");
    assert!(
        out.join("cy/assets/placebook.css").is_file() || out.join("assets/placebook.css").is_file()
    );
    assert_eq!(
        redirects(&out),
        BTreeSet::from([
            line("/playbook/old-cardiff/", "/playbook/case-studies/cardiff/"),
            line(
                "/playbook/cy/hen-gaerdydd/",
                "/playbook/cy/case-studies/caerdydd/"
            ),
        ])
    );
}
