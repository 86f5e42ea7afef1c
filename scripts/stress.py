#!/usr/bin/env python3
"""Stress placebook with broken input: many builds in a row of a large generated
playbook, each with one file corrupted at random, then restored.

For every build it asserts:
  * no panic: exit code is 0 or 1 (never 101), and "panicked" is not in stderr;
  * after a failed build (exit 1), the output folder is byte-for-byte the last good
    output (a hash of every file's path and bytes), and no staging folder is left;
  * after a build that succeeded anyway (some corruptions are still valid input, e.g.
    a truncated body), the new output becomes the last good one.
With --check (the default) it also runs `placebook check --format json` on the broken
site and asserts it exits 0 or 1 with a JSON report and no panic.

Usage (from the repository root):
  python3 scripts/stress.py                      # 200 builds of a 1,000-page corpus
  python3 scripts/stress.py --builds 20 --pages 100 --seed 7
It builds target/release/placebook first unless --binary is given, and generates the
corpus with ../shared/bench/gen_corpus.py (or --corpus-script). Exit status 0 means
every assertion held; the figures are printed at the end.
"""
import argparse
import collections
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def tree_hash(root):
    """SHA-256 over every file under root: its relative path and its bytes."""
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            h.update(rel.encode("utf-8", "surrogateescape") + b"\0")
            with open(path, "rb") as f:
                h.update(f.read())
            h.update(b"\0")
    return h.hexdigest()


def lines_of(data):
    return data.split(b"\n")


def insert_after_first_line(data, line):
    parts = lines_of(data)
    return b"\n".join(parts[:1] + [line] + parts[1:])


# Each corruption takes (bytes, rng) and returns new bytes.
def truncate(data, rng):
    return data[: rng.randrange(0, max(1, len(data)))]


def invalid_utf8(data, rng):
    at = rng.randrange(0, len(data) + 1)
    return data[:at] + rng.choice([b"\xff", b"\xfe\xfe", b"\xc3", b"\xed\xa0\x80"]) + data[at:]


def break_yaml(data, rng):
    return insert_after_first_line(
        data,
        rng.choice([b'title: "unclosed', b"summary: [a, b", b"  : : :", b"tags: {x", b"- stray item"]),
    )


def unknown_field(data, rng):
    return insert_after_first_line(data, rng.choice([b"sumary: typo", b"colour: blue", b"tittle: x"]))


def unknown_block(data, rng):
    parts = lines_of(data)
    for i, line in enumerate(parts):
        if line.startswith(b"building_blocks:"):
            parts[i] = b"building_blocks: [no-such-block, shared-purpos]"
            return b"\n".join(parts)
    return insert_after_first_line(data, b"building_blocks: [no-such-block]")


def delete_closing_delimiter(data, rng):
    parts = lines_of(data)
    seen = 0
    for i, line in enumerate(parts):
        if line.rstrip(b"\r") == b"---":
            seen += 1
            if seen == 2:
                return b"\n".join(parts[:i] + parts[i + 1:])
    return data[3:]


def binary_bytes(data, rng):
    at = rng.randrange(0, len(data) + 1)
    junk = bytes(rng.randrange(0, 256) for _ in range(rng.randrange(1, 64))) + b"\0"
    return data[:at] + junk + data[at:]


def tab_indent(data, rng):
    return insert_after_first_line(data, b"tags:\n\t- tabbed")


def empty(data, rng):
    return b""


CORRUPTIONS = [
    truncate,
    invalid_utf8,
    break_yaml,
    unknown_field,
    unknown_block,
    delete_closing_delimiter,
    binary_bytes,
    tab_indent,
    empty,
]


def run(cmd):
    start = time.monotonic()
    p = subprocess.run(cmd, capture_output=True)
    return p, time.monotonic() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--builds", type=int, default=200)
    ap.add_argument("--pages", type=int, default=1000, help="case studies in the generated corpus")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--binary", help="placebook binary (default: build target/release/placebook)")
    ap.add_argument("--corpus-script", default=os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py"))
    ap.add_argument("--no-check", dest="check", action="store_false", help="do not run placebook check")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args()

    binary = args.binary
    if not binary:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
        binary = os.path.join(REPO, "target", "release", "placebook")
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="placebook-stress-")
    site = os.path.join(work, "site")
    out = os.path.join(work, "out")
    try:
        subprocess.run(
            [sys.executable, args.corpus_script, "--n", str(args.pages), "--layout", "placebook", "--out", site],
            check=True,
            capture_output=True,
        )
        files = sorted(
            os.path.join(d, f)
            for d, _, fs in os.walk(os.path.join(site, "content"))
            for f in fs
            if f.endswith(".md")
        )
        build = [binary, "build", "--root", site, "--output", out, "--quiet"]
        p, took = run(build)
        if p.returncode != 0:
            sys.exit("the generated corpus does not build:\n" + p.stderr.decode(errors="replace"))
        good = tree_hash(out)
        print(f"corpus: {len(files)} markdown files; first build {took:.2f} s; {sum(len(fs) for _, _, fs in os.walk(out))} output files")

        panics, mismatches, leftovers, bad_reports = [], [], [], []
        outcomes = collections.Counter()
        per_kind = collections.defaultdict(collections.Counter)
        codes = collections.Counter()
        times = []
        for i in range(args.builds):
            victim = rng.choice(files)
            corrupt = rng.choice(CORRUPTIONS)
            with open(victim, "rb") as f:
                original = f.read()
            try:
                with open(victim, "wb") as f:
                    f.write(corrupt(original, rng))
                p, took = run(build)
                times.append(took)
                err = p.stderr.decode(errors="replace")
                label = f"#{i} {corrupt.__name__} {os.path.relpath(victim, site)}"
                if p.returncode not in (0, 1) or "panicked" in err:
                    panics.append(f"{label}: exit {p.returncode}\n{err[-2000:]}")
                outcome = {0: "built", 1: "failed"}.get(p.returncode, f"exit {p.returncode}")
                outcomes[outcome] += 1
                per_kind[corrupt.__name__][outcome] += 1
                now = tree_hash(out)
                if p.returncode == 0:
                    good = now
                elif now != good:
                    mismatches.append(label)
                stray = [n for n in os.listdir(work) if n not in ("site", "out")]
                if stray:
                    leftovers.append(f"{label}: {stray}")
                if args.check:
                    c, _ = run([binary, "check", "--root", site, "--format", "json"])
                    cerr = c.stderr.decode(errors="replace")
                    try:
                        report = json.loads(c.stdout)
                        ok = c.returncode in (0, 1) and report["version"] == 1 and (c.returncode == 1) == (report["errors"] > 0)
                        codes.update(d["code"] for d in report["diagnostics"] if d["severity"] == "error")
                    except (ValueError, KeyError, TypeError):
                        ok = False
                    if not ok or "panicked" in cerr:
                        bad_reports.append(f"{label}: check exit {c.returncode}\n{cerr[-1000:]}")
                    if "panicked" in cerr or c.returncode not in (0, 1):
                        panics.append(f"{label}: check exit {c.returncode}\n{cerr[-2000:]}")
            finally:
                with open(victim, "wb") as f:
                    f.write(original)
        # The restored site must build again, to the last good output or a newer one.
        p, _ = run(build)
        restored_ok = p.returncode == 0

        times.sort()
        print(f"builds: {len(times)}; " + ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items())))
        for name in sorted(per_kind):
            print(f"  {name:<26} " + ", ".join(f"{k} {v}" for k, v in sorted(per_kind[name].items())))
        if times:
            print(f"build time: median {times[len(times) // 2]:.2f} s, max {times[-1]:.2f} s")
        if args.check:
            print("error codes reported by check: " + ", ".join(f"{k} {v}" for k, v in codes.most_common()))
        print(f"panics: {len(panics)}; output changed after a failed build: {len(mismatches)}; "
              f"leftover folders: {len(leftovers)}; bad check reports: {len(bad_reports)}; "
              f"restored site builds: {'yes' if restored_ok else 'NO'}")
        for problem in panics + mismatches + leftovers + bad_reports:
            print("FAIL", problem)
        if panics or mismatches or leftovers or bad_reports or not restored_ok:
            sys.exit(1)
    finally:
        if args.keep:
            print("work folder:", work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
