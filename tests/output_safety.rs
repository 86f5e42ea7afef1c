//! Nothing lost, nothing leaked: what `build` (with or without `--force`) may write over,
//! what a failed build leaves behind (a full disk, a rename that fails), and names that
//! `check` must refuse because `build` could not write them.
//!
//! Every test works in a temporary folder, with `HOME` set to a folder inside it: no test
//! points placebook at the real home folder or at a system folder (those are refused by
//! the unit tests of `output::refuse_unsafe_target`, which write nothing).
//!
//! The full-disk tests mount a 2 MB tmpfs, which needs root (CI runs as root). Where that
//! is not possible they print `SKIPPED` and pass, unless `PLACEBOOK_REQUIRE_TMPFS=1`.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;

/// Every entry under `dir` (not following links): folders as `None`, files with their
/// bytes, links with their target.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
        let value = if e.path_is_symlink() {
            let target = std::fs::read_link(e.path()).unwrap();
            Some(target.as_os_str().as_encoded_bytes().to_vec())
        } else if e.file_type().is_dir() {
            None
        } else {
            Some(std::fs::read(e.path()).unwrap())
        };
        out.insert(rel, value);
    }
    out
}

/// Asserts that two trees are the same, naming the first difference.
fn assert_same(before: &BTreeMap<PathBuf, Option<Vec<u8>>>, after: &Path, why: &str) {
    let now = tree(after);
    for (p, v) in before {
        match now.get(p) {
            None => panic!("{why}: {} is gone", p.display()),
            Some(w) if w != v => panic!("{why}: {} changed", p.display()),
            _ => {}
        }
    }
    if let Some(extra) = now.keys().find(|p| !before.contains_key(*p)) {
        panic!("{why}: {} was added", extra.display());
    }
}

/// `placebook build --root ROOT [--output OUT] ARGS` run in `cwd` with `HOME=home`.
fn build_in(
    cwd: &Path,
    home: &Path,
    root: &Path,
    output: Option<&OsStr>,
    extra: &[&str],
) -> Output {
    let mut c = placebook();
    c.current_dir(cwd)
        .env("HOME", home)
        .arg("build")
        .arg("--root")
        .arg(root);
    if let Some(o) = output {
        c.arg("--output").arg(o);
    }
    c.args(extra).output().unwrap()
}

/// `placebook check --root ROOT`.
fn check(root: &Path) -> Output {
    placebook()
        .arg("check")
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

/// Adds a paragraph to a page of the site.
fn append(site: &Site, rel: &str, text: &str) {
    let path = site.root.join(rel);
    let mut page = std::fs::read_to_string(&path).unwrap();
    page.push_str(&format!("\n{text}\n"));
    std::fs::write(path, page).unwrap();
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// A playground: the `good` site in `<tmp>/site`, a home folder `<tmp>/people/me` with
/// files in it, a git work tree, a folder of someone's files with a subfolder, and
/// symbolic links to some of them.
struct Playground {
    site: Site,
    base: PathBuf,
    home: PathBuf,
}

impl Playground {
    fn new() -> Playground {
        let site = fixture("good");
        let base = site.root.parent().unwrap().to_path_buf();
        let home = base.join("people/me");
        let write = |rel: &str, text: &str| {
            let p = base.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        write("people/me/notes.txt", "my notes");
        write("people/me/.bashrc", "alias ll='ls -l'");
        write("people/me/photos/cat.jpg", "a cat");
        write("repo/.git/HEAD", "ref: refs/heads/main\n");
        write("repo/README.md", "a repository");
        write("work/a.txt", "someone's file");
        write("work/sub/b.txt", "another");
        write(
            "site/themes/mine/templates/base.html",
            "{% block main %}{% endblock %}",
        );
        std::fs::create_dir_all(base.join("links")).unwrap();
        for (link, to) in [
            ("home", "people/me"),
            ("site", "site"),
            ("content", "site/content"),
        ] {
            std::os::unix::fs::symlink(base.join(to), base.join("links").join(link)).unwrap();
        }
        Playground { site, base, home }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.base.join(rel)
    }
}

#[test]
fn force_never_replaces_a_folder_it_must_not() {
    let pg = Playground::new();
    let b = &pg.base;
    let home = pg.home.clone();
    // (working folder, --output as typed, what the message must say)
    let cases: Vec<(PathBuf, PathBuf, &str)> = vec![
        (b.clone(), home.clone(), "it is your home folder"),
        (b.clone(), pg.path("links/home"), "it is your home folder"),
        (b.clone(), pg.path("people"), "it holds your home folder"),
        (
            b.clone(),
            "~".into(),
            "the shell did not turn into your home folder",
        ),
        (
            b.clone(),
            "~/site".into(),
            "the shell did not turn into your home folder",
        ),
        (b.clone(), b.clone(), "it contains the site folder"),
        (
            pg.site.root.clone(),
            ".".into(),
            "it is the site folder itself",
        ),
        (
            pg.site.root.clone(),
            "..".into(),
            "it contains the site folder",
        ),
        (
            pg.site.root.join("content"),
            ".".into(),
            "inside the site's content/ folder",
        ),
        (
            b.clone(),
            pg.path("links/site"),
            "it is the site folder itself",
        ),
        (
            b.clone(),
            pg.path("site/content"),
            "inside the site's content/ folder",
        ),
        (
            b.clone(),
            pg.path("site/content/case-studies"),
            "inside the site's content/ folder",
        ),
        (
            b.clone(),
            pg.path("site/static"),
            "inside the site's static/ folder",
        ),
        (
            b.clone(),
            pg.path("site/themes"),
            "inside the site's themes/ folder",
        ),
        (
            b.clone(),
            pg.path("links/content"),
            "inside the site's content/ folder",
        ),
        (b.clone(), pg.path("repo"), "it is a git work tree"),
        (
            b.clone(),
            pg.path("repo/.git"),
            "it is inside a .git folder",
        ),
        (pg.path("work"), ".".into(), "it is the current folder"),
        (
            pg.path("work/sub"),
            "..".into(),
            "it holds the current folder",
        ),
    ];
    for (cwd, output, why) in cases {
        for force in [true, false] {
            let before = tree(b);
            let flags: &[&str] = if force { &["--force"] } else { &[] };
            let o = build_in(&cwd, &home, &pg.site.root, Some(output.as_os_str()), flags);
            let err = stderr(&o);
            let case = format!(
                "--output {:?} from {}, force {force}",
                output,
                cwd.display()
            );
            assert_eq!(o.status.code(), Some(1), "{case}: {err}");
            assert_eq!(count(&err, "error["), 1, "{case}: one message\n{err}");
            assert!(err.contains("error[unsafe-output]"), "{case}: {err}");
            assert!(err.contains(why), "{case}: expected `{why}`:\n{err}");
            assert!(err.contains("help: "), "{case}: says what to do\n{err}");
            if force && why.starts_with("it is your home") {
                assert!(
                    err.contains("--force does not change this"),
                    "{case}: {err}"
                );
            }
            assert_same(&before, b, &case);
        }
    }
}

#[test]
fn a_home_folder_is_refused_even_with_a_manifest_in_it() {
    let pg = Playground::new();
    let out = pg.site.root.join("public");
    let o = build_in(&pg.base, &pg.home, &pg.site.root, None, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A build copied into the home folder, manifest and all: still never written.
    for (rel, _) in tree(&out).into_iter().filter(|(_, v)| v.is_some()) {
        let to = pg.home.join(&rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(out.join(&rel), to).unwrap();
    }
    append(&pg.site, "content/about.md", "New.");
    let before = tree(&pg.base);
    let o = build_in(
        &pg.base,
        &pg.home,
        &pg.site.root,
        Some(pg.home.as_os_str()),
        &[],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("it is your home folder"),
        "{}",
        stderr(&o)
    );
    assert_same(&before, &pg.base, "home with a manifest");
}

#[test]
fn force_still_replaces_an_ordinary_folder_and_in_place_builds_keep_git() {
    let pg = Playground::new();
    let docs = pg.path("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("old.txt"), "old").unwrap();
    let o = build_in(
        &pg.base,
        &pg.home,
        &pg.site.root,
        Some(docs.as_os_str()),
        &[],
    );
    assert_eq!(o.status.code(), Some(1), "without --force: {}", stderr(&o));
    assert!(docs.join("old.txt").exists());
    let o = build_in(
        &pg.base,
        &pg.home,
        &pg.site.root,
        Some(docs.as_os_str()),
        &["--force"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(docs.join("index.html").is_file() && !docs.join("old.txt").exists());

    // A GitHub Pages work tree holding a build: later builds change only their files.
    std::fs::create_dir_all(docs.join(".git")).unwrap();
    std::fs::write(docs.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(docs.join("CNAME"), "playbook.example\n").unwrap();
    append(&pg.site, "content/about.md", "Changed.");
    let o = build_in(
        &pg.base,
        &pg.home,
        &pg.site.root,
        Some(docs.as_os_str()),
        &["--force"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(docs.join("about/index.html"))
            .unwrap()
            .contains("Changed.")
    );
    assert_eq!(
        std::fs::read_to_string(docs.join(".git/HEAD")).unwrap(),
        "ref: refs/heads/gh-pages\n"
    );
    assert!(docs.join("CNAME").exists());

    // The current folder may be written when it holds only placebook's files.
    let out = pg.site.root.join("public");
    let o = build_in(&pg.base, &pg.home, &pg.site.root, None, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::remove_file(out.join("404.html")).unwrap(); // not intact: built anew
    let o = build_in(&out, &pg.home, &pg.site.root, Some(OsStr::new(".")), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("404.html").is_file());
}

/// A tmpfs of `size` mounted at `dir`, unmounted on drop.
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// `None` (after a loud `SKIPPED` line) when mounting is not possible here; a
    /// failure instead when `PLACEBOOK_REQUIRE_TMPFS` is set.
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).unwrap();
        let o = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .output();
        match o {
            Ok(o) if o.status.success() => Some(Tmpfs(dir.to_path_buf())),
            other => {
                let why = match other {
                    Ok(o) => stderr(&o),
                    Err(e) => e.to_string(),
                };
                let required = std::env::var_os("PLACEBOOK_REQUIRE_TMPFS")
                    .is_some_and(|v| !v.is_empty() && v != "0");
                if required {
                    panic!("cannot mount a tmpfs, and PLACEBOOK_REQUIRE_TMPFS is set: {why}");
                }
                say_skipped(&format!(
                    "cannot mount a tmpfs, so the full-disk tests did not run (run as root to test a full disk): {}",
                    why.trim()
                ));
                None
            }
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).output();
    }
}

fn random_bytes(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn force_refuses_a_mount_point() {
    let pg = Playground::new();
    let Some(disk) = Tmpfs::mount(&pg.path("disk"), "1m") else {
        return;
    };
    std::fs::write(disk.0.join("keep.txt"), "on the disk").unwrap();
    for flags in [&["--force"][..], &[]] {
        let before = tree(&pg.base);
        let o = build_in(
            &pg.base,
            &pg.home,
            &pg.site.root,
            Some(disk.0.as_os_str()),
            flags,
        );
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains("it is a mount point"), "{}", stderr(&o));
        assert_same(&before, &pg.base, "mount point");
    }
    // An empty one too: a first build cannot be swapped in there.
    std::fs::remove_file(disk.0.join("keep.txt")).unwrap();
    let o = build_in(
        &pg.base,
        &pg.home,
        &pg.site.root,
        Some(disk.0.as_os_str()),
        &[],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("build into a folder inside it"),
        "{}",
        stderr(&o)
    );
    // Inside it, all is well.
    let inside = disk.0.join("site");
    let o = build_in(
        &pg.base,
        &pg.home,
        &pg.site.root,
        Some(inside.as_os_str()),
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

/// What fills the disk in a full-disk test.
enum Filler {
    /// One large file in static/.
    OneStatic,
    /// Many static files, so that the disk fills after some were written.
    ManyStatics,
    /// One large file among the content.
    Asset,
}

impl Filler {
    fn add(&self, site: &Site) -> &'static str {
        match self {
            Filler::OneStatic => {
                site.write("static/big.bin", random_bytes(3 << 20, 1));
                "static/big.bin"
            }
            Filler::ManyStatics => {
                for i in 0..60 {
                    site.write(&format!("static/many/f{i:02}.bin"), random_bytes(50_000, i));
                }
                "static/many/f"
            }
            Filler::Asset => {
                site.write(
                    "content/case-studies/images/big.pdf",
                    random_bytes(3 << 20, 2),
                );
                "content/case-studies/images/big.pdf"
            }
        }
    }
}

/// Fails a build for want of space, and checks that the output is as it was and the
/// error names the source, then that the next build, with space, succeeds.
fn full_disk(filler: Filler, in_place: bool) {
    let pg = Playground::new();
    let Some(disk) = Tmpfs::mount(&pg.path("disk"), "2m") else {
        return;
    };
    let out = disk.0.join("public");
    let build = || {
        build_in(
            &pg.base,
            &pg.home,
            &pg.site.root,
            Some(out.as_os_str()),
            &[],
        )
    };
    let o = build();
    assert!(o.status.success(), "{}", stderr(&o));
    if !in_place {
        // A manifest that no longer matches: the next build is a fresh one.
        std::fs::remove_file(out.join("404.html")).unwrap();
    }
    append(
        &pg.site,
        "content/about.md",
        "Edited before the disk filled.",
    );
    pg.site
        .write("content/zzz.md", "---\ntitle: Zed\n---\nA new page.\n");
    let source = filler.add(&pg.site);
    let before = tree(&disk.0);
    let o = build();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(
        locations(&err).iter().any(|l| l.starts_with(source)),
        "the error names {source}:\n{err}"
    );
    assert!(!err.contains("NOT left as it was"), "{err}");
    assert_same(&before, &disk.0, "after a full disk");
    let listing: Vec<_> = std::fs::read_dir(&disk.0).unwrap().collect();
    assert_eq!(
        listing.len(),
        1,
        "no staging folder is left beside the output"
    );

    // With the filler gone the same build succeeds, and says it did.
    match filler {
        Filler::ManyStatics => std::fs::remove_dir_all(pg.site.root.join("static/many")).unwrap(),
        _ => std::fs::remove_file(pg.site.root.join(source)).unwrap(),
    }
    let o = build();
    assert!(o.status.success(), "{}", stderr(&o));
    let about = std::fs::read_to_string(out.join("about/index.html")).unwrap();
    assert!(about.contains("Edited before the disk filled."));
    assert!(out.join("zzz/index.html").is_file());
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.starts_with(".placebook-")),
        "nothing of the update is left: {names:?}"
    );
}

#[test]
fn a_full_disk_in_place_leaves_the_output_as_it_was() {
    full_disk(Filler::OneStatic, true);
}

#[test]
fn a_disk_that_fills_after_some_files_leaves_the_output_as_it_was() {
    full_disk(Filler::ManyStatics, true);
}

#[test]
fn a_full_disk_from_content_in_place_leaves_the_output_as_it_was() {
    full_disk(Filler::Asset, true);
}

#[test]
fn a_full_disk_in_a_fresh_build_leaves_the_output_as_it_was() {
    full_disk(Filler::OneStatic, false);
    full_disk(Filler::ManyStatics, false);
}

#[test]
fn a_first_build_on_a_full_disk_leaves_nothing() {
    let pg = Playground::new();
    let Some(disk) = Tmpfs::mount(&pg.path("disk"), "2m") else {
        return;
    };
    Filler::OneStatic.add(&pg.site);
    let out = disk.0.join("public");
    let o = build_in(
        &pg.base,
        &pg.home,
        &pg.site.root,
        Some(out.as_os_str()),
        &[],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        locations(&err).contains(&"static/big.bin".to_owned()),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(&disk.0).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn a_rename_that_fails_half_way_is_undone() {
    let pg = Playground::new();
    let out = pg.site.root.join("public");
    let build = || build_in(&pg.base, &pg.home, &pg.site.root, None, &[]);
    assert!(build().status.success());
    // Files are put in place in the order of their paths: `zzz/index.html` comes last,
    // after every other changed page, and cannot be put where a folder is.
    std::fs::create_dir_all(out.join("zzz/index.html")).unwrap();
    std::fs::write(out.join("zzz/index.html/keep.txt"), "in the way").unwrap();
    append(&pg.site, "content/about.md", "Edited.");
    pg.site
        .write("content/zzz.md", "---\ntitle: Zed\n---\nNew.\n");
    let before = tree(&out);
    let o = build();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("zzz/index.html"), "{err}");
    assert!(
        !err.contains("NOT left as it was"),
        "everything was undone: {err}"
    );
    assert_same(&before, &out, "after a failed rename");
    // The folder is still trusted: with the obstacle gone, the next build is in place.
    std::fs::remove_dir_all(out.join("zzz")).unwrap();
    let o = build();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(out.join("about/index.html"))
            .unwrap()
            .contains("Edited.")
    );
}

/// A site that `check` and `build` must both refuse with exactly one error of `code`,
/// in `file`, before writing anything.
fn refused_by_check_and_build(site: &Site, code: &str, file: &str) {
    for o in [check(&site.root), build(&site.root, &[])] {
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert_eq!(count(&err, "error["), 1, "one mistake, one message:\n{err}");
        assert!(err.contains(&format!("error[{code}]")), "{err}");
        let at = locations(&err);
        assert!(
            at.iter().any(|l| l.starts_with(file)),
            "located in {file}: {at:?}\n{err}"
        );
    }
}

#[test]
fn names_too_long_to_write_are_refused_by_check_and_build() {
    let capital_i = "İ".repeat(126); // 252 bytes; lower case, 378
    let qa = "\u{0958}".repeat(84); // 252 bytes; in composed form (NFC), 504
    let long = "a".repeat(300);
    let page = "---\ntitle: Long\n---\nText.\n";
    let case_study = "---\ntitle: Long\nplace: L\nregion: North West\nsummary: S.\nbuilding_blocks: [data-sharing]\n---\nText.\n";
    let cases: Vec<(String, String, &str)> = vec![
        (
            format!("content/case-studies/{capital_i}.md"),
            case_study.into(),
            "unwritable-name",
        ),
        (
            format!("content/{capital_i}.md"),
            page.into(),
            "unwritable-name",
        ),
        (format!("content/{qa}.md"), page.into(), "unwritable-name"),
        (
            "content/long-slug.md".into(),
            format!("---\ntitle: Long\nslug: {long}\n---\nText.\n"),
            "unwritable-name",
        ),
        (
            "content/long-alias.md".into(),
            format!("---\ntitle: Long\naliases: [\"{long}/\"]\n---\nText.\n"),
            "unwritable-name",
        ),
        (
            "content/long-tag.md".into(),
            format!(
                "---\ntitle: Long\ntags: [short, \"{}\"]\n---\nText.\n",
                "long ".repeat(60)
            ),
            "unwritable-name",
        ),
        (
            "content/nul-alias.md".into(),
            "---\ntitle: Nul\naliases: [\"old\\0name/\"]\n---\nText.\n".into(),
            "invalid-alias",
        ),
        (
            "static/a\\b.txt".into(),
            "backslash".into(),
            "unwritable-name",
        ),
        (
            "static/about".into(),
            "a file where a folder is".into(),
            "output-clash",
        ),
    ];
    for (file, text, code) in cases {
        let site = fixture("good");
        assert!(build(&site.root, &[]).status.success());
        let before = tree(&site.out());
        site.write(&file, &text);
        refused_by_check_and_build(&site, code, &file);
        assert_same(&before, &site.out(), &file);
    }
}

#[test]
fn a_long_name_fails_before_anything_is_written() {
    let site = fixture("good");
    site.write(
        &format!("content/{}.md", "İ".repeat(126)),
        "---\ntitle: L\n---\n",
    );
    let o = build(&site.root, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!site.out().exists(), "no output folder");
    let parent: Vec<_> = std::fs::read_dir(site.root.parent().unwrap())
        .unwrap()
        .collect();
    assert_eq!(parent.len(), 1, "no staging folder");
}
