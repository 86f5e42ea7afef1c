//! The manual (`docs/`) is a placebook site: it must pass `check --strict`, build with
//! every link working, and read as its chapters say (tables whole, every chapter
//! reachable from the home page). So the manual is also a test of the product.

mod common;
use common::*;
use std::path::Path;

/// A copy of the manual's site, so that nothing is written into the repository.
fn manual() -> Site {
    let site = copy_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("docs"));
    let _ = std::fs::remove_dir_all(site.root.join("public"));
    let _ = std::fs::remove_dir_all(site.root.join(".placebook-cache"));
    site
}

#[test]
fn the_manual_passes_check_strict_and_builds_with_every_link_working() {
    let site = manual();
    let o = placebook()
        .args(["check", "--strict", "--root"])
        .arg(&site.root)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("0 errors and 0 warnings"),
        "{}",
        stdout(&o)
    );

    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = site.out();
    // The 404 page's links start from the path of `base_url` in docs/placebook.yaml.
    let (checked, broken) = broken_links_under(&out, "/placebook/");
    assert!(checked > 100, "links checked: {checked}");
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn every_chapter_is_linked_from_the_home_page_and_tables_stay_whole() {
    let site = manual();
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = site.out();
    let home = html(&out.join("index.html"));
    let linked = attrs(&home, "main a", "href");
    let chapters: Vec<String> = std::fs::read_dir(site.root.join("content/manual"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && n != "_index.md")
        .map(|n| n.trim_end_matches(".md").to_owned())
        .collect();
    assert!(chapters.len() >= 12, "{chapters:?}");
    for chapter in &chapters {
        assert!(
            linked
                .iter()
                .any(|href| href.starts_with(&format!("manual/{chapter}/"))),
            "the home page links to {chapter}: {linked:?}"
        );
    }
    // A blank line or a stray backtick would split the troubleshooting table.
    let page = html(&out.join("manual/troubleshooting/index.html"));
    assert_eq!(texts(&page, "main table").len(), 1);
    assert!(texts(&page, "main table tbody tr").len() >= 20);
    let codes = html(&out.join("manual/diagnostic-codes/index.html"));
    assert!(texts(&codes, "main table tbody tr").len() >= 50);
}
