#!/usr/bin/env python3
"""A bilingual playbook against the same playbook in one language, with one binary.

    python3 benches/bilingual.py --exe target/release/placebook --n 10000 --runs 7

Generates the shared corpus (../shared/bench/gen_corpus.py: 9 blocks and N case
studies), copies it as a playbook in English and Welsh in which every page has a
translation (`x.cy.md` beside `x.md`, the same text), then builds
the two alternately, mono bi mono bi ..., each into a fresh folder under --out (put it
on tmpfs: /dev/shm). Prints the median wall time and peak memory of each and the
median of the paired ratios bi/mono. The issue's target: at most 2.2.
"""
import argparse, re, shutil, statistics, subprocess, sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ab import GEN, REPO, run  # noqa: E402  (one full build, timed, as ab.py times it)


def bilingual_copy(mono, bi):
    """`mono` copied to `bi` with `languages: [en-GB, cy]` and a translation of every page."""
    shutil.rmtree(bi, ignore_errors=True)
    shutil.copytree(mono, bi)
    config_file = bi / "placebook.yaml"
    config = config_file.read_text() if config_file.exists() else "title: Benchmark playbook\n"
    config = re.sub(r"(?m)^language:.*\n", "", config)
    config += "languages:\n  - code: en-GB\n  - code: cy\n    title: Llyfr prawf\n"
    (bi / "placebook.yaml").write_text(config)
    for page in list((bi / "content").rglob("*.md")):
        page.with_name(page.stem + ".cy.md").write_text(page.read_text())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--exe", default=str(REPO / "target" / "release" / "placebook"))
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--out", default="/dev/shm/placebook-bilingual")
    args = ap.parse_args()
    out = Path(args.out)
    mono = out / f"mono-n{args.n}"
    bi = out / f"bi-n{args.n}"
    if not (mono / "content").is_dir():
        subprocess.run([sys.executable, str(GEN), "--n", str(args.n), "--layout", "placebook",
                        "--out", str(mono), "--force"], check=True, stdout=subprocess.DEVNULL)
    bilingual_copy(mono, bi)
    sites = {"mono": mono, "bi": bi}
    runs = {"mono": [], "bi": []}
    for which, root in sites.items():  # one warm-up each
        run(args.exe, str(root), str(out / f"public-{which}"))
    for _ in range(args.runs):
        for which, root in sites.items():
            runs[which].append(run(args.exe, str(root), str(out / f"public-{which}")))
    for which in ("mono", "bi"):
        walls = [w for w, _ in runs[which]]
        mems = [m for _, m in runs[which]]
        print(f"{which:>4}: median {statistics.median(walls):.2f} s, peak {statistics.median(mems):.0f} MiB "
              f"(runs: {', '.join(f'{w:.2f}' for w in walls)})")
    ratios = [b[0] / m[0] for m, b in zip(runs["mono"], runs["bi"])]
    mem_ratios = [b[1] / m[1] for m, b in zip(runs["mono"], runs["bi"])]
    print(f"paired ratio bi/mono: wall {statistics.median(ratios):.2f} "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f}), memory {statistics.median(mem_ratios):.2f}")


if __name__ == "__main__":
    main()
