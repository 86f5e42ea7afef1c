//! The live-reload hub: what browsers are told after each rebuild, and the state a
//! newly opened page is greeted with (the current errors, if any).

use crate::diagnostic::Diagnostics;
use crate::rebuild::Update;
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;

/// More changed pages than this are announced as "reload every page".
const MAX_PATHS: usize = 200;

/// Messages for every open page, and the current state for new ones; which pages are
/// open, and which files are still being rendered.
pub struct Live {
    tx: broadcast::Sender<String>,
    state: Mutex<State>,
    /// Output files open in a browser, with how many browsers show each.
    open: Mutex<HashMap<String, usize>>,
    /// Output files an edit renders after the open pages; requests for them wait.
    backlog: Mutex<HashSet<String>>,
    backlog_done: Condvar,
}

/// One browser's page, open while its event stream is: dropping it closes it.
pub struct OpenPage {
    live: Arc<Live>,
    file: String,
}

impl Drop for OpenPage {
    fn drop(&mut self) {
        let mut open = lock(&self.live.open);
        if let Some(n) = open.get_mut(&self.file) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.file);
            }
        }
    }
}

#[derive(Default)]
struct State {
    /// Counts the updates, so a page that reconnects can tell it missed one.
    version: u64,
    /// The current errors as text, and how many.
    errors: Option<(String, usize)>,
}

impl Default for Live {
    fn default() -> Self {
        Live {
            tx: broadcast::channel(256).0,
            state: Mutex::new(State::default()),
            open: Mutex::default(),
            backlog: Mutex::default(),
            backlog_done: Condvar::new(),
        }
    }
}

/// A lock, whether or not a thread panicked while holding it (the data stays usable).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Live {
    /// Notes that a browser shows output file `file` until the returned page is dropped.
    pub fn open_page(self: &Arc<Self>, file: String) -> OpenPage {
        *lock(&self.open).entry(file.clone()).or_default() += 1;
        OpenPage {
            live: Arc::clone(self),
            file,
        }
    }

    /// The output files open in a browser now.
    pub fn open_files(&self) -> HashSet<String> {
        lock(&self.open).keys().cloned().collect()
    }

    /// Makes requests for `files` wait until [`Live::release`].
    pub fn hold(&self, files: HashSet<String>) {
        *lock(&self.backlog) = files;
    }

    /// Lets every waiting request go on.
    pub fn release(&self) {
        lock(&self.backlog).clear();
        self.backlog_done.notify_all();
    }

    /// Blocks while `file` is held, at most `limit`.
    pub fn wait_for(&self, file: &str, limit: Duration) {
        let until = Instant::now() + limit;
        let mut backlog = lock(&self.backlog);
        while backlog.contains(file) {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            backlog = self
                .backlog_done
                .wait_timeout(backlog, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// A receiver of every message sent from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<String> {
        self.tx.subscribe()
    }

    /// The first message a page gets: the update count and the current errors.
    pub fn hello(&self) -> String {
        let state = lock(&self.state);
        match &state.errors {
            Some((text, count)) => {
                json!({"type": "hello", "version": state.version, "errors": text, "count": count})
            }
            None => json!({"type": "hello", "version": state.version}),
        }
        .to_string()
    }

    /// "Reload whatever page you show."
    pub fn reload_all() -> String {
        json!({"type": "reload", "all": true, "paths": []}).to_string()
    }

    /// Tells pages that files were written: stylesheets are swapped in place when they
    /// are all that changed; otherwise the pages among the written files reload.
    /// Returns the message sent.
    pub fn updated(&self, update: &Update) -> String {
        let version = self.bump(None);
        let msg = if update.css_only() {
            json!({"type": "css", "version": version, "paths": update.written})
        } else {
            // A page shows its stylesheets, scripts and images: if any of those changed,
            // or a page went away, or many changed, every page reloads.
            // (Search data renamed by a new index is not shown by any page but the
            // search page, which is rewritten with it.)
            let all = update.removed.iter().any(|p| !is_search_data(p))
                || update.written.len() > MAX_PATHS
                || update
                    .written
                    .iter()
                    .any(|p| !p.ends_with(".html") && !is_data(p));
            let paths: Vec<&String> = if all {
                Vec::new()
            } else {
                update
                    .written
                    .iter()
                    .filter(|p| p.ends_with(".html"))
                    .collect()
            };
            json!({"type": "reload", "version": version, "all": all, "paths": paths})
        }
        .to_string();
        self.send(msg.clone());
        msg
    }

    /// Says the sitemap, feed and search index now match the pages (no page needs to
    /// act on it; it lets a client, such as the benchmark, time the refresh).
    pub fn indexed(&self) {
        self.send(json!({"type": "indexed"}).to_string());
    }

    /// Says every file of the edits so far is written and nothing is left to do (no
    /// page needs to act on it; it lets a client, such as a test, know the server is
    /// idle).
    pub fn idle(&self) {
        self.send(json!({"type": "idle"}).to_string());
    }

    /// Tells pages the site has errors (shown in an overlay until fixed).
    pub fn failed(&self, diags: &Diagnostics) -> String {
        let text = overlay_text(diags);
        let count = diags.error_count();
        self.bump(Some((text.clone(), count)));
        let msg = json!({"type": "errors", "text": text, "count": count}).to_string();
        self.send(msg.clone());
        msg
    }

    /// Tells pages the errors are fixed, if there were any. Returns whether there were.
    pub fn recovered(&self) -> bool {
        let mut state = lock(&self.state);
        if state.errors.take().is_none() {
            return false;
        }
        drop(state);
        self.send(json!({"type": "ok"}).to_string());
        true
    }

    fn bump(&self, errors: Option<(String, usize)>) -> u64 {
        let mut state = lock(&self.state);
        if errors.is_none() {
            state.version += 1;
        }
        state.errors = errors;
        state.version
    }

    fn send(&self, msg: String) {
        // No receiver (no page open) is fine.
        let _ = self.tx.send(msg);
    }
}

/// Files pages do not show directly (feeds, sitemaps, search data): writing them needs
/// no reload.
fn is_data(path: &str) -> bool {
    [".xml", ".txt", ".json"].iter().any(|e| path.ends_with(e)) || path.starts_with("search/")
}

/// A file of a search index (in any language's folder).
fn is_search_data(path: &str) -> bool {
    path.starts_with("search/data/") || path.contains("/search/data/")
}

/// The errors as the terminal shows them, without colour: file:line:column, the line,
/// a caret under the fault, and the suggested fix.
pub fn overlay_text(diags: &Diagnostics) -> String {
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render(false))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    fn update(written: &[&str], removed: &[&str]) -> Update {
        Update {
            written: written.iter().map(|s| s.to_string()).collect(),
            removed: removed.iter().map(|s| s.to_string()).collect(),
            ..Update::default()
        }
    }

    fn parse(msg: &str) -> serde_json::Value {
        serde_json::from_str(msg).unwrap()
    }

    #[test]
    fn a_page_edit_names_the_pages_to_reload() {
        let live = Live::default();
        let mut rx = live.subscribe();
        let msg = parse(&live.updated(&update(&["a/index.html", "sitemap.xml"], &[])));
        assert_eq!(msg["type"], "reload");
        assert_eq!(msg["all"], false);
        assert_eq!(msg["paths"], json!(["a/index.html"]));
        assert_eq!(parse(&rx.try_recv().unwrap()), msg);
    }

    #[test]
    fn stylesheets_alone_are_swapped_and_scripts_reload_everything() {
        let live = Live::default();
        assert_eq!(
            parse(&live.updated(&update(&["assets/a.css"], &[])))["type"],
            "css"
        );
        let js = parse(&live.updated(&update(&["assets/a.js"], &[])));
        assert_eq!(
            (js["type"].as_str(), js["all"].as_bool()),
            (Some("reload"), Some(true))
        );
        let gone = parse(&live.updated(&update(&["a/index.html"], &["b/index.html"])));
        assert_eq!(gone["all"], true);
    }

    #[test]
    fn a_renamed_search_index_reloads_only_the_search_page() {
        let live = Live::default();
        let msg = parse(&live.updated(&update(
            &["search/index.html", "search/data/t-a-0000000b.js"],
            &[
                "search/data/t-a-0000000a.js",
                "cy/search/data/t-a-0000000a.js",
            ],
        )));
        assert_eq!(msg["all"], false);
        assert_eq!(msg["paths"], json!(["search/index.html"]));
    }

    #[test]
    fn a_page_is_open_while_any_browser_shows_it() {
        let live = Arc::new(Live::default());
        let first = live.open_page("a/index.html".into());
        let second = live.open_page("a/index.html".into());
        let other = live.open_page("b/index.html".into());
        drop(first);
        assert_eq!(live.open_files().len(), 2);
        drop((second, other));
        assert!(live.open_files().is_empty());
    }

    #[test]
    fn a_held_file_waits_for_its_release_and_others_do_not() {
        let live = Arc::new(Live::default());
        live.hold(HashSet::from(["a/index.html".to_string()]));
        let start = Instant::now();
        live.wait_for("b/index.html", Duration::from_secs(5));
        assert!(start.elapsed() < Duration::from_secs(1));
        let releaser = {
            let live = Arc::clone(&live);
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(50));
                live.release();
            })
        };
        live.wait_for("a/index.html", Duration::from_secs(5));
        let waited = start.elapsed();
        releaser.join().unwrap();
        assert!(waited >= Duration::from_millis(50) && waited < Duration::from_secs(5));
    }

    #[test]
    fn errors_greet_new_pages_until_fixed() {
        let live = Live::default();
        let diags = Diagnostics::from(vec![Diagnostic::error("broken-link", "no such page")]);
        let msg = parse(&live.failed(&diags));
        assert_eq!(msg["type"], "errors");
        assert!(msg["text"].as_str().unwrap().contains("no such page"));
        assert_eq!(parse(&live.hello())["count"], 1);
        assert!(live.recovered());
        assert!(parse(&live.hello()).get("errors").is_none());
        assert!(!live.recovered(), "nothing to clear the second time");
    }
}
