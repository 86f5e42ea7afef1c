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
    let patterns: Vec<&str> = rules.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(patterns, ["/pb/*", "/pb/assets/*"]);
    let every_file: Vec<&str> = rules[0].1.iter().map(|(n, _)| n.as_str()).collect();
    for name in [
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Referrer-Policy",
    ] {
        assert!(every_file.contains(&name), "{name}: {every_file:?}");
    }
    let caches: Vec<&(String, String)> = rules
        .iter()
        .flat_map(|(_, h)| h)
        .filter(|(n, _)| n == "Cache-Control")
        .collect();
    assert_eq!(
        caches,
        [&("Cache-Control".to_owned(), "public, max-age=300".to_owned())],
        "only assets get a cache rule (pages keep the hosts' revalidating default)"
    );
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
    let patterns: Vec<String> = header_rules(&out).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        patterns,
        ["/playbook/*", "/playbook/assets/*", "/playbook/cy/assets/*"]
    );
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
