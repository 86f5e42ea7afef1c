//! The search index and pages on disk, read back: the index files exist as script
//! calls, pages with `search: false` and drafts are nowhere in them, the A to Z page
//! lists every searchable page, the header box is a plain GET form, and the search
//! page's script and styles load on the search page only.

mod common;
use common::*;
use std::path::Path;

fn search_files(out: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(out.join("search"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "js"))
        .map(|e| {
            (
                e.path().strip_prefix(out).unwrap().display().to_string(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_index_holds_every_searchable_page_and_nothing_else() {
    let site = fixture("search");
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = site.out();
    let files = search_files(&out);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let (manifest_path, _, json) = search_manifest(&out);
    for wanted in ["manifest-", "facets-", "f-0-", "t-_root-"] {
        assert!(
            names
                .iter()
                .any(|n| n.starts_with(&format!("search/data/{wanted}"))),
            "{wanted} missing from {names:?}"
        );
    }
    for (name, text) in &files {
        // Every file is in search/data/ and ends in a hash of its content.
        let key = name
            .strip_prefix("search/data/")
            .and_then(|n| n.strip_suffix(".js"))
            .unwrap_or_else(|| panic!("{name} is not in search/data/"));
        let hash = key.rsplit('-').next().unwrap();
        assert!(
            hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
            "{name} has no content hash"
        );
        assert!(
            text.starts_with(&format!("PBS(\"{key}\",")) && text.ends_with(");\n"),
            "{name} is not one registration call"
        );
        for secret in ["zorblax", "Secret Garden", "quintessa", "Unfinished Draft"] {
            assert!(!text.contains(secret), "{secret} is in {name}");
        }
    }
    assert!(manifest_path.starts_with(out.join("search/data")));
    // Home, about, 2 blocks, 4 case studies; not the opted-out page nor the draft.
    assert_eq!(json["docs"], 8);
    assert_eq!(json["stemmed"], true);
    let meta = &files
        .iter()
        .find(|(n, t)| n.starts_with("search/data/f-") && t.contains("\"Oldham Council\""))
        .unwrap()
        .1;
    assert!(
        meta.contains("\"Oldham Council\",\"case-studies/oldham/index.html\""),
        "{meta}"
    );

    // The A to Z page: every searchable page by letter, and not the others.
    let az = html(&out.join("a-z/index.html"));
    let titles = texts(&az, ".az-list a");
    assert_eq!(titles.len(), 8, "{titles:?}");
    assert!(titles.contains(&"Oldham Council".to_owned()));
    assert!(!titles.contains(&"Secret Garden Project".to_owned()));
    let letters = texts(&az, ".az-letter h2");
    let mut sorted = letters.clone();
    sorted.sort();
    assert_eq!(letters, sorted);
    assert!(
        letters.contains(&"C".to_owned()),
        "Café files under C: {letters:?}"
    );
    assert_eq!(texts(&az, "#letter-o + ul a"), ["Oldham Council"]);
    let (checked, broken) = broken_links(&out);
    assert!(checked > 0 && broken.is_empty(), "{broken:?}");
}

#[test]
fn the_header_box_is_a_plain_form_and_search_assets_load_only_on_the_search_page() {
    let site = fixture("search");
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = site.out();
    let page = html(&out.join("case-studies/oldham/index.html"));
    assert_eq!(
        attrs(&page, "header form[role=search]", "action"),
        ["../../search/index.html"]
    );
    assert_eq!(attrs(&page, "header form[role=search]", "method"), ["get"]);
    assert_eq!(
        attrs(&page, "header form input[type=search]", "name"),
        ["q"]
    );
    assert_eq!(
        texts(&page, "label[for=site-search-q]"),
        ["Search Search Fixture"]
    );
    assert!(
        attrs(&page, "script", "src")
            .iter()
            .all(|s| !s.contains("search"))
    );
    assert!(
        attrs(&page, "link", "href")
            .iter()
            .all(|s| !s.contains("search"))
    );

    let search = html(&out.join("search/index.html"));
    assert!(
        texts(&search, "header form").is_empty(),
        "no second box on the search page"
    );
    assert_eq!(attrs(&search, "#search-form input", "name"), ["q"]);
    assert_eq!(attrs(&search, "#search-form", "method"), ["get"]);
    let script = attrs(&search, "script[src*='/search.']", "src");
    assert!(
        script.len() == 1 && is_content_named(&script[0], "../", "search.js"),
        "{script:?}"
    );
    let style = attrs(&search, "link[href*='/search.']", "href");
    assert!(
        style.len() == 1 && is_content_named(&style[0], "../", "search.css"),
        "{style:?}"
    );
    assert_eq!(
        attrs(&search, "#search-form", "data-index"),
        ["../search/data/"]
    );
    // The manifest loads beside search.js, not after it (one round trip fewer for a
    // query in the address, as the header's search box sends).
    let (_, manifest, _) = search_manifest(&out);
    assert_eq!(
        attrs(&search, "link[rel=preload][as=script]", "href"),
        [format!("../search/data/{manifest}.js")]
    );
    assert_eq!(attrs(&search, "#search-status", "role"), ["status"]);
    // Without JavaScript: a link to the A to Z page, visible and inside <noscript>.
    assert_eq!(
        attrs(&search, ".search-az a", "href"),
        ["../a-z/index.html"]
    );
    let raw = std::fs::read_to_string(out.join("search/index.html")).unwrap();
    let noscript = raw
        .split("<noscript>")
        .nth(1)
        .unwrap()
        .split("</noscript>")
        .next()
        .unwrap();
    assert!(
        noscript.contains("href=\"../a-z/index.html\""),
        "{noscript}"
    );
}

#[test]
fn a_language_without_a_stemmer_warns() {
    let site = fixture("search");
    let config = std::fs::read_to_string(site.root.join("placebook.yaml")).unwrap();
    site.write(
        "placebook.yaml",
        config.replace("language: en-GB", "language: ga"),
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning[search-no-stemmer]"),
        "{}",
        stderr(&o)
    );
    let o = build(&fixture("search").root, &[]);
    assert!(!stderr(&o).contains("search-no-stemmer"));
}

/// The manifest's `mutations` flag, read back (`None` when it is absent).
fn manifest_mutations(out: &Path) -> Option<String> {
    let (_, _, manifest) = search_manifest(out);
    manifest["mutations"].as_str().map(str::to_owned)
}

#[test]
fn a_welsh_site_keys_words_by_mutation_and_says_so_in_the_manifest() {
    let site = fixture("search");
    let config = std::fs::read_to_string(site.root.join("placebook.yaml")).unwrap();
    for (language, flag) in [("cy", Some("cy")), ("cy-GB", Some("cy")), ("en-GB", None)] {
        site.write(
            "placebook.yaml",
            config.replace("language: en-GB", &format!("language: {language}")),
        );
        let o = build(&site.root, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        // Welsh has mutation keys instead of a stemmer, so it is not warned about.
        assert!(!stderr(&o).contains("search-no-stemmer"), "{}", stderr(&o));
        assert_eq!(
            manifest_mutations(&site.out()).as_deref(),
            flag,
            "{language}"
        );
    }
}

#[test]
fn a_site_where_every_page_opts_out_has_no_search() {
    let site = fixture("search");
    for entry in walkdir::WalkDir::new(site.root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_some_and(|x| x == "md") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            if !text.contains("search: false") {
                std::fs::write(
                    entry.path(),
                    text.replacen("---\n", "---\nsearch: false\n", 1),
                )
                .unwrap();
            }
        }
    }
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!site.out().join("search").exists());
    assert!(!site.out().join("a-z").exists());
    let home = html(&site.out().join("index.html"));
    assert!(attrs(&home, "form[role=search]", "action").is_empty());
}

/// The page files of the index (`[title, url, collection, summary, text, sections]`).
fn meta_rows(out: &Path) -> Vec<Vec<serde_json::Value>> {
    let (_, _, manifest) = search_manifest(out);
    let prefix = manifest["z"]
        .as_str()
        .map(|z| (z, manifest["zn"].as_u64().unwrap() as usize));
    search_files(out)
        .into_iter()
        .filter(|(name, _)| name.starts_with("search/data/f-"))
        .map(|(name, text)| {
            let key = name
                .trim_start_matches("search/data/")
                .trim_end_matches(".js");
            let json = text
                .trim_start_matches(&format!("PBS(\"{key}\","))
                .trim_end_matches(");\n")
                .to_owned();
            let mut row = serde_json::from_str::<Vec<serde_json::Value>>(&json).unwrap();
            // The text is packed (deflated against the manifest's dictionary, base64):
            // the browser unpacks it.
            let text = placebook::search::packed::unpack(row[4].as_str().unwrap(), prefix).unwrap();
            row[4] = serde_json::Value::String(text);
            row
        })
        .collect()
}

#[test]
fn a_pages_text_ends_each_heading_before_the_text_after_it_and_lists_its_sections() {
    let site = fixture("search");
    site.write(
        "content/case-studies/zephyrton.md",
        "---\ntitle: Zephyrton\nplace: Zephyrton\nsummary: A town.\n---\n\n## The context\nZephyrton pooled its budgets.\n\n## Who *paid*?\n\nEveryone.\n\n### Sources:\n\n- One\n",
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = meta_rows(&site.out());
    let row = rows
        .iter()
        .find(|r| r[0] == "Zephyrton")
        .expect("the page is in the index");
    // A full stop after a heading, unless it ends with punctuation of its own.
    assert_eq!(
        row[4],
        "The context. Zephyrton pooled its budgets. Who paid? Everyone. Sources: One"
    );
    // Each level-2 and level-3 heading: where its text starts, its id (0: the slug
    // the browser makes of its title) and its text (a number: its length in the text
    // there).
    assert_eq!(row[5], serde_json::json!([0, 0, 11, 43, 0, 9, 63, 0, 8]));
    let cafe = rows
        .iter()
        .find(|r| r[0] == "Café culture in Ryde")
        .unwrap();
    assert!(
        cafe[4]
            .as_str()
            .unwrap()
            .starts_with("The café. Volunteers serve tea"),
        "{:?}",
        cafe[4]
    );
}

#[test]
fn index_files_are_named_by_their_content_and_a_rebuild_renames_only_what_changed() {
    let site = fixture("search");
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = site.out();
    let before: Vec<String> = search_files(&out).into_iter().map(|(n, _)| n).collect();
    let (old_manifest, _, _) = search_manifest(&out);
    // The same site again: the same names.
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let again: Vec<String> = search_files(&out).into_iter().map(|(n, _)| n).collect();
    assert_eq!(before, again);
    // One new word in one page: its shard, the result chunks' block and the manifest
    // get new names; the old files are gone and the search page names the new manifest.
    let path = site.root.join("content/case-studies/oldham.md");
    let text = std::fs::read_to_string(&path).unwrap();
    site.write(
        "content/case-studies/oldham.md",
        format!("{text}\n\nA quizzaciously new word.\n"),
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let after: Vec<String> = search_files(&out).into_iter().map(|(n, _)| n).collect();
    let (new_manifest, _, _) = search_manifest(&out);
    assert_ne!(old_manifest, new_manifest);
    assert!(!old_manifest.exists(), "the old manifest is removed");
    let kept = after.iter().filter(|n| before.contains(n)).count();
    assert!(
        kept > 0 && kept < after.len(),
        "some files keep their names, some change: {before:?} -> {after:?}"
    );
    assert!(
        search_files(&out)
            .iter()
            .any(|(n, t)| n.starts_with("search/data/t-") && t.contains("quizzac")),
        "the new word is in a renamed shard"
    );
}
