//! The default theme's layout in a real headless Chromium, over every page of the
//! sample playbook and of the `plays-site` fixture (collections named `plays` and
//! `stories`, links and a long address in list fields, wide tables, a long word):
//!
//! - no page scrolls sideways at 320, 390, 1280 or 1920 px;
//! - at 1280 and 1920 px the matrix and every grid of cards are as wide as the container;
//! - no word is broken across two lines where it would fit on one (a wide table scrolls
//!   in its box instead; an address shown as text breaks after a `/`);
//! - the targets of the header, navigation, footer, card titles, tags and A to Z letters
//!   are at least 24 x 24 px, or spaced as WCAG 2.2 (2.5.8) allows;
//! - axe-core finds nothing, in light and in dark;
//! - loading a page shifts its layout by less than 0.1 (the `layout-shift` entries).
//!
//! One browser and one build of each site serve every test; each page is measured once
//! per width, and the tests read the measurements they need.

mod common;
use common::browser::*;
use common::*;
use headless_chrome::{Browser, Tab};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The widths every page is measured at, in CSS pixels.
const WIDTHS: [u32; 4] = [320, 390, 1280, 1920];

/// One site built for these tests, and its pages (relative to its output folder).
struct BuiltSite {
    name: &'static str,
    out: PathBuf,
    pages: Vec<String>,
}

/// Builds `root` into a folder of its own under the test's target folder.
fn build_site(name: &'static str, root: &Path) -> BuiltSite {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("browser_layout")
        .join(name);
    let _ = std::fs::remove_dir_all(&out);
    let o = build(root, &["--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{name}: {}", stderr(&o));
    let mut pages: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(&out).unwrap();
            rel.to_string_lossy().into_owned()
        })
        .collect();
    pages.sort();
    assert!(pages.len() > 8, "{name}: {pages:?}");
    BuiltSite { name, out, pages }
}

/// The sample playbook and the plays-site fixture, built once.
fn sites() -> &'static [BuiltSite] {
    static SITES: OnceLock<Vec<BuiltSite>> = OnceLock::new();
    SITES.get_or_init(|| {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        vec![
            build_site("sample", repo),
            build_site("plays-site", &fixtures().join("plays-site")),
            build_site("paginated", &paginated_sample()),
        ]
    })
}

/// A copy of the sample playbook whose listings of more than two items are split into
/// pages (`paginate: 2`), under the test's target folder.
fn paginated_sample() -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser_layout-paginated");
    let _ = std::fs::remove_dir_all(&root);
    copy_dir(&repo.join("content"), &root.join("content"));
    let config = std::fs::read_to_string(repo.join("placebook.yaml")).unwrap();
    std::fs::write(root.join("placebook.yaml"), config + "\npaginate: 2\n").unwrap();
    root
}

fn site(name: &str) -> &'static BuiltSite {
    sites().iter().find(|s| s.name == name).unwrap()
}

/// The one browser every test shares, or `None` when there is none (see `browser()`).
fn shared_browser() -> Option<&'static Browser> {
    static BROWSER: OnceLock<Option<Browser>> = OnceLock::new();
    BROWSER.get_or_init(browser_for_the_whole_run).as_ref()
}

/// Goes to `url` in `tab`, waits for its load event, then evaluates the JavaScript
/// expression `js` there (awaiting it if it is a promise) and gives its value as JSON
/// text. One call to the browser when the page loads, so that a few hundred pages take
/// seconds, not minutes (headless_chrome's own wait also waits for the network to have
/// been idle for half a second).
fn after_load(tab: &Tab, url: &str, js: &str) -> String {
    tab.navigate_to(url)
        .unwrap_or_else(|e| panic!("{url}: {e}"));
    let script = format!(
        "new Promise(r => document.readyState === 'complete' ? r() : addEventListener('load', () => r())) \
         .then(() => location.href !== {url:?} ? JSON.stringify(['not yet', location.href]) \
           : Promise.resolve({js}).then(v => JSON.stringify(['loaded', v])))"
    );
    let started = std::time::Instant::now();
    loop {
        // The first tries may run in the page being left, or see it go away.
        let answer = tab.evaluate(&script, true).ok().and_then(|r| r.value);
        let parsed: Option<(String, serde_json::Value)> = answer
            .as_ref()
            .and_then(|v| v.as_str())
            .and_then(|t| serde_json::from_str(t).ok());
        if let Some((state, value)) = parsed
            && state == "loaded"
        {
            return value.to_string();
        }
        assert!(
            started.elapsed().as_secs() < 30,
            "{url} did not load: {answer:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// What one page shows at one width.
#[derive(Debug, Deserialize)]
struct Measure {
    /// How far the page scrolls sideways (0 when it fits).
    overflow: f64,
    /// What sticks out past the right edge, when something does.
    too_wide: Vec<String>,
    /// How many wide sections (the matrix, card grids) the page has.
    wide: usize,
    /// Those narrower than the container.
    narrow: Vec<String>,
    /// How many targets were checked for size.
    targets: usize,
    /// Those under 24 x 24 px without the spacing that makes up for it.
    small: Vec<String>,
    /// Words broken across two lines ("minut / es") though their block is wider than
    /// they are, with the block.
    split_words: Vec<String>,
}

/// A page measured: its site, its path and the width.
struct Measured {
    site: &'static str,
    page: String,
    width: u32,
    measure: Measure,
}

/// The targets checked for size: what a reader taps to get around, not links in text.
const TARGETS: &str = "header a, header button, header input, header summary, nav a, footer a, \
                       .card__title a, a.tag, .az-letters a";

/// Measures a page (see [`Measure`]).
const MEASURE_JS: &str = r#"(() => {
  const d = document.documentElement, W = d.clientWidth;
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '')
    + (e.textContent ? ' "' + e.textContent.trim().slice(0, 30) + '"' : '');
  const box = e => e.getBoundingClientRect();
  // What is too wide: the innermost elements that reach past the edge, or whose text does.
  const wider = e => box(e).right > W + 1
    || (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0 && getComputedStyle(e).overflowX === 'visible');
  const past = d.scrollWidth > W ? [...document.body.querySelectorAll('*')].filter(wider) : [];
  const tooWide = past.filter(e => !past.some(c => c !== e && e.contains(c))).slice(0, 4)
      .map(e => name(e).slice(0, 60) + ' is ' + Math.round(Math.max(box(e).right, box(e).left + e.scrollWidth)) + ' px wide');
  const main = box(document.querySelector('main')).width;
  const narrow = [...document.querySelectorAll('.matrix-section, .card-list')]
      .filter(e => box(e).width < main - 1)
      .map(e => name(e).slice(0, 60) + ' is ' + Math.round(box(e).width) + ' px of ' + Math.round(main));
  // A matrix that must scroll inside its box at a desktop width hides columns.
  if (W >= 1280) document.querySelectorAll('.matrix-section .table-scroll').forEach(e => {
    if (e.scrollWidth > e.clientWidth + 1) narrow.push('the matrix scrolls ' + (e.scrollWidth - e.clientWidth) + ' px inside its box');
  });
  const shown = e => { const r = box(e), s = getComputedStyle(e);
    return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && r.right > 0 && r.bottom > 0; };
  const all = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')].filter(shown);
  const undersized = r => r.width < 23.5 || r.height < 23.5;
  const small = [], targets = [...document.querySelectorAll(TARGETS)].filter(shown);
  for (const t of targets) {
    const r = box(t);
    if (!undersized(r)) continue;
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    // WCAG 2.5.8's spacing: a 24 px circle on the target meets no other target, nor
    // the circle of another undersized target.
    const near = all.find(o => {
      if (o === t || o.contains(t) || t.contains(o)) return false;
      const q = box(o);
      const dx = Math.max(q.left - cx, 0, cx - q.right), dy = Math.max(q.top - cy, 0, cy - q.bottom);
      if (Math.hypot(dx, dy) < 12) return true;
      return undersized(q) && Math.hypot(q.left + q.width / 2 - cx, q.top + q.height / 2 - cy) < 24;
    });
    if (near) small.push(name(t).slice(0, 70) + ' is ' + Math.round(r.width) + ' x ' + Math.round(r.height) + ' px, next to ' + name(near).slice(0, 50));
  }
  const wide = document.querySelectorAll('.matrix-section, .card-list').length;
  // A word is split when its letters take more than one line box, though the run of
  // text without spaces it is in (`shared` in `a_shared_file.xlsx`) would fit on a line
  // of its block: a run wider than that must break somewhere.
  const splitWords = [];
  const rectsOf = (n, from, to) => { const r = document.createRange(); r.setStart(n, from); r.setEnd(n, to); return [...r.getClientRects()]; };
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.parentElement || !n.parentElement.offsetParent) continue;
    let block = n.parentElement;
    while (block.parentElement && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    for (const run of n.data.matchAll(/\S+/gu)) {
      const runWidth = rectsOf(n, run.index, run.index + run[0].length).reduce((sum, q) => sum + q.width, 0);
      if (runWidth >= block.clientWidth - 2) continue;
      for (const m of run[0].matchAll(/[\p{L}\p{N}'’]{2,}/gu)) {
        const at = run.index + m.index;
        if (new Set(rectsOf(n, at, at + m[0].length).map(q => Math.round(q.top))).size > 1)
          splitWords.push('"' + m[0] + '" in ' + name(block).slice(0, 50));
      }
    }
  }
  return { overflow: d.scrollWidth - W, too_wide: tooWide, wide, narrow, targets: targets.length, small, split_words: splitWords.slice(0, 5) };
})()"#;

/// Every page of every site at every width, measured once: one tab per width, side by side.
fn measured() -> Option<&'static [Measured]> {
    static MEASURED: OnceLock<Option<Vec<Measured>>> = OnceLock::new();
    MEASURED
        .get_or_init(|| {
            let browser = shared_browser()?;
            let js = &MEASURE_JS.replace("TARGETS", &format!("{TARGETS:?}"));
            let per_width = std::thread::scope(|scope| {
                let running: Vec<_> = WIDTHS
                    .map(|width| scope.spawn(move || measure_at(browser, js, width)))
                    .into_iter()
                    .collect();
                running
                    .into_iter()
                    .map(|t| t.join().expect("a width's measurements"))
                    .collect::<Vec<_>>()
            });
            Some(per_width.into_iter().flatten().collect())
        })
        .as_deref()
}

/// Every page of every site measured in one tab at `width`.
fn measure_at(browser: &Browser, js: &str, width: u32) -> Vec<Measured> {
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(std::time::Duration::from_secs(30));
    set_viewport(&tab, width, 900);
    let mut all = Vec::new();
    for site in sites() {
        for page in &site.pages {
            let v = after_load(&tab, &file_url(&site.out.join(page)), js);
            let measure =
                serde_json::from_str(&v).unwrap_or_else(|e| panic!("{page} at {width}: {e}: {v}"));
            all.push(Measured {
                site: site.name,
                page: page.clone(),
                width,
                measure,
            });
        }
    }
    let _ = tab.close(true);
    all
}

/// Every page.
fn any_page(_: &str) -> bool {
    true
}

/// The failures `check` finds on the `pages` of `site_name` measured at `widths`, one
/// line each.
fn failures(
    site_name: &str,
    widths: &[u32],
    pages: impl Fn(&str) -> bool,
    check: impl Fn(&Measure) -> Vec<String>,
) -> Option<Vec<String>> {
    let all = measured()?;
    let mine: Vec<&Measured> = all
        .iter()
        .filter(|m| m.site == site_name && widths.contains(&m.width) && pages(&m.page))
        .collect();
    assert!(!mine.is_empty(), "nothing measured for {site_name}");
    Some(
        mine.iter()
            .flat_map(|m| {
                check(&m.measure)
                    .into_iter()
                    .map(move |f| format!("{} at {} px: {f}", m.page, m.width))
            })
            .collect(),
    )
}

fn sideways(m: &Measure) -> Vec<String> {
    if m.overflow > 0.0 {
        vec![format!(
            "scrolls {} px sideways ({})",
            m.overflow,
            m.too_wide.join("; ")
        )]
    } else {
        Vec::new()
    }
}

fn assert_none(what: &str, failures: Option<Vec<String>>) {
    let Some(failures) = failures else { return };
    assert!(failures.is_empty(), "{what}:\n{}", failures.join("\n"));
}

#[test]
fn no_page_of_the_sample_scrolls_sideways() {
    assert_none(
        "pages that scroll sideways",
        failures("sample", &WIDTHS, any_page, sideways),
    );
}

#[test]
fn no_page_of_the_plays_site_scrolls_sideways() {
    assert_none(
        "pages that scroll sideways",
        failures("plays-site", &WIDTHS, any_page, sideways),
    );
}

#[test]
fn no_page_split_into_pages_scrolls_sideways() {
    assert_none(
        "pages that scroll sideways",
        failures("paginated", &WIDTHS, any_page, sideways),
    );
}

/// No word is broken in two where it would fit on a line: a table too wide for the
/// screen scrolls in its box, and an address shown as text breaks after a `/`.
#[test]
fn no_word_is_broken_across_lines_where_it_would_fit() {
    for site in ["sample", "plays-site"] {
        assert_none(
            "words broken across lines",
            failures(site, &WIDTHS, any_page, |m| m.split_words.clone()),
        );
    }
}

#[test]
fn wide_sections_use_the_container_at_desktop_widths() {
    for name in ["sample", "plays-site"] {
        assert_none(
            "sections narrower than the container",
            failures(name, &[1280, 1920], any_page, |m| m.narrow.clone()),
        );
    }
    // The pages that should have them do (a test of nothing passes too easily).
    let Some(all) = measured() else { return };
    for page in ["matrix/index.html", "index.html", "case-studies/index.html"] {
        assert!(
            all.iter().any(|m| m.page == page && m.measure.wide > 0),
            "no wide section on {page}"
        );
    }
}

/// The 404 page, checked on its own: opened from disk it has no styles yet.
fn not_found_page(page: &str) -> bool {
    page == "404.html"
}

#[test]
fn targets_are_at_least_24_pixels_or_spaced_apart() {
    for name in ["sample", "plays-site", "paginated"] {
        assert_none(
            "targets under 24 x 24 px",
            failures(name, &WIDTHS, |p| !not_found_page(p), |m| m.small.clone()),
        );
    }
    let Some(all) = measured() else { return };
    let checked: usize = all.iter().map(|m| m.measure.targets).sum();
    assert!(checked > 1000, "only {checked} targets checked");
}

#[test]
fn the_404_page_has_targets_of_24_pixels_too() {
    for name in ["sample", "plays-site"] {
        assert_none(
            "targets under 24 x 24 px",
            failures(name, &WIDTHS, not_found_page, |m| m.small.clone()),
        );
    }
}

#[test]
fn axe_core_finds_no_violations_in_light_or_dark() {
    let Some(browser) = shared_browser() else {
        return;
    };
    let Some(axe) = axe_source() else { return };
    let axe = &axe;
    let failures: Vec<String> = std::thread::scope(|scope| {
        let running: Vec<_> = ["light", "dark"]
            .map(|scheme| scope.spawn(move || axe_every_page(browser, axe, scheme)))
            .into_iter()
            .collect();
        running
            .into_iter()
            .flat_map(|t| t.join().expect("axe-core's results"))
            .collect()
    });
    assert!(
        failures.is_empty(),
        "axe-core violations:\n{}",
        failures.join("\n")
    );
}

/// axe-core's violations on every page of every site in `scheme`, one line each (and a
/// line for each page without exactly one `h1`).
fn axe_every_page(browser: &Browser, axe: &str, scheme: &str) -> Vec<String> {
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(std::time::Duration::from_secs(60));
    set_color_scheme(&tab, scheme);
    // axe-core is loaded into each page as a script of its own (indirect eval), then run.
    let js = format!(
        "(() => {{ (0, eval)({}); const h1 = document.querySelectorAll('h1').length; \
           const scheme = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'; \
           return axe.run(document, {{ resultTypes: ['violations'] }}).then(r => \
             (h1 === 1 ? [] : [h1 + ' h1 elements']).concat(scheme === {scheme:?} ? [] : ['shown in ' + scheme]).concat(r.violations.map(v => v.id + ' (' + v.impact + '): ' \
               + v.help + ' -> ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))); }})()",
        serde_json::to_string(axe).unwrap()
    );
    let mut failures = Vec::new();
    for site in sites() {
        for page in &site.pages {
            let v = after_load(&tab, &file_url(&site.out.join(page)), &js);
            let found: Vec<String> = serde_json::from_str(&v).unwrap();
            failures.extend(
                found
                    .into_iter()
                    .map(|f| format!("{}/{page} [{scheme}]: {f}", site.name)),
            );
        }
    }
    let _ = tab.close(true);
    failures
}

/// The layout shift of loading `url` in a fresh tab at `width`, over its load and the
/// half second after, with what moved.
fn layout_shift(browser: &Browser, url: &str, width: u32) -> (f64, String) {
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(std::time::Duration::from_secs(30));
    set_viewport(&tab, width, 900);
    let js = r#"new Promise(done => {
      let sum = 0; const moved = [];
      new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) {
        sum += e.value;
        for (const s of e.sources || []) if (s.node && s.node.nodeType === 1) moved.push(s.node.tagName.toLowerCase() + '.' + s.node.className);
      } }).observe({ type: 'layout-shift', buffered: true });
      setTimeout(() => done([sum, moved.slice(0, 5).join(', ')]), 500);
    })"#;
    let v: (f64, String) = serde_json::from_str(&after_load(&tab, url, js)).unwrap();
    let _ = tab.close(true);
    v
}

/// Fails with each of `pages` (in `site_name`, with a query string or not) whose load
/// shifts the layout by 0.1 or more at 390 or 1280 px.
fn assert_little_layout_shift(site_name: &str, pages: &[&str]) {
    let Some(browser) = shared_browser() else {
        return;
    };
    let site = site(site_name);
    let mut failures = Vec::new();
    for page in pages {
        let (path, query) = page.split_once('?').unwrap_or((page, ""));
        let mut url = file_url(&site.out.join(path));
        if !query.is_empty() {
            url = format!("{url}?{query}");
        }
        for width in [390, 1280] {
            let (shift, moved) = layout_shift(browser, &url, width);
            if shift >= 0.1 {
                failures.push(format!("{page} at {width} px: {shift:.3} ({moved})"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "layout shift of 0.1 or more:\n{}",
        failures.join("\n")
    );
}

#[test]
fn content_pages_load_without_shifting() {
    assert_little_layout_shift(
        "sample",
        &[
            "index.html",
            "building-blocks/shared-purpose/index.html",
            "case-studies/sheffield-money/index.html",
            "diagnostic/index.html",
        ],
    );
}

#[test]
fn search_results_arrive_without_shifting_the_page() {
    assert_little_layout_shift("sample", &["search/index.html?q=community"]);
}
