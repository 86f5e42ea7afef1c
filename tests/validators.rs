//! Outside validators over every page a site writes: the Nu Html Checker (`vnu.jar`,
//! the checker behind validator.w3.org/nu) on the sample playbook, on a site whose
//! collections have other names (`plays` and `stories`), and on one with building
//! blocks only.
//!
//! The checker needs Java and `vnu.jar` (`npm install --prefix target/npm vnu-jar`,
//! which also fetches a Java runtime when there is none). Without them the test says
//! so and passes, unless `PLACEBOOK_REQUIRE_BROWSER=1` or `PLACEBOOK_REQUIRE_VALIDATOR=1`
//! is set, as CI does.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn required() -> bool {
    ["PLACEBOOK_REQUIRE_BROWSER", "PLACEBOOK_REQUIRE_VALIDATOR"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|v| v != "0" && !v.is_empty()))
}

/// `java` and the path of `vnu.jar`, or `None` after saying what is missing.
fn checker() -> Option<(PathBuf, PathBuf)> {
    let npm = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/npm/node_modules");
    let jar = std::env::var_os("VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| npm.join("vnu-jar/build/dist/vnu.jar"));
    let java = java(&npm);
    let missing = match (&java, jar.is_file()) {
        (Some(_), true) => return Some((java?, jar)),
        (None, _) => "Java (`apt-get install default-jre-headless`)",
        (Some(_), false) => "vnu.jar (`npm install --prefix target/npm vnu-jar`, or set VNU_JAR)",
    };
    if required() {
        panic!(
            "{missing} not found, and a validator is required (PLACEBOOK_REQUIRE_BROWSER or PLACEBOOK_REQUIRE_VALIDATOR is set)"
        );
    }
    say_skipped(&format!(
        "{missing} not found; the Nu Html Checker did not run"
    ));
    None
}

/// `java` on the PATH, or the runtime the vnu-jar package fetched when there was none.
fn java(npm: &Path) -> Option<PathBuf> {
    let on_path = Command::new("java").arg("-version").output();
    if on_path.is_ok_and(|o| o.status.success()) {
        return Some(PathBuf::from("java"));
    }
    std::fs::read_dir(npm.join(".cache/vnu-jar/java"))
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path().join("bin/java"))
        .find(|p| p.is_file())
}

/// The checker's errors for every HTML file under each of the named `sites`' output
/// folders, as readable lines (`sample/print/index.html:12: ...`).
fn nu_errors(java: &Path, jar: &Path, sites: &[(&str, PathBuf)]) -> Vec<String> {
    let o = Command::new(java)
        .arg("-jar")
        .arg(jar)
        .args(["--skip-non-html", "--errors-only", "--format", "json"])
        .args(sites.iter().map(|(_, out)| out))
        .output()
        .expect("java runs");
    // The checker writes its report to stderr, and exits 1 when it found errors.
    let report: serde_json::Value = serde_json::from_slice(&o.stderr).unwrap_or_else(|e| {
        panic!(
            "the checker's report is not JSON ({e}):\n{}{}",
            stdout(&o),
            stderr(&o)
        )
    });
    let messages = report["messages"].as_array().cloned().unwrap_or_default();
    messages
        .iter()
        .filter(|m| m["type"] != "info")
        .map(|m| {
            let url = m["url"].as_str().unwrap_or("");
            let page = sites
                .iter()
                .find_map(|(name, out)| {
                    let (_, rest) = url.split_once(out.to_str()?)?;
                    Some(format!("{name}{rest}"))
                })
                .unwrap_or_else(|| url.to_owned());
            format!(
                "{page}:{}: {} ({})",
                m["lastLine"],
                m["message"].as_str().unwrap_or(""),
                m["extract"].as_str().unwrap_or("").trim()
            )
        })
        .collect()
}

/// A site built into its own output folder (`public/` of its copy).
fn built(site: Site) -> Site {
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    site
}

/// `site` with every listing of more than two items split into pages (`paginate: 2`).
fn paginated(site: Site) -> Site {
    let config = site.root.join("placebook.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\npaginate: 2\n");
    std::fs::write(config, text).unwrap();
    site
}

#[test]
fn the_nu_html_checker_finds_no_errors_on_any_page() {
    let Some((java, jar)) = checker() else { return };
    let sites = [
        ("sample", built(sample())),
        ("sample-paginated", built(paginated(sample()))),
        ("plays-site", built(fixture("plays-site"))),
        ("blocks-only", built(fixture("blocks-only"))),
        (
            "manual",
            built(copy_of(
                &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs"),
            )),
        ),
    ];
    for (name, site) in &sites {
        let pages = walkdir::WalkDir::new(site.out())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .count();
        assert!(pages > 8, "{name}: only {pages} pages");
    }
    let outs: Vec<(&str, PathBuf)> = sites.iter().map(|(name, s)| (*name, s.out())).collect();
    let errors = nu_errors(&java, &jar, &outs);
    assert!(
        errors.is_empty(),
        "{} Nu Html Checker errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
}
