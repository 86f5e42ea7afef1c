//! Watching a site's sources for changes (notify, through notify-debouncer-full):
//! `content/`, `static/` and `themes/` recursively, and the site folder itself for
//! `placebook.yaml` and for those folders appearing. Batches of changed paths arrive on
//! a channel; what they mean is decided by [`crate::rebuild::classify`].

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// How long a path must be quiet before its change is reported. Editors' saves
/// (temporary file, then rename) take well under this.
pub const QUIET: Duration = Duration::from_millis(20);

/// The folders under the site root that hold sources.
pub const SOURCE_DIRS: &[&str] = &["content", "static", "themes"];

/// What [`Watcher::next_batch`] found.
#[derive(Debug)]
pub enum Batch {
    /// These paths changed.
    Paths(Vec<PathBuf>),
    /// Nothing changed within the time given.
    Quiet,
    /// The watcher has stopped.
    Stopped,
}

/// A running watcher over one site.
pub struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    watched: HashSet<PathBuf>,
    events: Receiver<Result<Vec<PathBuf>, String>>,
}

impl Watcher {
    /// Starts watching the site at `root`.
    pub fn start(root: &Path) -> Result<Watcher, notify::Error> {
        let (tx, events) = channel();
        let debouncer = new_debouncer(
            QUIET,
            Some(Duration::from_millis(5)),
            move |result: DebounceEventResult| {
                let batch = match result {
                    Ok(events) => Ok(events
                        .into_iter()
                        // Reading a file (as the build does) changes nothing.
                        .filter(|e| !e.event.kind.is_access())
                        .flat_map(|e| e.event.paths)
                        .collect()),
                    Err(errors) => Err(errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")),
                };
                let _ = tx.send(batch);
            },
        )?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            debouncer,
            watched: HashSet::new(),
            events,
        };
        watcher.debouncer.watch(root, RecursiveMode::NonRecursive)?;
        watcher.watch_new_folders()?;
        Ok(watcher)
    }

    /// Starts watching source folders created since the last call.
    pub fn watch_new_folders(&mut self) -> Result<(), notify::Error> {
        for dir in SOURCE_DIRS {
            let path = self.root.join(dir);
            if path.is_dir() && !self.watched.contains(&path) {
                self.debouncer.watch(&path, RecursiveMode::Recursive)?;
                self.watched.insert(path);
            } else if !path.is_dir() && self.watched.remove(&path) {
                let _ = self.debouncer.unwatch(&path);
            }
        }
        Ok(())
    }

    /// Waits for the next changes, at most `wait` when given, and returns their paths
    /// with any others already reported (see [`Batch`]). The watcher's own errors come
    /// back as `Err` (they do not stop it).
    pub fn next_batch(&self, wait: Option<Duration>) -> Result<Batch, String> {
        let first = match wait {
            None => self.events.recv().map_err(|_| ()),
            Some(w) => match self.events.recv_timeout(w) {
                Ok(b) => Ok(b),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => return Ok(Batch::Quiet),
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(()),
            },
        };
        let Ok(first) = first else {
            return Ok(Batch::Stopped);
        };
        let mut paths = first?;
        paths.extend(self.drain()?);
        Ok(Batch::Paths(paths))
    }

    /// Every path reported so far and not yet taken.
    pub fn drain(&self) -> Result<Vec<PathBuf>, String> {
        let mut paths = Vec::new();
        loop {
            match self.events.try_recv() {
                Ok(Ok(more)) => paths.extend(more),
                Ok(Err(e)) => return Err(e),
                Err(_) => break,
            }
        }
        Ok(paths)
    }
}
