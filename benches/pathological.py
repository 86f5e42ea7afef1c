#!/usr/bin/env python3
"""Denial-of-service budget for markdown: time per input byte must stay flat.

For each pathological shape (repeated headings, nested quotes, nested lists, long link
chains, many footnotes) this writes one page of 10 KB, 100 KB, 1 MB and ~9 MB into a
small site, runs `placebook check` on it (alternating sizes, several runs), and prints
the median time, the time per KB, and the ratio of the largest input's time per byte to
the 1 MB input's (smaller runs are mostly the fixed cost of a run). A ratio near 1 is linear; the script exits 1 when a ratio passes
--max-ratio. Shapes nested past placebook's limit are refused with an error, and that
refusal must be just as fast.

    cargo build --release && python3 benches/pathological.py [--runs 3] [--max-ratio 4]
"""
import argparse, os, statistics, subprocess, sys, tempfile, time

SIZES = [10_000, 100_000, 1_000_000, 9_000_000]


def repeat_to(unit, size):
    return unit * max(1, size // len(unit))


SHAPES = {
    "repeated headings": lambda n: repeat_to("## Notes\n\nText.\n\n", n),
    "nested quotes": lambda n: ">" * n + " x\n",
    "nested lists": lambda n: "".join(f"{'  ' * i}- x\n" for i in range(int((n / 2) ** 0.5))),
    "long link chains": lambda n: repeat_to("[a](#top) ", n) + "\n",
    "many footnotes": lambda n: "".join(f"Note[^n{i}].\n\n[^n{i}]: Text {i}.\n\n" for i in range(n // 42)),
    "many broken links": lambda n: repeat_to("[a](#nowhere) ", n) + "\n",
}


def site_with(body, root):
    os.makedirs(os.path.join(root, "content"), exist_ok=True)
    with open(os.path.join(root, "placebook.yaml"), "w") as f:
        f.write("title: Budget\nsanitize: true\n")
    with open(os.path.join(root, "content", "page.md"), "w") as f:
        f.write("---\ntitle: Page\n---\n\n" + body)
    return len(body.encode())


def time_check(binary, root):
    start = time.perf_counter()
    subprocess.run([binary, "check", "--root", root], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="target/release/placebook")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--max-ratio", type=float, default=4.0)
    args = ap.parse_args()
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        # An empty site: the fixed cost of a run, taken off every time.
        empty = os.path.join(tmp, "empty")
        site_with("Text.\n", empty)
        base = statistics.median(time_check(args.binary, empty) for _ in range(args.runs))
        print(f"fixed cost of a run: {base * 1000:.1f} ms (subtracted below)")
        for shape, make in SHAPES.items():
            roots = []
            for size in SIZES:
                root = os.path.join(tmp, f"{shape.replace(' ', '-')}-{size}")
                roots.append((root, site_with(make(size), root)))
            times = {r: [] for r, _ in roots}
            for _ in range(args.runs):  # alternate sizes within each round
                for root, _ in roots:
                    times[root].append(time_check(args.binary, root))
            per_kb = []
            print(f"\n{shape}")
            for root, nbytes in roots:
                t = max(statistics.median(times[root]) - base, 1e-6)
                per_kb.append(t / (nbytes / 1000))
                print(f"  {nbytes / 1000:>9.0f} KB  {t * 1000:>9.1f} ms  {per_kb[-1] * 1e6:>9.1f} µs/KB")
            # Small runs are mostly fixed cost, too noisy to divide by: compare the largest
            # input with the 1 MB one, and not at all when even the largest is quick.
            largest = statistics.median(times[roots[-1][0]]) - base
            if largest < 0.2:
                print(f"  the largest input takes {largest * 1000:.0f} ms: too quick to compare")
                continue
            ratio = per_kb[-1] / per_kb[2] if per_kb[2] > 0 else float("inf")
            worst = max(worst, ratio)
            print(f"  time per byte, largest / 1 MB: {ratio:.2f}")
    print(f"\nworst ratio: {worst:.2f} (limit {args.max_ratio})")
    sys.exit(0 if worst <= args.max_ratio else 1)


if __name__ == "__main__":
    main()
