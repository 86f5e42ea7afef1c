//! The server's state and its message loop: documents open in the editor, the sites they
//! belong to, and one handler per protocol method.

use super::check;
use super::complete::{self, Request as CompletionRequest};
use super::hover;
use super::position;
use super::site::{self, SiteIndex};
use super::transport::{self, Incoming};
use super::uri;
use crate::config::CONFIG_FILE;
use crate::content::{self, DocPlace};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response, ResponseError};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CompletionOptions, CompletionParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams, HoverParams,
    HoverProviderCapability, InitializeParams, InitializeResult, PublishDiagnosticsParams,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{self, BufRead, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// A document open in the editor.
struct Document {
    uri: Uri,
    text: String,
    version: i32,
}

/// Where the lifecycle is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Waiting for `initialize`.
    Uninitialized,
    /// Serving.
    Running,
    /// `shutdown` received: waiting for `exit`.
    ShuttingDown,
}

/// The language server.
pub struct Server<W: Write> {
    out: W,
    phase: Phase,
    workspace: Vec<PathBuf>,
    sites: HashMap<PathBuf, SiteIndex>,
    docs: HashMap<String, Document>,
    snippets: bool,
    watch_registration: bool,
}

/// A handler's failure, answered as a JSON-RPC error.
type Failure = (ErrorCode, String);

impl<W: Write> Server<W> {
    /// A server writing its messages to `out`.
    pub fn new(out: W) -> Self {
        Server {
            out,
            phase: Phase::Uninitialized,
            workspace: Vec::new(),
            sites: HashMap::new(),
            docs: HashMap::new(),
            snippets: false,
            watch_registration: false,
        }
    }

    /// Serves messages from `input` until `exit` or the end of the input. The exit code
    /// is 0 after a `shutdown` request, 1 otherwise (as the protocol asks).
    pub fn serve(mut self, input: &mut impl BufRead) -> io::Result<i32> {
        loop {
            match transport::read(input)? {
                Incoming::End => return Ok(self.exit_code()),
                Incoming::Invalid { id, code, message } => {
                    transport::write_error(&mut self.out, id, code, &message)?;
                }
                Incoming::Message(Message::Request(r)) => self.request(r)?,
                Incoming::Message(Message::Notification(n)) => {
                    if n.method == note::Exit::METHOD {
                        return Ok(self.exit_code());
                    }
                    let method = n.method.clone();
                    if catch_unwind(AssertUnwindSafe(|| self.notification(n))).is_err() {
                        eprintln!("placebook lsp: an internal error while handling {method}");
                    }
                }
                // Answers to our own requests (such as registering file watchers).
                Incoming::Message(Message::Response(_)) => {}
            }
            self.out.flush()?;
        }
    }

    fn exit_code(&self) -> i32 {
        i32::from(self.phase != Phase::ShuttingDown)
    }

    fn send(&mut self, message: impl Into<Message>) {
        if let Err(e) = transport::write(&mut self.out, message.into()) {
            eprintln!("placebook lsp: cannot write to the editor: {e}");
        }
    }

    fn request(&mut self, r: Request) -> io::Result<()> {
        let id = r.id.clone();
        let result = match (self.phase, r.method.as_str()) {
            (Phase::Uninitialized, req::Initialize::METHOD) => Ok(self.initialize(r.params)),
            (Phase::Uninitialized, _) => Err((
                ErrorCode::ServerNotInitialized,
                "the server is not initialized yet".to_owned(),
            )),
            (Phase::ShuttingDown, _) => Err((
                ErrorCode::InvalidRequest,
                "the server is shutting down".to_owned(),
            )),
            (Phase::Running, req::Shutdown::METHOD) => {
                self.phase = Phase::ShuttingDown;
                Ok(Value::Null)
            }
            (Phase::Running, _) => {
                match catch_unwind(AssertUnwindSafe(|| self.running_request(&r))) {
                    Ok(result) => result,
                    Err(_) => Err((
                        ErrorCode::InternalError,
                        format!("an internal error while handling {}", r.method),
                    )),
                }
            }
        };
        self.respond(id, result);
        Ok(())
    }

    fn respond(&mut self, id: RequestId, result: Result<Value, Failure>) {
        let response = Response {
            id,
            response_result: result.map_err(|(code, message)| ResponseError {
                code: code as i32,
                message,
                data: None,
            }),
        };
        self.send(response);
    }

    fn running_request(&mut self, r: &Request) -> Result<Value, Failure> {
        match r.method.as_str() {
            req::Completion::METHOD => {
                let p: CompletionParams = params(&r.params)?;
                let items = self.completion(&p);
                Ok(json!(items))
            }
            req::HoverRequest::METHOD => {
                let p: HoverParams = params(&r.params)?;
                Ok(json!(self.hover(&p)))
            }
            req::Initialize::METHOD => Err((
                ErrorCode::InvalidRequest,
                "the server is already initialized".to_owned(),
            )),
            other => Err((
                ErrorCode::MethodNotFound,
                format!("placebook lsp does not handle `{other}`"),
            )),
        }
    }

    fn initialize(&mut self, raw: Value) -> Value {
        // A client that sends odd parameters still gets a server; it just knows less.
        let p: Option<InitializeParams> = serde_json::from_value(raw).ok();
        if let Some(p) = &p {
            self.snippets = p
                .capabilities
                .text_document
                .as_ref()
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.snippet_support)
                .unwrap_or(false);
            self.watch_registration = p
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
            let mut roots: Vec<PathBuf> = p
                .workspace_folders
                .iter()
                .flatten()
                .filter_map(|f| uri::to_path(&f.uri))
                .collect();
            #[allow(deprecated)]
            if roots.is_empty()
                && let Some(root) = p.root_uri.as_ref().and_then(uri::to_path)
            {
                roots.push(root);
            }
            self.workspace = roots;
        }
        for root in self.workspace.clone() {
            if site::is_site(&root) {
                self.sites.insert(root.clone(), SiteIndex::load(&root));
            }
        }
        self.phase = Phase::Running;
        let trigger = [":", " ", "-", "[", ","].map(str::to_owned).to_vec();
        let result = InitializeResult {
            capabilities: ServerCapabilities {
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::FULL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(trigger),
                    ..CompletionOptions::default()
                }),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "placebook".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
        };
        serde_json::to_value(result).unwrap_or(Value::Null)
    }

    fn notification(&mut self, n: Notification) {
        if self.phase == Phase::Uninitialized {
            return;
        }
        match n.method.as_str() {
            note::Initialized::METHOD => self.register_watchers(),
            note::DidOpenTextDocument::METHOD => {
                if let Ok(p) = params::<DidOpenTextDocumentParams>(&n.params) {
                    let d = p.text_document;
                    let key = d.uri.as_str().to_owned();
                    self.docs.insert(
                        key.clone(),
                        Document {
                            uri: d.uri,
                            text: d.text,
                            version: d.version,
                        },
                    );
                    self.publish(&key);
                }
            }
            note::DidChangeTextDocument::METHOD => {
                if let Ok(p) = params::<DidChangeTextDocumentParams>(&n.params) {
                    let key = p.text_document.uri.as_str().to_owned();
                    if let Some(doc) = self.docs.get_mut(&key) {
                        for change in p.content_changes {
                            match change.range {
                                Some(range) => {
                                    position::apply_edit(&mut doc.text, range, &change.text)
                                }
                                None => doc.text = change.text,
                            }
                        }
                        doc.version = p.text_document.version;
                        self.publish(&key);
                    }
                }
            }
            note::DidCloseTextDocument::METHOD => {
                if let Ok(p) = params::<DidCloseTextDocumentParams>(&n.params)
                    && let Some(doc) = self.docs.remove(p.text_document.uri.as_str())
                {
                    self.send_diagnostics(doc.uri, Vec::new(), None);
                }
            }
            note::DidSaveTextDocument::METHOD => {
                if let Ok(p) = params::<DidSaveTextDocumentParams>(&n.params)
                    && let Some(path) = uri::to_path(&p.text_document.uri)
                {
                    self.refresh(&[path]);
                }
            }
            note::DidChangeWatchedFiles::METHOD => {
                if let Ok(p) = params::<DidChangeWatchedFilesParams>(&n.params) {
                    let paths: Vec<PathBuf> = p
                        .changes
                        .iter()
                        .filter_map(|c| uri::to_path(&c.uri))
                        .collect();
                    self.refresh(&paths);
                }
            }
            _ => {}
        }
    }

    /// Asks the editor to report created, changed and deleted pages and configs, so the
    /// known blocks and terms follow files changed outside the editor too.
    fn register_watchers(&mut self) {
        if !self.watch_registration {
            return;
        }
        let params = json!({
            "registrations": [{
                "id": "placebook-files",
                "method": note::DidChangeWatchedFiles::METHOD,
                "registerOptions": { "watchers": [
                    { "globPattern": "**/*.{md,markdown}" },
                    { "globPattern": format!("**/{CONFIG_FILE}") }
                ]}
            }]
        });
        self.send(Request {
            id: RequestId::from("placebook-register-watchers".to_owned()),
            method: req::RegisterCapability::METHOD.to_owned(),
            params,
        });
    }

    /// Reloads the sites these files belong to and checks their open documents again.
    fn refresh(&mut self, paths: &[PathBuf]) {
        let mut roots: Vec<PathBuf> = paths.iter().filter_map(|p| self.root_of(p)).collect();
        roots.sort();
        roots.dedup();
        for root in &roots {
            let index = SiteIndex::load(root);
            self.sites.insert(root.clone(), index);
            self.publish_config(root);
        }
        let open: Vec<String> = self
            .docs
            .iter()
            .filter(|(_, d)| {
                uri::to_path(&d.uri)
                    .and_then(|p| self.root_of(&p))
                    .is_some_and(|r| roots.contains(&r))
            })
            .map(|(k, _)| k.clone())
            .collect();
        for key in open {
            self.publish(&key);
        }
    }

    /// The site a file belongs to: found from the file, or a workspace folder holding it.
    fn root_of(&self, file: &Path) -> Option<PathBuf> {
        site::find_root(file).or_else(|| {
            self.workspace
                .iter()
                .find(|w| file.starts_with(w) && site::is_site(w))
                .cloned()
        })
    }

    /// The site of a document (loading it the first time) and the document's place in it,
    /// when it is a markdown file under the site's `content/`.
    fn site_of(&mut self, doc_uri: &Uri) -> Option<(&SiteIndex, String)> {
        let path = uri::to_path(doc_uri)?;
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        if ext != "md" && ext != "markdown" {
            return None;
        }
        let root = self.root_of(&path)?;
        if !self.sites.contains_key(&root) {
            self.sites.insert(root.clone(), SiteIndex::load(&root));
            self.publish_config(&root);
        }
        let site = self.sites.get(&root)?;
        let content_path = site.content_path(&path)?;
        Some((site, content_path))
    }

    /// Checks an open document and sends its diagnostics (none outside a site).
    fn publish(&mut self, key: &str) {
        let Some(doc) = self.docs.get(key) else {
            return;
        };
        let (doc_uri, text, version) = (doc.uri.clone(), doc.text.clone(), doc.version);
        let lines = position::lines(&text);
        let diagnostics = match self.site_of(&doc_uri) {
            Some((site, content_path)) => check::problems(site, &content_path, &text)
                .iter()
                .map(|d| check::to_lsp(d, &text, &lines))
                .collect(),
            None => Vec::new(),
        };
        self.send_diagnostics(doc_uri, diagnostics, Some(version));
    }

    /// Sends the errors of a site's `placebook.yaml` (or none, clearing old ones).
    fn publish_config(&mut self, root: &Path) {
        let Some(site) = self.sites.get(root) else {
            return;
        };
        let path = root.join(CONFIG_FILE);
        let Some(config_uri) = uri::from_path(&path) else {
            return;
        };
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let lines = position::lines(&text);
        let diagnostics = site
            .config_errors
            .iter()
            .map(|d| check::to_lsp(d, &text, &lines))
            .collect();
        self.send_diagnostics(config_uri, diagnostics, None);
    }

    fn send_diagnostics(
        &mut self,
        uri: Uri,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification {
            method: note::PublishDiagnostics::METHOD.to_owned(),
            params: serde_json::to_value(params).unwrap_or(Value::Null),
        });
    }

    /// The open document at `doc_uri` with its site and place, for completion and hover.
    fn open_doc(&mut self, doc_uri: &Uri) -> Option<(String, &SiteIndex, DocPlace)> {
        let text = self.docs.get(doc_uri.as_str())?.text.clone();
        let (site, content_path) = self.site_of(doc_uri)?;
        let place = content::place_of(&content_path, &site.config).ok()?;
        Some((text, site, place))
    }

    fn completion(&mut self, p: &CompletionParams) -> Vec<lsp_types::CompletionItem> {
        let at = &p.text_document_position;
        let snippets = self.snippets;
        let Some((text, site, place)) = self.open_doc(&at.text_document.uri) else {
            return Vec::new();
        };
        let lines = position::lines(&text);
        complete::complete(&CompletionRequest {
            site,
            place: &place,
            lines: &lines,
            line: at.position.line as usize,
            character: at.position.character,
            snippets,
        })
    }

    fn hover(&mut self, p: &HoverParams) -> Option<lsp_types::Hover> {
        let at = &p.text_document_position_params;
        let (text, _, place) = self.open_doc(&at.text_document.uri)?;
        let lines = position::lines(&text);
        hover::hover(
            &lines,
            at.position.line as usize,
            at.position.character,
            place.kind,
        )
    }
}

fn params<T: serde::de::DeserializeOwned>(raw: &Value) -> Result<T, Failure> {
    serde_json::from_value(raw.clone())
        .map_err(|e| (ErrorCode::InvalidParams, format!("invalid parameters: {e}")))
}
