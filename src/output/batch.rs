//! Changing a live output folder all or nothing: the in-place half of
//! [`super::publish::Publisher`].
//!
//! 1. **Prepare**, changing nothing a reader sees: every new file is written into
//!    `.placebook-new/` inside the folder, and every file about to be replaced gets a
//!    second name (a hard link, no copy) in `.placebook-old/`. Any failure here (a full
//!    disk, a file that cannot be read) removes both folders: the output is as it was.
//! 2. **Install**, by renames only, each atomic, each written down: the marker first
//!    (so that a build killed half-way is followed by a full one), removals (moved into
//!    `.placebook-old/`), then every new file renamed into place, the final marker last.
//! 3. Done: both folders are removed. If a rename fails, every step so far is undone in
//!    reverse (the old names are renamed back), so the output is again as it was, file
//!    for file; what could not be undone is named, file by file, in the error.

/// The code of the error that says a failed build changed the output folder in part
/// (the error is made with this literal, which the code scanner reads).
pub const OUTPUT_CHANGED: &str = "output-changed";

use super::{MARKER, safe_relative};
use crate::diagnostic::{Diagnostic, Diagnostics};
use rayon::prelude::*;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// Where new files wait until all of them are written.
pub const NEW_DIR: &str = ".placebook-new";
/// Where the previous versions wait until the change is complete.
pub const OLD_DIR: &str = ".placebook-old";

/// Where a file's bytes come from.
pub enum Source {
    /// These bytes.
    Bytes(Vec<u8>),
    /// A copy of this file.
    Copy(PathBuf),
}

/// One file to write: its path in the output, its bytes, and where it comes from for
/// messages (`static/a.png`), when that is not placebook itself.
pub struct Change {
    /// `/`-separated path in the output.
    pub rel: String,
    /// Its bytes.
    pub source: Source,
    /// Its source file, for messages.
    pub origin: Option<String>,
}

/// The marker's two texts while a build changes the folder: one while it changes, one
/// for when it is done.
pub struct Markers {
    /// Written before anything else changes (no manifest in it).
    pub during: String,
    /// Written last.
    pub after: String,
}

/// A step already taken, and how to take it back.
enum Undo {
    /// Rename the previous version back over the new file.
    Restore { dest: PathBuf, backup: PathBuf },
    /// The file did not exist before: remove it.
    Remove(PathBuf),
    /// Remove a folder that was made.
    RemoveDir(PathBuf),
    /// Make a folder again that was removed because it was left empty.
    MakeDir(PathBuf),
    /// The file existed and could not be kept (the file system has no hard links).
    Lost,
    /// Nothing to do (a later step's undo covers it).
    Nothing,
}

/// One file of the output as prepared: where it goes, where its new bytes wait, and
/// its previous version's second name, if it had one.
struct Staged {
    rel: String,
    dest: PathBuf,
    new: PathBuf,
    backup: Option<PathBuf>,
    existed: bool,
}

/// What failed, with the output path (and source) it was for.
struct Failure {
    rel: String,
    origin: Option<String>,
    what: &'static str,
    error: std::io::Error,
}

/// Writes `writes` into `target` and removes `removals`, all or nothing (see the module
/// docs); with `markers`, the marker file is kept as they say. `shown` is the target as
/// given, for messages. Returns the paths written and removed, sorted.
pub fn apply(
    target: &Path,
    shown: &Path,
    writes: Vec<Change>,
    removals: &[String],
    markers: Option<Markers>,
) -> Result<(Vec<String>, Vec<String>), Diagnostics> {
    if writes.is_empty() && removals.is_empty() && markers.is_none() {
        return Ok((Vec::new(), Vec::new()));
    }
    let new_dir = target.join(NEW_DIR);
    let old_dir = target.join(OLD_DIR);
    // serve writes its folder in place from the start, before the folder exists.
    let mut made = Vec::new();
    let mut journal: Vec<(String, Undo)> = Vec::new();
    let result = make_parents(Path::new(""), &new_dir, ".", &mut made)
        .map_err(|error| {
            let what = "create";
            let rel = String::new();
            vec![Failure {
                rel,
                origin: None,
                what,
                error,
            }]
        })
        .and_then(|()| prepare(target, &new_dir, &old_dir, writes, markers))
        .and_then(|staged| install(target, &old_dir, staged, removals, &mut journal));
    match result {
        Ok(done) => {
            let _ = std::fs::remove_dir_all(&new_dir);
            let _ = std::fs::remove_dir_all(&old_dir);
            Ok(done)
        }
        Err(failures) => {
            let mut kept = undo(journal);
            if !kept.is_empty() && !kept.iter().any(|(r, _)| r == MARKER) {
                // The folder matches no manifest now: the next build starts afresh.
                let during = "# placebook is updating this folder.\n";
                if std::fs::write(target.join(MARKER), during).is_ok() {
                    kept.push((MARKER.to_owned(), "marked for a full rebuild".to_owned()));
                }
            }
            let _ = std::fs::remove_dir_all(&new_dir);
            if kept.is_empty() {
                let _ = std::fs::remove_dir_all(&old_dir);
            }
            if kept.is_empty() {
                // The folders made for the target, if it did not exist.
                let _ = undo(made);
            }
            let mut errors = Diagnostics::from(summarise(shown, failures));
            if !kept.is_empty() {
                errors.push(half_done(target, shown, kept));
            }
            Err(errors)
        }
    }
}

/// Step 1: every new file written into `new_dir`, every file to be replaced given a
/// second name in `old_dir`. On failure both folders are removed by the caller.
fn prepare(
    target: &Path,
    new_dir: &Path,
    old_dir: &Path,
    writes: Vec<Change>,
    markers: Option<Markers>,
) -> Result<Vec<Staged>, Vec<Failure>> {
    let fail = |rel: &str, what, error| {
        vec![Failure {
            rel: rel.to_owned(),
            origin: None,
            what,
            error,
        }]
    };
    for (dir, name) in [(new_dir, NEW_DIR), (old_dir, OLD_DIR)] {
        if dir.symlink_metadata().is_ok() {
            // Left by a build that was killed: placebook's own, never published.
            std::fs::remove_dir_all(dir).map_err(|e| fail(name, "clear", e))?;
        }
        std::fs::create_dir(dir).map_err(|e| fail(name, "create", e))?;
    }
    let mut writes = writes;
    // In the order of their paths, so that a change is the same however it was made.
    writes.sort_by(|a, b| a.rel.cmp(&b.rel));
    if let Some(m) = markers {
        // The marker while changing goes first, the final one last.
        writes.insert(0, marker_change(m.during));
        writes.push(marker_change(m.after));
    }
    let staged: Vec<Result<Staged, Failure>> = writes
        .into_par_iter()
        .enumerate()
        .map(|(i, change)| stage(target, new_dir, old_dir, i, change))
        .collect();
    let (ok, failed): (Vec<_>, Vec<_>) = staged.into_iter().partition(Result::is_ok);
    if !failed.is_empty() {
        return Err(failed.into_iter().filter_map(Result::err).collect());
    }
    Ok(ok.into_iter().filter_map(Result::ok).collect())
}

fn marker_change(text: String) -> Change {
    Change {
        rel: MARKER.to_owned(),
        source: Source::Bytes(text.into_bytes()),
        origin: None,
    }
}

/// One file of step 1: its new bytes written as `new_dir/<i>`, and its previous version,
/// if any, linked as `old_dir/<i>`.
fn stage(
    target: &Path,
    new_dir: &Path,
    old_dir: &Path,
    i: usize,
    change: Change,
) -> Result<Staged, Failure> {
    let Change {
        rel,
        source,
        origin,
    } = change;
    let fail = |what, error| Failure {
        rel: rel.clone(),
        origin: origin.clone(),
        what,
        error,
    };
    let dest = match safe_relative(&rel) {
        Some(p) => target.join(p),
        None => {
            let why = "it is not a path inside the output folder";
            return Err(fail(
                "write",
                std::io::Error::new(ErrorKind::InvalidInput, why),
            ));
        }
    };
    let new = new_dir.join(i.to_string());
    let written = match &source {
        Source::Bytes(b) => std::fs::write(&new, b),
        Source::Copy(from) => std::fs::copy(from, &new).map(|_| ()),
    };
    written.map_err(|e| fail("write", e))?;
    let backup = old_dir.join(i.to_string());
    let (existed, backup) = match dest.symlink_metadata() {
        // Nothing there yet, or a file where its folder will be (removed first).
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            (false, None)
        }
        // A folder there can only be replaced once its files are removed.
        Ok(m) if m.is_dir() => (false, None),
        _ => match std::fs::hard_link(&dest, &backup) {
            Ok(()) => (true, Some(backup)),
            // No hard links here (some shared or FAT drives): the file is replaced
            // without a way back, which an error names if a later step fails.
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::Unsupported | ErrorKind::PermissionDenied
                ) =>
            {
                (true, None)
            }
            Err(e) => return Err(fail("keep the previous version of", e)),
        },
    };
    Ok(Staged {
        rel,
        dest,
        new,
        backup,
        existed,
    })
}

/// Step 2: the renames, each written into `journal` as it is done.
fn install(
    target: &Path,
    old_dir: &Path,
    staged: Vec<Staged>,
    removals: &[String],
    journal: &mut Vec<(String, Undo)>,
) -> Result<(Vec<String>, Vec<String>), Vec<Failure>> {
    let mut staged = staged.into_iter().peekable();
    let mut marker_restored = false;
    // The marker while changing, when it is kept.
    if let Some(first) = staged.next_if(|s| s.rel == MARKER) {
        marker_restored = first.backup.is_some() || !first.existed;
        put(target, first, journal)?;
    }
    let mut removed = Vec::with_capacity(removals.len());
    for (j, rel) in removals.iter().enumerate() {
        remove(target, old_dir, j, rel, journal)?;
        removed.push(rel.clone());
    }
    let mut written = Vec::new();
    for s in staged {
        let last_marker = s.rel == MARKER;
        if !last_marker {
            written.push(s.rel.clone());
        }
        put(target, s, journal)?;
        if last_marker && marker_restored {
            // Undoing the first marker's step puts the original back.
            if let Some(entry) = journal.last_mut() {
                entry.1 = Undo::Nothing;
            }
        }
    }
    written.sort();
    removed.sort();
    Ok((written, removed))
}

/// Renames one new file into place, making its folders first.
fn put(target: &Path, s: Staged, journal: &mut Vec<(String, Undo)>) -> Result<(), Vec<Failure>> {
    let fail = |error| {
        vec![Failure {
            rel: s.rel.clone(),
            origin: None,
            what: "put in place",
            error,
        }]
    };
    make_parents(target, &s.dest, &s.rel, journal).map_err(fail)?;
    std::fs::rename(&s.new, &s.dest).map_err(fail)?;
    let undo = match (s.existed, s.backup) {
        (false, _) => Undo::Remove(s.dest),
        (true, Some(backup)) => Undo::Restore {
            dest: s.dest,
            backup,
        },
        (true, None) => Undo::Lost,
    };
    journal.push((s.rel, undo));
    Ok(())
}

/// Makes the folders above `dest` that do not exist, from the top.
fn make_parents(
    target: &Path,
    dest: &Path,
    rel: &str,
    journal: &mut Vec<(String, Undo)>,
) -> std::io::Result<()> {
    let mut missing: Vec<&Path> = dest
        .ancestors()
        .skip(1)
        .take_while(|a| *a != target && a.symlink_metadata().is_err())
        .collect();
    missing.reverse();
    for dir in missing {
        std::fs::create_dir(dir)?;
        journal.push((rel.to_owned(), Undo::RemoveDir(dir.to_path_buf())));
    }
    Ok(())
}

/// Moves one file no longer made into `old_dir`, and removes the folders it leaves empty.
fn remove(
    target: &Path,
    old_dir: &Path,
    j: usize,
    rel: &str,
    journal: &mut Vec<(String, Undo)>,
) -> Result<(), Vec<Failure>> {
    let fail = |error| {
        vec![Failure {
            rel: rel.to_owned(),
            origin: None,
            what: "remove",
            error,
        }]
    };
    let Some(dest) = safe_relative(rel).map(|p| target.join(p)) else {
        let why = "it is not a path inside the output folder";
        return Err(fail(std::io::Error::new(ErrorKind::InvalidInput, why)));
    };
    match dest.symlink_metadata() {
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            return Ok(());
        }
        Err(e) => return Err(fail(e)),
        Ok(m) if m.is_dir() => {
            let why = "it is now a folder, which placebook did not make";
            return Err(fail(std::io::Error::new(ErrorKind::IsADirectory, why)));
        }
        Ok(_) => {}
    }
    let moved = old_dir.join(format!("gone-{j}"));
    std::fs::rename(&dest, &moved).map_err(fail)?;
    journal.push((
        rel.to_owned(),
        Undo::Restore {
            dest: dest.clone(),
            backup: moved,
        },
    ));
    for dir in dest.ancestors().skip(1).take_while(|a| *a != target) {
        if std::fs::remove_dir(dir).is_err() {
            break;
        }
        journal.push((rel.to_owned(), Undo::MakeDir(dir.to_path_buf())));
    }
    Ok(())
}

/// Takes back every step of `journal`, last first. Returns the output paths that could
/// not be put back as they were, each with why.
fn undo(journal: Vec<(String, Undo)>) -> Vec<(String, String)> {
    let mut kept = Vec::new();
    for (rel, step) in journal.into_iter().rev() {
        let r = match step {
            Undo::Restore { dest, backup } => std::fs::rename(backup, dest),
            Undo::Remove(dest) => std::fs::remove_file(dest),
            Undo::RemoveDir(dir) => std::fs::remove_dir(dir),
            Undo::MakeDir(dir) => std::fs::create_dir(dir),
            Undo::Lost => Err(std::io::Error::other(
                "its previous version could not be kept (this file system has no hard links)",
            )),
            Undo::Nothing => Ok(()),
        };
        if let Err(e) = r {
            kept.push((rel, e.to_string()));
        }
    }
    kept.sort();
    kept.dedup_by(|a, b| a.0 == b.0);
    kept
}

/// One error per kind of failure, naming its first file and how many more failed so.
fn summarise(shown: &Path, failures: Vec<Failure>) -> Vec<Diagnostic> {
    let mut failures = failures;
    // A copied file first: its source is what a person can act on.
    failures.sort_by(|a, b| (a.origin.is_none(), &a.rel).cmp(&(b.origin.is_none(), &b.rel)));
    let mut out: Vec<(ErrorKind, Diagnostic, usize)> = Vec::new();
    for f in failures {
        if let Some(seen) = out.iter_mut().find(|(k, ..)| *k == f.error.kind()) {
            seen.2 += 1;
            continue;
        }
        out.push((f.error.kind(), failure_message(shown, &f), 0));
    }
    out.into_iter()
        .map(|(_, d, more)| match more {
            0 => d,
            n => {
                let also = if n == 1 { "file" } else { "files" };
                let message = format!("{} (and {n} more {also})", d.message);
                Diagnostic { message, ..d }
            }
        })
        .collect()
}

fn failure_message(shown: &Path, f: &Failure) -> Diagnostic {
    let path = shown.join(&f.rel);
    let d = Diagnostic::error(
        "io",
        format!("cannot {} {}: {}", f.what, path.display(), f.error),
    );
    let d = match &f.origin {
        Some(origin) => d.in_file(origin.clone()),
        None => d,
    };
    match f.error.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            d.suggest("free some space on that disk (the build needs room for every changed file at once), then build again")
        }
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            d.suggest("check that you may write to the output folder, then build again")
        }
        _ => d,
    }
}

/// The error for a change that stopped half-way and could not all be undone.
fn half_done(target: &Path, shown: &Path, kept: Vec<(String, String)>) -> Diagnostic {
    let list: Vec<String> = kept
        .iter()
        .map(|(rel, why)| format!("{rel} ({why})"))
        .collect();
    let old = target.join(OLD_DIR).exists();
    Diagnostic::error(
        "output-changed",
        format!(
            "{} was NOT left as it was: the build stopped part way and these files could not be put back: {}",
            shown.display(),
            list.join(", ")
        ),
    )
    .suggest(if old {
        format!(
            "fix the problem above and build again: the next build rewrites the whole folder (previous versions are in {})",
            shown.join(OLD_DIR).display()
        )
    } else {
        "fix the problem above and build again: the next build rewrites the whole folder".to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(rel: &str, text: &str) -> Change {
        Change {
            rel: rel.to_owned(),
            source: Source::Bytes(text.as_bytes().to_vec()),
            origin: None,
        }
    }

    fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
                (rel, std::fs::read(e.path()).unwrap_or_default())
            })
            .collect();
        out.sort();
        out
    }

    fn markers() -> Option<Markers> {
        Some(Markers {
            during: "during\n".into(),
            after: "after\n".into(),
        })
    }

    #[test]
    fn a_failure_while_preparing_changes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::write(dir.join(MARKER), "before\n").unwrap();
        std::fs::write(dir.join("a.html"), "old").unwrap();
        let before = listing(dir);
        let writes = vec![
            bytes("a.html", "new"),
            bytes("b/c.html", "new"),
            Change {
                rel: "d.png".into(),
                source: Source::Copy(dir.join("no-such-file")),
                origin: Some("static/d.png".into()),
            },
        ];
        let e = apply(
            dir,
            Path::new("public"),
            writes,
            &["a.html".into()],
            markers(),
        )
        .unwrap_err();
        assert_eq!(listing(dir), before);
        let first = e.iter().next().unwrap();
        assert!(first.message.contains("public/d.png"), "{}", first.message);
        assert_eq!(first.location.as_ref().unwrap().file, "static/d.png");
    }

    #[test]
    fn files_and_folders_trade_places() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::write(dir.join("x"), "a file").unwrap();
        std::fs::create_dir_all(dir.join("y")).unwrap();
        std::fs::write(dir.join("y/index.html"), "in a folder").unwrap();
        let writes = vec![
            bytes("x/index.html", "now a folder"),
            bytes("y", "now a file"),
        ];
        let gone = ["x".to_owned(), "y/index.html".to_owned()];
        let (written, removed) = apply(dir, dir, writes, &gone, markers()).unwrap();
        assert_eq!(written, ["x/index.html", "y"]);
        assert_eq!(removed, gone);
        assert_eq!(
            std::fs::read(dir.join("x/index.html")).unwrap(),
            b"now a folder"
        );
        assert_eq!(std::fs::read(dir.join("y")).unwrap(), b"now a file");
        assert_eq!(std::fs::read(dir.join(MARKER)).unwrap(), b"after\n");
        assert!(!dir.join(NEW_DIR).exists() && !dir.join(OLD_DIR).exists());
    }

    #[test]
    fn what_cannot_be_undone_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::write(dir.join("a.html"), "new").unwrap();
        std::fs::write(dir.join("b.html"), "new").unwrap();
        std::fs::write(dir.join(".b.old"), "old").unwrap();
        let journal = vec![
            ("a.html".to_owned(), Undo::Lost),
            (
                "b.html".to_owned(),
                Undo::Restore {
                    dest: dir.join("b.html"),
                    backup: dir.join(".b.old"),
                },
            ),
        ];
        let kept = undo(journal);
        assert_eq!(std::fs::read(dir.join("b.html")).unwrap(), b"old");
        let names: Vec<&str> = kept.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(names, ["a.html"]);
        let d = half_done(dir, Path::new("public"), kept);
        assert_eq!(
            d.code, OUTPUT_CHANGED,
            "the command line tells it by its code"
        );
        assert!(
            d.message.contains("public was NOT left as it was"),
            "{}",
            d.message
        );
        assert!(
            d.message.contains("a.html (its previous version"),
            "{}",
            d.message
        );
    }
}
