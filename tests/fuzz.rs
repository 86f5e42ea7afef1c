//! Property-based fuzzing (proptest) of what reads authors' files: decoding, splitting
//! off the front matter, parsing it for each kind, and rendering markdown (with a link
//! resolver that answers every way it can, and with the sanitiser).
//!
//! The properties, for any input: nothing panics; every diagnostic points inside the
//! file (a line that exists, a column within that line, or 0 for "the whole file");
//! every byte range and offset returned is inside the text and on a character
//! boundary; rendering finishes quickly; the sanitiser leaves no `<script`.
//!
//! `cargo test` runs 256 cases of each property (`PROPTEST_CASES=N` changes that) and
//! replays `tests/fuzz-corpus/`. The long run is time-bounded and ignored by default:
//!
//! ```sh
//! PLACEBOOK_FUZZ_SECONDS=600 cargo test --release --test fuzz -- --ignored --nocapture
//! ```
//!
//! With `PLACEBOOK_FUZZ_CORPUS=tests/fuzz-corpus` it also saves, for each combination
//! of diagnostic codes it meets, the shortest input that produced it, so the corpus
//! grows with what the fuzzer reaches. A failure is shrunk and written to
//! `proptest-regressions/fuzz.txt`, which is replayed first on every later run.

use placebook::config::Kind;
use placebook::content::front_matter::{self, FrontMatterLines};
use placebook::content::split;
use placebook::diagnostic::{Diagnostic, SourceText};
use placebook::markdown::{self, LinkResolver, Resolution};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

const FILE: &str = "content/case-studies/fuzz.md";
const KINDS: [Kind; 3] = [Kind::BuildingBlock, Kind::CaseStudy, Kind::Page];

/// Answers in every way a resolver can, depending on the destination.
struct AnyAnswer;

impl LinkResolver for AnyAnswer {
    fn resolve(&self, dest: &str, _kind: placebook::markdown::LinkKind) -> Resolution {
        match dest.len() % 5 {
            0 => Resolution::Keep,
            1 => Resolution::Rewrite {
                href: format!("@placebook-root@/{dest}/index.html"),
                anchor: Some((0, dest.to_owned())),
            },
            2 => Resolution::SamePage(dest.to_owned()),
            3 => Resolution::Broken {
                message: format!("`{dest}` is broken"),
                suggestion: Some("fix it".into()),
            },
            _ => Resolution::Unlink {
                message: "a draft".into(),
            },
        }
    }
}

fn fail(msg: String) -> TestCaseError {
    TestCaseError::fail(msg)
}

/// The diagnostic points inside `text` (or at the whole file).
fn located_inside(d: &Diagnostic, text: &SourceText) -> Result<(), TestCaseError> {
    let Some(loc) = &d.location else {
        return Err(fail(format!("{} has no location", d.code)));
    };
    if loc.file != FILE {
        return Err(fail(format!("{} names {}", d.code, loc.file)));
    }
    if loc.line == 0 {
        return if loc.column == 0 {
            Ok(())
        } else {
            Err(fail(format!("{}: column without a line", d.code)))
        };
    }
    let Some(line) = text.line(loc.line) else {
        return Err(fail(format!(
            "{} at line {} of {}",
            d.code,
            loc.line,
            text.line_count()
        )));
    };
    let width = line.chars().count() + 1;
    if loc.column > width {
        return Err(fail(format!(
            "{} at {}:{} but the line has {} characters",
            d.code,
            loc.line,
            loc.column,
            width - 1
        )));
    }
    Ok(())
}

fn inside(body: &str, offset: usize, what: &str) -> Result<(), TestCaseError> {
    if offset > body.len() || !body.is_char_boundary(offset) {
        return Err(fail(format!(
            "{what} offset {offset} outside or inside a character ({} bytes)",
            body.len()
        )));
    }
    Ok(())
}

/// Renders `body` both ways and checks the result.
fn render_checks(body: &str) -> Result<(), TestCaseError> {
    let start = Instant::now();
    for take_title in [false, true] {
        let mut r = markdown::render(body, &AnyAnswer, take_title);
        for p in &r.problems {
            inside(body, p.offset, "link problem")?;
        }
        for a in &r.anchor_checks {
            inside(body, a.offset, "anchor check")?;
        }
        for i in &r.images {
            inside(body, i.offset, "image")?;
        }
        for t in &r.toc {
            if !r.ids.contains(&t.id) {
                return Err(fail(format!("toc id {} is not an id", t.id)));
            }
        }
        markdown::sanitize(&mut r);
        if r.html.to_ascii_lowercase().contains("<script") {
            return Err(fail(format!("a script survived: {}", r.html)));
        }
    }
    let plain = markdown::render(body, &markdown::KeepLinks, false);
    // KeepLinks keeps every link; what may still be found is about ids and footnotes.
    let link_problem = plain.problems.iter().any(|p| {
        matches!(
            p.kind,
            markdown::ProblemKind::BrokenLink
                | markdown::ProblemKind::MissingImage
                | markdown::ProblemKind::DraftLink
        )
    });
    if link_problem || !plain.anchor_checks.is_empty() {
        return Err(fail("KeepLinks reported link problems".into()));
    }
    // Inputs here are at most a few KB; anything near this is a runaway.
    if start.elapsed() > Duration::from_secs(10) {
        return Err(fail(format!(
            "rendering {} bytes took {:?}",
            body.len(),
            start.elapsed()
        )));
    }
    Ok(())
}

/// Runs a file's bytes through decode, split, parse (as `kind`) and render, checking
/// every property; returns the diagnostic codes met.
fn exercise(bytes: &[u8], kind: Kind) -> Result<BTreeSet<&'static str>, TestCaseError> {
    let mut codes = BTreeSet::new();
    let text = match split::decode(bytes.to_vec(), FILE) {
        Ok(t) => t,
        Err(d) => {
            let lossy = SourceText::new(String::from_utf8_lossy(bytes).into_owned());
            if d.location.as_ref().is_some_and(|l| l.line > 0) {
                located_inside(&d, &lossy)?;
            }
            codes.insert(d.code);
            return Ok(codes);
        }
    };
    if text.contains('\r') || text.starts_with('\u{feff}') {
        return Err(fail("decode left a CR or a BOM".into()));
    }
    let src = SourceText::new(text);
    let s = src.as_str();
    let sp = match split::split(&src, FILE) {
        Ok(sp) => sp,
        Err(d) => {
            located_inside(&d, &src)?;
            codes.insert(d.code);
            return Ok(codes);
        }
    };
    inside(s, sp.body_start, "body start")?;
    if let Some(r) = sp.front_matter {
        inside(s, r.start, "front matter start")?;
        inside(s, r.end, "front matter end")?;
        if !(r.start <= r.end && r.end <= sp.body_start) {
            return Err(fail(format!(
                "front matter {r:?}, body at {}",
                sp.body_start
            )));
        }
        if r.first_line < 1 || r.closing_line < r.first_line || r.closing_line > src.line_count() {
            return Err(fail(format!("front matter lines {r:?}")));
        }
        let lines = FrontMatterLines {
            first: r.first_line,
            closing: r.closing_line,
        };
        match front_matter::parse(&src, &s[r.start..r.end], lines, kind, FILE) {
            Ok(fm) => {
                if let Some(n) = fm.number
                    && n < 1
                {
                    return Err(fail(format!("number {n} accepted")));
                }
            }
            Err(ds) => {
                if ds.is_empty() {
                    return Err(fail("an error without a diagnostic".into()));
                }
                for d in &ds {
                    located_inside(d, &src)?;
                    codes.insert(d.code);
                }
            }
        }
    }
    render_checks(&s[sp.body_start..])?;
    Ok(codes)
}

fn any_kind() -> impl Strategy<Value = Kind> {
    prop::sample::select(KINDS.to_vec())
}

/// Pieces of YAML values, good and bad.
fn yaml_value() -> impl Strategy<Value = String> {
    let fixed: Vec<&'static str> = vec![
        "A title",
        "\"quoted: text\"",
        "'single'",
        "[a, b]",
        "[a, [b]]",
        "{a: 1}",
        "\n  - x\n  - y",
        "\n  - {title: T, url: \"https://x.example\"}",
        "[{title: T}]",
        "1",
        "0",
        "-5",
        "99999999999999999999999",
        "1.5",
        "2024-05-01",
        "2024-13-45",
        "2024-05-01T10:00:00Z",
        "true",
        "null",
        "~",
        "",
        "|\n  block\n  text",
        ">\n  folded",
        "\"unclosed",
        "[unclosed",
        "{unclosed",
        "&anchor x",
        "*alias",
        "!!binary aGk=",
        "!custom tag",
        "\tTab",
        "é ü 中文 🙂",
        "TODO: fill me",
        "../../etc",
        "a: b: c",
        "- - -",
        "'it''s'",
        "\"\\u00e9\\x\"",
        "? complex\n: key",
        "<<: {a: 1}",
    ];
    prop_oneof![
        4 => prop::sample::select(fixed).prop_map(str::to_owned),
        1 => "[ -~]{0,20}",
        1 => any::<String>().prop_map(|s| s.chars().take(20).collect()),
    ]
}

fn yaml_key() -> impl Strategy<Value = String> {
    let mut keys: Vec<String> = front_matter::FIELDS
        .iter()
        .map(|f| f.name.to_owned())
        .collect();
    keys.extend(
        [
            "titel",
            "sumary",
            "x y",
            "",
            "-",
            "\"title\"",
            "Title",
            "title ",
            "? title",
        ]
        .map(str::to_owned),
    );
    prop_oneof![
        6 => prop::sample::select(keys),
        1 => "[a-z_]{1,10}",
    ]
}

/// A front-matter line: usually `key: value`, sometimes indented, tabbed, or odd.
fn yaml_line() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (yaml_key(), yaml_value()).prop_map(|(k, v)| format!("{k}: {v}")),
        1 => (yaml_key(), yaml_value()).prop_map(|(k, v)| format!("  {k}: {v}")),
        1 => (yaml_key(), yaml_value()).prop_map(|(k, v)| format!("\t{k}: {v}")),
        1 => yaml_value().prop_map(|v| format!("- {v}")),
        1 => Just("---".to_owned()),
        1 => Just("...".to_owned()),
        1 => Just("# a comment".to_owned()),
        1 => Just(String::new()),
    ]
}

/// Pieces of markdown, combined at random.
fn markdown_piece() -> impl Strategy<Value = String> {
    let fixed: Vec<&'static str> = vec![
        "# ",
        "## Why it matters\n",
        "### Detail {#custom .cls key=val onclick=x}\n",
        "## Main\n",
        "> ",
        "> [!NOTE]\n",
        "> [!WARNING]\n> Careful\n",
        "- ",
        "  - ",
        "1. ",
        "- [x] done\n",
        "[a](b.md)",
        "[b](../x.md#frag)",
        "[c](#anchor)",
        "[d](https://x.example/a?b#c)",
        "[e]()",
        "[f](<a b.md>)",
        "![alt](img.png)",
        "![](x.png)",
        "![**bold** alt](y.png \"title\")",
        "[^1]",
        "[^1]: The note.\n",
        "| a | b |\n|---|:-:|\n| 1 | 2 |\n",
        "```rust\n",
        "```\n",
        "~~~\n",
        "`",
        "<div id=\"d\">",
        "</div>",
        "<img src=x>",
        "<script>alert(1)</script>",
        "<a href=\"javascript:x\">",
        "<!-- comment -->",
        "<",
        "[ref]: https://e.example\n",
        "[ref]",
        "**",
        "_",
        "~~",
        "\\",
        "&amp;",
        "&#0;",
        "\n",
        "\n\n",
        "    ",
        "\t",
        "é",
        "\u{0}",
        "\u{200b}",
        "word ",
        "---\n",
        "===\n",
        "$$",
        "{#id}",
    ];
    prop_oneof![
        6 => prop::sample::select(fixed).prop_map(str::to_owned),
        1 => "[a-zA-Z ]{0,12}",
        1 => any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn markdown_body() -> impl Strategy<Value = String> {
    prop::collection::vec(markdown_piece(), 0..120).prop_map(|v| v.concat())
}

/// A whole file: maybe a BOM, maybe front matter (maybe unclosed), a body, and LF,
/// CRLF or CR line endings.
fn structured_file() -> impl Strategy<Value = Vec<u8>> {
    (
        any::<bool>(),
        prop::sample::select(vec!["---", "+++", "--- ", "", "----"]),
        prop::collection::vec(yaml_line(), 0..12),
        prop::sample::select(vec!["---", "...", "", "--"]),
        markdown_body(),
        prop::sample::select(vec!["\n", "\r\n", "\r"]),
    )
        .prop_map(|(bom, open, lines, close, body, eol)| {
            let mut text = String::new();
            if !open.is_empty() {
                text.push_str(open);
                text.push('\n');
                for l in &lines {
                    text.push_str(l);
                    text.push('\n');
                }
                if !close.is_empty() {
                    text.push_str(close);
                    text.push('\n');
                }
            }
            text.push_str(&body);
            let text = text.replace('\n', eol);
            let mut bytes = Vec::new();
            if bom {
                bytes.extend_from_slice("\u{feff}".as_bytes());
            }
            bytes.extend_from_slice(text.as_bytes());
            bytes
        })
}

fn arbitrary_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..1024),
        // Mostly text with a few stray bytes.
        (any::<String>(), prop::collection::vec(any::<u8>(), 0..4)).prop_map(|(s, b)| {
            let mut v = s.into_bytes();
            let at = v.len() / 2;
            v.splice(at..at, b);
            v
        }),
    ]
}

// Failures are saved to proptest-regressions/fuzz.txt (proptest's default) and replayed
// first on every later run.
proptest! {

    #[test]
    fn fuzz_arbitrary_bytes(bytes in arbitrary_bytes(), kind in any_kind()) {
        exercise(&bytes, kind)?;
    }

    #[test]
    fn fuzz_structured_files(bytes in structured_file(), kind in any_kind()) {
        exercise(&bytes, kind)?;
    }

    #[test]
    fn fuzz_markdown_bodies(body in markdown_body()) {
        render_checks(&body)?;
    }

    #[test]
    fn fuzz_arbitrary_markdown(body in any::<String>()) {
        render_checks(&body)?;
    }
}

fn corpus_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-corpus")
}

#[test]
fn fuzz_corpus_replays_clean() {
    let mut n = 0;
    for entry in std::fs::read_dir(corpus_dir()).expect("tests/fuzz-corpus") {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        for kind in KINDS {
            if let Err(e) = exercise(&bytes, kind) {
                panic!("{}: {e}", path.display());
            }
        }
        n += 1;
    }
    assert!(n >= 10, "only {n} corpus files");
}

/// The long run: every property, over and over with fresh seeds, for
/// `PLACEBOOK_FUZZ_SECONDS` (default 600).
#[test]
#[ignore = "long: run with PLACEBOOK_FUZZ_SECONDS=600 cargo test --release --test fuzz -- --ignored"]
fn fuzz_for_a_while() {
    let seconds: u64 = std::env::var("PLACEBOOK_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let save = std::env::var_os("PLACEBOOK_FUZZ_CORPUS").map(std::path::PathBuf::from);
    let seen = std::sync::Mutex::new(std::collections::HashMap::<String, Vec<u8>>::new());
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let config = Config {
        cases: 2000,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct("proptest-regressions/fuzz.txt"),
        )),
        ..Config::default()
    };
    let mut rounds = 0u64;
    let record = |bytes: &[u8], codes: BTreeSet<&'static str>| {
        let key = if codes.is_empty() {
            "clean".to_owned()
        } else {
            codes.into_iter().collect::<Vec<_>>().join("+")
        };
        let mut seen = seen.lock().unwrap();
        let keep = seen.get(&key).is_none_or(|old| bytes.len() < old.len());
        if keep && !bytes.is_empty() {
            seen.insert(key, bytes.to_vec());
        }
    };
    while Instant::now() < deadline {
        let failure = |e: &dyn std::fmt::Display| -> String { e.to_string() };
        let result = TestRunner::new(config.clone())
            .run(&(structured_file(), any_kind()), |(bytes, kind)| {
                let codes = exercise(&bytes, kind)?;
                record(&bytes, codes);
                Ok(())
            })
            .map_err(|e| failure(&e))
            .and_then(|()| {
                TestRunner::new(config.clone())
                    .run(&(arbitrary_bytes(), any_kind()), |(b, k)| {
                        exercise(&b, k).map(|_| ())
                    })
                    .map_err(|e| failure(&e))
            })
            .and_then(|()| {
                TestRunner::new(config.clone())
                    .run(&markdown_body(), |b| render_checks(&b))
                    .map_err(|e| failure(&e))
            })
            .and_then(|()| {
                TestRunner::new(config.clone())
                    .run(&any::<String>(), |b| render_checks(&b))
                    .map_err(|e| failure(&e))
            });
        if let Err(e) = result {
            panic!("fuzzing found a failure after {rounds} rounds: {e}");
        }
        rounds += 1;
    }
    let seen = seen.into_inner().unwrap();
    eprintln!(
        "fuzzed for {seconds} s: {rounds} rounds of {} cases of each of 4 properties ({} inputs), {} combinations of diagnostics met",
        config.cases,
        rounds * 4 * u64::from(config.cases),
        seen.len()
    );
    if let Some(dir) = save {
        std::fs::create_dir_all(&dir).unwrap();
        for (key, bytes) in seen {
            let name: String = key
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            std::fs::write(dir.join(format!("{name}.md")), bytes).unwrap();
        }
    }
}
