//! Positions as editors count them: 0-based lines and UTF-16 code units, against the
//! document's text as the editor holds it (which may use CRLF and start with a BOM).

use crate::diagnostic::{Diagnostic, Location};
use lsp_types::{Position, Range};

/// The lines of a text, split at `\n`, `\r\n` or `\r` as the protocol defines, without
/// their endings. A text ending in a line break has an empty last line.
pub fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            b'\r' => {
                out.push(&text[start..i]);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(&text[start..]);
    out
}

/// The byte offset in `text` of a protocol position (clamped to the text; a column past
/// the end of its line stops at the line's end).
pub fn offset_of(text: &str, at: Position) -> usize {
    let mut start = 0;
    let bytes = text.as_bytes();
    for _ in 0..at.line {
        let Some(i) = bytes[start..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
        else {
            return text.len();
        };
        let mut next = start + i + 1;
        if bytes[start + i] == b'\r' && bytes.get(next) == Some(&b'\n') {
            next += 1;
        }
        start = next;
    }
    let end = bytes[start..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(text.len(), |i| start + i);
    start + byte_of_utf16(&text[start..end], at.character)
}

/// Replaces the text of `range` with `new` (an incremental change from the editor).
pub fn apply_edit(text: &mut String, range: Range, new: &str) {
    let start = offset_of(text, range.start);
    let end = offset_of(text, range.end).max(start);
    text.replace_range(start..end, new);
}

/// The length of a text in UTF-16 code units.
pub fn utf16_len(s: &str) -> u32 {
    u32::try_from(s.encode_utf16().count()).unwrap_or(u32::MAX)
}

/// The UTF-16 column after the first `chars` characters of `line` (clamped to its end).
pub fn utf16_of_chars(line: &str, chars: usize) -> u32 {
    let units: usize = line.chars().take(chars).map(char::len_utf16).sum();
    u32::try_from(units).unwrap_or(u32::MAX)
}

/// The byte offset in `line` of a UTF-16 column, clamped to the line's end; a column in
/// the middle of a character (half a surrogate pair) falls back to that character's start.
pub fn byte_of_utf16(line: &str, column: u32) -> usize {
    let mut units = 0u32;
    for (i, c) in line.char_indices() {
        let next = units + c.len_utf16() as u32;
        if next > column {
            return i;
        }
        units = next;
    }
    line.len()
}

/// How many byte-order marks the text starts with: the loader drops them, so columns on
/// the first line of its diagnostics are that many characters short.
fn leading_boms(text: &str) -> usize {
    text.chars().take_while(|&c| c == '\u{feff}').count()
}

/// The range in the editor's text that a diagnostic from the loader points at: its
/// line and character column (1-based, on the loader's text) and its span of characters,
/// all turned into UTF-16. A diagnostic about the whole file covers its first line.
pub fn range_of(d: &Diagnostic, text: &str, lines: &[&str]) -> Range {
    let Some(Location { line, column, .. }) = d.location.clone() else {
        return whole_line(0, lines);
    };
    if line == 0 {
        return whole_line(0, lines);
    }
    let index = (line - 1).min(lines.len().saturating_sub(1));
    if column == 0 {
        return whole_line(index, lines);
    }
    let text_line = lines.get(index).copied().unwrap_or("");
    let shift = if index == 0 { leading_boms(text) } else { 0 };
    let start_chars = column - 1 + shift;
    let end_chars = start_chars + d.span.max(1);
    let mut start = utf16_of_chars(text_line, start_chars);
    let end = utf16_of_chars(text_line, end_chars);
    if start == end && start > 0 {
        // At the very end of the line: underline its last character instead of nothing.
        start = utf16_of_chars(text_line, start_chars.saturating_sub(1));
    }
    Range {
        start: pos(index, start),
        end: pos(index, end),
    }
}

fn whole_line(index: usize, lines: &[&str]) -> Range {
    let len = lines.get(index).map_or(0, |l| utf16_len(l));
    Range {
        start: pos(index, 0),
        end: pos(index, len),
    }
}

fn pos(line: usize, character: u32) -> Position {
    Position {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        character,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_at_every_kind_of_break() {
        assert_eq!(lines("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
        assert_eq!(lines("a\n"), ["a", ""]);
        assert_eq!(lines(""), [""]);
    }

    #[test]
    fn utf16_counts_surrogate_pairs_as_two() {
        // 'é' is one unit, '😀' two.
        let line = "é😀x";
        assert_eq!(utf16_len(line), 4);
        assert_eq!(utf16_of_chars(line, 0), 0);
        assert_eq!(utf16_of_chars(line, 1), 1);
        assert_eq!(utf16_of_chars(line, 2), 3);
        assert_eq!(utf16_of_chars(line, 99), 4);
    }

    #[test]
    fn bytes_from_utf16_columns() {
        let line = "é😀x";
        assert_eq!(byte_of_utf16(line, 0), 0);
        assert_eq!(byte_of_utf16(line, 1), 2);
        // In the middle of the emoji: back to its start.
        assert_eq!(byte_of_utf16(line, 2), 2);
        assert_eq!(byte_of_utf16(line, 3), 6);
        assert_eq!(byte_of_utf16(line, 4), 7);
        assert_eq!(byte_of_utf16(line, 50), 7);
    }

    fn diag(line: usize, column: usize, span: usize) -> Diagnostic {
        let mut d = Diagnostic::error("x", "m").span(span);
        d.location = Some(Location {
            file: "content/a.md".into(),
            line,
            column,
        });
        d
    }

    #[test]
    fn a_diagnostic_after_wide_characters_is_placed_in_utf16() {
        let text = "---\ntitle: 😀 TODO\n---\n";
        let ls = lines(text);
        // "TODO" is the 10th character of line 2: after "title: " (7) and "😀 " (2).
        let r = range_of(&diag(2, 10, 4), text, &ls);
        assert_eq!((r.start.line, r.start.character), (1, 10));
        assert_eq!((r.end.line, r.end.character), (1, 14));
    }

    #[test]
    fn crlf_and_bom_do_not_shift_positions() {
        let text = "\u{feff}---\r\ntitel: x\r\n---\r\n";
        let ls = lines(text);
        let r = range_of(&diag(2, 1, 5), text, &ls);
        assert_eq!((r.start, r.end), (pos(1, 0), pos(1, 5)));
        // On the first line the BOM the loader dropped is counted back in.
        let r = range_of(&diag(1, 1, 3), text, &ls);
        assert_eq!((r.start, r.end), (pos(0, 1), pos(0, 4)));
    }

    #[test]
    fn offsets_and_incremental_edits() {
        let text = "ab\r\né😀z\nlast";
        assert_eq!(offset_of(text, pos(0, 1)), 1);
        assert_eq!(offset_of(text, pos(1, 0)), 4);
        assert_eq!(offset_of(text, pos(1, 3)), 10);
        assert_eq!(offset_of(text, pos(1, 99)), 11);
        assert_eq!(offset_of(text, pos(9, 0)), text.len());
        let mut t = text.to_owned();
        apply_edit(
            &mut t,
            Range {
                start: pos(1, 1),
                end: pos(1, 3),
            },
            "-",
        );
        assert_eq!(t, "ab\r\né-z\nlast");
    }

    #[test]
    fn whole_file_and_whole_line_diagnostics() {
        let text = "---\nabc\n";
        let ls = lines(text);
        let r = range_of(&diag(0, 0, 1), text, &ls);
        assert_eq!((r.start, r.end), (pos(0, 0), pos(0, 3)));
        let r = range_of(&diag(2, 0, 1), text, &ls);
        assert_eq!((r.start, r.end), (pos(1, 0), pos(1, 3)));
        // A line past the end is clamped to the last line.
        let r = range_of(&diag(40, 2, 1), text, &ls);
        assert_eq!(r.start.line, 2);
    }
}
