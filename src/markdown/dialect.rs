//! Markup of other markdown dialects that placebook's markdown (CommonMark with GitHub's
//! extensions) does not have, in pages brought from MkDocs, Docusaurus, VuePress,
//! Pandoc or Jekyll's kramdown: a reader would see the markers as text.

/// What a line of another dialect is, and how to write it here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherDialect {
    /// The marker as written (`!!! note`, `:::tip`, `{: .class}`), for the message.
    pub marker: String,
    /// Whose markup it is.
    pub whose: &'static str,
    /// How to write the same here.
    pub help: &'static str,
}

/// Notes in GitHub's form, which placebook shows as labelled notes.
const ALERT_HELP: &str = "write a note as a GitHub alert: a line `> [!NOTE]` (or `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`), then each line of the note starting with `> `";

/// The other dialect's markup that a line of text starts with, if any: an MkDocs
/// admonition (`!!! note`, `??? tip`), a container of Docusaurus, VuePress or Pandoc
/// (`:::note`, `::: {.warning}`), or a kramdown attribute list (`{: .class}`, `{:toc}`).
pub fn at_line_start(line: &str) -> Option<OtherDialect> {
    let line = line.lines().next().unwrap_or("").trim_end();
    let marker = |end: usize| line[..end].to_owned();
    if let Some(rest) = line
        .strip_prefix("!!!")
        .or_else(|| line.strip_prefix("???"))
    {
        let word = rest.trim_start_matches('+').trim_start();
        if word.starts_with(|c: char| c.is_ascii_lowercase()) && rest.starts_with([' ', '+']) {
            let end = line.len() - word.len() + word.find([' ', '"']).unwrap_or(word.len());
            return Some(OtherDialect {
                marker: marker(end),
                whose: "an MkDocs admonition",
                help: ALERT_HELP,
            });
        }
    }
    if let Some(rest) = line.strip_prefix(":::") {
        let rest = rest.trim_start_matches(':').trim_start();
        if rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '{') {
            let end = line.len() - rest.len() + rest.find(' ').unwrap_or(rest.len());
            return Some(OtherDialect {
                marker: marker(end),
                whose: "a Docusaurus, VuePress or Pandoc container",
                help: ALERT_HELP,
            });
        }
    }
    if line.starts_with("{:") && line.ends_with('}') {
        return Some(OtherDialect {
            marker: line.to_owned(),
            whose: "a kramdown attribute list (Jekyll)",
            help: "delete the line: placebook styles pages through its theme, and makes a table of contents itself on pages with three or more headings",
        });
    }
    None
}

/// Bullets that only mark a list item (as Word and web pages paste them).
const BULLETS: &[char] = &[
    '•', '◦', '▪', '▫', '‣', '⁃', '●', '○', '■', '□', '➢', '➤', '·',
];

/// Dashes that mark a list item when lines in a row start with one, and may start a
/// single line of prose (`— Jane Smith`).
const DASHES: &[char] = &['–', '—'];

/// The bullet a pasted list item starts with, when the text from a line's start is
/// one: a bullet character and a space (`• First point`), or a dash and a space on
/// this line and the next (`– First point`). Markdown makes a list only of `- `,
/// `* ` or `1. `; pasted bullets run together in one paragraph.
pub fn pasted_bullet(from_line_start: &str) -> Option<char> {
    let starts_item = |line: &str| {
        let mut chars = line.chars();
        let first = chars.next()?;
        matches!(chars.next(), Some(' ' | '\t')).then_some(first)
    };
    let mut lines = from_line_start.lines();
    let first = starts_item(lines.next()?)?;
    if BULLETS.contains(&first) {
        return Some(first);
    }
    (DASHES.contains(&first) && lines.next().and_then(starts_item) == Some(first)).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(line: &str) -> Option<String> {
        at_line_start(line).map(|d| d.marker)
    }

    #[test]
    fn other_dialects_markers_are_named() {
        assert_eq!(
            marker("!!! note \"Before you start\""),
            Some("!!! note".into())
        );
        assert_eq!(marker("???+ tip"), Some("???+ tip".into()));
        assert_eq!(marker(":::tip Try this"), Some(":::tip".into()));
        assert_eq!(
            marker("::: {.warning}\nmore"),
            Some("::: {.warning}".into())
        );
        assert_eq!(marker("{: .usa-table}"), Some("{: .usa-table}".into()));
        assert_eq!(marker("{:toc}"), Some("{:toc}".into()));
    }

    #[test]
    fn pasted_bullets_are_found_and_a_single_dash_is_prose() {
        assert_eq!(pasted_bullet("• First point\n• Second"), Some('•'));
        assert_eq!(pasted_bullet("▪\tOne"), Some('▪'));
        assert_eq!(pasted_bullet("– One\n– Two"), Some('–'));
        assert_eq!(pasted_bullet("— Jane Smith, council leader\n\nMore."), None);
        assert_eq!(pasted_bullet("•no space"), None);
        assert_eq!(pasted_bullet("- a markdown item"), None);
    }

    #[test]
    fn prose_that_only_looks_alike_is_left_alone() {
        for line in [
            "!!! Wow",
            "!!!",
            "Amazing!!! note",
            ":::",
            "::: ",
            "{: not closed",
            "{ .x }",
            "?? what",
            "!!!1 note",
        ] {
            assert_eq!(marker(line), None, "{line:?}");
        }
    }
}
