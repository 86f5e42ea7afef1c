//! The external-link cache: `.placebook-cache/external-links.json` under the site
//! root. It holds the addresses that answered well, with when they were checked; they
//! are not checked again until the entry is older than the configured age. Broken
//! addresses are not cached, so they are checked again every time.
//!
//! ```json
//! { "version": 1, "links": { "https://example.org/": { "status": 200, "checked": 1767225600 } } }
//! ```
//!
//! `checked` is in seconds since 1970 (UTC). A missing, unreadable or foreign file is
//! treated as empty and replaced.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The cache folder under the site root.
pub const CACHE_DIR: &str = ".placebook-cache";
/// The cache file in [`CACHE_DIR`].
pub const CACHE_FILE: &str = "external-links.json";
const VERSION: u32 = 1;

/// One address that answered well.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The HTTP status it answered.
    pub status: u16,
    /// When, in seconds since 1970.
    pub checked: u64,
}

/// The cache's contents.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Cache {
    version: u32,
    /// Address -> its last good answer.
    pub links: BTreeMap<String, Entry>,
}

/// Seconds since 1970.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The cache file of the site at `root`.
pub fn path(root: &Path) -> PathBuf {
    root.join(CACHE_DIR).join(CACHE_FILE)
}

impl Cache {
    /// Reads the cache of the site at `root` (empty when missing or unreadable).
    pub fn load(root: &Path) -> Cache {
        std::fs::read(path(root))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Cache>(&bytes).ok())
            .filter(|c| c.version == VERSION)
            .unwrap_or_default()
    }

    /// The entry for `url`, if it is younger than `max_age`.
    pub fn fresh(&self, url: &str, max_age: Duration, now: u64) -> Option<Entry> {
        self.links
            .get(url)
            .copied()
            .filter(|e| now.saturating_sub(e.checked) < max_age.as_secs())
    }

    /// Forgets entries older than `max_age`.
    pub fn prune(&mut self, max_age: Duration, now: u64) {
        self.links
            .retain(|_, e| now.saturating_sub(e.checked) < max_age.as_secs());
    }

    /// Writes the cache (through a temporary file, so a reader never sees half of it).
    pub fn save(&self, root: &Path) -> std::io::Result<()> {
        let file = path(root);
        let dir = root.join(CACHE_DIR);
        std::fs::create_dir_all(&dir)?;
        let tmp = dir.join(format!("{CACHE_FILE}.{}.tmp", std::process::id()));
        let mut out = self.clone();
        out.version = VERSION;
        let text = serde_json::to_vec_pretty(&out).map_err(std::io::Error::other)?;
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, &file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_entries_only_and_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = Cache::load(dir.path());
        assert!(c.links.is_empty());
        c.links.insert(
            "https://a.example/".into(),
            Entry {
                status: 200,
                checked: 1000,
            },
        );
        c.links.insert(
            "https://b.example/".into(),
            Entry {
                status: 200,
                checked: 10,
            },
        );
        c.save(dir.path()).unwrap();
        let mut c = Cache::load(dir.path());
        let day = Duration::from_secs(500);
        assert!(c.fresh("https://a.example/", day, 1200).is_some());
        assert!(c.fresh("https://b.example/", day, 1200).is_none());
        c.prune(day, 1200);
        assert_eq!(c.links.len(), 1);
        std::fs::write(path(dir.path()), "not json").unwrap();
        assert!(Cache::load(dir.path()).links.is_empty());
    }
}
