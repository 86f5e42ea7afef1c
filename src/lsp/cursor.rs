//! Where in the front matter a position is: on a key being typed, after a key's colon, on
//! an item of a list, or on a key of a source. Read from the lines as they are while
//! typing (often not valid YAML yet), never from a parse.

/// The front matter's lines (0-based): the YAML is on `first..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrontMatterSpan {
    /// The first line of YAML (the line after the opening `---`).
    pub first: usize,
    /// The closing `---` line, or the number of lines when it is not written yet.
    pub end: usize,
}

impl FrontMatterSpan {
    /// True when `line` holds YAML of the front matter.
    pub fn contains(&self, line: usize) -> bool {
        (self.first..self.end).contains(&line)
    }
}

/// The front matter of a document's lines, if it starts with a `---` line. One that is not
/// closed yet runs to the end: the author is probably still writing it.
pub fn front_matter(lines: &[&str]) -> Option<FrontMatterSpan> {
    let first = lines.first()?.trim_start_matches('\u{feff}');
    if first.trim_end() != "---" {
        return None;
    }
    let end = lines
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, l)| matches!(l.trim_end(), "---" | "..."))
        .map_or(lines.len(), |(i, _)| i);
    Some(FrontMatterSpan { first: 1, end })
}

/// What is being written at a position of the front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spot {
    /// A top-level key: `prefix` is what is typed of it, from byte `start` of the line.
    Key {
        /// The key's text before the position.
        prefix: String,
        /// Byte column where the key starts.
        start: usize,
        /// True when the line already has a `:` after the position (only the name is
        /// to be written).
        has_colon: bool,
    },
    /// The value of a top-level `key:` written on its line.
    Value {
        /// The key.
        key: String,
        /// The value's text before the position (without an opening quote).
        prefix: String,
        /// Byte column where the value starts.
        start: usize,
    },
    /// An item of the list of a top-level `key`, in a `[a, b]` list or on a `- ` line.
    Item {
        /// The list's key.
        key: String,
        /// The item's text before the position (without an opening quote).
        prefix: String,
        /// Byte column where the item starts.
        start: usize,
        /// True on a line that has no `- ` yet: completing must add it.
        needs_dash: bool,
    },
    /// A key inside an entry of `sources` (title, url, publisher, date).
    SourceKey {
        /// The key's text before the position.
        prefix: String,
        /// Byte column where the key starts.
        start: usize,
        /// True on a line that has no `- ` yet and starts a new source.
        needs_dash: bool,
    },
}

/// The top-level key a line of the front matter belongs to, and where that key is written:
/// the nearest line at or above `line` that starts in column one with `key:`.
fn owner_key(lines: &[&str], span: FrontMatterSpan, line: usize) -> Option<String> {
    (span.first..=line)
        .rev()
        .filter_map(|n| lines.get(n))
        .find_map(|l| top_key(l).map(|(k, _)| k.to_owned()))
}

/// The key of a line written `key:` or `key: value` from column one.
pub fn top_key(line: &str) -> Option<(&str, usize)> {
    if line.starts_with([' ', '\t', '-', '#']) {
        return None;
    }
    let colon = line.find(':')?;
    let key = line[..colon].trim_end();
    (!key.is_empty() && key.chars().all(is_key_char)).then_some((key, colon))
}

fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// Every top-level key written in the front matter, with its 0-based line.
pub fn keys(lines: &[&str], span: FrontMatterSpan) -> Vec<(String, usize)> {
    (span.first..span.end.min(lines.len()))
        .filter_map(|n| top_key(lines[n]).map(|(k, _)| (k.to_owned(), n)))
        .collect()
}

/// The values already written in a top-level list `key` (flow `[a, b]` or `- item`
/// lines), unquoted.
pub fn list_values(lines: &[&str], span: FrontMatterSpan, key: &str) -> Vec<String> {
    let Some((_, at)) = keys(lines, span).into_iter().find(|(k, _)| k == key) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let head = lines[at];
    let rest = head.split_once(':').map_or("", |(_, r)| r).trim();
    let rest = rest.strip_prefix('[').unwrap_or(rest);
    let rest = rest.strip_suffix(']').unwrap_or(rest);
    out.extend(rest.split(',').map(unquote));
    for l in lines.iter().take(span.end).skip(at + 1) {
        if top_key(l).is_some() {
            break;
        }
        if let Some(item) = l.trim_start().strip_prefix('-') {
            out.push(unquote(item));
        }
    }
    out.retain(|v| !v.is_empty());
    out
}

fn unquote(s: &str) -> String {
    s.trim().trim_matches(['"', '\'']).trim().to_owned()
}

/// Skips spaces and an opening quote from byte `at` of `line`: where a value starts.
fn value_start(line: &str, at: usize) -> usize {
    let rest = &line[at..];
    let spaces = rest.len() - rest.trim_start().len();
    let quote = usize::from(rest.trim_start().starts_with(['"', '\'']));
    at + spaces + quote
}

/// What is being written at byte `column` of 0-based `line`, when that is in the front
/// matter and something placebook can complete.
pub fn spot(lines: &[&str], line: usize, column: usize) -> Option<Spot> {
    let span = front_matter(lines)?;
    if !span.contains(line) {
        return None;
    }
    let text = *lines.get(line)?;
    let column = column.min(text.len());
    let before = text.get(..column)?;
    if before.trim_start().starts_with('#') {
        return None;
    }
    let indented = before.starts_with([' ', '\t']);
    let dash = before.trim_start().starts_with('-');
    if !indented && !dash {
        if let Some(colon) = before.find(':') {
            let key = before[..colon].trim_end();
            if key.is_empty() || !key.chars().all(is_key_char) {
                return None;
            }
            let after = &before[colon + 1..];
            if let Some(open) = after.find('[') {
                let from = colon + 1 + open + 1;
                let item_at = before[from..].rfind(',').map_or(from, |i| from + i + 1);
                let start = value_start(before, item_at);
                return Some(Spot::Item {
                    key: key.to_owned(),
                    prefix: before[start..].to_owned(),
                    start,
                    needs_dash: false,
                });
            }
            let start = value_start(before, colon + 1);
            return Some(Spot::Value {
                key: key.to_owned(),
                prefix: before[start..].to_owned(),
                start,
            });
        }
        return before.chars().all(is_key_char).then(|| Spot::Key {
            prefix: before.to_owned(),
            start: 0,
            has_colon: text[column..].contains(':'),
        });
    }
    // An indented line or a `- ` line belongs to the key above it.
    let key = owner_key(lines, span, line.checked_sub(1)?)?;
    let trimmed = before.trim_start();
    let (item, needs_dash) = match trimmed.strip_prefix('-') {
        Some(rest) => (rest, false),
        None => (trimmed, true),
    };
    let item_at = before.len() - item.len();
    if key == "sources" {
        let key_at = value_start(before, item_at);
        let typed = &before[key_at..];
        if typed.contains(':') || !typed.chars().all(is_key_char) {
            return None;
        }
        // A key under a source's `- ` line continues that source, with no new dash.
        return Some(Spot::SourceKey {
            prefix: typed.to_owned(),
            start: key_at,
            needs_dash: needs_dash && !has_item_above(lines, span, line),
        });
    }
    let start = value_start(before, item_at);
    Some(Spot::Item {
        key,
        prefix: before[start..].to_owned(),
        start,
        needs_dash,
    })
}

/// True when the lines above `line`, up to its key, include a `- ` item.
fn has_item_above(lines: &[&str], span: FrontMatterSpan, line: usize) -> bool {
    (span.first..line)
        .rev()
        .map(|n| lines[n])
        .take_while(|l| top_key(l).is_none())
        .any(|l| l.trim_start().starts_with('-'))
}

/// The top-level key under byte `column` of `line` (in the front matter), with its byte
/// range on the line; or a key of a source, named `sources.<key>`.
pub fn key_under(lines: &[&str], line: usize, column: usize) -> Option<(String, usize, usize)> {
    let span = front_matter(lines)?;
    if !span.contains(line) {
        return None;
    }
    let text = *lines.get(line)?;
    if let Some((key, colon)) = top_key(text) {
        return (column <= colon).then(|| (key.to_owned(), 0, key.len()));
    }
    let owner = owner_key(lines, span, line)?;
    if owner != "sources" {
        return None;
    }
    let body = text.trim_start();
    let body = body.strip_prefix('-').unwrap_or(body);
    let start = text.len() - body.trim_start().len();
    let colon = start + text[start..].find(':')?;
    let key = text[start..colon].trim_end();
    (column >= start && column <= colon && !key.is_empty())
        .then(|| (format!("sources.{key}"), start, start + key.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "---\ntitle: A\nsumm\nbuilding_blocks:\n  - shared-purpose\n  - poo\ntags: [health, hou\ndraft: t\nsources:\n  - title: R\n    ur\n---\nBody text\n";

    fn at(line: usize, column: usize) -> Option<Spot> {
        let ls: Vec<&str> = DOC.lines().collect();
        spot(&ls, line, column)
    }

    #[test]
    fn the_front_matter_runs_to_the_closing_line_or_the_end() {
        let ls: Vec<&str> = DOC.lines().collect();
        assert_eq!(
            front_matter(&ls),
            Some(FrontMatterSpan { first: 1, end: 11 })
        );
        assert_eq!(
            front_matter(&["---", "title: x"]),
            Some(FrontMatterSpan { first: 1, end: 2 })
        );
        assert_eq!(front_matter(&["# Hi", "---"]), None);
    }

    #[test]
    fn a_key_being_typed() {
        assert_eq!(
            at(2, 4),
            Some(Spot::Key {
                prefix: "summ".into(),
                start: 0,
                has_colon: false
            })
        );
        assert_eq!(
            at(2, 0),
            Some(Spot::Key {
                prefix: String::new(),
                start: 0,
                has_colon: false
            })
        );
        assert_eq!(
            at(1, 3),
            Some(Spot::Key {
                prefix: "tit".into(),
                start: 0,
                has_colon: true
            })
        );
    }

    #[test]
    fn a_value_after_the_colon() {
        assert_eq!(
            at(7, 8),
            Some(Spot::Value {
                key: "draft".into(),
                prefix: "t".into(),
                start: 7
            })
        );
    }

    #[test]
    fn items_of_block_and_flow_lists() {
        assert_eq!(
            at(5, 7),
            Some(Spot::Item {
                key: "building_blocks".into(),
                prefix: "poo".into(),
                start: 4,
                needs_dash: false
            })
        );
        assert_eq!(
            at(6, 18),
            Some(Spot::Item {
                key: "tags".into(),
                prefix: "hou".into(),
                start: 15,
                needs_dash: false
            })
        );
    }

    #[test]
    fn an_empty_indented_line_under_a_list_needs_a_dash() {
        let ls = ["---", "building_blocks:", "  ", "---"];
        assert_eq!(
            spot(&ls, 2, 2),
            Some(Spot::Item {
                key: "building_blocks".into(),
                prefix: String::new(),
                start: 2,
                needs_dash: true
            })
        );
    }

    #[test]
    fn keys_of_a_source() {
        assert_eq!(
            at(10, 6),
            Some(Spot::SourceKey {
                prefix: "ur".into(),
                start: 4,
                needs_dash: false
            })
        );
        let ls = ["---", "sources:", "  ", "---"];
        assert_eq!(
            spot(&ls, 2, 2),
            Some(Spot::SourceKey {
                prefix: String::new(),
                start: 2,
                needs_dash: true
            })
        );
    }

    #[test]
    fn nothing_outside_the_front_matter_or_in_comments() {
        assert_eq!(at(12, 3), None);
        assert_eq!(at(0, 2), None);
        let ls = ["---", "# tit", "---"];
        assert_eq!(spot(&ls, 1, 5), None);
    }

    #[test]
    fn keys_and_list_values_as_written() {
        let ls: Vec<&str> = DOC.lines().collect();
        let span = front_matter(&ls).unwrap();
        let names: Vec<String> = keys(&ls, span).into_iter().map(|(k, _)| k).collect();
        assert_eq!(
            names,
            ["title", "building_blocks", "tags", "draft", "sources"]
        );
        assert_eq!(
            list_values(&ls, span, "building_blocks"),
            ["shared-purpose", "poo"]
        );
        assert_eq!(list_values(&ls, span, "tags"), ["health", "hou"]);
    }

    #[test]
    fn the_key_under_a_position() {
        let ls: Vec<&str> = DOC.lines().collect();
        assert_eq!(key_under(&ls, 1, 2), Some(("title".into(), 0, 5)));
        assert_eq!(key_under(&ls, 1, 8), None);
        assert_eq!(key_under(&ls, 9, 5), Some(("sources.title".into(), 4, 9)));
    }
}
