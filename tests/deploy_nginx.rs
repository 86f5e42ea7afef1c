//! A deploy tested for real: the sample playbook, built for
//! `http://127.0.0.1:PORT/playbook/`, served under that sub-path by Debian's nginx
//! (started by the test with its own config, the one the manual's "Deploying" shows),
//! crawled over HTTP: every page, link and asset answers 200 with a fitting type, an
//! unknown address gets placebook's 404 page with status 404, every file of the search
//! index loads, and (with Chromium) a search finds a page.
//!
//! nginx is found at `$PLACEBOOK_NGINX`, `/usr/sbin/nginx` or on the PATH. Without it
//! the test says so (`say_skipped`) and passes, unless `PLACEBOOK_REQUIRE_NGINX=1` or
//! `PLACEBOOK_REQUIRE_BROWSER=1` is set (`scripts/test` installs it as root on Debian).

mod common;
use common::*;
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The path the site is served under.
const BASE: &str = "/playbook/";

fn required() -> bool {
    ["PLACEBOOK_REQUIRE_NGINX", "PLACEBOOK_REQUIRE_BROWSER"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|v| v != "0" && !v.is_empty()))
}

/// The nginx binary, or `None` after saying that it is missing.
fn nginx_path() -> Option<PathBuf> {
    let on_path: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join("nginx")).collect())
        .unwrap_or_default();
    let found = std::env::var_os("PLACEBOOK_NGINX")
        .map(PathBuf::from)
        .into_iter()
        .chain([PathBuf::from("/usr/sbin/nginx")])
        .chain(on_path)
        .find(|p| p.is_file());
    if found.is_none() {
        let how = "install it with `apt-get install nginx`, or set PLACEBOOK_NGINX";
        if required() {
            panic!(
                "nginx not found, and PLACEBOOK_REQUIRE_NGINX or PLACEBOOK_REQUIRE_BROWSER is set: {how}"
            );
        }
        say_skipped(&format!(
            "nginx not found ({how}); the sub-path deploy test did not run"
        ));
    }
    found
}

/// The `location` block the manual's "Deploying" chapter tells readers to add, with
/// the folder it names (`/srv/playbook/`) replaced by `site`: the test serves what the
/// manual says, so the two cannot drift apart.
fn manual_location(site: &Path) -> String {
    let manual = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/content/manual/deploying.md");
    let text = std::fs::read_to_string(manual).unwrap();
    let block = text
        .split("```nginx")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the manual's nginx block");
    assert!(block.contains(&format!("location {BASE} {{")), "{block}");
    block.replace("/srv/playbook/", &format!("{}/", site.display()))
}

/// An nginx config serving `site` under [`BASE`] on `port` with the manual's `location`
/// block, and everything nginx writes kept in `dir`. `master_process off` keeps one
/// process, which runs as the user who started it (so it can read a private temporary
/// folder).
fn config(dir: &Path, site: &Path, port: u16) -> String {
    let d = dir.display();
    format!(
        "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
         events {{ worker_connections 64; }}\n\
         http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  charset utf-8;\n\
         \x20 access_log off;\n\
         \x20 client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
         \x20 fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
         \x20 server {{\n    listen 127.0.0.1:{port};\n{}\n  }}\n}}\n",
        manual_location(site)
    )
}

/// A running nginx, stopped when dropped.
struct Nginx {
    child: Child,
    dir: PathBuf,
}

impl Nginx {
    /// Starts `nginx` with [`config`] and waits until it answers on `port`.
    fn start(nginx: &Path, dir: &Path, site: &Path, port: u16) -> Nginx {
        let conf = dir.join("nginx.conf");
        std::fs::write(&conf, config(dir, site, port)).unwrap();
        let child = Command::new(nginx)
            .arg("-p")
            .arg(dir)
            .arg("-e")
            .arg(dir.join("error.log"))
            .arg("-c")
            .arg(&conf)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{} does not start: {e}", nginx.display()));
        let mut server = Nginx {
            child,
            dir: dir.to_path_buf(),
        };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("nginx stopped ({status}): {}", server.log());
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "nginx does not answer: {}",
                server.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// nginx's error log.
    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free loopback port (free when asked; nginx takes it right after).
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    listener.local_addr().unwrap().port()
}

/// One HTTP answer.
struct Answer {
    status: u16,
    content_type: String,
    body: Vec<u8>,
}

/// `GET path` from the server on `port`, over HTTP/1.0 (no chunks, closed at the end).
fn get(port: u16, path: &str) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("{path}: no end of headers"));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{path}: no status in {head}"));
    let content_type = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-type")
                .then(|| value.trim().to_owned())
        })
        .unwrap_or_default();
    Answer {
        status,
        content_type,
        body: raw[split + 4..].to_vec(),
    }
}

/// `href`/`src` of a page at `page` (a site path) as a site path without fragment,
/// percent-encoded for a request line; `None` for other hosts, `mailto:` and the like,
/// and links to a place on the same page.
fn resolve(page: &str, link: &str) -> Option<String> {
    let scheme = link.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    let link = link.split('#').next().unwrap_or("");
    if link.is_empty() || scheme || link.starts_with("//") {
        return None;
    }
    let (path, query) = match link.split_once('?') {
        Some((p, q)) => (p, format!("?{q}")),
        None => (link, String::new()),
    };
    let mut segments: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        let dir = &page[..page.rfind('/').map_or(0, |i| i + 1)];
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for s in path.split('/') {
        match s {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let trailing = if path.ends_with('/') || path.ends_with("/.") || path.ends_with("..") {
        "/"
    } else {
        ""
    };
    let joined = format!("/{}{trailing}", segments.join("/"));
    let joined = if joined == "//" {
        "/".to_owned()
    } else {
        joined
    };
    Some(encode(&format!("{joined}{query}")))
}

/// Non-ASCII bytes and spaces percent-encoded, as a browser sends them.
fn encode(path: &str) -> String {
    path.bytes()
        .map(|b| {
            if b.is_ascii_graphic() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Every page and file reachable from [`BASE`] by `href` and `src`, each with its answer's
/// status and type, and every link found that leads out of [`BASE`] (`page -> link`).
fn crawl(port: u16) -> (BTreeMap<String, (u16, String)>, Vec<String>) {
    let sel = Selector::parse("[href], [src]").unwrap();
    let mut seen = BTreeMap::new();
    let mut outside = Vec::new();
    let mut queue = VecDeque::from([BASE.to_owned()]);
    let mut queued = BTreeSet::from([BASE.to_owned()]);
    while let Some(path) = queue.pop_front() {
        let answer = get(port, &path);
        seen.insert(path.clone(), (answer.status, answer.content_type.clone()));
        if answer.status != 200 || !answer.content_type.starts_with("text/html") {
            continue;
        }
        let doc = Html::parse_document(&String::from_utf8_lossy(&answer.body));
        for el in doc.select(&sel) {
            let links = ["href", "src"].map(|a| el.value().attr(a));
            for link in links.into_iter().flatten() {
                let Some(target) = resolve(&path, link) else {
                    continue;
                };
                if !target.starts_with(BASE) {
                    outside.push(format!("{path} -> {link}"));
                } else if queued.insert(target.clone()) {
                    queue.push_back(target);
                }
            }
        }
    }
    (seen, outside)
}

/// The type nginx must send for a file, by its extension, as a browser needs it.
fn expected_type(path: &str) -> Option<&'static str> {
    let path = path.split('?').next().unwrap_or(path);
    let ext = path.rsplit_once('.').map(|(_, e)| e);
    Some(match ext {
        _ if path.ends_with('/') => "text/html",
        Some("html") => "text/html",
        Some("css") => "text/css",
        // Debian's mime.types says application/javascript; both run as scripts.
        Some("js") => "javascript",
        Some("svg") => "image/svg+xml",
        Some("xml") => "text/xml",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        _ => return None,
    })
}

#[test]
fn the_sample_served_by_nginx_under_a_sub_path_works_link_by_link() {
    let Some(nginx) = nginx_path() else { return };
    let site = sample();
    let port = free_port();
    let base_url = format!("http://127.0.0.1:{port}{BASE}");
    let o = build(&site.root, &["--base-url", &base_url]);
    assert!(o.status.success(), "{}", stderr(&o));
    let tmp = tempfile::tempdir().unwrap();
    let server = Nginx::start(&nginx, tmp.path(), &site.out(), port);

    let (seen, outside) = crawl(port);
    assert!(outside.is_empty(), "links out of {BASE}: {outside:#?}");
    let pages = seen
        .values()
        .filter(|(_, t)| t.starts_with("text/html"))
        .count();
    assert!(pages > 30, "only {pages} pages were reached: {seen:#?}");
    for (path, (status, kind)) in &seen {
        assert_eq!(
            *status,
            200,
            "{path} answers {status}; nginx: {}",
            server.log()
        );
        if let Some(expected) = expected_type(path) {
            let fits = kind.starts_with(expected)
                || expected == "javascript" && kind.starts_with("application/javascript")
                || expected == "javascript" && kind.starts_with("text/javascript");
            assert!(fits, "{path} is sent as {kind}, not {expected}");
        }
    }
    for file in ["sitemap.xml", "atom.xml", "robots.txt", "favicon.svg"] {
        assert_eq!(get(port, &format!("{BASE}{file}")).status, 200, "{file}");
    }

    let missing = get(port, &format!("{BASE}no-such-page/"));
    assert_eq!(missing.status, 404);
    let page_404 = std::fs::read(site.out().join("404.html")).unwrap();
    assert!(
        missing.body == page_404,
        "an unknown address gets placebook's 404 page, not: {}",
        String::from_utf8_lossy(&missing.body[..missing.body.len().min(300)])
    );
    search_index_loads(port, &site.out(), &seen);
    search_finds_a_page(&base_url);
}

/// The folder the search page names in `data-index` answers with every file of the
/// index that the build wrote (the `.js` files there), as JavaScript, byte for byte.
fn search_index_loads(port: u16, out: &Path, seen: &BTreeMap<String, (u16, String)>) {
    let page = [format!("{BASE}search/index.html"), format!("{BASE}search/")]
        .into_iter()
        .find(|p| seen.contains_key(p))
        .expect("the crawl reached the search page");
    let html = Html::parse_document(&String::from_utf8_lossy(&get(port, &page).body));
    let sel = Selector::parse("form[data-index]").unwrap();
    let index = html
        .select(&sel)
        .next()
        .and_then(|f| f.value().attr("data-index"))
        .expect("the search form names its index");
    let folder = resolve(&page, index).unwrap();
    let on_disk = out.join(folder.strip_prefix(BASE).unwrap());
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&on_disk)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        // The search page itself lives in the same folder.
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .collect();
    let manifest = html
        .select(&sel)
        .next()
        .and_then(|f| f.value().attr("data-manifest"))
        .expect("the search form names its manifest");
    assert!(
        files.iter().any(|f| f.ends_with(format!("{manifest}.js"))),
        "{manifest} not in {files:?}"
    );
    for file in files {
        let rel = file
            .strip_prefix(&on_disk)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let answer = get(port, &encode(&format!("{folder}{rel}")));
        assert_eq!(answer.status, 200, "{folder}{rel}");
        assert!(
            answer.content_type.contains("javascript"),
            "{rel}: {}",
            answer.content_type
        );
        assert_eq!(answer.body, std::fs::read(&file).unwrap(), "{rel}");
    }
}

/// With Chromium, a query on the search page served by nginx finds its page.
fn search_finds_a_page(base_url: &str) {
    use common::browser::{browser, eval, open};
    let Some(browser) = browser() else { return };
    let tab = open(&browser, &format!("{base_url}search/index.html?q=Barking"));
    let start = Instant::now();
    let found = "Array.from(document.querySelectorAll('#search-results .search-result h2'), h => h.textContent.trim()).join('|')";
    loop {
        let titles = eval(&tab, found);
        if titles
            .as_str()
            .is_some_and(|t| t.contains("Barking and Dagenham"))
        {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no result for Barking: {titles}; status: {}",
            eval(
                &tab,
                "(document.getElementById('search-status')||{}).textContent"
            )
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
