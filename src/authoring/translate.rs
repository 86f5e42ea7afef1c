//! `placebook translate <page> [--lang <code>]`: writes the translation of a page of a
//! playbook in several languages beside it (`oldham.md` to `oldham.cy.md`), with the
//! original's front matter and text copied, the title and summary marked `TODO:` (so
//! the build lists the page until they are translated) and a note above the text.

use super::new_page::Created;
use crate::config::Config;
use crate::content::{self, CONTENT_DIR};
use crate::diagnostic::{Diagnostic, Diagnostics};
use std::path::Path;

/// The front-matter fields whose copied text is marked for translation.
const MARKED: [&str; 2] = ["title", "summary"];

/// Writes the `language` (default: the second language) translation of the page at
/// `page` (`content/case-studies/x.md` or `case-studies/x.md`) in the site at `root`.
/// Refuses to replace a file.
pub fn create(root: &Path, page: &str, language: Option<&str>) -> Result<Created, Diagnostics> {
    let config = Config::load(root).map_err(Diagnostics::from)?;
    let code = target_language(&config, language).map_err(one)?;
    let page = page.replace('\\', "/");
    let content_path = page
        .strip_prefix(&format!("{CONTENT_DIR}/"))
        .unwrap_or(&page)
        .to_owned();
    let original = original_doc(root, &config, &content_path)?;
    let key = content::translations::page_key(&content_path, &config);
    let ext = content_path.rsplit_once('.').map_or("md", |(_, e)| e);
    let site_path = format!("{CONTENT_DIR}/{key}.{}.{ext}", code.to_ascii_lowercase());
    let text = translation_text(&original, &code, &config.languages[0].code);
    let path = root.join(&site_path);
    super::new_page::write_new(&path, &site_path, &text)?;
    Ok(Created {
        path,
        site_path,
        placeholders: MARKED
            .iter()
            .filter(|k| {
                original
                    .front_lines
                    .is_some_and(|l| l.locate_key(&original.text, k).is_some())
            })
            .count(),
    })
}

fn one(d: Diagnostic) -> Diagnostics {
    Diagnostics::from(vec![d])
}

/// The language to translate into: `language`, which must be one of `languages:` other
/// than the first, or the second when there are exactly two.
fn target_language(config: &Config, language: Option<&str>) -> Result<String, Diagnostic> {
    let others: Vec<&str> = config
        .languages
        .iter()
        .skip(1)
        .map(|l| l.code.as_str())
        .collect();
    if others.is_empty() {
        return Err(Diagnostic::error("new", "this playbook has only one language")
            .in_file(crate::config::CONFIG_FILE)
            .suggest("list the languages under `languages:` in placebook.yaml first (see the README, \"A playbook in two languages\")"));
    }
    match language {
        None if others.len() == 1 => Ok(others[0].to_owned()),
        None => Err(
            Diagnostic::error("new", "say which language to translate into")
                .suggest(format!("add `--lang` with one of: {}", others.join(", "))),
        ),
        Some(wanted) => others
            .iter()
            .find(|c| {
                c.eq_ignore_ascii_case(wanted)
                    || c.split('-')
                        .next()
                        .is_some_and(|p| p.eq_ignore_ascii_case(wanted))
            })
            .map(|c| (*c).to_owned())
            .ok_or_else(|| {
                Diagnostic::error(
                    "new",
                    format!("`{wanted}` is not one of the languages to translate into"),
                )
                .suggest(format!("use one of: {}", others.join(", ")))
            }),
    }
}

/// The page at `content_path`, read as the build reads it, which must be in the first
/// language.
fn original_doc(
    root: &Path,
    config: &Config,
    content_path: &str,
) -> Result<content::SourceDoc, Diagnostics> {
    let site_path = format!("{CONTENT_DIR}/{content_path}");
    if config.language_of_path(content_path) != 0 {
        return Err(one(Diagnostic::error(
            "new",
            format!("{site_path} is already a translation"),
        )
        .in_file(&site_path)
        .suggest(
            "give the page in the first language, without a language code in its name",
        )));
    }
    let place = content::place_of(content_path, config).map_err(one)?;
    let bytes = std::fs::read(root.join(&site_path)).map_err(|e| {
        one(
            Diagnostic::error("io", format!("cannot read {site_path}: {e}"))
                .in_file(&site_path)
                .suggest(
                    "give the path of an existing page, such as content/case-studies/oldham.md",
                ),
        )
    })?;
    content::parse_one(&place, bytes, None).map_err(Diagnostics::from)
}

/// The translation's text: the original's front matter with [`MARKED`] values as
/// `TODO:` placeholders, then a note, then the original's text.
fn translation_text(doc: &content::SourceDoc, code: &str, first: &str) -> String {
    let text = doc.text.as_str();
    let Some(lines) = doc.front_lines else {
        return format!("<!-- TODO: translate this page into {code}. -->\n\n{text}");
    };
    let mut out = String::from("---\n");
    let mut skipping = false;
    for n in lines.first..lines.closing {
        let line = doc.text.line(n).unwrap_or_default();
        let continues = line.starts_with(' ') || line.starts_with('\t') || line.is_empty();
        if skipping && continues {
            continue;
        }
        skipping = false;
        match MARKED.iter().find(|k| line.starts_with(&format!("{k}:"))) {
            Some(key) => {
                let value = if *key == "title" {
                    &doc.front.title
                } else {
                    &doc.front.summary
                };
                let value = value.as_deref().unwrap_or_default();
                let quoted = serde_json::to_string(&format!("TODO: {value}")).unwrap_or_default();
                out.push_str(&format!("{key}: {quoted}\n"));
                skipping = true;
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.push_str("---\n\n");
    out.push_str(&format!(
        "<!-- TODO: translate this page into {code}: the text below is the {first} original. -->\n\n"
    ));
    out.push_str(doc.body().trim_start_matches('\n'));
    out
}
