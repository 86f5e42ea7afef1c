//! `placebook serve` end to end: the real binary on a free port, files edited the way
//! editors edit them, live-reload messages read from the event stream, and pages read
//! back over HTTP as parsed HTML.

mod common;

use common::serve::{PATIENCE, Server};
use common::{fixture, placebook, snapshot, stderr, texts};
use scraper::Html;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

const ALPHA: &str = "content/case-studies/alpha-town.md";
const ALPHA_PAGE: &str = "case-studies/alpha-town/index.html";

fn read(server: &Server, rel: &str) -> String {
    std::fs::read_to_string(server.site.root.join(rel)).unwrap()
}

/// The folder serve writes its preview to.
fn preview(server: &Server) -> PathBuf {
    server.site.root.join(".placebook-cache/serve")
}

/// The paragraphs of a served page.
fn paragraphs(server: &Server, page: &str) -> Vec<String> {
    let (status, body) = server.get(page);
    assert_eq!(status, 200, "{page}");
    texts(&Html::parse_document(&body), "main p")
}

#[test]
fn an_edit_reloads_the_page_and_the_new_text_is_served() {
    let server = Server::start("good");
    let events = server.events();
    let text = read(&server, ALPHA);
    server
        .site
        .write(ALPHA, format!("{text}\nA sentence added while serving.\n"));
    let msg = events.wait_for_reload_of(ALPHA_PAGE);
    assert_eq!(msg["all"], false, "{msg}");
    assert!(
        !msg["paths"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "index.html"),
        "the home page does not show this page's body: {msg}"
    );
    assert!(
        paragraphs(&server, ALPHA_PAGE).contains(&"A sentence added while serving.".to_owned())
    );

    // Served pages carry the live-reload script; the files on disk do not.
    let (_, body) = server.get(ALPHA_PAGE);
    let doc = Html::parse_document(&body);
    assert_eq!(
        common::attrs(&doc, "script[src='/__placebook/live.js']", "src").len(),
        1
    );
    let on_disk =
        Html::parse_document(&std::fs::read_to_string(preview(&server).join(ALPHA_PAGE)).unwrap());
    assert!(
        common::attrs(&on_disk, "script", "src")
            .iter()
            .all(|s| !s.contains("__placebook"))
    );
}

#[test]
fn an_atomic_save_is_seen() {
    let server = Server::start("good");
    let events = server.events();
    let text = read(&server, ALPHA).replace("## The context", "## The background");
    // Write a temporary file beside it, then rename it over the page.
    let tmp = server
        .site
        .root
        .join("content/case-studies/.alpha-town.md.tmp123");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, server.site.root.join(ALPHA)).unwrap();
    events.wait_for_reload_of(ALPHA_PAGE);
    let (_, body) = server.get(ALPHA_PAGE);
    assert!(texts(&Html::parse_document(&body), "main h2").contains(&"The background".to_owned()));
}

#[test]
fn a_vim_style_save_with_backup_and_probe_files_is_seen_without_errors() {
    let server = Server::start("good");
    let events = server.events();
    let root = &server.site.root;
    let dir = root.join("content/case-studies");
    let text = read(&server, ALPHA).replace("## The context", "## Where it started");
    // Vim: a probe file `4913`, a swap file, the original renamed to a backup, the new
    // text written, the backup deleted.
    std::fs::write(dir.join("4913"), "").unwrap();
    std::fs::remove_file(dir.join("4913")).unwrap();
    std::fs::write(dir.join(".alpha-town.md.swp"), "swap").unwrap();
    std::fs::rename(root.join(ALPHA), dir.join("alpha-town.md~")).unwrap();
    std::fs::write(root.join(ALPHA), text).unwrap();
    std::fs::remove_file(dir.join("alpha-town.md~")).unwrap();
    std::fs::remove_file(dir.join(".alpha-town.md.swp")).unwrap();
    events.wait_for_reload_of(ALPHA_PAGE);
    let (_, body) = server.get(ALPHA_PAGE);
    assert!(
        texts(&Html::parse_document(&body), "main h2").contains(&"Where it started".to_owned())
    );
    // Emacs lock files are ignored too.
    std::fs::write(dir.join(".#alpha-town.md"), "user@host").unwrap();
    let later = events.collect_for(Duration::from_millis(500));
    assert!(later.iter().all(|m| m["type"] != "errors"), "{later:?}");
}

#[test]
fn a_broken_file_shows_errors_keeps_the_last_good_page_and_a_fix_clears_them() {
    let server = Server::start("good");
    let events = server.events();
    let good = read(&server, ALPHA);
    let before = paragraphs(&server, ALPHA_PAGE);
    server.site.write(
        ALPHA,
        good.replace("title: Alpha Town", "title: [Alpha Town"),
    );
    let msg = events.wait_for("errors", |_| true);
    let text = msg["text"].as_str().unwrap();
    assert!(
        text.contains("--> content/case-studies/alpha-town.md:2:8"),
        "{text}"
    );
    assert!(text.contains('^'), "the caret snippet is shown: {text}");
    assert_eq!(msg["count"], 1);
    // The last good page is still served, and a page opened now is told the errors.
    assert_eq!(paragraphs(&server, ALPHA_PAGE), before);
    let late = server.events_hello();
    assert_eq!(late["count"], 1, "{late}");
    assert!(server.stderr().contains("alpha-town.md:2:8"));

    server
        .site
        .write(ALPHA, good.replace("## The context", "## Fixed context"));
    events.wait_for("ok", |_| true);
    events.wait_for_reload_of(ALPHA_PAGE);
    assert!(server.events_hello().get("errors").is_none());
    let (_, body) = server.get(ALPHA_PAGE);
    assert!(texts(&Html::parse_document(&body), "main h2").contains(&"Fixed context".to_owned()));
}

#[test]
fn a_hundred_rapid_edits_end_with_the_last_one_served() {
    let server = Server::start("good");
    let good = read(&server, ALPHA);
    for i in 0..100 {
        server
            .site
            .write(ALPHA, format!("{good}\nEdit number {i}.\n"));
    }
    let deadline = Instant::now() + PATIENCE;
    loop {
        let shown = paragraphs(&server, ALPHA_PAGE);
        if shown.contains(&"Edit number 99.".to_owned()) {
            assert!(
                !shown
                    .iter()
                    .any(|p| p.starts_with("Edit number ") && p != "Edit number 99.")
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the last edit never showed: {shown:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn new_deleted_and_renamed_pages_update_the_listings() {
    let server = Server::start("good");
    let events = server.events();
    server.site.write(
        "content/case-studies/delta.md",
        "---\ntitle: Delta Vale\nplace: Delta\nsummary: Delta did it.\nbuilding_blocks: [shared-purpose]\n---\nText.\n",
    );
    events.wait_for_reload_of("case-studies/delta/index.html");
    let (_, listing) = server.get("case-studies/index.html");
    assert!(texts(&Html::parse_document(&listing), "main a").contains(&"Delta Vale".to_owned()));
    let (_, block) = server.get("building-blocks/shared-purpose/index.html");
    assert!(texts(&Html::parse_document(&block), "main a").contains(&"Delta Vale".to_owned()));

    let root = &server.site.root;
    std::fs::rename(
        root.join("content/case-studies/delta.md"),
        root.join("content/case-studies/epsilon.md"),
    )
    .unwrap();
    events.wait_for("reload", |v| v["all"] == true);
    assert_eq!(server.get("case-studies/epsilon/index.html").0, 200);
    assert_eq!(server.get("case-studies/delta/index.html").0, 404);
    std::fs::remove_file(root.join("content/case-studies/epsilon.md")).unwrap();
    events.wait_for("reload", |_| true);
    let (_, listing) = server.get("case-studies/index.html");
    assert!(!texts(&Html::parse_document(&listing), "main a").contains(&"Delta Vale".to_owned()));
}

#[test]
fn a_template_edit_and_a_stylesheet_edit() {
    let site = fixture("good");
    let page = placebook_default_template("case-study.html");
    site.write(
        "themes/default/templates/case-study.html",
        page.replace(
            "{% block main %}",
            "{% block main %}<p class=\"marker\">v1</p>",
        ),
    );
    let server = Server::start_site(site);
    let events = server.events();
    let (_, body) = server.get(ALPHA_PAGE);
    assert_eq!(texts(&Html::parse_document(&body), "p.marker"), ["v1"]);
    server.site.write(
        "themes/default/templates/case-study.html",
        page.replace(
            "{% block main %}",
            "{% block main %}<p class=\"marker\">v2</p>",
        ),
    );
    let msg = events.wait_for_reload_of(ALPHA_PAGE);
    let paths = msg["paths"].as_array().unwrap();
    assert!(
        !paths.iter().any(|p| p == "case-studies/index.html"),
        "{msg}"
    );
    let (_, body) = server.get(ALPHA_PAGE);
    assert_eq!(texts(&Html::parse_document(&body), "p.marker"), ["v2"]);

    server.site.write("static/extra.css", "p { color: #333 }");
    let css = events.wait_for("css", |_| true);
    assert_eq!(css["paths"], serde_json::json!(["extra.css"]));
    assert_eq!(
        server.get("extra.css"),
        (200, "p { color: #333 }".to_owned())
    );
}

/// The site's own copy of the case-study template.
const CASE_STUDY_TEMPLATE: &str = "themes/default/templates/case-study.html";

/// The `good` fixture with more case studies than an edit renders before the open
/// pages go first, and its own case-study template, marked `v1` (see [`marked`]).
fn many_case_studies() -> common::Site {
    let site = fixture("good");
    for i in 0..120 {
        site.write(
            &format!("content/case-studies/gen-{i:03}.md"),
            format!("---\ntitle: Generated {i}\nplace: Place {i}\nsummary: Made for a test.\nbuilding_blocks: [shared-purpose]\n---\nText {i}.\n"),
        );
    }
    site.write(CASE_STUDY_TEMPLATE, marked("v1"));
    site
}

/// The default case-study template with a `p.marker` saying `version` in its main part.
fn marked(version: &str) -> String {
    placebook_default_template("case-study.html").replace(
        "{% block main %}",
        &format!("{{% block main %}}<p class=\"marker\">{version}</p>"),
    )
}

#[test]
fn a_big_edit_reloads_the_open_page_first_and_serves_no_page_stale() {
    let server = Server::start_site(many_case_studies());
    let events = server.events_on("/case-studies/alpha-town/");
    server.site.write(CASE_STUDY_TEMPLATE, marked("v2"));
    let msg = events.wait_for_reload_of(ALPHA_PAGE);
    assert_eq!(msg["paths"], serde_json::json!([ALPHA_PAGE]), "{msg}");
    // The other case studies may still be rendering: asked for now, each waits for it.
    for other in ["case-studies/gen-119/", "case-studies/gen-000/", ALPHA_PAGE] {
        let (status, body) = server.get(other);
        assert_eq!(status, 200, "{other}");
        assert_eq!(
            texts(&Html::parse_document(&body), "p.marker"),
            ["v2"],
            "{other}"
        );
    }
}

#[test]
fn the_index_comes_before_the_pages_left_for_later_and_a_save_meanwhile_finishes_them() {
    let server = Server::start_site(many_case_studies());
    let events = server.events_on("/case-studies/alpha-town/");
    let template = CASE_STUDY_TEMPLATE;
    server.site.write(template, marked("v2"));
    events.wait_for_reload_of(ALPHA_PAGE);
    // The sitemap, feed and search index are refreshed first, then the pages left
    // for later are written.
    let kinds: Vec<String> = events
        .until("idle")
        .iter()
        .map(|v| v["type"].as_str().unwrap_or_default().to_string())
        .filter(|k| k == "indexed" || k == "idle")
        .collect();
    assert_eq!(kinds, ["indexed", "idle"]);
    let marker = |p: &str| {
        let html = std::fs::read_to_string(preview(&server).join(p)).unwrap_or_default();
        texts(&Html::parse_document(&html), "p.marker")
    };
    assert_eq!(marker("case-studies/gen-119/index.html"), ["v2"]);

    // A save soon after another, which may come while the first's other pages still
    // wait (they are then written first): every page ends on the last.
    server.site.write(template, marked("v3"));
    events.wait_for_reload_of(ALPHA_PAGE);
    server.site.write(template, marked("v4"));
    events.wait_for_reload_of(ALPHA_PAGE);
    events.until("idle");
    for i in [0, 60, 119] {
        assert_eq!(
            marker(&format!("case-studies/gen-{i:03}/index.html")),
            ["v4"]
        );
    }
}

#[test]
fn a_config_change_rebuilds_everything() {
    let server = Server::start("good");
    let events = server.events();
    let config = read(&server, "placebook.yaml");
    server.site.write(
        "placebook.yaml",
        config.replace("title: Fixture Playbook", "title: Renamed Playbook"),
    );
    events.wait_for("reload", |v| {
        v["all"] == true || v["paths"].as_array().unwrap().len() > 5
    });
    let (_, body) = server.get("about/index.html");
    assert_eq!(
        texts(&Html::parse_document(&body), ".site-title"),
        ["Renamed Playbook"]
    );
}

#[test]
fn nothing_outside_the_output_is_served() {
    let server = Server::start("good");
    let secret = "title: Fixture Playbook";
    std::os::unix::fs::symlink(
        server.site.root.join("placebook.yaml"),
        preview(&server).join("leak.yaml"),
    )
    .unwrap();
    for target in [
        "/../placebook.yaml",
        "/%2e%2e/placebook.yaml",
        "/%2E%2E/placebook.yaml",
        "/..%2fplacebook.yaml",
        "/assets/..%2f..%2fplacebook.yaml",
        "/..%5cplacebook.yaml",
        "/..\\placebook.yaml",
        "/assets/%2e%2e/%2e%2e/placebook.yaml",
        "/leak.yaml",
        "/%00",
    ] {
        let response = server.raw_get(target);
        let status = response.split_whitespace().nth(1).unwrap_or("");
        assert!(
            matches!(status, "400" | "403" | "404"),
            "{target}: {response}"
        );
        assert!(!response.contains(secret), "{target} leaked the config");
    }
    assert_eq!(server.get("about/index.html").0, 200);
    let missing = server.raw_get("/no/such/page/");
    assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port().to_string();
    let site = fixture("good");
    let out = placebook()
        .args(["serve", "--port", &port, "--root"])
        .arg(&site.root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("port {port}")) && err.contains("already in use"),
        "{err}"
    );
}

fn placebook_default_template(name: &str) -> String {
    placebook::theme::default_template(name).unwrap()
}

#[test]
fn a_burst_of_new_files_and_folders_is_all_seen_and_the_output_is_not_watched() {
    let server = Server::start("good");
    let events = server.events();
    // Like a `git checkout`: thirty pages and a new static folder at once.
    for i in 0..30 {
        server.site.write(
            &format!("content/case-studies/burst-{i:02}.md"),
            format!("---\ntitle: Burst {i:02}\nplace: Burst\nsummary: Page {i}.\nbuilding_blocks: [shared-purpose]\n---\nText {i}.\n"),
        );
    }
    server.site.write("static/downloads/guide.txt", "a guide");
    let deadline = Instant::now() + PATIENCE;
    loop {
        events.collect_for(Duration::from_millis(200));
        let (_, listing) = server.get("case-studies/index.html");
        let links = texts(&Html::parse_document(&listing), "main a");
        let seen = (0..30)
            .filter(|i| links.contains(&format!("Burst {i:02}")))
            .count();
        if seen == 30 && server.get("downloads/guide.txt").0 == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "only {seen} of 30 pages listed");
    }
    assert_eq!(server.get("downloads/guide.txt").1, "a guide");
    // A removed folder goes from the output too.
    std::fs::remove_dir_all(server.site.root.join("static/downloads")).unwrap();
    events.wait_for("reload", |v| v["all"] == true);
    assert_eq!(server.get("downloads/guide.txt").0, 404);

    // Writing into the output folder or .git starts no rebuild. First let the removal's
    // own events (the reload, then the search index's `indexed`, which on a busy
    // machine can come a second later) all arrive.
    let quiet = Instant::now() + PATIENCE;
    while !events.collect_for(Duration::from_millis(700)).is_empty() {
        assert!(Instant::now() < quiet, "the events never stopped");
    }
    server.site.write("public/stray.html", "<p>stray</p>");
    server
        .site
        .write(".placebook-cache/serve/stray.html", "<p>stray</p>");
    server.site.write(".git/HEAD", "ref: refs/heads/main\n");
    let after = events.collect_for(Duration::from_millis(600));
    assert!(after.is_empty(), "{after:?}");
}

#[test]
fn a_site_broken_from_the_start_is_served_once_fixed() {
    let site = fixture("good");
    let good = std::fs::read_to_string(site.root.join(ALPHA)).unwrap();
    site.write(
        ALPHA,
        good.replace("title: Alpha Town", "title: [Alpha Town"),
    );
    let server = Server::start_site(site);
    let events = server.events();
    assert_eq!(
        events.hello["count"], 1,
        "a new page is told the errors: {}",
        events.hello
    );
    let (status, body) = server.get("index.html");
    assert_eq!(status, 404);
    let doc = Html::parse_document(&body);
    assert_eq!(texts(&doc, "h1"), ["Nothing here yet"]);
    assert_eq!(
        common::attrs(&doc, "script", "src"),
        ["/__placebook/live.js"]
    );
    server.site.write(ALPHA, good);
    events.wait_for("ok", |_| true);
    events.wait_for_reload_of("index.html");
    assert_eq!(server.get("index.html").0, 200);
}

#[test]
fn the_search_index_follows_an_edit_once_edits_pause() {
    let server = Server::start("good");
    let events = server.events();
    let text = read(&server, ALPHA);
    server
        .site
        .write(ALPHA, format!("{text}\nA zanzibarian approach.\n"));
    events.wait_for_reload_of(ALPHA_PAGE);
    events.wait_for("indexed", |_| true);
    let shards: String = walkdir::WalkDir::new(preview(&server).join("search"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    assert!(
        shards.contains("zanzibarian"),
        "the new word is in the search index"
    );
}

/// Runs `placebook serve --port 0` with `args` in the folder `dir` until it has said
/// it is watching, stops it, and returns what it printed on stdout, with the address
/// it served at replaced by `URL`.
fn startup(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut child = placebook()
        .current_dir(dir)
        .args(["serve", "--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + PATIENCE * 3;
    let mut lines = Vec::new();
    while !lines
        .last()
        .is_some_and(|l: &String| l.starts_with("Watching"))
    {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => lines.push(line),
            Err(_) => panic!("serve did not start: {lines:?}"),
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let url = lines
        .iter()
        .find_map(|l| l.strip_prefix("Serving ")?.split(" at ").nth(1))
        .expect("the address")
        .to_owned();
    lines.iter().map(|l| l.replace(&url, "URL")).collect()
}

/// Every file under `dir` whose bytes name the local address.
fn naming_localhost(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir)
        .into_iter()
        .filter(|(_, bytes)| bytes.windows(9).any(|w| w == b"127.0.0.1"))
        .map(|(p, _)| p)
        .collect()
}

#[test]
fn serve_writes_its_preview_apart_and_leaves_public_as_build_wrote_it() {
    let site = fixture("good");
    let o = common::build(&site.root, &["--base-url", "https://example.org/pb/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let built = snapshot(&site.out());
    assert!(built.contains_key(Path::new("sitemap.xml")));

    // Started inside content/: the playbook is found above, and paths are named from here.
    let lines = startup(&site.root.join("content"), &[]);
    assert_eq!(
        lines[1..],
        [
            "Serving ../.placebook-cache/serve at URL",
            "This is a preview for this computer: its sitemap, feed and canonical links name URL. `placebook build` makes the site to publish, in ../public.",
            "Watching for changes. Press Ctrl+C to stop.",
        ],
        "{lines:?}"
    );
    assert!(
        snapshot(&site.out()) == built,
        "public/ is byte for byte what build wrote"
    );
    assert_eq!(naming_localhost(&site.out()), Vec::<PathBuf>::new());
    let preview = site.root.join(".placebook-cache/serve");
    assert!(preview.join("index.html").is_file());
    assert!(naming_localhost(&preview).contains(&PathBuf::from("sitemap.xml")));

    // Without a build before it, serve makes no public/ at all.
    let site = fixture("good");
    startup(&site.root, &[]);
    assert!(!site.out().exists());
    assert!(
        site.root
            .join(".placebook-cache/serve/index.html")
            .is_file()
    );
}

#[test]
fn serve_into_the_build_folder_when_told_says_what_that_folder_now_holds() {
    let site = fixture("good");
    let lines = startup(&site.root, &["--output", "public"]);
    assert_eq!(
        lines[1..3],
        [
            "Serving public at URL",
            "public now holds a preview whose sitemap, feed and canonical links name URL: run `placebook build` again before publishing it.",
        ],
        "{lines:?}"
    );
    assert!(site.out().join("index.html").is_file());
}

#[test]
fn build_check_and_serve_count_the_same_pages() {
    let site = fixture("good");
    let said = |args: &[&str]| {
        let o = placebook()
            .current_dir(&site.root)
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        common::stdout(&o)
    };
    let checked = said(&["check"]);
    let built = said(&["build"]);
    let again = said(&["build"]);
    let lines = startup(&site.root, &[]);
    // The good fixture: 10 pages in content/, one of them a draft; the build writes
    // them with the indexes, special pages and copied files.
    assert!(
        checked.starts_with("Checked 9 pages from content in "),
        "{checked}"
    );
    let files = snapshot(&site.out()).len();
    assert!(
        built.starts_with(&format!(
            "Built 9 pages from content ({files} files) into public in "
        )),
        "{built}"
    );
    assert!(
        again.starts_with(
            "Nothing changed since the last build: public is up to date (9 pages from content, "
        ),
        "{again}"
    );
    assert!(
        lines[0].starts_with("Built 9 pages from content, "),
        "{lines:?}"
    );
}

#[test]
fn a_bilingual_playbook_is_served_in_both_languages_and_a_welsh_edit_is_seen() {
    let server = Server::start("bilingual");
    let events = server.events();
    let welsh = "cy/case-studies/caerdydd/index.html";
    assert!(
        paragraphs(&server, welsh)
            .iter()
            .any(|p| p.contains("Nghaerdydd"))
    );
    let (status, _) = server.get("case-studies/cardiff/index.html");
    assert_eq!(status, 200);
    let file = "content/case-studies/cardiff.cy.md";
    let text = read(&server, file);
    server
        .site
        .write(file, format!("{text}\nBrawddeg newydd.\n"));
    events.wait_for_reload_of(welsh);
    assert!(paragraphs(&server, welsh).contains(&"Brawddeg newydd.".to_owned()));
    // The English page still links to it.
    let (_, body) = server.get("case-studies/cardiff/index.html");
    let doc = Html::parse_document(&body);
    assert!(
        common::attrs(&doc, "nav.language-switch a", "href")
            .iter()
            .any(|h| h.ends_with("cy/case-studies/caerdydd/index.html"))
    );
}
