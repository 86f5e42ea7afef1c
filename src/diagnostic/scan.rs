//! Finds, in placebook's own source, the code given to every `Diagnostic::error(...)` and
//! `Diagnostic::warning(...)` call, for the test that keeps the table of codes complete.
//!
//! A small lexer skips comments and reads string literals, so a call written in a comment
//! or a string is not counted and a comma inside a string does not end an argument.
//! The first argument is read up to its top-level comma and every string literal in it
//! is a code: this covers a plain `"code"` and `if cond { "one" } else { "other" }`. When
//! the argument is a bare variable, the literals of the nearest `let <variable> = ...;`
//! before the call are its codes (theme.rs picks `template-syntax` or `template-render`
//! that way). Anything else (a helper's parameter, a call without parentheses) is
//! reported as an error, so the test fails rather than miss a code.
//!
//! Limits: `Diagnostic` imported under another name is not recognised, and everything
//! after a file's first `#[cfg(test)]` counts as test code (test modules in this crate
//! are at the end of their files).

use std::path::{Path, PathBuf};

/// A code found in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The code.
    pub code: String,
    /// The file, relative to the crate, and the 1-based line of the call.
    pub place: String,
    /// True when the call is in test code.
    pub in_test: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Str(String),
    Punct(char),
}

/// A token and the 1-based line it starts on.
type Token = (Tok, usize);

/// Every `.rs` file under `dir`, sorted.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The codes made in `text` (the source of the file `name`), or what the scanner could
/// not read.
pub fn codes_in(name: &str, text: &str) -> Result<Vec<Found>, String> {
    let toks = lex(text);
    let test_from = test_start(&toks);
    let mut found = Vec::new();
    for i in 0..toks.len() {
        let is_call = matches!(&toks[i].0, Tok::Ident(d) if d == "Diagnostic")
            && toks.get(i + 1).map(|t| &t.0) == Some(&Tok::Punct(':'))
            && toks.get(i + 2).map(|t| &t.0) == Some(&Tok::Punct(':'))
            && matches!(toks.get(i + 3).map(|t| &t.0), Some(Tok::Ident(f)) if f == "error" || f == "warning");
        if !is_call {
            continue;
        }
        let line = toks[i].1;
        let place = format!("{name}:{line}");
        if toks.get(i + 4).map(|t| &t.0) != Some(&Tok::Punct('(')) {
            return Err(format!(
                "{place}: Diagnostic::error/warning is used without a call, so its code cannot be read"
            ));
        }
        let arg = first_argument(&toks[i + 5..]);
        let codes = match arg {
            [(Tok::Ident(var), _)] => let_literals(&toks[..i], var)
                .ok_or_else(|| format!("{place}: the code is the variable `{var}`, and no `let {var} = \"...\"` precedes the call; name the code as a literal, or teach src/diagnostic/scan.rs how to find it"))?,
            _ => literals(arg),
        };
        if codes.is_empty() {
            return Err(format!(
                "{place}: the code is not a string literal, so the scanner cannot read it"
            ));
        }
        found.extend(codes.into_iter().map(|code| Found {
            code,
            place: place.clone(),
            in_test: i >= test_from,
        }));
    }
    Ok(found)
}

/// The tokens of the first argument of a call: up to the first comma (or closing
/// parenthesis) outside brackets.
fn first_argument(toks: &[Token]) -> &[Token] {
    let mut depth = 0usize;
    for (n, (t, _)) in toks.iter().enumerate() {
        match t {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') if depth == 0 => return &toks[..n],
            Tok::Punct(')' | ']' | '}') => depth -= 1,
            Tok::Punct(',') if depth == 0 => return &toks[..n],
            _ => {}
        }
    }
    toks
}

/// The string literals among `toks`.
fn literals(toks: &[Token]) -> Vec<String> {
    toks.iter()
        .filter_map(|(t, _)| match t {
            Tok::Str(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

/// The string literals of the last `let var = ...;` in `before`, if there is one.
fn let_literals(before: &[Token], var: &str) -> Option<Vec<String>> {
    let start = (0..before.len()).rev().find(|&i| {
        matches!(&before[i].0, Tok::Ident(l) if l == "let")
            && matches!(before.get(i + 1).map(|t| &t.0), Some(Tok::Ident(v)) if v == var)
            && before.get(i + 2).map(|t| &t.0) == Some(&Tok::Punct('='))
    })?;
    let value = &before[start + 3..];
    let mut depth = 0usize;
    let end = value
        .iter()
        .position(|(t, _)| {
            match t {
                Tok::Punct('(' | '[' | '{') => depth += 1,
                Tok::Punct(')' | ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            depth == 0 && *t == Tok::Punct(';')
        })
        .unwrap_or(value.len());
    Some(literals(&value[..end]))
}

/// The index of the first token of the first `#[cfg(test)]`, or the number of tokens.
fn test_start(toks: &[Token]) -> usize {
    let pattern = [
        Tok::Punct('#'),
        Tok::Punct('['),
        Tok::Ident("cfg".into()),
        Tok::Punct('('),
        Tok::Ident("test".into()),
        Tok::Punct(')'),
        Tok::Punct(']'),
    ];
    toks.windows(pattern.len())
        .position(|w| w.iter().map(|(t, _)| t).eq(pattern.iter()))
        .unwrap_or(toks.len())
}

/// Splits Rust source into identifiers, string literals and punctuation, dropping
/// comments, whitespace, numbers' meaning and character literals.
fn lex(text: &str) -> Vec<Token> {
    let s: Vec<char> = text.chars().collect();
    let mut toks = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < s.len() {
        let start_line = line;
        let c = s[i];
        let next = s.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < s.len() && s[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i = block_comment_end(&s, i, &mut line);
        } else if c == '"' {
            let (end, value) = quoted(&s, i + 1, 0, &mut line);
            toks.push((Tok::Str(value), start_line));
            i = end;
        } else if c == '\'' {
            i = after_quote(&s, i);
        } else if c.is_alphanumeric() || c == '_' {
            let from = i;
            while i < s.len() && (s[i].is_alphanumeric() || s[i] == '_') {
                i += 1;
            }
            let word: String = s[from..i].iter().collect();
            match raw_string(&s, i, &word, &mut line) {
                Some((end, value)) => {
                    toks.push((Tok::Str(value), start_line));
                    i = end;
                }
                None => toks.push((Tok::Ident(word), start_line)),
            }
        } else {
            if c == '\n' {
                line += 1;
            } else if !c.is_whitespace() {
                toks.push((Tok::Punct(c), start_line));
            }
            i += 1;
        }
    }
    toks
}

/// After a `/*` at `i`: the index just past its (nested) `*/`.
fn block_comment_end(s: &[char], mut i: usize, line: &mut usize) -> usize {
    let mut depth = 0;
    while i < s.len() {
        match (s[i], s.get(i + 1).copied()) {
            ('/', Some('*')) => (depth, i) = (depth + 1, i + 2),
            ('*', Some('/')) => {
                (depth, i) = (depth - 1, i + 2);
                if depth == 0 {
                    return i;
                }
            }
            (c, _) => {
                *line += usize::from(c == '\n');
                i += 1;
            }
        }
    }
    i
}

/// A string's text from `i` (just past the opening quote) to the quote followed by
/// `hashes` `#`s (escapes count only when `hashes` is 0, a plain string): the index past
/// the end, and the text.
fn quoted(s: &[char], mut i: usize, hashes: usize, line: &mut usize) -> (usize, String) {
    let from = i;
    while i < s.len() {
        match s[i] {
            '\\' if hashes == 0 => {
                *line += usize::from(s.get(i + 1) == Some(&'\n'));
                i += 2;
            }
            '"' if (1..=hashes).all(|h| s.get(i + h) == Some(&'#')) => {
                return (i + 1 + hashes, s[from..i].iter().collect());
            }
            c => {
                *line += usize::from(c == '\n');
                i += 1;
            }
        }
    }
    (i, s[from..].iter().collect())
}

/// At a `'` at `i`: skips a character literal (`'a'`, `'\n'`, `'\u{1F600}'`) or only the
/// quote of a lifetime (`'a`, `'static`); the index after it.
fn after_quote(s: &[char], i: usize) -> usize {
    match (s.get(i + 1), s.get(i + 2)) {
        (Some('\\'), _) => {
            let mut j = i + 3;
            while j < s.len() && s[j] != '\'' {
                j += 1;
            }
            j + 1
        }
        (Some(_), Some('\'')) => i + 3,
        _ => i + 1,
    }
}

/// A raw or prefixed string (`r"..."`, `r#"..."#`, `b"..."`, `br"..."`, `c"..."`) whose
/// prefix `word` ends at `i`: the index past it, and its text.
fn raw_string(s: &[char], i: usize, word: &str, line: &mut usize) -> Option<(usize, String)> {
    let raw = matches!(word, "r" | "br" | "cr");
    if !raw && !matches!(word, "b" | "c") {
        return None;
    }
    let hashes = if raw {
        s[i..].iter().take_while(|&&c| c == '#').count()
    } else {
        0
    };
    if s.get(i + hashes) != Some(&'"') {
        return None;
    }
    // A raw string without `#`s still has no escapes: end it at the first quote.
    let (end, text) = if raw && hashes == 0 {
        let close = s[i + 1..]
            .iter()
            .position(|&c| c == '"')
            .map_or(s.len(), |p| i + 1 + p);
        *line += s[i + 1..close].iter().filter(|&&c| c == '\n').count();
        (close + 1, s[i + 1..close].iter().collect())
    } else {
        quoted(s, i + hashes + 1, hashes, line)
    };
    Some((end, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<(String, bool)> {
        codes_in("f.rs", text)
            .expect("scans")
            .into_iter()
            .map(|f| (f.code, f.in_test))
            .collect()
    }

    #[test]
    fn finds_literal_codes_across_lines_and_skips_comments_and_strings() {
        let text = r##"
            // Diagnostic::error("in-a-comment", "x")
            /* Diagnostic::warning("in-a-block", /* nested */ "x") */
            let s = "Diagnostic::error(\"in-a-string\", x)";
            let r = r#"Diagnostic::error("in-a-raw-string", x)"#;
            let c = '"'; let l: &'static str = "";
            let d = Diagnostic::error(
                "on-the-next-line",
                format!("a, b"),
            );
            let e = crate::diagnostic::Diagnostic::warning("with-a-path", "m");
            #[cfg(test)]
            mod tests { fn t() { Diagnostic::error("in-a-test", "m"); } }
        "##;
        assert_eq!(
            codes(text),
            vec![
                ("on-the-next-line".to_owned(), false),
                ("with-a-path".to_owned(), false),
                ("in-a-test".to_owned(), true),
            ]
        );
    }

    #[test]
    fn reads_codes_chosen_by_an_if_or_through_a_let() {
        let text = r#"
            Diagnostic::error(if a { "one" } else { "two" }, format!("{x}"));
            let kind = if b { "three" } else { "four" };
            let d = Diagnostic::error(kind, "m");
        "#;
        let got: Vec<String> = codes(text).into_iter().map(|(c, _)| c).collect();
        assert_eq!(got, ["one", "two", "three", "four"]);
    }

    #[test]
    fn refuses_codes_it_cannot_read() {
        for text in [
            "fn f(code: &'static str) { Diagnostic::error(code, \"m\") }",
            "xs.map(Diagnostic::error)",
            "Diagnostic::error(CODE, \"m\")",
        ] {
            assert!(codes_in("f.rs", text).is_err(), "{text}");
        }
    }
}
