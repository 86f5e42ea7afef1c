//! Bad input: every class of mistake gets a clear error with its location, exit code 1,
//! no panic, and the previous output left exactly as it was.

mod common;
use common::*;
use std::path::Path;

/// (fixture under tests/fixtures/bad, error code, location, words the message or help must contain)
const CASES: &[(&str, &str, &str, &str)] = &[
    (
        "malformed-yaml",
        "invalid-front-matter",
        "content/case-studies/alpha.md:5:1",
        "unclosed quote",
    ),
    (
        "unknown-field",
        "unknown-field",
        "content/case-studies/alpha.md:4:1",
        "did you mean `summary`?",
    ),
    (
        "unknown-block",
        "unknown-block",
        "content/case-studies/alpha.md:7:5",
        "did you mean `pooled-budgets`?",
    ),
    (
        "broken-link",
        "broken-link",
        "content/case-studies/alpha.md:7:17",
        "did you mean `../building-blocks/shared-purpose.md`?",
    ),
    (
        "broken-anchor",
        "broken-anchor",
        "content/case-studies/alpha.md:7:11",
        "did you mean `#why-it-matters`?",
    ),
    (
        "duplicate-slug",
        "duplicate-url",
        "content/case-studies/alpha.md",
        "differing only in case",
    ),
    (
        "duplicate-number",
        "duplicate-number",
        "content/building-blocks/shared-purpose.md:3:9",
        "also used by content/building-blocks/pooled-budgets.md",
    ),
    (
        "invalid-utf8",
        "invalid-utf8",
        "content/case-studies/alpha.md:11:4",
        "UTF-8",
    ),
    (
        "binary-file",
        "binary-file",
        "content/case-studies/alpha.md",
        "binary",
    ),
    (
        "unclosed-front-matter",
        "unclosed-front-matter",
        "content/case-studies/alpha.md:1:1",
        "add a line with only `---`",
    ),
    (
        "empty-file",
        "empty-file",
        "content/case-studies/alpha.md",
        "empty",
    ),
    (
        "missing-field",
        "missing-field",
        "content/case-studies/alpha.md:1:1",
        "add `place:",
    ),
    (
        "wrong-type",
        "invalid-front-matter",
        "content/case-studies/alpha.md:5:7",
        "whole number",
    ),
    (
        "tab-indent",
        "tab-indent",
        "content/case-studies/alpha.md:6:1",
        "replace the tab",
    ),
    (
        "duplicate-key",
        "duplicate-field",
        "content/case-studies/alpha.md:5:1",
        "the first is on line 3",
    ),
    (
        "invalid-config",
        "invalid-config",
        "placebook.yaml:2:1",
        "did you mean `taxonomies`?",
    ),
    (
        "config-syntax",
        "invalid-config",
        "placebook.yaml:1:8",
        "title",
    ),
    (
        "template-syntax",
        "template-syntax",
        "themes/default/templates/case-study.html:3:19",
        "case-study.html",
    ),
    (
        "template-render",
        "template-render",
        "themes/default/templates/case-study.html:3:13",
        "while rendering content/case-studies/alpha.md",
    ),
    (
        "missing-template",
        "missing-template",
        "themes/custom/templates/case-study.html",
        "layout.html",
    ),
    (
        "missing-theme",
        "missing-theme",
        "placebook.yaml",
        "not a folder under themes/",
    ),
    (
        "slug-traversal",
        "invalid-slug",
        "content/case-studies/alpha.md:5:7",
        "no `/` or `..`",
    ),
    (
        "alias-traversal",
        "invalid-alias",
        "content/case-studies/alpha.md:7:5",
        "../../outside/",
    ),
    (
        "unknown-collection",
        "unknown-collection",
        "content/case-study/alpha.md",
        "did you mean the folder `case-studies`?",
    ),
    (
        "field-not-for-kind",
        "field-not-for-kind",
        "content/building-blocks/shared-purpose.md:4:1",
        "case-study field",
    ),
    (
        "toml-front-matter",
        "toml-front-matter",
        "content/case-studies/alpha.md:1:1",
        "YAML",
    ),
    (
        "reserved-url",
        "reserved-url",
        "content/tags.md",
        "already used",
    ),
];

/// Builds `site` once to get a good output, applies `break_it`, and checks the next
/// build fails with the expected code and location and leaves that output untouched.
fn assert_fails_cleanly(site: &Site, code: &str, location: &str, words: &str) {
    let out = site.root.join("out");
    let good = fixture("good");
    let o = build(&good.root, &["--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = snapshot(&out);
    assert!(!before.is_empty());

    let o = build(&site.root, &["--output", out.to_str().unwrap(), "--force"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "exit code for {code}:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains(&format!("error[{code}]")),
        "expected error[{code}]:\n{err}"
    );
    assert!(
        locations(&err).iter().any(|l| l == location),
        "expected --> {location}:\n{err}"
    );
    assert!(err.contains(words), "expected {words:?} in:\n{err}");
    assert!(err.contains("was left as it was"), "{err}");
    assert_eq!(
        snapshot(&out),
        before,
        "previous output changed after a failed build ({code})"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
}

#[test]
fn each_bad_fixture_fails_with_a_located_error_and_keeps_the_last_good_site() {
    for (name, code, location, words) in CASES {
        let site = fixture(&format!("bad/{name}"));
        assert_fails_cleanly(&site, code, location, words);
    }
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let site = fixture("bad/multiple-errors");
    let o = build(&site.root, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let locs = locations(&err);
    for expected in [
        "content/case-studies/alpha.md:4:1",
        "content/case-studies/beta.md:5:35",
        "content/about.md:5:15",
    ] {
        assert!(
            locs.iter().any(|l| l == expected),
            "missing {expected} in:\n{err}"
        );
    }
    assert!(err.contains("Build failed with 3 errors"), "{err}");
    assert!(!site.out().exists(), "no output written");
}

#[test]
fn missing_content_folder_is_explained() {
    let site = fixture("bad/no-content");
    let o = build(&site.root, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("placebook init"), "{}", stderr(&o));
}

fn good_with(rel: &str, bytes: &[u8]) -> Site {
    let site = fixture("good");
    site.write(rel, bytes);
    site
}

#[test]
fn a_huge_file_is_refused_without_reading_it_all() {
    let mut big = b"---\ntitle: Big\n---\n".to_vec();
    big.resize(11 * 1024 * 1024, b'a');
    let site = good_with("content/big.md", &big);
    assert_fails_cleanly(&site, "file-too-large", "content/big.md", "up to 10 MB");
}

#[test]
fn a_one_megabyte_line_and_deep_nesting_build_without_panic() {
    let site = fixture("good");
    let mut line = "---\ntitle: Long line\n---\n\n".to_owned();
    line.push_str(&"word ".repeat(200_000));
    site.write("content/long-line.md", line);
    site.write(
        "content/deep-quotes.md",
        format!("---\ntitle: Deep\n---\n\n{}\n", ">".repeat(100_000)),
    );
    site.write(
        "content/deep-list.md",
        format!(
            "---\ntitle: Deep list\n---\n\n{}item\n",
            "- ".repeat(100_000)
        ),
    );
    site.write(
        "content/long-list.md",
        format!(
            "---\ntitle: Long list\n---\n\n{}",
            "- item\n".repeat(100_000)
        ),
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.out().join("long-line/index.html").is_file());
}

#[cfg(unix)]
#[test]
fn a_symlink_leaving_the_site_is_refused() {
    let site = fixture("good");
    let outside = site.root.parent().unwrap().join("secret.md");
    std::fs::write(&outside, "---\ntitle: Secret\n---\nprivate\n").unwrap();
    std::os::unix::fs::symlink(&outside, site.root.join("content/secret.md")).unwrap();
    assert_fails_cleanly(
        &site,
        "symlink-outside",
        "content/secret.md",
        "outside the site",
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported() {
    let site = fixture("good");
    std::os::unix::fs::symlink(
        site.root.join("content"),
        site.root.join("content/case-studies/loop"),
    )
    .unwrap();
    assert_fails_cleanly(
        &site,
        "symlink-loop",
        "content/case-studies/loop",
        "points back",
    );
}

#[test]
fn unsafe_output_folders_are_refused() {
    let site = fixture("good");
    let check = |args: &[&str], words: &str| {
        let o = build(&site.root, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains(words), "{args:?}: {}", stderr(&o));
    };
    let root = site.root.to_str().unwrap().to_owned();
    check(&["--output", &root], "the site folder itself");
    check(
        &["--output", site.root.parent().unwrap().to_str().unwrap()],
        "contains the site folder",
    );
    check(
        &["--output", site.root.join("content/out").to_str().unwrap()],
        "content/",
    );
    site.write("docs/keep.txt", "mine");
    check(
        &["--output", site.root.join("docs").to_str().unwrap()],
        "did not write",
    );
    assert!(site.root.join("docs/keep.txt").is_file());
    assert!(
        site.root.join("content/index.md").is_file(),
        "nothing deleted"
    );
}

#[test]
fn warnings_do_not_fail_the_build() {
    let site = good_with(
        "content/more.md",
        b"---\ntitle: More\n---\n\nSee [draft](case-studies/draft-place.md).\n",
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success());
    let err = stderr(&o);
    assert!(err.contains("warning[draft-link]"), "{err}");
    assert!(
        locations(&err).iter().any(|l| l == "content/more.md:5:13"),
        "{err}"
    );
}

#[test]
fn errors_name_paths_relative_to_the_site_not_the_machine() {
    let site = fixture("bad/unknown-field");
    let o = build(&site.root, &[]);
    let err = stderr(&o);
    let home = site.root.to_string_lossy();
    for loc in locations(&err) {
        assert!(!loc.contains(&*home), "absolute path in {loc}");
        assert!(Path::new(&loc.split(':').next().unwrap().to_owned()).is_relative());
    }
}
