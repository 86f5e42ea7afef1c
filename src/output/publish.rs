//! The one writer of output folders, shared by `build` and `serve`.
//!
//! A [`Publisher`] takes every file of a site (or, for an edit, some of them), from any
//! number of threads, then [`Publisher::commit`]s them:
//! - [`Publisher::fresh`]: a folder placebook has not written (or cannot trust) is built
//!   in a staging folder beside it and swapped in whole;
//! - [`Publisher::in_place`]: a folder placebook wrote, with what it holds known (its
//!   [`Manifest`]'s files), is brought up to date by replacing only the files whose
//!   bytes changed, each atomically, and removing those no longer made.
//!
//! Nothing reaches the target before `commit`; a publisher dropped without committing
//! (because rendering failed) leaves the target exactly as it was.

use super::manifest::{Entry, Manifest};
use super::{MARKER, Staging, fingerprint, fingerprint_file};
use crate::diagnostic::{Diagnostic, Diagnostics};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What the marker file says after a commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// A build's manifest: the next build may trust it (see [`Manifest`]).
    Manifest {
        /// The fingerprint of the build's inputs.
        inputs: u64,
        /// Pages made from content.
        pages: usize,
        /// Warnings reported.
        warnings: usize,
    },
    /// `serve` owns the folder and edits it in place: a later build must not trust the
    /// files it lists, so the marker holds no manifest.
    Serving,
}

/// Which files of the target that were not put again are removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prune {
    /// None: the publish was of some files only.
    Nothing,
    /// Every file the target held that was not put: the publish was of the whole site.
    Unput,
    /// These.
    Listed(Vec<String>),
}

/// What a commit did.
#[derive(Debug, Default)]
pub struct Published {
    /// Paths written, sorted.
    pub written: Vec<String>,
    /// Paths removed, sorted.
    pub removed: Vec<String>,
    /// Every file put, with its entry (written, or found unchanged).
    pub put: HashMap<String, Entry>,
}

impl Published {
    /// Brings `files`, what the target held before, up to what it holds now.
    pub fn apply_to(&self, files: &mut HashMap<String, Entry>) {
        for path in &self.removed {
            files.remove(path);
        }
        files.extend(self.put.iter().map(|(p, e)| (p.clone(), *e)));
    }
}

/// A file that changed, held until the commit (in place only).
enum Pending {
    Bytes(Vec<u8>),
    Copy(PathBuf),
}

/// How the target is written.
enum Mode<'p> {
    Fresh(Staging),
    InPlace {
        previous: &'p HashMap<String, Entry>,
    },
}

/// An output folder being written (see the module docs).
pub struct Publisher<'p> {
    target: PathBuf,
    mode: Mode<'p>,
    files: Mutex<HashMap<String, Entry>>,
    pending: Mutex<Vec<(String, Pending)>>,
}

/// The text of the marker while `serve` owns a folder.
const SERVING: &str = "# This folder was written by placebook serve.\n";
/// The text of the marker while files are being replaced in place.
const UPDATING: &str = "# placebook is updating this folder.\n";

impl<'p> Publisher<'p> {
    /// A publisher that builds `target` anew in a staging folder, after checking that
    /// `target` is a safe place for the site at `root` (see [`Staging::begin`]).
    pub fn fresh(root: &Path, target: &Path, force: bool) -> Result<Publisher<'p>, Diagnostic> {
        let staging = Staging::begin(root, target, force)?;
        Ok(Publisher::with(target, Mode::Fresh(staging)))
    }

    /// A publisher that updates `target`, which holds `previous` (as placebook wrote it).
    pub fn in_place(target: &Path, previous: &'p HashMap<String, Entry>) -> Publisher<'p> {
        Publisher::with(target, Mode::InPlace { previous })
    }

    fn with(target: &Path, mode: Mode<'p>) -> Publisher<'p> {
        Publisher {
            target: target.to_path_buf(),
            mode,
            files: Mutex::new(HashMap::new()),
            pending: Mutex::new(Vec::new()),
        }
    }

    /// Puts one file with these bytes at `path`.
    pub fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        let entry = Entry {
            print: fingerprint(&bytes),
            size: bytes.len() as u64,
        };
        self.accept(path, entry, Pending::Bytes(bytes))
    }

    /// Puts a copy of the file `from` at `path`.
    pub fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic> {
        let entry = Entry {
            print: fingerprint_file(from),
            size: std::fs::metadata(from).map(|m| m.len()).unwrap_or(0),
        };
        self.accept(path, entry, Pending::Copy(from.to_path_buf()))
    }

    /// Records one file; writes it to the staging folder (fresh) or holds it for the
    /// commit if its bytes differ from what the target holds (in place).
    fn accept(&self, path: &str, entry: Entry, source: Pending) -> Result<(), Diagnostic> {
        match &self.mode {
            Mode::Fresh(staging) => {
                let written = match &source {
                    Pending::Bytes(b) => staging.write(path, b),
                    Pending::Copy(from) => staging.copy(path, from),
                };
                written.map_err(|e| io_error("write", path, &e))?;
            }
            Mode::InPlace { previous } => {
                if previous.get(path) != Some(&entry) {
                    lock(&self.pending).push((path.to_owned(), source));
                }
            }
        }
        lock(&self.files).insert(path.to_owned(), entry);
        Ok(())
    }

    /// Makes what was put the target's content (see the module docs), removes what
    /// `prune` names, and leaves the marker `record` says.
    pub fn commit(self, prune: Prune, record: Record) -> Result<Published, Diagnostics> {
        let put = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        let pending = self.pending.into_inner().unwrap_or_else(|e| e.into_inner());
        match self.mode {
            Mode::Fresh(staging) => commit_fresh(staging, put, record),
            Mode::InPlace { previous } => {
                commit_in_place(&self.target, previous, put, pending, prune, record)
            }
        }
    }
}

/// Writes the marker into the staging folder and swaps it in.
fn commit_fresh(
    staging: Staging,
    put: HashMap<String, Entry>,
    record: Record,
) -> Result<Published, Diagnostics> {
    let marker = marker_text(record, &put);
    let target = staging.shown().to_path_buf();
    staging
        .write(MARKER, marker.as_bytes())
        .and_then(|()| staging.commit())
        .map_err(|e| {
            Diagnostics::from(vec![Diagnostic::error(
                "io",
                format!("cannot move the new site into {}: {e}", target.display()),
            )])
        })?;
    let mut written: Vec<String> = put.keys().cloned().collect();
    written.sort();
    Ok(Published {
        written,
        removed: Vec::new(),
        put,
    })
}

/// Replaces the changed files of `target` and removes the pruned ones. While it does,
/// the marker holds no manifest, so a build interrupted half-way is followed by a full
/// one.
fn commit_in_place(
    target: &Path,
    previous: &HashMap<String, Entry>,
    put: HashMap<String, Entry>,
    pending: Vec<(String, Pending)>,
    prune: Prune,
    record: Record,
) -> Result<Published, Diagnostics> {
    let gone: Vec<String> = match prune {
        Prune::Nothing => Vec::new(),
        Prune::Unput => previous
            .keys()
            .filter(|p| !put.contains_key(*p))
            .cloned()
            .collect(),
        Prune::Listed(list) => list,
    };
    let updating = record != Record::Serving && (!pending.is_empty() || !gone.is_empty());
    if updating {
        write_marker(target, UPDATING)?;
    }
    let (written, errors) = replace_all(target, pending);
    let (removed, remove_errors) = remove_all(target, &gone);
    let mut errors = Diagnostics::from(errors);
    errors.extend(remove_errors);
    if errors.has_errors() {
        return Err(errors);
    }
    let done = Published {
        written,
        removed,
        put,
    };
    if record != Record::Serving {
        let mut files = previous.clone();
        done.apply_to(&mut files);
        write_marker(target, &marker_text(record, &files))?;
    }
    Ok(done)
}

/// Writes each pending file in place, in parallel; returns the paths written (sorted)
/// and an error for each that failed.
fn replace_all(target: &Path, pending: Vec<(String, Pending)>) -> (Vec<String>, Vec<Diagnostic>) {
    let results: Vec<(String, std::io::Result<()>)> = pending
        .into_par_iter()
        .map(|(path, source)| {
            let r = match source {
                Pending::Bytes(b) => super::replace_file(target, &path, &b),
                Pending::Copy(from) => super::replace_with_copy(target, &path, &from),
            };
            (path, r)
        })
        .collect();
    let mut written = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for (path, r) in results {
        match r {
            Ok(()) => written.push(path),
            Err(e) => errors.push(io_error_in(target, "write", &path, &e)),
        }
    }
    written.sort();
    (written, errors)
}

/// Removes each of `paths` from `target`; returns those removed (sorted) and errors.
fn remove_all(target: &Path, paths: &[String]) -> (Vec<String>, Vec<Diagnostic>) {
    let mut removed = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match super::remove_file(target, path) {
            Ok(()) => removed.push(path.clone()),
            Err(e) => errors.push(io_error_in(target, "remove", path, &e)),
        }
    }
    removed.sort();
    (removed, errors)
}

/// The marker's text for `record`, listing `files` in a manifest.
fn marker_text(record: Record, files: &HashMap<String, Entry>) -> String {
    match record {
        Record::Serving => SERVING.to_owned(),
        Record::Manifest {
            inputs,
            pages,
            warnings,
        } => Manifest {
            inputs,
            pages,
            warnings,
            files: files.clone(),
        }
        .to_text(),
    }
}

fn write_marker(target: &Path, text: &str) -> Result<(), Diagnostics> {
    super::replace_file(target, MARKER, text.as_bytes())
        .map_err(|e| Diagnostics::from(vec![io_error_in(target, "write", MARKER, &e)]))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn io_error(what: &str, path: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("io", format!("cannot {what} {path}: {e}"))
}

fn io_error_in(dir: &Path, what: &str, path: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("io", format!("cannot {what} {}/{path}: {e}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest_record() -> Record {
        Record::Manifest {
            inputs: 1,
            pages: 1,
            warnings: 0,
        }
    }

    #[test]
    fn fresh_then_in_place_writes_only_changed_files() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let out = root.join("public");
        let p = Publisher::fresh(&root, &out, false).unwrap();
        p.put("a/index.html", b"one".to_vec()).unwrap();
        p.put("b.html", b"two".to_vec()).unwrap();
        let done = p.commit(Prune::Unput, manifest_record()).unwrap();
        assert_eq!(done.written, ["a/index.html", "b.html"]);
        let m = Manifest::read(&out).expect("a manifest");
        assert_eq!(m.files, done.put);

        let p = Publisher::in_place(&out, &m.files);
        p.put("a/index.html", b"one".to_vec()).unwrap();
        p.put("c.html", b"three".to_vec()).unwrap();
        let done = p.commit(Prune::Unput, manifest_record()).unwrap();
        assert_eq!(done.written, ["c.html"]);
        assert_eq!(done.removed, ["b.html"]);
        assert!(!out.join("b.html").exists());
        let m = Manifest::read(&out).expect("a manifest");
        assert_eq!(m.files.len(), 2);
    }

    #[test]
    fn nothing_reaches_the_target_before_commit() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("a.html"), "old").unwrap();
        let previous = HashMap::from([(
            "a.html".to_owned(),
            Entry {
                print: fingerprint(b"old"),
                size: 3,
            },
        )]);
        let p = Publisher::in_place(&out, &previous);
        p.put("a.html", b"new".to_vec()).unwrap();
        drop(p);
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"old");
    }

    #[test]
    fn serving_leaves_no_manifest() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let out = root.join("public");
        let p = Publisher::fresh(&root, &out, false).unwrap();
        p.put("a.html", b"one".to_vec()).unwrap();
        let done = p.commit(Prune::Unput, Record::Serving).unwrap();
        assert!(Manifest::read(&out).is_none());
        let p = Publisher::in_place(&out, &done.put);
        p.put("a.html", b"two".to_vec()).unwrap();
        let done = p.commit(Prune::Nothing, Record::Serving).unwrap();
        assert_eq!(done.written, ["a.html"]);
        assert!(Manifest::read(&out).is_none());
    }
}
