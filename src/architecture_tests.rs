//! Tests that hold the code to docs/architecture.md: the top-level modules form no
//! import cycle, and no function outside tests is longer than about 80 lines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Functions still longer than [`MAX_LINES`], to be split. The test fails when one of
/// them is split (so the list stays true) or when another grows past the limit.
const TOO_LONG_FOR_NOW: &[&str] = &[];

/// The longest a function may be, in lines from `fn` to its closing brace.
const MAX_LINES: usize = 80;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, with its text up to its first test module.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("src/ is readable");
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(path).expect("a source file is UTF-8");
            let code = match text.find("#[cfg(test)]") {
                Some(i) => text[..i].to_owned(),
                None => text,
            };
            out.push((path.to_path_buf(), code));
        }
    }
    out
}

/// Top-level module -> the other top-level modules it names as `crate::<name>`.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let root = src();
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(&root).expect("src/ is readable") {
        let name = entry
            .expect("an entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let name = name.trim_end_matches(".rs").to_owned();
        if !["lib", "main", "architecture_tests"].contains(&name.as_str()) {
            names.insert(name);
        }
    }
    let mut graph = BTreeMap::new();
    for (path, code) in sources(&root) {
        let rel = path.strip_prefix(&root).expect("under src/");
        let Some(first) = rel.components().next() else {
            continue;
        };
        let module = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if !names.contains(&module) {
            continue;
        }
        let uses: &mut BTreeSet<String> = graph.entry(module.clone()).or_default();
        for line in code.lines().map(|l| l.split("//").next().unwrap_or("")) {
            for part in line.split("crate::").skip(1) {
                let name: String = part
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if name != module && names.contains(&name) {
                    uses.insert(name);
                }
            }
        }
    }
    graph
}

/// A cycle of modules in `graph`, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == node) {
            return Some(path[i..].to_vec());
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|k| visit(k, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_modules_form_no_import_cycle() {
    let graph = module_graph();
    assert!(graph.len() > 10, "modules found: {graph:?}");
    assert!(
        graph["build"].contains("plan"),
        "the graph is read: {graph:?}"
    );
    assert_eq!(find_cycle(&graph), None, "an import cycle between modules");
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let mut g = BTreeMap::new();
    g.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
    g.insert("b".to_owned(), BTreeSet::from(["a".to_owned()]));
    assert_eq!(find_cycle(&g), Some(vec!["a".to_owned(), "b".to_owned()]));
}

/// `file::name` and length of every function longer than [`MAX_LINES`].
fn long_functions() -> Vec<(String, usize)> {
    let mut long = Vec::new();
    for (path, code) in sources(&src()) {
        let lines: Vec<&str> = code.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let is_fn = [
                "fn ",
                "pub fn ",
                "pub(crate) fn ",
                "async fn ",
                "pub async fn ",
            ]
            .iter()
            .any(|p| trimmed.starts_with(p));
            if !is_fn || trimmed.ends_with(';') {
                continue;
            }
            let end = lines[i + 1..]
                .iter()
                .position(|l| {
                    l.len() - l.trim_start().len() == indent && l.trim_start().starts_with('}')
                })
                .map_or(lines.len(), |j| i + 1 + j);
            let name: String = trimmed
                .split("fn ")
                .nth(1)
                .unwrap_or("")
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let file = path
                .strip_prefix(src())
                .unwrap_or(&path)
                .display()
                .to_string();
            let length = end - i + 1;
            if length > MAX_LINES {
                long.push((format!("{file}::{name}"), length));
            }
        }
    }
    long
}

#[test]
fn no_function_is_longer_than_the_limit() {
    let long = long_functions();
    let unexpected: Vec<&(String, usize)> = long
        .iter()
        .filter(|(f, _)| !TOO_LONG_FOR_NOW.contains(&f.as_str()))
        .collect();
    assert!(
        unexpected.is_empty(),
        "split these into named steps of at most {MAX_LINES} lines: {unexpected:?}"
    );
    let split: Vec<&&str> = TOO_LONG_FOR_NOW
        .iter()
        .filter(|f| !long.iter().any(|(l, _)| l == *f))
        .collect();
    assert!(
        split.is_empty(),
        "no longer too long, take them off TOO_LONG_FOR_NOW: {split:?}"
    );
}
