//! Output: the files a site writes, and writing them safely.
//!
//! - [`Artifact`]: one file of output, made by rendering or by a generator.
//! - [`publish`]: the one writer that `build` and `serve` share (a fresh folder staged
//!   and swapped in, or a folder placebook wrote updated in place).
//! - [`manifest`]: what a build wrote, kept in the output folder's marker file.
//! - [`cms`]: the Decap CMS editing screen (`admin/`), generated from the front-matter fields.
//! - This module: refusing dangerous targets, the staging folder, atomic file replacement.

pub mod cms;
pub mod manifest;
pub mod publish;

use crate::diagnostic::Diagnostic;
use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

/// Where a static file's bytes come from.
#[derive(Debug, Clone)]
pub enum StaticSource {
    /// Built into the binary.
    Embedded(Cow<'static, [u8]>),
    /// A file on disk.
    Disk(PathBuf),
}

/// A file copied as it is into the output.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Its path in the output, `/`-separated.
    pub output: String,
    /// Its bytes.
    pub source: StaticSource,
    /// Where it came from, for messages (`themes/x/static/a.css`, `static/a.png`).
    pub origin: String,
}

/// One file of output: a path relative to the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    /// `/`-separated path in the output.
    pub path: String,
    /// The file's content.
    pub bytes: Vec<u8>,
}

/// The file placebook leaves in every output folder it writes, so that it can tell its
/// own output from a folder of someone's files.
pub const MARKER: &str = ".placebook";

/// An output folder being written.
pub struct Staging {
    target: PathBuf,
    /// The target as it was given, for messages (absolute only if it was given so).
    shown: PathBuf,
    dir: PathBuf,
    committed: bool,
}

/// Turns a `/`-separated output path into a relative path, refusing anything that could
/// point outside the output folder (absolute paths, `..`, backslashes, empty segments).
pub fn safe_relative(rel: &str) -> Option<PathBuf> {
    if rel.is_empty() || rel.contains('\\') || rel.contains('\0') {
        return None;
    }
    let p = Path::new(rel);
    p.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| p.to_path_buf())
}

fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    // Canonicalise the longest existing ancestor, then add the rest.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    out
}

/// An error when `target` is not a safe place to write the site at `root` (both
/// absolute): the site folder itself or a folder holding it, a folder of the site's own
/// sources, a file, or (without `force`) a folder of files placebook did not write.
/// The message names the target as `shown` (as it was given).
fn refuse_unsafe_target(
    root: &Path,
    target: &Path,
    shown: &Path,
    force: bool,
) -> Result<(), Diagnostic> {
    let shown = shown.display().to_string();
    let refuse = |why: &str, fix: &str| {
        Err(Diagnostic::error(
            "unsafe-output",
            format!("placebook will not write the site to {shown}: {why}"),
        )
        .suggest(fix.to_owned()))
    };
    if target == root {
        return refuse(
            "it is the site folder itself",
            "choose an output folder inside it, such as `--output public`",
        );
    }
    if root.starts_with(target) {
        return refuse(
            "it contains the site folder",
            "choose an output folder inside the site, such as `--output public`",
        );
    }
    for own in ["content", "static", "themes"] {
        if target.starts_with(root.join(own)) {
            return refuse(
                &format!("it is inside the site's {own}/ folder"),
                "choose an output folder outside content/, static/ and themes/, such as `--output public`",
            );
        }
    }
    if target.is_file() {
        return refuse("it is a file", "choose a folder name");
    }
    if target.is_dir() && !force && !target.join(MARKER).exists() {
        let non_empty = std::fs::read_dir(target)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false);
        if non_empty {
            return refuse(
                "it already holds files that placebook did not write",
                "choose another folder, empty this one, or pass --force to replace it",
            );
        }
    }
    Ok(())
}

impl Staging {
    /// Checks that `target` is a safe place to write the site at `root` and creates a
    /// staging folder beside it. With `force`, a non-empty folder that placebook did not
    /// write may be replaced.
    pub fn begin(root: &Path, target: &Path, force: bool) -> Result<Staging, Diagnostic> {
        let shown = target.to_path_buf();
        let root = absolute(root);
        let target = absolute(target);
        refuse_unsafe_target(&root, &target, &shown, force)?;
        let parent = target
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let staging_name = format!(".{name}.placebook-staging-{}", std::process::id());
        let dir = parent.join(&staging_name);
        let shown_dir = shown.with_file_name(&staging_name);
        let io = |e: std::io::Error| {
            Diagnostic::error(
                "io",
                format!(
                    "cannot create the staging folder {}: {e}",
                    shown_dir.display()
                ),
            )
            .suggest("check that the output folder's parent exists and is writable")
        };
        std::fs::create_dir_all(&parent).map_err(io)?;
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io)?;
        }
        std::fs::create_dir(&dir).map_err(io)?;
        std::fs::write(
            dir.join(MARKER),
            "This folder was written by placebook. It is rebuilt from content/ on every build.\n",
        )
        .map_err(io)?;
        Ok(Staging {
            target,
            shown,
            dir,
            committed: false,
        })
    }

    /// The folder the site is finally written to.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// That folder as it was given, for messages.
    pub fn shown(&self) -> &Path {
        &self.shown
    }

    /// Writes one file into the staging folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.path_for(rel)?;
        std::fs::write(path, bytes)
    }

    /// Copies one file into the staging folder.
    pub fn copy(&self, rel: &str, from: &Path) -> std::io::Result<()> {
        let path = self.path_for(rel)?;
        std::fs::copy(from, path).map(|_| ())
    }

    fn path_for(&self, rel: &str) -> std::io::Result<PathBuf> {
        let path = inside(&self.dir, rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        Ok(path)
    }

    /// Puts the staged site in place of the target, then removes the old one.
    pub fn commit(mut self) -> std::io::Result<()> {
        if self.target.exists() {
            swap(&self.dir, &self.target)?;
            // The staging path now holds the previous output.
            let _ = std::fs::remove_dir_all(&self.dir);
        } else {
            std::fs::rename(&self.dir, &self.target)?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// A cheap fingerprint of a file's bytes, to tell whether a file needs writing again.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// A fingerprint of a file on disk from its path, size and modification time (without
/// reading it), for files copied as they are.
pub fn fingerprint_file(path: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    path.hash(&mut h);
    if let Ok(meta) = std::fs::metadata(path) {
        meta.len().hash(&mut h);
        meta.modified().ok().hash(&mut h);
    }
    h.finish()
}

/// Writes one file of a live output folder in place: into a temporary file beside it,
/// then renamed over it, so a reader never sees half a file. `rel` must be inside `dir`.
pub fn replace_file(dir: &Path, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
    let path = inside(dir, rel)?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.placebook-tmp"));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, &path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Copies `from` over one file of a live output folder, like [`replace_file`].
pub fn replace_with_copy(dir: &Path, rel: &str, from: &Path) -> std::io::Result<()> {
    replace_file(dir, rel, &std::fs::read(from)?)
}

/// Removes one file of a live output folder, and its folders if that leaves them empty.
pub fn remove_file(dir: &Path, rel: &str) -> std::io::Result<()> {
    let path = inside(dir, rel)?;
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut parent = path.parent();
    while let Some(p) = parent {
        if p == dir || std::fs::remove_dir(p).is_err() {
            break;
        }
        parent = p.parent();
    }
    Ok(())
}

fn inside(dir: &Path, rel: &str) -> std::io::Result<PathBuf> {
    let safe = safe_relative(rel).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("refusing to write `{rel}`: it is not a path inside the output folder"),
        )
    })?;
    Ok(dir.join(safe))
}

/// Exchanges two folders: atomically where the system can, else by two renames.
fn swap(a: &Path, b: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    let old = a.with_extension("old");
    std::fs::rename(b, &old)?;
    if let Err(e) = std::fs::rename(a, b) {
        let _ = std::fs::rename(&old, b);
        return Err(e);
    }
    std::fs::rename(&old, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_relative_refuses_escapes() {
        assert!(safe_relative("a/b/index.html").is_some());
        assert!(safe_relative("../x").is_none());
        assert!(safe_relative("a/../../x").is_none());
        assert!(safe_relative("/etc/passwd").is_none());
        assert!(safe_relative("a\\..\\b").is_none());
        assert!(safe_relative("").is_none());
    }

    #[test]
    fn staging_swaps_and_failed_builds_leave_target() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let out = root.join("public");
        let s = Staging::begin(&root, &out, false).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");
        // An abandoned build changes nothing.
        let s = Staging::begin(&root, &out, false).unwrap();
        s.write("a/index.html", b"two").unwrap();
        drop(s);
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");
        let leftovers: Vec<_> = std::fs::read_dir(&root).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folder removed");
        // A second build replaces the first.
        let s = Staging::begin(&root, &out, false).unwrap();
        s.write("b.html", b"three").unwrap();
        s.commit().unwrap();
        assert!(!out.join("a/index.html").exists());
        assert!(out.join("b.html").exists());
    }

    #[test]
    fn replaces_and_removes_files_in_place() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        replace_file(dir, "a/b/index.html", b"one").unwrap();
        replace_file(dir, "a/b/index.html", b"two").unwrap();
        assert_eq!(std::fs::read(dir.join("a/b/index.html")).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.join("a/b")).unwrap().count(), 1);
        assert!(replace_file(dir, "../x", b"no").is_err());
        remove_file(dir, "a/b/index.html").unwrap();
        assert!(!dir.join("a").exists(), "empty folders are removed");
        assert!(dir.exists());
        assert_ne!(fingerprint(b"one"), fingerprint(b"two"));
    }

    #[test]
    fn refuses_dangerous_targets() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(Staging::begin(&root, &root, false).is_err());
        assert!(Staging::begin(&root, tmp.path(), false).is_err());
        assert!(Staging::begin(&root, &root.join("content/out"), false).is_err());
        let foreign = root.join("docs");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("mine.txt"), "x").unwrap();
        assert!(Staging::begin(&root, &foreign, false).is_err());
        assert!(Staging::begin(&root, &foreign, true).is_ok());
    }
}
