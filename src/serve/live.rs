//! The live-reload hub: what browsers are told after each rebuild, and the state a
//! newly opened page is greeted with (the current errors, if any).

use crate::diagnostic::Diagnostics;
use crate::rebuild::Update;
use serde_json::json;
use std::sync::Mutex;
use tokio::sync::broadcast;

/// More changed pages than this are announced as "reload every page".
const MAX_PATHS: usize = 200;

/// Messages for every open page, and the current state for new ones.
pub struct Live {
    tx: broadcast::Sender<String>,
    state: Mutex<State>,
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
        }
    }
}

impl Live {
    /// A receiver of every message sent from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<String> {
        self.tx.subscribe()
    }

    /// The first message a page gets: the update count and the current errors.
    pub fn hello(&self) -> String {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
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
    /// act on it; it lets a client, such as the benchmark, know the server is idle).
    pub fn indexed(&self) {
        self.send(json!({"type": "indexed"}).to_string());
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
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if state.errors.take().is_none() {
            return false;
        }
        drop(state);
        self.send(json!({"type": "ok"}).to_string());
        true
    }

    fn bump(&self, errors: Option<(String, usize)>) -> u64 {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
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
