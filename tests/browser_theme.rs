//! The default theme in a real headless Chromium: navigation from disk with JavaScript
//! off, the dark-mode toggle, and the A to Z letters' size. Layout at every width,
//! target sizes, layout shift and axe-core on every page are in `browser_layout.rs`.

mod common;
use common::browser::*;
use common::*;
use std::path::{Path, PathBuf};

/// Builds the sample playbook once into a temporary folder.
fn sample() -> (tempfile::TempDir, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(root, &["--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, out)
}

#[test]
fn the_site_navigates_from_disk_with_javascript_off() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = sample();
    let tab = browser.new_tab().unwrap();
    disable_javascript(&tab);
    let before = tab.get_url();
    tab.navigate_to(&file_url(&out.join("index.html"))).unwrap();
    wait_for_new_url(&tab, &before);
    // Follow links as a reader would: header navigation, a listing, a cross-link, the footer.
    let steps: &[(&str, &str, &str)] = &[
        (
            "nav[aria-label=Main] a[href$='case-studies/index.html']",
            "case-studies/index.html",
            "Case studies",
        ),
        (
            ".card__title a[href*=sheffield-money]",
            "case-studies/sheffield-money/index.html",
            "Sheffield Money",
        ),
        (
            "section[aria-labelledby=pb-blocks] a",
            "building-blocks/",
            "",
        ),
        (
            "section[aria-labelledby=pb-backlinks] .card__title a",
            "case-studies/",
            "",
        ),
        (
            ".site-footer a[href$='matrix/index.html']",
            "matrix/index.html",
            "Case studies and building blocks",
        ),
        ("td a.matrix__yes", "case-studies/", ""),
        (".breadcrumbs a", "index.html", ""),
    ];
    for (selector, url_part, h1) in steps {
        let link = tab
            .wait_for_element(selector)
            .unwrap_or_else(|e| panic!("{selector} on {}: {e}", tab.get_url()));
        let before = tab.get_url();
        click_without_js(&tab, &link);
        let url = wait_for_new_url(&tab, &before);
        assert!(
            url.starts_with("file://") && url.contains(url_part),
            "after {selector}: {url}"
        );
        let title = eval(
            &tab,
            "document.querySelector('h1') && document.querySelector('h1').textContent.trim()",
        );
        assert!(
            title.as_str().is_some_and(|t| !t.is_empty()),
            "no h1 at {url}"
        );
        if !h1.is_empty() {
            assert_eq!(title.as_str(), Some(*h1), "at {url}");
        }
        assert_eq!(
            eval(
                &tab,
                "getComputedStyle(document.body).fontFamily.length > 0"
            ),
            true,
            "stylesheet loaded at {url}"
        );
    }
    // With scripts off the theme toggle is not shown, rather than showing a dead button.
    assert_eq!(
        eval(
            &tab,
            "getComputedStyle(document.querySelector('.theme-toggle')).display"
        ),
        "none"
    );
}

/// Waits until the tab has left `before` and the new page has loaded.
fn wait_for_new_url(tab: &headless_chrome::Tab, before: &str) -> String {
    let start = std::time::Instant::now();
    loop {
        let url = tab.get_url();
        let ready = eval(tab, "document.readyState") == "complete";
        if url != before && ready {
            return url;
        }
        assert!(
            start.elapsed().as_secs() < 20,
            "no navigation from {before}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn the_dark_mode_toggle_switches_and_is_remembered() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = sample();
    let tab = open(&browser, &file_url(&out.join("index.html")));
    set_color_scheme(&tab, "light");
    let bg = "getComputedStyle(document.body).backgroundColor";
    let light = eval(&tab, bg);
    let toggle_text = "document.querySelector('.theme-toggle').textContent";
    assert_eq!(
        eval(
            &tab,
            "getComputedStyle(document.querySelector('.theme-toggle')).display !== 'none'"
        ),
        true
    );
    // The button names what it does, so its words change with the mode.
    assert_eq!(eval(&tab, toggle_text), "Dark mode");
    tab.find_element(".theme-toggle").unwrap().click().unwrap();
    assert_eq!(eval(&tab, "document.documentElement.dataset.theme"), "dark");
    assert_eq!(eval(&tab, toggle_text), "Light mode");
    let dark = eval(&tab, bg);
    assert_ne!(light, dark, "background changes");
    // Another page keeps the choice.
    tab.navigate_to(&file_url(&out.join("about/index.html")))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    assert_eq!(eval(&tab, "document.documentElement.dataset.theme"), "dark");
    assert_eq!(eval(&tab, bg), dark);
}

#[test]
fn letter_links_are_targets_of_at_least_24_pixels() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = sample();
    let tab = browser.new_tab().unwrap();
    set_viewport(&tab, 390, 800);
    tab.navigate_to(&file_url(&out.join("a-z/index.html")))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let small = eval(
        &tab,
        "[...document.querySelectorAll('.az-letters a')].map(a => a.getBoundingClientRect()) \
         .filter(r => r.width < 24 || r.height < 24).length",
    );
    let count = eval(&tab, "document.querySelectorAll('.az-letters a').length");
    assert!(count.as_u64().unwrap() > 3, "letters found: {count}");
    assert_eq!(small, 0, "letter links smaller than 24 x 24 px");
}

/// Evaluates `js`, whose value is an array or object, and returns it as JSON.
fn eval_json(tab: &headless_chrome::Tab, js: &str) -> serde_json::Value {
    let text = eval(tab, &format!("JSON.stringify({js})"));
    serde_json::from_str(text.as_str().unwrap_or("null")).unwrap()
}

/// Opens `page` of `out` in a new tab of `width` x `height` and waits for it to load.
fn open_at(
    browser: &headless_chrome::Browser,
    out: &Path,
    page: &str,
    (width, height): (u32, u32),
) -> std::sync::Arc<headless_chrome::Tab> {
    let tab = browser.new_tab().unwrap();
    set_viewport(&tab, width, height);
    tab.navigate_to(&file_url(&out.join(page)))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab
}

/// Where the header's navigation ends on the page, in CSS pixels from its top.
fn header_end(tab: &headless_chrome::Tab) -> f64 {
    eval(
        tab,
        "document.querySelector('.site-nav').getBoundingClientRect().bottom + scrollY",
    )
    .as_f64()
    .unwrap()
}

#[test]
fn a_phone_shows_the_playbook_early_under_a_compact_header() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = sample();
    let tab = open_at(&browser, &out, "index.html", (390, 844));
    let top = |selector: &str| {
        eval(
            &tab,
            &format!("document.querySelector({selector:?}).getBoundingClientRect().top + scrollY"),
        )
        .as_f64()
        .unwrap()
    };
    // The header and navigation take at most a quarter of the first screen.
    let header_end = header_end(&tab);
    assert!(
        header_end <= 844.0 * 0.25,
        "header ends at {header_end} px of 844"
    );
    // The way into the self-assessment is on the first screen, and the first card
    // follows the introduction, not the home page's whole text.
    assert!(
        top(".start__button") < 844.0,
        "start button at {}",
        top(".start__button")
    );
    assert!(top(".card") < 1000.0, "first card at {} px", top(".card"));
    // Cards are of a similar height: no card shows a whole long summary.
    let heights = eval_json(
        &tab,
        "[...document.querySelectorAll('.card-list')[0].querySelectorAll('.card')].map(c => c.getBoundingClientRect().height)",
    );
    let heights: Vec<f64> = heights
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h.as_f64())
        .collect();
    let (lo, hi) = heights
        .iter()
        .fold((f64::MAX, 0f64), |(lo, hi), &h| (lo.min(h), hi.max(h)));
    assert!(
        heights.len() >= 3 && hi <= lo * 1.6,
        "card heights {heights:?}"
    );
}

#[test]
fn the_case_study_index_filters_by_region_and_block() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = sample();
    let tab = open_at(&browser, &out, "case-studies/index.html", (1280, 900));
    let shown = |tab: &headless_chrome::Tab| {
        eval_json(
            tab,
            "[...document.querySelectorAll('.card')].filter(c => !c.hidden).map(c => c.querySelector('.card__meta').textContent)",
        )
    };
    let all = shown(&tab).as_array().unwrap().len();
    assert!(all >= 5, "{all} cards");
    assert_eq!(
        eval(&tab, "document.querySelector('[data-filter]').hidden"),
        false
    );
    eval(
        &tab,
        "(s => { s.value = 'North West'; s.dispatchEvent(new Event('change', {bubbles: true})); })(document.getElementById('pb-filter-region'))",
    );
    let north_west = shown(&tab);
    let metas: Vec<&str> = north_west
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(!metas.is_empty() && metas.len() < all, "{metas:?}");
    assert!(metas.iter().all(|m| m.contains("North West")), "{metas:?}");
    let status = eval(
        &tab,
        "document.querySelector('[data-filter-status]').textContent",
    );
    assert_eq!(
        status.as_str(),
        Some(format!("Showing {} of {all}", metas.len()).as_str())
    );
    // With JavaScript off the filter is not offered, and every case study is listed.
    let tab = browser.new_tab().unwrap();
    disable_javascript(&tab);
    tab.navigate_to(&file_url(&out.join("case-studies/index.html")))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    assert_eq!(
        eval(&tab, "document.querySelector('[data-filter]').hidden"),
        true
    );
    assert_eq!(shown(&tab).as_array().unwrap().len(), all);
}

#[test]
fn a_playbook_of_many_pages_keeps_its_header_short_with_more_pages_behind_a_disclosure() {
    let Some(browser) = browser() else { return };
    let site = common::sample();
    for n in 1..=8 {
        site.write(
            &format!("content/guide-{n}.md"),
            format!("---\ntitle: Guide {n}\nweight: {n}\n---\n\nGuide number {n}.\n"),
        );
    }
    let out = site.root.join("public");
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let tab = open_at(&browser, &out, "index.html", (390, 844));
    // The first pages by weight are in the header; the others behind "More pages",
    // closed, so the playbook starts within the first quarter of a phone's screen.
    let shown = eval_json(
        &tab,
        "[...document.querySelectorAll('.site-nav a')].filter(a => a.checkVisibility()).map(a => a.textContent)",
    );
    let shown: Vec<&str> = shown
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t.as_str())
        .collect();
    assert!(
        shown.contains(&"Guide 1") && shown.contains(&"Guide 3"),
        "{shown:?}"
    );
    assert!(
        !shown.iter().any(|t| *t == "Guide 6" || *t == "Guide 8"),
        "{shown:?}"
    );
    let header_end = header_end(&tab);
    assert!(
        header_end <= 844.0 * 0.3,
        "header ends at {header_end} px of 844"
    );
    // The disclosure opens from the keyboard, with no script of the page's own.
    tab.find_element(".site-nav summary")
        .unwrap()
        .focus()
        .unwrap();
    tab.press_key("Enter").unwrap();
    let open = eval(&tab, "document.querySelector('.site-nav details').open");
    assert_eq!(open.as_bool(), Some(true));
    let guide_8 = eval(
        &tab,
        "[...document.querySelectorAll('.site-nav details a')].some(a => a.textContent === 'Guide 8' && a.checkVisibility())",
    );
    assert_eq!(guide_8.as_bool(), Some(true));
    if let Some(axe) = axe_source() {
        let v = axe_violations(&tab, &axe);
        assert!(v.is_empty(), "{v:#?}");
    }
    // On a page behind it, it stays closed (open, it would push a phone's page down
    // by a screen), with that page marked as the current one inside.
    let page = open_at(&browser, &out, "guide-8/index.html", (390, 844));
    let current = eval(
        &page,
        "document.querySelector('.site-nav details:not([open]) a[aria-current=page]')?.textContent",
    );
    assert_eq!(current.as_str(), Some("Guide 8"));
}
