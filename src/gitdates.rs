//! What git knows of each content file, from one `git log` over the whole history: the
//! date of its last commit and, when `page_history: { from_git: true }` is set, its
//! commits' dates and first lines for "Page updates".

use crate::dates::Date;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// One entry of "Page updates": a commit that changed a file, or a `changes:` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageUpdate {
    /// The day of the change.
    pub date: Date,
    /// What changed (a commit's first line, or the entry's note).
    pub note: String,
}

/// The git history of the content files, keyed by path relative to the site root with
/// `/` separators. Empty when the site is not in a git repository or git is not
/// installed: callers fall back to file times.
#[derive(Debug, Clone, Default)]
pub struct GitDates {
    last: HashMap<String, Date>,
    changes: HashMap<String, Vec<PageUpdate>>,
}

/// Which commits make a page's "Page updates": none unless `from_git`, and never one
/// whose first line contains one of `skip` (ignoring case).
#[derive(Debug, Clone, Copy)]
pub struct HistoryFilter<'a> {
    /// List each file's commits at all.
    pub from_git: bool,
    /// Words that mark a trivial commit.
    pub skip: &'a [String],
}

impl GitDates {
    /// The date of the last commit that touched `path`.
    pub fn last(&self, path: &str) -> Option<Date> {
        self.last.get(path).copied()
    }

    /// The commits that touched `path`, newest first, trivial ones left out (empty
    /// unless page history from git is on).
    pub fn changes(&self, path: &str) -> &[PageUpdate] {
        self.changes
            .get(path)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

/// The git history of the files under `root`'s `content/`, filtered by `history`.
pub fn read(root: &Path, history: HistoryFilter) -> GitDates {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "core.quotePath=false",
            "log",
            "--format=%x00%ct %s",
            "--name-only",
            "--no-renames",
            "--relative",
            "--",
            "content",
        ])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output();
    match output {
        Ok(o) if o.status.success() => parse_log(&String::from_utf8_lossy(&o.stdout), history),
        _ => GitDates::default(),
    }
}

/// Whether a commit's first line marks it as trivial.
fn is_trivial(subject: &str, skip: &[String]) -> bool {
    let subject = subject.to_lowercase();
    skip.iter()
        .any(|s| !s.is_empty() && subject.contains(&s.to_lowercase()))
}

/// Parses `git log --format='%x00%ct %s' --name-only` output; the newest commit comes
/// first, so the first date seen for a path is its last change.
fn parse_log(log: &str, history: HistoryFilter) -> GitDates {
    let mut dates = GitDates::default();
    let mut current: Option<PageUpdate> = None;
    for line in log.lines() {
        if let Some(head) = line.strip_prefix('\0') {
            let (ts, subject) = head.split_once(' ').unwrap_or((head, ""));
            current = ts
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(Date::from_unix)
                .map(|date| PageUpdate {
                    date,
                    note: subject.trim().to_owned(),
                });
        } else if !line.is_empty()
            && let Some(c) = &current
        {
            dates.last.entry(line.to_owned()).or_insert(c.date);
            if history.from_git && !is_trivial(&c.note, history.skip) {
                dates
                    .changes
                    .entry(line.to_owned())
                    .or_default()
                    .push(c.clone());
            }
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "\u{0}1700000000 Add the 2024 evaluation\n\ncontent/a.md\n\u{0}1650000000 Fix a typo [minor]\n\ncontent/a.md\n\u{0}1600000000 First version\n\ncontent/a.md\ncontent/b.md\n";

    #[test]
    fn newest_commit_wins() {
        let d = parse_log(
            LOG,
            HistoryFilter {
                from_git: false,
                skip: &[],
            },
        );
        assert_eq!(d.last("content/a.md"), Date::from_unix(1_700_000_000));
        assert_eq!(d.last("content/b.md"), Date::from_unix(1_600_000_000));
        assert!(d.changes("content/a.md").is_empty(), "history is opt-in");
    }

    #[test]
    fn trivial_commits_are_left_out_of_the_history() {
        let skip = ["[MINOR]".to_owned()];
        let d = parse_log(
            LOG,
            HistoryFilter {
                from_git: true,
                skip: &skip,
            },
        );
        let notes: Vec<_> = d
            .changes("content/a.md")
            .iter()
            .map(|c| c.note.as_str())
            .collect();
        assert_eq!(notes, ["Add the 2024 evaluation", "First version"]);
        assert_eq!(
            d.last("content/a.md"),
            Date::from_unix(1_700_000_000),
            "a trivial commit still dates the file"
        );
    }
}
