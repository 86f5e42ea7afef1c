//! The theme's stylesheets and scripts under names that carry a hash of their bytes
//! (`assets/placebook.css` is also written as `assets/placebook.1a2b3c4d.css`), so a
//! host may keep them for a year: a new build that changes a file changes its name,
//! and pages, which hosts ask for again on every visit, name the new one.
//!
//! Templates name them through `asset` (`{{ root }}{{ asset["placebook.css"] }}`). The
//! plain names are written too, for templates written before `asset` existed; those
//! keep a short cache. `serve`'s preview, which is never published, uses the plain
//! names alone, so that a changed stylesheet can be swapped into the open page.

use crate::config::Config;
use crate::output::{StaticFile, StaticSource};
use std::collections::BTreeMap;

/// The folder of the theme's assets in the output.
pub const FOLDER: &str = "assets/";

/// The theme's assets by their name in [`FOLDER`] (`placebook.css`), each with the path
/// of its content-named copy (`assets/placebook.1a2b3c4d.css`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssetNames(BTreeMap<String, String>);

impl AssetNames {
    /// The names of the theme's files under `assets/`, hashed from the bytes that are
    /// published: a site's own `static/assets/x` replaces the theme's `x`. A file that
    /// cannot be read keeps its plain name (copying it then reports the error), as
    /// every file does in a preview (`config.preview`).
    pub fn of(
        config: &Config,
        theme_static: &[StaticFile],
        site_static: &[StaticFile],
    ) -> AssetNames {
        let mut names = BTreeMap::new();
        for theme_file in theme_static {
            let Some(name) = theme_file.output.strip_prefix(FOLDER) else {
                continue;
            };
            let published = site_static
                .iter()
                .find(|s| s.output == theme_file.output)
                .unwrap_or(theme_file);
            let bytes = (!config.preview).then(|| bytes_of(&published.source));
            let path = match bytes.flatten() {
                Some(bytes) => hashed_path(&published.output, &bytes),
                None => published.output.clone(),
            };
            names.insert(name.to_owned(), path);
        }
        AssetNames(names)
    }

    /// The content-named path of the asset `name` (`placebook.css`), if the theme has it.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// Each asset's plain path (`assets/placebook.css`) with its content-named one.
    pub fn plain_and_named(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .map(|(name, path)| (format!("{FOLDER}{name}"), path.clone()))
            .collect()
    }

    /// Every asset's content-named path.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.0.values().map(String::as_str)
    }

    /// The copies to write: each published asset again under its content-named path.
    pub fn copies(&self, statics: &[&StaticFile]) -> Vec<StaticFile> {
        statics
            .iter()
            .filter_map(|s| {
                let name = s.output.strip_prefix(FOLDER)?;
                let path = self.get(name)?;
                (path != s.output).then(|| StaticFile {
                    output: path.to_owned(),
                    source: s.source.clone(),
                    origin: s.origin.clone(),
                })
            })
            .collect()
    }

    /// The names as templates see them (`asset`): a map from `placebook.css` to its
    /// content-named path.
    pub fn to_value(&self) -> tera::Value {
        tera::Value::from_serializable(&self.0)
    }
}

/// A static file's bytes, read from disk when they are not built in.
fn bytes_of(source: &StaticSource) -> Option<std::borrow::Cow<'_, [u8]>> {
    match source {
        StaticSource::Embedded(bytes) => Some(std::borrow::Cow::Borrowed(bytes)),
        StaticSource::Disk(path) => std::fs::read(path).ok().map(std::borrow::Cow::Owned),
    }
}

/// `path` with eight hex digits of the hash of `bytes` before its extension
/// (`assets/a.css` to `assets/a.1a2b3c4d.css`; `assets/LICENSE` to
/// `assets/LICENSE.1a2b3c4d`).
pub fn hashed_path(path: &str, bytes: &[u8]) -> String {
    let hash = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes));
    let short = &hash[..8];
    let (folder, file) = path.rsplit_once('/').unwrap_or(("", path));
    let named = match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{short}.{ext}"),
        _ => format!("{file}.{short}"),
    };
    if folder.is_empty() {
        named
    } else {
        format!("{folder}/{named}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn config() -> Config {
        Config::default_for(std::path::Path::new("."))
    }

    #[test]
    fn a_preview_keeps_the_plain_names() {
        let theme = vec![embedded("assets/a.css", b"theme")];
        let mut preview = config();
        preview.preview = true;
        let names = AssetNames::of(&preview, &theme, &[]);
        assert_eq!(names.get("a.css"), Some("assets/a.css"));
        assert!(names.copies(&theme.iter().collect::<Vec<_>>()).is_empty());
    }

    fn embedded(output: &str, bytes: &'static [u8]) -> StaticFile {
        StaticFile {
            output: output.into(),
            source: StaticSource::Embedded(Cow::Borrowed(bytes)),
            origin: format!("(test) {output}"),
        }
    }

    #[test]
    fn the_hash_goes_before_the_extension() {
        let a = hashed_path("assets/placebook.css", b"body{}");
        assert!(a.starts_with("assets/placebook.") && a.ends_with(".css"));
        assert_eq!(a.len(), "assets/placebook.12345678.css".len());
        assert_eq!(hashed_path("assets/placebook.css", b"body{}"), a);
        assert_ne!(hashed_path("assets/placebook.css", b"body{ }"), a);
        let plain = hashed_path("assets/LICENSE", b"x");
        assert!(plain.starts_with("assets/LICENSE.") && plain.len() == 23);
        let dotfile = hashed_path(".nojekyll", b"");
        assert!(dotfile.starts_with(".nojekyll."));
    }

    #[test]
    fn only_assets_are_named_and_the_sites_copy_decides_the_hash() {
        let theme = vec![
            embedded("assets/a.css", b"theme"),
            embedded("favicon.svg", b"<svg/>"),
        ];
        let names = AssetNames::of(&config(), &theme, &[]);
        assert_eq!(names.paths().count(), 1);
        assert_eq!(
            names.get("a.css"),
            Some(hashed_path("assets/a.css", b"theme").as_str())
        );
        let site = vec![embedded("assets/a.css", b"the site's own")];
        let replaced = AssetNames::of(&config(), &theme, &site);
        assert_eq!(
            replaced.get("a.css"),
            Some(hashed_path("assets/a.css", b"the site's own").as_str())
        );
    }

    #[test]
    fn copies_take_the_published_source() {
        let theme = vec![embedded("assets/a.js", b"1"), embedded("robots.txt", b"")];
        let names = AssetNames::of(&config(), &theme, &[]);
        let statics: Vec<&StaticFile> = theme.iter().collect();
        let copies = names.copies(&statics);
        assert_eq!(copies.len(), 1);
        assert_eq!(copies[0].output, names.get("a.js").unwrap_or_default());
    }
}
