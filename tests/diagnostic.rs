//! The diagnostic page in the build output: every question of every building block,
//! whatever the number of blocks, rated on the scale from `placebook.yaml`; blocks that
//! opt out are left out. Read through the parsed DOM and the page's embedded JSON.

mod common;
use common::*;
use scraper::Selector;
use serde_json::Value;

fn built(site: &Site) -> scraper::Html {
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    html(&site.out().join("diagnostic/index.html"))
}

/// The JSON the page's script reads.
fn data(doc: &scraper::Html) -> Value {
    let sel = Selector::parse("script#dx-data[type='application/json']").unwrap();
    let text: String = doc
        .select(&sel)
        .next()
        .expect("data element")
        .text()
        .collect();
    serde_json::from_str(&text).expect("valid JSON")
}

/// For each fieldset: its legend and the labels of its radio buttons (all of one name).
fn fieldsets(doc: &scraper::Html) -> Vec<(String, Vec<String>)> {
    let fieldset = Selector::parse("form#dx-form fieldset").unwrap();
    let legend = Selector::parse("legend").unwrap();
    let label = Selector::parse("label.dx-level").unwrap();
    let radio = Selector::parse("input[type=radio]").unwrap();
    let words = |e: scraper::ElementRef| {
        e.text()
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    doc.select(&fieldset)
        .map(|f| {
            let names: Vec<&str> = f
                .select(&radio)
                .filter_map(|r| r.value().attr("name"))
                .collect();
            assert!(
                names.windows(2).all(|w| w[0] == w[1]),
                "one radio group per question: {names:?}"
            );
            let legends: Vec<_> = f.select(&legend).collect();
            assert_eq!(legends.len(), 1, "one legend per fieldset");
            (words(legends[0]), f.select(&label).map(words).collect())
        })
        .collect()
}

const SCALE: [&str; 5] = [
    "Not yet",
    "Starting",
    "Developing",
    "Established",
    "Embedded",
];

#[test]
fn the_page_carries_every_question_of_the_three_blocks() {
    let site = fixture("good");
    let doc = built(&site);
    assert_eq!(texts(&doc, "h1"), vec!["Diagnostic"]);
    assert_eq!(
        texts(&doc, ".dx-block__title"),
        vec!["1. Shared purpose", "2. Pooled budgets", "3. Data sharing"]
    );
    let expected = [
        "1.1 Do partners describe the goal in the same words?",
        "1.2 Did residents help set it?",
        "2.1 Is there one budget that partners can spend together, with rules they agreed?",
        "2.2 Do partners know what each other spends in the place?",
        "2.3 Can money move between organisations when the need is elsewhere, without a new deal each time?",
        "3.1 Can a frontline worker see what other services know about a family, with its consent?",
    ];
    let found = fieldsets(&doc);
    assert_eq!(
        found.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>(),
        expected
    );
    for (legend, labels) in &found {
        assert_eq!(labels, &SCALE, "{legend}");
    }
    // Every question has an optional note with a label.
    assert_eq!(texts(&doc, "form#dx-form textarea").len(), expected.len());
    for id in attrs(&doc, "form#dx-form textarea", "id") {
        assert_eq!(
            attrs(&doc, &format!("label[for='{id}']"), "for").len(),
            1,
            "{id}"
        );
    }
    // The script's data: titles, guides, questions and the case studies that show each block.
    let d = data(&doc);
    assert_eq!(d["scale"], serde_json::json!(SCALE));
    let blocks = d["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 3);
    assert_eq!(blocks[0]["key"], "shared-purpose");
    assert_eq!(
        blocks[0]["url"],
        "building-blocks/shared-purpose/index.html"
    );
    assert_eq!(blocks[1]["questions"].as_array().unwrap().len(), 3);
    let cases = |i: usize| -> Vec<&str> {
        blocks[i]["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["title"].as_str().unwrap())
            .collect()
    };
    assert_eq!(cases(0), vec!["Alpha Town", "Beta City"]);
    assert_eq!(cases(2), vec!["Gamma Café"]);
    assert_eq!(
        blocks[2]["cases"][0]["url"],
        "case-studies/gamma-café/index.html"
    );
    for b in blocks {
        let url = b["url"].as_str().unwrap();
        assert!(site.out().join(url).is_file(), "{url}");
    }
    // The paper score sheet lists each block with the case studies that show it.
    assert_eq!(
        texts(&doc, ".dx-sheet tbody th"),
        vec!["1. Shared purpose", "2. Pooled budgets", "3. Data sharing"]
    );
    // Linked from the header and the footer of every page.
    let home = html(&site.out().join("index.html"));
    assert_eq!(
        attrs(
            &home,
            "nav[aria-label=Main] a[href='diagnostic/index.html']",
            "href"
        )
        .len(),
        1
    );
    assert_eq!(
        texts(&home, ".site-footer a[href='diagnostic/index.html']"),
        vec!["Diagnostic: a self-assessment"]
    );
    assert_eq!(
        attrs(&doc, "nav[aria-label=Main] a[aria-current=page]", "href"),
        vec!["../diagnostic/index.html"]
    );
}

#[test]
fn thirteen_blocks_make_thirteen_sections_with_no_code_change() {
    let site = fixture("plays");
    let doc = built(&site);
    let titles = texts(&doc, ".dx-block__title");
    assert_eq!(titles.len(), 13);
    let expected: Vec<String> = (1..=13)
        .map(|n| format!("{n}.1 Is play {n} in place?"))
        .collect();
    let found: Vec<String> = fieldsets(&doc).into_iter().map(|(l, _)| l).collect();
    assert_eq!(found, expected);
    let d = data(&doc);
    let keys: Vec<&str> = d["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        (1..=13).map(|n| format!("play-{n}")).collect::<Vec<_>>()
    );
    assert_eq!(d["blocks"][2]["cases"][0]["title"], "Riverside");
    assert_eq!(d["blocks"][2]["url"], "plays/play-3/index.html");
    assert_eq!(
        texts(&doc, ".dx-jump li").len(),
        14,
        "13 blocks and the results"
    );
}

#[test]
fn a_block_that_opts_out_is_left_out() {
    let site = fixture("plays");
    site.write(
        "content/plays/play-5.md",
        "---\ntitle: Play 5\nnumber: 5\nsummary: Play number 5.\nquestions: [\"Is play 5 in place?\"]\ndiagnostic: false\n---\n\nText.\n",
    );
    let doc = built(&site);
    let legends: Vec<String> = fieldsets(&doc).into_iter().map(|(l, _)| l).collect();
    assert_eq!(legends.len(), 12);
    assert!(!legends.iter().any(|l| l.contains("play 5")), "{legends:?}");
    assert!(
        !texts(&doc, ".dx-block__title")
            .iter()
            .any(|t| t.ends_with("Play 5"))
    );
    let d = data(&doc);
    assert!(!d.to_string().contains("play-5"));
    // The block's own page is still there, with its questions.
    let block = html(&site.out().join("plays/play-5/index.html"));
    assert_eq!(texts(&block, ".questions li"), vec!["Is play 5 in place?"]);
}

#[test]
fn the_scale_and_title_come_from_the_config() {
    let site = fixture("plays");
    let config = std::fs::read_to_string(site.root.join("placebook.yaml")).unwrap();
    site.write(
        "placebook.yaml",
        config + "diagnostic:\n  title: Health check\n  scale: [No, Partly, Mostly, Yes]\n",
    );
    let doc = built(&site);
    assert_eq!(texts(&doc, "h1"), vec!["Health check"]);
    for (legend, labels) in fieldsets(&doc) {
        assert_eq!(labels, ["No", "Partly", "Mostly", "Yes"], "{legend}");
    }
    assert_eq!(data(&doc)["scale"].as_array().unwrap().len(), 4);
    assert_eq!(
        texts(&doc, "nav[aria-label=Main] a[aria-current=page]"),
        vec!["Health check"]
    );
}

#[test]
fn the_page_can_be_turned_off_and_is_not_written_without_questions() {
    let site = fixture("plays");
    let config = std::fs::read_to_string(site.root.join("placebook.yaml")).unwrap();
    site.write("placebook.yaml", config + "diagnostic: false\n");
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!site.out().join("diagnostic").exists());
    let home = html(&site.out().join("index.html"));
    assert!(attrs(&home, "a[href$='diagnostic/index.html']", "href").is_empty());

    let site = fixture("good");
    site.write(
        "content/building-blocks/shared-purpose.md",
        "---\ntitle: Shared purpose\nnumber: 1\nsummary: S.\n---\n\n## Why it matters\n\n## What good looks like {#good}\n",
    );
    for f in ["pooled-budgets", "data-sharing"] {
        site.write(
            &format!("content/building-blocks/{f}.md"),
            format!("---\ntitle: {f}\nnumber: {}\nsummary: S.\ndiagnostic: false\nquestions: [Q?]\n---\n\nText.\n", if f == "data-sharing" { 3 } else { 2 }),
        );
    }
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!site.out().join("diagnostic").exists());
}

#[test]
fn question_text_cannot_break_out_of_the_page() {
    let site = fixture("plays");
    let nasty = "Is </script><script>alert(1)</script> & <b>this</b> in place?";
    site.write(
        "content/plays/play-1.md",
        format!(
            "---\ntitle: Play 1\nnumber: 1\nsummary: S.\nquestions: [\"{nasty}\"]\n---\n\nText.\n"
        ),
    );
    let doc = built(&site);
    assert_eq!(data(&doc)["blocks"][0]["questions"][0], nasty);
    assert_eq!(fieldsets(&doc)[0].0, format!("1.1 {nasty}"));
    // The one script in the page body is the page's own (plus the data and words elements).
    let scripts = attrs(&doc, "main script", "src");
    assert_eq!(scripts.len(), 1, "{scripts:?}");
    assert!(
        is_content_named(&scripts[0], "../", "diagnostic.js"),
        "{scripts:?}"
    );
    assert_eq!(
        attrs(&doc, "main script[type='application/json']", "id"),
        vec!["dx-data", "pb-strings"]
    );
    assert_eq!(texts(&doc, "main script").len(), 3);
}

#[test]
fn no_page_or_collection_can_take_the_diagnostic_address() {
    let site = fixture("good");
    site.write("content/diagnostic.md", "---\ntitle: Mine\n---\n\nText.\n");
    let o = build(&site.root, &[]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("reserved-url"), "{}", stderr(&o));
    let site = fixture("good");
    let config = std::fs::read_to_string(site.root.join("placebook.yaml")).unwrap();
    site.write(
        "placebook.yaml",
        config + "collections:\n  diagnostic: { kind: page }\n",
    );
    let o = build(&site.root, &[]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("reserved"), "{}", stderr(&o));
}

/// The `good` fixture with `rubrics` (YAML lines) added to its Shared purpose block.
fn with_rubrics(rubrics: &str) -> Site {
    let site = fixture("good");
    site.edit("content/building-blocks/shared-purpose.md", |t| {
        t.replace("signs: [", &format!("rubrics:\n{rubrics}signs: ["))
    });
    site
}

#[test]
fn a_rubric_describes_each_level_beside_the_choices_and_other_questions_stay_as_they_were() {
    let site = with_rubrics(
        "  - question: 2\n    levels: [Nobody asked, A survey, A workshop, Residents on the panel, Residents set it]\n",
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning[rubric"), "{}", stderr(&o));
    let doc = html(&site.out().join("diagnostic/index.html"));
    let legends = texts(&doc, "fieldset.dx-q--rubric legend");
    assert_eq!(legends.len(), 1, "{legends:?}");
    assert!(
        legends[0].ends_with("Did residents help set it?"),
        "{legends:?}"
    );
    // Each descriptor is inside its level's label, so it is part of the choice's name.
    assert_eq!(
        texts(&doc, "fieldset.dx-q--rubric label.dx-level"),
        [
            "Not yet Nobody asked",
            "Starting A survey",
            "Developing A workshop",
            "Established Residents on the panel",
            "Embedded Residents set it"
        ]
    );
    assert_eq!(texts(&doc, ".dx-level__desc").len(), 5);
    assert!(texts(&doc, "fieldset:not(.dx-q--rubric) .dx-level__desc").is_empty());
}

#[test]
fn a_rubric_that_does_not_fit_is_one_located_warning_and_is_not_shown() {
    for (rubrics, code, line) in [
        (
            "  - question: 1\n    levels: [Low, Middle, High]\n",
            "rubric-levels",
            10,
        ),
        (
            "  - question: 3\n    levels: [a, b, c, d, e]\n",
            "rubric-question",
            10,
        ),
    ] {
        let site = with_rubrics(rubrics);
        let o = build(&site.root, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        let err = stderr(&o);
        assert_eq!(err.matches("warning[rubric").count(), 1, "{err}");
        assert!(err.contains(&format!("warning[{code}]")), "{err}");
        let at = format!("content/building-blocks/shared-purpose.md:{line}:");
        assert!(locations(&err).iter().any(|l| l.starts_with(&at)), "{err}");
        let doc = html(&site.out().join("diagnostic/index.html"));
        assert!(texts(&doc, ".dx-level__desc").is_empty(), "{code}");
    }
}

/// The QR codes of a built page: (the SVG's viewBox, how many squares its path draws,
/// the address written beside it).
fn qr_codes(doc: &scraper::Html) -> Vec<(String, usize, String)> {
    let figure = Selector::parse("figure.dx-qr").unwrap();
    let svg = Selector::parse("svg").unwrap();
    let url = Selector::parse(".dx-qr__url").unwrap();
    doc.select(&figure)
        .map(|f| {
            let markup = f.select(&svg).next().expect("an svg").html();
            let tree = roxmltree::Document::parse(&markup).expect("well-formed SVG");
            let root = tree.root_element();
            assert_eq!(root.attribute("aria-hidden"), Some("true"));
            let path = root
                .descendants()
                .find(|n| n.has_tag_name("path"))
                .expect("a path");
            let squares = path.attribute("d").unwrap_or_default().matches('M').count();
            let address: String = f.select(&url).next().expect("the address").text().collect();
            (
                root.attribute("viewBox").unwrap_or_default().to_owned(),
                squares,
                address,
            )
        })
        .collect()
}

#[test]
fn with_a_base_url_the_form_and_the_group_page_carry_a_qr_code_of_the_forms_address() {
    let site = fixture("good");
    let o = build(&site.root, &["--base-url", "https://example.org/pb/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for page in ["diagnostic/index.html", "diagnostic/group/index.html"] {
        let codes = qr_codes(&html(&site.out().join(page)));
        assert_eq!(codes.len(), 1, "{page}");
        let (view_box, squares, address) = &codes[0];
        assert_eq!(address, "https://example.org/pb/diagnostic/", "{page}");
        // A square of 17 + 4 × version modules, with a quiet zone of 4 on each side.
        let side: usize = view_box
            .strip_prefix("0 0 ")
            .and_then(|r| r.split_once(' '))
            .filter(|(w, h)| w == h)
            .and_then(|(w, _)| w.parse().ok())
            .unwrap_or_else(|| panic!("{page}: {view_box}"));
        assert!(
            side >= 21 + 8 && (side - 8 - 17).is_multiple_of(4),
            "{page}: {view_box}"
        );
        assert!(*squares > 100, "{page}: {squares}");
    }
    // Without one there is no address to give, and no code.
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(qr_codes(&html(&site.out().join("diagnostic/group/index.html"))).is_empty());
}

/// In a playbook where many case studies show a block, the page names the first five
/// and links to the block's page for all of them, on paper and in the script's data,
/// so that its size does not grow with the number of case studies.
#[test]
fn a_block_shown_by_many_case_studies_names_five_and_links_to_all() {
    let site = fixture("good");
    for i in 0..12 {
        site.write(
            &format!("content/case-studies/many-{i:02}.md"),
            format!("---\ntitle: Many {i:02}\nplace: Many\nsummary: S.\nbuilding_blocks: [shared-purpose]\n---\n\nText.\n"),
        );
    }
    let doc = built(&site);
    let block = &data(&doc)["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["key"] == "shared-purpose")
        .cloned()
        .unwrap();
    let total = block["casesTotal"].as_u64().unwrap();
    assert!(total >= 12, "{block}");
    assert_eq!(block["cases"].as_array().unwrap().len(), 5, "{block}");
    let row = Selector::parse("table.dx-sheet tbody tr").unwrap();
    let link = Selector::parse("td a").unwrap();
    let sheet_row = doc
        .select(&row)
        .find(|r| r.text().collect::<String>().contains("Shared purpose"))
        .expect("the block's row on the score sheet");
    let links: Vec<(String, String)> = sheet_row
        .select(&link)
        .map(|a| {
            (
                a.text().collect::<String>(),
                a.value().attr("href").unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(links.len(), 6, "{links:?}");
    assert_eq!(
        links[5],
        (
            format!("All {total} case studies"),
            "../building-blocks/shared-purpose/index.html".to_owned()
        )
    );
}
