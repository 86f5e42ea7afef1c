//! The default theme in Welsh: a site with `language: cy` is marked as Welsh and shows
//! the words of `themes/default/strings/cy.yaml`, and that file gives every word the
//! English one does, with the same placeholders.

mod common;

use common::{Site, attrs, build, fixture, html, stderr, texts};
use std::collections::BTreeMap;
use std::path::Path;

/// The default theme's words in `language`, read from its strings file.
fn strings(language: &str) -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("themes/default/strings/{language}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The Welsh words for `key`, checked to differ from the English ones, so that a test
/// using them shows the Welsh file at work rather than the English fallback.
fn welsh(key: &str) -> String {
    let (en, cy) = (strings("en"), strings("cy"));
    let word = cy
        .get(key)
        .unwrap_or_else(|| panic!("cy.yaml has no `{key}`"));
    assert_ne!(Some(word), en.get(key), "`{key}` is the same in Welsh");
    word.clone()
}

/// The `{placeholders}` of a string, in order of first appearance.
fn placeholders(words: &str) -> Vec<&str> {
    let mut found: Vec<&str> = Vec::new();
    for (start, _) in words.match_indices('{') {
        if let Some(len) = words[start..].find('}') {
            let name = &words[start..=start + len];
            if !found.contains(&name) {
                found.push(name);
            }
        }
    }
    found
}

/// A copy of the `good` fixture with `language: cy`, built.
fn welsh_site() -> Site {
    let site = fixture("good");
    let config = std::fs::read_to_string(site.root.join("placebook.yaml")).unwrap();
    let mut config: String = config
        .lines()
        .filter(|l| !l.starts_with("language:"))
        .map(|l| format!("{l}\n"))
        .collect();
    config.push_str("language: cy\n");
    site.write("placebook.yaml", config);
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    site
}

#[test]
fn the_welsh_file_has_every_key_and_placeholder_of_the_english_one() {
    let (en, cy) = (strings("en"), strings("cy"));
    let missing: Vec<&String> = en.keys().filter(|k| !cy.contains_key(*k)).collect();
    assert!(missing.is_empty(), "cy.yaml lacks {missing:?}");
    let extra: Vec<&String> = cy.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(
        extra.is_empty(),
        "cy.yaml has keys en.yaml lacks: {extra:?}"
    );
    for (key, english) in &en {
        let mut want = placeholders(english);
        let mut got = placeholders(&cy[key]);
        want.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, want, "`{key}` has other placeholders in Welsh");
    }
}

#[test]
fn a_welsh_site_is_marked_welsh_and_its_page_chrome_is_in_welsh() {
    let site = welsh_site();
    let doc = html(&site.out().join("building-blocks/shared-purpose/index.html"));
    assert_eq!(attrs(&doc, "html", "lang"), vec!["cy"]);
    assert_eq!(texts(&doc, ".skip-link"), vec![welsh("skip_link")]);
    assert_eq!(
        texts(&doc, ".site-search button"),
        vec![welsh("search_button")]
    );
    assert_eq!(texts(&doc, ".theme-toggle"), vec![welsh("theme_to_dark")]);
    assert_eq!(
        attrs(&doc, ".theme-toggle", "data-to-light"),
        vec![welsh("theme_to_light")]
    );
    assert_eq!(
        attrs(&doc, "nav.site-nav", "aria-label"),
        vec![welsh("nav_main")]
    );
    assert_eq!(texts(&doc, ".prev-next__label"), vec![welsh("next")]);
}

#[test]
fn a_welsh_sites_pages_name_their_parts_in_welsh() {
    let site = welsh_site();
    let block = html(&site.out().join("building-blocks/shared-purpose/index.html"));
    assert_eq!(
        texts(&block, "#pb-questions"),
        vec![welsh("questions_heading")]
    );
    assert_eq!(texts(&block, "#pb-signs"), vec![welsh("signs_heading")]);
    let backlinks = welsh("backlinks_heading")
        .replace("{cases}", "Case studies")
        .replace("{block}", "building block");
    assert_eq!(texts(&block, "#pb-backlinks"), vec![backlinks]);
    let case = html(&site.out().join("case-studies/alpha-town/index.html"));
    let facts = [
        "fact_place",
        "fact_region",
        "fact_started",
        "fact_lead",
        "fact_partners",
    ];
    assert_eq!(
        texts(&case, ".facts dt"),
        facts.iter().map(|k| welsh(k)).collect::<Vec<_>>()
    );
    let matrix = html(&site.out().join("matrix/index.html"));
    assert_eq!(
        texts(&matrix, ".matrix tfoot th"),
        vec![welsh("matrix_totals")]
    );
    let not_found = html(&site.out().join("404.html"));
    assert_eq!(texts(&not_found, "h1"), vec![welsh("not_found_title")]);
}

/// The raw text of the one element matching `selector`, as a script's contents are.
fn raw_text(doc: &scraper::Html, selector: &str) -> String {
    let sel = scraper::Selector::parse(selector).unwrap();
    let found: Vec<String> = doc
        .select(&sel)
        .map(|e| e.text().collect::<String>())
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{selector} matched {} elements",
        found.len()
    );
    found[0].clone()
}

#[test]
fn a_welsh_self_assessment_page_has_welsh_headings_and_gives_its_script_welsh_words() {
    let site = welsh_site();
    let doc = html(&site.out().join("diagnostic/index.html"));
    let headings = [
        ("#dx-shared-h", "dx_shared_heading"),
        ("#dx-how-h", "dx_how_heading"),
        ("#dx-results-h", "dx_results"),
        ("#dx-next-h", "dx_next_heading"),
        ("#dx-tools-h", "dx_tools_heading"),
    ];
    for (selector, key) in headings {
        assert_eq!(texts(&doc, selector), vec![welsh(key)], "{selector}");
    }
    let tools = [
        "dx_share",
        "dx_take_away",
        "dx_load",
        "dx_compare",
        "dx_start_again",
    ];
    assert_eq!(
        texts(&doc, ".dx-tool h3"),
        tools.iter().map(|k| welsh(k)).collect::<Vec<_>>()
    );
    let words: serde_json::Value =
        serde_json::from_str(&raw_text(&doc, "script#pb-strings")).unwrap();
    assert_eq!(words["dx_copied"], welsh("dx_copied"));
}

#[test]
fn a_welsh_sites_group_page_is_in_welsh() {
    let site = welsh_site();
    let doc = html(&site.out().join("diagnostic/group/index.html"));
    assert_eq!(attrs(&doc, "html", "lang"), vec!["cy"]);
    assert_eq!(texts(&doc, "h1"), vec![welsh("dxg_title")]);
    assert_eq!(texts(&doc, ".skip-link"), vec![welsh("skip_link")]);
}
