//! Hostile and unlucky input that must not leak a script, reach outside the site, or
//! write a file that is not what it claims to be: script addresses in front matter,
//! a theme named by a path, control characters in titles, pathological markdown.

mod common;
use common::*;

/// The `good` fixture with `placebook.yaml` ending in `extra`.
fn good_with_config(extra: &str) -> Site {
    let site = fixture("good");
    let config = std::fs::read_to_string(site.root.join("placebook.yaml")).unwrap();
    site.write("placebook.yaml", format!("{config}{extra}"));
    site
}

const SCRIPT_SOURCE: &str = "---\ntitle: Delta\nplace: Delta\nsummary: S.\nsources:\n  - {title: Report, url: \"javascript:alert(1)\"}\n  - {title: Data, url: \"data:text/html,<script>alert(1)</script>\"}\n  - {title: Real, url: \"https://example.org/real\"}\n---\n\nText.\n";

#[test]
fn with_sanitize_a_script_address_in_front_matter_never_becomes_a_link() {
    let site = good_with_config("sanitize: true\n");
    site.write("content/case-studies/delta.md", SCRIPT_SOURCE);
    let o = build(&site.root, &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert_eq!(err.matches("warning[unsafe-url]").count(), 2, "{err}");
    for page in ["case-studies/delta/index.html", "print/index.html"] {
        let doc = html(&site.out().join(page));
        let mut hrefs = attrs(&doc, "a[href]", "href");
        hrefs.extend(attrs(&doc, "img[src]", "src"));
        assert!(
            !hrefs.iter().any(|h| !placebook::markdown::is_safe_url(h)),
            "{page}: {hrefs:?}"
        );
        assert!(
            hrefs.iter().any(|h| h == "https://example.org/real"),
            "{page}"
        );
        let sources = texts(&doc, "ol.sources li");
        assert!(
            sources.iter().any(|t| t.starts_with("Report")),
            "{page}: {sources:?}"
        );
    }
}

#[test]
fn without_sanitize_a_script_address_in_front_matter_is_still_a_warning() {
    let site = fixture("good");
    site.write("content/case-studies/delta.md", SCRIPT_SOURCE);
    let o = build(&site.root, &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("content/case-studies/delta.md:6:"), "{err}");
    assert_eq!(err.matches("warning[unsafe-url]").count(), 2, "{err}");
}

#[test]
fn a_theme_is_named_by_its_folder_never_by_a_path() {
    for theme in ["/etc", "../..", "..", "themes/x", "C:\\\\themes"] {
        let site = good_with_config(&format!("theme: \"{theme}\"\n"));
        let out = site.root.join("out");
        let o = build(&site.root, &["--output", out.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{theme}: {err}");
        assert!(
            err.contains("is not the name of a folder under themes/"),
            "{theme}: {err}"
        );
        assert!(!out.exists(), "{theme}: something was written");
    }
}

#[test]
fn feeds_and_sitemaps_are_well_formed_whatever_a_title_holds() {
    let site = good_with_config("base_url: https://example.org/p/\n");
    site.write(
        "content/case-studies/odd.md",
        "---\ntitle: \"Odd \\u0001 \\u000B \\uFFFE title <&> \\\"quoted\\\"\"\nplace: Odd\nsummary: \"Bell \\u0007 here\"\n---\n\nText.\n",
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    for file in ["atom.xml", "sitemap.xml"] {
        let text = std::fs::read_to_string(site.out().join(file)).unwrap();
        if let Err(e) = roxmltree::Document::parse(&text) {
            panic!("{file} is not well-formed XML: {e}\n{text}");
        }
    }
    let atom = std::fs::read_to_string(site.out().join("atom.xml")).unwrap();
    assert!(atom.contains("title &lt;&amp;&gt;"), "{atom}");
}

#[test]
fn many_equal_headings_get_unique_ids() {
    let site = fixture("good");
    let body = "## Notes\n\nText.\n\n".repeat(20_000);
    site.write(
        "content/notes.md",
        format!("---\ntitle: Notes\n---\n\n{body}"),
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = html(&site.out().join("notes/index.html"));
    let ids = attrs(&doc, "[id]", "id");
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids repeat");
    assert!(
        ids.iter().any(|i| i == "notes-19999"),
        "the last heading's id"
    );
}

#[test]
fn text_nested_past_the_limit_is_one_located_error() {
    for (shape, body) in [
        ("quotes", ">".repeat(100_000)),
        (
            "lists",
            (0..500)
                .map(|i| format!("{}- x\n", "  ".repeat(i)))
                .collect(),
        ),
    ] {
        let site = good_with_config("sanitize: true\n");
        site.write(
            "content/deep.md",
            format!("---\ntitle: Deep\n---\n\n{body}\n"),
        );
        let o = placebook()
            .args(["check", "--format", "json", "--root"])
            .arg(&site.root)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(v["errors"], 1, "{shape}: {v:#}");
        let d = &v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["severity"] == "error")
            .unwrap()
            .clone();
        assert_eq!(d["code"], "too-deep", "{shape}");
        assert_eq!(d["file"], "content/deep.md", "{shape}");
    }
}

#[test]
fn a_template_that_would_loop_for_ever_is_one_located_error() {
    let site = fixture("good");
    let base = placebook::theme::default_template("partials/toc.html").unwrap();
    site.write(
        "themes/default/templates/partials/toc.html",
        format!("{base}\n{{% for i in range(end=100000) %}}{{% for j in range(end=100000) %}}.{{% endfor %}}{{% endfor %}}\n"),
    );
    let out = site.root.join("out");
    let o = build(&site.root, &["--output", out.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error[template-render]"), "{err}");
    assert!(err.contains("numbers one page may use"), "{err}");
    assert!(
        err.contains("themes/default/templates/partials/toc.html:"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn a_template_may_still_count_with_range() {
    let site = fixture("good");
    let base = placebook::theme::default_template("partials/toc.html").unwrap();
    site.write(
        "themes/default/templates/partials/toc.html",
        format!("{base}\n<p class=\"count\">{{% for i in range(start=1, end=4) %}}{{{{ i }}}}{{% endfor %}}</p>\n"),
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page =
        std::fs::read_to_string(site.out().join("case-studies/alpha-town/index.html")).unwrap();
    assert!(
        page.contains("<p class=\"count\">123</p>"),
        "the partial is not on this page"
    );
}
