//! Output: the files a site writes, and writing them safely.
//!
//! - [`Artifact`]: one file of output, made by rendering or by a generator.
//! - [`publish`]: the one writer that `build` and `serve` share (a fresh folder staged
//!   and swapped in, or a folder placebook wrote updated in place).
//! - [`manifest`]: what a build wrote, kept in the output folder's marker file.
//! - [`batch`]: changing a live output folder all or nothing (in place).
//! - [`cms`]: the Decap CMS editing screen (`admin/`), generated from the front-matter fields.
//! - [`hosting`]: `_headers` and `_redirects` for Netlify and Cloudflare Pages.
//! - This module: refusing dangerous targets ([`refuse_unsafe_target`]), the staging
//!   folder swapped in whole.

pub mod batch;
pub mod cms;
pub mod hosting;
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

/// The start of `s`, at most `max` bytes long, cut between characters.
pub fn cut(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The longest name, in bytes, of one file or folder that file systems hold (ext4,
/// APFS, NTFS and most others).
pub const MAX_NAME_BYTES: usize = 255;

/// Why the `/`-separated output path `rel` cannot be written as a file of an output
/// folder, or `None` when it can: [`safe_relative`] refuses it, or a part of it is empty,
/// `.` or `..`, or longer than [`MAX_NAME_BYTES`]. Planning checks every path with it,
/// so that no build fails on a name only when it writes.
pub fn unwritable(rel: &str) -> Option<String> {
    if rel.contains('\0') {
        return Some("it holds a NUL character".into());
    }
    if rel.contains('\\') {
        return Some("it holds a backslash (`\\`), which is a folder separator on Windows".into());
    }
    for segment in rel.split('/') {
        if segment.is_empty() || segment == "." || segment == ".." {
            return Some(format!(
                "it has a part that is `{segment}`, which names no file"
            ));
        }
        if segment.len() > MAX_NAME_BYTES {
            let start = cut(segment, 24);
            return Some(format!(
                "the name `{start}…` is {} bytes long, and a file or folder name may have at most {MAX_NAME_BYTES}",
                segment.len()
            ));
        }
    }
    if safe_relative(rel).is_none() {
        return Some("it is not a path inside the output folder".into());
    }
    None
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

/// An error when `target` is not a safe place to write the site at `root`, checked
/// before anything is written. `whole` is how the folder would be written: `true` when
/// it is built anew and swapped in whole (its current content removed), `false` when
/// only the files its manifest lists are replaced. Refused, whatever `force` says:
/// - the site folder, a folder holding it, a folder of the site's sources
///   (`content/`, `static/`, `themes/`) or one holding them, a file, and a path
///   starting with a `~` that the shell did not expand;
/// - a home folder or one holding it, a file system's root, a system folder
///   (`/usr`, `/etc`, `/tmp`, ...), anything inside a `.git` folder;
/// - when written whole: a mount point, a git work tree (a folder holding `.git`), and
///   the current folder, a folder holding it or a top-level folder that holds anything
///   placebook did not write.
///
/// Without `force`, a non-empty folder that placebook did not write is refused too.
pub fn refuse_unsafe_target(
    root: &Path,
    target: &Path,
    force: bool,
    whole: bool,
) -> Result<(), Diagnostic> {
    let shown = target.display().to_string();
    let refuse = |why: &str, fix: &str| {
        let forced = if force {
            "; --force does not change this"
        } else {
            ""
        };
        Err(Diagnostic::error(
            "unsafe-output",
            format!("placebook will not write the site to {shown}: {why}{forced}"),
        )
        .suggest(fix.to_owned()))
    };
    if let Some(Component::Normal(first)) = target.components().next()
        && first.to_string_lossy().starts_with('~')
    {
        return refuse(
            "it starts with `~`, which the shell did not turn into your home folder (it was quoted, or written after `=`), so it names a new folder called `~`",
            "write the folder without quotes and with a space after --output (`--output ~/site`), or write its full path",
        );
    }
    let root = absolute(root);
    let abs = absolute(target);
    if let Some((why, fix)) = site_conflict(&root, &abs) {
        return refuse(&why, fix);
    }
    if abs.is_file() {
        return refuse("it is a file", "choose a folder name");
    }
    if let Some((why, fix)) = guarded(&abs, &Places::here(), whole, &shown) {
        return refuse(&why, &fix);
    }
    if whole && !force && abs.is_dir() && !abs.join(MARKER).exists() {
        let non_empty = std::fs::read_dir(&abs)
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

/// Why `target` (absolute) cannot hold the site at `root`: it is the site, holds it, or
/// is inside or holds one of its source folders (also through a symbolic link).
fn site_conflict(root: &Path, target: &Path) -> Option<(String, &'static str)> {
    let inside_fix = "choose an output folder inside the site, such as `--output public`";
    if target == root {
        return Some(("it is the site folder itself".into(), inside_fix));
    }
    if root.starts_with(target) {
        return Some(("it contains the site folder".into(), inside_fix));
    }
    let fix =
        "choose an output folder outside content/, static/ and themes/, such as `--output public`";
    for own in ["content", "static", "themes"] {
        let given = root.join(own);
        let real = given.canonicalize().unwrap_or_else(|_| given.clone());
        if target.starts_with(&given) || target.starts_with(&real) {
            return Some((format!("it is inside the site's {own}/ folder"), fix));
        }
        if real.starts_with(target) {
            let why = format!("it holds the site's {own}/ folder (the site links to it)");
            return Some((why, fix));
        }
    }
    None
}

/// The folders of the person running placebook, as real paths.
struct Places {
    home: Option<PathBuf>,
    current: Option<PathBuf>,
}

impl Places {
    fn here() -> Places {
        let home = std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .filter(|h| !h.is_empty())
            .map(|h| absolute(Path::new(&h)));
        let current = std::env::current_dir().ok().map(|d| absolute(&d));
        Places { home, current }
    }
}

/// Folders directly under a file system's root that belong to the system, compared
/// without regard to case.
const SYSTEM_TOP: &[&str] = &[
    "applications",
    "bin",
    "boot",
    "cores",
    "dev",
    "etc",
    "home",
    "lib",
    "lib32",
    "lib64",
    "libx32",
    "library",
    "lost+found",
    "media",
    "mnt",
    "nix",
    "opt",
    "private",
    "proc",
    "program files",
    "program files (x86)",
    "programdata",
    "root",
    "run",
    "sbin",
    "snap",
    "srv",
    "sys",
    "system",
    "tmp",
    "users",
    "usr",
    "var",
    "volumes",
    "windows",
];

/// System folders whose every folder belongs to the system too (`/usr/share`,
/// `/var/lib`, `/etc/ssh`, macOS's `/private/tmp`).
const SYSTEM_TREES: &[&str] = &[
    "etc", "library", "private", "system", "usr", "var", "windows",
];

/// Why a folder must not be written as the site's output, when it must not; `whole` as
/// for [`refuse_unsafe_target`], `shown` the folder as given. The fix says what to do
/// instead.
fn guarded(target: &Path, places: &Places, whole: bool, shown: &str) -> Option<(String, String)> {
    let names: Vec<String> = target
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_string_lossy().to_lowercase()),
            _ => None,
        })
        .collect();
    let elsewhere =
        "choose an output folder of its own, such as `--output public` inside the site".to_owned();
    let always = |why: &str| Some((why.to_owned(), elsewhere.clone()));
    if names.iter().any(|n| n == ".git") {
        return always("it is inside a .git folder, where git keeps a repository's history");
    }
    if names.is_empty() {
        return always("it is the root of a file system");
    }
    if let Some(home) = &places.home {
        if target == home {
            return always("it is your home folder");
        }
        if home.starts_with(target) {
            return always("it holds your home folder");
        }
    }
    let is_home = matches!(names.as_slice(), [top, _] if top == "home" || top == "users")
        || matches!(names.as_slice(), [top] if top == "root");
    if is_home {
        return always("it is a home folder");
    }
    let system = match names.as_slice() {
        [top] => SYSTEM_TOP.contains(&top.as_str()),
        [top, _] => SYSTEM_TREES.contains(&top.as_str()),
        _ => false,
    };
    if system {
        return always("it is a system folder");
    }
    if !whole || !target.is_dir() {
        return None;
    }
    // Written whole, the folder is swapped for a new one and its content removed.
    let replaced = "placebook builds a new output folder and swaps it in whole, which would remove everything in it";
    if is_mount_point(target) {
        return Some((
            format!(
                "it is a mount point (another disk or file system is attached there); {replaced}"
            ),
            format!(
                "build into a folder inside it, such as `--output {}`",
                Path::new(shown).join("site").display()
            ),
        ));
    }
    if target.join(".git").exists() {
        return Some((
            format!("it is a git work tree (it holds .git); {replaced}, .git included"),
            "build into a folder of its own (such as `--output public`) and copy its files, .placebook included, into the work tree; later builds then update only the files placebook wrote".to_owned(),
        ));
    }
    let foreign = not_written_by_placebook(target)?;
    let why = match &places.current {
        Some(cwd) if cwd == target => "it is the current folder",
        Some(cwd) if cwd.starts_with(target) => "it holds the current folder",
        _ if names.len() == 1 => "it is a folder at the top of the file system",
        _ => return None,
    };
    Some((
        format!("{why}, and holds files placebook did not write (such as `{foreign}`); {replaced}"),
        elsewhere,
    ))
}

/// The first entry (by name) of `dir` that placebook did not write: any entry when `dir`
/// has no marker, an entry its manifest does not list when it has one; `None` when
/// every entry is placebook's (or the marker holds no manifest, as serve leaves it).
fn not_written_by_placebook(dir: &Path) -> Option<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != MARKER)
        .collect();
    names.sort();
    if !dir.join(MARKER).is_file() {
        return names.into_iter().next();
    }
    let manifest = manifest::Manifest::read(dir)?;
    let tops: std::collections::HashSet<&str> = manifest
        .files
        .keys()
        .map(|p| p.split('/').next().unwrap_or(p))
        .collect();
    names.into_iter().find(|n| !tops.contains(n.as_str()))
}

/// Whether `dir` (absolute, real) is where a file system is attached: its device differs
/// from its parent's, or the system's table of mounts lists it (a bind mount).
fn is_mount_point(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Some(parent) = dir.parent() else {
            return true;
        };
        if let (Ok(a), Ok(b)) = (std::fs::metadata(dir), std::fs::metadata(parent))
            && a.dev() != b.dev()
        {
            return true;
        }
    }
    #[cfg(target_os = "linux")]
    if let Ok(table) = std::fs::read_to_string("/proc/self/mountinfo") {
        return table
            .lines()
            .filter_map(|l| l.split(' ').nth(4))
            .any(|m| Path::new(&unescape_mount(m)) == dir);
    }
    let _ = dir;
    false
}

/// A mount point as `/proc/self/mountinfo` writes it, with `\040` (and other octal
/// escapes) turned back into their characters.
#[cfg(target_os = "linux")]
fn unescape_mount(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal = bytes
            .get(i + 1..i + 4)
            .filter(|o| bytes[i] == b'\\' && o.iter().all(|b| (b'0'..=b'7').contains(b)));
        match octal {
            Some(o) => {
                out.push(o.iter().fold(0u8, |n, b| n.wrapping_mul(8) + (b - b'0')));
                i += 4;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Staging {
    /// Checks that `target` is a safe place to write the site at `root` and creates a
    /// staging folder beside it. With `force`, a non-empty folder that placebook did not
    /// write may be replaced.
    pub fn begin(root: &Path, target: &Path, force: bool) -> Result<Staging, Diagnostic> {
        refuse_unsafe_target(root, target, force, true)?;
        let shown = target.to_path_buf();
        let target = absolute(target);
        let parent = target
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        // A name of bounded length: the output folder's own may be near the limit.
        let short = cut(&name, 64);
        let io = |dir: &Path, e: std::io::Error| {
            let shown_dir = shown.with_file_name(dir.file_name().unwrap_or_default());
            Diagnostic::error(
                "io",
                format!(
                    "cannot create the staging folder {}: {e}",
                    shown_dir.display()
                ),
            )
            .suggest("check that the output folder's parent exists and is writable")
        };
        std::fs::create_dir_all(&parent).map_err(|e| io(&parent, e))?;
        // A folder of that name is reused only if an interrupted build of placebook
        // left it (it holds the marker); anything else is left alone.
        let mut n = 0;
        let dir = loop {
            let suffix = if n == 0 {
                String::new()
            } else {
                format!("-{n}")
            };
            let dir = parent.join(format!(
                ".{short}.placebook-staging-{}{suffix}",
                std::process::id()
            ));
            if !dir.exists() && dir.symlink_metadata().is_err() {
                break dir;
            }
            if dir.is_dir() && !dir.is_symlink() && dir.join(MARKER).is_file() {
                std::fs::remove_dir_all(&dir).map_err(|e| io(&dir, e))?;
                break dir;
            }
            n += 1;
        };
        std::fs::create_dir(&dir).map_err(|e| io(&dir, e))?;
        let marked = std::fs::write(
            dir.join(MARKER),
            "This folder was written by placebook. It is rebuilt from content/ on every build.\n",
        );
        if let Err(e) = marked {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(io(&dir, e));
        }
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

fn inside(dir: &Path, rel: &str) -> std::io::Result<PathBuf> {
    let safe = safe_relative(rel).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("refusing to write `{rel}`: it is not a path inside the output folder"),
        )
    })?;
    Ok(dir.join(safe))
}

/// Exchanges two folders: atomically where the system can, else by renames. If the
/// second way fails half-way and `b` cannot be put back, the error says where it is.
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
    let mut old = a.as_os_str().to_owned();
    old.push("-old");
    let old = PathBuf::from(old);
    if old.symlink_metadata().is_ok() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} is in the way", old.display()),
        ));
    }
    std::fs::rename(b, &old)?;
    if let Err(e) = std::fs::rename(a, b) {
        return match std::fs::rename(&old, b) {
            Ok(()) => Err(e),
            Err(back) => Err(std::io::Error::other(format!(
                "{e}; the previous output could not be put back ({back}) and is now in {}",
                old.display()
            ))),
        };
    }
    // The new folder is in place; the previous one goes where the caller removes it.
    if std::fs::rename(&old, a).is_err() {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
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
    fn unwritable_names_are_named() {
        assert_eq!(unwritable("a/b/index.html"), None);
        assert_eq!(unwritable(&"é".repeat(127)), None, "254 bytes");
        let long = format!("case-studies/{}/index.html", "i\u{307}".repeat(126));
        let why = unwritable(&long).expect("378 bytes");
        assert!(why.contains("378 bytes"), "{why}");
        for bad in ["a//b", "./a", "a/..", "a\\b", "a\0b", "", "/etc"] {
            assert!(unwritable(bad).is_some(), "{bad:?}");
        }
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
    fn system_and_home_folders_are_never_written() {
        let nobody = Places {
            home: Some(PathBuf::from("/srv/people/me")),
            current: None,
        };
        let always = [
            "/",
            "/usr",
            "/etc",
            "/tmp",
            "/var",
            "/home",
            "/opt",
            "/home/alice",
            "/Users/bob",
            "/root",
            "/usr/share",
            "/usr/local",
            "/var/www",
            "/private/tmp",
            "/etc/ssh",
            "/srv/people",
            "/srv/people/me",
            "/srv/site/.git/objects",
        ];
        for dir in always {
            for whole in [true, false] {
                let why = guarded(Path::new(dir), &nobody, whole, dir);
                assert!(why.is_some(), "{dir} (whole: {whole}) must be refused");
            }
        }
        // Deeper folders are ordinary ones (with --force, they may be replaced).
        for dir in ["/var/www/html", "/srv/site/public", "/usr/local/share/site"] {
            assert_eq!(guarded(Path::new(dir), &nobody, true, dir), None, "{dir}");
        }
        // Through the public check, whatever --force says, before anything is written.
        let tmp = tempfile::tempdir().unwrap();
        for dir in ["/", "/usr", "/etc", "/tmp", "/var"] {
            for force in [true, false] {
                let e = refuse_unsafe_target(tmp.path(), Path::new(dir), force, true);
                let e = e.expect_err(dir);
                assert_eq!(e.code, "unsafe-output");
                assert!(e.message.contains(dir), "{}", e.message);
                assert!(e.suggestion.is_some());
            }
        }
    }

    #[test]
    fn mount_table_escapes_are_read() {
        #[cfg(target_os = "linux")]
        assert_eq!(unescape_mount("/mnt/my\\040disk"), "/mnt/my disk");
    }

    #[test]
    fn staging_leaves_a_folder_of_that_name_alone_unless_placebook_left_it() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let out = root.join("public");
        let theirs = root.join(format!(".public.placebook-staging-{}", std::process::id()));
        std::fs::create_dir_all(&theirs).unwrap();
        std::fs::write(theirs.join("mine.txt"), "keep").unwrap();
        let s = Staging::begin(&root, &out, false).unwrap();
        s.write("index.html", b"x").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read(theirs.join("mine.txt")).unwrap(), b"keep");
        assert!(out.join("index.html").is_file());
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
