#!/usr/bin/env python3
"""A/B benchmark of two placebook binaries on one corpus: full builds, alternating.

For a change that should not change speed (a refactoring), build the old commit's
binary and the new one in release mode, then:

    python3 benches/ab.py --old OLD/placebook --new target/release/placebook --n 10000 --runs 11

It generates the shared corpus (../shared/bench/gen_corpus.py) unless --corpus names
one, builds it into a fresh folder under --out (put it on tmpfs: /dev/shm) with each
binary in turn, A B A B ..., and prints the median wall time and peak memory of each
and the median of the paired ratios new/old. The machine is noisy: trust the paired
median, not one run.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"


def run(exe, root, out):
    """One full build of `root` into a fresh `out`: (wall seconds, peak RSS MiB)."""
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    # Errors go to a file, not a pipe: a build with many would fill the pipe and wait.
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen([exe, "build", "-q", "--root", root, "--output", out,
                                 "--base-url", "https://example.org/"],
                                stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        errors.seek(0)
        err = errors.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{exe} failed:\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--old", required=True)
    ap.add_argument("--new", required=True)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--corpus", default=None, help="an existing placebook site to build")
    ap.add_argument("--out", default="/dev/shm/placebook-ab")
    args = ap.parse_args()
    out = Path(args.out)
    corpus = Path(args.corpus) if args.corpus else out / f"corpus-n{args.n}"
    if not (corpus / "content").is_dir():
        subprocess.run([sys.executable, str(GEN), "--n", str(args.n), "--layout", "placebook",
                        "--out", str(corpus), "--force"], check=True, stdout=subprocess.DEVNULL)
    runs = {"old": [], "new": []}
    for which in ("old", "new"):  # one warm-up each
        run(getattr(args, which), str(corpus), str(out / which))
    for _ in range(args.runs):
        for which in ("old", "new"):
            runs[which].append(run(getattr(args, which), str(corpus), str(out / which)))
    med = lambda xs: statistics.median(xs)
    for which in ("old", "new"):
        walls = [w for w, _ in runs[which]]
        rss = [m for _, m in runs[which]]
        print(f"{which}: median {med(walls):.3f} s (min {min(walls):.3f}, max {max(walls):.3f}), "
              f"peak memory median {med(rss):.0f} MiB")
    ratios = [n[0] / o[0] for o, n in zip(runs["old"], runs["new"])]
    q = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratios[0]] * 3
    print(f"paired ratio new/old: median {med(ratios):.3f} (quartiles {q[0]:.3f} to {q[2]:.3f}), "
          f"ratio of medians {med([w for w, _ in runs['new']]) / med([w for w, _ in runs['old']]):.3f}")
    shutil.rmtree(out / "old", ignore_errors=True)
    shutil.rmtree(out / "new", ignore_errors=True)


if __name__ == "__main__":
    main()
