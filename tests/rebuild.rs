//! `placebook build` run again on its own output: nothing done when nothing changed,
//! otherwise only the files whose bytes changed are replaced, and a failed build still
//! leaves everything as it was.

mod common;

use common::{build, fixture, html, snapshot, stdout, texts};
use std::path::Path;
use std::time::SystemTime;

fn mtimes(out: &Path) -> std::collections::BTreeMap<String, SystemTime> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != ".placebook")
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, e.metadata().unwrap().modified().unwrap())
        })
        .collect()
}

fn ok(root: &Path) -> String {
    let o = build(root, &[]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    stdout(&o)
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file}: {from}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_build_with_nothing_changed_does_nothing() {
    let site = fixture("good");
    ok(&site.root);
    let before = snapshot(&site.out());
    let times = mtimes(&site.out());
    std::thread::sleep(std::time::Duration::from_millis(20));
    let said = ok(&site.root);
    assert!(
        said.starts_with("Nothing changed since the last build"),
        "{said}"
    );
    assert_eq!(snapshot(&site.out()), before);
    assert_eq!(mtimes(&site.out()), times);
}

#[test]
fn an_edit_replaces_only_the_files_that_changed() {
    let site = fixture("good");
    ok(&site.root);
    let times = mtimes(&site.out());
    std::thread::sleep(std::time::Duration::from_millis(20));
    edit(
        &site.root,
        "content/case-studies/alpha-town.md",
        "## The context",
        "## The setting",
    );
    let said = ok(&site.root);
    assert!(said.starts_with("Built "), "{said}");
    let after = mtimes(&site.out());
    // Changed or new: the search index's files are named by their content.
    let changed: Vec<&String> = after
        .keys()
        .filter(|k| times.get(*k) != Some(&after[*k]))
        .collect();
    assert!(
        changed.contains(&&"case-studies/alpha-town/index.html".to_owned()),
        "{changed:?}"
    );
    assert!(!changed.contains(&&"index.html".to_owned()), "{changed:?}");
    assert!(
        !changed.contains(&&"assets/placebook.css".to_owned()),
        "{changed:?}"
    );
    // The page, its printable copy, and the search files that hold its words (the
    // page files of its block, which share one hash: here every page's; the term shard and the ending shard of the new word
    // "setting", the pair shard and its list, and the manifest naming them, with the
    // search page naming it).
    let (pages, search): (Vec<&str>, Vec<&str>) = changed
        .iter()
        .map(|p| p.as_str())
        .partition(|p| !p.starts_with("search/data/"));
    assert_eq!(
        pages,
        [
            "case-studies/alpha-town/index.html",
            "print/index.html",
            "search/index.html"
        ],
        "{changed:?}"
    );
    let search: Vec<&str> = search
        .into_iter()
        .filter(|p| !p.starts_with("search/data/f-"))
        .collect();
    assert!(
        search.len() <= 8,
        "only the search files that changed: {changed:?}"
    );
    // Each renamed file replaces its old version: as many index files as before.
    let count = |m: &std::collections::BTreeMap<String, SystemTime>| {
        m.keys().filter(|k| k.starts_with("search/data/")).count()
    };
    assert_eq!(count(&after), count(&times), "{changed:?}");
    let page = html(&site.out().join("case-studies/alpha-town/index.html"));
    assert!(texts(&page, "main h2").contains(&"The setting".to_owned()));

    // A removed page's files go; the listing follows.
    std::fs::remove_file(site.root.join("content/case-studies/beta-city.md")).unwrap();
    ok(&site.root);
    assert!(!site.out().join("case-studies/beta-city").exists());
    let listing = html(&site.out().join("case-studies/index.html"));
    assert!(!texts(&listing, "main a").contains(&"Beta City".to_owned()));
}

#[test]
fn a_failed_rebuild_in_place_leaves_everything_as_it_was() {
    let site = fixture("good");
    ok(&site.root);
    let before = snapshot(&site.out());
    edit(
        &site.root,
        "content/case-studies/alpha-town.md",
        "## The context",
        "## The setting",
    );
    // A template that fails on one page only, after others have rendered.
    let page = placebook::theme::default_template("case-study.html").unwrap();
    site.write(
        "themes/default/templates/case-study.html",
        page.replace(
            "{% block main %}",
            "{% block main %}{% if page.title == \"Beta City\" %}{{ missing.field }}{% endif %}",
        ),
    );
    let o = build(&site.root, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(snapshot(&site.out()), before);
    // Fixed, it builds, and a file deleted from the output by hand comes back.
    std::fs::remove_dir_all(site.root.join("themes")).unwrap();
    std::fs::remove_file(site.out().join("about/index.html")).unwrap();
    ok(&site.root);
    assert!(site.out().join("about/index.html").is_file());
}
