//! Search in a real headless Chromium, on `tests/fixtures/search`, both over HTTP (a
//! tiny static server, `common::http`) and from `file://`: a word finds the expected
//! pages, a typo and a prefix still find them (a typo in a word's first letters too, on
//! a generated site large enough for its index to be sharded), a facet narrows them, the URL reproduces a
//! search, the back button restores the previous one, a page's exact title ranks it
//! first, the page has no axe-core violations with results and filters on screen, and
//! on a Welsh site a word finds its mutated forms (Caerdydd: Gaerdydd, Nghaerdydd).

mod common;
use common::browser::*;
use common::http::serve;
use common::*;
use headless_chrome::{Browser, Tab};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Builds the search fixture into a temporary folder.
fn built() -> (tempfile::TempDir, PathBuf) {
    built_fixture("search")
}

/// Builds the fixture `name` into a temporary folder; returns the folder and the output.
fn built_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(&fixtures().join(name), &["--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, out)
}

/// Builds a site that `make` writes into a temporary folder; returns the folder and
/// the output inside it.
fn built_generated(make: fn(&Path)) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    make(&root);
    let out = tmp.path().join("public");
    let o = build(&root, &["--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, out)
}

/// Waits until `js` evaluates to `true`.
fn wait_for(tab: &Tab, js: &str) {
    let start = Instant::now();
    while eval(tab, js) != json!(true) {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "timed out waiting for {js}; status: {}",
            eval(
                tab,
                "(document.getElementById('search-status')||{}).textContent"
            )
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Opens the search page at `base` + `query` and waits for its first search to finish.
fn open_search(browser: &Browser, base: &str, query: &str) -> Arc<Tab> {
    let tab = open(browser, &format!("{base}search/index.html{query}"));
    wait_for(
        &tab,
        "!!(window.placebookSearch && placebookSearch.ui) && !!placebookSearch.ui.engine.m",
    );
    eval(&tab, "placebookSearch.ui.done().then(() => true)");
    tab
}

/// The titles of the results on screen, in order.
fn result_titles(tab: &Tab) -> Vec<String> {
    let v = eval(
        tab,
        "JSON.stringify(Array.from(document.querySelectorAll('#search-results .search-result h2'), h => h.textContent.trim()))",
    );
    serde_json::from_str(v.as_str().unwrap()).unwrap()
}

/// The titles of the pages the engine ranks for `q` (all of them, in order).
fn ranked(tab: &Tab, q: &str) -> Vec<String> {
    let js = format!(
        "(async () => {{ const e = placebookSearch.ui.engine; const r = await e.search({q:?}); const m = await e.meta(r.docs); return JSON.stringify(m.map(x => x.title)); }})()"
    );
    serde_json::from_str(eval(tab, &js).as_str().unwrap()).unwrap()
}

/// Replaces the search box's text as a person would type it.
fn type_query(tab: &Tab, text: &str) {
    let input = tab.find_element("#search-q").unwrap();
    input.click().unwrap();
    eval(tab, "document.getElementById('search-q').select(); true");
    tab.press_key("Backspace").unwrap();
    tab.type_str(text).unwrap();
}

fn status(tab: &Tab) -> String {
    eval(tab, "document.getElementById('search-status').textContent")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The first result of a search opened as a reader would follow it: the page
/// marks the searched word in its text, and the same page reached any other way is
/// left as it is.
fn opened_result_marks_the_words(browser: &Browser, base: &str) {
    let tab = open_search(browser, base, "?q=moneylenders");
    let href = eval(
        &tab,
        "document.querySelector('#search-results .search-result a').href",
    );
    let href = href.as_str().unwrap().to_owned();
    assert!(href.contains("?highlight=moneylenders"), "{href}");
    let page = open(browser, &href);
    wait_for(&page, "document.readyState === 'complete'");
    let marks = eval(
        &page,
        "Array.from(document.querySelectorAll('main mark.search-hit'), m => m.textContent.toLowerCase()).join(',')",
    );
    let marks = marks.as_str().unwrap_or_default().to_owned();
    assert!(!marks.is_empty(), "no marks on {href}");
    assert!(
        marks.split(',').all(|m| m.starts_with("moneylender")),
        "{marks}"
    );
    let plain = open(browser, href.split('?').next().unwrap());
    wait_for(&plain, "document.readyState === 'complete'");
    assert_eq!(
        eval(
            &plain,
            "document.querySelectorAll('mark.search-hit').length"
        ),
        json!(0),
        "{base}"
    );
}

/// Every scenario, against the site at `base` (HTTP or file://).
fn scenarios(browser: &Browser, base: &str) {
    // A word finds the pages that contain it, with the match highlighted.
    let tab = open_search(browser, base, "?q=moneylenders");
    assert_eq!(result_titles(&tab), ["Oldham Council"], "{base}");
    assert!(status(&tab).starts_with("1 result for"), "{}", status(&tab));
    let marked = eval(
        &tab,
        "Array.from(document.querySelectorAll('#search-results mark'), m => m.textContent).join(',')",
    );
    assert!(
        marked.as_str().unwrap().contains("moneylenders"),
        "{marked}"
    );
    // Stemming: a different form of the word finds the same page.
    assert_eq!(ranked(&tab, "moneylender"), ["Oldham Council"]);
    // A typo of one edit in a word of five letters or more still finds it.
    assert_eq!(ranked(&tab, "moneylendres"), ["Oldham Council"]);
    assert_eq!(ranked(&tab, "monaylenders"), ["Oldham Council"]);
    // But not in a short word.
    assert!(ranked(&tab, "tae").is_empty());
    // Accents do not matter.
    assert_eq!(ranked(&tab, "cafe ryde"), ["Café culture in Ryde"]);
    // Neither the page with `search: false` nor the draft is in the index.
    assert!(ranked(&tab, "zorblax").is_empty());
    assert!(ranked(&tab, "quintessa").is_empty());
    assert!(!ranked(&tab, "housing").contains(&"Secret Garden Project".to_owned()));

    // A page's exact title ranks it first, though another page says its words more often.
    let money = ranked(&tab, "Sheffield Money");
    assert_eq!(money.first().map(String::as_str), Some("Sheffield Money"));
    assert!(
        money.contains(&"Leeds Housing First".to_owned()),
        "{money:?}"
    );
    assert_eq!(
        ranked(&tab, "pooled budgets").first().map(String::as_str),
        Some("Pooled budgets")
    );

    // A prefix, while typing, finds the page; results follow the typing.
    type_query(&tab, "neighbourh");
    wait_for(
        &tab,
        "document.querySelectorAll('#search-results .search-result').length === 1",
    );
    assert_eq!(result_titles(&tab), ["Oldham Council"]);
    assert!(
        eval(&tab, "location.search")
            .as_str()
            .unwrap()
            .contains("q=neighbourh"),
        "the URL follows the typing"
    );

    // A facet narrows the results, with counts, and goes into the URL.
    let tab = open_search(browser, base, "?q=housing");
    let all = result_titles(&tab);
    assert!(all.len() >= 4, "{all:?}");
    tab.find_element("#search-filters summary")
        .unwrap()
        .click()
        .unwrap();
    wait_for(&tab, "!!document.querySelector('#search-facets fieldset')");
    let north_west = tab
        .find_element("#search-facets input[name=region][value='North West']")
        .unwrap();
    let label = eval(
        &tab,
        "document.querySelector('label[for=' + document.querySelector('#search-facets input[name=region][value=\"North West\"]').id + ']').textContent",
    );
    assert_eq!(label, json!("North West (1)"));
    north_west.click().unwrap();
    wait_for(
        &tab,
        "document.querySelectorAll('#search-results .search-result').length === 1",
    );
    assert_eq!(result_titles(&tab), ["Oldham Council"]);
    let search = eval(&tab, "location.search");
    assert!(
        search.as_str().unwrap().contains("region=North+West"),
        "{search}"
    );
    // The back button brings back the unfiltered results.
    eval(&tab, "history.back(); true");
    wait_for(
        &tab,
        &format!(
            "document.querySelectorAll('#search-results .search-result').length === {}",
            all.len()
        ),
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('#search-facets input[name=region][value=\"North West\"]').checked"
        ),
        json!(false)
    );

    // The URL reproduces a search with its filter in a fresh tab.
    let tab = open_search(browser, base, "?q=housing&region=North+West");
    assert_eq!(result_titles(&tab), ["Oldham Council"]);
    assert_eq!(
        eval(&tab, "document.getElementById('search-q').value"),
        json!("housing")
    );
    wait_for(
        &tab,
        "!!document.querySelector('#search-facets input[name=region][value=\"North West\"]:checked')",
    );
    // Two filters in one facet widen it; another facet narrows again.
    let tab = open_search(
        browser,
        base,
        "?q=housing&region=North+West&region=Yorkshire+and+the+Humber&block=Pooled+budgets",
    );
    assert_eq!(result_titles(&tab), ["Oldham Council"]);
    let tab = open_search(
        browser,
        base,
        "?q=housing&region=North+West&region=Yorkshire+and+the+Humber",
    );
    let mut titles = result_titles(&tab);
    titles.sort();
    assert_eq!(titles, ["Leeds Housing First", "Oldham Council"]);
    opened_result_marks_the_words(browser, base);
    no_results_suggest_a_near_query(browser, base);
}

/// A query two edits from a word of the index finds nothing, and says "Did you mean"
/// with a link to the near query, which finds the page.
fn no_results_suggest_a_near_query(browser: &Browser, base: &str) {
    let tab = open_search(browser, base, "?q=moneilendrs");
    assert!(result_titles(&tab).is_empty());
    assert!(
        status(&tab).starts_with("No results for"),
        "{}",
        status(&tab)
    );
    let hint = eval(
        &tab,
        "document.getElementById('search-suggestion').textContent",
    );
    assert_eq!(hint, json!("Did you mean moneylenders?"), "{base}");
    let href = eval(&tab, "document.querySelector('#search-suggestion a').href");
    let tab = open(browser, href.as_str().unwrap());
    wait_for(
        &tab,
        "!!(window.placebookSearch && placebookSearch.ui) && !!placebookSearch.ui.engine.m",
    );
    eval(&tab, "placebookSearch.ui.done().then(() => true)");
    assert_eq!(result_titles(&tab), ["Oldham Council"]);
    assert!(
        eval(&tab, "document.getElementById('search-suggestion').hidden") == json!(true),
        "no suggestion once the query finds pages"
    );
    // A query far from every word suggests nothing.
    let tab = open_search(browser, base, "?q=xqzvw");
    assert!(
        status(&tab).starts_with("No results for"),
        "{}",
        status(&tab)
    );
    assert_eq!(
        eval(&tab, "document.getElementById('search-suggestion').hidden"),
        json!(true)
    );
}

#[test]
fn search_works_over_http_and_from_files() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built();
    scenarios(&browser, &serve(&out));
    scenarios(&browser, &format!("{}/", file_url(&out)));
}

/// A site large enough that its term index splits into shards by first letters: 150
/// case studies of words drawn from a made-up vocabulary of 4,000, and one, "Marmalade
/// Commons", whose title word appears nowhere else.
fn sharded_site(root: &Path) {
    let dir = root.join("content/case-studies");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        root.join("placebook.yaml"),
        "title: Sharded\nlanguage: en-GB\n",
    )
    .unwrap();
    let mut seed: u64 = 42;
    let mut next = move |n: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) % n
    };
    let vocabulary: Vec<String> = (0..4000)
        .map(|_| {
            let len = 6 + next(5);
            (0..len)
                .map(|_| char::from(b'a' + next(26) as u8))
                .collect()
        })
        .collect();
    for page in 0..150 {
        let words: Vec<&str> = (0..160)
            .map(|_| vocabulary[next(4000) as usize].as_str())
            .collect();
        let title = if page == 0 {
            "Marmalade Commons".to_owned()
        } else {
            format!("Place {page}")
        };
        std::fs::write(
            dir.join(format!("place-{page}.md")),
            format!(
                "---\ntitle: {title}\nplace: Town {page}\nregion: North\nsummary: A place.\n---\n\n{}\n",
                words.join(" ")
            ),
        )
        .unwrap();
    }
}

#[test]
fn a_typo_in_a_words_first_letters_is_found_through_its_ending() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built_generated(sharded_site);
    let base = serve(&out);
    let tab = open_search(&browser, &base, "");
    // The index is sharded, and the mistyped word's first letter sends it to a shard
    // that does not hold the real word.
    let owners = eval(
        &tab,
        "(() => { const m = placebookSearch.ui.engine.m; const own = w => { for (let n = w.length; n >= 0; n--) if (m.has[w.slice(0, n)]) return w.slice(0, n); return null; }; return JSON.stringify([m.shards.length, m.endings.length, own('marmalade'), own('parmalade')]); })()",
    );
    let owners: (usize, usize, String, String) =
        serde_json::from_str(owners.as_str().unwrap()).unwrap();
    assert!(owners.0 > 5 && owners.1 > 1, "{owners:?}");
    assert!(
        owners.2.starts_with('m') && owners.3 != owners.2,
        "{owners:?}"
    );
    // The right word, a substitution, a swap and a deletion in its first letters.
    for q in [
        "marmalade",
        "parmalade",
        "amrmalade",
        "armalade",
        "mramalade",
    ] {
        assert_eq!(ranked(&tab, q), ["Marmalade Commons"], "{q}");
    }
    // Four-letter words get no typo matching, and two edits are too many.
    assert!(ranked(&tab, "pprmalade").is_empty());
}

#[test]
fn the_header_box_leads_to_results() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built();
    let tab = open(
        &browser,
        &file_url(&out.join("case-studies/oldham/index.html")),
    );
    tab.find_element("#site-search-q").unwrap().click().unwrap();
    tab.type_str("pooled budgets").unwrap();
    tab.press_key("Enter").unwrap();
    wait_for(
        &tab,
        "location.pathname.endsWith('search/index.html') && document.querySelectorAll('#search-results .search-result').length > 0",
    );
    assert_eq!(
        result_titles(&tab).first().map(String::as_str),
        Some("Pooled budgets")
    );
}

#[test]
fn more_results_load_on_request_and_take_focus() {
    let Some(browser) = browser() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let site = fixture("search");
    for i in 0..25 {
        site.write(
            &format!("content/case-studies/extra-{i:02}.md"),
            format!(
                "---\ntitle: Extra place {i}\nplace: Extra {i}\nsummary: One more place with a garden.\n---\n\nA garden.\n"
            ),
        );
    }
    let out = tmp.path().join("public");
    let o = build(&site.root, &["--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let tab = open_search(&browser, &format!("{}/", file_url(&out)), "?q=garden");
    assert_eq!(result_titles(&tab).len(), 10);
    assert!(status(&tab).starts_with("25 results"), "{}", status(&tab));
    tab.find_element("#search-more").unwrap().click().unwrap();
    wait_for(
        &tab,
        "document.querySelectorAll('#search-results .search-result').length === 20",
    );
    assert_eq!(
        eval(
            &tab,
            "document.activeElement === document.querySelectorAll('#search-results .search-result a')[10]"
        ),
        json!(true)
    );
    // Page files load only for the results shown: one each, 20 for 20 results. The
    // index's scripts stay in the page's head, which (unlike resource timing, empty
    // from file://) counts them wherever the page is opened.
    let pages = eval(
        &tab,
        "document.querySelectorAll('head script[src*=\"search/data/f-\"]').length",
    );
    assert_eq!(pages, json!(20), "page files loaded");
}

#[test]
fn without_javascript_the_search_page_points_to_the_a_to_z() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built();
    let tab = browser.new_tab().unwrap();
    disable_javascript(&tab);
    tab.navigate_to(&format!(
        "{}?q=housing",
        file_url(&out.join("search/index.html"))
    ))
    .unwrap()
    .wait_until_navigated()
    .unwrap();
    let link = tab.find_element("noscript a, .search-az a").unwrap();
    click_without_js(&tab, &link);
    let start = Instant::now();
    while !tab.get_url().contains("a-z/index.html") {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{}",
            tab.get_url()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let titles = tab
        .find_elements(".az-list a")
        .unwrap()
        .iter()
        .map(|e| e.get_inner_text().unwrap())
        .collect::<Vec<_>>();
    assert!(titles.contains(&"Oldham Council".to_owned()), "{titles:?}");
    assert!(!titles.contains(&"Secret Garden Project".to_owned()));
}

#[test]
fn the_search_page_has_no_axe_violations() {
    let Some(browser) = browser() else { return };
    let Some(axe) = axe_source() else { return };
    let (_tmp, out) = built();
    for scheme in ["light", "dark"] {
        let tab = open_search(
            &browser,
            &format!("{}/", file_url(&out)),
            "?q=housing&region=North+West",
        );
        set_color_scheme(&tab, scheme);
        wait_for(&tab, "!!document.querySelector('#search-facets fieldset')");
        let v: Vec<String> = axe_violations(&tab, &axe);
        assert!(v.is_empty(), "{scheme}: {v:#?}");
        let a_to_z = open(&browser, &file_url(&out.join("a-z/index.html")));
        set_color_scheme(&a_to_z, scheme);
        let v = axe_violations(&a_to_z, &axe);
        assert!(v.is_empty(), "A to Z, {scheme}: {v:#?}");
    }
}

/// Collects the page's `layout-shift` entries, those before this call included.
const OBSERVE_SHIFTS: &str = "window.pbShifts = []; new PerformanceObserver(l => l.getEntries().forEach(e => pbShifts.push(e)))
    .observe({ type: 'layout-shift', buffered: true }); true";

/// The sum of every layout shift so far (those just after input too, which CLS leaves
/// out: typing must not move the page either), and the elements that moved.
fn shifted(tab: &Tab) -> (f64, String) {
    let v = eval(
        tab,
        "JSON.stringify([pbShifts.reduce((a, e) => a + e.value, 0), pbShifts.map(e => e.value.toFixed(4) + ': ' +
           e.sources.map(s => s.node ? (s.node.id || s.node.className || s.node.nodeName) : '?').join(', ')).join('; ')])",
    );
    serde_json::from_str(v.as_str().unwrap()).unwrap()
}

/// A new tab of `width` x `height` CSS pixels, opened at `url` with its layout shifts observed.
fn open_at(browser: &Browser, url: &str, width: u32, height: u32) -> Arc<Tab> {
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(30));
    set_viewport(&tab, width, height);
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    eval(&tab, OBSERVE_SHIFTS);
    wait_for(
        &tab,
        "!!(window.placebookSearch && placebookSearch.ui) && !!placebookSearch.ui.engine.m",
    );
    eval(&tab, "placebookSearch.ui.done().then(() => true)");
    tab
}

/// Saves what the tab's window shows, when `PLACEBOOK_SCREENSHOTS` names a folder.
fn screenshot(tab: &Tab, name: &str) {
    let Some(dir) = std::env::var_os("PLACEBOOK_SCREENSHOTS") else {
        return;
    };
    let png = tab
        .capture_screenshot(
            headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png,
            None,
            None,
            true,
        )
        .unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(Path::new(&dir).join(format!("{name}.png")), png).unwrap();
}

#[test]
fn results_appearing_do_not_move_the_page() {
    let Some(browser) = browser() else { return };
    let site = sample();
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = file_url(&site.out().join("search/index.html"));
    for (width, height) in [(1280, 900), (390, 844)] {
        // Typed, word after word: results come, change, go and come back. (Shifts while
        // the page loads count in the second half.)
        let tab = open_at(&browser, &page, width, height);
        std::thread::sleep(Duration::from_millis(300));
        eval(&tab, "pbShifts.length = 0; true");
        for q in ["housing", "money", "pooled budgets", "zzqx", "sheffield"] {
            type_query(&tab, q);
            wait_for(
                &tab,
                &format!("document.getElementById('search-status').textContent.includes('“{q}”')"),
            );
            std::thread::sleep(Duration::from_millis(300));
            if q == "housing" {
                screenshot(&tab, &format!("search-{width}"));
            }
        }
        let (total, what) = shifted(&tab);
        assert!(
            total < 0.1,
            "typing moved the page at {width} px: {total:.3} ({what})"
        );
        // Opened with a query in the address: the results come after the page.
        let tab = open_at(&browser, &format!("{page}?q=housing"), width, height);
        std::thread::sleep(Duration::from_millis(500));
        assert!(result_titles(&tab).len() > 3);
        let (total, what) = shifted(&tab);
        assert!(
            total < 0.1,
            "results moved the page at {width} px: {total:.3} ({what})"
        );
    }
}

#[test]
fn an_excerpt_keeps_its_headings_apart_from_the_text_after_them() {
    let Some(browser) = browser() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let site = fixture("search");
    site.write(
        "content/case-studies/zephyrton.md",
        "---\ntitle: Zephyrton\nplace: Zephyrton\nsummary: A town that tried\n---\n\n## The context\n\nZephyrton pooled its budgets.\n\n## Who paid?\n\nEveryone did.\n",
    );
    let out = tmp.path().join("public");
    let o = build(&site.root, &["--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let tab = open_search(&browser, &format!("{}/", file_url(&out)), "?q=zephyrton");
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('#search-results .search-result__excerpt').textContent"
        ),
        "A town that tried. The context. Zephyrton pooled its budgets. Who paid? Everyone did."
    );
}

/// A small Welsh site (`language: cy`): each page holds a mutated form of a word.
fn welsh_site(root: &Path) {
    let dir = root.join("content/case-studies");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        root.join("placebook.yaml"),
        "title: Chwilio\nlanguage: cy\n",
    )
    .unwrap();
    for (slug, title, body) in [
        ("hwb", "Hwb", "Hwb cymunedol yng Nghaerdydd."),
        (
            "canolfan",
            "Canolfan",
            "Taith i Gaerdydd a gwaith y gymuned.",
        ),
        ("pentref", "Pentref", "Dŵr a thai yn y pentref."),
        ("abertawe", "Abertawe", "Bara a chaws."),
    ] {
        std::fs::write(
            dir.join(format!("{slug}.md")),
            format!("---\ntitle: {title}\nplace: {title}\nregion: Cymru\nsummary: {title}.\n---\n\n{body}\n"),
        )
        .unwrap();
    }
}

/// The titles `ranked` gives for `q`, sorted (for queries matching several pages).
fn found(tab: &Tab, q: &str) -> Vec<String> {
    let mut titles = ranked(tab, q);
    titles.sort();
    titles
}

/// Welsh search at `base`: a word finds its mutated forms and the reverse, and the
/// mutated form is what gets marked in the results.
fn welsh_scenarios(browser: &Browser, base: &str) {
    let tab = open_search(browser, base, "?q=Caerdydd");
    assert_eq!(result_titles(&tab).len(), 2, "{base}");
    let marked = eval(
        &tab,
        "Array.from(document.querySelectorAll('#search-results mark'), m => m.textContent).sort().join(',')",
    );
    assert_eq!(marked, json!("Gaerdydd,Nghaerdydd"), "{base}");
    for q in [
        "Caerdydd",
        "Gaerdydd",
        "Nghaerdydd",
        "Chaerdydd",
        "caerdydd",
    ] {
        assert_eq!(found(&tab, q), ["Canolfan", "Hwb"], "{q} at {base}");
    }
    // Soft, nasal and aspirate forms, the circumflex folded, and a dropped soft `g`.
    // (A trailing space ends the word, so it is not also read as a prefix of
    // `cymunedol`, which it finds while being typed.)
    assert_eq!(ranked(&tab, "cymuned "), ["Canolfan"]);
    assert_eq!(ranked(&tab, "nghymuned "), ["Canolfan"]);
    assert_eq!(found(&tab, "cymuned"), ["Canolfan", "Hwb"]);
    assert_eq!(ranked(&tab, "caws"), ["Abertawe"]);
    assert_eq!(ranked(&tab, "dwr"), ["Pentref"]);
    assert_eq!(ranked(&tab, "ddŵr"), ["Pentref"]);
    assert_eq!(ranked(&tab, "tai "), ["Pentref"]);
    assert_eq!(ranked(&tab, "waith"), ["Canolfan"]);
    // A word from another group of sounds is not matched.
    assert!(ranked(&tab, "llaws").is_empty());
}

/// Pages for phrases: one has "pooled budget" side by side once, another has both
/// words many times but never side by side (so ranks first for the words alone).
fn phrase_site(root: &Path) {
    let dir = root.join("content/case-studies");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        root.join("placebook.yaml"),
        "title: Phrases\nlanguage: en-GB\n",
    )
    .unwrap();
    for (slug, title, body) in [
        (
            "notes",
            "Budget notes",
            "The pooled fund and the budget were kept apart. Budget after budget was pooled later: a budget, pooled.",
        ),
        (
            "joint",
            "Joint working",
            "For two years the partners ran a pooled budget for older people.",
        ),
        (
            "other",
            "Other place",
            "A place with a garden, pooling nothing, and no budgets.",
        ),
    ] {
        std::fs::write(
            dir.join(format!("{slug}.md")),
            format!("---\ntitle: {title}\nplace: {title}\nsummary: {title}.\n---\n\n{body}\n"),
        )
        .unwrap();
    }
}

/// A quoted phrase ranks the page with its words side by side first, with stems and a
/// typo in each word, and still lists the pages with the words apart.
fn phrase_scenarios(browser: &Browser, base: &str) {
    let tab = open_search(browser, base, "?q=%22pooled+budget%22");
    let titles = result_titles(&tab);
    assert_eq!(
        titles.first().map(String::as_str),
        Some("Joint working"),
        "{base}"
    );
    assert_eq!(
        titles.len(),
        3,
        "the pages with the words apart follow: {titles:?}"
    );
    // The words alone rank the page that says them most first.
    let words = ranked(&tab, "pooled budget");
    assert_eq!(words.first().map(String::as_str), Some("Budget notes"));
    // Other forms of the words (stems), and a typo in one.
    for q in [
        "\"pooling budgets\"",
        "\"poolde budget\"",
        "\"Pooled Budget\" older",
    ] {
        assert_eq!(
            ranked(&tab, q).first().map(String::as_str),
            Some("Joint working"),
            "{q}"
        );
    }
    // The other order is a phrase of its own ("a budget, pooled": punctuation aside).
    assert_eq!(ranked(&tab, "\"budget pooled\""), words);
    // A quoted word alone still matches only as written.
    assert!(ranked(&tab, "\"poolde\"").is_empty());
}

#[test]
fn a_quoted_phrase_ranks_pages_with_its_words_side_by_side_first() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built_generated(phrase_site);
    phrase_scenarios(&browser, &serve(&out));
    phrase_scenarios(&browser, &format!("{}/", file_url(&out)));
}

#[test]
fn welsh_search_matches_across_initial_mutations() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built_generated(welsh_site);
    welsh_scenarios(&browser, &serve(&out));
    welsh_scenarios(&browser, &format!("{}/", file_url(&out)));
}

/// The bilingual fixture: Welsh search at `base` (the output's root) finds the Welsh
/// page by a mutated form and only Welsh pages, English search only English ones, and
/// the switch on the Welsh results' page leads to the English search page.
fn bilingual_scenarios(browser: &Browser, base: &str) {
    // (The Welsh block page links to Caerdydd by name, so it is found too.)
    let tab = open_search(browser, &format!("{base}cy/"), "?q=Nghaerdydd");
    assert_eq!(
        result_titles(&tab),
        ["Caerdydd", "Pwrpas cyffredin"],
        "{base}"
    );
    assert_eq!(ranked(&tab, "gaerdydd"), ["Caerdydd", "Pwrpas cyffredin"]);
    assert!(
        ranked(&tab, "Yorkshire").is_empty(),
        "only Welsh pages in the Welsh index"
    );
    let english = open_search(browser, base, "?q=Cardiff");
    assert_eq!(
        result_titles(&english),
        ["Cardiff", "Shared purpose"],
        "{base}"
    );
    assert!(ranked(&english, "Nghaerdydd").is_empty());
    let switch = eval(
        &tab,
        "document.querySelector('nav.language-switch a[hreflang=en-GB]').href",
    );
    assert!(
        switch.as_str().unwrap().ends_with("/search/index.html")
            && !switch.as_str().unwrap().contains("/cy/"),
        "{switch}"
    );
}

#[test]
fn a_bilingual_playbook_searches_each_language_and_its_welsh_pages_pass_axe() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built_fixture("bilingual");
    bilingual_scenarios(&browser, &serve(&out));
    bilingual_scenarios(&browser, &format!("{}/", file_url(&out)));
    // On a phone the switch does not lie over the site title's text, nor the text over it.
    for width in [390, 1280] {
        let tab = open(
            &browser,
            &file_url(&out.join("cy/case-studies/caerdydd/index.html")),
        );
        set_viewport(&tab, width, 800);
        let overlap = eval(
            &tab,
            "(() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('.site-title')); const a = r.getBoundingClientRect(); const b = document.querySelector('nav.language-switch').getBoundingClientRect(); return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; })()",
        );
        assert_eq!(overlap, json!(false), "at {width} px");
    }
    let Some(axe) = axe_source() else { return };
    for page in [
        "cy/case-studies/caerdydd/index.html",
        "cy/index.html",
        "cy/diagnostic/index.html",
        "case-studies/cardiff/index.html",
    ] {
        for scheme in ["light", "dark"] {
            let tab = open(&browser, &file_url(&out.join(page)));
            set_color_scheme(&tab, scheme);
            let v = axe_violations(&tab, &axe);
            assert!(v.is_empty(), "{page}, {scheme}: {v:#?}");
        }
    }
    let tab = open_search(&browser, &format!("{}/cy/", file_url(&out)), "?q=Caerdydd");
    let v = axe_violations(&tab, &axe);
    assert!(v.is_empty(), "Welsh search with results: {v:#?}");
}

/// Staff-meeting filler of `n` sentences (eleven words each), none of them searched.
fn filler(n: usize) -> String {
    "Staff met residents every week to plan the next steps together. ".repeat(n)
}

/// A site whose long case study holds a rare word deep in its third and fourth
/// sections ("quillwort", once beside "fund"), and a short page that holds it once.
fn passages_site(root: &Path) {
    let dir = root.join("content/case-studies");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        root.join("placebook.yaml"),
        "title: Passages\nlanguage: en-GB\n",
    )
    .unwrap();
    let long = format!(
        "---\ntitle: Longtown\nplace: Longtown\nsummary: A long report.\n---\n\n{}\n\n## Early days\n\n{}\n\n## Housing\n\n{}\n\n## Money matters\n\n{} The quillwort fund paid for repairs. {}\n\n## Later\n\nQuillwort grants came again.\n",
        filler(3),
        filler(12),
        filler(12),
        filler(12),
        filler(4)
    );
    std::fs::write(dir.join("longtown.md"), long).unwrap();
    std::fs::write(
        dir.join("shortville.md"),
        "---\ntitle: Shortville\nplace: Shortville\nsummary: A short note.\n---\n\nA fund for gardens, and quillwort in the pond.\n",
    )
    .unwrap();
}

/// The excerpts and sections of Longtown's result for `q`: `(excerpt text, marked
/// words, [(section link, its text, its excerpt, its marked words)])`.
type Shown = (
    String,
    Vec<String>,
    Vec<(String, String, String, Vec<String>)>,
);
fn longtown(browser: &Browser, base: &str, q: &str) -> (Arc<Tab>, Shown) {
    let tab = open_search(browser, base, q);
    let js = "JSON.stringify((() => { const r = Array.from(document.querySelectorAll('#search-results .search-result')).find(r => r.querySelector('h2').textContent.trim() === 'Longtown');
        const marks = el => Array.from(el.querySelectorAll('mark'), m => m.textContent);
        const p = r.querySelector(':scope > .search-result__excerpt');
        return [p.textContent, marks(p), Array.from(r.querySelectorAll('.search-result__sections li'), li => {
          const a = li.querySelector('a'), e = li.querySelector('.search-result__excerpt');
          return [a.getAttribute('href'), a.textContent, e ? e.textContent : '', e ? marks(e) : []]; })]; })())";
    let shown = serde_json::from_str(eval(&tab, js).as_str().unwrap()).unwrap();
    (tab, shown)
}

/// A deep word's excerpt, sections and highlight, at `base` (HTTP or file://).
fn passage_scenarios(browser: &Browser, base: &str) {
    let (_tab, (excerpt, marks, sections)) = longtown(browser, base, "?q=quillwort");
    // The page-level excerpt is cut around the word, deep in the page: about 30 words.
    assert!(
        excerpt.starts_with("… ") && excerpt.contains("quillwort fund paid"),
        "{excerpt}"
    );
    let words = excerpt.split_whitespace().filter(|w| *w != "…").count();
    assert!((25..=32).contains(&words), "{words} words: {excerpt}");
    assert!(
        marks.iter().all(|m| m.eq_ignore_ascii_case("quillwort")),
        "{marks:?}"
    );
    assert!(!marks.is_empty());
    // Its sections: the two holding the word, in page order, each linking to its heading.
    let links: Vec<(&str, &str)> = sections
        .iter()
        .map(|(href, title, _, _)| (href.rsplit('#').next().unwrap(), title.as_str()))
        .collect();
    assert_eq!(
        links,
        [("money-matters", "Money matters"), ("later", "Later")],
        "{base}"
    );
    for (href, _, _, _) in &sections {
        assert!(href.contains("?highlight=quillwort#"), "{href}");
    }
    // The page's excerpt comes from "Money matters": that section shows its heading
    // only, not the same words again; "Later" shows its own.
    assert_eq!(sections[0].2, "", "{excerpt}");
    assert_eq!(sections[1].2, "Quillwort grants came again.");
    assert_eq!(sections[1].3, ["Quillwort"]);
    // A quoted phrase: the excerpt is cut where its words stand side by side.
    let (_tab, (excerpt, marks, _)) = longtown(browser, base, "?q=%22quillwort+fund%22");
    assert!(excerpt.contains("quillwort fund"), "{excerpt}");
    assert!(
        marks.iter().any(|m| m == "fund") && marks.iter().any(|m| m == "quillwort"),
        "{marks:?}"
    );
    // Opening a section: the words are marked and the first under its heading is on
    // screen, not the page's first mark.
    let (tab, _) = longtown(browser, base, "?q=quillwort");
    let href = eval(
        &tab,
        "document.querySelector('#search-results .search-result__sections a[href*=money]').href",
    );
    let page = open(browser, href.as_str().unwrap());
    wait_for(
        &page,
        "document.readyState === 'complete' && document.querySelectorAll('main mark.search-hit').length === 2",
    );
    std::thread::sleep(Duration::from_millis(300));
    let seen = eval(
        &page,
        "(() => { const h = document.getElementById('money-matters'), m = Array.from(document.querySelectorAll('main mark.search-hit')).find(m => h.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING), r = m.getBoundingClientRect(); return scrollY > 0 && r.top >= 0 && r.bottom <= innerHeight; })()",
    );
    assert_eq!(seen, json!(true), "{href}");
}

#[test]
fn a_deep_word_gets_its_excerpt_and_sections_that_link_to_its_headings() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built_generated(passages_site);
    passage_scenarios(&browser, &serve(&out));
    passage_scenarios(&browser, &format!("{}/", file_url(&out)));
}

#[test]
fn sections_on_screen_have_no_axe_violations() {
    let Some(browser) = browser() else { return };
    let Some(axe) = axe_source() else { return };
    let (_tmp, out) = built_generated(passages_site);
    for scheme in ["light", "dark"] {
        let tab = open_search(&browser, &format!("{}/", file_url(&out)), "?q=quillwort");
        set_color_scheme(&tab, scheme);
        assert_eq!(
            eval(
                &tab,
                "document.querySelectorAll('.search-result__sections a').length"
            ),
            json!(2)
        );
        let v: Vec<String> = axe_violations(&tab, &axe);
        assert!(v.is_empty(), "{scheme}: {v:#?}");
    }
}

/// Calls `placebookSearch.excerpts` on a page of `text` and `sections`, for the query
/// words' keys `groups`: `{page, sections: [{id, title, text}]}`.
fn cut(
    tab: &Tab,
    text: &str,
    sections: serde_json::Value,
    groups: serde_json::Value,
) -> serde_json::Value {
    let js = format!(
        "JSON.stringify(placebookSearch.excerpts({{ summary: '', text: {text:?}, sections: {sections} }}, {groups}, w => w))"
    );
    let v = eval(tab, &js);
    serde_json::from_str(v.as_str().unwrap_or_else(|| panic!("{js}: {v}"))).unwrap()
}

#[test]
fn excerpts_are_cut_around_the_best_match() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built();
    let tab = open_search(&browser, &format!("{}/", file_url(&out)), "");
    let words: Vec<String> = (0..200).map(|i| format!("w{i}x")).collect();
    let mut text = words.join(" ");
    text.push('.');
    // A word deep in the text: about 30 words around it, eight before.
    let r = cut(&tab, &text, json!([]), json!([["w150x"]]));
    let page = r["page"].as_str().unwrap();
    assert_eq!(page, format!("… {} …", words[142..172].join(" ")));
    // No match: the opening. A match at the end: the last 30 words, with the full stop.
    let r = cut(&tab, &text, json!([]), json!([["zzz"]]));
    assert_eq!(r["page"], format!("{} …", words[..30].join(" ")));
    let r = cut(&tab, &text, json!([]), json!([["w199x"]]));
    assert_eq!(r["page"], format!("… {}.", words[170..].join(" ")));
    // Two query words: the window holding both before one holding one; and them side
    // by side in their order (a phrase) before them apart.
    let r = cut(&tab, &text, json!([]), json!([["w10x", "w60x"], ["w70x"]]));
    assert_eq!(r["page"], format!("… {} …", words[52..82].join(" ")));
    // A window starting or ending inside a word written with others ("one's",
    // "co-op") takes the whole word.
    let joined: Vec<String> = (0..60)
        .map(|i| match i {
            22 => "one’s".to_owned(),
            52 => "co-op".to_owned(),
            _ => format!("v{i}x"),
        })
        .collect();
    let r = cut(&tab, &joined.join(" "), json!([]), json!([["v30x"]]));
    assert_eq!(r["page"], format!("… {} …", joined[22..52].join(" ")));
    let r = cut(&tab, &joined.join(" "), json!([]), json!([["v31x"]]));
    assert_eq!(r["page"], format!("… {} …", joined[23..53].join(" ")));
    let phrase = "a b w5 c d w6 e f. ".repeat(10) + &"x ".repeat(50) + "w5 w6 y.";
    let r = cut(&tab, &phrase, json!([]), json!([["w5"], ["w6"]]));
    assert!(r["page"].as_str().unwrap().contains("w5 w6 y."), "{r}");
    // Sections: the three that match best, in page order, each cut within itself and
    // without its heading.
    let mut text = String::new();
    let mut sections = Vec::new();
    for (i, hit) in [0, 1, 3, 2, 0, 1].iter().enumerate() {
        sections.push(
            json!({ "at": text.encode_utf16().count(), "id": format!("s{i}"), "title": format!("Part {i}") }),
        );
        text.push_str(&format!("Part {i}. {}", "hit filler. ".repeat(*hit)));
        text.push_str(&"filler ".repeat(40));
    }
    let r = cut(&tab, &text, json!(sections), json!([["hit"]]));
    let (ids, texts): (Vec<&str>, Vec<&str>) = r["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s["text"].as_str().unwrap()))
        .unzip();
    assert_eq!(ids, ["s1", "s2", "s3"], "{r}");
    // The page's excerpt is cut from "Part 2", the best section: its text is not
    // repeated there; the others' are, each within its section, without its heading.
    assert!(
        r["page"]
            .as_str()
            .unwrap()
            .contains("Part 2. hit filler. hit filler. hit filler."),
        "{r}"
    );
    assert_eq!(texts[1], "", "{r}");
    assert!(texts[0].starts_with("hit filler. filler"), "{r}");
    assert!(
        texts[2].starts_with("hit filler. hit filler. filler") && !texts[2].contains("Part"),
        "{r}"
    );
}

/// A searched word marked inside a flex box (a building block's card on a case study)
/// stays in the card's line of text: the marks go inside one span, not a box each, so
/// "Pooled" is not split over two lines at a phone's width.
#[test]
fn a_word_marked_in_a_blocks_card_keeps_the_card_as_it_was() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built_fixture("good");
    let page = format!("{}/case-studies/alpha-town/index.html", file_url(&out));
    let plain = open(&browser, &page);
    set_viewport(&plain, 390, 900);
    wait_for(&plain, "document.readyState === 'complete'");
    let card = "document.querySelector('.block-links a[href*=pooled]')";
    let height = |tab: &Tab| eval(tab, &format!("{card}.getBoundingClientRect().height"));
    let before = height(&plain);
    let marked = open(&browser, &format!("{page}?highlight=pooled"));
    set_viewport(&marked, 390, 900);
    wait_for(&marked, "document.readyState === 'complete'");
    wait_for(&marked, &format!("{card}.querySelector('mark') !== null"));
    assert_eq!(
        eval(
            &marked,
            &format!("{card}.querySelector('mark').getClientRects().length")
        ),
        json!(1),
        "the marked word is split over lines"
    );
    assert_eq!(
        eval(
            &marked,
            &format!("Array.from({card}.children, c => c.tagName).join()")
        ),
        json!("SPAN,SPAN"),
        "the card holds its number and one span of text"
    );
    assert_eq!(height(&marked), before, "the card changed its height");
}
