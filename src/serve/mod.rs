//! `placebook serve`: build the site, serve its output over HTTP, watch its sources,
//! rebuild only what changed ([`crate::rebuild`]) and tell open pages to reload, or show
//! the errors over the page while the last good site stays served.
//!
//! The preview is written to a folder of its own, [`preview_dir`], never to the folder
//! `build` writes: its links, sitemap, feed and robots.txt name the local address, so it
//! is not a site to publish.
//!
//! Three parts run side by side: the HTTP server ([`http`], on a Tokio runtime), the
//! watcher ([`crate::watch`]) and one rebuild thread that owns the in-memory site and
//! sends messages through the live-reload hub ([`live`]).

pub mod files;
pub mod http;
pub mod live;

use crate::build::BuildOptions;
use crate::diagnostic::Diagnostics;
use crate::rebuild::{Outcome, Update, Workspace, classify};
use crate::watch::{Batch, Watcher};
use live::Live;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The port tried first when none is given.
pub const DEFAULT_PORT: u16 = 4000;
/// How long edits must pause before the sitemap, feed and search index are rewritten:
/// not at all beyond the watcher's own quiet time (`watch::QUIET`). The index is kept
/// between edits and refreshed in tens of milliseconds, so a save that comes meanwhile
/// waits no longer than that; saves already waiting are applied first.
const EXTRAS_AFTER: Duration = Duration::ZERO;
/// How many ports after the default are tried when it is taken.
const PORT_TRIES: u16 = 20;
/// The folder, in the cache folder, that serve writes its preview to.
pub const PREVIEW_DIR: &str = "serve";

/// Where `serve` writes the preview of the site at `root` unless told otherwise:
/// `<root>/.placebook-cache/serve/`, beside the link cache, a folder nobody publishes
/// (`placebook init` puts it in `.gitignore`).
pub fn preview_dir(root: &Path) -> PathBuf {
    root.join(crate::check::cache::CACHE_DIR).join(PREVIEW_DIR)
}

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site, whether drafts are included, and the output folder: `None` for
    /// [`preview_dir`].
    pub build: BuildOptions,
    /// The address to listen on (127.0.0.1 unless asked otherwise).
    pub bind: IpAddr,
    /// The port; `None` for the default (or the next free one), 0 for any free port.
    pub port: Option<u16>,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The port asked for is taken.
    #[error(
        "port {port} on {bind} is already in use; stop the program using it, or choose another port with --port (or leave --port out to use the next free one)"
    )]
    PortInUse {
        /// The address.
        bind: IpAddr,
        /// The port.
        port: u16,
    },
    /// The address cannot be listened on.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The file watcher could not start.
    #[error(
        "cannot watch the site's files: {0} (on Linux, raising fs.inotify.max_user_watches may help)"
    )]
    Watch(#[from] notify::Error),
    /// The HTTP server failed.
    #[error("the web server stopped: {0}")]
    Server(std::io::Error),
}

/// What the server has to say, for the command line to print.
pub trait Reporter: Send + 'static {
    /// The site is served at `url`; `note` says why it is not the port asked for.
    fn serving(&mut self, url: &str, output: &std::path::Path, note: Option<&str>);
    /// The first build succeeded, with `pages` pages and these warnings.
    fn built(&mut self, pages: usize, warnings: &Diagnostics);
    /// Files were rewritten after a change.
    fn updated(&mut self, update: &Update);
    /// The site has errors; the last good version stays served.
    fn failed(&mut self, errors: &Diagnostics);
    /// The errors are gone.
    fn recovered(&mut self);
    /// A problem with watching (watching goes on).
    fn watch_problem(&mut self, message: &str);
}

/// Binds the listening socket: the port asked for, or the default and, if it is taken,
/// the next free one (with a note saying so).
pub fn bind(bind: IpAddr, port: Option<u16>) -> Result<(TcpListener, Option<String>), ServeError> {
    let try_bind = |port: u16| {
        let addr = SocketAddr::new(bind, port);
        TcpListener::bind(addr).map_err(|source| {
            if source.kind() == std::io::ErrorKind::AddrInUse {
                ServeError::PortInUse { bind, port }
            } else {
                ServeError::Bind { addr, source }
            }
        })
    };
    match port {
        Some(p) => try_bind(p).map(|l| (l, None)),
        None => {
            for p in DEFAULT_PORT..DEFAULT_PORT + PORT_TRIES {
                match try_bind(p) {
                    Ok(l) => {
                        let note = (p != DEFAULT_PORT).then(|| {
                            format!("port {DEFAULT_PORT} is in use, so placebook is using port {p}")
                        });
                        return Ok((l, note));
                    }
                    Err(ServeError::PortInUse { .. }) => continue,
                    Err(e) => return Err(e),
                }
            }
            Err(ServeError::PortInUse {
                bind,
                port: DEFAULT_PORT + PORT_TRIES - 1,
            })
        }
    }
}

/// Builds, serves and watches the site until the process is stopped.
pub fn serve(opts: ServeOptions, mut reporter: impl Reporter) -> Result<(), ServeError> {
    let (listener, note) = bind(opts.bind, opts.port)?;
    let addr = listener.local_addr().map_err(|source| ServeError::Bind {
        addr: SocketAddr::new(opts.bind, opts.port.unwrap_or(DEFAULT_PORT)),
        source,
    })?;
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_owned(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", addr.port());
    let mut build = opts.build.clone();
    if build.output.is_none() {
        build.output = Some(preview_dir(&build.root));
    }
    // Links are relative; this makes the sitemap, feed and 404 page point here.
    build.base_url = Some(url.clone());
    // The watcher reports absolute paths. The site keeps the path it was given, so that
    // messages name files as the user would.
    let root = build
        .root
        .canonicalize()
        .unwrap_or_else(|_| build.root.clone());

    let live = Arc::new(Live::default());
    let workspace = Workspace::start(build);
    match workspace.errors() {
        Some(errors) => {
            live.failed(errors);
            reporter.failed(errors);
        }
        None => reporter.built(workspace.page_count(), &workspace.warnings()),
    }
    let output = workspace.output().to_path_buf();
    let watcher = Watcher::start(&root)?;
    reporter.serving(&url, &output, note.as_deref());
    if opts.open {
        open_browser(&url);
    }

    let hub = Arc::clone(&live);
    std::thread::spawn(move || rebuild_loop(workspace, watcher, &root, &hub, &mut reporter));
    run_http(listener, output, live)
}

fn run_http(listener: TcpListener, output: PathBuf, live: Arc<Live>) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Server)?;
    runtime.block_on(async move {
        listener.set_nonblocking(true).map_err(ServeError::Server)?;
        let listener = tokio::net::TcpListener::from_std(listener).map_err(ServeError::Server)?;
        axum::serve(listener, http::router(output, live))
            .await
            .map_err(ServeError::Server)
    })
}

/// Reloads an open search page that `written` rewrote: it names its index's manifest,
/// which a new index renames (and the old one is removed).
fn reload_search_pages(live: &Live, written: Vec<String>) {
    let pages: Vec<String> = written
        .into_iter()
        .filter(|p| p.ends_with(crate::search::PAGE))
        .collect();
    if !pages.is_empty() {
        live.updated(&Update {
            written: pages,
            removed: Vec::new(),
            rendered: 0,
            full: false,
            warnings: Diagnostics::new(),
            elapsed: Duration::ZERO,
        });
    }
}

/// Waits for changes and applies them, one batch at a time, until the watcher stops.
fn rebuild_loop(
    mut workspace: Workspace,
    mut watcher: Watcher,
    root: &Path,
    live: &Live,
    reporter: &mut impl Reporter,
) {
    // Sitemap, feed and search index, then the pages an edit left for later, wait
    // until no save is waiting (see `EXTRAS_AFTER`), so that saves already made are
    // applied first.
    let mut extras_due = false;
    let mut pending: Option<Pending> = None;
    loop {
        let wait = (extras_due || pending.is_some()).then_some(EXTRAS_AFTER);
        let mut paths = match watcher.next_batch(wait) {
            Ok(Batch::Paths(p)) => p,
            Ok(Batch::Quiet) => {
                if std::mem::take(&mut extras_due) {
                    refresh_extras(&mut workspace, live);
                }
                if let Some(edit) = pending.take() {
                    finish(&mut workspace, edit, live, reporter);
                }
                live.idle();
                continue;
            }
            Ok(Batch::Stopped) => return,
            Err(e) => {
                reporter.watch_problem(&e);
                continue;
            }
        };
        // The next edit starts from a site whose every page is written.
        if let Some(edit) = pending.take() {
            finish(&mut workspace, edit, live, reporter);
        }
        // An editor saving by "rename the old file away, write the new one" leaves a
        // moment with no file: give it that moment before calling the page deleted.
        if paths
            .iter()
            .any(|p| crate::content::is_markdown(p) && !p.exists())
        {
            std::thread::sleep(Duration::from_millis(60));
            paths.extend(watcher.drain().unwrap_or_default());
        }
        if let Err(e) = watcher.watch_new_folders() {
            reporter.watch_problem(&e.to_string());
        }
        let changes = classify(root, &workspace.theme_name(), &paths);
        match apply(&mut workspace, &changes, live, reporter) {
            Applied::Done { written } => extras_due |= written,
            Applied::Later(edit) => {
                extras_due = true;
                pending = Some(edit);
            }
        }
    }
}

/// Writes the sitemap, feed and search index of the site as it now is, and says so.
fn refresh_extras(workspace: &mut Workspace, live: &Live) {
    let written = workspace.refresh_extras();
    // While the site has errors the pages keep showing them, not a reload.
    if workspace.errors().is_none() {
        reload_search_pages(live, written);
    }
    live.indexed();
}

/// An edit whose open pages are written and whose other pages are left for later.
struct Pending {
    /// What writing the open pages did.
    first: Outcome,
    /// Whether the site had errors before the edit.
    had_errors: bool,
}

/// What [`apply`] did.
enum Applied {
    /// The edit is written in full; `written` says whether anything was.
    Done { written: bool },
    /// The open pages are written; the rest wait, held, for [`finish`].
    Later(Pending),
}

/// Applies `changes`: the pages open in a browser first, which are told to reload.
/// When the edit renders more pages than those, the rest are held (requests for them
/// wait) and left for [`finish`].
fn apply(
    workspace: &mut Workspace,
    changes: &crate::rebuild::Changes,
    live: &Live,
    reporter: &mut impl Reporter,
) -> Applied {
    let had_errors = workspace.errors().is_some();
    workspace.set_open(live.open_files());
    let first = workspace.apply(changes);
    // The pages left for later are held before any page reloads, so that none is
    // served before it is written.
    let deferred = workspace.deferred_files();
    let held = !deferred.is_empty();
    if held {
        live.hold(deferred);
    }
    if let Outcome::Updated(update) = &first {
        // Pages hear the errors are gone before they reload.
        if had_errors && live.recovered() {
            reporter.recovered();
        }
        live.updated(update);
    }
    let edit = Pending { first, had_errors };
    if held {
        return Applied::Later(edit);
    }
    Applied::Done {
        written: report(workspace, edit, Outcome::Unchanged, live, reporter),
    }
}

/// Writes the pages `edit` left for later, lets requests for them through, and reports
/// the whole edit.
fn finish(workspace: &mut Workspace, edit: Pending, live: &Live, reporter: &mut impl Reporter) {
    let later = workspace.finish_deferred();
    live.release();
    report(workspace, edit, later, live, reporter);
}

/// Reports an edit written in two parts (the open pages, then `later`) and returns
/// whether anything was written.
fn report(
    workspace: &Workspace,
    edit: Pending,
    later: Outcome,
    live: &Live,
    reporter: &mut impl Reporter,
) -> bool {
    match Outcome::joined(edit.first, later) {
        Outcome::Unchanged => {
            if edit.had_errors && workspace.errors().is_none() && live.recovered() {
                reporter.recovered();
            }
            false
        }
        Outcome::Updated(update) => {
            if edit.had_errors && live.recovered() {
                reporter.recovered();
            }
            reporter.updated(&update);
            true
        }
        Outcome::Failed(errors) => {
            live.failed(&errors);
            reporter.failed(&errors);
            false
        }
    }
}

/// Opens `url` in the default browser, if the system has a way to.
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let _ = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_port_is_an_error_when_asked_for_and_skipped_otherwise() {
        let local = IpAddr::from([127, 0, 0, 1]);
        let (held, _) = bind(local, Some(0)).unwrap();
        let port = held.local_addr().unwrap().port();
        let err = bind(local, Some(port)).unwrap_err();
        assert!(matches!(err, ServeError::PortInUse { port: p, .. } if p == port));
        assert!(err.to_string().contains("--port"), "{err}");
    }
}
