//! Decap CMS in a real headless Chromium, against Decap's own local backend
//! (`decap-server`, from npm): the editing screen that `cms:` writes to `admin/`, with
//! Decap's files copied in from its npm package (`cms.script`), opens, edits a case
//! study's summary through its form and saves; the change is in the markdown file, and
//! the playbook still builds with it.
//!
//! Needs `npm install --prefix target/npm decap-cms@3.16.3 decap-server@3.11.3` (as
//! `.ci/run` does) besides Chromium; without them the test says so, or fails when
//! `PLACEBOOK_REQUIRE_BROWSER` is set.

mod common;
use common::browser::*;
use common::http::serve_on;
use common::*;
use headless_chrome::Tab;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `target/npm/node_modules`, where `.ci/run` installs Decap's packages.
fn node_modules() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/npm/node_modules")
}

/// Decap's packages, or a message saying they are missing (a failure when required).
fn decap_installed() -> bool {
    let m = node_modules();
    if m.join("decap-cms/dist/decap-cms.js").is_file()
        && m.join("decap-server/dist/index.js").is_file()
    {
        return true;
    }
    let how = "npm install --prefix target/npm decap-cms@3.16.3 decap-server@3.11.3";
    if std::env::var_os("PLACEBOOK_REQUIRE_BROWSER").is_some_and(|v| v != "0" && !v.is_empty()) {
        panic!("Decap CMS not found, and PLACEBOOK_REQUIRE_BROWSER is set: run `{how}`");
    }
    say_skipped(&format!(
        "Decap CMS not found (run `{how}`); the Decap browser test did not run"
    ));
    false
}

/// Decap's local backend on `port`, writing into `root`; stopped on drop.
struct DecapServer(Child);

impl DecapServer {
    fn start(root: &Path, port: u16) -> DecapServer {
        let mut child = Command::new("node")
            .arg(node_modules().join("decap-server/dist/index.js"))
            .env("PORT", port.to_string())
            .env("MODE", "fs")
            .env("GIT_REPO_DIRECTORY", root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node starts decap-server");
        // Its log goes on being read, so that it never writes into a closed pipe.
        let out = BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                if line.contains("listening") {
                    let _ = tx.send(());
                }
            }
        });
        rx.recv_timeout(Duration::from_secs(60))
            .expect("decap-server says it is listening");
        DecapServer(child)
    }
}

impl Drop for DecapServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A free port on the loopback interface.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until `js` evaluates to `true` in `tab`, or fails naming `what`.
fn wait_for(tab: &Tab, js: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if eval(tab, js) == serde_json::Value::Bool(true) {
            return;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let body = eval(
        tab,
        "document.body ? document.body.innerText.slice(0, 2000) : ''",
    );
    panic!("timed out waiting for {what}; the page shows: {body}");
}

/// Clicks the first button (or menu item) whose words are `text`.
fn click_text(tab: &Tab, text: &str) {
    // Decap's toolbar buttons and menu items are not all `<button>`s: click the element
    // that holds exactly these words and nothing else.
    let js = format!(
        "(() => {{ const b = [...document.querySelectorAll('body *')].find(e => e.children.length === 0 && e.textContent.trim().toLowerCase() === {text:?}.toLowerCase()); if (!b) return false; b.click(); return true; }})()"
    );
    wait_for(tab, &js, &format!("a button `{text}`"));
}

/// The alpha-town case study's summary, as the markdown file has it.
fn summary_in_file(root: &Path) -> String {
    let text = std::fs::read_to_string(root.join("content/case-studies/alpha-town.md")).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("summary:"))
        .unwrap_or_default()
        .trim()
        .trim_matches(['"', '\''])
        .to_owned()
}

#[test]
fn an_edit_in_decap_reaches_the_markdown_file_which_then_builds() {
    let Some(browser) = browser() else { return };
    if !decap_installed() {
        return;
    }
    let site = fixture("good");
    std::os::unix::fs::symlink(node_modules(), site.root.join("node_modules")).unwrap();
    // Decap's list widget cannot open a list field written as one value (it stops
    // with "l.map is not a function"), so the page writes `lead` as a list.
    site.edit("content/case-studies/alpha-town.md", |t| {
        t.replace("lead: Alpha Council", "lead: [Alpha Council]")
    });
    site.edit("placebook.yaml", |c| {
        c + "cms:\n  backend: git-gateway\n  script: node_modules/decap-cms/dist\n"
    });
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let admin = site.out().join("admin");
    assert!(admin.join("decap-cms.js").is_file());
    let index = std::fs::read_to_string(admin.join("index.html")).unwrap();
    assert!(
        index.contains("<script src=\"decap-cms.js\"></script>"),
        "{index}"
    );
    assert!(!index.contains("unpkg.com"), "nothing from a CDN: {index}");
    // Decap's local backend on a free port, and the site served as a host would.
    let port = free_port();
    let _decap = DecapServer::start(&site.root, port);
    let config = std::fs::read_to_string(admin.join("config.yml")).unwrap();
    let local = format!("local_backend:\n  url: \"http://localhost:{port}/api/v1\"");
    std::fs::write(
        admin.join("config.yml"),
        config.replace("local_backend: true", &local),
    )
    .unwrap();
    let server = serve_on("127.0.0.1", &site.out());

    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(60));
    tab.navigate_to(&format!("{}admin/index.html", server.url))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    click_text(&tab, "Login");
    let entry = format!(
        "{}admin/index.html#/collections/case-studies/entries/alpha-town",
        server.url
    );
    tab.navigate_to(&entry).unwrap();
    let field = "[...document.querySelectorAll('label')].find(l => l.textContent.trim().toLowerCase().startsWith('summary'))";
    wait_for(
        &tab,
        &format!("!!{field} && !!document.getElementById({field}.htmlFor)"),
        "the summary field",
    );
    let new_summary = "Alpha Town, summarised again in Decap CMS.";
    // Typed as a person types: the form's own handlers take the new value. Until Decap
    // has wired the form up, it puts the old value back; so this is tried until Decap
    // keeps the new one and says the entry has unsaved changes.
    let set = format!(
        "(() => {{ const el = document.getElementById({field}.htmlFor); if (el.value !== {new_summary:?}) {{ const proto = Object.getPrototypeOf(el); Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, {new_summary:?}); el.dispatchEvent(new Event('input', {{ bubbles: true }})); }} return el.value === {new_summary:?} && document.body.textContent.toLowerCase().includes('unsaved changes'); }})()"
    );
    wait_for(&tab, &set, "Decap to take the new summary");
    click_text(&tab, "Publish");
    click_text(&tab, "Publish now");
    let deadline = Instant::now() + Duration::from_secs(30);
    while summary_in_file(&site.root) != new_summary && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    let shown = eval(&tab, "document.body.innerText.slice(0, 600)");
    assert_eq!(
        summary_in_file(&site.root),
        new_summary,
        "the page shows: {shown}"
    );
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = html(&site.out().join("case-studies/alpha-town/index.html"));
    assert!(texts(&page, "main").join(" ").contains(new_summary));
}
