//! The build manifest: what a build was made from and what it wrote, kept in the output
//! folder's marker file (`.placebook`), so that the next build can skip everything when
//! nothing changed, and otherwise leave the files whose bytes did not change untouched
//! (same modification time, so an rsync or S3 sync uploads only what changed).

use std::collections::HashMap;
use std::hash::Hasher;
use std::path::Path;
use xxhash_rust::xxh3::Xxh3;

const HEADER: &str =
    "# This folder was written by placebook. It is rebuilt from content/ on every build.";
const FORMAT: &str = "placebook-manifest 1";

/// One written file: a fingerprint of its bytes (or, for copied files, of the source's
/// path, size and time) and its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// See [`crate::output::fingerprint`] and [`crate::output::fingerprint_file`].
    pub print: u64,
    /// Bytes.
    pub size: u64,
}

/// What a build recorded in its output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// A fingerprint of everything the build read (see [`inputs_fingerprint`]).
    pub inputs: u64,
    /// Pages made from content.
    pub pages: usize,
    /// Warnings the build reported.
    pub warnings: usize,
    /// Every file written, by output path.
    pub files: HashMap<String, Entry>,
}

impl Manifest {
    /// The manifest of the output folder `output`, if placebook wrote one there.
    pub fn read(output: &Path) -> Option<Manifest> {
        let text = std::fs::read_to_string(output.join(crate::output::MARKER)).ok()?;
        Manifest::parse(&text)
    }

    /// Parses a manifest's text; `None` for anything else (an older marker, say).
    pub fn parse(text: &str) -> Option<Manifest> {
        let mut lines = text.lines().filter(|l| !l.starts_with('#'));
        if lines.next()? != FORMAT {
            return None;
        }
        let mut m = Manifest::default();
        for line in lines {
            let (key, rest) = line.split_once(' ')?;
            match key {
                "inputs" => m.inputs = u64::from_str_radix(rest, 16).ok()?,
                "pages" => m.pages = rest.parse().ok()?,
                "warnings" => m.warnings = rest.parse().ok()?,
                "f" => {
                    let mut parts = rest.splitn(3, ' ');
                    let print = u64::from_str_radix(parts.next()?, 16).ok()?;
                    let size = parts.next()?.parse().ok()?;
                    m.files
                        .insert(parts.next()?.to_owned(), Entry { print, size });
                }
                _ => return None,
            }
        }
        Some(m)
    }

    /// The text written to the marker file.
    pub fn to_text(&self) -> String {
        let mut paths: Vec<&String> = self.files.keys().collect();
        paths.sort();
        let mut out = format!(
            "{HEADER}\n{FORMAT}\ninputs {:016x}\npages {}\nwarnings {}\n",
            self.inputs, self.pages, self.warnings
        );
        for p in paths {
            let e = self.files[p];
            out.push_str(&format!("f {:016x} {} {p}\n", e.print, e.size));
        }
        out
    }

    /// Whether every file it lists is still in `output` with its size (nobody deleted or
    /// edited the output by hand, as far as sizes tell).
    pub fn intact(&self, output: &Path) -> bool {
        use rayon::prelude::*;
        self.files.par_iter().all(|(path, e)| {
            crate::output::safe_relative(path)
                .and_then(|rel| std::fs::metadata(output.join(rel)).ok())
                .is_some_and(|m| m.is_file() && m.len() == e.size)
        })
    }
}

/// What a build was asked for, as far as its output depends on it.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The site folder.
    pub root: &'a Path,
    /// The output folder.
    pub output: &'a Path,
    /// Whether drafts are included.
    pub drafts: bool,
    /// The `base_url` given on the command line, if any.
    pub base_url: Option<&'a str>,
}

/// A fingerprint of everything a build of `request` reads, without reading page text:
/// this placebook binary, the request, `placebook.yaml`, and the path, size and
/// modification time of every file under `content/`, `static/` and `themes/`, and of
/// git's record of commits (for "last updated" dates).
pub fn inputs_fingerprint(request: Request) -> u64 {
    let mut h = Xxh3::new();
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    if let Ok(exe) = std::env::current_exe() {
        stat_into(&mut h, &exe);
    }
    h.write(
        format!(
            "{:?}|{:?}|{:?}",
            request.drafts, request.base_url, request.output
        )
        .as_bytes(),
    );
    let root = request.root;
    h.write(&std::fs::read(root.join(crate::config::CONFIG_FILE)).unwrap_or_default());
    for dir in ["content", "static", "themes"] {
        h.write(dir.as_bytes());
        let walker = walkdir::WalkDir::new(root.join(dir))
            .follow_links(true)
            .sort_by_file_name();
        for entry in walker.into_iter().filter_map(Result::ok) {
            h.write(entry.path().as_os_str().as_encoded_bytes());
            if let Ok(m) = entry.metadata() {
                h.write_u64(m.len());
                if let Ok(t) = m.modified() {
                    h.write(format!("{t:?}").as_bytes());
                }
            }
        }
    }
    if let Some(git) = root
        .canonicalize()
        .ok()
        .and_then(|r| r.ancestors().map(|a| a.join(".git")).find(|g| g.exists()))
    {
        for f in ["HEAD", "index", "logs/HEAD", "packed-refs"] {
            stat_into(&mut h, &git.join(f));
        }
    }
    h.digest()
}

fn stat_into(h: &mut Xxh3, path: &Path) {
    h.write(path.as_os_str().as_encoded_bytes());
    if let Ok(m) = std::fs::metadata(path) {
        h.write_u64(m.len());
        if let Ok(t) = m.modified() {
            h.write(format!("{t:?}").as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_other_text() {
        let mut m = Manifest {
            inputs: 0xabc,
            pages: 3,
            warnings: 1,
            ..Manifest::default()
        };
        m.files
            .insert("a b/index.html".into(), Entry { print: 7, size: 12 });
        m.files.insert(
            "x.css".into(),
            Entry {
                print: u64::MAX,
                size: 0,
            },
        );
        assert_eq!(Manifest::parse(&m.to_text()), Some(m));
        assert_eq!(
            Manifest::parse(HEADER),
            None,
            "the old marker is not a manifest"
        );
        assert_eq!(Manifest::parse(&format!("{FORMAT}\nf zz 1 a\n")), None);
    }

    #[test]
    fn the_fingerprint_changes_with_any_input() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("content/a.md"), "one").unwrap();
        let output = root.join("public");
        let req = Request {
            root,
            output: &output,
            drafts: false,
            base_url: None,
        };
        let first = inputs_fingerprint(req);
        assert_eq!(first, inputs_fingerprint(req));
        std::fs::write(root.join("content/a.md"), "two!").unwrap();
        let second = inputs_fingerprint(req);
        assert_ne!(first, second);
        std::fs::write(root.join("content/b.md"), "").unwrap();
        assert_ne!(second, inputs_fingerprint(req));
        let drafts = Request {
            drafts: true,
            ..req
        };
        assert_ne!(inputs_fingerprint(drafts), inputs_fingerprint(req));
    }
}
