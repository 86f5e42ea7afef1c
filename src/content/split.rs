//! Turning a file's bytes into text and splitting off its YAML front matter.

use crate::diagnostic::encoding::{SAVE_AS_UTF8, looks_utf16};
use crate::diagnostic::{Diagnostic, Position, SourceText};

/// The largest markdown file placebook reads. Larger files are almost always a mistake
/// (a pasted export, a binary renamed to `.md`) and would slow every build.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// A markdown file split into front matter and body (byte ranges into its text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The YAML between the `---` lines, when the file has front matter.
    pub front_matter: Option<FrontMatterRange>,
    /// Where the body starts.
    pub body_start: usize,
}

/// Where the YAML of the front matter is in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrontMatterRange {
    /// Byte range of the YAML text.
    pub start: usize,
    /// End of the YAML text (exclusive).
    pub end: usize,
    /// 1-based line on which the YAML text starts (the line after the opening `---`).
    pub first_line: usize,
    /// 1-based line of the closing `---`.
    pub closing_line: usize,
}

/// Decodes a file's bytes: rejects UTF-16, binary and invalid UTF-8 (with the position
/// of the first bad byte), drops a byte-order mark, and normalises CRLF line endings to
/// LF.
pub fn decode(bytes: Vec<u8>, file: &str) -> Result<String, Diagnostic> {
    if looks_utf16(&bytes) {
        return Err(Diagnostic::error(
            "invalid-utf8",
            "this file is saved as UTF-16 (which Notepad and Word call \"Unicode\"), but placebook reads UTF-8 text",
        )
        .in_file(file)
        .suggest(SAVE_AS_UTF8));
    }
    if bytes.contains(&0) {
        return Err(Diagnostic::error(
            "binary-file",
            "this file contains NUL bytes: it looks like a binary file, not markdown",
        )
        .in_file(file)
        .suggest("markdown files must be plain text; move images and downloads to static/"));
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let good = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let lossy = String::from_utf8_lossy(&bytes).into_owned();
            let src = SourceText::new(lossy);
            let pos = SourceText::new(good.clone()).position(good.len());
            return Err(Diagnostic::error(
                "invalid-utf8",
                format!("this file is not valid UTF-8 text (bad byte at offset {valid})"),
            )
            .at(file, &src, pos)
            .suggest(SAVE_AS_UTF8));
        }
    };
    // Editors that add a byte-order mark to text that already starts with one leave
    // two; neither is content.
    let text = match text.trim_start_matches('\u{feff}') {
        rest if rest.len() < text.len() => rest.to_owned(),
        _ => text,
    };
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

/// True for a line of dashes that is not `---`: what Word makes of `---` (`—`), or a
/// fence typed with too few or too many hyphens.
fn is_dash_line(line: &str) -> bool {
    let t = line.trim_end();
    let marks: Vec<char> = t.chars().filter(|c| *c != ' ').collect();
    let dashes = !t.starts_with(' ')
        && !marks.is_empty()
        && marks.len() <= 4
        && t.chars()
            .all(|c| matches!(c, '-' | '–' | '—' | '‒' | '―' | ' '));
    let long_dash = marks.iter().any(|c| *c != '-');
    dashes && t != "---" && (long_dash || marks.len() == 2 || marks.len() == 4)
}

/// True for a line that starts like a front-matter field (`title:`).
fn looks_like_key(line: &str) -> bool {
    line.split_once(':').is_some_and(|(k, _)| {
        !k.is_empty()
            && k.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    })
}

/// The error for line `n`, meant as a front-matter fence but not typed as `---`.
fn mistyped_fence(text: &SourceText, file: &str, n: usize) -> Diagnostic {
    let line = text.line(n).unwrap_or("").trim();
    Diagnostic::error(
        "front-matter-fence",
        format!("line {n} looks meant to open or close the front matter, but it is `{line}`, not three hyphens `---`"),
    )
    .at(file, text, Position { line: n, column: 1 })
    .span(line.chars().count().max(1))
    .suggest("type exactly three hyphens `---` on the line (Word turns `---` into a long dash: turn off AutoFormat, or edit the file in a plain-text editor)")
}

fn is_delimiter(line: &str, marks: &[&str]) -> bool {
    let t = line.trim_end();
    marks.contains(&t)
}

/// Splits the front matter from the body. Front matter must start on the first line
/// with `---` and end with a line `---` (or `...`).
pub fn split(text: &SourceText, file: &str) -> Result<Split, Diagnostic> {
    let s = text.as_str();
    let first = text.line(1).unwrap_or("");
    if is_delimiter(first, &["+++"]) {
        return Err(Diagnostic::error(
            "toml-front-matter",
            "this file has TOML front matter (+++); placebook reads YAML between --- lines",
        )
        .at(file, text, Position { line: 1, column: 1 })
        .span(3)
        .suggest(
            "replace the +++ lines with ---, and write `key: value` instead of `key = value`",
        ));
    }
    if !is_delimiter(first, &["---"]) {
        if is_dash_line(first) && text.line(2).is_some_and(looks_like_key) {
            return Err(mistyped_fence(text, file, 1));
        }
        return Ok(Split {
            front_matter: None,
            body_start: 0,
        });
    }
    let yaml_like = |l: &str| looks_like_key(l) || l.starts_with([' ', '-']) || is_dash_line(l);
    let mut all_yaml = true;
    for n in 2..=text.line_count() {
        let line = text.line(n).unwrap_or("");
        if all_yaml && is_dash_line(line) {
            // The closing fence, typed as a dash: what follows is the body.
            return Err(mistyped_fence(text, file, n));
        }
        all_yaml &= yaml_like(line);
        if is_delimiter(line, &["---", "..."]) {
            let start = text.line_start(2).unwrap_or(s.len());
            let end = text.line_start(n).unwrap_or(s.len());
            let body_start = text.line_start(n + 1).unwrap_or(s.len());
            return Ok(Split {
                front_matter: Some(FrontMatterRange {
                    start,
                    end,
                    first_line: 2,
                    closing_line: n,
                }),
                body_start,
            });
        }
    }
    Err(Diagnostic::error(
        "unclosed-front-matter",
        "the front matter that starts on line 1 is never closed",
    )
    .at(file, text, Position { line: 1, column: 1 })
    .span(3)
    .suggest("add a line with only `---` after the last front-matter field, before the body"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_str(s: &str) -> Result<Split, Diagnostic> {
        split(&SourceText::new(s.to_owned()), "a.md")
    }

    #[test]
    fn fences_typed_by_word_are_named_where_they_are() {
        let e = split_str("—\ntitle: A\n—\nBody\n").unwrap_err();
        assert_eq!(
            (e.code, e.location.unwrap().line),
            ("front-matter-fence", 1)
        );
        let e = split_str("---\ntitle: A\nsummary: B\n—\n\nBody\n\n---\n").unwrap_err();
        assert_eq!(
            (e.code, e.location.unwrap().line),
            ("front-matter-fence", 4)
        );
        // A body that opens with a rule, or an unclosed front matter with a rule far below.
        assert!(split_str("—\n\nText\n").unwrap().front_matter.is_none());
        let e = split_str("---\ntitle: A\n\nBody\n\n----\n").unwrap_err();
        assert_eq!(e.code, "unclosed-front-matter");
    }

    #[test]
    fn splits_front_matter_and_body() {
        let s = "---\ntitle: A\n---\nBody\n";
        let sp = split_str(s).unwrap();
        let fm = sp.front_matter.unwrap();
        assert_eq!(&s[fm.start..fm.end], "title: A\n");
        assert_eq!(fm.first_line, 2);
        assert_eq!(&s[sp.body_start..], "Body\n");
    }

    #[test]
    fn no_front_matter_is_all_body() {
        assert_eq!(split_str("# Hi\n").unwrap().body_start, 0);
    }

    #[test]
    fn empty_front_matter_and_no_body() {
        let sp = split_str("---\n---").unwrap();
        let fm = sp.front_matter.unwrap();
        assert_eq!(fm.start, fm.end);
    }

    #[test]
    fn unclosed_front_matter_is_an_error_at_line_1() {
        let e = split_str("---\ntitle: A\nBody\n").unwrap_err();
        assert_eq!(e.code, "unclosed-front-matter");
        assert_eq!(e.location.unwrap().line, 1);
    }

    #[test]
    fn decode_handles_bom_crlf_and_rejects_bad_bytes() {
        assert_eq!(
            decode(b"\xEF\xBB\xBF---\r\na\r\n".to_vec(), "a").unwrap(),
            "---\na\n"
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBF\xEF\xBB\xBF---\n".to_vec(), "a").unwrap(),
            "---\n"
        );
        let e = decode(b"ok\nbad \xFF here".to_vec(), "a.md").unwrap_err();
        let loc = e.location.unwrap();
        assert_eq!((loc.line, loc.column), (2, 5));
        assert_eq!(
            decode(b"a\0b".to_vec(), "a").unwrap_err().code,
            "binary-file"
        );
        let utf16: Vec<u8> = "\u{feff}---\ntitle: A\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let e = decode(utf16.clone(), "a.md").unwrap_err();
        assert!(e.message.contains("UTF-16"), "{}", e.message);
        assert!(looks_utf16(&utf16[2..]), "without its mark");
        assert!(!looks_utf16(b"plain ASCII text here"));
    }
}
