//! `placebook init`: scaffolds a small, working playbook.

use crate::diagnostic::Diagnostic;
use std::path::{Path, PathBuf};

/// The files of a new playbook: (path, content).
const FILES: &[(&str, &str)] = &[
    ("placebook.yaml", include_str!("scaffold/placebook.yaml")),
    (
        "content/index.md",
        include_str!("scaffold/content/index.md"),
    ),
    (
        "content/building-blocks/shared-purpose.md",
        include_str!("scaffold/content/building-blocks/shared-purpose.md"),
    ),
    (
        "content/building-blocks/pooled-resources.md",
        include_str!("scaffold/content/building-blocks/pooled-resources.md"),
    ),
    (
        "content/case-studies/example-place.md",
        include_str!("scaffold/content/case-studies/example-place.md"),
    ),
];

/// The new playbook's `.gitignore`: what `build` writes, and the cache folder (the link
/// cache of `check --external`, and the preview `serve` writes), none of it source.
fn gitignore() -> String {
    format!("/public\n/{}\n", crate::check::cache::CACHE_DIR)
}

/// Creates a playbook in `dir`: a config, a home page, two building blocks and a case
/// study. Refuses a folder that is not empty unless `force` is set; even then, a file
/// that is already there is kept as it is, never replaced. Returns the files written.
pub fn init(dir: &Path, force: bool) -> Result<Vec<PathBuf>, Diagnostic> {
    let shown = dir.display().to_string();
    if dir.is_file() {
        return Err(
            Diagnostic::error("init", format!("{shown} is a file, not a folder"))
                .suggest("choose a folder name for the new playbook"),
        );
    }
    let non_empty = std::fs::read_dir(dir)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if non_empty && !force {
        return Err(
            Diagnostic::error("init", format!("{shown} is not empty")).suggest(
                "choose a new or empty folder, or pass --force to add the playbook files to it",
            ),
        );
    }
    let mut written = Vec::new();
    let ignore = gitignore();
    let files = FILES
        .iter()
        .copied()
        .chain([(".gitignore", ignore.as_str())]);
    for (rel, text) in files {
        let path = dir.join(rel);
        if path.exists() {
            continue;
        }
        let io = |e: std::io::Error| {
            Diagnostic::error("io", format!("cannot write {}: {e}", path.display()))
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(&path, text).map_err(io)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_refuses_non_empty_and_builds() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("pb");
        let files = init(&dir, false).unwrap();
        assert_eq!(files.len(), FILES.len() + 1);
        assert_eq!(
            std::fs::read_to_string(dir.join(".gitignore")).unwrap(),
            "/public\n/.placebook-cache\n"
        );
        assert!(init(&dir, false).is_err());
        std::fs::write(dir.join("placebook.yaml"), "title: Mine\n").unwrap();
        assert_eq!(
            init(&dir, true).unwrap(),
            Vec::<PathBuf>::new(),
            "nothing replaced"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("placebook.yaml")).unwrap(),
            "title: Mine\n"
        );
        let report =
            crate::build::build(&crate::build::BuildOptions::new(&dir)).expect("scaffold builds");
        assert_eq!(report.pages, 4, "the pages of content/");
        assert_eq!(report.diagnostics.error_count(), 0);
    }
}
