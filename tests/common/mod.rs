//! Helpers shared by the integration tests: copy a fixture site to a temporary folder,
//! run the real `placebook` binary, and read its output as parsed HTML.
#![allow(dead_code)]

pub mod browser;
pub mod http;
pub mod images;
pub mod serve;

use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A copy of a fixture site in a temporary folder (deleted on drop).
pub struct Site {
    _tmp: tempfile::TempDir,
    /// The site root.
    pub root: PathBuf,
}

impl Site {
    /// The default output folder.
    pub fn out(&self) -> PathBuf {
        self.root.join("public")
    }

    /// Writes a file into the site (creating folders).
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Rewrites a text file of the site with `change`.
    #[allow(dead_code)] // not every test file edits
    pub fn edit(&self, rel: &str, change: impl FnOnce(String) -> String) {
        let text = std::fs::read_to_string(self.root.join(rel)).unwrap();
        self.write(rel, change(text));
    }
}

/// Tells the person running the tests that a test did not check what it names, and
/// why. It writes to the terminal itself (the test runner hides what tests print with
/// `eprintln!` unless they fail, and a skip must not pass unseen), and appends
/// `test name: reason` to [`skipped_file`], which `scripts/test` empties before the
/// run and prints after cargo's output, so that no skip is lost among passing tests.
pub fn say_skipped(what: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {what}");
    let line = format!("{}: {}\n", current_test(), what.replace('\n', " "));
    let file = skipped_file();
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    // One write of one line to a file opened for appending, so that lines from tests
    // running at the same time (in threads or in other test binaries) do not mix.
    let appended = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&file)
        .and_then(|mut f| f.write_all(line.as_bytes()));
    if let Err(e) = appended {
        let _ = writeln!(
            std::io::stderr(),
            "(could not note the skip in {}: {e})",
            file.display()
        );
    }
}

/// Where [`say_skipped`] notes each skip: `$PLACEBOOK_SKIPPED_FILE`, or
/// `target/placebook-skipped.txt` in the repository.
pub fn skipped_file() -> PathBuf {
    std::env::var_os("PLACEBOOK_SKIPPED_FILE")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("target/placebook-skipped.txt")
        })
}

/// The running test as `binary::test_name` (the test runner names each test's thread
/// after it; the binary's name is the test file's, without cargo's hash).
pub fn current_test() -> String {
    let binary = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .map(|s| match s.rsplit_once('-') {
            Some((name, hash)) if hash.chars().all(|c| c.is_ascii_hexdigit()) => name.to_owned(),
            _ => s,
        })
        .unwrap_or_else(|| "tests".into());
    match std::thread::current().name() {
        Some(name) if name != "main" => format!("{binary}::{name}"),
        _ => binary,
    }
}

/// The fixtures folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copies the folder `from` to `to`, with everything in it.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A fresh copy of the folder `dir` (a site anywhere, such as the manual in `docs/`).
pub fn copy_of(dir: &Path) -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(dir, &root);
    Site { _tmp: tmp, root }
}

/// A fresh copy of `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixtures().join(name), &root);
    Site { _tmp: tmp, root }
}

/// An empty site folder in a temporary folder, for a test to write a site into.
pub fn empty_site() -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    std::fs::create_dir_all(&root).unwrap();
    Site { _tmp: tmp, root }
}

/// A fresh copy of the repository's sample playbook (`placebook.yaml` and `content/`).
pub fn sample() -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy(repo.join("placebook.yaml"), root.join("placebook.yaml")).unwrap();
    copy_dir(&repo.join("content"), &root.join("content"));
    Site { _tmp: tmp, root }
}

/// The placebook binary under test.
pub fn placebook() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_placebook"));
    c.env("NO_COLOR", "1");
    c
}

/// Runs `placebook build --root <root>` with extra arguments.
pub fn build(root: &Path, extra: &[&str]) -> Output {
    placebook()
        .arg("build")
        .arg("--root")
        .arg(root)
        .args(extra)
        .output()
        .unwrap()
}

/// Stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every `file:line:column` (or `file:line`, or `file`) named by a `-->` line in stderr.
pub fn locations(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("--> "))
        .map(str::to_owned)
        .collect()
}

/// Parses an HTML file.
pub fn html(path: &Path) -> Html {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Html::parse_document(&text)
}

/// The trimmed text of every element matching `selector`.
pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    let sel = Selector::parse(selector).unwrap();
    doc.select(&sel)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The value of `attr` on every element matching `selector`.
pub fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(selector).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_owned))
        .collect()
}

/// Whether `href` names the theme asset `name` (`placebook.css`) under its content-named
/// path (`../assets/placebook.1a2b3c4d.css`) from the folder `from` (`../`).
pub fn is_content_named(href: &str, from: &str, name: &str) -> bool {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let Some(rest) = href.strip_prefix(&format!("{from}assets/{stem}.")) else {
        return false;
    };
    let Some(hash) = rest.strip_suffix(&format!(".{ext}")) else {
        return false;
    };
    hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            out.insert(
                entry.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(entry.path()).unwrap(),
            );
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() && u8::from_str_radix(&s[i + 1..i + 3], 16).is_ok() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Walks every `href` and `src` of every HTML file under `out`, resolves it relative to
/// its page, and returns those whose target file does not exist. Links starting with
/// `/` (only the 404 page has them) are resolved against `base_path`, the path the site
/// is served under. External links and fragments are skipped.
pub fn broken_links(out: &Path) -> (usize, Vec<String>) {
    broken_links_under(out, "/")
}

/// [`broken_links`] for a site served under `base_path` (e.g. `/pb/`).
pub fn broken_links_under(out: &Path, base_path: &str) -> (usize, Vec<String>) {
    let sel = Selector::parse("[href], [src]").unwrap();
    let mut checked = 0;
    let mut broken = Vec::new();
    for entry in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let doc = html(path);
        for el in doc.select(&sel) {
            for attr in ["href", "src"] {
                let Some(url) = el.value().attr(attr) else {
                    continue;
                };
                let scheme = url.split_once(':').is_some_and(|(s, _)| {
                    !s.is_empty()
                        && s.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
                });
                if url.is_empty() || url.starts_with('#') || url.starts_with("//") || scheme {
                    continue;
                }
                checked += 1;
                let target_path = percent_decode(url.split(['#', '?']).next().unwrap());
                let mut target = match target_path.strip_prefix(base_path) {
                    Some(rest) if target_path.starts_with('/') => out.join(rest),
                    _ if target_path.starts_with('/') => out.join("outside-the-base-path"),
                    _ => path.parent().unwrap().join(&target_path),
                };
                if target.is_dir() {
                    target = target.join("index.html");
                }
                if !target.is_file() {
                    broken.push(format!(
                        "{} -> {url}",
                        path.strip_prefix(out).unwrap().display()
                    ));
                }
            }
        }
    }
    (checked, broken)
}

/// A minimal CSV reader (RFC 4180: quoted fields, doubled quotes, CRLF).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

/// The search index's manifest of the site (or language folder) at `out`: the file
/// the search page names, its name without `.js`, and its JSON.
pub fn search_manifest(out: &Path) -> (PathBuf, String, serde_json::Value) {
    let page = html(&out.join("search/index.html"));
    let name = attrs(&page, "#search-form", "data-manifest")
        .pop()
        .expect("the search page names its manifest");
    let path = out.join("search/data").join(format!("{name}.js"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let json = text
        .trim()
        .strip_prefix(&format!("PBS(\"{name}\","))
        .and_then(|t| t.strip_suffix(");"))
        .unwrap_or_else(|| panic!("not a manifest script: {text}"));
    (path, name, serde_json::from_str(json).unwrap())
}
