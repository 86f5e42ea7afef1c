//! Front matter that reads without error but is probably not what the author meant:
//! placeholders still to fill in, values wrapped in a word processor's curly quotes,
//! and a list written as one line of commas.

use super::SourceDoc;
use super::front_matter::{FIELDS, FieldValue, placeholders};
use crate::diagnostic::{Diagnostic, Position};
use crate::markdown::local::{OnAuthorsComputer, on_authors_computer};

/// Every warning about the front-matter values of `doc`, each where the value is.
pub fn value_warnings(doc: &SourceDoc) -> Vec<Diagnostic> {
    let mut out = placeholders(doc);
    out.extend(curly_quoted(doc));
    out.extend(comma_lists(doc));
    out.extend(local_source_urls(doc));
    out.extend(unsafe_source_urls(doc));
    out.extend(list_field_links(doc));
    out.extend(rubric_questions(doc));
    out
}

/// A warning for each rubric that names a question the block does not have, or one an
/// earlier rubric already describes.
fn rubric_questions(doc: &SourceDoc) -> Vec<Diagnostic> {
    let fm = &doc.front;
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for r in &fm.rubrics {
        let problem = if r.question == 0 || r.question > fm.questions.len() {
            format!(
                "the rubric for question {} describes a question this block does not have (it has {})",
                r.question,
                fm.questions.len()
            )
        } else if seen.contains(&r.question) {
            format!("question {} has a rubric already", r.question)
        } else {
            seen.push(r.question);
            continue;
        };
        let d = Diagnostic::warning("rubric-question", problem)
            .suggest("set `question:` to the number of one of the block's `questions` (1 for the first), once each");
        out.push(at_value(doc, "rubrics", &r.question.to_string(), d));
    }
    out
}

/// A warning for each rubric of `doc` that does not give one descriptor for each of the
/// diagnostic scale's `levels`.
pub fn rubric_levels(doc: &SourceDoc, levels: usize) -> Vec<Diagnostic> {
    doc.front
        .rubrics
        .iter()
        .filter(|r| r.levels.len() != levels)
        .map(|r| {
            let d = Diagnostic::warning(
                "rubric-levels",
                format!(
                    "the rubric for question {} gives {} descriptors, but the scale has {levels} levels",
                    r.question,
                    r.levels.len()
                ),
            )
            .suggest("give one descriptor for each level of the `scale` in placebook.yaml, lowest first");
            at_value(doc, "rubrics", &r.question.to_string(), d)
        })
        .collect()
}

/// The list fields whose items are inline markdown.
const MARKDOWN_LISTS: [&str; 3] = ["questions", "signs", "outcomes"];

/// A warning for each link in a list field that is not a full address: a list item has
/// no folder of its own for a relative address to start from, so it is shown as text.
fn list_field_links(doc: &SourceDoc) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for f in FIELDS.iter().filter(|f| MARKDOWN_LISTS.contains(&f.name)) {
        let FieldValue::List(items) = (f.value)(&doc.front) else {
            continue;
        };
        for item in items {
            for dest in link_destinations(item) {
                if crate::markdown::inline::is_full_address(&dest) {
                    continue;
                }
                let d = Diagnostic::warning(
                    "list-field-link",
                    format!("the link to `{dest}` in `{}` is not a full address, so it is shown as plain words", f.name),
                )
                .span(dest.chars().count().max(1))
                .suggest("in a list field, link with the full address (https://...); to link to another page of the playbook, put the link in the page's text");
                let within = item
                    .find(dest.as_str())
                    .map_or(0, |i| item[..i].chars().count());
                out.push(at_value_offset(doc, f.name, item, within, d));
            }
        }
    }
    out
}

/// The destinations of the markdown links in `text`.
fn link_destinations(text: &str) -> Vec<String> {
    pulldown_cmark::Parser::new(text)
        .filter_map(|e| match e {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) => {
                Some(dest_url.into_string())
            }
            _ => None,
        })
        .collect()
}

/// A warning for each source whose address is on the author's own computer (a file
/// path, a network share, a `localhost` preview), which readers cannot open.
fn local_source_urls(doc: &SourceDoc) -> Vec<Diagnostic> {
    doc.front
        .sources
        .iter()
        .filter_map(|s| {
            let url = s.url.trim();
            let (what, fix) = match on_authors_computer(url)? {
                OnAuthorsComputer::File => (
                    "a file on your computer",
                    "put the file in the site's static/ folder and give its address there, e.g. `url: /files/report.pdf`, or give the web address where it is published",
                ),
                OnAuthorsComputer::Preview => (
                    "an address on your own computer (a preview)",
                    "give the web address where the source is published (https://...)",
                ),
            };
            let d = Diagnostic::warning(
                "local-address",
                format!("the source address `{url}` is {what}, which readers of the site cannot open"),
            )
            .span(url.chars().count().max(1))
            .suggest(fix);
            Some(at_value(doc, "sources", url, d))
        })
        .collect()
}

/// A warning for each source whose address is not a web, mail or phone address
/// (`javascript:`, `data:`), which could run a script in a reader's browser. An
/// address on the author's computer has its own warning ([`local_source_urls`]).
fn unsafe_source_urls(doc: &SourceDoc) -> Vec<Diagnostic> {
    doc.front
        .sources
        .iter()
        .filter(|s| {
            !crate::markdown::is_safe_url(&s.url)
                && on_authors_computer(&s.url).is_none()
        })
        .map(|s| {
            let d = Diagnostic::warning(
                "unsafe-url",
                format!("the source address `{}` is not a web address, and could run a script in readers' browsers", s.url),
            )
            .span(s.url.chars().count().max(1))
            .suggest("give the source's web address (https://...); with `sanitize: true` in placebook.yaml such addresses are left out of the page");
            at_value(doc, "sources", &s.url, d)
        })
        .collect()
}

/// The curly quotes a word processor puts in place of `"` and `'`.
const CURLY_OPEN: [char; 3] = ['“', '‘', '„'];
const CURLY_CLOSE: [char; 3] = ['”', '’', '“'];

/// True when `value` is wrapped in curly quotes, as Word writes `"text"`.
pub fn is_curly_quoted(value: &str) -> bool {
    let v = value.trim();
    v.chars().count() >= 2 && v.starts_with(CURLY_OPEN) && v.ends_with(CURLY_CLOSE)
}

/// A warning for each text value wrapped in curly quotes: YAML does not read them as
/// quotes, so they would be published as part of the text.
fn curly_quoted(doc: &SourceDoc) -> Vec<Diagnostic> {
    text_fields(doc)
        .filter(|(_, value)| is_curly_quoted(value))
        .map(|(key, value)| {
            let value = value.trim();
            let d = Diagnostic::warning(
                "curly-quotes",
                format!("`{key}` is wrapped in curly quotes, which would be published as part of the text"),
            )
            .span(value.chars().count())
            .suggest(
                "remove the curly quotes (word processors put them in); if the value needs quotes, type straight ones: \"",
            );
            at_value(doc, key, value, d)
        })
        .collect()
}

/// A warning for a list field given as one value holding commas (`tags: a, b`), which
/// is one item, not several.
fn comma_lists(doc: &SourceDoc) -> Vec<Diagnostic> {
    FIELDS
        .iter()
        .filter(|f| !matches!(f.name, "building_blocks" | "related"))
        .filter_map(|f| match (f.value)(&doc.front) {
            FieldValue::List([one]) if one.contains(',') => Some((f.name, one.as_str())),
            _ => None,
        })
        .filter(|(key, _)| written_on_one_line(doc, key))
        .map(|(key, value)| {
            let items: Vec<&str> = value.split(',').map(str::trim).collect();
            let d = Diagnostic::warning(
                "comma-list",
                format!("`{key}` is one item, `{value}`, not {} items", items.len()),
            )
            .span(value.chars().count())
            .suggest(format!(
                "to give several, write them in square brackets: `{key}: [{}]`",
                items.join(", ")
            ));
            at_value(doc, key, value, d)
        })
        .collect()
}

/// A warning for each list field written as one value with no brackets
/// (`lead: Oldham Council`), for a playbook edited in Decap CMS: placebook reads it as a
/// list of one, but Decap's list widget cannot open a page that holds one. A value
/// with commas is left to [`comma_lists`], whose fix is the same.
pub fn cms_single_values(doc: &SourceDoc) -> Vec<Diagnostic> {
    FIELDS
        .iter()
        .filter_map(|f| match (f.value)(&doc.front) {
            FieldValue::List([one]) if !one.contains(',') => Some((f.name, one.as_str())),
            _ => None,
        })
        .filter(|(key, _)| written_on_one_line(doc, key))
        .map(|(key, value)| {
            let d = Diagnostic::warning(
                "cms-single-value",
                format!("`{key}` is a list written as one value, which Decap CMS cannot open"),
            )
            .span(value.chars().count())
            .suggest(format!(
                "write it in square brackets, `{key}: [{value}]`: placebook reads both, and Decap's editor then opens the page"
            ));
            at_value(doc, key, value, d)
        })
        .collect()
}

/// True when `key:` and its value are on one line with no brackets (`tags: a, b`).
fn written_on_one_line(doc: &SourceDoc, key: &str) -> bool {
    let Some(lines) = doc.front_lines else {
        return false;
    };
    lines
        .locate_key(&doc.text, key)
        .and_then(|p| doc.text.line(p.line))
        .and_then(|l| l.split_once(':'))
        .is_some_and(|(_, v)| {
            let v = v.trim_start();
            !v.is_empty() && !v.starts_with(['[', '"', '\''])
        })
}

/// Every single-text field of `doc` with its value.
fn text_fields(doc: &SourceDoc) -> impl Iterator<Item = (&'static str, &str)> {
    FIELDS.iter().filter_map(|f| match (f.value)(&doc.front) {
        FieldValue::Text(t) => Some((f.name, t)),
        _ => None,
    })
}

/// `d` placed at `value` in `key`'s entry, else at the front matter's first line.
fn at_value(doc: &SourceDoc, key: &str, value: &str, d: Diagnostic) -> Diagnostic {
    at_value_offset(doc, key, value, 0, d)
}

/// `d` placed `within` characters into `value` in `key`'s entry, else at the front
/// matter's first line.
fn at_value_offset(
    doc: &SourceDoc,
    key: &str,
    value: &str,
    within: usize,
    d: Diagnostic,
) -> Diagnostic {
    let pos = doc
        .front_lines
        .and_then(|l| l.locate_value(&doc.text, key, value))
        .map_or(Position { line: 1, column: 1 }, |p| Position {
            column: p.column + within,
            ..p
        });
    d.at(&doc.path, &doc.text, pos)
}
