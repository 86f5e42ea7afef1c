//! The HTTP side of `placebook serve`: the output folder's files (HTML pages with the
//! live-reload script added), the script itself, and the stream of live-reload events.

use super::files::{self, Resolved};
use super::live::Live;
use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// Where the live-reload script is served.
pub const SCRIPT_URL: &str = "/__placebook/live.js";
/// Where browsers listen for live-reload events (server-sent events).
pub const EVENTS_URL: &str = "/__placebook/events";
const SCRIPT: &str = include_str!("live.js");
const NOT_BUILT: &str = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Not found</title>\
<body><main><h1>Nothing here yet</h1><p>There is no page at this address. If the site has \
errors, they are listed over this page and in the terminal; it reloads by itself once the \
site builds.</p></main></body></html>";

struct Served {
    output: PathBuf,
    live: Arc<Live>,
}

/// The server's routes over the output folder `output`, with events from `live`.
pub fn router(output: PathBuf, live: Arc<Live>) -> Router {
    Router::new()
        .route(SCRIPT_URL, get(script))
        .route(EVENTS_URL, get(events))
        .fallback(file)
        .with_state(Arc::new(Served { output, live }))
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        SCRIPT,
    )
        .into_response()
}

/// What a page's live-reload script says when it listens: its own address.
#[derive(serde::Deserialize)]
struct Listener {
    page: Option<String>,
}

/// The event stream of one page, which counts as open (rendered first after an edit)
/// while the stream lasts.
async fn events(
    State(served): State<Arc<Served>>,
    Query(listener): Query<Listener>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe before reading the state, so no message falls between the two.
    let rx = served.live.subscribe();
    let hello = served.live.hello();
    let open = listener
        .page
        .as_deref()
        .and_then(files::page_file)
        .map(|file| served.live.open_page(file));
    let first = stream::once(async move { Ok(Event::default().data(hello)) });
    let rest = stream::unfold((rx, open), |(mut rx, open)| async move {
        match rx.recv().await {
            Ok(msg) => Some((Ok(Event::default().data(msg)), (rx, open))),
            // Too slow to keep up: whatever was missed, reloading shows it.
            Err(RecvError::Lagged(_)) => {
                Some((Ok(Event::default().data(Live::reload_all())), (rx, open)))
            }
            Err(RecvError::Closed) => None,
        }
    });
    Sse::new(first.chain(rest)).keep_alive(KeepAlive::default())
}

/// How long a request for a page still being rendered after an edit waits for it.
const BACKLOG_WAIT: Duration = Duration::from_secs(30);

async fn file(State(served): State<Arc<Served>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            "Only GET and HEAD are served.\n",
        )
            .into_response();
    }
    let output = served.output.clone();
    let path = uri.path().to_owned();
    let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    let live = Arc::clone(&served.live);
    let result = tokio::task::spawn_blocking(move || {
        if let Some(file) = files::page_file(&path) {
            live.wait_for(&file, BACKLOG_WAIT);
        }
        match files::resolve(&output, &path) {
            Resolved::File(p) => std::fs::read(&p).map(|b| (StatusCode::OK, p, b)).ok(),
            Resolved::AddSlash(to) => {
                return Err((StatusCode::MOVED_PERMANENTLY, Some(format!("{to}{query}"))));
            }
            Resolved::Refused => return Err((StatusCode::FORBIDDEN, None)),
            Resolved::NotFound => None,
        }
        .or_else(|| {
            let p = output.join("404.html");
            std::fs::read(&p)
                .ok()
                .map(|b| (StatusCode::NOT_FOUND, p, b))
        })
        .ok_or((StatusCode::NOT_FOUND, None))
    })
    .await;
    match result {
        Ok(Ok((status, path, bytes))) => {
            let kind = files::content_type(&path);
            let body = if kind.starts_with("text/html") {
                files::inject_script(&bytes, SCRIPT_URL)
            } else {
                bytes
            };
            let mut response = Response::new(Body::from(body));
            *response.status_mut() = status;
            let headers = response.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&kind) {
                headers.insert(header::CONTENT_TYPE, v);
            }
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Ok(Err((StatusCode::MOVED_PERMANENTLY, Some(to)))) => {
            let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(v) = HeaderValue::from_str(&to) {
                response.headers_mut().insert(header::LOCATION, v);
            }
            response
        }
        Ok(Err((StatusCode::FORBIDDEN, _))) => (
            StatusCode::FORBIDDEN,
            "That address points outside the site, so it is not served.\n",
        )
            .into_response(),
        // No such file and no 404 page (the site has not built yet, say): a page of our
        // own, with the live-reload script, so the errors still show in the browser and
        // the page reloads once the site builds.
        _ => {
            let page = files::inject_script(NOT_BUILT.as_bytes(), SCRIPT_URL);
            let mut response = Response::new(Body::from(page));
            *response.status_mut() = StatusCode::NOT_FOUND;
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            response
        }
    }
}
