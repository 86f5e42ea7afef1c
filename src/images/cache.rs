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
    /// Whether the folder holds a cleaned original (`original.{ext}`).
    pub original: bool,
    /// The ending of the files in the image's own format (`jpg`, `png`, `webp`).
    pub ext: String,
}

/// The first line of every `meta` file; a change to the format or to what is made
/// changes it, so that old entries are not used.
const VERSION: &str = "placebook-image-cache 3";

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

    /// The entry `key`, when the cache holds it whole (its `meta` and every file that
    /// names).
    pub fn load(&self, key: &str) -> Option<Entry> {
        let folder = self.folder(key);
        let entry = parse(&std::fs::read_to_string(folder.join("meta")).ok()?)?;
        let whole = entry.files().all(|name| folder.join(name).is_file());
        whole.then_some(entry)
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
        if self.load(key).is_some() {
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir)?;
        // Two files of one content may be processed at once, by two threads or two
        // processes (`serve` and `build`): each writes a folder of its own.
        let thread: String = format!("{:?}", std::thread::current().id())
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let temp = self
            .dir
            .join(format!(".new-{key}-{}-{thread}", std::process::id()));
        let _ = std::fs::remove_dir_all(&temp);
        std::fs::create_dir_all(&temp)?;
        for (name, bytes) in files {
            std::fs::write(temp.join(name), bytes)?;
        }
        std::fs::write(temp.join("meta"), render(entry))?;
        if target.exists() && self.load(key).is_none() {
            // What is there is not whole (someone deleted a file of it): replace it.
            let _ = std::fs::remove_dir_all(&target);
        }
        match std::fs::rename(&temp, &target) {
            Ok(()) => Ok(()),
            // Another thread or process stored the same entry first.
            Err(_) if self.load(key).is_some() => {
                let _ = std::fs::remove_dir_all(&temp);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}

impl Entry {
    /// The names of the files the entry's folder holds besides `meta`, by the ending of
    /// the image's own format (the names [`super::process`] writes).
    fn files(&self) -> impl Iterator<Item = String> + '_ {
        let ext = self.ext.as_str();
        let webp = self.webp.iter().map(|w| format!("{w}.webp"));
        let same = self.same.iter().map(move |w| format!("{w}.{ext}"));
        let original = self.original.then(|| format!("original.{ext}"));
        webp.chain(same).chain(original)
    }
}

/// The text of a `meta` file.
fn render(e: &Entry) -> String {
    let list = |w: &[u32]| w.iter().map(u32::to_string).collect::<Vec<_>>().join(" ");
    format!(
        "{VERSION}\nsize {} {}\nwebp {}\nsame {}\noriginal {}\next {}\n",
        e.width,
        e.height,
        list(&e.webp),
        list(&e.same),
        if e.original { "yes" } else { "no" },
        e.ext
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
    let ext = field("ext")?.first()?.clone();
    if !matches!(ext.as_str(), "jpg" | "png" | "webp") {
        return None;
    }
    Some(Entry {
        width: *size.first()?,
        height: *size.get(1)?,
        webp,
        same,
        original,
        ext,
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
            ext: "jpg".into(),
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
            ext: "png".into(),
        }
    }
}
