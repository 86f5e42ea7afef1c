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

/// Runs placebook with `args` in the folder `dir`.
fn run_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    placebook().current_dir(dir).args(args).output().unwrap()
}

/// Every command that works on a playbook, with arguments that make it do so (serve on
/// any free port: it stops at once when there is no playbook).
const COMMANDS: &[&[&str]] = &[
    &["build"],
    &["serve", "--port", "0"],
    &["check"],
    &["check", "--format", "json"],
    &["new", "case-studies", "A title"],
    &["schema"],
];

#[test]
fn every_command_finds_the_playbook_from_a_folder_inside_it() {
    let site = fixture("good");
    let deep = site.root.join("content/case-studies");
    let o = run_in(&deep, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(" into ../../public in "),
        "the output folder is named from here: {}",
        stdout(&o)
    );
    assert!(site.out().join("index.html").is_file());
    assert!(!deep.join("public").exists());

    let o = run_in(&deep, &["check", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let o = run_in(&site.root.join("content"), &["schema"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("../schemas/"),
        "the schemas are written to the playbook's folder: {}",
        stdout(&o)
    );
    assert!(site.root.join("schemas/case-studies.schema.json").is_file());
}

#[test]
fn outside_a_playbook_every_command_refuses_with_one_message() {
    let tmp = tempfile::tempdir().unwrap();
    if tmp
        .path()
        .ancestors()
        .any(|d| d.join("placebook.yaml").exists())
    {
        say_skipped(
            "a folder above the temporary folder holds placebook.yaml, so the test of commands outside a playbook did not run",
        );
        return;
    }
    for args in COMMANDS {
        let o = run_in(tmp.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert_eq!(
            stderr(&o),
            "error: no placebook.yaml was found in this folder or any folder above it, so this is not inside a playbook\n\
             help: start a playbook with `placebook init DIR`, or point at one with `--root DIR`\n",
            "{args:?}"
        );
        assert!(stdout(&o).is_empty(), "{args:?}: {}", stdout(&o));
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            0,
            "{args:?} wrote nothing"
        );
    }
}

#[test]
fn a_root_that_does_not_exist_is_named_as_such() {
    let site = fixture("good");
    for args in COMMANDS {
        let mut args = args.to_vec();
        args.extend(["--root", "no-such-folder"]);
        let o = run_in(&site.root, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert_eq!(
            stderr(&o),
            "error: the folder no-such-folder (given with --root) does not exist\n\
             help: check the name, or leave --root out to use the playbook this folder is in (the nearest folder above that holds placebook.yaml)\n",
            "{args:?}"
        );
        assert!(!site.root.join("no-such-folder").exists(), "{args:?}");
    }
}

#[test]
fn a_given_root_is_used_as_given_not_walked_up() {
    let site = fixture("good");
    let o = run_in(&site.root, &["build", "--root", "content"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: content (given with --root) is not a playbook: it holds no placebook.yaml and no content/ folder\n\
         help: the playbook's folder is ., which holds placebook.yaml: pass --root ., or leave --root out from inside it\n"
    );
    let o = run_in(&site.root, &["check", "--root", "placebook.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: placebook.yaml (given with --root) is a file, not a folder\n\
         help: pass the folder that holds it, or leave --root out\n"
    );
}

#[test]
fn messages_name_paths_from_here_never_the_machines_own() {
    let site = fixture("bad/multiple-errors");
    let here = site.root.join("content");
    let machine = site.root.parent().unwrap().to_string_lossy().into_owned();
    for args in [
        &["check"][..],
        &["check", "--format", "json"],
        &["build"],
        &["build", "--output", "../content/out"],
        &["schema"],
    ] {
        let o = run_in(&here, args);
        let said = format!("{}{}", stdout(&o), stderr(&o));
        assert!(!said.is_empty(), "{args:?}");
        assert!(!said.contains(&machine), "{args:?} named {machine}: {said}");
    }
    let good = fixture("good");
    let o = run_in(&good.root, &["build", "--output", "content/out"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "error[unsafe-output]: placebook will not write the site to content/out: it is inside the site's content/ folder"
        ),
        "{}",
        stderr(&o)
    );
}

/// `cms.script` naming a folder without Decap's files is one error at its line, and the
/// last good site stays as it was.
#[test]
fn a_decap_folder_without_decap_is_one_error_at_its_line() {
    let site = fixture("good");
    assert!(build(&site.root, &[]).status.success());
    let before = snapshot(&site.out());
    site.edit("placebook.yaml", |c| {
        c + "cms:\n  backend: git-gateway\n  script: node_modules/decap-cms/dist\n"
    });
    let o = build(&site.root, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("`node_modules/decap-cms/dist` has no `decap-cms.js`"),
        "{err}"
    );
    assert!(err.contains("npm install decap-cms@3"), "{err}");
    assert_eq!(locations(&err), ["placebook.yaml:7:3"], "{err}");
    assert_eq!(snapshot(&site.out()), before);
}
