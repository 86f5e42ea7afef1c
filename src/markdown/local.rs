//! Addresses on the author's own computer (a file path, a network share, a preview
//! on `localhost`), which no reader of the published site can open.

/// Where an address on the author's own computer points, which readers cannot open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnAuthorsComputer {
    /// A file: a drive path (`C:\\Users\\...`), `file:///...`, or a path from `\\`
    /// (also how a network share `\\\\server\\share` reads once markdown unescapes it).
    File,
    /// A preview served on it: `http://localhost:1111/`, `127.0.0.1`, `[::1]`.
    Preview,
}

/// Whether `address` is on the author's own computer, and how.
pub fn on_authors_computer(address: &str) -> Option<OnAuthorsComputer> {
    let address = address.trim();
    let b = address.as_bytes();
    let drive =
        b.len() > 2 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'\\' | b'/');
    let file = drive
        || address
            .get(..5)
            .is_some_and(|s| s.eq_ignore_ascii_case("file:"))
        || address.starts_with('\\');
    if file {
        Some(OnAuthorsComputer::File)
    } else {
        is_local_preview(address).then_some(OnAuthorsComputer::Preview)
    }
}

/// Whether `address` is a web address served from the computer it is opened on:
/// `localhost` (and `*.localhost`), `127.x.x.x`, `0.0.0.0` or `[::1]`.
fn is_local_preview(address: &str) -> bool {
    let lower = address.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"))
    else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if host_port.starts_with('[') {
        host_port.split(']').next().map_or("", |h| &h[1..])
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let host = host.trim_end_matches('.');
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "0.0.0.0"
        || host == "::1"
        || host.strip_prefix("127.").is_some_and(|r| {
            let parts: Vec<&str> = r.split('.').collect();
            parts.len() == 3
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_on_the_authors_computer_are_told_apart_from_the_web() {
        for local in [
            "C:\\Users\\jo\\report.pdf",
            "c:/Users/jo/report.pdf",
            "file:///home/jo/r.pdf",
            "FILE://server/share/x.docx",
            "\\\\server\\share\\x.docx",
            "\\server\\share\\x.docx",
            "http://localhost:1111/council/",
            "https://LOCALHOST/",
            "http://localhost",
            "http://site.localhost:8080/a",
            "http://127.0.0.1:1313/x/",
            "http://127.1.2.3/",
            "http://0.0.0.0:8000",
            "http://[::1]:3000/",
            "http://user@localhost/",
            " http://localhost:1111/ ",
        ] {
            assert!(on_authors_computer(local).is_some(), "{local}");
        }
        for web in [
            "https://example.org/localhost/",
            "https://localhost.example.org/",
            "https://mylocalhost/",
            "http://127.0.0.1.example.org/",
            "https://www.gov.uk/",
            "mailto:someone@localhost",
            "../building-blocks/a.md",
            "/files/report.pdf",
            "#top",
            "",
        ] {
            assert!(on_authors_computer(web).is_none(), "{web}");
        }
        assert_eq!(
            on_authors_computer("http://localhost:1111/"),
            Some(OnAuthorsComputer::Preview)
        );
        assert_eq!(
            on_authors_computer("\\\\server\\share"),
            Some(OnAuthorsComputer::File)
        );
    }
}
