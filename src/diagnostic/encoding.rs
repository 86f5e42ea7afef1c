//! Text encodings people save files in by mistake, and how to save them as UTF-8.

/// How to save a file as UTF-8, in the words of the editors people use.
pub const SAVE_AS_UTF8: &str = "save it again as UTF-8: in Notepad, File > Save as, then Encoding: UTF-8; in Word, save as Plain Text and choose Unicode (UTF-8); most other editors offer it under \"Save with encoding\"";

/// True for text saved as UTF-16: a UTF-16 byte-order mark, or ASCII text with a NUL
/// beside every character (UTF-16 without a mark).
pub fn looks_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let head = &bytes[..bytes.len().min(512) & !1];
    head.len() >= 8
        && (head.chunks(2).all(|p| p[1] == 0 && p[0] != 0)
            || head.chunks(2).all(|p| p[0] == 0 && p[1] != 0))
}
