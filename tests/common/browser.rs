//! A real headless Chromium for tests of what a person sees.
//!
//! Chromium is found at `$PLACEBOOK_CHROMIUM`, or as Debian's `chromium`. When it is
//! missing the browser tests say so (`say_skipped`: on the terminal, not in captured
//! output, and in the file `scripts/test` lists at the end) and pass without running,
//! so `cargo test` works on a machine with only Rust. `scripts/test`, when it finds
//! everything installed, and CI set `PLACEBOOK_REQUIRE_BROWSER=1`, which turns a
//! missing browser (or axe-core) into a failure.
#![allow(dead_code)]

use headless_chrome::browser::tab::element::Element;
use headless_chrome::protocol::cdp::{DOM, Emulation};
use headless_chrome::{Browser, LaunchOptions, Tab};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

fn required() -> bool {
    std::env::var_os("PLACEBOOK_REQUIRE_BROWSER").is_some_and(|v| v != "0" && !v.is_empty())
}

fn missing(what: &str, how: &str) -> Option<()> {
    if required() {
        panic!("{what} not found, and PLACEBOOK_REQUIRE_BROWSER is set: {how}");
    }
    super::say_skipped(&format!(
        "{what} not found ({how}); the tests that need it did not run (set PLACEBOOK_REQUIRE_BROWSER=1 to make that a failure)"
    ));
    None
}

/// The Chromium binary, if there is one.
pub fn chromium_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PLACEBOOK_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
}

/// A headless Chromium that lives as long as this test process, for a browser kept in
/// a static (which is never dropped, so nothing else would stop it when the tests end):
/// a small shell watches this process and stops Chromium once it has gone.
pub fn browser_for_the_whole_run() -> Option<Browser> {
    let browser = browser()?;
    if let Some(chromium) = browser.get_process_id() {
        let me = std::process::id();
        let watch = format!(
            "while kill -0 {me} 2>/dev/null; do sleep 1; done; kill {chromium} 2>/dev/null"
        );
        let _ = std::process::Command::new("sh")
            .args(["-c", &watch])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
    }
    Some(browser)
}

/// A headless Chromium with the flags this machine needs, or `None` (see module docs).
pub fn browser() -> Option<Browser> {
    let Some(path) = chromium_path() else {
        missing(
            "Chromium",
            "install it with `apt-get install chromium`, or set PLACEBOOK_CHROMIUM",
        )?;
        return None;
    };
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--allow-file-access-from-files",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(path))
        .headless(true)
        .sandbox(false)
        .window_size(Some((1280, 900)))
        .args(args)
        .idle_browser_timeout(Duration::from_secs(120))
        .build()
        .expect("launch options");
    Some(Browser::new(options).expect("Chromium starts"))
}

/// The axe-core script, if installed (`$AXE_CORE_JS`, or `target/npm` as `.ci/run` installs it).
pub fn axe_source() -> Option<String> {
    let path = std::env::var_os("AXE_CORE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/npm/node_modules/axe-core/axe.min.js")
        });
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(_) => {
            missing(
                "axe-core",
                "run `npm install --prefix target/npm axe-core@4`, or set AXE_CORE_JS",
            )?;
            None
        }
    }
}

/// A `file://` URL for a path.
pub fn file_url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

/// Opens `url` in a new tab and waits for it to load.
pub fn open(browser: &Browser, url: &str) -> Arc<Tab> {
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(30));
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab
}

/// Evaluates JavaScript and returns its JSON value (promises are awaited).
pub fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    let r = tab
        .evaluate(js, true)
        .unwrap_or_else(|e| panic!("evaluating {js}: {e}"));
    r.value.unwrap_or(serde_json::Value::Null)
}

/// Sets the viewport width (CSS pixels) and height.
pub fn set_viewport(tab: &Tab, width: u32, height: u32) {
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width,
        height,
        device_scale_factor: 1.0,
        mobile: width < 600,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .unwrap();
}

/// Emulates `prefers-color-scheme`.
pub fn set_color_scheme(tab: &Tab, scheme: &str) {
    tab.call_method(Emulation::SetEmulatedMedia {
        media: None,
        features: Some(vec![Emulation::MediaFeature {
            name: "prefers-color-scheme".into(),
            value: scheme.into(),
        }]),
    })
    .unwrap();
}

/// Turns JavaScript off for the tab (for pages that must work without it).
pub fn disable_javascript(tab: &Tab) {
    tab.call_method(Emulation::SetScriptExecutionDisabled { value: true })
        .unwrap();
}

/// Runs axe-core on the page and returns its violations as readable lines.
pub fn axe_violations(tab: &Tab, axe: &str) -> Vec<String> {
    tab.evaluate(axe, false).expect("axe-core loads");
    let js = r#"axe.run(document, { resultTypes: ['violations'] }).then(r => JSON.stringify(r.violations.map(v =>
        v.id + ' (' + v.impact + '): ' + v.help + ' -> ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))"#;
    let v = eval(tab, js);
    serde_json::from_str(v.as_str().unwrap_or("[]")).unwrap()
}

/// Clicks an element with a real mouse click, without running any script in the page
/// (headless_chrome's own click scrolls with JavaScript, which a JS-off page never runs).
pub fn click_without_js(tab: &Tab, element: &Element) {
    tab.call_method(DOM::ScrollIntoViewIfNeeded {
        node_id: None,
        backend_node_id: Some(element.backend_node_id),
        object_id: None,
        rect: None,
    })
    .unwrap();
    let point = element.get_midpoint().unwrap();
    tab.click_point(point).unwrap();
}
