//! One mistake, one true message: each mistake a new author is likely to make, put into
//! each page of the sample playbook in turn, gives exactly one error, in the file that
//! holds the mistake. Nothing that follows from it (pages naming the broken block,
//! links to the broken page) is reported as an error of its own.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

/// (what the author did, how it changes a page's text). Each returns `None` when the
/// page has nothing to break that way.
type Mistake = (&'static str, fn(&str) -> Option<String>);

fn replace_line(text: &str, starts: &str, with: &str) -> Option<String> {
    let mut done = false;
    let out: Vec<String> = text
        .lines()
        .map(|l| {
            if !done && l.starts_with(starts) {
                done = true;
                with.replace("{}", l.strip_prefix(starts).unwrap_or(""))
            } else {
                l.to_owned()
            }
        })
        .collect();
    done.then(|| out.join("\n") + "\n")
}

const MISTAKES: &[Mistake] = &[
    ("a typo in the first key", |t| {
        replace_line(t, "title:", "titel:{}")
    }),
    ("a typo in a later key", |t| {
        replace_line(t, "summary:", "sumary:{}")
    }),
    ("a tab before a list item", |t| {
        replace_line(t, "  - ", "\t- {}")
    }),
    ("an unclosed quote", |t| {
        replace_line(t, "title:", "title: \"{}")
    }),
    ("a colon in a plain value", |t| {
        replace_line(t, "title:", "title: Note: {}")
    }),
    ("no number", |t| replace_line(t, "number:", "")),
    ("number zero", |t| replace_line(t, "number:", "number: 0")),
    ("a number in words", |t| {
        replace_line(t, "number:", "number: two")
    }),
    ("a key written twice", |t| {
        replace_line(t, "title:", "title:{}\ntitle:{}")
    }),
    ("a no-break space after a colon, pasted from the web", |t| {
        replace_line(t, "title: ", "title:\u{a0}{}")
    }),
    ("an opening fence that Word made a dash", |t| {
        replace_line(t, "---", "—")
    }),
    ("a closing fence that Word made a dash", |t| {
        let end = t[4..].find("\n---\n")? + 4;
        Some(format!("{}\n—\n{}", &t[..end], &t[end + 5..]))
    }),
    ("a key capitalised by a phone", |t| {
        replace_line(t, "summary:", "Summary:{}")
    }),
    ("curly quotes around a title with a colon", |t| {
        replace_line(t, "title: ", "title: “Note: {}”")
    }),
    ("a source's address not lined up under its title", |t| {
        replace_line(t, "    url:", "  url:{}")
    }),
    ("no closing front-matter line", |t| {
        let body = t.strip_prefix("---\n")?;
        let end = body.find("\n---\n")?;
        Some(format!("---\n{}\n{}", &body[..end], &body[end + 5..]))
    }),
];

/// The errors `placebook check --format json` reports for the site at `root`.
fn errors(root: &Path) -> Vec<Value> {
    let o = placebook()
        .args(["check", "--format", "json", "--root"])
        .arg(root)
        .output()
        .unwrap();
    let text = stdout(&o);
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}:\n{text}"));
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .cloned()
        .collect()
}

fn pages_of(root: &Path, collection: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("content").join(collection))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && !n.starts_with('_'))
        .collect();
    names.sort();
    names
}

#[test]
fn the_sample_playbook_has_no_errors_to_begin_with() {
    let site = sample();
    assert_eq!(errors(&site.root), Vec::<Value>::new());
}

#[test]
fn each_mistake_in_each_building_block_gives_exactly_one_error_in_that_file() {
    each_mistake_in("building-blocks");
}

#[test]
fn each_mistake_in_each_case_study_gives_exactly_one_error_in_that_file() {
    each_mistake_in("case-studies");
}

fn each_mistake_in(collection: &str) {
    let site = sample();
    let mut failures = Vec::new();
    let mut tried = 0;
    for name in pages_of(&site.root, collection) {
        let file = format!("content/{collection}/{name}");
        let path = site.root.join(&file);
        let good = std::fs::read_to_string(&path).unwrap();
        for (what, break_it) in MISTAKES {
            let Some(bad) = break_it(&good) else { continue };
            std::fs::write(&path, &bad).unwrap();
            let found = errors(&site.root);
            tried += 1;
            let ok = found.len() == 1 && found[0]["file"] == file.as_str();
            if !ok {
                failures.push(format!("{what} in {file}: {found:#?}"));
            }
        }
        std::fs::write(&path, &good).unwrap();
    }
    assert!(tried >= 20, "only {tried} mistakes tried");
    assert!(
        failures.is_empty(),
        "{} of {tried} mistakes did not give exactly one error in their file:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The first `code` in `help` after `after`.
fn backticked_after<'a>(help: &'a str, after: &str) -> &'a str {
    let rest = &help[help
        .find(after)
        .unwrap_or_else(|| panic!("{after:?} in {help}"))..];
    rest.split('`').nth(1).unwrap()
}

/// The line number in "line N" of `help`.
fn line_named(help: &str) -> usize {
    help.match_indices("line ")
        .find_map(|(i, _)| {
            let rest = &help[i + 5..];
            rest.split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no line number in {help}"))
}

/// placebook.yaml after doing what `help` says, as a person pasting it would.
fn follow(config: &str, help: &str) -> String {
    let mut lines: Vec<String> = config.lines().map(str::to_owned).collect();
    if help.contains("add this line to placebook.yaml") {
        lines.push(backticked_after(help, "add this line").to_owned());
    } else if help.contains("inside the braces") {
        let entry = backticked_after(help, "add");
        let n = line_named(help) - 1;
        let close = lines[n].rfind('}').unwrap();
        lines[n] = format!(
            "{}, {entry} {}",
            lines[n][..close].trim_end(),
            &lines[n][close..]
        );
    } else if help.contains("under `collections:`") {
        let entry = backticked_after(help, "add the line");
        let n = line_named(help);
        let indent: String = lines[n].chars().take_while(|c| *c == ' ').collect();
        lines.insert(n, format!("{indent}{entry}"));
    } else {
        panic!("help says nothing to paste: {help}");
    }
    lines.join("\n") + "\n"
}

#[test]
fn the_help_for_a_new_folder_works_when_pasted_into_the_site_config() {
    let configs = [
        ("no collections", "title: T\n".to_owned()),
        (
            "collections as lines",
            "title: T\ncollections:\n  building-blocks: { kind: building-block, sort_by: number }\n  case-studies: { kind: case-study }\ntaxonomies: [tags]\n".to_owned(),
        ),
        (
            "collections on one line",
            "title: T\ncollections: { building-blocks: { kind: building-block, sort_by: number }, case-studies: { kind: case-study } }\n".to_owned(),
        ),
    ];
    for (what, config) in configs {
        let site = sample();
        site.write("placebook.yaml", &config);
        site.write(
            "content/news/first.md",
            "---\ntitle: First news\n---\n\nNews.\n",
        );
        let found = errors(&site.root);
        assert_eq!(found.len(), 1, "{what}: {found:#?}");
        assert_eq!(found[0]["code"], "unknown-collection", "{what}");
        let help = found[0]["suggestion"].as_str().unwrap();
        let pasted = follow(&config, help);
        site.write("placebook.yaml", &pasted);
        let after = errors(&site.root);
        assert!(
            after.is_empty(),
            "{what}: after pasting\n{pasted}\nstill: {after:#?}"
        );
        let o = build(&site.root, &[]);
        assert!(o.status.success(), "{what}: {}", stderr(&o));
        assert!(site.out().join("news/first/index.html").is_file(), "{what}");
        assert!(
            site.out()
                .join("building-blocks/shared-purpose/index.html")
                .is_file(),
            "{what}"
        );
    }
}
