//! `placebook check`: every problem at once, without writing; the JSON report's schema;
//! the quality warnings; and `--external` against a local HTTP server only.

mod common;
use common::*;
use serde_json::Value;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Output;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Runs `placebook check --root <root>` with extra arguments (and no proxy, so that the
/// local test server is asked directly).
fn check(root: &Path, extra: &[&str]) -> Output {
    let mut c = placebook();
    for var in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ] {
        c.env_remove(var);
    }
    c.arg("check")
        .arg("--root")
        .arg(root)
        .args(extra)
        .output()
        .unwrap()
}

fn schema() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/static/check-output.schema.json");
    let schema: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    jsonschema::draft202012::new(&schema).unwrap()
}

/// Runs check with `--format json`, asserts the report matches the documented schema,
/// and returns it with the exit code.
fn check_json(root: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let o = check(root, &args);
    let text = stdout(&o);
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    let v: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"));
    let errors: Vec<String> = schema().iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "schema: {errors:?}\n{text}");
    let n = |sev: &str| {
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == sev)
            .count() as u64
    };
    assert_eq!(v["errors"].as_u64(), Some(n("error")));
    assert_eq!(v["warnings"].as_u64(), Some(n("warning")));
    (o.status.code().unwrap_or(-1), v)
}

/// (code, file:line:column) of every diagnostic.
fn found(v: &Value) -> Vec<(String, String)> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                format!(
                    "{}:{}:{}",
                    d["file"].as_str().unwrap_or("-"),
                    d["line"],
                    d["column"]
                ),
            )
        })
        .collect()
}

fn nothing_written(root: &Path) {
    assert!(!root.join("public").exists(), "check wrote public/");
    let names: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("staging")),
        "staging folder: {names:?}"
    );
}

#[test]
fn a_good_site_passes_and_nothing_is_written() {
    let site = fixture("good");
    let o = check(&site.root, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("Checked 9 pages from content in "),
        "{}",
        stdout(&o)
    );
    nothing_written(&site.root);
    let (code, v) = check_json(&site.root, &[]);
    assert_eq!(code, 0);
    assert_eq!(v["errors"], 0);
    let f = found(&v);
    // The two case studies without sources, and the draft link build also warns about.
    for expected in [
        ("no-sources", "content/case-studies/Gamma Café.md:2:1"),
        ("no-sources", "content/case-studies/beta-city.md:2:1"),
        ("draft-link", "content/notes.md:4:19"),
        ("no-base-url", "placebook.yaml:0:0"),
    ] {
        assert!(
            f.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} in {f:?}"
        );
    }
    // --strict fails on those warnings; --base-url silences the one about base_url.
    assert_eq!(check(&site.root, &["--strict"]).status.code(), Some(1));
    let (_, v) = check_json(&site.root, &["--base-url", "https://example.org/pb"]);
    assert!(!found(&v).iter().any(|(c, _)| c == "no-base-url"));
    nothing_written(&site.root);
}

#[test]
fn quality_warnings_are_located_and_strict_fails_on_them() {
    let site = fixture("quality");
    let (code, v) = check_json(&site.root, &[]);
    assert_eq!(code, 0, "warnings only: {v}");
    let mut f = found(&v);
    f.sort();
    let mut expected: Vec<(String, String)> = [
        ("alt-is-file-name", "content/case-studies/alpha.md:22:1"),
        ("duplicate-title", "content/case-studies/beta.md:2:1"),
        ("missing-alt", "content/case-studies/alpha.md:14:1"),
        ("missing-alt", "content/case-studies/alpha.md:16:1"),
        ("no-sources", "content/case-studies/beta.md:2:1"),
        ("orphan-page", "content/building-blocks/lonely-block.md:2:1"),
        ("orphan-page", "content/case-studies/beta.md:2:1"),
        (
            "unused-block",
            "content/building-blocks/lonely-block.md:2:1",
        ),
    ]
    .iter()
    .map(|(c, l)| (c.to_string(), l.to_string()))
    .collect();
    expected.sort();
    assert_eq!(f, expected);
    let (code, _) = check_json(&site.root, &["--strict"]);
    assert_eq!(code, 1);

    let o = check(&site.root, &["--strict"]);
    let err = stderr(&o);
    assert!(err.contains("warning[orphan-page]"), "{err}");
    assert!(
        err.contains("the title `alpha` is also the title of content/case-studies/alpha.md"),
        "{err}"
    );
    assert!(
        stdout(&o).contains("0 errors and 8 warnings"),
        "{}",
        stdout(&o)
    );
    assert!(
        err.contains("the alt text of this image is its file name, `MAP.png`"),
        "{err}"
    );
    // The site still builds: these are warnings.
    assert!(build(&site.root, &[]).status.success());
    // The image marked as decoration (line 20) is published with empty alt text and no
    // title; the others keep theirs.
    let page = html(&site.root.join("public/case-studies/alpha/index.html"));
    let images: Vec<(String, Option<String>)> = page
        .select(&scraper::Selector::parse("main img").unwrap())
        .map(|i| {
            let a = |n: &str| i.value().attr(n).map(str::to_owned);
            (a("alt").unwrap_or_else(|| "(none)".into()), a("title"))
        })
        .collect();
    assert_eq!(
        images,
        [
            ("".to_owned(), None),
            ("(none)".to_owned(), None),
            ("The map of Alpha".to_owned(), None),
            ("".to_owned(), None),
            ("MAP.png".to_owned(), None),
        ]
    );
}

#[test]
fn errors_and_warnings_are_all_reported_at_once() {
    let site = fixture("bad/multiple-errors");
    let (code, v) = check_json(&site.root, &[]);
    assert_eq!(code, 1);
    assert_eq!(v["errors"], 3, "{v}");
    let f = found(&v);
    for loc in [
        "content/case-studies/alpha.md:4:1",
        "content/case-studies/beta.md:5:35",
        "content/about.md:5:15",
    ] {
        assert!(f.iter().any(|(_, l)| l == loc), "{loc} in {f:?}");
    }
    nothing_written(&site.root);
    let o = check(&site.root, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("3 errors and 0 warnings. Fix the errors above"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn template_errors_found_only_when_rendering_are_reported() {
    let site = fixture("bad/template-render");
    let (code, v) = check_json(&site.root, &[]);
    assert_eq!(code, 1);
    assert!(
        found(&v).contains(&(
            "template-render".into(),
            "themes/default/templates/case-study.html:3:13".into()
        )),
        "{v}"
    );
    nothing_written(&site.root);
}

#[test]
fn usage_errors_exit_2() {
    let site = fixture("good");
    assert_eq!(
        check(&site.root, &["--format", "xml"]).status.code(),
        Some(2)
    );
    assert_eq!(
        check(&site.root, &["--timeout", "3"]).status.code(),
        Some(2)
    );
}

/// A small HTTP/1.1 server on 127.0.0.1 for the external-link tests. Paths:
/// `/ok` 200, `/missing` 404, `/slow` answers after 3 s, `/no-head` refuses HEAD (405)
/// but answers GET, `/moved` redirects to `/ok`, `/delay/...` answers after 300 ms.
/// It records each request and the most requests it served at once, and stops when
/// dropped (or after a minute at most).
struct Server {
    port: u16,
    log: Arc<Mutex<Vec<(String, String)>>>,
    max_active: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let max_active = Arc::new(AtomicUsize::new(0));
        let active = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (l, m, s) = (log.clone(), max_active.clone(), stop.clone());
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            while !s.load(Ordering::SeqCst) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (l, m, a) = (l.clone(), m.clone(), active.clone());
                        std::thread::spawn(move || serve(stream, &l, &m, &a));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Server {
            port,
            log,
            max_active,
            stop,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn requests(&self, path: &str) -> Vec<String> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, p)| p == path)
            .map(|(m, _)| m.clone())
            .collect()
    }

    fn clear(&self) {
        self.log.lock().unwrap().clear();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn serve(
    stream: TcpStream,
    log: &Mutex<Vec<(String, String)>>,
    max_active: &AtomicUsize,
    active: &AtomicUsize,
) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {}
        }
    }
    let mut parts = first.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let path = parts.next().unwrap_or_default().to_owned();
    let now = active.fetch_add(1, Ordering::SeqCst) + 1;
    max_active.fetch_max(now, Ordering::SeqCst);
    log.lock().unwrap().push((method.clone(), path.clone()));
    let (status, extra) = match (method.as_str(), path.as_str()) {
        (_, "/ok") => ("200 OK", String::new()),
        (_, "/missing") => ("404 Not Found", String::new()),
        (_, "/slow") => {
            std::thread::sleep(Duration::from_secs(3));
            ("200 OK", String::new())
        }
        ("HEAD", "/no-head") => ("405 Method Not Allowed", String::new()),
        (_, "/no-head") => ("200 OK", String::new()),
        (_, "/moved") => ("301 Moved Permanently", "Location: /ok\r\n".to_owned()),
        (_, "/dir/relative") => ("302 Found", "Location: ../ok\r\n".to_owned()),
        (_, "/to-file") => ("302 Found", "Location: file:///etc/passwd\r\n".to_owned()),
        (_, "/to-script") => ("302 Found", "Location: javascript:alert(1)\r\n".to_owned()),
        (_, "/loop") => ("302 Found", "Location: /loop\r\n".to_owned()),
        (_, p) if p.starts_with("/delay/") => {
            std::thread::sleep(Duration::from_millis(300));
            ("200 OK", String::new())
        }
        _ => ("404 Not Found", String::new()),
    };
    let body = if method == "HEAD" { "" } else { "hello" };
    let mut out = stream;
    let _ = write!(
        out,
        "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = out.flush();
    active.fetch_sub(1, Ordering::SeqCst);
    // Let the client read everything before the socket closes.
    let mut sink = [0u8; 64];
    let _ = out.set_read_timeout(Some(Duration::from_millis(200)));
    let _ = out.read(&mut sink);
}

/// A site whose only external links are pages linking to `server`.
fn site_with_links(server: &Server, paths: &[&str]) -> Site {
    let site = fixture("external");
    let links: String = paths
        .iter()
        .map(|p| format!("- [{p}]({})\n", server.url(p)))
        .collect();
    site.write(
        "content/links.md",
        format!("---\ntitle: Links\n---\n\nSome links:\n\n{links}"),
    );
    site
}

#[test]
fn broken_external_links_are_reported_once_with_every_use() {
    let server = Server::start();
    let site = site_with_links(&server, &["/ok", "/missing", "/no-head", "/moved", "/slow"]);
    site.write(
        "content/more.md",
        format!(
            "---\ntitle: More\nsources:\n  - {{title: Gone, url: \"{}\"}}\n---\n\nAgain: [gone]({}#part).\n",
            server.url("/missing"),
            server.url("/missing")
        ),
    );
    let start = Instant::now();
    let (code, v) = check_json(
        &site.root,
        &["--external", "--timeout", "1", "--cache-hours", "0"],
    );
    let took = start.elapsed();
    assert_eq!(code, 0, "broken external links are warnings: {v}");
    assert!(
        took < Duration::from_secs(8),
        "the slow address must time out: {took:?}"
    );
    let broken: Vec<&Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "broken-external-link")
        .collect();
    let messages: Vec<&str> = broken
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(broken.len(), 2, "{messages:#?}");
    let missing = server.url("/missing");
    let gone: Vec<&&Value> = broken
        .iter()
        .filter(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .contains(&format!("`{missing}`"))
        })
        .collect();
    assert_eq!(gone.len(), 1, "one report for {missing}: {messages:#?}");
    let m = gone[0]["message"].as_str().unwrap();
    assert!(m.contains("404 Not Found"), "{m}");
    assert!(m.contains("used 3 times on 2 pages"), "{m}");
    for place in [
        "content/links.md:8:",
        "content/more.md:4:",
        "content/more.md:7:",
    ] {
        assert!(m.contains(place), "{place} in {m}");
    }
    assert_eq!(gone[0]["file"], "content/links.md");
    assert_eq!(gone[0]["line"], 8);
    let slow = messages
        .iter()
        .find(|m| m.contains(&server.url("/slow")))
        .expect("slow reported");
    assert!(slow.contains("no answer within 1 s"), "{slow}");
    for fine in ["/ok", "/no-head", "/moved"] {
        let url = format!("`{}`", server.url(fine));
        assert!(
            !messages.iter().any(|m| m.contains(&url)),
            "{fine}: {messages:#?}"
        );
    }
    assert_eq!(
        server.requests("/no-head"),
        ["HEAD", "GET"],
        "GET after a refused HEAD"
    );
    assert_eq!(server.requests("/slow"), ["HEAD"], "no GET after a timeout");
    assert!(
        !server.requests("/ok").is_empty(),
        "the redirect was followed"
    );
    nothing_written(&site.root);
}

#[test]
fn redirects_are_followed_only_to_web_addresses() {
    let server = Server::start();
    let site = site_with_links(
        &server,
        &["/dir/relative", "/to-file", "/to-script", "/loop"],
    );
    let (code, v) = check_json(&site.root, &["--external", "--timeout", "2"]);
    assert_eq!(code, 0, "broken external links are warnings: {v:#}");
    // The test's server is on this computer, which each link is also warned of
    // (`local-address`): only what the external check said counts here.
    let said = |path: &str| -> String {
        let url = format!("`{}`", server.url(path));
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "broken-external-link")
            .filter_map(|d| d["message"].as_str())
            .find(|m| m.contains(&url))
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        said("/dir/relative"),
        "",
        "a relative redirect is followed to /ok"
    );
    assert!(
        !server.requests("/ok").is_empty(),
        "../ok resolved against /dir/"
    );
    assert!(
        said("/to-file").contains("redirects to `file:///etc/passwd`, which is not a web address"),
        "{}",
        said("/to-file")
    );
    assert!(
        said("/to-script").contains("not a web address"),
        "{}",
        said("/to-script")
    );
    assert!(
        said("/loop").contains("too many redirects"),
        "{}",
        said("/loop")
    );
    assert!(
        server.requests("/loop").len() <= 2 * 11,
        "the loop was cut off"
    );
    nothing_written(&site.root);
}

#[test]
fn a_numeric_option_out_of_range_is_a_clear_usage_error() {
    let site = fixture("external");
    for (option, value) in [
        ("--timeout", "18446744073709551615"),
        ("--timeout", "-1"),
        ("--timeout", "NaN"),
        ("--cache-hours", "1e300"),
        ("--per-host", "0"),
        ("--per-host", "100000"),
    ] {
        let o = check(&site.root, &["--external", &format!("{option}={value}")]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{option} {value}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            err.contains("range") || err.contains("not a number") || err.contains("is not in"),
            "{option} {value}: {err}"
        );
    }
}

#[test]
fn the_cache_skips_good_links_and_asks_again_for_broken_ones() {
    let server = Server::start();
    let site = site_with_links(&server, &["/ok", "/missing"]);
    let o = check(&site.root, &["--external"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("and 2 external links (0 from the cache)"),
        "{}",
        stdout(&o)
    );
    let cache = site.root.join(".placebook-cache/external-links.json");
    let saved: Value = serde_json::from_slice(&std::fs::read(&cache).unwrap()).unwrap();
    assert_eq!(saved["version"], 1);
    assert!(
        saved["links"][server.url("/ok")]["checked"].is_u64(),
        "{saved}"
    );
    assert!(saved["links"][server.url("/missing")].is_null(), "{saved}");

    server.clear();
    let o = check(&site.root, &["--external", "--strict"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "--strict fails on the broken link"
    );
    assert!(stdout(&o).contains("(1 from the cache)"), "{}", stdout(&o));
    assert!(server.requests("/ok").is_empty(), "cached: not asked again");
    assert!(
        !server.requests("/missing").is_empty(),
        "broken: asked again"
    );
    assert!(stderr(&o).contains("warning[broken-external-link]"));

    // An expired entry is asked again; a corrupt cache file is ignored.
    server.clear();
    let o = check(&site.root, &["--external", "--cache-hours", "0"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!server.requests("/ok").is_empty());
    std::fs::write(&cache, "{ not json").unwrap();
    server.clear();
    let o = check(&site.root, &["--external"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!server.requests("/ok").is_empty());
}

#[test]
fn requests_to_one_host_are_limited() {
    let server = Server::start();
    let paths: Vec<String> = (0..8).map(|i| format!("/delay/{i}")).collect();
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    let site = site_with_links(&server, &refs);
    let (code, v) = check_json(
        &site.root,
        &["--external", "--per-host", "2", "--cache-hours", "0"],
    );
    assert_eq!(code, 0, "{v}");
    let max = server.max_active.load(Ordering::SeqCst);
    assert!(max <= 2, "at most 2 at once, saw {max}");
    assert_eq!(max, 2, "but concurrently");
    let counts: HashMap<String, usize> = paths
        .iter()
        .map(|p| (p.clone(), server.requests(p).len()))
        .collect();
    assert!(
        counts.values().all(|&n| n == 1),
        "each asked once: {counts:?}"
    );
}

/// The quality fixture with `review_every: 2y`, alpha reviewed on 10 January 2023 (so
/// due on 10 January 2025) and beta due on 1 June 2027, checked as on 3 December 2026.
#[test]
fn reviews_that_are_overdue_or_missing_are_listed_and_pages_show_their_dates() {
    let site = fixture("quality");
    site.edit("placebook.yaml", |c| c + "review_every: 2y\n");
    let edit = |rel: &str, line: &str| {
        site.edit(rel, |t| t.replacen("---\n", &format!("---\n{line}\n"), 1));
    };
    edit("content/case-studies/alpha.md", "reviewed: 2023-01-10");
    edit("content/case-studies/beta.md", "review_due: 2027-06-01");
    let on_3_december_2026 = |args: &[&str]| {
        placebook()
            .env("SOURCE_DATE_EPOCH", "1796256000")
            .args(["check", "--root"])
            .arg(&site.root)
            .args(args)
            .output()
            .unwrap()
    };
    let o = on_3_december_2026(&["--format", "json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let errors: Vec<String> = schema().iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "schema: {errors:?}");
    let reviews: Vec<(String, String)> = found(&v)
        .into_iter()
        .filter(|(c, _)| c.starts_with("review-"))
        .collect();
    let mut expected: Vec<(String, String)> = [
        ("review-overdue", "content/case-studies/alpha.md:2:1"),
        ("review-missing", "content/case-studies/gamma.md:2:1"),
        (
            "review-missing",
            "content/building-blocks/lonely-block.md:2:1",
        ),
        (
            "review-missing",
            "content/building-blocks/shared-purpose.md:2:1",
        ),
    ]
    .iter()
    .map(|(c, l)| (c.to_string(), l.to_string()))
    .collect();
    let mut got = reviews.clone();
    got.sort();
    expected.sort();
    assert_eq!(got, expected, "beta is not due yet: {reviews:?}");
    let text = stderr(&on_3_december_2026(&[]));
    assert!(
        text.contains("the review of `Alpha` was due on 10 January 2025"),
        "{text}"
    );
    // A day before alpha's review fell due, it is not overdue.
    let before = placebook()
        .env("SOURCE_DATE_EPOCH", "1736380800") // 2025-01-09
        .args(["check", "--format", "json", "--root"])
        .arg(&site.root)
        .output()
        .unwrap();
    let v: Value = serde_json::from_str(&stdout(&before)).unwrap();
    assert!(!found(&v).iter().any(|(c, _)| c == "review-overdue"), "{v}");

    assert!(build(&site.root, &[]).status.success());
    let page = html(&site.out().join("case-studies/alpha/index.html"));
    assert_eq!(
        texts(&page, ".page-review span"),
        [
            "Page last reviewed: 10 January 2023",
            "Next review due: 10 January 2025"
        ]
    );
    assert_eq!(
        attrs(&page, ".page-review time", "datetime"),
        ["2023-01-10", "2025-01-10"]
    );
    let beta = html(&site.out().join("case-studies/beta/index.html"));
    assert_eq!(
        texts(&beta, ".page-review span"),
        ["Next review due: 1 June 2027"]
    );
    let gamma = html(&site.out().join("case-studies/gamma/index.html"));
    assert!(texts(&gamma, ".page-review").is_empty());
}

#[test]
fn a_review_period_placebook_cannot_read_is_one_error_at_its_line() {
    let site = fixture("quality");
    let config = std::fs::read_to_string(site.root.join("placebook.yaml")).unwrap();
    site.edit("placebook.yaml", |c| c + "review_every: three years\n");
    let (code, v) = check_json(&site.root, &[]);
    assert_eq!(code, 1);
    let errors: Vec<(String, String)> = found(&v)
        .into_iter()
        .filter(|(c, _)| c == "invalid-config")
        .collect();
    assert_eq!(errors.len(), 1, "{v}");
    assert!(errors[0].1.starts_with("placebook.yaml:3:"), "{errors:?}");
    // A page's review date that is not a date is one error at its value.
    site.write("placebook.yaml", config);
    site.edit("content/case-studies/alpha.md", |t| {
        t.replacen("---\n", "---\nreviewed: 10/01/2023\n", 1)
    });
    let o = check(&site.root, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("`reviewed: 10/01/2023` is not a date"),
        "{err}"
    );
    assert!(err.contains("`reviewed: 2023-01-10`"), "{err}");
}

/// In a playbook edited with Decap CMS, a list field written as one value is one warning
/// at the value (Decap's editor cannot open that page); in brackets it is none, a value
/// with commas gets only `comma-list`, and a playbook without `cms:` is not told.
#[test]
fn a_list_field_of_one_value_is_a_warning_only_where_decap_edits_the_pages() {
    let site = fixture("good");
    let cms_warnings = |v: &Value| -> Vec<(String, String)> {
        found(v)
            .into_iter()
            .filter(|(code, _)| code == "cms-single-value")
            .collect()
    };
    let (_, v) = check_json(&site.root, &[]);
    assert!(cms_warnings(&v).is_empty(), "{v}");

    site.edit("placebook.yaml", |c| c + "cms: { backend: git-gateway }\n");
    let (code, v) = check_json(&site.root, &[]);
    assert_eq!(code, 0, "a warning does not fail check: {v}");
    assert_eq!(
        cms_warnings(&v),
        [(
            "cms-single-value".to_owned(),
            "content/case-studies/alpha-town.md:7:7".to_owned()
        )],
        "{v}"
    );
    let said = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "cms-single-value")
        .unwrap();
    assert_eq!(
        said["suggestion"]
            .as_str()
            .unwrap_or_default()
            .split(',')
            .next(),
        Some("write it in square brackets")
    );

    site.edit("content/case-studies/alpha-town.md", |t| {
        t.replace("lead: Alpha Council", "lead: [Alpha Council]")
            .replace("tags: [vision, funding]", "tags: vision, funding")
    });
    let (_, v) = check_json(&site.root, &[]);
    assert!(cms_warnings(&v).is_empty(), "{v}");
    assert!(
        found(&v).iter().any(|(code, _)| code == "comma-list"),
        "{v}"
    );
}

/// Words in angle brackets that are no HTML element (a placeholder such as
/// `<insert name>`) are one warning each, where they are written, and browsers would
/// hide them; real HTML, custom elements and the same words in backticks are not.
#[test]
fn words_in_angle_brackets_are_a_warning_where_they_are_written() {
    let site = fixture("good");
    site.edit("content/about.md", |t| {
        t + "\nContact <insert name> at the council.\n\n<div class=\"note\"><strong>Real</strong> HTML and <my-map></my-map>.</div>\n\nIn backticks `<theme>` is shown as written.\n"
    });
    let (code, v) = check_json(&site.root, &[]);
    assert_eq!(code, 0, "a warning does not fail check: {v}");
    let warnings: Vec<(String, String)> = found(&v)
        .into_iter()
        .filter(|(code, _)| code == "unknown-html-element")
        .collect();
    let about = std::fs::read_to_string(site.root.join("content/about.md")).unwrap();
    let line = about.lines().position(|l| l.contains("<insert")).unwrap() + 1;
    assert_eq!(
        warnings,
        [(
            "unknown-html-element".to_owned(),
            format!("content/about.md:{line}:9")
        )],
        "{v}"
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "a warning does not stop a build");
    assert!(
        stderr(&o).contains("`<insert name>` is not HTML, so browsers hide it"),
        "{}",
        stderr(&o)
    );
}

/// A source whose address is on the author's own computer (a file path, a network
/// share, a preview on `localhost`), and a link in the text to a preview, is one
/// `local-address` warning each, where the address is written, and never also called
/// a script address (`unsafe-url`); a web address beside them is not warned about.
#[test]
fn a_source_on_the_authors_computer_is_one_true_warning_where_it_is_written() {
    let site = fixture("good");
    site.write(
        "content/case-studies/delta.md",
        "---\ntitle: Delta\nplace: Delta\nsummary: S.\nsources:\n  - title: Web\n    url: https://example.org/report\n  - title: Drive\n    url: 'C:\\Users\\jo\\report.pdf'\n  - title: File\n    url: file:///home/jo/report.pdf\n  - title: Share\n    url: '\\\\council-fs01\\shared\\report.docx'\n  - title: Preview\n    url: http://localhost:1111/report/\n---\n\nText, and [the preview](http://127.0.0.1:1111/delta/).\n",
    );
    let (code, v) = check_json(&site.root, &[]);
    assert_eq!(code, 0, "a warning does not fail check: {v}");
    let mine: Vec<(String, String)> = found(&v)
        .into_iter()
        .filter(|(_, at)| at.starts_with("content/case-studies/delta.md:"))
        .filter(|(code, _)| code != "orphan-page")
        .collect();
    let expected: Vec<(String, String)> = [(9, 11), (11, 10), (13, 11), (15, 10), (18, 25)]
        .iter()
        .map(|(line, column)| {
            (
                "local-address".to_owned(),
                format!("content/case-studies/delta.md:{line}:{column}"),
            )
        })
        .collect();
    assert_eq!(mine, expected, "{v}");
    let o = build(&site.root, &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "a warning does not stop a build: {err}");
    assert!(
        err.contains(
            "`http://localhost:1111/report/` is an address on your own computer (a preview)"
        ),
        "{err}"
    );
    assert!(!err.contains("unsafe-url"), "{err}");
}

/// One diagnostic of `placebook check --format json`.
#[derive(Debug)]
struct Said {
    file: String,
    line: u64,
    column: u64,
    severity: String,
    code: String,
    message: String,
    suggestion: String,
}

impl Said {
    /// Its line, column and code.
    fn place(&self) -> (u64, u64, &str) {
        (self.line, self.column, self.code.as_str())
    }
}

/// Every diagnostic of the JSON report `o`, in its order.
fn said(o: &Output) -> Vec<Said> {
    let text = stdout(o);
    let report: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}:\n{text}"));
    let s = |d: &Value, k: &str| d[k].as_str().unwrap_or_default().to_owned();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| Said {
            file: s(d, "file"),
            line: d["line"].as_u64().unwrap_or_default(),
            column: d["column"].as_u64().unwrap_or_default(),
            severity: s(d, "severity"),
            code: s(d, "code"),
            message: s(d, "message"),
            suggestion: s(d, "suggestion"),
        })
        .collect()
}

/// Asserts that help `i` of `errors` contains `words`, for each `(i, words)`.
fn assert_helps(errors: &[Said], expected: &[(usize, &str)]) {
    for (i, words) in expected {
        assert!(
            errors[*i].suggestion.contains(words),
            "help {i} lacks {words:?}: {errors:#?}"
        );
    }
}

/// The warnings of `placebook check --format json` on `site` with `code`, which must
/// not fail the check.
fn warnings_with_code(site: &Site, code: &str) -> Vec<Said> {
    let o = check(&site.root, &["--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "a warning alone does not fail the check"
    );
    said(&o)
        .into_iter()
        .filter(|d| d.code == code && d.severity == "warning")
        .collect()
}

/// The errors of `placebook check --format json` on `site`.
fn errors_of(site: &Site) -> Vec<Said> {
    let o = check(&site.root, &["--format", "json"]);
    said(&o)
        .into_iter()
        .filter(|d| d.severity == "error")
        .collect()
}

/// A case study as a Jekyll site keeps it: its own fields, a Liquid link, no `place`.
fn jekyll_page(n: usize) -> String {
    format!(
        "---\ntitle: Page {n}\npermalink: /guide/page-{n}/\nsidenav: guide\nredirect_from:\n  - /old/page-{n}/\ndescription: What page {n} is about.\n---\n\nSee the [next page]({{{{ \"/guide/page-{}/\" | relative_url }}}}).\n",
        n + 1
    )
}

#[test]
fn pages_brought_from_jekyll_get_every_true_error_in_one_run_and_a_summary() {
    let site = fixture("good");
    for n in 1..=4 {
        site.write(
            &format!("content/case-studies/from-jekyll-{n}.md"),
            jekyll_page(n),
        );
    }
    let first: Vec<Said> = errors_of(&site)
        .into_iter()
        .filter(|d| d.file == "content/case-studies/from-jekyll-1.md")
        .collect();
    let help_for = |field: &str| {
        first
            .iter()
            .find(|d| d.code == "unknown-field" && d.message.contains(&format!("`{field}`")))
            .map(|d| d.suggestion.clone())
            .unwrap_or_else(|| panic!("no unknown-field for {field}: {first:#?}"))
    };
    assert!(help_for("permalink").contains("`slug:`"));
    assert!(help_for("redirect_from").contains("rename `redirect_from` to `aliases`"));
    assert!(help_for("description").contains("rename `description` to `summary`"));
    assert!(help_for("sidenav").contains("`extra:`"));
    // The missing `place` comes in the same run; `summary` is not called missing, as
    // `description` is already named as it.
    let missing: Vec<&str> = first
        .iter()
        .filter(|d| d.code == "missing-field")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(missing, ["this case-study has no `place`"], "{first:#?}");
    // The Liquid link in its text comes in the same run too.
    let tags = first.iter().filter(|d| d.code == "template-tag").count();
    assert_eq!(tags, 1, "{first:#?}");
    assert_eq!(first.len(), 6, "{first:#?}");

    // As text: after the long list, the few mistakes behind it.
    let o = check(&site.root, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let note = err
        .split("note: most of these messages are the same few mistakes:")
        .nth(1)
        .unwrap_or_else(|| panic!("no summary of repeats in:\n{err}"));
    assert!(
        note.contains(
            "16 × unknown-field (`description` 4, `permalink` 4, `redirect_from` 4, `sidenav` 4)"
        ),
        "{note}"
    );
    assert!(note.contains("4 × missing-field (`place` 4)"), "{note}");
    assert!(note.contains("4 × template-tag"), "{note}");
}

#[test]
fn a_liquid_tag_in_the_text_or_an_address_is_one_error_where_it_is_written() {
    let site = fixture("good");
    site.write(
        "content/case-studies/liquid.md",
        "---\ntitle: Liquid\nplace: Somewhere\nsummary: Tags left in.\n---\n\nSee [the guide]({{ site.baseurl }}/building-blocks/).\n\n{% include note.html %} and `{{ shown }}` and \\{{ escaped }}.\n\n```\n{{ in a code block }}\n```\n\nAnd [that one]({{site.baseurl}}/case-studies/).\n",
    );
    let errors = errors_of(&site);
    let at: Vec<(u64, u64, &str)> = errors.iter().map(Said::place).collect();
    // No other error follows from the tags.
    assert_eq!(
        at,
        [
            (7, 17, "template-tag"),
            (9, 1, "template-tag"),
            (15, 16, "template-tag")
        ],
        "{errors:#?}"
    );
    assert!(
        errors[0]
            .suggestion
            .contains("`[words](/building-blocks/)`"),
        "{errors:#?}"
    );
    assert!(
        errors[2]
            .suggestion
            .contains("write the address as `/case-studies/`"),
        "{errors:#?}"
    );
}

#[test]
fn markup_of_other_markdown_dialects_is_one_warning_at_its_line() {
    let site = fixture("good");
    site.write(
        "content/case-studies/dialects.md",
        "---\ntitle: Dialects\nplace: Somewhere\nsummary: Notes written for other tools.\n---\n\n!!! note \"Before you start\"\n    Read the guide.\n\n:::tip Try this\nA tip.\n:::\n\n| a | b |\n|---|---|\n| 1 | 2 |\n{: .usa-table}\n\nAmazing!!! note that. And `!!! note` in code.\n\n```\n:::tip in a code block\n```\n",
    );
    let found: Vec<(u64, u64, String)> = warnings_with_code(&site, "other-markdown")
        .iter()
        .map(|d| {
            (
                d.line,
                d.column,
                d.message.split('`').nth(1).unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(u64, u64, String)> =
        [(7, "!!! note"), (10, ":::tip"), (17, "{: .usa-table}")]
            .iter()
            .map(|(line, marker)| (*line, 1, (*marker).to_owned()))
            .collect();
    assert_eq!(found, expected);
}

#[test]
fn an_address_copied_from_an_old_site_is_pointed_at_the_page_it_names() {
    let site = fixture("good");
    site.write(
        "content/case-studies/moved.md",
        "---\ntitle: Moved\nplace: Somewhere\nsummary: Links from the old site.\n---\n\nSee [Beta](/our-places/beta-city.html#history), [pooling](/guide/pooled-budgets/) and [the tone]({{ \"/style/shared-purpose/\" | relative_url }}).\n",
    );
    let errors = errors_of(&site);
    let codes: Vec<&str> = errors.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        ["broken-link", "broken-link", "template-tag"],
        "{errors:#?}"
    );
    assert_helps(
        &errors,
        &[
            (0, "the page `case-studies/beta-city.md`"),
            (0, "`[words](beta-city.md#history)`"),
            (1, "`[words](../building-blocks/pooled-budgets.md)`"),
            (2, "`[words](../building-blocks/shared-purpose.md)`"),
        ],
    );
}

#[test]
fn a_collections_index_md_is_told_apart_from_its_pages() {
    let site = fixture("good");
    site.write(
        "content/case-studies/index.md",
        "---\ntitle: Our places\nplace: Everywhere\n---\n\nText.\n",
    );
    let first = errors_of(&site);
    assert_eq!(first.len(), 1, "{first:#?}");
    assert_eq!(first[0].code, "field-not-for-kind");
    assert!(
        first[0].message.contains(
            "`index.md` in a collection's folder is the text of the collection's index page"
        ),
        "{first:#?}"
    );
    assert!(
        first[0]
            .suggestion
            .contains("give it a name other than `index.md`"),
        "{first:#?}"
    );

    site.write(
        "content/case-studies/index.md",
        "---\ntitle: Our places\n---\n\nText.\n",
    );
    site.write(
        "content/case-studies/_index.md",
        "---\ntitle: Places\n---\n\nMore text.\n",
    );
    let second = errors_of(&site);
    assert_eq!(second.len(), 1, "{second:#?}");
    assert_eq!(second[0].code, "duplicate-url");
    assert!(
        second[0].suggestion.contains("keep one of them"),
        "{second:#?}"
    );
}

/// Pages of a Hugo documentation site copied into a collection: sections' `_index.md`
/// in folders, a title only in the first heading, a page with no front matter.
#[test]
fn a_title_written_only_as_the_first_heading_is_named_in_the_help() {
    let site = fixture("good");
    site.write(
        "content/case-studies/getting-started/_index.md",
        "---\nweight: 1\nplace: Here\nsummary: S.\n---\n\n# Step 1: getting started\n\nText.\n",
    );
    site.write(
        "content/case-studies/shortcodes/hints.md",
        "# Hints\n\nText.\n",
    );
    let errors = errors_of(&site);
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|d| (d.file.as_str(), d.code.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "content/case-studies/getting-started/_index.md",
                "missing-field"
            ),
            (
                "content/case-studies/shortcodes/hints.md",
                "missing-front-matter"
            ),
        ],
        "{errors:#?}"
    );
    assert!(
        errors[0]
            .suggestion
            .contains("add `title: \"Step 1: getting started\"`, the page's first heading"),
        "{errors:#?}"
    );
    assert!(
        errors[1]
            .suggestion
            .contains("`title: Hints` (its first heading"),
        "{errors:#?}"
    );

    // With the titles given, the section's page is named after its folder.
    site.write(
        "content/case-studies/getting-started/_index.md",
        "---\ntitle: Getting started\nplace: Here\nsummary: S.\n---\n\nText.\n",
    );
    site.write(
        "content/case-studies/shortcodes/hints.md",
        "---\ntitle: Hints\nplace: Here\nsummary: S.\n---\n\nText.\n",
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        site.out()
            .join("case-studies/getting-started/index.html")
            .is_file()
    );
    assert!(site.out().join("case-studies/hints/index.html").is_file());
}

/// Pages written in Obsidian: wiki links and embeds, named by page.
#[test]
fn a_wiki_link_is_one_error_naming_the_page_file_to_link_to() {
    let site = fixture("good");
    site.write(
        "content/case-studies/from-obsidian.md",
        "---\ntitle: From Obsidian\nplace: Somewhere\nsummary: Notes.\n---\n\nSee [[Shared purpose]], [[pooled-budgets|the budgets]] and [[Nowhere]].\n\n![[map.png]] and `[[in code]]`.\n",
    );
    let errors = errors_of(&site);
    let at: Vec<(u64, u64, &str)> = errors.iter().map(Said::place).collect();
    assert_eq!(
        at,
        [
            (7, 5, "wiki-link"),
            (7, 25, "wiki-link"),
            (7, 60, "wiki-link"),
            (9, 1, "wiki-link")
        ],
        "one error each, and none follows from them: {errors:#?}"
    );
    assert_helps(
        &errors,
        &[
            (
                0,
                "`[Shared purpose](../building-blocks/shared-purpose.md)`",
            ),
            (1, "`[the budgets](../building-blocks/pooled-budgets.md)`"),
            (2, "no page here is named `Nowhere`"),
            (3, "`![What the picture shows](map.png)`"),
        ],
    );
}

/// A list pasted from Word keeps its bullets, which markdown runs into one paragraph.
#[test]
fn a_list_pasted_with_bullets_is_one_warning_for_the_list() {
    let site = fixture("good");
    site.write(
        "content/case-studies/pasted.md",
        "---\ntitle: Pasted\nplace: Somewhere\nsummary: From Word.\n---\n\nOur aims:\n• First point\n• Second point\n\n– One\n– Two\n\n— Jane Smith, council leader\n\n- a real list\n",
    );
    let found: Vec<(u64, u64)> = warnings_with_code(&site, "pasted-bullet")
        .iter()
        .map(|d| (d.line, d.column))
        .collect();
    assert_eq!(found, [(8, 1), (11, 1)]);
}

/// Text pasted from Word as HTML: one warning for the page, none for each `<o:p>`.
#[test]
fn words_markup_is_one_warning_for_the_page() {
    let site = fixture("good");
    site.write(
        "content/case-studies/from-word.md",
        "---\ntitle: From Word\nplace: Somewhere\nsummary: Pasted.\n---\n\n<p class=\"MsoNormal\"><span style=\"mso-bidi-font-size:11pt\">Our partnership began in 2019.<o:p></o:p></span></p>\n\n<p class=\"MsoNormal\">More.<o:p></o:p></p>\n\nA <placeholder> left in.\n",
    );
    let word: Vec<(u64, u64)> = warnings_with_code(&site, "word-markup")
        .iter()
        .map(|d| (d.line, d.column))
        .collect();
    assert_eq!(word, [(7, 4)]);
    let unknown: Vec<String> = warnings_with_code(&site, "unknown-html-element")
        .into_iter()
        .map(|d| d.message)
        .collect();
    assert_eq!(
        unknown.len(),
        1,
        "only the author's own words in brackets: {unknown:?}"
    );
    assert!(unknown[0].contains("`<placeholder>`"), "{unknown:?}");
}

/// Front-matter mistakes, each as a case study's first lines (its front matter).
const FRONT_MATTER_MISTAKES: &[(&str, &str)] = &[
    ("none", "---\ntitle: T\nplace: P\nsummary: S.\n---\n\n"),
    (
        "a typo in a key",
        "---\ntitle: T\nplace: P\nsumary: S.\n---\n\n",
    ),
    (
        "a required field left out",
        "---\ntitle: T\nsummary: S.\n---\n\n",
    ),
    (
        "a value of the wrong type",
        "---\ntitle: T\nplace: P\nsummary: S.\nyear: next spring\n---\n\n",
    ),
    (
        "a key written twice",
        "---\ntitle: T\nplace: P\nsummary: S.\nplace: Q\n---\n\n",
    ),
    (
        "an unclosed quote",
        "---\ntitle: \"T\nplace: P\nsummary: S.\n---\n\n",
    ),
    (
        "another tool's fields",
        "---\ntitle: T\npermalink: /t/\ndescription: S.\n---\n\n",
    ),
    ("no front matter at all", "# T\n\n"),
];

/// Body mistakes, each as a case study's markdown.
const BODY_MISTAKES: &[(&str, &str)] = &[
    ("none", "## Context\n\nAll fine.\n"),
    ("a link to no file", "See [gone](nowhere.md).\n"),
    ("a link to no heading here", "See [below](#nowhere).\n"),
    (
        "a link to no heading there",
        "See [it](../building-blocks/pooled-budgets.md#nowhere).\n",
    ),
    (
        "a Liquid tag",
        "See [it]({{ site.baseurl }}/case-studies/).\n",
    ),
    ("a wiki link", "See [[Alpha Town]].\n"),
    ("another dialect's note", "!!! note\n    Read this.\n"),
];

/// What `check` said about `file`, as (severity, code, message), sorted: line numbers
/// left out, as a front-matter mistake can add or remove lines above the body.
fn said_of(all: &[Said], file: &str) -> Vec<(String, String, String)> {
    let mut of: Vec<_> = all
        .iter()
        .filter(|d| d.file == file)
        .map(|d| (d.severity.clone(), d.code.clone(), d.message.clone()))
        .collect();
    of.sort();
    of
}

#[test]
fn a_file_with_front_matter_errors_has_its_body_checked_in_the_same_run() {
    // Every front-matter mistake with every body mistake, each pair in a file of its
    // own: each file gets the messages of its front matter alone and of its body alone,
    // no more and no fewer.
    let site = fixture("good");
    let file = |f: usize, b: usize| format!("content/case-studies/pair-{f}-{b}.md");
    for (f, (_, front)) in FRONT_MATTER_MISTAKES.iter().enumerate() {
        for (b, (_, body)) in BODY_MISTAKES.iter().enumerate() {
            site.write(&file(f, b), format!("{front}{body}"));
        }
    }
    let all = said(&check(&site.root, &["--format", "json"]));
    for (f, (front_mistake, _)) in FRONT_MATTER_MISTAKES.iter().enumerate() {
        let front_alone = said_of(&all, &file(f, 0));
        assert_eq!(
            front_alone.is_empty(),
            f == 0,
            "{front_mistake}: {front_alone:?}"
        );
        for (b, (body_mistake, _)) in BODY_MISTAKES.iter().enumerate() {
            let body_alone = said_of(&all, &file(0, b));
            assert_eq!(
                body_alone.is_empty(),
                b == 0,
                "{body_mistake}: {body_alone:?}"
            );
            let mut expected = [front_alone.clone(), body_alone].concat();
            expected.sort();
            assert_eq!(
                said_of(&all, &file(f, b)),
                expected,
                "{front_mistake} and {body_mistake}"
            );
        }
    }
}

#[test]
fn pictures_and_pages_loaded_from_other_sites_are_each_one_warning_where_written() {
    let site = fixture("good");
    site.write(
        "content/case-studies/hotlinked.md",
        "---\ntitle: Hotlinked\nplace: Somewhere\nsummary: Pictures and a video from elsewhere.\n---\n\n![A map](https://user-images.example.com/1/map.png)\n\n<img src=\"//cdn.example.net/photo.jpg\" alt=\"A photo\">\n\n<iframe src=\"https://www.youtube.com/embed/iIe74boCjII\" title=\"Our video\"></iframe>\n\n<iframe src=\"https://maps.example.org/embed?x=1\"></iframe>\n\n![Inline](data:image/gif;base64,R0lGODlhAQABAAAAACw=) and [a page](https://example.org/) and `![code](https://x.example/y.png)`.\n",
    );
    let o = check(&site.root, &["--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "warnings only: {}", stdout(&o));
    let found: Vec<(u64, u64, String)> = said(&o)
        .into_iter()
        .filter(|d| d.file == "content/case-studies/hotlinked.md")
        .filter(|d| d.code != "orphan-page" && d.code != "no-sources")
        .map(|d| (d.line, d.column, d.code))
        .collect();
    let expected: Vec<(u64, u64, String)> = [
        (7, 10, "remote-image"),
        (9, 11, "remote-image"),
        (11, 14, "embedded-page"),
        (13, 14, "embedded-page"),
    ]
    .iter()
    .map(|(l, c, code)| (*l, *c, (*code).to_owned()))
    .collect();
    assert_eq!(found, expected);
    let video = warnings_with_code(&site, "embedded-page");
    assert!(
        video[0].suggestion.contains(
            "`[Watch the video on YouTube](https://www.youtube.com/watch?v=iIe74boCjII)`"
        ),
        "{video:#?}"
    );
    assert!(!video[0].suggestion.contains("`title`"), "{video:#?}");
    assert!(
        video[1].suggestion.contains("needs a `title`"),
        "{video:#?}"
    );
    let pictures = warnings_with_code(&site, "remote-image");
    assert!(
        pictures[0].suggestion.contains("(map.png)"),
        "{pictures:#?}"
    );
    assert!(
        pictures[1].message.contains("cdn.example.net"),
        "{pictures:#?}"
    );
}

#[test]
fn a_folder_s_readme_is_its_own_page_as_mdbook_and_github_pages_read_it() {
    let site = fixture("good");
    site.write(
        "content/case-studies/README.md",
        "# Our places\n\nHow partners in each place worked together.\n",
    );
    site.write(
        "content/case-studies/2019/delta/README.md",
        "---\ntitle: Delta\nplace: Delta\nsummary: A page in a folder of its own.\n---\n\nText.\n",
    );
    let o = check(&site.root, &["--format", "json"]);
    let errors: Vec<Said> = said(&o)
        .into_iter()
        .filter(|d| d.severity == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let out = site.root.join("public");
    let built = build(&site.root, &["--quiet"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let section = std::fs::read_to_string(out.join("case-studies/index.html")).unwrap();
    assert!(
        section.contains("How partners in each place worked together."),
        "the README is the collection's own text"
    );
    assert!(out.join("case-studies/delta/index.html").is_file());
    assert!(!out.join("case-studies/readme").exists());

    // Two files that are each a folder's own page: one error naming both.
    site.write(
        "content/case-studies/index.md",
        "---\ntitle: Places\n---\n\nMore.\n",
    );
    let both = errors_of(&site);
    assert_eq!(both.len(), 1, "{both:#?}");
    assert_eq!(both[0].code, "duplicate-url");
    assert!(
        both[0].message.contains("the collection's index page"),
        "{both:#?}"
    );
    assert!(both[0].suggestion.contains("`README.md`"), "{both:#?}");

    // And the home page's: the fixture's own index.md and a README.md beside it.
    std::fs::remove_file(site.root.join("content/case-studies/index.md")).unwrap();
    site.write("content/README.md", "# About this folder\n");
    let home = errors_of(&site);
    assert_eq!(home.len(), 1, "{home:#?}");
    assert!(
        home[0].message.contains("both the text of the home page"),
        "{home:#?}"
    );
    assert!(
        home[0]
            .suggestion
            .contains("`index.md` and `README.md` in content/"),
        "{home:#?}"
    );
}

#[test]
fn a_link_to_a_page_with_errors_written_with_another_path_is_pointed_at_its_file() {
    // Pages copied from another site: their links keep the old site's folders, and the
    // pages they name have errors of their own; the help names the file all the same.
    let site = fixture("good");
    site.write(
        "content/case-studies/services.md",
        "# Services\n\nNo front matter yet.\n",
    );
    site.write(
        "content/case-studies/step-by-step.md",
        "# Step by step\n\nNo front matter yet.\n",
    );
    site.write(
        "content/about-features.md",
        "---\ntitle: Features\n---\n\n[Services](/content/features/services.md) and [steps](/content/features/step-by-step.html#start).\n",
    );
    let errors: Vec<Said> = errors_of(&site)
        .into_iter()
        .filter(|d| d.file == "content/about-features.md")
        .collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_helps(
        &errors,
        &[
            (0, "did you mean `case-studies/services.md`?"),
            (1, "`[words](case-studies/step-by-step.md#start)`"),
        ],
    );
}

#[test]
fn a_heading_that_skips_a_level_is_one_warning_with_the_heading_as_it_should_be() {
    let site = fixture("good");
    site.write(
        "content/case-studies/levels.md",
        "---\ntitle: Levels\nplace: Somewhere\nsummary: Headings copied from another site.\n---\n\n# Levels\n\n### Examples in the wild\n\nText.\n\n## How to use\n\n### Step one\n",
    );
    let found: Vec<(u64, u64, String)> = warnings_with_code(&site, "heading-level")
        .into_iter()
        .map(|d| (d.line, d.column, d.suggestion))
        .collect();
    assert_eq!(
        found,
        [
            (
                7,
                1,
                "start the line with `##` instead (`## Levels`), or delete it if it only repeats the page's title".to_owned()
            ),
            (9, 1, "make it level 2: `## Examples in the wild`".to_owned()),
        ]
    );
}

#[test]
fn erb_from_the_gov_uk_tech_docs_template_is_one_error_where_written() {
    let site = fixture("good");
    site.write(
        "content/case-studies/tech-docs.md",
        "---\ntitle: Tech docs\nplace: Somewhere\nsummary: A page from a Middleman site.\n---\n\n<%= warning_text('Do not share passwords') %>\n\nSee <%= link_to 'the guide', '/building-blocks/' %> and `<%= shown %>`; 5 <% of 10.\n",
    );
    let errors = errors_of(&site);
    let at: Vec<(u64, u64, &str)> = errors.iter().map(Said::place).collect();
    assert_eq!(
        at,
        [(7, 1, "template-tag"), (9, 5, "template-tag")],
        "{errors:#?}"
    );
    assert_helps(
        &errors,
        &[
            (0, "a line `> [!WARNING]`, then `> Do not share passwords`"),
            (1, "`[words](/building-blocks/)`"),
        ],
    );
}
