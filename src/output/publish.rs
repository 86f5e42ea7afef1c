//! The one writer of output folders, shared by `build` and `serve`.
//!
//! A [`Publisher`] takes every file of a site (or, for an edit, some of them), from any
//! number of threads, then [`Publisher::commit`]s them:
//! - [`Publisher::fresh`]: a folder placebook has not written (or cannot trust) is built
//!   in a staging folder beside it and swapped in whole;
//! - [`Publisher::in_place`]: a folder placebook wrote, with what it holds known (its
//!   [`Manifest`]'s files), is brought up to date by replacing only the files whose
//!   bytes changed and removing those no longer made, all or nothing (see [`batch`]).
//!
//! Nothing reaches the target before `commit`; a publisher dropped without committing
//! (because rendering failed) leaves the target exactly as it was, and so does a commit
//! that fails (a full disk, a file that cannot be read), or its error names every file
//! it could not put back.
//!
//! [`batch`]: super::batch

use super::batch::{self, Change, Markers, Source};
use super::manifest::{Entry, Manifest};
use super::{MARKER, Staging, fingerprint, fingerprint_file};
use crate::diagnostic::{Diagnostic, Diagnostics};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

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
    /// Files that changed, held until the commit (in place only).
    pending: Mutex<Vec<Change>>,
    /// A file could not be written into the staging folder (fresh only): nothing more is
    /// written, and the commit is refused.
    failed: AtomicBool,
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
            failed: AtomicBool::new(false),
        }
    }

    /// Puts one file with these bytes at `path`.
    pub fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        let entry = Entry {
            print: fingerprint(&bytes),
            size: bytes.len() as u64,
        };
        self.accept(path, entry, Source::Bytes(bytes), None)
    }

    /// Puts a copy of the file `from` at `path`; `origin` names `from` in messages
    /// (`static/a.png`, `content/case-studies/map.pdf`).
    pub fn copy(&self, path: &str, from: &Path, origin: &str) -> Result<(), Diagnostic> {
        let entry = Entry {
            print: fingerprint_file(from),
            size: std::fs::metadata(from).map(|m| m.len()).unwrap_or(0),
        };
        let source = Source::Copy(from.to_path_buf());
        self.accept(path, entry, source, Some(origin.to_owned()))
    }

    /// Records one file; writes it to the staging folder (fresh) or holds it for the
    /// commit if its bytes differ from what the target holds (in place).
    fn accept(
        &self,
        path: &str,
        entry: Entry,
        source: Source,
        origin: Option<String>,
    ) -> Result<(), Diagnostic> {
        match &self.mode {
            Mode::Fresh(staging) => {
                if self.failed.load(Ordering::Relaxed) {
                    // One failure is reported; the rest would only repeat it.
                    return Ok(());
                }
                let written = match &source {
                    Source::Bytes(b) => staging.write(path, b),
                    Source::Copy(from) => staging.copy(path, from),
                };
                if let Err(e) = written {
                    self.failed.store(true, Ordering::Relaxed);
                    return Err(staging_error(staging.shown(), path, origin, &e));
                }
            }
            Mode::InPlace { previous } => {
                if previous.get(path) != Some(&entry) {
                    lock(&self.pending).push(Change {
                        rel: path.to_owned(),
                        source,
                        origin,
                    });
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
            Mode::Fresh(staging) => {
                if self.failed.into_inner() {
                    let d = Diagnostic::error(
                        "io",
                        format!(
                            "the new site for {} was not written in full, so it was not put in place",
                            staging.shown().display()
                        ),
                    );
                    return Err(Diagnostics::from(vec![d]));
                }
                commit_fresh(staging, put, record)
            }
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

/// Replaces the changed files of `target` and removes the pruned ones, all or nothing
/// (see [`batch`]). While it does, the marker holds no manifest, so a build killed
/// half-way is followed by a full one.
fn commit_in_place(
    target: &Path,
    previous: &HashMap<String, Entry>,
    put: HashMap<String, Entry>,
    pending: Vec<Change>,
    prune: Prune,
    record: Record,
) -> Result<Published, Diagnostics> {
    let mut gone: Vec<String> = match prune {
        Prune::Nothing => Vec::new(),
        Prune::Unput => previous
            .keys()
            .filter(|p| !put.contains_key(*p))
            .cloned()
            .collect(),
        Prune::Listed(list) => list,
    };
    gone.sort();
    let markers = (record != Record::Serving).then(|| {
        let mut files = previous.clone();
        for path in &gone {
            files.remove(path);
        }
        files.extend(put.iter().map(|(p, e)| (p.clone(), *e)));
        Markers {
            during: UPDATING.to_owned(),
            after: marker_text(record, &files),
        }
    });
    let (written, removed) = batch::apply(target, target, pending, &gone, markers)?;
    Ok(Published {
        written,
        removed,
        put,
    })
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

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The error for a file that could not be written into the staging folder of `shown`.
fn staging_error(
    shown: &Path,
    path: &str,
    origin: Option<String>,
    e: &std::io::Error,
) -> Diagnostic {
    let d = Diagnostic::error(
        "io",
        format!("cannot write {}: {e}", shown.join(path).display()),
    );
    let d = match origin {
        Some(o) => d.in_file(o),
        None => d,
    };
    match e.kind() {
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => d.suggest(
            "free some space on that disk (a first build needs room for the whole site beside the output folder), then build again",
        ),
        _ => d,
    }
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
