//! Diagnostics: every problem placebook finds in a site, with where it is and how to fix it.
//!
//! The library never prints. Each phase returns [`Diagnostic`]s, collected into
//! [`Diagnostics`] so that one build reports all of its problems together. The CLI
//! renders them as text (with the offending line and a caret) or as JSON. [`codes`] is
//! the table of every code, with what it means and how to fix it.

pub mod codes;
pub mod encoding;
#[cfg(test)]
mod scan;

use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build cannot produce a correct site; nothing is written.
    Error,
    /// The site builds, but something is probably not what the author meant.
    Warning,
}

/// A position in a file of the site: a path relative to the site root, 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// Path relative to the site root, with `/` separators (e.g. `content/about.md`).
    pub file: String,
    /// 1-based line number; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column, counted in characters; 0 when unknown.
    pub column: usize,
}

/// One problem, with its location, the source line it points at, and a suggested fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short stable identifier such as `unknown-field` or `broken-link`.
    pub code: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
    /// Where it is, when it is in a file.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// What to do about it, when there is something specific to suggest.
    pub suggestion: Option<String>,
    /// The part of the line the location points at that is shown (at most about 200
    /// characters around the column, so a diagnostic never holds a whole 1 MB line).
    #[serde(skip)]
    pub source_line: Option<String>,
    /// The 1-based column of the location within `source_line`.
    #[serde(skip)]
    pub caret_column: usize,
    /// How many characters the caret underlines (at least one).
    #[serde(skip)]
    pub span: usize,
}

impl Diagnostic {
    /// A new error with a code and a message.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A new warning with a code and a message.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        // Debug builds (the binary the integration tests run) refuse a code missing from
        // the table. The crate's own unit tests are exempt because some use stand-in
        // codes (`x` in src/lsp/position.rs); the scan in codes.rs checks their codes.
        debug_assert!(
            cfg!(test) || codes::lookup(code).is_some(),
            "unknown diagnostic code `{code}`: add it to CODES in src/diagnostic/codes.rs"
        );
        Diagnostic {
            severity,
            code,
            message: message.into(),
            location: None,
            suggestion: None,
            source_line: None,
            caret_column: 0,
            span: 1,
        }
    }

    /// Points the diagnostic at a whole file.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.location = Some(Location {
            file: file.into(),
            line: 0,
            column: 0,
        });
        self
    }

    /// Points the diagnostic at a line and column of a file, showing that line.
    pub fn at(mut self, file: impl Into<String>, text: &SourceText, pos: Position) -> Self {
        self.location = Some(Location {
            file: file.into(),
            line: pos.line,
            column: pos.column,
        });
        let excerpt = text.line(pos.line).map(|l| excerpt(l, pos.column));
        (self.source_line, self.caret_column) = match excerpt {
            Some((shown, column)) => (Some(shown), column),
            None => (None, 0),
        };
        self
    }

    /// Sets how many characters the caret underlines.
    pub fn span(mut self, chars: usize) -> Self {
        self.span = chars.max(1);
        self
    }

    /// Adds a suggested fix.
    pub fn suggest(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic for a terminal: a header, `--> file:line:col`, the line
    /// with a caret under the fault, and the suggestion.
    pub fn render(&self, color: bool) -> String {
        let (label, paint) = match self.severity {
            Severity::Error => ("error", "\x1b[1;31m"),
            Severity::Warning => ("warning", "\x1b[1;33m"),
        };
        let (bold, blue, reset) = if color {
            ("\x1b[1m", "\x1b[1;34m", "\x1b[0m")
        } else {
            ("", "", "")
        };
        let paint = if color { paint } else { "" };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{paint}{label}[{}]{reset}{bold}: {}{reset}",
            self.code, self.message
        );
        if let Some(loc) = &self.location {
            let gutter = " ".repeat(loc.line.to_string().len());
            match (loc.line, loc.column) {
                (0, _) => {
                    let _ = writeln!(out, "{gutter}{blue}-->{reset} {}", loc.file);
                }
                (line, 0) => {
                    let _ = writeln!(out, "{gutter}{blue}-->{reset} {}:{line}", loc.file);
                }
                (line, col) => {
                    let _ = writeln!(out, "{gutter}{blue}-->{reset} {}:{line}:{col}", loc.file);
                }
            }
            if let (Some(shown), true) = (&self.source_line, loc.line > 0) {
                let _ = writeln!(out, "{gutter} {blue}|{reset}");
                let _ = writeln!(out, "{blue}{}{reset} {blue}|{reset} {}", loc.line, shown);
                if loc.column > 0 {
                    let pad: String = shown
                        .chars()
                        .take(self.caret_column.saturating_sub(1))
                        .map(|c| if c == '\t' { '\t' } else { ' ' })
                        .collect();
                    let _ = writeln!(
                        out,
                        "{gutter} {blue}|{reset} {pad}{paint}{}{reset}",
                        "^".repeat(self.span)
                    );
                }
            }
        }
        if let Some(s) = &self.suggestion {
            let _ = writeln!(out, "  {blue}={reset} {bold}help:{reset} {s}");
        }
        out
    }
}

/// The part of `line` shown under a diagnostic: all of it up to [`EXCERPT`] characters,
/// else a window around 1-based `column` with `…` where it is cut (a 1 MB line must not
/// flood the terminal, nor be copied into every diagnostic on it). Returns the excerpt
/// and the column's place in it.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let first = column.saturating_sub(1).saturating_sub(EXCERPT / 3);
    let mut chars = line.chars();
    let skipped = chars.by_ref().take(first).count();
    let mut shown: String = if skipped > 0 {
        "…".to_owned()
    } else {
        String::new()
    };
    shown.extend(chars.by_ref().take(EXCERPT));
    if chars.next().is_some() {
        shown.push('…');
    }
    let caret = column.saturating_sub(skipped) + usize::from(skipped > 0);
    (shown, caret)
}

/// How many characters of a line a diagnostic shows.
const EXCERPT: usize = 200;

/// A 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
}

/// A file's text with an index of line starts, to turn byte offsets into positions.
#[derive(Debug, Clone)]
pub struct SourceText {
    text: String,
    line_starts: Vec<usize>,
}

impl SourceText {
    /// Indexes `text`.
    pub fn new(text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceText { text, line_starts }
    }

    /// The whole text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The position of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_index];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text[start..end].chars().count() + 1;
        Position {
            line: line_index + 1,
            column,
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line(&self, line: usize) -> Option<&str> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        Some(self.text[start..end].trim_end_matches(['\n', '\r']))
    }

    /// The byte offset where a 1-based line starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)?).copied()
    }

    /// The number of lines.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The text up to byte `end` (clamped to a character boundary), its positions
    /// unchanged: what stays of a file once only its start is still needed.
    pub fn keep_up_to(&mut self, end: usize) {
        let mut end = end.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        self.text.truncate(end);
        self.text.shrink_to_fit();
        self.line_starts.retain(|&start| start <= end);
        self.line_starts.shrink_to_fit();
    }
}

/// All the diagnostics of one build, in the order they are reported.
#[derive(Debug, Default, Clone, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Adds many.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    /// True if any is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// How many errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// How many warnings.
    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    /// True if there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorts by file, line and column, errors before warnings, and drops exact repeats.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.location, a.severity, &a.message).cmp(&(&b.location, b.severity, &b.message))
        });
        self.0.dedup();
    }

    /// Iterates over them.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// The diagnostics as a vector.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        Diagnostics(v)
    }
}

/// One code that many messages share, for the summary after a long list: how many,
/// and the names its messages are about (the first `name` in backticks), most common
/// first, each with its count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeated {
    /// The code, as in `error[unknown-field]`.
    pub code: &'static str,
    /// How many messages have it.
    pub count: usize,
    /// The names the messages are about, and how often each comes.
    pub about: Vec<(String, usize)>,
}

/// The codes that come at least `at_least` times among `diags`, most common first: what
/// a person fixing a long list (a folder of pages brought from another tool) should
/// know first.
pub fn repeated<'a>(
    diags: impl IntoIterator<Item = &'a Diagnostic>,
    at_least: usize,
) -> Vec<Repeated> {
    let mut by_code: HashMap<&'static str, HashMap<String, usize>> = HashMap::new();
    let mut counts: HashMap<&'static str, usize> = HashMap::new();
    for d in diags {
        *counts.entry(d.code).or_default() += 1;
        if let Some(name) = d.message.split('`').nth(1).filter(|n| !n.is_empty()) {
            *by_code
                .entry(d.code)
                .or_default()
                .entry(name.to_owned())
                .or_default() += 1;
        }
    }
    let mut out: Vec<Repeated> = counts
        .into_iter()
        .filter(|(_, n)| *n >= at_least)
        .map(|(code, count)| {
            let mut about: Vec<(String, usize)> = by_code
                .remove(code)
                .unwrap_or_default()
                .into_iter()
                .collect();
            about.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            Repeated { code, count, about }
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(b.code)));
    out
}

/// The closest candidate to `word`, if one is close enough to be a likely typo: similar
/// enough overall, or one letter added, dropped, changed or swapped (`ulr` for `url`).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            let c_lower = c.to_lowercase();
            let one_slip =
                lower.chars().count() >= 3 && strsim::damerau_levenshtein(&lower, &c_lower) <= 1;
            let score = strsim::jaro_winkler(&lower, &c_lower);
            (if one_slip { score.max(0.8) } else { score }, c)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_codes_are_counted_with_what_they_are_about() {
        let diags = vec![
            Diagnostic::error("unknown-field", "unknown field `sidenav` in a"),
            Diagnostic::error("unknown-field", "unknown field `sidenav` in b"),
            Diagnostic::error("unknown-field", "unknown field `permalink` in c"),
            Diagnostic::error("missing-field", "this case-study has no `place`"),
            Diagnostic::error("broken-link", "no page here"),
        ];
        let r = repeated(&diags, 2);
        assert_eq!(
            r,
            vec![Repeated {
                code: "unknown-field",
                count: 3,
                about: vec![("sidenav".to_owned(), 2), ("permalink".to_owned(), 1)],
            }]
        );
        assert_eq!(repeated(&diags, 1).len(), 3);
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let t = SourceText::new("ab\ncafé x\n".to_owned());
        assert_eq!(t.position(0), Position { line: 1, column: 1 });
        assert_eq!(t.position(3), Position { line: 2, column: 1 });
        // 'x' is after "café " = 6 bytes, 5 chars
        assert_eq!(t.position(9), Position { line: 2, column: 6 });
        assert_eq!(t.line(2), Some("café x"));
        assert_eq!(t.line(9), None);
    }

    proptest::proptest! {
        /// Keeping a text's start keeps every position and line in it as they were.
        #[test]
        fn keeping_the_start_keeps_its_positions(text in "[a-zé\\n-]{0,60}", cut in 0usize..70) {
            let whole = SourceText::new(text.clone());
            let mut kept = whole.clone();
            kept.keep_up_to(cut);
            let end = kept.as_str().len();
            proptest::prop_assert!(text.starts_with(kept.as_str()));
            proptest::prop_assert!(end <= cut.min(text.len()) && cut.min(text.len()) - end < 2);
            for offset in (0..=end).filter(|&o| text.is_char_boundary(o)) {
                proptest::prop_assert_eq!(kept.position(offset), whole.position(offset));
            }
            for line in 1..=kept.line_count() {
                let (k, w) = (kept.line(line).unwrap_or_default(), whole.line(line).unwrap_or_default());
                proptest::prop_assert!(w.starts_with(k), "line {}: {:?} vs {:?}", line, k, w);
            }
        }
    }

    #[test]
    fn render_shows_line_caret_and_help() {
        let t = SourceText::new("---\ntitel: x\n---\n".to_owned());
        let d = Diagnostic::error("unknown-field", "unknown field `titel`")
            .at("content/a.md", &t, Position { line: 2, column: 1 })
            .span(5)
            .suggest("did you mean `title`?");
        let text = d.render(false);
        assert!(text.contains("--> content/a.md:2:1"), "{text}");
        assert!(text.contains("2 | titel: x"), "{text}");
        assert!(text.contains("  | ^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `title`?"), "{text}");
    }

    #[test]
    fn a_long_line_is_shown_around_the_fault_with_the_caret_under_it() {
        let line = format!("{}TARGET{}", "a".repeat(5_000), "b".repeat(5_000));
        let text = SourceText::new(format!("{line}\n"));
        let d = Diagnostic::error("broken-link", "x").at(
            "f.md",
            &text,
            Position {
                line: 1,
                column: 5_001,
            },
        );
        let shown = d.source_line.as_deref().unwrap();
        assert!(shown.chars().count() <= EXCERPT + 2, "{}", shown.len());
        let under: String = shown.chars().skip(d.caret_column - 1).take(6).collect();
        assert_eq!(under, "TARGET");
        let short = Diagnostic::error("x", "y").at(
            "f.md",
            &SourceText::new("abc\n".into()),
            Position { line: 1, column: 2 },
        );
        assert_eq!(
            (short.source_line.as_deref(), short.caret_column),
            (Some("abc"), 2)
        );
    }

    #[test]
    fn closest_finds_typos_only() {
        assert_eq!(closest("titel", ["title", "summary"]), Some("title"));
        assert_eq!(closest("zzz", ["title", "summary"]), None);
        assert_eq!(closest("ulr", ["title", "url"]), Some("url"));
    }
}
