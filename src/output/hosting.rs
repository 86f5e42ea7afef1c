//! How a host should serve the published site, in the two files Netlify and Cloudflare
//! Pages read from the top of the folder they publish (other hosts serve them as plain
//! files, which tells nothing that the site does not already show):
//!
//! - `_headers`: security headers for every file; a year's cache for the theme's assets
//!   under their content-named paths (`assets/placebook.1a2b3c4d.css`: a new build
//!   that changes one gives it a new name, see [`crate::plan::assets`]), and a short
//!   one for the same files under their plain names, which old templates may still
//!   use. Each asset path is a rule of its own, so no two cache rules meet on one file
//!   (the hosts would join their values) and a playbook's own files in `assets/` keep
//!   the hosts' default. The search index's folder, `search/data/`, whose files are all
//!   named by their content, is kept a year too. Pages and other files keep the
//!   default, which revalidates on every visit.
//! - `_redirects`: one `from to 301` line for each old address a page lists under
//!   `aliases` (placebook also writes a page at the old address that forwards; the
//!   rule gives a real permanent redirect where the host applies it first).
//!
//! Paths are from the top of the host: they start with the site's path in `base_url`.
//! A review copy (`build --drafts`) is not the published site and gets neither.

use crate::config::Config;
use crate::model::Site;
use crate::output::Artifact;
use std::fmt::Write as _;

/// The headers file's name.
pub const HEADERS_FILE: &str = "_headers";
/// The redirects file's name.
pub const REDIRECTS_FILE: &str = "_redirects";

/// How long browsers and the host's CDN may keep the theme's assets under their plain
/// names without asking again, in seconds.
pub const ASSET_MAX_AGE: u32 = 300;

/// The cache rule of a file whose name changes whenever its bytes do: a year, never
/// asked for again.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The headers every file gets.
pub const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    (
        "Permissions-Policy",
        "camera=(), microphone=(), geolocation=()",
    ),
];

/// Whether a site with `config` writes the two files: not for a review copy.
pub fn enabled(config: &Config) -> bool {
    !config.with_drafts
}

/// The files' addresses, known before rendering (none for a review copy).
pub fn addresses(config: &Config) -> &'static [&'static str] {
    if enabled(config) {
        &[HEADERS_FILE, REDIRECTS_FILE]
    } else {
        &[]
    }
}

/// Whether `path` (from the output's root) is one of the two files.
pub fn is_hosting_file(path: &str) -> bool {
    path == HEADERS_FILE || path == REDIRECTS_FILE
}

/// `_headers` and `_redirects` for `site`, whose theme assets are published under
/// `assets` (each plain path, `assets/placebook.css`, with its content-named one; see
/// [`crate::plan::AssetNames::plain_and_named`]), whose `folders` (`search/data/`)
/// hold only files named by their content, and whose old addresses are `aliases`
/// (each an
/// address from the site's folder, `old/` or `old.html`, with the folder of the page it
/// leads to; see [`crate::plan::alias_redirects`]), or nothing for a review copy. In a
/// playbook of several languages every site writes both; the build keeps the first
/// site's `_headers` (which covers every language) and joins the redirects into one.
pub fn render(
    site: &Site,
    (assets, folders): (&[(String, String)], &[&str]),
    aliases: &[(String, String)],
) -> Vec<Artifact> {
    if !enabled(&site.config) {
        return Vec::new();
    }
    vec![
        Artifact {
            path: HEADERS_FILE.into(),
            bytes: headers(&site.config, assets, folders).into_bytes(),
        },
        Artifact {
            path: REDIRECTS_FILE.into(),
            bytes: redirects(&site.config, aliases).into_bytes(),
        },
    ]
}

/// The headers file: security headers for everything under the site's path, then for
/// each language's copy of each of the theme's `assets`, a year's cache under its
/// content-named path and a short one under its plain name, and a year's cache for
/// each language's `folders` of content-named files.
pub fn headers(config: &Config, assets: &[(String, String)], folders: &[&str]) -> String {
    let base = encode_path(&config.base_path());
    let mut s = String::from(
        "# Written by placebook: HTTP headers for Netlify and Cloudflare Pages.\n\
         # Pages and other files keep the host's default cache rule,\n\
         # which asks browsers to check for a new version on every visit\n\
         # (Cache-Control: public, max-age=0, must-revalidate), so a new build shows at once.\n\n",
    );
    let _ = writeln!(s, "{base}*");
    for (name, value) in SECURITY_HEADERS {
        let _ = writeln!(s, "  {name}: {value}");
    }
    s.push_str(
        "\n# The theme's stylesheets and scripts carry a hash of their content in their\n\
         # names, so they are kept for a year: a build that changes one renames it.\n\
         # Under their plain names (for older templates) they are kept a few minutes.\n",
    );
    for i in 0..config.languages.len().max(1) {
        let folder = format!("{base}{}", encode_path(&config.prefix_of(i)));
        for (plain, named) in assets {
            let _ = writeln!(
                s,
                "{folder}{}\n  Cache-Control: {IMMUTABLE}",
                encode_path(named)
            );
            let _ = writeln!(
                s,
                "{folder}{}\n  Cache-Control: public, max-age={ASSET_MAX_AGE}",
                encode_path(plain)
            );
        }
    }
    if !folders.is_empty() {
        s.push_str(
            "\n# The search index: every file's name carries a hash of its content, and the\n\
             # search page (revalidated on every visit) names the current ones.\n",
        );
    }
    for i in 0..config.languages.len().max(1) {
        let folder = format!("{base}{}", encode_path(&config.prefix_of(i)));
        for named in folders {
            let _ = writeln!(
                s,
                "{folder}{}*\n  Cache-Control: {IMMUTABLE}",
                encode_path(named)
            );
        }
    }
    s
}

/// The redirects file: a comment, then one `from to 301` line for each of `aliases`
/// (see [`render`]), both paths from the top of the host.
pub fn redirects(config: &Config, aliases: &[(String, String)]) -> String {
    let base = config.base_path();
    let mut s = String::from(
        "# Written by placebook: a permanent redirect from each old address a page lists\n\
         # under `aliases` to the page, for Netlify and Cloudflare Pages.\n",
    );
    for (from, to) in aliases {
        let _ = writeln!(
            s,
            "{} {} 301",
            encode_path(&format!("{base}{from}")),
            encode_path(&format!("{base}{to}"))
        );
    }
    s
}

/// `path` with every byte that is not plainly safe in a URL path percent-encoded,
/// including spaces (which separate the fields of both files), `*` and `:` (which the
/// hosts read as patterns). `%` is kept, so an address already encoded stays as it is.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~%!$&'()+,;=@".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config(base_url: Option<&str>) -> Config {
        let mut c = Config::default_for(Path::new("."));
        c.base_url = base_url.map(str::to_owned);
        c
    }

    /// The `_headers` file as (path, [(name, value)]) blocks.
    fn parse(text: &str) -> Vec<(String, Vec<(String, String)>)> {
        let mut rules: Vec<(String, Vec<(String, String)>)> = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            if line.trim_start().starts_with('#') {
                continue;
            }
            if let Some(header) = line.strip_prefix("  ") {
                let (name, value) = header.split_once(": ").expect("name: value");
                let rule = rules.last_mut().expect("a header after a path");
                rule.1.push((name.into(), value.into()));
            } else {
                rules.push((line.into(), Vec::new()));
            }
        }
        rules
    }

    fn assets() -> Vec<(String, String)> {
        vec![("assets/a b.css".into(), "assets/a b.1a2b3c4d.css".into())]
    }

    #[test]
    fn headers_protect_every_file_and_cache_each_asset_by_its_name_under_the_base_path() {
        let assets = assets();
        let named = "assets/a%20b.1a2b3c4d.css";
        let rules = parse(&headers(
            &config(Some("https://x.gov.uk/playbook/")),
            &assets,
            &["search/data/"],
        ));
        assert_eq!(rules.len(), 4, "{rules:?}");
        assert_eq!(rules[0].0, "/playbook/*");
        let names: Vec<&str> = rules[0].1.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"X-Content-Type-Options"));
        assert!(
            !names.contains(&"Cache-Control"),
            "no cache rule overlaps another"
        );
        assert_eq!(rules[1].0, format!("/playbook/{named}"));
        assert_eq!(rules[1].1, vec![("Cache-Control".into(), IMMUTABLE.into())]);
        assert_eq!(rules[2].0, "/playbook/assets/a%20b.css");
        assert_eq!(
            rules[2].1,
            vec![("Cache-Control".into(), "public, max-age=300".into())]
        );
        assert_eq!(rules[3].0, "/playbook/search/data/*");
        assert_eq!(rules[3].1, vec![("Cache-Control".into(), IMMUTABLE.into())]);
        assert_eq!(parse(&headers(&config(None), &assets, &[]))[0].0, "/*");
    }

    #[test]
    fn paths_are_encoded_so_that_a_space_or_pattern_cannot_split_a_line() {
        assert_eq!(encode_path("/old name/"), "/old%20name/");
        assert_eq!(encode_path("/a*b:c/"), "/a%2Ab%3Ac/");
        assert_eq!(encode_path("/café/"), "/caf%C3%A9/");
        assert_eq!(encode_path("/caf%C3%A9/"), "/caf%C3%A9/");
    }

    #[test]
    fn redirects_are_one_line_per_alias_from_the_base_path() {
        let aliases = [
            ("old name/".to_owned(), "about/".to_owned()),
            ("info.html".to_owned(), String::new()),
        ];
        let text = redirects(&config(Some("https://x.gov.uk/pb/")), &aliases);
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            lines,
            ["/pb/old%20name/ /pb/about/ 301", "/pb/info.html /pb/ 301"]
        );
    }

    #[test]
    fn a_review_copy_writes_neither_file() {
        let mut c = config(None);
        assert_eq!(addresses(&c), [HEADERS_FILE, REDIRECTS_FILE]);
        c.with_drafts = true;
        assert!(addresses(&c).is_empty());
    }
}
