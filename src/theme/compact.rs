//! The default theme's search engine script as published: without its whole-line
//! comments, blank lines and indentation (a third of its bytes), which every first
//! search downloads. The file in the repository keeps them.

/// The default theme's file published compacted.
pub const COMPACTED: &str = "assets/search.js";

/// `js` without the comments that fill whole lines (`/* … */`, over one line or more),
/// blank lines and each line's indentation. Newlines are kept, so the script means the
/// same; a comment that ends with code after it on its line leaves `js` as it is.
pub fn compact_script(js: &str) -> Option<String> {
    let mut out = String::with_capacity(js.len());
    let mut in_comment = false;
    for line in js.lines() {
        let t = line.trim();
        if in_comment || t.starts_with("/*") {
            let from = if in_comment { 0 } else { 2 };
            match t[from..].find("*/") {
                Some(end) if t[from + end + 2..].trim().is_empty() => in_comment = false,
                Some(_) => return None,
                None => in_comment = true,
            }
            continue;
        }
        if !t.is_empty() {
            out.push_str(t);
            out.push('\n');
        }
    }
    (!in_comment).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_line_comments_and_indentation_go() {
        let js = "/* a\n   b */\n(function () {\n  /* one line */\n  var a = \"/* kept */\"; // kept\n\n  return a;\n})();\n";
        assert_eq!(
            compact_script(js).as_deref(),
            Some("(function () {\nvar a = \"/* kept */\"; // kept\nreturn a;\n})();\n")
        );
        // Code after a comment on its line, or a comment never closed: left as it is.
        assert_eq!(compact_script("/* a */ var b;\n"), None);
        assert_eq!(compact_script("/* a\n"), None);
    }

    #[test]
    fn the_search_script_compacts_to_about_three_quarters() {
        let js = include_str!("../../themes/default/static/assets/search.js");
        let small = compact_script(js).expect("search.js compacts");
        assert!(
            small.len() < js.len() * 4 / 5,
            "{} of {}",
            small.len(),
            js.len()
        );
        assert!(small.contains("window.placebookSearch = api;"));
    }
}
