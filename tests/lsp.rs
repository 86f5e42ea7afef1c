//! `placebook lsp` end to end: the real binary, spoken to in JSON-RPC over its standard
//! input and output, on a copy of the `lsp` fixture site.

mod common;

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// How long to wait for a message before deciding the server is stuck (a safety net
/// against hanging the test run, not a measurement).
const STUCK: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    seen: Vec<Value>,
}

fn read_frame(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Client {
    fn start(root: &Path) -> Client {
        let mut child = common::placebook()
            .arg("lsp")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("placebook lsp starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(v) = read_frame(&mut r) {
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            incoming: rx,
            next_id: 1,
            seen: Vec::new(),
        }
    }

    fn write_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, v: Value) {
        let body = v.to_string();
        self.write_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn next(&mut self) -> Value {
        self.incoming
            .recv_timeout(STUCK)
            .expect("the server answers")
    }

    /// Sends a request and returns the whole response (with `result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.response_to(json!(id))
    }

    fn response_to(&mut self, id: Value) -> Value {
        loop {
            let m = self.next();
            if m.get("method").is_none() && m["id"] == id {
                return m;
            }
            self.seen.push(m);
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let is_for = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        if let Some(i) = self.seen.iter().position(is_for) {
            let m = self.seen.remove(i);
            return m["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let m = self.next();
            if is_for(&m) {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.seen.push(m);
        }
    }

    fn initialize(&mut self, root: &Path) -> Value {
        let r = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "workspaceFolders": [{"uri": uri(root), "name": "site"}],
                "capabilities": {
                    "textDocument": {"completion": {"completionItem": {"snippetSupport": true}}}
                }
            }),
        );
        self.notify("initialized", json!({}));
        r
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i32, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        self.diagnostics(uri)
    }

    fn completion_labels(&mut self, uri: &str, line: u32, character: u32) -> Vec<String> {
        let r = self.completion(uri, line, character);
        r.iter()
            .map(|i| i["label"].as_str().unwrap().to_owned())
            .collect()
    }

    fn completion(&mut self, uri: &str, line: u32, character: u32) -> Vec<Value> {
        let r = self.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        match &r["result"] {
            Value::Array(items) => items.clone(),
            Value::Object(list) => list["items"].as_array().unwrap().clone(),
            other => panic!("no completion result: {other} in {r}"),
        }
    }

    /// Shuts down and exits; returns the exit code.
    fn stop(mut self) -> Option<i32> {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        self.child.wait().unwrap().code()
    }
}

fn site() -> (common::Site, Client) {
    let site = common::fixture("lsp");
    let mut client = Client::start(&site.root);
    let init = client.initialize(&site.root);
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["hoverProvider"], json!(true), "{init}");
    assert!(caps["completionProvider"].is_object(), "{init}");
    (site, client)
}

#[test]
fn the_fixture_builds_and_its_pages_have_no_diagnostics() {
    let (site, mut client) = site();
    let out = common::build(&site.root, &[]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let path = site.root.join("content/case-studies/alpha-town.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(client.open(&uri(&path), &text), Vec::<Value>::new());
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn an_unknown_field_is_underlined_with_a_suggestion_and_fixing_it_clears_it() {
    let (site, mut client) = site();
    let doc = uri(&site.root.join("content/case-studies/new-place.md"));
    let diags = client.open(
        &doc,
        "---\ntitle: New place 😀\nsumary: A place.\nplace: Beta\n---\nBody\n",
    );
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(
        d["range"],
        json!({"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 6}})
    );
    assert_eq!(d["severity"], json!(1));
    assert_eq!(d["code"], json!("unknown-field"));
    assert_eq!(d["source"], json!("placebook"));
    let message = d["message"].as_str().unwrap();
    assert!(
        message.starts_with("unknown field `sumary` in the front matter of this case-study"),
        "{message}"
    );
    assert!(message.contains("did you mean `summary`?"), "{message}");

    let fixed = client.change(
        &doc,
        2,
        "---\ntitle: New place 😀\nsummary: A place.\nplace: Beta\n---\nBody\n",
    );
    assert_eq!(fixed, Vec::<Value>::new());
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn block_references_and_placeholders_are_placed_in_utf16_columns() {
    let (site, mut client) = site();
    let doc = uri(&site.root.join("content/case-studies/new-place.md"));
    let diags = client.open(
        &doc,
        "---\ntitle: T\nsummary: TODO one sentence\nplace: P\nbuilding_blocks: [\"😀\", shared-purpse]\n---\n",
    );
    let unknown: Vec<&Value> = diags
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("`shared-purpse`"))
        .collect();
    assert_eq!(unknown.len(), 1, "{diags:?}");
    // "building_blocks: [\"😀\", " is 23 characters, 24 UTF-16 units (the emoji is two).
    assert_eq!(
        unknown[0]["range"],
        json!({"start": {"line": 4, "character": 24}, "end": {"line": 4, "character": 37}})
    );
    assert!(
        unknown[0]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `shared-purpose`?")
    );
    let placeholder: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "placeholder")
        .collect();
    assert_eq!(placeholder.len(), 1, "{diags:?}");
    assert_eq!(placeholder[0]["severity"], json!(2));
    assert_eq!(
        placeholder[0]["range"]["start"],
        json!({"line": 2, "character": 9})
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn malformed_yaml_and_missing_fields_are_reported() {
    let (site, mut client) = site();
    let doc = uri(&site.root.join("content/building-blocks/new.md"));
    let diags = client.open(&doc, "---\ntitle: [unclosed\n---\n");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], json!("invalid-front-matter"));
    let diags = client.change(&doc, 2, "---\ntitle: B\nnumber: soon\n---\n");
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("whole number"),
        "{diags:?}"
    );
    assert_eq!(
        diags[0]["range"]["start"],
        json!({"line": 2, "character": 8})
    );
    let diags = client.change(&doc, 3, "---\ntitle: B\n---\n");
    let messages: Vec<&str> = diags
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("this building-block has no `summary`")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("this building-block has no `number`")),
        "{messages:?}"
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn completion_offers_the_missing_fields_of_the_kind() {
    let (site, mut client) = site();
    let doc = uri(&site.root.join("content/case-studies/new-place.md"));
    client.open(&doc, "---\ntitle: X\nplace: Y\n\n---\n");
    let items = client.completion(&doc, 3, 0);
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    for wanted in [
        "summary",
        "region",
        "year",
        "building_blocks",
        "tags",
        "sources",
    ] {
        assert!(labels.contains(&wanted), "{wanted} missing from {labels:?}");
    }
    for unwanted in ["title", "place", "number", "questions", "related"] {
        assert!(
            !labels.contains(&unwanted),
            "{unwanted} offered in {labels:?}"
        );
    }
    // The missing required field sorts first, and says what it is for.
    let mut sorted = items.clone();
    sorted.sort_by_key(|i| i["sortText"].as_str().unwrap().to_owned());
    assert_eq!(sorted[0]["label"], json!("summary"));
    assert!(
        sorted[0]["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("one or two sentences saying what the page is about")
    );
    let bb = items
        .iter()
        .find(|i| i["label"] == "building_blocks")
        .unwrap();
    assert_eq!(bb["textEdit"]["newText"], json!("building_blocks:\n  - $0"));
    assert_eq!(bb["insertTextFormat"], json!(2));
    // Nothing in the body.
    assert_eq!(client.completion_labels(&doc, 5, 0), Vec::<String>::new());
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn completion_offers_block_slugs_terms_and_booleans() {
    let (site, mut client) = site();
    let doc = uri(&site.root.join("content/case-studies/new-place.md"));
    client.open(
        &doc,
        "---\ntitle: X\nplace: Y\nbuilding_blocks:\n  - \nregion: \ntags: [money, \ndraft: \n---\n",
    );
    assert_eq!(
        client.completion_labels(&doc, 4, 4),
        ["pooled-resources", "shared-purpose"]
    );
    let items = client.completion(&doc, 4, 4);
    assert_eq!(items[0]["textEdit"]["newText"], json!("pooled-resources"));
    assert_eq!(client.completion_labels(&doc, 5, 8), ["North East"]);
    // Terms already in the list are not offered again.
    assert_eq!(
        client.completion_labels(&doc, 6, 14),
        ["governance", "health-and-care"]
    );
    assert_eq!(client.completion_labels(&doc, 7, 7), ["true", "false"]);
    // A flow list leaves out the slugs written.
    client.change(
        &doc,
        2,
        "---\ntitle: X\nplace: Y\nbuilding_blocks: [shared-purpose, \n---\n",
    );
    assert_eq!(client.completion_labels(&doc, 3, 34), ["pooled-resources"]);
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn hover_on_a_field_gives_its_description() {
    let (site, mut client) = site();
    let path = site.root.join("content/case-studies/alpha-town.md");
    let doc = uri(&path);
    client.open(&doc, &std::fs::read_to_string(&path).unwrap());
    let r = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": doc}, "position": {"line": 3, "character": 2}}),
    );
    let text = r["result"]["contents"]["value"].as_str().unwrap();
    assert!(text.contains("the place the case study is about"), "{text}");
    assert!(text.contains("Required for a case-study"), "{text}");
    assert_eq!(
        r["result"]["range"],
        json!({"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 5}})
    );
    // Not on a key: no hover.
    let r = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": doc}, "position": {"line": 8, "character": 2}}),
    );
    assert_eq!(r["result"], Value::Null, "{r}");
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn a_new_block_on_disk_is_known_after_the_editor_reports_it() {
    let (site, mut client) = site();
    let doc = uri(&site.root.join("content/case-studies/new-place.md"));
    let text = "---\ntitle: X\nsummary: S\nplace: Y\nbuilding_blocks: [data-sharing]\n---\n";
    let diags = client.open(&doc, text);
    assert_eq!(diags[0]["code"], json!("unknown-block"), "{diags:?}");
    site.write(
        "content/building-blocks/data-sharing.md",
        "---\ntitle: Data sharing\nsummary: S\nnumber: 3\n---\n",
    );
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&site.root.join("content/building-blocks/data-sharing.md")), "type": 1}]}),
    );
    // The open document is checked again against the new list of blocks.
    assert_eq!(client.diagnostics(&doc), Vec::<Value>::new());
    client.change(&doc, 2, "---\ntitle: X\nbuilding_blocks:\n  - \n---\n");
    assert_eq!(
        client.completion_labels(&doc, 3, 4),
        ["data-sharing", "pooled-resources", "shared-purpose"]
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn bad_input_gets_error_responses_and_the_server_keeps_serving() {
    let site = common::fixture("lsp");
    let mut client = Client::start(&site.root);
    // Before initialize, requests are refused.
    let r = client.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], json!(-32002), "{r}");
    client.initialize(&site.root);
    // Not JSON.
    let body = "{this is not json";
    client.write_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    let r = client.response_to(Value::Null);
    assert_eq!(r["error"]["code"], json!(-32700), "{r}");
    // No header at all.
    client.write_raw(b"hello\r\n\r\n");
    let r = client.response_to(Value::Null);
    assert_eq!(r["error"]["code"], json!(-32700), "{r}");
    // JSON, but not JSON-RPC.
    client.send(json!({"jsonrpc": "2.0", "id": 99, "method": 5}));
    let r = client.response_to(json!(99));
    assert_eq!(r["error"]["code"], json!(-32600), "{r}");
    // Unknown method, and parameters of the wrong shape.
    let r = client.request("no/such/method", json!({}));
    assert_eq!(r["error"]["code"], json!(-32601), "{r}");
    let r = client.request("textDocument/completion", json!({"textDocument": 3}));
    assert_eq!(r["error"]["code"], json!(-32602), "{r}");
    // Positions far outside a document, and a document that is binary garbage.
    let doc = uri(&site.root.join("content/case-studies/x.md"));
    let diags = client.open(&doc, "---\n\u{0}\u{1}\u{7f}: [}{\n");
    assert!(!diags.is_empty());
    let r = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": doc}, "position": {"line": 4000000000u32, "character": 4000000000u32}}),
    );
    assert!(r.get("error").is_none(), "{r}");
    let r = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "untitled:Untitled-1"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r["result"], Value::Null, "{r}");
    // Still serving.
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn exit_without_shutdown_is_an_error_exit() {
    let site = common::fixture("lsp");
    let mut client = Client::start(&site.root);
    client.initialize(&site.root);
    client.notify("exit", Value::Null);
    drop(client.stdin.take());
    assert_eq!(client.child.wait().unwrap().code(), Some(1));
}

#[test]
fn translations_are_pages_of_their_collection_and_a_wrong_language_code_is_named() {
    let site = common::fixture("bilingual");
    let mut client = Client::start(&site.root);
    client.initialize(&site.root);
    // The Welsh case study names its block by the English slug: no diagnostics.
    let path = site.root.join("content/case-studies/cardiff.cy.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(client.open(&uri(&path), &text), Vec::<Value>::new());
    // A code the playbook does not have is the build's error, on the open file.
    let french = uri(&site.root.join("content/case-studies/cardiff.fr.md"));
    let diags = client.open(
        &french,
        "---\ntitle: Cardiff\nplace: Cardiff\n---\nTexte.\n",
    );
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], json!("unknown-language"), "{diags:?}");
    assert_eq!(client.stop(), Some(0));
}
