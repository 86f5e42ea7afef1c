//! The command line itself: help, version, exit codes, init, quiet and verbose output,
//! and `explain`.

mod common;
use common::*;

#[test]
fn help_and_version_succeed() {
    let o = placebook().arg("--help").output().unwrap();
    assert!(o.status.success());
    let out = stdout(&o);
    for cmd in ["build", "init"] {
        assert!(out.contains(cmd), "help lists {cmd}: {out}");
    }
    let o = placebook().arg("--version").output().unwrap();
    assert!(o.status.success());
    assert!(stdout(&o).starts_with(&format!("placebook {}", env!("CARGO_PKG_VERSION"))));
    let o = placebook().args(["build", "--help"]).output().unwrap();
    assert!(stdout(&o).contains("--base-url"));
}

#[test]
fn usage_errors_exit_2() {
    let o = placebook()
        .args(["build", "--no-such-flag"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = placebook().output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = placebook().args(["-q", "-v", "build"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "quiet and verbose conflict");
}

#[test]
fn init_scaffolds_a_playbook_that_builds_and_refuses_non_empty_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new");
    let o = placebook().arg("init").arg(&dir).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.join("placebook.yaml").is_file());
    assert_eq!(
        std::fs::read_dir(dir.join("content/building-blocks"))
            .unwrap()
            .count(),
        2
    );
    assert_eq!(
        std::fs::read_dir(dir.join("content/case-studies"))
            .unwrap()
            .count(),
        1
    );

    let o = placebook().arg("init").arg(&dir).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is not empty"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"));
    let o = placebook()
        .arg("init")
        .arg(&dir)
        .arg("--force")
        .output()
        .unwrap();
    assert!(o.status.success());

    let o = build(&dir, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = html(&dir.join("public/case-studies/example-place/index.html"));
    assert_eq!(texts(&doc, "h1"), vec!["Example place"]);
}

#[test]
fn build_prints_one_summary_line_and_quiet_prints_nothing() {
    let site = fixture("good");
    let o = build(&site.root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("Built "), "{out}");
    assert!(
        out.contains(" pages ") && out.contains(" s, ") && out.contains("warning"),
        "{out}"
    );

    let o = build(&site.root, &["-q", "--base-url", "https://example.org/"]);
    assert!(o.status.success());
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    assert!(
        !stderr(&o).contains("warning"),
        "warnings hidden with -q: {}",
        stderr(&o)
    );

    let o = build(&site.root, &["-v"]);
    assert!(
        stderr(&o).contains("markdown"),
        "phase timings with -v: {}",
        stderr(&o)
    );
}

#[test]
fn explain_prints_a_codes_meaning_and_fix_and_lists_every_code() {
    let entry = placebook::diagnostic::codes::lookup("unknown-field").unwrap();
    for given in ["unknown-field", "error[unknown-field]"] {
        let o = placebook().args(["explain", given]).output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        assert!(
            out.contains(entry.meaning) && out.contains(entry.fix),
            "{out}"
        );
    }

    let o = placebook()
        .args(["explain", "unknown-feild"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `unknown-field`?"),
        "{}",
        stderr(&o)
    );

    let o = placebook().arg("explain").output().unwrap();
    assert!(o.status.success());
    let codes = placebook::diagnostic::codes::CODES;
    assert_eq!(stdout(&o).lines().count(), codes.len(), "{}", stdout(&o));
    assert!(stdout(&o).contains(codes[0].meaning));
}
