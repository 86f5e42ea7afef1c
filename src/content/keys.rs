//! Where the keys of a front matter are written, read line by line without a YAML
//! parser: the parser's own positions for unknown and duplicate keys point at the
//! start of the mapping, not at the key, and it stops at the first.

use crate::diagnostic::{Position, SourceText};

use super::FrontMatterLines;

/// One `key:` as written in the front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyAt {
    /// The top-level key it is under (itself, for a top-level key).
    pub top: String,
    /// Which list item of `top` it is in (0-based), for a key inside a list of maps.
    pub item: Option<usize>,
    /// The key itself.
    pub name: String,
    /// Where it starts in the file.
    pub position: Position,
}

impl KeyAt {
    /// True for a key of the front matter itself, not of a nested map.
    pub fn is_top_level(&self) -> bool {
        self.item.is_none() && self.top == self.name
    }
}

/// Every key written in the front matter, in order, with where it is.
pub fn keys(text: &SourceText, lines: FrontMatterLines) -> Vec<KeyAt> {
    let mut out = Vec::new();
    let mut top = String::new();
    let mut item: Option<usize> = None;
    let mut item_indent: Option<usize> = None;
    for n in lines.first..lines.closing {
        let Some(line) = text.line(n) else { break };
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let rest = &line[indent..];
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        if indent == 0 && !rest.starts_with('-') {
            if let Some(name) = key_name(rest) {
                top = name.to_owned();
                item = None;
                item_indent = None;
                out.push(at(&top, None, name, line, n, 0));
            }
            continue;
        }
        let mut body_start = indent;
        if let Some(after) = rest
            .strip_prefix('-')
            .filter(|a| a.is_empty() || a.starts_with(' '))
        {
            if item_indent.is_none_or(|i| i == indent) {
                item_indent = Some(indent);
                item = Some(item.map_or(0, |i| i + 1));
            }
            body_start = line.len() - after.trim_start().len();
        }
        nested_keys(line, body_start, n, (&top, item), &mut out);
    }
    out
}

/// The keys of a nested line, from byte `start`: one block key (`key: value`) or the
/// keys of a flow map (`{title: a, url: b}`).
fn nested_keys(
    line: &str,
    start: usize,
    n: usize,
    (top, item): (&str, Option<usize>),
    out: &mut Vec<KeyAt>,
) {
    let rest = &line[start..];
    if let Some(inner) = rest.strip_prefix('{') {
        let mut offset = start + 1;
        for part in inner.split(',') {
            let lead = part.len() - part.trim_start().len();
            if let Some(name) = key_name(part.trim_start()) {
                out.push(at(top, item, name, line, n, offset + lead));
            }
            offset += part.len() + 1;
        }
    } else if let Some(name) = key_name(rest) {
        out.push(at(top, item, name, line, n, start));
    }
}

fn at(top: &str, item: Option<usize>, name: &str, line: &str, n: usize, byte: usize) -> KeyAt {
    KeyAt {
        top: top.to_owned(),
        item,
        name: name.to_owned(),
        position: Position {
            line: n,
            column: line[..byte].chars().count() + 1,
        },
    }
}

/// The key at the start of `s` (`key:` followed by a space or the end), unquoted.
fn key_name(s: &str) -> Option<&str> {
    let colon = s.find(':')?;
    let after = &s[colon + 1..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let name = s[..colon].trim().trim_matches(['"', '\'']);
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '));
    plain.then_some(name)
}

/// Where serde's `path` (`""` for the top level, `sources[1]` for the second source)
/// has key `name` written, the `nth` time (0-based) there.
pub fn locate(keys: &[KeyAt], path: &str, name: &str, nth: usize) -> Option<Position> {
    let (top, item) = parse_path(path);
    keys.iter()
        .filter(|k| k.name == name)
        .filter(|k| match top {
            None => k.is_top_level(),
            Some(t) => k.top == t && !k.is_top_level() && (item.is_none() || k.item == item),
        })
        .nth(nth)
        .map(|k| k.position)
}

/// The top-level key and list index of a serde path such as `sources[1]` or `extra.x`.
fn parse_path(path: &str) -> (Option<&str>, Option<usize>) {
    if path.is_empty() {
        return (None, None);
    }
    let end = path.find(['[', '.']).unwrap_or(path.len());
    let item = path[end..]
        .strip_prefix('[')
        .and_then(|r| r.split(']').next())
        .and_then(|i| i.parse().ok());
    (Some(&path[..end]), item)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_of(yaml: &str) -> (SourceText, Vec<KeyAt>) {
        let text = SourceText::new(format!("---\n{yaml}---\nbody\n"));
        let closing = yaml.lines().count() + 2;
        let k = keys(&text, FrontMatterLines { first: 2, closing });
        (text, k)
    }

    #[test]
    fn top_level_and_nested_keys_are_found_where_they_are_written() {
        let (_, k) = keys_of(
            "titel: A\nsources:\n  - title: One\n    url: x\n  - {title: Two, titel: y}\ntags: [a]\n",
        );
        let found: Vec<(&str, Option<usize>, &str, usize, usize)> = k
            .iter()
            .map(|k| {
                let p = k.position;
                (k.top.as_str(), k.item, k.name.as_str(), p.line, p.column)
            })
            .collect();
        assert_eq!(
            found,
            vec![
                ("titel", None, "titel", 2, 1),
                ("sources", None, "sources", 3, 1),
                ("sources", Some(0), "title", 4, 5),
                ("sources", Some(0), "url", 5, 5),
                ("sources", Some(1), "title", 6, 6),
                ("sources", Some(1), "titel", 6, 18),
                ("tags", None, "tags", 7, 1),
            ]
        );
        assert_eq!(
            locate(&k, "sources[1]", "titel", 0).map(|p| p.column),
            Some(18)
        );
        assert_eq!(locate(&k, "", "titel", 0).map(|p| p.line), Some(2));
        assert_eq!(locate(&k, "sources[0]", "url", 0).map(|p| p.line), Some(5));
    }

    #[test]
    fn values_with_colons_and_urls_are_not_keys() {
        let (_, k) = keys_of("summary: \"a: b\"\nsources:\n  - url: https://x.org/a:b\n");
        let names: Vec<&str> = k.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, vec!["summary", "sources", "url"]);
    }
}
