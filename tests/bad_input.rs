//! Bad input: every class of mistake gets a clear error with its location, exit code 1,
//! no panic, and the previous output left exactly as it was; `placebook check` reports
//! the same error (as JSON) without writing anything. Inputs that look odd but are fine
//! (a byte-order mark, CRLF, spaces and accents in file names, a 1 MB line, deep
//! a long list) must build; text nested past placebook's limit is an error, tested in
//! `tests/hostile.rs`.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

/// (fixture under tests/fixtures/bad, error code, location, words the message or help
/// must contain). The location is `file:line:column`, or `file` alone for a problem
/// with the whole file.
const CASES: &[(&str, &str, &str, &str)] = &[
    (
        "malformed-yaml",
        "invalid-front-matter",
        "content/case-studies/alpha.md:2:8",
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
        "did you mean the folder `case-studies`? Otherwise, to make it a collection, add this line to placebook.yaml, which keeps the collections the site has now: `collections: { building-blocks: { kind: building-block, sort_by: number }, case-studies: { kind: case-study }, case-study: { kind: page } }`",
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
    (
        "slug-case",
        "duplicate-url",
        "content/case-studies/beta.md:5:1",
        "content/case-studies/alpha.md would both be written to `case-studies/ALPHA/`",
    ),
    (
        "invalid-date",
        "invalid-date",
        "content/case-studies/alpha.md:5:10",
        "YYYY-MM-DD",
    ),
    (
        "empty-title",
        "empty-field",
        "content/case-studies/alpha.md:2:1",
        "`title` is empty",
    ),
    (
        "missing-front-matter",
        "missing-front-matter",
        "content/case-studies/alpha.md:1:1",
        "`title: Alpha` (its first heading, which you can then delete), `summary:`, `place:`",
    ),
    (
        "number-zero",
        "invalid-value",
        "content/building-blocks/shared-purpose.md:3:9",
        "must be 1 or more",
    ),
    (
        "config-not-utf8",
        "invalid-utf8",
        "placebook.yaml",
        "save the file as UTF-8",
    ),
    (
        "block-typo",
        "unknown-field",
        "content/building-blocks/shared-purpose.md:2:1",
        "did you mean `title`?",
    ),
    (
        "block-missing-number",
        "missing-field",
        "content/building-blocks/shared-purpose.md:1:1",
        "give the block a number of its own: 1 is free, e.g. `number: 1`",
    ),
    (
        "block-bad-yaml",
        "invalid-front-matter",
        "content/building-blocks/shared-purpose.md:2:8",
        "add the same quote mark at the end of the line",
    ),
    (
        "first-key-typo",
        "unknown-field",
        "content/case-studies/alpha.md:2:1",
        "did you mean `title`?",
    ),
    (
        "source-key-typo",
        "unknown-field",
        "content/case-studies/alpha.md:7:5",
        "did you mean `url`?",
    ),
    (
        "source-duplicate-key",
        "duplicate-field",
        "content/case-studies/alpha.md:10:5",
        "keep one `url:`; the first is on line 9",
    ),
    (
        "image-case",
        "missing-image",
        "content/case-studies/alpha.md:9:24",
        "did you mean `pantry.jpg`? File names must match in case",
    ),
    (
        "raw-html-image",
        "missing-image",
        "content/case-studies/alpha.md:7:19",
        "put the image beside this page's file, or in static/",
    ),
    (
        "raw-html-link",
        "broken-link",
        "content/case-studies/alpha.md:7:14",
        "did you mean `../building-blocks/shared-purpose.md`?",
    ),
    (
        "curly-quotes",
        "invalid-front-matter",
        "content/case-studies/alpha.md:2:14",
        "replace the curly quotes “ ” with straight ones",
    ),
    (
        "almost-markdown",
        "not-markdown",
        "content/case-studies/beta.md.txt",
        "rename it to `beta.md`",
    ),
    (
        "template-cycle",
        "template-cycle",
        "themes/default/templates/partials/toc.html:2:1",
        "extends or includes itself",
    ),
    (
        "duplicate-footnote",
        "duplicate-footnote",
        "content/case-studies/alpha.md:11:1",
        "keep one `[^1]:` definition",
    ),
    (
        "duplicate-id",
        "duplicate-id",
        "content/case-studies/alpha.md:7:10",
        "the id `main` is already used by the theme",
    ),
    (
        "local-file-link",
        "broken-link",
        "content/case-studies/alpha.md:7:19",
        "is a file on your computer",
    ),
    (
        "network-share-link",
        "broken-link",
        "content/case-studies/alpha.md:7:19",
        "is to a file on a network share or on your computer",
    ),
    (
        "liquid-link",
        "template-tag",
        "content/case-studies/alpha.md:7:18",
        "write the address itself, as in `[words](/building-blocks/shared-purpose/)`",
    ),
    (
        "other-tool-field",
        "unknown-field",
        "content/case-studies/alpha.md:4:1",
        "rename `description` to `summary`",
    ),
    (
        "backslash-root-link",
        "broken-link",
        "content/case-studies/alpha.md:7:22",
        "write it with forward slashes: `/building-blocks/shared-purpose.md`",
    ),
    (
        "backslash-link",
        "broken-link",
        "content/case-studies/alpha.md:7:22",
        "write it with forward slashes: `../building-blocks/shared-purpose.md`",
    ),
    (
        "no-break-space",
        "odd-space",
        "content/case-studies/alpha.md:3:7",
        "type an ordinary space",
    ),
    (
        "word-dash-fence",
        "front-matter-fence",
        "content/case-studies/alpha.md:5:1",
        "type exactly three hyphens `---`",
    ),
    (
        "day-first-date",
        "invalid-date",
        "content/case-studies/alpha.md:5:10",
        "`updated: 2024-02-01`",
    ),
];

/// A 50 MB markdown file: refused from its size alone, without reading it.
fn fifty_megabytes(site: &Site) {
    let mut big = b"---\ntitle: Big\n---\n".to_vec();
    big.resize(50 * 1024 * 1024, b'a');
    site.write("content/big.md", &big);
}

#[cfg(unix)]
fn symlink_outside(site: &Site) {
    let outside = site.root.parent().unwrap().join("secret.md");
    std::fs::write(&outside, "---\ntitle: Secret\n---\nprivate\n").unwrap();
    std::os::unix::fs::symlink(&outside, site.root.join("content/secret.md")).unwrap();
}

#[cfg(unix)]
fn symlink_loop(site: &Site) {
    std::os::unix::fs::symlink(
        site.root.join("content"),
        site.root.join("content/case-studies/loop"),
    )
    .unwrap();
}

/// (what it is, how to break the good fixture, code, location, words): bad input made
/// at test time, too large or too odd to keep in git.
type Generated = (
    &'static str,
    fn(&Site),
    &'static str,
    &'static str,
    &'static str,
);

fn generated() -> Vec<Generated> {
    #[allow(unused_mut)]
    let mut cases: Vec<Generated> = vec![(
        "a 50 MB file",
        fifty_megabytes,
        "file-too-large",
        "content/big.md",
        "placebook reads markdown files up to 10 MB",
    )];
    #[cfg(unix)]
    cases.extend([
        (
            "a symlink leaving the site",
            symlink_outside as fn(&Site),
            "symlink-outside",
            "content/secret.md",
            "outside the site",
        ),
        (
            "a symlink loop",
            symlink_loop as fn(&Site),
            "symlink-loop",
            "content/case-studies/loop",
            "points back",
        ),
    ]);
    cases.extend([
        (
            "a block renumbered to clash with another",
            renumbered_block as fn(&Site),
            "duplicate-number",
            "content/building-blocks/data-sharing.md:3:9",
            "also used by content/building-blocks/pooled-budgets.md",
        ),
        (
            "a page saved as UTF-16",
            saved_as_utf16,
            "invalid-utf8",
            "content/notes.md",
            "save it again as UTF-8: in Notepad",
        ),
        (
            "two file names that differ only in how an accent is typed",
            accent_typed_twice,
            "duplicate-url",
            "content/case-studies/Gamma Café.md",
            "would both be written to `case-studies/gamma-café/`",
        ),
    ]);
    cases
}

/// `data-sharing.md` given the number of `pooled-budgets.md` and edited last: the error
/// belongs to the file just changed, and names a free number.
fn renumbered_block(site: &Site) {
    let dir = site.root.join("content/building-blocks");
    let edited = dir.join("data-sharing.md");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, text.replace("number: 3", "number: 2")).unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    for name in ["pooled-budgets.md", "shared-purpose.md"] {
        let f = std::fs::File::options()
            .write(true)
            .open(dir.join(name))
            .unwrap();
        f.set_modified(old).unwrap();
    }
}

/// `notes.md` saved by Notepad as "Unicode" (UTF-16 with a byte-order mark).
fn saved_as_utf16(site: &Site) {
    let path = site.root.join("content/notes.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(path, bytes).unwrap();
}

/// A second `Gamma Café` page whose `é` is an `e` and a combining accent.
fn accent_typed_twice(site: &Site) {
    site.write(
        "content/case-studies/Gamma Cafe\u{301}.md",
        "---\ntitle: Gamma again\nplace: Gamma\nsummary: The same name, typed another way.\n---\n\nText.\n",
    );
}

/// (file, line, column) of a location written as `file:line:column` or `file`.
fn parse_location(location: &str) -> (String, u64, u64) {
    let mut parts = location.splitn(3, ':');
    let file = parts.next().unwrap_or_default().to_owned();
    let mut num = || parts.next().map_or(0, |n| n.parse().unwrap());
    let line = num();
    let column = num();
    (file, line, column)
}

/// `placebook check --format json` on a bad site: exit 1, a JSON report holding the
/// expected error at the expected place, no panic, and nothing written.
fn assert_check_reports(site: &Site, code: &str, location: &str, words: &str) {
    let o = placebook()
        .args(["check", "--format", "json", "--root"])
        .arg(&site.root)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(o.status.code(), Some(1), "check exit code for {code}");
    let text = stdout(&o);
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}:\n{text}"));
    assert_eq!(v["version"], 1);
    // One mistake, one message: nothing that follows from it is an error of its own.
    assert_eq!(
        v["errors"].as_u64(),
        Some(1),
        "{code}: not exactly one error:\n{text}"
    );
    let (file, line, column) = parse_location(location);
    let hit = v["diagnostics"].as_array().unwrap().iter().any(|d| {
        let said = format!(
            "{} {}",
            d["message"].as_str().unwrap_or_default(),
            d["suggestion"].as_str().unwrap_or_default()
        );
        d["code"] == code
            && d["severity"] == "error"
            && d["file"] == file.as_str()
            && d["line"] == line
            && d["column"] == column
            && said.contains(words)
    });
    assert!(
        hit,
        "check did not report {code} at {location} with {words:?}:\n{text}"
    );
    assert!(
        !site.root.join("public").exists(),
        "check wrote an output folder"
    );
}

/// Builds `site` once to get a good output, applies `break_it`, and checks the next
/// build fails with the expected code and location and leaves that output untouched.
fn assert_fails_cleanly(site: &Site, code: &str, location: &str, words: &str) {
    let out = site.root.join("out");
    let start = Instant::now();
    assert_check_reports(site, code, location, words);
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
    // Two builds and a check, in a debug build, on a machine shared with other jobs.
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{code} took {:?}",
        start.elapsed()
    );
}

#[test]
fn each_bad_fixture_fails_with_a_located_error_and_keeps_the_last_good_site() {
    for (name, code, location, words) in CASES {
        let site = fixture(&format!("bad/{name}"));
        assert_fails_cleanly(&site, code, location, words);
    }
}

#[test]
fn each_generated_bad_input_fails_with_a_located_error_and_keeps_the_last_good_site() {
    for (what, break_it, code, location, words) in generated() {
        let site = fixture("good");
        break_it(&site);
        let start = Instant::now();
        assert_fails_cleanly(&site, code, location, words);
        eprintln!("{what}: {:?}", start.elapsed());
    }
}

#[test]
fn the_corpus_has_at_least_thirty_cases() {
    let fixtures = std::fs::read_dir(fixtures().join("bad"))
        .unwrap()
        .filter_map(Result::ok)
        .count();
    assert!(
        CASES.len() + generated().len() >= 30,
        "{} cases",
        CASES.len() + generated().len()
    );
    // Every fixture folder is in the table, or tested on its own below.
    assert_eq!(
        fixtures,
        CASES.len() + 2,
        "multiple-errors and no-content aside"
    );
}

/// Must build: (what, how to make it from the good fixture, a page it must produce, the
/// text of that page's first heading, when its DOM is small enough to parse quickly).
type MustWork = (&'static str, fn(&Site), &'static str, Option<&'static str>);

fn must_work() -> Vec<MustWork> {
    vec![
        (
            "a byte-order mark and CRLF line endings",
            |site| {
                let bytes =
                    std::fs::read(site.root.join("content/case-studies/beta-city.md")).unwrap();
                assert!(
                    bytes.starts_with(b"\xEF\xBB\xBF---\r\n"),
                    "fixture has a BOM"
                );
                assert!(
                    bytes.windows(2).filter(|w| w == b"\r\n").count() > 5,
                    "fixture has CRLF"
                );
            },
            "case-studies/beta-city/index.html",
            Some("Beta City"),
        ),
        (
            "a file name with a space and an accent",
            |site| {
                assert!(
                    site.root
                        .join("content/case-studies/Gamma Café.md")
                        .is_file()
                )
            },
            "case-studies/gamma-café/index.html",
            Some("Gamma Café"),
        ),
        (
            "a 1 MB line",
            |site| {
                let mut line = "---\ntitle: Long line\n---\n\n".to_owned();
                line.push_str(&"word ".repeat(200_000));
                site.write("content/long-line.md", line);
            },
            "long-line/index.html",
            Some("Long line"),
        ),
        (
            // Every piece of text on the line is checked for what other tools leave at
            // a line's start; the line must not be read again for each piece.
            "a 1 MB line of short emphasised words and colons",
            |site| {
                let mut line = "---\ntitle: Long line\n---\n\n".to_owned();
                line.push_str(&"*a* :b ".repeat(150_000));
                site.write("content/long-line.md", line);
            },
            "long-line/index.html",
            Some("Long line"),
        ),
        (
            // Each `<` is a text of its own to markdown, and each may open an ERB tag.
            "a 1 MB line of unclosed ERB openings and angle brackets",
            |site| {
                let mut line = "---\ntitle: Angles\n---\n\n".to_owned();
                line.push_str(&"<% a <b <%".repeat(100_000));
                site.write("content/angles.md", line);
            },
            "angles/index.html",
            Some("Angles"),
        ),
        (
            "100,000 list items",
            |site| {
                site.write(
                    "content/long-list.md",
                    format!(
                        "---\ntitle: Long list\n---\n\n{}",
                        "- item\n".repeat(100_000)
                    ),
                )
            },
            "long-list/index.html",
            None,
        ),
    ]
}

#[test]
fn odd_but_valid_input_builds_and_checks_clean() {
    for (what, make, page, heading) in must_work() {
        let site = fixture("good");
        make(&site);
        let o = build(&site.root, &[]);
        let err = stderr(&o);
        assert!(o.status.success(), "{what}: {err}");
        assert!(!err.contains("panicked"), "{what}: {err}");
        let path = site.out().join(page);
        assert!(path.is_file(), "{what}: {page} missing");
        // Parsing 100,000 nested elements into a DOM takes minutes; the page's size shows
        // that the body was rendered.
        match heading {
            Some(h) => assert_eq!(texts(&html(&path), "main h1"), [h], "{what}"),
            None => assert!(std::fs::metadata(&path).unwrap().len() > 100_000, "{what}"),
        }
        let o = placebook()
            .args(["check", "--format", "json", "--root"])
            .arg(&site.root)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{what}: {}", stdout(&o));
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(v["errors"], 0, "{what}");
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

/// Every byte string that would reveal where the author keeps the site: its absolute
/// path (as given and canonical), the temporary folder above it, and the home folder.
fn machine_paths(site: &Site) -> Vec<String> {
    let mut paths = vec![
        site.root.display().to_string(),
        site.root.canonicalize().unwrap().display().to_string(),
        site.root.parent().unwrap().display().to_string(),
        env!("CARGO_MANIFEST_DIR").to_owned(),
    ];
    if let Some(home) = std::env::var_os("HOME") {
        let home = home.to_string_lossy().into_owned();
        // A one-letter home folder ("/") would match any path.
        if home.trim_end_matches('/').len() > 1 {
            paths.push(home.trim_end_matches('/').to_owned() + "/");
        }
    }
    paths
}

#[test]
fn nothing_in_the_output_reveals_the_authors_machine() {
    let site = fixture("good");
    let config = std::fs::read_to_string(site.root.join("placebook.yaml")).unwrap();
    site.write(
        "placebook.yaml",
        format!(
            "{config}base_url: https://example.org/pb/\nedit_url: https://git.example/edit/{{path}}\ncms: true\nsanitize: true\n"
        ),
    );
    // A git repository above the site, as the CMS and "last updated" dates look for one.
    let _ = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(site.root.parent().unwrap())
        .output();
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = snapshot(&site.out());
    assert!(files.len() > 20, "{} files", files.len());
    // With `sanitize: true`, the rewritten links between pages still work.
    let (checked, broken) = broken_links_under(&site.out(), "/pb/");
    assert!(
        checked > 50 && broken.is_empty(),
        "{checked} checked: {broken:?}"
    );
    for needle in machine_paths(&site) {
        for (path, bytes) in &files {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{} reveals {needle}",
                path.display()
            );
        }
    }
    // Nor do the messages of a failed build or a check.
    let site = fixture("bad/multiple-errors");
    let o = build(&site.root, &[]);
    let c = placebook()
        .args(["check", "--format", "json", "--root"])
        .arg(&site.root)
        .output()
        .unwrap();
    let located = locations(&stderr(&o)).join("\n");
    for needle in machine_paths(&site) {
        for text in [&located, &stdout(&c)] {
            assert!(!text.contains(&needle), "{needle} in {text}");
        }
    }
}

#[test]
fn an_alias_that_clashes_with_a_page_is_located_at_the_alias() {
    let site = fixture("good");
    site.write(
        "content/more.md",
        "---\ntitle: More\naliases:\n  - keep/\n  - about/\n---\n\nText.\n",
    );
    let o = build(&site.root, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("error[output-clash]"), "{err}");
    assert!(
        locations(&err).iter().any(|l| l == "content/more.md:5:5"),
        "{err}"
    );
}
