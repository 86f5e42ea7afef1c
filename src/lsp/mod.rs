//! `placebook lsp`: a language server for the front matter of a site's pages, over
//! standard input and output.
//!
//! While a page is edited it runs the build's own loader on the editor's text and
//! reports the same problems `placebook build` would, at their exact place; it
//! completes field names of the page's kind, building-block slugs, taxonomy terms and
//! other known values; and it explains a field on hover. It reads the rest of the site
//! (config, blocks, terms) once, and again when a file is saved or created.
//!
//! - [`transport`]: messages framed with `Content-Length`, robust to bad input.
//! - [`server`]: the message loop and the documents open in the editor.
//! - [`site`]: what is known of the site on disk.
//! - [`check`]: one document's problems, as the protocol's diagnostics.
//! - [`cursor`]: where in the front matter a position is.
//! - [`complete`] and [`hover`]: the answers to those requests.
//! - [`position`] and [`uri`]: the protocol's positions (UTF-16) and file URIs.

pub mod check;
pub mod complete;
pub mod cursor;
pub mod hover;
pub mod position;
pub mod server;
pub mod site;
pub mod transport;
pub mod uri;

/// Serves the protocol on standard input and output until the editor says `exit`;
/// returns the process's exit code (0 after a proper shutdown).
pub fn run() -> i32 {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let server = server::Server::new(stdout.lock());
    match server.serve(&mut stdin.lock()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("placebook lsp: {e}");
            1
        }
    }
}
