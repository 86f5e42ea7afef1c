//! The diagnostic's group page (`diagnostic/group/`) in a real headless Chromium, run as a
//! facilitator would: twelve participants' share links pasted at once give the counts,
//! medians, spreads and distributions that a computation here gives; the split by
//! organisation type and the "differ most" list agree with it too; presenting moves by
//! the keyboard; the CSV and JSON load again; the session survives a reload; the summary
//! prints on one or two A4 pages; and axe-core finds nothing, in light, dark and
//! presentation mode.
//!
//! Set `PLACEBOOK_SCREENSHOTS=<folder>` to keep screenshots of the page at 1280 and 1920
//! pixels wide, and of the participant's page at 390.

mod common;
use common::browser::*;
use common::*;
use headless_chrome::types::PrintToPdfOptions;
use headless_chrome::{Browser, Tab};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Builds the sample playbook into a temporary folder.
fn built() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["--output", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, out)
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

/// Evaluates `js`, which returns a JSON string, and parses it.
fn eval_json<T: serde::de::DeserializeOwned>(tab: &Tab, js: &str) -> T {
    let v = eval(tab, js);
    serde_json::from_str(v.as_str().unwrap_or_else(|| panic!("{js} gave {v}")))
        .unwrap_or_else(|e| panic!("{js}: {e}"))
}

/// The group page of `out`, opened at `width` with no session kept from before.
fn fresh_group(browser: &Browser, out: &Path, width: u32) -> Arc<Tab> {
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(30));
    set_viewport(&tab, width, 900);
    let url = file_url(&out.join("diagnostic/group/index.html"));
    tab.navigate_to(&url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(&tab, "!!window.placebookGroup");
    eval(&tab, "localStorage.clear(); true");
    reload(&tab);
    tab
}

fn reload(tab: &Tab) {
    tab.reload(false, None)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(tab, "!!window.placebookGroup");
}

/// One block of the diagnostic as its page's data gives it: key and question count.
struct Block {
    key: String,
    questions: usize,
}

/// The blocks and the scale's length, from the page's own data.
fn blocks_of(out: &Path) -> (Vec<Block>, usize) {
    let doc = html(&out.join("diagnostic/group/index.html"));
    let sel = scraper::Selector::parse("script#dx-data").unwrap();
    let text: String = doc.select(&sel).next().unwrap().text().collect();
    let data: Value = serde_json::from_str(&text).unwrap();
    let blocks = data["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| Block {
            key: b["key"].as_str().unwrap().to_owned(),
            questions: b["questions"].as_array().unwrap().len(),
        })
        .collect();
    (blocks, data["scale"].as_array().unwrap().len())
}

/// One generated participant: a name (or none), an organisation type (or none), and a
/// rating for every question (0: not answered).
struct Person {
    name: String,
    org: &'static str,
    ratings: Vec<Vec<u32>>,
}

const ORGS: [&str; 4] = ["council", "nhs", "community", ""];

/// Twelve participants with ratings from a fixed pseudo-random sequence, some questions
/// left unanswered, and every fourth without an organisation type.
fn participants(blocks: &[Block], levels: u32) -> Vec<Person> {
    let mut x: u64 = 2026;
    let mut next = move || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) as u32
    };
    (0..12)
        .map(|p| Person {
            name: if p % 3 == 2 {
                String::new()
            } else {
                format!("Person {}", p + 1)
            },
            org: ORGS[p % 4],
            ratings: blocks
                .iter()
                .map(|b| (0..b.questions).map(|_| next() % (levels + 1)).collect())
                .collect(),
        })
        .collect()
}

/// A participant's share link, in the format the diagnostic page writes.
fn link(base: &str, blocks: &[Block], p: &Person) -> String {
    let mut s = format!("{base}#pbd=1");
    if !p.name.is_empty() {
        s += &format!("&n={}", p.name.replace(' ', "+"));
    }
    if !p.org.is_empty() {
        s += &format!("&o={}", p.org);
    }
    s += "&t=2026-12-01";
    for (b, r) in blocks.iter().zip(&p.ratings) {
        let digits: String = r
            .iter()
            .map(|v| char::from_digit(*v, 36).unwrap())
            .collect();
        s += &format!("&b.{}={}", b.key, digits);
    }
    s
}

/// Median, population standard deviation, lowest, highest and counts per level.
struct Stats {
    n: usize,
    counts: Vec<usize>,
    median: Option<f64>,
    sd: Option<f64>,
    range: Option<(f64, f64)>,
}

fn stats(values: &[f64], levels: usize) -> Stats {
    let mut counts = vec![0; levels];
    for v in values {
        let level = ((v + 0.5).floor() as usize).clamp(1, levels);
        counts[level - 1] += 1;
    }
    let mut s = values.to_vec();
    s.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let median = (!s.is_empty()).then(|| {
        let m = s.len() / 2;
        if s.len() % 2 == 1 {
            s[m]
        } else {
            (s[m - 1] + s[m]) / 2.0
        }
    });
    let sd = (!s.is_empty()).then(|| {
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        (values.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / values.len() as f64).sqrt()
    });
    Stats {
        n: values.len(),
        counts,
        median,
        sd,
        range: s.first().map(|lo| (*lo, *s.last().unwrap())),
    }
}

/// The ratings given to question `q` of block `b` by `people`.
fn question_values(people: &[&Person], b: usize, q: usize) -> Vec<f64> {
    people
        .iter()
        .map(|p| p.ratings[b][q])
        .filter(|&v| v > 0)
        .map(f64::from)
        .collect()
}

/// Each person's score for block `b`: the mean of their answers to it.
fn block_values(people: &[&Person], b: usize) -> Vec<f64> {
    people
        .iter()
        .filter_map(|p| {
            let v: Vec<f64> = p.ratings[b]
                .iter()
                .filter(|&&v| v > 0)
                .map(|&v| f64::from(v))
                .collect();
            (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
        })
        .collect()
}

/// One row of a results table as the page shows it.
#[derive(Debug, serde::Deserialize)]
struct Row {
    n: String,
    counts: String,
    shown_counts: Vec<String>,
    median: String,
    spread: String,
    by_org: Vec<String>,
}

fn rows(tab: &Tab, table: &str) -> Vec<Row> {
    eval_json(
        tab,
        &format!(
            "JSON.stringify(Array.from(document.querySelectorAll('#{table} tbody tr'), tr => ({{
                n: tr.querySelector('.dxg-n').textContent,
                counts: tr.querySelector('.dxg-dist').getAttribute('data-dxg-counts'),
                shown_counts: Array.from(tr.querySelectorAll('.dxg-dist__n'), e => e.textContent),
                median: tr.querySelector('.dxg-median').textContent,
                spread: tr.querySelector('.dxg-spread').textContent,
                by_org: Array.from(tr.querySelectorAll('.dxg-org-median'), e => e.textContent)
            }})))"
        ),
    )
}

/// A figure shown to one decimal place agrees with `expected` (or both are absent).
fn close(shown: &str, expected: Option<f64>, what: &str) {
    match expected {
        None => assert_eq!(shown, "–", "{what}"),
        Some(e) => {
            let v: f64 = shown.parse().unwrap_or_else(|_| panic!("{what}: {shown}"));
            assert!(
                (v - e).abs() <= 0.051,
                "{what}: shown {shown}, computed {e}"
            );
        }
    }
}

/// A row of the page agrees with the computed statistics.
fn check_row(row: &Row, s: &Stats, what: &str) {
    assert_eq!(row.n, s.n.to_string(), "{what}: answered");
    let counts: Vec<String> = s.counts.iter().map(ToString::to_string).collect();
    assert_eq!(row.counts, counts.join(","), "{what}: distribution");
    assert_eq!(row.shown_counts, counts, "{what}: distribution as shown");
    close(&row.median, s.median, &format!("{what}: median"));
    match (s.sd, s.range) {
        (Some(sd), Some((lo, hi))) => {
            let (figure, rest) = row.spread.split_once(' ').unwrap();
            close(figure, Some(sd), &format!("{what}: spread"));
            let (low, high) = rest
                .strip_prefix('(')
                .and_then(|r| r.strip_suffix(')'))
                .and_then(|r| r.split_once('–'))
                .unwrap_or_else(|| panic!("{what}: range {rest}"));
            close(low, Some(lo), &format!("{what}: lowest"));
            close(high, Some(hi), &format!("{what}: highest"));
            if lo.fract() == 0.0 {
                assert_eq!(low, format!("{lo}"), "{what}: a whole number as it is");
            }
        }
        _ => assert_eq!(row.spread, "–", "{what}"),
    }
}

/// The group page with the twelve participants' links pasted and added.
fn with_twelve(
    browser: &Browser,
    out: &Path,
    width: u32,
) -> (Arc<Tab>, Vec<Person>, Vec<Block>, usize) {
    let (blocks, levels) = blocks_of(out);
    let people = participants(&blocks, levels as u32);
    let base = file_url(&out.join("diagnostic/index.html"));
    let pasted: Vec<String> = people.iter().map(|p| link(&base, &blocks, p)).collect();
    let tab = fresh_group(browser, out, width);
    // Pasted as people send them: some on one line, one twice, and a line of chat.
    let text = format!(
        "{}\n{} {}\nthanks, see you Tuesday\n{}\n",
        pasted[..6].join("\n"),
        pasted[6..].join("  "),
        pasted[0],
        "#pbd=2&b.x=1"
    );
    eval(
        &tab,
        &format!(
            "document.getElementById('dxg-paste').value = {}; true",
            json!(text)
        ),
    );
    tab.find_element("[data-dxg-action=add]")
        .unwrap()
        .click()
        .unwrap();
    wait_for(
        &tab,
        "document.querySelectorAll('#dxg-list li').length === 12",
    );
    (tab, people, blocks, levels)
}

#[test]
fn twelve_participants_links_give_the_computed_counts_medians_and_distributions() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built();
    let (tab, people, blocks, levels) = with_twelve(&browser, &out, 1280);
    let message = eval(&tab, "document.getElementById('dxg-message').textContent");
    assert_eq!(
        message,
        "Added 12. 2 left out (already here, or not a share link)."
    );
    assert_eq!(
        eval(&tab, "document.getElementById('dxg-people-h').textContent"),
        "Participants (12)"
    );
    let unnamed: Vec<String> = eval_json(
        &tab,
        "JSON.stringify(Array.from(document.querySelectorAll('[aria-labelledby]')).filter(e => e.getAttribute('aria-labelledby').split(' ').some(id => !document.getElementById(id))).map(e => e.id || e.tagName))",
    );
    assert!(unnamed.is_empty(), "labelled by nothing: {unnamed:?}");
    let everyone: Vec<&Person> = people.iter().collect();
    let overview = rows(&tab, "dxg-blocks");
    assert_eq!(overview.len(), blocks.len());
    for (b, row) in overview.iter().enumerate() {
        check_row(
            row,
            &stats(&block_values(&everyone, b), levels),
            &format!("block {b}"),
        );
        for (q, row) in rows(&tab, &format!("dxg-q{b}")).iter().enumerate() {
            let s = stats(&question_values(&everyone, b, q), levels);
            check_row(row, &s, &format!("block {b} question {q}"));
        }
    }
    // Anonymous participants are numbered; every name given is listed.
    let names: Vec<String> = eval_json(
        &tab,
        "JSON.stringify(Array.from(document.querySelectorAll('.dxg-list__name'), e => e.textContent))",
    );
    assert_eq!(names[2], "Participant 3");
    assert_eq!(names[0], "Person 1");
}

/// Every question with two or more answers: (spread, median, block, question).
fn ranked(people: &[&Person], blocks: &[Block], levels: usize) -> Vec<(f64, f64, usize, usize)> {
    let mut all = Vec::new();
    for (b, block) in blocks.iter().enumerate() {
        for q in 0..block.questions {
            let s = stats(&question_values(people, b, q), levels);
            if s.n >= 2 {
                all.push((s.sd.unwrap(), s.median.unwrap(), b, q));
            }
        }
    }
    all
}

#[test]
fn where_you_differ_most_and_the_split_by_organisation_type_follow_the_answers() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built();
    let (tab, people, blocks, levels) = with_twelve(&browser, &out, 1280);
    let everyone: Vec<&Person> = people.iter().collect();
    let question_keys = |sel: &str| -> Vec<String> {
        eval_json(
            &tab,
            &format!(
                "JSON.stringify(Array.from(document.querySelectorAll('{sel} li'), li => li.getAttribute('data-dxg-question')))"
            ),
        )
    };
    let key = |&(_, _, b, q): &(f64, f64, usize, usize)| format!("{}.{}", blocks[b].key, q + 1);
    let mut differ = ranked(&everyone, &blocks, levels);
    differ.retain(|x| x.0 > 0.0);
    differ.sort_by(|x, y| {
        y.0.partial_cmp(&x.0)
            .unwrap()
            .then((x.2, x.3).cmp(&(y.2, y.3)))
    });
    let expected: Vec<String> = differ.iter().take(5).map(key).collect();
    assert_eq!(question_keys("#dxg-differ"), expected);
    let mut weakest = ranked(&everyone, &blocks, levels);
    weakest.retain(|x| x.0 <= 1.0);
    weakest.sort_by(|x, y| {
        (x.1, x.0)
            .partial_cmp(&(y.1, y.0))
            .unwrap()
            .then((x.2, x.3).cmp(&(y.2, y.3)))
    });
    let expected: Vec<String> = weakest.iter().take(5).map(key).collect();
    assert_eq!(question_keys("#dxg-weakest"), expected);

    // A median for each organisation type given, beside everyone's.
    let heads: Vec<String> = eval_json(
        &tab,
        "JSON.stringify(Array.from(document.querySelectorAll('#dxg-blocks thead th'), e => e.textContent))",
    );
    assert_eq!(
        heads[5..],
        [
            "Median: Council",
            "Median: NHS",
            "Median: Community or voluntary group"
        ]
    );
    let of = |org: &str| -> Vec<&Person> { people.iter().filter(|p| p.org == org).collect() };
    for (b, row) in rows(&tab, "dxg-blocks").iter().enumerate() {
        for (i, org) in ORGS[..3].iter().enumerate() {
            let s = stats(&block_values(&of(org), b), levels);
            close(&row.by_org[i], s.median, &format!("block {b}, {org}"));
        }
    }
    // Showing one organisation type's answers only.
    eval(
        &tab,
        "const f = document.getElementById('dxg-filter'); f.value = 'nhs'; f.dispatchEvent(new Event('change')); true",
    );
    let nhs = of("nhs");
    assert_eq!(nhs.len(), 3);
    for (b, row) in rows(&tab, "dxg-blocks").iter().enumerate() {
        check_row(
            row,
            &stats(&block_values(&nhs, b), levels),
            &format!("nhs, block {b}"),
        );
    }
    let none = of("");
    eval(
        &tab,
        "const g = document.getElementById('dxg-filter'); g.value = 'none'; g.dispatchEvent(new Event('change')); true",
    );
    let row = &rows(&tab, "dxg-q0")[0];
    check_row(
        row,
        &stats(&question_values(&none, 0, 0), levels),
        "no type given",
    );
}

/// Which slides are shown, by id or position.
fn visible_slides(tab: &Tab) -> Vec<usize> {
    eval_json(
        tab,
        "JSON.stringify(Array.from(document.querySelectorAll('#dxg-slides .dxg-slide')).map((s, i) => [s, i]).filter(([s]) => s.offsetHeight > 0).map(([, i]) => i))",
    )
}

#[test]
fn presenting_shows_one_part_at_a_time_and_moves_by_the_keyboard() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built();
    let (tab, _, blocks, _) = with_twelve(&browser, &out, 1920);
    let total = blocks.len() + 2;
    assert_eq!(visible_slides(&tab).len(), total);
    tab.find_element("[data-dxg-action=present]")
        .unwrap()
        .click()
        .unwrap();
    assert_eq!(visible_slides(&tab), [0]);
    let where_ = || eval(&tab, "document.getElementById('dxg-where').textContent");
    assert_eq!(where_(), format!("1 of {total}"));
    // The site's header is gone and the type is large.
    assert_eq!(
        eval(&tab, "document.querySelector('.site-header').offsetHeight"),
        0
    );
    let size = eval(
        &tab,
        "parseFloat(getComputedStyle(document.querySelector('#dxg-blocks')).fontSize)",
    );
    assert!(size.as_f64().unwrap() >= 22.0, "{size}");
    tab.press_key("ArrowRight").unwrap();
    tab.press_key("ArrowRight").unwrap();
    assert_eq!(visible_slides(&tab), [2]);
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('#dxg-slides .dxg-slide:not([hidden]) h3').textContent"
        ),
        eval(
            &tab,
            "document.querySelector('#dxg-blocks tbody th').textContent"
        )
    );
    tab.press_key("ArrowLeft").unwrap();
    assert_eq!(visible_slides(&tab), [1]);
    for _ in 0..total + 3 {
        tab.press_key("PageDown").unwrap();
    }
    assert_eq!(visible_slides(&tab), [total - 1], "stops at the last");
    assert_eq!(where_(), format!("{total} of {total}"));
    tab.press_key("Escape").unwrap();
    assert_eq!(visible_slides(&tab).len(), total);
    assert_eq!(
        eval(
            &tab,
            "document.documentElement.classList.contains('dxg-presenting')"
        ),
        false
    );
}

/// Every row of every results table, as text, to compare two states of the page.
fn all_tables(tab: &Tab) -> Vec<Vec<String>> {
    eval_json(
        tab,
        "JSON.stringify(Array.from(document.querySelectorAll('#dxg-slides tr'), tr => Array.from(tr.cells, c => c.textContent)))",
    )
}

#[test]
fn the_csv_and_json_load_again_and_a_reload_keeps_the_session() {
    let Some(browser) = browser() else { return };
    let (tmp, out) = built();
    let (tab, people, blocks, _) = with_twelve(&browser, &out, 1280);
    let before = all_tables(&tab);
    let names_before = eval(&tab, "document.getElementById('dxg-list').textContent");

    // A reload keeps the session.
    reload(&tab);
    assert_eq!(all_tables(&tab), before);

    let csv = eval(&tab, "placebookGroup.csv()")
        .as_str()
        .unwrap()
        .to_owned();
    let rows = parse_csv(&csv);
    let questions: usize = blocks.iter().map(|b| b.questions).sum();
    assert_eq!(
        rows.len(),
        1 + 12 * questions,
        "one row per person and question"
    );
    assert_eq!(rows[0][0], "Participant");
    assert_eq!(rows[0].len(), 12);
    // Person 2 (NHS), block 0, question 1: the rating they gave.
    let r = &rows[1 + questions];
    assert_eq!(
        (r[0].as_str(), r[1].as_str(), r[2].as_str()),
        ("2", "Person 2", "NHS")
    );
    let given = people[1].ratings[0][0];
    assert_eq!(
        r[9],
        if given == 0 {
            String::new()
        } else {
            given.to_string()
        }
    );
    let json = eval(&tab, "JSON.stringify(placebookGroup.json())")
        .as_str()
        .unwrap()
        .to_owned();

    // Cleared (the facilitator confirms), the page is empty, and stays so after a reload.
    eval(&tab, "window.confirm = () => true; true");
    tab.find_element("[data-dxg-action=clear]")
        .unwrap()
        .click()
        .unwrap();
    wait_for(
        &tab,
        "document.querySelectorAll('#dxg-list li').length === 0",
    );
    reload(&tab);
    assert_eq!(all_tables(&tab), Vec::<Vec<String>>::new());
    assert_eq!(
        eval(&tab, "document.getElementById('dxg-empty').hidden"),
        false
    );

    for (name, text) in [
        ("group.csv", format!("\u{feff}{csv}")),
        ("group.json", json),
    ] {
        let file = tmp.path().join(name);
        std::fs::write(&file, text).unwrap();
        eval(&tab, "localStorage.clear(); true");
        reload(&tab);
        tab.find_element("#dxg-files")
            .unwrap()
            .set_input_files(&[file.to_str().unwrap()])
            .unwrap();
        wait_for(
            &tab,
            "document.querySelectorAll('#dxg-list li').length === 12",
        );
        assert_eq!(all_tables(&tab), before, "{name}");
        assert_eq!(
            eval(&tab, "document.getElementById('dxg-list').textContent"),
            names_before,
            "{name}"
        );
    }
}

/// The number of pages in a PDF from Chromium.
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type /Page")
        .filter(|(i, _)| !text[i + 11..].starts_with('s'))
        .count()
}

#[test]
fn the_group_summary_prints_on_one_or_two_a4_pages() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built();
    let (tab, ..) = with_twelve(&browser, &out, 1280);
    let pdf = tab
        .print_to_pdf(Some(PrintToPdfOptions {
            paper_width: Some(8.27),
            paper_height: Some(11.69),
            prefer_css_page_size: Some(true),
            ..Default::default()
        }))
        .unwrap();
    let pages = pdf_pages(&pdf);
    assert!((1..=2).contains(&pages), "{pages} pages");
    if let Some(dir) = std::env::var_os("PLACEBOOK_SCREENSHOTS") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join("group-summary.pdf"), pdf).unwrap();
        // What the printed pages look like: print styles at A4's width (less margins).
        tab.call_method(
            headless_chrome::protocol::cdp::Emulation::SetEmulatedMedia {
                media: Some("print".into()),
                features: None,
            },
        )
        .unwrap();
        screenshot(&tab, "group-summary", 703);
    }
}

/// Saves a screenshot of the whole page at `width`, when asked to.
fn screenshot(tab: &Tab, name: &str, width: u32) {
    let Some(dir) = std::env::var_os("PLACEBOOK_SCREENSHOTS") else {
        return;
    };
    let height = eval(tab, "Math.ceil(document.documentElement.scrollHeight)");
    set_viewport(tab, width, (height.as_f64().unwrap() as u32).clamp(1, 6000));
    eval(tab, "window.scrollTo(0, 0); true");
    std::thread::sleep(Duration::from_millis(300));
    let png = tab
        .capture_screenshot(
            headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png,
            None,
            None,
            true,
        )
        .unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(Path::new(&dir).join(format!("{name}-{width}.png")), png).unwrap();
    set_viewport(tab, width, 900);
}

#[test]
fn no_axe_core_violations_in_light_dark_and_presentation_mode() {
    let Some(browser) = browser() else { return };
    let Some(axe) = axe_source() else { return };
    let (_tmp, out) = built();
    let mut failures = Vec::new();
    for width in [1280, 1920] {
        let (tab, ..) = with_twelve(&browser, &out, width);
        assert_eq!(
            eval(&tab, "document.documentElement.scrollWidth <= innerWidth"),
            true,
            "{width}: nothing wider than the screen"
        );
        for scheme in ["light", "dark"] {
            set_color_scheme(&tab, scheme);
            screenshot(&tab, &format!("group-{scheme}"), width);
            failures.extend(
                axe_violations(&tab, &axe)
                    .into_iter()
                    .map(|v| format!("[{width} {scheme}] {v}")),
            );
            tab.find_element("[data-dxg-action=present]")
                .unwrap()
                .click()
                .unwrap();
            tab.press_key("ArrowRight").unwrap();
            tab.press_key("ArrowRight").unwrap();
            if scheme == "light" {
                set_viewport(&tab, width, width * 9 / 16);
                std::thread::sleep(Duration::from_millis(200));
                screenshot(&tab, "group-presenting", width);
            }
            failures.extend(
                axe_violations(&tab, &axe)
                    .into_iter()
                    .map(|v| format!("[{width} {scheme} presenting] {v}")),
            );
            tab.press_key("Escape").unwrap();
        }
    }
    assert!(
        failures.is_empty(),
        "axe-core violations:\n{}",
        failures.join("\n")
    );
}

#[test]
fn a_participant_gives_an_organisation_type_that_reaches_the_group_page() {
    let Some(browser) = browser() else { return };
    let Some(axe) = axe_source() else { return };
    let (_tmp, out) = built();
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(30));
    set_viewport(&tab, 390, 900);
    tab.navigate_to(&file_url(&out.join("diagnostic/index.html")))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(&tab, "!!window.placebookDiagnostic");
    eval(
        &tab,
        "const o = document.getElementById('dx-org'); o.value = 'community'; o.dispatchEvent(new Event('change')); true",
    );
    tab.find_element("input[name='b0q0'][value='4']")
        .unwrap()
        .click()
        .unwrap();
    // Kept with the answers, across a reload.
    tab.reload(false, None)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(&tab, "!!window.placebookDiagnostic");
    assert_eq!(
        eval(&tab, "document.getElementById('dx-org').value"),
        "community"
    );
    assert_eq!(
        eval(&tab, "placebookDiagnostic.json().organisation"),
        "community"
    );
    let link = eval(&tab, "placebookDiagnostic.shareLink()")
        .as_str()
        .unwrap()
        .to_owned();
    assert!(link.contains("o=community"), "{link}");
    let violations = axe_violations(&tab, &axe);
    assert!(violations.is_empty(), "{violations:?}");
    if std::env::var_os("PLACEBOOK_SCREENSHOTS").is_some() {
        screenshot(&tab, "participant", 390);
    }

    let group = fresh_group(&browser, &out, 1280);
    eval(
        &group,
        &format!("placebookGroup.add({}); true", json!(link)),
    );
    wait_for(
        &group,
        "document.querySelectorAll('#dxg-list li').length === 1",
    );
    let listed = eval(&group, "document.querySelector('#dxg-list li').textContent");
    assert!(
        listed
            .as_str()
            .unwrap()
            .contains("Community or voluntary group"),
        "{listed}"
    );
    let row = &rows(&group, "dxg-q0")[0];
    assert_eq!((row.n.as_str(), row.median.as_str()), ("1", "4.0"));
    // A link opened on the group page itself is added, and the address bar is cleaned.
    let at_group = link.replace("diagnostic/index.html", "diagnostic/group/index.html");
    let again = fresh_group(&browser, &out, 1280);
    again
        .navigate_to(&at_group)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(
        &again,
        "document.querySelectorAll('#dxg-list li').length === 1",
    );
    assert_eq!(eval(&again, "location.hash"), "");
}

#[test]
fn without_javascript_the_group_page_says_what_to_do_on_paper() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built();
    let tab = browser.new_tab().unwrap();
    disable_javascript(&tab);
    tab.navigate_to(&file_url(&out.join("diagnostic/group/index.html")))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    assert_eq!(
        eval(&tab, "document.querySelector('.dxg-nojs').offsetHeight > 0"),
        true
    );
    assert_eq!(
        eval(&tab, "document.getElementById('dxg-add').hidden"),
        true
    );
    // The sample has a base_url: the room scans the form's address from this screen.
    let qr: (f64, f64) = eval_json(
        &tab,
        "(() => { const r = document.querySelector('.dx-qr__code').getBoundingClientRect(); return JSON.stringify([r.width, r.height]); })()",
    );
    assert!(qr.0 >= 150.0 && qr.0 == qr.1, "{qr:?}");
    // On the form it is printed, not shown on screen.
    let form = browser.new_tab().unwrap();
    form.navigate_to(&file_url(&out.join("diagnostic/index.html")))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let shown = || eval(&form, "document.querySelector('.dx-qr').offsetHeight > 0");
    assert_eq!(shown(), false);
    form.call_method(
        headless_chrome::protocol::cdp::Emulation::SetEmulatedMedia {
            media: Some("print".into()),
            features: None,
        },
    )
    .unwrap();
    assert_eq!(shown(), true);
    // The built page links to the participants' form, and its words are the theme's.
    let doc = html(&out.join("diagnostic/group/index.html"));
    assert_eq!(texts(&doc, "h1"), ["Group results"]);
    assert_eq!(
        attrs(&doc, ".dx-intro a", "href"),
        ["../../diagnostic/index.html"]
    );
    let form = html(&out.join("diagnostic/index.html"));
    assert_eq!(
        attrs(&form, "#dx-org option", "value"),
        ["", "council", "nhs", "community", "other"]
    );
    assert!(
        attrs(&form, ".dx-how a", "href").contains(&"../diagnostic/group/index.html".to_owned())
    );
}

#[test]
fn the_quick_version_asks_the_first_question_of_each_block_and_combines_like_the_full_one() {
    let Some(browser) = browser() else { return };
    let (_tmp, out) = built();
    let (blocks, _) = blocks_of(&out);
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(30));
    set_viewport(&tab, 390, 900);
    let url = format!("{}?quick", file_url(&out.join("diagnostic/index.html")));
    tab.navigate_to(&url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(&tab, "!!window.placebookDiagnostic");
    eval(&tab, "localStorage.clear(); true");
    let visible = |tab: &Tab| -> Vec<String> {
        eval_json(
            tab,
            "JSON.stringify(Array.from(document.querySelectorAll('#dx-form fieldset')).filter(f => f.offsetHeight > 0).map(f => f.id))",
        )
    };
    let firsts: Vec<String> = (0..blocks.len()).map(|b| format!("dx-b{b}q0")).collect();
    assert_eq!(visible(&tab), firsts);
    assert_eq!(
        eval(
            &tab,
            "document.getElementById('dx-quick-note').offsetHeight > 0"
        ),
        true
    );
    for b in 0..blocks.len() {
        tab.find_element(&format!("input[name='b{b}q0'][value='{}']", b % 5 + 1))
            .unwrap()
            .click()
            .unwrap();
    }
    let link = eval(&tab, "placebookDiagnostic.shareLink()")
        .as_str()
        .unwrap()
        .to_owned();
    let group = fresh_group(&browser, &out, 1280);
    eval(
        &group,
        &format!("placebookGroup.add({}); true", json!(link)),
    );
    wait_for(
        &group,
        "document.querySelectorAll('#dxg-list li').length === 1",
    );
    for (b, block) in blocks.iter().enumerate() {
        let answered: Vec<String> = rows(&group, &format!("dxg-q{b}"))
            .into_iter()
            .map(|r| r.n)
            .collect();
        let mut expected = vec!["0".to_owned(); block.questions];
        expected[0] = "1".to_owned();
        assert_eq!(answered, expected, "block {b}");
    }
    // With JavaScript off, the quick version's address shows the whole paper form.
    let paper = browser.new_tab().unwrap();
    disable_javascript(&paper);
    paper
        .navigate_to(&url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let all: usize = blocks.iter().map(|b| b.questions).sum();
    assert_eq!(visible(&paper).len(), all);
}

#[test]
fn a_rubric_sits_beside_its_choices_on_a_phone_and_a_wide_screen_without_axe_violations() {
    let Some(browser) = browser() else { return };
    let Some(axe) = axe_source() else { return };
    let site = fixture("good");
    site.edit("content/building-blocks/shared-purpose.md", |t| {
        t.replace(
            "signs: [",
            "rubrics:\n  - question: 2\n    levels: [Nobody asked, A survey, A workshop, Residents on the panel, Residents set it]\nsigns: [",
        )
    });
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let url = file_url(&site.out().join("diagnostic/index.html"));
    for width in [390, 1280] {
        let tab = browser.new_tab().unwrap();
        tab.set_default_timeout(Duration::from_secs(30));
        set_viewport(&tab, width, 900);
        tab.navigate_to(&url)
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        wait_for(&tab, "!!window.placebookDiagnostic");
        // Each descriptor on its level's row, after the level's name; the levels one above the other.
        let rows: Vec<(f64, f64, f64, f64)> = eval_json(
            &tab,
            "JSON.stringify(Array.from(document.querySelectorAll('.dx-q--rubric .dx-level'), l => {
                const n = l.querySelector('.dx-level__label').getBoundingClientRect(), d = l.querySelector('.dx-level__desc').getBoundingClientRect();
                return [l.getBoundingClientRect().top, n.left, d.left, d.top - n.top];
            }))",
        );
        assert_eq!(rows.len(), 5);
        for pair in rows.windows(2) {
            assert!(pair[1].0 > pair[0].0, "{width}: one level a row: {rows:?}");
        }
        if width >= 1280 {
            for r in &rows {
                assert!(r.2 > r.1 && r.3.abs() < 8.0, "{width}: beside: {rows:?}");
            }
        }
        tab.find_element("#dx-b0q1 .dx-level:nth-child(2)")
            .unwrap()
            .click()
            .unwrap();
        let violations = axe_violations(&tab, &axe);
        assert!(violations.is_empty(), "{width}: {violations:?}");
        if width == 1280 {
            set_color_scheme(&tab, "dark");
            let violations = axe_violations(&tab, &axe);
            assert!(violations.is_empty(), "dark: {violations:?}");
        }
        if width == 1280 {
            // The group page shows the rubric under its question, folded away.
            let link = eval(&tab, "placebookDiagnostic.shareLink()")
                .as_str()
                .unwrap()
                .to_owned();
            let group = fresh_group(&browser, &site.out(), 1280);
            eval(
                &group,
                &format!("placebookGroup.add({}); true", json!(link)),
            );
            wait_for(
                &group,
                "document.querySelectorAll('#dxg-slides .dxg-rubric').length === 1",
            );
            let items: Vec<String> = eval_json(
                &group,
                "JSON.stringify(Array.from(document.querySelectorAll('#dxg-q0 tbody tr:nth-child(2) .dxg-rubric li'), li => li.textContent))",
            );
            assert_eq!(items.len(), 5);
            assert_eq!(items[0], "Not yet: Nobody asked");
            assert_eq!(items[4], "Embedded: Residents set it");
            let violations = axe_violations(&group, &axe);
            assert!(violations.is_empty(), "group: {violations:?}");
        }
    }
}
