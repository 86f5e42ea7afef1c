//! Machine-readable outputs: `sitemap.xml` (with every language's addresses, for a
//! playbook in several), the Atom feed `atom.xml` (one per language), and `robots.txt`.

use crate::content::DocRole;
use crate::dates::Date;
use crate::model::Site;
use crate::model::languages::Languages;
use crate::output::Artifact;
use std::collections::HashMap;
use std::fmt::Write as _;

/// `text` escaped for XML, without the characters XML 1.0 cannot hold at all (control
/// characters other than tab and line breaks, U+FFFE, U+FFFF and lone surrogates), so
/// that every feed and sitemap is well-formed whatever a title holds.
pub fn escape(text: &str) -> String {
    let allowed = |c: &char| matches!(*c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    if text.chars().all(|c| allowed(&c)) {
        crate::markdown::escape(text)
    } else {
        crate::markdown::escape(&text.chars().filter(allowed).collect::<String>())
    }
}

/// How many entries the Atom feed holds.
pub const FEED_ENTRIES: usize = 20;

/// The sitemap (of the addresses `sitemap` lists, with their dates), feed and robots.txt.
/// The first two need `base_url` and are left out without it (the caller warns).
pub fn render(site: &Site, sitemap: &[(String, Option<Date>)]) -> Vec<Artifact> {
    let mut out = Vec::new();
    let mut robots = String::new();
    let base_path = site.config.base_path();
    if base_path != "/" {
        // Robots read robots.txt only at the top of a host, never under a path.
        let _ = writeln!(
            robots,
            "# This file is only read at the top of a host (https://host/robots.txt).\n# This site is published under {base_path}, so robots will not find it here:\n# to use it, copy its lines into the host's own robots.txt."
        );
    }
    robots.push_str("User-agent: *\nAllow: /\n");
    if let Some(base) = site.config.base_url.as_deref() {
        out.push(Artifact {
            path: "sitemap.xml".into(),
            bytes: sitemap_xml(sitemap, base).into_bytes(),
        });
        out.push(Artifact {
            path: "atom.xml".into(),
            bytes: atom(site, base).into_bytes(),
        });
        let _ = writeln!(robots, "Sitemap: {base}sitemap.xml");
    }
    out.push(Artifact {
        path: "robots.txt".into(),
        bytes: robots.into_bytes(),
    });
    out
}

/// The sitemap of `entries` (paths under `base`, with the date each last changed).
fn sitemap_xml(entries: &[(String, Option<Date>)], base: &str) -> String {
    let mut s = String::with_capacity(entries.len() * 120 + 256);
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, updated) in entries {
        let _ = write!(s, "  <url><loc>{}</loc>", escape(&format!("{base}{path}")));
        if let Some(d) = updated {
            let _ = write!(s, "<lastmod>{}</lastmod>", d.iso_date());
        }
        s.push_str("</url>\n");
    }
    s.push_str("</urlset>\n");
    s
}

/// The addresses a sitemap lists (from the site's root, `case-studies/x/`), each with
/// the date it last changed.
pub type SitemapEntries = Vec<(String, Option<Date>)>;

/// The sitemap of a playbook in several languages: every language's addresses (`sites`,
/// each with the entries of [`render`]'s sitemap), each listing its versions in the
/// other languages as `xhtml:link rel="alternate" hreflang` (with `x-default`, the
/// first language's). `None` without `base_url`.
pub fn sitemap_with_alternates(
    sites: &[(&Site, SitemapEntries)],
    languages: &Languages,
) -> Option<Artifact> {
    let base = languages.base_url.as_deref()?;
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (from, (site, entries)) in sites.iter().enumerate() {
        let prefix = &languages.sites.get(from)?.prefix;
        let by_dir: HashMap<&str, usize> = site
            .pages
            .iter()
            .enumerate()
            .map(|(id, p)| (p.dir.as_str(), id))
            .collect();
        for (path, updated) in entries {
            let _ = write!(
                s,
                "  <url><loc>{}</loc>",
                escape(&format!("{base}{prefix}{path}"))
            );
            if let Some(d) = updated {
                let _ = write!(s, "<lastmod>{}</lastmod>", d.iso_date());
            }
            let file = format!("{path}index.html");
            let found = languages.counterparts(from, by_dir.get(path.as_str()).copied(), &file);
            for (i, c) in found.iter().enumerate() {
                let Some(other) = c.path else { continue };
                let folder = other.strip_suffix("index.html").unwrap_or(other);
                let href = escape(&format!("{base}{}{folder}", c.site.prefix));
                if i == 0 {
                    let _ = write!(
                        s,
                        "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{href}\"/>"
                    );
                }
                let _ = write!(
                    s,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{href}\"/>",
                    escape(&c.site.code)
                );
            }
            s.push_str("</url>\n");
        }
    }
    s.push_str("</urlset>\n");
    Some(Artifact {
        path: "sitemap.xml".into(),
        bytes: s.into_bytes(),
    })
}

fn atom(site: &Site, base: &str) -> String {
    let mut pages: Vec<&crate::model::Page> = site
        .pages
        .iter()
        .filter(|p| p.doc.role == DocRole::Page)
        .collect();
    pages.sort_by(|a, b| {
        b.updated
            .cmp(&a.updated)
            .then_with(|| a.title.cmp(&b.title))
    });
    pages.truncate(FEED_ENTRIES);
    let newest = pages
        .first()
        .and_then(|p| p.updated)
        .unwrap_or_else(|| Date::from_unix(0).unwrap_or_else(Date::now));
    let mut s = String::new();
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <link rel=\"self\" href=\"{base}atom.xml\"/>\n  <link rel=\"alternate\" href=\"{base}\"/>\n  <id>{base}</id>\n  <updated>{}</updated>\n  <generator>placebook</generator>\n",
        escape(&site.config.language),
        escape(&site.config.title),
        escape(&site.config.description),
        newest.rfc3339()
    );
    for p in pages {
        let url = escape(&format!("{base}{}", p.dir));
        let updated = p.updated.unwrap_or(newest).rfc3339();
        let _ = write!(
            s,
            "  <entry>\n    <title>{}</title>\n    <link rel=\"alternate\" href=\"{url}\"/>\n    <id>{url}</id>\n    <updated>{updated}</updated>\n    <author><name>{}</name></author>\n",
            escape(&p.title),
            escape(&site.config.title)
        );
        if let Some(summary) = &p.doc.front.summary {
            let _ = writeln!(s, "    <summary>{}</summary>", escape(summary));
        }
        s.push_str("  </entry>\n");
    }
    s.push_str("</feed>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn escaped_text_is_well_formed_xml_whatever_it_holds(text in "\\PC*|[\u{0}-\u{1f}\u{fffe}\u{ffff}<>&\"'a-z]{0,40}") {
            let doc = format!("<t>{}</t>", escape(&text));
            proptest::prop_assert!(roxmltree::Document::parse(&doc).is_ok(), "{:?}", doc);
        }
    }
}
