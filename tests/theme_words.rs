//! The default theme's words: every label comes from the config (a collection's title
//! and `singular`) or from the theme's strings file, never from the sample; list fields
//! are inline markdown; terms, counts and dates read as a person would write them.

mod common;

use common::{build, fixture, html, stderr, texts};
use std::path::Path;

/// Every HTML file under `dir`.
fn html_files(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

/// The words a reader sees on the page at `path` (its `<body>`, scripts left out).
fn visible_text(path: &Path) -> String {
    let doc = html(path);
    let body = scraper::Selector::parse("body").unwrap();
    let script = scraper::Selector::parse("script").unwrap();
    let mut text = String::new();
    for el in doc.select(&body) {
        let scripts: Vec<String> = el
            .select(&script)
            .map(|s| s.text().collect::<String>())
            .filter(|s| !s.trim().is_empty())
            .collect();
        let mut all: String = el.text().collect::<Vec<_>>().join(" ");
        for s in scripts {
            all = all.replace(&s, " ");
        }
        text.push_str(&all);
    }
    text
}

#[test]
fn a_site_with_other_collection_names_is_worded_with_them() {
    let site = fixture("plays");
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let play = html(&site.out().join("plays/play-3/index.html"));
    assert_eq!(texts(&play, ".page-header .caption"), vec!["Play 3"]);
    assert_eq!(
        texts(&play, "#pb-backlinks"),
        vec!["Stories that show this play"]
    );
    let plays = html(&site.out().join("plays/index.html"));
    assert_eq!(texts(&plays, ".page-header .lead"), vec!["13 plays"]);
    let story = html(&site.out().join("stories/riverside/index.html"));
    assert_eq!(
        texts(&story, ".page-header .caption"),
        vec!["Story: Riverside"]
    );
    assert_eq!(texts(&story, "#pb-blocks"), vec!["Plays this place shows"]);
    for page in html_files(&site.out()) {
        let text = visible_text(&page).to_lowercase();
        for word in ["building block", "case stud"] {
            assert!(
                !text.contains(word),
                "{} says `{word}` on a site with neither: {text}",
                page.display()
            );
        }
    }
}

#[test]
fn a_site_without_case_studies_does_not_offer_them() {
    let site = fixture("plays");
    std::fs::remove_dir_all(site.root.join("content/stories")).unwrap();
    site.write(
        "placebook.yaml",
        "title: Plays only\ncollections:\n  plays: { kind: building-block, title: Plays }\n",
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let play = html(&site.out().join("plays/play-3/index.html"));
    assert!(texts(&play, "#pb-backlinks").is_empty());
    assert!(!site.out().join("matrix/index.html").exists());
}

#[test]
fn a_collection_can_name_one_of_its_pages() {
    let site = fixture("plays");
    site.write(
        "placebook.yaml",
        "title: T\ncollections:\n  plays: { kind: building-block, title: Plays, singular: Move, sort_by: number }\n  stories: { kind: case-study, title: Stories, singular: Tale }\n",
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let play = html(&site.out().join("plays/play-3/index.html"));
    assert_eq!(texts(&play, ".page-header .caption"), vec!["Move 3"]);
    let story = html(&site.out().join("stories/riverside/index.html"));
    assert_eq!(
        texts(&story, ".page-header .caption"),
        vec!["Tale: Riverside"]
    );
}

#[test]
fn a_playbook_changes_the_themes_words_in_its_own_strings_file() {
    let site = fixture("plays");
    site.write(
        "themes/default/strings/en.yaml",
        "search_button: Find\nquestions_heading: \"Ask yourselves:\"\n",
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let play = html(&site.out().join("plays/play-3/index.html"));
    assert_eq!(texts(&play, ".site-search button"), vec!["Find"]);
    assert_eq!(texts(&play, "#pb-questions"), vec!["Ask yourselves:"]);
}

#[test]
fn a_strings_key_the_theme_lacks_is_one_located_error_and_nothing_is_written() {
    let site = fixture("plays");
    site.write(
        "themes/default/strings/en.yaml",
        "home: Start\nserch_button: Find\n",
    );
    let o = build(&site.root, &[]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(err.matches("error[").count(), 1, "{err}");
    assert!(err.contains("error[invalid-strings]"), "{err}");
    assert!(err.contains("themes/default/strings/en.yaml:2:1"), "{err}");
    assert!(err.contains("search_button"), "{err}");
    assert!(!site.out().exists());
}

#[test]
fn list_fields_are_inline_markdown_and_cannot_widen_the_page_with_raw_syntax() {
    let site = fixture("plays");
    site.write(
        "content/plays/play-3.md",
        "---\ntitle: Play 3\nnumber: 3\nsummary: S.\nquestions: [\"Is *play 3* in place?\"]\nsigns:\n  - \"Read [the guide](https://example.org/guide) first\"\n  - \"<script>alert(1)</script> is shown as text\"\n  - \"[a script](javascript:alert(1)) keeps only its words\"\n---\n\nText.\n",
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let play = html(&site.out().join("plays/play-3/index.html"));
    assert_eq!(
        common::attrs(&play, ".checklist a", "href"),
        vec!["https://example.org/guide"]
    );
    assert_eq!(texts(&play, ".questions em"), vec!["play 3"]);
    let signs = texts(&play, ".checklist li");
    assert_eq!(
        signs,
        vec![
            "Read the guide first",
            "<script>alert(1)</script> is shown as text",
            "a script keeps only its words"
        ]
    );
    assert!(texts(&play, ".checklist script").is_empty());
}

#[test]
fn questions_link_to_their_place_in_the_self_assessment() {
    let site = fixture("good");
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let block = html(&site.out().join("building-blocks/pooled-budgets/index.html"));
    let links = common::attrs(&block, ".questions a.questions__rate", "href");
    assert!(!links.is_empty());
    let dx = html(&site.out().join("diagnostic/index.html"));
    for link in links {
        let (page, id) = link.split_once('#').unwrap();
        assert_eq!(page, "../../diagnostic/index.html");
        assert_eq!(
            common::attrs(&dx, &format!("fieldset[id='{id}']"), "id").len(),
            1,
            "{id} is a question on the diagnostic page"
        );
    }
}

#[test]
fn terms_written_as_slugs_and_source_dates_read_as_words() {
    let site = fixture("plays");
    site.write(
        "placebook.yaml",
        "title: T\ntaxonomies: [tags]\ncollections:\n  plays: { kind: building-block, title: Plays, sort_by: number }\n  stories: { kind: case-study, title: Stories }\n",
    );
    site.write(
        "content/plays/play-3.md",
        "---\ntitle: Play 3\nnumber: 3\nsummary: S.\ntags: [health-and-care]\nsources:\n  - { title: A, url: \"https://example.org/a\", date: \"2017-04-07\" }\n  - { title: B, url: \"https://example.org/b\", date: \"2017-02\" }\n  - { title: C, url: \"https://example.org/c\", date: \"spring 2017\" }\n---\n\nText.\n",
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let term = html(&site.out().join("tags/health-and-care/index.html"));
    assert_eq!(texts(&term, "h1"), vec!["Health and care"]);
    let play = html(&site.out().join("plays/play-3/index.html"));
    assert_eq!(
        texts(&play, ".sources li"),
        vec!["A (7 April 2017)", "B (February 2017)", "C (spring 2017)"]
    );
    assert_eq!(
        common::attrs(&play, ".sources time", "datetime"),
        vec!["2017-04-07", "2017-02"]
    );
}

#[test]
fn cards_show_a_short_summary_and_a_case_studys_blocks() {
    let site = fixture("plays");
    let long = "word ".repeat(100);
    site.write(
        "content/stories/riverside.md",
        format!("---\ntitle: Riverside\nplace: Riverside\nsummary: \"{long}\"\nbuilding_blocks: [play-3, play-13]\n---\n\nText.\n"),
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let stories = html(&site.out().join("stories/index.html"));
    let summary = texts(&stories, ".card__summary").concat();
    assert!(
        summary.chars().count() <= 161 && summary.ends_with('…'),
        "{summary}"
    );
    assert_eq!(
        texts(&stories, ".card__shows"),
        vec!["Shows: 3. Play 3; 13. Play 13"]
    );
}

#[test]
fn a_relative_link_in_a_list_field_is_one_located_warning_and_shown_as_words() {
    let site = fixture("plays");
    site.write(
        "content/plays/play-3.md",
        "---\ntitle: Play 3\nnumber: 3\nsummary: S.\nsigns:\n  - \"See [play 4](play-4.md)\"\n---\n\nText.\n",
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.matches("warning[list-field-link]").count(), 1, "{err}");
    assert!(err.contains("content/plays/play-3.md:6:19"), "{err}");
    let play = html(&site.out().join("plays/play-3/index.html"));
    assert_eq!(texts(&play, ".checklist li"), vec!["See play 4"]);
}

#[test]
fn a_markdown_table_scrolls_in_a_box_a_keyboard_can_reach_even_when_sanitised() {
    for sanitize in ["false", "true"] {
        let site = fixture("plays");
        site.write(
            "placebook.yaml",
            format!("title: T\nsanitize: {sanitize}\ncollections:\n  plays: {{ kind: building-block, title: Plays, sort_by: number }}\n  stories: {{ kind: case-study, title: Stories }}\n"),
        );
        site.write(
            "content/plays/play-3.md",
            "---\ntitle: Play 3\nnumber: 3\nsummary: S.\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<table class=\"mine\"><tr><td>raw</td></tr></table>\n",
        );
        let o = build(&site.root, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        let play = html(&site.out().join("plays/play-3/index.html"));
        assert_eq!(
            texts(&play, ".prose .table-scroll[tabindex='0'] > table td"),
            vec!["1", "2"],
            "sanitize: {sanitize}"
        );
        // A table written in raw HTML is left as it is.
        assert_eq!(texts(&play, ".prose .table-scroll table.mine").len(), 0);
    }
}

#[test]
fn the_page_left_at_an_old_address_speaks_the_sites_language() {
    let site = fixture("plays");
    site.write(
        "content/plays/play-3.md",
        "---\ntitle: Play 3\nnumber: 3\nsummary: S.\naliases: [old-play/]\n---\n\nText.\n",
    );
    site.write(
        "placebook.yaml",
        "title: T\nlanguage: en-GB\ncollections:\n  plays: { kind: building-block, title: Plays, sort_by: number }\n  stories: { kind: case-study, title: Stories }\n",
    );
    site.write(
        "themes/default/strings/en.yaml",
        "moved_title: Gone elsewhere\n",
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let moved = html(&site.out().join("old-play/index.html"));
    assert_eq!(texts(&moved, "title"), vec!["Gone elsewhere"]);
    assert_eq!(common::attrs(&moved, "html", "lang"), vec!["en-GB"]);
    assert_eq!(
        texts(&moved, "p"),
        vec!["This page has moved to a new address."]
    );
}
