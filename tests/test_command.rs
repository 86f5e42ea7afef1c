//! The test command tells the truth: a skipped test leaves a line naming it and why
//! (`say_skipped`), and `scripts/test` prints those lines after cargo's output and
//! fails on them only when the browser tests are required.

mod common;
use common::*;
use std::path::Path;
use std::process::Command;

/// Set by [`say_skipped_notes_the_test_and_why`] for the one run of [`note_a_skip`].
const NOTE_A_SKIP: &str = "PLACEBOOK_TEST_NOTE_A_SKIP";

/// Not a test of its own: [`say_skipped_notes_the_test_and_why`] runs it in a child
/// process, so that the note goes to a file of that test's choosing.
#[test]
#[ignore = "run by say_skipped_notes_the_test_and_why"]
fn note_a_skip() {
    if std::env::var_os(NOTE_A_SKIP).is_some() {
        say_skipped("the tool was not found\n(install it)");
    }
}

#[test]
fn say_skipped_notes_the_test_and_why() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("notes/skipped.txt");
    let o = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "note_a_skip", "--ignored", "--test-threads", "2"])
        .env(NOTE_A_SKIP, "1")
        .env("PLACEBOOK_SKIPPED_FILE", &file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        text,
        "test_command::note_a_skip: the tool was not found (install it)\n"
    );
    assert!(stderr(&o).contains("SKIPPED: the tool was not found"));
}

/// Runs `scripts/test` with a stand-in `cargo` that notes one skip and prints a test
/// result, installing nothing, with `PLACEBOOK_REQUIRE_BROWSER` as given.
fn run_script(tmp: &Path, require: &str) -> std::process::Output {
    let bin = tmp.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let cargo = bin.join("cargo");
    std::fs::write(
        &cargo,
        "#!/bin/sh\necho \"cargo $*\"\necho 'fake::a_browser_test: Chromium not found' >> \"$PLACEBOOK_SKIPPED_FILE\"\necho 'test result: ok. 1 passed'\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let skipped = tmp.join("skipped.txt");
    std::fs::write(&skipped, "old::line: from an earlier run\n").unwrap();
    Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/test"))
        .args(["--test", "cli"])
        .env("PATH", path)
        .env("PLACEBOOK_NO_INSTALL", "1")
        .env("PLACEBOOK_REQUIRE_BROWSER", require)
        .env("PLACEBOOK_SKIPPED_FILE", &skipped)
        .output()
        .unwrap()
}

#[test]
fn the_script_lists_each_skip_after_cargo_and_fails_on_it_only_when_required() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run_script(tmp.path(), "0");
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{}", stderr(&o));
    assert!(
        out.starts_with("cargo test --locked --no-fail-fast --test cli\n"),
        "{out}"
    );
    let result = out.find("test result: ok").unwrap();
    let listed = out
        .find("  - fake::a_browser_test: Chromium not found")
        .unwrap();
    assert!(
        result < listed,
        "the skips come after cargo's output: {out}"
    );
    assert!(
        !out.contains("earlier run"),
        "the file is emptied first: {out}"
    );
    assert!(out.contains("1 test(s) could not run"), "{out}");

    let o = run_script(tmp.path(), "1");
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("a skipped test is a failure"));
}
