//! Which playbook a command works on. `--root DIR` names it, and is used as given; without
//! it, the playbook is the nearest folder, from the current one up, that holds
//! `placebook.yaml` (as git and cargo find theirs), so that a command run in `content/`
//! or deeper works on the whole playbook.
//!
//! The folder is kept as a path that is true from the current folder: as typed, or
//! `.`, `..`, `../..` when found. Every path a command prints is built on it, so none
//! of them shows the machine's absolute paths unless the user typed one.

use crate::config::CONFIG_FILE;
use crate::content::CONTENT_DIR;
use std::fmt;
use std::path::{Path, PathBuf};

/// The playbook a command works on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteRoot {
    /// The folder, as a path from the current folder.
    pub path: PathBuf,
    /// Whether it was named with `--root` (rather than found).
    pub given: bool,
}

impl SiteRoot {
    /// A `placebook` command line that works on this playbook from the current folder:
    /// `placebook build` when the playbook was found from here (it will be found again),
    /// `placebook build --root DIR` when it was named.
    pub fn command(&self, subcommand: &str) -> String {
        if self.given {
            format!("placebook {subcommand} --root {}", self.path.display())
        } else {
            format!("placebook {subcommand}")
        }
    }
}

/// Why there is no playbook to work on.
#[derive(Debug)]
pub enum RootError {
    /// The folder given with `--root` does not exist.
    Missing(PathBuf),
    /// `--root` names a file.
    NotAFolder(PathBuf),
    /// The folder given with `--root` holds neither `placebook.yaml` nor `content/`;
    /// `above` is the nearest folder above it that holds `placebook.yaml`, if any.
    NotAPlaybook {
        /// The folder given.
        given: PathBuf,
        /// A playbook folder that holds it, as a path from the current folder.
        above: Option<PathBuf>,
    },
    /// No `placebook.yaml` in the current folder or any folder above it. `has_content`:
    /// the current folder holds `content/` (a folder of markdown without a config).
    NotFound {
        /// Whether the current folder holds a `content/` folder.
        has_content: bool,
    },
    /// The current folder cannot be read (it was deleted, say).
    NoCurrentFolder(std::io::Error),
}

impl RootError {
    /// The one-line help that goes with the message.
    pub fn help(&self) -> String {
        match self {
            RootError::Missing(_) => format!(
                "check the name, or leave --root out to use the playbook this folder is in (the nearest folder above that holds {CONFIG_FILE})"
            ),
            RootError::NotAFolder(p) => match p.parent().filter(|d| !d.as_os_str().is_empty()) {
                Some(dir) => format!("pass the folder that holds it: --root {}", dir.display()),
                None => "pass the folder that holds it, or leave --root out".to_owned(),
            },
            RootError::NotAPlaybook {
                above: Some(dir), ..
            } => format!(
                "the playbook's folder is {}, which holds {CONFIG_FILE}: pass --root {}, or leave --root out from inside it",
                dir.display(),
                dir.display()
            ),
            RootError::NotAPlaybook { given, above: None } => format!(
                "pass the folder that holds {CONFIG_FILE}, or start a playbook there with `placebook init {}`",
                given.display()
            ),
            RootError::NotFound { has_content: true } => format!(
                "this folder holds {CONTENT_DIR}/ but no {CONFIG_FILE}: build it as it is with `--root .`, start a playbook with `placebook init DIR`, or point at one with `--root DIR`"
            ),
            RootError::NotFound { has_content: false } => {
                "start a playbook with `placebook init DIR`, or point at one with `--root DIR`"
                    .to_owned()
            }
            RootError::NoCurrentFolder(_) => {
                "go to the playbook's folder again, or name it with `--root DIR`".to_owned()
            }
        }
    }
}

impl fmt::Display for RootError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RootError::Missing(p) => {
                write!(
                    f,
                    "the folder {} (given with --root) does not exist",
                    p.display()
                )
            }
            RootError::NotAFolder(p) => {
                write!(
                    f,
                    "{} (given with --root) is a file, not a folder",
                    p.display()
                )
            }
            RootError::NotAPlaybook { given, .. } => write!(
                f,
                "{} (given with --root) is not a playbook: it holds no {CONFIG_FILE} and no {CONTENT_DIR}/ folder",
                given.display()
            ),
            RootError::NotFound { .. } => write!(
                f,
                "no {CONFIG_FILE} was found in this folder or any folder above it, so this is not inside a playbook"
            ),
            RootError::NoCurrentFolder(e) => write!(f, "cannot read the current folder: {e}"),
        }
    }
}

/// The playbook to work on: `given` (the `--root` argument) checked, or else the nearest
/// folder from `current` up that holds `placebook.yaml`. `current` is the current
/// folder (absolute); the path returned is relative to it unless `given` is absolute.
pub fn resolve(given: Option<&Path>, current: &Path) -> Result<SiteRoot, RootError> {
    match given {
        Some(dir) => check_given(dir, current).map(|()| SiteRoot {
            path: dir.to_path_buf(),
            given: true,
        }),
        None => find_above(current).map(|path| SiteRoot { path, given: false }),
    }
}

/// [`resolve`] from the process's current folder.
pub fn from_current_folder(given: Option<&Path>) -> Result<SiteRoot, RootError> {
    let current = std::env::current_dir().map_err(RootError::NoCurrentFolder)?;
    resolve(given, &current)
}

/// Whether `dir` is a playbook: it holds `placebook.yaml`, or at least `content/` (a
/// folder of markdown builds without a config, with the defaults).
fn check_given(dir: &Path, current: &Path) -> Result<(), RootError> {
    let at = current.join(dir);
    if at.is_file() {
        return Err(RootError::NotAFolder(dir.to_path_buf()));
    }
    if !at.is_dir() {
        return Err(RootError::Missing(dir.to_path_buf()));
    }
    if at.join(CONFIG_FILE).is_file() || at.join(CONTENT_DIR).is_dir() {
        return Ok(());
    }
    Err(RootError::NotAPlaybook {
        given: dir.to_path_buf(),
        above: playbook_above(dir, current),
    })
}

/// The nearest folder holding `placebook.yaml`, from `current` up, as `.`, `..`, ….
fn find_above(current: &Path) -> Result<PathBuf, RootError> {
    let mut path = PathBuf::from(".");
    for dir in current.ancestors() {
        if dir.join(CONFIG_FILE).is_file() {
            return Ok(path);
        }
        path = if path == Path::new(".") {
            PathBuf::from("..")
        } else {
            path.join("..")
        };
    }
    Err(RootError::NotFound {
        has_content: current.join(CONTENT_DIR).is_dir(),
    })
}

/// The nearest folder above `dir` (given with `--root`) that holds `placebook.yaml`, as
/// a path from the current folder; only folders that can be named without `..` after
/// `dir`'s own parts are tried (`content/case-studies` gives `content`, then `.`).
fn playbook_above(dir: &Path, current: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .skip(1)
        .map(|d| {
            if d.as_os_str().is_empty() {
                Path::new(".")
            } else {
                d
            }
        })
        .find(|d| current.join(d).join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A playbook at `<tmp>/pb` with `content/case-studies/` and an empty `<tmp>/elsewhere`.
    fn playbook() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let pb = tmp.path().join("pb");
        std::fs::create_dir_all(pb.join("content/case-studies")).unwrap();
        std::fs::write(pb.join(CONFIG_FILE), "title: T\n").unwrap();
        std::fs::create_dir_all(tmp.path().join("elsewhere")).unwrap();
        tmp
    }

    #[test]
    fn the_playbook_is_found_from_any_folder_inside_it_as_a_relative_path() {
        let tmp = playbook();
        let pb = tmp.path().join("pb");
        for (from, expected) in [
            (pb.clone(), "."),
            (pb.join("content"), ".."),
            (pb.join("content/case-studies"), "../.."),
        ] {
            let root = resolve(None, &from).unwrap();
            assert_eq!(root.path, Path::new(expected), "from {}", from.display());
            assert!(!root.given);
            assert_eq!(root.command("build"), "placebook build");
        }
    }

    #[test]
    fn outside_a_playbook_there_is_none() {
        let tmp = playbook();
        let err = resolve(None, &tmp.path().join("elsewhere")).unwrap_err();
        assert!(matches!(err, RootError::NotFound { has_content: false }));
        assert_eq!(
            err.to_string(),
            "no placebook.yaml was found in this folder or any folder above it, so this is not inside a playbook"
        );
    }

    #[test]
    fn a_given_root_is_used_as_given_and_checked() {
        let tmp = playbook();
        let here = tmp.path();
        let root = resolve(Some(Path::new("pb")), here).unwrap();
        assert_eq!(root.path, Path::new("pb"));
        assert_eq!(root.command("build"), "placebook build --root pb");

        let err = resolve(Some(Path::new("no-such-folder")), here).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the folder no-such-folder (given with --root) does not exist"
        );
        let err = resolve(Some(Path::new("pb/placebook.yaml")), here).unwrap_err();
        assert_eq!(err.help(), "pass the folder that holds it: --root pb");
        // Not walked up: the folder given is the one used, or refused.
        let err = resolve(Some(Path::new("pb/content/case-studies")), here).unwrap_err();
        assert!(
            matches!(&err, RootError::NotAPlaybook { above: Some(d), .. } if d == Path::new("pb")),
            "{err:?}"
        );
        let err = resolve(Some(Path::new("elsewhere")), here).unwrap_err();
        assert!(matches!(err, RootError::NotAPlaybook { above: None, .. }));
    }

    #[test]
    fn a_given_folder_of_markdown_without_a_config_is_a_playbook() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("notes/content")).unwrap();
        assert!(resolve(Some(Path::new("notes")), tmp.path()).is_ok());
        let err = resolve(None, &tmp.path().join("notes")).unwrap_err();
        assert!(matches!(err, RootError::NotFound { has_content: true }));
    }
}
