//! Turning a file's bytes into text and splitting off its YAML front matter.

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

/// Decodes a file's bytes: rejects binary and invalid UTF-8 with the position of the
/// first bad byte, drops a byte-order mark, and normalises CRLF line endings to LF.
pub fn decode(bytes: Vec<u8>, file: &str) -> Result<String, Diagnostic> {
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
            .suggest("save the file with UTF-8 encoding (most editors offer it under \"Save with encoding\")"));
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
        return Ok(Split {
            front_matter: None,
            body_start: 0,
        });
    }
    for n in 2..=text.line_count() {
        let line = text.line(n).unwrap_or("");
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
    }
}
