//! Last-commit dates for every file, from one `git log` over the whole history.

use crate::dates::Date;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// The date of the last commit that touched each file under `root`, keyed by the path
/// relative to `root` with `/` separators. Empty when `root` is not in a git repository
/// or git is not installed: callers fall back to file times.
pub fn last_commit_dates(root: &Path) -> HashMap<String, Date> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "core.quotePath=false",
            "log",
            "--format=%x00%ct",
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
        Ok(o) if o.status.success() => parse_log(&String::from_utf8_lossy(&o.stdout)),
        _ => HashMap::new(),
    }
}

/// Parses `git log --format=%x00%ct --name-only` output; the newest commit comes first,
/// so the first date seen for a path is its last change.
fn parse_log(log: &str) -> HashMap<String, Date> {
    let mut dates = HashMap::new();
    let mut current = None;
    for line in log.lines() {
        if let Some(ts) = line.strip_prefix('\0') {
            current = ts.trim().parse::<i64>().ok().and_then(Date::from_unix);
        } else if !line.is_empty()
            && let Some(d) = current
        {
            dates.entry(line.to_owned()).or_insert(d);
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_commit_wins() {
        let log =
            "\u{0}1700000000\n\ncontent/a.md\n\u{0}1600000000\n\ncontent/a.md\ncontent/b.md\n";
        let d = parse_log(log);
        assert_eq!(d["content/a.md"], Date::from_unix(1_700_000_000).unwrap());
        assert_eq!(d["content/b.md"], Date::from_unix(1_600_000_000).unwrap());
    }
}
