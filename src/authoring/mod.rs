//! Help for authors who are not programmers, all derived from the same front-matter
//! types and [`FIELDS`](crate::content::front_matter::FIELDS) table the loader uses:
//!
//! - [`new_page`]: `placebook new <collection> "<Title>"` writes a page with every field
//!   of its kind, ready to fill in.
//! - [`schema`]: `placebook schema` writes one JSON Schema per collection, for editors.
//! - [`translate`]: `placebook translate <page>` writes a page's translation beside it,
//!   ready to translate, in a playbook of several languages.
//!
//! The Decap CMS editing screen (`admin/`) is an output of the build, written by
//! [`crate::output::cms`] from the same [`fields`].
//!
//! [`fields`] is what they share: which fields a kind has, what each holds, and
//! which building blocks a site has.

pub mod fields;
pub mod new_page;
pub mod schema;
pub mod translate;
