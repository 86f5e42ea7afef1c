#!/usr/bin/env python3
"""Side-by-side build benchmark: placebook against Hugo, Zola and mdBook.

Generates the shared synthetic corpus (../shared/bench/gen_corpus.py) at each N, builds
it with placebook and with every peer found, alternating runs, and prints the median
wall time and peak memory (max RSS) of each, with placebook/peer ratios.

    cargo build --release
    python3 benches/compare.py --n 1000 10000 --runs 5
    python3 benches/compare.py --n 1000 10000 50000 --runs 3   # scaling: placebook alone at 50,000

It also times a placebook rebuild with nothing changed (placebook then only checks
that no input changed since the last build), and prints time per page for each N.

Peers are looked up on PATH, or given with --hugo/--zola/--mdbook PATH. Peers that are
not found are listed. See docs/performance.md for the latest figures.
"""
import argparse, os, shutil, statistics, subprocess, sys, time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"


def measure(cmd, cwd=None, fresh=None):
    """Runs cmd; returns (wall seconds, peak RSS in MiB). `fresh`: a folder removed first
    (untimed), so the run is a full build and not an up-to-date check."""
    if fresh is not None and Path(fresh).exists():
        shutil.rmtree(fresh)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {code}:\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024.0


def tree_stats(path):
    files = html = size = 0
    for root, _, names in os.walk(path):
        for n in names:
            files += 1
            html += n.endswith(".html")
            size += os.path.getsize(os.path.join(root, n))
    return files, html, size


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=5, help="timed runs per tool (after one warm-up)")
    ap.add_argument("--slow-runs", type=int, default=1, help="runs for Zola and mdBook at N >= 10000")
    ap.add_argument("--work", default=str(REPO / "target" / "bench"), help="corpus and output folder")
    ap.add_argument("--placebook", default=str(REPO / "target" / "release" / "placebook"))
    ap.add_argument("--hugo", default=shutil.which("hugo"))
    ap.add_argument("--zola", default=shutil.which("zola"))
    ap.add_argument("--mdbook", default=shutil.which("mdbook"))
    ap.add_argument("--skip", default="", help="comma-separated peers to skip (hugo,zola,mdbook)")
    ap.add_argument("--peers-max-n", type=int, default=10000,
                    help="run peers only up to this N (placebook alone above it, for the scaling check)")
    ap.add_argument("--out", default=None,
                    help="where the sites are written (default WORK/out); a tmpfs such as /dev/shm/pb-bench "
                         "takes the file system's own noise out of the comparison")
    args = ap.parse_args()

    if not Path(args.placebook).is_file():
        sys.exit(f"no placebook binary at {args.placebook}: run `cargo build --release` first")
    skip = set(filter(None, args.skip.split(",")))
    peers = {name: getattr(args, name) for name in ("hugo", "zola", "mdbook") if name not in skip}
    missing = [n for n, p in peers.items() if not p]
    found = {n: p for n, p in peers.items() if p}
    print(f"machine: {os.cpu_count()} cores; peers found: {', '.join(found) or 'none'}"
          + (f"; not found: {', '.join(missing)} (install them or pass --{missing[0]} PATH)" if missing else ""))
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)

    per_page = {}
    for n in args.n:
        corpus = work / f"n{n}"
        with_peers = n <= args.peers_max_n
        if not (corpus / "placebook").is_dir() or (with_peers and not (corpus / "hugo").is_dir()):
            print(f"generating corpus N={n} ...", flush=True)
            if with_peers:
                subprocess.run([sys.executable, str(GEN), "--n", str(n), "--layout", "all", "--out", str(corpus), "--force"], check=True)
            else:
                subprocess.run([sys.executable, str(GEN), "--n", str(n), "--layout", "placebook", "--out", str(corpus / "placebook"), "--force"], check=True)
        out = Path(args.out) if args.out else work / "out"
        tools = {
            "placebook": ([args.placebook, "-q", "build", "--root", str(corpus / "placebook"), "--output", str(out / f"placebook-n{n}"), "--force"], None, out / f"placebook-n{n}"),
        }
        if not with_peers:
            print(f"N={n}: placebook only (peers run up to N={args.peers_max_n})", flush=True)
        if "hugo" in found and with_peers:
            tools["hugo"] = ([found["hugo"], "--quiet", "--source", str(corpus / "hugo"), "-d", str(out / f"hugo-n{n}")], None, out / f"hugo-n{n}")
        if "zola" in found and with_peers:
            tools["zola"] = ([found["zola"], "build", "--force", "-o", str(out / f"zola-n{n}")], corpus / "zola", out / f"zola-n{n}")
        if "mdbook" in found and with_peers:
            tools["mdbook"] = ([found["mdbook"], "build", str(corpus / "mdbook"), "-d", str(out / f"mdbook-n{n}")], None, out / f"mdbook-n{n}")
        results = {t: [] for t in tools}
        slow = {"zola", "mdbook"} if n >= 10000 else set()
        # placebook skips a build whose inputs did not change, so every timed run (of every
        # tool, to be fair: creating files costs more than overwriting them) starts from an
        # empty output folder: a full build every time.
        fresh = {t: spec[2] for t, spec in tools.items()}
        for t, (cmd, cwd, _) in tools.items():
            if t not in slow:
                measure(cmd, cwd, fresh.get(t))  # warm-up
        for i in range(args.runs):
            for t, (cmd, cwd, _) in tools.items():
                if t in slow and i >= args.slow_runs:
                    continue
                results[t].append(measure(cmd, cwd, fresh.get(t)))
                print(f"  N={n} run {i + 1} {t}: {results[t][-1][0]:.3f} s, {results[t][-1][1]:.0f} MiB", flush=True)
        # A rebuild with nothing changed, straight after the last full build.
        noop = [measure(tools["placebook"][0]) for _ in range(max(3, args.runs))]
        base_wall = statistics.median(w for w, _ in results["placebook"])
        noop_wall = statistics.median(w for w, _ in noop)
        per_page[n] = base_wall / (n + 9)
        base_rss = statistics.median(r for _, r in results["placebook"])
        print(f"\nN = {n} case studies ({n + 9} content pages)")
        print("| tool | runs | wall median (s) | min-max (s) | peak RSS median (MiB) | HTML files | output MB | pages/s | placebook/tool wall | placebook/tool RSS |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for t, rs in results.items():
            walls = [w for w, _ in rs]
            rss = statistics.median(r for _, r in rs)
            wall = statistics.median(walls)
            files, html, size = tree_stats(tools[t][2])
            print(f"| {t} | {len(rs)} | {wall:.3f} | {min(walls):.3f}-{max(walls):.3f} | {rss:.0f} | {html} | {size / 1e6:.1f} | {(n + 9) / wall:.0f} | {base_wall / wall:.3f} | {base_rss / rss:.3f} |")
        print(f"\nplacebook rebuild with nothing changed: median {noop_wall:.3f} s over {len(noop)} runs "
              f"= {noop_wall / base_wall:.3f} of the full build")
        print(flush=True)

    if len(per_page) > 1:
        ref = 10000 if 10000 in per_page else min(per_page)
        print(f"Scaling (placebook full build, time per content page; relative to N={ref}):")
        for n, t in sorted(per_page.items()):
            print(f"  N={n}: {t * 1e6:.0f} us/page ({t / per_page[ref]:.2f}x)")


if __name__ == "__main__":
    main()
