//! Watching a site's sources for changes (notify): `content/`, `static/` and
//! `themes/` recursively, and the site folder itself for `placebook.yaml` and for
//! those folders appearing. Changed paths arrive on a channel in batches, each sent
//! once the file system has been quiet for [`QUIET`]; what they mean is decided by
//! [`crate::rebuild::classify`].

use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

/// How long the sources must be quiet before their changes are reported. Editors'
/// saves (one write, or a temporary file and a rename) take well under this; it is
/// most of the time from a save to the browser's reload.
pub const QUIET: Duration = Duration::from_millis(10);

/// The longest a batch waits for quiet: changes that never pause (a program writing
/// into `content/` without stopping) are still reported this often.
pub const LONGEST_WAIT: Duration = Duration::from_millis(500);

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

/// One batch of changed paths, or the watcher's errors while it gathered them.
type Found = Result<Vec<PathBuf>, String>;

/// A running watcher over one site.
pub struct Watcher {
    root: PathBuf,
    watcher: RecommendedWatcher,
    watched: HashSet<PathBuf>,
    events: Receiver<Found>,
}

impl Watcher {
    /// Starts watching the site at `root`.
    pub fn start(root: &Path) -> Result<Watcher, notify::Error> {
        let (raw_tx, raw) = channel();
        let mut watcher = notify::recommended_watcher(raw_tx)?;
        let (tx, events) = channel();
        std::thread::Builder::new()
            .name("placebook-watch".into())
            .spawn(move || send_when_quiet(&raw, &tx))?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            watcher,
            watched: HashSet::new(),
            events,
        };
        watcher.watch_new_folders()?;
        Ok(watcher)
    }

    /// Starts watching source folders created since the last call.
    pub fn watch_new_folders(&mut self) -> Result<(), notify::Error> {
        for dir in SOURCE_DIRS {
            let path = self.root.join(dir);
            if path.is_dir() && !self.watched.contains(&path) {
                self.watcher.watch(&path, RecursiveMode::Recursive)?;
                self.watched.insert(path);
            } else if !path.is_dir() && self.watched.remove(&path) {
                let _ = self.watcher.unwatch(&path);
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

/// Forwards the watcher's events from `raw` to `out` as batches of paths, each sent
/// once no change has come for [`QUIET`] (or after [`LONGEST_WAIT`]). Reading a file
/// (as a build does) is no change. Ends when either channel closes.
fn send_when_quiet(raw: &Receiver<notify::Result<notify::Event>>, out: &Sender<Found>) {
    while let Ok(first) = raw.recv() {
        let mut batch = Gathered::default();
        if !batch.add(first) {
            continue;
        }
        let started = Instant::now();
        let mut quiet_from = started;
        let open = loop {
            let wait = (quiet_from + QUIET).min(started + LONGEST_WAIT);
            match raw.recv_timeout(wait.saturating_duration_since(Instant::now())) {
                Ok(event) => {
                    if batch.add(event) {
                        quiet_from = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout) => break true,
                Err(RecvTimeoutError::Disconnected) => break false,
            }
        };
        if out.send(batch.into_found()).is_err() || !open {
            return;
        }
    }
}

/// The paths and errors of one batch.
#[derive(Default)]
struct Gathered {
    paths: Vec<PathBuf>,
    errors: Vec<String>,
}

impl Gathered {
    /// Takes in one event; whether it was a change (or an error).
    fn add(&mut self, event: notify::Result<notify::Event>) -> bool {
        match event {
            Ok(e) if e.kind.is_access() => false,
            Ok(e) => {
                self.paths.extend(e.paths);
                true
            }
            Err(e) => {
                self.errors.push(e.to_string());
                true
            }
        }
    }

    /// The batch as the watcher reports it: its errors when it had any.
    fn into_found(self) -> Found {
        if self.errors.is_empty() {
            Ok(self.paths)
        } else {
            Err(self.errors.join("; "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, Event, EventKind};

    fn change(path: &str) -> notify::Result<Event> {
        Ok(Event::new(EventKind::Create(CreateKind::File)).add_path(PathBuf::from(path)))
    }

    fn read(path: &str) -> notify::Result<Event> {
        Ok(Event::new(EventKind::Access(AccessKind::Any)).add_path(PathBuf::from(path)))
    }

    /// Runs `send_when_quiet` over `queued` (already waiting when it starts, so they
    /// arrive together however busy the machine is) and then what `feed` sends,
    /// returning the batches it gave.
    fn batches(
        queued: Vec<notify::Result<Event>>,
        feed: impl FnOnce(&Sender<notify::Result<Event>>),
    ) -> Vec<Found> {
        let (raw_tx, raw) = channel();
        let (tx, out) = channel();
        for event in queued {
            raw_tx.send(event).unwrap();
        }
        let forward = std::thread::spawn(move || send_when_quiet(&raw, &tx));
        feed(&raw_tx);
        drop(raw_tx);
        forward.join().expect("the forwarding thread ends");
        out.into_iter().collect()
    }

    #[test]
    fn changes_close_together_are_one_batch_and_reads_are_none() {
        let together = vec![
            read("content/x.md"),
            change("content/a.md"),
            change("content/b.md"),
            read("content/c.md"),
        ];
        let got = batches(together, |tx| {
            std::thread::sleep(QUIET * 5);
            tx.send(read("content/e.md")).unwrap();
            std::thread::sleep(QUIET * 5);
            tx.send(change("content/d.md")).unwrap();
        });
        let paths: Vec<Vec<PathBuf>> = got.into_iter().map(|b| b.unwrap()).collect();
        assert_eq!(
            paths,
            vec![
                vec![PathBuf::from("content/a.md"), PathBuf::from("content/b.md")],
                vec![PathBuf::from("content/d.md")],
            ]
        );
    }

    #[test]
    fn changes_that_never_pause_are_still_reported() {
        let got = batches(Vec::new(), |tx| {
            let start = Instant::now();
            while start.elapsed() < LONGEST_WAIT * 3 {
                tx.send(change("content/log.md")).unwrap();
                std::thread::sleep(QUIET / 4);
            }
        });
        assert!(got.len() >= 3, "{} batches", got.len());
    }

    #[test]
    fn a_watcher_error_is_reported_with_its_batch() {
        let queued = vec![
            change("content/a.md"),
            Err(notify::Error::generic("too many files watched")),
        ];
        let got = batches(queued, |_| {});
        assert_eq!(got.len(), 1);
        assert!(got[0].as_ref().is_err_and(|e| e.contains("too many files")));
    }
}
