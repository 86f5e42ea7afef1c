//! The image cache: one folder per image content and settings under
//! `.placebook-cache/images/`, holding the resized copies, the cleaned original and a
//! small `meta` file with the image's size and the widths made.

use crate::config::images::ImagesConfig;
use std::path::PathBuf;

/// The cache folder and the settings every entry in it was made with.
pub struct Cache {
    dir: PathBuf,
    seed: u64,
}

/// What the cache holds for one image (besides its files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Width, upright.
    pub width: u32,
    /// Height, upright.
    pub height: u32,
    /// Widths of the WebP copies, narrowest first (`{w}.webp`).
    pub webp: Vec<u32>,
    /// Widths of the copies in the image's own format, narrowest first (`{w}.{ext}`).
    pub same: Vec<u32>,
    /// Whether the folder holds a cleaned original (`original`).
    pub original: bool,
}

/// The first line of every `meta` file; a change to the format or to what is made
/// changes it, so that old entries are not used.
const VERSION: &str = "placebook-image-cache 1";

impl Cache {
    /// The cache in `dir` for images made with `settings`.
    pub fn new(dir: PathBuf, settings: &ImagesConfig) -> Cache {
        let made_with = format!(
            "{VERSION} {:?} {} {}",
            settings.widths, settings.quality, settings.keep_metadata
        );
        Cache {
            dir,
            seed: xxhash_rust::xxh3::xxh3_64(made_with.as_bytes()),
        }
    }

    /// The key of an image with these bytes.
    pub fn key(&self, bytes: &[u8]) -> String {
        format!(
            "{:032x}",
            xxhash_rust::xxh3::xxh3_128_with_seed(bytes, self.seed)
        )
    }

    /// The folder of the entry `key`.
    pub fn folder(&self, key: &str) -> PathBuf {
        self.dir.join(key)
    }

    /// The entry `key`, when the cache holds it whole.
    pub fn load(&self, key: &str) -> Option<Entry> {
        let text = std::fs::read_to_string(self.folder(key).join("meta")).ok()?;
        parse(&text)
    }

    /// Stores `entry` with its `files` (name and bytes) as `key`, written beside the
    /// cache and renamed into place so that a reader never sees half an entry.
    pub fn store(
        &self,
        key: &str,
        entry: &Entry,
        files: &[(String, Vec<u8>)],
    ) -> std::io::Result<()> {
        let target = self.folder(key);
        if target.join("meta").is_file() {
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir)?;
        let temp = self.dir.join(format!(".new-{key}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&temp);
        std::fs::create_dir_all(&temp)?;
        for (name, bytes) in files {
            std::fs::write(temp.join(name), bytes)?;
        }
        std::fs::write(temp.join("meta"), render(entry))?;
        let _ = std::fs::remove_dir_all(&target);
        match std::fs::rename(&temp, &target) {
            Ok(()) => Ok(()),
            // Another process stored the same entry first.
            Err(_) if target.join("meta").is_file() => {
                let _ = std::fs::remove_dir_all(&temp);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}

/// The text of a `meta` file.
fn render(e: &Entry) -> String {
    let list = |w: &[u32]| w.iter().map(u32::to_string).collect::<Vec<_>>().join(" ");
    format!(
        "{VERSION}\nsize {} {}\nwebp {}\nsame {}\noriginal {}\n",
        e.width,
        e.height,
        list(&e.webp),
        list(&e.same),
        if e.original { "yes" } else { "no" }
    )
}

/// A `meta` file read back, `None` when it is not whole.
fn parse(text: &str) -> Option<Entry> {
    let mut lines = text.lines();
    if lines.next()? != VERSION {
        return None;
    }
    let mut field = |name: &str| -> Option<Vec<String>> {
        let line = lines.next()?;
        let rest = line.strip_prefix(name)?.trim();
        Some(rest.split_whitespace().map(str::to_owned).collect())
    };
    let numbers =
        |v: Vec<String>| -> Option<Vec<u32>> { v.iter().map(|s| s.parse().ok()).collect() };
    let size = numbers(field("size")?)?;
    let webp = numbers(field("webp")?)?;
    let same = numbers(field("same")?)?;
    let original = field("original")?.first()? == "yes";
    Some(Entry {
        width: *size.first()?,
        height: *size.get(1)?,
        webp,
        same,
        original,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_reads_back_as_written() {
        let e = Entry {
            width: 2000,
            height: 1500,
            webp: vec![480, 960, 2000],
            same: vec![480, 960],
            original: true,
        };
        assert_eq!(parse(&render(&e)), Some(e));
        assert_eq!(parse("placebook-image-cache 0\n"), None);
        assert_eq!(
            parse(&render(&Entry {
                webp: vec![],
                ..parse_ok()
            }))
            .map(|e| e.webp),
            Some(vec![])
        );
    }

    fn parse_ok() -> Entry {
        Entry {
            width: 1,
            height: 1,
            webp: vec![1],
            same: vec![],
            original: false,
        }
    }
}
