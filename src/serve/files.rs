//! Mapping a request path to a file of the output folder, never to anything outside it.

use percent_encoding::percent_decode_str;
use std::path::{Path, PathBuf};

/// Where a request path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A file inside the output folder.
    File(PathBuf),
    /// A folder asked for without its trailing `/`: redirect to this path.
    AddSlash(String),
    /// Nothing there.
    NotFound,
    /// A path that tries to leave the output folder (`..`, encoded slashes or
    /// backslashes, NUL, a link pointing outside).
    Refused,
}

/// The output file a page address shows, as `live.js` names it: `/a/b/` gives
/// `a/b/index.html`, `/` gives `index.html`, `/x.html` stays `x.html`. `None` for an
/// address that cannot be decoded or that tries to leave the output folder.
pub fn page_file(raw_path: &str) -> Option<String> {
    let decoded = percent_decode_str(raw_path).decode_utf8().ok()?;
    let mut file = decoded.trim_start_matches('/').to_owned();
    if file.split('/').any(|s| s == ".." || s == ".") || file.contains(['\\', '\0']) {
        return None;
    }
    if file.is_empty() || file.ends_with('/') {
        file.push_str("index.html");
    }
    Some(file)
}

/// Resolves the path part of a request URL (still percent-encoded, starting with `/`)
/// against the output folder `root`. Folders give their `index.html`.
pub fn resolve(root: &Path, raw_path: &str) -> Resolved {
    let Some(path) = raw_path.strip_prefix('/') else {
        return Resolved::Refused;
    };
    let mut rel = PathBuf::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        let Ok(decoded) = percent_decode_str(seg).decode_utf8() else {
            return Resolved::Refused;
        };
        let unsafe_segment = decoded == ".."
            || decoded == "."
            || decoded.contains(['/', '\\', '\0'])
            || decoded.contains(':');
        if unsafe_segment {
            return Resolved::Refused;
        }
        if decoded.is_empty() {
            // `a//b` or a trailing `/`: only the trailing one is allowed.
            if i + 1 != segments.len() {
                return Resolved::Refused;
            }
            continue;
        }
        rel.push(decoded.as_ref());
    }
    let Ok(canonical_root) = root.canonicalize() else {
        return Resolved::NotFound;
    };
    let candidate = canonical_root.join(&rel);
    let Ok(real) = candidate.canonicalize() else {
        return Resolved::NotFound;
    };
    if !real.starts_with(&canonical_root) {
        return Resolved::Refused;
    }
    if real.is_dir() {
        if !path.is_empty() && !path.ends_with('/') {
            return Resolved::AddSlash(format!("{raw_path}/"));
        }
        let index = real.join("index.html");
        return match index.canonicalize() {
            Ok(i) if i.starts_with(&canonical_root) && i.is_file() => Resolved::File(i),
            Ok(_) => Resolved::Refused,
            Err(_) => Resolved::NotFound,
        };
    }
    if real.is_file() {
        Resolved::File(real)
    } else {
        Resolved::NotFound
    }
}

/// The Content-Type for a file, by its extension.
pub fn content_type(path: &Path) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    match mime.type_() {
        mime_guess::mime::TEXT => format!("{mime}; charset=utf-8"),
        _ if mime.subtype() == mime_guess::mime::JAVASCRIPT
            || mime.subtype() == mime_guess::mime::JSON =>
        {
            format!("{mime}; charset=utf-8")
        }
        _ => mime.to_string(),
    }
}

/// `html` with the live-reload script added before `</body>` (or at the end).
pub fn inject_script(html: &[u8], script_url: &str) -> Vec<u8> {
    let tag = format!("<script src=\"{script_url}\" defer></script>");
    let lower = html.to_ascii_lowercase();
    let at = lower
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir_all(out.join("case-studies/oldham")).unwrap();
        std::fs::write(out.join("index.html"), "home").unwrap();
        std::fs::write(out.join("case-studies/oldham/index.html"), "oldham").unwrap();
        std::fs::write(out.join("a b.txt"), "space").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
        tmp
    }

    #[test]
    fn serves_files_and_folder_indexes() {
        let tmp = site();
        let out = tmp.path().join("public");
        let real = |p: &str| Resolved::File(out.canonicalize().unwrap().join(p));
        assert_eq!(resolve(&out, "/"), real("index.html"));
        assert_eq!(resolve(&out, "/index.html"), real("index.html"));
        assert_eq!(
            resolve(&out, "/case-studies/oldham/"),
            real("case-studies/oldham/index.html")
        );
        assert_eq!(
            resolve(&out, "/case-studies/oldham"),
            Resolved::AddSlash("/case-studies/oldham/".into())
        );
        assert_eq!(resolve(&out, "/a%20b.txt"), real("a b.txt"));
        assert_eq!(resolve(&out, "/missing/"), Resolved::NotFound);
    }

    #[test]
    fn refuses_every_way_out_of_the_output() {
        let tmp = site();
        let out = tmp.path().join("public");
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/case-studies/..%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/case-studies/%2e%2e/%2e%2e/secret.txt",
            "/..\\secret.txt",
            "/%00",
            "/C:/Windows",
            "//etc/passwd",
            "no-leading-slash",
            "/%ff%fe",
        ] {
            assert_eq!(resolve(&out, bad), Resolved::Refused, "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_link_pointing_outside() {
        let tmp = site();
        let out = tmp.path().join("public");
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), out.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(tmp.path(), out.join("up")).unwrap();
        assert_eq!(resolve(&out, "/link.txt"), Resolved::Refused);
        assert_eq!(resolve(&out, "/up/secret.txt"), Resolved::Refused);
        assert_eq!(resolve(&out, "/up/"), Resolved::Refused);
    }

    #[test]
    fn page_files_are_named_as_the_live_script_names_them() {
        assert_eq!(page_file("/").as_deref(), Some("index.html"));
        assert_eq!(
            page_file("/case-studies/o%C3%A9/").as_deref(),
            Some("case-studies/oé/index.html")
        );
        assert_eq!(page_file("/print.html").as_deref(), Some("print.html"));
        assert_eq!(page_file("/a/../b/"), None);
        assert_eq!(page_file("/%ff/"), None);
    }

    #[test]
    fn injects_before_the_last_body_tag() {
        let html = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject_script(html, "/__placebook/live.js")).unwrap();
        assert_eq!(
            out,
            "<html><body><p>x</p><script src=\"/__placebook/live.js\" defer></script></BODY></html>"
        );
        let bare = String::from_utf8(inject_script(b"<p>x</p>", "/s.js")).unwrap();
        assert!(bare.ends_with("<script src=\"/s.js\" defer></script>"));
    }

    #[test]
    fn content_types_name_the_charset_of_text() {
        assert_eq!(
            content_type(Path::new("a.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("a.css")), "text/css; charset=utf-8");
        assert_eq!(content_type(Path::new("a.png")), "image/png");
        assert!(content_type(Path::new("a.js")).contains("javascript"));
    }
}
