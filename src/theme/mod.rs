//! Themes: the embedded default theme, a site's overrides, and template errors.

use crate::config::Config;
use crate::content::walk_static;
use crate::diagnostic::{Diagnostic, Position, SourceText};
use crate::markdown::ReservedIds;
use std::collections::{HashMap, HashSet};
use std::path::Path;

pub mod compact;
pub mod strings;
pub use strings::Strings;

#[derive(rust_embed::RustEmbed)]
#[folder = "themes/default/"]
#[exclude = "*.md"]
struct DefaultTheme;

pub use crate::output::{StaticFile, StaticSource};

/// The templates, ready to render, and the theme's static files.
pub struct Theme {
    /// The compiled templates.
    pub tera: tera::Tera,
    /// Template name -> where it came from, for messages.
    origins: HashMap<String, String>,
    /// Template name -> its text, for snippets in messages.
    sources: HashMap<String, SourceText>,
    /// The theme's static files (the site's own `static/` is separate).
    pub static_files: Vec<StaticFile>,
    /// The ids its templates give elements, which a page's content may not take.
    pub reserved_ids: ReservedIds,
    /// Its words in the site's language, given to templates as `t`.
    pub strings: Strings,
}

/// The text of one of the default theme's templates (`partials/meta.html`), for a site
/// that wants to start an override from it.
pub fn default_template(name: &str) -> Option<String> {
    DefaultTheme::get(&format!("templates/{name}"))
        .map(|f| String::from_utf8_lossy(&f.data).into_owned())
}

/// The default theme's templates (name, text, origin) and static files.
fn default_theme() -> (Vec<(String, String, String)>, Vec<StaticFile>) {
    let mut templates = Vec::new();
    let mut static_files = Vec::new();
    for name in DefaultTheme::iter() {
        let Some(file) = DefaultTheme::get(&name) else {
            continue;
        };
        if let Some(t) = name.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(&file.data).into_owned();
            templates.push((t.to_owned(), text, format!("(default theme) templates/{t}")));
        } else if let Some(s) = name.strip_prefix("static/") {
            let compacted = (s == compact::COMPACTED)
                .then(|| {
                    std::str::from_utf8(&file.data)
                        .ok()
                        .and_then(compact::compact_script)
                })
                .flatten();
            let data = match compacted {
                Some(js) => std::borrow::Cow::Owned(js.into_bytes()),
                None => file.data,
            };
            static_files.push(StaticFile {
                output: s.to_owned(),
                source: StaticSource::Embedded(data),
                origin: format!("(default theme) static/{s}"),
            });
        }
    }
    (templates, static_files)
}

/// Puts the site theme's templates in place of the default ones of the same name;
/// returns the errors of templates that cannot be read.
fn override_templates(
    root: &Path,
    config: &Config,
    templates: &mut Vec<(String, String, String)>,
) -> Vec<Diagnostic> {
    let dir = root.join("themes").join(&config.theme).join("templates");
    let (files, mut errors) = walk_static(&dir, root);
    for (rel, abs) in files {
        let origin = format!("themes/{}/templates/{rel}", config.theme);
        match std::fs::read(&abs).map(String::from_utf8) {
            Ok(Ok(text)) => {
                templates.retain(|(n, _, _)| n != &rel);
                templates.push((rel, text, origin));
            }
            _ => errors.push(
                Diagnostic::error(
                    "template-unreadable",
                    "this template cannot be read as UTF-8 text",
                )
                .in_file(origin),
            ),
        }
    }
    errors
}

/// The `sentence` filter: `text` with its first letter in capitals and the rest as it
/// is, for a heading whose words start with a name filled in lower case (Welsh
/// "{blocks} cysylltiedig" gives "Building blocks cysylltiedig").
fn sentence_case(text: tera::StringInput, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    text.inherit_safety(crate::slug::capitalise(text.as_str()))
}

/// An address (`https://example.org/places/diagnostic/`, `help@example.org`) as HTML
/// that may break onto a new line after a `/` or `@` and before a `.` inside it, not in
/// the middle of a word: the theme's `address_breaks` filter, for addresses shown as
/// text.
fn address_breaks(text: tera::StringInput, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    tera::Value::safe_string(&address_with_breaks(text.as_str()))
}

/// `text` escaped as HTML, with `<wbr>` after each `/` (not inside `//`) and `@`, and
/// before each `.`, but not at either end.
fn address_with_breaks(text: &str) -> String {
    // Escaping writes no `/`, `@` or `.`, so the breaks go into the escaped text.
    let escaped = crate::markdown::escape(text);
    let mut out = String::with_capacity(escaped.len() + escaped.len() / 8);
    let mut chars = escaped.chars().peekable();
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if c == '.' && !at_start {
            out.push_str("<wbr>");
        }
        out.push(c);
        let slash_run = c == '/' && chars.peek() == Some(&'/');
        if ((c == '/' && !slash_run) || c == '@') && chars.peek().is_some() {
            out.push_str("<wbr>");
        }
        at_start = false;
    }
    out
}

/// `n` with `group` between each three digits from the right (`3,476` for 3476 and
/// `","`), as the theme's `grouped` filter writes a count.
fn grouped(n: i64, group: &str) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * group.len() + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(group);
        }
        out.push(d);
    }
    out
}

/// The default theme's words for `language`, English under them.
fn default_strings(language: &str) -> Result<Strings, Diagnostic> {
    let mut strings = Strings::new();
    for name in strings::file_names(language) {
        let path = format!("strings/{name}.yaml");
        if let Some(file) = DefaultTheme::get(&path) {
            let text = String::from_utf8_lossy(&file.data);
            strings::merge(&mut strings, &text, &format!("(default theme) {path}"))?;
        }
    }
    Ok(strings)
}

/// The error for a `theme:` that names no folder under `themes/`, with the folders there.
fn missing_theme(root: &Path, theme: &str) -> Diagnostic {
    let available: Vec<String> = std::fs::read_dir(root.join("themes"))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    Diagnostic::error(
        "missing-theme",
        format!("the theme `{theme}` is not a folder under themes/"),
    )
    .in_file(crate::config::CONFIG_FILE)
    .suggest(if available.is_empty() {
        "use `theme: default` for the built-in theme, or create themes/<name>/templates/".to_owned()
    } else {
        format!(
            "the theme folders are: {}; or use `theme: default`",
            available.join(", ")
        )
    })
}

/// The ids templates give elements (`id="search-q"`), and the fixed start of ids they
/// number (`id="dx-{{ q.id }}"` reserves `dx-`).
fn template_ids<'a>(templates: impl Iterator<Item = &'a str>) -> ReservedIds {
    let mut exact = Vec::new();
    let mut prefixes = Vec::new();
    for text in templates {
        for value in text
            .split(" id=\"")
            .skip(1)
            .filter_map(|v| v.split('"').next())
        {
            match value.find("{{").or_else(|| value.find("{%")) {
                None => exact.push(value.to_owned()),
                Some(0) => {}
                Some(i) => prefixes.push(value[..i].to_owned()),
            }
        }
    }
    ReservedIds::new(exact, prefixes)
}

impl Theme {
    /// Loads the embedded default theme, then the site's theme folder over it.
    pub fn load(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let (mut templates, mut static_files) = default_theme();
        let theme_dir = root.join("themes").join(&config.theme);
        let mut errors = Vec::new();
        let mut strings = default_strings(&config.language).map_err(|e| vec![e])?;
        if theme_dir.is_dir() {
            errors.extend(override_templates(root, config, &mut templates));
            errors.extend(strings::merge_site_files(
                &mut strings,
                &theme_dir.join("strings"),
                &config.theme,
                &config.language,
            ));
            let (files, errs) = walk_static(&theme_dir.join("static"), root);
            errors.extend(errs);
            for (rel, abs) in files {
                static_files.retain(|s| s.output != rel);
                static_files.push(StaticFile {
                    origin: format!("themes/{}/static/{rel}", config.theme),
                    output: rel,
                    source: StaticSource::Disk(abs),
                });
            }
        } else if config.theme != "default" {
            errors.push(missing_theme(root, &config.theme));
        }
        let origins: HashMap<String, String> = templates
            .iter()
            .map(|(n, _, o)| (n.clone(), o.clone()))
            .collect();
        let sources: HashMap<String, SourceText> = templates
            .iter()
            .map(|(n, t, _)| (n.clone(), SourceText::new(t.clone())))
            .collect();
        let mut theme = Theme {
            tera: tera::Tera::new(),
            reserved_ids: template_ids(templates.iter().map(|(_, t, _)| t.as_str())),
            origins,
            sources,
            static_files,
            strings,
        };
        theme.tera.autoescape_on([".html", ".xml"]);
        theme.tera.register_function("range", budgeted_range);
        theme.tera.register_filter("sentence", sentence_case);
        theme.tera.register_filter("address_breaks", address_breaks);
        let group = theme.word("digit_group").to_owned();
        theme.tera.register_filter(
            "grouped",
            move |n: i64, _: tera::Kwargs, _: &tera::State| grouped(n, &group),
        );
        errors.extend(theme.missing_templates(&config.theme));
        errors.extend(theme.compile(&templates));
        if errors.is_empty() {
            Ok(theme)
        } else {
            Err(errors)
        }
    }

    /// The theme's words for `key` (every key of the default theme's `strings/en.yaml`
    /// is there, English under any other language), or the key itself for one it lacks.
    pub fn word<'k>(&'k self, key: &'k str) -> &'k str {
        self.strings.get(key).map_or(key, String::as_str)
    }

    /// The text of the theme's static file `output` (`assets/placebook.css`), if it has
    /// one that reads as UTF-8.
    pub fn static_text(&self, output: &str) -> Option<String> {
        let file = self.static_files.iter().find(|f| f.output == output)?;
        let bytes = match &file.source {
            StaticSource::Embedded(data) => data.to_vec(),
            StaticSource::Disk(path) => std::fs::read(path).ok()?,
        };
        String::from_utf8(bytes).ok()
    }

    /// An error for each template the plan needs that the theme lacks.
    fn missing_templates(&self, theme: &str) -> Vec<Diagnostic> {
        crate::plan::required_templates()
            .into_iter()
            .filter(|t| !self.origins.contains_key(*t))
            .map(|t| {
                Diagnostic::error(
                    "missing-template",
                    format!("the theme has no template `{t}`"),
                )
                .in_file(format!("themes/{theme}/templates/{t}"))
            })
            .collect()
    }

    /// Compiles `templates` (name, text, origin) into the theme's Tera: each on its own
    /// first, so that every syntax error is reported, then all together.
    fn compile(&mut self, templates: &[(String, String, String)]) -> Vec<Diagnostic> {
        if let Some(d) = self.cycle(templates) {
            return vec![d];
        }
        let mut errors = Vec::new();
        for (name, text, _) in templates {
            let mut probe = tera::Tera::new();
            if let Err(e) = probe.add_raw_template(name, text)
                && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
            {
                errors.push(self.diagnostic(&e, None));
            }
        }
        if errors.is_empty()
            && let Err(e) = self
                .tera
                .add_raw_templates(templates.iter().map(|(n, t, _)| (n.as_str(), t.as_str())))
        {
            errors.push(self.diagnostic(&e, None));
        }
        errors
    }

    /// The templates that use any of `changed` (by `extends`, `include` or `import`,
    /// directly or through another template), and `changed` themselves: the templates
    /// whose pages must be rendered again when `changed` are edited.
    pub fn users_of(&self, changed: &[&str]) -> HashSet<String> {
        let mut users: HashSet<String> = changed.iter().map(|c| (*c).to_owned()).collect();
        loop {
            let before = users.len();
            for (name, src) in &self.sources {
                if !users.contains(name)
                    && referenced_templates(src.as_str()).any(|r| users.contains(r))
                {
                    users.insert(name.clone());
                }
            }
            if users.len() == before {
                return users;
            }
        }
    }

    /// Turns a Tera error into a diagnostic naming the template, line and column, and the
    /// page being rendered.
    pub fn diagnostic(&self, e: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        use tera::ErrorKind as K;
        let while_rendering = rendering
            .map(|p| format!(" (while rendering {p})"))
            .unwrap_or_default();
        match e.kind() {
            K::SyntaxError(r) | K::RenderingError(r) => {
                let name = r.filename();
                let file = self.origins.get(name).cloned().unwrap_or_else(|| name.to_owned());
                let kind = if matches!(e.kind(), K::SyntaxError(_)) { "template-syntax" } else { "template-render" };
                let d = Diagnostic::error(kind, format!("in template `{name}`: {}{while_rendering}", r.message()));
                let span = r.span();
                let width = if span.end_line == span.start_line { span.end_col.saturating_sub(span.start_col) } else { 1 };
                match self.sources.get(name) {
                    Some(src) => d.at(file, src, Position { line: span.start_line, column: span.start_col + 1 }).span(width),
                    None => d.in_file(file),
                }
                .suggest(if kind == "template-render" {
                    "check the variable names against the template contract in the README; use `| default(value=...)` for optional values"
                } else {
                    "check that every {{ }} and {% %} is closed and every block has its end tag"
                })
            }
            K::MissingParent { current, parent } => Diagnostic::error("missing-template", format!("template `{current}` extends `{parent}`, which does not exist{while_rendering}"))
                .in_file(self.origins.get(current).cloned().unwrap_or_else(|| current.clone()))
                .suggest("add the missing template to the theme's templates/ folder, or fix the name in `{% extends %}`"),
            K::TemplateNotFound(name) => Diagnostic::error("missing-template", format!("template `{name}` does not exist{while_rendering}"))
                .suggest("add it to the theme's templates/ folder"),
            _ => Diagnostic::error("template", format!("{e}{while_rendering}")),
        }
    }
}

impl Theme {
    /// The error for the first template that extends, includes or imports itself,
    /// directly or through others, placed at the tag that closes the circle.
    fn cycle(&self, templates: &[(String, String, String)]) -> Option<Diagnostic> {
        let uses: HashMap<&str, Vec<&str>> = templates
            .iter()
            .map(|(n, t, _)| (n.as_str(), referenced_templates(t).collect()))
            .collect();
        let mut names: Vec<&str> = uses.keys().copied().collect();
        names.sort_unstable();
        names.into_iter().find_map(|start| {
            let chain = cycle_from(start, &uses, &mut vec![start])?;
            let (last, first) = (chain[chain.len() - 2], chain[chain.len() - 1]);
            let file = self.origins.get(last).cloned().unwrap_or_else(|| last.to_owned());
            let d = Diagnostic::error(
                "template-cycle",
                if chain.len() == 2 {
                    format!("template `{last}` extends or includes itself")
                } else {
                    format!("template `{last}` uses `{first}`, which leads back to it: {}", chain.join(" > "))
                },
            )
            .suggest("a template cannot extend or include itself, directly or through another; remove or change one of these tags");
            Some(match self.sources.get(last).and_then(|src| tag_position(src, first).map(|p| (src, p))) {
                Some((src, p)) => d.at(file, src, p),
                None => d.in_file(file),
            })
        })
    }
}

/// The chain of templates from `path`'s last one back to a template already on it, if
/// the templates it uses lead back.
fn cycle_from<'a>(
    at: &'a str,
    uses: &HashMap<&'a str, Vec<&'a str>>,
    path: &mut Vec<&'a str>,
) -> Option<Vec<&'a str>> {
    for &next in uses.get(at).map(Vec::as_slice).unwrap_or(&[]) {
        if let Some(i) = path.iter().position(|p| *p == next) {
            let mut chain = path[i..].to_vec();
            chain.push(next);
            return Some(chain);
        }
        if path.len() < 64 {
            path.push(next);
            if let Some(c) = cycle_from(next, uses, path) {
                return Some(c);
            }
            path.pop();
        }
    }
    None
}

/// Where a tag naming template `name` starts in `src`.
fn tag_position(src: &SourceText, name: &str) -> Option<Position> {
    let text = src.as_str();
    let at = ["\"", "'", "`"]
        .iter()
        .find_map(|q| text.find(&format!("{q}{name}{q}")))?;
    let start = text[..at].rfind("{%").unwrap_or(at);
    Some(src.position(start))
}

/// How many numbers `range` may give all the templates of one page together: far more
/// than any page needs, few enough that a loop inside a loop cannot hang a build.
pub const RANGE_BUDGET: i128 = 1_000_000;

thread_local! {
    /// What is left of the `range` budget of the page being rendered on this thread.
    static RANGE_LEFT: std::cell::Cell<i128> = const { std::cell::Cell::new(RANGE_BUDGET) };
}

/// Gives the page about to be rendered on this thread a full `range` budget.
pub fn start_render_budget() {
    RANGE_LEFT.with(|left| left.set(RANGE_BUDGET));
}

/// Tera's `range(start, end, step_by)`, counted against the page's budget: loops over
/// the site's own data are as long as the data, and only `range` can make a template
/// do more work than its input.
fn budgeted_range(kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(tera::Error::message("`range` was called with `step_by=0`"));
    }
    let span = if step > 0 {
        end.saturating_sub(start)
    } else {
        start.saturating_sub(end)
    };
    let len = if span <= 0 {
        0
    } else {
        (span.saturating_add(step.abs() - 1)) / step.abs()
    };
    let left = RANGE_LEFT.with(|l| l.get());
    if len > left {
        return Err(tera::Error::message(format!(
            "`range` would give more than the {RANGE_BUDGET} numbers one page may use: a loop inside a loop, or a range too long"
        )));
    }
    RANGE_LEFT.with(|l| l.set(left - len));
    Ok((0..len).map(|i| start + i * step).collect())
}

/// The names of the templates that `text` extends, includes or imports.
fn referenced_templates(text: &str) -> impl Iterator<Item = &str> {
    text.split("{%").skip(1).filter_map(|tag| {
        let tag = tag.trim_start_matches(['-', ' ', '\t', '\n']);
        let rest = ["extends", "include", "import"]
            .iter()
            .find_map(|kw| tag.strip_prefix(kw))?;
        let rest = rest.trim_start();
        let quote = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))?;
        let rest = &rest[1..];
        rest.find(quote).map(|end| &rest[..end])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_are_grouped_by_threes() {
        let cases = [(0, "0"), (999, "999"), (1000, "1,000"), (3476, "3,476")];
        for (n, text) in cases {
            assert_eq!(grouped(n, ","), text);
        }
        assert_eq!(grouped(-1234567, "\u{a0}"), "-1\u{a0}234\u{a0}567");
    }

    proptest! {
        /// Taking the separators out gives the number back, and no group but the
        /// first is shorter or longer than three digits.
        #[test]
        fn grouping_keeps_the_digits(n in any::<i64>()) {
            let text = grouped(n, ",");
            prop_assert_eq!(text.replace(',', ""), n.to_string());
            let groups: Vec<&str> = text.trim_start_matches('-').split(',').collect();
            prop_assert!(groups[0].len() <= 3 && !groups[0].is_empty());
            prop_assert!(groups[1..].iter().all(|g| g.len() == 3));
        }
    }

    #[test]
    fn an_address_may_break_after_slashes_and_at_and_before_dots() {
        assert_eq!(
            address_with_breaks("https://example.org/a-b/"),
            "https://<wbr>example<wbr>.org/<wbr>a-b/"
        );
        assert_eq!(address_with_breaks("me@x.org"), "me@<wbr>x<wbr>.org");
        assert_eq!(address_with_breaks(".a<b>"), ".a&lt;b&gt;");
    }

    proptest! {
        /// Taking the breaks out and the escapes back gives the text; no break at
        /// either end.
        #[test]
        fn breaks_keep_the_address(text in "[a-z./@<&:]{0,30}") {
            let html = address_with_breaks(&text);
            prop_assert!(!html.starts_with("<wbr>") && !html.ends_with("<wbr>"));
            let back = html.replace("<wbr>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
            prop_assert_eq!(back, text);
        }
    }

    #[test]
    fn finds_extended_included_and_imported_templates() {
        let text = r#"{% extends "base.html" %}{%- include 'partials/meta.html' %}
{% import "macros.html" as m %}{% if x %}{{ "include" }}{% endif %}"#;
        let found: Vec<&str> = referenced_templates(text).collect();
        assert_eq!(found, ["base.html", "partials/meta.html", "macros.html"]);
    }

    #[test]
    fn users_of_a_partial_include_the_pages_that_extend_its_users() {
        let root = tempfile::tempdir().unwrap();
        let theme = Theme::load(root.path(), &Config::default_for(root.path())).unwrap();
        let users = theme.users_of(&["partials/meta.html"]);
        assert!(users.contains("partials/meta.html"));
        assert!(users.contains("case-study.html"), "{users:?}");
        assert!(!users.contains("matrix.html"), "{users:?}");
        let base = theme.users_of(&["base.html"]);
        for t in crate::plan::required_templates() {
            assert!(base.contains(t), "{t} does not extend base.html? {base:?}");
        }
    }
}
