//! The diagnostic page in a real headless Chromium, run as a workshop would: answers
//! survive a reload, a share link carries them to a fresh browser, the CSV export holds
//! one row per question, a comparison shows both assessments, the summary prints on one
//! A4 page, and the page is usable with JavaScript off and free of axe-core violations
//! with results on screen.
//!
//! Set `PLACEBOOK_SCREENSHOTS=<folder>` to keep screenshots of the page at 390 and 1280
//! pixels wide.

mod common;
use common::browser::*;
use common::*;
use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Page;
use headless_chrome::types::PrintToPdfOptions;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Builds a site (the sample playbook when `fixture_name` is `None`) into a temporary folder.
fn built(fixture_name: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let root = match fixture_name {
        Some(name) => fixtures().join(name),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
    };
    let o = build(&root, &["--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, out)
}

fn diagnostic_url(out: &Path) -> String {
    file_url(&out.join("diagnostic/index.html"))
}

/// Waits until `js` evaluates to `true`.
fn wait_for(tab: &Tab, js: &str) {
    let start = Instant::now();
    while eval(tab, js) != json!(true) {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "timed out waiting for {js}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Opens the diagnostic page and waits for its script.
fn open_diagnostic(browser: &headless_chrome::Browser, url: &str) -> Arc<Tab> {
    let tab = open(browser, url);
    wait_for(&tab, "!!window.placebookDiagnostic");
    tab
}

/// Answers question `q` of block `b` with level `value` by clicking its radio button.
fn answer(tab: &Tab, b: usize, q: usize, value: usize) {
    tab.find_element(&format!("input[name='b{b}q{q}'][value='{value}']"))
        .unwrap()
        .click()
        .unwrap();
}

/// Every checked radio button, as `name=value`.
fn checked(tab: &Tab) -> Vec<String> {
    let v = eval(
        tab,
        "JSON.stringify(Array.from(document.querySelectorAll('#dx-form input[type=radio]:checked'), r => r.name + '=' + r.value))",
    );
    serde_json::from_str(v.as_str().unwrap()).unwrap()
}

/// The assessment as the page exports it to JSON.
fn exported(tab: &Tab) -> Value {
    let text = eval(tab, "JSON.stringify(placebookDiagnostic.json())");
    serde_json::from_str(text.as_str().unwrap()).unwrap()
}

fn value_of(tab: &Tab, selector: &str) -> Value {
    eval(tab, &format!("document.querySelector({selector:?}).value"))
}

/// The text of each cell of the results table, row by row (header first).
fn table(tab: &Tab) -> Vec<Vec<String>> {
    let v = eval(
        tab,
        "JSON.stringify(Array.from(document.querySelectorAll('#dx-table tr'), tr => Array.from(tr.cells, c => c.textContent.replace(/\\s+/g, ' ').trim())))",
    );
    serde_json::from_str(v.as_str().unwrap()).unwrap()
}

/// Types `text` into the note of question `q` of block `b` (opening its disclosure).
fn write_note(tab: &Tab, b: usize, q: usize, text: &str) {
    tab.find_element(&format!("#dx-b{b}q{q} summary"))
        .unwrap()
        .click()
        .unwrap();
    tab.find_element(&format!("#dx-b{b}q{q}-note"))
        .unwrap()
        .click()
        .unwrap();
    tab.type_str(text).unwrap();
}

fn name_assessment(tab: &Tab, name: &str) {
    tab.find_element("#dx-name").unwrap().click().unwrap();
    tab.type_str(name).unwrap();
}

/// Answers every question: block `b`, question `q` gets `pick(b, q)`.
fn answer_all(tab: &Tab, levels: usize, pick: &str) {
    eval(
        tab,
        &format!(
            "document.querySelectorAll('#dx-form fieldset').forEach(f => {{
                const [, b, q] = /b(\\d+)q(\\d+)/.exec(f.id).map(Number);
                const v = ({pick}) % {levels} + 1;
                f.querySelector('input[value=\"' + v + '\"]').click();
            }}); true"
        ),
    );
}

#[test]
fn answers_are_still_there_after_a_reload() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built(None);
    let tab = open_diagnostic(&browser, &diagnostic_url(&out));
    assert_eq!(table(&tab)[1][1], "–Not answered");
    answer(&tab, 0, 0, 4);
    answer(&tab, 0, 1, 2);
    answer(&tab, 3, 2, 5);
    name_assessment(&tab, "Northtown, May");
    write_note(&tab, 0, 1, "Residents were asked, late.");
    wait_for(
        &tab,
        "document.querySelector('[data-dx-status=\"0\"]').textContent.includes('2 of 6 answered')",
    );
    // The score is announced to screen readers.
    wait_for(
        &tab,
        "document.getElementById('dx-announce').textContent.includes('score')",
    );
    let rows = table(&tab);
    assert!(rows[1][0].ends_with("Shared purpose"), "{rows:?}");
    assert!(rows[1][1].starts_with("3.0 Developing"), "{rows:?}");
    let before = checked(&tab);
    assert_eq!(before, ["b0q0=4", "b0q1=2", "b3q2=5"]);

    tab.reload(false, None)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(&tab, "!!window.placebookDiagnostic");
    assert_eq!(checked(&tab), before);
    assert_eq!(value_of(&tab, "#dx-name"), "Northtown, May");
    assert_eq!(
        value_of(&tab, "#dx-b0q1-note"),
        "Residents were asked, late."
    );
    assert_eq!(
        eval(&tab, "document.querySelector('#dx-b0q1 details').open"),
        true,
        "a note is shown open"
    );
    assert!(table(&tab)[1][1].starts_with("3.0 Developing"));
}

#[test]
fn a_share_link_brings_the_same_answers_to_a_fresh_browser() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built(None);
    let tab = open_diagnostic(&browser, &diagnostic_url(&out));
    answer(&tab, 0, 0, 1);
    answer(&tab, 1, 3, 3);
    answer(&tab, 8, 6, 5);
    name_assessment(&tab, "Partners & friends");
    write_note(&tab, 1, 3, "Split view: 3 or 4?");
    tab.find_element("[data-dx-action=share]")
        .unwrap()
        .click()
        .unwrap();
    let link = value_of(&tab, "#dx-share-url");
    let link = link.as_str().unwrap().to_owned();
    assert!(
        link.starts_with("file://") && link.contains("#pbd=1"),
        "{link}"
    );
    assert!(link.len() < 400, "compact: {link}");
    let answers = checked(&tab);

    // A new browser has its own profile, so nothing is stored there yet.
    let fresh = browser_or_panic();
    let other = open_diagnostic(&fresh, &link);
    assert_eq!(checked(&other), answers);
    assert_eq!(value_of(&other, "#dx-name"), "Partners & friends");
    assert_eq!(value_of(&other, "#dx-b1q3-note"), "Split view: 3 or 4?");
    assert_eq!(table(&other), table(&tab));
    // The answers are now kept there too, and the fragment is gone from the address bar.
    assert!(!other.get_url().contains("pbd="), "{}", other.get_url());
    other
        .reload(false, None)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(&other, "!!window.placebookDiagnostic");
    assert_eq!(checked(&other), answers);

    // An incognito context of the first browser works the same way.
    let context = browser.new_context().unwrap();
    let private = context.new_tab().unwrap();
    private
        .navigate_to(&link)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(&private, "!!window.placebookDiagnostic");
    assert_eq!(checked(&private), answers);

    // Where answers already exist, a shared link does not replace them unasked.
    answer(&other, 0, 0, 5);
    let mine = checked(&other);
    let again = open_diagnostic(&fresh, &link);
    assert_eq!(checked(&again), mine);
    assert_eq!(
        eval(&again, "document.getElementById('dx-shared').hidden"),
        false
    );
    again
        .find_element("[data-dx-action=compare-shared]")
        .unwrap()
        .click()
        .unwrap();
    // Both carry the same name, so the compared one says so.
    let rows = table(&again);
    assert_eq!(rows[0][2], "Partners & friends (compared)", "{rows:?}");
}

fn browser_or_panic() -> headless_chrome::Browser {
    browser().expect("a second browser starts when the first did")
}

#[test]
fn the_csv_export_holds_one_row_per_question() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built(Some("good"));
    let tab = open_diagnostic(&browser, &diagnostic_url(&out));
    answer(&tab, 0, 0, 2);
    answer(&tab, 1, 2, 5);
    answer(&tab, 2, 0, 1);
    name_assessment(&tab, "Alpha, 2025");
    write_note(&tab, 1, 2, "=SUM(1) \"quoted\", with comma");
    // Catch the download the button starts: the blob it makes, and the file name.
    eval(
        &tab,
        "window.dxBlobs = []; const make = URL.createObjectURL;
         URL.createObjectURL = b => { window.dxBlobs.push(b); return make.call(URL, b); };
         HTMLAnchorElement.prototype.click = function () { window.dxName = this.download; }; true",
    );
    tab.find_element("[data-dx-action=csv]")
        .unwrap()
        .click()
        .unwrap();
    wait_for(&tab, "window.dxBlobs.length === 1");
    let downloaded = eval(&tab, "window.dxBlobs[0].text()");
    let downloaded = downloaded.as_str().unwrap();
    let name = eval(&tab, "window.dxName");
    assert!(
        name.as_str().unwrap().starts_with("alpha-2025-diagnostic-")
            && name.as_str().unwrap().ends_with(".csv"),
        "{name}"
    );
    assert_eq!(
        Some(downloaded),
        eval(&tab, "placebookDiagnostic.csv()").as_str(),
        "the download is the CSV"
    );
    assert_eq!(
        eval(
            &tab,
            "window.dxBlobs[0].arrayBuffer().then(b => JSON.stringify(Array.from(new Uint8Array(b).slice(0, 3))))"
        ),
        "[239,187,191]",
        "with a byte-order mark, so that spreadsheets read it as UTF-8"
    );
    let rows = parse_csv(downloaded);
    assert_eq!(
        rows[0],
        [
            "Assessment",
            "Date",
            "Block number",
            "Block",
            "Question number",
            "Question",
            "Rating (1-5)",
            "Level",
            "Note"
        ]
    );
    assert_eq!(rows.len(), 1 + 6, "a header and one row per question");
    let pick = |r: &Vec<String>| {
        (
            r[0].clone(),
            r[2].clone(),
            r[3].clone(),
            r[4].clone(),
            r[6].clone(),
            r[7].clone(),
        )
    };
    let s = |x: &str| x.to_owned();
    assert_eq!(
        pick(&rows[1]),
        (
            s("Alpha, 2025"),
            s("1"),
            s("Shared purpose"),
            s("1"),
            s("2"),
            s("Starting")
        )
    );
    assert_eq!(
        pick(&rows[2]),
        (
            s("Alpha, 2025"),
            s("1"),
            s("Shared purpose"),
            s("2"),
            s(""),
            s("")
        )
    );
    assert_eq!(
        pick(&rows[5]),
        (
            s("Alpha, 2025"),
            s("2"),
            s("Pooled budgets"),
            s("3"),
            s("5"),
            s("Embedded")
        )
    );
    assert_eq!(
        pick(&rows[6]),
        (
            s("Alpha, 2025"),
            s("3"),
            s("Data sharing"),
            s("1"),
            s("1"),
            s("Not yet")
        )
    );
    assert_eq!(
        rows[1][5],
        "Do partners describe the goal in the same words?"
    );
    // A note that looks like a formula is not run as one by a spreadsheet.
    assert_eq!(rows[5][8], "'=SUM(1) \"quoted\", with comma");
    assert!(rows[1][1].len() == 10, "a date: {}", rows[1][1]);
}

#[test]
fn a_comparison_shows_both_assessments() {
    let Some(browser) = browser() else { return };
    let (tmp, out) = built(Some("good"));
    let tab = open_diagnostic(&browser, &diagnostic_url(&out));
    name_assessment(&tab, "This year");
    answer(&tab, 0, 0, 4);
    answer(&tab, 0, 1, 4);
    answer(&tab, 1, 0, 2);

    // Last year's assessment, as a JSON file saved from the page.
    let file = tmp.path().join("last-year.json");
    compare_with_all_starting(&tab, &file, "Last year");
    let rows = table(&tab);
    assert_eq!(
        rows[0],
        [
            "Building block",
            "This year",
            "Last year",
            "Dif\u{ad}fer\u{ad}ence"
        ]
    );
    assert!(rows[1][1].starts_with("4.0 Established"), "{rows:?}");
    assert!(rows[1][2].starts_with("2.0 Starting"), "{rows:?}");
    assert_eq!(rows[1][3], "+2.0");
    assert_eq!(rows[2][3], "0.0");
    assert_eq!(rows[3][1], "–Not answered");
    assert_eq!(rows[3][3], "–");
    // Both sets in the chart: solid bars for this one, striped for the other.
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('#dx-chart .dx-bar--a').length"
        ),
        2
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('#dx-chart .dx-bar--b').length"
        ),
        3
    );
    assert_eq!(
        eval(&tab, "document.getElementById('dx-legend').hidden"),
        false
    );
    assert_eq!(
        eval(&tab, "document.getElementById('dx-compare-state').hidden"),
        false
    );
    // The comparison is kept over a reload, and can be removed.
    tab.reload(false, None)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(&tab, "!!window.placebookDiagnostic");
    assert_eq!(table(&tab)[0].len(), 4);
    tab.find_element("[data-dx-action=stop-compare]")
        .unwrap()
        .click()
        .unwrap();
    assert_eq!(table(&tab)[0], ["Building block", "This year"]);

    // A partner's share link, pasted in.
    let partner = browser_or_panic();
    let ptab = open_diagnostic(&partner, &diagnostic_url(&out));
    name_assessment(&ptab, "Partner B");
    answer(&ptab, 0, 0, 1);
    answer(&ptab, 2, 0, 5);
    let link = eval(&ptab, "placebookDiagnostic.shareLink()");
    eval(
        &tab,
        &format!("document.getElementById('dx-compare-link').value = {link}; true"),
    );
    tab.find_element("[data-dx-action=compare-link]")
        .unwrap()
        .click()
        .unwrap();
    let rows = table(&tab);
    assert_eq!(
        rows[0],
        [
            "Building block",
            "This year",
            "Partner B",
            "Dif\u{ad}fer\u{ad}ence"
        ]
    );
    assert!(rows[1][2].starts_with("1.0 Not yet"), "{rows:?}");
    assert!(rows[3][2].starts_with("5.0 Embedded"), "{rows:?}");
    assert_eq!(rows[1][3], "+3.0");
    // Importing a JSON file replaces this browser's answers.
    tab.find_element("#dx-import")
        .unwrap()
        .set_input_files(&[file.to_str().unwrap()])
        .unwrap();
    wait_for(
        &tab,
        "document.getElementById('dx-name').value === 'Last year'",
    );
    assert_eq!(checked(&tab).len(), 6);
    assert!(checked(&tab).iter().all(|c| c.ends_with("=2")));
}

/// The number of pages in a PDF from Chromium.
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type /Page")
        .filter(|(i, _)| !text[i + 11..].starts_with('s'))
        .count()
}

fn a4_pdf(tab: &Tab) -> Vec<u8> {
    tab.print_to_pdf(Some(PrintToPdfOptions {
        paper_width: Some(8.27),
        paper_height: Some(11.69),
        prefer_css_page_size: Some(true),
        ..Default::default()
    }))
    .unwrap()
}

#[test]
fn the_summary_prints_on_one_a4_page() {
    let Some(browser) = browser() else { return };
    for (site, levels) in [(None, 5), (Some("plays"), 5)] {
        let (tmp, out) = built(site);
        let tab = open_diagnostic(&browser, &diagnostic_url(&out));
        name_assessment(&tab, "A partnership with a long name, spring 2025");
        answer_all(&tab, levels, "b * 3 + q");
        // And a comparison, so that every bar is doubled.
        let mut other = exported(&tab);
        other["name"] = json!("Last year");
        let file = tmp.path().join("other.json");
        std::fs::write(&file, other.to_string()).unwrap();
        tab.find_element("#dx-compare-file")
            .unwrap()
            .set_input_files(&[file.to_str().unwrap()])
            .unwrap();
        wait_for(
            &tab,
            "document.querySelectorAll('#dx-table thead th').length === 4",
        );
        eval(&tab, "placebookDiagnostic.summary(true); true");
        let pdf = a4_pdf(&tab);
        if std::env::var_os("PLACEBOOK_SCREENSHOTS").is_some() {
            // What the printed page looks like: print styles at A4's width (less margins).
            tab.call_method(
                headless_chrome::protocol::cdp::Emulation::SetEmulatedMedia {
                    media: Some("print".into()),
                    features: None,
                },
            )
            .unwrap();
            set_viewport(&tab, 703, 1000);
            eval(&tab, "placebookDiagnostic.summary(true); true");
            std::thread::sleep(Duration::from_millis(300));
            screenshot(
                &tab,
                &format!("summary-{}", site.unwrap_or("sample")),
                703,
                "body",
            );
            tab.call_method(
                headless_chrome::protocol::cdp::Emulation::SetEmulatedMedia {
                    media: Some(String::new()),
                    features: None,
                },
            )
            .unwrap();
        }
        assert_eq!(pdf_pages(&pdf), 1, "{site:?}: the summary fits one A4 page");
        // The whole page, answers included, prints too (on more pages).
        eval(&tab, "placebookDiagnostic.summary(false); true");
        assert!(pdf_pages(&a4_pdf(&tab)) > 1);
    }
}

#[test]
fn the_form_works_on_paper_and_without_javascript() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built(None);
    let tab = browser.new_tab().unwrap();
    disable_javascript(&tab);
    tab.navigate_to(&diagnostic_url(&out))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let count = |sel: &str| eval(&tab, &format!("document.querySelectorAll({sel:?}).length"));
    let questions = count("#dx-form fieldset");
    assert!(questions.as_u64().unwrap() >= 50, "{questions}");
    assert_eq!(count("#dx-form fieldset > legend"), questions);
    assert_eq!(
        count("#dx-form input[type=radio]").as_u64(),
        questions.as_u64().map(|q| q * 5)
    );
    // What needs the script stays hidden; the paper score sheet shows instead.
    assert_eq!(
        eval(&tab, "document.getElementById('dx-tools').hidden"),
        true
    );
    assert_eq!(
        eval(&tab, "document.querySelector('.dx-live').hidden"),
        true
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('.dx-static').offsetHeight > 0"
        ),
        true
    );
    // A click on a level's label ticks it.
    let label = tab.find_element("#dx-b0q0 .dx-level:nth-child(3)").unwrap();
    click_without_js(&tab, &label);
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('input[name=b0q0]:checked') && document.querySelector('input[name=b0q0]:checked').value"
        ),
        "3"
    );
    // Printed, the blank form has a box for each level and a line for a note.
    let pdf = a4_pdf(&tab);
    assert!(pdf_pages(&pdf) > 3);
    if std::env::var_os("PLACEBOOK_SCREENSHOTS").is_some() {
        tab.call_method(
            headless_chrome::protocol::cdp::Emulation::SetEmulatedMedia {
                media: Some("print".into()),
                features: None,
            },
        )
        .unwrap();
        screenshot(&tab, "paper-block", 703, "#dx-b0");
        screenshot(&tab, "paper-sheet", 703, "#dx-results");
    }
}

#[test]
fn no_axe_core_violations_with_results_and_a_comparison_on_screen() {
    let Some(browser) = browser() else { return };
    let Some(axe) = axe_source() else { return };
    let (tmp, out) = built(None);
    let tab = open_diagnostic(&browser, &diagnostic_url(&out));
    answer_all(&tab, 5, "b + q");
    let mut other = exported(&tab);
    other["name"] = json!("Last year");
    other["blocks"][0]["questions"][0]["rating"] = json!(1);
    other["blocks"][0]["questions"][0]["label"] = json!("Not yet");
    let file = tmp.path().join("other.json");
    std::fs::write(&file, other.to_string()).unwrap();
    tab.find_element("#dx-compare-file")
        .unwrap()
        .set_input_files(&[file.to_str().unwrap()])
        .unwrap();
    wait_for(
        &tab,
        "document.querySelectorAll('#dx-table thead th').length === 4",
    );
    tab.find_element("[data-dx-action=share]")
        .unwrap()
        .click()
        .unwrap();
    let mut failures = Vec::new();
    for scheme in ["light", "dark"] {
        set_color_scheme(&tab, scheme);
        failures.extend(
            axe_violations(&tab, &axe)
                .into_iter()
                .map(|v| format!("[{scheme}] {v}")),
        );
    }
    // The notice shown when a share link meets answers already in this browser.
    let link = format!(
        "{}&n=Another",
        eval(&tab, "placebookDiagnostic.shareLink()")
            .as_str()
            .unwrap()
    );
    let again = open_diagnostic(&browser, &link);
    assert_eq!(
        eval(&again, "document.getElementById('dx-shared').hidden"),
        false
    );
    failures.extend(
        axe_violations(&again, &axe)
            .into_iter()
            .map(|v| format!("[shared] {v}")),
    );
    assert!(
        failures.is_empty(),
        "axe-core violations:\n{}",
        failures.join("\n")
    );
}

/// Saves a screenshot of one element of the page (at most 6000 pixels of it), when asked to.
fn screenshot(tab: &Tab, name: &str, width: u32, selector: &str) {
    let Some(dir) = std::env::var_os("PLACEBOOK_SCREENSHOTS") else {
        return;
    };
    let height = eval(
        tab,
        &format!("Math.ceil(document.querySelector({selector:?}).getBoundingClientRect().height)"),
    );
    let height = (height.as_f64().unwrap() as u32).clamp(1, 6000);
    set_viewport(tab, width, height);
    std::thread::sleep(Duration::from_millis(300));
    eval(
        tab,
        &format!(
            "window.scrollTo(0, document.querySelector({selector:?}).getBoundingClientRect().top + scrollY); true"
        ),
    );
    std::thread::sleep(Duration::from_millis(200));
    let png = tab
        .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(Path::new(&dir).join(format!("{name}-{width}.png")), png).unwrap();
}

#[test]
fn the_result_is_clear_on_a_phone_and_a_projector() {
    let Some(browser) = browser() else { return };
    let (tmp, out) = built(None);
    for width in [320, 390, 1280] {
        // Each width starts from nothing (the tabs share the browser's storage).
        let tab = fresh_diagnostic(&browser, &out, width);
        name_assessment(&tab, "Northtown partners");
        answer_all(&tab, 5, "(b * 7 + q * 3) % 4 + (b % 2)");
        compare_with_all_starting(&tab, &tmp.path().join("other.json"), "Last year");
        std::thread::sleep(Duration::from_millis(300));
        let overflow = eval(
            &tab,
            "document.documentElement.scrollWidth - document.documentElement.clientWidth",
        );
        assert_eq!(overflow, 0, "the page scrolls sideways at {width} px");
        if width >= 390 {
            assert_eq!(
                eval(
                    &tab,
                    "(() => { const r = document.querySelector('#dx-table').parentElement; return r.scrollWidth - r.clientWidth; })()"
                ),
                0,
                "the results table fits without scrolling at {width} px"
            );
        }
        // Every bar of the chart is inside the chart, and every label is readable.
        assert_eq!(
            eval(
                &tab,
                "(() => { const svg = document.querySelector('#dx-chart svg'); const w = svg.viewBox.baseVal.width;
                   return Array.from(svg.querySelectorAll('rect.dx-bar')).every(r => r.x.baseVal.value + r.width.baseVal.value <= w + 0.5); })()"
            ),
            true
        );
        assert_eq!(
            eval(
                &tab,
                "(() => { const svg = document.querySelector('#dx-chart svg'); const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                   return scale > 0.95 && scale < 1.05; })()"
            ),
            true,
            "the chart is drawn at the width it is shown, so its text is not shrunk"
        );
        screenshot(&tab, "diagnostic-top", width, "main");
        screenshot(&tab, "diagnostic-block", width, "#dx-b1");
        screenshot(&tab, "diagnostic-results", width, "#dx-results");
        screenshot(&tab, "diagnostic-chart", width, "#dx-chart");
        screenshot(&tab, "diagnostic-table", width, "#dx-table");
        screenshot(&tab, "diagnostic-next", width, ".dx-next");
        if width == 1280 {
            set_color_scheme(&tab, "dark");
            screenshot(&tab, "diagnostic-results-dark", width, "#dx-results");
            screenshot(&tab, "diagnostic-block-dark", width, "#dx-b0");
        }
        screenshot(&tab, "diagnostic-tools", width, "#dx-tools");
        let _ = tab.close(true);
    }
}

/// Compares the current assessment with a second one, saved from the page and rated
/// "Starting" throughout, loaded through the page's compare-file input at `file`.
fn compare_with_all_starting(tab: &headless_chrome::Tab, file: &std::path::Path, name: &str) {
    let mut other = exported(tab);
    other["name"] = json!(name);
    for b in other["blocks"].as_array_mut().unwrap() {
        for q in b["questions"].as_array_mut().unwrap() {
            q["rating"] = json!(2);
            q["label"] = json!("Starting");
        }
    }
    std::fs::write(file, other.to_string()).unwrap();
    tab.find_element("#dx-compare-file")
        .unwrap()
        .set_input_files(&[file.to_str().unwrap()])
        .unwrap();
    wait_for(
        tab,
        "document.querySelectorAll('#dx-table thead th').length === 4",
    );
}

/// Emulates CSS media features, e.g. `[("forced-colors", "active")]` (none: back to normal).
fn emulate(tab: &Tab, features: &[(&str, &str)]) {
    tab.call_method(
        headless_chrome::protocol::cdp::Emulation::SetEmulatedMedia {
            media: None,
            features: Some(
                features
                    .iter()
                    .map(
                        |(name, value)| headless_chrome::protocol::cdp::Emulation::MediaFeature {
                            name: (*name).into(),
                            value: (*value).into(),
                        },
                    )
                    .collect(),
            ),
        },
    )
    .unwrap();
}

/// Evaluates `js`, which returns a JSON string, and parses it.
fn eval_json<T: serde::de::DeserializeOwned>(tab: &Tab, js: &str) -> T {
    let v = eval(tab, js);
    serde_json::from_str(v.as_str().unwrap_or_else(|| panic!("{js} gave {v}")))
        .unwrap_or_else(|e| panic!("{js}: {e}"))
}

/// The diagnostic of `site`, opened at `width` x 900 with no answers kept from before.
fn fresh_diagnostic(browser: &headless_chrome::Browser, out: &Path, width: u32) -> Arc<Tab> {
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(30));
    set_viewport(&tab, width, 900);
    tab.navigate_to(&diagnostic_url(out))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(&tab, "!!window.placebookDiagnostic");
    eval(&tab, "localStorage.clear(); true");
    tab.reload(false, None)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(&tab, "!!window.placebookDiagnostic");
    tab
}

/// The top left corner of each level of the first `n` questions, in the page's order.
fn level_corners(tab: &Tab, n: usize) -> Vec<Vec<(f64, f64)>> {
    eval_json(
        tab,
        &format!(
            "JSON.stringify(Array.from(document.querySelectorAll('#dx-form .dx-scale')).slice(0, {n}).map(s =>
                Array.from(s.querySelectorAll('.dx-level'), l => {{ const r = l.getBoundingClientRect(); return [r.left, r.top]; }})))"
        ),
    )
}

/// Whether corners read like text: each one right of the one before on its row, or on a
/// row below it; and how many columns the first row has.
fn reading_order(corners: &[(f64, f64)]) -> (bool, usize) {
    let in_order = corners.windows(2).all(|w| {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        ((y1 - y0).abs() < 1.0 && x1 > x0) || y1 > y0 + 1.0
    });
    let columns = corners
        .iter()
        .take_while(|(_, y)| (y - corners[0].1).abs() < 1.0)
        .count();
    (in_order, columns)
}

#[test]
fn levels_read_in_order_on_a_phone_and_side_by_side_on_a_wide_screen() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built(None);
    // A site with a ten-level scale, which takes two rows on a wide screen.
    let site = fixture("good");
    site.write(
        "placebook.yaml",
        "title: Ten levels\ndiagnostic:\n  scale: [None, Very little, Little, Some, Fair, Good, Strong, Very strong, Nearly all, All]\n",
    );
    let ten = site.root.join("public");
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    for (out, levels) in [(&out, 5), (&ten, 10)] {
        for width in [320, 390, 768, 1280] {
            let tab = fresh_diagnostic(&browser, out, width);
            for corners in level_corners(&tab, 3) {
                assert_eq!(corners.len(), levels);
                let (in_order, columns) = reading_order(&corners);
                assert!(
                    in_order,
                    "{levels} levels at {width} px are not in reading order: {corners:?}"
                );
                // One column on a phone; one row of five, or two rows of five for ten.
                let wanted = if width < 600 { 1 } else { 5 };
                assert_eq!(
                    columns, wanted,
                    "{levels} levels at {width} px: {corners:?}"
                );
            }
            let _ = tab.close(true);
        }
    }
}

#[test]
fn options_are_body_sized_and_big_targets() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built(None);
    for width in [320, 390, 1280] {
        let tab = fresh_diagnostic(&browser, &out, width);
        // [smallest font size, label width, label height, radio width, radio height]
        let sizes: Vec<f64> = eval_json(
            &tab,
            "(() => { const ls = Array.from(document.querySelectorAll('.dx-level')), min = a => Math.min(...a);
               const r = ls.map(l => l.getBoundingClientRect()), i = ls.map(l => l.querySelector('input').getBoundingClientRect());
               return JSON.stringify([min(ls.map(l => parseFloat(getComputedStyle(l).fontSize))), min(r.map(x => x.width)), min(r.map(x => x.height)),
                 min(i.map(x => x.width)), min(i.map(x => x.height))]); })()",
        );
        assert!(sizes[0] >= 19.0, "option text at {width} px: {sizes:?}");
        assert!(
            sizes[1] >= 44.0 && sizes[2] >= 44.0,
            "option targets at {width} px: {sizes:?}"
        );
        assert!(
            sizes[3] >= 24.0 && sizes[4] >= 24.0,
            "radio buttons at {width} px: {sizes:?}"
        );
        let _ = tab.close(true);
    }
}

/// WCAG contrast ratios of a chosen level, as the page draws it: its text on its
/// background, its background on the page's, and its border width against an unchosen one.
const CHOSEN_CONTRAST: &str = "(() => {
    const rgb = c => (c.match(/[\\d.]+/g) || [0, 0, 0]).slice(0, 3).map(Number);
    const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
    const on = getComputedStyle(document.querySelector('#dx-b0q0 input:checked').closest('.dx-level'));
    const off = getComputedStyle(document.querySelector('#dx-b0q0 input:not(:checked)').closest('.dx-level'));
    const page = getComputedStyle(document.body).backgroundColor;
    return JSON.stringify([ratio(on.color, on.backgroundColor), ratio(on.backgroundColor, page), parseFloat(on.borderTopWidth) - parseFloat(off.borderTopWidth)]);
  })()";

#[test]
fn a_chosen_level_is_unmistakable_in_light_dark_and_forced_colours() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built(None);
    let tab = fresh_diagnostic(&browser, &out, 1280);
    answer(&tab, 0, 0, 3);
    for features in [
        vec![("prefers-color-scheme", "light")],
        vec![("prefers-color-scheme", "dark")],
        vec![
            ("forced-colors", "active"),
            ("prefers-color-scheme", "light"),
        ],
        vec![
            ("forced-colors", "active"),
            ("prefers-color-scheme", "dark"),
        ],
    ] {
        emulate(&tab, &features);
        std::thread::sleep(Duration::from_millis(100));
        let [text, fill, border]: [f64; 3] = eval_json(&tab, CHOSEN_CONTRAST);
        assert!(
            text >= 4.5,
            "{features:?}: the chosen level's text, {text:.2}:1"
        );
        assert!(
            fill >= 3.0,
            "{features:?}: the chosen level's fill against the page, {fill:.2}:1"
        );
        assert!(
            border >= 2.0,
            "{features:?}: the chosen level's border is {border} px wider"
        );
    }
    emulate(&tab, &[]);
}

#[test]
fn the_overall_score_is_a_large_figure_of_its_own() {
    let Some(browser) = browser() else { return };
    let (tmp, out) = built(None);
    for width in [390, 1280] {
        let tab = fresh_diagnostic(&browser, &out, width);
        let figure = "document.querySelector('#dx-overall .dx-overall__figure')";
        assert_eq!(
            eval(&tab, &format!("{figure}.textContent")),
            "–none yet",
            "no score before any answer"
        );
        answer_all(&tab, 5, "b + q");
        let overall = table(&tab).last().unwrap()[1].clone();
        let shown = eval(&tab, &format!("{figure}.firstChild.textContent"));
        assert_eq!(
            Some(shown.as_str().unwrap()),
            overall.split(' ').next(),
            "{overall}"
        );
        let [size, right]: [f64; 2] = eval_json(
            &tab,
            &format!(
                "JSON.stringify([parseFloat(getComputedStyle({figure}).fontSize), {figure}.getBoundingClientRect().right])"
            ),
        );
        assert!(size >= 48.0, "the overall score is {size} px at {width} px");
        assert!(right <= f64::from(width), "it fits at {width} px");
        // Compared with another assessment, each has its own figure.
        compare_with_all_starting(&tab, &tmp.path().join("other.json"), "Last year");
        assert_eq!(
            eval(
                &tab,
                "Array.from(document.querySelectorAll('#dx-overall .dx-overall__figure'), f => f.firstChild.textContent).join(' ')"
            ),
            format!("{} 2.0", shown.as_str().unwrap())
        );
        let _ = tab.close(true);
    }
}

#[test]
fn bars_start_at_the_lowest_level_and_chart_text_is_body_sized() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built(None);
    let tab = fresh_diagnostic(&browser, &out, 1280);
    let bars = "(() => { const svg = document.querySelector('#dx-chart svg'), g = svg.querySelectorAll('.dx-grid');
        const plot = g[g.length - 1].x1.baseVal.value - g[0].x1.baseVal.value;
        return JSON.stringify([plot, Array.from(svg.querySelectorAll('rect.dx-bar'), r => r.width.baseVal.value)]); })()";
    // Every answer the lowest: no bar at all.
    answer_all(&tab, 5, "0");
    let (plot, widths): (f64, Vec<f64>) = eval_json(&tab, bars);
    assert_eq!(widths.len(), 9, "{widths:?}");
    assert!(widths.iter().all(|w| *w == 0.0), "all 1: {widths:?}");
    // Every answer the highest: full bars, as wide as the plot from the 1 to the 5 line.
    answer_all(&tab, 5, "4");
    let (plot_again, widths): (f64, Vec<f64>) = eval_json(&tab, bars);
    assert_eq!(plot, plot_again);
    assert!(
        plot > 200.0 && widths.iter().all(|w| (w - plot).abs() < 0.5),
        "all 5: {widths:?} of {plot}"
    );
    // The axis is numbered from the lowest level, and its text can be read across a room.
    assert_eq!(
        eval(
            &tab,
            "Array.from(document.querySelectorAll('#dx-chart .dx-tick'), t => t.textContent).join(' ')"
        ),
        "1 2 3 4 5"
    );
    let sizes: Vec<f64> = eval_json(
        &tab,
        "JSON.stringify(['.dx-label', '.dx-value', '.dx-tick'].map(c => parseFloat(getComputedStyle(document.querySelector('#dx-chart ' + c)).fontSize)))",
    );
    assert!(
        sizes[0] >= 19.0 && sizes[1] >= 19.0 && sizes[2] >= 16.0,
        "chart text (labels, values, axis): {sizes:?}"
    );
}

#[test]
fn where_to_look_next_is_numbered_once() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built(None);
    let tab = fresh_diagnostic(&browser, &out, 1280);
    answer_all(&tab, 5, "b + q");
    // For each item: whether the list draws a number, and the heading's own text.
    let items: Vec<(bool, String)> = eval_json(
        &tab,
        "JSON.stringify(Array.from(document.querySelectorAll('#dx-next li'), li => {
            const s = getComputedStyle(li);
            return [s.display === 'list-item' && s.listStyleType !== 'none', li.querySelector('h4').textContent]; }))",
    );
    assert_eq!(items.len(), 3, "{items:?}");
    for (marker, heading) in &items {
        let own = heading
            .split_once(". ")
            .is_some_and(|(n, _)| n.parse::<u32>().is_ok());
        assert!(own, "a block keeps its own number: {heading}");
        assert!(!marker, "and the list adds none: {heading}");
    }
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('#dx-next ol').getAttribute('role')"
        ),
        "list",
        "a list without markers is still a list to screen readers"
    );
}
