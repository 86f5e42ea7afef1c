//! What a public body must publish: the accessibility statement (`accessibility:`),
//! analytics without cookies and its privacy page (`analytics:`), "Page updates"
//! (`changes:` and `page_history:`), and feedback links on every page, each asserted on
//! the parsed HTML of a real build.
mod common;
use common::{
    Site, attrs, build, fixture, html, locations, placebook, snapshot, stderr, stdout, texts,
};
use serde_json::Value;
use std::process::Command;

/// A statement with every part the model statement asks for.
const STATEMENT: &str = "accessibility:
  organisation: Example Borough Council
  compliance: partial
  email: access@example.gov.uk
  phone: 01234 567890
  reply_days: 10
  issues:
    - text: Some maps have no text alternative.
      criterion: 1.1.1 Non-text content
      fix_by: 2027-03-31
  out_of_scope:
    - PDFs published before 23 September 2018.
  tested: 2026-11-02
  tested_by: the council's digital team
  test_method: We tested every kind of page with a keyboard, a screen reader and axe-core.
  prepared: 2026-11-20
  reviewed: 2026-11-25
";

/// The good fixture with `extra` added to placebook.yaml.
fn with_config(extra: &str) -> Site {
    let site = fixture("good");
    site.edit("placebook.yaml", |c| format!("{c}{extra}"));
    site
}

/// `site` built with `args`, which must succeed.
fn built(site: Site, args: &[&str]) -> Site {
    let o = build(&site.root, args);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    site
}

/// The line of placebook.yaml (1-based) that starts with `key:`.
fn line_of(site: &Site, key: &str) -> usize {
    let text = std::fs::read_to_string(site.root.join("placebook.yaml")).unwrap();
    1 + text
        .lines()
        .position(|l| l.trim_start().starts_with(&format!("{key}:")))
        .unwrap_or_else(|| panic!("no `{key}:` in {text}"))
}

#[test]
fn the_statement_follows_the_model_and_every_page_links_to_it() {
    let site = built(
        with_config(STATEMENT),
        &["--base-url", "https://pb.example.gov.uk/"],
    );
    let doc = html(&site.out().join("accessibility/index.html"));
    assert_eq!(texts(&doc, "h1"), ["Accessibility statement"]);
    assert_eq!(
        texts(&doc, "main h2"),
        [
            "How accessible this website is",
            "Feedback and contact information",
            "Reporting accessibility problems with this website",
            "Enforcement procedure",
            "Technical information about this website’s accessibility",
            "Non-accessible content",
            "Preparation of this accessibility statement",
        ]
    );
    let text = texts(&doc, "main .prose").join(" ");
    for words in [
        "This accessibility statement applies to https://pb.example.gov.uk/.",
        "This website is run by Example Borough Council.",
        "Some maps have no text alternative. This fails WCAG 2.2 success criterion 1.1.1 Non-text content. We plan to fix this by 31 March 2027.",
        "get back to you in 10 working days",
        "call 01234 567890",
        "This website is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard",
        "PDFs published before 23 September 2018.",
        "Equality and Human Rights Commission (EHRC)",
        "This statement was prepared on 20 November 2026. It was last reviewed on 25 November 2026.",
        "This website was last tested on 2 November 2026. The test was carried out by the council's digital team.",
        "We tested every kind of page with a keyboard",
    ] {
        assert!(text.contains(words), "{words:?} not in {text}");
    }
    assert_eq!(
        attrs(&doc, "main a[href^='mailto:']", "href"),
        [
            "mailto:access@example.gov.uk",
            "mailto:access@example.gov.uk"
        ],
        "once for other formats, once for reporting"
    );
    assert_eq!(
        attrs(&doc, ".page-review time", "datetime"),
        ["2027-11-25"],
        "due a year after the last review"
    );
    for page in [
        "index.html",
        "case-studies/beta-city/index.html",
        "search/index.html",
        "accessibility/index.html",
    ] {
        let doc = html(&site.out().join(page));
        let links: Vec<String> = attrs(&doc, ".site-footer a", "href")
            .into_iter()
            .filter(|h| h.ends_with("accessibility/index.html"))
            .collect();
        assert_eq!(links.len(), 1, "{page}");
    }
    let sitemap = std::fs::read_to_string(site.out().join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://pb.example.gov.uk/accessibility/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn northern_ireland_names_its_equality_commission_and_full_compliance_lists_nothing() {
    let statement = STATEMENT
        .replace("compliance: partial", "compliance: full\n  northern_ireland: true")
        .replace("  issues:\n    - text: Some maps have no text alternative.\n      criterion: 1.1.1 Non-text content\n      fix_by: 2027-03-31\n", "");
    let site = built(with_config(&statement), &[]);
    let doc = html(&site.out().join("accessibility/index.html"));
    let text = texts(&doc, "main .prose").join(" ");
    assert!(
        text.contains("Equality Commission for Northern Ireland is responsible"),
        "{text}"
    );
    assert!(!text.contains("EHRC"), "{text}");
    assert!(text.contains("This website is fully compliant"), "{text}");
    assert!(
        text.contains("We are not aware of any part of this website that is not accessible."),
        "{text}"
    );
    assert!(
        !texts(&doc, "main h3")
            .contains(&"Non-compliance with the accessibility regulations".to_owned())
    );
}

#[test]
fn without_a_statement_there_is_no_page_and_the_name_stays_free() {
    let site = fixture("good");
    site.write(
        "content/accessibility.md",
        "---\ntitle: Our own statement\n---\nWritten by hand.\n",
    );
    let site = built(site, &[]);
    let doc = html(&site.out().join("accessibility/index.html"));
    assert_eq!(texts(&doc, "h1"), ["Our own statement"]);
    let home = html(&site.out().join("index.html"));
    assert!(
        texts(&home, ".site-footer a")
            .iter()
            .all(|t| t != "Accessibility statement")
    );
    // With `accessibility:` the address is placebook's, and the page says so once.
    site.edit("placebook.yaml", |c| c + STATEMENT);
    let o = build(&site.root, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("error[reserved-url]: this page's address `accessibility/` is already used"),
        "{err}"
    );
    assert!(err.contains("Build failed with 1 error"), "{err}");
}

#[test]
fn each_missing_part_of_the_statement_is_one_error_at_the_section_with_a_fix() {
    let required = [
        ("organisation", "organisation: Example Borough Council"),
        ("compliance", "compliance: partial"),
        ("reply_days", "reply_days: 10"),
        ("tested", "tested: 2026-11-02"),
        ("tested_by", "tested_by: the council's digital team"),
        (
            "test_method",
            "test_method: We tested every kind of page with a keyboard, a screen reader and axe-core.",
        ),
        ("prepared", "prepared: 2026-11-20"),
    ];
    let site = built(fixture("good"), &[]);
    let before = snapshot(&site.out());
    let original = std::fs::read_to_string(site.root.join("placebook.yaml")).unwrap();
    let mut cases: Vec<(String, String)> = required
        .iter()
        .map(|(key, line)| {
            (
                key.to_string(),
                STATEMENT.replace(&format!("  {line}\n"), ""),
            )
        })
        .collect();
    cases.push((
        "email".into(),
        STATEMENT.replace(
            "  email: access@example.gov.uk\n  phone: 01234 567890\n",
            "",
        ),
    ));
    for (key, statement) in cases {
        assert_ne!(statement, STATEMENT, "{key} was not removed");
        site.write("placebook.yaml", format!("{original}{statement}"));
        let o = build(&site.root, &[]);
        assert_eq!(o.status.code(), Some(1), "{key}");
        let err = stderr(&o);
        assert!(err.contains(&format!("has no `{key}`")), "{key}: {err}");
        assert!(
            err.contains(&format!("add `{key}:")),
            "{key}: the fix: {err}"
        );
        assert_eq!(
            locations(&err),
            [format!(
                "placebook.yaml:{}:1",
                line_of(&site, "accessibility")
            )],
            "{key}: {err}"
        );
        assert!(err.contains("Build failed with 1 error"), "{key}: {err}");
        assert_eq!(
            snapshot(&site.out()),
            before,
            "{key}: the last good site is kept"
        );
    }
}

#[test]
fn a_statement_that_cannot_be_true_is_one_error_at_its_line() {
    let original = std::fs::read_to_string(fixture("good").root.join("placebook.yaml")).unwrap();
    let no_issues = STATEMENT.replace(
        "  issues:\n    - text: Some maps have no text alternative.\n      criterion: 1.1.1 Non-text content\n      fix_by: 2027-03-31\n",
        "",
    );
    for (statement, key, words) in [
        (
            STATEMENT.replace("prepared: 2026-11-20", "prepared: 20/11/2026"),
            "prepared",
            "is not a date",
        ),
        (no_issues, "compliance", "must list what is not accessible"),
        (
            STATEMENT.replace("compliance: partial", "compliance: mostly"),
            "compliance",
            "compliance",
        ),
        (
            STATEMENT.replace("tested_by:", "tested_bye:"),
            "tested_bye",
            "did you mean `tested_by`?",
        ),
        (
            STATEMENT.replace("phone: 01234 567890", "form: javascript:alert(1)"),
            "form",
            "is not a web address",
        ),
        (
            STATEMENT.replace("email: access@example.gov.uk", "email: access at example"),
            "email",
            "is not an email address",
        ),
    ] {
        let site = fixture("good");
        site.write("placebook.yaml", format!("{original}{statement}"));
        let o = build(&site.root, &[]);
        assert_eq!(o.status.code(), Some(1), "{statement}");
        let err = stderr(&o);
        assert!(err.contains(words), "{words}: {err}");
        let at = locations(&err);
        assert_eq!(at.len(), 1, "one error: {err}");
        assert!(
            at[0].starts_with(&format!("placebook.yaml:{}:", line_of(&site, key))),
            "{key}: {err}"
        );
    }
}

#[test]
fn check_warns_when_the_statements_review_has_passed() {
    let site = with_config(STATEMENT);
    let check_on = |epoch: &str| {
        let o = placebook()
            .env("SOURCE_DATE_EPOCH", epoch)
            .args(["check", "--format", "json", "--root"])
            .arg(&site.root)
            .output()
            .unwrap();
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "statement-review-overdue")
            .map(|d| format!("{}:{}", d["file"].as_str().unwrap(), d["line"]))
            .collect::<Vec<_>>()
    };
    // Reviewed on 25 November 2026, so due on 25 November 2027.
    assert!(
        check_on("1827014400").is_empty(),
        "24 November 2027: not yet due"
    );
    let line = line_of(&site, "reviewed");
    assert_eq!(
        check_on("1827187200"),
        [format!("placebook.yaml:{line}")],
        "26 November 2027"
    );
    let o = placebook()
        .env("SOURCE_DATE_EPOCH", "1827187200")
        .args(["check", "--root"])
        .arg(&site.root)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(
        err.contains("the accessibility statement's review was due on 25 November 2027"),
        "{err}"
    );
}

/// Every `<script src>` and `<link href>` of every page under `out` that names a host.
fn outside_resources(out: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(out) {
        let path = entry.unwrap().into_path();
        if path.extension().is_some_and(|e| e == "html") {
            let doc = html(&path);
            found.extend(attrs(&doc, "script[src]", "src"));
            found.extend(attrs(
                &doc,
                "link[rel=stylesheet], link[rel=preload], link[rel=icon]",
                "href",
            ));
            found.extend(attrs(&doc, "img[src]", "src"));
        }
    }
    found.retain(|u| u.contains("//"));
    found
}

#[test]
fn analytics_is_off_unless_asked_for_and_then_adds_only_its_service() {
    let plain = built(
        fixture("good"),
        &["--base-url", "https://pb.example.gov.uk/"],
    );
    assert_eq!(outside_resources(&plain.out()), Vec::<String>::new());
    assert!(!plain.out().join("privacy").exists());
    let cases = [
        (
            "analytics:\n  service: plausible\n  domain: pb.example.gov.uk\n",
            "<script defer data-domain=\"pb.example.gov.uk\" src=\"https://plausible.io/js/script.js\"></script>",
            "plausible.io",
            "Plausible Analytics",
        ),
        (
            "analytics:\n  service: goatcounter\n  code: ourplace\n",
            "<script data-goatcounter=\"https://ourplace.goatcounter.com/count\" async src=\"https://gc.zgo.at/count.js\"></script>",
            "ourplace.goatcounter.com",
            "GoatCounter",
        ),
        (
            "analytics:\n  service: matomo\n  url: https://stats.example.gov.uk/\n  site_id: 4\n",
            "<script async src=\"https://stats.example.gov.uk/matomo.js\"></script>",
            "stats.example.gov.uk",
            "Matomo",
        ),
    ];
    for (config, script, host, name) in cases {
        let site = built(
            with_config(config),
            &["--base-url", "https://pb.example.gov.uk/"],
        );
        let page =
            std::fs::read_to_string(site.out().join("case-studies/beta-city/index.html")).unwrap();
        assert!(page.contains(script), "{config}: {page}");
        let outside = outside_resources(&site.out());
        assert!(!outside.is_empty());
        assert!(
            outside
                .iter()
                .all(|u| u.contains(host) || u.contains("gc.zgo.at")),
            "{config}: {outside:?}"
        );
        let privacy = html(&site.out().join("privacy/index.html"));
        assert_eq!(texts(&privacy, "h1"), ["Privacy"]);
        let text = texts(&privacy, "main .prose").join(" ");
        assert!(
            text.contains(&format!("This site counts visits with {name}")),
            "{text}"
        );
        assert!(
            text.contains(&format!("The counts are sent to {host}.")),
            "{text}"
        );
        assert!(text.contains("does not use cookies"), "{text}");
        let home = html(&site.out().join("index.html"));
        assert!(attrs(&home, ".site-footer a", "href").contains(&"privacy/index.html".to_owned()));
    }
}

#[test]
fn analytics_without_what_identifies_the_site_is_one_error_at_its_line() {
    for (config, words) in [
        (
            "analytics:\n  service: goatcounter\n",
            "GoatCounter needs the site's code",
        ),
        (
            "analytics:\n  service: matomo\n  url: https://m.example/\n",
            "Matomo needs",
        ),
        (
            "analytics:\n  service: plausible\n",
            "Plausible needs `domain`",
        ),
        (
            "analytics:\n  service: plausible\n  script: plausible.io/js/script.js\n  domain: x.org\n",
            "is not a web address",
        ),
        ("analytics:\n  service: google\n", "service"),
    ] {
        let site = with_config(config);
        let o = build(&site.root, &[]);
        assert_eq!(o.status.code(), Some(1), "{config}");
        let err = stderr(&o);
        assert!(err.contains(words), "{words}: {err}");
        assert_eq!(locations(&err).len(), 1, "{err}");
        assert!(locations(&err)[0].starts_with("placebook.yaml:"), "{err}");
    }
}

#[test]
fn page_updates_come_from_front_matter_newest_first() {
    let site = fixture("good");
    site.edit("content/case-studies/alpha-town.md", |t| {
        t.replacen(
            "---\n",
            "---\nchanges:\n  - {date: 2025-01-10, note: First published}\n  - date: 2026-06-02\n    note: Added the 2025 evaluation\n",
            1,
        )
    });
    let site = built(site, &[]);
    let doc = html(&site.out().join("case-studies/alpha-town/index.html"));
    assert_eq!(
        texts(&doc, "details.page-updates summary"),
        ["Page updates"]
    );
    assert_eq!(
        texts(&doc, "details.page-updates li"),
        [
            "2 June 2026: Added the 2025 evaluation",
            "10 January 2025: First published"
        ]
    );
    let other = html(&site.out().join("case-studies/beta-city/index.html"));
    assert!(texts(&other, "details.page-updates").is_empty());
}

#[test]
fn a_change_without_a_date_or_note_is_one_error_at_its_line() {
    for (changes, words, line) in [
        (
            "changes:\n  - {date: 2025-13-01, note: x}\n",
            "is not a date",
            3,
        ),
        (
            "changes:\n  - date: 2025-12-01\n    note: fine\n  - date: 1/2/2025\n    note: x\n",
            "is not a date",
            5,
        ),
        ("changes:\n  - {date: 2025-01-01}\n", "has no `note`", 2),
        ("changes:\n  - {note: Fixed}\n", "has no `date`", 2),
        (
            "changes:\n  - {date: 2025-01-01, notes: Fixed}\n",
            "did you mean `note`?",
            3,
        ),
    ] {
        let site = fixture("good");
        site.edit("content/case-studies/alpha-town.md", |t| {
            t.replacen("---\n", &format!("---\n{changes}"), 1)
        });
        let o = build(&site.root, &[]);
        assert_eq!(o.status.code(), Some(1), "{changes}");
        let err = stderr(&o);
        assert!(err.contains(words), "{words}: {err}");
        assert!(err.contains("Build failed with 1 error"), "{err}");
        let at: Vec<String> = locations(&err)
            .into_iter()
            .filter(|l| l.contains("alpha-town"))
            .collect();
        assert_eq!(at.len(), 1, "{err}");
        assert!(
            at[0].starts_with(&format!("content/case-studies/alpha-town.md:{line}:")),
            "{changes}: {err}"
        );
    }
}

/// Runs git in `dir` with fixed names and the commit date `date`.
fn git(dir: &std::path::Path, date: &str, args: &[&str]) {
    let o = Command::new("git")
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn page_updates_from_git_leave_out_trivial_commits() {
    let site = fixture("good");
    let page = "content/case-studies/alpha-town.md";
    git(&site.root, "2025-01-10T10:00:00Z", &["init", "-q"]);
    git(&site.root, "2025-01-10T10:00:00Z", &["add", "."]);
    git(
        &site.root,
        "2025-01-10T10:00:00Z",
        &["commit", "-q", "-m", "First version of the playbook"],
    );
    site.edit(page, |t| t + "\nA new paragraph on the evaluation.\n");
    git(
        &site.root,
        "2025-05-02T10:00:00Z",
        &[
            "commit",
            "-q",
            "-am",
            "Add the 2024 evaluation\n\nLonger text that is not shown.",
        ],
    );
    site.edit(page, |t| t.replace("evaluation.", "evaluation!"));
    git(
        &site.root,
        "2025-06-03T10:00:00Z",
        &["commit", "-q", "-am", "Fix a typo [minor]"],
    );
    site.edit("content/case-studies/beta-city.md", |t| t + "\r\nMore.\r\n");
    git(
        &site.root,
        "2025-07-04T10:00:00Z",
        &["commit", "-q", "-am", "Update Beta City"],
    );

    let plain = built(site, &[]);
    let doc = html(&plain.out().join("case-studies/alpha-town/index.html"));
    assert!(
        texts(&doc, "details.page-updates").is_empty(),
        "opt-in only"
    );

    plain.edit("placebook.yaml", |c| {
        c + "page_history:\n  from_git: true\n"
    });
    let site = built(plain, &[]);
    let doc = html(&site.out().join("case-studies/alpha-town/index.html"));
    assert_eq!(
        texts(&doc, "details.page-updates li"),
        [
            "2 May 2025: Add the 2024 evaluation",
            "10 January 2025: First version of the playbook"
        ]
    );
    assert_eq!(
        attrs(&doc, "details.page-updates time", "datetime"),
        ["2025-05-02", "2025-01-10"]
    );
    // Front matter `changes:` wins over git for its page.
    site.edit(page, |t| {
        t.replacen(
            "---\n",
            "---\nchanges:\n  - {date: 2025-05-01, note: Our own words}\n",
            1,
        )
    });
    let site = built(site, &[]);
    let doc = html(&site.out().join("case-studies/alpha-town/index.html"));
    assert_eq!(
        texts(&doc, "details.page-updates li"),
        ["1 May 2025: Our own words"]
    );
    // Words of its own for trivial commits.
    site.edit("placebook.yaml", |c| c + "  skip: [FIRST VERSION]\n");
    let site = built(site, &[]);
    let doc = html(&site.out().join("case-studies/beta-city/index.html"));
    assert_eq!(
        texts(&doc, "details.page-updates li"),
        ["4 July 2025: Update Beta City"]
    );
}

#[test]
fn feedback_is_on_every_kind_of_page_with_that_pages_title() {
    let site = with_config("feedback:\n  email: pb@example.gov.uk\n");
    site.edit("placebook.yaml", |c| c + STATEMENT);
    let site = built(site, &["--base-url", "https://pb.example.gov.uk/"]);
    for (page, title) in [
        ("case-studies/index.html", "Case%20studies"),
        ("tags/index.html", "Tags"),
        (
            "matrix/index.html",
            "Case%20studies%20and%20building%20blocks",
        ),
        ("search/index.html", "Search"),
        ("a-z/index.html", "A%20to%20Z"),
        ("diagnostic/index.html", "Diagnostic"),
        ("accessibility/index.html", "Accessibility%20statement"),
        ("404.html", "Page%20not%20found"),
    ] {
        let doc = html(&site.out().join(page));
        let yes = attrs(&doc, "main .feedback__answers a", "href");
        assert_eq!(yes.len(), 2, "{page}");
        assert!(
            yes[0].contains(&format!("useful%3F%20Yes%20%E2%80%93%20{title}&")),
            "{page}: {}",
            yes[0]
        );
    }
    let not_found = html(&site.out().join("404.html"));
    let yes = attrs(&not_found, "main .feedback__answers a", "href");
    assert!(
        yes[0].ends_with("&body=https%3A%2F%2Fpb.example.gov.uk%2F404.html"),
        "{yes:?}"
    );
    let term = html(&site.out().join("region/london/index.html"));
    let yes = attrs(&term, "main .feedback__answers a", "href");
    assert!(
        yes[0].contains("%E2%80%93%20London%20%E2%80%93%20Region&"),
        "{yes:?}"
    );
    let print = html(&site.out().join("print/index.html"));
    assert!(
        texts(&print, ".feedback").is_empty(),
        "nothing to click on paper"
    );
}

#[test]
fn a_bilingual_playbook_has_the_statement_in_each_language() {
    let site = fixture("bilingual");
    site.edit("placebook.yaml", |c| c + STATEMENT);
    let site = built(site, &[]);
    let welsh = html(&site.out().join("cy/accessibility/index.html"));
    assert_eq!(texts(&welsh, "h1"), ["Datganiad hygyrchedd"]);
    assert_eq!(attrs(&welsh, "html", "lang"), ["cy"]);
    let text = texts(&welsh, "main .prose").join(" ");
    assert!(
        text.contains("Example Borough Council sy'n rhedeg y wefan hon."),
        "{text}"
    );
    let home = html(&site.out().join("cy/index.html"));
    let links: Vec<String> = attrs(&home, ".site-footer a", "href")
        .into_iter()
        .filter(|h| h.contains("accessibility"))
        .collect();
    assert_eq!(links, ["accessibility/index.html"]);
    assert!(texts(&home, ".site-footer a").contains(&"Datganiad hygyrchedd".to_owned()));
}

#[test]
fn a_section_written_as_a_word_or_left_empty_is_one_error_saying_how_to_write_it() {
    for (config, words) in [
        ("accessibility:\n", "has none of its parts"),
        ("accessibility: yes\n", "its settings on the lines under it"),
        (
            "analytics: plausible\n",
            "its settings on the lines under it",
        ),
        ("page_history: no\n", "or `true`"),
    ] {
        let site = with_config(config);
        let o = build(&site.root, &[]);
        assert_eq!(o.status.code(), Some(1), "{config}");
        let err = stderr(&o);
        assert!(err.contains(words), "{config}: {err}");
        assert!(err.contains("Build failed with 1 error"), "{config}: {err}");
        assert_eq!(
            locations(&err)
                .iter()
                .filter(|l| l.starts_with("placebook.yaml:5:"))
                .count(),
            1,
            "{config}: {err}"
        );
    }
    // `page_history: true` is the short way to list commits.
    let site = with_config("page_history: true\n");
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
}
