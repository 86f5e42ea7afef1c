//! placebook: a static site generator for place playbooks.
//!
//! The pipeline, one module per step, data flowing one way (see docs/architecture.md):
//!
//! 1. [`config`]: read `placebook.yaml` (or defaults).
//! 2. [`content`]: walk `content/`, decode each file, split and type its front matter.
//! 3. [`address`]: give every page its slug and output folder, so links can be resolved.
//! 4. [`markdown`]: render each body (in parallel), rewriting links and collecting
//!    headings, table of contents and link problems.
//! 5. [`model`]: assemble the immutable [`model::Site`]: collections, backlinks,
//!    related blocks, previous/next, taxonomies.
//! 6. [`plan`]: every file the site writes, with its address and what makes it.
//! 7. [`render`] with [`theme`] and [`views`]: each page of the plan through its Tera
//!    template; [`feeds`] for sitemap, Atom and robots.txt; [`search`] for the index.
//! 8. [`output`]: the one writer, into a staging folder swapped in only on success, or
//!    in place for a folder placebook wrote.
//!
//! [`build`](mod@build) runs the steps, and owns the per-page step that [`rebuild`]
//! shares; [`diagnostic`] carries every problem with its location.
//! [`check`] runs the same steps without writing, plus checks of the content's quality.
//! [`lsp`] is a language server giving editors the same checks while a page is typed.
//! [`serve`] serves the output, with [`watch`] and [`rebuild`] redoing only what an edit
//! changed. [`cli`] is the command line; `main.rs` only calls it.

// Diagnostics travel on the cold error path only; boxing them would add noise to every
// signature for no measurable gain.
#![allow(clippy::result_large_err)]

pub mod address;
#[cfg(test)]
mod architecture_tests;
pub mod authoring;
pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod dates;
pub mod diagnostic;
pub mod feeds;
pub mod gitdates;
pub mod images;
pub mod init;
pub mod lsp;
pub mod markdown;
pub mod model;
pub mod output;
pub mod plan;
pub mod rebuild;
pub mod render;
pub mod search;
pub mod serve;
pub mod slug;
pub mod theme;
pub mod views;
pub mod watch;
pub mod yaml;

pub use build::{BuildOptions, BuildReport, build};
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
