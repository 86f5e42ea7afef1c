//! Every command the README and the manual show is run here, so that none can go stale.
//!
//! Each fenced ```sh block of `README.md` and of the manual (`docs/content/**/*.md`) is
//! run line by line in a sandbox of its own, as a reader would type it: `placebook ...`
//! with the binary under test, `cd`, and `cargo run --release -- ...` as `placebook ...`
//! in a copy of the sample playbook. Commands that cannot run in a test (installing,
//! downloading, the test command itself) are checked another way, each named in
//! [`check_other`] with how; a command the test does not know fails it, so a new
//! example needs a way to be checked before it can be written. The manual's synopsis
//! of the command line is checked against each command's `--help`.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One command of a documentation example.
#[derive(Debug)]
struct Example {
    /// Where it is written, `file:line`.
    at: String,
    /// The command, continuation lines joined and any `# comment` removed.
    command: String,
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The README and every page of the manual, as paths from the repository.
fn documents() -> Vec<String> {
    let mut docs = vec!["README.md".to_owned()];
    let mut stack = vec![repo().join("docs/content")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                let rel = path.strip_prefix(repo()).unwrap();
                docs.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    docs.sort();
    docs
}

/// The fenced blocks of `text` whose info string is `info`, each as its lines with
/// their 1-based numbers.
fn blocks(text: &str, info: &str) -> Vec<Vec<(usize, String)>> {
    let mut out = Vec::new();
    let mut current: Option<(String, Vec<(usize, String)>)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match (&mut current, trimmed.strip_prefix("```")) {
            (None, Some(tag)) => current = Some((tag.trim().to_owned(), Vec::new())),
            (Some((tag, lines)), Some(_)) => {
                if tag == info {
                    out.push(std::mem::take(lines));
                }
                current = None;
            }
            (Some((_, lines)), None) => lines.push((i + 1, trimmed.to_owned())),
            (None, None) => {}
        }
    }
    out
}

/// `line` without a trailing `# comment` (a `#` after a space, outside quotes).
fn without_comment(line: &str) -> &str {
    let mut quote = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '#') if prev.is_whitespace() => return line[..i].trim_end(),
            _ => {}
        }
        prev = c;
    }
    line.trim_end()
}

/// The commands of one ```sh block written at `file`.
fn commands(file: &str, block: &[(usize, String)]) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut continued = false;
    for (line, text) in block {
        let text = without_comment(text.trim_start());
        if continued {
            let last = out.last_mut().unwrap();
            last.command = format!(
                "{} {}",
                last.command.trim_end_matches('\\').trim_end(),
                text
            );
        } else if !text.is_empty() {
            out.push(Example {
                at: format!("{file}:{line}"),
                command: text.to_owned(),
            });
        }
        continued = text.ends_with('\\');
    }
    out
}

/// `command` split into words as a shell would (double and single quotes; no
/// expansion).
fn words(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word: Option<String> = None;
    let mut quote = None;
    for c in command.chars() {
        match (quote, c) {
            (None, '"' | '\'') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (Some(q), _) if c == q => quote = None,
            (None, c) if c.is_whitespace() => out.extend(word.take()),
            _ => word.get_or_insert_with(String::new).push(c),
        }
    }
    out.extend(word);
    out
}

/// Every ```sh example of the README and the manual, block by block.
fn sh_examples() -> Vec<Vec<Example>> {
    let mut out = Vec::new();
    for doc in documents() {
        let text = std::fs::read_to_string(repo().join(&doc)).unwrap();
        for block in blocks(&text, "sh") {
            out.push(commands(&doc, &block));
        }
    }
    out
}

/// A folder where one block of examples runs, and the folder its commands run in.
struct Sandbox {
    _tmp: tempfile::TempDir,
    cwd: PathBuf,
    /// A stand-in for `xdg-open` (so `serve --open` opens nothing), which notes each
    /// address it is given in `opened.txt`.
    bin: PathBuf,
}

impl Sandbox {
    /// An empty folder holding a new playbook, `site/`, with its address set (as a
    /// published playbook has), made by `placebook init`; commands run inside it.
    fn new() -> Sandbox {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        let o = placebook().arg("init").arg(&site).output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let config = site.join("placebook.yaml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(
            &config,
            format!("{text}\nbase_url: https://example.org/playbook/\n"),
        )
        .unwrap();
        Sandbox::around(tmp, site)
    }

    /// A copy of the sample playbook of the repository (what `cargo run` builds there).
    fn sample() -> Sandbox {
        let site = common::sample();
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("repo");
        copy_dir(&site.root, &dest);
        Sandbox::around(tmp, dest)
    }

    fn around(tmp: tempfile::TempDir, cwd: PathBuf) -> Sandbox {
        let bin = tmp.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let opener = bin.join("xdg-open");
        let note = tmp.path().join("opened.txt");
        std::fs::write(
            &opener,
            format!("#!/bin/sh\necho \"$1\" >> '{}'\n", note.display()),
        )
        .unwrap();
        make_executable(&opener);
        Sandbox {
            _tmp: tmp,
            cwd,
            bin,
        }
    }

    /// The addresses `serve --open` asked the stand-in `xdg-open` to open.
    fn opened(&self) -> String {
        std::fs::read_to_string(self.bin.parent().unwrap().join("opened.txt")).unwrap_or_default()
    }

    fn placebook(&self, args: &[String]) -> Command {
        let mut c = placebook();
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut paths = vec![self.bin.clone()];
        paths.extend(std::env::split_paths(&path));
        c.args(args)
            .current_dir(&self.cwd)
            .env("PATH", std::env::join_paths(paths).unwrap());
        c
    }
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(not(unix))]
fn make_executable(_: &Path) {}

/// The body of a GET of `address` (`http://127.0.0.1:4000/`).
fn http_get(address: &str) -> String {
    use std::io::{Read, Write};
    let rest = address.strip_prefix("http://").unwrap();
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut stream = std::net::TcpStream::connect(authority).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET /{path} HTTP/1.0\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response
}

/// Runs one `placebook` command of an example in `sandbox`: it must succeed; `serve`
/// must answer at the address it prints (and `--open` must open it); `lsp`, which
/// serves an editor on its input, must end when that input closes.
fn run_placebook(sandbox: &Sandbox, ex: &Example, args: &[String]) {
    match args.first().map(String::as_str) {
        Some("serve") => run_serve(sandbox, ex, args),
        Some("lsp") => {
            let mut child = sandbox
                .placebook(args)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .spawn()
                .unwrap();
            let start = Instant::now();
            while child.try_wait().unwrap().is_none() {
                assert!(
                    start.elapsed() < Duration::from_secs(20),
                    "{}: `{}` did not end when its input closed",
                    ex.at,
                    ex.command
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        _ => {
            let o = sandbox.placebook(args).output().unwrap();
            assert!(
                o.status.success(),
                "{}: `{}` failed:\n{}{}",
                ex.at,
                ex.command,
                stdout(&o),
                stderr(&o)
            );
        }
    }
}

/// `placebook serve ...`: started, asked for its home page at the address it prints,
/// then stopped.
fn run_serve(sandbox: &Sandbox, ex: &Example, args: &[String]) {
    use std::io::{BufRead, BufReader};
    let mut child = sandbox
        .placebook(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    let address = loop {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => {
                if let Some(at) = line.find("http://") {
                    break line[at..].split_whitespace().next().unwrap().to_owned();
                }
            }
            Err(_) => {
                let _ = child.kill();
                panic!("{}: `{}` printed no address to open", ex.at, ex.command);
            }
        }
    };
    let page = http_get(&address);
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        page.contains("<html"),
        "{}: {address} did not answer with a page",
        ex.at
    );
    if args.iter().any(|a| a == "--open") {
        assert!(
            sandbox.opened().contains(address.trim_end_matches('/')),
            "{}: `--open` did not open {address}: {:?}",
            ex.at,
            sandbox.opened()
        );
    }
}

/// Runs one block of examples in a sandbox of its own.
fn run_block(block: &[Example]) {
    let from_repo = block.iter().any(|e| e.command.starts_with("cargo run"));
    let mut sandbox = if from_repo {
        Sandbox::sample()
    } else {
        Sandbox::new()
    };
    for ex in block {
        let w = words(&ex.command);
        match w.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            ["placebook", args @ ..] => run_placebook(&sandbox, ex, &owned(args)),
            ["cargo", "run", "--release", "--", args @ ..] => {
                run_placebook(&sandbox, ex, &owned(args))
            }
            ["cd", dir] => {
                sandbox.cwd = sandbox.cwd.join(dir);
                assert!(
                    sandbox.cwd.is_dir(),
                    "{}: no folder {dir} to go into",
                    ex.at
                );
            }
            _ => check_other(ex),
        }
    }
}

fn owned(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| (*a).to_owned()).collect()
}

/// The commands no test can run as they are written, each checked another way:
///
/// - `cargo install --locked --path .` compiles placebook for minutes: the package it
///   names must be placebook, with a lock file for `--locked` (`.ci/run` compiles the
///   same program, in release form, through `scripts/package-release`).
/// - `scripts/test` is the test command, running this test: it must be there and be
///   what `.ci/run` runs.
/// - The download lines fetch a release from GitHub, which tests cannot reach: each
///   must name a file the release workflow publishes, holding the folder it unpacks
///   (see [`the_download_lines_fetch_what_a_release_publishes`]).
/// - `code --install-extension placebook-vscode.vsix` needs VS Code: the release
///   workflow must publish that file, packed by `scripts/package-vscode`, which
///   `.ci/run` runs (and which checks what the package holds).
fn check_other(ex: &Example) {
    let c = ex.command.as_str();
    let read = |p: &str| std::fs::read_to_string(repo().join(p)).unwrap();
    if c == "cargo install --locked --path ." {
        assert!(read("Cargo.toml").contains("name = \"placebook\""));
        assert!(repo().join("Cargo.lock").is_file() && repo().join("src/main.rs").is_file());
    } else if c == "scripts/test" {
        assert!(repo().join("scripts/test").is_file());
        assert!(read(".ci/run").lines().any(|l| l.trim() == "scripts/test"));
    } else if c == "code --install-extension placebook-vscode.vsix" {
        let workflow = read(".github/workflows/release.yml");
        assert!(workflow.contains("run: scripts/package-vscode"));
        assert!(workflow.contains("path: dist/placebook-vscode.vsix"));
        assert!(
            read(".ci/run")
                .lines()
                .any(|l| l.trim() == "scripts/package-vscode")
        );
        assert!(read("scripts/package-vscode").contains("--out ../../dist/placebook-vscode.vsix"));
    } else if c.starts_with("curl -fsSL \"https://github.com/$REPO/releases/latest/download/") {
        let file = c
            .split("download/")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert_release_file(file, c);
    } else {
        panic!(
            "{}: `{c}` is an example this test does not know how to run; teach it in tests/doc_examples.rs",
            ex.at
        );
    }
}

/// `file` (`placebook-TARGET.tar.gz`) is published by the release workflow, and the
/// download line `line` moves the binary out of the folder it holds.
fn assert_release_file(file: &str, line: &str) {
    let read = |p: &str| std::fs::read_to_string(repo().join(p)).unwrap();
    let (workflow, script) = (
        read(".github/workflows/release.yml"),
        read("scripts/package-release"),
    );
    let name = file.strip_prefix("placebook-").unwrap();
    let (target, ext) = name.split_once('.').unwrap();
    assert!(
        workflow.contains(&format!("target: {target},")),
        "{target} is not built by the release workflow"
    );
    let packed = if target.contains("windows") {
        "zip"
    } else {
        "tar.gz"
    };
    assert_eq!(ext, packed, "{file}");
    assert!(script.contains("name=\"placebook-$target\""));
    if ext == "tar.gz" {
        assert!(
            line.contains(&format!("mv placebook-{target}/placebook ")),
            "{line}"
        );
    }
}

#[test]
fn every_shell_example_of_the_readme_and_the_manual_runs() {
    let blocks = sh_examples();
    let count: usize = blocks.iter().map(Vec::len).sum();
    assert!(count >= 20, "the examples were found: {count}");
    let started = Instant::now();
    for block in &blocks {
        run_block(block);
    }
    eprintln!("{count} examples in {:.1?}", started.elapsed());
}

/// The download lines in words (Windows' PowerShell line, and the targets named in
/// comments) are what a release publishes too.
#[test]
fn the_download_lines_fetch_what_a_release_publishes() {
    for doc in ["README.md", "docs/content/manual/getting-started.md"] {
        let text = std::fs::read_to_string(repo().join(doc)).unwrap();
        let files: Vec<&str> = text
            .split("releases/latest/download/")
            .skip(1)
            .map(|rest| rest.split(['"', ' ']).next().unwrap())
            .collect();
        assert_eq!(files.len(), 3, "{doc}: {files:?}");
        for file in files {
            let line = text.lines().find(|l| l.contains(file)).unwrap();
            assert_release_file(file, line);
        }
        let workflow =
            std::fs::read_to_string(repo().join(".github/workflows/release.yml")).unwrap();
        for target in ["aarch64-unknown-linux-gnu", "x86_64-apple-darwin"] {
            assert!(text.contains(target), "{doc} names {target}");
            assert!(workflow.contains(&format!("target: {target},")));
        }
    }
}

/// The manual's synopsis of the command line names only options each command has.
#[test]
fn the_command_line_synopsis_matches_each_commands_help() {
    let text = std::fs::read_to_string(repo().join("docs/content/manual/command-line.md")).unwrap();
    let synopsis = blocks(&text, "").into_iter().next().unwrap();
    let mut checked = 0;
    for (line, text) in synopsis {
        let w: Vec<&str> = text.split_whitespace().collect();
        let (Some(&"placebook"), Some(command)) = (w.first(), w.get(1)) else {
            continue;
        };
        if command.starts_with('-') {
            continue;
        }
        let o = placebook().args([command, "--help"]).output().unwrap();
        assert!(o.status.success(), "command-line.md:{line}: `{command}`");
        let help = stdout(&o);
        for option in w
            .iter()
            .filter(|w| w.starts_with("[--") || w.starts_with("--"))
        {
            let name = option
                .trim_start_matches('[')
                .split([']', ' '])
                .next()
                .unwrap();
            assert!(
                help.contains(name),
                "command-line.md:{line}: `placebook {command}` has no {name}:\n{help}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "options checked: {checked}");
}

#[test]
fn commands_are_read_as_a_shell_reads_them() {
    assert_eq!(
        words("placebook new case-studies \"Sheffield Money\""),
        ["placebook", "new", "case-studies", "Sheffield Money"]
    );
    assert_eq!(
        without_comment("placebook build   # into public/ # twice"),
        "placebook build"
    );
    assert_eq!(without_comment("echo \"a # b\""), "echo \"a # b\"");
    let block = [
        (1, "A=1 \\".to_owned()),
        (2, "  cargo test  # slow".to_owned()),
    ];
    let joined = commands("x.md", &block);
    assert_eq!(joined.len(), 1);
    assert_eq!(joined[0].command, "A=1 cargo test");
    assert_eq!(joined[0].at, "x.md:1");
}

/// The line the manual shows `build` printing for the sample playbook counts what a
/// build of the sample prints.
#[test]
fn the_manuals_build_line_is_what_building_the_sample_prints() {
    let text = std::fs::read_to_string(repo().join("docs/content/manual/command-line.md")).unwrap();
    let shown = text
        .split("`Built ")
        .nth(1)
        .and_then(|rest| rest.split(" into ").next())
        .unwrap();
    let site = sample();
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let printed = stdout(&o);
    assert!(
        printed.contains(&format!("Built {shown} into ")),
        "command-line.md shows `Built {shown}`, a build of the sample prints: {printed}"
    );
}
