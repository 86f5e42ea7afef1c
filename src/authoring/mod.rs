//! Help for authors who are not programmers, all derived from the same front-matter
//! types and [`FIELDS`](crate::content::front_matter::FIELDS) table the loader uses:
//!
//! - [`new_page`]: `placebook new <collection> "<Title>"` writes a page with every field
//!   of its kind, ready to fill in.
//! - [`schema`]: `placebook schema` writes one JSON Schema per collection, for editors.
//! - [`cms`]: with `cms:` in `placebook.yaml`, `placebook build` also writes a Decap CMS
//!   editing screen into `admin/`.
//!
//! [`fields`] is what the three share: which fields a kind has, what each holds, and
//! which building blocks a site has.

pub mod cms;
pub mod fields;
pub mod new_page;
pub mod schema;
