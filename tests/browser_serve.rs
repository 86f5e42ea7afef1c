//! Live reload in a real headless Chromium: an open page reloads itself after an edit,
//! shows the errors over the page when a file breaks and hides them when it is fixed,
//! and swaps a changed stylesheet without reloading.

mod common;

use common::browser::{browser, eval, open};
use common::serve::{PATIENCE, Server};
use std::time::Instant;

const ALPHA: &str = "content/case-studies/alpha-town.md";

/// Polls `js` in the page until it returns true.
fn wait_until(tab: &headless_chrome::Tab, js: &str, what: &str) {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        // A reload in progress makes evaluation fail for a moment; try again.
        if let Ok(r) = tab.evaluate(js, false)
            && r.value == Some(serde_json::Value::Bool(true))
        {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("{what} did not happen: {js}");
}

#[test]
fn an_open_page_reloads_shows_errors_and_swaps_styles() {
    let Some(browser) = browser() else { return };
    let server = Server::start("good");
    let tab = open(&browser, &format!("{}case-studies/alpha-town/", server.url));
    // The live-reload script has connected once the page logs nothing else; mark this
    // page instance so a reload can be told from none.
    wait_until(
        &tab,
        "window.__placebookLive === true",
        "the live-reload script loading",
    );
    let events = server.events();
    eval(&tab, "window.__marker = 'before'; true");

    let good = std::fs::read_to_string(server.site.root.join(ALPHA)).unwrap();
    server
        .site
        .write(ALPHA, good.replace("## The context", "## Context, edited"));
    wait_until(
        &tab,
        "window.__marker === undefined && [...document.querySelectorAll('main h2')].some(h => h.textContent === 'Context, edited')",
        "the page reloading with the new heading",
    );

    // A broken file: the overlay names the file, line and column; the page stays.
    eval(&tab, "window.__marker = 'broken'; true");
    server.site.write(
        ALPHA,
        good.replace("title: Alpha Town", "title: [Alpha Town"),
    );
    wait_until(
        &tab,
        "(() => { const o = document.getElementById('placebook-overlay'); return !!o && !o.hidden && o.getAttribute('role') === 'alert' && o.textContent.includes('content/case-studies/alpha-town.md:2:8'); })()",
        "the error overlay appearing",
    );
    assert_eq!(
        eval(&tab, "window.__marker"),
        "broken",
        "errors do not reload the page"
    );

    server.site.write(ALPHA, good.clone());
    wait_until(
        &tab,
        "document.getElementById('placebook-overlay') === null && [...document.querySelectorAll('main h2')].some(h => h.textContent === 'The context')",
        "the overlay clearing and the fixed page loading",
    );

    // A stylesheet change: swapped in place, no reload.
    eval(&tab, "window.__marker = 'styles'; true");
    let css = server.site.root.join("static/assets/placebook.css");
    let theme_css = placebook_css();
    server.site.write(
        "static/assets/placebook.css",
        format!("{theme_css}\nbody {{ outline: 3px solid rgb(1, 2, 3); }}\n"),
    );
    events.wait_for("css", |_| true);
    wait_until(
        &tab,
        "getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'",
        "the new stylesheet applying",
    );
    assert_eq!(
        eval(&tab, "window.__marker"),
        "styles",
        "a stylesheet change does not reload"
    );
    assert!(css.exists());
}

fn placebook_css() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/static/assets/placebook.css"),
    )
    .unwrap()
}
