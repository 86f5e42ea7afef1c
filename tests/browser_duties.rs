//! A public body's pages in a real headless Chromium: with analytics off no page asks
//! any other host for anything; with it on, only the configured service's host is
//! asked; the accessibility statement and a page with feedback, review dates and page
//! updates have no axe-core violations, in light and in dark.

mod common;
use common::browser::*;
use common::http::{StaticServer, serve_on};
use common::*;
use headless_chrome::Browser;
use headless_chrome::browser::tab::RequestPausedDecision;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// The pages of every kind that the sample playbook has.
const PAGES: &[&str] = &[
    "index.html",
    "case-studies/index.html",
    "case-studies/oldham/index.html",
    "building-blocks/index.html",
    "matrix/index.html",
    "diagnostic/index.html",
    "search/index.html?q=budget",
    "a-z/index.html",
    "print/index.html",
    "accessibility/index.html",
    "tags/index.html",
    "404.html",
];

/// The sample playbook with `extra` added to its placebook.yaml, built into `out`.
fn build_sample(extra: &str, out: &Path) -> Site {
    let site = sample();
    site.edit("placebook.yaml", |c| format!("{c}{extra}"));
    let o = build(&site.root, &["--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    site
}

/// Every address the pages at `base` ask the browser to load, scripts run and all.
fn requests_of(browser: &Browser, base: &str, pages: &[&str]) -> Vec<String> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    for page in pages {
        let tab = browser.new_tab().unwrap();
        tab.set_default_timeout(std::time::Duration::from_secs(30));
        let log = Arc::clone(&seen);
        tab.enable_fetch(None, None).unwrap();
        tab.enable_request_interception(Arc::new(move |_, _, event: headless_chrome::protocol::cdp::Fetch::events::RequestPausedEvent| {
            log.lock().unwrap().push(event.params.request.url.clone());
            RequestPausedDecision::Continue(None)
        }))
        .unwrap();
        tab.navigate_to(&format!("{base}{page}"))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        // Deferred and async scripts, and what they load, have run by now.
        eval(&tab, "new Promise(r => setTimeout(() => r(true), 300))");
        let _ = tab.close(true);
    }
    seen.lock().unwrap().clone()
}

#[test]
fn with_analytics_off_no_page_asks_another_host() {
    let Some(browser) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let _site = build_sample("", &out);
    let site: StaticServer = serve_on("127.0.0.1", &out);
    let requests = requests_of(&browser, &site.url, PAGES);
    assert!(requests.len() > PAGES.len(), "{requests:?}");
    let elsewhere: Vec<&String> = requests
        .iter()
        .filter(|u| !u.starts_with(&site.url) && !u.starts_with("data:"))
        .collect();
    assert!(elsewhere.is_empty(), "{elsewhere:?}");
}

#[test]
fn with_analytics_on_only_the_services_host_is_asked() {
    let Some(browser) = browser() else { return };
    // Another loopback address stands for the analytics service's host.
    let service_dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(service_dir.path().join("js")).unwrap();
    std::fs::write(
        service_dir.path().join("js/script.js"),
        "window.pbCounted = true;\n",
    )
    .unwrap();
    let service = serve_on("127.0.0.2", service_dir.path());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let config = format!(
        "analytics:\n  service: plausible\n  domain: pb.example.gov.uk\n  script: {}js/script.js\n",
        service.url
    );
    let _site = build_sample(&config, &out);
    let site = serve_on("127.0.0.1", &out);
    let pages = [
        "index.html",
        "case-studies/oldham/index.html",
        "privacy/index.html",
    ];
    let requests = requests_of(&browser, &site.url, &pages);
    let elsewhere: Vec<&String> = requests
        .iter()
        .filter(|u| !u.starts_with(&site.url) && !u.starts_with("data:"))
        .collect();
    assert_eq!(
        elsewhere.len(),
        pages.len(),
        "one script per page: {requests:?}"
    );
    assert!(
        elsewhere.iter().all(|u| u.starts_with(&service.url)),
        "{elsewhere:?}"
    );
    assert_eq!(
        service.requests.lock().unwrap().as_slice(),
        ["/js/script.js"; 3],
        "the service's script was really loaded"
    );
}

#[test]
fn the_statement_and_a_page_with_feedback_and_dates_have_no_axe_violations() {
    let Some(browser) = browser() else { return };
    let Some(axe) = axe_source() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let _site = build_sample("", &out);
    let case = out.join("case-studies/oldham/index.html");
    let doc = html(&case);
    assert_eq!(
        texts(&doc, ".feedback h2").len(),
        1,
        "the page has feedback"
    );
    assert_eq!(
        texts(&doc, ".page-review time").len(),
        2,
        "and review dates"
    );
    assert_eq!(
        texts(&doc, "details.page-updates summary").len(),
        1,
        "and page updates"
    );
    for page in [case, out.join("accessibility/index.html")] {
        for scheme in ["light", "dark"] {
            let tab = browser.new_tab().unwrap();
            set_color_scheme(&tab, scheme);
            tab.navigate_to(&file_url(&page))
                .unwrap()
                .wait_until_navigated()
                .unwrap();
            eval(
                &tab,
                "document.querySelector('details.page-updates')?.setAttribute('open', ''); true",
            );
            let v = axe_violations(&tab, &axe);
            assert!(v.is_empty(), "{} ({scheme}): {v:#?}", page.display());
        }
    }
}
